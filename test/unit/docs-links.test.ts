/**
 * Source comments cite the protocol and file references in docs/ as `docs/<page>.md#<section>`.
 * Every such link must name an existing page and a heading (GitHub's anchor) or an explicit
 * `<a id>` of it, and no comment in src/ may cite a reference outside the repository.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { it } from 'vitest';
import { commentsOf, parseSource, sourceFile, tsFiles } from '../helpers/source-files.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const PAGES = ['app-protocol', 'callbacks', 'config-files', 'signing', 'cloud-apis', 'roomservice', 'troubleshooting'];
const LINK = /\bdocs\/([A-Za-z0-9_-]+\.md)(?:#([A-Za-z0-9_-]+))?/g;

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a page offers: heading slugs (repeats get -1, -2 …) and explicit `id="…"`s. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading?.[1]) {
      const base = slug(heading[1]);
      const n = counts.get(base) ?? 0;
      counts.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/\bid="([^"]+)"/g)) if (m[1]) anchors.add(m[1]);
  }
  return anchors;
}

const anchorCache = new Map<string, Set<string>>();
function pageAnchors(page: string): Set<string> {
  let anchors = anchorCache.get(page);
  if (!anchors) anchorCache.set(page, (anchors = anchorsOf(readFileSync(join(ROOT, 'docs', page), 'utf8'))));
  return anchors;
}

it('anchors follow GitHub: punctuation dropped, repeats numbered, explicit ids kept', () => {
  assert.equal(slug('`/get_cos_sign`'), 'get_cos_sign');
  assert.equal(slug('RoomTool config.js'), 'roomtool-configjs');
  assert.equal(slug('Cloud API 3.0'), 'cloud-api-30');
  assert.equal(slug("minilvb's own tables"), 'minilvbs-own-tables');
  const anchors = anchorsOf('# A\n## Endpoints\n```\n## not a heading\n```\n### Endpoints\n- <a id="d9"></a>**D9**\n');
  assert.deepEqual([...anchors].sort(), ['a', 'd9', 'endpoints', 'endpoints-1']);
});

it('comments are read by the parser, not by pattern', () => {
  const text = "const url = 'http://x/y'; // one\nconst re = /a\\/\\/b/; /* two */\n/** three */\nexport {};\n";
  const comments = commentsOf(parseSource(text));
  assert.deepEqual(comments, ['// one', '/* two */', '/** three */']);
});

it('every docs/<page>.md#<section> cited from src/ and test/ exists', () => {
  const broken: string[] = [];
  let links = 0;
  for (const file of [...tsFiles(join(ROOT, 'src')), ...tsFiles(join(ROOT, 'test'))]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(LINK)) {
      const [, page, anchor] = m;
      if (!page) continue;
      links += 1;
      if (!existsSync(join(ROOT, 'docs', page))) broken.push(`${relative(ROOT, file)}: docs/${page} does not exist`);
      else if (anchor && !pageAnchors(page).has(anchor))
        broken.push(`${relative(ROOT, file)}: docs/${page}#${anchor} names no heading of ${page}`);
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(links >= 60, `only ${links} docs links found in src/ and test/`);
});

it('no comment in src/ cites a reference outside the repository', () => {
  const outside = new RegExp(`(?<!docs/)\\b(?:${PAGES.join('|')})\\.md|shared/spec|§|\\bREPORT\\b|\\bseeds? \\d{3}`);
  const offenders: string[] = [];
  for (const file of tsFiles(join(ROOT, 'src'))) {
    for (const comment of commentsOf(sourceFile(file))) {
      const hit = outside.exec(comment);
      if (hit)
        offenders.push(`${relative(ROOT, file)}: …${comment.slice(Math.max(0, hit.index - 30), hit.index + 40)}…`);
    }
  }
  assert.deepEqual(offenders, []);
});

it('links between the docs pages name existing pages and sections', () => {
  const broken: string[] = [];
  let links = 0;
  for (const page of readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(join(ROOT, 'docs', page), 'utf8');
    for (const m of text.matchAll(/\]\(([A-Za-z0-9_-]+\.md)?(?:#([A-Za-z0-9_-]+))?\)/g)) {
      const target = m[1] ?? page;
      links += 1;
      if (!existsSync(join(ROOT, 'docs', target))) broken.push(`${page}: ${target} does not exist`);
      else if (m[2] && !pageAnchors(target).has(m[2])) broken.push(`${page}: ${target}#${m[2]} names no heading`);
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(links >= 50, `only ${links} links found between the docs pages`);
});

it('the docs index lists every page in docs/', () => {
  const index = readFileSync(join(ROOT, 'docs/README.md'), 'utf8');
  const pages = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md') && f !== 'README.md');
  for (const page of PAGES) assert.ok(pages.includes(`${page}.md`), `docs/${page}.md is missing`);
  for (const page of pages) assert.ok(index.includes(`](${page})`), `docs/README.md does not link ${page}`);
});

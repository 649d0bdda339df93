/**
 * The knowledge base that ships in the package (docs/troubleshooting.md) and `minilvb explain`:
 * every FAQ id has an entry with cause, confirm and fix, and the command prints it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { Command, CommanderError } from 'commander';
import { COMMAND_GROUPS } from '../../src/cli/registry.js';
import { CHECKS, selectChecks } from '../../src/doctor/index.js';
import { FAQ_IDS, isFaqId } from '../../src/doctor/faq.js';
import { findEntry, KB_FILE, loadKnowledgeBase, parseKnowledgeBase } from '../../src/doctor/knowledge/kb.js';
import { suggestIds } from '../../src/doctor/knowledge/suggest.js';
import { runBin, runCli } from '../helpers/run-cli.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SPEC = `${ROOT}../shared/spec/troubleshooting.md`;
const kb = loadKnowledgeBase();

interface ExplainJson {
  data: {
    id: string;
    aliasOf?: string;
    aliases: string[];
    entry: { id: string; title: string; cause?: string; confirm?: string; fix?: string };
  };
}

describe('knowledge base (docs/troubleshooting.md)', () => {
  it('is read from docs/ at the package root', () => {
    assert.equal(KB_FILE, `${ROOT}docs/troubleshooting.md`);
    assert.ok(kb.entries.length >= Object.keys(FAQ_IDS).length);
  });

  it('has an entry for every FAQ id, with a title, cause, confirm and fix (aliases point where FAQ_IDS says)', () => {
    const problems: string[] = [];
    for (const [id, coverage] of Object.entries(FAQ_IDS)) {
      const found = kb.entries.find((e) => e.id === id);
      if (!found) {
        problems.push(`${id}: no entry`);
        continue;
      }
      if (coverage.kind === 'alias') {
        if (found.sameAs !== coverage.of)
          problems.push(`${id}: "Same as" ${found.sameAs ?? '(none)'}, FAQ_IDS says ${coverage.of}`);
        continue;
      }
      for (const part of ['title', 'cause', 'confirm', 'fix'] as const)
        if (!found[part] || found[part].length < 10) problems.push(`${id}: no ${part}`);
    }
    assert.deepEqual(problems, []);
  });

  it('lists only FAQ ids (or members of a -* family), each once', () => {
    const ids = kb.entries.map((e) => e.id);
    assert.deepEqual(
      ids.filter((id) => !isFaqId(id)),
      [],
    );
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
    );
  });

  it('groups the entries as the spec does (section number of each id)', async ({ annotate }) => {
    if (!existsSync(SPEC)) {
      await annotate('spec folder not beside the repository');
      return;
    }
    let section = '';
    const specSection = new Map<string, string>();
    for (const line of readFileSync(SPEC, 'utf8').split('\n')) {
      const h = /^## (\d+)\./.exec(line);
      if (h) section = h[1] ?? '';
      const row = /^\| ([A-Z][A-Z0-9*-]+) \|/.exec(line);
      if (row?.[1] && FAQ_IDS[row[1]]) specSection.set(row[1], section);
    }
    const wrong = [...specSection].filter(
      ([id, n]) => !kb.entries.find((e) => e.id === id)?.section.startsWith(`${n}.`),
    );
    assert.deepEqual(wrong, []);
  });

  it('is written in its own words: no sentence of the spec tables is copied', async ({ annotate }) => {
    if (!existsSync(SPEC)) {
      await annotate('spec folder not beside the repository');
      return;
    }
    const doc = readFileSync(KB_FILE, 'utf8').replace(/\s+/g, ' ');
    const cells = readFileSync(SPEC, 'utf8')
      .split('\n')
      .filter((l) => /^\| [A-Z]/.test(l))
      .flatMap((l) => l.split('|').map((c) => c.trim()));
    const copied = cells.filter((c) => c.length > 60 && doc.includes(c));
    assert.deepEqual(copied, []);
  });

  it('parses continuation lines, aliases and families', () => {
    const parsed = parseKnowledgeBase(
      '## 1. A\n\n### X-ONE: first\n\n- **Cause:** a\n  b\n- **Fix:** c\n\n### X-TWO: second\n\n- **Same as:** X-ONE\n\n## 2. B\n\n### FAM-*: family\n\n- **Fix:** f\n',
      '/kb.md',
    );
    assert.deepEqual(
      parsed.entries.map((e) => [e.id, e.section]),
      [
        ['X-ONE', '1. A'],
        ['X-TWO', '1. A'],
        ['FAM-*', '2. B'],
      ],
    );
    assert.equal(parsed.entries[0]?.cause, 'a\nb');
    assert.equal(findEntry(parsed, 'x-two')?.resolved.id, 'X-ONE');
    assert.equal(findEntry(parsed, 'FAM-SPECIFIC')?.entry.id, 'FAM-*');
    assert.equal(findEntry(parsed, 'FAM-'), undefined);
  });

  it('suggests close ids for a typo', () => {
    const ids = kb.entries.map((e) => e.id);
    assert.equal(suggestIds('CB-API-KYE', ids)[0], 'CB-API-KEY');
    assert.equal(suggestIds('cos-key', ids)[0], 'COS-SECRETKEY');
    assert.deepEqual(suggestIds('ZZZZZZZZ', ids), []);
  });

  it('every minilvb command it shows parses with the real CLI, and doctor ones name real checks', async () => {
    const commands = [
      ...new Set([...readFileSync(KB_FILE, 'utf8').matchAll(/`minilvb ([^`]+)`/g)].map((m) => m[1] ?? '')),
    ];
    assert.ok(commands.length > 20);
    const program = new Command('minilvb').exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
    for (const load of Object.values(COMMAND_GROUPS)) (await load()).register(program, () => async () => {});
    for (const c of program.commands) {
      c.exitOverride();
      for (const sub of c.commands) sub.exitOverride();
    }
    const bad: string[] = [];
    for (const line of commands) {
      const argv = line.split(/\s+/);
      try {
        await program.parseAsync(argv, { from: 'user' });
      } catch (e) {
        bad.push(`${line}: ${e instanceof CommanderError ? e.message : String(e)}`);
      }
      if (argv[0] === 'doctor') {
        const ids = argv.slice(1).filter((t, i, all) => !t.startsWith('-') && !(all[i - 1] ?? '').startsWith('--'));
        try {
          selectChecks(CHECKS, ids);
        } catch (e) {
          bad.push(`${line}: ${(e as Error).message}`);
        }
      }
    }
    assert.deepEqual(bad, []);
  });

  it('ships in the npm package', () => {
    // npm decides from package.json's "files", any .npmignore and the files themselves; a copy of just those
    // spares packing all of dist/ (npm reads and gzips every file even for --dry-run: 2.6 s of CPU, not 0.8).
    const pkg = mkdtempSync(join(tmpdir(), 'minilvb-pack-'));
    for (const entry of ['package.json', '.npmignore', 'docs'])
      if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(pkg, entry), { recursive: true });
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: pkg,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const files = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]?.files.map((f) => f.path) ?? [];
    assert.ok(files.includes('docs/troubleshooting.md'), files.filter((f) => !f.startsWith('dist/')).join(' '));
  });
});

describe('minilvb explain', () => {
  it('prints cause, how to confirm it and the fix for every FAQ id', async () => {
    for (const id of Object.keys(FAQ_IDS)) {
      const r = await runCli(['explain', id.toLowerCase()]);
      assert.equal(r.code, 0, `${id}: ${r.stderr}`);
      for (const part of ['Cause', 'How to confirm', 'Fix'])
        assert.match(r.stdout, new RegExp(`^${part}\\n  \\S`, 'm'), `${id}: no ${part}\n${r.stdout}`);
    }
  });

  it('an alias shows the entry it repeats; a family member shows the family', async () => {
    const alias = await runCli(['explain', 'VOD-CALLBACK-KEY']);
    assert.match(alias.stdout, /^CB-API-KEY: /);
    assert.match(alias.stdout, /VOD-CALLBACK-KEY is listed under CB-API-KEY/);
    const member = await runCli(['explain', 'IM-SDKAPPID', '--json']);
    assert.equal(member.code, 0);
    assert.equal(member.json<ExplainJson>().data.entry.id, 'IM-*');
  });

  it('an unknown id exits 2 with a did-you-mean', async () => {
    const r = await runCli(['explain', 'CB-APIKEY']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown troubleshooting id: CB-APIKEY\. Did you mean CB-API-KEY/);
    const json = await runCli(['explain', 'CB-APIKEY', '--json']);
    assert.equal(json.code, 2);
    const err = json.json<{ error: { code: string; details: { suggestions: string[] } } }>().error;
    assert.equal(err.code, 'MLVB_USAGE');
    assert.equal(err.details.suggestions[0], 'CB-API-KEY');
  });

  it('without an id lists every id with its title, grouped by section', async () => {
    const r = await runCli(['explain']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^3\. Replays missing or failing$/m);
    assert.match(r.stdout, /^ {2}DB-ANON-USER +An anonymous MySQL account hides the application user$/m);
    for (const id of Object.keys(FAQ_IDS)) assert.ok(r.stdout.includes(`  ${id} `), id);
    const json = await runCli(['explain', '--json']);
    const ids = json.json<{ data: { ids: Array<{ id: string; title: string }> } }>().data.ids;
    assert.ok(ids.some((e) => e.id === 'SRV-LEAK' && e.title.length > 10));
  });

  it('--json carries the entry', async () => {
    const r = await runCli(['explain', 'DB-TZ', '--json']);
    const data = r.json<ExplainJson>().data;
    assert.equal(data.entry.id, 'DB-TZ');
    assert.match(data.entry.fix ?? '', /\+08:00/);
  });

  it('works from the built binary (the bundle finds docs/)', async () => {
    const r = await runBin(['explain', 'SRV-LEAK']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^SRV-LEAK: /);
    assert.match(r.stdout, /^Fix\n {2}Deny those paths/m);
  });
});

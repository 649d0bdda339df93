/**
 * Every troubleshooting.md entry is accounted for. FAQ_IDS (src/doctor/faq.ts) lists each entry id
 * as detected (by which checks), an alias, or informational. Held to it: (a) every FAQ id the
 * checks and log patterns emit is listed, (b) every detected id is emitted somewhere in
 * src/doctor, (c) every detected id is asserted by a test. When the spec folder sits beside the
 * repository (../shared/spec), FAQ_IDS must also equal the ids of troubleshooting.md's tables.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'vitest';
import { literalsOf, sourceFile, tsFiles } from '../helpers/source-files.js';
import { CHECKS } from '../../src/doctor/index.js';
import { canonicalFaqId, faqAliases, FAQ_BY_FIELD, FAQ_IDS, isFaqId } from '../../src/doctor/faq.js';
import { LOG_PATTERNS } from '../../src/doctor/knowledge/log-patterns.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const DOCTOR = join(ROOT, 'src/doctor');
const TESTS = join(ROOT, 'test');
const SELF = new URL(import.meta.url).pathname;
const SPEC = join(ROOT, '../shared/spec/troubleshooting.md');

/** The shape of a FAQ id: upper-case words joined by '-', possibly a `-*` family. */
const ID_SHAPE = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-([A-Z0-9]+|\*)$/;
/** Id-shaped literals in src/doctor that are not FAQ ids. */
const NOT_FAQ = new Set(['RSA-PSS']);

/** Id-shaped string literals of a source file (comments and prose inside longer strings do not count). */
function idLiterals(path: string): string[] {
  return literalsOf(sourceFile(path))
    .filter((l) => l.whole && ID_SHAPE.test(l.text) && !NOT_FAQ.has(l.text))
    .map((l) => l.text);
}

/** FAQ ids emitted by src/doctor, by file (faq.ts itself excluded: it only lists them). */
const emitted = new Map<string, Set<string>>();
for (const path of tsFiles(DOCTOR)) {
  if (path.endsWith('/faq.ts')) continue;
  for (const id of idLiterals(path)) emitted.set(id, (emitted.get(id) ?? new Set()).add(relative(DOCTOR, path)));
}
const detected = Object.entries(FAQ_IDS)
  .filter(([, c]) => c.kind === 'detected')
  .map(([id]) => id);

describe('FAQ coverage', () => {
  it('the scan sees the emitted ids (so the checks below are not vacuous)', () => {
    assert.ok(emitted.get('CB-API-KEY')?.has('checks/callback-sign.ts'), [...emitted.keys()].join(' '));
    assert.ok(emitted.get('VOD-TOO-SHORT')?.has('knowledge/log-patterns.ts'));
    assert.ok(detected.length >= 35, `only ${detected.length} detected ids`);
  });

  it('(a) every id a check or log pattern emits is in FAQ_IDS', () => {
    const unknown = [...emitted.keys(), ...LOG_PATTERNS.map((p) => p.faqId), ...Object.values(FAQ_BY_FIELD)].filter(
      (id) => !isFaqId(id),
    );
    assert.deepEqual([...new Set(unknown)], [], 'add them to FAQ_IDS (and troubleshooting.md) or fix the id');
  });

  it('(b) every detected id is emitted by at least one check or log pattern, and names real checks', () => {
    const silent = detected.filter((id) => !emitted.has(id));
    assert.deepEqual(
      silent,
      [],
      'FAQ_IDS says these are detected, but no check or log pattern in src/doctor emits them',
    );
    const known = new Set(CHECKS.map((c) => c.id));
    const bogus = Object.entries(FAQ_IDS).flatMap(([id, c]) =>
      c.kind === 'detected' ? c.by.filter((check) => !known.has(check)).map((check) => `${id} → ${check}`) : [],
    );
    assert.deepEqual(bogus, []);
  });

  it('(c) every detected id is asserted by at least one test file', () => {
    const texts = tsFiles(TESTS)
      .filter((p) => p !== SELF)
      .map((p) => readFileSync(p, 'utf8'));
    // Quoted, as an assertion writes it (faqId: 'DB-TZ', ['API-*', …]); a mention in prose does not count.
    const untested = detected.filter((id) => !texts.some((t) => t.includes(`'${id}'`) || t.includes(`"${id}"`)));
    assert.deepEqual(untested, [], 'write a test that makes doctor name these');
  });

  it('aliases point at detected entries; informational entries give a reason', () => {
    assert.equal(canonicalFaqId('VOD-CALLBACK-KEY'), 'CB-API-KEY');
    assert.equal(canonicalFaqId('LIST-SERVER-ADDR'), 'APP-SERVER-ADDR');
    assert.equal(canonicalFaqId('DB-TZ'), 'DB-TZ');
    assert.deepEqual(faqAliases('CB-API-KEY'), ['VOD-CALLBACK-KEY']);
    for (const [id, c] of Object.entries(FAQ_IDS)) {
      if (c.kind === 'alias') assert.equal(FAQ_IDS[c.of]?.kind, 'detected', `${id} → ${c.of}`);
      if (c.kind === 'informational') assert.ok(c.reason.length > 10, id);
    }
    assert.equal(isFaqId('API-SECRETID'), true, 'a member of the API-* family');
    assert.equal(isFaqId('NOPE-1'), false);
  });

  it('FAQ_IDS equals the entry ids of troubleshooting.md (when ../shared/spec is beside the repository)', async ({
    annotate,
  }) => {
    if (!existsSync(SPEC)) {
      await annotate(
        `${SPEC} not found (a clone without the spec folder): FAQ_IDS is checked against the checks and tests only`,
      );
      return;
    }
    const ids: string[] = [];
    let inTable = false;
    for (const line of readFileSync(SPEC, 'utf8').split('\n')) {
      if (/^\|\s*id\s*\|/.test(line)) {
        inTable = true;
        continue;
      }
      if (!line.startsWith('|')) {
        inTable = false;
        continue;
      }
      if (inTable && !/^\|\s*-/.test(line)) ids.push((line.split('|')[1] ?? '').trim());
    }
    assert.ok(ids.length > 30, `parsed only ${ids.length} ids from ${SPEC}`);
    assert.deepEqual(Object.keys(FAQ_IDS), ids, "FAQ_IDS must list troubleshooting.md's ids in its order");
  });
});

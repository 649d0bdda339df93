/**
 * The layering rules of STYLE.md, enforced: capabilities never reach into the CLI or its
 * terminal libraries, the core has no `any`, nothing but the output layer and the server logger
 * writes to the console, and files stay small.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'vitest';

const SRC = new URL('../../src/', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Source text without comments, so prose like "any content" is not mistaken for code. */
const stripComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
const files = sources(SRC).map((path) => ({ rel: relative(SRC, path), text: readFileSync(path, 'utf8') }));
const capabilities = files.filter((f) => !f.rel.startsWith('cli/'));
const TERMINAL_LIBS =
  /from '(commander|chalk|ora|@inquirer\/[a-z]+)'|import\('(commander|chalk|ora|@inquirer\/[a-z]+)'\)/;

describe('architecture', () => {
  it('capabilities never import the CLI or terminal libraries', () => {
    const offenders = capabilities
      .filter((f) => /from '(\.\.\/)+cli\//.test(f.text) || TERMINAL_LIBS.test(f.text))
      .map((f) => f.rel);
    assert.deepEqual(offenders, []);
  });

  it('capabilities never call process.exit', () => {
    assert.deepEqual(
      capabilities.filter((f) => /process\.exit\(/.test(f.text)).map((f) => f.rel),
      [],
    );
  });

  it('the core has no explicit any', () => {
    const offenders = files
      .filter((f) => /(:\s*any\b|<any>|as any\b|any\[\])/.test(stripComments(f.text)))
      .map((f) => f.rel);
    assert.deepEqual(offenders, []);
  });

  it('only the output layer and the server logger write to the console', () => {
    const offenders = files
      .filter((f) => /\bconsole\.(log|error|warn|info|debug)\(/.test(f.text))
      .filter((f) => !f.rel.startsWith('cli/output/') && !/^server\/.*log/.test(f.rel))
      .map((f) => f.rel);
    assert.deepEqual(offenders, []);
  });

  it('source files stay small', () => {
    const big = files.map((f) => ({ rel: f.rel, lines: f.text.split('\n').length })).filter((f) => f.lines > 400);
    assert.deepEqual(big, []);
  });
});

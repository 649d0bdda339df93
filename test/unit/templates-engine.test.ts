import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { parseEnvFile } from '../../src/init/env-file.js';
import { compile, render, TemplateError, UnwritableValueError } from '../../src/templates/engine.js';
import { FILTERS } from '../../src/templates/filters.js';

const run = (source: string, view: Record<string, unknown>): string =>
  render(compile(source, 't'), view as never, FILTERS);
const HOSTILE = `a'b"c\\d$e\`f{g}h;i#j`;

describe('template engine', () => {
  it('renders variables only through a filter, and sections for truthy values and arrays', () => {
    assert.equal(run('x={{ a.b | raw }}', { a: { b: 'v' } }), 'x=v');
    assert.throws(() => compile('{{ a }}', 't'), TemplateError);
    assert.throws(() => compile('{{ a | php | js }}', 't'), TemplateError);
    assert.throws(() => run('{{ a | nope }}', { a: 'x' }), /unknown filter/);
    assert.throws(() => run('{{ missing | raw }}', {}), /missing is not set/);
    assert.equal(run('{{#on}}yes{{/on}}{{^on}}no{{/on}}', { on: false }), 'no');
    assert.equal(run('{{#list}}[{{ . | raw }}]{{/list}}', { list: ['a', 'b'] }), '[a][b]');
    assert.equal(
      run('{{#list}}{{ name | raw }}{{# more }},{{/ more }}{{/list}}', {
        list: [
          { name: 'a', more: true },
          { name: 'b', more: false },
        ],
      }),
      'a,b',
    );
  });

  it('removes the whole line of a standalone section tag, keeps inline ones', () => {
    const t = 'a\n  {{# s }}\nb\n  {{/ s }}\nc {{#s}}d{{/s}}\n';
    assert.equal(run(t, { s: true }), 'a\nb\nc d\n');
    assert.equal(run(t, { s: false }), 'a\nc \n');
    assert.throws(() => compile('{{#a}}x{{/b}}', 't'), TemplateError);
    assert.throws(() => compile('{{#a}}x', 't'), TemplateError);
  });

  it('names the variable and the file when a value cannot be written', () => {
    assert.throws(
      () =>
        render(
          compile('PASSWD={{ db.password | ini }}', 't'),
          { db: { password: 'a"b' } },
          FILTERS,
          'conf/cdn.route.ini',
        ),
      (e: UnwritableValueError) =>
        e instanceof UnwritableValueError && e.variable === 'db.password' && e.template === 'conf/cdn.route.ini',
    );
  });
});

describe('escaping filters', () => {
  it('php: single-quoted literal that PHP reads back exactly', () => {
    const values = [HOSTILE, 'line1\nline2', "\\'", '\\', "'", '?>', '<?php'];
    const dir = mkdtempSync(join(tmpdir(), 'minilvb-php-'));
    const file = join(dir, 'v.php');
    writeFileSync(file, `<?php\nreturn [${values.map((v) => FILTERS.php?.(v)).join(', ')}];\n`);
    const back = JSON.parse(
      execFileSync('php', ['-r', 'echo json_encode(include $argv[1]);', file], { encoding: 'utf8' }),
    ) as string[];
    assert.deepEqual(back, values);
  });

  it('js: a literal that evaluates back to the value, line separators escaped', () => {
    for (const v of [HOSTILE, 'x\u2028y\r\n', '</script>']) {
      const lit = FILTERS.js?.(v) as string;
      assert.ok(!lit.includes('\u2028') && !lit.includes('\n'));
      assert.equal(JSON.parse(lit), v);
    }
  });

  it('java and objc: quotes, backslashes, control characters and trigraphs escaped', () => {
    assert.equal(FILTERS.java?.('a"b\\c\nd\x01'), '"a\\"b\\\\c\\nd\\001"');
    assert.equal(FILTERS.java?.('\\u000a'), '"\\\\u000a"');
    assert.equal(FILTERS.objc?.('a"b\\c??=d\n'), '@"a\\"b\\\\c?\\?=d\\n"');
  });

  it('ints: bare digits only', () => {
    assert.equal(FILTERS.phpint?.(1400012345), '1400012345');
    assert.equal(FILTERS.javaint?.('18647'), '18647');
    for (const bad of ['12a', '1.5', '-1', '', '0x10', "1); system('x"])
      assert.throws(() => FILTERS.phpint?.(bad), /not a whole number/);
  });

  it('ini: bare when plain, quoted when needed, refuses what PHP reads differently', () => {
    assert.equal(FILTERS.ini?.('TdbP4ss9Xq2Lw7Vz1Rn6Mc3'), 'TdbP4ss9Xq2Lw7Vz1Rn6Mc3');
    assert.equal(FILTERS.ini?.('yes'), '"yes"');
    assert.equal(FILTERS.ini?.("a;b#c=d{}|&~![()^ e'"), `"a;b#c=d{}|&~![()^ e'"`);
    for (const bad of ['a"b', 'a\\b', '${HOME}', 'a\nb']) assert.throws(() => FILTERS.ini?.(bad));
  });

  it('sysenv: systemd EnvironmentFile value that reads back exactly', () => {
    const values = [HOSTILE, ' lead and trail ', "it's", '#notacomment', ''];
    const text = values.map((v, i) => `V${i}=${FILTERS.sysenv?.(v)}`).join('\n');
    assert.deepEqual(Object.values(parseEnvFile(text).vars), values);
    assert.throws(() => FILTERS.sysenv?.('a\nb'), /newline/);
  });

  it('sh and heredoc: single-quoted words and verbatim bodies', () => {
    const v = `x'y"$(id)\`id\``;
    assert.equal(execFileSync('bash', ['-c', `printf %s ${FILTERS.sh?.(v)}`], { encoding: 'utf8' }), v);
    assert.throws(() => FILTERS.heredoc?.('no newline'), /newline/);
    assert.throws(() => FILTERS.heredoc?.('a\nMINILVB_EOF\nb\n'), /delimiter/);
  });

  it('nginx: plain words pass, syntax and variables are refused', () => {
    assert.equal(FILTERS.nginx?.('/data/live_demo_service'), '/data/live_demo_service');
    for (const bad of ['a b', 'a;', '$host', 'x{', '"q"', 'a#b']) assert.throws(() => FILTERS.nginx?.(bad), /nginx/);
  });

  it('every filter refuses a NUL byte', () => {
    for (const name of ['php', 'js', 'java', 'objc', 'ini', 'sysenv', 'sh', 'heredoc', 'raw'])
      assert.throws(() => FILTERS[name]?.('a\0b\n'), /NUL/, name);
  });
});

describe('env-file parser (systemd EnvironmentFile rules)', () => {
  it('handles comments, quotes, escapes and continuations', () => {
    const text = [
      '# comment',
      '; also a comment',
      'A=plain value   ',
      'B="dq \\"x\\" \\\\ \\$ \\` \\n"',
      "C='sq \\ $x'",
      'D=esc\\ aped\\#',
      'E="multi',
      'line"',
      'F=cont\\',
      'inued',
      '  G = spaced',
      'H=#not-a-comment',
      'broken line',
    ].join('\n');
    const parsed = parseEnvFile(text);
    assert.deepEqual(parsed.vars, {
      A: 'plain value',
      B: 'dq "x" \\ $ ` \\n',
      C: 'sq \\ $x',
      D: 'esc aped#',
      E: 'multi\nline',
      F: 'continued',
      G: 'spaced',
      H: '#not-a-comment',
    });
    assert.equal(parsed.errors.length, 1);
  });
});

/**
 * Usage corners of issue 8: bare groups print help (item 4), --out on a file (12), doctor --skip a,b and did-you-mean
 * (11).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentConfig, projectDir } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';

describe('bare command groups print their help', () => {
  for (const [args, expected] of [
    [[], /Usage: minilvb \[options\] \[command\][\s\S]*doctor/],
    [['sign'], /Usage: minilvb sign[\s\S]*usersig/],
    [['db'], /Usage: minilvb db[\s\S]*provision/],
    [['config'], /Usage: minilvb config[\s\S]*validate[\s\S]*set/],
  ] as const) {
    it(`minilvb ${args.join(' ')}`.trim(), async () => {
      const r = await runCli([...args]);
      assert.equal(r.code, 0);
      assert.match(r.stdout, expected);
    });
  }
});

describe('a bare group with --json', () => {
  it('keeps stdout one JSON document: a usage error', async () => {
    const r = await runCli(['sign', '--json']);
    assert.equal(r.code, 2);
    assert.equal(r.json<{ error: { code: string } }>().error.code, 'MLVB_USAGE');
  });
});

describe('generate --out naming a file', () => {
  it('is a usage error (exit 2), not an internal one', async () => {
    const cwd = projectDir(currentConfig());
    writeFileSync(join(cwd, 'out.txt'), 'x');
    for (const out of ['out.txt', 'out.txt/sub']) {
      const r = await runCli(['generate', '--out', out, '--json'], { cwd });
      assert.equal(r.code, 2, r.stdout);
      const err = r.json<{ error: { code: string; message: string } }>().error;
      assert.equal(err.code, 'MLVB_USAGE');
      assert.match(err.message, /is not a directory/);
    }
  });
});

describe('doctor check selection', () => {
  it('--skip takes comma-separated ids like the positional selection', async () => {
    const r = await runCli(['doctor', 'config', '--skip', 'config.git-tracked,config.file-mode', '--json'], {
      cwd: projectDir(currentConfig()),
    });
    const checks = r.json<{ data: { checks: { id: string; status: string; summary: string }[] } }>().data.checks;
    for (const id of ['config.git-tracked', 'config.file-mode'])
      assert.equal(checks.find((c) => c.id === id)?.status, 'skip', id);
    const p = await runCli(['doctor', 'config.git-tracked,config.file-mode', '--json'], {
      cwd: projectDir(currentConfig()),
    });
    assert.deepEqual(
      p
        .json<{ data: { checks: { id: string }[] } }>()
        .data.checks.map((c) => c.id)
        .sort(),
      ['config.file-mode', 'config.git-tracked'],
    );
  });

  it('an unknown id gets a did-you-mean, in the selection and in --skip', async () => {
    const r = await runCli(['doctor', 'server.reachble']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Did you mean server\.reachable\?/);
    const s = await runCli(['doctor', '--skip', 'cos.bukcet']);
    assert.equal(s.code, 2);
    assert.match(s.stderr, /Unknown --skip target: cos\.bukcet[\s\S]*Did you mean cos\.bucket/);
  });
});

describe('exact text (inline snapshots: a change shows up in review)', () => {
  /** The temporary project directory varies per run. */
  const stable = (text: string, dir: string): string => text.split(dir).join('<project>');

  it('the help of a command group', async () => {
    const r = await runCli(['db', '--help']);
    assert.equal(r.code, 0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "Usage: minilvb db [options] [command]

      provision, migrate and check the MySQL/MariaDB database of the bundled server

      Options:
        -h, --help           display help for command

      Commands:
        provision [options]  create the database, a least-privilege application user
                             and the tables; only what is missing
        migrate [options]    apply pending schema migrations with the application
                             credentials
        verify [options]     compare the live schema with the expected one; lists
                             every difference, changes nothing (exit 1 when different)
        status [options]     connection, server version, schema version, pending
                             migrations and row counts
        help [command]       display help for command
      "
    `);
  });

  it('a usage error', async () => {
    const r = await runCli(['config', 'show', '--nope']);
    assert.equal(r.code, 2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "Error [MLVB_USAGE] Unknown option '--nope'
      Hint: Run \`minilvb --help\` (or \`minilvb <command> --help\`) for the usage.
      "
    `);
  });

  it('a config error', async () => {
    const cwd = projectDir({});
    writeFileSync(join(cwd, 'minilvb.config.json'), '{"lvb": {');
    const r = await runCli(['config', 'show'], { cwd });
    assert.equal(r.code, 2);
    expect(stable(r.stderr, cwd)).toMatchInlineSnapshot(`
      "Error [MLVB_CONFIG_FILE] Config file <project>/minilvb.config.json is not valid JSON at line 1, column 10: Expected property name or '}'.
      Hint: Fix the JSON syntax at line 1, column 10 (a trailing comma or a missing quote?), then check it with \`minilvb config validate\`; or start over: mv <project>/minilvb.config.json <project>/minilvb.config.json.broken && minilvb init
      "
    `);
  });
});

/** Usage corners of issue 8: bare groups print help (item 4), --out on a file (12), doctor --skip a,b and did-you-mean (11). */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { currentConfig, projectDir } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';

describe('bare command groups print their help', () => {
  for (const [args, expected] of [[[], /Usage: minilvb \[options\] \[command\][\s\S]*doctor/], [['sign'], /Usage: minilvb sign[\s\S]*usersig/], [['db'], /Usage: minilvb db[\s\S]*provision/], [['config'], /Usage: minilvb config[\s\S]*validate[\s\S]*set/]] as const) {
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
    const r = await runCli(['doctor', 'config', '--skip', 'config.git-tracked,config.file-mode', '--json'], { cwd: projectDir(currentConfig()) });
    const checks = r.json<{ data: { checks: { id: string; status: string; summary: string }[] } }>().data.checks;
    for (const id of ['config.git-tracked', 'config.file-mode']) assert.equal(checks.find((c) => c.id === id)?.status, 'skip', id);
    const p = await runCli(['doctor', 'config.git-tracked,config.file-mode', '--json'], { cwd: projectDir(currentConfig()) });
    assert.deepEqual(p.json<{ data: { checks: { id: string }[] } }>().data.checks.map((c) => c.id).sort(), ['config.file-mode', 'config.git-tracked']);
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

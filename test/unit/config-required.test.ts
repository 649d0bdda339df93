/**
 * One rule per value (issue 8 items 6, 7, 9, 12): what is required comes from the schema, and
 * init, config validate, doctor and sign agree; bucket suffixes; a corrupt file's error.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { currentConfig, legacyConfig, projectDir, TEST_SECRETS } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';

const withoutPushDomain = (): Record<string, unknown> => {
  const c = currentConfig();
  const { pushDomain: _p, ...lvb } = c.lvb as Record<string, unknown>;
  return { ...c, lvb };
};

interface Issue {
  severity: string;
  path: string;
  message: string;
}

describe('required values: one rule for every command', () => {
  it('config validate without a config file says what is missing and exits 2', async () => {
    const r = await runCli(['config', 'validate']);
    assert.equal(r.code, 2);
    assert.match(
      r.stdout,
      /lvb\.pushDomain: is not set .*minilvb config set lvb\.pushDomain <value>, MINILVB_PUSH_DOMAIN/,
    );
    assert.match(r.stdout, /im\.secretKey: is not set/);
    assert.match(r.stdout, /no config file.*11 problems/);
    assert.doesNotMatch(r.stdout, /is valid/);
  });

  it('current credentials without lvb.pushDomain: validate, init, doctor and sign push all say it is missing', async () => {
    const cwd = projectDir(withoutPushDomain());
    const v = await runCli(['config', 'validate', '--json'], { cwd });
    assert.equal(v.code, 2);
    assert.deepEqual(
      v
        .json<{ data: { issues: Issue[] } }>()
        .data.issues.filter((i) => i.severity === 'error')
        .map((i) => i.path),
      ['lvb.pushDomain'],
    );
    const init = await runCli(['init', '--yes', '--no-generate', '--json'], { cwd });
    assert.equal(init.code, 2);
    assert.match(
      init.json<{ error: { message: string } }>().error.message,
      /lvb\.pushDomain \(Push domain\) is not set/,
    );
    const doctor = await runCli(['doctor', 'config.credentials', '--json'], { cwd });
    const check = doctor
      .json<{ data: { checks: { id: string; status: string; summary: string }[] } }>()
      .data.checks.find((c) => c.id === 'config.credentials');
    assert.equal(check?.status, 'fail');
    assert.match(check?.summary ?? '', /lvb\.pushDomain/);
    const sign = await runCli(['sign', 'push', '--stream', 'demo'], { cwd });
    assert.equal(sign.code, 2);
    assert.match(sign.stderr, /lvb\.pushDomain or lvb\.bizId/);
  });

  it('legacy credentials need the bizid, not a push domain, everywhere', async () => {
    const cwd = projectDir(legacyConfig());
    const v = await runCli(['config', 'validate'], { cwd });
    assert.equal(v.code, 0, v.stdout);
    const sign = await runCli(['sign', 'push', '--stream', 'demo'], { cwd });
    assert.equal(sign.code, 0, sign.stderr);
    assert.match(sign.stdout, /8888\.livepush\.myqcloud\.com/);
    const noBiz = legacyConfig();
    delete (noBiz.lvb as Record<string, unknown>).bizId;
    const v2 = await runCli(['config', 'validate', '--json'], { cwd: projectDir(noBiz) });
    assert.equal(v2.code, 2);
    assert.deepEqual(
      v2
        .json<{ data: { issues: Issue[] } }>()
        .data.issues.filter((i) => i.severity === 'error')
        .map((i) => i.path),
      ['lvb.bizId'],
    );
  });
});

describe('a COS bucket given with its -APPID suffix', () => {
  it('is stripped with a notice when the suffix is cos.appId: validate warns (exit 0), show prints the short name, doctor warns', async () => {
    const cwd = projectDir(
      currentConfig({ cos: { ...(currentConfig().cos as object), bucket: 'xiaozhibo-1250000000' } }),
    );
    const v = await runCli(['config', 'validate'], { cwd });
    assert.equal(v.code, 0, v.stdout);
    assert.match(
      v.stdout,
      /cos\.bucket: xiaozhibo-1250000000 ends in -1250000000 \(cos\.appId\); minilvb uses xiaozhibo/,
    );
    const show = await runCli(['config', 'show', '--json'], { cwd });
    assert.equal(
      show
        .json<{ data: { fields: { path: string; value: unknown }[] } }>()
        .data.fields.find((f) => f.path === 'cos.bucket')?.value,
      'xiaozhibo',
    );
    const doctor = await runCli(['doctor', 'config.cos-bucket', '--json'], { cwd });
    const check = doctor
      .json<{ data: { checks: { id: string; status: string; fix?: { commands?: string[] } }[] } }>()
      .data.checks.find((c) => c.id === 'config.cos-bucket');
    assert.equal(check?.status, 'warn');
    assert.deepEqual(check?.fix?.commands?.[0], 'minilvb config set cos.bucket xiaozhibo');
  });

  it('is an error when the suffix is another APPID', async () => {
    const cwd = projectDir(
      currentConfig({ cos: { ...(currentConfig().cos as object), bucket: 'xiaozhibo-1250000001' } }),
    );
    const v = await runCli(['config', 'validate'], { cwd });
    assert.equal(v.code, 2);
    assert.match(v.stdout, /cos\.bucket: ends in -1250000001, but cos\.appId is 1250000000/);
  });
});

describe('an unknown key in the config file', () => {
  it('gets the nearest known key', async () => {
    const cwd = projectDir({
      ...currentConfig(),
      cos: { ...(currentConfig().cos as object), bukcet: 'x' },
      pushDomain: 'push.example.com',
    });
    const v = await runCli(['config', 'validate'], { cwd });
    assert.equal(v.code, 2);
    assert.match(v.stdout, /cos\.bukcet: is not a known setting \(expected: did you mean cos\.bucket\?\)/);
    assert.match(v.stdout, /pushDomain: is not a known setting \(expected: did you mean lvb\.pushDomain\?\)/);
  });
});

describe('a corrupt config file', () => {
  it('names the line and column, and a hint that works (init fails on the same file)', async () => {
    const cwd = projectDir({});
    writeFileSync(
      join(cwd, 'minilvb.config.json'),
      `{\n  "lvb": {\n    "pushKey": "${TEST_SECRETS.pushKey}",\n  }\n}\n`,
    );
    for (const args of [
      ['config', 'show'],
      ['init', '--yes'],
    ]) {
      const r = await runCli(args, { cwd });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /is not valid JSON at line 4, column 3/);
      assert.doesNotMatch(r.stderr, /position \d+/);
      assert.match(r.stderr, /Hint: .*mv \S+minilvb\.config\.json \S+minilvb\.config\.json\.broken && minilvb init/);
    }
  });
});

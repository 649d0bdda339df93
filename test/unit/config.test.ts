import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { FIELDS, loadConfig, requireConfig, writeConfigFile } from '../../src/config/index.js';
import { coerce } from '../../src/config/coerce.js';
import { FORMAT_RULES } from '../../src/config/rules.js';
import { MinilvbError } from '../../src/errors.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'minilvb-config-'));
const KEY = 'e12c46f2612d5106e2034781ab261ca3';

describe('config loading', () => {
  it('layers defaults < file < env < flags and records the source', async () => {
    const cwd = tmp();
    writeFileSync(
      join(cwd, 'minilvb.config.json'),
      JSON.stringify({
        cos: { bucket: 'filebucket', region: 'ap-shanghai', appId: 1250000000 },
        server: { port: 9000 },
      }),
    );
    const loaded = await loadConfig({
      cwd,
      env: { MINILVB_COS_REGION: 'ap-beijing', MINILVB_PORT: '9100' },
      overrides: { 'server.port': '9200' },
    });
    assert.equal(loaded.config.cos.bucket, 'filebucket');
    assert.equal(loaded.config.cos.region, 'ap-beijing');
    assert.equal(loaded.config.server.port, 9200);
    assert.equal(loaded.config.server.host, '127.0.0.1');
    assert.deepEqual(
      [
        loaded.sources['cos.bucket'],
        loaded.sources['cos.region'],
        loaded.sources['server.port'],
        loaded.sources['server.host'],
      ],
      ['file', 'env', 'flag', 'default'],
    );
    assert.ok(Object.isFrozen(loaded.config.cos));
  });

  it('applies a named profile over the base file and rejects an unknown one', async () => {
    const cwd = tmp();
    writeFileSync(
      join(cwd, 'minilvb.config.json'),
      JSON.stringify({
        lvb: { pushDomain: 'push.example.com' },
        profiles: { staging: { lvb: { pushDomain: 'push.staging.example.com' } } },
      }),
    );
    const loaded = await loadConfig({ cwd, profile: 'staging' });
    assert.equal(loaded.config.lvb.pushDomain, 'push.staging.example.com');
    await assert.rejects(
      loadConfig({ cwd, profile: 'prod' }),
      (e: MinilvbError) => e.code === 'MLVB_PROFILE_UNKNOWN' && /staging/.test(e.hint ?? ''),
    );
  });

  it('reads cloud credentials from TENCENTCLOUD_* and from tccli, env winning', async () => {
    const home = tmp();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(home, '.tccli'));
    writeFileSync(
      join(home, '.tccli', 'default.credential'),
      JSON.stringify({ secretId: `AKID${'a'.repeat(32)}`, secretKey: 'b'.repeat(32) }),
    );
    const fromTccli = await loadConfig({ cwd: tmp(), home });
    assert.equal(fromTccli.sources['cloud.secretId'], 'tccli');
    const fromEnv = await loadConfig({ cwd: tmp(), home, env: { TENCENTCLOUD_SECRET_ID: `AKID${'c'.repeat(32)}` } });
    assert.equal(fromEnv.config.cloud.secretId, `AKID${'c'.repeat(32)}`);
    assert.equal(fromEnv.config.cloud.secretKey, 'b'.repeat(32));
  });

  it('reports every problem at once with path, message and expected form', async () => {
    const loaded = await loadConfig({
      cwd: tmp(),
      env: {
        MINILVB_CREDENTIALS: 'legacy',
        MINILVB_APP_BIZID: '88a8',
        MINILVB_PUSH_KEY: 'short',
        MINILVB_COS_BUCKET: 'photos-1250000001',
        MINILVB_COS_APPID: '1250000000',
        MINILVB_COS_REGION: 'Guangzhou',
        MINILVB_PORT: '70000',
        MINILVB_PUBLIC_URL: 'http://x.com/path/',
      },
    });
    const errors = loaded.issues
      .filter((i) => i.severity === 'error')
      .map((i) => i.path)
      .sort();
    assert.deepEqual(errors, [
      'cos.bucket',
      'cos.region',
      'lvb.bizId',
      'lvb.pushKey',
      'server.port',
      'server.publicUrl',
    ]);
    for (const issue of loaded.issues) assert.ok(issue.expected, `${issue.path} says what is expected`);
  });

  it('maps legacy region aliases and warns', async () => {
    const loaded = await loadConfig({ cwd: tmp(), env: { MINILVB_COS_REGION: 'cn-south' } });
    assert.equal(loaded.config.cos.region, 'ap-guangzhou');
    assert.ok(
      loaded.issues.some((i) => i.severity === 'warning' && i.path === 'cos.region' && /ap-guangzhou/.test(i.message)),
    );
  });

  it('flags a bucket that already carries its APPID and unknown keys in the file', async () => {
    const cwd = tmp();
    writeFileSync(
      join(cwd, 'minilvb.config.json'),
      JSON.stringify({ cos: { bucket: 'photos-1250000000', appId: '1250000000', secretkey: 'x' } }),
    );
    const loaded = await loadConfig({ cwd });
    assert.ok(loaded.issues.some((i) => i.path === 'cos.bucket' && i.severity === 'warning'));
    const unknown = loaded.issues.find((i) => i.path === 'cos.secretkey');
    assert.match(unknown?.expected ?? '', /cos\.secretKey/);
  });

  it('requireConfig names each missing field and how to set it', async () => {
    const loaded = await loadConfig({ cwd: tmp() });
    assert.throws(
      () => requireConfig(loaded, ['lvb.pushKey', 'lvb.pushDomain']),
      (e: MinilvbError) =>
        e.code === 'MLVB_CONFIG_MISSING' && /--push-key/.test(e.message) && /MINILVB_PUSH_DOMAIN/.test(e.message),
    );
  });

  it('keeps only secrets in the redaction list', async () => {
    const loaded = await loadConfig({
      cwd: tmp(),
      env: { MINILVB_PUSH_KEY: KEY, MINILVB_PUSH_DOMAIN: 'push.example.com' },
    });
    assert.deepEqual(loaded.secrets, [KEY]);
  });
});

describe('config writing', () => {
  it('writes atomically with mode 0600 and keeps the old file when the write fails', async () => {
    const dir = tmp();
    const path = join(dir, 'minilvb.config.json');
    await writeConfigFile(path, { lvb: { pushDomain: 'a.example.com' } });
    assert.equal(statSync(path).mode & 0o777, 0o600);
    await assert.rejects(
      writeConfigFile(join(path, 'nested.json'), {}),
      (e: MinilvbError) => e.code === 'MLVB_CONFIG_FILE',
    );
    assert.match(readFileSync(path, 'utf8'), /a\.example\.com/);
  });
});

describe('server URL', () => {
  it('removes a trailing slash from server.publicUrl and warns that the apps must not have one (SRV-TRAILING)', async () => {
    const loaded = await loadConfig({ cwd: tmp(), env: { MINILVB_PUBLIC_URL: 'http://203.0.113.7/' } });
    assert.equal(loaded.config.server.publicUrl, 'http://203.0.113.7');
    const warning = loaded.issues.find((i) => i.path === 'server.publicUrl');
    assert.equal(warning?.severity, 'warning');
    assert.match(warning?.message ?? '', /\/\/login/);
  });
});

describe('field table', () => {
  it('every default is already valid and in its final type (the loader trusts defaults)', () => {
    for (const def of FIELDS.filter((d) => d.default !== undefined)) {
      const coerced = coerce(def, def.default);
      assert.ok(coerced.ok, `${def.path} default`);
      assert.deepEqual(coerced.ok && coerced.value, def.default, `${def.path} default is stored as coerced`);
      const problems = def.rule
        ? FORMAT_RULES[def.rule](String(def.default), { path: def.path, credentials: 'legacy', get: () => undefined })
        : [];
      assert.deepEqual(problems, [], `${def.path} default passes its rule`);
    }
  });
});

/** `minilvb config set` / `config unset` (issue 8 item 10): validated, atomic, 0600, masked, did-you-mean. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { currentConfig, projectDir, TEST_IM_PRIVATE_KEY, TEST_SECRETS } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';

const read = (dir: string): Record<string, Record<string, unknown>> =>
  JSON.parse(readFileSync(join(dir, 'minilvb.config.json'), 'utf8'));

describe('minilvb config set / unset', () => {
  it('creates the file 0600, stores the typed value, masks secrets in the output', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'minilvb-set-'));
    let r = await runCli(['config', 'set', 'cos.appId', '1250000000'], { cwd });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /set cos\.appId = 1250000000 .*created, mode 0600/);
    r = await runCli(['config', 'set', 'lvb.pushKey', TEST_SECRETS.pushKey], { cwd });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes(TEST_SECRETS.pushKey), r.stdout);
    assert.match(r.stdout, /set lvb\.pushKey = \S+/);
    const file = join(cwd, 'minilvb.config.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(read(cwd), { cos: { appId: 1250000000 }, lvb: { pushKey: TEST_SECRETS.pushKey } });
    assert.deepEqual(readdirSync(cwd), ['minilvb.config.json'], 'no temporary file left behind');
  });

  it('an invalid value exits 2 with the rule, and the file is unchanged', async () => {
    const cwd = projectDir(currentConfig());
    const before = readFileSync(join(cwd, 'minilvb.config.json'), 'utf8');
    const r = await runCli(['config', 'set', 'cos.region', 'Guangzhou', '--json'], { cwd });
    assert.equal(r.code, 2);
    const err = r.json<{ error: { code: string; message: string } }>().error;
    assert.equal(err.code, 'MLVB_CONFIG_INVALID');
    assert.match(err.message, /cos\.region "Guangzhou" is not a region id.*Nothing was written/);
    assert.equal(readFileSync(join(cwd, 'minilvb.config.json'), 'utf8'), before);
  });

  it('an unknown key is a usage error with a did-you-mean', async () => {
    const r = await runCli(['config', 'set', 'cos.bukcet', 'x']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown config key "cos\.bukcet"\. Did you mean cos\.bucket\?/);
    const r2 = await runCli(['config', 'unset', 'pushkey']);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /Did you mean lvb\.pushKey/);
  });

  it('a bucket with its own -APPID suffix is stored short, with a notice', async () => {
    const cwd = projectDir(currentConfig());
    const r = await runCli(['config', 'set', 'cos.bucket', 'photos-1250000000'], { cwd });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /photos-1250000000 ends in -1250000000 \(cos\.appId\); minilvb uses photos/);
    assert.equal(read(cwd).cos?.bucket, 'photos');
  });

  it('unset removes the key and an emptied section; keeps the rest; --profile edits the profile only', async () => {
    const cwd = projectDir(currentConfig({ db: { host: '127.0.0.1' } }));
    let r = await runCli(['config', 'unset', 'db.host'], { cwd });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /removed db\.host/);
    const doc = read(cwd);
    assert.equal(doc.db, undefined);
    assert.equal(doc.lvb?.pushDomain, 'push.example.com');
    r = await runCli(['config', 'unset', 'db.host'], { cwd });
    assert.match(r.stdout, /db\.host was not set .*nothing changed/);
    r = await runCli(['config', 'set', 'lvb.pushDomain', 'push.staging.example.com', '--profile', 'staging'], { cwd });
    assert.equal(r.code, 0, r.stderr);
    const after = read(cwd) as unknown as {
      lvb: { pushDomain: string };
      profiles: { staging: { lvb: { pushDomain: string } } };
    };
    assert.equal(after.lvb.pushDomain, 'push.example.com');
    assert.equal(after.profiles.staging.lvb.pushDomain, 'push.staging.example.com');
  });

  it('a key file is checked and stored as a path relative to the config file', async () => {
    const cwd = projectDir(currentConfig({ credentials: 'legacy' }));
    writeFileSync(join(cwd, 'private_key'), TEST_IM_PRIVATE_KEY);
    writeFileSync(join(cwd, 'not_a_key'), 'hello');
    const bad = await runCli(['config', 'set', 'im.privateKeyFile', 'not_a_key'], { cwd });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /is not a PEM key/);
    const r = await runCli(['config', 'set', 'im.privateKeyFile', 'private_key'], { cwd });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(read(cwd).im?.privateKeyFile, 'private_key');
    assert.ok(!r.stdout.includes('MIGEAgEA'), r.stdout);
  });
});

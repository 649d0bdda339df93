/**
 * Interactive `minilvb init` through a real pseudo-terminal: answers typed at the prompts,
 * wrong ones re-asked with the reason, secrets hidden, then a re-run that edits one value.
 * Needs the built binary (`npx tsc -p tsconfig.json`).
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { TEST_SECRETS } from '../helpers/fixtures.js';
import { KEYS, PtySession } from '../helpers/pty.js';
import { BIN, OUTPUT_LOG } from '../helpers/run-cli.js';

const cwd = mkdtempSync(join(tmpdir(), 'minilvb-init-pty-'));
const env = { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'minilvb-home-')), NO_COLOR: '1' };
const sessions: PtySession[] = [];
afterAll(() => {
  for (const s of sessions) s.kill();
});

function start(args: string[]): PtySession {
  const s = new PtySession([process.execPath, BIN, 'init', ...args], { cwd, env });
  sessions.push(s);
  return s;
}

const secretsShown = (screen: string): string[] =>
  Object.entries(TEST_SECRETS)
    .filter(([, v]) => screen.includes(v.trim().split('\n')[1] ?? v))
    .map(([k]) => k);

describe('interactive init in a terminal', () => {
  it('asks by service, re-asks wrong answers with the reason, hides secrets, writes the config', async () => {
    const s = start([]);
    await s.answer('Credential generation', '');
    await s.answer('App protocol', '');
    await s.waitFor('LVB (live streaming');
    await s.answer('? Push domain', 'push.example.com');
    await s.answer('? Play domain', '');
    await s.answer('? Push anti-leech key', TEST_SECRETS.pushKey);
    await s.answer('? Play anti-leech key', '');
    await s.waitFor('current: CSS console > Callback template > callback key');
    await s.answer('? Callback / API key', '');
    await s.answer('Callback / API key is required', TEST_SECRETS.apiKey);
    await s.waitFor('IM (即时通信 console)');
    await s.waitFor('SDKAppID, 10 digits starting 140 — e.g. 1400000000');
    await s.answer('? IM SDKAppID', '14000x');
    await s.answer('"14000x" is not a whole number', '1400123456');
    await s.answer('? IM secret key', TEST_SECRETS.imSecretKey);
    await s.answer('? IM administrator', '');
    await s.waitFor('COS (object storage');
    await s.answer('? COS APPID', '1250000000');
    await s.answer('? COS region', 'Guangzhou');
    await s.answer('"Guangzhou" is not a region id', 'ap-guangzhou');
    await s.answer('? COS bucket', 'xiaozhibo-1250000001');
    await s.answer('the bucket belongs to another APPID', 'xiaozhibo');
    await s.answer('? COS SecretId', TEST_SECRETS.cosSecretId);
    await s.answer('? COS SecretKey', `${TEST_SECRETS.cosSecretKey} x`);
    await s.waitFor('contains whitespace');
    s.type(`${KEYS.clearLine}${TEST_SECRETS.cosSecretKey}${KEYS.enter}`);
    await s.waitFor('Server (where the apps reach');
    await s.answer('? Server URL for the apps', 'http://live.example.com/x/');
    await s.answer('is not a server base URL', 'https://live.example.com');
    await s.answer('? nginx server_name', '');
    await s.answer('? TLS certificate path', '');
    await s.answer('? TLS key path', '');
    await s.answer('? PHP code root', '');
    await s.answer('Use a MySQL/MariaDB database?', '');
    await s.waitFor('Cloud API key (optional');
    await s.answer('? Cloud API SecretId', '');
    await s.answer('? Cloud API SecretKey', '');
    await s.waitFor('Summary');
    await s.answer('? Write ', '');
    assert.equal(await s.exited(), 0, s.screen.slice(-2000));
    appendFileSync(OUTPUT_LOG, `$ minilvb init (pty)\n${s.screen}\n`);

    const file = join(cwd, 'minilvb.config.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {
      protocol: 'path',
      credentials: 'current',
      lvb: { pushDomain: 'push.example.com', pushKey: TEST_SECRETS.pushKey, apiKey: TEST_SECRETS.apiKey },
      im: { sdkAppId: 1400123456, secretKey: TEST_SECRETS.imSecretKey, administrator: 'admin' },
      cos: {
        appId: 1250000000,
        region: 'ap-guangzhou',
        bucket: 'xiaozhibo',
        secretId: TEST_SECRETS.cosSecretId,
        secretKey: TEST_SECRETS.cosSecretKey,
      },
      server: { publicUrl: 'https://live.example.com', phpRoot: '/data/live_demo_service' },
    });
    assert.deepEqual(secretsShown(s.screen), [], 'typed secrets are never shown');
    assert.match(s.screen, /\? COS SecretKey \*{32}/);
    assert.match(s.screen, /created\s+.*php\/conf\/OutDefine\.php/);
  });

  it('re-running edits: existing values are the defaults, Enter keeps secrets, files edited by hand need a yes', async () => {
    writeFileSync(join(cwd, 'minilvb-files/php/conf/OutDefine.php'), '<?php // edited by hand\n');
    const s = start([]);
    await s.answer('Credential generation', '');
    await s.answer('App protocol', '');
    for (const label of [
      'Push domain',
      'Play domain',
      'Push anti-leech key',
      'Play anti-leech key',
      'Callback / API key',
      'IM SDKAppID',
      'IM secret key',
      'IM administrator',
      'COS APPID',
      'COS region',
    ]) {
      await s.answer(`? ${label}`, '');
    }
    await s.answer('? COS bucket (xiaozhibo)', 'otherbucket');
    for (const label of [
      'COS SecretId (Enter keeps AKID…Gz0K)',
      'COS SecretKey',
      'Server URL for the apps (https://live.example.com)',
      'nginx server_name',
      'TLS certificate path',
      'TLS key path',
      'PHP code root',
    ]) {
      await s.answer(`? ${label}`, '');
    }
    await s.answer('Use a MySQL/MariaDB database?', '');
    await s.answer('? Cloud API SecretId', '');
    await s.answer('? Cloud API SecretKey', '');
    await s.answer('? Write ', '');
    await s.waitFor('These files exist and would change');
    await s.answer(/Overwrite 1 file\?/, 'y');
    assert.equal(await s.exited(), 0, s.screen.slice(-2000));
    appendFileSync(OUTPUT_LOG, `$ minilvb init (pty, re-run)\n${s.screen}\n`);
    const doc = JSON.parse(readFileSync(join(cwd, 'minilvb.config.json'), 'utf8')) as {
      cos: Record<string, unknown>;
      lvb: Record<string, unknown>;
    };
    assert.equal(doc.cos.bucket, 'otherbucket');
    assert.equal(doc.cos.secretKey, TEST_SECRETS.cosSecretKey);
    assert.equal(doc.lvb.apiKey, TEST_SECRETS.apiKey);
    assert.match(
      readFileSync(join(cwd, 'minilvb-files/php/conf/OutDefine.php'), 'utf8'),
      /define\('COSKEY_BUCKET', 'otherbucket'\);/,
    );
    assert.deepEqual(secretsShown(s.screen), []);
  });
});

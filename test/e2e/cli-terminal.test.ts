/**
 * The CLI in real terminals (issue 8 items 1, 5, 8): a 0×0 terminal, Ctrl-C at a prompt, a PEM
 * pasted at the key prompt. Each runs the built binary in a pseudo-terminal (test/helpers/pty.ts).
 */
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import {
  currentConfig,
  projectDir,
  TEST_IM_PRIVATE_KEY,
  TEST_IM_PUBLIC_KEY,
  TEST_SECRETS,
} from '../helpers/fixtures.js';
import { PtySession } from '../helpers/pty.js';
import { BIN, OUTPUT_LOG } from '../helpers/run-cli.js';

const sessions: PtySession[] = [];
afterAll(() => {
  for (const s of sessions) s.kill();
});
const home = mkdtempSync(join(tmpdir(), 'minilvb-home-'));

function start(args: string[], cwd: string, size?: { cols: number; rows: number }): PtySession {
  const s = new PtySession([process.execPath, BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', CI: undefined },
    ...(size ? { size } : {}),
  });
  sessions.push(s);
  return s;
}

describe('a terminal that reports 0×0', () => {
  it('doctor finishes (no spinner redrawing forever) and prints a bounded report', async () => {
    const s = start(['doctor', 'config'], projectDir(currentConfig()), { cols: 0, rows: 0 });
    const code = await s.exited(20_000);
    assert.ok([0, 1].includes(code), s.screen.slice(-1500));
    assert.match(s.screen, /config\.credentials/);
    assert.ok(s.rawLength < 64 * 1024, `${s.rawLength} bytes shown`);
  });
});

describe('Ctrl-C at an init prompt', () => {
  it('cancels with one line and exit 130, writes no config, and the next init offers the answers given so far', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'minilvb-cancel-'));
    const s = start(['init'], cwd);
    await s.answer('Credential generation', '');
    await s.answer('App protocol', '');
    await s.answer('? Push domain', 'push.example.com');
    await s.waitFor('? Play domain');
    s.type('\x03');
    assert.equal(await s.exited(), 130, s.screen.slice(-1500));
    appendFileSync(OUTPUT_LOG, `$ minilvb init (pty, Ctrl-C)\n${s.screen}\n`);
    assert.doesNotMatch(s.screen, /MLVB_INTERNAL|report it|Error/);
    assert.equal(s.screen.match(/cancelled/g)?.length, 1, s.screen.slice(-800));
    assert.match(
      s.screen,
      /cancelled; nothing was written; the answers so far are kept in \S+minilvb\.config\.json\.draft \(0600\)/,
    );
    assert.ok(!existsSync(join(cwd, 'minilvb.config.json')));
    assert.ok(!existsSync(join(cwd, 'minilvb-files')));
    const draft = join(cwd, 'minilvb.config.json.draft');
    assert.equal(statSync(draft).mode & 0o777, 0o600);
    assert.equal(
      (JSON.parse(readFileSync(draft, 'utf8')) as { answers: Record<string, unknown> }).answers['lvb.pushDomain'],
      'push.example.com',
    );

    const again = start(['init'], cwd);
    await again.waitFor('answers of the cancelled init');
    await again.answer('Credential generation', '');
    await again.answer('App protocol', '');
    await again.waitFor('? Push domain (push.example.com)');
    again.type('\x03');
    assert.equal(await again.exited(), 130);
    assert.deepEqual(readdirSync(cwd).sort(), ['minilvb.config.json.draft']);
  });
});

describe('the IM key prompt of init', () => {
  it('takes a pasted multi-line PEM or a path, never echoes the key, and re-asks a missing file', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'minilvb-pem-'));
    writeFileSync(join(cwd, 'public_key'), TEST_IM_PUBLIC_KEY);
    const s = start(
      [
        'init',
        '--no-generate',
        '--credentials',
        'legacy',
        '--lvb-app-id',
        '1252463788',
        '--bizid',
        '8888',
        '--push-key',
        TEST_SECRETS.pushKey,
        '--api-key',
        TEST_SECRETS.apiKey,
        '--im-sdkappid',
        '1400012345',
        '--im-account-type',
        '18647',
        '--cos-app-id',
        '1250000000',
        '--cos-bucket',
        'xiaozhibo',
        '--cos-region',
        'ap-shanghai',
        '--cos-secret-id',
        TEST_SECRETS.cosSecretId,
        '--cos-secret-key',
        TEST_SECRETS.cosSecretKey,
        '--public-url',
        'http://127.0.0.1:8080',
      ],
      cwd,
    );
    await s.answer('Credential generation', '');
    await s.answer('App protocol', '');
    for (const label of [
      'LVB APP_ID (legacy)',
      'LVB bizid',
      'Push anti-leech key',
      'Callback / API key',
      'IM SDKAppID',
      'IM accountType (legacy)',
      'IM administrator',
    ])
      await s.answer(`? ${label}`, '');
    await s.waitFor('? IM private key (legacy)');
    // A terminal sends a paste as typed keys, each newline as Enter.
    s.type(TEST_IM_PRIVATE_KEY.replace(/\n/g, '\r'));
    await s.waitFor('key pasted (5 lines)');
    await s.answer('? IM public key (legacy)', 'no_such_key');
    await s.waitFor('cannot read no_such_key (ENOENT)');
    await s.answer('? IM public key (legacy)', 'public_key');
    for (const label of [
      'COS APPID',
      'COS region',
      'COS bucket',
      'COS SecretId',
      'COS SecretKey',
      'Server URL for the apps',
      'nginx server_name',
      'TLS certificate path',
      'TLS key path',
      'PHP code root',
    ])
      await s.answer(`? ${label}`, '');
    await s.answer('Use a MySQL/MariaDB database?', 'n');
    await s.answer('? Cloud API SecretId', '');
    await s.answer('? Cloud API SecretKey', '');
    await s.answer('? Write ', '');
    assert.equal(await s.exited(), 0, s.screen.slice(-2000));
    const doc = JSON.parse(readFileSync(join(cwd, 'minilvb.config.json'), 'utf8')) as { im: Record<string, unknown> };
    assert.equal(doc.im.privateKey, TEST_IM_PRIVATE_KEY);
    assert.equal(doc.im.publicKey, TEST_IM_PUBLIC_KEY);
    assert.ok(!s.screen.includes('MIGEAgEAMBAGByqGSM49'), 'the pasted key is not echoed');
    appendFileSync(OUTPUT_LOG, `$ minilvb init (pty, pasted PEM)\n${s.screen}\n`);
  });
});

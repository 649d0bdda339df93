/**
 * Login floods (issue 9 item 4): attempts are limited per userid and per client address (code
 * 429), the KDF has a bounded queue, and a flood of wrong-password logins no longer holds back
 * other users' writes (the embedded store's fsync shares libuv's pool with scrypt).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { clientPasswordHash } from '../../src/sign/index.js';
import { currentConfig } from '../helpers/fixtures.js';
import { DEFAULT_SCRYPT_N } from '../../src/server/abuse/kdf-queue.js';
import { post, registerAndLogin, signed, startTestServer } from '../helpers/server-client.js';

const withServer = (server: Record<string, unknown>) =>
  currentConfig({ server: { publicUrl: 'http://127.0.0.1:8080', ...server } });
const badLogin = (url: string, userid: string, headers: Record<string, string> = {}) =>
  post(url, '/login', { userid, password: 'f'.repeat(32) }, headers);

describe('login and register rate limits', () => {
  it('limits attempts per userid (429), leaves other users alone, and allows again after the minute', async () => {
    const s = await startTestServer({ raw: withServer({ loginLimitPerUser: 3 }) });
    try {
      await registerAndLogin(s.url, 'rlvictim');
      const other = await registerAndLogin(s.url, 'rlother');
      // registerAndLogin made 2 attempts for rlvictim: one more is allowed, then 429.
      assert.equal((await badLogin(s.url, 'rlvictim')).json.code, 621);
      const limited = await badLogin(s.url, 'rlvictim');
      assert.equal(limited.json.code, 429);
      assert.match(
        String(limited.json.message),
        /^Too Many Requests \| login: too many attempts for this userid, retry in \d+ s$/,
      );
      assert.equal(
        (await post(s.url, '/login', { userid: 'RLVICTIM', password: 'x' })).json.code,
        429,
        'userids differing in case count together',
      );
      assert.equal((await post(s.url, '/login', { userid: 'rlother', password: other.password })).json.code, 200);
      s.clock.advance(61);
      assert.equal((await badLogin(s.url, 'rlvictim')).json.code, 621, 'a new minute, new attempts');
    } finally {
      await s.close();
    }
  });

  it('limits attempts per client address, trusting only the address nginx appended to X-Forwarded-For', async () => {
    const s = await startTestServer({ raw: withServer({ loginLimitPerAddress: 4 }) });
    try {
      const from = (addr: string) => ({ 'X-Forwarded-For': addr });
      for (let i = 0; i < 4; i += 1)
        assert.equal((await badLogin(s.url, `addr${i}`, from('203.0.113.9'))).json.code, 620);
      assert.equal((await badLogin(s.url, 'addr9', from('203.0.113.9'))).json.code, 429);
      // A client cannot escape by sending its own X-Forwarded-For: nginx appends the real peer last.
      assert.equal((await badLogin(s.url, 'addr9', from('198.51.100.1, 203.0.113.9'))).json.code, 429);
      const reg = await post(
        s.url,
        '/register',
        { userid: 'addrnew', password: clientPasswordHash('p', 'addrnew') },
        from('203.0.113.9'),
      );
      assert.equal(reg.json.code, 429, 'register counts too');
      assert.equal(
        (await badLogin(s.url, 'addr9', from('203.0.113.10'))).json.code,
        620,
        'another address is not limited',
      );
    } finally {
      await s.close();
    }
  });

  it('refuses password work beyond the KDF queue with 429 instead of queueing without end', async () => {
    const s = await startTestServer({
      raw: withServer({ kdfConcurrency: 1, kdfQueue: 1 }),
      options: { kdfCost: DEFAULT_SCRYPT_N },
    });
    try {
      await registerAndLogin(s.url, 'kdfuser');
      const codes = (await Promise.all(Array.from({ length: 12 }, () => badLogin(s.url, 'kdfuser')))).map(
        (r) => r.json.code,
      );
      assert.ok(codes.includes(621), `some were checked: ${codes.join(',')}`);
      assert.ok(codes.includes(429), `some were refused: ${codes.join(',')}`);
    } finally {
      await s.close();
    }
  });
});

describe("a wrong-password flood and other users' writes (embedded store)", () => {
  it('a write waits for at most a few hashes, not for the whole queue of a sustained 32-connection flood', async () => {
    const s = await startTestServer({
      raw: withServer({ loginLimitPerAddress: 0, loginLimitPerUser: 0 }),
      options: { kdfCost: DEFAULT_SCRYPT_N },
    });
    try {
      await registerAndLogin(s.url, 'floodvictim');
      const writer = await registerAndLogin(s.url, 'floodwriter');
      let answered = 0;
      let stop = false;
      const worker = async (): Promise<void> => {
        for (let i = 0; i < 400 && !stop; i += 1) {
          assert.equal((await badLogin(s.url, 'floodvictim')).json.code, 621);
          answered += 1;
        }
      };
      const flood = Promise.all(Array.from({ length: 32 }, worker));
      // Steady state: every connection has had an answer and sent its next login.
      for (let i = 0; i < 2000 && answered < 40; i += 1) await new Promise((r) => setTimeout(r, 10));
      const before = answered;
      const write = await signed(s.url, '/upload_user_info', 'floodwriter', writer.token, { nickname: 'still fast' });
      const during = answered - before;
      stop = true;
      await flood;
      assert.equal(write.json.code, 200);
      // Before the KDF had its own queue, the write's fsync queued behind every waiting scrypt
      // (about one per flooding connection); now the thread pool always has room for it.
      assert.ok(during < 8, `${during} bad logins were answered while one write waited`);
    } finally {
      await s.close();
    }
  });
});

/**
 * Graceful shutdown (an in-flight request completes), database outage (500 on the path
 * protocol, 503 on callbacks, one clear log line) and recovery without a restart, and redaction
 * of the server log.
 */
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { clientPasswordHash } from '../../src/sign/index.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';
import { startMariaDB, type PrivateMariaDB } from '../helpers/mariadb.js';
import {
  post,
  recordingEvent,
  registerAndLogin,
  send,
  signed,
  startTestServer,
  type TestServer,
} from '../helpers/server-client.js';

describe('graceful shutdown', () => {
  it('close() lets an in-flight request finish, then refuses new connections', async () => {
    const s = await startTestServer();
    // A client that keeps its connection open after the answer, as nginx's upstream keepalive does.
    const agent = new Agent({ keepAlive: true });
    const password = clientPasswordHash('pw', 'inflight');
    const body = JSON.stringify({ userid: 'inflight', password });
    const port = s.running.port;
    let received = false;
    s.running.server.once('request', () => {
      received = true;
    });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/register',
          method: 'POST',
          agent,
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => {
            text += d.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      const wait = setInterval(() => {
        if (!received) return;
        clearInterval(wait);
        // The request is in flight (headers in, body half sent): shut down, then finish the body.
        const closing = s.close();
        setTimeout(() => req.end(body.slice(10)), 200);
        void closing;
      }, 10);
      setTimeout(() => {
        clearInterval(wait);
      }, 5000).unref();
    });
    const r = await answer;
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), { code: 200, message: 'OK', data: {} });
    const drainStart = Date.now();
    await s.running.closed;
    // The idle keep-alive connection was closed as soon as its request ended, not cut at the 10 s drain timeout.
    assert.ok(Date.now() - drainStart < 5000, `the drain took ${Date.now() - drainStart} ms`);
    agent.destroy();
    await assert.rejects(fetch(`${s.url}/healthz`, { signal: AbortSignal.timeout(3000) }));
  });
});

describe('database outage and recovery (private MariaDB)', () => {
  let db: PrivateMariaDB;
  let s: TestServer;
  beforeAll(async () => {
    db = await startMariaDB();
    s = await startTestServer({ store: 'mysql', mariadb: db });
  });
  afterAll(async () => {
    await s?.close();
    await db?.stop();
  });

  it('answers 500 / 503 while the database is down, one error line, and recovers by itself', async () => {
    const u = await registerAndLogin(s.url, 'outage1');
    assert.equal((await signed(s.url, '/upload_room', 'outage1', u.token, { title: 'before' })).json.code, 200);
    await db.pause();
    for (let i = 0; i < 3; i++) {
      const r = await signed(s.url, '/get_user_info', 'outage1', u.token);
      assert.deepEqual(
        [r.status, r.json],
        [200, { code: 500, message: 'Internal Server Error(db operate error)', data: {} }],
      );
    }
    const start = Math.floor(Date.now() / 1000) - 4000;
    const cb = await post(
      s.url,
      '/callback/tape_callback.php',
      recordingEvent(TEST_SECRETS.apiKey, 'outage1', 'during', start, start + 600),
    );
    assert.equal(cb.status, 503);
    assert.equal((await send(s.url, '/readyz', { method: 'GET' })).status, 503);
    assert.equal((await send(s.url, '/healthz', { method: 'GET' })).status, 200);
    assert.equal((await post(s.url, '/login', { userid: 'outage1', password: u.password })).json.code, 500);
    const down = s.logs().filter((l) => l.level === 'error' && String(l.msg).startsWith('database unavailable'));
    assert.equal(down.length, 1, 'one clear line for the whole outage');

    await db.resume();
    let code = 0;
    for (let i = 0; i < 60 && code !== 200; i++) {
      code = (await signed(s.url, '/get_user_info', 'outage1', u.token)).json.code as number;
      if (code !== 200) await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(code, 200, 'recovered without a restart');
    // Tencent retries the callback after the 503: now it is stored.
    assert.deepEqual(
      (
        await post(
          s.url,
          '/callback/tape_callback.php',
          recordingEvent(TEST_SECRETS.apiKey, 'outage1', 'during', start, start + 600),
        )
      ).json,
      { code: 0 },
    );
    assert.ok(await s.store.getVod('outage1', 'during'));
    assert.equal((await send(s.url, '/readyz', { method: 'GET' })).status, 200);
    assert.ok(s.logs().some((l) => l.msg === 'database reachable again'));
  });
});

describe('server log', () => {
  it('JSON lines with request facts; no secrets, tokens, passwords or signatures', async () => {
    const s = await startTestServer();
    const leaked: string[] = [];
    try {
      const u = await registerAndLogin(s.url, 'logged1', 'my-plain-password');
      const rs = u.data.roomservice_sign as { userSig: string };
      const ref = await post(s.url, '/refresh', { userid: 'logged1', refresh_token: u.refresh });
      const d = ref.json.data as { token: string; refresh_token: string };
      const cos = (await signed(s.url, '/get_cos_sign', 'logged1', d.token)).json.data as { signKey: string };
      await signed(s.url, '/upload_room', 'logged1', d.token, { title: 'x' });
      await post(s.url, '/callback/tape_callback.php', recordingEvent(TEST_SECRETS.apiKey, 'logged1', 'lg1', 1, 2));
      await send(s.url, `/${TEST_SECRETS.apiKey}`, { method: 'GET' });
      await post(s.url, '/login', { userid: 'logged1', password: 'wrongpass' });
      const text = s.logText();
      for (const v of [
        ...Object.values(TEST_SECRETS),
        u.token,
        u.refresh,
        u.password,
        d.token,
        d.refresh_token,
        rs.userSig,
        cos.signKey,
        'my-plain-password',
      ]) {
        if (text.includes(v)) leaked.push(v.slice(0, 6));
      }
      assert.deepEqual(leaked, []);
      const requests = s.logs().filter((l) => l.msg === 'request');
      assert.ok(requests.length >= 8);
      const login = requests.find((l) => l.endpoint === 'login');
      assert.deepEqual(Object.keys(login ?? {}).sort(), [
        'code',
        'endpoint',
        'id',
        'level',
        'method',
        'ms',
        'msg',
        'path',
        'status',
        'time',
        'userid',
      ]);
      assert.equal(requests.find((l) => l.code === 621)?.endpoint, 'login');
      assert.ok(requests.some((l) => l.path === '/callback/tape_callback.php' && l.event === 100));
    } finally {
      await s.close();
    }
  });
});

/**
 * Scale-out (issue 9): three real `minilvb serve` processes on one MariaDB behind a round-robin
 * HTTP proxy (as nginx or a cloud load balancer would be). Under mixed write load no
 * acknowledged write is lost; a login made on one instance is valid on the others; a refresh
 * token works once across all of them; and the recording list converges on every instance
 * within the documented cache window (README "Several instances").
 */
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, it } from 'vitest';
import mysql from 'mysql2/promise';
import { TEST_SECRETS, currentConfig, projectDir } from '../helpers/fixtures.js';
import { createTestDatabase, getMariaDB, type MariaDBServer } from '../helpers/mariadb.js';
import { freePort } from '../helpers/ports.js';
import { spawnServe, type ServeProcess } from '../helpers/serve-process.js';
import { until } from '../helpers/until.js';
import { post, recordingEvent, registerAndLogin, signed } from '../helpers/server-client.js';

/** The documented window: the one list cache (server.listCacheMs, 1 s). */
const LIST_WINDOW_MS = 1000;
const CLIENTS = 12;

let server: MariaDBServer;
let dbName = '';
const instances: ServeProcess[] = [];
let proxy: Server;
let proxyUrl = '';
const served = [0, 0, 0];

/** Forwards each request to the next instance in turn. */
function roundRobinProxy(ports: number[]): Server {
  let next = 0;
  return createServer((req, res) => {
    const i = next++ % ports.length;
    served[i] = (served[i] ?? 0) + 1;
    const up = request(
      { host: '127.0.0.1', port: ports[i], path: req.url, method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
}

beforeAll(async () => {
  server = await getMariaDB();
  dbName = await createTestDatabase(server, 'scale');
  const cwd = projectDir(
    currentConfig({
      db: { host: server.host, port: server.port, name: dbName, user: server.user, password: server.password },
    }),
  );
  // Started at the same time on an empty database: one migrates, the others wait on the migration lock.
  const ports = [await freePort(), await freePort(), await freePort()];
  instances.push(...(await Promise.all(ports.map((port) => spawnServe({ cwd, port })))));
  for (const s of instances) assert.deepEqual(s.doc.warnings ?? [], [], 'every instance found the database ready');
  proxy = roundRobinProxy(instances.map((s) => Number(new URL(s.url).port)));
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  proxy?.close();
  for (const s of instances) await s.stop();
  await server.stop();
});

describe('three serve instances on one MariaDB behind a round-robin proxy', () => {
  it('loses no acknowledged write under mixed load through the proxy', async () => {
    const t = Math.floor(Date.now() / 1000) - 4000;
    const acked = { users: [] as string[], nicknames: new Map<string, string>(), vods: [] as string[] };
    const client = async (c: number): Promise<void> => {
      const userid = `scale${c}u`;
      const u = await registerAndLogin(proxyUrl, userid);
      acked.users.push(userid);
      assert.equal((await signed(proxyUrl, '/upload_room', userid, u.token, { title: `room ${c}` })).json.code, 200);
      for (let k = 0; k < 6; k += 1) {
        const nickname = `nick${c}_${k}`;
        if ((await signed(proxyUrl, '/upload_user_info', userid, u.token, { nickname })).json.code === 200)
          acked.nicknames.set(userid, nickname);
        const fileId = `sv${c}_${k}`;
        const cb = await post(
          proxyUrl,
          '/callback/tape_callback.php',
          recordingEvent(TEST_SECRETS.apiKey, userid, fileId, t + k * 700, t + k * 700 + 600),
        );
        if (cb.status === 200 && cb.json.code === 0) acked.vods.push(`${userid}/${fileId}`);
        assert.equal(
          (await signed(proxyUrl, '/get_vod_list', userid, u.token, { index: 1, count: 100 })).json.code,
          200,
        );
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_v, c) => client(c)));
    assert.ok(
      served.every((n) => n > 50),
      `every instance took part: ${served.join(', ')}`,
    );
    assert.equal(acked.users.length, CLIENTS);
    assert.equal(acked.vods.length, CLIENTS * 6, 'every recording callback was acknowledged');

    const c = await mysql.createConnection({
      host: server.host,
      port: server.port,
      user: server.user,
      password: server.password,
      database: dbName,
    });
    try {
      const [accounts] = await c.query('SELECT userid, nickname FROM tb_account WHERE userid LIKE ?', ['scale%']);
      const nick = new Map(
        (accounts as Array<{ userid: string; nickname: string }>).map((r) => [r.userid, r.nickname]),
      );
      for (const u of acked.users) assert.ok(nick.has(u), `account ${u} is stored`);
      for (const [u, n] of acked.nicknames)
        assert.equal(nick.get(u), n, `the last acknowledged nickname of ${u} is stored`);
      const [vods] = await c.query('SELECT CONCAT(userid, "/", file_id) AS k FROM tb_vod WHERE userid LIKE ?', [
        'scale%',
      ]);
      const stored = new Set((vods as Array<{ k: string }>).map((r) => r.k));
      for (const v of acked.vods) assert.ok(stored.has(v), `recording ${v} is stored`);
      assert.equal(stored.size, acked.vods.length, 'no phantom or duplicated recording');
    } finally {
      await c.end();
    }
  });

  it('a login made on one instance is valid on the others', async () => {
    const [a, b, c] = instances as [ServeProcess, ServeProcess, ServeProcess];
    const u = await registerAndLogin(a.url, 'crosslogin1');
    for (const s of [b, c])
      assert.equal((await signed(s.url, '/get_user_info', 'crosslogin1', u.token)).json.code, 200);
    // A new login on B replaces the token; A (which has the old session cached) follows within the window.
    const again = await post(b.url, '/login', { userid: 'crosslogin1', password: u.password });
    const token = (again.json.data as { token: string }).token;
    await until(
      'the new token is accepted on A',
      async () => (await signed(a.url, '/get_user_info', 'crosslogin1', token)).json.code === 200,
      LIST_WINDOW_MS + 3000,
    );
    await until(
      'the old token is refused on A',
      async () => (await signed(a.url, '/get_user_info', 'crosslogin1', u.token)).json.code === 498,
      LIST_WINDOW_MS + 3000,
    );
  });

  it('a refresh token works exactly once across all instances, even presented to all at once', async () => {
    const u = await registerAndLogin(proxyUrl, 'refreshonce1');
    const answers = await Promise.all(
      instances.map((s) => post(s.url, '/refresh', { userid: 'refreshonce1', refresh_token: u.refresh })),
    );
    const codes = answers.map((a) => a.json.code).sort();
    assert.deepEqual(codes, [200, 498, 498], 'one instance honoured it, the others refused it');
    const winner = answers.find((a) => a.json.code === 200);
    const fresh = (winner?.json.data as { token: string }).token;
    for (const s of instances)
      assert.equal((await signed(s.url, '/get_user_info', 'refreshonce1', fresh)).json.code, 200);
  });

  it('a recording stored through one instance shows in every instance list within the documented window', async () => {
    const u = await registerAndLogin(proxyUrl, 'listconv1');
    assert.equal((await signed(proxyUrl, '/upload_room', 'listconv1', u.token, { title: 'converge' })).json.code, 200);
    const has = async (s: ServeProcess): Promise<boolean> => {
      const r = await signed(s.url, '/get_vod_list', 'listconv1', u.token, { index: 1, count: 100 });
      return (r.json.data as { list: Array<{ file_id: string }> }).list.some((v) => v.file_id === 'conv1');
    };
    for (const s of instances) assert.equal(await has(s), false, 'every instance has the list cached without it');
    const t = Math.floor(Date.now() / 1000) - 700;
    const cb = await post(
      instances[0]!.url,
      '/callback/tape_callback.php',
      recordingEvent(TEST_SECRETS.apiKey, 'listconv1', 'conv1', t, t + 600),
    );
    assert.deepEqual(cb.json, { code: 0 });
    assert.equal(await has(instances[0]!), true, 'the instance that stored it shows it at once');
    for (const s of instances.slice(1))
      await until(`the list of ${s.url} converges`, () => has(s), LIST_WINDOW_MS + 3000);
  });
});

/**
 * Server benchmark (not a test; `npm run bench:server`, about 2 minutes). For BOTH stores — the
 * embedded store and a private MariaDB — it seeds 25 recordings and three users, runs the real
 * `minilvb serve` (built binary, own process, request logs on), and measures with autocannon on
 * 127.0.0.1 req/s and p99 of `get_vod_list`, `login` and `upload_user_info`, first unloaded, then
 * while 50 other connections send wrong-password logins. A plain `http` server answering the same
 * get_vod_list bytes gives the Node ceiling. Rate limits are off here, so the flood reaches scrypt
 * (the worst case the KDF queue must absorb).
 * Target: under the flood, get_vod_list and upload_user_info p99 within 2x of unloaded p99.
 * BENCH_SECONDS (default 4), BENCH_CONNECTIONS (measured load, default 10), BENCH_FLOOD (default 50).
 */
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase, openStore } from '../../src/db/index.js';
import type { Store } from '../../src/db/store.js';
import { hashPassword } from '../../src/server/credentials.js';
import { clientPasswordHash, liteavSig } from '../../src/sign/index.js';
import { createTestDatabase, startMariaDB } from '../helpers/mariadb.js';
import { freePort } from '../helpers/ports.js';
import { startChild, stopChild } from './child.js';
import { benchRoomService } from './roomservice.js';

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
}
interface AutocannonResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const FLOOD = Number(process.env.BENCH_FLOOD ?? 50);
const BIN = new URL('../../bin/minilvb.js', import.meta.url).pathname;
const TOKEN = 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';
/** Login needs IM credentials to sign roomservice_sign (test values, not a real account). */
const IM = { MINILVB_IM_SDKAPPID: '1400123456', MINILVB_IM_SECRETKEY: 'a'.repeat(64) };
const ENDPOINTS = ['get_vod_list', 'login', 'upload_user_info'] as const;
type Endpoint = (typeof ENDPOINTS)[number];
interface Row {
  label: string;
  results: Partial<Record<Endpoint, AutocannonResult>>;
}

async function seed(store: Store): Promise<void> {
  const now = Date.now();
  await store.createAccount('benchuser', 'x');
  await store.updateAccount('benchuser', { nickname: 'Bench 用户', avatar: 'http://a/avatar.png', sex: 1 });
  await store.putSession({
    userid: 'benchuser',
    token: TOKEN,
    tokenExpires: new Date(now + 86400_000),
    refreshSha256: '0'.repeat(64),
    refreshExpires: new Date(now + 86400_000),
  });
  await store.createAccount('loginuser', await hashPassword(clientPasswordHash('secret', 'loginuser')));
  await store.createAccount('flooduser', await hashPassword(clientPasswordHash('secret', 'flooduser')));
  for (let i = 0; i < 25; i++) {
    await store.insertVod({
      userid: 'benchuser',
      fileId: `528${String(i).padStart(16, '0')}`,
      startTime: new Date(now - (i + 2) * 3600_000),
      createTime: new Date(now - (i + 1) * 3600_000),
      title: `Recording ${i} — 直播回放`,
      frontcover: 'http://c/cover.jpg',
      location: 'Shenzhen',
      playUrl: `http://1250000000.vod2.myqcloud.com/abc/${i}/f0.mp4`,
      hlsPlayUrl: `http://1250000000.vod2.myqcloud.com/abc/${i}/playlist.m3u8`,
    });
  }
  await store.close();
}

function requests(url: string): Record<Endpoint, Record<string, unknown>> {
  const ts = Math.floor(Date.now() / 1000);
  const vod = JSON.stringify({ userid: 'benchuser', timestamp: ts, expires: 10, index: 1, count: 20 });
  const upload = JSON.stringify({ userid: 'benchuser', timestamp: ts, expires: 10, nickname: 'Bench 用户 2', sex: 0 });
  const signed = (path: string, body: string) => ({
    url: `${url}${path}`,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'liteav-sig': liteavSig(TOKEN, body) },
  });
  return {
    get_vod_list: signed('/get_vod_list', vod),
    login: {
      url: `${url}/login`,
      method: 'POST',
      body: JSON.stringify({ userid: 'loginuser', password: clientPasswordHash('secret', 'loginuser') }),
      headers: { 'content-type': 'application/json' },
    },
    upload_user_info: signed('/upload_user_info', upload),
  };
}

/** Each endpoint for SECONDS (after 1 s of warm-up), optionally under a bad-login flood. */
async function measure(url: string, flood: boolean): Promise<Partial<Record<Endpoint, AutocannonResult>>> {
  const out: Partial<Record<Endpoint, AutocannonResult>> = {};
  const floodRun = flood
    ? autocannon({
        url: `${url}/login`,
        method: 'POST',
        body: JSON.stringify({ userid: 'flooduser', password: 'f'.repeat(32) }),
        headers: { 'content-type': 'application/json' },
        connections: FLOOD,
        duration: ENDPOINTS.length * (SECONDS + 1) + 2,
      })
    : undefined;
  if (flood) await new Promise((r) => setTimeout(r, 1500));
  for (const ep of ENDPOINTS) {
    const opts = requests(url)[ep];
    await autocannon({ ...opts, connections: CONNECTIONS, duration: 1 });
    out[ep] = await autocannon({ ...opts, connections: CONNECTIONS, duration: SECONDS });
  }
  await floodRun;
  return out;
}

async function benchStore(kind: 'embedded' | 'mysql', env: Record<string, string>, cwd: string): Promise<Row[]> {
  const port = await freePort();
  const server = await startChild(
    [BIN, 'serve', '--port', String(port), '--json'],
    {
      ...env,
      ...IM,
      MINILVB_LOG_FILE: join(cwd, 'server.log'),
      MINILVB_LOG_LEVEL: 'info',
      MINILVB_LOGIN_LIMIT_PER_ADDRESS: '0',
      MINILVB_LOGIN_LIMIT_PER_USER: '0',
    },
    cwd,
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    const check = (await (
      await fetch(requests(url).get_vod_list.url as string, {
        method: 'POST',
        body: requests(url).get_vod_list.body as string,
        headers: requests(url).get_vod_list.headers as Record<string, string>,
      })
    ).json()) as { code: number; data: { list: unknown[] } };
    if (check.code !== 200 || check.data.list.length !== 20)
      throw new Error(`get_vod_list sanity check failed: ${JSON.stringify(check).slice(0, 300)}`);
    // Both logins must reach scrypt: a login refused earlier (e.g. missing IM config) measures nothing.
    for (const [body, want] of [
      [requests(url).login.body, 200],
      [JSON.stringify({ userid: 'flooduser', password: 'f'.repeat(32) }), 621],
    ] as const) {
      const r = (await (await fetch(`${url}/login`, { method: 'POST', body: body as string })).json()) as {
        code: number;
      };
      if (r.code !== want) throw new Error(`login sanity check: expected ${want}, got ${JSON.stringify(r)}`);
    }
    return [
      { label: `${kind}, unloaded`, results: await measure(url, false) },
      { label: `${kind}, ${FLOOD}-conn bad-login flood`, results: await measure(url, true) },
    ];
  } finally {
    await stopChild(server);
  }
}

/** A plain Node http server answering the same get_vod_list bytes: the ceiling of this machine. */
async function ceiling(cwd: string, reply: string): Promise<Row> {
  const port = await freePort();
  const code = `require('http').createServer((q, s) => { q.resume(); q.on('end', () => { s.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }); s.end(${JSON.stringify(reply)}); }); }).listen(${port}, '127.0.0.1', () => console.log('ready'));`;
  const child = await startChild(['-e', code], {}, cwd);
  try {
    const opts = { ...requests(`http://127.0.0.1:${port}`).get_vod_list, connections: CONNECTIONS };
    await autocannon({ ...opts, duration: 1 });
    return {
      label: 'plain node http (same JSON)',
      results: { get_vod_list: await autocannon({ ...opts, duration: SECONDS }) },
    };
  } finally {
    await stopChild(child);
  }
}

function print(rows: Row[]): void {
  const cell = (r: AutocannonResult | undefined): string =>
    r
      ? `${r.requests.average.toFixed(0).padStart(6)} ${String(r.latency.p99).padStart(5)}${r.non2xx + r.errors + r.timeouts > 0 ? '!' : ' '}`
      : ''.padStart(13);
  console.log(`${'scenario'.padEnd(36)}${ENDPOINTS.map((e) => e.padStart(20)).join('')}`);
  console.log(`${''.padEnd(36)}${ENDPOINTS.map(() => '  req/s p99ms'.padStart(20)).join('')}`);
  for (const row of rows)
    console.log(`${row.label.padEnd(36)}${ENDPOINTS.map((e) => cell(row.results[e]).padStart(20)).join('')}`);
  console.log('(! = some errors, timeouts or non-2xx answers)');
}

async function main(): Promise<void> {
  const started = Date.now();
  const mariadb = await startMariaDB();
  const rows: Row[] = [];
  try {
    const embeddedCwd = mkdtempSync(join(tmpdir(), 'minilvb-bench-embedded-'));
    await seed(await openStore({ db: undefined, server: { dataDir: join(embeddedCwd, 'data') } as never }));
    const name = await createTestDatabase(mariadb, 'bench');
    const db = { host: mariadb.host, port: mariadb.port, name, user: mariadb.user, password: mariadb.password };
    await migrateDatabase({ db });
    await seed(await openStore({ db, server: { dataDir: '.' } as never }, { migrate: false }));

    console.log(
      `minilvb server benchmark: measured load ${CONNECTIONS} connections, ${SECONDS} s per endpoint; flood ${FLOOD} connections of wrong-password logins; request logs on; rate limits off`,
    );
    const embedded = await benchStore('embedded', { MINILVB_DATA_DIR: join(embeddedCwd, 'data') }, embeddedCwd);
    const mysqlCwd = mkdtempSync(join(tmpdir(), 'minilvb-bench-mysql-'));
    const mysql = await benchStore('mysql', mysqlEnv(db), mysqlCwd);
    rows.push(await ceiling(embeddedCwd, await vodReplyBytes(embeddedCwd)), ...embedded, ...mysql);
    print(rows);
    for (const [unloaded, flooded] of [
      [embedded[0], embedded[1]],
      [mysql[0], mysql[1]],
    ] as const) {
      for (const ep of ['get_vod_list', 'upload_user_info'] as const) {
        const a = unloaded?.results[ep]?.latency.p99 ?? 0;
        const b = flooded?.results[ep]?.latency.p99 ?? 0;
        const ratio = b / Math.max(a, 1);
        console.log(
          `${(flooded?.label ?? '').padEnd(40)} ${ep.padEnd(18)} p99 ${a} ms -> ${b} ms (${ratio.toFixed(1)}x, target <= 2x: ${ratio <= 2 ? 'ok' : 'MISSED'})`,
        );
      }
    }
    await benchRoomService('embedded', { MINILVB_DATA_DIR: join(embeddedCwd, 'rs-data') }, embeddedCwd);
    await benchRoomService('mysql', mysqlEnv(db), mysqlCwd);
    console.log(`bench took ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    await mariadb.stop();
  }
}

function mysqlEnv(db: { host: string; port: number; name: string; user: string; password: string }) {
  return {
    MINILVB_DB_HOST: db.host,
    MINILVB_DB_PORT: String(db.port),
    MINILVB_DB_NAME: db.name,
    MINILVB_DB_USER: db.user,
    MINILVB_DB_PASSWORD: db.password,
  };
}

/** The get_vod_list reply of a freshly seeded embedded store, for the ceiling server to send. */
async function vodReplyBytes(cwd: string): Promise<string> {
  const port = await freePort();
  const server = await startChild(
    [BIN, 'serve', '--port', String(port), '--json'],
    { MINILVB_DATA_DIR: join(cwd, 'data') },
    cwd,
  );
  try {
    const r = requests(`http://127.0.0.1:${port}`).get_vod_list;
    return await (
      await fetch(r.url as string, {
        method: 'POST',
        body: r.body as string,
        headers: r.headers as Record<string, string>,
      })
    ).text();
  } finally {
    await stopChild(server);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

/**
 * Server benchmark (not a test; `npm run bench:server`): a private MariaDB with the schema from
 * the db migrations, 25 recordings and a user seeded, the real `minilvb serve` (built binary, its
 * own process, request logs on at info level), then autocannon on 127.0.0.1 with 50 connections
 * for 10 s against a signed `get_vod_list` (20 recordings per reply) and `get_user_info`.
 * Prints req/s, p50, p99, errors and non-2xx. Target for get_vod_list: ≥ 5,000 req/s, p99 ≤ 20 ms.
 * BENCH_SECONDS / BENCH_CONNECTIONS change the load.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase, openStore } from '../../src/db/index.js';
import { liteavSig } from '../../src/sign/index.js';
import { createTestDatabase, freePort, startMariaDB } from '../helpers/mariadb.js';

interface Histogram { average: number; p50: number; p99: number; p97_5: number; max: number }
interface AutocannonResult { requests: Histogram & { total: number }; latency: Histogram; errors: number; timeouts: number; non2xx: number; '2xx': number }
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const BIN = new URL('../../bin/minilvb.js', import.meta.url).pathname;
const TOKEN = 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';

async function main(): Promise<void> {
  const mariadb = await startMariaDB();
  const name = await createTestDatabase(mariadb, 'bench');
  const db = { host: mariadb.host, port: mariadb.port, name, user: mariadb.user, password: mariadb.password };
  await migrateDatabase({ db });
  const store = await openStore({ db, server: { dataDir: '.' } as never }, { migrate: false });
  const now = Date.now();
  await store.createAccount('benchuser', 'x');
  await store.updateAccount('benchuser', { nickname: 'Bench 用户', avatar: 'http://a/avatar.png', sex: 1 });
  await store.putSession({ userid: 'benchuser', token: TOKEN, tokenExpires: new Date(now + 86400_000), refreshSha256: '0'.repeat(64), refreshExpires: new Date(now + 86400_000) });
  for (let i = 0; i < 25; i++) {
    await store.insertVod({
      userid: 'benchuser', fileId: `528${String(i).padStart(16, '0')}`, startTime: new Date(now - (i + 2) * 3600_000), createTime: new Date(now - (i + 1) * 3600_000),
      title: `Recording ${i} — 直播回放`, frontcover: 'http://c/cover.jpg', location: 'Shenzhen',
      playUrl: `http://1250000000.vod2.myqcloud.com/abc/${i}/f0.mp4`, hlsPlayUrl: `http://1250000000.vod2.myqcloud.com/abc/${i}/playlist.m3u8`,
    });
  }
  await store.close();

  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'minilvb-bench-'));
  const server = spawn(process.execPath, [...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []), BIN, 'serve', '--port', String(port), '--json'], {
    cwd,
    env: {
      PATH: process.env.PATH, HOME: cwd, NO_COLOR: '1',
      MINILVB_DB_HOST: db.host, MINILVB_DB_PORT: String(db.port), MINILVB_DB_NAME: db.name, MINILVB_DB_USER: db.user, MINILVB_DB_PASSWORD: db.password,
      MINILVB_LOG_FILE: join(cwd, 'server.log'), MINILVB_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start in 20 s')), 20_000);
    server.stdout?.on('data', (d: Buffer) => { out += d.toString(); if (/\}\s*$/.test(out)) { clearTimeout(timer); resolve(); } });
    server.once('exit', (c) => { clearTimeout(timer); reject(new Error(`server exited ${c}`)); });
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    const vodBody = JSON.stringify({ userid: 'benchuser', timestamp: Math.floor(now / 1000), expires: 10, index: 1, count: 20 });
    const infoBody = JSON.stringify({ userid: 'benchuser', timestamp: Math.floor(now / 1000), expires: 10 });
    const check = (await (await fetch(`${url}/get_vod_list`, { method: 'POST', body: vodBody, headers: { 'Liteav-Sig': liteavSig(TOKEN, vodBody) } })).json()) as { code: number; data: { list: unknown[] } };
    if (check.code !== 200 || check.data.list.length !== 20) throw new Error(`get_vod_list sanity check failed: ${JSON.stringify(check).slice(0, 300)}`);
    console.log(`minilvb server benchmark: ${CONNECTIONS} connections, ${SECONDS} s each, MariaDB on 127.0.0.1, request logs on`);
    for (const [label, path, body] of [['get_vod_list (20 recordings)', '/get_vod_list', vodBody], ['get_user_info', '/get_user_info', infoBody]] as const) {
      await autocannon({ url: `${url}${path}`, method: 'POST', body, headers: { 'content-type': 'application/json', 'liteav-sig': liteavSig(TOKEN, body) }, connections: CONNECTIONS, duration: 2 });
      const r = await autocannon({ url: `${url}${path}`, method: 'POST', body, headers: { 'content-type': 'application/json', 'liteav-sig': liteavSig(TOKEN, body) }, connections: CONNECTIONS, duration: SECONDS });
      console.log(`${label.padEnd(30)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  max ${r.latency.max} ms  total ${r.requests.total}  errors ${r.errors}  timeouts ${r.timeouts}  non-2xx ${r.non2xx}`);
    }
    console.log('target get_vod_list: >= 5000 req/s, p99 <= 20 ms');
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await mariadb.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

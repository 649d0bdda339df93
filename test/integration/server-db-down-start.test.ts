/**
 * Issue 9.8 (and the non-flapping outage log of 9.11): `minilvb serve` starts whatever state the
 * database is in (stopped, refusing the login, missing), serves /healthz 200, /readyz 503 with
 * the contract body {status, store, reason, cause, kind}, app calls the database error and
 * callbacks 503, logs one line per state change, and heals by itself once the cause is fixed.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import mysql from 'mysql2/promise';
import { clientPasswordHash } from '../../src/sign/index.js';
import { TEST_SECRETS, currentConfig, projectDir } from '../helpers/fixtures.js';
import { startMariaDB, type PrivateMariaDB } from '../helpers/mariadb.js';
import { freePort } from '../helpers/ports.js';
import { logLines, spawnServe, type ServeProcess } from '../helpers/serve-process.js';
import { until } from '../helpers/until.js';
import { post, recordingEvent, send } from '../helpers/server-client.js';

const APP_PASSWORD = 'Right-Pass-1234';
let db: PrivateMariaDB;
const running: ServeProcess[] = [];

beforeAll(async () => {
  db = await startMariaDB();
  const root = await mysql.createConnection({ socketPath: db.socket, user: 'root' });
  await root.query('CREATE DATABASE down_db DEFAULT CHARACTER SET utf8mb4');
  await root.query("CREATE USER 'down_app'@'127.0.0.1' IDENTIFIED BY ?", [APP_PASSWORD]);
  await root.query(
    "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, INDEX, ALTER ON `down\\_%`.* TO 'down_app'@'127.0.0.1'",
  );
  await root.end();
});

afterAll(async () => {
  for (const s of running) await s.stop();
  await db?.stop();
});

async function serve(dbConf: Record<string, unknown>): Promise<ServeProcess> {
  const cwd = projectDir(
    currentConfig({
      db: { host: db.host, port: db.port, user: 'down_app', password: APP_PASSWORD, name: 'down_db', ...dbConf },
      server: { dbTimeout: 2000 },
    }),
  );
  const s = await spawnServe({ cwd, port: await freePort() });
  running.push(s);
  return s;
}

async function readyz(s: ServeProcess): Promise<{ status: number; json: Record<string, unknown>; text: string }> {
  return send(s.url, '/readyz', { method: 'GET' });
}

async function root(sql: string, params: string[] = []): Promise<void> {
  const c = await mysql.createConnection({ socketPath: db.socket, user: 'root' });
  await c.query(sql, params);
  await c.end();
}

describe('serve with the database unusable at start (real serve, private MariaDB)', () => {
  it('database stopped: starts, answers by the contract, does not flap, heals when it is back', async () => {
    await db.pause();
    const s = await serve({});
    assert.equal(s.doc.command, 'serve.started');
    assert.match(String(s.doc.warnings?.join('\n')), /database is not usable \(connect\)/);
    assert.equal((s.doc.data.databaseOutage as { kind: string }).kind, 'connect');
    assert.equal((await send(s.url, '/healthz', { method: 'GET' })).status, 200);
    const r = await readyz(s);
    assert.equal(r.status, 503);
    assert.deepEqual(Object.keys(r.json).sort(), ['cause', 'kind', 'reason', 'status', 'store']);
    assert.deepEqual(
      [r.json.status, r.json.store, r.json.reason, r.json.kind],
      ['unavailable', 'mysql', 'database unavailable', 'connect'],
    );
    assert.match(String(r.json.cause), /ECONNREFUSED/);
    const password = clientPasswordHash('pw', 'downuser1');
    // Requests that never reach the database (602) are no sign of recovery: the log must not flap.
    for (let i = 0; i < 3; i += 1) {
      assert.equal((await post(s.url, '/register', { userid: '', password })).json.code, 602);
      assert.deepEqual((await post(s.url, '/register', { userid: 'downuser1', password })).json, {
        code: 500,
        message: 'Internal Server Error(db operate error)',
        data: {},
      });
    }
    const t = Math.floor(Date.now() / 1000) - 4000;
    assert.equal(
      (
        await post(
          s.url,
          '/callback/tape_callback.php',
          recordingEvent(TEST_SECRETS.apiKey, 'downuser1', 'dn1', t, t + 600),
        )
      ).status,
      503,
    );
    assert.equal(
      logLines(s).filter((l) => l.msg === 'database reachable again').length,
      0,
      'no recovery claimed while down',
    );

    await db.resume();
    await until('/readyz turns 200 by itself', async () => (await readyz(s)).status === 200);
    assert.equal((await post(s.url, '/register', { userid: 'downuser1', password })).json.code, 200);
    await until('the recovery is logged', () => logLines(s).some((l) => l.msg === 'database reachable again'));
    const lines = logLines(s);
    assert.equal(
      lines.filter((l) => String(l.msg).startsWith('database unavailable')).length,
      1,
      'one line for the outage',
    );
    assert.equal(lines.filter((l) => l.msg === 'database reachable again').length, 1, 'one line for the recovery');
    assert.equal(await s.stop(), 0);
  });

  it('access denied: kind access-denied with the exact cause (never the password); heals once the password matches', async () => {
    await root("ALTER USER 'down_app'@'127.0.0.1' IDENTIFIED BY 'Another-Pass-99'");
    const s = await serve({});
    const r = await readyz(s);
    assert.deepEqual([r.status, r.json.kind], [503, 'access-denied']);
    assert.match(String(r.json.cause), /Access denied for user 'down_app'.*ER_ACCESS_DENIED_ERROR/);
    assert.ok(!r.text.includes(APP_PASSWORD) && !s.stderr().includes(APP_PASSWORD), 'the password is never shown');
    const logged = logLines(s).filter((l) => String(l.msg).startsWith('database unavailable'));
    assert.equal(logged.length, 1);
    assert.equal(logged[0]?.kind, 'access-denied');
    assert.match(String(logged[0]?.cause), /ER_ACCESS_DENIED_ERROR/);
    assert.equal(
      (await post(s.url, '/login', { userid: 'downuser1', password: clientPasswordHash('pw', 'downuser1') })).json.code,
      500,
    );

    await root("ALTER USER 'down_app'@'127.0.0.1' IDENTIFIED BY ?", [APP_PASSWORD]);
    await until('/readyz turns 200 once the password matches', async () => (await readyz(s)).status === 200);
    assert.equal(await s.stop(), 0);
  });

  it('unknown database: kind unknown-database naming it; heals once it is created', async () => {
    const s = await serve({ name: 'down_later' });
    const r = await readyz(s);
    assert.deepEqual([r.status, r.json.kind], [503, 'unknown-database']);
    assert.match(String(r.json.cause), /Unknown database 'down_later'.*ER_BAD_DB_ERROR/);
    await root('CREATE DATABASE down_later DEFAULT CHARACTER SET utf8mb4');
    await until('/readyz turns 200 once the database exists', async () => (await readyz(s)).status === 200);
    const password = clientPasswordHash('pw', 'lateuser1');
    assert.equal(
      (await post(s.url, '/register', { userid: 'lateuser1', password })).json.code,
      200,
      'the tables were created on the way',
    );
    assert.equal(await s.stop(), 0);
  });
});

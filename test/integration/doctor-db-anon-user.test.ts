/**
 * DB-ANON-USER on a private MariaDB: real anonymous accounts ''@'localhost' / ''@'127.0.0.1' make
 * the app user's local login fail although its password is right. With an admin login
 * (--db-admin-user) doctor sees them and names them instead of the password (DB-ACCESS).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from 'vitest';
import mysql from 'mysql2/promise';
import { loadConfig } from '../../src/config/index.js';
import { openStore } from '../../src/db/index.js';
import { CHECKS, runDoctor, type DoctorReport } from '../../src/doctor/index.js';

import { currentConfig, projectDir } from '../helpers/fixtures.js';
import { startMariaDB, type PrivateMariaDB } from '../helpers/mariadb.js';
import { dumpReport as dump, idsWith, resultOf } from '../helpers/doctor-report.js';

const USER = 'live_user';
const PASSWORD = randomBytes(9).toString('hex');
let server: PrivateMariaDB;
let root: mysql.Connection;

async function doctor(dbAdmin?: { user: string; password?: string }): Promise<DoctorReport> {
  const dir = projectDir(
    currentConfig({
      db: { host: '127.0.0.1', port: server.port, name: 'live_demo', user: USER, password: PASSWORD },
      server: {},
      cloud: {},
    }),
  );
  const loaded = await loadConfig({ cwd: dir, env: {}, home: dir });
  return runDoctor({
    checks: CHECKS,
    select: ['database'],
    config: loaded.config,
    meta: { file: loaded.file, profile: loaded.profile, sources: loaded.sources, issues: loaded.issues },
    inputs: { cwd: dir, ...(dbAdmin ? { dbAdmin } : {}) },
  });
}

beforeAll(async () => {
  server = await startMariaDB();
  root = await mysql.createConnection({ socketPath: server.socket, user: 'root' });
  await root.query('CREATE DATABASE live_demo DEFAULT CHARACTER SET utf8mb4');
  await root.query("CREATE USER ?@'%' IDENTIFIED BY ?", [USER, PASSWORD]);
  await root.query("GRANT ALL PRIVILEGES ON live_demo.* TO ?@'%'", [USER]);
  const loaded = await loadConfig({
    cwd: projectDir(
      currentConfig({
        db: { host: '127.0.0.1', port: server.port, name: 'live_demo', user: server.user, password: server.password },
      }),
    ),
    env: {},
  });
  await (await openStore(loaded.config, {})).close();
  for (const host of ['localhost', '127.0.0.1']) await root.query("CREATE USER ''@?", [host]);
});

afterAll(async () => {
  await root?.end();
  await server?.stop();
});

describe('anonymous MySQL accounts shadowing the app user', () => {
  it('the cause is real: the right password is refused for a local login', async () => {
    await assert.rejects(
      mysql.createConnection({
        host: '127.0.0.1',
        port: server.port,
        user: USER,
        password: PASSWORD,
        database: 'live_demo',
      }),
      (e: { code?: string }) => e.code === 'ER_ACCESS_DENIED_ERROR',
    );
  });

  it('with --db-admin-user: database.connect fails DB-ANON-USER naming the accounts, nothing else fails', async () => {
    const report = await doctor({ user: server.user, password: server.password });
    assert.deepEqual(idsWith(report, 'fail', 'inconclusive', 'error'), ['database.connect'], dump(report));
    const r = resultOf(report, 'database.connect');
    assert.equal(r.faqId, 'DB-ANON-USER', JSON.stringify(r.evidence));
    assert.match(
      r.summary,
      /the anonymous accounts ''@'127\.0\.0\.1', ''@'localhost' shadow live_user \(live_user@'%'\)/,
    );
    assert.deepEqual(r.fix?.commands, [
      `mysql -u root -p -e "DROP USER ''@'127.0.0.1'"`,
      `mysql -u root -p -e "DROP USER ''@'localhost'"`,
    ]);
    assert.ok(!JSON.stringify(report).includes(PASSWORD) && !JSON.stringify(report).includes(server.password));
  });

  it('without an admin login: DB-ACCESS, with the anonymous account as the second possible cause', async () => {
    const r = resultOf(await doctor(), 'database.connect');
    assert.equal(r.faqId, 'DB-ACCESS');
    assert.ok(r.findings?.some((f) => f.faqId === 'DB-ANON-USER'));
  });

  it('an admin login that sees no anonymous account: DB-ACCESS only (the password is wrong)', async () => {
    await root.query("ALTER USER ?@'%' IDENTIFIED BY 'SomethingElse1'", [USER]);
    for (const host of ['localhost', '127.0.0.1']) await root.query("DROP USER ''@?", [host]);
    try {
      const r = resultOf(await doctor({ user: server.user, password: server.password }), 'database.connect');
      assert.equal(r.faqId, 'DB-ACCESS');
      assert.equal(r.evidence?.adminCheck, 'no anonymous account shadows live_user');
      assert.ok(!(r.findings ?? []).some((f) => f.faqId === 'DB-ANON-USER'));
    } finally {
      await root.query("ALTER USER ?@'%' IDENTIFIED BY ?", [USER, PASSWORD]);
    }
  });

  it('once the anonymous accounts are gone, every database check passes', async () => {
    const report = await doctor({ user: server.user, password: server.password });
    assert.deepEqual(idsWith(report, 'fail', 'inconclusive', 'error'), [], dump(report));
    assert.equal(resultOf(report, 'database.connect').status, 'pass');
  });
});

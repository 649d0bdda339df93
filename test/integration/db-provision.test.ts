/**
 * `minilvb db provision|migrate|verify|status` against a real MariaDB: fresh provisioning, a
 * second run that changes nothing, adopting a PHP-era database, least privilege, dry-run
 * masking, precise verify reports, and the too-new-schema refusal.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import mysql from 'mysql2/promise';
import { openStore } from '../../src/db/open-store.js';
import { MinilvbError } from '../../src/errors.js';
import { createTestDatabase, getMariaDB, type MariaDBServer } from '../helpers/mariadb.js';
import { freePort } from '../helpers/ports.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { currentConfig, projectDir, TEST_SECRETS } from '../helpers/fixtures.js';

/** createDB.sh at xiaozhibo_server_php HEAD, without its `DROP DATABASE` (the user is renamed per test). */
const CREATE_DB_SH = (db: string, user: string, password: string): string[] => [
  `CREATE DATABASE IF NOT EXISTS \`${db}\` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`,
  `CREATE USER ${user} IDENTIFIED BY '${password}'`,
  `GRANT ALL PRIVILEGES ON ${db}.* TO '${user}'@'%' IDENTIFIED BY '${password}'`,
  `USE \`${db}\``,
  "CREATE TABLE `tb_account` (\n  `userid` varchar(50) NOT NULL,\n  `password` varchar(255) DEFAULT NULL,\n  `nickname` varchar(100) DEFAULT NULL,\n  `sex` int(11) DEFAULT '-1',\n  `avatar` varchar(254) DEFAULT NULL,\n  `frontcover` varchar(255) DEFAULT NULL,\n  `create_time` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,\n  PRIMARY KEY (`userid`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
  'CREATE TABLE `tb_room` (\n  `userid` varchar(50) NOT NULL,\n  `title` varchar(255) NOT NULL,\n  `frontcover` varchar(255) DEFAULT NULL,\n  `location` varchar(128) DEFAULT NULL,\n  `create_time` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,\n  PRIMARY KEY (`userid`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
  "CREATE TABLE `tb_vod` (\n  `userid` varchar(50) NOT NULL,\n  `file_id` varchar(150) NOT NULL,\n  `frontcover` varchar(255) DEFAULT NULL,\n  `location` varchar(128) DEFAULT NULL,\n  `play_url` varchar(255) DEFAULT NULL,\n  `like_count` int(11) NOT NULL DEFAULT '0',\n  `viewer_count` int(11) NOT NULL DEFAULT '0',\n  `create_time` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,\n  `hls_play_url` varchar(255) DEFAULT NULL,\n  `start_time` timestamp NOT NULL DEFAULT '0000-00-00 00:00:00',\n  `title` varchar(128) DEFAULT NULL,\n  PRIMARY KEY (`userid`,`file_id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
];

interface Provisioned {
  cwd: string;
  db: string;
  user: string;
  env: Record<string, string>;
}

interface ReportJson {
  steps: { action: string; sql: string }[];
  changed: boolean;
  passwordGenerated: boolean;
  warnings: { code: string; message: string }[];
  migrations: { from: number | null; to: number; applied: { version: number }[] };
}

let server: MariaDBServer;
let admin: mysql.Connection;
const usersToDrop: string[] = [];

beforeAll(async () => {
  server = await getMariaDB();
  admin = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
  });
});

afterAll(async () => {
  for (const u of usersToDrop)
    for (const h of ['localhost', '127.0.0.1', '%']) await admin.query('DROP USER IF EXISTS ?@?', [u, h]);
  await admin.end();
  await server.stop();
});

function names(): { db: string; user: string } {
  const id = randomBytes(4).toString('hex');
  const user = `app_${id}`;
  usersToDrop.push(user);
  return { db: `live_${id}`, user };
}

function setup(dbConf: Record<string, unknown> = {}): Provisioned {
  const { db, user } = names();
  const cwd = projectDir(currentConfig({ db: { host: '127.0.0.1', port: server.port, name: db, user, ...dbConf } }));
  return { cwd, db, user, env: { MINILVB_DB_ADMIN_USER: server.user, MINILVB_DB_ADMIN_PASSWORD: server.password } };
}

function configDb(cwd: string): Record<string, unknown> {
  return (JSON.parse(readFileSync(join(cwd, 'minilvb.config.json'), 'utf8')) as { db: Record<string, unknown> }).db;
}

async function provision(p: Provisioned, extra: string[] = []): Promise<{ run: CliRun; report: ReportJson }> {
  const run = await runCli(['db', 'provision', '--json', ...extra], { cwd: p.cwd, env: p.env });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  return { run, report: run.json<{ data: ReportJson }>().data };
}

/** Everything provisioning could change, as comparable text. */
async function snapshot(p: Provisioned): Promise<string> {
  const out: unknown[] = [];
  for (const h of ['localhost', '127.0.0.1'])
    out.push(await admin.query('SHOW GRANTS FOR ?@?', [p.user, h]).catch((e: Error) => e.message));
  out.push(
    await admin.query('SELECT Host, authentication_string FROM mysql.user WHERE User = ? ORDER BY Host', [p.user]),
  );
  out.push(
    await admin.query(
      'SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY 1, 2',
      [p.db],
    ),
  );
  out.push(
    await admin.query(
      'SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY 1, 2, 3',
      [p.db],
    ),
  );
  out.push(
    await admin
      .query(`SELECT version, applied_at FROM \`${p.db}\`.minilvb_schema ORDER BY version`)
      .catch((e: Error) => e.message),
  );
  return JSON.stringify(out);
}

describe('db provision', () => {
  it('provisions a fresh database, user and schema, and saves a generated password (0600)', async () => {
    const p = setup();
    const { run, report } = await provision(p);
    assert.deepEqual(
      report.steps.filter((s) => s.action !== 'migrate').map((s) => s.action),
      ['create-database', 'create-user', 'grant', 'create-user', 'grant'],
    );
    assert.deepEqual(
      [report.changed, report.passwordGenerated, report.migrations.from, report.migrations.to],
      [true, true, null, 4],
    );
    const saved = configDb(p.cwd);
    assert.match(String(saved.password), /^[A-Za-z0-9]{24}$/);
    assert.equal(statSync(join(p.cwd, 'minilvb.config.json')).mode & 0o777, 0o600);
    assert.ok(
      !run.stdout.includes(String(saved.password)) && !run.stderr.includes(String(saved.password)),
      'the password is never printed',
    );
    assert.ok(!run.stdout.includes(server.password), 'nor the admin password');
    for (const s of report.steps) assert.doesNotMatch(s.sql, /\b(DROP|TRUNCATE|DELETE\s+FROM)\b/i);
    assert.ok(report.steps.some((s) => s.sql.includes("IDENTIFIED BY '********'")));

    const status = await runCli(['db', 'status', '--json'], { cwd: p.cwd });
    assert.equal(status.code, 0, status.stdout);
    const st = status.json<{
      data: { connected: boolean; schemaVersion: number; pending: unknown[]; rowCounts: Record<string, number | null> };
    }>().data;
    assert.deepEqual(
      [st.connected, st.schemaVersion, st.pending.length, st.rowCounts.tb_vod, st.rowCounts.minilvb_schema],
      [true, 4, 0, 0, 4],
    );
    const verify = await runCli(['db', 'verify'], { cwd: p.cwd });
    assert.equal(verify.code, 0, verify.stdout);
    assert.match(verify.stdout, /schema matches \(14 tables\)/);
  });

  it('logs in as a passwordless root through the Unix socket (stock Debian/Ubuntu MariaDB)', async () => {
    const p = setup();
    const run = await runCli(['db', 'provision', '--json', '--admin-user', 'root', '--admin-socket', server.socket], {
      cwd: p.cwd,
      env: {},
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const saved = configDb(p.cwd);
    const app = await mysql.createConnection({
      host: '127.0.0.1',
      port: server.port,
      user: p.user,
      password: String(saved.password),
      database: p.db,
    });
    const [rows] = await app.query('SELECT COUNT(*) AS n FROM tb_vod');
    assert.deepEqual(rows, [{ n: 0 }]);
    await app.end();
  });

  it('gives the application user least privilege: no DROP, no GRANT, nothing outside its database', async () => {
    const p = setup();
    await provision(p);
    const password = String(configDb(p.cwd).password);
    const app = await mysql.createConnection({
      host: '127.0.0.1',
      port: server.port,
      user: p.user,
      password,
      database: p.db,
    });
    try {
      await app.query('CREATE TABLE IF NOT EXISTS minilvb_probe (id int PRIMARY KEY)');
      await app.query('INSERT INTO minilvb_probe VALUES (1)');
      await assert.rejects(
        app.query('DROP TABLE minilvb_probe'),
        (e: { code?: string }) => e.code === 'ER_TABLEACCESS_DENIED_ERROR',
      );
      await assert.rejects(
        app.query('TRUNCATE TABLE minilvb_probe'),
        (e: { code?: string }) => e.code === 'ER_TABLEACCESS_DENIED_ERROR',
      );
      await assert.rejects(
        app.query(`GRANT SELECT ON \`${p.db}\`.* TO ?@'localhost'`, [p.user]),
        (e: { code?: string }) => /DENIED/.test(e.code ?? ''),
      );
      await assert.rejects(
        app.query('CREATE DATABASE minilvb_other_db'),
        (e: { code?: string }) => e.code === 'ER_DBACCESS_DENIED_ERROR',
      );
    } finally {
      await app.end();
    }
    const [grants] = await admin.query<mysql.RowDataPacket[]>('SHOW GRANTS FOR ?@?', [p.user, '127.0.0.1']);
    const dbGrant = grants.map((r) => String(Object.values(r)[0])).find((g) => g.includes(p.db.replace('_', '\\_')));
    assert.match(
      dbGrant ?? '',
      /^GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, INDEX, ALTER ON `live\\_[0-9a-f]+`\.\* TO `app_[0-9a-f]+`@`127\.0\.0\.1`$/,
    );
  });

  it('is idempotent: a second run finds nothing to do and changes nothing', async () => {
    const p = setup({ password: TEST_SECRETS.dbPassword });
    const first = await provision(p);
    assert.equal(first.report.passwordGenerated, false);
    const before = await snapshot(p);
    const second = await provision(p);
    assert.deepEqual([second.report.steps, second.report.changed, second.report.migrations.applied], [[], false, []]);
    assert.equal(await snapshot(p), before);
    const human = await runCli(['db', 'provision'], { cwd: p.cwd, env: p.env });
    assert.match(human.stdout, /Nothing to change/);
    assert.equal(await snapshot(p), before);
  });

  it('--dry-run prints the SQL with passwords masked and changes nothing', async () => {
    const p = setup({ password: TEST_SECRETS.dbPassword });
    const configBefore = readFileSync(join(p.cwd, 'minilvb.config.json'), 'utf8');
    const { run, report } = await provision(p, ['--dry-run']);
    assert.equal(report.changed, false);
    assert.ok(report.steps.length >= 5 + 8, 'database, two users, two grants, schema table and 7 tables');
    assert.ok(!run.stdout.includes(TEST_SECRETS.dbPassword));
    assert.equal(report.steps.filter((s) => s.sql.includes("IDENTIFIED BY '********'")).length, 2);
    const [dbs] = await admin.query<mysql.RowDataPacket[]>(
      'SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [p.db],
    );
    const [users] = await admin.query<mysql.RowDataPacket[]>('SELECT 1 FROM mysql.user WHERE User = ?', [p.user]);
    assert.deepEqual([dbs.length, users.length], [0, 0]);
    assert.equal(readFileSync(join(p.cwd, 'minilvb.config.json'), 'utf8'), configBefore);
    const human = await runCli(['db', 'provision', '--dry-run'], { cwd: p.cwd, env: p.env });
    assert.match(human.stdout, /Dry run: would provision/);
    assert.match(human.stdout, /CREATE USER IF NOT EXISTS '.+'@'localhost' IDENTIFIED BY '\*\*\*\*\*\*\*\*'/);
  });

  it('adopts a PHP-era createDB.sh database: keeps its rows, adds only what is missing', async () => {
    const p = setup({ password: TEST_SECRETS.dbPassword });
    for (const sql of CREATE_DB_SH(p.db, p.user, TEST_SECRETS.dbPassword)) await admin.query(sql);
    await admin.query("INSERT INTO tb_account (userid, password, nickname) VALUES ('phpuser', 'abc123', 'PHP')");
    await admin.query("SET time_zone = '+08:00'");
    await admin.query(
      "INSERT INTO tb_vod (userid, file_id, play_url, create_time) VALUES ('phpuser', 'old1', 'http://v/old.mp4', '2024-05-01 20:00:00')",
    );
    const { report } = await provision(p);
    assert.ok(!report.steps.some((s) => s.action === 'create-database'));
    const created = report.steps
      .filter((s) => s.action === 'migrate')
      .map((s) => /CREATE TABLE IF NOT EXISTS `(\w+)`/.exec(s.sql)?.[1]);
    assert.deepEqual(created, [
      'minilvb_schema',
      'tb_account',
      'tb_room',
      'tb_vod',
      'tb_ugc',
      'minilvb_session',
      'minilvb_live',
      'minilvb_group_member',
      'minilvb_rs_token',
      'minilvb_rs_room',
      'minilvb_rs_pusher',
      'minilvb_rs_audience',
      'minilvb_rs_lease',
      'minilvb_rs_nonce',
      'minilvb_rs_config',
    ]);
    const [tables] = await admin.query<mysql.RowDataPacket[]>(
      'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1',
      [p.db],
    );
    assert.deepEqual(
      tables.map((r) => r.t),
      [
        'minilvb_group_member',
        'minilvb_live',
        'minilvb_rs_audience',
        'minilvb_rs_config',
        'minilvb_rs_lease',
        'minilvb_rs_nonce',
        'minilvb_rs_pusher',
        'minilvb_rs_room',
        'minilvb_rs_token',
        'minilvb_schema',
        'minilvb_session',
        'tb_account',
        'tb_room',
        'tb_ugc',
        'tb_vod',
      ],
    );
    const [defaults] = await admin.query<mysql.RowDataPacket[]>(
      "SELECT COLUMN_DEFAULT AS d FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'tb_vod' AND COLUMN_NAME = 'start_time'",
      [p.db],
    );
    assert.match(String(defaults[0]?.d), /0000-00-00/, 'the existing tb_vod was not altered');
    const verify = await runCli(['db', 'verify', '--json'], { cwd: p.cwd });
    assert.equal(verify.code, 0, verify.stdout);
    const store = await openStore({
      db: { host: '127.0.0.1', port: server.port, name: p.db, user: p.user, password: TEST_SECRETS.dbPassword },
      server: { dataDir: '.' } as never,
    });
    try {
      assert.equal((await store.getAccount('phpuser'))?.nickname, 'PHP');
      const vod = await store.getVod('phpuser', 'old1');
      assert.equal(vod?.createTime.toISOString(), '2024-05-01T12:00:00.000Z', 'UTC+8 wall clock read as an instant');
      assert.equal(vod?.startTime, null, 'the PHP zero date reads as null');
    } finally {
      await store.close();
    }
  });

  it('refuses to guess the password of an existing user; --reset-password sets a new one', async () => {
    const p = setup({ password: TEST_SECRETS.dbPassword });
    await provision(p);
    const cfg = JSON.parse(readFileSync(join(p.cwd, 'minilvb.config.json'), 'utf8')) as { db: Record<string, unknown> };
    delete cfg.db.password;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(p.cwd, 'minilvb.config.json'), JSON.stringify(cfg), { mode: 0o600 });
    const refused = await runCli(['db', 'provision', '--json'], { cwd: p.cwd, env: p.env });
    assert.equal(refused.code, 2);
    assert.equal(refused.json<{ error: { code: string } }>().error.code, 'MLVB_CONFIG_MISSING');
    const { report } = await provision(p, ['--reset-password']);
    assert.deepEqual(
      report.steps.map((s) => s.action),
      ['reset-password', 'reset-password'],
    );
    const pw = String(configDb(p.cwd).password);
    assert.match(pw, /^[A-Za-z0-9]{24}$/);
    const app = await mysql.createConnection({
      host: '127.0.0.1',
      port: server.port,
      user: p.user,
      password: pw,
      database: p.db,
    });
    await app.end();
    await assert.rejects(
      mysql.createConnection({ host: '127.0.0.1', port: server.port, user: p.user, password: TEST_SECRETS.dbPassword }),
    );
  });

  it('warns about anonymous accounts (DB-ANON-USER)', async () => {
    const host = `anon-${randomBytes(3).toString('hex')}.invalid`;
    await admin.query("CREATE USER ''@?", [host]);
    try {
      const p = setup({ password: TEST_SECRETS.dbPassword });
      const { report, run } = await provision(p, ['--dry-run']);
      assert.ok(
        report.warnings.some((w) => w.code === 'DB-ANON-USER' && w.message.includes(host)),
        JSON.stringify(report.warnings),
      );
      assert.ok(run.json<{ warnings: string[] }>().warnings.some((w) => w.startsWith('DB-ANON-USER')));
    } finally {
      await admin.query("DROP USER ''@?", [host]);
    }
  });
});

describe('db verify', () => {
  it('lists a dropped column, a dropped index, a wrong type and a missing table precisely; exit 1', async () => {
    const p = setup({ password: TEST_SECRETS.dbPassword });
    await provision(p);
    await admin.query(`ALTER TABLE \`${p.db}\`.tb_vod DROP COLUMN title`);
    await admin.query(`ALTER TABLE \`${p.db}\`.minilvb_live DROP INDEX idx_live_status_push`);
    await admin.query(`ALTER TABLE \`${p.db}\`.tb_account MODIFY nickname varchar(50) DEFAULT NULL`);
    await admin.query(`ALTER TABLE \`${p.db}\`.tb_room MODIFY location varchar(128) NOT NULL DEFAULT ''`);
    await admin.query(`DROP TABLE \`${p.db}\`.tb_ugc`);
    const run = await runCli(['db', 'verify', '--json'], { cwd: p.cwd });
    assert.equal(run.code, 1);
    const data = run.json<{ data: { ok: boolean; differences: { kind: string; message: string }[] } }>().data;
    assert.equal(data.ok, false);
    assert.deepEqual(data.differences.map((d) => d.message).sort(), [
      'minilvb_live: index idx_live_status_push (status, push_time) is missing',
      'table tb_ugc is missing (created by migration 1; run `minilvb db migrate`)',
      'tb_account.nickname: type is varchar(50), expected varchar(100)',
      "tb_room.location: default is '', expected NULL",
      'tb_room.location: is NOT NULL, expected NULL',
      'tb_vod.title: column is missing (expected varchar(128))',
    ]);
    const human = await runCli(['db', 'verify'], { cwd: p.cwd });
    assert.equal(human.code, 1);
    assert.match(human.stdout, /6 differences/);
    const [cols] = await admin.query<mysql.RowDataPacket[]>(
      "SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'tb_vod' AND COLUMN_NAME = 'title'",
      [p.db],
    );
    assert.equal(cols.length, 0, 'verify never fixes');
  });
});

describe('schema version newer than this minilvb', () => {
  it('is refused by openStore, db migrate and db status (MLVB_DB_TOO_NEW)', async () => {
    const p = setup({ password: TEST_SECRETS.dbPassword });
    await provision(p);
    await admin.query(`INSERT INTO \`${p.db}\`.minilvb_schema (version) VALUES (99)`);
    const db = { host: '127.0.0.1', port: server.port, name: p.db, user: p.user, password: TEST_SECRETS.dbPassword };
    await assert.rejects(
      openStore({ db, server: { dataDir: '.' } as never }),
      (e: unknown) => e instanceof MinilvbError && e.code === 'MLVB_DB_TOO_NEW',
    );
    await assert.rejects(
      openStore({ db, server: { dataDir: '.' } as never }, { migrate: false }),
      (e: unknown) => e instanceof MinilvbError && e.code === 'MLVB_DB_TOO_NEW',
    );
    const migrate = await runCli(['db', 'migrate', '--json'], { cwd: p.cwd });
    assert.equal(migrate.code, 1);
    assert.equal(migrate.json<{ error: { code: string } }>().error.code, 'MLVB_DB_TOO_NEW');
    const status = await runCli(['db', 'status', '--json'], { cwd: p.cwd });
    assert.equal(status.code, 1);
    assert.equal(status.json<{ data: { tooNew: boolean } }>().data.tooNew, true);
  });

  it('db migrate brings an empty database up to date, then has nothing to do', async () => {
    const server2 = server;
    const name = await createTestDatabase(server2, 'mig');
    const cwd = projectDir(
      currentConfig({
        db: { host: server2.host, port: server2.port, name, user: server2.user, password: server2.password },
      }),
    );
    const first = await runCli(['db', 'migrate', '--json'], { cwd });
    assert.equal(first.code, 0, first.stdout);
    assert.deepEqual(
      first.json<{ data: { applied: { version: number }[] } }>().data.applied.map((m) => m.version),
      [1, 2, 3, 4],
    );
    const second = await runCli(['db', 'migrate'], { cwd });
    assert.match(second.stdout, /Schema is at version 4, the latest; nothing to apply/);
  });
});

describe('db commands without a reachable or configured database', () => {
  it('db status reports an unreachable database (exit 1) and db verify fails with MLVB_DB_CONNECT', async () => {
    const port = await freePort();
    const cwd = projectDir(
      currentConfig({
        db: { host: '127.0.0.1', port, name: 'live_demo', user: 'live_user', password: TEST_SECRETS.dbPassword },
      }),
    );
    const status = await runCli(['db', 'status', '--json'], { cwd });
    assert.equal(status.code, 1);
    const data = status.json<{ data: { connected: boolean; error: { code: string; message: string } } }>().data;
    assert.deepEqual([data.connected, data.error.code], [false, 'MLVB_DB_CONNECT']);
    assert.match(data.error.message, /ECONNREFUSED/);
    assert.ok(!status.stdout.includes(TEST_SECRETS.dbPassword));
    const verify = await runCli(['db', 'verify', '--json'], { cwd });
    assert.equal(verify.code, 1);
    assert.equal(verify.json<{ error: { code: string } }>().error.code, 'MLVB_DB_CONNECT');
  });

  it('asks for db.host when no database is configured (exit 2)', async () => {
    const cwd = projectDir(currentConfig());
    const run = await runCli(['db', 'status'], { cwd });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /MLVB_CONFIG_MISSING[\s\S]*db\.host/);
  });
});

/**
 * The database-side FAQ causes doctor reads from tb_vod and the session settings, on a real
 * MariaDB: DB-TZ (a session that is not UTC+8, a non-UTC+8 default under a PHP server),
 * VOD-OVERWRITE (create_time moved far past start_time, with a PHP server) and VOD-AGED (every
 * replay older than the 7-day window). The src/db diagnose functions are exercised directly too.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import mysql from 'mysql2/promise';
import { loadConfig } from '../../src/config/index.js';
import {
  checkWritePermission,
  connect,
  deleteProbeRows,
  openStore,
  timeZoneReport,
  type SqlConn,
  type TimeZoneReport,
} from '../../src/db/index.js';
import { CHECKS, runDoctor, type CheckResult, type DoctorReport } from '../../src/doctor/index.js';
import { timeZoneVerdict } from '../../src/doctor/probe/time-zone-verdict.js';
import { currentConfig, projectDir } from '../helpers/fixtures.js';
import { createTestDatabase, getMariaDB, type MariaDBServer } from '../helpers/mariadb.js';
import { startFake, type Fake } from '../helpers/broken-deployments.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let server: MariaDBServer;
let dbName: string;
let admin: mysql.Connection;
let php: Fake;
let bundled: Fake;

/** `YYYY-MM-DD HH:MM:SS` in UTC+8, as the tables hold times. */
const wall = (ms: number): string => new Date(ms + 8 * HOUR).toISOString().slice(0, 19).replace('T', ' ');

async function seedVod(userid: string, fileId: string, startMs: number, createMs: number): Promise<void> {
  await admin.query('INSERT INTO tb_vod (userid, file_id, play_url, start_time, create_time) VALUES (?, ?, ?, ?, ?)', [
    userid,
    fileId,
    `http://v/${fileId}.mp4`,
    wall(startMs),
    wall(createMs),
  ]);
}

async function doctor(serverUrl: string | undefined, select: string[]): Promise<DoctorReport> {
  const db = { host: server.host, port: server.port, user: server.user, password: server.password, name: dbName };
  const dir = projectDir(currentConfig({ db, server: serverUrl ? { publicUrl: serverUrl } : {}, cloud: {} }));
  const loaded = await loadConfig({ cwd: dir, env: {}, home: dir });
  return runDoctor({
    checks: CHECKS,
    config: loaded.config,
    meta: { file: loaded.file, profile: loaded.profile, sources: loaded.sources, issues: loaded.issues },
    inputs: { cwd: dir },
    select,
  });
}

const resultOf = (r: DoctorReport, id: string): CheckResult => {
  const found = r.results.find((x) => x.id === id);
  assert.ok(found, `${id} not in ${r.results.map((x) => x.id).join(', ')}`);
  return found;
};

beforeAll(async () => {
  server = await getMariaDB();
  dbName = await createTestDatabase(server, 'diag');
  const loaded = await loadConfig({
    cwd: projectDir(
      currentConfig({
        db: { host: server.host, port: server.port, user: server.user, password: server.password, name: dbName },
      }),
    ),
    env: {},
  });
  await (await openStore(loaded.config, {})).close();
  admin = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database: dbName,
    timezone: '+08:00',
  });
  await admin.query("SET time_zone = '+08:00'");
  php = await startFake((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":400,"message":"Bad Request","data":[]}');
  });
  bundled = await startFake((_req, res) => {
    res
      .writeHead(200, { 'content-type': 'application/json', 'x-powered-by': 'minilvb/0.1.0' })
      .end('{"returnValue":4001,"returnMsg":"json format error","returnData":{}}');
  });
});

afterAll(async () => {
  await admin?.end();
  await Promise.all([php?.close(), bundled?.close()]);
  await server?.stop();
});

describe('DB-TZ', () => {
  it('a connection whose session is not +08:00 is named DB-TZ (timeZoneReport + verdict)', async () => {
    const conn: SqlConn = await connect({
      host: server.host,
      port: server.port,
      user: server.user,
      password: server.password,
      database: dbName,
    });
    try {
      assert.equal((await timeZoneReport(conn)).sessionOffsetSeconds, 8 * 3600, 'connect() sets UTC+8');
      await conn.query("SET time_zone = '+00:00'");
      const report = await timeZoneReport(conn);
      assert.equal(report.sessionTimeZone, '+00:00');
      assert.equal(report.sessionOffsetSeconds, 0);
      const verdict = timeZoneVerdict(report, 'minilvb', report.unixTime);
      assert.equal(verdict.status, 'warn');
      assert.equal(verdict.faqId, 'DB-TZ');
      assert.match(verdict.summary, /runs at UTC\+0 \(time_zone \+00:00\), not UTC\+8/);
      assert.match(verdict.fix?.text ?? '', /default-time-zone='\+08:00'/);
    } finally {
      await conn.close();
    }
  });

  it('a non-UTC+8 default under a PHP server warns DB-TZ; under the bundled server it passes; clock drift warns', () => {
    const base: TimeZoneReport = {
      globalTimeZone: '+00:00',
      sessionTimeZone: '+08:00',
      systemTimeZone: 'UTC',
      sessionOffsetSeconds: 8 * 3600,
      unixTime: 1_700_000_000,
    };
    const underPhp = timeZoneVerdict(base, 'php-current', base.unixTime);
    assert.deepEqual([underPhp.status, underPhp.faqId], ['warn', 'DB-TZ']);
    assert.match(underPhp.cause ?? '', /PHP writes UTC\+8 wall-clock times/);
    assert.equal(timeZoneVerdict(base, 'minilvb', base.unixTime).status, 'pass');
    assert.equal(
      timeZoneVerdict({ ...base, globalTimeZone: 'SYSTEM', systemTimeZone: 'CST' }, 'php-current', base.unixTime)
        .status,
      'pass',
    );
    assert.equal(timeZoneVerdict({ ...base, globalTimeZone: '+08:00' }, 'php-legacy', base.unixTime).status, 'pass');
    const drift = timeZoneVerdict(base, 'minilvb', base.unixTime - 600);
    assert.deepEqual([drift.status, drift.faqId], ['warn', 'DB-TZ']);
    assert.match(drift.summary, /600 s ahead of this machine/);
  });
});

describe('VOD-OVERWRITE and VOD-AGED (database.replays)', () => {
  it('an empty tb_vod passes', async () => {
    const report = await doctor(undefined, ['database.replays']);
    assert.equal(resultOf(report, 'database.replays').status, 'pass');
    assert.match(resultOf(report, 'database.replays').summary, /no replays in tb_vod yet/);
  });

  it('a row whose create_time moved 70 h past its start, behind a PHP server: VOD-OVERWRITE, "use the bundled server"', async () => {
    const now = Date.now();
    await seedVod('anchor01', 'rec_ok', now - 2 * HOUR, now - HOUR);
    await seedVod('anchor01', 'rec_bumped', now - 3 * DAY, now - 2 * HOUR);
    await seedVod('mlvbdoctor_aa11', 'probe_row', now - 9 * DAY, now - HOUR);
    try {
      const report = await doctor(php.url, ['database.replays', 'server.generation']);
      assert.equal(resultOf(report, 'server.generation').evidence?.kind, 'php-current');
      const check = resultOf(report, 'database.replays');
      assert.equal(check.status, 'warn', JSON.stringify(check));
      assert.equal(check.faqId, 'VOD-OVERWRITE');
      assert.match(check.summary, /^1 replay has a create_time up to 70 h after its start/);
      assert.match(check.cause ?? '', /the PHP server updates tb_vod rows .*PHP bug C5/);
      assert.match(check.fix?.text ?? '', /^Use the bundled server \(minilvb serve\)/);
      assert.deepEqual([check.evidence?.replays, check.evidence?.listed], [2, 2], 'the probe row is left out');
      const withBundled = await doctor(bundled.url, ['database.replays', 'server.generation']);
      assert.equal(resultOf(withBundled, 'server.generation').evidence?.kind, 'minilvb');
      assert.equal(resultOf(withBundled, 'database.replays').status, 'pass');
      assert.match(resultOf(withBundled, 'database.replays').summary, /2 of 2 replays .*1 PHP-era row/);
    } finally {
      await admin.query('DELETE FROM tb_vod');
    }
  });

  it('replays that are all older than 7 days: VOD-AGED says the list is empty by design', async () => {
    const now = Date.now();
    await seedVod('anchor02', 'old_1', now - 10 * DAY - HOUR, now - 10 * DAY);
    await seedVod('anchor03', 'old_2', now - 8 * DAY - HOUR, now - 8 * DAY);
    try {
      const report = await doctor(undefined, ['database.replays']);
      const check = resultOf(report, 'database.replays');
      assert.equal(check.status, 'warn');
      assert.equal(check.faqId, 'VOD-AGED');
      assert.match(
        check.summary,
        /get_vod_list is empty: all 2 replays are older than 7 days \(newest \d{4}-\d\d-\d\d \d\d:\d\d:\d\d, UTC\+8\)/,
      );
      assert.match(check.cause ?? '', /by design/);
      await seedVod('anchor02', 'fresh_1', now - 2 * HOUR, now - HOUR);
      const again = await doctor(undefined, ['database.replays']);
      assert.equal(resultOf(again, 'database.replays').status, 'pass');
      assert.match(resultOf(again, 'database.replays').summary, /1 of 3 replays inside the 7-day list window/);
    } finally {
      await admin.query('DELETE FROM tb_vod');
    }
  });
});

describe('src/db diagnose functions', () => {
  it('checkWritePermission leaves nothing behind; deleteProbeRows only takes probe ids and skips missing tables', async () => {
    const conn = await connect({
      host: server.host,
      port: server.port,
      user: server.user,
      password: server.password,
      database: dbName,
    });
    try {
      assert.deepEqual(await checkWritePermission(conn, 'mlvbdoctor_w1'), {
        ok: true,
        tables: ['tb_account', 'tb_room', 'tb_vod'],
      });
      const [rows] = await admin.query("SELECT COUNT(*) AS n FROM tb_account WHERE userid = 'mlvbdoctor_w1'");
      assert.equal(Number((rows as Array<{ n: number }>)[0]?.n), 0, 'rolled back');
      await admin.query('ALTER TABLE tb_room MODIFY title varchar(3) NOT NULL');
      try {
        const denied = await checkWritePermission(conn, 'mlvbdoctor_w2');
        assert.deepEqual(denied.ok ? 'ok' : [denied.table, denied.driverCode], ['tb_room', 'ER_DATA_TOO_LONG']);
      } finally {
        await admin.query('ALTER TABLE tb_room MODIFY title varchar(255) NOT NULL');
      }
      await admin.query(
        "INSERT INTO tb_account (userid, password) VALUES ('mlvbdoctor_d1', 'x'), ('realuser_d1', 'x')",
      );
      await admin.query('RENAME TABLE minilvb_live TO minilvb_live_away');
      try {
        await assert.rejects(deleteProbeRows(conn, 'realuser_d1'), /only doctor probe users/);
        const deleted = await deleteProbeRows(conn, 'mlvbdoctor_d1');
        assert.equal(deleted.tb_account, 1);
        assert.equal(deleted.minilvb_live, 0, 'a missing table counts as 0 rows');
      } finally {
        await admin.query('RENAME TABLE minilvb_live_away TO minilvb_live');
      }
      const [left] = await admin.query('SELECT userid FROM tb_account ORDER BY userid');
      assert.deepEqual(
        (left as Array<{ userid: string }>).map((r) => r.userid),
        ['realuser_d1'],
      );
    } finally {
      await conn.close();
    }
  });
});

/**
 * Issue 9.9: an old PHP-era schema (createDB.sh before tb_vod got start_time and title) must be
 * detected, not accepted. `db provision --dry-run` and `db migrate --dry-run` list the ADD COLUMN
 * statements; a real `minilvb serve` reports /readyz 503 kind "schema" naming the table and
 * columns (one log line) instead of answering get_vod_list 500; `db migrate` adds the columns
 * (ADD COLUMN only, rows untouched), and serve heals by itself.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from 'vitest';
import mysql from 'mysql2/promise';
import { currentConfig, projectDir, TEST_SECRETS } from '../helpers/fixtures.js';
import { getMariaDB, type MariaDBServer } from '../helpers/mariadb.js';
import { freePort } from '../helpers/ports.js';
import { runCli } from '../helpers/run-cli.js';
import { logLines, spawnServe, type ServeProcess } from '../helpers/serve-process.js';
import { until } from '../helpers/until.js';
import { post, recordingEvent, registerAndLogin, send, signed } from '../helpers/server-client.js';

/** tb_vod as an early createDB.sh made it: no start_time, no title. */
const OLD_TB_VOD =
  "CREATE TABLE `tb_vod` (\n  `userid` varchar(50) NOT NULL,\n  `file_id` varchar(150) NOT NULL,\n  `frontcover` varchar(255) DEFAULT NULL,\n  `location` varchar(128) DEFAULT NULL,\n  `play_url` varchar(255) DEFAULT NULL,\n  `like_count` int(11) NOT NULL DEFAULT '0',\n  `viewer_count` int(11) NOT NULL DEFAULT '0',\n  `create_time` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,\n  `hls_play_url` varchar(255) DEFAULT NULL,\n  PRIMARY KEY (`userid`,`file_id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
const OLD_TB_ACCOUNT =
  "CREATE TABLE `tb_account` (\n  `userid` varchar(50) NOT NULL,\n  `password` varchar(255) DEFAULT NULL,\n  `nickname` varchar(100) DEFAULT NULL,\n  `sex` int(11) DEFAULT '-1',\n  `avatar` varchar(254) DEFAULT NULL,\n  `frontcover` varchar(255) DEFAULT NULL,\n  `create_time` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,\n  PRIMARY KEY (`userid`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
const OLD_TB_ROOM =
  'CREATE TABLE `tb_room` (\n  `userid` varchar(50) NOT NULL,\n  `title` varchar(255) NOT NULL,\n  `frontcover` varchar(255) DEFAULT NULL,\n  `location` varchar(128) DEFAULT NULL,\n  `create_time` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,\n  PRIMARY KEY (`userid`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4';

let server: MariaDBServer;
let admin: mysql.Connection;
let s: ServeProcess | undefined;
const users: string[] = [];

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
  await s?.stop();
  for (const u of users)
    for (const h of ['127.0.0.1', 'localhost']) await admin.query('DROP USER IF EXISTS ?@?', [u, h]);
  await admin.end();
  await server.stop();
});

interface OldDb {
  db: string;
  user: string;
  password: string;
  cwd: string;
}

/** A PHP-era database with one recording row, and an application user like createDB.sh's. */
async function oldDatabase(): Promise<OldDb> {
  const id = randomBytes(4).toString('hex');
  const db = `old_${id}`;
  const user = `old_${id}`;
  const password = `Pw-${id}-x1`;
  users.push(user);
  await admin.query(`CREATE DATABASE \`${db}\` DEFAULT CHARACTER SET utf8mb4`);
  for (const sql of [OLD_TB_ACCOUNT, OLD_TB_ROOM, OLD_TB_VOD])
    await admin.query(`USE \`${db}\``).then(() => admin.query(sql));
  await admin.query(
    `INSERT INTO \`${db}\`.tb_account (userid, password, nickname) VALUES ('phpuser1', 'e10adc3949ba59abbe56e057f20f883e', 'php')`,
  );
  await admin.query(`INSERT INTO \`${db}\`.tb_room (userid, title) VALUES ('phpuser1', 'php room')`);
  await admin.query(
    `INSERT INTO \`${db}\`.tb_vod (userid, file_id, play_url, like_count, create_time) VALUES ('phpuser1', 'phpvod1', 'http://v/1.mp4', 7, '2017-05-01 10:00:00')`,
  );
  await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [user, '127.0.0.1', password]);
  await admin.query(`GRANT ALL PRIVILEGES ON \`${db}\`.* TO ?@?`, [user, '127.0.0.1']);
  const cwd = projectDir(currentConfig({ db: { host: '127.0.0.1', port: server.port, name: db, user, password } }));
  return { db, user, password, cwd };
}

async function columns(db: string): Promise<string[]> {
  const [rows] = await admin.query(
    'SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
    [db, 'tb_vod'],
  );
  return (rows as Array<{ c: string }>).map((r) => r.c);
}

async function oldRow(db: string): Promise<unknown> {
  const [rows] = await admin.query(
    `SELECT userid, file_id, play_url, like_count, DATE_FORMAT(create_time, '%Y-%m-%d %H:%i:%s') AS ct FROM \`${db}\`.tb_vod WHERE file_id = 'phpvod1'`,
  );
  return rows;
}

describe('an old PHP-era schema (tb_vod without start_time, title)', () => {
  it('provision and migrate --dry-run list exactly the ADD COLUMN statements and change nothing; provision adds them', async () => {
    const o = await oldDatabase();
    const prov = await runCli(['db', 'provision', '--dry-run', '--json'], {
      cwd: o.cwd,
      env: { MINILVB_DB_ADMIN_USER: server.user, MINILVB_DB_ADMIN_PASSWORD: server.password },
    });
    assert.equal(prov.code, 0, prov.stdout + prov.stderr);
    const steps = prov
      .json<{ data: { steps: Array<{ action: string; sql: string }> } }>()
      .data.steps.filter((x) => x.action === 'add-column')
      .map((x) => x.sql);
    const expected = [
      'ALTER TABLE `tb_vod` ADD COLUMN `start_time` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP AFTER `hls_play_url`',
      'ALTER TABLE `tb_vod` ADD COLUMN `title` varchar(128) DEFAULT NULL AFTER `start_time`',
    ];
    assert.deepEqual(steps, expected);
    const dry = await runCli(['db', 'migrate', '--dry-run', '--json'], { cwd: o.cwd });
    assert.equal(dry.code, 0, dry.stdout + dry.stderr);
    assert.deepEqual(dry.json<{ data: { addedColumns: string[] } }>().data.addedColumns, expected);
    const human = await runCli(['db', 'migrate', '--dry-run'], { cwd: o.cwd });
    assert.match(human.stdout, /would add 2 missing column\(s\)/);
    assert.ok(human.stdout.includes(`${expected[0]};`));
    assert.deepEqual(
      await columns(o.db),
      [
        'userid',
        'file_id',
        'frontcover',
        'location',
        'play_url',
        'like_count',
        'viewer_count',
        'create_time',
        'hls_play_url',
      ],
      'dry runs change nothing',
    );

    // Provisioning for real adds them (it no longer says there is nothing to change), keeping the rows.
    const real = await runCli(['db', 'provision', '--json'], {
      cwd: o.cwd,
      env: { MINILVB_DB_ADMIN_USER: server.user, MINILVB_DB_ADMIN_PASSWORD: server.password },
    });
    assert.equal(real.code, 0, real.stdout + real.stderr);
    const report = real.json<{ data: { changed: boolean; steps: Array<{ action: string; sql: string }> } }>().data;
    assert.equal(report.changed, true);
    assert.deepEqual(
      report.steps.filter((x) => x.action === 'add-column').map((x) => x.sql),
      expected,
    );
    for (const step of report.steps) assert.doesNotMatch(step.sql, /\b(DROP|TRUNCATE|MODIFY|CHANGE|RENAME)\b/i);
    assert.deepEqual((await columns(o.db)).slice(-2), ['start_time', 'title']);
    assert.deepEqual(await oldRow(o.db), [
      { userid: 'phpuser1', file_id: 'phpvod1', play_url: 'http://v/1.mp4', like_count: 7, ct: '2017-05-01 10:00:00' },
    ]);
  });

  it('serve reports kind "schema" naming the columns; db migrate adds them, keeps the rows, and serve heals', async () => {
    const o = await oldDatabase();
    s = await spawnServe({ cwd: o.cwd, port: await freePort() });
    assert.match(String(s.doc.warnings?.join('\n')), /not usable \(schema\).*tb_vod lacks columns start_time, title/);
    const r = await send(s.url, '/readyz', { method: 'GET' });
    assert.deepEqual([r.status, r.json.reason, r.json.kind], [503, 'database unavailable', 'schema']);
    assert.match(String(r.json.cause), /tb_vod lacks columns start_time, title/);
    const t = Math.floor(Date.now() / 1000) - 4000;
    assert.equal(
      (
        await post(
          s.url,
          '/callback/tape_callback.php',
          recordingEvent(TEST_SECRETS.apiKey, 'phpuser1', 'phpvod2', t, t + 600),
        )
      ).status,
      503,
      'Tencent retries until the schema is fixed',
    );
    const logged = logLines(s).filter((l) => String(l.msg).startsWith('database unavailable'));
    assert.equal(logged.length, 1);
    assert.equal(logged[0]?.kind, 'schema');

    const migrate = await runCli(['db', 'migrate', '--json'], { cwd: o.cwd });
    assert.equal(migrate.code, 0, migrate.stdout + migrate.stderr);
    assert.deepEqual(await columns(o.db), [
      'userid',
      'file_id',
      'frontcover',
      'location',
      'play_url',
      'like_count',
      'viewer_count',
      'create_time',
      'hls_play_url',
      'start_time',
      'title',
    ]);
    assert.deepEqual(
      await oldRow(o.db),
      [
        {
          userid: 'phpuser1',
          file_id: 'phpvod1',
          play_url: 'http://v/1.mp4',
          like_count: 7,
          ct: '2017-05-01 10:00:00',
        },
      ],
      'existing rows keep their values',
    );
    const again = await runCli(['db', 'migrate', '--json'], { cwd: o.cwd });
    assert.deepEqual(
      again.json<{ data: { addedColumns: string[]; applied: unknown[] } }>().data.addedColumns,
      [],
      'a second run has nothing to add',
    );

    await until(
      '/readyz turns 200 by itself after db migrate',
      async () => (await send(s!.url, '/readyz', { method: 'GET' })).status === 200,
    );
    const u = await registerAndLogin(s.url, 'afterfix1');
    assert.equal((await signed(s.url, '/get_vod_list', 'afterfix1', u.token, { index: 0, count: 10 })).json.code, 200);
    assert.deepEqual(
      (
        await post(
          s.url,
          '/callback/tape_callback.php',
          recordingEvent(TEST_SECRETS.apiKey, 'phpuser1', 'phpvod2', t, t + 600),
        )
      ).json,
      { code: 0 },
    );
    assert.equal(logLines(s).filter((l) => l.msg === 'database reachable again').length, 1);
    assert.equal(await s.stop(), 0);
    s = undefined;
  });
});

/**
 * Time zones on the wire: the MySQL store keeps instants in its interface and UTC+8 wall clock in
 * the tables (docs/app-protocol.md#sharing-a-database-with-the-php-server), on every pooled
 * connection, whatever the server's zone.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import mysql from 'mysql2/promise';
import { openMysqlStore } from '../../src/db/mysql/mysql-store.js';
import { createDb } from '../../src/db/mysql/pool.js';
import type { Store } from '../../src/db/store.js';
import { createTestDatabase, getMariaDB, type MariaDBServer } from '../helpers/mariadb.js';

let server: MariaDBServer;
let name: string;
let store: Store;
let raw: mysql.Connection;

beforeAll(async () => {
  server = await getMariaDB();
  name = await createTestDatabase(server, 'tz');
  store = await openMysqlStore({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    name,
  });
  raw = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database: name,
    dateStrings: true,
  });
});

afterAll(async () => {
  await store.close();
  await raw.end();
  await server.stop();
});

describe('MySQL store time zone', () => {
  it('writes UTC+8 wall clock and reads it back as the same instant', async () => {
    await store.insertVod({
      userid: 'tz_user',
      fileId: 'f',
      startTime: new Date('2024-05-01T11:00:00Z'),
      createTime: new Date('2024-05-01T12:00:00Z'),
      playUrl: 'u',
    });
    await raw.query("SET time_zone = '+08:00'");
    const [rows] = await raw.query<mysql.RowDataPacket[]>(
      "SELECT start_time, create_time, UNIX_TIMESTAMP(create_time) AS epoch FROM tb_vod WHERE userid = 'tz_user'",
    );
    assert.deepEqual(
      [rows[0]?.start_time, rows[0]?.create_time, Number(rows[0]?.epoch)],
      ['2024-05-01 19:00:00', '2024-05-01 20:00:00', Date.UTC(2024, 4, 1, 12) / 1000],
    );
    // A row written by PHP as `date('Y-m-d H:i:s')` under PRC.
    await raw.query("INSERT INTO tb_room (userid, title, create_time) VALUES ('php_user', 't', '2024-06-01 08:30:00')");
    assert.equal((await store.getRoom('php_user'))?.createTime.toISOString(), '2024-06-01T00:30:00.000Z');
  });

  it('sets time_zone +08:00 on every pooled connection', async () => {
    const db = await createDb(
      { host: server.host, port: server.port, user: server.user, password: server.password, name },
      { connectionLimit: 4 },
    );
    try {
      const zones = await Promise.all(
        Array.from({ length: 12 }, () => db.rows<{ tz: string }>('SELECT @@session.time_zone AS tz, SLEEP(0.05) AS s')),
      );
      assert.deepEqual(new Set(zones.map((r) => r[0]?.tz)), new Set(['+08:00']));
    } finally {
      await db.close();
    }
  });
});

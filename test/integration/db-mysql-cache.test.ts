/** The MySQL store's list cache against a real MariaDB: own writes show at once, other writers within the TTL. */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import mysql from 'mysql2/promise';
import { openMysqlStore } from '../../src/db/mysql/mysql-store.js';
import { openServerStore } from '../../src/db/open-store.js';
import { resolveConfig } from '../helpers/server-client.js';
import type { Store } from '../../src/db/store.js';
import { createTestDatabase, getMariaDB, type MariaDBServer } from '../helpers/mariadb.js';

let server: MariaDBServer;
let store: Store;
let raw: mysql.Connection;
const since = new Date('2024-01-01T00:00:00Z');
const page = { since, offset: 0, limit: 20 };

beforeAll(async () => {
  server = await getMariaDB();
  const name = await createTestDatabase(server, 'cache');
  store = await openMysqlStore(
    { host: server.host, port: server.port, user: server.user, password: server.password, name },
    { listCacheMs: 300 },
  );
  raw = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database: name,
  });
  await raw.query("SET time_zone = '+08:00'");
});

afterAll(async () => {
  await store.close();
  await raw.end();
  await server.stop();
});

describe('MySQL list cache', () => {
  it('shows its own writes immediately', async () => {
    assert.deepEqual(await store.listVods(page), []);
    await store.insertVod({
      userid: 'cache_1',
      fileId: 'a',
      playUrl: 'u',
      startTime: new Date('2024-05-01T00:00:00Z'),
      createTime: new Date('2024-05-01T01:00:00Z'),
    });
    assert.deepEqual(
      (await store.listVods(page)).map((v) => v.fileId),
      ['a'],
    );
    await store.createAccount('cache_1', 'pw');
    await store.updateAccount('cache_1', { nickname: 'Nick' });
    assert.equal((await store.listVods(page))[0]?.nickname, 'Nick');
    await store.adjustVodCounts('cache_1', 'a', { likes: 2 });
    assert.equal((await store.listVods(page))[0]?.likeCount, 2);
    assert.equal(await store.countVods(since), 1);
  });

  it('shows writes of another process (a PHP server) within the TTL', async () => {
    assert.equal((await store.listVods(page)).length, 1);
    await raw.query(
      "INSERT INTO tb_vod (userid, file_id, play_url, start_time, create_time) VALUES ('php_1', 'b', 'u', '2024-05-02 08:00:00', '2024-05-02 09:00:00')",
    );
    let seen = 0;
    for (let i = 0; i < 40 && seen !== 2; i += 1) {
      seen = (await store.listVods(page)).length;
      if (seen !== 2) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(seen, 2);
  });

  it('server.listCacheMs is the one setting: 0 reaches the store serve opens, so another writer shows at once', async () => {
    const db = {
      host: server.host,
      port: server.port,
      user: server.user,
      password: server.password,
      name: await createTestDatabase(server, 'cache0'),
    };
    const config = await resolveConfig({ db, server: { listCacheMs: 0 } });
    const { store: served } = await openServerStore(config);
    const other = await mysql.createConnection({
      host: db.host,
      port: db.port,
      user: db.user,
      password: db.password,
      database: db.name,
    });
    try {
      assert.deepEqual(await served.listVods(page), []);
      await other.query(
        "INSERT INTO tb_vod (userid, file_id, play_url, start_time, create_time) VALUES ('php_2', 'c', 'u', '2024-05-02 08:00:00', '2024-05-02 09:00:00')",
      );
      assert.deepEqual(
        (await served.listVods(page)).map((v) => v.fileId),
        ['c'],
      );
    } finally {
      await other.end();
      await served.close();
    }
  });
});

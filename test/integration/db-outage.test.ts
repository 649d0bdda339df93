/**
 * A database outage: a private MariaDB is killed under an open MySQL store, which must throw
 * StoreUnavailableError (never leaking the password), then restarted on the same data directory
 * and port, and the same store (same pool) must serve again without being reopened.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from 'vitest';
import mysql from 'mysql2/promise';
import { openMysqlStore } from '../../src/db/mysql/mysql-store.js';
import { StoreUnavailableError, type Store } from '../../src/db/store.js';
import { startMariaDB, type PrivateMariaDB } from '../helpers/mariadb.js';

const password = randomBytes(12).toString('hex');
let server: PrivateMariaDB;
let port = 0;
let store: Store | undefined;

beforeAll(async () => {
  server = await startMariaDB();
  port = server.port;
  const root = await mysql.createConnection({ socketPath: server.socket, user: 'root' });
  await root.query('CREATE DATABASE outage_db DEFAULT CHARACTER SET utf8mb4');
  await root.query("CREATE USER 'outage'@'127.0.0.1' IDENTIFIED BY ?", [password]);
  await root.query("GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, INDEX, ALTER ON outage_db.* TO 'outage'@'127.0.0.1'");
  await root.end();
});

afterAll(async () => {
  await store?.close().catch(() => undefined);
  await server.stop();
});

describe('MySQL store during a database outage', () => {
  it('throws StoreUnavailableError while the server is down and recovers by itself when it is back', async () => {
    store = await openMysqlStore(
      { host: '127.0.0.1', port, name: 'outage_db', user: 'outage', password },
      { connectTimeoutMs: 2000 },
    );
    assert.equal(await store.createAccount('before1', 'pw'), 'created');
    await store.ping();

    await server.pause('SIGKILL');
    for (const call of [
      () => store!.ping(),
      () => store!.getAccount('before1'),
      () => store!.createAccount('during1', 'pw'),
      () => store!.listVods({ since: new Date(0 + 1000), offset: 0, limit: 10 }),
    ]) {
      await assert.rejects(call(), (e: unknown) => {
        assert.ok(e instanceof StoreUnavailableError, String(e));
        assert.equal(e.code, 'MLVB_DB_CONNECT');
        assert.ok(!e.message.includes(password), 'the password never appears');
        assert.match(e.message, /outage@127\.0\.0\.1:\d+\/outage_db/);
        return true;
      });
    }

    await server.resume();
    let recovered = false;
    for (let i = 0; i < 60 && !recovered; i += 1) {
      try {
        await store.ping();
        recovered = true;
      } catch (e) {
        assert.ok(e instanceof StoreUnavailableError, String(e));
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    assert.ok(recovered, 'the same pool serves again within 30 s');
    assert.equal((await store.getAccount('before1'))?.password, 'pw');
    assert.equal(await store.createAccount('after1', 'pw'), 'created');
    assert.equal(
      await store.getAccount('during1'),
      undefined,
      'the write during the outage was not acknowledged and not stored',
    );
  });

  it('reports a refused login as StoreUnavailableError without the password', async () => {
    const wrong = `${password}x`;
    await assert.rejects(
      openMysqlStore({ host: '127.0.0.1', port, name: 'outage_db', user: 'outage', password: wrong }),
      (e: unknown) => {
        assert.ok(e instanceof StoreUnavailableError);
        assert.ok(!e.message.includes(wrong));
        assert.match(e.message, /ER_ACCESS_DENIED_ERROR/);
        return true;
      },
    );
  });

  it('throws StoreUnavailableError after close()', async () => {
    const s = await openMysqlStore({ host: '127.0.0.1', port, name: 'outage_db', user: 'outage', password });
    await s.close();
    await assert.rejects(s.ping(), StoreUnavailableError);
  });
});

/**
 * The deploy's probe login (src/deploy/probe-login.ts) against the bundled server, which answers the same codes
 * as the PHP reference (docs/app-protocol.md#path-protocol): 620 for /login of a user that cannot exist, 498 for
 * a call signed with a random token, and nothing written. A server whose database is gone answers 500, which the
 * probe reports as the database. (Against nginx + php-fpm: deploy-php.test.ts.)
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appHealth, probeLogin } from '../../src/deploy/probe-login.js';
import { getMariaDB } from '../helpers/mariadb.js';
import { freePort } from '../helpers/ports.js';
import { releaseMariaDB, startTestServer, type TestServer } from '../helpers/server-client.js';

let embedded: TestServer;
let withMysql: TestServer;

beforeAll(async () => {
  [embedded, withMysql] = await Promise.all([startTestServer(), startTestServer({ store: 'mysql' })]);
});

afterAll(async () => {
  await Promise.all([embedded?.close(), withMysql?.close()]);
  await releaseMariaDB();
});

describe('the probe login against the bundled server', () => {
  it('passes: /login 620, signed call 498; the public check adds it to /interface.php 4001', async () => {
    for (const server of [embedded, withMysql]) {
      const r = await probeLogin(server.url, { flavour: 'bundled' });
      expect(r).toMatchObject({ ok: true });
      expect(r.detail).toMatch(
        /\/login answers 620 for mlvbdoctor_[0-9a-f]{10}, a signed call with a random token 498/,
      );
    }
    const health = await appHealth(`${embedded.url}/`, { flavour: 'bundled' });
    expect(health.ok).toBe(true);
    expect(health.detail).toMatch(/interface\.php: returnValue 4001; probe login: /);
    // Nothing was written: no account, no session.
    const c = await connect();
    try {
      const [rows] = await c.query(`SELECT COUNT(*) AS n FROM \`${withMysql.config.db?.name}\`.tb_account`);
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await c.end();
    }
  });

  it('fails naming the database when the server cannot read it (code 500)', async () => {
    const c = await connect();
    try {
      await c.query(`DROP TABLE \`${withMysql.config.db?.name}\`.tb_account`);
    } finally {
      await c.end();
    }
    const r = await probeLogin(withMysql.url, { flavour: 'bundled' });
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(/\/login answered HTTP 200, code 500 .*not code 620; the server cannot use its database/);
  });

  it('fails naming the URL when nothing answers there', async () => {
    const port = await freePort();
    const r = await probeLogin(`http://127.0.0.1:${port}/`, { flavour: 'php', timeoutMs: 2000 });
    expect(r.ok).toBe(false);
    expect(r.detail).toBe(
      `probe login: http://127.0.0.1:${port}/login got no answer (ECONNREFUSED); ` +
        'nothing answers there: is nginx running and server.publicUrl right?',
    );
  });
});

async function connect(): Promise<mysql.Connection> {
  const m = await getMariaDB();
  return mysql.createConnection({ host: m.host, port: m.port, user: m.user, password: m.password });
}

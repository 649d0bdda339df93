/**
 * Issue 9.6: a frozen database (mariadbd stopped with SIGSTOP: connections open, nothing
 * answers) must not hang requests. A real `minilvb serve` with a short server.dbTimeout and a
 * small server.dbQueueLimit gets a burst of app calls, /readyz and a callback while MariaDB is
 * frozen: every one is answered (the database error, 503 with kind "timeout", 503), one log line
 * says the outage started, and after SIGCONT one says it ended and requests succeed again.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import mysql from 'mysql2/promise';
import { TEST_SECRETS, currentConfig, projectDir } from '../helpers/fixtures.js';
import { startMariaDB, type PrivateMariaDB } from '../helpers/mariadb.js';
import { freePort } from '../helpers/ports.js';
import { logLines, spawnServe, type ServeProcess } from '../helpers/serve-process.js';
import { until } from '../helpers/until.js';
import { post, recordingEvent, registerAndLogin, send, signed } from '../helpers/server-client.js';

let db: PrivateMariaDB;
let s: ServeProcess | undefined;

beforeAll(async () => {
  db = await startMariaDB();
  const root = await mysql.createConnection({ socketPath: db.socket, user: 'root' });
  await root.query('CREATE DATABASE freeze_db DEFAULT CHARACTER SET utf8mb4');
  await root.end();
});

afterAll(async () => {
  db?.thaw();
  await s?.stop();
  await db?.stop();
});

describe('a frozen database (SIGSTOP) behind a real serve', () => {
  it('answers every request while frozen, bounded queue, one line at the start and one at the end', async () => {
    const cwd = projectDir(
      currentConfig({
        server: { dbTimeout: 1000, dbQueueLimit: 10 },
        db: { host: db.host, port: db.port, name: 'freeze_db', user: db.user, password: db.password },
      }),
    );
    s = await spawnServe({ cwd, port: await freePort() });
    const u = await registerAndLogin(s.url, 'frozen1');
    assert.equal((await signed(s.url, '/upload_room', 'frozen1', u.token, { title: 'before' })).json.code, 200);

    db.freeze();
    // A burst larger than the pool plus its queue: every request is answered, none waits for the thaw.
    const calls = Array.from({ length: 60 }, (_v, i) => signed(s!.url, '/get_user_info', 'frozen1', u.token, { n: i }));
    const answers = await Promise.all(calls);
    for (const a of answers) assert.deepEqual([a.status, a.json.code], [200, 500], a.text);
    const ready = await send(s.url, '/readyz', { method: 'GET' });
    assert.equal(ready.status, 503);
    assert.deepEqual(
      [ready.json.status, ready.json.store, ready.json.reason, ready.json.kind],
      ['unavailable', 'mysql', 'database unavailable', 'timeout'],
    );
    assert.match(
      String(ready.json.cause),
      /did not answer within 1000 ms|no database connection became free|statements are already waiting/,
    );
    const start = Math.floor(Date.now() / 1000) - 4000;
    assert.equal(
      (
        await post(
          s.url,
          '/callback/tape_callback.php',
          recordingEvent(TEST_SECRETS.apiKey, 'frozen1', 'frz1', start, start + 600),
        )
      ).status,
      503,
    );
    assert.equal((await send(s.url, '/healthz', { method: 'GET' })).status, 200);

    db.thaw();
    await until(
      'requests succeed again after the thaw',
      async () => (await signed(s!.url, '/get_user_info', 'frozen1', u.token)).json.code === 200,
    );
    await until('the outage end is logged', () => logLines(s!).some((l) => l.msg === 'database reachable again'));
    assert.equal((await send(s.url, '/readyz', { method: 'GET' })).status, 200);
    const lines = logLines(s);
    const down = lines.filter((l) => String(l.msg).startsWith('database unavailable'));
    assert.equal(down.length, 1, 'one line when the outage starts');
    assert.equal(down[0]?.kind, 'timeout');
    assert.equal(lines.filter((l) => l.msg === 'database reachable again').length, 1, 'one line when it ends');
    assert.equal(await s.stop(), 0);
    s = undefined;
  });
});

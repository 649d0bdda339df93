/**
 * Causes doctor used to blame on something else (issue 8, "Diagnoses the doctor gets wrong"),
 * each reproduced for real on the local stack (bundled server, MariaDB, cloud emulators): the
 * check naming the cause fails with its faqId, and nothing fails under another cause.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import mysql from 'mysql2/promise';
import type { DoctorReport } from '../../src/doctor/index.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';
import { startProxy, startTcpForwarder } from '../helpers/broken-deployments.js';
import { describe as dump, idsWith, resultOf, startDoctorStack, type DoctorStack } from '../helpers/doctor-stack.js';

let stack: DoctorStack;

/** Exactly these checks fail (or error), each with `faqId`; everything else passes, warns or is skipped. */
function assertFails(report: DoctorReport, expected: string[], faqId?: string): void {
  assert.deepEqual(idsWith(report, 'fail', 'error').sort(), [...expected].sort(), dump(report));
  if (faqId) for (const id of expected) assert.equal(resultOf(report, id).faqId, faqId, `${id}\n${dump(report)}`);
}

async function admin(): Promise<mysql.Connection> {
  return mysql.createConnection({ host: stack.mariadb.host, port: stack.mariadb.port, user: stack.mariadb.user, password: stack.mariadb.password, database: stack.dbName });
}

before(async () => { stack = await startDoctorStack(); });
after(async () => { await stack?.close(); await stack?.mariadb.stop(); });

describe('the server\'s database fails behind a working server', () => {
  it('database outage: DB-ACCESS from the server\'s own answer, not the callback URL', async () => {
    const fwd = await startTcpForwarder(stack.mariadb.host, stack.mariadb.port);
    const server = await stack.extraServer({ 'db.port': fwd.port });
    await fwd.cut();
    const report = await stack.doctor({ 'server.publicUrl': server.url, 'db.port': fwd.port });
    // Doctor's own login to the same (dead) database fails too, under the same cause.
    assertFails(report, ['database.connect', 'server.database'], 'DB-ACCESS');
    assert.match(resultOf(report, 'server.database').summary, /the server cannot use its database \(database unavailable\)/);
    for (const id of ['callback.sign', 'app.login']) assert.match(resultOf(report, id).summary, /see server\.database/, dump(report));
    assert.match(resultOf(report, 'callback.recording').summary, /server\.database/);
  });

  it('wrong DB credentials behind the server: DB-ACCESS, not VOD-CALLBACK-URL', async () => {
    const user = `lx_${randomBytes(3).toString('hex')}`;
    const conn = await admin();
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        await conn.query('CREATE USER ?@? IDENTIFIED BY ?', [user, host, TEST_SECRETS.dbPassword]);
        await conn.query(`GRANT ALL PRIVILEGES ON \`${stack.dbName}\`.* TO ?@?`, [user, host]);
      }
      const server = await stack.extraServer({ 'db.user': user });
      for (const host of ['127.0.0.1', 'localhost']) await conn.query('ALTER USER ?@? IDENTIFIED BY ?', [user, host, 'SomethingElse123']);
      const [rows] = await conn.query('SELECT id FROM information_schema.processlist WHERE user = ?', [user]);
      for (const r of rows as Array<{ id: number }>) await conn.query(`KILL ${Number(r.id)}`);
      const report = await stack.doctor({ 'server.publicUrl': server.url });
      assertFails(report, ['server.database'], 'DB-ACCESS');
      assert.equal(resultOf(report, 'callback.sign').status, 'skip', dump(report));
      assert.notEqual(resultOf(report, 'callback.sign').faqId, 'VOD-CALLBACK-URL');
      assert.equal(resultOf(report, 'app.login').status, 'skip', dump(report));
    } finally {
      await conn.end();
    }
  });

  it('a missing table: VOD-DB-TABLES naming the table', async () => {
    const conn = await admin();
    await conn.query('RENAME TABLE tb_vod TO tb_vod_away');
    try {
      const report = await stack.doctor();
      assertFails(report, ['database.schema', 'callback.recording'], 'VOD-DB-TABLES');
      const rec = resultOf(report, 'callback.recording');
      assert.match(rec.summary, /lacks the table tb_vod/);
      assert.equal(rec.evidence?.table, 'tb_vod');
      assert.match(rec.fix?.commands?.join(' ') ?? '', /minilvb db migrate/);
    } finally {
      await conn.query('RENAME TABLE tb_vod_away TO tb_vod');
      await conn.end();
    }
  });
});

describe('callback URL and push key in the console', () => {
  const setUrl = (url: string): void => { for (const t of stack.cloud.live.state.callbackTemplates) t.RecordNotifyUrl = url; };
  const restore = (): void => setUrl(`${stack.server.url}/callback/tape_callback.php`);

  it('/callback/Live_callback.php is fine when the server answers it: zero failures', async () => {
    setUrl(`${stack.server.url}/callback/Live_callback.php`);
    try {
      const report = await stack.doctor();
      assertFails(report, []);
      assert.match(resultOf(report, 'lvb.callback-url').summary, /Live_callback\.php, which the server answers like tape_callback\.php/);
    } finally { restore(); }
  });

  it('/callback/Live_callback.php on a server that does not serve it: VOD-CALLBACK-URL', async () => {
    const proxy = await startProxy(stack.server.url, (req, res) => {
      if (req.url !== '/callback/Live_callback.php') return false;
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html>404 Not Found</html>');
      return true;
    });
    setUrl(`${proxy.url}/callback/Live_callback.php`);
    try {
      const report = await stack.doctor({ 'server.publicUrl': proxy.url });
      assertFails(report, ['lvb.callback-url'], 'VOD-CALLBACK-URL');
      assert.match(resultOf(report, 'lvb.callback-url').summary, /answers with HTTP 404/);
    } finally { restore(); await proxy.close(); }
  });

  it('a trailing slash after tape_callback.php: VOD-CALLBACK-URL, compared exactly', async () => {
    setUrl(`${stack.server.url}/callback/tape_callback.php/`);
    try {
      const report = await stack.doctor();
      assertFails(report, ['lvb.callback-url'], 'VOD-CALLBACK-URL');
      assert.match(resultOf(report, 'lvb.callback-url').summary, /tape_callback\.php\/ ends with "\/"/);
    } finally { restore(); }
  });

  it('the push key is the cloud\'s backup key: never LVB-PUSH-KEY, zero failures', async () => {
    const keys = stack.cloud.live.state.pushAuthKeys['push.example.com'];
    assert.ok(keys);
    const saved = { ...keys };
    keys.BackupAuthKey = TEST_SECRETS.pushKey;
    keys.MasterAuthKey = `Zz${TEST_SECRETS.pushKey.slice(2)}`;
    try {
      const report = await stack.doctor();
      assertFails(report, []);
      assert.ok(report.results.every((r) => r.faqId !== 'LVB-PUSH-KEY'), dump(report));
      assert.match(resultOf(report, 'lvb.push-key').summary, /backup key/);
      assert.match(JSON.stringify(resultOf(report, 'keys.fingerprints').findings), /backup key, which Tencent accepts too/);
    } finally { Object.assign(keys, saved); }
  });
});

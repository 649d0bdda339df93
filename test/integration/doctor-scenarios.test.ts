/**
 * One scenario per FAQ cause doctor owns on the engine side: break exactly one thing in a healthy
 * local deployment (bundled server + MariaDB + cloud emulators) and check that exactly the check
 * naming that cause fails, with the right fix, and nothing unrelated.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import mysql from 'mysql2/promise';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprint } from '../../src/secrets/mask.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { freePort } from '../helpers/ports.js';
import { makeCerts, startFake, startProxy, startTlsFront, type Fake } from '../helpers/broken-deployments.js';
import { startDoctorStack, type DoctorStack } from '../helpers/doctor-stack.js';
import { assertFailures, dumpReport as dump, idsWith, resultOf } from '../helpers/doctor-report.js';

const DAY = 86_400_000;
let stack: DoctorStack;
const fakes: Fake[] = [];
const keep = <T extends Fake>(f: T): T => {
  fakes.push(f);
  return f;
};

beforeAll(async () => {
  stack = await startDoctorStack();
});
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  await stack?.close();
  await stack?.mariadb.stop();
});

describe('doctor on a healthy deployment', () => {
  it('http:// stack: nothing fails; the only warning is iOS ATS for plain http', async () => {
    const report = await stack.doctor();
    assertFailures(report, []);
    assert.deepEqual(idsWith(report, 'warn'), ['server.ios-ats'], dump(report));
    assert.equal(resultOf(report, 'server.ios-ats').faqId, 'APP-ATS');
    for (const id of [
      'server.generation',
      'callback.sign',
      'callback.recording',
      'app.login',
      'app.usersig',
      'app.cos-sign',
      'app.cos-upload',
      'database.schema',
      'database.write',
      'keys.fingerprints',
    ]) {
      assert.equal(resultOf(report, id).status, 'pass', `${id}\n${dump(report)}`);
    }
    assert.ok(
      report.cleanup.every((c) => c.ok),
      JSON.stringify(report.cleanup),
    );
    const removal = report.cleanup.find((c) => /^remove probe user mlvbdoctor_/.test(c.name));
    assert.match(
      removal?.message ?? '',
      /^removed via http:\/\/127\.0\.0\.1:\d+\/minilvb\/cleanup-probe \(rows: tb_vod 1, tb_room 1, minilvb_session 1, tb_account 1\)$/,
      JSON.stringify(report.cleanup),
    );
    assert.equal(resultOf(report, 'callback.recording').evidence?.cleanup, 'admin-endpoint');
  });

  it('the probe user and its replay are removed afterwards', async () => {
    const conn = await mysql.createConnection({
      host: stack.mariadb.host,
      port: stack.mariadb.port,
      user: stack.mariadb.user,
      password: stack.mariadb.password,
      database: stack.dbName,
    });
    const [acc] = await conn.query("SELECT COUNT(*) AS n FROM tb_account WHERE userid LIKE 'mlvbdoctor\\_%'");
    const [vod] = await conn.query("SELECT COUNT(*) AS n FROM tb_vod WHERE userid LIKE 'mlvbdoctor\\_%'");
    await conn.end();
    assert.equal(Number((acc as Array<{ n: number }>)[0]?.n), 0);
    assert.equal(Number((vod as Array<{ n: number }>)[0]?.n), 0);
  });

  it('without database access, doctor removes the probe user and its replay through /minilvb/cleanup-probe', async () => {
    const loaded = await stack.doctorConfig();
    const report = await stack.doctor({}, { config: { ...loaded.config, db: undefined } });
    assertFailures(report, []);
    assert.equal(resultOf(report, 'callback.recording').status, 'pass', dump(report));
    assert.equal(resultOf(report, 'database.connect').status, 'skip');
    const removal = report.cleanup.find((c) => /^remove probe user (mlvbdoctor_\w+)$/.test(c.name));
    assert.ok(removal?.ok, JSON.stringify(report.cleanup));
    assert.match(removal?.message ?? '', /\/minilvb\/cleanup-probe \(rows: tb_vod 1, /);
    const probeId = /mlvbdoctor_\w+/.exec(removal?.name ?? '')?.[0] ?? '';
    const conn = await mysql.createConnection({
      host: stack.mariadb.host,
      port: stack.mariadb.port,
      user: stack.mariadb.user,
      password: stack.mariadb.password,
      database: stack.dbName,
    });
    try {
      for (const table of ['tb_account', 'tb_vod', 'tb_room', 'minilvb_session']) {
        const [rows] = await conn.query(`SELECT COUNT(*) AS n FROM ${table} WHERE userid = ?`, [probeId]);
        assert.equal(Number((rows as Array<{ n: number }>)[0]?.n), 0, `${table} still holds ${probeId}`);
      }
    } finally {
      await conn.end();
    }
  });

  it('https:// stack with a trusted certificate: every check passes or is skipped for lack of input', async () => {
    const certs = makeCerts({ start: new Date(Date.now() - DAY), end: new Date(Date.now() + 90 * DAY) });
    const front = keep(await startTlsFront(stack.server.url, certs));
    const report = await stack.doctor(
      { 'server.publicUrl': front.url },
      { inputs: { cwd: stack.dir, tlsCa: certs.ca } },
    );
    assertFailures(report, []);
    assert.deepEqual(idsWith(report, 'warn'), [], dump(report));
    assert.equal(resultOf(report, 'server.https').status, 'pass');
    assert.match(resultOf(report, 'server.ios-ats').summary, /TLSv1\.[23].*ecdsa-with-SHA256, EC 256/);
    assert.deepEqual(
      idsWith(report, 'skip'),
      ['config.php-deployment', 'config.generated', 'config.app-constants', 'logs.scan'],
      dump(report),
    );
  });
});

describe('doctor names the cause', () => {
  it('CB-API-KEY: the server runs with another API key than lvb.apiKey', async () => {
    const server = await stack.extraServer({ 'lvb.apiKey': 'ZzWrongCallbackKey0000000000000a' });
    const report = await stack.doctor({ 'server.publicUrl': server.url });
    assertFailures(report, ['callback.sign', 'keys.fingerprints'], { faqId: 'CB-API-KEY' });
    const sign = resultOf(report, 'callback.sign');
    assert.match(sign.cause ?? '', /server's API key differs from lvb\.apiKey/);
    assert.match(sign.fix?.text ?? '', /lvb\.apiKey here, API_KEY on the server/);
    const keys = resultOf(report, 'keys.fingerprints');
    assert.equal(keys.faqId, 'CB-API-KEY');
    assert.match(keys.cause ?? '', /the server copy differs from the cloud/);
    assert.equal(resultOf(report, 'callback.recording').status, 'skip');
  });

  it('CB-API-KEY on a PHP deployment (--php-dir): the PHP copy of API_KEY is named as the wrong one', async () => {
    const gen = await runCli(['generate', '--only', 'php', '--out', 'php-out'], { cwd: stack.dir });
    assert.equal(gen.code, 0, gen.stderr);
    const php = join(stack.dir, 'php-out', 'php');
    const file = join(php, 'conf/OutDefine.php');
    const wrong = 'ZzPhpCopyOfTheApiKey000000000000';
    writeFileSync(file, readFileSync(file, 'utf8').replace(TEST_SECRETS.apiKey, wrong));
    const report = await stack.doctor({}, { inputs: { cwd: stack.dir, phpDir: php } });
    assertFailures(report, ['config.php-deployment', 'keys.fingerprints'], { faqId: 'CB-API-KEY' });
    const check = resultOf(report, 'config.php-deployment');
    assert.match(
      check.cause ?? '',
      /the PHP copy is wrong: your config's lvb\.apiKey is confirmed by lvb\.callback-key/,
    );
    const keys = resultOf(report, 'keys.fingerprints');
    assert.equal(keys.faqId, 'CB-API-KEY');
    assert.match(keys.cause ?? '', /the php copy differs from the cloud/);
    assert.match(
      String(keys.evidence?.['lvb.apiKey']),
      new RegExp(`local (\\w+)  server \\1  php ${fingerprint(wrong)}  cloud \\1`),
    );
    assert.ok(!JSON.stringify(report).includes(wrong));
  });

  it('VOD-CALLBACK-URL: the callback path is not served', async () => {
    const proxy = keep(
      await startProxy(stack.server.url, (req, res) => {
        if (!req.url?.startsWith('/callback/')) return false;
        res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body><h1>404 Not Found</h1></body></html>');
        return true;
      }),
    );
    const report = await stack.doctor({ 'server.publicUrl': proxy.url });
    assertFailures(report, ['server.callback-url'], { faqId: 'VOD-CALLBACK-URL' });
    assert.match(resultOf(report, 'server.callback-url').summary, /tape_callback\.php answers HTTP 404/);
    assert.match(resultOf(report, 'callback.sign').summary, /server\.callback-url failed/);
  });

  it('SRV-REACH: the server is down (connection refused)', async () => {
    const report = await stack.doctor({ 'server.publicUrl': `http://127.0.0.1:${await freePort()}` });
    assertFailures(report, ['server.reachable'], { faqId: 'SRV-REACH' });
    assert.match(resultOf(report, 'server.reachable').summary, /connection refused/);
    assert.match(
      resultOf(report, 'app.login').summary,
      /skipped: server\.reachable failed \(needed by server\.generation\)/,
    );
  });

  it('SRV-GEN: the URL is not a Mini LVB server', async () => {
    const other = keep(
      await startFake((_req, res) => {
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html><html><body>Welcome to nginx!</body></html>');
      }),
    );
    const report = await stack.doctor({ 'server.publicUrl': other.url });
    assertFailures(report, ['server.generation'], { faqId: 'SRV-GEN' });
    assert.match(resultOf(report, 'server.generation').summary, /is not a Mini LVB server/);
  });

  it('SRV-TRAILING: the server URL (--server) ends with a slash', async () => {
    const report = await stack.doctor({}, { inputs: { cwd: stack.dir, serverUrl: `${stack.server.url}/` } });
    assertFailures(report, ['server.url'], { faqId: 'SRV-TRAILING' });
    assert.match(resultOf(report, 'server.url').fix?.text ?? '', /Remove the trailing slash/);
  });

  it('DB-ACCESS: the DB password differs from the database', async () => {
    const report = await stack.doctor({ 'db.password': 'NotTheRightPassword42' });
    assertFailures(report, ['database.connect'], { faqId: 'DB-ACCESS' });
    assert.match(resultOf(report, 'database.connect').cause ?? '', /cdn\.route\.ini/);
    const anon = resultOf(report, 'database.connect').findings?.find((f) => f.faqId === 'DB-ANON-USER');
    assert.match(anon?.summary ?? '', /anonymous account ''@'localhost' may shadow/);
    assert.match(anon?.fix?.commands?.join(' ') ?? '', /mysql\.user WHERE user=''/);
  });

  it('VOD-DB-WRITE: a column of the schema was changed', async () => {
    const conn = await mysql.createConnection({
      host: stack.mariadb.host,
      port: stack.mariadb.port,
      user: stack.mariadb.user,
      password: stack.mariadb.password,
      database: stack.dbName,
    });
    await conn.query('ALTER TABLE tb_vod MODIFY title varchar(64) DEFAULT NULL');
    try {
      const report = await stack.doctor();
      assertFailures(report, ['database.schema'], { faqId: 'VOD-DB-WRITE' });
      assert.match(
        resultOf(report, 'database.schema').summary,
        /tb_vod\.title is varchar\(64\), expected varchar\(128\)/,
      );
    } finally {
      await conn.query('ALTER TABLE tb_vod MODIFY title varchar(128) DEFAULT NULL');
      await conn.end();
    }
  });

  it('VOD-DB-TABLES: a table is missing', async () => {
    const conn = await mysql.createConnection({
      host: stack.mariadb.host,
      port: stack.mariadb.port,
      user: stack.mariadb.user,
      password: stack.mariadb.password,
      database: stack.dbName,
    });
    await conn.query('RENAME TABLE tb_vod TO tb_vod_away');
    try {
      const report = await stack.doctor({}, { select: ['database'] });
      assertFailures(report, ['database.schema'], { faqId: 'VOD-DB-TABLES' });
      assert.match(resultOf(report, 'database.schema').fix?.commands?.join(' ') ?? '', /minilvb db/);
      assert.equal(resultOf(report, 'database.write').status, 'skip');
    } finally {
      await conn.query('RENAME TABLE tb_vod_away TO tb_vod');
      await conn.end();
    }
  });

  it('COS-CDN: the bucket is private, seen by the app flow', async () => {
    const bucket = stack.cloud.cos.state.buckets[0];
    assert.ok(bucket);
    bucket.acl = 'private';
    try {
      const report = await stack.doctor();
      const upload = resultOf(report, 'app.cos-upload');
      assert.equal(upload.status, 'fail', dump(report));
      assert.equal(upload.faqId, 'COS-CDN');
      assert.match(upload.fix?.text ?? '', /public-read/);
      const others = idsWith(report, 'fail', 'inconclusive', 'error').filter((id) => id !== 'app.cos-upload');
      assert.ok(
        others.every((id) => id.startsWith('cos.')),
        dump(report),
      );
    } finally {
      bucket.acl = 'public-read';
    }
  });

  it('APP-IM-PARAMS: the server signs UserSigs with another IM key', async () => {
    const server = await stack.extraServer({ 'im.secretKey': 'a'.repeat(64) });
    const report = await stack.doctor({ 'server.publicUrl': server.url });
    assertFailures(report, ['app.usersig', 'keys.fingerprints'], { faqId: 'APP-IM-PARAMS' });
    assert.equal(resultOf(report, 'app.usersig').evidence?.imErrorCode, 70009);
    assert.match(resultOf(report, 'app.usersig').cause ?? '', /another IM secret key than im\.secretKey/);
  });

  it('COS-SECRETKEY: the server signs COS keys with another SecretKey', async () => {
    const server = await stack.extraServer({ 'cos.secretKey': 'ZzOtherCosSecretKey0000000000000' });
    const report = await stack.doctor({ 'server.publicUrl': server.url });
    assertFailures(report, ['app.cos-sign', 'keys.fingerprints'], { faqId: 'COS-SECRETKEY' });
    assert.equal(resultOf(report, 'app.cos-upload').status, 'skip');
  });

  it('APP-COS-PARAMS: the server hands the apps another bucket', async () => {
    const server = await stack.extraServer({ 'cos.bucket': 'otherbucket' });
    const report = await stack.doctor({ 'server.publicUrl': server.url });
    assertFailures(report, ['app.cos-info'], { faqId: 'COS-BUCKET' });
    assert.match(resultOf(report, 'app.cos-info').summary, /Bucket=otherbucket \(cos\.bucket is xiaozhibo\)/);
    assert.deepEqual(
      resultOf(report, 'app.cos-info').findings?.map((f) => [f.faqId, f.summary]),
      [['APP-COS-PARAMS', 'cos_info.Bucket: the apps get otherbucket, cos.bucket is xiaozhibo']],
    );
  });

  it('SRV-HTTPS: an expired certificate fails server.https alone', async () => {
    const certs = makeCerts({ start: new Date(Date.now() - 60 * DAY), end: new Date(Date.now() - 2 * DAY) });
    const front = keep(await startTlsFront(stack.server.url, certs));
    const report = await stack.doctor(
      { 'server.publicUrl': front.url },
      { inputs: { cwd: stack.dir, tlsCa: certs.ca } },
    );
    assertFailures(report, ['server.https'], { faqId: 'SRV-HTTPS' });
    assert.match(resultOf(report, 'server.https').summary, /expired on/);
    assert.match(resultOf(report, 'server.generation').summary, /server\.https failed/);
  });

  it('SRV-HTTPS: a certificate expiring in 5 days is a warning, everything else passes', async () => {
    const certs = makeCerts({ start: new Date(Date.now() - DAY), end: new Date(Date.now() + 5 * DAY + 3600_000) });
    const front = keep(await startTlsFront(stack.server.url, certs));
    const report = await stack.doctor(
      { 'server.publicUrl': front.url },
      { inputs: { cwd: stack.dir, tlsCa: certs.ca } },
    );
    assertFailures(report, []);
    assert.deepEqual(idsWith(report, 'warn'), ['server.https'], dump(report));
    assert.match(resultOf(report, 'server.https').summary, /expires in 5 days/);
  });

  it('SRV-HTTPS: a certificate for another host name, and an untrusted one', async () => {
    const wrongHost = makeCerts({
      start: new Date(Date.now() - DAY),
      end: new Date(Date.now() + 90 * DAY),
      san: 'DNS:live.example.com',
    });
    const front = keep(await startTlsFront(stack.server.url, wrongHost));
    const report = await stack.doctor(
      { 'server.publicUrl': front.url },
      { inputs: { cwd: stack.dir, tlsCa: wrongHost.ca } },
    );
    assertFailures(report, ['server.https'], { faqId: 'SRV-HTTPS' });
    assert.match(resultOf(report, 'server.https').summary, /does not cover 127\.0\.0\.1/);
    const privateCa = makeCerts({ start: new Date(Date.now() - DAY), end: new Date(Date.now() + 90 * DAY) });
    const front2 = keep(await startTlsFront(stack.server.url, privateCa));
    const untrusted = await stack.doctor({ 'server.publicUrl': front2.url });
    assertFailures(untrusted, ['server.https'], { faqId: 'SRV-HTTPS' });
    assert.match(resultOf(untrusted, 'server.https').summary, /not trusted/);
  });

  it('never prints a secret in any result', async () => {
    const report = await stack.doctor({ 'db.password': 'NotTheRightPassword42' });
    const text = JSON.stringify(report);
    for (const secret of Object.values(TEST_SECRETS))
      assert.ok(!text.includes(secret), 'a secret leaked into the report');
  });
});

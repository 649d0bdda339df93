/**
 * Causes doctor used to blame on something else (issue 8, "Diagnoses the doctor gets wrong"),
 * each reproduced for real on the local stack (bundled server, MariaDB, cloud emulators): the
 * check naming the cause fails with its faqId, and nothing fails under another cause.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import mysql from 'mysql2/promise';
import type { DoctorReport } from '../../src/doctor/index.js';
import { TEST_IM_PRIVATE_KEY, TEST_IM_PUBLIC_KEY, TEST_SECRETS } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { startFake, startProxy, startTcpForwarder } from '../helpers/broken-deployments.js';
import { deliverCallback, markPublished, recordingEvent } from '../emulators/live-callback-delivery.js';
import { STACK } from '../emulators/cloud-stack.js';
import { startDoctorStack, type DoctorStack } from '../helpers/doctor-stack.js';
import { assertFailures, dumpReport as dump, idsWith, resultOf } from '../helpers/doctor-report.js';

let stack: DoctorStack;

async function admin(): Promise<mysql.Connection> {
  return mysql.createConnection({
    host: stack.mariadb.host,
    port: stack.mariadb.port,
    user: stack.mariadb.user,
    password: stack.mariadb.password,
    database: stack.dbName,
  });
}

beforeAll(async () => {
  stack = await startDoctorStack();
});
afterAll(async () => {
  await stack?.close();
  await stack?.mariadb.stop();
});

describe("the server's database fails behind a working server", () => {
  it("database outage: DB-ACCESS from the server's own answer, not the callback URL", async () => {
    const fwd = await startTcpForwarder(stack.mariadb.host, stack.mariadb.port);
    const server = await stack.extraServer({ 'db.port': fwd.port });
    await fwd.cut();
    const report = await stack.doctor({ 'server.publicUrl': server.url, 'db.port': fwd.port });
    // Doctor's own login to the same (dead) database fails too, under the same cause.
    assertFailures(report, ['database.connect', 'server.database'], { faqId: 'DB-ACCESS' });
    assert.match(
      resultOf(report, 'server.database').summary,
      /the server cannot use its database \(database unavailable.*ECONNREFUSED/,
    );
    for (const id of ['callback.sign', 'app.login'])
      assert.match(resultOf(report, id).summary, /see server\.database/, dump(report));
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
      for (const host of ['127.0.0.1', 'localhost'])
        await conn.query('ALTER USER ?@? IDENTIFIED BY ?', [user, host, 'SomethingElse123']);
      const [rows] = await conn.query('SELECT id FROM information_schema.processlist WHERE user = ?', [user]);
      for (const r of rows as Array<{ id: number }>) await conn.query(`KILL ${Number(r.id)}`);
      const report = await stack.doctor({ 'server.publicUrl': server.url });
      assertFailures(report, ['server.database'], { faqId: 'DB-ACCESS' });
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
      assertFailures(report, ['database.schema', 'callback.recording'], { faqId: 'VOD-DB-TABLES' });
      const rec = resultOf(report, 'callback.recording');
      assert.match(rec.summary, /lacks the table tb_vod/);
      assert.equal(rec.evidence?.table, 'tb_vod');
      assert.match(rec.fix?.commands?.join(' ') ?? '', /minilvb db migrate/);
    } finally {
      await conn.query('RENAME TABLE tb_vod_away TO tb_vod');
      await conn.end();
    }
  });
  it('tb_account missing: the login fails with VOD-DB-TABLES naming it, not DB-ACCESS', async () => {
    const conn = await admin();
    await conn.query('RENAME TABLE tb_account TO tb_account_away');
    try {
      const report = await stack.doctor();
      assertFailures(report, ['database.schema', 'app.login'], { faqId: 'VOD-DB-TABLES' });
      assert.match(resultOf(report, 'app.login').summary, /lacks the table tb_account/);
    } finally {
      await conn.query('RENAME TABLE tb_account_away TO tb_account');
      await conn.end();
    }
  });
});

describe('callback URL and push key in the console', () => {
  const setUrl = (url: string): void => {
    for (const t of stack.cloud.live.state.callbackTemplates) t.RecordNotifyUrl = url;
  };
  const restore = (): void => setUrl(`${stack.server.url}/callback/tape_callback.php`);

  it('/callback/Live_callback.php is fine when the server answers it: zero failures', async () => {
    setUrl(`${stack.server.url}/callback/Live_callback.php`);
    try {
      const report = await stack.doctor();
      assertFailures(report, []);
      assert.match(
        resultOf(report, 'lvb.callback-url').summary,
        /Live_callback\.php, which the server answers like tape_callback\.php/,
      );
    } finally {
      restore();
    }
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
      assertFailures(report, ['lvb.callback-url'], { faqId: 'VOD-CALLBACK-URL' });
      assert.match(resultOf(report, 'lvb.callback-url').summary, /answers with HTTP 404/);
    } finally {
      restore();
      await proxy.close();
    }
  });

  it('a trailing slash after tape_callback.php: VOD-CALLBACK-URL, compared exactly', async () => {
    setUrl(`${stack.server.url}/callback/tape_callback.php/`);
    try {
      const report = await stack.doctor();
      assertFailures(report, ['lvb.callback-url'], { faqId: 'VOD-CALLBACK-URL' });
      assert.match(resultOf(report, 'lvb.callback-url').summary, /tape_callback\.php\/ ends with "\/"/);
    } finally {
      restore();
    }
  });

  it("the push key is the cloud's backup key: never LVB-PUSH-KEY, zero failures", async () => {
    const keys = stack.cloud.live.state.pushAuthKeys['push.example.com'];
    assert.ok(keys);
    const saved = { ...keys };
    keys.BackupAuthKey = TEST_SECRETS.pushKey;
    keys.MasterAuthKey = `Zz${TEST_SECRETS.pushKey.slice(2)}`;
    try {
      const report = await stack.doctor();
      assertFailures(report, []);
      assert.ok(
        report.results.every((r) => r.faqId !== 'LVB-PUSH-KEY'),
        dump(report),
      );
      assert.match(resultOf(report, 'lvb.push-key').summary, /backup key/);
      assert.match(
        JSON.stringify(resultOf(report, 'keys.fingerprints').findings),
        /backup key, which Tencent accepts too/,
      );
    } finally {
      Object.assign(keys, saved);
    }
  });
});

describe('callback deliveries Tencent recorded (DescribeCallbackRecordsList, --stream)', () => {
  const uniq = (): string => randomBytes(3).toString('hex');
  const deliver = (url: string, event: Record<string, unknown>): Promise<unknown> =>
    deliverCallback(stack.cloud.live.state, url, event, TEST_SECRETS.apiKey);
  const withStreams = (streams: string[]): Promise<DoctorReport> =>
    stack.doctor({}, { inputs: { cwd: stack.dir, streams } });

  it('HTTP 200 {"code":2003} for a user without a room: VOD-NO-ROOM, though the stream is not live', async () => {
    const stream = `8888_nobody${uniq()}`;
    await deliver(`${stack.server.url}/callback/tape_callback.php`, recordingEvent(stream, 300));
    const report = await withStreams([stream]);
    assertFailures(report, ['lvb.callback-records'], { faqId: 'VOD-NO-ROOM' });
    const r = resultOf(report, 'lvb.callback-records');
    assert.match(
      r.summary,
      new RegExp(`stream ${stream}: the recording delivered at .* was answered \\{"code":2003\\}: not stored`),
    );
    assert.match(r.cause ?? '', /no tb_room row for nobody/);
  });

  it('without --stream: a stream pushed in the last 24 h (not live) is found through DescribeLiveStreamPublishedList', async () => {
    const stream = `8888_pushed${uniq()}`;
    await deliver(`${stack.server.url}/callback/tape_callback.php`, recordingEvent(stream, 300));
    markPublished(stack.cloud.live.state, STACK.pushDomain, stream);
    try {
      const report = await stack.doctor({}, { inputs: { cwd: stack.dir } });
      assertFailures(report, ['lvb.callback-records'], { faqId: 'VOD-NO-ROOM' });
      assert.match(resultOf(report, 'lvb.callback-records').summary, new RegExp(`stream ${stream}: the recording`));
    } finally {
      stack.cloud.live.state.publishedStreams = stack.cloud.live.state.publishedStreams.filter(
        (p) => p.StreamName !== stream,
      );
    }
  });

  it('a stream id without "_": VOD-STREAM-ID', async () => {
    const stream = `custom${uniq()}`;
    await deliver(`${stack.server.url}/callback/tape_callback.php`, recordingEvent(stream, 300));
    const report = await withStreams([stream]);
    assertFailures(report, ['lvb.callback-records'], { faqId: 'VOD-STREAM-ID' });
    assert.match(resultOf(report, 'lvb.callback-records').cause ?? '', new RegExp(`stream id ${stream} has no "_"`));
  });

  it('a 30-second recording, acknowledged and ignored: a VOD-TOO-SHORT warning, nothing fails', async () => {
    const stream = `8888_short${uniq()}`;
    await deliver(`${stack.server.url}/callback/tape_callback.php`, recordingEvent(stream, 30));
    const report = await withStreams([stream]);
    assertFailures(report, []);
    const r = resultOf(report, 'lvb.callback-records');
    assert.equal(r.status, 'warn', dump(report));
    assert.equal(r.faqId, 'VOD-TOO-SHORT');
    assert.match(r.cause ?? '', /lasted 30 s/);
  });

  it('a PHP server answering 4002 to a recording without video_id: VOD-NO-VIDEOID', async () => {
    const php = await startFake((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":4002}');
    });
    try {
      const stream = `8888_novideo${uniq()}`;
      const event = recordingEvent(stream, 300);
      delete event.video_id;
      await deliver(`${php.url}/callback/tape_callback.php`, event);
      const report = await withStreams([stream]);
      assertFailures(report, ['lvb.callback-records'], { faqId: 'VOD-NO-VIDEOID' });
    } finally {
      await php.close();
    }
  });

  it('a PHP 8 server crashing with HTTP 500 on the callback: VOD-SIGN-500', async () => {
    const php = await startFake((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' }).end('');
    });
    try {
      const stream = `8888_crash${uniq()}`;
      await deliver(`${php.url}/callback/tape_callback.php`, recordingEvent(stream, 300));
      const report = await withStreams([stream]);
      assertFailures(report, ['lvb.callback-records'], { faqId: 'VOD-SIGN-500' });
      assert.equal(resultOf(report, 'lvb.callback-records').evidence?.lastResultCode, 500);
    } finally {
      await php.close();
    }
  });

  it('a stored recording of a stream that is not live: read, and all stored', async () => {
    const stream = `8888_${stack.dbUser}`;
    const conn = await admin();
    try {
      await conn.query("INSERT INTO tb_room (userid, title, frontcover, location) VALUES (?, 'r', '', '')", [
        stack.dbUser,
      ]);
      await deliver(`${stack.server.url}/callback/tape_callback.php`, recordingEvent(stream, 300));
      const report = await withStreams([stream]);
      assertFailures(report, []);
      assert.match(
        resultOf(report, 'lvb.callback-records').summary,
        new RegExp(`for 2 streams \\(${stream}, minilvb_probe\\), all stored`),
      );
    } finally {
      await conn.query('DELETE FROM tb_vod WHERE userid = ?', [stack.dbUser]);
      await conn.query('DELETE FROM tb_room WHERE userid = ?', [stack.dbUser]);
      await conn.end();
    }
  });
});

describe('what the deployed copies hold, not the normalised local config', () => {
  it('generated app constants: the normalised URL passes; a trailing slash in the deployed constants fails SRV-TRAILING', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'doctor-consts-'));
    const gen = await runCli(
      [
        'generate',
        '--only',
        'clients',
        '--config',
        join(stack.dir, 'minilvb.config.json'),
        '--public-url',
        `${stack.server.url}/`,
      ],
      { cwd },
    );
    assert.equal(gen.code, 0, gen.stderr);
    const file = join(cwd, 'minilvb-files/clients/B/TCConstants.java');
    assert.match(readFileSync(file, 'utf8'), new RegExp(`APP_SVR_URL = "${stack.server.url}";`));
    const inputs = { cwd };
    assertFailures(await stack.doctor({}, { inputs }), []);
    writeFileSync(file, readFileSync(file, 'utf8').replace(`"${stack.server.url}"`, `"${stack.server.url}/"`));
    const report = await stack.doctor({}, { inputs });
    assertFailures(report, ['config.app-constants'], { faqId: 'SRV-TRAILING' });
    assert.match(
      resultOf(report, 'config.app-constants').summary,
      /APP_SVR_URL in minilvb-files\/clients\/B\/TCConstants\.java is ".*\/": it ends with "\/"/,
    );
  });

  it('a region alias (gz) in the PHP copy: config.php-deployment fails APP-COS-REGION', async () => {
    const gen = await runCli(['generate', '--only', 'php', '--out', 'php-gz'], { cwd: stack.dir });
    assert.equal(gen.code, 0, gen.stderr);
    const php = join(stack.dir, 'php-gz', 'php');
    const file = join(php, 'conf/OutDefine.php');
    writeFileSync(file, readFileSync(file, 'utf8').replace("'ap-guangzhou'", "'gz'"));
    const report = await stack.doctor({ 'cos.region': 'gz' }, { inputs: { cwd: stack.dir, phpDir: php } });
    // The local alias is normalised (a warning of config.cos-region); the PHP copy still holds gz.
    assertFailures(report, ['config.php-deployment'], { faqId: 'APP-COS-REGION' });
    const php8 = resultOf(report, 'config.php-deployment');
    assert.match(
      php8.findings?.map((f) => f.summary).join('\n') ?? '',
      /COSKEY_BUCKET_REGION: the PHP copy \(OutDefine\.php line \d+\) has the legacy alias "gz" for "ap-guangzhou"/,
    );
    assert.match(php8.cause ?? '', /cos\.gz\.myqcloud\.com/);
  });

  it('a server that hands the apps the alias gz: app.cos-info fails APP-COS-REGION', async () => {
    const proxy = await startProxy(stack.server.url, (req, res) => {
      if (req.url !== '/login') return false;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void fetch(`${stack.server.url}/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: Buffer.concat(chunks),
        }).then(async (r) => {
          const body = (await r.text()).replace('"Region":"ap-guangzhou"', '"Region":"gz"');
          res.writeHead(r.status, { 'content-type': 'application/json' }).end(body);
        });
      });
      return true;
    });
    try {
      const report = await stack.doctor({ 'server.publicUrl': proxy.url });
      assertFailures(report, ['app.cos-info'], { faqId: 'APP-COS-REGION' });
      assert.match(resultOf(report, 'app.cos-info').summary, /Region=gz \(cos\.region is ap-guangzhou\)/);
    } finally {
      await proxy.close();
    }
  });
});

describe('a healthy world in each protocol and credential generation', () => {
  const legacy = {
    credentials: 'legacy',
    'lvb.appId': 1252463788,
    'lvb.bizId': 8888,
    'im.secretKey': '',
    'im.accountType': '18647',
    'im.privateKey': TEST_IM_PRIVATE_KEY,
    'im.publicKey': TEST_IM_PUBLIC_KEY,
  };
  const worlds: Array<[string, Record<string, unknown>]> = [
    ['path protocol, current credentials', {}],
    ['path protocol, legacy credentials', legacy],
    ['action protocol, current credentials', { protocol: 'action' }],
    ['action protocol, legacy credentials', { protocol: 'action', ...legacy }],
  ];
  for (const [name, overrides] of worlds) {
    it(`${name}: zero failures; the only warning is iOS ATS for plain http`, async () => {
      const app = stack.cloud.im.state.apps[0];
      assert.ok(app);
      app.publicKey = TEST_IM_PUBLIC_KEY;
      try {
        const server = Object.keys(overrides).length === 0 ? stack.server : await stack.extraServer(overrides);
        const url = overrides.protocol === 'action' ? `${server.url}/interface.php` : server.url;
        const report = await stack.doctor({ ...overrides, 'server.publicUrl': url });
        assertFailures(report, []);
        assert.deepEqual(idsWith(report, 'warn'), ['server.ios-ats'], dump(report));
      } finally {
        delete app.publicKey;
      }
    });
  }

  it('legacy credentials, the COS CDN domain off: app.cos-upload fails COS-CDN (current credentials: a warning)', async () => {
    const bucket = stack.cloud.cos.state.buckets[0];
    assert.ok(bucket);
    const app = stack.cloud.im.state.apps[0];
    assert.ok(app);
    bucket.cdn = false;
    app.publicKey = TEST_IM_PUBLIC_KEY;
    try {
      const server = await stack.extraServer(legacy);
      const report = await stack.doctor({ ...legacy, 'server.publicUrl': server.url });
      assertFailures(report, ['app.cos-upload'], { faqId: 'COS-CDN' });
      assert.match(
        resultOf(report, 'app.cos-upload').summary,
        /the CDN domain xiaozhibo-1250000000\.file\.myqcloud\.com answers HTTP 404/,
      );
      const current = await stack.doctor();
      assertFailures(current, []);
      assert.equal(resultOf(current, 'app.cos-upload').status, 'warn');
      assert.equal(resultOf(current, 'app.cos-upload').faqId, 'COS-CDN');
    } finally {
      bucket.cdn = true;
      delete app.publicKey;
    }
  });
});

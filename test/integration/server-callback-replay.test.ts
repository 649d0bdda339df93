/**
 * Callbacks under replay and retry (issue 9 items 5, 9, 10, 11): the accepted range of `t`,
 * replays answered without a second effect, a retried merged recording not inserted twice, times
 * out of range answered 4002, and a callback that could not be stored never answered as success.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import mysql from 'mysql2/promise';
import { callbackSign } from '../../src/sign/index.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';
import {
  callbackBody,
  post,
  recordingEvent,
  registerAndLogin,
  signed,
  startTestServer,
  STORE_KINDS,
  type TestServer,
  releaseMariaDB,
} from '../helpers/server-client.js';

const KEY = TEST_SECRETS.apiKey;
const CB = '/callback/tape_callback.php';
const now = (): number => Math.floor(Date.now() / 1000);

afterAll(releaseMariaDB);

for (const kind of STORE_KINDS) {
  describe(`callback replay and retry (${kind} store)`, () => {
    let s: TestServer;
    let token: string;
    beforeAll(async () => {
      s = await startTestServer({ store: kind });
      token = (await registerAndLogin(s.url, 'replay1')).token;
      await signed(s.url, '/upload_room', 'replay1', token, { title: 'room' });
    });
    afterAll(async () => {
      await s?.close();
    });

    it("rejects t far in the future (4005) but accepts Tencent's send time + 600 s", async () => {
      const far = 999999999999999;
      assert.deepEqual(
        (await post(s.url, CB, { event_type: 1, stream_id: '8888_replay1', t: far, sign: callbackSign(KEY, far) }))
          .json,
        { code: 4005 },
      );
      const beyond = now() + 600 + 60 + 5;
      assert.deepEqual(
        (await post(s.url, CB, callbackBody(KEY, { event_type: 200, stream_id: '8888_replay1' }, beyond))).json,
        { code: 4005 },
      );
      assert.deepEqual(
        (await post(s.url, CB, callbackBody(KEY, { event_type: 200, stream_id: '8888_replay1' }, now() + 600))).json,
        { code: 0 },
      );
    });

    it('answers times that no table can hold with 4002', async () => {
      const big = 1e15;
      assert.deepEqual((await post(s.url, CB, recordingEvent(KEY, 'replay1', 'huge', now() - 600, big))).json, {
        code: 4002,
      });
      assert.deepEqual((await post(s.url, CB, recordingEvent(KEY, 'replay1', 'huge', big - 600, big))).json, {
        code: 4002,
      });
      assert.deepEqual((await post(s.url, CB, recordingEvent(KEY, 'replay1', 'neg', -600, -100))).json, { code: 4002 });
      assert.equal(await s.store.getVod('replay1', 'huge'), undefined);
    });

    it('a replayed callback gets the same answer and has no second effect', async () => {
      await s.store.upsertLive({
        userid: 'replay1',
        groupid: 'g1',
        title: 't',
        online: false,
        pushTime: new Date(),
        nickname: '',
        headpic: '',
        frontcover: '',
        location: '',
      });
      const t = now() + 600;
      const online = callbackBody(KEY, { event_type: 1, stream_id: '8888_replay1' }, t);
      assert.deepEqual((await post(s.url, CB, online)).json, { code: 0 });
      assert.equal((await s.store.getLive('replay1'))?.online, true);
      assert.deepEqual(
        (await post(s.url, CB, callbackBody(KEY, { event_type: 0, stream_id: '8888_replay1' }, t + 1))).json,
        { code: 0 },
      );
      assert.equal((await s.store.getLive('replay1'))?.online, false);
      // The captured "online" event sent again: same answer, and the user stays offline.
      const again = await post(s.url, CB, online);
      assert.deepEqual([again.status, again.json], [200, { code: 0 }]);
      assert.equal((await s.store.getLive('replay1'))?.online, false, 'the replay changed nothing');
      assert.ok(
        s.logs().some((l) => l.msg === 'request' && l.replay === 1),
        'the replay is visible in the request log',
      );
    });

    it("a Tencent retry of a format already merged into the other format's row inserts nothing", async () => {
      const st = now() - 50000;
      const en = st + 1800;
      assert.deepEqual((await post(s.url, CB, recordingEvent(KEY, 'replay1', 'dup_mp4', st, en, 'mp4'))).json, {
        code: 0,
      });
      const hls = recordingEvent(KEY, 'replay1', 'dup_hls', st + 3, en + 4, 'hls');
      assert.deepEqual((await post(s.url, CB, hls)).json, { code: 0 });
      assert.match((await s.store.getVod('replay1', 'dup_mp4'))?.hlsPlayUrl ?? '', /dup_hls/);
      // Tencent's retry signs anew (another t), so only the recording rule can recognise it.
      const retry = recordingEvent(KEY, 'replay1', 'dup_hls', st + 3, en + 4, 'hls');
      retry.t = (retry.t as number) - 7;
      retry.sign = callbackSign(KEY, retry.t as number);
      assert.deepEqual((await post(s.url, CB, retry)).json, { code: 0 });
      assert.equal(await s.store.getVod('replay1', 'dup_hls'), undefined, 'no second row');
      const list = (await signed(s.url, '/get_vod_list', 'replay1', token, { count: 100 })).json.data as {
        list: Array<Record<string, unknown>>;
      };
      assert.equal(
        list.list.filter((v) => String(v.hls_play_url).includes('dup_hls')).length,
        1,
        'the replay is listed once',
      );
      // The mp4 retried too: still one row.
      const mp4Retry = recordingEvent(KEY, 'replay1', 'dup_mp4', st, en, 'mp4');
      mp4Retry.t = (mp4Retry.t as number) - 9;
      mp4Retry.sign = callbackSign(KEY, mp4Retry.t as number);
      assert.deepEqual((await post(s.url, CB, mp4Retry)).json, { code: 0 });
      const after2 = (await signed(s.url, '/get_vod_list', 'replay1', token, { count: 100 })).json.data as {
        list: Array<Record<string, unknown>>;
      };
      assert.equal(after2.list.filter((v) => String(v.file_id).startsWith('dup_')).length, 1);
    });
  });
}

describe('callback that cannot be stored (MySQL, a table missing a column)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ store: 'mysql' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers 5xx (Tencent retries), never HTTP 200, and stores it once the column is back', async () => {
    const token = (await registerAndLogin(s.url, 'schema1')).token;
    await signed(s.url, '/upload_room', 'schema1', token, { title: 'room' });
    const db = s.config.db as { host: string; port: number; user: string; password: string; name: string };
    const conn = await mysql.createConnection({
      host: db.host,
      port: db.port,
      user: db.user,
      password: db.password,
      database: db.name,
    });
    try {
      // A PHP-era tb_vod has no title column.
      await conn.query('ALTER TABLE tb_vod DROP COLUMN title');
      const st = now() - 4000;
      const event = recordingEvent(KEY, 'schema1', 'lost1', st, st + 600);
      const r = await post(s.url, CB, event);
      assert.ok(r.status >= 500, `a callback that was not stored answers 5xx, got ${r.status} ${r.text}`);
      await conn.query('ALTER TABLE tb_vod ADD COLUMN title varchar(128) DEFAULT NULL');
      // Tencent retries the same notification: it is not a "replay" of a success, so it is stored now.
      assert.deepEqual((await post(s.url, CB, event)).json, { code: 0 });
      assert.ok(await s.store.getVod('schema1', 'lost1'));
    } finally {
      await conn.end();
    }
  });
});

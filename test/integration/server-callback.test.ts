/** The recording callback (docs/callbacks.md#what-minilvb-does, #the-recording-rule) against both stores. */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { callbackSign } from '../../src/sign/index.js';
import { currentConfig, TEST_SECRETS } from '../helpers/fixtures.js';
import {
  callbackBody,
  post,
  recordingEvent,
  registerAndLogin,
  send,
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
  describe(`recording callback (${kind} store)`, () => {
    let s: TestServer;
    let token: string;
    beforeAll(async () => {
      s = await startTestServer({ store: kind });
      token = (await registerAndLogin(s.url, 'anchor1')).token;
      await signed(s.url, '/upload_room', 'anchor1', token, {
        title: "Room 'one' \"--",
        frontcover: 'http://c/1.jpg',
        location: 'SZ',
      });
    });
    afterAll(async () => {
      await s?.close();
    });

    it('validation codes: 4001, 4002, 4004 (incl. "sign": true), 4005, and JSON replies', async () => {
      const r = await post(s.url, CB, 'not json');
      assert.deepEqual([r.status, r.json], [200, { code: 4001 }]);
      assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
      assert.deepEqual((await post(s.url, CB, { event_type: 1, stream_id: '8888_anchor1', t: now() + 60 })).json, {
        code: 4002,
      });
      assert.deepEqual(
        (await post(s.url, CB, { event_type: 1, stream_id: '8888_anchor1', t: now() + 60, sign: true })).json,
        { code: 4004 },
      );
      assert.deepEqual(
        (await post(s.url, CB, { event_type: 1, stream_id: '8888_anchor1', t: now() + 60, sign: 0 })).json,
        { code: 4004 },
      );
      assert.deepEqual(
        (await post(s.url, CB, { event_type: 1, stream_id: '8888_anchor1', t: now() + 60, sign: 'f'.repeat(32) })).json,
        { code: 4004 },
      );
      assert.deepEqual(
        (await post(s.url, CB, { event_type: 1, stream_id: '8888_anchor1', t: 'soon', sign: 'f'.repeat(32) })).json,
        { code: 4002 },
      );
      const t = now() + 60;
      assert.deepEqual(
        (
          await post(s.url, CB, {
            event_type: 1,
            stream_id: '8888_anchor1',
            t: String(t),
            sign: callbackSign(KEY, t).toUpperCase(),
          })
        ).json,
        { code: 0 },
      );
      const old = now() - 61;
      assert.deepEqual(
        (await post(s.url, CB, { event_type: 1, stream_id: '8888_anchor1', t: old, sign: callbackSign(KEY, old) }))
          .json,
        { code: 4005 },
      );
      const recent = now() - 30;
      assert.deepEqual(
        (
          await post(s.url, CB, {
            event_type: 200,
            stream_id: '8888_anchor1',
            t: recent,
            sign: callbackSign(KEY, recent),
          })
        ).json,
        { code: 0 },
      );
      const foreign = callbackSign('another-key-of-someone-else', t);
      assert.deepEqual((await post(s.url, CB, { event_type: 1, stream_id: '8888_anchor1', t, sign: foreign })).json, {
        code: 4004,
      });
      const get = await send(s.url, CB, { method: 'GET' });
      assert.deepEqual([get.status, get.headers.get('allow')], [405, 'POST']);
    });

    it('event 100: required fields (4002), file_id fallback (C8), no room (2003), too short (0, nothing stored)', async () => {
      const base = recordingEvent(KEY, 'anchor1', 'x1', now() - 600, now() - 300);
      const { video_url: _u, ...noUrl } = base;
      assert.deepEqual((await post(s.url, CB, noUrl)).json, { code: 4002 });
      const { video_id: _v, file_id: _f, ...noIds } = base;
      assert.deepEqual((await post(s.url, CB, noIds)).json, { code: 4002 });
      assert.deepEqual((await post(s.url, CB, { ...base, start_time: 'yesterday' })).json, { code: 4002 });
      const { video_id: _v2, ...fileIdOnly } = recordingEvent(KEY, 'anchor1', 'c8', now() - 9000, now() - 8000);
      assert.deepEqual((await post(s.url, CB, fileIdOnly)).json, { code: 0 });
      assert.ok(await s.store.getVod('anchor1', 'fc8'));
      assert.deepEqual(
        (await post(s.url, CB, recordingEvent(KEY, 'noroomuser', 'nr', now() - 600, now() - 300))).json,
        { code: 2003 },
      );
      assert.deepEqual(
        (
          await post(s.url, CB, {
            ...recordingEvent(KEY, 'x', 'ns', now() - 600, now() - 300),
            stream_id: 'nounderscore',
          })
        ).json,
        { code: 2003 },
      );
      assert.deepEqual((await post(s.url, CB, recordingEvent(KEY, 'anchor1', 'short', now() - 100, now() - 40))).json, {
        code: 0,
      });
      assert.equal(await s.store.getVod('anchor1', 'short'), undefined);
    });

    it('recording rule: insert from tb_room, merge formats by overlap, idempotent redelivery, later recordings never overwrite', async () => {
      const s1 = now() - 7200;
      const e1 = s1 + 1800;
      assert.deepEqual(
        (await post(s.url, '/callback/Live_callback.php', recordingEvent(KEY, 'anchor1', 'rec1', s1, e1, 'mp4'))).json,
        { code: 0 },
      );
      const row = await s.store.getVod('anchor1', 'rec1');
      assert.equal(row?.title, "Room 'one' \"--");
      assert.equal(row?.frontcover, 'http://c/1.jpg');
      assert.equal(row?.location, 'SZ');
      assert.equal(row?.startTime?.getTime(), s1 * 1000);
      assert.equal(row?.createTime.getTime(), e1 * 1000);
      assert.match(row?.playUrl ?? '', /rec1\/f0\.mp4$/);
      assert.equal(row?.hlsPlayUrl, null);
      // The HLS file of the same push (a few seconds off) merges into the same row.
      assert.deepEqual((await post(s.url, CB, recordingEvent(KEY, 'anchor1', 'rec1hls', s1 + 2, e1 + 5, 'hls'))).json, {
        code: 0,
      });
      assert.equal(await s.store.getVod('anchor1', 'rec1hls'), undefined);
      const merged = await s.store.getVod('anchor1', 'rec1');
      assert.match(merged?.hlsPlayUrl ?? '', /rec1hls\/f0\.m3u8$/);
      assert.equal(merged?.createTime.getTime(), e1 * 1000, 'create_time unchanged by the merge (C5)');
      // Redelivery of the first event: same row, answered 0 (C6).
      assert.deepEqual((await post(s.url, CB, recordingEvent(KEY, 'anchor1', 'rec1', s1, e1, 'mp4'))).json, {
        code: 0,
      });
      // A separate, later recording: a new row; the first keeps its URLs.
      const s2 = e1 + 600;
      assert.deepEqual((await post(s.url, CB, recordingEvent(KEY, 'anchor1', 'rec2', s2, s2 + 900, 'mp4'))).json, {
        code: 0,
      });
      assert.match((await s.store.getVod('anchor1', 'rec1'))?.playUrl ?? '', /rec1\/f0\.mp4$/);
      assert.match((await s.store.getVod('anchor1', 'rec2'))?.playUrl ?? '', /rec2\/f0\.mp4$/);
      // A second mp4 overlapping rec1 cannot merge (slot taken): it becomes its own row.
      assert.deepEqual((await post(s.url, CB, recordingEvent(KEY, 'anchor1', 'rec1b', s1 + 10, e1 - 10, 'mp4'))).json, {
        code: 0,
      });
      assert.ok(await s.store.getVod('anchor1', 'rec1b'));
      const list = (await signed(s.url, '/get_vod_list', 'anchor1', token, { count: 100 })).json.data as {
        list: Array<Record<string, unknown>>;
      };
      const ids = list.list.filter((v) => v.userid === 'anchor1').map((v) => v.file_id);
      assert.ok(ids.includes('rec1') && ids.includes('rec2') && ids.includes('rec1b'));
      const rec1 = list.list.find((v) => v.file_id === 'rec1');
      assert.match(String(rec1?.hls_play_url), /m3u8$/);
    });

    it('a long room title is cut to 128 characters; injection strings stay verbatim', async () => {
      const title = `${'\'; DROP TABLE tb_vod; -- \\ "x" '.repeat(8)}`.slice(0, 200);
      await s.store.upsertRoom({ userid: 'anchor1', title, frontcover: null, location: null, createTime: new Date() });
      const st = now() - 200000;
      assert.deepEqual((await post(s.url, CB, recordingEvent(KEY, 'anchor1', "inj'--", st, st + 120))).json, {
        code: 0,
      });
      const row = await s.store.getVod('anchor1', "inj'--");
      assert.equal(row?.title, title.slice(0, 128));
    });

    it('events 0/1 update the legacy live list', async () => {
      await s.store.upsertLive({
        userid: 'anchor1',
        groupid: 'g1',
        title: 't',
        online: false,
        pushTime: new Date(),
        nickname: '',
        headpic: '',
        frontcover: '',
        location: '',
      });
      assert.deepEqual((await post(s.url, CB, callbackBody(KEY, { event_type: 1, stream_id: '8888_anchor1' }))).json, {
        code: 0,
      });
      assert.equal((await s.store.getLive('anchor1'))?.online, true);
      assert.deepEqual((await post(s.url, CB, callbackBody(KEY, { event_type: 0, stream_id: '8888_anchor1' }))).json, {
        code: 0,
      });
      assert.equal((await s.store.getLive('anchor1'))?.online, false);
    });
  });
}

describe('callback variants (embedded store)', () => {
  for (const [rule, stream, user] of [
    ['legacy-middle', '8888_ruleuser_1700000000', 'ruleuser'],
    ['whole', 'ruleuser', 'ruleuser'],
  ] as const) {
    it(`streamUserRule ${rule}`, async () => {
      const raw = currentConfig();
      const s = await startTestServer({ raw: { ...raw, server: { ...(raw.server as object), streamUserRule: rule } } });
      try {
        const u = await registerAndLogin(s.url, user);
        await signed(s.url, '/upload_room', user, u.token, { title: 'rule room' });
        const ev = { ...recordingEvent(KEY, user, `r_${rule}`, now() - 1000, now() - 500), stream_id: stream };
        assert.deepEqual((await post(s.url, CB, ev)).json, { code: 0 });
        assert.ok(await s.store.getVod(user, `r_${rule}`));
      } finally {
        await s.close();
      }
    });
  }

  it('no lvb.apiKey configured: 503 (Tencent retries) and a log line naming the field', async () => {
    const s = await startTestServer({ raw: {} });
    try {
      const r = await post(s.url, CB, callbackBody(KEY, { event_type: 1, stream_id: '8888_a' }));
      assert.equal(r.status, 503);
      assert.ok(s.logs().some((l) => l.missing === 'lvb.apiKey'));
    } finally {
      await s.close();
    }
  });
});

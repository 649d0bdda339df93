/** The legacy Action protocol on /interface.php (docs/app-protocol.md#action-protocol), against both stores. */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { antiLeechSecret } from '../../src/sign/index.js';
import { legacyConfig, TEST_SECRETS } from '../helpers/fixtures.js';
import {
  callbackBody,
  post,
  releaseMariaDB,
  send,
  startTestServer,
  STORE_KINDS,
  type TestServer,
} from '../helpers/server-client.js';

const IF = '/interface.php';
afterAll(releaseMariaDB);

for (const kind of STORE_KINDS) {
  describe(`Action protocol (${kind} store)`, () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await startTestServer({ store: kind, raw: legacyConfig({ protocol: 'action' }) });
    });
    afterAll(async () => {
      await s?.close();
    });

    it('health answer for an empty or non-JSON body, 4002 for unknown Actions', async () => {
      const health = '{"returnValue":4001,"returnMsg":"json format error","returnData":[]}';
      assert.equal((await send(s.url, IF, { method: 'GET' })).text, health);
      assert.equal((await send(s.url, IF, { method: 'POST', body: '' })).text, health);
      assert.equal((await post(s.url, IF, '{broken')).text, health);
      const r = await post(s.url, IF, { Action: 'DropDatabase' });
      assert.equal(r.json.returnValue, 4002);
      assert.match(String(r.json.returnMsg), /^request para error/);
    });

    it('RequestLVBAddr returns a signed legacy push URL and stores an offline entry', async () => {
      const r = await post(s.url, IF, {
        Action: 'RequestLVBAddr',
        userid: 'anchor',
        groupid: 'grp1',
        title: "t'1",
        userinfo: { nickname: 'Ann', headpic: 'http://h', frontcover: 'http://f', location: 'BJ' },
      });
      assert.equal(r.json.returnValue, 0);
      const data = r.json.returnData as { pushurl: string; timestamp: number };
      const m =
        /^rtmp:\/\/8888\.livepush\.myqcloud\.com\/live\/8888_anchor\?bizid=8888&txSecret=([0-9a-f]{32})&txTime=([0-9A-F]+)$/.exec(
          data.pushurl,
        );
      assert.ok(m, data.pushurl);
      assert.equal(m[1], antiLeechSecret(TEST_SECRETS.pushKey, '8888_anchor', m[2] as string));
      assert.ok(Math.abs(parseInt(m[2] as string, 16) - (data.timestamp + 3 * 3600)) <= 1);
      assert.equal((await s.store.getLive('anchor'))?.online, false);
      assert.equal((await post(s.url, IF, { Action: 'RequestLVBAddr', groupid: 'g' })).json.returnValue, 4002);
    });

    it('ChangeStatus, ChangeCount, FetchList (live), GetUserInfo', async () => {
      assert.equal(
        (await post(s.url, IF, { Action: 'ChangeStatus', userid: 'anchor', status: 0 })).json.returnValue,
        0,
      );
      assert.equal(
        (await post(s.url, IF, { Action: 'ChangeStatus', userid: 'ghost', status: 0 })).json.returnValue,
        4002,
      );
      assert.equal(
        (await post(s.url, IF, { Action: 'ChangeStatus', userid: 'anchor', status: 7 })).json.returnValue,
        4002,
      );
      for (let i = 0; i < 3; i++)
        assert.equal(
          (await post(s.url, IF, { Action: 'ChangeCount', userid: 'anchor', type: 1, optype: 0, flag: 0 })).json
            .returnValue,
          0,
        );
      await post(s.url, IF, { Action: 'ChangeCount', userid: 'anchor', type: 1, optype: 1, flag: 0 });
      const list = await post(s.url, IF, { Action: 'FetchList', flag: 1, pageno: 1, pagesize: 10 });
      const d = list.json.returnData as { totalcount: number; pusherlist: Array<Record<string, unknown>> };
      assert.equal(d.totalcount, 1);
      const p = d.pusherlist[0] as Record<string, unknown>;
      assert.deepEqual(
        [p.userid, p.groupid, p.type, p.likecount, p.status, p.title],
        ['anchor', 'grp1', 0, 2, '1', "t'1"],
      );
      assert.equal(p.playurl, 'http://8888.liveplay.myqcloud.com/live/8888_anchor.flv');
      assert.deepEqual(p.userinfo, { nickname: 'Ann', headpic: 'http://h', frontcover: 'http://f', location: 'BJ' });
      const info = await post(s.url, IF, { Action: 'GetUserInfo', userid: 'anchor', type: 0 });
      assert.equal((info.json.returnData as Record<string, unknown>).userid, 'anchor');
      assert.equal(
        (await post(s.url, IF, { Action: 'ChangeStatus', userid: 'anchor', status: 1 })).json.returnValue,
        0,
      );
      assert.equal(
        ((await post(s.url, IF, { Action: 'FetchList', flag: 1 })).json.returnData as { totalcount: number })
          .totalcount,
        0,
      );
    });

    it('EnterGroup / QuitGroup keep members and the viewer count; FetchGroupMemberList pages', async () => {
      await post(s.url, IF, { Action: 'ChangeStatus', userid: 'anchor', status: 0 });
      for (const v of ['v1', 'v2', 'v3'])
        assert.equal(
          (
            await post(s.url, IF, {
              Action: 'EnterGroup',
              userid: v,
              flag: 0,
              liveuserid: 'anchor',
              groupid: 'grp1',
              nickname: `N${v}`,
              headpic: '',
            })
          ).json.returnValue,
          0,
        );
      await post(s.url, IF, {
        Action: 'EnterGroup',
        userid: 'v1',
        flag: 0,
        liveuserid: 'anchor',
        groupid: 'grp1',
        nickname: 'again',
        headpic: '',
      });
      assert.equal((await s.store.getLive('anchor'))?.viewerCount, 3);
      await post(s.url, IF, { Action: 'QuitGroup', userid: 'v2', flag: 0, liveuserid: 'anchor', groupid: 'grp1' });
      await post(s.url, IF, { Action: 'QuitGroup', userid: 'v2', flag: 0, liveuserid: 'anchor', groupid: 'grp1' });
      assert.equal((await s.store.getLive('anchor'))?.viewerCount, 2);
      const m = (
        await post(s.url, IF, {
          Action: 'FetchGroupMemberList',
          liveuserid: 'anchor',
          groupid: 'grp1',
          pageno: 1,
          pagesize: 1,
        })
      ).json.returnData as { totalcount: number; memberlist: unknown[] };
      assert.equal(m.totalcount, 2);
      assert.equal(m.memberlist.length, 1);
    });

    it('FetchList flag 2/3 with recordings; GetCOSSign returns a v4 signature', async () => {
      const now = Date.now();
      await s.store.upsertRoom({
        userid: 'anchor',
        title: 'room',
        frontcover: null,
        location: null,
        createTime: new Date(),
      });
      await s.store.insertVod({
        userid: 'anchor',
        fileId: 'vod1',
        startTime: new Date(now - 7200_000),
        createTime: new Date(now - 3600_000),
        title: 'rec',
        hlsPlayUrl: 'http://v/1.m3u8',
      });
      const two = (await post(s.url, IF, { Action: 'FetchList', flag: 2, pageno: 1, pagesize: 10 })).json
        .returnData as { totalcount: number; pusherlist: Array<Record<string, unknown>> };
      assert.equal(two.totalcount, 1);
      assert.deepEqual(
        [two.pusherlist[0]?.type, two.pusherlist[0]?.fileid, two.pusherlist[0]?.playurl],
        [1, 'vod1', 'http://v/1.m3u8'],
      );
      const three = (await post(s.url, IF, { Action: 'FetchList', flag: 3, pageno: 0, pagesize: 10 })).json
        .returnData as { totalcount: number; pusherlist: Array<Record<string, unknown>> };
      assert.equal(three.totalcount, 2);
      assert.deepEqual(
        three.pusherlist.map((p) => p.type),
        [0, 1],
      );
      assert.equal(
        (
          await post(s.url, IF, {
            Action: 'ChangeCount',
            userid: 'anchor',
            type: 1,
            optype: 0,
            flag: 1,
            fileid: 'vod1',
          })
        ).json.returnValue,
        0,
      );
      assert.equal((await s.store.getVod('anchor', 'vod1'))?.likeCount, 1);
      const vinfo = (await post(s.url, IF, { Action: 'GetUserInfo', userid: 'anchor', type: 1, fileid: 'vod1' })).json
        .returnData as Record<string, unknown>;
      assert.equal(vinfo.likecount, 1);
      const cos = await post(s.url, IF, { Action: 'GetCOSSign' });
      const raw = Buffer.from((cos.json.returnData as { sign: string }).sign, 'base64');
      assert.match(
        raw.subarray(20).toString(),
        new RegExp(`^a=1250000000&b=xiaozhibo&k=${TEST_SECRETS.cosSecretId}&e=\\d+&t=\\d+&r=\\d+&f=$`),
      );
    });

    it('stream begin/end callbacks move the anchor on and off the live list', async () => {
      const key = TEST_SECRETS.apiKey;
      await post(s.url, '/callback/tape_callback.php', callbackBody(key, { event_type: 0, stream_id: '8888_anchor' }));
      assert.equal(
        ((await post(s.url, IF, { Action: 'FetchList', flag: 1 })).json.returnData as { totalcount: number })
          .totalcount,
        0,
      );
      await post(s.url, '/callback/tape_callback.php', callbackBody(key, { event_type: 1, stream_id: '8888_anchor' }));
      assert.equal(
        ((await post(s.url, IF, { Action: 'FetchList', flag: 1 })).json.returnData as { totalcount: number })
          .totalcount,
        1,
      );
    });
  });
}

describe('Action protocol is off in path mode', () => {
  it('answers like a current PHP server, except the empty-body health check', async () => {
    const s = await startTestServer({ raw: legacyConfig() });
    try {
      assert.deepEqual((await post(s.url, IF, { Action: 'RequestLVBAddr', userid: 'anchor', groupid: 'g' })).json, {
        code: 400,
        message: 'Bad Request',
        data: {},
      });
      assert.equal(await s.store.getLive('anchor'), undefined);
      assert.equal((await send(s.url, IF, { method: 'GET' })).json.returnValue, 4001);
    } finally {
      await s.close();
    }
  });
});

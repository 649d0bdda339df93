/**
 * RoomService over real HTTP on both stores (docs/roomservice.md): every CGI in both name sets, both
 * UserSig generations, token expiry, the IM group side effects as the IM emulator records them (it
 * verifies the admin UserSig), the 20 s sweep with a moved clock, and IM failures mapped to code 6.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  pushUrlFor,
  RS_ACCOUNT_TYPE,
  RS_SDKAPPID,
  rsCall,
  rsGet,
  rsLogin,
  rsRawConfig,
  type RsUser,
  rsImPerFile,
} from '../helpers/roomservice.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';
import { post, send, startTestServer, STORE_KINDS, type TestServer } from '../helpers/server-client.js';

const im = rsImPerFile();

const calls = (cmd: string, group: string): number =>
  (im().state.groupCalls ?? []).filter((c) => c.cmd === cmd && c.body.GroupId === group).length;

describe.each(STORE_KINDS)('RoomService on the %s store', (store) => {
  let srv: TestServer;
  let n = 0;
  const uid = (p: string): string => `${p}_${store}_${++n}`;
  const login = async (p: string, form: 'v1' | 'v2' = 'v2'): Promise<RsUser> => {
    const { answer, user } = await rsLogin(srv.url, uid(p), form);
    assert.equal(answer.json.code, 0, answer.text);
    return user;
  };

  beforeAll(async () => {
    srv = await startTestServer({ store, raw: rsRawConfig(im().url) });
  });
  afterAll(async () => {
    await srv?.close();
  });

  it('logs in with a v1 UserSig and accountType, and with a v2 UserSig and platform', async () => {
    for (const form of ['v1', 'v2'] as const) {
      const { answer, user } = await rsLogin(srv.url, uid(form), form);
      assert.equal(answer.json.code, 0, answer.text);
      assert.match(user.token, /^[0-9a-f]{32}$/);
      assert.equal(answer.json.userID, user.userID);
      assert.equal(typeof answer.json.timestamp, 'number');
      const list = await rsCall(srv.url, 'live_room', 'get_room_list', user, { index: 0, cnt: 5 });
      assert.equal(list.json.code, 0, list.text);
    }
  });

  it('refuses a UserSig of another user, a wrong sdkAppID, a wrong accountType and a wrong token', async () => {
    const q = (o: Record<string, string>): string => new URLSearchParams(o).toString();
    const other = (await rsLogin(srv.url, 'x', 'v2')).answer;
    assert.equal(other.json.code, 0);
    const bad = await post(
      srv.url,
      `/weapp/live_room/login?${q({ sdkAppID: '1400123456', userID: 'y', userSig: 'abc' })}`,
      '',
    );
    assert.equal(bad.json.code, 7);
    const user = await login('tok');
    const wrong = await rsCall(srv.url, 'live_room', 'get_room_list', { ...user, token: 'f'.repeat(32) });
    assert.equal(wrong.json.code, 7);
    assert.match(String(wrong.json.message), /错误码:1/);
    const none = await post(srv.url, '/weapp/live_room/get_room_list', {});
    assert.equal(none.json.code, 7);
  });

  it('expires tokens after tokenTtl and deletes them at logout', async () => {
    const user = await login('exp');
    srv.clock.advance(86400 + 1);
    try {
      const late = await rsCall(srv.url, 'live_room', 'get_room_list', user);
      assert.equal(late.json.code, 7);
      assert.match(String(late.json.message), /错误码:3/);
    } finally {
      srv.clock.advance(-(86400 + 1));
    }
    const again = await login('out');
    assert.equal((await rsCall(srv.url, 'live_room', 'logout', again)).json.code, 0);
    assert.equal((await rsCall(srv.url, 'live_room', 'get_room_list', again)).json.code, 7);
  });

  it('serves a live room through the v1 names: create, join, list, heartbeat, audiences, custom, leave', async () => {
    const a = await login('anchor', 'v1');
    const b = await login('guest', 'v1');
    const url = await rsCall(srv.url, 'live_room', 'get_push_url', a);
    assert.equal(url.json.code, 0, url.text);
    assert.match(
      String(url.json.pushURL),
      /^rtmp:\/\/push\.example\.com\/live\/8888_anchor_\w+_[0-9a-f]{4}\?bizid=8888&txSecret=[0-9a-f]{32}&txTime=[0-9A-F]+$/,
    );
    const created = await rsCall(srv.url, 'live_room', 'create_room', a, { roomInfo: '{"title":"t"}' });
    assert.equal(created.json.code, 0, created.text);
    const roomID = String(created.json.roomID);
    assert.equal(calls('create_group', roomID), 1);
    // Inactive until the first member joins: not listed.
    let list = await rsCall(srv.url, 'live_room', 'get_room_list', a, { index: 0, cnt: 100 });
    assert.ok(!(list.json.rooms as Array<{ roomID: string }>).some((r) => r.roomID === roomID));
    const add = await rsCall(srv.url, 'live_room', 'add_pusher', a, {
      roomID,
      userName: 'A',
      userAvatar: '',
      pushURL: url.json.pushURL,
    });
    assert.equal(add.json.code, 0, add.text);
    list = await rsCall(srv.url, 'live_room', 'get_room_list', a, { index: 0, cnt: 100 });
    const entry = (list.json.rooms as Array<Record<string, unknown>>).find((r) => r.roomID === roomID);
    assert.ok(entry, list.text);
    assert.equal(entry.roomCreator, a.userID);
    assert.equal(entry.roomInfo, '{"title":"t"}');
    assert.match(String(entry.mixedPlayURL), /^https:\/\/play\.example\.com\/live\/8888_anchor_.*\.flv$/);
    assert.deepEqual(entry.custom, {});
    assert.equal(entry.customInfo, '{}');
    assert.equal(entry.audienceCount, 0);
    assert.equal(
      (await rsCall(srv.url, 'live_room', 'add_pusher', b, { roomID, pushURL: pushUrlFor('8888_guest_1') })).json.code,
      0,
    );
    const members = await rsCall(srv.url, 'live_room', 'get_pushers', b, { roomID });
    assert.deepEqual(
      (members.json.pushers as Array<{ userID: string }>).map((p) => p.userID),
      [a.userID, b.userID],
    );
    assert.match(
      String((members.json.pushers as Array<{ accelerateURL: string }>)[1]?.accelerateURL),
      /^rtmp:\/\/play\.example\.com\/live\/8888_guest_1\?bizid=8888&txSecret=/,
    );
    assert.equal(members.json.roomStatusCode, 0);
    assert.ok(calls('send_group_system_notification', roomID) >= 2);
    const hb = await rsCall(srv.url, 'live_room', 'pusher_heartbeat', b, { roomID });
    assert.equal(hb.json.code, 0, hb.text);
    const stranger = await login('stranger');
    assert.equal((await rsCall(srv.url, 'live_room', 'pusher_heartbeat', stranger, { roomID })).json.code, 5);
    assert.equal(
      (await rsCall(srv.url, 'live_room', 'add_audience', stranger, { roomID, userInfo: '{"userName":"s"}' })).json
        .code,
      0,
    );
    let aud = await rsCall(srv.url, 'live_room', 'get_audiences', a, { roomID });
    assert.equal(aud.json.audienceCount, 1);
    assert.deepEqual(aud.json.audiences, [{ userID: stranger.userID, userInfo: '{"userName":"s"}' }]);
    assert.equal((await rsCall(srv.url, 'live_room', 'delete_audience', stranger, { roomID })).json.code, 0);
    aud = await rsCall(srv.url, 'live_room', 'get_audiences', a, { roomID });
    assert.equal(aud.json.audienceCount, 0);
    const inc = await rsCall(srv.url, 'live_room', 'set_custom_field', a, {
      roomID,
      fieldName: 'likes',
      operation: 'inc',
    });
    assert.deepEqual(inc.json.custom, { likes: 1 });
    const set = await rsCall(srv.url, 'live_room', 'set_custom_field', a, {
      roomID,
      fieldName: 'topic',
      operation: 'set',
      value: 'pk',
    });
    assert.equal(set.json.code, 0);
    assert.deepEqual(set.json.custom, { likes: 1, topic: 'pk' });
    await rsCall(srv.url, 'live_room', 'set_custom_field', a, { roomID, fieldName: 'likes', operation: 'dec' });
    const info = await rsCall(srv.url, 'live_room', 'get_custom_info', b, { roomID });
    assert.deepEqual(info.json.custom, { likes: 0, topic: 'pk' });
    assert.equal(info.json.customInfo, '{"likes":0,"topic":"pk"}');
    const merge = await rsCall(srv.url, 'live_room', 'merge_stream', a, { roomID, mergeParams: '{"interface":{}}' });
    assert.notEqual(merge.json.code, 0);
    assert.equal((merge.json.result as { code: number }).code, -1);
    assert.match(String(merge.json.merge_msg), /unavailable/);
    assert.equal((await rsCall(srv.url, 'live_room', 'merge_stream', a, { roomID, mergeParams: '{x' })).json.code, 10);
    // Only the creator may destroy; a guest leaving keeps the room, the creator leaving ends it.
    assert.equal((await rsCall(srv.url, 'live_room', 'destroy_room', b, { roomID })).json.code, 3);
    assert.equal((await rsCall(srv.url, 'live_room', 'delete_pusher', b, { roomID })).json.code, 0);
    assert.equal((await rsCall(srv.url, 'live_room', 'delete_pusher', b, { roomID })).json.code, 5);
    assert.equal((await rsCall(srv.url, 'live_room', 'get_pushers', a, { roomID })).json.code, 0);
    assert.equal((await rsCall(srv.url, 'live_room', 'delete_pusher', a, { roomID })).json.code, 0);
    assert.equal((await rsCall(srv.url, 'live_room', 'get_pushers', a, { roomID })).json.code, 3);
    assert.equal(calls('destroy_group', roomID), 1);
  });

  it('serves a double room through the v2 names with maxMembers 2 and unioned replies', async () => {
    const [a, b, c] = [await login('d1'), await login('d2'), await login('d3')];
    const url = await rsCall(srv.url, 'double_room', 'get_anchor_url', a, { roomID: 'x' });
    assert.equal(url.json.code, 0);
    assert.match(String(url.json.accelerateURL), /^rtmp:\/\/play\.example\.com\/live\//);
    const roomID = uid('pk');
    const add = (u: RsUser, s: string) =>
      rsCall(srv.url, 'double_room', 'add_anchor', u, {
        roomID,
        userName: u.userID,
        userAvatar: 'a',
        pushURL: pushUrlFor(s),
      });
    // Joining a missing room creates it, active, with the joiner as creator.
    assert.equal((await add(a, '8888_d1')).json.roomID, roomID);
    assert.equal((await add(b, '8888_d2')).json.code, 0);
    assert.equal((await add(c, '8888_d3')).json.code, 5001);
    const hb = await rsCall(srv.url, 'double_room', 'anchor_heartbeat', a, { roomID, roomStatusCode: 0 });
    assert.equal(hb.json.code, 0);
    assert.equal((hb.json.pushers as unknown[]).length, 2);
    assert.equal(hb.json.roomCreator, a.userID);
    const anchors = await rsCall(srv.url, 'double_room', 'get_anchors', c, { roomID });
    assert.equal(anchors.json.roomName, '');
    assert.equal((await rsCall(srv.url, 'double_room', 'delete_anchor', a, { roomID })).json.code, 0);
    // The creator is an ordinary member here: the room lives on until the last one leaves.
    assert.equal((await rsCall(srv.url, 'double_room', 'get_anchors', b, { roomID })).json.code, 0);
    assert.equal((await rsCall(srv.url, 'double_room', 'delete_anchor', b, { roomID })).json.code, 0);
    assert.equal((await rsCall(srv.url, 'double_room', 'get_anchors', b, { roomID })).json.code, 3);
    assert.equal(calls('destroy_group', roomID), 1);
  });

  it('utils: report answers 0, get_login_info only with the admin token, CORS preflight, unknown CGI 404', async () => {
    const report = await post(srv.url, '/weapp/utils/report', { reportID: 1, data: {} });
    assert.equal(report.json.code, 0);
    const open = await rsGet(srv.url, '/weapp/utils/get_login_info?userID=someone');
    assert.equal(open.status, 401);
    assert.equal(open.json.userSig, undefined);
    const info = await rsGet(srv.url, '/weapp/utils/get_login_info?userID=someone', {
      Authorization: `Bearer ${TEST_SECRETS.adminToken}`,
    });
    assert.equal(info.json.code, 0, info.text);
    assert.deepEqual(
      [info.json.userID, info.json.sdkAppID, info.json.accType],
      ['someone', RS_SDKAPPID, RS_ACCOUNT_TYPE],
    );
    const { answer } = await (async () => {
      const q = new URLSearchParams({
        sdkAppID: String(RS_SDKAPPID),
        userID: 'someone',
        userSig: String(info.json.userSig),
      });
      return { answer: await post(srv.url, `/weapp/live_room/login?${q.toString()}`, '') };
    })();
    assert.equal(answer.json.code, 0, answer.text);
    const pre = await send(srv.url, '/weapp/live_room/login', { method: 'OPTIONS' });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    assert.equal((await post(srv.url, '/weapp/live_room/no_such_cgi', {})).status, 404);
    assert.equal((await rsGet(srv.url, '/weapp/live_room/get_room_list')).status, 405);
  });

  it('refuses a body userID other than the logged-in one, an existing roomID and an oversized roomInfo', async () => {
    const a = await login('guard');
    const spoof = await rsCall(srv.url, 'multi_room', 'create_room', a, { userID: 'someone_else', roomInfo: '' });
    assert.equal(spoof.json.code, 1);
    const roomID = uid('fixed');
    assert.equal((await rsCall(srv.url, 'multi_room', 'create_room', a, { roomID })).json.code, 0);
    const dup = await rsCall(srv.url, 'multi_room', 'create_room', a, { roomID });
    assert.equal(dup.json.code, 11);
    assert.equal(dup.json.roomID, roomID);
    assert.equal((await rsCall(srv.url, 'multi_room', 'create_room', a, { roomInfo: 'x'.repeat(1025) })).json.code, 10);
    // Values longer than the columns answer code 10 on both stores instead of a database error.
    const long = await rsCall(srv.url, 'multi_room', 'add_anchor', a, {
      roomID,
      userName: '名'.repeat(256),
      pushURL: pushUrlFor('8888_guard'),
    });
    assert.equal(long.json.code, 10, long.text);
    const longUser = await rsLogin(srv.url, 'u'.repeat(65), 'v2');
    assert.equal(longUser.answer.json.code, 7);
    assert.equal((await post(srv.url, '/weapp/utils/x/report', {})).status, 404);
  });

  it('sweeps pushers silent for 20 s (their stream cannot be confirmed) and reclaims idle rooms', async () => {
    const rs = srv.running.app.context.roomService;
    const a = await login('sw1');
    const b = await login('sw2');
    const roomID = uid('sweep');
    await rsCall(srv.url, 'multi_room', 'add_anchor', a, { roomID, pushURL: pushUrlFor('8888_sw1') });
    await rsCall(srv.url, 'multi_room', 'add_anchor', b, { roomID, pushURL: pushUrlFor('8888_sw2') });
    const idle = uid('idle');
    await rsCall(srv.url, 'multi_room', 'create_room', a, { roomID: idle });
    srv.clock.advance(15);
    assert.equal((await rsCall(srv.url, 'multi_room', 'anchor_heartbeat', b, { roomID })).json.code, 0);
    srv.clock.advance(6);
    // a is 21 s silent, b 6 s: only a goes; the never-joined room (21 s > 30 s? no) stays.
    let r = await rs.sweepOnce();
    assert.equal(r.owner, true);
    const members = await rsCall(srv.url, 'multi_room', 'get_anchors', b, { roomID });
    assert.deepEqual(
      (members.json.pushers as Array<{ userID: string }>).map((p) => p.userID),
      [b.userID],
    );
    assert.equal(calls('create_group', idle), 1);
    assert.equal(calls('destroy_group', idle), 0);
    srv.clock.advance(10);
    r = await rs.sweepOnce();
    assert.ok(r.reclaimed >= 1);
    assert.equal(calls('destroy_group', idle), 1);
    srv.clock.advance(20);
    await rs.sweepOnce();
    assert.equal((await rsCall(srv.url, 'multi_room', 'get_anchors', b, { roomID })).json.code, 3);
    assert.equal(calls('destroy_group', roomID), 1);
    srv.clock.advance(-51);
  });

  it('maps IM errors of create_group to code 6 and treats 10025 as success', async () => {
    const a = await login('imfail');
    im().state.failGroup = { create_group: [70020, 'SDKAppID does not exist.'] };
    try {
      const r = await rsCall(srv.url, 'live_room', 'create_room', a, {});
      assert.equal(r.json.code, 6);
      assert.match(String(r.json.message), /群组创建失败.*70020.*SDKAppID/);
      im().state.failGroup = { create_group: [70009, 'bad sig'] };
      const k = await rsCall(srv.url, 'live_room', 'add_pusher', a, {
        roomID: uid('imr'),
        pushURL: pushUrlFor('8888_x'),
      });
      assert.equal(k.json.code, 6);
      assert.match(String(k.json.message), /70009.*private key/);
      im().state.failGroup = { create_group: [10025, 'already yours'] };
      assert.equal((await rsCall(srv.url, 'live_room', 'create_room', a, {})).json.code, 0);
    } finally {
      im().state.failGroup = undefined;
    }
  });
});

/** Every path-protocol endpoint and its documented codes, against the embedded store and MariaDB. */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { cosSignKey, clientPasswordHash, liteavSig, roomServiceSign, verifyUserSig } from '../../src/sign/index.js';
import { currentConfig, legacyConfig, TEST_IM_PUBLIC_KEY, TEST_SECRETS } from '../helpers/fixtures.js';
import {
  TEST_KDF_COST,
  post,
  registerAndLogin,
  send,
  signed,
  startTestServer,
  STORE_KINDS,
  type TestServer,
  releaseMariaDB,
} from '../helpers/server-client.js';

const HEX32 = /^[0-9a-f]{32}$/;
const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

afterAll(releaseMariaDB);

for (const kind of STORE_KINDS) {
  describe(`path protocol endpoints (${kind} store)`, () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await startTestServer({ store: kind });
    });
    afterAll(async () => {
      await s?.close();
    });

    it('register: 200, then 612 for the same userid, 602 for bad input', async () => {
      const password = clientPasswordHash('12345678', 'jacqiu');
      assert.deepEqual((await post(s.url, '/register', { userid: 'jacqiu', password })).json, {
        code: 200,
        message: 'OK',
        data: {},
      });
      assert.deepEqual((await post(s.url, '/register', { userid: 'jacqiu', password })).json, {
        code: 612,
        message: 'user exist | register user id existed',
        data: {},
      });
      const bad = await post(s.url, '/register', { userid: '1abc', password });
      assert.equal(bad.json.code, 602);
      assert.equal(
        bad.json.message,
        'Invalid Param | userid preg_match error! The reg rule is:/^[a-zA-Z][a-zA-Z0-9_]{3,23}$/',
      );
      assert.equal(
        (await post(s.url, '/register', { userid: 'jacqiu2' })).json.message,
        'Invalid Param | password is null or empty!',
      );
      const row = await s.store.getAccount('jacqiu');
      assert.match(
        row?.password ?? '',
        new RegExp(`^\\$scrypt\\$N=${TEST_KDF_COST},r=8,p=1\\$[A-Za-z0-9_-]+\\$[A-Za-z0-9_-]+$`),
      );
    });

    it('login: tokens, expires, roomservice_sign (v2 UserSig) and cos_info; 620 and 621', async () => {
      const password = clientPasswordHash('12345678', 'jacqiu');
      const r = await post(s.url, '/login', { userid: 'jacqiu', password });
      assert.equal(r.json.code, 200);
      const d = r.json.data as Record<string, any>;
      assert.match(d.token, HEX32);
      assert.match(d.refresh_token, HEX32);
      assert.notEqual(d.token, d.refresh_token);
      assert.equal(d.expires, 86400);
      assert.equal(d.roomservice_sign.sdkAppID, 1400123456);
      assert.equal(d.roomservice_sign.userID, 'jacqiu');
      assert.equal('accountType' in d.roomservice_sign, false);
      const verdict = verifyUserSig(d.roomservice_sign.userSig, {
        sdkAppId: 1400123456,
        secretKey: TEST_SECRETS.imSecretKey,
        userId: 'jacqiu',
      });
      assert.equal(verdict.ok, true, verdict.message);
      assert.equal(verdict.decoded?.version, 'v2');
      assert.deepEqual(d.cos_info, {
        Bucket: 'xiaozhibo',
        Region: 'ap-guangzhou',
        Appid: 1250000000,
        SecretId: TEST_SECRETS.cosSecretId,
      });
      assert.deepEqual((await post(s.url, '/login', { userid: 'nobody1', password })).json, {
        code: 620,
        message: 'user not exist | login fail: nobody1user not exist',
        data: {},
      });
      assert.deepEqual((await post(s.url, '/login', { userid: 'jacqiu', password: 'deadbeef' })).json, {
        code: 621,
        message: 'password error | login fail: jacqiupassword error',
        data: {},
      });
      assert.equal(r.headers.get('x-powered-by'), 'minilvb/0.1.0');
      assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    });

    it('a legacy raw-hash row logs in and is upgraded to scrypt', async () => {
      const password = clientPasswordHash('oldpass', 'phpuser');
      await s.store.createAccount('phpuser', password);
      assert.equal((await post(s.url, '/login', { userid: 'phpuser', password })).json.code, 200);
      assert.match((await s.store.getAccount('phpuser'))?.password ?? '', /^\$scrypt\$/);
      assert.equal((await post(s.url, '/login', { userid: 'phpuser', password })).json.code, 200);
      assert.equal(
        (await post(s.url, '/login', { userid: 'phpuser', password: password.toUpperCase() })).json.code,
        621,
      );
    });

    it('get_user_info: defaults, 498 without/with a wrong Liteav-Sig, hex case ignored, new login revokes the old token', async () => {
      const u = await registerAndLogin(s.url, 'infouser');
      const r = await signed(s.url, '/get_user_info', 'infouser', u.token);
      assert.deepEqual(r.json, {
        code: 200,
        message: 'OK',
        data: { userid: 'infouser', nickname: '', avatar: '', sex: -1, frontcover: '' },
      });
      const body = JSON.stringify({ userid: 'infouser', timestamp: 1, expires: 10 });
      assert.deepEqual((await post(s.url, '/get_user_info', body)).json, {
        code: 498,
        message: 'Invalid Token | get_user_info',
        data: {},
      });
      assert.equal(
        (await post(s.url, '/get_user_info', body, { 'Liteav-Sig': liteavSig('0'.repeat(32), body) })).json.code,
        498,
      );
      assert.equal(
        (await post(s.url, '/get_user_info', body, { 'Liteav-Sig': liteavSig(u.token, body).toUpperCase() })).json.code,
        200,
      );
      const again = await post(s.url, '/login', { userid: 'infouser', password: u.password });
      assert.equal(again.json.code, 200);
      assert.equal((await signed(s.url, '/get_user_info', 'infouser', u.token)).json.code, 498);
      assert.equal(
        (await signed(s.url, '/get_user_info', 'infouser', (again.json.data as { token: string }).token)).json.code,
        200,
      );
    });

    it('upload_user_info: partial update, no-change is 200, typed and length-checked', async () => {
      const u = await registerAndLogin(s.url, 'profile1');
      assert.equal(
        (await signed(s.url, '/upload_user_info', 'profile1', u.token, { nickname: 'Nick "quoted" \\ --' })).json.code,
        200,
      );
      assert.equal(
        (await signed(s.url, '/upload_user_info', 'profile1', u.token, { nickname: 'Nick "quoted" \\ --' })).json.code,
        200,
      );
      assert.equal(
        (await signed(s.url, '/upload_user_info', 'profile1', u.token, { sex: 1, avatar: 'http://a/b.png' })).json.code,
        200,
      );
      const info = (await signed(s.url, '/get_user_info', 'profile1', u.token)).json.data;
      assert.deepEqual(info, {
        userid: 'profile1',
        nickname: 'Nick "quoted" \\ --',
        avatar: 'http://a/b.png',
        sex: 1,
        frontcover: '',
      });
      assert.equal(
        (await signed(s.url, '/upload_user_info', 'profile1', u.token, { sex: 'x' })).json.message,
        'Invalid Param | sex:x is not int!',
      );
      assert.equal(
        (await signed(s.url, '/upload_user_info', 'profile1', u.token, { nickname: 'n'.repeat(101) })).json.message,
        'Invalid Param | nickname is too long (max 100)',
      );
      assert.equal(
        (await signed(s.url, '/upload_user_info', 'profile1', u.token, { nickname: '😀'.repeat(100) })).json.code,
        200,
      );
    });

    it('upload_room: stores the frontcover sent, falls back to the profile one, 602 for a missing or long title', async () => {
      const u = await registerAndLogin(s.url, 'roomuser');
      await signed(s.url, '/upload_user_info', 'roomuser', u.token, { frontcover: 'http://profile/cover.jpg' });
      assert.equal(
        (
          await signed(s.url, '/upload_room', 'roomuser', u.token, {
            title: 'T1',
            frontcover: 'http://sent/cover.jpg',
            location: 'SZ',
          })
        ).json.code,
        200,
      );
      assert.equal((await s.store.getRoom('roomuser'))?.frontcover, 'http://sent/cover.jpg');
      assert.equal((await signed(s.url, '/upload_room', 'roomuser', u.token, { title: 'T2' })).json.code, 200);
      const room = await s.store.getRoom('roomuser');
      assert.equal(room?.frontcover, 'http://profile/cover.jpg');
      assert.equal(room?.title, 'T2');
      assert.equal(
        (await signed(s.url, '/upload_room', 'roomuser', u.token, {})).json.message,
        'Invalid Param | title is null or empty!',
      );
      assert.equal(
        (await signed(s.url, '/upload_room', 'roomuser', u.token, { title: 't'.repeat(129) })).json.message,
        'Invalid Param | title is too long (max 128)',
      );
    });

    it('get_vod_list: defaults, paging rule, 602 for negative or non-integer values', async () => {
      const u = await registerAndLogin(s.url, 'vodlister');
      const now = new Date(s.clock.now());
      for (let i = 0; i < 12; i++) {
        await s.store.insertVod({
          userid: 'vodlister',
          fileId: `v${i}`,
          startTime: new Date(now.getTime() - (i + 2) * 3600_000),
          createTime: new Date(now.getTime() - (i + 1) * 3600_000),
          title: `t${i}`,
          playUrl: `http://p/${i}.mp4`,
        });
      }
      await s.store.insertVod({
        userid: 'vodlister',
        fileId: 'old',
        startTime: new Date(now.getTime() - 9 * 86400_000),
        createTime: new Date(now.getTime() - 8 * 86400_000),
        playUrl: 'http://p/old.mp4',
      });
      await s.store.insertVod({
        userid: 'vodlister',
        fileId: 'nourl',
        startTime: new Date(now.getTime() - 7200_000),
        createTime: new Date(now.getTime() - 60_000),
      });
      const first = await signed(s.url, '/get_vod_list', 'vodlister', u.token);
      const list = (first.json.data as { list: Array<Record<string, unknown>> }).list;
      assert.equal(list.length, 10);
      assert.equal(list[0]?.file_id, 'v0');
      assert.deepEqual(Object.keys(list[0] ?? {}).sort(), [
        'avatar',
        'create_time',
        'file_id',
        'frontcover',
        'hls_play_url',
        'likecount',
        'location',
        'nickname',
        'play_url',
        'start_time',
        'title',
        'userid',
        'viewercount',
      ]);
      assert.match(String(list[0]?.create_time), TIME);
      assert.equal(list[0]?.likecount, 0);
      assert.equal(list[0]?.hls_play_url, '');
      const page2 = (await signed(s.url, '/get_vod_list', 'vodlister', u.token, { index: 2, count: 5 })).json.data as {
        list: Array<Record<string, unknown>>;
      };
      assert.deepEqual(
        page2.list.map((v) => v.file_id),
        ['v10', 'v11'],
      );
      const p0 = (await signed(s.url, '/get_vod_list', 'vodlister', u.token, { index: 0, count: 20 })).json.data as {
        list: unknown[];
      };
      assert.equal(p0.list.length, 12);
      assert.equal(
        (await signed(s.url, '/get_vod_list', 'vodlister', u.token, { index: -1 })).json.message,
        'Invalid Param | -1 is not in range [0,+)',
      );
      assert.equal(
        (await signed(s.url, '/get_vod_list', 'vodlister', u.token, { count: [1] })).json.message,
        'Invalid Param | count:[1] is not int!',
      );
      assert.equal(
        (await signed(s.url, '/get_vod_list', 'vodlister', u.token, { index: '2', count: '5' })).json.code,
        200,
      );
    });

    it('get_cos_sign, get_vod_sign, get_roomservice_sign', async () => {
      const u = await registerAndLogin(s.url, 'signuser');
      const cos = (await signed(s.url, '/get_cos_sign', 'signuser', u.token)).json.data as {
        signKey: string;
        keyTime: string;
      };
      const [a, b] = cos.keyTime.split(';').map(Number);
      assert.equal((b ?? 0) - (a ?? 0), 30);
      assert.ok(Math.abs((a ?? 0) - Date.now() / 1000) < 5);
      assert.equal(cos.signKey, cosSignKey(TEST_SECRETS.cosSecretKey, cos.keyTime));
      const vod = (await signed(s.url, '/get_vod_sign', 'signuser', u.token)).json.data as { signature: string };
      const raw = Buffer.from(vod.signature, 'base64');
      assert.match(
        raw.subarray(20).toString(),
        new RegExp(
          `^secretId=${TEST_SECRETS.cosSecretId}&currentTimeStamp=\\d+&expireTime=\\d+&procedure=XIAOZHIBO-DEFAULT&random=\\d+$`,
        ),
      );
      const rs = (await signed(s.url, '/get_roomservice_sign', 'signuser', u.token)).json.data as {
        txTime: number;
        sign: string;
      };
      assert.ok(Math.abs(rs.txTime - (Date.now() / 1000 + 600)) < 5);
      assert.equal(rs.sign, roomServiceSign(TEST_SECRETS.apiKey, rs.txTime, 'signuser'));
    });

    it('upload_ugc and get_ugc_list', async () => {
      const u = await registerAndLogin(s.url, 'ugcuser');
      assert.equal(
        (
          await signed(s.url, '/upload_ugc', 'ugcuser', u.token, {
            file_id: 'ugc_1',
            title: "it's",
            play_url: 'http://v/1.mp4',
          })
        ).json.code,
        200,
      );
      assert.equal(
        (
          await signed(s.url, '/upload_ugc', 'ugcuser', u.token, {
            file_id: 'bad id',
            title: 'x',
            play_url: 'http://v/1.mp4',
          })
        ).json.code,
        602,
      );
      assert.equal(
        (
          await signed(s.url, '/upload_ugc', 'ugcuser', u.token, {
            file_id: 'ugc_2',
            title: 'x',
            play_url: 'not a url',
          })
        ).json.code,
        602,
      );
      const list = (await signed(s.url, '/get_ugc_list', 'ugcuser', u.token, { index: 1, count: 10 })).json.data as {
        list: Array<Record<string, unknown>>;
      };
      const mine = list.list.find((x) => x.file_id === 'ugc_1');
      assert.equal(mine?.title, "it's");
      assert.match(String(mine?.create_time), TIME);
    });

    it('refresh: new tokens, old ones die, single use, optional Liteav-Sig, expiry', async () => {
      const u = await registerAndLogin(s.url, 'refresher');
      assert.equal(
        (await post(s.url, '/refresh', { userid: 'refresher' })).json.message,
        'Invalid Param | refresh_token is null or empty!',
      );
      const r1 = await post(s.url, '/refresh', { userid: 'refresher', refresh_token: u.refresh });
      assert.equal(r1.json.code, 200);
      const d1 = r1.json.data as { token: string; refresh_token: string; expires: number };
      assert.equal(d1.expires, 86400);
      assert.equal((await signed(s.url, '/get_user_info', 'refresher', u.token)).json.code, 498);
      assert.equal((await signed(s.url, '/get_user_info', 'refresher', d1.token)).json.code, 200);
      assert.deepEqual((await post(s.url, '/refresh', { userid: 'refresher', refresh_token: u.refresh })).json, {
        code: 498,
        message: 'Invalid Token | refresh',
        data: {},
      });
      const body = JSON.stringify({ userid: 'refresher', refresh_token: d1.refresh_token });
      assert.equal(
        (await post(s.url, '/refresh', body, { 'Liteav-Sig': liteavSig('f'.repeat(32), body) })).json.code,
        498,
      );
      // The token expired (the usual reason to refresh): a Liteav-Sig made with it is still accepted.
      s.clock.advance(86401);
      try {
        assert.equal((await signed(s.url, '/get_user_info', 'refresher', d1.token)).json.code, 498);
        const r2 = await post(s.url, '/refresh', body, { 'Liteav-Sig': liteavSig(d1.token, body) });
        assert.equal(r2.json.code, 200);
        const d2 = r2.json.data as { refresh_token: string };
        s.clock.advance(31 * 86400);
        assert.equal(
          (await post(s.url, '/refresh', { userid: 'refresher', refresh_token: d2.refresh_token })).json.code,
          498,
        );
      } finally {
        s.clock.advance(-(86401 + 31 * 86400));
      }
    });

    it('routing: both path forms, trailing slash, exact case, POST only, unknown names', async () => {
      const password = clientPasswordHash('12345678', 'jacqiu');
      assert.equal((await post(s.url, '/interface.php/login', { userid: 'jacqiu', password })).json.code, 200);
      assert.equal((await post(s.url, '/login/', { userid: 'jacqiu', password })).json.code, 200);
      assert.equal((await post(s.url, '/interface.php/login/', { userid: 'jacqiu', password })).json.code, 200);
      assert.deepEqual((await post(s.url, '/Login', { userid: 'jacqiu', password })).json, {
        code: 400,
        message: 'Bad Request | Login',
        data: {},
      });
      const get = await send(s.url, '/login', { method: 'GET' });
      assert.equal(get.status, 405);
      assert.equal(get.headers.get('allow'), 'POST');
      assert.deepEqual(get.json, { code: 400, message: 'Bad Request | method GET not allowed', data: {} });
      assert.equal((await post(s.url, '/lo/gin', { userid: 'jacqiu', password })).status, 404);
      assert.equal((await send(s.url, '/createDB.sh', { method: 'GET' })).status, 404);
      assert.equal((await send(s.url, '/conf/cdn.route.ini', { method: 'GET' })).status, 404);
      assert.deepEqual((await post(s.url, '/delete_everything', {})).json, {
        code: 400,
        message: 'Bad Request | delete_everything',
        data: {},
      });
    });

    it('healthz, readyz and the /interface.php health answer', async () => {
      const h = await send(s.url, '/healthz', { method: 'GET' });
      assert.deepEqual([h.status, h.json.status], [200, 'ok']);
      const r = await send(s.url, '/readyz', { method: 'GET' });
      assert.deepEqual([r.status, r.json.status, r.json.store], [200, 'ready', kind]);
      assert.equal(
        (await send(s.url, '/interface.php', { method: 'GET' })).text,
        '{"returnValue":4001,"returnMsg":"json format error","returnData":[]}',
      );
      assert.equal(
        (await send(s.url, '/interface.php', { method: 'POST' })).text,
        '{"returnValue":4001,"returnMsg":"json format error","returnData":[]}',
      );
      assert.deepEqual((await post(s.url, '/interface.php', { Action: 'FetchList', flag: 1 })).json, {
        code: 400,
        message: 'Bad Request',
        data: {},
      });
    });

    it('fingerprints: bearer auth, fingerprints only, never values', async () => {
      assert.equal((await send(s.url, '/minilvb/fingerprints', { method: 'GET' })).status, 401);
      assert.equal(
        (await send(s.url, '/minilvb/fingerprints', { method: 'GET', headers: { Authorization: 'Bearer wrong' } }))
          .status,
        401,
      );
      const r = await send(s.url, '/minilvb/fingerprints', {
        method: 'GET',
        headers: { Authorization: `Bearer ${TEST_SECRETS.adminToken}` },
      });
      assert.equal(r.status, 200);
      assert.equal(r.json.store, kind);
      assert.equal(r.json.protocol, 'path');
      const fps = r.json.fingerprints as Record<string, unknown>;
      assert.match(String(fps['lvb.apiKey']), /^[0-9a-f]{12}$/);
      assert.equal(fps['im.sdkAppId'], 1400123456);
      assert.equal(fps['cos.bucket'], 'xiaozhibo');
      for (const secret of Object.values(TEST_SECRETS)) assert.equal(r.text.includes(secret), false);
    });

    it('cleanup-probe: bearer auth, probe ids only, removes the rows and the cached list entry', async () => {
      const auth = { Authorization: `Bearer ${TEST_SECRETS.adminToken}` };
      const probe = 'mlvbdoctor_c1e2a3n4';
      const u = await registerAndLogin(s.url, probe);
      await s.store.upsertRoom({
        userid: probe,
        title: 'probe',
        frontcover: null,
        location: null,
        createTime: new Date(),
      });
      await s.store.insertVod({
        userid: probe,
        fileId: 'probefile1',
        playUrl: 'http://v/p.mp4',
        startTime: new Date(Date.now() - 120_000),
        createTime: new Date(Date.now() - 60_000),
      });
      const listed = async (): Promise<string[]> => {
        const viewer = (
          await post(s.url, '/login', { userid: 'jacqiu', password: clientPasswordHash('12345678', 'jacqiu') })
        ).json.data as { token: string };
        const page = (await signed(s.url, '/get_vod_list', 'jacqiu', viewer.token, { index: 0, count: 100 })).json
          .data as { list: Array<{ userid: string }> };
        return page.list.map((v) => v.userid);
      };
      assert.ok((await listed()).includes(probe), 'the probe replay is listed (and cached) before the clean-up');

      assert.equal(
        (await send(s.url, '/minilvb/cleanup-probe', { body: JSON.stringify({ userid: probe }) })).status,
        401,
      );
      assert.equal(
        (
          await send(s.url, '/minilvb/cleanup-probe', {
            body: JSON.stringify({ userid: probe }),
            headers: { Authorization: `Bearer ${TEST_SECRETS.adminToken}x` },
          })
        ).status,
        401,
      );
      assert.equal((await send(s.url, '/minilvb/cleanup-probe', { method: 'GET', headers: auth })).status, 405);
      for (const body of [
        JSON.stringify({ userid: 'jacqiu' }),
        JSON.stringify({ userid: "x' OR '1'='1" }),
        JSON.stringify({}),
        '{"userid":',
        JSON.stringify({ userid: ['mlvbdoctor_a'] }),
      ]) {
        const bad = await send(s.url, '/minilvb/cleanup-probe', { body, headers: auth });
        assert.equal(bad.status, 400, body);
        assert.match(String(bad.json.error), /mlvbdoctor_|JSON/);
      }
      assert.ok(await s.store.getAccount('jacqiu'), 'a refused id deletes nothing');
      assert.ok(await s.store.getAccount(probe), 'refused requests deleted nothing');

      const ok = await send(s.url, '/minilvb/cleanup-probe', {
        body: JSON.stringify({ userid: probe }),
        headers: auth,
      });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(ok.json, {
        userid: probe,
        deleted: {
          tb_vod: 1,
          tb_room: 1,
          minilvb_session: 1,
          tb_ugc: 0,
          minilvb_group_member: 0,
          minilvb_live: 0,
          tb_account: 1,
        },
      });
      assert.equal(await s.store.getAccount(probe), undefined);
      assert.equal(await s.store.getSession(probe), undefined);
      assert.ok(!(await listed()).includes(probe), 'the cached list no longer shows the probe replay');
      assert.equal((await signed(s.url, '/get_user_info', probe, u.token)).json.code, 498, 'the probe session is gone');
      const again = await send(s.url, '/minilvb/cleanup-probe', {
        body: JSON.stringify({ userid: probe }),
        headers: auth,
      });
      assert.equal(again.status, 200);
      assert.equal((again.json.deleted as Record<string, number>).tb_account, 0);
    });
  });
}

describe('server variants (embedded store)', () => {
  it('legacy credentials: v1 ECDSA UserSig with accountType', async () => {
    const s = await startTestServer({ raw: legacyConfig() });
    try {
      const u = await registerAndLogin(s.url, 'legacyuser');
      const rs = u.data.roomservice_sign as Record<string, string | number>;
      assert.equal(rs.accountType, '18647');
      assert.equal(rs.sdkAppID, 1400012345);
      const verdict = verifyUserSig(String(rs.userSig), {
        sdkAppId: 1400012345,
        publicKeyPem: TEST_IM_PUBLIC_KEY,
        userId: 'legacyuser',
      });
      assert.equal(verdict.ok, true, verdict.message);
      assert.equal(verdict.decoded?.version, 'v1');
    } finally {
      await s.close();
    }
  });

  it('passwordStorage legacy keeps the raw client hash', async () => {
    const raw = currentConfig();
    const s = await startTestServer({
      raw: { ...raw, server: { ...(raw.server as object), passwordStorage: 'legacy' } },
    });
    try {
      const u = await registerAndLogin(s.url, 'sharedrow');
      assert.equal((await s.store.getAccount('sharedrow'))?.password, u.password);
      assert.equal((await post(s.url, '/login', { userid: 'sharedrow', password: u.password })).json.code, 200);
      assert.equal((await s.store.getAccount('sharedrow'))?.password, u.password);
    } finally {
      await s.close();
    }
  });

  it('zero configuration: starts; endpoints needing credentials answer 500 naming the field', async () => {
    const s = await startTestServer({ raw: {} });
    try {
      const password = clientPasswordHash('x', 'zerouser');
      assert.equal((await post(s.url, '/register', { userid: 'zerouser', password })).json.code, 200);
      const login = await post(s.url, '/login', { userid: 'zerouser', password });
      // Not the database error's text (issue 8.9): which keys are missing, and how to set them.
      assert.deepEqual(login.json, {
        code: 500,
        message:
          'Server not configured | login needs im.sdkAppId, im.secretKey: set them in minilvb.config.json (minilvb init) or with MINILVB_IM_SDKAPPID, MINILVB_IM_SECRETKEY, then restart minilvb serve',
        data: {},
      });
      assert.doesNotMatch(String(login.json.message), /db operate error/);
      assert.ok(
        s
          .logs()
          .some(
            (l) =>
              l.msg === 'endpoint needs configuration that is not set' && l.missing === 'im.sdkAppId, im.secretKey',
          ),
      );
      assert.equal((await send(s.url, '/minilvb/fingerprints', { method: 'GET' })).status, 404);
      assert.equal(
        (
          await send(s.url, '/minilvb/cleanup-probe', {
            body: JSON.stringify({ userid: 'mlvbdoctor_x1' }),
            headers: { Authorization: 'Bearer anything' },
          })
        ).status,
        404,
      );
      assert.equal((await send(s.url, '/healthz', { method: 'GET' })).status, 200);
    } finally {
      await s.close();
    }
  });
});

describe('strictTimestamps (D4 opt-in)', () => {
  it('rejects a signed body whose timestamp is far from server time with 498', async () => {
    const s = await startTestServer({ options: { strictTimestamps: true } });
    try {
      const u = await registerAndLogin(s.url, 'strictts');
      assert.equal((await signed(s.url, '/get_user_info', 'strictts', u.token)).json.code, 200);
      const body = JSON.stringify({ userid: 'strictts', timestamp: Math.floor(Date.now() / 1000) - 3600, expires: 10 });
      assert.equal(
        (await post(s.url, '/get_user_info', body, { 'Liteav-Sig': liteavSig(u.token, body) })).json.code,
        498,
      );
    } finally {
      await s.close();
    }
  });
});

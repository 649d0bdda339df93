/**
 * The bad-input matrix: malformed, hostile and misrouted requests. Each gets its documented
 * code; afterwards the server still answers, earlier data is intact, and injection strings that
 * were accepted are stored byte for byte. Runs against both stores.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { callbackSign, liteavSig } from '../../src/sign/index.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';
import {
  post,
  recordingEvent,
  registerAndLogin,
  releaseMariaDB,
  send,
  signed,
  startTestServer,
  STORE_KINDS,
  type Answer,
  type TestServer,
} from '../helpers/server-client.js';

afterAll(releaseMariaDB);

const KEY = TEST_SECRETS.apiKey;
const CB = '/callback/tape_callback.php';
const INJECT = [
  `'; DROP TABLE tb_account; --`,
  `" OR "1"="1`,
  `\\'; SELECT SLEEP(5); #`,
  `Robert'); DELETE FROM tb_vod;--`,
  `\u0000nul`,
  `😀 ü 中文`,
];
const NICK = `${INJECT[1]}|${INJECT[2]}|${INJECT[4]}|${INJECT[5]}`;
const now = (): number => Math.floor(Date.now() / 1000);

/** One malformed request and what it must get. */
interface Case {
  name: string;
  run(ctx: Ctx): Promise<Answer>;
  status: number;
  /** Expected `code` (path/callback) or `returnValue` (interface.php); undefined: not checked. */
  code?: number;
  message?: string | RegExp;
}
interface Ctx {
  url: string;
  token: string;
  oldToken: string;
  otherToken: string;
}

const p602 = (detail: string): string => `Invalid Param | ${detail}`;
const raw =
  (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  (c: Ctx) =>
    send(c.url, path, { body, headers });
const signedRaw = (path: string, body: string, tokenOf: (c: Ctx) => string) => (c: Ctx) =>
  send(c.url, path, { body, headers: { 'Liteav-Sig': liteavSig(tokenOf(c), body) } });
const withSig = (path: string, body: string, sig: string) => (c: Ctx) =>
  send(c.url, path, { body, headers: { 'Liteav-Sig': sig } });
const cb = (fields: Record<string, unknown>) => (c: Ctx) => post(c.url, CB, fields);
const V = JSON.stringify({ userid: 'victim01', timestamp: 1, expires: 10 });

const CASES: Case[] = [
  // /login and /register: body shape and field rules → 602
  {
    name: 'login empty body',
    run: raw('/login', ''),
    status: 200,
    code: 602,
    message: p602('userid is null or empty!'),
  },
  { name: 'login not JSON', run: raw('/login', 'not json at all'), status: 200, code: 602 },
  { name: 'login JSON array', run: raw('/login', '[]'), status: 200, code: 602 },
  { name: 'login JSON null', run: raw('/login', 'null'), status: 200, code: 602 },
  { name: 'login JSON string', run: raw('/login', '"userid"'), status: 200, code: 602 },
  { name: 'login truncated JSON', run: raw('/login', '{"userid":"victim01","pass'), status: 200, code: 602 },
  {
    name: 'login form-encoded',
    run: raw('/login', 'userid=victim01&password=abc', { 'Content-Type': 'application/x-www-form-urlencoded' }),
    status: 200,
    code: 602,
  },
  {
    name: 'login BOM before JSON',
    run: raw('/login', '\uFEFF{"userid":"victim01","password":"abc"}'),
    status: 200,
    code: 602,
  },
  {
    name: 'login userid number',
    run: raw('/login', '{"userid":12345,"password":"abc"}'),
    status: 200,
    code: 602,
    message: /userid preg_match error/,
  },
  {
    name: 'login userid array',
    run: raw('/login', '{"userid":["victim01"],"password":"abc"}'),
    status: 200,
    code: 602,
  },
  {
    name: 'login userid object',
    run: raw('/login', '{"userid":{"$ne":null},"password":"abc"}'),
    status: 200,
    code: 602,
  },
  {
    name: 'login userid null',
    run: raw('/login', '{"userid":null,"password":"abc"}'),
    status: 200,
    code: 602,
    message: p602('userid is null or empty!'),
  },
  { name: 'login userid empty', run: raw('/login', '{"userid":"","password":"abc"}'), status: 200, code: 602 },
  {
    name: 'login userid too long',
    run: raw('/login', JSON.stringify({ userid: `a${'b'.repeat(24)}`, password: 'abc' })),
    status: 200,
    code: 602,
    message: p602('userid is too long (max 24)'),
  },
  {
    name: 'login userid SQL injection',
    run: raw('/login', JSON.stringify({ userid: "a' OR '1'='1", password: 'abc' })),
    status: 200,
    code: 602,
  },
  {
    name: 'login userid unicode',
    run: raw('/login', JSON.stringify({ userid: 'üser1234', password: 'abc' })),
    status: 200,
    code: 602,
  },
  {
    name: 'login userid leading digit',
    run: raw('/login', JSON.stringify({ userid: '1victim', password: 'abc' })),
    status: 200,
    code: 602,
  },
  {
    name: 'login password missing',
    run: raw('/login', '{"userid":"victim01"}'),
    status: 200,
    code: 602,
    message: p602('password is null or empty!'),
  },
  {
    name: 'login password with symbols',
    run: raw('/login', JSON.stringify({ userid: 'victim01', password: "x' OR 1=1 --" })),
    status: 200,
    code: 602,
  },
  {
    name: 'login password too long',
    run: raw('/login', JSON.stringify({ userid: 'victim01', password: 'a'.repeat(256) })),
    status: 200,
    code: 602,
    message: p602('password is too long (max 255)'),
  },
  {
    name: 'login password boolean',
    run: raw('/login', '{"userid":"victim01","password":true}'),
    status: 200,
    code: 602,
  },
  {
    name: 'login password number',
    run: raw('/login', '{"userid":"victim01","password":12345}'),
    status: 200,
    code: 602,
  },
  {
    name: 'login wrong password',
    run: raw('/login', JSON.stringify({ userid: 'victim01', password: 'abcdef' })),
    status: 200,
    code: 621,
  },
  {
    name: 'login deeply nested JSON',
    run: raw('/login', `${'['.repeat(5000)}${']'.repeat(5000)}`),
    status: 200,
    code: 602,
  },
  { name: 'login 2 MiB body', run: raw('/login', `{"userid":"${'a'.repeat(2 * 1024 * 1024)}"}`), status: 413 },
  {
    name: 'register injection userid',
    run: raw('/register', JSON.stringify({ userid: "x'); DROP TABLE tb_account;--", password: 'abc' })),
    status: 200,
    code: 602,
  },
  {
    name: 'register existing user',
    run: raw('/register', JSON.stringify({ userid: 'victim01', password: 'abc' })),
    status: 200,
    code: 612,
  },
  {
    name: 'register duplicate keys (last wins, invalid)',
    run: raw('/register', '{"userid":"newguy01","password":"abc","password":"b@d"}'),
    status: 200,
    code: 602,
  },
  // Liteav-Sig (498) and the 602-before-498 order
  {
    name: 'signed without Liteav-Sig',
    run: raw('/get_user_info', V),
    status: 200,
    code: 498,
    message: 'Invalid Token | get_user_info',
  },
  { name: 'signed with a wrong sig', run: withSig('/get_user_info', V, 'a'.repeat(32)), status: 200, code: 498 },
  { name: 'signed with a non-hex sig', run: withSig('/get_user_info', V, 'z'.repeat(32)), status: 200, code: 498 },
  { name: 'signed with a 64-char sig', run: withSig('/get_user_info', V, 'a'.repeat(64)), status: 200, code: 498 },
  { name: 'signed with an empty sig', run: withSig('/get_user_info', V, ''), status: 200, code: 498 },
  {
    name: 'signed with a foreign token',
    run: signedRaw('/get_user_info', V, (c) => c.otherToken),
    status: 200,
    code: 498,
  },
  {
    name: 'signed with an old (replaced) token',
    run: signedRaw('/get_user_info', V, (c) => c.oldToken),
    status: 200,
    code: 498,
  },
  {
    name: 'signed body altered after signing',
    run: (c) =>
      send(c.url, '/get_user_info', {
        body: V.replace('"expires":10', '"expires":11'),
        headers: { 'Liteav-Sig': liteavSig(c.token, V) },
      }),
    status: 200,
    code: 498,
  },
  {
    name: 'signed for a user without session',
    run: signedRaw('/get_user_info', JSON.stringify({ userid: 'ghost001' }), (c) => c.token),
    status: 200,
    code: 498,
  },
  {
    name: 'signed without userid (602 before 498)',
    run: withSig('/get_user_info', '{"timestamp":1}', 'bad'),
    status: 200,
    code: 602,
    message: p602('userid is null or empty!'),
  },
  // docs/app-protocol.md#get_cos_sign: /get_cos_sign has no input rules, so its only check is the signature.
  {
    name: 'get_cos_sign with an empty body (498, not 602)',
    run: raw('/get_cos_sign', ''),
    status: 200,
    code: 498,
    message: 'Invalid Token | get_cos_sign',
  },
  {
    name: 'get_cos_sign without userid, signed with a real token',
    run: signedRaw('/get_cos_sign', '{"timestamp":1}', (c) => c.token),
    status: 200,
    code: 498,
  },
  {
    name: 'bad index and bad sig: 602 first',
    run: withSig('/get_vod_list', '{"userid":"victim01","index":"abc"}', 'bad'),
    status: 200,
    code: 602,
    message: p602('index:abc is not int!'),
  },
  {
    name: 'get_vod_list fractional index',
    run: signedRaw('/get_vod_list', '{"userid":"victim01","index":1.5}', (c) => c.token),
    status: 200,
    code: 602,
  },
  {
    name: 'get_vod_list negative count',
    run: signedRaw('/get_vod_list', '{"userid":"victim01","count":-5}', (c) => c.token),
    status: 200,
    code: 602,
    message: p602('-5 is not in range [0,+)'),
  },
  {
    name: 'get_vod_list huge index',
    run: signedRaw('/get_vod_list', '{"userid":"victim01","index":1e300}', (c) => c.token),
    status: 200,
    code: 602,
  },
  {
    name: 'get_vod_list 20-digit index string',
    run: signedRaw('/get_vod_list', '{"userid":"victim01","index":"99999999999999999999"}', (c) => c.token),
    status: 200,
    code: 602,
  },
  {
    name: 'get_vod_list index object',
    run: signedRaw('/get_vod_list', '{"userid":"victim01","index":{"a":1}}', (c) => c.token),
    status: 200,
    code: 602,
  },
  {
    name: 'get_vod_list giant page is empty, not an error',
    run: signedRaw('/get_vod_list', '{"userid":"victim01","index":999999999999,"count":100}', (c) => c.token),
    status: 200,
    code: 200,
  },
  {
    name: 'upload_user_info sex as word',
    run: signedRaw('/upload_user_info', '{"userid":"victim01","sex":"male"}', (c) => c.token),
    status: 200,
    code: 602,
    message: p602('sex:male is not int!'),
  },
  {
    name: 'upload_user_info nickname number',
    run: signedRaw('/upload_user_info', '{"userid":"victim01","nickname":42}', (c) => c.token),
    status: 200,
    code: 602,
  },
  {
    name: 'upload_user_info nickname 101 chars',
    run: signedRaw(
      '/upload_user_info',
      JSON.stringify({ userid: 'victim01', nickname: 'n'.repeat(101) }),
      (c) => c.token,
    ),
    status: 200,
    code: 602,
    message: p602('nickname is too long (max 100)'),
  },
  {
    name: 'upload_user_info avatar 255 chars',
    run: signedRaw(
      '/upload_user_info',
      JSON.stringify({ userid: 'victim01', avatar: 'a'.repeat(255) }),
      (c) => c.token,
    ),
    status: 200,
    code: 602,
    message: p602('avatar is too long (max 254)'),
  },
  {
    name: 'upload_room empty title',
    run: signedRaw('/upload_room', '{"userid":"victim01","title":""}', (c) => c.token),
    status: 200,
    code: 602,
    message: p602('title is null or empty!'),
  },
  {
    name: 'upload_room title array',
    run: signedRaw('/upload_room', '{"userid":"victim01","title":["a"]}', (c) => c.token),
    status: 200,
    code: 602,
  },
  {
    name: 'upload_room location 129 chars',
    run: signedRaw(
      '/upload_room',
      JSON.stringify({ userid: 'victim01', title: 'x', location: 'l'.repeat(129) }),
      (c) => c.token,
    ),
    status: 200,
    code: 602,
    message: p602('location is too long (max 128)'),
  },
  {
    name: 'upload_ugc play_url missing',
    run: signedRaw('/upload_ugc', '{"userid":"victim01","file_id":"f1","title":"t"}', (c) => c.token),
    status: 200,
    code: 602,
    message: p602('play_url is null or empty!'),
  },
  {
    name: 'upload_ugc file_id injection',
    run: signedRaw(
      '/upload_ugc',
      JSON.stringify({ userid: 'victim01', file_id: "f'1", title: 't', play_url: 'http://x' }),
      (c) => c.token,
    ),
    status: 200,
    code: 602,
  },
  {
    name: 'refresh without refresh_token',
    run: raw('/refresh', '{"userid":"victim01"}'),
    status: 200,
    code: 602,
    message: p602('refresh_token is null or empty!'),
  },
  {
    name: 'refresh with a wrong refresh_token',
    run: raw('/refresh', JSON.stringify({ userid: 'victim01', refresh_token: 'f'.repeat(32) })),
    status: 200,
    code: 498,
  },
  {
    name: 'refresh with a numeric refresh_token',
    run: raw('/refresh', '{"userid":"victim01","refresh_token":12345}'),
    status: 200,
    code: 602,
  },
  // methods and paths
  { name: 'GET /login', run: (c) => send(c.url, '/login', { method: 'GET' }), status: 405, code: 400 },
  {
    name: 'PUT /get_vod_list',
    run: (c) => send(c.url, '/get_vod_list', { method: 'PUT', body: V }),
    status: 405,
    code: 400,
  },
  { name: 'DELETE /register', run: (c) => send(c.url, '/register', { method: 'DELETE' }), status: 405, code: 400 },
  { name: 'upper-case /LOGIN', run: raw('/LOGIN', '{}'), status: 200, code: 400, message: 'Bad Request | LOGIN' },
  { name: 'double trailing slash', run: raw('/login//', '{}'), status: 404 },
  { name: 'slash inside the name', run: raw('/lo/gin', '{}'), status: 404 },
  { name: 'encoded name', run: raw('/log%69n', '{}'), status: 404 },
  { name: 'config file', run: (c) => send(c.url, '/conf/OutDefine.php', { method: 'GET' }), status: 404 },
  { name: 'dotfile', run: (c) => send(c.url, '/.env', { method: 'GET' }), status: 404 },
  {
    name: 'unknown name under interface.php',
    run: raw('/interface.php/conf', '{}'),
    status: 200,
    code: 400,
    message: 'Bad Request | conf',
  },
  {
    name: 'PATCH /interface.php',
    run: (c) => send(c.url, '/interface.php', { method: 'PATCH', body: '{}' }),
    status: 405,
  },
  {
    name: 'Action in path mode',
    run: raw('/interface.php', '{"Action":"FetchList","flag":1}'),
    status: 200,
    code: 400,
  },
  // callbacks
  { name: 'callback not JSON', run: raw(CB, '<xml/>'), status: 200, code: 4001 },
  { name: 'callback empty body', run: raw(CB, ''), status: 200, code: 4001 },
  {
    name: 'callback "sign": true',
    run: cb({ event_type: 100, stream_id: '8888_victim01', t: now() + 600, sign: true }),
    status: 200,
    code: 4004,
  },
  {
    name: 'callback "sign": 0',
    run: cb({ event_type: 100, stream_id: '8888_victim01', t: now() + 600, sign: 0 }),
    status: 200,
    code: 4004,
  },
  {
    name: 'callback sign array',
    run: cb({ event_type: 100, stream_id: '8888_victim01', t: now() + 600, sign: [callbackSign(KEY, now() + 600)] }),
    status: 200,
    code: 4004,
  },
  {
    name: 'callback forged with another key',
    run: () => {
      const t = now() + 600;
      return post(url0, CB, { event_type: 1, stream_id: '8888_victim01', t, sign: callbackSign('guessed-key', t) });
    },
    status: 200,
    code: 4004,
  },
  {
    name: 'callback sign for another t',
    run: () => {
      const t = now() + 600;
      return post(url0, CB, { event_type: 1, stream_id: '8888_victim01', t, sign: callbackSign(KEY, t + 1) });
    },
    status: 200,
    code: 4004,
  },
  {
    name: 'callback replayed (t an hour ago)',
    run: () => {
      const t = now() - 3600;
      return post(url0, CB, {
        ...recordingEvent(KEY, 'victim01', 'replayed', now() - 9000, now() - 8000),
        t,
        sign: callbackSign(KEY, t),
      });
    },
    status: 200,
    code: 4005,
  },
  {
    name: 'callback t fractional',
    run: () => {
      const t = now() + 600.5;
      return post(url0, CB, { event_type: 1, stream_id: '8888_victim01', t, sign: callbackSign(KEY, Math.floor(t)) });
    },
    status: 200,
    code: 4002,
  },
  {
    name: 'callback t negative',
    run: cb({ event_type: 1, stream_id: '8888_victim01', t: -5, sign: callbackSign(KEY, 5) }),
    status: 200,
    code: 4002,
  },
  {
    name: 'callback stream_id missing',
    run: () => {
      const t = now() + 600;
      return post(url0, CB, { event_type: 1, t, sign: callbackSign(KEY, t) });
    },
    status: 200,
    code: 4002,
  },
  {
    name: 'callback start_time not a number',
    run: () =>
      post(url0, CB, { ...recordingEvent(KEY, 'victim01', 'badtime', now() - 900, now() - 100), start_time: 'x' }),
    status: 200,
    code: 4002,
  },
  { name: 'callback 2 MiB body', run: raw(CB, `{"pad":"${'p'.repeat(2 * 1024 * 1024)}"}`), status: 413 },
  {
    name: 'callback injection strings (accepted, stored verbatim)',
    run: () =>
      post(
        url0,
        CB,
        recordingEvent(KEY, 'victim01', INJECT[0] as string, now() - 5000, now() - 4000, 'mp4', {
          video_url: `http://v/${INJECT[1]}`,
        }),
      ),
    status: 200,
    code: 0,
  },
];
let url0 = '';

for (const kind of STORE_KINDS) {
  describe(`bad-input matrix (${kind} store, ${CASES.length} requests)`, () => {
    let s: TestServer;
    let c: Ctx;
    beforeAll(async () => {
      s = await startTestServer({ store: kind });
      url0 = s.url;
      const old = await registerAndLogin(s.url, 'victim01', 'victimpw');
      const fresh = await post(s.url, '/login', { userid: 'victim01', password: old.password });
      const other = await registerAndLogin(s.url, 'other001');
      c = {
        url: s.url,
        token: (fresh.json.data as { token: string }).token,
        oldToken: old.token,
        otherToken: other.token,
      };
      assert.equal(
        (await signed(s.url, '/upload_user_info', 'victim01', c.token, { nickname: NICK, sex: 1 })).json.code,
        200,
      );
      assert.equal(
        (await signed(s.url, '/upload_room', 'victim01', c.token, { title: INJECT[3], location: INJECT[2] })).json.code,
        200,
      );
    });
    afterAll(async () => {
      await s?.close();
    });

    assert.ok(CASES.length >= 60);
    for (const tc of CASES) {
      it(tc.name, async () => {
        const r = await tc.run(c);
        assert.equal(r.status, tc.status, r.text.slice(0, 200));
        if (tc.code !== undefined) assert.equal(r.json.code ?? r.json.returnValue, tc.code, r.text.slice(0, 200));
        if (typeof tc.message === 'string') assert.equal(r.json.message, tc.message);
        else if (tc.message) assert.match(String(r.json.message), tc.message);
      });
    }

    it('afterwards: still up, nothing lost, injection strings verbatim', async () => {
      assert.equal((await send(s.url, '/healthz', { method: 'GET' })).status, 200);
      const info = await signed(s.url, '/get_user_info', 'victim01', c.token);
      assert.deepEqual(info.json.data, { userid: 'victim01', nickname: NICK, avatar: '', sex: 1, frontcover: '' });
      assert.equal((await signed(s.url, '/get_user_info', 'other001', c.otherToken)).json.code, 200);
      const room = await s.store.getRoom('victim01');
      assert.deepEqual([room?.title, room?.location], [INJECT[3], INJECT[2]]);
      const vod = await s.store.getVod('victim01', INJECT[0] as string);
      assert.equal(vod?.playUrl, `http://v/${INJECT[1]}`);
      assert.equal(vod?.title, INJECT[3]);
      assert.equal(await s.store.getAccount('newguy01'), undefined);
      assert.equal(await s.store.getVod('victim01', 'replayed'), undefined);
      const list = (await signed(s.url, '/get_vod_list', 'victim01', c.token)).json.data as {
        list: Array<Record<string, unknown>>;
      };
      assert.equal(list.list.find((v) => v.file_id === INJECT[0])?.nickname, NICK);
    });
  });
}

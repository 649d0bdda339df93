/**
 * `roomservice push|show|verify` against the bundled server (docs/roomservice.md#minilvb-roomservice-push):
 * the signed admin channel (no token / wrong token / replay refused), the server's checks (key pair,
 * integers), storage (0600 file or MySQL row) applied without restart, and verify failing at the right step
 * for each broken configuration.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { MinilvbConfig } from '../../src/config/index.js';
import { MinilvbError } from '../../src/errors.js';
import {
  assertSecureServer,
  pushRoomServiceConfig,
  rsConfigToPush,
  showRoomServiceConfig,
} from '../../src/roomservice/client.js';
import { signAdminRequest } from '../../src/roomservice/push-wire.js';
import { verifyRoomService } from '../../src/roomservice/verify.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';
import { pushUrlFor, rsCall, rsLogin, rsRawConfig, rsImPerFile } from '../helpers/roomservice.js';
import { post, startTestServer, STORE_KINDS, type TestServer } from '../helpers/server-client.js';

const im = rsImPerFile();

async function refused(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof MinilvbError, String(err));
    assert.match(err.message, pattern);
    return true;
  });
}

describe.each(STORE_KINDS)('roomservice push/show on the %s store', (store) => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ store, raw: rsRawConfig(im().url) });
  });
  afterAll(async () => {
    await srv?.close();
  });
  const target = (adminToken: string = TEST_SECRETS.adminToken) => ({ server: srv.url, adminToken });

  it('refuses a push without the admin token, and a replayed one', async () => {
    const payload = rsConfigToPush(srv.config, true);
    await refused(pushRoomServiceConfig(target('not-the-token'), payload, true), /HTTP 401.*sign does not match/);
    const config = Buffer.from(JSON.stringify(payload)).toString('base64');
    const signed = signAdminRequest(
      TEST_SECRETS.adminToken,
      'set_config_info',
      config,
      Math.floor(srv.clock.now() / 1000),
    );
    const body = { config, version: 1, node: '1', ...signed };
    assert.equal((await post(srv.url, '/weapp/v1/api/set_config_info', body)).json.code, 0);
    const again = await post(srv.url, '/weapp/v1/api/set_config_info', body);
    assert.equal(again.status, 401);
    assert.match(String(again.json.message), /nonce already used/);
    const unsigned = await post(srv.url, '/weapp/v1/api/set_config_info', { config, version: 1 });
    assert.equal(unsigned.status, 401);
  });

  it('refuses a mismatched key pair and non-integers, naming each problem', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    const payload = {
      ...rsConfigToPush(srv.config, true),
      privateKey: other.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    await refused(pushRoomServiceConfig(target(), payload, true), /not a key pair/);
    await refused(
      pushRoomServiceConfig(
        target(),
        { ...payload, sdkAppId: '1400123456', bizId: 1.5, limits: { maxMembers: '4' } },
        true,
      ),
      /sdkAppId must be a positive integer.*bizId must be a positive integer.*limits\.maxMembers must be a positive integer/,
    );
  });

  it('stores a good config (0600), applies it without restart, and shows it masked with fingerprints', async () => {
    await refused(
      pushRoomServiceConfig(target(), { ...rsConfigToPush(srv.config, true), streamApi: 'fcgi' }, true),
      /streamApi must be none or legacy/,
    );
    const held = await pushRoomServiceConfig(
      target(),
      rsConfigToPush(srv.config, true, { maxMembers: 2 }, 'legacy'),
      true,
    );
    assert.equal(held.source, 'pushed');
    assert.equal(held.streamApi, 'legacy');
    if (store === 'embedded')
      assert.equal(statSync(join(srv.config.server.dataDir, 'roomservice.json')).mode & 0o777, 0o600);
    const users = await Promise.all(
      ['ap1', 'ap2', 'ap3'].map(async (u) => (await rsLogin(srv.url, `${u}_${store}`, 'v2')).user),
    );
    const codes = [];
    for (const [i, u] of users.entries())
      codes.push(
        (
          await rsCall(srv.url, 'multi_room', 'add_anchor', u, {
            roomID: `applied_${store}`,
            pushURL: pushUrlFor(`s${i}`),
          })
        ).json.code,
      );
    assert.deepEqual(codes, [0, 0, 5001]);
    const shown = await showRoomServiceConfig(target());
    const text = JSON.stringify(shown);
    for (const secret of [
      TEST_SECRETS.imSecretKey,
      TEST_SECRETS.pushKey,
      TEST_SECRETS.apiKey,
      TEST_SECRETS.imPrivateKey,
    ])
      assert.ok(!text.includes(secret), 'no secret in show');
    assert.match(String((shown.pushKey as { fingerprint: string }).fingerprint), /\S{6,}/);
    assert.equal((shown.limits as { maxMembers: number }).maxMembers, 2);
    assert.equal(shown.sdkAppId, 1400123456);
    // Without --with-private-key the server holds no IM private/secret key: get_login_info is off then.
    const noKeys = await pushRoomServiceConfig(target(), rsConfigToPush(srv.config, false), false);
    assert.equal(noKeys.getLoginInfo, false);
    assert.equal(noKeys.secretKey, undefined);
    await pushRoomServiceConfig(target(), rsConfigToPush(srv.config, true), true);
  });

  it('keeps the newest maxAudiencesLen audiences and counts the ones pushed out', async () => {
    await pushRoomServiceConfig(target(), rsConfigToPush(srv.config, true, { maxAudiencesLen: 2 }), true);
    try {
      const host = (await rsLogin(srv.url, `aud_h_${store}`, 'v2')).user;
      const roomID = `aud_${store}`;
      await rsCall(srv.url, 'live_room', 'add_pusher', host, { roomID, pushURL: pushUrlFor('8888_aud') });
      const viewers = [];
      for (const v of ['v1', 'v2', 'v3']) {
        const u = (await rsLogin(srv.url, `aud_${v}_${store}`, 'v2')).user;
        viewers.push(u);
        assert.equal((await rsCall(srv.url, 'live_room', 'add_audience', u, { roomID, userInfo: v })).json.code, 0);
        srv.clock.advance(0.01);
      }
      let list = await rsCall(srv.url, 'live_room', 'get_audiences', host, { roomID });
      assert.equal(list.json.audienceCount, 3);
      assert.deepEqual(
        (list.json.audiences as Array<{ userInfo: string }>).map((a) => a.userInfo),
        ['v2', 'v3'],
      );
      // The pushed-out first viewer leaving still lowers the count; a listed one leaves the list too.
      await rsCall(srv.url, 'live_room', 'delete_audience', viewers[0]!, { roomID });
      await rsCall(srv.url, 'live_room', 'delete_audience', viewers[2]!, { roomID });
      list = await rsCall(srv.url, 'live_room', 'get_audiences', host, { roomID });
      assert.equal(list.json.audienceCount, 1);
      assert.deepEqual(
        (list.json.audiences as Array<{ userInfo: string }>).map((a) => a.userInfo),
        ['v2'],
      );
    } finally {
      await pushRoomServiceConfig(target(), rsConfigToPush(srv.config, true), true);
    }
  });

  it('sends keys only over HTTPS or loopback', () => {
    assert.throws(() => assertSecureServer('http://live.example.com'), /only HTTPS or loopback/);
    assertSecureServer('https://live.example.com');
    assertSecureServer('http://127.0.0.1:8080');
  });
});

describe('roomservice verify', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ store: 'embedded', raw: rsRawConfig(im().url) });
  });
  afterAll(async () => {
    await srv?.close();
  });
  const cfg = (over: (c: MinilvbConfig) => MinilvbConfig = (c) => c): MinilvbConfig =>
    over(structuredClone(srv.config));
  const failedAt = (r: { steps: Array<{ id: string; status: string }> }): string[] =>
    r.steps.filter((s) => s.status === 'fail').map((s) => s.id);

  it('passes every step against a healthy server, with and without the admin token', async () => {
    for (const adminToken of [TEST_SECRETS.adminToken, undefined]) {
      const r = await verifyRoomService({ server: srv.url, config: cfg(), ...(adminToken ? { adminToken } : {}) });
      assert.equal(r.ok, true, JSON.stringify(r.steps));
      assert.deepEqual(
        r.steps.map((s) => s.id),
        ['usersig', 'login-v1', 'login-v2', 'room-list', 'bad-token', 'push-url', 'room', 'logout'],
      );
    }
  });

  it('fails at the step each broken configuration breaks', async () => {
    const wrongToken = await verifyRoomService({ server: srv.url, config: cfg(), adminToken: 'wrong' });
    assert.deepEqual(failedAt(wrongToken), ['usersig']);
    assert.equal(wrongToken.steps[1]?.status, 'skip');
    const wrongApp = await verifyRoomService({
      server: srv.url,
      config: cfg((c) => ({ ...c, im: { ...c.im, sdkAppId: 1400999999 } })),
      adminToken: TEST_SECRETS.adminToken,
    });
    assert.deepEqual(failedAt(wrongApp), ['usersig']);
    const wrongKey = await verifyRoomService({
      server: srv.url,
      config: cfg((c) => ({ ...c, im: { ...c.im, secretKey: 'f'.repeat(64) } })),
    });
    assert.deepEqual(failedAt(wrongKey), ['login-v1']);
    assert.match(String(wrongKey.steps[1]?.message), /code 7/);
    const wrongPush = await verifyRoomService({
      server: srv.url,
      config: cfg((c) => ({ ...c, lvb: { ...c.lvb, pushKey: 'X'.repeat(32) } })),
    });
    assert.deepEqual(failedAt(wrongPush), ['push-url']);
    im().state.failGroup = { create_group: [70009, 'bad admin sig'] };
    try {
      const imBroken = await verifyRoomService({ server: srv.url, config: cfg() });
      assert.deepEqual(failedAt(imBroken), ['room']);
      assert.equal(imBroken.steps.find((s) => s.id === 'room')?.code, 6);
    } finally {
      im().state.failGroup = undefined;
    }
    // Unreachable: the first step that asks the server fails (get_login_info, or login with a local UserSig).
    const down = await verifyRoomService({ server: 'http://127.0.0.1:9', config: cfg(), timeoutMs: 2000 });
    assert.deepEqual(failedAt(down), ['login-v1']);
    const downAdmin = await verifyRoomService({
      server: 'http://127.0.0.1:9',
      config: cfg(),
      adminToken: TEST_SECRETS.adminToken,
      timeoutMs: 2000,
    });
    assert.deepEqual(failedAt(downAdmin), ['usersig']);
  });
});

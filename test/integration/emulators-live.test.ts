/**
 * The Live API 3.0 emulator, driven by the real tencentcloud-sdk-nodejs live client: TC3
 * verification with the SDK's quirks, the envelope of docs/cloud-apis.md#api-envelope and AuthFailure
 * codes, the Describe and Modify actions, and faults that come back as typed failures.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { createLiveClient, type LiveClientOptions } from '../../src/cloud/live.js';
import { tc3Signature } from '../../src/sign/index.js';
import { healthyLiveState, STACK } from '../emulators/cloud-stack.js';
import type { RunningEmulator } from '../emulators/emulator-server.js';
import type { LiveEmulatorState } from '../emulators/live-emulator-state.js';
import { startLiveEmulator } from '../emulators/live-emulator.js';
import { freePort } from '../helpers/ports.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';

let emu: RunningEmulator<LiveEmulatorState>;

function opts(over: Partial<LiveClientOptions> = {}): LiveClientOptions {
  return {
    secretId: TEST_SECRETS.cloudSecretId,
    secretKey: TEST_SECRETS.cloudSecretKey,
    endpoint: emu.url,
    timeoutMs: 2000,
    ...over,
  };
}

function fail(r: { ok: boolean }): {
  code: string;
  message: string;
  httpStatus?: number;
  requestId?: string;
  network?: string;
  malformed?: boolean;
} {
  assert.equal(r.ok, false, `expected a failure, got ${JSON.stringify(r).slice(0, 300)}`);
  return r as never;
}

beforeAll(async () => {
  emu = await startLiveEmulator(healthyLiveState());
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  Object.assign(emu.state, healthyLiveState());
  emu.options.fault = 'none';
});

describe('Live emulator: actions', () => {
  it('lists domains with type, status and CNAME', async () => {
    const live = await createLiveClient(opts());
    const r = await live.describeLiveDomains();
    assert.ok(r.ok);
    assert.equal(r.allCount, 2);
    const push = r.domains.find((d) => d.Name === STACK.pushDomain);
    assert.equal(push?.Type, 0);
    assert.equal(push?.Status, 1);
    assert.equal(push?.CurrentCName, push?.TargetDomain);
    const onlyPlay = await live.describeLiveDomains({ DomainType: 1 });
    assert.ok(onlyPlay.ok);
    assert.deepEqual(
      onlyPlay.domains.map((d) => d.Name),
      [STACK.playDomain],
    );
  });

  it('returns and modifies the push and play auth keys; unknown domains are ResourceNotFound', async () => {
    const live = await createLiveClient(opts());
    const push = await live.describePushAuthKey(STACK.pushDomain);
    assert.ok(push.ok);
    assert.equal(push.info.MasterAuthKey, TEST_SECRETS.pushKey);
    assert.match(push.requestId ?? '', /^[0-9a-f-]{36}$/);
    const play = await live.describePlayAuthKey(STACK.playDomain);
    assert.ok(play.ok);
    assert.equal(play.info.AuthKey, TEST_SECRETS.playKey);
    assert.equal(fail(await live.describePushAuthKey('other.example.com')).code, 'ResourceNotFound.DomainNotExist');
    const { Client } = await import('tencentcloud-sdk-nodejs/tencentcloud/services/live/v20180801/live_client.js');
    const raw = new Client({
      credential: { secretId: TEST_SECRETS.cloudSecretId, secretKey: TEST_SECRETS.cloudSecretKey },
      region: '',
      profile: { httpProfile: { endpoint: emu.host, protocol: 'http://' } },
    });
    await raw.ModifyLivePushAuthKey({ DomainName: STACK.pushDomain, MasterAuthKey: TEST_SECRETS.playKey, Enable: 1 });
    const changed = await live.describePushAuthKey(STACK.pushDomain);
    assert.ok(changed.ok);
    assert.equal(changed.info.MasterAuthKey, TEST_SECRETS.playKey);
  });

  it('lists callback/record templates and rules, online streams and callback records', async () => {
    const live = await createLiveClient(opts());
    const ct = await live.describeCallbackTemplates();
    assert.ok(ct.ok);
    assert.equal(ct.templates[0]?.RecordNotifyUrl, `${STACK.serverUrl}/callback/tape_callback.php`);
    const cr = await live.describeCallbackRules();
    assert.ok(cr.ok);
    assert.deepEqual(
      cr.rules.map((r) => [r.DomainName, r.AppName, r.TemplateId]),
      [[STACK.pushDomain, 'live', 1001]],
    );
    const rt = await live.describeRecordTemplates();
    assert.ok(rt.ok);
    assert.equal(rt.templates[0]?.Mp4Param?.Enable, 1);
    const rr = await live.describeRecordRules();
    assert.ok(rr.ok);
    assert.equal(rr.rules[0]?.TemplateId, 2001);
    const online = await live.describeStreamOnlineList({ DomainName: STACK.pushDomain, AppName: 'live' });
    assert.ok(online.ok);
    assert.deepEqual(
      online.streams.map((s) => s.StreamName),
      [STACK.onlineStream],
    );
    const end = new Date();
    const start = new Date(end.getTime() - 3_600_000);
    const iso = (d: Date): string => d.toISOString().replace(/\.\d+Z$/, 'Z');
    const rec = await live.describeCallbackRecords({
      StartTime: iso(start),
      EndTime: iso(end),
      StreamName: STACK.onlineStream,
    });
    assert.ok(rec.ok);
    assert.equal(rec.total, 1);
    assert.equal(rec.records[0]?.ResultCode, 0);
    assert.equal(
      fail(
        await live.describeCallbackRecords({
          StartTime: iso(new Date(end.getTime() - 3 * 86_400_000)),
          EndTime: iso(end),
          StreamName: 'x',
        }),
      ).code,
      'InvalidParameter',
    );
  });

  it('answers InvalidAction for an action it does not know', async () => {
    const { Client } = await import('tencentcloud-sdk-nodejs/tencentcloud/services/live/v20180801/live_client.js');
    const raw = new Client({
      credential: { secretId: TEST_SECRETS.cloudSecretId, secretKey: TEST_SECRETS.cloudSecretKey },
      region: '',
      profile: { httpProfile: { endpoint: emu.host, protocol: 'http://' } },
    });
    await assert.rejects(raw.request('DescribeNothing', {}), (err: { code?: string }) => err.code === 'InvalidAction');
  });
});

describe('Live emulator: TC3 verification', () => {
  it('AuthFailure.SecretIdNotFound, SignatureFailure, SignatureExpire, UnauthorizedOperation, ResourceNotFound', async () => {
    assert.equal(
      fail(
        await (
          await createLiveClient(opts({ secretId: 'AKIDNopeNopeNopeNopeNopeNopeNopeNope' }))
        ).describeCallbackRules(),
      ).code,
      'AuthFailure.SecretIdNotFound',
    );
    assert.equal(
      fail(
        await (await createLiveClient(opts({ secretKey: 'WrongWrongWrongWrongWrongWrong00' }))).describeCallbackRules(),
      ).code,
      'AuthFailure.SignatureFailure',
    );
    emu.state.clockOffsetSec = 600;
    assert.equal(
      fail(await (await createLiveClient(opts())).describeCallbackRules()).code,
      'AuthFailure.SignatureExpire',
    );
    emu.state.clockOffsetSec = 0;
    emu.state.keys[0] = { ...emu.state.keys[0], allowedActions: ['DescribeLiveDomains'] } as never;
    const live = await createLiveClient(opts());
    assert.equal((await live.describeLiveDomains()).ok, true);
    assert.equal(fail(await live.describeCallbackRules()).code, 'AuthFailure.UnauthorizedOperation');
    emu.state.keys[0] = { secretId: TEST_SECRETS.cloudSecretId, secretKey: TEST_SECRETS.cloudSecretKey };
    emu.state.serviceActivated = false;
    assert.equal(fail(await live.describeLiveDomains()).code, 'ResourceNotFound');
  });

  it('takes service and date from the Credential scope (SDK quirk: localhost:PORT as the service)', async () => {
    const live = await createLiveClient(opts({ endpoint: `http://localhost:${emu.port}` }));
    assert.equal((await live.describeLiveDomains()).ok, true);
  });

  it('verifies the exact payload bytes and the port-less host of a hand-made request', async () => {
    const payload = '{"PageSize": 10, "Note": "\\u672a"}';
    const timestamp = Math.floor(Date.now() / 1000);
    const sig = tc3Signature({
      secretId: TEST_SECRETS.cloudSecretId,
      secretKey: TEST_SECRETS.cloudSecretKey,
      service: 'live',
      host: '127.0.0.1',
      timestamp,
      payload,
      contentType: 'application/json',
    });
    const headers = {
      'Content-Type': 'application/json',
      Authorization: sig.authorization,
      'X-TC-Action': 'DescribeLiveDomains',
      'X-TC-Version': '2018-08-01',
      'X-TC-Timestamp': String(timestamp),
    };
    const good = (await (await fetch(emu.url, { method: 'POST', headers, body: payload })).json()) as {
      Response: { AllCount?: number };
    };
    assert.equal(good.Response.AllCount, 2);
    const tampered = (await (
      await fetch(emu.url, { method: 'POST', headers, body: payload.replace('10', '11') })
    ).json()) as { Response: { Error?: { Code: string } } };
    assert.equal(tampered.Response.Error?.Code, 'AuthFailure.SignatureFailure');
  });
});

describe('Live emulator: faults become typed failures', () => {
  it('5xx, malformed JSON, reset, hang, refused, DNS', async () => {
    const live = await createLiveClient(opts({ timeoutMs: 1000 }));
    emu.options.fault = 'http-5xx';
    assert.equal(fail(await live.describeLiveDomains()).httpStatus, 502);
    emu.options.fault = 'malformed';
    assert.equal(fail(await live.describeLiveDomains()).malformed, true);
    emu.options.fault = 'reset';
    assert.equal(fail(await live.describeLiveDomains()).network, 'ECONNRESET');
    emu.options.fault = 'hang';
    emu.options.hangMs = 3000;
    assert.equal(fail(await live.describeLiveDomains()).network, 'ETIMEDOUT');
    assert.equal(
      fail(
        await (
          await createLiveClient(opts({ endpoint: `http://127.0.0.1:${await freePort()}` }))
        ).describeLiveDomains(),
      ).network,
      'ECONNREFUSED',
    );
    assert.equal(
      fail(await (await createLiveClient(opts({ endpoint: 'https://live.nowhere.invalid' }))).describeLiveDomains())
        .network,
      'ENOTFOUND',
    );
  });
});

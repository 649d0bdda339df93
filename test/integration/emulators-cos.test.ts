/**
 * The COS emulator, driven by the real cos-nodejs-sdk-v5 (through src/cloud/cos.ts and directly):
 * signature verification, buckets per region, ACL, CORS, objects, the real error bodies, and
 * injected faults that must come back as typed failures, never throws or hangs.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import COS from 'cos-nodejs-sdk-v5';
import { anonymousGet } from '../../src/cloud/cos-anonymous.js';
import { createCosClient, type CosClientOptions } from '../../src/cloud/cos.js';
import { cosKeyTime, cosSignKey } from '../../src/sign/index.js';
import { healthyCosState } from '../emulators/cloud-stack.js';
import { startCosEmulator } from '../emulators/cos-emulator.js';
import type { CosEmulatorState } from '../emulators/cos-emulator-state.js';
import type { RunningEmulator } from '../emulators/emulator-server.js';
import { freePort } from '../helpers/ports.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';

let emu: RunningEmulator<CosEmulatorState>;

function opts(over: Partial<CosClientOptions> = {}): CosClientOptions {
  return {
    secretId: TEST_SECRETS.cosSecretId,
    secretKey: TEST_SECRETS.cosSecretKey,
    appId: 1250000000,
    bucket: 'xiaozhibo',
    region: 'ap-guangzhou',
    endpoint: emu.host,
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
  assert.equal(r.ok, false, `expected a failure, got ${JSON.stringify(r)}`);
  return r as never;
}

beforeAll(async () => {
  emu = await startCosEmulator(healthyCosState());
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  const fresh = healthyCosState();
  emu.state.keys = fresh.keys;
  emu.state.buckets = fresh.buckets;
  emu.state.clockOffsetSec = 0;
  emu.options.fault = 'none';
});

describe('COS emulator: healthy bucket', () => {
  it('answers HEAD Bucket and lists buckets with their Location', async () => {
    const c = await createCosClient(opts());
    assert.equal(c.bucket, 'xiaozhibo-1250000000');
    const head = await c.headBucket();
    assert.equal(head.ok, true);
    const list = await c.listBuckets();
    assert.ok(list.ok);
    assert.deepEqual(list.buckets.map((b) => `${b.name}@${b.location}`).sort(), [
      'backup-1250000000@ap-shanghai',
      'xiaozhibo-1250000000@ap-guangzhou',
    ]);
    assert.match(list.requestId ?? '', /.{8,}/);
  });

  it('stores, reads and deletes an object whose key needs encoding', async () => {
    const c = await createCosClient(opts());
    const key = 'probe/头像 (1).txt';
    assert.equal((await c.putObject(key, 'hello', 'text/plain')).ok, true);
    const got = await c.getObject(key);
    assert.ok(got.ok);
    assert.equal(got.body.toString(), 'hello');
    assert.equal((await c.deleteObject(key)).ok, true);
    assert.equal(fail(await c.getObject(key)).code, 'NoSuchKey');
  });

  it('reports the ACL and CORS rules, and serves public-read objects anonymously', async () => {
    const c = await createCosClient(opts());
    const acl = await c.getBucketAcl();
    assert.ok(acl.ok);
    assert.equal(acl.publicRead, true);
    assert.equal(acl.publicWrite, false);
    const cors = await c.getBucketCors();
    assert.ok(cors.ok);
    assert.deepEqual(cors.rules[0]?.allowedMethods, ['GET', 'PUT', 'POST', 'HEAD']);
    await c.putObject('pub.txt', 'public!');
    const anon = await c.anonymousGet('pub.txt');
    assert.ok(anon.ok);
    assert.equal(anon.status, 200);
    assert.equal(anon.body.toString(), 'public!');
  });

  it('refuses anonymous reads of a private bucket with AccessDenied', async () => {
    (emu.state.buckets[0] as { acl: string }).acl = 'private';
    const c = await createCosClient(opts());
    await c.putObject('priv.txt', 'secret');
    const anon = await c.anonymousGet('priv.txt');
    assert.ok(anon.ok);
    assert.equal(anon.status, 403);
    assert.equal(anon.code, 'AccessDenied');
    const acl = await c.getBucketAcl();
    assert.ok(acl.ok);
    assert.equal(acl.publicRead, false);
  });

  it('accepts PUT Bucket acl and cors from the SDK and returns no CORS as an empty list', async () => {
    const sdk = new COS({
      SecretId: TEST_SECRETS.cosSecretId,
      SecretKey: TEST_SECRETS.cosSecretKey,
      Protocol: 'http:',
      Ip: emu.host,
      CorrectClockSkew: false,
      AutoSwitchHost: false,
    });
    const target = { Bucket: 'backup-1250000000', Region: 'ap-shanghai' };
    await sdk.putBucketAcl({ ...target, ACL: 'public-read' });
    const c = await createCosClient(opts({ bucket: 'backup', region: 'ap-shanghai' }));
    const none = await c.getBucketCors();
    assert.ok(none.ok);
    assert.deepEqual(none.rules, []);
    await sdk.putBucketCors({
      ...target,
      CORSRules: [
        { AllowedOrigin: ['https://a.example'], AllowedMethod: ['PUT'], AllowedHeader: ['*'], ExposeHeader: ['ETag'] },
      ],
    });
    const cors = await c.getBucketCors();
    assert.ok(cors.ok);
    assert.deepEqual(cors.rules[0]?.allowedOrigins, ['https://a.example']);
    const acl = await c.getBucketAcl();
    assert.ok(acl.ok && acl.publicRead);
  });

  it('accepts an upload signed with a /get_cos_sign signKey triple, like the app SDK', async () => {
    const now = Math.floor(Date.now() / 1000);
    const keyTime = cosKeyTime(now, 30);
    const signKey = cosSignKey(TEST_SECRETS.cosSecretKey, keyTime);
    const c = await createCosClient(opts({ secretKey: undefined, signKey: { signKey, keyTime } }));
    assert.equal((await c.putObject('app/123.jpg', Buffer.from([1, 2, 3]), 'image/jpeg')).ok, true);
    assert.equal(emu.state.buckets[0]?.objects.get('app/123.jpg')?.body.length, 3);
    const stale = cosKeyTime(now - 120, 30);
    const old = await createCosClient(
      opts({
        secretKey: undefined,
        signKey: { signKey: cosSignKey(TEST_SECRETS.cosSecretKey, stale), keyTime: stale },
      }),
    );
    const f = fail(await old.putObject('app/124.jpg', 'x'));
    assert.equal(f.code, 'AccessDenied');
    assert.equal(f.message, 'Request has expired');
  });
});

describe('COS emulator: the real error codes', () => {
  it('InvalidAccessKeyId for an unknown SecretId, with the request id kept', async () => {
    const f = fail(
      await (await createCosClient(opts({ secretId: 'AKIDUnknownUnknownUnknownUnknown0000' }))).listBuckets(),
    );
    assert.equal(f.code, 'InvalidAccessKeyId');
    assert.equal(f.httpStatus, 403);
    assert.match(f.requestId ?? '', /.{8,}/);
  });

  it('SignatureDoesNotMatch for a wrong SecretKey; HEAD gives only the status', async () => {
    const c = await createCosClient(opts({ secretKey: 'WrongWrongWrongWrongWrongWrong00' }));
    assert.equal(fail(await c.listBuckets()).code, 'SignatureDoesNotMatch');
    const head = fail(await c.headBucket());
    assert.equal(head.code, '403');
    assert.equal(head.httpStatus, 403);
  });

  it('NoSuchBucket for a wrong region, a wrong APPID and a wrong name', async () => {
    assert.equal(
      fail(await (await createCosClient(opts({ region: 'ap-shanghai' }))).getBucketAcl()).code,
      'NoSuchBucket',
    );
    assert.equal(fail(await (await createCosClient(opts({ region: 'ap-shanghai' }))).headBucket()).httpStatus, 404);
    assert.equal(fail(await (await createCosClient(opts({ bucket: 'nosuch' }))).getBucketAcl()).code, 'NoSuchBucket');
  });

  it("AccessDenied for another account's bucket and for a key without permission", async () => {
    emu.state.buckets.push({ ...emu.state.buckets[0], name: 'xiaozhibo-1250000001', objects: new Map() } as never);
    assert.equal(fail(await (await createCosClient(opts({ appId: 1250000001 }))).getBucketAcl()).code, 'AccessDenied');
    (emu.state.keys[0] as { denyBuckets?: string[] }).denyBuckets = ['xiaozhibo-1250000000'];
    assert.equal(fail(await (await createCosClient(opts())).getBucketAcl()).code, 'AccessDenied');
  });

  it('expired and not-yet-valid signatures when the cloud clock differs', async () => {
    emu.state.clockOffsetSec = 3600;
    const late = fail(await (await createCosClient(opts())).listBuckets());
    assert.equal(late.code, 'AccessDenied');
    assert.equal(late.message, 'Request has expired');
    emu.state.clockOffsetSec = -3600;
    assert.equal(fail(await (await createCosClient(opts())).listBuckets()).code, 'RequestTimeTooSkewed');
  });

  it('InvalidBucketName for a name COS cannot hold (the SDK refuses it first; the emulator too)', async () => {
    assert.equal(
      fail(await (await createCosClient(opts({ bucket: 'Bad_Name' }))).getBucketAcl()).code,
      'InvalidBucketName',
    );
    const raw = await anonymousGet({
      host: 'bad_name-1250000000.cos.ap-guangzhou.myqcloud.com',
      key: 'x',
      endpoint: emu.host,
      timeoutMs: 2000,
    });
    assert.ok(raw.ok);
    assert.equal(raw.status, 400);
    assert.equal(raw.code, 'InvalidBucketName');
  });
});

describe('COS emulator: faults become typed failures', () => {
  it('5xx, malformed XML, reset and hang', async () => {
    const c = await createCosClient(opts({ timeoutMs: 1200 }));
    emu.options.fault = 'http-5xx';
    assert.equal(fail(await c.listBuckets()).httpStatus, 502);
    emu.options.fault = 'malformed';
    assert.equal(fail(await c.listBuckets()).malformed, true);
    emu.options.fault = 'reset';
    assert.equal(fail(await c.listBuckets()).network, 'ECONNRESET');
    emu.options.fault = 'hang';
    emu.options.hangMs = 4000;
    assert.equal(fail(await c.headBucket()).network, 'ETIMEDOUT');
  });

  it('connection refused and DNS failure', async () => {
    assert.equal(
      fail(await (await createCosClient(opts({ endpoint: `127.0.0.1:${await freePort()}` }))).headBucket()).network,
      'ECONNREFUSED',
    );
    assert.equal(
      fail(await (await createCosClient(opts({ endpoint: 'cos.nowhere.invalid:80' }))).headBucket()).network,
      'ENOTFOUND',
    );
  });

  it('latency is added to every request', async () => {
    emu.options.latencyMs = 50;
    const before = emu.requestCount;
    assert.equal((await (await createCosClient(opts())).headBucket()).ok, true);
    assert.equal(emu.requestCount, before + 1);
    emu.options.latencyMs = 0;
  });
});

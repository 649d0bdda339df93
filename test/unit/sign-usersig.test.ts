/** UserSig v1/v2: generate → decode → verify, every failure reason, and the npm tls-sig-api-v2 cross-check. */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { decodeUserSig, genUserSigV1, genUserSigV2, UserSigDecodeError, verifyUserSig } from '../../src/sign/index.js';
import { TEST_IM_PUBLIC_KEY, TEST_SECRETS } from '../helpers/fixtures.js';

const APP = 1400123456;
const KEY = TEST_SECRETS.imSecretKey;
const NOW = 1700000000;

interface TlsSigApi {
  Api: new (
    sdkappid: number,
    key: string,
  ) => {
    genSig(userid: string, expire: number, userBuf: null): string;
    genUserSig(userid: string, expire: number): string;
  };
}
const TLSSigAPIv2 = createRequire(import.meta.url)('tls-sig-api-v2') as TlsSigApi;

function wrap(doc: unknown): string {
  return deflateSync(Buffer.from(JSON.stringify(doc)))
    .toString('base64')
    .replace(/\+/g, '*')
    .replace(/\//g, '-')
    .replace(/=/g, '_');
}

describe('UserSig v2', () => {
  it('round-trips gen → decode → verify with the Node key order and the number types of §2.1', () => {
    const sig = genUserSigV2({ sdkAppId: APP, secretKey: KEY, userId: 'jacqiu', expireSeconds: 86400, now: NOW });
    const d = decodeUserSig(sig);
    assert.equal(d.version, 'v2');
    assert.equal(d.identifier, 'jacqiu');
    assert.equal(d.sdkAppId, APP);
    assert.equal(d.issuedAt, NOW);
    assert.equal(d.expiresAt, NOW + 86400);
    assert.deepEqual(Object.keys(d.raw), [
      'TLS.ver',
      'TLS.identifier',
      'TLS.sdkappid',
      'TLS.time',
      'TLS.expire',
      'TLS.sig',
    ]);
    assert.equal(typeof d.raw['TLS.sdkappid'], 'number');
    assert.equal(d.sig.length, 44);
    assert.equal(
      Buffer.from(sig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '='), 'base64')
        .subarray(0, 2)
        .toString('hex'),
      '789c',
    );
    const v = verifyUserSig(sig, { sdkAppId: APP, secretKey: KEY, userId: 'jacqiu', now: NOW + 100 });
    assert.equal(v.ok, true, v.message);
    assert.equal(v.reason, undefined);
  });
  it('uses the 180-day default validity', () => {
    assert.equal(
      decodeUserSig(genUserSigV2({ sdkAppId: APP, secretKey: KEY, userId: 'u1', now: NOW })).expireSeconds,
      15552000,
    );
  });
  it('signs a userbuf into the content', () => {
    const sig = genUserSigV2({
      sdkAppId: APP,
      secretKey: KEY,
      userId: 'u1',
      now: NOW,
      userBuf: Buffer.from([1, 2, 3]),
    });
    const d = decodeUserSig(sig);
    assert.equal(d.userBuf, 'AQID');
    assert.equal(verifyUserSig(sig, { sdkAppId: APP, secretKey: KEY, now: NOW }).ok, true);
  });
  it('is valid through now = time + expire and expired one second later (70001)', () => {
    const sig = genUserSigV2({ sdkAppId: APP, secretKey: KEY, userId: 'u1', expireSeconds: 60, now: NOW });
    assert.equal(verifyUserSig(sig, { sdkAppId: APP, secretKey: KEY, now: NOW + 60 }).ok, true);
    const v = verifyUserSig(sig, { sdkAppId: APP, secretKey: KEY, now: NOW + 61 });
    assert.equal(v.ok, false);
    assert.equal(v.reason, 'expired');
    assert.equal(v.imErrorCode, 70001);
  });
  it('reports another SDKAppID as 70014', () => {
    const sig = genUserSigV2({ sdkAppId: APP, secretKey: KEY, userId: 'u1', now: NOW });
    const v = verifyUserSig(sig, { sdkAppId: 1400999999, secretKey: KEY, now: NOW });
    assert.equal(v.reason, 'sdkappid-mismatch');
    assert.equal(v.imErrorCode, 70014);
    assert.match(v.message, /1400123456/);
  });
  it('reports a wrong key as bad-signature 70009', () => {
    const sig = genUserSigV2({ sdkAppId: APP, secretKey: KEY, userId: 'u1', now: NOW });
    const v = verifyUserSig(sig, { sdkAppId: APP, secretKey: `${KEY.slice(0, -1)}1`, now: NOW });
    assert.equal(v.reason, 'bad-signature');
    assert.equal(v.imErrorCode, 70009);
  });
  it('reports an altered field (identity swapped, HMAC kept) as bad-signature', () => {
    const d = decodeUserSig(genUserSigV2({ sdkAppId: APP, secretKey: KEY, userId: 'u1', now: NOW }));
    const forged = wrap({ ...d.raw, 'TLS.identifier': 'admin' });
    assert.equal(verifyUserSig(forged, { sdkAppId: APP, secretKey: KEY, now: NOW }).reason, 'bad-signature');
  });
  it('reports another user as identifier-mismatch 70013', () => {
    const sig = genUserSigV2({ sdkAppId: APP, secretKey: KEY, userId: 'u1', now: NOW });
    const v = verifyUserSig(sig, { sdkAppId: APP, secretKey: KEY, userId: 'u2', now: NOW });
    assert.equal(v.reason, 'identifier-mismatch');
    assert.equal(v.imErrorCode, 70013);
  });
  it('accepts the PHP key order and escaped slashes', () => {
    const d = decodeUserSig(genUserSigV2({ sdkAppId: APP, secretKey: KEY, userId: 'u1', now: NOW }));
    const phpJson = `{"TLS.ver":"2.0","TLS.identifier":"u1","TLS.sdkappid":${APP},"TLS.expire":${d.expireSeconds},"TLS.time":${NOW},"TLS.sig":"${d.sig.replace(/\//g, '\\/')}"}`;
    const sig = deflateSync(Buffer.from(phpJson))
      .toString('base64')
      .replace(/\+/g, '*')
      .replace(/\//g, '-')
      .replace(/=/g, '_');
    assert.equal(verifyUserSig(sig, { sdkAppId: APP, secretKey: KEY, now: NOW }).ok, true);
  });
  it('says no-key when nothing can verify it, and wrong-version when only a v1 public key is configured', () => {
    const sig = genUserSigV2({ sdkAppId: APP, secretKey: KEY, userId: 'u1', now: NOW });
    const none = verifyUserSig(sig, { sdkAppId: APP, now: NOW });
    assert.equal(none.reason, 'no-key');
    assert.equal(none.imErrorCode, undefined);
    assert.equal(none.decoded?.identifier, 'u1');
    assert.equal(
      verifyUserSig(sig, { sdkAppId: APP, publicKeyPem: TEST_IM_PUBLIC_KEY, now: NOW }).reason,
      'wrong-version',
    );
  });
});

describe('UserSig from the npm tls-sig-api-v2 library', () => {
  it('decodes and verifies with our code', () => {
    const before = Math.floor(Date.now() / 1000);
    const sig = new TLSSigAPIv2.Api(APP, KEY).genSig('jacqiu', 3600, null);
    const d = decodeUserSig(sig);
    assert.equal(d.version, 'v2');
    assert.equal(d.identifier, 'jacqiu');
    assert.equal(d.expireSeconds, 3600);
    assert.ok(d.issuedAt >= before && d.issuedAt <= before + 5);
    assert.equal(verifyUserSig(sig, { sdkAppId: APP, secretKey: KEY, userId: 'jacqiu', now: d.issuedAt }).ok, true);
    assert.equal(
      verifyUserSig(sig, { sdkAppId: APP, secretKey: TEST_SECRETS.pushKey, now: d.issuedAt }).reason,
      'bad-signature',
    );
  });
  it('produces the same HMAC as our generator for the same inputs', () => {
    const lib = decodeUserSig(new TLSSigAPIv2.Api(APP, KEY).genUserSig('bob', 600));
    const ours = decodeUserSig(
      genUserSigV2({ sdkAppId: APP, secretKey: KEY, userId: 'bob', expireSeconds: 600, now: lib.issuedAt }),
    );
    assert.equal(ours.sig, lib.sig);
    assert.deepEqual(ours.raw, lib.raw);
  });
});

describe('UserSig v1 (ECDSA secp256k1)', () => {
  it('round-trips with all-string JSON and a DER signature', () => {
    const sig = genUserSigV1({
      sdkAppId: 1400012345,
      accountType: '18647',
      privateKeyPem: TEST_SECRETS.imPrivateKey,
      userId: 'jacqiu',
      expireSeconds: 3600,
      now: NOW,
    });
    const d = decodeUserSig(sig);
    assert.equal(d.version, 'v1');
    if (d.version !== 'v1') return;
    assert.equal(d.accountType, '18647');
    assert.equal(d.sdkAppId, 1400012345);
    assert.equal(d.libVersion, '201610110000');
    assert.equal(d.appIdAt3rd, '0');
    for (const [k, v] of Object.entries(d.raw)) assert.equal(typeof v, 'string', k);
    assert.match(d.sig, /^ME/);
    assert.equal(
      verifyUserSig(sig, { sdkAppId: 1400012345, publicKeyPem: TEST_IM_PUBLIC_KEY, userId: 'jacqiu', now: NOW + 3600 })
        .ok,
      true,
    );
  });
  it('fails with another key pair (70009), expires (70001), and is wrong-version for a v2-only config', () => {
    const sig = genUserSigV1({
      sdkAppId: 1400012345,
      accountType: '18647',
      privateKeyPem: TEST_SECRETS.imPrivateKey,
      userId: 'jacqiu',
      expireSeconds: 3600,
      now: NOW,
    });
    const other = generateKeyPairSync('ec', { namedCurve: 'secp256k1' })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const bad = verifyUserSig(sig, { sdkAppId: 1400012345, publicKeyPem: other, now: NOW });
    assert.equal(bad.reason, 'bad-signature');
    assert.equal(bad.imErrorCode, 70009);
    const old = verifyUserSig(sig, { sdkAppId: 1400012345, publicKeyPem: TEST_IM_PUBLIC_KEY, now: NOW + 3601 });
    assert.equal(old.reason, 'expired');
    const v2only = verifyUserSig(sig, { sdkAppId: 1400012345, secretKey: KEY, now: NOW });
    assert.equal(v2only.reason, 'wrong-version');
    assert.equal(v2only.imErrorCode, 70009);
  });
  it('rejects a private key that is not EC with an InputError', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    assert.throws(
      () => genUserSigV1({ sdkAppId: 1, accountType: '0', privateKeyPem: rsa, userId: 'u', now: NOW }),
      InputError,
    );
    assert.throws(
      () => genUserSigV1({ sdkAppId: 1, accountType: '0', privateKeyPem: 'not a pem', userId: 'u', now: NOW }),
      InputError,
    );
  });
});

describe('UserSig decoding failures', () => {
  const good = genUserSigV2({ sdkAppId: APP, secretKey: KEY, userId: 'u1', now: NOW });
  const step = (sig: string): string => {
    try {
      decodeUserSig(sig);
    } catch (err) {
      assert.ok(err instanceof UserSigDecodeError);
      assert.ok(err instanceof InputError);
      return err.step;
    }
    return 'none';
  };
  it('names the base64 step for characters outside the alphabet and for empty input', () => {
    assert.equal(step('eJ#!$'), 'base64');
    assert.equal(step('   '), 'base64');
  });
  it('names the zlib step for a truncated string', () => {
    assert.equal(step(good.slice(0, Math.floor(good.length / 2))), 'zlib');
    assert.equal(step('aGVsbG8gd29ybGQ_'), 'zlib');
  });
  it('names the json step for compressed non-JSON', () => {
    assert.equal(step(deflateSync(Buffer.from('hello')).toString('base64')), 'json');
  });
  it('names the fields step for JSON that is not a UserSig or lacks fields', () => {
    assert.equal(step(wrap({ hello: 1 })), 'fields');
    assert.equal(step(wrap({ 'TLS.ver': '2.0', 'TLS.identifier': 'u' })), 'fields');
  });
  it('verify maps every decode failure to garbled 70003', () => {
    const v = verifyUserSig(good.slice(0, 40), { sdkAppId: APP, secretKey: KEY, now: NOW });
    assert.equal(v.reason, 'garbled');
    assert.equal(v.imErrorCode, 70003);
    assert.match(v.message, /zlib/);
  });
  it('decodes the envelope the same way Node inflate does (sanity of the test helper)', () => {
    assert.deepEqual(
      JSON.parse(
        inflateSync(
          Buffer.from(wrap({ a: 1 }).replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '='), 'base64'),
        ).toString(),
      ),
      { a: 1 },
    );
  });
});

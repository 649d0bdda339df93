/** Verifiers used by the server and emulators: callback sign, Liteav-Sig, COS Authorization, TC3, v4 and VOD. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'vitest';
import {
  callbackSign,
  cosAuthorization,
  cosKeyTime,
  cosSignKey,
  cosSdkSignsHeader,
  cosV4Sign,
  liteavSig,
  parseCosAuthorization,
  parseTc3Authorization,
  tc3Signature,
  verifyCallbackSign,
  verifyCosAuthorization,
  verifyLiteavSig,
  vodUploadSignature,
} from '../../src/sign/index.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';

describe('verifyCallbackSign', () => {
  const sign = callbackSign(TEST_SECRETS.apiKey, 1545030873);
  it('accepts the right sign in either case, t as number or decimal string', () => {
    assert.equal(verifyCallbackSign(TEST_SECRETS.apiKey, 1545030873, sign), true);
    assert.equal(verifyCallbackSign(TEST_SECRETS.apiKey, '1545030873', sign.toUpperCase()), true);
  });
  it('rejects non-strings, wrong lengths, non-hex, other t and other keys', () => {
    for (const bad of [true, 0, null, undefined, sign.slice(1), `${sign}0`, `${sign.slice(0, 31)}g`])
      assert.equal(verifyCallbackSign(TEST_SECRETS.apiKey, 1545030873, bad), false, String(bad));
    assert.equal(verifyCallbackSign(TEST_SECRETS.apiKey, 1545030874, sign), false);
    assert.equal(verifyCallbackSign(TEST_SECRETS.pushKey, 1545030873, sign), false);
    assert.equal(verifyCallbackSign(TEST_SECRETS.apiKey, 1.5e9 + 0.5, sign), false);
    assert.equal(verifyCallbackSign(TEST_SECRETS.apiKey, '1e9', sign), false);
  });
});

describe('verifyLiteavSig', () => {
  const body = '{"userid":"jacqiu","timestamp":1512890037,"expires":10}';
  it('accepts the header for the exact bytes, case-insensitively, for string or Buffer bodies', () => {
    const h = liteavSig('tok', body);
    assert.equal(verifyLiteavSig('tok', Buffer.from(body), h.toUpperCase()), true);
  });
  it('rejects another body, another token, a missing or malformed header', () => {
    const h = liteavSig('tok', body);
    assert.equal(verifyLiteavSig('tok', `${body} `, h), false);
    assert.equal(verifyLiteavSig('tok2', body, h), false);
    assert.equal(verifyLiteavSig('tok', body, undefined), false);
    assert.equal(verifyLiteavSig('tok', body, 'xyz'), false);
  });
});

describe('COS Authorization parse and verify (for the emulator)', () => {
  const now = 1700000000;
  const keyTime = cosKeyTime(now - 1, 900);
  const headers = {
    Host: 'xiaozhibo-1250000000.cos.ap-guangzhou.myqcloud.com',
    'Content-Type': 'image/jpeg',
    'x-cos-meta-a': 'b c',
  };
  const query: Array<[string, string]> = [
    ['uploads', ''],
    ['prefix', 'a/b'],
  ];
  const auth = cosAuthorization({
    secretId: TEST_SECRETS.cosSecretId,
    secretKey: TEST_SECRETS.cosSecretKey,
    keyTime,
    method: 'POST',
    pathname: '/jacqiu/1',
    query,
    headers,
  });
  it('parses every pair', () => {
    const p = parseCosAuthorization(auth.authorization);
    assert.equal(p.secretId, TEST_SECRETS.cosSecretId);
    assert.equal(p.keyTime, keyTime);
    assert.deepEqual(p.headerList, ['content-type', 'host', 'x-cos-meta-a']);
    assert.deepEqual(p.urlParamList, ['prefix', 'uploads']);
    assert.equal(p.signature, auth.signature);
    assert.throws(() => parseCosAuthorization('q-sign-algorithm=sha1&q-ak=x'), /lacks/);
  });
  it('verifies the request, ignoring unsigned extra headers and parameters', () => {
    const r = verifyCosAuthorization({
      authorization: auth.authorization,
      secretKey: TEST_SECRETS.cosSecretKey,
      method: 'POST',
      pathname: '/jacqiu/1',
      query: [...query, ['extra', '1']],
      headers: {
        ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
        'user-agent': 'x',
      },
      now,
    });
    assert.deepEqual(r, { ok: true, secretId: TEST_SECRETS.cosSecretId });
  });
  it('verifies a signature made from the /get_cos_sign signKey', () => {
    const kt = cosKeyTime(now, 30);
    const a = cosAuthorization({
      secretId: TEST_SECRETS.cosSecretId,
      signKey: cosSignKey(TEST_SECRETS.cosSecretKey, kt),
      keyTime: kt,
      method: 'PUT',
      pathname: '/u/1',
      headers: { host: 'h' },
    });
    assert.equal(
      verifyCosAuthorization({
        authorization: a.authorization,
        secretKey: TEST_SECRETS.cosSecretKey,
        method: 'PUT',
        pathname: '/u/1',
        query: [],
        headers: { host: 'h' },
        now: now + 30,
      }).ok,
      true,
    );
  });
  it('rejects a changed path, a wrong key, and an expired key time', () => {
    const base = { authorization: auth.authorization, method: 'POST', query, headers, now };
    const r1 = verifyCosAuthorization({ ...base, secretKey: TEST_SECRETS.cosSecretKey, pathname: '/jacqiu/2' });
    assert.equal(r1.ok ? 'ok' : r1.code, 'SignatureDoesNotMatch');
    const r2 = verifyCosAuthorization({ ...base, secretKey: TEST_SECRETS.cloudSecretKey, pathname: '/jacqiu/1' });
    assert.equal(r2.ok ? 'ok' : r2.code, 'SignatureDoesNotMatch');
    const r3 = verifyCosAuthorization({
      ...base,
      secretKey: TEST_SECRETS.cosSecretKey,
      pathname: '/jacqiu/1',
      now: now + 1000,
    });
    assert.equal(r3.ok ? 'ok' : r3.code, 'RequestTimeTooSkewed');
  });
  it('knows which headers the SDK signs', () => {
    assert.equal(cosSdkSignsHeader('Content-MD5'), true);
    assert.equal(cosSdkSignsHeader('x-cos-acl'), true);
    assert.equal(cosSdkSignsHeader('Date'), false);
    assert.equal(cosSdkSignsHeader('User-Agent'), false);
  });
});

describe('TC3 parse', () => {
  it('round-trips an Authorization header', () => {
    const t = tc3Signature({
      secretId: TEST_SECRETS.cloudSecretId,
      secretKey: TEST_SECRETS.cloudSecretKey,
      service: 'live',
      host: 'live.tencentcloudapi.com',
      timestamp: 1700000000,
      payload: '{}',
      contentType: 'application/json',
    });
    assert.deepEqual(parseTc3Authorization(t.authorization), {
      secretId: TEST_SECRETS.cloudSecretId,
      date: '2023-11-14',
      service: 'live',
      signedHeaders: 'content-type;host',
      signature: t.signature,
    });
    assert.equal(parseTc3Authorization('Bearer x'), undefined);
  });
});

describe('HMAC ‖ Original signatures (COS v4 §3.4, VOD §6)', () => {
  it('cosV4Sign = base64(HMAC-SHA1 ‖ Original)', () => {
    const raw = Buffer.from(
      cosV4Sign({
        appId: 1250000000,
        bucket: 'xiaozhibo',
        secretId: 'AKIDx',
        secretKey: 'k',
        expiredTime: 1700003600,
        now: 1700000000,
        rand: 42,
      }),
      'base64',
    );
    const original = 'a=1250000000&b=xiaozhibo&k=AKIDx&e=1700003600&t=1700000000&r=42&f=';
    assert.equal(raw.subarray(20).toString(), original);
    assert.deepEqual(raw.subarray(0, 20), createHmac('sha1', 'k').update(original).digest());
  });
  it('vodUploadSignature uses http_build_query order and encoding', () => {
    const raw = Buffer.from(
      vodUploadSignature({ secretId: 'AKIDx', secretKey: 'k', now: 1700000000, random: 7 }),
      'base64',
    );
    const original =
      'secretId=AKIDx&currentTimeStamp=1700000000&expireTime=1700086400&procedure=XIAOZHIBO-DEFAULT&random=7';
    assert.equal(raw.subarray(20).toString(), original);
    assert.deepEqual(raw.subarray(0, 20), createHmac('sha1', 'k').update(original).digest());
  });
});

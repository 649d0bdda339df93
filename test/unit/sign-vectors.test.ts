/** Every known-answer vector of docs/signing.md, recomputed by src/sign. */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import {
  antiLeechSecret,
  callbackSign,
  clientPasswordHash,
  cosAuthorization,
  cosKeyTime,
  cosSignKey,
  liteavSig,
  pushUrl,
  roomServiceSign,
  tc3Signature,
  txTimeHex,
} from '../../src/sign/index.js';

describe('anti-leech official vector (signing.md §1.2)', () => {
  it('writes txTime in uppercase hex', () => {
    assert.equal(txTimeHex(1546064025), '5C271099');
  });
  it('computes txSecret = md5(KEY + StreamName + txTime)', () => {
    assert.equal(
      antiLeechSecret('e12c46f2612d5106e2034781ab261ca3', 'test', '5C271099'),
      'f85a2ab363fe4deaffef9754d79da6fe',
    );
  });
  it('gives a different secret for the lowercase txTime counterexample', () => {
    assert.equal(
      antiLeechSecret('e12c46f2612d5106e2034781ab261ca3', 'test', '5c271099'),
      '9603387445825a481e6b7496aced5746',
    );
  });
  it('builds the official URL', () => {
    const u = pushUrl({
      pushDomain: 'livepush.tcloud.com',
      stream: 'test',
      key: 'e12c46f2612d5106e2034781ab261ca3',
      expiresAt: 1546064025,
    });
    assert.equal(
      u.url,
      'rtmp://livepush.tcloud.com/live/test?txSecret=f85a2ab363fe4deaffef9754d79da6fe&txTime=5C271099',
    );
  });
});

const SECRET_ID = 'AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q';
const SECRET_KEY = 'BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz';
const PATH = '/exampleobject(腾讯云)';

describe('COS v5 official vectors (signing.md §3.1)', () => {
  it('vector A: PUT Object', () => {
    const a = cosAuthorization({
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      keyTime: '1557989151;1557996351',
      method: 'PUT',
      pathname: PATH,
      headers: {
        'Content-Length': '13',
        'Content-MD5': 'mQ/fVh815F3k6TAUm8m0eg==',
        'Content-Type': 'text/plain',
        Date: 'Thu, 16 May 2019 06:45:51 GMT',
        Host: 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com',
        'x-cos-acl': 'private',
        'x-cos-grant-read': 'uin="100000000011"',
      },
    });
    assert.equal(a.signKey, 'eb2519b498b02ac213cb1f3d1a3d27a3b3c9bc5f');
    assert.equal(a.headerList, 'content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read');
    assert.equal(a.urlParamList, '');
    assert.equal(a.httpStringSha1, '8b2751e77f43a0995d6e9eb9477f4b685cca4172');
    assert.equal(a.signature, '3b8851a11a569213c17ba8fa7dcf2abec6935172');
    assert.equal(
      a.authorization,
      `q-sign-algorithm=sha1&q-ak=${SECRET_ID}&q-sign-time=1557989151;1557996351&q-key-time=1557989151;1557996351` +
        '&q-header-list=content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read&q-url-param-list=&q-signature=3b8851a11a569213c17ba8fa7dcf2abec6935172',
    );
  });
  it('vector B: GET Object with query parameters', () => {
    const b = cosAuthorization({
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      keyTime: '1557989753;1557996953',
      method: 'GET',
      pathname: PATH,
      query: { 'response-content-type': 'application/octet-stream', 'response-cache-control': 'max-age=600' },
      headers: { Date: 'Thu, 16 May 2019 06:55:53 GMT', Host: 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com' },
    });
    assert.equal(b.signKey, '937914bf490e9e8c189836aad2052e4feeb35eaf');
    assert.equal(b.headerList, 'date;host');
    assert.equal(b.urlParamList, 'response-cache-control;response-content-type');
    assert.equal(b.httpStringSha1, '54ecfe22f59d3514fdc764b87a32d8133ea611e6');
    assert.equal(b.signature, '01681b8c9d798a678e43b685a9f1bba0f6c0e012');
  });
  it('vector A signed from the signKey alone (as the app SDK does with /get_cos_sign output)', () => {
    const a = cosAuthorization({
      secretId: SECRET_ID,
      signKey: 'eb2519b498b02ac213cb1f3d1a3d27a3b3c9bc5f',
      keyTime: '1557989151;1557996351',
      method: 'PUT',
      pathname: PATH,
      headers: [
        ['Content-Length', '13'],
        ['Content-MD5', 'mQ/fVh815F3k6TAUm8m0eg=='],
        ['Content-Type', 'text/plain'],
        ['Date', 'Thu, 16 May 2019 06:45:51 GMT'],
        ['Host', 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com'],
        ['x-cos-acl', 'private'],
        ['x-cos-grant-read', 'uin="100000000011"'],
      ],
    });
    assert.equal(a.signature, '3b8851a11a569213c17ba8fa7dcf2abec6935172');
  });
});

describe('/get_cos_sign example (signing.md §3.2)', () => {
  it('keyTime now;now+30 and signKey', () => {
    const keyTime = cosKeyTime(1557989151, 30);
    assert.equal(keyTime, '1557989151;1557989181');
    assert.equal(cosSignKey(SECRET_KEY, keyTime), 'df164a72bfa70ce433ff01f68196cc42bb9898ee');
  });
});

describe('TC3-HMAC-SHA256 official vector (signing.md §4)', () => {
  it('reproduces every intermediate value', () => {
    const payload = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
    const t = tc3Signature({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      service: 'cvm',
      host: 'cvm.tencentcloudapi.com',
      action: 'DescribeInstances',
      timestamp: 1551113065,
      payload,
      contentType: 'application/json; charset=utf-8',
    });
    assert.ok(t.canonicalRequest.endsWith('35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064'));
    assert.equal(t.canonicalRequestHash, '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031');
    assert.equal(t.credentialScope, '2019-02-25/cvm/tc3_request');
    assert.equal(t.signature, '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
    assert.equal(
      t.authorization,
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });
});

describe('app and server signatures (signing.md §5, §7, §8)', () => {
  it('RoomService sign example', () => {
    assert.equal(
      roomServiceSign('0123456789abcdef0123456789abcdef', 1515134506, 'jacqiu'),
      '0b358d5ad996bc999cf04252bf99dcdd',
    );
  });
  it('Liteav-Sig example', () => {
    assert.equal(
      liteavSig('123456789', '{"userid":"jacqiu","timestamp":1512890037,"expires":10,"index":0,"count":20}'),
      'c8df92f35df00a4824970d979bdc8627',
    );
  });
  it('client password hash example', () => {
    assert.equal(clientPasswordHash('12345678', 'jacqiu'), '1cd7c7346932189a53b2b9e5284e5ea4');
  });
  it('callback sign example', () => {
    assert.equal(callbackSign('testcallbackkey', 1545030873), '18c75eec6b07f556a4da3a9cb78b6709');
    assert.equal(callbackSign('testcallbackkey', '1545030873'), '18c75eec6b07f556a4da3a9cb78b6709');
  });
});

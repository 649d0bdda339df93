/** Push and play URLs in both forms (docs/signing.md#legacy-bizid-form, #own-domains). */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { antiLeechSecret, playUrls, pushUrl, txTimeHex } from '../../src/sign/index.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';

const EXP = 1546064025;

describe('pushUrl', () => {
  it('own-domain form with the OBS split', () => {
    const u = pushUrl({ pushDomain: 'push.example.com', stream: 'demo', key: TEST_SECRETS.pushKey, expiresAt: EXP });
    const secret = antiLeechSecret(TEST_SECRETS.pushKey, 'demo', '5C271099');
    assert.equal(u.url, `rtmp://push.example.com/live/demo?txSecret=${secret}&txTime=5C271099`);
    assert.equal(u.server, 'rtmp://push.example.com/live/');
    assert.equal(u.streamKey, `demo?txSecret=${secret}&txTime=5C271099`);
    assert.equal(u.server + u.streamKey, u.url);
    assert.equal(u.streamName, 'demo');
  });
  it('legacy bizid form: host, {bizid}_ prefix, bizid parameter first', () => {
    const u = pushUrl({ bizId: 8888, stream: 'jacqiu', key: TEST_SECRETS.pushKey, expiresAt: EXP });
    const secret = antiLeechSecret(TEST_SECRETS.pushKey, '8888_jacqiu', '5C271099');
    assert.equal(
      u.url,
      `rtmp://8888.livepush.myqcloud.com/live/8888_jacqiu?bizid=8888&txSecret=${secret}&txTime=5C271099`,
    );
    assert.equal(u.streamName, '8888_jacqiu');
    assert.equal(u.streamKey, `8888_jacqiu?bizid=8888&txSecret=${secret}&txTime=5C271099`);
  });
  it('does not double an existing bizid prefix', () => {
    assert.equal(pushUrl({ bizId: 8888, stream: '8888_jacqiu', key: 'k', expiresAt: EXP }).streamName, '8888_jacqiu');
  });
  it('prefers the push domain when both are given, and supports webrtc/srt schemes', () => {
    const u = pushUrl({
      pushDomain: 'push.example.com',
      bizId: 8888,
      stream: 'demo',
      key: 'k',
      expiresAt: EXP,
      scheme: 'webrtc',
    });
    assert.ok(u.url.startsWith('webrtc://push.example.com/live/demo?txSecret='));
    assert.ok(!u.url.includes('bizid'));
  });
  it('rejects bad stream ids, a missing host and a bad expiry', () => {
    assert.throws(() => pushUrl({ pushDomain: 'p.example.com', stream: 'a/b', key: 'k', expiresAt: EXP }), InputError);
    assert.throws(() => pushUrl({ pushDomain: 'p.example.com', stream: '', key: 'k', expiresAt: EXP }), InputError);
    assert.throws(() => pushUrl({ pushDomain: 'p.example.com', stream: 'a b', key: 'k', expiresAt: EXP }), InputError);
    assert.throws(() => pushUrl({ stream: 'demo', key: 'k', expiresAt: EXP }), /push domain or a bizid/);
    assert.throws(() => txTimeHex(-1), InputError);
    assert.throws(() => txTimeHex(1.5), InputError);
  });
});

describe('playUrls', () => {
  it('unsigned own-domain URLs for every protocol', () => {
    const p = playUrls({ playDomain: 'play.example.com', stream: 'demo' });
    assert.deepEqual(p, {
      streamName: 'demo',
      signed: false,
      rtmp: 'rtmp://play.example.com/live/demo',
      flv: 'http://play.example.com/live/demo.flv',
      hls: 'http://play.example.com/live/demo.m3u8',
      webrtc: 'webrtc://play.example.com/live/demo',
    });
  });
  it('signs with the play key when one is given', () => {
    const p = playUrls({ playDomain: 'play.example.com', stream: 'demo', key: TEST_SECRETS.playKey, expiresAt: EXP });
    const q = `?txSecret=${antiLeechSecret(TEST_SECRETS.playKey, 'demo', '5C271099')}&txTime=5C271099`;
    assert.equal(p.flv, `http://play.example.com/live/demo.flv${q}`);
    assert.equal(p.hls, `http://play.example.com/live/demo.m3u8${q}`);
    assert.equal(p.rtmp, `rtmp://play.example.com/live/demo${q}`);
    assert.equal(p.webrtc, `webrtc://play.example.com/live/demo${q}`);
    assert.equal(p.signed, true);
  });
  it('legacy form on {bizid}.liveplay.myqcloud.com, without webrtc', () => {
    const p = playUrls({ bizId: 8888, stream: 'jacqiu' });
    assert.equal(p.flv, 'http://8888.liveplay.myqcloud.com/live/8888_jacqiu.flv');
    assert.equal(p.webrtc, undefined);
  });
  it('requires an expiry for signed URLs', () => {
    assert.throws(() => playUrls({ playDomain: 'play.example.com', stream: 'demo', key: 'k' }), InputError);
  });
});

/** A correctly signed callback is accepted and a wrongly signed one rejected (CB-API-KEY, VOD-SIGN-500). */
import { randomBytes } from 'node:crypto';
import { fingerprint } from '../../secrets/mask.js';
import { defineCheck, fail, pass, skip, warn } from '../check.js';
import { sendCallback } from '../probe/callback-client.js';
import { serverDbFailure } from '../probe/db-fault-finding.js';
import { excerpt } from '../probe/http.js';
import { netFailure } from '../probe/net-finding.js';
import { targetOf } from '../probe/server-probes.js';

export default defineCheck({
  id: 'callback.sign',
  group: 'callback',
  title: 'Callback key: signed accepted, forged rejected',
  needs: { checks: ['server.callback-url'], config: ['lvb.apiKey'], after: ['server.database'] },
  async run(ctx) {
    const target = targetOf(ctx);
    if (!target) return skip('no server URL');
    const apiKey = ctx.config.lvb.apiKey as string;
    // Event 1 (stream started) is acknowledged and ignored by every server generation.
    const event = {
      event_type: 1,
      stream_id: 'mlvbdoctor_probe',
      channel_id: 'mlvbdoctor_probe',
      appid: ctx.config.cos.appId ?? 0,
      app: ctx.config.lvb.pushDomain ?? 'doctor.invalid',
      appname: 'live',
      event_time: Math.floor(ctx.clock.now() / 1000),
      sequence: randomBytes(8).toString('hex'),
      stream_param: '',
    };
    const [good, forged] = await Promise.all([
      sendCallback(ctx, target, event, apiKey),
      sendCallback(ctx, target, event, `${apiKey}-forged-${randomBytes(4).toString('hex')}`),
    ]);
    if (!good.probe.ok) return netFailure(good.probe.error, target, target.callbackUrl, 'VOD-CALLBACK-URL');
    const evidence = {
      url: target.callbackUrl,
      apiKey: `fp ${fingerprint(apiKey)}`,
      signedHttp: good.probe.answer.status,
      signedCode: good.code ?? 'none',
      forgedHttp: forged.probe.ok ? forged.probe.answer.status : forged.probe.error.code,
      forgedCode: forged.code ?? 'none',
    };
    const keyFix = {
      text:
        'Make the three copies equal: lvb.apiKey here, API_KEY on the server ' +
        '(OutDefine.php or the minilvb env file), and the callback key of the ' +
        'LVB console (callback template 回调密钥 / legacy API鉴权key). The keys check ' +
        'shows which copy differs.',
      commands: ['minilvb doctor keys'],
      link: 'https://console.cloud.tencent.com/live/config/callback',
    };
    if (good.code === 4004 || (good.probe.answer.status === 500 && good.code === undefined)) {
      return fail({
        summary:
          `the server rejects a callback signed with lvb.apiKey (` +
          `${good.code === 4004 ? '{"code":4004} bad sign' : 'HTTP 500, the PHP 8 wrong-sign crash'}` +
          `)`,
        cause:
          "the server's API key differs from lvb.apiKey; recording callbacks " +
          'signed with the console key are rejected, so no replays appear',
        fix: keyFix,
        faqId: good.code === 4004 ? 'CB-API-KEY' : 'VOD-SIGN-500',
        evidence,
      });
    }
    if (good.code === 4005) {
      return fail({
        summary: 'the server says the callback expired ({"code":4005}) although t is 10 minutes ahead',
        cause: 'the server clock is more than 10 minutes ahead of this machine',
        fix: { text: 'Enable NTP on the server and here.', commands: ['timedatectl set-ntp true'] },
        evidence,
      });
    }
    if (good.probe.answer.status >= 500) {
      // The URL reached the callback handler, which failed behind it: the server's or its database's fault.
      const db = await serverDbFailure(ctx, target, good.probe.answer.body, target.callbackUrl);
      if (db) return db.status === 'skip' ? db : { ...db, evidence: { ...evidence, ...db.evidence } };
      return fail({
        summary:
          `a correctly signed callback gets HTTP ${good.probe.answer.status} ` +
          `${excerpt(good.probe.answer.body) || '(empty)'}`,
        cause:
          'the callback URL is right and the sign accepted, but the server fails ' +
          'while handling the event (its database, or a crash); Tencent retries 3 ' +
          'times, then drops it',
        fix: {
          text:
            'Read the server log for the callback request; ' +
            "run minilvb doctor database with the server's DB settings.",
          commands: ['minilvb doctor database'],
        },
        faqId: 'VOD-DB-WRITE',
        evidence,
      });
    }
    if (good.probe.answer.status !== 200 || good.code !== 0) {
      return fail({
        summary:
          `a correctly signed callback gets HTTP ${good.probe.answer.status} ` +
          `${excerpt(good.probe.answer.body) || '(empty)'}`,
        cause: 'the callback endpoint does not acknowledge valid events; Tencent retries 3 times, then gives up',
        fix: { text: 'Read the server log for the callback request.' },
        faqId: 'VOD-CALLBACK-URL',
        evidence,
      });
    }
    if (!forged.probe.ok) return pass('signed callback accepted; the forged one got no answer', { evidence });
    if (forged.probe.answer.status >= 500) {
      return warn({
        summary: `a forged callback is rejected with HTTP ${forged.probe.answer.status} instead of a JSON code`,
        cause:
          'the PHP 8 reference crashes on a wrong sign (undefined ' +
          'EC_SYSTEM_INVALID_SIGN); Tencent then retries pointlessly, and a real ' +
          'key mismatch looks like a server crash',
        fix: { text: 'Use the bundled server (answers {"code":4004}).', commands: ['minilvb serve'] },
        faqId: 'VOD-SIGN-500',
        evidence,
      });
    }
    if (forged.code === 0) {
      return warn({
        summary: 'a callback with a wrong sign is answered {"code":0}',
        cause:
          'the server either ignores the sign (PHP sign bypass, ' +
          'docs/callbacks.md#c1: anyone can inject recordings) or acknowledges ' +
          'rejected events',
        fix: { text: 'Use the bundled server, which checks the sign in constant time and answers {"code":4004}.' },
        faqId: 'CB-API-KEY',
        evidence,
      });
    }
    return pass(`signed with lvb.apiKey: {"code":0}; forged: {"code":${String(forged.code)}}`, { evidence });
  },
});

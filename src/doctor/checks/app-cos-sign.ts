/**
 * /get_cos_sign returns a signKey made with the configured COS SecretKey and a sane keyTime (COS-SECRETKEY, COS-CLOCK).
 */
import { cosSignKey, safeEqualHex } from '../../sign/index.js';
import { defineCheck, fail, pass, warn } from '../check.js';
import { loggedInProbe } from '../probe/app-client.js';
import { appCallFailure } from '../probe/app-failure.js';
import { cosGrant } from '../probe/cos-grant.js';

export default defineCheck({
  id: 'app.cos-sign',
  group: 'app',
  title: '/get_cos_sign signs with the right key',
  needs: { checks: ['app.login'] },
  async run(ctx) {
    const probe = await loggedInProbe(ctx);
    if (!probe.ok) return probe.skip;
    const { target, login } = probe;
    const grant = await cosGrant(ctx, target, login);
    if (!grant.ok) {
      if (grant.call.ok && grant.call.reply.code === 200)
        return fail({
          summary: '/get_cos_sign answers without signKey/keyTime',
          cause: 'the apps cannot sign COS uploads',
          fix: { text: 'Deploy a current server.' },
          faqId: 'COS-SECRETKEY',
        });
      return appCallFailure(grant.call, target, '/get_cos_sign');
    }
    const { signKey, keyTime } = grant;
    const m = /^(\d+);(\d+)$/.exec(keyTime);
    if (!m) {
      return fail({
        summary: `keyTime ${JSON.stringify(keyTime)} is not "start;end"`,
        cause: 'COS rejects the signature (seed 003 documents ":"; COS needs ";")',
        fix: { text: 'Use the bundled server or the current PHP code.' },
        faqId: 'COS-SECRETKEY',
        evidence: { keyTime },
      });
    }
    const start = Number(m[1]);
    const end = Number(m[2]);
    const skew = start - Math.floor(ctx.clock.now() / 1000);
    const evidence = { keyTime, lifetime: end - start, serverSkewSeconds: skew };
    const secretKey = ctx.config.cos.secretKey;
    if (secretKey && !safeEqualHex(cosSignKey(secretKey, keyTime), signKey)) {
      return fail({
        summary: 'the signKey is not HMAC-SHA1(cos.secretKey, keyTime)',
        cause:
          'the server signs with another COS SecretKey (COSKEY_SECRECTKEY) than ' +
          'cos.secretKey: every avatar and cover upload fails with ' +
          'SignatureDoesNotMatch',
        fix: {
          text:
            'Put the SecretKey that belongs to the SecretId into the server ' +
            'configuration (COSKEY_SECRECTKEY — spelled SECRECT on purpose) and ' +
            'restart it; the cos checks tell whether your local copy is right.',
        },
        faqId: 'COS-SECRETKEY',
        evidence,
      });
    }
    if (Math.abs(skew) > 30) {
      return warn({
        summary: `the server clock is ${skew > 0 ? 'ahead' : 'behind'} by about ${Math.abs(skew)} s`,
        cause:
          `keys live only ${end - start} s (COSKEY_EXPIRED_TIME): uploads fail ` +
          `with "Request has expired" / RequestTimeTooSkewed`,
        fix: {
          text:
            'Enable NTP on the server (and check the phone clock); raise ' +
            'cos.expiredTime (e.g. 300) to tolerate skew.',
          commands: ['timedatectl set-ntp true'],
        },
        faqId: 'COS-CLOCK',
        evidence,
      });
    }
    return pass(`signKey made with the configured SecretKey, keys live ${end - start} s`, { evidence });
  },
});

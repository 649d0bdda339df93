/** The UserSig the server hands out verifies against the configured IM app and key (APP-IM-PARAMS). */
import { verifyUserSig, type UserSigFailure } from '../../sign/index.js';
import { defineCheck, fail, pass, type CheckFix } from '../check.js';
import { loggedInProbe } from '../probe/app-client.js';

const CAUSE: Record<UserSigFailure, { cause: string; fix: CheckFix }> = {
  'sdkappid-mismatch': {
    cause:
      'the server runs with another IM SDKAppID than im.sdkAppId: the app logs into the wrong IM app (IM error 70014)',
    fix: {
      text:
        'Make IM_SDKAPPID on the server, im.sdkAppId and the app constant the ' +
        'same value (IM console > Application list).',
    },
  },
  'bad-signature': {
    cause:
      "the server signs UserSigs with another IM secret key than im.secretKey: the app's IM login fails with 70009",
    fix: {
      text:
        'Set IM_SECRETKEY on the server to the key of IM console > Application > ' +
        'Basic configuration (the one im.secretKey should hold; the im checks ' +
        'verify the local copy against IM), then restart it.',
      link: 'https://console.cloud.tencent.com/im',
    },
  },
  'wrong-version': {
    cause: 'the server and the configuration use different UserSig generations (v1 ECDSA vs v2 HMAC)',
    fix: { text: 'Set credentials (current/legacy) to the generation the server and the apps use.' },
  },
  expired: {
    cause: 'the server issues already expired UserSigs: its clock is wrong',
    fix: { text: 'Enable NTP on the server.' },
  },
  garbled: {
    cause: 'the server returns a UserSig that cannot be decoded (IM error 70003)',
    fix: { text: 'Use the bundled server or the official TLSSigAPIv2 library on the server.' },
  },
  'identifier-mismatch': {
    cause: 'the UserSig belongs to another user (IM error 70013)',
    fix: { text: 'A server bug: it must sign the logged-in userid.' },
  },
  'no-key': {
    cause: 'no IM key is configured locally, so the UserSig cannot be checked',
    fix: { text: 'Set im.secretKey (or im.publicKey for legacy credentials).' },
  },
};

export default defineCheck({
  id: 'app.usersig',
  group: 'app',
  title: 'UserSig from /login verifies',
  needs: { checks: ['app.login'], config: ['im.sdkAppId'] },
  async run(ctx) {
    const probe = await loggedInProbe(ctx);
    if (!probe.ok) return probe.skip;
    const { login } = probe;
    const rs = login.data.roomservice_sign as Record<string, unknown> | undefined;
    const sig = rs?.userSig;
    if (typeof sig !== 'string' || sig === '') {
      return fail({
        summary: '/login returns no roomservice_sign.userSig',
        cause: 'the app cannot log into IM without it',
        fix: { text: 'Check IM_SDKAPPID / IM_SECRETKEY in the server configuration.' },
        faqId: 'APP-IM-PARAMS',
      });
    }
    const im = ctx.config.im;
    const verdict = verifyUserSig(sig, {
      sdkAppId: im.sdkAppId as number,
      ...(im.secretKey ? { secretKey: im.secretKey } : {}),
      ...(im.publicKey ? { publicKeyPem: im.publicKey } : {}),
      userId: login.userid,
      now: Math.floor(ctx.clock.now() / 1000),
    });
    const evidence = {
      sdkAppId: String(rs?.sdkAppID ?? ''),
      version: verdict.decoded?.version ?? 'unknown',
      ...(verdict.imErrorCode ? { imErrorCode: verdict.imErrorCode } : {}),
    };
    if (!verdict.ok && verdict.reason) {
      const c = CAUSE[verdict.reason];
      return fail({
        summary: `${verdict.message}${verdict.imErrorCode ? ` (the app sees IM error ${verdict.imErrorCode})` : ''}`,
        cause: c.cause,
        fix: c.fix,
        faqId: 'APP-IM-PARAMS',
        evidence,
      });
    }
    if (rs?.sdkAppID !== undefined && Number(rs.sdkAppID) !== im.sdkAppId) {
      return fail({
        summary: `/login says sdkAppID ${String(rs.sdkAppID)}, but im.sdkAppId is ${im.sdkAppId}`,
        cause: CAUSE['sdkappid-mismatch'].cause,
        fix: CAUSE['sdkappid-mismatch'].fix,
        faqId: 'APP-IM-PARAMS',
        evidence,
      });
    }
    return pass(verdict.message, { evidence });
  },
});

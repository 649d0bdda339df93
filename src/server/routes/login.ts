/**
 * `/login` (not signed): checks the password (upgrading legacy rows, docs/app-protocol.md#d5), replaces the user's one
 * session, and returns the tokens plus what the app needs for IM and COS (docs/app-protocol.md#login).
 */
import { genUserSigV1, genUserSigV2 } from '../../sign/index.js';
import type { ServerContext } from '../context.js';
import { countAttempt, withKdf } from '../abuse/login-guard.js';
import { checkPassword } from '../credentials.js';
import { CODE, fail, ok } from '../envelope.js';
import { PASSWORD_RULE } from '../param-checker.js';
import { requireConfigValues } from '../require-config.js';
import { endpoint } from './endpoint.js';
import { issueSession } from './session.js';

export const login = endpoint({
  name: 'login',
  auth: 'none',
  rules: [PASSWORD_RULE],
  async handle(ctx, { userid, params, client }) {
    countAttempt(ctx, 'login', userid, client);
    // Configuration first: without IM credentials the app could not use the login anyway.
    const roomserviceSign = roomServiceSignFor(ctx, userid);
    const account = await ctx.store.getAccount(userid);
    if (!account) throw fail(CODE.userNotExist, `login fail: ${userid}user not exist`);
    const check = await withKdf('login', () =>
      checkPassword(account.password, params.password as string, ctx.config.server.passwordStorage, ctx.kdf),
    );
    if (!check.ok) throw fail(CODE.passwordError, `login fail: ${userid}password error`);
    if (check.upgrade) {
      await ctx.store.setPassword(userid, check.upgrade);
      ctx.logger.info('password row upgraded to scrypt', { userid });
    }
    const issued = issueSession(ctx, userid);
    await ctx.store.putSession(issued.session);
    ctx.sessions.delete(userid);
    return ok({
      token: issued.token,
      refresh_token: issued.refreshToken,
      expires: ctx.options.tokenTtlSeconds,
      roomservice_sign: roomserviceSign,
      cos_info: cosInfo(ctx),
    });
  },
});

/** `{sdkAppID, userID, userSig}` (+ accountType, v1 ECDSA sig for legacy credentials). */
function roomServiceSignFor(ctx: ServerContext, userid: string): Record<string, unknown> {
  if (ctx.config.credentials === 'legacy') {
    const [sdkAppId, accountType, privateKey] = requireConfigValues(ctx, 'login', [
      'im.sdkAppId',
      'im.accountType',
      'im.privateKey',
    ]);
    const userSig = genUserSigV1({ sdkAppId, accountType, privateKeyPem: privateKey, userId: userid, now: ctx.now() });
    return { sdkAppID: sdkAppId, accountType: String(accountType), userID: userid, userSig };
  }
  const [sdkAppId, secretKey] = requireConfigValues(ctx, 'login', ['im.sdkAppId', 'im.secretKey']);
  return {
    sdkAppID: sdkAppId,
    userID: userid,
    userSig: genUserSigV2({ sdkAppId, secretKey, userId: userid, now: ctx.now() }),
  };
}

const warnedCos = new WeakSet<ServerContext>();

/** `cos_info`; unset COS fields come out empty (uploads then fail in the app) and are logged once. */
function cosInfo(ctx: ServerContext): Record<string, unknown> {
  const { cos } = ctx.config;
  const missing = (['bucket', 'region', 'appId', 'secretId'] as const).filter(
    (k) => cos[k] === undefined || cos[k] === '',
  );
  if (missing.length > 0 && !warnedCos.has(ctx)) {
    warnedCos.add(ctx);
    ctx.logger.warn('login replies carry an incomplete cos_info: avatar/cover uploads will fail', {
      missing: missing.map((m) => `cos.${m}`).join(', '),
    });
  }
  return { Bucket: cos.bucket ?? '', Region: cos.region ?? '', Appid: cos.appId ?? 0, SecretId: cos.secretId ?? '' };
}

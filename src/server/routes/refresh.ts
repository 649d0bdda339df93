/**
 * `/refresh` (docs/app-protocol.md#d13): the refresh token is the authentication — constant-time compare of its
 * SHA-256, not expired, single use (compare-and-swap on the session row). A Liteav-Sig header is
 * optional; when present it must match the session's token, even an expired one.
 */
import { verifyLiteavSig } from '../../sign/index.js';
import { constantTimeEqual, sha256Hex } from '../credentials.js';
import { CODE, fail, ok } from '../envelope.js';
import { endpoint } from './endpoint.js';
import { issueSession } from './session.js';

export const refresh = endpoint({
  name: 'refresh',
  auth: 'refresh',
  rules: [{ field: 'refresh_token', type: 'string', required: true, max: 128 }],
  async handle(ctx, { userid, params, raw, sig }) {
    const current = await ctx.store.getSession(userid);
    if (!current) throw fail(CODE.invalidToken, 'refresh');
    if (sig !== undefined && !verifyLiteavSig(current.token, raw, sig)) throw fail(CODE.invalidToken, 'refresh');
    const presented = sha256Hex(params.refresh_token as string);
    if (!constantTimeEqual(presented, current.refreshSha256)) throw fail(CODE.invalidToken, 'refresh');
    if (current.refreshExpires.getTime() < ctx.now() * 1000) throw fail(CODE.invalidToken, 'refresh');
    const issued = issueSession(ctx, userid);
    // Only one of two concurrent refreshes with the same token can swap the row.
    const swapped = await ctx.store.putSession(issued.session, current.refreshSha256);
    ctx.sessions.delete(userid);
    if (!swapped) throw fail(CODE.invalidToken, 'refresh');
    return ok({ token: issued.token, refresh_token: issued.refreshToken, expires: ctx.options.tokenTtlSeconds });
  },
});

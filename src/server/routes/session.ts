/** Issuing a session (login, refresh): CSPRNG tokens, the refresh token kept as SHA-256 (docs/app-protocol.md#d17). */
import type { Session } from '../../db/store.js';
import type { ServerContext } from '../context.js';
import { newToken, sha256Hex } from '../credentials.js';

/** The new session row plus the two tokens to hand to the client. */
export interface IssuedSession {
  session: Session;
  token: string;
  refreshToken: string;
}

export function issueSession(ctx: ServerContext, userid: string): IssuedSession {
  const nowMs = ctx.now() * 1000;
  const token = newToken();
  const refreshToken = newToken();
  return {
    token,
    refreshToken,
    session: {
      userid,
      token,
      tokenExpires: new Date(nowMs + ctx.options.tokenTtlSeconds * 1000),
      refreshSha256: sha256Hex(refreshToken),
      refreshExpires: new Date(nowMs + ctx.options.refreshTtlSeconds * 1000),
    },
  };
}

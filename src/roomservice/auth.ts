/**
 * login and the token check of every other CGI (docs/roomservice.md#login, docs/roomservice.md#tokens).
 * Both UserSig generations are accepted: v1 (ECDSA, checked with the IM public key) and v2 (HMAC with
 * the secret key). Tokens are 128-bit random, stored only as SHA-256, compared in constant time, and expire.
 */
import { constantTimeEqual, newToken, sha256Hex } from '../server/credentials.js';
import { verifyUserSig } from '../sign/usersig-verify.js';
import { authFailed, ok, type RsReply } from './protocol.js';
import type { RoomService } from './service.js';

/** `login?sdkAppID&[accountType]&userID&userSig[&platform]`. */
export async function login(rs: RoomService, q: URLSearchParams): Promise<RsReply> {
  const { config: c } = await rs.config();
  const sdkAppID = q.get('sdkAppID') ?? '';
  const userID = q.get('userID') ?? '';
  const userSig = q.get('userSig') ?? '';
  const accountType = q.get('accountType');
  if (!sdkAppID || !userID || !userSig) return authFailed(4, 'sdkAppID, userID and userSig are required');
  if ([...userID].length > 64) return authFailed(2, 'userID is longer than 64 characters');
  if (c.sdkAppId === undefined || (!c.publicKey && !c.secretKey))
    return authFailed(4, 'RoomService has no IM key configured (run minilvb roomservice push)');
  if (String(c.sdkAppId) !== sdkAppID) return authFailed(2, `sdkAppID ${sdkAppID} is not this server's`);
  // v2 clients send no accountType (WeChat sends 0); a v1 accountType must be the configured one.
  if (accountType && accountType !== '0' && c.accountType && accountType !== c.accountType)
    return authFailed(2, `accountType ${accountType} is not this server's`);
  const verdict = verifyUserSig(userSig, {
    sdkAppId: c.sdkAppId,
    userId: userID,
    now: rs.nowSec(),
    ...(c.secretKey ? { secretKey: c.secretKey } : {}),
    ...(c.publicKey ? { publicKeyPem: c.publicKey } : {}),
  });
  if (!verdict.ok) return authFailed(verdict.reason === 'expired' ? 3 : 2, verdict.message);
  const token = newToken();
  rs.forgetToken(userID);
  await rs.store.putToken({
    userID,
    tokenSha256: sha256Hex(token),
    expiresMs: rs.nowMs() + c.limits.tokenTtl * 1000,
  });
  return ok({ userID, token });
}

/** The userID of a valid `?userID&token`, or the refusal. */
export async function checkToken(rs: RoomService, q: URLSearchParams): Promise<{ userID: string } | RsReply> {
  const userID = q.get('userID') ?? '';
  const token = q.get('token') ?? '';
  if (!userID || !token) return authFailed(4, 'userID and token are required');
  if (!/^[0-9a-f]{32}$/.test(token)) return authFailed(2, 'token is malformed');
  const stored = await rs.token(userID);
  if (!stored) return authFailed(3, 'not logged in');
  if (!constantTimeEqual(sha256Hex(token), stored.tokenSha256)) return authFailed(1, 'token differs');
  if (stored.expiresMs <= rs.nowMs()) return authFailed(3, 'token expired, log in again');
  return { userID };
}

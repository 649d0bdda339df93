/**
 * `GET /weapp/utils/get_login_info[?userID]` (docs/roomservice.md#get_login_info): mints a 30-day UserSig
 * for any user, so it is off unless the request presents the admin token (`Authorization: Bearer …`).
 */
import { randomBytes } from 'node:crypto';
import { presentsToken } from '../server/admin-auth.js';
import { genUserSigV1 } from '../sign/usersig-v1.js';
import { genUserSigV2 } from '../sign/usersig-v2.js';
import type { RsHttpRequest } from './http.js';
import { fail, ok, type RsReply } from './protocol.js';
import type { RoomService } from './service.js';

const THIRTY_DAYS = 30 * 86400;
const USER_ID = /^[A-Za-z0-9_@.-]{1,64}$/;

export async function loginInfo(rs: RoomService, req: RsHttpRequest): Promise<{ status: number; reply: RsReply }> {
  const token = rs.deps.adminToken;
  if (!token) return { status: 404, reply: fail(-1, 'get_login_info is off (it needs server.adminToken)') };
  if (!presentsToken(req.headers.authorization, token))
    return { status: 401, reply: fail(7, '鉴权失败: get_login_info needs the admin token') };
  const { config: c } = await rs.config();
  if (c.sdkAppId === undefined || (!c.secretKey && !c.privateKey))
    return { status: 200, reply: fail(4, 'no IM private key / secret key on the server (push --with-private-key)') };
  const userID = req.query.get('userID') || `user_${randomBytes(4).toString('hex')}_${randomBytes(2).toString('hex')}`;
  if (!USER_ID.test(userID)) return { status: 200, reply: fail(1, 'userID: 1-64 characters of A-Z a-z 0-9 _ - @ .') };
  const base = { sdkAppId: c.sdkAppId, userId: userID, expireSeconds: THIRTY_DAYS, now: rs.nowSec() };
  const userSig = c.secretKey
    ? genUserSigV2({ ...base, secretKey: c.secretKey })
    : genUserSigV1({ ...base, privateKeyPem: c.privateKey ?? '', accountType: c.accountType ?? '0' });
  return { status: 200, reply: ok({ userID, sdkAppID: c.sdkAppId, accType: c.accountType ?? '0', userSig }) };
}

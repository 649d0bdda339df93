/**
 * RoomService over HTTP (docs/roomservice.md#transport): `/weapp/{live_room|double_room|multi_room}/{cgi}`
 * (POST JSON, `?userID&token` after login, both name sets on the same handlers), `/weapp/utils/*`, and the
 * admin config endpoints under `/weapp/v1/api/`. CORS is open, as web and PC callers need it.
 */
import type { RoomType } from '../db/roomservice-store.js';
import { handleConfigApi } from './admin-config.js';
import { checkToken, login } from './auth.js';
import {
  addAudience,
  deleteAudience,
  getAudiences,
  getCustomInfo,
  logout,
  mergeStream,
  setCustomField,
} from './handlers-extra.js';
import { addPusher, deletePusher, getPushers, heartbeat } from './handlers-members.js';
import { createRoom, destroyRoom, getPushUrl, getRoomList, type Handler } from './handlers-rooms.js';
import { loginInfo } from './login-info.js';
import { fail, type RsReply } from './protocol.js';
import type { RoomService } from './service.js';

/** v1 (`*_pusher`) and v2 (`*_anchor`) names map to the same handlers. */
const CGIS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ['logout', logout],
  ['get_push_url', getPushUrl],
  ['get_anchor_url', getPushUrl],
  ['get_room_list', getRoomList],
  ['create_room', createRoom],
  ['destroy_room', destroyRoom],
  ['add_pusher', addPusher],
  ['add_anchor', addPusher],
  ['delete_pusher', deletePusher],
  ['delete_anchor', deletePusher],
  ['get_pushers', getPushers],
  ['get_anchors', getPushers],
  ['pusher_heartbeat', heartbeat],
  ['anchor_heartbeat', heartbeat],
  ['add_audience', addAudience],
  ['delete_audience', deleteAudience],
  ['get_audiences', getAudiences],
  ['set_custom_field', setCustomField],
  ['get_custom_info', getCustomInfo],
  ['merge_stream', mergeStream],
]);

const ROOM_TYPE = /^\/weapp\/(live_room|double_room|multi_room)\/([a-z_]{1,40})\/?$/;
const UTILS = /^\/weapp\/(utils|v1\/api)\/([a-z_]{1,40})\/?$/;

/** The parts of an HTTP request RoomService reads. */
export interface RsHttpRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  remoteAddress: string | undefined;
  body: Buffer;
}

/** What to send back. */
export interface RsHttpReply {
  status: number;
  body: Record<string, unknown>;
  /** The CGI name, for the request log. */
  cgi?: string;
}

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization',
};

function parseBody(raw: Buffer): Record<string, unknown> | undefined {
  if (raw.length === 0) return {};
  try {
    const v: unknown = JSON.parse(raw.toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a path belongs to RoomService. */
export function isRoomServicePath(pathname: string): boolean {
  return pathname.startsWith('/weapp/');
}

export async function handleRoomServiceHttp(rs: RoomService, req: RsHttpRequest): Promise<RsHttpReply> {
  const stamp = (status: number, r: RsReply, cgi?: string): RsHttpReply => ({
    status,
    body: { ...r, timestamp: rs.nowMs() },
    ...(cgi ? { cgi } : {}),
  });
  const util = UTILS.exec(req.pathname);
  if (util) {
    const [, area, name = ''] = util;
    if (area === 'v1/api') {
      const out = await handleConfigApi(rs, name, req);
      return stamp(out.status, out.reply, name);
    }
    if (name === 'report') return stamp(200, { code: 0, message: '请求成功' }, name);
    if (name === 'get_login_info') {
      const out = await loginInfo(rs, req);
      return stamp(out.status, out.reply, name);
    }
    return stamp(404, fail(-1, 'not found'));
  }
  const m = ROOM_TYPE.exec(req.pathname);
  const cgi = m?.[2] ?? '';
  if (!m || (cgi !== 'login' && !CGIS.has(cgi))) return stamp(404, fail(-1, 'not found'));
  if (req.method !== 'POST') return stamp(405, fail(-1, `method ${req.method} not allowed (POST)`), cgi);
  const type = m[1] as RoomType;
  if (cgi === 'login') return stamp(200, await login(rs, req.query), cgi);
  const auth = await checkToken(rs, req.query);
  if ('code' in auth) return stamp(200, auth, cgi);
  const body = parseBody(req.body);
  if (!body) return stamp(200, fail(1, 'the body is not a JSON object'), cgi);
  const bodyUser = body.userID;
  if (bodyUser !== undefined && bodyUser !== '' && String(bodyUser) !== auth.userID)
    return stamp(200, fail(1, 'userID in the body is not the logged-in user'), cgi);
  const { config } = await rs.config();
  const handler = CGIS.get(cgi) as Handler;
  return stamp(200, await handler(rs, { type, userID: auth.userID, body, config }), cgi);
}

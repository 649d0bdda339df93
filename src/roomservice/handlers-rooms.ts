/** Room CGIs (docs/roomservice.md#rooms) and the push URL CGIs (docs/roomservice.md#get_push_url-and-get_anchor_url).
 */
import { randomBytes } from 'node:crypto';
import type { RoomType } from '../db/roomservice-store.js';
import { fail, MISSING, ok, roomEntry, ROOM_ID, str, type RsReply } from './protocol.js';
import type { RsConfig } from './rs-config.js';
import type { RoomService } from './service.js';
import { accelerateUrlOf, newStreamId, pushUrlOf } from './urls.js';

/** One authenticated CGI call. */
export interface CgiRequest {
  type: RoomType;
  userID: string;
  body: Record<string, unknown>;
  config: RsConfig;
}

export type Handler = (rs: RoomService, r: CgiRequest) => Promise<RsReply>;

const MAX_ROOM_INFO = 1024;

export const getPushUrl: Handler = async (rs, r) => {
  const streamID = newStreamId(r.config, r.userID);
  const pushURL = pushUrlOf(r.config, streamID, rs.nowSec());
  if (!pushURL) return fail(1, 'RoomService has no push key / push host configured (run minilvb roomservice push)');
  return ok({ pushURL, accelerateURL: accelerateUrlOf(r.config, streamID, rs.nowSec()), streamID });
};

export const getRoomList: Handler = async (rs, r) => {
  const index = Number(r.body.index ?? 0);
  const cnt = Number(r.body.cnt ?? 20);
  if (!Number.isSafeInteger(index) || index < 0 || !Number.isSafeInteger(cnt) || cnt < 0)
    return fail(1, 'index and cnt must be non-negative integers');
  const rooms = await rs.store.listRooms(r.type, index, Math.min(cnt, 100));
  return ok({ rooms: rooms.map(roomEntry) });
};

export const createRoom: Handler = async (rs, r) => {
  const roomInfo = str(r.body, 'roomInfo') || str(r.body, 'roomName');
  if (Buffer.byteLength(roomInfo) > MAX_ROOM_INFO) return fail(10, `roomInfo 不能超过${MAX_ROOM_INFO}字节`);
  let roomID = str(r.body, 'roomID');
  if (roomID && !ROOM_ID.test(roomID)) return fail(1, 'roomID: 1-64 characters of A-Z a-z 0-9 _ - @ .');
  if (roomID && (await rs.store.getRoom(r.type, roomID))) return fail(11, '房间已经存在', { roomID });
  roomID ||= `room_${randomBytes(4).toString('hex')}_${randomBytes(2).toString('hex')}`;
  const group = await rs.deps.im.createGroup(r.config, roomID);
  if (!group.ok) return fail(6, `群组创建失败 (${group.message})`, { imCode: group.imCode });
  const created = await rs.store.createRoom({
    roomType: r.type,
    roomID,
    roomInfo,
    roomCreator: r.userID,
    mixedPlayURL: '',
    custom: {},
    active: false,
    createdMs: rs.nowMs(),
  });
  if (created === 'exists') return fail(11, '房间已经存在', { roomID });
  return ok({ roomID });
};

export const destroyRoom: Handler = async (rs, r) => {
  const roomID = str(r.body, 'roomID');
  if (!roomID) return MISSING('roomID');
  const room = await rs.store.getRoom(r.type, roomID);
  if (!room) return fail(3, '请求的房间不存在');
  if (room.roomCreator !== r.userID) return fail(3, '不是房间主人，无法销毁房间');
  await rs.endRoom(r.config, r.type, roomID);
  return ok();
};

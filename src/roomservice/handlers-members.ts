/** Member CGIs, both names (docs/roomservice.md#members). */
import type { RsPusher } from '../db/roomservice-store.js';
import { fail, MISSING, NO_ROOM, ok, roomFields, ROOM_ID, str } from './protocol.js';
import type { Handler } from './handlers-rooms.js';
import { accelerateUrlOf, mixedPlayUrlOf, streamIdOf } from './urls.js';

export const addPusher: Handler = async (rs, r) => {
  const roomID = str(r.body, 'roomID');
  const pushURL = str(r.body, 'pushURL');
  if (!roomID || !pushURL) return MISSING('roomID, pushURL');
  if (!ROOM_ID.test(roomID)) return fail(1, 'roomID: 1-64 characters of A-Z a-z 0-9 _ - @ .');
  const tooLong = (
    [
      ['userName', 255],
      ['userAvatar', 512],
      ['pushURL', 1024],
      ['roomInfo', 1024],
    ] as const
  ).find(([k, max]) => [...str(r.body, k)].length > max);
  if (tooLong) return fail(10, `${tooLong[0]} 不能超过${tooLong[1]}字符`);
  const streamID = streamIdOf(pushURL);
  if (!streamID) return fail(1, 'pushURL has no stream id (rtmp://host/live/{streamID}?…)');
  const now = rs.nowMs();
  const pusher: RsPusher = {
    userID: r.userID,
    userName: str(r.body, 'userName'),
    userAvatar: str(r.body, 'userAvatar'),
    pushURL,
    streamID,
    accelerateURL: accelerateUrlOf(r.config, streamID, rs.nowSec()),
    heartbeatMs: now,
    joinedMs: now,
  };
  let room = await rs.store.getRoom(r.type, roomID);
  if (!room) {
    // Joining a room that does not exist creates it, active, with this user as creator.
    const group = await rs.deps.im.createGroup(r.config, roomID);
    if (!group.ok) return fail(6, `群组创建失败 (${group.message})`, { imCode: group.imCode });
    await rs.store.createRoom({
      roomType: r.type,
      roomID,
      roomInfo: str(r.body, 'roomInfo'),
      roomCreator: r.userID,
      mixedPlayURL: mixedPlayUrlOf(r.config, streamID),
      custom: {},
      active: true,
      createdMs: now,
    });
    room = await rs.store.getRoom(r.type, roomID);
  }
  const max = r.type === 'double_room' ? 2 : r.config.limits.maxMembers;
  const res = await rs.store.upsertPusher(r.type, roomID, pusher, max);
  if (res === 'absent') return NO_ROOM();
  if (res === 'full') return fail(5001, '超出房间人数上限');
  if (room && !room.active)
    await rs.store.updateRoom(r.type, roomID, {
      active: true,
      roomCreator: r.userID,
      mixedPlayURL: mixedPlayUrlOf(r.config, streamID),
      custom: {},
    });
  rs.logIm('notifyPusherChange', roomID, await rs.deps.im.notifyPusherChange(r.config, roomID));
  return ok({ roomID });
};

export const deletePusher: Handler = async (rs, r) => {
  const roomID = str(r.body, 'roomID');
  if (!roomID) return MISSING('roomID');
  const before = await rs.store.getRoom(r.type, roomID);
  if (!(await rs.store.removePusher(r.type, roomID, r.userID))) return fail(5, '退出房间失败，不是房间成员');
  await rs.afterLeave(r.config, r.type, roomID, r.userID, before);
  return ok();
};

export const getPushers: Handler = async (rs, r) => {
  const roomID = str(r.body, 'roomID');
  if (!roomID) return MISSING('roomID');
  const room = await rs.store.getRoom(r.type, roomID);
  if (!room || !room.active) return NO_ROOM();
  return ok(roomFields(room));
};

export const heartbeat: Handler = async (rs, r) => {
  const roomID = str(r.body, 'roomID');
  if (!roomID) return MISSING('roomID');
  // One read gives both the membership check and the member list v2 clients read from the reply.
  const room = await rs.heartbeatRoom(r.type, roomID);
  if (!room?.pushers.some((p) => p.userID === r.userID)) return fail(5, '不是房间成员');
  rs.recordHeartbeat({ roomType: r.type, roomID, userID: r.userID });
  return ok(roomFields(room));
};

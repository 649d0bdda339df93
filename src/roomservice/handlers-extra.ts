/** Audiences, custom fields and stream mixing (docs/roomservice.md#audiences-and-custom-fields, #im-and-mixing). */
import type { CustomFields } from '../db/roomservice-store.js';
import { fail, MISSING, NO_ROOM, ok, str } from './protocol.js';
import type { Handler } from './handlers-rooms.js';

export const addAudience: Handler = async (rs, r) => {
  const roomID = str(r.body, 'roomID');
  if (!roomID) return MISSING('roomID');
  const userInfo = str(r.body, 'userInfo');
  if (Buffer.byteLength(userInfo) > 1024) return fail(10, 'userInfo 不能超过1024字节');
  const added = await rs.store.addAudience(
    r.type,
    roomID,
    { userID: r.userID, userInfo, joinedMs: rs.nowMs() },
    r.config.limits.maxAudiencesLen,
  );
  return added ? ok() : NO_ROOM();
};

export const deleteAudience: Handler = async (rs, r) => {
  const roomID = str(r.body, 'roomID');
  if (!roomID) return MISSING('roomID');
  return (await rs.store.removeAudience(r.type, roomID, r.userID)) ? ok() : NO_ROOM();
};

export const getAudiences: Handler = async (rs, r) => {
  const roomID = str(r.body, 'roomID');
  if (!roomID) return MISSING('roomID');
  const room = await rs.store.getRoom(r.type, roomID);
  if (!room) return NO_ROOM();
  const list = await rs.store.listAudiences(r.type, roomID);
  return ok({
    audienceCount: room.audienceCount,
    audiences: list.map((a) => ({ userID: a.userID, userInfo: a.userInfo })),
  });
};

const FIELD = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_FIELDS = 64;

/** inc / dec / set, as a compare-and-set retried a few times (two instances may change the same room). */
export const setCustomField: Handler = async (rs, r) => {
  const roomID = str(r.body, 'roomID');
  const fieldName = str(r.body, 'fieldName');
  const operation = str(r.body, 'operation');
  if (!roomID || !fieldName || !operation) return MISSING('roomID, fieldName, operation');
  if (!FIELD.test(fieldName)) return fail(1, 'fieldName: 1-64 characters of A-Z a-z 0-9 _ - .');
  if (!['inc', 'dec', 'set'].includes(operation)) return fail(1, 'operation must be inc, dec or set');
  const value = r.body.value;
  if (operation === 'set' && typeof value !== 'string' && typeof value !== 'number') return MISSING('value');
  for (let attempt = 0; attempt < 8; attempt++) {
    const room = await rs.store.getRoom(r.type, roomID);
    if (!room) return NO_ROOM();
    const next: CustomFields = { ...room.custom };
    if (operation === 'set') next[fieldName] = value as string | number;
    else {
      const cur = Number(next[fieldName] ?? 0);
      next[fieldName] = (Number.isFinite(cur) ? cur : 0) + (operation === 'inc' ? 1 : -1);
    }
    if (Object.keys(next).length > MAX_FIELDS) return fail(1, `at most ${MAX_FIELDS} custom fields`);
    if (JSON.stringify(next).length > 4096) return fail(10, 'custom fields larger than 4096 bytes');
    const done = await rs.store.casCustom(r.type, roomID, room.custom, next);
    if (done === 'absent') return NO_ROOM();
    if (done) return ok({ custom: next, customInfo: JSON.stringify(next) });
  }
  return fail(-1, 'custom field changed concurrently too often; retry');
};

export const getCustomInfo: Handler = async (rs, r) => {
  const roomID = str(r.body, 'roomID');
  if (!roomID) return MISSING('roomID');
  const room = await rs.store.getRoom(r.type, roomID);
  if (!room) return NO_ROOM();
  return ok({ custom: room.custom, customInfo: JSON.stringify(room.custom) });
};

/** Forwards mergeParams through the stream adapter; both reply forms (result / merge_code). */
export const mergeStream: Handler = async (rs, r) => {
  const roomID = str(r.body, 'roomID');
  if (!roomID || r.body.mergeParams === undefined) return MISSING('roomID, mergeParams');
  let params: unknown = r.body.mergeParams;
  if (typeof params === 'string') {
    try {
      params = JSON.parse(params);
    } catch {
      return fail(10, 'mergeParams 不是合法的JSON格式的字符串');
    }
  }
  const room = await rs.store.getRoom(r.type, roomID);
  if (!room) return NO_ROOM();
  if (!room.pushers.some((p) => p.userID === r.userID)) return fail(5, '不是房间成员');
  const out = await rs.deps.streams.mix(r.config, params);
  if (!out.ok) {
    const result = { code: -1, message: out.message, timestamp: rs.nowSec() };
    return fail(-1, out.message, { result, merge_code: -1, merge_msg: out.message });
  }
  return ok({ result: out.result, merge_code: out.result.code, merge_msg: out.result.message });
};

export const logout: Handler = async (rs, r) => {
  await rs.store.deleteToken(r.userID);
  rs.forgetToken(r.userID);
  return ok();
};

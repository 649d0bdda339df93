/**
 * Reply shapes of RoomService (docs/roomservice.md#names-per-client-generation): every reply is
 * `{code, message, timestamp, …}`, and rooms and members carry the union of what both client
 * generations read (`custom` as an object for v2 plus `customInfo` as the JSON string v1 servers sent).
 */
import type { RsRoom } from '../db/roomservice-store.js';

/** A reply body; HTTP status is always 200 (clients read `code`). */
export type RsReply = Record<string, unknown> & { code: number; message: string };

export const OK_MESSAGE = '请求成功';

export function ok(fields: Record<string, unknown> = {}): RsReply {
  return { code: 0, message: OK_MESSAGE, ...fields };
}

export function fail(code: number, message: string, fields: Record<string, unknown> = {}): RsReply {
  return { code, message, ...fields };
}

/** Token check failures: Node's `鉴权失败 错误码:N` numbering (docs/roomservice.md#tokens). */
export function authFailed(n: 1 | 2 | 3 | 4, info: string): RsReply {
  return fail(7, `鉴权失败 错误码:${n} 错误信息:${info}`);
}

export const MISSING = (what: string): RsReply => fail(1, `参数不全: ${what}`);
export const NO_ROOM = (): RsReply => fail(3, '请求的房间不存在');

/** The member list fields of get_pushers / get_anchors / heartbeats. */
export function roomFields(room: RsRoom): Record<string, unknown> {
  return {
    roomID: room.roomID,
    roomInfo: room.roomInfo,
    roomName: room.roomInfo,
    roomCreator: room.roomCreator,
    mixedPlayURL: room.mixedPlayURL,
    custom: room.custom,
    customInfo: JSON.stringify(room.custom),
    roomStatusCode: 0,
    pushers: room.pushers.map((p) => ({
      userID: p.userID,
      userName: p.userName,
      userAvatar: p.userAvatar,
      accelerateURL: p.accelerateURL,
    })),
  };
}

/** A get_room_list entry. */
export function roomEntry(room: RsRoom): Record<string, unknown> {
  const { roomStatusCode: _r, ...fields } = roomFields(room);
  return { ...fields, audienceCount: room.audienceCount };
}

/** A body string field ('' when absent; numbers as text). */
export function str(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

/** Room ids we accept from clients: they become IM GroupIds. */
export const ROOM_ID = /^[A-Za-z0-9_@.-]{1,64}$/;

/** SQL of RoomService rooms, members and audiences (`minilvb_rs_room`, `minilvb_rs_pusher`, `minilvb_rs_audience`). */
import type {
  CustomFields,
  LapsedPusher,
  NewRsRoom,
  RoomPatch,
  RoomType,
  RsAudience,
  RsPusher,
  RsRoom,
} from '../../roomservice-store.js';
import { isDuplicateKey, type Db, type SqlParam } from '../pool.js';
import { int, lim } from '../rows.js';

type Row = Record<string, unknown>;
const PK = 'room_type = ? AND room_id = ?';

function parseCustom(v: unknown): CustomFields {
  try {
    const o: unknown = JSON.parse(String(v ?? '{}'));
    return o !== null && typeof o === 'object' && !Array.isArray(o) ? (o as CustomFields) : {};
  } catch {
    return {};
  }
}

function pusherOf(r: Row): RsPusher {
  return {
    userID: String(r.user_id),
    userName: String(r.user_name),
    userAvatar: String(r.user_avatar),
    pushURL: String(r.push_url),
    streamID: String(r.stream_id),
    accelerateURL: String(r.accelerate_url),
    heartbeatMs: int(r.heartbeat_ms),
    joinedMs: int(r.joined_ms),
  };
}

function roomOf(r: Row, pushers: RsPusher[]): RsRoom {
  return {
    roomType: String(r.room_type) as RoomType,
    roomID: String(r.room_id),
    roomInfo: String(r.room_info),
    roomCreator: String(r.room_creator),
    mixedPlayURL: String(r.mixed_play_url),
    custom: parseCustom(r.custom),
    active: int(r.active) === 1,
    audienceCount: int(r.audience_count),
    createdMs: int(r.created_ms),
    pushers,
  };
}

const PUSHER_COLS =
  'room_id, user_id, user_name, user_avatar, push_url, stream_id, accelerate_url, heartbeat_ms, joined_ms';
const ROOM_COLS =
  'room_type, room_id, room_info, room_creator, mixed_play_url, custom, active, audience_count, created_ms';

export class RsRoomRepo {
  constructor(private readonly db: Db) {}

  async create(room: NewRsRoom): Promise<'created' | 'exists'> {
    try {
      await this.db.write(
        'INSERT INTO minilvb_rs_room (room_type, room_id, room_info, room_creator, mixed_play_url, custom, active, ' +
          'members, audience_count, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?)',
        [
          room.roomType,
          room.roomID,
          room.roomInfo,
          room.roomCreator,
          room.mixedPlayURL,
          JSON.stringify(room.custom),
          room.active ? 1 : 0,
          room.createdMs,
        ],
      );
      return 'created';
    } catch (err) {
      if (isDuplicateKey(err)) return 'exists';
      throw err;
    }
  }

  async get(type: RoomType, roomID: string): Promise<RsRoom | undefined> {
    const [rooms, pushers] = await Promise.all([
      this.db.rows<Row>(`SELECT ${ROOM_COLS} FROM minilvb_rs_room WHERE ${PK}`, [type, roomID]),
      this.db.rows<Row>(`SELECT ${PUSHER_COLS} FROM minilvb_rs_pusher WHERE ${PK} ORDER BY joined_ms, user_id`, [
        type,
        roomID,
      ]),
    ]);
    const r = rooms[0];
    return r && roomOf(r, pushers.map(pusherOf));
  }

  async list(type: RoomType, offset: number, limit: number): Promise<RsRoom[]> {
    const rooms = await this.db.rows<Row>(
      `SELECT ${ROOM_COLS} FROM minilvb_rs_room WHERE room_type = ? AND active = 1 ` +
        'ORDER BY created_ms, room_id LIMIT ? OFFSET ?',
      [type, lim(limit), lim(offset)],
    );
    if (rooms.length === 0) return [];
    const ids = rooms.map((r) => String(r.room_id));
    const pushers = await this.db.rows<Row>(
      `SELECT ${PUSHER_COLS} FROM minilvb_rs_pusher WHERE room_type = ? ` +
        `AND room_id IN (${ids.map(() => '?').join(', ')}) ORDER BY joined_ms, user_id`,
      [type, ...ids],
    );
    const by = new Map<string, RsPusher[]>();
    for (const p of pushers) {
      const list = by.get(String(p.room_id)) ?? [];
      list.push(pusherOf(p));
      by.set(String(p.room_id), list);
    }
    return rooms.map((r) => roomOf(r, by.get(String(r.room_id)) ?? []));
  }

  async delete(type: RoomType, roomID: string): Promise<boolean> {
    const res = await this.db.write(`DELETE FROM minilvb_rs_room WHERE ${PK}`, [type, roomID]);
    await this.db.write(`DELETE FROM minilvb_rs_pusher WHERE ${PK}`, [type, roomID]);
    await this.db.write(`DELETE FROM minilvb_rs_audience WHERE ${PK}`, [type, roomID]);
    return res.affectedRows > 0;
  }

  async update(type: RoomType, roomID: string, patch: RoomPatch): Promise<boolean> {
    const sets: string[] = [];
    const params: SqlParam[] = [];
    const set = (column: string, v: SqlParam): void => {
      sets.push(`${column} = ?`);
      params.push(v);
    };
    if (patch.active !== undefined) set('active', patch.active ? 1 : 0);
    if (patch.roomCreator !== undefined) set('room_creator', patch.roomCreator);
    if (patch.mixedPlayURL !== undefined) set('mixed_play_url', patch.mixedPlayURL);
    if (patch.custom !== undefined) set('custom', JSON.stringify(patch.custom));
    if (sets.length === 0)
      return (await this.db.rows(`SELECT 1 FROM minilvb_rs_room WHERE ${PK}`, [type, roomID])).length > 0;
    const res = await this.db.write(`UPDATE minilvb_rs_room SET ${sets.join(', ')} WHERE ${PK}`, [
      ...params,
      type,
      roomID,
    ]);
    return res.affectedRows > 0;
  }

  async casCustom(
    type: RoomType,
    roomID: string,
    expected: CustomFields,
    next: CustomFields,
  ): Promise<boolean | 'absent'> {
    const res = await this.db.write(`UPDATE minilvb_rs_room SET custom = ? WHERE ${PK} AND custom = ?`, [
      JSON.stringify(next),
      type,
      roomID,
      JSON.stringify(expected),
    ]);
    if (res.affectedRows > 0) return true;
    return (await this.db.rows(`SELECT 1 FROM minilvb_rs_room WHERE ${PK}`, [type, roomID])).length > 0
      ? false
      : 'absent';
  }

  /** The member count lives on the room row, so `members < max` is one atomic UPDATE across instances. */
  async upsertPusher(
    type: RoomType,
    roomID: string,
    p: RsPusher,
    max: number,
  ): Promise<'added' | 'updated' | 'full' | 'absent'> {
    const fields = [p.userName, p.userAvatar, p.pushURL, p.streamID, p.accelerateURL, p.heartbeatMs];
    const update = (): Promise<{ affectedRows: number }> =>
      this.db.write(
        'UPDATE minilvb_rs_pusher SET user_name = ?, user_avatar = ?, push_url = ?, stream_id = ?, ' +
          `accelerate_url = ?, heartbeat_ms = ? WHERE ${PK} AND user_id = ?`,
        [...fields, type, roomID, p.userID],
      );
    if ((await update()).affectedRows > 0) return 'updated';
    const slot = await this.db.write(`UPDATE minilvb_rs_room SET members = members + 1 WHERE ${PK} AND members < ?`, [
      type,
      roomID,
      max,
    ]);
    if (slot.affectedRows === 0)
      return (await this.db.rows(`SELECT 1 FROM minilvb_rs_room WHERE ${PK}`, [type, roomID])).length > 0
        ? 'full'
        : 'absent';
    try {
      await this.db.write(
        'INSERT INTO minilvb_rs_pusher (room_type, room_id, user_id, user_name, user_avatar, push_url, stream_id, ' +
          'accelerate_url, heartbeat_ms, joined_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [type, roomID, p.userID, ...fields, p.joinedMs],
      );
      return 'added';
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // The same user joined concurrently through another instance: give the slot back.
      await this.releaseSlot(type, roomID);
      await update();
      return 'updated';
    }
  }

  private releaseSlot(type: RoomType, roomID: string): Promise<unknown> {
    return this.db.write(`UPDATE minilvb_rs_room SET members = GREATEST(members - 1, 0) WHERE ${PK}`, [type, roomID]);
  }

  async removePusher(type: RoomType, roomID: string, userID: string): Promise<boolean> {
    const res = await this.db.write(`DELETE FROM minilvb_rs_pusher WHERE ${PK} AND user_id = ?`, [
      type,
      roomID,
      userID,
    ]);
    if (res.affectedRows === 0) return false;
    await this.releaseSlot(type, roomID);
    return true;
  }

  async heartbeat(type: RoomType, roomID: string, userID: string, nowMs: number): Promise<boolean> {
    const res = await this.db.write(`UPDATE minilvb_rs_pusher SET heartbeat_ms = ? WHERE ${PK} AND user_id = ?`, [
      nowMs,
      type,
      roomID,
      userID,
    ]);
    return res.affectedRows > 0;
  }

  async lapsed(beforeMs: number): Promise<LapsedPusher[]> {
    const rows = await this.db.rows<Row>(
      'SELECT p.room_type, p.room_id, p.user_id, p.stream_id FROM minilvb_rs_pusher p JOIN minilvb_rs_room r ' +
        'ON r.room_type = p.room_type AND r.room_id = p.room_id WHERE p.heartbeat_ms < ? AND r.active = 1 LIMIT 1000',
      [beforeMs],
    );
    return rows.map((r) => ({
      roomType: String(r.room_type) as RoomType,
      roomID: String(r.room_id),
      userID: String(r.user_id),
      streamID: String(r.stream_id),
    }));
  }

  async idle(beforeMs: number): Promise<Array<{ roomType: RoomType; roomID: string }>> {
    const rows = await this.db.rows<Row>(
      'SELECT room_type, room_id FROM minilvb_rs_room WHERE active = 0 AND created_ms < ? LIMIT 1000',
      [beforeMs],
    );
    return rows.map((r) => ({ roomType: String(r.room_type) as RoomType, roomID: String(r.room_id) }));
  }

  async addAudience(type: RoomType, roomID: string, a: RsAudience, maxLen: number): Promise<boolean> {
    if ((await this.db.rows(`SELECT 1 FROM minilvb_rs_room WHERE ${PK}`, [type, roomID])).length === 0) return false;
    const ins = await this.db.write(
      'INSERT IGNORE INTO minilvb_rs_audience (room_type, room_id, user_id, user_info, joined_ms) ' +
        'VALUES (?, ?, ?, ?, ?)',
      [type, roomID, a.userID, a.userInfo, a.joinedMs],
    );
    if (ins.affectedRows > 0)
      await this.db.write(`UPDATE minilvb_rs_room SET audience_count = audience_count + 1 WHERE ${PK}`, [type, roomID]);
    else
      await this.db.write(`UPDATE minilvb_rs_audience SET user_info = ?, joined_ms = ? WHERE ${PK} AND user_id = ?`, [
        a.userInfo,
        a.joinedMs,
        type,
        roomID,
        a.userID,
      ]);
    // The newest entrants stay (docs/roomservice.md#audiences-and-custom-fields).
    const old = await this.db.rows<Row>(
      `SELECT user_id FROM minilvb_rs_audience WHERE ${PK} ORDER BY joined_ms DESC, user_id DESC LIMIT 1000 OFFSET ?`,
      [type, roomID, lim(maxLen)],
    );
    for (const o of old)
      await this.db.write(`DELETE FROM minilvb_rs_audience WHERE ${PK} AND user_id = ?`, [
        type,
        roomID,
        String(o.user_id),
      ]);
    return true;
  }

  async removeAudience(type: RoomType, roomID: string, userID: string): Promise<boolean> {
    if ((await this.db.rows(`SELECT 1 FROM minilvb_rs_room WHERE ${PK}`, [type, roomID])).length === 0) return false;
    const del = await this.db.write(`DELETE FROM minilvb_rs_audience WHERE ${PK} AND user_id = ?`, [
      type,
      roomID,
      userID,
    ]);
    // A listed audience leaving, or one pushed out of the full list earlier (counted, not listed).
    await this.db.write(
      'UPDATE minilvb_rs_room SET audience_count = audience_count - 1 WHERE room_type = ? AND room_id = ? AND ' +
        'audience_count > 0 AND (? = 1 OR audience_count > ' +
        '(SELECT COUNT(*) FROM minilvb_rs_audience a WHERE a.room_type = ? AND a.room_id = ?))',
      [type, roomID, del.affectedRows > 0 ? 1 : 0, type, roomID],
    );
    return true;
  }

  async audiences(type: RoomType, roomID: string): Promise<RsAudience[]> {
    const rows = await this.db.rows<Row>(
      `SELECT user_id, user_info, joined_ms FROM minilvb_rs_audience WHERE ${PK} ORDER BY joined_ms, user_id`,
      [type, roomID],
    );
    return rows.map((r) => ({ userID: String(r.user_id), userInfo: String(r.user_info), joinedMs: int(r.joined_ms) }));
  }
}

/** SQL of RoomService tokens, the sweep lease and the pushed configuration. */
import type {
  CustomFields,
  HeartbeatKey,
  LapsedPusher,
  NewRsRoom,
  RoomPatch,
  RoomServiceStore,
  RoomType,
  RsAudience,
  RsPusher,
  RsRoom,
  RsToken,
} from '../../roomservice-store.js';
import type { Db } from '../pool.js';
import { int } from '../rows.js';
import { RsRoomRepo } from './rs-room-repo.js';

type Row = Record<string, unknown>;

/** The RoomServiceStore over MySQL: every instance on the database sees the same rooms, tokens and lease. */
export class MysqlRoomServiceStore implements RoomServiceStore {
  private readonly rooms: RsRoomRepo;

  constructor(private readonly db: Db) {
    this.rooms = new RsRoomRepo(db);
  }

  async putToken(t: RsToken): Promise<void> {
    await this.db.write(
      'INSERT INTO minilvb_rs_token (user_id, token_sha256, expires_ms) VALUES (?, ?, ?) ' +
        'ON DUPLICATE KEY UPDATE token_sha256 = VALUES(token_sha256), expires_ms = VALUES(expires_ms)',
      [t.userID, t.tokenSha256, t.expiresMs],
    );
  }
  async getToken(userID: string): Promise<RsToken | undefined> {
    const rows = await this.db.rows<Row>(
      'SELECT user_id, token_sha256, expires_ms FROM minilvb_rs_token WHERE user_id = ?',
      [userID],
    );
    const r = rows[0];
    // utf8mb4_general_ci keys: `Alice` finds `alice`'s row, which is not Alice's token.
    if (!r || String(r.user_id) !== userID) return undefined;
    return { userID, tokenSha256: String(r.token_sha256), expiresMs: int(r.expires_ms) };
  }
  async deleteToken(userID: string): Promise<void> {
    await this.db.write('DELETE FROM minilvb_rs_token WHERE user_id = ?', [userID]);
  }

  createRoom(room: NewRsRoom): Promise<'created' | 'exists'> {
    return this.rooms.create(room);
  }
  getRoom(type: RoomType, roomID: string): Promise<RsRoom | undefined> {
    return this.rooms.get(type, roomID);
  }
  listRooms(type: RoomType, offset: number, limit: number): Promise<RsRoom[]> {
    return this.rooms.list(type, offset, limit);
  }
  deleteRoom(type: RoomType, roomID: string): Promise<boolean> {
    return this.rooms.delete(type, roomID);
  }
  updateRoom(type: RoomType, roomID: string, patch: RoomPatch): Promise<boolean> {
    return this.rooms.update(type, roomID, patch);
  }
  casCustom(type: RoomType, roomID: string, expected: CustomFields, next: CustomFields): Promise<boolean | 'absent'> {
    return this.rooms.casCustom(type, roomID, expected, next);
  }
  upsertPusher(
    type: RoomType,
    roomID: string,
    pusher: RsPusher,
    maxMembers: number,
  ): Promise<'added' | 'updated' | 'full' | 'absent'> {
    return this.rooms.upsertPusher(type, roomID, pusher, maxMembers);
  }
  removePusher(type: RoomType, roomID: string, userID: string): Promise<boolean> {
    return this.rooms.removePusher(type, roomID, userID);
  }
  heartbeat(type: RoomType, roomID: string, userID: string, nowMs: number): Promise<boolean> {
    return this.rooms.heartbeat(type, roomID, userID, nowMs);
  }
  async heartbeatMany(beats: readonly HeartbeatKey[], nowMs: number): Promise<void> {
    // Chunks keep each statement's row locks and size bounded.
    for (let i = 0; i < beats.length; i += 200) {
      const chunk = beats.slice(i, i + 200);
      await this.db.write(
        'UPDATE minilvb_rs_pusher SET heartbeat_ms = GREATEST(heartbeat_ms, ?) ' +
          `WHERE (room_type, room_id, user_id) IN (${chunk.map(() => '(?, ?, ?)').join(', ')})`,
        [nowMs, ...chunk.flatMap((b) => [b.roomType, b.roomID, b.userID])],
      );
    }
  }
  lapsedPushers(beforeMs: number): Promise<LapsedPusher[]> {
    return this.rooms.lapsed(beforeMs);
  }
  idleRooms(beforeMs: number): Promise<Array<{ roomType: RoomType; roomID: string }>> {
    return this.rooms.idle(beforeMs);
  }
  addAudience(type: RoomType, roomID: string, audience: RsAudience, maxLen: number): Promise<boolean> {
    return this.rooms.addAudience(type, roomID, audience, maxLen);
  }
  removeAudience(type: RoomType, roomID: string, userID: string): Promise<boolean> {
    return this.rooms.removeAudience(type, roomID, userID);
  }
  listAudiences(type: RoomType, roomID: string): Promise<RsAudience[]> {
    return this.rooms.audiences(type, roomID);
  }

  async tryLease(name: string, owner: string, nowMs: number, untilMs: number): Promise<boolean> {
    const ins = await this.db.write('INSERT IGNORE INTO minilvb_rs_lease (name, owner, expires_ms) VALUES (?, ?, ?)', [
      name,
      owner,
      untilMs,
    ]);
    if (ins.affectedRows > 0) return true;
    // Row lock + re-evaluated WHERE: of two instances racing for an expired lease, one matches.
    const upd = await this.db.write(
      'UPDATE minilvb_rs_lease SET owner = ?, expires_ms = ? WHERE name = ? AND (expires_ms < ? OR owner = ?)',
      [owner, untilMs, name, nowMs, owner],
    );
    return upd.affectedRows > 0;
  }

  async useNonce(nonce: string, nowMs: number, expiresMs: number): Promise<boolean> {
    await this.db.write('DELETE FROM minilvb_rs_nonce WHERE expires_ms < ?', [nowMs]);
    const res = await this.db.write('INSERT IGNORE INTO minilvb_rs_nonce (nonce, expires_ms) VALUES (?, ?)', [
      nonce,
      expiresMs,
    ]);
    return res.affectedRows > 0;
  }

  async getConfig(): Promise<{ json: string; updatedMs: number } | undefined> {
    const rows = await this.db.rows<Row>('SELECT config, updated_ms FROM minilvb_rs_config WHERE id = 1');
    const r = rows[0];
    return r && { json: String(r.config), updatedMs: int(r.updated_ms) };
  }
  async putConfig(json: string, nowMs: number): Promise<void> {
    await this.db.write(
      'INSERT INTO minilvb_rs_config (id, config, updated_ms) VALUES (1, ?, ?) ' +
        'ON DUPLICATE KEY UPDATE config = VALUES(config), updated_ms = VALUES(updated_ms)',
      [json, nowMs],
    );
  }
}

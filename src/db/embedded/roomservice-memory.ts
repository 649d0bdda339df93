/**
 * RoomService state of the embedded store: in memory (the embedded store is one process, and rooms
 * only live as long as their members' heartbeats anyway), except the pushed configuration, which is
 * a 0600 file in server.dataDir so it survives restarts.
 */
import { readFile, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../../fs/atomic-write.js';
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
} from '../roomservice-store.js';

interface MemRoom extends Omit<RsRoom, 'pushers'> {
  pushers: Map<string, RsPusher>;
  audiences: Map<string, RsAudience>;
}

const roomKey = (type: RoomType, roomID: string): string => `${type}\0${roomID}`;

function view(r: MemRoom): RsRoom {
  const { audiences: _a, pushers, ...rest } = r;
  return structuredClone({ ...rest, pushers: [...pushers.values()] });
}

export class MemoryRoomServiceStore implements RoomServiceStore {
  private readonly tokens = new Map<string, RsToken>();
  private readonly rooms = new Map<string, MemRoom>();
  private readonly leases = new Map<string, { owner: string; expiresMs: number }>();

  /** `configFile`: where the pushed configuration is kept (undefined: memory only). */
  constructor(private readonly configFile?: string) {}

  async putToken(token: RsToken): Promise<void> {
    this.tokens.set(token.userID, { ...token });
  }
  async getToken(userID: string): Promise<RsToken | undefined> {
    const t = this.tokens.get(userID);
    return t && { ...t };
  }
  async deleteToken(userID: string): Promise<void> {
    this.tokens.delete(userID);
  }

  async createRoom(room: NewRsRoom): Promise<'created' | 'exists'> {
    const k = roomKey(room.roomType, room.roomID);
    if (this.rooms.has(k)) return 'exists';
    this.rooms.set(k, { ...structuredClone(room), audienceCount: 0, pushers: new Map(), audiences: new Map() });
    return 'created';
  }
  async getRoom(type: RoomType, roomID: string): Promise<RsRoom | undefined> {
    const r = this.rooms.get(roomKey(type, roomID));
    return r && view(r);
  }
  async listRooms(type: RoomType, offset: number, limit: number): Promise<RsRoom[]> {
    const out = [...this.rooms.values()].filter((r) => r.roomType === type && r.active);
    return out.slice(offset, offset + limit).map(view);
  }
  async deleteRoom(type: RoomType, roomID: string): Promise<boolean> {
    return this.rooms.delete(roomKey(type, roomID));
  }
  async updateRoom(type: RoomType, roomID: string, patch: RoomPatch): Promise<boolean> {
    const r = this.rooms.get(roomKey(type, roomID));
    if (!r) return false;
    Object.assign(r, structuredClone(patch));
    return true;
  }
  async casCustom(
    type: RoomType,
    roomID: string,
    expected: CustomFields,
    next: CustomFields,
  ): Promise<boolean | 'absent'> {
    const r = this.rooms.get(roomKey(type, roomID));
    if (!r) return 'absent';
    if (JSON.stringify(r.custom) !== JSON.stringify(expected)) return false;
    r.custom = structuredClone(next);
    return true;
  }

  async upsertPusher(
    type: RoomType,
    roomID: string,
    pusher: RsPusher,
    maxMembers: number,
  ): Promise<'added' | 'updated' | 'full' | 'absent'> {
    const r = this.rooms.get(roomKey(type, roomID));
    if (!r) return 'absent';
    const cur = r.pushers.get(pusher.userID);
    if (cur) {
      r.pushers.set(pusher.userID, { ...pusher, joinedMs: cur.joinedMs });
      return 'updated';
    }
    if (r.pushers.size >= maxMembers) return 'full';
    r.pushers.set(pusher.userID, { ...pusher });
    return 'added';
  }
  async removePusher(type: RoomType, roomID: string, userID: string): Promise<boolean> {
    return this.rooms.get(roomKey(type, roomID))?.pushers.delete(userID) ?? false;
  }
  async heartbeat(type: RoomType, roomID: string, userID: string, nowMs: number): Promise<boolean> {
    const p = this.rooms.get(roomKey(type, roomID))?.pushers.get(userID);
    if (!p) return false;
    p.heartbeatMs = nowMs;
    return true;
  }
  async heartbeatMany(beats: readonly HeartbeatKey[], nowMs: number): Promise<void> {
    for (const b of beats) await this.heartbeat(b.roomType, b.roomID, b.userID, nowMs);
  }
  async lapsedPushers(beforeMs: number): Promise<LapsedPusher[]> {
    const out: LapsedPusher[] = [];
    for (const r of this.rooms.values()) {
      if (!r.active) continue;
      for (const p of r.pushers.values())
        if (p.heartbeatMs < beforeMs)
          out.push({ roomType: r.roomType, roomID: r.roomID, userID: p.userID, streamID: p.streamID });
    }
    return out;
  }
  async idleRooms(beforeMs: number): Promise<Array<{ roomType: RoomType; roomID: string }>> {
    return [...this.rooms.values()]
      .filter((r) => !r.active && r.createdMs < beforeMs)
      .map((r) => ({ roomType: r.roomType, roomID: r.roomID }));
  }

  async addAudience(type: RoomType, roomID: string, audience: RsAudience, maxLen: number): Promise<boolean> {
    const r = this.rooms.get(roomKey(type, roomID));
    if (!r) return false;
    if (!r.audiences.has(audience.userID)) r.audienceCount++;
    r.audiences.delete(audience.userID);
    r.audiences.set(audience.userID, { ...audience });
    // The newest entrants stay (docs/roomservice.md#audiences-and-custom-fields).
    for (const k of r.audiences.keys()) {
      if (r.audiences.size <= maxLen) break;
      r.audiences.delete(k);
    }
    return true;
  }
  async removeAudience(type: RoomType, roomID: string, userID: string): Promise<boolean> {
    const r = this.rooms.get(roomKey(type, roomID));
    if (!r) return false;
    const had = r.audiences.delete(userID);
    if (had || r.audienceCount > r.audiences.size) r.audienceCount = Math.max(0, r.audienceCount - 1);
    return true;
  }
  async listAudiences(type: RoomType, roomID: string): Promise<RsAudience[]> {
    return structuredClone([...(this.rooms.get(roomKey(type, roomID))?.audiences.values() ?? [])]);
  }

  async tryLease(name: string, owner: string, nowMs: number, untilMs: number): Promise<boolean> {
    const cur = this.leases.get(name);
    if (cur && cur.owner !== owner && cur.expiresMs >= nowMs) return false;
    this.leases.set(name, { owner, expiresMs: untilMs });
    return true;
  }

  private readonly nonces = new Map<string, number>();

  async useNonce(nonce: string, nowMs: number, expiresMs: number): Promise<boolean> {
    for (const [n, exp] of this.nonces) if (exp < nowMs) this.nonces.delete(n);
    if (this.nonces.has(nonce)) return false;
    this.nonces.set(nonce, expiresMs);
    return true;
  }

  private memConfig: { json: string; updatedMs: number } | undefined;

  async getConfig(): Promise<{ json: string; updatedMs: number } | undefined> {
    if (!this.configFile) return this.memConfig;
    try {
      const [json, st] = await Promise.all([readFile(this.configFile, 'utf8'), stat(this.configFile)]);
      return { json, updatedMs: st.mtimeMs };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }
  async putConfig(json: string, nowMs: number): Promise<void> {
    if (!this.configFile) {
      this.memConfig = { json, updatedMs: nowMs };
      return;
    }
    await writeFileAtomic(this.configFile, json, { mode: 0o600 });
  }
}

/**
 * Storage of the bundled RoomService (docs/roomservice.md#the-bundled-roomservice): tokens, rooms,
 * members (pushers), audiences, the sweep lease and the pushed configuration. Two implementations:
 * MySQL (`minilvb_rs_*` tables, shared by every instance on the database) and an in-memory one for
 * the embedded store (single process by construction; rooms live as long as the process, like
 * Tencent's own servers, the pushed configuration is a 0600 file in server.dataDir).
 * Every time is Unix milliseconds of the server's injected clock.
 */

/** The three independent room tables of the protocol. */
export type RoomType = 'live_room' | 'double_room' | 'multi_room';

export const ROOM_TYPES: readonly RoomType[] = ['live_room', 'double_room', 'multi_room'];

/** A member pushing a stream in a room (a "pusher" to v1 clients, an "anchor" to v2). */
export interface RsPusher {
  userID: string;
  userName: string;
  userAvatar: string;
  pushURL: string;
  streamID: string;
  accelerateURL: string;
  /** Last heartbeat, ms. */
  heartbeatMs: number;
  joinedMs: number;
}

/** Custom counters/values of a room (set_custom_field). */
export type CustomFields = Record<string, number | string>;

/** A room with its members in join order. */
export interface RsRoom {
  roomType: RoomType;
  roomID: string;
  roomInfo: string;
  roomCreator: string;
  mixedPlayURL: string;
  custom: CustomFields;
  /** False between create_room and the first add_pusher. */
  active: boolean;
  /** Audience joins (may exceed the stored list, which keeps the newest entrants). */
  audienceCount: number;
  createdMs: number;
  pushers: RsPusher[];
}

/** What createRoom writes. */
export type NewRsRoom = Omit<RsRoom, 'pushers' | 'audienceCount'>;

/** A stored audience entry. */
export interface RsAudience {
  userID: string;
  userInfo: string;
  joinedMs: number;
}

/** A login token, kept only as its SHA-256. */
export interface RsToken {
  userID: string;
  tokenSha256: string;
  expiresMs: number;
}

/** Who beat, in which room. */
export interface HeartbeatKey {
  roomType: RoomType;
  roomID: string;
  userID: string;
}

/** One lapsed pusher the sweep must decide about. */
export interface LapsedPusher {
  roomType: RoomType;
  roomID: string;
  userID: string;
  streamID: string;
}

/** The changes updateRoom may make. */
export interface RoomPatch {
  active?: boolean;
  roomCreator?: string;
  mixedPlayURL?: string;
  custom?: CustomFields;
}

/** The storage interface of RoomService. Every method may throw StoreUnavailableError / StoreQueryError. */
export interface RoomServiceStore {
  putToken(token: RsToken): Promise<void>;
  getToken(userID: string): Promise<RsToken | undefined>;
  deleteToken(userID: string): Promise<void>;

  /** 'exists' when a room of that type and id is already there. */
  createRoom(room: NewRsRoom): Promise<'created' | 'exists'>;
  getRoom(type: RoomType, roomID: string): Promise<RsRoom | undefined>;
  /** Active rooms in creation order, skipping `offset`, at most `limit`. */
  listRooms(type: RoomType, offset: number, limit: number): Promise<RsRoom[]>;
  /** Deletes the room, its members and audiences; false when absent. */
  deleteRoom(type: RoomType, roomID: string): Promise<boolean>;
  /** False when the room is absent. */
  updateRoom(type: RoomType, roomID: string, patch: RoomPatch): Promise<boolean>;
  /**
   * Compare-and-set of the custom fields: writes `next` only if the room still holds `expected`
   * (two instances incrementing the same counter must not lose an increment). 'absent' when no room.
   */
  casCustom(type: RoomType, roomID: string, expected: CustomFields, next: CustomFields): Promise<boolean | 'absent'>;

  /**
   * Adds a member (at most `maxMembers`, atomically across instances) or updates an existing one.
   * 'absent' when the room does not exist.
   */
  upsertPusher(
    type: RoomType,
    roomID: string,
    pusher: RsPusher,
    maxMembers: number,
  ): Promise<'added' | 'updated' | 'full' | 'absent'>;
  /** False when the user was not a member. */
  removePusher(type: RoomType, roomID: string, userID: string): Promise<boolean>;
  /** One member's heartbeat. False when the user is not a member of that room. */
  heartbeat(type: RoomType, roomID: string, userID: string, nowMs: number): Promise<boolean>;
  /** Many heartbeats in one write (the server batches the hot path); members that left are ignored. */
  heartbeatMany(beats: readonly HeartbeatKey[], nowMs: number): Promise<void>;
  /** Members of active rooms whose last heartbeat is older than `beforeMs`. */
  lapsedPushers(beforeMs: number): Promise<LapsedPusher[]>;
  /** Inactive rooms created before `beforeMs` (never joined: reclaimed after maxIdleDuration). */
  idleRooms(beforeMs: number): Promise<Array<{ roomType: RoomType; roomID: string }>>;

  /** Adds or refreshes an audience; keeps the newest `maxLen` entries; the room's count goes up for a new one. */
  addAudience(type: RoomType, roomID: string, audience: RsAudience, maxLen: number): Promise<boolean>;
  /** Removes an audience (count goes down, never below 0). False when the room is absent. */
  removeAudience(type: RoomType, roomID: string, userID: string): Promise<boolean>;
  listAudiences(type: RoomType, roomID: string): Promise<RsAudience[]>;

  /**
   * Takes or renews the named lease for `owner` until `untilMs`, when it is free, expired
   * (`expires < nowMs`) or already held by `owner`. Exactly one instance wins a period.
   */
  tryLease(name: string, owner: string, nowMs: number, untilMs: number): Promise<boolean>;

  /**
   * Records an admin request's nonce until `expiresMs` (expired ones are forgotten). False when it was already
   * used: a replayed request is refused by every instance sharing the store.
   */
  useNonce(nonce: string, nowMs: number, expiresMs: number): Promise<boolean>;

  /** The pushed configuration (JSON text), or undefined. */
  getConfig(): Promise<{ json: string; updatedMs: number } | undefined>;
  putConfig(json: string, nowMs: number): Promise<void>;
}

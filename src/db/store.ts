/**
 * The one storage interface of the bundled server. Two implementations: MySQL/MariaDB
 * (src/db/mysql, the PHP-compatible `tb_*` schema plus `minilvb_*` tables) and the embedded
 * store (src/db/embedded, no database needed). test/integration/store-contract.test.ts runs the
 * same assertions against both.
 *
 * Time: every time value crossing this interface is a JS `Date`, i.e. an absolute instant. The
 * MySQL store sets `time_zone = '+08:00'` on every connection and tells mysql2 `timezone: '+08:00'`,
 * so on the wire and in the tables times are UTC+8 wall clock ("2024-05-01 20:00:00" = 12:00Z),
 * exactly what the PHP original writes with `date()` under PRC
 * (docs/app-protocol.md#sharing-a-database-with-the-php-server). Rendering "YYYY-MM-DD HH:MM:SS"
 * in UTC+8 for replies is the server's job, from the instant.
 *
 * Strings are stored verbatim (quotes, backslashes, `--`, emoji): every statement is prepared.
 * Nullable columns come back as `null`; mapping `null` to `""` in replies is the server's job.
 *
 * Lists (MySQL): listVods/countVods/listUgc results are kept up to 1 s (mysql/list-cache.ts);
 * writes through the same store invalidate them at once, writes by another process sharing the
 * database (a PHP server) appear within that second.
 *
 * Errors: a connection-level failure (refused, lost, timeout, pool closed) throws
 * `StoreUnavailableError` (code MLVB_DB_CONNECT): path protocol → 500, callbacks → HTTP 503.
 * Any other database failure throws `StoreQueryError` (code MLVB_DB_QUERY). Messages never hold
 * the database password.
 */
export { StoreUnavailableError, StoreQueryError } from './errors.js';
export {
  PROBE_USER_PREFIX,
  PROBE_TABLES,
  isProbeUserId,
  assertProbeUserId,
  type ProbeDeletion,
  type ProbeTable,
} from './probe-user.js';
import type { ProbeDeletion } from './probe-user.js';
import type { RoomServiceStore } from './roomservice-store.js';

/** Which implementation a store is. */
export type StoreKind = 'mysql' | 'embedded';

/** A `tb_account` row. `password` is the client hash (legacy rows) or a `$scrypt$…` string. */
export interface Account {
  userid: string;
  password: string | null;
  nickname: string | null;
  /** 0 male, 1 female, -1 unknown (column default). */
  sex: number;
  avatar: string | null;
  frontcover: string | null;
  createTime: Date;
}

/** The profile fields `/upload_user_info` may change; absent fields are left as they are. */
export interface AccountPatch {
  nickname?: string;
  avatar?: string;
  sex?: number;
  frontcover?: string;
}

/** A `minilvb_session` row: one per user; a new login/refresh replaces it (docs/app-protocol.md#d3, #d17). */
export interface Session {
  userid: string;
  /** Kept as is: the server recomputes Liteav-Sig from it. */
  token: string;
  tokenExpires: Date;
  /** Lowercase hex SHA-256 of the refresh token (the token itself is never stored). */
  refreshSha256: string;
  refreshExpires: Date;
}

/** A `tb_room` row, written by `/upload_room`, read by the recording callback. */
export interface Room {
  userid: string;
  title: string;
  frontcover: string | null;
  location: string | null;
  createTime: Date;
}

/** A `tb_vod` row (a recording). `createTime` is the recording's end, `startTime` its start. */
export interface Vod {
  userid: string;
  fileId: string;
  title: string | null;
  frontcover: string | null;
  location: string | null;
  /** mp4 URL. */
  playUrl: string | null;
  /** HLS (or FLV) URL. */
  hlsPlayUrl: string | null;
  likeCount: number;
  viewerCount: number;
  createTime: Date;
  /** `null` only for PHP-era rows holding the zero date '0000-00-00 00:00:00'. */
  startTime: Date | null;
}

/** A recording joined with its owner's `tb_account` nickname/avatar (null when no account row). */
export interface VodListItem extends Vod {
  nickname: string | null;
  avatar: string | null;
}

/** What `insertVod` writes; counts start at 0. */
export interface NewVod {
  userid: string;
  fileId: string;
  startTime: Date;
  createTime: Date;
  title?: string | null;
  frontcover?: string | null;
  location?: string | null;
  playUrl?: string | null;
  hlsPlayUrl?: string | null;
}

/** `tb_vod`'s URL columns: mp4 → play_url, other formats → hls_play_url (docs/callbacks.md#the-recording-rule). */
export type VodUrlSlot = 'play_url' | 'hls_play_url';

/** A `tb_ugc` row (`/upload_ugc`). */
export interface Ugc {
  userid: string;
  fileId: string;
  title: string | null;
  frontcover: string | null;
  location: string | null;
  playUrl: string | null;
  createTime: Date;
}

/** A UGC row joined with its owner's nickname/avatar. */
export interface UgcListItem extends Ugc {
  nickname: string | null;
  avatar: string | null;
}

/**
 * One page of a time-filtered list. The 7-day window is the caller's: pass
 * `since = now - 604800 s`; rows with `createTime >= since` are listed.
 */
export interface TimePage {
  since: Date;
  /** Rows to skip, ≥ 0. */
  offset: number;
  /** Page size, ≥ 0. */
  limit: number;
}

/** A plain page (legacy lists). */
export interface Page {
  offset: number;
  limit: number;
}

/** Count changes; each delta may be negative; results are clamped at 0. */
export interface CountDelta {
  likes?: number;
  viewers?: number;
}

/**
 * A `minilvb_live` row: an anchor's live session for the legacy Action protocol. The column
 * `status` holds 1 = online, 0 = offline (the FetchList output meaning, docs/app-protocol.md#actions);
 * translating ChangeStatus's inverted request value is the server's job.
 */
export interface LiveEntry {
  userid: string;
  groupid: string;
  title: string;
  online: boolean;
  viewerCount: number;
  likeCount: number;
  pushTime: Date;
  nickname: string;
  headpic: string;
  frontcover: string;
  location: string;
}

/** What `upsertLive` writes: a new session starts with both counts at 0. */
export type NewLiveEntry = Omit<LiveEntry, 'viewerCount' | 'likeCount'>;

/** A `minilvb_group_member` row: a viewer in a live group (or watching a VOD: groupid = fileid). */
export interface GroupMember {
  groupid: string;
  userid: string;
  liveuserid: string;
  nickname: string;
  headpic: string;
  joinedAt: Date;
}

/** A page of items plus the total number of matching rows. */
export interface Counted<T> {
  total: number;
  items: T[];
}

/** The storage interface the server uses. Every method may throw StoreUnavailableError / StoreQueryError. */
export interface Store {
  readonly kind: StoreKind;
  /**
   * What opening found that the operator should read (e.g. a damaged journal tail that was cut off); the server logs
   * it.
   */
  readonly openWarnings?: readonly string[];

  // ---- accounts (tb_account) ----

  /** Inserts a new account (other columns take their defaults). 'exists' when the userid is taken. */
  createAccount(userid: string, password: string): Promise<'created' | 'exists'>;
  /** The account, or undefined. */
  getAccount(userid: string): Promise<Account | undefined>;
  /**
   * Writes only the fields present in `patch`. Returns false when the user does not exist; an
   * update that changes nothing (or an empty patch) on an existing user returns true.
   */
  updateAccount(userid: string, patch: AccountPatch): Promise<boolean>;
  /** Replaces the stored password (the KDF upgrade on login). False when the user does not exist. */
  setPassword(userid: string, password: string): Promise<boolean>;

  // ---- sessions (minilvb_session) ----

  /** The user's session, or undefined. Expiry is not checked here: the caller compares the dates. */
  getSession(userid: string): Promise<Session | undefined>;
  /**
   * Writes the user's one session (insert or replace). With `expectRefreshSha256` it is a
   * compare-and-swap: the row is replaced only if it currently holds that refresh hash, so two
   * concurrent `/refresh` calls with the same refresh token cannot both win. Returns whether it wrote.
   */
  putSession(session: Session, expectRefreshSha256?: string): Promise<boolean>;

  // ---- rooms (tb_room) ----

  /** Inserts or replaces the user's room (all four fields and createTime are written). */
  upsertRoom(room: Room): Promise<void>;
  /** The user's room, or undefined. */
  getRoom(userid: string): Promise<Room | undefined>;

  // ---- recordings (tb_vod) ----

  /**
   * The global playback list: rows with `createTime >= since` and a non-empty play_url or
   * hls_play_url, joined with tb_account (one query), newest first (ties: userid, fileId ascending).
   */
  listVods(page: TimePage): Promise<VodListItem[]>;
  /** How many rows `listVods` would page through for this `since` (legacy FetchList totalcount). */
  countVods(since: Date): Promise<number>;
  /** One recording by primary key, or undefined. */
  getVod(userid: string, fileId: string): Promise<Vod | undefined>;
  /**
   * The user's recordings whose interval [startTime, createTime] touches [from, to]
   * (`startTime <= to AND createTime >= from`; zero-date rows are not returned), ordered by
   * startTime then fileId: the merge candidates of docs/callbacks.md#the-recording-rule (step 6).
   * The 50 % overlap rule and the empty-slot test are the caller's.
   */
  vodsOfUser(userid: string, from: Date, to: Date): Promise<Vod[]>;
  /** Inserts a recording; 'exists' when (userid, fileId) is already there (nothing is changed then). */
  insertVod(vod: NewVod): Promise<'created' | 'exists'>;
  /**
   * Sets one URL column of an existing recording. Never changes createTime (the statement
   * assigns `create_time = create_time`, docs/callbacks.md#c5). False when the row does not exist.
   */
  setVodUrl(userid: string, fileId: string, slot: VodUrlSlot, url: string): Promise<boolean>;
  /** Adds the deltas to like_count/viewer_count, never below 0; createTime untouched. False when absent. */
  adjustVodCounts(userid: string, fileId: string, delta: CountDelta): Promise<boolean>;

  // ---- UGC (tb_ugc) ----

  /** Inserts or replaces a UGC row (PHP: REPLACE INTO), createTime included. */
  upsertUgc(ugc: Ugc): Promise<void>;
  /** Rows with `createTime >= since`, joined with tb_account, newest first (ties: userid, fileId). */
  listUgc(page: TimePage): Promise<UgcListItem[]>;

  // ---- legacy Action protocol (minilvb_live, minilvb_group_member) ----

  /** Inserts or replaces the anchor's live entry; both counts are reset to 0. */
  upsertLive(entry: NewLiveEntry): Promise<void>;
  /** The anchor's live entry, or undefined. */
  getLive(userid: string): Promise<LiveEntry | undefined>;
  /** Marks the entry online/offline. False when the anchor has no entry. */
  setLiveStatus(userid: string, online: boolean): Promise<boolean>;
  /** Adds the deltas to likecount/viewercount, never below 0. False when the anchor has no entry. */
  adjustLiveCounts(userid: string, delta: CountDelta): Promise<boolean>;
  /** Live entries (only online ones when `onlineOnly`), newest pushTime first (ties: userid), with total. */
  listLive(options: Page & { onlineOnly: boolean }): Promise<Counted<LiveEntry>>;
  /**
   * Adds (or refreshes nickname/headpic of) a member of group `groupid`. Returns true when the
   * member is new, so the caller increments viewercount only once per viewer.
   */
  addMember(member: Omit<GroupMember, 'joinedAt'> & { joinedAt?: Date }): Promise<boolean>;
  /** Removes a member. Returns true when it was there (decrement viewercount only then). */
  removeMember(groupid: string, userid: string): Promise<boolean>;
  /** Members of a group, in join order (ties: userid), with total. */
  listMembers(groupid: string, page: Page): Promise<Counted<GroupMember>>;

  // ---- doctor probe users ----

  /**
   * Deletes every row of a doctor probe user (tb_vod, tb_room, minilvb_session, tb_ugc,
   * minilvb_group_member as viewer or anchor, minilvb_live, tb_account) and returns the counts.
   * Throws a MinilvbError (MLVB_INPUT_INVALID) for any userid not starting with `mlvbdoctor_`.
   */
  deleteProbeUser(userid: string): Promise<ProbeDeletion>;

  // ---- RoomService (docs/roomservice.md#the-bundled-roomservice) ----

  /** Rooms, members and tokens shared by every instance on this store; absent: the server keeps them in memory. */
  readonly roomService?: RoomServiceStore;

  // ---- lifecycle ----

  /** Readiness: resolves when the store can serve (MySQL: `SELECT 1`), throws StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  /** Flushes and releases everything (MySQL: ends the pool). Further calls throw StoreUnavailableError. */
  close(): Promise<void>;
}

/** The Store over MySQL/MariaDB: the PHP-compatible `tb_*` tables plus the `minilvb_*` ones. */
import type { DbConfig } from '../../config/index.js';
import type {
  Account,
  AccountPatch,
  Counted,
  CountDelta,
  GroupMember,
  LiveEntry,
  NewLiveEntry,
  NewVod,
  Page,
  Room,
  Session,
  Store,
  TimePage,
  Ugc,
  UgcListItem,
  Vod,
  VodListItem,
  VodUrlSlot,
} from '../store.js';
import { assertNotTooNew, readSchemaVersion, runMigrations } from '../migrations/migrate.js';
import { assertColumns } from '../verify.js';
import { connect } from './connection.js';
import { systemClock, type Clock } from '../../time/clock.js';
import { ListCache } from './list-cache.js';
import { createDb, type Db } from './pool.js';
import { AccountRepo } from './repos/account-repo.js';
import { LiveRepo } from './repos/live-repo.js';
import { MemberRepo } from './repos/member-repo.js';
import { RoomRepo } from './repos/room-repo.js';
import { SessionRepo } from './repos/session-repo.js';
import { UgcRepo } from './repos/ugc-repo.js';
import { VodRepo } from './repos/vod-repo.js';
import { deleteProbeUserRows } from './repos/probe-repo.js';
import { MysqlRoomServiceStore } from './repos/rs-misc-repo.js';
import type { ProbeDeletion } from '../probe-user.js';

/** Options of openMysqlStore. */
export interface MysqlStoreOptions {
  /** Apply pending migrations first (default true). */
  migrate?: boolean;
  /** Pool size (default 20). */
  connectionLimit?: number;
  connectTimeoutMs?: number;
  /** How long list results may be served from memory, ms (default 1000; 0 disables). See list-cache.ts. */
  listCacheMs?: number;
  /**
   * Refuse to open (MLVB_DB_SCHEMA naming each table and column) when a table or column the
   * server uses is missing after the migrations, e.g. a PHP-era tb_vod (`db migrate` adds them).
   */
  requireColumns?: boolean;
  /** Bounds on waiting for the database (pool.ts): per-statement timeout and wait queue. */
  timeoutMs?: number;
  queueLimit?: number;
  /** Stamps join times and ages the list cache (default: the system clock). */
  clock?: Clock;
}

/** Checks the schema version (refusing a newer one), migrates if asked, and opens the pool. */
export async function openMysqlStore(db: DbConfig, options: MysqlStoreOptions = {}): Promise<Store> {
  const conn = await connect({
    host: db.host,
    port: db.port,
    user: db.user,
    database: db.name,
    ...(db.password === undefined ? {} : { password: db.password }),
    ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    ...(options.timeoutMs ? { queryTimeoutMs: options.timeoutMs } : {}),
  });
  try {
    // Creating missing tables is safe at start; altering an existing (shared, maybe large) table
    // is the operator's call: `db migrate` adds missing columns, requireColumns reports them.
    if (options.migrate ?? true) await runMigrations(conn, { addColumns: false });
    else assertNotTooNew(await readSchemaVersion(conn), conn.where);
    if (options.requireColumns) await assertColumns(conn);
  } finally {
    await conn.close();
  }
  return new MysqlStore(
    options.listCacheMs ?? 1000,
    options.clock ?? systemClock,
    await createDb(db, {
      ...(options.connectionLimit ? { connectionLimit: options.connectionLimit } : {}),
      ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.queueLimit !== undefined ? { queueLimit: options.queueLimit } : {}),
    }),
  );
}

class MysqlStore implements Store {
  readonly kind = 'mysql' as const;
  private readonly accounts: AccountRepo;
  private readonly sessions: SessionRepo;
  private readonly rooms: RoomRepo;
  private readonly vods: VodRepo;
  private readonly ugcs: UgcRepo;
  private readonly live: LiveRepo;
  private readonly members: MemberRepo;
  private readonly cache: ListCache;
  readonly roomService: MysqlRoomServiceStore;

  constructor(
    listCacheMs: number,
    clock: Clock,
    private readonly db: Db,
  ) {
    this.cache = new ListCache(listCacheMs, clock);
    this.accounts = new AccountRepo(db);
    this.sessions = new SessionRepo(db);
    this.rooms = new RoomRepo(db);
    this.vods = new VodRepo(db);
    this.ugcs = new UgcRepo(db);
    this.live = new LiveRepo(db);
    this.members = new MemberRepo(db, clock);
    this.roomService = new MysqlRoomServiceStore(db);
  }

  createAccount(userid: string, password: string): Promise<'created' | 'exists'> {
    return this.cache.write(this.accounts.create(userid, password));
  }
  getAccount(userid: string): Promise<Account | undefined> {
    return this.accounts.get(userid);
  }
  updateAccount(userid: string, patch: AccountPatch): Promise<boolean> {
    return this.cache.write(this.accounts.update(userid, patch));
  }
  setPassword(userid: string, password: string): Promise<boolean> {
    return this.accounts.setPassword(userid, password);
  }

  getSession(userid: string): Promise<Session | undefined> {
    return this.sessions.get(userid);
  }
  putSession(session: Session, expectRefreshSha256?: string): Promise<boolean> {
    return this.sessions.put(session, expectRefreshSha256);
  }

  upsertRoom(room: Room): Promise<void> {
    return this.rooms.upsert(room);
  }
  getRoom(userid: string): Promise<Room | undefined> {
    return this.rooms.get(userid);
  }

  listVods(page: TimePage): Promise<VodListItem[]> {
    return this.cache.get(`vods|${page.since.getTime()}|${page.offset}|${page.limit}`, () => this.vods.list(page));
  }
  countVods(since: Date): Promise<number> {
    return this.cache.get(`count|${since.getTime()}`, () => this.vods.count(since));
  }
  getVod(userid: string, fileId: string): Promise<Vod | undefined> {
    return this.vods.get(userid, fileId);
  }
  vodsOfUser(userid: string, from: Date, to: Date): Promise<Vod[]> {
    return this.vods.ofUser(userid, from, to);
  }
  insertVod(vod: NewVod): Promise<'created' | 'exists'> {
    return this.cache.write(this.vods.insert(vod));
  }
  setVodUrl(userid: string, fileId: string, slot: VodUrlSlot, url: string): Promise<boolean> {
    return this.cache.write(this.vods.setUrl(userid, fileId, slot, url));
  }
  adjustVodCounts(userid: string, fileId: string, delta: CountDelta): Promise<boolean> {
    return this.cache.write(this.vods.adjustCounts(userid, fileId, delta));
  }

  upsertUgc(ugc: Ugc): Promise<void> {
    return this.cache.write(this.ugcs.upsert(ugc));
  }
  listUgc(page: TimePage): Promise<UgcListItem[]> {
    return this.cache.get(`ugc|${page.since.getTime()}|${page.offset}|${page.limit}`, () => this.ugcs.list(page));
  }

  upsertLive(entry: NewLiveEntry): Promise<void> {
    return this.live.upsert(entry);
  }
  getLive(userid: string): Promise<LiveEntry | undefined> {
    return this.live.get(userid);
  }
  setLiveStatus(userid: string, online: boolean): Promise<boolean> {
    return this.live.setStatus(userid, online);
  }
  adjustLiveCounts(userid: string, delta: CountDelta): Promise<boolean> {
    return this.live.adjustCounts(userid, delta);
  }
  listLive(options: Page & { onlineOnly: boolean }): Promise<Counted<LiveEntry>> {
    return this.live.list(options);
  }
  addMember(member: Omit<GroupMember, 'joinedAt'> & { joinedAt?: Date }): Promise<boolean> {
    return this.members.add(member);
  }
  removeMember(groupid: string, userid: string): Promise<boolean> {
    return this.members.remove(groupid, userid);
  }
  listMembers(groupid: string, page: Page): Promise<Counted<GroupMember>> {
    return this.members.list(groupid, page);
  }

  deleteProbeUser(userid: string): Promise<ProbeDeletion> {
    return this.cache.write(deleteProbeUserRows(this.db, userid));
  }

  async ping(): Promise<void> {
    await this.db.rows('SELECT 1 AS ok');
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/**
 * The embedded store: every table in memory, every write journaled and fsync'd before it is
 * acknowledged (see journal.ts). A write changes the tables only once it is durable, so a write
 * refused by a full disk is never visible. Writes in flight are kept in a pending overlay that
 * later writes read: each method reads the overlay and tables and queues its change
 * synchronously, before its first `await`, so no two methods interleave inside a
 * read-modify-write. Plain reads see only durable rows.
 */
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
import { StoreUnavailableError } from '../errors.js';
import { assertProbeUserId, emptyDeletion, type ProbeDeletion, type ProbeTable } from '../probe-user.js';
import { checkDate, checkPage, clampCount } from '../page.js';
import { Journal, type JournalOp } from './journal.js';
import { checkLengths } from './limits.js';
import { systemClock, type Clock } from '../../time/clock.js';
import { key, Tables, type TableName, type TableRows } from './tables.js';
import { Pending } from './pending.js';
import { byNewest, cmp, wholeSeconds } from './row-order.js';

/** Options of openEmbeddedStore. */
export interface EmbeddedStoreOptions {
  /** Journal operations after which a snapshot is written (default 20,000). */
  compactAfter?: number;
  /** Stamps creation and join times (default: the system clock). */
  clock?: Clock;
}

/** The embedded store, plus what its recovery on open wants the operator to know. */
export interface OpenedEmbeddedStore extends Store {
  readonly openWarnings: readonly string[];
}

/** Opens (creating if needed) the embedded store in `dir`, replaying its snapshot and journal. */
export async function openEmbeddedStore(dir: string, options: EmbeddedStoreOptions = {}): Promise<OpenedEmbeddedStore> {
  const tables = new Tables();
  const pending = new Pending();
  const { journal, recovered } = await Journal.open(
    dir,
    () => tables.snapshot(),
    () => pending.clear(),
    options.compactAfter,
  );
  tables.load(recovered.snapshot);
  for (const op of recovered.ops) tables.apply(op);
  return new EmbeddedStore(tables, pending, journal, recovered.warnings, options.clock ?? systemClock);
}

class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  private closed = false;

  constructor(
    private readonly t: Tables,
    private readonly pending: Pending,
    private readonly journal: Journal,
    readonly openWarnings: readonly string[],
    private readonly clock: Clock,
  ) {}

  async createAccount(userid: string, password: string): Promise<'created' | 'exists'> {
    this.open();
    const k = key(userid);
    if (this.latest('account', k)) return 'exists';
    const row: Account = {
      userid,
      password,
      nickname: null,
      sex: -1,
      avatar: null,
      frontcover: null,
      createTime: new Date(this.clock.now()),
    };
    await this.write('account', k, row);
    return 'created';
  }

  async getAccount(userid: string): Promise<Account | undefined> {
    return this.read(this.t.account.get(key(userid)));
  }

  async updateAccount(userid: string, patch: AccountPatch): Promise<boolean> {
    this.open();
    const k = key(userid);
    const cur = this.latest('account', k);
    if (!cur) return false;
    const next: Account = { ...cur };
    if (patch.nickname !== undefined) next.nickname = patch.nickname;
    if (patch.avatar !== undefined) next.avatar = patch.avatar;
    if (patch.sex !== undefined) next.sex = patch.sex;
    if (patch.frontcover !== undefined) next.frontcover = patch.frontcover;
    await this.write('account', k, next);
    return true;
  }

  async setPassword(userid: string, password: string): Promise<boolean> {
    this.open();
    const k = key(userid);
    const cur = this.latest('account', k);
    if (!cur) return false;
    await this.write('account', k, { ...cur, password });
    return true;
  }

  async getSession(userid: string): Promise<Session | undefined> {
    return this.read(this.t.session.get(key(userid)));
  }

  async putSession(session: Session, expectRefreshSha256?: string): Promise<boolean> {
    this.open();
    checkDate('tokenExpires', session.tokenExpires);
    checkDate('refreshExpires', session.refreshExpires);
    const k = key(session.userid);
    if (expectRefreshSha256 !== undefined && this.latest('session', k)?.refreshSha256 !== expectRefreshSha256)
      return false;
    await this.write('session', k, { ...session });
    return true;
  }

  async upsertRoom(room: Room): Promise<void> {
    this.open();
    checkDate('createTime', room.createTime);
    await this.write('room', key(room.userid), { ...room });
  }

  async getRoom(userid: string): Promise<Room | undefined> {
    return this.read(this.t.room.get(key(userid)));
  }

  async listVods(page: TimePage): Promise<VodListItem[]> {
    this.open();
    checkPage(page.offset, page.limit);
    const rows = this.playableVods(page.since)
      .sort(byNewest)
      .slice(page.offset, page.offset + page.limit);
    return rows.map((v) => ({ ...structuredClone(v), ...this.owner(v.userid) }));
  }

  async countVods(since: Date): Promise<number> {
    this.open();
    return this.playableVods(since).length;
  }

  async getVod(userid: string, fileId: string): Promise<Vod | undefined> {
    return this.read(this.t.vod.get(key(userid, fileId)));
  }

  async vodsOfUser(userid: string, from: Date, to: Date): Promise<Vod[]> {
    this.open();
    checkDate('from', from);
    checkDate('to', to);
    const u = key(userid);
    const rows = [...this.t.vod.values()].filter(
      (v) => key(v.userid) === u && v.startTime !== null && v.startTime <= to && v.createTime >= from,
    );
    rows.sort((a, b) => (a.startTime?.getTime() ?? 0) - (b.startTime?.getTime() ?? 0) || cmp(a.fileId, b.fileId));
    return structuredClone(rows);
  }

  async insertVod(vod: NewVod): Promise<'created' | 'exists'> {
    this.open();
    checkDate('startTime', vod.startTime);
    checkDate('createTime', vod.createTime);
    const k = key(vod.userid, vod.fileId);
    if (this.latest('vod', k)) return 'exists';
    const row: Vod = {
      userid: vod.userid,
      fileId: vod.fileId,
      title: vod.title ?? null,
      frontcover: vod.frontcover ?? null,
      location: vod.location ?? null,
      playUrl: vod.playUrl ?? null,
      hlsPlayUrl: vod.hlsPlayUrl ?? null,
      likeCount: 0,
      viewerCount: 0,
      createTime: new Date(vod.createTime),
      startTime: new Date(vod.startTime),
    };
    await this.write('vod', k, row);
    return 'created';
  }

  async setVodUrl(userid: string, fileId: string, slot: VodUrlSlot, url: string): Promise<boolean> {
    this.open();
    const k = key(userid, fileId);
    const cur = this.latest('vod', k);
    if (!cur) return false;
    await this.write('vod', k, slot === 'play_url' ? { ...cur, playUrl: url } : { ...cur, hlsPlayUrl: url });
    return true;
  }

  async adjustVodCounts(userid: string, fileId: string, delta: CountDelta): Promise<boolean> {
    this.open();
    const k = key(userid, fileId);
    const cur = this.latest('vod', k);
    if (!cur) return false;
    await this.write('vod', k, {
      ...cur,
      likeCount: clampCount(cur.likeCount, delta.likes),
      viewerCount: clampCount(cur.viewerCount, delta.viewers),
    });
    return true;
  }

  async upsertUgc(ugc: Ugc): Promise<void> {
    this.open();
    checkDate('createTime', ugc.createTime);
    await this.write('ugc', key(ugc.userid, ugc.fileId), { ...ugc });
  }

  async listUgc(page: TimePage): Promise<UgcListItem[]> {
    this.open();
    checkPage(page.offset, page.limit);
    checkDate('since', page.since);
    const rows = [...this.t.ugc.values()]
      .filter((u) => u.createTime >= page.since)
      .sort(byNewest)
      .slice(page.offset, page.offset + page.limit);
    return rows.map((u) => ({ ...structuredClone(u), ...this.owner(u.userid) }));
  }

  async upsertLive(entry: NewLiveEntry): Promise<void> {
    this.open();
    checkDate('pushTime', entry.pushTime);
    await this.write('live', key(entry.userid), { ...entry, viewerCount: 0, likeCount: 0 });
  }

  async getLive(userid: string): Promise<LiveEntry | undefined> {
    return this.read(this.t.live.get(key(userid)));
  }

  async setLiveStatus(userid: string, online: boolean): Promise<boolean> {
    this.open();
    const k = key(userid);
    const cur = this.latest('live', k);
    if (!cur) return false;
    await this.write('live', k, { ...cur, online });
    return true;
  }

  async adjustLiveCounts(userid: string, delta: CountDelta): Promise<boolean> {
    this.open();
    const k = key(userid);
    const cur = this.latest('live', k);
    if (!cur) return false;
    await this.write('live', k, {
      ...cur,
      likeCount: clampCount(cur.likeCount, delta.likes),
      viewerCount: clampCount(cur.viewerCount, delta.viewers),
    });
    return true;
  }

  async listLive(options: Page & { onlineOnly: boolean }): Promise<Counted<LiveEntry>> {
    this.open();
    checkPage(options.offset, options.limit);
    const rows = [...this.t.live.values()].filter((l) => !options.onlineOnly || l.online);
    rows.sort((a, b) => b.pushTime.getTime() - a.pushTime.getTime() || cmp(a.userid, b.userid));
    return { total: rows.length, items: structuredClone(rows.slice(options.offset, options.offset + options.limit)) };
  }

  async addMember(member: Omit<GroupMember, 'joinedAt'> & { joinedAt?: Date }): Promise<boolean> {
    this.open();
    const k = key(member.groupid, member.userid);
    const cur = this.latest('member', k);
    const joinedAt = cur?.joinedAt ?? member.joinedAt ?? new Date(this.clock.now());
    checkDate('joinedAt', joinedAt);
    const row: GroupMember = {
      ...(cur ?? member),
      liveuserid: member.liveuserid,
      nickname: member.nickname,
      headpic: member.headpic,
      joinedAt,
    };
    await this.write('member', k, row);
    return cur === undefined;
  }

  async removeMember(groupid: string, userid: string): Promise<boolean> {
    this.open();
    const k = key(groupid, userid);
    if (!this.latest('member', k)) return false;
    await this.write('member', k, null);
    return true;
  }

  async listMembers(groupid: string, page: Page): Promise<Counted<GroupMember>> {
    this.open();
    checkPage(page.offset, page.limit);
    const g = key(groupid);
    const rows = [...this.t.member.values()].filter((m) => key(m.groupid) === g);
    rows.sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime() || cmp(a.userid, b.userid));
    return { total: rows.length, items: structuredClone(rows.slice(page.offset, page.offset + page.limit)) };
  }

  async deleteProbeUser(userid: string): Promise<ProbeDeletion> {
    this.open();
    assertProbeUserId(userid);
    const u = key(userid);
    const deleted = emptyDeletion();
    const ops: JournalOp[] = [];
    const drop = <T extends TableName>(table: T, counted: ProbeTable, match: (row: TableRows[T]) => boolean): void => {
      const keys = new Set([...(this.t[table] as Map<string, TableRows[T]>).keys(), ...this.pending.keys(table)]);
      for (const k of keys) {
        const row = this.latest(table, k);
        if (!row || !match(row)) continue;
        ops.push({ t: table, k, v: null });
        deleted[counted]++;
      }
    };
    drop('vod', 'tb_vod', (v) => key(v.userid) === u);
    drop('room', 'tb_room', (r) => key(r.userid) === u);
    drop('session', 'minilvb_session', (s) => key(s.userid) === u);
    drop('ugc', 'tb_ugc', (g) => key(g.userid) === u);
    drop('member', 'minilvb_group_member', (m) => key(m.userid) === u || key(m.liveuserid) === u);
    drop('live', 'minilvb_live', (l) => key(l.userid) === u);
    drop('account', 'tb_account', (a) => key(a.userid) === u);
    // One append and one fsync for all rows; each op deletes a whole row, so a replay is harmless.
    if (ops.length > 0) await this.journalOps(ops);
    return deleted;
  }

  async ping(): Promise<void> {
    this.open();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.journal.close();
  }

  private playableVods(since: Date): Vod[] {
    checkDate('since', since);
    return [...this.t.vod.values()].filter(
      (v) => v.createTime >= since && (Boolean(v.playUrl) || Boolean(v.hlsPlayUrl)),
    );
  }

  private owner(userid: string): { nickname: string | null; avatar: string | null } {
    const a = this.t.account.get(key(userid));
    return { nickname: a?.nickname ?? null, avatar: a?.avatar ?? null };
  }

  private read<T>(row: T | undefined): T | undefined {
    this.open();
    return row === undefined ? undefined : structuredClone(row);
  }

  /** The row as the next write must see it: the newest in-flight write, else the durable row. */
  private latest<T extends TableName>(table: T, k: string): TableRows[T] | undefined {
    const inFlight = this.pending.get(table, k);
    if (inFlight) return (inFlight.row ?? undefined) as TableRows[T] | undefined;
    return (this.t[table] as Map<string, TableRows[T]>).get(k);
  }

  /** Queues the row change now (visible to later writes); the tables change once it is durable. */
  private write<T extends TableName>(table: T, k: string, row: TableRows[T] | null): Promise<void> {
    if (row !== null) checkLengths(table, row);
    return this.journalOps([{ t: table, k, v: row === null ? null : wholeSeconds(structuredClone(row)) }]);
  }

  private journalOps(ops: JournalOp[]): Promise<void> {
    const seqs = ops.map((op) => this.pending.set(op.t as TableName, op.k, op.v));
    return this.journal.append(ops, () => {
      ops.forEach((op, i) => {
        this.t.put(op.t as TableName, op.k, op.v as never);
        this.pending.settle(op.t as TableName, op.k, seqs[i] as number);
      });
    });
  }

  private open(): void {
    if (this.closed)
      throw new StoreUnavailableError('The embedded store is closed.', {
        hint: 'This is a shutdown race; the request can be retried.',
      });
  }
}

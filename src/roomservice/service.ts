/**
 * The RoomService capability: the configuration it runs with (pushed, else the server's own), the
 * store, the IM groups and the stream adapter, plus the rules shared by handlers and the sweep
 * (a member leaving, a room ending). It never listens: src/server mounts it (http.ts).
 */
import { randomBytes } from 'node:crypto';
import type { HeartbeatKey, RoomServiceStore, RoomType, RsRoom, RsToken } from '../db/roomservice-store.js';
import type { Clock } from '../time/clock.js';
import type { ImGroups, ImOutcome } from './im-groups.js';
import { parseRsConfig, type RsConfig } from './rs-config.js';
import type { StreamAdapter } from './stream-adapter.js';

/** Logging the service needs (the server's logger fits). */
export interface RsLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

/** Everything RoomService depends on. */
export interface RoomServiceDeps {
  store: RoomServiceStore;
  clock: Clock;
  logger: RsLogger;
  im: ImGroups;
  streams: StreamAdapter;
  /** The configuration used until one is pushed. */
  base: RsConfig;
  /** The admin token that opens get_login_info and the config endpoints (undefined: closed). */
  adminToken?: string;
  /** How long a pushed configuration read from the store is reused, ms (another instance's push shows up then). */
  configCacheMs?: number;
  /** Run the sweep on a timer (default true; tests call sweepOnce with a moved clock instead). */
  autoSweep?: boolean;
}

/** Store methods that change rooms or members (they invalidate the heartbeat's room cache). */
const WRITES = new Set([
  'createRoom',
  'deleteRoom',
  'updateRoom',
  'casCustom',
  'upsertPusher',
  'removePusher',
  'addAudience',
  'removeAudience',
]);

export class RoomService {
  /** Identifies this instance in the sweep lease. */
  readonly instanceId = randomBytes(8).toString('hex');
  private cached: { config: RsConfig; pushed: boolean; at: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  /** Heartbeats not yet written, by member, with the time of the earliest unwritten beat. */
  private beats = new Map<string, HeartbeatKey & { atMs: number }>();
  private flushing: Promise<void> | undefined;
  private sweeping: Promise<unknown> | undefined;

  /** The store, counting writes through this instance so the heartbeat's room cache never outlives one. */
  readonly store: RoomServiceStore;
  private generation = 0;
  private readonly roomCache = new Map<string, { room: RsRoom | undefined; at: number; gen: number }>();

  constructor(readonly deps: RoomServiceDeps) {
    const bump = (): void => {
      this.generation++;
      this.roomCache.clear();
    };
    this.store = new Proxy(deps.store, {
      get(target, prop): unknown {
        const v: unknown = Reflect.get(target, prop);
        if (typeof v !== 'function' || !WRITES.has(String(prop))) return v;
        return (...args: unknown[]): unknown => {
          bump();
          const out = (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          return out.finally(bump);
        };
      },
    });
  }

  private readonly tokenCache = new Map<string, { token: RsToken | undefined; at: number }>();

  /**
   * A user's token, reused for up to a second like the app protocol's session cache (docs/roomservice.md#tokens):
   * login and logout through this instance take effect at once, through another instance within 1 s.
   */
  async token(userID: string): Promise<RsToken | undefined> {
    const now = this.nowMs();
    const hit = this.tokenCache.get(userID);
    if (hit && now - hit.at < 1000 && now >= hit.at) return hit.token;
    const token = await this.store.getToken(userID);
    if (this.tokenCache.size > 50_000) this.tokenCache.clear();
    this.tokenCache.set(userID, { token, at: now });
    return token;
  }

  /** Drops the cached token of a user (login and logout through this instance). */
  forgetToken(userID: string): void {
    this.tokenCache.delete(userID);
  }

  /**
   * The room as the heartbeat reply shows it, reused for up to a second (docs/roomservice.md#heartbeats-and-cleanup):
   * members beat every few seconds, and re-reading the room per beat costs the database more than the reply is
   * worth. A write through this instance drops the cache at once; one through another instance shows within 1 s.
   */
  async heartbeatRoom(type: RoomType, roomID: string): Promise<RsRoom | undefined> {
    const k = `${type}\0${roomID}`;
    const now = this.nowMs();
    const hit = this.roomCache.get(k);
    if (hit && hit.gen === this.generation && now - hit.at < 1000 && now >= hit.at) return hit.room;
    const gen = this.generation;
    const room = await this.store.getRoom(type, roomID);
    if (gen === this.generation) {
      if (this.roomCache.size > 10_000) this.roomCache.clear();
      this.roomCache.set(k, { room, at: now, gen });
    }
    return room;
  }

  nowMs(): number {
    return this.deps.clock.now();
  }

  nowSec(): number {
    return Math.floor(this.deps.clock.now() / 1000);
  }

  /** The configuration in force: the pushed one (re-read at most every configCacheMs), else the base. */
  async config(): Promise<{ config: RsConfig; pushed: boolean }> {
    const now = this.nowMs();
    const ttl = this.deps.configCacheMs ?? 1000;
    if (this.cached && now - this.cached.at < ttl && now >= this.cached.at) return this.cached;
    const stored = await this.deps.store.getConfig();
    let next = { config: this.deps.base, pushed: false, at: now };
    if (stored) {
      let raw: unknown;
      try {
        raw = JSON.parse(stored.json);
      } catch {
        raw = undefined;
      }
      const parsed = parseRsConfig(raw);
      if (parsed.config) next = { config: parsed.config, pushed: true, at: now };
      else this.deps.logger.warn('stored RoomService config is invalid; using the server config', {});
    }
    this.cached = next;
    return next;
  }

  /** Stores a checked configuration and applies it at once (no restart). */
  async applyConfig(config: RsConfig): Promise<void> {
    await this.deps.store.putConfig(JSON.stringify(config), this.nowMs());
    this.cached = { config, pushed: true, at: this.nowMs() };
  }

  /**
   * Records a member's heartbeat. The write is batched (one statement per second for every member of this
   * instance): a beat only has to land well within heartBeatTimeout, and a write per beat would queue on the
   * database's log flushes under load. The sweep flushes first.
   */
  recordHeartbeat(key: HeartbeatKey): void {
    const k = `${key.roomType}\0${key.roomID}\0${key.userID}`;
    if (!this.beats.has(k)) this.beats.set(k, { ...key, atMs: this.nowMs() });
  }

  /** Writes the buffered heartbeats, one statement per second of beats. */
  async flushHeartbeats(): Promise<void> {
    await this.flushing;
    if (this.beats.size === 0) return;
    const bySecond = new Map<number, HeartbeatKey[]>();
    for (const b of this.beats.values()) {
      const sec = Math.floor(b.atMs / 1000) * 1000;
      bySecond.set(sec, [...(bySecond.get(sec) ?? []), b]);
    }
    this.beats = new Map();
    // Each group is stamped with the start of its second: never later than a real beat.
    this.flushing = (async () => {
      for (const [sec, group] of bySecond) await this.store.heartbeatMany(group, sec);
    })().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  /** Logs an IM failure of a side effect that does not decide the reply. */
  logIm(what: string, roomID: string, out: ImOutcome): void {
    if (!out.ok) this.deps.logger.warn(`IM ${what} failed`, { roomID, imCode: out.imCode, error: out.message });
  }

  /** Ends a room: deletes it with its members and audiences, then destroys its IM group. */
  async endRoom(c: RsConfig, type: RoomType, roomID: string): Promise<void> {
    if (await this.store.deleteRoom(type, roomID))
      this.logIm('destroy_group', roomID, await this.deps.im.destroyGroup(c, roomID));
  }

  /**
   * After a member left (delete_pusher or the sweep): a live_room ends with its creator (other types
   * only with creatorCanDestroyRoom), any room ends when its last member left; otherwise the rest are notified.
   */
  async afterLeave(
    c: RsConfig,
    type: RoomType,
    roomID: string,
    userID: string,
    before: RsRoom | undefined,
  ): Promise<void> {
    const room = await this.store.getRoom(type, roomID);
    if (!room) return;
    const creatorEnds = type === 'live_room' || c.limits.creatorCanDestroyRoom;
    if ((creatorEnds && (before?.roomCreator ?? room.roomCreator) === userID) || room.pushers.length === 0) {
      await this.endRoom(c, type, roomID);
      return;
    }
    this.logIm('notifyPusherChange', roomID, await this.deps.im.notifyPusherChange(c, roomID));
  }

  /**
   * One sweep (docs/roomservice.md#heartbeats-and-cleanup), run by whichever instance holds the lease for
   * this period: pushers silent for heartBeatTimeout are kept only when their stream is confirmed live;
   * rooms created but never joined are reclaimed after maxIdleDuration. Returns what it did.
   */
  async sweepOnce(): Promise<{ owner: boolean; removed: number; refreshed: number; reclaimed: number }> {
    await this.flushHeartbeats();
    const { config: c } = await this.config();
    const now = this.nowMs();
    const period = c.limits.sweepPeriod * 1000;
    // Held slightly less than a period, so the next period's sweep is free for any instance.
    const owner = await this.store.tryLease('sweep', this.instanceId, now, now + period - 250);
    const out = { owner, removed: 0, refreshed: 0, reclaimed: 0 };
    if (!owner) return out;
    for (const p of await this.store.lapsedPushers(now - c.limits.heartBeatTimeout * 1000)) {
      const status = await this.deps.streams.status(c, p.streamID);
      if (status === 'pushing') {
        await this.store.heartbeat(p.roomType, p.roomID, p.userID, this.nowMs());
        out.refreshed++;
        continue;
      }
      const before = await this.store.getRoom(p.roomType, p.roomID);
      if (await this.store.removePusher(p.roomType, p.roomID, p.userID)) {
        out.removed++;
        this.deps.logger.info('roomservice: pusher removed after missed heartbeats', {
          roomID: p.roomID,
          userID: p.userID,
          stream: status,
        });
        await this.afterLeave(c, p.roomType, p.roomID, p.userID, before);
      }
    }
    for (const r of await this.store.idleRooms(now - c.limits.maxIdleDuration * 1000)) {
      await this.endRoom(c, r.roomType, r.roomID);
      out.reclaimed++;
    }
    return out;
  }

  /** Starts the periodic sweep (every sweepPeriod of the configuration at start). */
  async start(): Promise<void> {
    if (!this.flushTimer) {
      this.flushTimer = setInterval(() => {
        this.flushHeartbeats().catch((err: unknown) =>
          this.deps.logger.warn('roomservice heartbeat write failed', {
            error: err instanceof Error ? err.message : String(err),
          }),
        );
      }, 1000);
      this.flushTimer.unref();
    }
    if (this.timer || this.deps.autoSweep === false) return;
    const { config } = await this.config().catch(() => ({ config: this.deps.base }));
    this.timer = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = this.sweepOnce()
        .catch((err: unknown) =>
          this.deps.logger.warn('roomservice sweep failed', {
            error: err instanceof Error ? err.message : String(err),
          }),
        )
        .finally(() => {
          this.sweeping = undefined;
        });
    }, config.limits.sweepPeriod * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.flushTimer);
    this.timer = undefined;
    this.flushTimer = undefined;
    await this.sweeping;
    await this.flushHeartbeats().catch(() => undefined);
  }
}

/** What every route receives: the frozen config, the store, the clock, the logger and the tunables. */
import type { MinilvbConfig } from '../config/index.js';
import type { Session, Store } from '../db/store.js';
import type { Logger } from './logger.js';
import { unixNow, type Clock } from '../time/clock.js';
import { DbHealth } from './db-health.js';
import { TtlCache } from './ttl-cache.js';
import { DEFAULT_SCRYPT_N, KdfQueue } from './abuse/kdf-queue.js';
import { RateLimiter } from './abuse/rate-limit.js';
import { ReplayCache } from './callback/replay-cache.js';
import type { CallbackReply } from './callback/parse-event.js';
import { createRoomService, type RoomService, type RoomServiceDeps } from '../roomservice/index.js';

/**
 * Server tunables (defaults: docs/app-protocol.md, docs/callbacks.md); the config's `server.*` fields set them,
 * createApp's `options` override.
 */
export interface ServerOptions {
  /** Session token lifetime, seconds (docs/app-protocol.md#d3: 86400, also the `expires` reported). */
  tokenTtlSeconds: number;
  /** Refresh token lifetime, seconds (docs/app-protocol.md#d3: default 30 days). */
  refreshTtlSeconds: number;
  /** docs/app-protocol.md#d4, opt-in: reject signed bodies whose `timestamp` is more than max(expires, 300) s off. */
  strictTimestamps: boolean;
  /** docs/callbacks.md#the-recording-rule: recordings of this many seconds or fewer are ignored. */
  minRecordSeconds: number;
  /** Request body limit, bytes (docs/app-protocol.md#d9). */
  bodyLimit: number;
  /**
   * How long a session read for Liteav-Sig may be reused (ms). Logins and refreshes through this
   * process take effect at once; one made through another process within this time. 0 disables.
   */
  sessionCacheMs: number;
  /** How far ahead of now (plus callbackSkew) a callback `t` may lie, seconds. */
  callbackWindow: number;
  /** Login + register attempts per minute per client address / per userid; 0 disables. */
  loginLimitPerAddress: number;
  loginLimitPerUser: number;
  /** scrypt runs at once, and callers that may wait for one. */
  kdfConcurrency: number;
  kdfQueue: number;
  /** scrypt N of new password hashes; only embedders lower it (tests), the config has no field for it. */
  kdfCost: number;
}

export const DEFAULT_OPTIONS: Readonly<ServerOptions> = Object.freeze({
  tokenTtlSeconds: 86400,
  refreshTtlSeconds: 30 * 86400,
  strictTimestamps: false,
  minRecordSeconds: 60,
  bodyLimit: 1024 * 1024,
  sessionCacheMs: 1000,
  callbackWindow: 600,
  loginLimitPerAddress: 600,
  loginLimitPerUser: 20,
  kdfConcurrency: 1,
  kdfQueue: 256,
  kdfCost: DEFAULT_SCRYPT_N,
});

/** The options the config's `server.*` fields set (a field missing from a hand-made config keeps the default). */
export function optionsFromConfig(config: MinilvbConfig): ServerOptions {
  const s: Partial<MinilvbConfig['server']> = config.server;
  const d = DEFAULT_OPTIONS;
  return {
    tokenTtlSeconds: s.tokenTtl ?? d.tokenTtlSeconds,
    refreshTtlSeconds: s.refreshTtl ?? d.refreshTtlSeconds,
    strictTimestamps: s.strictTimestamps === undefined ? d.strictTimestamps : s.strictTimestamps === 'on',
    minRecordSeconds: s.minRecordSeconds ?? d.minRecordSeconds,
    bodyLimit: s.bodyLimit ?? d.bodyLimit,
    sessionCacheMs: s.sessionCacheMs ?? d.sessionCacheMs,
    callbackWindow: s.callbackWindow ?? d.callbackWindow,
    loginLimitPerAddress: s.loginLimitPerAddress ?? d.loginLimitPerAddress,
    loginLimitPerUser: s.loginLimitPerUser ?? d.loginLimitPerUser,
    kdfConcurrency: s.kdfConcurrency ?? d.kdfConcurrency,
    kdfQueue: s.kdfQueue ?? d.kdfQueue,
    kdfCost: d.kdfCost,
  };
}

/** Inputs of createApp. */
export interface AppDeps {
  config: MinilvbConfig;
  store: Store;
  clock?: Clock;
  logger?: Logger;
  options?: Partial<ServerOptions>;
  /** RoomService parts to replace (tests: the stream adapter, the IM port). */
  roomService?: Partial<RoomServiceDeps>;
}

/** The resolved dependencies handed to every route. */
export interface ServerContext {
  readonly config: MinilvbConfig;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly options: ServerOptions;
  readonly dbHealth: DbHealth;
  /** Sessions by userid, for Liteav-Sig checks. */
  readonly sessions: TtlCache<Session | undefined>;
  /** The password KDF's bounded queue (abuse/kdf-queue.ts). */
  readonly kdf: KdfQueue;
  /** Login/register attempt counters per client address and per userid. */
  readonly loginByAddress: RateLimiter;
  readonly loginByUser: RateLimiter;
  /** Callbacks answered recently, so a replay gets the same answer without a second effect. */
  readonly callbackReplays: ReplayCache<CallbackReply>;
  /** The bundled RoomService (/weapp/…). */
  readonly roomService: RoomService;
  /** Current Unix time in whole seconds. */
  now(): number;
}

export function makeContext(
  deps: Required<Pick<AppDeps, 'config' | 'store' | 'clock' | 'logger'>> &
    Pick<AppDeps, 'roomService'> & { options: ServerOptions },
): ServerContext {
  const { clock, logger } = deps;
  for (const warning of deps.store.openWarnings ?? []) logger.warn('store opened with a warning', { detail: warning });
  return {
    config: deps.config,
    store: deps.store,
    clock,
    logger,
    options: deps.options,
    dbHealth: new DbHealth(logger, clock, deps.store),
    sessions: new TtlCache(deps.options.sessionCacheMs, clock),
    kdf: new KdfQueue(deps.options.kdfConcurrency, deps.options.kdfQueue, deps.options.kdfCost),
    loginByAddress: new RateLimiter(deps.options.loginLimitPerAddress, clock),
    loginByUser: new RateLimiter(deps.options.loginLimitPerUser, clock),
    callbackReplays: new ReplayCache(clock),
    roomService: createRoomService({
      config: deps.config,
      store: deps.store,
      clock,
      logger,
      ...(deps.roomService ? { overrides: deps.roomService } : {}),
    }),
    now: () => unixNow(clock),
  };
}

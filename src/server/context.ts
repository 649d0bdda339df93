/** What every route receives: the frozen config, the store, the clock, the logger and the tunables. */
import type { MinilvbConfig } from '../config/index.js';
import type { Session, Store } from '../db/store.js';
import type { Logger } from './logger.js';
import { unixNow, type Clock } from './time.js';
import { DbHealth } from './db-health.js';
import { TtlCache } from './ttl-cache.js';

/** Server tunables that are not part of the config file (defaults follow the spec). */
export interface ServerOptions {
  /** Session token lifetime, seconds (D3: 86400, also the `expires` reported). */
  tokenTtlSeconds: number;
  /** Refresh token lifetime, seconds (D3: default 30 days). */
  refreshTtlSeconds: number;
  /** D4 opt-in: reject signed bodies whose `timestamp` is more than max(expires, 300) s off. */
  strictTimestamps: boolean;
  /** callbacks.md §5.1: recordings of this many seconds or fewer are ignored. */
  minRecordSeconds: number;
  /** Request body limit, bytes (D9). */
  bodyLimit: number;
  /**
   * How long a session read for Liteav-Sig may be reused (ms). Logins and refreshes through this
   * process take effect at once; one made through another process within this time. 0 disables.
   */
  sessionCacheMs: number;
  /** How long a page of the global recording list may be reused (ms); local writes clear it. 0 disables. */
  listCacheMs: number;
}

export const DEFAULT_OPTIONS: Readonly<ServerOptions> = Object.freeze({
  tokenTtlSeconds: 86400,
  refreshTtlSeconds: 30 * 86400,
  strictTimestamps: false,
  minRecordSeconds: 60,
  bodyLimit: 1024 * 1024,
  sessionCacheMs: 1000,
  listCacheMs: 1000,
});

/** Inputs of createApp. */
export interface AppDeps {
  config: MinilvbConfig;
  store: Store;
  clock?: Clock;
  logger?: Logger;
  options?: Partial<ServerOptions>;
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
  /** Serialised get_vod_list replies by page; cleared by every local write that changes the list. */
  readonly vodPages: TtlCache<string>;
  /** Current Unix time in whole seconds. */
  now(): number;
}

export function makeContext(deps: Required<Pick<AppDeps, 'config' | 'store' | 'clock' | 'logger'>> & { options: ServerOptions }): ServerContext {
  const { clock, logger } = deps;
  for (const warning of deps.store.openWarnings ?? []) logger.warn('store opened with a warning', { detail: warning });
  return {
    config: deps.config,
    store: deps.store,
    clock,
    logger,
    options: deps.options,
    dbHealth: new DbHealth(logger, clock),
    sessions: new TtlCache(deps.options.sessionCacheMs, clock),
    vodPages: new TtlCache(deps.options.listCacheMs, clock, 1000),
    now: () => unixNow(clock),
  };
}

/** What every route receives: the frozen config, the store, the clock, the logger and the tunables. */
import type { MinilvbConfig } from '../config/index.js';
import type { Store } from '../db/store.js';
import type { Logger } from './logger.js';
import { unixNow, type Clock } from './time.js';
import { DbHealth } from './db-health.js';

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
}

export const DEFAULT_OPTIONS: Readonly<ServerOptions> = Object.freeze({
  tokenTtlSeconds: 86400,
  refreshTtlSeconds: 30 * 86400,
  strictTimestamps: false,
  minRecordSeconds: 60,
  bodyLimit: 1024 * 1024,
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
  /** Current Unix time in whole seconds. */
  now(): number;
}

export function makeContext(deps: Required<Pick<AppDeps, 'config' | 'store' | 'clock' | 'logger'>> & { options: ServerOptions }): ServerContext {
  const { clock, logger } = deps;
  return {
    config: deps.config,
    store: deps.store,
    clock,
    logger,
    options: deps.options,
    dbHealth: new DbHealth(logger, clock),
    now: () => unixNow(clock),
  };
}

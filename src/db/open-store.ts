/**
 * Opens the store the configuration asks for: MySQL/MariaDB when `db` is configured, the
 * embedded store under `server.dataDir` otherwise.
 */
import { isAbsolute, resolve } from 'node:path';
import type { MinilvbConfig } from '../config/index.js';
import type { StoreUnavailableError } from './errors.js';
import { outageOf, type Outage } from './outage.js';
import type { Store } from './store.js';
import type { Clock } from '../time/clock.js';

/** Options of openStore. */
export interface OpenStoreOptions {
  /** Base for a relative `server.dataDir` (default: process.cwd()). */
  cwd?: string;
  /**
   * MySQL only: apply pending migrations before returning (default true). With false, a database
   * behind the known schema is still opened (tables the server needs may be missing).
   * A database newer than this minilvb always fails with MLVB_DB_TOO_NEW.
   */
  migrate?: boolean;
  /** Stamps the times the store writes itself (default: the system clock). */
  clock?: Clock;
}

/**
 * Opens the configured store. MySQL: creates the pool (mysql2 imported lazily), checks the
 * schema version (MLVB_DB_TOO_NEW when newer) and applies pending migrations; throws
 * StoreUnavailableError when the database cannot be reached. Embedded: replays the journal.
 */
export async function openStore(
  config: Pick<MinilvbConfig, 'db' | 'server'>,
  options: OpenStoreOptions = {},
): Promise<Store> {
  if (config.db) {
    const { openMysqlStore } = await import('./mysql/mysql-store.js');
    return openMysqlStore(config.db, {
      migrate: options.migrate ?? true,
      ...dbLimits(config.server),
      ...(options.clock ? { clock: options.clock } : {}),
    });
  }
  const dir = isAbsolute(config.server.dataDir)
    ? config.server.dataDir
    : resolve(options.cwd ?? process.cwd(), config.server.dataDir);
  const { openEmbeddedStore } = await import('./embedded/embedded-store.js');
  return openEmbeddedStore(dir, options.clock ? { clock: options.clock } : {});
}

/** The pool bounds (server.dbTimeout, server.dbQueueLimit) and the one list cache window (server.listCacheMs). */
function dbLimits(server: MinilvbConfig['server']): {
  timeoutMs: number;
  connectTimeoutMs: number;
  queueLimit: number;
  listCacheMs: number;
} {
  return {
    timeoutMs: server.dbTimeout,
    connectTimeoutMs: server.dbTimeout,
    queueLimit: server.dbQueueLimit,
    listCacheMs: server.listCacheMs,
  };
}

/** What openServerStore returns: the store, and why the database is not usable yet (if so). */
export interface ServerStore {
  store: Store;
  /** Why the database is not usable yet: the error the first open attempt gave, and its kind and cause. */
  outage: (Outage & { error: StoreUnavailableError }) | undefined;
}

/**
 * The store of `serve`. MySQL: never fails to open; a database that is down, refuses the login,
 * does not exist or lacks tables/columns the server needs (a PHP-era schema) is served as an
 * outage and retried with backoff until it works (reconnecting-store.ts). Embedded: openStore.
 */
export async function openServerStore(
  config: Pick<MinilvbConfig, 'db' | 'server'>,
  options: Pick<OpenStoreOptions, 'cwd' | 'clock'> = {},
): Promise<ServerStore> {
  const db = config.db;
  if (!db) return { store: await openStore(config, options), outage: undefined };
  const { openMysqlStore } = await import('./mysql/mysql-store.js');
  const { reconnectingStore } = await import('./reconnecting-store.js');
  const r = reconnectingStore('mysql', () =>
    openMysqlStore(db, {
      migrate: true,
      requireColumns: true,
      ...dbLimits(config.server),
      ...(options.clock ? { clock: options.clock } : {}),
    }),
  );
  const error = await r.firstAttempt;
  return { store: r.store, outage: error ? { ...outageOf(error), error } : undefined };
}

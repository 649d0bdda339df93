/**
 * Opens the store the configuration asks for: MySQL/MariaDB when `db` is configured, the
 * embedded store under `server.dataDir` otherwise.
 */
import { isAbsolute, resolve } from 'node:path';
import type { MinilvbConfig } from '../config/index.js';
import type { Store } from './store.js';

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
}

/**
 * Opens the configured store. MySQL: creates the pool (mysql2 imported lazily), checks the
 * schema version (MLVB_DB_TOO_NEW when newer) and applies pending migrations; throws
 * StoreUnavailableError when the database cannot be reached. Embedded: replays the journal.
 */
export async function openStore(config: Pick<MinilvbConfig, 'db' | 'server'>, options: OpenStoreOptions = {}): Promise<Store> {
  if (config.db) {
    const { openMysqlStore } = await import('./mysql/mysql-store.js');
    return openMysqlStore(config.db, { migrate: options.migrate ?? true });
  }
  const dir = isAbsolute(config.server.dataDir) ? config.server.dataDir : resolve(options.cwd ?? process.cwd(), config.server.dataDir);
  const { openEmbeddedStore } = await import('./embedded/embedded-store.js');
  return openEmbeddedStore(dir);
}

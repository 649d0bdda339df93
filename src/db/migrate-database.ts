/** `db migrate` as a function: applies pending migrations with the application credentials. */
import type { DbConfig } from '../config/index.js';
import { connect } from './mysql/connection.js';
import { runMigrations, type MigrationReport } from './migrations/migrate.js';

/** Options of migrateDatabase. */
export interface MigrateOptions {
  db: DbConfig;
  /** Report the pending statements without running them. */
  dryRun?: boolean;
}

/** Brings the configured database to the latest schema; MLVB_DB_TOO_NEW when it is newer. */
export async function migrateDatabase(o: MigrateOptions): Promise<MigrationReport> {
  const conn = await connect({
    host: o.db.host,
    port: o.db.port,
    user: o.db.user,
    database: o.db.name,
    ...(o.db.password === undefined ? {} : { password: o.db.password }),
  });
  try {
    return await runMigrations(conn, { dryRun: Boolean(o.dryRun) });
  } finally {
    await conn.close();
  }
}

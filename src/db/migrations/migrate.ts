/**
 * Applies migrations over one admin or app connection. MySQL commits DDL implicitly, so a
 * migration cannot be one transaction; instead every statement is idempotent (CREATE TABLE IF NOT
 * EXISTS) and the version row is written last: a migration cut short is simply run again. A
 * named lock keeps two starting servers from migrating at the same time.
 */
import { MinilvbError } from '../../errors.js';
import type { SqlConn } from '../mysql/connection.js';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations.js';
import { SCHEMA_TABLE_SQL } from './tables.js';

/** What a migration run did (or, with dryRun, would do). */
export interface MigrationReport {
  /** Version before the run; null when `minilvb_schema` did not exist (fresh or PHP-era database). */
  from: number | null;
  to: number;
  applied: { version: number; name: string; statements: string[] }[];
  dryRun: boolean;
}

/** The recorded schema version, or null when `minilvb_schema` does not exist. */
export async function readSchemaVersion(conn: SqlConn): Promise<number | null> {
  const t = await conn.query("SELECT 1 AS x FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'minilvb_schema'");
  if (t.length === 0) return null;
  const rows = await conn.query<{ v: unknown }>('SELECT MAX(version) AS v FROM minilvb_schema');
  const v = rows[0]?.v;
  return v === null || v === undefined ? 0 : Number(v);
}

/** Throws MLVB_DB_TOO_NEW when the database was migrated by a newer minilvb. */
export function assertNotTooNew(version: number | null, where: string): void {
  if (version !== null && version > LATEST_VERSION) {
    throw new MinilvbError('MLVB_DB_TOO_NEW', `The database ${where} has schema version ${version}; this minilvb knows up to ${LATEST_VERSION}.`, {
      hint: 'Upgrade minilvb to the version that migrated this database (never point an older minilvb at it).',
      details: { schemaVersion: version, knownVersion: LATEST_VERSION },
    });
  }
}

/** Migrations newer than `version`. */
export function pendingMigrations(version: number | null): Migration[] {
  return MIGRATIONS.filter((m) => m.version > (version ?? 0));
}

/** Brings the connected database (its current DATABASE()) up to LATEST_VERSION. */
export async function runMigrations(conn: SqlConn, options: { dryRun?: boolean } = {}): Promise<MigrationReport> {
  const from = await readSchemaVersion(conn);
  assertNotTooNew(from, conn.where);
  const dryRun = options.dryRun ?? false;
  const pending = pendingMigrations(from);
  if (dryRun || pending.length === 0) {
    const applied = pending.map((m) => ({ version: m.version, name: m.name, statements: [...(from === null ? [SCHEMA_TABLE_SQL] : []), ...m.statements] }));
    return { from, to: dryRun ? LATEST_VERSION : from ?? 0, applied: dryRun ? applied : [], dryRun };
  }
  const locked = await conn.query<{ l: unknown }>("SELECT GET_LOCK(CONCAT('minilvb_migrate_', DATABASE()), 30) AS l");
  if (Number(locked[0]?.l) !== 1) {
    throw new MinilvbError('MLVB_DB_SCHEMA', `Another process has been migrating ${conn.where} for 30 s.`, { hint: 'Wait for it to finish, then run `minilvb db migrate` again.' });
  }
  try {
    await conn.query(SCHEMA_TABLE_SQL);
    const current = await readSchemaVersion(conn);
    assertNotTooNew(current, conn.where);
    const applied: MigrationReport['applied'] = [];
    for (const m of pendingMigrations(current)) {
      for (const sql of m.statements) await conn.query(sql);
      await conn.query('INSERT INTO minilvb_schema (version) VALUES (?)', [m.version]);
      applied.push({ version: m.version, name: m.name, statements: [...(from === null && applied.length === 0 ? [SCHEMA_TABLE_SQL] : []), ...m.statements] });
    }
    return { from, to: LATEST_VERSION, applied, dryRun };
  } finally {
    await conn.query("SELECT RELEASE_LOCK(CONCAT('minilvb_migrate_', DATABASE()))").catch(() => undefined);
  }
}

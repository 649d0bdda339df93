/**
 * Applies migrations over one admin or app connection. MySQL commits DDL implicitly, so a
 * migration cannot be one transaction; instead every statement is idempotent (CREATE TABLE IF NOT
 * EXISTS) and the version row is written last: a migration cut short is simply run again. A
 * named lock keeps two starting servers from migrating at the same time.
 */
import { MinilvbError } from '../../errors.js';
import type { SqlConn } from '../mysql/connection.js';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations.js';
import { addColumnSql, SCHEMA_TABLE_SQL, TABLES } from './tables.js';
import { missingSchema, verifySchema } from '../verify.js';

/** What a migration run did (or, with dryRun, would do). */
export interface MigrationReport {
  /** Version before the run; null when `minilvb_schema` did not exist (fresh or PHP-era database). */
  from: number | null;
  to: number;
  applied: { version: number; name: string; statements: string[] }[];
  /**
   * `ALTER TABLE … ADD COLUMN` statements for columns missing from existing tables (a PHP-era
   * tb_vod without start_time/title): run (or, with dryRun, to run) after the migrations.
   */
  addedColumns: string[];
  dryRun: boolean;
}

/** The recorded schema version, or null when `minilvb_schema` does not exist. */
export async function readSchemaVersion(conn: SqlConn): Promise<number | null> {
  const t = await conn.query(
    "SELECT 1 AS x FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'minilvb_schema'",
  );
  if (t.length === 0) return null;
  const rows = await conn.query<{ v: unknown }>('SELECT MAX(version) AS v FROM minilvb_schema');
  const v = rows[0]?.v;
  return v === null || v === undefined ? 0 : Number(v);
}

/** Throws MLVB_DB_TOO_NEW when the database was migrated by a newer minilvb. */
export function assertNotTooNew(version: number | null, where: string): void {
  if (version !== null && version > LATEST_VERSION) {
    throw new MinilvbError(
      'MLVB_DB_TOO_NEW',
      `The database ${where} has schema version ${version}; this minilvb knows up to ${LATEST_VERSION}.`,
      {
        hint: 'Upgrade minilvb to the version that migrated this database (never point an older minilvb at it).',
        details: { schemaVersion: version, knownVersion: LATEST_VERSION },
      },
    );
  }
}

/** Migrations newer than `version`. */
export function pendingMigrations(version: number | null): Migration[] {
  return MIGRATIONS.filter((m) => m.version > (version ?? 0));
}

/**
 * Brings the connected database (its current DATABASE()) up to LATEST_VERSION, then (unless
 * addColumns is false) adds the columns missing from existing tables.
 */
export async function runMigrations(
  conn: SqlConn,
  options: { dryRun?: boolean; addColumns?: boolean } = {},
): Promise<MigrationReport> {
  const addColumns = options.addColumns ?? true;
  const from = await readSchemaVersion(conn);
  assertNotTooNew(from, conn.where);
  const dryRun = options.dryRun ?? false;
  const pending = pendingMigrations(from);
  if (dryRun) {
    const applied = pending.map((m) => ({
      version: m.version,
      name: m.name,
      statements: [...(from === null ? [SCHEMA_TABLE_SQL] : []), ...m.statements],
    }));
    return {
      from,
      to: LATEST_VERSION,
      applied,
      addedColumns: addColumns ? await missingColumnStatements(conn) : [],
      dryRun,
    };
  }
  if (pending.length === 0) {
    const addedColumns = addColumns ? await missingColumnStatements(conn) : [];
    if (addedColumns.length === 0) return { from, to: from ?? 0, applied: [], addedColumns, dryRun };
  }
  const locked = await conn.query<{ l: unknown }>("SELECT GET_LOCK(CONCAT('minilvb_migrate_', DATABASE()), 30) AS l");
  if (Number(locked[0]?.l) !== 1) {
    throw new MinilvbError('MLVB_DB_SCHEMA', `Another process has been migrating ${conn.where} for 30 s.`, {
      hint: 'Wait for it to finish, then run `minilvb db migrate` again.',
    });
  }
  try {
    await conn.query(SCHEMA_TABLE_SQL);
    const current = await readSchemaVersion(conn);
    assertNotTooNew(current, conn.where);
    const applied: MigrationReport['applied'] = [];
    for (const m of pendingMigrations(current)) {
      for (const sql of m.statements) await conn.query(sql);
      await conn.query('INSERT INTO minilvb_schema (version) VALUES (?)', [m.version]);
      applied.push({
        version: m.version,
        name: m.name,
        statements: [...(from === null && applied.length === 0 ? [SCHEMA_TABLE_SQL] : []), ...m.statements],
      });
    }
    const addedColumns = addColumns ? await missingColumnStatements(conn) : [];
    for (const sql of addedColumns) await conn.query(sql);
    return { from, to: LATEST_VERSION, applied, addedColumns, dryRun };
  } finally {
    await conn.query("SELECT RELEASE_LOCK(CONCAT('minilvb_migrate_', DATABASE()))").catch(() => undefined);
  }
}

/** ADD COLUMN statements for every expected column missing from an existing table. */
async function missingColumnStatements(conn: SqlConn): Promise<string[]> {
  const missing = missingSchema(await verifySchema(conn)).columns;
  return TABLES.flatMap((t) => (missing[t.name] ?? []).map((col) => addColumnSql(t, col)));
}

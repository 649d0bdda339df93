/** `db status` as a function: connection, server version, schema version, pending migrations, row counts. */
import type { DbConfig } from '../config/index.js';
import { MinilvbError } from '../errors.js';
import { connect } from './mysql/connection.js';
import { LATEST_VERSION } from './migrations/migrations.js';
import { pendingMigrations, readSchemaVersion } from './migrations/migrate.js';
import { TABLES } from './migrations/tables.js';

/** What databaseStatus found. */
export interface DbStatus {
  where: string;
  connected: boolean;
  /** Why the connection failed (code and message, never the password). */
  error?: { code: string; message: string; hint?: string };
  serverVersion?: string;
  /** null: no minilvb_schema table (fresh or PHP-era database). */
  schemaVersion?: number | null;
  knownVersion: number;
  pending: { version: number; name: string }[];
  tooNew: boolean;
  /** Rows per table; null when the table does not exist. */
  rowCounts: Record<string, number | null>;
}

/** Connects with the application credentials and reports; never throws for an unreachable database. */
export async function databaseStatus(db: DbConfig): Promise<DbStatus> {
  const where = `${db.user}@${db.host}:${db.port}/${db.name}`;
  const base: DbStatus = {
    where,
    connected: false,
    knownVersion: LATEST_VERSION,
    pending: [],
    tooNew: false,
    rowCounts: {},
  };
  let conn;
  try {
    conn = await connect({
      host: db.host,
      port: db.port,
      user: db.user,
      database: db.name,
      ...(db.password === undefined ? {} : { password: db.password }),
    });
  } catch (e) {
    const err = e instanceof MinilvbError ? e : undefined;
    return {
      ...base,
      error: {
        code: err?.code ?? 'MLVB_DB_CONNECT',
        message: (e as Error).message,
        ...(err?.hint ? { hint: err.hint } : {}),
      },
    };
  }
  try {
    const [v] = await conn.query<{ v: string }>('SELECT VERSION() AS v');
    const schemaVersion = await readSchemaVersion(conn);
    const existing = new Set(
      (
        await conn.query<{ t: string }>(
          'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
        )
      ).map((r) => String(r.t).toLowerCase()),
    );
    const rowCounts: Record<string, number | null> = {};
    for (const name of [...TABLES.map((t) => t.name), 'minilvb_schema']) {
      // Table names come from the fixed list above, never from input.
      rowCounts[name] = existing.has(name)
        ? Number((await conn.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM \`${name}\``))[0]?.n ?? 0)
        : null;
    }
    return {
      ...base,
      connected: true,
      serverVersion: String(v?.v ?? ''),
      schemaVersion,
      pending: pendingMigrations(schemaVersion).map((m) => ({ version: m.version, name: m.name })),
      tooNew: schemaVersion !== null && schemaVersion > LATEST_VERSION,
      rowCounts,
    };
  } finally {
    await conn.close();
  }
}

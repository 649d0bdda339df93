/**
 * Database access for the doctor: one shared connection per run (closed at the end) and fresh
 * connections for work that needs its own transaction. Connects exactly as the server does
 * (db.* settings, UTC+8 session), through the db capability's connect().
 */
import type { DbConfig } from '../../config/index.js';
import { MinilvbError } from '../../errors.js';
import type { CheckContext } from '../check.js';

/** The db capability's connection type, loaded lazily (mysql2 is heavy). */
export type SqlConn = Awaited<ReturnType<typeof import('../../db/mysql/connection.js').connect>>;

/** A connection, or the error that prevented it (with the driver code). */
export type DbOpen = { ok: true; conn: SqlConn } | { ok: false; error: MinilvbError; driverCode: string };

export async function openConnection(db: DbConfig, timeoutMs = 5000): Promise<DbOpen> {
  const { connect } = await import('../../db/mysql/connection.js');
  try {
    const conn = await connect({
      host: db.host,
      port: db.port,
      user: db.user,
      database: db.name,
      connectTimeoutMs: timeoutMs,
      ...(db.password === undefined ? {} : { password: db.password }),
    });
    return { ok: true, conn };
  } catch (e) {
    const error =
      e instanceof MinilvbError ? e : new MinilvbError('MLVB_DB_CONNECT', e instanceof Error ? e.message : String(e));
    return { ok: false, error, driverCode: driverCode(error) };
  }
}

/** The run's shared connection (opened once, closed after all checks). */
export function sharedConnection(ctx: CheckContext): Promise<DbOpen> {
  const db = ctx.config.db;
  if (!db)
    return Promise.resolve({
      ok: false,
      error: new MinilvbError('MLVB_DB_CONNECT', 'no database configured'),
      driverCode: 'NO_DB',
    });
  return ctx.memo('db:shared', async () => {
    const open = await openConnection(db);
    if (open.ok) ctx.defer('close database connection', () => open.conn.close());
    return open;
  });
}

export function driverCode(e: unknown): string {
  if (e instanceof MinilvbError) {
    const code = e.details?.driverCode;
    if (typeof code === 'string') return code;
  }
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

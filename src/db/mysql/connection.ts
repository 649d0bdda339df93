/**
 * A single mysql2 connection for administrative work (provisioning, migrations, verify, status):
 * text protocol with client-side escaping of `?` values (CREATE USER / GRANT cannot all be
 * prepared), the same UTC+8 session time zone as the pool, errors mapped like the store's.
 */
import type { Connection } from 'mysql2/promise';
import { DB_TIME_ZONE, POOL_TIMEOUT, toStoreError, type SqlParam } from './pool.js';

/** Where and as whom to connect. `database` may be omitted (provisioning creates it). */
export interface ConnectParams {
  host: string;
  port: number;
  user: string;
  password?: string;
  database?: string;
  connectTimeoutMs?: number;
  /** Connect through this Unix socket instead of host:port. */
  socketPath?: string;
  /**
   * Longest time one statement may take, ms; past it the connection is destroyed and the
   * statement fails with StoreUnavailableError (a frozen server). Unset: no limit (provisioning).
   */
  queryTimeoutMs?: number;
}

/** One open connection. */
export interface SqlConn {
  /** Runs one statement; `?` values are escaped by the driver. Returns rows (empty for non-SELECT). */
  query<T = Record<string, unknown>>(sql: string, params?: SqlParam[]): Promise<T[]>;
  /** Same as query, for statements whose result header matters. */
  exec(sql: string, params?: SqlParam[]): Promise<{ affectedRows: number; warningStatus: number }>;
  /** Quotes a value as a SQL literal (for dry-run printing and statements that take no placeholders). */
  escape(value: string): string;
  /** Quotes an identifier. */
  escapeId(value: string): string;
  readonly where: string;
  close(): Promise<void>;
}

/** Opens a connection; throws StoreUnavailableError when the server cannot be reached or refuses the login. */
export async function connect(p: ConnectParams): Promise<SqlConn> {
  const mysql = await import('mysql2/promise');
  const where = `${p.user}@${p.socketPath ?? `${p.host}:${p.port}`}${p.database ? `/${p.database}` : ''}`;
  let conn: Connection;
  try {
    conn = await mysql.createConnection({
      host: p.host,
      port: p.port,
      user: p.user,
      charset: 'UTF8MB4_GENERAL_CI',
      timezone: DB_TIME_ZONE,
      connectTimeout: p.connectTimeoutMs ?? 5_000,
      multipleStatements: false,
      // Text protocol only (query, never execute): no statement is ever prepared here.
      maxPreparedStatements: 1,
      ...(p.password === undefined ? {} : { password: p.password }),
      ...(p.database === undefined ? {} : { database: p.database }),
      ...(p.socketPath === undefined ? {} : { socketPath: p.socketPath }),
    });
    await bounded(conn, p.queryTimeoutMs, conn.query(`SET time_zone = '${DB_TIME_ZONE}'`));
  } catch (e) {
    throw toStoreError(e, p, where);
  }
  conn.on('error', () => undefined);
  const run = (sql: string, params: SqlParam[]): Promise<[unknown, unknown]> =>
    bounded(conn, p.queryTimeoutMs, conn.query(sql, params));
  return {
    where,
    async query<T>(sql: string, params: SqlParam[] = []): Promise<T[]> {
      try {
        const [rows] = await run(sql, params);
        return Array.isArray(rows) ? (rows as T[]) : [];
      } catch (e) {
        throw toStoreError(e, p, where);
      }
    },
    async exec(sql: string, params: SqlParam[] = []) {
      try {
        const [res] = await run(sql, params);
        const h = res as { affectedRows?: number; warningStatus?: number };
        return { affectedRows: h.affectedRows ?? 0, warningStatus: h.warningStatus ?? 0 };
      } catch (e) {
        throw toStoreError(e, p, where);
      }
    },
    escape: (v: string) => conn.escape(v),
    escapeId: (v: string) => conn.escapeId(v),
    async close() {
      await conn.end().catch(() => conn.destroy());
    },
  };
}

/** Races a statement against the timeout; on timeout the connection is destroyed so nothing else waits on it. */
function bounded<T>(conn: Connection, timeoutMs: number | undefined, work: Promise<T>): Promise<T> {
  if (!timeoutMs) return work;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      conn.destroy();
      const err = new Error(`the database did not answer within ${timeoutMs} ms`) as Error & { code: string };
      err.code = POOL_TIMEOUT;
      reject(err);
    }, timeoutMs);
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

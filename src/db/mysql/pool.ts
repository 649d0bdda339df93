/**
 * The mysql2 pool behind the MySQL store, and the one place that turns driver errors into ours.
 *
 * Time zone: every new connection runs `SET time_zone = '+08:00'` before anything else, and mysql2
 * converts Date parameters and results with `timezone: '+08:00'`, so TIMESTAMP values are written
 * and read as UTC+8 wall clock like the PHP original
 * (docs/app-protocol.md#sharing-a-database-with-the-php-server) while the Store interface deals in
 * instants only.
 *
 * Recovery: mysql2 drops a pooled connection when it errors or ends, and opens a new one on the
 * next request; a connection found closed when a statement is about to be sent is retried once
 * on a fresh one. So after a database outage the same pool serves again without a restart.
 *
 * A frozen database (paused, a network black hole) must not hang requests: a statement waits at
 * most `timeoutMs` for a free connection (and at most `queueLimit` statements wait at all), then
 * at most `timeoutMs` to connect and run; past that its connection is destroyed (a late answer
 * can never reach another statement) and it fails with StoreUnavailableError.
 */
import type { Pool, PoolConnection, PoolOptions } from 'mysql2/promise';
import type { DbConfig } from '../../config/index.js';
import { StoreQueryError, StoreUnavailableError } from '../errors.js';
import { Gate } from './pool-gate.js';

/** Parameters of a prepared statement. */
export type SqlParam = string | number | Date | null;

/** Result of a statement that changes rows. */
export interface WriteResult {
  /** Matched rows for UPDATE (mysql2 sets CLIENT_FOUND_ROWS), inserted/deleted rows otherwise. */
  affectedRows: number;
}

/** A thin typed facade over the pool; repositories use nothing else. */
export interface Db {
  /** Runs a prepared SELECT and returns its rows. */
  rows<T>(sql: string, params?: SqlParam[]): Promise<T[]>;
  /** Runs a prepared INSERT/UPDATE/DELETE. */
  write(sql: string, params?: SqlParam[]): Promise<WriteResult>;
  /** Ends the pool; later statements throw StoreUnavailableError. */
  close(): Promise<void>;
  /** Where it connects, for messages (never the password). */
  readonly where: string;
}

/** The time zone of every session, matching PHP's `date()` under PRC. */
export const DB_TIME_ZONE = '+08:00';

const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'POOL_CLOSED',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_QUERY_INTERRUPTED',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_LOCK_DEADLOCK',
  'ER_HOST_IS_BLOCKED',
  'ER_HOST_NOT_PRIVILEGED',
  'ER_NET_READ_ERROR',
  'ER_NET_ERROR_ON_WRITE',
  'MLVB_POOL_TIMEOUT',
  'MLVB_POOL_BUSY',
]);

/** Pool sizing and the bounds on waiting. */
export interface PoolLimits {
  /** Open connections at most (default 20). */
  connectionLimit?: number;
  /** Connect timeout of a new connection, ms (default: timeoutMs). */
  connectTimeoutMs?: number;
  /** Longest wait for a free connection, and longest connect + run of one statement, ms (default 5000). */
  timeoutMs?: number;
  /** Statements that may wait for a free connection (default 200). */
  queueLimit?: number;
}

/**
 * Driver code of our own statement/wait timeout (StoreUnavailableError details.driverCode); MLVB_POOL_BUSY is
 * pool-gate.ts's.
 */
export const POOL_TIMEOUT = 'MLVB_POOL_TIMEOUT';

/** Creates the pool (mysql2 is imported here, lazily, so other commands never load it). */
export async function createDb(db: DbConfig, options: PoolLimits = {}): Promise<Db> {
  const timeoutMs = Math.max(50, options.timeoutMs ?? 5_000);
  const connectionLimit = options.connectionLimit ?? 20;
  const mysql = await import('mysql2/promise');
  const config: PoolOptions = {
    host: db.host,
    port: db.port,
    user: db.user,
    database: db.name,
    charset: 'UTF8MB4_GENERAL_CI',
    timezone: DB_TIME_ZONE,
    connectionLimit,
    maxIdle: 10,
    idleTimeout: 60_000,
    connectTimeout: options.connectTimeoutMs ?? timeoutMs,
    enableKeepAlive: true,
    // The store prepares well under a hundred distinct statements; mysql2's default cache of 16,000 costs
    // four 16,000-slot arrays (~0.5 MB) to make for every connection.
    maxPreparedStatements: 256,
    waitForConnections: true,
    supportBigNumbers: true,
    ...(db.password === undefined ? {} : { password: db.password }),
  };
  const pool = mysql.createPool(config);
  pool.on('connection', (conn: unknown) => {
    // At runtime this is mysql2's callback-style connection (the promise typings say otherwise).
    // The statement is queued before any statement of the request that opened the connection.
    (conn as { query(sql: string, cb: (err: unknown) => void): unknown }).query(
      `SET time_zone = '${DB_TIME_ZONE}'`,
      () => undefined,
    );
  });
  return new PoolDb(pool, db, new Gate(connectionLimit, Math.max(0, options.queueLimit ?? 200)), timeoutMs);
}

class PoolDb implements Db {
  readonly where: string;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly db: DbConfig,
    private readonly gate: Gate,
    private readonly timeoutMs: number,
  ) {
    this.where = `${db.user}@${db.host}:${db.port}/${db.name}`;
  }

  async rows<T>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    const [rows] = await this.run(sql, params);
    return rows as T[];
  }

  async write(sql: string, params: SqlParam[] = []): Promise<WriteResult> {
    const [res] = await this.run(sql, params);
    return { affectedRows: (res as { affectedRows?: number }).affectedRows ?? 0 };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async run(sql: string, params: SqlParam[]): Promise<[unknown, unknown]> {
    if (this.closed)
      throw new StoreUnavailableError(`The database pool for ${this.where} is closed.`, {
        hint: 'This is a shutdown race; the request can be retried.',
      });
    if (!(await this.gate.acquire(this.timeoutMs)))
      throw this.timedOut(`no database connection became free within ${this.timeoutMs} ms`);
    try {
      try {
        return await this.once(sql, params);
      } catch (first) {
        if (!isStaleConnection(first)) throw first;
        return await this.once(sql, params);
      }
    } catch (e) {
      throw toStoreError(e, this.db, this.where);
    } finally {
      this.gate.release();
    }
  }

  /** One statement on one pooled connection, bounded by timeoutMs from connect to result. */
  private once(sql: string, params: SqlParam[]): Promise<[unknown, unknown]> {
    return new Promise((resolve, reject) => {
      let conn: PoolConnection | undefined;
      let settled = false;
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const timer = setTimeout(
        () =>
          settle(() => {
            conn?.destroy();
            reject(this.timedOut(`the database did not answer within ${this.timeoutMs} ms`));
          }),
        this.timeoutMs,
      );
      this.pool.getConnection().then(
        (c) => {
          if (settled) return c.destroy();
          conn = c;
          c.execute(sql, params).then(
            (r) =>
              settle(() => {
                c.release();
                resolve(r as [unknown, unknown]);
              }),
            (e: unknown) =>
              settle(() => {
                c.release();
                reject(e);
              }),
          );
        },
        (e: unknown) => settle(() => reject(e)),
      );
    });
  }

  private timedOut(text: string): StoreUnavailableError {
    return new StoreUnavailableError(`Cannot use the database ${this.where}: ${text} (${POOL_TIMEOUT}).`, {
      details: { driverCode: POOL_TIMEOUT },
      hint: 'The database server is frozen, overloaded or unreachable; check it (and server.dbTimeout).',
    });
  }
}

/** True when an insert failed on the primary key. */
export function isDuplicateKey(e: unknown): boolean {
  return e instanceof StoreQueryError && e.details?.driverCode === 'ER_DUP_ENTRY';
}

/** The statement never left: the pooled connection was already closed, so a retry cannot double-apply. */
function isStaleConnection(e: unknown): boolean {
  return e instanceof Error && /closed state/i.test(e.message);
}

/** True for errors that mean "the database is not reachable right now". */
export function isUnavailable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const err = e as Error & { code?: unknown; fatal?: unknown };
  if (typeof err.code === 'string' && UNAVAILABLE.has(err.code)) return true;
  if (err.fatal === true) return true;
  return /pool is closed|closed state|connect(ion)? (timeout|timed out)/i.test(err.message);
}

/** Wraps a driver error; the message names the database and the driver code, never the password. */
export function toStoreError(
  e: unknown,
  db: Pick<DbConfig, 'password'>,
  where: string,
): StoreUnavailableError | StoreQueryError {
  if (e instanceof StoreUnavailableError || e instanceof StoreQueryError) return e;
  const err: Error & { code?: unknown } = e instanceof Error ? e : new Error(String(e));
  const code = typeof err.code === 'string' ? err.code : undefined;
  const text = scrub(err.message, db.password);
  const details = code ? { driverCode: code } : {};
  if (isUnavailable(err)) {
    return new StoreUnavailableError(`Cannot use the database ${where}: ${text}${code ? ` (${code})` : ''}.`, {
      details,
      cause: scrubbedCause(err, db.password),
    });
  }
  return new StoreQueryError(`Database statement failed on ${where}: ${text}${code ? ` (${code})` : ''}.`, {
    details,
    cause: scrubbedCause(err, db.password),
  });
}

function scrub(text: string, password: string | undefined): string {
  return password && password.length >= 4 ? text.split(password).join('********') : text;
}

function scrubbedCause(err: Error, password: string | undefined): Error {
  const copy = new Error(scrub(err.message, password));
  copy.name = err.name;
  return copy;
}

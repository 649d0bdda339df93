/**
 * The statements `minilvb doctor` runs against a deployment's database, kept here so SQL lives only
 * in src/db. Each function takes an open connection (connect()) and returns plain facts; judging
 * them is the doctor's job.
 */
import type { SqlConn } from './mysql/connection.js';
import type { SqlParam } from './mysql/pool.js';
import { deleteProbeUserRows, probeCleanupSql } from './mysql/repos/probe-repo.js';
import { dateOrNull, int } from './mysql/rows.js';
import type { ProbeDeletion } from './probe-user.js';

export { probeCleanupSql };

/** A shell command (as root) listing anonymous accounts, which shadow the app user for local logins (DB-ANON-USER). */
export const ANON_USERS_COMMAND = 'mysql -u root -p -e "SELECT user,host FROM mysql.user WHERE user=\'\'"';

/** The MySQL/MariaDB version string. */
export async function serverVersion(conn: SqlConn): Promise<string> {
  const [row] = await conn.query<{ v: unknown }>('SELECT VERSION() AS v');
  return String(row?.v ?? '');
}

/** What a rolled-back write test found. */
export type WritePermission =
  { ok: true; tables: string[] } | { ok: false; table: string; driverCode: string; message: string };

/**
 * Inserts the rows the app flow writes (tb_account, tb_room, tb_vod) for `userid` inside a
 * transaction and always rolls it back: nothing is left behind. Use a connection of its own.
 */
export async function checkWritePermission(conn: SqlConn, userid: string): Promise<WritePermission> {
  const steps: Array<[string, string, SqlParam[]]> = [
    ['tb_account', 'INSERT INTO tb_account (userid, password) VALUES (?, ?)', [userid, 'x']],
    ['tb_room', 'INSERT INTO tb_room (userid, title) VALUES (?, ?)', [userid, 'doctor']],
    [
      'tb_vod',
      'INSERT INTO tb_vod (userid, file_id, play_url, start_time) VALUES (?, ?, ?, NOW())',
      [userid, userid, 'http://mlvbdoctor.invalid/x.mp4'],
    ],
  ];
  await conn.query('START TRANSACTION');
  try {
    for (const [table, sql, params] of steps) {
      try {
        await conn.exec(sql, params);
      } catch (e) {
        const code = (e as { details?: { driverCode?: unknown } }).details?.driverCode;
        return {
          ok: false,
          table,
          driverCode: typeof code === 'string' ? code : 'UNKNOWN',
          message: e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e),
        };
      }
    }
    return { ok: true, tables: steps.map(([t]) => t) };
  } finally {
    await conn.query('ROLLBACK').catch(() => undefined);
  }
}

/** Time zone settings and clock of the database, as seen by this connection. */
export interface TimeZoneReport {
  globalTimeZone: string;
  sessionTimeZone: string;
  systemTimeZone: string;
  /** NOW() − UTC_TIMESTAMP() of this session, seconds (28800 for UTC+8). */
  sessionOffsetSeconds: number;
  /** The database's UNIX_TIMESTAMP(), for clock drift. */
  unixTime: number;
}

export async function timeZoneReport(conn: SqlConn): Promise<TimeZoneReport> {
  const [row] = await conn.query<Record<string, unknown>>(
    'SELECT @@global.time_zone AS g, @@session.time_zone AS s, ' +
      '@@system_time_zone AS sys, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), ' +
      'NOW()) AS skew, UNIX_TIMESTAMP() AS unix_now',
  );
  return {
    globalTimeZone: String(row?.g ?? ''),
    sessionTimeZone: String(row?.s ?? ''),
    systemTimeZone: String(row?.sys ?? ''),
    sessionOffsetSeconds: int(row?.skew),
    unixTime: Math.floor(Number(row?.unix_now ?? 0)),
  };
}

/** Removes a probe user's rows through a plain connection (same statements as the store's). */
export function deleteProbeRows(conn: SqlConn, userid: string): Promise<ProbeDeletion> {
  return deleteProbeUserRows(
    { write: async (sql, params) => ({ affectedRows: (await conn.exec(sql, params)).affectedRows }) },
    userid,
  );
}

/** Facts about the replays in tb_vod (doctor probe users left out). */
export interface ReplayReport {
  /** Playable rows. */
  total: number;
  /** Playable rows with create_time ≥ since (what get_vod_list shows). */
  listed: number;
  newest: Date | null;
  /** Rows whose create_time lies more than `stretchSeconds` after start_time. */
  stretched: number;
  /** The largest create_time − start_time among them, seconds. */
  maxStretchSeconds: number;
}

const NOT_PROBE = "v.userid NOT LIKE 'mlvbdoctor\\_%'";
const PLAYABLE = "(v.play_url <> '' OR v.hls_play_url <> '')";

/** Counts replays overall, inside the list window, and with a create_time stretched past any recording length. */
export async function replayReport(conn: SqlConn, since: Date, stretchSeconds: number): Promise<ReplayReport> {
  const [counts] = await conn.query<Record<string, unknown>>(
    `SELECT COUNT(*) AS total, SUM(v.create_time >= ?) AS listed, ` +
      `MAX(v.create_time) AS newest FROM tb_vod v WHERE ${NOT_PROBE} AND ` +
      `${PLAYABLE}`,
    [since],
  );
  const [stretch] = await conn.query<Record<string, unknown>>(
    `SELECT COUNT(*) AS n, MAX(TIMESTAMPDIFF(SECOND, v.start_time, ` +
      `v.create_time)) AS longest FROM tb_vod v WHERE ${NOT_PROBE} ` +
      'AND UNIX_TIMESTAMP(v.start_time) > 0 AND TIMESTAMPDIFF(SECOND, v.start_time, v.create_time) > ?',
    [stretchSeconds],
  );
  return {
    total: int(counts?.total),
    listed: int(counts?.listed ?? 0),
    newest: dateOrNull(counts?.newest),
    stretched: int(stretch?.n),
    maxStretchSeconds: int(stretch?.longest ?? 0),
  };
}

/** The hosts of `user`'s accounts and of the anonymous accounts (user ''), as an admin login sees mysql.user. */
export async function accountHosts(
  conn: SqlConn,
  user: string,
): Promise<{ userHosts: string[]; anonymousHosts: string[] }> {
  const rows = await conn.query<{ u: unknown; h: unknown }>(
    "SELECT user AS u, host AS h FROM mysql.user WHERE user = '' OR user = ?",
    [user],
  );
  const hosts = (name: string): string[] =>
    rows.filter((r) => String(r.u ?? '') === name).map((r) => String(r.h ?? ''));
  return { userHosts: hosts(user), anonymousHosts: hosts('') };
}

/** A shell command (as root) dropping one anonymous account. */
export function dropAnonymousCommand(host: string): string {
  return `mysql -u root -p -e "DROP USER ''@'${host.replace(/'/g, '')}'"`;
}

/**
 * Read-only inspection of a MySQL/MariaDB server before provisioning: does the database exist,
 * which accounts of the application user exist, which privileges they hold on the database,
 * are there anonymous accounts. Nothing here changes the server.
 */
import type { SqlConn } from '../mysql/connection.js';

/** The privileges the application user needs on its database, and nothing more (no DROP, no GRANT OPTION). */
export const APP_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'INDEX', 'ALTER'] as const;

/** What one `user@host` account holds on the database. */
export interface AccountGrants {
  host: string;
  exists: boolean;
  /** Privileges on the database (database-level plus global), upper case; ALL expanded to 'ALL PRIVILEGES'. */
  privileges: string[];
  grantOption: boolean;
}

/** The state provisioning starts from. */
export interface ServerState {
  version: string;
  databaseExists: boolean;
  databaseCharset: string | null;
  /** Every host the application user already exists on (any host, not only the targets). */
  userHosts: string[];
  accounts: AccountGrants[];
  /** Hosts of anonymous accounts (''@host); null when mysql.user could not be read. */
  anonymousHosts: string[] | null;
}

/** Reads the server state for `database`, `user` and the target `hosts`. */
export async function inspectServer(
  conn: SqlConn,
  database: string,
  user: string,
  hosts: string[],
): Promise<ServerState> {
  const [v] = await conn.query<{ v: string }>('SELECT VERSION() AS v');
  const schemata = await conn.query<{ cs: string }>(
    'SELECT DEFAULT_CHARACTER_SET_NAME AS cs FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
    [database],
  );
  let userHosts: string[] = [];
  let anonymousHosts: string[] | null = null;
  try {
    userHosts = (await conn.query<{ Host: string }>('SELECT Host FROM mysql.user WHERE User = ?', [user])).map((r) =>
      String(r.Host),
    );
    anonymousHosts = (await conn.query<{ Host: string }>("SELECT Host FROM mysql.user WHERE User = ''")).map((r) =>
      String(r.Host),
    );
  } catch {
    // No read access to mysql.user: fall back to SHOW GRANTS per target host below.
  }
  const accounts: AccountGrants[] = [];
  for (const host of hosts) accounts.push(await accountGrants(conn, database, user, host));
  for (const a of accounts) if (a.exists && !userHosts.includes(a.host)) userHosts.push(a.host);
  return {
    version: String(v?.v ?? ''),
    databaseExists: schemata.length > 0,
    databaseCharset: schemata[0] ? String(schemata[0].cs) : null,
    userHosts,
    accounts,
    anonymousHosts,
  };
}

async function accountGrants(conn: SqlConn, database: string, user: string, host: string): Promise<AccountGrants> {
  let lines: string[];
  try {
    const rows = await conn.query<Record<string, unknown>>('SHOW GRANTS FOR ?@?', [user, host]);
    lines = rows.map((r) => String(Object.values(r)[0] ?? ''));
  } catch (e) {
    // 1141 ER_NONEXISTING_GRANT: no such account.
    if ((e as { details?: { driverCode?: string } }).details?.driverCode === 'ER_NONEXISTING_GRANT')
      return { host, exists: false, privileges: [], grantOption: false };
    throw e;
  }
  const privileges = new Set<string>();
  let grantOption = false;
  for (const line of lines) {
    const g = parseGrant(line);
    if (!g || (g.scope !== '*' && g.scope !== database)) continue;
    for (const p of g.privileges) if (p !== 'USAGE') privileges.add(p);
    grantOption ||= g.grantOption;
  }
  return { host, exists: true, privileges: [...privileges], grantOption };
}

/** Parses one SHOW GRANTS line (password hashes in it are never kept). Exported for tests. */
export function parseGrant(line: string): { privileges: string[]; scope: string; grantOption: boolean } | undefined {
  const m = /^GRANT (.+?) ON (\*|`(?:[^`]|``)+`|[^\s.]+)\.\* TO /i.exec(line);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  const scope =
    m[2] === '*'
      ? '*'
      : m[2]
          .replace(/^`|`$/g, '')
          .replaceAll('``', '`')
          .replace(/\\([_%])/g, '$1');
  const privileges = m[1]
    .split(',')
    .map((p) => p.trim().toUpperCase())
    .map((p) => (p === 'ALL' ? 'ALL PRIVILEGES' : p));
  return { privileges, scope, grantOption: /WITH GRANT OPTION/i.test(line) };
}

/** Privileges the account lacks. */
export function missingPrivileges(a: AccountGrants): string[] {
  if (a.privileges.includes('ALL PRIVILEGES')) return [];
  return APP_PRIVILEGES.filter((p) => !a.privileges.includes(p));
}

/** Privileges beyond least privilege that the account holds (never revoked by minilvb, only reported). */
export function excessPrivileges(a: AccountGrants): string[] {
  const extra = a.privileges.filter((p) => !(APP_PRIVILEGES as readonly string[]).includes(p));
  return a.grantOption ? [...extra, 'GRANT OPTION'] : extra;
}

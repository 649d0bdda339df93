/**
 * DB-ANON-USER: an anonymous account (''@'localhost', ''@'127.0.0.1') wins over `user@'%'` for
 * local logins, because MySQL picks the most specific host first. Seen with an admin login
 * (`--db-admin-user`), which may read mysql.user.
 */
import type { DbConfig } from '../../config/index.js';
import { accountHosts, connect, dropAnonymousCommand, type SqlConn } from '../../db/index.js';
import { fail, type CheckOutcome } from '../check.js';
import { driverCode } from './db-probe.js';

const LOCAL = ['localhost', '127.0.0.1', '::1'];

/** The anonymous accounts that shadow `user` for a client on `clientHosts` (literal hosts the user lacks). */
export function shadowingHosts(
  clientHosts: readonly string[],
  userHosts: readonly string[],
  anonymousHosts: readonly string[],
): string[] {
  return anonymousHosts.filter((h) => clientHosts.includes(h) && !userHosts.includes(h)).sort();
}

/** What the admin login saw. */
export type AnonLookup =
  { ok: true; shadowing: string[]; userHosts: string[]; anonymousHosts: string[] } | { ok: false; reason: string };

export async function lookUpAnonymous(db: DbConfig, admin: { user: string; password?: string }): Promise<AnonLookup> {
  let conn: SqlConn;
  try {
    conn = await connect({
      host: db.host,
      port: db.port,
      user: admin.user,
      connectTimeoutMs: 5000,
      ...(admin.password === undefined ? {} : { password: admin.password }),
    });
  } catch (e) {
    return { ok: false, reason: `the admin login ${admin.user} failed (${driverCode(e)})` };
  }
  try {
    const { userHosts, anonymousHosts } = await accountHosts(conn, db.user);
    // From a remote host doctor cannot tell which host name the server sees, so it claims nothing.
    const clients = LOCAL.includes(db.host) ? LOCAL : [];
    return { ok: true, shadowing: shadowingHosts(clients, userHosts, anonymousHosts), userHosts, anonymousHosts };
  } catch (e) {
    return {
      ok: false,
      reason: `${admin.user} may not read mysql.user (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
    };
  } finally {
    await conn.close();
  }
}

/** The finding when anonymous accounts shadow the user. */
export function anonymousFailure(
  user: string,
  found: Extract<AnonLookup, { ok: true }>,
  evidence: Record<string, string>,
): CheckOutcome {
  const anon = found.shadowing.map((h) => `''@'${h}'`).join(', ');
  const own =
    found.userHosts.length > 0 ? found.userHosts.map((h) => `${user}@'${h}'`).join(', ') : `no account named ${user}`;
  return fail({
    summary:
      `the anonymous account${found.shadowing.length > 1 ? 's' : ''} ${anon} ` +
      `shadow${found.shadowing.length > 1 ? '' : 's'} ${user} (${own}): local ` +
      `logins as ${user} are checked against the anonymous account`,
    cause:
      'MySQL matches the most specific host first, so a local login as the app ' +
      'user lands on the anonymous account: Access denied although the ' +
      "password is right, or the anonymous account's (empty) grants",
    fix: {
      text:
        `Drop the anonymous account${found.shadowing.length > 1 ? 's' : ''} ` +
        `(mysql_secure_installation does), or also create ${user}@'localhost' ` +
        `and @'127.0.0.1' with the same password and grants.`,
      commands: found.shadowing.map(dropAnonymousCommand),
    },
    faqId: 'DB-ANON-USER',
    evidence: { ...evidence, anonymousAccounts: anon, userAccounts: own },
  });
}

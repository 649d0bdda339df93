/** Connect to the database with the server's credentials (DB-ACCESS, DB-ANON-USER, VOD-DB-TABLES). */
import { ANON_USERS_COMMAND, serverVersion } from '../../db/index.js';
import { defineCheck, fail, pass, skip, type CheckOutcome, type Finding } from '../check.js';
import { anonymousFailure, lookUpAnonymous } from '../probe/anon-accounts.js';
import { sharedConnection } from '../probe/db-probe.js';

export default defineCheck({
  id: 'database.connect',
  group: 'database',
  title: "Database login with the server's credentials",
  async run(ctx) {
    const db = ctx.config.db;
    if (!db) return skip('no database configured (db.host unset): the bundled server uses its embedded store');
    const open = await sharedConnection(ctx);
    const where = `${db.user}@${db.host}:${db.port}/${db.name}`;
    const evidence = { where, ...(open.ok ? {} : { driverCode: open.driverCode }) };
    if (open.ok) {
      const version = await serverVersion(open.conn);
      return pass(`connected as ${where} (${version || 'unknown version'})`, { evidence: { ...evidence, version } });
    }
    const denied = open.driverCode === 'ER_ACCESS_DENIED_ERROR' || open.driverCode === 'ER_DBACCESS_DENIED_ERROR';
    // The server names the account it matched: ''@host means an anonymous account won the match.
    const matchedAnonymous = denied && /user ''@'/.test(open.error.message);
    if (denied && ctx.inputs.dbAdmin) {
      const found = await lookUpAnonymous(db, ctx.inputs.dbAdmin);
      if (found.ok && found.shadowing.length > 0) return anonymousFailure(db.user, found, evidence);
      const outcome = failure(open.driverCode, where, db.host, db.name, db.user, {
        ...evidence,
        adminCheck: found.ok ? `no anonymous account shadows ${db.user}` : found.reason,
      });
      // With the accounts seen, a local Access denied is the password's fault, not an anonymous account's.
      return found.ok ? { ...outcome, findings: outcome.findings?.filter((f) => f.faqId !== 'DB-ANON-USER') } : outcome;
    }
    if (matchedAnonymous) {
      return fail({
        summary:
          `the database matched the login ${db.user}@${db.host} to an anonymous ` +
          `account (` +
          `${open.error.message.match(/user ''@'[^']*'/)?.[0] ?? "user ''"})`,
        cause: 'an anonymous account shadows the app user for this host, so the login gets its (empty) grants',
        fix: {
          text:
            'As root, drop the anonymous accounts (mysql_secure_installation does); ' +
            'pass --db-admin-user to let doctor name them.',
          commands: [ANON_USERS_COMMAND],
        },
        faqId: 'DB-ANON-USER',
        evidence,
      });
    }
    return failure(open.driverCode, where, db.host, db.name, db.user, evidence);
  },
});

function failure(
  code: string,
  where: string,
  host: string,
  name: string,
  user: string,
  evidence: Record<string, string>,
): CheckOutcome {
  const route = 'the [DB] section of conf/cdn.route.ini (PHP) / db.* in the minilvb config';
  switch (code) {
    case 'ER_ACCESS_DENIED_ERROR': {
      const local = host === 'localhost' || host === '127.0.0.1';
      const cause =
        `the DB user/password in ${route} differ from the database` +
        `${local ? "; or an anonymous account ''@'localhost' shadows the user for local logins (DB-ANON-USER)" : ''}`;
      const fix = {
        text:
          'Make the server configuration and the database agree: run minilvb db provision, ' +
          "then minilvb generate --only php (or reset the user's password). Check for anonymous users as root.",
        commands: ['minilvb db provision --reset-password', ANON_USERS_COMMAND],
      };
      const summary = `the database refused the login ${user}@${host} (Access denied)`;
      // The server cannot tell the two apart: a shadowing anonymous account also reports Access denied.
      const findings: Finding[] = local
        ? [
            {
              status: 'fail',
              summary: `the password of ${user} in ${route} is not the one the database has`,
              cause: `the DB user/password in ${route} differ from the database`,
              fix: { text: fix.text, commands: ['minilvb db provision --reset-password'] },
              faqId: 'DB-ACCESS',
            },
            anonymousUserFinding(user),
          ]
        : [];
      return fail({ summary, cause, fix, faqId: 'DB-ACCESS', evidence, ...(findings.length > 0 ? { findings } : {}) });
    }
    case 'ER_DBACCESS_DENIED_ERROR':
      return fail({
        summary: `${user} may not use the database ${name}`,
        cause: `the user exists but has no privileges on ${name}`,
        fix: {
          text: `GRANT ALL PRIVILEGES ON ${name}.* TO the user (minilvb db provision does it).`,
          commands: ['minilvb db provision'],
        },
        faqId: 'DB-ACCESS',
        evidence,
      });
    case 'ER_BAD_DB_ERROR':
      return fail({
        summary: `the database ${name} does not exist`,
        cause:
          'createDB.sh never ran or failed (MySQL 8 GRANT … IDENTIFIED BY, ' +
          'strict-mode default), or db.name / DBNAME is wrong',
        fix: { text: 'Create it without dropping anything: minilvb db provision.', commands: ['minilvb db provision'] },
        faqId: 'VOD-DB-TABLES',
        evidence,
      });
    case 'ECONNREFUSED':
      return fail({
        summary: `nothing listens on ${host} for MySQL (connection refused)`,
        cause: 'MySQL/MariaDB is not running, or db.port / PORT is wrong',
        fix: { text: 'Start the database service, or correct the port.', commands: ['systemctl status mariadb mysql'] },
        faqId: 'DB-ACCESS',
        evidence,
      });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return fail({
        summary: `the database host ${host} does not resolve`,
        cause: 'a typo in db.host / HOST',
        fix: { text: 'Correct the host.' },
        faqId: 'DB-ACCESS',
        evidence,
      });
    case 'ETIMEDOUT':
      return fail({
        summary: `no answer from the database at ${where}`,
        cause: 'a firewall drops the traffic, or MySQL binds to another address (bind-address)',
        fix: { text: 'Open the port to this host, or check bind-address.' },
        faqId: 'DB-ACCESS',
        evidence,
      });
    default:
      return fail({
        summary: `cannot use the database ${where} (${code})`,
        cause: 'the database refused or dropped the connection',
        fix: { text: 'Read the MySQL error log.' },
        faqId: 'DB-ACCESS',
        evidence,
      });
  }
}

/** The second possible cause of a local Access denied, with the command that settles it. */
function anonymousUserFinding(user: string): Finding {
  return {
    status: 'warn',
    summary: `if the password is right: an anonymous account ''@'localhost' may shadow ${user} for local logins`,
    cause:
      "MySQL picks the most specific host match first, so ''@'localhost' wins " +
      "over the user's '%' account and the password check fails",
    fix: {
      text:
        'As root, list anonymous accounts and drop them ' +
        "(mysql_secure_installation does), or also create the user @'localhost'.",
      commands: [ANON_USERS_COMMAND],
    },
    faqId: 'DB-ANON-USER',
  };
}

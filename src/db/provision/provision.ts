/**
 * `db provision`: creates the database, the host-restricted application user with least
 * privilege, and the tables (migrations), doing only what is missing. It never issues DROP,
 * TRUNCATE or DELETE, never revokes, and only changes an existing password when asked
 * (docs/config-files.md#how-minilvb-db-provisions). A second run finds nothing missing and changes nothing.
 */
import { randomInt } from 'node:crypto';
import type { DbConfig } from '../../config/index.js';
import { MinilvbError, UsageError } from '../../errors.js';
import { connect, type SqlConn } from '../mysql/connection.js';
import { pendingMigrations, runMigrations, type MigrationReport } from '../migrations/migrate.js';
import { SCHEMA_TABLE_SQL } from '../migrations/tables.js';
import { APP_PRIVILEGES, excessPrivileges, inspectServer, missingPrivileges, type ServerState } from './inspect.js';

/** Administrator credentials used for provisioning (never stored). */
export interface AdminCredentials {
  host: string;
  port: number;
  user: string;
  password?: string;
  /** Unix socket instead of host:port (Debian's root@localhost logs in by socket, without a password). */
  socketPath?: string;
}

/** Options of provisionDatabase. */
export interface ProvisionOptions {
  /** The application database and user; `password` undefined means "generate one". */
  db: DbConfig;
  admin: AdminCredentials;
  /** Hosts of the application user's accounts; default localhost + 127.0.0.1 when db.host is local. */
  userHosts?: string[];
  /** Change the password of existing accounts to db.password (or a generated one). */
  resetPassword?: boolean;
  dryRun?: boolean;
  /** Called with a generated password before any statement uses it: persist it (the config file). */
  savePassword?: (password: string) => Promise<void>;
  /** Password generator (default: 24 random characters [A-Za-z0-9]). */
  generatePassword?: () => string;
}

/** One statement provisioning ran (or would run). Passwords in `sql` are masked. */
export interface ProvisionStep {
  action: 'create-database' | 'create-user' | 'reset-password' | 'grant' | 'migrate' | 'add-column';
  sql: string;
}

/** A finding worth telling the user (stable code from the troubleshooting catalogue). */
export interface ProvisionWarning {
  code: 'DB-ANON-USER' | 'DB-EXCESS-PRIVILEGES' | 'DB-CHARSET' | 'DB-ANON-UNKNOWN' | 'DB-LOGIN-FAILED';
  message: string;
}

/** What provisioning did. */
export interface ProvisionReport {
  database: string;
  accounts: string[];
  serverVersion: string;
  dryRun: boolean;
  /** Every statement that changed (or, with dryRun, would change) something, in order. */
  steps: ProvisionStep[];
  changed: boolean;
  passwordGenerated: boolean;
  migrations: MigrationReport;
  warnings: ProvisionWarning[];
}

const MASK = "'********'";
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

/** 24 characters [A-Za-z0-9] from the CSPRNG (≈ 143 bits). */
export function generateDbPassword(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 24; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** The accounts' hosts: explicit, or localhost + 127.0.0.1 for a local database. */
export function defaultUserHosts(dbHost: string, explicit: string[] | undefined): string[] {
  if (explicit && explicit.length > 0) return [...new Set(explicit)];
  if (LOCAL_HOSTS.has(dbHost)) return ['localhost', '127.0.0.1'];
  throw new UsageError(`The database host ${dbHost} is not local, so the application user's host cannot be guessed.`, {
    hint:
      'Pass --user-host with the address the server connects from (e.g. ' +
      "--user-host 10.0.0.5), or --user-host '%' to allow any host.",
  });
}

/** Provisions the database; see the file comment. */
export async function provisionDatabase(o: ProvisionOptions): Promise<ProvisionReport> {
  const hosts = defaultUserHosts(o.db.host, o.userHosts);
  const admin = await connect({
    ...o.admin,
    ...(o.admin.password === undefined ? {} : { password: o.admin.password }),
  });
  try {
    const state = await inspectServer(admin, o.db.name, o.db.user, hosts);
    const warnings = findWarnings(state, o.db);
    const { password, generated } = await choosePassword(o, state);
    const steps = planSteps(admin, o, state, hosts, password);
    if (!o.dryRun) {
      if (generated && o.savePassword) await o.savePassword(password);
      for (const s of steps) await admin.query(s.exec.sql, s.exec.params);
    }
    const migrations = await migrateAsAdmin(admin, o, state);
    const allSteps: ProvisionStep[] = [
      ...steps.map(({ action, sql }) => ({ action, sql })),
      ...migrations.applied.flatMap((m) => m.statements.map((sql) => ({ action: 'migrate' as const, sql }))),
      ...migrations.addedColumns.map((sql) => ({ action: 'add-column' as const, sql })),
    ];
    if (!o.dryRun) warnings.push(...(await checkAppLogin(o.db, password)));
    return {
      database: o.db.name,
      accounts: hosts.map((h) => `'${o.db.user}'@'${h}'`),
      serverVersion: state.version,
      dryRun: Boolean(o.dryRun),
      steps: allSteps,
      changed: !o.dryRun && allSteps.length > 0,
      passwordGenerated: generated,
      migrations,
      warnings,
    };
  } finally {
    await admin.close();
  }
}

async function choosePassword(
  o: ProvisionOptions,
  state: ServerState,
): Promise<{ password: string; generated: boolean }> {
  if (o.db.password !== undefined && o.db.password !== '') return { password: o.db.password, generated: false };
  if (state.userHosts.length > 0 && !o.resetPassword) {
    // Creating more accounts with a new password would break whoever logs in with the old one.
    throw new MinilvbError(
      'MLVB_CONFIG_MISSING',
      `The database user ${o.db.user} already exists (` +
        `${state.userHosts.map((h) => `@'${h}'`).join(', ')}) but db.password is ` +
        `not configured.`,
      {
        hint:
          'Set db.password to its current password (MINILVB_DB_PASSWORD or ' +
          '--db-password; createDB.sh used live_pwd), or pass --reset-password to ' +
          'set a new generated one.',
      },
    );
  }
  return { password: (o.generatePassword ?? generateDbPassword)(), generated: true };
}

interface PlannedStep extends ProvisionStep {
  exec: { sql: string; params: string[] };
}

function planSteps(
  conn: SqlConn,
  o: ProvisionOptions,
  state: ServerState,
  hosts: string[],
  password: string,
): PlannedStep[] {
  const steps: PlannedStep[] = [];
  const db = conn.escapeId(o.db.name);
  // In GRANT, `_` and `%` in a database name are wildcards: escape them so the grant covers exactly this database.
  const grantDb = conn.escapeId(o.db.name.replace(/([_%])/g, '\\$1'));
  if (!state.databaseExists) {
    const sql = `CREATE DATABASE IF NOT EXISTS ${db} DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`;
    steps.push({ action: 'create-database', sql, exec: { sql, params: [] } });
  }
  for (const host of hosts) {
    const account = `${conn.escape(o.db.user)}@${conn.escape(host)}`;
    const current = state.accounts.find((a) => a.host === host);
    if (!current?.exists) {
      steps.push({
        action: 'create-user',
        sql: `CREATE USER IF NOT EXISTS ${account} IDENTIFIED BY ${MASK}`,
        exec: { sql: `CREATE USER IF NOT EXISTS ${account} IDENTIFIED BY ?`, params: [password] },
      });
    } else if (o.resetPassword) {
      steps.push({
        action: 'reset-password',
        sql: `ALTER USER ${account} IDENTIFIED BY ${MASK}`,
        exec: { sql: `ALTER USER ${account} IDENTIFIED BY ?`, params: [password] },
      });
    }
    const missing = current?.exists ? missingPrivileges(current) : [...APP_PRIVILEGES];
    if (missing.length > 0) {
      const sql = `GRANT ${missing.join(', ')} ON ${grantDb}.* TO ${account}`;
      steps.push({ action: 'grant', sql, exec: { sql, params: [] } });
    }
  }
  return steps;
}

async function migrateAsAdmin(admin: SqlConn, o: ProvisionOptions, state: ServerState): Promise<MigrationReport> {
  if (o.dryRun && !state.databaseExists) {
    const applied = pendingMigrations(null).map((m, i) => ({
      version: m.version,
      name: m.name,
      statements: [...(i === 0 ? [SCHEMA_TABLE_SQL] : []), ...m.statements],
    }));
    return { from: null, to: applied[applied.length - 1]?.version ?? 0, applied, addedColumns: [], dryRun: true };
  }
  await admin.query(`USE ${admin.escapeId(o.db.name)}`);
  return runMigrations(admin, { dryRun: Boolean(o.dryRun) });
}

function findWarnings(state: ServerState, db: DbConfig): ProvisionWarning[] {
  const warnings: ProvisionWarning[] = [];
  if (state.anonymousHosts === null) {
    warnings.push({
      code: 'DB-ANON-UNKNOWN',
      message: 'Could not read mysql.user to check for anonymous accounts (the admin user lacks SELECT on it).',
    });
  } else {
    for (const h of state.anonymousHosts) {
      warnings.push({
        code: 'DB-ANON-USER',
        message:
          `Anonymous account ''@'${h}' exists: it can shadow ${db.user} for logins ` +
          `from ${h}. Remove it yourself with DROP USER ''@'${h}' (minilvb never ` +
          `drops anything).`,
      });
    }
  }
  for (const a of state.accounts) {
    const extra = excessPrivileges(a);
    if (a.exists && extra.length > 0) {
      warnings.push({
        code: 'DB-EXCESS-PRIVILEGES',
        message:
          `'${db.user}'@'${a.host}' holds more than it needs (${extra.join(', ')}` +
          `); minilvb does not revoke. Least privilege is ` +
          `${APP_PRIVILEGES.join(', ')}.`,
      });
    }
  }
  if (state.databaseCharset && state.databaseCharset !== 'utf8mb4') {
    warnings.push({
      code: 'DB-CHARSET',
      message:
        `Database ${db.name} uses character set ${state.databaseCharset}; Mini ` +
        `LVB needs utf8mb4 for emoji in nicknames and titles.`,
    });
  }
  return warnings;
}

/** Logs in as the application user: catches an anonymous account or a stale password early. */
async function checkAppLogin(db: DbConfig, password: string): Promise<ProvisionWarning[]> {
  try {
    const c = await connect({ host: db.host, port: db.port, user: db.user, password, database: db.name });
    await c.close();
    return [];
  } catch (e) {
    return [
      {
        code: 'DB-LOGIN-FAILED',
        message:
          `Provisioned, but ${db.user} cannot log in to ${db.host}:${db.port}/` + `${db.name}: ${(e as Error).message}`,
      },
    ];
  }
}

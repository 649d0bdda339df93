/** `minilvb db provision|migrate|verify|status`: flags and prompts in, the db capability does the work. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  DEFAULT_CONFIG_FILE,
  readConfigFile,
  requireConfig,
  setPath,
  writeConfigFile,
  type DbConfig,
  type LoadedConfig,
  type RawConfig,
} from '../../config/index.js';
import { EXIT, UsageError } from '../../errors.js';
import type { DbStatus, MigrationReport, ProvisionReport, SchemaReport } from '../../db/index.js';
import { defineOptions, type HandlerArgs } from '../options.js';
import type { CommandContext } from '../context.js';
import { result } from '../output/output.js';
import type { Style } from '../output/style.js';
import { defineCommand, type Runner } from '../run.js';

const DB_PATHS = ['db.host', 'db.port', 'db.name', 'db.user', 'db.password'] as const;

const PROVISION_OPTIONS = defineOptions({
  adminUser: {
    flags: '--admin-user <user>',
    description: 'administrator account used to provision [MINILVB_DB_ADMIN_USER] (default root)',
  },
  adminPassword: {
    flags: '--admin-password <password>',
    description: 'administrator password [MINILVB_DB_ADMIN_PASSWORD] (prompted when interactive)',
  },
  adminHost: { flags: '--admin-host <host>', description: 'host to reach as administrator (default db.host)' },
  adminPort: { flags: '--admin-port <port>', description: 'port to reach as administrator (default db.port)' },
  adminSocket: {
    flags: '--admin-socket <path>',
    description:
      'log in as administrator through this Unix socket ' +
      '[MINILVB_DB_ADMIN_SOCKET] (default for a passwordless root on a local ' +
      'database: /run/mysqld/mysqld.sock)',
  },
  userHost: {
    flags: '--user-host <host>',
    description:
      'host of the application account, repeatable (default localhost and ' +
      "127.0.0.1 for a local database; '%' only if you mean it)",
    repeat: 'comma',
  },
  resetPassword: {
    flags: '--reset-password',
    description: "change the existing application user's password (generated unless given by flag or env)",
  },
  dryRun: { flags: '--dry-run', description: 'print the SQL it would run, passwords masked, and change nothing' },
});
type ProvisionFlags = HandlerArgs<typeof PROVISION_OPTIONS>;

export function register(program: Command, run: Runner): void {
  const db = program
    .command('db')
    .description('provision, migrate and check the MySQL/MariaDB database of the bundled server');

  const provision = db
    .command('provision')
    .description('create the database, a least-privilege application user and the tables; only what is missing')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ sudo minilvb db provision --db-host 127.0.0.1                 # Debian/Ubuntu: root logs in by socket\n' +
        '  $ minilvb db provision --db-host 127.0.0.1 --admin-user root --admin-password …\n' +
        '  $ minilvb db provision --dry-run --json',
    );
  defineCommand(provision, run, { config: DB_PATHS, options: PROVISION_OPTIONS }, async (ctx, opts) => {
    const { loaded, db: target } = await loadDb(ctx);
    const admin = await adminCredentials(ctx, opts, target);
    const fromFileOnly = loaded.sources['db.password'] === 'file' || loaded.sources['db.password'] === undefined;
    const { provisionDatabase } = await import('../../db/index.js');
    const report = await provisionDatabase({
      db: opts.resetPassword && fromFileOnly ? { ...target, password: undefined } : target,
      admin,
      ...(opts.userHost.length > 0 ? { userHosts: opts.userHost } : {}),
      resetPassword: Boolean(opts.resetPassword),
      dryRun: Boolean(opts.dryRun),
      savePassword: async (pw) => {
        ctx.output.redactor.add(pw);
        const file = await savePassword(ctx, loaded, pw);
        ctx.output.info(`Generated a password for ${target.user} and saved it to ${file} (mode 0600).`);
      },
    });
    return result('db.provision', report, renderProvision, {
      warnings: report.warnings.map((w) => `${w.code}: ${w.message}`),
    });
  });

  const migrate = db
    .command('migrate')
    .description('apply pending schema migrations with the application credentials')
    .addHelpText('after', '\nExamples:\n  $ minilvb db migrate\n  $ minilvb db migrate --dry-run --json');
  defineCommand(
    migrate,
    run,
    {
      config: DB_PATHS,
      options: { dryRun: { flags: '--dry-run', description: 'list the pending statements without running them' } },
    },
    async (ctx, opts) => {
      const { db: target } = await loadDb(ctx);
      const { migrateDatabase } = await import('../../db/index.js');
      const report = await migrateDatabase({ db: target, dryRun: Boolean(opts.dryRun) });
      return result('db.migrate', report, renderMigrate);
    },
  );

  const verify = db
    .command('verify')
    .description(
      'compare the live schema with the expected one; lists every difference, changes nothing (exit 1 when different)',
    )
    .addHelpText('after', '\nExamples:\n  $ minilvb db verify\n  $ minilvb db verify --db-host 10.0.0.5 --json');
  defineCommand(verify, run, { config: DB_PATHS }, async (ctx) => {
    const { db: target } = await loadDb(ctx);
    const { verifyDatabase } = await import('../../db/index.js');
    const report = await verifyDatabase(target);
    return result('db.verify', report, renderVerify, { exitCode: report.ok ? EXIT.ok : EXIT.failure });
  });

  const statusCmd = db
    .command('status')
    .description('connection, server version, schema version, pending migrations and row counts')
    .addHelpText('after', '\nExamples:\n  $ minilvb db status\n  $ minilvb db status --profile production --json');
  defineCommand(statusCmd, run, { config: DB_PATHS }, async (ctx) => {
    const { db: target } = await loadDb(ctx);
    const { databaseStatus } = await import('../../db/index.js');
    const status = await databaseStatus(target);
    return result('db.status', status, renderStatus, {
      exitCode: status.connected && !status.tooNew ? EXIT.ok : EXIT.failure,
    });
  });
}

async function loadDb(ctx: CommandContext): Promise<{ loaded: LoadedConfig; db: DbConfig }> {
  const loaded = await ctx.loadConfig();
  requireConfig(loaded, ['db.host'], [...DB_PATHS]);
  const db = loaded.config.db;
  if (!db)
    throw new UsageError(
      'No database is configured (db.host is unset); the bundled server then uses its embedded store.',
      { hint: 'Pass --db-host, set MINILVB_DB_HOST, or add "db": {"host": …} to minilvb.config.json.' },
    );
  return { loaded, db };
}

async function adminCredentials(
  ctx: CommandContext,
  opts: ProvisionFlags,
  db: DbConfig,
): Promise<{ host: string; port: number; user: string; password?: string }> {
  const env = ctx.io.env;
  let user = opts.adminUser ?? env.MINILVB_DB_ADMIN_USER;
  let password = opts.adminPassword ?? env.MINILVB_DB_ADMIN_PASSWORD;
  if ((user === undefined || password === undefined) && ctx.interactive) {
    const prompts = await import('@inquirer/prompts');
    const io = ctx.io.prompt;
    user ??= await prompts.input(
      { message: `Administrator account on ${opts.adminHost ?? db.host}:`, default: 'root' },
      io,
    );
    password ??= await prompts.password({ message: `Password of ${user} (not stored):`, mask: '*' }, io);
  }
  if (password) ctx.output.redactor.add(password);
  const port = opts.adminPort === undefined ? db.port : Number(opts.adminPort);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`--admin-port ${String(opts.adminPort)} is not a port number.`, {
      hint: 'Use 1..65535, e.g. --admin-port 3306.',
    });
  const host = opts.adminHost ?? db.host;
  const socketPath =
    opts.adminSocket ?? env.MINILVB_DB_ADMIN_SOCKET ?? defaultAdminSocket(user ?? 'root', password, host);
  if (socketPath && !opts.adminSocket && !env.MINILVB_DB_ADMIN_SOCKET)
    ctx.output.info(
      `Logging in as root through ${socketPath} (no admin password given; pass --admin-password to use TCP).`,
    );
  return { host, port, user: user ?? 'root', ...(password ? { password } : {}), ...(socketPath ? { socketPath } : {}) };
}

/** Debian and Ubuntu create root@localhost with socket authentication: no password, only the socket works. */
function defaultAdminSocket(user: string, password: string | undefined, host: string): string | undefined {
  if (user !== 'root' || password || !['127.0.0.1', 'localhost', '::1'].includes(host)) return undefined;
  return ['/run/mysqld/mysqld.sock', '/var/run/mysqld/mysqld.sock'].find((p) => existsSync(p));
}

/** Writes db.password (and db.* values given as flags) to the config file, atomically, mode 0600. */
async function savePassword(ctx: CommandContext, loaded: LoadedConfig, password: string): Promise<string> {
  const file = loaded.file ?? resolve(ctx.io.cwd, DEFAULT_CONFIG_FILE);
  const raw: RawConfig = existsSync(file) ? await readConfigFile(file) : {};
  let target: Record<string, unknown> = raw;
  if (loaded.profile) {
    raw.profiles ??= {};
    raw.profiles[loaded.profile] ??= {};
    target = raw.profiles[loaded.profile] as Record<string, unknown>;
  }
  const db = loaded.config.db as DbConfig;
  for (const path of DB_PATHS) {
    if (path !== 'db.password' && loaded.sources[path] === 'flag')
      setPath(target, path, db[path.slice(3) as keyof DbConfig]);
  }
  setPath(target, 'db.password', password);
  await writeConfigFile(file, raw);
  return file;
}

function renderProvision(r: ProvisionReport, s: Style): string {
  const lines = [
    s.bold(
      `${r.dryRun ? 'Dry run: would provision' : 'Provisioned'} ${r.database} ` +
        `for ${r.accounts.join(', ')} (${r.serverVersion})`,
    ),
  ];
  if (r.steps.length === 0) {
    lines.push(s.green('✓ Nothing to change: the database, accounts, privileges and schema are already in place.'));
  } else {
    lines.push(r.dryRun ? 'SQL it would run:' : 'SQL run:');
    for (const step of r.steps)
      lines.push(
        `${step.sql
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n')};`,
      );
  }
  if (r.migrations.applied.length > 0) lines.push(`Schema: ${r.migrations.from ?? 'none'} → ${r.migrations.to}`);
  return lines.join('\n');
}

function renderMigrate(r: MigrationReport, s: Style): string {
  if (r.applied.length === 0 && r.addedColumns.length === 0)
    return s.green(`✓ Schema is at version ${r.from ?? 0}, the latest; nothing to apply.`);
  const lines = [s.bold(`${r.dryRun ? 'Would migrate' : 'Migrated'} schema ${r.from ?? 'none'} → ${r.to}`)];
  for (const m of r.applied) lines.push(`  ${m.version}. ${m.name}`);
  if (r.addedColumns.length > 0)
    lines.push(
      `  ${r.dryRun ? 'would add' : 'added'} ${r.addedColumns.length} missing ` +
        `column(s) (ADD COLUMN only; existing rows keep their values)`,
    );
  if (r.dryRun) for (const sql of [...r.applied.flatMap((m) => m.statements), ...r.addedColumns]) lines.push(`${sql};`);
  return lines.join('\n');
}

function renderVerify(r: SchemaReport, s: Style): string {
  const lines = r.ok
    ? [s.green(`✓ ${r.database}: schema matches (${r.tablesChecked} tables)`)]
    : [
        s.red(
          `✗ ${r.database}: ${r.differences.length} difference` +
            `${r.differences.length === 1 ? '' : 's'} from the expected schema`,
        ),
      ];
  for (const d of r.differences) lines.push(`  - ${d.message}`);
  if (r.extras.length > 0) lines.push(s.dim(`  extra (not expected, left alone): ${r.extras.join(', ')}`));
  if (!r.ok)
    lines.push(
      s.dim('  minilvb never alters existing tables; fix them by hand or restore from the createDB.sh schema.'),
    );
  return lines.join('\n');
}

function renderStatus(r: DbStatus, s: Style): string {
  if (!r.connected)
    return (
      `${s.red('✗')} ${r.where}: not reachable\n  ${r.error?.message ?? ''}` +
      `${r.error?.hint ? `\n  ${r.error.hint}` : ''}`
    );
  const lines = [`${s.green('✓')} ${r.where} (${r.serverVersion})`];
  lines.push(
    `  schema version: ` +
      `${r.schemaVersion ?? 'none (fresh or PHP-era database)'} (this minilvb ` +
      `knows ${r.knownVersion})` +
      `${r.tooNew ? s.red(' — newer than this minilvb') : ''}`,
  );
  lines.push(
    `  pending migrations: ` +
      `${r.pending.length === 0 ? 'none' : r.pending.map((p) => `${p.version} ${p.name}`).join('; ')}`,
  );
  lines.push('  rows:');
  for (const [t, n] of Object.entries(r.rowCounts))
    lines.push(`    ${t.padEnd(22)} ${n === null ? s.dim('(missing)') : String(n)}`);
  return lines.join('\n');
}

/** `minilvb serve`: runs the bundled Mini LVB business server until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import { requireConfig } from '../../config/index.js';
import { result } from '../output/output.js';
import { defineCommand, type Runner } from '../run.js';

const PATHS = [
  'server.host',
  'server.port',
  'server.publicUrl',
  'protocol',
  'credentials',
  'server.passwordStorage',
  'server.callbackSkew',
  'server.streamUserRule',
  'server.logLevel',
  'server.logFile',
  'server.dataDir',
  'server.adminToken',
  'server.logMaxBytes',
  'server.logFiles',
  'server.headersTimeout',
  'server.requestTimeout',
  'server.maxConnections',
  'server.dbTimeout',
  'server.dbQueueLimit',
  'db.host',
  'db.port',
  'db.name',
  'db.user',
  'db.password',
  'server.callbackWindow',
  'server.minRecordSeconds',
  'server.strictTimestamps',
  'server.tokenTtl',
  'server.refreshTtl',
  'server.bodyLimit',
  'server.sessionCacheMs',
  'server.listCacheMs',
  'server.loginLimitPerAddress',
  'server.loginLimitPerUser',
  'server.kdfConcurrency',
  'server.kdfQueue',
] as const;

/** What serve prints once it listens. */
interface ServeInfo {
  listenUrl: string;
  appUrl: string;
  callbackUrl: string;
  healthUrl: string;
  store: 'mysql' | 'embedded';
  protocol: string;
  logFile: string | null;
  /** Why the database is not usable yet (serve runs anyway and reconnects), or null when it is. */
  databaseOutage: { kind: string; cause: string } | null;
}

export function register(program: Command, run: Runner): void {
  const cmd = program
    .command('serve')
    .description('run the bundled Mini LVB business server (MySQL when db is configured, else the embedded store)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ minilvb serve\n' +
        '  $ minilvb serve --host 0.0.0.0 --port 8080 --public-url http://203.0.113.7\n' +
        '  $ MINILVB_DB_HOST=127.0.0.1 MINILVB_DB_PASSWORD=… minilvb serve --json',
    );
  defineCommand(cmd, run, { config: PATHS }, async (ctx) => {
    const loaded = await ctx.loadConfig();
    requireConfig(loaded, [], ['server', 'db', 'protocol', 'credentials']);
    const { config } = loaded;
    const { buildServer } = await import('../../server/index.js');
    // A database that is down or not ready does not stop serve: `outage` says why, and it reconnects.
    const { running, store, outage } = await buildServer(config, {
      cwd: ctx.io.cwd,
      logStream: ctx.io.stderr,
      secrets: loaded.secrets,
      handleSignals: true,
    });
    // The handler returns now so the result prints at once; the listening server keeps the
    // process alive until a signal drains it, and the exit code stays 0.
    const base = config.server.publicUrl ?? running.url;
    const data: ServeInfo = {
      listenUrl: running.url,
      appUrl: config.protocol === 'action' ? `${base}/interface.php` : base,
      callbackUrl: `${base}/callback/tape_callback.php`,
      healthUrl: `${running.url}/healthz`,
      store: store.kind,
      protocol: config.protocol,
      logFile: config.server.logFile ?? null,
      databaseOutage: outage ? { kind: outage.kind, cause: outage.cause } : null,
    };
    const warnings: string[] = [];
    if (outage)
      warnings.push(
        `The database is not usable (${outage.kind}): ${outage.cause} Serving ` +
          `anyway: /readyz answers 503 with this cause, app calls the database ` +
          `error, callbacks 503; it reconnects by itself.`,
      );
    if (!config.server.publicUrl && /^(127\.|localhost|\[?::1)/.test(running.host)) {
      warnings.push(
        'The server listens on loopback only: phones cannot reach it. Put nginx ' +
          'in front (`minilvb generate --only nginx` writes the site), or use ' +
          '--host 0.0.0.0 and set --public-url.',
      );
    }
    for (const i of loaded.issues.filter((x) => x.severity === 'error'))
      warnings.push(`${i.path}: ${i.message} (endpoints using it will fail)`);
    return result(
      'serve.started',
      data,
      (d, s) =>
        [
          `${s.green('✓')} minilvb server listening on ${s.bold(d.listenUrl)} (` +
            `${d.store} store, ${d.protocol} protocol)`,
          `  App server URL (` +
            `${d.protocol === 'action' ? 'SVR_POST_URL / kHttpServerAddr' : 'APP_SVR_URL / kHttpServerAddr'}` +
            `): ${d.appUrl}`,
          `  LVB callback URL (recording callback): ${d.callbackUrl}`,
          `  Health check: ${d.healthUrl}`,
          s.dim(`  Logs: ${d.logFile ?? 'stderr'}. Stop with Ctrl-C (drains in-flight requests).`),
        ].join('\n'),
      { warnings },
    );
  });
}

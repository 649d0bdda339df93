/** `minilvb doctor`: runs the troubleshooting checks and prints what is wrong and how to fix it. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError, UsageError } from '../../errors.js';
import { FIELDS, FILE_FIELDS } from '../../config/index.js';
import {
  CHECKS,
  cleanupWarnings,
  configMeta,
  doctorExitCode,
  probeUrl,
  runDoctor,
  selectChecks,
  type DoctorEvent,
  type RunDoctorOptions,
} from '../../doctor/index.js';
import { buildSupportBundle, DEFAULT_LOG_LINES, writeSupportBundle } from '../../doctor/report/support-bundle.js';
import { defineOptions } from '../options.js';
import { result } from '../output/output.js';
import { defineCommand, type Runner } from '../run.js';
import type { CommandContext } from '../context.js';
import { fixWithConsent } from './doctor-fix.js';
import { renderCheckList, renderReport, type DoctorData } from './doctor-render.js';

/** Every config field is also a doctor flag, as for the other commands (`doctor --server … --push-key …`). */
const CONFIG_PATHS = [...FIELDS.map((f) => f.path), ...Object.keys(FILE_FIELDS)];

const DOCTOR_OPTIONS = defineOptions({
  skip: { flags: '--skip <id>', description: 'skip a check or group (repeatable)', repeat: true },
  listChecks: { flags: '--list-checks', description: 'list the checks and exit' },
  strict: { flags: '--strict', description: 'warnings fail too (exit 1)' },
  timeout: { flags: '--timeout <ms>', description: 'per-check time limit in milliseconds (default 10000)' },
  log: {
    flags: '--log <file>',
    description: 'scan an app or server log file for known failure keywords (repeatable)',
    repeat: true,
  },
  server: {
    flags: '--server <url>',
    description: 'server base URL to probe (default: server.publicUrl, else http://<server.host>:<server.port>)',
  },
  ca: { flags: '--ca <file>', description: 'extra trusted CA certificate (PEM) for a privately signed HTTPS server' },
  stream: {
    flags: '--stream <id>',
    description: 'read the recent callback deliveries of this stream, live or not (repeatable)',
    repeat: true,
  },
  dbAdminUser: {
    flags: '--db-admin-user <user>',
    description:
      'a MySQL admin login (password: prompted, or MINILVB_DB_ADMIN_PASSWORD) to look for accounts shadowing db.user',
  },
  phpDir: {
    flags: '--php-dir <dir>',
    description:
      'code root of a PHP deployment: compare conf/OutDefine.php and ' +
      'conf/cdn.route.ini with the config (read, never run)',
  },
  report: {
    flags: '--report <file>',
    description:
      'also write a support bundle (JSON, mode 0600): versions, masked config, ' +
      'the report with evidence, server log tail',
  },
  reportLines: {
    flags: '--report-lines <n>',
    description: `server log lines in the support bundle (default ${DEFAULT_LOG_LINES})`,
  },
  fix: {
    flags: '--fix',
    description:
      'apply the safe local repairs checks offer (file modes, stale generated ' +
      'files, db migrate): asks before each; --yes applies all',
  },
});

export function register(program: Command, run: Runner): void {
  const cmd = program
    .command('doctor')
    .description('find what is wrong with a Mini LVB deployment, and say how to fix it')
    .argument('[checks...]', 'check ids or groups to run (default: all); prerequisites are included')
    .addHelpText(
      'after',
      `
Examples:
  $ minilvb doctor                         run every check
  $ minilvb doctor server callback         only these groups (and what they need)
  $ minilvb doctor --log rtmpsdk_20240101.log --log /var/log/nginx/error.log logs
  $ minilvb doctor --json --strict         for CI: one JSON document, warnings fail
  $ minilvb doctor --php-dir /data/live_demo_service config keys
  $ minilvb doctor --report minilvb-report.json   a redacted bundle to attach to a support ticket
  $ minilvb doctor --fix                   repair what is safe and local, asking first; then re-check
  $ minilvb explain CB-API-KEY             what a finding's id means: cause, how to confirm, fix

Server probed: --server, else server.publicUrl, else http://<server.host>:<server.port>
(what \`minilvb serve\` listens on).

Symbols: ✓ pass  ! warning  ✗ failed  ? inconclusive or could not run  - skipped (reason given)
Exit codes: 0 nothing failed, 1 a check failed or was inconclusive (or warned, with --strict),
2 usage or config error.`,
    );
  defineCommand(cmd, run, { options: DOCTOR_OPTIONS, config: CONFIG_PATHS }, async (ctx, opts, args) => {
    if (opts.listChecks) {
      const list = CHECKS.map((c) => ({
        id: c.id,
        group: c.group,
        title: c.title,
        needs: { config: [...(c.needs?.config ?? [])], checks: [...(c.needs?.checks ?? [])] },
      }));
      return result('doctor.list', { checks: list }, (d, s) => renderCheckList(d.checks, s));
    }
    const timeoutMs = parseTimeout(opts.timeout);
    const server = opts.server?.trim();
    if (server !== undefined && !/^https?:\/\/[^\s/]+/.test(server)) {
      throw new UsageError(`--server ${JSON.stringify(server)} is not an http(s) URL.`, {
        hint: 'Give the base URL the apps use, e.g. --server http://203.0.113.5',
      });
    }
    const selection = selectChecks(CHECKS, args, opts.skip);
    const tlsCa = opts.ca ? await readCa(resolve(ctx.io.cwd, opts.ca)) : undefined;
    const reportLines = parseLines(opts.reportLines);
    const loaded = await ctx.loadConfig();
    const dbAdmin = opts.dbAdminUser
      ? { user: opts.dbAdminUser, ...(await adminPassword(ctx, opts.dbAdminUser)) }
      : undefined;
    const stopProgress = await progressReporter(ctx);
    const runOptions: RunDoctorOptions = {
      checks: CHECKS,
      config: loaded.config,
      meta: configMeta(loaded),
      inputs: {
        cwd: ctx.io.cwd,
        logFiles: opts.log,
        ...(server ? { serverUrl: server } : {}),
        ...(tlsCa ? { tlsCa } : {}),
        ...(opts.phpDir ? { phpDir: resolve(ctx.io.cwd, opts.phpDir) } : {}),
        ...(opts.stream.length > 0 ? { streams: opts.stream } : {}),
        ...(dbAdmin ? { dbAdmin } : {}),
      },
      select: args,
      skip: opts.skip,
      selection,
      ...(timeoutMs ? { timeoutMs } : {}),
    };
    let report;
    try {
      report = await runDoctor({ ...runOptions, onEvent: stopProgress.onEvent });
    } finally {
      stopProgress.stop();
    }
    const fixed = opts.fix ? await fixWithConsent(ctx, runOptions, report) : undefined;
    if (fixed) report = fixed.report;
    const strict = Boolean(opts.strict);
    const exitCode = doctorExitCode(report.summary, strict);
    const probed = probeUrl(loaded.config, runOptions.inputs);
    const data: DoctorData = {
      configFile: loaded.file ?? null,
      server: probed.url,
      serverFrom: probed.from,
      strict,
      summary: report.summary,
      durationMs: report.durationMs,
      checks: report.results,
      ...(fixed ? { fixes: fixed.fixes } : {}),
    };
    if (opts.report) {
      const file = resolve(ctx.io.cwd, opts.report);
      const bundle = await buildSupportBundle({
        loaded,
        report: data,
        results: report.results,
        logFiles: opts.log.map((f) => resolve(ctx.io.cwd, f)),
        ...(reportLines ? { lines: reportLines } : {}),
      });
      await writeSupportBundle(file, bundle);
      data.supportBundle = file;
    }
    // A probe user left behind is worth knowing about even when every check passed.
    return result('doctor', data, (d, s) => renderReport(d, s, ctx.globals.verbose), {
      exitCode,
      warnings: cleanupWarnings(report.cleanup),
    });
  });
}

/**
 * The admin password: MINILVB_DB_ADMIN_PASSWORD, else asked on a terminal, else none (socket or passwordless logins).
 */
async function adminPassword(ctx: CommandContext, user: string): Promise<{ password?: string }> {
  const fromEnv = ctx.io.env.MINILVB_DB_ADMIN_PASSWORD;
  if (fromEnv !== undefined) {
    ctx.output.redactor.add(fromEnv);
    return { password: fromEnv };
  }
  if (!ctx.interactive) return {};
  const { password } = await import('@inquirer/prompts');
  const answer = await password({ message: `MySQL password of ${user} (empty: none)`, mask: '*' }, ctx.io.prompt);
  if (answer !== '') ctx.output.redactor.add(answer);
  return answer === '' ? {} : { password: answer };
}

async function readCa(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new InputError(`Cannot read --ca ${file} (${e.code ?? e.message}).`, {
      hint: 'Give a PEM file with the CA certificate.',
    });
  });
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw new InputError(`--ca ${file} is not a PEM certificate.`, {
      hint: 'Give a PEM file with the CA certificate.',
    });
  return text;
}

function parseLines(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100_000)
    throw new UsageError(`--report-lines ${value} is not a line count.`, {
      hint: 'Give an integer between 1 and 100000, e.g. --report-lines 500.',
    });
  return n;
}

function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 100 || n > 600_000) {
    throw new UsageError(`--timeout ${value} is not a time limit in milliseconds.`, {
      hint: 'Give an integer between 100 and 600000, e.g. --timeout 20000.',
    });
  }
  return n;
}

/** A spinner (TTY) or a periodic note on stderr naming the checks still pending after a few seconds. */
async function progressReporter(ctx: CommandContext): Promise<{ onEvent: (e: DoctorEvent) => void; stop: () => void }> {
  const running = new Map<string, string>();
  let finished = 0;
  const spinner = await ctx.output.progress('running checks…');
  const started = Date.now();
  const pendingText = (): string =>
    `${finished} done; waiting for ` +
    `${[...running.keys()].slice(0, 4).join(', ')}` +
    `${running.size > 4 ? ` and ${running.size - 4} more` : ''} (` +
    `${Math.round((Date.now() - started) / 1000)} s)`;
  const timer = setInterval(() => {
    if (running.size === 0) return;
    spinner.update(pendingText());
    // Human mode only: with --json, stderr stays quiet unless asked (--verbose prints nothing extra here either).
    if (!ctx.output.json && (!ctx.io.stderr.isTTY || ctx.io.env.CI !== undefined))
      ctx.output.info(`doctor: ${pendingText()}`);
  }, 3000);
  timer.unref();
  return {
    onEvent: (e) => {
      if (e.kind === 'start') running.set(e.id, e.title);
      else {
        running.delete(e.result.id);
        finished++;
        spinner.update(`${finished} checks done`);
      }
    },
    stop: () => {
      clearInterval(timer);
      spinner.done();
    },
  };
}

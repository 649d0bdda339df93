/** `minilvb deploy [status|rollback|unlock]`: flags in, the deploy capability does the work (docs/deploy.md). */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { LoadedConfig } from '../../config/index.js';
import { requireConfig } from '../../config/index.js';
import { UsageError } from '../../errors.js';
import type {
  DeployEvent,
  DeployReport,
  HostPlan,
  HostResult,
  HostStatus,
  PreflightCheck,
} from '../../deploy/index.js';
import type { CommandContext } from '../context.js';
import { defineOptions } from '../options.js';
import { result, type Progress } from '../output/output.js';
import type { Style } from '../output/style.js';
import { defineCommand, type Runner } from '../run.js';

const CONFIG = [
  'deploy.hosts',
  'deploy.path',
  'deploy.mode',
  'deploy.service',
  'deploy.nginx',
  'deploy.key',
  'deploy.jump',
  'deploy.knownHosts',
  'deploy.hostKeys',
  'deploy.startTimeout',
] as const;

const CONNECT = defineOptions({
  acceptNew: { flags: '--accept-new', description: 'trust and record the key of a host not yet in known_hosts' },
});
const DEPLOY_OPTIONS = defineOptions({
  ...CONNECT,
  check: { flags: '--check', description: 'run the preflight checks on every host and change nothing' },
  dryRun: { flags: '--dry-run', description: 'print the plan (files, commands) without connecting' },
  parallel: { flags: '--parallel <n>', description: 'hosts deployed at once (default 1: rolling)' },
  keep: { flags: '--keep <n>', description: 'releases kept per host (default deploy.keep, 5)' },
});

export function register(program: Command, run: Runner): void {
  const cmd = program
    .command('deploy')
    .description('put the bundled server (or the PHP conf files) on the deploy.hosts over SSH, health-gated')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ minilvb deploy --check                 preflight every host, change nothing\n' +
        '  $ minilvb deploy --dry-run               the files and commands, without connecting\n' +
        '  $ minilvb deploy                         rolling: one host at a time, stop at the first failure\n' +
        '  $ minilvb deploy --accept-new --json     first contact with new hosts, per-host results as JSON\n' +
        '  $ minilvb deploy status                  current / previous release, health, lock per host\n' +
        '  $ minilvb deploy rollback                back to the previous release on every host',
    );
  defineCommand(cmd, run, { config: CONFIG, options: DEPLOY_OPTIONS }, async (ctx, opts) => {
    const loaded = await load(ctx);
    const { config } = loaded;
    const deploy = await import('../../deploy/index.js');
    if (opts.dryRun) {
      const plan = deploy.planDeploy(config, { now: Date.now(), version: (await import('../../version.js')).VERSION });
      return result('deploy.plan', { hosts: plan }, renderPlan);
    }
    const connect = { config, acceptNew: Boolean(opts.acceptNew), env: ctx.io.env };
    if (opts.check) {
      const hosts = await deploy.deployCheck(connect);
      const ok = hosts.every((h) => h.ok && (h.value ?? []).every((c) => c.ok || c.warning));
      return result('deploy.check', { ok, hosts }, renderCheck, { exitCode: ok ? 0 : 1 });
    }
    const report = await withInterrupt((signal) =>
      deploy.deploy({
        ...connect,
        signal,
        workDir: join(tmpdir(), 'minilvb-releases'),
        onEvent: progress(ctx, opts.parallel ? positive(opts.parallel, '--parallel') : 1),
        ...(opts.parallel ? { parallel: positive(opts.parallel, '--parallel') } : {}),
        ...(opts.keep ? { keep: positive(opts.keep, '--keep') } : {}),
      }),
    );
    return result('deploy', report, renderReport, { exitCode: report.ok ? 0 : 1 });
  });

  const status = cmd
    .command('status')
    .description('per host: current and previous release, health, lock')
    .addHelpText('after', '\nExamples:\n  $ minilvb deploy status\n  $ minilvb deploy status --json');
  defineCommand(status, run, { config: CONFIG, options: CONNECT }, async (ctx, opts) => {
    const { config } = await load(ctx);
    const { deployStatus } = await import('../../deploy/index.js');
    const hosts = await deployStatus({ config, acceptNew: Boolean(opts.acceptNew), env: ctx.io.env });
    return result('deploy.status', { hosts }, renderStatus, { exitCode: hosts.every((h) => h.ok) ? 0 : 1 });
  });

  const rollback = cmd
    .command('rollback')
    .description('start an earlier release (default: the previous one) on every host and point current at it')
    .argument('[release]', 'release id as `deploy status` lists it')
    .addHelpText(
      'after',
      '\nExamples:\n  $ minilvb deploy rollback                              the previous release\n' +
        '  $ minilvb deploy rollback 20260102T030405006Z-0.1.0    a release `deploy status` lists',
    );
  defineCommand(rollback, run, { config: CONFIG, options: CONNECT }, async (ctx, opts, args) => {
    const { config } = await load(ctx);
    const { deployRollback } = await import('../../deploy/index.js');
    const hosts = await deployRollback({
      config,
      acceptNew: Boolean(opts.acceptNew),
      env: ctx.io.env,
      onEvent: progress(ctx),
      ...(args[0] ? { release: args[0] } : {}),
    });
    const ok = hosts.every((h) => h.status === 'deployed');
    return result('deploy.rollback', { ok, hosts }, (d, s) => renderReport({ mode: 'bundled', ...d }, s), {
      exitCode: ok ? 0 : 1,
    });
  });

  const unlock = cmd
    .command('unlock')
    .description('remove a stale deploy lock on every host (names its holder)')
    .addHelpText('after', '\nExamples:\n  $ minilvb deploy unlock      after a deploy was killed');
  defineCommand(unlock, run, { config: CONFIG, options: CONNECT }, async (ctx, opts) => {
    const { config } = await load(ctx);
    const { deployUnlock } = await import('../../deploy/index.js');
    const hosts = await deployUnlock({ config, acceptNew: Boolean(opts.acceptNew), env: ctx.io.env });
    return result('deploy.unlock', { hosts }, (d) =>
      d.hosts
        .map((h) =>
          h.ok
            ? `${h.host}: ${h.value?.removed ? `removed the lock of ${holder(h.value.removed)}` : 'no lock'}`
            : `${h.host}: ${h.error?.message ?? 'failed'}`,
        )
        .join('\n'),
    );
  });
}

async function load(ctx: CommandContext): Promise<LoadedConfig> {
  const loaded = await ctx.loadConfig();
  requireConfig(loaded, ['deploy.hosts']);
  return loaded;
}

function positive(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number of at least 1, not "${v}".`);
  return n;
}

/** Ctrl-C aborts the deploy (the runner restores the old release and releases the lock); a second one exits. */
async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const onSignal = (): void => ac.abort();
  process.once('SIGINT', onSignal);
  try {
    return await fn(ac.signal);
  } finally {
    process.off('SIGINT', onSignal);
  }
}

/** One line per finished step per host on stderr (a spinner on a terminal). */
function progress(ctx: CommandContext, parallel = 1): (e: DeployEvent) => void {
  // One spinner line at a time: hosts deployed in parallel print plain lines instead, as does a run where the output
  // layer shows no spinner (its progress is silent there).
  const tty = ctx.output.spins && parallel === 1;
  let spinner: Promise<Progress> | undefined;
  return (e) => {
    const text = `${e.host}  ${e.step}${e.detail ? `: ${e.detail}` : ''}`;
    if (tty && e.status === 'start') {
      spinner = ctx.output.progress(`${e.host}  ${e.step}…`);
      return;
    }
    if (e.status === 'start') return;
    if (tty && spinner) {
      void spinner.then((p) => (e.status === 'fail' ? p.fail(text) : p.done(text)));
      spinner = undefined;
      return;
    }
    ctx.output.info(`${e.status === 'fail' ? 'FAIL' : e.status === 'skip' ? 'skip' : ' ok '} ${text}`);
  };
}

function renderReport(r: Pick<DeployReport, 'hosts'> & { mode?: string }, s: Style): string {
  return r.hosts.map((h) => hostLine(h, s)).join('\n');
}

function hostLine(h: HostResult, s: Style): string {
  const mark = {
    deployed: s.green('✔'),
    unchanged: s.green('='),
    failed: s.red('✖'),
    'rolled-back': s.yellow('↺'),
    'not-started': s.dim('·'),
  }[h.status];
  const previous = h.previous ? ` (previous ${h.previous})` : '';
  const head = `${mark} ${h.host}: ${h.status}${h.release ? ` ${h.release}` : ''}${previous}`;
  const lines = [head];
  if (h.detail) lines.push(`    ${h.detail}`);
  if (h.error)
    lines.push(`    ${h.error.message}`, ...(h.error.hint ? [`    ${s.cyan('Hint:')} ${h.error.hint}`] : []));
  return lines.join('\n');
}

function renderPlan(d: { hosts: HostPlan[] }): string {
  const out: string[] = ['Dry run: nothing was connected to or changed.'];
  for (const h of d.hosts) {
    out.push('', `${h.host} (${h.root})${h.release ? ` release ${h.release}` : ''}`);
    for (const st of h.steps) {
      out.push(`  ${st.step}${st.when ? ` (${st.when})` : ''}`);
      for (const f of st.files ?? [])
        out.push(`    file ${f.path} ${f.mode}${f.secret ? ' (secret, sent on stdin)' : ''}`);
      for (const c of st.commands) out.push(`    $ ${c}`);
    }
  }
  return out.join('\n');
}

function renderCheck(
  d: { hosts: Array<{ host: string; ok: boolean; value?: PreflightCheck[]; error?: HostResult['error'] }> },
  s: Style,
): string {
  const out: string[] = [];
  for (const h of d.hosts) {
    out.push(`${h.host}`);
    if (!h.ok) out.push(`  ${s.red('✖')} ssh: ${errorOf(h)}`, ...(h.error?.hint ? [`    ${h.error.hint}`] : []));
    for (const c of h.value ?? []) {
      out.push(`  ${c.ok ? s.green('✔') : c.warning ? s.yellow('!') : s.red('✖')} ${c.id}: ${c.detail}`);
      if (!c.ok && c.hint) out.push(`    ${c.hint}`);
    }
  }
  return out.join('\n');
}

function renderStatus(
  d: { hosts: Array<{ host: string; ok: boolean; value?: HostStatus; error?: HostResult['error'] }> },
  s: Style,
): string {
  return d.hosts
    .map((h) => {
      if (!h.ok || !h.value) return `${s.red('✖')} ${h.host}: ${errorOf(h)}`;
      const v = h.value;
      return [
        `${v.healthy ? s.green('✔') : s.red('✖')} ${h.host}`,
        `    current  ${v.current ?? '(none)'}`,
        `    previous ${v.previous ?? '(none)'}`,
        `    health   ${v.running ? v.health : 'not running'}`,
        `    lock     ${v.lock ? `held by ${holder(v.lock)}` : 'free'}`,
        `    releases ${v.releases.length ? v.releases.join(', ') : '(none)'}`,
      ].join('\n');
    })
    .join('\n');
}

function holder(l: { by: string; pid: number; since: string; action: string }): string {
  return `${l.by} (pid ${l.pid}) since ${l.since} for "${l.action}"`;
}

/** A host's error without the host name its message starts with (the line already names the host). */
function errorOf(h: { host: string; error?: { message: string } | undefined }): string {
  const m = h.error?.message ?? 'failed';
  return m.startsWith(`${h.host}: `) ? m.slice(h.host.length + 2) : m;
}

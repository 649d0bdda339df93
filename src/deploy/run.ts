/**
 * Runs a deploy across hosts: rolling by default (one host at a time, each health-gated), `parallel`
 * at once when asked, and no new host is started after the first failure, so the rest stay on their
 * old release. Every host gets a result.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { MinilvbConfig } from '../config/index.js';
import { MinilvbError, toMinilvbError } from '../errors.js';
import { systemClock, type Clock } from '../time/clock.js';
import { errorSummary, type EventSink, type HostResult } from './events.js';
import { deployBundled } from './host-bundled.js';
import { deployPhp } from './host-php.js';
import { layoutOf } from './layout.js';
import { buildRelease, type ReleaseArtifact } from './release/build-release.js';
import { serviceManager } from './service/service-manager.js';
import { parseTargets, type DeployTarget } from './targets.js';
import type { HostKeyPolicy } from './transport/host-verifier.js';
import type { Remote } from './transport/remote.js';
import { connectSsh } from './transport/ssh-remote.js';

/** How to reach the hosts; shared by deploy, status, rollback, unlock and --check. */
export interface ConnectOptions {
  config: MinilvbConfig;
  acceptNew?: boolean;
  env?: Record<string, string | undefined>;
  home?: string;
  /** Replaces SSH (programs that bring their own transport). */
  connect?: (target: DeployTarget) => Promise<Remote>;
}

/** Options of deploy(). */
export interface DeployOptions extends ConnectOptions {
  /** A prebuilt release; default: packs this minilvb into `workDir`. */
  artifact?: ReleaseArtifact;
  workDir?: string;
  parallel?: number;
  keep?: number;
  signal?: AbortSignal;
  onEvent?: EventSink;
  clock?: Clock;
}

/** The result of a deploy over every host. */
export interface DeployReport {
  mode: 'bundled' | 'php';
  ok: boolean;
  hosts: HostResult[];
}

export function targetsOf(config: MinilvbConfig): DeployTarget[] {
  const targets = parseTargets(config.deploy.hosts, config.deploy.path);
  if (targets.length === 0)
    throw new MinilvbError('MLVB_CONFIG_MISSING', 'No deploy targets: deploy.hosts is not set.', {
      hint: 'Set them with `minilvb config set deploy.hosts root@203.0.113.5` (comma-separated for several).',
    });
  return targets;
}

export function hostKeyPolicy(o: ConnectOptions): HostKeyPolicy {
  const home = o.home ?? o.env?.HOME ?? process.env.HOME ?? homedir();
  const pinned = (o.config.deploy.hostKeys ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    knownHostsFile: o.config.deploy.knownHosts ?? join(home, '.ssh', 'known_hosts'),
    acceptNew: Boolean(o.acceptNew),
    ...(pinned.length ? { pinned } : {}),
  };
}

export function connector(o: ConnectOptions): (target: DeployTarget) => Promise<Remote> {
  if (o.connect) return o.connect;
  const policy = hostKeyPolicy(o);
  return (target) =>
    connectSsh(target, {
      hostKeys: policy,
      ...(o.config.deploy.key ? { keyFile: o.config.deploy.key } : {}),
      ...(o.config.deploy.jump ? { jump: o.config.deploy.jump } : {}),
      ...(o.env ? { env: o.env } : {}),
      ...(o.home ? { home: o.home } : {}),
    });
}

export async function deploy(o: DeployOptions): Promise<DeployReport> {
  const targets = targetsOf(o.config);
  const mode = o.config.deploy.mode;
  const artifact =
    mode === 'bundled'
      ? (o.artifact ?? (await buildRelease({ outDir: o.workDir ?? join(process.cwd(), '.minilvb-release') })))
      : undefined;
  const emit = o.onEvent ?? (() => {});
  const connect = connector(o);
  const clock = o.clock ?? systemClock;
  const results = new Map<DeployTarget, HostResult>();
  const queue = [...targets];
  let failed = false;
  const one = async (target: DeployTarget): Promise<HostResult> => {
    let remote: Remote | undefined;
    try {
      emit({ host: target.label, step: 'connect', status: 'start' });
      remote = await connect(target);
      emit({ host: target.label, step: 'connect', status: 'done' });
      const common = {
        config: o.config,
        target,
        remote,
        layout: layoutOf(target.root),
        now: () => clock.now(),
        emit,
        ...(o.signal ? { signal: o.signal } : {}),
      };
      if (artifact)
        return await deployBundled({
          ...common,
          service: serviceManager(o.config),
          artifact,
          keep: o.keep ?? o.config.deploy.keep,
        });
      return await deployPhp(common);
    } catch (e) {
      const err = toMinilvbError(e);
      emit({ host: target.label, step: 'deploy', status: 'fail', detail: err.message });
      return { host: target.label, status: 'failed', error: errorSummary(err) };
    } finally {
      await remote?.dispose();
    }
  };
  const worker = async (): Promise<void> => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      if (failed || o.signal?.aborted) {
        results.set(t, {
          host: t.label,
          status: 'not-started',
          detail: failed ? 'an earlier host failed' : 'interrupted',
        });
        continue;
      }
      const r = await one(t);
      results.set(t, r);
      if (r.status === 'failed' || r.status === 'rolled-back') failed = true;
    }
  };
  const n = Math.max(1, Math.min(o.parallel ?? 1, targets.length));
  await Promise.all(Array.from({ length: n }, worker));
  const hosts = targets.map((t) => results.get(t) as HostResult);
  return { mode, ok: hosts.every((h) => h.status === 'deployed' || h.status === 'unchanged'), hosts };
}

/** Runs `fn` on every host, one at a time, connection opened and closed around it. */
export async function eachHost<T>(
  o: ConnectOptions,
  fn: (remote: Remote, target: DeployTarget) => Promise<T>,
): Promise<Array<{ host: string; ok: boolean; value?: T; error?: HostResult['error'] }>> {
  const connect = connector(o);
  const out: Array<{ host: string; ok: boolean; value?: T; error?: HostResult['error'] }> = [];
  for (const target of targetsOf(o.config)) {
    let remote: Remote | undefined;
    try {
      remote = await connect(target);
      out.push({ host: target.label, ok: true, value: await fn(remote, target) });
    } catch (e) {
      out.push({ host: target.label, ok: false, error: errorSummary(toMinilvbError(e)) });
    } finally {
      await remote?.dispose();
    }
  }
  return out;
}

/** `deploy status`, `deploy rollback [release]`, `deploy unlock`, `deploy --check`: per host, over SSH. */
import { MinilvbError } from '../errors.js';
import { systemClock, type Clock } from '../time/clock.js';
import { step, type EventSink, type HostResult } from './events.js';
import { waitReady } from './health.js';
import { begin } from './host-begin.js';
import { commands, switchLink, layoutOf } from './layout.js';
import { lockInfo, readLock, releaseLock, type LockInfo } from './lock.js';
import { fullPreflight, type PreflightCheck } from './preflight.js';
import { probeAddress } from './release/env-file.js';
import { listReleases, readLinks, readManifest, type ReleaseManifest } from './releases.js';
import { must, runRelease, runReleaseCommand, serviceManager } from './service/service-manager.js';
import { shq } from './transport/remote.js';
import { eachHost, type ConnectOptions } from './run.js';

/** One host in `deploy status`. */
export interface HostStatus {
  current?: string;
  previous?: string;
  releases: string[];
  running: boolean;
  healthy: boolean;
  health: string;
  lock?: LockInfo;
}

export async function deployStatus(o: ConnectOptions) {
  return eachHost(o, async (remote, target): Promise<HostStatus> => {
    const l = layoutOf(target.root);
    const service = serviceManager(o.config);
    const links = await readLinks(remote, l);
    const running = await service.running(remote, l);
    const addr = links.current ? (await readManifest(remote, l, links.current))?.listen : undefined;
    const health = running
      ? await waitReady(remote, service, l, addr ?? probeAddress(o.config, target), 1000)
      : { ok: false, detail: 'not running' };
    const lock = await readLock(remote, l);
    return {
      ...links,
      releases: await listReleases(remote, l),
      running,
      healthy: health.ok,
      health: health.detail,
      ...(lock ? { lock } : {}),
    };
  });
}

export async function deployUnlock(o: ConnectOptions) {
  return eachHost(o, async (remote, target) => {
    const l = layoutOf(target.root);
    const held = await readLock(remote, l);
    await releaseLock(remote, l);
    return { removed: held ?? null };
  });
}

/** Options of deployRollback. */
export interface RollbackOptions extends ConnectOptions {
  /** Release id; default: each host's previous release. */
  release?: string;
  onEvent?: EventSink;
  clock?: Clock;
}

export async function deployRollback(o: RollbackOptions): Promise<HostResult[]> {
  const emit = o.onEvent ?? (() => {});
  const clock = o.clock ?? systemClock;
  const results = await eachHost(o, async (remote, target): Promise<HostResult> => {
    const l = layoutOf(target.root);
    const service = serviceManager(o.config);
    const host = target.label;
    // Three round trips besides the probes: lock + state, start (+ the release.json), switch + unlock.
    const state = await step(emit, host, 'lock', () =>
      begin(remote, l, service, lockInfo(`rollback ${o.release ?? 'previous'}`, clock.now()), 'none'),
    );
    let unlocked = false;
    try {
      const to = o.release ?? state.previous;
      if (!to || !state.releases.includes(to))
        throw new MinilvbError(
          'MLVB_DEPLOY_FAILED',
          `${host}: no release ${to ?? '(no previous release)'} to roll back to.`,
          { hint: `Releases there: ${state.releases.join(', ') || 'none'}.` },
        );
      let manifestText = '';
      await step(emit, host, 'start', async () => {
        const command = `${runReleaseCommand(l, service, to)} && ${commands.readManifest(l, to)}`;
        manifestText = await must(remote, command, `start ${to}`);
        return `${to} started`;
      });
      const addr = parseListen(manifestText) ?? probeAddress(o.config, target);
      const ready = await step(emit, host, 'ready', () =>
        waitReady(remote, service, l, addr, o.config.deploy.startTimeout),
      );
      if (!ready.ok) {
        if (state.current) await runRelease(remote, l, service, state.current).catch(() => undefined);
        throw new MinilvbError('MLVB_DEPLOY_FAILED', `${host}: release ${to} did not become ready: ${ready.detail}.`, {
          hint: `${state.current ?? 'the current release'} was started again.`,
        });
      }
      await step(emit, host, 'switch', async () => {
        const previous =
          state.current && state.current !== to ? `${switchLink(l.previous, l.release(state.current))} && ` : '';
        await must(
          remote,
          `${previous}${switchLink(l.current, l.release(to))} && rm -rf ${shq(l.lock)}`,
          'switch current',
        );
        unlocked = true;
      });
      return { host, status: 'deployed', release: to, ...(state.current ? { previous: state.current } : {}) };
    } finally {
      if (!unlocked) await releaseLock(remote, l).catch(() => undefined);
    }
  });
  return results.map((r) => r.value ?? { host: r.host, status: 'failed', ...(r.error ? { error: r.error } : {}) });
}

export async function deployCheck(o: ConnectOptions, releaseBytes = 30 * 1024 * 1024) {
  return eachHost(o, async (remote, target): Promise<PreflightCheck[]> =>
    fullPreflight(remote, layoutOf(target.root), o.config, target, serviceManager(o.config), releaseBytes),
  );
}

function parseListen(text: string): ReleaseManifest['listen'] {
  try {
    return (JSON.parse(text.trim().split('\n').pop() ?? '') as ReleaseManifest).listen;
  } catch {
    return undefined;
  }
}

/**
 * One host, bundled mode: lock, preflight, upload and unpack the release, start it, switch `current`
 * only once it answers /readyz there, then the public check (rolled back when it fails), prune.
 * Whatever fails or is interrupted before the switch, the previous release is started again.
 * Steps are batched into few SSH commands (each is a round trip and a process start on the host).
 */
import type { MinilvbConfig } from '../config/index.js';
import { MinilvbError } from '../errors.js';
import { errorSummary, step, type EventSink, type HostResult } from './events.js';
import { probeCommand, readyzUrl, waitReady } from './health.js';
import { begin, type HostState } from './host-begin.js';
import { commands, releaseId, switchLink, type Layout } from './layout.js';
import { lockInfo, releaseLock } from './lock.js';
import { installNginxSite, nginxSiteHash } from './nginx-site.js';
import { appHealth } from './probe-login.js';
import { basePreflight } from './preflight.js';
import type { ReleaseArtifact } from './release/build-release.js';
import { probeAddress, renderReleaseEnv } from './release/env-file.js';
import type { ReleaseManifest } from './releases.js';
import { diskFullError, must, runReleaseCommand, type ServiceManager } from './service/service-manager.js';
import type { DeployTarget } from './targets.js';
import { shq, type Remote } from './transport/remote.js';

/** Everything one host's deploy needs. */
export interface HostDeploy {
  config: MinilvbConfig;
  target: DeployTarget;
  remote: Remote;
  layout: Layout;
  service: ServiceManager;
  artifact: ReleaseArtifact;
  keep: number;
  now: () => number;
  emit: EventSink;
  signal?: AbortSignal;
}

type Addr = { host: string; port: number };

export async function deployBundled(d: HostDeploy): Promise<HostResult> {
  const { remote, layout: l, emit, config } = d;
  const host = d.target.label;
  const run = <T>(name: string, fn: () => Promise<T>): Promise<T> => step(emit, host, name, fn);
  const id = releaseId(d.now(), d.artifact.version);
  const env = renderReleaseEnv(config, d.target, l, id);
  const addr = probeAddress(config, d.target);
  // A changed nginx site is a change too: an unchanged release would skip installing it.
  const envHash = config.deploy.nginx === 'on' ? nginxSiteHash(config, env.hash) : env.hash;
  const unchangedIf = { envHash, probe: probeCommand(readyzUrl(addr)) };
  const state = await run('lock', () =>
    begin(remote, l, d.service, lockInfo(`deploy ${id}`, d.now()), d.artifact.hash, unchangedIf),
  );
  if (state.unchanged && state.current) {
    emit({ host, step: 'release', status: 'skip', detail: `unchanged, ${state.current} keeps serving` });
    return { host, status: 'unchanged', release: state.current, ...prev(state.previous) };
  }
  let unlocked = false;
  try {
    await run('preflight', () => basePreflight(remote, l, d.artifact.bytes, state));
    if (!state.servicepresent) await d.service.install(remote, l);
    const m = state.manifest;
    checkAbort(d.signal, host);
    await run('upload', () => upload(d, state));
    checkAbort(d.signal, host);
    const manifest: ReleaseManifest = {
      id,
      version: d.artifact.version,
      hash: d.artifact.hash,
      envHash,
      deployedAt: new Date(d.now()).toISOString(),
      listen: addr,
    };
    await run('unpack', () => unpack(d, id, manifest, env.text));
    try {
      if (d.service.kind === 'systemd') await run('service', () => d.service.install(remote, l));
      if (config.deploy.nginx === 'on') await run('nginx', () => installNginxSite(remote, config));
    } catch (e) {
      // Never started: nothing but its directory to take back; the previous release was never stopped.
      await remote.exec(commands.removeRelease(l, id)).catch(() => undefined);
      throw e;
    }
    checkAbort(d.signal, host);
    const oldAddr = m?.listen ?? addr;
    await startGated(d, id, addr, state.current, oldAddr);
    await run('switch', () => switchTo(remote, l, id, state.current));
    if (config.server.publicUrl) {
      const url = config.server.publicUrl;
      const pub = await run('public-check', () => appHealth(url, { flavour: 'bundled', now: d.now }));
      if (!pub.ok) return await rollBackAfterSwitch(d, id, state, oldAddr, pub.detail);
    }
    const removed = prunable([...state.releases, id], d.keep, id, state.current);
    await run('prune', async () => {
      await must(
        remote,
        `${removed.map((r) => `${commands.removeRelease(l, r)} && `).join('')}rm -rf ${shq(l.lock)}`,
        'prune and unlock',
      );
      unlocked = true;
      return removed.length ? `removed ${removed.join(', ')}` : 'nothing to remove';
    });
    return { host, status: 'deployed', release: id, ...prev(state.current) };
  } finally {
    if (!unlocked) await releaseLock(remote, l).catch(() => undefined);
    emit({ host, step: 'unlock', status: 'done' });
  }
}

const prev = (id: string | undefined): { previous?: string } => (id ? { previous: id } : {});

/** All but the newest `keep`, never the new current or the new previous. */
export function prunable(all: string[], keep: number, current: string, previous: string | undefined): string[] {
  const sorted = [...new Set(all)].sort();
  const kept = new Set(sorted.slice(Math.max(0, sorted.length - Math.max(keep, 1))));
  return sorted.filter((r) => !kept.has(r) && r !== current && r !== previous);
}

async function upload(d: HostDeploy, state: HostState): Promise<string> {
  if (state.hasTarball) return 'already on the host';
  const part = `${d.layout.cache}/${d.artifact.hash}.tgz.part`;
  try {
    await d.remote.putFile(d.artifact.tarball, part);
  } catch (e) {
    // Whatever broke the stream, no partial tarball stays to take space; a full disk is said as such, as the
    // transport's own words (an SSH or stream error, or cat's) do not always say it.
    const r = await d.remote
      .exec(`rm -f ${shq(part)}; df -Pk ${shq(d.layout.cache)} | awk 'NR==2{print $4}'`)
      .catch(() => undefined);
    const freeKb = Number(r?.stdout.trim() || NaN);
    if (/No space left/.test((e as Error).message) || freeKb * 1024 < d.artifact.bytes)
      throw diskFullError(d.remote.label, 'upload the release', { cause: (e as Error).message.slice(0, 300) });
    throw e;
  }
  return `${Math.round(d.artifact.bytes / 1024)} KiB`;
}

/** Unpacks the tarball into releases/<id> and writes its env file (stdin, 0600) and release.json. */
async function unpack(d: HostDeploy, id: string, manifest: ReleaseManifest, envText: string): Promise<void> {
  const { remote, layout: l, config } = d;
  const tgz = `${l.cache}/${d.artifact.hash}.tgz`;
  const dir = l.release(id);
  const cmd = [
    `if [ -e ${shq(`${tgz}.part`)} ]; then mv -f ${shq(`${tgz}.part`)} ${shq(tgz)}; fi`,
    commands.extract(l, id, d.artifact.hash),
    commands.writeSecret(`${dir}/minilvb.env`),
    `printf '%s' ${shq(JSON.stringify(manifest))} > ${shq(`${dir}/release.json`)}`,
  ].join(' && ');
  // A failed unpack (a full disk, say) leaves nothing half-written behind to take space or be mistaken
  // for a release; the tarball stays only when it arrived whole.
  const cleanup = `rm -rf ${shq(`${dir}.tmp`)} ${shq(dir)} ${shq(`${tgz}.part`)}`;
  await must(remote, `{ ${cmd}; } || { rc=$?; ${cleanup}; exit $rc; }`, 'unpack the release', envText);
  if (config.im.privateKey)
    await must(
      remote,
      commands.writeSecret(`${l.shared}/im_private_key`),
      'write the IM private key',
      config.im.privateKey,
    );
  if (config.im.publicKey)
    await must(
      remote,
      commands.writeFile(`${l.shared}/im_public_key`, 0o644),
      'write the IM public key',
      config.im.publicKey,
    );
}

/** Starts the new release; if it does not become ready (or the deploy is interrupted), restarts the old one. */
async function startGated(
  d: HostDeploy,
  id: string,
  addr: Addr,
  current: string | undefined,
  oldAddr: Addr,
): Promise<void> {
  const { remote, layout: l, service, emit } = d;
  const host = d.target.label;
  try {
    await step(emit, host, 'start', () => must(remote, runReleaseCommand(l, service, id), `start release ${id}`));
    await step(emit, host, 'ready', async () => {
      const ready = await waitReady(remote, service, l, addr, d.config.deploy.startTimeout, d.signal);
      checkAbort(d.signal, host);
      if (!ready.ok)
        throw new MinilvbError('MLVB_DEPLOY_FAILED', `${host}: release ${id} did not become ready: ${ready.detail}.`, {
          hint:
            `It was never switched to; ${current ? `${current} serves again` : 'no release was serving before'}. ` +
            `Its log is in ${l.shared}/logs on the host.`,
          details: { host, release: id },
        });
      return ready;
    });
  } catch (e) {
    await step(emit, host, 'restore', async () => {
      if (!current) {
        await service.stop(remote, l).catch(() => undefined);
        return 'no previous release to restore';
      }
      await must(remote, runReleaseCommand(l, service, current), `restart ${current}`);
      const back = await waitReady(remote, service, l, oldAddr, d.config.deploy.startTimeout);
      return back.ok ? `${current} serves again` : `${current} restarted but is not ready: ${back.detail}`;
    }).catch(() => undefined);
    await remote.exec(commands.removeRelease(l, id)).catch(() => undefined);
    throw e;
  }
}

async function switchTo(remote: Remote, l: Layout, id: string, current: string | undefined): Promise<string> {
  const previous = current && current !== id ? `${switchLink(l.previous, l.release(current))} && ` : '';
  await must(remote, `${previous}${switchLink(l.current, l.release(id))}`, 'switch current');
  return `current → ${id}`;
}

async function rollBackAfterSwitch(
  d: HostDeploy,
  id: string,
  state: HostState,
  oldAddr: Addr,
  detail: string,
): Promise<HostResult> {
  const host = d.target.label;
  const { remote, layout: l } = d;
  const err = new MinilvbError(
    'MLVB_DEPLOY_FAILED',
    `${host}: the public health check failed after the switch: ${detail}.`,
    {
      hint: state.current
        ? `Rolled back to ${state.current}. Check the load balancer / nginx in front of the host and server.publicUrl.`
        : 'There was no previous release to roll back to; the new one stays. Check nginx and server.publicUrl.',
    },
  );
  if (!state.current) return { host, status: 'failed', release: id, error: errorSummary(err) };
  const old = state.current;
  await step(d.emit, host, 'rollback', async () => {
    const links = [
      switchLink(l.current, l.release(old)),
      ...(state.previous ? [switchLink(l.previous, l.release(state.previous))] : []),
    ];
    await must(remote, `${runReleaseCommand(l, d.service, old)} && ${links.join(' && ')}`, `roll back to ${old}`);
    const back = await waitReady(remote, d.service, l, oldAddr, d.config.deploy.startTimeout);
    return back.ok ? `current → ${old}, serving` : `current → ${old}, not ready: ${back.detail}`;
  });
  return { host, status: 'rolled-back', release: old, detail: `${id} rolled back`, error: errorSummary(err) };
}

export function checkAbort(signal: AbortSignal | undefined, host: string): void {
  if (signal?.aborted)
    throw new MinilvbError('MLVB_ABORTED', `${host}: deploy interrupted; the previous release keeps serving.`, {
      details: { host },
    });
}

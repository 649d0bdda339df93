/**
 * One host, bundled mode: lock, preflight, upload and unpack the release, start it, switch `current`
 * only once it answers /readyz there, then the public check (rolled back when it fails), prune.
 * Whatever fails or is interrupted before the switch, the previous release is started again.
 */
import type { MinilvbConfig } from '../config/index.js';
import { MinilvbError } from '../errors.js';
import { errorSummary, step, type EventSink, type HostResult } from './events.js';
import { probeAddress, renderReleaseEnv } from './release/env-file.js';
import type { ReleaseArtifact } from './release/build-release.js';
import { waitReady, publicHealth } from './health.js';
import { commands, releaseId, switchLink, type Layout } from './layout.js';
import { acquireLock, lockInfo, releaseLock } from './lock.js';
import { basePreflight } from './preflight.js';
import { pruneReleases, readLinks, readManifest, type ReleaseManifest } from './releases.js';
import { must, runRelease, type ServiceManager } from './service/service-manager.js';
import type { DeployTarget } from './targets.js';
import type { Remote } from './transport/remote.js';

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

export async function deployBundled(d: HostDeploy): Promise<HostResult> {
  const { remote, layout: l, emit, config } = d;
  const host = d.target.label;
  const run = <T>(name: string, fn: () => Promise<T>): Promise<T> => step(emit, host, name, fn);
  const id = releaseId(d.now(), d.artifact.version);
  await run('lock', () => acquireLock(remote, l, lockInfo(`deploy ${id}`, d.now())));
  let links: { current?: string; previous?: string } = {};
  try {
    await run('preflight', () => basePreflight(remote, l, d.artifact.bytes));
    await run('prepare', () => must(remote, commands.prepare(l), 'create the deploy directories'));
    links = await readLinks(remote, l);
    const env = renderReleaseEnv(config, d.target, l, id);
    const unchanged = await sameAsCurrent(d, links.current, env.hash);
    if (unchanged && links.current) {
      emit({ host, step: 'release', status: 'skip', detail: `unchanged, ${links.current} keeps serving` });
      return {
        host,
        status: 'unchanged',
        release: links.current,
        ...(links.previous ? { previous: links.previous } : {}),
      };
    }
    checkAbort(d.signal, host);
    await run('upload', () => upload(d));
    checkAbort(d.signal, host);
    await run('unpack', () => must(remote, commands.extract(l, id, d.artifact.hash), 'unpack the release'));
    const manifest: ReleaseManifest = {
      id,
      version: d.artifact.version,
      hash: d.artifact.hash,
      envHash: env.hash,
      deployedAt: new Date(d.now()).toISOString(),
    };
    await run('configure', async () => {
      await must(remote, commands.writeSecret(`${l.release(id)}/minilvb.env`), 'write minilvb.env', env.text);
      await must(
        remote,
        commands.writeFile(`${l.release(id)}/release.json`, 0o644),
        'write release.json',
        JSON.stringify(manifest),
      );
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
    });
    await run('service', () => d.service.install(remote, l));
    checkAbort(d.signal, host);
    await startGated(d, id, links.current);
    await run('switch', () => switchTo(remote, l, id, links.current));
    if (config.server.publicUrl) {
      const pub = await run('public-check', () => publicHealth(config.server.publicUrl as string));
      if (!pub.ok) return await rollBackAfterSwitch(d, id, links, pub.detail);
    }
    await run('prune', async () => {
      const removed = await pruneReleases(remote, l, d.keep);
      return removed.length ? `removed ${removed.join(', ')}` : 'nothing to remove';
    });
    return { host, status: 'deployed', release: id, ...(links.current ? { previous: links.current } : {}) };
  } finally {
    await releaseLock(remote, l).catch(() => undefined);
    emit({ host, step: 'unlock', status: 'done' });
  }
}

async function sameAsCurrent(d: HostDeploy, current: string | undefined, envHash: string): Promise<boolean> {
  if (!current) return false;
  const m = await readManifest(d.remote, d.layout, current);
  if (!m || m.hash !== d.artifact.hash || m.envHash !== envHash) return false;
  if (!(await d.service.running(d.remote, d.layout))) return false;
  const ready = await waitReady(d.remote, d.service, d.layout, probeAddress(d.config, d.target), 2000, d.signal);
  return ready.ok;
}

async function upload(d: HostDeploy): Promise<string> {
  const { remote, layout: l, artifact } = d;
  if ((await remote.exec(commands.hasTarball(l, artifact.hash))).code === 0) return 'already on the host';
  const dest = `${l.cache}/${artifact.hash}.tgz`;
  await remote.putFile(artifact.tarball, `${dest}.part`);
  await must(remote, `mv -f '${dest}.part' '${dest}'`, 'store the uploaded release');
  return `${Math.round(artifact.bytes / 1024)} KiB`;
}

/** Starts the new release; if it does not become ready (or the deploy is interrupted), restarts the old one. */
async function startGated(d: HostDeploy, id: string, current: string | undefined): Promise<void> {
  const { remote, layout: l, service, emit } = d;
  const host = d.target.label;
  try {
    await step(emit, host, 'start', () => runRelease(remote, l, service, id));
    const ready = await step(emit, host, 'ready', () =>
      waitReady(remote, service, l, probeAddress(d.config, d.target), d.config.deploy.startTimeout, d.signal),
    );
    checkAbort(d.signal, host);
    if (!ready.ok)
      throw new MinilvbError('MLVB_DEPLOY_FAILED', `${host}: release ${id} did not become ready: ${ready.detail}.`, {
        hint:
          `It was never switched to; ${current ? `${current} serves again` : 'no release was serving before'}. ` +
          `Its log is in ${l.shared}/logs on the host.`,
        details: { host, release: id },
      });
  } catch (e) {
    await step(emit, host, 'restore', async () => {
      if (current) {
        await runRelease(remote, l, service, current);
        const back = await waitReady(
          remote,
          service,
          l,
          probeAddress(d.config, d.target),
          d.config.deploy.startTimeout,
        );
        return back.ok ? `${current} serves again` : `${current} restarted but is not ready: ${back.detail}`;
      }
      await service.stop(remote, l).catch(() => undefined);
      return 'no previous release to restore';
    }).catch(() => undefined);
    await remote.exec(commands.removeRelease(l, id)).catch(() => undefined);
    throw e;
  }
}

async function switchTo(remote: Remote, l: Layout, id: string, current: string | undefined): Promise<string> {
  if (current && current !== id) await must(remote, switchLink(l.previous, l.release(current)), 'update previous');
  await must(remote, switchLink(l.current, l.release(id)), 'switch current');
  return `current → ${id}`;
}

async function rollBackAfterSwitch(
  d: HostDeploy,
  id: string,
  links: { current?: string; previous?: string },
  detail: string,
): Promise<HostResult> {
  const host = d.target.label;
  const { remote, layout: l } = d;
  const err = new MinilvbError(
    'MLVB_DEPLOY_FAILED',
    `${host}: the public health check failed after the switch: ${detail}.`,
    {
      hint: links.current
        ? `Rolled back to ${links.current}. Check the load balancer / nginx in front of the host and server.publicUrl.`
        : 'There was no previous release to roll back to; the new one stays. Check nginx and server.publicUrl.',
    },
  );
  if (!links.current) return { host, status: 'failed', release: id, error: errorSummary(err) };
  await step(d.emit, host, 'rollback', async () => {
    await runRelease(remote, l, d.service, links.current as string);
    await must(remote, switchLink(l.current, l.release(links.current as string)), 'switch current back');
    if (links.previous) await must(remote, switchLink(l.previous, l.release(links.previous)), 'restore previous');
    return `current → ${links.current}`;
  });
  return { host, status: 'rolled-back', release: links.current, detail: `${id} rolled back`, error: errorSummary(err) };
}

export function checkAbort(signal: AbortSignal | undefined, host: string): void {
  if (signal?.aborted)
    throw new MinilvbError('MLVB_ABORTED', `${host}: deploy interrupted; the previous release keeps serving.`, {
      details: { host },
    });
}

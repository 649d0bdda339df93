/**
 * The first round trip of a bundled deploy: takes the lock, creates the layout, and reports what the
 * rest needs (node version, free disk, links, the current release's manifest, whether the tarball is
 * already there, the releases, whether the service runs) — one SSH command instead of a dozen, as
 * each costs a round trip and a process start on the host.
 */
import { MinilvbError } from '../errors.js';
import { commands, type Layout } from './layout.js';
import { lockedError, type LockInfo } from './lock.js';
import type { ReleaseManifest } from './releases.js';
import type { ServiceManager } from './service/service-manager.js';
import { shq, type Remote } from './transport/remote.js';

/** What the host reported. */
export interface HostState {
  node: string;
  diskKb: number;
  current?: string;
  previous?: string;
  manifest?: ReleaseManifest;
  hasTarball: boolean;
  releases: string[];
  servicepresent: boolean;
  running: boolean;
  /** The current release is the one asked for and answers /readyz; the lock was already given back. */
  unchanged: boolean;
}

export async function begin(
  remote: Remote,
  l: Layout,
  service: ServiceManager,
  info: LockInfo,
  hash: string,
  /** When the current release has this tarball and env hash, runs and passes `probe`: unlock, report unchanged. */
  unchangedIf?: { envHash: string; probe: string },
): Promise<HostState> {
  const R = shq(l.root);
  const script = [
    `mkdir -p ${R} || exit 10`,
    `if ! mkdir ${shq(l.lock)} 2>/dev/null; then cat ${shq(`${l.lock}/info.json`)} 2>/dev/null; exit 11; fi`,
    // The lock info is one line of JSON; read and printf are builtins, cat is not.
    `IFS= read -r info; printf '%s\\n' "$info" > ${shq(`${l.lock}/info.json`)}`,
    `${commands.prepare(l)} || exit 12`,
    `v=$(node --version 2>/dev/null); echo "node=\${v#v}"`,
    `df -Pk ${R} | { read -r _; read -r _ _ _ kb _; echo "diskkb=$kb"; }`,
    `c=$(readlink ${shq(l.current)}); echo "current=\${c##*/}"`,
    `p=$(readlink ${shq(l.previous)}); echo "previous=\${p##*/}"`,
    // release.json is one line of JSON without a final newline: read sets m (and returns 1 at the end).
    `m=; IFS= read -r m 2>/dev/null < ${shq(l.current)}/release.json; echo "manifest=$m"`,
    `if ${commands.hasTarball(l, hash)}; then echo tarball=yes; fi`,
    `set -- $(${commands.listReleases(l)}); echo "releases=$*"`,
    `if ${service.presentCommand(l)}; then echo service=yes; fi`,
    `if ${service.statusCommand(l)} >/dev/null 2>&1; then echo running=yes; fi`,
    ...(unchangedIf
      ? [
          // An unchanged redeploy ends here, in this one round trip (the lock is taken and given back).
          `m=${shq(l.current)}/release.json; if [ -f "$m" ] && grep -q ${shq(`"hash":"${hash}"`)} "$m" && ` +
            `grep -q ${shq(`"envHash":"${unchangedIf.envHash}"`)} "$m" && ` +
            `${service.statusCommand(l)} >/dev/null 2>&1 && ${unchangedIf.probe} >/dev/null 2>&1; ` +
            `then rm -rf ${shq(l.lock)}; echo unchanged=yes; fi`,
        ]
      : []),
    'exit 0',
  ].join('\n');
  const r = await remote.exec(script, { stdin: JSON.stringify(info) });
  if (r.code === 11) {
    let holder: LockInfo | undefined;
    try {
      holder = JSON.parse(r.stdout) as LockInfo;
    } catch {
      holder = undefined;
    }
    throw lockedError(remote.label, l, holder);
  }
  if (r.code !== 0)
    throw new MinilvbError(
      'MLVB_DEPLOY_FAILED',
      `${remote.label}: cannot prepare ${l.root} (exit ${r.code}): ${r.stderr.trim()}`,
      { hint: 'Check the permissions of deploy.path on the host.', details: { host: remote.label } },
    );
  const kv = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) kv.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  let manifest: ReleaseManifest | undefined;
  try {
    manifest = kv.get('manifest') ? (JSON.parse(kv.get('manifest') as string) as ReleaseManifest) : undefined;
  } catch {
    manifest = undefined;
  }
  const current = kv.get('current') || undefined;
  const previous = kv.get('previous') || undefined;
  return {
    node: kv.get('node') ?? '',
    diskKb: Number(kv.get('diskkb') ?? 0),
    ...(current ? { current } : {}),
    ...(previous ? { previous } : {}),
    ...(manifest ? { manifest } : {}),
    hasTarball: kv.get('tarball') === 'yes',
    releases: (kv.get('releases') ?? '').split(' ').filter(Boolean).sort(),
    servicepresent: kv.get('service') === 'yes',
    running: kv.get('running') === 'yes',
    unchanged: kv.get('unchanged') === 'yes',
  };
}

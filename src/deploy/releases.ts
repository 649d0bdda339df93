/** Reading and tidying a host's releases: the current/previous links, manifests, pruning. */
import { commands, type Layout } from './layout.js';
import type { Remote } from './transport/remote.js';

/** release.json, written into each release. */
export interface ReleaseManifest {
  id: string;
  version: string;
  /** sha256 of the release tarball. */
  hash: string;
  /** sha256 of the env file (without the release path). */
  envHash: string;
  deployedAt: string;
  /** Where this release's server listens on the host (its env file's MINILVB_LISTEN), probed on loopback. */
  listen?: { host: string; port: number };
}

export async function readLinks(remote: Remote, l: Layout): Promise<{ current?: string; previous?: string }> {
  const r = await remote.exec(commands.links(l));
  const [current, previous] = r.stdout.replace(/\n$/, '').split('\t');
  return { ...(current ? { current } : {}), ...(previous ? { previous } : {}) };
}

export async function readManifest(remote: Remote, l: Layout, id: string): Promise<ReleaseManifest | undefined> {
  const r = await remote.exec(commands.readManifest(l, id));
  if (r.code !== 0) return undefined;
  try {
    return JSON.parse(r.stdout) as ReleaseManifest;
  } catch {
    return undefined;
  }
}

export async function listReleases(remote: Remote, l: Layout): Promise<string[]> {
  const r = await remote.exec(commands.listReleases(l));
  return r.stdout
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
    .sort();
}

/** Removes all but the newest `keep` releases, never the current or previous one; returns the removed ids. */
export async function pruneReleases(remote: Remote, l: Layout, keep: number): Promise<string[]> {
  const { current, previous } = await readLinks(remote, l);
  const all = await listReleases(remote, l);
  const kept = new Set(all.slice(Math.max(0, all.length - Math.max(keep, 1))));
  const remove = all.filter((id) => !kept.has(id) && id !== current && id !== previous);
  for (const id of remove) await remote.exec(commands.removeRelease(l, id));
  return remove;
}

/**
 * The directory layout on a host and the shell commands that change it (pure: the runner executes
 * them, `--dry-run` prints them). See docs/deploy.md#layout-on-a-host.
 */
import { shq } from './transport/remote.js';

/** Paths under one host's deploy root. */
export interface Layout {
  root: string;
  releases: string;
  shared: string;
  current: string;
  previous: string;
  lock: string;
  cache: string;
  /** The env file of the running release (a link into releases/<id>/). */
  envLink: string;
  /** The supervisor of `deploy.service: process`. */
  processScript: string;
  release(id: string): string;
}

export function layoutOf(root: string): Layout {
  return {
    root,
    releases: `${root}/releases`,
    shared: `${root}/shared`,
    current: `${root}/current`,
    previous: `${root}/previous`,
    lock: `${root}/.deploy-lock`,
    cache: `${root}/.cache`,
    envLink: `${root}/shared/minilvb.env`,
    processScript: `${root}/minilvb-service`,
    release: (id) => `${root}/releases/${id}`,
  };
}

/** Release ids sort by time: `<UTC yyyymmddThhmmssSSSZ>-<version>`. */
export function releaseId(now: number, version: string): string {
  const iso = new Date(now).toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${iso}-${version}`;
}

/** Points `link` at `target` atomically: a temp link, then rename over the old one (mv -T). */
export function switchLink(link: string, target: string): string {
  const tmp = `${link}.tmp-${process.pid}`;
  return `ln -sfn ${shq(target)} ${shq(tmp)} && mv -T ${shq(tmp)} ${shq(link)}`;
}

/**
 * POSIX sh (the deploy user's shell may be dash), with builtins where they do the work: every external command
 * is a process start on the host, a few milliseconds of CPU each on a small VM.
 */
export const commands = {
  /** The host's node version without the v; `--version` answers before node even starts V8 (~5 ms, not ~100). */
  nodeVersion: 'v=$(node --version 2>/dev/null); echo "${v#v}"',
  prepare: (l: Layout): string =>
    `mkdir -p ${shq(l.releases)} ${shq(`${l.shared}/data`)} ${shq(`${l.shared}/logs`)} ${shq(l.cache)} && ` +
    `chmod 755 ${shq(l.shared)} && chmod 700 ${shq(l.cache)}`,
  hasTarball: (l: Layout, hash: string): string => `test -s ${shq(`${l.cache}/${hash}.tgz`)}`,
  /** Keeps only the newest cached tarball besides the one being deployed. */
  extract: (l: Layout, id: string, hash: string): string => {
    const dir = l.release(id);
    return (
      `rm -rf ${shq(`${dir}.tmp`)} && mkdir -p ${shq(`${dir}.tmp`)} && ` +
      `tar -xzf ${shq(`${l.cache}/${hash}.tgz`)} -C ${shq(`${dir}.tmp`)} && ` +
      `ln -sfn ../../shared ${shq(`${dir}.tmp/shared`)} && mv -T ${shq(`${dir}.tmp`)} ${shq(dir)} && ` +
      `find ${shq(l.cache)} -name '*.tgz' ! -name ${shq(`${hash}.tgz`)} -delete`
    );
  },
  /** Reads stdin into a 0600 file (secrets never pass through argv). */
  writeSecret: (path: string): string =>
    `umask 077 && cat > ${shq(`${path}.tmp`)} && chmod 600 ${shq(`${path}.tmp`)} && ` +
    `mv -f ${shq(`${path}.tmp`)} ${shq(path)}`,
  writeFile: (path: string, mode: number): string =>
    `cat > ${shq(`${path}.tmp`)} && chmod ${mode.toString(8)} ${shq(`${path}.tmp`)} && ` +
    `mv -f ${shq(`${path}.tmp`)} ${shq(path)}`,
  /** Prints `current<TAB>previous` release ids (empty when absent). */
  links: (l: Layout): string =>
    `c=$(readlink ${shq(l.current)}); p=$(readlink ${shq(l.previous)}); printf '%s\\t%s\\n' "\${c##*/}" "\${p##*/}"`,
  /** One release id a line: the directories of releases/, but a half-unpacked `.tmp` (none when it is missing). */
  listReleases: (l: Layout): string =>
    `for d in ${shq(l.releases)}/*; do r=\${d##*/}; case $r in '*' | *.tmp) ;; *) echo "$r" ;; esac; done`,
  readManifest: (l: Layout, id: string): string => `cat ${shq(`${l.release(id)}/release.json`)}`,
  removeRelease: (l: Layout, id: string): string => `rm -rf ${shq(l.release(id))}`,
};

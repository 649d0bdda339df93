/**
 * The nginx reverse-proxy site of bundled mode (`deploy.nginx on`), whatever runs the server: `minilvb.conf` in
 * conf.d/ next to deploy.nginxConf and `minilvb_proxy.conf` beside nginx.conf (the site includes it by that
 * relative name). The new files are staged, swapped in, and checked with `nginx -t -c <conf>`; when the check
 * fails the previous files come back (or the new ones go) and nginx is not reloaded, so it keeps serving the
 * old site. Reloaded with systemctl when systemd runs, else `nginx -s reload -c <conf>` (docs/deploy.md#nginx).
 */
import { createHash } from 'node:crypto';
import { dirname } from 'node:path/posix';
import type { MinilvbConfig } from '../config/index.js';
import { planFiles } from '../templates/index.js';
import { VERSION } from '../version.js';
import { commands } from './layout.js';
import { must } from './service/service-manager.js';
import { shq, type Remote } from './transport/remote.js';

/** nginx may live in sbin directories that non-interactive SSH sessions do not have on their PATH. */
const PATH = 'PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"';

/** The site files: [path on the host, content]. */
export function nginxSiteFiles(config: MinilvbConfig): Array<[string, string]> {
  const plan = planFiles(config, { only: ['nginx-proxy', 'nginx-proxy-conf'], version: VERSION, date: '' });
  const site = plan.files.find((f) => f.name === 'nginx-proxy')?.content ?? '';
  const conf = plan.files.find((f) => f.name === 'nginx-proxy-conf')?.content ?? '';
  const dir = dirname(config.deploy.nginxConf);
  return [
    [`${dir}/minilvb_proxy.conf`, conf],
    [`${dir}/conf.d/minilvb.conf`, site],
  ];
}

/** `base` (the env file's hash) and the site files, hashed: what the release.json of a deploy with nginx records. */
export function nginxSiteHash(config: MinilvbConfig, base: string): string {
  const h = createHash('sha256').update(base);
  for (const [path, content] of nginxSiteFiles(config)) h.update(`\0${path}\0${content}`);
  return h.digest('hex');
}

const staged = (path: string): string => `${path}.minilvb-new`;

/** Uploads one file (stdin) next to its place, not yet where nginx reads it. */
const stageCommand = (path: string): string =>
  `mkdir -p ${shq(dirname(path))} && ${commands.writeFile(staged(path), 0o644)}`;

/** Swaps the staged files in, `nginx -t`, puts the previous ones back when it fails, else reloads nginx. */
export function nginxSwitchCommand(config: MinilvbConfig): string {
  const conf = shq(config.deploy.nginxConf);
  const paths = nginxSiteFiles(config).map(([p]) => p);
  // A file without a .bak did not exist before: restoring removes it.
  const backup = paths.map(
    (p) => `if [ -e ${shq(p)} ]; then cp -a ${shq(p)} ${shq(`${p}.bak`)}; else rm -f ${shq(`${p}.bak`)}; fi`,
  );
  const swap = paths.map((p) => `mv -f ${shq(staged(p))} ${shq(p)}`);
  const restore = paths.map(
    (p) => `if [ -e ${shq(`${p}.bak`)} ]; then mv -f ${shq(`${p}.bak`)} ${shq(p)}; else rm -f ${shq(p)}; fi`,
  );
  return [
    PATH,
    // Nothing is swapped unless every backup is made (a full disk stops it here).
    'set -e',
    ...backup,
    `if ! { ${swap.join(' && ')}; }; then ${restore.join('; ')}; exit 4; fi`,
    `if ! out=$(nginx -t -c ${conf} 2>&1); then ${restore.join('; ')}; printf '%s\\n' "$out" >&2; exit 3; fi`,
    `if [ -d /run/systemd/system ]; then systemctl reload nginx; else nginx -s reload -c ${conf}; fi`,
  ].join('\n');
}

/** What installNginxSite runs, for --dry-run. */
export function describeNginxSite(config: MinilvbConfig): string[] {
  return [
    ...nginxSiteFiles(config).map(([p]) => `${stageCommand(p)}   # stdin: ${p}`),
    // One command on the host; shown line by line.
    ...nginxSwitchCommand(config).split('\n'),
  ];
}

/** Installs the site; MLVB_DEPLOY_FAILED with nginx's own words when `nginx -t` rejects it (nothing changed). */
export async function installNginxSite(remote: Remote, config: MinilvbConfig): Promise<string> {
  const files = nginxSiteFiles(config);
  try {
    for (const [path, content] of files) await must(remote, stageCommand(path), `upload ${path}`, content);
    await must(remote, nginxSwitchCommand(config), `install the nginx site (nginx -t -c ${config.deploy.nginxConf})`);
  } finally {
    await remote.exec(`rm -f ${files.map(([p]) => shq(staged(p))).join(' ')}`).catch(() => undefined);
  }
  return `${files.map(([p]) => p).join(', ')}; nginx reloaded`;
}

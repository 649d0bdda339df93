/**
 * One host, php mode: the generated conf/OutDefine.php, conf/cdn.route.ini and deps/sig/private_key
 * go into server.phpRoot through the generated cvm-setup.sh (sent on stdin, so no secret is in argv;
 * it decides the php-fpm pool group and writes each file 0640), after a timestamped backup of each.
 * php-fpm is then reloaded, as OPcache would keep serving the old constants (docs/deploy.md#php-mode).
 */
import type { MinilvbConfig } from '../config/index.js';
import { MinilvbError } from '../errors.js';
import { planFiles } from '../templates/index.js';
import { VERSION } from '../version.js';
import { step, type EventSink, type HostResult } from './events.js';
import { publicHealth } from './health.js';
import { layoutOf, type Layout } from './layout.js';
import { acquireLock, lockInfo, releaseLock } from './lock.js';
import { must } from './service/service-manager.js';
import type { DeployTarget } from './targets.js';
import { shq, type Remote } from './transport/remote.js';

/** What deployPhp needs. */
export interface PhpDeploy {
  config: MinilvbConfig;
  target: DeployTarget;
  remote: Remote;
  layout: Layout;
  now: () => number;
  emit: EventSink;
  signal?: AbortSignal;
}

export const PHP_FILES = ['conf/OutDefine.php', 'conf/cdn.route.ini', 'deps/sig/private_key'] as const;

/** Reloads every php-fpm: systemd units when systemd runs, else USR2 to the master processes. */
export const RELOAD_PHP_FPM =
  "if [ -d /run/systemd/system ]; then systemctl list-units --type=service --no-legend 'php*fpm*' | " +
  "awk '{print $1}' | xargs -r -n1 systemctl reload; else " +
  "for p in $(ps -eo pid=,args= | awk '/php-fpm: master process/ && !/awk/ {print $1}'); do " +
  'kill -USR2 "$p"; done; fi';

export function backupCommand(root: string, stamp: string): string {
  return PHP_FILES.map(
    (f) =>
      `if [ -e ${shq(`${root}/${f}`)} ]; then cp -p ${shq(`${root}/${f}`)} ${shq(`${root}/${f}.bak-${stamp}`)}; fi`,
  ).join(' && ');
}

export async function deployPhp(d: PhpDeploy): Promise<HostResult> {
  const { remote, config, emit } = d;
  const host = d.target.label;
  const root = config.server.phpRoot;
  const l = d.layout ?? layoutOf(d.target.root);
  const stamp = new Date(d.now())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const run = <T>(name: string, fn: () => Promise<T>): Promise<T> => step(emit, host, name, fn);
  const script = planFiles(config, { only: ['cvm-script'], version: VERSION, date: '' }).files[0]?.content;
  if (!script) throw new MinilvbError('MLVB_CONFIG_MISSING', 'php mode needs the values of conf/OutDefine.php.');
  await run('lock', () => acquireLock(remote, l, lockInfo(`deploy php ${stamp}`, d.now())));
  try {
    await run('backup', () => must(remote, backupCommand(root, stamp), 'back up the PHP conf files'));
    await run('write', () =>
      must(remote, `bash -s -- ${shq(root)}`, 'write the PHP conf files (cvm-setup.sh)', script),
    );
    await run('reload', () => must(remote, RELOAD_PHP_FPM, 'reload php-fpm'));
    if (config.server.publicUrl) {
      const pub = await run('public-check', () => publicHealth(config.server.publicUrl as string));
      if (!pub.ok)
        throw new MinilvbError(
          'MLVB_DEPLOY_FAILED',
          `${host}: the PHP server does not answer after the reload: ${pub.detail}.`,
          {
            hint: `The previous files are kept as *.bak-${stamp} next to each file in ${root}.`,
          },
        );
    }
    return { host, status: 'deployed', release: stamp };
  } finally {
    await releaseLock(remote, l).catch(() => undefined);
  }
}

/**
 * One host, php mode: the generated conf/OutDefine.php, conf/cdn.route.ini and deps/sig/private_key
 * go into server.phpRoot through the generated cvm-setup.sh (sent on stdin, so no secret is in argv;
 * it decides the php-fpm pool group and writes each file 0640), after a timestamped backup of each.
 * php-fpm is then reloaded, as OPcache would keep serving the old constants (docs/deploy.md#php-mode).
 * With server.publicUrl set, the deployment is checked before (was it healthy?) and after (4001 and the
 * probe login); a deployment that was healthy and is not after the reload gets its previous files back.
 */
import type { MinilvbConfig } from '../config/index.js';
import { MinilvbError } from '../errors.js';
import { planFiles } from '../templates/index.js';
import { VERSION } from '../version.js';
import { errorSummary, step, type EventSink, type HostResult } from './events.js';
import type { HealthResult } from './health.js';
import { layoutOf, type Layout } from './layout.js';
import { acquireLock, lockInfo, releaseLock } from './lock.js';
import { appHealth } from './probe-login.js';
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

/**
 * Reloads every php-fpm: systemd units when systemd runs, else USR2 to the master processes. Both return before
 * php-fpm has replaced its workers, and an old worker still serves the old (OPcache) constants, so the health check
 * could judge the old files: wait (at most 10 s) until every worker that ran before the reload is gone. A zombie is
 * gone too (kill -0 would still find it).
 */
export const RELOAD_PHP_FPM = [
  "masters=$(ps -eo pid=,args= | awk '/php-fpm: master process/ && !/awk/ {print $1}')",
  'old=$(ps -eo pid=,ppid= | awk -v m=" $(echo $masters) " \'index(m, " " $2 " ") {print $1}\')',
  "if [ -d /run/systemd/system ]; then systemctl list-units --type=service --no-legend 'php*fpm*' | " +
    'awk \'{print $1}\' | xargs -r -n1 systemctl reload; else for p in $masters; do kill -USR2 "$p"; done; fi',
  'i=0; while [ $i -lt 100 ]; do left=0; for w in $old; do ' +
    'if [ -r /proc/$w/stat ] && ! grep -q "^$w ([^)]*) Z" /proc/$w/stat; then left=1; fi; done; ' +
    '[ $left = 0 ] && break; sleep 0.1; i=$((i+1)); done',
].join('\n');

/** One shell step per PHP conf file, given its quoted path and the quoted path of its backup of `stamp`. */
function perFile(root: string, stamp: string, command: (file: string, bak: string) => string): string {
  return PHP_FILES.map((f) => command(shq(`${root}/${f}`), shq(`${root}/${f}.bak-${stamp}`))).join(' && ');
}

export function backupCommand(root: string, stamp: string): string {
  // No backup of a file means it did not exist: a stale one of the same second must not say otherwise.
  return perFile(root, stamp, (file, bak) => `if [ -e ${file} ]; then cp -p ${file} ${bak}; else rm -f ${bak}; fi`);
}

/** Puts each backup of `stamp` back; a file that had none did not exist before the deploy and is removed. */
export function restoreCommand(root: string, stamp: string): string {
  return perFile(root, stamp, (file, bak) => `if [ -e ${bak} ]; then mv -f ${bak} ${file}; else rm -f ${file}; fi`);
}

export async function deployPhp(d: PhpDeploy): Promise<HostResult> {
  const { remote, config, emit } = d;
  const host = d.target.label;
  const root = config.server.phpRoot;
  const l = d.layout ?? layoutOf(d.target.root);
  // Milliseconds: two deploys within one second must not share (and so overwrite) each other's backups.
  const stamp = new Date(d.now()).toISOString().replace(/[-:]/g, '');
  const run = <T>(name: string, fn: () => Promise<T>): Promise<T> => step(emit, host, name, fn);
  const script = planFiles(config, { only: ['cvm-script'], version: VERSION, date: '' }).files[0]?.content;
  if (!script) throw new MinilvbError('MLVB_CONFIG_MISSING', 'php mode needs the values of conf/OutDefine.php.');
  const publicUrl = config.server.publicUrl;
  const health = (tries?: number): Promise<HealthResult> =>
    appHealth(publicUrl as string, { flavour: 'php', now: d.now, ...(tries ? { tries } : {}) });
  await run('lock', () => acquireLock(remote, l, lockInfo(`deploy php ${stamp}`, d.now())));
  try {
    // Whether there is a healthy state to return to, should the new files break the deployment.
    const before = publicUrl ? await run('pre-check', () => health(1)) : undefined;
    await run('backup', () => must(remote, backupCommand(root, stamp), 'back up the PHP conf files'));
    await run('write', () =>
      must(remote, `bash -s -- ${shq(root)}`, 'write the PHP conf files (cvm-setup.sh)', script),
    );
    await run('reload', () => must(remote, RELOAD_PHP_FPM, 'reload php-fpm'));
    if (!publicUrl || !before) return { host, status: 'deployed', release: stamp };
    const pub = await run('public-check', () => health());
    if (pub.ok) return { host, status: 'deployed', release: stamp };
    const what = `${host}: the PHP server does not answer after the reload: ${pub.detail}`;
    if (!before.ok)
      throw new MinilvbError('MLVB_DEPLOY_FAILED', what, {
        hint:
          `It did not answer before the deploy either (${before.detail}), so there was no healthy state to ` +
          `return to: the new files stay. The previous ones are kept as *.bak-${stamp} next to each file in ${root}.`,
        details: { host },
      });
    return await rollBack(d, root, stamp, what, health);
  } finally {
    await releaseLock(remote, l).catch(() => undefined);
  }
}

/** Restores the backups of `stamp`, reloads php-fpm and checks again; reported as rolled back, with why. */
async function rollBack(
  d: PhpDeploy,
  root: string,
  stamp: string,
  what: string,
  health: () => Promise<HealthResult>,
): Promise<HostResult> {
  const host = d.target.label;
  const back = await step(d.emit, host, 'rollback', async () => {
    await must(d.remote, `${restoreCommand(root, stamp)} && { ${RELOAD_PHP_FPM}; }`, 'restore the PHP conf files');
    const again = await health();
    return { ok: again.ok, detail: again.ok ? 'previous files restored, healthy' : `restored: ${again.detail}` };
  });
  const err = new MinilvbError('MLVB_DEPLOY_FAILED', what, {
    hint: back.ok
      ? `Rolled back: the previous files are in place again and the deployment answers. ${causeHint(what)}`
      : `Rolled back to the previous files, but the deployment still does not answer: ${back.detail}.`,
    details: { host },
  });
  return { host, status: 'rolled-back', detail: `the files of ${stamp} rolled back`, error: errorSummary(err) };
}

function causeHint(what: string): string {
  return /\[DB\]/.test(what) ? 'Fix the db.* values (they go to the [DB] section) and deploy again.' : '';
}

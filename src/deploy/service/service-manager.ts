/**
 * How a host runs the server: `systemd` in production, `process` where systemd cannot run (the
 * tests' hosts, containers) with a supervisor script the operator provides. Both run the release
 * the env link points to, so starting a release is: point the link, restart.
 */
import type { MinilvbConfig } from '../../config/index.js';
import { MinilvbError } from '../../errors.js';
import { switchLink, type Layout } from '../layout.js';
import { shq, type Remote } from '../transport/remote.js';
import { systemdManager } from './systemd.js';

/** One service manager. */
export interface ServiceManager {
  readonly kind: 'systemd' | 'process';
  /** Installs what the service needs (the systemd unit); run before each start. */
  install(remote: Remote, l: Layout): Promise<void>;
  /** The commands install, restart and status run, for --dry-run. */
  describe(l: Layout): string[];
  restart(remote: Remote, l: Layout): Promise<void>;
  /** Shell commands: restart the service; exit 0 when it runs; exit 0 when it can be managed at all. */
  restartCommand(l: Layout): string;
  statusCommand(l: Layout): string;
  presentCommand(l: Layout): string;
  running(remote: Remote, l: Layout): Promise<boolean>;
  stop(remote: Remote, l: Layout): Promise<void>;
}

export function serviceManager(config: MinilvbConfig): ServiceManager {
  return config.deploy.service === 'process' ? processManager : systemdManager(config);
}

/** Points the env link at a release and restarts the service on it. */
export async function runRelease(remote: Remote, l: Layout, service: ServiceManager, id: string): Promise<void> {
  await must(remote, runReleaseCommand(l, service, id), `start release ${id}`);
}

export function runReleaseCommand(l: Layout, service: ServiceManager, id: string): string {
  return `${switchLink(l.envLink, `${l.release(id)}/minilvb.env`)} && ${service.restartCommand(l)}`;
}

/** Runs a command and throws MLVB_DEPLOY_FAILED with its output when it fails. */
export async function must(remote: Remote, command: string, what: string, stdin?: string): Promise<string> {
  const r = await remote.exec(command, stdin === undefined ? {} : { stdin });
  if (r.code !== 0 && /No space left on device/.test(`${r.stderr}${r.stdout}`))
    throw diskFullError(remote.label, what, { exitCode: r.code });
  if (r.code !== 0)
    throw new MinilvbError(
      'MLVB_DEPLOY_FAILED',
      `${remote.label}: ${what} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().slice(0, 500)}`,
      { details: { host: remote.label, step: what, exitCode: r.code } },
    );
  return r.stdout;
}

/** A step that failed because the host's disk is full, with the way out. */
export function diskFullError(label: string, what: string, details: Record<string, unknown> = {}): MinilvbError {
  return new MinilvbError('MLVB_DEPLOY_FAILED', `${label}: ${what} failed: the disk is full (No space left).`, {
    hint: 'Free space on the host (df -h), or lower deploy.keep so fewer old releases are kept, then deploy again.',
    details: { host: label, step: what, ...details },
  });
}

const processManager: ServiceManager = {
  kind: 'process',
  async install(remote, l) {
    const r = await remote.exec(`test -x ${shq(l.processScript)}`);
    if (r.code !== 0)
      throw new MinilvbError('MLVB_PREFLIGHT', `${remote.label}: ${l.processScript} is missing or not executable.`, {
        hint:
          'deploy.service is "process": provide a supervisor there that takes restart|stop|status ' +
          '(docs/deploy.md#service-managers), or use deploy.service systemd.',
      });
  },
  describe: (l) => [`${shq(l.processScript)} restart`, `${shq(l.processScript)} status`],
  restartCommand: (l) => `${shq(l.processScript)} restart`,
  statusCommand: (l) => `${shq(l.processScript)} status`,
  presentCommand: (l) => `test -x ${shq(l.processScript)}`,
  async restart(remote, l) {
    await must(remote, `${shq(l.processScript)} restart`, 'restart the service');
  },
  async running(remote, l) {
    return (await remote.exec(`${shq(l.processScript)} status`)).code === 0;
  },
  async stop(remote, l) {
    await must(remote, `${shq(l.processScript)} stop`, 'stop the service');
  },
};

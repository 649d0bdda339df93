/**
 * The deploy as data, for `--dry-run`: per host the files it would upload and the commands it would
 * run, in order, built by the same functions the runner uses. Nothing connects to a host.
 */
import type { MinilvbConfig } from '../config/index.js';
import { probeCommand, readyzUrl } from './health.js';
import { describeNginxSite } from './nginx-site.js';
import { backupCommand, RELOAD_PHP_FPM, restoreCommand } from './host-php.js';
import { commands, layoutOf, releaseId, switchLink } from './layout.js';
import { probeAddress, renderReleaseEnv } from './release/env-file.js';
import { serviceManager } from './service/service-manager.js';
import { targetsOf } from './run.js';
import { shq } from './transport/remote.js';

/** One planned step. */
export interface PlannedStep {
  step: string;
  commands: string[];
  /** Files sent (their content is never shown: env files hold secrets). */
  files?: Array<{ path: string; mode: string; secret: boolean }>;
  when?: string;
}

/** The plan for one host. */
export interface HostPlan {
  host: string;
  root: string;
  release?: string;
  steps: PlannedStep[];
}

export function planDeploy(config: MinilvbConfig, opts: { now: number; version: string; hash?: string }): HostPlan[] {
  return targetsOf(config).map((target) => {
    const l = layoutOf(target.root);
    const pub = config.server.publicUrl?.replace(/\/interface\.php$/, '').replace(/\/+$/, '');
    if (config.deploy.mode === 'php') {
      const root = config.server.phpRoot;
      return {
        host: target.label,
        root,
        steps: [
          { step: 'lock', commands: [`mkdir ${shq(l.lock)}`] },
          ...(pub ? [{ step: 'pre-check', commands: publicChecks(pub), when: 'was it healthy before?' }] : []),
          { step: 'backup', commands: [backupCommand(root, '<UTC timestamp>')] },
          {
            step: 'write',
            commands: [`bash -s -- ${shq(root)}   # stdin: the generated cvm-setup.sh`],
            files: ['conf/OutDefine.php', 'conf/cdn.route.ini', 'deps/sig/private_key'].map((f) => ({
              path: `${root}/${f}`,
              mode: '0640',
              secret: true,
            })),
          },
          { step: 'reload', commands: [RELOAD_PHP_FPM] },
          ...(pub
            ? [
                { step: 'public-check', commands: publicChecks(pub) },
                {
                  step: 'rollback',
                  commands: [restoreCommand(root, '<UTC timestamp>'), RELOAD_PHP_FPM, ...publicChecks(pub)],
                  when: 'when the public check fails and the pre-check passed',
                },
              ]
            : []),
          { step: 'unlock', commands: [`rm -rf ${shq(l.lock)}`] },
        ],
      };
    }
    const id = releaseId(opts.now, opts.version);
    const hash = opts.hash ?? '<sha256 of the release>';
    const dir = l.release(id);
    // Rendered (and thrown away) so a dry run fails where the deploy would: missing or unwritable values.
    renderReleaseEnv(config, target, l, id);
    const service = serviceManager(config);
    const probe = probeCommand(readyzUrl(probeAddress(config, target)));
    return {
      host: target.label,
      root: target.root,
      release: id,
      steps: [
        {
          step: 'lock',
          commands: [
            `mkdir ${shq(l.lock)}   # fails when another deploy holds it`,
            commands.prepare(l),
            commands.nodeVersion,
            `df -Pk ${shq(l.root)}`,
            commands.links(l),
          ],
        },
        { step: 'preflight', commands: ['(node >= 20, free disk: from the lock step)'] },
        {
          step: 'upload',
          commands: [commands.hasTarball(l, hash)],
          files: [{ path: `${l.cache}/${hash}.tgz`, mode: '0644', secret: false }],
          when: 'unless already on the host',
        },
        {
          step: 'unpack',
          commands: [
            commands.extract(l, id, hash),
            commands.writeSecret(`${dir}/minilvb.env`),
            `printf '%s' '<release.json>' > ${shq(`${dir}/release.json`)}`,
          ],
          files: [
            { path: `${dir}/minilvb.env`, mode: '0600', secret: true },
            { path: `${dir}/release.json`, mode: '0644', secret: false },
          ],
        },
        ...(config.deploy.service === 'systemd'
          ? [{ step: 'service', commands: service.describe(l).slice(0, -2) }]
          : []),
        ...(config.deploy.nginx === 'on'
          ? [
              {
                step: 'nginx',
                commands: describeNginxSite(config),
                when: 'the previous site stays when nginx -t fails',
              },
            ]
          : []),
        { step: 'start', commands: [switchLink(l.envLink, `${dir}/minilvb.env`), service.restartCommand(l)] },
        { step: 'ready', commands: [probe, service.statusCommand(l)], when: 'until ready or deploy.startTimeout' },
        { step: 'switch', commands: [switchLink(l.previous, `${l.current} (its target)`), switchLink(l.current, dir)] },
        ...(pub
          ? [
              {
                step: 'public-check',
                commands: publicChecks(pub),
                when: 'rolled back when it fails',
              },
            ]
          : []),
        { step: 'prune', commands: [`keep the newest ${config.deploy.keep}, never current or previous`] },
        { step: 'unlock', commands: [`rm -rf ${shq(l.lock)}`] },
      ],
    };
  });
}

/** The public health check's requests, all from the machine running the deploy (docs/deploy.md#the-probe-login). */
function publicChecks(base: string): string[] {
  return [
    `GET ${base}/interface.php (from here): returnValue 4001`,
    `POST ${base}/login (from here): code 620 for a random mlvbdoctor_ user`,
    `POST ${base}/get_user_info (from here), signed with a random token: code 498`,
  ];
}

/**
 * Bundled mode's nginx site (deploy.nginx on) against a real nginx this test starts on 127.0.0.1 (its own prefix
 * and nginx.conf with `include conf.d/*.conf;`, deploy.nginxConf pointing at it, server.nginxPort a free port) and
 * the `process` service manager: the site is installed whatever runs the server, the public check (4001 and the
 * probe login) passes through nginx, and a site that fails `nginx -t` is taken back before anything is switched:
 * the previous site files are restored and nginx keeps serving the old release. No systemd here, so the reload is
 * `nginx -s reload -c <nginx.conf>`.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinilvbConfig } from '../../src/config/index.js';
import { deploy, planDeploy, type DeployEvent, type ReleaseArtifact } from '../../src/deploy/index.js';
import { deployConfig, deployRoot, httpGet, testRelease } from '../helpers/deploy-host.js';
import { startNginx } from '../helpers/nginx.js';
import { knownHostsLine, startSshd, type Sshd } from '../helpers/sshd.js';
import { freePort } from '../helpers/ports.js';

let sshd: Sshd;
let work: string;
let root: string;
let nginx: ChildProcess | undefined;
let nginxPort: number;
let appPort: number;
let knownHosts: string;
let artifact: ReleaseArtifact;

const nginxConf = (): string => join(work, 'nginx', 'nginx.conf');
const site = (): string => join(work, 'nginx', 'conf.d', 'minilvb.conf');

async function config(server: Record<string, unknown> = {}): Promise<MinilvbConfig> {
  return deployConfig({
    hosts: [{ sshd, root }],
    port: appPort,
    knownHosts,
    publicUrl: `http://127.0.0.1:${nginxPort}`,
    server: { nginxPort, ...server },
    extra: { nginx: 'on', nginxConf: nginxConf() },
  });
}

function startSiteNginx(): ChildProcess {
  const dir = join(work, 'nginx');
  mkdirSync(join(dir, 'conf.d'), { recursive: true });
  return startNginx(dir, 'conf.d/*.conf').process;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mlvb-deploy-nginx-'));
  root = deployRoot();
  [sshd, nginxPort, appPort] = await Promise.all([startSshd(), freePort(), freePort()]);
  knownHosts = join(work, 'known_hosts');
  writeFileSync(knownHosts, `${knownHostsLine(sshd)}\n`);
  nginx = startSiteNginx();
  artifact = await testRelease();
}, 60000);

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((resolve) => nginx?.once('exit', resolve));
    nginx.kill('SIGTERM');
    if ((await Promise.race([exited, sleep(5000, 'timeout')])) === 'timeout') nginx.kill('SIGKILL');
  }
  if (root) execFileSync(join(root, 'minilvb-service'), ['stop']);
  await sshd?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('deploy with deploy.nginx on (a private nginx, the process service manager)', () => {
  it('--dry-run lists the nginx step with the configured nginx.conf', async () => {
    const plan = planDeploy(await config(), { now: Date.now(), version: '0.0.0' });
    const step = plan[0]?.steps.find((s) => s.step === 'nginx');
    expect(step?.commands.join('\n')).toContain(`nginx -t -c '${nginxConf()}'`);
    expect(step?.commands.join('\n')).toContain(`nginx -s reload -c '${nginxConf()}'`);
    expect(step?.commands.join('\n')).toContain(`${site()}.minilvb-new`);
  });

  it('installs the site next to nginx.conf; the public check passes through nginx', async () => {
    const events: DeployEvent[] = [];
    const report = await deploy({ config: await config(), artifact, onEvent: (e) => events.push(e) });
    expect(report.hosts[0]?.error).toBeUndefined();
    expect(report.hosts[0]?.status).toBe('deployed');
    expect(readFileSync(site(), 'utf8')).toContain(`listen ${nginxPort};`);
    expect(readFileSync(site(), 'utf8')).toContain(`proxy_pass http://127.0.0.1:${appPort};`);
    expect(existsSync(join(work, 'nginx', 'minilvb_proxy.conf'))).toBe(true);
    const check = events.find((e) => e.step === 'public-check' && e.status === 'done');
    expect(check?.detail).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${nginxPort}/interface\\.php: returnValue 4001; probe login`),
    );
    const viaNginx = await httpGet(nginxPort, '/interface.php');
    expect(viaNginx.body).toContain('4001');
    // The site routes only the app's paths.
    expect((await httpGet(nginxPort, '/readyz')).status).toBe(404);
  });

  it('a site that fails nginx -t is taken back before the switch; nginx keeps serving the old release', async () => {
    const releases = readdirSync(join(root, 'releases'));
    const current = basename(readlinkSync(join(root, 'current')));
    const before = readFileSync(site(), 'utf8');
    const broken = await config({ tlsCert: join(work, 'missing.crt'), tlsKey: join(work, 'missing.key') });
    const events: DeployEvent[] = [];
    const report = await deploy({ config: broken, artifact, onEvent: (e) => events.push(e) });
    const host = report.hosts[0];
    expect(host?.status).toBe('failed');
    expect(host?.error?.message).toMatch(
      /install the nginx site \(nginx -t -c .*nginx\.conf\) failed \(exit 3\): .*missing\.crt/s,
    );
    const steps = events.filter((e) => e.status === 'start').map((e) => e.step);
    expect(steps).toContain('nginx');
    expect(steps).not.toContain('start');
    expect(steps).not.toContain('switch');
    // The previous site, no staged or backup file left that nginx would include, the release dir taken back.
    expect(readFileSync(site(), 'utf8')).toBe(before);
    expect(readdirSync(join(work, 'nginx', 'conf.d'))).toEqual(['minilvb.conf']);
    expect(readdirSync(join(root, 'releases'))).toEqual(releases);
    expect(basename(readlinkSync(join(root, 'current')))).toBe(current);
    expect(existsSync(join(root, '.deploy-lock'))).toBe(false);
    expect((await httpGet(nginxPort, '/interface.php')).body).toContain('4001');
  });
});

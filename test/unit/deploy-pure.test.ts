/** The pure parts of deploy: targets, known_hosts matching, release ids and pruning, the systemd unit, the plan. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { deployUnit, layoutOf, parseTargets, planDeploy } from '../../src/deploy/index.js';
import { prunable } from '../../src/deploy/host-bundled.js';
import { nginxSiteFiles, nginxSiteHash } from '../../src/deploy/nginx-site.js';
import { planFiles } from '../../src/templates/index.js';
import { releaseId } from '../../src/deploy/layout.js';
import { entryMatches, knownHostsLine, parseKnownHosts } from '../../src/deploy/transport/known-hosts.js';
import { currentConfig, projectDir, TEST_SECRETS } from '../helpers/fixtures.js';

async function config(deploy: Record<string, unknown>, server: Record<string, unknown> = {}) {
  const base = currentConfig();
  const loaded = await loadConfig({
    cwd: projectDir(currentConfig({ deploy, server: { ...(base.server as object), ...server } })),
    env: {},
  });
  expect(loaded.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return loaded.config;
}

describe('deploy targets', () => {
  it('parses user@host[:port], a per-host path and listen address', () => {
    expect(parseTargets('root@10.0.0.5, deploy@10.0.0.6:2222/srv/mlvb?listen=10.0.0.6:8081', '/opt/minilvb')).toEqual([
      { label: 'root@10.0.0.5', user: 'root', host: '10.0.0.5', port: 22, root: '/opt/minilvb' },
      {
        label: 'deploy@10.0.0.6:2222',
        user: 'deploy',
        host: '10.0.0.6',
        port: 2222,
        root: '/srv/mlvb',
        listen: { host: '10.0.0.6', port: 8081 },
      },
    ]);
  });

  it('rejects an entry without a user, with the expected form', () => {
    expect(() => parseTargets('10.0.0.5', '/opt/minilvb')).toThrow(/user@host\[:port\]/);
  });
});

describe('known_hosts', () => {
  const blob = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIGtleWtleWtleWtleWtleWtleWtleWtleWtleWtleQ==', 'base64');

  it('matches plain patterns in [host]:port form, wildcards and negations', () => {
    expect(entryMatches('[127.0.0.1]:2222', '127.0.0.1', 2222)).toBe(true);
    expect(entryMatches('[127.0.0.1]:2222', '127.0.0.1', 22)).toBe(false);
    expect(entryMatches('web1,10.0.0.5', '10.0.0.5', 22)).toBe(true);
    expect(entryMatches('10.0.0.*,!10.0.0.9', '10.0.0.9', 22)).toBe(false);
    expect(entryMatches('10.0.0.*,!10.0.0.9', '10.0.0.8', 22)).toBe(true);
  });

  it('matches the hashed entries it writes for that host and port only', () => {
    const [entry] = parseKnownHosts(`${knownHostsLine('10.0.0.5', 2222, blob)}\n`);
    expect(entry?.hosts).toMatch(/^\|1\|/);
    expect(entry?.keyType).toBe('ssh-ed25519');
    expect(entryMatches(entry?.hosts ?? '', '10.0.0.5', 2222)).toBe(true);
    expect(entryMatches(entry?.hosts ?? '', '10.0.0.5', 22)).toBe(false);
    expect(entryMatches(entry?.hosts ?? '', '10.0.0.6', 2222)).toBe(false);
  });

  it('reads @revoked markers and skips comments', () => {
    const entries = parseKnownHosts('# c\n@revoked * ssh-ed25519 AAAA\nhost ssh-rsa BBBB\n');
    expect(entries).toEqual([
      { marker: '@revoked', hosts: '*', keyType: 'ssh-ed25519', key: 'AAAA' },
      { hosts: 'host', keyType: 'ssh-rsa', key: 'BBBB' },
    ]);
  });
});

describe('releases', () => {
  it('ids sort by time', () => {
    const a = releaseId(Date.UTC(2026, 0, 2, 3, 4, 5, 6), '0.1.0');
    const b = releaseId(Date.UTC(2026, 0, 2, 3, 4, 5, 70), '0.1.0');
    expect(a).toBe('20260102T030405006Z-0.1.0');
    expect([b, a].sort()).toEqual([a, b]);
  });

  it('pruning keeps the newest N and never the current or previous release', () => {
    const all = ['r1', 'r2', 'r3', 'r4', 'r5'];
    expect(prunable(all, 2, 'r5', 'r1')).toEqual(['r2', 'r3']);
    expect(prunable(all, 1, 'r3', 'r2')).toEqual(['r1', 'r4']);
    expect(prunable(all, 10, 'r5', 'r4')).toEqual([]);
  });
});

describe('systemd unit', () => {
  it('runs the release the env file names, writes only shared/, and passes systemd-analyze verify', async () => {
    const unit = deployUnit(await config({ hosts: 'root@10.0.0.5' }), layoutOf('/opt/minilvb'));
    expect(unit).toContain('EnvironmentFile=/opt/minilvb/shared/minilvb.env');
    expect(unit).toContain('ExecStart=/usr/bin/env node ${MINILVB_RELEASE}/bin/minilvb.js serve');
    expect(unit).toContain('ReadWritePaths=/var/log/minilvb /opt/minilvb/shared');
    const file = join(mkdtempSync(join(tmpdir(), 'mlvb-unit-')), 'minilvb.service');
    writeFileSync(file, unit);
    expect(() => execFileSync('systemd-analyze', ['verify', file], { stdio: 'pipe' })).not.toThrow();
  });
});

describe('plan (--dry-run)', () => {
  it('lists files and commands per host, secrets in none of them', async () => {
    const plan = planDeploy(await config({ hosts: 'root@10.0.0.5,root@10.0.0.6:2222/srv/x' }), {
      now: Date.UTC(2026, 0, 2),
      version: '0.1.0',
    });
    expect(plan.map((h) => [h.host, h.root])).toEqual([
      ['root@10.0.0.5', '/opt/minilvb'],
      ['root@10.0.0.6:2222', '/srv/x'],
    ]);
    const steps = plan[0]?.steps.map((s) => s.step);
    expect(steps).toEqual(expect.arrayContaining(['lock', 'upload', 'unpack', 'start', 'ready', 'switch', 'unlock']));
    expect(steps?.indexOf('ready')).toBeLessThan(steps?.indexOf('switch') ?? 0);
    const env = plan[0]?.steps.flatMap((s) => s.files ?? []).find((f) => f.path.endsWith('minilvb.env'));
    expect(env).toMatchObject({ mode: '0600', secret: true });
    const text = JSON.stringify(plan);
    for (const s of Object.values(TEST_SECRETS)) expect(text).not.toContain(s.slice(0, 16));
  });
});

describe('nginx site', () => {
  it('listens on server.nginxPort in generate and deploy alike, next to deploy.nginxConf', async () => {
    const c = await config(
      { hosts: 'root@10.0.0.5', nginx: 'on', nginxConf: '/srv/nginx/nginx.conf' },
      { nginxPort: 8081 },
    );
    const files = planFiles(c, { only: ['nginx-proxy', 'nginx-php'], version: '0.0.0', date: '' }).files;
    for (const f of files) expect(f.content).toMatch(/^ {4}listen 8081;$/m);
    expect(nginxSiteFiles(c).map(([p, content]) => [p, content.includes('listen 8081;')])).toEqual([
      ['/srv/nginx/minilvb_proxy.conf', false],
      ['/srv/nginx/conf.d/minilvb.conf', true],
    ]);
    // A changed site changes the hash that tells an unchanged release.
    const other = await config({ hosts: 'root@10.0.0.5', nginx: 'on', nginxConf: '/srv/nginx/nginx.conf' });
    expect(nginxSiteHash(c, 'env')).not.toBe(nginxSiteHash(other, 'env'));
    expect(nginxSiteHash(c, 'env')).toBe(nginxSiteHash(c, 'env'));
  });
});

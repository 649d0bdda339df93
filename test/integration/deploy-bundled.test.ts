/**
 * `minilvb deploy` in bundled mode against a real sshd on 127.0.0.1: the deployed server really
 * starts (embedded store, the `process` supervisor of test/helpers/deploy-host.ts) and is checked
 * over HTTP after every case, so each failure case is shown to leave the previous release serving.
 */
import { existsSync, mkdtempSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinilvbConfig } from '../../src/config/index.js';
import {
  deploy,
  deployCheck,
  deployRollback,
  deployStatus,
  deployUnlock,
  planDeploy,
  type DeployEvent,
  type ReleaseArtifact,
} from '../../src/deploy/index.js';
import { deployConfig, deployRoot, httpGet, testRelease } from '../helpers/deploy-host.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';
import { getMariaDB } from '../helpers/mariadb.js';
import { knownHostsLine, startSshd, type Sshd } from '../helpers/sshd.js';
import { freePort } from '../helpers/ports.js';

let sshd: Sshd;
let artifact: ReleaseArtifact;
let knownHosts: string;
let root: string;
let port: number;
let config: MinilvbConfig;
const events: DeployEvent[] = [];
const record = (e: DeployEvent): void => {
  events.push(e);
};
const current = (): string => basename(readlinkSync(join(root, 'current')));
const secrets = Object.values(TEST_SECRETS);

beforeAll(async () => {
  const work = mkdtempSync(join(tmpdir(), 'mlvb-deploy-test-'));
  [sshd, artifact] = await Promise.all([startSshd(), testRelease()]);
  knownHosts = join(work, 'known_hosts');
  writeFileSync(knownHosts, `${knownHostsLine(sshd)}\n`);
  root = deployRoot();
  port = await freePort();
  config = await deployConfig({ hosts: [{ sshd, root }], port, knownHosts });
});

afterAll(async () => {
  await import('node:child_process').then(({ execFileSync }) => execFileSync(join(root, 'minilvb-service'), ['stop']));
  await sshd?.stop();
});

describe('deploy (bundled) over a real sshd', () => {
  it('first deploy: uploads, starts, health-gates and switches; the server answers over HTTP', async () => {
    const report = await deploy({ config, artifact, onEvent: record });
    expect(report.hosts[0]?.error).toBeUndefined();
    expect(report.ok).toBe(true);
    const release = report.hosts[0]?.release as string;
    expect(current()).toBe(release);
    expect(await httpGet(port, '/readyz')).toMatchObject({ status: 200 });
    expect((await httpGet(port, '/interface.php')).body).toContain('4001');
    const env = join(root, 'releases', release, 'minilvb.env');
    expect(statSync(env).mode & 0o777).toBe(0o600);
    expect(readFileSync(env, 'utf8')).toContain(`MINILVB_DATA_DIR="${root}/shared/data"`);
    expect(existsSync(join(root, '.deploy-lock'))).toBe(false);
    const steps = events.filter((e) => e.status === 'done').map((e) => e.step);
    expect(steps).toEqual(expect.arrayContaining(['lock', 'upload', 'start', 'ready', 'switch', 'public-check']));
    expect(steps.indexOf('ready')).toBeLessThan(steps.indexOf('switch'));
  });

  it('redeploy of an unchanged release changes nothing', async () => {
    const before = current();
    const report = await deploy({ config, artifact });
    expect(report.hosts[0]).toMatchObject({ status: 'unchanged', release: before });
    expect(current()).toBe(before);
  });

  it('--check logs in to the database FROM the host with the server credentials (the release mysql2)', async () => {
    const server = await getMariaDB();
    const db = { host: server.host, port: server.port, user: server.user, password: server.password, name: 'mysql' };
    const [good] = await deployCheck({ config: { ...config, db } });
    expect(good?.value?.find((c) => c.id === 'database')).toMatchObject({ ok: true });
    expect(good?.value?.find((c) => c.id === 'database')?.detail).toContain('logs in to');
    const [bad] = await deployCheck({ config: { ...config, db: { ...db, password: 'wrong-password' } } });
    const check = bad?.value?.find((c) => c.id === 'database');
    expect(check).toMatchObject({ ok: false });
    expect(check?.detail).toContain('ER_ACCESS_DENIED_ERROR');
    expect(JSON.stringify(bad)).not.toContain('wrong-password');
  });

  it('a release whose server cannot start is never switched to; the old one serves again', async () => {
    const before = current();
    const blocker = await holdPort(port + 0, '127.0.0.2');
    const taken = (blocker.address() as { port: number }).port;
    try {
      const bad = await deployConfig({ hosts: [{ sshd, root, listen: `127.0.0.2:${taken}` }], port, knownHosts });
      const report = await deploy({ config: bad, artifact });
      expect(report.ok).toBe(false);
      expect(report.hosts[0]?.status).toBe('failed');
      expect(report.hosts[0]?.error?.message).toMatch(/did not become ready.*exited/);
      expect(report.hosts[0]?.error?.hint).toContain(`${before} serves again`);
    } finally {
      blocker.close();
    }
    expect(current()).toBe(before);
    expect(await httpGet(port, '/readyz')).toMatchObject({ status: 200 });
    expect(existsSync(join(root, '.deploy-lock'))).toBe(false);
  });

  it('a public health check failing after the switch rolls back automatically', async () => {
    const before = current();
    const closed = await freePort();
    const bad = await deployConfig({
      hosts: [{ sshd, root }],
      port,
      knownHosts,
      publicUrl: `http://127.0.0.1:${closed}`,
    });
    const report = await deploy({ config: bad, artifact, onEvent: record });
    expect(report.hosts[0]?.status).toBe('rolled-back');
    expect(report.hosts[0]?.error?.message).toContain('public health check failed');
    expect(report.hosts[0]?.error?.hint).toContain(`Rolled back to ${before}`);
    expect(current()).toBe(before);
    expect(await httpGet(port, '/readyz')).toMatchObject({ status: 200 });
    const env = readFileSync(join(root, 'shared', 'minilvb.env'), 'utf8');
    expect(env).toContain(`releases/${before}"`);
  });

  it('a lock held by another deploy is refused naming its holder; deploy unlock removes it', async () => {
    const holder = { by: 'alice@laptop', pid: 4242, since: '2026-01-02T03:04:05.000Z', action: 'deploy X' };
    await import('node:fs/promises').then(async (fs) => {
      await fs.mkdir(join(root, '.deploy-lock'));
      await fs.writeFile(join(root, '.deploy-lock', 'info.json'), JSON.stringify(holder));
    });
    const report = await deploy({ config: changed(), artifact });
    expect(report.hosts[0]?.error?.code).toBe('MLVB_DEPLOY_LOCKED');
    expect(report.hosts[0]?.error?.message).toContain('alice@laptop (pid 4242) since 2026-01-02T03:04:05.000Z');
    expect(report.hosts[0]?.error?.hint).toContain('minilvb deploy unlock');
    const status = await deployStatus({ config });
    expect(status[0]?.value?.lock?.by).toBe('alice@laptop');
    const unlocked = await deployUnlock({ config });
    expect(unlocked[0]?.value?.removed).toMatchObject({ by: 'alice@laptop' });
    expect(existsSync(join(root, '.deploy-lock'))).toBe(false);
  });

  it('an interrupt mid-upload leaves the old release serving and the lock released', async () => {
    const before = current();
    const ac = new AbortController();
    const report = await deploy({
      config: changed(),
      artifact,
      signal: ac.signal,
      onEvent: (e) => {
        if (e.step === 'upload' && e.status === 'start') ac.abort();
      },
    });
    expect(report.hosts[0]?.error?.code).toBe('MLVB_ABORTED');
    expect(current()).toBe(before);
    expect(existsSync(join(root, '.deploy-lock'))).toBe(false);
    expect(await httpGet(port, '/readyz')).toMatchObject({ status: 200 });
  });

  it('a changed config is a new release; rollback returns to the previous one; --keep prunes', async () => {
    const first = current();
    const a = await deploy({ config: changed('debug'), artifact });
    expect(a.hosts[0]).toMatchObject({ status: 'deployed', previous: first });
    const second = current();
    expect(second).not.toBe(first);
    expect(basename(readlinkSync(join(root, 'previous')))).toBe(first);

    const back = await deployRollback({ config });
    expect(back[0]).toMatchObject({ status: 'deployed', release: first, previous: second });
    expect(current()).toBe(first);
    expect(await httpGet(port, '/readyz')).toMatchObject({ status: 200 });

    const b = await deploy({ config: changed('warn'), artifact, keep: 1 });
    expect(b.ok).toBe(true);
    const status = await deployStatus({ config });
    const host = status[0]?.value;
    expect(host).toMatchObject({ current: b.hosts[0]?.release, previous: first, running: true, healthy: true });
    // keep 1: only the newest, plus the previous one, which is never pruned.
    expect(host?.releases).toEqual([first, b.hosts[0]?.release].sort());
    expect(host?.releases).not.toContain(second);
  });

  it('secrets appear in no planned command and no progress event', () => {
    const plan = JSON.stringify(planDeploy(config, { now: Date.now(), version: '0.1.0' }));
    const logged = JSON.stringify(events);
    for (const s of secrets) {
      expect(plan).not.toContain(s.slice(0, 16));
      expect(logged).not.toContain(s.slice(0, 16));
    }
  });
});

/** The same deploy config with another server.logLevel: a different env file, so a new release. */
function changed(level = 'warn'): MinilvbConfig {
  return { ...config, server: { ...config.server, logLevel: level as MinilvbConfig['server']['logLevel'] } };
}

async function holdPort(_hint: number, address: string): Promise<Server> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, address, resolve));
  return srv;
}

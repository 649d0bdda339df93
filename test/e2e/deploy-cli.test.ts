/**
 * `minilvb deploy` through the CLI: --dry-run prints the plan and connects to nothing (its hosts are
 * closed ports), --json carries it, status against an unreachable host fails with a clear SSH error,
 * and a whole deploy + status + rollback runs through the real program against a real sshd.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { deployRoot, httpGet } from '../helpers/deploy-host.js';
import { currentConfig, projectDir, TEST_SECRETS } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { knownHostsLine, startSshd, type Sshd } from '../helpers/sshd.js';
import { freePort } from '../helpers/ports.js';

let closed: number;
let dir: string;

beforeAll(async () => {
  closed = await freePort();
  dir = projectDir(currentConfig({ deploy: { hosts: `root@127.0.0.1:${closed},root@127.0.0.1:${closed}/srv/b` } }));
});

describe('minilvb deploy (CLI)', () => {
  it('--dry-run prints files and commands per host without connecting (the hosts are closed ports)', async () => {
    const r = await runCli(['deploy', '--dry-run'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Dry run: nothing was connected to or changed.');
    expect(r.stdout).toContain(`root@127.0.0.1:${closed} (/opt/minilvb)`);
    expect(r.stdout).toContain(`root@127.0.0.1:${closed} (/srv/b)`);
    expect(r.stdout).toMatch(/file \/opt\/minilvb\/releases\/\S+\/minilvb\.env 0600 \(secret, sent on stdin\)/);
    expect(r.stdout).toContain("mv -T '/opt/minilvb/current.tmp-");
    for (const s of Object.values(TEST_SECRETS)) expect(r.stdout).not.toContain(s.slice(0, 16));
  });

  it('--dry-run --json is one document with the plan per host', async () => {
    const r = await runCli(['deploy', '--dry-run', '--json'], { cwd: dir });
    const doc = r.json<{ ok: boolean; command: string; data: { hosts: Array<{ host: string; steps: unknown[] }> } }>();
    expect(doc).toMatchObject({ ok: true, command: 'deploy.plan' });
    expect(doc.data.hosts).toHaveLength(2);
  });

  it('deploy status against a closed port fails with the SSH error per host (exit 1)', async () => {
    const r = await runCli(['deploy', 'status', '--deploy-known-hosts', join(dir, 'kh')], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`root@127.0.0.1:${closed}: SSH connection failed`);
    expect(r.stdout).not.toContain(`root@127.0.0.1:${closed}: root@127.0.0.1:${closed}:`);
  });

  it('without deploy.hosts it says what to set (exit 2)', async () => {
    const r = await runCli(['deploy', '--dry-run'], { cwd: projectDir(currentConfig()) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('deploy.hosts');
  });

  it('a config the server cannot run with is named before anything is sent, with the deploy fix (exit 2)', async () => {
    const cwd = projectDir(currentConfig({ cos: {}, im: {} }));
    const r = await runCli(['deploy', '--dry-run', '--deploy-hosts', 'deploy@127.0.0.1:1'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/MLVB_CONFIG_MISSING\] The server deployed needs:[\s\S]*missing[^\n]*cos\.bucket/);
    expect(r.stderr).toMatch(/then deploy again/);
    expect(r.stderr).not.toMatch(/--only/);
  });

  it('--parallel must be a whole number', async () => {
    const r = await runCli(['deploy', '--parallel', '0'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--parallel must be a whole number of at least 1');
  });
});

describe('minilvb deploy against a real sshd', () => {
  let sshd: Sshd;
  let root: string;
  let port: number;
  let project: string;

  beforeAll(async () => {
    sshd = await startSshd();
    root = deployRoot();
    port = await freePort();
    const work = mkdtempSync(join(tmpdir(), 'mlvb-deploy-cli-'));
    const kh = join(work, 'known_hosts');
    writeFileSync(kh, `${knownHostsLine(sshd)}\n`);
    project = projectDir(
      currentConfig({
        server: { publicUrl: `http://127.0.0.1:${port}`, port, adminToken: TEST_SECRETS.adminToken },
        deploy: {
          hosts: `root@127.0.0.1:${sshd.port}${root}`,
          service: 'process',
          key: sshd.clientKey,
          knownHosts: kh,
          startTimeout: 20000,
        },
      }),
    );
  });

  afterAll(async () => {
    if (root) execFileSync(join(root, 'minilvb-service'), ['stop']);
    await sshd?.stop();
  });

  it('deploys with a progress line per step, then status shows it serving', async () => {
    const r = await runCli(['deploy'], { cwd: project });
    expect(r.stderr).toMatch(/ ok {2}root@127\.0\.0\.1:\d+ {2}ready: 200/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✔ root@127\.0\.0\.1:\d+: deployed \S+-0\.1\.0/);
    expect(await httpGet(port, '/readyz')).toMatchObject({ status: 200 });
    const s = await runCli(['deploy', 'status', '--json'], { cwd: project });
    const doc = s.json<{ data: { hosts: Array<{ value: { healthy: boolean; lock?: unknown } }> } }>();
    expect(doc.data.hosts[0]?.value).toMatchObject({ healthy: true });
    expect(doc.data.hosts[0]?.value.lock).toBeUndefined();
    for (const out of [r.stdout, r.stderr, s.stdout])
      for (const secret of Object.values(TEST_SECRETS)) expect(out).not.toContain(secret.slice(0, 16));
  });
});

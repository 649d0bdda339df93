/**
 * A host whose disk cannot take a release (a small tmpfs as its deploy root): the deploy is refused at
 * preflight, before anything is uploaded, naming the free space, and the lock is released. Serial
 * (vitest.config.ts): it mounts a tmpfs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRelease, deploy, deployCheck } from '../../src/deploy/index.js';
import { deployConfig, SUPERVISOR } from '../helpers/deploy-host.js';
import { freePort, knownHostsLine, startSshd, type Sshd } from '../helpers/sshd.js';

let sshd: Sshd;
let root: string;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mlvb-deploy-disk-'));
  root = join(work, 'root');
  execFileSync('mkdir', ['-p', root]);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=0755', 'tmpfs', root]);
  writeFileSync(join(root, 'minilvb-service'), SUPERVISOR, { mode: 0o755 });
  sshd = await startSshd();
});

afterAll(async () => {
  await sshd?.stop();
  if (root) execFileSync('umount', ['-l', root]);
});

describe('a host with too little disk', () => {
  it('is refused at preflight with the free space named; nothing is uploaded and the lock is released', async () => {
    const kh = join(work, 'known_hosts');
    writeFileSync(kh, `${knownHostsLine(sshd)}\n`);
    const config = await deployConfig({ hosts: [{ sshd, root }], port: await freePort(), knownHosts: kh });
    const artifact = await buildRelease({ outDir: join(work, 'release') });
    const report = await deploy({ config, artifact });
    expect(report.hosts[0]?.error?.code).toBe('MLVB_PREFLIGHT');
    expect(report.hosts[0]?.error?.message).toMatch(/disk: only \d+ MiB free under .*, a release needs about \d+ MiB/);
    expect(report.hosts[0]?.error?.hint).toContain('deploy.keep');
    expect(readdirSync(join(root, '.cache'))).toEqual([]);
    expect(existsSync(join(root, '.deploy-lock'))).toBe(false);
    const [check] = await deployCheck({ config });
    expect(check?.value?.find((c) => c.id === 'disk')?.ok).toBe(false);
  });
});

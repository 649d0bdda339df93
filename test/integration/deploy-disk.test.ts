/**
 * A host whose disk cannot take a release (a small tmpfs as its deploy root): the deploy is refused at
 * preflight, before anything is uploaded, naming the free space, and the lock is released. A disk that
 * another process fills during the deploy: the unpack fails and leaves nothing half-written, the deploy
 * fails, the previous release keeps serving, the lock is released, and once there is space again the
 * next deploy goes through. The same when the disk fills during the upload itself: the upload stream fails,
 * the deploy says the disk is full (not an SSH error), and no partial tarball is left behind.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinilvbConfig } from '../../src/config/index.js';
import { deploy, deployCheck, type DeployEvent, type ReleaseArtifact } from '../../src/deploy/index.js';
import { deployConfig, httpGet, SUPERVISOR, testRelease } from '../helpers/deploy-host.js';
import { knownHostsLine, startSshd, type Sshd } from '../helpers/sshd.js';
import { freePort } from '../helpers/ports.js';

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

const mounts: string[] = [];
afterAll(async () => {
  await sshd?.stop();
  for (const m of [root, ...mounts]) if (m) execFileSync('umount', ['-l', m]);
});

/** Fills the file system of `dir` to the last block (or to `leaveKb`), as another process on the host would. */
function fillDisk(dir: string, leaveKb = 0): void {
  const freeKb = Number(execFileSync('df', ['-Pk', dir], { encoding: 'utf8' }).split('\n')[1]?.split(/\s+/)[3]);
  try {
    execFileSync('fallocate', ['-l', `${freeKb - leaveKb}k`, join(dir, 'filler')]);
  } catch {
    // dd stops with ENOSPC once the disk is full, which is the point.
    execFileSync('sh', ['-c', `dd if=/dev/zero of=${join(dir, 'filler2')} bs=1M 2>/dev/null || true`]);
  }
}

describe('a host with too little disk', () => {
  it('is refused at preflight with the free space named; nothing is uploaded and the lock is released', async () => {
    const kh = join(work, 'known_hosts');
    writeFileSync(kh, `${knownHostsLine(sshd)}\n`);
    const config = await deployConfig({ hosts: [{ sshd, root }], port: await freePort(), knownHosts: kh });
    const artifact = await testRelease();
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

describe('a disk filled by another process during the deploy', () => {
  let big: string;
  let port: number;
  let config: MinilvbConfig;
  let artifact: ReleaseArtifact;
  const current = (): string => basename(readlinkSync(join(big, 'current')));
  const freeDisk = (): void => {
    for (const f of ['filler', 'filler2']) rmSync(join(big, f), { force: true });
  };

  beforeAll(async () => {
    big = join(work, 'big');
    mkdirSync(big);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=128m,mode=0755', 'tmpfs', big]);
    mounts.push(big);
    writeFileSync(join(big, 'minilvb-service'), SUPERVISOR, { mode: 0o755 });
    const kh = join(work, 'known_hosts');
    writeFileSync(kh, `${knownHostsLine(sshd)}\n`);
    port = await freePort();
    config = await deployConfig({ hosts: [{ sshd, root: big }], port, knownHosts: kh });
    artifact = await testRelease();
    expect((await deploy({ config, artifact })).ok).toBe(true);
  });

  afterAll(() => {
    if (big) execFileSync(join(big, 'minilvb-service'), ['stop']);
  });

  it('before the unpack: fails; the previous release keeps serving; the lock is released; then goes through', async () => {
    const first = current();
    const changed = { ...config, server: { ...config.server, logLevel: 'warn' as const } };
    const fillOnUpload = (e: DeployEvent): void => {
      if (e.step === 'upload' && e.status === 'start') fillDisk(big);
    };
    const report = await deploy({ config: changed, artifact, onEvent: fillOnUpload });
    expect(report.ok).toBe(false);
    expect(report.hosts[0]?.status).toBe('failed');
    expect(report.hosts[0]?.error?.message).toMatch(/unpack the release failed: the disk is full \(No space left\)\.$/);
    expect(report.hosts[0]?.error?.hint).toContain('Free space on the host');
    expect(readdirSync(join(big, 'releases'))).toEqual([first]);
    expect(current()).toBe(first);
    expect((await httpGet(port, '/interface.php')).body).toContain('4001');
    expect(existsSync(join(big, '.deploy-lock'))).toBe(false);

    freeDisk();
    const again = await deploy({ config: changed, artifact });
    expect(again.ok).toBe(true);
    expect(current()).not.toBe(first);
    expect((await httpGet(port, '/interface.php')).body).toContain('4001');
  });

  it('during the upload: a full disk, not a stream error; no partial tarball left; then goes through', async () => {
    const before = current();
    // A new release: its tarball is not on the host yet.
    rmSync(join(big, '.cache'), { recursive: true, force: true });
    mkdirSync(join(big, '.cache'));
    const changed = { ...config, server: { ...config.server, logLevel: 'error' as const } };
    // Room for a quarter of the tarball: the upload starts, then the disk is full.
    const fillOnUpload = (e: DeployEvent): void => {
      if (e.step === 'upload' && e.status === 'start') fillDisk(big, Math.ceil(artifact.bytes / 4096));
    };
    const report = await deploy({ config: changed, artifact, onEvent: fillOnUpload });
    expect(report.ok).toBe(false);
    expect(report.hosts[0]?.status).toBe('failed');
    expect(report.hosts[0]?.error?.code).toBe('MLVB_DEPLOY_FAILED');
    expect(report.hosts[0]?.error?.message).toMatch(
      /: upload the release failed: the disk is full \(No space left\)\.$/,
    );
    expect(report.hosts[0]?.error?.hint).toContain('Free space on the host');
    expect(readdirSync(join(big, '.cache'))).toEqual([]);
    expect(readdirSync(join(big, 'releases'))).toHaveLength(2);
    expect(current()).toBe(before);
    expect(existsSync(join(big, '.deploy-lock'))).toBe(false);
    expect((await httpGet(port, '/interface.php')).body).toContain('4001');

    freeDisk();
    const again = await deploy({ config: changed, artifact });
    expect(again.hosts[0]?.error).toBeUndefined();
    expect(current()).not.toBe(before);
    expect(readdirSync(join(big, '.cache'))).toEqual([`${artifact.hash}.tgz`]);
    expect((await httpGet(port, '/interface.php')).body).toContain('4001');
  });
});

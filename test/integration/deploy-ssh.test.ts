/**
 * Host key verification and preflight against real sshd processes: unknown keys refused unless
 * --accept-new (which records a hashed entry), hashed known_hosts entries, changed keys always
 * refused, pinned fingerprints; and a host whose `node` is too old (a fake node first on the PATH
 * of its SSH sessions, an input of the host rather than a stub of our code).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinilvbConfig } from '../../src/config/index.js';
import { deploy, deployCheck, eachHost } from '../../src/deploy/index.js';
import { deployConfig, deployRoot } from '../helpers/deploy-host.js';
import { keygen, knownHostsLine, startSshd, type Sshd } from '../helpers/sshd.js';
import { freePort } from '../helpers/ports.js';

let sshd: Sshd;
let oldNode: Sshd;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mlvb-deploy-ssh-'));
  const fakeBin = join(work, 'fakebin');
  mkdirSync(fakeBin);
  writeFileSync(join(fakeBin, 'node'), '#!/bin/sh\necho 18.19.0\n');
  chmodSync(join(fakeBin, 'node'), 0o755);
  [sshd, oldNode] = await Promise.all([
    startSshd(),
    startSshd({ env: { PATH: `${fakeBin}:/usr/local/bin:/usr/bin:/bin` } }),
  ]);
});

afterAll(async () => {
  await Promise.all([sshd?.stop(), oldNode?.stop()]);
});

async function configFor(
  server: Sshd,
  knownHosts: string,
  extra: Record<string, unknown> = {},
): Promise<MinilvbConfig> {
  return deployConfig({ hosts: [{ sshd: server, root: deployRoot() }], port: await freePort(), knownHosts, extra });
}

const hello = (config: MinilvbConfig, acceptNew = false) =>
  eachHost({ config, acceptNew }, async (remote) => (await remote.exec('echo hello')).stdout);

function fingerprintOf(server: Sshd): string {
  const out = execFileSync('ssh-keygen', ['-lf', join(server.dir, 'host_ed25519.pub')], { encoding: 'utf8' });
  return out.split(' ')[1] as string;
}

describe('host keys', () => {
  it('an unknown host is refused, naming its fingerprint; nothing runs there', async () => {
    const kh = join(work, 'kh-unknown');
    const [r] = await hello(await configFor(sshd, kh));
    expect(r?.ok).toBe(false);
    expect(r?.error?.code).toBe('MLVB_HOST_KEY');
    expect(r?.error?.message).toContain(`unknown host key ssh-ed25519 ${fingerprintOf(sshd)}`);
    expect(r?.error?.hint).toContain('--accept-new');
  });

  it('--accept-new records a hashed entry, which the next run trusts without the flag', async () => {
    const kh = join(work, 'kh-accept');
    const config = await configFor(sshd, kh);
    expect((await hello(config, true))[0]).toMatchObject({ ok: true, value: 'hello' });
    const line = readFileSync(kh, 'utf8').trim();
    expect(line).toMatch(/^\|1\|[^|]+\|[^ ]+ ssh-ed25519 /);
    expect(line).not.toContain('127.0.0.1');
    expect((await hello(config))[0]).toMatchObject({ ok: true, value: 'hello' });
  });

  it('a hashed entry written by ssh-keygen -H is matched', async () => {
    const kh = join(work, 'kh-hashed');
    writeFileSync(kh, `${knownHostsLine(sshd)}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', kh], { stdio: 'ignore' });
    expect(readFileSync(kh, 'utf8')).toMatch(/^\|1\|/);
    expect((await hello(await configFor(sshd, kh)))[0]).toMatchObject({ ok: true, value: 'hello' });
  });

  it('a changed key is refused, even with --accept-new, and says how to fix it', async () => {
    const other = join(work, 'other_key');
    keygen(other);
    const otherKey = readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    const kh = join(work, 'kh-changed');
    writeFileSync(kh, `[${sshd.address}]:${sshd.port} ${otherKey}\n`);
    const [r] = await hello(await configFor(sshd, kh), true);
    expect(r?.error?.code).toBe('MLVB_HOST_KEY');
    expect(r?.error?.message).toContain('has CHANGED');
    expect(r?.error?.message).toContain(fingerprintOf(sshd));
    expect(r?.error?.hint).toContain(`ssh-keygen -R '[${sshd.address}]:${sshd.port}'`);
  });

  it('a pinned fingerprint is trusted without known_hosts; a wrong pin is refused', async () => {
    const kh = join(work, 'kh-none');
    const good = await configFor(sshd, kh, { hostKeys: fingerprintOf(sshd) });
    expect((await hello(good))[0]).toMatchObject({ ok: true, value: 'hello' });
    const bad = await configFor(sshd, kh, { hostKeys: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    expect((await hello(bad))[0]?.error?.message).toContain('has CHANGED');
  });
});

describe('jump host', () => {
  it('reaches the host through deploy.jump (ssh -J), both host keys checked', async () => {
    const jump = await startSshd({ address: '127.0.0.2', clientKey: sshd.clientKey });
    try {
      const kh = join(work, 'kh-jump');
      writeFileSync(kh, `${knownHostsLine(sshd)}\n`);
      const config = await configFor(sshd, kh, { jump: `root@${jump.address}:${jump.port}` });
      const [unknownJump] = await hello(config);
      expect(unknownJump?.error?.message).toContain(`root@${jump.address}:${jump.port}: unknown host key`);
      writeFileSync(kh, `${knownHostsLine(sshd)}\n${knownHostsLine(jump)}\n`);
      // The refusal above shows the jump host is contacted first; with both keys known the target answers.
      expect((await hello(config))[0]).toMatchObject({ ok: true, value: 'hello' });
    } finally {
      await jump.stop();
    }
  });
});

describe('preflight', () => {
  it('--check names a too-old node with the install command for the host distribution', async () => {
    const kh = join(work, 'kh-old');
    writeFileSync(kh, `${knownHostsLine(oldNode)}\n`);
    const [host] = await deployCheck({ config: await configFor(oldNode, kh) });
    const node = host?.value?.find((c) => c.id === 'node');
    expect(node).toMatchObject({ ok: false, detail: 'node 18.19.0 is too old (need 20 or newer)' });
    expect(node?.hint).toContain('(debian)');
    expect(node?.hint).toContain('apt-get install -y nodejs');
    expect(host?.value?.find((c) => c.id === 'ssh')?.ok).toBe(true);
    expect(host?.value?.find((c) => c.id === 'disk')?.ok).toBe(true);
  });

  it('a deploy to that host stops at preflight, before anything is uploaded, and releases the lock', async () => {
    const kh = join(work, 'kh-old2');
    writeFileSync(kh, `${knownHostsLine(oldNode)}\n`);
    const config = await configFor(oldNode, kh);
    const report = await deploy({
      config,
      artifact: { tarball: '/nonexistent.tgz', hash: 'x'.repeat(64), version: '0.1.0', bytes: 1 },
    });
    expect(report.hosts[0]?.error?.code).toBe('MLVB_PREFLIGHT');
    expect(report.hosts[0]?.error?.message).toContain('node 18.19.0 is too old');
    const root = new URL(`ssh://${config.deploy.hosts ?? ''}`).pathname;
    expect(() => readFileSync(join(root, '.deploy-lock', 'info.json'))).toThrow();
  });

  it('--check passes on a healthy host (ssh, node, disk, port, supervisor)', async () => {
    const kh = join(work, 'kh-ok');
    writeFileSync(kh, `${knownHostsLine(sshd)}\n`);
    const [host] = await deployCheck({ config: await configFor(sshd, kh) });
    expect(host?.value?.filter((c) => !c.ok && !c.warning)).toEqual([]);
    expect(host?.value?.map((c) => c.id)).toEqual(expect.arrayContaining(['ssh', 'node', 'disk', 'port', 'service']));
  });
});

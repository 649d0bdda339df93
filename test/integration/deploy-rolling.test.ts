/**
 * Rolling deploys over three real sshd processes (127.0.0.1, .2, .3), each "host" with its own deploy
 * root and its server on its own loopback address: --parallel for the first rollout, then one at a
 * time with a failure on host 2, which leaves host 3 untouched on its old release, verified over HTTP.
 */
import { chmodSync, mkdtempSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import type { MinilvbConfig } from '../../src/config/index.js';
import { deploy, type DeployEvent, type ReleaseArtifact } from '../../src/deploy/index.js';
import { deployConfig, deployRoot, httpGet, testRelease } from '../helpers/deploy-host.js';
import { keygen, knownHostsLine, startSshd, type Sshd } from '../helpers/sshd.js';
import { freePort } from '../helpers/ports.js';

const ADDRESSES = ['127.0.0.1', '127.0.0.2', '127.0.0.3'];
let servers: Sshd[];
let roots: string[];
let port: number;
let artifact: ReleaseArtifact;
let config: MinilvbConfig;

beforeAll(async () => {
  const work = mkdtempSync(join(tmpdir(), 'mlvb-deploy-rolling-'));
  const clientKey = join(work, 'client');
  keygen(clientKey);
  [servers, artifact] = await Promise.all([
    Promise.all(ADDRESSES.map((address) => startSshd({ address, clientKey }))),
    testRelease(),
  ]);
  const knownHosts = join(work, 'known_hosts');
  writeFileSync(knownHosts, servers.map((s) => `${knownHostsLine(s)}\n`).join(''));
  roots = servers.map(() => deployRoot());
  port = await freePort();
  config = await deployConfig({
    hosts: servers.map((sshd, i) => ({ sshd, root: roots[i] as string, listen: `${ADDRESSES[i]}:${port}` })),
    port,
    knownHosts,
    // Three hosts behind one public URL would need a load balancer; the per-host gate is /readyz.
    server: { publicUrl: undefined },
  });
});

afterAll(async () => {
  for (const root of roots ?? []) execFileSync(join(root, 'minilvb-service'), ['stop']);
  await Promise.all((servers ?? []).map((s) => s.stop()));
});

const currentOf = (i: number): string => basename(readlinkSync(join(roots[i] as string, 'current')));

describe('rolling deploy over three hosts', () => {
  it('--parallel 3 deploys every host; each serves on its own address', async () => {
    const report = await deploy({ config, artifact, parallel: 3 });
    expect(report.hosts.map((h) => h.status)).toEqual(['deployed', 'deployed', 'deployed']);
    for (const [i, address] of ADDRESSES.entries()) {
      expect(await httpGet(port, '/readyz', address)).toMatchObject({ status: 200 });
      expect(currentOf(i)).toBe(report.hosts[i]?.release);
    }
  });

  it('one at a time: a failure on host 2 stops the rollout; host 3 stays on its old release', async () => {
    const before = ADDRESSES.map((_, i) => currentOf(i));
    chmodSync(join(roots[1] as string, 'minilvb-service'), 0o644);
    const order: string[] = [];
    const changed = { ...config, server: { ...config.server, logLevel: 'warn' as const } };
    try {
      const report = await deploy({
        config: changed,
        artifact,
        onEvent: (e: DeployEvent) => {
          if (e.step === 'lock' && e.status === 'start') order.push(e.host);
        },
      });
      expect(report.ok).toBe(false);
      expect(report.hosts.map((h) => h.status)).toEqual(['deployed', 'failed', 'not-started']);
      expect(report.hosts[1]?.error?.message).toContain('minilvb-service is missing or not executable');
      expect(report.hosts[2]?.detail).toBe('an earlier host failed');
      expect(order).toHaveLength(2);
    } finally {
      chmodSync(join(roots[1] as string, 'minilvb-service'), 0o755);
    }
    expect(currentOf(0)).not.toBe(before[0]);
    expect(currentOf(1)).toBe(before[1]);
    expect(currentOf(2)).toBe(before[2]);
    for (const address of ADDRESSES) expect(await httpGet(port, '/readyz', address)).toMatchObject({ status: 200 });
  });
});

/**
 * `npm run bench:deploy`: one local host behind a real sshd (the `process` service manager), timing
 * the first deploy (release packed and uploaded, server started), a redeploy of the unchanged release
 * (one round trip, skipped by hash) and a rollback. Targets (issue 11): < 60 s, < 5 s, < 3 s.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRelease, deploy, deployRollback } from '../../src/deploy/index.js';
import { deployConfig, deployRoot } from '../helpers/deploy-host.js';
import { knownHostsLine, startSshd } from '../helpers/sshd.js';
import { freePort } from '../helpers/ports.js';

const work = mkdtempSync(join(tmpdir(), 'mlvb-bench-deploy-'));
const sshd = await startSshd();
const knownHosts = join(work, 'known_hosts');
writeFileSync(knownHosts, `${knownHostsLine(sshd)}\n`);
const root = deployRoot();
const config = await deployConfig({ hosts: [{ sshd, root }], port: await freePort(), knownHosts });
const time = async (fn: () => Promise<unknown>): Promise<number> => {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
};
const results: Array<[string, number, number]> = [];
try {
  let artifact: Awaited<ReturnType<typeof buildRelease>> | undefined;
  results.push([
    'first deploy (pack + upload + start)',
    await time(async () => {
      artifact = await buildRelease({ outDir: join(work, 'release') });
      const r = await deploy({ config, artifact });
      if (!r.ok) throw new Error(JSON.stringify(r.hosts));
    }),
    60,
  ]);
  const changed = { ...config, server: { ...config.server, logLevel: 'warn' as const } };
  const second = await deploy({ config: changed, artifact });
  if (!second.ok) throw new Error(JSON.stringify(second.hosts));
  results.push([
    'redeploy, unchanged release',
    await time(async () => {
      const r = await deploy({ config: changed, artifact });
      if (r.hosts[0]?.status !== 'unchanged') throw new Error(JSON.stringify(r.hosts));
    }),
    5,
  ]);
  results.push([
    'rollback to the previous release',
    await time(async () => {
      const r = await deployRollback({ config });
      if (r[0]?.status !== 'deployed') throw new Error(JSON.stringify(r));
    }),
    3,
  ]);
} finally {
  execFileSync(join(root, 'minilvb-service'), ['stop']);
  await sshd.stop();
}
for (const [name, s, target] of results)
  console.log(`${name.padEnd(40)} ${s.toFixed(2)} s  target < ${target} s  ${s < target ? 'OK' : 'OVER'}`);
process.exit(0);

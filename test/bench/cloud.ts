/**
 * `npm run bench:cloud`: `cloud plan` on a fully configured emulated account with 200 ms added to every cloud
 * call (issue 12: < 3 s). Reads run in parallel, so the latency is paid about twice (GET Service, then nothing
 * depends on it), not once per call. Measured through the library and through the built binary.
 */
import { clientsFromConfig, planCloud } from '../../src/cloud/setup/index.js';
import { startCloudStack } from '../emulators/cloud-stack.js';
import { stackConfig } from '../helpers/cloud-setup.js';
import { currentConfig, projectDir } from '../helpers/fixtures.js';
import { runBin } from '../helpers/run-cli.js';

const LATENCY_MS = 200;
const TARGET_S = 3;

const stack = await startCloudStack({ latencyMs: LATENCY_MS });
const config = await stackConfig(stack);
const dir = projectDir(currentConfig({ cloud: stack.cloudSection }));

async function timed(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

let notOk: string[] = [];
const lib = await timed(async () => {
  const plan = await planCloud(config, await clientsFromConfig(config));
  notOk = plan.items.filter((i) => i.action !== 'ok' && i.action !== 'skip').map((i) => `${i.id}:${i.action}`);
}, 5);
const cli = await timed(async () => {
  const r = await runBin(['cloud', 'plan', '--json'], { cwd: dir });
  if (r.code !== 0) throw new Error(`cloud plan exited ${r.code}: ${r.stderr}`);
}, 3);
await stack.close();

const median = (t: number[]): number => t[Math.floor(t.length / 2)] ?? 0;
const line = (name: string, t: number[]): string =>
  `${name.padEnd(44)} median ${(median(t) / 1000).toFixed(2)} s  best ${((t[0] ?? 0) / 1000).toFixed(2)} s  ` +
  `target < ${TARGET_S} s  ${median(t) < TARGET_S * 1000 ? 'OK' : 'OVER'}`;
console.log(line(`cloud plan (library), +${LATENCY_MS} ms per call`, lib));
console.log(line(`cloud plan (built CLI), +${LATENCY_MS} ms per call`, cli));
for (const n of notOk) console.log(`  not ok on a fully configured account: ${n}`);
process.exit(0);

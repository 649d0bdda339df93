/**
 * `npm run bench:doctor`: the full doctor on the healthy local stack (bundled server + MariaDB +
 * cloud emulators), then with 300 ms latency injected into every emulated cloud call. Targets:
 * < 1.5 s and < 2.5 s (issue 8); checks run in parallel, so the latency is paid a few times, not per check.
 */
import { startDoctorStack } from '../helpers/doctor-stack.js';

async function measure(latencyMs: number, runs: number): Promise<{ best: number; median: number; failed: string[] }> {
  const stack = await startDoctorStack({ latencyMs });
  try {
    await stack.doctor(); // warm-up: SDK imports, JIT, first connections
    const times: number[] = [];
    let failed: string[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const report = await stack.doctor();
      times.push(performance.now() - t0);
      failed = report.results
        .filter((r) => r.status === 'fail' || r.status === 'inconclusive' || r.status === 'error')
        .map((r) => `${r.id}: ${r.summary}`);
    }
    times.sort((a, b) => a - b);
    return { best: times[0] ?? 0, median: times[Math.floor(times.length / 2)] ?? 0, failed };
  } finally {
    await stack.close();
  }
}

const healthy = await measure(0, 5);
const slow = await measure(300, 3);
const line = (name: string, r: { best: number; median: number }, target: number): string =>
  `${name.padEnd(36)} median ${(r.median / 1000).toFixed(2)} s  best ${(r.best / 1000).toFixed(2)} s  target < ${target} s  ${r.median < target * 1000 ? 'OK' : 'OVER'}`;
console.log(line('doctor, healthy local stack', healthy, 1.5));
console.log(line('doctor, +300 ms per cloud call', slow, 2.5));
for (const f of [...healthy.failed, ...slow.failed]) console.log(`  unexpected failure: ${f}`);
const { getMariaDB } = await import('../helpers/mariadb.js');
await (await getMariaDB()).stop();
process.exit(0);

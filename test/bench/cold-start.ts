/**
 * Cold-start benchmark (not a test): median wall time of `node -e 0`, `minilvb --version` and
 * `minilvb sign push` (no config file), and their ratios to bare node. Target: ≤ 1.5× `node -e 0`.
 * Run with `npm run bench` (builds first). `BENCH_RUNS=30` changes the number of runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = new URL('../../bin/minilvb.js', import.meta.url).pathname;
const RUNS = Math.max(10, Number(process.env.BENCH_RUNS ?? 15));
const TARGET = 1.5;
const cwd = mkdtempSync(join(tmpdir(), 'minilvb-bench-'));
const env = { PATH: process.env.PATH, HOME: cwd, NO_COLOR: '1' };

const cases: Array<{ name: string; args: string[] }> = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'minilvb --version', args: [BIN, '--version'] },
  {
    name: 'minilvb sign push',
    args: [
      BIN,
      'sign',
      'push',
      '--stream',
      'bench',
      '--push-domain',
      'push.example.com',
      '--push-key',
      'Tpk7Qm2Xv9Lr4Ns8Wd3Hc6Jb1Yf5Gz0K',
    ],
  },
];

function once(args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

// One warm-up round so the OS file cache is not part of the first measurement.
for (const c of cases) once(c.args);
const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
// Interleaved, so drift in machine load affects every case alike.
for (let i = 0; i < RUNS; i++) for (const c of cases) times.get(c.name)?.push(once(c.args));

const base = median(times.get('node -e 0') ?? []);
console.log(`cold start, median of ${RUNS} runs (node ${process.version}, ${process.platform}/${process.arch})`);
for (const c of cases) {
  const m = median(times.get(c.name) ?? []);
  const ratio = m / base;
  const verdict = c.name === 'node -e 0' ? '' : ratio <= TARGET ? '  ok' : `  over the ${TARGET}× target`;
  console.log(`  ${c.name.padEnd(20)} ${m.toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)}×${verdict}`);
}

/**
 * Runs the suite with vitest (vitest.config.ts: every file in parallel, then the secret-leak
 * test; the globalSetup starts one MariaDB), then prints one plain closing line,
 * `N passed, N failed, N skipped`, for whoever reads the log (CI included). Arguments filter
 * files by substring of their path; `--update-durations` rewrites test/durations.json (test/durations.ts)
 * from a whole run that passed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DURATIONS_FILE } from './durations.js';

interface JsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: Array<{ name: string; status: string; startTime: number; endTime: number; assertionResults: unknown[] }>;
}

/** Files under this many seconds are left out: their order hardly matters. */
const SHORT = 1;

const report = join(mkdtempSync(join(tmpdir(), 'minilvb-vitest-')), 'report.json');
const vitest = new URL('../node_modules/vitest/vitest.mjs', import.meta.url).pathname;
const updateDurations = process.argv.includes('--update-durations');
const filters = process.argv.slice(2).filter((a) => a !== '--update-durations');
const args = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...filters];
const code = await new Promise<number>((done) => {
  const child = spawn(process.execPath, [vitest, ...args], {
    stdio: 'inherit',
    // test/run.sh has just built dist/: the tests import it (vitest.config.ts).
    env: { ...process.env, NO_COLOR: '1', MINILVB_TEST_BUILT: '1' },
  });
  child.on('exit', (c) => done(c ?? 1));
});

const r = existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8')) as JsonReport) : undefined;
const passed = r?.numPassedTests ?? 0;
// A file that failed before running any test (import error, failing hook) counts as one failure.
let failed = r
  ? r.numFailedTests + r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length
  : 0;
const skipped = r ? r.numPendingTests + r.numTodoTests : 0;
if (code !== 0 && failed === 0) failed = 1;
if (r && updateDurations && code === 0 && filters.length === 0) writeDurations(r);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(code);

function writeDurations(r: JsonReport): void {
  const test = new URL('.', import.meta.url).pathname;
  const entries = r.testResults
    .map((f) => [relative(test, f.name), Math.round((f.endTime - f.startTime) / 100) / 10] as const)
    .filter(([, s]) => s >= SHORT)
    .sort(([a], [b]) => a.localeCompare(b));
  writeFileSync(DURATIONS_FILE, `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`);
  console.log(`test/durations.json: ${entries.length} files of ${SHORT} s or more`);
}

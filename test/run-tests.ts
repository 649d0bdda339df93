/**
 * Runs the suite with vitest (vitest.config.ts: every file in parallel, then the secret-leak
 * test; the globalSetup starts one MariaDB), then prints one plain closing line,
 * `N passed, N failed, N skipped`, for whoever reads the log (CI included). Arguments filter
 * files by substring of their path.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface JsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: Array<{ status: string; assertionResults: unknown[] }>;
}

const report = join(mkdtempSync(join(tmpdir(), 'minilvb-vitest-')), 'report.json');
const vitest = new URL('../node_modules/vitest/vitest.mjs', import.meta.url).pathname;
const args = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const code = await new Promise<number>((done) => {
  const child = spawn(process.execPath, [vitest, ...args], {
    stdio: 'inherit',
    // test/run.sh has just built dist/: the tests import it (vitest.config.ts).
    env: { ...process.env, NO_COLOR: '1', MINILVB_TEST_BUILT: '1' },
  });
  child.on('exit', (c) => done(c ?? 1));
});

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
  passed = r.numPassedTests;
  // A file that failed before running any test (import error, failing hook) counts as one failure.
  failed =
    r.numFailedTests + r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  skipped = r.numPendingTests + r.numTodoTests;
}
if (code !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(code);

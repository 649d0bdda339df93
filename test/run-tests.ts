/**
 * Starts one MariaDB for the whole run, then runs every `*.test.ts` under test/ with node's test
 * runner (one process per file, one file at a time), then stops the server. The secret-leak test
 * runs last, over everything the other tests printed. Arguments filter files by substring.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describeForEnv, MARIADB_ENV_KEY, startMariaDB } from './helpers/mariadb.js';

const LEAK_TEST = 'secrets-leak.test.ts';

function findTests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'bench' || name === 'node_modules' ? [] : findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const root = new URL('.', import.meta.url).pathname;
const filters = process.argv.slice(2);
const all = findTests(root).sort();
const selected = all.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
const files = [...selected.filter((f) => !f.endsWith(LEAK_TEST)), ...selected.filter((f) => f.endsWith(LEAK_TEST))];

const artifacts = mkdtempSync(join(tmpdir(), 'minilvb-test-run-'));
const outputLog = join(artifacts, 'cli-outputs.log');
const tapFile = join(artifacts, 'results.tap');
writeFileSync(outputLog, '');
const server = await startMariaDB();
const code = await new Promise<number>((resolveCode) => {
  const child = spawn(process.execPath, [
    '--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=180000',
    '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    ...files.map((f) => relative(process.cwd(), f)),
  ], {
    stdio: 'inherit',
    env: { ...process.env, [MARIADB_ENV_KEY]: describeForEnv(server), MINILVB_TEST_OUTPUT_LOG: outputLog, MINILVB_TEST_ARTIFACTS: artifacts, NO_COLOR: '1' },
  });
  child.on('exit', (c) => resolveCode(c ?? 1));
});
await server.stop();
// One plain closing line for whoever reads the log (CI included): the counts of the TAP summary.
const count = (name: string): number => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(readFileSync(tapFile, 'utf8'))?.[1] ?? 0);
console.log(`${count('pass')} passed, ${count('fail') + count('cancelled')} failed, ${count('skipped') + count('todo')} skipped`);
process.exit(code);

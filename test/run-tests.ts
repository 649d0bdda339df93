/**
 * Starts one MariaDB for the whole run, then runs every `*.test.ts` under test/ with node's test
 * runner (one process per file), then stops the server. Arguments filter files by substring.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describeForEnv, MARIADB_ENV_KEY, startMariaDB } from './helpers/mariadb.js';

function findTests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'bench' ? [] : findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const root = new URL('.', import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = findTests(root).filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
const server = await startMariaDB();
const code = await new Promise<number>((resolveCode) => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=120000', ...files.map((f) => relative(process.cwd(), f))], {
    stdio: 'inherit',
    env: { ...process.env, [MARIADB_ENV_KEY]: describeForEnv(server), NO_COLOR: '1' },
  });
  child.on('exit', (c) => resolveCode(c ?? 1));
});
await server.stop();
process.exit(code);

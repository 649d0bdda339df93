/**
 * Two groups run one after the other (sequence.groupOrder):
 *  0 "parallel": every test file, several at once. Each gets its own database, ports, directories and
 *                tmpfs mounts; files that stop, restart or SIGSTOP a database do it to a private MariaDB
 *                of their own (startMariaDB). Load tests (floods, slow clients, 50 concurrent clients)
 *                assert outcomes, not times, so they hold on a busy machine and run here too;
 *  1 "leak":     the secret-leak test, over everything the others printed.
 */
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/sequencer.js';

const LEAK = ['test/e2e/secrets-leak.test.ts'];
const ALL = ['test/**/*.test.ts'];

/**
 * `npm test` builds before it runs the tests and sets MINILVB_TEST_BUILT=1: the tests then import the tsc output
 * in dist/ wherever they import src/, and Node loads it natively instead of vitest transforming and evaluating
 * every module in every worker (about a fifth of the suite's CPU time). `npx vitest` tests the sources as they are.
 */
const built = process.env.MINILVB_TEST_BUILT === '1';

const shared = {
  testTimeout: 180_000,
  hookTimeout: 180_000,
  env: { NO_COLOR: '1' },
  // A larger young generation: the workers allocate a lot of short-lived buffers (HTTP, MySQL, child output),
  // and fewer scavenges cost ~8% less CPU over the suite.
  execArgv: ['--max-semi-space-size=32'],
  ...(built && { server: { deps: { external: [/\/node_modules\//, /\/dist\//] } } }),
};
const resolve = built ? { alias: [{ find: /^((?:\.\.\/)+)src\/(.*)\.js$/, replacement: '$1dist/$2.js' }] } : {};

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default'],
    // Longest first, from test/durations.json where vitest has recorded none (a fresh clone).
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        resolve,
        test: {
          ...shared,
          name: 'parallel',
          include: ALL,
          exclude: LEAK,
          // One worker more than cores: a file waiting on a process or a socket leaves its core to another,
          // while more workers only add contention (4 workers on 2 cores cost ~30% more CPU than 2, for the
          // same wall time).
          maxWorkers: availableParallelism() + 1,
          // A worker keeps its loaded modules from one file to the next (src is imported once per worker,
          // not once per file); the files share no state but their own databases and ports.
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      { resolve, test: { ...shared, name: 'leak', include: LEAK, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});

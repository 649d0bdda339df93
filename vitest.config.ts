/**
 * Three groups run one after the other (sequence.groupOrder):
 *  0 "parallel": independent files, several at once (each gets its own database and port 0);
 *  1 "serial":   files that load the machine or hold something exclusive (tmpfs mounts, ulimit,
 *                floods), one at a time. Terminal tests (ptys) wait for text, not for time, so they
 *                run in parallel. Files that stop, restart or SIGSTOP a database do it
 *                to a private MariaDB of their own (startMariaDB), so they stay in the parallel group;
 *  2 "leak":     the secret-leak test, over everything the others printed.
 */
import { defineConfig } from 'vitest/config';

const SERIAL = [
  'test/integration/db-embedded-full-disk.test.ts',
  'test/integration/server-slow-clients.test.ts',
  'test/integration/server-concurrency.test.ts',
  'test/integration/server-login-abuse.test.ts',
  'test/integration/server-log-flood.test.ts',
  'test/integration/deploy-disk.test.ts',
];
const LEAK = ['test/e2e/secrets-leak.test.ts'];
const ALL = ['test/**/*.test.ts'];

const shared = {
  testTimeout: 180_000,
  hookTimeout: 180_000,
  env: { NO_COLOR: '1' },
};

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default'],
    projects: [
      {
        test: {
          ...shared,
          name: 'parallel',
          include: ALL,
          exclude: [...SERIAL, ...LEAK],
          maxWorkers: 4,
          // A worker keeps its loaded modules from one file to the next (src is imported once per worker,
          // not once per file); the files share no state but their own databases and ports.
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: 'serial',
          include: SERIAL,
          maxWorkers: 1,
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
      { test: { ...shared, name: 'leak', include: LEAK, maxWorkers: 1, sequence: { groupOrder: 2 } } },
    ],
  },
});

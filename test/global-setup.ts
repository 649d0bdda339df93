/**
 * vitest globalSetup: one MariaDB for the whole run, and the files the secret-leak test scans.
 * Test processes find them through the environment (they are forked after this runs); a caller
 * that already provides them (MINILVB_TEST_MARIADB set) keeps its own.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeForEnv, MARIADB_ENV_KEY, startMariaDB } from './helpers/mariadb.js';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (!process.env.MINILVB_TEST_ARTIFACTS) {
    const artifacts = mkdtempSync(join(tmpdir(), 'minilvb-test-run-'));
    process.env.MINILVB_TEST_ARTIFACTS = artifacts;
    process.env.MINILVB_TEST_OUTPUT_LOG = join(artifacts, 'cli-outputs.log');
    writeFileSync(process.env.MINILVB_TEST_OUTPUT_LOG, '');
  }
  if (process.env[MARIADB_ENV_KEY]) return undefined;
  const server = await startMariaDB();
  process.env[MARIADB_ENV_KEY] = describeForEnv(server);
  return async () => {
    delete process.env[MARIADB_ENV_KEY];
    await server.stop();
  };
}

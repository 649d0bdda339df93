/**
 * vitest globalSetup: one temporary directory for everything the run creates (TMPDIR, removed at the
 * end unless MINILVB_KEEP_TMP=1), one MariaDB for the whole run (started while the first files run), and the
 * files the secret-leak test scans.
 * Test processes find them through the environment (they are forked after this runs); a caller
 * that already provides them (MINILVB_TEST_MARIADB set) keeps its own.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MARIADB_ENV_KEY, startSharedMariaDB } from './helpers/mariadb.js';

export default async function setup(): Promise<() => Promise<void>> {
  const removeRunDir = useRunDir();
  if (!process.env.MINILVB_TEST_ARTIFACTS) {
    const artifacts = mkdtempSync(join(tmpdir(), 'minilvb-test-run-'));
    process.env.MINILVB_TEST_ARTIFACTS = artifacts;
    process.env.MINILVB_TEST_OUTPUT_LOG = join(artifacts, 'cli-outputs.log');
    writeFileSync(process.env.MINILVB_TEST_OUTPUT_LOG, '');
  }
  if (process.env[MARIADB_ENV_KEY]) return async () => removeRunDir();
  const { description, server } = await startSharedMariaDB();
  process.env[MARIADB_ENV_KEY] = description;
  return async () => {
    delete process.env[MARIADB_ENV_KEY];
    // A server that did not start has failed every test that needed it, with its reason.
    await (await server.catch(() => undefined))?.stop();
    removeRunDir();
  };
}

/**
 * Points TMPDIR (os.tmpdir() of this process and of every process it starts) at a directory of this run,
 * so the thousands of project, home and deploy directories the tests make go away with it; long-lived
 * caches (the MariaDB template) stay in the real temporary directory (MINILVB_TEST_CACHE_DIR).
 * The directory is a tmpfs where the run may mount one (as root): the tests create, fsync and delete
 * tens of thousands of files (databases, releases, projects), which on a journalled disk file system
 * cost about a tenth of the suite's CPU time in the kernel.
 */
function useRunDir(): () => void {
  if (process.env.MINILVB_TEST_CACHE_DIR) return () => {};
  process.env.MINILVB_TEST_CACHE_DIR = tmpdir();
  const dir = mkdtempSync(join(tmpdir(), 'minilvb-run-'));
  // Others walk through it: the php-fpm pool user (nobody) to the PHP code, sshd's StrictModes checks.
  chmodSync(dir, 0o755);
  const tmpfs = mountTmpfs(dir);
  process.env.TMPDIR = dir;
  return () => {
    if (process.env.MINILVB_KEEP_TMP === '1') return;
    // A mount a failed test left behind cannot be removed: the run's result stands; say what is left.
    const mounts = readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[1] ?? '')
      .filter((m) => m.startsWith(`${dir}/`));
    if (mounts.length) process.stderr.write(`test run: ${mounts.join(', ')} still mounted; ${dir} stays\n`);
    else if (tmpfs) {
      execFileSync('umount', [dir]);
      rmdirSync(dir);
    }
    // Removing ~3,000 directories takes a second or two: in the background, after the run has reported.
    else spawn('rm', ['-rf', '--one-file-system', dir], { detached: true, stdio: 'ignore' }).unref();
  };
}

/** Mounts a tmpfs on `dir`; false where the run may not mount (not root), and the directory stays as it is. */
function mountTmpfs(dir: string): boolean {
  try {
    // The size is a ceiling, not a reservation: a run uses about 1 GB.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8g,mode=755', 'minilvb-test-run', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

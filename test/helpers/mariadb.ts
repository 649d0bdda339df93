/**
 * A real MariaDB server for the tests: a temporary data directory, 127.0.0.1 on a free port, an
 * admin user with a password. `npm test` starts one for the whole run and passes it to the test
 * processes through MINILVB_TEST_MARIADB; a test file run alone starts its own.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { freePort } from './ports.js';
import { until } from './until.js';

const run = promisify(execFile);

/** How to reach the test server as an administrator. */
export interface MariaDBServer {
  host: string;
  port: number;
  user: string;
  password: string;
  socket: string;
  /** Kills the server and removes its data. */
  stop(): Promise<void>;
}

const ENV_KEY = 'MINILVB_TEST_MARIADB';

/**
 * The shared server as MINILVB_TEST_MARIADB describes it: `ready` is the file written once it answers (none in a
 * description given from outside the run, of a server that is up).
 */
interface SharedDescription extends Omit<MariaDBServer, 'stop'> {
  ready?: string;
}

/** The shared server of this test run, or a private one started now (stopped at process exit). */
export async function getMariaDB(): Promise<MariaDBServer> {
  const shared = process.env[ENV_KEY];
  if (shared) {
    const { ready, ...server } = JSON.parse(shared) as SharedDescription;
    if (ready) await (sharedReady ??= untilReady(ready));
    return { ...server, stop: async () => {} };
  }
  cached ??= startMariaDB();
  return cached;
}
let cached: Promise<MariaDBServer> | undefined;
let sharedReady: Promise<void> | undefined;

/** Where a server will live and how its administrator logs in, chosen before it starts. */
export interface MariaDBPlan {
  dir: string;
  port: number;
  password: string;
}

async function planMariaDB(): Promise<MariaDBPlan> {
  const dir = mkdtempSync(join(tmpdir(), 'minilvb-mariadb-'));
  return { dir, port: await freePort(), password: randomBytes(12).toString('hex') };
}

function serverOf(plan: MariaDBPlan): Omit<MariaDBServer, 'stop'> {
  const { port, password } = plan;
  return { host: '127.0.0.1', port, user: 'minilvb_admin', password, socket: join(plan.dir, 'mysqld.sock') };
}

/**
 * Starts the run's shared server in the background: the description (MINILVB_TEST_MARIADB) is valid at once,
 * and getMariaDB() waits for the file it names. The first test files, which need no database, do not wait
 * the 1-3 s of a start (more on a new machine, where the data directory template is made first).
 */
export async function startSharedMariaDB(): Promise<{ description: string; server: Promise<MariaDBServer> }> {
  const plan = await planMariaDB();
  const ready = join(plan.dir, 'ready.json');
  const mark = (outcome: { error?: string }): void => {
    writeFileSync(`${ready}.tmp`, JSON.stringify(outcome));
    renameSync(`${ready}.tmp`, ready);
  };
  const server = startMariaDB(plan);
  server.then(
    () => mark({}),
    (e: unknown) => mark({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
  return { description: JSON.stringify({ ...serverOf(plan), ready } satisfies SharedDescription), server };
}

function untilReady(file: string): Promise<void> {
  return until(
    `the shared MariaDB ready (${file})`,
    () => {
      if (!existsSync(file)) return false;
      const { error } = JSON.parse(readFileSync(file, 'utf8')) as { error?: string };
      if (error) throw new Error(`the shared MariaDB did not start: ${error}`);
      return true;
    },
    120_000,
    25,
  );
}

export { ENV_KEY as MARIADB_ENV_KEY };

/** A private server whose process a test may stop and start again (outage and recovery tests). */
export interface PrivateMariaDB extends MariaDBServer {
  /** Stops mariadbd (SIGTERM with a bounded wait, or SIGKILL for a crash); the data stays. */
  pause(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts mariadbd again on the same data directory and port. */
  resume(): Promise<void>;
  /** Freezes mariadbd with SIGSTOP: connections stay open, nothing answers (a hung database). */
  freeze(): void;
  /** SIGCONT after freeze(). */
  thaw(): void;
}

/**
 * The redo log of every test server, and of the template they are copied from: made at this size, a server
 * neither copies a 96 MB default log nor rewrites it at its first start (~30% of a start's CPU).
 */
const INNODB_LOG_SIZE = '16M';

export async function startMariaDB(plan?: MariaDBPlan): Promise<PrivateMariaDB> {
  const where = plan ?? (await planMariaDB());
  const { dir, port, password } = where;
  const { socket } = serverOf(where);
  const datadir = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  // A private tmpdir: servers running in parallel must not share temporary table files in /tmp.
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  template ??= bootstrappedDataDir();
  cpSync(await template, datadir, { recursive: true });
  let child: ChildProcess | undefined;
  let log = '';
  const resume = async (): Promise<void> => {
    child = spawn(
      'mariadbd',
      [
        '--no-defaults',
        `--datadir=${datadir}`,
        `--tmpdir=${tmp}`,
        `--socket=${socket}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--pid-file=${join(dir, 'mysqld.pid')}`,
        '--innodb-buffer-pool-size=64M',
        `--innodb-log-file-size=${INNODB_LOG_SIZE}`,
        '--skip-log-bin',
        '--max-connections=500',
        '--innodb-flush-log-at-trx-commit=2',
        // Few background threads (2 writers is the minimum), no buffer-pool dump: a small server starts ~25% cheaper.
        '--innodb-read-io-threads=1',
        '--innodb-write-io-threads=2',
        '--innodb-purge-threads=1',
        '--innodb-buffer-pool-dump-at-shutdown=0',
        '--innodb-buffer-pool-load-at-startup=0',
        ...(asRoot ? ['--user=root'] : []),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr?.on('data', (d: Buffer) => {
      log += d.toString();
    });
    await waitForSocket(socket, child, () => log);
  };
  const pause = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    c.kill('SIGCONT');
    await new Promise<void>((r) => {
      const t = setTimeout(() => {
        c.kill('SIGKILL');
        r();
      }, 15_000);
      c.once('exit', () => {
        clearTimeout(t);
        r();
      });
      c.kill(signal);
    });
  };
  await resume();
  const root = await mysql.createConnection({ socketPath: socket, user: 'root' });
  for (const host of ['127.0.0.1', 'localhost']) {
    await root.query(`CREATE USER IF NOT EXISTS 'minilvb_admin'@'${host}' IDENTIFIED BY ?`, [password]);
    await root.query(`GRANT ALL PRIVILEGES ON *.* TO 'minilvb_admin'@'${host}' WITH GRANT OPTION`);
  }
  await root.end();
  process.once('exit', () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    ...serverOf(where),
    pause,
    resume,
    freeze: () => {
      child?.kill('SIGSTOP');
    },
    thaw: () => {
      child?.kill('SIGCONT');
    },
    // The data is removed with it: a clean InnoDB shutdown would be wasted work.
    stop: async () => {
      await pause('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let template: Promise<string> | undefined;

/**
 * A freshly installed data directory, made once per machine and mariadb version and copied for
 * every server: mariadb-install-db costs a second of CPU, a copy almost nothing.
 */
async function bootstrappedDataDir(): Promise<string> {
  const version = (await run('mariadbd', ['--version'])).stdout.trim().replace(/\W+/g, '_');
  // Outside the run's own temporary directory (removed at the end, and maybe another file system): the
  // template outlives the run, and is made beside it to be renamed into place.
  const cache = process.env.MINILVB_TEST_CACHE_DIR ?? tmpdir();
  const template = join(cache, `minilvb-mariadb-template-${version}-log${INNODB_LOG_SIZE}`);
  if (existsSync(template)) return template;
  const dir = mkdtempSync(join(cache, 'minilvb-mariadb-install-'));
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  await run('mariadb-install-db', [
    '--no-defaults',
    `--datadir=${join(dir, 'data')}`,
    `--tmpdir=${tmp}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    `--innodb-log-file-size=${INNODB_LOG_SIZE}`,
    ...(process.getuid?.() === 0 ? ['--user=root'] : []),
  ]).catch((e: { stderr?: string }) => {
    throw new Error(`mariadb-install-db failed (is mariadb-server installed? npm test installs it):\n${e.stderr}`);
  });
  try {
    // Several test processes may bootstrap at once: the first rename wins, the others use it.
    renameSync(join(dir, 'data'), template);
  } catch (e) {
    if (!existsSync(template)) throw e;
  }
  rmSync(dir, { recursive: true, force: true });
  return template;
}

async function waitForSocket(socket: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`mariadbd exited with ${child.exitCode}:\n${log()}`);
    try {
      const c = await mysql.createConnection({ socketPath: socket, user: 'root', connectTimeout: 1000 });
      await c.end();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`mariadbd did not accept connections within 60 s:\n${log()}`);
}

/** Creates a fresh, uniquely named database for one test and returns its name. */
export async function createTestDatabase(server: MariaDBServer, prefix = 't'): Promise<string> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const c = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
  });
  await c.query(`CREATE DATABASE \`${name}\` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
  await c.end();
  return name;
}

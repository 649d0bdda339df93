/**
 * A private MariaDB that a test can stop and start again on the same data directory and port,
 * to take the database away from a running server and give it back (outage and recovery).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { freePort, type MariaDBServer } from './mariadb.js';

/** A MariaDBServer whose process can be stopped and restarted. */
export interface RestartableMariaDB extends MariaDBServer {
  /** Stops mariadbd (SIGTERM, bounded wait); the data stays. */
  pause(): Promise<void>;
  /** Starts mariadbd again on the same data directory and port. */
  resume(): Promise<void>;
}

export async function startRestartableMariaDB(): Promise<RestartableMariaDB> {
  const dir = mkdtempSync(join(tmpdir(), 'minilvb-mariadb-r-'));
  const datadir = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const install = spawnSync('mariadb-install-db', ['--no-defaults', `--datadir=${datadir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...(asRoot ? ['--user=root'] : [])], { encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`mariadb-install-db failed:\n${install.stderr}`);
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    child = spawn('mariadbd', ['--no-defaults', `--datadir=${datadir}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1',
      `--pid-file=${join(dir, 'mysqld.pid')}`, '--innodb-buffer-pool-size=32M', '--skip-log-bin', ...(asRoot ? ['--user=root'] : [])], { stdio: 'ignore' });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`mariadbd exited with ${child.exitCode}`);
      try {
        const c = await mysql.createConnection({ socketPath: socket, user: 'root', connectTimeout: 1000 });
        await c.end();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    throw new Error('mariadbd did not start within 30 s');
  };
  const halt = async (): Promise<void> => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    c.kill('SIGTERM');
    await new Promise<void>((r) => { const t = setTimeout(() => { c.kill('SIGKILL'); r(); }, 15_000); c.once('exit', () => { clearTimeout(t); r(); }); });
  };
  await launch();
  const password = randomBytes(12).toString('hex');
  const root = await mysql.createConnection({ socketPath: socket, user: 'root' });
  for (const host of ['127.0.0.1', 'localhost']) {
    await root.query(`CREATE USER IF NOT EXISTS 'minilvb_admin'@'${host}' IDENTIFIED BY ?`, [password]);
    await root.query(`GRANT ALL PRIVILEGES ON *.* TO 'minilvb_admin'@'${host}' WITH GRANT OPTION`);
  }
  await root.end();
  process.once('exit', () => { if (child && child.exitCode === null) child.kill('SIGKILL'); rmSync(dir, { recursive: true, force: true }); });
  return {
    host: '127.0.0.1', port, user: 'minilvb_admin', password, socket,
    pause: halt,
    resume: launch,
    stop: async () => { await halt(); rmSync(dir, { recursive: true, force: true }); },
  };
}

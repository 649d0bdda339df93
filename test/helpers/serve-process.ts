/** A real `minilvb serve` child process (the built binary), for crash and fault tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './mariadb.js';
import { BIN } from './run-cli.js';

/** A started server. */
export interface ServeProcess {
  url: string;
  child: ChildProcess;
  stderr(): string;
  /** SIGKILL and wait for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number>;
}

/** Starts `minilvb serve` in `cwd` (its minilvb.config.json applies); rejects with stderr if it exits instead. */
export async function startServe(cwd: string, extraArgs: string[] = [], env: Record<string, string> = {}): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--json', ...extraArgs], {
    cwd,
    env: { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'minilvb-home-')), NO_COLOR: '1', CI: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number>((r) => child.once('exit', (c) => r(c ?? -1)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`serve did not start: ${stderr}`)); }, 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (/\}\s*$/.test(stdout)) { clearTimeout(timer); resolve(); }
    });
    void exited.then(() => { clearTimeout(timer); reject(new Error(`serve exited early: ${stdout}${stderr}`)); });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stderr: () => stderr,
    kill9: async () => { child.kill('SIGKILL'); await exited; },
    stop: async () => { child.kill('SIGTERM'); return exited; },
  };
}

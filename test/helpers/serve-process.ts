/**
 * Runs the real built `minilvb serve` in a child process (real signals, real sockets, real
 * limits): waits for its start document, collects stderr, and stops it with SIGTERM (SIGKILL
 * after a bounded wait). `openFiles` runs it under `ulimit -n`, like systemd's LimitNOFILE.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { BIN, OUTPUT_LOG } from './run-cli.js';

/** A running `minilvb serve`. */
export interface ServeProcess {
  pid: number;
  url: string;
  child: ChildProcess;
  /** The `--json` start document. */
  doc: { command: string; data: Record<string, unknown>; warnings?: string[] };
  stderr(): string;
  /** The process has exited (with its code). */
  exited: Promise<number>;
  /** SIGTERM, then SIGKILL after 10 s; resolves with the exit code. */
  stop(): Promise<number>;
  /** SIGKILL (a crash) and wait for the exit. */
  kill9(): Promise<void>;
}

export interface ServeProcessOptions {
  cwd: string;
  port: number;
  env?: Record<string, string>;
  openFiles?: number;
  extraArgs?: string[];
}

export async function spawnServe(o: ServeProcessOptions): Promise<ServeProcess> {
  const args = [BIN, 'serve', '--port', String(o.port), '--json', ...(o.extraArgs ?? [])];
  const env = {
    PATH: process.env.PATH,
    HOME: mkdtempSync(join(tmpdir(), 'minilvb-home-')),
    NO_COLOR: '1',
    CI: '1',
    ...o.env,
  };
  const child = o.openFiles
    ? spawn('sh', ['-c', `ulimit -n ${o.openFiles} && exec "$0" "$@"`, process.execPath, ...args], {
        cwd: o.cwd,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    : spawn(process.execPath, args, { cwd: o.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number>((r) =>
    child.on('exit', (c) => {
      appendFileSync(OUTPUT_LOG, `$ minilvb serve (child)\n${stdout}\n${stderr}\n`);
      r(c ?? -1);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start: ${stderr}`));
    }, 30_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (/\}\s*$/.test(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((c) => {
      clearTimeout(timer);
      reject(new Error(`serve exited early (${c}): ${stdout}\n${stderr}`));
    });
  });
  const doc = JSON.parse(stdout) as ServeProcess['doc'];
  return {
    pid: child.pid ?? 0,
    url: `http://127.0.0.1:${o.port}`,
    child,
    doc,
    stderr: () => stderr,
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Starts `minilvb serve` in `cwd` on a free port (its minilvb.config.json applies). */
export async function startServe(
  cwd: string,
  extraArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<ServeProcess> {
  return spawnServe({ cwd, port: await freePort(), extraArgs, env });
}

/** The server's JSON log lines (stderr) so far. */
export function logLines(p: ServeProcess): Array<Record<string, unknown>> {
  return p
    .stderr()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A server process of a benchmark: started, ready once it prints its JSON start line (or "ready"), stopped. */
import { spawn, type ChildProcess } from 'node:child_process';

export async function startChild(args: string[], env: Record<string, string>, cwd: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH, HOME: cwd, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start in 20 s')), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (/\}\s*$/.test(out) || out.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (c) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${c}`));
    });
  });
  return child;
}

export async function stopChild(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

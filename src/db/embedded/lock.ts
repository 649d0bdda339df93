/**
 * One process per data directory: a second `serve` on the same directory would interleave
 * journals. The lock file names the holder by pid, boot id and process start time, because after a
 * reboot (or a kill -9) the pid alone may belong to an unrelated live process.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreUnavailableError } from '../errors.js';

const LOCK = 'store.lock';

interface Holder {
  pid: number;
  bootId?: string;
  startTicks?: string;
}

/** Takes the lock of `dir`, or throws when a live minilvb process holds it. */
export function lockDir(dir: string): void {
  const path = join(dir, LOCK);
  const holder = readHolder(path);
  if (holder && holder.pid !== process.pid && holds(holder)) {
    throw new StoreUnavailableError(`The embedded store in ${dir} is in use by process ${holder.pid}.`, {
      hint: 'Stop the other `minilvb serve`, or give this one another --data-dir.',
    });
  }
  writeFileSync(path, `${process.pid}\n${bootId() ?? ''}\n${startTicks(process.pid) ?? ''}\n`, { mode: 0o600 });
}

/** Releases the lock (an empty file: nobody holds it). */
export function unlockDir(dir: string): void {
  writeFileSync(join(dir, LOCK), '', { mode: 0o600 });
}

function readHolder(path: string): Holder | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const [pidText, boot, ticks] = text.split('\n');
  const pid = Number.parseInt(pidText ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, ...(boot ? { bootId: boot } : {}), ...(ticks ? { startTicks: ticks } : {}) };
}

/** Whether the recorded holder is still the process that wrote the lock. */
function holds(h: Holder): boolean {
  if (!isAlive(h.pid)) return false;
  const boot = bootId();
  if (h.bootId && boot && h.bootId !== boot) return false;
  const ticks = startTicks(h.pid);
  if (h.startTicks && ticks) return h.startTicks === ticks;
  // A lock from before start times were recorded: honour it only for a process that is minilvb.
  const cmdline = readProc(`/proc/${h.pid}/cmdline`);
  return cmdline === undefined || cmdline.includes('minilvb');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function bootId(): string | undefined {
  return readProc('/proc/sys/kernel/random/boot_id')?.trim() || undefined;
}

/** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot (undefined off Linux). */
function startTicks(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return rest[19];
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Durable storage of the embedded store: a snapshot (`snapshot.json`, replaced atomically) plus an
 * append-only journal (`journal.jsonl`, one operation per line, fsync'd before a write is
 * acknowledged). Each operation sets or deletes one whole row, so replaying any suffix of the
 * history on top of a state that already contains it changes nothing: a crash between writing
 * the snapshot and truncating the journal is harmless. A torn last line (crash mid-write) is
 * ignored and cut off on open.
 */
import { closeSync, ftruncateSync, openSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { StoreQueryError, StoreUnavailableError } from '../errors.js';

/** One journal line: set (`v` = row) or delete (`v` = null) the row `k` of table `t`. */
export interface JournalOp {
  t: string;
  k: string;
  v: unknown;
}

/** What the journal recovered on open. */
export interface Recovered {
  snapshot: unknown;
  ops: JournalOp[];
  tornBytes: number;
}

const SNAPSHOT = 'snapshot.json';
const JOURNAL = 'journal.jsonl';
const LOCK = 'store.lock';
/** Compact once the journal holds this many operations since the last snapshot (default). */
const COMPACT_AFTER = 20_000;

interface Pending {
  line: string;
  done: () => void;
  fail: (e: unknown) => void;
}

/** Appends operations with group commit: concurrent callers share one write + fsync. */
export class Journal {
  private pending: Pending[] = [];
  private compactWaiters: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private opsSinceSnapshot: number;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly handle: FileHandle,
    private readonly takeSnapshot: () => unknown,
    opsOnOpen: number,
    private readonly compactAfter: number,
  ) {
    this.opsSinceSnapshot = opsOnOpen;
  }

  /** Reads snapshot and journal, cuts a torn tail, takes the directory lock, opens for append. */
  static async open(dir: string, takeSnapshot: () => unknown, compactAfter = COMPACT_AFTER): Promise<{ journal: Journal; recovered: Recovered }> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    lockDir(dir);
    const snapPath = join(dir, SNAPSHOT);
    const snapshot: unknown = existsSync(snapPath) ? parseSnapshot(snapPath) : undefined;
    const { ops, tornBytes, goodBytes } = readJournal(join(dir, JOURNAL));
    if (tornBytes > 0) {
      const fd = openSync(join(dir, JOURNAL), 'r+');
      try { ftruncateSync(fd, goodBytes); } finally { closeSync(fd); }
    }
    const handle = await open(join(dir, JOURNAL), 'a', 0o600);
    await chmod(join(dir, JOURNAL), 0o600);
    return { journal: new Journal(dir, handle, takeSnapshot, ops.length, compactAfter), recovered: { snapshot, ops, tornBytes } };
  }

  /** Resolves once every op is on disk (fsync'd). Call it right after applying the ops in memory. */
  append(ops: JournalOp[]): Promise<void> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('The embedded store is closed.'));
    const line = ops.map((op) => JSON.stringify(op)).join('\n') + '\n';
    const written = new Promise<void>((done, fail) => this.pending.push({ line, done, fail }));
    this.kick();
    return written;
  }

  /** Writes a snapshot of the current state and empties the journal. */
  compact(): Promise<void> {
    const done = new Promise<void>((resolveDone, fail) => this.compactWaiters.push({ line: '', done: resolveDone, fail }));
    this.kick();
    return done;
  }

  /** Flushes, compacts, releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.compact();
    } finally {
      this.closed = true;
      await this.flushing;
      await this.handle.close();
      writeFileSync(join(this.dir, LOCK), '', { mode: 0o600 });
    }
  }

  private kick(): void {
    this.flushing ??= this.flushLoop().finally(() => {
      this.flushing = undefined;
      // Work queued between the loop's last check and here would otherwise wait forever.
      if (this.pending.length > 0 || this.compactWaiters.length > 0) this.kick();
    });
  }

  /** The only writer of the files: appends, fsyncs and compactions never interleave. */
  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0 || this.compactWaiters.length > 0) {
      const batch = this.pending;
      this.pending = [];
      if (batch.length > 0) {
        try {
          await this.handle.appendFile(batch.map((p) => p.line).join(''));
          await this.handle.sync();
          this.opsSinceSnapshot += batch.reduce((n, p) => n + countLines(p.line), 0);
          for (const p of batch) p.done();
        } catch (e) {
          for (const p of batch) p.fail(this.ioError(e));
        }
      }
      if (this.compactWaiters.length > 0 || this.opsSinceSnapshot >= this.compactAfter) {
        const waiters = this.compactWaiters;
        this.compactWaiters = [];
        try {
          // Serialised synchronously: every op applied in memory so far is in it; ops queued
          // meanwhile are appended after the truncation, and replaying them again is harmless.
          const snapshot = JSON.stringify(this.takeSnapshot());
          await writeFileAtomic(join(this.dir, SNAPSHOT), snapshot, { mode: 0o600 });
          await this.handle.truncate(0);
          await this.handle.sync();
          this.opsSinceSnapshot = 0;
          for (const w of waiters) w.done();
        } catch (e) {
          for (const w of waiters) w.fail(this.ioError(e));
        }
      }
    }
  }

  private ioError(e: unknown): StoreUnavailableError {
    return new StoreUnavailableError(`Cannot write the embedded store in ${this.dir}: ${(e as Error).message}.`, {
      hint: 'Check free disk space and the permissions of server.dataDir.',
      cause: e,
    });
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}

function parseSnapshot(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (e) {
    throw new StoreQueryError(`The embedded store snapshot ${path} is not valid JSON: ${(e as Error).message}.`, {
      hint: 'Restore the file from a backup; it is only ever replaced atomically, so this means outside damage.',
    });
  }
}

function readJournal(path: string): { ops: JournalOp[]; tornBytes: number; goodBytes: number } {
  if (!existsSync(path)) return { ops: [], tornBytes: 0, goodBytes: 0 };
  const buf = readFileSync(path);
  const ops: JournalOp[] = [];
  let start = 0;
  let lineNo = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start);
    lineNo += 1;
    const end = nl === -1 ? buf.length : nl;
    const op = parseOp(buf.subarray(start, end).toString('utf8'));
    if (op === undefined || nl === -1) {
      // Only the last line can be torn: an fsync'd line is never rewritten. A line without its
      // newline was never acknowledged, so it is dropped too.
      if (nl === -1 || buf.subarray(nl + 1).toString('utf8').trim() === '') return { ops, tornBytes: buf.length - start, goodBytes: start };
      throw new StoreQueryError(`The embedded store journal ${path} is damaged at line ${lineNo}.`, {
        hint: 'Only the last line may be incomplete after a crash; restore the data directory from a backup.',
      });
    }
    ops.push(op);
    start = end + 1;
  }
  return { ops, tornBytes: 0, goodBytes: buf.length };
}

function parseOp(line: string): JournalOp | undefined {
  try {
    const v = JSON.parse(line) as unknown;
    if (v && typeof v === 'object' && typeof (v as JournalOp).t === 'string' && typeof (v as JournalOp).k === 'string' && 'v' in v) return v as JournalOp;
  } catch {
    // fall through: not a complete line
  }
  return undefined;
}

/** One process per data directory: a second `serve` on the same directory would interleave journals. */
function lockDir(dir: string): void {
  const path = join(dir, LOCK);
  const holder = existsSync(path) ? Number.parseInt(readFileSync(path, 'utf8'), 10) : NaN;
  if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
    throw new StoreUnavailableError(`The embedded store in ${dir} is in use by process ${holder}.`, {
      hint: 'Stop the other `minilvb serve`, or give this one another --data-dir.',
    });
  }
  writeFileSync(path, String(process.pid), { mode: 0o600 });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

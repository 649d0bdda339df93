/**
 * Durable storage of the embedded store: a snapshot (`snapshot.json`, replaced atomically) plus an
 * append-only journal (`journal.jsonl`, one checksummed operation per line, fsync'd before a write
 * is acknowledged). Each operation sets or deletes one whole row, so replaying any suffix of the
 * history on top of a state that already contains it changes nothing: a crash between writing
 * the snapshot and truncating the journal is harmless.
 *
 * A failed append (full disk, I/O error) is rolled back: the file is cut to the end of the last
 * acknowledged line before anything else is written, so a half-written line never ends up in the
 * middle of the journal, and the store heals by itself once space returns.
 */
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanStaleTemps, writeFileAtomic } from '../../fs/atomic-write.js';
import { StoreQueryError, StoreUnavailableError } from '../errors.js';
import { formatOps, scanJournal, type JournalOp } from './journal-format.js';
import { lockDir, unlockDir } from './lock.js';

export type { JournalOp } from './journal-format.js';

/** What the journal recovered on open. */
export interface Recovered {
  snapshot: unknown;
  ops: JournalOp[];
  /** Something to tell the operator (a damaged tail that was cut off and where it was kept). */
  warnings: string[];
}

const SNAPSHOT = 'snapshot.json';
const JOURNAL = 'journal.jsonl';
/** Compact once the journal holds this many operations since the last snapshot (default). */
const COMPACT_AFTER = 20_000;

interface Pending {
  text: string;
  lines: number;
  /** Runs synchronously once the text is durable, before `done`: the caller commits in memory. */
  commit: () => void;
  done: () => void;
  fail: (e: unknown) => void;
}

/** Appends operations with group commit: concurrent callers share one write + fsync. */
export class Journal {
  private pending: Pending[] = [];
  private compactWaiters: Array<Pick<Pending, 'done' | 'fail'>> = [];
  private flushing: Promise<void> | undefined;
  private opsSinceSnapshot: number;
  private nextAutoCompact: number;
  /** Bytes of the journal that are acknowledged; the file is cut back here after a failed append. */
  private goodBytes: number;
  private rollbackNeeded = false;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly handle: FileHandle,
    private readonly takeSnapshot: () => unknown,
    private readonly onAbort: () => void,
    opsOnOpen: number,
    goodBytes: number,
    private readonly compactAfter: number,
  ) {
    this.opsSinceSnapshot = opsOnOpen;
    this.nextAutoCompact = compactAfter;
    this.goodBytes = goodBytes;
  }

  /**
   * Reads snapshot and journal, cuts a damaged tail (keeping a copy), takes the directory lock,
   * opens for append. `onAbort` runs synchronously when appends fail: every write not yet durable
   * was refused.
   */
  static async open(
    dir: string,
    takeSnapshot: () => unknown,
    onAbort: () => void,
    compactAfter = COMPACT_AFTER,
  ): Promise<{ journal: Journal; recovered: Recovered }> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    lockDir(dir);
    await cleanStaleTemps(join(dir, SNAPSHOT));
    const snapPath = join(dir, SNAPSHOT);
    const snapshot: unknown = existsSync(snapPath) ? parseSnapshot(snapPath) : undefined;
    const journalPath = join(dir, JOURNAL);
    const scan = scanJournal(journalPath);
    const warnings: string[] = [];
    if (scan.tail.length > 0) {
      const kept = keepTail(dir, scan.tail);
      // Cut even when the copy failed (full disk): these bytes were never acknowledged, and
      // appending after them would turn a harmless tail into damage in the middle.
      const fd = openSync(journalPath, 'r+');
      try {
        ftruncateSync(fd, scan.goodBytes);
      } finally {
        closeSync(fd);
      }
      warnings.push(
        `The embedded store journal ${journalPath} had an incomplete or damaged ` +
          `tail from line ${scan.tailLine} (${scan.tail.length} bytes, ` +
          `never acknowledged: a crash or a full disk during a write). It was cut off; ${kept}.`,
      );
    }
    const handle = await open(journalPath, 'a', 0o600);
    await chmod(journalPath, 0o600);
    const journal = new Journal(dir, handle, takeSnapshot, onAbort, scan.ops.length, scan.goodBytes, compactAfter);
    return { journal, recovered: { snapshot, ops: scan.ops, warnings } };
  }

  /**
   * Resolves once every op is on disk (fsync'd); `commit` runs just before, synchronously and in
   * append order. Rejects (and never commits) when the append failed and was rolled back.
   */
  append(ops: JournalOp[], commit: () => void): Promise<void> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('The embedded store is closed.'));
    const text = formatOps(ops);
    const written = new Promise<void>((done, fail) =>
      this.pending.push({ text, lines: ops.length, commit, done, fail }),
    );
    this.kick();
    return written;
  }

  /** Writes a snapshot of the current state and empties the journal. */
  compact(): Promise<void> {
    const done = new Promise<void>((resolveDone, fail) => this.compactWaiters.push({ done: resolveDone, fail }));
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
      unlockDir(this.dir);
    }
  }

  private kick(): void {
    this.flushing ??= this.flushLoop().finally(() => {
      this.flushing = undefined;
      // Work queued between the loop's last check and here would otherwise wait forever.
      if (this.pending.length > 0 || this.compactWaiters.length > 0) this.kick();
    });
  }

  /** The only writer of the files: appends, fsyncs, rollbacks and compactions never interleave. */
  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0 || this.compactWaiters.length > 0) {
      if (this.pending.length > 0) await this.flushBatch();
      if (this.compactWaiters.length > 0 || this.opsSinceSnapshot >= this.nextAutoCompact) await this.compactNow();
    }
  }

  private async flushBatch(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      if (this.rollbackNeeded) await this.rollback();
      const text = batch.map((p) => p.text).join('');
      await this.handle.appendFile(text);
      await this.handle.sync();
      this.goodBytes += Buffer.byteLength(text);
      this.opsSinceSnapshot += batch.reduce((n, p) => n + p.lines, 0);
      for (const p of batch) p.commit();
      for (const p of batch) p.done();
    } catch (e) {
      this.rollbackNeeded = true;
      await this.rollback().catch(() => undefined);
      // Writes queued meanwhile were computed on top of the refused ones: refuse them too, so
      // that nothing that depended on a refused write can become durable.
      const refused = [...batch, ...this.pending];
      this.pending = [];
      this.onAbort();
      const err = this.ioError(e);
      for (const p of refused) p.fail(err);
    }
  }

  /** Cuts the journal back to its acknowledged bytes; until that succeeds nothing is appended. */
  private async rollback(): Promise<void> {
    await this.handle.truncate(this.goodBytes);
    await this.handle.sync();
    this.rollbackNeeded = false;
  }

  private async compactNow(): Promise<void> {
    const waiters = this.compactWaiters;
    this.compactWaiters = [];
    try {
      if (this.rollbackNeeded) await this.rollback();
      // Serialised synchronously: every committed op is in it; ops committed later are appended
      // after the truncation, and replaying them again is harmless.
      const snapshot = JSON.stringify(this.takeSnapshot());
      await writeFileAtomic(join(this.dir, SNAPSHOT), snapshot, { mode: 0o600 });
      // From here the journal's acknowledged part is empty; if cutting it fails, it is cut before the next append.
      this.goodBytes = 0;
      this.rollbackNeeded = true;
      await this.rollback();
      this.opsSinceSnapshot = 0;
      this.nextAutoCompact = this.compactAfter;
      for (const w of waiters) w.done();
    } catch (e) {
      // On a full disk, do not rewrite the whole snapshot after every append: wait for more ops.
      this.nextAutoCompact = this.opsSinceSnapshot + Math.max(1, Math.ceil(this.compactAfter / 4));
      for (const w of waiters) w.fail(this.ioError(e));
    }
  }

  private ioError(e: unknown): StoreUnavailableError {
    return new StoreUnavailableError(`Cannot write the embedded store in ${this.dir}: ${(e as Error).message}.`, {
      hint: 'Check free disk space and the permissions of server.dataDir.',
      cause: e,
    });
  }
}

/** Keeps the cut bytes next to the journal for inspection; says where (or why not). */
function keepTail(dir: string, tail: Buffer): string {
  const kept = join(dir, `journal.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  try {
    writeFileSync(kept, tail, { mode: 0o600 });
    return `the bytes are kept in ${kept}`;
  } catch (e) {
    return `they could not be kept (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
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

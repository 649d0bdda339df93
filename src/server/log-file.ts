/**
 * A size-rotated log file: `file` is renamed to `file.1` (`file.1` to `file.2` …) before a write
 * would take it past `maxBytes`, and only `keep` rotated files are kept, so the log takes at most
 * (keep + 1) × maxBytes on disk whatever the clients send. Writes are synchronous on purpose: the
 * logger hands over batches (every 100 ms at most), and a failed write (disk full) drops that batch
 * instead of crashing the server or buffering without bound.
 */
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Options of RotatingFile. */
export interface RotatingFileOptions {
  maxBytes: number;
  /** Rotated files kept besides the live one (0: the live file is started over). */
  keep: number;
}

/** The smallest rotation size honoured: a batch must always fit in one file. */
export const MIN_LOG_BYTES = 16 * 1024;

export class RotatingFile {
  readonly maxBytes: number;
  private readonly keep: number;
  private fd: number | undefined;
  private size = 0;
  /** Batches lost to write errors since the last successful write (reported in the next one). */
  dropped = 0;

  constructor(
    private readonly file: string,
    options: RotatingFileOptions,
  ) {
    this.maxBytes = Math.max(MIN_LOG_BYTES, options.maxBytes);
    this.keep = Math.max(0, Math.floor(options.keep));
    mkdirSync(dirname(file), { recursive: true });
    this.open();
  }

  /** Appends one batch of whole lines (at most maxBytes; see the logger's flush threshold). */
  write(chunk: string): void {
    const bytes = Buffer.byteLength(chunk);
    try {
      if (this.fd === undefined) this.open();
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      writeSync(this.fd as number, chunk);
      this.size += bytes;
      this.dropped = 0;
    } catch {
      this.dropped += 1;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): void {
    this.fd = openSync(this.file, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  private rotate(): void {
    this.close();
    if (this.keep === 0) rmSync(this.file, { force: true });
    else {
      rmSync(`${this.file}.${this.keep}`, { force: true });
      for (let i = this.keep - 1; i >= 1; i -= 1) renameQuiet(`${this.file}.${i}`, `${this.file}.${i + 1}`);
      renameQuiet(this.file, `${this.file}.1`);
    }
    this.open();
  }
}

function renameQuiet(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

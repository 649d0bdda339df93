/**
 * The server's one logger: JSON lines (one object per line) to a file or stderr, filtered by
 * level, every line passed through the Redactor so a configured secret that slips into a message
 * is masked. Request bodies, tokens and passwords are never handed to it in the first place (D10).
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import type { LogLevel } from '../config/index.js';
import { Redactor } from '../secrets/redactor.js';

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Structured fields of one log line (never secrets or bodies). */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** What the server logs through. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** Flushes and closes a log file (no-op for stderr). */
  close(): Promise<void>;
}

/** Options of createLogger. */
export interface LoggerOptions {
  level?: LogLevel;
  /** Append to this file (created with mode 0600); stderr when unset. */
  file?: string;
  /** Write here instead (the CLI's stderr, tests); only `write` is used, and it is never ended. */
  stream?: { write(chunk: string): unknown };
  redactor?: Redactor;
  /** Clock for the `time` field. */
  now?: () => number;
  /**
   * Lines are written in batches at most this often (default 100 ms), which keeps the log off
   * the hot path; error lines are written at once. 0 writes every line immediately.
   */
  flushIntervalMs?: number;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = RANK[options.level ?? 'info'];
  const redactor = options.redactor ?? new Redactor();
  const now = options.now ?? Date.now;
  let out: { write(chunk: string): unknown } = options.stream ?? process.stderr;
  let owned: Writable | undefined;
  if (!options.stream && options.file) {
    mkdirSync(dirname(options.file), { recursive: true });
    owned = createWriteStream(options.file, { flags: 'a', mode: 0o600 });
    out = owned;
  }

  const interval = options.flushIntervalMs ?? 100;
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending === '') return;
    out.write(pending);
    pending = '';
  };
  const write = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (RANK[level] < min) return;
    const line = JSON.stringify({ time: new Date(now()).toISOString(), level, msg, ...fields });
    pending += `${redactor.size > 0 ? redactor.redactText(line) : line}\n`;
    if (interval <= 0 || level === 'error' || pending.length > 65536) flush();
    else if (!timer) {
      timer = setTimeout(flush, interval);
      timer.unref();
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    close: () => new Promise<void>((resolve) => {
      flush();
      if (!owned) return resolve();
      owned.end(() => resolve());
    }),
  };
}

/** A logger that drops everything (library use without logs). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, close: async () => {} };

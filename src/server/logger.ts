/**
 * The server's one logger: JSON lines (one object per line) to a file or stderr, filtered by
 * level, every line passed through the Redactor so a configured secret that slips into a message
 * is masked. Request bodies, tokens and passwords are never handed to it in the first place (docs/app-protocol.md#d10).
 * Every value is cut to MAX_VALUE_CHARS and a log file is size-rotated, so no client can make the
 * log grow faster than its requests or past (logFiles + 1) × logMaxBytes on disk.
 */
import { systemClock, type Clock } from '../time/clock.js';
import type { LogLevel, ServerConfig } from '../config/index.js';
import { MinilvbError } from '../errors.js';
import { Redactor } from '../secrets/redactor.js';
import { RotatingFile } from './log-file.js';

/** Longest logged string value (request paths come from clients). */
export const MAX_VALUE_CHARS = 256;

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
  /** Rotate `file` at this size (default 10 MiB). */
  maxBytes?: number;
  /** Rotated files kept besides `file` (default 5). */
  keepFiles?: number;
  /** Write here instead (the CLI's stderr, tests); only `write` is used, and it is never ended. */
  stream?: { write(chunk: string): unknown };
  redactor?: Redactor;
  /** Clock for the `time` field. */
  clock?: Clock;
  /**
   * Lines are written in batches at most this often (default 100 ms), which keeps the log off
   * the hot path; error lines are written at once. 0 writes every line immediately.
   */
  flushIntervalMs?: number;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = RANK[options.level ?? 'info'];
  const redactor = options.redactor ?? new Redactor();
  const now = (): number => (options.clock ?? systemClock).now();
  const file = !options.stream && options.file ? openLogFile(options.file, options) : undefined;
  const out: { write(chunk: string): unknown } = file ?? options.stream ?? process.stderr;
  // A batch must fit in one rotated file, so flush well before maxBytes.
  const batchLimit = Math.min(65536, Math.floor((file?.maxBytes ?? 262144) / 4));

  const interval = options.flushIntervalMs ?? 100;
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    out.write(chunk);
  };
  const write = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (RANK[level] < min) return;
    const line = JSON.stringify({ time: new Date(now()).toISOString(), level, msg: cap(msg), ...capFields(fields) });
    pending += `${redactor.size > 0 ? redactor.redactText(line) : line}\n`;
    if (interval <= 0 || level === 'error' || pending.length > batchLimit) flush();
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
    close: async () => {
      flush();
      file?.close();
    },
  };
}

function openLogFile(path: string, options: LoggerOptions): RotatingFile {
  try {
    return new RotatingFile(path, { maxBytes: options.maxBytes ?? 10 * 1024 * 1024, keep: options.keepFiles ?? 5 });
  } catch (err) {
    throw new MinilvbError(
      'MLVB_SERVER_START',
      `The server could not open its log file ${path}: ${(err as Error).message}.`,
      {
        hint:
          'Check that the directory of server.logFile is writable by this user, or ' +
          'unset server.logFile to log to stderr.',
        cause: err,
      },
    );
  }
}

/** The logger options a server config asks for (level, file, rotation). */
export function logFileOptions(
  server: Pick<ServerConfig, 'logLevel' | 'logFile' | 'logMaxBytes' | 'logFiles'>,
): LoggerOptions {
  return {
    level: server.logLevel,
    ...(server.logFile ? { file: server.logFile, maxBytes: server.logMaxBytes, keepFiles: server.logFiles } : {}),
  };
}

/** Cuts a string to MAX_VALUE_CHARS, saying how much was left out. */
export function cap(value: string): string {
  return value.length <= MAX_VALUE_CHARS
    ? value
    : `${value.slice(0, MAX_VALUE_CHARS)}…(+${value.length - MAX_VALUE_CHARS} chars)`;
}

function capFields(fields: LogFields | undefined): LogFields | undefined {
  if (!fields) return fields;
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) out[cap(k)] = typeof v === 'string' ? cap(v) : v;
  return out;
}

/** A logger that drops everything (library use without logs). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, close: async () => {} };

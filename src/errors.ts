/**
 * The one error model of minilvb. Every error a user can meet is a MinilvbError with a stable
 * code (listed in ERROR_CODES and the README), the exit code it maps to, and a hint that says
 * what to do. Capabilities throw these; only src/cli turns them into an exit code.
 */

/** Process exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  internal: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Every stable error code, with the exit code it maps to and a one-line meaning for the README. */
export const ERROR_CODES = {
  MLVB_USAGE: { exit: EXIT.usage, meaning: 'A command, flag or argument is wrong or missing.' },
  MLVB_CONFIG_INVALID: { exit: EXIT.usage, meaning: 'The configuration has invalid values (every problem is listed).' },
  MLVB_CONFIG_MISSING: { exit: EXIT.usage, meaning: 'A value the command needs is not configured.' },
  MLVB_CONFIG_FILE: { exit: EXIT.usage, meaning: 'The config file cannot be read, parsed or written.' },
  MLVB_PROFILE_UNKNOWN: { exit: EXIT.usage, meaning: 'The --profile names a profile the config file does not have.' },
  MLVB_INPUT_INVALID: { exit: EXIT.usage, meaning: 'An input value (flag, argument, file) is malformed.' },
  MLVB_USERSIG_INVALID: {
    exit: EXIT.failure,
    meaning: 'A UserSig did not verify (expired, other app, wrong key, garbled).',
  },
  MLVB_FILE_EXISTS: { exit: EXIT.usage, meaning: 'A file would be overwritten; pass --force to allow it.' },
  MLVB_IMPORT_FAILED: { exit: EXIT.usage, meaning: 'An existing deployment could not be imported.' },
  MLVB_DB_CONNECT: { exit: EXIT.failure, meaning: 'The database cannot be reached or refused the login.' },
  MLVB_DB_SCHEMA: { exit: EXIT.failure, meaning: 'The database schema differs from the expected one.' },
  MLVB_DB_TOO_NEW: { exit: EXIT.failure, meaning: 'The database was migrated by a newer minilvb.' },
  MLVB_DB_QUERY: {
    exit: EXIT.failure,
    meaning: 'A database statement failed (constraint, data too long, missing table).',
  },
  MLVB_SERVER_START: { exit: EXIT.failure, meaning: 'The server could not start (port in use, bad address).' },
  MLVB_CHECK_FAILED: { exit: EXIT.failure, meaning: 'One or more doctor checks failed.' },
  MLVB_CLOUD: { exit: EXIT.failure, meaning: 'A Tencent Cloud API answered with an error.' },
  MLVB_NETWORK: { exit: EXIT.failure, meaning: 'A network call failed (DNS, connect, TLS, timeout).' },
  MLVB_CLOUD_PERMISSION: {
    exit: EXIT.failure,
    meaning: 'The cloud API key may not call an action `cloud apply` needs (the permission is named).',
  },
  MLVB_ROOMSERVICE: { exit: EXIT.failure, meaning: 'The bundled RoomService refused or failed a request.' },
  MLVB_DEPLOY_FAILED: {
    exit: EXIT.failure,
    meaning: 'A deploy step failed on a host; that host still runs its previous release.',
  },
  MLVB_DEPLOY_LOCKED: { exit: EXIT.failure, meaning: 'Another deploy holds the lock on a host (its holder is named).' },
  MLVB_HOST_KEY: { exit: EXIT.failure, meaning: 'A host key is unknown or has changed; nothing was sent to the host.' },
  MLVB_SSH: { exit: EXIT.failure, meaning: 'An SSH connection failed (unreachable, key refused, timeout).' },
  MLVB_PREFLIGHT: { exit: EXIT.failure, meaning: 'A host does not meet what the deploy needs (Node, disk, ports…).' },
  MLVB_ABORTED: { exit: EXIT.failure, meaning: 'The deploy was interrupted; the previous release keeps serving.' },
  MLVB_INTERNAL: { exit: EXIT.internal, meaning: 'A bug in minilvb; please report it with --verbose output.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Options every MinilvbError may carry. */
export interface ErrorOptions {
  /** What the user should do about it. */
  hint?: string;
  /** Structured facts (never secrets) for --json output and tests. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** A user-facing error with a stable code. */
export class MinilvbError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MinilvbError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  get exitCode(): ExitCode {
    return ERROR_CODES[this.code].exit;
  }
}

/** The user's command line is wrong. */
export class UsageError extends MinilvbError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('MLVB_USAGE', message, options);
    this.name = 'UsageError';
  }
}

/** A malformed input value (flag, argument or file content). */
export class InputError extends MinilvbError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('MLVB_INPUT_INVALID', message, options);
    this.name = 'InputError';
  }
}

/** Anything that is a bug of ours rather than the user's doing. */
export class InternalError extends MinilvbError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('MLVB_INTERNAL', message, options);
    this.name = 'InternalError';
  }
}

/** Wraps anything thrown into a MinilvbError so the top-level handler has one shape to render. */
export function toMinilvbError(err: unknown): MinilvbError {
  if (err instanceof MinilvbError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new InternalError(`Unexpected error: ${message}`, {
    hint: 'Run again with --verbose for the stack trace, and report it if it persists.',
    cause: err,
  });
}

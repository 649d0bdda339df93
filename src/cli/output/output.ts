/**
 * The one output layer. Commands return a CommandResult; this renders it as human text or as a
 * single JSON document on stdout. Progress, warnings and debug go to stderr. Everything printed
 * passes through the Redactor, so no secret reaches the terminal or a log.
 */
import type { StdWriter } from '../stdio.js';
import { ERROR_CODES, type MinilvbError } from '../../errors.js';
import { Redactor } from '../../secrets/redactor.js';
import type { Style } from './style.js';

export const SCHEMA_VERSION = 1;

/** What a command hands back to be printed. */
export interface CommandResult<T = unknown> {
  /** Dotted command name, e.g. `sign.push`. */
  command: string;
  data: T;
  /** Human rendering of `data` (method syntax on purpose: results of any T fit CommandResult<unknown>). */
  human(data: T, style: Style): string;
  /** Non-zero when the command ran but found failures (e.g. doctor). */
  exitCode?: number;
  warnings?: string[];
}

/** Builds a CommandResult with its data type inferred for the renderer. */
export function result<T>(
  command: string,
  data: T,
  human: (data: T, style: Style) => string,
  extra: { exitCode?: number; warnings?: string[] } = {},
): CommandResult<T> {
  return { command, data, human, ...extra };
}

export interface OutputOptions {
  json: boolean;
  verbose: boolean;
  stdout: StdWriter;
  stderr: StdWriter;
  style: Style;
  /** The terminal stream for spinners; absent when stderr is not an interactive terminal (no spinners). */
  progressStream?: NodeJS.WritableStream;
  redactor?: Redactor;
}

/** A spinner-like progress handle; a no-op outside an interactive terminal. */
export interface Progress {
  update(text: string): void;
  done(text?: string): void;
  fail(text?: string): void;
}

export class Output {
  readonly redactor: Redactor;
  readonly style: Style;
  readonly json: boolean;
  readonly #opts: OutputOptions;

  constructor(opts: OutputOptions) {
    this.#opts = opts;
    this.json = opts.json;
    this.style = opts.style;
    this.redactor = opts.redactor ?? new Redactor();
  }

  /** Prints a command's result: one JSON document, or its human rendering. */
  result<T>(result: CommandResult<T>): void {
    if (this.json) {
      const doc = {
        schemaVersion: SCHEMA_VERSION,
        command: result.command,
        ok: (result.exitCode ?? 0) === 0,
        data: result.data,
        warnings: result.warnings ?? [],
      };
      this.#write(this.#opts.stdout, `${JSON.stringify(this.redactor.redact(doc), null, 2)}\n`);
      return;
    }
    for (const w of result.warnings ?? []) this.warn(w);
    const text = result.human(result.data, this.style);
    if (text) this.#write(this.#opts.stdout, text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Prints an error: JSON on stdout with --json, otherwise a message and hint on stderr. */
  error(err: MinilvbError): void {
    const body = {
      code: err.code,
      message: err.message,
      hint: err.hint ?? '',
      ...(err.details ? { details: err.details } : {}),
    };
    if (this.json) {
      this.#write(
        this.#opts.stdout,
        `${JSON.stringify(this.redactor.redact({ schemaVersion: SCHEMA_VERSION, error: body }), null, 2)}\n`,
      );
    } else {
      const s = this.style;
      const lines = [`${s.red('Error')} ${s.dim(`[${err.code}]`)} ${err.message}`];
      if (err.hint) lines.push(`${s.cyan('Hint:')} ${err.hint}`);
      this.#write(this.#opts.stderr, `${lines.join('\n')}\n`);
    }
    if (this.#opts.verbose && err.cause instanceof Error && err.cause.stack) this.debug(err.cause.stack);
    if (this.#opts.verbose && ERROR_CODES[err.code].exit === 3 && err.stack) this.debug(err.stack);
  }

  warn(message: string): void {
    this.#write(this.#opts.stderr, `${this.style.yellow('Warning:')} ${message}\n`);
  }

  info(message: string): void {
    if (!this.json || this.#opts.verbose) this.#write(this.#opts.stderr, `${message}\n`);
  }

  debug(message: string): void {
    if (this.#opts.verbose) this.#write(this.#opts.stderr, `${this.style.dim(`debug: ${message}`)}\n`);
  }

  /** Whether progress() shows a spinner (an interactive terminal of known width, outside CI, not --json). */
  get spins(): boolean {
    return this.#opts.progressStream !== undefined && !this.json;
  }

  /** Starts a progress indicator on stderr (ora when interactive, silent otherwise). */
  async progress(text: string): Promise<Progress> {
    const stream = this.#opts.progressStream;
    if (!stream || this.json) return { update: () => {}, done: () => {}, fail: () => {} };
    const { default: ora } = await import('ora');
    const spinner = ora({ text: this.redactor.redactText(text), stream }).start();
    return {
      update: (t) => {
        spinner.text = this.redactor.redactText(t);
      },
      done: (t) => {
        if (t) spinner.succeed(this.redactor.redactText(t));
        else spinner.stop();
      },
      fail: (t) => {
        spinner.fail(t ? this.redactor.redactText(t) : undefined);
      },
    };
  }

  #write(stream: StdWriter, text: string): void {
    stream.write(this.redactor.redactText(text));
  }
}

/** What every command handler receives: global options, the output layer, and config loading. */
import type { Readable, Writable } from 'node:stream';
import { FIELD_BY_PATH, FILE_FIELDS, loadConfig, type LoadedConfig } from '../config/index.js';
import type { Output } from './output/output.js';
import type { StdWriter } from './stdio.js';

/** The global options every command accepts. */
export interface GlobalOptions {
  config?: string;
  profile?: string;
  json: boolean;
  yes: boolean;
  verbose: boolean;
  color: boolean;
}

/** Streams and environment, injectable so tests can run the CLI in-process. */
export interface CliIO {
  cwd: string;
  env: Record<string, string | undefined>;
  stdin: Readable & { isTTY?: boolean };
  stdout: StdWriter;
  stderr: StdWriter;
  /** The streams interactive prompts read and write (the terminal; created on first use). */
  readonly prompt: { input: Readable; output: Writable };
}

export interface CommandContext {
  io: CliIO;
  globals: GlobalOptions;
  output: Output;
  /** True when prompting is allowed: a TTY on stdin and stdout, and neither --yes nor --json. */
  interactive: boolean;
  /** The config fields given as flags of this command, by field path. */
  configFlags: Readonly<Record<string, unknown>>;
  /**
   * Loads the config with flag overrides (by field path; default: configFlags), registering its secrets for masking.
   */
  loadConfig(overrides?: Readonly<Record<string, unknown>>): Promise<LoadedConfig>;
}

export function createContext(
  io: CliIO,
  globals: GlobalOptions,
  output: Output,
  configFlags: Readonly<Record<string, unknown>> = {},
): CommandContext {
  return {
    io,
    globals,
    output,
    configFlags,
    // stdout first: when it is not a terminal, io.stdin (costly to create) is never touched.
    interactive: Boolean(io.stdout.isTTY && io.stdin.isTTY) && !globals.yes && !globals.json,
    async loadConfig(overrides = configFlags) {
      const loaded = await loadConfig({
        cwd: io.cwd,
        env: io.env,
        overrides,
        ...(globals.config ? { configFile: globals.config } : {}),
        ...(globals.profile ? { profile: globals.profile } : {}),
      });
      for (const s of loaded.secrets) output.redactor.add(s);
      // A value of a known non-secret field (a URL, a host) is shown as given, however key-like it looks.
      for (const [path, v] of Object.entries(overrides))
        if (typeof v === 'string' && !knownPublic(path) && looksSecret(v)) output.redactor.add(v);
      output.debug(`config: ${loaded.file ?? '(no file)'}${loaded.profile ? ` profile ${loaded.profile}` : ''}`);
      return loaded;
    },
  };
}

function knownPublic(path: string): boolean {
  const def = FIELD_BY_PATH.get(path);
  return (def !== undefined && !def.secret) || FILE_FIELDS[path] !== undefined;
}

/** Flag values that look like keys are masked even when they are not config fields (e.g. sign --key). */
function looksSecret(v: string): boolean {
  return v.length >= 16 && /^[\x21-\x7e]+$/.test(v) && /\d/.test(v) && /[A-Za-z]/.test(v);
}

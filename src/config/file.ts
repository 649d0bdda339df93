/** Reading and writing `minilvb.config.json` (with named profiles). */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MinilvbError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { ConfigPath, ConfigValue } from './paths.js';
import type { MinilvbConfig } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'minilvb.config.json';

/** The JSON document: sections, plus `profiles` of partial overrides. */
export type RawConfig = Record<string, unknown> & { profiles?: Record<string, Record<string, unknown>> };

/** Finds the config file: --config, then MINILVB_CONFIG, then ./minilvb.config.json if present. */
export function locateConfigFile(
  cwd: string,
  explicit: string | undefined,
  env: Record<string, string | undefined>,
): { path: string; explicit: boolean } | undefined {
  const named = explicit ?? env.MINILVB_CONFIG;
  if (named) return { path: resolve(cwd, named), explicit: true };
  const fallback = resolve(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? { path: fallback, explicit: false } : undefined;
}

export async function readConfigFile(path: string): Promise<RawConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new MinilvbError(
      'MLVB_CONFIG_FILE',
      code === 'ENOENT'
        ? `Config file ${path} does not exist.`
        : `Cannot read config file ${path}: ${code ?? String(e)}.`,
      {
        hint:
          code === 'ENOENT'
            ? 'Run `minilvb init` to create it, or pass the right path with --config.'
            : 'Check the file permissions.',
      },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const at = jsonErrorLocation(text, (e as Error).message);
    const where = at ? ` at line ${at.line}, column ${at.column}` : '';
    const reason = (e as Error).message
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/^Unexpected end of JSON input$/, 'the file ends too early');
    throw new MinilvbError('MLVB_CONFIG_FILE', `Config file ${path} is not valid JSON${where}: ${reason}.`, {
      // `init` reads the same file, so "re-run init" cannot help while it is broken: move it aside first.
      hint:
        `Fix the JSON syntax${where} (a trailing comma or a missing quote?), ` +
        `then check it with \`minilvb config validate\`; or start over: mv ` +
        `${path} ${path}.broken && minilvb init`,
      details: { file: path, ...(at ?? {}) },
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new MinilvbError('MLVB_CONFIG_FILE', `Config file ${path} must hold a JSON object.`, {
      hint: 'See the config reference in the README.',
    });
  }
  return parsed as RawConfig;
}

/**
 * Line and column (1-based) of a JSON.parse error, from the "at position N" in its message (or the end of the text).
 */
export function jsonErrorLocation(text: string, message: string): { line: number; column: number } | undefined {
  const m = /at position (\d+)/.exec(message);
  const offset = m ? Number(m[1]) : /end of JSON input/.test(message) ? text.length : undefined;
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

/** Writes the config file atomically with mode 0600; the previous file survives any failure. */
export async function writeConfigFile(path: string, raw: RawConfig): Promise<void> {
  try {
    await writeFileAtomic(path, `${JSON.stringify(raw, null, 2)}\n`, { mode: 0o600 });
  } catch (e) {
    throw new MinilvbError('MLVB_CONFIG_FILE', `Cannot write config file ${path}: ${(e as Error).message}.`, {
      hint: 'Check that the directory exists and is writable; the previous file was left unchanged.',
    });
  }
}

/** Reads a value of the resolved config by its path, typed by the path. */
export function getPath<P extends ConfigPath>(config: MinilvbConfig, path: P): ConfigValue<P>;
/** Reads a nested value by dotted path: a raw (unvalidated) object, or a config by a path not known statically. */
export function getPath(obj: object, path: string): unknown;
export function getPath(obj: object, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Sets a nested value by dotted path, creating sections; `undefined` deletes it. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  const last = parts.pop() as string;
  let cur = obj;
  for (const part of parts) {
    const next = cur[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

/**
 * Reads `init --from <file>`: either JSON in the config-file shape, or the env-file form
 * (`MINILVB_X=value`, as in minilvb.env). Returns values by field path, plus every problem.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { FIELD_BY_PATH, FIELDS, FILE_FIELDS } from '../config/fields.js';
import type { ConfigIssue } from '../config/schema.js';
import { MinilvbError } from '../errors.js';
import { parseEnvFile } from './env-file.js';

/** Values by field path (file paths under `im.privateKeyFile`-style keys), and problems found. */
export interface GatheredValues {
  values: Record<string, unknown>;
  issues: ConfigIssue[];
}

export async function readFromFile(path: string): Promise<GatheredValues> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new MinilvbError(
      'MLVB_INPUT_INVALID',
      `Cannot read --from file ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)}).`,
      {
        hint: 'Give a JSON file in the minilvb.config.json shape, or an env file of MINILVB_X=value lines.',
      },
    );
  }
  const base = dirname(path);
  if (/^\s*\{/.test(text)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new MinilvbError(
        'MLVB_INPUT_INVALID',
        `--from file ${path} starts like JSON but does not parse: ${(e as Error).message}.`,
        {
          hint: 'Fix the JSON (a trailing comma?), or use the env-file form MINILVB_X=value.',
        },
      );
    }
    return flattenJson(parsed as Record<string, unknown>, base, `--from ${path}`);
  }
  return fromEnvVars(parseEnvFile(text), base, `--from ${path}`);
}

/** Field paths of a config-file-shaped object; `profiles` and `$schema` are not values. */
export function flattenJson(obj: Record<string, unknown>, base: string, origin: string): GatheredValues {
  const values: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  const walk = (node: Record<string, unknown>, at: string): void => {
    for (const [key, value] of Object.entries(node)) {
      const path = at ? `${at}.${key}` : key;
      if (!at && (key === 'profiles' || key === '$schema')) continue;
      if (FILE_FIELDS[path]) values[path] = resolve(base, String(value));
      else if (FIELD_BY_PATH.has(path)) values[path] = value;
      else if (
        value !== null &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        FIELDS.some((d) => d.path.startsWith(`${path}.`))
      )
        walk(value as Record<string, unknown>, path);
      else
        issues.push({
          severity: 'error',
          path,
          message: `is not a known setting (in ${origin})`,
          expected: 'a field of minilvb.config.json; see `minilvb config show --all`',
        });
    }
  };
  walk(obj, '');
  return { values, issues };
}

/** Env names (canonical and aliases) → field path. */
const ENV_TO_PATH: ReadonlyMap<string, string> = new Map([
  ...FIELDS.flatMap((d) => d.env.map((name) => [name, d.path] as [string, string])),
  ...Object.entries(FILE_FIELDS).map(([path, f]) => [f.env, path] as [string, string]),
]);

export function fromEnvVars(parsed: ReturnType<typeof parseEnvFile>, base: string, origin: string): GatheredValues {
  const values: Record<string, unknown> = {};
  const issues: ConfigIssue[] = parsed.errors.map((e) => ({
    severity: 'error',
    path: `${origin}:${e.line}`,
    message: e.message,
    expected: 'NAME=value',
  }));
  for (const [name, value] of Object.entries(parsed.vars)) {
    if (name === 'MINILVB_LISTEN') {
      const m = /^\[?(.*?)\]?:(\d+)$/.exec(value);
      if (m) Object.assign(values, { 'server.host': m[1], 'server.port': m[2] });
      else
        issues.push({
          severity: 'error',
          path: 'server.host',
          message: `MINILVB_LISTEN=${JSON.stringify(value)} is not host:port (in ${origin})`,
          expected: '127.0.0.1:8080',
        });
      continue;
    }
    const path = ENV_TO_PATH.get(name);
    if (!path)
      issues.push({
        severity: 'error',
        path: name,
        message: `is not a minilvb variable (in ${origin})`,
        expected: 'a name from docs/config-files.md (env file), e.g. MINILVB_API_KEY',
      });
    else if (FILE_FIELDS[path]) values[path] = resolve(base, value);
    else values[path] = value;
  }
  return { values, issues };
}

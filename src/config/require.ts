/** What a command needs from the config: turns missing or invalid fields into one clear error. */
import { MinilvbError } from '../errors.js';
import { FIELD_BY_PATH, FILE_FIELDS } from './fields.js';
import { getPath } from './file.js';
import type { LoadedConfig } from './load.js';
import type { ConfigPath, ConfigValues } from './paths.js';
import type { ConfigIssue, MinilvbConfig } from './schema.js';

/** How the user can set a field, for hints: config key, flag and environment variable. */
export function howToSet(path: string): string {
  const file = Object.entries(FILE_FIELDS).find(([, f]) => f.target === path);
  if (file)
    return (
      `minilvb config set ${file[0]} <pem file> (saved in the config file), ` +
      `${file[1].flag} <pem file>, or ${file[1].env}`
    );
  const def = FIELD_BY_PATH.get(path);
  if (!def) return `minilvb config set ${path} <value>`;
  return `minilvb config set ${path} <value> (saved in the config file), ${def.flag} <value>, or ${def.env[0]}`;
}

export function formatIssue(issue: ConfigIssue): string {
  return `${issue.path}: ${issue.message}${issue.expected ? ` (expected: ${issue.expected})` : ''}`;
}

/**
 * Throws MLVB_CONFIG_MISSING listing every required field that is unset, or MLVB_CONFIG_INVALID
 * listing every error among the fields the command uses (`relevant`, default: all fields).
 */
export function requireConfig(
  loaded: LoadedConfig,
  required: readonly ConfigPath[],
  relevant: readonly string[] = required,
): void {
  const invalid = loaded.issues.filter((i) => i.severity === 'error' && isRelevant(i.path, relevant));
  if (invalid.length > 0) {
    throw new MinilvbError(
      'MLVB_CONFIG_INVALID',
      `The configuration has ${invalid.length} invalid value` +
        `${invalid.length > 1 ? 's' : ''}:\n` +
        `${invalid.map((i) => `  - ${formatIssue(i)}`).join('\n')}`,
      {
        hint:
          `Fix ${invalid.length > 1 ? 'these' : 'it'} in ` +
          `${loaded.file ?? 'minilvb.config.json'}, the environment or the flags; ` +
          `\`minilvb config validate\` lists every problem.`,
        details: { issues: invalid },
      },
    );
  }
  const missing = required.filter((p) => getPath(loaded.config, p) === undefined);
  if (missing.length > 0) {
    const lines = missing.map((p) => `  - ${p} (${FIELD_BY_PATH.get(p)?.label ?? p}): set it with ${howToSet(p)}`);
    throw new MinilvbError('MLVB_CONFIG_MISSING', `Missing configuration:\n${lines.join('\n')}`, {
      hint: 'Run `minilvb init` to set everything interactively, or pass the values as flags.',
      details: { missing },
    });
  }
}

function isRelevant(issuePath: string, relevant: readonly string[]): boolean {
  if (relevant.length === 0) return true;
  return relevant.some(
    (p) => issuePath === p || issuePath.startsWith(`${p}.`) || issuePath === `${p}File` || p === '*',
  );
}

/** requireConfig for `paths`, then their values, typed by path and set (no cast at the caller). */
export function requireValues<const P extends readonly ConfigPath[]>(
  loaded: LoadedConfig,
  paths: P,
  relevant: readonly string[] = paths,
): ConfigValues<P> {
  requireConfig(loaded, paths, relevant);
  return configValues(loaded.config, paths);
}

/** The values at `paths` of a config where they are known to be set (checked by the caller). */
export function configValues<const P extends readonly ConfigPath[]>(config: MinilvbConfig, paths: P): ConfigValues<P> {
  // The one cast: a mapped tuple cannot be built element by element in TypeScript.
  return paths.map((p) => getPath(config, p)) as ConfigValues<P>;
}

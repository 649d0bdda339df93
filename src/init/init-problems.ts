/**
 * Everything that stops a non-interactive `init`, collected into ONE error: each invalid and
 * each missing field with its flag and environment variable, so CI users fix all in one go.
 */
import { FIELD_BY_PATH, FILE_FIELDS } from '../config/fields.js';
import { getPath } from '../config/file.js';
import type { LoadedConfig } from '../config/load.js';
import { formatIssue } from '../config/require.js';
import type { ConfigIssue } from '../config/schema.js';
import { MinilvbError } from '../errors.js';
import { requiredPaths } from './questions.js';

/** One field to fix, and how to set it. */
export interface FieldProblem {
  path: string;
  message: string;
  flag?: string;
  env?: string;
}

const isUnknownKey = (i: ConfigIssue): boolean =>
  i.message.startsWith('is not a known setting') && !i.message.includes('--from');

/** Issues init tolerates: unknown keys already in the config file are kept as they are. */
export function initWarnings(loaded: LoadedConfig): ConfigIssue[] {
  return loaded.issues.filter((i) => i.severity === 'warning' || isUnknownKey(i));
}

export function initProblems(loaded: LoadedConfig, extra: readonly ConfigIssue[] = []): MinilvbError | undefined {
  const config = loaded.config;
  const invalid: FieldProblem[] = [
    ...loaded.issues.filter((i) => i.severity === 'error' && !isUnknownKey(i)),
    ...extra.filter((i) => i.severity === 'error'),
  ].map((i) => ({ path: i.path, message: formatIssue(i), ...how(i.path) }));
  if (Boolean(config.server.tlsCert) !== Boolean(config.server.tlsKey)) {
    const path = config.server.tlsCert ? 'server.tlsKey' : 'server.tlsCert';
    invalid.push({
      path,
      message: `${path}: must be set together with ${path === 'server.tlsKey' ? 'server.tlsCert' : 'server.tlsKey'}`,
      ...how(path),
    });
  }
  const withDb = config.db !== undefined;
  const invalidPaths = new Set(invalid.map((p) => p.path.replace(/File$/, '')));
  const missing: FieldProblem[] = requiredPaths(config.credentials, withDb)
    .filter((p) => getPath(config, p) === undefined && !invalidPaths.has(p))
    .map((p) => ({ path: p, message: `${p} (${FIELD_BY_PATH.get(p)?.label ?? p}) is not set`, ...how(p) }));
  if (invalid.length === 0 && missing.length === 0) return undefined;
  const line = (p: FieldProblem): string =>
    `  - ${p.message}${p.flag ? `; set with ${p.flag}, ${p.env}, or "${p.path}" in the --from file` : ''}`;
  const parts = [
    ...(invalid.length
      ? [`${invalid.length} invalid value${invalid.length > 1 ? 's' : ''}:`, ...invalid.map(line)]
      : []),
    ...(missing.length
      ? [
          `${missing.length} missing value${missing.length > 1 ? 's' : ''} for ${config.credentials} credentials:`,
          ...missing.map(line),
        ]
      : []),
  ];
  return new MinilvbError(
    invalid.length ? 'MLVB_CONFIG_INVALID' : 'MLVB_CONFIG_MISSING',
    `Cannot write the configuration.\n${parts.join('\n')}`,
    {
      hint:
        'Pass every value as a flag, an environment variable or in --from <file> ' +
        '(JSON or MINILVB_X=value lines), or run `minilvb init` in a terminal to ' +
        'be asked. Nothing was written.',
      details: { invalid, missing },
    },
  );
}

function how(path: string): { flag?: string; env?: string } {
  const file = FILE_FIELDS[path];
  if (file) return { flag: file.flag, env: file.env };
  const def = FIELD_BY_PATH.get(path);
  const pemFile = Object.values(FILE_FIELDS).find((f) => f.target === path);
  if (pemFile) return { flag: `${pemFile.flag} <file>`, env: pemFile.env };
  return def ? { flag: def.flag, ...(def.env[0] ? { env: def.env[0] } : {}) } : {};
}

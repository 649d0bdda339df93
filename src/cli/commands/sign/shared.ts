/** Helpers shared by the `sign` subcommands: config with flag overrides, the clock, expiries. */
import type { ConfigPath, LoadedConfig } from '../../../config/index.js';
import { FIELD_BY_PATH, formatIssue, getPath, howToSet, requireConfig } from '../../../config/index.js';
import { MinilvbError, UsageError } from '../../../errors.js';
import { parseDuration, parseUnixOrHex } from '../../../sign/duration.js';
import { shellWord } from '../../../templates/filters.js';

/**
 * Like requireConfig, but also for "one of these fields" (e.g. a push domain or a bizid): every
 * missing value is listed in one MLVB_CONFIG_MISSING, with every way to set it.
 */
export function requireFields(
  loaded: LoadedConfig,
  required: readonly ConfigPath[],
  relevant: readonly string[],
  oneOf?: { paths: readonly ConfigPath[]; why: string },
): void {
  requireConfig(loaded, [], relevant);
  const cfg = loaded.config;
  const lines = required
    .filter((p) => getPath(cfg, p) === undefined)
    .map((p) => `  - ${p} (${FIELD_BY_PATH.get(p)?.label ?? p}): set it with ${howToSet(p)}`);
  const missing: ConfigPath[] = required.filter((p) => getPath(cfg, p) === undefined);
  if (oneOf && oneOf.paths.every((p) => getPath(cfg, p) === undefined)) {
    lines.push(
      `  - one of ${oneOf.paths.join(' or ')} (${oneOf.why}):`,
      ...oneOf.paths.map((p) => `      ${p}: set it with ${howToSet(p)}`),
    );
    missing.push(...oneOf.paths);
  }
  if (lines.length === 0) return;
  throw new MinilvbError('MLVB_CONFIG_MISSING', `Missing configuration:\n${lines.join('\n')}`, {
    hint: 'Run `minilvb init` to set everything interactively, or pass the values as flags.',
    details: { missing },
  });
}

/** The current time in Unix seconds, or --now. */
export function clock(now: unknown): number {
  if (now === undefined) return Math.floor(Date.now() / 1000);
  return parseUnixOrHex(String(now), '--now');
}

/** The expiry from --tx-time (absolute) or --expires (relative, default 24 h). */
export function expiryFrom(opts: { expires?: string; txTime?: string }, now: number): number {
  if (opts.expires !== undefined && opts.txTime !== undefined)
    throw new UsageError('Give either --expires or --tx-time, not both.', {
      hint: '--expires is relative (2h), --tx-time absolute (Unix seconds or hex).',
    });
  if (opts.txTime !== undefined) return parseUnixOrHex(opts.txTime, '--tx-time');
  return now + parseDuration(opts.expires ?? '24h', '--expires');
}

/** Quotes a string for a POSIX shell command line. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : shellWord(s);
}

/** Config warnings about the fields a subcommand uses, for the result's `warnings`. */
export function configWarnings(loaded: LoadedConfig, paths: readonly string[]): string[] {
  return loaded.issues
    .filter((i) => i.severity === 'warning' && paths.some((p) => i.path === p || i.path.startsWith(`${p}.`)))
    .map(formatIssue);
}

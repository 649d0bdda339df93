/**
 * Endpoints that need credentials the operator has not configured answer code 500 with the
 * message `Server not configured | <endpoint> needs <keys>: …` naming each missing config key and
 * its environment variable (and log it once per endpoint), instead of crashing: `minilvb serve`
 * must start with no configuration at all. The code stays 500 (the protocol's only server-side
 * failure code, docs/app-protocol.md#unconfigured-endpoints) but the message is not the database's "db operate error",
 * which sent operators to look at a healthy database.
 */
import { configValues, FIELD_BY_PATH, getPath, type ConfigPath, type ConfigValues } from '../config/index.js';
import type { ServerContext } from './context.js';
import { CODE, ReplyError } from './envelope.js';

const warned = new WeakMap<ServerContext, Set<string>>();

/** The message base of the reply (instead of the database error's). */
export const NOT_CONFIGURED = 'Server not configured';

/** The values at the given config paths; throws a code-500 ReplyError naming every missing one. */
export function requireConfigValues<const P extends readonly ConfigPath[]>(
  ctx: ServerContext,
  endpoint: string,
  paths: P,
): ConfigValues<P> {
  const values = paths.map((p) => getPath(ctx.config, p));
  const missing = paths.filter((_p, i) => values[i] === undefined || values[i] === null || values[i] === '');
  if (missing.length === 0) return configValues(ctx.config, paths);
  let seen = warned.get(ctx);
  if (!seen) warned.set(ctx, (seen = new Set()));
  const key = `${endpoint}:${missing.join(',')}`;
  if (!seen.has(key)) {
    seen.add(key);
    ctx.logger.error('endpoint needs configuration that is not set', { endpoint, missing: missing.join(', ') });
  }
  const envs = missing.map((p) => FIELD_BY_PATH.get(p)?.env[0]).filter((e): e is string => e !== undefined);
  const detail =
    `${endpoint} needs ${missing.join(', ')}: set ` +
    `${missing.length > 1 ? 'them' : 'it'} in minilvb.config.json ` +
    `(minilvb init)${envs.length > 0 ? ` or with ${envs.join(', ')}` : ''}, then ` +
    `restart minilvb serve`;
  throw new ReplyError({ code: CODE.notConfigured, message: `${NOT_CONFIGURED} | ${detail}`, data: {} });
}

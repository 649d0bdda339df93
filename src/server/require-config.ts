/**
 * Endpoints that need credentials the operator has not configured answer a 500 envelope naming
 * the missing field (and log it once per field), instead of crashing: `minilvb serve` must start
 * with no configuration at all.
 */
import { getPath } from '../config/index.js';
import type { ServerContext } from './context.js';
import { CODE, fail } from './envelope.js';

const warned = new WeakMap<ServerContext, Set<string>>();

/** The values at the given config paths; throws a 500 ReplyError naming the first missing one. */
export function requireConfigValues(ctx: ServerContext, endpoint: string, paths: readonly string[]): unknown[] {
  const values = paths.map((p) => getPath(ctx.config as unknown as Record<string, unknown>, p));
  const missing = paths.filter((_p, i) => values[i] === undefined || values[i] === null || values[i] === '');
  if (missing.length === 0) return values;
  let seen = warned.get(ctx);
  if (!seen) warned.set(ctx, (seen = new Set()));
  const key = `${endpoint}:${missing.join(',')}`;
  if (!seen.has(key)) {
    seen.add(key);
    ctx.logger.error('endpoint needs configuration that is not set', { endpoint, missing: missing.join(', ') });
  }
  throw fail(CODE.dbError, `server not configured: ${missing.join(', ')} not set`);
}

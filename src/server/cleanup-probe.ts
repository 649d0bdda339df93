/**
 * `POST /minilvb/cleanup-probe` `{"userid":"mlvbdoctor_…"}`: removes the rows doctor's probe user
 * left (account, session, room, replays, …) through the store, so doctor can clean up after itself
 * without database access (embedded store, remote server). Only probe user ids are accepted.
 */
import type { IncomingMessage } from 'node:http';
import { MinilvbError } from '../errors.js';
import { isProbeUserId, PROBE_USER_PREFIX, StoreUnavailableError } from '../db/store.js';
import { refuseAdmin, type AdminReply } from './admin-auth.js';
import type { ServerContext } from './context.js';

/**
 * Authenticates first, then reads the body with `readRaw` (undefined: the reader already answered,
 * e.g. 413), then deletes through the store.
 */
export async function cleanupProbe(
  ctx: ServerContext,
  req: IncomingMessage,
  readRaw: () => Promise<Buffer | undefined>,
): Promise<AdminReply | undefined> {
  const refused = refuseAdmin(ctx, req);
  if (refused) return refused;
  const raw = await readRaw();
  if (!raw) return undefined;
  let userid: unknown;
  try {
    const body: unknown = JSON.parse(raw.toString('utf8'));
    userid = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).userid : undefined;
  } catch {
    return { status: 400, body: { error: 'the body must be JSON: {"userid":"mlvbdoctor_…"}' } };
  }
  if (!isProbeUserId(userid))
    return { status: 400, body: { error: `userid must be a doctor probe user id (${PROBE_USER_PREFIX}…)` } };
  try {
    const deleted = await ctx.store.deleteProbeUser(userid);
    ctx.sessions.delete(userid);
    ctx.logger.info('probe user removed', { userid, rows: Object.values(deleted).reduce((a, b) => a + b, 0) });
    return { status: 200, body: { userid, deleted } };
  } catch (err) {
    if (err instanceof StoreUnavailableError) return { status: 503, body: { error: 'database unavailable' } };
    if (err instanceof MinilvbError && err.code === 'MLVB_INPUT_INVALID')
      return { status: 400, body: { error: err.message } };
    throw err;
  }
}

/**
 * The path protocol pipeline for one request, in the PHP order (docs/app-protocol.md#request-pipeline):
 * validate (602) → verify Liteav-Sig (498) → process (500/612/620/621). Store failures become
 * 500 with one clear log line (DbHealth); nothing thrown escapes as an HTTP 500.
 */
import { verifyLiteavSig } from '../sign/index.js';
import type { ServerContext } from './context.js';
import { CODE, ReplyError, fail, reply, type PathReply } from './envelope.js';
import { parseJsonObject } from './http-io.js';
import { checkParams, USERID_RULE } from './param-checker.js';
import type { PathEndpoint } from './routes/endpoint.js';

/** Facts about the request for the request log (never secrets). */
export interface PathLogFacts {
  userid?: string;
}

export async function runPathEndpoint(
  ctx: ServerContext,
  ep: PathEndpoint,
  raw: Buffer,
  sig: string | undefined,
  facts: PathLogFacts,
  client?: string,
): Promise<PathReply> {
  try {
    const body = parseJsonObject(raw) ?? {};
    const params = checkInput(ep, body);
    const userid = params.userid as string;
    facts.userid = userid;
    if (ep.auth === 'liteav-sig') await verifySession(ctx, ep.name, userid, raw, sig, body);
    const out = await ep.handle(ctx, { body, params, userid, raw, sig, client });
    if (ctx.dbHealth.down) ctx.dbHealth.succeeded();
    return out;
  } catch (err) {
    if (err instanceof ReplyError) {
      if (err.reply.code !== CODE.dbError && ctx.dbHealth.down) ctx.dbHealth.succeeded();
      return err.reply;
    }
    ctx.dbHealth.failed(err, ep.name);
    return reply(CODE.dbError);
  }
}

const SIGNED_ONLY = [USERID_RULE];

function checkInput(ep: PathEndpoint, body: Record<string, unknown>): ReturnType<typeof checkParams> {
  try {
    return checkParams(body, ep.rules.length === 0 ? SIGNED_ONLY : [USERID_RULE, ...ep.rules]);
  } catch (err) {
    if (ep.signatureOnly && err instanceof ReplyError && err.reply.code === CODE.invalidParam)
      throw fail(CODE.invalidToken, ep.name);
    throw err;
  }
}

/** Liteav-Sig = md5(token + md5(rawBody)) with the user's current unexpired token (docs/app-protocol.md#liteav-sig). */
async function verifySession(
  ctx: ServerContext,
  name: string,
  userid: string,
  raw: Buffer,
  sig: string | undefined,
  body: Record<string, unknown>,
): Promise<void> {
  if (sig === undefined) throw fail(CODE.invalidToken, name);
  const session = await ctx.sessions.get(userid, () => ctx.store.getSession(userid));
  if (!session || session.tokenExpires.getTime() < ctx.clock.now()) throw fail(CODE.invalidToken, name);
  if (!verifyLiteavSig(session.token, raw, sig)) throw fail(CODE.invalidToken, name);
  if (ctx.options.strictTimestamps && !freshTimestamp(ctx, body)) throw fail(CODE.invalidToken, name);
}

/** docs/app-protocol.md#d4, opt-in: `timestamp` within max(expires, 300) s of server time. */
function freshTimestamp(ctx: ServerContext, body: Record<string, unknown>): boolean {
  const ts = Number(body.timestamp);
  const expires = Number(body.expires);
  if (!Number.isSafeInteger(ts)) return false;
  const window = Math.max(Number.isSafeInteger(expires) ? expires : 0, 300);
  return Math.abs(ctx.now() - ts) <= window;
}

/**
 * Bearer auth of the admin endpoints (`/minilvb/*`) with `server.adminToken`. Without a token
 * configured the endpoints do not exist (404), so a server started without one exposes nothing.
 */
import type { IncomingMessage } from 'node:http';
import type { ServerContext } from './context.js';
import { constantTimeEqual, sha256Hex } from './credentials.js';

/** HTTP status and JSON body of an admin answer. */
export interface AdminReply {
  status: number;
  body: Record<string, unknown>;
}

/** The refusal to send (404 / 401), or undefined when the request presents the admin token. */
export function refuseAdmin(ctx: ServerContext, req: IncomingMessage): AdminReply | undefined {
  const token = ctx.config.server.adminToken;
  if (!token) return { status: 404, body: { error: 'not found' } };
  if (!presentsToken(req.headers.authorization, token)) return { status: 401, body: { error: 'unauthorized' } };
  return undefined;
}

/** Whether an `Authorization: Bearer …` header carries `token`. */
export function presentsToken(authorization: string | string[] | undefined, token: string): boolean {
  const header = typeof authorization === 'string' ? authorization : '';
  const presented = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  // Hashing both sides first makes the compare constant-time regardless of the presented length.
  return constantTimeEqual(sha256Hex(presented), sha256Hex(token));
}

/**
 * One path-protocol request as the apps build it and its reply as they read it (docs/app-protocol.md#path-protocol):
 * POST JSON, the common fields and Liteav-Sig over the exact bytes sent on signed calls, the {code,message,data}
 * envelope. Shared by doctor's app probes and the deploy's probe login; the transport is theirs.
 */
import { liteavSig } from './app-sign.js';

/** One endpoint answer. */
export interface AppReply {
  http: number;
  /** The envelope code, when the body was an envelope. */
  code?: number;
  message?: string;
  data?: Record<string, unknown>;
  body: string;
}

/** The body and headers of one request; `session` makes it a signed call. */
export function appRequest(
  params: Record<string, unknown>,
  session?: { userid: string; token: string },
  nowSeconds: number = Math.floor(Date.now() / 1000),
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(
    session ? { userid: session.userid, timestamp: nowSeconds, expires: 10, ...params } : params,
  );
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (session) headers['liteav-sig'] = liteavSig(session.token, body);
  return { body, headers };
}

/** Reads an HTTP answer as an envelope; code/message/data are set only when the body is one. */
export function appReply(http: number, body: string): AppReply {
  const reply: AppReply = { http, body };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return reply;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return reply;
  const o = json as Record<string, unknown>;
  if (typeof o.code !== 'number') return reply;
  reply.code = o.code;
  if (typeof o.message === 'string') reply.message = o.message;
  if (o.data !== null && typeof o.data === 'object' && !Array.isArray(o.data))
    reply.data = o.data as Record<string, unknown>;
  return reply;
}

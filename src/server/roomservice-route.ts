/** Mounts RoomService (src/roomservice) under `/weapp/`: body, CORS preflight, reply and log facts. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CORS_HEADERS, handleRoomServiceHttp } from '../roomservice/index.js';
import { StoreUnavailableError } from '../db/store.js';
import type { ServerContext } from './context.js';
import { sendJson } from './http-io.js';
import type { LogFields } from './logger.js';

export async function serveRoomService(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  facts: LogFields,
  readBody: (tooLarge: () => string) => Promise<Buffer | undefined>,
): Promise<void> {
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...CORS_HEADERS, 'Content-Length': '0' });
    res.end();
    return;
  }
  const raw =
    req.method === 'POST'
      ? await readBody(() => JSON.stringify({ code: 1, message: 'request body too large' }))
      : Buffer.alloc(0);
  if (!raw) return;
  const url = new URL(req.url ?? '/', 'http://localhost');
  let out;
  try {
    out = await handleRoomServiceHttp(ctx.roomService, {
      method: req.method ?? '',
      pathname: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      remoteAddress: req.socket.remoteAddress,
      body: raw,
    });
  } catch (err) {
    // Clients read `code`; a database outage is worth a retry (503), anything else is a bug (500).
    const down = err instanceof StoreUnavailableError;
    if (down) ctx.dbHealth.failed(err, 'roomservice');
    else ctx.logger.error('roomservice request failed', { error: err instanceof Error ? err.message : String(err) });
    facts.code = -1;
    const message = down ? 'RoomService storage unavailable, retry later' : 'internal error';
    return sendJson(res, down ? 503 : 500, JSON.stringify({ code: -1, message, timestamp: ctx.clock.now() }), {
      ...CORS_HEADERS,
    });
  }
  if (out.cgi) facts.cgi = out.cgi;
  facts.code = out.body.code as number;
  const userID = url.searchParams.get('userID');
  if (userID) facts.userid = userID.slice(0, 64);
  sendJson(res, out.status, JSON.stringify(out.body), { ...CORS_HEADERS });
}

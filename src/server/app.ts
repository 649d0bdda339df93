/**
 * createApp(deps): the whole bundled server as a request listener that never listens itself, so
 * tests drive it in-process and startServer owns the socket. One place decides, per route, the
 * method rule, the body limit, the reply and the request log line.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { secretValues } from '../config/index.js';
import { outageOf } from '../db/outage.js';
import { Redactor } from '../secrets/redactor.js';
import { fingerprints } from './admin.js';
import { handleInterface } from './action/action-protocol.js';
import { cleanupProbe } from './cleanup-probe.js';
import { handleTapeCallback } from './callback/tape-callback.js';
import { makeContext, optionsFromConfig, type AppDeps, type ServerContext } from './context.js';
import { CODE, reply, serializeReply } from './envelope.js';
import { BodyTooLargeError, readBody, sendJson } from './http-io.js';
import { createLogger, logFileOptions, type LogFields } from './logger.js';
import { runPathEndpoint } from './path-protocol.js';
import { clientAddress } from './abuse/client-address.js';
import { pathnameOf, route, type Route } from './router.js';
import { systemClock } from '../time/clock.js';
import { serveRoomService } from './roomservice-route.js';

/** The server application: a request listener plus its resolved context. */
export interface App {
  handle: RequestListener;
  readonly context: ServerContext;
}

export function createApp(deps: AppDeps): App {
  const logger =
    deps.logger ??
    createLogger({ ...logFileOptions(deps.config.server), redactor: new Redactor(secretValues(deps.config)) });
  const ctx = makeContext({
    config: deps.config,
    store: deps.store,
    clock: deps.clock ?? systemClock,
    logger,
    options: { ...optionsFromConfig(deps.config), ...deps.options },
    ...(deps.roomService ? { roomService: deps.roomService } : {}),
  });
  const idPrefix = randomBytes(3).toString('hex');
  let counter = 0;

  const handle: RequestListener = (req, res) => {
    const started = process.hrtime.bigint();
    const id = `${idPrefix}-${(++counter).toString(36)}`;
    const pathname = pathnameOf(req.url);
    const facts: LogFields = {};
    res.setHeader('X-Request-Id', id);
    res.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info('request', {
        id,
        method: req.method,
        path: pathname,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        ...facts,
      });
    });
    dispatch(ctx, route(pathname), req, res, facts).catch((err: unknown) => {
      // Only a bug gets here (every route maps its own failures); answer instead of hanging.
      logger.error('unhandled error in request', { id, error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) sendJson(res, 500, serializeReply(reply(CODE.dbError)));
      else res.destroy();
    });
  };
  return { handle, context: ctx };
}

async function body(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  tooLarge: () => string,
): Promise<Buffer | undefined> {
  try {
    return await readBody(req, ctx.options.bodyLimit);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      sendJson(res, 413, tooLarge(), { Connection: 'close' });
      return undefined;
    }
    res.destroy();
    return undefined;
  }
}

function methodNotAllowed(res: ServerResponse, method: string | undefined, allow: string): void {
  sendJson(res, 405, serializeReply(reply(CODE.badRequest, `method ${method ?? ''} not allowed`)), { Allow: allow });
}

async function dispatch(
  ctx: ServerContext,
  r: Route,
  req: IncomingMessage,
  res: ServerResponse,
  facts: LogFields,
): Promise<void> {
  const method = req.method ?? '';
  switch (r.kind) {
    case 'path': {
      facts.endpoint = r.name;
      if (method !== 'POST') return methodNotAllowed(res, method, 'POST');
      const raw = await body(ctx, req, res, () =>
        serializeReply(reply(CODE.invalidParam, `request body too large (max ${ctx.options.bodyLimit} bytes)`)),
      );
      if (!raw) return;
      const sigHeader = req.headers['liteav-sig'];
      const sig = Array.isArray(sigHeader) ? sigHeader.join(',') : sigHeader;
      const out = await runPathEndpoint(ctx, r.endpoint, raw, sig, facts as { userid?: string }, clientAddress(req));
      facts.code = out.code;
      return sendJson(res, 200, serializeReply(out));
    }
    case 'unknown-name':
      facts.code = CODE.badRequest;
      return sendJson(res, 200, serializeReply(reply(CODE.badRequest, r.name)));
    case 'interface': {
      if (method !== 'POST' && method !== 'GET') return methodNotAllowed(res, method, 'GET, POST');
      const raw = await body(
        ctx,
        req,
        res,
        () => '{"returnValue":4002,"returnMsg":"request para error | body too large","returnData":{}}',
      );
      if (!raw) return;
      const out = await handleInterface(ctx, raw);
      facts.code = out.code;
      if (out.action) facts.action = out.action;
      return sendJson(res, 200, out.body);
    }
    case 'callback': {
      if (method !== 'POST') return sendJson(res, 405, '{"code":4001}', { Allow: 'POST' });
      const raw = await body(ctx, req, res, () => '{"code":4001}');
      if (!raw) return;
      const out = await handleTapeCallback(ctx, raw);
      Object.assign(facts, out.facts);
      facts.code = out.body.code as number;
      return sendJson(res, out.status, JSON.stringify(out.body));
    }
    case 'healthz':
      if (method !== 'GET' && method !== 'HEAD')
        return sendJson(res, 405, '{"status":"method not allowed"}', { Allow: 'GET, HEAD' });
      return sendJson(res, 200, '{"status":"ok"}');
    case 'readyz': {
      if (method !== 'GET' && method !== 'HEAD')
        return sendJson(res, 405, '{"status":"method not allowed"}', { Allow: 'GET, HEAD' });
      try {
        await ctx.store.ping();
        if (ctx.dbHealth.down) ctx.dbHealth.succeeded();
        return sendJson(res, 200, JSON.stringify({ status: 'ready', store: ctx.store.kind }));
      } catch (err) {
        ctx.dbHealth.failed(err, 'readyz');
        // The contract doctor reads: reason stays as it was; cause (no secrets) and kind say why.
        const { kind, cause } = outageOf(err);
        facts.kind = kind;
        return sendJson(
          res,
          503,
          JSON.stringify({ status: 'unavailable', store: ctx.store.kind, reason: 'database unavailable', cause, kind }),
        );
      }
    }
    case 'fingerprints': {
      if (method !== 'GET') return sendJson(res, 405, '{"error":"method not allowed"}', { Allow: 'GET' });
      const out = fingerprints(ctx, req);
      return sendJson(res, out.status, JSON.stringify(out.body));
    }
    case 'cleanup-probe': {
      if (method !== 'POST') return sendJson(res, 405, '{"error":"method not allowed"}', { Allow: 'POST' });
      const out = await cleanupProbe(ctx, req, () => body(ctx, req, res, () => '{"error":"request body too large"}'));
      if (!out) return;
      if (typeof out.body.userid === 'string') facts.userid = out.body.userid;
      return sendJson(res, out.status, JSON.stringify(out.body));
    }
    case 'roomservice':
      return serveRoomService(ctx, req, res, facts, (tooLarge) => body(ctx, req, res, tooLarge));
    case 'not-found':
      return sendJson(res, 404, serializeReply(reply(CODE.badRequest, 'not found')));
  }
}

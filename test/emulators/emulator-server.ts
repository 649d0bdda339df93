/**
 * The HTTP shell shared by the cloud emulators: listens on 127.0.0.1 port 0, adds latency and
 * injects faults (5xx, malformed body, connection reset, bounded hang) before the emulator's own
 * handler sees the request. `options` stays mutable so a test can switch faults on a live emulator.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A fault every emulator can inject into every request. */
export type FaultKind = 'none' | 'http-5xx' | 'malformed' | 'reset' | 'hang';

/** Latency and fault injection, read on every request. */
export interface EmulatorOptions {
  /** Delay before each answer, ms. */
  latencyMs?: number;
  fault?: FaultKind;
  /** How long a 'hang' holds the connection before destroying it (default 30 s). */
  hangMs?: number;
  /** With a fault: only the next N requests get it, then it switches itself off (a transient outage). */
  faultCount?: number;
}

/** A running emulator. */
export interface RunningEmulator<S> {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `127.0.0.1:PORT` */
  host: string;
  port: number;
  state: S;
  options: EmulatorOptions;
  /** Requests received so far (all, including faulted ones). */
  readonly requestCount: number;
  close(): Promise<void>;
}

/** The request with its body read, as handlers receive it. */
export interface EmulatorRequest {
  method: string;
  /** Path without the query. */
  path: string;
  /** Raw path with query, as sent. */
  rawUrl: string;
  query: Array<[string, string]>;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** What a handler answers. */
export interface EmulatorReply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** How an emulator's "malformed" answer looks (invalid XML or JSON with the right content type). */
export interface MalformedBody {
  contentType: string;
  body: string;
}

function parseQuery(rawUrl: string): Array<[string, string]> {
  const q = rawUrl.indexOf('?');
  if (q < 0) return [];
  const out: Array<[string, string]> = [];
  for (const part of rawUrl.slice(q + 1).split('&')) {
    if (part === '') continue;
    const i = part.indexOf('=');
    const dec = (s: string): string => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    out.push(i < 0 ? [dec(part), ''] : [dec(part.slice(0, i)), dec(part.slice(i + 1))]);
  }
  return out;
}

function decodePath(rawUrl: string): string {
  const p = rawUrl.split('?')[0] ?? '/';
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

export async function startEmulatorServer<S>(
  state: S,
  options: EmulatorOptions,
  malformed: MalformedBody,
  handler: (req: EmulatorRequest) => EmulatorReply | Promise<EmulatorReply>,
): Promise<RunningEmulator<S>> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let requestCount = 0;
  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requestCount += 1;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if ((options.latencyMs ?? 0) > 0) await wait(options.latencyMs ?? 0);
        const fault = options.fault ?? 'none';
        if (fault !== 'none' && options.faultCount !== undefined) {
          options.faultCount -= 1;
          if (options.faultCount <= 0) {
            options.fault = 'none';
            delete options.faultCount;
          }
        }
        if (fault === 'reset') {
          req.socket.destroy();
          return;
        }
        if (fault === 'hang') {
          await wait(options.hangMs ?? 30_000);
          req.socket.destroy();
          return;
        }
        if (fault === 'http-5xx') {
          res.writeHead(502, { 'Content-Type': 'text/html' });
          res.end(
            '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>',
          );
          return;
        }
        if (fault === 'malformed') {
          res.writeHead(200, { 'Content-Type': malformed.contentType });
          res.end(malformed.body);
          return;
        }
        const rawUrl = req.url ?? '/';
        let reply: EmulatorReply;
        try {
          reply = await handler({
            method: req.method ?? 'GET',
            path: decodePath(rawUrl),
            rawUrl,
            query: parseQuery(rawUrl),
            headers: req.headers,
            body: Buffer.concat(chunks),
          });
        } catch (err) {
          reply = {
            status: 500,
            headers: { 'Content-Type': 'text/plain' },
            body: `emulator bug: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
          };
        }
        const body = reply.body ?? '';
        res.writeHead(reply.status, { 'Content-Length': String(Buffer.byteLength(body)), ...reply.headers });
        res.end(req.method === 'HEAD' ? undefined : body);
      })();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    port,
    state,
    options,
    get requestCount() {
      return requestCount;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

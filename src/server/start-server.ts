/**
 * startServer: listens with createApp's listener, and on close (or SIGTERM/SIGINT when asked)
 * stops accepting, lets in-flight requests finish (bounded), then closes the store and the log.
 * Slow clients are bounded three ways: headers and whole-request timeouts (408 then close),
 * checked often enough for short configured values, and a connection cap (connection-guard.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MinilvbError } from '../errors.js';
import { createApp, type App } from './app.js';
import { effectiveConnectionCap, guardConnections, openFilesLimit } from './connection-guard.js';
import type { AppDeps } from './context.js';

/** Options of startServer: createApp's deps plus where to listen. */
export interface StartServerOptions extends AppDeps {
  host?: string;
  port?: number;
  /** Install SIGTERM/SIGINT handlers that drain and close (the CLI does; tests do not). */
  handleSignals?: boolean;
  /** How long in-flight requests may take after close() before their sockets are cut (ms). */
  drainTimeoutMs?: number;
}

/** A listening server. */
export interface RunningServer {
  app: App;
  server: Server;
  host: string;
  port: number;
  /** `http://host:port` as bound. */
  url: string;
  /** Stops accepting, drains, closes the store and the logger. Idempotent. */
  close(): Promise<void>;
  /** Resolves once close() (or a signal) has finished. */
  closed: Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const app = createApp(options);
  const { logger } = app.context;
  const { server, cap, report } = createGuardedServer(options, app);
  const host = options.host ?? options.config.server.host;
  const wanted = options.port ?? options.config.server.port;
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      const reason =
        err.code === 'EADDRINUSE'
          ? `port ${wanted} on ${host} is already in use`
          : err.code === 'EACCES'
            ? `no permission to listen on ${host}:${wanted}`
            : err.code === 'EADDRNOTAVAIL'
              ? `${host} is not an address of this machine`
              : err.message;
      reject(
        new MinilvbError('MLVB_SERVER_START', `The server could not start: ${reason}.`, {
          hint:
            err.code === 'EADDRINUSE'
              ? 'Stop the other process, or pick another port with --port (or server.port).'
              : 'Check --host/--port (server.host, server.port).',
          details: { host, port: wanted, errno: err.code ?? null },
          cause: err,
        }),
      );
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(wanted, host);
  });
  const port = (server.address() as AddressInfo).port;
  await app.context.roomService.start();
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info('listening', { url, store: options.store.kind, protocol: options.config.protocol, maxConnections: cap });
  if (cap < options.config.server.maxConnections) {
    logger.warn('connection cap lowered to fit the open-files limit (raise LimitNOFILE / ulimit -n)', {
      configured: options.config.server.maxConnections,
      openFiles: openFilesLimit() ?? null,
      maxConnections: cap,
    });
  }
  const shedReport = setInterval(() => {
    const { shed, open } = report();
    if (shed > 0)
      logger.warn('connection cap reached: closed connections still sending their request', {
        closed: shed,
        open,
        maxConnections: cap,
      });
  }, 10_000);
  shedReport.unref();

  let closing: Promise<void> | undefined;
  let markClosed: () => void = () => {};
  const closed = new Promise<void>((r) => {
    markClosed = r;
  });
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info('signal received: draining', { signal });
    void close();
  };
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(shedReport);
      app.context.dbHealth.stop();
      if (options.handleSignals) {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      }
      await app.context.roomService.stop();
      const drained = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      // A keep-alive connection (nginx upstream keepalive, the apps' HTTP clients) whose in-flight request ends
      // during the drain turns idle, and Node would keep it for keepAliveTimeout: close it as soon as it is idle.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const timer = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs ?? 10_000);
      await drained;
      clearInterval(sweep);
      clearTimeout(timer);
      try {
        await options.store.close();
      } catch (err) {
        logger.warn('closing the store failed', { error: err instanceof Error ? err.message : String(err) });
      }
      logger.info('stopped');
      await logger.close();
      markClosed();
    })();
    return closing;
  };
  if (options.handleSignals) {
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
  return { app, server, host, port, url, close, closed };
}

function createGuardedServer(
  options: StartServerOptions,
  app: App,
): { server: Server; cap: number; report: ReturnType<typeof guardConnections> } {
  const { requestTimeout, headersTimeout, maxConnections } = options.config.server;
  const request = Math.max(100, requestTimeout);
  const headers = Math.max(100, Math.min(headersTimeout, request));
  const server = createServer(
    {
      keepAliveTimeout: 65_000,
      requestTimeout: request,
      headersTimeout: headers,
      // Node checks both timeouts only this often (default 30 s): keep it well under them.
      connectionsCheckingInterval: Math.min(30_000, Math.max(50, Math.floor(headers / 4))),
    },
    app.handle,
  );
  const cap = effectiveConnectionCap(maxConnections);
  return { server, cap, report: guardConnections(server, cap) };
}

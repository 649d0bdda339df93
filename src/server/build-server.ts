/**
 * buildServer: the one way to assemble the bundled server (store + createApp + listen). `serve`
 * and the test helpers all use it, so the store, the logger's redactor (every secret field of the
 * schema) and the clock are wired the same way everywhere.
 */
import { secretValues, type MinilvbConfig } from '../config/index.js';
import type { Store } from '../db/store.js';
import { Redactor } from '../secrets/redactor.js';
import { systemClock, type Clock } from '../time/clock.js';
import type { ServerOptions } from './context.js';
import type { RoomServiceDeps } from '../roomservice/index.js';
import { createLogger, logFileOptions, type Logger } from './logger.js';
import { startServer, type RunningServer } from './start-server.js';

/** Options of buildServer; everything but the config has a default. */
export interface BuildServerOptions {
  clock?: Clock;
  /** Default: JSON lines to server.logFile, else to `logStream`, secrets of the config masked. */
  logger?: Logger;
  /** Where the default logger writes when server.logFile is unset (default: stderr). */
  logStream?: { write(chunk: string): unknown };
  /** More values the default logger masks (e.g. secrets given only as flags). */
  secrets?: readonly string[];
  /** Default: the configured store as serve opens it (MySQL reconnecting, or embedded under server.dataDir). */
  store?: Store;
  /** Base of a relative server.dataDir (default: process.cwd()). */
  cwd?: string;
  host?: string;
  port?: number;
  handleSignals?: boolean;
  options?: Partial<ServerOptions>;
  /** RoomService parts to replace (tests). */
  roomService?: Partial<RoomServiceDeps>;
}

/** A built, listening server; `outage` says why the database is not usable yet (serve runs anyway). */
export interface BuiltServer {
  running: RunningServer;
  store: Store;
  logger: Logger;
  outage: { kind: string; cause: string } | undefined;
}

export async function buildServer(config: MinilvbConfig, o: BuildServerOptions = {}): Promise<BuiltServer> {
  const clock = o.clock ?? systemClock;
  const logger =
    o.logger ??
    createLogger({
      ...logFileOptions(config.server),
      ...(config.server.logFile || !o.logStream ? {} : { stream: o.logStream }),
      redactor: new Redactor([...secretValues(config), ...(o.secrets ?? [])]),
      clock,
    });
  let store = o.store;
  let outage;
  if (!store) {
    // A database that is down, refuses the login, is missing or has an old schema does not stop
    // the server: /readyz says why, app calls answer the database error, and it reconnects by itself.
    const { openServerStore } = await import('../db/open-store.js');
    ({ store, outage } = await openServerStore(config, { ...(o.cwd ? { cwd: o.cwd } : {}), clock }));
  }
  try {
    const running = await startServer({
      config,
      store,
      logger,
      clock,
      ...(o.host !== undefined ? { host: o.host } : {}),
      ...(o.port !== undefined ? { port: o.port } : {}),
      ...(o.handleSignals ? { handleSignals: true } : {}),
      ...(o.options ? { options: o.options } : {}),
      ...(o.roomService ? { roomService: o.roomService } : {}),
    });
    if (outage) running.app.context.dbHealth.failed(outage.error, 'startup');
    return { running, store, logger, outage: outage ? { kind: outage.kind, cause: outage.cause } : undefined };
  } catch (err) {
    await store.close().catch(() => undefined);
    await logger.close();
    throw err;
  }
}

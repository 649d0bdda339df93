/** The bundled Mini LVB business server: createApp (in-process, never listens) and startServer. */
export { createApp, type App } from './app.js';
export { startServer, type RunningServer, type StartServerOptions } from './start-server.js';
export { buildServer, type BuildServerOptions, type BuiltServer } from './build-server.js';
export { DEFAULT_OPTIONS, type AppDeps, type ServerOptions, type ServerContext } from './context.js';
export {
  createLogger,
  logFileOptions,
  silentLogger,
  type Logger,
  type LoggerOptions,
  type LogFields,
} from './logger.js';
export { chinaTime } from '../time/china-time.js';
export { systemClock, type Clock } from '../time/clock.js';
export { hashPassword, checkPassword } from './credentials.js';

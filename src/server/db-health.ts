/**
 * Turns a database outage into one clear log line instead of one per request: the first failure
 * logs an error naming the cause, later failures only at debug, and the first success after it
 * logs that the database is back. The store's pool reconnects by itself; nothing restarts.
 */
import { StoreQueryError, StoreUnavailableError } from '../db/store.js';
import type { Logger } from './logger.js';
import type { Clock } from './time.js';

export class DbHealth {
  #downSince: number | undefined;

  constructor(private readonly logger: Logger, private readonly clock: Clock) {}

  get down(): boolean {
    return this.#downSince !== undefined;
  }

  /** Records a store failure; returns true when it is an outage (connection-level). */
  failed(err: unknown, where: string): boolean {
    const outage = err instanceof StoreUnavailableError;
    const message = err instanceof Error ? err.message : String(err);
    if (!outage) {
      // A failed statement, or a bug of ours (e.g. an unusable configured key): say which.
      this.logger.error(err instanceof StoreQueryError ? 'database statement failed' : 'request failed', { where, error: message });
      return false;
    }
    if (this.#downSince === undefined) {
      this.#downSince = this.clock.now();
      this.logger.error('database unavailable: answering 500 (path protocol) / 503 (callbacks) until it is back', { where, error: message });
    } else {
      this.logger.debug('database still unavailable', { where, error: message });
    }
    return true;
  }

  /** Records a successful store round trip. */
  succeeded(): void {
    if (this.#downSince === undefined) return;
    const seconds = Math.round((this.clock.now() - this.#downSince) / 1000);
    this.#downSince = undefined;
    this.logger.info('database reachable again', { downSeconds: seconds });
  }
}

/**
 * Turns a database outage into one log line when it starts and one when it ends, instead of one
 * per request, and never flaps: the first connection-level failure logs an error naming the kind
 * and the cause; later failures log only at debug. The end is declared only by a successful
 * `store.ping()` of our own: callers' "this request went fine" is a hint to probe now, not proof
 * (a request answered 602, or from a cache, never touched the database). While down, a probe
 * runs in the background with exponential backoff, so recovery is noticed (and logged) even
 * without traffic. The store's pool reconnects by itself; nothing restarts.
 */
import { Backoff, type BackoffLimits } from '../async/backoff.js';
import { outageOf, type Outage } from '../db/outage.js';
import { StoreQueryError, StoreUnavailableError, type Store } from '../db/store.js';
import type { Logger } from './logger.js';
import type { Clock } from '../time/clock.js';

const DEFAULT_PROBE: BackoffLimits = { minMs: 250, maxMs: 5_000 };

export class DbHealth {
  #down: { since: number; outage: Outage } | undefined;
  #timer: NodeJS.Timeout | undefined;
  #probing = false;
  readonly #backoff: Backoff;
  #stopped = false;

  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly store?: Pick<Store, 'ping'>,
    backoff: BackoffLimits = DEFAULT_PROBE,
  ) {
    this.#backoff = new Backoff(backoff);
  }

  get down(): boolean {
    return this.#down !== undefined;
  }

  /** The current outage (kind and cause), if any. */
  get outage(): Outage | undefined {
    return this.#down?.outage;
  }

  /** Records a store failure; returns true when it is an outage (connection-level). */
  failed(err: unknown, where: string): boolean {
    const message = err instanceof Error ? err.message : String(err);
    if (!(err instanceof StoreUnavailableError)) {
      // A failed statement, or a bug of ours (e.g. an unusable configured key): say which.
      this.logger.error(err instanceof StoreQueryError ? 'database statement failed' : 'request failed', {
        where,
        error: message,
      });
      return false;
    }
    const outage = outageOf(err);
    if (this.#down === undefined) {
      this.#down = { since: this.clock.now(), outage };
      this.logger.error('database unavailable: answering 500 (path protocol) / 503 (callbacks) until it is back', {
        where,
        kind: outage.kind,
        cause: outage.cause,
      });
      this.#backoff.reset();
      this.#schedule();
    } else {
      this.#down.outage = outage;
      this.logger.debug('database still unavailable', { where, kind: outage.kind, cause: outage.cause });
    }
    return true;
  }

  /** A request that used the store went fine: while down, probe now instead of waiting. */
  succeeded(): void {
    if (this.#down === undefined) return;
    if (!this.store) return this.#recovered();
    if (this.#probing) return;
    clearTimeout(this.#timer);
    void this.#probe();
  }

  /** Stops the background probe (server shutdown). */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    if (!this.store || this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#probe(), this.#backoff.next());
    this.#timer.unref();
  }

  async #probe(): Promise<void> {
    if (!this.store || this.#probing || this.#down === undefined) return;
    this.#probing = true;
    try {
      await this.store.ping();
      this.#recovered();
    } catch (err) {
      if (this.#down) this.#down.outage = outageOf(err);
      this.#schedule();
    } finally {
      this.#probing = false;
    }
  }

  #recovered(): void {
    if (this.#down === undefined) return;
    const seconds = Math.round((this.clock.now() - this.#down.since) / 1000);
    this.#down = undefined;
    clearTimeout(this.#timer);
    this.logger.info('database reachable again', { downSeconds: seconds });
  }
}

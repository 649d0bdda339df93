/** Exponential backoff: the database reconnect and the outage probe wait this way between tries. */

/** The first and the longest delay, ms. */
export interface BackoffLimits {
  minMs: number;
  maxMs: number;
}

/** Delays doubling from minMs up to maxMs; reset() starts again from minMs. */
export class Backoff {
  #next: number;

  constructor(private readonly limits: BackoffLimits) {
    this.#next = limits.minMs;
  }

  /** The delay to wait now; the one after it is twice as long (at most maxMs). */
  next(): number {
    const delay = this.#next;
    this.#next = Math.min(this.limits.maxMs, delay * 2);
    return delay;
  }

  reset(): void {
    this.#next = this.limits.minMs;
  }
}

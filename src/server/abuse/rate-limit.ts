/**
 * Attempt counters for /login and /register, per client address and per userid, over a fixed
 * one-minute window. Memory stays bounded: past `maxKeys` keys, expired windows are dropped, then
 * the oldest ones.
 */
import type { Clock } from '../../time/clock.js';

interface Window {
  start: number;
  count: number;
}

/** Counts attempts per key; `take` says whether one more is allowed. */
export class RateLimiter {
  readonly #windows = new Map<string, Window>();

  /** `limit` attempts per `windowMs` per key; 0 allows everything. */
  constructor(
    private readonly limit: number,
    private readonly clock: Clock,
    private readonly windowMs = 60_000,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts one attempt for `key`; false when it is over the limit (the attempt is still counted). */
  take(key: string): boolean {
    if (this.limit <= 0) return true;
    const now = this.clock.now();
    let w = this.#windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      this.#windows.delete(key);
      w = { start: now, count: 0 };
      this.#prune(now);
      this.#windows.set(key, w);
    }
    w.count += 1;
    return w.count <= this.limit;
  }

  /** Seconds until `key` may try again (at least 1). */
  retryAfter(key: string): number {
    const w = this.#windows.get(key);
    return w ? Math.max(1, Math.ceil((w.start + this.windowMs - this.clock.now()) / 1000)) : 1;
  }

  #prune(now: number): void {
    if (this.#windows.size < this.maxKeys) return;
    for (const [k, w] of this.#windows) if (now - w.start >= this.windowMs) this.#windows.delete(k);
    // Insertion order is age order: drop the oldest until there is room.
    for (const k of this.#windows.keys()) {
      if (this.#windows.size < this.maxKeys) break;
      this.#windows.delete(k);
    }
  }
}

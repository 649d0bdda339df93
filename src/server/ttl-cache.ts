/**
 * A small read-through cache with a time-to-live, for the two hot reads of the path protocol
 * (the session behind every Liteav-Sig, and the global recording list). Concurrent misses share
 * one load; a failed load is not kept. Local writes invalidate, so this process always sees its
 * own writes at once; writes by another process show up within the TTL.
 */
import type { Clock } from '../time/clock.js';

interface Entry<V> {
  value: Promise<V>;
  expires: number;
}

export class TtlCache<V> {
  readonly #entries = new Map<string, Entry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: Clock,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    if (this.ttlMs <= 0) return load();
    const now = this.clock.now();
    const hit = this.#entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    const value = load();
    const entry = { value, expires: now + this.ttlMs };
    this.#entries.set(key, entry);
    value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return value;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}

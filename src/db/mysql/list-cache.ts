import { systemClock, type Clock } from '../../time/clock.js';

/**
 * A short-lived cache for the global lists (get_vod_list, get_ugc_list, FetchList): without an
 * index on tb_vod.create_time (the PHP schema has none, and we may not alter tb_*), every list
 * is a filesort of the 7-day window; under load the same page is asked for many times a second.
 *
 * - Entries live `ttlMs` (default 1 s): writes by another process sharing the database (a PHP
 *   server) show up within that time.
 * - Every write through this store bumps a generation after it completes, which empties the
 *   cache; a read that started before a write finished never stores its (maybe stale) result.
 * - Concurrent misses for the same key share one query.
 */
export class ListCache {
  private generation = 0;
  private readonly entries = new Map<string, { at: number; value: unknown }>();
  private readonly inflight = new Map<string, { generation: number; promise: Promise<unknown> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: Clock = systemClock,
    private readonly maxEntries = 256,
  ) {}

  /** Returns the cached value for `key`, or runs `load` (once for concurrent callers). */
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const now = this.clock.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return copy(hit.value) as T;
    const gen = this.generation;
    const running = this.inflight.get(key);
    if (running && running.generation === gen) return copy(await running.promise) as T;
    const promise = load();
    this.inflight.set(key, { generation: gen, promise });
    try {
      const value = await promise;
      if (this.generation === gen) {
        if (this.entries.size >= this.maxEntries) this.entries.clear();
        this.entries.set(key, { at: now, value });
      }
      return copy(value);
    } finally {
      if (this.inflight.get(key)?.promise === promise) this.inflight.delete(key);
    }
  }

  /** Wraps a write: the cache is invalidated when it settles (success or failure). */
  async write<T>(op: Promise<T>): Promise<T> {
    this.invalidate();
    try {
      return await op;
    } finally {
      this.invalidate();
    }
  }

  private invalidate(): void {
    this.generation += 1;
    this.entries.clear();
  }
}

/** Callers get their own row objects (shallow: rows are flat; their Dates are never mutated). */
function copy<T>(value: T): T {
  return (
    Array.isArray(value) ? value.map((row: unknown) => (row && typeof row === 'object' ? { ...row } : row)) : value
  ) as T;
}

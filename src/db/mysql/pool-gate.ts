/** The bounded wait in front of the pool (pool.ts): at most `slots` statements run, at most `queueLimit` wait. */
import { StoreUnavailableError } from '../errors.js';

/** Driver code of a full queue (StoreUnavailableError details.driverCode). */
export const POOL_BUSY = 'MLVB_POOL_BUSY';

/**
 * Counts statements holding a connection; at most `slots` at once, at most `queueLimit` waiting.
 * acquire() resolves false when the wait timed out; it throws when the queue is full.
 */
export class Gate {
  private active = 0;
  private readonly waiting: Array<(ok: boolean) => void> = [];

  constructor(
    private readonly slots: number,
    private readonly queueLimit: number,
  ) {}

  acquire(waitMs: number): Promise<boolean> {
    if (this.active < this.slots) {
      this.active += 1;
      return Promise.resolve(true);
    }
    if (this.waiting.length >= this.queueLimit) {
      return Promise.reject(
        new StoreUnavailableError(
          `Cannot use the database: ${this.queueLimit} statements are already waiting for a connection (${POOL_BUSY}).`,
          {
            details: { driverCode: POOL_BUSY },
            hint: 'The database is slow or frozen; check the database server (server.dbQueueLimit bounds the queue).',
          },
        ),
      );
    }
    return new Promise((resolve) => {
      const entry = (ok: boolean): void => {
        clearTimeout(timer);
        resolve(ok);
      };
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(false);
      }, waitMs);
      this.waiting.push(entry);
    });
  }

  /** Hands the slot to the next waiter, or frees it. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next(true);
    else this.active -= 1;
  }
}

/** The bounded wait in front of the pool (pool.ts): at most `slots` statements run, at most `queueLimit` wait. */
import { BoundedGate, GateFullError } from '../../async/bounded-gate.js';
import { StoreUnavailableError } from '../errors.js';

/** Driver code of a full queue (StoreUnavailableError details.driverCode). */
export const POOL_BUSY = 'MLVB_POOL_BUSY';

/** acquire() resolves false when the wait timed out; a full queue is a StoreUnavailableError. */
export class Gate extends BoundedGate {
  override async acquire(waitMs: number): Promise<boolean> {
    try {
      return await super.acquire(waitMs);
    } catch (err) {
      if (!(err instanceof GateFullError)) throw err;
      throw new StoreUnavailableError(
        `Cannot use the database: ${err.queueLimit} statements are already waiting for a connection (${POOL_BUSY}).`,
        {
          details: { driverCode: POOL_BUSY },
          hint: 'The database is slow or frozen; check the database server (server.dbQueueLimit bounds the queue).',
        },
      );
    }
  }
}

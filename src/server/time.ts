/** Time for the server: China wall-clock rendering (shared) and an injectable clock. */
export { chinaTime } from '../time/china-time.js';

/** The clock the server reads; injectable so tests can move time (token expiry, callback `t`). */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Whole Unix seconds of a clock. */
export function unixNow(clock: Clock): number {
  return Math.floor(clock.now() / 1000);
}

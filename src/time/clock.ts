/** The one clock: the server, doctor and the stores read time through it, so tests can move time. */

/** A source of the current time, injected wherever time matters (token expiry, callback `t`, timestamps). */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Whole Unix seconds of a clock. */
export function unixNow(clock: Clock): number {
  return Math.floor(clock.now() / 1000);
}

/** Checks shared by both stores, so they reject the same inputs the same way. */
import { StoreQueryError } from './errors.js';

/** Throws StoreQueryError unless offset and limit are non-negative safe integers. */
export function checkPage(offset: number, limit: number): void {
  for (const [name, v] of [['offset', offset], ['limit', limit]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new StoreQueryError(`Page ${name} must be a non-negative integer, got ${String(v)}.`);
  }
}

/** Throws StoreQueryError unless `d` is a valid Date. */
export function checkDate(name: string, d: Date): void {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new StoreQueryError(`${name} must be a valid date.`);
}

/** A count after adding `delta`: never below 0, and within MySQL int(11) range. */
export function clampCount(value: number, delta: number | undefined): number {
  return Math.min(2_147_483_647, Math.max(0, value + Math.trunc(delta ?? 0)));
}

/** Checks shared by both stores, so they reject the same inputs the same way. */
import { StoreQueryError } from './errors.js';

/** Throws StoreQueryError unless offset and limit are non-negative safe integers. */
export function checkPage(offset: number, limit: number): void {
  for (const [name, v] of [
    ['offset', offset],
    ['limit', limit],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0)
      throw new StoreQueryError(`Page ${name} must be a non-negative integer, got ${String(v)}.`);
  }
}

/** The TIMESTAMP range of MySQL: 1970-01-01 00:00:01 UTC .. 2038-01-19 03:14:07 UTC. */
const TS_MIN = 1000;
const TS_MAX = 2_147_483_647_000;

/** Throws StoreQueryError unless `d` is a valid Date inside the MySQL TIMESTAMP range. */
export function checkDate(name: string, d: Date): void {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new StoreQueryError(`${name} must be a valid date.`);
  if (d.getTime() < TS_MIN || d.getTime() > TS_MAX)
    throw new StoreQueryError(`${name} ${d.toISOString()} is outside the TIMESTAMP range 1970-01-01..2038-01-19.`);
}

/** Drops the milliseconds: TIMESTAMP columns hold whole seconds, and both stores must agree. */
export function toSecond(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

/** A count after adding `delta`: never below 0, and within MySQL int(11) range. */
export function clampCount(value: number, delta: number | undefined): number {
  return Math.min(2_147_483_647, Math.max(0, value + Math.trunc(delta ?? 0)));
}

/** Typed readers of Action request fields; a missing or ill-typed field is 4002 (docs/app-protocol.md#actions). */
import { paraError } from './envelope.js';

type Body = Record<string, unknown>;

/** A required non-empty string of at most `max` characters. */
export function str(body: Body, field: string, max = 255): string {
  const v = body[field];
  if (typeof v !== 'string' || v === '') throw paraError(`${field} missing`);
  if ([...v].length > max) throw paraError(`${field} is too long (max ${max})`);
  return v;
}

/** An optional string ('' when absent), at most `max` characters. */
export function optStr(body: Body | undefined, field: string, max = 255): string {
  const v = body?.[field];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw paraError(`${field} is not a string`);
  if ([...v].length > max) throw paraError(`${field} is too long (max ${max})`);
  return v;
}

/** A required integer (JSON number or decimal string), optionally one of `allowed`. */
export function int(body: Body, field: string, allowed?: readonly number[]): number {
  const v = body[field];
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d{1,9}$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw paraError(`${field} missing or not an integer`);
  if (allowed && !allowed.includes(n)) throw paraError(`${field} must be one of ${allowed.join(', ')}`);
  return n;
}

/** An optional integer with a default. */
export function optInt(body: Body, field: string, fallback: number): number {
  return body[field] === undefined || body[field] === null || body[field] === '' ? fallback : int(body, field);
}

/** pageno (1-based, 0 → 1) and pagesize (≤ 0 → 20, capped at 100) as offset/limit. */
export function pageOf(body: Body): { offset: number; limit: number } {
  const pageno = Math.max(1, optInt(body, 'pageno', 1));
  let size = optInt(body, 'pagesize', 20);
  if (size <= 0) size = 20;
  size = Math.min(size, 100);
  return { offset: Math.min((pageno - 1) * size, 1_000_000_000), limit: size };
}

/** The `userinfo` object of RequestLVBAddr (all fields optional strings). */
export function userinfoOf(body: Body): { nickname: string; headpic: string; frontcover: string; location: string } {
  const u = body.userinfo;
  const o = u !== null && typeof u === 'object' && !Array.isArray(u) ? (u as Body) : undefined;
  if (u !== undefined && u !== null && !o) throw paraError('userinfo is not an object');
  return {
    nickname: optStr(o, 'nickname', 100),
    headpic: optStr(o, 'headpic', 254),
    frontcover: optStr(o, 'frontcover', 255),
    location: optStr(o, 'location', 128),
  };
}

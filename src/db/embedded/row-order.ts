/** How the embedded store orders and stamps rows so that it answers exactly like the MySQL store. */
import { toSecond } from '../page.js';

/** Newest first, then userid and file id compared like MySQL's case-insensitive collation. */
export const byNewest = (a: { createTime: Date; userid: string; fileId: string }, b: typeof a): number =>
  b.createTime.getTime() - a.createTime.getTime() || cmp(a.userid, b.userid) || cmp(a.fileId, b.fileId);

/** Compares like MySQL's case-insensitive collation. */
export function cmp(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** TIMESTAMP columns hold whole seconds; dropping the milliseconds keeps both stores identical. */
export function wholeSeconds<T extends object>(row: T): T {
  for (const [k, v] of Object.entries(row)) if (v instanceof Date) (row as Record<string, unknown>)[k] = toSecond(v);
  return row;
}

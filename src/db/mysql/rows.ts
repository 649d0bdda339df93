/** Conversions shared by the repositories between mysql2 values and Store row fields. */
import type { SqlParam } from './pool.js';
import { checkDate, toSecond } from '../page.js';

/** A TIMESTAMP read back: mysql2 gives an invalid Date for the zero date; that becomes null. */
export function dateOrNull(v: unknown): Date | null {
  return v instanceof Date && !Number.isNaN(v.getTime()) ? v : null;
}

/** A NOT NULL TIMESTAMP read back (the zero date, only possible in PHP-era rows, reads as the epoch). */
export function date(v: unknown): Date {
  return dateOrNull(v) ?? new Date(0);
}

/** A nullable string column. */
export function str(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

/** An int column (mysql2 may hand big values over as strings). */
export function int(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}

/** A Date parameter: validated, whole seconds (TIMESTAMP precision). */
export function ts(name: string, d: Date): SqlParam {
  checkDate(name, d);
  return toSecond(d);
}

/** LIMIT/OFFSET parameters go as decimal strings: both MySQL 8 and MariaDB accept them in prepared statements. */
export function lim(n: number): string {
  return String(n);
}

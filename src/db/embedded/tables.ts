/**
 * The in-memory tables of the embedded store: one Map per table, keyed by primary key. Rows are
 * stored as the Store row types; dates survive JSON through `reviveDates`.
 */
import type { Account, GroupMember, LiveEntry, Room, Session, Ugc, Vod } from '../store.js';
import type { JournalOp } from './journal.js';

/** Row type of each table. */
export interface TableRows {
  account: Account;
  session: Session;
  room: Room;
  vod: Vod;
  ugc: Ugc;
  live: LiveEntry;
  member: GroupMember;
}

/** A table name. */
export type TableName = keyof TableRows;

const TABLE_NAMES: readonly TableName[] = ['account', 'session', 'room', 'vod', 'ugc', 'live', 'member'];
const DATE_KEYS = new Set(['createTime', 'tokenExpires', 'refreshExpires', 'startTime', 'pushTime', 'joinedAt']);

/**
 * The primary-key form of a value: MySQL compares keys with utf8mb4_general_ci, so `Alice` and
 * `alice ` are the same user there; folding case and trailing spaces keeps the embedded store in
 * step for the ids the server accepts. Composite keys join escaped parts with NUL.
 */
export function key(...parts: string[]): string {
  return parts
    .map((p) => p.toLowerCase().replace(/ +$/, '').replaceAll('\\', '\\\\').replaceAll('\0', '\\0'))
    .join('\0');
}

/** All tables of one embedded store. */
export class Tables {
  readonly account = new Map<string, Account>();
  readonly session = new Map<string, Session>();
  readonly room = new Map<string, Room>();
  readonly vod = new Map<string, Vod>();
  readonly ugc = new Map<string, Ugc>();
  readonly live = new Map<string, LiveEntry>();
  readonly member = new Map<string, GroupMember>();

  /** Sets or deletes one row and returns the journal op that records it. */
  put<T extends TableName>(table: T, k: string, row: TableRows[T] | null): JournalOp {
    const map = this[table] as Map<string, TableRows[T]>;
    if (row === null) map.delete(k);
    else map.set(k, row);
    return { t: table, k, v: row };
  }

  /** Replays a journal op (unknown tables are ignored: a newer minilvb may have written them). */
  apply(op: JournalOp): void {
    if (!(TABLE_NAMES as readonly string[]).includes(op.t)) return;
    const map = this[op.t as TableName] as Map<string, unknown>;
    if (op.v === null) map.delete(op.k);
    else map.set(op.k, reviveDates(op.v));
  }

  /** A JSON-able copy of every table. */
  snapshot(): Record<string, [string, unknown][]> {
    const out: Record<string, [string, unknown][]> = {};
    for (const name of TABLE_NAMES) out[name] = [...(this[name] as Map<string, unknown>).entries()];
    return out;
  }

  /** Loads a snapshot written by `snapshot()`. */
  load(snapshot: unknown): void {
    if (!snapshot || typeof snapshot !== 'object') return;
    for (const name of TABLE_NAMES) {
      const rows = (snapshot as Record<string, unknown>)[name];
      if (!Array.isArray(rows)) continue;
      for (const entry of rows) {
        if (Array.isArray(entry) && typeof entry[0] === 'string') this.apply({ t: name, k: entry[0], v: entry[1] });
      }
    }
  }
}

/** Turns the ISO strings of known date fields back into Dates (JSON has no date type). */
function reviveDates(row: unknown): unknown {
  if (!row || typeof row !== 'object') return row;
  const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
  for (const [k, v] of Object.entries(out)) if (DATE_KEYS.has(k) && typeof v === 'string') out[k] = new Date(v);
  return out;
}

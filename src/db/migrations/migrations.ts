/** The numbered migrations. Append only: a released migration is never edited. */
import { createTableSql, TABLES } from './tables.js';

/** One migration: idempotent statements (IF NOT EXISTS), applied in order. */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

const tablesOf = (version: number): string[] => TABLES.filter((t) => t.migration === version).map(createTableSql);

/** Every migration this minilvb knows, ascending. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'createDB.sh tables (tb_account, tb_room, tb_vod, tb_ugc)', statements: tablesOf(1) },
  { version: 2, name: 'sessions (minilvb_session)', statements: tablesOf(2) },
  { version: 3, name: 'legacy live list (minilvb_live, minilvb_group_member)', statements: tablesOf(3) },
  { version: 4, name: 'RoomService (minilvb_rs_*)', statements: tablesOf(4) },
];

/** The newest schema version this minilvb knows. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/**
 * `db verify`: compares the live schema (information_schema) with the expected one and lists
 * every difference precisely. It never changes anything (docs/config-files.md#how-minilvb-db-provisions, item 4).
 */
import type { DbConfig } from '../config/index.js';
import { MinilvbError } from '../errors.js';
import { connect, type SqlConn } from './mysql/connection.js';
import { defaultSql, TABLES, type ColumnDefault, type TableDef } from './migrations/tables.js';

/** One way the live schema differs from the expected one. */
export interface SchemaDifference {
  kind:
    | 'missing-table'
    | 'missing-column'
    | 'missing-index'
    | 'type'
    | 'nullable'
    | 'default'
    | 'on-update'
    | 'index-columns'
    | 'engine'
    | 'charset';
  table: string;
  column?: string;
  index?: string;
  expected: string;
  actual: string;
  /** One line, e.g. `tb_account.nickname: type is varchar(50), expected varchar(100)`. */
  message: string;
}

/** Result of verifySchema. */
export interface SchemaReport {
  database: string;
  ok: boolean;
  differences: SchemaDifference[];
  /** Columns and indexes present but not expected (not an error: a PHP-era database may have more). */
  extras: string[];
  tablesChecked: number;
}

interface LiveColumn {
  TABLE_NAME: string;
  COLUMN_NAME: string;
  COLUMN_TYPE: string;
  IS_NULLABLE: string;
  COLUMN_DEFAULT: unknown;
  EXTRA: string;
}
interface LiveIndex {
  TABLE_NAME: string;
  INDEX_NAME: string;
  COLUMN_NAME: string;
  SEQ_IN_INDEX: unknown;
  NON_UNIQUE: unknown;
}
interface LiveTable {
  TABLE_NAME: string;
  ENGINE: string | null;
  TABLE_COLLATION: string | null;
}

/** Connects with the application credentials and runs verifySchema. */
export async function verifyDatabase(db: DbConfig): Promise<SchemaReport> {
  const conn = await connect({
    host: db.host,
    port: db.port,
    user: db.user,
    database: db.name,
    ...(db.password === undefined ? {} : { password: db.password }),
  });
  try {
    return await verifySchema(conn);
  } finally {
    await conn.close();
  }
}

/** Compares the schema of the connected database (DATABASE()) with the expected tables. */
export async function verifySchema(conn: SqlConn, tables: readonly TableDef[] = TABLES): Promise<SchemaReport> {
  const [db] = await conn.query<{ d: string }>('SELECT DATABASE() AS d');
  const database = String(db?.d ?? '');
  const liveTables = await conn.query<LiveTable>(
    'SELECT TABLE_NAME, ENGINE, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
  );
  const columns = await conn.query<LiveColumn>(
    'SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, ' +
      'COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS WHERE ' +
      'TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION',
  );
  const indexes = await conn.query<LiveIndex>(
    'SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME, SEQ_IN_INDEX, NON_UNIQUE ' +
      'FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ' +
      'ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX',
  );
  const differences: SchemaDifference[] = [];
  const extras: string[] = [];
  for (const t of tables) {
    const live = liveTables.find((x) => x.TABLE_NAME.toLowerCase() === t.name);
    if (!live) {
      differences.push({
        kind: 'missing-table',
        table: t.name,
        expected: 'present',
        actual: 'missing',
        message: `table ${t.name} is missing (created by migration ${t.migration}; run \`minilvb db migrate\`)`,
      });
      continue;
    }
    if (live.ENGINE && live.ENGINE.toLowerCase() !== 'innodb')
      differences.push(
        diff('engine', t.name, {}, 'InnoDB', live.ENGINE, `${t.name}: engine is ${live.ENGINE}, expected InnoDB`),
      );
    if (live.TABLE_COLLATION && !live.TABLE_COLLATION.startsWith('utf8mb4'))
      differences.push(
        diff(
          'charset',
          t.name,
          {},
          'utf8mb4',
          live.TABLE_COLLATION,
          `${t.name}: collation is ${live.TABLE_COLLATION}, expected utf8mb4`,
        ),
      );
    compareColumns(
      t,
      columns.filter((c) => c.TABLE_NAME === live.TABLE_NAME),
      differences,
      extras,
    );
    compareIndexes(
      t,
      indexes.filter((i) => i.TABLE_NAME === live.TABLE_NAME),
      differences,
      extras,
    );
  }
  return { database, ok: differences.length === 0, differences, extras, tablesChecked: tables.length };
}

function compareColumns(t: TableDef, live: LiveColumn[], out: SchemaDifference[], extras: string[]): void {
  for (const col of t.columns) {
    const where = `${t.name}.${col.name}`;
    const lc = live.find((c) => c.COLUMN_NAME.toLowerCase() === col.name);
    if (!lc) {
      out.push(
        diff(
          'missing-column',
          t.name,
          { column: col.name },
          col.type,
          'missing',
          `${where}: column is missing (expected ${col.type}${col.nullable ? '' : ' NOT NULL'})`,
        ),
      );
      continue;
    }
    const type = normType(lc.COLUMN_TYPE);
    if (type !== normType(col.type))
      out.push(
        diff(
          'type',
          t.name,
          { column: col.name },
          col.type,
          lc.COLUMN_TYPE,
          `${where}: type is ${lc.COLUMN_TYPE}, expected ${col.type}`,
        ),
      );
    const nullable = lc.IS_NULLABLE === 'YES';
    if (nullable !== col.nullable) {
      out.push(
        diff(
          'nullable',
          t.name,
          { column: col.name },
          col.nullable ? 'NULL' : 'NOT NULL',
          nullable ? 'NULL' : 'NOT NULL',
          `${where}: is ${nullable ? 'NULL' : 'NOT NULL'}, expected ${col.nullable ? 'NULL' : 'NOT NULL'}`,
        ),
      );
    }
    if (col.default !== undefined) {
      const actual = normDefault(lc.COLUMN_DEFAULT);
      const accepted = [col.default, ...(col.alsoAccept ?? [])].map(defaultKey);
      if (!accepted.includes(actual)) {
        out.push(
          diff(
            'default',
            t.name,
            { column: col.name },
            defaultSql(col.default),
            actual,
            `${where}: default is ${actual}, expected ${defaultSql(col.default)}`,
          ),
        );
      }
      const onUpdate = /on update current_timestamp/i.test(lc.EXTRA);
      if (onUpdate !== Boolean(col.onUpdateCurrentTimestamp)) {
        const e = col.onUpdateCurrentTimestamp ? 'ON UPDATE CURRENT_TIMESTAMP' : 'no ON UPDATE';
        const a = onUpdate ? 'ON UPDATE CURRENT_TIMESTAMP' : 'no ON UPDATE';
        out.push(diff('on-update', t.name, { column: col.name }, e, a, `${where}: has ${a}, expected ${e}`));
      }
    }
  }
  for (const lc of live)
    if (!t.columns.some((c) => c.name === lc.COLUMN_NAME.toLowerCase()))
      extras.push(`${t.name}.${lc.COLUMN_NAME} (${lc.COLUMN_TYPE})`);
}

function compareIndexes(t: TableDef, live: LiveIndex[], out: SchemaDifference[], extras: string[]): void {
  const byName = new Map<string, LiveIndex[]>();
  for (const ix of live) byName.set(ix.INDEX_NAME, [...(byName.get(ix.INDEX_NAME) ?? []), ix]);
  const expected = [{ name: 'PRIMARY', columns: t.primaryKey, unique: true }, ...(t.indexes ?? [])];
  for (const ix of expected) {
    const label = ix.name === 'PRIMARY' ? 'primary key' : `index ${ix.name}`;
    const parts = byName.get(ix.name);
    const want = `(${ix.columns.join(', ')})`;
    if (!parts) {
      out.push(
        diff('missing-index', t.name, { index: ix.name }, want, 'missing', `${t.name}: ${label} ${want} is missing`),
      );
      continue;
    }
    const got = `(${[...parts]
      .sort((a, b) => Number(a.SEQ_IN_INDEX) - Number(b.SEQ_IN_INDEX))
      .map((p) => p.COLUMN_NAME.toLowerCase())
      .join(', ')})`;
    if (got !== want)
      out.push(
        diff(
          'index-columns',
          t.name,
          { index: ix.name },
          want,
          got,
          `${t.name}: ${label} is on ${got}, expected ${want}`,
        ),
      );
  }
  for (const name of byName.keys()) if (!expected.some((e) => e.name === name)) extras.push(`${t.name} index ${name}`);
}

function diff(
  kind: SchemaDifference['kind'],
  table: string,
  at: { column?: string; index?: string },
  expected: string,
  actual: string,
  message: string,
): SchemaDifference {
  return { kind, table, ...at, expected, actual, message };
}

/** `int(11)` (MariaDB, MySQL 5.7) and `int` (MySQL ≥ 8.0.19) are the same type. */
function normType(t: string): string {
  return t
    .toLowerCase()
    .replace(/^(tinyint|smallint|mediumint|int|bigint)\(\d+\)/, '$1')
    .trim();
}

/** MariaDB quotes literal defaults and writes `current_timestamp()`; MySQL does neither. */
function normDefault(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  const s = String(v);
  if (/^current_timestamp(\(\))?$/i.test(s)) return 'CURRENT_TIMESTAMP';
  if (s === 'NULL') return 'NULL';
  const quoted = /^'(.*)'$/s.exec(s);
  return `'${quoted ? (quoted[1]?.replaceAll("''", "'") ?? '') : s}'`;
}

function defaultKey(d: ColumnDefault): string {
  return typeof d === 'string' ? d : `'${d.literal}'`;
}

/** Tables, and columns of existing tables, the server needs but the database lacks. */
export interface MissingSchema {
  tables: string[];
  /** Missing columns by table (tables that exist). */
  columns: Record<string, string[]>;
}

/** The missing tables and columns of a report (other differences are `db verify`'s business). */
export function missingSchema(report: SchemaReport): MissingSchema {
  const out: MissingSchema = { tables: [], columns: {} };
  for (const d of report.differences) {
    if (d.kind === 'missing-table') out.tables.push(d.table);
    if (d.kind === 'missing-column' && d.column) (out.columns[d.table] ??= []).push(d.column);
  }
  return out;
}

/** One line naming every missing table and column, or undefined when nothing is missing. */
export function describeMissing(m: MissingSchema): string | undefined {
  const parts = [
    ...m.tables.map((t) => `table ${t} is missing`),
    ...Object.entries(m.columns).map(
      ([t, cols]) => `${t} lacks column${cols.length > 1 ? 's' : ''} ${cols.join(', ')}`,
    ),
  ];
  return parts.length === 0 ? undefined : parts.join('; ');
}

/** Throws MLVB_DB_SCHEMA when a table or column the server uses is missing (e.g. a PHP-era tb_vod). */
export async function assertColumns(conn: SqlConn): Promise<void> {
  const report = await verifySchema(conn);
  const missing = missingSchema(report);
  const text = describeMissing(missing);
  if (!text) return;
  throw new MinilvbError('MLVB_DB_SCHEMA', `The database ${report.database} has an old schema: ${text}.`, {
    hint: 'Run `minilvb db migrate` (it only adds the missing tables and columns; `--dry-run` shows the statements).',
    details: { missingTables: missing.tables, missingColumns: missing.columns },
  });
}

/**
 * The expected schema as data: the DDL of the migrations is generated from it, and `db verify`
 * compares the live schema with it. The `tb_*` tables are exactly `createDB.sh`
 * (docs/config-files.md#the-createdbsh-tables), except `tb_vod.start_time DEFAULT CURRENT_TIMESTAMP`
 * (docs/config-files.md#how-minilvb-db-provisions, item 3; the PHP-era zero-date default is accepted
 * too). The `minilvb_*` tables are ours (docs/config-files.md#minilvbs-own-tables).
 */

/** A column default: a literal (rendered quoted), SQL NULL, or CURRENT_TIMESTAMP. */
export type ColumnDefault = { literal: string } | 'NULL' | 'CURRENT_TIMESTAMP';

/** One expected column. */
export interface ColumnDef {
  name: string;
  /** As written in the DDL, e.g. `varchar(50)`, `int(11)`, `timestamp`. */
  type: string;
  nullable: boolean;
  /** Undefined: none declared (the server may add an implicit one; not checked). */
  default?: ColumnDefault;
  /** Other defaults `db verify` accepts (PHP-era databases). */
  alsoAccept?: ColumnDefault[];
  onUpdateCurrentTimestamp?: boolean;
}

/** One expected index (PRIMARY included). */
export interface IndexDef {
  name: string;
  columns: string[];
  unique: boolean;
}

/** One expected table. */
export interface TableDef {
  name: string;
  columns: ColumnDef[];
  primaryKey: string[];
  indexes?: IndexDef[];
  /** The migration that creates it. */
  migration: number;
}

const c = (
  name: string,
  type: string,
  nullable: boolean,
  def?: ColumnDefault,
  extra: Partial<ColumnDef> = {},
): ColumnDef => ({ name, type, nullable, ...(def === undefined ? {} : { default: def }), ...extra });
const lit = (v: string): ColumnDefault => ({ literal: v });
const NOW = 'CURRENT_TIMESTAMP' as const;
const ON_UPDATE = { onUpdateCurrentTimestamp: true };

/**
 * RoomService (docs/roomservice.md#the-bundled-roomservice): tokens, rooms, members, audiences, the sweep
 * lease and the pushed configuration, shared by every instance on the database. Times are Unix ms (bigint):
 * the server's injected clock, not the database's.
 */
const ROOMSERVICE_TABLES: readonly TableDef[] = [
  {
    name: 'minilvb_rs_token',
    migration: 4,
    primaryKey: ['user_id'],
    columns: [
      c('user_id', 'varchar(64)', false),
      c('token_sha256', 'char(64)', false),
      c('expires_ms', 'bigint(20)', false),
    ],
  },
  {
    name: 'minilvb_rs_room',
    migration: 4,
    primaryKey: ['room_type', 'room_id'],
    columns: [
      c('room_type', 'varchar(16)', false),
      c('room_id', 'varchar(64)', false),
      c('room_info', 'text', false),
      c('room_creator', 'varchar(64)', false, lit('')),
      c('mixed_play_url', 'varchar(512)', false, lit('')),
      c('custom', 'text', false),
      c('active', 'tinyint(4)', false, lit('0')),
      c('members', 'int(11)', false, lit('0')),
      c('audience_count', 'int(11)', false, lit('0')),
      c('created_ms', 'bigint(20)', false),
    ],
    indexes: [{ name: 'idx_rs_room_created', columns: ['room_type', 'active', 'created_ms'], unique: false }],
  },
  {
    name: 'minilvb_rs_pusher',
    migration: 4,
    primaryKey: ['room_type', 'room_id', 'user_id'],
    columns: [
      c('room_type', 'varchar(16)', false),
      c('room_id', 'varchar(64)', false),
      c('user_id', 'varchar(64)', false),
      c('user_name', 'varchar(255)', false, lit('')),
      c('user_avatar', 'varchar(512)', false, lit('')),
      c('push_url', 'varchar(1024)', false, lit('')),
      c('stream_id', 'varchar(128)', false, lit('')),
      c('accelerate_url', 'varchar(1024)', false, lit('')),
      c('heartbeat_ms', 'bigint(20)', false),
      c('joined_ms', 'bigint(20)', false),
    ],
    indexes: [{ name: 'idx_rs_pusher_heartbeat', columns: ['heartbeat_ms'], unique: false }],
  },
  {
    name: 'minilvb_rs_audience',
    migration: 4,
    primaryKey: ['room_type', 'room_id', 'user_id'],
    columns: [
      c('room_type', 'varchar(16)', false),
      c('room_id', 'varchar(64)', false),
      c('user_id', 'varchar(64)', false),
      c('user_info', 'text', false),
      c('joined_ms', 'bigint(20)', false),
    ],
  },
  {
    name: 'minilvb_rs_lease',
    migration: 4,
    primaryKey: ['name'],
    columns: [c('name', 'varchar(32)', false), c('owner', 'varchar(64)', false), c('expires_ms', 'bigint(20)', false)],
  },
  {
    name: 'minilvb_rs_nonce',
    migration: 4,
    primaryKey: ['nonce'],
    columns: [c('nonce', 'char(32)', false), c('expires_ms', 'bigint(20)', false)],
  },
  {
    name: 'minilvb_rs_config',
    migration: 4,
    primaryKey: ['id'],
    columns: [c('id', 'tinyint(4)', false), c('config', 'mediumtext', false), c('updated_ms', 'bigint(20)', false)],
  },
];

/** Every table minilvb expects, in creation order. */
export const TABLES: readonly TableDef[] = [
  {
    name: 'tb_account',
    migration: 1,
    primaryKey: ['userid'],
    columns: [
      c('userid', 'varchar(50)', false),
      c('password', 'varchar(255)', true, 'NULL'),
      c('nickname', 'varchar(100)', true, 'NULL'),
      c('sex', 'int(11)', true, lit('-1')),
      c('avatar', 'varchar(254)', true, 'NULL'),
      c('frontcover', 'varchar(255)', true, 'NULL'),
      c('create_time', 'timestamp', false, NOW),
    ],
  },
  {
    name: 'tb_room',
    migration: 1,
    primaryKey: ['userid'],
    columns: [
      c('userid', 'varchar(50)', false),
      c('title', 'varchar(255)', false),
      c('frontcover', 'varchar(255)', true, 'NULL'),
      c('location', 'varchar(128)', true, 'NULL'),
      c('create_time', 'timestamp', false, NOW, ON_UPDATE),
    ],
  },
  {
    name: 'tb_vod',
    migration: 1,
    primaryKey: ['userid', 'file_id'],
    columns: [
      c('userid', 'varchar(50)', false),
      c('file_id', 'varchar(150)', false),
      c('frontcover', 'varchar(255)', true, 'NULL'),
      c('location', 'varchar(128)', true, 'NULL'),
      c('play_url', 'varchar(255)', true, 'NULL'),
      c('like_count', 'int(11)', false, lit('0')),
      c('viewer_count', 'int(11)', false, lit('0')),
      c('create_time', 'timestamp', false, NOW, ON_UPDATE),
      c('hls_play_url', 'varchar(255)', true, 'NULL'),
      c('start_time', 'timestamp', false, NOW, { alsoAccept: [lit('0000-00-00 00:00:00')] }),
      c('title', 'varchar(128)', true, 'NULL'),
    ],
  },
  {
    name: 'tb_ugc',
    migration: 1,
    primaryKey: ['userid', 'file_id'],
    columns: [
      c('userid', 'varchar(50)', false),
      c('file_id', 'varchar(150)', false),
      c('title', 'varchar(128)', true, 'NULL'),
      c('frontcover', 'varchar(255)', true, 'NULL'),
      c('location', 'varchar(128)', true, 'NULL'),
      c('play_url', 'varchar(255)', true, 'NULL'),
      c('create_time', 'timestamp', false, NOW, ON_UPDATE),
    ],
  },
  {
    name: 'minilvb_session',
    migration: 2,
    primaryKey: ['userid'],
    columns: [
      c('userid', 'varchar(50)', false),
      c('token', 'varchar(64)', false),
      c('token_expires', 'timestamp', false),
      c('refresh_sha256', 'char(64)', false),
      c('refresh_expires', 'timestamp', false),
      c('updated_at', 'timestamp', false, NOW, ON_UPDATE),
    ],
  },
  {
    name: 'minilvb_live',
    migration: 3,
    primaryKey: ['userid'],
    columns: [
      c('userid', 'varchar(50)', false),
      c('groupid', 'varchar(150)', false, lit('')),
      c('title', 'varchar(255)', false, lit('')),
      c('status', 'tinyint(4)', false, lit('0')),
      c('viewercount', 'int(11)', false, lit('0')),
      c('likecount', 'int(11)', false, lit('0')),
      c('push_time', 'timestamp', false, NOW),
      c('nickname', 'varchar(100)', false, lit('')),
      c('headpic', 'varchar(255)', false, lit('')),
      c('frontcover', 'varchar(255)', false, lit('')),
      c('location', 'varchar(128)', false, lit('')),
    ],
    indexes: [{ name: 'idx_live_status_push', columns: ['status', 'push_time'], unique: false }],
  },
  {
    name: 'minilvb_group_member',
    migration: 3,
    primaryKey: ['groupid', 'userid'],
    columns: [
      c('groupid', 'varchar(150)', false),
      c('userid', 'varchar(50)', false),
      c('liveuserid', 'varchar(50)', false, lit('')),
      c('nickname', 'varchar(100)', false, lit('')),
      c('headpic', 'varchar(255)', false, lit('')),
      c('joined_at', 'timestamp', false, NOW),
    ],
  },
  ...ROOMSERVICE_TABLES,
];

/** The bookkeeping table, created before anything else (docs/config-files.md#minilvbs-own-tables). */
export const SCHEMA_TABLE_SQL =
  'CREATE TABLE IF NOT EXISTS `minilvb_schema` (\n' +
  '  `version` int NOT NULL,\n' +
  '  `applied_at` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,\n' +
  '  PRIMARY KEY (`version`)\n' +
  ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4';

/** `CREATE TABLE IF NOT EXISTS` for a table definition, in createDB.sh's layout. */
export function createTableSql(t: TableDef): string {
  const lines = t.columns.map((col) => `  \`${col.name}\` ${columnSql(col)}`);
  lines.push(`  PRIMARY KEY (${t.primaryKey.map((k) => `\`${k}\``).join(',')})`);
  for (const ix of t.indexes ?? [])
    lines.push(`  ${ix.unique ? 'UNIQUE KEY' : 'KEY'} \`${ix.name}\` (${ix.columns.map((k) => `\`${k}\``).join(',')})`);
  return `CREATE TABLE IF NOT EXISTS \`${t.name}\` (\n${lines.join(',\n')}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`;
}

/** A column's definition as written after its name in DDL. */
export function columnSql(col: ColumnDef): string {
  const parts = [col.type];
  if (!col.nullable) parts.push('NOT NULL');
  if (col.default !== undefined) parts.push(`DEFAULT ${defaultSql(col.default)}`);
  if (col.onUpdateCurrentTimestamp) parts.push('ON UPDATE CURRENT_TIMESTAMP');
  return parts.join(' ');
}

/** How a default is written in DDL (and shown by `db verify`). */
export function defaultSql(d: ColumnDefault): string {
  return typeof d === 'string' ? d : `'${d.literal.replaceAll("'", "''")}'`;
}

/**
 * `ALTER TABLE … ADD COLUMN` for a column missing from an existing table, placed where
 * createDB.sh has it. Only ever ADD COLUMN: existing rows keep their values (new columns get
 * their default), nothing is dropped, renamed or retyped.
 */
export function addColumnSql(t: TableDef, column: string): string {
  const i = t.columns.findIndex((c) => c.name === column);
  const col = t.columns[i];
  if (!col) throw new Error(`${t.name} has no column ${column}`);
  const prev = t.columns[i - 1];
  return (
    `ALTER TABLE \`${t.name}\` ADD COLUMN \`${col.name}\` ${columnSql(col)} ` +
    `${prev ? `AFTER \`${prev.name}\`` : 'FIRST'}`
  );
}

/** The generated DDL is createDB.sh's, and migrations are numbered and complete. */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS } from '../../src/db/migrations/migrations.js';
import { createTableSql, TABLES } from '../../src/db/migrations/tables.js';

const CREATE_DB_SH_TB_VOD =
  "CREATE TABLE `tb_vod` (\n  `userid` varchar(50) NOT NULL,\n  `file_id` varchar(150) NOT NULL,\n  `frontcover` varchar(255) DEFAULT NULL,\n  `location` varchar(128) DEFAULT NULL,\n  `play_url` varchar(255) DEFAULT NULL,\n  `like_count` int(11) NOT NULL DEFAULT '0',\n  `viewer_count` int(11) NOT NULL DEFAULT '0',\n  `create_time` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,\n  `hls_play_url` varchar(255) DEFAULT NULL,\n  `start_time` timestamp NOT NULL DEFAULT '0000-00-00 00:00:00',\n  `title` varchar(128) DEFAULT NULL,\n  PRIMARY KEY (`userid`,`file_id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
const CREATE_DB_SH_TB_ACCOUNT =
  "CREATE TABLE `tb_account` (\n  `userid` varchar(50) NOT NULL,\n  `password` varchar(255) DEFAULT NULL,\n  `nickname` varchar(100) DEFAULT NULL,\n  `sex` int(11) DEFAULT '-1',\n  `avatar` varchar(254) DEFAULT NULL,\n  `frontcover` varchar(255) DEFAULT NULL,\n  `create_time` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,\n  PRIMARY KEY (`userid`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

const table = (name: string) => {
  const t = TABLES.find((x) => x.name === name);
  assert.ok(t, name);
  return t;
};

describe('schema DDL', () => {
  it('generates createDB.sh tb_account exactly, with IF NOT EXISTS', () => {
    assert.equal(
      createTableSql(table('tb_account')),
      CREATE_DB_SH_TB_ACCOUNT.replace('CREATE TABLE', 'CREATE TABLE IF NOT EXISTS'),
    );
  });

  it('generates createDB.sh tb_vod except start_time DEFAULT CURRENT_TIMESTAMP (§8.3 item 3)', () => {
    const expected = CREATE_DB_SH_TB_VOD.replace('CREATE TABLE', 'CREATE TABLE IF NOT EXISTS').replace(
      "DEFAULT '0000-00-00 00:00:00'",
      'DEFAULT CURRENT_TIMESTAMP',
    );
    assert.equal(createTableSql(table('tb_vod')), expected);
  });

  it('never drops, truncates or deletes, and prefixes every added table with minilvb_', () => {
    for (const m of MIGRATIONS)
      for (const sql of m.statements) {
        assert.doesNotMatch(sql, /\b(DROP|TRUNCATE|DELETE|ALTER)\b/i);
        assert.match(sql, /^CREATE TABLE IF NOT EXISTS `(tb_account|tb_room|tb_vod|tb_ugc|minilvb_\w+)`/);
      }
  });

  it('numbers migrations 1..LATEST and creates every expected table exactly once', () => {
    assert.deepEqual(
      MIGRATIONS.map((m) => m.version),
      Array.from({ length: LATEST_VERSION }, (_, i) => i + 1),
    );
    const created = MIGRATIONS.flatMap((m) => m.statements.map((s) => /`(\w+)`/.exec(s)?.[1]));
    assert.deepEqual(
      created,
      TABLES.map((t) => t.name),
    );
  });
});

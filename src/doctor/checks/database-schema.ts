/** Tables and columns equal the expected schema (VOD-DB-TABLES, VOD-DB-WRITE). */
import { TABLES } from '../../db/migrations/tables.js';
import { defineCheck, fail, pass, skip } from '../check.js';
import { sharedConnection } from '../probe/db-probe.js';

interface ColumnRow {
  t: string;
  c: string;
  type: string;
  nullable: string;
}

/** MySQL 8 drops integer display widths (int(11) → int); compare without them. */
const norm = (type: string): string => type.toLowerCase().replace(/^(tinyint|smallint|mediumint|int|bigint)\(\d+\)/, '$1');

export default defineCheck({
  id: 'database.schema',
  group: 'database',
  title: 'Schema as expected',
  needs: { checks: ['database.connect'], after: ['server.generation'] },
  async run(ctx) {
    const open = await sharedConnection(ctx);
    if (!open.ok) return skip('no database connection');
    const bundled = ctx.result('server.generation')?.evidence?.kind === 'minilvb';
    // createDB.sh tables always; the bundled server's own session table only when it is the server.
    const expected = TABLES.filter((t) => t.migration === 1 ? t.name !== 'tb_ugc' : bundled && t.name === 'minilvb_session');
    const rows = await open.conn.query<ColumnRow>(
      'SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLUMN_TYPE AS type, IS_NULLABLE AS nullable FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()',
    );
    const live = new Map<string, Map<string, ColumnRow>>();
    for (const r of rows) {
      const table = live.get(r.t) ?? new Map<string, ColumnRow>();
      table.set(r.c, r);
      live.set(r.t, table);
    }
    const missingTables: string[] = [];
    const problems: string[] = [];
    for (const t of expected) {
      const have = live.get(t.name);
      if (!have) {
        missingTables.push(t.name);
        continue;
      }
      for (const col of t.columns) {
        const got = have.get(col.name);
        if (!got) problems.push(`${t.name}.${col.name} is missing`);
        else if (norm(got.type) !== norm(col.type)) problems.push(`${t.name}.${col.name} is ${got.type}, expected ${col.type}`);
        else if ((got.nullable === 'YES') !== col.nullable) problems.push(`${t.name}.${col.name} is ${got.nullable === 'YES' ? 'NULL' : 'NOT NULL'}, expected ${col.nullable ? 'NULL' : 'NOT NULL'}`);
      }
    }
    const evidence = { database: ctx.config.db?.name ?? '', tablesChecked: expected.length };
    if (missingTables.length > 0) {
      return fail({ summary: `missing table${missingTables.length > 1 ? 's' : ''} ${missingTables.join(', ')}`, cause: 'createDB.sh never ran or failed halfway (MySQL 8 GRANT … IDENTIFIED BY, strict-mode zero-date default), or the server points at another database', fix: { text: 'Create the missing tables without dropping anything: minilvb db (never run createDB.sh again: it starts with DROP DATABASE).', commands: ['minilvb db'] }, faqId: 'VOD-DB-TABLES', evidence });
    }
    if (problems.length > 0) {
      return fail({ summary: `schema differs: ${problems.join('; ')}`, cause: 'the tables were changed after createDB.sh, so the server\'s inserts fail (callbacks answered 2003, lists 500)', fix: { text: 'Restore the columns exactly as createDB.sh defines them (config-files.md §8.1); minilvb db verify lists every difference.', commands: ['minilvb db verify'] }, faqId: 'VOD-DB-WRITE', evidence });
    }
    return pass(`${expected.map((t) => t.name).join(', ')} as expected`, { evidence });
  },
});

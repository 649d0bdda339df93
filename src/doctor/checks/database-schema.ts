/** Tables and columns equal the expected schema (VOD-DB-TABLES, VOD-DB-WRITE), via the db capability's verifySchema. */
import { TABLES, verifySchema, type SchemaDifference } from '../../db/index.js';
import { defineCheck, fail, pass, skip, warn } from '../check.js';
import { migratePending } from '../fix/actions.js';
import { sharedConnection } from '../probe/db-probe.js';

/** Differences that make the server's inserts or lookups fail; the rest (defaults, engine, charset) are warnings. */
const BREAKING = new Set<SchemaDifference['kind']>([
  'missing-column',
  'type',
  'nullable',
  'missing-index',
  'index-columns',
]);

/** One line per difference, `tb_vod.title is varchar(64), expected varchar(128)`. */
function describe(d: SchemaDifference): string {
  const at = `${d.table}.${d.column ?? ''}`;
  switch (d.kind) {
    case 'missing-column':
      return `${at} is missing`;
    case 'type':
      return `${at} is ${d.actual}, expected ${d.expected}`;
    case 'nullable':
      return `${at} is ${d.actual}, expected ${d.expected}`;
    default:
      return d.message;
  }
}

export default defineCheck({
  id: 'database.schema',
  group: 'database',
  title: 'Schema as expected',
  fix: migratePending,
  needs: { checks: ['database.connect'], after: ['server.generation'] },
  async run(ctx) {
    const open = await sharedConnection(ctx);
    if (!open.ok) return skip('no database connection');
    const bundled = ctx.result('server.generation')?.evidence?.kind === 'minilvb';
    // createDB.sh tables always; the bundled server's own session table only when it is the server.
    const expected = TABLES.filter((t) =>
      t.migration === 1 ? t.name !== 'tb_ugc' : bundled && t.name === 'minilvb_session',
    );
    const report = await verifySchema(open.conn, expected);
    const evidence = {
      database: report.database || (ctx.config.db?.name ?? ''),
      tablesChecked: report.tablesChecked,
      extras: report.extras.length,
    };
    const missingTables = report.differences.filter((d) => d.kind === 'missing-table').map((d) => d.table);
    if (missingTables.length > 0) {
      return fail({
        summary: `missing table${missingTables.length > 1 ? 's' : ''} ${missingTables.join(', ')}`,
        cause:
          'createDB.sh never ran or failed halfway (MySQL 8 GRANT … IDENTIFIED BY, ' +
          'strict-mode zero-date default), or the server points at another database',
        fix: {
          text:
            'Create the missing tables without dropping anything: ' +
            'minilvb db provision (never run createDB.sh again: it starts with DROP DATABASE).',
          commands: ['minilvb db provision'],
        },
        faqId: 'VOD-DB-TABLES',
        evidence,
      });
    }
    const breaking = report.differences.filter((d) => BREAKING.has(d.kind));
    if (breaking.length > 0) {
      return fail({
        summary: `schema differs: ${breaking.map(describe).join('; ')}`,
        cause:
          "the tables were changed after createDB.sh, so the server's inserts fail " +
          '(callbacks answered 2003, lists 500)',
        fix: {
          text:
            'Restore the columns exactly as createDB.sh defines them ' +
            '(docs/config-files.md#the-createdbsh-tables); minilvb db verify lists ' +
            'every difference.',
          commands: ['minilvb db verify'],
        },
        faqId: 'VOD-DB-WRITE',
        evidence,
      });
    }
    if (report.differences.length > 0) {
      return warn({
        summary: `schema details differ: ${report.differences.map(describe).join('; ')}`,
        cause:
          'defaults, engine or character set differ from createDB.sh; inserts ' +
          'still work, but behaviour may differ (e.g. emoji in titles with a ' +
          'non-utf8mb4 table)',
        fix: {
          text:
            'Compare with minilvb db verify and restore the definitions of ' +
            'docs/config-files.md#the-createdbsh-tables.',
          commands: ['minilvb db verify'],
        },
        faqId: 'VOD-DB-WRITE',
        evidence,
      });
    }
    return pass(`${expected.map((t) => t.name).join(', ')} as expected`, { evidence });
  },
});

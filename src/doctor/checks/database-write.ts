/** The server's DB user can write the tables the app flow writes, checked in a rolled-back transaction. */
import { randomBytes } from 'node:crypto';
import { checkWritePermission } from '../../db/index.js';
import { defineCheck, fail, pass, skip } from '../check.js';
import { PROBE_PREFIX } from '../probe/app-client.js';
import { openConnection } from '../probe/db-probe.js';

const DENIED = new Set(['ER_TABLEACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_OPTION_PREVENTS_STATEMENT']);

export default defineCheck({
  id: 'database.write',
  group: 'database',
  title: 'Write permission (rolled back)',
  needs: { checks: ['database.schema'] },
  async run(ctx) {
    const db = ctx.config.db;
    if (!db) return skip('no database configured');
    // A connection of its own: the transaction must not mix with the other checks' statements.
    const open = await openConnection(db);
    if (!open.ok) return skip(`cannot connect (${open.driverCode})`);
    try {
      const verdict = await checkWritePermission(open.conn, `${PROBE_PREFIX}${randomBytes(5).toString('hex')}`);
      if (verdict.ok) return pass(`${db.user} can insert into ${verdict.tables.join(', ')} (rolled back)`);
      const denied = DENIED.has(verdict.driverCode);
      return fail({
        summary: `cannot insert into ${verdict.table} as ${db.user} (${verdict.driverCode})`,
        cause: denied
          ? `the DB user lacks INSERT on ${db.name}, or the server is read-only: ` +
            `logins and callbacks fail with code 500 / 2003`
          : `the table rejects the rows the server writes (changed schema or strict SQL mode): ${verdict.message}`,
        fix: denied
          ? {
              text: `GRANT ALL PRIVILEGES ON ${db.name}.* TO the user (minilvb db provision does it).`,
              commands: ['minilvb db provision'],
            }
          : {
              text: 'Restore the expected schema (minilvb db verify lists the differences).',
              commands: ['minilvb db verify'],
            },
        faqId: denied ? 'DB-ACCESS' : 'VOD-DB-WRITE',
        evidence: { table: verdict.table, driverCode: verdict.driverCode },
      });
    } finally {
      await open.conn.close();
    }
  },
});

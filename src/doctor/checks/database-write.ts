/** The server's DB user can write the tables the app flow writes, checked in a rolled-back transaction. */
import { randomBytes } from 'node:crypto';
import { defineCheck, fail, pass, skip } from '../check.js';
import { PROBE_PREFIX } from '../probe/app-client.js';
import { driverCode, openConnection } from '../probe/db-probe.js';

export default defineCheck({
  id: 'database.write',
  group: 'database',
  title: 'Write permission (rolled back)',
  needs: { checks: ['database.schema'] },
  async run(ctx) {
    const db = ctx.config.db;
    if (!db) return skip('no database configured');
    const open = await openConnection(db);
    if (!open.ok) return skip(`cannot connect (${open.driverCode})`);
    const { conn } = open;
    const userid = `${PROBE_PREFIX}${randomBytes(5).toString('hex')}`;
    const steps: Array<[string, string, Array<string | number>]> = [
      ['tb_account', 'INSERT INTO tb_account (userid, password) VALUES (?, ?)', [userid, 'x']],
      ['tb_room', 'INSERT INTO tb_room (userid, title) VALUES (?, ?)', [userid, 'doctor']],
      ['tb_vod', 'INSERT INTO tb_vod (userid, file_id, play_url, start_time) VALUES (?, ?, ?, NOW())', [userid, userid, 'http://mlvbdoctor.invalid/x.mp4']],
    ];
    try {
      await conn.query('START TRANSACTION');
      for (const [table, sql, params] of steps) {
        try {
          await conn.exec(sql, params);
        } catch (e) {
          const code = driverCode(e);
          const denied = code === 'ER_TABLEACCESS_DENIED_ERROR' || code === 'ER_DBACCESS_DENIED_ERROR' || code === 'ER_OPTION_PREVENTS_STATEMENT';
          return fail({
            summary: `cannot insert into ${table} as ${db.user} (${code})`,
            cause: denied ? `the DB user lacks INSERT on ${db.name}, or the server is read-only: logins and callbacks fail with code 500 / 2003` : `the table rejects the rows the server writes (changed schema or strict SQL mode): ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
            fix: denied ? { text: `GRANT ALL PRIVILEGES ON ${db.name}.* TO the user (minilvb db does it).`, commands: ['minilvb db'] } : { text: 'Restore the expected schema (minilvb db verify lists the differences).', commands: ['minilvb db verify'] },
            faqId: denied ? 'DB-ACCESS' : 'VOD-DB-WRITE',
            evidence: { table, driverCode: code },
          });
        }
      }
      return pass(`${db.user} can insert into tb_account, tb_room and tb_vod (rolled back)`);
    } finally {
      await conn.query('ROLLBACK').catch(() => undefined);
      await conn.close();
    }
  },
});

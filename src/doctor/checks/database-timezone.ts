/** Time zone and clock of the database agree with the UTC+8 wall clock the apps and PHP use (DB-TZ). */
import { timeZoneReport } from '../../db/index.js';
import { defineCheck, skip } from '../check.js';
import { sharedConnection } from '../probe/db-probe.js';
import { timeZoneVerdict } from '../probe/time-zone-verdict.js';

export default defineCheck({
  id: 'database.timezone',
  group: 'database',
  title: 'Time zone and clock',
  needs: { checks: ['database.connect'], after: ['server.generation'] },
  async run(ctx) {
    const open = await sharedConnection(ctx);
    if (!open.ok) return skip('no database connection');
    const report = await timeZoneReport(open.conn);
    return timeZoneVerdict(report, ctx.result('server.generation')?.evidence?.kind, Math.floor(ctx.clock.now() / 1000));
  },
});

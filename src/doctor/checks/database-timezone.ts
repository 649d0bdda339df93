/** Time zone and clock of the database agree with the UTC+8 wall clock the apps and PHP use (DB-TZ). */
import { defineCheck, pass, skip, warn } from '../check.js';
import { sharedConnection } from '../probe/db-probe.js';

export default defineCheck({
  id: 'database.timezone',
  group: 'database',
  title: 'Time zone and clock',
  needs: { checks: ['database.connect'], after: ['server.generation'] },
  async run(ctx) {
    const open = await sharedConnection(ctx);
    if (!open.ok) return skip('no database connection');
    const [row] = await open.conn.query<{ g: string; s: string; sys: string; skew: number | string; local: string }>(
      'SELECT @@global.time_zone AS g, @@session.time_zone AS s, @@system_time_zone AS sys, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), NOW()) AS skew, UNIX_TIMESTAMP() AS local',
    );
    const offset = Number(row?.skew ?? 0);
    const dbClock = Number(row?.local ?? 0);
    const drift = dbClock - Math.floor(ctx.now() / 1000);
    const evidence = { globalTimeZone: String(row?.g), sessionTimeZone: String(row?.s), systemTimeZone: String(row?.sys), sessionOffsetSeconds: offset, clockDriftSeconds: drift };
    if (Math.abs(drift) > 60) {
      return warn({ summary: `the database clock is ${Math.abs(drift)} s ${drift > 0 ? 'ahead of' : 'behind'} this machine`, cause: 'replays get wrong times and the 7-day window shifts', fix: { text: 'Enable NTP on the database host.', commands: ['timedatectl set-ntp true'] }, faqId: 'DB-TZ', evidence });
    }
    if (offset !== 8 * 3600) {
      return warn({ summary: `a server session runs at UTC${offset >= 0 ? '+' : ''}${offset / 3600}, not UTC+8`, cause: 'SET time_zone = \'+08:00\' did not take effect', fix: { text: 'Load the time zone tables or use numeric offsets; check init_connect.' }, faqId: 'DB-TZ', evidence });
    }
    const kind = ctx.result('server.generation')?.evidence?.kind;
    const globalIs8 = /^\+0?8:00$/.test(String(row?.g)) || (String(row?.g) === 'SYSTEM' && /^(CST|\+08|Asia\/Shanghai)$/.test(String(row?.sys)));
    if (!globalIs8 && (kind === 'php-current' || kind === 'php-legacy')) {
      return warn({ summary: `the database default time zone is ${String(row?.g)}${row?.g === 'SYSTEM' ? ` (${String(row?.sys)})` : ''}, and a PHP server uses it`, cause: 'PHP writes UTC+8 wall-clock times but the database compares them in its own zone: replays appear 8 h off or fall out of the 7-day window', fix: { text: 'Set default-time-zone=\'+08:00\' in the MySQL server config and restart it (the bundled server sets it per session).' }, faqId: 'DB-TZ', evidence });
    }
    return pass(`sessions at UTC+8, clock within ${Math.abs(drift)} s${globalIs8 ? '' : ` (default ${String(row?.g)}; the bundled server sets +08:00 per session)`}`, { evidence });
  },
});

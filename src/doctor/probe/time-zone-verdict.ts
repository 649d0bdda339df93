/** Judges a database's time zone report for DB-TZ (the facts come from src/db timeZoneReport). */
import type { TimeZoneReport } from '../../db/index.js';
import { pass, warn, type CheckOutcome } from '../check.js';

/** UTC+8 as MySQL may spell the global zone. */
function globalIsChina(r: TimeZoneReport): boolean {
  return (
    /^\+0?8:00$/.test(r.globalTimeZone) ||
    /^(Asia\/(Shanghai|Chongqing|Harbin|Urumqi|Hong_Kong|Macau|Taipei|Singapore)|PRC)$/.test(r.globalTimeZone) ||
    (r.globalTimeZone === 'SYSTEM' && /^(CST|\+08|Asia\/Shanghai)$/.test(r.systemTimeZone))
  );
}

/**
 * The outcome for a report: clock drift first (affects every server), then a session that is not
 * UTC+8 (the server's own connection), then a non-UTC+8 default under a PHP server (PHP relies on it).
 * `serverKind` is server.generation's evidence.kind; `nowSeconds` this machine's clock.
 */
export function timeZoneVerdict(r: TimeZoneReport, serverKind: unknown, nowSeconds: number): CheckOutcome {
  const drift = r.unixTime - nowSeconds;
  const evidence = {
    globalTimeZone: r.globalTimeZone,
    sessionTimeZone: r.sessionTimeZone,
    systemTimeZone: r.systemTimeZone,
    sessionOffsetSeconds: r.sessionOffsetSeconds,
    clockDriftSeconds: drift,
  };
  if (Math.abs(drift) > 60) {
    return warn({
      summary: `the database clock is ${Math.abs(drift)} s ${drift > 0 ? 'ahead of' : 'behind'} this machine`,
      cause: 'replays get wrong times and the 7-day window shifts',
      fix: { text: 'Enable NTP on the database host.', commands: ['timedatectl set-ntp true'] },
      faqId: 'DB-TZ',
      evidence,
    });
  }
  const offset = r.sessionOffsetSeconds;
  if (offset !== 8 * 3600) {
    return warn({
      summary:
        `a server session runs at UTC${offset >= 0 ? '+' : ''}${offset / 3600} ` +
        `(time_zone ${r.sessionTimeZone}), not UTC+8`,
      cause:
        'the session time zone is not +08:00, so times are written and compared ' +
        'off by hours: replays appear 8 h late/early or fall out of the 7-day ' +
        'window',
      fix: {
        text:
          "Set default-time-zone='+08:00' in the MySQL server config (the bundled " +
          'server sets it per session); check init_connect.',
      },
      faqId: 'DB-TZ',
      evidence,
    });
  }
  const china = globalIsChina(r);
  if (!china && (serverKind === 'php-current' || serverKind === 'php-legacy')) {
    return warn({
      summary:
        `the database default time zone is ${r.globalTimeZone}` +
        `${r.globalTimeZone === 'SYSTEM' ? ` (${r.systemTimeZone})` : ''}, and a ` +
        `PHP server uses it`,
      cause:
        'PHP writes UTC+8 wall-clock times but the database compares them in its ' +
        'own zone: replays appear 8 h off or fall out of the 7-day window',
      fix: {
        text:
          "Set default-time-zone='+08:00' in the MySQL server config and restart " +
          'it (the bundled server sets it per session).',
      },
      faqId: 'DB-TZ',
      evidence,
    });
  }
  return pass(
    `sessions at UTC+8, clock within ${Math.abs(drift)} s` +
      `${china ? '' : ` (default ${r.globalTimeZone}; the bundled server sets +08:00 per session)`}`,
    { evidence },
  );
}

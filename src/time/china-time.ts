/**
 * UTC+8 wall-clock rendering. The PHP server runs under `date_default_timezone_set('PRC')` and
 * the apps show reply times as-is, so every time in a reply is China time whatever the host's
 * TZ is. We add the fixed +8 h offset and read the UTC fields instead of relying on Intl/TZ data,
 * which keeps the result independent of the process time zone (China has no DST).
 */
const OFFSET_MS = 8 * 3600 * 1000;

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD HH:MM:SS` in UTC+8 for a Unix time in seconds, or a Date. */
export function chinaTime(at: number | Date): string {
  const ms = typeof at === 'number' ? at * 1000 : at.getTime();
  const d = new Date(ms + OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    ` ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:` +
    `${pad(d.getUTCSeconds())}`
  );
}

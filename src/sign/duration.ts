/** Durations for expiry flags: `3600`, `90s`, `90m`, `2h`, `180d`, `1w`. */
import { InputError } from '../errors.js';
import { chinaTime } from '../time/china-time.js';

const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Parses a duration into whole seconds; `what` names the flag in the error. */
export function parseDuration(text: string, what = 'duration'): number {
  const m = /^\s*(\d{1,9})\s*([smhdw]?)\s*$/i.exec(text);
  const seconds = m ? Number(m[1]) * (UNITS[(m[2] || 's').toLowerCase()] as number) : NaN;
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new InputError(
      `Invalid ${what} ${JSON.stringify(text)}: expected a positive number of ` +
        `seconds, or a number with s, m, h, d or w.`,
      {
        hint: 'Examples: 3600, 90m, 2h, 180d.',
      },
    );
  }
  return seconds;
}

/** Times shown to users: ISO 8601 UTC and the UTC+8 wall clock the Tencent consoles use. */
export interface ShownTime {
  unix: number;
  iso: string;
  utc8: string;
}

export function showTime(unix: number): ShownTime {
  const iso = new Date(unix * 1000).toISOString().replace('.000Z', 'Z');
  const utc8 = `${chinaTime(unix)} UTC+8`;
  return { unix, iso, utc8 };
}

/** A Unix time given as decimal seconds, or as hex (letters present, or a 0x prefix), as txTime is written. */
export function parseUnixOrHex(text: string, what = 'time'): number {
  const t = text.trim();
  let value = NaN;
  if (/^\d{1,12}$/.test(t)) value = Number(t);
  else if (/^(0x)?[0-9a-f]{1,10}$/i.test(t)) value = parseInt(t.replace(/^0x/i, ''), 16);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new InputError(
      `Invalid ${what} ${JSON.stringify(text)}: expected Unix seconds in ` +
        `decimal (1546064025) or hex (5C271099, 0x5C271099).`,
    );
  }
  return value;
}

/** Colour decisions in one place: --no-color, NO_COLOR, FORCE_COLOR, and whether stdout is a TTY. */
import { Chalk, type ChalkInstance } from 'chalk';

export type Style = ChalkInstance;

export function colorLevel(opts: { color: boolean; env: Record<string, string | undefined>; isTTY: boolean }): 0 | 1 | 2 | 3 {
  if (!opts.color) return 0;
  const force = opts.env.FORCE_COLOR;
  if (force !== undefined) return force === '0' || force === 'false' ? 0 : (Math.min(3, Math.max(1, Number(force) || 1)) as 1 | 2 | 3);
  if (opts.env.NO_COLOR !== undefined && opts.env.NO_COLOR !== '') return 0;
  return opts.isTTY ? 1 : 0;
}

export function makeStyle(level: 0 | 1 | 2 | 3): Style {
  return new Chalk({ level });
}

/** Status symbols, with plain-text fallbacks when colour is off (so logs stay readable). */
export const SYMBOLS = { pass: '✓', warn: '!', fail: '✗', skip: '-', error: '✗', info: 'i' } as const;

/** Colour decisions in one place: --no-color, NO_COLOR, FORCE_COLOR, and whether stdout is a TTY. */
import type { ChalkInstance } from 'chalk';

export type Style = ChalkInstance;

export function colorLevel(opts: {
  color: boolean;
  env: Record<string, string | undefined>;
  isTTY: boolean;
}): 0 | 1 | 2 | 3 {
  if (!opts.color) return 0;
  const force = opts.env.FORCE_COLOR;
  if (force !== undefined)
    return force === '0' || force === 'false' ? 0 : (Math.min(3, Math.max(1, Number(force) || 1)) as 1 | 2 | 3);
  if (opts.env.NO_COLOR !== undefined && opts.env.NO_COLOR !== '') return 0;
  return opts.isTTY ? 1 : 0;
}

/** chalk is loaded only when colours are on; plain output (pipes, CI, --json) skips it for startup time. */
export async function makeStyle(level: 0 | 1 | 2 | 3): Promise<Style> {
  if (level === 0) return plainStyle();
  const { Chalk } = await import('chalk');
  return new Chalk({ level });
}

const COLOR_MODELS = new Set(['rgb', 'hex', 'ansi256', 'bgRgb', 'bgHex', 'bgAnsi256']);

/** A colourless stand-in with chalk's chainable surface: `s.bold.red('x')` returns 'x'. */
function plainStyle(): Style {
  const identity = (...args: unknown[]): string => args.join(' ');
  const proxy: Style = new Proxy(identity, {
    get(_target, prop) {
      // Not a thenable, or `await makeStyle(0)` would never settle.
      if (prop === 'then' || typeof prop === 'symbol') return undefined;
      if (prop === 'level') return 0;
      if (prop === 'visible') return () => '';
      if (typeof prop === 'string' && COLOR_MODELS.has(prop)) return () => proxy;
      return proxy;
    },
  }) as unknown as Style;
  return proxy;
}

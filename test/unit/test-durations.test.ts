/** test/durations.json (test/durations.ts) names test files that exist, with a number of seconds each. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readDurations } from '../durations.js';

describe('test/durations.json', () => {
  it('names only existing test files, each with its seconds', () => {
    const hints: Record<string, unknown> = readDurations();
    const test = fileURLToPath(new URL('..', import.meta.url));
    const stale = Object.keys(hints).filter((f) => !f.endsWith('.test.ts') || !existsSync(test + f));
    expect(stale, 'npm test -- --update-durations rewrites it').toEqual([]);
    expect(Object.values(hints).every((s) => typeof s === 'number' && s > 0)).toBe(true);
  });
});

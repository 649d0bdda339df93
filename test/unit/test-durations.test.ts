/** test/durations.json (test/sequencer.ts) names test files that exist, with a number of seconds each. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DURATIONS_FILE } from '../sequencer.js';

describe('test/durations.json', () => {
  it('names only existing test files, each with its seconds', () => {
    const hints = JSON.parse(readFileSync(DURATIONS_FILE, 'utf8')) as Record<string, unknown>;
    const test = fileURLToPath(new URL('..', import.meta.url));
    const stale = Object.keys(hints).filter((f) => !f.endsWith('.test.ts') || !existsSync(test + f));
    expect(stale, 'npm test -- --update-durations rewrites it').toEqual([]);
    expect(Object.values(hints).every((s) => typeof s === 'number' && s > 0)).toBe(true);
  });
});

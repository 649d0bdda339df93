/**
 * test/durations.json: the wall time in seconds of each test file that takes a second or more, by path from
 * test/. test/sequencer.ts orders a run by it where vitest has recorded no durations (a fresh clone);
 * `npm test -- --update-durations` rewrites it. Apart from the sequencer, so that test/run-tests.ts, which
 * rewrites it, does not load vitest itself (~3 s of CPU).
 */
import { readFileSync } from 'node:fs';

export const DURATIONS_FILE = new URL('./durations.json', import.meta.url);

export function readDurations(): Record<string, number> {
  return JSON.parse(readFileSync(DURATIONS_FILE, 'utf8')) as Record<string, number>;
}

/**
 * Longest files first, so that no long file starts late and runs on alone at the end. vitest does this by
 * itself only from the durations it recorded in the last run (node_modules/.vite); a fresh clone has none,
 * and vitest then orders by file size, which put a 12 s file with 4 KB of code at 58 s of a 70 s run.
 * test/durations.json (test/durations.ts) has them for a fresh clone; a recorded duration, where there is
 * one, is fresher and wins.
 */
import { join, relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { readDurations } from './durations.js';

const hints = readDurations();

export class LongestFirstSequencer extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const key = (spec: TestSpecification): string => `${spec.project.name}:${relative(root, spec.moduleId)}`;
    const seconds = (spec: TestSpecification): number => {
      const recorded = this.ctx.cache.getFileTestResults(key(spec));
      return recorded ? recorded.duration / 1000 : (hints[relative(join(root, 'test'), spec.moduleId)] ?? 0);
    };
    // Among files of no known duration (all short), the larger first, as vitest does.
    const size = (spec: TestSpecification): number => this.ctx.cache.getFileStats(key(spec))?.size ?? 0;
    const group = (spec: TestSpecification): number => spec.project.config.sequence.groupOrder;
    return Promise.resolve(
      [...files].sort((a, b) => group(a) - group(b) || seconds(b) - seconds(a) || size(b) - size(a)),
    );
  }
}

/** Which checks a doctor run executes: named ids/groups, their prerequisites, minus --skip. */
import { closest } from '../config/did-you-mean.js';
import { UsageError } from '../errors.js';
import { CHECK_GROUPS, type Check } from './check.js';

/** The selection: checks to run (registry order) and the ids excluded by --skip. */
export interface Selection {
  checks: Check[];
  skipped: Set<string>;
}

/**
 * `targets` are check ids or group names (empty: everything). Prerequisites of selected checks
 * are pulled in, so `doctor callback.signed` also runs the server checks it depends on.
 * An unknown id or group is a usage error that lists the known ones.
 */
export function selectChecks(
  all: readonly Check[],
  targets: readonly string[] = [],
  skip: readonly string[] = [],
): Selection {
  const byId = new Map(all.map((c) => [c.id, c]));
  const expand = (names: readonly string[], flag: string): Set<string> => {
    const ids = new Set<string>();
    const unknown: string[] = [];
    // `--skip a,b` like the positional `doctor a,b`: commas separate names in both.
    for (const name of names
      .flatMap((n) => n.split(','))
      .map((n) => n.trim())
      .filter(Boolean)) {
      if (byId.has(name)) ids.add(name);
      else if ((CHECK_GROUPS as readonly string[]).includes(name))
        for (const c of all) {
          if (c.group === name) ids.add(c.id);
        }
      else unknown.push(name);
    }
    if (unknown.length > 0) throw unknownError(unknown, flag, all);
    return ids;
  };
  const wanted = targets.length > 0 ? expand(targets, 'check') : new Set(all.filter((c) => !c.optIn).map((c) => c.id));
  const skipped = expand(skip, '--skip');
  const queue = [...wanted];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    for (const dep of byId.get(id)?.needs?.checks ?? []) {
      if (!wanted.has(dep) && byId.has(dep)) {
        wanted.add(dep);
        queue.push(dep);
      }
    }
  }
  return { checks: all.filter((c) => wanted.has(c.id)), skipped };
}

function unknownError(unknown: string[], flag: string, all: readonly Check[]): UsageError {
  const groups = CHECK_GROUPS.filter((g) => all.some((c) => c.group === g));
  const names = [...all.map((c) => c.id), ...groups];
  const near = [...new Set(unknown.flatMap((u) => closest(u, names, 2)))];
  return new UsageError(`Unknown ${flag === '--skip' ? '--skip target' : 'check'}: ${unknown.join(', ')}.`, {
    hint:
      `${near.length > 0 ? `Did you mean ${near.join(', ')}? ` : ''}Groups: ` +
      `${groups.join(', ')}. Checks: ${all.map((c) => c.id).join(', ')}. ` +
      `\`minilvb doctor --list-checks\` describes them.`,
    details: { unknown, known: all.map((c) => c.id), groups },
  });
}

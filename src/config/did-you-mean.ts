/** "Did you mean …?" for mistyped names (config keys, check ids): the nearest known names by edit distance. */

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/**
 * The known names closest to `name` (case-insensitive), best first: an exact match of the last
 * dotted part (`bucket` → `cos.bucket`), a prefix, or within a third of the length in edits.
 */
export function closest(name: string, known: readonly string[], max = 3): string[] {
  const lower = name.toLowerCase();
  const scored = known.map((k) => {
    const kl = k.toLowerCase();
    const tail = kl.split('.').pop() ?? kl;
    const score =
      kl === lower
        ? 0
        : tail === lower || kl.endsWith(`.${lower}`)
          ? 0.5
          : kl.startsWith(lower)
            ? 1
            : Math.min(distance(lower, kl), distance(lower, tail) + 0.5);
    return { k, score };
  });
  const limit = Math.max(2, Math.ceil(name.length / 3));
  return scored
    .filter((s) => s.score <= limit)
    .sort((a, b) => a.score - b.score)
    .slice(0, max)
    .map((s) => s.k);
}

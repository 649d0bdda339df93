/** "Did you mean" for mistyped ids: the closest known ids by edit distance, shared words first. */

/** Levenshtein distance (small strings: ids of a few dozen characters). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/**
 * Up to `max` known ids close to `input`: within a third of its length in edits, or sharing a
 * word (COS-KEY → COS-SECRETKEY), case-insensitively; more shared words first, then fewer edits.
 */
export function suggestIds(input: string, known: readonly string[], max = 3): string[] {
  const wanted = input.trim().toUpperCase();
  const words = new Set(wanted.split(/[-._\s]+/).filter((w) => w.length >= 3));
  const scored = known.map((id) => {
    const upper = id.toUpperCase();
    const distance = editDistance(wanted, upper);
    const shared = upper
      .split(/[-._]+/)
      .filter((w) => words.has(w) || [...words].some((x) => w.includes(x) || x.includes(w))).length;
    return { id, distance, shared };
  });
  const limit = Math.max(2, Math.ceil(wanted.length / 3));
  return scored
    .filter((s) => s.distance <= limit || s.shared > 0)
    .sort((a, b) => b.shared - a.shared || a.distance - b.distance)
    .slice(0, max)
    .map((s) => s.id);
}

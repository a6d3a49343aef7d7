/** "Did you mean …?" for names a user typed (adapter names, configuration variables): the closest known name by edit distance. */

/**
 * Edit distance between two strings (Levenshtein plus adjacent transpositions, the "optimal string alignment"
 * distance): `QAUCK` → `QUACK` is 1.
 *
 * @example
 * editDistance('qauck', 'quack') // 1
 * editDistance('kitten', 'sitting') // 3
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate closest to `input` (case-insensitive), when it is close enough to be a typo: at most a third of
 * the input's length in edits (at least 1). Ties go to the earlier candidate. The suggestion is spelled in the
 * input's case when the input is all upper case (`QAUCK` → `QUACK`), else as the candidate is.
 *
 * @example
 * didYouMean('QAUCK', ['quack', 'acme']) // 'QUACK'
 * didYouMean('warehouse', ['quack']) // undefined
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.trim().toLowerCase();
  if (needle.length === 0) return undefined;
  const limit = Math.max(1, Math.floor(needle.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance === 0 || distance > limit) continue;
    if (best === undefined || distance < best.distance) best = { name: candidate, distance };
  }
  if (best === undefined) return undefined;
  const upper = input === input.toUpperCase() && input !== input.toLowerCase();
  return upper ? best.name.toUpperCase() : best.name;
}

/**
 * Did-you-mean: the candidates closest to a misspelt name, for unknown keys,
 * template data, functions and variable names alike.
 */

/** Optimal-string-alignment distance (Levenshtein plus adjacent swaps). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0]![j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * Candidates within a distance that grows with the name's length (a third
 * of it, at least 1, at most 3), closest first, then alphabetical.
 * Case differences count as one edit in all.
 */
export function suggest(name: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  const scored: Array<[string, number]> = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === name) continue;
    const caseOnly = candidate.toLowerCase() === name.toLowerCase();
    const distance = caseOnly ? 1 : editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit) scored.push([candidate, distance]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  return scored.slice(0, max).map(([candidate]) => candidate);
}

/** `Did you mean "x"?` or empty, ready to append to a message. */
export function didYouMean(suggestions: string[]): string {
  return suggestions.length > 0 ? ` Did you mean "${suggestions[0]}"?` : '';
}

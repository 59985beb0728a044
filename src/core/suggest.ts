/**
 * The choice a mistyped word most likely meant, or undefined when none is close: at most two edits (an insertion,
 * deletion, substitution or swap of neighbours), and fewer than a third of the word's letters, so "stat" does not
 * suggest "status" for "start" nor any word for a word of two letters.
 */
export function closest(word: string, choices: readonly string[]): string | undefined {
  const typed = word.trim().toLowerCase();
  let best: { choice: string; distance: number } | undefined;
  for (const choice of choices) {
    const distance = editDistance(typed, choice.toLowerCase());
    if (distance === 0) return choice;
    if (distance <= 2 && distance * 3 < Math.max(typed.length, choice.length) && (!best || distance < best.distance)) best = { choice, distance };
  }
  return best?.choice;
}

/** `; did you mean "x"?` for an error message, or nothing. */
export function didYouMean(word: string, choices: readonly string[]): string {
  const choice = closest(word, choices);
  return choice === undefined ? '' : `; did you mean "${choice}"?`;
}

/** Optimal string alignment distance: Levenshtein with swaps of neighbouring letters counted as one edit. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = value;
    }
  }
  return rows[a.length]![b.length]!;
}

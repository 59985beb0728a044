/**
 * The choice a mistyped word most likely meant, or undefined when none is close: at most two edits (an insertion,
 * deletion, substitution or swap of neighbours), and fewer than a third of the word's letters, so "stat" does not
 * suggest "status" for "start" nor any word for a word of two letters.
 */
export declare function closest(word: string, choices: readonly string[]): string | undefined;
/** `; did you mean "x"?` for an error message, or nothing. */
export declare function didYouMean(word: string, choices: readonly string[]): string;

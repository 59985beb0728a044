/** What replaces a secret, as in the runner's log. */
export declare const MASK = "***";
/**
 * The value a line registers when the runner would read it as an add-mask command, else undefined. The value
 * may be blank: the runner then registers nothing but still takes the line as a command (it is not shown).
 *
 * `::add-mask::VALUE` counts after leading blanks, with properties (`::add-mask x=y::`) and in any case, as
 * the runner reads it; VALUE is unescaped as the runner does (%0D, %0A, then %25, case-sensitive).
 * `##[add-mask]VALUE` counts anywhere in the line; the runner reads only the first `##[` of a line, and not at
 * all when the line is another `::command::`, so port-ci takes a few lines for mask commands that the runner
 * shows: stricter, never looser. For the same reason `::stop-commands::` is not honoured: the runner ignores
 * add-mask until the stop token comes back, port-ci masks the value anyway.
 */
export declare function maskCommandValue(line: string): string | undefined;
/**
 * The texts masked for one value: the value and the forms the runner's ValueEncoders give it, plus, stricter
 * than the runner, the part of each base64 alignment that does not depend on the bytes after the value (so a
 * secret inside a longer base64 text is caught, not only at its end), the JSON escape of Python's
 * `json.dumps` (non-ASCII as \uXXXX) and encodeURIComponent's escape beside .NET's stricter one.
 */
export declare function maskForms(value: string): string[];
/**
 * The values registered for one secret, before encoding: the value as given, trimmed, and each of its lines
 * trimmed (the runner registers a job secret's lines, and it masks output line by line). Port-ci does this for
 * every secret, add-mask values included, which the runner does not split: stricter. A blank value gives none.
 */
export declare function secretValues(value: string): string[];
/**
 * Every registered text, found anywhere in a text and replaced by "***" as the runner does: all occurrences
 * of all texts, overlapping or touching ones merged into one mask. No minimum length: a one-character secret
 * is masked wherever it appears, as in the runner's log.
 *
 * Texts are indexed by their first two UTF-16 units, so masking costs one map lookup per character however
 * many secrets there are, and a text can be added at any time (an add-mask line in the middle of a stream).
 */
export declare class SecretMasker {
    #private;
    /** How many texts (values and their forms) are masked. */
    get size(): number;
    /**
     * Registers a secret: its values (secretValues) and their encoded forms (maskForms).
     * @returns false when the value is blank, so nothing was registered.
     */
    add(value: string): boolean;
    /** The text with every registered secret replaced by "***". */
    mask(text: string): string;
    /**
     * One line of a command's output on its way to Port: undefined when it is an add-mask command (never sent;
     * its value is masked from then on), else the line masked.
     */
    maskLine(line: string): string | undefined;
}
/**
 * Environment variable names given as a list, separated by commas or line breaks (blanks around names and
 * empty entries ignored), as the `redact` input and `--redact` take them.
 * @throws UsageError naming `where` and the first name that is not a variable name.
 */
export declare function parseVariableNames(text: string, where: string): string[];

/**
 * A duration as a user writes it: 90s, 30m, 1h, 500ms; a bare number is seconds. Answers milliseconds.
 * @param name how the value is named in the error (`--timeout`, `timeout`).
 */
export declare function parseDuration(name: string, text: string): number;

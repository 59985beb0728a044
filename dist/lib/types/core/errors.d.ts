/**
 * Errors the user can fix. Every face maps them the same way: one clear line, no stack, exit code 2.
 * Kept in core because the core is where bad input is first recognised.
 */
export declare class UsageError extends Error {
    name: string;
}
/**
 * Something in a payload, an input or an action definition is not what Port sends.
 * The message always reads `<path>: expected <what> but found <what>` so the user can find the field.
 */
export declare class PayloadError extends UsageError {
    readonly expected: string;
    readonly found: string;
    name: string;
    /** The field at fault, with line breaks escaped (input ids are user data). */
    readonly path: string;
    constructor(path: string, expected: string, found: string);
}
/**
 * Everything wrong with one subject (an action definition, a set of inputs), reported at once so the user
 * fixes it in one pass. Each problem names its path: `invocationMethod.org: required with GITHUB`.
 * The message is one line: `<subject>: <n> problem(s): <problem>; <problem>`.
 */
export declare class ValidationError extends UsageError {
    readonly problems: string[];
    name: string;
    constructor(subject: string, problems: string[]);
}
/** Escapes line breaks and control characters so a message built from user data stays one line. */
export declare function oneLine(text: string): string;
/**
 * Describes a value for an error message without printing much of it: short strings are quoted,
 * long ones cut, containers named by kind. Callers pass `{ secret: true }` for values that must never show.
 */
export declare function describeValue(value: unknown, options?: {
    secret?: boolean;
}): string;

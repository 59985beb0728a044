import type { RunContext } from './types.js';
/**
 * Compact JSON that is also safe on one line of any env or output file: JSON.stringify escapes control
 * characters but leaves U+2028/U+2029, which some readers take as line breaks.
 */
export declare function compactJson(value: unknown): string;
/** How an input value reads as environment text: strings as they are, everything else as compact JSON. */
export declare function envText(value: unknown): string;
/**
 * `replicaCount`, `replica-count` and `replica_count` all become `REPLICA_COUNT`: split camelCase words,
 * turn anything that is not a letter or digit into `_`.
 */
export declare function upperSnake(identifier: string): string;
/** The variable naming the variables that hold secret inputs (comma-separated). */
export declare const SECRET_ENV = "PORT_SECRET_ENV";
/**
 * The variable naming the variables whose values port-ci keeps out of Port (comma-separated names, never
 * values): the root action's `redact` input hands its list to the job's later steps through it.
 */
export declare const REDACT_ENV = "PORT_REDACT_ENV";
export declare function triggeredBy(context: RunContext): string | null;
export interface EnvEntry {
    name: string;
    value: string;
    /** True when the value holds a secret input, so a face can keep it out of files that outlive the job. */
    secret: boolean;
}
/**
 * The variables a job gets for a run: PORT_RUN_ID, PORT_ACTION, PORT_BLUEPRINT, PORT_ENTITY_IDENTIFIER,
 * PORT_TRIGGERED_BY, PORT_INPUTS (compact JSON) and PORT_INPUT_<ID> for each input.
 * Two inputs whose names collide after upper-snake-casing keep the first and warn about the second.
 */
export declare function contextEnv(context: RunContext): {
    entries: EnvEntry[];
    warnings: string[];
};
/**
 * Linux refuses to start a process whose environment holds one variable over 128 KiB, or too much in all
 * (E2BIG: every later step of the job would fail to start). Values are kept within these bounds.
 */
export declare const ENV_LIMITS: {
    readonly maxValueBytes: number;
    readonly maxTotalBytes: number;
};
/**
 * The entries that fit ENV_LIMITS, in order, and the names of those left out: a value too large for the
 * environment stays readable from PORT_INPUTS (when that fits), the step's outputs, or `port-ci context`.
 */
export declare function withinEnvLimits(entries: EnvEntry[], limits?: {
    maxValueBytes: number;
    maxTotalBytes: number;
}): {
    kept: EnvEntry[];
    omitted: string[];
};
/** POSIX shell single quotes: nothing inside is expanded; a quote is closed, escaped and reopened. */
export declare function shellQuote(value: string): string;
/** For `eval "$(port-ci context --format env)"`: every value single-quoted, so none can run or add a line of code. */
export declare function formatShellExports(entries: EnvEntry[]): string;
export interface DotenvLimits {
    maxVariables: number;
    maxBytes: number;
}
/**
 * One dotenv line. GitLab's dotenv reports keep a value verbatim up to the line end, strip surrounding blanks,
 * cannot hold a line break, and expand `$NAME` references (PORT-FACTS.md §7). A value that would not survive
 * that is written as NAME_B64 instead (base64 of its UTF-8).
 */
export declare function dotenvLine({ name, value }: EnvEntry): string;
export declare function fitsOneDotenvLine(value: string): boolean;
/**
 * The dotenv report for a run, kept within GitLab's limits on variables and bytes: entries are taken in the
 * order given (the run's fields, then each input, then PORT_INPUTS), and those that do not fit are left out
 * and named, so the caller can say where else to read them.
 */
export declare function formatDotenv(entries: EnvEntry[], limits?: DotenvLimits): {
    text: string;
    omitted: string[];
};

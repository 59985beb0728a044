import type { JsonObject } from './types.js';
/** Port refuses request bodies over 1 MiB (413); nothing larger can be a real run message. */
export declare const MAX_PAYLOAD_BYTES: number;
/** Deeper nesting than this is not something Port builds, and would overflow recursive consumers. */
export declare const MAX_DEPTH = 64;
export declare function isObject(value: unknown): value is JsonObject;
/** @throws PayloadError when `bytes` is over `maxBytes`, giving both exactly. */
export declare function checkSize(bytes: number, path: string, maxBytes?: number): void;
/**
 * Parses JSON text that came from outside (a payload, an input, a file) with the checks every face needs:
 * a size cap, a nesting cap, and no NUL characters, which no environment variable or output file can carry.
 * @throws PayloadError naming `path`.
 */
export declare function parseJsonText(text: string, path: string, maxBytes?: number): unknown;
/**
 * Walks a parsed value without recursion (so a hostile depth cannot blow the stack) and refuses
 * nesting deeper than MAX_DEPTH and strings holding NUL.
 */
export declare function checkTree(root: unknown, rootPath: string): void;
/** A value that may arrive either as an object or as that object's JSON text (workflow inputs are strings). */
export declare function objectOrJsonText(value: unknown, path: string): JsonObject;
/** A key's own value: an id like "toString" or "constructor" must not find the object prototype's. */
export declare function ownValue<T>(container: Record<string, T> | undefined | null, key: string): T | undefined;

import { PayloadError, describeValue } from './errors.js';
import type { JsonObject } from './types.js';

/** Port refuses request bodies over 1 MiB (413); nothing larger can be a real run message. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;
/** Deeper nesting than this is not something Port builds, and would overflow recursive consumers. */
export const MAX_DEPTH = 64;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatLimit(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB (${bytes} bytes)` : `${bytes} bytes`;
}

/** @throws PayloadError when `bytes` is over `maxBytes`, giving both exactly. */
export function checkSize(bytes: number, path: string, maxBytes = MAX_PAYLOAD_BYTES): void {
  if (bytes > maxBytes) throw new PayloadError(path, `at most ${formatLimit(maxBytes)}`, `${bytes} bytes`);
}

/**
 * Parses JSON text that came from outside (a payload, an input, a file) with the checks every face needs:
 * a size cap, a nesting cap, and no NUL characters, which no environment variable or output file can carry.
 * @throws PayloadError naming `path`.
 */
export function parseJsonText(text: string, path: string, maxBytes = MAX_PAYLOAD_BYTES): unknown {
  checkSize(Buffer.byteLength(text, 'utf8'), path, maxBytes);
  if (text.trim() === '') throw new PayloadError(path, 'JSON', 'an empty string');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Newer V8 quotes a piece of the text in its message; the text may hold a secret, so only the position stays.
    const reason = (error instanceof Error ? error.message : String(error)).replace(/,?\s*".*" is not valid JSON$/s, ' (not valid JSON)');
    throw new PayloadError(path, 'JSON', `text that is not JSON (${reason})`);
  }
  checkTree(value, path);
  return value;
}

/**
 * Walks a parsed value without recursion (so a hostile depth cannot blow the stack) and refuses
 * nesting deeper than MAX_DEPTH and strings holding NUL.
 */
export function checkTree(root: unknown, rootPath: string): void {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: rootPath, depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) throw new PayloadError(path, 'text without NUL characters', 'a string containing \\u0000');
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH) throw new PayloadError(path, `at most ${MAX_DEPTH} levels of nesting`, 'deeper nesting');
    if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }));
    } else {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000')) throw new PayloadError(path, 'keys without NUL characters', 'a key containing \\u0000');
        stack.push({ value: item, path: `${path}.${key}`, depth: depth + 1 });
      }
    }
  }
}

/** A value that may arrive either as an object or as that object's JSON text (workflow inputs are strings). */
export function objectOrJsonText(value: unknown, path: string): JsonObject {
  const parsed = typeof value === 'string' ? parseJsonText(value, path) : value;
  if (typeof value !== 'string') checkSize(Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8'), path);
  if (!isObject(parsed)) throw new PayloadError(path, 'a JSON object', describeValue(parsed));
  return parsed;
}

/** A key's own value: an id like "toString" or "constructor" must not find the object prototype's. */
export function ownValue<T>(container: Record<string, T> | undefined | null, key: string): T | undefined {
  return container && Object.hasOwn(container, key) ? container[key] : undefined;
}

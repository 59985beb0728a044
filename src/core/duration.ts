import { UsageError } from './errors.js';

/**
 * A duration as a user writes it: 90s, 30m, 1h, 500ms; a bare number is seconds. Answers milliseconds.
 * @param name how the value is named in the error (`--timeout`, `timeout`).
 */
export function parseDuration(name: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`${name}: "${text}" is not accepted; expected a duration like 90s, 30m or 1h`);
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}

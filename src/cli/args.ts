import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../core/index.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict flag parsing for one command: an unknown flag or a missing value is a UsageError that names the
 * flag and lists the ones the command takes.
 */
export function parseFlags<T extends Options>(command: string, args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    const known = Object.keys(options)
      .map((name) => `--${name}`)
      .join(', ');
    const reason = error instanceof Error ? error.message.replace(/\s*To specify a positional argument.*$/s, '') : String(error);
    throw new UsageError(`${command}: ${reason} (accepted: ${known}; see port-ci ${command} --help)`);
  }
}

/** One of a fixed set of words, or a UsageError that lists them. */
export function oneOf<T extends string>(flag: string, value: string, accepted: readonly T[]): T {
  if ((accepted as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag}: "${value}" is not accepted; expected ${accepted.join(', ')}`);
}

/** A duration as a flag takes it: 90s, 30m, 1h, 500ms; a bare number is seconds. Answers milliseconds. */
export function parseDuration(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag}: "${text}" is not accepted; expected a duration like 90s, 30m or 1h`);
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}

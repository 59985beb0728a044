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

// Durations are read the same way by every face (the actions' timeout input too).
export { parseDuration } from '../core/duration.js';

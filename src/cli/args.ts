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

/** A whole number within bounds, or a UsageError that names the flag and the accepted range. */
export function wholeNumber(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
  const range = max === Number.MAX_SAFE_INTEGER ? `from ${min}` : `from ${min} to ${max}`;
  throw new UsageError(`${flag}: "${text}" is not accepted; expected a whole number ${range}`);
}

/**
 * A command of operations (`port-ci entity upsert ...`): the flags, the operation named first, and no flag the
 * operation does not take (`takes`; `shared` go with every one). `example` shows how a value is given, for the
 * error about a stray argument.
 */
export function parseOperation<T extends Options, O extends string>(
  command: string,
  args: string[],
  options: T,
  spec: { operations: readonly O[]; takes: Record<O, readonly string[]>; shared: readonly string[]; example: string },
) {
  const { values, positionals } = parseFlags(command, args, options, true);
  const operation = positionals[0];
  const list = spec.operations.join(', ');
  if (operation === undefined) throw new UsageError(`${command}: which operation? expected one of ${list} (port-ci ${command} --help)`);
  if (!(spec.operations as readonly string[]).includes(operation)) throw new UsageError(`${command}: "${operation}" is not an operation; expected one of ${list}`);
  if (positionals.length > 1) throw new UsageError(`${command} ${operation}: unexpected argument "${positionals[1]}"; values go after their flags (${spec.example})`);
  const op = operation as O;
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === false || spec.shared.includes(name)) continue;
    if (!spec.takes[op].includes(name)) throw new UsageError(`${command} ${op}: --${name} is not taken here; it takes ${spec.takes[op].map((flag) => `--${flag}`).join(', ')}`);
  }
  return { op, flags: values };
}

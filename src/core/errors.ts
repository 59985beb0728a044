/**
 * Errors the user can fix. Every face maps them the same way: one clear line, no stack, exit code 2.
 * Kept in core because the core is where bad input is first recognised.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Something in a payload, an input or an action definition is not what Port sends.
 * The message always reads `<path>: expected <what> but found <what>` so the user can find the field.
 */
export class PayloadError extends UsageError {
  override name = 'PayloadError';
  /** The field at fault, with line breaks escaped (input ids are user data). */
  readonly path: string;
  constructor(
    path: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(oneLine(`${path}: expected ${expected} but found ${found}`));
    this.path = oneLine(path);
  }
}

/**
 * Everything wrong with one subject (an action definition, a set of inputs), reported at once so the user
 * fixes it in one pass. Each problem names its path: `invocationMethod.org: required with GITHUB`.
 * The message is one line: `<subject>: <n> problem(s): <problem>; <problem>`.
 */
export class ValidationError extends UsageError {
  override name = 'ValidationError';
  constructor(
    subject: string,
    readonly problems: string[],
  ) {
    super(oneLine(`${subject}: ${problems.length} problem(s): ${problems.join('; ')}`));
    // Problems quote user data (input ids, values); keep each one line for callers that list them.
    this.problems = problems.map(oneLine);
  }
}

/** Escapes line breaks and control characters so a message built from user data stays one line. */
export function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029\u0085]/gu, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const SHOWN_CHARS = 40;

/**
 * Describes a value for an error message without printing much of it: short strings are quoted,
 * long ones cut, containers named by kind. Callers pass `{ secret: true }` for values that must never show.
 */
export function describeValue(value: unknown, options: { secret?: boolean } = {}): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (options.secret) return `a ${typeof value} (secret, not shown)`;
  if (typeof value === 'string') {
    if (value === '') return 'an empty string';
    const shown = value.length > SHOWN_CHARS ? `${value.slice(0, SHOWN_CHARS)}…` : value;
    return JSON.stringify(shown);
  }
  return `${typeof value} ${String(value)}`;
}

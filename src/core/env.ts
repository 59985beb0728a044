import type { RunContext } from './types.js';

/**
 * Compact JSON that is also safe on one line of any env or output file: JSON.stringify escapes control
 * characters but leaves U+2028/U+2029, which some readers take as line breaks.
 */
export function compactJson(value: unknown): string {
  return JSON.stringify(value ?? null).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** How an input value reads as environment text: strings as they are, everything else as compact JSON. */
export function envText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : compactJson(value);
}

/**
 * `replicaCount`, `replica-count` and `replica_count` all become `REPLICA_COUNT`: split camelCase words,
 * turn anything that is not a letter or digit into `_`.
 */
export function upperSnake(identifier: string): string {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

/** The variable naming the variables that hold secret inputs (comma-separated). */
export const SECRET_ENV = 'PORT_SECRET_ENV';

/**
 * The variable naming the variables whose values port-ci keeps out of Port (comma-separated names, never
 * values): the root action's `redact` input hands its list to the job's later steps through it.
 */
export const REDACT_ENV = 'PORT_REDACT_ENV';

export function triggeredBy(context: RunContext): string | null {
  return context.trigger.userEmail ?? context.trigger.userId;
}

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
export function contextEnv(context: RunContext): { entries: EnvEntry[]; warnings: string[] } {
  const secrets = new Set(context.secretInputs);
  const entries: EnvEntry[] = [
    { name: 'PORT_RUN_ID', value: context.runId ?? '', secret: false },
    { name: 'PORT_ACTION', value: context.action ?? '', secret: false },
    { name: 'PORT_BLUEPRINT', value: context.blueprint ?? '', secret: false },
    { name: 'PORT_ENTITY_IDENTIFIER', value: context.entityIdentifier ?? '', secret: false },
    { name: 'PORT_TRIGGERED_BY', value: triggeredBy(context) ?? '', secret: false },
  ];
  const warnings: string[] = [];
  const owner = new Map<string, string>();
  for (const [id, value] of Object.entries(context.inputs)) {
    const suffix = upperSnake(id);
    const name = `PORT_INPUT_${suffix || 'X'}`;
    // PORT_INPUT_X_B64 is what dotenv writes for a PORT_INPUT_X that cannot live on one line.
    const first = owner.get(name) ?? owner.get(`${name}_B64`) ?? owner.get(name.replace(/_B64$/, ''));
    if (first !== undefined) {
      warnings.push(`inputs "${first}" and "${id}" both map to ${name}; ${name} holds "${first}" (read "${id}" from PORT_INPUTS)`);
      continue;
    }
    owner.set(name, id);
    entries.push({ name, value: envText(value), secret: secrets.has(id) });
  }
  // Last: a dotenv report that must leave something out leaves out the one variable that repeats the others.
  const holdsSecret = [...secrets].some((id) => Object.hasOwn(context.inputs, id));
  entries.push({ name: 'PORT_INPUTS', value: compactJson(context.inputs), secret: holdsSecret });
  // Names only: which variables hold secrets, so a later step can keep their values out of Port's run log.
  const secretNames = entries.filter((entry) => entry.secret).map((entry) => entry.name);
  if (secretNames.length > 0) entries.splice(5, 0, { name: SECRET_ENV, value: secretNames.join(','), secret: false });
  return { entries, warnings };
}

/**
 * Linux refuses to start a process whose environment holds one variable over 128 KiB, or too much in all
 * (E2BIG: every later step of the job would fail to start). Values are kept within these bounds.
 */
export const ENV_LIMITS = { maxValueBytes: 96 * 1024, maxTotalBytes: 512 * 1024 } as const;

/**
 * The entries that fit ENV_LIMITS, in order, and the names of those left out: a value too large for the
 * environment stays readable from PORT_INPUTS (when that fits), the step's outputs, or `port-ci context`.
 */
export function withinEnvLimits(entries: EnvEntry[], limits: { maxValueBytes: number; maxTotalBytes: number } = ENV_LIMITS): { kept: EnvEntry[]; omitted: string[] } {
  const kept: EnvEntry[] = [];
  const omitted: string[] = [];
  let total = 0;
  for (const entry of entries) {
    const size = Buffer.byteLength(entry.name) + 1 + Buffer.byteLength(entry.value);
    if (size > limits.maxValueBytes || total + size > limits.maxTotalBytes) {
      omitted.push(entry.name);
      continue;
    }
    kept.push(entry);
    total += size;
  }
  return { kept, omitted };
}

/** POSIX shell single quotes: nothing inside is expanded; a quote is closed, escaped and reopened. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** For `eval "$(port-ci context --format env)"`: every value single-quoted, so none can run or add a line of code. */
export function formatShellExports(entries: EnvEntry[]): string {
  return entries.map(({ name, value }) => `export ${name}=${shellQuote(value)}\n`).join('');
}

export interface DotenvLimits {
  maxVariables: number;
  maxBytes: number;
}

/**
 * One dotenv line. GitLab's dotenv reports keep a value verbatim up to the line end, strip surrounding blanks,
 * cannot hold a line break, and expand `$NAME` references (PORT-FACTS.md §7). A value that would not survive
 * that is written as NAME_B64 instead (base64 of its UTF-8).
 */
export function dotenvLine({ name, value }: EnvEntry): string {
  return fitsOneDotenvLine(value) ? `${name}=${value}\n` : `${name}_B64=${Buffer.from(value, 'utf8').toString('base64')}\n`;
}

export function fitsOneDotenvLine(value: string): boolean {
  return !/[\p{Cc}\u2028\u2029\u0085$]/u.test(value) && value === value.trim();
}

/**
 * The dotenv report for a run, kept within GitLab's limits on variables and bytes: entries are taken in the
 * order given (the run's fields, then each input, then PORT_INPUTS), and those that do not fit are left out
 * and named, so the caller can say where else to read them.
 */
export function formatDotenv(entries: EnvEntry[], limits: DotenvLimits = { maxVariables: Infinity, maxBytes: Infinity }): { text: string; omitted: string[] } {
  let text = '';
  let count = 0;
  const omitted: string[] = [];
  for (const entry of entries) {
    const line = dotenvLine(entry);
    if (count + 1 > limits.maxVariables || Buffer.byteLength(text + line) > limits.maxBytes) {
      omitted.push(entry.name);
      continue;
    }
    text += line;
    count++;
  }
  return { text, omitted };
}

import { PayloadError, describeValue } from './errors.js';
import { isObject, ownValue, parseJsonText } from './json.js';
import type { UserInputSpec, UserInputsSchema } from './types.js';

/**
 * Input ids become object keys, environment variable names and workflow input names. Refuse the few that
 * could corrupt an object (`__proto__`) or an env file (whitespace, `=`, control characters).
 */
const INPUT_ID = /^[^\s=\p{Cc}\u2028\u2029]{1,200}$/u;

export function checkInputId(id: string, path: string): void {
  if (!INPUT_ID.test(id) || id === '__proto__') {
    throw new PayloadError(path, 'an input id of 1-200 characters without spaces, "=" or control characters', describeValue(id));
  }
}

export function isSecretInput(spec: UserInputSpec | undefined): boolean {
  return typeof spec?.encryption === 'string' && spec.encryption !== '';
}

/** The ids of the inputs a schema marks secret. */
export function secretInputIds(schema: UserInputsSchema | undefined): string[] {
  return Object.entries(schema?.properties ?? {})
    .filter(([, spec]) => isSecretInput(spec))
    .map(([id]) => id);
}

/**
 * Types back one isolated input. GitHub workflow inputs and GitLab variables carry every value as text
 * (PORT-FACTS.md §3: numbers and booleans as their text, objects and arrays as compact JSON); the action's
 * schema says what it was. Without a schema the text is kept as it is.
 * An empty text for a non-string input means "not given" (GitHub fills undeclared optional inputs with "").
 * @returns the typed value, or undefined when the input was not given.
 * @throws PayloadError naming `path` when the text cannot be the declared type.
 */
export function typeInputText(text: string, spec: UserInputSpec | undefined, path: string): unknown {
  if (spec === undefined || isSecretInput(spec)) return text; // secrets stay ciphertext until decrypted
  // In Port's current format an optional input nobody filled renders `{{ .inputs.x }}` as null, sent as the text
  // "null": for a type that cannot hold that text, it means the input was not given.
  if (spec.type !== 'string' && spec.type !== undefined && text.trim() === 'null') return undefined;
  if (spec.format === 'entity' && text.trim() === 'null') return undefined;
  switch (spec.type) {
    case 'number': {
      if (text.trim() === '') return undefined;
      const value = Number(text);
      if (!Number.isFinite(value)) throw new PayloadError(path, 'a number', describeValue(text));
      return value;
    }
    case 'boolean': {
      const word = text.trim().toLowerCase();
      if (word === '') return undefined;
      if (word === 'true') return true;
      if (word === 'false') return false;
      throw new PayloadError(path, 'true or false', describeValue(text));
    }
    case 'object': {
      if (text.trim() === '') return undefined;
      const value = parseJsonText(text, path);
      if (!isObject(value)) throw new PayloadError(path, 'an object as JSON', describeValue(value));
      return value;
    }
    case 'array': {
      if (text.trim() === '') return undefined;
      const value = parseJsonText(text, path);
      if (!Array.isArray(value)) throw new PayloadError(path, 'an array as JSON', describeValue(value));
      return value;
    }
    default: {
      // An entity input arrives as the entity's identifier or as the whole entity (PORT-FACTS.md §1).
      if (spec.format === 'entity' && text.trimStart().startsWith('{')) {
        const value = parseJsonText(text, path);
        if (!isObject(value) || typeof value.identifier !== 'string') {
          throw new PayloadError(path, 'an entity identifier or an entity object with "identifier"', describeValue(value));
        }
        return value;
      }
      return text;
    }
  }
}

/** JSON with object keys sorted, so two copies that differ only in key order compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** An entity input may come as its identifier or as the entity object; both name the same entity. */
function entityIds(value: unknown): unknown {
  const id = (item: unknown) => (isObject(item) && typeof item.identifier === 'string' ? item.identifier : item);
  return Array.isArray(value) ? value.map(id) : id(value);
}

function isEntityInput(spec: UserInputSpec | undefined): boolean {
  return spec?.format === 'entity' || spec?.items?.format === 'entity';
}

/**
 * Whether the isolated copy says the same as the payload's. Without a schema the isolated copy is text, and
 * Port made it with jq's tostring (PORT-FACTS.md §3): `4` arrives as "4", objects as compact JSON.
 */
function sameValue(isolated: unknown, fromPayload: unknown, spec: UserInputSpec | undefined): boolean {
  const [a, b] = isEntityInput(spec) ? [entityIds(isolated), entityIds(fromPayload)] : [isolated, fromPayload];
  if (canonical(a) === canonical(b)) return true;
  if (typeof a !== 'string' || typeof b === 'string') return false;
  try {
    return canonical(JSON.parse(a)) === canonical(b);
  } catch {
    return false;
  }
}

export interface MergeInputsArgs {
  /** Typed values from the payload (`payload.properties`), or undefined when the payload was omitted. */
  fromPayload: Record<string, unknown> | undefined;
  /** Text values delivered one by one (workflow inputs, pipeline variables). */
  isolated: Record<string, string>;
  schema: UserInputsSchema | undefined;
  secretIds: ReadonlySet<string>;
  payloadPath: string;
  isolatedPath: string;
}

/**
 * Joins the payload's inputs and the isolated ones. The payload's typed value wins; when the isolated copy
 * says something else, a warning says so rather than dropping the difference silently. A bad isolated value
 * is an error only when it is the sole copy.
 */
export function mergeInputs(args: MergeInputsArgs): { inputs: Record<string, unknown>; warnings: string[] } {
  const warnings: string[] = [];
  const entries = new Map<string, unknown>();
  for (const [id, value] of Object.entries(args.fromPayload ?? {})) {
    checkInputId(id, `${args.payloadPath}.${id}`);
    entries.set(id, value);
  }
  for (const [id, text] of Object.entries(args.isolated)) {
    const path = `${args.isolatedPath}.${id}`;
    checkInputId(id, path);
    const spec = ownValue(args.schema?.properties, id);
    const secret = args.secretIds.has(id);
    if (!entries.has(id)) {
      const typed = typeInputText(text, spec, path);
      if (typed !== undefined) entries.set(id, typed);
      continue;
    }
    let typed: unknown;
    try {
      typed = typeInputText(text, spec, path);
    } catch (error) {
      warnings.push(`${error instanceof Error ? error.message : String(error)}; using the value from ${args.payloadPath}.${id}`);
      continue;
    }
    if (typed !== undefined && !sameValue(typed, entries.get(id), spec)) {
      const detail = secret ? 'the two secret values differ' : `${describeValue(typed)} there, ${describeValue(entries.get(id))} in the payload`;
      warnings.push(`${path} disagrees with ${args.payloadPath}.${id} (${detail}); using the payload's value`);
    }
  }
  return { inputs: Object.fromEntries(entries), warnings };
}

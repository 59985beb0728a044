import AjvModule, { type ErrorObject } from 'ajv';
import formatsModule, { type FormatName } from 'ajv-formats';
import { ValidationError, describeValue } from './errors.js';
import { isObject } from './json.js';
import { isSecretInput } from './inputs.js';
import type { ActionDefinition, JsonObject, UserInputSpec } from './types.js';

// Both are CommonJS whose module.exports.default is module.exports itself: `.default` is right under Node's
// interop (default = module.exports) and under a bundler's (default = exports.default) alike.
const Ajv = AjvModule.default;
const addFormats = formatsModule.default;

/** Port's formats that ajv-formats checks, and the ajv name of each (Port's `url` is a URI). */
const CHECKED_FORMATS: Record<string, FormatName> = { 'date-time': 'date-time', email: 'email', url: 'uri', ipv4: 'ipv4', ipv6: 'ipv6' };

const FORMAT_PHRASES: Record<string, string> = {
  'date-time': 'a date-time like 2026-01-02T03:04:05Z',
  email: 'an email address',
  url: 'a URL',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  entity: 'an entity identifier or an entity object with "identifier"',
};

/** Only these reach ajv, which would throw on any other type name. */
const INPUT_TYPES = new Set(['string', 'number', 'boolean', 'object', 'array']);

/** An entity input's value arrives as the identifier or as the entity itself (PORT-FACTS.md §1). */
const ENTITY_SCHEMA = {
  anyOf: [{ type: 'string' }, { type: 'object', required: ['identifier'], properties: { identifier: { type: 'string' } } }],
};

/**
 * One instance for the process. `unicodeRegExp: false` compiles patterns as validateAction checks them (as a
 * browser form does). strictTypes is off because Port's definitions do carry keywords that do not apply
 * to the type (a maxLength on a number), which Port ignores and so do we.
 */
let ajv: InstanceType<typeof Ajv> | undefined;
function validator(): InstanceType<typeof Ajv> {
  if (ajv === undefined) {
    ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, unicodeRegExp: false });
    addFormats(ajv, Object.values(CHECKED_FORMATS));
  }
  return ajv;
}

export interface UserInputsContext {
  user?: { email?: string; [key: string]: unknown };
  entity?: Record<string, unknown> | null;
  trigger?: Record<string, unknown>;
}

export interface ResolvedInputs {
  /** The inputs to send, in the order the action declares them: given values, then defaults. */
  properties: Record<string, unknown>;
  /** Ids of secret inputs that have a value in `properties`: encrypt these before they leave. */
  secretIds: string[];
  /** Ids whose value came from the action's `default`. */
  applied: string[];
}

/**
 * Does what Port does with a user's inputs before a run starts: applies the action's defaults, then checks
 * every value against `userInputs` (required, type, enum, pattern, lengths, bounds, formats). A default that
 * is a jq query is evaluated only when it is a plain path such as `.user.email` or `.entity.identifier`.
 * Expects an action that passed validateAction.
 * @throws ValidationError('inputs', problems) listing every problem at once, each as
 * `inputs.<id>: expected <what> but found <what>`; a secret input's value is never shown.
 */
export function resolveUserInputs(action: ActionDefinition, given: Record<string, unknown>, context: UserInputsContext): ResolvedInputs {
  const specs: Record<string, UserInputSpec> = action.userInputs?.properties ?? {};
  const required = new Set(action.userInputs?.required ?? []);
  if (!isObject(given)) throw new ValidationError('inputs', [`expected an object of input values but found ${describeValue(given)}`]);

  const problems: string[] = [];
  const values = new Map<string, unknown>();
  const applied = new Map<string, string>(); // id -> where its value came from, for messages
  for (const [id, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (Object.hasOwn(specs, id)) values.set(id, value);
    else problems.push(`inputs.${id}: not an input of ${action.identifier} (${knownInputs(specs)})`);
  }
  for (const [id, spec] of Object.entries(specs)) {
    if (values.has(id) || spec.default === undefined) continue;
    const query = jqQueryOf(spec.default);
    if (query === undefined) {
      values.set(id, structuredClone(spec.default));
      applied.set(id, "the action's default");
      continue;
    }
    const evaluated = evaluatePlainPath(query, context);
    if (evaluated.ok && evaluated.value !== undefined && evaluated.value !== null) {
      values.set(id, structuredClone(evaluated.value));
      applied.set(id, `from its default ${query}`);
    } else if (!evaluated.ok) {
      // Optional or not: the user expects the default to be there, and port-ci will not guess it.
      problems.push(`inputs.${id}: its default is a jq query port-ci cannot evaluate (${query}); pass the input`);
      required.delete(id); // already said
    } else if (required.has(id)) {
      problems.push(`inputs.${id}: required (its default ${query} gave nothing here)`);
      required.delete(id);
    }
  }

  const schema = {
    type: 'object',
    properties: Object.fromEntries(Object.entries(specs).map(([id, spec]) => [id, jsonSchemaFor(spec, `inputs.${id}`, problems)])),
    required: [...required].filter((id) => Object.hasOwn(specs, id)),
  };
  const data = Object.fromEntries(values);
  const ajvInstance = validator();
  const validate = ajvInstance.compile(schema);
  const valid = validate(data);
  ajvInstance.removeSchema(schema); // compiled per call; do not let a long-lived process collect them
  if (!valid) problems.push(...valueProblems(validate.errors ?? [], specs, data, applied));
  if (problems.length > 0) throw new ValidationError('inputs', problems);

  const ordered = Object.keys(specs).filter((id) => values.has(id));
  return {
    properties: Object.fromEntries(ordered.map((id) => [id, values.get(id)])),
    secretIds: ordered.filter((id) => isSecretInput(specs[id])),
    applied: ordered.filter((id) => applied.has(id)),
  };
}

function knownInputs(specs: Record<string, UserInputSpec>): string {
  const ids = Object.keys(specs);
  return ids.length === 0 ? 'it takes no inputs' : `its inputs: ${ids.join(', ')}`;
}

function jqQueryOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.jqQuery === 'string' ? value.jqQuery : undefined;
}

/** `.user.email`, `.entity.properties.region`: dots and plain names only. jq proper is not emulated. */
const PLAIN_PATH = /^(\.[A-Za-z_][A-Za-z0-9_]*)+$/;

function evaluatePlainPath(query: string, context: UserInputsContext): { ok: true; value: unknown } | { ok: false } {
  const trimmed = query.trim();
  if (!PLAIN_PATH.test(trimmed)) return { ok: false };
  let value: unknown = context;
  for (const key of trimmed.slice(1).split('.')) {
    // Own keys only, so `.user.constructor` finds nothing rather than a function.
    value = isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
  }
  return { ok: true, value };
}

/** The ajv schema for one Port input: only the keywords Port checks, Port-only formats left to the type. */
function jsonSchemaFor(spec: UserInputSpec, path: string, problems: string[]): JsonObject {
  if (spec.format === 'entity' && (spec.type === undefined || spec.type === 'string')) return ENTITY_SCHEMA;
  const schema: JsonObject = {};
  if (INPUT_TYPES.has(spec.type as string)) schema.type = spec.type;
  if (Array.isArray(spec.enum)) schema.enum = spec.enum;
  if (typeof spec.minimum === 'number') schema.minimum = spec.minimum;
  if (typeof spec.maximum === 'number') schema.maximum = spec.maximum;
  // ajv wants whole, non-negative lengths; Port's definitions only promise numbers. Same meaning, rounded inwards.
  if (typeof spec.minLength === 'number') schema.minLength = Math.max(0, Math.ceil(spec.minLength));
  if (typeof spec.maxLength === 'number') schema.maxLength = Math.max(0, Math.floor(spec.maxLength));
  if (typeof spec.pattern === 'string') {
    if (compiles(spec.pattern)) schema.pattern = spec.pattern;
    else problems.push(`${path}: the action's pattern ${describeValue(spec.pattern)} is not a valid regular expression`);
  }
  if (typeof spec.format === 'string' && Object.hasOwn(CHECKED_FORMATS, spec.format)) schema.format = CHECKED_FORMATS[spec.format];
  if (spec.type === 'array' && isObject(spec.items)) schema.items = jsonSchemaFor(spec.items, `${path}[]`, problems);
  return schema;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/**
 * One sentence per value at fault, whatever the number of keywords it broke: ajv's errors say which
 * keyword failed, but the user needs what the input accepts, all of it.
 */
function valueProblems(errors: ErrorObject[], specs: Record<string, UserInputSpec>, data: JsonObject, applied: Map<string, string>): string[] {
  const problems = new Map<string, string>();
  for (const error of errors) {
    if (error.instancePath === '') {
      if (error.keyword === 'required') {
        const id = String(error.params.missingProperty);
        problems.set(`inputs.${id}`, `inputs.${id}: required`);
      }
      continue;
    }
    const [id = '', ...rest] = error.instancePath.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
    let spec = specs[id];
    let value: unknown = data[id];
    let path = `inputs.${id}`;
    // Descend through array items only: that is as deep as Port's input keywords reach.
    for (const segment of rest) {
      if (spec?.type !== 'array' || !Array.isArray(value)) break;
      spec = spec.items;
      value = value[Number(segment)];
      path += `[${segment}]`;
    }
    if (problems.has(path)) continue;
    const secret = isSecretInput(specs[id]);
    const origin = applied.has(id) ? ` (${applied.get(id)})` : '';
    problems.set(path, `${path}: expected ${expectation(spec)} but found ${describeValue(value, { secret })}${origin}`);
  }
  return [...problems.values()];
}

/** What an input accepts, in words: `a number from 1 to 20`, `one of staging, production`. */
function expectation(spec: UserInputSpec | undefined): string {
  if (spec === undefined) return 'a value';
  if (Array.isArray(spec.enum) && spec.type !== 'array') {
    return `one of ${spec.enum.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ')}`;
  }
  switch (spec.type) {
    case 'number': {
      const { minimum, maximum } = spec;
      if (typeof minimum === 'number' && typeof maximum === 'number') return `a number from ${minimum} to ${maximum}`;
      return `a number${range(minimum, maximum, String)}`;
    }
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string': {
      const base = typeof spec.format === 'string' && Object.hasOwn(FORMAT_PHRASES, spec.format) ? FORMAT_PHRASES[spec.format] : 'a string';
      const length = range(spec.minLength, spec.maxLength, characters);
      const pattern = typeof spec.pattern === 'string' ? ` matching /${spec.pattern}/` : '';
      return `${base}${length}${pattern}`;
    }
    default:
      return 'a value';
  }
}

/** ` of 3 to 10 characters`, ` of at least 1 character`, ` of at most 20`: the bounds a spec sets, in words. */
function range(min: unknown, max: unknown, unit: (n: number) => string): string {
  const hasMin = typeof min === 'number';
  const hasMax = typeof max === 'number';
  if (hasMin && hasMax) return ` of ${min} to ${unit(max)}`;
  if (hasMin) return ` of at least ${unit(min)}`;
  if (hasMax) return ` of at most ${unit(max)}`;
  return '';
}

function characters(n: number): string {
  return n === 1 ? '1 character' : `${n} characters`;
}

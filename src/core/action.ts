import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import { ValidationError, describeValue } from './errors.js';
import { isObject } from './json.js';
import { SECRET_ENCRYPTION } from './secrets.js';
import type { ActionDefinition, JsonObject } from './types.js';

// ajv is CommonJS: Node's default import is module.exports, whose `.default` is the class itself (ajv sets
// module.exports.default = Ajv), so `.default` also holds when a bundler hands over exports.default instead.
const Ajv = AjvModule.default;

const ACTION_TRIGGERS = ['CREATE', 'DAY-2', 'DELETE'] as const;
const INPUT_TYPES = ['string', 'number', 'boolean', 'object', 'array'] as const;
const BACKENDS = ['WEBHOOK', 'KAFKA', 'GITHUB', 'GITLAB'] as const;
type Backend = (typeof BACKENDS)[number];

interface FieldRule {
  type: 'string' | 'boolean';
  allowedWith: readonly Backend[];
  requiredWith?: readonly Backend[];
  /** Values beyond the type, when the field is a choice. */
  oneOf?: readonly string[];
}

/** The invocationMethod fields per backend (PORT-FACTS.md §1). Anything else is refused, by name. */
const INVOCATION_FIELDS: Record<string, FieldRule> = {
  url: { type: 'string', allowedWith: ['WEBHOOK'], requiredWith: ['WEBHOOK'] },
  agent: { type: 'boolean', allowedWith: ['WEBHOOK', 'GITLAB'] },
  // Not in the facts table, but Port's own webhook examples (Jenkins, Terraform Cloud) set them. Port's
  // webhook form offers these four methods; the classic docs only ever show POST.
  method: { type: 'string', allowedWith: ['WEBHOOK'], oneOf: ['POST', 'PUT', 'PATCH', 'DELETE'] },
  synchronized: { type: 'boolean', allowedWith: ['WEBHOOK'] },
  org: { type: 'string', allowedWith: ['GITHUB'], requiredWith: ['GITHUB'] },
  repo: { type: 'string', allowedWith: ['GITHUB'], requiredWith: ['GITHUB'] },
  workflow: { type: 'string', allowedWith: ['GITHUB'], requiredWith: ['GITHUB'] },
  omitPayload: { type: 'boolean', allowedWith: ['GITHUB', 'GITLAB'] },
  omitUserInputs: { type: 'boolean', allowedWith: ['GITHUB', 'GITLAB'] },
  reportWorkflowStatus: { type: 'boolean', allowedWith: ['GITHUB'] },
  defaultRef: { type: 'string', allowedWith: ['GITLAB'] },
  projectName: { type: 'string', allowedWith: ['GITLAB'], requiredWith: ['GITLAB'] },
  groupName: { type: 'string', allowedWith: ['GITLAB'], requiredWith: ['GITLAB'] },
};

/**
 * The shape of a classic action, as far as ajv can say it. Unknown keys pass everywhere except in
 * invocationMethod (checked in code below, because what is allowed there depends on `type`): Port adds
 * presentation keywords (icon, enumColors, dataset, requiredApproval, ...) that port-ci has no reason to refuse.
 */
const ACTION_SCHEMA = {
  type: 'object',
  required: ['identifier', 'invocationMethod'],
  properties: {
    identifier: { type: 'string' },
    trigger: { enum: ACTION_TRIGGERS },
    userInputs: {
      type: 'object',
      required: ['properties'],
      properties: {
        properties: { type: 'object', additionalProperties: { $ref: '#/definitions/inputSpec' } },
        required: { type: 'array', items: { type: 'string' } },
        order: { type: 'array', items: { type: 'string' } },
      },
    },
    invocationMethod: {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: BACKENDS } },
    },
  },
  definitions: {
    inputSpec: {
      type: 'object',
      required: ['type'],
      properties: {
        type: { enum: INPUT_TYPES },
        format: { type: 'string' },
        enum: { type: 'array' },
        pattern: { type: 'string' },
        minLength: { type: 'number' },
        maxLength: { type: 'number' },
        minimum: { type: 'number' },
        maximum: { type: 'number' },
        items: { $ref: '#/definitions/inputSpec' },
        blueprint: { type: 'string' },
        encryption: { enum: [SECRET_ENCRYPTION] },
        // Any value, except that an object holding jqQuery is a query and must say it as text.
        default: {
          if: { type: 'object', properties: { jqQuery: true }, required: ['jqQuery'] },
          then: { type: 'object', properties: { jqQuery: { type: 'string' } } },
        },
      },
    },
  },
} as const;

let compiled: ValidateFunction | undefined;

function schemaCheck(raw: unknown): ErrorObject[] {
  compiled ??= new Ajv({ allErrors: true, strict: true }).compile(ACTION_SCHEMA);
  return compiled(raw) ? [] : (compiled.errors ?? []);
}

/**
 * Checks a classic Port action definition (PORT-FACTS.md §1): its shape, each user input's keywords, and
 * which invocationMethod fields its backend allows and requires. Every problem is reported at once.
 * @param source names the definition in the error (a file name, say); defaults to `action`.
 * @returns the same object, typed.
 * @throws ValidationError listing each problem with its path, e.g. `invocationMethod.org: required with GITHUB`.
 */
export function validateAction(raw: unknown, source = 'action'): ActionDefinition {
  if (!isObject(raw)) {
    throw new ValidationError(source, [`expected an action definition (a JSON object) but found ${describeValue(raw)}`]);
  }
  const problems = schemaCheck(raw).flatMap((error) => schemaProblem(error, raw));
  if (isObject(raw.userInputs)) problems.push(...userInputsProblems(raw.userInputs));
  if (isObject(raw.invocationMethod)) problems.push(...invocationProblems(raw.invocationMethod));
  if (problems.length > 0) throw new ValidationError(source, problems);
  return raw as ActionDefinition;
}

/** Turns one ajv error into `<path>: expected <what> but found <what>`, in our words rather than ajv's. */
function schemaProblem(error: ErrorObject, root: unknown): string[] {
  const path = dottedPath(error.instancePath, root);
  const found = () => describeValue(valueAt(error.instancePath, root));
  switch (error.keyword) {
    case 'required':
      return [`${join(path, String(error.params.missingProperty))}: required`];
    case 'type':
      return [`${path}: expected ${typePhrase(String(error.params.type))} but found ${found()}`];
    case 'enum':
      return [`${path}: expected ${choicePhrase(error.params.allowedValues as unknown[])} but found ${found()}`];
    case 'if':
      return []; // the failing `then` keyword reports the actual problem
    default:
      return [`${path}: not valid (${error.keyword})`]; // not reached with ACTION_SCHEMA
  }
}

function userInputsProblems(userInputs: JsonObject): string[] {
  const problems: string[] = [];
  const properties = isObject(userInputs.properties) ? userInputs.properties : {};
  for (const [id, spec] of Object.entries(properties)) {
    if (isObject(spec)) problems.push(...specProblems(spec, `userInputs.properties.${id}`, false));
  }
  if (Array.isArray(userInputs.required) && isObject(userInputs.properties)) {
    userInputs.required.forEach((id, index) => {
      if (typeof id === 'string' && !Object.hasOwn(properties, id)) {
        problems.push(`userInputs.required[${index}]: expected the id of an input in userInputs.properties but found ${describeValue(id)}`);
      }
    });
  }
  return problems;
}

/**
 * What ajv cannot say about one input: that its pattern compiles, and where encryption may go. Shared with
 * action-v2.ts: an input spec reads the same in both formats.
 */
export function specProblems(spec: JsonObject, path: string, isItem: boolean): string[] {
  const problems: string[] = [];
  if (typeof spec.pattern === 'string') {
    // Checked without the `u` flag, as a browser form (Port's UI) compiles it; user-inputs.ts matches this.
    try {
      new RegExp(spec.pattern);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split(': ').pop() : String(error);
      problems.push(`${path}.pattern: expected a regular expression but found ${describeValue(spec.pattern)} (it does not compile: ${reason})`);
    }
  }
  if (spec.encryption !== undefined) {
    if (isItem) {
      // port-ci encrypts whole inputs; an encrypted item would travel in clear.
      problems.push(`${path}.encryption: only allowed on an input, not on array items`);
    } else if (spec.type !== 'string' && spec.type !== 'object') {
      problems.push(`${path}.encryption: only allowed on string or object inputs (type is ${describeValue(spec.type)})`);
    } else if (spec.format !== undefined) {
      problems.push(`${path}.encryption: not allowed on an input with a format (format is ${describeValue(spec.format)})`);
    }
  }
  if (isObject(spec.items)) problems.push(...specProblems(spec.items, `${path}.items`, true));
  return problems;
}

/** The backend rules: each field allowed only with some types, required with some, of one JSON type. */
function invocationProblems(method: JsonObject): string[] {
  const type = method.type;
  if (!BACKENDS.includes(type as Backend)) return []; // the schema already says type is wrong or missing
  const backend = type as Backend;
  const problems: string[] = [];
  for (const [field, value] of Object.entries(method)) {
    if (field === 'type') continue;
    const path = `invocationMethod.${field}`;
    const rule = Object.hasOwn(INVOCATION_FIELDS, field) ? INVOCATION_FIELDS[field] : undefined;
    if (rule === undefined) {
      problems.push(`${path}: not a field Port knows (${backend} takes ${fieldsFor(backend)})`);
    } else if (!rule.allowedWith.includes(backend)) {
      problems.push(`${path}: only allowed with ${rule.allowedWith.join(' or ')} (type is ${backend})`);
    } else if (typeof value !== rule.type) {
      problems.push(`${path}: expected ${typePhrase(rule.type)} but found ${describeValue(value)}`);
    } else if (rule.oneOf !== undefined && !rule.oneOf.includes(value as string)) {
      problems.push(`${path}: expected ${choicePhrase(rule.oneOf)} but found ${describeValue(value)}`);
    } else if (field === 'url' && !isHttpUrl(value as string)) {
      problems.push(`${path}: expected an http(s) URL but found ${describeValue(value)}`);
    }
  }
  for (const [field, rule] of Object.entries(INVOCATION_FIELDS)) {
    if (rule.requiredWith?.includes(backend) && method[field] === undefined) {
      problems.push(`invocationMethod.${field}: required with ${backend}`);
    }
  }
  return problems;
}

function fieldsFor(backend: Backend): string {
  const fields = Object.entries(INVOCATION_FIELDS)
    .filter(([, rule]) => rule.allowedWith.includes(backend))
    .map(([field]) => field);
  return fields.length > 0 ? fields.join(', ') : 'no other field';
}

export function isHttpUrl(text: string): boolean {
  // The URL parser drops line breaks and encodes spaces silently: the URL sent would not be the one shown.
  if (/[\s\p{Cc}]/u.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '';
  } catch {
    return false;
  }
}

export function typePhrase(type: string): string {
  return type
    .split(',')
    .map((name) => (/^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`))
    .join(' or ');
}

export function choicePhrase(values: readonly unknown[]): string {
  const shown = values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
  return shown.length === 1 ? String(shown[0]) : `one of ${shown.join(', ')}`;
}

function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(pointer: string, root: unknown): unknown {
  let value = root;
  for (const segment of pointerSegments(pointer)) {
    value = Array.isArray(value) ? value[Number(segment)] : isObject(value) ? value[segment] : undefined;
  }
  return value;
}

/** `/userInputs/required/1` -> `userInputs.required[1]`: array steps as indexes, the rest as dotted keys. */
function dottedPath(pointer: string, root: unknown): string {
  let path = '';
  let value = root;
  for (const segment of pointerSegments(pointer)) {
    path = Array.isArray(value) ? `${path}[${segment}]` : join(path, segment);
    value = Array.isArray(value) ? value[Number(segment)] : isObject(value) ? value[segment] : undefined;
  }
  return path;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import publishedSchema from './schemas/port-action.json' with { type: 'json' };
import matchesSchema from './schemas/port-action.validate.cjs';
import { choicePhrase, isHttpUrl, specProblems, typePhrase, validateAction } from './action.js';
import { ValidationError, describeValue } from './errors.js';
import { MAX_DEPTH, isObject } from './json.js';
import { SECRET_ENCRYPTION } from './secrets.js';
import { actionFormat, currentFormatFields } from './action-format.js';
import type { AnyAction, JsonObject, V2Action } from './types.js';

// Re-exported so the whole v2 API is here; it lives apart because it needs no ajv (see index.ts).
export { actionFormat };

// Both are CommonJS whose module.exports.default is the export itself: `.default` holds under Node's interop and
// under a bundler's alike (see action.ts).
const Ajv = AjvModule.default;
const addFormats = formatsModule.default;

/** Names the schema so the references the load-time repair writes can point into it from any variant. */
const SCHEMA_ID = 'port-action.json';
/** Enough to fix a definition in a few passes; a hostile one with thousands of unknown keys stays readable. */
const MAX_PROBLEMS = 50;
/** Keys are user data: a megabyte-long key must not become a megabyte-long message. */
const MAX_KEY_CHARS = 60;
/** GitHub refuses a workflow dispatch with more inputs than this (PORT-FACTS.md §6). */
const GITHUB_MAX_INPUTS = 25;
/** The methods Port's webhook form offers; GET is not in PORT-FACTS §8's list but Port's own guides use it. */
const WEBHOOK_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

// ---------------------------------------------------------------------------------------------------------------
// Either format

/**
 * Validates a definition in whichever format it is written in: the classic one with validateAction, the current
 * one with validateActionV2.
 * @param source names the definition in the error; defaults to `action`.
 * @throws ValidationError with every problem of the format found, or, when the object is in neither format,
 * one problem that says what was found and what the two formats look like.
 */
export function validateAnyAction(raw: unknown, source = 'action'): AnyAction {
  const shape = shapeProblems(raw);
  if (shape.length > 0) throw new ValidationError(source, shape);
  const format = actionFormat(raw);
  if (format === 'v2') return { format, action: validateActionV2(raw, source) };
  if (format === 'legacy') return { format, action: validateAction(raw, source) };
  throw new ValidationError(source, [
    `expected Port's classic format (trigger "CREATE", "DAY-2" or "DELETE") or its current format (trigger an object with type self-service or automation) but found ${neitherFormat(raw)}`,
  ]);
}

function neitherFormat(raw: unknown): string {
  if (!isObject(raw)) return describeValue(raw);
  if (raw.trigger !== undefined) return `trigger ${describeValue(raw.trigger)}`;
  const method = raw.invocationMethod;
  if (isObject(method)) return `no trigger, beside an invocationMethod in the current format (${currentFormatFields(method).join(', ')})`;
  if (method !== undefined) return `no trigger, and invocationMethod ${describeValue(method)}`;
  return 'an object with neither trigger nor invocationMethod';
}

// ---------------------------------------------------------------------------------------------------------------
// The current format

/**
 * Checks a definition in Port's current format (PORT-FACTS.md §8–9) against Port's published schema for it
 * (schemas/port-action.json) and the rules between fields that the schema cannot state: inputs named in
 * required/order/steps/dependsOn exist, entity inputs name a blueprint, a dispatch_workflow integration names
 * org/repo/workflow, a literal webhook URL is http(s), GitHub's limit on workflow inputs. Every problem is
 * reported at once (up to 50), each with its path.
 * @param source names the definition in the error; defaults to `action`.
 * @returns the same object, typed.
 * @throws ValidationError, e.g. `invocationMethod.org: required with GITHUB`,
 * `trigger.event.blueprintIdentifier: required with ENTITY_CREATED`.
 */
export function validateActionV2(raw: unknown, source = 'action'): V2Action {
  if (!isObject(raw)) {
    throw new ValidationError(source, [`expected an action definition (a JSON object) but found ${describeValue(raw)}`]);
  }
  const shape = shapeProblems(raw);
  if (shape.length > 0) throw new ValidationError(source, shape);
  const problems = [...new Set([...schemaProblems(raw), ...ruleProblems(raw)])];
  if (problems.length > MAX_PROBLEMS) {
    const hidden = problems.length - MAX_PROBLEMS;
    problems.splice(MAX_PROBLEMS, hidden, `and ${hidden} more problem(s) not shown`);
  }
  if (problems.length > 0) throw new ValidationError(source, problems);
  return raw as unknown as V2Action;
}

/**
 * What no JSON definition holds, refused before ajv runs: ajv recurses through nested rule groups, so a very deep
 * (or cyclic) object would overflow the stack, and functions or bigints are not JSON. Walks without recursion.
 */
function shapeProblems(root: unknown): string[] {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
      return [`${path || 'action'}: expected a JSON value but found a ${typeof value}`];
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH) return [`${path || 'action'}: nested deeper than ${MAX_DEPTH} levels, which no definition is`];
    if (Array.isArray(value)) value.forEach((item, index) => stack.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }));
    else for (const [key, item] of Object.entries(value)) stack.push({ value: item, path: join(path, key), depth: depth + 1 });
  }
  return [];
}

// ---------------------------------------------------------------------------------------------------------------
// The published schema, made compilable

type Schema = JsonObject;

/** Port's schema as published, adjusted where it cannot be compiled as is or where Port's own examples break it. */
export function portActionSchema(): Schema {
  const schema = structuredClone(publishedSchema as unknown) as Schema;
  schema.$id = SCHEMA_ID;
  repairCircularRefs(schema, '', []);
  acceptPortsOwnExamples(schema);
  return schema;
}

/**
 * Port's docs generator writes a recursive reference as a string, which ajv refuses (a schema is an object):
 * `"circular(/schemas/entitiesQuery)"` where the schema titled /schemas/entitiesQuery nests in itself, and
 * `"properties": "circular()"` where a nested rule group takes the properties of the query around it. Each becomes
 * a $ref to the enclosing schema it stands for; one that cannot be resolved throws, so a refreshed copy that
 * changed the pattern is noticed.
 */
function repairCircularRefs(node: unknown, pointer: string, ancestors: Array<{ node: JsonObject; pointer: string }>): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => {
      if (isCircularMarker(item)) node[index] = refToTitled(item, [...ancestors].reverse());
      else repairCircularRefs(item, `${pointer}/${index}`, ancestors);
    });
    return;
  }
  if (!isObject(node)) return;
  const inside = [...ancestors, { node, pointer }];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value === 'circular()') {
      const wanted = Array.isArray(node.required) ? node.required : [];
      const query = [...ancestors]
        .reverse()
        .find(({ node: candidate }) => isObject(candidate.properties) && wanted.every((name) => Object.hasOwn(candidate.properties as JsonObject, String(name))));
      if (query === undefined) throw new Error(`${SCHEMA_ID}: cannot resolve "circular()" at ${pointer}/properties`);
      node.properties = Object.fromEntries(
        Object.keys(query.node.properties as JsonObject).map((name) => [name, { $ref: `${SCHEMA_ID}#${query.pointer}/properties/${escapePointer(name)}` }]),
      );
    } else if (isCircularMarker(value)) {
      node[key] = refToTitled(value, [...inside].reverse());
    } else {
      repairCircularRefs(value, `${pointer}/${escapePointer(key)}`, inside);
    }
  }
}

function isCircularMarker(value: unknown): value is string {
  return typeof value === 'string' && /^circular\(.+\)$/.test(value);
}

function refToTitled(marker: string, nearestFirst: Array<{ node: JsonObject; pointer: string }>): Schema {
  const title = marker.slice('circular('.length, -1);
  const target = nearestFirst.find(({ node }) => node.title === title);
  if (target === undefined) throw new Error(`${SCHEMA_ID}: cannot resolve "${marker}"`);
  return { $ref: `${SCHEMA_ID}#${target.pointer}` };
}

function escapePointer(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
}

/**
 * Where Port's documented examples break its published schema, the examples win: a validator that refuses what
 * Port runs is wrong. Each step names its spot and throws if a refreshed copy moved it, so it gets revisited.
 */
function acceptPortsOwnExamples(schema: Schema): void {
  const properties = expectObject(schema.properties, 'properties');
  // A self-service action may have no inputs at all, and then Port's docs (the "analyze service health" Port AI
  // example) leave userInputs out; the schema requires it.
  const triggers = expectObject(properties.trigger, 'properties.trigger').oneOf;
  const selfService = (Array.isArray(triggers) ? triggers : []).filter(
    (variant): variant is Schema => isObject(variant) && allowedValues(propertySchema(variant, 'type')).includes('self-service'),
  );
  if (selfService.length === 0) throw new Error(`${SCHEMA_ID}: no self-service trigger variant to adjust`);
  for (const variant of selfService) {
    if (Array.isArray(variant.required)) variant.required = variant.required.filter((name) => name !== 'userInputs');
  }
  // Definitions copied out of Port (GET /v1/actions, the UI's JSON view, the docs' "setup action" example) carry
  // these read-only fields; Port ignores them on the way back in.
  for (const name of ['createdBy', 'updatedBy']) properties[name] ??= { type: 'string', description: 'Read-only, set by Port.' };
  for (const name of ['createdAt', 'updatedAt']) properties[name] ??= { type: 'string', format: 'date-time', description: 'Read-only, set by Port.' };
}

function expectObject(value: unknown, where: string): Schema {
  if (!isObject(value)) throw new Error(`${SCHEMA_ID}: expected an object at ${where}`);
  return value;
}

let compiler: { ajv: InstanceType<typeof Ajv>; root: ValidateFunction; variants: Map<Schema, ValidateFunction> } | undefined;

function schemaCompiler(): NonNullable<typeof compiler> {
  if (compiler === undefined) {
    const ajv = new Ajv({
      allErrors: true, // every problem at once
      verbose: true, // errors carry the schema objects: that is how a failing oneOf's variants are found
      // Strict stays on, so a refreshed copy with a keyword or format ajv does not know fails to compile in the
      // tests instead of being ignored. Two exceptions: `example` (see below), and strictTypes, because variants
      // are also compiled on their own (to explain a failing oneOf) and there lose the type of the schema around them.
      strict: true,
      strictTypes: false,
      logger: false, // core does no I/O
    });
    addFormats(ajv, ['date-time', 'uri']); // the only formats the schema uses
    ajv.addKeyword('example'); // OpenAPI's annotation, not JSON Schema's: it documents and checks nothing
    compiler = { ajv, root: ajv.compile(portActionSchema()), variants: new Map() };
  }
  return compiler;
}

function compiledVariant(schema: Schema): ValidateFunction {
  const { ajv, variants } = schemaCompiler();
  let validate = variants.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    variants.set(schema, validate);
  }
  return validate;
}

// ---------------------------------------------------------------------------------------------------------------
// ajv's errors in our words

/** The variant of a oneOf/anyOf a value was judged by, and how to name it: `GITHUB`, `self-service CREATE`. */
interface Variant {
  schema: Schema;
  label: string | undefined;
  /** The fields that picked it (type, operation): not worth listing among a variant's accepted fields. */
  keys: string[];
}

function schemaProblems(raw: JsonObject): string[] {
  // The precompiled validator answers the common case, a valid definition, without compiling the schema (most
  // of a second); only a definition with problems pays for the compile that explains them.
  if (matchesSchema(raw)) return [];
  const { root } = schemaCompiler();
  if (root(raw)) return [];
  return explain(root.errors ?? [], '', raw, undefined);
}

/**
 * Turns one validator's errors into lines. A failing oneOf/anyOf comes with the errors of every variant, most of
 * them beside the point (an additionalProperties:false variant for KAFKA says every GITHUB field is unknown), so
 * the variant the value means is picked (by its `type`, `operation`... or else the one it misses least) and only
 * that variant's verdict, from its own validator, is explained.
 */
function explain(errors: ErrorObject[], pointer: string, root: unknown, variant: Variant | undefined): string[] {
  const absolute = errors.map((error) => ({ ...error, instancePath: pointer + error.instancePath }));
  const combinators = absolute.filter((error) => error.keyword === 'oneOf' || error.keyword === 'anyOf');
  const outermost = combinators.filter((error) => !combinators.some((other) => other !== error && encloses(other, error)));
  const problems: string[] = [];
  for (const error of absolute) {
    if (combinators.includes(error) || combinators.some((combinator) => encloses(combinator, error))) continue;
    if (error.propertyName !== undefined) continue; // the inner error of propertyNames, said by its outer one
    problems.push(words(error, root, variant));
  }
  for (const combinator of outermost) problems.push(...explainChoice(combinator, root));
  return problems;
}

/**
 * True when `inner` came from inside one of the variants of the failing combinator `outer`. Through a recursive
 * $ref (rule groups nest) an error deeper in the value can carry the combinator's own schema path: it is inside too,
 * and is found again when the chosen variant is explained.
 */
function encloses(outer: ErrorObject, inner: ErrorObject): boolean {
  const deeper = inner.instancePath.startsWith(`${outer.instancePath}/`);
  const within = deeper || inner.instancePath === outer.instancePath;
  return (within && inner.schemaPath.startsWith(`${outer.schemaPath}/`)) || (deeper && inner.schemaPath === outer.schemaPath);
}

function explainChoice(combinator: ErrorObject, root: unknown): string[] {
  const value = valueAt(combinator.instancePath, root);
  const path = dotted(combinator.instancePath, root);
  if (Array.isArray(combinator.params.passingSchemas)) return [`${subjectPath(path)}: fits more than one of the forms Port accepts here`];
  const variants = (Array.isArray(combinator.schema) ? combinator.schema : []).filter(isObject);
  const choice = chooseVariant(variants, value, path);
  if ('problem' in choice) return [choice.problem];
  const validate = compiledVariant(choice.variant.schema);
  if (validate(value)) return []; // cannot happen for a failing combinator; nothing to say if it does
  return explain(validate.errors ?? [], combinator.instancePath, root, choice.variant);
}

/**
 * Picks the variant a value is meant as: first by JSON type, then by each field every remaining variant fixes
 * with an enum (type, then operation), then, if still several, the one with fewest errors. A discriminating field
 * that is missing or has a value no variant takes is the problem to report: which variant's rules apply is unknown.
 */
function chooseVariant(variants: Schema[], value: unknown, path: string): { variant: Variant } | { problem: string } {
  let candidates = variants.filter((variant) => acceptsType(variant, value));
  if (candidates.length === 0) {
    const types = [...new Set(variants.flatMap(typesOf))];
    return { problem: `${subjectPath(path)}: expected ${typePhrase(types.join(','))} but found ${kindOf(value)}` };
  }
  const used: string[] = [];
  const label: string[] = [];
  while (isObject(value) && candidates.length > 1) {
    const key = discriminator(candidates, used);
    if (key === undefined) break;
    used.push(key);
    const allowed = [...new Set(candidates.flatMap((variant) => allowedValues(propertySchema(variant, key))))];
    if (!Object.hasOwn(value, key)) {
      if (candidates.every((variant) => Array.isArray(variant.required) && variant.required.includes(key))) {
        return { problem: `${join(path, key)}: required (${choicePhrase(allowed)})` };
      }
      continue;
    }
    const matching = candidates.filter((variant) => allowedValues(propertySchema(variant, key)).includes(value[key]));
    if (matching.length === 0) return { problem: `${join(path, key)}: expected ${choicePhrase(allowed)} but found ${describeValue(value[key])}` };
    candidates = matching;
    label.push(String(value[key]));
  }
  const chosen = candidates.length === 1 ? candidates[0]! : fewestErrors(candidates, value);
  return { variant: { schema: chosen, label: label.length > 0 ? label.join(' ') : undefined, keys: used } };
}

/** The first field that every candidate pins to a set of values, and that has not been used yet. */
function discriminator(candidates: Schema[], used: string[]): string | undefined {
  const first = candidates[0];
  const keys = first && isObject(first.properties) ? Object.keys(first.properties) : [];
  return keys.find((key) => !used.includes(key) && candidates.every((variant) => allowedValues(propertySchema(variant, key)).length > 0));
}

/**
 * The variant the value misses least: first by how many of its fields the variant does not have (a nested rule
 * group is a group because it has `combinator` and `rules`, however wrong its inner rules are), then by how many
 * errors the variant finds. Ties go to the first, as Port's schema lists them.
 */
function fewestErrors(candidates: Schema[], value: unknown): Schema {
  let best = candidates[0]!;
  let bestScore = [Infinity, Infinity];
  for (const candidate of candidates) {
    const validate = compiledVariant(candidate);
    const score = [undeclaredFields(candidate, value), validate(value) ? 0 : (validate.errors ?? []).length];
    if (score[0]! < bestScore[0]! || (score[0] === bestScore[0] && score[1]! < bestScore[1]!)) [best, bestScore] = [candidate, score];
  }
  return best;
}

function undeclaredFields(schema: Schema, value: unknown): number {
  if (!isObject(value)) return 0;
  if (schema.additionalProperties === false) return Object.keys(value).filter((key) => propertySchema(schema, key) === undefined).length;
  // Port wraps some rules in a one-variant oneOf ({type: object, oneOf: [{... additionalProperties: false}]}).
  const inner = [schema.oneOf, schema.anyOf].flatMap((list) => (Array.isArray(list) ? list.filter(isObject) : []));
  return inner.length > 0 ? Math.min(...inner.map((variant) => undeclaredFields(variant, value))) : 0;
}

function propertySchema(schema: Schema, key: string): unknown {
  return isObject(schema.properties) && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
}

function allowedValues(schema: unknown): unknown[] {
  if (!isObject(schema)) return [];
  if (Array.isArray(schema.enum)) return schema.enum;
  return Object.hasOwn(schema, 'const') ? [schema.const] : [];
}

function typesOf(schema: Schema): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  return Array.isArray(schema.type) ? schema.type.map(String) : [];
}

function acceptsType(schema: Schema, value: unknown): boolean {
  const types = typesOf(schema);
  if (types.length === 0) return true;
  return types.some((type) => {
    if (type === 'integer') return Number.isInteger(value);
    if (type === 'null') return value === null;
    if (type === 'array') return Array.isArray(value);
    if (type === 'object') return isObject(value);
    return typeof value === type;
  });
}

const PATTERN_PHRASES: Record<string, string> = {
  '^(?!\\.{1,2}$)[\\p{L}0-9@_.+:=-]+$': 'letters, digits and @ _ . + : = - (not "." or "..")',
  '^[^\\s].*[^\\s]$': 'text that neither starts nor ends with a space',
  '^[A-Za-z0-9@_=\\\\-]+$': 'letters, digits and @ _ = -',
};
const FORMAT_PHRASES: Record<string, string> = { 'date-time': 'a date-time like 2026-01-02T03:04:05Z', uri: 'a URL' };

/** One ajv error as `<path>: expected <what> but found <what>`, or `<path>: required`, in our words. */
function words(error: ErrorObject, root: unknown, variant: Variant | undefined): string {
  const path = dotted(error.instancePath, root);
  const value = valueAt(error.instancePath, root);
  const ofVariant = variant !== undefined && error.parentSchema === variant.schema ? variant : undefined;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${join(path, String(params.missingProperty))}: required${ofVariant?.label ? ` with ${ofVariant.label}` : ''}`;
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const declared = isObject(error.parentSchema?.properties) ? Object.keys(error.parentSchema.properties) : [];
      const accepted = declared.filter((name) => !(ofVariant?.keys ?? []).includes(name));
      const subject = ofVariant?.label ?? (path === '' ? 'an action' : path);
      const hint = path === '' && key === 'userInputs' ? '; in the current format userInputs go in trigger.userInputs' : '';
      return `${join(path, key)}: not a field of ${subject} in Port's current format (accepted: ${accepted.join(', ') || 'none'})${hint}`;
    }
    case 'type': {
      const types = Array.isArray(params.type) ? params.type.join(',') : String(params.type);
      return `${subjectPath(path)}: expected ${typePhrase(types)} but found ${kindOf(value)}`;
    }
    case 'enum':
      return `${subjectPath(path)}: expected ${choicePhrase(params.allowedValues as unknown[])} but found ${describeValue(value)}`;
    case 'const':
      return `${subjectPath(path)}: expected ${choicePhrase([params.allowedValue])} but found ${describeValue(value)}`;
    case 'pattern': {
      const pattern = String(params.pattern);
      return `${subjectPath(path)}: expected ${PATTERN_PHRASES[pattern] ?? `text matching /${pattern}/`} but found ${describeValue(value)}`;
    }
    case 'propertyNames': {
      const rule = isObject(error.schema) && typeof error.schema.pattern === 'string' ? error.schema.pattern : '';
      const phrase = PATTERN_PHRASES[rule] ?? `keys matching /${rule}/`;
      return `${join(path, String(params.propertyName))}: not a valid key here (keys are ${phrase})`;
    }
    case 'minLength':
    case 'maxLength': {
      const bound = error.keyword === 'minLength' ? 'at least' : 'at most';
      const length = typeof value === 'string' ? value.length : 0;
      return `${subjectPath(path)}: expected ${bound} ${String(params.limit)} characters but found ${length}`;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${subjectPath(path)}: expected a number ${String(params.comparison)} ${String(params.limit)} but found ${describeValue(value)}`;
    case 'format':
      return `${subjectPath(path)}: expected ${FORMAT_PHRASES[String(params.format)] ?? String(params.format)} but found ${describeValue(value)}`;
    default:
      return `${subjectPath(path)}: not valid in Port's current format (${error.keyword})`;
  }
}

/** What kind of value stands where another was expected; the value itself is beside the point. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  return typePhrase(typeof value);
}

// ---------------------------------------------------------------------------------------------------------------
// The rules between fields that the schema cannot state

function ruleProblems(action: JsonObject): string[] {
  const problems: string[] = [];
  const trigger = action.trigger;
  if (isObject(trigger) && isObject(trigger.userInputs)) problems.push(...userInputsRules(trigger.userInputs, 'trigger.userInputs'));
  if (isObject(action.invocationMethod)) problems.push(...invocationRules(action.invocationMethod));
  return problems;
}

/** The JSON types of the JSON Schema keywords an input may carry: the published schema leaves them open. */
const INPUT_KEYWORD_TYPES: Record<string, 'string' | 'number' | 'array' | 'object'> = {
  title: 'string',
  description: 'string',
  pattern: 'string',
  enum: 'array',
  minLength: 'number',
  maxLength: 'number',
  minimum: 'number',
  maximum: 'number',
  items: 'object',
};

function userInputsRules(userInputs: JsonObject, path: string): string[] {
  const problems: string[] = [];
  const inputs = isObject(userInputs.properties) ? userInputs.properties : {};
  const titles = isObject(userInputs.titles) ? userInputs.titles : {};
  for (const [id, spec] of Object.entries(inputs)) {
    if (isObject(spec)) problems.push(...inputRules(spec, join(`${path}.properties`, id), id, inputs, `${path}.properties`));
  }
  // Own keys only: "constructor" must not be found on Object.prototype.
  const isInput = (id: unknown) => typeof id === 'string' && Object.hasOwn(inputs, id);
  const isPlaced = (id: unknown) => isInput(id) || (typeof id === 'string' && Object.hasOwn(titles, id));
  if (Array.isArray(userInputs.required)) {
    userInputs.required.forEach((id, index) => {
      if (typeof id === 'string' && !isInput(id)) {
        problems.push(`${path}.required[${index}]: expected the id of an input in ${path}.properties but found ${describeValue(id)}`);
      }
    });
  }
  const orderProblems = (order: unknown, orderPath: string) => {
    if (!Array.isArray(order)) return;
    order.forEach((id, index) => {
      if (typeof id === 'string' && !isPlaced(id)) {
        problems.push(`${orderPath}[${index}]: expected the id of an input in ${path}.properties or of a title in ${path}.titles but found ${describeValue(id)}`);
      }
    });
  };
  orderProblems(userInputs.order, `${path}.order`);
  if (Array.isArray(userInputs.steps)) {
    userInputs.steps.forEach((step, index) => {
      if (isObject(step)) orderProblems(step.order, `${path}.steps[${index}].order`);
    });
  }
  return problems;
}

function inputRules(spec: JsonObject, path: string, id: string, inputs: JsonObject, inputsPath: string): string[] {
  const problems: string[] = [];
  for (const [keyword, type] of Object.entries(INPUT_KEYWORD_TYPES)) {
    const value = spec[keyword];
    if (value === undefined) continue;
    const fits = type === 'array' ? Array.isArray(value) : type === 'object' ? isObject(value) : typeof value === type;
    if (!fits) problems.push(`${path}.${keyword}: expected ${typePhrase(type)} but found ${kindOf(value)}`);
  }
  if (Array.isArray(spec.dependsOn)) {
    spec.dependsOn.forEach((other, index) => {
      if (typeof other !== 'string') return; // the schema says it
      if (other === id || !Object.hasOwn(inputs, other)) {
        const itself = other === id ? ' (the input itself)' : '';
        problems.push(`${path}.dependsOn[${index}]: expected the id of another input in ${inputsPath} but found ${describeValue(other)}${itself}`);
      }
    });
  }
  // An entity picker lists the entities of one blueprint; without it Port has nothing to offer.
  if (spec.format === 'entity' && spec.blueprint === undefined) problems.push(`${path}.blueprint: required with format entity`);
  if (isObject(spec.items) && spec.items.format === 'entity' && spec.items.blueprint === undefined) {
    problems.push(`${path}.items.blueprint: required with format entity`);
  }
  if (spec.encryption !== undefined && spec.encryption !== SECRET_ENCRYPTION) {
    problems.push(`${path}.encryption: expected ${SECRET_ENCRYPTION} but found ${describeValue(spec.encryption)}`);
  }
  if (isObject(spec.default) && Object.hasOwn(spec.default, 'jqQuery') && typeof spec.default.jqQuery !== 'string') {
    problems.push(`${path}.default.jqQuery: expected a string but found ${kindOf(spec.default.jqQuery)}`);
  }
  problems.push(...specProblems(spec, path, false)); // the pattern compiles; encryption only where it protects
  return problems;
}

/** A template is rendered per run (PORT-FACTS.md §8): what it becomes cannot be judged here. */
function isTemplated(text: string): boolean {
  return text.includes('{{');
}

const DISPATCH_FIELDS = ['org', 'repo', 'workflow', 'workflowInputs', 'reportWorkflowStatus'];

function invocationRules(method: JsonObject): string[] {
  const problems: string[] = [];
  switch (method.type) {
    case 'WEBHOOK':
      if (typeof method.url === 'string' && !isTemplated(method.url) && !isHttpUrl(method.url)) {
        problems.push(`invocationMethod.url: expected an http(s) URL (or a template) but found ${describeValue(method.url)}`);
      }
      if (typeof method.method === 'string' && !isTemplated(method.method) && !WEBHOOK_METHODS.includes(method.method)) {
        problems.push(`invocationMethod.method: expected ${choicePhrase(WEBHOOK_METHODS)} but found ${describeValue(method.method)}`);
      }
      break;
    case 'GITHUB':
      problems.push(...workflowInputsRules(method.workflowInputs, 'invocationMethod.workflowInputs'));
      break;
    case 'INTEGRATION_ACTION':
      // The schema only says "an object": for dispatch_workflow Port's Ocean integration reads the GitHub fields.
      if (method.integrationActionType === 'dispatch_workflow' && isObject(method.integrationActionExecutionProperties)) {
        problems.push(...dispatchWorkflowRules(method.integrationActionExecutionProperties, 'invocationMethod.integrationActionExecutionProperties'));
      }
      break;
  }
  return problems;
}

function dispatchWorkflowRules(properties: JsonObject, path: string): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(properties)) {
    const fieldPath = join(path, key);
    if (!DISPATCH_FIELDS.includes(key)) {
      problems.push(`${fieldPath}: not a field of dispatch_workflow in Port's current format (accepted: ${DISPATCH_FIELDS.join(', ')})`);
    } else if (key === 'workflowInputs') {
      if (isObject(value)) problems.push(...workflowInputsRules(value, fieldPath));
      else problems.push(`${fieldPath}: expected an object but found ${kindOf(value)}`);
    } else if (key === 'reportWorkflowStatus') {
      if (typeof value !== 'boolean' && typeof value !== 'string') problems.push(`${fieldPath}: expected a boolean or a string but found ${kindOf(value)}`);
    } else if (typeof value !== 'string') {
      problems.push(`${fieldPath}: expected a string but found ${kindOf(value)}`);
    }
  }
  for (const key of ['org', 'repo', 'workflow']) {
    if (!Object.hasOwn(properties, key)) problems.push(`${path}.${key}: required with dispatch_workflow`);
  }
  return problems;
}

/**
 * GitHub refuses a dispatch with more than 25 inputs. Only keys that are plain text count: a templated key may
 * render to nothing, a spread adds an unknown number, and `ref` picks the branch instead of being sent.
 */
function workflowInputsRules(inputs: unknown, path: string): string[] {
  if (!isObject(inputs)) return [];
  const literal = Object.keys(inputs).filter((key) => !isTemplated(key) && key !== 'ref');
  return literal.length > GITHUB_MAX_INPUTS
    ? [`${path}: expected at most ${GITHUB_MAX_INPUTS} inputs besides ref (GitHub's limit for one workflow dispatch) but found ${literal.length}`]
    : [];
}

// ---------------------------------------------------------------------------------------------------------------
// Paths

function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at a JSON pointer, through own keys only. */
function valueAt(pointer: string, root: unknown): unknown {
  let value = root;
  for (const segment of pointerSegments(pointer)) {
    if (Array.isArray(value)) value = value[Number(segment)];
    else value = isObject(value) && Object.hasOwn(value, segment) ? value[segment] : undefined;
  }
  return value;
}

/** `/trigger/userInputs/required/1` -> `trigger.userInputs.required[1]`. */
function dotted(pointer: string, root: unknown): string {
  let path = '';
  let value = root;
  for (const segment of pointerSegments(pointer)) {
    if (Array.isArray(value)) {
      path = `${path}[${segment}]`;
      value = value[Number(segment)];
    } else {
      path = join(path, segment);
      value = isObject(value) && Object.hasOwn(value, segment) ? value[segment] : undefined;
    }
  }
  return path;
}

function join(path: string, key: string): string {
  const shown = key.length > MAX_KEY_CHARS ? `${key.slice(0, MAX_KEY_CHARS)}…` : key;
  return path === '' ? shown : `${path}.${shown}`;
}

/** The root itself has no path; problems with it are said of "action". */
function subjectPath(path: string): string {
  return path === '' ? 'action' : path;
}

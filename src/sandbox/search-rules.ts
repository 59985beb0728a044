import { invalid } from './contract.js';

/*
 * Port's search queries (search-entities.json, search-a-blueprints-entities.json): `{combinator, rules}`, each
 * rule a comparison on a property, a relatedTo, or a nested query. A query is first checked the way Port's route
 * schema checks it (each kind of rule is an `additionalProperties: false` object with its own operators and
 * value types), then evaluated against an entity.
 *
 * What the sandbox evaluates: =, !=, in, notIn, contains, doesNotContains, containsAny, beginsWith,
 * doesNotBeginsWith, endsWith, doesNotEndsWith, >, >=, <, <= (numbers, or ISO dates), isEmpty, isNotEmpty,
 * between and notBetween over a {from, to} range, and relatedTo (one hop, in either or the given direction).
 * What the schema accepts but the sandbox cannot answer truthfully (date presets, isExpired, propertySchema,
 * matchAny, contextual `{context, property}` values, which need Port's users and timers) is refused with a 422
 * that says so, rather than answered wrong.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';

export interface SearchQuery {
  combinator: 'and' | 'or';
  rules: SearchRule[];
}

export type SearchRule = SearchQuery | ComparisonRule | RelatedToRule;

export interface ComparisonRule {
  property: string;
  operator: string;
  value?: unknown;
}

export interface RelatedToRule {
  operator: 'relatedTo';
  blueprint: string;
  value: string | string[];
  direction?: 'upstream' | 'downstream';
  required?: boolean;
}

/** What a rule may read of an entity. */
export interface SearchableEntity {
  identifier: string;
  blueprint: string;
  title?: string;
  icon?: string;
  team: unknown;
  properties: Json;
  relations: Json;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** What relatedTo needs of the catalogue: the entities and how each blueprint's relations are declared. */
export interface RelationGraph {
  entity(blueprint: string, identifier: string): SearchableEntity | undefined;
  /** The blueprint a relation of `blueprint` points at. */
  relationTarget(blueprint: string, relation: string): string;
  relationRequired(blueprint: string, relation: string): boolean;
}

const STRING_OPERATORS = ['=', '!=', 'containsAny', 'contains', 'doesNotContains', 'beginsWith', 'doesNotBeginsWith', 'endsWith', 'doesNotEndsWith', 'in', 'notIn'];
const NUMBER_OPERATORS = ['>', '>=', '<', '<='];
const DATE_OPERATORS = ['between', 'notBetween'];
const EMPTY_OPERATORS = ['isEmpty', 'isNotEmpty'];
const EXPIRED_OPERATORS = ['isExpired', 'isNotExpired'];
/** Every operator of the schema's rule kinds, in the order Port's schema lists them. */
export const OPERATORS = [...new Set([...DATE_OPERATORS, '=', ...EMPTY_OPERATORS, ...NUMBER_OPERATORS, ...EXPIRED_OPERATORS, ...STRING_OPERATORS, 'relatedTo', 'matchAny'])];

const unsupported = (where: string, what: string) => invalid(`${where}: ${what} is not supported by the port-ci sandbox (it has no users, teams or timers to resolve it against)`);

function allowKeys(rule: Json, where: string, allowed: readonly string[], required: readonly string[]): void {
  for (const name of required) if (!Object.hasOwn(rule, name)) throw invalid(`${where} must have required property '${name}'`);
  for (const name of Object.keys(rule)) if (!allowed.includes(name)) throw invalid(`${where} must NOT have additional property '${name}'`);
}

/** A `{context: "user" | "userTeams", property}` value: it resolves against the user making the search. */
const isContextual = (value: unknown) => isObject(value) && 'context' in value;

function checkProperty(rule: Json, where: string): void {
  if (isContextual(rule.property)) throw unsupported(`${where}/property`, 'a contextual property');
  if (!isString(rule.property)) throw invalid(`${where}/property must be string`);
}

const isDateTime = (value: unknown) => isString(value) && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
const isScalar = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);
const isArrayOf = (value: unknown, type: string) => Array.isArray(value) && value.every((item) => typeof item === type);

function checkRule(value: unknown, where: string): SearchRule {
  if (!isObject(value)) throw invalid(`${where} must be object`);
  if (!('operator' in value) && ('combinator' in value || 'rules' in value)) return checkQuery(value, where);
  if ('propertySchema' in value) throw unsupported(where, 'a propertySchema rule');
  const operator = value.operator;
  if (!OPERATORS.includes(operator as string)) {
    throw invalid(`${where}/operator must be equal to one of the allowed values (${OPERATORS.join(', ')})${isString(operator) ? `; "${operator}" is not one` : ''}`);
  }
  if (operator === 'relatedTo') {
    allowKeys(value, where, ['operator', 'blueprint', 'value', 'direction', 'required'], ['operator', 'value', 'blueprint']);
    if (!isString(value.blueprint)) throw invalid(`${where}/blueprint must be string`);
    if (!isString(value.value) && !isArrayOf(value.value, 'string')) throw invalid(`${where}/value must be string or array of strings`);
    if (value.direction !== undefined && value.direction !== 'upstream' && value.direction !== 'downstream') {
      throw invalid(`${where}/direction must be equal to one of the allowed values (upstream, downstream)`);
    }
    if (value.required !== undefined && typeof value.required !== 'boolean') throw invalid(`${where}/required must be boolean`);
    return value as unknown as RelatedToRule;
  }
  if (operator === 'matchAny') throw unsupported(where, 'matchAny (relation paths)');
  if (EMPTY_OPERATORS.includes(operator as string) || EXPIRED_OPERATORS.includes(operator as string)) {
    allowKeys(value, where, ['operator', 'property'], ['operator', 'property']);
    if (!isString(value.property)) throw invalid(`${where}/property must be string`);
    if (EXPIRED_OPERATORS.includes(operator as string)) throw unsupported(where, `${operator as string} (timer properties)`);
    return value as unknown as ComparisonRule;
  }
  allowKeys(value, where, ['property', 'operator', 'value'], ['property', 'operator', 'value']);
  checkProperty(value, where);
  const given = value.value;
  if (isContextual(given)) throw unsupported(`${where}/value`, 'a contextual value');
  const dateRule = DATE_OPERATORS.includes(operator as string) || (operator === '=' && isObject(given));
  if (dateRule) {
    if (!isObject(given)) throw invalid(`${where}/value must be object ({"from": date-time, "to": date-time} or {"preset": ...})`);
    if ('preset' in given) throw unsupported(`${where}/value`, 'a date preset (use {"from", "to"})');
    if (!isDateTime(given.from) || !isDateTime(given.to)) throw invalid(`${where}/value must have "from" and "to" as date-time strings (2026-01-31T00:00:00Z)`);
    return value as unknown as ComparisonRule;
  }
  if (NUMBER_OPERATORS.includes(operator as string)) {
    if (typeof given !== 'number' && !isDateTime(given)) throw invalid(`${where}/value must be number or a date-time string`);
    return value as unknown as ComparisonRule;
  }
  const ok = isScalar(given) || isArrayOf(given, 'string') || isArrayOf(given, 'number') || isArrayOf(given, 'boolean');
  if (!ok) throw invalid(`${where}/value must be null, string, number, boolean, or an array of strings, numbers or booleans`);
  return value as unknown as ComparisonRule;
}

/**
 * Checks a query as Port's route schema does and returns it typed. `where` is the path Port's errors name
 * (`body` for POST /v1/entities/search, `body/query` inside a blueprint search).
 * @throws HttpError 422 naming the first problem and what is accepted.
 */
export function checkQuery(value: unknown, where = 'body'): SearchQuery {
  if (!isObject(value)) throw invalid(`${where} must be object`);
  allowKeys(value, where, ['combinator', 'rules'], ['combinator', 'rules']);
  if (value.combinator !== 'and' && value.combinator !== 'or') throw invalid(`${where}/combinator must be equal to one of the allowed values (and, or)`);
  if (!Array.isArray(value.rules)) throw invalid(`${where}/rules must be array`);
  return { combinator: value.combinator, rules: value.rules.map((rule, index) => checkRule(rule, `${where}/rules/${index}`)) };
}

/** A property as rules name it: `$identifier` and the other meta-properties, else one of the entity's properties. */
function read(entity: SearchableEntity, property: string): unknown {
  switch (property) {
    case '$identifier':
      return entity.identifier;
    case '$title':
      return entity.title;
    case '$icon':
      return entity.icon;
    case '$blueprint':
      return entity.blueprint;
    case '$team':
      return entity.team;
    case '$createdAt':
      return entity.createdAt;
    case '$updatedAt':
      return entity.updatedAt;
    case '$createdBy':
      return entity.createdBy;
    case '$updatedBy':
      return entity.updatedBy;
    default:
      return Object.hasOwn(entity.properties, property) ? entity.properties[property] : undefined;
  }
}

const sameJson = (a: unknown, b: unknown) => a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

/** Empty as Port's isEmpty means it: no value (missing or null), and, for text, team and array properties, nothing in it. */
const isEmpty = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/** Numbers with numbers; a date-time with a date-time, by time; anything else does not compare. */
function compare(actual: unknown, expected: unknown): number | undefined {
  if (typeof actual === 'number' && typeof expected === 'number') return actual - expected;
  if (isDateTime(expected) && isString(actual) && !Number.isNaN(Date.parse(actual))) return Date.parse(actual) - Date.parse(expected as string);
  return undefined;
}

/** contains: text within text, or an element of an array (every one, when the value is an array itself). */
function contains(actual: unknown, expected: unknown): boolean {
  const wanted = Array.isArray(expected) ? expected : [expected];
  if (isString(actual)) return wanted.every((each) => isString(each) && actual.includes(each));
  if (Array.isArray(actual)) return wanted.every((each) => actual.some((item) => sameJson(item, each)));
  return false;
}

function compareRule(entity: SearchableEntity, rule: ComparisonRule): boolean {
  const actual = read(entity, rule.property);
  const expected = rule.value;
  const values = Array.isArray(expected) ? expected : [expected];
  switch (rule.operator) {
    case '=':
      if (isObject(expected)) return inRange(actual, expected);
      // null asks for no value: a property never set is null too.
      return expected === null ? actual === undefined || actual === null : sameJson(actual, expected);
    case '!=':
      return !compareRule(entity, { ...rule, operator: '=' });
    case 'in':
      return Array.isArray(actual) ? actual.some((item) => values.some((each) => sameJson(item, each))) : values.some((each) => sameJson(actual, each));
    case 'notIn':
      return !compareRule(entity, { ...rule, operator: 'in' });
    case 'contains':
      return contains(actual, expected);
    case 'doesNotContains':
      return !contains(actual, expected);
    case 'containsAny':
      return values.some((each) => contains(actual, each));
    case 'beginsWith':
      return isString(actual) && isString(expected) && actual.startsWith(expected);
    case 'doesNotBeginsWith':
      return !(isString(actual) && isString(expected) && actual.startsWith(expected));
    case 'endsWith':
      return isString(actual) && isString(expected) && actual.endsWith(expected);
    case 'doesNotEndsWith':
      return !(isString(actual) && isString(expected) && actual.endsWith(expected));
    case 'isEmpty':
      return isEmpty(actual);
    case 'isNotEmpty':
      return !isEmpty(actual);
    case 'between':
      return inRange(actual, expected as Json);
    case 'notBetween':
      return !inRange(actual, expected as Json);
    default: {
      const difference = compare(actual, expected);
      if (difference === undefined) return false;
      return rule.operator === '>' ? difference > 0 : rule.operator === '>=' ? difference >= 0 : rule.operator === '<' ? difference < 0 : difference <= 0;
    }
  }
}

function inRange(actual: unknown, range: Json): boolean {
  if (!isString(actual) || Number.isNaN(Date.parse(actual))) return false;
  const at = Date.parse(actual);
  return at >= Date.parse(range.from as string) && at <= Date.parse(range.to as string);
}

/** The identifiers a relation value names: one, several, or none (null). */
export function relationTargets(value: unknown): string[] {
  return isString(value) ? [value] : Array.isArray(value) ? value.filter(isString) : [];
}

/**
 * relatedTo, one hop: downstream are the entities whose relations point at a named entity of `blueprint`,
 * upstream the entities a named one points at; with no direction, either.
 */
function relatedTo(entity: SearchableEntity, rule: RelatedToRule, graph: RelationGraph): boolean {
  const named = relationTargets(rule.value);
  const counts = (blueprint: string, relation: string) => rule.required === undefined || graph.relationRequired(blueprint, relation) === rule.required;
  const downstream = () =>
    Object.entries(entity.relations).some(
      ([relation, value]) => graph.relationTarget(entity.blueprint, relation) === rule.blueprint && counts(entity.blueprint, relation) && relationTargets(value).some((id) => named.includes(id)),
    );
  const upstream = () =>
    named.some((id) => {
      const source = graph.entity(rule.blueprint, id);
      return (
        source !== undefined &&
        Object.entries(source.relations).some(
          ([relation, value]) => graph.relationTarget(source.blueprint, relation) === entity.blueprint && counts(source.blueprint, relation) && relationTargets(value).includes(entity.identifier),
        )
      );
    });
  if (rule.direction === 'downstream') return downstream();
  if (rule.direction === 'upstream') return upstream();
  return downstream() || upstream();
}

/** Whether an entity answers a query checked by checkQuery. */
export function matches(entity: SearchableEntity, query: SearchQuery, graph: RelationGraph): boolean {
  const test = (rule: SearchRule): boolean =>
    'combinator' in rule ? matches(entity, rule, graph) : rule.operator === 'relatedTo' ? relatedTo(entity, rule as RelatedToRule, graph) : compareRule(entity, rule as ComparisonRule);
  return query.combinator === 'and' ? query.rules.every(test) : query.rules.some(test);
}


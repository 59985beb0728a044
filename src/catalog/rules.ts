import { UsageError } from '../core/index.js';

/*
 * Search rules as a user writes them on a command line (`--rule 'tier=gold'`), turned into Port's rule objects
 * (search-entities.json). One rule per flag:
 *
 *   property=value  property!=value            equal, not equal (value: a number, true, false, null, else text)
 *   property>n  >=  <  <=                      numbers or dates
 *   property~text  property!~text              contains, does not contain
 *   property^=text  property$=text             begins with, ends with
 *   property in a,b,c  property not-in a,b     one of, none of
 *   property?  !property?                      is not empty, is empty
 *   relatedTo:blueprint=identifier             related to that entity
 *
 * `$identifier`, `$title`, `$blueprint`, `$team` and the other meta-properties are property names like any other.
 * A value in double quotes is text as written (`version="1.10"` stays a string). For anything else, --rule-json
 * takes Port's rule object itself.
 */

export type PortRule = Record<string, unknown>;

/** Operators by how they are written, longest first so `>=` is not read as `>`. */
const INFIX: ReadonlyArray<[string, string]> = [
  ['!=', '!='],
  ['>=', '>='],
  ['<=', '<='],
  ['!~', 'doesNotContains'],
  ['^=', 'beginsWith'],
  ['$=', 'endsWith'],
  ['=', '='],
  ['>', '>'],
  ['<', '<'],
  ['~', 'contains'],
];

const PROPERTY = /^[$A-Za-z0-9_.-]+$/;

export function parseRule(text: string, flag = '--rule'): PortRule {
  const where = `${flag} '${text}'`;
  const rule = text.trim();
  if (rule === '') throw new UsageError(`${flag}: empty; expected a rule such as 'tier=gold' (see --help for the forms)`);

  const related = /^relatedTo:([A-Za-z0-9@_=-]+)=(.+)$/.exec(rule);
  if (related) return { operator: 'relatedTo', blueprint: related[1], value: related[2]!.trim() };

  const empty = /^(!?)([$A-Za-z0-9_.-]+)\?$/.exec(rule);
  if (empty) return { property: empty[2], operator: empty[1] ? 'isEmpty' : 'isNotEmpty' };

  const list = /^([$A-Za-z0-9_.-]+)\s+(in|not-in)\s+(.+)$/.exec(rule);
  if (list) {
    const values = list[3]!.split(',').map((item) => unquote(item.trim())).filter((item) => item !== '');
    if (values.length === 0) throw new UsageError(`${where}: no values after "${list[2]}"; expected a comma-separated list such as 'tier in gold,silver'`);
    return { property: list[1], operator: list[2] === 'in' ? 'in' : 'notIn', value: values };
  }

  // The first operator in the text splits it: a value may itself hold `=` (a URL's query, say).
  let split: { at: number; written: string; operator: string } | undefined;
  for (const [written, operator] of INFIX) {
    const at = rule.indexOf(written);
    if (at > 0 && (split === undefined || at < split.at || (at === split.at && written.length > split.written.length))) split = { at, written, operator };
  }
  if (!split) {
    throw new UsageError(`${where}: no operator; expected property=value, !=, >, >=, <, <=, ~ (contains), !~, ^= (begins with), $= (ends with), 'property in a,b', 'property?' (not empty) or '!property?' (empty)`);
  }
  const property = rule.slice(0, split.at).trim();
  const raw = rule.slice(split.at + split.written.length).trim();
  if (!PROPERTY.test(property)) throw new UsageError(`${where}: "${property}" is not a property name; expected letters, digits, _ . - and a leading $ for meta-properties ($identifier)`);
  if (['>', '>=', '<', '<='].includes(split.operator)) {
    const number = Number(raw);
    const value = raw !== '' && Number.isFinite(number) ? number : isDateTime(raw) ? raw : undefined;
    if (value === undefined) throw new UsageError(`${where}: "${raw}" is not a number or a date-time (2026-01-31T00:00:00Z), which ${split.written} compares`);
    return { property, operator: split.operator, value };
  }
  if (split.operator === '=' || split.operator === '!=') return { property, operator: split.operator, value: scalar(raw) };
  return { property, operator: split.operator, value: unquote(raw) };
}

/** --rule-json: Port's rule object as it is, checked only for being one. */
export function parseRuleJson(text: string, name = '--rule-json'): PortRule {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${name}: not JSON (${(error as Error).message}); expected a rule object such as '{"property":"tier","operator":"=","value":"gold"}'`);
  }
  return checkRuleObject(value, name);
}

/** The rule-json input: one of Port's rule objects, or a JSON list of them. */
export function parseRuleJsonList(text: string, name: string): PortRule[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${name}: not JSON (${(error as Error).message}); expected a rule object such as {"property":"tier","operator":"=","value":"gold"}, or a list of them`);
  }
  return Array.isArray(value) ? value.map((item, index) => checkRuleObject(item, `${name} item ${index + 1}`)) : [checkRuleObject(value, name)];
}

function checkRuleObject(value: unknown, name: string): PortRule {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as PortRule).operator !== 'string' && !('combinator' in value)) {
    throw new UsageError(`${name}: expected a rule object with an "operator" (or a nested {"combinator", "rules"})`);
  }
  return value as PortRule;
}

export function parseCombinator(text: string | undefined, name = '--combinator'): 'and' | 'or' {
  if (text === undefined) return 'and';
  const value = text.trim().toLowerCase();
  if (value === 'and' || value === 'or') return value;
  throw new UsageError(`${name}: "${text}" is not accepted; expected and or or`);
}

/** A value to compare for equality: quoted text as written, else a number, true, false or null, else the text. */
function scalar(raw: string): unknown {
  if (/^".*"$/s.test(raw)) return raw.slice(1, -1);
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

function unquote(raw: string): string {
  return /^".*"$/s.test(raw) ? raw.slice(1, -1) : raw;
}

function isDateTime(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) && !Number.isNaN(Date.parse(text));
}

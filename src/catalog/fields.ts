import { UsageError, isObject } from '../core/index.js';

/*
 * The single values of an entity request, checked as Port checks them: identifiers, blueprint identifiers and
 * JSON objects of properties or relations. Apart from entities.ts so that a step that only names an entity (actions/run)
 * does not carry the entity file reader.
 */

/** Port's identifier pattern (create-an-entity.json): no `.` or `..` alone; letters, digits and @_.+:\/=- only. */
const IDENTIFIER = /^(?!\.{1,2}$)[\p{L}0-9@_.+:\\/=-]+$/u;
const IDENTIFIER_MAX = 1000;

export function checkIdentifier(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`${where}: identifier: expected a string such as "svc-a" but found ${describe(value)}`);
  if (value.length > IDENTIFIER_MAX) throw new UsageError(`${where}: identifier: ${value.length} characters; Port accepts at most ${IDENTIFIER_MAX}`);
  if (!IDENTIFIER.test(value)) {
    throw new UsageError(`${where}: identifier "${value}" is not accepted; Port takes letters, digits and @ _ . + : \\ / = - (not "." or ".." alone)`);
  }
  return value;
}

export function checkBlueprint(value: unknown, where: string): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9@_=-]+$/.test(value)) {
    throw new UsageError(`${where}: blueprint: expected a blueprint identifier such as "service" (letters, digits, @ _ = -) but found ${describe(value)}`);
  }
  return value;
}

/** A --properties or --relations flag's value: a JSON object. */
export function jsonObjectFlag(flag: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag}: not JSON (${(error as Error).message}); expected an object such as '{"tier": "gold"}'`);
  }
  if (!isObject(value)) throw new UsageError(`${flag}: expected a JSON object such as '{"tier": "gold"}' but found ${describe(value)}`);
  return value;
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  return `a ${typeof value}`;
}

import { UsageError, isObject } from '../core/index.js';

/*
 * Entities as a user hands them to `port-ci entity` and actions/entity: from flags (one entity), or from a file
 * of JSON, YAML or NDJSON (one entity, a list, or one per line), checked here against what Port accepts
 * (create-an-entity.json) before anything is sent, so a bad line is named by its place in the file rather than
 * by a 422 halfway through a bulk upsert.
 */

/** An entity as Port's create and bulk routes take it. `blueprint` is ours: a file may mix blueprints. */
export interface EntityInput {
  identifier: string;
  title?: string;
  icon?: string;
  team?: string | string[];
  properties?: Record<string, unknown>;
  relations?: Record<string, unknown>;
}

export interface PlacedEntity {
  /** The blueprint the entity belongs to: its own `blueprint` field, else the one the command was given. */
  blueprint: string;
  entity: EntityInput;
  /** Where it came from, for errors and summaries: `services.ndjson line 4`, `--identifier`. */
  source: string;
}

/** Port's identifier pattern (create-an-entity.json): no `.` or `..` alone; letters, digits and @_.+:\/=- only. */
const IDENTIFIER = /^(?!\.{1,2}$)[\p{L}0-9@_.+:\\/=-]+$/u;
const IDENTIFIER_MAX = 1000;
const FIELDS = ['identifier', 'title', 'icon', 'team', 'properties', 'relations', 'blueprint'] as const;

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

/**
 * One entity as a file or a flag gave it, checked field by field.
 * @param blueprint the command's --blueprint, used when the entity has none of its own.
 */
export function checkEntity(value: unknown, where: string, blueprint: string | undefined): PlacedEntity {
  if (!isObject(value)) throw new UsageError(`${where}: expected an entity object such as {"identifier": "svc-a", "properties": {...}} but found ${describe(value)}`);
  for (const key of Object.keys(value)) {
    if (!(FIELDS as readonly string[]).includes(key)) throw new UsageError(`${where}: unknown field "${key}"; an entity takes ${FIELDS.join(', ')}`);
  }
  const entity: EntityInput = { identifier: checkIdentifier(value.identifier, where) };
  for (const key of ['title', 'icon'] as const) {
    const field = value[key];
    if (field === undefined || field === null) continue;
    if (typeof field !== 'string') throw new UsageError(`${where}: ${key}: expected a string but found ${describe(field)}`);
    entity[key] = field;
  }
  const team = value.team;
  if (team !== undefined && team !== null) {
    if (typeof team !== 'string' && !(Array.isArray(team) && team.every((item) => typeof item === 'string'))) {
      throw new UsageError(`${where}: team: expected a team name or a list of them but found ${describe(team)}`);
    }
    entity.team = team as string | string[];
  }
  for (const key of ['properties', 'relations'] as const) {
    const field = value[key];
    if (field === undefined || field === null) continue;
    if (!isObject(field)) throw new UsageError(`${where}: ${key}: expected an object of ${key === 'properties' ? 'property' : 'relation'} values but found ${describe(field)}`);
    entity[key] = field;
  }
  const own = value.blueprint;
  const chosen = own === undefined || own === null ? blueprint : checkBlueprint(own, where);
  if (chosen === undefined) throw new UsageError(`${where}: no blueprint: give --blueprint, or a "blueprint" field on the entity`);
  return { blueprint: chosen, entity, source: where };
}

export type EntityFileFormat = 'json' | 'yaml' | 'ndjson';

/** Parses YAML text; handed in, so a build that never reads YAML does not carry a YAML parser. */
export type YamlParser = (text: string) => unknown;

/** The format a file's name says, else JSON (a JSON text is also YAML, but not the other way round). */
export function formatOf(file: string): EntityFileFormat {
  if (/\.ndjson$|\.jsonl$/i.test(file)) return 'ndjson';
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  return 'json';
}

/**
 * The entities of a file's text: one entity, a list of them, `{"entities": [...]}` (Port's bulk body), or for
 * NDJSON one per line (blank lines skipped).
 * @throws UsageError naming the file and the line or item at fault.
 */
export function readEntities(text: string, format: EntityFileFormat, source: string, blueprint: string | undefined, parseYaml?: YamlParser): PlacedEntity[] {
  if (format === 'ndjson') {
    const placed: PlacedEntity[] = [];
    for (const [index, line] of text.split('\n').entries()) {
      if (line.trim() === '') continue;
      const where = `${source} line ${index + 1}`;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new UsageError(`${where}: not JSON (${(error as Error).message}); NDJSON takes one entity object per line`);
      }
      placed.push(checkEntity(value, where, blueprint));
    }
    if (placed.length === 0) throw new UsageError(`${source}: no entities in it; NDJSON takes one entity object per line`);
    return placed;
  }
  if (format === 'yaml' && !parseYaml) {
    throw new UsageError(`${source}: YAML is read by the npm package's port-ci (npx port-ci); this one-file build reads JSON and NDJSON`);
  }
  let value: unknown;
  try {
    value = format === 'yaml' ? parseYaml!(text) : JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source}: not ${format === 'yaml' ? 'YAML' : 'JSON'} (${(error as Error).message.split('\n')[0]}); expected an entity, a list of entities, or {"entities": [...]}`);
  }
  if (isObject(value) && Array.isArray(value.entities) && Object.keys(value).length === 1) value = value.entities;
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) throw new UsageError(`${source}: the list is empty; give at least one entity`);
  return items.map((item, index) => checkEntity(item, Array.isArray(value) ? `${source} item ${index + 1}` : source, blueprint));
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

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  return `a ${typeof value}`;
}

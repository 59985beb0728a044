import { UsageError, isObject } from '../core/index.js';
import { checkBlueprint, checkIdentifier, describe, jsonObjectFlag } from './fields.js';

export { checkBlueprint, checkIdentifier, jsonObjectFlag };

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

const FIELDS = ['identifier', 'title', 'icon', 'team', 'properties', 'relations', 'blueprint'] as const;

/**
 * One entity as a file or a flag gave it, checked field by field.
 * @param blueprint the command's --blueprint, used when the entity has none of its own.
 * @param blueprintName how the face names that blueprint, for the error when there is none.
 */
export function checkEntity(value: unknown, where: string, blueprint: string | undefined, blueprintName = '--blueprint'): PlacedEntity {
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
  if (chosen === undefined) throw new UsageError(`${where}: no blueprint: give ${blueprintName}, or a "blueprint" field on the entity`);
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
export function readEntities(
  text: string,
  format: EntityFileFormat,
  source: string,
  blueprint: string | undefined,
  parseYaml?: YamlParser,
  blueprintName = '--blueprint',
): PlacedEntity[] {
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
      placed.push(checkEntity(value, where, blueprint, blueprintName));
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
  return items.map((item, index) => checkEntity(item, Array.isArray(value) ? `${source} item ${index + 1}` : source, blueprint, blueprintName));
}

/** What a user gave for the entities to write: the fields of one, one by one (flags, action inputs), or a file. */
export interface EntitySource {
  blueprint?: string;
  identifier?: string;
  title?: string;
  icon?: string;
  team?: string[];
  /** JSON text of an object. */
  properties?: string;
  relations?: string;
  /** A file as the user named it: how errors name it, and its text, read by the face (a path, standard input). */
  file?: { name: string; source: string; read: () => string };
}

export type SourceField = 'blueprint' | 'identifier' | 'title' | 'icon' | 'team' | 'properties' | 'relations' | 'file';

/** How a face names what the user gives, so the errors speak its language (`--identifier`, `identifier`). */
export interface SourceNames {
  field(name: SourceField): string;
  /** Where the fields come from when no file is given: `the flags`, `the inputs`. */
  fields: string;
  /** The two writing operations as the user calls them: `entity upsert`, `upsert`. */
  upsert: string;
  bulk: string;
  /** What a file may be, for the error when bulk has none. */
  fileHint: string;
}

const FIELD_SOURCES = ['identifier', 'title', 'icon', 'team', 'properties', 'relations'] as const;

/**
 * The entities to write, from a file or from the fields of one (never both): `one` for upsert, which writes a
 * single entity, `many` for bulk, which takes a file. YAML is parsed by what `loadYaml` gives, when given.
 * @throws UsageError naming the field, file, line or item at fault and what is accepted.
 */
export async function gatherEntities(source: EntitySource, mode: 'one' | 'many', names: SourceNames, loadYaml?: () => Promise<YamlParser>): Promise<PlacedEntity[]> {
  const blueprintName = names.field('blueprint');
  const blueprint = source.blueprint === undefined ? undefined : checkBlueprint(source.blueprint, blueprintName);
  const given = FIELD_SOURCES.filter((name) => source[name] !== undefined);
  const operation = mode === 'one' ? names.upsert : names.bulk;
  if (source.file !== undefined) {
    const { file } = source;
    if (given.length > 0) {
      throw new UsageError(`${operation}: ${names.field('file')} and ${names.field(given[0]!)} contradict each other; give the entity in the file or in ${names.fields.replace(/^the /, '')}`);
    }
    const format = formatOf(file.name);
    const yaml = format === 'yaml' && loadYaml ? await loadYaml() : undefined;
    const placed = readEntities(file.read(), format, file.source, blueprint, yaml, blueprintName);
    if (mode === 'one' && placed.length > 1) throw new UsageError(`${operation}: ${file.source} holds ${placed.length} entities; upsert writes one (use ${names.bulk} for several)`);
    return placed;
  }
  if (mode === 'many') throw new UsageError(`${operation}: ${names.field('file')} is required (${names.fileHint})`);
  if (source.identifier === undefined) throw new UsageError(`${operation}: ${names.field('identifier')} is required (or ${names.field('file')})`);
  const value: Record<string, unknown> = { identifier: source.identifier };
  if (source.title !== undefined) value.title = source.title;
  if (source.icon !== undefined) value.icon = source.icon;
  if (source.team !== undefined) value.team = source.team.length === 1 ? source.team[0] : source.team;
  if (source.properties !== undefined) value.properties = jsonObjectFlag(names.field('properties'), source.properties);
  if (source.relations !== undefined) value.relations = jsonObjectFlag(names.field('relations'), source.relations);
  return [checkEntity(value, names.fields, blueprint, blueprintName)];
}


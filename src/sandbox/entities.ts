import { randomBytes } from 'node:crypto';
import { HttpError, invalid } from './contract.js';
import { checkQuery, matches, relationTargets, type RelationGraph, type SearchQuery } from './search-rules.js';

/*
 * The sandbox's catalogue: entities per blueprint, written, read, searched and deleted through Port's entity
 * routes (create-an-entity.json, create-multiple-entities.json, get-, update-, change-, delete-an-entity.json,
 * search-entities.json, search-a-blueprints-entities.json).
 *
 * Blueprints. Port checks every entity against its blueprint; the sandbox knows a blueprint only as far as it
 * is told (--blueprints, Port's blueprint JSON):
 *   - a blueprint exists once it is declared or holds an entity (loaded with --entities, or written);
 *   - with no blueprint declared, a write to any blueprint is taken and the blueprint comes to exist with it;
 *     once any is declared, a write to one that does not exist is Port's 404, as a read or search always is;
 *   - a declared blueprint's `schema.properties` (type, enum), `schema.required` and `relations` (target, many,
 *     required) are enforced when given; a relation of a blueprint that does not declare it points at the
 *     blueprint named like the relation (`relations: {cluster: "eu-1"}` is entity eu-1 of blueprint cluster).
 *
 * Where the schemas and Port's behaviour differ, Port's behaviour wins: answers carry `blueprint`, `createdAt`,
 * `createdBy`, `updatedAt` and `updatedBy` beside the six fields the published entity schema lists (Port's own
 * GitHub action reads `entity.blueprint` from GET, and its docs show searches answering them).
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';

/** An entity as GET /v1/blueprints/{bp}/entities/{id} shows it. */
export interface EntityRecord {
  identifier: string;
  title?: string;
  icon?: string;
  blueprint: string;
  team: unknown;
  properties: Json;
  relations: Json;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface PropertyDefinition {
  type?: string;
  enum?: unknown[];
}

export interface RelationDefinition {
  target: string;
  many?: boolean;
  required?: boolean;
}

/** What the sandbox reads of a blueprint: Port's blueprint JSON, its other fields ignored. */
export interface BlueprintDefinition {
  identifier: string;
  title?: string;
  schema?: { properties: Record<string, PropertyDefinition>; required: string[] };
  relations?: Record<string, RelationDefinition>;
}

/** The entity identifier pattern of create-an-entity.json (it also allows `\` and `/`). */
const ENTITY_ID = /^(?!\.{1,2}$)[\p{L}0-9@_.+:\\/=-]+$/u;
const isEntityId = (value: unknown): value is string => typeof value === 'string' && value.length <= 1000 && ENTITY_ID.test(value);
/** Port's blueprint identifier pattern. */
export const BLUEPRINT_ID = /^[A-Za-z0-9@_=-]+$/;

const PROPERTY_TYPES = ['string', 'number', 'boolean', 'object', 'array'];

function typeOk(type: string | undefined, value: unknown): boolean {
  switch (type) {
    case 'string':
      return isString(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    default:
      return true;
  }
}

/** Reads a blueprint definition (a --blueprints file's item); throws an Error naming the problem. */
export function checkBlueprintDefinition(value: unknown): BlueprintDefinition {
  if (!isObject(value)) throw new Error('a blueprint must be a JSON object');
  if (!isString(value.identifier) || !BLUEPRINT_ID.test(value.identifier)) throw new Error('identifier must be a blueprint identifier (letters, digits, @ _ = -)');
  const blueprint: BlueprintDefinition = { identifier: value.identifier };
  if (isString(value.title)) blueprint.title = value.title;
  if (value.schema !== undefined) {
    if (!isObject(value.schema)) throw new Error('schema must be an object {"properties": {...}, "required": [...]}');
    const properties = value.schema.properties ?? {};
    if (!isObject(properties)) throw new Error('schema.properties must be an object');
    for (const [name, property] of Object.entries(properties)) {
      if (!isObject(property)) throw new Error(`schema.properties.${name} must be an object`);
      if (property.type !== undefined && !PROPERTY_TYPES.includes(property.type as string)) {
        throw new Error(`schema.properties.${name}.type must be one of ${PROPERTY_TYPES.join(', ')}`);
      }
      if (property.enum !== undefined && !Array.isArray(property.enum)) throw new Error(`schema.properties.${name}.enum must be an array`);
    }
    const required = value.schema.required ?? [];
    if (!Array.isArray(required) || !required.every(isString)) throw new Error('schema.required must be an array of property identifiers');
    blueprint.schema = { properties: properties as Record<string, PropertyDefinition>, required };
  }
  if (value.relations !== undefined) {
    if (!isObject(value.relations)) throw new Error('relations must be an object');
    for (const [name, relation] of Object.entries(value.relations)) {
      if (!isObject(relation) || !isString(relation.target) || !BLUEPRINT_ID.test(relation.target)) throw new Error(`relations.${name}.target must be a blueprint identifier`);
      for (const flag of ['many', 'required'] as const) {
        if (relation[flag] !== undefined && typeof relation[flag] !== 'boolean') throw new Error(`relations.${name}.${flag} must be boolean`);
      }
    }
    blueprint.relations = value.relations as Record<string, RelationDefinition>;
  }
  return blueprint;
}

/**
 * Checks an entity body as the route schemas do. A search-query identifier, team or relation is Port's to
 * resolve against its catalogue and users, so the sandbox says it does not take one rather than store it.
 * `patch` (update-an-entity.json): title, icon and team may be null, and no other field is allowed.
 */
export function checkEntityBody(body: unknown, where = 'body', patch = false): Json {
  if (!isObject(body)) throw invalid(`${where} must be object`);
  if (patch) {
    for (const name of Object.keys(body)) {
      if (!['identifier', 'title', 'icon', 'team', 'properties', 'relations'].includes(name)) throw invalid(`${where} must NOT have additional property '${name}'`);
    }
  }
  if (body.identifier !== undefined && !isEntityId(body.identifier)) {
    if (isObject(body.identifier)) throw invalid(`${where}/identifier: a search-query identifier is not supported by the port-ci sandbox`);
    if (isString(body.identifier) && body.identifier.length > 1000) throw invalid(`${where}/identifier must NOT have more than 1000 characters`);
    throw invalid(`${where}/identifier must match pattern "${ENTITY_ID.source}"`);
  }
  for (const name of ['title', 'icon'] as const) {
    if (body[name] !== undefined && typeof body[name] !== 'string' && !(patch && body[name] === null)) throw invalid(`${where}/${name} must be string${patch ? ' or null' : ''}`);
  }
  const team = body.team;
  if (team !== undefined && typeof team !== 'string' && !(Array.isArray(team) && team.every(isString)) && !(patch && team === null)) {
    throw invalid(`${where}/team must be string or array of strings${isObject(team) ? ' (a search-query team is not supported by the port-ci sandbox)' : ''}`);
  }
  if (body.properties !== undefined && !isObject(body.properties)) throw invalid(`${where}/properties must be object`);
  if (body.relations !== undefined) {
    if (!isObject(body.relations)) throw invalid(`${where}/relations must be object`);
    for (const [name, target] of Object.entries(body.relations)) {
      const ok = target === null || isEntityId(target) || (Array.isArray(target) && target.every(isEntityId));
      if (!ok) throw invalid(`${where}/relations/${name} must be an entity identifier, an array of them, or null${isObject(target) ? ' (a search-query relation is not supported by the port-ci sandbox)' : ''}`);
    }
  }
  return body;
}

/** How a write treats what exists: the query of create-an-entity.json and its siblings. */
export interface WriteOptions {
  /** Replace an entity that exists; without it, an existing identifier is a 409. */
  upsert: boolean;
  /** With upsert: properties and relations key by key, other fields given replace theirs. */
  merge: boolean;
  /** Check and answer as if written, writing nothing. */
  validationOnly: boolean;
  /** Create, bare, the entities relations point at that do not exist, instead of a 404. */
  createMissingRelated: boolean;
}

/** What one write did: the entity as stored (or as it would be) and the bare related entities it created. */
export interface Written {
  entity: EntityRecord;
  created: boolean;
  related: EntityRecord[];
}

/** One entity's line of a bulk answer (create-multiple-entities.json). */
export interface BulkResult {
  status: 200 | 207;
  answer: { ok: boolean; entities: { created: boolean; identifier: string; index: number }[]; errors: { identifier: string; index: number; statusCode: number; error: string; message: string }[] };
  written: Written[];
}

/** Port's bulk limits (create-multiple-entities.json). */
export const BULK_MIN = 1;
export const BULK_MAX = 20;
/** The page size limits and default of search-a-blueprints-entities.json. */
export const SEARCH_LIMIT = { min: 1, max: 1000, default: 200 };

const META_FIELDS: Record<string, string> = {
  $identifier: 'identifier',
  $title: 'title',
  $icon: 'icon',
  $blueprint: 'blueprint',
  $team: 'team',
  $createdAt: 'createdAt',
  $createdBy: 'createdBy',
  $updatedAt: 'updatedAt',
  $updatedBy: 'updatedBy',
};

/**
 * An entity with only the `include` paths (`identifier`, `properties.tier`), then without the `exclude` ones:
 * the include/exclude of GET and POST /v1/entities/search.
 */
export function project(entity: EntityRecord, include?: readonly string[], exclude?: readonly string[]): Json {
  let shown: Json = structuredClone(entity) as unknown as Json;
  if (include) {
    const kept: Json = {};
    for (const path of include) {
      const parts = path.split('.');
      let value: unknown = shown;
      for (const part of parts) value = isObject(value) && Object.hasOwn(value, part) ? value[part] : undefined;
      if (value === undefined) continue;
      let into = kept;
      for (const part of parts.slice(0, -1)) into = (into[part] = isObject(into[part]) ? into[part] : {}) as Json;
      into[parts.at(-1)!] = value;
    }
    shown = kept;
  }
  for (const path of exclude ?? []) {
    const parts = path.split('.');
    let from: unknown = shown;
    for (const part of parts.slice(0, -1)) from = isObject(from) ? from[part] : undefined;
    if (isObject(from)) delete from[parts.at(-1)!];
  }
  return shown;
}

/** A blueprint search's include/exclude name properties, relations and `$meta` fields; as paths of the entity. */
function searchPaths(names: readonly string[] | undefined): string[] | undefined {
  return names?.flatMap((name) => (META_FIELDS[name] !== undefined ? [META_FIELDS[name]] : [`properties.${name}`, `relations.${name}`]));
}

/** The opaque `next` of a blueprint search: where the page ended, in the search's order (by identifier). */
function cursor(after: string): string {
  return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');
}

function readCursor(from: string): string {
  try {
    const value = JSON.parse(Buffer.from(from, 'base64url').toString('utf8')) as unknown;
    if (isObject(value) && isString(value.after) && cursor(value.after) === from) return value.after;
  } catch {
    // refused below
  }
  throw invalid(`body/from is not a cursor this sandbox gave: pass the "next" of the previous page as it was`);
}

const byIdentifier = (a: EntityRecord, b: EntityRecord) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0);

/** The entities and blueprints of one sandbox. */
export class EntityStore implements RelationGraph {
  readonly #entities = new Map<string, Map<string, EntityRecord>>();
  readonly #declared = new Map<string, BlueprintDefinition>();

  /** `by`: the client id shown as createdBy/updatedBy. */
  constructor(private readonly by: string) {}

  /** How many entities there are, in all blueprints. */
  get size(): number {
    let size = 0;
    for (const entities of this.#entities.values()) size += entities.size;
    return size;
  }

  get(blueprint: string, identifier: string): EntityRecord | undefined {
    return this.#entities.get(blueprint)?.get(identifier);
  }

  /** Every entity, blueprint by blueprint in the order they came to exist (declared ones first), each in identifier order. */
  *all(): IterableIterator<EntityRecord> {
    for (const blueprint of this.blueprints()) yield* [...(this.#entities.get(blueprint)?.values() ?? [])].sort(byIdentifier);
  }

  /** Blueprints that exist: declared, or holding (or having held) an entity. */
  blueprints(): string[] {
    return [...new Set([...this.#declared.keys(), ...this.#entities.keys()])];
  }

  /** Declares (or replaces) a blueprint; throws an Error naming what is wrong with it. */
  declare(definition: unknown): BlueprintDefinition {
    const blueprint = checkBlueprintDefinition(definition);
    this.#declared.set(blueprint.identifier, blueprint);
    return blueprint;
  }

  entity(blueprint: string, identifier: string): EntityRecord {
    this.#requireBlueprint(blueprint, false);
    const entity = this.get(blueprint, identifier);
    if (!entity) throw new HttpError(404, 'not_found', `Entity with identifier "${identifier}" of blueprint "${blueprint}" was not found`);
    return entity;
  }

  relationTarget(blueprint: string, relation: string): string {
    return this.#declared.get(blueprint)?.relations?.[relation]?.target ?? relation;
  }

  relationRequired(blueprint: string, relation: string): boolean {
    return this.#declared.get(blueprint)?.relations?.[relation]?.required ?? false;
  }

  /** A 404 for a blueprint that does not exist; a write may create one while none is declared. */
  #requireBlueprint(blueprint: string, writing: boolean): void {
    if (this.#declared.has(blueprint) || this.#entities.has(blueprint)) return;
    if (writing && this.#declared.size === 0) return;
    throw new HttpError(404, 'not_found', `Blueprint with identifier "${blueprint}" was not found`);
  }

  /** Port's checks of an entity against its declared blueprint (a blueprint not declared checks nothing). */
  #checkBlueprint(entity: EntityRecord, where: string): void {
    const definition = this.#declared.get(entity.blueprint);
    const bp = `blueprint "${entity.blueprint}"`;
    if (definition?.schema) {
      const { properties, required } = definition.schema;
      for (const [name, value] of Object.entries(entity.properties)) {
        const property = properties[name];
        if (!property) throw invalid(`${where}/properties must NOT have additional property '${name}' (${bp} does not declare it)`);
        if (value === null) continue;
        if (!typeOk(property.type, value)) throw invalid(`${where}/properties/${name} must be ${property.type} (as ${bp} declares it)`);
        if (property.enum && !property.enum.some((each) => each === value)) {
          throw invalid(`${where}/properties/${name} must be equal to one of the allowed values (${property.enum.map(String).join(', ')})`);
        }
      }
      for (const name of required) {
        if (entity.properties[name] === undefined || entity.properties[name] === null) throw invalid(`${where}/properties must have required property '${name}' (${bp} requires it)`);
      }
    }
    if (definition?.relations) {
      for (const [name, value] of Object.entries(entity.relations)) {
        const relation = definition.relations[name];
        if (!relation) throw invalid(`${where}/relations must NOT have additional property '${name}' (${bp} does not declare that relation)`);
        if (value === null) continue;
        if (relation.many && !Array.isArray(value)) throw invalid(`${where}/relations/${name} must be array (relation "${name}" of ${bp} is many)`);
        if (!relation.many && !isString(value)) throw invalid(`${where}/relations/${name} must be string or null (relation "${name}" of ${bp} is not many)`);
      }
      for (const [name, relation] of Object.entries(definition.relations)) {
        if (relation.required && relationTargets(entity.relations[name]).length === 0) throw invalid(`${where}/relations must have required property '${name}' (${bp} requires it)`);
      }
    }
  }

  /**
   * The related entities named by the relations a write gives that do not exist, each with the blueprint its
   * relation points at. Relations a merge keeps were checked when they were written (or came with the catalogue
   * loaded at start, which may name entities it does not hold).
   */
  #missingRelated(entity: EntityRecord, given: Json): { blueprint: string; identifier: string; relation: string }[] {
    const missing: { blueprint: string; identifier: string; relation: string }[] = [];
    for (const [relation, value] of Object.entries(given)) {
      const blueprint = this.relationTarget(entity.blueprint, relation);
      for (const identifier of relationTargets(value)) {
        const self = blueprint === entity.blueprint && identifier === entity.identifier;
        if (!self && !this.get(blueprint, identifier) && !missing.some((each) => each.blueprint === blueprint && each.identifier === identifier)) {
          missing.push({ blueprint, identifier, relation });
        }
      }
    }
    return missing;
  }

  #record(blueprint: string, fields: Json, existing: EntityRecord | undefined): EntityRecord {
    const now = new Date().toISOString();
    const entity: EntityRecord = {
      identifier: fields.identifier as string,
      blueprint,
      team: fields.team ?? [],
      properties: (fields.properties as Json | undefined) ?? {},
      relations: (fields.relations as Json | undefined) ?? {},
      createdAt: existing?.createdAt ?? now,
      createdBy: existing?.createdBy ?? this.by,
      updatedAt: now,
      updatedBy: this.by,
    };
    if (isString(fields.title)) entity.title = fields.title;
    if (isString(fields.icon)) entity.icon = fields.icon;
    return entity;
  }

  /**
   * Checks `entity` against its blueprint, and the relations `given` against the catalogue, then (unless
   * validationOnly) stores it and the bare entities those relations need. `trusted`: a catalogue loaded at start, whose relations may point at entities it
   * does not hold, as an export of one blueprint would.
   */
  #commit(entity: EntityRecord, given: Json, created: boolean, options: Pick<WriteOptions, 'validationOnly' | 'createMissingRelated'>, where: string, trusted = false): Written {
    this.#checkBlueprint(entity, where);
    const missing = trusted ? [] : this.#missingRelated(entity, (given.relations as Json | undefined) ?? {});
    if (options.createMissingRelated) for (const { blueprint } of missing) this.#requireBlueprint(blueprint, true);
    else if (missing.length > 0) {
      const { blueprint, identifier, relation } = missing[0]!;
      throw new HttpError(
        404,
        'not_found',
        `Related entity with identifier "${identifier}" of blueprint "${blueprint}" (relation "${relation}" of entity "${entity.identifier}") was not found; create it first, or write with create_missing_related_entities=true`,
      );
    }
    const related = missing.map(({ blueprint, identifier }) => this.#record(blueprint, { identifier }, undefined));
    if (!options.validationOnly) for (const each of [entity, ...related]) this.#store(each);
    return { entity, created, related };
  }

  #store(entity: EntityRecord): void {
    let entities = this.#entities.get(entity.blueprint);
    if (!entities) this.#entities.set(entity.blueprint, (entities = new Map()));
    entities.set(entity.identifier, entity);
  }

  /**
   * POST /v1/blueprints/{bp}/entities: creates the entity, or with upsert replaces it (merge: properties and
   * relations key by key, other fields given replace theirs). Without upsert an existing entity is a 409.
   * An entity given no identifier is named `e_...`, as Port names one.
   */
  write(blueprint: string, body: unknown, options: WriteOptions, where = 'body', trusted = false): Written {
    // A catalogue loaded at start brings its blueprints with it.
    if (!trusted) this.#requireBlueprint(blueprint, true);
    const given = checkEntityBody(body, where);
    const identifier = (given.identifier as string | undefined) ?? `e_${randomBytes(12).toString('base64url')}`;
    const existing = this.get(blueprint, identifier);
    if (existing && !options.upsert) {
      throw new HttpError(409, 'identifier_taken', `Entity with identifier "${identifier}" of blueprint "${blueprint}" already exists; write with upsert=true to replace it`);
    }
    const base = existing && options.merge ? existing : undefined;
    const fields: Json = {
      identifier,
      title: given.title ?? base?.title,
      icon: given.icon ?? base?.icon,
      team: given.team ?? base?.team,
      properties: { ...base?.properties, ...(given.properties as Json | undefined) },
      relations: { ...base?.relations, ...(given.relations as Json | undefined) },
    };
    return this.#commit(this.#record(blueprint, fields, existing), given, existing === undefined, options, where, trusted);
  }

  /** PUT (change-an-entity.json, `patch` false: the entity replaced) and PATCH (update-an-entity.json: merged). */
  change(blueprint: string, identifier: string, body: unknown, patch: boolean, options: Pick<WriteOptions, 'createMissingRelated'>): Written {
    const existing = this.entity(blueprint, identifier);
    const given = checkEntityBody(body, 'body', patch);
    if (given.identifier !== undefined && given.identifier !== identifier) {
      throw invalid(`body/identifier "${String(given.identifier)}" differs from the path's "${identifier}": renaming an entity is not supported by the port-ci sandbox`);
    }
    const base: Partial<EntityRecord> = patch ? existing : {};
    // PATCH: a null title, icon or team clears it; an absent one keeps it.
    const pick = (name: 'title' | 'icon' | 'team') => (given[name] === null ? undefined : (given[name] ?? base[name]));
    const fields: Json = {
      identifier,
      title: pick('title'),
      icon: pick('icon'),
      team: pick('team'),
      properties: { ...base.properties, ...(given.properties as Json | undefined) },
      relations: { ...base.relations, ...(given.relations as Json | undefined) },
    };
    return this.#commit(this.#record(blueprint, fields, existing), given, false, { validationOnly: false, ...options }, 'body');
  }

  /** The entities whose relations point at this one. */
  #dependents(entity: EntityRecord): EntityRecord[] {
    return [...this.all()].filter(
      (other) =>
        other !== entity &&
        Object.entries(other.relations).some(([relation, value]) => this.relationTarget(other.blueprint, relation) === entity.blueprint && relationTargets(value).includes(entity.identifier)),
    );
  }

  /**
   * DELETE: an entity others relate to is kept unless `deleteDependents`, which deletes them too (and theirs).
   * Returns every entity deleted, the one asked for first. (*unverified*: Port's status for the refusal is not
   * published; 422 is what its other refusals of a valid request use.)
   */
  delete(blueprint: string, identifier: string, deleteDependents: boolean): EntityRecord[] {
    const entity = this.entity(blueprint, identifier);
    const dependents = this.#dependents(entity);
    if (dependents.length > 0 && !deleteDependents) {
      const named = dependents.slice(0, 5).map((each) => `"${each.identifier}" of blueprint "${each.blueprint}"`);
      throw invalid(
        `Entity "${identifier}" of blueprint "${blueprint}" has ${dependents.length} dependent entit${dependents.length === 1 ? 'y' : 'ies'} (${named.join(', ')}${dependents.length > 5 ? ', ...' : ''}); delete with delete_dependents=true to delete them too`,
      );
    }
    const deleted: EntityRecord[] = [];
    const queue = [entity];
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (deleted.includes(next)) continue;
      deleted.push(next);
      queue.push(...this.#dependents(next));
    }
    for (const each of deleted) this.#entities.get(each.blueprint)?.delete(each.identifier);
    return deleted;
  }

  /**
   * POST .../entities/bulk: the body is checked whole, as the route schema does (1 to 20 entities, each of the
   * right shape, else a 422 and nothing written); then each entity is written on its own, in order, and one
   * refused (taken without upsert, a missing related entity, its blueprint's rules) is listed among the errors
   * with Port's status, nothing of it written. 200 when every entity was written, 207 Multi-Status otherwise.
   */
  bulk(blueprint: string, body: unknown, options: WriteOptions): BulkResult {
    if (!isObject(body)) throw invalid('body must be object');
    if (!Object.hasOwn(body, 'entities')) throw invalid("body must have required property 'entities'");
    for (const name of Object.keys(body)) if (name !== 'entities') throw invalid(`body must NOT have additional property '${name}'`);
    const list = body.entities;
    if (!Array.isArray(list)) throw invalid('body/entities must be array');
    if (list.length < BULK_MIN) throw invalid(`body/entities must NOT have fewer than ${BULK_MIN} items`);
    if (list.length > BULK_MAX) throw invalid(`body/entities must NOT have more than ${BULK_MAX} items (${list.length} given: send them in calls of ${BULK_MAX})`);
    list.forEach((entity, index) => checkEntityBody(entity, `body/entities/${index}`));
    this.#requireBlueprint(blueprint, true);

    const result: BulkResult = { status: 200, answer: { ok: true, entities: [], errors: [] }, written: [] };
    list.forEach((entity: Json, index) => {
      try {
        const written = this.write(blueprint, entity, options, `body/entities/${index}`);
        result.written.push(written);
        result.answer.entities.push({ created: written.created, identifier: written.entity.identifier, index });
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        // An entity given no identifier has none to name; Port's answer says "unknown" then.
        result.answer.errors.push({ identifier: (entity.identifier as string | undefined) ?? 'unknown', index, statusCode: error.status, error: error.error, message: error.message });
      }
    });
    if (result.answer.errors.length > 0) {
      // *unverified*: the 207's `ok` is typed boolean only; false says "not everything was written".
      result.status = 207;
      result.answer.ok = false;
    }
    return result;
  }

  /** POST /v1/entities/search: every entity of any blueprint that answers the query (one answer, no pages). */
  search(body: unknown, include?: string[], exclude?: string[]): { entities: Json[]; matchingBlueprints: string[] } {
    const query = checkQuery(body, 'body');
    const found = [...this.all()].filter((entity) => matches(entity, query, this));
    return { entities: found.map((entity) => project(entity, include, exclude)), matchingBlueprints: [...new Set(found.map((entity) => entity.blueprint))] };
  }

  /**
   * POST /v1/blueprints/{bp}/entities/search: one page of the blueprint's entities that answer the query, in
   * identifier order, `limit` to a page (1 to 1000, default 200), and `next` while more remain: pass it back as
   * `from` for the next page. Entities written meanwhile appear on a later page when they sort after it.
   */
  searchBlueprint(blueprint: string, body: unknown): { entities: Json[]; next?: string } {
    this.#requireBlueprint(blueprint, false);
    const request = body ?? {};
    if (!isObject(request)) throw invalid('body must be object');
    for (const name of Object.keys(request)) {
      if (!['query', 'include', 'exclude', 'limit', 'from'].includes(name)) throw invalid(`body must NOT have additional property '${name}'`);
    }
    const query: SearchQuery | undefined = request.query === undefined ? undefined : checkQuery(request.query, 'body/query');
    for (const name of ['include', 'exclude'] as const) {
      if (request[name] !== undefined && !(Array.isArray(request[name]) && request[name].every(isString))) throw invalid(`body/${name} must be array of strings`);
    }
    const limit = request.limit ?? SEARCH_LIMIT.default;
    if (typeof limit !== 'number' || limit < SEARCH_LIMIT.min || limit > SEARCH_LIMIT.max) {
      throw invalid(`body/limit must be a number from ${SEARCH_LIMIT.min} to ${SEARCH_LIMIT.max} (default ${SEARCH_LIMIT.default})`);
    }
    if (request.from !== undefined && !isString(request.from)) throw invalid('body/from must be string');
    const after = request.from === undefined ? undefined : readCursor(request.from);

    const page: EntityRecord[] = [];
    let more = false;
    for (const entity of [...(this.#entities.get(blueprint)?.values() ?? [])].sort(byIdentifier)) {
      if (after !== undefined && entity.identifier <= after) continue;
      if (query && !matches(entity, query, this)) continue;
      if (page.length === Math.floor(limit)) {
        more = true;
        break;
      }
      page.push(entity);
    }
    const include = searchPaths(request.include as string[] | undefined);
    const exclude = searchPaths(request.exclude as string[] | undefined);
    return { entities: page.map((entity) => project(entity, include, exclude)), ...(more ? { next: cursor(page.at(-1)!.identifier) } : {}) };
  }
}

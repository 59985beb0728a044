import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/index.js';
import { HttpError } from './contract.js';
import { EVENT_TYPES, OPERATIONS, READ_ONLY_FIELDS, TRIGGER_TYPES, actionFacts, checkActionBody, checkStoredAction, type ActionFacts } from './definitions.js';

/*
 * What the sandbox knows of an organisation besides its runs: action definitions (GET/POST /v1/actions) and
 * entities (GET/POST /v1/blueprints/{bp}/entities). They are loaded at start (--actions, --entities) or posted,
 * and live as long as the sandbox: the data file keeps runs only.
 */

type Json = Record<string, unknown>;

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

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The entity identifier pattern of create-an-entity.json (it also allows `\` and `/`). */
const ENTITY_ID = /^(?!\.{1,2}$)[\p{L}0-9@_.+:\\/=-]+$/u;
const isEntityId = (value: unknown): value is string => typeof value === 'string' && value.length <= 1000 && ENTITY_ID.test(value);

function invalid(message: string): HttpError {
  return new HttpError(422, 'invalid_request', message);
}

/** The key of an entity in Catalog.entities; a blueprint identifier has no `/`, so the first one splits it. */
export function entityKey(blueprint: string, identifier: string): string {
  return `${blueprint}/${identifier}`;
}

/** How an upsert treats an entity that exists: create-an-entity.json's upsert, merge and validation_only. */
export interface UpsertMode {
  upsert: boolean;
  merge: boolean;
  validationOnly: boolean;
}

/**
 * Checks an entity body (create-an-entity.json). The schema allows fields beyond its own; they are ignored, as
 * Port keeps only its entity fields. Search-query identifiers, teams and relations are Port's to resolve
 * against a catalogue the sandbox does not have, so it says so rather than storing something Port would not.
 */
function checkEntityBody(body: unknown, where = 'body'): Json {
  if (!isObject(body)) throw invalid(`${where} must be object`);
  if (body.identifier !== undefined && !isEntityId(body.identifier)) {
    if (isObject(body.identifier)) throw invalid(`${where}/identifier: a search-query identifier is not supported by the port-ci sandbox`);
    throw invalid(`${where}/identifier must match pattern "${ENTITY_ID.source}" (at most 1000 characters)`);
  }
  for (const name of ['title', 'icon'] as const) {
    if (body[name] !== undefined && typeof body[name] !== 'string') throw invalid(`${where}/${name} must be string`);
  }
  const team = body.team;
  if (team !== undefined && typeof team !== 'string' && !(Array.isArray(team) && team.every((each) => typeof each === 'string'))) {
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

/** Reads an optional boolean query parameter, or throws Port's 422. */
function queryBoolean(query: URLSearchParams, name: string): boolean | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  if (text === 'true' || text === 'false') return text === 'true';
  throw invalid(`querystring/${name} must be boolean`);
}

/** Reads a repeatable query parameter whose values must come from a list, or throws Port's 422. */
function queryList(query: URLSearchParams, name: string, allowed?: readonly string[]): string[] | undefined {
  const values = query.getAll(name);
  if (values.length === 0) return undefined;
  values.forEach((value, index) => {
    if (allowed && !allowed.includes(value)) throw invalid(`querystring/${name}/${index} must be equal to one of the allowed values (${allowed.join(', ')})`);
  });
  return values;
}

/** The query of create-an-entity.json: upsert is required. */
export function upsertMode(query: URLSearchParams): UpsertMode {
  const upsert = queryBoolean(query, 'upsert');
  if (upsert === undefined) throw invalid("querystring must have required property 'upsert'");
  queryBoolean(query, 'create_missing_related_entities'); // checked; the sandbox does not check relations' targets
  return { upsert, merge: queryBoolean(query, 'merge') ?? false, validationOnly: queryBoolean(query, 'validation_only') ?? false };
}

/** The action definitions and entities of one sandbox. */
export class Catalog {
  /** Definitions by identifier, as GET /v1/actions/{identifier} shows them. */
  readonly actions = new Map<string, Json>();
  /** Entities by entityKey(blueprint, identifier). */
  readonly entities = new Map<string, EntityRecord>();

  /** `by`: the client id shown as createdBy/updatedBy. */
  constructor(private readonly by: string) {}

  /** A definition loaded at start or from code, in either format; throws an Error naming the problem. */
  addAction(definition: unknown): Json {
    return this.#store(checkStoredAction(definition));
  }

  /** POST /v1/actions: the current format only, as Port; 409 when the identifier is taken. */
  createAction(body: unknown): Json {
    const definition = checkActionBody(body);
    if (this.actions.has(definition.identifier as string)) {
      throw new HttpError(409, 'identifier_taken', `An action with identifier "${String(definition.identifier)}" already exists`);
    }
    return this.#store(definition);
  }

  #store(definition: Json): Json {
    const now = new Date().toISOString();
    // A definition saved from a GET answer keeps its own timestamps.
    const stored: Json = { ...definition };
    for (const field of READ_ONLY_FIELDS) stored[field] ??= field.endsWith('By') ? this.by : now;
    this.actions.set(definition.identifier as string, stored);
    return stored;
  }

  /** GET /v1/actions/{identifier}, or 404. */
  action(identifier: string): Json {
    const action = this.actions.get(identifier);
    if (!action) throw new HttpError(404, 'not_found', `Action with identifier "${identifier}" was not found`);
    return action;
  }

  facts(identifier: string): ActionFacts | undefined {
    const action = this.actions.get(identifier);
    return action && actionFacts(action);
  }

  /**
   * GET /v1/actions with the filters of get-actions-automations.json, ANDed. A classic definition counts as
   * self-service. `version` is checked but changes nothing: each definition is shown in the format it was given.
   */
  listActions(query: URLSearchParams): Json[] {
    const identifiers = queryList(query, 'action_identifier');
    const blueprints = queryList(query, 'blueprint_identifier');
    const operations = queryList(query, 'operation', OPERATIONS);
    const triggerType = queryList(query, 'trigger_type', TRIGGER_TYPES)?.at(-1);
    const published = queryBoolean(query, 'published');
    const events = queryList(query, 'trigger_event', EVENT_TYPES);
    const eventActions = queryList(query, 'trigger_event_action_identifier');
    queryList(query, 'version', ['v1', 'v2']);
    return [...this.actions.values()].filter((action) => {
      const facts = actionFacts(action);
      return (
        (!identifiers || identifiers.includes(facts.identifier)) &&
        (!blueprints || (facts.blueprint !== undefined && blueprints.includes(facts.blueprint))) &&
        (!operations || (facts.operation !== undefined && operations.includes(facts.operation))) &&
        (!triggerType || facts.triggerType === triggerType) &&
        // "If true, only published automations": it says nothing of self-service actions, which stay.
        (published !== true || facts.triggerType !== 'automation' || facts.published) &&
        (!events || (facts.eventType !== undefined && events.includes(facts.eventType))) &&
        (!eventActions || (facts.eventAction !== undefined && eventActions.includes(facts.eventAction)))
      );
    });
  }

  /** GET /v1/blueprints/{bp}/entities/{id}, or 404. */
  entity(blueprint: string, identifier: string): EntityRecord {
    const entity = this.entities.get(entityKey(blueprint, identifier));
    if (!entity) throw new HttpError(404, 'not_found', `Entity with identifier "${identifier}" of blueprint "${blueprint}" was not found`);
    return entity;
  }

  /**
   * POST /v1/blueprints/{bp}/entities: creates the entity, or, with upsert, replaces it (merge: properties and
   * relations key by key, other fields given replace theirs). Without upsert an existing entity is a 409.
   * validation_only answers what would be stored and stores nothing.
   */
  upsertEntity(blueprint: string, body: unknown, mode: UpsertMode): EntityRecord {
    const given = checkEntityBody(body);
    const identifier = (given.identifier as string | undefined) ?? `e_${randomBytes(12).toString('base64url')}`;
    const key = entityKey(blueprint, identifier);
    const existing = this.entities.get(key);
    if (existing && !mode.upsert) {
      throw new HttpError(409, 'identifier_taken', `Entity with identifier "${identifier}" of blueprint "${blueprint}" already exists`);
    }
    const now = new Date().toISOString();
    const base: Partial<EntityRecord> = existing && mode.merge ? existing : {};
    const entity: EntityRecord = {
      identifier,
      blueprint,
      team: given.team ?? base.team ?? [],
      properties: { ...(mode.merge ? existing?.properties : undefined), ...(given.properties as Json | undefined) },
      relations: { ...(mode.merge ? existing?.relations : undefined), ...(given.relations as Json | undefined) },
      createdAt: existing?.createdAt ?? now,
      createdBy: existing?.createdBy ?? this.by,
      updatedAt: now,
      updatedBy: this.by,
    };
    const title = (given.title as string | undefined) ?? base.title;
    const icon = (given.icon as string | undefined) ?? base.icon;
    if (title !== undefined) entity.title = title;
    if (icon !== undefined) entity.icon = icon;
    if (!mode.validationOnly) this.entities.set(key, entity);
    return entity;
  }

  /** An entity loaded at start or from code: an entity body with its `blueprint`; throws an Error naming the problem. */
  addEntity(value: unknown): EntityRecord {
    if (!isObject(value)) throw new Error('an entity must be a JSON object');
    const { blueprint, ...body } = value;
    if (typeof blueprint !== 'string' || !/^[A-Za-z0-9@_=-]+$/.test(blueprint)) throw new Error('blueprint must be a blueprint identifier (letters, digits, @ _ = -)');
    if (!isEntityId(body.identifier)) throw new Error('identifier must be an entity identifier');
    try {
      return this.upsertEntity(blueprint, body, { upsert: true, merge: false, validationOnly: false });
    } catch (error) {
      throw error instanceof HttpError ? new Error(error.message.replace(/^body\//, '')) : error;
    }
  }
}

function readJson(flag: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${file}: not JSON (${(error as Error).message})`);
  }
}

/** One item or an array of them; `where` names each for an error message. */
function items(value: unknown, file: string): { value: unknown; where: string }[] {
  return Array.isArray(value) ? value.map((each, index) => ({ value: each, where: `${file}[${index}]` })) : [{ value, where: file }];
}

/** The JSON files a --actions argument names: the file itself, or a directory's *.json files in name order. */
function actionFiles(target: string): string[] {
  let directory: boolean;
  try {
    directory = statSync(target).isDirectory();
  } catch (error) {
    throw new UsageError(`--actions: cannot read ${target} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (!directory) return [target];
  const files = readdirSync(target).filter((name) => name.endsWith('.json')).sort().map((name) => path.join(target, name));
  if (files.length === 0) throw new UsageError(`--actions: ${target} holds no .json files`);
  return files;
}

/**
 * Reads action definitions for `--actions FILE_OR_DIR` (repeatable): each file holds one definition or an
 * array, in either format. Throws a UsageError naming the file, the item and the problem, or an identifier
 * defined twice.
 */
export function loadActionFiles(targets: string[]): Json[] {
  const seen = new Map<string, string>();
  const definitions: Json[] = [];
  for (const file of targets.flatMap(actionFiles)) {
    for (const { value, where } of items(readJson('--actions', file), file)) {
      let definition: Json;
      try {
        definition = checkStoredAction(value);
      } catch (error) {
        throw new UsageError(`${where}: not an action definition: ${(error as Error).message}`);
      }
      const identifier = definition.identifier as string;
      const earlier = seen.get(identifier);
      if (earlier !== undefined) throw new UsageError(`${where}: action "${identifier}" is already defined in ${earlier}`);
      seen.set(identifier, where);
      definitions.push(definition);
    }
  }
  return definitions;
}

/**
 * Reads entities for `--entities FILE` (repeatable): one entity or an array, each with its `blueprint`, as
 * `port-ci dispatch --entity @FILE` takes them. The check is the one Catalog.addEntity makes; a later entity
 * with the same blueprint and identifier replaces an earlier one, as an upsert does.
 */
export function loadEntityFiles(files: string[]): Json[] {
  const check = new Catalog('check');
  const entities: Json[] = [];
  for (const file of files) {
    for (const { value, where } of items(readJson('--entities', file), file)) {
      try {
        check.addEntity(value);
      } catch (error) {
        throw new UsageError(`${where}: not an entity: ${(error as Error).message}`);
      }
      entities.push(value as Json);
    }
  }
  return entities;
}

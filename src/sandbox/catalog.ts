import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/index.js';
import { HttpError, queryBoolean, queryList } from './contract.js';
import { BLUEPRINT_ID, EntityStore } from './entities.js';
import { EVENT_TYPES, OPERATIONS, READ_ONLY_FIELDS, TRIGGER_TYPES, actionFacts, checkActionBody, checkStoredAction, type ActionFacts } from './definitions.js';

/*
 * What the sandbox knows of an organisation besides its runs and entities (entities.ts): action definitions
 * (GET/POST /v1/actions), and the files that load definitions, blueprints and entities at start (--actions,
 * --blueprints, --entities). They live as long as the sandbox: the data file keeps runs only.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The action definitions of one sandbox. */
export class Catalog {
  /** Definitions by identifier, as GET /v1/actions/{identifier} shows them. */
  readonly actions = new Map<string, Json>();

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

/** An entity of a --entities file: an entity body with its `blueprint`, written into `store` (the check at start). */
export function addEntity(store: EntityStore, value: unknown): void {
  if (!isObject(value)) throw new Error('an entity must be a JSON object');
  const { blueprint, ...body } = value;
  if (typeof blueprint !== 'string' || !BLUEPRINT_ID.test(blueprint)) throw new Error('blueprint must be a blueprint identifier (letters, digits, @ _ = -)');
  if (typeof body.identifier !== 'string') throw new Error('identifier must be an entity identifier');
  try {
    // Loaded as a catalogue is: relations may name entities the file does not hold.
    store.write(blueprint, body, { upsert: true, merge: false, validationOnly: false, createMissingRelated: false }, 'entity', true);
  } catch (error) {
    throw error instanceof HttpError ? new Error(error.message.replace(/^entity\//, '')) : error;
  }
}

/**
 * Reads blueprints for `--blueprints FILE` (repeatable): one of Port's blueprint definitions or an array. What
 * the sandbox reads of one is entities.ts's to say; a UsageError names the file, the item and the problem.
 */
export function loadBlueprintFiles(files: string[]): Json[] {
  const check = new EntityStore('check');
  const blueprints: Json[] = [];
  for (const file of files) {
    for (const { value, where } of items(readJson('--blueprints', file), file)) {
      try {
        check.declare(value);
      } catch (error) {
        throw new UsageError(`${where}: not a blueprint: ${(error as Error).message}`);
      }
      blueprints.push(value as Json);
    }
  }
  return blueprints;
}

/**
 * Reads entities for `--entities FILE` (repeatable): one entity or an array, each with its `blueprint`, as
 * `port-ci dispatch --entity @FILE` takes them. The check is the one a sandbox makes of them at start (against
 * `blueprints` when given); a later entity with the same blueprint and identifier replaces an earlier one, as an
 * upsert does.
 */
export function loadEntityFiles(files: string[], blueprints: Json[] = []): Json[] {
  const check = new EntityStore('check');
  for (const blueprint of blueprints) check.declare(blueprint);
  const entities: Json[] = [];
  for (const file of files) {
    for (const { value, where } of items(readJson('--entities', file), file)) {
      try {
        addEntity(check, value);
      } catch (error) {
        throw new UsageError(`${where}: not an entity: ${(error as Error).message}`);
      }
      entities.push(value as Json);
    }
  }
  return entities;
}

import { HttpError, invalid, queryBoolean, queryList } from './contract.js';
import type { EntityRecord, EntityStore, WriteOptions, Written } from './entities.js';
import { project } from './entities.js';
import type { AffectedEntity, RunRecord } from './store.js';

/*
 * Port's entity routes over the sandbox's EntityStore: the query parameters of each route's schema read and
 * checked here, the work done by the store, and `run_id` tying what a write changed to the run, as Port's
 * "Affected entities" does (reflect-action-progress: only while the run is IN_PROGRESS).
 */

export interface EntityRouteContext {
  store: EntityStore;
  /** Throws Port's 401 unless the request carries a valid token. */
  authorize(): void;
  /** The run `run_id` names, or a 404. */
  findRun(id: string): RunRecord;
  /** Notes a change to a run (its page, its data file). */
  touch(run: RunRecord): void;
}

const decode = (encoded: string, what: string): string => {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new HttpError(404, 'not_found', `${what} with identifier "${encoded}" was not found`);
  }
};

/** The query of the write routes (create-an-entity.json and siblings); each absent flag is its schema default, false. */
function writeOptions(query: URLSearchParams): WriteOptions {
  return {
    upsert: queryBoolean(query, 'upsert', false),
    merge: queryBoolean(query, 'merge', false),
    validationOnly: queryBoolean(query, 'validation_only', false),
    createMissingRelated: queryBoolean(query, 'create_missing_related_entities', false),
  };
}

/** include/exclude and the flags of GET and POST /v1/entities/search; a flag whose answer the sandbox cannot give is refused. */
function readOptions(query: URLSearchParams, flags: readonly string[]): { include?: string[]; exclude?: string[] } {
  for (const flag of flags) queryBoolean(query, flag);
  // The sandbox has no calculated or mirror properties and no failing blueprints: those flags change nothing here.
  if (queryBoolean(query, 'attach_title_to_relation') === true) {
    throw invalid('querystring/attach_title_to_relation: true is not supported by the port-ci sandbox; read the related entities instead');
  }
  return { include: queryList(query, 'include'), exclude: queryList(query, 'exclude') };
}

const READ_FLAGS = ['exclude_calculated_properties', 'attach_title_to_relation', 'attach_identifier_to_title_mirror_properties'];

/**
 * The run a write names with `run_id`, checked before anything is written: it must exist and be IN_PROGRESS.
 * (*unverified*: Port's docs say tying is possible only then, not how it refuses; this refuses the write, so a
 * job never believes it recorded what Port would not list.)
 */
function runOf(query: URLSearchParams, context: EntityRouteContext): RunRecord | undefined {
  const id = query.get('run_id');
  if (id === null) return undefined;
  const run = context.findRun(id);
  if (run.status === 'WAITING_FOR_APPROVAL') throw invalid(`querystring/run_id: run "${id}" is waiting for approval; entities can be tied to a run only while it is IN_PROGRESS`);
  if (run.status !== 'IN_PROGRESS') {
    throw new HttpError(422, 'run_exhausted', `querystring/run_id: run "${id}" has ended with status ${run.status}; entities can be tied to a run only while it is IN_PROGRESS`);
  }
  return run;
}

/** Lists what a write did among the run's affected entities; an entity met again keeps its place and first change. */
function affect(run: RunRecord | undefined, changes: { entity: EntityRecord; change: NonNullable<AffectedEntity['change']> }[], context: EntityRouteContext): void {
  if (!run || changes.length === 0) return;
  const list = (run.entities ??= []);
  for (const { entity, change } of changes) {
    const known = list.find((each) => each.blueprint === entity.blueprint && each.identifier === entity.identifier);
    const shown: AffectedEntity = { blueprint: entity.blueprint, identifier: entity.identifier, change };
    if (entity.title !== undefined) shown.title = entity.title;
    if (!known) list.push(shown);
    else {
      if (entity.title !== undefined) known.title = entity.title;
      if (change === 'deleted' || known.change === 'deleted') known.change = change === 'deleted' ? 'deleted' : 'updated';
    }
  }
  run.updatedAt = new Date().toISOString();
  context.touch(run);
}

const changesOf = (written: Written[]) =>
  written.flatMap(({ entity, created, related }) => [
    ...related.map((each) => ({ entity: each, change: 'created' as const })),
    { entity, change: created ? ('created' as const) : ('updated' as const) },
  ]);

/** Serves an entity route, or returns undefined when the request is not one. */
export function routeEntities(method: string, path: string, query: URLSearchParams, body: unknown, context: EntityRouteContext): [number, unknown] | undefined {
  const { store } = context;
  if (path === '/v1/entities/search' && method === 'POST') {
    context.authorize();
    const { include, exclude } = readOptions(query, [...READ_FLAGS, 'allow_partial_results']);
    return [200, { ok: true, ...store.search(body, include, exclude) }];
  }
  const collection = /^\/v1\/blueprints\/([^/]+)\/entities(?:\/(bulk|search))?$/.exec(path);
  if (collection && method === 'POST') {
    context.authorize();
    const blueprint = decode(collection[1]!, 'Blueprint');
    if (collection[2] === 'search') return [200, { ok: true, ...store.searchBlueprint(blueprint, body) }];
    const options = writeOptions(query);
    const run = runOf(query, context);
    if (collection[2] === 'bulk') {
      const { status, answer, written } = store.bulk(blueprint, body, options);
      if (!options.validationOnly) affect(run, changesOf(written), context);
      return [status, answer];
    }
    const written = store.write(blueprint, body, options);
    if (!options.validationOnly) affect(run, changesOf([written]), context);
    return [201, { ok: true, entity: written.entity }];
  }
  const one = /^\/v1\/blueprints\/([^/]+)\/entities\/([^/]+)$/.exec(path);
  if (one && ['GET', 'PUT', 'PATCH', 'DELETE'].includes(method)) {
    context.authorize();
    const blueprint = decode(one[1]!, 'Blueprint');
    const identifier = decode(one[2]!, 'Entity');
    if (method === 'GET') {
      const { include, exclude } = readOptions(query, READ_FLAGS);
      return [200, { ok: true, entity: project(store.entity(blueprint, identifier), include, exclude) }];
    }
    if (method === 'DELETE') {
      const deleteDependents = queryBoolean(query, 'delete_dependents', false);
      const run = runOf(query, context);
      const deleted = store.delete(blueprint, identifier, deleteDependents);
      affect(run, deleted.map((entity) => ({ entity, change: 'deleted' as const })), context);
      return [200, { ok: true }];
    }
    const createMissingRelated = queryBoolean(query, 'create_missing_related_entities', false);
    const run = runOf(query, context);
    const written = store.change(blueprint, identifier, body, method === 'PATCH', { createMissingRelated });
    affect(run, changesOf([written]), context);
    return [200, { ok: true, entity: written.entity }];
  }
  return undefined;
}

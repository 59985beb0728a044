import type { PortClient, PortRun } from '../port/client.js';
import { ApiError } from '../port/errors.js';

/*
 * Port's catalog and run-management calls (PORT-FACTS.md §10; schemas in ../shared/port-api), over the Port
 * client's token, retries and errors. They live here, not on the client, so the action steps that only log and
 * report do not carry them.
 */

/** Options of Port's entity write routes (create-an-entity.json, create-multiple-entities.json). */
export interface EntityWriteOptions {
  /** Replace an entity that exists (upsert=true); without it an existing identifier is a 409. */
  upsert?: boolean;
  /** With upsert: update only the fields given, keeping the rest (merge=true). */
  merge?: boolean;
  createMissingRelatedEntities?: boolean;
  validationOnly?: boolean;
  /** Lists the entity among this run's affected entities (only while the run is in progress). */
  runId?: string;
}

/** One call of the bulk route: what was written and what was refused, entity by entity (200 or 207). */
export interface BulkAnswer {
  entities: Array<{ identifier: string; index: number; created: boolean }>;
  errors: Array<{ identifier: string; index: number; statusCode: number; error: string; message: string }>;
}

export interface SearchPage {
  entities: Record<string, unknown>[];
  /** The cursor of the next page; undefined on the last. */
  next?: string;
}

/** Creates or (with upsert) replaces or merges one entity; answers the entity as Port stored it. */
export async function writeEntity(port: PortClient, blueprint: string, entity: Record<string, unknown>, options: EntityWriteOptions = {}): Promise<Record<string, unknown>> {
  const path = `/v1/blueprints/${encodeURIComponent(blueprint)}/entities${entityQuery(options)}`;
  const body = await port.request('POST', path, entity, `${options.upsert ? 'upsert' : 'create'} entity ${String(entity.identifier)} of blueprint ${blueprint}`);
  return (body.entity as Record<string, unknown>) ?? {};
}

/**
 * Writes 1 to 20 entities of one blueprint in one call. Port answers 200 when all were written and 207 when
 * some were refused; either way the answer says which, entity by entity.
 * @throws ApiError when the whole call is refused (a 4xx or 5xx), as every call does.
 */
export async function bulkWriteEntities(port: PortClient, blueprint: string, entities: Record<string, unknown>[], options: EntityWriteOptions = {}): Promise<BulkAnswer> {
  const path = `/v1/blueprints/${encodeURIComponent(blueprint)}/entities/bulk${entityQuery({ upsert: false, ...options }, true)}`;
  const body = await port.request('POST', path, { entities }, `write ${entities.length} entities of blueprint ${blueprint}`);
  if (!Array.isArray(body.entities) || !Array.isArray(body.errors)) throw new ApiError(`Could not read the bulk answer for blueprint ${blueprint}: it has no entities and errors lists`, 200);
  return { entities: body.entities as BulkAnswer['entities'], errors: body.errors as BulkAnswer['errors'] };
}

/** Deletes an entity; Port refuses one that others depend on unless deleteDependents is set. */
export async function deleteEntity(port: PortClient, blueprint: string, identifier: string, options: { deleteDependents?: boolean; runId?: string } = {}): Promise<void> {
  const query = new URLSearchParams();
  if (options.deleteDependents) query.set('delete_dependents', 'true');
  if (options.runId) query.set('run_id', options.runId);
  const path = `/v1/blueprints/${encodeURIComponent(blueprint)}/entities/${encodeURIComponent(identifier)}${query.size > 0 ? `?${query}` : ''}`;
  await port.request('DELETE', path, undefined, `delete entity ${identifier} of blueprint ${blueprint}`);
}

/** One page of a blueprint's entities matching a query (search-a-blueprints-entities.json). */
export async function searchBlueprintEntities(port: PortClient, blueprint: string, request: { query?: Record<string, unknown>; include?: string[]; limit?: number; from?: string }): Promise<SearchPage> {
  const body = await port.request('POST', `/v1/blueprints/${encodeURIComponent(blueprint)}/entities/search`, request, `search the entities of blueprint ${blueprint}`);
  if (!Array.isArray(body.entities)) throw new ApiError(`Could not read the search answer for blueprint ${blueprint}: it has no list of entities`, 200);
  return { entities: body.entities as Record<string, unknown>[], ...(typeof body.next === 'string' && body.next !== '' ? { next: body.next } : {}) };
}

/** Every entity of any blueprint matching the query (search-entities.json: one answer, no pages). */
export async function searchEntities(port: PortClient, query: Record<string, unknown>, include?: string[]): Promise<Record<string, unknown>[]> {
  const params = new URLSearchParams();
  for (const field of include ?? []) params.append('include', field);
  const body = await port.request('POST', `/v1/entities/search${params.size > 0 ? `?${params}` : ''}`, query, 'search entities');
  if (!Array.isArray(body.entities)) throw new ApiError('Could not read the search answer: it has no list of entities', 200);
  return body.entities as Record<string, unknown>[];
}

/** Runs as GET /v1/actions/runs lists them (by external run id, action, entity, active). */
export async function listRuns(port: PortClient, query: Record<string, string>): Promise<PortRun[]> {
  const params = new URLSearchParams(query);
  const body = await port.request('GET', `/v1/actions/runs${params.size > 0 ? `?${params}` : ''}`, undefined, 'list runs');
  if (!Array.isArray(body.runs)) throw new ApiError('Could not read the runs: Port\'s answer has no list of runs', 200);
  return body.runs as PortRun[];
}

/** Approves or declines a run waiting for approval. */
export async function approveRun(port: PortClient, runId: string, status: 'APPROVE' | 'DECLINE', description?: string): Promise<void> {
  await port.request('PATCH', `/v1/actions/runs/${encodeURIComponent(runId)}/approval`, { status, ...(description ? { description } : {}) }, `${status === 'APPROVE' ? 'approve' : 'decline'} run ${runId}`);
}

/** The query of an entity write: only the flags that are set, as Port names them. */
function entityQuery(options: EntityWriteOptions, alwaysUpsert = false): string {
  const query = new URLSearchParams();
  if (options.upsert || alwaysUpsert) query.set('upsert', String(Boolean(options.upsert)));
  if (options.merge) query.set('merge', 'true');
  if (options.createMissingRelatedEntities) query.set('create_missing_related_entities', 'true');
  if (options.validationOnly) query.set('validation_only', 'true');
  if (options.runId) query.set('run_id', options.runId);
  return query.size > 0 ? `?${query}` : '';
}

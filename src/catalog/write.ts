import type { PortClient } from '../port/client.js';
import { deleteEntity, writeEntity, type EntityWriteOptions } from './port-api.js';
import type { PlacedEntity } from './entities.js';
import { linkedToRun } from './run-link.js';

/*
 * One entity written or deleted, as every face does it: listed on the run when one is given, and written all the
 * same, without the link, when that run has ended (run-link.ts).
 */

export interface OneWrite {
  /** The entity as Port stored it (as it would, with validationOnly). */
  entity: Record<string, unknown>;
  /** The run it is listed on, when it is. */
  runId?: string;
  /** Why it is not listed on the run it was meant for. */
  unlinked?: string;
}

/** Upserts one entity (replacing it, or merging with `merge`). */
export async function upsertOne(port: PortClient, placed: PlacedEntity, options: Omit<EntityWriteOptions, 'upsert'>): Promise<OneWrite> {
  const { runId, ...rest } = options;
  const { value, unlinked } = await linkedToRun(runId, (id) => writeEntity(port, placed.blueprint, { ...placed.entity }, { ...rest, upsert: true, ...(id ? { runId: id } : {}) }));
  return { entity: value, ...(unlinked ? { unlinked } : runId && !options.validationOnly ? { runId } : {}) };
}

/** Deletes one entity (and, with `deleteDependents`, those that depend on it). */
export async function deleteOne(
  port: PortClient,
  blueprint: string,
  identifier: string,
  options: { deleteDependents?: boolean; runId?: string },
): Promise<{ runId?: string; unlinked?: string }> {
  const { runId, deleteDependents = false } = options;
  const { unlinked } = await linkedToRun(runId, (id) => deleteEntity(port, blueprint, identifier, { deleteDependents, ...(id ? { runId: id } : {}) }));
  return unlinked ? { unlinked } : runId ? { runId } : {};
}

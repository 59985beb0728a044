import type { PortClient } from '../port/client.js';
import { deleteEntity, writeEntity, type EntityWriteOptions } from './port-api.js';
import type { PlacedEntity } from './entities.js';
import { linkedToRun } from './run-link.js';
import { readOne, sameAsStored, unreadReason } from './unchanged.js';
import { ApiError } from '../port/errors.js';

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
  /** With skipUnchanged: Port held it as given, so it was not written (`entity` is what Port holds). */
  unchanged?: boolean;
  /** With skipUnchanged: why it was written without the comparison (the read failed). */
  unread?: string;
}

/**
 * Upserts one entity (replacing it, or merging with `merge`); with `skipUnchanged`, reads it first and writes it
 * only when the write would change it (unchanged.ts).
 */
export async function upsertOne(port: PortClient, placed: PlacedEntity, options: Omit<EntityWriteOptions, 'upsert'> & { skipUnchanged?: boolean }): Promise<OneWrite> {
  const { runId, skipUnchanged = false, ...rest } = options;
  let unread: string | undefined;
  if (skipUnchanged) {
    try {
      const held = await readOne(port, placed);
      if (held && sameAsStored(placed.entity, held, rest.merge ?? false)) return { entity: held, unchanged: true };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      unread = unreadReason(`entity ${placed.blueprint}/${placed.entity.identifier}`, error);
    }
  }
  const { value, unlinked } = await linkedToRun(runId, (id) => writeEntity(port, placed.blueprint, { ...placed.entity }, { ...rest, upsert: true, ...(id ? { runId: id } : {}) }));
  return { entity: value, ...(unread ? { unread } : {}), ...(unlinked ? { unlinked } : runId && !options.validationOnly ? { runId } : {}) };
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

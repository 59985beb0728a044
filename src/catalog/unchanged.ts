import { isObject } from '../core/index.js';
import type { PortClient } from '../port/client.js';
import { ApiError } from '../port/errors.js';
import type { EntityInput, PlacedEntity } from './entities.js';
import { searchBlueprintEntities } from './port-api.js';

/*
 * Telling an unchanged entity from an updated one. Port's write answers say only "created" or not, so the only way
 * to know a write would change nothing is to read the entity first and compare. That costs a read, so it is
 * opt-in (--skip-unchanged): the entities found identical are not written at all (no updatedAt moved, no
 * automation on "entity updated" fired, not listed on the run, which they did not affect) and are counted
 * unchanged.
 *
 * The comparison errs one way only. "Unchanged" is said only when the write could not change what Port holds;
 * anything in doubt (a date written in another form, a property the blueprint defaults, a team in another order)
 * counts as changed and is written, which is what would have happened without the option.
 */

/** Identifiers per read: one search answers up to 1,000 entities, and 100 keeps each rule's list short. */
export const READ_CHUNK = 100;

/** Whether upserting `given` (replacing, or merging with `merge`) would leave `stored` as it is. */
export function sameAsStored(given: EntityInput, stored: Record<string, unknown>, merge: boolean): boolean {
  const fields: { given: unknown; stored: unknown; present: boolean }[] = [
    { given: given.title, stored: stored.title, present: given.title !== undefined },
    { given: given.icon, stored: stored.icon, present: given.icon !== undefined },
    { given: teams(given.team), stored: teams(stored.team), present: given.team !== undefined },
  ];
  for (const field of fields) {
    if ((merge ? field.present : true) && !sameValue(field.given, field.stored)) return false;
  }
  return sameMap(given.properties, stored.properties, merge) && sameMap(given.relations, stored.relations, merge);
}

/** Properties or relations: with merge only the keys given count; replacing, every key on either side does. */
function sameMap(given: Record<string, unknown> | undefined, stored: unknown, merge: boolean): boolean {
  const held = isObject(stored) ? stored : {};
  const mine = given ?? {};
  const keys = merge ? Object.keys(mine) : [...new Set([...Object.keys(mine), ...Object.keys(held)])];
  return keys.every((key) => sameValue(mine[key], held[key]));
}

/** Port holds a team as a list; a name given alone is a list of one. */
function teams(team: unknown): unknown {
  if (team === undefined || team === null) return [];
  return typeof team === 'string' ? [team] : team;
}

/** JSON equality: absent and null alike (Port answers null for a property not set), key order free, list order kept. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null) return b === undefined || b === null;
  if (b === undefined || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  if (isObject(a)) {
    if (!isObject(b) || Array.isArray(b)) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return a === b;
}

/** The entities of one blueprint that Port holds, by identifier, read with one search per READ_CHUNK identifiers. */
export async function readStored(port: PortClient, blueprint: string, identifiers: string[]): Promise<Map<string, Record<string, unknown>>> {
  const stored = new Map<string, Record<string, unknown>>();
  let from: string | undefined;
  do {
    const page = await searchBlueprintEntities(port, blueprint, {
      query: { combinator: 'and', rules: [{ property: '$identifier', operator: 'in', value: identifiers }] },
      limit: 1000,
      ...(from === undefined ? {} : { from }),
    });
    for (const entity of page.entities) if (typeof entity.identifier === 'string') stored.set(entity.identifier, entity);
    from = page.next;
  } while (from !== undefined);
  return stored;
}

/** One entity as Port holds it, or undefined when it does not exist (upsert's read, by the entity's own route). */
export async function readOne(port: PortClient, placed: PlacedEntity): Promise<Record<string, unknown> | undefined> {
  try {
    return await port.getEntity(placed.blueprint, placed.entity.identifier);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

/** Why the comparison was not made, when the read failed (`what`: `the entities of blueprint service`): written all the same. */
export function unreadReason(what: string, error: ApiError): string {
  return `could not read ${what} to compare (${error.message}): written without the comparison`;
}

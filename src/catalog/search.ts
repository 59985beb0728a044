import { UsageError } from '../core/index.js';
import type { PortClient } from '../port/client.js';
import { searchBlueprintEntities, searchEntities } from './port-api.js';
import { checkBlueprint } from './entities.js';
import { parseCombinator, type PortRule } from './rules.js';

/*
 * Search, paging through every result. With a blueprint, Port's blueprint search route pages (limit up to 1,000,
 * a `next` cursor); across blueprints, the organisation-wide route answers in one go, so `$blueprint` rules are how
 * a user narrows it.
 */

export interface SearchRequest {
  blueprint?: string;
  combinator: 'and' | 'or';
  rules: PortRule[];
  /** Only these fields of each entity: `identifier`, `properties.tier`, or as a blueprint search names them, `$identifier`, `tier`. */
  include?: string[];
  /** Stop after this many entities (all unless told). */
  max?: number;
  /** Hears each page, for progress lines. */
  onPage?: (count: number, total: number) => void;
}

/** A search as a user asks for it, rules already parsed; names say how the face calls each part, for errors. */
export interface SearchSource {
  blueprint?: string;
  rules: PortRule[];
  combinator?: string;
  include?: string[];
  max?: number;
}

/**
 * The search to make: the blueprint and combinator checked, and at least a rule or a blueprint, since Port has no
 * "every entity" search.
 * @param names `blueprint`, `combinator`: how the face names them; `missing`: the error when neither is given.
 */
export function searchRequest(source: SearchSource, names: { blueprint: string; combinator: string; missing: string }): SearchRequest {
  const blueprint = source.blueprint === undefined ? undefined : checkBlueprint(source.blueprint, names.blueprint);
  if (source.rules.length === 0 && blueprint === undefined) throw new UsageError(names.missing);
  return {
    ...(blueprint ? { blueprint } : {}),
    combinator: parseCombinator(source.combinator, names.combinator),
    rules: source.rules,
    ...(source.include && source.include.length > 0 ? { include: source.include } : {}),
    ...(source.max === undefined ? {} : { max: source.max }),
  };
}

/** Port's largest page (search-a-blueprints-entities.json). */
const PAGE = 1000;

export async function searchAll(port: PortClient, request: SearchRequest): Promise<Record<string, unknown>[]> {
  const query = { combinator: request.combinator, rules: request.rules };
  const max = request.max ?? Number.POSITIVE_INFINITY;
  if (request.blueprint === undefined) {
    const entities = await searchEntities(port, query, request.include?.map(forEntityRoute));
    request.onPage?.(entities.length, entities.length);
    return entities.slice(0, max);
  }
  const found: Record<string, unknown>[] = [];
  let from: string | undefined;
  do {
    const limit = Math.max(1, Math.min(PAGE, max - found.length));
    const page = await searchBlueprintEntities(port, request.blueprint, {
      query,
      limit,
      ...(request.include ? { include: request.include.map(forBlueprintRoute) } : {}),
      ...(from ? { from } : {}),
    });
    found.push(...page.entities);
    request.onPage?.(page.entities.length, found.length);
    from = page.next;
  } while (from !== undefined && found.length < max);
  return found.slice(0, max);
}

/*
 * The two routes name the fields to include differently: the organisation-wide one by their path in the entity's
 * JSON (`identifier`, `properties.tier`), a blueprint's by identifier with `$` before meta-properties
 * (`$identifier`, `tier`; search-a-blueprints-entities.json). A user writes either, for either route: a bare name
 * that is no meta-property is a property or relation identifier, kept as Port's blueprint route takes it.
 */
const META_FIELDS = ['identifier', 'title', 'icon', 'team', 'blueprint', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy'];

function forBlueprintRoute(field: string): string {
  if (META_FIELDS.includes(field)) return `$${field}`;
  return /^(?:properties|relations)\.(.+)$/.exec(field)?.[1] ?? field;
}

function forEntityRoute(field: string): string {
  return field.startsWith('$') && META_FIELDS.includes(field.slice(1)) ? field.slice(1) : field;
}

import { ApiError } from '../port/errors.js';
import type { PortClient, RateLimitState } from '../port/client.js';
import { bulkWriteEntities, type BulkAnswer, type EntityWriteOptions } from './port-api.js';
import { realClock, type RetryClock } from '../http/retry.js';
import type { PlacedEntity } from './entities.js';
import { isRunEnded, unlinkedReason } from './run-link.js';
import { READ_CHUNK, readStored, sameAsStored, unreadReason } from './unchanged.js';

/*
 * Writing any number of entities: grouped by blueprint, cut into calls of at most 20 (Port's bulk limit), up to
 * `concurrency` calls at once, paced by Port's rate-limit headers so that the calls are spent on writes rather than
 * on 429s. Port's answer is read entity by entity (200: all written; 207 Multi-Status: some refused), and nothing is
 * counted written that Port did not say it wrote: a call refused whole, or whose answer never came after the
 * client's retries, fails each of its entities with that reason. With `skipUnchanged` each blueprint's entities are
 * read first (unchanged.ts) and only those a write would change are sent, still in full calls of 20.
 */

/** Port's limit of entities in one bulk call (create-multiple-entities.json). */
export const BULK_LIMIT = 20;

export interface BulkOptions extends Omit<EntityWriteOptions, 'upsert'> {
  /** Calls in flight at once; 4 unless told. */
  concurrency?: number;
  /** Read each entity first and write only those that differ from what Port holds (unchanged.ts). */
  skipUnchanged?: boolean;
  /** Hears each call's outcome, for progress lines. */
  onBatch?: (report: { blueprint: string; size: number; written: number; failed: number; done: number; total: number }) => void;
  /** With skipUnchanged: hears each read, with how many of the entities read need no write. */
  onRead?: (report: { blueprint: string; size: number; unchanged: number; done: number; total: number }) => void;
}

export interface EntityFailure {
  blueprint: string;
  identifier: string;
  /** Where the entity came from (`services.ndjson line 4`). */
  source: string;
  /** Port's status for it, or null when Port could not be reached. */
  statusCode: number | null;
  error: string;
  message: string;
}

export interface BulkResult {
  created: PlacedEntity[];
  updated: PlacedEntity[];
  /** With skipUnchanged: identical to what Port held, so not written. */
  unchanged: PlacedEntity[];
  failed: EntityFailure[];
  /** Calls made to Port, reads included (retries by the client not counted). */
  calls: number;
  /** Of those, the reads of skipUnchanged. */
  reads: number;
  /** Why the entities are not (all) listed on the run, when they were meant to be (it ended meanwhile). */
  unlinked?: string;
  /** Why some entities were written without the comparison skipUnchanged asked for (a read failed). */
  unread?: string;
}

/** Paces calls by what Port's last answer said of the rate-limit window (RateLimitState). */
export class RatePacer {
  #remaining: number | undefined;
  #limit = 0;
  #resetAt = 0;
  #periodMs: number | undefined;
  /** Calls sent since the state was last read from an answer (the server may not have counted them yet). */
  #sentSince = 0;
  #inFlight = 0;
  /** Until the first answer says where the window stands, one call at a time: a burst could spend it on 429s. */
  #observed = false;
  #wake: (() => void)[] = [];

  constructor(private readonly clock: RetryClock = realClock) {}

  /** For PortClientOptions.onRateLimit. */
  observe(state: RateLimitState): void {
    this.#remaining = state.remaining;
    this.#limit = state.limit;
    this.#resetAt = state.at + state.resetSeconds * 1000;
    this.#periodMs = state.periodSeconds === undefined ? undefined : state.periodSeconds * 1000;
    // The calls in flight may or may not be in that count (the answer may even be the token's, before any of them
    // went out): assume none is, and leave a call of the window unused rather than spend one on a 429.
    this.#sentSince = this.#inFlight;
    this.#observed = true;
    this.#wakeAll();
  }

  #wakeAll(): void {
    for (const wake of this.#wake.splice(0)) wake();
  }

  /** Waits until a call fits in the window, then counts it as sent. */
  async acquire(): Promise<void> {
    for (;;) {
      if (!this.#observed && this.#inFlight > 0) {
        await new Promise<void>((resolve) => this.#wake.push(resolve));
        continue;
      }
      const now = this.clock.now();
      if (this.#remaining !== undefined && now >= this.#resetAt) {
        // A new window: full again, for as long as the period says (unknown: until the next answer says).
        this.#remaining = this.#limit;
        this.#sentSince = 0;
        this.#resetAt = this.#periodMs === undefined ? Number.POSITIVE_INFINITY : now + this.#periodMs;
        if (this.#periodMs === undefined) this.#remaining = undefined;
      }
      if (this.#remaining === undefined || this.#remaining - this.#sentSince > 0) {
        this.#sentSince++;
        this.#inFlight++;
        return;
      }
      await this.clock.sleep(Math.max(1, this.#resetAt - now));
    }
  }

  release(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    this.#wakeAll();
  }
}

/**
 * Upserts every entity (merge and the other options as given), batch by batch.
 * @param port a client whose onRateLimit feeds `pacer` (the command wires both).
 */
export async function bulkUpsert(port: PortClient, entities: PlacedEntity[], options: BulkOptions = {}, pacer = new RatePacer()): Promise<BulkResult> {
  const byBlueprint = new Map<string, PlacedEntity[]>();
  for (const placed of entities) {
    const list = byBlueprint.get(placed.blueprint) ?? [];
    list.push(placed);
    byBlueprint.set(placed.blueprint, list);
  }
  const result: BulkResult = { created: [], updated: [], unchanged: [], failed: [], calls: 0, reads: 0 };
  const { concurrency = 4, onBatch, onRead, skipUnchanged = false, runId, ...write } = options;
  let link = runId;
  let done = 0;

  /** One paced call to Port; its ApiError (a refusal, or silence after the client's retries) is its answer. */
  const paced = async <T>(send: () => Promise<T>): Promise<T | ApiError> => {
    await pacer.acquire();
    result.calls++;
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return error;
    } finally {
      pacer.release();
    }
  };
  const writeCall = (blueprint: string, items: PlacedEntity[], linked: string | undefined) =>
    paced(() => bulkWriteEntities(port, blueprint, items.map(({ entity }) => ({ ...entity })), { ...write, ...(linked ? { runId: linked } : {}), upsert: true }));

  const writeBatch = async (blueprint: string, items: PlacedEntity[]) => {
    const linked = link;
    let answer = await writeCall(blueprint, items, linked);
    if (answer instanceof ApiError && isRunEnded(answer) && linked !== undefined) {
      // The run ended: this call and the rest go without the link (see run-link.ts); calls already on their way
      // with it come back refused too, and go again the same way.
      result.unlinked = unlinkedReason(linked);
      link = undefined;
      answer = await writeCall(blueprint, items, undefined);
    }
    const before = { created: result.created.length, updated: result.updated.length, failed: result.failed.length };
    read(blueprint, items, answer, result);
    done += items.length;
    onBatch?.({
      blueprint,
      size: items.length,
      written: result.created.length - before.created + result.updated.length - before.updated,
      failed: result.failed.length - before.failed,
      done,
      total: entities.length,
    });
  };

  /** The entities of one blueprint that a write would change, in file order; the others are counted unchanged. */
  const changed = async (blueprint: string, list: PlacedEntity[]): Promise<PlacedEntity[]> => {
    const times = new Map<string, number>();
    for (const { entity } of list) times.set(entity.identifier, (times.get(entity.identifier) ?? 0) + 1);
    const identifiers = [...times.keys()];
    const chunks: string[][] = [];
    for (let at = 0; at < identifiers.length; at += READ_CHUNK) chunks.push(identifiers.slice(at, at + READ_CHUNK));
    const same = new Set<PlacedEntity>();
    await inParallel(chunks, concurrency, async (chunk) => {
      result.reads++;
      const stored = await paced(() => readStored(port, blueprint, chunk));
      if (stored instanceof ApiError) {
        // Not read, so not compared: these are written as they would be without the option.
        result.unread ??= unreadReason(`the entities of blueprint ${blueprint}`, stored);
        return;
      }
      let found = 0;
      for (const placed of list) {
        const held = stored.get(placed.entity.identifier);
        // An entity the file gives twice is written each time, as it would be without the comparison: the last
        // write is what Port keeps, and skipping an earlier one could leave the wrong one last.
        if (held && times.get(placed.entity.identifier) === 1 && sameAsStored(placed.entity, held, write.merge ?? false)) {
          same.add(placed);
          found++;
        }
      }
      done += found;
      onRead?.({ blueprint, size: chunk.length, unchanged: found, done, total: entities.length });
    });
    result.unchanged.push(...list.filter((placed) => same.has(placed)));
    return list.filter((placed) => !same.has(placed));
  };

  // Blueprint by blueprint, in the order the file first names them: a file that lists clusters before the services
  // that relate to them gets the clusters written first. Within a blueprint, calls go concurrently.
  for (const [blueprint, all] of byBlueprint) {
    const list = skipUnchanged ? await changed(blueprint, all) : all;
    const batches: PlacedEntity[][] = [];
    for (let at = 0; at < list.length; at += BULK_LIMIT) batches.push(list.slice(at, at + BULK_LIMIT));
    await inParallel(batches, concurrency, (batch) => writeBatch(blueprint, batch));
  }
  return result;
}

/** Runs `work` over the items, at most `limit` at once, in order of start. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** One call's answer, entity by entity; an entity the answer does not mention is not counted written. */
function read(blueprint: string, items: PlacedEntity[], answer: BulkAnswer | ApiError, result: BulkResult): void {
  if (answer instanceof ApiError) {
    for (const placed of items) {
      result.failed.push({
        blueprint,
        identifier: placed.entity.identifier,
        source: placed.source,
        statusCode: answer.status,
        error: answer.code ?? (answer.status === null ? 'unreachable' : 'refused'),
        message: answer.message,
      });
    }
    return;
  }
  const written = new Map(answer.entities.map((entry) => [entry.index, entry]));
  const refused = new Map(answer.errors.map((entry) => [entry.index, entry]));
  for (const [index, placed] of items.entries()) {
    const ok = written.get(index);
    const error = refused.get(index);
    if (ok && !error) (ok.created ? result.created : result.updated).push(placed);
    else {
      result.failed.push({
        blueprint,
        identifier: placed.entity.identifier,
        source: placed.source,
        statusCode: error?.statusCode ?? null,
        error: error?.error ?? 'not_in_answer',
        message: error?.message ?? 'Port\'s answer did not say this entity was written',
      });
    }
  }
}

/** A bulk result as the faces hand it on (the CLI's --json, actions/entity's outputs): who was written, who failed. */
export function bulkSummary(result: BulkResult): {
  created: { blueprint: string; identifier: string }[];
  updated: { blueprint: string; identifier: string }[];
  unchanged: { blueprint: string; identifier: string }[];
  failed: EntityFailure[];
  calls: number;
  reads: number;
} {
  const named = ({ blueprint, entity }: PlacedEntity) => ({ blueprint, identifier: entity.identifier });
  return {
    created: result.created.map(named),
    updated: result.updated.map(named),
    unchanged: result.unchanged.map(named),
    failed: result.failed,
    calls: result.calls,
    reads: result.reads,
  };
}

/**
 * The counts in one line, as every face prints them: `3 written (1 created, 2 updated), 0 failed, in 1 call`, with
 * the unchanged and the reads when they were looked for.
 */
export function countsLine(result: BulkResult, validationOnly: boolean, skipUnchanged: boolean): string {
  const written = result.created.length + result.updated.length;
  const calls = `${result.calls} call${result.calls === 1 ? '' : 's'}${skipUnchanged ? ` (${result.reads} to read)` : ''}`;
  return `${written} ${validationOnly ? 'valid' : 'written'} (${result.created.length} created, ${result.updated.length} updated)${skipUnchanged ? `, ${result.unchanged.length} unchanged` : ''}, ${result.failed.length} failed, in ${calls}`;
}

/** One failed entity in a line: `service/svc-a (services.ndjson line 4) failed: 422 invalid: ...`, Port's reason kept. */
export function describeFailure(failure: EntityFailure): string {
  return `${failure.blueprint}/${failure.identifier} (${failure.source}) failed: ${failure.statusCode ?? 'no answer'} ${failure.error}: ${failure.message}`;
}

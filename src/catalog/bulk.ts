import { ApiError } from '../port/errors.js';
import type { PortClient, RateLimitState } from '../port/client.js';
import { bulkWriteEntities, type BulkAnswer, type EntityWriteOptions } from './port-api.js';
import { realClock, type RetryClock } from '../http/retry.js';
import type { PlacedEntity } from './entities.js';
import { isRunEnded, unlinkedReason } from './run-link.js';

/*
 * Writing any number of entities: grouped by blueprint, cut into calls of at most 20 (Port's bulk limit), up to
 * `concurrency` calls at once, paced by Port's rate-limit headers so that the calls are spent on writes rather than
 * on 429s. Port's answer is read entity by entity (200: all written; 207 Multi-Status: some refused), and nothing is
 * counted written that Port did not say it wrote: a call refused whole, or whose answer never came after the
 * client's retries, fails each of its entities with that reason.
 */

/** Port's limit of entities in one bulk call (create-multiple-entities.json). */
export const BULK_LIMIT = 20;

export interface BulkOptions extends Omit<EntityWriteOptions, 'upsert'> {
  /** Calls in flight at once; 4 unless told. */
  concurrency?: number;
  /** Hears each call's outcome, for progress lines. */
  onBatch?: (report: { blueprint: string; size: number; written: number; failed: number; done: number; total: number }) => void;
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
  failed: EntityFailure[];
  /** Calls made to the bulk route (retries by the client not counted). */
  calls: number;
  /** Why the entities are not (all) listed on the run, when they were meant to be (it ended meanwhile). */
  unlinked?: string;
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
  // Blueprint by blueprint, in the order the file first names them: a file that lists clusters before the services
  // that relate to them gets the clusters written first. Within a blueprint, calls go concurrently.
  const stages: { blueprint: string; items: PlacedEntity[] }[][] = [];
  for (const [blueprint, list] of byBlueprint) {
    const stage: { blueprint: string; items: PlacedEntity[] }[] = [];
    for (let at = 0; at < list.length; at += BULK_LIMIT) stage.push({ blueprint, items: list.slice(at, at + BULK_LIMIT) });
    stages.push(stage);
  }

  const result: BulkResult = { created: [], updated: [], failed: [], calls: 0 };
  const { concurrency = 4, onBatch, ...write } = options;
  let batches: { blueprint: string; items: PlacedEntity[] }[] = [];
  let next = 0;
  let done = 0;
  /** One paced call; Port's refusal (or silence) is its answer, for read() to spread over the call's entities. */
  const { runId, ...unlinked } = write;
  let link = runId;
  const call = async (batch: { blueprint: string; items: PlacedEntity[] }, runId: string | undefined): Promise<BulkAnswer | ApiError> => {
    await pacer.acquire();
    result.calls++;
    try {
      return await bulkWriteEntities(port, batch.blueprint, batch.items.map(({ entity }) => ({ ...entity })), { ...unlinked, ...(runId ? { runId } : {}), upsert: true });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return error;
    } finally {
      pacer.release();
    }
  };
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const linked = link;
      let answer = await call(batch, linked);
      if (answer instanceof ApiError && isRunEnded(answer) && linked !== undefined) {
        // The run ended: this call and the rest go without the link (see run-link.ts); calls already on their way
        // with it come back refused too, and go again the same way.
        result.unlinked = unlinkedReason(linked);
        link = undefined;
        answer = await call(batch, undefined);
      }
      const before = { created: result.created.length, updated: result.updated.length, failed: result.failed.length };
      read(batch.blueprint, batch.items, answer, result);
      done += batch.items.length;
      onBatch?.({
        blueprint: batch.blueprint,
        size: batch.items.length,
        written: result.created.length - before.created + result.updated.length - before.updated,
        failed: result.failed.length - before.failed,
        done,
        total: entities.length,
      });
    }
  };
  for (const stage of stages) {
    batches = stage;
    next = 0;
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, batches.length)) }, worker));
  }
  return result;
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
  failed: EntityFailure[];
  calls: number;
} {
  const named = ({ blueprint, entity }: PlacedEntity) => ({ blueprint, identifier: entity.identifier });
  return { created: result.created.map(named), updated: result.updated.map(named), failed: result.failed, calls: result.calls };
}

/** One failed entity in a line: `service/svc-a (services.ndjson line 4) failed: 422 invalid: ...`, Port's reason kept. */
export function describeFailure(failure: EntityFailure): string {
  return `${failure.blueprint}/${failure.identifier} (${failure.source}) failed: ${failure.statusCode ?? 'no answer'} ${failure.error}: ${failure.message}`;
}

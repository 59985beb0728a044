import { STATUS_CODES } from 'node:http';
import { HttpError } from './contract.js';

/*
 * Injected faults, so a client's retry and back-off policy can be tested against the failures Port really
 * produces: rate limiting (429 with retry-after), server errors (5xx) and dropped connections. The schedule
 * is counted over API requests only and is exact (every n-th), so a test can predict which call fails.
 */

/** The statuses a fault may answer with: Port's rate limit or a server error. Anything else would not be a fault. */
export function isFaultStatus(status: number): boolean {
  return Number.isInteger(status) && (status === 429 || (status >= 500 && status <= 599));
}

export interface FaultOptions {
  /** Every n-th API request is answered with `status` (429 or 5xx) instead of being served. */
  failEvery?: { n: number; status: number };
  /** Every n-th API request has its connection reset without an answer. */
  dropEvery?: number;
  /** Every n-th API request is held for `ms` before it is served: a stalled Port or proxy. */
  stallEvery?: { n: number; ms: number };
  /**
   * Every n-th API request is served (a log is stored, a run ended) and then its connection is reset instead of
   * answered: the answer lost on the way back, so the client cannot know the request was done.
   */
  loseAnswerEvery?: number;
}

/**
 * What to do with one API request: serve it (`loseAnswer`: then reset the connection instead of answering),
 * answer with an error, or reset the connection without serving it.
 */
export type Fault = { kind: 'serve'; stallMs?: number; loseAnswer?: boolean } | { kind: 'fail'; status: number } | { kind: 'drop' };

function assertEvery(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name}: expected a whole number from 1, got ${n}`);
}

/** The fault schedule of one sandbox. */
export class FaultPlan {
  #count = 0;
  #next = { count: 0, status: 503 };
  #answersToLose = 0;

  /** Throws a RangeError for a schedule that cannot be followed (n below 1, a status that is not 429 or 5xx). */
  constructor(private readonly options: FaultOptions) {
    if (options.failEvery) {
      assertEvery('failEvery.n', options.failEvery.n);
      if (!isFaultStatus(options.failEvery.status)) {
        throw new RangeError(`failEvery.status: expected 429 or 500-599, got ${options.failEvery.status}`);
      }
    }
    if (options.dropEvery !== undefined) assertEvery('dropEvery', options.dropEvery);
    if (options.loseAnswerEvery !== undefined) assertEvery('loseAnswerEvery', options.loseAnswerEvery);
    if (options.stallEvery) {
      assertEvery('stallEvery.n', options.stallEvery.n);
      if (!Number.isFinite(options.stallEvery.ms) || options.stallEvery.ms < 0) throw new RangeError(`stallEvery.ms: expected milliseconds from 0, got ${options.stallEvery.ms}`);
    }
  }

  /** Answers the next `count` API requests with `status`, touching nothing; the periodic schedule keeps counting. */
  failNext(count: number, status: number): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`failNext: expected a count from 0, got ${count}`);
    if (!isFaultStatus(status)) throw new RangeError(`failNext: expected status 429 or 500-599, got ${status}`);
    this.#next = { count, status };
  }

  /** Serves the next `count` API requests and loses their answers (see loseAnswerEvery); the schedule keeps counting. */
  loseNextAnswers(count: number): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`loseNextAnswers: expected a count from 0, got ${count}`);
    this.#answersToLose = count;
  }

  /** Decides the fate of the next API request. A drop wins over a failure: a reset connection has no answer. */
  next(): Fault {
    this.#count += 1;
    const { dropEvery, failEvery } = this.options;
    if (dropEvery !== undefined && this.#count % dropEvery === 0) return { kind: 'drop' };
    if (this.#next.count > 0) {
      this.#next.count -= 1;
      return { kind: 'fail', status: this.#next.status };
    }
    if (failEvery && this.#count % failEvery.n === 0) return { kind: 'fail', status: failEvery.status };
    const { stallEvery, loseAnswerEvery } = this.options;
    const stallMs = stallEvery && this.#count % stallEvery.n === 0 ? stallEvery.ms : undefined;
    let loseAnswer = loseAnswerEvery !== undefined && this.#count % loseAnswerEvery === 0;
    if (this.#answersToLose > 0) {
      this.#answersToLose -= 1;
      loseAnswer = true;
    }
    return { kind: 'serve', ...(stallMs === undefined ? {} : { stallMs }), ...(loseAnswer ? { loseAnswer } : {}) };
  }
}

/**
 * The answer to a failed request, in Port's error shape. A 429 carries `retry-after: 1` and an exhausted rate
 * limit, as Port's does, so a client's back-off reads real headers; `rate` are the rate-limit headers the
 * request would have had.
 */
export function faultError(status: number, rate: Record<string, string>): HttpError {
  const error = (STATUS_CODES[status] ?? `status ${status}`).toLowerCase().replace(/[^a-z0-9]+/g, '_');
  const message = `Injected by port-ci sandbox: ${status} ${STATUS_CODES[status] ?? ''}`.trim();
  const headers: Record<string, string> = status === 429 ? { ...rate, 'retry-after': '1', 'x-ratelimit-remaining': '0' } : {};
  return new HttpError(status, error, message, headers);
}

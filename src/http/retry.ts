import type { IncomingHttpHeaders } from 'node:http';
import { UsageError } from '../core/index.js';
import type { HttpResponse } from './request.js';

/*
 * The one retry policy for HTTP calls (Port, GitHub, GitLab): network errors (a proxy's refusal included), 429
 * and 5xx are tried again with exponential backoff and full jitter, waiting at least as long as the server asks
 * (retry-after, or x-ratelimit-reset once the remaining budget is 0), until a total deadline. Every other answer
 * goes back to the caller at once.
 */

export interface RetryPolicy {
  /** Total time one call may take, retries included. */
  deadlineMs: number;
  /** The first backoff step; each retry doubles it, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** One attempt waits at most this long for an answer (a stalled connection is retried, not waited out). */
  attemptTimeoutMs: number;
  /** At most this many attempts (default: as many as the deadline allows). */
  maxAttempts?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  deadlineMs: 60_000,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  attemptTimeoutMs: 15_000,
};

export const DEADLINE_ENV = 'PORT_RETRY_DEADLINE_SECONDS';
export const ATTEMPT_TIMEOUT_ENV = 'PORT_ATTEMPT_TIMEOUT_SECONDS';

/**
 * The policy with what a job set: PORT_RETRY_DEADLINE_SECONDS (the total, default 60) and
 * PORT_ATTEMPT_TIMEOUT_SECONDS (how long one attempt may wait for an answer, default 15).
 */
export function retryPolicyFromEnv(env: NodeJS.ProcessEnv): RetryPolicy {
  const deadline = seconds(env, DEADLINE_ENV, DEFAULT_RETRY_POLICY.deadlineMs);
  const attempt = seconds(env, ATTEMPT_TIMEOUT_ENV, DEFAULT_RETRY_POLICY.attemptTimeoutMs);
  return { ...DEFAULT_RETRY_POLICY, deadlineMs: deadline, attemptTimeoutMs: attempt };
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallbackMs: number): number {
  const text = env[name]?.trim();
  if (!text) return fallbackMs;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 3600) {
    throw new UsageError(`${name}: "${text}" is not accepted; expected a number of seconds from 0.1 to 3600 (default ${fallbackMs / 1000})`);
  }
  return value * 1000;
}

/** What the policy needs of the world, so tests can run it on a fake clock. */
export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const realClock: RetryClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * How long the server asked us to wait, in ms: `retry-after` (seconds or an HTTP date), else `x-ratelimit-reset`
 * when the rate budget is spent or the answer is 429. GitHub sends that as epoch seconds; Port as the seconds left
 * in its window (docs.port.io/api-reference/rate-limits): a value below a billion (2001 as an epoch) is the latter.
 */
export function serverRequestedWait(status: number, headers: IncomingHttpHeaders, nowMs: number): number | undefined {
  const retryAfter = headers['retry-after'];
  if (typeof retryAfter === 'string' && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - nowMs);
  }
  const reset = Number(headers['x-ratelimit-reset']);
  const spent = headers['x-ratelimit-remaining'] === '0' || status === 429;
  if (spent && Number.isFinite(reset) && reset > 0) return reset < 1e9 ? reset * 1000 : Math.max(0, reset * 1000 - nowMs);
  return undefined;
}

/** Exponential backoff with full jitter: a random wait up to base * 2^attempt, capped. */
export function backoff(attempt: number, policy: RetryPolicy, random: () => number): number {
  return Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
}

/** Why the last attempt failed, for the error that ends the retries. */
export interface LastFailure {
  response?: HttpResponse;
  error?: Error;
}

export class RetriesExhausted extends Error {
  constructor(
    readonly attempts: number,
    readonly elapsedMs: number,
    readonly last: LastFailure,
  ) {
    super(`gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} in ${(elapsedMs / 1000).toFixed(1)} s`);
  }
}

/**
 * No attempt is started with less time than this: it would fail for want of time, and its timeout would hide
 * the last real answer (Port's 503 and message) from the error.
 */
const MIN_ATTEMPT_MS = 50;

/**
 * Calls `send` until it gets an answer that is not worth retrying, and returns it.
 * @param send makes one attempt; it gets the time left for that attempt.
 * @param onRetry hears of each retry before its wait (for a debug log).
 * @throws RetriesExhausted when the deadline would pass before the next attempt could have 50 ms.
 */
export async function sendWithRetries(
  send: (timeoutMs: number) => Promise<HttpResponse>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  clock: RetryClock = realClock,
  onRetry?: (attempt: number, waitMs: number, last: LastFailure) => void,
  retryable: (response: HttpResponse) => boolean = (response) => isRetryableStatus(response.status),
): Promise<HttpResponse> {
  const started = clock.now();
  for (let attempt = 0; ; attempt++) {
    const left = started + policy.deadlineMs - clock.now();
    const last: LastFailure = {};
    try {
      last.response = await send(Math.max(1, Math.min(policy.attemptTimeoutMs, left)));
      if (!retryable(last.response)) return last.response;
    } catch (error) {
      // A setting that cannot work (a proxy variable that is not a proxy URL) fails the same way every time.
      if (error instanceof UsageError) throw error;
      last.error = error instanceof Error ? error : new Error(String(error));
    }
    const asked = last.response ? serverRequestedWait(last.response.status, last.response.headers, clock.now()) : undefined;
    const wait = Math.max(asked ?? 0, backoff(attempt, policy, clock.random));
    if (attempt + 1 >= (policy.maxAttempts ?? Infinity) || clock.now() + wait + MIN_ATTEMPT_MS > started + policy.deadlineMs) {
      throw new RetriesExhausted(attempt + 1, clock.now() - started, last);
    }
    onRetry?.(attempt + 1, wait, last);
    await clock.sleep(wait);
  }
}

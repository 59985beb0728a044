import type { IncomingHttpHeaders } from 'node:http';
import type { HttpResponse } from './request.js';
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
export declare const DEFAULT_RETRY_POLICY: RetryPolicy;
export declare const DEADLINE_ENV = "PORT_RETRY_DEADLINE_SECONDS";
export declare const ATTEMPT_TIMEOUT_ENV = "PORT_ATTEMPT_TIMEOUT_SECONDS";
/**
 * The policy with what a job set: PORT_RETRY_DEADLINE_SECONDS (the total, default 60) and
 * PORT_ATTEMPT_TIMEOUT_SECONDS (how long one attempt may wait for an answer, default 15).
 */
export declare function retryPolicyFromEnv(env: NodeJS.ProcessEnv): RetryPolicy;
/** What the policy needs of the world, so tests can run it on a fake clock. */
export interface RetryClock {
    now(): number;
    sleep(ms: number): Promise<void>;
    random(): number;
}
export declare const realClock: RetryClock;
export declare function isRetryableStatus(status: number): boolean;
/**
 * How long the server asked us to wait, in ms: `retry-after` (seconds or an HTTP date), else `x-ratelimit-reset`
 * when the rate budget is spent or the answer is 429. GitHub sends that as epoch seconds; Port as the seconds left
 * in its window (docs.port.io/api-reference/rate-limits): a value below a billion (2001 as an epoch) is the latter.
 */
export declare function serverRequestedWait(status: number, headers: IncomingHttpHeaders, nowMs: number): number | undefined;
/** Exponential backoff with full jitter: a random wait up to base * 2^attempt, capped. */
export declare function backoff(attempt: number, policy: RetryPolicy, random: () => number): number;
/** Why the last attempt failed, for the error that ends the retries. */
export interface LastFailure {
    response?: HttpResponse;
    error?: Error;
}
export declare class RetriesExhausted extends Error {
    readonly attempts: number;
    readonly elapsedMs: number;
    readonly last: LastFailure;
    constructor(attempts: number, elapsedMs: number, last: LastFailure);
}
/**
 * Calls `send` until it gets an answer that is not worth retrying, and returns it.
 * @param send makes one attempt; it gets the time left for that attempt.
 * @param onRetry hears of each retry before its wait (for a debug log).
 * @throws RetriesExhausted when the deadline would pass before the next attempt could have 50 ms.
 */
export declare function sendWithRetries(send: (timeoutMs: number) => Promise<HttpResponse>, policy?: RetryPolicy, clock?: RetryClock, onRetry?: (attempt: number, waitMs: number, last: LastFailure) => void, retryable?: (response: HttpResponse) => boolean): Promise<HttpResponse>;

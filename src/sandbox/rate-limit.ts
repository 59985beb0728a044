import { HttpError } from './contract.js';

/*
 * Port's rate limit, as its API reference describes it (docs.port.io/api-reference/rate-limits): every answer
 * carries x-ratelimit-limit (requests a period allows), x-ratelimit-remaining (left in this period),
 * x-ratelimit-reset (seconds until the period resets) and x-ratelimit-period (its length in seconds); past the
 * limit Port answers 429, and the sandbox adds retry-after (the same seconds) as rate limiters do.
 *
 * Periods are fixed windows from the sandbox's start, counted over API requests (the token request too: Port
 * counts every call of an organisation). Without a limit set, the headers report a notional 1000 a minute and
 * nothing is refused: an arbitrary limit would fail tests at random; failEvery makes 429s on a schedule.
 */

export interface RateLimitOptions {
  /** Requests allowed in each period. */
  limit: number;
  /** The period, in whole seconds (Port's headers count seconds). */
  periodSeconds: number;
}

const REPORTED = { limit: 1000, periodSeconds: 60 };

export class RateLimiter {
  readonly #options: RateLimitOptions;
  readonly #enforced: boolean;
  readonly #start: number;
  #window = 0;
  #count = 0;

  /** Throws a RangeError for a limit or period below 1 or not whole. */
  constructor(options: RateLimitOptions | undefined, now = Date.now()) {
    if (options) {
      for (const [name, value] of Object.entries(options)) {
        if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`rateLimit.${name}: expected a whole number from 1, got ${value}`);
      }
    }
    this.#options = options ?? REPORTED;
    this.#enforced = options !== undefined;
    this.#start = now;
  }

  /**
   * Counts one request and answers the headers for it, and whether it is over the limit (only when one is set).
   */
  take(now = Date.now()): { headers: Record<string, string>; limited: boolean } {
    const periodMs = this.#options.periodSeconds * 1000;
    const window = Math.floor((now - this.#start) / periodMs);
    if (window !== this.#window) [this.#window, this.#count] = [window, 0];
    this.#count += 1;
    const resetSeconds = Math.max(1, Math.ceil((this.#start + (window + 1) * periodMs - now) / 1000));
    return {
      headers: {
        'x-ratelimit-limit': String(this.#options.limit),
        'x-ratelimit-remaining': String(Math.max(0, this.#options.limit - this.#count)),
        'x-ratelimit-reset': String(resetSeconds),
        'x-ratelimit-period': String(this.#options.periodSeconds),
      },
      limited: this.#enforced && this.#count > this.#options.limit,
    };
  }
}

/** Port's answer past the limit; `headers` are the ones take() gave for this request. */
export function rateLimited(headers: Record<string, string>): HttpError {
  const limit = headers['x-ratelimit-limit'];
  const period = headers['x-ratelimit-period'];
  const reset = headers['x-ratelimit-reset']!;
  return new HttpError(429, 'too_many_requests', `Rate limit exceeded: ${limit} requests every ${period} s; retry in ${reset} s`, { 'retry-after': reset });
}

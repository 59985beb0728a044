import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import { proxiedFetch } from '../http/proxied-fetch.js';
import { proxyFor } from '../http/proxy.js';
import type { GitHubRequest } from './github.js';

/** GitHub's guidance: about 80 content-creating requests a minute (PORT-FACTS.md §6), so one every 750 ms. */
export const DEFAULT_WRITE_INTERVAL_MS = 750;

export interface GitHubClientOptions {
  token: string;
  apiUrl: string;
  /** Least time between two writes (dispatches); the secondary limit's floor. */
  writeIntervalMs?: number;
  /** Hears of each wait for a rate limit, for a progress line. */
  onWait?: (kind: 'primary' | 'secondary', seconds: number) => void;
}

/**
 * Octokit with GitHub's rate limits as policy: writes spaced, a primary limit waited out until its reset, a
 * secondary limit retried after retry-after. These refusals mean the request did nothing, so repeating it
 * is safe; 5xx and lost answers are not retried for writes (the dispatch sets `retries: 0`).
 */
export function githubClient(options: GitHubClientOptions): GitHubRequest {
  // A proxy variable that is no proxy URL is a usage error now, not a "no answer" that Octokit retries later.
  proxyFor(new URL(options.apiUrl));
  // @octokit/core, not @actions/github's getOctokit: that one builds a proxy agent when it is loaded, for
  // $GITHUB_API_URL rather than the URL given, and fails to load at all when HTTPS_PROXY is not http(s)://.
  const GitHub = Octokit.plugin(throttling, retry);
  const octokit = new GitHub({
    auth: options.token,
    baseUrl: options.apiUrl,
    request: { fetch: proxiedFetch },
    throttle: {
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeIntervalMs ?? DEFAULT_WRITE_INTERVAL_MS }),
      onRateLimit: (retryAfter: number, _request: unknown, _octokit: unknown, retryCount: number) => {
        options.onWait?.('primary', retryAfter);
        return retryCount < 2;
      },
      onSecondaryRateLimit: (retryAfter: number, _request: unknown, _octokit: unknown, retryCount: number) => {
        options.onWait?.('secondary', retryAfter);
        return retryCount < 5;
      },
    },
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
  });
  return octokit.request as unknown as GitHubRequest;
}

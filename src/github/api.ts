import { sendRequest, type HttpResponse } from '../http/request.js';
import { DEFAULT_RETRY_POLICY, RetriesExhausted, isRetryableStatus, sendWithRetries, type RetryClock, type RetryPolicy, realClock } from '../http/retry.js';

/** GitHub refused or could not be reached; `status` null when no answer came. */
export class GitHubApiError extends Error {
  override name = 'GitHubApiError';
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/**
 * GitHub signals its rate limits with 403 as well as 429 (PORT-FACTS.md §6): a spent primary budget
 * (x-ratelimit-remaining 0) or a secondary limit (retry-after) is worth waiting for; other 403s are not.
 */
export function isGitHubRetryable(response: HttpResponse): boolean {
  if (isRetryableStatus(response.status)) return true;
  return response.status === 403 && (response.headers['x-ratelimit-remaining'] === '0' || response.headers['retry-after'] !== undefined);
}

export interface GitHubGetOptions {
  apiUrl: string;
  token: string;
  policy?: RetryPolicy;
  clock?: RetryClock;
}

/** GETs one GitHub REST resource as JSON, under the shared retry policy. */
export async function githubGet(path: string, options: GitHubGetOptions): Promise<unknown> {
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${options.token}`,
    'user-agent': 'port-ci',
    'x-github-api-version': '2022-11-28',
  };
  let response: HttpResponse;
  try {
    response = await sendWithRetries(
      (timeoutMs) => sendRequest('GET', `${options.apiUrl}${path}`, headers, undefined, timeoutMs),
      options.policy ?? DEFAULT_RETRY_POLICY,
      options.clock ?? realClock,
      undefined,
      isGitHubRetryable,
    );
  } catch (error) {
    if (!(error instanceof RetriesExhausted)) throw error;
    const last = error.last.response;
    throw new GitHubApiError(
      last ? `GitHub answered ${last.status} ${messageOf(last)}; ${error.message}` : `GitHub could not be reached at ${options.apiUrl} (${error.last.error?.message}); ${error.message}`,
      last?.status ?? null,
    );
  }
  if (response.status >= 400) throw new GitHubApiError(`GitHub answered ${response.status} ${messageOf(response)}`, response.status);
  try {
    return JSON.parse(response.text);
  } catch {
    throw new GitHubApiError(`GitHub answered ${response.status} with a body that is not JSON`, response.status);
  }
}

function messageOf(response: HttpResponse): string {
  try {
    const body = JSON.parse(response.text) as { message?: unknown };
    return typeof body.message === 'string' ? `"${body.message}"` : '';
  } catch {
    return '';
  }
}

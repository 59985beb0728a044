import { isObject, type SecretMasker } from '../core/index.js';
import { failureSummary, listPipelineJobs, readPipelineStatus } from '../backends/gitlab.js';
import { successfulConclusions } from '../backends/github.js';
import { sendRequest, type HttpResponse } from '../http/request.js';
import { RetriesExhausted, isRetryableStatus, sendWithRetries, serverRequestedWait, type RetryPolicy } from '../http/retry.js';
import type { RunLogEntry } from '../port/client.js';
import { ApiError } from '../port/errors.js';
import type { MappedRequest, Mapping, ResponseView } from './mapping.js';

/*
 * What `--follow` follows, found in a backend's answer, written to the run's log, found again there after a restart,
 * and read until it ends:
 * - a GitLab pipeline: a trigger's 201 answer ({id, web_url}), read with a token that may read pipelines;
 * - a GitHub workflow run: a workflow dispatch's 200 answer with `return_run_details` ({workflow_run_id, html_url}),
 *   read with the dispatch's own Authorization header;
 * - a webhook's status URL: a 202 Accepted answer with a Location header (the asynchronous request-reply pattern),
 *   read until it answers something other than 202.
 * What carries a credential is never written: after a restart the target is rebuilt from the log line (ids, a URL)
 * and from the request the redelivered record maps to again (its URL, its headers), so a line in Port's log can name
 * only a pipeline or run of the same project or repository, on the same host, as the request the mapping makes.
 */

/** The first words of the line that says what is followed, by which a later delivery finds it. */
export const FOLLOW_MARK = 'port-ci agent: following ';
/** The first words of the line that says the agent let go of it (the limit, or it cannot be read). */
export const LET_GO_MARK = 'port-ci agent: stopped following ';

export type FollowTarget =
  | {
      kind: 'gitlab';
      /** GitLab's URL without a trailing slash, a path prefix kept: what the trigger was sent to. */
      host: string;
      /** The project as the trigger URL names it: its full path or numeric id. */
      project: string;
      pipelineId: string;
      webUrl?: string;
    }
  | { kind: 'github'; runUrl: string; repo: string; runId: string; htmlUrl?: string; headers: Record<string, string> }
  | { kind: 'status-url'; url: string; headers: Record<string, string> };

/** What one look at the target saw. */
export type Observation =
  | { state: 'running'; label: string; waitMs?: number }
  | { state: 'ended'; status: 'SUCCESS' | 'FAILURE'; summary: string; label: string }
  /** `permanent`: the same look would fail again (a token that may not read it); else a fault that may pass. */
  | { state: 'unreadable'; reason: string; permanent: boolean };

export interface TargetReader {
  read(): Promise<Observation>;
}

/** Query parameters that carry a credential in status URLs (Azure Functions' `code`, signed URLs' `sig`). */
const SECRET_PARAMETER = /token|secret|password|passwd|authorization|api[-_]?key|signature|^sig$|^code$|^key$/i;
/** Headers of the request that are about its body or its signature, not about who asks. */
const BODY_HEADER = /^(content-type|content-length|x-port-signature|x-port-timestamp)$/i;

/** The GitLab trigger a request makes: where GitLab is and which project, or undefined. */
function gitlabTrigger(request: MappedRequest): { host: string; project: string } | undefined {
  const url = new URL(request.url);
  const match = /^(.*?)\/api\/v4\/projects\/([^/]+)\/trigger\/pipeline\/?$/.exec(url.pathname);
  if (!match) return undefined;
  let project: string;
  try {
    project = decodeURIComponent(match[2]!);
  } catch {
    return undefined;
  }
  return { host: `${url.origin}${match[1]}`, project };
}

/** The GitHub workflow dispatch a request makes: the API's prefix (GHES has /api/v3) and the repository. */
function githubDispatch(request: MappedRequest): { api: string; repo: string } | undefined {
  const url = new URL(request.url);
  const match = /^(.*?)\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/[^/]+\/dispatches\/?$/.exec(url.pathname);
  if (!match) return undefined;
  try {
    return { api: `${url.origin}${match[1]}`, repo: `${decodeURIComponent(match[2]!)}/${decodeURIComponent(match[3]!)}` };
  } catch {
    return undefined;
  }
}

/** What a read of GitHub's run sends: the dispatch's own credentials and API version, nothing about its body. */
function githubHeaders(request: MappedRequest): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/vnd.github+json', 'user-agent': 'port-ci-agent' };
  for (const [name, value] of Object.entries(request.headers)) if (/^(authorization|x-github-api-version|user-agent)$/i.test(name)) headers[name.toLowerCase()] = value;
  return headers;
}

/**
 * A status URL is read with the request's headers (its credentials) only on the request's own origin, as a
 * browser drops Authorization on a redirect to another origin: a Location elsewhere is read without them.
 */
function statusHeaders(request: MappedRequest, url: URL): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (url.origin !== new URL(request.url).origin) return headers;
  for (const [name, value] of Object.entries(request.headers)) if (!BODY_HEADER.test(name)) headers[name.toLowerCase()] = value;
  return headers;
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string' && /^\d{1,19}$/.test(value)) return value;
  return undefined;
}

/**
 * What the backend's answer started that can be followed, or why there is nothing (for the run's log), or
 * undefined when the answer is not of a kind that is followed. Secrets in a status URL's query are given to the
 * masker, so the line that names it shows none.
 */
export function targetFromAnswer(request: MappedRequest, response: ResponseView, masker: SecretMasker): FollowTarget | { nothing: string } | undefined {
  const json = isObject(response.json) ? response.json : {};
  const ok = response.statusCode >= 200 && response.statusCode < 300;
  const gitlab = gitlabTrigger(request);
  if (gitlab) {
    const pipelineId = idOf(json.id);
    if (!ok) return undefined;
    if (!pipelineId) return { nothing: 'GitLab\'s answer names no pipeline id' };
    return { kind: 'gitlab', ...gitlab, pipelineId, ...(typeof json.web_url === 'string' ? { webUrl: json.web_url } : {}) };
  }
  const github = githubDispatch(request);
  if (github) {
    if (!ok) return undefined;
    const runId = idOf(json.workflow_run_id);
    if (!runId) return { nothing: `GitHub answered ${response.statusCode} without the run's details: send "return_run_details": true in the dispatch's body` };
    return {
      kind: 'github',
      runUrl: `${github.api}/repos/${github.repo}/actions/runs/${runId}`,
      repo: github.repo,
      runId,
      ...(typeof json.html_url === 'string' ? { htmlUrl: json.html_url } : {}),
      headers: githubHeaders(request),
    };
  }
  const location = response.headers.location;
  if (response.statusCode !== 202 || !location) return undefined;
  let url: URL;
  try {
    url = new URL(location, request.url);
  } catch {
    return { nothing: 'the 202 answer\'s Location is not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { nothing: `the 202 answer's Location is a ${url.protocol} URL, not http(s)` };
  for (const [name, value] of url.searchParams) if (SECRET_PARAMETER.test(name) && value !== '') masker.add(value);
  return { kind: 'status-url', url: url.href, headers: statusHeaders(request, url) };
}

/** The target in words, as every line about it names it. */
export function describeTarget(target: FollowTarget): string {
  if (target.kind === 'gitlab') return `GitLab pipeline ${target.pipelineId} of ${target.project}`;
  if (target.kind === 'github') return `GitHub workflow run ${target.runId} of ${target.repo}`;
  return `the status URL ${target.url}`;
}

/** "30 ms", "10 s", "6 min", "2.5 h": for lines people read. */
export function duration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 6_000) / 10} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}

/** The line that begins a follow: what is followed (never a credential), and how. */
export function followLine(target: FollowTarget, pollMs: number, limitMs: number): string {
  const where = target.kind === 'gitlab' ? target.webUrl : target.kind === 'github' ? target.htmlUrl : undefined;
  const until = target.kind === 'status-url' ? 'until it answers other than 202 Accepted' : 'until it ends';
  return `${FOLLOW_MARK}${describeTarget(target)}${where ? ` (${where})` : ''} ${until}, looking every ${duration(pollMs)} for at most ${duration(limitMs)}`;
}

/**
 * The follow an earlier delivery began, from the run's log and the request the record maps to again: its target
 * and when it began (Port's time of the line, from which the limit counts); `{ cannot }` when the log shows one that
 * cannot be taken up (let go of, or its line no longer matches the request); undefined when the log shows none.
 */
export function findFollow(logs: readonly RunLogEntry[], request: MappedRequest): { target: FollowTarget; startedAt: number } | { cannot: string } | undefined {
  let index = logs.length - 1;
  while (index >= 0 && !logs[index]!.message.startsWith(FOLLOW_MARK)) index--;
  if (index < 0) return undefined;
  const line = logs[index]!;
  const letGo = logs.slice(index + 1).find((log) => log.message.startsWith(LET_GO_MARK));
  if (letGo) return { cannot: 'an earlier delivery let go of it (see the run\'s log)' };
  const startedAt = Date.parse(line.createdAt);
  const target = parseFollowLine(line.message, request);
  if (typeof target === 'string') return { cannot: target };
  return { target, startedAt: Number.isFinite(startedAt) ? startedAt : Date.now() };
}

/** The target a follow line names, checked against the request; or why it cannot be followed. */
function parseFollowLine(message: string, request: MappedRequest): FollowTarget | string {
  const rest = message.slice(FOLLOW_MARK.length);
  let match: RegExpExecArray | null;
  if ((match = /^GitLab pipeline (\d+) of (\S+)(?: \((\S+)\))? /.exec(rest))) {
    const trigger = gitlabTrigger(request);
    if (!trigger || trigger.project !== match[2]) return `the log's GitLab pipeline is of ${match[2]}, which is not the project this record triggers`;
    return { kind: 'gitlab', ...trigger, pipelineId: match[1]!, ...(match[3] ? { webUrl: match[3] } : {}) };
  }
  if ((match = /^GitHub workflow run (\d+) of (\S+)(?: \((\S+)\))? /.exec(rest))) {
    const dispatch = githubDispatch(request);
    if (!dispatch || dispatch.repo !== match[2]) return `the log's GitHub workflow run is of ${match[2]}, which is not the repository this record dispatches to`;
    const runId = match[1]!;
    return { kind: 'github', runUrl: `${dispatch.api}/repos/${dispatch.repo}/actions/runs/${runId}`, repo: dispatch.repo, runId, ...(match[3] ? { htmlUrl: match[3] } : {}), headers: githubHeaders(request) };
  }
  if ((match = /^the status URL (\S+) /.exec(rest))) {
    // A credential in its query was masked when the line was written: that URL cannot be read again.
    if (match[1]!.includes('***')) return 'the status URL carries a credential in its query, which the log does not keep';
    let url: URL;
    try {
      url = new URL(match[1]!);
    } catch {
      return `the log's status URL "${match[1]}" is not a URL`;
    }
    return { kind: 'status-url', url: url.href, headers: statusHeaders(request, url) };
  }
  return 'the log\'s follow line is not one this agent writes';
}

/** Whether a mapping may trigger GitLab pipelines, which only a read token lets the agent follow. */
export function mappingTriggersGitLab(mapping: Mapping): boolean {
  return mapping.entries.some(
    (entry) => (typeof entry.url === 'string' && entry.url.includes('trigger/pipeline')) || (typeof entry.enabled === 'string' && entry.enabled.includes('"GITLAB"')),
  );
}

export interface ReaderContext {
  gitlabToken?: string;
  policy: RetryPolicy;
}

/** A reader for the target; it remembers what it saw, to look up a pipeline's stage only when its status changes. */
export function openReader(target: FollowTarget, context: ReaderContext): TargetReader {
  if (target.kind === 'gitlab') return gitlabReader(target, context);
  if (target.kind === 'github') return githubReader(target, context);
  return statusUrlReader(target, context);
}

/** A refusal that the same look would meet again: no use trying until the limit. */
function unreadable(error: unknown): Observation {
  const reason = error instanceof Error ? error.message : String(error);
  const status = error instanceof ApiError ? error.status : null;
  return { state: 'unreadable', reason, permanent: status !== null && status >= 400 && status < 500 && status !== 429 };
}

function gitlabReader(target: Extract<FollowTarget, { kind: 'gitlab' }>, context: ReaderContext): TargetReader {
  const name = `GitLab pipeline ${target.pipelineId}`;
  let lastStatus = '';
  let label = '';
  return {
    async read() {
      if (!context.gitlabToken) return { state: 'unreadable', permanent: true, reason: 'no token that can read GitLab pipelines: set PORT_GITLAB_TOKEN (read_api)' };
      const ref = { host: target.host, project: target.project, pipelineId: target.pipelineId, token: context.gitlabToken, env: {}, policy: context.policy };
      let status: string;
      try {
        status = await readPipelineStatus(ref);
      } catch (error) {
        return unreadable(error);
      }
      if (status === 'success') return { state: 'ended', status: 'SUCCESS', summary: `${name} succeeded`, label: `${name} ended: success` };
      if (status === 'canceled') return { state: 'ended', status: 'FAILURE', summary: `${name} was canceled`, label: `${name} ended: canceled` };
      if (status === 'skipped') return { state: 'ended', status: 'FAILURE', summary: `${name} was skipped`, label: `${name} ended: skipped` };
      if (status === 'failed') {
        const summary = await listPipelineJobs({ ...ref, scope: ['failed'] }).then(
          (jobs) => failureSummary(jobs, name),
          (error: unknown) => `${name} failed (its failed jobs could not be listed: ${(error as Error).message})`,
        );
        return { state: 'ended', status: 'FAILURE', summary, label: `${name} ended: failed` };
      }
      if (status !== lastStatus) {
        lastStatus = status;
        label = `${name} is ${status.replace(/_/g, ' ')}`;
        // One more read only when the status changes, to say where a running pipeline is.
        if (status === 'running') {
          const jobs = await listPipelineJobs({ ...ref, scope: ['running'] }).catch(() => []);
          const stages = [...new Set(jobs.map((job) => job.stage))];
          if (stages.length > 0) label += ` (stage${stages.length > 1 ? 's' : ''} ${stages.join(', ')}: ${jobs.map((job) => job.name).join(', ')})`;
        }
      }
      return { state: 'running', label };
    },
  };
}

/** GitHub's limits answer 403 too, with the budget spent or a retry-after: those are waited out, not given up on. */
function githubRetryable(response: HttpResponse): boolean {
  if (isRetryableStatus(response.status)) return true;
  return response.status === 403 && (response.headers['x-ratelimit-remaining'] === '0' || response.headers['retry-after'] !== undefined);
}

async function getJson(url: string, headers: Record<string, string>, policy: RetryPolicy, what: string, retryable?: (response: HttpResponse) => boolean): Promise<HttpResponse> {
  try {
    return await sendWithRetries((timeoutMs) => sendRequest('GET', url, headers, undefined, timeoutMs), policy, undefined, undefined, retryable);
  } catch (error) {
    if (!(error instanceof RetriesExhausted)) throw error;
    const last = error.last.response;
    throw new ApiError(`Could not ${what}: ${last ? `it answered ${last.status}` : `it could not be reached (${error.last.error?.message})`}; ${error.message}`, null);
  }
}

function githubReader(target: Extract<FollowTarget, { kind: 'github' }>, context: ReaderContext): TargetReader {
  const name = `GitHub workflow run ${target.runId}`;
  return {
    async read() {
      let run: { status?: unknown; conclusion?: unknown; run_attempt?: unknown };
      try {
        const response = await getJson(target.runUrl, target.headers, context.policy, `read ${name}`, githubRetryable);
        if (response.status !== 200) throw new ApiError(`Could not read ${name}: GitHub answered ${response.status} ${response.text.slice(0, 200)}`.trim(), response.status);
        run = JSON.parse(response.text) as typeof run;
      } catch (error) {
        return unreadable(error);
      }
      const status = String(run.status);
      if (status !== 'completed') return { state: 'running', label: `${name} is ${status.replace(/_/g, ' ')}` };
      const conclusion = String(run.conclusion);
      const successes = successfulConclusions('v2');
      if (successes.includes(conclusion)) return { state: 'ended', status: 'SUCCESS', summary: conclusion === 'success' ? `${name} succeeded` : `${name} concluded ${conclusion}`, label: `${name} ended: ${conclusion}` };
      const attempt = idOf(run.run_attempt) ?? '1';
      const failed = await getJson(`${target.runUrl}/attempts/${attempt}/jobs?per_page=100`, target.headers, context.policy, `list the jobs of ${name}`, githubRetryable).then(
        (response) => {
          if (response.status !== 200) return undefined;
          const jobs = (JSON.parse(response.text) as { jobs?: Array<{ name?: unknown; conclusion?: unknown }> }).jobs ?? [];
          return jobs.filter((job) => typeof job.conclusion === 'string' && !successes.includes(job.conclusion)).map((job) => String(job.name));
        },
        () => undefined,
      );
      const jobs = failed && failed.length > 0 ? ` (failed job${failed.length > 1 ? 's' : ''}: ${failed.join(', ')})` : '';
      return { state: 'ended', status: 'FAILURE', summary: `${name} concluded ${conclusion}${jobs}`, label: `${name} ended: ${conclusion}` };
    },
  };
}

/** The answer in one line for a summary: its `summary` or `message` when it is JSON that has one, else its text. */
function answerText(response: HttpResponse): string {
  let text = response.text;
  try {
    const json = JSON.parse(text) as unknown;
    if (isObject(json)) text = typeof json.summary === 'string' ? json.summary : typeof json.message === 'string' ? json.message : text;
  } catch {
    // not JSON: its text as it is
  }
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 500 ? `${line.slice(0, 497)}...` : line;
}

function statusUrlReader(target: Extract<FollowTarget, { kind: 'status-url' }>, context: ReaderContext): TargetReader {
  const shown = `${new URL(target.url).origin}${new URL(target.url).pathname}`;
  return {
    async read() {
      let response: HttpResponse;
      try {
        response = await getJson(target.url, target.headers, context.policy, `read the status URL ${shown}`);
      } catch (error) {
        return unreadable(error);
      }
      const status = response.status;
      const said = answerText(response);
      const answered = `The status URL answered HTTP ${status}${said ? `: ${said}` : ''}`;
      if (status === 202) {
        // The pattern's server may say when to come back; between 1 s and 10 min of it is heeded.
        const asked = serverRequestedWait(status, response.headers, Date.now());
        return { state: 'running', label: `the status URL still answers 202 Accepted${said ? ` (${said})` : ''}`, ...(asked === undefined ? {} : { waitMs: Math.min(600_000, Math.max(1_000, asked)) }) };
      }
      if (status >= 200 && status < 300) return { state: 'ended', status: 'SUCCESS', summary: answered, label: `the status URL answered ${status}` };
      // In the pattern a redirect from the status URL says the work is done and where its result is.
      if (status >= 300 && status < 400 && response.headers.location) {
        return { state: 'ended', status: 'SUCCESS', summary: `The status URL answered HTTP ${status}: done, the result is at ${new URL(response.headers.location, target.url).href}`, label: `the status URL answered ${status}` };
      }
      return { state: 'ended', status: 'FAILURE', summary: answered, label: `the status URL answered ${status}` };
    },
  };
}

import { randomUUID } from 'node:crypto';
import { STATUS_CODES, createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parse as parseYaml } from 'yaml';

/*
 * A local GitHub REST API for whole-process tests (PORT-FACTS.md §6). It serves only the calls port-ci makes, but it
 * refuses what GitHub refuses, with GitHub's statuses, bodies and headers, so a client that passes here has met the
 * contract rather than a stub that always says yes. Where GitHub's exact wording is not published the message is
 * marked "wording unverified": match those on status and a key phrase, not the whole text.
 */

const DOCS = 'https://docs.github.com/rest';
const DISPATCH_DOCS = `${DOCS}/actions/workflows#create-a-workflow-dispatch-event`;
const RATE_DOCS = `${DOCS}/using-the-rest-api/rate-limits-for-the-rest-api`;
const HTML_BASE = 'https://github.com';
const MAX_INPUTS = 25;
const MAX_INPUTS_CHARS = 65_535;
/** 2026-03-10 also makes every dispatch answer 200 with the run; GHES (up to 3.20) knows only the first. */
const VERSIONS = ['2022-11-28', '2026-03-10'];
const RUN_DETAILS_VERSION = '2026-03-10';
const JOB_STATUSES = ['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending'] as const;
const CONCLUSIONS = ['success', 'failure', 'neutral', 'cancelled', 'skipped', 'timed_out', 'action_required'] as const;
const DEFAULT_LIFECYCLE: RunLifecycle = { queuedMs: 50, runningMs: 100, conclusion: 'success' };
// Real run and job ids are past 2^32: a client that squeezes them into 32-bit integers fails here too.
const FIRST_RUN_ID = 30_000_000_001;
const FIRST_JOB_ID = 80_000_000_001;

export type JobStatus = (typeof JOB_STATUSES)[number];
export type Conclusion = (typeof CONCLUSIONS)[number];
export interface RunLifecycle { queuedMs: number; runningMs: number; conclusion: Conclusion }
export interface WorkflowConfig {
  /** The declared workflow_dispatch inputs; any other input is refused, as GitHub does. */
  inputs?: Record<string, { required?: boolean }>;
  /** The workflow's `name:`; default the file name without its extension. */
  name?: string;
  /** The workflow's `run-name:`, shown as display_title (how a GHES fallback can correlate); default the name. */
  runName?: (inputs: Record<string, string>) => string;
  /** Overrides the server's runLifecycle for this workflow's runs. */
  runLifecycle?: Partial<RunLifecycle>;
}
export interface RepoConfig { defaultBranch: string; refs?: string[]; workflows?: Record<string, WorkflowConfig> }
export interface GitHubApiOptions {
  token: string;
  /** 'write' (default) may dispatch and read; 'read' may read runs and jobs; 'none' is refused both with 403. */
  tokenPermissions?: { actions?: 'write' | 'read' | 'none' };
  /** By full name (`owner/repo`, matched case-insensitively as GitHub does); unknown repositories are 404. */
  repos?: Record<string, RepoConfig>;
  /** GitHub Enterprise Server up to 3.20: return_run_details and API version 2026-03-10 are refused with 400. */
  ghes?: boolean;
  /** Delay before every answer. */
  latencyMs?: number;
  /** Primary limit state; default 5000 of 5000, reset after resetInSeconds (default 3600), then refilled. */
  primaryLimit?: { limit: number; remaining: number; resetInSeconds?: number };
  /** More than maxWrites content-creating requests within windowMs are refused with 403 and retry-after. */
  secondaryLimit?: { maxWrites: number; windowMs?: number; retryAfterSeconds?: number };
  runLifecycle?: Partial<RunLifecycle>;
}
/** `body` is the parsed JSON, the raw text when not JSON, undefined when empty. */
export interface RecordedRequest { method: string; path: string; query: Record<string, string>; headers: IncomingHttpHeaders; body: unknown; status: number }
/** An accepted dispatch; refused ones are only in `requests`. */
export interface RecordedDispatch { repo: string; workflow: string; ref: string; inputs: Record<string, string>; runId: number; at: string }
/** A run as stored; the API shows it without repo, workflow and inputs, and with path and URLs added. */
export interface WorkflowRun {
  id: number; repo: string; workflow: string; inputs: Record<string, string>; name: string; display_title: string; event: string; head_branch: string;
  status: 'queued' | 'in_progress' | 'completed'; conclusion: Conclusion | null; run_attempt: number; created_at: string; updated_at: string; run_started_at: string;
}
export interface StepInput { name: string; status?: JobStatus; conclusion?: Conclusion | null; started_at?: string | null; completed_at?: string | null }
export interface JobInput extends Omit<StepInput, 'started_at'> { id?: number; runner_name?: string | null; started_at?: string; labels?: string[]; steps?: StepInput[] }
export interface GitHubApi {
  /** Base URL, e.g. http://127.0.0.1:41234: the client's GitHub API URL (GITHUB_API_URL). */
  url: string;
  close(): Promise<void>;
  requests: RecordedRequest[];
  dispatches: RecordedDispatch[];
  /** Runs by id; tests may edit a record (a timer only moves a run on from the state it set). */
  runs: Map<number, WorkflowRun>;
  /**
   * Sets the jobs served for a run attempt. Missing fields get coherent defaults (completed/success, a runner, steps
   * numbered from 1). Jobs of a run not in `runs` are served under any configured repository. Throws a RangeError for
   * a status that contradicts its conclusion (completed needs one; the others have none).
   */
  setJobs(runId: number, attempt: number, jobs: JobInput[]): void;
  /**
   * Adds one job to a run attempt, or replaces the job with the same id in place, leaving the others as they are:
   * how a runner reporting jobs as they happen (test/support/act.ts) keeps the API live. Defaults and the RangeError
   * as for setJobs. Returns the job's id (a new one when `job.id` is not given).
   */
  upsertJob(runId: number, attempt: number, job: JobInput): number;
  /**
   * Creates an in_progress run that something outside the server plays (no queued/running timers): a workflow run
   * started by hand in act, whose jobs come through upsertJob. Throws a RangeError for a repository not configured.
   */
  createRun(run: { repo: string; workflow: string; inputs?: Record<string, string>; event?: string; headBranch?: string }): WorkflowRun;
  /** Answers the next `count` requests with `status` (default 503) before anything else is checked. */
  failNext(count: number, status?: number): void;
}

class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}, readonly docs = DOCS) {
    super(message);
  }
}
type Answer = { status: number; body?: unknown; headers?: Record<string, string> };
type Stored<T> = Required<Omit<T, 'steps'>>;
type StoredJob = Stored<JobInput> & { steps: (Stored<StepInput> & { number: number })[] };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** created_at has whole seconds on GitHub; keeping that shows a client whose `created>=` filter uses milliseconds. */
const isoSeconds = (ms = Date.now()) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const refuse = (status: number, message: string) => new ApiError(status, message, {}, DISPATCH_DOCS);
const invalid = (detail: string) => refuse(422, `Invalid request.\n\n${detail}`);

/** A job's or step's outcome: completed has a conclusion (default success), every other status has none. */
function outcome(what: string, status: JobStatus, given: Conclusion | null | undefined): [JobStatus, Conclusion | null] {
  const conclusion = given !== undefined ? given : status === 'completed' ? 'success' : null;
  if (!JOB_STATUSES.includes(status) || (conclusion !== null && !CONCLUSIONS.includes(conclusion)) || (status === 'completed') !== (conclusion !== null)) {
    throw new RangeError(`${what}: status ${status} with conclusion ${conclusion}`);
  }
  return [status, conclusion];
}

/** A job as given to setJobs, with coherent defaults for what it leaves out. */
function normaliseJob(job: JobInput, id: number, now: string): StoredJob {
  const [status, conclusion] = outcome(`job '${job.name}'`, job.status ?? 'completed', job.conclusion);
  const steps = (job.steps ?? []).map((step, index) => {
    const [stepStatus, stepConclusion] = outcome(`job '${job.name}' step '${step.name}'`, step.status ?? status, step.conclusion);
    const started = stepStatus === 'completed' || stepStatus === 'in_progress' ? now : null;
    const completed = stepStatus === 'completed' ? now : null;
    return { name: step.name, status: stepStatus, conclusion: stepConclusion, number: index + 1, started_at: step.started_at ?? started, completed_at: step.completed_at ?? completed };
  });
  const waiting = status !== 'in_progress' && status !== 'completed';
  return {
    id, name: job.name, status, conclusion, started_at: job.started_at ?? now, completed_at: job.completed_at ?? (status === 'completed' ? now : null),
    runner_name: job.runner_name !== undefined ? job.runner_name : waiting ? null : 'GitHub Actions 1', labels: job.labels ?? ['ubuntu-latest'], steps,
  };
}

/** GitHub's `created` qualifier: >=, >, <=, < or a..b; a bare date means that day. */
function createdFilter(query: string | null): (createdAt: string) => boolean {
  if (!query) return () => true;
  const time = (text: string) => {
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) throw new ApiError(422, `Invalid value for created: ${query}`); // wording unverified
    return ms;
  };
  // The given instant is compared to the millisecond, while created_at has whole seconds: a client that passes
  // here works whether or not GitHub rounds the filter too.
  const range = /^(.+?)\.\.(.+)$/.exec(query);
  const [, op = '', value = ''] = /^(>=|<=|>|<)?(.*)$/.exec(query)!;
  const at = range ? 0 : time(value);
  const bounds: Record<string, [number, number]> = {
    '>=': [at, Infinity], '>': [at + 1, Infinity], '<=': [-Infinity, at], '<': [-Infinity, at - 1], '': [at, at + (/^\d{4}-\d\d-\d\d$/.test(value) ? 86_399_999 : 999)],
  };
  const [low, high] = range ? [time(range[1]!), time(range[2]!)] : bounds[op]!;
  return (createdAt) => Date.parse(createdAt) >= low && Date.parse(createdAt) <= high;
}

function parseBody(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return text; // recorded as sent; the dispatch route refuses it with 400 Problems parsing JSON, as GitHub does
  }
}

/** per_page 1..100 (default 30, larger values capped as GitHub does) and a Link header with GitHub's rels. */
function paginate<T>(items: T[], url: URL, base: string): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number.parseInt(url.searchParams.get('per_page') ?? '', 10) || 30));
  const page = Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '', 10) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string) => {
    const target = new URL(url.pathname + url.search, base);
    target.searchParams.set('page', String(n));
    return `<${target.href}>; rel="${rel}"`;
  };
  const rels = [page > 1 && link(Math.min(page - 1, last), 'prev'), page < last && link(page + 1, 'next'), page < last && link(last, 'last'), page > 1 && link(1, 'first')];
  const value = rels.filter(Boolean).join(', ');
  return { page: items.slice((page - 1) * perPage, page * perPage), headers: value ? { link: value } : {} };
}

/**
 * A workflow as GitHub knows it from its file: the `on.workflow_dispatch.inputs` it declares (with their
 * `required` flags) and its `name:`, so a test's dispatch meets the workflow a repository really holds.
 * Throws a RangeError naming the file when it has no workflow_dispatch trigger.
 */
export function workflowFromFile(file: string): WorkflowConfig {
  // YAML 1.2 (the yaml package's default) keeps the key `on` a string, as GitHub reads it.
  const workflow = parseYaml(readFileSync(file, 'utf8')) as { name?: unknown; on?: unknown } | null;
  const on = workflow?.on;
  const dispatch = typeof on === 'string' ? (on === 'workflow_dispatch' ? {} : undefined) : Array.isArray(on) ? (on.includes('workflow_dispatch') ? {} : undefined) : isObject(on) && 'workflow_dispatch' in on ? (on.workflow_dispatch ?? {}) : undefined;
  if (dispatch === undefined) throw new RangeError(`workflowFromFile: ${file} has no on.workflow_dispatch trigger`);
  const declared = isObject(dispatch) && isObject(dispatch.inputs) ? dispatch.inputs : {};
  const inputs = Object.fromEntries(Object.entries(declared).map(([name, spec]) => [name, { required: isObject(spec) && spec.required === true }]));
  return { inputs, ...(typeof workflow?.name === 'string' ? { name: workflow.name } : {}) };
}

/** Starts the server on 127.0.0.1 and a free port. Throws a RangeError for an empty token. */
export async function startGitHubApi(options: GitHubApiOptions): Promise<GitHubApi> {
  if (!options.token) throw new RangeError('startGitHubApi: a token is required');
  const actions = options.tokenPermissions?.actions ?? 'write';
  const repos = new Map(Object.entries(options.repos ?? {}).map(([name, config]) => [name.toLowerCase(), { name, ...config }]));
  const requests: RecordedRequest[] = [];
  const dispatches: RecordedDispatch[] = [];
  const runs = new Map<number, WorkflowRun>();
  const jobs = new Map<string, StoredJob[]>();
  const timers = new Set<NodeJS.Timeout>();
  const writes: number[] = [];
  let [nextRun, nextJob, pending] = [FIRST_RUN_ID, FIRST_JOB_ID, { count: 0, status: 503 }];
  const resetMs = (options.primaryLimit?.resetInSeconds ?? 3600) * 1000;
  const primary = { limit: options.primaryLimit?.limit ?? 5000, remaining: options.primaryLimit?.remaining ?? 5000, resetAt: Date.now() + resetMs };
  let base = '';

  function later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => (timers.delete(timer), fn()), ms);
    timers.add(timer);
  }

  const rateHeaders = (): Record<string, string> => ({
    'x-ratelimit-limit': String(primary.limit), 'x-ratelimit-remaining': String(primary.remaining), 'x-ratelimit-reset': String(Math.ceil(primary.resetAt / 1000)),
    'x-ratelimit-used': String(primary.limit - primary.remaining), 'x-ratelimit-resource': 'core',
  });

  /** Authentication, limits and the API version apply to every request, in the order GitHub applies them. */
  function admit(method: string, headers: IncomingHttpHeaders): void {
    const given = /^(?:bearer|token) +(\S+)$/i.exec(headers.authorization ?? '')?.[1];
    // Bad credentials for a wrong token; GitHub says 'Requires authentication' when there is none at all.
    if (given !== options.token) throw new ApiError(401, given === undefined ? 'Requires authentication' : 'Bad credentials');
    const now = Date.now();
    if (now >= primary.resetAt) Object.assign(primary, { remaining: primary.limit, resetAt: now + resetMs });
    if (primary.remaining <= 0) throw new ApiError(403, 'API rate limit exceeded for user ID 1.', {}, RATE_DOCS);
    primary.remaining -= 1;
    const secondary = options.secondaryLimit;
    if (secondary && method !== 'GET') {
      const windowMs = secondary.windowMs ?? 60_000;
      while (writes.length > 0 && writes[0]! <= now - windowMs) writes.shift();
      if (writes.length >= secondary.maxWrites) {
        const retryAfter = secondary.retryAfterSeconds ?? Math.max(1, Math.ceil((writes[0]! + windowMs - now) / 1000));
        const message = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
        throw new ApiError(403, message, { 'retry-after': String(retryAfter) }, RATE_DOCS);
      }
      writes.push(now);
    }
    const version = headers['x-github-api-version'];
    if (typeof version === 'string' && !(options.ghes ? VERSIONS.slice(0, 1) : VERSIONS).includes(version)) {
      throw new ApiError(400, `Unsupported 'X-GitHub-Api-Version' header: ${version}.`); // wording unverified
    }
  }

  function runView(run: WorkflowRun): Record<string, unknown> {
    const url = `${base}/repos/${run.repo}/actions/runs/${run.id}`;
    const { inputs: _inputs, repo: _repo, workflow, ...fields } = run;
    return { ...fields, path: `.github/workflows/${workflow}`, url, html_url: `${HTML_BASE}/${run.repo}/actions/runs/${run.id}`, jobs_url: `${url}/jobs` };
  }

  function jobView(job: StoredJob, runId: number, attempt: number, repo: string): Record<string, unknown> {
    const run = runs.get(runId);
    const url = `${base}/repos/${repo}/actions/jobs/${job.id}`;
    return {
      ...job, run_id: runId, run_attempt: attempt, run_url: `${base}/repos/${repo}/actions/runs/${runId}`, url, html_url: `${HTML_BASE}/${repo}/actions/runs/${runId}/job/${job.id}`,
      created_at: job.started_at, head_branch: run?.head_branch ?? null, workflow_name: run?.name ?? null, runner_id: job.runner_name === null ? null : 1,
    };
  }

  function findRun(repo: string, id: string): WorkflowRun {
    const run = runs.get(Number(id));
    if (!run || run.repo !== repo) throw new ApiError(404, 'Not Found');
    return run;
  }

  function dispatch(repo: RepoConfig & { name: string }, workflowKey: string, body: unknown, headers: IncomingHttpHeaders): Answer {
    const workflow = repo.workflows?.[workflowKey];
    if (!workflow) throw refuse(404, 'Not Found');
    if (actions !== 'write') throw refuse(403, 'Resource not accessible by integration');
    if (!isObject(body)) throw refuse(400, 'Problems parsing JSON');
    for (const key of Object.keys(body)) {
      // GHES up to 3.20 predates the field: it is refused there whatever its value (wording unverified).
      if (key === 'return_run_details' && options.ghes) throw refuse(400, `Invalid request.\n\n"${key}" is not a permitted key.`);
      if (!['ref', 'inputs', 'return_run_details'].includes(key)) throw invalid(`"${key}" is not a permitted key.`);
    }
    const { ref, inputs = {}, return_run_details: details } = body;
    if (ref === undefined) throw invalid(`"ref" wasn't supplied.`);
    if (typeof ref !== 'string') throw invalid(`For 'properties/ref', ${JSON.stringify(ref)} is not a string.`);
    if (!isObject(inputs)) throw invalid(`For 'properties/inputs', ${JSON.stringify(inputs)} is not an object.`);
    if (details !== undefined && typeof details !== 'boolean') throw invalid(`For 'properties/return_run_details', ${JSON.stringify(details)} is not a boolean.`);
    // Strings only: workflow inputs arrive as strings (PORT-FACTS §3), so a client sending a number is caught here.
    for (const [name, value] of Object.entries(inputs)) {
      if (typeof value !== 'string') throw invalid(`For 'properties/${name}', ${JSON.stringify(value)} is not a string.`);
    }
    const names = Object.keys(inputs);
    if (names.length > MAX_INPUTS) throw invalid(`inputs has ${names.length} properties; at most ${MAX_INPUTS} are allowed.`); // wording unverified
    // Measured as the JSON text of the inputs object: GitHub's docs say "characters" without saying of what.
    if (JSON.stringify(inputs).length > MAX_INPUTS_CHARS) throw refuse(422, 'inputs are too large.'); // wording unverified
    const branch = ref.replace(/^refs\/(heads|tags)\//, '');
    if (![repo.defaultBranch, ...(repo.refs ?? [])].includes(branch)) throw refuse(422, `No ref found for: ${ref}`);
    const declared = workflow.inputs ?? {};
    const unexpected = names.filter((name) => !Object.hasOwn(declared, name));
    if (unexpected.length > 0) throw refuse(422, `Unexpected inputs provided: [${unexpected.map((n) => JSON.stringify(n)).join(', ')}]`);
    const missing = Object.keys(declared).find((name) => declared[name]!.required && !Object.hasOwn(inputs, name));
    if (missing !== undefined) throw refuse(422, `Required input '${missing}' not provided`);

    const given = inputs as Record<string, string>;
    const now = isoSeconds();
    const name = workflow.name ?? workflowKey.replace(/\.ya?ml$/, '');
    const run: WorkflowRun = {
      id: nextRun++, repo: repo.name, workflow: workflowKey, name, display_title: workflow.runName?.(given) ?? name, status: 'queued', conclusion: null,
      event: 'workflow_dispatch', head_branch: branch, run_attempt: 1, created_at: now, updated_at: now, run_started_at: now, inputs: given,
    };
    runs.set(run.id, run);
    dispatches.push({ repo: repo.name, workflow: workflowKey, ref, inputs: given, runId: run.id, at: new Date().toISOString() });
    const life = { ...DEFAULT_LIFECYCLE, ...options.runLifecycle, ...workflow.runLifecycle };
    later(life.queuedMs, () => run.status === 'queued' && Object.assign(run, { status: 'in_progress', run_started_at: isoSeconds(), updated_at: isoSeconds() }));
    later(life.queuedMs + life.runningMs, () => run.status === 'in_progress' && Object.assign(run, { status: 'completed', conclusion: life.conclusion, updated_at: isoSeconds() }));

    if (details !== true && headers['x-github-api-version'] !== RUN_DETAILS_VERSION) return { status: 204 };
    const view = runView(run);
    return { status: 200, body: { workflow_run_id: run.id, run_url: view.url, html_url: view.html_url } };
  }

  function route(method: string, url: URL, body: unknown, headers: IncomingHttpHeaders): Answer {
    const match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const repo = match && repos.get(`${match[1]}/${match[2]}`.toLowerCase());
    if (!repo) throw new ApiError(404, 'Not Found');
    const rest = match[3] ?? '';
    const readActions = () => {
      if (actions === 'none') throw new ApiError(403, 'Resource not accessible by integration');
    };
    let m: RegExpExecArray | null;
    if (method === 'GET' && rest === '') {
      const [owner = '', name = ''] = repo.name.split('/');
      return { status: 200, body: { name, full_name: repo.name, owner: { login: owner }, private: true, default_branch: repo.defaultBranch, html_url: `${HTML_BASE}/${repo.name}` } };
    }
    if (method === 'GET' && rest === '/actions/runs') {
      readActions();
      const created = createdFilter(url.searchParams.get('created'));
      const q = (key: string) => url.searchParams.get(key);
      const found = [...runs.values()]
        .filter((r) => r.repo === repo.name && created(r.created_at) && (!q('event') || r.event === q('event')))
        .sort((a, b) => b.id - a.id);
      const { page, headers: link } = paginate(found, url, base);
      return { status: 200, body: { total_count: found.length, workflow_runs: page.map(runView) }, headers: link };
    }
    if (method === 'GET' && (m = /^\/actions\/runs\/(\d+)$/.exec(rest))) {
      readActions();
      return { status: 200, body: runView(findRun(repo.name, m[1]!)) };
    }
    if (method === 'GET' && (m = /^\/actions\/runs\/(\d+)\/attempts\/(\d+)\/jobs$/.exec(rest))) {
      readActions();
      const [runId, attempt] = [Number(m[1]), Number(m[2])];
      const run = runs.get(runId);
      const stored = jobs.get(`${runId}/${attempt}`);
      if ((run && run.repo !== repo.name) || (!stored && !(run && attempt >= 1 && attempt <= run.run_attempt))) throw new ApiError(404, 'Not Found');
      const all = (stored ?? []).map((job) => jobView(job, runId, attempt, repo.name));
      const { page, headers: link } = paginate(all, url, base);
      return { status: 200, body: { total_count: all.length, jobs: page }, headers: link };
    }
    if (method === 'POST' && (m = /^\/actions\/workflows\/([^/]+)\/dispatches$/.exec(rest))) return dispatch(repo, decodeURIComponent(m[1]!), body, headers);
    throw new ApiError(404, 'Not Found');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const method = req.method ?? '';
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = parseBody(text);
    const record: RecordedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body, status: 0 };
    requests.push(record);
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    let answer: Answer;
    try {
      if (pending.count > 0) {
        pending.count -= 1;
        throw new ApiError(pending.status, STATUS_CODES[pending.status] ?? `Status ${pending.status}`);
      }
      admit(method, req.headers);
      answer = route(method, url, body, req.headers);
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(500, `github-api test server: ${String(error)}`);
      answer = { status: e.status, headers: e.headers, body: { message: e.message, documentation_url: e.docs, status: String(e.status) } };
    }
    record.status = answer.status;
    const headers = { 'x-github-request-id': randomUUID().toUpperCase(), ...rateHeaders(), ...answer.headers };
    if (answer.body === undefined) res.writeHead(answer.status, headers).end();
    else res.writeHead(answer.status, { ...headers, 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer.body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => res.destroy(error instanceof Error ? error : new Error(String(error))));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    requests,
    dispatches,
    runs,
    setJobs(runId, attempt, list) {
      const now = isoSeconds();
      jobs.set(`${runId}/${attempt}`, list.map((job) => normaliseJob(job, job.id ?? nextJob++, now)));
    },
    upsertJob(runId, attempt, job) {
      const key = `${runId}/${attempt}`;
      const list = jobs.get(key) ?? [];
      const stored = normaliseJob(job, job.id ?? nextJob++, isoSeconds());
      const at = list.findIndex((existing) => existing.id === stored.id);
      if (at >= 0) list[at] = stored;
      else list.push(stored);
      jobs.set(key, list);
      return stored.id;
    },
    createRun({ repo: repoName, workflow, inputs = {}, event = 'workflow_dispatch', headBranch }) {
      const repo = repos.get(repoName.toLowerCase());
      if (!repo) throw new RangeError(`createRun: repository ${repoName} is not configured; configured: ${[...repos.values()].map((r) => r.name).join(', ') || 'none'}`);
      const now = isoSeconds();
      const name = repo.workflows?.[workflow]?.name ?? workflow.replace(/\.ya?ml$/, '');
      const run: WorkflowRun = {
        id: nextRun++, repo: repo.name, workflow, name, display_title: name, status: 'in_progress', conclusion: null, event,
        head_branch: headBranch ?? repo.defaultBranch, run_attempt: 1, created_at: now, updated_at: now, run_started_at: now, inputs,
      };
      runs.set(run.id, run);
      return run;
    },
    failNext(count, status = 503) {
      if (!Number.isInteger(count) || count < 0 || !STATUS_CODES[status] || status < 400) throw new RangeError(`failNext(${count}, ${status}): expected a count from 0 and an error status`);
      pending = { count, status };
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

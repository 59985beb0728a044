import { createHash, randomUUID } from 'node:crypto';
import { STATUS_CODES, createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A local GitLab REST API (v4) for whole-process tests (PORT-FACTS.md §3, §7). It serves only the calls port-ci makes,
 * but refuses what GitLab refuses, with GitLab's statuses and bodies, checked in GitLab's order (lib/api/ci/triggers.rb,
 * Ci::PipelineTriggerService). Note GitLab's two error shapes: Grape's parameter and routing errors are `{error}`,
 * GitLab's own are `{message}`, and a pipeline that could not be created carries `{message: {base: [...]}}`.
 */

const API = '/api/v4';
/** CommitStatus::AVAILABLE_STATUSES: the values the jobs API accepts as scope. */
const STATUSES = ['created', 'waiting_for_resource', 'preparing', 'waiting_for_callback', 'pending', 'running', 'success', 'failed', 'canceled', 'canceling', 'skipped', 'manual', 'scheduled'] as const;
const LABELS: Partial<Record<Status, string>> = { success: 'passed', waiting_for_resource: 'waiting', waiting_for_callback: 'waiting' };
const DEFAULT_LIFECYCLE: Required<PipelineLifecycle> = { createdMs: 20, pendingMs: 50, runningMs: 100, status: 'success' };
// gitlab.com's pipeline and job ids are in the billions: a client that squeezes them into int32 fails here too.
const FIRST_PIPELINE_ID = 3_000_000_001;
const FIRST_JOB_ID = 9_000_000_001;
const USER = { id: 1, username: 'port-bot', name: 'Port Bot', state: 'active', avatar_url: null, web_url: 'https://gitlab.example.com/port-bot' };

export type Status = (typeof STATUSES)[number];
/** created for createdMs, pending for pendingMs, running for runningMs, then status. */
export interface PipelineLifecycle { createdMs?: number; pendingMs: number; runningMs: number; status: 'success' | 'failed' | 'canceled' }
export interface ProjectConfig {
  id: number;
  triggerToken: string;
  /** Branches and tags that exist; defaultBranch (when given) exists too. Any other ref is "Reference not found". */
  refs: string[];
  /** ci_pipeline_variables_minimum_override_role above the trigger's owner (no_one_allowed on new gitlab.com projects). */
  restrictVariables?: boolean;
  defaultBranch?: string;
  lifecycle?: Partial<PipelineLifecycle>;
}
export interface GitLabApiOptions {
  /** By full path (`group/sub/project`, matched case-insensitively as GitLab does). */
  projects: Record<string, ProjectConfig>;
  /** A personal/project access token with read_api: PRIVATE-TOKEN or Authorization: Bearer. Without it none is valid. */
  readToken?: string;
  /** A CI_JOB_TOKEN: triggers any project (as a multi-project pipeline) and reads pipelines through JOB-TOKEN. */
  jobToken?: string;
  /** A job token may list jobs only with a fine-grained permission; without it GitLab answers 403. Default false. */
  jobTokenCanReadJobs?: boolean;
  /** Delay before every answer. */
  latencyMs?: number;
  lifecycle?: Partial<PipelineLifecycle>;
}
/** The pipeline as stored; GitLab's Entities::Ci::Pipeline shows it with detailed_status added (PipelineView). */
export interface Pipeline {
  id: number; iid: number; project_id: number; sha: string; ref: string; status: Status; source: 'trigger' | 'pipeline'; created_at: string;
  updated_at: string; web_url: string; before_sha: string; tag: boolean; yaml_errors: null; user: typeof USER; started_at: string | null;
  finished_at: string | null; committed_at: null; duration: number | null; queued_duration: number | null; coverage: null; name: null;
}
export type PipelineView = Pipeline & { detailed_status: { icon: string; text: string; label: string; group: string; tooltip: string; has_details: boolean; details_path: string } };
/** Every request as received: `body` is the raw text. */
export interface RecordedRequest { method: string; path: string; query: Record<string, string>; headers: IncomingHttpHeaders; body: string; status: number }
/** An accepted trigger; refused ones are only in `requests`. */
export interface RecordedTrigger {
  project: string; rawBody: string; contentType: string;
  /** The body as GitLab parsed it (form fields nested as Rack does); unknown fields such as port_payload kept. */
  body: Record<string, unknown>;
  /** What GitLab writes to the $TRIGGER_PAYLOAD file: every parameter but the token, and the project id as given, as JSON. */
  triggerPayload: string;
  /** The pipeline as answered with 201; its live state is in `pipelines`. */
  pipeline: PipelineView;
  at: string;
}
export interface JobInput { name: string; stage?: string; status?: Status; id?: number; allow_failure?: boolean; failure_reason?: string }
export interface GitLabApi {
  /** http://127.0.0.1:<port>: GitLab's URL (what port-agent calls GITLAB_URL, without its trailing slash). */
  url: string;
  /** url + '/api/v4': CI_API_V4_URL. */
  apiUrl: string;
  close(): Promise<void>;
  requests: RecordedRequest[];
  triggers: RecordedTrigger[];
  /** Pipelines by id; tests may edit a record (a timer only moves a pipeline on from the state it set). */
  pipelines: Map<number, Pipeline>;
  /** Sets the jobs listed for a pipeline. A pipeline not in `pipelines` (say a gitlab-ci-local one) is served under any project. */
  setJobs(pipelineId: number, jobs: JobInput[]): void;
  /** Answers the next `count` requests with `status` (default 503) before anything else is checked. */
  failNext(count: number, status?: number): void;
}

class ApiError extends Error {
  constructor(readonly status: number, readonly body: Record<string, unknown>) {
    super(JSON.stringify(body));
  }
}
type Answer = { status: number; body: unknown; headers?: Record<string, string> };
type Project = ProjectConfig & { path: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const message = (status: number, text: string) => new ApiError(status, { message: text });
const grape = (status: number, text: string) => new ApiError(status, { error: text });
const base = (status: number, text: string) => new ApiError(status, { message: { base: [text] } });

/** Rack's nesting: `variables[KEY]=v` is a hash, `list[]=v` an array; for query strings and form bodies alike. */
function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const [, head = name, tail = ''] = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(name) ?? [];
    const keys = [head, ...[...tail.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!)];
    if (keys.includes('__proto__')) continue;
    let node = out;
    for (const [i, key] of keys.entries()) {
      if (i === keys.length - 1) node[key] = value;
      else if (keys[i + 1] === '' && i + 2 === keys.length) {
        (Array.isArray(node[key]) ? (node[key] as unknown[]) : ((node[key] = []) as unknown[])).push(value);
        break;
      } else node = (isObject(node[key]) ? node[key] : (node[key] = {})) as Record<string, unknown>;
    }
  }
  return out;
}

/**
 * The body as Grape reads it, by content type. Any other type (text/plain, as fetch sends a bare string) is left
 * unparsed, so token and ref are missing: behaviour unverified, chosen so a client that forgets the type fails here.
 */
function parseBody(type: string, text: string): Record<string, unknown> {
  if (type === 'multipart/form-data') throw grape(415, 'gitlab-api test server: multipart/form-data is not supported here; GitLab accepts it');
  if (type === 'application/x-www-form-urlencoded') return parseForm(text);
  if (type !== 'application/json' || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw grape(400, 'message body does not match declared format'); // wording unverified
  }
  return isObject(parsed) ? parsed : {};
}

/** Grape's validation of the trigger's declared parameters: every failure, in declaration order, in one `{error}`. */
function validateTrigger(params: Record<string, unknown>): void {
  const problems: string[] = [];
  const scalar = (name: string, allowBlank: boolean) => {
    const value = params[name];
    if (value === undefined || value === null) problems.push(`${name} is missing`);
    else if (typeof value !== 'string' && typeof value !== 'number') problems.push(`${name} is invalid`); // Grape coerces 12 to '12'
    else if (!allowBlank && String(value).trim() === '') problems.push(`${name} is empty`);
  };
  scalar('ref', false);
  scalar('token', true);
  for (const name of ['variables', 'inputs']) if (params[name] != null && !isObject(params[name])) problems.push(`${name} is invalid`);
  if (problems.length > 0) throw grape(400, problems.join(', '));
}

/** Offset pagination as GitLab does it: per_page default 20, at most 100, and the x-* and link headers. */
function paginate<T>(items: T[], url: URL): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number.parseInt(url.searchParams.get('per_page') ?? '', 10) || 20));
  const page = Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '', 10) || 1);
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string) => {
    const target = new URL(url);
    target.searchParams.set('page', String(n));
    return `<${target.href}>; rel="${rel}"`;
  };
  const rels = [page > 1 && link(page - 1, 'prev'), page < pages && link(page + 1, 'next'), link(1, 'first'), link(pages, 'last')];
  const headers = {
    'x-page': String(page), 'x-per-page': String(perPage), 'x-total': String(items.length), 'x-total-pages': String(pages),
    'x-next-page': page < pages ? String(page + 1) : '', 'x-prev-page': page > 1 ? String(page - 1) : '', link: rels.filter(Boolean).join(', '),
  };
  return { page: items.slice((page - 1) * perPage, page * perPage), headers };
}

/** Starts the server on 127.0.0.1 and a free port. Throws a RangeError for a project without an id or trigger token. */
export async function startGitLabApi(options: GitLabApiOptions): Promise<GitLabApi> {
  const projects = Object.entries(options.projects).map(([path, config]): Project => {
    if (!Number.isInteger(config.id) || !config.triggerToken) throw new RangeError(`startGitLabApi: project ${path} needs an id and a trigger token`);
    return { ...config, path };
  });
  const requests: RecordedRequest[] = [];
  const triggers: RecordedTrigger[] = [];
  const pipelines = new Map<number, Pipeline>();
  const jobs = new Map<number, JobInput[]>();
  const iids = new Map<number, number>();
  const timers = new Set<NodeJS.Timeout>();
  let [nextPipeline, nextJob, pending] = [FIRST_PIPELINE_ID, FIRST_JOB_ID, { count: 0, status: 503 }];
  let url = '';

  function later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => (timers.delete(timer), fn()), ms);
    timers.add(timer);
  }

  /** `:id` is a numeric id or a URL-encoded full path; the router has already refused an unencoded slash. */
  function findProject(id: string): Project | undefined {
    const key = decodeURIComponent(id);
    return projects.find((p) => (/^\d+$/.test(key) ? p.id === Number(key) : p.path.toLowerCase() === key.toLowerCase()));
  }

  function view(pipeline: Pipeline): PipelineView {
    const label = LABELS[pipeline.status] ?? pipeline.status;
    const path = new URL(pipeline.web_url).pathname;
    const detailed = { icon: `status_${pipeline.status}`, text: label[0]!.toUpperCase() + label.slice(1), label, group: pipeline.status, tooltip: label, has_details: true, details_path: path };
    return { ...pipeline, detailed_status: detailed };
  }

  function trigger(project: Project | undefined, id: string, body: Record<string, unknown>, params: Record<string, unknown>, req: IncomingMessage, raw: string): Answer {
    validateTrigger(params);
    if (req.headers['x-gitlab-event'] === 'Pipeline Hook') throw message(403, '403 Forbidden'); // a pipeline hook may not trigger pipelines
    const variables = (params.variables ?? {}) as Record<string, unknown>;
    // Checked before the project and the token, as GitLab does: a bad variable is a 400 even with a wrong token.
    if (!Object.values(variables).every((value) => typeof value === 'string')) throw message(400, 'variables needs to be a map of key-valued strings');
    const token = String(params.token);
    const byJob = options.jobToken !== undefined && token === options.jobToken;
    // A token of another project is a 404 too: GitLab does not reveal that the project exists.
    if (!project || (token !== project.triggerToken && !byJob)) throw message(404, '404 Not Found');
    if (project.restrictVariables && Object.keys(variables).length > 0) throw base(400, 'Insufficient permissions to set pipeline variables');
    const ref = String(params.ref).replace(/^refs\/(heads|tags)\//, '');
    if (![...project.refs, project.defaultBranch].includes(ref)) throw base(400, 'Reference not found');

    const now = new Date().toISOString();
    const iid = (iids.get(project.id) ?? 0) + 1;
    iids.set(project.id, iid);
    const pipeline: Pipeline = {
      id: nextPipeline++, iid, project_id: project.id, sha: createHash('sha1').update(`${project.path}@${ref}`).digest('hex'), ref, status: 'created',
      // A job token makes a multi-project pipeline: GitLab creates it with source pipeline, not trigger.
      source: byJob ? 'pipeline' : 'trigger', created_at: now, updated_at: now, web_url: '', before_sha: '0'.repeat(40), tag: false,
      yaml_errors: null, user: USER, started_at: null, finished_at: null, committed_at: null, duration: null, queued_duration: null, coverage: null, name: null,
    };
    pipeline.web_url = `${url}/${project.path}/-/pipelines/${pipeline.id}`;
    pipelines.set(pipeline.id, pipeline);
    const life = { ...DEFAULT_LIFECYCLE, ...options.lifecycle, ...project.lifecycle };
    const move = (from: Status, to: Status, fields: Partial<Pipeline> = {}) => {
      if (pipeline.status === from) Object.assign(pipeline, { status: to, updated_at: new Date().toISOString(), ...fields });
    };
    later(life.createdMs, () => move('created', 'pending'));
    later(life.createdMs + life.pendingMs, () => move('pending', 'running', { started_at: new Date().toISOString(), queued_duration: life.pendingMs / 1000 }));
    later(life.createdMs + life.pendingMs + life.runningMs, () => move('running', life.status, { finished_at: new Date().toISOString(), duration: Math.round(life.runningMs / 1000) }));
    const { token: _token, ...rest } = params;
    const triggerPayload = JSON.stringify({ ...rest, id: decodeURIComponent(id), variables });
    const answered = view(pipeline);
    triggers.push({ project: project.path, rawBody: raw, contentType: req.headers['content-type'] ?? '', body, triggerPayload, pipeline: answered, at: now });
    return { status: 201, body: answered };
  }

  /** Who is reading: a wrong token is 401 at once; no token at all leaves an anonymous reader. */
  function reader(headers: IncomingHttpHeaders): 'private' | 'job' | undefined {
    const bearer = /^bearer +(\S+)$/i.exec(headers.authorization ?? '')?.[1];
    const personal = headers['private-token'] ?? bearer;
    const job = headers['job-token'];
    if (typeof personal === 'string') return options.readToken && personal === options.readToken ? 'private' : unauthorized();
    if (typeof job === 'string') return options.jobToken && job === options.jobToken ? 'job' : unauthorized();
    return undefined;
  }
  const unauthorized = (): never => {
    throw message(401, '401 Unauthorized');
  };

  function read(project: Project | undefined, pipelineId: string, listJobs: boolean, req: IncomingMessage, target: URL): Answer {
    // GitLab's order: a wrong token (401), then Grape's parameter checks (400), then the project (404).
    const who = reader(req.headers);
    if (!/^\d+$/.test(pipelineId)) throw grape(400, 'pipeline_id is invalid');
    // Projects here are private: to an anonymous reader GitLab says the project does not exist rather than 401.
    if (!project || !who) throw message(404, '404 Project Not Found');
    const pipeline = pipelines.get(Number(pipelineId));
    const served = pipeline ? pipeline.project_id === project.id : listJobs && jobs.has(Number(pipelineId));
    if (!served) throw message(404, '404 Not found'); // ActiveRecord::RecordNotFound: lower-case "found", as GitLab writes it
    if (!listJobs) return { status: 200, body: view(pipeline!) };
    if (who === 'job' && !options.jobTokenCanReadJobs) throw message(403, '403 Forbidden');
    const scopes = [...target.searchParams.getAll('scope'), ...target.searchParams.getAll('scope[]')];
    if (scopes.some((scope) => !(STATUSES as readonly string[]).includes(scope))) throw grape(400, 'scope does not have a valid value');
    const now = new Date().toISOString();
    const all = (jobs.get(Number(pipelineId)) ?? [])
      .filter((job) => scopes.length === 0 || scopes.includes(job.status ?? 'success'))
      .map((job) => {
        const status = job.status ?? 'success';
        const ended = ['success', 'failed', 'canceled'].includes(status);
        return {
          id: job.id, status, stage: job.stage ?? 'test', name: job.name, ref: pipeline?.ref ?? 'main', tag: false, coverage: null, allow_failure: job.allow_failure ?? false,
          created_at: now, started_at: ended || status === 'running' ? now : null, finished_at: ended ? now : null, erased_at: null, duration: ended ? 1 : null,
          queued_duration: 0, user: USER, pipeline: { id: Number(pipelineId), project_id: project.id, ref: pipeline?.ref ?? 'main', sha: pipeline?.sha ?? '0'.repeat(40), status: pipeline?.status ?? status },
          web_url: `${url}/${project.path}/-/jobs/${job.id}`, artifacts: [], runner: null, tag_list: [], archived: false, source: pipeline?.source ?? 'push',
          ...(status === 'failed' ? { failure_reason: job.failure_reason ?? 'script_failure' } : {}),
        };
      });
    const { page, headers } = paginate(all, target);
    return { status: 200, body: page, headers };
  }

  const contentType = (req: IncomingMessage) => (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

  function route(req: IncomingMessage, target: URL, raw: string): Answer {
    const method = req.method ?? '';
    // [^/]+ for :id as GitLab's NAMESPACE_OR_PROJECT_REQUIREMENTS: group/sub/project unencoded matches no route.
    const m = new RegExp(`^${API}/projects/([^/]+)/(?:(trigger/pipeline)|pipelines/([^/]+)(/jobs)?)$`).exec(target.pathname);
    if (!m) throw grape(404, '404 Not Found');
    const [, id = '', isTrigger, pipelineId = '', listJobs] = m;
    if (method !== (isTrigger ? 'POST' : 'GET')) throw grape(405, '405 Not Allowed');
    const project = findProject(id);
    if (!isTrigger) return read(project, pipelineId, Boolean(listJobs), req, target);
    // Grape merges the query string under the body: `?token=` works, as GitLab's webhook-style trigger URLs rely on.
    const body = parseBody(contentType(req), raw);
    return trigger(project, id, body, { ...parseForm(target.search.slice(1)), ...body }, req, raw);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', url);
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const raw = Buffer.concat(chunks).toString('utf8');
    const record: RecordedRequest = { method: req.method ?? '', path: target.pathname, query: Object.fromEntries(target.searchParams), headers: req.headers, body: raw, status: 0 };
    requests.push(record);
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    let answer: Answer;
    try {
      if (pending.count > 0) {
        pending.count -= 1;
        throw message(pending.status, `${pending.status} ${STATUS_CODES[pending.status]}`);
      }
      answer = route(req, target, raw);
    } catch (error) {
      const e = error instanceof ApiError ? error : message(500, `500 Internal Server Error (gitlab-api test server: ${String(error)})`);
      answer = { status: e.status, body: e.body };
    }
    record.status = answer.status;
    const headers = { 'x-request-id': randomUUID().replaceAll('-', '').toUpperCase(), 'content-type': 'application/json', ...answer.headers };
    res.writeHead(answer.status, headers).end(JSON.stringify(answer.body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => res.destroy(error instanceof Error ? error : new Error(String(error))));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    apiUrl: url + API,
    requests,
    triggers,
    pipelines,
    setJobs(pipelineId, list) {
      jobs.set(pipelineId, list.map((job) => ({ ...job, id: job.id ?? nextJob++ })));
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

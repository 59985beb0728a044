import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { UsageError } from '../core/index.js';
import { Catalog, addEntity } from './catalog.js';
import {
  APPROVAL_BODY,
  EXECUTE_BODY,
  HttpError,
  LOG_BODY,
  LOGS_LIMIT,
  MAX_BODY_BYTES,
  PATCH_BODY,
  TOKEN_BODY,
  checkBody,
  invalid,
  queryBoolean,
  queryList,
  queryNumber,
} from './contract.js';
import { actionFacts } from './definitions.js';
import { EntityStore, type EntityRecord } from './entities.js';
import { routeEntities } from './entity-routes.js';
import { FaultPlan, faultError } from './faults.js';
import { newestFirst } from './page.js';
import { RateLimiter, rateLimited, type RateLimitOptions } from './rate-limit.js';
import { RunStore, isActive, loadRuns, type AffectedEntity, type RunLog, type RunRecord, type RunStatus } from './store.js';
import { serveUi } from './ui.js';

/*
 * A local Port API (PORT-FACTS.md §5, §10) for developers and tests: it serves the run operations the toolkit
 * calls (runs, logs, the runs list, approvals), action definitions (catalog.ts), entities and their searches
 * (entities.ts, entity-routes.ts), refuses what Port refuses (contract.ts, definitions.ts, search-rules.ts), and
 * can misbehave on purpose the way Port and networks do (faults.ts, and Port's rate limit in rate-limit.ts), so a
 * client proven here works against Port. GET / lists the runs and /runs/{id} shows one, as Port's pages would
 * (ui.ts).
 */

export type { AffectedEntity, EntityRecord, RunLog, RunRecord, RunStatus };
export { isFaultStatus } from './faults.js';

/** The client id the sandbox accepts when none is given. */
export const SANDBOX_CLIENT_ID = 'sandbox-client-id';
/** The client secret the sandbox accepts when none is given: 32 bytes or more, as secret-input decryption needs. */
export const SANDBOX_CLIENT_SECRET = 'sandbox-client-secret-0123456789abcdef';

const DEFAULT_TOKEN_TTL_SECONDS = 10_800; // Port's tokens live 3 h
const TOKEN_PATH = '/v1/auth/access_token';
/** The query limits of get-all-action-runs.json. */
const RUNS_LIMIT = { min: 1, max: 1000 };

export interface SandboxOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Loopback only: the runs page has no authentication. */
  host?: '127.0.0.1';
  /** Credentials the token request must carry; default SANDBOX_CLIENT_ID and SANDBOX_CLIENT_SECRET. */
  clientId?: string;
  clientSecret?: string;
  /** Runs are loaded from this file at start when it exists, and saved to it (debounced, atomically) after changes. */
  dataFile?: string;
  /** Delay before every API answer, in milliseconds (refusals and 429s too). */
  latencyMs?: number;
  /**
   * Port's rate limit: past `limit` API requests in a period of `periodSeconds`, answer 429 with retry-after
   * until the period ends. Without it the rate-limit headers are reported (1000 a minute) and never enforced.
   */
  rateLimit?: RateLimitOptions;
  /** Every n-th API request is answered with `status`: 429 (with retry-after: 1) or a 5xx. */
  failEvery?: { n: number; status: number };
  /** Every n-th API request has its connection reset without an answer. */
  dropEvery?: number;
  /** Every n-th API request is held for `ms` before it is served (a stall; a client should time out and retry). */
  stallEvery?: { n: number; ms: number };
  /** Every n-th API request is served, then its connection reset instead of answered (the answer lost after the work was done). */
  loseAnswerEvery?: number;
  /** Lifetime of issued tokens; default 10800 (3 h, as Port). Fractions let tests expire a token mid-job. */
  tokenTtlSeconds?: number;
  /** Run ids that exist, IN_PROGRESS, at start (a run already in the data file is kept as saved). */
  runs?: string[];
  /**
   * Action definitions that exist at start, in either of Port's formats (classic or current). Once the sandbox
   * holds any definition, creating a run of an action it does not know is a 404, as in Port; with none, any
   * action identifier is taken (the sandbox then knows nothing of the organisation's actions).
   */
  actions?: Record<string, unknown>[];
  /**
   * Blueprints that exist at start, as Port's blueprint JSON (identifier; schema and relations are enforced
   * when given). Once any is declared, writing to a blueprint that does not exist is a 404, as in Port; with
   * none, a blueprint comes to exist with its first entity. See entities.ts.
   */
  blueprints?: Record<string, unknown>[];
  /** Entities that exist at start, each with its `blueprint` (the shape `port-ci dispatch --entity @FILE` takes). */
  entities?: Record<string, unknown>[];
  /**
   * What GET /v1/kafka-credentials hands out: the brokers (SASL_SSL) and SCRAM user of the organisation's Kafka, as
   * Port hands them to its execution agent (`{ok, credentials: {brokers, username, password}}`, the shape port-agent
   * reads). Without it the route is a 404, as for an organisation Port has no Kafka for.
   */
  kafkaCredentials?: { brokers: string[]; username: string; password: string };
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The status answered; 0 when the connection was dropped without an answer. */
  status: number;
  /** Served (with `status`), but the answer was lost: the connection was reset instead (loseAnswerEvery). */
  answerLost?: true;
  /** The parsed JSON body, the raw text when it was not JSON, undefined when there was none or it was over 1 MiB. */
  body: unknown;
}

export interface Sandbox {
  /** Base URL, e.g. http://127.0.0.1:41234; use it as PORT_BASE_URL. */
  url: string;
  /** Stops listening, drops open connections and writes the data file. */
  close(): Promise<void>;
  /** Runs by id. Changes made here directly are saved at close, not before. */
  runs: Map<string, RunRecord>;
  /** Action definitions by identifier, as GET /v1/actions/{identifier} shows them. */
  actions: Map<string, Record<string, unknown>>;
  /** The entities, per blueprint, as GET /v1/blueprints/{bp}/entities/{id} shows them. */
  entities: EntityStore;
  /** Adds (or replaces) a definition in either format; throws an Error naming what is wrong with it. */
  addAction(definition: Record<string, unknown>): void;
  /** Adds (or replaces) an entity given with its `blueprint`; throws an Error naming what is wrong with it. */
  addEntity(entity: Record<string, unknown>): void;
  /** Declares (or replaces) a blueprint; throws an Error naming what is wrong with it. */
  addBlueprint(blueprint: Record<string, unknown>): void;
  /** Every API request in arrival order, including refused, failed and dropped ones. */
  requests: RecordedRequest[];
  /** Token requests received, accepted or not. */
  authCount(): number;
  /**
   * Creates (or resets) a run, IN_PROGRESS (WAITING_FOR_APPROVAL when its action, held by the sandbox, requires
   * approval); the id defaults to a new `r_...`.
   */
  createRun(id?: string, options?: { action?: string; properties?: Record<string, unknown>; entity?: string }): RunRecord;
  /** A valid token, as an earlier step would have got, without counting an authentication. */
  issueToken(): string;
  /** Answers the next `count` API requests with `status` (default 503), touching nothing. */
  failNext(count: number, status?: number): void;
  /** Serves the next `count` API requests, then resets their connections instead of answering. */
  loseNextAnswers(count: number): void;
}

/** The `format: email` of run_as, as Ajv's formats check it (one @, no spaces). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function newRunId(): string {
  return `r_${randomBytes(12).toString('base64url')}`;
}

/** Reads the whole body; over 1 MiB is refused after the upload ends, so the client sees the 413 rather than a reset. */
async function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return { text: size > MAX_BODY_BYTES ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_BODY_BYTES };
}

function pathId(encoded: string, what = 'Action run'): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new HttpError(404, 'not_found', `${what} with identifier "${encoded}" was not found`);
  }
}

function assertNumber(name: string, value: number | undefined, min: number, inclusive: boolean): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < min || (!inclusive && value === min)) {
    throw new RangeError(`${name}: expected a number ${inclusive ? 'from' : 'above'} ${min}, got ${value}`);
  }
}

/**
 * Starts a sandbox and resolves once it listens. Throws a RangeError for impossible options, a UsageError when
 * the data file is not a sandbox's or cannot be written or a preloaded definition or entity is not one, and
 * the listen error (EADDRINUSE) when the port is taken.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clientId = options.clientId ?? SANDBOX_CLIENT_ID;
  const clientSecret = options.clientSecret ?? SANDBOX_CLIENT_SECRET;
  const ttlMs = (options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS) * 1000;
  const latencyMs = options.latencyMs ?? 0;
  assertNumber('latencyMs', options.latencyMs, 0, true);
  assertNumber('tokenTtlSeconds', options.tokenTtlSeconds, 0, false);
  const faults = new FaultPlan(options);
  const kafkaCredentials = options.kafkaCredentials;
  if (kafkaCredentials && (kafkaCredentials.brokers.length === 0 || !kafkaCredentials.username || !kafkaCredentials.password)) {
    throw new RangeError('kafkaCredentials: expected brokers (one or more host:port), a username and a password');
  }

  const runs = new Map<string, RunRecord>();
  const requests: RecordedRequest[] = [];
  /** token -> when it expires (ms since the epoch) */
  const tokens = new Map<string, number>();
  const limiter = new RateLimiter(options.rateLimit);

  const catalog = new Catalog(clientId);
  const entities = new EntityStore(clientId);
  const preload = (kind: 'actions' | 'blueprints' | 'entities', add: (value: unknown) => unknown) =>
    (options[kind] ?? []).forEach((value, index) => {
      try {
        add(value);
      } catch (error) {
        throw new UsageError(`${kind}[${index}]: ${(error as Error).message}`);
      }
    });
  preload('actions', (value) => catalog.addAction(value));
  preload('blueprints', (value) => entities.declare(value));
  preload('entities', (value) => addEntity(entities, value));

  const store = options.dataFile === undefined ? undefined : new RunStore(options.dataFile, () => [...runs.values()]);
  for (const run of options.dataFile === undefined ? [] : loadRuns(options.dataFile)) runs.set(run.id, run);

  /*
   * What the pages need to stay cheap with many runs and long logs: the runs sorted newest first once per new run
   * (not per request), and a change counter with each run's value of it at its last change, so a page polling for
   * changes is answered with only the rows that changed.
   */
  let version = 0;
  const stamps = new WeakMap<RunRecord, number>();
  let ordered: RunRecord[] | undefined;

  /** Notes a change to a run: for the pages' polling and the data file. */
  function touch(run: RunRecord): void {
    version += 1;
    stamps.set(run, version);
    store?.changed();
  }

  function addRun(id: string, fields: Partial<Pick<RunRecord, 'action' | 'properties' | 'entity' | 'runAs'>>): RunRecord {
    const now = new Date().toISOString();
    const requiredApproval = fields.action ? catalog.facts(fields.action)?.requiredApproval : undefined;
    const status = requiredApproval ? 'WAITING_FOR_APPROVAL' : 'IN_PROGRESS';
    const run: RunRecord = { id, action: fields.action ?? null, status, createdAt: now, updatedAt: now, logs: [] };
    if (requiredApproval) run.requiredApproval = requiredApproval;
    if (fields.properties !== undefined) run.properties = fields.properties;
    if (fields.entity !== undefined) run.entity = fields.entity;
    if (fields.runAs !== undefined) run.runAs = fields.runAs;
    runs.set(id, run);
    ordered = undefined;
    touch(run);
    return run;
  }

  function issueToken(): string {
    const token = `sbx_${randomBytes(24).toString('base64url')}`;
    tokens.set(token, Date.now() + ttlMs);
    return token;
  }

  for (const id of options.runs ?? []) if (!runs.has(id)) addRun(id, {});
  // Written once before listening, so a data file that cannot be written fails the start, not a later save.
  await store?.flush();

  function authorize(headers: IncomingHttpHeaders): void {
    const token = /^Bearer (\S+)$/.exec(headers.authorization ?? '')?.[1];
    const expires = token === undefined ? undefined : tokens.get(token);
    if (expires === undefined) throw new HttpError(401, 'unauthorized', 'Missing or unknown bearer token; get one from POST /v1/auth/access_token');
    if (Date.now() >= expires) {
      tokens.delete(token!);
      throw new HttpError(401, 'unauthorized', 'The access token has expired; get a new one from POST /v1/auth/access_token');
    }
  }

  function findRun(id: string): RunRecord {
    const run = runs.get(id);
    if (!run) throw new HttpError(404, 'not_found', `Action run with identifier "${id}" was not found`);
    return run;
  }

  /**
   * A run ends once: by a log's terminationStatus or a PATCHed status. One waiting for approval may be ended
   * too (reflect-action-progress: setting FAILURE withdraws the request).
   */
  function end(run: RunRecord, status: 'SUCCESS' | 'FAILURE', now: string): void {
    if (!isActive(run.status)) throw new HttpError(422, 'run_exhausted', `The run has already ended with status ${run.status}`);
    run.status = status;
    run.endedAt = now;
  }

  /**
   * A run as Port's API shows it: the action, blueprint and entity as objects (titled when known), without the
   * logs. Its affected entities are not among its fields, as in Port's schemas: the run's page lists them.
   */
  function runView(run: RunRecord): Record<string, unknown> {
    const facts = run.action === null ? undefined : catalog.facts(run.action);
    const entity = run.entity === undefined || facts?.blueprint === undefined ? undefined : entities.get(facts.blueprint, run.entity);
    return {
      id: run.id,
      // Port always names the action; a run seeded by id alone has none to name.
      action: { identifier: run.action ?? 'unknown', title: facts?.title },
      blueprint: facts?.blueprint === undefined ? undefined : { identifier: facts.blueprint },
      entity: run.entity === undefined ? undefined : { identifier: run.entity, title: entity?.title },
      properties: run.properties ?? {},
      requiredApproval: run.requiredApproval ?? false,
      approval: run.approval,
      source: 'API',
      status: run.status,
      statusLabel: run.statusLabel,
      link: run.link,
      summary: run.summary,
      externalRunId: run.externalRunId,
      createdBy: clientId,
      createdAt: run.createdAt,
      updatedAt: run.updatedAt,
      endedAt: run.endedAt,
    };
  }

  function logView(run: RunRecord, log: RunLog, index: number): Record<string, unknown> {
    return { id: `${run.id}-log-${index + 1}`, runId: run.id, message: log.message, createdBy: clientId, createdAt: log.at };
  }

  /**
   * GET /v1/actions/runs: the runs that match every filter given (get-all-action-runs.json), newest first, at
   * most `limit` (without one, all: Port's default is not published). `active`: true keeps the runs that can
   * still change (IN_PROGRESS or WAITING_FOR_APPROVAL), false the ended ones. `user_email` matches a run created
   * with run_as, `user_id` the client that created it; every run here came through the API (`source`).
   */
  function listRuns(query: URLSearchParams): Record<string, unknown>[] {
    const text = (name: string) => query.get(name) ?? undefined;
    const [externalRunId, action, entity, blueprint, userEmail, userId] = ['external_run_id', 'action', 'entity', 'blueprint', 'user_email', 'user_id'].map(text);
    const active = queryBoolean(query, 'active');
    const limit = queryNumber(query, 'limit', RUNS_LIMIT);
    const exclude = queryList(query, 'exclude') ?? [];
    const sources = queryList(query, 'source', ['UI', 'API', 'AUTOMATION']);
    queryList(query, 'version', ['v1', 'v2']);
    const found = ui.ordered().filter(
      (run) =>
        (externalRunId === undefined || run.externalRunId === externalRunId) &&
        (action === undefined || run.action === action) &&
        (entity === undefined || run.entity === entity) &&
        (blueprint === undefined || (run.action !== null && catalog.facts(run.action)?.blueprint === blueprint)) &&
        (userEmail === undefined || run.runAs === userEmail) &&
        (userId === undefined || userId === clientId) &&
        (active === undefined || isActive(run.status) === active) &&
        (sources === undefined || sources.includes('API')),
    );
    return found.slice(0, limit).map((run) => {
      const view = runView(run);
      for (const field of exclude) delete view[field];
      return view;
    });
  }

  /**
   * Refuses a run Port would not create. A known definition must be a self-service action, and a DAY-2 or
   * DELETE one needs the entity it acts on (*unverified*: Port's wording and status for these two refusals are
   * not published; 422 is what its schema errors use). An unknown action is a 404 once any definition is held.
   */
  function checkRunnable(action: string, entity: unknown): void {
    const definition = catalog.actions.get(action);
    if (!definition) {
      if (catalog.actions.size > 0) throw new HttpError(404, 'not_found', `Action with identifier "${action}" was not found`);
      return;
    }
    const facts = actionFacts(definition);
    if (facts.triggerType === 'automation') {
      throw new HttpError(422, 'invalid_request', `Action "${action}" is an automation: it runs on its trigger event, not through this route`);
    }
    if ((facts.operation === 'DAY-2' || facts.operation === 'DELETE') && entity === undefined) {
      throw new HttpError(422, 'invalid_request', `body must have required property 'entity': action "${action}" is a ${facts.operation} action`);
    }
  }

  /** Serves one API request whose body is parsed; returns [status, answer] or throws an HttpError. */
  function route(method: string, url: URL, headers: IncomingHttpHeaders, body: unknown): [number, unknown] {
    const path = url.pathname;
    if (path === TOKEN_PATH && method === 'POST') {
      const given = checkBody(body, TOKEN_BODY);
      if (given.clientId !== clientId || given.clientSecret !== clientSecret) throw new HttpError(401, 'unauthorized', 'Invalid client credentials');
      return [200, { ok: true, accessToken: issueToken(), expiresIn: ttlMs / 1000, tokenType: 'Bearer' }];
    }
    const now = new Date().toISOString();
    const logs = /^\/v1\/actions\/runs\/([^/]+)\/logs$/.exec(path);
    if (logs && method === 'POST') {
      authorize(headers);
      const entry = checkBody(body, LOG_BODY) as Omit<RunLog, 'at'>;
      const run = findRun(pathId(logs[1]!));
      // port-api/README.md: "422 run_exhausted when the run has ended", for a plain log as for a second end.
      if (!isActive(run.status)) throw new HttpError(422, 'run_exhausted', `The run has already ended with status ${run.status}`);
      // Nothing runs before the approval, so nothing has anything to log (*unverified*: Port's answer is not published).
      if (run.status === 'WAITING_FOR_APPROVAL') throw invalid(`Run "${run.id}" is waiting for approval; it takes logs once approved (PATCH /v1/actions/runs/${run.id}/approval)`);
      if (entry.terminationStatus) end(run, entry.terminationStatus, now);
      if (entry.statusLabel !== undefined) run.statusLabel = entry.statusLabel;
      run.logs.push({ ...entry, at: now });
      run.updatedAt = now;
      touch(run);
      return [201, { ok: true, runLog: logView(run, run.logs.at(-1)!, run.logs.length - 1) }];
    }
    if (logs && method === 'GET') {
      authorize(headers);
      const run = findRun(pathId(logs[1]!));
      // Port's default page size is not published; without a limit every log is returned.
      const limit = queryNumber(url.searchParams, 'limit', LOGS_LIMIT);
      const offset = queryNumber(url.searchParams, 'offset', { min: 0 }) ?? 0;
      const page = run.logs.map((log, index) => logView(run, log, index)).slice(offset, limit === undefined ? undefined : offset + limit);
      return [200, { ok: true, runLogs: page }];
    }
    if (path === '/v1/actions/runs' && method === 'GET') {
      authorize(headers);
      return [200, { ok: true, runs: listRuns(url.searchParams) }];
    }
    const approval = /^\/v1\/actions\/runs\/([^/]+)\/approval$/.exec(path);
    if (approval && method === 'PATCH') {
      authorize(headers);
      queryList(url.searchParams, 'version', ['v1', 'v2']);
      const decision = checkBody(body, APPROVAL_BODY);
      const run = findRun(pathId(approval[1]!));
      // *unverified*: Port's wording and status for a run that is not waiting are not published; 422 is what its other refusals use.
      if (run.status !== 'WAITING_FOR_APPROVAL') throw invalid(`Run "${run.id}" is not waiting for approval (its status is ${run.status}); only a run of an action with requiredApproval waits for one`);
      const approved = decision.status === 'APPROVE';
      run.approval = { state: approved ? 'APPROVED' : 'DECLINED', userId: clientId, ...(decision.description === undefined ? {} : { description: decision.description as string }) };
      run.status = approved ? 'IN_PROGRESS' : 'DECLINED';
      if (!approved) run.endedAt = now;
      run.updatedAt = now;
      touch(run);
      // 201, as approve-an-action-run.json documents.
      return [201, { ok: true, run: runView(run) }];
    }
    const runPath = /^\/v1\/actions\/runs\/([^/]+)$/.exec(path);
    if (runPath && (method === 'GET' || method === 'PATCH')) {
      authorize(headers);
      const run = findRun(pathId(runPath[1]!));
      if (method === 'PATCH') {
        // The PATCH body is optional in the schema: no body is an empty update.
        const update = checkBody(body ?? {}, PATCH_BODY);
        if (update.status !== undefined) end(run, update.status as 'SUCCESS' | 'FAILURE', now);
        for (const key of ['statusLabel', 'link', 'summary', 'externalRunId'] as const) {
          if (update[key] !== undefined) Object.assign(run, { [key]: update[key] });
        }
        run.updatedAt = now;
        touch(run);
      }
      return [200, { ok: true, run: runView(run) }];
    }
    const execute = /^\/v1\/actions\/([^/]+)\/runs$/.exec(path);
    if (execute && method === 'POST') {
      authorize(headers);
      const request = checkBody(body, EXECUTE_BODY);
      const runAs = url.searchParams.get('run_as') ?? undefined;
      if (runAs !== undefined && !EMAIL.test(runAs)) throw invalid('querystring/run_as must match format "email"');
      const action = pathId(execute[1]!, 'Action');
      checkRunnable(action, request.entity);
      const run = addRun(newRunId(), {
        action,
        properties: request.properties as Record<string, unknown>,
        entity: request.entity as string | undefined,
        runAs,
      });
      // 202, not 201: execute-a-self-service-action.json documents 202 Accepted (the run starts later, in the backend).
      return [202, { ok: true, run: runView(run) }];
    }
    if (path === '/v1/actions' && (method === 'GET' || method === 'POST')) {
      authorize(headers);
      if (method === 'GET') return [200, { ok: true, actions: catalog.listActions(url.searchParams) }];
      return [201, { ok: true, action: catalog.createAction(body) }];
    }
    const actionPath = /^\/v1\/actions\/([^/]+)$/.exec(path);
    // GET /v1/actions/runs is Port's list of runs (served above), not an action named "runs".
    if (actionPath && actionPath[1] !== 'runs' && method === 'GET') {
      authorize(headers);
      // get-an-action-automation.json publishes no 200 body; Port answers {ok, action}, as {ok, run} and {ok, entity}.
      return [200, { ok: true, action: catalog.action(pathId(actionPath[1]!, 'Action')) }];
    }
    const entityAnswer = routeEntities(method, path, url.searchParams, body, { store: entities, authorize: () => authorize(headers), findRun: (id) => findRun(id), touch });
    if (entityAnswer) return entityAnswer;
    if (path === '/v1/kafka-credentials' && method === 'GET') {
      authorize(headers);
      if (!kafkaCredentials) throw new HttpError(404, 'not_found', 'This organization has no Kafka credentials: start the sandbox with kafkaCredentials');
      return [200, { ok: true, credentials: { brokers: [...kafkaCredentials.brokers], username: kafkaCredentials.username, password: kafkaCredentials.password } }];
    }
    throw new HttpError(404, 'not_found', `Route ${method} ${path} not found`);
  }

  function send(res: ServerResponse, status: number, answer: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(answer));
  }

  function asHttpError(error: unknown): HttpError {
    return error instanceof HttpError ? error : new HttpError(500, 'internal_error', `Sandbox error: ${String(error)}`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('x-trace-id', randomUUID());
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = req.method ?? '';
    if (!url.pathname.startsWith('/v1/')) return serveUi(req, res, url, ui);

    const { text, tooLarge } = await readBody(req);
    let body: unknown;
    let malformed = false;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      [body, malformed] = [text, true]; // recorded as sent, refused below
    }
    const record: RecordedRequest = { method, path: url.pathname, status: 0, body };
    requests.push(record);
    const fault = faults.next();
    const { headers: rate, limited } = limiter.take();
    const delay = latencyMs + (fault.kind === 'serve' ? (fault.stallMs ?? 0) : 0);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    // A client that gave up on a stalled request has gone: answering it would only raise an error here.
    if (req.socket.destroyed) {
      record.status = 0;
      return;
    }
    if (fault.kind === 'drop') {
      req.socket.resetAndDestroy(); // an RST: the client sees ECONNRESET, as when a proxy or Port's edge drops it
      return;
    }

    let status: number;
    let answer: unknown;
    let headers = rate;
    try {
      if (fault.kind === 'fail') throw faultError(fault.status, rate);
      if (limited) throw rateLimited(rate);
      if (tooLarge) throw new HttpError(413, 'payload_too_large', 'Request body is too large (limit is 1MiB)');
      if (text !== '') {
        if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
          throw new HttpError(415, 'unsupported_media_type', `Unsupported Media Type: ${req.headers['content-type'] ?? '(none)'}`);
        }
        if (malformed) throw new HttpError(400, 'invalid_json', 'Body is not valid JSON');
      }
      [status, answer] = route(method, url, req.headers, body);
    } catch (thrown) {
      const error = asHttpError(thrown);
      [status, answer, headers] = [error.status, { ok: false, error: error.error, message: error.message }, { ...rate, ...error.headers }];
    }
    record.status = status;
    if (fault.kind === 'serve' && fault.loseAnswer) {
      record.answerLost = true;
      req.socket.resetAndDestroy(); // done, but the client sees ECONNRESET and cannot tell
      return;
    }
    send(res, status, answer, headers);
  }

  const ui = {
    runs,
    // A run added to the map from code is sorted in too: the size tells.
    ordered: () => (ordered?.length === runs.size ? ordered : (ordered = newestFirst(runs.values()))),
    version: () => version,
    stamp: (run: RunRecord) => stamps.get(run) ?? 0,
    titleOf: (action: string) => catalog.facts(action)?.title,
    entityTitleOf: (run: RunRecord) => {
      const blueprint = run.action === null ? undefined : catalog.facts(run.action)?.blueprint;
      return run.entity === undefined || blueprint === undefined ? undefined : entities.get(blueprint, run.entity)?.title;
    },
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      const { status, error: code, message } = asHttpError(error);
      send(res, status, { ok: false, error: code, message });
    });
  });
  // Malformed HTTP gets Port's error shape and a trace id too, instead of Node's bare 400.
  server.on('clientError', (_error, socket: Socket) => {
    if (!socket.writable) return;
    const answer = JSON.stringify({ ok: false, error: 'bad_request', message: 'Malformed HTTP request' });
    socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nx-trace-id: ${randomUUID()}\r\nconnection: close\r\n\r\n${answer}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    runs,
    actions: catalog.actions,
    entities,
    addAction: (definition) => void catalog.addAction(definition),
    addEntity: (entity) => addEntity(entities, entity),
    addBlueprint: (blueprint) => void entities.declare(blueprint),
    requests,
    authCount: () => requests.filter((request) => request.method === 'POST' && request.path === TOKEN_PATH).length,
    createRun: (id = newRunId(), { action, properties, entity } = {}) => addRun(id, { action: action ?? null, properties, entity }),
    issueToken,
    failNext: (count, status = 503) => faults.failNext(count, status),
    loseNextAnswers: (count) => faults.loseNextAnswers(count),
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          server.closeAllConnections();
        });
        await store?.flush();
      })()),
  };
}

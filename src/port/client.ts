import { SecretMasker, UsageError, type RunUpdate, type TerminalStatus } from '../core/index.js';

export type { RunUpdate, RunLogEntry };
import { ApiError } from './errors.js';
import { sendRequest, type HttpResponse } from '../http/request.js';
import { DEFAULT_RETRY_POLICY, RetriesExhausted, backoff, realClock, sendWithRetries, serverRequestedWait, type RetryClock, type RetryPolicy } from '../http/retry.js';
import { LogMarks, asRunLogEntry, mayHaveArrived, mayHaveBeenDone, type RunLogEntry } from './lost-logs.js';
import type { OutageMemory } from './outage.js';
import { isFresh, type TokenGrant } from './token.js';

const REGIONS: Record<string, string> = {
  eu: 'https://api.getport.io',
  us: 'https://api.us.port.io',
};
export const DEFAULT_BASE_URL = REGIONS.eu!;

/** PORT_BASE_URL may be a URL or a region shortcut (`eu`, `us`). */
export function resolveBaseUrl(value: string | undefined): string {
  const text = (value ?? '').trim();
  if (text === '') return DEFAULT_BASE_URL;
  const region = REGIONS[text.toLowerCase()];
  if (region) return region;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`PORT_BASE_URL: "${text}" is not a URL; expected https://... or a region (eu, us)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`PORT_BASE_URL: "${text}" is not an http(s) URL; expected https://... or a region (eu, us)`);
  }
  return url.href.replace(/\/+$/, '');
}

export interface PortClientOptions {
  baseUrl: string;
  clientId?: string;
  clientSecret?: string;
  /** A token an earlier step or process already got, so this one does not authenticate again. */
  token?: TokenGrant;
  /** Hears of every new token, so a face can hand it on (GITHUB_ENV) to later steps. */
  onToken?: (grant: TokenGrant) => void;
  /** Hears of each retry, for a debug line. */
  onRetry?: (what: string, attempt: number, waitMs: number, reason: string) => void;
  policy?: Partial<RetryPolicy>;
  clock?: RetryClock;
  /**
   * Applied to every text of a log or run update before it leaves, to keep secrets out of Port, where no runner
   * masks anything. A log stream over this client also masks its lines with it, and learns add-mask values.
   */
  masker?: SecretMasker;
  /** What the job knows of Port being unreachable (outage.ts): while it is marked, each call makes one quick attempt. */
  outage?: OutageMemory;
  /** Hears Port's rate-limit headers on every answer that has them, so a bulk operation can pace itself. */
  onRateLimit?: (state: RateLimitState) => void;
}

/** Port's rate-limit headers (x-ratelimit-limit, -remaining, -reset, -period), as of one answer. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  periodSeconds?: number;
  /** When the answer arrived (the client's clock), which resetSeconds counts from. */
  at: number;
}


/**
 * How long the one attempt may wait while Port is marked unreachable: long enough for a Port that is back to
 * answer, short enough that a dead one (or an address that never answers) costs a step seconds, not a minute.
 */
const QUICK_ATTEMPT_MS = 5_000;

export interface LogEntry {
  message: string;
  terminationStatus?: TerminalStatus;
  statusLabel?: string;
}

export interface PortRun {
  id: string;
  status: string;
  [field: string]: unknown;
}

/**
 * Port's REST API for action runs (PORT-FACTS.md §5). One token per client, renewed once when Port answers
 * 401; every call under the retry policy; failures as ApiError with Port's status, error code and trace id.
 * The token and the client secret never appear in an error.
 */
export class PortClient {
  readonly baseUrl: string;
  #grant: TokenGrant | undefined;
  /** The token request under way, so calls made meanwhile wait for it rather than authenticating again. */
  #pendingAuth: Promise<string> | undefined;
  #auths = 0;
  readonly #policy: RetryPolicy;
  readonly #clock: RetryClock;
  /** What this client keeps out of Port (see PortClientOptions.masker). */
  readonly masker: SecretMasker;
  /** Where each run's log stood at Port's last answer, to find a log whose answer was lost (lost-logs.ts). */
  readonly #logMarks = new LogMarks();
  /** Since when Port is known unreachable (this process or an earlier step gave up on it); null: not read yet. */
  #downSince: number | undefined | null = null;

  constructor(private readonly options: PortClientOptions) {
    this.baseUrl = options.baseUrl;
    this.masker = options.masker ?? new SecretMasker();
    this.#grant = options.token;
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    this.#clock = options.clock ?? realClock;
  }

  /** How many times this client asked Port for a token. */
  get authCount(): number {
    return this.#auths;
  }

  get canAuthenticate(): boolean {
    return Boolean(this.options.clientId && this.options.clientSecret);
  }

  /** A token that is not near its end: the one held, else a new one. */
  async accessToken(): Promise<string> {
    if (isFresh(this.#grant, this.#clock.now())) return this.#grant.token;
    return this.#authenticate();
  }

  #authenticate(): Promise<string> {
    this.#pendingAuth ??= this.#requestToken().then(
      (token) => {
        this.#pendingAuth = undefined;
        return token;
      },
      (error: unknown) => {
        // Every call needs the token: once Port is found unreachable, this failure answers them all, rather than
        // each making an attempt of its own (exec's early token request, then its first batch of lines).
        if (this.#downSince === undefined || this.#downSince === null) this.#pendingAuth = undefined;
        throw error;
      },
    );
    return this.#pendingAuth;
  }

  async #requestToken(): Promise<string> {
    const { clientId, clientSecret } = this.options;
    if (!clientId || !clientSecret) {
      throw new UsageError('Port credentials missing: set PORT_CLIENT_ID and PORT_CLIENT_SECRET (or pass a PORT_ACCESS_TOKEN)');
    }
    this.#auths++;
    const body = await this.#json('POST', '/v1/auth/access_token', { clientId, clientSecret }, 'get an access token');
    if (typeof body.accessToken !== 'string' || body.accessToken === '') {
      throw new ApiError('Port answered the token request without an accessToken', 200);
    }
    const seconds = typeof body.expiresIn === 'number' ? body.expiresIn : undefined;
    this.#grant = { token: body.accessToken, expiresAt: seconds === undefined ? undefined : this.#clock.now() + seconds * 1000 };
    this.masker.add(body.accessToken); // kept out of Port as the tokens in the environment are, though in none yet
    this.options.onToken?.(this.#grant);
    return body.accessToken;
  }

  /**
   * Adds an entry to the run's log, once, its message and label masked: when an answer is lost, the log is looked
   * for before it is sent again, and a run-ending entry refused as a second end is checked to be the one that
   * ended the run (lost-logs.ts). `masked`: the message is lines a LogStream over this client already masked one
   * by one (before cutting long ones), so they are not scanned twice.
   */
  async addLog(runId: string, entry: LogEntry, options: { masked?: boolean } = {}): Promise<Record<string, unknown>> {
    const message = options.masked ? entry.message : this.masker.mask(entry.message);
    const body: LogEntry = { ...entry, message };
    if (entry.statusLabel !== undefined) body.statusLabel = this.masker.mask(entry.statusLabel);
    const path = `/v1/actions/runs/${encodeURIComponent(runId)}/logs`;
    /** When (our clock) the first attempt left whose answer never came: from then on Port may hold the entry. */
    const lost: { since?: number } = {};
    const ends = entry.terminationStatus !== undefined;
    let answer: Record<string, unknown>;
    try {
      answer = await this.#authorized('POST', path, body, `add a log to run ${runId}`, true, (send, token) => async (timeoutMs) => {
        if (lost.since !== undefined && !ends) {
          const look = await this.#lookForLog(runId, message, lost.since, token, timeoutMs);
          if (look) return look; // the copy found, as Port would have answered; or Port's refusal of the look
        }
        const sentAt = this.#clock.now();
        try {
          const response = await send(timeoutMs);
          if (mayHaveBeenDone(response.status)) lost.since ??= sentAt;
          return response;
        } catch (error) {
          if (mayHaveArrived(error)) lost.since ??= sentAt;
          throw error;
        }
      });
    } catch (error) {
      if (!(ends && lost.since !== undefined && error instanceof ApiError && error.code === 'run_exhausted')) throw error;
      // Not ended with this entry (someone else ended it: their word stands), or no telling: the 422 stands.
      const copy = await this.#endedWith(runId, message, entry.terminationStatus!).catch(() => undefined);
      if (!copy) throw error;
      return { ok: true, runLog: copy };
    }
    const stored = asRunLogEntry(answer.runLog);
    if (stored) this.#logMarks.acknowledge(runId, stored);
    return answer;
  }

  /**
   * Reads the run's log for the copy of a log whose answer was lost. Returns the answer to give in place of the
   * lost one: a 201 holding the copy, or Port's own refusal of the read (401 renews the token, 429 and 5xx are
   * retried); undefined when the log must be sent again (no copy, or no telling). A network error is thrown:
   * the attempt failed, and the next one looks again.
   */
  async #lookForLog(runId: string, message: string, lostSince: number, token: string | undefined, timeoutMs: number): Promise<HttpResponse | undefined> {
    const listed = await this.#listLogs(runId, token, timeoutMs);
    if (!('entries' in listed)) return listed.refused;
    const copy = this.#logMarks.findCopy(runId, message, listed.entries, listed.portNow === undefined ? undefined : listed.portNow - (this.#clock.now() - lostSince));
    if (typeof copy === 'string') return undefined;
    return { status: 201, headers: {}, text: JSON.stringify({ ok: true, runLog: copy }) };
  }

  /**
   * Every entry of the run's log, page by page (Port lists at most 50 a call), and Port's time at the last page
   * (its Date header, to the second). A page refused with 401, 429 or 5xx is handed back; another refusal (the
   * token may not read logs) leaves no way to look, so it gives no entries and no time.
   */
  async #listLogs(runId: string, token: string | undefined, timeoutMs: number): Promise<{ entries: RunLogEntry[]; portNow?: number } | { refused: HttpResponse }> {
    const entries: RunLogEntry[] = [];
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'port-ci', ...(token ? { authorization: `Bearer ${token}` } : {}) };
    for (let offset = 0; ; offset += LOGS_PAGE) {
      const url = `${this.baseUrl}/v1/actions/runs/${encodeURIComponent(runId)}/logs?limit=${LOGS_PAGE}&offset=${offset}`;
      const response = await sendRequest('GET', url, headers, undefined, timeoutMs);
      if (response.status === 401 || response.status === 429 || response.status >= 500) return { refused: response };
      const page = response.status === 200 ? logPage(parseBody(response)) : undefined;
      if (!page) return { entries: [] };
      entries.push(...page);
      if (page.length < LOGS_PAGE) {
        const date = Date.parse(String(response.headers.date ?? ''));
        return { entries, ...(Number.isFinite(date) ? { portNow: date } : {}) };
      }
    }
  }

  /**
   * After a lost answer and a 422 run_exhausted: the copy of the run-ending log, if the run ended with its status
   * and its log holds its text (newer than the mark, when there is one). Without a mark any entry with that text
   * will do: whether it is this copy or an identical one, the run's log and status are what this log meant.
   */
  async #endedWith(runId: string, message: string, status: TerminalStatus): Promise<RunLogEntry | undefined> {
    const run = await this.getRun(runId);
    if (run.status !== status) return undefined;
    const entries = await this.listLogs(runId).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 200) return undefined;
      throw error;
    });
    if (!entries) return undefined;
    const copy = this.#logMarks.findCopy(runId, message, entries, Number.NEGATIVE_INFINITY);
    return typeof copy === 'string' ? undefined : copy;
  }

  /**
   * Every entry of the run's log, oldest first, page by page (Port lists at most 50 a call).
   * @throws ApiError as every call does; with status 200 when Port's answer lacks the entries.
   */
  async listLogs(runId: string): Promise<RunLogEntry[]> {
    const entries: RunLogEntry[] = [];
    for (let offset = 0; ; offset += LOGS_PAGE) {
      const path = `/v1/actions/runs/${encodeURIComponent(runId)}/logs?limit=${LOGS_PAGE}&offset=${offset}`;
      const page = logPage(await this.#authorized('GET', path, undefined, `read the logs of run ${runId}`));
      if (!page) throw new ApiError(`Could not read the logs of run ${runId}: Port's answer has no list of runLogs`, 200);
      entries.push(...page);
      if (page.length < LOGS_PAGE) return entries;
    }
  }

  /** Updates the run, every text in it (summary, label, links, external id) masked. */
  updateRun(runId: string, update: RunUpdate): Promise<Record<string, unknown>> {
    const mask = (text: string) => this.masker.mask(text);
    const body: RunUpdate = { ...update };
    if (update.summary !== undefined) body.summary = mask(update.summary);
    if (update.statusLabel !== undefined) body.statusLabel = mask(update.statusLabel);
    if (update.externalRunId !== undefined) body.externalRunId = mask(update.externalRunId);
    if (typeof update.link === 'string') body.link = mask(update.link);
    else if (Array.isArray(update.link)) body.link = update.link.map(mask);
    return this.#authorized('PATCH', `/v1/actions/runs/${encodeURIComponent(runId)}`, body, `update run ${runId}`);
  }

  async getRun(runId: string): Promise<PortRun> {
    const body = await this.#authorized('GET', `/v1/actions/runs/${encodeURIComponent(runId)}`, undefined, `read run ${runId}`);
    return body.run as PortRun;
  }

  /**
   * Executes an action as Port's UI would: Port creates the run and triggers the backend itself. Not idempotent:
   * only a 429 (a refusal) is retried, never a lost answer, which may have started a run.
   */
  async createRun(action: string, request: { properties: Record<string, unknown>; entity?: string }, runAs?: string): Promise<PortRun> {
    const query = runAs ? `?run_as=${encodeURIComponent(runAs)}` : '';
    const body = await this.#authorized('POST', `/v1/actions/${encodeURIComponent(action)}/runs${query}`, request, `create a run of ${action}`, false);
    return body.run as PortRun;
  }

  /** An action or automation definition as Port holds it (either format), for dispatching it by identifier. */
  async getAction(identifier: string): Promise<Record<string, unknown>> {
    const body = await this.#authorized('GET', `/v1/actions/${encodeURIComponent(identifier)}`, undefined, `read action ${identifier}`);
    return body.action as Record<string, unknown>;
  }

  /** An entity of the catalog, as templates see it in `.entity`. */
  async getEntity(blueprint: string, identifier: string): Promise<Record<string, unknown>> {
    const path = `/v1/blueprints/${encodeURIComponent(blueprint)}/entities/${encodeURIComponent(identifier)}`;
    const body = await this.#authorized('GET', path, undefined, `read entity ${identifier} of blueprint ${blueprint}`);
    return body.entity as Record<string, unknown>;
  }

  /**
   * Any call of Port's API with the client's token, retries and errors: for the API's other rooms (the catalog's
   * calls are in src/catalog/port-api.ts, so an action step that only logs does not carry them).
   * @param idempotent false for a call that must not be repeated after a lost answer (only a 429 is waited out).
   */
  request(method: string, path: string, body: unknown, what: string, idempotent = true): Promise<Record<string, unknown>> {
    return this.#authorized(method, path, body, what, idempotent);
  }

  /**
   * The Kafka brokers and SASL credentials Port hands an organisation's execution agent (GET /v1/kafka-credentials,
   * as port-agent asks). The password is added to the masker. Throws ApiError when Port refuses or answers
   * without them.
   */
  async getKafkaCredentials(): Promise<{ brokers: string[]; username: string; password: string }> {
    const body = await this.#authorized('GET', '/v1/kafka-credentials', undefined, 'get the Kafka credentials');
    const credentials = body.credentials as { brokers?: unknown; username?: unknown; password?: unknown } | undefined;
    const brokers = credentials?.brokers;
    if (
      !Array.isArray(brokers) ||
      brokers.length === 0 ||
      !brokers.every((broker) => typeof broker === 'string' && broker !== '') ||
      typeof credentials?.username !== 'string' ||
      typeof credentials.password !== 'string'
    ) {
      throw new ApiError('Port answered /v1/kafka-credentials without credentials.brokers, username and password', 200);
    }
    this.masker.add(credentials.password);
    return { brokers: brokers as string[], username: credentials.username, password: credentials.password };
  }

  /**
   * A call with the token; on 401 the token is renewed once (if credentials allow) and the call repeated.
   * @param attempt wraps each attempt's send (addLog looks for a lost log first), given the token in use.
   */
  async #authorized(method: string, path: string, body: unknown, what: string, idempotent = true, attempt?: AttemptWrapper): Promise<Record<string, unknown>> {
    const token = await this.accessToken();
    try {
      return await this.#json(method, path, body, what, token, idempotent, attempt);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401 || !this.canAuthenticate) throw error;
      this.#grant = undefined;
      return this.#json(method, path, body, what, await this.#authenticate(), idempotent, attempt);
    }
  }

  /** A call that must not be repeated: a 429 (nothing was done) is waited out; a lost answer is not retried. */
  async #sendOnce(send: (timeoutMs: number) => Promise<HttpResponse>, what: string): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      let answer: HttpResponse;
      try {
        answer = await send(this.#policy.attemptTimeoutMs);
      } catch (error) {
        throw new ApiError(`Could not ${what}: no answer from Port (${(error as Error).message}); it may have been done, so check before trying again`, null);
      }
      if (answer.status !== 429 || attempt >= 3) return answer;
      await this.#clock.sleep(serverRequestedWait(429, answer.headers, this.#clock.now()) ?? backoff(attempt, this.#policy, this.#clock.random));
    }
  }

  /** The policy for the next call: in full, or one quick attempt while Port is marked unreachable. */
  #policyNow(): RetryPolicy {
    if (this.#downSince === null) this.#downSince = this.options.outage?.downSince();
    if (this.#downSince === undefined) return this.#policy;
    const quick = Math.min(QUICK_ATTEMPT_MS, this.#policy.attemptTimeoutMs, this.#policy.deadlineMs);
    return { ...this.#policy, maxAttempts: 1, attemptTimeoutMs: quick, deadlineMs: quick };
  }

  /** Port answered (below 500): whatever the answer, it is reachable again. */
  #reached(): void {
    if (this.#downSince === undefined || this.#downSince === null) return;
    this.#downSince = undefined;
    this.options.outage?.clear();
  }

  /** A call gave up on Port: later calls of this process, and the job's later steps, make one quick attempt. */
  #gaveUp(): void {
    if (this.#downSince !== undefined && this.#downSince !== null) return; // keep when it started
    this.#downSince = this.#clock.now();
    this.options.outage?.markDown(this.#downSince);
  }

  async #json(method: string, path: string, body: unknown, what: string, token?: string, idempotent = true, attempt?: AttemptWrapper): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'port-ci' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const text = body === undefined ? undefined : JSON.stringify(body);
    let response: HttpResponse;
    const plain = (timeoutMs: number) => sendRequest(method, `${this.baseUrl}${path}`, headers, text, timeoutMs);
    const tried = attempt ? attempt(plain, token) : plain;
    const send = async (timeoutMs: number) => {
      const answer = await tried(timeoutMs);
      if (answer.status < 500) this.#reached();
      if (this.options.onRateLimit) {
        const state = rateLimitOf(answer, this.#clock.now());
        if (state) this.options.onRateLimit(state);
      }
      return answer;
    };
    const policy = this.#policyNow();
    const downSince = this.#downSince ?? undefined; // set: this call makes one quick attempt
    if (!idempotent) {
      response = await this.#sendOnce((timeoutMs) => send(Math.min(timeoutMs, policy.attemptTimeoutMs)), what);
      if (response.status >= 400) {
        throw new ApiError(`Could not ${what}: ${describeAnswer(response)}`, response.status, portError(response)?.error ?? null, traceId(response));
      }
      return parseBody(response) ?? {};
    }
    try {
      response = await sendWithRetries(
        send,
        policy,
        this.#clock,
        (attempt, waitMs, last) =>
          this.options.onRetry?.(what, attempt, waitMs, last.response ? `Port answered ${last.response.status}` : (last.error?.message ?? 'no answer')),
      );
    } catch (error) {
      if (!(error instanceof RetriesExhausted)) throw error;
      const { response: lastResponse, error: lastError } = error.last;
      const reason = lastResponse ? describeAnswer(lastResponse) : `Port could not be reached at ${this.baseUrl} (${lastError?.message ?? 'no answer'})`;
      const unreachable = lastResponse === undefined || lastResponse.status >= 500; // a 429 is Port answering
      if (unreachable) this.#gaveUp();
      const tries = downSince === undefined ? error.message : `one attempt only: Port at ${this.baseUrl} has been unreachable since ${clockTime(downSince)} (this job gave up on it then)`;
      throw new ApiError(`Could not ${what}: ${reason}; ${tries}`, lastResponse?.status ?? null, portError(lastResponse)?.error ?? null, traceId(lastResponse));
    }
    if (response.status >= 400) {
      throw new ApiError(`Could not ${what}: ${describeAnswer(response)}`, response.status, portError(response)?.error ?? null, traceId(response));
    }
    return parseBody(response) ?? {};
  }
}

function rateLimitOf(answer: HttpResponse, at: number): RateLimitState | undefined {
  const number = (name: string) => {
    const value = answer.headers[name];
    const text = Array.isArray(value) ? value[0] : value;
    const parsed = text === undefined ? NaN : Number(text);
    return Number.isFinite(parsed) ? parsed : undefined;
  };
  const limit = number('x-ratelimit-limit');
  const remaining = number('x-ratelimit-remaining');
  const resetSeconds = number('x-ratelimit-reset');
  if (limit === undefined || remaining === undefined || resetSeconds === undefined) return undefined;
  const periodSeconds = number('x-ratelimit-period');
  return { limit, remaining, resetSeconds, ...(periodSeconds === undefined ? {} : { periodSeconds }), at };
}

/** `01:02:03 UTC`: when, in the words of a job log, whose lines carry the time already. */
function clockTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

/** Port lists a run's logs at most 50 a call (get-an-actions-run-logs.json). */
const LOGS_PAGE = 50;

/** The entries of one page of a run's log, or undefined when the answer lacks what a look needs. */
function logPage(body: Record<string, unknown> | undefined): RunLogEntry[] | undefined {
  const items = body?.runLogs;
  if (!Array.isArray(items)) return undefined;
  const entries = items.map(asRunLogEntry);
  return entries.every((entry) => entry !== undefined) ? (entries as RunLogEntry[]) : undefined;
}

/** Wraps one attempt's send, given the token it carries. */
type AttemptWrapper = (send: (timeoutMs: number) => Promise<HttpResponse>, token: string | undefined) => (timeoutMs: number) => Promise<HttpResponse>;

function parseBody(response: HttpResponse): Record<string, unknown> | undefined {
  try {
    const value: unknown = response.text ? JSON.parse(response.text) : undefined;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function portError(response: HttpResponse | undefined): { error?: string; message?: string } | undefined {
  if (!response) return undefined;
  const body = parseBody(response);
  return {
    error: typeof body?.error === 'string' ? body.error : undefined,
    message: typeof body?.message === 'string' ? body.message : undefined,
  };
}

function traceId(response: HttpResponse | undefined): string | null {
  const value = response?.headers['x-trace-id'];
  return typeof value === 'string' ? value : null;
}

/** `Port answered 422 run_exhausted: The run has already ended (trace id abc)`. */
function describeAnswer(response: HttpResponse): string {
  const { error, message } = portError(response) ?? {};
  const detail = [error, message].filter(Boolean).join(': ');
  const trace = traceId(response);
  return `Port answered ${response.status}${detail ? ` ${detail}` : ''}${trace ? ` (trace id ${trace})` : ''}`;
}

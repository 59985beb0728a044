import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A local Port API that holds the toolkit to Port's contract (PORT-FACTS.md §5): it refuses what Port refuses,
 * so a test fails when the client sends a field, value or header the real API would reject.
 * The body rules are those of Port's published OpenAPI operations in /work/shared/port-api/*.json, copied here
 * (that folder is not in the repository, so CI could not read it at start-up).
 */

type Check = (value: unknown) => boolean;
const isString: Check = (value) => typeof value === 'string';
const oneOf = (...words: string[]): Check => (value) => typeof value === 'string' && words.includes(value);
const TERMINAL = oneOf('SUCCESS', 'FAILURE');

/** An `additionalProperties: false` object schema: the allowed fields, each with its check, and the required ones. */
interface BodyRule {
  fields: Record<string, Check>;
  required: string[];
}

/** create-an-access-token.json */
const TOKEN_BODY: BodyRule = { fields: { clientId: isString, clientSecret: isString }, required: ['clientId', 'clientSecret'] };
/** add-a-log-to-an-action-run.json */
const LOG_BODY: BodyRule = { fields: { message: isString, terminationStatus: TERMINAL, statusLabel: isString }, required: ['message'] };
/** update-an-action-run.json, less its deprecated `message` (an object) that the toolkit must not send. */
const PATCH_BODY: BodyRule = {
  fields: {
    status: TERMINAL,
    statusLabel: isString,
    link: (value) => isString(value) || (Array.isArray(value) && value.every(isString)),
    summary: isString,
    externalRunId: isString,
  },
  required: [],
};

const MAX_BODY_BYTES = 1024 * 1024;
const TOKEN_PATH = '/v1/auth/access_token';

export interface RunState {
  status: 'IN_PROGRESS' | 'SUCCESS' | 'FAILURE';
  statusLabel?: string;
  link?: string | string[];
  summary?: string;
  externalRunId?: string;
  logs: { message: string; terminationStatus?: string; statusLabel?: string }[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The parsed JSON body, the raw text when it was not JSON, or undefined when there was none. */
  body: unknown;
}

export interface PortApi {
  url: string;
  runs: Map<string, RunState>;
  /** Every request in arrival order, including refused ones. */
  requests: RecordedRequest[];
  /** Token requests received (accepted or not). */
  authCount(): number;
  createRun(id: string): RunState;
  /** A valid token, as an earlier step would have got, without counting an authentication. */
  issueToken(): string;
  /** Answers the next `count` requests with `status` (503 by default) and Port's error body, touching nothing. */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

function checkBody(body: unknown, rule: BodyRule): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(422, 'invalid_request', 'body must be an object');
  for (const name of rule.required) {
    if (!(name in body)) throw new HttpError(422, 'invalid_request', `body must have required property '${name}'`);
  }
  for (const [name, value] of Object.entries(body)) {
    const check = rule.fields[name];
    if (!check) throw new HttpError(422, 'invalid_request', `body must NOT have additional property '${name}'`);
    if (!check(value)) throw new HttpError(422, 'invalid_request', `body/${name} has a value the schema does not allow`);
  }
  return body as Record<string, unknown>;
}

/** Reads the whole body; over 1 MiB is refused after the upload ends, so the client sees the 413 rather than a reset. */
async function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_BODY_BYTES };
}

export async function startPortApi(options: { clientId: string; clientSecret: string; runs?: string[] }): Promise<PortApi> {
  const runs = new Map<string, RunState>();
  const requests: RecordedRequest[] = [];
  const tokens = new Set<string>();
  let failures = { count: 0, status: 503 };

  const createRun = (id: string): RunState => {
    const run: RunState = { status: 'IN_PROGRESS', logs: [] };
    runs.set(id, run);
    return run;
  };
  const issueToken = (): string => {
    const token = `tok_${randomUUID()}`;
    tokens.add(token);
    return token;
  };
  options.runs?.forEach(createRun);

  function findRun(id: string): RunState {
    const run = runs.get(id);
    if (!run) throw new HttpError(404, 'not_found', `Action run with identifier "${id}" was not found`);
    return run;
  }

  function authorize(req: IncomingMessage): void {
    const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    if (!match || !tokens.has(match[1]!)) throw new HttpError(401, 'unauthorized', 'Invalid or missing bearer token');
  }

  function end(run: RunState, status: 'SUCCESS' | 'FAILURE'): void {
    if (run.status !== 'IN_PROGRESS') throw new HttpError(422, 'run_exhausted', `The run has already ended with status ${run.status}`);
    run.status = status;
  }

  /** Routes one request; `body` is already parsed JSON (or undefined). Returns [status, answer]. */
  function route(req: IncomingMessage, path: string, body: unknown): [number, unknown] {
    const method = req.method ?? '';
    if (method === 'POST' && path === TOKEN_PATH) {
      const { clientId, clientSecret } = checkBody(body, TOKEN_BODY);
      if (clientId !== options.clientId || clientSecret !== options.clientSecret) {
        throw new HttpError(401, 'unauthorized', 'Invalid client credentials');
      }
      return [200, { ok: true, accessToken: issueToken(), expiresIn: 10800, tokenType: 'Bearer' }];
    }
    const logs = /^\/v1\/actions\/runs\/([^/]+)\/logs$/.exec(path);
    if (method === 'POST' && logs) {
      authorize(req);
      const id = decodeURIComponent(logs[1]!);
      const entry = checkBody(body, LOG_BODY) as RunState['logs'][number];
      const run = findRun(id);
      if (entry.terminationStatus) end(run, entry.terminationStatus as 'SUCCESS' | 'FAILURE');
      if (entry.statusLabel !== undefined) run.statusLabel = entry.statusLabel;
      run.logs.push(entry);
      return [201, { ok: true, runLog: { id: randomUUID(), runId: id, message: entry.message, createdBy: 'ci', createdAt: new Date().toISOString() } }];
    }
    const runPath = /^\/v1\/actions\/runs\/([^/]+)$/.exec(path);
    if (runPath && (method === 'PATCH' || method === 'GET')) {
      authorize(req);
      const id = decodeURIComponent(runPath[1]!);
      const run = findRun(id);
      if (method === 'PATCH') {
        // The PATCH body is optional in the schema: no body is an empty update.
        const update = checkBody(body ?? {}, PATCH_BODY);
        if (update.status !== undefined) end(run, update.status as 'SUCCESS' | 'FAILURE');
        for (const [key, value] of Object.entries(update)) if (key !== 'status') Object.assign(run, { [key]: value });
      }
      const { logs: _logs, ...fields } = run;
      return [200, { ok: true, run: { id, action: { identifier: 'test-action' }, properties: {}, requiredApproval: false, source: 'API', ...fields } }];
    }
    throw new HttpError(404, 'not_found', `Route ${method} ${path} not found`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('x-trace-id', randomUUID());
    res.setHeader('content-type', 'application/json');
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const { text, tooLarge } = await readBody(req);
    let body: unknown;
    let malformed = false;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      [body, malformed] = [text, true]; // recorded as sent, refused below
    }
    requests.push({ method: req.method ?? '', path, body });
    let status: number;
    let answer: unknown;
    try {
      if (failures.count > 0) {
        failures.count -= 1;
        throw new HttpError(failures.status, 'injected_failure', `Injected failure ${failures.status}`);
      }
      if (tooLarge) throw new HttpError(413, 'payload_too_large', 'Request body is too large (limit is 1MiB)');
      if (text !== '') {
        if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
          throw new HttpError(415, 'unsupported_media_type', `Unsupported Media Type: ${req.headers['content-type'] ?? '(none)'}`);
        }
        if (malformed) throw new HttpError(400, 'invalid_json', 'Body is not valid JSON');
      }
      [status, answer] = route(req, path, body);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      [status, answer] = [error.status, { ok: false, error: error.error, message: error.message }];
    }
    res.writeHead(status).end(JSON.stringify(answer));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(JSON.stringify({ ok: false, error: 'internal_error', message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    runs,
    requests,
    authCount: () => requests.filter((request) => request.method === 'POST' && request.path === TOKEN_PATH).length,
    createRun,
    issueToken,
    failNext: (count, status = 503) => {
      failures = { count, status };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

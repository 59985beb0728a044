import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../src/core/index.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox, type SandboxOptions } from '../src/sandbox/server.js';
import { tempDir } from './support/cli.js';

/* The sandbox must refuse what Port refuses, or every test that talks to it proves nothing. */

const open: Sandbox[] = [];
let api: Sandbox;
let token: string;

/** A sandbox for one test, closed after it. */
async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  api = await startSandbox({ clientId: 'id', clientSecret: 'secret', runs: ['r1'], ...options });
  open.push(api);
  token = api.issueToken();
  return api;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((each) => each.close()));
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    traceId: response.headers.get('x-trace-id'),
    json: (await response.json()) as Record<string, any>,
  };
}

/** One request on a fresh connection through node:http, to see a reset as the toolkit's client sees it. */
function rawGet(url: string, authorization: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { authorization } }, (res) => {
      res.resume().on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sandbox: Port contract', () => {
  it('issues a token for exactly {clientId, clientSecret} and counts the requests', async () => {
    await sandbox();
    expect((await call('POST', '/v1/auth/access_token', { clientId: 'id', clientSecret: 'secret' })).json).toMatchObject({
      ok: true,
      expiresIn: 10800,
      tokenType: 'Bearer',
    });
    expect((await call('POST', '/v1/auth/access_token', { clientId: 'id', clientSecret: 'wrong' })).status).toBe(401);
    expect((await call('POST', '/v1/auth/access_token', { clientId: 'id', clientSecret: 'secret', scope: 'x' })).status).toBe(422);
    expect((await call('POST', '/v1/auth/access_token', { clientId: 'id' })).status).toBe(422);
    expect(api.authCount()).toBe(4);
  });

  it('accepts the built-in credentials when none are given, with a secret long enough to decrypt with', async () => {
    api = await startSandbox();
    open.push(api);
    const answer = await call('POST', '/v1/auth/access_token', { clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET });
    expect(answer.status).toBe(200);
    expect(answer.json.accessToken).toEqual(expect.any(String));
    expect(Buffer.byteLength(SANDBOX_CLIENT_SECRET)).toBeGreaterThanOrEqual(32);
  });

  it.each([
    ['an unknown field', { message: 'm', level: 'info' }],
    ['no message', { statusLabel: 'x' }],
    ['a lower-case termination status', { message: 'm', terminationStatus: 'success' }],
    ['a message that is not a string', { message: 1 }],
  ])('refuses a log with %s (422)', async (_case, body) => {
    await sandbox();
    const answer = await call('POST', '/v1/actions/runs/r1/logs', body);
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ ok: false, error: 'invalid_request', message: expect.any(String) });
    expect(api.runs.get('r1')!.logs).toEqual([]);
  });

  it('adds a log with 201 and a runLog, and a statusLabel alone leaves the run in progress', async () => {
    await sandbox();
    const answer = await call('POST', '/v1/actions/runs/r1/logs', { message: 'step 1', statusLabel: 'Deploying' });
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({ ok: true, runLog: { runId: 'r1', message: 'step 1', createdBy: 'id', createdAt: expect.any(String) } });
    expect(api.runs.get('r1')).toMatchObject({ status: 'IN_PROGRESS', statusLabel: 'Deploying', logs: [{ message: 'step 1', statusLabel: 'Deploying' }] });
    expect(api.runs.get('r1')!.endedAt).toBeUndefined();
  });

  it('ends a run once, by log or by PATCH', async () => {
    await sandbox();
    expect((await call('POST', '/v1/actions/runs/r1/logs', { message: 'm', terminationStatus: 'SUCCESS' })).status).toBe(201);
    const again = await call('POST', '/v1/actions/runs/r1/logs', { message: 'm', terminationStatus: 'FAILURE' });
    expect(again).toMatchObject({ status: 422, json: { ok: false, error: 'run_exhausted' } });
    expect((await call('PATCH', '/v1/actions/runs/r1', { status: 'FAILURE' })).status).toBe(422);
    expect((await call('PATCH', '/v1/actions/runs/r1', { summary: 'after the end' })).status).toBe(200);
    expect(api.runs.get('r1')).toMatchObject({ status: 'SUCCESS', summary: 'after the end', endedAt: expect.any(String) });
    expect(api.runs.get('r1')!.logs).toHaveLength(1);
  });

  it('ends a run by PATCH, after which neither a log nor a status is taken', async () => {
    await sandbox();
    expect((await call('PATCH', '/v1/actions/runs/r1', { status: 'FAILURE', statusLabel: 'Cancelled' })).json).toMatchObject({
      ok: true,
      run: { id: 'r1', status: 'FAILURE', statusLabel: 'Cancelled', endedAt: expect.any(String) },
    });
    expect(await call('POST', '/v1/actions/runs/r1/logs', { message: 'late line' })).toMatchObject({ status: 422, json: { error: 'run_exhausted' } });
    expect((await call('POST', '/v1/actions/runs/r1/logs', { message: 'm', terminationStatus: 'SUCCESS' })).json.error).toBe('run_exhausted');
  });

  it('replaces each PATCHed key and shows the run', async () => {
    await sandbox();
    await call('PATCH', '/v1/actions/runs/r1', { link: ['a', 'b'], statusLabel: 'one' });
    await call('PATCH', '/v1/actions/runs/r1', { link: 'c' });
    const { json } = await call('GET', '/v1/actions/runs/r1');
    expect(json).toMatchObject({ ok: true, run: { id: 'r1', status: 'IN_PROGRESS', link: 'c', statusLabel: 'one' } });
    expect(json.run).toMatchObject({ action: { identifier: expect.any(String) }, properties: {}, requiredApproval: false, source: 'API' });
  });

  it.each([
    ['the deprecated message object', { message: {} }],
    ['an unknown field', { state: 'done' }],
    ['a link array of numbers', { link: [1] }],
    ['status IN_PROGRESS', { status: 'IN_PROGRESS' }],
  ])('refuses a PATCH with %s (422)', async (_case, body) => {
    await sandbox();
    expect((await call('PATCH', '/v1/actions/runs/r1', body)).status).toBe(422);
  });

  it('lists the logs in the shape of get-an-actions-run-logs, with limit and offset', async () => {
    await sandbox();
    for (const message of ['one', 'two', 'three']) await call('POST', '/v1/actions/runs/r1/logs', { message });
    const all = await call('GET', '/v1/actions/runs/r1/logs');
    expect(all.status).toBe(200);
    expect(all.json.runLogs).toEqual(
      ['one', 'two', 'three'].map((message) => ({ id: expect.any(String), runId: 'r1', message, createdBy: 'id', createdAt: expect.any(String) })),
    );
    expect((await call('GET', '/v1/actions/runs/r1/logs?limit=1&offset=1')).json.runLogs.map((log: any) => log.message)).toEqual(['two']);
    expect((await call('GET', '/v1/actions/runs/r1/logs?limit=51')).status).toBe(422);
    expect((await call('GET', '/v1/actions/runs/nope/logs')).status).toBe(404);
  });

  it('creates a run for an action with 202, as execute-a-self-service-action documents', async () => {
    await sandbox();
    const answer = await call('POST', '/v1/actions/deploy_service/runs', { properties: { replicas: 2 }, entity: 'checkout-api' });
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({
      ok: true,
      run: { id: expect.stringMatching(/^r_[A-Za-z0-9_-]+$/), status: 'IN_PROGRESS', action: { identifier: 'deploy_service' }, entity: { identifier: 'checkout-api' }, properties: { replicas: 2 } },
    });
    const id = answer.json.run.id as string;
    expect(api.runs.get(id)).toMatchObject({ action: 'deploy_service', status: 'IN_PROGRESS', properties: { replicas: 2 }, entity: 'checkout-api', logs: [] });
    expect((await call('GET', `/v1/actions/runs/${id}`)).json.run.id).toBe(id);
  });

  it.each([
    ['no properties', { entity: 'e' }],
    ['properties that are an array', { properties: [] }],
    ['an entity that is not a string', { properties: {}, entity: { identifier: 'e' } }],
    ['an unknown field', { properties: {}, runAs: 'me' }],
  ])('refuses to create a run with %s (422)', async (_case, body) => {
    await sandbox();
    const answer = await call('POST', '/v1/actions/deploy_service/runs', body);
    expect(answer).toMatchObject({ status: 422, json: { ok: false, error: 'invalid_request' } });
    expect([...api.runs.keys()]).toEqual(['r1']);
  });

  it.each([
    ['POST', '/v1/actions/runs/r1/logs', { message: 'm' }],
    ['GET', '/v1/actions/runs/r1/logs', undefined],
    ['PATCH', '/v1/actions/runs/r1', { summary: 's' }],
    ['GET', '/v1/actions/runs/r1', undefined],
    ['POST', '/v1/actions/deploy/runs', { properties: {} }],
  ])('refuses %s %s without a bearer token (401)', async (method, path, body) => {
    await sandbox();
    for (const authorization of ['', 'Bearer nope', `Basic ${token}`, token]) {
      const answer = await call(method, path, body, { authorization });
      expect(answer).toMatchObject({ status: 401, json: { ok: false, error: 'unauthorized' } });
    }
    expect(api.runs.get('r1')).toMatchObject({ logs: [], status: 'IN_PROGRESS' });
    expect(api.runs.get('r1')!.summary).toBeUndefined();
  });

  it.each([
    ['POST', '/v1/actions/runs/nope/logs', { message: 'm' }],
    ['PATCH', '/v1/actions/runs/nope', { summary: 's' }],
    ['GET', '/v1/actions/runs/nope', undefined],
  ])('answers 404 for %s %s, an unknown run', async (method, path, body) => {
    await sandbox();
    expect(await call(method, path, body)).toMatchObject({ status: 404, json: { ok: false, error: 'not_found' } });
  });

  it('answers errors in Port shape with a trace id', async () => {
    await sandbox();
    const cases = [
      [401, await call('GET', '/v1/actions/runs/r1', undefined, { authorization: 'Bearer nope' })],
      [404, await call('GET', '/v1/actions/runs/nope')],
      [404, await call('DELETE', '/v1/actions/runs/r1')],
      [404, await call('GET', '/v1/entities')],
      [400, await call('POST', '/v1/actions/runs/r1/logs', '{"message":')],
      [413, await call('POST', '/v1/actions/runs/r1/logs', { message: 'x'.repeat(1024 * 1024) })],
      [415, await call('POST', '/v1/actions/runs/r1/logs', 'message=m', { 'content-type': 'application/x-www-form-urlencoded' })],
    ] as const;
    for (const [status, answer] of cases) {
      expect(answer.status).toBe(status);
      expect(answer.json).toMatchObject({ ok: false, error: expect.any(String), message: expect.any(String) });
      expect(answer.traceId).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(api.runs.get('r1')!.logs).toEqual([]);
  });

  it('puts a trace id and rate-limit headers on answers that succeed, and a trace id on the page', async () => {
    await sandbox();
    const answer = await call('GET', '/v1/actions/runs/r1');
    expect(answer.traceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
    expect(Number(answer.headers.get('x-ratelimit-remaining'))).toBeLessThan(Number(answer.headers.get('x-ratelimit-limit')));
    // Port's x-ratelimit-reset counts the seconds left in the period (docs.port.io/api-reference/rate-limits).
    expect(Number(answer.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    expect(Number(answer.headers.get('x-ratelimit-reset'))).toBeLessThanOrEqual(60);
    expect(answer.headers.get('x-ratelimit-period')).toBe('60');
    for (const path of ['/', '/api/state', '/favicon.ico']) {
      expect((await fetch(`${api.url}${path}`)).headers.get('x-trace-id'), path).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('records every API request in order with its answer, but not the page', async () => {
    await sandbox();
    await call('POST', '/v1/actions/runs/r1/logs', { message: 'm' });
    await call('PATCH', '/v1/actions/runs/r1', { bogus: true });
    await fetch(`${api.url}/`);
    await call('POST', '/v1/actions/runs/r1/logs', '{oops');
    expect(api.requests).toEqual([
      { method: 'POST', path: '/v1/actions/runs/r1/logs', status: 201, body: { message: 'm' } },
      { method: 'PATCH', path: '/v1/actions/runs/r1', status: 422, body: { bogus: true } },
      { method: 'POST', path: '/v1/actions/runs/r1/logs', status: 400, body: '{oops' },
    ]);
  });

  it('creates runs from code, with a new r_ id when none is given', async () => {
    await sandbox();
    const run = api.createRun(undefined, { action: 'deploy' });
    expect(run).toMatchObject({ id: expect.stringMatching(/^r_/), action: 'deploy', status: 'IN_PROGRESS', logs: [] });
    expect(api.runs.get(run.id)).toBe(run);
    expect(api.createRun('r2').action).toBeNull();
  });

  it("hands out the organisation's Kafka credentials behind the token, as port-agent reads them, and 404 when it holds none", async () => {
    await sandbox({ kafkaCredentials: { brokers: ['127.0.0.1:9096', 'localhost:9097'], username: 'org_abc', password: 'kafka-pw' } });
    expect(await call('GET', '/v1/kafka-credentials')).toMatchObject({
      status: 200,
      json: { ok: true, credentials: { brokers: ['127.0.0.1:9096', 'localhost:9097'], username: 'org_abc', password: 'kafka-pw' } },
    });
    expect((await call('GET', '/v1/kafka-credentials', undefined, { authorization: 'Bearer nope' })).status).toBe(401);
    await sandbox();
    expect(await call('GET', '/v1/kafka-credentials')).toMatchObject({ status: 404, json: { ok: false, error: 'not_found' } });
    await expect(startSandbox({ kafkaCredentials: { brokers: [], username: 'u', password: 'p' } })).rejects.toThrow(/kafkaCredentials: expected brokers/);
  });
});

describe('sandbox: faults', () => {
  it('answers the next N requests with the injected status, then normally', async () => {
    await sandbox();
    api.failNext(2, 503);
    expect((await call('GET', '/v1/actions/runs/r1')).status).toBe(503);
    expect((await call('GET', '/v1/actions/runs/r1')).status).toBe(503);
    expect((await call('GET', '/v1/actions/runs/r1')).status).toBe(200);
  });

  it('waits at least latencyMs before each API answer', async () => {
    const latencyMs = 150;
    await sandbox({ latencyMs });
    for (let i = 0; i < 2; i++) {
      const started = performance.now();
      expect((await call('GET', '/v1/actions/runs/r1')).status).toBe(200);
      // Node's timers may fire up to a millisecond before a wall-clock measure of the same span.
      expect(performance.now() - started).toBeGreaterThanOrEqual(latencyMs - 1);
    }
  });

  it('answers exactly every n-th API request with a 5xx in Port error shape, touching nothing', async () => {
    await sandbox({ failEvery: { n: 3, status: 503 } });
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const answer = await call('POST', '/v1/actions/runs/r1/logs', { message: `line ${i}` });
      statuses.push(answer.status);
      if (answer.status === 503) {
        expect(answer.json).toMatchObject({ ok: false, error: 'service_unavailable', message: expect.any(String) });
        expect(answer.traceId).toMatch(/^[0-9a-f-]{36}$/);
      }
    }
    expect(statuses).toEqual([201, 201, 503, 201, 201, 503, 201, 201, 503]);
    expect(api.runs.get('r1')!.logs.map((log) => log.message)).toEqual(['line 0', 'line 1', 'line 3', 'line 4', 'line 6', 'line 7']);
    expect(api.requests.map((request) => request.status)).toEqual(statuses);
  });

  it('answers a rate-limit fault with 429, retry-after: 1 and an exhausted limit', async () => {
    await sandbox({ failEvery: { n: 2, status: 429 } });
    expect((await call('GET', '/v1/actions/runs/r1')).status).toBe(200);
    const limited = await call('GET', '/v1/actions/runs/r1');
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ ok: false, error: 'too_many_requests' });
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('x-ratelimit-period')).toMatch(/^\d+$/);
  });

  it('resets the connection of every n-th API request without answering', async () => {
    await sandbox({ dropEvery: 2 });
    const url = `${api.url}/v1/actions/runs/r1`;
    expect(await rawGet(url, `Bearer ${token}`)).toBe(200);
    await expect(rawGet(url, `Bearer ${token}`)).rejects.toMatchObject({ message: expect.stringMatching(/ECONNRESET|socket hang up/) });
    expect(await rawGet(url, `Bearer ${token}`)).toBe(200);
    expect(api.requests.map((request) => request.status)).toEqual([200, 0, 200]);
  });

  it('serves every n-th API request and then resets its connection: the log is stored, the answer lost', async () => {
    await sandbox({ loseAnswerEvery: 2 });
    const post = (message: string) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ message });
        const req = http.request(`${api.url}/v1/actions/runs/r1/logs`, { method: 'POST', agent: false, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (res) =>
          res.resume().on('end', () => resolve(res.statusCode ?? 0)),
        );
        req.on('error', reject);
        req.end(body);
      });
    expect(await post('one')).toBe(201);
    await expect(post('two')).rejects.toMatchObject({ message: expect.stringMatching(/ECONNRESET|socket hang up/) });
    expect(await post('three')).toBe(201);
    expect(api.runs.get('r1')!.logs.map((log) => log.message)).toEqual(['one', 'two', 'three']);
    expect(api.requests.map((request) => [request.status, request.answerLost ?? false])).toEqual([[201, false], [201, true], [201, false]]);
    api.loseNextAnswers(1);
    await expect(post('four')).rejects.toMatchObject({ message: expect.stringMatching(/ECONNRESET|socket hang up/) });
    expect(api.runs.get('r1')!.logs.at(-1)!.message).toBe('four');
  });

  it('refuses a fault schedule it cannot follow', async () => {
    await expect(startSandbox({ failEvery: { n: 0, status: 503 } })).rejects.toThrow(RangeError);
    await expect(startSandbox({ failEvery: { n: 3, status: 200 } })).rejects.toThrow(/429 or 500-599/);
    await expect(startSandbox({ dropEvery: 1.5 })).rejects.toThrow(RangeError);
    await expect(startSandbox({ loseAnswerEvery: 0 })).rejects.toThrow(RangeError);
  });

  it('expires tokens after tokenTtlSeconds, whether issued by the API or by issueToken', async () => {
    await sandbox({ tokenTtlSeconds: 0.5 });
    const issued = await call('POST', '/v1/auth/access_token', { clientId: 'id', clientSecret: 'secret' });
    expect(issued.json.expiresIn).toBe(0.5);
    const fresh = { authorization: `Bearer ${issued.json.accessToken}` };
    expect((await call('GET', '/v1/actions/runs/r1', undefined, fresh)).status).toBe(200);
    await sleep(600);
    for (const headers of [fresh, {}]) {
      const answer = await call('POST', '/v1/actions/runs/r1/logs', { message: 'too late' }, headers);
      expect(answer).toMatchObject({ status: 401, json: { ok: false, error: 'unauthorized', message: expect.stringMatching(/expired/) } });
    }
    expect(api.runs.get('r1')!.logs).toEqual([]);
  });
});

describe('sandbox: data file', () => {
  it('keeps runs and logs across a restart', async () => {
    const dataFile = path.join(tempDir(), 'sandbox.json');
    await sandbox({ dataFile });
    await call('POST', '/v1/actions/runs/r1/logs', { message: 'first <line>' });
    await call('PATCH', '/v1/actions/runs/r1', { status: 'SUCCESS', link: ['https://a.example'], summary: 'done', externalRunId: '42' });
    const before = structuredClone(api.runs.get('r1'));
    await api.close();

    const saved = JSON.parse(readFileSync(dataFile, 'utf8'));
    expect(saved).toMatchObject({ version: 1, runs: [{ id: 'r1', status: 'SUCCESS', logs: [{ message: 'first <line>' }] }] });

    await sandbox({ dataFile, runs: ['r1', 'r2'] });
    expect(api.runs.get('r1')).toEqual(before);
    expect(api.runs.get('r2')).toMatchObject({ status: 'IN_PROGRESS', logs: [] });
    expect((await call('GET', '/v1/actions/runs/r1')).json.run).toMatchObject({ status: 'SUCCESS', summary: 'done', externalRunId: '42' });
  });

  it('saves soon after a change without waiting for close, leaving no temp file', async () => {
    const dir = tempDir();
    const dataFile = path.join(dir, 'sandbox.json');
    await sandbox({ dataFile });
    await call('POST', '/v1/actions/runs/r1/logs', { message: 'saved soon' });
    let saved = '';
    for (let i = 0; i < 50 && !saved.includes('saved soon'); i++) {
      await sleep(20);
      saved = readFileSync(dataFile, 'utf8');
    }
    expect(saved).toContain('saved soon');
    expect(readdirSync(dir)).toEqual(['sandbox.json']);
  });

  it('refuses a data file that is not one of its own, leaving it untouched', async () => {
    const dataFile = path.join(tempDir(), 'notes.json');
    writeFileSync(dataFile, '{"todo": ["buy milk"]}');
    await expect(startSandbox({ dataFile })).rejects.toThrow(UsageError);
    await expect(startSandbox({ dataFile })).rejects.toThrow(/notes\.json: not a port-ci sandbox data file/);
    expect(readFileSync(dataFile, 'utf8')).toBe('{"todo": ["buy milk"]}');
  });

  it("keeps a run's affected entities across a restart, and refuses a file whose entities are not {blueprint, identifier}", async () => {
    const dataFile = path.join(tempDir(), 'sandbox.json');
    await sandbox({ dataFile });
    api.runs.get('r1')!.entities = [{ blueprint: 'service', identifier: 'checkout-api' }];
    await api.close();
    await sandbox({ dataFile });
    expect(api.runs.get('r1')!.entities).toEqual([{ blueprint: 'service', identifier: 'checkout-api' }]);
    await api.close();

    writeFileSync(dataFile, JSON.stringify({ version: 1, runs: [{ id: 'r1', status: 'SUCCESS', logs: [], entities: ['checkout-api'] }] }));
    await expect(startSandbox({ dataFile })).rejects.toThrow(/not a port-ci sandbox data file \(expected/);
  });

  it('fails to start when the data file cannot be written', async () => {
    const dataFile = path.join(tempDir(), 'missing-dir', 'sandbox.json');
    await expect(startSandbox({ dataFile })).rejects.toThrow(/cannot write the sandbox data file \(ENOENT\)/);
    expect(existsSync(dataFile)).toBe(false);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPortApi, type PortApi } from './port-api.js';

/* The local Port API must refuse what Port refuses, or the e2e tests prove nothing. */

let api: PortApi;
let token: string;

beforeEach(async () => {
  api = await startPortApi({ clientId: 'id', clientSecret: 'secret', runs: ['r1'] });
  token = api.issueToken();
});

afterEach(async () => {
  await api.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, traceId: response.headers.get('x-trace-id'), json: (await response.json()) as Record<string, unknown> };
}

describe('local Port API', () => {
  it('issues a token for exactly {clientId, clientSecret} and counts the requests', async () => {
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

  it.each([
    ['an unknown field', { message: 'm', level: 'info' }],
    ['no message', { statusLabel: 'x' }],
    ['a lower-case termination status', { message: 'm', terminationStatus: 'success' }],
    ['a message that is not a string', { message: 1 }],
  ])('refuses a log with %s (422)', async (_case, body) => {
    const answer = await call('POST', '/v1/actions/runs/r1/logs', body);
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ ok: false, error: 'invalid_request', message: expect.any(String) });
    expect(api.runs.get('r1')!.logs).toEqual([]);
  });

  it('ends a run once, by log or by PATCH', async () => {
    expect((await call('POST', '/v1/actions/runs/r1/logs', { message: 'm', terminationStatus: 'SUCCESS' })).status).toBe(201);
    const again = await call('POST', '/v1/actions/runs/r1/logs', { message: 'm', terminationStatus: 'FAILURE' });
    expect(again).toMatchObject({ status: 422, json: { ok: false, error: 'run_exhausted' } });
    expect((await call('PATCH', '/v1/actions/runs/r1', { status: 'FAILURE' })).status).toBe(422);
    expect((await call('PATCH', '/v1/actions/runs/r1', { summary: 'after the end' })).status).toBe(200);
    expect(api.runs.get('r1')).toMatchObject({ status: 'SUCCESS', summary: 'after the end' });
  });

  it('replaces each PATCHed key and shows the run', async () => {
    await call('PATCH', '/v1/actions/runs/r1', { link: ['a', 'b'], statusLabel: 'one' });
    await call('PATCH', '/v1/actions/runs/r1', { link: 'c' });
    const { json } = await call('GET', '/v1/actions/runs/r1');
    expect(json).toMatchObject({ ok: true, run: { id: 'r1', status: 'IN_PROGRESS', link: 'c', statusLabel: 'one' } });
  });

  it.each([
    ['the deprecated message object', { message: {} }],
    ['an unknown field', { state: 'done' }],
    ['a link array of numbers', { link: [1] }],
    ['status IN_PROGRESS', { status: 'IN_PROGRESS' }],
  ])('refuses a PATCH with %s (422)', async (_case, body) => {
    expect((await call('PATCH', '/v1/actions/runs/r1', body)).status).toBe(422);
  });

  it('answers errors in Port shape with a trace id', async () => {
    const cases = [
      [401, await call('GET', '/v1/actions/runs/r1', undefined, { authorization: 'Bearer nope' })],
      [404, await call('GET', '/v1/actions/runs/nope')],
      [400, await call('POST', '/v1/actions/runs/r1/logs', '{"message":')],
      [413, await call('POST', '/v1/actions/runs/r1/logs', { message: 'x'.repeat(1024 * 1024) })],
    ] as const;
    for (const [status, answer] of cases) {
      expect(answer.status).toBe(status);
      expect(answer.json).toMatchObject({ ok: false, error: expect.any(String), message: expect.any(String) });
      expect(answer.traceId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('answers the next N requests with the injected status, then normally', async () => {
    api.failNext(2, 503);
    expect((await call('GET', '/v1/actions/runs/r1')).status).toBe(503);
    expect((await call('GET', '/v1/actions/runs/r1')).status).toBe(503);
    expect((await call('GET', '/v1/actions/runs/r1')).status).toBe(200);
  });
});

import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../src/sandbox/server.js';
import { tempDir } from './support/cli.js';
import { haveSchemas, schemaErrors } from './support/port-schemas.js';

/* Runs beyond one run's reporting: the runs list, approvals, run_as; and Port's rate limit. Real HTTP throughout. */

const open: Sandbox[] = [];
let api: Sandbox;
let token: string;

async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  api = await startSandbox({ clientId: 'id', clientSecret: 'secret', ...options });
  open.push(api);
  token = api.issueToken();
  return api;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((each) => each.close()));
});

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, any> };
}

function action(identifier: string, extra: Record<string, unknown> = {}) {
  return {
    identifier,
    title: `Title of ${identifier}`,
    trigger: { type: 'self-service', operation: 'DAY-2', blueprintIdentifier: 'service', userInputs: { properties: {} } },
    invocationMethod: { type: 'WEBHOOK', url: 'https://hooks.example/x' },
    ...extra,
  };
}

const runIds = (runs: { id: string }[]) => runs.map((run) => run.id);

describe('sandbox: GET /v1/actions/runs', () => {
  async function seed() {
    await sandbox({ actions: [action('deploy'), action('restart', { trigger: { ...action('').trigger, blueprintIdentifier: 'cluster' } })] });
    const create = async (name: string, body: Record<string, unknown>, query = '') => (await call('POST', `/v1/actions/${name}/runs${query}`, body)).json.run.id as string;
    const a = await create('deploy', { properties: {}, entity: 'cart' });
    const b = await create('deploy', { properties: {}, entity: 'auth' }, '?run_as=dev@example.com');
    const c = await create('restart', { properties: {}, entity: 'eu-1' });
    await call('PATCH', `/v1/actions/runs/${a}`, { externalRunId: 'gh-42', status: 'SUCCESS' });
    await call('PATCH', `/v1/actions/runs/${c}`, { externalRunId: 'gh-43' });
    return { a, b, c };
  }
  const list = async (query: string) => {
    const answer = await call('GET', `/v1/actions/runs${query}`);
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    return runIds(answer.json.runs);
  };

  it('lists every run newest first, and each filter ANDed with the others', async () => {
    const { a, b, c } = await seed();
    expect(await list('')).toEqual([c, b, a]);
    expect(await list('?external_run_id=gh-42')).toEqual([a]);
    expect(await list('?external_run_id=gh-99')).toEqual([]);
    expect(await list('?action=deploy')).toEqual([b, a]);
    expect(await list('?action=deploy&active=true')).toEqual([b]);
    expect(await list('?active=false')).toEqual([a]);
    expect(await list('?entity=eu-1')).toEqual([c]);
    expect(await list('?blueprint=cluster')).toEqual([c]);
    expect(await list('?user_email=dev@example.com')).toEqual([b]);
    expect(await list('?user_id=id&source=API&version=v2')).toEqual([c, b, a]);
    expect(await list('?source=UI')).toEqual([]);
    expect(await list('?limit=2')).toEqual([c, b]);
  });

  it('shows each run as GET /v1/actions/runs/{id} does, less the fields named by exclude', async () => {
    const { a } = await seed();
    const [run] = (await call('GET', '/v1/actions/runs?external_run_id=gh-42')).json.runs;
    expect(run).toEqual((await call('GET', `/v1/actions/runs/${a}`)).json.run);
    expect(run).toMatchObject({ id: a, status: 'SUCCESS', externalRunId: 'gh-42', action: { identifier: 'deploy', title: 'Title of deploy' }, entity: { identifier: 'cart' } });
    const [trimmed] = (await call('GET', '/v1/actions/runs?external_run_id=gh-42&exclude=properties&exclude=action')).json.runs;
    expect(Object.keys(trimmed)).not.toContain('properties');
    expect(Object.keys(trimmed)).not.toContain('action');
  });

  it.each([
    ['active=yes', 'querystring/active must be boolean'],
    ['limit=0', 'querystring/limit must be a number from 1 to 1000'],
    ['limit=1001', 'querystring/limit must be a number from 1 to 1000'],
    ['source=CLI', 'querystring/source/0 must be equal to one of the allowed values (UI, API, AUTOMATION)'],
    ['version=v3', 'querystring/version/0 must be equal to one of the allowed values (v1, v2)'],
  ])('refuses %s (422 naming it)', async (query, message) => {
    await sandbox();
    expect(await call('GET', `/v1/actions/runs?${query}`)).toMatchObject({ status: 422, json: { ok: false, error: 'invalid_request', message } });
  });

  it('refuses a run_as that is not an email when creating a run (422), creating none', async () => {
    await sandbox();
    expect(await call('POST', '/v1/actions/deploy/runs?run_as=dev', { properties: {} })).toMatchObject({ status: 422, json: { message: 'querystring/run_as must match format "email"' } });
    expect(api.runs.size).toBe(0);
  });
});

describe('sandbox: approvals', () => {
  const GATED = action('drop_db', { requiredApproval: { type: 'ANY' } });

  it('starts a run of an action that requires approval WAITING_FOR_APPROVAL; APPROVE makes it IN_PROGRESS (201 {ok, run})', async () => {
    await sandbox({ actions: [GATED] });
    const created = await call('POST', '/v1/actions/drop_db/runs', { properties: {}, entity: 'orders' });
    expect(created.json.run).toMatchObject({ status: 'WAITING_FOR_APPROVAL', requiredApproval: { type: 'ANY' } });
    const id = created.json.run.id as string;
    // Nothing runs before the approval: no log is taken, and no entity can be tied to it.
    expect(await call('POST', `/v1/actions/runs/${id}/logs`, { message: 'too early' })).toMatchObject({ status: 422, json: { message: expect.stringContaining('is waiting for approval') } });
    expect(await call('POST', `/v1/blueprints/service/entities?run_id=${id}`, { identifier: 'x' })).toMatchObject({ status: 422, json: { message: expect.stringContaining('is waiting for approval') } });

    const approved = await call('PATCH', `/v1/actions/runs/${id}/approval`, { status: 'APPROVE', description: 'looks fine' });
    expect(approved).toMatchObject({ status: 201, json: { ok: true, run: { id, status: 'IN_PROGRESS', approval: { state: 'APPROVED', description: 'looks fine', userId: 'id' } } } });
    expect((await call('POST', `/v1/actions/runs/${id}/logs`, { message: 'now' })).status).toBe(201);
    expect(await call('PATCH', `/v1/actions/runs/${id}/approval`, { status: 'APPROVE' })).toEqual({
      status: 422,
      headers: expect.anything(),
      json: { ok: false, error: 'invalid_request', message: `Run "${id}" is not waiting for approval (its status is IN_PROGRESS); only a run of an action with requiredApproval waits for one` },
    });
  });

  it('ends a declined run DECLINED, which then takes no log, no status and no second decision', async () => {
    await sandbox({ actions: [GATED] });
    const id = (await call('POST', '/v1/actions/drop_db/runs', { properties: {}, entity: 'orders' })).json.run.id as string;
    const declined = await call('PATCH', `/v1/actions/runs/${id}/approval?version=v2`, { status: 'DECLINE' });
    expect(declined.json.run).toMatchObject({ status: 'DECLINED', approval: { state: 'DECLINED', userId: 'id' }, endedAt: expect.any(String) });
    expect(await call('POST', `/v1/actions/runs/${id}/logs`, { message: 'x' })).toMatchObject({ status: 422, json: { error: 'run_exhausted' } });
    expect(await call('PATCH', `/v1/actions/runs/${id}`, { status: 'SUCCESS' })).toMatchObject({ status: 422, json: { error: 'run_exhausted' } });
    expect((await call('PATCH', `/v1/actions/runs/${id}/approval`, { status: 'DECLINE' })).status).toBe(422);
    expect((await call('GET', '/v1/actions/runs?active=true')).json.runs).toEqual([]);
  });

  it('lets a request waiting for approval be withdrawn by setting FAILURE, as Port does', async () => {
    await sandbox({ actions: [GATED] });
    const id = (await call('POST', '/v1/actions/drop_db/runs', { properties: {}, entity: 'orders' })).json.run.id as string;
    expect((await call('PATCH', `/v1/actions/runs/${id}`, { status: 'FAILURE', statusLabel: 'withdrawn' })).json.run).toMatchObject({ status: 'FAILURE', statusLabel: 'withdrawn' });
    expect((await call('PATCH', `/v1/actions/runs/${id}/approval`, { status: 'APPROVE' })).status).toBe(422);
  });

  it.each([
    [{ status: 'MAYBE' }, 'body/status must be equal to one of the allowed values (DECLINE, APPROVE)'],
    [{}, "body must have required property 'status'"],
    [{ status: 'APPROVE', reason: 'x' }, "body must NOT have additional property 'reason'"],
    [{ status: 'APPROVE', description: 5 }, 'body/description must be string'],
  ])('refuses the approval body %j (422), deciding nothing', async (body, message) => {
    await sandbox({ actions: [GATED] });
    const id = (await call('POST', '/v1/actions/drop_db/runs', { properties: {}, entity: 'orders' })).json.run.id as string;
    expect(await call('PATCH', `/v1/actions/runs/${id}/approval`, body)).toMatchObject({ status: 422, json: { message } });
    expect(api.runs.get(id)!.status).toBe('WAITING_FOR_APPROVAL');
  });

  it('answers 404 for the approval of a run it does not hold', async () => {
    await sandbox();
    expect(await call('PATCH', '/v1/actions/runs/r_nope/approval', { status: 'APPROVE' })).toMatchObject({ status: 404, json: { error: 'not_found' } });
  });

  it("keeps a waiting run's page live, and shows a declined one ended in the failure colour", async () => {
    await sandbox({ actions: [GATED] });
    const id = (await call('POST', '/v1/actions/drop_db/runs', { properties: {}, entity: 'orders' })).json.run.id as string;
    const page = async () => (await fetch(`${api.url}/runs/${id}`)).text();
    expect(await page()).toContain('data-live="true"');
    expect(await page()).toContain('<span class="status running">WAITING_FOR_APPROVAL</span>');
    await call('PATCH', `/v1/actions/runs/${id}/approval`, { status: 'DECLINE' });
    expect(await page()).not.toContain('data-live');
    expect(await page()).toContain('<span class="status failure">DECLINED</span>');
  });
});

describe('sandbox: the data file', () => {
  it('keeps a run waiting for approval, a decision, and affected entities with their titles and changes across a restart', async () => {
    const dataFile = path.join(tempDir(), 'sandbox.json');
    await sandbox({ dataFile, actions: [action('drop_db', { requiredApproval: true })], runs: ['r_job'] });
    const waiting = (await call('POST', '/v1/actions/drop_db/runs', { properties: {}, entity: 'orders' })).json.run.id as string;
    const declined = (await call('POST', '/v1/actions/drop_db/runs', { properties: {}, entity: 'orders' })).json.run.id as string;
    await call('PATCH', `/v1/actions/runs/${declined}/approval`, { status: 'DECLINE', description: 'no' });
    await call('POST', '/v1/blueprints/service/entities?run_id=r_job', { identifier: 'cart', title: 'Cart' });
    await api.close();
    await sandbox({ dataFile });
    expect(api.runs.get(waiting)).toMatchObject({ status: 'WAITING_FOR_APPROVAL', requiredApproval: true });
    expect(api.runs.get(declined)).toMatchObject({ status: 'DECLINED', approval: { state: 'DECLINED', description: 'no', userId: 'id' } });
    expect(api.runs.get('r_job')!.entities).toEqual([{ blueprint: 'service', identifier: 'cart', title: 'Cart', change: 'created' }]);
  });
});

describe.skipIf(!haveSchemas)("sandbox: run answers match Port's published response schemas", () => {
  it('answers the run routes in the shape their schemas document', async () => {
    await sandbox({ actions: [action('drop_db', { requiredApproval: true })] });
    const created = await call('POST', '/v1/actions/drop_db/runs?run_as=dev@example.com', { properties: { why: 'cleanup' }, entity: 'orders' });
    const id = created.json.run.id as string;
    await call('PATCH', `/v1/actions/runs/${id}/approval`, { status: 'APPROVE', description: 'ok' });
    await call('PATCH', `/v1/actions/runs/${id}`, { link: ['https://ci.example/1'], summary: 's', statusLabel: 'l', externalRunId: 'e' });
    const checks: [string, { status: number; json: unknown }][] = [
      ['execute-a-self-service-action', created],
      ['get-an-action-runs-details', await call('GET', `/v1/actions/runs/${id}`)],
      ['get-an-action-runs-details', await call('GET', '/v1/actions/runs/r_nope')],
      ['get-all-action-runs', await call('GET', '/v1/actions/runs?action=drop_db')],
      ['get-all-action-runs', await call('GET', '/v1/actions/runs?exclude=link&exclude=summary')],
      ['approve-an-action-run', await call('PATCH', `/v1/actions/runs/${(await call('POST', '/v1/actions/drop_db/runs', { properties: {}, entity: 'x' })).json.run.id}/approval`, { status: 'DECLINE' })],
      ['approve-an-action-run', await call('PATCH', `/v1/actions/runs/${id}/approval`, { status: 'DECLINE' })],
    ];
    expect(checks.map(([, answer]) => answer.status)).toEqual([202, 200, 404, 200, 200, 201, 422]);
    for (const [file, answer] of checks) expect(schemaErrors(file, answer.status, answer.json), `${file} ${answer.status}: ${JSON.stringify(answer.json)}`).toBe('');
  });
});

describe('sandbox: rate limit', () => {
  it('answers 429 past the limit with retry-after and an exhausted budget, touching nothing', async () => {
    await sandbox({ rateLimit: { limit: 3, periodSeconds: 60 }, runs: ['r1'] });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await call('POST', '/v1/actions/runs/r1/logs', { message: `line ${i}` }));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 429, 429]);
    expect(answers.map((answer) => answer.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0', '0', '0']);
    const limited = answers[3]!;
    const reset = limited.headers.get('x-ratelimit-reset')!;
    expect(limited.json).toEqual({ ok: false, error: 'too_many_requests', message: `Rate limit exceeded: 3 requests every 60 s; retry in ${reset} s` });
    expect(limited.headers.get('retry-after')).toBe(reset);
    expect(Number(reset)).toBeGreaterThanOrEqual(1);
    expect(Number(reset)).toBeLessThanOrEqual(60);
    expect(limited.headers.get('x-ratelimit-limit')).toBe('3');
    expect(limited.headers.get('x-ratelimit-period')).toBe('60');
    expect(api.runs.get('r1')!.logs.map((log) => log.message)).toEqual(['line 0', 'line 1', 'line 2']);
    expect(api.requests.map((request) => request.status)).toEqual([201, 201, 201, 429, 429]);
  });

  it('serves again once the retry-after it gave has passed', async () => {
    await sandbox({ rateLimit: { limit: 2, periodSeconds: 1 }, runs: ['r1'] });
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    // However slow this machine, a 429 comes within limit + 1 requests of one period: at most 3 more than that.
    for (let i = 0; i < 6 && !limited; i++) {
      const answer = await call('GET', '/v1/actions/runs/r1');
      if (answer.status === 429) limited = answer;
    }
    expect(limited?.headers.get('retry-after')).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, Number(limited!.headers.get('retry-after')) * 1000));
    const later = await call('GET', '/v1/actions/runs/r1');
    expect(later.status).toBe(200);
    expect(later.headers.get('x-ratelimit-remaining')).toBe('1');
  });

  it('counts the token request and every route, and reports the seconds left in the period', async () => {
    await sandbox({ rateLimit: { limit: 2, periodSeconds: 60 } });
    const tokenAnswer = await fetch(`${api.url}/v1/auth/access_token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId: 'id', clientSecret: 'secret' }) });
    expect(tokenAnswer.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(Number(tokenAnswer.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    expect(Number(tokenAnswer.headers.get('x-ratelimit-reset'))).toBeLessThanOrEqual(60);
    expect((await call('POST', '/v1/blueprints/service/entities', { identifier: 'a' })).status).toBe(201);
    expect(await call('POST', '/v1/blueprints/service/entities', { identifier: 'b' })).toMatchObject({ status: 429, json: { error: 'too_many_requests' } });
    expect(api.entities.size).toBe(1);
  });

  it('refuses a limit or period it cannot keep', async () => {
    await expect(startSandbox({ rateLimit: { limit: 0, periodSeconds: 1 } })).rejects.toThrow('rateLimit.limit: expected a whole number from 1, got 0');
    await expect(startSandbox({ rateLimit: { limit: 5, periodSeconds: 0.5 } })).rejects.toThrow('rateLimit.periodSeconds: expected a whole number from 1, got 0.5');
  });
});

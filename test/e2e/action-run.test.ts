import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunRecord, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { runStep, type StepResult } from '../support/runner.js';

/*
 * actions/run's bundle (dist/run) run as the GitHub runner runs it against the sandbox. A run followed with
 * wait: true is ended by this test over Port's API while the step reads it, as the other action's backend would.
 */

const CLIENT_ID = 'ci-client-id';
const CLIENT_SECRET = `port-secret-${randomUUID()}`;
const RUN_ID = 'r_runStep00000001';

let api: Sandbox;
afterEach(async () => {
  await api?.close();
});

function action(identifier: string, extra: Record<string, unknown> = {}) {
  return {
    identifier,
    title: `Title of ${identifier}`,
    trigger: { type: 'self-service', operation: 'DAY-2', blueprintIdentifier: 'service', userInputs: { properties: { environment: { type: 'string' } } } },
    invocationMethod: { type: 'WEBHOOK', url: 'https://hooks.example/x' },
    ...extra,
  };
}

async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  api = await startSandbox({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    runs: [RUN_ID],
    actions: [action('deploy'), action('drop_db', { requiredApproval: { type: 'ANY' } })],
    entities: [{ blueprint: 'service', identifier: 'cart', title: 'Cart' }],
    ...options,
  });
  return api;
}

function step(inputs: Record<string, string>, env: Record<string, string | undefined> = {}): Promise<StepResult> {
  return runStep('run', { inputs, env: { PORT_RUN_ID: RUN_ID, PORT_BASE_URL: api.url, PORT_CLIENT_ID: CLIENT_ID, PORT_CLIENT_SECRET: CLIENT_SECRET, ...env } });
}

function commands(result: StepResult, name: string): string[] {
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith(`::${name}::`))
    .map((line) => line.slice(name.length + 4));
}

/** Port's API as another party (the action's backend, an approver) uses it. */
async function call(method: string, path: string, body: unknown): Promise<number> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${api.issueToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.status;
}

/** The run of `action` the step created, once it exists. */
async function createdRun(actionId: string): Promise<RunRecord> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
    const found = [...api.runs.values()].find((run) => run.action === actionId);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no run of ${actionId} was created (requests: ${JSON.stringify(api.requests)})`);
}

/** Until the step has read the run at least `count` times: it is following it. */
async function readsOf(runId: string, count: number): Promise<void> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
    if (api.requests.filter((request) => request.method === 'GET' && request.path === `/v1/actions/runs/${runId}`).length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`run ${runId} was not read ${count} times`);
}

describe('actions/run create', () => {
  it('starts a run of the action on an entity with its inputs, and gives its id, status and JSON', async () => {
    await sandbox();
    const result = await step({ operation: 'create', action: 'deploy', properties: '{"environment": "production"}', entity: 'cart', wait: 'false' });

    expect(result.code, result.stdout).toBe(0);
    const created = await createdRun('deploy');
    expect(created).toMatchObject({ properties: { environment: 'production' }, entity: 'cart', status: 'IN_PROGRESS' });
    expect(result.outputs).toMatchObject({ 'run-id': created.id, status: 'IN_PROGRESS' });
    expect(JSON.parse(result.outputs.run!)).toMatchObject({ id: created.id, action: { identifier: 'deploy' }, entity: { identifier: 'cart', title: 'Cart' }, properties: { environment: 'production' } });
    expect(result.stdout).toContain(`Started run ${created.id} of deploy on cart: IN_PROGRESS\n`);
    expect(result.summary).toBe(`### Port run\n\n- started run ${created.id} of deploy on cart\n\n`);
  });

  it('runs as another user with run-as, with the credentials given as inputs', async () => {
    await sandbox();
    // Credentials and Port's URL as inputs, as a job without the root action gives them.
    const result = await step(
      { operation: 'create', action: 'deploy', entity: 'cart', 'run-as': 'dana@example.com', 'port-client-id': CLIENT_ID, 'port-client-secret': CLIENT_SECRET, 'port-base-url': api.url },
      { PORT_CLIENT_ID: undefined, PORT_CLIENT_SECRET: undefined, PORT_BASE_URL: undefined },
    );
    expect(result.code, result.stdout).toBe(0);
    expect((await createdRun('deploy')).runAs).toBe('dana@example.com');
  });

  it('with wait, follows the run until its backend ends it SUCCESS, and passes', async () => {
    await sandbox();
    const running = step({ operation: 'create', action: 'deploy', entity: 'cart', wait: 'true', 'poll-interval': '100ms', timeout: '1m' });
    const created = await createdRun('deploy');
    await readsOf(created.id, 2);
    expect(await call('PATCH', `/v1/actions/runs/${created.id}`, { statusLabel: 'Rolling out' })).toBe(200);
    await readsOf(created.id, 4);
    expect(await call('PATCH', `/v1/actions/runs/${created.id}`, { status: 'SUCCESS', summary: 'Deployed' })).toBe(200);
    const result = await running;

    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ 'run-id': created.id, status: 'SUCCESS' });
    expect(JSON.parse(result.outputs.run!)).toMatchObject({ status: 'SUCCESS', summary: 'Deployed' });
    const progress = result.stdout.split('\n').filter((line) => line.startsWith(`Run ${created.id} is `));
    expect(progress).toEqual([`Run ${created.id} is IN_PROGRESS`, `Run ${created.id} is IN_PROGRESS (Rolling out)`, `Run ${created.id} is SUCCESS (Rolling out)`]);
    expect(result.summary).toBe(`### Port run\n\n- started run ${created.id} of deploy on cart\n- run ${created.id} ended SUCCESS (Rolling out)\n\n`);
  });

  it('with wait, fails when the run ends FAILURE, after setting the outputs', async () => {
    await sandbox();
    const running = step({ operation: 'create', action: 'deploy', entity: 'cart', wait: 'yes', 'poll-interval': '100ms' });
    const created = await createdRun('deploy');
    await readsOf(created.id, 1);
    expect(await call('PATCH', `/v1/actions/runs/${created.id}`, { status: 'FAILURE', summary: 'Rollout stuck' })).toBe(200);
    const result = await running;

    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({ 'run-id': created.id, status: 'FAILURE' });
    expect(commands(result, 'error')).toEqual([`Run ${created.id} ended FAILURE: Rollout stuck.`]);
  });

  it('with wait, keeps waiting while the run waits for approval, then follows it to its end', async () => {
    await sandbox();
    const running = step({ operation: 'create', action: 'drop_db', entity: 'cart', wait: 'true', 'poll-interval': '100ms' });
    const created = await createdRun('drop_db');
    await readsOf(created.id, 3);
    expect(api.runs.get(created.id)!.status).toBe('WAITING_FOR_APPROVAL');
    expect(await call('PATCH', `/v1/actions/runs/${created.id}/approval`, { status: 'APPROVE' })).toBe(201);
    await readsOf(created.id, 5);
    expect(await call('PATCH', `/v1/actions/runs/${created.id}`, { status: 'SUCCESS' })).toBe(200);
    const result = await running;

    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout.split('\n').filter((line) => line.startsWith(`Run ${created.id} is `))).toEqual([
      `Run ${created.id} is WAITING_FOR_APPROVAL`,
      `Run ${created.id} is IN_PROGRESS`,
      `Run ${created.id} is SUCCESS`,
    ]);
  });

  it('with wait, fails when the run is declined', async () => {
    await sandbox();
    const running = step({ operation: 'create', action: 'drop_db', entity: 'cart', wait: 'true', 'poll-interval': '100ms' });
    const created = await createdRun('drop_db');
    await readsOf(created.id, 1);
    expect(await call('PATCH', `/v1/actions/runs/${created.id}/approval`, { status: 'DECLINE', description: 'not today' })).toBe(201);
    const result = await running;

    expect(result.code).toBe(1);
    expect(result.outputs.status).toBe('DECLINED');
    expect(commands(result, 'error')).toEqual([`Run ${created.id} ended DECLINED.`]);
  });

  it('with wait, fails at the timeout naming the run and its status, outputs set', async () => {
    await sandbox();
    const result = await step({ operation: 'create', action: 'deploy', entity: 'cart', wait: 'true', timeout: '1s', 'poll-interval': '200ms' });
    expect(result.code).toBe(1);
    const created = await createdRun('deploy');
    expect(result.outputs).toMatchObject({ 'run-id': created.id, status: 'IN_PROGRESS' });
    expect(commands(result, 'error')).toEqual([`Run ${created.id} is still IN_PROGRESS after 1 s; raise timeout to wait longer.`]);
    expect(result.summary).toContain(`- run ${created.id} still IN_PROGRESS after 1 s\n`);
  });

  it('fails with Port\'s reason for an action it does not hold', async () => {
    await sandbox();
    const result = await step({ operation: 'create', action: 'nope' });
    expect(result.code).toBe(1);
    expect(commands(result, 'error')[0]).toMatch(/^Could not create a run of nope: Port answered 404 not_found/);
    expect(result.outputs).toEqual({});
  });
});

describe('actions/run get', () => {
  it('reads the run PORT_RUN_ID names, or the one run-id names', async () => {
    await sandbox({ runs: [RUN_ID, 'r_otherRun000001'] });
    const current = await step({ operation: 'get' });
    expect(current.code, current.stdout).toBe(0);
    expect(current.outputs).toMatchObject({ 'run-id': RUN_ID, status: 'IN_PROGRESS' });
    expect(current.summary).toBe('');

    await call('PATCH', '/v1/actions/runs/r_otherRun000001', { status: 'SUCCESS' });
    const other = await step({ operation: 'get', 'run-id': 'r_otherRun000001' });
    expect(other.outputs).toMatchObject({ 'run-id': 'r_otherRun000001', status: 'SUCCESS' });
  });

  it('with wait, follows a run started elsewhere until it ends', async () => {
    await sandbox({ runs: [RUN_ID, 'r_otherRun000001'] });
    const running = step({ operation: 'get', 'run-id': 'r_otherRun000001', wait: 'true', 'poll-interval': '100ms' });
    await readsOf('r_otherRun000001', 2);
    await call('PATCH', '/v1/actions/runs/r_otherRun000001', { status: 'SUCCESS' });
    const result = await running;
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs.status).toBe('SUCCESS');
    expect(result.summary).toBe('### Port run\n\n- run r_otherRun000001 ended SUCCESS\n\n');
  });

  it('fails naming a run Port does not have', async () => {
    await sandbox();
    const result = await step({ operation: 'get', 'run-id': 'r_nope' });
    expect(result.code).toBe(1);
    expect(commands(result, 'error')[0]).toMatch(/^Could not read run r_nope: Port answered 404 not_found/);
  });
});

describe('actions/run inputs', () => {
  it.each([
    ['no operation', {}, 'Invalid operation: it is empty. Expected create or get.'],
    ['an unknown operation', { operation: 'approve' }, "Invalid operation 'approve'. Expected create or get."],
    ['create without an action', { operation: 'create' }, "Invalid action: it is empty. create needs the identifier of the action to run (such as 'deploy_service')."],
    ['an action identifier Port refuses', { operation: 'create', action: 'deploy service' }, 'the action input: "deploy service" is not an action identifier (letters, digits, @ _ = -)'],
    ['properties that are not an object', { operation: 'create', action: 'deploy', properties: '"prod"' }, 'the properties input: expected a JSON object such as \'{"tier": "gold"}\' but found the string "prod"'],
    ['an entity identifier Port refuses', { operation: 'create', action: 'deploy', entity: '..' }, 'the entity input: identifier ".." is not accepted; Port takes letters, digits and @ _ . + : \\ / = - (not "." or ".." alone)'],
    ['a timeout without wait', { operation: 'create', action: 'deploy', timeout: '10m' }, "Invalid timeout '10m' without wait: true. It says how long, or how often, the step follows the run."],
    ['a timeout that is not a duration', { operation: 'create', action: 'deploy', wait: 'true', timeout: 'soon' }, 'Invalid timeout: "soon" is not accepted; expected a duration like 90s, 30m or 1h'],
    ['a poll-interval too short', { operation: 'create', action: 'deploy', wait: 'true', 'poll-interval': '0s' }, "Invalid poll-interval '0s'. Expected 100ms or more."],
    ['a run-id for create', { operation: 'create', action: 'deploy', 'run-id': RUN_ID }, 'Invalid run-id for operation create: create does not take it. It takes action, properties, entity, run-as, wait, timeout or poll-interval.'],
    ['an action for get', { operation: 'get', action: 'deploy' }, 'Invalid action for operation get: get does not take it. It takes run-id, wait, timeout or poll-interval.'],
    ['a wait that is not a boolean', { operation: 'get', wait: 'maybe' }, "Invalid wait 'maybe'. Expected true or false."],
  ])('fails before calling Port on %s, naming the input', async (_case, inputs, message) => {
    await sandbox();
    const result = await step(inputs);
    expect(result.code).toBe(1);
    expect(commands(result, 'error')).toEqual([message]);
    expect(api.requests).toEqual([]);
  });

  it('get fails without a run-id when PORT_RUN_ID is not set', async () => {
    await sandbox();
    const result = await step({ operation: 'get' }, { PORT_RUN_ID: undefined });
    expect(commands(result, 'error')).toEqual(['Invalid run-id: it is empty and PORT_RUN_ID is not set. get needs the id of the run to read.']);
  });
});

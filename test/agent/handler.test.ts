import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INTENT_MARK, SENT_MARK, checkSignature, createRunHandler, type RunHandlerConfig } from '../../src/agent/handler.js';
import { parseMapping } from '../../src/agent/mapping.js';
import type { RecordOrigin } from '../../src/agent/types.js';
import { encryptSecret, signWebhook, verifyWebhook } from '../../src/core/index.js';
import { createJqEngine } from '../../src/jq/engine.js';
import { PortClient } from '../../src/port/client.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { startGitLabApi, type GitLabApi } from '../support/gitlab-api.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const SECRET = SANDBOX_CLIENT_SECRET;
const engine = createJqEngine();
afterAll(() => engine.close());

let sandbox: Sandbox;
let receiver: WebhookReceiver;
const closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  sandbox = await startSandbox();
  receiver = await startWebhookReceiver();
  // Some tests close the receiver early to put their own backend in its place.
  closers.push(() => sandbox.close(), () => receiver.close().catch(() => undefined));
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A Port client that gives up on Port within a second, so "Port down" is quick to show. */
function portClient(): PortClient {
  return new PortClient({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: SECRET, policy: { deadlineMs: 1_000, baseDelayMs: 20, maxDelayMs: 100, attemptTimeoutMs: 500 } });
}

function handler(config: Partial<RunHandlerConfig> = {}, port = portClient()) {
  return createRunHandler({ clientSecret: SECRET, env: {}, ...config }, { port, engine });
}

/** Port's run message (PORT-FACTS.md §2) for a run, with its invocation method. */
function runMessage(runId: string, invocationMethod: Record<string, unknown>, properties: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    action: 'deploy',
    resourceType: 'run',
    status: 'TRIGGERED',
    trigger: { by: { orgId: 'org_1', userId: 'auth0|1', user: { email: 'a@b.c' } }, origin: 'UI', at: '2026-01-01T00:00:00.000Z' },
    context: { entity: null, blueprint: 'service', runId },
    payload: { entity: null, action: { identifier: 'deploy', trigger: 'CREATE', invocationMethod }, properties, censoredProperties: [] },
  };
}

/** Signed as Port signs a Kafka message: over the message with `headers: {}`, the two headers then put in. */
function signed(message: Record<string, unknown>, secret = SECRET): Buffer {
  const timestamp = 1_767_225_600;
  const headers = signWebhook(JSON.stringify({ ...message, headers: {} }), secret, timestamp);
  return Buffer.from(JSON.stringify({ ...message, headers }));
}

let offset = 0;
function origin(key?: string): RecordOrigin {
  return { topic: 'org_1.runs', partition: 0, offset: String(offset++), ...(key ? { key } : {}) };
}

function logsOf(runId: string): string[] {
  return sandbox.runs.get(runId)!.logs.map((log) => log.message);
}

/** Everything port-ci sent to Port, as one text: what must never hold a secret. */
function sentToPort(): string {
  return JSON.stringify(sandbox.requests.map((request) => request.body));
}

describe('a webhook run', () => {
  it('is sent signed, with the whole message as body, and recorded: intent and hand-on in the log, the run left to the backend', async () => {
    const run = sandbox.createRun();
    const message = runMessage(run.id, { type: 'WEBHOOK', agent: true, url: `${receiver.url}/hook` }, { name: 'web' });
    const result = await handler().handle(signed(message), origin(run.id));
    expect(result).toEqual({ outcome: 'handed-on', runId: run.id, detail: `${SENT_MARK}WEBHOOK at ${receiver.url}/hook: HTTP 200` });
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    expect(got.method).toBe('POST');
    expect(JSON.parse(got.body)).toEqual(message); // the signature headers are Port's, not the receiver's
    expect(() =>
      verifyWebhook(got.body, { timestamp: got.headers['x-port-timestamp'] as string, signature: got.headers['x-port-signature'] as string }, SECRET, { nowSeconds: Date.now() / 1000 }),
    ).not.toThrow();
    expect(sandbox.runs.get(run.id)!.status).toBe('IN_PROGRESS');
    expect(logsOf(run.id)).toEqual([`${INTENT_MARK} (delivery org_1.runs/0/${offset - 1}); sending it to WEBHOOK at ${receiver.url}/hook`, result.detail]);
  });

  it('ends SUCCESS when the action is synchronized and the answer is 2xx, FAILURE with the status code when it is not', async () => {
    const good = sandbox.createRun();
    expect((await handler().handle(signed(runMessage(good.id, { type: 'WEBHOOK', agent: true, synchronized: true, url: receiver.url })), origin())).outcome).toBe('handed-on');
    expect(sandbox.runs.get(good.id)!.status).toBe('SUCCESS');
    const bad = sandbox.createRun();
    receiver.failNext(1, 400);
    expect((await handler().handle(signed(runMessage(bad.id, { type: 'WEBHOOK', agent: true, url: receiver.url })), origin())).outcome).toBe('handed-on');
    expect(sandbox.runs.get(bad.id)).toMatchObject({ status: 'FAILURE', summary: 'Failed to invoke the webhook with status code: 400.' });
  });

  it('reports as the mapping says: link, externalRunId, summary and status from the answer', async () => {
    await receiver.close();
    const api = await startJsonServer(201, { id: 77, url: 'https://ci.example.com/77', state: 'queued' });
    const mapping = parseMapping(
      JSON.stringify([{ enabled: true, url: `"${api.url}/build"`, report: { link: '.response.json.url', externalRunId: '.response.json.id', summary: '"queued as \\(.response.json.id)"', status: 'if .response.json.state == "failed" then "FAILURE" else "SUCCESS" end' } }]),
      'mapping.json',
    );
    const run = sandbox.createRun();
    expect((await handler({ mapping }).handle(signed(runMessage(run.id, { type: 'WEBHOOK', agent: true, url: 'http://unused.invalid' })), origin())).outcome).toBe('handed-on');
    expect(sandbox.runs.get(run.id)).toMatchObject({ status: 'SUCCESS', link: 'https://ci.example.com/77', externalRunId: '77', summary: 'queued as 77' });
    expect(api.count()).toBe(1);
  });
});

describe('a current-format action', () => {
  // Port's agent messages keep the run-message envelope for current-format actions too: the invocation method is the
  // action's own (url, method, headers, body with its templates rendered), so the same checks and mapping apply.
  const method = (url: string) => ({ type: 'WEBHOOK', agent: true, synchronized: true, url, method: 'PUT', headers: { 'X-Team': 'platform' }, body: { service: 'web', replicas: 2 } });

  it('is sent as port-agent sends it by default: the whole message, with the action\'s method', async () => {
    const run = sandbox.createRun();
    const message = runMessage(run.id, method(receiver.url));
    expect((await handler().handle(signed(message), origin())).outcome).toBe('handed-on');
    expect(receiver.received[0]).toMatchObject({ method: 'PUT' });
    expect(JSON.parse(receiver.received[0]!.body)).toEqual(message);
    expect(sandbox.runs.get(run.id)!.status).toBe('SUCCESS');
  });

  it('sends its rendered body and headers when the mapping says so', async () => {
    const mapping = parseMapping(JSON.stringify([{ enabled: true, body: '.payload.action.invocationMethod.body', headers: '.payload.action.invocationMethod.headers // {}' }]), 'mapping.json');
    const run = sandbox.createRun();
    expect((await handler({ mapping }).handle(signed(runMessage(run.id, method(receiver.url))), origin())).outcome).toBe('handed-on');
    expect(JSON.parse(receiver.received[0]!.body)).toEqual({ service: 'web', replicas: 2 });
    expect(receiver.received[0]!.headers['x-team']).toBe('platform');
  });
});

describe('a GitLab run', () => {
  let gitlab: GitLabApi;
  beforeEach(async () => {
    gitlab = await startGitLabApi({ projects: { 'org/sub/svc': { id: 42, triggerToken: 'glptt-trigger-0123456789', refs: ['main', 'dev'] } } });
    closers.push(() => gitlab.close());
  });

  it('triggers the pipeline with the token of {group}_{project}, and the run gets its link and externalRunId; the token reaches Port nowhere', async () => {
    const run = sandbox.createRun();
    const message = runMessage(run.id, { type: 'GITLAB', agent: true, groupName: 'org/sub', projectName: 'svc' }, { ref: 'dev', replicas: 2 });
    const env = { GITLAB_URL: `${gitlab.url}/`, org_sub_svc: 'glptt-trigger-0123456789' };
    const result = await handler({ env, secrets: [env.org_sub_svc] }).handle(signed(message), origin());
    expect(result.outcome).toBe('handed-on');
    expect(gitlab.triggers).toHaveLength(1);
    const trigger = gitlab.triggers[0]!;
    expect(trigger.body).toMatchObject({ ref: 'dev', variables: { ref: 'dev', replicas: '2' }, port_payload: message });
    expect(sandbox.runs.get(run.id)).toMatchObject({ status: 'IN_PROGRESS', link: trigger.pipeline.web_url, externalRunId: String(trigger.pipeline.id) });
    expect(logsOf(run.id).at(-1)).toBe(`${SENT_MARK}GITLAB at ${gitlab.url}/api/v4/projects/org%2Fsub%2Fsvc/trigger/pipeline: HTTP 201`);
    expect(sentToPort()).not.toContain('glptt-trigger-0123456789');
  });

  it('keeps the trigger token out of Port even when a report mapping quotes it, without being told it is a secret', async () => {
    const mapping = parseMapping(
      JSON.stringify([{ enabled: true, url: `"${gitlab.url}/api/v4/projects/42/trigger/pipeline"`, body: { ref: '"main"', token: 'env.MY_TOKEN' }, report: { summary: '"triggered with \\(.request.body.token)"' } }]),
      'mapping.json',
    );
    const run = sandbox.createRun();
    const result = await handler({ mapping, env: { MY_TOKEN: 'glptt-trigger-0123456789' } }).handle(signed(runMessage(run.id, { type: 'WEBHOOK', agent: true })), origin());
    expect(result.outcome).toBe('handed-on');
    expect(gitlab.triggers).toHaveLength(1);
    expect(sandbox.runs.get(run.id)!.summary).toBe('triggered with ***');
    expect(sentToPort()).not.toContain('glptt-trigger-0123456789');
  });

  it('a trigger whose answer does not come in time ends the run FAILURE as uncertain, pointing at the project\'s triggered pipelines', async () => {
    const slow = await startGitLabApi({ latencyMs: 2_000, projects: { 'org/sub/svc': { id: 42, triggerToken: 'glptt-trigger-0123456789', refs: ['main'] } } });
    closers.push(() => slow.close());
    const run = sandbox.createRun();
    const env = { GITLAB_URL: `${slow.url}/`, org_sub_svc: 'glptt-trigger-0123456789' };
    const result = await handler({ env, requestTimeoutMs: 200 }).handle(signed(runMessage(run.id, { type: 'GITLAB', agent: true, groupName: 'org/sub', projectName: 'svc' })), origin());
    expect(result.outcome).toBe('uncertain');
    expect(sandbox.runs.get(run.id)).toMatchObject({
      status: 'FAILURE',
      summary: expect.stringMatching(new RegExp(`so it cannot be known whether it arrived\\. Look for a pipeline triggered then at ${slow.url}/org/sub/svc/-/pipelines\\?source=trigger before running the action again\\.$`)),
    });
  });

  it('without the trigger token variable is poison, and the run is told which variable to set', async () => {
    const run = sandbox.createRun();
    const result = await handler({ env: { GITLAB_URL: `${gitlab.url}/` } }).handle(signed(runMessage(run.id, { type: 'GITLAB', agent: true, groupName: 'org/sub', projectName: 'svc' })), origin());
    expect(result.outcome).toBe('poison');
    expect(sandbox.runs.get(run.id)!.status).toBe('FAILURE');
    expect(sandbox.runs.get(run.id)!.summary).toContain('set the environment variable org_sub_svc');
    expect(gitlab.triggers).toHaveLength(0);
  });
});

describe('messages that cannot be handled', () => {
  it('bad JSON is poison, and the run the record is keyed by is ended FAILURE saying so', async () => {
    const run = sandbox.createRun();
    const result = await handler().handle(Buffer.from('{"context": {'), origin(run.id));
    expect(result).toMatchObject({ outcome: 'poison', runId: run.id });
    expect(sandbox.runs.get(run.id)).toMatchObject({ status: 'FAILURE', summary: expect.stringMatching(/^port-ci agent: the message is not JSON \(.+\); the message was not sent$/) });
    expect((await handler().handle(Buffer.from('[1]'), origin())).outcome).toBe('poison');
  });

  it('a bad signature is poison: nothing is sent, and the run is told', async () => {
    const run = sandbox.createRun();
    const message = runMessage(run.id, { type: 'WEBHOOK', agent: true, url: receiver.url });
    const result = await handler().handle(signed(message, 'another-secret-of-at-least-32-bytes!!'), origin());
    expect(result.outcome).toBe('poison');
    expect(sandbox.runs.get(run.id)!.summary).toMatch(/X-Port-Signature does not match it for this agent's PORT_CLIENT_SECRET/);
    const unsigned = await handler().handle(Buffer.from(JSON.stringify(message)), origin());
    expect(unsigned).toMatchObject({ outcome: 'poison', detail: expect.stringMatching(/no headers with X-Port-Signature/) });
    expect(receiver.received).toHaveLength(0);
    expect(sentToPort()).not.toContain('v1,');
  });

  it('a mapping whose jq fails at run time is poison, naming the entry and field; nothing is sent', async () => {
    const mapping = parseMapping(JSON.stringify([{ enabled: true, body: { n: '.payload.properties.n | tonumber' } }]), 'mapping.json');
    const run = sandbox.createRun();
    const result = await handler({ mapping }).handle(signed(runMessage(run.id, { type: 'WEBHOOK', agent: true, url: receiver.url }, { n: 'abc' })), origin());
    expect(result.outcome).toBe('poison');
    expect(sandbox.runs.get(run.id)).toMatchObject({ status: 'FAILURE', summary: expect.stringMatching(/^port-ci agent: the mapping could not be applied: mapping entry 0: body\.n: .*abc.*; the message was not sent$/) });
    expect(receiver.received).toHaveLength(0);
  });

  it('a mapping whose jq never ends is poison, not a retry that would block the partition', async () => {
    const slow = createJqEngine({ timeoutMs: 300 });
    closers.push(() => slow.close());
    const mapping = parseMapping(JSON.stringify([{ enabled: true, body: { n: 'last(repeat(1))' } }]), 'mapping.json');
    const run = sandbox.createRun();
    const agent = createRunHandler({ clientSecret: SECRET, env: {}, mapping }, { port: portClient(), engine: slow });
    const result = await agent.handle(signed(runMessage(run.id, { type: 'WEBHOOK', agent: true, url: receiver.url })), origin());
    expect(result.outcome).toBe('poison');
    expect(sandbox.runs.get(run.id)!.summary).toMatch(/jq did not finish "last\(repeat\(1\)\)" within 300 ms/);
    expect(receiver.received).toHaveLength(0);
  });

  it('poison with Port unreachable throws, so the record is kept until the run can be told', async () => {
    const run = sandbox.createRun();
    sandbox.failNext(1_000, 503);
    await expect(handler().handle(Buffer.from('not json'), origin(run.id))).rejects.toThrow(/Port answered 503/);
    sandbox.failNext(0);
    expect((await handler().handle(Buffer.from('not json'), origin(run.id))).outcome).toBe('poison');
    expect(sandbox.runs.get(run.id)!.status).toBe('FAILURE');
  });

  it('a run Port does not know is poison, and nothing is sent (nowhere to record it)', async () => {
    const result = await handler().handle(signed(runMessage('r_unknown', { type: 'WEBHOOK', agent: true, url: receiver.url })), origin());
    expect(result).toEqual({ outcome: 'poison', detail: 'run r_unknown does not exist in Port' });
    expect(receiver.received).toHaveLength(0);
  });

  it('what is not for an agent is skipped without a word to Port: agent false, a change-log message, no entry enabled', async () => {
    const run = sandbox.createRun();
    const before = sandbox.requests.length;
    expect(await handler().handle(signed(runMessage(run.id, { type: 'WEBHOOK', url: receiver.url })), origin())).toMatchObject({ outcome: 'skipped', runId: run.id });
    expect((await handler().handle(Buffer.from(JSON.stringify({ changelogDestination: { type: 'WEBHOOK', agent: true } })), origin())).outcome).toBe('skipped');
    const filtered = parseMapping(JSON.stringify([{ enabled: '.payload.properties.cluster == "a"' }]), 'mapping.json');
    expect(await handler({ mapping: filtered }).handle(signed(runMessage(run.id, { type: 'WEBHOOK', agent: true, url: receiver.url }, { cluster: 'b' })), origin())).toMatchObject({
      outcome: 'skipped',
      detail: "no entry of mapping.json is enabled for it (another agent's filter?)",
    });
    expect(sandbox.requests.length).toBe(before);
    expect(receiver.received).toHaveLength(0);
  });
});

describe('fieldsToDecryptPaths', () => {
  it('the backend gets the plain values; Port sees none of them, even in a summary that quotes one', async () => {
    const apiKey = 'sk-live-0123456789abcdef';
    const password = 'hunter2-but-longer';
    const properties = { api_key: encryptSecret(apiKey, SECRET), users: [{ name: 'a', password: encryptSecret(password, SECRET) }] };
    const mapping = parseMapping(
      JSON.stringify([
        {
          enabled: true,
          body: { key: '.payload.properties.api_key', pw: '.payload.properties.users[0].password' },
          report: { summary: '"sent key \\(.body.payload.properties.api_key)"' },
          fieldsToDecryptPaths: ['payload.properties.api_key', 'payload.properties.users.0.password', 'payload.properties.missing'],
        },
      ]),
      'mapping.json',
    );
    const run = sandbox.createRun();
    const result = await handler({ mapping }).handle(signed(runMessage(run.id, { type: 'WEBHOOK', agent: true, url: receiver.url }, properties)), origin());
    expect(result.outcome).toBe('handed-on');
    expect(JSON.parse(receiver.received[0]!.body)).toEqual({ key: apiKey, pw: password });
    expect(sandbox.runs.get(run.id)!.summary).toBe('sent key ***');
    expect(sentToPort()).not.toContain(apiKey);
    expect(sentToPort()).not.toContain(password);
  });

  it('a value the secret does not open is poison naming the path, never showing the value', async () => {
    const mapping = parseMapping(JSON.stringify([{ enabled: true, fieldsToDecryptPaths: ['payload.properties.api_key'] }]), 'mapping.json');
    const run = sandbox.createRun();
    const result = await handler({ mapping }).handle(signed(runMessage(run.id, { type: 'WEBHOOK', agent: true, url: receiver.url }, { api_key: encryptSecret('x', 'some-other-secret-of-32-bytes-or-more') })), origin());
    expect(result.outcome).toBe('poison');
    expect(sandbox.runs.get(run.id)!.summary).toMatch(/payload\.properties\.api_key: expected a value encrypted with this PORT_CLIENT_SECRET/);
    expect(receiver.received).toHaveLength(0);
  });
});

describe('delivery', () => {
  it('a record delivered again after it was handed on is a duplicate: the backend got one request', async () => {
    const run = sandbox.createRun();
    const record = signed(runMessage(run.id, { type: 'WEBHOOK', agent: true, url: receiver.url }));
    const at = origin();
    expect((await handler().handle(record, at)).outcome).toBe('handed-on');
    expect(await handler().handle(record, at)).toMatchObject({ outcome: 'duplicate', detail: 'the run shows it was handed on already: not sent again' });
    const synchronized = sandbox.createRun();
    const ended = signed(runMessage(synchronized.id, { type: 'WEBHOOK', agent: true, synchronized: true, url: receiver.url }));
    await handler().handle(ended, at);
    expect(await handler().handle(ended, at)).toMatchObject({ outcome: 'duplicate', detail: 'the run has ended (SUCCESS): not sent' });
    expect(receiver.received).toHaveLength(2);
  });

  it('Port unreachable: handle throws (the record is not committed) and nothing was sent', async () => {
    const run = sandbox.createRun();
    sandbox.failNext(1_000, 503);
    await expect(handler().handle(signed(runMessage(run.id, { type: 'WEBHOOK', agent: true, url: receiver.url })), origin())).rejects.toThrow(/Port answered 503/);
    expect(receiver.received).toHaveLength(0);
  });

  it('Port lost after the send: the same process records it on the retry, sending nothing again', async () => {
    await receiver.close();
    const api = await startJsonServer(200, { ok: true }, () => sandbox.failNext(1_000, 503));
    const run = sandbox.createRun();
    const record = signed(runMessage(run.id, { type: 'WEBHOOK', agent: true, synchronized: true, url: api.url }));
    const at = origin();
    const agent = handler();
    await expect(agent.handle(record, at)).rejects.toThrow(/Port answered 503/);
    sandbox.failNext(0);
    expect(await agent.handle(record, at)).toMatchObject({ outcome: 'handed-on', detail: `${SENT_MARK}WEBHOOK at ${api.url}/: HTTP 200 (recorded on a retry)` });
    expect(sandbox.runs.get(run.id)!.status).toBe('SUCCESS');
    expect(api.count()).toBe(1);
  });

  it('a crash between intent and hand-on: the next agent cannot know, sends nothing, and ends the run FAILURE saying where to look', async () => {
    await receiver.close();
    const api = await startJsonServer(200, { ok: true }, () => sandbox.failNext(1_000, 503));
    const run = sandbox.createRun();
    const record = signed(runMessage(run.id, { type: 'WEBHOOK', agent: true, url: api.url }));
    const at = origin();
    await expect(handler().handle(record, at)).rejects.toThrow(/Port answered 503/); // then the process dies
    sandbox.failNext(0);
    const result = await handler().handle(record, at);
    expect(result).toMatchObject({ outcome: 'uncertain', runId: run.id });
    const ended = sandbox.runs.get(run.id)!;
    expect(ended.status).toBe('FAILURE');
    expect(ended.summary).toMatch(
      new RegExp(`^port-ci agent: this run's message was delivered again after an interruption \\(the earlier delivery began sending it at .+\\), and it cannot be known whether it reached WEBHOOK at ${api.url}/\\. It was not sent again\\. Check the service behind that URL for this run \\(POST ${api.url}/\\) before running the action again\\.$`),
    );
    expect(api.count()).toBe(1);
    expect(await handler().handle(record, at)).toMatchObject({ outcome: 'duplicate' });
  });

  it('a crash after the report but before the hand-on line: the link shows the backend answered, so it is a duplicate', async () => {
    const run = sandbox.createRun();
    const at = origin();
    // What the earlier agent left: its intent, then the report's link (from the backend's answer), then nothing.
    run.logs.push({ message: `${INTENT_MARK} (delivery org_1.runs/0/${at.offset}); sending it to WEBHOOK at ${receiver.url}/`, at: new Date().toISOString() });
    run.link = 'https://ci.example.com/7';
    expect(await handler().handle(signed(runMessage(run.id, { type: 'WEBHOOK', agent: true, url: receiver.url })), at)).toMatchObject({
      outcome: 'duplicate',
      detail: "the run shows the backend's answer (its link, externalRunId or summary): not sent again",
    });
    expect(receiver.received).toHaveLength(0);
    expect(sandbox.runs.get(run.id)!.status).toBe('IN_PROGRESS');
  });

  it('a backend whose answer is lost: the run ends FAILURE as uncertain, and the request is not repeated', async () => {
    await receiver.close();
    let count = 0;
    const server = createServer((req) => {
      count++;
      req.socket.destroy();
    });
    const url = await listen(server);
    const run = sandbox.createRun();
    const result = await handler().handle(signed(runMessage(run.id, { type: 'WEBHOOK', agent: true, url })), origin());
    expect(result.outcome).toBe('uncertain');
    expect(sandbox.runs.get(run.id)).toMatchObject({ status: 'FAILURE', summary: expect.stringMatching(/got no answer .* so it cannot be known whether it arrived/) });
    expect(count).toBe(1);
  });

  it('a backend that cannot be reached is tried until the deadline, then the run ends FAILURE saying nothing was sent', async () => {
    const url = receiver.url;
    await receiver.close();
    const run = sandbox.createRun();
    const result = await handler({ unreachableDeadlineMs: 300 }).handle(signed(runMessage(run.id, { type: 'WEBHOOK', agent: true, url })), origin());
    expect(result.outcome).toBe('poison');
    expect(sandbox.runs.get(run.id)).toMatchObject({ status: 'FAILURE', summary: expect.stringMatching(/could not be reached \(.*ECONNREFUSED.*\); nothing was sent$/) });
  });
});

describe('many runs through faults', () => {
  it('hands each run on once or ends it FAILURE as uncertain, never twice, never lost: Port failing, losing answers, going down after sends', async () => {
    // Port answers every 7th request 503 and loses every 11th answer after doing the work; for every 3rd run it goes
    // down just after the backend got the request. Runs 0, 6, 12, 18 are then retried by the same process (which
    // remembers what it sent); runs 3, 9, 15 by a new one, as after a crash. Every record is also delivered once
    // more afterwards, as after a rebalance.
    await sandbox.close();
    sandbox = await startSandbox({ failEvery: { n: 7, status: 503 }, loseAnswerEvery: 11 });
    closers.push(() => sandbox.close());
    await receiver.close();
    const outageFor = new Set<string>();
    const got = new Map<string, number>();
    const api = await startJsonServer(200, { ok: true }, undefined, (body) => {
      const runId = (JSON.parse(body) as { context: { runId: string } }).context.runId;
      got.set(runId, (got.get(runId) ?? 0) + 1);
      if (outageFor.has(runId)) sandbox.failNext(10_000, 503);
    });
    const runs = Array.from({ length: 20 }, () => sandbox.createRun().id);
    const crashed = new Set<string>();
    let agent = handler();
    for (const [index, runId] of runs.entries()) {
      if (index % 3 === 0) outageFor.add(runId);
      const record = signed(runMessage(runId, { type: 'WEBHOOK', agent: true, synchronized: true, url: api.url }));
      const at = origin(runId);
      for (;;) {
        try {
          await agent.handle(record, at);
          break;
        } catch {
          const afterSend = got.has(runId);
          sandbox.failNext(0);
          outageFor.delete(runId);
          if (afterSend && index % 6 === 3) {
            agent = handler(); // the process died; its successor knows only what Port shows
            crashed.add(runId);
          }
        }
      }
      expect(await handler().handle(record, at)).toMatchObject({ outcome: 'duplicate' });
    }
    for (const runId of runs) {
      expect(got.get(runId), runId).toBe(1);
      const run = sandbox.runs.get(runId)!;
      if (crashed.has(runId)) expect(run, runId).toMatchObject({ status: 'FAILURE', summary: expect.stringContaining('cannot be known whether it reached WEBHOOK') });
      else expect(run.status, runId).toBe('SUCCESS');
    }
    expect(crashed.size).toBe(3);
    expect(sandbox.requests.some((request) => request.answerLost)).toBe(true);
  });
});

describe('createRunHandler', () => {
  it('refuses a client secret that cannot do its work before any message: none, or too short to decrypt with', () => {
    expect(() => handler({ clientSecret: '' })).toThrow("PORT_CLIENT_SECRET: required; the agent checks every message's signature with it");
    const mapping = parseMapping('[{"enabled": false}, {"enabled": true, "fieldsToDecryptPaths": ["payload.properties.k"]}]', 'mapping.json');
    expect(() => handler({ clientSecret: 'short', mapping })).toThrow(
      'PORT_CLIENT_SECRET: 5 bytes, but entry 1 of mapping.json decrypts fieldsToDecryptPaths, which needs at least 32 (the AES-256 key is its first 32 bytes)',
    );
    expect(() => handler({ clientSecret: 'short' })).not.toThrow();
  });
});

describe('the signature check', () => {
  it("accepts port-agent's test message, which holds a signature made by Port with the secret \"test\" (over headers emptied in place)", () => {
    const message = {
      action: 'Create',
      resourceType: 'run',
      status: 'TRIGGERED',
      trigger: { by: { orgId: 'test_org', userId: 'test_user' }, origin: 'UI', at: '2022-11-16T16:31:32.447Z' },
      context: { entity: null, blueprint: 'Service', runId: 'r_jE5FhDURh4Uen2Qr' },
      payload: {
        entity: null,
        action: {
          id: 'action_34aweFQtayw7SCVb',
          identifier: 'Create',
          title: 'Create',
          icon: 'DefaultBlueprint',
          userInputs: { properties: { foo: { type: 'string', description: 'Description' }, bar: { type: 'number', description: 'Description' } }, required: [] },
          invocationMethod: { type: 'WEBHOOK', agent: true, url: 'http://localhost:80/api/test' },
          trigger: 'CREATE',
          description: '',
          blueprint: 'Service',
          createdAt: '2022-11-15T09:58:52.863Z',
          createdBy: 'test_user',
          updatedAt: '2022-11-15T09:58:52.863Z',
          updatedBy: 'test_user',
        },
        properties: {},
      },
      headers: { 'X-Port-Signature': 'v1,uuBMfcio3oscejO5bOtL97K1AmiZjxDvou7sChjMNeE=', 'X-Port-Timestamp': 1713277889 },
    };
    const checked = checkSignature(message, 'test');
    expect(typeof checked).toBe('object');
    const { headers: _headers, ...rest } = message;
    expect(checked).toEqual({ message: rest });
    expect(checkSignature({ ...message, status: 'DONE' }, 'test')).toMatch(/does not match/);
  });

  it('accepts the signature over the message without headers (port-agent\'s GITLAB reading) and keeps other headers for the mapping', () => {
    const message = runMessage('r_1', { type: 'GITLAB', agent: true });
    const headers = signWebhook(JSON.stringify(message), SECRET, 1_700_000_000);
    expect(checkSignature({ ...message, headers }, SECRET)).toEqual({ message });
    const extra = signWebhook(JSON.stringify({ ...message, headers: { 'X-Other': 'x' } }), SECRET, 1_700_000_000);
    expect(checkSignature({ ...message, headers: { 'X-Other': 'x', ...extra } }, SECRET)).toEqual({ message: { ...message, headers: { 'X-Other': 'x' } } });
  });
});

/** A backend answering every request with one JSON answer; `onRequest` runs before it answers. */
async function startJsonServer(status: number, body: unknown, onRequest?: () => void, onBody?: (text: string) => void): Promise<{ url: string; count: () => number }> {
  let count = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      count++;
      onRequest?.();
      onBody?.(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  const url = await listen(server);
  return { url, count: () => count };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

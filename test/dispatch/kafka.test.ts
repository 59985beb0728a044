/*
 * The run messages `port-ci dispatch` produces for Kafka, checked against what reads them: the agent's own
 * signature check and mapping (src/agent), and port-agent's check of Port's signature, done here independently in
 * Python as port-agent's webhook_invoker does it (json.dumps with compact separators and ensure_ascii=False).
 */
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSignature } from '../../src/agent/handler.js';
import { DEFAULT_MAPPING, buildRequest, selectEntry } from '../../src/agent/mapping.js';
import { dispatchKafkaRoute } from '../../src/cli/kafka-options.js';
import { isObject, type JsonObject } from '../../src/core/index.js';
import { signRunMessage, type KafkaRoute } from '../../src/dispatch/kafka.js';
import { planDispatch } from '../../src/dispatch/plan.js';
import { planV2 } from '../../src/dispatch/plan-v2.js';
import type { DispatchPlan } from '../../src/dispatch/types.js';
import { createJqEngine } from '../../src/jq/engine.js';

const SECRET = 'client-secret-of-the-org-0123456789abcdef';
const engine = createJqEngine();
afterAll(() => engine.close());

const ROUTE: KafkaRoute = {
  topic: 'org_acme.runs',
  topicSource: 'PORT_ORG_ID org_acme',
  orgId: 'org_acme',
  producer: { brokers: ['127.0.0.1:9092'], brokersSource: '--kafka-brokers', securityProtocol: 'PLAINTEXT', requestTimeoutMs: 15_000 },
};
const NOW = new Date('2026-03-01T10:00:00.000Z');

const HOOK = {
  identifier: 'notify',
  trigger: 'CREATE',
  userInputs: { properties: { message: { type: 'string' }, count: { type: 'number' } } },
  invocationMethod: { type: 'WEBHOOK', agent: true, url: 'http://10.0.0.5/hook', synchronized: true },
};
const PIPELINE = {
  identifier: 'deploy',
  trigger: 'CREATE',
  userInputs: { properties: { ref: { type: 'string' }, replicas: { type: 'number' } } },
  invocationMethod: { type: 'GITLAB', agent: true, groupName: 'platform/team', projectName: 'deployer' },
};

function classic(action: unknown, inputs: Record<string, unknown>, kafka: KafkaRoute | undefined = ROUTE, env: NodeJS.ProcessEnv = { PORT_CLIENT_SECRET: SECRET }): Promise<DispatchPlan> {
  return planDispatch({ action, actionSource: 'action.json', inputs, obtainRunId: async () => 'r_kafka1', user: 'dana@acme.example', env, now: NOW, kafka });
}

const HOOK_V2 = {
  identifier: 'notify_v2',
  trigger: { type: 'self-service', operation: 'DAY-2', blueprintIdentifier: 'service', userInputs: { properties: { message: { type: 'string' } } } },
  invocationMethod: {
    type: 'WEBHOOK',
    agent: true,
    url: 'http://10.0.0.5/hooks/{{ .entity.identifier }}',
    method: 'PUT',
    headers: { 'X-Run': '{{ .run.id }}' },
    body: { text: '{{ .inputs.message }}', service: '{{ .entity.identifier }}' },
  },
};
const TRIGGER_DATA = {
  inputs: { message: 'café ✓ déployé' },
  entity: { identifier: 'checkout-api', blueprint: 'service', title: 'Checkout' },
  trigger: { by: { orgId: null, userId: null, user: { email: 'dana@acme.example' } }, origin: 'API', at: NOW.toISOString(), operation: 'DAY-2' },
  event: null,
  action: { identifier: 'notify_v2', blueprint: 'service', encryptedProperties: [] },
  run: { id: 'r_kafka2' },
};

function current(action: Record<string, unknown>, kafka: KafkaRoute | undefined = ROUTE, triggerData: JsonObject = TRIGGER_DATA): Promise<DispatchPlan> {
  return planV2({ action: action as never, triggerData, engine, strict: true, ref: undefined, env: { PORT_CLIENT_SECRET: SECRET }, now: NOW, kafka });
}

/** What the agent's handler does first with a record: parse it and check Port's signature. */
function agentReads(plan: DispatchPlan, secret = SECRET): Record<string, unknown> | string {
  const value = Buffer.from(plan.request.rawBody ?? '', 'utf8');
  const checked = checkSignature(JSON.parse(value.toString('utf8')) as Record<string, unknown>, secret);
  return typeof checked === 'string' ? checked : checked.message;
}

const python = spawnSync('python3', ['-c', 'import json, hmac, hashlib, base64'], { stdio: 'ignore' }).status === 0;

/** port-agent's check of Port's signature, written from its documented behaviour; prints ok or mismatch. */
function portAgentVerifies(raw: string, secret: string): string {
  const script = [
    'import base64, hashlib, hmac, json, sys',
    'msg = json.loads(sys.stdin.read())',
    'signature = msg["headers"]["X-Port-Signature"]',
    'timestamp = msg["headers"]["X-Port-Timestamp"]',
    'if msg["payload"]["action"]["invocationMethod"]["type"] == "GITLAB":',
    '    del msg["headers"]',
    'else:',
    '    del msg["headers"]["X-Port-Signature"]',
    '    del msg["headers"]["X-Port-Timestamp"]',
    'text = json.dumps(msg, separators=(",", ":"), ensure_ascii=False)',
    'digest = hmac.new(sys.argv[1].encode(), f"{timestamp}.{text}".encode(), hashlib.sha256).digest()',
    'print("ok" if signature == "v1," + base64.b64encode(digest).decode() else "mismatch")',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script, secret], { input: raw, encoding: 'utf8' });
  return (result.stdout + result.stderr).trim();
}

describe('a classic agent action with brokers given', () => {
  it('is produced to the org\'s topic, keyed by run id, as the run message with its signature headers last', async () => {
    const plan = await classic(HOOK, { message: 'hi', count: 2 });
    expect(plan.backend).toBe('KAFKA');
    expect(plan.kafka).toEqual({ topic: 'org_acme.runs', topicSource: 'PORT_ORG_ID org_acme', key: 'r_kafka1', signed: true });
    expect(plan.request).toMatchObject({ method: 'PRODUCE', url: 'kafka://127.0.0.1:9092/org_acme.runs', key: 'r_kafka1' });
    const body = plan.request.body as JsonObject;
    expect(Object.keys(body).at(-1)).toBe('headers');
    expect(Object.keys(body.headers as object)).toEqual(['X-Port-Signature', 'X-Port-Timestamp']);
    expect((body.headers as JsonObject)['X-Port-Timestamp']).toBe(NOW.getTime() / 1000);
    expect(plan.request.rawBody).toBe(JSON.stringify(body));
    const { headers: _signature, ...message } = body;
    expect(message).toEqual(plan.payload);
    expect(message).toMatchObject({
      action: 'notify',
      trigger: { by: { orgId: 'org_acme', user: { email: 'dana@acme.example' } } },
      context: { runId: 'r_kafka1' },
      payload: { action: { invocationMethod: HOOK.invocationMethod }, properties: { message: 'hi', count: 2 } },
    });
    expect(plan.notes[0]).toBe('agent: true: produced to org_acme.runs for an execution agent (port-ci agent, port-agent), which hands it on to WEBHOOK');
  });

  it("passes the agent's signature check, which refuses it altered or under another secret", async () => {
    const plan = await classic(HOOK, { message: 'café ✓' });
    expect(agentReads(plan)).toEqual(plan.payload);
    expect(agentReads(plan, 'another-orgs-secret-0123456789abcdef')).toMatch(/X-Port-Signature does not match/);
    const altered = { ...plan, request: { ...plan.request, rawBody: plan.request.rawBody!.replace('café', 'cafe') } };
    expect(agentReads(altered)).toMatch(/X-Port-Signature does not match/);
  });

  it.skipIf(!python)("passes port-agent's signature check: a webhook's over headers: {}, a GitLab one's over the message without headers", async () => {
    const hook = await classic(HOOK, { message: 'café ✓ 東京' });
    expect(portAgentVerifies(hook.request.rawBody!, SECRET)).toBe('ok');
    expect(portAgentVerifies(hook.request.rawBody!, 'another-orgs-secret-0123456789abcdef')).toBe('mismatch');
    const gitlab = await classic(PIPELINE, { ref: 'main', replicas: 3 }, ROUTE, { PORT_CLIENT_SECRET: SECRET });
    expect(portAgentVerifies(gitlab.request.rawBody!, SECRET)).toBe('ok');
    expect(agentReads(gitlab)).toEqual(gitlab.payload);
    // The form matters: port-agent drops a GitLab message's headers whole before it checks.
    const webhookForm = signRunMessage(gitlab.payload!, SECRET, NOW.getTime() / 1000, 'headers-emptied');
    expect(portAgentVerifies(JSON.stringify(webhookForm), SECRET)).toBe('mismatch');
  });

  it("gives the agent's built-in mapping what it needs: the webhook's url and the whole message; GitLab's trigger body", async () => {
    const hook = await classic(HOOK, { message: 'hi' });
    const message = agentReads(hook) as Record<string, unknown>;
    const jq = { engine, env: { platform_team_deployer: 'glptt-token' } };
    const hookEntry = (await selectEntry(DEFAULT_MAPPING, message, jq))!;
    expect(await buildRequest(DEFAULT_MAPPING.entries[hookEntry]!, 'entry', message, jq)).toMatchObject({ method: 'POST', url: 'http://10.0.0.5/hook', body: message });
    const gitlab = agentReads(await classic(PIPELINE, { ref: 'release', replicas: 3 })) as Record<string, unknown>;
    const gitlabEntry = (await selectEntry(DEFAULT_MAPPING, gitlab, jq))!;
    const trigger = await buildRequest(DEFAULT_MAPPING.entries[gitlabEntry]!, 'entry', gitlab, jq);
    expect(trigger.url).toBe('https://gitlab.com/api/v4/projects/platform%2Fteam%2Fdeployer/trigger/pipeline');
    expect(trigger.body).toMatchObject({ ref: 'release', token: 'glptt-token', variables: { ref: 'release', replicas: '3' } });
  });

  it('without brokers is handed on directly, as before, with a note saying how to produce it instead', async () => {
    const plan = await classic(HOOK, { message: 'hi' }, { topic: 'org_acme.runs', orgId: 'org_acme' });
    expect(plan.backend).toBe('WEBHOOK');
    expect(plan.kafka).toBeUndefined();
    expect(plan.request).toMatchObject({ method: 'POST', url: 'http://10.0.0.5/hook' });
    expect(plan.notes).toContain('agent: true: handed on directly, as an execution agent would; with --kafka-brokers it is produced to org_acme.runs for an agent instead');
    // An action not run through an agent is never produced, brokers or not.
    const direct = await classic({ ...HOOK, invocationMethod: { ...HOOK.invocationMethod, agent: false } }, { message: 'hi' });
    expect(direct.backend).toBe('WEBHOOK');
  });

  it('is shown unsigned without the client secret, saying so, and keyed null without a run id', async () => {
    const plan = await planDispatch({ action: HOOK, actionSource: 'a.json', inputs: {}, obtainRunId: async () => null, env: {}, now: NOW, kafka: ROUTE });
    expect(plan.request.key).toBeNull();
    expect(plan.request.body).not.toHaveProperty('headers');
    expect(plan.notes).toContain('unsigned: set PORT_CLIENT_SECRET to sign it as Port does (an agent refuses a message without X-Port-Signature)');
  });
});

describe('a KAFKA action', () => {
  it('classic: the signed run message, to the topic the route names; without a topic or brokers the plan says what to set', async () => {
    const action = { identifier: 'kafka_action', trigger: 'CREATE', invocationMethod: { type: 'KAFKA' } };
    const plan = await classic(action, {});
    expect(plan).toMatchObject({ backend: 'KAFKA', kafka: { topic: 'org_acme.runs', key: 'r_kafka1', signed: true } });
    expect(agentReads(plan)).toEqual(plan.payload);
    const bare = await classic(action, {}, {});
    expect(bare.request.url).toBe('kafka://<--kafka-brokers>/<PORT_ORG_ID>.runs');
    expect(bare.notes).toEqual(expect.arrayContaining(['topic: set PORT_ORG_ID (the topic is {PORT_ORG_ID}.runs) or --kafka-topic', 'brokers: set --kafka-brokers or PORT_CI_KAFKA_BROKERS to produce it']));
  });

  it('current format: the rendered payload exactly, keyed by run id, with nothing added', async () => {
    const action = { ...HOOK_V2, identifier: 'k', invocationMethod: { type: 'KAFKA', payload: { run: '{{ .run.id }}', text: '{{ .inputs.message }}' } } };
    const plan = await current(action);
    expect(plan).toMatchObject({ backend: 'KAFKA', kafka: { topic: 'org_acme.runs', key: 'r_kafka2', signed: false } });
    expect(plan.request.body).toEqual({ run: 'r_kafka2', text: 'café ✓ déployé' });
    expect(plan.request.rawBody).toBe(JSON.stringify(plan.request.body));
  });
});

describe('a current-format agent action with brokers given', () => {
  it('is the run message with the invocation method rendered inside it, for the agent', async () => {
    const plan = await current(HOOK_V2);
    expect(plan.backend).toBe('KAFKA');
    const message = agentReads(plan) as Record<string, any>;
    expect(message).toMatchObject({
      action: 'notify_v2',
      resourceType: 'run',
      status: 'TRIGGERED',
      trigger: { by: { orgId: 'org_acme', user: { email: 'dana@acme.example' } }, origin: 'API', at: NOW.toISOString() },
      context: { entity: 'checkout-api', blueprint: 'service', runId: 'r_kafka2' },
      payload: {
        entity: TRIGGER_DATA.entity,
        properties: TRIGGER_DATA.inputs,
        action: {
          identifier: 'notify_v2',
          invocationMethod: { type: 'WEBHOOK', agent: true, method: 'PUT', url: 'http://10.0.0.5/hooks/checkout-api', headers: { 'X-Run': 'r_kafka2' }, body: { text: 'café ✓ déployé', service: 'checkout-api' } },
        },
      },
    });
    // The agent's default sends the whole message with the action's method to the rendered url.
    const jq = { engine, env: {} };
    const entry = (await selectEntry(DEFAULT_MAPPING, message, jq))!;
    expect(await buildRequest(DEFAULT_MAPPING.entries[entry]!, 'entry', message, jq)).toMatchObject({ method: 'PUT', url: 'http://10.0.0.5/hooks/checkout-api' });
    if (python) expect(portAgentVerifies(plan.request.rawBody!, SECRET)).toBe('ok');
  });

  it("a GitLab action carries its rendered pipelineVariables, which the agent's mapping sends as text", async () => {
    const action = {
      identifier: 'deploy_v2',
      trigger: { type: 'self-service', operation: 'CREATE', userInputs: { properties: { replicas: { type: 'number' } } } },
      invocationMethod: { type: 'GITLAB', agent: true, groupName: 'platform', projectName: 'deployer', pipelineVariables: { REPLICAS: '{{ .inputs.replicas }}', RUN: '{{ .run.id }}' } },
    };
    const plan = await current(action, ROUTE, { ...TRIGGER_DATA, inputs: { replicas: 4 }, entity: {}, run: { id: 'r_kafka3' } });
    const message = agentReads(plan) as Record<string, any>;
    expect(message.payload.action.invocationMethod.pipelineVariables).toEqual({ REPLICAS: 4, RUN: 'r_kafka3' });
    expect(message.context.entity).toBeNull();
    const jq = { engine, env: { platform_deployer: 'glptt-token' } };
    const entry = (await selectEntry(DEFAULT_MAPPING, message, jq))!;
    expect((await buildRequest(DEFAULT_MAPPING.entries[entry]!, 'entry', message, jq)).body).toMatchObject({ variables: { REPLICAS: '4', RUN: 'r_kafka3' } });
  });

  it('without brokers is the webhook request itself, as before', async () => {
    const plan = await current(HOOK_V2, { topic: 'org_acme.runs' });
    expect(plan).toMatchObject({ backend: 'WEBHOOK', request: { method: 'PUT', url: 'http://10.0.0.5/hooks/checkout-api' } });
    expect(isObject(plan.request.body) && plan.request.body).toEqual({ text: 'café ✓ déployé', service: 'checkout-api' });
  });
});

describe("dispatch's Kafka settings", () => {
  const route = (flags: Record<string, string>, env: Record<string, string> = {}) => () => dispatchKafkaRoute(flags, env);

  it('takes the topic from --kafka-topic, else KAFKA_RUNS_TOPIC, else {PORT_ORG_ID}.runs', () => {
    expect(dispatchKafkaRoute({}, { PORT_ORG_ID: 'org_a' })).toEqual({ topic: 'org_a.runs', topicSource: 'PORT_ORG_ID org_a', orgId: 'org_a' });
    expect(dispatchKafkaRoute({}, { PORT_ORG_ID: 'org_a', KAFKA_RUNS_TOPIC: 'runs-a' }).topic).toBe('runs-a');
    expect(dispatchKafkaRoute({ 'kafka-topic': 'mine' }, { PORT_ORG_ID: 'org_a', KAFKA_RUNS_TOPIC: 'runs-a' }).topic).toBe('mine');
    expect(dispatchKafkaRoute({}, {})).toEqual({});
  });

  it('reads brokers from --kafka-brokers or PORT_CI_KAFKA_BROKERS, never from the agent\'s KAFKA_CONSUMER_BOOTSTRAP_SERVERS', () => {
    expect(dispatchKafkaRoute({}, { KAFKA_CONSUMER_BOOTSTRAP_SERVERS: '127.0.0.1:9092' }).producer).toBeUndefined();
    expect(dispatchKafkaRoute({}, { PORT_CI_KAFKA_BROKERS: 'a:1, b:2' }).producer).toEqual({ brokers: ['a:1', 'b:2'], brokersSource: 'PORT_CI_KAFKA_BROKERS', securityProtocol: 'PLAINTEXT', requestTimeoutMs: 15_000 });
    const sasl = dispatchKafkaRoute(
      { 'kafka-brokers': 'k:9096', 'kafka-protocol': 'sasl_ssl' },
      { PORT_CI_KAFKA_USERNAME: 'dispatcher', PORT_CI_KAFKA_PASSWORD: 'pw', PORT_CI_KAFKA_TIMEOUT_MS: '2500' },
    ).producer;
    expect(sasl).toEqual({ brokers: ['k:9096'], brokersSource: '--kafka-brokers', securityProtocol: 'SASL_SSL', sasl: { mechanism: 'SCRAM-SHA-512', username: 'dispatcher', password: 'pw' }, requestTimeoutMs: 2500 });
  });

  it.each([
    [{ 'kafka-brokers': 'nohost' }, {}, '--kafka-brokers: "nohost" is not accepted; expected HOST:PORT, several separated by commas'],
    [{ 'kafka-brokers': ' , ' }, {}, '--kafka-brokers: no broker given; expected HOST:PORT, several separated by commas'],
    [{ 'kafka-topic': 'org a.runs' }, {}, '--kafka-topic: "org a.runs" is not a Kafka topic name; expected letters, digits, ".", "_" and "-" (at most 249)'],
    [{ 'kafka-protocol': 'SSL' }, {}, '--kafka-protocol: set --kafka-brokers or PORT_CI_KAFKA_BROKERS too; it applies to the brokers dispatch produces to'],
    [{}, { PORT_CI_KAFKA_SASL_MECHANISM: 'PLAIN' }, 'PORT_CI_KAFKA_SASL_MECHANISM: set --kafka-brokers or PORT_CI_KAFKA_BROKERS too; it applies to the brokers dispatch produces to'],
    [{ 'kafka-brokers': 'k:1', 'kafka-protocol': 'TLS' }, {}, '--kafka-protocol: "TLS" is not accepted; expected PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL'],
    [{ 'kafka-brokers': 'k:1', 'kafka-protocol': 'SASL_SSL' }, {}, 'dispatch: SASL_SSL needs PORT_CI_KAFKA_USERNAME and PORT_CI_KAFKA_PASSWORD (the brokers\' SASL user)'],
    [{ 'kafka-brokers': 'k:1', 'kafka-sasl': 'PLAIN' }, {}, '--kafka-sasl: SASL is not used with PLAINTEXT; set --kafka-protocol SASL_SSL or SASL_PLAINTEXT, or leave the mechanism out'],
    [{ 'kafka-brokers': 'k:1', 'kafka-protocol': 'SASL_PLAINTEXT', 'kafka-sasl': 'GSSAPI' }, { PORT_CI_KAFKA_USERNAME: 'u', PORT_CI_KAFKA_PASSWORD: 'p' }, '--kafka-sasl: "GSSAPI" is not accepted; expected PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, NONE'],
    [{ 'kafka-brokers': 'k:1' }, { PORT_CI_KAFKA_TIMEOUT_MS: 'soon' }, 'PORT_CI_KAFKA_TIMEOUT_MS: "soon" is not accepted; expected milliseconds from 100 to 600000'],
  ])('refuses %j %j naming the setting', (flags, env, message) => {
    expect(route(flags, env)).toThrow(message);
  });
});

/*
 * `port-ci dispatch` producing to Kafka, as a user runs it: the bundled CLI as processes, a real Apache Kafka broker
 * (KRaft), the sandbox as Port, a local webhook receiver as the backend, and `port-ci agent --once` (a process too)
 * taking what dispatch produced. What the tests assert is what the broker holds, what the receiver got and what the
 * sandbox's runs show; console text only for what the user is told.
 */
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin, Consumer, stringDeserializers } from '@platformatic/kafka';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { root, runCliAsync, tempDir, writeJson, type CliResult } from '../support/cli.js';
import { startGitHubApi } from '../support/github-api.js';
import { KAFKA_USERS, startKafka, type KafkaBroker } from '../support/kafka.js';
import { startKafkaFaultProxy, type KafkaFaultProxy } from '../support/kafka-fault-proxy.js';
import { freePort } from '../support/tinyproxy.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const ORG = 'org_dk';
const TOPIC = `${ORG}.runs`;
const BATCH = ['r_batch1', 'r_batch2', 'r_batch3', 'r_batch4'];
const RUNS = ['r_classic', 'r_current', ...BATCH, 'r_wait', 'r_refused', 'r_uncertain', 'r_chunk', 'r_secured'];
let broker: KafkaBroker;
let sandbox: Sandbox;
let receiver: WebhookReceiver;
const dir = tempDir('port-ci-dispatch-kafka-');

async function createTopic(brokers: string, topic: string): Promise<void> {
  const admin = new Admin({ clientId: 'dispatch-kafka-admin', bootstrapBrokers: [brokers] });
  try {
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
  } finally {
    await admin.close();
  }
}

beforeAll(async () => {
  broker = await startKafka();
  await createTopic(broker.brokers, TOPIC);
  sandbox = await startSandbox({ runs: RUNS });
  receiver = await startWebhookReceiver();
}, 180_000);
afterAll(async () => {
  await receiver?.close();
  await sandbox?.close();
  await broker?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What Port's side knows: the org, the client secret that signs, Port's API (for --wait). */
const portSide = () => ({ PORT_ORG_ID: ORG, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, PORT_CLIENT_ID: SANDBOX_CLIENT_ID, PORT_BASE_URL: sandbox.url, PORT_CI_POLL_MS: '200' });

function dispatch(args: string[], env: Record<string, string> = portSide(), bundle?: string): Promise<CliResult> {
  return runCliAsync(['dispatch', ...args], { env, timeoutMs: 60_000, ...(bundle ? { bundle } : {}) });
}

/** `port-ci agent --once` with port-agent's environment names, as a process. */
function agentOnce(brokers = broker.brokers): Promise<CliResult> {
  return runCliAsync(['agent', '--once', '--session-timeout-ms', '6000'], {
    env: {
      PORT_ORG_ID: ORG,
      KAFKA_CONSUMER_GROUP_ID: `${ORG}-agents`,
      KAFKA_CONSUMER_BOOTSTRAP_SERVERS: brokers,
      PORT_API_BASE_URL: sandbox.url,
      PORT_CLIENT_ID: SANDBOX_CLIENT_ID,
      PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
    },
    timeoutMs: 120_000,
  });
}

/** Every record on the topic, read from the start by a consumer of its own. */
async function records(brokers = broker.brokers, topic = TOPIC): Promise<{ key: string; value: string; partition: number }[]> {
  const consumer = new Consumer({ clientId: 'dispatch-kafka-reader', groupId: `reader-${Date.now()}-${Math.random()}`, bootstrapBrokers: [brokers], deserializers: stringDeserializers });
  try {
    const offsets = await consumer.listOffsets({ topics: [topic] });
    const total = (offsets.get(topic) ?? []).reduce((sum, end) => sum + Number(end), 0);
    const found: { key: string; value: string; partition: number }[] = [];
    if (total === 0) return found;
    const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false, maxWaitTime: 200 });
    for await (const message of stream) {
      found.push({ key: String(message.key), value: String(message.value), partition: message.partition });
      if (found.length >= total) break;
    }
    await stream.close();
    return found;
  } finally {
    await consumer.close(true);
  }
}

const webhookAction = (hookPath: string) => ({
  identifier: 'deploy_agent',
  title: 'Deploy (through the agent)',
  trigger: 'DAY-2',
  userInputs: { properties: { environment: { type: 'string', enum: ['staging', 'production'] }, replicas: { type: 'number' } }, required: ['environment'] },
  invocationMethod: { type: 'WEBHOOK', agent: true, synchronized: true, url: `${receiver.url}${hookPath}` },
});
const currentAction = () => ({
  identifier: 'deploy_agent_v2',
  title: 'Deploy (through the agent)',
  trigger: { type: 'self-service', operation: 'DAY-2', blueprintIdentifier: 'service', userInputs: { properties: { environment: { type: 'string' } } } },
  invocationMethod: {
    type: 'WEBHOOK',
    agent: true,
    synchronized: true,
    method: 'PUT',
    url: `${receiver.url}/current/{{ .entity.identifier }}`,
    headers: { 'X-Environment': '{{ .inputs.environment }}' },
    body: { service: '{{ .entity.identifier }}', environment: '{{ .inputs.environment }}', run: '{{ .run.id }}' },
  },
});
const entityFile = () => writeJson(dir, 'entity.json', { identifier: 'checkout-api', blueprint: 'service', title: 'Checkout', properties: { tier: 'gold' } });

const received = (runId: string) => receiver.received.filter((request) => (JSON.parse(request.body) as { context?: { runId?: string } }).context?.runId === runId);
const logsOf = (runId: string) => sandbox.runs.get(runId)!.logs.map((log) => log.message);

describe('port-ci dispatch --kafka-brokers, then port-ci agent --once', () => {
  it('produces both formats and a batch, keyed by run id, which the agent hands on to the webhook once each and Port records', { timeout: 300_000 }, async () => {
    const classic = writeJson(dir, 'classic.json', webhookAction('/classic'));
    const current = writeJson(dir, 'current.json', currentAction());
    const args = ['--entity', `@${entityFile()}`, '--user', 'dana@acme.example', '--kafka-brokers', broker.brokers];

    const first = await dispatch(['--action', classic, '--input', 'environment=staging', '--input', 'replicas=3', '--run-id', 'r_classic', ...args]);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/^produced deploy_agent to org_dk\.runs \(partition \d, offset \d+\) for Port run r_classic; an execution agent hands it on to WEBHOOK\n$/);
    expect(first.code).toBe(0);

    const second = await dispatch(['--action', current, '--input', 'environment=production', '--run-id', 'r_current', '--json', ...args]);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ backend: 'KAFKA', status: 0, produced: { topic: TOPIC, partition: expect.any(Number), offset: expect.stringMatching(/^\d+$/) }, runId: 'r_current' });

    // A batch produces every line on one producer. Four lines at once over three partitions: two share one, where
    // concurrent sends of the client's idempotent producer were numbered alike and one was acknowledged unwritten.
    const lines = BATCH.map((runId) => JSON.stringify({ action: 'classic.json', inputs: { environment: 'staging' }, entity: 'checkout-api', runId }));
    const batch = writeJson(dir, 'runs.ndjson', `${lines.join('\n')}\n`);
    const third = await runCliAsync(['dispatch', '--batch', batch, '--concurrency', '4', '--kafka-brokers', broker.brokers], { env: portSide(), timeoutMs: 60_000 });
    expect(third.stdout).toContain('4 lines: 4 dispatched, 0 refused, 0 uncertain, 0 invalid');
    expect(third.code, third.stderr).toBe(0);

    // Nothing reached the backend yet: dispatch only produced, as Port does for an agent.
    expect(receiver.received).toHaveLength(0);
    const onTopic = await records();
    expect(onTopic.map((record) => record.key).sort()).toEqual([...BATCH, 'r_classic', 'r_current']);
    const classicRecord = JSON.parse(onTopic.find((record) => record.key === 'r_classic')!.value) as Record<string, any>;
    expect(classicRecord).toMatchObject({ trigger: { by: { orgId: ORG } }, context: { runId: 'r_classic', entity: 'checkout-api' }, payload: { properties: { environment: 'staging', replicas: 3 } } });
    expect(Object.keys(classicRecord.headers)).toEqual(['X-Port-Signature', 'X-Port-Timestamp']);

    const agent = await agentOnce();
    expect(agent.code, agent.stderr).toBe(0);
    expect(agent.stderr).not.toContain(SANDBOX_CLIENT_SECRET);

    // Each run once at its backend, as the agent sends it: the message (Port's signature headers taken out).
    for (const runId of ['r_classic', ...BATCH]) {
      expect(received(runId)).toHaveLength(1);
      expect(received(runId)[0]).toMatchObject({ method: 'POST', path: '/classic' });
    }
    const { headers: _signature, ...classicMessage } = classicRecord;
    expect(JSON.parse(received('r_classic')[0]!.body)).toEqual(classicMessage);
    const [put] = received('r_current');
    expect(put).toMatchObject({ method: 'PUT', path: '/current/checkout-api' });
    expect(JSON.parse(put!.body)).toMatchObject({
      action: 'deploy_agent_v2',
      context: { runId: 'r_current', entity: 'checkout-api', blueprint: 'service' },
      payload: { properties: { environment: 'production' }, action: { invocationMethod: { url: `${receiver.url}/current/checkout-api`, body: { service: 'checkout-api', environment: 'production', run: 'r_current' } } } },
    });
    // Synchronized: the webhook's answer ended each run, recorded by the agent.
    for (const runId of ['r_classic', 'r_current', ...BATCH]) {
      expect(sandbox.runs.get(runId)!.status, runId).toBe('SUCCESS');
      expect(logsOf(runId)).toEqual(expect.arrayContaining([expect.stringMatching(/^port-ci agent: sent to /)]));
    }
    expect(receiver.received).toHaveLength(2 + BATCH.length);
  });

  it('--wait follows the Port run an agent hands on, to its end', { timeout: 300_000 }, async () => {
    const action = writeJson(dir, 'wait.json', webhookAction('/wait'));
    const waiting = dispatch(['--action', action, '--input', 'environment=staging', '--entity', 'checkout-api', '--run-id', 'r_wait', '--kafka-brokers', broker.brokers, '--wait', '--timeout', '120s']);
    // The agent starts once the record is on the topic (--once handles what is there when it starts).
    for (let tries = 0; !(await records()).some((record) => record.key === 'r_wait'); tries++) {
      if (tries > 100) throw new Error('dispatch --wait produced nothing');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const agent = await agentOnce();
    expect(agent.code, agent.stderr).toBe(0);
    const waited = await waiting;
    expect(waited.stderr).toMatch(/^produced deploy_agent to org_dk\.runs .* for Port run r_wait; an execution agent hands it on to WEBHOOK\n/);
    expect(waited.stdout).toBe('succeeded: SUCCESS\n');
    expect(waited.code).toBe(0);
    expect(received('r_wait')).toHaveLength(1);
  });
});

describe('when the produce fails', () => {
  const action = () => writeJson(dir, 'refused.json', webhookAction('/refused'));
  const base = () => ['--action', action(), '--input', 'environment=staging', '--entity', 'checkout-api', '--run-id', 'r_refused'];

  async function expectNothingProduced(result: CliResult, line: RegExp, before: number): Promise<void> {
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(line);
    expect(result.stderr.split('\n').filter(Boolean), 'one line').toHaveLength(1);
    expect(result.code).toBe(3);
    expect((await records()).length).toBe(before);
    expect(sandbox.runs.get('r_refused')).toMatchObject({ status: 'IN_PROGRESS', logs: [] });
  }

  it('says in one line that nothing was produced: brokers unreachable, topic missing, authentication refused, TLS refused', { timeout: 180_000 }, async () => {
    const before = (await records()).length;
    const closed = `127.0.0.1:${await freePort()}`;
    await expectNothingProduced(
      await dispatch([...base(), '--kafka-brokers', closed]),
      new RegExp(`^port-ci: Kafka: cannot reach the brokers ${closed} \\(--kafka-brokers\\): connect ECONNREFUSED ${closed}; nothing was produced\\n$`),
      before,
    );
    await expectNothingProduced(
      await dispatch([...base(), '--kafka-brokers', broker.brokers, '--kafka-topic', 'org_dk.missing']),
      /^port-ci: Kafka: topic org_dk\.missing \(from --kafka-topic\) does not exist on 127\.0\.0\.1:\d+ \(--kafka-brokers\); create it \(the agent reads it\), or name another with --kafka-topic; nothing was produced\n$/,
      before,
    );
    const password = 'not-printed-pw-0123456789';
    const sasl = await dispatch([...base(), '--kafka-protocol', 'SASL_PLAINTEXT'], { ...portSide(), PORT_CI_KAFKA_BROKERS: broker.brokers, PORT_CI_KAFKA_USERNAME: 'dispatcher', PORT_CI_KAFKA_PASSWORD: password });
    await expectNothingProduced(
      sasl,
      /^port-ci: Kafka: the brokers 127\.0\.0\.1:\d+ \(PORT_CI_KAFKA_BROKERS\) refused authentication with SASL SCRAM-SHA-512 as dispatcher \(PORT_CI_KAFKA_USERNAME, PORT_CI_KAFKA_PASSWORD\), --kafka-protocol SASL_PLAINTEXT: \S+; the broker enables no SASL mechanism on this listener; nothing was produced\n$/,
      before,
    );
    expect(sasl.stderr).not.toContain(password);
    await expectNothingProduced(
      await dispatch([...base(), '--kafka-brokers', broker.brokers, '--kafka-protocol', 'SSL']),
      /^port-ci: Kafka: the TLS handshake with 127\.0\.0\.1:\d+ \(--kafka-brokers\) failed \(--kafka-protocol SSL\): does that listener take TLS\? PLAINTEXT and SASL_PLAINTEXT do not; nothing was produced\n$/,
      before,
    );
  });

  it('refuses before anything is sent what producing needs: the topic, the client secret that signs (exit 2)', async () => {
    const noOrg = await dispatch([...base(), '--kafka-brokers', broker.brokers], { PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET });
    expect(noOrg).toMatchObject({ code: 2, stdout: '', stderr: 'port-ci: WEBHOOK with agent: true: set PORT_ORG_ID (the topic is {PORT_ORG_ID}.runs, as Port names it) or --kafka-topic\n' });
    const unsigned = await dispatch([...base(), '--kafka-brokers', broker.brokers], { PORT_ORG_ID: ORG });
    expect(unsigned).toMatchObject({ code: 2, stderr: 'port-ci: WEBHOOK with agent: true: set PORT_CLIENT_SECRET: Port signs every run message it produces, and an agent refuses one it cannot check\n' });
  });
});

describe('brokers that want TLS and SASL, as Port\'s do', () => {
  let secured: KafkaBroker | undefined;
  afterAll(async () => {
    await secured?.close();
  });
  const user = KAFKA_USERS['SCRAM-SHA-512'];
  const wrongPassword = 'wrong-pw-never-printed-8d2k';
  /** A dispatch to the SASL_SSL listener as its user, trusting the test CA unless told not to. */
  const run = (env: Record<string, string>, extra: string[] = [], trustCa = true) =>
    dispatch(['--action', writeJson(dir, 'secured.json', webhookAction('/secured')), '--input', 'environment=staging', '--entity', 'checkout-api', '--run-id', 'r_secured', '--kafka-protocol', 'SASL_SSL', ...extra], {
      ...portSide(),
      PORT_CI_KAFKA_BROKERS: secured!.secured!.saslSsl,
      PORT_CI_KAFKA_USERNAME: user.username,
      PORT_CI_KAFKA_PASSWORD: user.password,
      ...(trustCa ? { NODE_EXTRA_CA_CERTS: secured!.secured!.caFile } : {}),
      ...env,
    });

  it('produces over SASL_SSL with SCRAM-SHA-512; a wrong password, a mechanism not offered, an untrusted certificate are one line each', { timeout: 240_000 }, async () => {
    secured = await startKafka({ secured: true });
    await createTopic(secured.brokers, TOPIC);
    const sent = await run({});
    expect(sent.stdout).toMatch(/^produced deploy_agent to org_dk\.runs /);
    expect(sent.code, sent.stderr).toBe(0);
    expect((await records(secured.brokers)).map((record) => record.key)).toEqual(['r_secured']);

    const refused = await run({ PORT_CI_KAFKA_PASSWORD: wrongPassword });
    expect(refused.stderr).toMatch(
      new RegExp(`^port-ci: Kafka: the brokers ${secured.secured!.saslSsl} \\(PORT_CI_KAFKA_BROKERS\\) refused authentication with SASL SCRAM-SHA-512 as ${user.username} \\(PORT_CI_KAFKA_USERNAME, PORT_CI_KAFKA_PASSWORD\\), --kafka-protocol SASL_SSL: .+; nothing was produced\\n$`),
    );
    expect(refused.code).toBe(3);
    expect(refused.stderr).not.toContain(wrongPassword);
    const plain = await run({}, ['--kafka-sasl', 'PLAIN']);
    expect(plain.stderr).toMatch(/refused authentication with SASL PLAIN as .*; the broker enables SASL SCRAM-SHA-512, SCRAM-SHA-256; nothing was produced\n$/);
    const untrusted = await run({}, [], false);
    expect(untrusted.stderr).toMatch(/^port-ci: Kafka: the TLS certificate of 127\.0\.0\.1:\d+ \(PORT_CI_KAFKA_BROKERS\) is not trusted \(\w+\): give its CA in NODE_EXTRA_CA_CERTS, or check the host name; nothing was produced\n$/);
    for (const result of [refused, plain, untrusted]) {
      expect(result.stdout).toBe('');
      expect(result.code).toBe(3);
      expect(result.stderr).not.toContain(user.password);
    }
    expect((await records(secured.brokers)).map((record) => record.key)).toEqual(['r_secured']);
  });
});

describe('an acknowledgement that never comes', () => {
  let faulty: KafkaBroker | undefined;
  let proxy: KafkaFaultProxy | undefined;
  afterAll(async () => {
    await faulty?.close();
    await proxy?.close();
  });

  it('is uncertain, never "produced": the record did land, once, and dispatch says to look before sending again', { timeout: 240_000 }, async () => {
    proxy = await startKafkaFaultProxy();
    // The broker sends every client through the proxy, so the produce does too.
    faulty = await startKafka({ properties: { 'advertised.listeners': `PLAINTEXT://${proxy.address}` } });
    proxy.forwardTo(faulty.brokers);
    await createTopic(proxy.address, TOPIC);
    proxy.loseProduceAnswers(true);
    const action = writeJson(dir, 'uncertain.json', webhookAction('/uncertain'));
    const result = await dispatch(['--action', action, '--input', 'environment=staging', '--entity', 'checkout-api', '--run-id', 'r_uncertain', '--kafka-brokers', proxy.address]);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^port-ci: The run message may or may not have been produced to org_dk\.runs: Connection closed, and no acknowledgement came; look for key r_uncertain on the topic, or at the run in Port, before dispatching again\n$/,
    );
    expect(result.code).toBe(3);
    expect(proxy.lost()).toBeGreaterThan(0);
    proxy.loseProduceAnswers(false);
    // It was written, and the producer's retries were not: the idempotent producer numbers them, the broker keeps one.
    const landed = await records(proxy.address);
    expect(landed.map((record) => record.key)).toEqual(['r_uncertain']);
  });
});

describe('the Kafka client is loaded only to produce', () => {
  it('a GitHub dispatch and a direct webhook run with the client\'s chunk gone; producing needs it', { timeout: 120_000 }, async () => {
    // A copy of the bundled CLI without the chunk that holds @platformatic/kafka: what does not load it still works.
    const bundle = path.join(dir, 'cli');
    cpSync(path.join(root, 'dist', 'cli'), bundle, { recursive: true });
    const chunks = readdirSync(bundle).filter((name) => name.endsWith('.js') && readFileSync(path.join(bundle, name), 'utf8').includes("channelsNamespace = 'plt:kafka'"));
    expect(chunks).toHaveLength(1);
    rmSync(path.join(bundle, chunks[0]!));
    const cli = path.join(bundle, 'index.js');

    const github = await startGitHubApi({ token: 'ghs_chunkTest', repos: { 'acme/deployments': { defaultBranch: 'main', workflows: { 'deploy.yml': { inputs: { port_payload: {} } } } } } });
    try {
      const action = writeJson(dir, 'github.json', { identifier: 'deploy_gh', trigger: 'CREATE', invocationMethod: { type: 'GITHUB', org: 'acme', repo: 'deployments', workflow: 'deploy.yml', omitUserInputs: true } });
      const sent = await dispatch(['--action', action, '--run-id', 'r_chunk'], { ...portSide(), GITHUB_TOKEN: 'ghs_chunkTest', GITHUB_API_URL: github.url, PORT_CI_KAFKA_BROKERS: broker.brokers }, cli);
      expect(sent.code, sent.stderr).toBe(0);
      expect(github.dispatches).toHaveLength(1);
    } finally {
      await github.close();
    }
    const hook = writeJson(dir, 'direct.json', webhookAction('/direct'));
    const direct = await dispatch(['--action', hook, '--input', 'environment=staging', '--entity', 'checkout-api', '--run-id', 'r_chunk'], portSide(), cli);
    expect(direct.code, direct.stderr).toBe(0);
    expect(receiver.received.filter((request) => request.path === '/direct')).toHaveLength(1);

    // The same copy cannot produce: so the runs above did not load the client.
    const produce = await dispatch(['--action', hook, '--input', 'environment=staging', '--entity', 'checkout-api', '--run-id', 'r_chunk', '--kafka-brokers', broker.brokers], portSide(), cli);
    expect(produce.code).toBe(1);
    expect(produce.stderr).toContain(chunks[0]);
  });
});

/*
 * `port-ci agent` against a broker that demands authentication, as Port's (SASL_SSL, SCRAM-SHA-512) and a company's
 * own Kafka do: the bundled CLI as a process with port-agent's environment names, a real broker with SASL_SSL,
 * SASL_PLAINTEXT and SSL listeners and a certificate from a test CA (test/support/kafka.ts, `secured`), the sandbox
 * as Port (it also hands out the Kafka credentials, as Port does when no brokers are given), a local webhook
 * receiver as the backend. The agent trusts the test CA as a user would trust a private one: NODE_EXTRA_CA_CERTS.
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import { signWebhook } from '../../src/core/index.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { root } from '../support/cli.js';
import { KAFKA_USERS, startKafka, type KafkaBroker, type KafkaSaslMechanism } from '../support/kafka.js';
import { caSignedCertificate } from '../support/tls.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const ORG = 'org_sasl';
const ALL_PASSWORDS = Object.values(KAFKA_USERS).map((user) => user.password);
const WRONG_PASSWORD = 'not-the-password-Z8q3';
let broker: KafkaBroker;
let sandbox: Sandbox;
let receiver: WebhookReceiver;
let topicCount = 0;

beforeAll(async () => {
  broker = await startKafka({ secured: true });
  sandbox = await startSandbox({ kafkaCredentials: { brokers: [broker.secured!.saslSsl], ...KAFKA_USERS['SCRAM-SHA-512'] } });
  receiver = await startWebhookReceiver();
}, 180_000);
afterAll(async () => {
  await receiver?.close();
  await sandbox?.close();
  await broker?.close();
});

/** A topic of its own for each test (over the PLAINTEXT listener, as Port's side of the broker), so no test sees another's runs. */
async function newTopic(): Promise<string> {
  const topic = `${ORG}.runs.${++topicCount}`;
  const admin = new Admin({ clientId: 'e2e-admin', bootstrapBrokers: [broker.brokers] });
  try {
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 });
  } finally {
    await admin.close();
  }
  return topic;
}

/** Port's signed run message for a synchronized webhook run through the agent, on `topic`. */
async function produceRun(topic: string, runId: string): Promise<void> {
  const body = {
    action: 'deploy', resourceType: 'run', status: 'TRIGGERED',
    trigger: { by: { orgId: ORG, userId: 'auth0|1', user: { email: 'dana@example.com' } }, origin: 'UI', at: '2026-12-01T10:00:00.000Z' },
    context: { entity: null, blueprint: 'service', runId },
    payload: { entity: null, action: { identifier: 'deploy', trigger: 'CREATE', invocationMethod: { type: 'WEBHOOK', agent: true, synchronized: true, url: `${receiver.url}/${runId}` } }, properties: {}, censoredProperties: [] },
  };
  const headers = signWebhook(JSON.stringify({ ...body, headers: {} }), SANDBOX_CLIENT_SECRET, Math.floor(Date.now() / 1000));
  const producer = new Producer({ clientId: 'e2e-port', bootstrapBrokers: [broker.brokers], serializers: stringSerializers, idempotent: true });
  try {
    await producer.send({ messages: [{ topic, key: runId, value: JSON.stringify({ ...body, headers }) }] });
  } finally {
    await producer.close();
  }
}

interface AgentRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** What stderr holds besides the agent's JSON log lines: the CLI's own error line, if any. */
  plainLines: string[];
}

interface AgentProcess {
  stderr(): string;
  ended: Promise<AgentRun>;
  kill(): void;
}

/** `port-ci agent` with these flags, port-agent's environment names and `env` on top, as a process. */
function startAgent(args: string[], topic: string, env: Record<string, string>, portUrl = sandbox.url): AgentProcess {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'cli', 'index.js'), 'agent', ...args], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      PORT_ORG_ID: ORG,
      KAFKA_CONSUMER_GROUP_ID: `${ORG}-agents`,
      KAFKA_RUNS_TOPIC: topic,
      PORT_API_BASE_URL: portUrl,
      PORT_CLIENT_ID: SANDBOX_CLIENT_ID,
      PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdout.resume();
  // Far above what a refusal takes (under a second here): a process still running then is one that hangs.
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const ended = new Promise<AgentRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, plainLines: stderr.split('\n').filter((line) => line !== '' && !line.startsWith('{')) });
    });
  });
  return { stderr: () => stderr, ended, kill: () => void child.kill('SIGKILL') };
}

const agentOnce = (topic: string, env: Record<string, string>, portUrl?: string): Promise<AgentRun> => startAgent(['--once'], topic, env, portUrl).ended;

function given(address: string, protocol: string, mechanism?: KafkaSaslMechanism, password?: string): Record<string, string> {
  return {
    KAFKA_CONSUMER_BOOTSTRAP_SERVERS: address,
    KAFKA_CONSUMER_SECURITY_PROTOCOL: protocol,
    NODE_EXTRA_CA_CERTS: broker.secured!.caFile,
    ...(mechanism
      ? { KAFKA_CONSUMER_AUTHENTICATION_MECHANISM: mechanism, KAFKA_CONSUMER_USERNAME: KAFKA_USERS[mechanism].username, KAFKA_CONSUMER_PASSWORD: password ?? KAFKA_USERS[mechanism].password }
      : {}),
  };
}

function expectNoPassword(run: AgentRun): void {
  for (const password of [...ALL_PASSWORDS, WRONG_PASSWORD]) expect(run.stderr).not.toContain(password);
}

describe('port-ci agent on authenticated listeners', () => {
  it.each([
    ['SASL_SSL', 'SCRAM-SHA-512', 'saslSsl'],
    ['SASL_SSL', 'SCRAM-SHA-256', 'saslSsl'],
    ['SASL_PLAINTEXT', 'PLAIN', 'saslPlaintext'],
    ['SASL_PLAINTEXT', 'SCRAM-SHA-256', 'saslPlaintext'],
    ['SSL', 'none', 'ssl'],
  ] as const)('%s (SASL: %s) with given brokers: the run is handed on and ended in Port', async (protocol, sasl, listener) => {
    const mechanism = sasl === 'none' ? undefined : sasl;
    const topic = await newTopic();
    const runId = `r_${protocol}_${mechanism ?? 'tls'}`.replace(/-/g, '_');
    sandbox.createRun(runId);
    await produceRun(topic, runId);
    const run = await agentOnce(topic, given(broker.secured![listener], protocol, mechanism));
    expect(run.code, run.stderr).toBe(0);
    expect(receiver.received.filter((request) => request.path === `/${runId}`)).toHaveLength(1);
    expect(sandbox.runs.get(runId)).toMatchObject({ status: 'SUCCESS' });
    expectNoPassword(run);
  }, 90_000);

  it('takes the brokers and SCRAM-SHA-512 user Port hands out when no brokers are given, and consumes with them', async () => {
    const topic = await newTopic();
    sandbox.createRun('r_from_port');
    await produceRun(topic, 'r_from_port');
    const before = sandbox.requests.filter((request) => request.path === '/v1/kafka-credentials').length;
    // Nothing about Kafka but the CA: the protocol (SASL_SSL) and mechanism (SCRAM-SHA-512) are the defaults for Port's brokers.
    const run = await agentOnce(topic, { NODE_EXTRA_CA_CERTS: broker.secured!.caFile });
    expect(run.code, run.stderr).toBe(0);
    expect(sandbox.requests.filter((request) => request.path === '/v1/kafka-credentials' && request.status === 200)).toHaveLength(before + 1);
    expect(JSON.parse(run.stderr.split('\n').find((line) => line.includes('"starting"'))!)).toMatchObject({ kafkaFrom: 'port', brokers: broker.secured!.saslSsl });
    expect(receiver.received.filter((request) => request.path === '/r_from_port')).toHaveLength(1);
    expect(sandbox.runs.get('r_from_port')).toMatchObject({ status: 'SUCCESS' });
    expectNoPassword(run);
  }, 90_000);
});

describe('port-ci agent refused by the broker: exit 3 at once, one line naming the setting, no password', () => {
  it('a wrong password names KAFKA_CONSUMER_USERNAME and KAFKA_CONSUMER_PASSWORD, and nothing is consumed', async () => {
    const topic = await newTopic();
    sandbox.createRun('r_wrong_password');
    await produceRun(topic, 'r_wrong_password');
    const run = await agentOnce(topic, given(broker.secured!.saslSsl, 'SASL_SSL', 'SCRAM-SHA-512', WRONG_PASSWORD));
    expect(run.signal, run.stderr).toBeNull();
    expect(run.code, run.stderr).toBe(3);
    expect(run.plainLines).toEqual([
      `port-ci: agent: Kafka at ${broker.secured!.saslSsl} refused the SASL login of user "${KAFKA_USERS['SCRAM-SHA-512'].username}" with SCRAM-SHA-512: check KAFKA_CONSUMER_USERNAME and KAFKA_CONSUMER_PASSWORD, and that KAFKA_CONSUMER_AUTHENTICATION_MECHANISM (--sasl-mechanism) is a mechanism the user has a credential for`,
    ]);
    // Refused once, not retried 20 times first.
    expect(run.stderr.match(/"level":"error"/g)).toHaveLength(1);
    expectNoPassword(run);
    expect(receiver.received.filter((request) => request.path === '/r_wrong_password')).toEqual([]);
    expect(sandbox.runs.get('r_wrong_password')!.status).toBe('IN_PROGRESS');
  }, 90_000);

  it('a user of another mechanism is refused the same way', async () => {
    const env = { ...given(broker.secured!.saslPlaintext, 'SASL_PLAINTEXT', 'SCRAM-SHA-256'), KAFKA_CONSUMER_USERNAME: KAFKA_USERS['SCRAM-SHA-512'].username, KAFKA_CONSUMER_PASSWORD: KAFKA_USERS['SCRAM-SHA-512'].password };
    const run = await agentOnce(await newTopic(), env);
    expect(run.code, run.stderr).toBe(3);
    expect(run.plainLines).toEqual([expect.stringMatching(/^port-ci: agent: Kafka at \S+ refused the SASL login of user "agent-scram-512" with SCRAM-SHA-256: check KAFKA_CONSUMER_USERNAME and KAFKA_CONSUMER_PASSWORD/)]);
    expectNoPassword(run);
  }, 90_000);

  it.each([
    ['SASL_SSL', 'saslSsl', 'PLAIN', 'SCRAM-SHA-512, SCRAM-SHA-256'],
    ['SASL_PLAINTEXT', 'saslPlaintext', 'SCRAM-SHA-512', 'PLAIN, SCRAM-SHA-256'],
  ] as const)('%s with a mechanism the listener does not offer (%s, %s) names KAFKA_CONSUMER_AUTHENTICATION_MECHANISM and what it offers', async (protocol, listener, mechanism, offered) => {
    const run = await agentOnce(await newTopic(), given(broker.secured![listener], protocol, mechanism));
    expect(run.signal, run.stderr).toBeNull();
    expect(run.code, run.stderr).toBe(3);
    expect(run.plainLines).toEqual([
      `port-ci: agent: Kafka at ${broker.secured![listener]} does not offer the SASL mechanism ${mechanism} (it offers ${offered}): set KAFKA_CONSUMER_AUTHENTICATION_MECHANISM (--sasl-mechanism) to one it offers`,
    ]);
    expectNoPassword(run);
  }, 90_000);

  it('a certificate from a CA the agent does not trust names NODE_EXTRA_CA_CERTS', async () => {
    const { NODE_EXTRA_CA_CERTS: _trusted, ...untrusting } = given(broker.secured!.saslSsl, 'SASL_SSL', 'SCRAM-SHA-512');
    const run = await agentOnce(await newTopic(), untrusting);
    expect(run.code, run.stderr).toBe(3);
    expect(run.plainLines).toEqual([
      `port-ci: agent: Kafka at ${broker.secured!.saslSsl} showed a TLS certificate that is not trusted (unable to verify the first certificate): for a private CA, set NODE_EXTRA_CA_CERTS to the CA's PEM file`,
    ]);
    expectNoPassword(run);
  }, 90_000);

  it('TLS to a listener without it names KAFKA_CONSUMER_SECURITY_PROTOCOL', async () => {
    const run = await agentOnce(await newTopic(), given(broker.secured!.saslPlaintext, 'SASL_SSL', 'SCRAM-SHA-256'));
    expect(run.code, run.stderr).toBe(3);
    expect(run.plainLines).toEqual([
      expect.stringMatching(/^port-ci: agent: the TLS handshake with Kafka at 127\.0\.0\.1:\d+ failed \(.+\): KAFKA_CONSUMER_SECURITY_PROTOCOL \(--security-protocol\) is SASL_SSL; check that the listener takes TLS$/),
    ]);
    expectNoPassword(run);
  }, 90_000);

  it('credentials Port hands out that the broker refuses say they came from Port', async () => {
    const wrongPort = await startSandbox({ kafkaCredentials: { brokers: [broker.secured!.saslSsl], username: KAFKA_USERS['SCRAM-SHA-512'].username, password: WRONG_PASSWORD } });
    try {
      const run = await agentOnce(await newTopic(), { NODE_EXTRA_CA_CERTS: broker.secured!.caFile }, wrongPort.url);
      expect(run.code, run.stderr).toBe(3);
      expect(run.plainLines).toEqual([
        `port-ci: agent: Kafka at ${broker.secured!.saslSsl} refused the SASL login (SCRAM-SHA-512) with the credentials Port handed out (GET /v1/kafka-credentials); Port's brokers take SCRAM-SHA-512: check KAFKA_CONSUMER_AUTHENTICATION_MECHANISM (--sasl-mechanism)`,
      ]);
      expectNoPassword(run);
    } finally {
      await wrongPort.close();
    }
  }, 90_000);

  it('a listener of another protocol is retried as a broker away, then named with the settings to check', async () => {
    // PLAINTEXT to the SASL_PLAINTEXT listener: the broker closes the connection, which looks like a broker going away.
    const run = await agentOnce(await newTopic(), given(broker.secured!.saslPlaintext, 'PLAINTEXT'));
    expect(run.signal, run.stderr).toBeNull();
    expect(run.code, run.stderr).toBe(3);
    expect(run.plainLines).toEqual([
      expect.stringMatching(
        /^port-ci: agent: could not reach Kafka at 127\.0\.0\.1:\d+ \(.+\): check KAFKA_CONSUMER_BOOTSTRAP_SERVERS \(--brokers\), and that the listener there takes PLAINTEXT \(KAFKA_CONSUMER_SECURITY_PROTOCOL, KAFKA_CONSUMER_AUTHENTICATION_MECHANISM \(--sasl-mechanism\)\)$/,
      ),
    ]);
  }, 90_000);

  it('a password changed while the agent runs ends it with the same line once it must log in again (here: the broker restarts)', async () => {
    const user = { username: 'agent-rotated', password: 'rotated-pw-first-K2m9' };
    await broker.secured!.setScramUser('SCRAM-SHA-512', user.username, user.password);
    const env = { ...given(broker.secured!.saslSsl, 'SASL_SSL', 'SCRAM-SHA-512'), KAFKA_CONSUMER_USERNAME: user.username, KAFKA_CONSUMER_PASSWORD: user.password };
    const agent = startAgent([], await newTopic(), env);
    while (!agent.stderr().includes('"joined the group"')) {
      const early = await Promise.race([agent.ended, new Promise<undefined>((resolve) => setTimeout(resolve, 100))]);
      if (early) throw new Error(`the agent ended before it joined (${early.code}):\n${early.stderr}`);
    }
    await broker.secured!.setScramUser('SCRAM-SHA-512', user.username, 'rotated-pw-second-T4x1');
    await broker.restart();
    const run = await agent.ended;
    expect(run.signal, run.stderr).toBeNull();
    expect(run.code, run.stderr).toBe(3);
    expect(run.plainLines).toEqual([expect.stringMatching(/^port-ci: agent: Kafka at \S+ refused the SASL login of user "agent-rotated" with SCRAM-SHA-512: check KAFKA_CONSUMER_USERNAME and KAFKA_CONSUMER_PASSWORD/)]);
    expect(run.stderr).toContain('the brokers refused the agent: stopping');
    expect(run.stderr).not.toContain('rotated-pw-');
  }, 120_000);
});

describe('port-ci agent over TLS names the broker it dials (SNI)', () => {
  /** A TLS listener that notes the server name each handshake asks for, then hangs up: all a test of SNI needs. */
  async function sniWitness(): Promise<{ port: number; caFile: string; names: (string | false | null)[]; close: () => Promise<void> }> {
    const certificate = caSignedCertificate(['localhost'], ['127.0.0.1']);
    const names: (string | false | null)[] = [];
    const server = tls.createServer({ key: certificate.key, cert: certificate.cert }, (socket) => {
      names.push(socket.servername);
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { port: (server.address() as AddressInfo).port, caFile: certificate.caFile, names, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  it.each([
    ['localhost', 'localhost'],
    ['127.0.0.1', false],
  ] as const)('a broker given as %s: the handshake names %s, and no warning breaks the JSON log lines', async (host, expected) => {
    const witness = await sniWitness();
    try {
      const agent = startAgent([], `${ORG}.runs.sni`, { KAFKA_CONSUMER_BOOTSTRAP_SERVERS: `${host}:${witness.port}`, KAFKA_CONSUMER_SECURITY_PROTOCOL: 'SSL', NODE_EXTRA_CA_CERTS: witness.caFile });
      // Two handshakes at least (the client tries again), then the agent is let go: what it would say later is not
      // the point here.
      for (let waited = 0; witness.names.length < 2 && waited < 30_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      agent.kill();
      const run = await agent.ended;
      expect(witness.names.length).toBeGreaterThan(0);
      expect(new Set(witness.names)).toEqual(new Set([expected]));
      // Node's RFC 6066 warning would be a plain line on stderr; only the CLI's own final line is allowed.
      expect(run.plainLines.filter((line) => !line.startsWith('port-ci: '))).toEqual([]);
    } finally {
      await witness.close();
    }
  }, 90_000);
});

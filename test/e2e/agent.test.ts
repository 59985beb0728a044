/*
 * `port-ci agent` end to end, as a user runs it: Port's signed run messages on a real Kafka broker (KRaft), the
 * agent as a process of the bundled CLI with port-agent's environment names, the sandbox as Port, a local webhook
 * receiver as the backend.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import { signWebhook } from '../../src/core/index.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { root } from '../support/cli.js';
import { startKafka, type KafkaBroker } from '../support/kafka.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const ORG = 'org_e2e';
const TOPIC = `${ORG}.runs`;
let broker: KafkaBroker;
let sandbox: Sandbox;
let receiver: WebhookReceiver;

beforeAll(async () => {
  broker = await startKafka();
  const admin = new Admin({ clientId: 'e2e-admin', bootstrapBrokers: [broker.brokers] });
  try {
    await admin.createTopics({ topics: [TOPIC], partitions: 6, replicas: 1 });
  } finally {
    await admin.close();
  }
  sandbox = await startSandbox({ runs: ['r_sync', 'r_async', 'r_forged', 'r_not_agent', 'r_served'] });
  receiver = await startWebhookReceiver();
}, 120_000);
afterAll(async () => {
  await receiver?.close();
  await sandbox?.close();
  await broker?.close();
});

/** Port's run message for a webhook action run through the agent, signed as Port signs Kafka messages. */
function message(runId: string, method: Record<string, unknown>, secret = SANDBOX_CLIENT_SECRET): string {
  const body = {
    action: 'deploy', resourceType: 'run', status: 'TRIGGERED',
    trigger: { by: { orgId: ORG, userId: 'auth0|1', user: { email: 'dana@example.com' } }, origin: 'UI', at: '2026-12-01T10:00:00.000Z' },
    context: { entity: null, blueprint: 'service', runId },
    payload: { entity: null, action: { identifier: 'deploy', trigger: 'CREATE', invocationMethod: method }, properties: { environment: 'staging' }, censoredProperties: [] },
  };
  const headers = signWebhook(JSON.stringify({ ...body, headers: {} }), secret, Math.floor(Date.now() / 1000));
  return JSON.stringify({ ...body, headers });
}

async function produce(records: { key: string; value: string }[]): Promise<void> {
  const producer = new Producer({ clientId: 'e2e-port', bootstrapBrokers: [broker.brokers], serializers: stringSerializers, idempotent: true });
  try {
    await producer.send({ messages: records.map((record) => ({ topic: TOPIC, ...record })) });
  } finally {
    await producer.close();
  }
}

/** `port-ci agent` with these flags and port-agent's environment names, as a process. */
function startAgent(args: string[]): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const env = {
    PATH: process.env.PATH ?? '',
    PORT_ORG_ID: ORG,
    KAFKA_CONSUMER_GROUP_ID: `${ORG}-agents`,
    KAFKA_CONSUMER_BOOTSTRAP_SERVERS: broker.brokers,
    KAFKA_CONSUMER_SECURITY_PROTOCOL: 'PLAINTEXT',
    PORT_API_BASE_URL: sandbox.url,
    PORT_CLIENT_ID: SANDBOX_CLIENT_ID,
    PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
  };
  const child = spawn(process.execPath, [path.join(root, 'dist', 'cli', 'index.js'), 'agent', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  child.stdout!.resume();
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  return { child, stderr: () => stderr, exited };
}

/** `port-ci agent --once`; resolves with its exit code and output. */
async function agentOnce(): Promise<{ code: number | null; stderr: string }> {
  const agent = startAgent(['--once']);
  const code = await agent.exited;
  return { code, stderr: agent.stderr() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('port-ci agent --once', () => {
  it('hands agent runs on to their webhook once, reports them in Port, tells a forged run, skips the rest, and a second agent sends nothing again', async () => {
    await produce([
      { key: 'r_sync', value: message('r_sync', { type: 'WEBHOOK', agent: true, synchronized: true, url: `${receiver.url}/sync` }) },
      { key: 'r_async', value: message('r_async', { type: 'WEBHOOK', agent: true, url: `${receiver.url}/async` }) },
      { key: 'r_forged', value: message('r_forged', { type: 'WEBHOOK', agent: true, url: `${receiver.url}/forged` }, 'not-the-client-secret-0123456789abcdef') },
      { key: 'r_not_agent', value: message('r_not_agent', { type: 'WEBHOOK', agent: false, url: `${receiver.url}/direct` }) },
    ]);
    const first = await agentOnce();
    expect(first.code, first.stderr).toBe(0);
    expect(receiver.received.map((request) => request.path).sort()).toEqual(['/async', '/sync']);
    expect(sandbox.runs.get('r_sync')).toMatchObject({ status: 'SUCCESS' });
    expect(sandbox.runs.get('r_async')!.status).toBe('IN_PROGRESS');
    expect(sandbox.runs.get('r_async')!.logs.map((log) => log.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^port-ci agent: sent to /)]));
    expect(sandbox.runs.get('r_forged')).toMatchObject({ status: 'FAILURE', summary: expect.stringMatching(/X-Port-Signature does not match/) });
    expect(sandbox.runs.get('r_not_agent')!.logs).toEqual([]);
    // Structured logs, one JSON object per line, with no secret in them.
    for (const line of first.stderr.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    expect(first.stderr).not.toContain(SANDBOX_CLIENT_SECRET);

    const second = await agentOnce();
    expect(second.code, second.stderr).toBe(0);
    expect(receiver.received).toHaveLength(2);
  }, 240_000);

  it('serves /healthz and /metrics on --metrics-port, and on SIGTERM stops gracefully with exit 0', async () => {
    const agent = startAgent(['--metrics-port', '0', '--metrics-host', '127.0.0.1']);
    let port: number | undefined;
    while (port === undefined && agent.child.exitCode === null) {
      const listening = agent.stderr().split('\n').find((line) => line.includes('health and metrics server listening'));
      port = listening === undefined ? undefined : (JSON.parse(listening) as { port: number }).port;
      await sleep(50);
    }
    expect(port, agent.stderr()).toBeDefined();
    while ((await fetch(`http://127.0.0.1:${port}/healthz`).then((response) => response.status, () => 0)) !== 200) await sleep(100);
    const before = receiver.received.length;
    await produce([{ key: 'r_served', value: message('r_served', { type: 'WEBHOOK', agent: true, synchronized: true, url: `${receiver.url}/served` }) }]);
    while (receiver.received.length === before) await sleep(50);
    let metrics = '';
    while (!/^port_ci_agent_handed_on_total\{[^}]*outcome="handed-on"[^}]*\} [1-9]/m.test(metrics)) {
      metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      await sleep(100);
    }
    expect(metrics).toMatch(new RegExp(`^port_ci_agent_records_consumed_total\\{topic="${TOPIC.replace('.', '\\.')}"\\} [1-9]`, 'm'));
    agent.child.kill('SIGTERM');
    expect(await agent.exited, agent.stderr()).toBe(0);
    expect(sandbox.runs.get('r_served')!.status).toBe('SUCCESS');
  }, 120_000);
});

// The whole agent, as issue 13 measures it: 2,000 signed run messages through a real Kafka broker to `port-ci agent`
// processes (the bundled CLI, 1 or 3 of them in one group over a 6-partition topic), each run handed on to a local
// webhook that answers after 5 ms and recorded in the sandbox (Port), in a burst and paced at 200 runs/s. Prints
// runs/s from the first send to the last webhook request, p50/p99 from send to the webhook's request, the partition split, and each agent's resident
// memory at the end; nothing here asserts a time.
// Run: npx vitest run --config bench/vitest.config.ts bench/agent.bench-run.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import { signWebhook } from '../src/core/index.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox } from '../src/sandbox/server.js';
import { startKafka } from '../test/support/kafka.js';
import { startWebhookReceiver } from '../test/support/webhook-receiver.js';

const COUNT = 2_000;
const ORG = 'org_bench';
const root = path.resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;

function message(runId: string, url: string): string {
  const body = {
    action: 'deploy', resourceType: 'run', status: 'TRIGGERED',
    trigger: { by: { orgId: ORG, userId: 'auth0|1' }, origin: 'UI', at: new Date().toISOString() },
    context: { entity: null, blueprint: 'service', runId },
    payload: { entity: null, action: { identifier: 'deploy', trigger: 'CREATE', invocationMethod: { type: 'WEBHOOK', agent: true, synchronized: true, url } }, properties: {}, censoredProperties: [] },
  };
  const headers = signWebhook(JSON.stringify({ ...body, headers: {} }), SANDBOX_CLIENT_SECRET, Math.floor(Date.now() / 1000));
  return JSON.stringify({ ...body, headers });
}

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function round(brokers: string, agents: number, perSecond?: number): Promise<string> {
  const topic = `${ORG}.runs.${agents}.${Math.random().toString(36).slice(2, 6)}`;
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers: [brokers] });
  await admin.createTopics({ topics: [topic], partitions: 6, replicas: 1 });
  await admin.close();
  const ids = Array.from({ length: COUNT + 1 }, (_, index) => `r_bench${agents}x${index}`);
  const sandbox = await startSandbox({ runs: ids });
  const receiver = await startWebhookReceiver({ latencyMs: 5 });
  const sentAt = new Map<string, number>();
  const children: ChildProcess[] = [];
  const env = {
    PATH: process.env.PATH ?? '', PORT_ORG_ID: ORG, KAFKA_CONSUMER_GROUP_ID: `${ORG}-bench-${topic}`, KAFKA_RUNS_TOPIC: topic,
    KAFKA_CONSUMER_BOOTSTRAP_SERVERS: brokers, KAFKA_CONSUMER_SECURITY_PROTOCOL: 'PLAINTEXT', LOG_LEVEL: 'warn',
    PORT_API_BASE_URL: sandbox.url, PORT_CLIENT_ID: SANDBOX_CLIENT_ID, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
  };
  const metricsPorts: number[] = [];
  for (let index = 0; index < agents; index++) {
    const port = 19_400 + Math.floor(Math.random() * 500) * 2 + index;
    metricsPorts.push(port);
    children.push(spawn(process.execPath, [path.join(root, 'dist', 'cli', 'index.js'), 'agent', '--metrics-port', String(port), '--metrics-host', '127.0.0.1'], { env, stdio: ['ignore', 'ignore', 'inherit'] }));
  }
  // Joined and serving: every agent's /healthz says 200.
  for (const port of metricsPorts) {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      await sleep(100);
    }
  }
  const producer = new Producer({ clientId: 'bench-port', bootstrapBrokers: [brokers], serializers: stringSerializers, idempotent: true });
  // One untimed run first: the producer's id and a new topic's metadata are not the agent's cost.
  await producer.send({ messages: [{ topic, key: ids[COUNT]!, value: message(ids[COUNT]!, `${receiver.url}/${ids[COUNT]}`) }] });
  while (receiver.received.length < 1) await sleep(5);
  await sleep(3_000); // let a rebalance from the last member joining settle
  const start = performance.now();
  const startedAt = Date.now();
  // A burst: sends of 100 as fast as the producer goes. Paced: sends of 10, one every 10/perSecond seconds.
  const size = perSecond ? 10 : 100;
  for (let batch = 0; batch < COUNT; batch += size) {
    if (perSecond) {
      const due = start + (batch / perSecond) * 1000;
      if (due > performance.now()) await sleep(due - performance.now());
    }
    const records = ids.slice(batch, Math.min(batch + size, COUNT)).map((id) => ({ topic, key: id, value: message(id, `${receiver.url}/${id}`) }));
    for (const record of records) sentAt.set(record.key, Date.now());
    await producer.send({ messages: records });
  }
  // The receiver stamps each request as it arrives (wall clock, as the sends are stamped).
  const arrivals = new Map<string, number>();
  while (arrivals.size < COUNT) {
    for (const request of receiver.received) {
      const id = request.path.slice(1);
      if (sentAt.has(id) && !arrivals.has(id)) arrivals.set(id, Date.parse(request.at));
    }
    await sleep(20);
  }
  const elapsed = Math.max(...arrivals.values()) - startedAt;
  const latencies = [...arrivals].map(([id, at]) => at - sentAt.get(id)!).sort((a, b) => a - b);
  const memory = children.map((child) => rssMiB(child.pid!).toFixed(0)).join(' / ');
  const twice = receiver.received.length - COUNT - 1;
  await producer.close();
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
  await receiver.close();
  await sandbox.close();
  return `| ${agents} | ${perSecond ? `paced ${perSecond}/s` : 'burst'} | ${(COUNT / (elapsed / 1000)).toFixed(0)} runs/s | ${percentile(latencies, 50).toFixed(0)} ms | ${percentile(latencies, 99).toFixed(0)} ms | ${twice} | ${memory} MiB |`;
}

it('port-ci agent: 2,000 runs through Kafka to a 5 ms webhook', async () => {
  const broker = await startKafka();
  try {
    const rows = ['| agents | load | throughput | p50 send to webhook | p99 | sent twice | resident memory per agent |', '| --- | --- | ---: | ---: | ---: | ---: | --- |'];
    for (const [agents, perSecond] of [[1, undefined], [3, undefined], [1, 200], [3, 200]] as const) rows.push(await round(broker.brokers, agents, perSecond));
    console.log(`\n${rows.join('\n')}\n`);
  } finally {
    await broker.close();
  }
});

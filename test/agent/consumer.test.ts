import { readFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin, Consumer, Producer, stringSerializers } from '@platformatic/kafka';
import { startAgentConsumer, type AgentConsumerOptions } from '../../src/agent/consumer.js';
import { startHealthServer } from '../../src/agent/health-server.js';
import { createJsonLogger } from '../../src/agent/log.js';
import type { RecordOrigin, RunHandler } from '../../src/agent/types.js';
import { startKafka, type KafkaBroker } from '../support/kafka.js';
import { startRunner } from '../support/agent-runner.js';

/*
 * The agent's consumer half against a real Kafka 4.1 broker, with test-double handlers that record what they were
 * handed: commit only after handling, retry in place, order per partition, --once, graceful stop, a group of
 * three, a broker restart, a SIGKILL (the consumer in a child process), /healthz and /metrics.
 */

const PARTITIONS = 6;
let broker: KafkaBroker;
let topics = 0;

beforeAll(async () => {
  broker = await startKafka();
}, 180_000);
afterAll(async () => {
  await broker?.close();
});

async function newTopic(): Promise<string> {
  const topic = `runs-${++topics}`;
  const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [broker.brokers] });
  try {
    await admin.createTopics({ topics: [topic], partitions: PARTITIONS, replicas: 1 });
  } finally {
    await admin.close();
  }
  return topic;
}

async function produce(topic: string, values: string[]): Promise<void> {
  // Idempotent: see bench/kafka-clients.md (the client resends batches on stale metadata).
  const producer = new Producer({ clientId: 'test-producer', bootstrapBrokers: [broker.brokers], serializers: stringSerializers, idempotent: true });
  try {
    await producer.send({ messages: values.map((value) => ({ topic, key: value, value })) });
  } finally {
    await producer.close();
  }
}

async function committed(topic: string, groupId: string): Promise<bigint[]> {
  const consumer = new Consumer({ clientId: 'test-offsets', groupId, bootstrapBrokers: [broker.brokers], retries: 20, retryDelay: 250 });
  try {
    const offsets = await consumer.listCommittedOffsets({ topics: [{ topic, partitions: [...Array(PARTITIONS).keys()] }] });
    return offsets.get(topic) ?? [];
  } finally {
    await consumer.close();
  }
}

const total = (offsets: bigint[]) => offsets.reduce((sum, offset) => sum + (offset > 0n ? offset : 0n), 0n);
const values = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
const until = async (condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000, context?: () => string) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${context ? `\n${context()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

interface Seen {
  value: string;
  origin: RecordOrigin;
}

/** A handler that records what it was handed, after `before` (a test's hook: a delay, a throw). */
function recorder(before?: (value: string, origin: RecordOrigin) => Promise<void> | void): RunHandler & { seen: Seen[] } {
  const seen: Seen[] = [];
  return {
    seen,
    async handle(buffer, origin) {
      const value = buffer.toString('utf8');
      await before?.(value, origin);
      seen.push({ value, origin });
      return { outcome: 'handed-on', runId: value };
    },
  };
}

const quiet = createJsonLogger({ level: 'error' });
const options = (topic: string, groupId: string, handler: RunHandler, extra: Partial<AgentConsumerOptions> = {}): AgentConsumerOptions => ({
  brokers: [broker.brokers],
  topic,
  groupId,
  handler,
  logger: quiet,
  sessionTimeoutMs: 10_000,
  // These cases count one record per partition in the handler; concurrency within a partition has its own below.
  partitionConcurrency: 1,
  ...extra,
});

function inOrderPerPartition(seen: Seen[]): boolean {
  const last = new Map<number, bigint>();
  for (const { origin } of seen) {
    const offset = BigInt(origin.offset);
    if ((last.get(origin.partition) ?? -1n) >= offset) return false;
    last.set(origin.partition, offset);
  }
  return true;
}

describe('the agent consumer', () => {
  it('with --once handles the topic up to its end as of the start, in order per partition, commits it all and stops', async () => {
    const topic = await newTopic();
    const sent = values('once', 120);
    await produce(topic, sent);
    const handler = recorder();
    const agent = startAgentConsumer(options(topic, 'g-once', handler, { once: true }));
    await agent.done;
    expect(handler.seen.map(({ value }) => value).sort()).toEqual([...sent].sort());
    expect(inOrderPerPartition(handler.seen)).toBe(true);
    expect(new Set(handler.seen.map(({ origin }) => origin.partition)).size).toBe(PARTITIONS);
    expect(handler.seen[0]!.origin.key).toBe(handler.seen[0]!.value);
    expect(total(await committed(topic, 'g-once'))).toBe(120n);
    expect(agent.status()).toMatchObject({ healthy: false, reason: 'stopped' });
  }, 120_000);

  it('retries a record whose handler throws, holds back only its own partition, and commits nothing past it meanwhile', async () => {
    const topic = await newTopic();
    const sent = values('r', 60);
    await produce(topic, sent);
    let bad: RecordOrigin | undefined;
    let throws = 0;
    let othersDone = () => false;
    const handler = recorder((value, origin) => {
      if (value !== 'r-7') return;
      bad = origin;
      // Fails until every record of the other partitions has been handled: were they held back too, this would never end.
      if (!othersDone()) {
        throws++;
        throw new Error('Port is down');
      }
    });
    const agent = startAgentConsumer(options(topic, 'g-retry', handler, { retryInitialMs: 50, retryMaxMs: 200 }));
    await agent.ready;
    await until(() => bad !== undefined, 'the failing record');
    const othersCount = () => handler.seen.filter(({ origin }) => origin.partition !== bad!.partition).length;
    const ownCount = async () => (await committed(topic, 'g-retry'))[bad!.partition]!;
    // Settled records of the others; then the bad partition's commit must still be at or before r-7.
    await until(async () => {
      const offsets = await committed(topic, 'g-retry');
      return offsets.filter((offset, partition) => partition !== bad!.partition && offset > 0n).length > 0;
    }, 'commits on other partitions');
    expect(await ownCount()).toBeLessThanOrEqual(BigInt(bad!.offset));
    expect(handler.seen.some(({ origin }) => origin.partition === bad!.partition && BigInt(origin.offset) > BigInt(bad!.offset))).toBe(false);
    const othersTotal = sent.length - (await countInPartition(topic, bad!.partition));
    othersDone = () => othersCount() === othersTotal;
    await until(() => handler.seen.length === sent.length, 'every record');
    await agent.stop();
    expect(throws).toBeGreaterThan(0);
    expect(agent.counters().failed).toBe(throws);
    expect(inOrderPerPartition(handler.seen)).toBe(true);
    expect(total(await committed(topic, 'g-retry'))).toBe(60n);
  }, 120_000);

  it('stop() lets the records in the handler settle, commits them, and leaves the rest for the next member', async () => {
    const topic = await newTopic();
    await produce(topic, values('s', 30));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handler = recorder(() => gate);
    const agent = startAgentConsumer(options(topic, 'g-stop', handler));
    await agent.ready;
    await until(() => agent.status().inFlight === PARTITIONS, 'a record in the handler on every partition');
    const stopping = agent.stop({ drainTimeoutMs: 60_000 });
    release();
    expect(await stopping).toEqual({ abandoned: 0 });
    expect(handler.seen).toHaveLength(PARTITIONS);
    expect(total(await committed(topic, 'g-stop'))).toBe(BigInt(PARTITIONS));
    // The next member takes up the rest, and nothing handled comes again.
    const next = recorder();
    await startAgentConsumer(options(topic, 'g-stop', next, { once: true })).done;
    expect([...handler.seen, ...next.seen].map(({ value }) => value).sort()).toEqual(values('s', 30).sort());
  }, 120_000);

  it('commits nothing for a record that settles after a rebalance took its partition away', async () => {
    const topic = await newTopic();
    const sent = values('v', 60);
    await produce(topic, sent);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const lines: string[] = [];
    const slow = recorder(() => gate);
    const first = startAgentConsumer(options(topic, 'g-revoke', slow, { logger: createJsonLogger({ level: 'warn', write: (line) => void lines.push(line) }) }));
    await first.ready;
    await until(() => first.status().inFlight === PARTITIONS, 'a record in the handler on every partition');
    const fast = recorder();
    const second = startAgentConsumer(options(topic, 'g-revoke', fast));
    await second.ready;
    await until(() => second.status().partitions.length === 3 && first.status().partitions.length === 3, 'a 3/3 split');
    const moved = second.status().partitions;
    // The second member handles and commits its partitions to their end while the first still holds a record of each.
    const ends = await Promise.all(moved.map(async (partition) => BigInt(await countInPartition(topic, partition))));
    await until(async () => {
      const at = await committed(topic, 'g-revoke');
      return moved.every((partition, index) => at[partition] === ends[index]);
    }, "the second member's partitions committed to their end");
    release();
    await until(() => slow.seen.length >= PARTITIONS, 'the held records settled');
    await until(() => first.status().inFlight === 0, 'the first member idle');
    await first.stop();
    await second.stop();
    const at = await committed(topic, 'g-revoke');
    expect(moved.map((partition) => at[partition])).toEqual(ends);
    expect(lines.filter((line) => line.includes('settled after its partition was revoked: not committed'))).toHaveLength(3);
    expect(new Set([...slow.seen, ...fast.seen].map(({ value }) => value))).toEqual(new Set(sent));
  }, 120_000);

  it('stop() gives up on records still in the handler when the drain timeout runs out, and commits none of them', async () => {
    const topic = await newTopic();
    await produce(topic, values('d', 60));
    const handler = recorder(() => new Promise(() => undefined));
    const agent = startAgentConsumer(options(topic, 'g-drain', handler));
    await agent.ready;
    await until(() => agent.status().inFlight === PARTITIONS, 'a record in the handler on every partition');
    expect(await agent.stop({ drainTimeoutMs: 200 })).toEqual({ abandoned: PARTITIONS });
    expect(total(await committed(topic, 'g-drain'))).toBe(0n);
  }, 120_000);

  it('loses nothing across a broker restart mid-stream', async () => {
    const topic = await newTopic();
    const sent = values('b', 200);
    await produce(topic, sent);
    const handler = recorder(() => new Promise((resolve) => setTimeout(resolve, 5)));
    const agent = startAgentConsumer(options(topic, 'g-restart', handler));
    await agent.ready;
    await until(() => handler.seen.length >= 40, '40 records handled');
    await broker.restart();
    await until(() => new Set(handler.seen.map(({ value }) => value)).size === sent.length, 'every record after the restart', 120_000);
    await until(async () => total(await committed(topic, 'g-restart')) === 200n, 'every offset committed');
    await agent.stop();
    expect(inOrderPerPartition(dedupe(handler.seen))).toBe(true);
  }, 240_000);

  it('opens a new stream when the broker stays away longer than the client retries, says so on /healthz meanwhile, and loses nothing', async () => {
    const topic = await newTopic();
    const sent = values('o', 120);
    await produce(topic, sent);
    const lines: string[] = [];
    const handler = recorder(() => new Promise((resolve) => setTimeout(resolve, 5)));
    const agent = startAgentConsumer(options(topic, 'g-outage', handler, { logger: createJsonLogger({ level: 'info', write: (line) => void lines.push(line) }) }));
    await agent.ready;
    await until(() => handler.seen.length >= 20, '20 records handled');
    await broker.stop();
    // The client retries 20 times 250 ms apart; the stream gives up once they are spent.
    await until(() => !agent.status().healthy, 'the agent to say it is not consuming');
    expect(agent.status().reason).toMatch(/reconnecting|not in the group/);
    await broker.restart();
    await until(() => agent.status().healthy, 'the agent consuming again', 120_000);
    await produce(topic, ['after']);
    await until(() => new Set(handler.seen.map(({ value }) => value)).size === sent.length + 1, 'every record after the outage', 120_000);
    await until(async () => total(await committed(topic, 'g-outage')) === 121n, 'every offset committed');
    await agent.stop();
    expect(lines.some((line) => line.includes('the stream failed; opening a new one'))).toBe(true);
    expect(lines.some((line) => line.includes('stream reopened'))).toBe(true);
  }, 240_000);

  it('serves /healthz (200 in the group, 503 once stopped) and /metrics in Prometheus text', async () => {
    const topic = await newTopic();
    await produce(topic, values('m', 12));
    const handler = recorder();
    const agent = startAgentConsumer(options(topic, 'g-metrics', handler));
    const server = await startHealthServer(agent, { port: 0, topic, logger: quiet });
    try {
      await agent.ready;
      await until(() => handler.seen.length === 12, 'every record');
      await until(async () => total(await committed(topic, 'g-metrics')) === 12n, 'every offset committed');
      const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ healthy: true, partitions: [0, 1, 2, 3, 4, 5], inFlight: 0 });
      const metrics = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      expect(metrics).toContain(`port_ci_agent_records_consumed_total{topic="${topic}"} 12\n`);
      expect(metrics).toContain(`port_ci_agent_handed_on_total{topic="${topic}",outcome="handed-on"} 12\n`);
      expect(metrics).toContain(`port_ci_agent_failed_total{topic="${topic}"} 0\n`);
      expect(metrics).toContain(`port_ci_agent_in_flight{topic="${topic}"} 0\n`);
      expect(metrics).toContain(`port_ci_agent_lag{topic="${topic}",partition="0"} 0\n`);
      expect(metrics).toContain('# TYPE port_ci_agent_lag gauge\n');
      await produce(topic, ['late']);
      await agent.stop();
      const after = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      expect(after.status).toBe(503);
      expect(await after.json()).toMatchObject({ healthy: false, reason: 'stopped' });
      expect((await fetch(`http://127.0.0.1:${server.port}/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('hands several records of one partition to the handler at once, never two of one key, and commits only up to the oldest not done', async () => {
    const topic = await newTopic();
    // One partition's worth: everything keyed to land on partition 0 would need the partitioner, so the records
    // are produced to partition 0 explicitly. Keys: 'same' four times (one run redelivered), the others unique.
    const records = [
      { key: 'slow', value: 'slow' },
      ...[0, 1, 2, 3].map((index) => ({ key: 'same', value: `same-${index}` })),
      ...values('u', 15).map((value) => ({ key: value, value })),
    ];
    const producer = new Producer({ clientId: 'test-producer', bootstrapBrokers: [broker.brokers], serializers: stringSerializers, idempotent: true });
    try {
      await producer.send({ messages: records.map((record) => ({ topic, partition: 0, ...record })) });
    } finally {
      await producer.close();
    }
    let releaseSlow!: () => void;
    const slowGate = new Promise<void>((resolve) => (releaseSlow = resolve));
    let running = 0;
    let most = 0;
    const sameRunning = new Set<string>();
    let sameOverlap = false;
    const handler = recorder(async (value) => {
      running++;
      most = Math.max(most, running);
      if (value.startsWith('same-')) {
        if (sameRunning.size > 0) sameOverlap = true;
        sameRunning.add(value);
      }
      try {
        if (value === 'slow') await slowGate;
        else await new Promise((resolve) => setTimeout(resolve, 20));
      } finally {
        running--;
        sameRunning.delete(value);
      }
    });
    const agent = startAgentConsumer(options(topic, 'g-within', handler, { partitionConcurrency: 4 }));
    await agent.ready;
    await until(() => handler.seen.length === records.length - 1, 'every record but the slow one');
    // Everything after the slow record is done, but the commit point stays at it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await committed(topic, 'g-within'))[0] ?? -1n).toBeLessThanOrEqual(0n);
    releaseSlow();
    await until(async () => (await committed(topic, 'g-within'))[0] === BigInt(records.length), 'the partition committed to its end');
    await agent.stop();
    expect(most).toBe(4);
    expect(sameOverlap).toBe(false);
    expect(handler.seen.filter(({ value }) => value.startsWith('same-')).map(({ value }) => value)).toEqual(['same-0', 'same-1', 'same-2', 'same-3']);
  }, 120_000);

  it('commits a record whose handler follows what it started only once the follow ends, and frees its place meanwhile', async () => {
    const topic = await newTopic();
    await produce(topic, values('f', 30));
    let endFollow!: () => void;
    const followEnds = new Promise<void>((resolve) => (endFollow = resolve));
    let followed: RecordOrigin | undefined;
    const seen: string[] = [];
    const handler: RunHandler = {
      async handle(buffer, origin) {
        const value = buffer.toString('utf8');
        seen.push(value);
        if (value !== 'f-3') return { outcome: 'handed-on', runId: value };
        followed = origin;
        return { outcome: 'handed-on', runId: value, following: followEnds };
      },
    };
    const agent = startAgentConsumer(options(topic, 'g-follow', handler, { partitionConcurrency: 1 }));
    await agent.ready;
    await until(() => seen.length === 30, 'every record handled, the followed one not in the way');
    expect(agent.status()).toMatchObject({ following: 1, inFlight: 0 });
    await until(async () => total(await committed(topic, 'g-follow')) >= BigInt(30 - (await countInPartition(topic, followed!.partition))), 'the other partitions committed');
    // Held at the followed record (or never committed, when nothing before it in its partition was done).
    expect((await committed(topic, 'g-follow'))[followed!.partition]).toBeLessThanOrEqual(BigInt(followed!.offset));
    endFollow();
    await until(async () => total(await committed(topic, 'g-follow')) === 30n, 'every offset committed once the follow ended');
    expect(agent.status().following).toBe(0);
    await agent.stop();
  }, 120_000);

  it('on stop() tells follows to let go and leaves their records uncommitted, so the next member follows them again', async () => {
    const topic = await newTopic();
    await produce(topic, values('l', 12));
    let signalSeen: AbortSignal | undefined;
    let letGo = false;
    const handler: RunHandler = {
      async handle(buffer, _origin, signal) {
        const value = buffer.toString('utf8');
        if (value !== 'l-5') return { outcome: 'handed-on', runId: value };
        signalSeen = signal;
        const following = new Promise<void>((resolve) => signal!.addEventListener('abort', () => ((letGo = true), resolve()), { once: true }));
        return { outcome: 'handed-on', runId: value, following };
      },
    };
    const agent = startAgentConsumer(options(topic, 'g-letgo', handler));
    await agent.ready;
    await until(() => agent.status().following === 1 && agent.status().waiting === 0 && agent.status().inFlight === 0, 'one record followed, the rest handled');
    await agent.stop();
    expect(signalSeen?.aborted).toBe(true);
    expect(letGo).toBe(true);
    const next = recorder();
    await startAgentConsumer(options(topic, 'g-letgo', next, { once: true })).done;
    expect(next.seen.map(({ value }) => value)).toContain('l-5');
    expect(total(await committed(topic, 'g-letgo'))).toBe(12n);
  }, 120_000);

  it('refuses a concurrency below 1, naming it', () => {
    expect(() => startAgentConsumer(options('t', 'g', recorder(), { concurrency: 0 }))).toThrow('concurrency: 0 is not accepted; expected a whole number of 1 or more');
    expect(() => startAgentConsumer(options('t', 'g', recorder(), { partitionConcurrency: 1.5 }))).toThrow('partitionConcurrency: 1.5 is not accepted; expected a whole number of 1 or more');
  });
});

describe('the agent consumer in its own process', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'port-ci-agent-test-'));
  const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => line.split(' ')) : []);

  it('after a SIGKILL mid-stream, a new member handles again only what was not committed, and nothing is lost', async () => {
    const topic = await newTopic();
    const sent = values('k', 300);
    await produce(topic, sent);
    const file = path.join(folder, 'kill.txt');
    const first = startRunner({ brokers: broker.brokers, topic, groupId: 'g-kill', record: file, delayMs: 20 });
    await first.ready;
    await until(() => lines(file).length >= 60, '60 records handled');
    first.child.kill('SIGKILL');
    await first.exited;
    const before = lines(file).length;
    const at = await committed(topic, 'g-kill');
    expect(total(at)).toBeGreaterThan(0n);
    expect(total(at)).toBeLessThanOrEqual(BigInt(before));

    const second = startRunner({ brokers: broker.brokers, topic, groupId: 'g-kill', record: file, once: true });
    expect(await second.exited).toBe(0);
    const all = lines(file);
    expect(new Set(all.map(([, , value]) => value))).toEqual(new Set(sent));
    // What was committed before the kill came exactly once; only what was handled and not yet committed came twice.
    const count = new Map<string, number>();
    for (const [partition, offset] of all) count.set(`${partition}@${offset}`, (count.get(`${partition}@${offset}`) ?? 0) + 1);
    for (const [key, times] of count) {
      const [partition, offset] = key.split('@').map(BigInt) as [bigint, bigint];
      if (offset < at[Number(partition)]!) expect(times, key).toBe(1);
    }
    expect(total(await committed(topic, 'g-kill'))).toBe(300n);
  }, 180_000);

  it('on SIGTERM finishes the records in the handler, commits them, leaves the group and exits 0', async () => {
    const topic = await newTopic();
    await produce(topic, values('t', 30));
    const file = path.join(folder, 'term.txt');
    const runner = startRunner({ brokers: broker.brokers, topic, groupId: 'g-term', record: file, delayMs: 1500, metricsPort: 0 });
    const port = await runner.ready;
    await until(async () => /port_ci_agent_in_flight\{[^}]*\} [1-9]/.test(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()), 'records in the handler');
    runner.child.kill('SIGTERM');
    expect(await runner.exited).toBe(0);
    const handled = lines(file);
    expect(handled.length).toBeGreaterThan(0);
    expect(total(await committed(topic, 'g-term'))).toBe(BigInt(handled.length));
    expect(runner.stderr()).toMatch(/"msg":"SIGTERM: stopping/);
    expect(runner.stderr()).toMatch(/"msg":"stopped"/);
  }, 120_000);

  it('on a second SIGTERM exits at once (143), leaving what is in the handler uncommitted', async () => {
    const topic = await newTopic();
    await produce(topic, values('x', 12));
    const file = path.join(folder, 'twice.txt');
    const runner = startRunner({ brokers: broker.brokers, topic, groupId: 'g-twice', record: file, delayMs: 600_000, drainTimeoutMs: 600_000, metricsPort: 0 });
    const port = await runner.ready;
    await until(async () => /port_ci_agent_in_flight\{[^}]*\} [1-9]/.test(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()), 'records in the handler');
    runner.child.kill('SIGTERM');
    await until(() => runner.stderr().includes('SIGTERM: stopping'), 'the first SIGTERM taken');
    runner.child.kill('SIGTERM');
    expect(await runner.exited).toBe(143);
    expect(runner.stderr()).toContain('second SIGTERM: exiting now');
    expect(lines(file)).toEqual([]);
    expect(total(await committed(topic, 'g-twice'))).toBe(0n);
  }, 120_000);

  it('three members split 6 partitions 2/2/2, and when one leaves the others take its partitions with nothing lost', async () => {
    const topic = await newTopic();
    const sent = values('g', 600);
    const files = [0, 1, 2].map((index) => path.join(folder, `group-${index}.txt`));
    const members = files.map((record) => startRunner({ brokers: broker.brokers, topic, groupId: 'g-three', record, delayMs: 10, metricsPort: 0 }));
    const ports = await Promise.all(members.map((member) => member.ready));
    const health = async (port: number) => (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { partitions: number[] };
    await until(async () => (await Promise.all(ports.map(health))).every(({ partitions }) => partitions.length === 2), 'a 2/2/2 split');
    const split = (await Promise.all(ports.map(health))).flatMap(({ partitions }) => partitions).sort();
    expect(split).toEqual([0, 1, 2, 3, 4, 5]);
    // Produced once the split is made, so each member has work when one of them leaves.
    await produce(topic, sent);
    const logs = () => members.map((member, index) => `member ${index}:\n${member.stderr().split('\n').filter((line) => !line.includes('record settled')).slice(-40).join('\n')}`).join('\n');
    await until(() => lines(files[0]!).length >= 20, 'the first member at work', 60_000, logs);
    members[0]!.child.kill('SIGTERM');
    expect(await members[0]!.exited).toBe(0);
    await until(async () => (await Promise.all(ports.slice(1).map(health))).every(({ partitions }) => partitions.length === 3), 'a 3/3 split');
    const handled = () => new Set(files.flatMap((file) => lines(file).map(([, , value]) => value)));
    await until(() => handled().size === sent.length, 'every record', 120_000, logs);
    await until(async () => total(await committed(topic, 'g-three')) === 600n, 'every offset committed');
    for (const member of members.slice(1)) member.child.kill('SIGTERM');
    for (const member of members.slice(1)) expect(await member.exited).toBe(0);
    expect(handled()).toEqual(new Set(sent));
  }, 240_000);
});

function dedupe(seen: Seen[]): Seen[] {
  const keys = new Set<string>();
  return seen.filter(({ origin }) => {
    const key = `${origin.partition}@${origin.offset}`;
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  });
}

async function countInPartition(topic: string, partition: number): Promise<number> {
  const consumer = new Consumer({ clientId: 'test-offsets', groupId: 'none', bootstrapBrokers: [broker.brokers] });
  try {
    const [latest, earliest] = await Promise.all([consumer.listOffsets({ topics: [topic] }), consumer.listOffsets({ topics: [topic], timestamp: -2n })]);
    return Number(latest.get(topic)![partition]! - earliest.get(topic)![partition]!);
  } finally {
    await consumer.close();
  }
}

// The agent's consumer half (src/agent/consumer.ts) through a real Kafka broker: 2,000 records produced in sends of
// 100 to a 6-partition topic while 1 or 3 members (in this one process) hand them to a handler that answers at once
// or after 5 ms, each record committed only once handled. Prints msgs/s from the first send to the last record
// committed, and p50/p99 from send to handled; nothing here asserts a time.
// Run: npx vitest run --config bench/vitest.config.ts bench/agent-consumer.bench-run.ts (BENCH_KAFKA_VERSIONS=3.9.1 for Kafka 3)
import { it } from 'vitest';
import { Admin, Consumer, Producer, stringSerializers } from '@platformatic/kafka';
import { startAgentConsumer, type AgentConsumer } from '../src/agent/consumer.js';
import { createJsonLogger } from '../src/agent/log.js';
import { KAFKA_VERSION, startKafka } from '../test/support/kafka.js';

const COUNT = 2_000;
const VERSIONS = (process.env.BENCH_KAFKA_VERSIONS ?? KAFKA_VERSION).split(',');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;

async function round(brokers: string, name: string, members: number, delayMs: number, perSecond?: number): Promise<string> {
  const topic = `bench-${name}-${Math.random().toString(36).slice(2, 8)}`;
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers: [brokers] });
  await admin.createTopics({ topics: [topic], partitions: 6, replicas: 1 });
  await admin.close();
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const starts: number[] = [];
  let warmedUp = false;
  const logger = createJsonLogger({ level: 'error' });
  const agents: AgentConsumer[] = [];
  for (let index = 0; index < members; index++) {
    agents.push(
      startAgentConsumer({
        brokers: [brokers],
        topic,
        groupId: `g-${topic}`,
        logger,
        sessionTimeoutMs: 10_000,
        handler: {
          async handle(value) {
            const text = value.toString('utf8');
            if (text === 'warm-up') warmedUp = true;
            const sent = sentAt.get(text);
            if (sent !== undefined) starts.push(performance.now() - sent);
            if (delayMs) await sleep(delayMs);
            if (sent !== undefined) latencies.push(performance.now() - sent);
            return { outcome: 'handed-on' };
          },
        },
      }),
    );
  }
  await Promise.all(agents.map((agent) => agent.ready));
  while (!agents.every((agent) => agent.status().partitions.length === 6 / members)) await sleep(50);
  const split = agents.map((agent) => agent.status().partitions.length).join('/');
  const producer = new Producer({ clientId: 'bench-producer', bootstrapBrokers: [brokers], serializers: stringSerializers, idempotent: true });
  // Start-up costs that are not the agent's: an idempotent producer's first send waits for its producer id (about
  // a second on a fresh broker), and a member's first fetches from a topic just created meet stale metadata and
  // retry (~250 ms). One untimed record goes through first; timing starts once it has been handled.
  await producer.send({ messages: [{ topic, key: 'warm-up', value: 'warm-up' }] });
  while (!warmedUp) await sleep(5);
  const start = performance.now();
  // A burst: sends of 100 as fast as the producer goes. Paced: sends of 10 every 10/perSecond seconds.
  const size = perSecond ? 10 : 100;
  for (let batch = 0; batch < COUNT / size; batch++) {
    if (perSecond) {
      const due = start + (batch * size * 1000) / perSecond;
      if (due > performance.now()) await sleep(due - performance.now());
    }
    const values = Array.from({ length: size }, (_, index) => `m-${batch * size + index}`);
    const now = performance.now();
    for (const value of values) sentAt.set(value, now);
    await producer.send({ messages: values.map((value) => ({ topic, key: value, value })) });
  }
  await producer.close();
  const check = new Consumer({ clientId: 'bench-offsets', groupId: `g-${topic}`, bootstrapBrokers: [brokers] });
  for (;;) {
    const committed = (await check.listCommittedOffsets({ topics: [{ topic, partitions: [0, 1, 2, 3, 4, 5] }] })).get(topic)!;
    if (committed.reduce((sum, offset) => sum + (offset > 0n ? offset : 0n), 0n) >= BigInt(COUNT + 1)) break;
    await sleep(10);
  }
  const seconds = (performance.now() - start) / 1000;
  await check.close();
  const commits = agents.reduce((sum, agent) => sum + agent.counters().commits, 0);
  await Promise.all(agents.map((agent) => agent.stop()));
  latencies.sort((a, b) => a - b);
  starts.sort((a, b) => a - b);
  return `| ${perSecond ? `paced ${perSecond}/s` : 'burst'} | ${members} (${split}) | ${delayMs} ms | ${Math.round(COUNT / seconds)} | ${percentile(latencies, 50).toFixed(1)} ms | ${percentile(latencies, 99).toFixed(1)} ms | ${percentile(starts, 99).toFixed(1)} ms | ${commits} | ${latencies.length - COUNT} |`;
}

it('prints the agent consumer figures', async () => {
  for (const version of VERSIONS) {
    const broker = await startKafka({ version });
    try {
      process.stdout.write(`\nKafka ${version}, ${COUNT} records, concurrency 6, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB before\n`);
      process.stdout.write('| load | members | handler | msgs/s (send to committed) | p50 send to handled | p99 | p99 send to handler called | commit requests | handled twice |\n| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n');
      for (const [members, delay, paced] of [[1, 0], [1, 5], [3, 0], [3, 5], [1, 0, 200], [1, 5, 200], [3, 5, 200]] as const) {
        process.stdout.write(`${await round(broker.brokers, `${version.replace(/\./g, '')}-${members}-${delay}-${paced ?? 0}`, members, delay, paced)}\n`);
      }
      process.stdout.write(`rss ${Math.round(process.memoryUsage().rss / 1e6)} MB after\n`);
    } finally {
      await broker.close();
    }
  }
});

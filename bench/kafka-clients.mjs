// The Kafka clients for Node.js, measured against a real broker the way the execution agent would use them: a
// consumer group on a 6-partition topic, each message committed only after it is handled. For each client that is
// installed, and for one and three members in the group:
// - burst: 2,000 messages produced as fast as the client sends them; msgs/s from the first send to the last
//   message handled;
// - paced: 2,000 messages at 200 a second (the agent's target rate); p50/p99 from send to handled;
// - lost and duplicated messages (both should be 0), and how the partitions were split among the members;
// then whether a member that closes leaves the group at once (rather than when its session times out), and
// whether consumption pauses and resumes.
// Producer and members share this process, so one clock times both ends.
//
// bench/kafka-clients.bench-run.ts starts the brokers (Kafka 4 and 3, test/support/kafka.ts) and runs this; or, against
// a broker already running: node bench/kafka-clients.mjs --brokers 127.0.0.1:9092
// Clients that are not dependencies are measured when present: npm i --no-save kafkajs@2.2.4
// (@confluentinc/kafka-javascript is not a candidate here: its install downloads a prebuilt librdkafka from
// GitHub, and its fallback source build downloads zlib, OpenSSL, zstd and curl; neither works offline.)
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const PARTITIONS = 6;
const MESSAGES = Number(process.env.BENCH_KAFKA_MESSAGES ?? 2000);
const PACED_RATE = 200;
const TIMEOUT_MS = 60_000;
const now = () => performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let unique = 0;
const name = (prefix) => `${prefix}-${process.pid}-${++unique}`;

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function until(condition, what, timeoutMs = TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

// ---- the clients, behind one small shape: createTopic, producer().send(messages), member(...) ----

async function kafkajsClient(brokers) {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ clientId: 'bench', brokers: [brokers], logLevel: logLevel.NOTHING, retry: { retries: 10 } });
  return {
    async createTopic(topic) {
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }], waitForLeaders: true });
      await admin.disconnect();
    },
    async producer() {
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      return {
        send: (topic, messages) => producer.send({ topic, acks: -1, messages }),
        close: () => producer.disconnect(),
      };
    },
    async member({ topic, groupId, onMessage, autocommit }) {
      const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
      const state = { partitions: [] };
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        state.partitions = event.payload.memberAssignment[topic] ?? [];
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: autocommit,
        eachMessage: async ({ partition, message }) => {
          onMessage(message.value.toString(), partition);
          if (!autocommit) await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
        },
      });
      return {
        state,
        pause: () => consumer.pause([{ topic }]),
        resume: () => consumer.resume([{ topic }]),
        close: () => consumer.disconnect(),
      };
    },
  };
}

async function platformaticClient(brokers, groupProtocol) {
  const { Admin, Consumer, Producer, stringDeserializers, stringSerializers } = await import('@platformatic/kafka');
  return {
    async createTopic(topic) {
      const admin = new Admin({ clientId: 'bench', bootstrapBrokers: [brokers] });
      await admin.createTopics({ topics: [topic], partitions: PARTITIONS, replicas: 1 });
      await admin.close();
    },
    async producer() {
      // Idempotent: without it this client writes a batch twice when a partition answers with stale metadata.
      const producer = new Producer({ clientId: 'bench', bootstrapBrokers: [brokers], serializers: stringSerializers, idempotent: true });
      return {
        send: (topic, messages) => producer.send({ messages: messages.map((message) => ({ topic, ...message })) }),
        close: () => producer.close(),
      };
    },
    async member({ topic, groupId, onMessage, autocommit }) {
      const group = groupProtocol === 'consumer' ? { groupProtocol: 'consumer' } : { sessionTimeout: 10_000, heartbeatInterval: 500 };
      const consumer = new Consumer({ clientId: 'bench', groupId, bootstrapBrokers: [brokers], deserializers: stringDeserializers, retries: 10, ...group });
      // The member's current assignment (the consumer protocol's join event carries none).
      const state = {
        get partitions() {
          return consumer.assignments?.find((assignment) => assignment.topic === topic)?.partitions ?? [];
        },
      };
      const stream = await consumer.consume({ topics: [topic], autocommit, mode: 'committed', fallbackMode: 'earliest', maxWaitTime: 100 });
      const handling = (async () => {
        for await (const message of stream) {
          onMessage(message.value, message.partition);
          if (!autocommit) await message.commit();
        }
      })().catch(() => undefined);
      return {
        state,
        // The stream pauses as a whole: its fetch loop stops (this client has no per-partition pause in 1.x).
        pause: () => stream.pause(),
        resume: () => stream.resume(),
        close: async () => {
          await stream.close();
          await consumer.close();
          await handling;
        },
      };
    },
  };
}

/** How many members the broker lists in a group (asked with one client for all, so the answer is the broker's). */
async function groupMembers(brokers, groupId) {
  const { Admin } = await import('@platformatic/kafka');
  const admin = new Admin({ clientId: 'bench', bootstrapBrokers: [brokers] });
  try {
    const groups = await admin.describeGroups({ groups: [groupId] });
    return groups.get(groupId)?.members?.size;
  } finally {
    await admin.close();
  }
}

export const CLIENTS = [
  { name: 'kafkajs 2.2.4 (classic group)', load: (brokers) => kafkajsClient(brokers), module: 'kafkajs' },
  { name: '@platformatic/kafka 1.35.0 (classic group)', load: (brokers) => platformaticClient(brokers, 'classic'), module: '@platformatic/kafka' },
  { name: '@platformatic/kafka 1.35.0 (consumer group, KIP-848)', load: (brokers) => platformaticClient(brokers, 'consumer'), module: '@platformatic/kafka', needsKafka4: true },
];

// ---- one scenario: members join, warm up, then burst and paced runs ----

async function scenario(client, members, brokers) {
  const topic = name('bench');
  const groupId = name('bench-group');
  await client.createTopic(topic);
  const seen = new Map();
  const handledBy = Array.from({ length: members }, () => 0);
  const latencies = [];
  const onMessage = (index) => (value) => {
    const [id, sentAt] = value.split('|');
    seen.set(id, (seen.get(id) ?? 0) + 1);
    handledBy[index]++;
    latencies.push(now() - Number(sentAt));
  };
  const group = [];
  for (let index = 0; index < members; index++) group.push(client.member({ topic, groupId, onMessage: onMessage(index), autocommit: false }));
  const joined = await Promise.all(group);
  const producer = await client.producer();
  const send = (ids) => {
    const sentAt = now();
    return producer.send(topic, ids.map((id) => ({ key: id, value: `${id}|${sentAt}` })));
  };
  try {
    // The group is settled when the members' latest assignments cover the partitions once.
    await until(() => {
      const all = joined.flatMap((member) => member.state.partitions);
      return all.length === PARTITIONS && new Set(all).size === PARTITIONS;
    }, `${members} members to share ${PARTITIONS} partitions`);
    const split = joined.map((member) => member.state.partitions.length).join('/');
    // Warm-up (connections, fetch sessions, JIT), then each run counts only its own messages.
    await send(Array.from({ length: 60 }, (_, i) => `warm-${i}`));
    await until(() => [...seen.keys()].filter((id) => id.startsWith('warm-')).length === 60, 'the warm-up messages');

    const run = async (label, produce) => {
      latencies.length = 0;
      const ids = Array.from({ length: MESSAGES }, (_, i) => `${label}-${i}`);
      const started = now();
      await produce(ids);
      let lost = 0;
      try {
        await until(() => ids.every((id) => seen.has(id)), `${label}: every message handled`, 30_000);
      } catch {
        lost = ids.filter((id) => !seen.has(id)).length;
      }
      const elapsed = now() - started;
      await sleep(300); // a message handled twice shows up a little after the last one
      const duplicated = ids.filter((id) => (seen.get(id) ?? 0) > 1).length;
      const sorted = [...latencies].sort((a, b) => a - b);
      return { msgsPerSecond: Math.round((MESSAGES - lost) / (elapsed / 1000)), p50: percentile(sorted, 50), p99: percentile(sorted, 99), lost, duplicated };
    };
    const burst = await run('burst', async (ids) => {
      for (let i = 0; i < ids.length; i += 100) await send(ids.slice(i, i + 100));
    });
    const paced = await run('paced', async (ids) => {
      const perTick = PACED_RATE / 20;
      const start = now();
      for (let i = 0; i < ids.length; i += perTick) {
        const due = start + (i / PACED_RATE) * 1000;
        if (due > now()) await sleep(due - now());
        await send(ids.slice(i, i + perTick));
      }
    });
    const result = { members, split, burst, paced, handledBy: handledBy.join('/') };

    // Pause and resume: nothing is handled while paused, and everything after.
    const before = handledBy.reduce((a, b) => a + b, 0);
    for (const member of joined) await member.pause();
    await sleep(500); // a fetch already waiting at the broker (up to 100 ms) ends empty
    await send(Array.from({ length: 12 }, (_, i) => `pause-${i}`));
    await sleep(1500);
    const duringPause = handledBy.reduce((a, b) => a + b, 0) - before;
    for (const member of joined) await member.resume();
    let resumed = true;
    await until(() => [...seen.keys()].filter((id) => id.startsWith('pause-')).length === 12, 'messages sent while paused', 15_000).catch(() => (resumed = false));
    result.pause = `${duringPause} handled while paused, ${resumed ? 'all' : 'not all'} after resume`;

    // Graceful leave: a member that closes leaves the group, so the others take its partitions at once, not when
    // its session would time out (10 s for the classic members here, the broker's 45 s for consumer-protocol ones).
    if (members > 1) {
      const leaving = joined.shift();
      const closed = now();
      await leaving.close();
      const listed = await groupMembers(brokers, groupId).catch(() => undefined);
      await until(() => {
        const all = joined.flatMap((member) => member.state.partitions);
        return all.length === PARTITIONS && new Set(all).size === PARTITIONS;
      }, 'the remaining members to take every partition', 60_000)
        .then(() => (result.leave = `its partitions moved to the others ${Math.round(now() - closed)} ms after one member closed`))
        .catch(() => (result.leave = 'its partitions did not move within 60 s'));
      if (listed !== undefined) result.leave += ` (DescribeGroups then listed ${listed} members)`;
    }
    return result;
  } finally {
    await producer.close();
    await Promise.all(joined.map((member) => member.close()));
  }
}

const ms = (value) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a');

/** Runs every installed client against one broker and prints a line per scenario; returns the results. */
export async function benchKafkaClients({ brokers, kafkaVersion, log = console.log }) {
  const results = [];
  for (const candidate of CLIENTS) {
    if (candidate.needsKafka4 && !kafkaVersion.startsWith('4.')) continue;
    let client;
    try {
      client = await candidate.load(brokers);
    } catch (error) {
      log(`${candidate.name}: not installed (${error.code ?? error.message}); npm i --no-save ${candidate.module}`);
      continue;
    }
    for (const members of [1, 3]) {
      try {
        const r = await scenario(client, members, brokers);
        results.push({ client: candidate.name, kafkaVersion, ...r });
        log(
          `Kafka ${kafkaVersion} | ${candidate.name} | ${members} member(s), partitions ${r.split} | burst ${r.burst.msgsPerSecond} msgs/s (p50 ${ms(r.burst.p50)}, p99 ${ms(r.burst.p99)}) | ` +
            `paced ${PACED_RATE}/s: p50 ${ms(r.paced.p50)}, p99 ${ms(r.paced.p99)} | lost ${r.burst.lost + r.paced.lost}, duplicated ${r.burst.duplicated + r.paced.duplicated} | ` +
            `handled ${r.handledBy} | pause: ${r.pause}${r.leave ? ` | leave: ${r.leave}` : ''}`,
        );
      } catch (error) {
        results.push({ client: candidate.name, kafkaVersion, members, error: error.message });
        log(`Kafka ${kafkaVersion} | ${candidate.name} | ${members} member(s): FAILED: ${error.message}`);
      }
    }
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--brokers');
  const brokers = at > 0 ? process.argv[at + 1] : undefined;
  if (!brokers) {
    console.error('usage: node bench/kafka-clients.mjs --brokers HOST:PORT [--kafka-version 4.1.2]\n(or let vitest start the brokers: npx vitest run --config bench/vitest.config.ts bench/kafka-clients.bench-run.ts)');
    process.exit(2);
  }
  const versionAt = process.argv.indexOf('--kafka-version');
  await benchKafkaClients({ brokers, kafkaVersion: versionAt > 0 ? process.argv[versionAt + 1] : '4' });
  process.exit(0);
}

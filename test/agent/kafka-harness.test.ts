import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin, Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import { KAFKA_3_VERSION, KAFKA_USERS, KAFKA_VERSION, kafkaMissing, startKafka, type KafkaBroker, type KafkaSaslMechanism } from '../support/kafka.js';

/*
 * The Kafka harness the agent's tests stand on, proven with the client the agent uses: a real broker (Kafka 4 and
 * Kafka 3) takes a 6-partition topic, a consumer group commits each message only after handling it, the broker
 * goes down (gracefully, or killed) and comes back on the same data, and a new member of the group resumes from
 * the committed offsets: nothing committed is seen again, nothing is lost.
 */

const PARTITIONS = 6;

async function createTopic(brokers: string, topic: string): Promise<void> {
  const admin = new Admin({ clientId: 'harness-admin', bootstrapBrokers: [brokers] });
  try {
    await admin.createTopics({ topics: [topic], partitions: PARTITIONS, replicas: 1 });
  } finally {
    await admin.close();
  }
}

async function produce(brokers: string, topic: string, values: string[]): Promise<void> {
  // Idempotent, so the broker drops a batch the client sends twice: @platformatic/kafka resends every partition's
  // batch when one partition answers with stale metadata (as a just-created or just-restarted one does), and
  // without idempotence the batches that had been written are then written again.
  const producer = new Producer({ clientId: 'harness-producer', bootstrapBrokers: [brokers], serializers: stringSerializers, idempotent: true });
  try {
    // Keys spread the messages over every partition.
    await producer.send({ messages: values.map((value) => ({ topic, key: value, value })) });
  } finally {
    await producer.close();
  }
}

/**
 * Joins the group, hands each message to `handled` and commits it only then, and leaves the group once `count`
 * messages have been handled. Resolves with the values handled, in order.
 */
async function consume(brokers: string, topic: string, groupId: string, count: number): Promise<string[]> {
  const consumer = new Consumer({
    clientId: 'harness-consumer',
    groupId,
    bootstrapBrokers: [brokers],
    deserializers: stringDeserializers,
    // Reconnects through a restarted broker's first seconds, and a member gone for good is noticed soon.
    retries: 20,
    retryDelay: 250,
    sessionTimeout: 10_000,
    heartbeatInterval: 500,
  });
  const handled: string[] = [];
  try {
    const stream = await consumer.consume({ topics: [topic], autocommit: false, mode: 'committed', fallbackMode: 'earliest', maxWaitTime: 200 });
    for await (const message of stream) {
      handled.push(message.value);
      await message.commit();
      if (handled.length === count) break;
    }
    await stream.close();
  } finally {
    await consumer.close();
  }
  return handled;
}

async function committedTotal(brokers: string, topic: string, groupId: string): Promise<bigint> {
  const consumer = new Consumer({ clientId: 'harness-offsets', groupId, bootstrapBrokers: [brokers], retries: 20, retryDelay: 250 });
  try {
    const offsets = await consumer.listCommittedOffsets({ topics: [{ topic, partitions: [...Array(PARTITIONS).keys()] }] });
    return (offsets.get(topic) ?? []).reduce((sum, offset) => sum + (offset > 0n ? offset : 0n), 0n);
  } finally {
    await consumer.close();
  }
}

const values = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

it('says how to install a Kafka version that is not there', async () => {
  expect(kafkaMissing('0.0.1')).toMatch(/Kafka 0\.0\.1 is not installed in \.tools\/kafka\/0\.0\.1: .*mvn -q -B -f test\/kafka\/pom\.xml -Dkafka\.version=0\.0\.1/);
  await expect(startKafka({ version: '0.0.1' })).rejects.toThrow(/Kafka 0\.0\.1 is not installed/);
});

describe.each([KAFKA_VERSION, KAFKA_3_VERSION])('a Kafka %s broker', (version) => {
  let broker: KafkaBroker;
  beforeAll(async () => {
    broker = await startKafka({ version });
  }, 180_000);
  afterAll(async () => {
    await broker?.close();
  });

  it.each(['stop', 'kill'] as const)(
    'keeps a group’s committed offsets across a broker %s and restart: nothing committed comes again, nothing is lost',
    async (down) => {
      const topic = `runs-${down}`;
      const group = `group-${down}`;
      await createTopic(broker.brokers, topic);
      const before = values('before', 60);
      await produce(broker.brokers, topic, before);

      const first = await consume(broker.brokers, topic, group, 25);
      expect(new Set(first).size).toBe(25);

      await broker[down]();
      await broker.restart();
      expect(await committedTotal(broker.brokers, topic, group)).toBe(25n);

      const after = values('after', 30);
      await produce(broker.brokers, topic, after);
      const second = await consume(broker.brokers, topic, group, before.length + after.length - first.length);
      expect(second.filter((value) => first.includes(value))).toEqual([]);
      expect(new Set(second).size).toBe(second.length);
      expect([...first, ...second].sort()).toEqual([...before, ...after].sort());
    },
    180_000,
  );
});

describe('a secured Kafka broker (startKafka({ secured: true }))', () => {
  let broker: KafkaBroker;
  let ca: string;
  beforeAll(async () => {
    broker = await startKafka({ secured: true });
    ca = readFileSync(broker.secured!.caFile, 'utf8');
  }, 180_000);
  afterAll(async () => {
    await broker?.close();
  });

  type Sasl = { mechanism: KafkaSaslMechanism; username: string; password: string };
  /** The broker's id as one metadata request through `address` with these settings answers it, or the error's text with its causes. */
  async function metadataThrough(address: string, settings: { sasl?: Sasl; tls?: { ca?: string } }): Promise<string> {
    const admin = new Admin({ clientId: 'harness-secured', bootstrapBrokers: [address], retries: 0, connectTimeout: 5000, ...settings });
    try {
      const metadata = await admin.metadata({ topics: [] });
      return `brokers ${[...metadata.brokers.keys()].join(',')}`;
    } catch (error) {
      const causes: string[] = [];
      for (let current: unknown = error; current instanceof Error; current = (current as Error & { cause?: unknown }).cause ?? (current as Error & { errors?: unknown[] }).errors?.[0]) {
        causes.push(current.message);
      }
      return causes.join(' <- ');
    } finally {
      await admin.close().catch(() => undefined);
    }
  }
  const user = (mechanism: KafkaSaslMechanism): Sasl => ({ mechanism, ...KAFKA_USERS[mechanism] });

  it('takes each listener’s users and mechanisms, over TLS trusting the test CA', async () => {
    const secured = broker.secured!;
    expect(await metadataThrough(secured.saslSsl, { sasl: user('SCRAM-SHA-512'), tls: { ca } })).toBe('brokers 1');
    expect(await metadataThrough(secured.saslSsl, { sasl: user('SCRAM-SHA-256'), tls: { ca } })).toBe('brokers 1');
    expect(await metadataThrough(secured.saslPlaintext, { sasl: user('PLAIN') })).toBe('brokers 1');
    expect(await metadataThrough(secured.saslPlaintext, { sasl: user('SCRAM-SHA-256') })).toBe('brokers 1');
    expect(await metadataThrough(secured.ssl, { tls: { ca } })).toBe('brokers 1');
  }, 60_000);

  it('refuses a wrong password, a mechanism the listener does not offer, a user of another mechanism, and TLS to a client that does not trust the CA', async () => {
    const secured = broker.secured!;
    expect(await metadataThrough(secured.saslSsl, { sasl: { ...user('SCRAM-SHA-512'), password: 'wrong' }, tls: { ca } })).toMatch(/SASL authentication failed/);
    expect(await metadataThrough(secured.saslSsl, { sasl: user('PLAIN'), tls: { ca } })).toMatch(/SASL mechanism|suitable SASL mechanism/);
    expect(await metadataThrough(secured.saslPlaintext, { sasl: user('SCRAM-SHA-512') })).toMatch(/SASL mechanism|suitable SASL mechanism/);
    expect(await metadataThrough(secured.saslPlaintext, { sasl: { ...user('SCRAM-SHA-256'), username: KAFKA_USERS['SCRAM-SHA-512'].username } })).toMatch(/SASL authentication failed/);
    expect(await metadataThrough(secured.saslSsl, { sasl: user('SCRAM-SHA-512'), tls: {} })).toMatch(/self[- ]signed|unable to (get|verify)/i);
  }, 60_000);

  it('makes a SCRAM user while it runs, and a new password refuses the old one', async () => {
    const secured = broker.secured!;
    await secured.setScramUser('SCRAM-SHA-256', 'made-later', 'first-pw');
    expect(await metadataThrough(secured.saslPlaintext, { sasl: { mechanism: 'SCRAM-SHA-256', username: 'made-later', password: 'first-pw' } })).toBe('brokers 1');
    await secured.setScramUser('SCRAM-SHA-256', 'made-later', 'second-pw');
    expect(await metadataThrough(secured.saslPlaintext, { sasl: { mechanism: 'SCRAM-SHA-256', username: 'made-later', password: 'first-pw' } })).toMatch(/SASL authentication failed/);
    expect(await metadataThrough(secured.saslPlaintext, { sasl: { mechanism: 'SCRAM-SHA-256', username: 'made-later', password: 'second-pw' } })).toBe('brokers 1');
  }, 60_000);
});

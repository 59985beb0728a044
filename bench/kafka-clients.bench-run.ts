// Starts a Kafka 4 and a Kafka 3 broker (test/support/kafka.ts) and runs bench/kafka-clients.mjs against each:
// the figures behind bench/kafka-clients.md. Prints only; nothing here asserts a time.
import { it } from 'vitest';
import { KAFKA_3_VERSION, KAFKA_VERSION, startKafka } from '../test/support/kafka.js';
// @ts-expect-error: a plain script with no types of its own
import { benchKafkaClients } from './kafka-clients.mjs';

const VERSIONS = (process.env.BENCH_KAFKA_VERSIONS ?? `${KAFKA_VERSION},${KAFKA_3_VERSION}`).split(',');
// Broker properties to try, as JSON (for example {"group.coordinator.append.linger.ms":0}).
const PROPERTIES = JSON.parse(process.env.BENCH_KAFKA_PROPERTIES ?? '{}') as Record<string, string | number>;

it('prints the Kafka client figures', async () => {
  for (const version of VERSIONS) {
    const broker = await startKafka({ version, properties: PROPERTIES });
    try {
      await benchKafkaClients({ brokers: broker.brokers, kafkaVersion: Object.keys(PROPERTIES).length ? `${version} ${JSON.stringify(PROPERTIES)}` : version, log: (line: string) => process.stdout.write(`${line}\n`) });
    } finally {
      await broker.close();
    }
  }
});

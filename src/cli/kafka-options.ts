import { UsageError } from '../core/index.js';
import type { KafkaProducerSettings, KafkaRoute, KafkaSaslMechanism, KafkaSecurityProtocol } from '../dispatch/kafka.js';

/*
 * The Kafka settings the CLI's two Kafka commands read: `agent` (a consumer, with port-agent's names) and
 * `dispatch` (a producer, with names of its own: see dispatchKafkaRoute). What both accept is written once here,
 * so a broker list or a protocol that one command takes the other takes too. Nothing here loads the Kafka client.
 */

/** A value with what it came from (a flag or a variable), so an error can name it. */
export interface Given {
  text: string;
  source: string;
}

/** A flag's value, else its variable's, with where it came from; blank counts as unset. */
export function givenSetting(flag: string, value: string | undefined, env: Readonly<Record<string, string | undefined>>, variable?: string): Given | undefined {
  if (value !== undefined && value.trim() !== '') return { text: value.trim(), source: `--${flag}` };
  const fromEnv = variable === undefined ? undefined : env[variable];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { text: fromEnv.trim(), source: variable! };
  return undefined;
}

export const SECURITY_PROTOCOLS = { PLAINTEXT: 'PLAINTEXT', SSL: 'SSL', SASL_PLAINTEXT: 'SASL_PLAINTEXT', SASL_SSL: 'SASL_SSL' } as const satisfies Record<string, KafkaSecurityProtocol>;
// port-agent passes "none" through to librdkafka for no SASL (its default); here the protocol says whether SASL is used.
export const SASL_MECHANISMS = { PLAIN: 'PLAIN', 'SCRAM-SHA-256': 'SCRAM-SHA-256', 'SCRAM-SHA-512': 'SCRAM-SHA-512', NONE: 'NONE' } as const;

/** One of a table's words (any case), or a UsageError naming the setting and listing the words. */
export function chosen<T extends string>(given: Given | undefined, aliases: Record<string, T>): T | undefined {
  if (!given) return undefined;
  const value = aliases[given.text.toUpperCase()];
  if (value !== undefined) return value;
  throw new UsageError(`${given.source}: "${given.text}" is not accepted; expected ${[...new Set(Object.keys(aliases))].join(', ')}`);
}

/** `HOST:PORT,HOST:PORT`, each checked. */
export function brokerList(given: Given): string[] {
  const brokers = given.text
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  for (const broker of brokers) {
    if (!/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(broker) || Number(broker.slice(broker.lastIndexOf(':') + 1)) > 65535) {
      throw new UsageError(`${given.source}: "${broker}" is not accepted; expected HOST:PORT, several separated by commas`);
    }
  }
  if (brokers.length === 0) throw new UsageError(`${given.source}: no broker given; expected HOST:PORT, several separated by commas`);
  return brokers;
}

/** Kafka's own rule for topic names (the broker refuses others, and "." and ".." outright). */
function topicName(given: Given): string {
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(given.text) || given.text === '.' || given.text === '..') {
    throw new UsageError(`${given.source}: "${given.text.slice(0, 60)}" is not a Kafka topic name; expected letters, digits, ".", "_" and "-" (at most 249)`);
  }
  return given.text;
}

/** The environment names `port-ci dispatch` reads for its producer. */
export const DISPATCH_KAFKA_ENV = {
  brokers: 'PORT_CI_KAFKA_BROKERS',
  securityProtocol: 'PORT_CI_KAFKA_SECURITY_PROTOCOL',
  saslMechanism: 'PORT_CI_KAFKA_SASL_MECHANISM',
  username: 'PORT_CI_KAFKA_USERNAME',
  password: 'PORT_CI_KAFKA_PASSWORD',
  timeout: 'PORT_CI_KAFKA_TIMEOUT_MS',
} as const;

export interface DispatchKafkaFlags {
  'kafka-brokers'?: string;
  'kafka-topic'?: string;
  'kafka-protocol'?: string;
  'kafka-sasl'?: string;
}

/**
 * Where `port-ci dispatch` produces run messages, read once from its flags and environment.
 *
 * The brokers have names of the dispatcher's own (--kafka-brokers, PORT_CI_KAFKA_BROKERS), not the agent's
 * KAFKA_CONSUMER_BOOTSTRAP_SERVERS: giving brokers is what makes dispatch produce an agent action's run for an
 * agent instead of handing it on itself, so an agent's settings in the same shell or pod must not switch that on
 * behind the user's back, and a producer's settings are not a consumer's. The topic is the agent's: both sides
 * meet on it, so --kafka-topic, else KAFKA_RUNS_TOPIC, else {PORT_ORG_ID}.runs, as the agent finds it.
 * @throws UsageError naming the flag or variable and what it accepts.
 */
export function dispatchKafkaRoute(flags: DispatchKafkaFlags, env: Readonly<Record<string, string | undefined>>): KafkaRoute {
  const orgId = env.PORT_ORG_ID?.trim() || undefined;
  const topicGiven = givenSetting('kafka-topic', flags['kafka-topic'], env, 'KAFKA_RUNS_TOPIC');
  const topic = topicGiven ? topicName(topicGiven) : orgId ? topicName({ text: `${orgId}.runs`, source: 'PORT_ORG_ID' }) : undefined;
  const topicSource = topicGiven?.source ?? (orgId ? `PORT_ORG_ID ${orgId}` : undefined);
  const route: KafkaRoute = { ...(topic ? { topic, topicSource: topicSource! } : {}), ...(orgId ? { orgId } : {}) };

  const protocolGiven = givenSetting('kafka-protocol', flags['kafka-protocol'], env, DISPATCH_KAFKA_ENV.securityProtocol);
  const mechanismGiven = givenSetting('kafka-sasl', flags['kafka-sasl'], env, DISPATCH_KAFKA_ENV.saslMechanism);
  const brokersGiven = givenSetting('kafka-brokers', flags['kafka-brokers'], env, DISPATCH_KAFKA_ENV.brokers);
  if (!brokersGiven) {
    // Settings for brokers that were not given would be ignored without a word: say so instead.
    const orphan = [protocolGiven, mechanismGiven].find(Boolean);
    if (orphan) throw new UsageError(`${orphan.source}: set --kafka-brokers or ${DISPATCH_KAFKA_ENV.brokers} too; it applies to the brokers dispatch produces to`);
    return route;
  }

  const securityProtocol = chosen(protocolGiven, SECURITY_PROTOCOLS) ?? 'PLAINTEXT';
  const usesSasl = securityProtocol.startsWith('SASL_');
  const mechanism = chosen(mechanismGiven, SASL_MECHANISMS);
  if (usesSasl && mechanism === 'NONE') throw new UsageError(`${mechanismGiven!.source}: "none" is not accepted with ${securityProtocol}; expected PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512`);
  if (!usesSasl && mechanism !== undefined && mechanism !== 'NONE') {
    throw new UsageError(`${mechanismGiven!.source}: SASL is not used with ${securityProtocol}; set --kafka-protocol SASL_SSL or SASL_PLAINTEXT, or leave the mechanism out`);
  }
  let sasl: KafkaProducerSettings['sasl'];
  if (usesSasl) {
    const username = env[DISPATCH_KAFKA_ENV.username]?.trim();
    const password = env[DISPATCH_KAFKA_ENV.password];
    if (!username || !password) throw new UsageError(`dispatch: ${securityProtocol} needs ${DISPATCH_KAFKA_ENV.username} and ${DISPATCH_KAFKA_ENV.password} (the brokers' SASL user)`);
    sasl = { mechanism: (mechanism as KafkaSaslMechanism | undefined) ?? 'SCRAM-SHA-512', username, password };
  }
  const timeout = givenSetting('', undefined, env, DISPATCH_KAFKA_ENV.timeout);
  const requestTimeoutMs = timeout === undefined ? 15_000 : /^\d+$/.test(timeout.text) && Number(timeout.text) >= 100 && Number(timeout.text) <= 600_000 ? Number(timeout.text) : NaN;
  if (Number.isNaN(requestTimeoutMs)) throw new UsageError(`${DISPATCH_KAFKA_ENV.timeout}: "${timeout!.text}" is not accepted; expected milliseconds from 100 to 600000`);
  return {
    ...route,
    producer: { brokers: brokerList(brokersGiven), brokersSource: brokersGiven.source, securityProtocol, ...(sasl ? { sasl } : {}), requestTimeoutMs },
  };
}

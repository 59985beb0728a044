import { isIP } from 'node:net';
import type { ConnectionOptions as TlsOptions } from 'node:tls';

/*
 * How port-ci's Kafka clients (the agent's consumer, the dispatcher's producer) reach their brokers: the
 * @platformatic/kafka options for SASL and TLS, the same for both, so one fix (SNI, say) reaches both.
 */

export type KafkaSaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

export interface KafkaSecurity {
  brokers: readonly string[];
  sasl?: { mechanism: KafkaSaslMechanism; username: string; password: string };
  /** TLS (SSL, SASL_SSL): true for the system's CAs (NODE_EXTRA_CA_CERTS adds a private one), or node:tls options. */
  tls?: boolean | TlsOptions;
}

/** Whether a `host:port` names its host by name rather than by an IPv4 or IPv6 address. */
export function isHostName(broker: string): boolean {
  const host = broker.startsWith('[') ? broker.slice(1, broker.indexOf(']')) : broker.replace(/:\d+$/, '');
  return isIP(host) === 0;
}

/** The client options for SASL and TLS. */
export function clientSecurity(security: KafkaSecurity): { sasl?: KafkaSecurity['sasl']; tls?: TlsOptions; tlsServerName?: true } {
  return {
    ...(security.sasl ? { sasl: security.sasl } : {}),
    ...(security.tls ? { tls: security.tls === true ? {} : security.tls } : {}),
    // SNI: each connection names the broker it dials, as librdkafka does (Confluent Cloud routes by it). Not for IP
    // literals, which TLS does not allow as a server name (Node would warn on stderr, amid the agent's JSON log lines).
    ...(security.tls && security.brokers.every(isHostName) ? { tlsServerName: true as const } : {}),
  };
}

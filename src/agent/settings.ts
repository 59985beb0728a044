import type { SaslMechanism } from './consumer.js';
import type { FollowSettings } from './follow.js';
import type { LogLevel } from './log.js';

/**
 * Everything `port-ci agent` was told, checked and normalised once (by parseAgentOptions in the command), for the
 * consumer and for the run handler's factory. Secrets are here because the handler needs them; nothing logs this.
 */
export interface AgentSettings {
  orgId: string;
  groupId: string;
  topic: string;
  clientId: string;
  /**
   * Where the brokers and SASL credentials come from: given (KAFKA_CONSUMER_BOOTSTRAP_SERVERS, for a local or
   * self-run Kafka), or handed out by Port (GET /v1/kafka-credentials), as port-agent gets them.
   */
  kafka: { from: 'given'; brokers: string[]; username?: string; password?: string } | { from: 'port' };
  securityProtocol: 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';
  /** undefined when the protocol has no SASL. */
  saslMechanism?: SaslMechanism;
  sessionTimeoutMs: number;
  autoOffsetReset: 'earliest' | 'latest';
  /** Records in the handler at once, across partitions. */
  concurrency: number;
  /** Records of one partition in the handler at once; never two with one key (one run). */
  partitionConcurrency: number;
  drainTimeoutMs: number;
  once: boolean;
  /** undefined: no health and metrics server. */
  metrics?: { port: number; host: string };
  logLevel: LogLevel;
  port: { baseUrl: string; clientId: string; clientSecret: string };
  gitlabUrl: string;
  /** port-agent's control_the_payload_config.json: the mapping file the run handler applies. */
  /** undefined: ./control_the_payload_config.json when it exists, else the built-in mapping (mapping.ts loadMapping). */
  mappingPath?: string;
  /** --follow: how often and how long what a run started is followed, and the GitLab read token; undefined: not followed. */
  follow?: FollowSettings;
}

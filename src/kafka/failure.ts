/*
 * Why the agent (or the dispatcher) cannot use its brokers, read out of the Kafka client's errors. The client wraps a refused SASL login,
 * a mechanism the broker does not offer and an untrusted certificate in the same retriable "Connection to HOST:PORT
 * failed." as a broker that is briefly away, and retries them all (20 times here, for a few seconds to minutes),
 * then reports only "<operation> failed 21 times.". A refusal is not mended by waiting, so the consumer gives up at
 * the first one, and the command turns the reason into a line that names the setting to fix.
 */

export type KafkaFailureReason =
  /** The broker refused the SASL username and password (or the user has no credential for this mechanism). */
  | 'authentication'
  /** The broker's listener does not offer the SASL mechanism asked for. */
  | 'mechanism'
  /** The broker's TLS certificate is not trusted, or not for the host name connected to. */
  | 'certificate'
  /** TLS was asked for and the listener does not speak it (or the handshake failed otherwise). */
  | 'tls-handshake'
  /** No answer that says more: the brokers are away, or the listener is of another protocol. Retried before. */
  | 'unreachable';

/** What `ready` and `done` of the agent's consumer reject with when the brokers cannot be used. */
export class KafkaConnectionError extends Error {
  override name = 'KafkaConnectionError';
  /** The CLI's exit code for a service that refused or could not be reached (as Port's ApiError). */
  readonly exitCode = 3;
  constructor(
    readonly reason: KafkaFailureReason,
    /** `host:port` of the broker that answered so, when the client said. */
    readonly broker: string | undefined,
    /** The innermost cause in the client's or Node's words; never a credential (neither puts one in an error). */
    readonly detail: string,
    /** For 'mechanism': the mechanisms the broker offers, when it said. */
    readonly offered: string[] = [],
  ) {
    super(`${describe(reason)}${broker ? ` at ${broker}` : ''}: ${detail}${offered.length > 0 ? ` (it offers ${offered.join(', ')})` : ''}`);
  }
}

function describe(reason: KafkaFailureReason): string {
  switch (reason) {
    case 'authentication':
      return 'Kafka refused the SASL login';
    case 'mechanism':
      return 'Kafka does not offer this SASL mechanism';
    case 'certificate':
      return "Kafka's TLS certificate is not trusted";
    case 'tls-handshake':
      return 'the TLS handshake with Kafka failed';
    case 'unreachable':
      return 'could not reach Kafka';
  }
}

// Node's codes for a certificate chain or name it will not accept (from OpenSSL's verification, and its own name check).
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface ErrorNode {
  message?: unknown;
  code?: unknown;
  /** A Kafka protocol error's name (the client's ProtocolError). */
  apiId?: unknown;
  cause?: unknown;
  errors?: unknown;
  response?: { mechanisms?: unknown };
}

/** Every error in the tree the client builds (AggregateError lists and causes), parents before children. */
function* walk(error: unknown, depth = 0): Generator<ErrorNode> {
  if (error === null || typeof error !== 'object' || depth > 12) return;
  const node = error as ErrorNode;
  yield node;
  if (Array.isArray(node.errors)) for (const child of node.errors) yield* walk(child, depth + 1);
  if (node.cause !== undefined) yield* walk(node.cause, depth + 1);
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The reason the Kafka client's `error` gives for not reaching a broker: a refusal ('authentication', 'mechanism',
 * 'certificate', 'tls-handshake'), 'unreachable' when it names none, or undefined for an error that is not about
 * connecting at all.
 */
export function kafkaFailure(error: unknown): KafkaConnectionError | undefined {
  let broker: string | undefined;
  let connecting = false;
  let innermost = '';
  for (const node of walk(error)) {
    const message = text(node.message);
    const code = text(node.code);
    const failedAt = /^Connection to (.+:\d+) failed\.$/.exec(message);
    if (failedAt) {
      broker ??= failedAt[1];
      connecting = true;
      continue;
    }
    if (message === 'SASL authentication failed.' || node.apiId === 'SASL_AUTHENTICATION_FAILED') {
      return new KafkaConnectionError('authentication', broker, 'the username or password is not accepted for this mechanism');
    }
    if (message === 'Cannot find a suitable SASL mechanism.' || node.apiId === 'UNSUPPORTED_SASL_MECHANISM') {
      const offered = [...walk(node)].map((inner) => inner.response?.mechanisms).find(Array.isArray) as unknown[] | undefined;
      return new KafkaConnectionError('mechanism', broker, 'the broker does not offer the SASL mechanism asked for', (offered ?? []).filter((item): item is string => typeof item === 'string'));
    }
    if (CERTIFICATE_CODES.has(code)) return new KafkaConnectionError('certificate', broker, message);
    if (message.startsWith('TLS handshake failed.') || code.startsWith('ERR_SSL_')) return new KafkaConnectionError('tls-handshake', broker, message);
    if (message !== '') innermost = message;
  }
  if (!connecting && !/^Cannot connect to any broker|Connection closed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|timed out/.test(innermost)) return undefined;
  return new KafkaConnectionError('unreachable', broker, innermost || 'no broker answered');
}

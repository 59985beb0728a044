import { isObject, signWebhook, type JsonObject } from '../core/index.js';
import { clientSecurity, type KafkaSaslMechanism } from '../kafka/connection.js';
import { ApiError } from '../port/errors.js';
import { UncertainDispatchError } from './github.js';
import type { DispatchPlan, DispatchResult, DispatchedAction, PlannedRequest } from './types.js';

/*
 * Kafka, Port's hand-off to an execution agent and to a KAFKA action's own consumer (PORT-FACTS.md §3, §11): Port
 * produces the run message to the organisation's topic `{orgId}.runs`, keyed by run id (so one run's messages keep
 * their order in one partition), and the agent, not Port, calls the backend. This file plans those messages and
 * produces them. The Kafka client is loaded only by openRunProducer, so a dispatch that produces nothing (GitHub,
 * a webhook called directly, any dry run) never loads it.
 */

export type KafkaSecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';
export type { KafkaSaslMechanism };

/** The brokers dispatch produces to and how it reaches them (src/cli/kafka-options.ts reads them). */
export interface KafkaProducerSettings {
  brokers: string[];
  /** What named them, for messages: "--kafka-brokers" or "PORT_CI_KAFKA_BROKERS". */
  brokersSource: string;
  securityProtocol: KafkaSecurityProtocol;
  /** Set exactly when the protocol is SASL_PLAINTEXT or SASL_SSL. */
  sasl?: { mechanism: KafkaSaslMechanism; username: string; password: string };
  /** How long one request to a broker waits for its answer before it counts as lost. */
  requestTimeoutMs: number;
}

/** Where run messages go. */
export interface KafkaRoute {
  /** The runs topic; undefined when nothing names it (no --kafka-topic, KAFKA_RUNS_TOPIC or PORT_ORG_ID). */
  topic?: string;
  /** What named the topic, for messages. */
  topicSource?: string;
  /** PORT_ORG_ID: the topic names the organisation, so the message can say whose run it is, as Port's does. */
  orgId?: string;
  /** undefined when no brokers were given: an agent action is then handed on directly, as an agent would. */
  producer?: KafkaProducerSettings;
}

/** What a plan that produces carries for the send: the topic, the record's key, and whether it must be signed. */
export interface KafkaDelivery {
  topic: string | null;
  /** What named the topic (--kafka-topic, KAFKA_RUNS_TOPIC, PORT_ORG_ID), for an error about it. */
  topicSource?: string;
  /** The run id: Port keys run messages by it. */
  key: string | null;
  /** Signature headers inside the message (the run message's contract); a current-format KAFKA payload has none. */
  signed: boolean;
}

/**
 * Whether Port would hand this action's run to an execution agent over Kafka rather than call the backend
 * (WEBHOOK and GITLAB with `agent: true`), and dispatch was given brokers to do the same.
 */
export function producesForAgent(method: { type?: unknown; agent?: unknown }, route: KafkaRoute | undefined): boolean {
  return route?.producer !== undefined && method.agent === true && (method.type === 'WEBHOOK' || method.type === 'GITLAB');
}

/** Said when an agent action is handed on directly because no brokers were given. */
export function directAgentNote(route: KafkaRoute | undefined): string {
  return `agent: true: handed on directly, as an execution agent would; with --kafka-brokers it is produced to ${route?.topic ?? '{PORT_ORG_ID}.runs'} for an agent instead`;
}

/**
 * A run message as Port puts it on Kafka: the message with `headers: {X-Port-Signature, X-Port-Timestamp}` added
 * last, the timestamp a number, as in Port's messages. What is signed is what port-agent checks (its
 * webhook_invoker's validate_incoming_signature): it takes the two headers out and signs the compact JSON of what
 * is left, `headers: {}` included, except for a GITLAB message, whose `headers` it drops whole. A KAFKA action's
 * message is signed like a webhook's (*unverified*: its consumer is the user's own; src/agent/handler.ts
 * checkSignature accepts either form).
 */
export function signRunMessage(message: JsonObject, clientSecret: string, nowSeconds: number, form: 'headers-emptied' | 'headers-dropped' = 'headers-emptied'): JsonObject {
  const { headers: _replaced, ...body } = message;
  const signedText = JSON.stringify(form === 'headers-dropped' ? body : { ...body, headers: {} });
  const signed = signWebhook(signedText, clientSecret, nowSeconds);
  return { ...body, headers: { 'X-Port-Signature': signed['X-Port-Signature'], 'X-Port-Timestamp': Number(signed['X-Port-Timestamp']) } };
}

/**
 * The run message of a current-format action run through an agent: Port keeps the classic envelope (PORT-FACTS.md
 * §2) and puts the action's invocation method, its templates rendered, under payload.action (what the agent's
 * mapping reads: url, method, headers, body; pipelineVariables). *Unverified* beyond what port-agent reads: the
 * envelope's fields come from the trigger data (the inputs as properties, the entity, the caller, the run id).
 */
export function agentRunMessage(args: { action: DispatchedAction; invocationMethod: JsonObject; triggerData: JsonObject }): JsonObject {
  const { action, triggerData } = args;
  const entity = isObject(triggerData.entity) && typeof triggerData.entity.identifier === 'string' ? triggerData.entity : null;
  const trigger = isObject(triggerData.trigger) ? triggerData.trigger : {};
  const about = isObject(triggerData.action) ? triggerData.action : {};
  const run = isObject(triggerData.run) ? triggerData.run : {};
  const blueprint = typeof about.blueprint === 'string' ? about.blueprint : typeof entity?.blueprint === 'string' ? entity.blueprint : null;
  return {
    action: action.identifier,
    resourceType: 'run',
    status: 'TRIGGERED',
    trigger: { by: trigger.by ?? null, origin: trigger.origin ?? 'API', at: trigger.at ?? null },
    context: { entity: entity ? entity.identifier : null, blueprint, runId: typeof run.id === 'string' ? run.id : null },
    payload: {
      entity,
      action: { ...action, invocationMethod: args.invocationMethod },
      properties: isObject(triggerData.inputs) ? triggerData.inputs : {},
      censoredProperties: [],
    },
  };
}

/** The message's `trigger.by.orgId`, when the message leaves it null and the organisation is known. */
function withOrganisation(message: JsonObject, orgId: string | undefined): JsonObject {
  const trigger = isObject(message.trigger) ? message.trigger : undefined;
  const by = isObject(trigger?.by) ? trigger.by : undefined;
  if (!orgId || !by || (by.orgId !== null && by.orgId !== undefined)) return message;
  return { ...message, trigger: { ...trigger, by: { ...by, orgId } } };
}

/**
 * The produce of one run message: the request a plan shows (`PRODUCE kafka://brokers/topic`, the record's key and
 * value), the notes that go with it, and the message without its signature headers. `forAgent` names the backend
 * an agent hands it on to.
 * A run message is signed when the client secret is known; a `payload` (a current-format KAFKA action's, which its
 * author writes whole) is produced exactly as rendered.
 */
export function planKafka(args: {
  message: JsonObject;
  kind: { runMessage: true; forAgent?: string } | { runMessage: false };
  runId: string | null;
  route: KafkaRoute | undefined;
  clientSecret: string | undefined;
  nowSeconds: number;
}): { request: PlannedRequest; kafka: KafkaDelivery; notes: string[]; message: JsonObject } {
  const { route, kind } = args;
  const topic = route?.topic ?? null;
  const notes: string[] = [];
  const message = kind.runMessage ? withOrganisation(args.message, route?.orgId) : args.message;
  let body = message;
  if (kind.runMessage) {
    if (args.clientSecret) body = signRunMessage(message, args.clientSecret, args.nowSeconds, kind.forAgent === 'GITLAB' ? 'headers-dropped' : 'headers-emptied');
    else notes.push('unsigned: set PORT_CLIENT_SECRET to sign it as Port does (an agent refuses a message without X-Port-Signature)');
  }
  notes.unshift(
    kind.runMessage && kind.forAgent
      ? `agent: true: produced to ${topic ?? 'the runs topic'} for an execution agent (port-ci agent, port-agent), which hands it on to ${kind.forAgent}`
      : `KAFKA: produced to ${topic ?? 'the runs topic'}, keyed by run id, for the organisation's consumer`,
  );
  if (!topic) notes.push("topic: set PORT_ORG_ID (the topic is {PORT_ORG_ID}.runs) or --kafka-topic");
  if (!route?.producer) notes.push('brokers: set --kafka-brokers or PORT_CI_KAFKA_BROKERS to produce it');
  const brokers = route?.producer?.brokers.join(',') ?? '<--kafka-brokers>';
  const rawBody = JSON.stringify(body);
  return {
    request: { method: 'PRODUCE', url: `kafka://${brokers}/${topic ?? '<PORT_ORG_ID>.runs'}`, headers: {}, key: args.runId, body, rawBody },
    kafka: { topic, ...(route?.topicSource ? { topicSource: route.topicSource } : {}), key: args.runId, signed: kind.runMessage },
    notes,
    message,
  };
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Producing.                                                                                                     */

export interface ProducedAt {
  topic: string;
  partition: number;
  offset: string;
}

/** One producer for a whole invocation (a batch produces every line on it). */
/** One record: the run message's text, keyed by its run id, and what named the topic (for an error about it). */
export interface RunRecord {
  topic: string;
  topicSource?: string;
  key: string;
  value: string;
}

export interface RunProducer {
  /**
   * Produces one record and resolves once every in-sync replica has it (acks all).
   * @throws ApiError (nothing was produced: brokers unreachable, authentication refused, topic missing, a refusal);
   * UncertainDispatchError when the record was sent and no acknowledgement came (it may have landed).
   */
  produce(record: RunRecord): Promise<ProducedAt>;
  close(): Promise<void>;
}

// The client's own retries, under its idempotent producer: a produce it repeats carries the same sequence number,
// so the broker keeps one copy. A few, quickly: a dispatch is run by a person or a script that wants an answer.
const PRODUCE_RETRIES = 3;
const RETRY_DELAY_MS = 500;
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * A producer for these brokers. Loads the Kafka client (@platformatic/kafka) now, and only now.
 * Connects on the first produce.
 */
export async function openRunProducer(settings: KafkaProducerSettings): Promise<RunProducer> {
  const { Producer, stringSerializers } = await import('@platformatic/kafka');
  const tls = settings.securityProtocol === 'SSL' || settings.securityProtocol === 'SASL_SSL';
  const connect = () =>
    new Producer({
      clientId: 'port-ci-dispatch',
      bootstrapBrokers: settings.brokers,
      serializers: stringSerializers,
      // Idempotent: acks from all in-sync replicas, and the client's retries are never a second copy.
      idempotent: true,
      // Above 1, or the idempotent producer would retry a broker that cannot be reached for ever.
      retries: PRODUCE_RETRIES,
      retryDelay: RETRY_DELAY_MS,
      connectTimeout: CONNECT_TIMEOUT_MS,
      requestTimeout: settings.requestTimeoutMs,
      // SASL, TLS with the system's CAs (NODE_EXTRA_CA_CERTS adds a private one) and SNI, as the agent's consumer.
      ...clientSecurity({ brokers: settings.brokers, ...(settings.sasl ? { sasl: settings.sasl } : {}), tls }),
    });
  let client = connect();
  const known = new Set<string>();
  // One producer id per client: every record it sends is numbered under it, so a repeat is known.
  let initialised: Promise<unknown> | undefined;
  const initialise = () => {
    initialised ??= client.initIdempotentProducer({}).catch((error: unknown) => {
      initialised = undefined;
      throw error;
    });
    return initialised;
  };
  /*
   * After a send that failed, the client's numbering is not to be trusted (a record it thinks unsent may be
   * written): the next record goes on a new client, with a new producer id, so it can never be taken by the broker
   * for a repeat of the lost one and acknowledged without being written.
   */
  const replaceClient = () => {
    const spent = client;
    client = connect();
    initialised = undefined;
    known.clear();
    void spent.close().catch(() => undefined);
  };
  const hide = (text: string) => (settings.sasl?.password ? text.split(settings.sasl.password).join('[redacted]') : text);

  const produceOne = async ({ topic, topicSource, key, value }: RunRecord): Promise<ProducedAt> => {
    // First reach the brokers, authenticate, find the topic and get a producer id: nothing is on the wire yet,
    // so whatever fails here certainly produced nothing.
    try {
      if (!known.has(topic)) await client.metadata({ topics: [topic] });
      known.add(topic);
      await initialise();
    } catch (error) {
      throw new ApiError(hide(`${refusal(error, settings, topic, topicSource)}; nothing was produced`), null);
    }
    let produced;
    try {
      produced = await client.send({ messages: [{ topic, key, value }] });
    } catch (error) {
      replaceClient();
      const leaves = failures(error);
      // Refusals the broker gave, or brokers never reached: the record was not written. Anything else (a request
      // that timed out, a connection closed while it waited) may have been written before the answer was lost.
      if (leaves.length > 0 && leaves.every((leaf) => leaf.kind !== 'unknown')) throw new ApiError(hide(`${refusal(error, settings, topic, topicSource)}; nothing was produced`), null);
      throw new UncertainDispatchError(
        hide(`The run message may or may not have been produced to ${topic}: ${describeLeaf(leaves.find((leaf) => leaf.kind === 'unknown')!)}, and no acknowledgement came; look for key ${key} on the topic, or at the run in Port, before dispatching again`),
      );
    }
    const at = produced.offsets?.find((offset) => offset.topic === topic);
    if (!at) throw new UncertainDispatchError(`The run message may or may not have been produced to ${topic}: the brokers' answer named no offset; look for key ${key} on the topic before dispatching again`);
    return { topic, partition: at.partition, offset: at.offset.toString() };
  };

  /*
   * One send at a time. @platformatic/kafka 1.35.0 gives concurrent sends of an idempotent producer the same
   * sequence number, and the broker then writes the first and acknowledges every one of them with its offset
   * (measured: 4 concurrent sends to one partition, 1 record, 4 acknowledgements of offset 0): records lost while
   * reported written. A batch's lines therefore queue here; each send takes milliseconds.
   */
  let turn: Promise<unknown> = Promise.resolve();
  return {
    produce(record) {
      const mine = turn.then(() => produceOne(record));
      turn = mine.catch(() => undefined);
      return mine;
    },
    async close() {
      await turn;
      await client.close().catch(() => undefined);
    },
  };
}

/**
 * Produces a plan's message. The plan was checked before anything was sent (the CLI's preflight): it has a topic,
 * a run id and, for a run message, its signature.
 */
export async function sendKafka(plan: DispatchPlan, producer: RunProducer): Promise<DispatchResult> {
  const delivery = plan.kafka!;
  const value = plan.request.rawBody ?? JSON.stringify(plan.request.body);
  const at = await producer.produce({ topic: delivery.topic!, ...(delivery.topicSource ? { topicSource: delivery.topicSource } : {}), key: delivery.key!, value });
  return { backend: 'KAFKA', status: 0, produced: at };
}

/* ------------------------------------------------------------------------------------------------------------- */
/* What went wrong, in one line. The client (pinned at one version) nests its errors: a MultipleErrors per retried */
/* operation, each attempt's error with its cause. Each failure at the end of that chain is sorted into a kind.     */

type FailureKind = 'auth' | 'untrusted' | 'tls' | 'topic' | 'denied' | 'unreachable' | 'refused' | 'unknown';

interface Failure {
  kind: FailureKind;
  error: KafkaErrorShape;
}

interface KafkaErrorShape {
  message?: string;
  code?: string;
  apiId?: string;
  serverErrorMessage?: string | null;
  response?: { mechanisms?: string[] };
  errors?: unknown[];
  cause?: unknown;
}

// Broker answers that leave a produced record possibly written: a replication wait that ran out, a write the
// replicas did not all take, and a sequence the broker already holds (an earlier attempt landed). Every other code
// refuses the write (Kafka's protocol docs for each).
const MAYBE_WRITTEN = new Set(['REQUEST_TIMED_OUT', 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', 'DUPLICATE_SEQUENCE_NUMBER']);
const AUTH_CODES = new Set(['SASL_AUTHENTICATION_FAILED', 'UNSUPPORTED_SASL_MECHANISM', 'ILLEGAL_SASL_STATE']);
const DENIED_CODES = new Set(['TOPIC_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED', 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED']);
const UNTRUSTED_CODES = /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID)$/;
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE']);

const shape = (error: unknown): KafkaErrorShape => (typeof error === 'object' && error !== null ? (error as KafkaErrorShape) : { message: String(error) });

/** Every failure at the end of the error's chain, sorted into kinds. */
function failures(error: unknown): Failure[] {
  const found: Failure[] = [];
  const visit = (value: unknown, connecting: boolean): void => {
    const current = shape(value);
    // A connection that never opened (refused, timed out, TLS or SASL failing) carried no produce request.
    const opening = connecting || /^Connection to \S+ (failed|timed out)\.$/.test(current.message ?? '') || /^Connection ready timed out/.test(current.message ?? '');
    const children = [...(Array.isArray(current.errors) ? current.errors : []), ...(current.cause === undefined ? [] : [current.cause])];
    const own = kindOf(current, opening);
    // An error that already says what it is (authentication, TLS) is the failure; its causes only repeat it.
    if (children.length === 0 || (own !== 'unknown' && own !== 'unreachable' && !Array.isArray(current.errors))) {
      found.push({ kind: own, error: current });
      return;
    }
    for (const child of children) visit(child, opening);
  };
  visit(error, false);
  return found;
}

function kindOf(error: KafkaErrorShape, opening: boolean): FailureKind {
  const message = error.message ?? '';
  if (error.code === 'PLT_KFK_AUTHENTICATION' || (error.apiId && AUTH_CODES.has(error.apiId))) return 'auth';
  if (error.code && UNTRUSTED_CODES.test(error.code)) return 'untrusted';
  if (/^TLS handshake failed/.test(message)) return 'tls';
  if (/^Unknown topic /.test(message) || error.apiId === 'UNKNOWN_TOPIC_OR_PARTITION') return 'topic';
  if (error.apiId && DENIED_CODES.has(error.apiId)) return 'denied';
  if (error.apiId) return MAYBE_WRITTEN.has(error.apiId) ? 'unknown' : 'refused';
  if (opening || (error.code && UNREACHABLE_CODES.has(error.code) && /^connect /.test(message))) return 'unreachable';
  return 'unknown';
}

function describeLeaf(failure: Failure): string {
  const { error } = failure;
  const text = error.serverErrorMessage ? `${error.apiId}: ${error.serverErrorMessage}` : error.apiId ?? error.message ?? 'an unknown failure';
  return text.replace(/\.$/, '');
}

// When several attempts failed in different ways, the one that tells the user most what to fix.
const TELLING: FailureKind[] = ['auth', 'untrusted', 'tls', 'denied', 'topic', 'refused', 'unreachable', 'unknown'];

/** One line: what refused the produce, and which setting to look at. */
function refusal(error: unknown, settings: KafkaProducerSettings, topic: string, topicSource: string | undefined): string {
  const found = failures(error);
  const failure = TELLING.map((kind) => found.find((leaf) => leaf.kind === kind)).find(Boolean) ?? { kind: 'unknown' as const, error: shape(error) };
  const brokers = `${settings.brokers.join(',')} (${settings.brokersSource})`;
  const protocol = `--kafka-protocol ${settings.securityProtocol}`;
  switch (failure.kind) {
    case 'auth': {
      const offered = found.map((leaf) => leafResponse(leaf.error)).find((mechanisms) => mechanisms !== undefined);
      const who = settings.sasl ? `SASL ${settings.sasl.mechanism} as ${settings.sasl.username} (PORT_CI_KAFKA_USERNAME, PORT_CI_KAFKA_PASSWORD)` : 'no SASL';
      const listener = offered === undefined ? '' : `; the broker enables ${offered.length ? `SASL ${offered.join(', ')}` : 'no SASL mechanism on this listener'}`;
      return `Kafka: the brokers ${brokers} refused authentication with ${who}, ${protocol}: ${describeLeaf(deepest(failure))}${listener}`;
    }
    case 'untrusted':
      return `Kafka: the TLS certificate of ${brokers} is not trusted (${failure.error.code}): give its CA in NODE_EXTRA_CA_CERTS, or check the host name`;
    case 'tls':
      return `Kafka: the TLS handshake with ${brokers} failed (${protocol}): does that listener take TLS? PLAINTEXT and SASL_PLAINTEXT do not`;
    case 'denied':
      return `Kafka: the brokers ${brokers} do not let ${settings.sasl ? `user ${settings.sasl.username}` : 'this client'} write to ${topic} (${failure.error.apiId})`;
    case 'topic':
      return `Kafka: topic ${topic}${topicSource ? ` (from ${topicSource})` : ''} does not exist on ${brokers}; create it (the agent reads it), or name another with --kafka-topic`;
    case 'refused':
      return `Kafka: the brokers ${brokers} refused the message to ${topic}: ${describeLeaf(failure)}`;
    case 'unreachable':
      return `Kafka: cannot reach the brokers ${brokers}: ${describeLeaf(deepest(failure))}`;
    default:
      return `Kafka: producing to ${topic} on ${brokers} failed: ${describeLeaf(failure)}`;
  }
}

/** The handshake's list of mechanisms, when the failure is a SASL handshake the broker refused. */
function leafResponse(error: KafkaErrorShape): string[] | undefined {
  for (let current: KafkaErrorShape | undefined = error; current; current = current.cause === undefined ? undefined : shape(current.cause)) {
    if (Array.isArray(current.response?.mechanisms)) return current.response.mechanisms;
  }
  return undefined;
}

/** The innermost cause: the system's own words (connect ECONNREFUSED ...) or the broker's code. */
function deepest(failure: Failure): Failure {
  let current = failure.error;
  while (current.cause !== undefined || (Array.isArray(current.errors) && current.errors.length > 0)) {
    current = shape(current.cause ?? current.errors![0]);
    if (current.apiId) break;
  }
  return { kind: failure.kind, error: current };
}

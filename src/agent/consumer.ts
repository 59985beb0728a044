import { tracingChannel } from 'node:diagnostics_channel';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { Consumer, type Message, type MessagesStream } from '@platformatic/kafka';
import { KafkaConnectionError, kafkaFailure } from '../kafka/failure.js';
import { clientSecurity } from '../kafka/connection.js';
import type { AgentLogger, LogFields } from './log.js';
import type { HandleOutcome, RecordOrigin, RunHandler } from './types.js';

/*
 * The agent's consumer half: reads the runs topic in a consumer group, hands each record to the RunHandler, and
 * commits a partition's offset only up to its oldest record not yet done. Delivery is at least once, and never loses
 * a record: a record whose handler threw is retried in place, with backoff, and nothing new starts in its partition
 * until it settles; other partitions go on.
 *
 * Each assigned partition is a lane: up to `partitionConcurrency` of its records are in the handler at once (and
 * up to `concurrency` across lanes), but two records with the same key never are, and the older goes first: Port
 * keys run messages by run id, so order is kept per run. A record is done when its handler has settled and, if the
 * handler goes on following what it started (HandleResult.following), once that ends too; the lane's commit point
 * is its oldest record not done, so a record finished early waits, uncommitted, behind a slower older one. Commits
 * are decoupled from handling: one commit request at a time carries every lane's newest commit point, so a lane
 * goes on while the previous commit is on the wire (a Kafka 4.1 broker holds each commit about 5 ms; see
 * bench/kafka-clients.md). When a rebalance takes a partition away, its lane is dropped: what waits is forgotten,
 * follows are told to let go, and what is in the handler finishes but commits nothing, so the new owner, which
 * redelivers from the last commit, never sees an offset committed behind its back.
 */

export type { KafkaSaslMechanism as SaslMechanism } from '../kafka/connection.js';
import type { KafkaSaslMechanism as SaslMechanism } from '../kafka/connection.js';

export interface AgentConsumerOptions {
  /** Bootstrap brokers, `host:port`. */
  brokers: string[];
  topic: string;
  groupId: string;
  /** Kafka's client.id, shown in the broker's logs and quotas; `port-ci-agent` unless told. */
  clientId?: string;
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  /** TLS to the brokers (SSL, SASL_SSL): true for the system's CAs, or node:tls options (ca, servername...). */
  tls?: boolean | TlsOptions;
  handler: RunHandler;
  /** How many records may be in the handler at once, across partitions; 24 unless told. */
  concurrency?: number;
  /** How many records of one partition may be in the handler at once (never two of one key); 4 unless told. */
  partitionConcurrency?: number;
  /** Where a partition that the group never committed starts: `earliest` unless told (port-agent's default). */
  autoOffsetReset?: 'earliest' | 'latest';
  /** The group session timeout; 45 s unless told (port-agent's KAFKA_CONSUMER_SESSION_TIMEOUT_MS default). */
  sessionTimeoutMs?: number;
  /** How often the member heartbeats; a third of the session timeout, at most 3 s, unless told. */
  heartbeatIntervalMs?: number;
  /** Handle the topic up to its end as of the start, commit, leave and resolve `done` (for tests and cron). */
  once?: boolean;
  /** The first wait after a handler throws, doubled on each throw up to `retryMaxMs`; 500 ms and 30 s unless told. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** How many received records may wait in memory before fetching pauses; 5,000 unless told. */
  maxBuffered?: number;
  logger: AgentLogger;
}

export interface AgentStatus {
  /** In the group, with a live stream, and not stopping: what /healthz answers 200 for. */
  healthy: boolean;
  /** Why not healthy, in words. */
  reason?: string;
  memberId?: string;
  partitions: number[];
  inFlight: number;
  /** Records handed on whose handler is still following what it started (their offsets wait to be committed). */
  following: number;
  waiting: number;
}

export interface AgentCounters {
  consumed: number;
  settled: Record<HandleOutcome, number>;
  /** Handler throws (each retry that throws again counts again). */
  failed: number;
  commits: number;
}

export interface StopResult {
  /** Records still in the handler when the drain timeout ran out: not committed, so they will come again. */
  abandoned: number;
}

export interface AgentConsumer {
  /**
   * Resolves once the member has joined the group and its stream is open; rejects when that fails, with a
   * KafkaConnectionError when the brokers could not be used (at once for a refusal: a SASL login, a mechanism, a
   * certificate; after the client's retries when they are away).
   */
  ready: Promise<void>;
  /** Resolves when the consumer has stopped (stop, or the end of --once); rejects on a fatal error (a KafkaConnectionError for a refusal). */
  done: Promise<void>;
  /** Stops fetching, lets in-flight records settle for up to `drainTimeoutMs` (30 s unless told), commits what settled, leaves the group. */
  stop(options?: { drainTimeoutMs?: number }): Promise<StopResult>;
  /** Leaves at once: nothing in flight is waited for and nothing more is committed. */
  abort(): Promise<void>;
  status(): AgentStatus;
  counters(): AgentCounters;
  /** Per assigned partition: the partition's end offset minus the group's committed offset (asks the broker). */
  lag(): Promise<Map<number, bigint>>;
}

interface Entry {
  /** Dropped once the record is followed: from then on only its offset is needed. */
  record: Message<Buffer, Buffer, Buffer, Buffer> | undefined;
  offset: bigint;
  /** Records with one key are handled one at a time, oldest first; a record without a key has one of its own. */
  key: string;
  state: 'waiting' | 'running' | 'following';
  /** Set once the entry no longer counts among the buffered records. */
  gone: boolean;
}

interface Lane {
  partition: number;
  /** Records received and not yet done, in offset order: waiting, in the handler, or followed. */
  pending: Entry[];
  /** The offset after the newest record received: a record below it is a redelivery of one this lane holds. */
  next: bigint;
  /** Set once a record of this lane is done: before that the lane has nothing of its own to commit. */
  progressed: boolean;
  committed?: bigint;
  running: number;
  /** The record whose handler threw, while it waits for its retry: nothing else starts in the lane meanwhile. */
  retrying?: Entry;
  attempts: number;
  retryAt: number;
  /** Set when a rebalance takes the partition away: the lane's work then commits nothing. */
  revoked: boolean;
  /** Aborted when the partition is revoked or the agent stops: tells the handler's follows to let go. */
  release: AbortController;
}

/** The offset a commit of this lane sends: its oldest record not done, or all it received. */
function commitPoint(lane: Lane): bigint | undefined {
  if (!lane.progressed) return undefined;
  return lane.pending[0]?.offset ?? lane.next;
}

/** How far into a lane pump() looks past records it cannot start (a key still busy): a bound on its cost. */
const LOOKAHEAD = 64;

const OUTCOMES: HandleOutcome[] = ['handed-on', 'duplicate', 'skipped', 'poison', 'uncertain'];

function emptyCounters(): AgentCounters {
  return { consumed: 0, settled: Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<HandleOutcome, number>, failed: 0, commits: 0 };
}

/**
 * Whether the client is joining its group now: its joins are traced on the `plt:kafka:consumer:group` tracing
 * channel (@platformatic/kafka's diagnostics), whose events name the client and the operation.
 */
function watchJoins(client: object): { joining(): boolean; settled(): Promise<void>; unsubscribe(): void } {
  const channel = tracingChannel<string, { client?: unknown; operation?: string }>('plt:kafka:consumer:group');
  let joining = 0;
  let since = 0;
  let waiters: (() => void)[] = [];
  const mine = (context: { client?: unknown; operation?: string }) => context.client === client && context.operation === 'joinGroup';
  const none = () => undefined;
  const handlers = {
    start: (context: { client?: unknown; operation?: string }) => {
      if (!mine(context)) return;
      if (joining === 0) since = Date.now();
      joining++;
    },
    end: none,
    asyncStart: none,
    error: none,
    asyncEnd: (context: { client?: unknown; operation?: string }) => {
      if (!mine(context)) return;
      joining = Math.max(0, joining - 1);
      if (joining === 0) for (const wake of waiters.splice(0)) wake();
    },
  };
  channel.subscribe(handlers);
  return {
    // A join that never told its end (a throw inside the client, say) stops counting after 30 s: commits must not
    // wait on it for ever.
    joining: () => joining > 0 && Date.now() - since < 30_000,
    // At most a second: a join whose end the channel never tells must not hold commits for ever.
    settled: () => new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1_000);
      timer.unref();
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    }),
    unsubscribe: () => {
      channel.unsubscribe(handlers);
      for (const wake of waiters.splice(0)) wake();
      waiters = [];
    },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Joins the group and starts handling. Returns at once; await `ready` to know the member has joined.
 * Throws only for options it cannot use (a concurrency below 1, say); broker trouble shows on `ready` and `done`.
 */
export function startAgentConsumer(options: AgentConsumerOptions): AgentConsumer {
  const { topic, handler, logger } = options;
  const concurrency = options.concurrency ?? 24;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency: ${concurrency} is not accepted; expected a whole number of 1 or more`);
  const partitionConcurrency = options.partitionConcurrency ?? 4;
  if (!Number.isInteger(partitionConcurrency) || partitionConcurrency < 1) {
    throw new Error(`partitionConcurrency: ${partitionConcurrency} is not accepted; expected a whole number of 1 or more`);
  }
  const retryInitialMs = options.retryInitialMs ?? 500;
  const retryMaxMs = options.retryMaxMs ?? 30_000;
  const maxBuffered = options.maxBuffered ?? 5_000;
  const sessionTimeout = options.sessionTimeoutMs ?? 45_000;
  const fallbackMode = options.autoOffsetReset ?? 'earliest';

  // The first refusal the client met (see src/kafka/failure.ts): the consumer gives up on it instead of retrying.
  let refused: KafkaConnectionError | undefined;
  let readySettled = false;
  const RETRY_DELAY_MS = 250;
  const retryDelay = (_client: unknown, _operation: string, _attempt: number, _retries: number, error: Error): number => {
    // Once refused, the consumer is closing: what the client still retries (leaving the group, which the refusing
    // brokers cannot take either) only holds the process up, so it goes without waiting.
    if (refused) return 0;
    const failure = kafkaFailure(error);
    if (failure && failure.reason !== 'unreachable') {
      refused = failure;
      // After this callback returns the client schedules the retry and listens for its close: closing ends the wait.
      setImmediate(() => void giveUp(failure));
    }
    return RETRY_DELAY_MS;
  };

  const consumer = new Consumer({
    clientId: options.clientId ?? 'port-ci-agent',
    groupId: options.groupId,
    bootstrapBrokers: options.brokers,
    ...clientSecurity(options),
    sessionTimeout,
    heartbeatInterval: options.heartbeatIntervalMs ?? Math.min(3_000, Math.floor(sessionTimeout / 3)),
    // A broker that restarts is back within seconds: the client's own retries carry requests across that.
    retries: 20,
    retryDelay,
  });

  // close(true) closes the member's streams too; the promise form of close() takes no force flag.
  const joins = watchJoins(consumer);
  const closeConsumer = () =>
    new Promise<void>((resolve, reject) => consumer.close(true, (error) => (error ? reject(error) : resolve()))).finally(() => joins.unsubscribe());

  const lanes = new Map<number, Lane>();
  // Revoked lanes with records still in the handler: if the partition comes back to this member, its new lane
  // waits for them, so one record is never in the handler twice at once.
  const revokedRunning = new Map<number, Lane>();
  const counters = emptyCounters();
  let assigned = new Set<number>();
  let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  let streamAlive = false;
  let joined = false;
  let stopping = false;
  let closed = false;
  let inFlight = 0;
  let following = 0;
  let buffered = 0;
  let paused = false;
  let commitRunning = false;
  let commitAgain = false;
  let retryTimer: NodeJS.Timeout | undefined;
  const settledWaiters = new Set<() => void>();

  let resolveDone!: () => void;
  let rejectDone!: (error: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  // A caller that only awaits `ready` must not see an unhandled rejection from `done`.
  done.catch(() => undefined);

  const origin = (record: Message<Buffer, Buffer, Buffer, Buffer>): RecordOrigin => ({
    topic: record.topic,
    partition: record.partition,
    offset: record.offset.toString(),
    ...(record.key && record.key.length > 0 ? { key: record.key.toString('utf8') } : {}),
  });

  const notifySettled = () => {
    for (const waiter of settledWaiters) waiter();
  };

  const flowControl = () => {
    if (!stream || !streamAlive) return;
    if (!paused && buffered >= maxBuffered) {
      paused = true;
      stream.pause();
    } else if (paused && buffered <= maxBuffered / 2 && !stopping) {
      paused = false;
      stream.resume();
    }
  };

  /** The entry no longer counts among the buffered records (done, or dropped with its lane). */
  const forget = (entry: Entry) => {
    if (entry.gone) return;
    entry.gone = true;
    buffered--;
  };

  /** Starts the next records, lane by lane, while there is room in the handler. */
  const pump = () => {
    if (stopping || closed) return;
    const now = Date.now();
    let soonest = Infinity;
    for (const lane of lanes.values()) {
      if (inFlight >= concurrency) break;
      if (lane.pending.length === 0 || revokedRunning.has(lane.partition)) continue;
      if (lane.retrying) {
        if (lane.retrying.state !== 'waiting') continue;
        if (lane.retryAt > now) soonest = Math.min(soonest, lane.retryAt);
        else void work(lane, lane.retrying);
        continue;
      }
      // Keys ahead in the lane that are waiting or in the handler: a later record of one of them waits its turn.
      const busy = new Set<string>();
      let looked = 0;
      for (const entry of lane.pending) {
        if (lane.running >= partitionConcurrency || inFlight >= concurrency || looked >= LOOKAHEAD) break;
        if (entry.state === 'following') continue;
        if (entry.state === 'running') {
          busy.add(entry.key);
          continue;
        }
        looked++;
        if (busy.has(entry.key)) continue;
        busy.add(entry.key);
        void work(lane, entry);
      }
    }
    if (soonest !== Infinity && !retryTimer) {
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        pump();
      }, soonest - now);
      retryTimer.unref();
    }
  };

  /** The entry is done: it leaves the lane, whose commit point may move on. */
  const finish = (lane: Lane, entry: Entry) => {
    forget(entry);
    flowControl();
    if (lane.revoked) return;
    const index = lane.pending.indexOf(entry);
    if (index >= 0) lane.pending.splice(index, 1);
    lane.progressed = true;
    void commit();
  };

  const work = async (lane: Lane, entry: Entry) => {
    const record = entry.record!;
    const where = origin(record);
    entry.state = 'running';
    lane.running++;
    inFlight++;
    try {
      const result = await handler.handle(record.value ?? Buffer.alloc(0), where, lane.release.signal);
      counters.settled[result.outcome] = (counters.settled[result.outcome] ?? 0) + 1;
      if (lane.retrying === entry) lane.retrying = undefined;
      lane.attempts = 0;
      const fields = { topic, partition: lane.partition, offset: where.offset, runId: result.runId, outcome: result.outcome, detail: result.detail };
      if (lane.revoked) {
        forget(entry);
        logger.log('warn', 'settled after its partition was revoked: not committed (the new owner redelivers it)', fields);
      } else {
        // A run that could not be handled, or whose send cannot be known, is one an operator may need to look at.
        logger.log(result.outcome === 'poison' || result.outcome === 'uncertain' ? 'warn' : 'info', 'record settled', { ...fields, ...(result.following ? { following: true } : {}) });
        if (result.following) follow(lane, entry, result.following, fields);
        else finish(lane, entry);
      }
    } catch (error) {
      counters.failed++;
      if (lane.revoked) {
        forget(entry);
        logger.log('warn', 'handler failed after its partition was revoked: left to the new owner', { topic, partition: lane.partition, offset: where.offset, detail: message(error) });
        return;
      }
      entry.state = 'waiting';
      lane.retrying = entry;
      lane.attempts++;
      const wait = Math.min(retryMaxMs, retryInitialMs * 2 ** Math.min(lane.attempts - 1, 30));
      lane.retryAt = Date.now() + wait;
      logger.log('warn', 'handler failed: the record stays uncommitted and is retried', {
        topic,
        partition: lane.partition,
        offset: where.offset,
        attempt: lane.attempts,
        retryInMs: wait,
        detail: message(error),
      });
    } finally {
      lane.running--;
      if (lane.running === 0 && revokedRunning.get(lane.partition) === lane) revokedRunning.delete(lane.partition);
      inFlight--;
      notifySettled();
      pump();
    }
  };

  /** The record's handler goes on following what it started: the record is done when the follow ends. */
  const follow = (lane: Lane, entry: Entry, until: Promise<void>, fields: LogFields) => {
    entry.state = 'following';
    following++;
    // A followed record no longer counts against maxBuffered: hours of pipelines must not pause the fetching of
    // new runs. What it holds until its follow ends is one small object in its lane.
    forget(entry);
    entry.record = undefined;
    flowControl();
    const ended = () => {
      following--;
      notifySettled();
      // A follow that let go (the partition was revoked, the agent is stopping) leaves its record uncommitted, so
      // whoever takes the partition next finds the run handed on and follows it again.
      if (lane.release.signal.aborted) {
        forget(entry);
        return;
      }
      logger.log('info', 'follow ended', fields);
      finish(lane, entry);
    };
    until.then(ended, (error: unknown) => {
      // The contract says a follow never rejects; if one does, its record is left for the next delivery.
      logger.log('error', 'a follow failed: its record is left uncommitted for the next delivery', { ...fields, detail: message(error) });
      following--;
      notifySettled();
    });
  };

  /** One commit request at a time, carrying every live lane's newest commit point. */
  const commit = async (): Promise<void> => {
    if (commitRunning) {
      commitAgain = true;
      return;
    }
    commitRunning = true;
    try {
      do {
        commitAgain = false;
        const offsets = [...lanes.values()].flatMap((lane) => {
          const offset = lane.revoked ? undefined : commitPoint(lane);
          return offset !== undefined && (lane.committed === undefined || offset > lane.committed) ? [{ lane, offset }] : [];
        });
        if (offsets.length === 0 || closed) break;
        // While the member (re)joins its group a commit cannot succeed, and the client, meeting the rebalance, would
        // rejoin by itself beside the join under way: the broker then restarts the rebalance, over and over while
        // commits keep coming (seconds to minutes without a fetch; see bench/agent.md). The offsets wait for the join.
        if (joins.joining()) {
          logger.log('debug', 'commit waits for the group join under way', { topic });
          await joins.settled();
          commitAgain = true;
          continue;
        }
        try {
          await consumer.commit({ offsets: offsets.map(({ lane, offset }) => ({ topic, partition: lane.partition, offset, leaderEpoch: -1 })) });
          counters.commits++;
          for (const { lane, offset } of offsets) if (lane.committed === undefined || offset > lane.committed) lane.committed = offset;
          logger.log('debug', 'committed', { topic, partitions: offsets.map(({ lane, offset }) => `${lane.partition}@${offset}`).join(',') });
        } catch (error) {
          // A rebalance in progress, a broker away: the offsets stay due, and go with the next commit (after the
          // rejoin, and only for partitions still held).
          logger.log('warn', 'commit failed; retrying', { topic, detail: message(error) });
          if (closed) break;
          await sleep(250);
          commitAgain = true;
        }
      } while (commitAgain);
    } finally {
      commitRunning = false;
      notifySettled();
    }
  };

  const onRecord = (record: Message<Buffer, Buffer, Buffer, Buffer>) => {
    if (record.topic !== topic || stopping) return;
    if (!assigned.has(record.partition)) return;
    let lane = lanes.get(record.partition);
    if (!lane) {
      lane = { partition: record.partition, pending: [], next: -1n, progressed: false, running: 0, attempts: 0, retryAt: 0, revoked: false, release: new AbortController() };
      lanes.set(record.partition, lane);
    }
    // After a rejoin or a new stream, the stream starts again from the committed offset: what this lane already
    // holds, or has done, comes again and is not taken twice.
    if (record.offset < lane.next) return;
    lane.next = record.offset + 1n;
    const key = record.key && record.key.length > 0 ? `k:${record.key.toString('utf8')}` : `o:${record.offset}`;
    lane.pending.push({ record, offset: record.offset, key, state: 'waiting', gone: false });
    buffered++;
    counters.consumed++;
    flowControl();
    pump();
  };

  const onJoin = (payload: { assignments?: { topic: string; partitions: number[] }[] }) => {
    const mine = new Set(payload.assignments?.find((assignment) => assignment.topic === topic)?.partitions ?? []);
    for (const [partition, lane] of lanes) {
      if (mine.has(partition)) continue;
      lane.revoked = true;
      lane.release.abort();
      lanes.delete(partition);
      let dropped = 0;
      for (const entry of lane.pending) {
        if (entry.state === 'running') continue;
        if (entry.state === 'waiting') dropped++;
        forget(entry);
      }
      flowControl();
      if (lane.running > 0) revokedRunning.set(partition, lane);
      logger.log('info', 'partition revoked', { topic, partition, inFlight: lane.running, dropped });
    }
    assigned = mine;
    joined = true;
    logger.log('info', 'joined the group', { topic, memberId: consumer.memberId ?? undefined, generation: consumer.generationId, partitions: [...mine].sort((a, b) => a - b).join(',') });
  };

  consumer.on('consumer:group:join', onJoin);
  // The client emits 'error' when a rejoin fails (a broker away longer than its retries): without a listener Node
  // would end the process. The member rejoins when its stream is opened again.
  consumer.on('error', (error: unknown) => {
    joined = false;
    logger.log('warn', 'the group membership failed', { topic, detail: message(error) });
  });
  consumer.on('consumer:group:leave', () => {
    joined = false;
  });

  const openStream = async () => {
    const opened = await consumer.consume({ topics: [topic], autocommit: false, mode: 'committed', fallbackMode, maxWaitTime: 500 });
    stream = opened;
    streamAlive = true;
    paused = false;
    opened.on('data', onRecord);
    opened.once('error', (error) => {
      if (opened !== stream) return;
      streamAlive = false;
      if (stopping || closed) return;
      logger.log('warn', 'the stream failed; opening a new one', { topic, detail: message(error) });
      void reopen();
    });
  };

  const reopen = async () => {
    for (let attempt = 1; !stopping && !closed; attempt++) {
      await sleep(Math.min(5_000, 250 * attempt));
      if (stopping || closed) return;
      try {
        await openStream();
        logger.log('info', 'stream reopened', { topic, attempt });
        flowControl();
        return;
      } catch (error) {
        logger.log('warn', 'could not open a stream yet', { topic, attempt, detail: message(error) });
      }
    }
  };

  const ready = (async () => {
    try {
      await openStream();
      // The member joins inside consume(); its join event has set `assigned` by now.
    } catch (error) {
      // The refusal that made giveUp close the client is the reason, not the client's "closed while retrying".
      throw refused ?? kafkaFailure(error) ?? error;
    } finally {
      readySettled = true;
    }
  })();
  ready.catch((error) => {
    logger.log('error', 'could not join the group', { topic, detail: message(error) });
    closed = true;
    void closeConsumer().catch(() => undefined);
    rejectDone(error);
  });

  /**
   * A refusal ends the consumer. Before `ready`, closing the client makes its pending join fail (ready reports it).
   * After, `done` rejects at once: the client's close goes on behind it, trying to leave a group that the brokers
   * no longer let it reach (the member then drops out at its session timeout); what is in the handler is not
   * committed, and comes again to the next member.
   */
  async function giveUp(failure: KafkaConnectionError): Promise<void> {
    if (closed) return;
    if (!readySettled) {
      await closeConsumer().catch(() => undefined);
      return;
    }
    logger.log('error', 'the brokers refused the agent: stopping without committing what is in the handler', { topic, detail: failure.message });
    stopping = true;
    closed = true;
    joined = false;
    clearTimeout(retryTimer);
    for (const lane of lanes.values()) lane.release.abort();
    void closeConsumer().catch(() => undefined);
    rejectDone(failure);
  }

  const waitSettled = (until: () => boolean, deadline: number) =>
    new Promise<void>((resolve) => {
      if (until()) return resolve();
      const timer = setTimeout(finish, Math.max(0, deadline - Date.now()));
      function finish() {
        clearTimeout(timer);
        settledWaiters.delete(check);
        resolve();
      }
      function check() {
        if (until()) finish();
      }
      settledWaiters.add(check);
    });

  let stopped: Promise<StopResult> | undefined;
  const stop = (stopOptions: { drainTimeoutMs?: number } = {}): Promise<StopResult> => {
    stopped ??= (async () => {
      stopping = true;
      clearTimeout(retryTimer);
      const deadline = Date.now() + (stopOptions.drainTimeoutMs ?? 30_000);
      // Stop fetching. What waits and has not started stays in its lane, unstarted, holding the commit point
      // before it: it is left uncommitted for the next member. Follows let go, leaving theirs uncommitted too (the
      // next member follows those runs again); only records in the handler are waited for.
      const current = stream;
      if (current && streamAlive) current.pause();
      for (const lane of lanes.values()) lane.release.abort();
      logger.log('info', 'stopping: waiting for records in the handler', { topic, inFlight, following });
      await waitSettled(() => inFlight === 0, deadline);
      const abandoned = inFlight;
      if (abandoned > 0) logger.log('warn', 'drain timeout: records still in the handler are left uncommitted', { topic, abandoned });
      await commit();
      await waitSettled(() => !commitRunning, deadline);
      closed = true;
      if (current) await current.close().catch(() => undefined);
      await closeConsumer().catch((error) => logger.log('warn', 'leaving the group failed', { topic, detail: message(error) }));
      joined = false;
      logger.log('info', 'stopped', { topic, abandoned });
      resolveDone();
      return { abandoned };
    })();
    return stopped;
  };

  const abort = async (error?: unknown) => {
    stopping = true;
    closed = true;
    clearTimeout(retryTimer);
    await closeConsumer().catch(() => undefined);
    joined = false;
    if (error === undefined) resolveDone();
    else rejectDone(error);
  };

  const partitionsOfTopic = async (): Promise<number[]> => {
    const metadata = await consumer.metadata({ topics: [topic] });
    const described = metadata.topics.get(topic);
    if (!described) throw new Error(`topic ${topic} does not exist`);
    return [...Array(described.partitionsCount).keys()];
  };

  const lag = async (): Promise<Map<number, bigint>> => {
    const partitions = [...assigned].sort((a, b) => a - b);
    const result = new Map<number, bigint>();
    if (partitions.length === 0) return result;
    const [latest, committed] = await Promise.all([
      consumer.listOffsets({ topics: [topic] }),
      consumer.listCommittedOffsets({ topics: [{ topic, partitions }] }),
    ]);
    const ends = latest.get(topic) ?? [];
    const commits = committed.get(topic) ?? [];
    for (const [index, partition] of partitions.entries()) {
      const end = ends[partition];
      const at = commits[index] ?? -1n;
      if (end !== undefined) result.set(partition, at >= 0n ? end - at : end);
    }
    return result;
  };

  if (options.once) {
    void (async () => {
      try {
        await ready.catch(() => undefined);
        if (closed) return; // ready failed, and said why
        const partitions = await partitionsOfTopic();
        // The ends as of the start: what --once promises to have handled and committed before it leaves.
        const [latest, earliest] = await Promise.all([
          consumer.listOffsets({ topics: [topic] }),
          consumer.listOffsets({ topics: [topic], timestamp: -2n }),
        ]);
        const ends = latest.get(topic) ?? [];
        const starts = earliest.get(topic) ?? [];
        logger.log('info', '--once: handling up to the end as of the start', { topic, ends: partitions.map((p) => `${p}@${ends[p]}`).join(',') });
        while (!stopping && !closed) {
          const committed = (await consumer.listCommittedOffsets({ topics: [{ topic, partitions }] })).get(topic) ?? [];
          const reached = partitions.every((partition, index) => {
            const at = committed[index] ?? -1n;
            if (at >= 0n) return at >= ends[partition]!;
            // Never committed: nothing to do when the partition is empty, or when a new group starts at its end.
            return fallbackMode === 'latest' || ends[partition] === starts[partition];
          });
          if (reached) break;
          await sleep(200);
        }
        await stop();
      } catch (error) {
        if (!stopping) {
          logger.log('error', '--once failed', { topic, detail: message(error) });
          await abort(error);
        }
      }
    })();
  }

  return {
    ready,
    done,
    stop,
    abort: () => abort(),
    status: () => {
      const reason = closed ? 'stopped' : stopping ? 'stopping' : !joined ? 'not in the group' : !streamAlive ? 'the stream is reconnecting' : undefined;
      return {
        healthy: reason === undefined,
        ...(reason ? { reason } : {}),
        ...(consumer.memberId ? { memberId: consumer.memberId } : {}),
        partitions: [...assigned].sort((a, b) => a - b),
        inFlight,
        following,
        waiting: buffered - inFlight,
      };
    },
    counters: () => structuredClone(counters),
    lag,
  };
}

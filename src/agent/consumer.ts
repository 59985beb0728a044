import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { Consumer, type Message, type MessagesStream } from '@platformatic/kafka';
import { KafkaConnectionError, kafkaFailure } from './kafka-failure.js';
import type { AgentLogger } from './log.js';
import type { HandleOutcome, RecordOrigin, RunHandler } from './types.js';

/*
 * The agent's consumer half: reads the runs topic in a consumer group, hands each record to the RunHandler, and
 * commits a record's offset only once the handler has settled it. Delivery is at least once, and never loses a
 * record: a record whose handler threw is retried in place, with backoff, and nothing after it in its partition is
 * handled or committed until it settles; other partitions go on.
 *
 * Each assigned partition is a lane: records wait in offset order and are handled one at a time (order per
 * partition is order per run, since Port keys run messages by run id); up to `concurrency` lanes have a record in
 * the handler at once. Commits are decoupled from handling: one commit request at a time carries every lane's
 * newest settled offset, so a lane goes on to its next record while the previous one's commit is on the wire (a
 * Kafka 4.1 broker holds each commit about 5 ms; see bench/kafka-clients.md). When a rebalance takes a partition
 * away, its lane is dropped: what waits is forgotten and what is in the handler finishes but commits nothing, so
 * the new owner, which redelivers from the last commit, never sees an offset committed behind its back.
 */

export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

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
  /** How many records may be in the handler at once, across partitions (one per partition at most); 6 unless told. */
  concurrency?: number;
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

interface Lane {
  partition: number;
  /** Records received and not yet settled, in offset order; the first may be in the handler. */
  queue: Message<Buffer, Buffer, Buffer, Buffer>[];
  /** The offset after the newest record received: a record below it is a redelivery of one this lane holds. */
  next: bigint;
  /** The offset after the newest settled record (what a commit sends), or undefined before the first settles. */
  settled?: bigint;
  committed?: bigint;
  running: boolean;
  attempts: number;
  retryAt: number;
  /** Set when a rebalance takes the partition away: the lane's work then commits nothing. */
  revoked: boolean;
  /** Aborted when the partition is revoked or the agent stops: tells the handler's follows to let go. */
  release: AbortController;
}

const OUTCOMES: HandleOutcome[] = ['handed-on', 'duplicate', 'skipped', 'poison', 'uncertain'];

function emptyCounters(): AgentCounters {
  return { consumed: 0, settled: Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<HandleOutcome, number>, failed: 0, commits: 0 };
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
  const concurrency = options.concurrency ?? 6;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency: ${concurrency} is not accepted; expected a whole number of 1 or more`);
  const retryInitialMs = options.retryInitialMs ?? 500;
  const retryMaxMs = options.retryMaxMs ?? 30_000;
  const maxBuffered = options.maxBuffered ?? 5_000;
  const sessionTimeout = options.sessionTimeoutMs ?? 45_000;
  const fallbackMode = options.autoOffsetReset ?? 'earliest';

  // The first refusal the client met (see kafka-failure.ts): the consumer gives up on it instead of retrying.
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
    ...(options.sasl ? { sasl: options.sasl } : {}),
    ...(options.tls ? { tls: options.tls === true ? {} : options.tls } : {}),
    sessionTimeout,
    heartbeatInterval: options.heartbeatIntervalMs ?? Math.min(3_000, Math.floor(sessionTimeout / 3)),
    // A broker that restarts is back within seconds: the client's own retries carry requests across that.
    retries: 20,
    retryDelay,
  });

  // close(true) closes the member's streams too; the promise form of close() takes no force flag.
  const closeConsumer = () => new Promise<void>((resolve, reject) => consumer.close(true, (error) => (error ? reject(error) : resolve())));

  const lanes = new Map<number, Lane>();
  // Revoked lanes whose record is still in the handler: if the partition comes back to this member, its new lane
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

  const forget = (_lane: Lane, count: number) => {
    buffered -= count;
    flowControl();
  };

  /** Starts the next records, lane by lane, while there is room in the handler. */
  const pump = () => {
    if (stopping || closed) return;
    const now = Date.now();
    let soonest = Infinity;
    for (const lane of lanes.values()) {
      if (inFlight >= concurrency) break;
      if (lane.running || lane.queue.length === 0 || revokedRunning.has(lane.partition)) continue;
      if (lane.retryAt > now) {
        soonest = Math.min(soonest, lane.retryAt);
        continue;
      }
      void work(lane);
    }
    if (soonest !== Infinity && !retryTimer) {
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        pump();
      }, soonest - now);
      retryTimer.unref();
    }
  };

  const work = async (lane: Lane) => {
    const record = lane.queue[0]!;
    const where = origin(record);
    lane.running = true;
    inFlight++;
    try {
      const result = await handler.handle(record.value ?? Buffer.alloc(0), where, lane.release.signal);
      counters.settled[result.outcome] = (counters.settled[result.outcome] ?? 0) + 1;
      lane.attempts = 0;
      lane.queue.shift();
      forget(lane, 1);
      const fields = { topic, partition: lane.partition, offset: where.offset, runId: result.runId, outcome: result.outcome, detail: result.detail };
      if (lane.revoked) {
        logger.log('warn', 'settled after its partition was revoked: not committed (the new owner redelivers it)', fields);
      } else {
        lane.settled = record.offset + 1n;
        // A run that could not be handled, or whose send cannot be known, is one an operator may need to look at.
        logger.log(result.outcome === 'poison' || result.outcome === 'uncertain' ? 'warn' : 'info', 'record settled', fields);
        void commit();
      }
    } catch (error) {
      counters.failed++;
      if (lane.revoked) {
        lane.queue.shift();
        forget(lane, 1);
        logger.log('warn', 'handler failed after its partition was revoked: left to the new owner', { topic, partition: lane.partition, offset: where.offset, detail: message(error) });
        return;
      }
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
      lane.running = false;
      if (revokedRunning.get(lane.partition) === lane) revokedRunning.delete(lane.partition);
      inFlight--;
      notifySettled();
      pump();
    }
  };

  /** One commit request at a time, carrying every live lane's newest settled offset. */
  const commit = async (): Promise<void> => {
    if (commitRunning) {
      commitAgain = true;
      return;
    }
    commitRunning = true;
    try {
      do {
        commitAgain = false;
        const due = [...lanes.values()].filter((lane) => !lane.revoked && lane.settled !== undefined && lane.settled !== lane.committed);
        if (due.length === 0 || closed) break;
        const offsets = due.map((lane) => ({ lane, offset: lane.settled! }));
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
      lane = { partition: record.partition, queue: [], next: -1n, running: false, attempts: 0, retryAt: 0, revoked: false, release: new AbortController() };
      lanes.set(record.partition, lane);
    }
    // After a rejoin or a new stream, the stream starts again from the committed offset: what this lane already
    // holds comes again and is not taken twice.
    if (record.offset < lane.next) return;
    lane.next = record.offset + 1n;
    lane.queue.push(record);
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
      const waiting = lane.queue.length - (lane.running ? 1 : 0);
      forget(lane, lane.queue.length - (lane.running ? 1 : 0));
      if (lane.running) {
        lane.queue.splice(1);
        revokedRunning.set(partition, lane);
      } else lane.queue.length = 0;
      logger.log('info', 'partition revoked', { topic, partition, inFlight: lane.running, dropped: waiting });
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
      // Stop fetching; what waits and has not started is left uncommitted, for the next member to take.
      const current = stream;
      if (current && streamAlive) current.pause();
      for (const lane of lanes.values()) {
        const waiting = lane.queue.length - (lane.running ? 1 : 0);
        forget(lane, waiting);
        lane.queue.splice(lane.running ? 1 : 0);
      }
      logger.log('info', 'stopping: waiting for records in the handler', { topic, inFlight });
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
        waiting: buffered - inFlight,
      };
    },
    counters: () => structuredClone(counters),
    lag,
  };
}

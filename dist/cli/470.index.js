export const id = 470;
export const ids = [470];
export const modules = {

/***/ 7593:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $$: () => (/* binding */ parseOperation),
/* harmony export */   bQ: () => (/* binding */ parseFlags),
/* harmony export */   rD: () => (/* binding */ wholeNumber),
/* harmony export */   yL: () => (/* binding */ oneOf)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);


/**
 * Strict flag parsing for one command: an unknown flag or a missing value is a UsageError that names the
 * flag and lists the ones the command takes.
 */
function parseFlags(command, args, options, allowPositionals = false) {
    try {
        return (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({ args, options, allowPositionals, strict: true });
    }
    catch (error) {
        const known = Object.keys(options)
            .map((name) => `--${name}`)
            .join(', ');
        const reason = error instanceof Error ? error.message.replace(/\s*To specify a positional argument.*$/s, '') : String(error);
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${command}: ${reason} (accepted: ${known}; see port-ci ${command} --help)`);
    }
}
/** One of a fixed set of words, or a UsageError that lists them. */
function oneOf(flag, value, accepted) {
    if (accepted.includes(value))
        return value;
    throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${flag}: "${value}" is not accepted; expected ${accepted.join(', ')}`);
}
// Durations are read the same way by every face (the actions' timeout input too).

/** A whole number within bounds, or a UsageError that names the flag and the accepted range. */
function wholeNumber(flag, text, min, max = Number.MAX_SAFE_INTEGER) {
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (Number.isSafeInteger(value) && value >= min && value <= max)
        return value;
    const range = max === Number.MAX_SAFE_INTEGER ? `from ${min}` : `from ${min} to ${max}`;
    throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${flag}: "${text}" is not accepted; expected a whole number ${range}`);
}
/**
 * A command of operations (`port-ci entity upsert ...`): the flags, the operation named first, and no flag the
 * operation does not take (`takes`; `shared` go with every one). `example` shows how a value is given, for the
 * error about a stray argument.
 */
function parseOperation(command, args, options, spec) {
    const { values, positionals } = parseFlags(command, args, options, true);
    const operation = positionals[0];
    const list = spec.operations.join(', ');
    if (operation === undefined)
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${command}: which operation? expected one of ${list} (port-ci ${command} --help)`);
    if (!spec.operations.includes(operation))
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${command}: "${operation}" is not an operation; expected one of ${list}`);
    if (positionals.length > 1)
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${command} ${operation}: unexpected argument "${positionals[1]}"; values go after their flags (${spec.example})`);
    const op = operation;
    for (const [name, value] of Object.entries(values)) {
        if (value === undefined || value === false || spec.shared.includes(name))
            continue;
        if (!spec.takes[op].includes(name))
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${command} ${op}: --${name} is not taken here; it takes ${spec.takes[op].map((flag) => `--${flag}`).join(', ')}`);
    }
    return { op, flags: values };
}


/***/ }),

/***/ 3470:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  agentCommand: () => (/* binding */ agentCommand),
  kafkaFailureLine: () => (/* binding */ kafkaFailureLine),
  parseAgentOptions: () => (/* binding */ parseAgentOptions)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/port/client.ts
var port_client = __webpack_require__(2732);
// EXTERNAL MODULE: external "node:diagnostics_channel"
var external_node_diagnostics_channel_ = __webpack_require__(3053);
// EXTERNAL MODULE: ./node_modules/@platformatic/kafka/dist/index.js + 176 modules
var dist = __webpack_require__(6253);
;// CONCATENATED MODULE: ./src/kafka/failure.ts
/*
 * Why the agent (or the dispatcher) cannot use its brokers, read out of the Kafka client's errors. The client wraps a refused SASL login,
 * a mechanism the broker does not offer and an untrusted certificate in the same retriable "Connection to HOST:PORT
 * failed." as a broker that is briefly away, and retries them all (20 times here, for a few seconds to minutes),
 * then reports only "<operation> failed 21 times.". A refusal is not mended by waiting, so the consumer gives up at
 * the first one, and the command turns the reason into a line that names the setting to fix.
 */
/** What `ready` and `done` of the agent's consumer reject with when the brokers cannot be used. */
class KafkaConnectionError extends Error {
    reason;
    broker;
    detail;
    offered;
    name = 'KafkaConnectionError';
    /** The CLI's exit code for a service that refused or could not be reached (as Port's ApiError). */
    exitCode = 3;
    constructor(reason, 
    /** `host:port` of the broker that answered so, when the client said. */
    broker, 
    /** The innermost cause in the client's or Node's words; never a credential (neither puts one in an error). */
    detail, 
    /** For 'mechanism': the mechanisms the broker offers, when it said. */
    offered = []) {
        super(`${describe(reason)}${broker ? ` at ${broker}` : ''}: ${detail}${offered.length > 0 ? ` (it offers ${offered.join(', ')})` : ''}`);
        this.reason = reason;
        this.broker = broker;
        this.detail = detail;
        this.offered = offered;
    }
}
function describe(reason) {
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
/** Every error in the tree the client builds (AggregateError lists and causes), parents before children. */
function* walk(error, depth = 0) {
    if (error === null || typeof error !== 'object' || depth > 12)
        return;
    const node = error;
    yield node;
    if (Array.isArray(node.errors))
        for (const child of node.errors)
            yield* walk(child, depth + 1);
    if (node.cause !== undefined)
        yield* walk(node.cause, depth + 1);
}
const failure_text = (value) => (typeof value === 'string' ? value : '');
/**
 * The reason the Kafka client's `error` gives for not reaching a broker: a refusal ('authentication', 'mechanism',
 * 'certificate', 'tls-handshake'), 'unreachable' when it names none, or undefined for an error that is not about
 * connecting at all.
 */
function kafkaFailure(error) {
    let broker;
    let connecting = false;
    let innermost = '';
    for (const node of walk(error)) {
        const message = failure_text(node.message);
        const code = failure_text(node.code);
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
            const offered = [...walk(node)].map((inner) => inner.response?.mechanisms).find(Array.isArray);
            return new KafkaConnectionError('mechanism', broker, 'the broker does not offer the SASL mechanism asked for', (offered ?? []).filter((item) => typeof item === 'string'));
        }
        if (CERTIFICATE_CODES.has(code))
            return new KafkaConnectionError('certificate', broker, message);
        if (message.startsWith('TLS handshake failed.') || code.startsWith('ERR_SSL_'))
            return new KafkaConnectionError('tls-handshake', broker, message);
        if (message !== '')
            innermost = message;
    }
    if (!connecting && !/^Cannot connect to any broker|Connection closed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|timed out/.test(innermost))
        return undefined;
    return new KafkaConnectionError('unreachable', broker, innermost || 'no broker answered');
}

// EXTERNAL MODULE: ./src/kafka/connection.ts
var connection = __webpack_require__(2144);
;// CONCATENATED MODULE: ./src/agent/consumer.ts




/** The offset a commit of this lane sends: its oldest record not done, or all it received. */
function commitPoint(lane) {
    if (!lane.progressed)
        return undefined;
    return lane.pending[0]?.offset ?? lane.next;
}
/** How far into a lane pump() looks past records it cannot start (a key still busy): a bound on its cost. */
const LOOKAHEAD = 64;
const OUTCOMES = ['handed-on', 'duplicate', 'skipped', 'poison', 'uncertain'];
function emptyCounters() {
    return { consumed: 0, settled: Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])), failed: 0, commits: 0 };
}
/**
 * Whether the client is joining its group now: its joins are traced on the `plt:kafka:consumer:group` tracing
 * channel (@platformatic/kafka's diagnostics), whose events name the client and the operation.
 */
function watchJoins(client) {
    const channel = (0,external_node_diagnostics_channel_.tracingChannel)('plt:kafka:consumer:group');
    let joining = 0;
    let since = 0;
    let waiters = [];
    const mine = (context) => context.client === client && context.operation === 'joinGroup';
    const none = () => undefined;
    const handlers = {
        start: (context) => {
            if (!mine(context))
                return;
            if (joining === 0)
                since = Date.now();
            joining++;
        },
        end: none,
        asyncStart: none,
        error: none,
        asyncEnd: (context) => {
            if (!mine(context))
                return;
            joining = Math.max(0, joining - 1);
            if (joining === 0)
                for (const wake of waiters.splice(0))
                    wake();
        },
    };
    channel.subscribe(handlers);
    return {
        // A join that never told its end (a throw inside the client, say) stops counting after 30 s: commits must not
        // wait on it for ever.
        joining: () => joining > 0 && Date.now() - since < 30_000,
        // At most a second: a join whose end the channel never tells must not hold commits for ever.
        settled: () => new Promise((resolve) => {
            const timer = setTimeout(resolve, 1_000);
            timer.unref();
            waiters.push(() => {
                clearTimeout(timer);
                resolve();
            });
        }),
        unsubscribe: () => {
            channel.unsubscribe(handlers);
            for (const wake of waiters.splice(0))
                wake();
            waiters = [];
        },
    };
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());
function message(error) {
    return error instanceof Error ? error.message : String(error);
}
/**
 * Joins the group and starts handling. Returns at once; await `ready` to know the member has joined.
 * Throws only for options it cannot use (a concurrency below 1, say); broker trouble shows on `ready` and `done`.
 */
function startAgentConsumer(options) {
    const { topic, handler, logger } = options;
    const concurrency = options.concurrency ?? 24;
    if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new Error(`concurrency: ${concurrency} is not accepted; expected a whole number of 1 or more`);
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
    let refused;
    let readySettled = false;
    const RETRY_DELAY_MS = 250;
    const retryDelay = (_client, _operation, _attempt, _retries, error) => {
        // Once refused, the consumer is closing: what the client still retries (leaving the group, which the refusing
        // brokers cannot take either) only holds the process up, so it goes without waiting.
        if (refused)
            return 0;
        const failure = kafkaFailure(error);
        if (failure && failure.reason !== 'unreachable') {
            refused = failure;
            // After this callback returns the client schedules the retry and listens for its close: closing ends the wait.
            setImmediate(() => void giveUp(failure));
        }
        return RETRY_DELAY_MS;
    };
    const consumer = new dist/* Consumer */.ZCf({
        clientId: options.clientId ?? 'port-ci-agent',
        groupId: options.groupId,
        bootstrapBrokers: options.brokers,
        ...(0,connection/* clientSecurity */.e)(options),
        sessionTimeout,
        heartbeatInterval: options.heartbeatIntervalMs ?? Math.min(3_000, Math.floor(sessionTimeout / 3)),
        // A broker that restarts is back within seconds: the client's own retries carry requests across that.
        retries: 20,
        retryDelay,
    });
    // close(true) closes the member's streams too; the promise form of close() takes no force flag.
    const joins = watchJoins(consumer);
    const closeConsumer = () => new Promise((resolve, reject) => consumer.close(true, (error) => (error ? reject(error) : resolve()))).finally(() => joins.unsubscribe());
    const lanes = new Map();
    // Revoked lanes with records still in the handler: if the partition comes back to this member, its new lane
    // waits for them, so one record is never in the handler twice at once.
    const revokedRunning = new Map();
    const counters = emptyCounters();
    let assigned = new Set();
    let stream;
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
    let retryTimer;
    const settledWaiters = new Set();
    let resolveDone;
    let rejectDone;
    const done = new Promise((resolve, reject) => {
        resolveDone = resolve;
        rejectDone = reject;
    });
    // A caller that only awaits `ready` must not see an unhandled rejection from `done`.
    done.catch(() => undefined);
    const origin = (record) => ({
        topic: record.topic,
        partition: record.partition,
        offset: record.offset.toString(),
        ...(record.key && record.key.length > 0 ? { key: record.key.toString('utf8') } : {}),
    });
    const notifySettled = () => {
        for (const waiter of settledWaiters)
            waiter();
    };
    const flowControl = () => {
        if (!stream || !streamAlive)
            return;
        if (!paused && buffered >= maxBuffered) {
            paused = true;
            stream.pause();
        }
        else if (paused && buffered <= maxBuffered / 2 && !stopping) {
            paused = false;
            stream.resume();
        }
    };
    /** The entry no longer counts among the buffered records (done, or dropped with its lane). */
    const forget = (entry) => {
        if (entry.gone)
            return;
        entry.gone = true;
        buffered--;
    };
    /** Starts the next records, lane by lane, while there is room in the handler. */
    const pump = () => {
        if (stopping || closed)
            return;
        const now = Date.now();
        let soonest = Infinity;
        for (const lane of lanes.values()) {
            if (inFlight >= concurrency)
                break;
            if (lane.pending.length === 0 || revokedRunning.has(lane.partition))
                continue;
            if (lane.retrying) {
                if (lane.retrying.state !== 'waiting')
                    continue;
                if (lane.retryAt > now)
                    soonest = Math.min(soonest, lane.retryAt);
                else
                    void work(lane, lane.retrying);
                continue;
            }
            // Keys ahead in the lane that are waiting or in the handler: a later record of one of them waits its turn.
            const busy = new Set();
            let looked = 0;
            for (const entry of lane.pending) {
                if (lane.running >= partitionConcurrency || inFlight >= concurrency || looked >= LOOKAHEAD)
                    break;
                if (entry.state === 'following')
                    continue;
                if (entry.state === 'running') {
                    busy.add(entry.key);
                    continue;
                }
                looked++;
                if (busy.has(entry.key))
                    continue;
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
    const finish = (lane, entry) => {
        forget(entry);
        flowControl();
        if (lane.revoked)
            return;
        const index = lane.pending.indexOf(entry);
        if (index >= 0)
            lane.pending.splice(index, 1);
        lane.progressed = true;
        void commit();
    };
    const work = async (lane, entry) => {
        const record = entry.record;
        const where = origin(record);
        entry.state = 'running';
        lane.running++;
        inFlight++;
        try {
            const result = await handler.handle(record.value ?? Buffer.alloc(0), where, lane.release.signal);
            counters.settled[result.outcome] = (counters.settled[result.outcome] ?? 0) + 1;
            if (lane.retrying === entry)
                lane.retrying = undefined;
            lane.attempts = 0;
            const fields = { topic, partition: lane.partition, offset: where.offset, runId: result.runId, outcome: result.outcome, detail: result.detail };
            if (lane.revoked) {
                forget(entry);
                logger.log('warn', 'settled after its partition was revoked: not committed (the new owner redelivers it)', fields);
            }
            else {
                // A run that could not be handled, or whose send cannot be known, is one an operator may need to look at.
                logger.log(result.outcome === 'poison' || result.outcome === 'uncertain' ? 'warn' : 'info', 'record settled', { ...fields, ...(result.following ? { following: true } : {}) });
                if (result.following)
                    follow(lane, entry, result.following, fields);
                else
                    finish(lane, entry);
            }
        }
        catch (error) {
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
        }
        finally {
            lane.running--;
            if (lane.running === 0 && revokedRunning.get(lane.partition) === lane)
                revokedRunning.delete(lane.partition);
            inFlight--;
            notifySettled();
            pump();
        }
    };
    /** The record's handler goes on following what it started: the record is done when the follow ends. */
    const follow = (lane, entry, until, fields) => {
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
        until.then(ended, (error) => {
            // The contract says a follow never rejects; if one does, its record is left for the next delivery.
            logger.log('error', 'a follow failed: its record is left uncommitted for the next delivery', { ...fields, detail: message(error) });
            following--;
            notifySettled();
        });
    };
    /** One commit request at a time, carrying every live lane's newest commit point. */
    const commit = async () => {
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
                if (offsets.length === 0 || closed)
                    break;
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
                    for (const { lane, offset } of offsets)
                        if (lane.committed === undefined || offset > lane.committed)
                            lane.committed = offset;
                    logger.log('debug', 'committed', { topic, partitions: offsets.map(({ lane, offset }) => `${lane.partition}@${offset}`).join(',') });
                }
                catch (error) {
                    // A rebalance in progress, a broker away: the offsets stay due, and go with the next commit (after the
                    // rejoin, and only for partitions still held).
                    logger.log('warn', 'commit failed; retrying', { topic, detail: message(error) });
                    if (closed)
                        break;
                    await sleep(250);
                    commitAgain = true;
                }
            } while (commitAgain);
        }
        finally {
            commitRunning = false;
            notifySettled();
        }
    };
    const onRecord = (record) => {
        if (record.topic !== topic || stopping)
            return;
        if (!assigned.has(record.partition))
            return;
        let lane = lanes.get(record.partition);
        if (!lane) {
            lane = { partition: record.partition, pending: [], next: -1n, progressed: false, running: 0, attempts: 0, retryAt: 0, revoked: false, release: new AbortController() };
            lanes.set(record.partition, lane);
        }
        // After a rejoin or a new stream, the stream starts again from the committed offset: what this lane already
        // holds, or has done, comes again and is not taken twice.
        if (record.offset < lane.next)
            return;
        lane.next = record.offset + 1n;
        const key = record.key && record.key.length > 0 ? `k:${record.key.toString('utf8')}` : `o:${record.offset}`;
        lane.pending.push({ record, offset: record.offset, key, state: 'waiting', gone: false });
        buffered++;
        counters.consumed++;
        flowControl();
        pump();
    };
    const onJoin = (payload) => {
        const mine = new Set(payload.assignments?.find((assignment) => assignment.topic === topic)?.partitions ?? []);
        for (const [partition, lane] of lanes) {
            if (mine.has(partition))
                continue;
            lane.revoked = true;
            lane.release.abort();
            lanes.delete(partition);
            let dropped = 0;
            for (const entry of lane.pending) {
                if (entry.state === 'running')
                    continue;
                if (entry.state === 'waiting')
                    dropped++;
                forget(entry);
            }
            flowControl();
            if (lane.running > 0)
                revokedRunning.set(partition, lane);
            logger.log('info', 'partition revoked', { topic, partition, inFlight: lane.running, dropped });
        }
        assigned = mine;
        joined = true;
        logger.log('info', 'joined the group', { topic, memberId: consumer.memberId ?? undefined, generation: consumer.generationId, partitions: [...mine].sort((a, b) => a - b).join(',') });
    };
    consumer.on('consumer:group:join', onJoin);
    // The client emits 'error' when a rejoin fails (a broker away longer than its retries): without a listener Node
    // would end the process. The member rejoins when its stream is opened again.
    consumer.on('error', (error) => {
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
            if (opened !== stream)
                return;
            streamAlive = false;
            if (stopping || closed)
                return;
            logger.log('warn', 'the stream failed; opening a new one', { topic, detail: message(error) });
            void reopen();
        });
    };
    const reopen = async () => {
        for (let attempt = 1; !stopping && !closed; attempt++) {
            await sleep(Math.min(5_000, 250 * attempt));
            if (stopping || closed)
                return;
            try {
                await openStream();
                logger.log('info', 'stream reopened', { topic, attempt });
                flowControl();
                return;
            }
            catch (error) {
                logger.log('warn', 'could not open a stream yet', { topic, attempt, detail: message(error) });
            }
        }
    };
    const ready = (async () => {
        try {
            await openStream();
            // The member joins inside consume(); its join event has set `assigned` by now.
        }
        catch (error) {
            // The refusal that made giveUp close the client is the reason, not the client's "closed while retrying".
            throw refused ?? kafkaFailure(error) ?? error;
        }
        finally {
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
    async function giveUp(failure) {
        if (closed)
            return;
        if (!readySettled) {
            await closeConsumer().catch(() => undefined);
            return;
        }
        logger.log('error', 'the brokers refused the agent: stopping without committing what is in the handler', { topic, detail: failure.message });
        stopping = true;
        closed = true;
        joined = false;
        clearTimeout(retryTimer);
        for (const lane of lanes.values())
            lane.release.abort();
        void closeConsumer().catch(() => undefined);
        rejectDone(failure);
    }
    const waitSettled = (until, deadline) => new Promise((resolve) => {
        if (until())
            return resolve();
        const timer = setTimeout(finish, Math.max(0, deadline - Date.now()));
        function finish() {
            clearTimeout(timer);
            settledWaiters.delete(check);
            resolve();
        }
        function check() {
            if (until())
                finish();
        }
        settledWaiters.add(check);
    });
    let stopped;
    const stop = (stopOptions = {}) => {
        stopped ??= (async () => {
            stopping = true;
            clearTimeout(retryTimer);
            const deadline = Date.now() + (stopOptions.drainTimeoutMs ?? 30_000);
            // Stop fetching. What waits and has not started stays in its lane, unstarted, holding the commit point
            // before it: it is left uncommitted for the next member. Follows let go, leaving theirs uncommitted too (the
            // next member follows those runs again); only records in the handler are waited for.
            const current = stream;
            if (current && streamAlive)
                current.pause();
            for (const lane of lanes.values())
                lane.release.abort();
            logger.log('info', 'stopping: waiting for records in the handler', { topic, inFlight, following });
            await waitSettled(() => inFlight === 0, deadline);
            const abandoned = inFlight;
            if (abandoned > 0)
                logger.log('warn', 'drain timeout: records still in the handler are left uncommitted', { topic, abandoned });
            await commit();
            await waitSettled(() => !commitRunning, deadline);
            closed = true;
            if (current)
                await current.close().catch(() => undefined);
            await closeConsumer().catch((error) => logger.log('warn', 'leaving the group failed', { topic, detail: message(error) }));
            joined = false;
            logger.log('info', 'stopped', { topic, abandoned });
            resolveDone();
            return { abandoned };
        })();
        return stopped;
    };
    const abort = async (error) => {
        stopping = true;
        closed = true;
        clearTimeout(retryTimer);
        await closeConsumer().catch(() => undefined);
        joined = false;
        if (error === undefined)
            resolveDone();
        else
            rejectDone(error);
    };
    const partitionsOfTopic = async () => {
        const metadata = await consumer.metadata({ topics: [topic] });
        const described = metadata.topics.get(topic);
        if (!described)
            throw new Error(`topic ${topic} does not exist`);
        return [...Array(described.partitionsCount).keys()];
    };
    const lag = async () => {
        const partitions = [...assigned].sort((a, b) => a - b);
        const result = new Map();
        if (partitions.length === 0)
            return result;
        const [latest, committed] = await Promise.all([
            consumer.listOffsets({ topics: [topic] }),
            consumer.listCommittedOffsets({ topics: [{ topic, partitions }] }),
        ]);
        const ends = latest.get(topic) ?? [];
        const commits = committed.get(topic) ?? [];
        for (const [index, partition] of partitions.entries()) {
            const end = ends[partition];
            const at = commits[index] ?? -1n;
            if (end !== undefined)
                result.set(partition, at >= 0n ? end - at : end);
        }
        return result;
    };
    if (options.once) {
        void (async () => {
            try {
                await ready.catch(() => undefined);
                if (closed)
                    return; // ready failed, and said why
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
                        if (at >= 0n)
                            return at >= ends[partition];
                        // Never committed: nothing to do when the partition is empty, or when a new group starts at its end.
                        return fallbackMode === 'latest' || ends[partition] === starts[partition];
                    });
                    if (reached)
                        break;
                    await sleep(200);
                }
                await stop();
            }
            catch (error) {
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

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
;// CONCATENATED MODULE: ./src/agent/health-server.ts

/*
 * /healthz and /metrics for the agent, on node:http: a liveness or readiness probe asks /healthz (200 while the
 * member is in its group with a live stream, 503 with the reason otherwise), and Prometheus scrapes /metrics.
 */
function line(name, value, labels = {}) {
    const text = Object.entries(labels)
        .map(([key, label]) => `${key}="${String(label).replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`)
        .join(',');
    return `${name}${text ? `{${text}}` : ''} ${value}\n`;
}
/** The Prometheus text exposition of the agent's counters and gauges; lag is asked of the broker at each scrape. */
async function metricsText(agent, topic) {
    const counters = agent.counters();
    const status = agent.status();
    let out = '';
    out += '# HELP port_ci_agent_records_consumed_total Records received from the runs topic (redeliveries included).\n# TYPE port_ci_agent_records_consumed_total counter\n';
    out += line('port_ci_agent_records_consumed_total', counters.consumed, { topic });
    out += '# HELP port_ci_agent_handed_on_total Records the run handler settled, by outcome.\n# TYPE port_ci_agent_handed_on_total counter\n';
    for (const [outcome, count] of Object.entries(counters.settled))
        out += line('port_ci_agent_handed_on_total', count, { topic, outcome });
    out += '# HELP port_ci_agent_failed_total Times the run handler threw (the record stays uncommitted and is retried).\n# TYPE port_ci_agent_failed_total counter\n';
    out += line('port_ci_agent_failed_total', counters.failed, { topic });
    out += '# HELP port_ci_agent_commits_total Offset commits the broker accepted.\n# TYPE port_ci_agent_commits_total counter\n';
    out += line('port_ci_agent_commits_total', counters.commits, { topic });
    out += '# HELP port_ci_agent_in_flight Records in the run handler now.\n# TYPE port_ci_agent_in_flight gauge\n';
    out += line('port_ci_agent_in_flight', status.inFlight, { topic });
    out += '# HELP port_ci_agent_following Runs handed on that the agent is still following (--follow); their offsets wait to be committed.\n# TYPE port_ci_agent_following gauge\n';
    out += line('port_ci_agent_following', status.following, { topic });
    out += '# HELP port_ci_agent_up 1 while the member is in its group with a live stream.\n# TYPE port_ci_agent_up gauge\n';
    out += line('port_ci_agent_up', status.healthy ? 1 : 0, { topic });
    out += '# HELP port_ci_agent_lag Records after the group\'s committed offset, per partition this member holds.\n# TYPE port_ci_agent_lag gauge\n';
    try {
        for (const [partition, lag] of await agent.lag())
            out += line('port_ci_agent_lag', lag, { topic, partition });
    }
    catch {
        // The broker is away: the scrape still answers, without lag, and port_ci_agent_up says why.
    }
    return out;
}
/** Listens on `host:port` (127.0.0.1 unless told; 0.0.0.0 for a pod) and serves /healthz and /metrics. */
async function startHealthServer(agent, options) {
    const server = (0,external_node_http_.createServer)((request, response) => {
        const url = new URL(request.url ?? '/', 'http://agent');
        if (request.method !== 'GET' && request.method !== 'HEAD') {
            response.writeHead(405, { allow: 'GET, HEAD' }).end();
            return;
        }
        if (url.pathname === '/healthz') {
            const status = agent.status();
            response.writeHead(status.healthy ? 200 : 503, { 'content-type': 'application/json' });
            response.end(JSON.stringify(status));
            return;
        }
        if (url.pathname === '/metrics') {
            metricsText(agent, options.topic).then((text) => response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text), (error) => response.writeHead(500).end(String(error)));
            return;
        }
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: this server answers /healthz and /metrics\n');
    });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
    });
    const port = server.address().port;
    options.logger.log('info', 'health and metrics server listening', { host: options.host ?? '127.0.0.1', port });
    return {
        port,
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
}

;// CONCATENATED MODULE: ./src/agent/log.ts
/*
 * The agent's own log: one JSON object per line on standard error, so a log shipper (Loki, CloudWatch, a
 * Kubernetes node agent) can index it without a parser of ours. Callers pass only what is safe to show: record
 * origins, run ids, outcomes and one-line details; never a record's value, its headers or a credential.
 */
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'];
/**
 * A logger that writes a line `{"time","level","msg",...fields}` for each call at or above `level` (info unless
 * told). Fields left undefined are not written.
 */
function createJsonLogger(options = {}) {
    const threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
    const write = options.write ?? ((line) => process.stderr.write(line));
    return {
        log(level, msg, fields = {}) {
            if (LOG_LEVELS.indexOf(level) < threshold)
                return;
            write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
        },
    };
}

;// CONCATENATED MODULE: ./src/agent/shutdown.ts
/**
 * Stops the agent gracefully on the first SIGTERM or SIGINT (stop fetching, let in-flight records settle for up to
 * `drainTimeoutMs`, commit, leave the group) and exits at once on the second, as an operator pressing Ctrl-C twice
 * means. Returns a function that removes the handlers.
 */
function stopOnSignals(agent, options) {
    const exit = options.exit ?? ((code) => process.exit(code));
    let signalled = false;
    const onSignal = (signal) => {
        if (signalled) {
            options.logger.log('warn', `second ${signal}: exiting now; records in the handler are left uncommitted`);
            // 128 + the signal's number, as a shell reports a process a signal ended.
            exit(signal === 'SIGINT' ? 130 : 143);
            return;
        }
        signalled = true;
        options.logger.log('info', `${signal}: stopping (a second signal exits at once)`, { drainTimeoutMs: options.drainTimeoutMs });
        void agent.stop({ drainTimeoutMs: options.drainTimeoutMs });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    return () => {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
    };
}

// EXTERNAL MODULE: ./src/cli/args.ts
var args = __webpack_require__(7593);
// EXTERNAL MODULE: ./src/cli/kafka-options.ts
var kafka_options = __webpack_require__(7503);
;// CONCATENATED MODULE: ./src/cli/commands/agent.ts









const usage = `Usage: port-ci agent [options]

Port's execution agent: reads the organisation's runs topic in a Kafka consumer group and hands each run on to
its backend (a webhook, a GitLab pipeline) as the mapping file says. A run's offset is committed only once it is
handed on and recorded in Port; a run that fails to be handed on is retried in place, holding back only its
partition. Several agents in one group share the topic's partitions. It reads port-agent's environment names, so
either can replace the other. Logs: one JSON object per line on standard error.

Each option is also read from the environment variable it names ($NAME); a flag wins.

Options:
  --org-id ID                 your Port organisation id ($PORT_ORG_ID; required)
  --group-id ID               the consumer group; must start with the org id ($KAFKA_CONSUMER_GROUP_ID; required)
  --topic NAME                the runs topic ($KAFKA_RUNS_TOPIC, else ORG_ID.runs)
  --brokers HOST:PORT,...     a Kafka of your own ($KAFKA_CONSUMER_BOOTSTRAP_SERVERS); without it the
                              brokers and credentials are the ones Port hands out for your organisation
  --security-protocol P       PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL ($KAFKA_CONSUMER_SECURITY_PROTOCOL;
                              default SASL_SSL for Port's brokers, PLAINTEXT for --brokers)
  --sasl-mechanism M          PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 ($KAFKA_CONSUMER_AUTHENTICATION_MECHANISM;
                              default SCRAM-SHA-512); with --brokers the credentials are $KAFKA_CONSUMER_USERNAME
                              and $KAFKA_CONSUMER_PASSWORD
  --session-timeout-ms MS     the group session timeout ($KAFKA_CONSUMER_SESSION_TIMEOUT_MS; default 45000)
  --auto-offset-reset WHERE   where a partition the group never committed starts: earliest or latest
                              (smallest, largest too) ($KAFKA_CONSUMER_AUTO_OFFSET_RESET; default earliest)
  --concurrency N             runs in hand at once, across partitions (default 24)
  --partition-concurrency N   runs of one partition in hand at once, never two of one run (default 4)
  --drain-timeout SECONDS     on SIGTERM, how long runs in flight may take to finish (default 30)
  --metrics-port PORT         serve /healthz and /metrics on this port (default: no server)
  --metrics-host HOST         the address it listens on (default 0.0.0.0, for a pod's probes)
  --once                      handle the topic up to its end as of the start, commit, leave, exit 0
  --log-level LEVEL           debug, info, warn or error ($LOG_LEVEL; default info)
  --client-id ID              Kafka's client.id (default port-ci-agent)
  --base-url URL              Port's API, or a region: eu, us ($PORT_API_BASE_URL or $PORT_BASE_URL,
                              else https://api.getport.io)
  --gitlab-url URL            the GitLab that pipelines are triggered on ($GITLAB_URL; default https://gitlab.com/)
  --mapping FILE              the mapping file ($CONTROL_THE_PAYLOAD_CONFIG_PATH; default
                              ./control_the_payload_config.json when it exists, else the built-in WEBHOOK and
                              GITLAB entries)
  --follow                    follow what a run started and end the run with its result ($PORT_CI_AGENT_FOLLOW):
                              a GitLab pipeline (read with $PORT_GITLAB_TOKEN or $GITLAB_TOKEN, read_api: a
                              trigger token cannot read it), a GitHub workflow run dispatched with
                              return_run_details (read with the request's Authorization), a webhook's 202
                              Accepted Location; a run's offset is committed once its follow ends, and an agent
                              that restarts takes the follow up again from the run's log
  --follow-interval SECONDS   how often a followed run is looked at ($PORT_CI_AGENT_FOLLOW_INTERVAL; default 10)
  --follow-limit MINUTES      how long a run is followed at most; then the agent says so on the run's log and
                              leaves the run as it is ($PORT_CI_AGENT_FOLLOW_LIMIT; default 360)
  --follow-rate LOOKS         looks a second across all followed runs, each a read of the backend and of Port;
                              more runs stretch the interval ($PORT_CI_AGENT_FOLLOW_RATE; default 20)

Credentials: $PORT_CLIENT_ID and $PORT_CLIENT_SECRET (required: the agent checks signatures with the secret and
reports to Port). A GitLab project's trigger token is in $GROUP_PROJECT (the group's slashes as underscores).
Brokers whose TLS certificate comes from a private CA: set $NODE_EXTRA_CA_CERTS to the CA's PEM file. When the
brokers refuse the login, the mechanism or the TLS, the agent exits 3 at once, naming the setting to fix.
SIGTERM or SIGINT stops gracefully (in-flight runs finish, offsets are committed, the group is left); a second
signal exits at once.
`;
const FLAGS = {
    'org-id': { type: 'string' },
    'group-id': { type: 'string' },
    topic: { type: 'string' },
    brokers: { type: 'string' },
    'security-protocol': { type: 'string' },
    'sasl-mechanism': { type: 'string' },
    'session-timeout-ms': { type: 'string' },
    'auto-offset-reset': { type: 'string' },
    concurrency: { type: 'string' },
    'partition-concurrency': { type: 'string' },
    'drain-timeout': { type: 'string' },
    'metrics-port': { type: 'string' },
    'metrics-host': { type: 'string' },
    once: { type: 'boolean', default: false },
    'log-level': { type: 'string' },
    'client-id': { type: 'string' },
    'base-url': { type: 'string' },
    'gitlab-url': { type: 'string' },
    mapping: { type: 'string' },
    follow: { type: 'boolean' },
    'follow-interval': { type: 'string' },
    'follow-limit': { type: 'string' },
    'follow-rate': { type: 'string' },
};
function wholeNumber(given, fallback, min, max, unit) {
    if (!given)
        return fallback;
    const value = /^\d+$/.test(given.text) ? Number(given.text) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
        throw new errors/* UsageError */.eb(`${given.source}: "${given.text}" is not accepted; expected ${unit} from ${min} to ${max}`);
    }
    return value;
}
function httpUrl(given, fallback) {
    if (!given)
        return fallback;
    let url;
    try {
        url = new URL(given.text);
    }
    catch {
        throw new errors/* UsageError */.eb(`${given.source}: "${given.text}" is not a URL; expected https://...`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new errors/* UsageError */.eb(`${given.source}: "${given.text}" is not an http(s) URL; expected https://...`);
    // GitLab's API paths are appended to it (port-agent writes f"{GITLAB_URL}api/v4/..."): one trailing slash.
    return url.href.replace(/\/*$/, '/');
}
// librdkafka's aliases, which port-agent's settings pass through (its Helm chart sets "largest").
const RESETS = { EARLIEST: 'earliest', SMALLEST: 'earliest', BEGINNING: 'earliest', LATEST: 'latest', LARGEST: 'latest', END: 'latest' };
const LEVELS = { DEBUG: 'debug', INFO: 'info', WARN: 'warn', WARNING: 'warn', ERROR: 'error' };
const BOOLEANS = { TRUE: true, YES: true, '1': true, FALSE: false, NO: false, '0': false };
/**
 * Reads `port-ci agent`'s flags and port-agent's environment names into checked settings. Throws a UsageError
 * that names the flag or variable and what it accepts for every value it cannot use.
 */
function parseAgentOptions(argv, env) {
    const { values: flags } = (0,args/* parseFlags */.bQ)('agent', argv, FLAGS);
    const streamer = env.STREAMER_NAME?.trim();
    if (streamer && streamer.toUpperCase() !== 'KAFKA') {
        throw new errors/* UsageError */.eb(`STREAMER_NAME: "${streamer}" is not accepted; port-ci agent reads Kafka only: expected KAFKA or unset`);
    }
    const org = (0,kafka_options/* givenSetting */.SV)('org-id', flags['org-id'], env, 'PORT_ORG_ID');
    if (!org)
        throw new errors/* UsageError */.eb('agent: set --org-id or PORT_ORG_ID to your Port organisation id (org_...)');
    const orgId = org.text;
    const group = (0,kafka_options/* givenSetting */.SV)('group-id', flags['group-id'], env, 'KAFKA_CONSUMER_GROUP_ID');
    if (!group)
        throw new errors/* UsageError */.eb(`agent: set --group-id or KAFKA_CONSUMER_GROUP_ID to a consumer group that starts with your org id (${orgId}...)`);
    // Port's brokers let an organisation's credentials read only groups named after the organisation.
    if (!group.text.startsWith(orgId))
        throw new errors/* UsageError */.eb(`${group.source}: "${group.text}" is not accepted; it must start with the org id ${orgId}`);
    const topic = (0,kafka_options/* givenSetting */.SV)('topic', flags.topic, env, 'KAFKA_RUNS_TOPIC')?.text ?? `${orgId}.runs`;
    const local = (0,kafka_options/* givenSetting */.SV)('', undefined, env, 'USING_LOCAL_PORT_INSTANCE');
    const usingLocal = local === undefined ? undefined : BOOLEANS[local.text.toUpperCase()];
    if (local && usingLocal === undefined)
        throw new errors/* UsageError */.eb(`USING_LOCAL_PORT_INSTANCE: "${local.text}" is not accepted; expected true or false`);
    const brokersGiven = (0,kafka_options/* givenSetting */.SV)('brokers', flags.brokers, env, 'KAFKA_CONSUMER_BOOTSTRAP_SERVERS');
    if (usingLocal && !brokersGiven)
        throw new errors/* UsageError */.eb('USING_LOCAL_PORT_INSTANCE is true: set --brokers or KAFKA_CONSUMER_BOOTSTRAP_SERVERS to your Kafka');
    const ownKafka = brokersGiven !== undefined;
    const securityProtocol = (0,kafka_options/* chosen */.FV)((0,kafka_options/* givenSetting */.SV)('security-protocol', flags['security-protocol'], env, 'KAFKA_CONSUMER_SECURITY_PROTOCOL'), kafka_options/* SECURITY_PROTOCOLS */.nP) ?? (ownKafka ? 'PLAINTEXT' : 'SASL_SSL');
    const mechanismGiven = (0,kafka_options/* givenSetting */.SV)('sasl-mechanism', flags['sasl-mechanism'], env, 'KAFKA_CONSUMER_AUTHENTICATION_MECHANISM');
    const mechanism = (0,kafka_options/* chosen */.FV)(mechanismGiven, kafka_options/* SASL_MECHANISMS */.Xj);
    const usesSasl = securityProtocol.startsWith('SASL_');
    if (usesSasl && mechanism === 'NONE')
        throw new errors/* UsageError */.eb(`${mechanismGiven.source}: "none" is not accepted with ${securityProtocol}; expected PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512`);
    const saslMechanism = usesSasl ? (mechanism ?? 'SCRAM-SHA-512') : undefined;
    if (!ownKafka && !usesSasl) {
        throw new errors/* UsageError */.eb(`KAFKA_CONSUMER_SECURITY_PROTOCOL: ${securityProtocol} is not accepted for Port's brokers, which take SASL_SSL; set --brokers for a Kafka of your own`);
    }
    let kafka;
    if (ownKafka) {
        const username = env.KAFKA_CONSUMER_USERNAME?.trim() || undefined;
        const password = env.KAFKA_CONSUMER_PASSWORD || undefined;
        if (usesSasl && (!username || !password))
            throw new errors/* UsageError */.eb(`agent: ${securityProtocol} to your own brokers needs KAFKA_CONSUMER_USERNAME and KAFKA_CONSUMER_PASSWORD`);
        kafka = { from: 'given', brokers: (0,kafka_options/* brokerList */.QN)(brokersGiven), ...(usesSasl ? { username, password } : {}) };
    }
    else
        kafka = { from: 'port' };
    const clientId = env.PORT_CLIENT_ID?.trim();
    const clientSecret = env.PORT_CLIENT_SECRET;
    if (!clientId || !clientSecret)
        throw new errors/* UsageError */.eb('agent: set PORT_CLIENT_ID and PORT_CLIENT_SECRET (the agent checks run signatures with the secret and reports to Port)');
    const baseGiven = (0,kafka_options/* givenSetting */.SV)('base-url', flags['base-url'], env, 'PORT_API_BASE_URL') ?? (0,kafka_options/* givenSetting */.SV)('', undefined, env, 'PORT_BASE_URL');
    let baseUrl;
    try {
        baseUrl = (0,port_client/* resolveBaseUrl */.xj)(baseGiven?.text);
    }
    catch (error) {
        throw new errors/* UsageError */.eb(String(error.message).replace(/^PORT_BASE_URL/, baseGiven.source));
    }
    const follow = parseFollow(flags, env);
    const metricsPort = (0,kafka_options/* givenSetting */.SV)('metrics-port', flags['metrics-port'], env);
    const port = metricsPort === undefined ? undefined : wholeNumber(metricsPort, 0, 0, 65535, 'a port');
    const logLevel = (0,kafka_options/* chosen */.FV)((0,kafka_options/* givenSetting */.SV)('log-level', flags['log-level'], env, 'LOG_LEVEL'), LEVELS) ?? 'info';
    return {
        orgId,
        groupId: group.text,
        topic,
        clientId: (0,kafka_options/* givenSetting */.SV)('client-id', flags['client-id'], env)?.text ?? 'port-ci-agent',
        kafka,
        securityProtocol,
        ...(saslMechanism ? { saslMechanism } : {}),
        sessionTimeoutMs: wholeNumber((0,kafka_options/* givenSetting */.SV)('session-timeout-ms', flags['session-timeout-ms'], env, 'KAFKA_CONSUMER_SESSION_TIMEOUT_MS'), 45_000, 1_000, 3_600_000, 'milliseconds'),
        autoOffsetReset: (0,kafka_options/* chosen */.FV)((0,kafka_options/* givenSetting */.SV)('auto-offset-reset', flags['auto-offset-reset'], env, 'KAFKA_CONSUMER_AUTO_OFFSET_RESET'), RESETS) ?? 'earliest',
        concurrency: wholeNumber((0,kafka_options/* givenSetting */.SV)('concurrency', flags.concurrency, env), 24, 1, 1_000, 'a whole number'),
        partitionConcurrency: wholeNumber((0,kafka_options/* givenSetting */.SV)('partition-concurrency', flags['partition-concurrency'], env), 4, 1, 1_000, 'a whole number'),
        drainTimeoutMs: wholeNumber((0,kafka_options/* givenSetting */.SV)('drain-timeout', flags['drain-timeout'], env), 30, 0, 86_400, 'seconds') * 1000,
        once: flags.once ?? false,
        ...(port === undefined ? {} : { metrics: { port, host: (0,kafka_options/* givenSetting */.SV)('metrics-host', flags['metrics-host'], env)?.text ?? '0.0.0.0' } }),
        logLevel,
        port: { baseUrl, clientId, clientSecret },
        gitlabUrl: httpUrl((0,kafka_options/* givenSetting */.SV)('gitlab-url', flags['gitlab-url'], env, 'GITLAB_URL'), 'https://gitlab.com/'),
        mappingPath: (0,kafka_options/* givenSetting */.SV)('mapping', flags.mapping, env, 'CONTROL_THE_PAYLOAD_CONFIG_PATH')?.text,
        ...(follow ? { follow } : {}),
    };
}
/*
 * The follow's defaults. Every 10 s: a pipeline's end shows in Port within seconds, and a hundred runs followed at
 * once cost ten reads a second of GitLab (gitlab.com allows 2,000 API calls a minute per user) and ten of Port. At
 * most 6 h: GitHub ends a hosted runner's job at 6 h and GitLab's default job timeout is 1 h, so a run still going
 * then is more likely stuck than slow; and while a run is followed its record stays uncommitted, so what follows it
 * in its partition is delivered again after a restart (each such record costs two reads of Port, nothing sent).
 */
const FOLLOW_INTERVAL_SECONDS = 10;
const FOLLOW_LIMIT_MINUTES = 360;
/** gitlab.com allows 2,000 API calls a minute per user (33 a second): 20 leaves room for the pipelines' own jobs. */
const FOLLOW_LOOKS_PER_SECOND = 20;
/** --follow and its interval and limit, with the GitLab read token dispatch --wait uses; undefined when not following. */
function parseFollow(flags, env) {
    const asked = flags.follow ? { text: 'true', source: '--follow' } : (0,kafka_options/* givenSetting */.SV)('', undefined, env, 'PORT_CI_AGENT_FOLLOW');
    const on = asked === undefined ? false : BOOLEANS[asked.text.toUpperCase()];
    if (on === undefined)
        throw new errors/* UsageError */.eb(`${asked.source}: "${asked.text}" is not accepted; expected true or false (yes, no, 1, 0)`);
    const interval = (0,kafka_options/* givenSetting */.SV)('follow-interval', flags['follow-interval'], env, 'PORT_CI_AGENT_FOLLOW_INTERVAL');
    const limit = (0,kafka_options/* givenSetting */.SV)('follow-limit', flags['follow-limit'], env, 'PORT_CI_AGENT_FOLLOW_LIMIT');
    const rate = (0,kafka_options/* givenSetting */.SV)('follow-rate', flags['follow-rate'], env, 'PORT_CI_AGENT_FOLLOW_RATE');
    if (!on) {
        // A flag that would do nothing is a mistake worth saying; the variables may come from a chart's defaults.
        const idle = [interval, limit, rate].find((given) => given?.source.startsWith('--'));
        if (idle)
            throw new errors/* UsageError */.eb(`${idle.source}: only used with --follow (or PORT_CI_AGENT_FOLLOW=true)`);
        return undefined;
    }
    const gitlabToken = env.PORT_GITLAB_TOKEN?.trim() || env.GITLAB_TOKEN?.trim() || undefined;
    return {
        pollMs: wholeNumber(interval, FOLLOW_INTERVAL_SECONDS, 1, 3_600, 'seconds') * 1000,
        limitMs: wholeNumber(limit, FOLLOW_LIMIT_MINUTES, 1, 43_200, 'minutes') * 60_000,
        looksPerSecond: wholeNumber(rate, FOLLOW_LOOKS_PER_SECOND, 1, 1_000, 'looks a second'),
        ...(gitlabToken ? { gitlabToken } : {}),
    };
}
/** The brokers and credentials Port hands the organisation's agent, as port-agent gets them. */
async function kafkaFromPort(settings) {
    const client = new port_client/* PortClient */.F({ baseUrl: settings.port.baseUrl, clientId: settings.port.clientId, clientSecret: settings.port.clientSecret });
    return client.getKafkaCredentials();
}
/** The brokers could not be used, in one line that names the setting to fix; exit 3, as for Port refusing. */
class KafkaSetupError extends Error {
    name = 'KafkaSetupError';
    exitCode = 3;
}
/**
 * What the agent says when the brokers refused it or could not be reached: which setting to look at, by its
 * environment name (the flag too where there is one). The username is named (it is not a secret); the password never is.
 */
function kafkaFailureLine(error, settings, brokers, username) {
    const at = error.broker ?? brokers.join(',');
    const mechanism = settings.saslMechanism ?? 'none';
    const fromPort = settings.kafka.from === 'port';
    const mechanismSetting = 'KAFKA_CONSUMER_AUTHENTICATION_MECHANISM (--sasl-mechanism)';
    const protocolSetting = `KAFKA_CONSUMER_SECURITY_PROTOCOL (--security-protocol) is ${settings.securityProtocol}`;
    switch (error.reason) {
        case 'authentication':
            return fromPort
                ? `agent: Kafka at ${at} refused the SASL login (${mechanism}) with the credentials Port handed out (GET /v1/kafka-credentials); Port's brokers take SCRAM-SHA-512: check ${mechanismSetting}`
                : `agent: Kafka at ${at} refused the SASL login of user "${username ?? ''}" with ${mechanism}: check KAFKA_CONSUMER_USERNAME and KAFKA_CONSUMER_PASSWORD, and that ${mechanismSetting} is a mechanism the user has a credential for`;
        case 'mechanism':
            return `agent: Kafka at ${at} does not offer the SASL mechanism ${mechanism}${error.offered.length > 0 ? ` (it offers ${error.offered.join(', ')})` : ''}: set ${mechanismSetting} to one it offers`;
        case 'certificate':
            return /ERR_TLS_CERT_ALTNAME_INVALID|altnames/i.test(error.detail)
                ? `agent: Kafka at ${at} showed a TLS certificate for another host name (${error.detail}): check KAFKA_CONSUMER_BOOTSTRAP_SERVERS (--brokers)`
                : `agent: Kafka at ${at} showed a TLS certificate that is not trusted (${error.detail}): for a private CA, set NODE_EXTRA_CA_CERTS to the CA's PEM file`;
        case 'tls-handshake':
            return `agent: the TLS handshake with Kafka at ${at} failed (${error.detail}): ${protocolSetting}; check that the listener takes TLS`;
        case 'unreachable': {
            const listener = `${settings.securityProtocol}${settings.saslMechanism ? ` with ${settings.saslMechanism}` : ''}`;
            return fromPort
                ? `agent: could not reach Kafka at ${at}, the brokers Port handed out (GET /v1/kafka-credentials) (${error.detail}): check that this host reaches them, and that they take ${listener} (KAFKA_CONSUMER_SECURITY_PROTOCOL, ${mechanismSetting})`
                : `agent: could not reach Kafka at ${at} (${error.detail}): check KAFKA_CONSUMER_BOOTSTRAP_SERVERS (--brokers), and that the listener there takes ${listener} (KAFKA_CONSUMER_SECURITY_PROTOCOL, ${mechanismSetting})`;
        }
    }
}
/**
 * The `port-ci agent` command, with the run handler its factory makes. The registry wires the factory (see
 * src/agent/run-handler-factory.ts); tests pass a handler of their own.
 */
function agentCommand(makeHandler) {
    return {
        usage,
        async run(args, io) {
            const settings = parseAgentOptions(args, io.env);
            const logger = createJsonLogger({ level: settings.logLevel, write: (line) => void io.stderrStream.write(line) });
            const { brokers, username, password } = settings.kafka.from === 'given' ? settings.kafka : await kafkaFromPort(settings);
            logger.log('info', 'starting', { topic: settings.topic, groupId: settings.groupId, brokers: brokers.join(','), kafkaFrom: settings.kafka.from });
            const handler = await makeHandler(settings);
            const agent = startAgentConsumer({
                brokers,
                topic: settings.topic,
                groupId: settings.groupId,
                clientId: settings.clientId,
                ...(settings.saslMechanism && username && password ? { sasl: { mechanism: settings.saslMechanism, username, password } } : {}),
                tls: settings.securityProtocol === 'SSL' || settings.securityProtocol === 'SASL_SSL',
                handler,
                concurrency: settings.concurrency,
                partitionConcurrency: settings.partitionConcurrency,
                autoOffsetReset: settings.autoOffsetReset,
                sessionTimeoutMs: settings.sessionTimeoutMs,
                once: settings.once,
                logger,
            });
            const unsubscribe = stopOnSignals(agent, { drainTimeoutMs: settings.drainTimeoutMs, logger });
            const health = settings.metrics ? await startHealthServer(agent, { ...settings.metrics, topic: settings.topic, logger }) : undefined;
            try {
                await agent.ready;
                await agent.done;
            }
            catch (error) {
                if (error instanceof KafkaConnectionError)
                    throw new KafkaSetupError(kafkaFailureLine(error, settings, brokers, username));
                throw error;
            }
            finally {
                unsubscribe();
                await health?.close();
            }
            return 0;
        },
    };
}


/***/ }),

/***/ 7503:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ap: () => (/* binding */ dispatchKafkaRoute),
/* harmony export */   FV: () => (/* binding */ chosen),
/* harmony export */   QN: () => (/* binding */ brokerList),
/* harmony export */   SV: () => (/* binding */ givenSetting),
/* harmony export */   Xj: () => (/* binding */ SASL_MECHANISMS),
/* harmony export */   _Z: () => (/* binding */ DISPATCH_KAFKA_ENV),
/* harmony export */   nP: () => (/* binding */ SECURITY_PROTOCOLS)
/* harmony export */ });
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);

/** A flag's value, else its variable's, with where it came from; blank counts as unset. */
function givenSetting(flag, value, env, variable) {
    if (value !== undefined && value.trim() !== '')
        return { text: value.trim(), source: `--${flag}` };
    const fromEnv = variable === undefined ? undefined : env[variable];
    if (fromEnv !== undefined && fromEnv.trim() !== '')
        return { text: fromEnv.trim(), source: variable };
    return undefined;
}
const SECURITY_PROTOCOLS = { PLAINTEXT: 'PLAINTEXT', SSL: 'SSL', SASL_PLAINTEXT: 'SASL_PLAINTEXT', SASL_SSL: 'SASL_SSL' };
// port-agent passes "none" through to librdkafka for no SASL (its default); here the protocol says whether SASL is used.
const SASL_MECHANISMS = { PLAIN: 'PLAIN', 'SCRAM-SHA-256': 'SCRAM-SHA-256', 'SCRAM-SHA-512': 'SCRAM-SHA-512', NONE: 'NONE' };
/** One of a table's words (any case), or a UsageError naming the setting and listing the words. */
function chosen(given, aliases) {
    if (!given)
        return undefined;
    const value = aliases[given.text.toUpperCase()];
    if (value !== undefined)
        return value;
    throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${given.source}: "${given.text}" is not accepted; expected ${[...new Set(Object.keys(aliases))].join(', ')}`);
}
/** `HOST:PORT,HOST:PORT`, each checked. */
function brokerList(given) {
    const brokers = given.text
        .split(',')
        .map((broker) => broker.trim())
        .filter(Boolean);
    for (const broker of brokers) {
        if (!/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(broker) || Number(broker.slice(broker.lastIndexOf(':') + 1)) > 65535) {
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${given.source}: "${broker}" is not accepted; expected HOST:PORT, several separated by commas`);
        }
    }
    if (brokers.length === 0)
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${given.source}: no broker given; expected HOST:PORT, several separated by commas`);
    return brokers;
}
/** Kafka's own rule for topic names (the broker refuses others, and "." and ".." outright). */
function topicName(given) {
    if (!/^[A-Za-z0-9._-]{1,249}$/.test(given.text) || given.text === '.' || given.text === '..') {
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${given.source}: "${given.text.slice(0, 60)}" is not a Kafka topic name; expected letters, digits, ".", "_" and "-" (at most 249)`);
    }
    return given.text;
}
/** The environment names `port-ci dispatch` reads for its producer. */
const DISPATCH_KAFKA_ENV = {
    brokers: 'PORT_CI_KAFKA_BROKERS',
    securityProtocol: 'PORT_CI_KAFKA_SECURITY_PROTOCOL',
    saslMechanism: 'PORT_CI_KAFKA_SASL_MECHANISM',
    username: 'PORT_CI_KAFKA_USERNAME',
    password: 'PORT_CI_KAFKA_PASSWORD',
    timeout: 'PORT_CI_KAFKA_TIMEOUT_MS',
};
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
function dispatchKafkaRoute(flags, env) {
    const orgId = env.PORT_ORG_ID?.trim() || undefined;
    const topicGiven = givenSetting('kafka-topic', flags['kafka-topic'], env, 'KAFKA_RUNS_TOPIC');
    const topic = topicGiven ? topicName(topicGiven) : orgId ? topicName({ text: `${orgId}.runs`, source: 'PORT_ORG_ID' }) : undefined;
    const topicSource = topicGiven?.source ?? (orgId ? `PORT_ORG_ID ${orgId}` : undefined);
    const route = { ...(topic ? { topic, topicSource: topicSource } : {}), ...(orgId ? { orgId } : {}) };
    const protocolGiven = givenSetting('kafka-protocol', flags['kafka-protocol'], env, DISPATCH_KAFKA_ENV.securityProtocol);
    const mechanismGiven = givenSetting('kafka-sasl', flags['kafka-sasl'], env, DISPATCH_KAFKA_ENV.saslMechanism);
    const brokersGiven = givenSetting('kafka-brokers', flags['kafka-brokers'], env, DISPATCH_KAFKA_ENV.brokers);
    if (!brokersGiven) {
        // Settings for brokers that were not given would be ignored without a word: say so instead.
        const orphan = [protocolGiven, mechanismGiven].find(Boolean);
        if (orphan)
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${orphan.source}: set --kafka-brokers or ${DISPATCH_KAFKA_ENV.brokers} too; it applies to the brokers dispatch produces to`);
        return route;
    }
    const securityProtocol = chosen(protocolGiven, SECURITY_PROTOCOLS) ?? 'PLAINTEXT';
    const usesSasl = securityProtocol.startsWith('SASL_');
    const mechanism = chosen(mechanismGiven, SASL_MECHANISMS);
    if (usesSasl && mechanism === 'NONE')
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${mechanismGiven.source}: "none" is not accepted with ${securityProtocol}; expected PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512`);
    if (!usesSasl && mechanism !== undefined && mechanism !== 'NONE') {
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${mechanismGiven.source}: SASL is not used with ${securityProtocol}; set --kafka-protocol SASL_SSL or SASL_PLAINTEXT, or leave the mechanism out`);
    }
    let sasl;
    if (usesSasl) {
        const username = env[DISPATCH_KAFKA_ENV.username]?.trim();
        const password = env[DISPATCH_KAFKA_ENV.password];
        if (!username || !password)
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`dispatch: ${securityProtocol} needs ${DISPATCH_KAFKA_ENV.username} and ${DISPATCH_KAFKA_ENV.password} (the brokers' SASL user)`);
        sasl = { mechanism: mechanism ?? 'SCRAM-SHA-512', username, password };
    }
    const timeout = givenSetting('', undefined, env, DISPATCH_KAFKA_ENV.timeout);
    const requestTimeoutMs = timeout === undefined ? 15_000 : /^\d+$/.test(timeout.text) && Number(timeout.text) >= 100 && Number(timeout.text) <= 600_000 ? Number(timeout.text) : NaN;
    if (Number.isNaN(requestTimeoutMs))
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${DISPATCH_KAFKA_ENV.timeout}: "${timeout.text}" is not accepted; expected milliseconds from 100 to 600000`);
    return {
        ...route,
        producer: { brokers: brokerList(brokersGiven), brokersSource: brokersGiven.source, securityProtocol, ...(sasl ? { sasl } : {}), requestTimeoutMs },
    };
}


/***/ }),

/***/ 2144:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ clientSecurity)
/* harmony export */ });
/* unused harmony export isHostName */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);

/** Whether a `host:port` names its host by name rather than by an IPv4 or IPv6 address. */
function isHostName(broker) {
    const host = broker.startsWith('[') ? broker.slice(1, broker.indexOf(']')) : broker.replace(/:\d+$/, '');
    return (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(host) === 0;
}
/** The client options for SASL and TLS. */
function clientSecurity(security) {
    return {
        ...(security.sasl ? { sasl: security.sasl } : {}),
        ...(security.tls ? { tls: security.tls === true ? {} : security.tls } : {}),
        // SNI: each connection names the broker it dials, as librdkafka does (Confluent Cloud routes by it). Not for IP
        // literals, which TLS does not allow as a server name (Node would warn on stderr, amid the agent's JSON log lines).
        ...(security.tls && security.brokers.every(isHostName) ? { tlsServerName: true } : {}),
    };
}


/***/ })

};

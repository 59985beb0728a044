// The whole agent, as issue 13 measures it: 2,000 signed run messages through a real Kafka broker to `port-ci agent`
// processes (the bundled CLI, 1 or 3 of them in one group over a 6-partition topic), each run handed on to a local
// webhook that answers after 5 ms and recorded in the sandbox (Port), in a burst and paced at 200 runs/s. Prints
// runs/s from the first send to the last webhook request, p50/p99 from send to the webhook's request, the partition split, and each agent's resident
// memory at the end; nothing here asserts a time.
// Then the cost of a restart: an agent's cold start (its spawn to its first run handed on, with runs waiting), and
// one of 3 agents under paced load ended with SIGKILL (the group waits for its session to time out) or SIGTERM (it
// leaves the group at once): the gap in webhook receipts on its partitions, the longest a run of them waited, and
// what was delivered again (records fetched twice, runs recognised as already handed on, runs ended as uncertain).
// Run: npx vitest run --config bench/vitest.config.ts bench/agent.bench-run.ts (-t restart for the second part)
// Knobs (environment): AGENT_BENCH_ROUNDS, rounds of each 2,000-run configuration (2; the table gives each and their
// median); AGENT_BENCH_PARTITION_CONCURRENCY, their agents' --partition-concurrency (the agent's 4 unless told; 1
// hands on one run of a partition at a time, as the agent did before); AGENT_BENCH_CLI, the CLI bundle they run
// (dist/cli/index.js unless told: another build's, to compare builds at the same hour); AGENT_BENCH_SIGTERM_ROUNDS and AGENT_BENCH_SIGKILL_ROUNDS, rounds of each restart (1; 0 leaves it out),
// each round counted for stalls (a survivor holding partitions with runs waiting that fetches nothing for over 5 s,
// by its /metrics; and, for one too stuck to answer, a partition over 5 s without a request at the webhook);
// AGENT_BENCH_RESTART_RATE, the restart rounds' load in runs/s (60); AGENT_BENCH_TRACE=1 preloads
// bench/kafka-trace.mjs into each agent of the restart rounds and keeps the traces and logs of a round that stalled
// (=all keeps every round's), in AGENT_BENCH_TRACE_DIR (a directory under the system's temporary one unless told).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { it } from 'vitest';
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import { signWebhook } from '../src/core/index.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox } from '../src/sandbox/server.js';
import { metricValue, signedRunMessage, startAgentProcess, type AgentProcess } from '../test/support/agent-process.js';
import { startKafka } from '../test/support/kafka.js';
import { startWebhookReceiver } from '../test/support/webhook-receiver.js';

const COUNT = 2_000;
const ORG = 'org_bench';
const root = path.resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;

/** A count from the environment (a knob in the header), or `fallback` when unset; anything else is refused. */
function countKnob(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text)) throw new Error(`${name}: '${text}' is not accepted; expected a whole number of 0 or more`);
  return Number(text);
}

/** The machine's load average over the last minute: the figures depend on what else shares the 2 cores. */
const loadAverage = () => os.loadavg()[0]!.toFixed(1);

function message(runId: string, url: string): string {
  const body = {
    action: 'deploy', resourceType: 'run', status: 'TRIGGERED',
    trigger: { by: { orgId: ORG, userId: 'auth0|1' }, origin: 'UI', at: new Date().toISOString() },
    context: { entity: null, blueprint: 'service', runId },
    payload: { entity: null, action: { identifier: 'deploy', trigger: 'CREATE', invocationMethod: { type: 'WEBHOOK', agent: true, synchronized: true, url } }, properties: {}, censoredProperties: [] },
  };
  const headers = signWebhook(JSON.stringify({ ...body, headers: {} }), SANDBOX_CLIENT_SECRET, Math.floor(Date.now() / 1000));
  return JSON.stringify({ ...body, headers });
}

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** The CLI bundle the 2,000 runs' agents run: this tree's unless told (an older build's, to compare on the same machine). */
const CLI = path.resolve(process.env.AGENT_BENCH_CLI || path.join(root, 'dist', 'cli', 'index.js'));

/** --partition-concurrency for the 2,000 runs' agents (their default, 4, unless told): 1 compares with the agent before. */
const PARTITION_CONCURRENCY = process.env.AGENT_BENCH_PARTITION_CONCURRENCY ? countKnob('AGENT_BENCH_PARTITION_CONCURRENCY', 4) : undefined;

/** One round of the 2,000 runs: its figures, and the load average at its end. */
interface RoundFigures {
  throughput: number;
  p50: number;
  p99: number;
  sentTwice: number;
  memoryMiB: number[];
  load: string;
}

async function round(brokers: string, agents: number, perSecond?: number): Promise<RoundFigures> {
  const topic = `${ORG}.runs.${agents}.${Math.random().toString(36).slice(2, 6)}`;
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers: [brokers] });
  await admin.createTopics({ topics: [topic], partitions: 6, replicas: 1 });
  await admin.close();
  const ids = Array.from({ length: COUNT + 1 }, (_, index) => `r_bench${agents}x${index}`);
  const sandbox = await startSandbox({ runs: ids });
  const receiver = await startWebhookReceiver({ latencyMs: 5 });
  const sentAt = new Map<string, number>();
  const children: ChildProcess[] = [];
  const env = {
    PATH: process.env.PATH ?? '', PORT_ORG_ID: ORG, KAFKA_CONSUMER_GROUP_ID: `${ORG}-bench-${topic}`, KAFKA_RUNS_TOPIC: topic,
    KAFKA_CONSUMER_BOOTSTRAP_SERVERS: brokers, KAFKA_CONSUMER_SECURITY_PROTOCOL: 'PLAINTEXT', LOG_LEVEL: 'warn',
    PORT_API_BASE_URL: sandbox.url, PORT_CLIENT_ID: SANDBOX_CLIENT_ID, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
  };
  const metricsPorts: number[] = [];
  for (let index = 0; index < agents; index++) {
    const port = 19_400 + Math.floor(Math.random() * 500) * 2 + index;
    metricsPorts.push(port);
    const args = [CLI, 'agent', '--metrics-port', String(port), '--metrics-host', '127.0.0.1'];
    if (PARTITION_CONCURRENCY !== undefined) args.push('--partition-concurrency', String(PARTITION_CONCURRENCY));
    children.push(spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] }));
  }
  // Joined and serving: every agent's /healthz says 200.
  for (const port of metricsPorts) {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      await sleep(100);
    }
  }
  const producer = new Producer({ clientId: 'bench-port', bootstrapBrokers: [brokers], serializers: stringSerializers, idempotent: true });
  // One untimed run first: the producer's id and a new topic's metadata are not the agent's cost.
  await producer.send({ messages: [{ topic, key: ids[COUNT]!, value: message(ids[COUNT]!, `${receiver.url}/${ids[COUNT]}`) }] });
  while (receiver.received.length < 1) await sleep(5);
  await sleep(3_000); // let a rebalance from the last member joining settle
  const start = performance.now();
  const startedAt = Date.now();
  // A burst: sends of 100 as fast as the producer goes. Paced: sends of 10, one every 10/perSecond seconds.
  const size = perSecond ? 10 : 100;
  for (let batch = 0; batch < COUNT; batch += size) {
    if (perSecond) {
      const due = start + (batch / perSecond) * 1000;
      if (due > performance.now()) await sleep(due - performance.now());
    }
    const records = ids.slice(batch, Math.min(batch + size, COUNT)).map((id) => ({ topic, key: id, value: message(id, `${receiver.url}/${id}`) }));
    for (const record of records) sentAt.set(record.key, Date.now());
    await producer.send({ messages: records });
  }
  // The receiver stamps each request as it arrives (wall clock, as the sends are stamped).
  const arrivals = new Map<string, number>();
  while (arrivals.size < COUNT) {
    for (const request of receiver.received) {
      const id = request.path.slice(1);
      if (sentAt.has(id) && !arrivals.has(id)) arrivals.set(id, Date.parse(request.at));
    }
    await sleep(20);
  }
  const elapsed = Math.max(...arrivals.values()) - startedAt;
  const latencies = [...arrivals].map(([id, at]) => at - sentAt.get(id)!).sort((a, b) => a - b);
  const memoryMiB = children.map((child) => rssMiB(child.pid!));
  const twice = receiver.received.length - COUNT - 1;
  const load = loadAverage();
  await producer.close();
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
  await receiver.close();
  await sandbox.close();
  return { throughput: COUNT / (elapsed / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), sentTwice: twice, memoryMiB, load };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const ROUNDS = countKnob('AGENT_BENCH_ROUNDS', 2);

it('port-ci agent: 2,000 runs through Kafka to a 5 ms webhook', { timeout: 120_000 + ROUNDS * 4 * 150_000 }, async () => {
  const broker = await startKafka();
  try {
    const rows = [
      '| agents | load | round | throughput | p50 send to webhook | p99 | sent twice | resident memory per agent | load average |',
      '| --- | --- | --- | ---: | ---: | ---: | ---: | --- | ---: |',
    ];
    for (const [agents, perSecond] of [[1, undefined], [3, undefined], [1, 200], [3, 200]] as const) {
      const load = perSecond ? `paced ${perSecond}/s` : 'burst';
      const figures: RoundFigures[] = [];
      for (let index = 0; index < ROUNDS; index++) {
        const r = await round(broker.brokers, agents, perSecond);
        figures.push(r);
        process.stderr.write(`bench/agent: ${agents} agent(s), ${load}, round ${index + 1}: ${JSON.stringify(r)}\n`);
        rows.push(`| ${agents} | ${load} | ${index + 1} | ${r.throughput.toFixed(0)} runs/s | ${r.p50.toFixed(0)} ms | ${r.p99.toFixed(0)} ms | ${r.sentTwice} | ${r.memoryMiB.map((m) => m.toFixed(0)).join(' / ')} MiB | ${r.load} |`);
      }
      const of = (pick: (r: RoundFigures) => number) => median(figures.map(pick));
      rows.push(`| ${agents} | ${load} | **median** | ${of((r) => r.throughput).toFixed(0)} runs/s | ${of((r) => r.p50).toFixed(0)} ms | ${of((r) => r.p99).toFixed(0)} ms | ${figures.reduce((total, r) => total + r.sentTwice, 0)} | ${of((r) => Math.max(...r.memoryMiB)).toFixed(0)} MiB at most | |`);
    }
    const concurrency = PARTITION_CONCURRENCY !== undefined ? String(PARTITION_CONCURRENCY) : process.env.AGENT_BENCH_CLI ? "that build's default" : 'the default, 4';
    console.log(`\n${CLI}; runs of one partition in hand at once: ${concurrency}.\n\n${rows.join('\n')}\n`);
  } finally {
    await broker.close();
  }
});

async function newTopic(brokers: string, topic: string): Promise<void> {
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers: [brokers] });
  try {
    await admin.createTopics({ topics: [topic], partitions: 6, replicas: 1 });
  } finally {
    await admin.close();
  }
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Where the bench is, on standard error: a round that hangs on a loaded machine shows where. */
const note = (text: string) => void process.stderr.write(`bench/agent restart: ${text}\n`);

const logTime = (agent: AgentProcess, msg: string) => {
  const line = agent.logs().find((entry) => entry.msg === msg);
  return line ? Date.parse(line.time) : NaN;
};

/**
 * One cold start: 6 runs wait in a new topic (one per partition) for a new group; the agent is spawned. Returns
 * the milliseconds from the spawn to its first log line (Node, the CLI and the command loaded, settings read), to
 * its join, and to the webhook's first request.
 */
async function coldStart(brokers: string, attempt: number): Promise<{ started: number; joined: number; firstRun: number }> {
  const topic = `${ORG}.cold.${attempt}.${Math.random().toString(36).slice(2, 6)}`;
  await newTopic(brokers, topic);
  const ids = Array.from({ length: 6 }, (_, index) => `r_cold${attempt}x${index}`);
  const sandbox = await startSandbox({ runs: ids });
  const receiver = await startWebhookReceiver({ latencyMs: 5 });
  const producer = new Producer({ clientId: 'bench-port', bootstrapBrokers: [brokers], serializers: stringSerializers, idempotent: true });
  try {
    await producer.send({ messages: ids.map((id, partition) => ({ topic, partition, key: id, value: signedRunMessage(ORG, id, `${receiver.url}/${id}`) })) });
    const agent = await startAgentProcess({ brokers, orgId: ORG, groupId: `${ORG}-cold-${topic}`, topic, portUrl: sandbox.url });
    try {
      await until(() => receiver.received.length > 0, 'the first run at the webhook', 120_000);
      const firstRun = Date.parse(receiver.received[0]!.at) - agent.spawnedAt;
      await until(() => !Number.isNaN(logTime(agent, 'joined the group')), 'the join in the log', 10_000);
      return { started: logTime(agent, 'starting') - agent.spawnedAt, joined: logTime(agent, 'joined the group') - agent.spawnedAt, firstRun };
    } finally {
      agent.child.kill('SIGTERM');
      await agent.exited;
    }
  } finally {
    await producer.close();
    await receiver.close();
    await sandbox.close();
  }
}

const RESTART_RATE = countKnob('AGENT_BENCH_RESTART_RATE', 60);
if (RESTART_RATE < 1) throw new Error(`AGENT_BENCH_RESTART_RATE: ${RESTART_RATE} is not accepted; expected runs a second, 1 or more`);

/** Milliseconds and counts of one restart round (see restartRound). */
interface RestartCost {
  sessionTimeoutMs: number;
  gap: number;
  longestWait: number;
  takeover: number;
  exit: number;
  fetchedAgain: number;
  duplicates: number;
  uncertain: number;
  sentTwice: number;
  runs: number;
  /** The longest time any of the 6 partitions saw no request at the webhook, from a second before the signal on. */
  gapAnyPartition: number;
  /** Each time a survivor held partitions with runs waiting and fetched nothing for over STALL_MS. */
  stalls: Stall[];
  load: string;
}

/** A survivor that fetched nothing while runs of its partitions waited. */
interface Stall {
  agent: number;
  /** From the signal to the last record it fetched before the stall. */
  fromSignal: number;
  ms: number;
  partitions: number[];
}

/** Longer than this without a record fetched, with runs of its partitions waiting, a survivor has stalled. */
const STALL_MS = 5_000;

/** One look at a survivor: what it held and how many records it had fetched so far. */
interface Sample {
  at: number;
  partitions: number[];
  consumed: number;
}

/**
 * The stalls in one survivor's samples: spans over which its fetched count did not move while, at every look in
 * the span, it held partitions and one of them had a run sent over a second before and not yet at the webhook.
 */
function stallsOf(agent: number, samples: Sample[], waiting: (partition: number, at: number) => boolean, signalledAt: number): Stall[] {
  const stalls: Stall[] = [];
  let start: Sample | undefined;
  let held = new Set<number>();
  const close = (end: Sample) => {
    if (start && end.at - start.at > STALL_MS) stalls.push({ agent, fromSignal: start.at - signalledAt, ms: end.at - start.at, partitions: [...held].sort((a, b) => a - b) });
  };
  for (const sample of samples) {
    const lagging = sample.partitions.some((partition) => waiting(partition, sample.at));
    if (start && sample.consumed === start.consumed && lagging) {
      for (const partition of sample.partitions) held.add(partition);
      continue;
    }
    if (start) close(sample);
    start = lagging ? sample : undefined;
    held = new Set(sample.partitions);
  }
  if (start && samples.length > 0) close(samples.at(-1)!);
  return stalls;
}

const TRACE_KEEP = process.env.AGENT_BENCH_TRACE || undefined;
if (TRACE_KEEP !== undefined && TRACE_KEEP !== '1' && TRACE_KEEP !== 'all') {
  throw new Error(`AGENT_BENCH_TRACE: '${TRACE_KEEP}' is not accepted; expected 1 (keep the traces of a round that stalled) or all`);
}
const TRACE = TRACE_KEEP !== undefined;
const TRACE_DIR = process.env.AGENT_BENCH_TRACE_DIR || path.join(os.tmpdir(), 'port-ci-bench-agent-trace');
const TRACER = pathToFileURL(path.join(root, 'bench', 'kafka-trace.mjs')).href;

/**
 * Three agents in one group share 6 partitions under a paced load of RESTART_RATE runs/s (one run per partition
 * every 100 ms at 60/s); once the load has run 5 s, one agent gets `signal`; the load goes on until the survivors hold
 * all 6 partitions and 5 s more. What it costs the runs of the partitions that agent held, measured at the webhook.
 */
async function restartRound(brokers: string, signal: 'SIGKILL' | 'SIGTERM', sessionTimeoutMs: number): Promise<RestartCost> {
  const topic = `${ORG}.restart.${signal}.${Math.random().toString(36).slice(2, 6)}`;
  await newTopic(brokers, topic);
  const sandbox = await startSandbox({});
  const receiver = await startWebhookReceiver({ latencyMs: 5 });
  const traceFiles = [0, 1, 2].map((index) => path.join(TRACE_DIR, `${topic}-agent${index}.jsonl`));
  if (TRACE) mkdirSync(TRACE_DIR, { recursive: true });
  const agents = await Promise.all(
    [0, 1, 2].map((index) =>
      startAgentProcess({
        brokers, orgId: ORG, groupId: `${ORG}-restart-${topic}`, topic, portUrl: sandbox.url, sessionTimeoutMs, clientId: `bench-agent-${index}`,
        // Traced, the agents log at debug too: their commits and the commits that wait for a join show beside the client's trace.
        logLevel: TRACE ? 'debug' : 'warn',
        ...(TRACE ? { env: { NODE_OPTIONS: `--import ${TRACER}`, BENCH_KAFKA_TRACE_FILE: traceFiles[index]! } } : {}),
      }),
    ),
  );
  const producer = new Producer({ clientId: 'bench-port', bootstrapBrokers: [brokers], serializers: stringSerializers, idempotent: true });
  const sent = new Map<string, { at: number; partition: number }>();
  let produced = 0;
  const send = async (ids: string[]) => {
    for (const id of ids) sandbox.createRun(id);
    const messages = ids.map((id, partition) => ({ topic, partition, key: id, value: signedRunMessage(ORG, id, `${receiver.url}/${id}`) }));
    for (const [partition, id] of ids.entries()) sent.set(id, { at: Date.now(), partition });
    await producer.send({ messages });
    produced += ids.length;
  };
  try {
    await until(async () => (await Promise.all(agents.map((agent) => agent.health()))).every((answer) => answer?.ok && answer.status.partitions.length === 2), 'a 2/2/2 split', 120_000);
    // One untimed run per partition: the producer's id and the new topic's metadata are not the restart's cost.
    await send(Array.from({ length: 6 }, (_, partition) => `r_warm${partition}`));
    await until(() => receiver.received.length >= 6, 'the warm-up runs', 60_000);
    await sleep(2_000);

    let stopLoad = false;
    let tick = 0;
    const load = (async () => {
      const start = performance.now();
      while (!stopLoad) {
        const due = start + (tick * 6 * 1000) / RESTART_RATE;
        if (due > performance.now()) await sleep(due - performance.now());
        await send(Array.from({ length: 6 }, (_, partition) => `r_${signal}${tick}x${partition}`));
        tick++;
      }
    })();
    await sleep(5_000);
    note(`${signal}: the load runs; signalling one agent`);
    const [victim, ...survivors] = agents as [AgentProcess, AgentProcess, AgentProcess];
    const victimPartitions = (await victim.health())!.status.partitions;
    const victimConsumed = metricValue((await victim.metrics())!, 'port_ci_agent_records_consumed_total');
    const signalledAt = Date.now();
    // Each survivor looked at every 250 ms until every run has ended: what it holds and how much it has fetched.
    const samples: Sample[][] = survivors.map(() => []);
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await Promise.all(
          survivors.map(async (agent, index) => {
            const [health, metrics] = await Promise.all([agent.health(), agent.metrics()]);
            if (health && metrics !== undefined) samples[index]!.push({ at: Date.now(), partitions: health.status.partitions, consumed: metricValue(metrics, 'port_ci_agent_records_consumed_total') });
          }),
        );
        await sleep(250);
      }
    })();
    victim.child.kill(signal);
    let exitedAt = NaN;
    void victim.exited.then(() => (exitedAt = Date.now()));
    let takenOverAt = NaN;
    await until(
      async () => {
        const answers = await Promise.all(survivors.map((agent) => agent.health()));
        const held = answers.every((answer) => answer?.ok) && new Set(answers.flatMap((answer) => answer!.status.partitions)).size === 6;
        if (held) takenOverAt = Date.now();
        return held;
      },
      'the survivors to hold all 6 partitions',
      sessionTimeoutMs + 120_000,
    );
    await sleep(5_000);
    stopLoad = true;
    await load;
    await until(() => [...sent.keys()].every((id) => sandbox.runs.get(id)!.status !== 'IN_PROGRESS'), 'every run ended', 300_000);
    sampling = false;
    await sampler;

    const receipts = new Map<string, number[]>();
    for (const request of receiver.received) {
      const id = request.path.slice(1);
      receipts.set(id, [...(receipts.get(id) ?? []), Date.parse(request.at)]);
    }
    // The gap: the longest time, from a second before the signal on, that a partition of the victim's saw no
    // request at the webhook (the load gives each partition one run every 6,000/RESTART_RATE ms).
    let gap = 0;
    let longestWait = 0;
    for (const partition of victimPartitions) {
      const times = [...sent].filter(([, run]) => run.partition === partition).flatMap(([id]) => receipts.get(id) ?? []).filter((at) => at >= signalledAt - 1_000).sort((a, b) => a - b);
      for (let index = 1; index < times.length; index++) gap = Math.max(gap, times[index]! - times[index - 1]!);
    }
    for (const [id, run] of sent) {
      const first = receipts.get(id)?.[0];
      if (victimPartitions.includes(run.partition) && first !== undefined && run.at >= signalledAt - 5_000) longestWait = Math.max(longestWait, first - run.at);
    }
    // Over every partition, not only the victim's: a survivor that stalls holds up partitions it had before too.
    let gapAnyPartition = 0;
    for (let partition = 0; partition < 6; partition++) {
      const times = [...sent].filter(([, run]) => run.partition === partition).flatMap(([id]) => receipts.get(id) ?? []).filter((at) => at >= signalledAt - 1_000).sort((a, b) => a - b);
      for (let index = 1; index < times.length; index++) gapAnyPartition = Math.max(gapAnyPartition, times[index]! - times[index - 1]!);
    }
    // A run of a partition waits at `at` if it was sent over a second before and had not reached the webhook by then.
    const byPartition = new Map<number, { at: number; first: number }[]>();
    for (const [id, run] of sent) byPartition.set(run.partition, [...(byPartition.get(run.partition) ?? []), { at: run.at, first: receipts.get(id)?.[0] ?? Infinity }]);
    const waiting = (partition: number, at: number) => (byPartition.get(partition) ?? []).some((run) => run.at < at - 1_000 && run.first > at);
    const stalls = samples.flatMap((list, index) => stallsOf(index + 1, list, waiting, signalledAt));
    const survivorMetrics = await Promise.all(survivors.map(async (agent) => (await agent.metrics())!));
    const sum = (name: string, labels: Record<string, string> = {}) => survivorMetrics.reduce((total, text) => total + metricValue(text, name, labels), 0);
    const consumed = sum('port_ci_agent_records_consumed_total') + victimConsumed;
    const ended = [...sent.keys()].map((id) => sandbox.runs.get(id)!);
    const result: RestartCost = {
      sessionTimeoutMs,
      gap,
      longestWait,
      takeover: takenOverAt - signalledAt,
      exit: exitedAt - signalledAt,
      fetchedAgain: consumed - produced,
      duplicates: sum('port_ci_agent_handed_on_total', { outcome: 'duplicate' }),
      uncertain: ended.filter((run) => run.status === 'FAILURE').length,
      sentTwice: [...receipts.values()].filter((times) => times.length > 1).length,
      runs: sent.size,
      gapAnyPartition,
      stalls,
      load: loadAverage(),
    };
    // Why records came again, in the agents' words (a commit refused during the rebalance, say): shown, not tabled.
    const warnings: Record<string, number> = {};
    for (const line of agents.flatMap((agent) => agent.logs())) if (line.level === 'warn') warnings[line.msg] = (warnings[line.msg] ?? 0) + 1;
    note(`${signal}: partitions ${victimPartitions.join(',')} were the signalled agent's; warnings ${JSON.stringify(warnings)}`);
    for (const agent of survivors) agent.child.kill('SIGTERM');
    await Promise.all(agents.map((agent) => agent.exited));
    if (TRACE) {
      // A round that stalled keeps its traces and the agents' logs, named in the note; the others leave nothing
      // behind, unless every round's are asked for.
      if (stalls.length > 0 || gapAnyPartition > STALL_MS || TRACE_KEEP === 'all') {
        for (const [index, agent] of agents.entries()) writeFileSync(traceFiles[index]!.replace(/\.jsonl$/, '.log'), agent.stderr());
        note(`${signal}: stalls ${JSON.stringify(stalls)} (signalled at ${new Date(signalledAt).toISOString()}, agent 0 was signalled); traces and logs: ${traceFiles.join(' ')} (and .log)`);
      } else {
        for (const file of traceFiles) rmSync(file, { force: true });
      }
    }
    return result;
  } finally {
    for (const agent of agents) if (agent.child.exitCode === null && agent.child.signalCode === null) agent.child.kill('SIGKILL');
    await Promise.all(agents.map((agent) => agent.exited));
    await producer.close();
    await receiver.close();
    await sandbox.close();
  }
}

const SIGTERM_ROUNDS = countKnob('AGENT_BENCH_SIGTERM_ROUNDS', 1);
const SIGKILL_ROUNDS = countKnob('AGENT_BENCH_SIGKILL_ROUNDS', 1);

it(
  'port-ci agent: the cost of a restart (cold start; one of 3 agents killed or stopped under paced load)',
  // A round takes 20-70 s; one that stalls, minutes more.
  { timeout: 300_000 + SIGKILL_ROUNDS * 2 * 300_000 + SIGTERM_ROUNDS * 400_000 },
  async () => {
    const broker = await startKafka();
    try {
      const starts = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        starts.push(await coldStart(broker.brokers, attempt));
        note(`cold start ${attempt + 1}: ${JSON.stringify(starts.at(-1))}`);
      }
      const coldRows = [
        '| cold start (median of 3) | spawn to its first log line | to joined the group | to its first run at the webhook | load average |',
        '| --- | ---: | ---: | ---: | ---: |',
        `| 1 agent, 6 runs waiting | ${median(starts.map((start) => start.started)).toFixed(0)} ms | ${median(starts.map((start) => start.joined)).toFixed(0)} ms | ${median(starts.map((start) => start.firstRun)).toFixed(0)} ms | ${loadAverage()} |`,
      ];
      const rows = [
        `| one of 3 agents at ${RESTART_RATE} runs/s | session timeout | gap in receipts on its partitions | longest wait of a run there | signal to survivors holding all 6 | signal to exit | records fetched again | recognised as duplicates | ended as uncertain | sent twice | runs | longest gap, any partition | survivor stalls over ${STALL_MS / 1000} s | load average |`,
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
      ];
      const plan: ['SIGKILL' | 'SIGTERM', number, number][] = [['SIGKILL', 10_000, SIGKILL_ROUNDS], ['SIGKILL', 45_000, SIGKILL_ROUNDS], ['SIGTERM', 45_000, SIGTERM_ROUNDS]];
      const summaries: string[] = [];
      for (const [signal, session, rounds] of plan) {
        const results: RestartCost[] = [];
        for (let index = 0; index < rounds; index++) {
          const r = await restartRound(broker.brokers, signal, session);
          results.push(r);
          note(`${signal} with a ${session} ms session, round ${index + 1} of ${rounds}: ${JSON.stringify(r)}`);
          const stalls = r.stalls.map((stall) => `${(stall.ms / 1000).toFixed(1)} s (agent ${stall.agent}, partitions ${stall.partitions.join(',')}, ${(stall.fromSignal / 1000).toFixed(1)} s after the signal)`).join('; ');
          rows.push(
            `| ${signal} | ${r.sessionTimeoutMs / 1000} s | ${r.gap} ms | ${r.longestWait} ms | ${r.takeover} ms | ${signal === 'SIGKILL' ? '-' : `${r.exit} ms`} | ${r.fetchedAgain} | ${r.duplicates} | ${r.uncertain} | ${r.sentTwice} | ${r.runs} | ${r.gapAnyPartition} ms | ${stalls || 'none'} | ${r.load} |`,
          );
        }
        if (rounds > 1) {
          const gaps = results.map((r) => r.gap);
          const stalled = results.filter((r) => r.stalls.length > 0);
          // The webhook's view too: an agent too stuck to answer its /metrics shows only as a gap in receipts.
          const gapped = results.filter((r) => r.gapAnyPartition > STALL_MS);
          summaries.push(
            `${signal}, ${session / 1000} s session, ${rounds} rounds: gap median ${median(gaps).toFixed(0)} ms (${Math.min(...gaps)}-${Math.max(...gaps)}), takeover median ${median(results.map((r) => r.takeover)).toFixed(0)} ms; ` +
              `${stalled.length} round(s) with a survivor stalled over ${STALL_MS / 1000} s${stalled.length ? ` (${stalled.flatMap((r) => r.stalls.map((stall) => `${(stall.ms / 1000).toFixed(1)} s`)).join(', ')})` : ''}, ` +
              `${gapped.length} with a partition ${STALL_MS / 1000} s without a request at the webhook${gapped.length ? ` (${gapped.map((r) => `${(r.gapAnyPartition / 1000).toFixed(1)} s`).join(', ')})` : ''}; ` +
              `longest gap on any partition ${Math.max(...results.map((r) => r.gapAnyPartition))} ms; sent twice ${results.reduce((total, r) => total + r.sentTwice, 0)}`,
          );
        }
      }
      console.log(`\n${coldRows.join('\n')}\n\n${rows.join('\n')}\n${summaries.length ? `\n${summaries.join('\n')}\n` : ''}`);
    } finally {
      await broker.close();
    }
  },
);

// Preloaded into an agent process by bench/agent.bench-run.ts (AGENT_BENCH_TRACE=1, through NODE_OPTIONS=--import):
// writes what the Kafka client does, as @platformatic/kafka tells it on its diagnostics channels (plt:kafka:*), to
// the file named by BENCH_KAFKA_TRACE_FILE, one JSON line per event: when a member stops fetching, this shows which
// group operation (a join, a commit, a heartbeat) it is waiting on. Nothing of a record's value is written.
import { appendFileSync } from 'node:fs';
import { tracingChannel } from 'node:diagnostics_channel';

const file = process.env.BENCH_KAFKA_TRACE_FILE;
if (file) {
  // The channels of one member's life in its group; connections:* (every request) would bury them.
  const names = ['consumer:group', 'consumer:heartbeat', 'consumer:fetches', 'consumer:consumes', 'consumer:commits', 'consumer:offsets', 'base:metadata'];
  let lines = [];
  // Written in batches, off the hot path: a write per event would slow the member being watched.
  const flush = () => {
    if (lines.length === 0) return;
    appendFileSync(file, lines.join(''));
    lines = [];
  };
  setInterval(flush, 250).unref();
  process.on('exit', flush);

  const describe = (context) => {
    const options = context.options ?? {};
    const fields = {};
    // What a commit carries, and what a fetch asks of which broker: partitions and offsets only.
    if (context.operation === 'commit' && Array.isArray(options.offsets)) fields.offsets = options.offsets.map((o) => `${o.partition}@${o.offset}`).join(',');
    if (context.operation === 'fetch' && options.node !== undefined) fields.node = options.node;
    if (context.client && typeof context.client === 'object') {
      if (context.client.generationId !== undefined) fields.generation = context.client.generationId;
    }
    return fields;
  };

  for (const name of names) {
    const record = (event) => (context) => {
      const line = { t: new Date().toISOString(), ch: name, ev: event, op: context.operation, id: String(context.operationId ?? ''), ...(event === 'start' ? describe(context) : {}) };
      if (event === 'error') {
        line.error = context.error?.message ?? String(context.error);
        // The protocol error under a wrapped one (REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION...) is the useful part.
        const found = new Set();
        const walk = (error, depth) => {
          if (!error || typeof error !== 'object' || depth > 5) return;
          if (error.apiId) found.add(error.apiId);
          for (const inner of error.errors ?? []) walk(inner, depth + 1);
          walk(error.cause, depth + 1);
        };
        walk(context.error, 0);
        if (found.size) line.causes = [...found].join(',');
      }
      if (event === 'asyncEnd' && context.operation === 'joinGroup' && context.client) line.generation = context.client.generationId;
      lines.push(`${JSON.stringify(line)}\n`);
    };
    tracingChannel(`plt:kafka:${name}`).subscribe({
      start: record('start'),
      end: () => undefined,
      asyncStart: () => undefined,
      asyncEnd: record('asyncEnd'),
      error: record('error'),
    });
  }
}

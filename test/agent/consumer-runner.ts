import { appendFileSync } from 'node:fs';
import { startAgentConsumer } from '../../src/agent/consumer.js';
import { startHealthServer } from '../../src/agent/health-server.js';
import { createJsonLogger } from '../../src/agent/log.js';
import { stopOnSignals } from '../../src/agent/shutdown.js';

/*
 * One agent consumer in a process of its own, so a test can SIGKILL it for real. Its handler is a test double that
 * writes `partition offset value` to a file once the (optional) delay has passed, and answers handed-on; the file
 * is written synchronously, so a line is there before the consumer can commit it. Prints "ready <healthPort>" on
 * standard output once joined. Configuration: one JSON argument (see RunnerConfig).
 */

interface RunnerConfig {
  brokers: string;
  topic: string;
  groupId: string;
  record: string;
  delayMs?: number;
  once?: boolean;
  concurrency?: number;
  partitionConcurrency?: number;
  drainTimeoutMs?: number;
  sessionTimeoutMs?: number;
  metricsPort?: number;
}

const config = JSON.parse(process.argv[2]!) as RunnerConfig;
const logger = createJsonLogger({ level: 'debug' });
const agent = startAgentConsumer({
  brokers: [config.brokers],
  topic: config.topic,
  groupId: config.groupId,
  ...(config.concurrency === undefined ? {} : { concurrency: config.concurrency }),
  ...(config.partitionConcurrency === undefined ? {} : { partitionConcurrency: config.partitionConcurrency }),
  once: config.once ?? false,
  sessionTimeoutMs: config.sessionTimeoutMs ?? 10_000,
  logger,
  handler: {
    async handle(value, origin) {
      if (config.delayMs) await new Promise((resolve) => setTimeout(resolve, config.delayMs));
      appendFileSync(config.record, `${origin.partition} ${origin.offset} ${value.toString('utf8')}\n`);
      return { outcome: 'handed-on', runId: value.toString('utf8') };
    },
  },
});
stopOnSignals(agent, { drainTimeoutMs: config.drainTimeoutMs ?? 30_000, logger });
const health = config.metricsPort === undefined ? undefined : await startHealthServer(agent, { port: config.metricsPort, topic: config.topic, logger });
await agent.ready;
process.stdout.write(`ready ${health?.port ?? 0}\n`);
await agent.done;
await health?.close();
process.exit(0);

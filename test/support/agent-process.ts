import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import path from 'node:path';
import type { AgentStatus } from '../../src/agent/consumer.js';
import { signWebhook } from '../../src/core/index.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../../src/sandbox/server.js';
import { freePort } from './tinyproxy.js';

/*
 * `port-ci agent` as a user runs it, for the tests and benchmarks that run several agents in one group and kill or
 * stop them: a process of the bundled CLI (dist/cli: `npm run build` first) configured through port-agent's
 * environment names, with the sandbox as Port, its JSON log on standard error kept and parsed, and its /healthz
 * asked on a port of its own (--metrics-port 0, read back from the log).
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * An agent must not outlive the test process, however that ends (a test worker that vitest terminates on a timeout
 * runs no afterAll): an agent left behind would go on retrying its broker for ever. As the Kafka harness does for
 * its broker, a small shell waits on a pipe from this process and kills the agent when the pipe closes.
 */
function watch(agent: ChildProcess): void {
  const watchdog = spawn('sh', ['-c', 'read _; kill -KILL "$1" 2>/dev/null', 'port-ci-agent-watchdog', String(agent.pid)], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  watchdog.unref();
  (watchdog.stdin as Socket).unref();
  agent.once('exit', () => watchdog.kill('SIGKILL'));
}

export interface AgentProcessOptions {
  /** Bootstrap address of the broker, `host:port`. */
  brokers: string;
  orgId: string;
  groupId: string;
  /** The runs topic; `<orgId>.runs` unless told. */
  topic?: string;
  /** The sandbox's URL (Port). */
  portUrl: string;
  /** KAFKA_CONSUMER_SESSION_TIMEOUT_MS; the agent's own default (45 s) unless told. */
  sessionTimeoutMs?: number;
  /** LOG_LEVEL; info unless told (every settled record is then a line). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Kafka's client.id, to tell the members apart in the broker's log. */
  clientId?: string;
  /** More environment for the process (NODE_OPTIONS to preload a tracer, say). */
  env?: Record<string, string>;
}

/** One line of the agent's log. */
export interface AgentLogLine {
  time: string;
  level: string;
  msg: string;
  partition?: number;
  offset?: string;
  runId?: string;
  outcome?: string;
  partitions?: string;
  [field: string]: unknown;
}

export interface AgentProcess {
  child: ChildProcess;
  /** Date.now() just before the spawn. */
  spawnedAt: number;
  /** The health server's port (it answers once the agent has started it). */
  healthPort: number;
  /** What /healthz answers now: 200 and the consumer's status, or 503 and why; undefined when nothing answers. */
  health(): Promise<{ ok: boolean; status: AgentStatus } | undefined>;
  /** /metrics as text; undefined when nothing answers. */
  metrics(): Promise<string | undefined>;
  /** Everything the process wrote on standard error. */
  stderr(): string;
  /** Its log lines so far, parsed (a line that is not JSON, as a crash's stack, is left out). */
  logs(): AgentLogLine[];
  /** The exit code, or the signal that ended it. */
  exited: Promise<number | string>;
}

/** Starts `port-ci agent` with port-agent's environment names and a health server on a free port. */
export async function startAgentProcess(options: AgentProcessOptions): Promise<AgentProcess> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    PORT_ORG_ID: options.orgId,
    KAFKA_CONSUMER_GROUP_ID: options.groupId,
    KAFKA_RUNS_TOPIC: options.topic ?? `${options.orgId}.runs`,
    KAFKA_CONSUMER_BOOTSTRAP_SERVERS: options.brokers,
    KAFKA_CONSUMER_SECURITY_PROTOCOL: 'PLAINTEXT',
    LOG_LEVEL: options.logLevel ?? 'info',
    PORT_API_BASE_URL: options.portUrl,
    PORT_CLIENT_ID: SANDBOX_CLIENT_ID,
    PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
    ...(options.sessionTimeoutMs === undefined ? {} : { KAFKA_CONSUMER_SESSION_TIMEOUT_MS: String(options.sessionTimeoutMs) }),
    ...options.env,
  };
  // A port chosen here rather than --metrics-port 0: the agent says which port it took only at info level.
  const healthPort = await freePort();
  const args = [path.join(ROOT, 'dist', 'cli', 'index.js'), 'agent', '--metrics-port', String(healthPort), '--metrics-host', '127.0.0.1'];
  if (options.clientId) args.push('--client-id', options.clientId);
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const parsed: AgentLogLine[] = [];
  let parsedUpTo = 0;
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));

  const logs = (): AgentLogLine[] => {
    // Parsed incrementally: a test polls this while hundreds of lines arrive.
    const end = stderr.lastIndexOf('\n') + 1;
    if (end > parsedUpTo) {
      const fresh: AgentLogLine[] = [];
      for (const text of stderr.slice(parsedUpTo, end).split('\n')) {
        if (!text.startsWith('{')) continue;
        try {
          fresh.push(JSON.parse(text) as AgentLogLine);
        } catch {
          // not a log line of the agent's
        }
      }
      parsed.push(...fresh);
      parsedUpTo = end;
    }
    return parsed;
  };

  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  watch(child);

  const ask = async (route: string): Promise<Response | undefined> => {
    try {
      return await fetch(`http://127.0.0.1:${healthPort}${route}`, { signal: AbortSignal.timeout(10_000) });
    } catch {
      return undefined;
    }
  };

  return {
    child,
    spawnedAt,
    healthPort,
    async health() {
      const response = await ask('/healthz');
      return response ? { ok: response.ok, status: (await response.json()) as AgentStatus } : undefined;
    },
    async metrics() {
      const response = await ask('/metrics');
      return response?.ok ? response.text() : undefined;
    },
    stderr: () => stderr,
    logs,
    exited,
  };
}

/** A counter of the agent's /metrics text, summed over its labels that match `labels` (0 when absent). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).some(([key, value]) => !line.includes(`${key}="${value}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/**
 * Port's run message for a webhook action handed on by an agent, signed as Port signs Kafka messages. Synchronized:
 * the agent's hand-on line ends the run with the webhook's answer, so a run that has ended shows what became of it.
 */
export function signedRunMessage(orgId: string, runId: string, url: string): string {
  const body = {
    action: 'deploy',
    resourceType: 'run',
    status: 'TRIGGERED',
    trigger: { by: { orgId, userId: 'auth0|1' }, origin: 'UI', at: new Date().toISOString() },
    context: { entity: null, blueprint: 'service', runId },
    payload: { entity: null, action: { identifier: 'deploy', trigger: 'CREATE', invocationMethod: { type: 'WEBHOOK', agent: true, synchronized: true, url } }, properties: {}, censoredProperties: [] },
  };
  const headers = signWebhook(JSON.stringify({ ...body, headers: {} }), SANDBOX_CLIENT_SECRET, Math.floor(Date.now() / 1000));
  return JSON.stringify({ ...body, headers });
}

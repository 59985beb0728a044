import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AgentConsumer } from './consumer.js';
import type { AgentLogger } from './log.js';

/*
 * /healthz and /metrics for the agent, on node:http: a liveness or readiness probe asks /healthz (200 while the
 * member is in its group with a live stream, 503 with the reason otherwise), and Prometheus scrapes /metrics.
 */

function line(name: string, value: number | bigint, labels: Record<string, string | number> = {}): string {
  const text = Object.entries(labels)
    .map(([key, label]) => `${key}="${String(label).replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`)
    .join(',');
  return `${name}${text ? `{${text}}` : ''} ${value}\n`;
}

/** The Prometheus text exposition of the agent's counters and gauges; lag is asked of the broker at each scrape. */
export async function metricsText(agent: AgentConsumer, topic: string): Promise<string> {
  const counters = agent.counters();
  const status = agent.status();
  let out = '';
  out += '# HELP port_ci_agent_records_consumed_total Records received from the runs topic (redeliveries included).\n# TYPE port_ci_agent_records_consumed_total counter\n';
  out += line('port_ci_agent_records_consumed_total', counters.consumed, { topic });
  out += '# HELP port_ci_agent_handed_on_total Records the run handler settled, by outcome.\n# TYPE port_ci_agent_handed_on_total counter\n';
  for (const [outcome, count] of Object.entries(counters.settled)) out += line('port_ci_agent_handed_on_total', count, { topic, outcome });
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
    for (const [partition, lag] of await agent.lag()) out += line('port_ci_agent_lag', lag, { topic, partition });
  } catch {
    // The broker is away: the scrape still answers, without lag, and port_ci_agent_up says why.
  }
  return out;
}

export interface HealthServer {
  /** The port it listens on (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

/** Listens on `host:port` (127.0.0.1 unless told; 0.0.0.0 for a pod) and serves /healthz and /metrics. */
export async function startHealthServer(agent: AgentConsumer, options: { port: number; host?: string; topic: string; logger: AgentLogger }): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
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
      metricsText(agent, options.topic).then(
        (text) => response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text),
        (error) => response.writeHead(500).end(String(error)),
      );
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: this server answers /healthz and /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  options.logger.log('info', 'health and metrics server listening', { host: options.host ?? '127.0.0.1', port });
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/*
 * `port-ci agent --follow` end to end, through a restart: the bundled CLI as processes, a real Kafka broker, the
 * sandbox as Port, the local GitLab API as GitLab. One agent hands a GitLab run on and follows its pipeline; it is
 * SIGKILLed while the pipeline runs, so the record it was following is left uncommitted; the next agent is given
 * the record again, takes the follow up from the run's log without triggering again, and ends the run with the
 * pipeline's result. A third agent with --once then finds nothing left to handle: the record was committed once
 * its follow ended.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import { signWebhook } from '../../src/core/index.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { root } from '../support/cli.js';
import { startGitLabApi, type GitLabApi } from '../support/gitlab-api.js';
import { startKafka, type KafkaBroker } from '../support/kafka.js';

const ORG = 'org_follow';
const TOPIC = `${ORG}.runs`;
const RUN = 'r_followed';
const TRIGGER_TOKEN = 'glptt-e2e-trigger-0123456789';
const READ_TOKEN = 'glpat-e2e-read-api-0123456789';
let broker: KafkaBroker;
let sandbox: Sandbox;
let gitlab: GitLabApi;

beforeAll(async () => {
  broker = await startKafka();
  const admin = new Admin({ clientId: 'e2e-admin', bootstrapBrokers: [broker.brokers] });
  try {
    await admin.createTopics({ topics: [TOPIC], partitions: 2, replicas: 1 });
  } finally {
    await admin.close();
  }
  sandbox = await startSandbox({ runs: [RUN] });
  // The pipeline runs until the test ends it.
  gitlab = await startGitLabApi({
    readToken: READ_TOKEN,
    lifecycle: { createdMs: 10, pendingMs: 10, runningMs: 3_600_000, status: 'success' },
    projects: { 'platform/deployer': { id: 7, triggerToken: TRIGGER_TOKEN, refs: ['main'] } },
  });
}, 120_000);
afterAll(async () => {
  await gitlab?.close();
  await sandbox?.close();
  await broker?.close();
});

function gitlabRunMessage(): string {
  const body = {
    action: 'deploy', resourceType: 'run', status: 'TRIGGERED',
    trigger: { by: { orgId: ORG, userId: 'auth0|1', user: { email: 'dana@example.com' } }, origin: 'UI', at: '2026-12-01T10:00:00.000Z' },
    context: { entity: null, blueprint: 'service', runId: RUN },
    payload: {
      entity: null,
      action: { identifier: 'deploy', trigger: 'CREATE', invocationMethod: { type: 'GITLAB', agent: true, groupName: 'platform', projectName: 'deployer' } },
      properties: { environment: 'staging' },
      censoredProperties: [],
    },
  };
  const headers = signWebhook(JSON.stringify({ ...body, headers: {} }), SANDBOX_CLIENT_SECRET, Math.floor(Date.now() / 1000));
  return JSON.stringify({ ...body, headers });
}

interface AgentProcess {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `port-ci agent --follow` as a process, looking every second, with port-agent's environment names. */
function startAgent(args: string[]): AgentProcess {
  const env = {
    PATH: process.env.PATH ?? '',
    PORT_ORG_ID: ORG,
    KAFKA_CONSUMER_GROUP_ID: `${ORG}-agents`,
    KAFKA_CONSUMER_BOOTSTRAP_SERVERS: broker.brokers,
    KAFKA_CONSUMER_SECURITY_PROTOCOL: 'PLAINTEXT',
    // The broker's smallest session: a killed member's partitions go to the next one 6 s later.
    KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '6000',
    PORT_API_BASE_URL: sandbox.url,
    PORT_CLIENT_ID: SANDBOX_CLIENT_ID,
    PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
    GITLAB_URL: `${gitlab.url}/`,
    platform_deployer: TRIGGER_TOKEN,
    PORT_GITLAB_TOKEN: READ_TOKEN,
  };
  const child = spawn(process.execPath, [path.join(root, 'dist', 'cli', 'index.js'), 'agent', '--follow', '--follow-interval', '1', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  child.stdout!.resume();
  const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  return { child, stderr: () => stderr, exited };
}

async function until(what: string, condition: () => boolean, agent: AgentProcess): Promise<void> {
  for (let waited = 0; !condition(); waited += 100) {
    if (waited > 60_000 || agent.child.exitCode !== null) throw new Error(`waited for ${what}; the agent's log:\n${agent.stderr().slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const logsOf = () => sandbox.runs.get(RUN)!.logs.map((log) => log.message);

describe('port-ci agent --follow', () => {
  it('follows a GitLab pipeline through a SIGKILL: the next agent takes the follow up and ends the run with the pipeline\'s result; the trigger came once', async () => {
    const first = startAgent([]);
    const producer = new Producer({ clientId: 'e2e-port', bootstrapBrokers: [broker.brokers], serializers: stringSerializers, idempotent: true });
    try {
      await producer.send({ messages: [{ topic: TOPIC, key: RUN, value: gitlabRunMessage() }] });
    } finally {
      await producer.close();
    }
    await until('the pipeline to be followed while it runs', () => logsOf().some((line) => line.startsWith('port-ci agent: GitLab pipeline') && line.includes('is running')), first);
    expect(gitlab.triggers).toHaveLength(1);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(sandbox.runs.get(RUN)!.status).toBe('IN_PROGRESS');

    const second = startAgent([]);
    try {
      await until('the record to come again and its follow to be taken up', () => /"outcome":"duplicate"[^\n]*"following":true/.test(second.stderr()), second);
      const pipeline = gitlab.triggers[0]!.pipeline.id;
      gitlab.setJobs(pipeline, [
        { name: 'migrate', stage: 'deploy', status: 'failed' },
        { name: 'build', stage: 'build', status: 'success' },
      ]);
      Object.assign(gitlab.pipelines.get(pipeline)!, { status: 'failed', finished_at: new Date().toISOString() });
      await until('the run to end', () => sandbox.runs.get(RUN)!.status !== 'IN_PROGRESS', second);
      expect(sandbox.runs.get(RUN)).toMatchObject({ status: 'FAILURE', summary: `GitLab pipeline ${pipeline} failed in stage deploy (job migrate)`, link: gitlab.triggers[0]!.pipeline.web_url });
      expect(gitlab.triggers).toHaveLength(1);
      expect(logsOf().filter((line) => line.startsWith('port-ci agent: following '))).toHaveLength(1);
      await until('the follow to end', () => second.stderr().includes('"msg":"follow ended"'), second);
    } finally {
      second.child.kill('SIGTERM');
    }
    expect(await second.exited, second.stderr()).toBe(0);

    const third = startAgent(['--once']);
    expect(await third.exited, third.stderr()).toBe(0);
    expect(third.stderr()).not.toContain('"msg":"record settled"');
    const everything = JSON.stringify(sandbox.requests.map((request) => request.body)) + first.stderr() + second.stderr() + third.stderr();
    expect(everything).not.toContain(TRIGGER_TOKEN);
    expect(everything).not.toContain(READ_TOKEN);
  }, 240_000);
});

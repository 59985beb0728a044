/*
 * README.md's execution-agent quick start, run as written: the shell block is taken from the README, not copied
 * here, so a change to it that does not work fails this test. The one thing the README leaves to the reader, "a
 * Kafka broker you have with the topic on it", is a real broker this test starts, named in the block's first line
 * (the only line changed). The block runs the sandbox and the receiver on the fixed ports it names, 5156 and 5157.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin } from '@platformatic/kafka';
import { root, tempDir } from '../support/cli.js';
import { startKafka, type KafkaBroker } from '../support/kafka.js';

const README = path.join(root, 'README.md');
const BROKERS_LINE = 'brokers=127.0.0.1:9092   # your Kafka';

/** The one ```sh block under "### Quick start" in "## The execution agent"; throws when the section or its block is gone. */
export function agentQuickStartBlock(markdown: string): string {
  const section = /^## The execution agent[^\n]*\n([\s\S]*?)(?=^## )/m.exec(markdown)?.[1] ?? '';
  const quickStart = /^### Quick start[^\n]*\n([\s\S]*?)(?=^##|(?![\s\S]))/m.exec(section)?.[1] ?? '';
  const blocks = [...quickStart.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
  if (blocks.length !== 1) throw new Error(`README.md: expected one sh block under "### Quick start" in "## The execution agent", found ${blocks.length}`);
  return blocks[0]!;
}

/** The block with the reader's broker in its first line. */
function withBroker(block: string, brokers: string): string {
  if (!block.startsWith(`${BROKERS_LINE}\n`)) throw new Error(`the quick start's first line is no longer "${BROKERS_LINE}"`);
  return block.replace(BROKERS_LINE, `brokers=${brokers}`);
}

/** Runs the block with bash -e from the clone's root, as the README says, in a process group of its own. */
function runBlock(block: string): Promise<{ code: number | null; output: string }> {
  const dir = tempDir('port-ci-agent-quickstart-');
  const script = path.join(dir, 'quickstart.sh');
  writeFileSync(script, block);
  // A user's shell, without this machine's Port or Kafka settings.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(PORT_|KAFKA_|CI_|GITLAB_)/.test(name)));
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', script], { cwd: root, env: { ...env, HOME: dir }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    // A block that stopped half-way leaves its background sandbox and receiver holding the output open: when bash
    // exits, end the process group this test started, then take the output once it closes.
    child.on('exit', () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // the group has already gone
      }
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The block's last word on the run: the sandbox's state, as its page shows it. */
function finalRun(output: string): Record<string, any> {
  const state = output.split('\n').reverse().find((line) => line.startsWith('{"ok":true,"runs":'));
  expect(state, output).toBeDefined();
  const runs = JSON.parse(state!).runs as Array<Record<string, any>>;
  expect(runs).toHaveLength(1);
  return runs[0]!;
}

let broker: KafkaBroker;
beforeAll(async () => {
  broker = await startKafka();
  const admin = new Admin({ clientId: 'quickstart-admin', bootstrapBrokers: [broker.brokers] });
  try {
    // "a Kafka broker you have with the topic org_quickstart.runs on it"
    await admin.createTopics({ topics: ['org_quickstart.runs', 'org_quickstart_v2.runs', 'org_quickstart_bad.runs'], partitions: 1, replicas: 1 });
  } finally {
    await admin.close();
  }
}, 180_000);
afterAll(async () => {
  await broker?.close();
});

describe('README.md execution agent quick start', () => {
  it('runs as written: dispatch produces, the agent hands the run on to the receiver, the run ends SUCCESS', { timeout: 120_000 }, async () => {
    const { code, output } = await runBlock(withBroker(agentQuickStartBlock(readFileSync(README, 'utf8')), broker.brokers));
    expect(output).toMatch(/^produced deploy_service_agent to org_quickstart\.runs \(partition 0, offset \d+\) for Port run r_quickstart; an execution agent hands it on to WEBHOOK$/m);
    expect(output).toContain('webhook-receiver: POST /deploy: run r_quickstart of deploy_service_agent on checkout-api, inputs {"environment":"production","replica_count":2}');
    expect(output).not.toContain('webhook-receiver: refused');
    expect(code, output).toBe(0);
    const run = finalRun(output);
    expect(run).toMatchObject({ id: 'r_quickstart', status: 'SUCCESS' });
    expect(run.logs.map((log: { message: string }) => log.message)).toEqual([
      expect.stringMatching(/^port-ci agent: an action message has been received \(delivery org_quickstart\.runs\/0\/\d+\); sending it to WEBHOOK at http:\/\/127\.0\.0\.1:5157\/deploy$/),
      expect.stringMatching(/^port-ci agent: sent to WEBHOOK at http:\/\/127\.0\.0\.1:5157\/deploy: HTTP 200/),
    ]);
  });

  it("runs the same with the action in Port's current format (its own org's topic, so nothing is left over)", { timeout: 120_000 }, async () => {
    const block = withBroker(agentQuickStartBlock(readFileSync(README, 'utf8')), broker.brokers)
      .replaceAll('examples/actions/deploy-service-agent.json', 'examples/actions/deploy-service-agent.v2.json')
      .replaceAll('org_quickstart', 'org_quickstart_v2');
    expect(block).toContain('deploy-service-agent.v2.json --entity checkout-api');
    const { code, output } = await runBlock(block);
    expect(output).toContain('webhook-receiver: POST /deploy/checkout-api: run r_quickstart of deploy_service_agent on checkout-api, inputs {"environment":"production","replica_count":2}');
    expect(code, output).toBe(0);
    expect(finalRun(output)).toMatchObject({ id: 'r_quickstart', status: 'SUCCESS' });
  });

  it('fails when a step does not work: a backend that checks for another secret than the agent signs with', { timeout: 120_000 }, async () => {
    const block = withBroker(agentQuickStartBlock(readFileSync(README, 'utf8')), broker.brokers)
      .replaceAll('org_quickstart', 'org_quickstart_bad')
      .replace('node examples/agent/webhook-receiver.mjs', 'PORT_CLIENT_SECRET=not-the-secret-the-agent-signs-with node examples/agent/webhook-receiver.mjs');
    expect(block).toContain('PORT_CLIENT_SECRET=not-the-secret');
    const { output } = await runBlock(block);
    expect(output).toContain('webhook-receiver: refused POST /deploy: X-Port-Signature: does not match the body and timestamp for this client secret');
    expect(finalRun(output)).toMatchObject({ status: 'FAILURE' });
  });

  it('finds the block, or says it is gone', () => {
    expect(agentQuickStartBlock(readFileSync(README, 'utf8'))).toContain('--kafka-brokers "$brokers"');
    expect(() => agentQuickStartBlock('# port-ci\n\n## The execution agent: `port-ci agent`\n\ntext\n\n## A local Port\n')).toThrow('expected one sh block under "### Quick start" in "## The execution agent", found 0');
  });
});

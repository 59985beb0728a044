/*
 * A whole GitHub job (root action, a command streaming 2,000 lines, a log step, the post step) while Port
 * misbehaves: 503 on every 2nd call, 429 with retry-after, connection resets, stalls, tokens that expire
 * mid-job. Whatever happens: no log line lost or reordered, the run ends, and the job is not failed by reporting.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { root, runCliAsync } from '../support/cli.js';
import { startGitHubApi, type GitHubApi } from '../support/github-api.js';
import { Job } from '../support/job.js';

const classic = JSON.parse(readFileSync(path.join(root, 'examples', 'payloads', 'classic.json'), 'utf8'));
const RUN_ID = classic.context.runId as string;
const TOKEN = 'ghs_faults';
const LINES = 2000;

let sandbox: Sandbox;
let github: GitHubApi | undefined;
afterEach(async () => {
  await sandbox?.close();
  await github?.close();
  github = undefined;
});

/** Prints LINES lines in bursts of 50 with a pause between, so the exec step streams them in many requests. */
const IN_BURSTS = `for i in $(seq 1 ${LINES}); do echo "line $i"; if [ $((i % 50)) = 0 ]; then sleep 0.05; fi; done`;

async function playJob(faults: SandboxOptions, env: Record<string, string> = {}, rootInputs: Record<string, string> = {}, execInputs: Record<string, string> = {}) {
  sandbox = await startSandbox({ runs: [RUN_ID], ...faults });
  github = await startGitHubApi({ token: TOKEN, repos: { 'acme/deployments': { defaultBranch: 'main' } } });
  github.setJobs(9001, 1, [
    {
      name: 'deploy',
      status: 'in_progress',
      conclusion: null,
      runner_name: 'runner-1',
      steps: [
        { name: 'Run port-ci', status: 'completed', conclusion: 'success' },
        { name: 'Deploy', status: 'completed', conclusion: 'success' },
        { name: 'Log', status: 'completed', conclusion: 'success' },
        { name: 'Post Run port-ci', status: 'in_progress', conclusion: null },
      ],
    },
  ] as never);
  const job = new Job(
    {
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'acme/deployments',
      GITHUB_RUN_ID: '9001',
      GITHUB_JOB: 'deploy',
      RUNNER_NAME: 'runner-1',
      ...env,
    },
    { inputs: { port_payload: JSON.stringify(classic) }, workflow: '.github/workflows/deploy.yml' },
  );
  // report-status true: the example's action has reportWorkflowStatus on, which auto leaves to Port.
  const credentials = { 'port-client-id': SANDBOX_CLIENT_ID, 'port-client-secret': SANDBOX_CLIENT_SECRET, 'port-base-url': sandbox.url, 'github-token': TOKEN, 'report-status': 'true', ...rootInputs };
  const steps = [
    await job.step('main', { id: 'port', inputs: credentials, timeoutMs: 60_000 }),
    await job.step('exec', { inputs: { run: `for i in $(seq 1 ${LINES}); do echo "line $i"; done`, ...execInputs }, timeoutMs: 60_000 }),
    await job.step('log', { inputs: { message: 'deployed' }, timeoutMs: 60_000 }),
    await job.step('main', { id: 'port', post: true, inputs: credentials, timeoutMs: 60_000 }),
  ];
  return { steps, run: sandbox.runs.get(RUN_ID)! };
}

/** The job's whole run log: the start, every streamed line, the log step's message and the end, each once. */
function expectEveryLineOnce(run: { logs: { message: string }[] }) {
  const lines = run.logs.flatMap((log) => log.message.split('\n'));
  expect(lines.at(0)).toMatch(/^GitHub workflow run started/);
  expect(lines.slice(1)).toEqual([...Array.from({ length: LINES }, (_, i) => `line ${i + 1}`), 'deployed', 'GitHub job deploy succeeded']);
}

describe('a job while Port misbehaves', () => {
  it('loses and reorders nothing with a 503 on every 2nd call', async () => {
    const { steps, run } = await playJob({ failEvery: { n: 2, status: 503 } });
    for (const step of steps) expect(step.code).toBe(0);
    expect(run.status).toBe('SUCCESS');
    expectEveryLineOnce(run);
    expect(sandbox.requests.filter((r) => r.status === 503).length).toBeGreaterThan(3);
  });

  it('waits out 429s as retry-after asks', async () => {
    const { steps, run } = await playJob({ failEvery: { n: 3, status: 429 } });
    for (const step of steps) expect(step.code).toBe(0);
    expect(run.status).toBe('SUCCESS');
    expectEveryLineOnce(run);
  });

  it('goes through connection resets', async () => {
    const { steps, run } = await playJob({ dropEvery: 3 });
    for (const step of steps) expect(step.code).toBe(0);
    expect(run.status).toBe('SUCCESS');
    expectEveryLineOnce(run);
  });

  it('gives up on stalled calls and tries again, instead of waiting them out', async () => {
    const { steps, run } = await playJob({ stallEvery: { n: 4, ms: 30_000 } }, { PORT_ATTEMPT_TIMEOUT_SECONDS: '0.5' });
    for (const step of steps) expect(step.code).toBe(0);
    expect(run.status).toBe('SUCCESS');
    expectEveryLineOnce(run);
  }, 90_000);

  it('renews tokens that expire mid-job, given export-credentials', async () => {
    const { steps, run } = await playJob({ tokenTtlSeconds: 1 }, {}, { 'export-credentials': 'true' });
    for (const step of steps) expect(step.code).toBe(0);
    expect(run.status).toBe('SUCCESS');
    expectEveryLineOnce(run);
    expect(sandbox.authCount()).toBeGreaterThan(1);
  });

  it('keeps every line exactly once, in order, when every 3rd answer is lost after Port did the work', async () => {
    const { steps, run } = await playJob({ loseAnswerEvery: 3 });
    for (const step of steps) expect(step.code).toBe(0);
    expect(run.status).toBe('SUCCESS');
    expectEveryLineOnce(run);
    expect(sandbox.requests.filter((r) => r.answerLost && r.method === 'POST' && r.path.endsWith('/logs')).length).toBeGreaterThan(0);
  });

  it('keeps every line exactly once, in order, when exec streams in many requests and every 2nd answer is lost', async () => {
    const { steps, run } = await playJob({ loseAnswerEvery: 2 }, {}, {}, { run: IN_BURSTS });
    for (const step of steps) expect(step.code).toBe(0);
    expect(run.status).toBe('SUCCESS');
    expectEveryLineOnce(run);
    const lostLogs = sandbox.requests.filter((r) => r.answerLost && r.method === 'POST' && r.path.endsWith('/logs'));
    expect(lostLogs.length).toBeGreaterThanOrEqual(4);
    expect(sandbox.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/logs')).length).toBeGreaterThanOrEqual(lostLogs.length);
  }, 60_000);

  it('ends the run once, with every line before it, when exec ends the run and every 3rd answer is lost', async () => {
    // Every 3rd, not 2nd: the log step after exec meets an ended run, and a log Port refused (422) with its answer
    // lost is looked for (one request) before it is sent again, so every copy would land on a lost answer.
    const { steps, run } = await playJob({ loseAnswerEvery: 3 }, {}, {}, { run: IN_BURSTS, 'report-status': 'true' });
    expect(steps.map((step) => step.code)).toEqual([0, 0, 0, 0]);
    expect(steps[1]!.stdout).not.toContain('::warning::');
    expect(run.status).toBe('SUCCESS');
    expect(run.logs.filter((log) => log.terminationStatus)).toEqual([expect.objectContaining({ message: 'The command exited with code 0', terminationStatus: 'SUCCESS' })]);
    const lines = run.logs.flatMap((log) => log.message.split('\n')).filter((line) => line.startsWith('line '));
    expect(lines).toEqual(Array.from({ length: LINES }, (_, i) => `line ${i + 1}`));
  }, 60_000);
  it('never fails the job when Port stays down, and says how many lines could not be delivered', async () => {
    const { steps } = await playJob({ failEvery: { n: 1, status: 503 } }, { PORT_RETRY_DEADLINE_SECONDS: '0.5' }, { 'export-credentials': 'true' });
    expect(steps.map((step) => step.code)).toEqual([0, 0, 0, 0]);
    expect(steps[1]!.stdout).toMatch(new RegExp(`::warning::${LINES} of ${LINES} lines could not be delivered to Port's run log: .*Port answered 503`));
    expect(steps[3]!.stdout).toMatch(/::warning::Could not get an access token: Port answered 503/);
    expect(sandbox.runs.get(RUN_ID)!.logs).toEqual([]);
  });
});

describe('port-ci exec when the answer to a log is lost after Port stored it', () => {
  /** exec as a process, with a token an earlier step got, so its first request is its first log. */
  async function exec(faults: SandboxOptions, script: string, lose = 0) {
    sandbox = await startSandbox({ runs: [RUN_ID], ...faults });
    sandbox.loseNextAnswers(lose);
    const env = { PORT_BASE_URL: sandbox.url, PORT_RUN_ID: RUN_ID, PORT_ACCESS_TOKEN: sandbox.issueToken(), PORT_ATTEMPT_TIMEOUT_SECONDS: '2' };
    return runCliAsync(['exec', '--report-status', '--', 'bash', '-c', script], { env, timeoutMs: 60_000 });
  }

  it('streams many lines in many requests, every 2nd answer lost, and Port holds each line exactly once, in order', async () => {
    const result = await exec({ loseAnswerEvery: 2 }, IN_BURSTS);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const run = sandbox.runs.get(RUN_ID)!;
    expect(run.logs.flatMap((log) => log.message.split('\n'))).toEqual([...Array.from({ length: LINES }, (_, i) => `line ${i + 1}`), 'bash exited with code 0']);
    expect(run.status).toBe('SUCCESS');
    expect(sandbox.requests.filter((r) => r.answerLost && r.method === 'POST').length).toBeGreaterThanOrEqual(4);
  }, 60_000);

  it('counts the run-ending log as delivered when its copy meets 422 run_exhausted, and exits with the code', async () => {
    const result = await exec({}, 'exit 0', 1);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const run = sandbox.runs.get(RUN_ID)!;
    expect(run.status).toBe('SUCCESS');
    expect(run.logs.map(({ at: _at, ...log }) => log)).toEqual([{ message: 'bash exited with code 0', terminationStatus: 'SUCCESS' }]);
    expect(sandbox.requests.map((r) => `${r.method} ${r.answerLost ? 'lost' : r.status}`)).toEqual(['POST lost', 'POST 422', 'GET 200', 'GET 200']);
  });
});

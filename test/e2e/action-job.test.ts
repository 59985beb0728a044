/*
 * Whole jobs, played as the runner plays them: the root action's main step, the user's steps, sub-actions,
 * then the root action's post step, against the sandbox for Port and a local GitHub API for the job's outcome.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { root } from '../support/cli.js';
import { startGitHubApi, type GitHubApi, type GitHubApiOptions, type StepInput } from '../support/github-api.js';
import { Job } from '../support/job.js';

const classic = JSON.parse(readFileSync(path.join(root, 'examples', 'payloads', 'classic.json'), 'utf8'));
const RUN_ID = classic.context.runId as string;
const TOKEN = 'ghs_job_token_0123456789';
const WORKFLOW_RUN = 7001;

let sandbox: Sandbox;
let github: GitHubApi;
afterEach(async () => {
  await sandbox?.close();
  await github?.close();
});

async function setUp(options: Partial<GitHubApiOptions> = {}) {
  sandbox = await startSandbox({ runs: [RUN_ID] });
  github = await startGitHubApi({ token: TOKEN, repos: { 'acme/deployments': { defaultBranch: 'main' } }, ...options });
  const job = new Job(
    {
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'acme/deployments',
      GITHUB_RUN_ID: String(WORKFLOW_RUN),
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: 'deploy',
      RUNNER_NAME: 'GitHub Actions 12',
      PORT_RETRY_DEADLINE_SECONDS: '1',
    },
    { inputs: { port_payload: JSON.stringify(classic), replica_count: '4' }, workflow: '.github/workflows/deploy.yml' },
  );
  const portInputs = { 'port-client-id': SANDBOX_CLIENT_ID, 'port-client-secret': SANDBOX_CLIENT_SECRET, 'port-base-url': sandbox.url, 'github-token': TOKEN };
  return { job, portInputs };
}

/** What the jobs API shows while the post steps run: the main steps done, ours in progress. */
function jobSteps(conclusions: Array<[string, 'success' | 'failure' | 'cancelled' | 'skipped']>): StepInput[] {
  return [
    { name: 'Set up job', status: 'completed', conclusion: 'success' },
    ...conclusions.map(([name, conclusion]) => ({ name, status: 'completed' as const, conclusion })),
    { name: 'Post Port run', status: 'in_progress', conclusion: null },
    { name: 'Complete job', status: 'queued', conclusion: null },
  ];
}

function setJob(steps: StepInput[], extra: Array<Record<string, unknown>> = []) {
  github.setJobs(WORKFLOW_RUN, 1, [...extra, { name: 'deploy', status: 'in_progress', conclusion: null, runner_name: 'GitHub Actions 12', steps }] as never);
}

const run = () => sandbox.runs.get(RUN_ID)!;

describe('a job with the root action', () => {
  // Five steps: the root action, the user's own deploy step (no Port call), actions/log, actions/exec, and the
  // root action's post step. Port calls: a token, the link, the first log, the log, the streamed output, the end.
  it('ends the run SUCCESS after a five-step job, with one token and at most six Port calls', async () => {
    const { job, portInputs } = await setUp();
    setJob(jobSteps([['Run port-ci', 'success'], ['Deploy', 'success'], ['Log', 'success'], ['Exec', 'success']]));
    expect((await job.step('main', { id: 'port', inputs: portInputs })).code).toBe(0);
    expect((await job.step('log', { inputs: { message: 'Deployed checkout-api' } })).code).toBe(0);
    expect((await job.step('exec', { inputs: { run: 'echo rolling out; echo done' } })).code).toBe(0);
    const post = await job.step('main', { id: 'port', post: true, inputs: portInputs });
    expect(post.code).toBe(0);
    expect(run()).toMatchObject({ status: 'SUCCESS', link: 'https://github.com/acme/deployments/actions/runs/7001', externalRunId: '7001' });
    expect(run().logs.map((log) => log.message)).toEqual([
      'GitHub workflow run started: https://github.com/acme/deployments/actions/runs/7001 (job deploy)',
      'Deployed checkout-api',
      'rolling out\ndone',
      'GitHub job deploy succeeded',
    ]);
    expect(sandbox.authCount()).toBe(1);
    expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/auth/access_token',
      `PATCH /v1/actions/runs/${RUN_ID}`,
      ...Array(4).fill(`POST /v1/actions/runs/${RUN_ID}/logs`),
    ]);
    const shown = job.results.map((r) => r.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n') + r.stderr + JSON.stringify(r.outputs) + r.summary);
    expect(shown.join('')).not.toContain(SANDBOX_CLIENT_SECRET);
    expect(github.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('ends the run FAILURE naming the failed step', async () => {
    const { job, portInputs } = await setUp();
    setJob(jobSteps([['Run port-ci', 'success'], ['Deploy', 'failure'], ['Notify', 'skipped']]));
    await job.step('main', { id: 'port', inputs: portInputs });
    await job.step('main', { id: 'port', post: true, inputs: portInputs });
    expect(run()).toMatchObject({ status: 'FAILURE', statusLabel: 'Failed: Deploy' });
    expect(run().logs.at(-1)!.message).toBe('GitHub job deploy failed: step "Deploy" failed');
  });

  it('ends the run FAILURE when the main step refuses the payload, rather than leaving it running', async () => {
    const { job, portInputs } = await setUp();
    setJob(jobSteps([['Run port-ci', 'failure']]));
    const broken = { ...classic, payload: { ...classic.payload, properties: ['not', 'an', 'object'] } };
    const event = { inputs: { port_payload: JSON.stringify(broken) }, workflow: '.github/workflows/deploy.yml' };
    const main = await job.step('main', { id: 'port', inputs: portInputs, event });
    expect(main.code).toBe(1);
    expect(main.stdout).toMatch(/::error::port_payload\.payload\.properties: expected an object but found an array of 3/);
    await job.step('main', { id: 'port', post: true, inputs: portInputs, event });
    expect(run()).toMatchObject({ status: 'FAILURE', statusLabel: 'Failed: Run port-ci' });
  });

  it('ends the run FAILURE labelled Cancelled when a step was cancelled', async () => {
    const { job, portInputs } = await setUp();
    setJob(jobSteps([['Run port-ci', 'success'], ['Deploy', 'cancelled']]));
    await job.step('main', { id: 'port', inputs: portInputs });
    await job.step('main', { id: 'port', post: true, inputs: portInputs });
    expect(run()).toMatchObject({ status: 'FAILURE', statusLabel: 'Cancelled' });
  });

  it('finds this job by runner among earlier jobs on the same self-hosted runner and many others', async () => {
    const { job, portInputs } = await setUp();
    const others = Array.from({ length: 130 }, (_, i) => ({ name: `matrix ${i}`, status: 'completed', conclusion: 'success', runner_name: `runner ${i}` }));
    const earlier = { name: 'build', status: 'completed', conclusion: 'failure', runner_name: 'GitHub Actions 12' };
    github.setJobs(WORKFLOW_RUN, 1, [earlier, ...others, { name: 'deploy', status: 'in_progress', conclusion: null, runner_name: 'GitHub Actions 12', steps: jobSteps([['Deploy', 'success']]) }] as never);
    await job.step('main', { id: 'port', inputs: portInputs });
    await job.step('main', { id: 'port', post: true, inputs: portInputs });
    expect(run().status).toBe('SUCCESS');
    expect(github.requests.filter((r) => r.path.endsWith('/jobs')).length).toBe(2);
  });

  it('ends the run FAILURE with the reason and the fix when the token cannot read Actions', async () => {
    const { job, portInputs } = await setUp({ tokenPermissions: { actions: 'none' } });
    setJob(jobSteps([['Deploy', 'success']]));
    await job.step('main', { id: 'port', inputs: portInputs });
    const post = await job.step('main', { id: 'port', post: true, inputs: portInputs });
    expect(post.code).toBe(0);
    expect(run()).toMatchObject({ status: 'FAILURE', statusLabel: 'Outcome unknown' });
    const message = run().logs.at(-1)!.message;
    expect(message).toMatch(/could not tell how GitHub job deploy ended: the GitHub API did not give this job's steps \(GitHub answered 403 "Resource not accessible by integration"\)/);
    expect(message).toMatch(/permissions: \{ actions: read \}/);
    expect(post.stdout).toMatch(/^::warning::port-ci could not tell how/m);
  });

  it('ends the run FAILURE when the GitHub API is down, never SUCCESS without knowing', async () => {
    const { job, portInputs } = await setUp();
    await job.step('main', { id: 'port', inputs: portInputs });
    github.failNext(1000, 503);
    const post = await job.step('main', { id: 'port', post: true, inputs: portInputs });
    expect(post.code).toBe(0);
    expect(run()).toMatchObject({ status: 'FAILURE', statusLabel: 'Outcome unknown' });
    expect(run().logs.at(-1)!.message).toMatch(/GitHub answered 503/);
  });

  it('ends the run FAILURE when github-token is empty', async () => {
    const { job, portInputs } = await setUp();
    await job.step('main', { id: 'port', inputs: { ...portInputs, 'github-token': '' } });
    await job.step('main', { id: 'port', post: true, inputs: { ...portInputs, 'github-token': '' } });
    expect(run()).toMatchObject({ status: 'FAILURE', statusLabel: 'Outcome unknown' });
    expect(github.requests).toHaveLength(0);
  });

  it('leaves the run to a report step that already ended it', async () => {
    const { job, portInputs } = await setUp();
    setJob(jobSteps([['Deploy', 'failure']]));
    await job.step('main', { id: 'port', inputs: portInputs });
    expect((await job.step('report', { inputs: { status: 'success', summary: 'Deployed by hand' } })).code).toBe(0);
    const before = sandbox.requests.length;
    const post = await job.step('main', { id: 'port', post: true, inputs: portInputs });
    expect(post.stdout).toContain(`Port run ${RUN_ID} was already ended (SUCCESS) by a report step; nothing to do.`);
    expect(sandbox.requests.length).toBe(before);
    expect(run()).toMatchObject({ status: 'SUCCESS', summary: 'Deployed by hand' });
  });

  it('leaves the run alone with report-status: false', async () => {
    const { job, portInputs } = await setUp();
    await job.step('main', { id: 'port', inputs: { ...portInputs, 'report-status': 'false' } });
    await job.step('main', { id: 'port', post: true, inputs: { ...portInputs, 'report-status': 'false' } });
    expect(run().status).toBe('IN_PROGRESS');
    expect(github.requests).toHaveLength(0);
  });

  it('does nothing at the end of an omitPayload run, having said why at the start', async () => {
    const { job, portInputs } = await setUp();
    const omitted = { inputs: { replica_count: '3' }, workflow: '.github/workflows/deploy.yml' };
    const main = await job.step('main', { id: 'port', inputs: portInputs, event: omitted });
    expect(main.stdout).toMatch(/::notice::Reporting to Port is off: there is no Port run id to report to/);
    const post = await job.step('main', { id: 'port', post: true, inputs: portInputs, event: omitted });
    expect(post.code).toBe(0);
    expect(post.stdout).toBe('');
  });

  it('accepts that the run was ended elsewhere meanwhile', async () => {
    const { job, portInputs } = await setUp();
    setJob(jobSteps([['Deploy', 'success']]));
    await job.step('main', { id: 'port', inputs: portInputs });
    sandbox.runs.get(RUN_ID)!.status = 'FAILURE';
    const post = await job.step('main', { id: 'port', post: true, inputs: portInputs });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain(`Port run ${RUN_ID} had already ended; nothing to do.`);
    expect(post.stdout).not.toContain('::warning::');
  });

  it('warns, and does not fail the job, when Port refuses the post step', async () => {
    const { job, portInputs } = await setUp();
    setJob(jobSteps([['Deploy', 'success']]));
    await job.step('main', { id: 'port', inputs: portInputs });
    sandbox.failNext(1000, 503);
    const post = await job.step('main', { id: 'port', post: true, inputs: portInputs });
    expect(post.code).toBe(0);
    expect(post.stdout).toMatch(/^::warning::Could not add a log to run .*Port answered 503/m);
  });
});

/*
 * Whole jobs, played as the runner plays them: the root action's main step, the user's steps, sub-actions,
 * then the root action's post step, against the sandbox for Port and a local GitHub API for the job's outcome.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
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
  // report-status true: the example payload's action has reportWorkflowStatus on, which `auto` leaves to Port.
  const portInputs = { 'port-client-id': SANDBOX_CLIENT_ID, 'port-client-secret': SANDBOX_CLIENT_SECRET, 'port-base-url': sandbox.url, 'github-token': TOKEN, 'report-status': 'true' };
  return { job, portInputs };
}

/** What the jobs API shows while the post steps run: the main steps done, ours in progress. */
function jobSteps(conclusions: Array<[string, 'success' | 'failure' | 'cancelled' | 'skipped']>): StepInput[] {
  return [
    { name: 'Set up job', status: 'completed', conclusion: 'success' },
    { name: 'Port run', status: 'completed', conclusion: 'success' },
    ...conclusions.map(([name, conclusion]) => ({ name, status: 'completed' as const, conclusion })),
    { name: 'Post Port run', status: 'in_progress', conclusion: null },
    { name: 'Complete job', status: 'queued', conclusion: null },
  ];
}

function setJob(steps: StepInput[], extra: Array<Record<string, unknown>> = []) {
  github.setJobs(WORKFLOW_RUN, 1, [...extra, { id: 900, name: 'deploy', status: 'in_progress', conclusion: null, runner_name: 'GitHub Actions 12', steps }] as never);
}

const run = () => sandbox.runs.get(RUN_ID)!;

describe('a job with the root action', () => {
  // Five steps: the root action, the user's own deploy step (no Port call), actions/log, actions/exec, and the
  // root action's post step. Port calls: a token, the link, the first log, the log, the streamed output, the end.
  it('ends the run SUCCESS after a five-step job, with one token and at most six Port calls', async () => {
    const { job, portInputs } = await setUp();
    setJob(jobSteps([['Deploy', 'success'], ['Log', 'success'], ['Exec', 'success']]));
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
    setJob(jobSteps([['Deploy', 'failure'], ['Notify', 'skipped']]));
    await job.step('main', { id: 'port', inputs: portInputs });
    await job.step('main', { id: 'port', post: true, inputs: portInputs });
    expect(run()).toMatchObject({ status: 'FAILURE', statusLabel: 'Failed: Deploy' });
    expect(run().logs.at(-1)!.message).toBe('GitHub job deploy failed: step "Deploy" failed');
  });

  it('ends the run FAILURE when the main step refuses the payload, rather than leaving it running', async () => {
    const { job, portInputs } = await setUp();
    setJob([
      { name: 'Set up job', status: 'completed', conclusion: 'success' },
      { name: 'Port run', status: 'completed', conclusion: 'failure' },
      { name: 'Post Port run', status: 'in_progress', conclusion: null },
    ]);
    const broken = { ...classic, payload: { ...classic.payload, properties: ['not', 'an', 'object'] } };
    const event = { inputs: { port_payload: JSON.stringify(broken) }, workflow: '.github/workflows/deploy.yml' };
    const main = await job.step('main', { id: 'port', inputs: portInputs, event });
    expect(main.code).toBe(1);
    expect(main.stdout).toMatch(/::error::port_payload\.payload\.properties: expected an object but found an array of 3/);
    await job.step('main', { id: 'port', post: true, inputs: portInputs, event });
    expect(run()).toMatchObject({ status: 'FAILURE', statusLabel: 'Failed: Port run' });
  });

  it('ends the run FAILURE labelled Cancelled when a step was cancelled', async () => {
    const { job, portInputs } = await setUp();
    setJob(jobSteps([['Deploy', 'cancelled']]));
    await job.step('main', { id: 'port', inputs: portInputs });
    await job.step('main', { id: 'port', post: true, inputs: portInputs });
    expect(run()).toMatchObject({ status: 'FAILURE', statusLabel: 'Cancelled' });
  });

  it('finds this job by runner among earlier jobs on the same self-hosted runner and many others', async () => {
    const { job, portInputs } = await setUp();
    const others = Array.from({ length: 130 }, (_, i) => ({ name: `matrix ${i}`, status: 'completed', conclusion: 'success', runner_name: `runner ${i}` }));
    const earlier = { name: 'build', status: 'completed', conclusion: 'success', runner_name: 'GitHub Actions 12', steps: [{ name: 'Run make', status: 'completed', conclusion: 'success' }] };
    github.setJobs(WORKFLOW_RUN, 1, [earlier, ...others, { name: 'deploy', status: 'in_progress', conclusion: null, runner_name: 'GitHub Actions 12', steps: jobSteps([['Deploy', 'success']]) }] as never);
    await job.step('main', { id: 'port', inputs: portInputs });
    await job.step('main', { id: 'port', post: true, inputs: portInputs });
    expect(run().status).toBe('SUCCESS');
    expect(github.requests.filter((r) => r.path.endsWith('/jobs')).length).toBe(2);
  });

  it('leaves the run running, saying why and how to fix it, when the token cannot read Actions', async () => {
    const { job, portInputs } = await setUp({ tokenPermissions: { actions: 'none' } });
    setJob(jobSteps([['Deploy', 'success']]));
    await job.step('main', { id: 'port', inputs: portInputs });
    const post = await job.step('main', { id: 'port', post: true, inputs: portInputs });
    expect(post.code).toBe(0);
    expect(run()).toMatchObject({ status: 'IN_PROGRESS', statusLabel: 'Outcome unknown' });
    const message = run().logs.at(-1)!.message;
    expect(message).toMatch(/could not tell how GitHub job deploy ended: the GitHub API did not list this workflow run's jobs \(GitHub answered 403 "Resource not accessible by integration"\)/);
    expect(message).toMatch(/The run is left running rather than given a guessed status/);
    expect(message).toMatch(/permissions: \{ actions: read, contents: read \}/);
    expect(message).toMatch(/status: \$\{\{ job\.status \}\}/);
    expect(run().logs.at(-1)!.terminationStatus).toBeUndefined();
    expect(post.stdout).toMatch(/^::warning::port-ci could not tell how/m);
  });

  it('leaves the run running when the GitHub API is down, never SUCCESS or FAILURE without knowing', async () => {
    const { job, portInputs } = await setUp();
    await job.step('main', { id: 'port', inputs: portInputs });
    github.failNext(1000, 503);
    const post = await job.step('main', { id: 'port', post: true, inputs: portInputs });
    expect(post.code).toBe(0);
    expect(run()).toMatchObject({ status: 'IN_PROGRESS', statusLabel: 'Outcome unknown' });
    expect(run().logs.at(-1)!.message).toMatch(/GitHub answered 503/);
  });

  it('leaves the run running when github-token is empty, saying so', async () => {
    const { job, portInputs } = await setUp();
    await job.step('main', { id: 'port', inputs: { ...portInputs, 'github-token': '' } });
    await job.step('main', { id: 'port', post: true, inputs: { ...portInputs, 'github-token': '' } });
    expect(run()).toMatchObject({ status: 'IN_PROGRESS', statusLabel: 'Outcome unknown' });
    expect(run().logs.at(-1)!.message).toMatch(/the github-token input is empty/);
    expect(github.requests).toHaveLength(0);
  });

  it('leaves the run to the last job while another job of the workflow run is still running', async () => {
    const { job, portInputs } = await setUp();
    setJob(jobSteps([['Deploy', 'success']]), [{ id: 901, name: 'smoke', status: 'in_progress', conclusion: null, runner_name: 'GitHub Actions 13', steps: [{ name: 'Set up job', status: 'completed', conclusion: 'success' }, { name: 'Run smoke', status: 'in_progress', conclusion: null }] }]);
    await job.step('main', { id: 'port', inputs: portInputs });
    const post = await job.step('main', { id: 'port', post: true, inputs: portInputs });
    expect(post.code).toBe(0);
    expect(run().status).toBe('IN_PROGRESS');
    expect(run().logs.at(-1)).toMatchObject({ message: 'GitHub job deploy succeeded; the run is left to the last job of this workflow run (still running: smoke)' });
  });

  it('as the last job, ends the run with every job of the workflow run: FAILURE when an earlier one failed', async () => {
    const { job, portInputs } = await setUp();
    setJob(jobSteps([['Deploy', 'success']]), [{ id: 899, name: 'build', status: 'completed', conclusion: 'failure', runner_name: 'GitHub Actions 3', steps: [{ name: 'Run make', status: 'completed', conclusion: 'failure' }] }]);
    await job.step('main', { id: 'port', inputs: portInputs });
    await job.step('main', { id: 'port', post: true, inputs: portInputs });
    expect(run()).toMatchObject({ status: 'FAILURE', statusLabel: 'Failed: build' });
    expect(run().logs.at(-1)!.message).toBe('GitHub job build failed: step "Run make" failed');
  });

  it('with report-status auto, leaves a run whose action has reportWorkflowStatus on to Port, and says so', async () => {
    const { job, portInputs } = await setUp();
    setJob(jobSteps([['Deploy', 'success']]));
    const inputs = { ...portInputs, 'report-status': 'auto' };
    await job.step('main', { id: 'port', inputs });
    const post = await job.step('main', { id: 'port', post: true, inputs });
    expect(post.code).toBe(0);
    expect(run().status).toBe('IN_PROGRESS');
    expect(run().logs.at(-1)!.message).toBe("GitHub job deploy finished; Port ends the run when the workflow run completes (the action's reportWorkflowStatus)");
    expect(github.requests).toHaveLength(0);
  });

  it('with report-status auto (the default), ends a run whose action has reportWorkflowStatus off', async () => {
    const { job, portInputs } = await setUp();
    setJob(jobSteps([['Deploy', 'success']]));
    const quiet = structuredClone(classic);
    quiet.payload.action.invocationMethod.reportWorkflowStatus = false;
    const event = { inputs: { port_payload: JSON.stringify(quiet) }, workflow: '.github/workflows/deploy.yml' };
    const { 'report-status': _, ...inputs } = portInputs;
    await job.step('main', { id: 'port', inputs, event });
    await job.step('main', { id: 'port', post: true, inputs, event });
    expect(run()).toMatchObject({ status: 'SUCCESS' });
    expect(run().logs.at(-1)!.message).toBe('GitHub job deploy succeeded');
  });

  it('refuses a report-status that is not auto, true or false, naming it', async () => {
    const { job, portInputs } = await setUp();
    const main = await job.step('main', { id: 'port', inputs: { ...portInputs, 'report-status': 'sometimes' } });
    expect(main.code).toBe(1);
    expect(main.stdout).toContain("::error::Invalid report-status 'sometimes'. Expected auto, true or false.");
  });

  it('leaves the run to a report step that already ended it', async () => {
    const { job, portInputs } = await setUp();
    setJob(jobSteps([['Deploy', 'failure']]));
    await job.step('main', { id: 'port', inputs: portInputs });
    expect((await job.step('report', { inputs: { status: 'success', summary: 'Deployed by hand' } })).code).toBe(0);
    const before = sandbox.requests.length;
    const post = await job.step('main', { id: 'port', post: true, inputs: portInputs });
    expect(post.stdout).toContain(`Port run ${RUN_ID} was already ended (SUCCESS) by a step of this job; nothing to do.`);
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

  it("shares Port's token with later port-ci steps through a file only the job's user can read, never through the environment", async () => {
    const { job, portInputs } = await setUp();
    setJob(jobSteps([['Log', 'success']]));
    const main = await job.step('main', { id: 'port', inputs: portInputs });
    const token = /^::add-mask::(.+)$/m.exec(main.stdout.replace(`::add-mask::${SANDBOX_CLIENT_SECRET}\n`, ''))![1]!;
    expect(JSON.stringify(job.environment())).not.toContain(token); // what later steps get in their environment
    const { RUNNER_TEMP } = job.environment();
    const files = readdirSync(path.join(RUNNER_TEMP!, 'port-ci'));
    expect(files).toHaveLength(1);
    expect(statSync(path.join(RUNNER_TEMP!, 'port-ci', files[0]!)).mode & 0o777).toBe(0o600);
    // The log step has no secret of its own: it reports with the shared token, and nobody authenticates again.
    expect((await job.step('log', { inputs: { message: 'with the shared token' } })).code).toBe(0);
    expect(sandbox.authCount()).toBe(1);
    expect(run().logs.at(-1)!.message).toBe('with the shared token');
  });

  it('with share-token: false, shares no token: a later step without credentials says it cannot report', async () => {
    const { job, portInputs } = await setUp();
    await job.step('main', { id: 'port', inputs: { ...portInputs, 'share-token': 'false' } });
    expect(readdirSync(job.environment().RUNNER_TEMP!)).not.toContain('port-ci');
    const log = await job.step('log', { inputs: { message: 'no token for me' } });
    expect(log.code).toBe(0);
    expect(log.stdout).toMatch(/::notice::Not reported to Port: no Port credentials/);
    // With a secret of its own it reports (and authenticates itself).
    const own = await job.step('log', { inputs: { message: 'my own credentials', 'port-client-secret': SANDBOX_CLIENT_SECRET } });
    expect(own.code).toBe(0);
    expect(run().logs.at(-1)!.message).toBe('my own credentials');
    expect(sandbox.authCount()).toBe(2);
  });

  it('serves two root actions in one job: each post step ends its own run, and a report ending one never skips the other', async () => {
    const { job, portInputs } = await setUp();
    const SECOND = 'r_second0000000001';
    sandbox.runs.set(SECOND, { ...structuredClone(run()), id: SECOND, status: 'IN_PROGRESS', logs: [] });
    setJob(jobSteps([['Port run', 'success'], ['Report', 'success']]));
    const second = structuredClone(classic);
    second.context.runId = SECOND;
    await job.step('main', { id: 'first', inputs: portInputs });
    await job.step('main', { id: 'second', inputs: { ...portInputs, payload: JSON.stringify(second) } });
    // PORT_RUN_ID now names the second run: a report step ends it.
    expect((await job.step('report', { inputs: { status: 'failure', summary: 'second one failed' } })).code).toBe(0);
    expect(sandbox.runs.get(SECOND)!.status).toBe('FAILURE');
    const postSecond = await job.step('main', { id: 'second', post: true, inputs: { ...portInputs, payload: JSON.stringify(second) } });
    expect(postSecond.stdout).toContain(`Port run ${SECOND} was already ended (FAILURE) by a step of this job; nothing to do.`);
    const postFirst = await job.step('main', { id: 'first', post: true, inputs: portInputs });
    expect(postFirst.code).toBe(0);
    expect(run()).toMatchObject({ status: 'SUCCESS' });
    expect(run().logs.at(-1)!.message).toBe('GitHub job deploy succeeded');
    expect(sandbox.authCount()).toBe(1);
  });

  it('leaves a run that `port-ci report --status` in a run step ended to that step, and reuses the job token there', async () => {
    const { job, portInputs } = await setUp();
    setJob(jobSteps([['Deploy', 'success']]));
    await job.step('main', { id: 'port', inputs: portInputs });
    const cli = await job.step('cli', { args: ['report', '--status', 'failure', '--summary', 'rolled back'] });
    expect(cli.code).toBe(0);
    expect(cli.env.PORT_RUN_ENDED).toBe(`${RUN_ID}=FAILURE`);
    const post = await job.step('main', { id: 'port', post: true, inputs: portInputs });
    expect(post.stdout).toContain(`Port run ${RUN_ID} was already ended (FAILURE) by a step of this job; nothing to do.`);
    expect(run()).toMatchObject({ status: 'FAILURE', summary: 'rolled back' });
    expect(sandbox.authCount()).toBe(1);
  });

  it('passes, with a notice, in a workflow started by a push rather than by Port', async () => {
    const { job, portInputs } = await setUp();
    const push = { ref: 'refs/heads/main', commits: [], repository: { full_name: 'acme/deployments' } };
    const main = await job.step('main', { id: 'port', inputs: portInputs, event: push, env: { GITHUB_EVENT_NAME: 'push' } });
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/^::notice::This workflow was started by push, not by Port: there is no Port run here/m);
    expect(main.outputs).toEqual({ format: 'none' });
    const post = await job.step('main', { id: 'port', post: true, inputs: portInputs, event: push });
    expect(post.code).toBe(0);
    expect(sandbox.requests).toEqual([]);
  });
});

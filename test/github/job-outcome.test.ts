import { afterEach, describe, expect, it } from 'vitest';
import { judgeJobs, readVerdict, type ApiJob } from '../../src/github/job-outcome.js';
import { workflowRun } from '../../src/github/workflow-run.js';
import { startGitHubApi, type GitHubApi, type StepInput } from '../support/github-api.js';

const TOKEN = 'ghs_outcome';
let github: GitHubApi;
afterEach(async () => github?.close());

type JobSpec = { id?: number; name: string; status: string; conclusion?: string | null; runner_name?: string | null; steps?: StepInput[] };

async function setUp(jobs: JobSpec[], options: { actions?: 'read' | 'none' } = {}) {
  github = await startGitHubApi({ token: TOKEN, tokenPermissions: { actions: options.actions ?? 'read' }, repos: { 'acme/app': { defaultBranch: 'main' } } });
  github.setJobs(42, 1, jobs as never);
  return workflowRun({ GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '1', RUNNER_NAME: 'r1' });
}

const done = (name: string, conclusion: 'success' | 'failure' | 'skipped' | 'cancelled' = 'success'): StepInput => ({ name, status: 'completed', conclusion });
const running = (name: string): StepInput => ({ name, status: 'in_progress', conclusion: null });
const queued = (name: string): StepInput => ({ name, status: 'queued', conclusion: null });
/** A job in its post steps: our main step "Run ./" done, our post step running. */
const inPost = (extra: StepInput[] = []): StepInput[] => [done('Set up job'), done('Run ./'), ...extra, running('Post Run ./'), queued('Complete job')];
const me = (steps: StepInput[], name = 'deploy'): JobSpec => ({ id: 10, name, status: 'in_progress', conclusion: null, runner_name: 'r1', steps });

const job = (spec: Partial<ApiJob> & { name: string; status: string }): ApiJob => ({ id: 1, conclusion: null, runner_name: null, steps: [], ...spec });

describe('judgeJobs', () => {
  it('ends the run SUCCESS when this job is the only one and its steps passed', () => {
    const judged = judgeJobs([job({ id: 10, name: 'deploy', status: 'in_progress', runner_name: 'r1', steps: inPost() as never })], 'r1');
    expect(judged).toEqual({ kind: 'done', verdict: { kind: 'end', status: 'SUCCESS', message: 'GitHub job deploy succeeded' } });
  });

  it('does not take a main step the user named "Post ..." for a post step', () => {
    const steps = [done('Set up job'), done('Run ./'), running('Post to Slack'), queued('Post Run ./')];
    const judged = judgeJobs([job({ id: 10, name: 'deploy', status: 'in_progress', runner_name: 'r1', steps: steps as never })], 'r1');
    expect(judged.kind).toBe('lagging');
  });

  it('leaves the run to the last job while another job of the workflow run is still running', () => {
    const judged = judgeJobs(
      [
        job({ id: 10, name: 'build (1)', status: 'in_progress', runner_name: 'r1', steps: inPost() as never }),
        job({ id: 11, name: 'build (2)', status: 'in_progress', runner_name: 'r2', steps: [done('Set up job'), running('Run make')] as never }),
        job({ id: 12, name: 'deploy', status: 'queued' }),
      ],
      'r1',
    );
    expect(judged).toEqual({
      kind: 'done',
      verdict: { kind: 'leave', message: 'GitHub job build (1) succeeded; the run is left to the last job of this workflow run (still running: build (2), deploy)' },
    });
  });

  it('is the last job once the others completed, and ends FAILURE naming the job that failed', () => {
    const judged = judgeJobs(
      [
        job({ id: 10, name: 'build (1)', status: 'completed', conclusion: 'success', runner_name: 'r1' }),
        job({ id: 11, name: 'build (2)', status: 'completed', conclusion: 'failure', runner_name: 'r2', steps: [done('Set up job'), done('Run make', 'failure')] as never }),
        job({ id: 12, name: 'build (3)', status: 'in_progress', runner_name: 'r1', steps: inPost() as never }),
      ],
      'r1',
    );
    expect(judged).toEqual({
      kind: 'done',
      verdict: { kind: 'end', status: 'FAILURE', message: 'GitHub job build (2) failed: step "Run make" failed', label: 'Failed: build (2)' },
    });
  });

  it('ends the run FAILURE at once when this job failed and the jobs left have not started (they may need it, and be skipped)', () => {
    const failedSteps = [done('Set up job'), done('Run ./'), done('Build', 'failure'), running('Post Run ./')];
    const jobs = (deployStatus: string) => [
      job({ id: 10, name: 'build', status: 'in_progress', runner_name: 'r1', steps: failedSteps as never }),
      job({ id: 11, name: 'deploy', status: deployStatus }),
    ];
    expect(judgeJobs(jobs('pending'), 'r1')).toMatchObject({ verdict: { kind: 'end', status: 'FAILURE', label: 'Failed: build' } });
    expect(judgeJobs(jobs('queued'), 'r1')).toMatchObject({ verdict: { kind: 'end', status: 'FAILURE' } });
    // A job already running is waited for: its own lines still reach the run, and it ends it.
    expect(judgeJobs(jobs('in_progress'), 'r1')).toMatchObject({ verdict: { kind: 'leave' } });
  });

  it('judges this job by the steps before its post step, not the post steps of other actions after it', () => {
    const steps = [done('Set up job'), done('Run ./'), done('Run tests', 'failure'), done('Post Run tests'), running('Post Run ./'), queued('Complete job')];
    const judged = judgeJobs([job({ id: 10, name: 'deploy', status: 'in_progress', runner_name: 'r1', steps: steps as never })], 'r1');
    expect(judged).toMatchObject({ verdict: { kind: 'end', status: 'FAILURE', message: 'GitHub job deploy failed: step "Run tests" failed', label: 'Failed: Run tests' } });
  });

  it('counts skipped and neutral jobs as passing, and labels a cancelled one Cancelled', () => {
    const base = [job({ id: 10, name: 'deploy', status: 'in_progress', runner_name: 'r1', steps: inPost() as never })];
    expect(judgeJobs([...base, job({ id: 2, name: 'lint', status: 'completed', conclusion: 'skipped' })], 'r1')).toMatchObject({
      verdict: { kind: 'end', status: 'SUCCESS', message: 'GitHub jobs succeeded: deploy, lint' },
    });
    expect(judgeJobs([...base, job({ id: 2, name: 'lint', status: 'completed', conclusion: 'cancelled' })], 'r1')).toMatchObject({
      verdict: { kind: 'end', status: 'FAILURE', label: 'Cancelled' },
    });
  });

  it('calls other jobs that are in their own post steps "finishing", and knows whether this job has the highest id', () => {
    const jobs = (myId: number) => [
      job({ id: myId, name: 'a', status: 'in_progress', runner_name: 'r1', steps: inPost() as never }),
      job({ id: 15, name: 'b', status: 'in_progress', runner_name: 'r2', steps: inPost() as never }),
    ];
    expect(judgeJobs(jobs(10), 'r1')).toMatchObject({ kind: 'finishing', highest: false, verdict: { kind: 'leave' } });
    expect(judgeJobs(jobs(20), 'r1')).toMatchObject({ kind: 'finishing', highest: true });
  });
});

describe('readVerdict', () => {
  it('waits for the API to catch up with a main step it still shows running', async () => {
    const run = await setUp([me([done('Set up job'), done('Run ./'), running('Deploy'), running('Post Run ./')])]);
    let looks = 0;
    const verdict = await readVerdict({
      run,
      token: TOKEN,
      pollMs: 1,
      sleep: async () => {
        looks++;
        github.setJobs(42, 1, [me([done('Set up job'), done('Run ./'), done('Deploy', 'failure'), running('Post Run ./')])] as never);
      },
    });
    expect(looks).toBe(1);
    expect(verdict).toEqual({ kind: 'end', status: 'FAILURE', message: 'GitHub job deploy failed: step "Deploy" failed', label: 'Failed: Deploy' });
  });

  it('gives up as unknown when the API keeps showing a main step running', async () => {
    const run = await setUp([me([done('Set up job'), done('Run ./'), running('Deploy'), queued('Post Run ./')])]);
    expect(await readVerdict({ run, token: TOKEN, pollMs: 1 })).toMatchObject({ kind: 'unknown', reason: 'the GitHub API still shows step "Deploy" of job deploy as running' });
  });

  it('waits for a job finishing at the same moment, then ends the run as the last one', async () => {
    const other: JobSpec = { id: 5, name: 'build', status: 'in_progress', conclusion: null, runner_name: 'r2', steps: inPost() };
    const run = await setUp([me(inPost()), other]);
    let looks = 0;
    const verdict = await readVerdict({
      run,
      token: TOKEN,
      pollMs: 1,
      finishWaitMs: 5000,
      sleep: async () => {
        if (++looks === 2) github.setJobs(42, 1, [me(inPost()), { ...other, status: 'completed', conclusion: 'success', steps: [] }] as never);
      },
    });
    expect(looks).toBe(2);
    expect(verdict).toEqual({ kind: 'end', status: 'SUCCESS', message: 'GitHub jobs succeeded: deploy, build' });
  });

  it('is unknown, with the permissions fix, when the token cannot read actions', async () => {
    const run = await setUp([me(inPost())], { actions: 'none' });
    const verdict = await readVerdict({ run, token: TOKEN });
    expect(verdict).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/GitHub answered 403 "Resource not accessible by integration"/) });
    expect((verdict as { fix: string }).fix).toMatch(/permissions: \{ actions: read, contents: read \}/);
  });

  it('is unknown when no running job is on this runner', async () => {
    const run = await setUp([me(inPost())]);
    expect(await readVerdict({ run: { ...run, runnerName: 'someone-else' }, token: TOKEN })).toMatchObject({
      kind: 'unknown',
      reason: 'no running job of this workflow run attempt is on runner "someone-else"',
    });
  });

  it('is unknown, naming the answer, when the token is refused', async () => {
    const run = await setUp([me(inPost())]);
    expect(await readVerdict({ run, token: 'wrong' })).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/GitHub answered 401 "Bad credentials"/) });
  });
});

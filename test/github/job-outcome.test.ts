import { afterEach, describe, expect, it } from 'vitest';
import { readJobOutcome } from '../../src/github/job-outcome.js';
import { workflowRun } from '../../src/github/workflow-run.js';
import { startGitHubApi, type GitHubApi, type StepInput } from '../support/github-api.js';

const TOKEN = 'ghs_outcome';
let github: GitHubApi;
afterEach(async () => github?.close());

async function setUp(steps: StepInput[]) {
  github = await startGitHubApi({ token: TOKEN, repos: { 'acme/app': { defaultBranch: 'main' } } });
  github.setJobs(42, 1, [{ name: 'build', status: 'in_progress', conclusion: null, runner_name: 'r1', steps }] as never);
  return workflowRun({ GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '1', RUNNER_NAME: 'r1' });
}

const done = (name: string, conclusion: 'success' | 'failure' | 'skipped' = 'success'): StepInput => ({ name, status: 'completed', conclusion });
const ours: StepInput = { name: 'Post Port run', status: 'in_progress', conclusion: null };

describe('readJobOutcome', () => {
  it('waits for the API to catch up with a main step it still shows running', async () => {
    const run = await setUp([done('Set up job'), { name: 'Deploy', status: 'in_progress', conclusion: null }, ours]);
    let looks = 0;
    const outcome = await readJobOutcome({
      run,
      token: TOKEN,
      lagWaitMs: 1,
      sleep: async () => {
        looks++;
        github.setJobs(42, 1, [{ name: 'build', status: 'in_progress', conclusion: null, runner_name: 'r1', steps: [done('Set up job'), done('Deploy', 'failure'), ours] }] as never);
      },
    });
    expect(looks).toBe(1);
    expect(outcome).toEqual({ kind: 'failure', label: 'Failed: Deploy', detail: 'step "Deploy" failed' });
  });

  it('gives up as unknown when the API keeps showing a main step running', async () => {
    const run = await setUp([done('Set up job'), { name: 'Deploy', status: 'in_progress', conclusion: null }, ours]);
    const outcome = await readJobOutcome({ run, token: TOKEN, lagWaitMs: 1 });
    expect(outcome).toMatchObject({ kind: 'unknown', reason: 'the GitHub API still shows step "Deploy" as in_progress' });
  });

  it('ignores the steps after ours, and skipped steps', async () => {
    const run = await setUp([done('Set up job'), done('Optional', 'skipped'), ours, { name: 'Post Checkout', status: 'queued', conclusion: null }]);
    expect(await readJobOutcome({ run, token: TOKEN })).toEqual({ kind: 'success' });
  });

  it('is unknown when no running job is on this runner', async () => {
    const run = await setUp([done('x')]);
    const other = { ...run, runnerName: 'someone-else' };
    expect(await readJobOutcome({ run: other, token: TOKEN })).toMatchObject({ kind: 'unknown', reason: 'no running job of this run attempt is on runner "someone-else"' });
  });

  it('is unknown, naming the answer, when the token is refused', async () => {
    const run = await setUp([done('x')]);
    expect(await readJobOutcome({ run, token: 'wrong' })).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/GitHub answered 401 "Bad credentials"/) });
  });
});

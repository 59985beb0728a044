import { retryPolicyFromEnv } from '../port/retry.js';
import { githubGet, GitHubApiError } from './api.js';
import type { WorkflowRun } from './workflow-run.js';

/** How this job ended, as far as the GitHub API can tell while its post steps run. */
export type JobOutcome =
  | { kind: 'success' }
  | { kind: 'failure'; label: string; detail: string }
  | { kind: 'unknown'; reason: string; fix: string };

interface ApiStep {
  name: string;
  status: string;
  conclusion: string | null;
}

interface ApiJob {
  name: string;
  status: string;
  runner_name: string | null;
  steps?: ApiStep[];
}

const PAGE_SIZE = 100;
/** The jobs API can lag a step behind; a main step still shown running is read again this many times. */
const LAG_RETRIES = 3;
const LAG_WAIT_MS = 1500;

export interface OutcomeOptions {
  run: WorkflowRun;
  token: string | undefined;
  sleep?: (ms: number) => Promise<void>;
  lagWaitMs?: number;
}

/**
 * Reads this run attempt's jobs, finds the current one by RUNNER_NAME, and judges it by its steps: a failed
 * or cancelled step means FAILURE. Anything that keeps the outcome from being known gives `unknown` with the
 * reason and the fix, never a guess.
 */
export async function readJobOutcome(options: OutcomeOptions): Promise<JobOutcome> {
  const { run, token } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  if (!token) return { kind: 'unknown', reason: 'the github-token input is empty', fix: 'keep its default, ${{ github.token }}, or pass a token that can read Actions' };
  if (!run.repository || !run.runId) return { kind: 'unknown', reason: 'GITHUB_REPOSITORY or GITHUB_RUN_ID is not set', fix: 'run the action in a GitHub Actions job' };
  if (!run.runnerName) return { kind: 'unknown', reason: 'RUNNER_NAME is not set, so this job cannot be told from the others', fix: 'run the action on a GitHub Actions runner' };

  for (let look = 0; ; look++) {
    let job: ApiJob | undefined;
    try {
      job = await findCurrentJob(run, token);
    } catch (error) {
      const status = error instanceof GitHubApiError ? error.status : null;
      const fix =
        status === 403 || status === 404 || status === 401
          ? 'give the job `permissions: { actions: read }` (with contents: read) or pass a github-token that can read Actions'
          : 'check that the GitHub API is reachable from the runner';
      return { kind: 'unknown', reason: `the GitHub API did not give this job's steps (${(error as Error).message})`, fix };
    }
    if (!job) {
      return { kind: 'unknown', reason: `no running job of this run attempt is on runner "${run.runnerName}"`, fix: 'report the status yourself with actions/report and set report-status: false' };
    }
    // Judge the steps that ran before this post step: those before the first step not yet completed, which
    // is ours (a "Post ..." step) unless the API still lags behind a main step.
    const steps = job.steps ?? [];
    const firstOpen = steps.findIndex((step) => step.status !== 'completed');
    const done = firstOpen === -1 ? steps : steps.slice(0, firstOpen);
    const failed = done.find((step) => step.conclusion === 'failure' || step.conclusion === 'cancelled');
    if (failed) {
      const cancelled = failed.conclusion === 'cancelled';
      return { kind: 'failure', label: cancelled ? 'Cancelled' : `Failed: ${failed.name}`, detail: `step "${failed.name}" ${cancelled ? 'was cancelled' : 'failed'}` };
    }
    const open = steps[firstOpen];
    if (open === undefined || open.name.startsWith('Post ')) return { kind: 'success' };
    if (look >= LAG_RETRIES) {
      return { kind: 'unknown', reason: `the GitHub API still shows step "${open.name}" as ${open.status}`, fix: 'report the status yourself with actions/report and set report-status: false' };
    }
    await sleep(options.lagWaitMs ?? LAG_WAIT_MS);
  }
}

async function findCurrentJob(run: WorkflowRun, token: string): Promise<ApiJob | undefined> {
  for (let page = 1; ; page++) {
    const path = `/repos/${run.repository}/actions/runs/${encodeURIComponent(run.runId)}/attempts/${encodeURIComponent(run.attempt)}/jobs?per_page=${PAGE_SIZE}&page=${page}`;
    const body = (await githubGet(path, { apiUrl: run.apiUrl, token, policy: retryPolicyFromEnv(process.env) })) as { jobs?: ApiJob[]; total_count?: number };
    const jobs = body.jobs ?? [];
    // A self-hosted runner may have run an earlier job of this attempt: only a job still running is this one.
    const mine = jobs.find((job) => job.runner_name === run.runnerName && job.status !== 'completed');
    if (mine || jobs.length < PAGE_SIZE || page * PAGE_SIZE >= (body.total_count ?? 0)) return mine;
  }
}

import { retryPolicyFromEnv } from '../http/retry.js';
import { githubGet, GitHubApiError } from './api.js';
import type { WorkflowRun } from './workflow-run.js';

/*
 * How the workflow run stands when this job's post step runs, read from the GitHub jobs API: whether this job is the
 * last one still running (only the last may end the Port run: a matrix leg or a `needs` parent that finishes first
 * cannot know how the others end), and if so, how every job ended. Anything that keeps this from being known gives
 * `unknown` with the reason and the fix, never a guess.
 */

export interface ApiStep {
  name: string;
  status: string;
  conclusion: string | null;
}

export interface ApiJob {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  runner_name: string | null;
  steps?: ApiStep[];
}

export type Verdict =
  /** This job is the last: the run ends with `status`. */
  | { kind: 'end'; status: 'SUCCESS' | 'FAILURE'; message: string; label?: string }
  /** Other jobs still run: the last of them ends the run. */
  | { kind: 'leave'; message: string }
  | { kind: 'unknown'; reason: string; fix: string };

const PERMISSIONS_FIX =
  'give the job `permissions: { actions: read, contents: read }` (or pass a github-token that can read Actions), or end the run yourself with a last step `uses: port-ci/actions/report` with `status: ${{ job.status }}` and set report-status: false on the root action';
const PAGE_SIZE = 100;
/** The jobs API can lag a step behind; a main step still shown running is read again this many times. */
const LAG_RETRIES = 3;
const FAILED = new Set(['failure', 'cancelled', 'timed_out', 'action_required', 'startup_failure']);

export interface VerdictOptions {
  run: WorkflowRun;
  token: string | undefined;
  sleep?: (ms: number) => Promise<void>;
  /** Between two reads of the jobs API. */
  pollMs?: number;
  /**
   * How long to wait for other jobs that are already in their post steps (finishing at the same time as this one):
   * the job with the highest id among them waits twice as long, so that of two port-ci jobs ending together exactly
   * one outlives the other and ends the run.
   */
  finishWaitMs?: number;
}

/** Reads the attempt's jobs and judges them; waits briefly for jobs that are finishing alongside this one. */
export async function readVerdict(options: VerdictOptions): Promise<Verdict> {
  const { run, token } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pollMs = options.pollMs ?? 1500;
  if (!token) return { kind: 'unknown', reason: 'the github-token input is empty', fix: PERMISSIONS_FIX };
  if (!run.repository || !run.runId) return { kind: 'unknown', reason: 'GITHUB_REPOSITORY or GITHUB_RUN_ID is not set', fix: 'run the action in a GitHub Actions job' };
  if (!run.runnerName) return { kind: 'unknown', reason: 'RUNNER_NAME is not set, so this job cannot be told from the others', fix: PERMISSIONS_FIX };

  const started = Date.now();
  for (let look = 0; ; look++) {
    let jobs: ApiJob[];
    try {
      jobs = await listAttemptJobs(run, token);
    } catch (error) {
      const status = error instanceof GitHubApiError ? error.status : null;
      const fix = status === 403 || status === 404 || status === 401 ? PERMISSIONS_FIX : 'check that the GitHub API is reachable from the runner';
      return { kind: 'unknown', reason: `the GitHub API did not list this workflow run's jobs (${(error as Error).message})`, fix };
    }
    const judged = judgeJobs(jobs, run.runnerName);
    if (judged.kind === 'lagging' && look < LAG_RETRIES) {
      await sleep(pollMs);
      continue;
    }
    if (judged.kind === 'finishing') {
      const limit = (options.finishWaitMs ?? 20_000) * (judged.highest ? 2 : 1);
      if (Date.now() - started < limit) {
        await sleep(pollMs);
        continue;
      }
      return judged.verdict;
    }
    return judged.verdict;
  }
}

type Judged =
  | { kind: 'done'; verdict: Verdict }
  /** The API still shows one of this job's main steps running. */
  | { kind: 'lagging'; verdict: Verdict }
  /** Every other job still open is in its post steps: worth a short wait. */
  | { kind: 'finishing'; verdict: Verdict; highest: boolean };

/** A pure judgement of one read of the jobs API, from the point of view of the job on `runnerName`. */
export function judgeJobs(jobs: ApiJob[], runnerName: string): Judged {
  // A self-hosted runner may have run an earlier job of this attempt: only a job still open is this one.
  const mine = jobs.find((job) => job.runner_name === runnerName && job.status !== 'completed');
  if (!mine) {
    return {
      kind: 'done',
      verdict: { kind: 'unknown', reason: `no running job of this workflow run attempt is on runner "${runnerName}"`, fix: PERMISSIONS_FIX },
    };
  }
  const own = judgeOwnSteps(mine);
  if (own.kind === 'lagging') {
    return {
      kind: 'lagging',
      verdict: { kind: 'unknown', reason: `the GitHub API still shows step "${own.step}" of job ${mine.name} as running`, fix: PERMISSIONS_FIX },
    };
  }
  const others = jobs.filter((job) => job !== mine);
  const failures = [
    ...(own.failed ? [{ job: mine.name, step: own.step, what: own.failed, cancelled: own.cancelled }] : []),
    ...others
      .filter((job) => job.conclusion !== null && FAILED.has(job.conclusion))
      .map((job) => ({ job: job.name, ...describeFailedJob(job), cancelled: job.conclusion === 'cancelled' })),
  ];
  // queued, in_progress, waiting, pending, requested: anything not completed may still change the outcome.
  const open = others.filter((job) => job.status !== 'completed');
  // Jobs not started yet may be waiting on this one through `needs`, and a failure here skips them by default:
  // left to them, the run would never end. A failure is final, so end it now; jobs still running are waited for.
  const onlyUnstarted = open.every((job) => job.status !== 'in_progress');
  if (open.length > 0 && !(failures.length > 0 && onlyUnstarted)) {
    const verdict: Verdict = {
      kind: 'leave',
      message: `GitHub job ${mine.name} ${own.failed ? `failed: ${own.failed}` : 'succeeded'}; the run is left to the last job of this workflow run (still running: ${open.map((job) => job.name).join(', ')})`,
    };
    if (open.every(inPostSteps)) return { kind: 'finishing', verdict, highest: open.every((job) => job.id < mine.id) };
    return { kind: 'done', verdict };
  }
  const names = jobs.map((job) => job.name);
  if (failures.length === 0) {
    const message = jobs.length === 1 ? `GitHub job ${mine.name} succeeded` : `GitHub jobs succeeded: ${names.join(', ')}`;
    return { kind: 'done', verdict: { kind: 'end', status: 'SUCCESS', message } };
  }
  // The label is what Port shows beside the status: the failed step in a one-job workflow, else the failed jobs.
  const label = failures.every((failure) => failure.cancelled)
    ? 'Cancelled'
    : jobs.length === 1 && failures[0]!.step
      ? `Failed: ${failures[0]!.step}`
      : `Failed: ${failures.map((failure) => failure.job).join(', ')}`;
  const message = failures.map((failure) => `GitHub job ${failure.job} failed: ${failure.what}`).join('; ');
  return { kind: 'done', verdict: { kind: 'end', status: 'FAILURE', message, label: label.length > 100 ? `${label.slice(0, 99)}…` : label } };
}

/**
 * This job's steps up to its post steps: the steps before the first one not yet completed, which must be a post
 * step (ours, or one that runs before ours). A step only counts as a post step when it is named "Post X" after a
 * step named "X", so a main step the user called "Post to Slack" is not taken for one.
 */
function judgeOwnSteps(job: ApiJob): { kind: 'lagging'; step: string } | { kind: 'judged'; failed?: string; step?: string; cancelled: boolean } {
  const steps = job.steps ?? [];
  const firstOpen = steps.findIndex((step) => step.status !== 'completed');
  if (firstOpen !== -1 && !isPostStep(steps, firstOpen)) return { kind: 'lagging', step: steps[firstOpen]!.name };
  const done = firstOpen === -1 ? steps : steps.slice(0, firstOpen);
  const failed = done.find((step) => step.conclusion === 'failure' || step.conclusion === 'cancelled');
  if (!failed) return { kind: 'judged', cancelled: false };
  const cancelled = failed.conclusion === 'cancelled';
  return { kind: 'judged', failed: `step "${failed.name}" ${cancelled ? 'was cancelled' : 'failed'}`, step: failed.name, cancelled };
}

function isPostStep(steps: ApiStep[], index: number): boolean {
  const name = steps[index]!.name;
  if (!name.startsWith('Post ')) return false;
  const main = name.slice('Post '.length);
  return steps.slice(0, index).some((step) => step.name === main);
}

/** Another job that has run all its main steps and is in its post steps (or completing). */
function inPostSteps(job: ApiJob): boolean {
  if (job.status !== 'in_progress') return false;
  const steps = job.steps ?? [];
  if (steps.length === 0) return false;
  const firstOpen = steps.findIndex((step) => step.status !== 'completed');
  return firstOpen === -1 || isPostStep(steps, firstOpen) || (firstOpen === steps.length - 1 && steps[firstOpen]!.name === 'Complete job');
}

function describeFailedJob(job: ApiJob): { what: string; step?: string } {
  const step = (job.steps ?? []).find((candidate) => candidate.conclusion === 'failure' || candidate.conclusion === 'cancelled');
  if (step) return { what: `step "${step.name}" ${step.conclusion === 'cancelled' ? 'was cancelled' : 'failed'}`, step: step.name };
  return { what: `it ended ${job.conclusion}` };
}

async function listAttemptJobs(run: WorkflowRun, token: string): Promise<ApiJob[]> {
  const all: ApiJob[] = [];
  for (let page = 1; ; page++) {
    const path = `/repos/${run.repository}/actions/runs/${encodeURIComponent(run.runId)}/attempts/${encodeURIComponent(run.attempt)}/jobs?per_page=${PAGE_SIZE}&page=${page}`;
    const body = (await githubGet(path, { apiUrl: run.apiUrl, token, policy: retryPolicyFromEnv(process.env) })) as { jobs?: ApiJob[]; total_count?: number };
    const jobs = body.jobs ?? [];
    all.push(...jobs);
    if (jobs.length < PAGE_SIZE || page * PAGE_SIZE >= (body.total_count ?? 0)) return all;
  }
}

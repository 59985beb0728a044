import type { Conclusion, GitHubApi, JobStatus, StepInput } from './github-api.js';

/*
 * What GitHub's jobs API shows of a workflow run that act plays: the workflow's jobs (matrix legs expanded as GitHub
 * expands them, named as GitHub names them) and their steps ("Set up job", "Run ./" or the step's name, "Post ...",
 * "Complete job"), moved on from act's --json lines as they arrive, so a post step that asks the API mid-run sees
 * what GitHub would show at that moment.
 *
 * Only what the model can know is modelled; anything else is refused up front with a message saying what is
 * accepted, rather than guessed: a matrix must be static and of scalars, `fail-fast: false` (act does not cancel the
 * other legs as GitHub does), and a job-level `if:` one of the status functions.
 */

export type MatrixValue = string | number | boolean;
export type MatrixLeg = Record<string, MatrixValue>;

export interface WorkflowStep {
  /** act's step id: the step's `id:`, else its index. */
  key: string;
  /** GitHub's name for the step before matrix values are put in: `name:`, else "Run <uses>" or "Run <first line>". */
  name: string;
  /** Whether the step's action has a post step (a local action whose action.yml has runs.post). */
  hasPost: boolean;
}

export interface WorkflowJob {
  id: string;
  name?: string;
  needs: string[];
  /** The job-level condition, reduced to what it depends on. */
  runsWhen: 'needs-succeeded' | 'always' | 'a-need-failed' | 'never';
  /** null when the job has no matrix. */
  matrix: MatrixLeg[] | null;
  labels: string[];
  steps: WorkflowStep[];
}

/** One line of act's --json output (the fields the model reads). */
export interface ActEvent {
  msg: string;
  level?: string;
  job?: string;
  jobID?: string;
  matrix?: Record<string, unknown>;
  stage?: string;
  step?: string;
  stepID?: string[];
  stepid?: string[];
  stepResult?: string;
  jobResult?: string;
  raw_output?: boolean;
  command?: string;
  arg?: string;
  [field: string]: unknown;
}

export interface FeedStep {
  name: string;
  kind: 'setup' | 'main' | 'post' | 'complete';
  /** act's step id, for main and post steps. */
  key?: string;
  status: JobStatus;
  conclusion: Conclusion | null;
  startedAt: string | null;
  completedAt: string | null;
  /** act said "Failed but continue next step" (continue-on-error): the step's conclusion is success. */
  continuedOnError?: boolean;
}

export interface FeedJob {
  /** The API's job id, once listed. */
  id?: number;
  jobId: string;
  leg: MatrixLeg;
  /** As GitHub shows it: "deploy", "build (2)". */
  name: string;
  runnerName: string;
  status: JobStatus;
  conclusion: Conclusion | null;
  listed: boolean;
  startedAt: string | null;
  completedAt: string | null;
  steps: FeedStep[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: unknown): value is MatrixValue => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
const iso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

function refuse(where: string, message: string): never {
  throw new Error(`act harness: ${where}: ${message}`);
}

/** The leg's values in a canonical order, to match act's `matrix` field to a leg whatever its key order. */
export function legKey(jobId: string, leg: Record<string, unknown>): string {
  return `${jobId}|${JSON.stringify(Object.entries(leg).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`;
}

/**
 * Expands `strategy.matrix` as GitHub does: the cartesian product of the list-valued keys (the first key outermost),
 * `exclude` entries removed where all their pairs match, then each `include` entry added to every original
 * combination whose original values it does not change, or appended as a leg of its own when it fits none.
 */
export function expandMatrix(jobId: string, matrix: unknown): MatrixLeg[] {
  const where = `job ${jobId}: strategy.matrix`;
  if (!isObject(matrix)) refuse(where, `expected a mapping of lists (an expression matrix cannot be expanded before the run) but found ${JSON.stringify(matrix)}`);
  const entries = (key: string): Record<string, unknown>[] => {
    const list = matrix[key] ?? [];
    if (!Array.isArray(list) || !list.every(isObject)) refuse(`${where}.${key}`, `expected a list of mappings but found ${JSON.stringify(list)}`);
    return list as Record<string, unknown>[];
  };
  const checkLeg = (key: string, leg: Record<string, unknown>): MatrixLeg => {
    for (const [name, value] of Object.entries(leg)) {
      if (!isScalar(value)) refuse(`${where}.${key}.${name}`, `expected a string, number or boolean but found ${JSON.stringify(value)}`);
    }
    return leg as MatrixLeg;
  };
  const axes = Object.keys(matrix).filter((key) => key !== 'include' && key !== 'exclude');
  let legs: MatrixLeg[] = axes.length > 0 ? [{}] : [];
  for (const axis of axes) {
    const values = matrix[axis];
    if (!Array.isArray(values) || values.length === 0 || !values.every(isScalar)) {
      refuse(`${where}.${axis}`, `expected a non-empty list of strings, numbers or booleans but found ${JSON.stringify(values)}`);
    }
    legs = legs.flatMap((leg) => (values as MatrixValue[]).map((value) => ({ ...leg, [axis]: value })));
  }
  const excludes = entries('exclude').map((entry) => checkLeg('exclude', entry));
  legs = legs.filter((leg) => !excludes.some((exclude) => Object.entries(exclude).every(([key, value]) => leg[key] === value)));
  const originals = legs.length;
  for (const include of entries('include').map((entry) => checkLeg('include', entry))) {
    let added = false;
    for (const leg of legs.slice(0, originals)) {
      if (Object.entries(include).every(([key, value]) => !axes.includes(key) || leg[key] === value)) {
        Object.assign(leg, include);
        added = true;
      }
    }
    if (!added) legs.push({ ...include });
  }
  if (legs.length === 0) refuse(where, 'expands to no job at all');
  return legs;
}

/** `${{ matrix.KEY }}` replaced by the leg's value; other expressions are left as written. */
export function withMatrix(text: string, leg: MatrixLeg): string {
  return text.replace(/\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}/g, (_, key: string) => (key in leg ? String(leg[key]) : ''));
}

/** Every key any leg has, in the order they first appear: what a leg's name and runner name list. */
function matrixKeys(legs: MatrixLeg[]): string[] {
  return [...new Set(legs.flatMap((leg) => Object.keys(leg)))];
}

/** The job's name as GitHub shows it: `name:` (matrix values put in), else the id; a matrix leg's values appended unless the name uses them. */
export function jobDisplayName(job: Pick<WorkflowJob, 'id' | 'name' | 'matrix'>, leg: MatrixLeg): string {
  const base = job.name !== undefined ? withMatrix(job.name, leg) : job.id;
  if (!job.matrix || (job.name !== undefined && /\$\{\{[^}]*\bmatrix\./.test(job.name))) return base;
  return `${base} (${Object.values(leg).map(String).join(', ')})`;
}

/**
 * The RUNNER_NAME the harness gives each job (act sets none): a job-level env value that act fills in per leg, so
 * every leg, like every GitHub job, runs on a runner of its own name. runnerName() computes what act will make of it.
 */
export function runnerNameTemplate(job: Pick<WorkflowJob, 'id' | 'matrix'>): string {
  if (!job.matrix) return `act ${job.id}`;
  return `act ${job.id} (${matrixKeys(job.matrix).map((key) => `\${{ matrix.${key} }}`).join(', ')})`;
}

export function runnerName(job: Pick<WorkflowJob, 'id' | 'matrix'>, leg: MatrixLeg): string {
  return withMatrix(runnerNameTemplate(job), leg);
}

/** The job-level `if:` reduced to the status function it is; anything else cannot be known before the run. */
function runsWhen(jobId: string, condition: unknown): WorkflowJob['runsWhen'] {
  if (condition === undefined || condition === null) return 'needs-succeeded';
  const text = String(condition).trim().replace(/^\$\{\{\s*([\s\S]*?)\s*\}\}$/, '$1').trim();
  const known: Record<string, WorkflowJob['runsWhen']> = {
    'success()': 'needs-succeeded', 'always()': 'always', '!cancelled()': 'always', 'failure()': 'a-need-failed', 'cancelled()': 'never',
  };
  return known[text] ?? refuse(`job ${jobId}: if`, `cannot tell before the run whether ${JSON.stringify(condition)} runs the job; use none, success(), always(), !cancelled(), failure() or cancelled()`);
}

function stepName(jobId: string, step: unknown, index: number): string {
  if (!isObject(step)) refuse(`job ${jobId}: steps[${index}]`, `expected a mapping but found ${JSON.stringify(step)}`);
  if (typeof step.uses !== 'string' && typeof step.run !== 'string') refuse(`job ${jobId}: steps[${index}]`, 'expected uses: or run:');
  if (typeof step.name === 'string') return step.name;
  return typeof step.uses === 'string' ? `Run ${step.uses}` : `Run ${String(step.run).trim().split('\n')[0]!.trim()}`;
}

/**
 * Reads a parsed workflow into the model. `hasPost(uses)` says whether an action has a post step. Throws an Error
 * naming the job and field for what the model cannot follow.
 */
export function readWorkflow(workflow: unknown, hasPost: (uses: string) => boolean): WorkflowJob[] {
  if (!isObject(workflow) || !isObject(workflow.jobs)) refuse('workflow', 'expected a mapping with jobs:');
  const jobs = Object.entries(workflow.jobs).map(([id, raw]): WorkflowJob => {
    if (!isObject(raw)) refuse(`job ${id}`, 'expected a mapping');
    if (raw.uses !== undefined) refuse(`job ${id}`, 'reusable workflows (jobs.<id>.uses) are not modelled');
    const needs = raw.needs === undefined ? [] : typeof raw.needs === 'string' ? [raw.needs] : raw.needs;
    if (!Array.isArray(needs) || !needs.every((need) => typeof need === 'string')) refuse(`job ${id}: needs`, `expected a job id or a list of them but found ${JSON.stringify(raw.needs)}`);
    const strategy = isObject(raw.strategy) ? raw.strategy : undefined;
    let matrix: MatrixLeg[] | null = null;
    if (strategy?.matrix !== undefined) {
      if (strategy['fail-fast'] !== false) refuse(`job ${id}: strategy`, "set fail-fast: false: GitHub cancels a failing matrix's other legs, act does not, so the two would differ");
      matrix = expandMatrix(id, strategy.matrix);
    }
    const runsOn = raw['runs-on'];
    const labels = typeof runsOn === 'string' ? [runsOn] : Array.isArray(runsOn) ? runsOn.map(String) : [];
    if (!Array.isArray(raw.steps)) refuse(`job ${id}: steps`, 'expected a list of steps');
    const steps = raw.steps.map((step: unknown, index: number): WorkflowStep => {
      const name = stepName(id, step, index);
      const fields = step as Record<string, unknown>;
      return { key: typeof fields.id === 'string' ? fields.id : String(index), name, hasPost: typeof fields.uses === 'string' && hasPost(fields.uses) };
    });
    return { id, name: typeof raw.name === 'string' ? raw.name : undefined, needs: needs as string[], runsWhen: runsWhen(id, raw.if), matrix, labels, steps };
  });
  const ids = new Set(jobs.map((job) => job.id));
  for (const job of jobs) {
    const unknown = job.needs.find((need) => !ids.has(need));
    if (unknown !== undefined) refuse(`job ${job.id}: needs`, `no job ${unknown} in this workflow (jobs: ${[...ids].join(', ')})`);
  }
  return jobs;
}

export interface JobsFeedOptions {
  api: GitHubApi;
  runId: number;
  attempt?: number;
  /**
   * When a job that waits on `needs` appears in the API. 'when-ready' (default): once every job it needs has
   * completed; while they run it is absent (a job is a check run, its id the check run's, and a check run may
   * exist only once its job is queued). 'from-start': listed queued from the run's start. No published source
   * found settles which github.com does, so a test whose outcome depends on it runs under both.
   */
  dependentJobs?: 'when-ready' | 'from-start';
}

/** Moves the API's view of one workflow run attempt on from act's events. */
export class JobsFeed {
  readonly jobs: FeedJob[] = [];
  /** Things act did that the model did not expect (a job it predicted skipped started, a leg it did not know). */
  readonly surprises: string[] = [];
  readonly #byKey = new Map<string, FeedJob>();
  readonly #workflow = new Map<string, WorkflowJob>();
  /** Jobs whose condition has been decided: their needs completed (or they have none). */
  readonly #released = new Set<string>();
  readonly #options: Required<JobsFeedOptions>;

  constructor(workflow: WorkflowJob[], options: JobsFeedOptions) {
    this.#options = { attempt: 1, dependentJobs: 'when-ready', ...options };
    for (const job of workflow) this.#workflow.set(job.id, job);
  }

  /** Lists the jobs GitHub shows when the run starts. */
  start(): void {
    for (const job of this.#workflow.values()) {
      if (job.needs.length === 0) this.#release(job);
      else if (this.#options.dependentJobs === 'from-start') for (const leg of job.matrix ?? [{}]) this.#list(this.#leg(job, leg));
    }
  }

  /** Takes one act --json line. */
  handle(event: ActEvent): void {
    if (typeof event.jobID !== 'string' || !this.#workflow.has(event.jobID)) return;
    const leg = this.#findLeg(event.jobID, isObject(event.matrix) ? event.matrix : {});
    const started = String(event.msg ?? '').startsWith('\u2B50 Run ');
    if (typeof event.jobResult === 'string') {
      this.#complete(leg, event.jobResult);
    } else if (event.step === 'Set up job' && event.stepid?.[0] === '--setup-job') {
      if (started) this.#begin(leg);
      else if (event.stepResult) this.#finishStep(leg, leg.steps.find((step) => step.kind === 'setup'), event.stepResult);
    } else if (event.step === 'Complete job' && event.stepid?.[0] === '--complete-job') {
      const complete = leg.steps.find((step) => step.kind === 'complete');
      if (started && complete) this.#startStep(leg, complete);
      else if (event.stepResult) this.#finishStep(leg, complete, event.stepResult);
    } else if ((event.stage === 'Main' || event.stage === 'Post') && event.stepID?.length === 1) {
      // Steps of a composite action carry longer stepIDs; GitHub shows them inside their parent step.
      const kind = event.stage === 'Main' ? 'main' : 'post';
      const step = leg.steps.find((candidate) => candidate.kind === kind && candidate.key === event.stepID![0]);
      if (!step) return;
      if (started) this.#startStep(leg, step);
      else if (event.msg === 'Failed but continue next step') step.continuedOnError = true;
      else if (event.stepResult) this.#finishStep(leg, step, event.stepResult);
    }
  }

  /** After act exits: whatever it left open is cancelled, and the run completes with its jobs' outcome. */
  finish(): void {
    for (const leg of this.jobs) {
      if (leg.status === 'completed') continue;
      for (const step of leg.steps) if (step.status !== 'completed') Object.assign(step, { status: 'completed', conclusion: 'cancelled', completedAt: iso() });
      Object.assign(leg, { status: 'completed', conclusion: 'cancelled', completedAt: iso() });
      if (leg.listed) this.#push(leg);
    }
    const run = this.#options.api.runs.get(this.#options.runId);
    if (run) {
      const conclusions = this.jobs.filter((leg) => leg.listed).map((leg) => leg.conclusion);
      const conclusion = conclusions.includes('failure') ? 'failure' : conclusions.includes('cancelled') ? 'cancelled' : 'success';
      Object.assign(run, { status: 'completed', conclusion, updated_at: iso() });
    }
  }

  #leg(job: WorkflowJob, leg: MatrixLeg): FeedJob {
    const key = legKey(job.id, leg);
    let state = this.#byKey.get(key);
    if (!state) {
      state = {
        jobId: job.id, leg, name: jobDisplayName(job, leg), runnerName: runnerName(job, leg), status: 'queued', conclusion: null,
        listed: false, startedAt: null, completedAt: null, steps: [],
      };
      this.#byKey.set(key, state);
      this.jobs.push(state);
    }
    return state;
  }

  #findLeg(jobId: string, matrix: Record<string, unknown>): FeedJob {
    const job = this.#workflow.get(jobId)!;
    const found = this.#byKey.get(legKey(jobId, matrix));
    if (found) return found;
    this.surprises.push(`act ran ${jobId} ${JSON.stringify(matrix)}, which the model did not list`);
    const leg = this.#leg(job, Object.fromEntries(Object.entries(matrix).filter(([, value]) => isScalar(value))) as MatrixLeg);
    this.#list(leg);
    return leg;
  }

  #list(leg: FeedJob): void {
    if (leg.listed) return;
    leg.listed = true;
    leg.startedAt = iso();
    this.#push(leg);
  }

  /** A job whose needs have all completed: queued if its condition holds, else completed skipped (and so on down). */
  #release(job: WorkflowJob): void {
    this.#released.add(job.id);
    const needed = this.jobs.filter((leg) => job.needs.includes(leg.jobId));
    const succeeded = needed.every((leg) => leg.conclusion === 'success');
    const failed = needed.some((leg) => leg.conclusion === 'failure');
    const runs = { 'needs-succeeded': succeeded, always: true, 'a-need-failed': failed, never: false }[job.runsWhen];
    for (const leg of (job.matrix ?? [{}]).map((values) => this.#leg(job, values))) {
      if (!runs) Object.assign(leg, { status: 'completed', conclusion: 'skipped', completedAt: iso() });
      if (leg.listed) this.#push(leg);
      else this.#list(leg);
    }
    if (!runs) this.#releaseDependents();
  }

  /** Releases every job whose needs are now all completed. */
  #releaseDependents(): void {
    for (const job of this.#workflow.values()) {
      if (this.#released.has(job.id)) continue;
      const ready = job.needs.every((need) => this.#released.has(need) && this.jobs.every((leg) => leg.jobId !== need || leg.status === 'completed'));
      if (ready) this.#release(job);
    }
  }

  #begin(leg: FeedJob): void {
    const job = this.#workflow.get(leg.jobId)!;
    if (leg.status === 'completed') this.surprises.push(`act ran ${leg.name}, which the model had as ${leg.conclusion}`);
    const now = iso();
    leg.steps = [
      { name: 'Set up job', kind: 'setup', status: 'in_progress', conclusion: null, startedAt: now, completedAt: null },
      ...job.steps.map((step): FeedStep => ({ name: withMatrix(step.name, leg.leg), kind: 'main', key: step.key, status: 'queued', conclusion: null, startedAt: null, completedAt: null })),
      { name: 'Complete job', kind: 'complete', status: 'queued', conclusion: null, startedAt: null, completedAt: null },
    ];
    Object.assign(leg, { status: 'in_progress', conclusion: null, completedAt: null });
    this.#list(leg);
    this.#push(leg);
  }

  #startStep(leg: FeedJob, step: FeedStep): void {
    // act runs a job's steps one after another and says nothing at its default level of a step it skips: a step
    // still queued when a later one starts was skipped.
    for (const earlier of leg.steps.slice(0, leg.steps.indexOf(step))) {
      if (earlier.status === 'queued') Object.assign(earlier, { status: 'completed', conclusion: 'skipped', startedAt: iso(), completedAt: iso() });
    }
    Object.assign(step, { status: 'in_progress', startedAt: iso() });
    if (step.kind === 'main' && this.#workflow.get(leg.jobId)!.steps.find((candidate) => candidate.key === step.key)?.hasPost) {
      // The runner registers an action's post step when its main step runs; post steps run in reverse order.
      const firstPost = leg.steps.findIndex((candidate) => candidate.kind === 'post' || candidate.kind === 'complete');
      leg.steps.splice(firstPost, 0, { name: `Post ${step.name}`, kind: 'post', key: step.key, status: 'queued', conclusion: null, startedAt: null, completedAt: null });
    }
    this.#push(leg);
  }

  #finishStep(leg: FeedJob, step: FeedStep | undefined, result: string): void {
    if (!step) return;
    const conclusion: Conclusion = result === 'failure' ? (step.continuedOnError ? 'success' : 'failure') : result === 'skipped' ? 'skipped' : 'success';
    Object.assign(step, { status: 'completed', conclusion, completedAt: iso(), startedAt: step.startedAt ?? iso() });
    this.#push(leg);
  }

  #complete(leg: FeedJob, jobResult: string): void {
    for (const step of leg.steps) {
      if (step.status === 'queued') Object.assign(step, { status: 'completed', conclusion: 'skipped', startedAt: iso(), completedAt: iso() });
      if (step.status === 'in_progress') Object.assign(step, { status: 'completed', conclusion: 'failure', completedAt: iso() });
    }
    // act keeps one result for all legs of a matrix (a leg after a failed one reports failure too), so a leg's
    // conclusion comes from its own steps; act's result counts only for a job without a matrix.
    const stepFailed = leg.steps.some((step) => step.conclusion === 'failure');
    const isMatrix = this.#workflow.get(leg.jobId)!.matrix !== null;
    const conclusion: Conclusion = stepFailed || (!isMatrix && jobResult === 'failure') ? 'failure' : 'success';
    Object.assign(leg, { status: 'completed', conclusion, completedAt: iso() });
    this.#push(leg);
    this.#releaseDependents();
  }

  #push(leg: FeedJob): void {
    if (!leg.listed) return;
    const waiting = leg.status === 'queued';
    const steps: StepInput[] = leg.steps.map((step) => ({ name: step.name, status: step.status, conclusion: step.conclusion, started_at: step.startedAt, completed_at: step.completedAt }));
    leg.id = this.#options.api.upsertJob(this.#options.runId, this.#options.attempt, {
      ...(leg.id !== undefined ? { id: leg.id } : {}),
      name: leg.name, status: leg.status, conclusion: leg.conclusion, runner_name: waiting || leg.conclusion === 'skipped' ? null : leg.runnerName,
      started_at: leg.startedAt ?? iso(), completed_at: leg.completedAt, labels: this.#workflow.get(leg.jobId)!.labels, steps,
    });
  }
}

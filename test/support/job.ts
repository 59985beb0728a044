import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runStep, type StepOptions, type StepResult } from './runner.js';

/**
 * A GitHub job as the runner plays it: steps run one after another, each seeing the variables earlier steps
 * wrote to GITHUB_ENV and the job's one RUNNER_TEMP, and an action's post step seeing the state (STATE_*) its
 * main step saved.
 */
export class Job {
  readonly results: StepResult[] = [];
  readonly #env: Record<string, string>;
  readonly #state = new Map<string, Record<string, string>>();

  constructor(
    env: Record<string, string>,
    private readonly event?: unknown,
  ) {
    this.#env = { RUNNER_TEMP: mkdtempSync(path.join(tmpdir(), 'port-ci-job-')), ...env };
  }

  /** Runs a step; `id` names an action instance whose main and post steps share state. */
  async step(entry: string, options: StepOptions & { id?: string; post?: boolean } = {}): Promise<StepResult> {
    const state = options.post && options.id ? this.#state.get(options.id) ?? {} : {};
    const stateEnv = Object.fromEntries(Object.entries(state).map(([name, value]) => [`STATE_${name}`, value]));
    const result = await runStep(entry, { ...options, event: options.event ?? this.event, env: { ...this.#env, ...stateEnv, ...options.env } });
    Object.assign(this.#env, result.env);
    if (options.id && !options.post) this.#state.set(options.id, result.state);
    this.results.push(result);
    return result;
  }

  /** The job's environment as the next step would see it. */
  environment(): Record<string, string> {
    return { ...this.#env };
  }

  /** Everything the job showed or wrote: stdout, stderr, outputs, env, state and summaries of every step. */
  everything(): string {
    return this.results.map((result) => JSON.stringify(result)).join('\n');
  }
}

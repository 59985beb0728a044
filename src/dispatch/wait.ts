import { UsageError } from '../core/index.js';
import type { PortClient } from '../port/client.js';
import type { GitHubRequest } from './github.js';
import { readPipelineStatus } from '../backends/gitlab.js';
import { successfulConclusions } from '../backends/github.js';
import type { DispatchPlan, DispatchResult } from './types.js';

export type Conclusion = 'success' | 'failure' | 'timeout';

export interface WaitOptions {
  timeoutMs: number;
  pollMs: number;
  env: NodeJS.ProcessEnv;
  github?: GitHubRequest;
  port?: PortClient;
  /** Follow the Port run rather than the backend (a run Port executes itself). */
  viaPort?: boolean;
  /** Hears each change of state ("queued", "in_progress", ...), for a progress line on a terminal. */
  onState: (state: string) => void;
}

/**
 * Follows a dispatched run to its end: the workflow run on GitHub, the pipeline on GitLab, the Port run for a
 * webhook (whose receiver reports to Port). Resolves with the conclusion; `timeout` when it outlives the limit.
 */
export async function waitForRun(plan: DispatchPlan, result: DispatchResult, options: WaitOptions): Promise<{ conclusion: Conclusion; detail: string }> {
  const read = stateReader(plan, result, options);
  const deadline = Date.now() + options.timeoutMs;
  let last = '';
  for (;;) {
    const state = await read();
    if (state.label !== last) options.onState((last = state.label));
    if (state.done) return { conclusion: state.success ? 'success' : 'failure', detail: state.label };
    if (Date.now() + options.pollMs > deadline) return { conclusion: 'timeout', detail: `still ${state.label} after ${Math.round(options.timeoutMs / 1000)} s` };
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
}

function gitlabReadToken(env: NodeJS.ProcessEnv): string | undefined {
  return env.PORT_GITLAB_TOKEN ?? env.GITLAB_TOKEN;
}

/**
 * Why --wait could not follow a run of this backend, or undefined when it can. The CLI checks it before
 * dispatching too: a usage error (exit 2) after the dispatch was made reads as "nothing happened" and gets it re-run.
 */
export function cannotWait(backend: DispatchPlan['backend'], env: NodeJS.ProcessEnv, hasPort: boolean, hasRunId: boolean): string | undefined {
  if (backend === 'GITHUB' || backend === 'INTEGRATION_ACTION') return undefined;
  if (backend === 'GITLAB') {
    return gitlabReadToken(env) ? undefined : '--wait: following a GitLab pipeline needs a token that can read it: set PORT_GITLAB_TOKEN (read_api)';
  }
  if (hasPort && hasRunId) return undefined;
  return `--wait: a ${backend} run is followed through Port: set PORT_CLIENT_ID and PORT_CLIENT_SECRET and give a run id`;
}

interface RunState {
  label: string;
  done: boolean;
  success: boolean;
}

function stateReader(plan: DispatchPlan, result: DispatchResult, options: WaitOptions): () => Promise<RunState> {
  const viaPort = options.viaPort === true;
  const missing = cannotWait(viaPort ? 'WEBHOOK' : plan.backend, options.env, Boolean(options.port), Boolean(plan.runId));
  if (missing) throw new UsageError(missing);
  if ((plan.backend === 'GITHUB' || plan.backend === 'INTEGRATION_ACTION') && !viaPort) {
    if (!result.externalRunId || !options.github) throw new UsageError('--wait: GitHub did not say which workflow run the dispatch started, so there is nothing to follow');
    const [, owner, repo] = /\/repos\/([^/]+)\/([^/]+)\//.exec(new URL(plan.request.url).pathname) ?? [];
    const github = options.github;
    return async () => {
      const { data } = await github('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { owner, repo, run_id: Number(result.externalRunId) });
      const run = data as { status: string; conclusion: string | null };
      const done = run.status === 'completed';
      const successes = successfulConclusions(plan.format === 'v2' ? 'v2' : 'classic');
      return { label: done ? `completed: ${run.conclusion}` : run.status, done, success: successes.includes(String(run.conclusion)) };
    };
  }
  if (plan.backend === 'GITLAB' && !viaPort) {
    const token = gitlabReadToken(options.env)!;
    if (!result.externalRunId) throw new UsageError('--wait: GitLab did not return the pipeline id');
    const url = new URL(plan.request.url);
    const host = url.href.slice(0, url.href.indexOf('/api/v4/')); // keeps a path prefix such as https://host/gitlab
    const project = decodeURIComponent(/\/projects\/([^/]+)\//.exec(url.pathname)![1]!);
    const pipelineId = result.externalRunId;
    return async () => {
      const status = await readPipelineStatus({ host, project, pipelineId, token, env: options.env });
      const done = ['success', 'failed', 'canceled', 'skipped'].includes(status);
      return { label: status, done, success: status === 'success' };
    };
  }
  const port = options.port!;
  const runId = plan.runId!;
  return async () => {
    const run = await port.getRun(runId);
    return { label: run.status, done: run.status !== 'IN_PROGRESS', success: run.status === 'SUCCESS' };
  };
}

import { sendRequest } from '../http/request.js';
import { RetriesExhausted, retryPolicyFromEnv, sendWithRetries, type RetryPolicy } from '../http/retry.js';
import { ApiError } from '../port/errors.js';

/*
 * What port-ci reads of a GitLab pipeline it did not run in: its status and its jobs, through GitLab's REST API
 * with a token that may read them (read_api; trigger tokens cannot). Shared by the dispatcher (--wait), the GitLab
 * face (report --summary-from-pipeline) and the agent (--follow), which may not import one another.
 */

/** Where a pipeline is: GitLab's URL without a trailing slash (a path prefix such as /gitlab kept), the project, the pipeline. */
export interface PipelineRef {
  host: string;
  /** The project's full path (group/sub/project) or numeric id. */
  project: string;
  pipelineId: string;
  token: string;
  /** PORT_RETRY_DEADLINE_SECONDS and PORT_ATTEMPT_TIMEOUT_SECONDS, when no policy is given. */
  env: NodeJS.ProcessEnv;
  /** The retry policy of each read; from env unless given. */
  policy?: RetryPolicy;
}

/** A job of a pipeline, as GitLab's jobs API lists it. */
export interface FailedJob {
  name: string;
  stage: string;
}

export interface PipelineJob extends FailedJob {
  status: string;
}

/**
 * A pipeline's status (created, pending, running, success, failed, canceled, skipped, manual, ...): GET
 * /projects/:id/pipelines/:pipeline under the retry policy, through the same HTTP layer (and proxy) as every other call.
 * @throws ApiError with GitLab's status when it refuses, with status null when it cannot be reached.
 */
export async function readPipelineStatus(args: PipelineRef): Promise<string> {
  const path = `/projects/${encodeURIComponent(args.project)}/pipelines/${encodeURIComponent(args.pipelineId)}`;
  const body = await readJson(args, path, `read pipeline ${args.pipelineId} of ${args.project}`);
  const status = (body as { status?: unknown } | null)?.status;
  if (typeof status !== 'string') throw new ApiError(`Could not read pipeline ${args.pipelineId} of ${args.project}: GitLab's answer has no status`, 200);
  return status;
}

/**
 * The pipeline's jobs in the given states (GitLab's `scope[]`: failed, running, ...), the first 100: enough to
 * name where a pipeline is or failed.
 * @throws ApiError as readPipelineStatus.
 */
export async function listPipelineJobs(args: PipelineRef & { scope: readonly string[] }): Promise<PipelineJob[]> {
  const query = [...args.scope.map((scope) => `scope[]=${encodeURIComponent(scope)}`), 'per_page=100'].join('&');
  const path = `/projects/${encodeURIComponent(args.project)}/pipelines/${encodeURIComponent(args.pipelineId)}/jobs?${query}`;
  const body = await readJson(args, path, `list the jobs of pipeline ${args.pipelineId} of ${args.project}`);
  if (!Array.isArray(body)) throw new ApiError(`Could not list the jobs of pipeline ${args.pipelineId} of ${args.project}: GitLab's answer is not a list`, 200);
  return (body as Array<{ name?: unknown; stage?: unknown; status?: unknown }>)
    .filter((job) => typeof job.name === 'string' && typeof job.stage === 'string')
    .map((job) => ({ name: job.name as string, stage: job.stage as string, status: String(job.status) }));
}

async function readJson(args: PipelineRef, path: string, what: string): Promise<unknown> {
  const url = `${args.host}/api/v4${path}`;
  let response;
  try {
    response = await sendWithRetries(
      (timeoutMs) => sendRequest('GET', url, { accept: 'application/json', 'private-token': args.token }, undefined, timeoutMs),
      args.policy ?? retryPolicyFromEnv(args.env),
    );
  } catch (error) {
    if (!(error instanceof RetriesExhausted)) throw error;
    const last = error.last.response;
    throw new ApiError(`Could not ${what}: ${last ? `GitLab answered ${last.status}` : `GitLab could not be reached (${error.last.error?.message})`}; ${error.message}`, last?.status ?? null);
  }
  if (response.status !== 200) throw new ApiError(`Could not ${what}: GitLab answered ${response.status} ${response.text.slice(0, 200)}`.trim(), response.status);
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    throw new ApiError(`Could not ${what}: GitLab's answer is not JSON`, response.status);
  }
}

/**
 * "Pipeline failed in stage test (jobs unit, lint)", or in several stages; `subject` names the pipeline
 * ("GitLab pipeline 123") where "Pipeline" would not say which.
 */
export function failureSummary(jobs: FailedJob[], subject = 'Pipeline'): string {
  if (jobs.length === 0) return `${subject} failed`;
  const stages = [...new Set(jobs.map((job) => job.stage))];
  const names = jobs.map((job) => job.name).join(', ');
  return `${subject} failed in stage${stages.length > 1 ? 's' : ''} ${stages.join(', ')} (job${jobs.length > 1 ? 's' : ''} ${names})`;
}

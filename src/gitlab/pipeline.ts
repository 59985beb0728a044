import type { FailedJob } from '../backends/gitlab.js';
import { sendRequest } from '../http/request.js';
import { RetriesExhausted, retryPolicyFromEnv, sendWithRetries } from '../http/retry.js';

// The summary is shared with the dispatcher and the agent (src/backends/gitlab.ts); its old home still offers it.
export { failureSummary, type FailedJob } from '../backends/gitlab.js';

/**
 * Lists the failed jobs of the running pipeline ($CI_API_V4_URL, $CI_PROJECT_ID, $CI_PIPELINE_ID) to say where
 * it failed. CI_JOB_TOKEN may not read the jobs API (it needs a fine-grained permission), so PORT_GITLAB_TOKEN,
 * a token with read_api, is tried first.
 * @throws Error saying what is missing or what GitLab answered.
 */
export async function listFailedJobs(env: NodeJS.ProcessEnv): Promise<FailedJob[]> {
  const { CI_API_V4_URL: api, CI_PROJECT_ID: project, CI_PIPELINE_ID: pipeline } = env;
  if (!api || !project || !pipeline) throw new Error('not in a GitLab pipeline (CI_API_V4_URL, CI_PROJECT_ID, CI_PIPELINE_ID unset)');
  const headers: Record<string, string> = env.PORT_GITLAB_TOKEN
    ? { 'private-token': env.PORT_GITLAB_TOKEN }
    : env.CI_JOB_TOKEN
      ? { 'job-token': env.CI_JOB_TOKEN }
      : {};
  const url = `${api.replace(/\/+$/, '')}/projects/${encodeURIComponent(project)}/pipelines/${encodeURIComponent(pipeline)}/jobs?scope[]=failed&per_page=100`;
  let response;
  try {
    // A summary is not worth holding the pipeline's end for long: at most 15 s, or the job's own deadline.
    const policy = retryPolicyFromEnv(env);
    response = await sendWithRetries((timeoutMs) => sendRequest('GET', url, { accept: 'application/json', ...headers }, undefined, timeoutMs), {
      ...policy,
      deadlineMs: Math.min(policy.deadlineMs, 15_000),
    });
  } catch (error) {
    if (!(error instanceof RetriesExhausted)) throw error;
    const last = error.last.response ? `last answer ${error.last.response.status}` : error.last.error?.message;
    throw new Error(`GitLab's API did not answer (${last ? `${last}; ` : ''}${error.message})`);
  }
  if (response.status !== 200) throw new Error(`GitLab's jobs API answered ${response.status}`);
  const jobs = JSON.parse(response.text) as Array<{ name?: unknown; stage?: unknown }>;
  return jobs.filter((job) => typeof job.name === 'string' && typeof job.stage === 'string').map((job) => ({ name: job.name as string, stage: job.stage as string }));
}

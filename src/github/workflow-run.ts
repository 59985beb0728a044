/** This workflow run as the runner describes it (GITHUB_* variables), with its URL. */
export interface WorkflowRun {
  serverUrl: string;
  apiUrl: string;
  repository: string;
  runId: string;
  attempt: string;
  runnerName: string;
  job: string;
  /** The run's page, the link Port shows. */
  url: string | undefined;
}

export function workflowRun(env: NodeJS.ProcessEnv = process.env): WorkflowRun {
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const repository = env.GITHUB_REPOSITORY ?? '';
  const runId = env.GITHUB_RUN_ID ?? '';
  const attempt = env.GITHUB_RUN_ATTEMPT || '1';
  return {
    serverUrl,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    repository,
    runId,
    attempt,
    runnerName: env.RUNNER_NAME ?? '',
    job: env.GITHUB_JOB ?? '',
    url: repository && runId ? `${serverUrl}/${repository}/actions/runs/${runId}${attempt !== '1' ? `/attempts/${attempt}` : ''}` : undefined,
  };
}

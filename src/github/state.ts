/** Names of the state the root action's main step leaves for its post step (GITHUB_STATE). */
export const STATE = { isPost: 'isPost', runId: 'run-id', reportStatus: 'report-status' } as const;

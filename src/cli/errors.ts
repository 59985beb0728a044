/** Exit codes every command shares; `port-ci --help` lists them. */
export const EXIT = {
  ok: 0,
  /** A bug in port-ci: the one case that prints a stack hint. */
  unexpected: 1,
  /** The user's input is wrong: a flag, a payload, an action definition. */
  usage: 2,
  /** Port, GitHub or GitLab refused or could not be reached. */
  api: 3,
  /** dispatch --wait: the dispatched run failed, or did not end in time. */
  runFailed: 4,
} as const;

/** A command that wants a specific exit code without an error message (exec passes its child's code). */
export class ExitError extends Error {
  override name = 'ExitError';
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

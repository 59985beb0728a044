
/** What each command does, in one line of --help; every build of the CLI lists its commands with these. */
export const SUMMARIES = {
  context: "print the run's context (who asked for what) from Port's payload",
  sandbox: 'run a local Port API (runs page, faults on demand) to try jobs without a Port account',
  log: "add a message, or standard input's lines, to the run's log",
  report: 'update the run: status, summary, links, label',
  dispatch: "do Port's side of the hand-off: validate, build the payload, trigger the backend",
  'verify-signature': "check a webhook's X-Port-Signature and timestamp (for receivers)",
  exec: "run a command and stream its output to the run's log",
  agent: "Port's execution agent: hand runs from the organisation's Kafka topic on to webhooks and GitLab",
  entity: 'write and read the catalog: upsert, bulk, get, search, delete entities',
  run: "start, read, list and approve Port's action runs",
} as const;

export type CommandName = keyof typeof SUMMARIES;

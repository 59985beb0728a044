import { UsageError } from '../../core/index.js';
import { jsonObjectFlag, checkIdentifier } from '../../catalog/fields.js';
import { approveRun, listRuns } from '../../catalog/port-api.js';
import { checkActionIdentifier, runLabel, waitForRunEnd } from '../../catalog/runs.js';
import type { PortRun } from '../../port/client.js';
import { parseDuration, parseFlags, parseOperation, wholeNumber } from '../args.js';
import { EXIT } from '../errors.js';
import type { CliIo } from '../io.js';
import type { Command } from '../main.js';
import { PORT_FLAGS, findRunId, missingCredentials, portClient, redactNames } from '../port-config.js';

const usage = `Usage: port-ci run create --action ACTION [--properties JSON] [--entity ID] [--wait [--timeout 30m]]
       port-ci run get [--run-id ID]
       port-ci run list [--action ACTION] [--external-run-id ID] [--entity ID] [--active] [--limit N]
       port-ci run approve --run-id ID [--decline] [--description TEXT]

Port's action runs from a job: start a run of another action (Port triggers its backend), read one, find runs,
approve or decline one that waits for approval.

Options:
  --action ACTION          the action's identifier
  --properties JSON        create: the user inputs, a JSON object: '{"env": "prod"}'
  --entity ID              create: the entity the action runs on; list: runs on that entity
  --run-as EMAIL           create: run as this user (Port's run_as; needs an admin's credentials)
  --wait                   create: follow the run to its end; exit 0 on SUCCESS, 4 on FAILURE or timeout
  --timeout DURATION       how long --wait follows (default 30m; e.g. 90s, 10m, 1h)
  --run-id ID              get, approve: the run (get: default $PORT_RUN_ID)
  --external-run-id ID     list: runs with this external id (a CI run's id)
  --active                 list: only runs still in progress
  --limit N                list: at most N runs
  --decline                approve: decline instead
  --description TEXT       approve: the reason shown with the decision
  --json                   the run (create, get, approve) or the runs (list) as JSON on standard output
  --base-url URL           Port's API, or a region: eu, us (default: $PORT_BASE_URL, else https://api.getport.io)

Credentials: $PORT_CLIENT_ID and $PORT_CLIENT_SECRET, or a token in $PORT_ACCESS_TOKEN. Exit codes: 0 done (with
--wait: the run ended SUCCESS); 2 bad input; 3 Port refused or could not be reached; 4 the run failed or --wait
timed out.
`;

const FLAGS = {
  ...PORT_FLAGS,
  action: { type: 'string' },
  properties: { type: 'string' },
  entity: { type: 'string' },
  'run-as': { type: 'string' },
  wait: { type: 'boolean', default: false },
  timeout: { type: 'string' },
  'external-run-id': { type: 'string' },
  active: { type: 'boolean', default: false },
  limit: { type: 'string' },
  decline: { type: 'boolean', default: false },
  description: { type: 'string' },
  json: { type: 'boolean', default: false },
  'poll-interval': { type: 'string' },
} as const;

const OPERATIONS = ['create', 'get', 'list', 'approve'] as const;
type Operation = (typeof OPERATIONS)[number];
type Flags = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

const TAKES: Record<Operation, readonly string[]> = {
  create: ['action', 'properties', 'entity', 'run-as', 'wait', 'timeout', 'poll-interval', 'json'],
  get: ['run-id', 'json'],
  list: ['action', 'external-run-id', 'entity', 'active', 'limit', 'json'],
  approve: ['run-id', 'decline', 'description', 'json'],
};
const SHARED = ['base-url', 'fail-on-report-error', 'redact'];

export const command: Command = {
  usage,
  async run(args, io) {
    const { op, flags } = parseOperation('run', args, FLAGS, { operations: OPERATIONS, takes: TAKES, shared: SHARED, example: '--run-id ID' });
    redactNames(flags);
    const missing = missingCredentials(io, flags);
    if (missing) throw new UsageError(`run ${op}: ${missing}`);
    switch (op) {
      case 'create':
        return create(flags, io);
      case 'get':
        return get(flags, io);
      case 'list':
        return list(flags, io);
      case 'approve':
        return approve(flags, io);
    }
  },
};

function requireAction(flags: Flags, op: string): string {
  if (flags.action === undefined) throw new UsageError(`run ${op}: --action is required`);
  return checkActionIdentifier(flags.action, '--action');
}

function printRun(run: PortRun, flags: Flags, io: CliIo): void {
  if (flags.json) io.stdout(`${JSON.stringify(run)}\n`);
  else io.stdout(`${run.id}\t${runLabel(run)}${typeof run.summary === 'string' && run.summary ? `\t${run.summary}` : ''}\n`);
}

async function create(flags: Flags, io: CliIo): Promise<number> {
  const action = requireAction(flags, 'create');
  const properties = flags.properties === undefined ? {} : jsonObjectFlag('--properties', flags.properties);
  const entity = flags.entity === undefined ? undefined : checkIdentifier(flags.entity, '--entity');
  const timeoutMs = flags.wait ? parseDuration('--timeout', flags.timeout ?? '30m') : 0;
  const pollMs = flags['poll-interval'] === undefined ? 5_000 : parseDuration('--poll-interval', flags['poll-interval']);
  if (!flags.wait && flags.timeout !== undefined) throw new UsageError('run create: --timeout is for --wait');
  const port = portClient(flags, io);
  const run = await port.createRun(action, { properties, ...(entity ? { entity } : {}) }, flags['run-as']);
  io.stderr(`port-ci: run create: started ${run.id} of ${action}\n`);
  if (!flags.wait) {
    printRun(run, flags, io);
    return EXIT.ok;
  }
  const ended = await waitForRunEnd(port, run.id, { timeoutMs, pollMs, onChange: (status) => io.stderr(`port-ci: run create: ${run.id} is ${status}\n`) });
  printRun(ended.run, flags, io);
  if (ended.timedOut) {
    io.stderr(`port-ci: run create: ${run.id} was still ${ended.run.status} after ${Math.round(timeoutMs / 1000)} s\n`);
    return EXIT.runFailed;
  }
  return ended.run.status === 'SUCCESS' ? EXIT.ok : EXIT.runFailed;
}

async function get(flags: Flags, io: CliIo): Promise<number> {
  const runId = findRunId(flags, io);
  if (!runId) throw new UsageError('run get: no run: give --run-id or set PORT_RUN_ID');
  printRun(await portClient(flags, io).getRun(runId), flags, io);
  return EXIT.ok;
}

async function list(flags: Flags, io: CliIo): Promise<number> {
  const query: Record<string, string> = {};
  if (flags.action !== undefined) query.action = requireAction(flags, 'list');
  if (flags['external-run-id'] !== undefined) query.external_run_id = flags['external-run-id'];
  if (flags.entity !== undefined) query.entity = checkIdentifier(flags.entity, '--entity');
  if (flags.active) query.active = 'true';
  if (flags.limit !== undefined) {
    query.limit = String(wholeNumber('--limit', flags.limit, 1));
  }
  const runs = await listRuns(portClient(flags, io), query);
  if (flags.json) io.stdout(`${JSON.stringify(runs)}\n`);
  else for (const run of runs) printRun(run, { ...flags, json: false }, io);
  return EXIT.ok;
}

async function approve(flags: Flags, io: CliIo): Promise<number> {
  const runId = flags['run-id'];
  if (!runId) throw new UsageError('run approve: --run-id is required (a run is approved on purpose, never the current one by default)');
  const port = portClient(flags, io);
  await approveRun(port, runId, flags.decline ? 'DECLINE' : 'APPROVE', flags.description);
  const run = await port.getRun(runId);
  printRun(run, flags, io);
  return EXIT.ok;
}

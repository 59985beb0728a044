import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { UsageError, isRunId, shellQuote } from '../../core/index.js';
import { loadActionFiles, loadBlueprintFiles, loadEntityFiles } from '../../sandbox/catalog.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, isFaultStatus, startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server.js';
import { parseFlags, wholeNumber } from '../args.js';
import type { Command } from '../main.js';

const usage = `Usage: port-ci sandbox [--port N] [--data FILE] [--latency MS] [--rate-limit N/S] [--fail-every N[:CODE]]
                       [--drop-every N] [--lose-answer-every N] [--stall-every N:MS] [--token-ttl S] [--run ID]...
                       [--client-id ID] [--actions FILE_OR_DIR]... [--blueprints FILE]... [--entities FILE]...
                       [--gitlab-trigger DIR]

Runs a local Port API on 127.0.0.1 for trying jobs and the port-ci steps without a Port account. It serves the
token, run and run-log operations, runs of actions (execute, GET /v1/actions/runs with its filters, approval),
action definitions (GET and POST /v1/actions, GET /v1/actions/{identifier}) and the catalogue: entities per
blueprint (create, upsert, merge, bulk, get, PUT, PATCH, delete, with run_id tying them to a run) and both
searches (POST /v1/entities/search, and POST /v1/blueprints/{bp}/entities/search a page at a time). It refuses
every request Port would refuse (with Port's error body and an X-Trace-Id header), and shows the runs at its URL
in a browser: a list of runs, and a page for each with its logs and affected entities, kept current while open.
Stop it with Ctrl-C (SIGINT) or SIGTERM; it saves the data file and exits 0.

Options:
  --port N               TCP port (default 0: any free port; the URL is printed)
  --data FILE            load runs from FILE if it exists, and save runs and logs to it after changes
  --latency MS           wait MS milliseconds before every API answer
  --rate-limit N/S       Port's rate limit: past N API requests in a period of S seconds, answer 429 with
                         retry-after until the period ends (without it the x-ratelimit-* headers report 1000 a
                         minute and nothing is refused)
  --fail-every N[:CODE]  answer every N-th API request with CODE: 429 (with retry-after: 1) or 500-599
                         (default 503)
  --drop-every N         reset the connection of every N-th API request without answering
  --lose-answer-every N  serve every N-th API request (store the log, end the run), then reset its connection
                         instead of answering: the answer lost after the work was done
  --stall-every N:MS     hold every N-th API request for MS milliseconds before serving it (a stall)
  --token-ttl S          tokens expire after S seconds (default 10800, as Port's)
  --run ID               a run that exists, IN_PROGRESS, at start (repeatable)
  --client-id ID         the client id to accept (default ${SANDBOX_CLIENT_ID})
  --actions FILE_OR_DIR  action definitions that exist at start (repeatable): a JSON file holding one
                         definition or an array, or a directory of such *.json files; Port's classic or current
                         format. Once any definition is loaded, a run of an action not among them is refused
                         (404), as in Port
  --blueprints FILE      blueprints that exist at start (repeatable): a JSON file holding one of Port's blueprint
                         definitions or an array; their schema (property types, enum, required) and relations
                         (target, many, required) are enforced. Once any is declared, writing to a blueprint
                         not among them (and holding no entity) is refused (404), as in Port; without any, a
                         blueprint comes to exist with its first entity
  --entities FILE        entities that exist at start (repeatable): a JSON file holding one entity or an array,
                         each with its "blueprint", as port-ci dispatch --entity @FILE takes them
  --gitlab-trigger DIR   GitLab, locally: make a run of the one GITLAB action among --actions (its default
                         inputs, on the first entity of its blueprint among --entities), and write into DIR, the
                         project gitlab-ci-local runs, what GitLab gives the pipeline Port triggers:
                         trigger-payload.json (the body Port's agent posts to GitLab's trigger API, which GitLab
                         names in $TRIGGER_PAYLOAD) and .gitlab-ci-local-variables.yml (TRIGGER_PAYLOAD, the
                         credentials and the trigger's variables), then print them as --variable flags too

Definitions, blueprints and entities, loaded or posted, last until the sandbox stops: --data keeps runs only.

The client secret to accept is $PORT_CLIENT_SECRET, or the built-in ${SANDBOX_CLIENT_SECRET}.
`;

/** `N` or `N:CODE`: every N-th request fails with CODE (429 or 5xx; 503 when not given). */
function failEvery(text: string): { n: number; status: number } {
  const match = /^(\d+)(?::(\d+))?$/.exec(text);
  const n = match ? Number(match[1]) : NaN;
  const status = match?.[2] === undefined ? 503 : Number(match[2]);
  if (!match || !Number.isSafeInteger(n) || n < 1 || !isFaultStatus(status)) {
    throw new UsageError(`--fail-every: "${text}" is not accepted; expected N or N:CODE, N a whole number from 1 and CODE 429 or 500-599 (default 503)`);
  }
  return { n, status };
}

/** `N/S`: at most N requests every S seconds. */
function rateLimit(text: string): { limit: number; periodSeconds: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const [limit, periodSeconds] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!match || !Number.isSafeInteger(limit) || limit < 1 || !Number.isSafeInteger(periodSeconds) || periodSeconds < 1 || periodSeconds > 86_400) {
    throw new UsageError(`--rate-limit: "${text}" is not accepted; expected N/S, at most N requests (a whole number from 1) every S seconds (1 to 86400), such as 100/10`);
  }
  return { limit, periodSeconds };
}

/** Reads the flags once into the sandbox's options (the one typed settings object of this face). */
function readOptions(args: string[], env: NodeJS.ProcessEnv): SandboxOptions & { gitlabTrigger?: string } {
  const { values: flags } = parseFlags('sandbox', args, {
    port: { type: 'string' },
    data: { type: 'string' },
    latency: { type: 'string' },
    'rate-limit': { type: 'string' },
    'fail-every': { type: 'string' },
    'drop-every': { type: 'string' },
    'lose-answer-every': { type: 'string' },
    'stall-every': { type: 'string' },
    'token-ttl': { type: 'string' },
    run: { type: 'string', multiple: true },
    'client-id': { type: 'string' },
    actions: { type: 'string', multiple: true },
    blueprints: { type: 'string', multiple: true },
    entities: { type: 'string', multiple: true },
    'gitlab-trigger': { type: 'string' },
  });
  const options: SandboxOptions = {
    port: flags.port === undefined ? 0 : wholeNumber('--port', flags.port, 0, 65_535),
    clientId: flags['client-id'] ?? SANDBOX_CLIENT_ID,
    clientSecret: env.PORT_CLIENT_SECRET || SANDBOX_CLIENT_SECRET,
    runs: flags.run ?? [],
  };
  if (options.clientId === '') throw new UsageError('--client-id: an empty id is not accepted');
  if (flags.data !== undefined) {
    if (flags.data === '') throw new UsageError('--data: expected a file name');
    options.dataFile = flags.data;
  }
  if (flags.latency !== undefined) options.latencyMs = wholeNumber('--latency', flags.latency, 0, 600_000);
  if (flags['rate-limit'] !== undefined) options.rateLimit = rateLimit(flags['rate-limit']);
  if (flags['fail-every'] !== undefined) options.failEvery = failEvery(flags['fail-every']);
  if (flags['drop-every'] !== undefined) options.dropEvery = wholeNumber('--drop-every', flags['drop-every'], 1);
  if (flags['lose-answer-every'] !== undefined) options.loseAnswerEvery = wholeNumber('--lose-answer-every', flags['lose-answer-every'], 1);
  if (flags['stall-every'] !== undefined) options.stallEvery = stallEvery(flags['stall-every']);
  if (flags['token-ttl'] !== undefined) options.tokenTtlSeconds = wholeNumber('--token-ttl', flags['token-ttl'], 1);
  for (const [flag, files] of [['--actions', flags.actions], ['--blueprints', flags.blueprints], ['--entities', flags.entities]] as const) {
    if (files?.includes('')) throw new UsageError(`${flag}: expected a file name`);
  }
  if (flags.actions !== undefined) options.actions = loadActionFiles(flags.actions);
  if (flags.blueprints !== undefined) options.blueprints = loadBlueprintFiles(flags.blueprints);
  if (flags.entities !== undefined) options.entities = loadEntityFiles(flags.entities, options.blueprints);
  if (flags['gitlab-trigger'] === '') throw new UsageError('--gitlab-trigger: expected the directory of the project gitlab-ci-local runs');
  for (const id of options.runs!) {
    if (!isRunId(id)) throw new UsageError(`--run: "${id}" is not accepted; expected a run id like "r_..." (letters, digits, "_" and "-")`);
  }
  return { ...options, gitlabTrigger: flags['gitlab-trigger'] };
}

function stallEvery(text: string): { n: number; ms: number } {
  const match = /^(\d+):(\d+)$/.exec(text);
  if (!match || Number(match[1]) < 1) throw new UsageError(`--stall-every: "${text}" is not accepted; expected N:MS, N a whole number from 1 and MS milliseconds`);
  return { n: Number(match[1]), ms: Number(match[2]) };
}

/** Starts the sandbox, turning a taken port into a UsageError that says what to do. */
async function start(options: SandboxOptions): Promise<Sandbox> {
  try {
    return await startSandbox(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new UsageError(`--port: cannot listen on 127.0.0.1:${options.port} (${code}); pick another port, or --port 0 for any free one`);
    }
    throw error;
  }
}

/** Resolves on the first SIGINT or SIGTERM. A second one gets Node's default (exit at once) if closing hangs. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** The run and the files of --gitlab-trigger; the planning (and jq, for the current format) loads only then. */
async function prepareGitLab(dir: string, options: SandboxOptions) {
  const { writeGitLabTrigger } = await import('../sandbox-gitlab.js');
  const runId = `r_${randomBytes(12).toString('base64url')}`;
  const trigger = await writeGitLabTrigger({
    dir, actions: options.actions ?? [], entities: options.entities ?? [], runId, clientId: options.clientId!, clientSecret: options.clientSecret!,
    printSecret: options.clientSecret === SANDBOX_CLIENT_SECRET,
  });
  return { runId, trigger, properties: trigger.properties };
}

function describeGitLab(gitlab: Awaited<ReturnType<typeof prepareGitLab>>, url: string): string {
  const { trigger, runId } = gitlab;
  const flags = Object.entries(trigger.variables).map(([name, value]) => `--variable ${shellQuote(`${name}=${value}`)}`).join(' ');
  const secret = trigger.variables.PORT_CLIENT_SECRET === undefined ? ' --variable PORT_CLIENT_SECRET=...' : '';
  return [
    `port-ci sandbox: run ${runId} of ${trigger.action}${trigger.entity ? ` on ${trigger.entity}` : ''} is IN_PROGRESS, as Port's agent leaves it once it has triggered GitLab.`,
    `  ${trigger.triggerFile}: the trigger body GitLab names in $TRIGGER_PAYLOAD`,
    `  ${trigger.variablesFile}: TRIGGER_PAYLOAD, the credentials and the trigger's variables, which gitlab-ci-local reads there`,
    `Run the pipeline (its port-ci include needs port-base-url: ${url}):`,
    `  cd ${shellQuote(path.dirname(trigger.variablesFile))} && gitlab-ci-local --force-shell-executor`,
    `or elsewhere, with the variables as flags: ${flags}${secret}`,
    '',
  ].join('\n');
}

export const command: Command = {
  usage,
  async run(args, io) {
    const { gitlabTrigger: gitlabDir, ...options } = readOptions(args, io.env);
    // The files come first and the run right after listening, before any request is served: once the sandbox
    // answers, the pipeline can start.
    const gitlab = gitlabDir === undefined ? undefined : await prepareGitLab(gitlabDir, options);
    const sandbox = await start(options);
    if (gitlab) sandbox.createRun(gitlab.runId, { action: gitlab.trigger.action, properties: gitlab.properties, ...(gitlab.trigger.entity ? { entity: gitlab.trigger.entity } : {}) });
    const stopped = stopSignal();
    // The secret is printed only when it is the public built-in one; a real secret stays where the user put it.
    const secret =
      options.clientSecret === SANDBOX_CLIENT_SECRET
        ? ` PORT_CLIENT_SECRET=${shellQuote(SANDBOX_CLIENT_SECRET)}  # the built-in default secret`
        : '  # PORT_CLIENT_SECRET: the one already in your environment';
    io.stdout(
      `port-ci sandbox: Port API and runs page at ${sandbox.url}; for a job, set: export PORT_BASE_URL=${shellQuote(sandbox.url)} PORT_CLIENT_ID=${shellQuote(options.clientId!)}${secret}\n`,
    );
    if (gitlab) io.stdout(describeGitLab(gitlab, sandbox.url));
    await stopped;
    await sandbox.close();
    return 0;
  },
};

import {
  UsageError,
  contextEnv,
  compactJson,
  decryptRunSecrets,
  formatDotenv,
  formatShellExports,
  parsePayload,
  triggeredBy,
  userInputsOf,
  withinEnvLimits,
  type DotenvLimits,
  type EnvEntry,
  type ParseOptions,
  type RunContext,
  type UserInputsSchema,
} from '../../core/index.js';
import { readDispatchInputs } from '../../github/event.js';
import { readTriggerPayload } from '../../gitlab/trigger.js';
import { oneOf, parseFlags } from '../args.js';
import { readArgFile, type CliIo } from '../io.js';
import type { Command } from '../main.js';

const FORMATS = ['json', 'dotenv', 'env'] as const;
/** PORT_RUN_ID, PORT_ACTION, PORT_BLUEPRINT, PORT_ENTITY_IDENTIFIER, PORT_TRIGGERED_BY: always kept. */
const RUN_FIELDS = 5;

/** `--set NAME=VALUE`: an extra variable for env and dotenv output (the GitLab template adds PORT_CI with it). */
function parseAssignment(text: string): EnvEntry {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(text);
  if (!match) throw new UsageError(`--set: "${text}" is not accepted; expected NAME=VALUE with NAME made of letters, digits and "_"`);
  return { name: match[1]!, value: match[2]!, secret: false };
}

function positiveInteger(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(text)) throw new UsageError(`${flag}: "${text}" is not accepted; expected a whole number above 0`);
  return Number(text);
}

const usage = `Usage: port-ci context [--payload JSON | --payload-file FILE] [--action FILE] [--run-id-from NAME] [--format json|dotenv|env] [--decrypt]

Prints the run's context: run id, action, blueprint, entity, who triggered it and the typed inputs.

Where the payload comes from (the first one found):
  --payload JSON        the payload itself: a classic port_payload, a port_context object or a GitLab trigger body
  --payload-file FILE   a file holding it ("-" reads standard input)
  $PORT_PAYLOAD         the payload as JSON text
  $TRIGGER_PAYLOAD      GitLab: the file holding the body Port's agent sent to the trigger API
  $GITHUB_EVENT_PATH    GitHub: the workflow_dispatch event (port_payload / port_context and the isolated inputs)

Options:
  --action FILE         the action definition (JSON), classic (userInputs beside trigger "CREATE", "DAY-2" or
                        "DELETE") or current (trigger.userInputs of a self-service trigger): its userInputs type
                        the isolated inputs when the payload carries no definition (omitPayload and v2 runs)
  --run-id-from NAME    the workflow_dispatch input (GitHub) or trigger variable (GitLab) that holds the run id,
                        for actions that send it on its own ("run_id": "{{ .run.id }}"); it wins over a run id
                        in the payload (a different one is a warning) and is not listed among the inputs
  --format FORMAT       json (default): one object with runId, action, blueprint, entityIdentifier, entity,
                          triggeredBy, trigger, inputs, secretInputs, format, envelope
                        env: "export NAME='value'" lines for eval in a POSIX shell
                        dotenv: NAME=value lines for GitLab's dotenv reports; a value that cannot live on one
                          line (line breaks, "$", surrounding blanks) is written as NAME_B64 (base64)
  --decrypt             decrypt secret inputs (aes256-gcm) with $PORT_CLIENT_SECRET (not with dotenv, whose
                        reports are kept as artifacts)
  --set NAME=VALUE      add a variable to env and dotenv output (repeatable)
  --max-variables N     dotenv: write at most N variables (GitLab.com allows 20)
  --max-bytes N         dotenv: write at most N bytes (GitLab allows 5120); what does not fit is named on stderr
  --optional            when no payload was handed over at all, write only the --set variables and exit 0

Variables printed by env and dotenv: PORT_RUN_ID, PORT_ACTION, PORT_BLUEPRINT, PORT_ENTITY_IDENTIFIER,
PORT_TRIGGERED_BY, PORT_INPUTS (compact JSON) and PORT_INPUT_<ID> (the input id upper-snake-cased).
Warnings (such as an input whose two copies disagree) go to standard error.
`;

interface Located {
  raw: string | Record<string, unknown>;
  envelope?: ParseOptions['envelope'];
}

function payloadGiven(flags: { payload?: string; 'payload-file'?: string }, env: NodeJS.ProcessEnv): boolean {
  return flags.payload !== undefined || flags['payload-file'] !== undefined || Boolean(env.PORT_PAYLOAD || env.TRIGGER_PAYLOAD || env.GITHUB_EVENT_PATH);
}

/** Finds the payload: flags first, then what the CI system left in the environment. */
function locatePayload(flags: { payload?: string; 'payload-file'?: string }, io: CliIo): Located {
  if (flags.payload !== undefined && flags['payload-file'] !== undefined) {
    throw new UsageError('context: give either --payload or --payload-file, not both');
  }
  if (flags.payload !== undefined) return { raw: flags.payload };
  if (flags['payload-file'] !== undefined) return { raw: readArgFile(io, '--payload-file', flags['payload-file']) };
  const { PORT_PAYLOAD, TRIGGER_PAYLOAD, GITHUB_EVENT_PATH } = io.env;
  if (PORT_PAYLOAD) return { raw: PORT_PAYLOAD };
  if (TRIGGER_PAYLOAD) return { raw: readTriggerPayload(TRIGGER_PAYLOAD), envelope: 'gitlab_trigger' };
  if (GITHUB_EVENT_PATH) {
    const inputs = readDispatchInputs(GITHUB_EVENT_PATH);
    if (!inputs) {
      throw new UsageError(
        'GITHUB_EVENT_PATH: this event has no workflow_dispatch inputs; Port starts workflows with workflow_dispatch, so declare port_payload (or the action\'s inputs) under on.workflow_dispatch.inputs, or pass the payload explicitly',
      );
    }
    return { raw: inputs, envelope: 'github_inputs' };
  }
  throw new UsageError(
    'context: no Port payload found; pass --payload or --payload-file, or run inside a job where $TRIGGER_PAYLOAD (GitLab) or $GITHUB_EVENT_PATH (GitHub) is set',
  );
}

function readActionSchema(io: CliIo, file: string): UserInputsSchema {
  return userInputsOf(readArgFile(io, '--action', file), '--action');
}

/** The JSON view of a context: the fields a script reads, without the internals. */
function contextJson(context: RunContext): Record<string, unknown> {
  return {
    runId: context.runId,
    action: context.action,
    blueprint: context.blueprint,
    entityIdentifier: context.entityIdentifier,
    entity: context.entity,
    triggeredBy: triggeredBy(context),
    trigger: context.trigger,
    inputs: context.inputs,
    secretInputs: context.secretInputs,
    ref: context.ref,
    format: context.format,
    envelope: context.envelope,
  };
}

export const command: Command = {
  usage,
  async run(args, io) {
    const { values: flags } = parseFlags('context', args, {
      payload: { type: 'string' },
      'payload-file': { type: 'string' },
      action: { type: 'string' },
      'run-id-from': { type: 'string' },
      format: { type: 'string', default: 'json' },
      decrypt: { type: 'boolean', default: false },
      set: { type: 'string', multiple: true },
      'max-variables': { type: 'string' },
      'max-bytes': { type: 'string' },
      optional: { type: 'boolean', default: false },
    });
    const format = oneOf('--format', flags.format ?? 'json', FORMATS);
    const runIdFrom = flags['run-id-from'];
    if (runIdFrom !== undefined && runIdFrom.trim() === '') {
      throw new UsageError('--run-id-from: an empty name is not accepted; expected the name of the input or variable that holds the run id, such as run_id');
    }
    if (flags.decrypt && format === 'dotenv') {
      throw new UsageError('context: --decrypt cannot go with --format dotenv: dotenv reports are kept as artifacts; decrypt in the job that needs the secrets, with --format env');
    }
    const extra = (flags.set ?? []).map(parseAssignment);
    const limits: DotenvLimits = {
      maxVariables: positiveInteger('--max-variables', flags['max-variables']) ?? Infinity,
      maxBytes: positiveInteger('--max-bytes', flags['max-bytes']) ?? Infinity,
    };
    if (flags.optional && !payloadGiven(flags, io.env)) {
      // A pipeline Port did not start (a push, a schedule): nothing to parse, and nothing wrong.
      io.stderr('port-ci: context: no Port payload here (the pipeline was not started by Port); only the --set variables are written\n');
      const extraOnly = format === 'json' ? `${compactJson({ runId: null, inputs: {} })}\n` : format === 'env' ? formatShellExports(extra) : formatDotenv(extra, limits).text;
      io.stdout(extraOnly);
      return 0;
    }
    const located = locatePayload(flags, io);
    const userInputs = flags.action === undefined ? undefined : readActionSchema(io, flags.action);
    const runId = runIdFrom === undefined ? undefined : { input: runIdFrom, source: '--run-id-from' };
    let context = parsePayload(located.raw, { envelope: located.envelope, userInputs, runId });
    if (flags.decrypt) {
      const secret = io.env.PORT_CLIENT_SECRET;
      if (!secret) throw new UsageError('context: --decrypt needs the client secret in $PORT_CLIENT_SECRET');
      context = decryptRunSecrets(context, secret).context;
    }
    const env = contextEnv(context);
    // The run's own fields first, then --set, then the inputs: what a report must drop comes last.
    const entries = [...env.entries.slice(0, RUN_FIELDS), ...extra, ...env.entries.slice(RUN_FIELDS)];
    for (const warning of [...context.warnings, ...env.warnings]) io.stderr(`port-ci: warning: ${warning}\n`);
    if (format === 'json') io.stdout(`${compactJson(contextJson(context))}\n`);
    else if (format === 'env') {
      const { kept, omitted } = withinEnvLimits(entries);
      if (omitted.length > 0) io.stderr(`port-ci: warning: too large for the environment, left out: ${omitted.join(', ')}; read them with --format json\n`);
      io.stdout(formatShellExports(kept));
    }
    else {
      const { text, omitted } = formatDotenv(entries, limits);
      if (omitted.length > 0) {
        io.stderr(
          `port-ci: warning: the dotenv report leaves out ${omitted.join(', ')} to stay within ${limits.maxVariables} variables and ${limits.maxBytes} bytes; a job reads every value with: eval "$(port-ci context --format env)"\n`,
        );
      }
      io.stdout(text);
    }
    return 0;
  },
};

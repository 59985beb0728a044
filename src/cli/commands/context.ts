import {
  UsageError,
  contextEnv,
  compactJson,
  decryptRunSecrets,
  formatDotenv,
  formatShellExports,
  isObject,
  parseJsonText,
  parsePayload,
  triggeredBy,
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

const usage = `Usage: port-ci context [--payload JSON | --payload-file FILE] [--action FILE] [--format json|dotenv|env] [--decrypt]

Prints the run's context: run id, action, blueprint, entity, who triggered it and the typed inputs.

Where the payload comes from (the first one found):
  --payload JSON        the payload itself: a classic port_payload, a port_context object or a GitLab trigger body
  --payload-file FILE   a file holding it ("-" reads standard input)
  $PORT_PAYLOAD         the payload as JSON text
  $TRIGGER_PAYLOAD      GitLab: the file holding the body Port's agent sent to the trigger API
  $GITHUB_EVENT_PATH    GitHub: the workflow_dispatch event (port_payload / port_context and the isolated inputs)

Options:
  --action FILE         the action definition (JSON): its userInputs type the isolated inputs when the payload
                        carries no definition (omitPayload runs)
  --format FORMAT       json (default): one object with runId, action, blueprint, entityIdentifier, entity,
                          triggeredBy, trigger, inputs, secretInputs, format, envelope
                        env: "export NAME='value'" lines for eval in a POSIX shell
                        dotenv: NAME=value lines for GitLab's dotenv reports; a value that cannot live on one
                          line is written as NAME_B64 (base64), and PORT_INPUTS always holds every value
  --decrypt             decrypt secret inputs (aes256-gcm) with $PORT_CLIENT_SECRET

Variables printed by env and dotenv: PORT_RUN_ID, PORT_ACTION, PORT_BLUEPRINT, PORT_ENTITY_IDENTIFIER,
PORT_TRIGGERED_BY, PORT_INPUTS (compact JSON) and PORT_INPUT_<ID> (the input id upper-snake-cased).
Warnings (such as an input whose two copies disagree) go to standard error.
`;

interface Located {
  raw: string | Record<string, unknown>;
  envelope?: ParseOptions['envelope'];
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
  if (GITHUB_EVENT_PATH) return { raw: readDispatchInputs(GITHUB_EVENT_PATH), envelope: 'github_inputs' };
  throw new UsageError(
    'context: no Port payload found; pass --payload or --payload-file, or run inside a job where $TRIGGER_PAYLOAD (GitLab) or $GITHUB_EVENT_PATH (GitHub) is set',
  );
}

function readActionSchema(io: CliIo, file: string): UserInputsSchema {
  const action = parseJsonText(readArgFile(io, '--action', file), '--action');
  if (!isObject(action)) throw new UsageError(`--action: expected an action definition (a JSON object) in ${file}`);
  const userInputs = action.userInputs ?? {};
  if (!isObject(userInputs) || (userInputs.properties !== undefined && !isObject(userInputs.properties))) {
    throw new UsageError(`--action: userInputs in ${file}: expected an object with "properties"`);
  }
  return userInputs as UserInputsSchema;
}

/** The JSON view of a context: the fields a script reads, without the internals. */
export function contextJson(context: RunContext): Record<string, unknown> {
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
      format: { type: 'string', default: 'json' },
      decrypt: { type: 'boolean', default: false },
    });
    const format = oneOf('--format', flags.format ?? 'json', FORMATS);
    const located = locatePayload(flags, io);
    const userInputs = flags.action === undefined ? undefined : readActionSchema(io, flags.action);
    let context = parsePayload(located.raw, { envelope: located.envelope, userInputs });
    if (flags.decrypt) {
      const secret = io.env.PORT_CLIENT_SECRET;
      if (!secret) throw new UsageError('context: --decrypt needs the client secret in $PORT_CLIENT_SECRET');
      context = decryptRunSecrets(context, secret).context;
    }
    const { entries, warnings } = contextEnv(context);
    for (const warning of [...context.warnings, ...warnings]) io.stderr(`port-ci: warning: ${warning}\n`);
    if (format === 'json') io.stdout(`${compactJson(contextJson(context))}\n`);
    else if (format === 'env') io.stdout(formatShellExports(entries));
    else io.stdout(formatDotenv(entries));
    return 0;
  },
};

import * as core from './runner.js';
import {
  UsageError,
  compactJson,
  contextEnv,
  decryptRunSecrets,
  parsePayload,
  triggeredBy,
  type RunContext,
} from '../core/index.js';
import { runStep } from './boundary.js';
import { readDispatchInputs } from './event.js';
import { booleanInput, textInput } from './settings.js';

/** The root action's settings, read once and checked (the action.yml inputs). */
interface MainSettings {
  payload: string | undefined;
  exportEnv: boolean;
  decryptSecrets: boolean;
  clientSecret: string | undefined;
}

function readSettings(): MainSettings {
  return {
    payload: textInput('payload'),
    exportEnv: booleanInput('export-env', true),
    decryptSecrets: booleanInput('decrypt-secrets', false),
    clientSecret: textInput('port-client-secret') ?? process.env.PORT_CLIENT_SECRET,
  };
}

function loadContext(settings: MainSettings): RunContext {
  if (settings.payload !== undefined) return parsePayload(settings.payload);
  const eventPath = process.env.GITHUB_EVENT_PATH;
  if (!eventPath) throw new UsageError('No payload: set the payload input, or run in a workflow started by workflow_dispatch');
  return parsePayload(readDispatchInputs(eventPath), { envelope: 'github_inputs' });
}

/**
 * The root action's main step: parse the run Port dispatched and expose it to the rest of the job as
 * outputs and environment variables, with secret values masked before anything is written.
 */
export function run(): Promise<void> {
  return runStep(async () => {
    const settings = readSettings();
    let context = loadContext(settings);
    if (settings.decryptSecrets) {
      if (!settings.clientSecret) throw new UsageError('decrypt-secrets is true but port-client-secret is empty');
      const decrypted = decryptRunSecrets(context, settings.clientSecret);
      decrypted.masks.forEach((text) => core.setSecret(text));
      context = decrypted.context;
    }
    for (const warning of context.warnings) core.warning(warning);

    core.setOutput('run-id', context.runId ?? '');
    core.setOutput('action', context.action ?? '');
    core.setOutput('blueprint', context.blueprint ?? '');
    core.setOutput('entity-identifier', context.entityIdentifier ?? '');
    core.setOutput('entity', compactJson(context.entity));
    core.setOutput('triggered-by', triggeredBy(context) ?? '');
    core.setOutput('inputs', compactJson(context.inputs));
    core.setOutput('format', context.format);

    if (settings.exportEnv) {
      const { entries, warnings } = contextEnv(context);
      warnings.forEach((warning) => core.warning(warning));
      for (const { name, value } of entries) core.exportVariable(name, value);
    }
    core.info(
      context.runId
        ? `Port run ${context.runId}: action ${context.action ?? '(unknown)'} by ${triggeredBy(context) ?? '(unknown)'}`
        : 'No Port run id (the action omits the payload): inputs are exposed, nothing can be reported to Port',
    );
  });
}

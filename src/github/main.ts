import { existsSync, readFileSync } from 'node:fs';
import * as core from './runner.js';
import {
  UsageError,
  compactJson,
  contextEnv,
  decryptRunSecrets,
  isRunId,
  parsePayload,
  parseVariableNames,
  REDACT_ENV,
  peekRunId,
  triggeredBy,
  userInputsOf,
  withinEnvLimits,
  type UserInputsSchema,
} from '../core/index.js';
import { runStep } from './boundary.js';
import { readDispatchInputs } from './event.js';
import { createClient, missingCredentials, readPortInputs, reportSafely, type PortInputs } from './port-settings.js';
import { booleanInput, textInput } from './settings.js';
import { STATE } from './state.js';
import { jobSummary } from './summary.js';
import { workflowRun } from './workflow-run.js';

/** The root action's settings, read once and checked (the action.yml inputs). */
interface MainSettings {
  userInputs: UserInputsSchema | undefined;
  runId: string | undefined;
  exportEnv: boolean;
  decryptSecrets: boolean;
  jobSummary: boolean;
  reportStatus: boolean;
  exportCredentials: boolean;
  port: PortInputs;
}

function readSettings(port: PortInputs): MainSettings {
  return {
    userInputs: readActionDefinition(textInput('action-definition')),
    runId: readRunIdInput(),
    exportEnv: booleanInput('export-env', true),
    decryptSecrets: booleanInput('decrypt-secrets', false),
    jobSummary: booleanInput('job-summary', true),
    reportStatus: booleanInput('report-status', true),
    exportCredentials: booleanInput('export-credentials', false),
    port,
  };
}

/** The action-definition input: JSON text, or the path of a JSON file in the workspace. */
function readActionDefinition(value: string | undefined): UserInputsSchema | undefined {
  if (value === undefined) return undefined;
  if (value.trimStart().startsWith('{')) return userInputsOf(value, 'action-definition');
  if (!existsSync(value)) throw new UsageError(`Invalid action-definition '${value}'. Expected JSON text or the path of a JSON file.`);
  return userInputsOf(readFileSync(value, 'utf8'), 'action-definition');
}

/** The run-id input: the run id itself (`${{ inputs.run_id }}`), for actions that send it on its own. */
function readRunIdInput(): string | undefined {
  const value = textInput('run-id')?.trim();
  if (!value) return undefined; // a workflow started by hand leaves the input empty
  if (!isRunId(value)) {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    throw new UsageError(
      `Invalid run-id '${shown}'. Expected a Port run id like r_HardNzG6kzc9vWOQ (letters, digits, "_" and "-"), such as \${{ inputs.run_id }} when the action sends "run_id": "{{ .run.id }}".`,
    );
  }
  return value;
}

/**
 * The redact input reaches the job's later steps (sub-actions, the CLI, this action's post step) as names only,
 * in PORT_REDACT_ENV: each step reads the values from its own environment, so a secret set only for one step
 * is still kept out of Port by that step, and no value is written to GITHUB_ENV.
 */
function handRedactNamesOn(names: string[]): void {
  if (names.length === 0) return;
  const earlier = parseVariableNames(process.env[REDACT_ENV] ?? '', REDACT_ENV);
  core.exportVariable(REDACT_ENV, [...new Set([...earlier, ...names])].join(','));
}

/** What Port handed this job: the payload input, else the workflow_dispatch inputs of the event. */
interface Handed {
  raw: string | Record<string, unknown>;
  envelope?: 'github_inputs';
}

function readHanded(payloadInput: string | undefined): Handed {
  if (payloadInput !== undefined) return { raw: payloadInput };
  const eventPath = process.env.GITHUB_EVENT_PATH;
  if (!eventPath) throw new UsageError('No payload: set the payload input, or run in a workflow started by workflow_dispatch');
  return { raw: readDispatchInputs(eventPath), envelope: 'github_inputs' };
}

/** Runs `read`, keeping its error for later: the post step must be armed before any problem is raised. */
function attempt<T>(read: () => T): T | Error {
  try {
    return read();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * The root action. Its bundle runs twice: as the main step, which parses the run and exposes it, and as the
 * post step (post-if: always()), which ends the run with the job's outcome.
 */
export function run(): Promise<void> {
  return runStep(async () => {
    if (core.getState(STATE.isPost) === 'true') {
      await (await import('./post.js')).runPost();
      return;
    }
    core.saveState(STATE.isPost, 'true'); // first: the post step must know it is one even if main fails
    // Read once, errors kept: the post step is armed before any of them is raised.
    const handed = attempt(() => readHanded(textInput('payload')));
    const port = attempt(readPortInputs);
    armPostStep(handed, port);
    await runMain(handed, port);
  });
}

/**
 * When the run id can be seen and Port can be reached, leave the post step what it needs to end the run, so a
 * payload or setting this step refuses still ends the run FAILURE, never left running.
 */
function armPostStep(handed: Handed | Error, port: PortInputs | Error): void {
  const reportStatus = attempt(() => booleanInput('report-status', true));
  if (handed instanceof Error || port instanceof Error || reportStatus !== true || missingCredentials(port)) return;
  const given = attempt(readRunIdInput);
  const runId = (typeof given === 'string' ? given : undefined) ?? peekRunId(handed.raw);
  if (!runId) return;
  core.saveState(STATE.runId, runId);
  core.saveState(STATE.reportStatus, 'true');
}

async function runMain(handed: Handed | Error, port: PortInputs | Error): Promise<void> {
  if (port instanceof Error) throw port;
  handRedactNamesOn(port.redact);
  const settings = readSettings(port);
  if (handed instanceof Error) throw handed;
  const parsed = parsePayload(handed.raw, {
    envelope: handed.envelope,
    userInputs: settings.userInputs,
    ...(settings.runId ? { runId: { value: settings.runId, source: 'run-id' } } : {}),
  });
  let context = parsed;
  if (settings.decryptSecrets) {
    if (!settings.port.clientSecret) throw new UsageError('decrypt-secrets is true but port-client-secret is empty');
    const decrypted = decryptRunSecrets(parsed, settings.port.clientSecret);
    decrypted.masks.forEach((text) => core.setSecret(text)); // before any value can be written
    context = decrypted.context;
  }
  for (const warning of context.warnings) core.warning(warning);

  core.setOutput('run-id', context.runId ?? '');
  core.setOutput('action', context.action ?? '');
  core.setOutput('blueprint', context.blueprint ?? '');
  core.setOutput('entity-identifier', context.entityIdentifier ?? '');
  core.setOutput('entity', compactJson(context.entity));
  core.setOutput('triggered-by', triggeredBy(context) ?? '');
  core.setOutput('inputs', compactJson(parsed.inputs)); // outputs outlive the job: secrets stay encrypted here
  core.setOutput('format', context.format);

  if (settings.exportEnv) {
    const { entries, warnings } = contextEnv(context);
    warnings.forEach((warning) => core.warning(warning));
    const { kept, omitted } = withinEnvLimits(entries);
    if (omitted.length > 0) {
      core.warning(`Too large for the environment, not exported: ${omitted.join(', ')}. Read them from this step's inputs output.`);
    }
    for (const { name, value } of kept) core.exportVariable(name, value);
  }
  const thisRun = workflowRun();
  if (settings.jobSummary) core.appendSummary(jobSummary(context, thisRun.url));

  const off = !context.runId
    ? 'there is no Port run id to report to (no port_payload or port_context input carries one, and run-id is empty)'
    : missingCredentials(settings.port);
  if (off || !context.runId) {
    core.notice(`Reporting to Port is off: ${off}. The run's context is still in this step's outputs and the environment.`);
    core.saveState(STATE.reportStatus, 'false');
    return;
  }
  core.saveState(STATE.runId, context.runId);
  core.saveState(STATE.reportStatus, String(settings.reportStatus));
  // Sub-actions and the CLI find Port through these, so they need no inputs of their own. The secret (masked
  // since readPortInputs) only on request: every later step, third-party actions too, would see it; without it
  // a job that outlives the token (3 h) cannot renew it.
  if (settings.port.clientId) core.exportVariable('PORT_CLIENT_ID', settings.port.clientId);
  if (settings.exportCredentials && settings.port.clientSecret) core.exportVariable('PORT_CLIENT_SECRET', settings.port.clientSecret);
  core.exportVariable('PORT_BASE_URL', settings.port.baseUrl);
  core.exportVariable('PORT_RUN_ID', context.runId);
  core.info(`Port run ${context.runId}: action ${context.action ?? '(unknown)'} by ${triggeredBy(context) ?? '(unknown)'}`);

  const client = createClient(settings.port);
  const runId = context.runId;
  await reportSafely(settings.port, async () => {
    await client.updateRun(runId, { ...(thisRun.url ? { link: thisRun.url } : {}), ...(thisRun.runId ? { externalRunId: thisRun.runId } : {}) });
    await client.addLog(runId, { message: `GitHub workflow run started${thisRun.url ? `: ${thisRun.url}` : ''}${thisRun.job ? ` (job ${thisRun.job})` : ''}` });
  });
}

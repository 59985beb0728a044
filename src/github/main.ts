import * as core from './runner.js';
import { REDACT_ENV, UsageError, compactJson, contextEnv, decryptRunSecrets, parsePayload, parseVariableNames, peekRunId, triggeredBy, withinEnvLimits, type RunContext } from '../core/index.js';
import { runStep } from './boundary.js';
import { readDispatchInputs } from './event.js';
import { HANDED_ENV, STATE, handOn } from './job-state.js';
import { createClient, missingCredentials, reportSafely } from './reporting.js';
import { readMainSettings, readReportStatusMode, readRunIdInput, type ReportStatusMode } from './main-settings.js';
import { readPortSettings, textInput, type PortSettings } from './settings.js';
import { jobSummary } from './summary.js';
import { workflowRun } from './workflow-run.js';

/**
 * The redact input reaches the job's later steps (sub-actions, the CLI, this action's post step) as names only,
 * in PORT_REDACT_ENV: each step reads the values from its own environment, so a secret set only for one step
 * is still kept out of Port by that step, and no value is written to GITHUB_ENV.
 */
function handRedactNamesOn(names: string[]): void {
  if (names.length === 0) return;
  const earlier = parseVariableNames(process.env[REDACT_ENV] ?? '', REDACT_ENV);
  handOn(process.env, REDACT_ENV, [...new Set([...earlier, ...names])].join(','));
}

/**
 * What Port handed this job: the payload input, else the workflow_dispatch inputs of the event; `undefined` when
 * the workflow was started some other way (a push, a schedule), which is not a Port run.
 */
interface Handed {
  raw: string | Record<string, unknown>;
  envelope?: 'github_inputs';
}

function readHanded(payloadInput: string | undefined): Handed | undefined {
  if (payloadInput !== undefined) return { raw: payloadInput };
  const eventPath = process.env.GITHUB_EVENT_PATH;
  if (!eventPath) throw new UsageError('No payload: set the payload input, or run in a workflow started by workflow_dispatch');
  const inputs = readDispatchInputs(eventPath);
  return inputs ? { raw: inputs, envelope: 'github_inputs' } : undefined;
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
    const port = attempt(readPortSettings);
    armPostStep(handed, port);
    await runMain(handed, port);
  });
}

/**
 * When the run id can be seen and Port can be reached, leave the post step what it needs to end the run, so a
 * payload or setting this step refuses still ends the run FAILURE, never left running.
 */
function armPostStep(handed: Handed | undefined | Error, port: PortSettings | Error): void {
  const mode = attempt(readReportStatusMode);
  if (!handed || handed instanceof Error || port instanceof Error || mode === 'false' || missingCredentials(port)) return;
  const given = attempt(readRunIdInput);
  const runId = (typeof given === 'string' ? given : undefined) ?? peekRunId(handed.raw);
  if (!runId) return;
  core.saveState(STATE.runId, runId);
  core.saveState(STATE.ending, 'end');
}

/**
 * Who ends the run at the end of the job. `auto` leaves it to Port when the payload says Port reports the
 * workflow's status itself (reportWorkflowStatus, on by default for GITHUB actions): two reporters would race,
 * and Port's word covers every job, ours or not. A payload that does not say (port_context) is ended here, so a
 * run whose action has reporting off is never left running.
 */
function endingFor(mode: ReportStatusMode, context: RunContext): 'end' | 'port' | 'off' {
  if (mode === 'false') return 'off';
  if (mode === 'true') return 'end';
  const method = context.actionDefinition?.invocationMethod as { type?: unknown; reportWorkflowStatus?: unknown } | undefined;
  if (method?.type !== 'GITHUB') return 'end';
  return method.reportWorkflowStatus === false || method.reportWorkflowStatus === 'false' ? 'end' : 'port';
}

async function runMain(handed: Handed | undefined | Error, port: PortSettings | Error): Promise<void> {
  if (port instanceof Error) throw port;
  handRedactNamesOn(port.redact);
  const settings = readMainSettings(port);
  if (handed instanceof Error) throw handed;
  if (!handed) {
    const event = process.env.GITHUB_EVENT_NAME || 'an event other than workflow_dispatch';
    core.notice(`This workflow was started by ${event}, not by Port: there is no Port run here, so the outputs are empty and nothing is reported.`);
    core.setOutput('format', 'none');
    return;
  }
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
    core.saveState(STATE.ending, 'off');
    return;
  }
  const ending = endingFor(settings.reportStatus, context);
  core.saveState(STATE.runId, context.runId);
  core.saveState(STATE.ending, ending);
  // Sub-actions and the CLI find Port through these, so they need no inputs of their own. The secret (masked
  // since readPortSettings) only on request: every later step, third-party actions too, would see it; without it
  // a job that outlives the token (3 h) cannot renew it.
  const env = process.env;
  if (!settings.shareToken) handOn(env, HANDED_ENV.shareToken, 'false'); // before the first token is got
  if (settings.port.clientId) handOn(env, HANDED_ENV.clientId, settings.port.clientId);
  if (settings.exportCredentials && settings.port.clientSecret) handOn(env, HANDED_ENV.clientSecret, settings.port.clientSecret);
  handOn(env, HANDED_ENV.baseUrl, settings.port.baseUrl);
  handOn(env, HANDED_ENV.runId, context.runId);
  core.info(`Port run ${context.runId}: action ${context.action ?? '(unknown)'} by ${triggeredBy(context) ?? '(unknown)'}`);

  const client = createClient(settings.port);
  const runId = context.runId;
  const job = thisRun.job ? ` (job ${thisRun.job})` : '';
  await reportSafely(settings.port, async () => {
    await client.updateRun(runId, { ...(thisRun.url ? { link: thisRun.url } : {}), ...(thisRun.runId ? { externalRunId: thisRun.runId } : {}) });
    await client.addLog(runId, { message: `GitHub workflow run started${thisRun.url ? `: ${thisRun.url}` : ''}${job}` });
  });
}

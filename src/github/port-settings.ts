import * as core from './runner.js';
import { UsageError, parseVariableNames, type TerminalStatus } from '../core/index.js';
import { PortClient, resolveBaseUrl } from '../port/client.js';
import { ApiError } from '../port/errors.js';
import { maskerFromEnv, unsetRedactWarnings } from '../port/redaction.js';
import { retryPolicyFromEnv } from '../port/retry.js';
import { tokenFromEnv, tokenToEnv } from '../port/token.js';
import { booleanInput, textInput } from './settings.js';

/** Set by a step that ended the run, so the root action's post step does not try to end it again. */
export const RUN_ENDED_ENV = 'PORT_RUN_ENDED';

/** How a step reaches Port: its inputs, else the env the root action exported earlier in the job. */
export interface PortInputs {
  baseUrl: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  failOnReportError: boolean;
  /** The redact input: variables whose values are kept out of everything sent to Port. */
  redact: string[];
}

/**
 * The inputs every reporting step shares. `warn`: say which redact names have no value here (the post step,
 * which reads the same inputs as its main step, says nothing twice).
 * @throws UsageError for a redact name that is not a variable name.
 */
export function readPortInputs({ warn = true } = {}): PortInputs {
  const clientSecret = textInput('port-client-secret') ?? process.env.PORT_CLIENT_SECRET;
  if (clientSecret) core.setSecret(clientSecret);
  const redact = parseVariableNames(core.getInput('redact'), 'redact');
  if (warn) unsetRedactWarnings(process.env, redact, 'redact:').forEach((text) => core.warning(text));
  return {
    baseUrl: resolveBaseUrl(textInput('port-base-url') ?? process.env.PORT_BASE_URL),
    clientId: textInput('port-client-id') ?? process.env.PORT_CLIENT_ID,
    clientSecret,
    failOnReportError: booleanInput('fail-on-report-error', false),
    redact,
  };
}

/** Why this step cannot reach Port, or undefined when it can (credentials, or a token from an earlier step). */
export function missingCredentials(inputs: PortInputs): string | undefined {
  if ((inputs.clientId && inputs.clientSecret) || tokenFromEnv(process.env)) return undefined;
  return 'no Port credentials: set port-client-id and port-client-secret (or PORT_CLIENT_ID and PORT_CLIENT_SECRET)';
}

/** A client that reuses the job's token and hands a new one, masked, to the job's later steps. */
export function createClient(inputs: PortInputs): PortClient {
  return new PortClient({
    baseUrl: inputs.baseUrl,
    clientId: inputs.clientId,
    clientSecret: inputs.clientSecret,
    token: tokenFromEnv(process.env),
    policy: retryPolicyFromEnv(process.env),
    masker: maskerFromEnv({ ...process.env, PORT_CLIENT_SECRET: inputs.clientSecret }, inputs.redact),
    onToken: (grant) => {
      core.setSecret(grant.token);
      for (const [name, value] of Object.entries(tokenToEnv(grant))) core.exportVariable(name, value);
    },
  });
}

/** What every sub-action that reports needs: the run and a client. */
export interface ReportingSettings extends PortInputs {
  runId: string;
  client: PortClient;
}

/**
 * The run and a client for a sub-action, or undefined when reporting is off (no run id, as in an omitPayload
 * run, or no credentials): then the step says so once and goes on, as the root action does, unless
 * fail-on-report-error asks for a failure.
 */
export function readReportingSettings(): ReportingSettings | undefined {
  const inputs = readPortInputs();
  const runId = textInput('run-id') ?? process.env.PORT_RUN_ID;
  const off = !runId ? 'no run id (set the run-id input, or run the root port-ci action earlier in this job)' : missingCredentials(inputs);
  if (off || !runId) {
    if (inputs.failOnReportError) throw new UsageError(`Reporting to Port is off: ${off}`);
    core.notice(`Not reported to Port: ${off}.`);
    return undefined;
  }
  return { ...inputs, runId, client: createClient(inputs) };
}

/**
 * Reporting must not break the user's pipeline by default: Port's refusal, after the client's retries,
 * becomes a warning, unless the workflow asked (fail-on-report-error) for it to fail the step.
 * @returns whether Port was told.
 */
export async function reportSafely(settings: { failOnReportError: boolean }, call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    if (!(error instanceof ApiError) || settings.failOnReportError) throw error;
    core.warning(`${error.message}. The job goes on; set fail-on-report-error: true to fail it instead.`);
    return false;
  }
}

/** Tells the root action's post step that the run has ended. */
export function noteRunEnded(status: TerminalStatus): void {
  core.exportVariable(RUN_ENDED_ENV, status);
}

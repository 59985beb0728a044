import * as core from './runner.js';
import { UsageError } from '../core/index.js';
import { PortClient, type PortClientOptions } from '../port/client.js';
import { ApiError } from '../port/errors.js';
import { maskerFromEnv } from '../port/redaction.js';
import { retryPolicyFromEnv } from '../http/retry.js';
import { tokenFromEnv } from '../port/token.js';
import { jobOutage, shareToken, sharedToken } from './job-state.js';
import { readRunId, type PortSettings } from './settings.js';

/** A token this step can start with: one an earlier step shared for this Port and client, else PORT_ACCESS_TOKEN. */
function startingToken(port: PortSettings) {
  return sharedToken(process.env, port.baseUrl, port.clientId) ?? tokenFromEnv(process.env);
}

/** Why this step cannot reach Port, or undefined when it can (credentials, or a token from an earlier step). */
export function missingCredentials(port: PortSettings): string | undefined {
  if ((port.clientId && port.clientSecret) || startingToken(port)) return undefined;
  return 'no Port credentials: set port-client-id and port-client-secret (or PORT_CLIENT_ID and PORT_CLIENT_SECRET)';
}

/**
 * A client that reuses the job's token and shares a new one, masked, with the job's later port-ci steps.
 * @param extra what a step adds: actions/entity's bulk hears Port's rate-limit headers to pace itself.
 */
export function createClient(port: PortSettings, extra: Pick<PortClientOptions, 'onRateLimit'> = {}): PortClient {
  return new PortClient({
    baseUrl: port.baseUrl,
    clientId: port.clientId,
    clientSecret: port.clientSecret,
    token: startingToken(port),
    policy: retryPolicyFromEnv(process.env),
    masker: maskerFromEnv({ ...process.env, PORT_CLIENT_SECRET: port.clientSecret }, port.redact),
    outage: jobOutage(process.env, port.baseUrl),
    onToken: (grant) => {
      core.setSecret(grant.token);
      shareToken(process.env, port.baseUrl, port.clientId, grant);
    },
    ...extra,
  });
}

/** What every sub-action that reports needs: the run and a client. */
export interface ReportingTarget extends PortSettings {
  runId: string;
  client: PortClient;
}

/**
 * The run and a client for a sub-action, or undefined when reporting is off (no run id, as in an omitPayload
 * run, or no credentials): then the step says so once and goes on, as the root action does, unless
 * fail-on-report-error asks for a failure.
 */
export function reportingTarget(port: PortSettings): ReportingTarget | undefined {
  const runId = readRunId();
  const off = !runId ? 'no run id (set the run-id input, or run the root port-ci action earlier in this job)' : missingCredentials(port);
  if (off || !runId) {
    if (port.failOnReportError) throw new UsageError(`Reporting to Port is off: ${off}`);
    core.notice(`Not reported to Port: ${off}.`);
    return undefined;
  }
  return { ...port, runId, client: createClient(port) };
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

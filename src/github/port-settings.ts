import * as core from './runner.js';
import { UsageError } from '../core/index.js';
import { PortClient, resolveBaseUrl } from '../port/client.js';
import { ApiError } from '../port/errors.js';
import { retryPolicyFromEnv } from '../port/retry.js';
import { tokenFromEnv, tokenToEnv } from '../port/token.js';
import { booleanInput, textInput } from './settings.js';

/** What every reporting step needs: the run and a client, from its inputs or the env the root action exported. */
export interface ReportingSettings {
  runId: string;
  client: PortClient;
  failOnReportError: boolean;
}

export function readReportingSettings(): ReportingSettings {
  const runId = textInput('run-id') ?? process.env.PORT_RUN_ID;
  if (!runId) throw new UsageError('No run id: set the run-id input, or run the root port-ci action earlier in this job to export PORT_RUN_ID');
  const clientSecret = textInput('port-client-secret') ?? process.env.PORT_CLIENT_SECRET;
  if (clientSecret) core.setSecret(clientSecret);
  return {
    runId,
    failOnReportError: booleanInput('fail-on-report-error', false),
    client: new PortClient({
      baseUrl: resolveBaseUrl(textInput('port-base-url') ?? process.env.PORT_BASE_URL),
      clientId: textInput('port-client-id') ?? process.env.PORT_CLIENT_ID,
      clientSecret,
      token: tokenFromEnv(process.env),
      policy: retryPolicyFromEnv(process.env),
      // A new token is masked and handed to the job's later steps, so the job authenticates once.
      onToken: (grant) => {
        core.setSecret(grant.token);
        for (const [name, value] of Object.entries(tokenToEnv(grant))) core.exportVariable(name, value);
      },
    }),
  };
}

/**
 * Reporting must not break the user's pipeline by default: Port's refusal, after the client's retries,
 * becomes a warning, unless the workflow asked (fail-on-report-error) for it to fail the step.
 */
export async function reportSafely(settings: ReportingSettings, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof ApiError) || settings.failOnReportError) throw error;
    core.warning(`${error.message}. The job goes on; set fail-on-report-error: true to fail it instead.`);
  }
}

import { UsageError, peekRunId } from '../core/index.js';
import { readTriggerPayload } from '../gitlab/trigger.js';
import { PortClient, resolveBaseUrl } from '../port/client.js';
import { ApiError } from '../port/errors.js';
import { undeliveredMessage, type LogStreamResult } from '../port/log-stream.js';
import { redactorFromEnv } from '../port/redaction.js';
import { retryPolicyFromEnv } from '../port/retry.js';
import { tokenFromEnv, tokenToEnv } from '../port/token.js';
import { appendEnvFile } from '../github/runner.js';
import { RUN_ENDED_ENV } from '../github/port-settings.js';
import type { CliIo } from './io.js';

/** Flags every command that talks to Port accepts. */
export const PORT_FLAGS = {
  'run-id': { type: 'string' },
  'base-url': { type: 'string' },
  'fail-on-report-error': { type: 'boolean', default: false },
} as const;

/** The help text of PORT_FLAGS, shared by the commands that report to a run. */
export const PORT_FLAGS_HELP = `  --run-id ID              the run (default: $PORT_RUN_ID)
  --base-url URL           Port's API, or a region: eu, us (default: $PORT_BASE_URL, else https://api.getport.io)
  --fail-on-report-error   exit 3 when Port cannot be told (default: warn and exit 0)

Credentials: $PORT_CLIENT_ID and $PORT_CLIENT_SECRET, or a $PORT_ACCESS_TOKEN from an earlier step.
`;

export interface PortFlags {
  'run-id'?: string;
  'base-url'?: string;
  'fail-on-report-error'?: boolean;
}

/**
 * A Port client configured from flags and the environment (PORT_CLIENT_ID, PORT_CLIENT_SECRET,
 * PORT_BASE_URL, PORT_ACCESS_TOKEN). Inside GitHub Actions a new token is masked and handed to later steps
 * through GITHUB_ENV, so the job authenticates once.
 */
export function portClient(flags: PortFlags, io: CliIo): PortClient {
  const { env } = io;
  const inActions = env.GITHUB_ACTIONS === 'true' && Boolean(env.GITHUB_ENV);
  return new PortClient({
    baseUrl: resolveBaseUrl(flags['base-url'] ?? env.PORT_BASE_URL),
    clientId: env.PORT_CLIENT_ID,
    clientSecret: env.PORT_CLIENT_SECRET,
    token: tokenFromEnv(env),
    policy: retryPolicyFromEnv(env),
    redact: redactorFromEnv(env),
    onToken: (grant) => {
      if (!inActions) return;
      // A workflow command of port-ci's own, so not through io.stderr, which neutralises commands. On stderr:
      // the runner reads commands there too, and stdout may be data.
      io.stderrStream.write(`::add-mask::${grant.token}\n`);
      for (const [name, value] of Object.entries(tokenToEnv(grant))) appendEnvFile(env.GITHUB_ENV!, name, value);
    },
    onRetry: (what, attempt, waitMs, reason) => {
      if (env.PORT_CI_DEBUG) io.stderr(`port-ci: retrying to ${what} (attempt ${attempt + 1} in ${waitMs} ms): ${reason}\n`);
    },
  });
}

/**
 * The run to report to: --run-id, else $PORT_RUN_ID, else (in a GitLab pipeline) the run id in the trigger
 * body at $TRIGGER_PAYLOAD, so a job can report even when the job that exports PORT_RUN_ID failed.
 */
export function findRunId(flags: PortFlags, io: CliIo): string | undefined {
  const given = flags['run-id'] ?? io.env.PORT_RUN_ID;
  if (given) return given;
  if (!io.env.TRIGGER_PAYLOAD) return undefined;
  try {
    // Peeked, not parsed: a payload the context job refused still names the run, which must end FAILURE.
    return peekRunId(readTriggerPayload(io.env.TRIGGER_PAYLOAD)) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Why this process cannot reach Port, or undefined when it can (credentials, or a token from an earlier step). */
export function missingCredentials(io: CliIo): string | undefined {
  if ((io.env.PORT_CLIENT_ID && io.env.PORT_CLIENT_SECRET) || tokenFromEnv(io.env)) return undefined;
  return 'no Port credentials (set PORT_CLIENT_ID and PORT_CLIENT_SECRET)';
}

/**
 * The run to report to, or undefined when reporting is off (no run id, as in an omitPayload run, or no
 * credentials): then the command says so on stderr and the job goes on (exit 0), unless --fail-on-report-error
 * makes it a usage error.
 */
export function reportingRun(flags: PortFlags, io: CliIo, command: string): string | undefined {
  const runId = findRunId(flags, io);
  const off = !runId ? 'no run id (pass --run-id or set PORT_RUN_ID)' : missingCredentials(io);
  if (!off) return runId;
  if (flags['fail-on-report-error']) throw new UsageError(`${command}: ${off}`);
  io.stderr(`port-ci: ${command}: reporting to Port is off: ${off}\n`);
  return undefined;
}

/**
 * Reporting must not break the user's pipeline: when Port cannot be told, warn and go on (exit 0), unless
 * --fail-on-report-error asks for the API error (exit 3).
 */
export async function reportSafely(flags: PortFlags, io: CliIo, call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    if (!(error instanceof ApiError) || flags['fail-on-report-error']) throw error;
    io.stderr(`port-ci: warning: ${error.message} (the job goes on; pass --fail-on-report-error to fail instead)\n`);
    return false;
  }
}

/**
 * Inside GitHub Actions, tells the root action's post step that the run has ended (PORT_RUN_ENDED in
 * GITHUB_ENV), so it does not try to end it again.
 */
export function noteRunEnded(io: CliIo, status: string): void {
  if (io.env.GITHUB_ACTIONS === 'true' && io.env.GITHUB_ENV) appendEnvFile(io.env.GITHUB_ENV, RUN_ENDED_ENV, status);
}

/** Says how many streamed lines did not reach Port: a warning, or an API error with --fail-on-report-error. */
export function checkDelivery(result: LogStreamResult, flags: PortFlags, io: CliIo): void {
  const text = undeliveredMessage(result);
  if (!text) return;
  if (flags['fail-on-report-error']) throw new ApiError(text, null);
  io.stderr(`port-ci: warning: ${text}\n`);
}

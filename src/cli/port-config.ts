import { UsageError, parseVariableNames, type TerminalStatus } from '../core/index.js';
import { PortClient, resolveBaseUrl, type PortClientOptions } from '../port/client.js';
import { ApiError } from '../port/errors.js';
import { undeliveredMessage, type LogStreamResult } from '../port/log-stream.js';
import { maskerFromEnv, unsetRedactWarnings } from '../port/redaction.js';
import { retryPolicyFromEnv } from '../http/retry.js';
import { tokenFromEnv } from '../port/token.js';
import { ciJob } from './ci-job.js';
import type { CliIo } from './io.js';

/** Flags every command that talks to Port accepts. */
export const PORT_FLAGS = {
  'run-id': { type: 'string' },
  'base-url': { type: 'string' },
  'fail-on-report-error': { type: 'boolean', default: false },
  redact: { type: 'string', multiple: true },
} as const;

/** The help of --redact, shared with exec's own usage. */
export const REDACT_HELP = `  --redact NAME            keep the value of variable NAME out of everything sent to Port (repeat, or
                           NAME,NAME); also the variables named in $PORT_REDACT_ENV. Credentials, secret
                           inputs ($PORT_SECRET_ENV) and the ::add-mask:: values of streamed output are
                           kept out always`;

/** The help text of PORT_FLAGS, shared by the commands that report to a run. */
export const PORT_FLAGS_HELP = `  --run-id ID              the run (default: $PORT_RUN_ID)
  --base-url URL           Port's API, or a region: eu, us (default: $PORT_BASE_URL, else https://api.getport.io)
  --fail-on-report-error   exit 3 when Port cannot be told (default: warn and exit 0)
${REDACT_HELP}

Credentials: $PORT_CLIENT_ID and $PORT_CLIENT_SECRET, or a token in $PORT_ACCESS_TOKEN. In a GitHub job, a
token an earlier port-ci step of the job got is reused.
`;

export interface PortFlags {
  'run-id'?: string;
  'base-url'?: string;
  'fail-on-report-error'?: boolean;
  redact?: string[];
}

/**
 * Writes to stderr as is: for port-ci's own workflow commands (the token's add-mask), which io.stderr would
 * neutralise. On stderr, because the runner reads commands there too, and stdout may be data.
 */
function rawStderr(io: CliIo): (text: string) => void {
  return (text) => void io.stderrStream.write(text);
}

/** A token this process can start with: $PORT_ACCESS_TOKEN, else one an earlier step of the job shared. */
function startingToken(flags: PortFlags, io: CliIo) {
  return tokenFromEnv(io.env) ?? ciJob(io.env, rawStderr(io)).sharedToken(resolveBaseUrl(flags['base-url'] ?? io.env.PORT_BASE_URL), io.env.PORT_CLIENT_ID);
}

/**
 * A Port client configured from flags and the environment (PORT_CLIENT_ID, PORT_CLIENT_SECRET,
 * PORT_BASE_URL, PORT_ACCESS_TOKEN). Inside a GitHub job a new token is masked and shared with the job's later
 * port-ci steps, so the job authenticates once.
 */
export function portClient(flags: PortFlags, io: CliIo, extra: Pick<PortClientOptions, 'onRateLimit'> = {}): PortClient {
  const { env } = io;
  const baseUrl = resolveBaseUrl(flags['base-url'] ?? env.PORT_BASE_URL);
  const job = ciJob(env, rawStderr(io));
  const redact = redactNames(flags);
  unsetRedactWarnings(env, redact, '--redact').forEach((text) => io.stderr(`port-ci: warning: ${text}\n`));
  return new PortClient({
    baseUrl,
    clientId: env.PORT_CLIENT_ID,
    clientSecret: env.PORT_CLIENT_SECRET,
    token: startingToken(flags, io),
    policy: retryPolicyFromEnv(env),
    masker: maskerFromEnv(env, redact),
    outage: job.outage(baseUrl),
    onToken: (grant) => job.shareToken(baseUrl, env.PORT_CLIENT_ID, grant),
    onRetry: (what, attempt, waitMs, reason) => {
      if (env.PORT_CI_DEBUG) io.stderr(`port-ci: retrying to ${what} (attempt ${attempt + 1} in ${waitMs} ms): ${reason}\n`);
    },
    ...extra,
  });
}

/**
 * The --redact names, each flag a name or a list (NAME,NAME).
 * @throws UsageError naming one that is not a variable name, before anything runs.
 */
export function redactNames(flags: PortFlags): string[] {
  return [...new Set((flags.redact ?? []).flatMap((value) => parseVariableNames(value, '--redact')))];
}

/**
 * The run to report to: --run-id, else $PORT_RUN_ID, else (in a GitLab pipeline) the run id in the trigger
 * body at $TRIGGER_PAYLOAD, so a job can report even when the job that exports PORT_RUN_ID failed.
 */
export function findRunId(flags: PortFlags, io: CliIo): string | undefined {
  return flags['run-id'] ?? io.env.PORT_RUN_ID ?? ciJob(io.env, rawStderr(io)).runIdFallback();
}

/** Why this process cannot reach Port, or undefined when it can (credentials, or a token from an earlier step). */
export function missingCredentials(io: CliIo, flags: PortFlags = {}): string | undefined {
  if ((io.env.PORT_CLIENT_ID && io.env.PORT_CLIENT_SECRET) || startingToken(flags, io)) return undefined;
  return 'no Port credentials (set PORT_CLIENT_ID and PORT_CLIENT_SECRET)';
}

/**
 * The run to report to, or undefined when reporting is off (no run id, as in an omitPayload run, or no
 * credentials): then the command says so on stderr and the job goes on (exit 0), unless --fail-on-report-error
 * makes it a usage error.
 */
export function reportingRun(flags: PortFlags, io: CliIo, command: string): string | undefined {
  const runId = findRunId(flags, io);
  const off = !runId ? 'no run id (pass --run-id or set PORT_RUN_ID)' : missingCredentials(io, flags);
  if (!off) return runId;
  if (flags['fail-on-report-error']) throw new UsageError(`${command}: ${off}`);
  io.stderr(`port-ci: ${command}: reporting to Port is off: ${off}\n`);
  return undefined;
}

/**
 * Reporting must not break the user's pipeline: when Port cannot be told, warn and go on (exit 0), unless
 * --fail-on-report-error asks for the API error (exit 3).
 * @param lost what the warning adds, when the error alone does not say it (a token that could not be had does
 *   not say that the log line waiting for it was not sent)
 */
export async function reportSafely(flags: PortFlags, io: CliIo, call: () => Promise<unknown>, lost?: string): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    if (!(error instanceof ApiError) || flags['fail-on-report-error']) throw error;
    io.stderr(`port-ci: warning: ${error.message}${lost ? `; ${lost}` : ''} (the job goes on; pass --fail-on-report-error to fail instead)\n`);
    return false;
  }
}

/** Inside a GitHub job, tells the root action's post step that this run has ended, so it does not end it again. */
export function noteRunEnded(io: CliIo, runId: string, status: TerminalStatus): void {
  ciJob(io.env, rawStderr(io)).noteRunEnded(runId, status);
}

/** Says how many streamed lines did not reach Port: a warning, or an API error with --fail-on-report-error. */
export function checkDelivery(result: LogStreamResult, flags: PortFlags, io: CliIo): void {
  const text = undeliveredMessage(result);
  if (!text) return;
  if (flags['fail-on-report-error']) throw new ApiError(text, null);
  io.stderr(`port-ci: warning: ${text}\n`);
}

import type { TerminalStatus } from '../core/index.js';
import type { PortClient } from './client.js';
import { LogStream, undeliveredMessage } from './log-stream.js';
import { runStreamed, type CommandOutcome } from './run-streamed.js';

export interface RunAndReportArgs {
  command: string;
  args: string[];
  /** How the final log line names what ran ("The command", "deploy.sh"). */
  label: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
  /** The run to stream to; none when reporting is off (the command still runs). */
  target?: { client: PortClient; runId: string };
  /** End the run by the exit code: SUCCESS on 0, else FAILURE. */
  reportStatus: boolean;
  /** How the face reports without breaking the job: true when Port was told (see reportSafely). */
  reportSafely: (call: () => Promise<unknown>) => Promise<boolean>;
}

export interface RunAndReportResult {
  outcome: CommandOutcome;
  /** Why some lines did not reach Port, when some did not. */
  undelivered?: string;
  /** The status the run was ended with, when it was. */
  ended?: TerminalStatus;
}

/**
 * The exec step of every face: runs the command with its output passed through and streamed to the run's log,
 * then, asked to, ends the run by the exit code. The run is ended before the face raises any reporting error,
 * so `fail-on-report-error` never leaves it IN_PROGRESS.
 */
export async function runAndReport(args: RunAndReportArgs): Promise<RunAndReportResult> {
  const { target } = args;
  const stream = target ? new LogStream(target.client, target.runId) : undefined;
  // Authenticate while the command starts, not when its first lines wait; a failure shows at the first send.
  void target?.client.accessToken().catch(() => undefined);
  const outcome = await runStreamed({ command: args.command, args: args.args, stdout: args.stdout, stderr: args.stderr, stream, env: args.env });
  const undelivered = stream ? undeliveredMessage(await stream.close()) : undefined;
  let ended: TerminalStatus | undefined;
  if (target && outcome.startFailure) {
    // Named by the program that failed to start (bash for actions/exec), and said even without reportStatus:
    // nothing else in the run's log would tell why no output came.
    const message = `${args.command} could not start: ${outcome.startFailure.reason}`;
    const entry = args.reportStatus ? { message, terminationStatus: 'FAILURE' as const } : { message };
    if ((await args.reportSafely(() => target.client.addLog(target.runId, entry))) && args.reportStatus) ended = 'FAILURE';
  } else if (target && args.reportStatus) {
    const status: TerminalStatus = outcome.code === 0 ? 'SUCCESS' : 'FAILURE';
    const how = outcome.signal ? `was stopped by ${outcome.signal}` : `exited with code ${outcome.code}`;
    if (await args.reportSafely(() => target.client.addLog(target.runId, { message: `${args.label} ${how}`, terminationStatus: status }))) ended = status;
  }
  return { outcome, undelivered, ended };
}

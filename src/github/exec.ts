import * as core from './runner.js';
import { UsageError } from '../core/index.js';
import { LogStream } from '../port/log-stream.js';
import { runStreamed } from '../port/run-streamed.js';
import { runStep } from './boundary.js';
import { createClient, missingCredentials, noteRunEnded, readPortInputs, reportSafely } from './port-settings.js';
import { booleanInput, textInput } from './settings.js';

/**
 * actions/exec: run a command with bash, pass its output to the step log unchanged, stream every line to the
 * Port run's log, and fail the step with the command's exit code. Without a run id or credentials the command
 * still runs, and the step says once why nothing is streamed.
 */
export function run(): Promise<void> {
  return runStep(async () => {
    const command = core.getInput('run');
    if (command === '') throw new UsageError('Invalid run: it is empty. Expected a command for bash.');
    const reportStatus = booleanInput('report-status', false);
    const port = readPortInputs();
    const runId = textInput('run-id') ?? process.env.PORT_RUN_ID;
    const off = !runId ? 'no run id (set run-id, or run the root port-ci action earlier in the job)' : missingCredentials(port);
    if (off) core.notice(`The command's output is not streamed to Port: ${off}.`);
    const client = off ? undefined : createClient(port);
    const stream = client && runId ? new LogStream(client, runId) : undefined;
    void client?.accessToken().catch(() => undefined); // authenticate while the command starts

    const outcome = await runStreamed({
      command: 'bash',
      args: ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command],
      stdout: process.stdout,
      stderr: process.stderr,
      stream,
    });
    core.setOutput('exit-code', String(outcome.code));
    if (stream) {
      const result = await stream.close();
      if (result.undelivered > 0) {
        const text = `${result.undelivered} of ${result.delivered + result.undelivered} lines could not be delivered to Port's run log: ${result.failure ?? 'unknown reason'}`;
        if (port.failOnReportError) throw new Error(text);
        core.warning(text);
      }
    }
    if (client && runId && reportStatus) {
      const succeeded = outcome.code === 0;
      const status = succeeded ? 'SUCCESS' : 'FAILURE';
      const how = outcome.signal ? `was stopped by ${outcome.signal}` : `exited with code ${outcome.code}`;
      const told = await reportSafely(port, () => client.addLog(runId, { message: `The command ${how}`, terminationStatus: status }));
      if (told) noteRunEnded(status);
    }
    if (outcome.code !== 0) core.setFailed(`The command exited with code ${outcome.code}`);
  });
}

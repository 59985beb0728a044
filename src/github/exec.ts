import * as core from './runner.js';
import { UsageError } from '../core/index.js';
import { LogStream, undeliveredMessage } from '../port/log-stream.js';
import { runStreamed } from '../port/run-streamed.js';
import { runStep } from './boundary.js';
import { noteRunEnded, readReportingSettings, reportSafely } from './port-settings.js';
import { booleanInput } from './settings.js';

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
    const settings = readReportingSettings(); // undefined: the command still runs, unstreamed
    const stream = settings ? new LogStream(settings.client, settings.runId) : undefined;
    void settings?.client.accessToken().catch(() => undefined); // authenticate while the command starts

    const outcome = await runStreamed({
      command: 'bash',
      args: ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command],
      stdout: process.stdout,
      stderr: process.stderr,
      stream,
    });
    core.setOutput('exit-code', String(outcome.code));
    const undelivered = stream ? undeliveredMessage(await stream.close()) : undefined;
    // The run is ended before any reporting error is raised, so fail-on-report-error never leaves it running.
    if (settings && reportStatus) {
      const status = outcome.code === 0 ? 'SUCCESS' : 'FAILURE';
      const how = outcome.signal ? `was stopped by ${outcome.signal}` : `exited with code ${outcome.code}`;
      const told = await reportSafely(settings, () => settings.client.addLog(settings.runId, { message: `The command ${how}`, terminationStatus: status }));
      if (told) noteRunEnded(status);
    }
    if (undelivered) {
      if (settings?.failOnReportError) throw new Error(undelivered);
      core.warning(undelivered);
    }
    if (outcome.code !== 0) core.setFailed(`The command exited with code ${outcome.code}`);
  });
}

import * as core from './runner.js';
import { runAndReport } from '../port/run-and-report.js';
import { runStep } from './boundary.js';
import { noteRunEnded } from './job-state.js';
import { reportSafely, reportingTarget } from './reporting.js';
import { readExecSettings, readPortSettings } from './settings.js';

/** What runs the `run` input, as a `run:` step with `shell: bash` does. */
const SHELL = 'bash';

/**
 * actions/exec: run a command with bash, pass its output to the step log unchanged, stream every line to the
 * Port run's log, and fail the step with the command's exit code. Without a run id or credentials the command
 * still runs, and the step says once why nothing is streamed.
 */
export function run(): Promise<void> {
  return runStep(async () => {
    const { command, reportStatus } = readExecSettings();
    const target = reportingTarget(readPortSettings()); // undefined: the command still runs, unstreamed
    const { outcome, undelivered, ended } = await runAndReport({
      command: SHELL,
      args: ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command],
      label: 'The command',
      stdout: process.stdout,
      stderr: process.stderr,
      target,
      reportStatus,
      reportSafely: (call) => (target ? reportSafely(target, call) : Promise.resolve(false)),
    });
    core.setOutput('exit-code', String(outcome.code));
    if (ended && target) noteRunEnded(process.env, target.runId, ended);
    if (undelivered) {
      if (target?.failOnReportError) throw new Error(undelivered);
      core.warning(undelivered);
    }
    if (outcome.startFailure) core.setFailed(`${SHELL} could not start: ${outcome.startFailure.reason}`);
    else if (outcome.code !== 0) core.setFailed(`The command exited with code ${outcome.code}`);
  });
}

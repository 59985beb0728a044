import * as core from './runner.js';
import type { LogEntry } from '../port/client.js';
import { ApiError } from '../port/errors.js';
import { readJobOutcome } from './job-outcome.js';
import { STATE } from './state.js';
import { RUN_ENDED_ENV, createClient, readPortInputs, reportSafely } from './port-settings.js';
import { textInput } from './settings.js';
import { workflowRun } from './workflow-run.js';

/**
 * The root action's post step: end the Port run SUCCESS or FAILURE with this job's real outcome, as Port's
 * reportWorkflowStatus does. When the outcome cannot be read, the run ends FAILURE with a label and a log line
 * saying why and how to fix it: never left running, never called a success without knowing.
 */
export async function runPost(): Promise<void> {
  const runId = core.getState(STATE.runId);
  if (core.getState(STATE.reportStatus) !== 'true' || !runId) return; // the main step already said why
  const ended = process.env[RUN_ENDED_ENV];
  if (ended) {
    core.info(`Port run ${runId} was already ended (${ended}) by a report step; nothing to do.`);
    return;
  }
  const thisRun = workflowRun();
  const outcome = await readJobOutcome({ run: thisRun, token: textInput('github-token') });
  const job = thisRun.job ? `GitHub job ${thisRun.job}` : 'GitHub job';
  let entry: LogEntry;
  if (outcome.kind === 'success') {
    entry = { message: `${job} succeeded`, terminationStatus: 'SUCCESS' };
  } else if (outcome.kind === 'failure') {
    entry = { message: `${job} failed: ${outcome.detail}`, terminationStatus: 'FAILURE', statusLabel: outcome.label };
  } else {
    const message = `port-ci could not tell how ${job} ended: ${outcome.reason}. To fix it, ${outcome.fix}. The run is marked FAILURE rather than left running or called a success.`;
    core.warning(message);
    entry = { message, terminationStatus: 'FAILURE', statusLabel: 'Outcome unknown' };
  }
  const port = readPortInputs({ warn: false });
  const client = createClient(port);
  await reportSafely(port, async () => {
    try {
      await client.addLog(runId, entry);
      core.info(`Port run ${runId} ended ${entry.terminationStatus}${entry.statusLabel ? ` (${entry.statusLabel})` : ''}.`);
    } catch (error) {
      // Ended meanwhile by someone else (a CLI report, Port's UI): their word stands.
      if (error instanceof ApiError && error.code === 'run_exhausted') core.info(`Port run ${runId} had already ended; nothing to do.`);
      else throw error;
    }
  });
}

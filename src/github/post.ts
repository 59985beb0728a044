import * as core from './runner.js';
import { UsageError } from '../core/index.js';
import type { LogEntry } from '../port/client.js';
import { ApiError } from '../port/errors.js';
import { readVerdict } from './job-outcome.js';
import { STATE, endedBy, noteRunEnded } from './job-state.js';
import { createClient, reportSafely } from './reporting.js';
import { readPostSettings } from './main-settings.js';
import { workflowRun } from './workflow-run.js';

/** How long a job waits for other jobs that are finishing at the same moment (seconds, default 20). */
const FINISH_WAIT_ENV = 'PORT_CI_FINISH_WAIT_SECONDS';

/**
 * The root action's post step. It ends the Port run only when this job is the last of its workflow run to finish,
 * with the outcome of every job; an earlier job adds a line saying so and leaves the run to the last. When Port
 * reports the workflow's status itself, or the outcome cannot be read, the run is not ended here: the log says why
 * and, for the second, how to fix it. Never a guessed status.
 */
export async function runPost(): Promise<void> {
  const runId = core.getState(STATE.runId);
  const ending = core.getState(STATE.ending);
  if (!runId || (ending !== 'end' && ending !== 'port')) return; // the main step already said why
  const ended = endedBy(process.env, runId);
  if (ended) {
    core.info(`Port run ${runId} was already ended (${ended}) by a step of this job; nothing to do.`);
    return;
  }
  const settings = readPostSettings();
  const client = createClient(settings.port);
  const thisRun = workflowRun();
  const job = thisRun.job ? `GitHub job ${thisRun.job}` : 'This GitHub job';
  const say = (entry: LogEntry) => reportSafely(settings.port, () => client.addLog(runId, entry));

  if (ending === 'port') {
    const message = `${job} finished; Port ends the run when the workflow run completes (the action's reportWorkflowStatus)`;
    core.info(message);
    await say({ message });
    return;
  }
  const verdict = await readVerdict({ run: thisRun, token: settings.githubToken, finishWaitMs: finishWaitMs() });
  if (verdict.kind === 'leave') {
    core.info(verdict.message);
    await say({ message: verdict.message });
    return;
  }
  if (verdict.kind === 'unknown') {
    const message = `port-ci could not tell how ${job} ended: ${verdict.reason}. The run is left running rather than given a guessed status. To fix it, ${verdict.fix}.`;
    core.warning(message);
    await say({ message, statusLabel: 'Outcome unknown' });
    return;
  }
  const entry: LogEntry = { message: verdict.message, terminationStatus: verdict.status, ...(verdict.label ? { statusLabel: verdict.label } : {}) };
  await reportSafely(settings.port, async () => {
    try {
      await client.addLog(runId, entry);
      noteRunEnded(process.env, runId, verdict.status);
      core.info(`Port run ${runId} ended ${verdict.status}${verdict.label ? ` (${verdict.label})` : ''}.`);
    } catch (error) {
      // Ended meanwhile by someone else (a CLI report, Port's UI, Port itself): their word stands.
      if (error instanceof ApiError && error.code === 'run_exhausted') core.info(`Port run ${runId} had already ended; nothing to do.`);
      else throw error;
    }
  });
}

function finishWaitMs(): number {
  const text = process.env[FINISH_WAIT_ENV]?.trim();
  if (!text) return 20_000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 600) {
    throw new UsageError(`${FINISH_WAIT_ENV}: "${text}" is not accepted; expected a number of seconds from 0 to 600 (default 20)`);
  }
  return seconds * 1000;
}

import { runStep } from './boundary.js';
import { noteRunEnded } from './job-state.js';
import { reportSafely, reportingTarget } from './reporting.js';
import { readPortSettings, readReportSettings } from './settings.js';

/** actions/report: end the run (status), or update its links, summary and label. */
export function run(): Promise<void> {
  return runStep(async () => {
    const { update, message } = readReportSettings();
    const target = reportingTarget(readPortSettings());
    if (!target) return;
    if (message) await reportSafely(target, () => target.client.addLog(target.runId, { message }));
    if (Object.keys(update).length > 0) {
      const told = await reportSafely(target, () => target.client.updateRun(target.runId, update));
      if (told && update.status) noteRunEnded(process.env, target.runId, update.status);
    }
  });
}

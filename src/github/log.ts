import { runStep } from './boundary.js';
import { reportSafely, reportingTarget } from './reporting.js';
import { readLogSettings, readPortSettings } from './settings.js';

/** actions/log: add one message (multi-line allowed) to the Port run's log. */
export function run(): Promise<void> {
  return runStep(async () => {
    const { message, statusLabel } = readLogSettings();
    const target = reportingTarget(readPortSettings());
    if (!target) return;
    await reportSafely(target, () => target.client.addLog(target.runId, { message, ...(statusLabel ? { statusLabel } : {}) }));
  });
}

import * as core from './runner.js';
import { UsageError } from '../core/index.js';
import { runStep } from './boundary.js';
import { readReportingSettings, reportSafely } from './port-settings.js';
import { textInput } from './settings.js';

/** actions/log: add one message (multi-line allowed) to the Port run's log. */
export function run(): Promise<void> {
  return runStep(async () => {
    const message = core.getInput('message');
    if (message.trim() === '') throw new UsageError('Invalid message: it is empty. Expected the text to add to the run log.');
    const statusLabel = textInput('status-label');
    const settings = readReportingSettings();
    if (!settings) return;
    await reportSafely(settings, () =>
      settings.client.addLog(settings.runId, { message, ...(statusLabel ? { statusLabel } : {}) }),
    );
  });
}

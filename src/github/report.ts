import * as core from './runner.js';
import { buildRunUpdate } from '../core/index.js';
import { runStep } from './boundary.js';
import { noteRunEnded, readReportingSettings, reportSafely } from './port-settings.js';
import { textInput } from './settings.js';

/** actions/report: end the run (status), or update its links, summary and label. */
export function run(): Promise<void> {
  return runStep(async () => {
    const update = buildRunUpdate({
      status: textInput('status'),
      statusLabel: textInput('status-label'),
      links: core.getMultilineInput('link'),
      summary: textInput('summary'),
      externalRunId: textInput('external-run-id'),
    });
    const message = textInput('message');
    const settings = readReportingSettings();
    if (!settings) return;
    if (message) await reportSafely(settings, () => settings.client.addLog(settings.runId, { message }));
    if (Object.keys(update).length > 0) {
      const told = await reportSafely(settings, () => settings.client.updateRun(settings.runId, update));
      if (told && update.status) noteRunEnded(update.status);
    }
  });
}

import * as core from './runner.js';
import { parseFinalStatus, type TerminalStatus } from '../core/index.js';
import type { RunUpdate } from '../port/client.js';
import { runStep } from './boundary.js';
import { noteRunEnded, readReportingSettings, reportSafely } from './port-settings.js';
import { textInput } from './settings.js';

/** actions/report: end the run (status), or update its links, summary and label. */
export function run(): Promise<void> {
  return runStep(async () => {
    const statusText = textInput('status');
    const final = statusText === undefined ? undefined : parseFinalStatus(statusText);
    const links = core.getMultilineInput('link');
    const update: RunUpdate = {};
    const statusLabel = textInput('status-label') ?? final?.label;
    if (final) update.status = final.status as TerminalStatus;
    if (statusLabel) update.statusLabel = statusLabel;
    if (links.length > 0) update.link = links.length === 1 ? links[0] : links;
    const summary = textInput('summary');
    if (summary) update.summary = summary;
    const externalRunId = textInput('external-run-id');
    if (externalRunId) update.externalRunId = externalRunId;
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

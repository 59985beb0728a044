import * as core from './runner.js';
import { UsageError } from '../core/index.js';
import { runLabel, waitForRunEnd } from '../catalog/runs.js';
import type { PortClient, PortRun } from '../port/client.js';
import { runStep } from './boundary.js';
import { readRunSettings, type RunSettings } from './run-settings.js';
import { createClient, missingCredentials } from './reporting.js';
import { readPortSettings } from './settings.js';
import { escapeMarkdown } from './summary.js';

/*
 * actions/run: start a run of another Port action (Port triggers its backend, as from its UI), or read one, and
 * with wait: true follow it until it ends. The step fails when Port refuses, and, when it waits, when the run
 * ends other than SUCCESS or is still going at the timeout: the outputs are set first, so a later step can read
 * what happened.
 */

export function run(): Promise<void> {
  return runStep(async () => {
    const settings = readRunSettings();
    const port = readPortSettings();
    const missing = missingCredentials(port);
    if (missing) throw new UsageError(`Cannot reach Port: ${missing}.`);
    const client = createClient(port);
    const lines: string[] = [];
    let current: PortRun;
    if (settings.operation === 'create') {
      current = await client.createRun(settings.action!, { properties: settings.properties, ...(settings.entity ? { entity: settings.entity } : {}) }, settings.runAs);
      core.info(`Started run ${current.id} of ${settings.action}${settings.entity ? ` on ${settings.entity}` : ''}: ${runLabel(current)}`);
      lines.push(`started run ${escapeMarkdown(current.id)} of ${escapeMarkdown(settings.action!)}${settings.entity ? ` on ${escapeMarkdown(settings.entity)}` : ''}`);
    } else {
      current = await client.getRun(settings.runId!);
      core.info(`Run ${current.id}: ${runLabel(current)}`);
    }
    setRunOutputs(current);
    if (!settings.wait) {
      summarize(lines);
      return;
    }
    await follow(client, current, settings, lines);
  });
}

async function follow(client: PortClient, started: PortRun, settings: RunSettings, lines: string[]): Promise<void> {
  const { run: last, timedOut } = await waitForRunEnd(client, started.id, {
    timeoutMs: settings.timeoutMs,
    pollMs: settings.pollMs,
    onChange: (label) => core.info(`Run ${started.id} is ${label}`),
  });
  setRunOutputs(last);
  const label = runLabel(last);
  if (timedOut) {
    lines.push(`run ${escapeMarkdown(last.id)} still ${escapeMarkdown(label)} after ${seconds(settings.timeoutMs)}`);
    summarize(lines);
    core.setFailed(`Run ${last.id} is still ${label} after ${seconds(settings.timeoutMs)}; raise timeout to wait longer.`);
    return;
  }
  lines.push(`run ${escapeMarkdown(last.id)} ended ${escapeMarkdown(label)}`);
  summarize(lines);
  if (last.status !== 'SUCCESS') core.setFailed(`Run ${last.id} ended ${label}${typeof last.summary === 'string' && last.summary ? `: ${last.summary}` : ''}.`);
}

function setRunOutputs(run: PortRun): void {
  core.setOutput('run-id', run.id);
  core.setOutput('status', run.status);
  core.setOutput('run', JSON.stringify(run));
}

function seconds(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 100) / 10} s`;
}

/** What the step changed (a run started) and how it ended, when it followed it. */
function summarize(lines: string[]): void {
  if (lines.length === 0) return;
  core.appendSummary(`${['### Port run', '', ...lines.map((line) => `- ${line}`)].join('\n')}\n\n`);
}

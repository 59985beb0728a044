import * as core from './runner.js';
import { UsageError, buildRunUpdate, parseVariableNames, type RunUpdate } from '../core/index.js';
import { resolveBaseUrl } from '../port/client.js';
import { unsetRedactWarnings } from '../port/redaction.js';

/*
 * The GitHub face's settings: every input is read into a typed object, once, and checked with an error that names
 * the input and what it accepts; steps get the object and never read an input themselves. The sub-actions' settings
 * are here; the root action's, which need more of core, are in main-settings.ts so the sub-action bundles do not
 * carry them.
 */

export const TRUE_WORDS = ['true', 'yes', 'on', '1'];
export const FALSE_WORDS = ['false', 'no', 'off', '0'];

/** A boolean input that accepts true/false, yes/no, on/off, 1/0 in any case, and names the input when it refuses. */
export function booleanInput(name: string, fallback: boolean): boolean {
  const text = core.getInput(name).toLowerCase();
  if (text === '') return fallback;
  if (TRUE_WORDS.includes(text)) return true;
  if (FALSE_WORDS.includes(text)) return false;
  throw new UsageError(`Invalid ${name} '${core.getInput(name)}'. Expected true or false.`);
}

/** A text input, or undefined when empty. */
export function textInput(name: string): string | undefined {
  const text = core.getInput(name);
  return text === '' ? undefined : text;
}

/** How a step reaches Port: its inputs, else what the root action exported earlier in the job. */
export interface PortSettings {
  baseUrl: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  failOnReportError: boolean;
  /** The redact input: variables whose values are kept out of everything sent to Port. */
  redact: string[];
}

/**
 * The inputs every reporting step shares. `warn`: say which redact names have no value here (the post step,
 * which reads the same inputs as its main step, says nothing twice).
 * @throws UsageError for a redact name that is not a variable name.
 */
export function readPortSettings({ warn = true } = {}): PortSettings {
  const clientSecret = textInput('port-client-secret') ?? process.env.PORT_CLIENT_SECRET;
  if (clientSecret) core.setSecret(clientSecret); // before anything else can print it
  const redact = parseVariableNames(core.getInput('redact'), 'redact');
  if (warn) unsetRedactWarnings(process.env, redact, 'redact:').forEach((text) => core.warning(text));
  return {
    baseUrl: resolveBaseUrl(textInput('port-base-url') ?? process.env.PORT_BASE_URL),
    clientId: textInput('port-client-id') ?? process.env.PORT_CLIENT_ID,
    clientSecret,
    failOnReportError: booleanInput('fail-on-report-error', false),
    redact,
  };
}

/** The run a sub-action reports to: its run-id input, else the PORT_RUN_ID the root action exported. */
export function readRunId(): string | undefined {
  return textInput('run-id') ?? process.env.PORT_RUN_ID;
}

/** actions/log. */
export interface LogSettings {
  message: string;
  statusLabel: string | undefined;
}

export function readLogSettings(): LogSettings {
  const message = core.getInput('message');
  if (message.trim() === '') throw new UsageError('Invalid message: it is empty. Expected the text to add to the run log.');
  return { message, statusLabel: textInput('status-label') };
}

/** actions/report. */
export interface ReportSettings {
  update: RunUpdate;
  message: string | undefined;
}

export function readReportSettings(): ReportSettings {
  return {
    update: buildRunUpdate({
      status: textInput('status'),
      statusLabel: textInput('status-label'),
      links: core.getMultilineInput('link'),
      summary: textInput('summary'),
      externalRunId: textInput('external-run-id'),
    }),
    message: textInput('message'),
  };
}

/** actions/exec. */
export interface ExecSettings {
  command: string;
  reportStatus: boolean;
}

export function readExecSettings(): ExecSettings {
  const command = core.getInput('run');
  if (command === '') throw new UsageError('Invalid run: it is empty. Expected a command for bash.');
  return { command, reportStatus: booleanInput('report-status', false) };
}


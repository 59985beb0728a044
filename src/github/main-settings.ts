import { existsSync, readFileSync } from 'node:fs';
import * as core from './runner.js';
import { UsageError, isRunId, userInputsOf, type UserInputsSchema } from '../core/index.js';
import { FALSE_WORDS, TRUE_WORDS, booleanInput, readPortSettings, textInput, type PortSettings } from './settings.js';

/* The root action's settings (action.yml), for its main and post steps. */

/** report-status of the root action: who may end the run at the end of the job. */
export type ReportStatusMode = 'auto' | 'true' | 'false';

export function readReportStatusMode(): ReportStatusMode {
  const text = core.getInput('report-status').toLowerCase();
  if (text === '' || text === 'auto') return 'auto';
  if (TRUE_WORDS.includes(text)) return 'true';
  if (FALSE_WORDS.includes(text)) return 'false';
  throw new UsageError(`Invalid report-status '${core.getInput('report-status')}'. Expected auto, true or false.`);
}

/** The root action's settings (action.yml). */
export interface MainSettings {
  userInputs: UserInputsSchema | undefined;
  runId: string | undefined;
  exportEnv: boolean;
  decryptSecrets: boolean;
  jobSummary: boolean;
  reportStatus: ReportStatusMode;
  exportCredentials: boolean;
  shareToken: boolean;
  port: PortSettings;
}

export function readMainSettings(port: PortSettings): MainSettings {
  return {
    userInputs: readActionDefinition(textInput('action-definition')),
    runId: readRunIdInput(),
    exportEnv: booleanInput('export-env', true),
    decryptSecrets: booleanInput('decrypt-secrets', false),
    jobSummary: booleanInput('job-summary', true),
    reportStatus: readReportStatusMode(),
    exportCredentials: booleanInput('export-credentials', false),
    shareToken: booleanInput('share-token', true),
    port,
  };
}

/** The action-definition input: JSON text, or the path of a JSON file in the workspace. */
function readActionDefinition(value: string | undefined): UserInputsSchema | undefined {
  if (value === undefined) return undefined;
  if (value.trimStart().startsWith('{')) return userInputsOf(value, 'action-definition');
  if (!existsSync(value)) throw new UsageError(`Invalid action-definition '${value}'. Expected JSON text or the path of a JSON file.`);
  return userInputsOf(readFileSync(value, 'utf8'), 'action-definition');
}

/** The root action's run-id input: the run id itself (`${{ inputs.run_id }}`), for actions that send it on its own. */
export function readRunIdInput(): string | undefined {
  const value = textInput('run-id')?.trim();
  if (!value) return undefined; // a workflow started by hand leaves the input empty
  if (!isRunId(value)) {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    throw new UsageError(
      `Invalid run-id '${shown}'. Expected a Port run id like r_HardNzG6kzc9vWOQ (letters, digits, "_" and "-"), such as \${{ inputs.run_id }} when the action sends "run_id": "{{ .run.id }}".`,
    );
  }
  return value;
}

/** The root action's post step. */
export interface PostSettings {
  githubToken: string | undefined;
  port: PortSettings;
}

export function readPostSettings(): PostSettings {
  return { githubToken: textInput('github-token'), port: readPortSettings({ warn: false }) };
}

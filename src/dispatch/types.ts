import type { ActionDefinition, JsonObject } from '../core/index.js';

export type Backend = 'GITHUB' | 'GITLAB' | 'WEBHOOK' | 'KAFKA';

/** The one HTTP request a dispatch makes (for KAFKA: the message it would produce). */
export interface PlannedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Everything decided before anything is sent: what `--dry-run --json` prints (with secrets redacted). */
export interface DispatchPlan {
  backend: Backend;
  action: ActionDefinition;
  runId: string | null;
  /** The run message; null when the action omits it (omitPayload). */
  payload: JsonObject | null;
  request: PlannedRequest;
  /** Things the user should know about the plan (which ref was chosen and why). */
  notes: string[];
}

/** What the backend answered: where to follow the run, when it says. */
export interface DispatchResult {
  backend: Backend;
  status: number;
  /** The workflow run or pipeline id, when known. */
  externalRunId?: string;
  /** The page of the workflow run or pipeline, when known. */
  link?: string;
  /** How the run was found: `response` (GitHub's run details, GitLab's pipeline) or `search` (GHES fallback). */
  foundBy?: 'response' | 'search';
}

export const REDACTED = '[redacted]';

import type { InvocationMethod, JsonObject } from '../core/index.js';
import type { TemplateIssue } from '../jq/template.js';

export type Backend = 'GITHUB' | 'GITLAB' | 'WEBHOOK' | 'KAFKA' | 'INTEGRATION_ACTION';

/** A definition in either of Port's formats, as far as sending it needs to know. */
export interface DispatchedAction {
  identifier: string;
  invocationMethod: InvocationMethod;
  trigger?: unknown;
  [field: string]: unknown;
}

/** The one HTTP request a dispatch makes (for KAFKA: the message it would produce). */
export interface PlannedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  /** The exact text sent (and signed), when the body is sent; absent for a legacy plan, which sends compact JSON. */
  rawBody?: string;
}

/** Everything decided before anything is sent: what `--dry-run --json` prints (with secrets redacted). */
export interface DispatchPlan {
  backend: Backend;
  /** Port's classic format, or the current one whose payload is rendered from templates. */
  format?: 'legacy' | 'v2';
  action: DispatchedAction;
  runId: string | null;
  /** The run message; null when the action omits it (omitPayload). */
  payload: JsonObject | null;
  request: PlannedRequest;
  /** Things the user should know about the plan (which ref was chosen and why). */
  notes: string[];
  /** v2: the trigger data the templates read. */
  triggerData?: JsonObject;
  /** v2: spans that failed (rendered null) or gave no output. */
  templateIssues?: TemplateIssue[];
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

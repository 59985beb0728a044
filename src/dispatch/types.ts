import type { InvocationMethod, JsonObject } from '../core/index.js';
import type { TemplateIssue } from '../jq/template.js';
import type { KafkaDelivery, ProducedAt } from './kafka.js';

export type Backend = 'GITHUB' | 'GITLAB' | 'WEBHOOK' | 'KAFKA' | 'INTEGRATION_ACTION';

/** A definition in either of Port's formats, as far as sending it needs to know. */
export interface DispatchedAction {
  identifier: string;
  invocationMethod: InvocationMethod;
  trigger?: unknown;
  [field: string]: unknown;
}

/** The one HTTP request a dispatch makes, or the one Kafka record it produces (method PRODUCE, url kafka://brokers/topic). */
export interface PlannedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Kafka: the record's key, the run id (null in a dry run without one). */
  key?: string | null;
  body: unknown;
  /** The exact text sent (and signed), when the body is sent; absent for a legacy plan, which sends compact JSON. */
  rawBody?: string;
}

/** Everything decided before anything is sent: what `--dry-run --json` prints (with secrets redacted). */
export interface DispatchPlan {
  /** KAFKA for whatever is produced: a KAFKA action's run, and an agent action's run produced for an agent. */
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
  /** Set when the plan produces to Kafka: the topic and the record's key. */
  kafka?: KafkaDelivery;
}

/** What the backend answered: where to follow the run, when it says. */
export interface DispatchResult {
  backend: Backend;
  /** The HTTP status of the backend's answer; 0 for a Kafka produce, which has none. */
  status: number;
  /** The workflow run or pipeline id, when known. */
  externalRunId?: string;
  /** The page of the workflow run or pipeline, when known. */
  link?: string;
  /** How the run was found: `response` (GitHub's run details, GitLab's pipeline) or `search` (GHES fallback). */
  foundBy?: 'response' | 'search';
  /** Kafka: where the record was written, as the brokers acknowledged it. */
  produced?: ProducedAt;
}

export const REDACTED = '[redacted]';

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './cli.js';

/*
 * Port-docs v2 actions from ../shared/conformance-v2 (each with the trigger data it was rendered with and the
 * request Port would send), replayed as the job receives them. Absent outside the workspace: callers skip.
 */

export const V2_CASES = path.resolve(root, '..', 'shared', 'conformance-v2', 'cases');

export interface V2Case {
  id: string;
  action: Record<string, unknown> & { trigger: { userInputs?: unknown } };
  triggerData: { run: { id: string }; entity: Record<string, unknown> | null; trigger: { by: { user: { email: string } } } };
  expected: { inputs?: Record<string, unknown>; variables?: Record<string, string>; ref: string | null };
}

export function hasV2Cases(): boolean {
  return existsSync(V2_CASES);
}

export function v2Case(id: string): V2Case {
  return JSON.parse(readFileSync(path.join(V2_CASES, `${id}.json`), 'utf8')) as V2Case;
}

/**
 * The workflow_dispatch event Port's dispatch of the case makes: the rendered workflowInputs, strings as they
 * are and anything else JSON-encoded (PORT-FACTS.md §8), as GitHub hands them to the job.
 */
export function dispatchEventOf(c: V2Case): { inputs: Record<string, string>; workflow: string; ref: string } {
  const inputs = Object.fromEntries(
    Object.entries(c.expected.inputs ?? {}).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]),
  );
  return { inputs, workflow: '.github/workflows/port.yml', ref: 'refs/heads/main' };
}

/** The body a GitLab pipeline of the case finds in $TRIGGER_PAYLOAD: its pipeline variables, no port_payload. */
export function triggerBodyOf(c: V2Case): { ref: string | null; token: string; variables: Record<string, string> } {
  return { ref: c.expected.ref, token: 'glptt-conformance-v2-not-a-token', variables: c.expected.variables ?? {} };
}

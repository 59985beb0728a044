import type { JsonObject } from '../core/index.js';
import { UsageError } from '../core/index.js';
import { ApiError } from '../port/errors.js';
import { sendRequest } from '../http/request.js';
import type { DispatchPlan, DispatchResult, PlannedRequest } from './types.js';
import { UncertainDispatchError } from './github.js';

export interface GitLabPlanArgs {
  method: { groupName: string; projectName: string; defaultRef?: string; omitPayload?: boolean; omitUserInputs?: boolean };
  message: JsonObject | null;
  properties: Record<string, unknown>;
  ref: string | undefined;
  env: NodeJS.ProcessEnv;
}

/**
 * jq's `tostring`, which port-agent applies to each variable: strings as they are, anything else as jq's compact
 * JSON. That is JSON.stringify's text except that jq escapes DEL and leaves U+2028/U+2029 as they are (envText's
 * compactJson escapes those two for shells). DEL can only occur inside a string literal, so replacing it is safe.
 */
export function jqToString(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value).replace(/\u007f/g, '\\u007f');
}

/** The agent reads the trigger token from a variable named after the project: `{group with / as _}_{project}`. */
export function agentTokenVariable(groupName: string, projectName: string): string {
  return `${groupName.replace(/\//g, '_')}_${projectName}`;
}

/**
 * The trigger request Port's agent makes (PORT-FACTS.md §3), byte for byte: a JSON body
 * `{token, ref, variables, port_payload}` where ref is the input `ref`, else --ref, else defaultRef, else main;
 * variables are every input through jq's tostring ({} with omitUserInputs; `ref` stays among them); and
 * port_payload is the run message ({} with omitPayload).
 */
export function planGitLab(args: GitLabPlanArgs): { request: PlannedRequest; notes: string[]; tokenSource: string | null } {
  const { method, env } = args;
  const inputRef = typeof args.properties.ref === 'string' && args.properties.ref !== '' ? args.properties.ref : undefined;
  const ref = inputRef ?? args.ref ?? method.defaultRef ?? 'main';
  const variables: Record<string, string> = {};
  if (!method.omitUserInputs) for (const [id, value] of Object.entries(args.properties)) if (value !== undefined) variables[id] = jqToString(value);
  const trigger = pipelineTrigger(method.groupName, method.projectName, env);
  const token = trigger.token;
  const tokenSource = trigger.tokenSource;
  const notes = [
    inputRef ? `ref ${ref} (from the input "ref")` : args.ref ? `ref ${ref} (from --ref)` : method.defaultRef ? `ref ${ref} (the action's defaultRef)` : 'ref main (no ref input, --ref or defaultRef)',
    trigger.note,
  ];
  return {
    request: {
      method: 'POST',
      url: trigger.url,
      headers: { 'content-type': 'application/json' },
      body: { token, ref, variables, port_payload: method.omitPayload || !args.message ? {} : args.message },
    },
    notes,
    tokenSource,
  };
}

/**
 * Where a project's pipelines are triggered and with which token, for both of Port's formats: GITLAB_URL (default
 * gitlab.com), and GITLAB_TRIGGER_TOKEN or else the agent's `{group}_{project}` variable.
 */
export function pipelineTrigger(groupName: string, projectName: string, env: NodeJS.ProcessEnv): { url: string; token: string | null; tokenSource: string | null; note: string } {
  const base = (env.GITLAB_URL || 'https://gitlab.com/').replace(/\/*$/, '/');
  const agentVariable = agentTokenVariable(groupName, projectName);
  const tokenSource = env.GITLAB_TRIGGER_TOKEN ? 'GITLAB_TRIGGER_TOKEN' : env[agentVariable] ? agentVariable : null;
  return {
    url: `${base}api/v4/projects/${encodeURIComponent(`${groupName}/${projectName}`)}/trigger/pipeline`,
    token: tokenSource ? env[tokenSource]! : null,
    tokenSource,
    note: tokenSource ? `trigger token from $${tokenSource}` : `no trigger token: set GITLAB_TRIGGER_TOKEN or ${agentVariable}`,
  };
}

/** Triggers the pipeline; GitLab's refusals are explained, a lost answer is marked uncertain. */
export async function sendGitLab(plan: DispatchPlan): Promise<DispatchResult> {
  const body = plan.request.body as { token: string | null };
  if (!body.token) throw new UsageError(`GITLAB: ${plan.notes.find((note) => note.startsWith('no trigger token')) ?? 'no trigger token'}`);
  let response;
  try {
    response = await sendRequest('POST', plan.request.url, { ...plan.request.headers, accept: 'application/json' }, JSON.stringify(plan.request.body));
  } catch (error) {
    throw new UncertainDispatchError(`The trigger may or may not have started a pipeline: no answer from GitLab (${(error as Error).message}); check the project's pipelines before triggering again`);
  }
  if (response.status >= 500) throw new UncertainDispatchError(`The trigger may or may not have started a pipeline: GitLab answered ${response.status}`);
  if (response.status !== 201 && response.status !== 200) {
    const text = response.text.slice(0, 300);
    const hint = /Insufficient permissions to set pipeline variables|pipeline variables/i.test(text)
      ? '; the project restricts pipeline variables (ci_pipeline_variables_minimum_override_role): let the trigger\'s owner set them, or set "omitUserInputs": true and read the inputs from port_payload'
      : /Reference not found/i.test(text)
        ? '; the ref does not exist in the project: set the input "ref", --ref or the action\'s defaultRef'
        : response.status === 404
          ? '; check groupName and projectName, and that the trigger token belongs to that project'
          : '';
    throw new ApiError(`GitLab refused the trigger: ${response.status} ${text}${hint}`, response.status);
  }
  const pipeline = JSON.parse(response.text) as { id?: number; web_url?: string };
  return {
    backend: 'GITLAB',
    status: response.status,
    externalRunId: pipeline.id === undefined ? undefined : String(pipeline.id),
    link: pipeline.web_url,
    foundBy: 'response',
  };
}

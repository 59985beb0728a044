import type { JsonObject } from '../core/index.js';
import { UsageError, envText } from '../core/index.js';
import { ApiError } from '../port/errors.js';
import type { DispatchPlan, DispatchResult, PlannedRequest } from './types.js';
import { REDACTED } from './types.js';

/** GitHub refuses a dispatch over these (PORT-FACTS.md §6); port-ci refuses it first, saying what to drop. */
export const MAX_WORKFLOW_INPUTS = 25;
export const MAX_INPUTS_CHARACTERS = 65_535;
/** The API version under which github.com always answers a dispatch with the run's details (200). */
export const RUN_DETAILS_API_VERSION = '2026-03-10';

export interface GitHubPlanArgs {
  method: { org: string; repo: string; workflow: string; omitPayload?: boolean; omitUserInputs?: boolean };
  message: JsonObject | null;
  /** Inputs as sent to Port: secret ones encrypted. */
  properties: Record<string, unknown>;
  ref: string | undefined;
  apiUrl: string;
}

/**
 * The workflow_dispatch request Port would make (PORT-FACTS.md §3): `port_payload` as JSON text unless
 * omitPayload, each user input as text unless omitUserInputs (the `ref` input chooses the branch instead).
 * @throws UsageError when GitHub would refuse the inputs (over 25, or over 65,535 characters).
 */
export function planGitHub(args: GitHubPlanArgs): { request: PlannedRequest; ref: string | null; notes: string[] } {
  const { method } = args;
  const inputs: Record<string, string> = {};
  if (!method.omitPayload && args.message) inputs.port_payload = JSON.stringify(args.message);
  if (!method.omitUserInputs) {
    for (const [id, value] of Object.entries(args.properties)) if (id !== 'ref' && value !== undefined) inputs[id] = envText(value);
  }
  checkGitHubLimits(inputs, method);
  // Port itself dispatches on the default branch (PORT-FACTS.md §3). The dispatcher also lets the caller choose:
  // --ref first, then an input named "ref" (used as the branch, not sent), then the default branch. GitLab's
  // precedence differs on purpose: there the input "ref" comes first, as Port's agent maps it.
  const inputRef = typeof args.properties.ref === 'string' && args.properties.ref !== '' ? args.properties.ref : undefined;
  const ref = args.ref ?? inputRef ?? null;
  const notes = [
    args.ref ? `ref ${args.ref} (from --ref)` : inputRef ? `ref ${inputRef} (from the input "ref")` : "ref: the repository's default branch, looked up when sending",
  ];
  return { request: workflowDispatchRequest({ apiUrl: args.apiUrl, ...method, ref, inputs }), ref, notes };
}

/**
 * The workflow_dispatch call itself, for both of Port's formats: `ref` null means the repository's default
 * branch, looked up when sending. Asks for the run's details (see sendGitHub). GitHub's token is added by
 * Octokit, so the plan shows it redacted.
 */
export function workflowDispatchRequest(args: { apiUrl: string; org: string; repo: string; workflow: string; ref: string | null; inputs: Record<string, string> }): PlannedRequest {
  return {
    method: 'POST',
    url: `${args.apiUrl}/repos/${encodeURIComponent(args.org)}/${encodeURIComponent(args.repo)}/actions/workflows/${encodeURIComponent(args.workflow)}/dispatches`,
    headers: { accept: 'application/vnd.github+json', authorization: `Bearer ${REDACTED}`, 'x-github-api-version': RUN_DETAILS_API_VERSION },
    body: { ref: args.ref, inputs: args.inputs, return_run_details: true },
  };
}

function checkGitHubLimits(inputs: Record<string, string>, method: { omitPayload?: boolean; omitUserInputs?: boolean }): void {
  const names = Object.keys(inputs);
  const characters = JSON.stringify(inputs).length;
  if (names.length <= MAX_WORKFLOW_INPUTS && characters <= MAX_INPUTS_CHARACTERS) return;
  const largest = Object.entries(inputs)
    .sort(([, a], [, b]) => b.length - a.length)
    .slice(0, 3)
    .map(([name, value]) => `${name} (${value.length} characters)`)
    .join(', ');
  // With omitUserInputs already set, port_payload alone is too long: omitting the inputs again cannot help.
  const fix = method.omitPayload
    ? 'drop inputs from the action'
    : method.omitUserInputs
      ? 'port_payload carries every input and the action definition: shorten or drop inputs'
      : 'set "omitUserInputs": true so the inputs travel only inside port_payload, or drop inputs';
  if (names.length > MAX_WORKFLOW_INPUTS) {
    throw new UsageError(`GitHub accepts at most ${MAX_WORKFLOW_INPUTS} workflow inputs but this dispatch has ${names.length} (${names.join(', ')}); ${fix}`);
  }
  throw new UsageError(`GitHub accepts at most ${MAX_INPUTS_CHARACTERS} characters of inputs but this dispatch has ${characters}; the largest are ${largest}; ${fix}`);
}

/** The subset of Octokit's request function a dispatch uses, so tests and the batch can share one client. */
export type GitHubRequest = (route: string, options: Record<string, unknown>) => Promise<{ status: number; data: unknown; headers: Record<string, unknown> }>;

/**
 * Sends the dispatch. Asks for the run's details; a GHES that refuses them (400) gets the plain dispatch and
 * the run is then searched for. A refusal for rate limits is retried by the client (the dispatch did not
 * happen); a lost answer is not, because the dispatch may have happened: it is reported as uncertain.
 */
export async function sendGitHub(plan: DispatchPlan, request: GitHubRequest): Promise<DispatchResult> {
  const body = plan.request.body as { ref: string | null; inputs: Record<string, string> };
  const target = new URL(plan.request.url);
  const [, owner = '', repo = '', workflow = ''] = /\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/dispatches$/.exec(target.pathname)!.map(decodeURIComponent);
  let ref = body.ref;
  if (ref === null) {
    const repository = await call(() => request('GET /repos/{owner}/{repo}', { owner, repo }), 'read the repository');
    ref = (repository.data as { default_branch: string }).default_branch;
  }
  const started = new Date();
  const route = 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
  const params = { owner, repo, workflow_id: workflow, ref, inputs: body.inputs, request: { retries: 0 } };
  let response;
  try {
    response = await request(route, { ...params, return_run_details: true, headers: { 'x-github-api-version': RUN_DETAILS_API_VERSION } });
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== 400) throw dispatchError(error);
    // GHES up to 3.20 refuses return_run_details (and the new API version): dispatch plainly, then search.
    response = await request(route, params).catch((second: unknown) => {
      throw dispatchError(second);
    });
    // The dispatch happened; failing to find its run only means there is no link to show.
    const found = await findDispatchedRun(request, { owner, repo, workflow, started, runId: plan.runId }).catch(() => ({}) as { externalRunId?: string; link?: string });
    return { backend: 'GITHUB', status: response.status, ...found, foundBy: found.externalRunId ? 'search' : undefined };
  }
  const details = (response.data ?? {}) as { workflow_run_id?: number; html_url?: string };
  return {
    backend: 'GITHUB',
    status: response.status,
    externalRunId: details.workflow_run_id === undefined ? undefined : String(details.workflow_run_id),
    link: details.html_url,
    foundBy: details.workflow_run_id === undefined ? undefined : 'response',
  };
}

/**
 * The GHES fallback: the newest workflow_dispatch run of this workflow created since the dispatch, preferring
 * one whose title names the Port run (a workflow with `run-name: ${{ fromJson(inputs.port_payload).context.runId }}`).
 */
async function findDispatchedRun(
  request: GitHubRequest,
  args: { owner: string; repo: string; workflow: string; started: Date; runId: string | null },
): Promise<{ externalRunId?: string; link?: string }> {
  // created_at has whole seconds: look from the second before the dispatch.
  const since = new Date(Math.floor(args.started.getTime() / 1000) * 1000 - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (let attempt = 0; attempt < 5; attempt++) {
    const { data } = await call(
      () =>
        request('GET /repos/{owner}/{repo}/actions/runs', {
          owner: args.owner,
          repo: args.repo,
          event: 'workflow_dispatch',
          created: `>=${since}`,
          per_page: 50,
        }),
      'search for the dispatched run',
    );
    type Run = { id: number; html_url: string; display_title?: string; name?: string; path?: string; workflow_id?: number };
    const ofWorkflow = (run: Run) => run.path?.endsWith(`/${args.workflow}`) || String(run.workflow_id) === args.workflow;
    const runs = ((data as { workflow_runs?: Run[] }).workflow_runs ?? []).filter(ofWorkflow);
    const named = args.runId ? runs.find((run) => `${run.display_title ?? ''} ${run.name ?? ''}`.includes(args.runId!)) : undefined;
    const run = named ?? (runs.length === 1 ? runs[0] : undefined);
    if (run) return { externalRunId: String(run.id), link: run.html_url };
    await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
  }
  return {};
}

async function call<T>(fn: () => Promise<T>, what: string): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const status = answeredStatus(error) ?? null;
    throw new ApiError(`Could not ${what}: ${status === null ? 'no answer from GitHub' : `GitHub answered ${status}`} ${githubMessage(error)}`.trim(), status);
  }
}

/**
 * GitHub's status, or undefined when no answer came: Octokit reports a request that got none (refused, reset, a
 * proxy that is down) as status 500 without a response.
 */
function answeredStatus(error: unknown): number | undefined {
  const { status, response } = error as { status?: number; response?: unknown };
  return response === undefined && status === 500 ? undefined : status;
}

function githubMessage(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown } } }).response?.data;
  if (typeof data?.message === 'string') return `"${data.message}"`;
  return (error as Error).message ?? '';
}

/** Explains GitHub's refusal of a dispatch in the user's terms, or marks a lost answer as uncertain. */
export function dispatchError(error: unknown): ApiError {
  const status = answeredStatus(error);
  const message = githubMessage(error);
  if (status === undefined || status >= 500) {
    return new UncertainDispatchError(`The dispatch may or may not have started a run: ${status ? `GitHub answered ${status}` : `no answer (${message})`}; check the workflow's runs before dispatching again`);
  }
  const hint =
    status === 422 && /Unexpected inputs/i.test(message)
      ? '; declare these inputs under on.workflow_dispatch.inputs, or set "omitUserInputs": true in the action'
      : status === 422 && /No ref found/i.test(message)
        ? '; pass an existing branch or tag with --ref'
        : status === 404
          ? '; check org, repo and workflow in the action, and that the token can reach the repository'
          : status === 403 || status === 401
            ? '; the token needs the actions:write permission on the repository'
            : '';
  return new ApiError(`GitHub refused the dispatch: ${status} ${message}${hint}`, status);
}

/** A dispatch whose answer was lost: it may have started a run, so it must not be sent again blindly. */
export class UncertainDispatchError extends ApiError {
  override name = 'UncertainDispatchError';
  constructor(message: string) {
    super(message, null);
  }
}

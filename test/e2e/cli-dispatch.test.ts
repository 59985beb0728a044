import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptSecret } from '../../src/core/secrets.js';
import { signWebhook, verifyWebhook } from '../../src/core/webhook-signature.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { runCliAsync, tempDir, writeJson, type CliResult } from '../support/cli.js';
import { startGitHubApi, type GitHubApi, type GitHubApiOptions, type RepoConfig } from '../support/github-api.js';
import { startGitLabApi, type GitLabApi, type GitLabApiOptions } from '../support/gitlab-api.js';
import { startWebhookReceiver, type WebhookReceiver, type WebhookReceiverOptions } from '../support/webhook-receiver.js';

/*
 * `port-ci dispatch` as a user runs it: the bundled CLI as a process, against the local GitHub and GitLab APIs, a
 * webhook receiver and the sandbox Port API, over real HTTP. Assertions are on what those servers recorded: what
 * was sent, how often, and in which bytes; console text is checked for what the user is told.
 */

const GH_TOKEN = 'ghs_dispatchTestToken0123456789';
const TRIGGER_TOKEN = 'glptt-triggerToken0123456789abcdef';
const READ_TOKEN = 'glpat-readToken0123456789';
const SECRET = SANDBOX_CLIENT_SECRET;
const USER = 'dana@acme.example';
const RUN_HTML = (id: number) => `https://github.com/acme/deployments/actions/runs/${id}`;

/* ------------------------------------------------------------------------------------------------------------- */
/* Servers, closed after every test.                                                                              */

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const DEPLOY_INPUTS = { port_payload: {}, service: {}, replicas: {}, canary: {}, tags: {}, config: {} };
/** The run-name a workflow uses so the GHES fallback can find its run: `Deploy r_...`. */
const runName = (inputs: Record<string, string>) => (inputs.port_payload ? `Deploy ${(JSON.parse(inputs.port_payload) as { context: { runId: string } }).context.runId}` : 'Deploy');
const REPO: RepoConfig = {
  defaultBranch: 'trunk',
  refs: ['main', 'release'],
  workflows: {
    'deploy.yml': { name: 'Deploy', inputs: DEPLOY_INPUTS, runName },
    // Declares only port_payload: the user inputs port-ci sends as workflow inputs are "unexpected" there.
    'narrow.yml': { inputs: { port_payload: { required: true } } },
    'rotate.yml': { inputs: { port_payload: {}, service: {}, password: {}, creds: {} } },
  },
};

async function github(options: Partial<GitHubApiOptions> = {}): Promise<GitHubApi> {
  const api = await startGitHubApi({ token: GH_TOKEN, repos: { 'acme/deployments': REPO }, runLifecycle: { queuedMs: 40, runningMs: 80, conclusion: 'success' }, ...options });
  closers.push(() => api.close());
  return api;
}

const PROJECT = 'platform/team/deployer';
async function gitlab(options: Partial<GitLabApiOptions> = {}): Promise<GitLabApi> {
  const api = await startGitLabApi({
    projects: {
      [PROJECT]: { id: 42, triggerToken: TRIGGER_TOKEN, refs: ['main', 'develop', 'release'], defaultBranch: 'main' },
      'platform/locked': { id: 43, triggerToken: TRIGGER_TOKEN, refs: ['main'], restrictVariables: true },
      'platform/flaky': { id: 44, triggerToken: TRIGGER_TOKEN, refs: ['main'], lifecycle: { status: 'failed' } },
    },
    readToken: READ_TOKEN,
    lifecycle: { createdMs: 10, pendingMs: 30, runningMs: 60 },
    ...options,
  });
  closers.push(() => api.close());
  return api;
}

async function receiver(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const hook = await startWebhookReceiver(options);
  closers.push(() => hook.close());
  return hook;
}

async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const port = await startSandbox(options);
  closers.push(() => port.close());
  return port;
}

const portEnv = (port: Sandbox) => ({ PORT_BASE_URL: port.url, PORT_CLIENT_ID: SANDBOX_CLIENT_ID, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET });
const githubEnv = (api: GitHubApi): Record<string, string> => ({ GITHUB_API_URL: api.url, GITHUB_TOKEN: GH_TOKEN, PORT_CLIENT_SECRET: SECRET, PORT_CI_POLL_MS: '50' });
const gitlabEnv = (api: GitLabApi): Record<string, string> => ({ GITLAB_URL: api.url, GITLAB_TRIGGER_TOKEN: TRIGGER_TOKEN, PORT_CLIENT_SECRET: SECRET, PORT_CI_POLL_MS: '50' });

function dispatch(args: string[], env: Record<string, string>, options: { input?: string; cwd?: string } = {}): Promise<CliResult> {
  return runCliAsync(['dispatch', ...args], { env, ...options });
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Actions.                                                                                                       */

const GITHUB_METHOD = { type: 'GITHUB', org: 'acme', repo: 'deployments', workflow: 'deploy.yml' };
const DEPLOY = {
  identifier: 'deploy_service',
  title: 'Deploy',
  trigger: 'CREATE',
  userInputs: {
    properties: {
      service: { type: 'string' },
      replicas: { type: 'number', minimum: 1, maximum: 20 },
      canary: { type: 'boolean' },
      tags: { type: 'array' },
      config: { type: 'object' },
      ref: { type: 'string' },
    },
    required: ['service'],
  },
  invocationMethod: GITHUB_METHOD,
};
const ROTATE = {
  identifier: 'rotate_credentials',
  trigger: 'CREATE',
  userInputs: {
    properties: {
      service: { type: 'string' },
      password: { type: 'string', encryption: 'aes256-gcm', minLength: 12 },
      creds: { type: 'object', encryption: 'aes256-gcm' },
    },
  },
  invocationMethod: { ...GITHUB_METHOD, workflow: 'rotate.yml' },
};
const PIPELINE = {
  identifier: 'run_pipeline',
  trigger: 'CREATE',
  userInputs: {
    properties: {
      ref: { type: 'string' },
      replicas: { type: 'number' },
      dry: { type: 'boolean' },
      tags: { type: 'array' },
      cfg: { type: 'object' },
      note: { type: 'string' },
    },
  },
  invocationMethod: { type: 'GITLAB', agent: true, groupName: 'platform/team', projectName: 'deployer', defaultRef: 'develop' },
};

function withMethod<T extends { invocationMethod: object }>(action: T, method: Record<string, unknown>): T {
  return { ...action, invocationMethod: { ...action.invocationMethod, ...method } };
}

function actionFile(action: unknown, name = 'action.json', dir = tempDir('port-ci-dispatch-')): string {
  return writeJson(dir, name, action);
}

const json = (result: CliResult) => JSON.parse(result.stdout) as Record<string, any>;
const dispatchRequests = (api: GitHubApi) => api.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/dispatches'));
const payloadOf = (inputs: Record<string, string>) => JSON.parse(inputs.port_payload!) as Record<string, any>;

/* ------------------------------------------------------------------------------------------------------------- */

describe('GITHUB', () => {
  it('sends port_payload as JSON text and each input as text on the --ref branch, and --json prints the run GitHub started', async () => {
    const api = await github();
    const inputs = { service: 'checkout', replicas: 3, canary: true, tags: ['eu', 'blue'], config: { region: 'eu-west-1', weights: [1, 2] }, ref: 'release' };
    const result = await dispatch(
      ['--action', actionFile(DEPLOY), '--inputs', JSON.stringify(inputs), '--run-id', 'r_gh1', '--user', USER, '--ref', 'main', '--json', '--write-interval', '0'],
      githubEnv(api),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    expect(api.dispatches).toHaveLength(1);
    const [sent] = api.dispatches;
    expect(sent!.ref).toBe('main'); // --ref wins over the input "ref"
    expect(sent!.inputs).toEqual({
      port_payload: expect.any(String),
      service: 'checkout',
      replicas: '3',
      canary: 'true',
      tags: '["eu","blue"]',
      config: '{"region":"eu-west-1","weights":[1,2]}',
    }); // the "ref" input chose the branch and is not sent (deploy.yml would refuse it as unexpected)
    const payload = payloadOf(sent!.inputs);
    expect(sent!.inputs.port_payload).toBe(JSON.stringify(payload));
    expect(payload).toMatchObject({
      action: 'deploy_service',
      resourceType: 'run',
      status: 'TRIGGERED',
      context: { runId: 'r_gh1', entity: null },
      trigger: { by: { user: { email: USER } } },
      payload: { properties: inputs, action: { identifier: 'deploy_service', invocationMethod: GITHUB_METHOD } },
    });

    const [request] = dispatchRequests(api);
    expect(request!.headers).toMatchObject({ authorization: `token ${GH_TOKEN}`, 'x-github-api-version': '2026-03-10' });
    expect(request!.body).toMatchObject({ return_run_details: true });
    expect(request!.status).toBe(200);
    expect(json(result)).toEqual({
      backend: 'GITHUB',
      status: 200,
      runId: 'r_gh1',
      externalRunId: String(sent!.runId),
      link: RUN_HTML(sent!.runId),
      foundBy: 'response',
    });
  });

  it('takes the branch from the input "ref" without --ref, and looks up the default branch when there is neither', async () => {
    const api = await github();
    const file = actionFile(DEPLOY);
    const fromInput = await dispatch(['--action', file, '--inputs', '{"service":"a","ref":"release"}', '--run-id', 'r_ref1', '--write-interval', '0'], githubEnv(api));
    expect(fromInput.code).toBe(0);
    expect(api.requests.map((request) => request.method)).toEqual(['POST']); // no lookup needed
    const looked = await dispatch(['--action', file, '--input', 'service=b', '--run-id', 'r_ref2', '--write-interval', '0'], githubEnv(api));
    expect(looked.code).toBe(0);
    expect(api.requests.slice(1).map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /repos/acme/deployments',
      'POST /repos/acme/deployments/actions/workflows/deploy.yml/dispatches',
    ]);
    expect(api.dispatches.map((sent) => [payloadOf(sent.inputs).context.runId, sent.ref])).toEqual([
      ['r_ref1', 'release'],
      ['r_ref2', 'trunk'],
    ]);
  });

  it('sends no port_payload with omitPayload (no run id needed) and no isolated inputs with omitUserInputs', async () => {
    const api = await github();
    const inputs = '{"service":"checkout","replicas":4,"canary":false}';
    const omitPayload = await dispatch(['--action', actionFile(withMethod(DEPLOY, { omitPayload: true })), '--inputs', inputs, '--ref', 'main', '--json', '--write-interval', '0'], githubEnv(api));
    expect(omitPayload.code).toBe(0);
    expect(json(omitPayload).runId).toBeNull();
    const omitInputs = await dispatch(['--action', actionFile(withMethod(DEPLOY, { omitUserInputs: true })), '--inputs', inputs, '--run-id', 'r_omit', '--ref', 'main', '--write-interval', '0'], githubEnv(api));
    expect(omitInputs.code).toBe(0);
    expect(api.dispatches.map((sent) => sent.inputs)).toEqual([{ service: 'checkout', replicas: '4', canary: 'false' }, { port_payload: expect.any(String) }]);
    expect(payloadOf(api.dispatches[1]!.inputs)).toMatchObject({ context: { runId: 'r_omit' }, payload: { properties: { service: 'checkout', replicas: 4, canary: false } } });
  });

  it('explains 422 "Unexpected inputs provided" and "No ref found" with exit 3 and the fix', async () => {
    const api = await github();
    const narrow = await dispatch(['--action', actionFile(withMethod(DEPLOY, { workflow: 'narrow.yml' })), '--input', 'service=a', '--run-id', 'r_422', '--ref', 'main', '--write-interval', '0'], githubEnv(api));
    expect(narrow.code).toBe(3);
    expect(narrow.stderr).toMatch(/^port-ci: GitHub refused the dispatch: 422 .*Unexpected inputs provided: \["service"\].*; declare these inputs under on\.workflow_dispatch\.inputs, or set "omitUserInputs": true in the action\n$/);
    const noRef = await dispatch(['--action', actionFile(DEPLOY), '--input', 'service=a', '--run-id', 'r_422', '--ref', 'nope', '--write-interval', '0'], githubEnv(api));
    expect(noRef.code).toBe(3);
    expect(noRef.stderr).toMatch(/^port-ci: GitHub refused the dispatch: 422 .*No ref found for: nope.*; pass an existing branch or tag with --ref\n$/);
    expect(dispatchRequests(api).map((request) => request.status)).toEqual([422, 422]);
    expect(api.dispatches).toHaveLength(0);
  });

  it('refuses more than 25 inputs and more than 65,535 characters before any request, naming the fix', async () => {
    const api = await github();
    const properties = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`input_${i}`, { type: 'string' }]));
    const many = { ...DEPLOY, userInputs: { properties } };
    const values = JSON.stringify(Object.fromEntries(Object.keys(properties).map((id) => [id, 'x'])));
    const tooMany = await dispatch(['--action', actionFile(many), '--inputs', values, '--run-id', 'r_many', '--ref', 'main'], githubEnv(api));
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toMatch(/^port-ci: GitHub accepts at most 25 workflow inputs but this dispatch has 27 \(port_payload, input_0, .*\); set "omitUserInputs": true so the inputs travel only inside port_payload, or drop inputs\n$/);

    const big = JSON.stringify({ service: 'a', config: { blob: 'x'.repeat(70_000) } });
    const tooBig = await dispatch(['--action', actionFile(DEPLOY), '--inputs', big, '--run-id', 'r_big', '--ref', 'main'], githubEnv(api));
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toMatch(/^port-ci: GitHub accepts at most 65535 characters of inputs but this dispatch has \d+; the largest are port_payload \(\d+ characters\), config \(70011 characters\).*; set "omitUserInputs": true/);
    expect(tooBig.stderr).not.toContain('xxxxxxxx');

    // Already omitting the user inputs, port_payload alone is too big: the fix cannot be to omit them again.
    const stillBig = await dispatch(['--action', actionFile(withMethod(DEPLOY, { omitUserInputs: true })), '--inputs', big, '--run-id', 'r_big', '--ref', 'main'], githubEnv(api));
    expect(stillBig.code).toBe(2);
    expect(stillBig.stderr).toMatch(/the largest are port_payload \(\d+ characters\); /);
    expect(stillBig.stderr).not.toMatch(/set "omitUserInputs": true/);
    const omitted = await dispatch(['--action', actionFile(withMethod(DEPLOY, { omitPayload: true })), '--inputs', big, '--ref', 'main'], githubEnv(api));
    expect(omitted.code).toBe(2);
    expect(omitted.stderr).toMatch(/the largest are config \(70011 characters\), service \(1 characters\); drop inputs from the action\n$/);
    expect(api.requests).toHaveLength(0);
  });

  it('on GHES (400 for return_run_details) dispatches plainly once and finds the run by its run-name', async () => {
    const api = await github({ ghes: true });
    // Another dispatch of the same workflow just before: only the run-name tells the two apart.
    const other = await fetch(`${api.url}/repos/acme/deployments/actions/workflows/deploy.yml/dispatches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${GH_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ref: 'main', inputs: { port_payload: JSON.stringify({ context: { runId: 'r_someone_else' } }) } }),
    });
    expect(other.status).toBe(204);
    const result = await dispatch(['--action', actionFile(DEPLOY), '--input', 'service=a', '--run-id', 'r_ghes', '--ref', 'main', '--json', '--write-interval', '0'], githubEnv(api));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const mine = api.dispatches.find((sent) => payloadOf(sent.inputs).context.runId === 'r_ghes')!;
    expect(api.dispatches).toHaveLength(2);
    expect(api.runs.get(mine.runId)!.display_title).toBe('Deploy r_ghes');
    const calls = api.requests.slice(1).map((request) => `${request.method} ${request.path} ${request.status}`);
    expect(calls.slice(0, 3)).toEqual([
      'POST /repos/acme/deployments/actions/workflows/deploy.yml/dispatches 400',
      'POST /repos/acme/deployments/actions/workflows/deploy.yml/dispatches 204',
      'GET /repos/acme/deployments/actions/runs 200',
    ]);
    expect(api.requests[3]!.query).toMatchObject({ event: 'workflow_dispatch', created: expect.stringMatching(/^>=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
    expect(json(result)).toMatchObject({ status: 204, runId: 'r_ghes', externalRunId: String(mine.runId), link: RUN_HTML(mine.runId), foundBy: 'search' });
  });

  it('waits out a secondary rate limit (403 + retry-after) and dispatches exactly once', async () => {
    const api = await github({ secondaryLimit: { maxWrites: 1, windowMs: 3000 } });
    // One write fills the window, so the CLI's dispatch meets the limit.
    await fetch(`${api.url}/repos/acme/deployments/actions/workflows/missing.yml/dispatches`, { method: 'POST', headers: { authorization: `Bearer ${GH_TOKEN}` }, body: '{}' });
    const result = await dispatch(['--action', actionFile(DEPLOY), '--input', 'service=a', '--run-id', 'r_limit', '--ref', 'main', '--write-interval', '0'], githubEnv(api));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^port-ci: dispatch: GitHub's secondary rate limit: waiting [1-3] s\n$/);
    const attempts = dispatchRequests(api).slice(1);
    expect(attempts.map((request) => request.status)).toEqual([403, 200]);
    expect(api.dispatches).toHaveLength(1);
    expect(payloadOf(api.dispatches[0]!.inputs).context.runId).toBe('r_limit');
  });

  it('never repeats a dispatch answered 502: exit 3, "may or may not have started a run", one request', async () => {
    const api = await github();
    api.failNext(1, 502);
    const result = await dispatch(['--action', actionFile(DEPLOY), '--input', 'service=a', '--run-id', 'r_502', '--ref', 'main', '--write-interval', '0'], githubEnv(api));
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      "port-ci: The dispatch may or may not have started a run: GitHub answered 502; check the workflow's runs before dispatching again\n",
    );
    expect(dispatchRequests(api)).toHaveLength(1);
    expect(api.requests).toHaveLength(1);
  });

  it('--wait follows the workflow run to success and ends the Port run SUCCESS with its link', async () => {
    const api = await github();
    const port = await sandbox({ runs: ['r_wait'] });
    const result = await dispatch(
      ['--action', actionFile(DEPLOY), '--input', 'service=a', '--run-id', 'r_wait', '--ref', 'main', '--wait', '--timeout', '20s', '--write-interval', '0'],
      { ...githubEnv(api), ...portEnv(port) },
    );
    expect(result.code).toBe(0);
    const [sent] = api.dispatches;
    expect(result.stderr).toBe(`dispatched deploy_service to GITHUB for Port run r_wait: ${RUN_HTML(sent!.runId)}\n`);
    expect(result.stdout).toBe('succeeded: completed: success\n');
    expect(api.requests.filter((request) => request.method === 'GET' && request.path.endsWith(`/actions/runs/${sent!.runId}`)).length).toBeGreaterThan(0);
    expect(port.runs.get('r_wait')).toMatchObject({ status: 'SUCCESS', link: RUN_HTML(sent!.runId) });
  });

  it('--wait exits 4 and ends the Port run FAILURE when the workflow run fails', async () => {
    const api = await github({ runLifecycle: { queuedMs: 30, runningMs: 60, conclusion: 'failure' } });
    const port = await sandbox({ runs: ['r_fail'] });
    const result = await dispatch(
      ['--action', actionFile(DEPLOY), '--input', 'service=a', '--run-id', 'r_fail', '--ref', 'main', '--wait', '--json', '--write-interval', '0'],
      { ...githubEnv(api), ...portEnv(port) },
    );
    expect(result.code).toBe(4);
    const [sent] = api.dispatches;
    expect(json(result)).toMatchObject({ runId: 'r_fail', conclusion: 'failure', detail: 'completed: failure', externalRunId: String(sent!.runId) });
    expect(port.runs.get('r_fail')).toMatchObject({ status: 'FAILURE', link: RUN_HTML(sent!.runId) });
  });

  it('--create-run asks Port to execute the action and does not trigger the backend itself', async () => {
    const api = await github();
    const port = await sandbox();
    const result = await dispatch(
      ['--action', actionFile(DEPLOY), '--inputs', '{"service":"checkout","replicas":2}', '--create-run', '--ref', 'main', '--json', '--write-interval', '0'],
      { ...portEnv(port) },
    );
    expect(result.code).toBe(0);
    expect(port.runs.size).toBe(1);
    const [run] = port.runs.values();
    // Plain values: Port encrypts secret inputs itself when it executes an action.
    expect(run).toMatchObject({ action: 'deploy_service', status: 'IN_PROGRESS', properties: { service: 'checkout', replicas: 2 } });
    expect(json(result).runId).toBe(run!.id);
    expect(api.requests).toHaveLength(0); // Port triggers the workflow; a second dispatch would run it twice
  });

  it('refuses --create-run with --dry-run: executing an action in Port is not a dry run', async () => {
    const port = await sandbox();
    const result = await dispatch(['--action', actionFile(DEPLOY), '--input', 'service=a', '--create-run', '--dry-run'], portEnv(port));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--create-run asks Port to execute the action, which is not a dry run/);
    expect(port.requests).toHaveLength(0);
  });

  it('refuses a missing GITHUB_TOKEN with exit 2 before anything is sent or created', async () => {
    const api = await github();
    const port = await sandbox();
    const { GITHUB_TOKEN: _omit, ...env } = githubEnv(api);
    const file = actionFile(DEPLOY);
    const result = await dispatch(['--action', file, '--input', 'service=a', '--run-id', 'r_x', '--ref', 'main'], env);
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: 'port-ci: GITHUB: set GITHUB_TOKEN to a token that can dispatch workflows (actions:write)\n' });
    expect(api.requests).toHaveLength(0);
    expect(port.requests).toHaveLength(0);
  });
});

/* ------------------------------------------------------------------------------------------------------------- */

describe('GITLAB', () => {
  const hasJq = spawnSync('jq', ['--version']).status === 0;

  it("sends the agent's body byte for byte: {token, ref, variables, port_payload}, variables through jq tostring", async () => {
    const api = await gitlab();
    const inputs = { ref: 'release', replicas: 3, dry: true, tags: ['a', 'b'], cfg: { region: 'eu', n: 1.5, odd: 'line\u2028sep\u007f' }, note: 'plain text' };
    const result = await dispatch(['--action', actionFile(PIPELINE), '--inputs', JSON.stringify(inputs), '--run-id', 'r_gl1', '--user', USER, '--ref', 'develop', '--json'], gitlabEnv(api));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(api.triggers).toHaveLength(1);
    const [trigger] = api.triggers;
    expect(trigger!.project).toBe(PROJECT);
    expect(trigger!.contentType).toMatch(/^application\/json/);
    expect(api.requests[0]!.path).toBe('/api/v4/projects/platform%2Fteam%2Fdeployer/trigger/pipeline');
    const body = JSON.parse(trigger!.rawBody) as { port_payload: Record<string, any> };
    const variables = {
      ref: 'release',
      replicas: '3',
      dry: 'true',
      tags: '["a","b"]',
      cfg: '{"region":"eu","n":1.5,"odd":"line\u2028sep\\u007f"}', // as jq's tostring writes it
      note: 'plain text',
    };
    // The input "ref" wins over --ref; it stays among the variables.
    expect(trigger!.rawBody).toBe(JSON.stringify({ token: TRIGGER_TOKEN, ref: 'release', variables, port_payload: body.port_payload }));
    expect(body.port_payload).toMatchObject({
      action: 'run_pipeline',
      context: { runId: 'r_gl1', entity: null },
      trigger: { by: { user: { email: USER } } },
      payload: { properties: inputs },
    });
    if (hasJq) {
      // port-agent's own mapping, run by jq itself.
      const jq = spawnSync('jq', ['-c', '.payload.properties | with_entries(.value |= tostring)'], { input: JSON.stringify(body.port_payload), encoding: 'utf8' });
      expect(JSON.parse(jq.stdout)).toEqual(variables);
    }
    const pipeline = trigger!.pipeline;
    expect(json(result)).toEqual({ backend: 'GITLAB', status: 201, runId: 'r_gl1', externalRunId: String(pipeline.id), link: pipeline.web_url, foundBy: 'response' });
  });

  it('chooses the ref as the agent does: input ref // --ref // defaultRef // main', async () => {
    const api = await gitlab();
    const file = actionFile(PIPELINE);
    expect((await dispatch(['--action', file, '--input', 'note=x', '--run-id', 'r_a', '--ref', 'release'], gitlabEnv(api))).code).toBe(0);
    expect((await dispatch(['--action', file, '--input', 'note=x', '--run-id', 'r_b'], gitlabEnv(api))).code).toBe(0);
    const { defaultRef: _none, ...method } = PIPELINE.invocationMethod;
    expect((await dispatch(['--action', actionFile({ ...PIPELINE, invocationMethod: method }), '--input', 'note=x', '--run-id', 'r_c'], gitlabEnv(api))).code).toBe(0);
    expect(api.triggers.map((trigger) => JSON.parse(trigger.rawBody).ref)).toEqual(['release', 'develop', 'main']);
    expect(api.triggers.map((trigger) => JSON.parse(trigger.rawBody).variables)).toEqual([{ note: 'x' }, { note: 'x' }, { note: 'x' }]);
  });

  it('sends {} for port_payload with omitPayload and {} for variables with omitUserInputs', async () => {
    const api = await gitlab();
    const inputs = '{"ref":"main","replicas":2}';
    expect((await dispatch(['--action', actionFile(withMethod(PIPELINE, { omitPayload: true })), '--inputs', inputs], gitlabEnv(api))).code).toBe(0);
    expect((await dispatch(['--action', actionFile(withMethod(PIPELINE, { omitUserInputs: true })), '--inputs', inputs, '--run-id', 'r_o'], gitlabEnv(api))).code).toBe(0);
    const [omitPayload, omitInputs] = api.triggers;
    expect(omitPayload!.rawBody).toBe(JSON.stringify({ token: TRIGGER_TOKEN, ref: 'main', variables: { ref: 'main', replicas: '2' }, port_payload: {} }));
    const payload = JSON.parse(omitInputs!.rawBody).port_payload;
    expect(payload.context.runId).toBe('r_o');
    expect(omitInputs!.rawBody).toBe(JSON.stringify({ token: TRIGGER_TOKEN, ref: 'main', variables: {}, port_payload: payload }));
  });

  it("takes the token from GITLAB_TRIGGER_TOKEN, else the agent's {group}_{project} variable, else refuses with exit 2", async () => {
    const api = await gitlab();
    const file = actionFile(PIPELINE);
    const { GITLAB_TRIGGER_TOKEN: _omit, ...bare } = gitlabEnv(api);
    const agent = await dispatch(['--action', file, '--input', 'note=agent', '--run-id', 'r_t1'], { ...bare, platform_team_deployer: TRIGGER_TOKEN });
    expect(agent.code).toBe(0);
    const both = await dispatch(['--action', file, '--input', 'note=both', '--run-id', 'r_t2'], { ...gitlabEnv(api), platform_team_deployer: 'glptt-some-other-token' });
    expect(both.code).toBe(0);
    expect(api.triggers.map((trigger) => JSON.parse(trigger.rawBody).token)).toEqual([TRIGGER_TOKEN, TRIGGER_TOKEN]);
    const none = await dispatch(['--action', file, '--input', 'note=none', '--run-id', 'r_t3'], bare);
    expect(none).toMatchObject({ code: 2, stderr: 'port-ci: GITLAB: no trigger token: set GITLAB_TRIGGER_TOKEN or platform_team_deployer\n' });
    expect(api.requests).toHaveLength(2);
  });

  it('explains restricted pipeline variables (exit 3) and how to do without them', async () => {
    const api = await gitlab();
    const locked = withMethod(PIPELINE, { groupName: 'platform', projectName: 'locked', defaultRef: 'main' });
    const refused = await dispatch(['--action', actionFile(locked), '--input', 'note=x', '--run-id', 'r_l'], gitlabEnv(api));
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^port-ci: GitLab refused the trigger: 400 .*Insufficient permissions to set pipeline variables.*; the project restricts pipeline variables \(ci_pipeline_variables_minimum_override_role\): .*set "omitUserInputs": true and read the inputs from port_payload\n$/);
    const fixed = await dispatch(['--action', actionFile(withMethod(locked, { omitUserInputs: true })), '--input', 'note=x', '--run-id', 'r_l'], gitlabEnv(api));
    expect(fixed.code).toBe(0);
    expect(api.requests.map((request) => request.status)).toEqual([400, 201]);
  });

  it('names what to check when the project is not found (404)', async () => {
    const api = await gitlab();
    const result = await dispatch(['--action', actionFile(withMethod(PIPELINE, { projectName: 'nope' })), '--input', 'note=x', '--run-id', 'r_404'], gitlabEnv(api));
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^port-ci: GitLab refused the trigger: 404 .*; check groupName and projectName, and that the trigger token belongs to that project\n$/);
    expect(api.requests.map((request) => request.path)).toEqual(['/api/v4/projects/platform%2Fteam%2Fnope/trigger/pipeline']);
  });

  it('--wait follows the pipeline with PORT_GITLAB_TOKEN: exit 0 on success, 4 on failure', async () => {
    const api = await gitlab();
    const env = { ...gitlabEnv(api), PORT_GITLAB_TOKEN: READ_TOKEN };
    const ok = await dispatch(['--action', actionFile(PIPELINE), '--input', 'note=x', '--run-id', 'r_w1', '--wait', '--timeout', '20s'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('succeeded: success\n');
    const pipeline = api.triggers[0]!.pipeline;
    const reads = api.requests.filter((request) => request.method === 'GET');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((request) => request.path === `/api/v4/projects/platform%2Fteam%2Fdeployer/pipelines/${pipeline.id}` && request.headers['private-token'] === READ_TOKEN)).toBe(true);

    const flaky = withMethod(PIPELINE, { groupName: 'platform', projectName: 'flaky', defaultRef: 'main' });
    const failed = await dispatch(['--action', actionFile(flaky), '--input', 'note=x', '--run-id', 'r_w2', '--wait', '--json'], env);
    expect(failed.code).toBe(4);
    expect(json(failed)).toMatchObject({ conclusion: 'failure', detail: 'failed', externalRunId: String(api.triggers[1]!.pipeline.id) });
  });

  it('refuses --wait without a token to read the pipeline before triggering it', async () => {
    const api = await gitlab();
    const result = await dispatch(['--action', actionFile(PIPELINE), '--input', 'note=x', '--run-id', 'r_w3', '--wait'], gitlabEnv(api));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/set PORT_GITLAB_TOKEN/);
    expect(api.requests).toHaveLength(0);
  });
});

/* ------------------------------------------------------------------------------------------------------------- */

describe('WEBHOOK', () => {
  const webhookAction = (url: string) => ({
    identifier: 'notify_team',
    trigger: 'CREATE',
    userInputs: { properties: { message: { type: 'string' }, urgent: { type: 'boolean' } } },
    invocationMethod: { type: 'WEBHOOK', url, agent: false },
  });

  it('posts compact JSON exactly as signed; verify-signature accepts it and refuses a wrong, missing or stale signature', async () => {
    const hook = await receiver();
    const result = await dispatch(
      ['--action', actionFile(webhookAction(`${hook.url}/port/hooks?team=a`)), '--inputs', '{"message":"héllo \\u2028 there","urgent":true}', '--run-id', 'r_hook', '--user', USER],
      { PORT_CLIENT_SECRET: SECRET },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(hook.received).toHaveLength(1);
    const [got] = hook.received;
    expect(got).toMatchObject({ method: 'POST', path: '/port/hooks?team=a' });
    expect(got!.headers['content-type']).toBe('application/json');
    const message = JSON.parse(got!.body) as Record<string, any>;
    expect(got!.body).toBe(JSON.stringify(message)); // compact
    expect(message).toMatchObject({ action: 'notify_team', context: { runId: 'r_hook' }, trigger: { by: { user: { email: USER } } }, payload: { properties: { message: 'héllo \u2028 there', urgent: true } } });
    const timestamp = got!.headers['x-port-timestamp'] as string;
    const signature = got!.headers['x-port-signature'] as string;
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(30);
    expect(() => verifyWebhook(got!.body, { timestamp, signature }, SECRET, { nowSeconds: Math.floor(Date.now() / 1000) })).not.toThrow();

    const dir = tempDir();
    const bodyFile = path.join(dir, 'body.json');
    writeFileSync(bodyFile, got!.body);
    const env = { PORT_CLIENT_SECRET: SECRET };
    const verify = (args: string[], input?: string) => runCliAsync(['verify-signature', ...args], { env, input });
    expect(await verify(['--timestamp', timestamp, '--signature', signature, '--body-file', bodyFile])).toEqual({ code: 0, stdout: 'signature verified\n', stderr: '' });
    expect(await verify(['--timestamp', timestamp, '--signature', signature], got!.body)).toMatchObject({ code: 0 }); // body on stdin

    const wrong = `${signature.slice(0, -6)}${signature.slice(-6, -5) === 'A' ? 'B' : 'A'}${signature.slice(-5)}`;
    expect(await verify(['--timestamp', timestamp, '--signature', wrong, '--body-file', bodyFile])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'port-ci: X-Port-Signature: does not match the body and timestamp for this client secret\n',
    });
    expect(await verify(['--timestamp', timestamp, '--body-file', bodyFile])).toEqual({ code: 2, stdout: '', stderr: 'port-ci: X-Port-Signature: missing\n' });
    const tampered = await verify(['--timestamp', timestamp, '--signature', signature], got!.body.replace('r_hook', 'r_hack'));
    expect(tampered.stderr).toMatch(/does not match/);
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    const staleSignature = signWebhook(got!.body, SECRET, Number(stale))['X-Port-Signature'];
    const old = await verify(['--timestamp', stale, '--signature', staleSignature, '--body-file', bodyFile, '--tolerance', '300']);
    expect(old.code).toBe(2);
    expect(old.stderr).toMatch(/^port-ci: X-Port-Timestamp: 3[56]\d\d s from now, outside the 300 s window \(a replay, or a clock off\)\n$/);
    expect(await verify(['--timestamp', stale, '--signature', staleSignature, '--body-file', bodyFile, '--tolerance', '7200'])).toMatchObject({ code: 0 });
  });

  it('reports a receiver 500 as uncertain (exit 3) after one request', async () => {
    const hook = await receiver({ status: 500 });
    const result = await dispatch(['--action', actionFile(webhookAction(`${hook.url}/hook`)), '--input', 'message=hi', '--run-id', 'r_500'], { PORT_CLIENT_SECRET: SECRET });
    expect(result).toMatchObject({ code: 3, stderr: 'port-ci: The webhook may or may not have been acted on: the receiver answered 500\n' });
    expect(hook.received).toHaveLength(1);
  });

  it('refuses to send an unsigned webhook (no PORT_CLIENT_SECRET) with exit 2', async () => {
    const hook = await receiver();
    const result = await dispatch(['--action', actionFile(webhookAction(`${hook.url}/hook`)), '--input', 'message=hi', '--run-id', 'r_unsigned'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^port-ci: WEBHOOK: set PORT_CLIENT_SECRET/);
    expect(hook.received).toHaveLength(0);
  });
});

describe('KAFKA', () => {
  const kafka = { identifier: 'kafka_action', trigger: 'CREATE', userInputs: { properties: { size: { type: 'number' } } }, invocationMethod: { type: 'KAFKA' } };

  it('--dry-run --json shows the record for the org\'s topic, keyed by run id, signed as Port signs it; sending without brokers names the flag (exit 2)', async () => {
    const file = actionFile(kafka);
    const shown = await dispatch(['--action', file, '--input', 'size=3', '--run-id', 'r_k', '--user', USER, '--dry-run', '--json'], { PORT_CLIENT_SECRET: SECRET, PORT_ORG_ID: 'org_k' });
    expect(shown.code).toBe(0);
    const plan = json(shown);
    expect(plan).toMatchObject({
      backend: 'KAFKA',
      runId: 'r_k',
      request: { method: 'PRODUCE', url: 'kafka://<--kafka-brokers>/org_k.runs', key: 'r_k' },
      payload: { action: 'kafka_action', trigger: { by: { orgId: 'org_k' } }, context: { runId: 'r_k' }, payload: { properties: { size: 3 } } },
    });
    const { headers, ...message } = plan.request.body as { headers: Record<string, string | number> };
    expect(message).toEqual(plan.payload);
    // Port's Kafka signature (port-agent's check): over the message with `headers: {}`; the timestamp a number.
    expect(typeof headers['X-Port-Timestamp']).toBe('number');
    const stamp = { timestamp: String(headers['X-Port-Timestamp']), signature: String(headers['X-Port-Signature']) };
    expect(() => verifyWebhook(JSON.stringify({ ...message, headers: {} }), stamp, SECRET, { nowSeconds: Math.floor(Date.now() / 1000) })).not.toThrow();
    const sent = await dispatch(['--action', file, '--input', 'size=3', '--run-id', 'r_k'], { PORT_CLIENT_SECRET: SECRET, PORT_ORG_ID: 'org_k' });
    expect(sent).toMatchObject({ code: 2, stderr: 'port-ci: KAFKA: set --kafka-brokers or PORT_CI_KAFKA_BROKERS to the brokers of the runs topic the consumer reads\n' });
  });
});

/* ------------------------------------------------------------------------------------------------------------- */

describe('validation', () => {
  it('names every broken backend rule of an action in one stderr line, exit 2, nothing sent', async () => {
    const api = await github();
    const broken = {
      identifier: 'broken',
      trigger: 'SOMETIMES',
      userInputs: { properties: { count: { type: 'integer' } }, required: ['missing'] },
      invocationMethod: { type: 'GITHUB', org: 'acme', repo: 7, url: 'https://hooks.example/x', defaultRef: 'main', colour: 'red' },
    };
    const result = await dispatch(['--action', actionFile(broken), '--run-id', 'r_v'], githubEnv(api));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^port-ci: .*action\.json: 8 problem\(s\): /);
    for (const problem of [
      'trigger: expected one of CREATE, DAY-2, DELETE but found "SOMETIMES"',
      'userInputs.properties.count.type: expected one of string, number, boolean, object, array but found "integer"',
      'userInputs.required[0]: expected the id of an input in userInputs.properties but found "missing"',
      'invocationMethod.repo: expected a string but found number 7',
      'invocationMethod.url: only allowed with WEBHOOK (type is GITHUB)',
      'invocationMethod.defaultRef: only allowed with GITLAB (type is GITHUB)',
      'invocationMethod.colour: not a field Port knows (GITHUB takes org, repo, workflow, omitPayload, omitUserInputs, reportWorkflowStatus)',
      'invocationMethod.workflow: required with GITHUB',
    ]) {
      expect(lines[0]).toContain(problem);
    }
    expect(api.requests).toHaveLength(0);
  });

  it('names every problem with the inputs at once', async () => {
    const api = await github();
    const result = await dispatch(['--action', actionFile(DEPLOY), '--inputs', '{"replicas":50,"canary":"yes","colour":"red","tags":"a,b"}', '--run-id', 'r_v', '--ref', 'main'], githubEnv(api));
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^port-ci: inputs: 5 problem\(s\): /);
    for (const problem of [
      'inputs.colour: not an input of deploy_service (its inputs: service, replicas, canary, tags, config, ref)',
      'inputs.service: required',
      'inputs.replicas: expected a number from 1 to 20 but found number 50',
      'inputs.canary: expected true or false but found "yes"',
      'inputs.tags: expected an array but found "a,b"',
    ]) {
      expect(lines[0]).toContain(problem);
    }
    expect(api.requests).toHaveLength(0);
  });

  describe('secret inputs', () => {
    const PASSWORD = 'correct-horse-battery-staple';
    const CREDS = { user: 'svc-deployer', key: 'AKIA-very-private-key' };
    const leaks = (text: string) => [PASSWORD, 'very-private', 'svc-deployer'].filter((secret) => text.includes(secret));

    it('are never printed: a refused value is "not shown", and without PORT_CLIENT_SECRET nothing is sent', async () => {
      const api = await github();
      const file = actionFile(ROTATE);
      const short = await dispatch(['--action', file, '--input', 'password=too-short', '--run-id', 'r_s', '--ref', 'main'], githubEnv(api));
      expect(short.code).toBe(2);
      expect(short.stderr).toBe('port-ci: inputs: 1 problem(s): inputs.password: expected a string of at least 12 characters but found a string (secret, not shown)\n');
      const badObject = await dispatch(['--action', file, '--input', `creds=${PASSWORD}`, '--run-id', 'r_s', '--ref', 'main'], githubEnv(api));
      expect(badObject.code).toBe(2);
      expect(badObject.stderr).toMatch(/^port-ci: --input creds: /);
      const { PORT_CLIENT_SECRET: _omit, ...noSecret } = githubEnv(api);
      const unencrypted = await dispatch(['--action', file, '--input', `password=${PASSWORD}`, '--run-id', 'r_s', '--ref', 'main'], noSecret);
      expect(unencrypted).toMatchObject({ code: 2, stderr: 'port-ci: inputs.password is a secret input: set PORT_CLIENT_SECRET so it is encrypted as Port does\n' });
      expect(leaks([short, badObject, unencrypted].map((r) => r.stdout + r.stderr).join(''))).toEqual([]);
      expect(api.requests).toHaveLength(0);
    });

    it('--dry-run shows only ciphertext, which decrypts with the client secret; the dispatch sends the same', async () => {
      const api = await github();
      const file = actionFile(ROTATE);
      const args = ['--action', file, '--input', 'service=api', '--input', `password=${PASSWORD}`, '--input', `creds=${JSON.stringify(CREDS)}`, '--run-id', 'r_s', '--ref', 'main', '--write-interval', '0'];
      const planned = await dispatch([...args, '--dry-run', '--json'], githubEnv(api));
      const text = await dispatch([...args, '--dry-run'], githubEnv(api));
      expect(planned.code).toBe(0);
      expect(text.code).toBe(0);
      const plan = json(planned);
      const { inputs } = plan.request.body as { inputs: Record<string, string> };
      expect(decryptSecret(inputs.password!, SECRET)).toBe(PASSWORD);
      expect(JSON.parse(decryptSecret(inputs.creds!, SECRET))).toEqual(CREDS);
      expect(plan.payload.payload.properties).toEqual({ service: 'api', password: inputs.password, creds: inputs.creds });
      expect(text.stdout).toContain('GITHUB dispatch of rotate_credentials (run r_s), planned, not sent:');
      expect(api.requests).toHaveLength(0);

      const sent = await dispatch(args, githubEnv(api));
      expect(sent.code).toBe(0);
      const [dispatched] = api.dispatches;
      expect(decryptSecret(dispatched!.inputs.password!, SECRET)).toBe(PASSWORD);
      expect(JSON.parse(decryptSecret(dispatched!.inputs.creds!, SECRET))).toEqual(CREDS);
      expect(payloadOf(dispatched!.inputs).payload.properties.password).toBe(dispatched!.inputs.password);
      expect(leaks([planned, text, sent].map((r) => r.stdout + r.stderr).join('') + JSON.stringify(api.requests.map((r) => r.body)))).toEqual([]);
    });
  });

  it('--dry-run sends nothing and redacts the GitHub and GitLab tokens', async () => {
    const gh = await github();
    const gl = await gitlab();
    const hook = await receiver();
    const port = await sandbox();
    const env = { ...githubEnv(gh), ...gitlabEnv(gl), ...portEnv(port) };
    const results = [
      await dispatch(['--action', actionFile(DEPLOY), '--input', 'service=a', '--dry-run', '--json'], env),
      await dispatch(['--action', actionFile(DEPLOY), '--input', 'service=a', '--run-id', 'r_d', '--dry-run'], env),
      await dispatch(['--action', actionFile(PIPELINE), '--input', 'note=a', '--run-id', 'r_d', '--dry-run', '--json'], env),
      await dispatch(['--action', actionFile(PIPELINE), '--input', 'note=a', '--run-id', 'r_d', '--dry-run'], env),
      await dispatch(['--action', actionFile({ ...DEPLOY, invocationMethod: { type: 'WEBHOOK', url: `${hook.url}/x` } }), '--input', 'service=a', '--run-id', 'r_d', '--dry-run'], env),
    ];
    expect(results.map((result) => result.code)).toEqual([0, 0, 0, 0, 0]);
    const githubPlan = json(results[0]!);
    expect(githubPlan.request).toMatchObject({ method: 'POST', url: `${gh.url}/repos/acme/deployments/actions/workflows/deploy.yml/dispatches`, headers: { authorization: 'Bearer [redacted]' }, body: { ref: null } });
    // No --run-id: the run id is null, not made up, and a note says why; with one, it is that one.
    expect(githubPlan.runId).toBeNull();
    expect(JSON.parse(githubPlan.request.body.inputs.port_payload).context.runId).toBeNull();
    expect(githubPlan.notes).toContain('run id: null, as no run was given; Port puts the id of the run it creates there (pass --run-id r_... to see it)');
    expect(results[1]!.stdout).toMatch(/^GITHUB dispatch of deploy_service \(run r_d\), planned, not sent:\n/);
    expect(json(results[2]!).notes.join('\n')).not.toContain('run id: null');
    expect(githubPlan.notes).toContain("ref: the repository's default branch, looked up when sending");
    const gitlabPlan = json(results[2]!);
    expect(gitlabPlan.request.body).toMatchObject({ token: '[redacted]', ref: 'develop', variables: { note: 'a' } });
    expect(gitlabPlan.request.url).toBe(`${gl.url}/api/v4/projects/platform%2Fteam%2Fdeployer/trigger/pipeline`);
    expect(results[3]!.stdout).toContain('"token": "[redacted]"');
    const printed = results.map((result) => result.stdout + result.stderr).join('');
    expect(printed).not.toContain(GH_TOKEN);
    expect(printed).not.toContain(TRIGGER_TOKEN);
    expect(printed).not.toContain(SANDBOX_CLIENT_SECRET);
    expect([gh.requests.length, gl.requests.length, hook.received.length, port.requests.length]).toEqual([0, 0, 0, 0]);
  });
});

/* ------------------------------------------------------------------------------------------------------------- */

describe('--batch', () => {
  function batchFiles(lines: string[], actions: Record<string, unknown>): string {
    const dir = tempDir('port-ci-batch-');
    for (const [name, action] of Object.entries(actions)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeJson(dir, name, action);
    }
    const file = path.join(dir, 'runs.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }
  const line = (fields: Record<string, unknown>) => JSON.stringify(fields);
  const runIdsOf = (api: GitHubApi) => api.dispatches.map((sent) => payloadOf(sent.inputs).context.runId as string);

  it('dispatches every valid line exactly once and reports each line, action files found next to the NDJSON', async () => {
    const gh = await github();
    const gl = await gitlab();
    const hook = await receiver();
    const webhook = { identifier: 'notify', trigger: 'CREATE', userInputs: { properties: { service: { type: 'string' } } }, invocationMethod: { type: 'WEBHOOK', url: `${hook.url}/batch` } };
    const file = batchFiles(
      [
        line({ action: 'actions/deploy.json', inputs: { service: 'a', replicas: 1 }, runId: 'r_b1', ref: 'main' }),
        line({ action: 'actions/deploy.json', inputs: { service: 'b' }, runId: 'r_b2' }),
        '{"action": "actions/deploy.json", "inputs": {',
        line({ action: 'actions/missing.json', inputs: { service: 'd' }, runId: 'r_b4' }),
        line({ action: 'actions/narrow.json', inputs: { service: 'e' }, runId: 'r_b5', ref: 'main' }),
        line({ action: 'actions/pipeline.json', inputs: { ref: 'main', replicas: 2 }, runId: 'r_b6' }),
        line({ action: webhook, inputs: { service: 'g' }, runId: 'r_b7', user: USER }),
        line({ action: 'actions/deploy.json', inputs: { service: 'h', ref: 'release' }, runId: 'r_b8' }),
        '',
        line({ action: 'actions/deploy.json', inputs: { service: 'j', replicas: 99 }, runId: 'r_b10' }),
        line({ action: 'actions/deploy.json', inputs: { service: 'k' }, runId: 'r_b11', colour: 'red' }),
        line({ action: 'actions/deploy.json', inputs: { service: 'l', canary: true }, runId: 'r_b12', ref: 'main', user: USER }),
        line({ action: 'actions/deploy.json', inputs: { service: 'm' } }),
      ],
      { 'actions/deploy.json': DEPLOY, 'actions/narrow.json': withMethod(DEPLOY, { workflow: 'narrow.yml' }), 'actions/pipeline.json': PIPELINE },
    );
    const env = { ...githubEnv(gh), ...gitlabEnv(gl) };
    // Run from elsewhere: action files are found relative to the NDJSON file, not the working directory.
    const result = await runCliAsync(['dispatch', '--batch', file, '--json', '--write-interval', '0'], { env, cwd: tempDir() });
    expect(result.stderr).toBe('');
    const output = json(result);
    const states = Object.fromEntries((output.lines as Array<{ line: number; state: string }>).map((outcome) => [outcome.line, outcome.state]));
    expect(states).toEqual({
      1: 'dispatched',
      2: 'dispatched',
      3: 'invalid',
      4: 'invalid',
      5: 'refused',
      6: 'dispatched',
      7: 'dispatched',
      8: 'dispatched',
      10: 'invalid',
      11: 'invalid',
      12: 'dispatched',
      13: 'invalid',
    });
    expect(output.summary).toEqual({ lines: 12, dispatched: 6, planned: 0, refused: 1, uncertain: 0, invalid: 5 });
    const outcomes = new Map((output.lines as Array<Record<string, any>>).map((outcome) => [outcome.line as number, outcome]));
    const byLine = (n: number) => outcomes.get(n)!;
    expect(byLine(3).error).toMatch(/^line 3: expected JSON but found text that is not JSON/);
    expect(byLine(4).error).toMatch(/actions\/missing\.json \(ENOENT\)/);
    expect(byLine(5).error).toMatch(/Unexpected inputs provided.*omitUserInputs/);
    expect(byLine(10).error).toMatch(/inputs\.replicas: expected a number from 1 to 20/);
    expect(byLine(11).error).toMatch(/unknown field colour/);
    expect(byLine(13).error).toMatch(/--run-id r_\.\.\., or --create-run/);
    expect(byLine(1)).toMatchObject({ runId: 'r_b1', externalRunId: expect.stringMatching(/^\d+$/), link: expect.stringMatching(/^https:\/\/github\.com\//) });
    expect(byLine(6)).toMatchObject({ runId: 'r_b6', externalRunId: String(gl.triggers[0]!.pipeline.id), link: gl.triggers[0]!.pipeline.web_url });
    // Exit code: lines were sent, so not 2 ("nothing happened"); some were not dispatched, so 3.
    expect(result.code).toBe(3);

    // Exactly once each, counted where they arrived.
    expect(runIdsOf(gh).sort()).toEqual(['r_b1', 'r_b12', 'r_b2', 'r_b8']);
    expect(Object.fromEntries(gh.dispatches.map((sent) => [payloadOf(sent.inputs).context.runId, sent.ref]))).toEqual({ r_b1: 'main', r_b2: 'trunk', r_b8: 'release', r_b12: 'main' });
    expect(dispatchRequests(gh)).toHaveLength(5); // four accepted, line 5 refused
    expect(gl.triggers.map((trigger) => JSON.parse(trigger.rawBody).port_payload.context.runId)).toEqual(['r_b6']);
    expect(hook.received.map((got) => JSON.parse(got.body).context.runId)).toEqual(['r_b7']);
  });

  it('exits 3 when a line is refused and none is invalid', async () => {
    const gh = await github();
    const file = batchFiles(
      [line({ action: 'deploy.json', inputs: { service: 'a' }, runId: 'r_c1', ref: 'main' }), line({ action: 'narrow.json', inputs: { service: 'b' }, runId: 'r_c2', ref: 'main' })],
      { 'deploy.json': DEPLOY, 'narrow.json': withMethod(DEPLOY, { workflow: 'narrow.yml' }) },
    );
    const result = await runCliAsync(['dispatch', '--batch', file, '--write-interval', '0'], { env: githubEnv(gh) });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^line 1: dispatched r_c1 https:\/\/github\.com\/.*\nline 2: refused: GitHub refused the dispatch: 422 .*\n2 lines: 1 dispatched, 1 refused, 0 uncertain, 0 invalid\n$/);
    expect(runIdsOf(gh)).toEqual(['r_c1']);
  });

  it('--dry-run plans every line and sends none: each line planned, never dispatched, run ids only where given', async () => {
    const gh = await github();
    const hook = await receiver();
    const webhook = { identifier: 'notify', trigger: 'CREATE', userInputs: { properties: { service: { type: 'string' } } }, invocationMethod: { type: 'WEBHOOK', url: `${hook.url}/batch` } };
    const file = batchFiles(
      [
        line({ action: 'deploy.json', inputs: { service: 'a' }, runId: 'r_p1', ref: 'main' }),
        line({ action: 'deploy.json', inputs: { service: 'b' } }),
        line({ action: webhook, inputs: { service: 'c' } }),
      ],
      { 'deploy.json': DEPLOY },
    );
    const text = await runCliAsync(['dispatch', '--batch', file, '--dry-run'], { env: githubEnv(gh) });
    expect(text).toEqual({ code: 0, stderr: '', stdout: 'line 1: planned r_p1\nline 2: planned\nline 3: planned\n3 lines: 3 planned (not sent), 0 refused, 0 uncertain, 0 invalid\n' });
    const output = json(await runCliAsync(['dispatch', '--batch', file, '--dry-run', '--json'], { env: githubEnv(gh) }));
    expect(output).toEqual({
      summary: { lines: 3, dispatched: 0, planned: 3, refused: 0, uncertain: 0, invalid: 0 },
      lines: [{ line: 1, state: 'planned', runId: 'r_p1' }, { line: 2, state: 'planned', runId: null }, { line: 3, state: 'planned', runId: null }],
    });
    // An invalid line in a dry run: nothing was sent, so exit 2 (fix the input and run again).
    const bad = batchFiles([line({ action: 'deploy.json', inputs: { service: 'a' }, runId: 'r_p1' }), line({ action: 'deploy.json', inputs: { replicas: 99 } })], { 'deploy.json': DEPLOY });
    const mixed = await runCliAsync(['dispatch', '--batch', bad, '--dry-run'], { env: githubEnv(gh) });
    expect(mixed.code).toBe(2);
    expect(mixed.stdout).toMatch(/^line 1: planned r_p1\nline 2: invalid: .*\n2 lines: 1 planned \(not sent\), 0 refused, 0 uncertain, 1 invalid\n$/);
    expect(dispatchRequests(gh)).toHaveLength(0);
    expect(hook.received).toHaveLength(0);
  });

  it('marks a line answered 502 uncertain and never sends it again', async () => {
    const gh = await github();
    const ids = Array.from({ length: 6 }, (_, i) => `r_u${i + 1}`);
    const file = batchFiles(
      ids.map((runId) => line({ action: 'deploy.json', inputs: { service: runId }, runId, ref: 'main' })),
      { 'deploy.json': DEPLOY },
    );
    gh.failNext(1, 502);
    const result = await runCliAsync(['dispatch', '--batch', file, '--json', '--write-interval', '0'], { env: githubEnv(gh) });
    expect(result.code).toBe(3);
    const output = json(result);
    expect(output.summary).toEqual({ lines: 6, dispatched: 5, planned: 0, refused: 0, uncertain: 1, invalid: 0 });
    const uncertain = (output.lines as Array<Record<string, any>>).find((outcome) => outcome.state === 'uncertain')!;
    expect(uncertain.error).toMatch(/may or may not have started a run: GitHub answered 502/);
    const lost = ids[uncertain.line - 1]!;
    expect(dispatchRequests(gh)).toHaveLength(6);
    expect(dispatchRequests(gh).filter((request) => request.status === 502)).toHaveLength(1);
    expect(runIdsOf(gh).sort()).toEqual(ids.filter((id) => id !== lost).sort());
  });

  it('under a secondary rate limit dispatches every line once, none lost', async () => {
    const gh = await github({ secondaryLimit: { maxWrites: 4, windowMs: 1000 } });
    const ids = Array.from({ length: 10 }, (_, i) => `r_s${i + 1}`);
    const file = batchFiles(
      ids.map((runId) => line({ action: 'deploy.json', inputs: { service: runId }, runId, ref: 'main' })),
      { 'deploy.json': DEPLOY },
    );
    const result = await runCliAsync(['dispatch', '--batch', file, '--json', '--write-interval', '20', '--concurrency', '4'], { env: githubEnv(gh) });
    expect(result.code).toBe(0);
    expect(json(result).summary).toEqual({ lines: 10, dispatched: 10, planned: 0, refused: 0, uncertain: 0, invalid: 0 });
    expect(result.stderr).toMatch(/GitHub's secondary rate limit: waiting/);
    expect(dispatchRequests(gh).filter((request) => request.status === 403).length).toBeGreaterThan(0);
    expect(runIdsOf(gh).sort()).toEqual([...ids].sort());
    expect(gh.dispatches).toHaveLength(10);
  }, 40_000);
});

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptSecret } from '../../src/core/secrets.js';
import { verifyWebhook } from '../../src/core/webhook-signature.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { runCliAsync, tempDir, writeJson, type CliResult } from '../support/cli.js';
import { startGitHubApi, type GitHubApi, type GitHubApiOptions } from '../support/github-api.js';
import { startGitLabApi, type GitLabApi } from '../support/gitlab-api.js';
import { startWebhookReceiver, type WebhookReceiver, type WebhookReceiverOptions } from '../support/webhook-receiver.js';

/*
 * `port-ci dispatch` with Port's current ("v2") definitions, as a user runs it: the bundled CLI as a process,
 * against the local GitHub and GitLab APIs, a webhook receiver and the sandbox Port API, over real HTTP on
 * 127.0.0.1. Assertions are on what those servers recorded (what was sent, how often, in which bytes) and on what
 * the user is told. The definitions are adapted from shared/conformance-v2 cases and examples/actions.
 */

const GH_TOKEN = 'ghs_dispatchV2TestToken0123456789';
const TRIGGER_TOKEN = 'glptt-v2TriggerToken0123456789abcdef';
const SECRET = SANDBOX_CLIENT_SECRET;
const USER = 'dana@acme.example';
const RUN_HTML = (id: number) => `https://github.com/acme/deployments/actions/runs/${id}`;

/* ------------------------------------------------------------------------------------------------------------- */
/* Servers, closed after every test.                                                                              */

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const declare = (...names: string[]) => Object.fromEntries(names.map((name) => [name, {}]));
const WIDE = Array.from({ length: 25 }, (_, i) => `in_${i}`);

async function github(options: Partial<GitHubApiOptions> = {}): Promise<GitHubApi> {
  const api = await startGitHubApi({
    token: GH_TOKEN,
    repos: {
      'acme/deployments': {
        defaultBranch: 'trunk',
        refs: ['main', 'release'],
        workflows: {
          'deploy-v2.yml': { inputs: declare('port_context', 'service', 'replicas', 'canary', 'tags', 'config', 'notify', 'label', 'db_password') },
          'wide.yml': { inputs: declare(...WIDE) },
        },
      },
    },
    runLifecycle: { queuedMs: 40, runningMs: 80, conclusion: 'success' },
    ...options,
  });
  closers.push(() => api.close());
  return api;
}

async function gitlab(): Promise<GitLabApi> {
  const api = await startGitLabApi({
    projects: { 'platform/deployer': { id: 42, triggerToken: TRIGGER_TOKEN, refs: ['main', 'develop', 'release'], defaultBranch: 'main' } },
    lifecycle: { createdMs: 10, pendingMs: 30, runningMs: 60 },
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

/** Credentials only: the sandbox's URL is given with --base-url, as a user pointing at it would. */
const portCreds = { PORT_CLIENT_ID: SANDBOX_CLIENT_ID, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET };
const portEnv = (port: Sandbox) => ({ PORT_BASE_URL: port.url, ...portCreds });
const githubEnv = (api: GitHubApi): Record<string, string> => ({ GITHUB_API_URL: api.url, GITHUB_TOKEN: GH_TOKEN, PORT_CLIENT_SECRET: SECRET, PORT_CI_POLL_MS: '50' });
const gitlabEnv = (api: GitLabApi): Record<string, string> => ({ GITLAB_URL: api.url, GITLAB_TRIGGER_TOKEN: TRIGGER_TOKEN, PORT_CLIENT_SECRET: SECRET });
const signing = { PORT_CLIENT_SECRET: SECRET };

function dispatch(args: string[], env: Record<string, string>, options: { timeoutMs?: number } = {}): Promise<CliResult> {
  return runCliAsync(['dispatch', ...args], { env, ...options });
}

const json = (result: CliResult) => JSON.parse(result.stdout) as Record<string, any>;
const file = (value: unknown, name = 'action.json', dir = tempDir('port-ci-v2-')) => writeJson(dir, name, value);
const dispatchRequests = (api: GitHubApi) => api.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/dispatches'));
/** A finished CLI never crashes: exit 1 is "unexpected error", a bug in port-ci, and no stack is ever printed. */
function expectNoCrash(result: CliResult): void {
  expect(result.code, result.stderr).not.toBe(1);
  expect(result.code).not.toBeNull();
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/unexpected error|\n\s+at .+:\d+:\d+/);
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Definitions (current format).                                                                                  */

type Json = Record<string, any>;

function selfService(identifier: string, operation: 'CREATE' | 'DAY-2' | 'DELETE', userInputs: Json, invocationMethod: Json): Json {
  return { identifier, title: identifier, trigger: { type: 'self-service', operation, blueprintIdentifier: 'service', userInputs }, invocationMethod, requiredApproval: false };
}

const DEPLOY_INPUTS = {
  properties: {
    service: { type: 'string' },
    replicas: { type: 'number', minimum: 1, maximum: 20 },
    canary: { type: 'boolean', default: false },
    tags: { type: 'array' },
    config: { type: 'object' },
    notify: { type: 'string', format: 'email', default: { jqQuery: '.user.email' } },
    ref: { type: 'string' },
  },
  required: ['service'],
};
/** As examples/actions/deploy-service.v2.json renders it: a port_context object, each input, an interpolation. */
const DEPLOY_WORKFLOW_INPUTS = {
  port_context: { runId: '{{ .run.id }}', blueprint: '{{ .action.blueprint }}', by: '{{ .trigger.by.user.email }}' },
  service: '{{ .inputs.service }}',
  replicas: '{{ .inputs.replicas }}',
  canary: '{{ .inputs.canary }}',
  tags: '{{ .inputs.tags }}',
  config: '{{ .inputs.config }}',
  notify: '{{ .inputs.notify }}',
  label: '{{ .inputs.service }}-x{{ .inputs.replicas }}',
  ref: '{{ .inputs.ref // "" }}',
};
const GITHUB_METHOD = { type: 'GITHUB', org: 'acme', repo: 'deployments', workflow: 'deploy-v2.yml', workflowInputs: DEPLOY_WORKFLOW_INPUTS };
const DEPLOY = selfService('deploy_v2', 'CREATE', DEPLOY_INPUTS, GITHUB_METHOD);
const withMethod = (action: Json, method: Json): Json => ({ ...action, invocationMethod: { ...action.invocationMethod, ...method } });

/* ------------------------------------------------------------------------------------------------------------- */

describe('GITHUB', () => {
  it('sends the rendered workflowInputs as text (numbers, booleans, objects as JSON), ref taken out as the branch', async () => {
    const api = await github();
    const result = await dispatch(
      ['--action', file(DEPLOY), '--input', 'service=checkout', '--input', 'replicas=3', '--input', 'tags=["eu","blue"]', '--input', 'config={"region":"eu-west-1","weights":[1,2]}', '--input', 'ref=release', '--run-id', 'r_v2gh1', '--user', USER, '--json', '--write-interval', '0'],
      githubEnv(api),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(api.dispatches).toHaveLength(1);
    const [sent] = api.dispatches;
    expect(sent!.ref).toBe('release');
    expect(sent!.inputs).toEqual({
      port_context: '{"runId":"r_v2gh1","blueprint":"service","by":"dana@acme.example"}',
      service: 'checkout',
      replicas: '3',
      canary: 'false', // the default, typed boolean, sent as its text
      tags: '["eu","blue"]',
      config: '{"region":"eu-west-1","weights":[1,2]}',
      notify: USER, // default {jqQuery: ".user.email"}
      label: 'checkout-x3',
    }); // no "ref" input: it chose the branch
    expect(dispatchRequests(api)[0]!.headers).toMatchObject({ authorization: `token ${GH_TOKEN}` });
    expect(json(result)).toMatchObject({ backend: 'GITHUB', status: 200, runId: 'r_v2gh1', externalRunId: String(sent!.runId), link: RUN_HTML(sent!.runId) });
  });

  it('--ref overrides the rendered ref; with neither, the default branch is looked up', async () => {
    const api = await github();
    const action = file(DEPLOY);
    const over = await dispatch(['--action', action, '--input', 'service=a', '--input', 'ref=release', '--ref', 'main', '--run-id', 'r_v2ref1', '--write-interval', '0'], githubEnv(api));
    expect(over.code).toBe(0);
    expect(api.requests.map((request) => request.method)).toEqual(['POST']);
    const none = await dispatch(['--action', action, '--input', 'service=b', '--run-id', 'r_v2ref2', '--write-interval', '0'], githubEnv(api));
    expect(none.code).toBe(0);
    expect(api.requests.slice(1).map((request) => `${request.method} ${request.path}`)).toEqual(['GET /repos/acme/deployments', 'POST /repos/acme/deployments/actions/workflows/deploy-v2.yml/dispatches']);
    expect(api.dispatches.map((sent) => [sent.inputs.service, sent.ref])).toEqual([
      ['a', 'main'],
      ['b', 'trunk'],
    ]);
  });

  it('warns that a "ref" rendering null becomes the branch "null", as Port\'s integration does', async () => {
    const api = await github();
    const action = withMethod(DEPLOY, { workflowInputs: { ...DEPLOY_WORKFLOW_INPUTS, ref: '{{ .inputs.ref }}' } });
    const shown = await dispatch(['--action', file(action), '--input', 'service=a', '--run-id', 'r_v2null', '--dry-run', '--json'], githubEnv(api));
    expect(shown.code).toBe(0);
    expect(json(shown).request.body.ref).toBe('null');
    expect(json(shown).notes).toContainEqual(expect.stringMatching(/^warning: "ref" rendered to null, so the branch is "null".*\{\{ \.inputs\.ref \/\/ "" \}\}/));
    const sent = await dispatch(['--action', file(action), '--input', 'service=a', '--run-id', 'r_v2null', '--write-interval', '0'], githubEnv(api));
    expect(sent.code).toBe(3);
    expect(sent.stderr).toMatch(/^port-ci: warning: "ref" rendered to null/);
    expect(sent.stderr).toMatch(/No ref found for: null/);
  });

  it('sends more than 10 inputs with a warning, and refuses more than 25 before any request', async () => {
    const api = await github();
    const inputs = (count: number) => Object.fromEntries(WIDE.concat(['in_25']).slice(0, count).map((name, i) => [name, i % 2 ? '{{ .run.id }}' : i]));
    const twelve = withMethod(DEPLOY, { workflow: 'wide.yml', workflowInputs: inputs(12) });
    const result = await dispatch(['--action', file(twelve), '--input', 'service=a', '--run-id', 'r_v2wide', '--ref', 'main', '--write-interval', '0'], githubEnv(api));
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("port-ci: warning: 12 workflow inputs: Port's docs allow 10; GitHub takes up to 25, so this works on GitHub\n");
    expect(api.dispatches).toHaveLength(1);
    expect(api.dispatches[0]!.inputs).toMatchObject({ in_0: '0', in_1: 'r_v2wide', in_11: 'r_v2wide' });
    const shown = await dispatch(['--action', file(twelve), '--input', 'service=a', '--run-id', 'r_v2wide', '--ref', 'main', '--dry-run', '--json'], githubEnv(api));
    expect(json(shown).notes).toContain("warning: 12 workflow inputs: Port's docs allow 10; GitHub takes up to 25, so this works on GitHub");

    const requestsBefore = api.requests.length;
    const tooMany = withMethod(DEPLOY, { workflow: 'wide.yml', workflowInputs: inputs(26) });
    const refused = await dispatch(['--action', file(tooMany), '--input', 'service=a', '--run-id', 'r_v2many', '--write-interval', '0'], githubEnv(api));
    expect(refused.code).toBe(2);
    // 26 written out is refused by the definition's validation; 26 that only a template makes, once rendered.
    expect(refused.stderr).toMatch(/invocationMethod\.workflowInputs: expected at most 25 inputs besides ref .* but found 26/);
    const spread = withMethod(DEPLOY, { workflow: 'wide.yml', workflowInputs: { '{{ spreadValue() }}': '{{ [range(26)] | map({key: "in_\\(.)", value: .}) | from_entries }}' } });
    const rendered = await dispatch(['--action', file(spread), '--input', 'service=a', '--run-id', 'r_v2many', '--write-interval', '0'], githubEnv(api));
    expect(rendered.code).toBe(2);
    expect(rendered.stderr).toMatch(/^port-ci: GitHub accepts at most 25 workflow inputs but invocationMethod\.workflowInputs renders 26 \(in_0, .*in_25\); group some into one object input\n$/);
    expect(api.requests).toHaveLength(requestsBefore); // nothing reached the server, not even the default-branch lookup
  });

  it('--wait follows the workflow run and, with reportWorkflowStatus, ends the Port run SUCCESS with its link', async () => {
    const api = await github();
    const port = await sandbox({ runs: ['r_v2wait', 'r_v2noreport'] });
    const result = await dispatch(['--action', file(DEPLOY), '--input', 'service=a', '--run-id', 'r_v2wait', '--wait', '--timeout', '20s', '--json', '--write-interval', '0'], { ...githubEnv(api), ...portEnv(port) });
    expect(result.code).toBe(0);
    const [sent] = api.dispatches;
    expect(json(result)).toMatchObject({ runId: 'r_v2wait', conclusion: 'success', externalRunId: String(sent!.runId) });
    expect(port.runs.get('r_v2wait')).toMatchObject({ status: 'SUCCESS', link: RUN_HTML(sent!.runId) });

    const quiet = await dispatch(
      ['--action', file(withMethod(DEPLOY, { reportWorkflowStatus: false })), '--input', 'service=b', '--run-id', 'r_v2noreport', '--wait', '--timeout', '20s', '--write-interval', '0'],
      { ...githubEnv(api), ...portEnv(port) },
    );
    expect(quiet.code).toBe(0);
    expect(port.runs.get('r_v2noreport')).toMatchObject({ status: 'IN_PROGRESS' }); // the workflow reports itself
  });

  it('--wait ends the Port run FAILURE (exit 4) when the workflow fails', async () => {
    const api = await github({ runLifecycle: { queuedMs: 30, runningMs: 60, conclusion: 'failure' } });
    const port = await sandbox({ runs: ['r_v2fail'] });
    const result = await dispatch(['--action', file(DEPLOY), '--input', 'service=a', '--run-id', 'r_v2fail', '--wait', '--write-interval', '0'], { ...githubEnv(api), ...portEnv(port) });
    expect(result.code).toBe(4);
    expect(port.runs.get('r_v2fail')).toMatchObject({ status: 'FAILURE', link: RUN_HTML(api.dispatches[0]!.runId) });
  });
});

describe('INTEGRATION_ACTION (dispatch_workflow)', () => {
  it('dispatches the workflow named in integrationActionExecutionProperties as GITHUB does', async () => {
    const api = await github();
    const port = await sandbox({ runs: ['r_v2ocean'] });
    const ocean = {
      ...DEPLOY,
      identifier: 'deploy_via_ocean',
      invocationMethod: {
        type: 'INTEGRATION_ACTION',
        installationId: 'github-ocean',
        integrationActionType: 'dispatch_workflow',
        integrationActionExecutionProperties: { org: 'acme', repo: 'deployments', workflow: 'deploy-v2.yml', workflowInputs: DEPLOY_WORKFLOW_INPUTS, reportWorkflowStatus: true },
      },
    };
    const result = await dispatch(['--action', file(ocean), '--input', 'service=ocean', '--input', 'replicas=2', '--input', 'ref=release', '--run-id', 'r_v2ocean', '--user', USER, '--wait', '--json', '--write-interval', '0'], { ...githubEnv(api), ...portEnv(port) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(api.dispatches).toHaveLength(1);
    expect(api.dispatches[0]).toMatchObject({ workflow: 'deploy-v2.yml', ref: 'release', inputs: { service: 'ocean', replicas: '2', label: 'ocean-x2', notify: USER, port_context: '{"runId":"r_v2ocean","blueprint":"service","by":"dana@acme.example"}' } });
    expect(Object.keys(api.dispatches[0]!.inputs)).not.toContain('ref');
    expect(port.runs.get('r_v2ocean')).toMatchObject({ status: 'SUCCESS', link: RUN_HTML(api.dispatches[0]!.runId) });
  });
});

describe('GITLAB', () => {
  const pipeline = (method: Json = {}) =>
    selfService(
      'run_pipeline_v2',
      'CREATE',
      { properties: { ref: { type: 'string' }, replicas: { type: 'number' }, dry: { type: 'boolean' }, cfg: { type: 'object' }, note: { type: 'string' } } },
      {
        type: 'GITLAB',
        groupName: 'platform',
        projectName: 'deployer',
        defaultRef: 'develop',
        pipelineVariables: { ref: '{{ .inputs.ref }}', replicas: '{{ .inputs.replicas }}', dry: '{{ .inputs.dry }}', cfg: '{{ .inputs.cfg }}', note: 'run {{ .run.id }}: {{ .inputs.note }}', runId: '{{ .run.id }}' },
        ...method,
      },
    );

  it('sends pipelineVariables as text to the trigger API, the branch from the rendered ref', async () => {
    const gl = await gitlab();
    const result = await dispatch(
      ['--action', file(pipeline()), '--inputs', '{"ref":"release","replicas":3,"dry":true,"cfg":{"a":[1,2]},"note":"hi"}', '--run-id', 'r_v2gl1', '--json'],
      gitlabEnv(gl),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(gl.triggers).toHaveLength(1);
    const [trigger] = gl.triggers;
    expect(trigger!.project).toBe('platform/deployer');
    expect(trigger!.body).toEqual({
      token: TRIGGER_TOKEN,
      ref: 'release',
      variables: { ref: 'release', replicas: '3', dry: 'true', cfg: '{"a":[1,2]}', note: 'run r_v2gl1: hi', runId: 'r_v2gl1' },
    });
    expect(json(result)).toMatchObject({ backend: 'GITLAB', runId: 'r_v2gl1', externalRunId: String(trigger!.pipeline.id), link: trigger!.pipeline.web_url });
  });

  it('takes the ref from the rendered variable, else defaultRef, else main; --ref overrides', async () => {
    const gl = await gitlab();
    const noRefVariable = pipeline({ pipelineVariables: { replicas: '{{ .inputs.replicas }}' } });
    const runs = [
      ['--action', file(pipeline()), '--input', 'ref=release', '--input', 'replicas=1'],
      ['--action', file(noRefVariable), '--input', 'replicas=2'],
      ['--action', file({ ...noRefVariable, invocationMethod: { ...noRefVariable.invocationMethod, defaultRef: undefined } }), '--input', 'replicas=3'],
      ['--action', file(pipeline()), '--input', 'ref=release', '--input', 'replicas=4', '--ref', 'develop'],
    ];
    for (const [index, args] of runs.entries()) {
      const result = await dispatch([...args, '--run-id', `r_v2glref${index}`], gitlabEnv(gl));
      expect(result.code, result.stderr).toBe(0);
    }
    expect(gl.triggers.map((trigger) => [trigger.body.ref, (trigger.body.variables as Json).replicas])).toEqual([
      ['release', '1'],
      ['develop', '2'],
      ['main', '3'],
      ['develop', '4'],
    ]);
    expect((gl.triggers[3]!.body.variables as Json).ref).toBe('release'); // the variable stays as rendered
  });
});

describe('WEBHOOK', () => {
  const hookAction = (url: string, method: Json = {}) =>
    selfService(
      'notify_v2',
      'DAY-2',
      { properties: { message: { type: 'string' }, urgency: { type: 'number' } }, required: ['message'] },
      {
        type: 'WEBHOOK',
        url: `${url}/services/{{ .entity.identifier }}/notify?urgency={{ .inputs.urgency }}`,
        agent: false,
        synchronized: false,
        method: 'PUT',
        headers: { 'X-Team': '{{ .entity.team[0] }}', 'X-Urgency': '{{ .inputs.urgency }}', Authorization: 'Bearer {{ .secrets.PAGER_TOKEN }}' },
        body: {
          runId: '{{ .run.id }}',
          message: '{{ .inputs.message }}',
          urgency: '{{ .inputs.urgency }}',
          entity: { id: '{{ .entity.identifier }}', tier: '{{ .entity.properties.tier }}' },
          summary: '{{ .entity.title }} ({{ .entity.properties.tier }}): {{ .inputs.message }}',
        },
        ...method,
      },
    );
  const entity = { identifier: 'checkout', title: 'Checkout', blueprint: 'service', team: ['payments'], properties: { tier: 1 }, relations: {} };

  it('sends the templated url, method, headers and body exactly, signed over the raw body', async () => {
    const hook = await receiver();
    const token = 'pagerToken-s3cr3t-0123456789';
    const args = ['--action', file(hookAction(hook.url)), '--inputs', '{"message":"héllo \\u2028 there","urgency":2}', '--entity', `@${file(entity, 'entity.json')}`, '--run-id', 'r_v2hook', '--secret', `PAGER_TOKEN=${token}`];
    const result = await dispatch(args, signing);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(`${result.stdout}${result.stderr}`).not.toContain(token);
    expect(hook.received).toHaveLength(1);
    const [got] = hook.received;
    expect(got).toMatchObject({ method: 'PUT', path: '/services/checkout/notify?urgency=2' });
    expect(got!.headers).toMatchObject({ 'x-team': 'payments', 'x-urgency': '2', authorization: `Bearer ${token}`, 'content-type': 'application/json' });
    const body = { runId: 'r_v2hook', message: 'héllo \u2028 there', urgency: 2, entity: { id: 'checkout', tier: 1 }, summary: 'Checkout (1): héllo \u2028 there' };
    expect(got!.body).toBe(JSON.stringify(body)); // compact, byte for byte
    const timestamp = got!.headers['x-port-timestamp'] as string;
    const signature = got!.headers['x-port-signature'] as string;
    expect(() => verifyWebhook(got!.body, { timestamp, signature }, SECRET, { nowSeconds: Math.floor(Date.now() / 1000) })).not.toThrow();
    const bodyFile = path.join(tempDir(), 'body.json');
    writeFileSync(bodyFile, got!.body);
    expect(await runCliAsync(['verify-signature', '--timestamp', timestamp, '--signature', signature, '--body-file', bodyFile], { env: signing })).toEqual({ code: 0, stdout: 'signature verified\n', stderr: '' });

    // --dry-run shows the same request, the secret redacted, in human text and in JSON.
    for (const format of [[], ['--json']]) {
      const shown = await dispatch([...args, '--dry-run', ...format], signing);
      expect(shown.code).toBe(0);
      expect(`${shown.stdout}${shown.stderr}`).not.toContain(token);
      expect(shown.stdout).toContain('[redacted]');
    }
    const plan = json(await dispatch([...args, '--dry-run', '--json'], signing));
    expect(plan.request).toMatchObject({ method: 'PUT', url: `${hook.url}/services/checkout/notify?urgency=2`, headers: { Authorization: 'Bearer [redacted]' }, body });
    expect(plan.triggerData.secrets).toEqual({ PAGER_TOKEN: '[redacted]' });
    expect(hook.received).toHaveLength(1);
  });

  it('a secret is hidden in every form it is printed: JSON-escaped, in notes, in an error', async () => {
    const hook = await receiver({ status: 400, body: { ok: false } });
    const token = 'quote"and\\backslash-s3cr3t';
    const action = hookAction(hook.url, { body: { echoed: '{{ .secrets.PAGER_TOKEN }}', broken: '{{ .secrets.PAGER_TOKEN | tonumber }}' } });
    const args = ['--action', file(action), '--input', 'message=m', '--entity', `@${file(entity, 'entity.json')}`, '--run-id', 'r_v2sec', '--secret', `PAGER_TOKEN=${token}`];
    const outputs = [await dispatch([...args, '--dry-run'], signing), await dispatch([...args, '--dry-run', '--json'], signing), await dispatch([...args, '--dry-run', '--strict-templates'], signing), await dispatch(args, signing)];
    for (const output of outputs) {
      const printed = `${output.stdout}${output.stderr}`;
      expect(printed).not.toContain(token);
      expect(printed).not.toContain(JSON.stringify(token).slice(1, -1));
      expect(printed).not.toContain('s3cr3t');
    }
    expect(outputs.map((output) => output.code)).toEqual([0, 0, 2, 3]);
    expect(hook.received).toHaveLength(1);
    expect(JSON.parse(hook.received[0]!.body)).toMatchObject({ echoed: token });
  });

  it('synchronized: the Port run ends SUCCESS on a 2xx answer and FAILURE on 4xx and 5xx', async () => {
    const port = await sandbox({ runs: ['r_v2s200', 'r_v2s404', 'r_v2s500'] });
    const entityFile = `@${file(entity, 'entity.json')}`;
    const outcomes: Array<[number, number | null]> = [];
    for (const status of [200, 404, 500]) {
      const hook = await receiver({ status, body: { ok: status < 300 } });
      const result = await dispatch(['--action', file(hookAction(hook.url, { synchronized: true })), '--input', 'message=m', '--entity', entityFile, '--run-id', `r_v2s${status}`, '--base-url', port.url], portCreds);
      outcomes.push([status, result.code]);
      expect(hook.received).toHaveLength(1);
    }
    expect(outcomes).toEqual([
      [200, 0],
      [404, 3],
      [500, 3],
    ]);
    expect(port.runs.get('r_v2s200')).toMatchObject({ status: 'SUCCESS', summary: 'The webhook answered 200' });
    expect(port.runs.get('r_v2s404')).toMatchObject({ status: 'FAILURE', summary: expect.stringMatching(/refused the run: 404/) });
    expect(port.runs.get('r_v2s500')).toMatchObject({ status: 'FAILURE', summary: expect.stringMatching(/answered 500/) });
  });

  it('not synchronized: the Port run is left to the receiver', async () => {
    const port = await sandbox({ runs: ['r_v2async'] });
    const hook = await receiver();
    const result = await dispatch(['--action', file(hookAction(hook.url)), '--input', 'message=m', '--entity', `@${file(entity, 'entity.json')}`, '--run-id', 'r_v2async', '--base-url', port.url], portCreds);
    expect(result.code).toBe(0);
    expect(port.runs.get('r_v2async')).toMatchObject({ status: 'IN_PROGRESS' });
  });
});

describe('KAFKA', () => {
  const kafka = selfService('kafka_v2', 'CREATE', { properties: { size: { type: 'number' } } }, {
    type: 'KAFKA',
    payload: { runId: '{{ .run.id }}', size: '{{ .inputs.size }}', by: '{{ .trigger.by.user.email }}', text: 'size {{ .inputs.size }}' },
  });

  it('--dry-run --json shows the rendered message as the record, keyed by run id; sending without brokers names the flag (exit 2)', async () => {
    const action = file(kafka);
    const shown = await dispatch(['--action', action, '--input', 'size=3', '--run-id', 'r_v2k', '--user', USER, '--dry-run', '--json', '--kafka-topic', 'org_v2.runs'], signing);
    expect(shown.code).toBe(0);
    // The author's payload exactly: no signature headers added.
    expect(json(shown)).toMatchObject({
      backend: 'KAFKA',
      request: { method: 'PRODUCE', url: 'kafka://<--kafka-brokers>/org_v2.runs', key: 'r_v2k', body: { runId: 'r_v2k', size: 3, by: USER, text: 'size 3' } },
    });
    expect((json(shown).request as { body: object }).body).not.toHaveProperty('headers');
    const sent = await dispatch(['--action', action, '--input', 'size=3', '--run-id', 'r_v2k'], signing);
    expect(sent).toEqual({ code: 2, stdout: '', stderr: 'port-ci: KAFKA: set --kafka-brokers or PORT_CI_KAFKA_BROKERS to the brokers of the runs topic the consumer reads\n' });
  });
});

/* ------------------------------------------------------------------------------------------------------------- */

describe('trigger data from flags', () => {
  /** A webhook whose body is the whole trigger data: what the templates saw, as --dry-run --json prints it. */
  const echo = (userInputs: Json, operation: 'CREATE' | 'DAY-2' = 'CREATE') =>
    selfService('echo_v2', operation, userInputs, { type: 'WEBHOOK', url: 'http://127.0.0.1:9/unused', body: { inputs: '{{ .inputs }}', entity: '{{ .entity }}' } });
  const plan = async (action: Json, args: string[], env: Record<string, string> = signing) => {
    const result = await dispatch(['--action', file(action), ...args, '--dry-run', '--json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return json(result);
  };

  it('--dry-run --json prints {backend, request, triggerData} as Port builds the trigger data', async () => {
    const out = await plan(echo({ properties: { n: { type: 'number' } } }), ['--input', 'n=1', '--run-id', 'r_v2td', '--user', USER]);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['backend', 'request', 'triggerData']));
    expect(out.triggerData).toEqual({
      inputs: { n: 1 },
      entity: {},
      trigger: { by: { orgId: null, userId: null, user: { email: USER } }, origin: 'API', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), operation: 'CREATE' },
      event: null,
      action: { identifier: 'echo_v2', blueprint: 'service', encryptedProperties: [] },
      run: { id: 'r_v2td' },
    });
    expect(out.request.body).toEqual({ inputs: { n: 1 }, entity: {} });
    expect(out.notes.join('\n')).not.toContain('run id: null');
    // Without --run-id nothing is made up: run.id is null, and a note says where Port puts the run it creates.
    const bare = await plan(echo({ properties: { n: { type: 'number' } } }), ['--input', 'n=1']);
    expect([bare.runId, bare.triggerData.run]).toEqual([null, { id: null }]);
    expect(bare.notes).toContain('run id: null, as no run was given; Port puts the id of the run it creates there (pass --run-id r_... to see it)');
    const text = await dispatch(['--action', file(echo({ properties: { n: { type: 'number' } } })), '--input', 'n=1', '--dry-run'], signing);
    expect(text.stdout).toMatch(/^WEBHOOK dispatch of echo_v2 \(run none given\), planned, not sent:\n/);
    expect(text.stdout).not.toContain('dispatched');
  });

  it('types each --input by its userInputs schema and applies defaults, including {jqQuery: ".user.email"}', async () => {
    const userInputs = {
      properties: {
        count: { type: 'number' },
        flag: { type: 'boolean' },
        obj: { type: 'object' },
        list: { type: 'array' },
        text: { type: 'string' },
        env: { type: 'string', enum: ['dev', 'prod'], default: 'dev' },
        owner: { type: 'string', format: 'user', default: { jqQuery: '.user.email' } },
        tag: { type: 'string', default: { jqQuery: "'v-' + (.form.count | tostring)" } },
      },
    };
    const out = await plan(echo(userInputs), ['--input', 'count=3', '--input', 'flag=true', '--input', 'obj={"a":1}', '--input', 'list=[1,"x"]', '--input', 'text=42', '--run-id', 'r_v2typed', '--user', USER]);
    expect(out.triggerData.inputs).toEqual({ count: 3, flag: true, obj: { a: 1 }, list: [1, 'x'], text: '42', env: 'dev', owner: USER, tag: 'v-3' });
    const wrong = await dispatch(['--action', file(echo(userInputs)), '--input', 'count=three', '--run-id', 'r_v2typed', '--dry-run'], signing);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--input count/);
  });

  it('required: {jqQuery} decides what is required; an input hidden by visible is never required', async () => {
    const userInputs = {
      properties: {
        env: { type: 'string', enum: ['dev', 'prod'] },
        approver: { type: 'string', format: 'email' },
        reason: { type: 'string', visible: { jqQuery: '.form.env == "prod"' } },
      },
      required: { jqQuery: 'if .form.env == "prod" then ["approver", "reason"] else ["reason"] end' },
    };
    const prod = await dispatch(['--action', file(echo(userInputs)), '--input', 'env=prod', '--run-id', 'r_v2req', '--dry-run'], signing);
    expect(prod.code).toBe(2);
    expect(prod.stderr).toMatch(/approver/);
    expect(prod.stderr).toMatch(/reason/);
    // dev: reason is listed as required but hidden (visible false), so it is not asked for.
    expect((await plan(echo(userInputs), ['--input', 'env=dev', '--run-id', 'r_v2req'])).triggerData.inputs).toEqual({ env: 'dev' });
    expect((await plan(echo(userInputs), ['--input', 'env=prod', '--input', 'approver=a@b.io', '--input', 'reason=hotfix', '--run-id', 'r_v2req'])).triggerData.inputs).toEqual({ env: 'prod', approver: 'a@b.io', reason: 'hotfix' });
  });

  it('dependsOn: an input given without what it depends on is refused, naming both', async () => {
    const userInputs = { properties: { cloud: { type: 'string' }, region: { type: 'string', dependsOn: ['cloud'] } } };
    const alone = await dispatch(['--action', file(echo(userInputs)), '--input', 'region=eu-west-1', '--run-id', 'r_v2dep', '--dry-run'], signing);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/inputs\.region: depends on cloud, which has no value/);
    expect((await plan(echo(userInputs), ['--input', 'cloud=aws', '--input', 'region=eu-west-1', '--run-id', 'r_v2dep'])).triggerData.inputs).toEqual({ cloud: 'aws', region: 'eu-west-1' });
  });

  it('--entity ID is fetched from Port (credentials and --base-url); @file is used as given; entity inputs become entities', async () => {
    const checkout = { identifier: 'checkout', title: 'Checkout', blueprint: 'service', team: ['payments'], properties: { tier: 1, language: 'go' }, relations: { cluster: 'eu-1' } };
    const port = await sandbox({
      entities: [checkout, { identifier: 'eu-1', title: 'EU 1', blueprint: 'cluster', properties: { region: 'eu-west-1' }, relations: {} }, { identifier: 'us-1', title: 'US 1', blueprint: 'cluster', properties: { region: 'us-east-1' }, relations: {} }],
    });
    const userInputs = { properties: { cluster: { type: 'string', format: 'entity', blueprint: 'cluster' }, fallbacks: { type: 'array', items: { type: 'string', format: 'entity', blueprint: 'cluster' } } } };
    const action = echo(userInputs, 'DAY-2');
    const fetched = await plan(action, ['--entity', 'checkout', '--input', 'cluster=eu-1', '--inputs', '{"fallbacks":["us-1"]}', '--run-id', 'r_v2ent', '--base-url', port.url], portCreds);
    expect(fetched.triggerData.entity).toMatchObject({ identifier: 'checkout', title: 'Checkout', blueprint: 'service', properties: { tier: 1, language: 'go' }, relations: { cluster: 'eu-1' } });
    expect(fetched.triggerData.inputs.cluster).toMatchObject({ identifier: 'eu-1', title: 'EU 1', blueprint: 'cluster', properties: { region: 'eu-west-1' } });
    expect(fetched.triggerData.inputs.fallbacks).toMatchObject([{ identifier: 'us-1', properties: { region: 'us-east-1' } }]);
    expect(port.requests.filter((request) => request.method === 'GET').map((request) => request.path).sort()).toEqual([
      '/v1/blueprints/cluster/entities/eu-1',
      '/v1/blueprints/cluster/entities/us-1',
      '/v1/blueprints/service/entities/checkout',
    ]);

    const seen = port.requests.length;
    const given = { identifier: 'checkout', title: 'From file', blueprint: 'service', properties: { tier: 9 } };
    const fromFile = await plan(action, ['--entity', `@${file(given, 'entity.json')}`, '--input', 'cluster=eu-1', '--run-id', 'r_v2ent'], signing);
    expect(fromFile.triggerData.entity).toEqual(given);
    expect(fromFile.triggerData.inputs.cluster).toEqual({ identifier: 'eu-1', blueprint: 'cluster' }); // no credentials: the identifier only
    expect(port.requests).toHaveLength(seen);

    const missing = await dispatch(['--action', file(action), '--entity', 'nope', '--run-id', 'r_v2ent', '--base-url', port.url, '--dry-run'], portCreds);
    expect(missing).toMatchObject({ code: 2, stderr: 'port-ci: entity nope of blueprint service is not in Port\n' });
  });

  it('a secret input is encrypted as Port does (decrypts with the client secret) and never printed in clear', async () => {
    const userInputs = { properties: { service: { type: 'string' }, db_password: { type: 'string', encryption: 'aes256-gcm' }, creds: { type: 'object', encryption: 'aes256-gcm' } } };
    const password = 'correct-horse-battery-staple';
    const out = await dispatch(['--action', file(echo(userInputs)), '--input', 'service=a', '--input', `db_password=${password}`, '--input', 'creds={"user":"u","pass":"zebra-42"}', '--run-id', 'r_v2secret', '--dry-run', '--json'], signing);
    expect(out.code).toBe(0);
    expect(`${out.stdout}${out.stderr}`).not.toContain(password);
    expect(`${out.stdout}${out.stderr}`).not.toContain('zebra-42');
    const { triggerData, request } = json(out);
    expect(triggerData.action.encryptedProperties.sort()).toEqual(['creds', 'db_password']);
    expect(decryptSecret(triggerData.inputs.db_password, SECRET)).toBe(password);
    expect(JSON.parse(decryptSecret(triggerData.inputs.creds, SECRET))).toEqual({ user: 'u', pass: 'zebra-42' });
    expect(request.body.inputs.db_password).toBe(triggerData.inputs.db_password); // templates see the ciphertext
    const unset = await dispatch(['--action', file(echo(userInputs)), '--input', `db_password=${password}`, '--run-id', 'r_v2secret', '--dry-run'], {});
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(/inputs\.db_password is a secret input: set PORT_CLIENT_SECRET/);
    expect(`${unset.stdout}${unset.stderr}`).not.toContain(password);
  });
});

/* ------------------------------------------------------------------------------------------------------------- */

describe('templates', () => {
  const failing = selfService('strict_v2', 'CREATE', { properties: { service: { type: 'string' } } }, {
    type: 'WEBHOOK',
    url: 'http://127.0.0.1:9/unused',
    body: { port: '{{ .inputs.service | tonumber }}', ok: '{{ .inputs.service }}' },
  });

  it('without --strict-templates a failing span renders null and is listed in the notes', async () => {
    const result = await dispatch(['--action', file(failing), '--input', 'service=checkout', '--run-id', 'r_v2strict', '--dry-run', '--json'], signing);
    expect(result.code).toBe(0);
    const out = json(result);
    expect(out.request.body).toEqual({ port: null, ok: 'checkout' });
    expect(out.notes).toContainEqual(expect.stringMatching(/^invocationMethod\.body\.port: \{\{ \.inputs\.service \| tonumber \}\} failed, rendered as null: .*checkout/));
    expect(out.templateIssues).toEqual([{ field: 'invocationMethod.body.port', expression: ' .inputs.service | tonumber ', message: expect.stringContaining('checkout') }]);
  });

  it('when sending, a span that failed is named on stderr as a warning', async () => {
    const hook = await receiver();
    const result = await dispatch(['--action', file(withMethod(failing, { url: `${hook.url}/x` })), '--input', 'service=checkout', '--run-id', 'r_v2strict'], signing);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^port-ci: warning: invocationMethod\.body\.port: \{\{ \.inputs\.service \| tonumber \}\} failed, rendered as null: /);
    expect(JSON.parse(hook.received[0]!.body)).toEqual({ port: null, ok: 'checkout' });
  });

  it('--strict-templates stops with exit 2 naming the field, the expression and jq\'s message; nothing sent', async () => {
    const hook = await receiver();
    const result = await dispatch(['--action', file(withMethod(failing, { url: `${hook.url}/x` })), '--input', 'service=checkout', '--run-id', 'r_v2strict', '--strict-templates'], signing);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^port-ci: a template failed \(--strict-templates\):\n {2}invocationMethod\.body\.port: \{\{ \.inputs\.service \| tonumber \}\}: .*'checkout'.*\n$/);
    expect(hook.received).toHaveLength(0);
  });

  it('a span with no output drops its key: "{{inputs.x}}" (jq\'s inputs builtin, a docs typo) is not sent as "null"', async () => {
    const typo = withMethod(DEPLOY, { workflowInputs: { service: '{{inputs.service}}', kept: '{{ .inputs.service }}' } });
    const result = await dispatch(['--action', file(typo), '--input', 'service=a', '--run-id', 'r_v2typo', '--ref', 'main', '--dry-run', '--json'], githubEnv(await github()));
    expect(result.code).toBe(0);
    expect(json(result).request.body.inputs).toEqual({ kept: 'a' });
    expect(json(result).notes).toContain('invocationMethod.workflowInputs.service: {{ inputs.service }} gave no output (left out)');
  });

  it('a template that cannot be parsed is exit 2 naming the field', async () => {
    const broken = withMethod(failing, { body: { bad: 'a {{ .x }} }} b' } });
    const result = await dispatch(['--action', file(broken), '--input', 'service=a', '--run-id', 'r_v2broken', '--dry-run'], signing);
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/^port-ci: invocationMethod\.body\.bad: "\}\}" at character 12 closes no "\{\{"\n$/) });
  });

  it('a runaway filter stops after PORT_CI_JQ_TIMEOUT_MS with exit 2 naming it', async () => {
    const runaway = withMethod(failing, { body: { forever: '{{ last(repeat(1)) }}' } });
    const started = Date.now();
    const result = await dispatch(['--action', file(runaway), '--input', 'service=a', '--run-id', 'r_v2loop', '--dry-run', '--json'], { ...signing, PORT_CI_JQ_TIMEOUT_MS: '1000' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('port-ci: jq did not finish " last(repeat(1)) " within 1000 ms (a filter that never ends, such as repeat without limit?)\n');
  });
});

/* ------------------------------------------------------------------------------------------------------------- */

describe('automations', () => {
  const automation = (url: string, eventType = 'ENTITY_UPDATED') => ({
    identifier: 'notify_failed_service',
    title: 'Notify on failure',
    trigger: {
      type: 'automation',
      event: { type: eventType, blueprintIdentifier: 'service' },
      condition: { type: 'JQ', expressions: ['.diff.after.properties.status == "failed"', '.diff.before.properties.status != "failed"'], combinator: 'and' },
    },
    invocationMethod: {
      type: 'WEBHOOK',
      url: `${url}/alerts`,
      synchronized: true,
      body: { service: '{{ .event.context.entityIdentifier }}', status: '{{ .event.diff.after.properties.status }}', origin: '{{ .trigger.origin }}', runId: '{{ .run.id }}' },
    },
    publish: true,
  });
  const entity = (status: string) => ({ identifier: 'checkout', title: 'Checkout', blueprint: 'service', properties: { status }, relations: {} });
  const event = (before: Json | null, after: Json | null, action = 'UPDATE') => ({
    action,
    resourceType: 'entity',
    trigger: { by: { orgId: 'org_1', userId: 'u_1' }, origin: 'UI', at: '2025-01-01T00:00:00.000Z' },
    context: { blueprintIdentifier: 'service', entityIdentifier: 'checkout', propertyIdentifier: null },
    diff: { before, after },
  });

  it('--event FILE with a condition that holds sends, and the templates see the event under .event', async () => {
    const hook = await receiver();
    const port = await sandbox({ runs: ['r_v2auto'] });
    const result = await dispatch(['--action', file(automation(hook.url)), '--event', file(event(entity('ok'), entity('failed')), 'event.json'), '--run-id', 'r_v2auto', '--base-url', port.url], portCreds);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(hook.received.map((request) => JSON.parse(request.body))).toEqual([{ service: 'checkout', status: 'failed', origin: 'AUTOMATION', runId: 'r_v2auto' }]);
    expect(port.runs.get('r_v2auto')).toMatchObject({ status: 'SUCCESS' });
  });

  it('a condition that does not hold exits 0 with {"skipped": true, "reason"} and sends nothing, with or without --run-id', async () => {
    const hook = await receiver();
    const action = file(automation(hook.url));
    const events = file(event(entity('failed'), entity('failed')), 'event.json');
    for (const extra of [['--run-id', 'r_v2skip'], [], ['--dry-run']]) {
      const result = await dispatch(['--action', action, '--event', events, '--json', ...extra], {}); // no credentials needed either
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(json(result)).toMatchObject({ skipped: true, reason: 'the condition does not hold (and): .diff.before.properties.status != "failed" gave false' });
    }
    const human = await dispatch(['--action', action, '--event', events], {});
    expect(human).toEqual({ code: 0, stdout: 'not dispatched: the condition does not hold (and): .diff.before.properties.status != "failed" gave false\n', stderr: '' });
    expect(hook.received).toHaveLength(0);
  });

  it('--event-type ENTITY_UPDATED --before --after builds the event', async () => {
    const hook = await receiver();
    const port = await sandbox({ runs: ['r_v2built'] });
    const dir = tempDir();
    const args = ['--action', file(automation(hook.url)), '--event-type', 'ENTITY_UPDATED', '--before', file(entity('ok'), 'b.json', dir), '--after', file(entity('failed'), 'a.json', dir)];
    const shown = await dispatch([...args, '--dry-run', '--json'], signing);
    expect(shown.code).toBe(0);
    expect(json(shown).triggerData).toMatchObject({
      inputs: null,
      entity: null,
      trigger: { origin: 'AUTOMATION' },
      event: { action: 'UPDATE', resourceType: 'entity', context: { blueprintIdentifier: 'service', entityIdentifier: 'checkout' }, diff: { before: entity('ok'), after: entity('failed') } },
    });
    // No --run-id in a dry run: the run id is null, not made up, and the body the template built shows it so.
    expect(json(shown).runId).toBeNull();
    expect(json(shown).triggerData.run).toEqual({ id: null });
    expect(json(shown).request.body.runId).toBeNull();
    expect(json(shown).notes).toContain('run id: null, as no run was given; Port puts the id of the run it creates there (pass --run-id r_... to see it)');
    const sent = await dispatch([...args, '--run-id', 'r_v2built', '--base-url', port.url], portCreds);
    expect(sent.code).toBe(0);
    expect(hook.received.map((request) => JSON.parse(request.body))).toEqual([{ service: 'checkout', status: 'failed', origin: 'AUTOMATION', runId: 'r_v2built' }]);
    const noRun = await dispatch(args, portCreds);
    expect(noRun).toMatchObject({ code: 2, stderr: "port-ci: dispatch: an automation's backend reports to the run Port created for it: pass --run-id r_...\n" });
    expect(hook.received).toHaveLength(1);
  });

  it('an event of another kind or blueprint is skipped with the reason', async () => {
    const hook = await receiver();
    const action = file(automation(hook.url));
    const created = await dispatch(['--action', action, '--event-type', 'ENTITY_CREATED', '--after', file(entity('failed'), 'a.json'), '--run-id', 'r_v2kind', '--json'], signing);
    expect(created.code).toBe(0);
    expect(json(created)).toEqual({ skipped: true, reason: 'the event is ENTITY_CREATED; the automation fires on ENTITY_UPDATED' });
    const other = { ...event(entity('ok'), entity('failed')), context: { blueprintIdentifier: 'database', entityIdentifier: 'db', propertyIdentifier: null } };
    const blueprint = await dispatch(['--action', action, '--event', file(other, 'event.json'), '--run-id', 'r_v2kind', '--json'], signing);
    expect(json(blueprint)).toEqual({ skipped: true, reason: 'the event is about blueprint database; the automation watches service' });
    expect(hook.received).toHaveLength(0);
  });
});

/* ------------------------------------------------------------------------------------------------------------- */

describe('a definition in neither format', () => {
  it.each<[string, unknown, RegExp]>([
    ['an array', [1], /found an array of 1/],
    ['current-format fields without a trigger', { identifier: 'x', invocationMethod: { type: 'WEBHOOK', url: 'https://a.example', body: { a: '{{ .x }}' } } }, /found no trigger, beside an invocationMethod in the current format \(body\)/],
  ])('is refused saying what both formats look like: %s', async (_name, action, found) => {
    const result = await dispatch(['--action', file(action), '--dry-run'], signing);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/expected Port's classic format \(trigger "CREATE", "DAY-2" or "DELETE"\) or its current format \(trigger an object with type self-service or automation\)/);
    expect(result.stderr).toMatch(found);
    expect(result.stdout).toBe('');
  });
});

describe('--action-id and --batch', () => {
  it('--action-id fetches the definition from Port; an unknown id is exit 2 naming it', async () => {
    const api = await github();
    const port = await sandbox({ actions: [DEPLOY] });
    const env = { ...githubEnv(api), ...portCreds };
    const result = await dispatch(['--action-id', 'deploy_v2', '--input', 'service=fetched', '--run-id', 'r_v2id', '--base-url', port.url, '--write-interval', '0'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(port.requests.map((request) => `${request.method} ${request.path}`)).toContain('GET /v1/actions/deploy_v2');
    expect(api.dispatches.map((sent) => sent.inputs.service)).toEqual(['fetched']);
    const unknown = await dispatch(['--action-id', 'no_such_action', '--input', 'service=x', '--run-id', 'r_v2id', '--base-url', port.url], env);
    expect(unknown).toMatchObject({ code: 2, stderr: 'port-ci: --action-id: Port has no action or automation "no_such_action"\n' });
    expect(api.dispatches).toHaveLength(1);
  });

  it('--batch dispatches each current-format line exactly once', async () => {
    const api = await github();
    const hook = await receiver();
    const dir = tempDir('port-ci-v2-batch-');
    writeJson(dir, 'deploy.json', DEPLOY);
    const webhook = selfService('batch_hook', 'CREATE', { properties: { n: { type: 'number' } } }, { type: 'WEBHOOK', url: `${hook.url}/b/{{ .inputs.n }}`, body: { n: '{{ .inputs.n }}', run: '{{ .run.id }}' } });
    const lines = [
      { action: 'deploy.json', inputs: { service: 'one', replicas: 1 }, runId: 'r_v2b1', ref: 'main' },
      { action: 'deploy.json', inputs: { service: 'two', ref: 'release' }, runId: 'r_v2b2' },
      { action: webhook, inputs: { n: 3 }, runId: 'r_v2b3' },
      { action: 'deploy.json', inputs: { service: 'four', replicas: 99 }, runId: 'r_v2b4' },
      { action: withMethod(webhook, { body: { x: '{{ last(repeat(1)) }}' } }), inputs: { n: 5 }, runId: 'r_v2b5' },
    ];
    const batch = path.join(dir, 'runs.ndjson');
    writeFileSync(batch, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    const result = await runCliAsync(['dispatch', '--batch', batch, '--json', '--write-interval', '0'], { env: { ...githubEnv(api), PORT_CI_JQ_TIMEOUT_MS: '1000' }, cwd: tempDir() });
    expect(result.stderr).toBe('');
    const out = json(result);
    expect((out.lines as Json[]).map((line) => [line.line, line.state])).toEqual([
      [1, 'dispatched'],
      [2, 'dispatched'],
      [3, 'dispatched'],
      [4, 'invalid'],
      [5, 'invalid'],
    ]);
    expect(out.lines[3].error).toMatch(/inputs\.replicas/);
    expect(out.lines[4].error).toMatch(/jq did not finish/);
    expect(result.code).toBe(3);
    expect(api.dispatches.map((sent) => [sent.inputs.service, sent.ref]).sort()).toEqual([
      ['one', 'main'],
      ['two', 'release'],
    ]);
    expect(hook.received.map((request) => [request.path, JSON.parse(request.body)])).toEqual([['/b/3', { n: 3, run: 'r_v2b3' }]]);
  });
});

/* ------------------------------------------------------------------------------------------------------------- */

describe('hostile inputs', () => {
  const echo = selfService('echo_hostile', 'CREATE', { properties: { msg: { type: 'string' }, obj: { type: 'object' } } }, {
    type: 'WEBHOOK',
    url: 'http://127.0.0.1:9/unused',
    body: { msg: '{{ .inputs.msg }}', all: '{{ .inputs }}', keys: '{{ .inputs.obj | keys? }}' },
  });
  const triggerData = (inputs: unknown) => ({
    inputs,
    entity: {},
    trigger: { by: { orgId: 'org_1', userId: 'u_1', user: { email: USER } }, origin: 'UI', at: '2025-01-01T00:00:00.000Z', operation: 'CREATE' },
    event: null,
    action: { identifier: 'echo_hostile', blueprint: 'service', encryptedProperties: [] },
    run: { id: 'r_v2hostile' },
  });
  const withTriggerData = (text: string) => dispatch(['--action', file(echo), '--trigger-data', file(text, 'trigger.json'), '--dry-run', '--json'], signing);

  it('__proto__ keys in trigger data stay data: rendered as given, nothing polluted', async () => {
    const text = JSON.stringify(triggerData({ msg: 'a', obj: { x: 1 } })).replace('"obj":{"x":1}', '"obj":{"__proto__":{"polluted":true},"constructor":{"prototype":{"p":1}}}');
    const result = await withTriggerData(text);
    expectNoCrash(result);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"all":{"msg":"a","obj":{"__proto__":{"polluted":true},"constructor":{"prototype":{"p":1}}}}');
    const body = json(result).request.body;
    expect(Object.keys(body.all.obj)).toEqual(['__proto__', 'constructor']);
    expect(body.keys).toEqual(['__proto__', 'constructor']);
    // As an input name given with --inputs it is refused by name.
    const named = await dispatch(['--action', file(echo), '--inputs', '{"msg":"a","__proto__":{"polluted":true}}', '--run-id', 'r_v2hostile', '--dry-run'], signing);
    expectNoCrash(named);
    expect(named).toMatchObject({ code: 2, stderr: expect.stringMatching(/inputs\.__proto__: not an input of echo_hostile/) });
  });

  it('NUL characters are refused by name', async () => {
    const inValue = await withTriggerData(JSON.stringify(triggerData({ msg: 'a\u0000b' })));
    expectNoCrash(inValue);
    expect(inValue).toMatchObject({ code: 2, stderr: expect.stringMatching(/^port-ci: --trigger-data\.inputs\.msg: expected text without NUL characters/) });
    const inKey = await dispatch(['--action', file(echo), '--inputs', JSON.stringify({ obj: { 'k\u0000': 1 } }), '--run-id', 'r_v2hostile', '--dry-run'], signing);
    expectNoCrash(inKey);
    expect(inKey).toMatchObject({ code: 2, stderr: expect.stringMatching(/--inputs\.obj: expected keys without NUL characters/) });
  });

  it('deep nesting is refused by name, and nesting within the limit renders', async () => {
    const nest = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const deep = await withTriggerData(JSON.stringify(triggerData({ msg: 'a', obj: {} })).replace('"obj":{}', `"obj":${nest(100_000)}`));
    expectNoCrash(deep);
    expect(deep).toMatchObject({ code: 2, stderr: expect.stringMatching(/^port-ci: --trigger-data\.inputs\.obj(\.a)+: expected at most 64 levels of nesting/) });
    const fine = await withTriggerData(JSON.stringify(triggerData({ msg: 'a', obj: {} })).replace('"obj":{}', `"obj":${nest(50)}`));
    expect(fine.code, fine.stderr).toBe(0);
    expect(JSON.stringify(json(fine).request.body.all.obj)).toBe(nest(50));
  });

  it('over 1 MiB is refused by name, whether one file or the trigger data the inputs and entity make together', async () => {
    const big = await withTriggerData(JSON.stringify(triggerData({ msg: 'x'.repeat(1_100_000) })));
    expectNoCrash(big);
    expect(big).toMatchObject({ code: 2, stderr: expect.stringMatching(/^port-ci: --trigger-data: expected at most 1 MiB \(1048576 bytes\) but found 110\d{4} bytes\n$/) });

    const dayTwo = { ...echo, trigger: { ...echo.trigger, operation: 'DAY-2' } };
    const dir = tempDir();
    const entity = file({ identifier: 'e1', blueprint: 'service', properties: { blob: 'y'.repeat(700_000) } }, 'entity.json', dir);
    const inputs = file({ msg: 'x'.repeat(700_000) }, 'inputs.json', dir);
    const together = await dispatch(['--action', file(dayTwo), '--inputs', `@${inputs}`, '--entity', `@${entity}`, '--run-id', 'r_v2hostile', '--dry-run', '--json'], signing);
    expectNoCrash(together);
    expect(together.code).toBe(2);
    expect(together.stderr).toMatch(/^port-ci: the trigger data cannot be rendered: the input is \d+ bytes of JSON; jq here reads at most 1048576 \(1 MiB, Port's own request limit\)\n$/);

    const nearly = await dispatch(['--action', file(echo), '--inputs', `@${file({ msg: 'z'.repeat(900_000) }, 'nearly.json', dir)}`, '--run-id', 'r_v2hostile', '--dry-run', '--json'], signing);
    expect(nearly.code, nearly.stderr).toBe(0);
    expect(json(nearly).request.body.msg).toHaveLength(900_000);
  });
});

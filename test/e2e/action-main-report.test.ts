import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encryptSecret } from '../../src/core/index.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { root } from '../support/cli.js';
import { runStep } from '../support/runner.js';

const classic = JSON.parse(readFileSync(path.join(root, 'examples', 'payloads', 'classic.json'), 'utf8'));
const RUN_ID = classic.context.runId as string;
const GITHUB = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/deployments', GITHUB_RUN_ID: '7001', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'deploy' };

let sandbox: Sandbox;
afterEach(async () => sandbox?.close());

async function start() {
  sandbox = await startSandbox({ runs: [RUN_ID] });
  return { 'port-client-id': SANDBOX_CLIENT_ID, 'port-client-secret': SANDBOX_CLIENT_SECRET, 'port-base-url': sandbox.url };
}

const event = (payload: unknown, extra: Record<string, string> = {}) => ({ inputs: { port_payload: JSON.stringify(payload), ...extra }, workflow: '.github/workflows/deploy.yml' });

describe('root action main step, reporting', () => {
  it('links the workflow run, sets externalRunId and a first log, and exports no token or secret', async () => {
    const credentials = await start();
    const step = await runStep('main', { inputs: credentials, event: event(classic), env: GITHUB });
    expect(step.code).toBe(0);
    const run = sandbox.runs.get(RUN_ID)!;
    expect(run).toMatchObject({ status: 'IN_PROGRESS', link: 'https://github.com/acme/deployments/actions/runs/7001', externalRunId: '7001' });
    expect(run.logs.map((log) => log.message)).toEqual(['GitHub workflow run started: https://github.com/acme/deployments/actions/runs/7001 (job deploy)']);
    expect(sandbox.authCount()).toBe(1);
    expect(step.env).toMatchObject({ PORT_RUN_ID: RUN_ID, PORT_CLIENT_ID: SANDBOX_CLIENT_ID, PORT_BASE_URL: sandbox.url });
    expect(step.env).not.toHaveProperty('PORT_ACCESS_TOKEN'); // shared through a file, see action-job.test.ts
    expect(step.env).not.toHaveProperty('PORT_CLIENT_SECRET'); // only with export-credentials: true
    expect(step.stdout).toMatch(/^::add-mask::[A-Za-z0-9._-]{20,}$/m); // the token, masked before anything could print it
    expect(step.stdout).toContain(`::add-mask::${SANDBOX_CLIENT_SECRET}`);
    // The example's action has reportWorkflowStatus on: with report-status auto, Port ends the run.
    expect(step.state).toEqual({ isPost: 'true', 'run-id': RUN_ID, ending: 'port' });
  });

  it('reports to the run the run-id input names, for a v2 action that sends the run id in an input of its own', async () => {
    const credentials = await start();
    const inputs = { prompt: 'first line\nsecond line', repo_name: 'service-sample-1', run_id: RUN_ID };
    const step = await runStep('main', { inputs: { ...credentials, 'run-id': RUN_ID }, event: { inputs, workflow: '.github/workflows/gemini-backend.yaml' }, env: GITHUB });
    expect(step.code).toBe(0);
    expect(step.outputs).toMatchObject({ 'run-id': RUN_ID, format: 'none' });
    expect(sandbox.runs.get(RUN_ID)).toMatchObject({ link: 'https://github.com/acme/deployments/actions/runs/7001', externalRunId: '7001' });
    expect(step.state).toEqual({ isPost: 'true', 'run-id': RUN_ID, ending: 'end' }); // a v2 run does not say whether Port reports
  });

  it('links a re-run attempt to its own page', async () => {
    const credentials = await start();
    await runStep('main', { inputs: credentials, event: event(classic), env: { ...GITHUB, GITHUB_RUN_ATTEMPT: '2' } });
    expect(sandbox.runs.get(RUN_ID)!.link).toBe('https://github.com/acme/deployments/actions/runs/7001/attempts/2');
  });

  it('says once that reporting is off without credentials, and still exposes the run', async () => {
    await start();
    const step = await runStep('main', { event: event(classic), env: GITHUB });
    expect(step.code).toBe(0);
    expect(step.outputs['run-id']).toBe(RUN_ID);
    const notices = step.stdout.split('\n').filter((line) => line.startsWith('::notice::'));
    expect(notices).toEqual([
      "::notice::Reporting to Port is off: no Port credentials: set port-client-id and port-client-secret (or PORT_CLIENT_ID and PORT_CLIENT_SECRET). The run's context is still in this step's outputs and the environment.",
    ]);
    expect(step.state.ending).toBe('off');
    expect(sandbox.requests).toEqual([]);
  });

  it('warns and goes on when Port is down, and fails only with fail-on-report-error', async () => {
    const credentials = await start();
    sandbox.failNext(1000, 503);
    const soft = await runStep('main', { inputs: credentials, event: event(classic), env: { ...GITHUB, PORT_RETRY_DEADLINE_SECONDS: '0.5' } });
    expect(soft.code).toBe(0);
    expect(soft.stdout).toMatch(/^::warning::Could not get an access token: Port answered 503/m);
    expect(soft.outputs['run-id']).toBe(RUN_ID);
    const strict = await runStep('main', {
      inputs: { ...credentials, 'fail-on-report-error': 'true' },
      event: event(classic),
      env: { ...GITHUB, PORT_RETRY_DEADLINE_SECONDS: '0.5' },
    });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^::error::Could not get an access token: Port answered 503/m);
  });

  it('writes a job summary with the action, entity, who and inputs, escaping them and hiding secrets', async () => {
    const credentials = await start();
    const hostile = '<script>alert(1)</script> | `x` [link](javascript:1)\nnext line';
    const payload = {
      ...classic,
      payload: { ...classic.payload, properties: { environment: 'production', note: hostile, db_password: encryptSecret('s3cr3t-value', SANDBOX_CLIENT_SECRET) } },
    };
    const step = await runStep('main', { inputs: { ...credentials, 'decrypt-secrets': 'true' }, event: event(payload), env: GITHUB });
    expect(step.code).toBe(0);
    expect(step.summary).toContain('| Action | deploy_service |');
    expect(step.summary).toContain('| Entity | checkout-api (service) |');
    expect(step.summary).toContain('| Triggered by | dana@acme.example |');
    expect(step.summary).toContain('[https://github.com/acme/deployments/actions/runs/7001](https://github.com/acme/deployments/actions/runs/7001)');
    expect(step.summary).toContain('| db_password | *(secret)* |');
    expect(step.summary).toContain('| note | &lt;script&gt;alert(1)&lt;/script&gt; &#124; &#96;x&#96; &#91;link](javascript:1)<br>next line |');
    expect(step.summary).not.toMatch(/<script|s3cr3t/);
  });

  it('keeps a decrypted secret out of outputs, summary and stdout, giving it only to the environment, masked', async () => {
    const credentials = await start();
    const secret = 'hunter2 "quoted"\nline two';
    const payload = { ...classic, payload: { ...classic.payload, properties: { db_password: encryptSecret(secret, SANDBOX_CLIENT_SECRET) } } };
    const step = await runStep('main', { inputs: { ...credentials, 'decrypt-secrets': 'true' }, event: event(payload), env: GITHUB });
    expect(step.code).toBe(0);
    expect(step.env.PORT_INPUT_DB_PASSWORD).toBe(secret);
    const { env: _env, ...rest } = step;
    const shown = JSON.stringify({ ...rest, stdout: step.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')) });
    for (const piece of ['hunter2', 'line two']) expect(shown).not.toContain(piece);
    expect(JSON.parse(step.outputs.inputs!).db_password).not.toContain('hunter2');
    const masks = step.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    expect(step.stdout.indexOf('::add-mask::hunter2')).toBeLessThan(step.stdout.indexOf('::notice') === -1 ? Infinity : step.stdout.indexOf('::notice'));
    expect(masks).toEqual(expect.arrayContaining(['::add-mask::hunter2 "quoted"%0Aline two', '::add-mask::line two']));
  });
});

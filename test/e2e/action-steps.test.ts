import { randomUUID } from 'node:crypto';
import { constants } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { runStep, type StepResult } from '../support/runner.js';

/*
 * The log, report and exec bundles (dist/) run as the GitHub runner runs them, against the sandbox (a local Port
 * API that refuses what Port refuses). Run `npm run build` first: these tests exercise the committed bundles.
 */

const CLIENT_ID = 'ci-client-id';
const CLIENT_SECRET = `port-secret-${randomUUID()}`;
const RUN_ID = 'r_e2eRun0001';
/** Retries give up after a second, so a test of Port being down does not wait the default minute. */
const FAST_DEADLINE = { PORT_RETRY_DEADLINE_SECONDS: '1' };

let api: Sandbox;

beforeEach(async () => {
  api = await startSandbox({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, runs: [RUN_ID] });
});

afterEach(async () => {
  await api.close();
});

/** The inputs a workflow passes to a reporting step. */
function reporting(inputs: Record<string, string> = {}): Record<string, string> {
  return { 'run-id': RUN_ID, 'port-base-url': api.url, 'port-client-id': CLIENT_ID, 'port-client-secret': CLIENT_SECRET, ...inputs };
}

function run() {
  return api.runs.get(RUN_ID)!;
}

/** The run's logs as they were posted, without the time the sandbox received each. */
function logs() {
  return run().logs.map(({ at: _at, ...log }) => log);
}

/** The calls the step made to Port, token request aside. */
function portCalls() {
  return api.requests.filter((request) => request.path !== '/v1/auth/access_token');
}

/** The runner hides the `::add-mask::` command itself; the secret must show nowhere else. */
function expectSecretHidden(result: StepResult): void {
  const stdout = result.stdout
    .split(/\r?\n/)
    .filter((line) => line !== `::add-mask::${CLIENT_SECRET}`)
    .join('\n');
  const shown = { stdout, stderr: result.stderr, outputs: result.outputs, env: result.env, state: result.state, summary: result.summary };
  for (const [where, text] of Object.entries(shown)) expect(JSON.stringify(text), where).not.toContain(CLIENT_SECRET);
}

describe('log step', () => {
  it('adds a multi-line message to the run, which stays in progress', async () => {
    const message = 'Deploying to staging\n  image: app:1.2.3\n\ndone: 3 of 3';
    const result = await runStep('log', { inputs: reporting({ message, 'status-label': 'Deploying' }) });

    expect(result.code).toBe(0);
    expect(logs()).toEqual([{ message, statusLabel: 'Deploying' }]);
    expect(run()).toMatchObject({ status: 'IN_PROGRESS', statusLabel: 'Deploying' });
    expect(api.authCount()).toBe(1);
  });

  it('reads the run and credentials from the env the root action exported', async () => {
    const env = { PORT_RUN_ID: RUN_ID, PORT_BASE_URL: api.url, PORT_CLIENT_ID: CLIENT_ID, PORT_CLIENT_SECRET: CLIENT_SECRET };
    const result = await runStep('log', { inputs: { message: 'from env' }, env });

    expect(result.code).toBe(0);
    expect(logs()).toEqual([{ message: 'from env' }]);
  });

  it('uses PORT_ACCESS_TOKEN from an earlier step and does not authenticate again', async () => {
    const result = await runStep('log', {
      inputs: { message: 'token reused', 'run-id': RUN_ID, 'port-base-url': api.url },
      env: { PORT_ACCESS_TOKEN: api.issueToken() },
    });

    expect(result.code).toBe(0);
    expect(logs()).toEqual([{ message: 'token reused' }]);
    expect(api.authCount()).toBe(0);
  });

  it('keeps the client secret out of the log, the output files and the summary', async () => {
    const result = await runStep('log', { inputs: reporting({ message: 'hello' }) });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`::add-mask::${CLIENT_SECRET}`);
    expectSecretHidden(result);
  });
});

describe('report step', () => {
  it.each([
    ['Success', { status: 'SUCCESS' }],
    ['FAILURE', { status: 'FAILURE' }],
    ['cancelled', { status: 'FAILURE', statusLabel: 'Cancelled' }],
  ])('ends the run for status %s', async (status, expected) => {
    const result = await runStep('report', { inputs: reporting({ status }) });

    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('::warning::');
    expect(portCalls()).toEqual([{ method: 'PATCH', path: `/v1/actions/runs/${RUN_ID}`, status: 200, body: expected }]);
    expect(run()).toMatchObject(expected);
  });

  it('sends links one per line as an array, with the summary and the external run id', async () => {
    const link = 'https://github.com/o/r/actions/runs/1\n  https://grafana.example/d/1  \n\nhttps://logs.example/1\n';
    const result = await runStep('report', {
      inputs: reporting({ link, summary: 'Deployed **app** to staging', 'external-run-id': '1234567' }),
    });

    expect(result.code).toBe(0);
    expect(run()).toMatchObject({
      status: 'IN_PROGRESS',
      link: ['https://github.com/o/r/actions/runs/1', 'https://grafana.example/d/1', 'https://logs.example/1'],
      summary: 'Deployed **app** to staging',
      externalRunId: '1234567',
    });
  });

  it('sends a single link as a string', async () => {
    const result = await runStep('report', { inputs: reporting({ link: 'https://github.com/o/r/actions/runs/1' }) });

    expect(result.code).toBe(0);
    expect(run().link).toBe('https://github.com/o/r/actions/runs/1');
  });

  it('adds the message to the log before ending the run', async () => {
    const result = await runStep('report', { inputs: reporting({ status: 'success', message: 'All done\nbye' }) });

    expect(result.code).toBe(0);
    expect(portCalls().map((call) => call.method)).toEqual(['POST', 'PATCH']);
    expect(run()).toMatchObject({ status: 'SUCCESS' });
    expect(logs()).toEqual([{ message: 'All done\nbye' }]);
    expect(api.authCount()).toBe(1);
  });

  it('fails on an invalid status, naming the accepted words, without calling Port', async () => {
    const result = await runStep('report', { inputs: reporting({ status: 'done' }) });

    expect(result.code).toBe(1);
    expect(result.stdout).toContain("::error::Invalid status 'done'. Expected success, failure or cancelled.");
    expect(api.requests).toEqual([]);
  });

  const failures: [string, Record<string, string>, () => void, RegExp][] = [
    ['Port is unavailable (503)', {}, () => api.failNext(1000, 503), /^::\w+::Could not get an access token: Port answered 503 .*; gave up after \d+ attempts in \d+\.\d s/],
    ['Port refuses the credentials (401)', { 'port-client-secret': 'not-the-secret' }, () => {}, /^::\w+::Could not get an access token: Port answered 401 unauthorized/],
  ];

  it.each(failures)('warns and goes on when %s', async (_case, inputs, arrange, answer) => {
    arrange();
    const result = await runStep('report', { inputs: reporting({ status: 'success', ...inputs }), env: FAST_DEADLINE });

    expect(result.code).toBe(0);
    const warning = result.stdout.split('\n').find((line) => line.startsWith('::warning::'));
    expect(warning).toMatch(answer);
    expect(warning).toMatch(/\(trace id [0-9a-f-]{36}\)/);
    expect(result.stdout).not.toContain('::error::');
    expect(run().status).toBe('IN_PROGRESS');
  });

  it.each(failures)('fails with fail-on-report-error: true when %s', async (_case, inputs, arrange, answer) => {
    arrange();
    const result = await runStep('report', { inputs: reporting({ status: 'success', ...inputs, 'fail-on-report-error': 'true' }), env: FAST_DEADLINE });

    expect(result.code).toBe(1);
    expect(result.stdout.split('\n').find((line) => line.startsWith('::error::'))).toMatch(answer);
    expect(result.stdout).not.toContain('::warning::');
  });

  it('warns when the run has already ended', async () => {
    expect((await runStep('report', { inputs: reporting({ status: 'success' }) })).code).toBe(0);
    const result = await runStep('report', { inputs: reporting({ status: 'failure' }) });

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/::warning::Could not update run r_e2eRun0001: Port answered 422 run_exhausted/);
    expect(run().status).toBe('SUCCESS');
  });

  it('keeps the client secret out of the log and files when Port refuses it', async () => {
    api.failNext(1000, 503);
    const result = await runStep('report', { inputs: reporting({ status: 'success', summary: 'x', 'fail-on-report-error': 'true' }), env: FAST_DEADLINE });

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`::add-mask::${CLIENT_SECRET}`);
    expectSecretHidden(result);
  });
});

describe.each(['log', 'report'])('%s step without a run id', (entry) => {
  it('says once that reporting is off, where the run id comes from, and does not fail the job', async () => {
    const { 'run-id': _omitted, ...inputs } = reporting({ message: 'hello', status: 'success' });
    const result = await runStep(entry, { inputs });

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('::notice::'))).toEqual([
      '::notice::Not reported to Port: no run id (set the run-id input, or run the root port-ci action earlier in this job).',
    ]);
    expect(api.requests).toEqual([]);
  });

  it('fails with fail-on-report-error: true', async () => {
    const { 'run-id': _omitted, ...inputs } = reporting({ message: 'hello', status: 'success', 'fail-on-report-error': 'true' });
    const result = await runStep(entry, { inputs });

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::error::Reporting to Port is off: no run id (set the run-id input, or run the root port-ci action earlier in this job)');
  });
});

describe('exec step', () => {
  it("passes the command's output through and sets exit-code 0", async () => {
    const result = await runStep('exec', { inputs: { run: 'echo to-stdout\necho to-stderr >&2\nprintf "%s\\n" "$GREETING"' }, env: { GREETING: 'hi there' } });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`::notice::Not reported to Port: no run id (set the run-id input, or run the root port-ci action earlier in this job).\nto-stdout\nhi there\n`);
    expect(result.stderr).toBe('to-stderr\n');
    expect(result.outputs).toEqual({ 'exit-code': '0' });
  });

  it("fails the step with the command's exit code", async () => {
    const result = await runStep('exec', { inputs: { run: 'echo before\nexit 3\necho after' } });

    expect(result.code).not.toBe(0);
    expect(result.outputs).toEqual({ 'exit-code': '3' });
    expect(result.stdout).toContain('before\n');
    expect(result.stdout).not.toContain('after');
    expect(result.stdout).toContain('::error::The command exited with code 3');
  });

  it('reports a command killed by a signal as 128 + the signal number, as a bash step does', async () => {
    const result = await runStep('exec', { inputs: { run: 'kill -TERM $$' } });

    expect(result.code).not.toBe(0);
    expect(result.outputs).toEqual({ 'exit-code': String(128 + constants.signals.SIGTERM) });
  });

  it('stops at the first failing command, as a bash step does', async () => {
    const result = await runStep('exec', { inputs: { run: 'false | true\nfalse\necho not-reached' } });

    expect(result.code).not.toBe(0);
    expect(result.outputs).toEqual({ 'exit-code': '1' });
    expect(result.stdout).not.toContain('not-reached');
  });

  it('fails with exit-code 127 and ends the run FAILURE naming bash when bash cannot be found', async () => {
    const result = await runStep('exec', { inputs: reporting({ run: 'echo never', 'report-status': 'true' }), env: { PATH: '/nonexistent-port-ci-path' } });

    expect(result.code).not.toBe(0);
    expect(result.outputs).toMatchObject({ 'exit-code': '127' });
    expect(result.stdout.split('\n').filter((line) => line.startsWith('::error::'))).toEqual(['::error::bash could not start: command not found']);
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
    expect(run().status).toBe('FAILURE');
    expect(logs()).toEqual([{ message: 'bash could not start: command not found', terminationStatus: 'FAILURE' }]);
    expect(result.env.PORT_RUN_ENDED).toBe(`${RUN_ID}=FAILURE`);
  });
});

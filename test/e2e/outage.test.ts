import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { runCliAsync, tempDir } from '../support/cli.js';
import { Job } from '../support/job.js';

/*
 * A Port that cannot be reached, across the commands of one job (each `port-ci` a new process, as in a GitLab job
 * or a GitHub run step): the first command retries until its deadline and leaves a mark; the next ones make one
 * attempt each and warn; an answer wipes the mark. Port sits behind a TCP front the test turns off and on, so the
 * attempts are counted where they arrive (connections), never timed.
 */

interface Front {
  url: string;
  /** `dead`: every connection is reset; `silent`: accepted and never answered; `alive`: passed to the sandbox. */
  mode: 'dead' | 'silent' | 'alive';
  connections: number;
  close(): Promise<void>;
}

let sandbox: Sandbox | undefined;
const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()));
  await sandbox?.close();
  sandbox = undefined;
});

async function front(mode: Front['mode']): Promise<Front> {
  sandbox = await startSandbox({ runs: ['r_out'] });
  const target = new URL(sandbox.url);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (state.mode === 'dead') return socket.resetAndDestroy();
    if (state.mode === 'silent') return;
    const upstream = net.connect(Number(target.port), target.hostname);
    upstream.on('error', () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const state: Front = {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    mode,
    connections: 0,
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  open.push(state.close);
  return state;
}

/** One GitLab job's environment: its id and temp folder are what its commands share. */
function gitlabJob(port: Front, extra: Record<string, string> = {}) {
  return {
    PORT_BASE_URL: port.url,
    PORT_CLIENT_ID: SANDBOX_CLIENT_ID,
    PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
    PORT_RUN_ID: 'r_out',
    GITLAB_CI: 'true',
    CI_JOB_ID: '4242',
    RUNNER_TEMP: tempDir('port-ci-outage-'),
    PORT_RETRY_DEADLINE_SECONDS: '2',
    ...extra,
  };
}

/** The connections one command made. */
async function step(port: Front, args: string[], env: Record<string, string>, input?: string) {
  const before = port.connections;
  const result = await runCliAsync(args, { env, input, timeoutMs: 30_000 });
  return { ...result, attempts: port.connections - before };
}

const ONE_ATTEMPT = /one attempt only: Port at http:\/\/127\.0\.0\.1:\d+ has been unreachable since \d\d:\d\d:\d\d UTC \(this job gave up on it then\)/;

describe('an unreachable Port, across the commands of one job', () => {
  it('the first command retries and marks it; the next ones make one attempt each, warn, and the job goes on', async () => {
    const port = await front('dead');
    const env = gitlabJob(port);
    const first = await step(port, ['log', 'step 1'], env);
    expect(first.code).toBe(0);
    expect(first.attempts).toBeGreaterThan(1);
    expect(first.stderr).toMatch(/^port-ci: warning: Could not get an access token: Port could not be reached at .*; gave up after \d+ attempts in .* \(the job goes on/);
    for (const args of [['log', 'step 2'], ['report', '--status', 'success']]) {
      const later = await step(port, args, env);
      expect(later).toMatchObject({ code: 0, attempts: 1 });
      expect(later.stderr).toMatch(/^port-ci: warning: Could not get an access token: Port could not be reached at http:\/\/127\.0\.0\.1:\d+ \(.*\); /);
      expect(later.stderr).toMatch(ONE_ATTEMPT);
      expect(later.stderr).toMatch(/\(the job goes on; pass --fail-on-report-error to fail instead\)\n$/);
    }
    // What was not sent is said: a message, whose token could not be had.
    const message = await step(port, ['log', 'step 2b'], env);
    expect(message.stderr).toMatch(/; the message was not added to the run log \(the job goes on/);
    const reportMessage = await step(port, ['report', '--message', 'done'], env);
    expect(reportMessage.stderr).toMatch(/; the message was not added to the run log \(the job goes on/);
    // --fail-on-report-error still fails, after the one attempt.
    const strict = await step(port, ['log', 'step 3', '--fail-on-report-error'], env);
    expect(strict).toMatchObject({ code: 3, attempts: 1 });
  });

  it('streamed lines that were not sent are counted in the warning, and still pass through to stdout', async () => {
    const port = await front('dead');
    const env = gitlabJob(port);
    await step(port, ['log', 'step 1'], env);
    const streamed = await step(port, ['log', '-'], env, 'one\ntwo\nthree\n');
    expect(streamed).toMatchObject({ code: 0, attempts: 1, stdout: 'one\ntwo\nthree\n' });
    expect(streamed.stderr).toMatch(/^port-ci: warning: 3 of 3 lines could not be delivered to Port's run log: Could not get an access token: .*one attempt only/);
    const exec = await step(port, ['exec', '--', process.execPath, '-e', 'console.log("built")'], env);
    expect(exec).toMatchObject({ code: 0, attempts: 1, stdout: 'built\n' });
    expect(exec.stderr).toMatch(/1 of 1 lines could not be delivered to Port's run log: .*one attempt only/);
  });

  it('an answer from Port wipes the mark: the lines go through, and a later outage is retried in full again', async () => {
    const port = await front('dead');
    const env = gitlabJob(port);
    await step(port, ['log', 'step 1'], env);
    port.mode = 'alive';
    const back = await step(port, ['log', 'step 2'], env);
    expect(back).toMatchObject({ code: 0, stderr: '' });
    expect(sandbox!.runs.get('r_out')!.logs.map((log) => log.message)).toEqual(['step 2']);
    expect(readdirSync(env.RUNNER_TEMP)).toEqual([]);
    port.mode = 'dead';
    const again = await step(port, ['log', 'step 3'], env);
    expect(again.attempts).toBeGreaterThan(1);
    expect(again.stderr).not.toMatch(ONE_ATTEMPT);
  });

  it('without RUNNER_TEMP a GitLab job keeps the mark in the system temp folder, keyed by CI_JOB_ID', async () => {
    const port = await front('dead');
    const { RUNNER_TEMP: temp, ...env } = gitlabJob(port);
    const withTmp = { ...env, TMPDIR: temp };
    await step(port, ['log', 'step 1'], withTmp);
    expect(readdirSync(temp)).toEqual([expect.stringMatching(/^port-ci-outage-[0-9a-f]{24}\.json$/)]);
    const later = await step(port, ['log', 'step 2'], withTmp);
    expect(later).toMatchObject({ code: 0, attempts: 1 });
  });

  it('a mark older than ten minutes is not trusted: the command retries in full', async () => {
    const port = await front('dead');
    const env = gitlabJob(port);
    await step(port, ['log', 'step 1'], env);
    const [mark] = readdirSync(env.RUNNER_TEMP);
    const file = path.join(env.RUNNER_TEMP, mark!);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { baseUrl: string; since: number };
    expect(saved.baseUrl).toBe(port.url);
    writeFileSync(file, JSON.stringify({ ...saved, since: Date.now() - 11 * 60_000 }));
    const later = await step(port, ['log', 'step 2'], env);
    expect(later.attempts).toBeGreaterThan(1);
    expect(later.stderr).not.toMatch(ONE_ATTEMPT);
  });

  it('is per job and per Port: another job id, or a command outside a job, retries in full', async () => {
    const port = await front('dead');
    const env = gitlabJob(port);
    await step(port, ['log', 'step 1'], env);
    const otherJob = await step(port, ['log', 'x'], { ...env, CI_JOB_ID: '4243' });
    expect(otherJob.attempts).toBeGreaterThan(1);
    const { CI_JOB_ID: _job, GITLAB_CI: _ci, ...noJob } = env;
    const outside = await step(port, ['log', 'x'], noJob);
    expect(outside.attempts).toBeGreaterThan(1);
  });

  it('a GitHub job keeps the mark in RUNNER_TEMP beside the shared token, for its later steps', async () => {
    const port = await front('dead');
    const runnerTemp = tempDir('port-ci-outage-gh-');
    mkdirSync(path.join(runnerTemp, 'env'));
    const env = {
      PORT_BASE_URL: port.url,
      PORT_CLIENT_ID: SANDBOX_CLIENT_ID,
      PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
      PORT_RUN_ID: 'r_out',
      GITHUB_ACTIONS: 'true',
      GITHUB_ENV: path.join(runnerTemp, 'env', 'github_env'),
      RUNNER_TEMP: runnerTemp,
      PORT_RETRY_DEADLINE_SECONDS: '2',
    };
    writeFileSync(env.GITHUB_ENV, '');
    const first = await step(port, ['log', 'step 1'], env);
    expect(first.attempts).toBeGreaterThan(1);
    expect(readdirSync(path.join(runnerTemp, 'port-ci'))).toEqual([expect.stringMatching(/^outage-[0-9a-f]{24}\.json$/)]);
    const later = await step(port, ['report', '--status', 'success'], env);
    expect(later).toMatchObject({ code: 0, attempts: 1 });
    expect(later.stderr).toMatch(ONE_ATTEMPT);
  });

  it('a Port that accepts and never answers costs a later command one attempt of 5 s, not the 15 s of a full one', async () => {
    const port = await front('silent');
    const env = gitlabJob(port);
    const first = await step(port, ['log', 'step 1'], env);
    expect(first.stderr).toMatch(/no complete answer within \d+ ms/);
    // Under the default deadline and attempt timeout (60 s, 15 s): the one attempt waits 5 s.
    const { PORT_RETRY_DEADLINE_SECONDS: _deadline, ...defaults } = env;
    const later = await step(port, ['log', 'step 2'], defaults);
    expect(later).toMatchObject({ code: 0, attempts: 1 });
    expect(later.stderr).toMatch(/Port could not be reached at .* \(no complete answer within 5000 ms\); one attempt only/);
  }, 30_000);
});

describe('an unreachable Port, across the steps of a GitHub job (the log and report actions)', () => {
  it('the first step retries and marks it in RUNNER_TEMP; the later steps make one attempt each and warn', async () => {
    const port = await front('dead');
    const job = new Job({ PORT_RETRY_DEADLINE_SECONDS: '2' });
    const inputs = { 'run-id': 'r_out', 'port-base-url': port.url, 'port-client-id': SANDBOX_CLIENT_ID, 'port-client-secret': SANDBOX_CLIENT_SECRET };
    const counted = async (entry: string, more: Record<string, string>) => {
      const before = port.connections;
      const result = await job.step(entry, { inputs: { ...inputs, ...more } });
      return { ...result, attempts: port.connections - before };
    };
    const first = await counted('log', { message: 'step 1' });
    expect(first.code).toBe(0);
    expect(first.attempts).toBeGreaterThan(1);
    for (const [entry, more] of [['log', { message: 'step 2' }], ['report', { status: 'success' }]] as const) {
      const later = await counted(entry, more);
      expect(later).toMatchObject({ code: 0, attempts: 1 });
      expect(later.stdout).toMatch(/::warning::.*one attempt only: Port at http:\/\/127\.0\.0\.1:\d+ has been unreachable since/);
    }
  });
});

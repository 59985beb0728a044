import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { cliBundle, runCli, tempDir } from '../support/cli.js';
import { parseFileCommands } from '../support/runner.js';

let sandbox: Sandbox;
afterEach(async () => sandbox?.close());

async function start(options: SandboxOptions = {}) {
  sandbox = await startSandbox({ runs: ['r_cli'], ...options });
  return { PORT_BASE_URL: sandbox.url, PORT_CLIENT_ID: SANDBOX_CLIENT_ID, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, PORT_RUN_ID: 'r_cli' };
}

/** Runs the CLI without blocking the event loop, so the in-process sandbox can answer it. */
function runCliAsync(args: string[], env: Record<string, string>, input?: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    // stdin is a pipe only when there is input: bash takes a socket on stdin for a remote shell and reads ~/.bashrc.
    const child = spawn(process.execPath, [cliBundle, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin?.end(input);
  });
}

const run = () => sandbox.runs.get('r_cli')!;
const logLines = () => run().logs.flatMap((log) => log.message.split('\n'));

describe('port-ci log', () => {
  it('adds one message with a status label', async () => {
    const env = await start();
    const result = await runCliAsync(['log', 'Deploying checkout-api\nsecond line', '--status-label', 'Deploying'], env);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(run().logs).toEqual([expect.objectContaining({ message: 'Deploying checkout-api\nsecond line', statusLabel: 'Deploying' })]);
  });

  it('streams standard input line by line, batched', async () => {
    const env = await start();
    const input = Array.from({ length: 500 }, (_, i) => `stdin line ${i}`);
    const result = await runCliAsync(['log', '-'], env, `${input.join('\n')}\n`);
    expect(result.code).toBe(0);
    expect(logLines()).toEqual(input);
    expect(run().logs.length).toBeLessThanOrEqual(3);
  });

  it('refuses an empty message and a missing run id in one line each', () => {
    expect(runCli(['log', '  '], { env: { PORT_RUN_ID: 'r_x' } })).toMatchObject({ code: 2, stderr: 'port-ci: log: MESSAGE is empty; expected the text to add to the run log\n' });
    expect(runCli(['log', 'hi'])).toMatchObject({ code: 0, stderr: 'port-ci: log: reporting to Port is off: no run id (pass --run-id or set PORT_RUN_ID)\n' });
    expect(runCli(['log', 'hi', '--fail-on-report-error'])).toMatchObject({ code: 2, stderr: 'port-ci: log: no run id (pass --run-id or set PORT_RUN_ID)\n' });
    // log - still passes its input through, so a pipeline into it keeps its output and never breaks the pipe.
    expect(runCli(['log', '-'], { input: 'one\ntwo\n' })).toMatchObject({ code: 0, stdout: 'one\ntwo\n' });
  });

  it('warns and exits 0 when Port cannot be told, exits 3 with --fail-on-report-error', async () => {
    const env = await start();
    const broken = { ...env, PORT_CLIENT_SECRET: 'wrong-secret-0123456789abcdef0123456789' };
    const soft = await runCliAsync(['log', 'hello'], broken);
    expect(soft.code).toBe(0);
    expect(soft.stderr).toMatch(/^port-ci: warning: Could not get an access token: Port answered 401 .*the job goes on/);
    const strict = await runCliAsync(['log', 'hello', '--fail-on-report-error'], broken);
    expect(strict.code).toBe(3);
    expect(strict.stderr).toMatch(/^port-ci: Could not get an access token: Port answered 401/);
    expect(soft.stderr + strict.stderr + soft.stdout + strict.stdout).not.toContain('wrong-secret');
  });

  it('names a missing run (404) and an ended run (422)', async () => {
    const env = await start();
    const missing = await runCliAsync(['log', 'x', '--run-id', 'r_nope', '--fail-on-report-error'], env);
    expect(missing).toMatchObject({ code: 3 });
    expect(missing.stderr).toMatch(/Could not add a log to run r_nope: Port answered 404/);
    await runCliAsync(['report', '--status', 'success'], env);
    const ended = await runCliAsync(['report', '--status', 'failure', '--fail-on-report-error'], env);
    expect(ended.code).toBe(3);
    expect(ended.stderr).toMatch(/Could not update run r_cli: Port answered 422 run_exhausted/);
  });
});

describe('port-ci report', () => {
  it('ends the run with its status, label, links, summary and external id', async () => {
    const env = await start();
    const result = await runCliAsync(
      ['report', '--status', 'Cancelled', '--summary', 'Stopped by user', '--link', 'https://ci.example/1', '--link', 'https://ci.example/2', '--external-run-id', '991', '--message', 'bye'],
      env,
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(run()).toMatchObject({
      status: 'FAILURE',
      statusLabel: 'Cancelled',
      link: ['https://ci.example/1', 'https://ci.example/2'],
      summary: 'Stopped by user',
      externalRunId: '991',
    });
    expect(run().logs.map((log) => log.message)).toEqual(['bye']);
  });

  it('refuses a bad status or link before calling Port', async () => {
    const env = await start();
    const bad = await runCliAsync(['report', '--status', 'done'], env);
    expect(bad).toMatchObject({ code: 2, stderr: "port-ci: Invalid --status 'done'. Expected success, failure or cancelled.\n" });
    const link = await runCliAsync(['report', '--link', 'javascript:alert(1)'], env);
    expect(link.code).toBe(2);
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe('port-ci exec', () => {
  it('passes output through unchanged, streams every line in order and exits with the code', async () => {
    const env = await start();
    const script = 'for i in $(seq 1 300); do echo "out $i"; echo "err $i" >&2; done; printf "no newline at end"; exit 7';
    const result = await runCliAsync(['exec', '--', 'bash', '-c', script], env);
    expect(result.code).toBe(7);
    expect(result.stdout).toBe(`${Array.from({ length: 300 }, (_, i) => `out ${i + 1}\n`).join('')}no newline at end`);
    expect(result.stderr).toBe(Array.from({ length: 300 }, (_, i) => `err ${i + 1}\n`).join(''));
    const lines = logLines();
    expect(lines.filter((line) => line.startsWith('out'))).toEqual(Array.from({ length: 300 }, (_, i) => `out ${i + 1}`));
    expect(lines.filter((line) => line.startsWith('err'))).toEqual(Array.from({ length: 300 }, (_, i) => `err ${i + 1}`));
    expect(lines.indexOf('no newline at end')).toBeGreaterThan(lines.indexOf('out 300'));
    expect(run().status).toBe('IN_PROGRESS');
  });

  it('ends the run with --report-status', async () => {
    const env = await start();
    expect((await runCliAsync(['exec', '--report-status', '--', 'bash', '-c', 'echo ok'], env)).code).toBe(0);
    expect(run()).toMatchObject({ status: 'SUCCESS' });
    expect(run().logs.at(-1)).toMatchObject({ message: 'bash exited with code 0', terminationStatus: 'SUCCESS' });
  });

  it('ends the run FAILURE when the command fails', async () => {
    const env = await start();
    expect((await runCliAsync(['exec', '--report-status', '--', 'bash', '-c', 'exit 3'], env)).code).toBe(3);
    expect(run().status).toBe('FAILURE');
  });

  it('forwards SIGTERM to the command and exits 128 + 15', async () => {
    const env = await start();
    const child = spawn(process.execPath, [cliBundle, 'exec', '--report-status', '--', 'bash', '-c', 'trap "echo got TERM; exit 143" TERM; echo ready; while true; do sleep 0.05; done'], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk) => ((stdout += chunk), stdout.includes('ready') && resolve())));
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(143);
    expect(logLines()).toContain('got TERM');
    expect(run().status).toBe('FAILURE');
  });

  it('runs the command without a run id, saying once that nothing is streamed', async () => {
    const result = runCli(['exec', '--', 'bash', '-c', 'echo hi']);
    expect(result).toMatchObject({ code: 0, stdout: 'hi\n' });
    expect(result.stderr).toBe('port-ci: exec: no run id (--run-id or PORT_RUN_ID), so the output is not streamed to Port\n');
  });

  it('exits 127 when the command is not found, as a shell does, saying so in one line', () => {
    const result = runCli(['exec', '--', 'no-such-command-xyz']);
    expect(result).toMatchObject({ code: 127, stdout: '' });
    expect(result.stderr.split('\n').filter(Boolean).at(-1)).toBe('port-ci: exec: no-such-command-xyz: command not found');
  });

  it('ends the run FAILURE naming the command and why when it cannot start, exit 127 or 126', async () => {
    const env = await start();
    const dir = tempDir();
    const notExecutable = path.join(dir, 'deploy.sh');
    writeFileSync(notExecutable, 'echo deployed\n', { mode: 0o644 });
    const badInterpreter = path.join(dir, 'migrate.sh');
    writeFileSync(badInterpreter, '#!/nonexistent/interpreter\necho migrated\n', { mode: 0o755 });
    const cases: Array<[string, number, string]> = [
      ['no-such-command-xyz', 127, 'command not found'],
      [notExecutable, 126, 'permission denied (not executable)'],
      [dir, 126, 'is a directory'],
      [badInterpreter, 126, 'the interpreter on its #! line was not found'],
    ];
    for (const [command, code, reason] of cases) {
      sandbox.createRun('r_cli');
      const result = await runCliAsync(['exec', '--report-status', '--', command, 'arg'], env);
      expect(result, command).toMatchObject({ code, stdout: '', stderr: `port-ci: exec: ${command}: ${reason}\n` });
      expect(run().status).toBe('FAILURE');
      expect(run().logs.map(({ at: _at, ...log }) => log)).toEqual([{ message: `${command} could not start: ${reason}`, terminationStatus: 'FAILURE' }]);
    }
  });

  it('says in the run log why the command did not start, leaving the run to a later step without --report-status', async () => {
    const env = await start();
    const result = await runCliAsync(['exec', '--', 'no-such-command-xyz'], env);
    expect(result).toMatchObject({ code: 127, stderr: 'port-ci: exec: no-such-command-xyz: command not found\n' });
    expect(run().status).toBe('IN_PROGRESS');
    expect(logLines()).toEqual(['no-such-command-xyz could not start: command not found']);
  });

  it('keeps order and loses no line with a 503 on every 2nd call and resets', async () => {
    const env = await start({ failEvery: { n: 2, status: 503 }, dropEvery: 5 });
    const result = await runCliAsync(['exec', '--', 'bash', '-c', 'for i in $(seq 1 3000); do echo "line $i"; done'], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(logLines()).toEqual(Array.from({ length: 3000 }, (_, i) => `line ${i + 1}`));
  });
});

/**
 * Runs a bash script with $NODE and $CLI set, for pipelines built the way a user writes them. The script's
 * stderr comes back as it is; it reports exit codes there (`${PIPESTATUS[...]}`).
 */
function runShell(script: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    // A group of its own, so a hung pipeline is killed whole (bash, port-ci and the command).
    const child = spawn('bash', ['--noprofile', '--norc', '-c', script], {
      env: { PATH: process.env.PATH ?? '', NODE: process.execPath, CLI: cliBundle, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 45_000);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('when the reader of the output goes away (EPIPE)', () => {
  const LINES = 200_000;
  const numbers = Array.from({ length: LINES }, (_, i) => String(i + 1));

  it('exec keeps streaming every line, ends the run and exits with the command code when stdout is closed', async () => {
    const env = await start();
    const result = await runShell(`"$NODE" "$CLI" exec --report-status -- bash -c 'seq 1 ${LINES}; exit 3' | head -2; echo "exit \${PIPESTATUS[0]}" >&2`, env);
    expect(result.stdout).toBe('1\n2\n');
    expect(result.stderr).toBe('exit 3\n');
    expect(run().status).toBe('FAILURE');
    expect(logLines()).toEqual([...numbers, 'bash exited with code 3']);
  }, 60_000);

  it('exec does the same when stderr is closed', async () => {
    const env = await start();
    const result = await runShell(`{ "$NODE" "$CLI" exec --report-status -- bash -c 'seq 1 ${LINES} >&2' 2>&1 >/dev/null; echo "exit $?" >&3; } 3>&2 | head -2`, env);
    expect(result.stdout).toBe('1\n2\n');
    expect(result.stderr).toBe('exit 0\n');
    expect(run().status).toBe('SUCCESS');
    expect(logLines()).toEqual([...numbers, 'bash exited with code 0']);
  }, 60_000);

  it('log - keeps reading its input to the end, streams every line and exits 0', async () => {
    const env = await start();
    const result = await runShell(`seq 1 ${LINES} | "$NODE" "$CLI" log - | head -2; echo "exit \${PIPESTATUS[1]}" >&2`, env);
    expect(result.stdout).toBe('1\n2\n');
    expect(result.stderr).toBe('exit 0\n');
    expect(logLines()).toEqual(numbers);
    expect(run().status).toBe('IN_PROGRESS');
  }, 60_000);
});

describe('one authentication per job', () => {
  it("shares the token with the job's later port-ci processes, masked and never in GITHUB_ENV, so five steps authenticate once", async () => {
    const env = await start();
    const dir = tempDir();
    const githubEnv = path.join(dir, 'github_env');
    const runnerTemp = path.join(dir, 'runner_temp');
    mkdirSync(runnerTemp);
    writeFileSync(githubEnv, '');
    const outputs: string[] = [];
    for (let step = 0; step < 5; step++) {
      const handed = parseFileCommands(readFileSync(githubEnv, 'utf8'), 'GITHUB_ENV');
      const result = await runCliAsync(['log', `step ${step}`], { ...env, ...handed, GITHUB_ACTIONS: 'true', GITHUB_ENV: githubEnv, RUNNER_TEMP: runnerTemp });
      expect(result.code).toBe(0);
      outputs.push(result.stdout + result.stderr);
    }
    expect(sandbox.authCount()).toBe(1);
    expect(readFileSync(githubEnv, 'utf8')).toBe('');
    const [file] = readdirSync(path.join(runnerTemp, 'port-ci'));
    const shared = JSON.parse(readFileSync(path.join(runnerTemp, 'port-ci', file!), 'utf8')) as { token: string; expiresAt: number };
    expect(statSync(path.join(runnerTemp, 'port-ci', file!)).mode & 0o777).toBe(0o600);
    expect(shared.expiresAt).toBeGreaterThan(Date.now() + 3600_000);
    expect(outputs[0]).toBe(`::add-mask::${shared.token}\n`);
    expect(outputs.slice(1).join('')).toBe('');
    expect(run().logs).toHaveLength(5);
    // Another client id (another Port organisation) does not take this token.
    const other = await runCliAsync(['log', 'other client'], { ...env, PORT_CLIENT_ID: 'someone-else', PORT_CLIENT_SECRET: 'wrong', GITHUB_ACTIONS: 'true', GITHUB_ENV: githubEnv, RUNNER_TEMP: runnerTemp });
    expect(other.stderr).toMatch(/401/);
  });

  it('never prints the token or the client secret, even with --debug and failures', async () => {
    const env = await start({ failEvery: { n: 3, status: 503 } });
    const token = sandbox.issueToken();
    const withToken = { ...env, PORT_ACCESS_TOKEN: token };
    const all = [
      await runCliAsync(['log', 'a'], env),
      await runCliAsync(['report', '--summary', 's'], withToken),
      await runCliAsync(['exec', '--', 'bash', '-c', 'echo x'], withToken),
      await runCliAsync(['log', 'a', '--debug', '--run-id', 'r_none', '--fail-on-report-error'], withToken),
      await runCliAsync(['log', 'a', '--debug', '--fail-on-report-error'], { ...env, PORT_CLIENT_SECRET: `${SANDBOX_CLIENT_SECRET}-wrong` }),
    ];
    const text = all.map((r) => r.stdout + r.stderr).join('');
    expect(text).toMatch(/404/);
    expect(text).not.toContain(SANDBOX_CLIENT_SECRET);
    expect(text).not.toContain(token);
  });
});

describe('reporting at the end of a pipeline', () => {
  it('report --if-in-progress does nothing when the run has already ended', async () => {
    const env = await start();
    await runCliAsync(['report', '--status', 'failure'], env);
    const result = await runCliAsync(['report', '--if-in-progress', '--status', 'success'], env);
    expect(result).toMatchObject({ code: 0, stderr: 'port-ci: report: Port run r_cli has already ended (FAILURE); nothing to report\n' });
    expect(run().status).toBe('FAILURE');
  });

  it('report --if-in-progress does nothing without a run id', async () => {
    const env = await start();
    const { PORT_RUN_ID: _omit, ...noRun } = env;
    expect(await runCliAsync(['report', '--if-in-progress', '--status', 'success'], noRun)).toMatchObject({ code: 0 });
    expect(sandbox.requests).toHaveLength(0);
  });

  it('finds the run id in $TRIGGER_PAYLOAD when PORT_RUN_ID is not set', async () => {
    const env = await start();
    const { PORT_RUN_ID: _omit, ...noRun } = env;
    const dir = tempDir();
    const trigger = path.join(dir, 'trigger.json');
    writeFileSync(trigger, JSON.stringify({ ref: 'main', variables: {}, port_payload: { context: { runId: 'r_cli' }, payload: {} } }));
    expect((await runCliAsync(['report', '--status', 'success'], { ...noRun, TRIGGER_PAYLOAD: trigger })).code).toBe(0);
    expect(run().status).toBe('SUCCESS');
  });

  it('says reporting is off without credentials and exits 0, or 2 with --fail-on-report-error', async () => {
    const env = await start();
    const bare = { PORT_BASE_URL: env.PORT_BASE_URL, PORT_RUN_ID: 'r_cli' };
    expect(await runCliAsync(['log', 'x'], bare)).toMatchObject({
      code: 0,
      stderr: 'port-ci: log: reporting to Port is off: no Port credentials (set PORT_CLIENT_ID and PORT_CLIENT_SECRET)\n',
    });
    expect(await runCliAsync(['report', '--status', 'success', '--fail-on-report-error'], bare)).toMatchObject({ code: 2 });
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe("keeping secrets out of Port's run log", () => {
  it('exec redacts the client secret, tokens and decrypted secret inputs from what it streams', async () => {
    const env = await start();
    const token = sandbox.issueToken();
    const secretEnv = { PORT_SECRET_ENV: 'PORT_INPUT_DB_PASSWORD', PORT_INPUT_DB_PASSWORD: 'hunter2-decrypted', GITHUB_TOKEN: 'ghs_abcdefgh12345' };
    const script = 'echo "secret=$PORT_CLIENT_SECRET"; echo "token=$PORT_ACCESS_TOKEN"; echo "db=$PORT_INPUT_DB_PASSWORD"; echo "gh=$GITHUB_TOKEN"; set -x; : "$PORT_INPUT_DB_PASSWORD"';
    const result = await runCliAsync(['exec', '--', 'bash', '-c', script], { ...env, ...secretEnv, PORT_ACCESS_TOKEN: token });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('db=hunter2-decrypted'); // the job's own log is the runner's to mask
    const logged = logLines().join('\n');
    expect(logged).toContain('secret=***');
    expect(logged).toContain('token=***');
    expect(logged).toContain('db=***');
    expect(logged).toContain('gh=***');
    for (const secret of [SANDBOX_CLIENT_SECRET, token, 'hunter2-decrypted', 'ghs_abcdefgh12345']) expect(logged).not.toContain(secret);
  });

  it('log and report redact too', async () => {
    const env = await start();
    await runCliAsync(['log', `oops: ${SANDBOX_CLIENT_SECRET}`], env);
    await runCliAsync(['report', '--summary', `done with ${SANDBOX_CLIENT_SECRET}`], env);
    expect(run().logs[0]!.message).toBe('oops: ***');
    expect(run().summary).toBe('done with ***');
  });
});

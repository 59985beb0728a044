import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encryptSecret } from '../../src/core/index.js';
import { root, runCli, tempDir, writeJson } from '../support/cli.js';

const example = (name: string) => path.join(root, 'examples', 'payloads', name);
const classic = JSON.parse(readFileSync(example('classic.json'), 'utf8'));
const CLIENT_SECRET = 'test-client-secret-0123456789abcdefghij';

/** A classic payload with the given inputs and the example action's schema. */
function payloadWith(properties: Record<string, unknown>) {
  return { ...classic, payload: { ...classic.payload, properties } };
}

function expectOneLineError(result: { code: number | null; stderr: string; stdout: string }, pattern: RegExp) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^port-ci: /);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('port-ci (no command, help, version)', () => {
  it('prints help with the commands and exit codes', () => {
    const result = runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/context/);
    expect(result.stdout).toMatch(/Exit codes:[\s\S]*2 +usage error[\s\S]*3 +API error/);
  });

  it('prints the package version', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(runCli(['--version']).stdout.trim()).toBe(pkg.version);
  });

  it('refuses an unknown command in one line, exit 2', () => {
    expectOneLineError(runCli(['deploy']), /unknown command "deploy"; commands: context/);
  });

  it('prints a command help', () => {
    const result = runCli(['context', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: port-ci context/);
  });

  it('refuses an unknown flag naming it and the accepted ones', () => {
    expectOneLineError(runCli(['context', '--paylod', '{}']), /--paylod.*accepted: --payload, --payload-file/);
  });
});

describe('port-ci context: where the payload comes from', () => {
  it('reads --payload-file and prints the JSON context', () => {
    const result = runCli(['context', '--payload-file', example('classic.json')]);
    expect(result.code).toBe(0);
    const context = JSON.parse(result.stdout);
    expect(context).toMatchObject({
      runId: 'r_Q8vNw3kTz1LpX0aB',
      action: 'deploy_service',
      blueprint: 'service',
      entityIdentifier: 'checkout-api',
      triggeredBy: 'dana@acme.example',
      format: 'classic',
      inputs: { environment: 'production', replica_count: 4, dry_run: false },
    });
    expect(context.entity.identifier).toBe('checkout-api');
  });

  it('reads --payload inline and --payload-file - from standard input', () => {
    const text = readFileSync(example('classic.json'), 'utf8');
    expect(JSON.parse(runCli(['context', '--payload', text]).stdout).runId).toBe('r_Q8vNw3kTz1LpX0aB');
    expect(JSON.parse(runCli(['context', '--payload-file', '-'], { input: text }).stdout).runId).toBe('r_Q8vNw3kTz1LpX0aB');
  });

  it('reads $PORT_PAYLOAD', () => {
    const result = runCli(['context'], { env: { PORT_PAYLOAD: JSON.stringify(classic) } });
    expect(JSON.parse(result.stdout).runId).toBe('r_Q8vNw3kTz1LpX0aB');
  });

  it('reads the GitLab trigger body from $TRIGGER_PAYLOAD and never prints its token', () => {
    const result = runCli(['context', '--format', 'json'], { env: { GITLAB_CI: 'true', TRIGGER_PAYLOAD: example('gitlab-trigger.json') } });
    expect(result.code).toBe(0);
    const context = JSON.parse(result.stdout);
    expect(context).toMatchObject({ runId: 'r_Q8vNw3kTz1LpX0aB', envelope: 'gitlab_trigger', ref: 'main' });
    expect(context.inputs.replica_count).toBe(4);
    for (const format of ['json', 'env', 'dotenv']) {
      const out = runCli(['context', '--format', format], { env: { TRIGGER_PAYLOAD: example('gitlab-trigger.json') } });
      expect(out.stdout + out.stderr).not.toContain('glptt-example-not-a-real-token');
    }
  });

  it('reads the workflow_dispatch inputs from $GITHUB_EVENT_PATH', () => {
    const result = runCli(['context'], { env: { GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: example('github-event.json') } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ runId: 'r_Q8vNw3kTz1LpX0aB', envelope: 'github_inputs' });
    expect(result.stderr).toBe('');
  });

  it('types the isolated inputs of an omitPayload run with --action', () => {
    const dir = tempDir();
    const event = writeJson(dir, 'event.json', { inputs: { replica_count: '7', dry_run: 'TRUE', labels: '{"a":1}', environment: 'staging' } });
    const result = runCli(['context', '--action', path.join(root, 'examples', 'actions', 'deploy-service.json')], {
      env: { GITHUB_EVENT_PATH: event },
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      runId: null,
      format: 'none',
      inputs: { replica_count: 7, dry_run: true, labels: { a: 1 }, environment: 'staging' },
    });
  });

  it('says where it looked when there is no payload', () => {
    expectOneLineError(runCli(['context']), /no Port payload found; pass --payload or --payload-file.*TRIGGER_PAYLOAD.*GITHUB_EVENT_PATH/);
  });

  it('says which event it got when the GitHub event has no inputs', () => {
    const dir = tempDir();
    const event = writeJson(dir, 'push.json', { ref: 'refs/heads/main', commits: [] });
    expectOneLineError(runCli(['context'], { env: { GITHUB_EVENT_PATH: event } }), /no workflow_dispatch inputs/);
  });
});

describe('port-ci context: errors', () => {
  it('names the field of a bad payload in one line, exit 2, no stack', () => {
    const bad = { ...classic, context: { ...classic.context, runId: null } };
    expectOneLineError(
      runCli(['context', '--payload', JSON.stringify(bad)]),
      /^port-ci: port_payload\.context\.runId: expected a string like "r_\.\.\." .* but found null$/,
    );
  });

  it('refuses text that is not JSON', () => {
    expectOneLineError(runCli(['context', '--payload', '{"context": {"runId": "r_1"']), /payload: expected JSON but found text that is not JSON/);
  });

  it('shows the stack with --debug', () => {
    const result = runCli(['context', '--payload', '[]', '--debug']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\n\s+at /);
  });

  it('refuses an unknown format, listing the accepted ones', () => {
    expectOneLineError(runCli(['context', '--payload-file', example('classic.json'), '--format', 'yaml']), /--format: "yaml" is not accepted; expected json, dotenv, env/);
  });

  it('prints a warning on stderr, not stdout, when two copies of an input disagree', () => {
    const dir = tempDir();
    const event = writeJson(dir, 'event.json', { inputs: { port_payload: JSON.stringify(classic), replica_count: '9' } });
    const result = runCli(['context'], { env: { GITHUB_EVENT_PATH: event } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).inputs.replica_count).toBe(4);
    expect(result.stderr).toMatch(/warning: inputs\.replica_count disagrees with port_payload\.payload\.properties\.replica_count/);
  });
});

describe('port-ci context: env and dotenv output cannot be injected', () => {
  const hostile = [
    'line one\nexport PWNED=1',
    "it's $(touch /tmp/port-ci-pwned) `id` ${HOME}",
    'ghadelimiter_1234\nEVIL=1',
    '%0A%0D trailing space ',
    'line\u2028separator\u2029paragraph',
    '\ttab and \r carriage',
  ];

  it('env output evaluated by sh gives back every value exactly and runs nothing', () => {
    const dir = tempDir();
    const payload = writeJson(dir, 'p.json', payloadWith(Object.fromEntries(hostile.map((value, i) => [`value_${i}`, value]))));
    const env = runCli(['context', '--payload-file', payload, '--format', 'env']);
    expect(env.code).toBe(0);
    const script = writeJson(dir, 'env.sh', env.stdout);
    for (const [i, value] of hostile.entries()) {
      const shell = spawnSync('sh', ['-c', `. "$1"; printf %s "$PORT_INPUT_VALUE_${i}"; printf '|%s' "\${PWNED:-unset}" "\${EVIL:-unset}"`, 'sh', script], { encoding: 'utf8' });
      expect(shell.stdout).toBe(`${value}|unset|unset`);
    }
  });

  it('dotenv output keeps one variable per line and carries unsafe values as _B64', () => {
    const dir = tempDir();
    const payload = writeJson(dir, 'p.json', payloadWith(Object.fromEntries(hostile.map((value, i) => [`value_${i}`, value]))));
    const result = runCli(['context', '--payload-file', payload, '--format', 'dotenv']);
    const lines = result.stdout.split('\n').filter(Boolean);
    const vars = new Map(lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    expect(lines.every((line) => /^[A-Z0-9_]+=/.test(line))).toBe(true);
    expect([...vars.keys()].some((name) => name === 'PWNED' || name === 'EVIL')).toBe(false);
    for (const [i, value] of hostile.entries()) {
      const raw = vars.get(`PORT_INPUT_VALUE_${i}`);
      const b64 = vars.get(`PORT_INPUT_VALUE_${i}_B64`);
      expect(raw ?? Buffer.from(b64 ?? '', 'base64').toString('utf8')).toBe(value);
    }
    const inputs = JSON.parse(vars.get('PORT_INPUTS') ?? Buffer.from(vars.get('PORT_INPUTS_B64')!, 'base64').toString('utf8'));
    hostile.forEach((value, i) => expect(inputs[`value_${i}`]).toBe(value));
  });
});

describe('port-ci context --decrypt', () => {
  it('decrypts a secret input with PORT_CLIENT_SECRET', () => {
    const dir = tempDir();
    const payload = writeJson(dir, 'p.json', payloadWith({ db_password: encryptSecret('hunter2-very-secret', CLIENT_SECRET) }));
    const plain = runCli(['context', '--payload-file', payload]);
    expect(JSON.parse(plain.stdout).inputs.db_password).not.toBe('hunter2-very-secret');
    expect(JSON.parse(plain.stdout).secretInputs).toEqual(['db_password']);
    const result = runCli(['context', '--payload-file', payload, '--decrypt'], { env: { PORT_CLIENT_SECRET: CLIENT_SECRET } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).inputs.db_password).toBe('hunter2-very-secret');
  });

  it('needs PORT_CLIENT_SECRET', () => {
    expectOneLineError(runCli(['context', '--payload-file', example('classic.json'), '--decrypt']), /--decrypt needs the client secret in \$PORT_CLIENT_SECRET/);
  });

  it('names the input when the secret does not open it, without printing the secret', () => {
    const dir = tempDir();
    const payload = writeJson(dir, 'p.json', payloadWith({ db_password: encryptSecret('hunter2-very-secret', CLIENT_SECRET) }));
    const other = 'another-client-secret-0123456789abcdef';
    const result = runCli(['context', '--payload-file', payload, '--decrypt'], { env: { PORT_CLIENT_SECRET: other } });
    expectOneLineError(result, /inputs\.db_password: expected a value encrypted with this PORT_CLIENT_SECRET/);
    expect(result.stderr).not.toContain(other);
  });
});

describe('port-ci context --format dotenv for GitLab', () => {
  it('adds --set variables after the run fields and keeps within --max-variables, naming what it leaves out', () => {
    const result = runCli(['context', '--payload-file', example('classic.json'), '--format', 'dotenv', '--set', 'PORT_CI=node x.js', '--max-variables', '8']);
    expect(result.code).toBe(0);
    const names = result.stdout.trim().split('\n').map((line) => line.slice(0, line.indexOf('=')));
    expect(names).toEqual(['PORT_RUN_ID', 'PORT_ACTION', 'PORT_BLUEPRINT', 'PORT_ENTITY_IDENTIFIER', 'PORT_TRIGGERED_BY', 'PORT_CI', 'PORT_INPUT_ENVIRONMENT', 'PORT_INPUT_REPLICA_COUNT']);
    expect(result.stderr).toMatch(/leaves out PORT_INPUT_DRY_RUN, .*PORT_INPUTS to stay within 8 variables/);
  });

  it('keeps within --max-bytes', () => {
    const result = runCli(['context', '--payload-file', example('classic.json'), '--format', 'dotenv', '--max-bytes', '200']);
    expect(Buffer.byteLength(result.stdout)).toBeLessThanOrEqual(200);
    expect(result.stderr).toMatch(/leaves out/);
  });

  it('refuses --decrypt into a dotenv report, and bad limits', () => {
    expectOneLineError(runCli(['context', '--payload-file', example('classic.json'), '--format', 'dotenv', '--decrypt']), /--decrypt cannot go with --format dotenv/);
    expectOneLineError(runCli(['context', '--payload-file', example('classic.json'), '--format', 'dotenv', '--max-variables', '0']), /--max-variables: "0" is not accepted/);
    expectOneLineError(runCli(['context', '--payload-file', example('classic.json'), '--set', '1BAD=x']), /--set: "1BAD=x" is not accepted/);
  });
});

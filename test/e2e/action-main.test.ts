import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encryptSecret } from '../../src/core/index.js';
import { root, tempDir, writeJson } from '../support/cli.js';
import { dispatchEventOf, hasV2Cases, v2Case } from '../support/conformance-v2.js';
import { runStep } from '../support/runner.js';

const classic = JSON.parse(readFileSync(path.join(root, 'examples', 'payloads', 'classic.json'), 'utf8'));
const CLIENT_SECRET = 'main-step-client-secret-0123456789abcdef';

function dispatchEvent(inputs: Record<string, string>) {
  return { inputs, ref: 'refs/heads/main', workflow: '.github/workflows/deploy.yml', repository: { full_name: 'acme/deployments' } };
}

describe('root action main step', () => {
  it('sets the outputs and exports the env of a classic run', async () => {
    const step = await runStep('main', { event: dispatchEvent({ port_payload: JSON.stringify(classic), replica_count: '4' }) });
    expect(step.code).toBe(0);
    expect(step.outputs).toMatchObject({
      'run-id': 'r_Q8vNw3kTz1LpX0aB',
      action: 'deploy_service',
      blueprint: 'service',
      'entity-identifier': 'checkout-api',
      'triggered-by': 'dana@acme.example',
      format: 'classic',
    });
    expect(JSON.parse(step.outputs.entity!).identifier).toBe('checkout-api');
    expect(JSON.parse(step.outputs.inputs!)).toMatchObject({ replica_count: 4, labels: { owner: 'payments' } });
    expect(step.env).toMatchObject({ PORT_RUN_ID: 'r_Q8vNw3kTz1LpX0aB', PORT_INPUT_REPLICA_COUNT: '4', PORT_INPUT_ENVIRONMENT: 'production' });
  });

  it('reads a port_context input', async () => {
    const portContext = { runId: 'r_ctx1', blueprint: 'service', entity: 'svc-a', trigger: JSON.stringify(classic.trigger) };
    const step = await runStep('main', { event: dispatchEvent({ port_context: JSON.stringify(portContext), region: 'eu' }) });
    expect(step.outputs).toMatchObject({ 'run-id': 'r_ctx1', 'entity-identifier': 'svc-a', format: 'port_context', 'triggered-by': 'dana@acme.example' });
    expect(step.env.PORT_INPUT_REGION).toBe('eu');
  });

  it('exposes the inputs of an omitPayload run and says nothing can be reported', async () => {
    const step = await runStep('main', { event: dispatchEvent({ replica_count: '3', environment: 'staging' }) });
    expect(step.code).toBe(0);
    expect(step.outputs['run-id']).toBe('');
    expect(step.outputs.format).toBe('none');
    expect(step.env.PORT_INPUT_ENVIRONMENT).toBe('staging');
    expect(step.stdout).toMatch(
      /^::notice::Reporting to Port is off: there is no Port run id to report to \(no port_payload or port_context input carries one, and run-id is empty\)\./m,
    );
  });

  it('takes every input from the payload of an omitUserInputs run', async () => {
    const step = await runStep('main', { event: dispatchEvent({ port_payload: JSON.stringify(classic) }) });
    expect(step.code).toBe(0);
    expect(JSON.parse(step.outputs.inputs!)).toEqual(classic.payload.properties);
    expect(step.env).toMatchObject({ PORT_INPUT_REPLICA_COUNT: '4', PORT_INPUT_LABELS: '{"owner":"payments","cost_center":"cc-42"}', PORT_INPUT_DRY_RUN: 'false' });
    expect(step.stdout).not.toContain('::warning::');
  });

  it('carries values with newlines and delimiter text exactly, adding no variable', async () => {
    const hostile = 'first\nghadelimiter_0000\nPWNED=1\r\n%0A $(id) `id`';
    const payload = { ...classic, payload: { ...classic.payload, properties: { notes: hostile } } };
    const step = await runStep('main', { event: dispatchEvent({ port_payload: JSON.stringify(payload) }) });
    expect(step.code).toBe(0);
    expect(step.env.PORT_INPUT_NOTES).toBe(hostile);
    expect(JSON.parse(step.outputs.inputs!).notes).toBe(hostile);
    expect(Object.keys(step.env)).not.toContain('PWNED');
  });

  it('takes the payload input instead of the event', async () => {
    const step = await runStep('main', { inputs: { payload: JSON.stringify(classic) } });
    expect(step.outputs['run-id']).toBe('r_Q8vNw3kTz1LpX0aB');
  });

  it('does not export env with export-env: false', async () => {
    const step = await runStep('main', { inputs: { payload: JSON.stringify(classic), 'export-env': 'false' } });
    expect(step.env).toEqual({});
    expect(step.outputs['run-id']).toBe('r_Q8vNw3kTz1LpX0aB');
  });

  it('fails the step naming the field of a bad payload', async () => {
    const bad = { ...classic, context: { ...classic.context, runId: 42 } };
    const step = await runStep('main', { event: dispatchEvent({ port_payload: JSON.stringify(bad) }) });
    expect(step.code).toBe(1);
    expect(step.stdout).toMatch(/^::error::port_payload\.context\.runId: expected a string like "r_\.\.\."/m);
    expect(step.outputs).toEqual({});
  });

  it('refuses a bad boolean input naming it', async () => {
    const step = await runStep('main', { inputs: { payload: JSON.stringify(classic), 'export-env': 'maybe' } });
    expect(step.code).toBe(1);
    expect(step.stdout).toMatch(/::error::Invalid export-env 'maybe'\. Expected true or false\./);
  });

  it('decrypts secrets only when asked, masking them before anything is written', async () => {
    const secret = 'p@ss"word\nsecond line';
    const payload = { ...classic, payload: { ...classic.payload, properties: { db_password: encryptSecret(secret, CLIENT_SECRET) } } };
    const event = dispatchEvent({ port_payload: JSON.stringify(payload) });
    const sealed = await runStep('main', { event });
    expect(JSON.stringify(sealed)).not.toContain('p@ss');

    const open = await runStep('main', { event, inputs: { 'decrypt-secrets': 'true', 'port-client-secret': CLIENT_SECRET } });
    expect(open.code).toBe(0);
    expect(open.env.PORT_INPUT_DB_PASSWORD).toBe(secret);
    const masks = open.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    expect(masks).toContain('::add-mask::p@ss"word%0Asecond line');
    expect(masks).toContain('::add-mask::p@ss"word');
    expect(masks).toContain('::add-mask::p@ss\\"word\\nsecond line');
    const firstMask = open.stdout.indexOf('::add-mask::');
    expect(open.stdout.slice(0, firstMask)).toBe('');
  });
});

describe('root action main step, large inputs', () => {
  it('keeps a value too large for the environment out of it (so later steps can start) and says so', async () => {
    const big = 'x'.repeat(150 * 1024);
    const payload = { ...classic, payload: { ...classic.payload, properties: { notes: big, environment: 'production' } } };
    const step = await runStep('main', { event: dispatchEvent({ port_payload: JSON.stringify(payload) }) });
    expect(step.code).toBe(0);
    expect(step.env.PORT_INPUT_ENVIRONMENT).toBe('production');
    expect(step.env).not.toHaveProperty('PORT_INPUT_NOTES');
    expect(step.env).not.toHaveProperty('PORT_INPUTS');
    expect(step.stdout).toMatch(/::warning::Too large for the environment, not exported: PORT_INPUT_NOTES, PORT_INPUTS\./);
    expect(JSON.parse(step.outputs.inputs!).notes).toBe(big);
  });
});

/* Port's current (v2) hand-offs, replayed from Port-docs actions of ../shared/conformance-v2. */
describe.skipIf(!hasV2Cases())('root action main step, v2 hand-offs', () => {
  const ECR = 'guides-add-tags-to-ecr-repository__ecrrepository-add-tags-to-ecr-repository';
  const GEMINI = 'guides-trigger-gemini-assistant-from-port__trigger-gemini-assistant';
  const REPLICAS = 'guides-change-replica-count__service-change-replica-count';

  it('reads a port_context whose entity is the entity object, typing the inputs with a v2 action-definition file', async () => {
    const c = v2Case(ECR);
    const definition = writeJson(tempDir(), 'action.json', c.action);
    const step = await runStep('main', { event: dispatchEventOf(c), inputs: { 'action-definition': definition } });
    expect(step.code).toBe(0);
    expect(step.outputs).toMatchObject({
      'run-id': 'r_conformance01',
      blueprint: 'ecrRepository',
      'entity-identifier': 'ecrrepository-sample-1',
      'triggered-by': 'maya@example.org',
      format: 'port_context',
    });
    expect(JSON.parse(step.outputs.entity!)).toEqual(c.triggerData.entity);
    expect(JSON.parse(step.outputs.inputs!)).toEqual({ repository: c.expected.inputs!.repository, tags: { environment: 'staging', replicas: 2 } });
    expect(step.env.PORT_INPUT_TAGS).toBe('{"environment":"staging","replicas":2}');
  });

  it('types a number input with a v2 action-definition given as JSON text (without it, it stays text)', async () => {
    const c = v2Case(REPLICAS);
    const plain = await runStep('main', { event: dispatchEventOf(c) });
    expect(JSON.parse(plain.outputs.inputs!)).toEqual({ replica_count: '3', auto_merge: 'false' });
    const typed = await runStep('main', { event: dispatchEventOf(c), inputs: { 'action-definition': JSON.stringify(c.action) } });
    expect(JSON.parse(typed.outputs.inputs!)).toEqual({ replica_count: 3, auto_merge: false });
  });

  it('refuses an automation as action-definition, naming the input and what is accepted', async () => {
    const automation = v2Case('guides-terraform-plan-and-apply-aws-resource__terraform-auto-apply-on-approval');
    const step = await runStep('main', { event: dispatchEventOf(v2Case(REPLICAS)), inputs: { 'action-definition': JSON.stringify(automation.action) } });
    expect(step.code).toBe(1);
    expect(step.stdout).toMatch(/^::error::action-definition\.trigger\.type: expected a Port self-service action definition: classic .*; an automation has no userInputs to type inputs with but found "automation"$/m);
    expect(step.outputs).toEqual({});
    const neither = await runStep('main', { event: dispatchEventOf(v2Case(REPLICAS)), inputs: { 'action-definition': '{"identifier":"x","userInputs":{}}' } });
    expect(neither.code).toBe(1);
    expect(neither.stdout).toMatch(/^::error::action-definition\.trigger: expected a Port self-service action definition: classic .* but found nothing$/m);
  });

  it('takes the run id from the run-id input when the action sends it in a workflow input of its own', async () => {
    const c = v2Case(GEMINI);
    const event = dispatchEventOf(c);
    const step = await runStep('main', { event, inputs: { 'run-id': event.inputs.run_id! } });
    expect(step.code).toBe(0);
    expect(step.outputs).toMatchObject({ 'run-id': 'r_conformance01', format: 'none' });
    expect(step.env.PORT_RUN_ID).toBe('r_conformance01');
    expect(step.stdout).toMatch(/^::notice::Reporting to Port is off: no Port credentials/m);
    const byHand = await runStep('main', { event: { ...event, inputs: { ...event.inputs, run_id: '' } }, inputs: { 'run-id': '' } });
    expect(byHand.code).toBe(0);
    expect(byHand.outputs['run-id']).toBe('');
  });

  it('lets run-id win over the port_context run id, with a warning naming both', async () => {
    const step = await runStep('main', { event: dispatchEventOf(v2Case(REPLICAS)), inputs: { 'run-id': 'r_explicit01' } });
    expect(step.code).toBe(0);
    expect(step.outputs['run-id']).toBe('r_explicit01');
    expect(step.stdout).toMatch(
      /^::warning::run-id gives run r_explicit01 but port_context\.runId says r_conformance01; using r_explicit01, the run id given explicitly$/m,
    );
    const same = await runStep('main', { event: dispatchEventOf(v2Case(REPLICAS)), inputs: { 'run-id': 'r_conformance01' } });
    expect(same.stdout).not.toContain('::warning::');
  });

  it('refuses a run-id that is not a run id, naming the input and what is accepted', async () => {
    const step = await runStep('main', { event: dispatchEventOf(v2Case(GEMINI)), inputs: { 'run-id': '{{ .run.id }}' } });
    expect(step.code).toBe(1);
    expect(step.stdout).toMatch(/^::error::Invalid run-id '\{\{ \.run\.id \}\}'\. Expected a Port run id like r_HardNzG6kzc9vWOQ \(letters, digits, "_" and "-"\)/m);
  });

  it('arms the post step with the run-id input even when the payload is refused, so the run still ends', async () => {
    const event = dispatchEventOf(v2Case(REPLICAS));
    event.inputs.port_context = JSON.stringify({ runId: 'r_conformance01', entity: 7 });
    const credentials = { 'port-client-id': 'id', 'port-client-secret': 'secret', 'port-base-url': 'http://127.0.0.1:9' };
    const step = await runStep('main', { event, inputs: { ...credentials, 'run-id': 'r_explicit01' } });
    expect(step.code).toBe(1);
    expect(step.stdout).toMatch(/^::error::port_context\.entity: expected a string or null but found number 7$/m);
    expect(step.state).toEqual({ isPost: 'true', 'run-id': 'r_explicit01', ending: 'end' });
  });
});

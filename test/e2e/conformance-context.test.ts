/*
 * The job half of ../shared/conformance: for each real Port action definition from Port's docs, play Port's
 * hand-off (PORT-FACTS.md §3) the way a job receives it, and check that `port-ci context` gives back the run
 * id and the inputs with their types. The dispatch half is checked by the conformance runner itself.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encryptSecret } from '../../src/core/index.js';
import { root, runCli, tempDir, writeJson } from '../support/cli.js';

const casesDir = path.resolve(root, '..', 'shared', 'conformance', 'cases');
const SECRET = 'conformance-client-secret-0123456789abcdef';
const RUN_ID = 'r_conformance0001';

interface Spec {
  type?: string;
  format?: string;
  enum?: unknown[];
  default?: unknown;
  encryption?: string;
  items?: Spec;
  minimum?: number;
}

/** A value a user could have typed for the input. */
function sample(id: string, spec: Spec): unknown {
  if (spec.enum?.length) return spec.enum[0];
  switch (spec.type) {
    case 'number':
      return spec.minimum ?? 5;
    case 'boolean':
      return true;
    case 'object':
      return { team: 'payments', replicas: 2 };
    case 'array':
      return spec.items?.type === 'object' ? [{ name: 'x' }] : ['first', 'second'];
    default:
      return spec.format === 'multi-line' ? 'line 1\nline 2' : `value of ${id}`;
  }
}

/** What jq's tostring gives, which is how Port hands each input to a workflow or pipeline. */
const tostring = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

const cases = existsSync(casesDir)
  ? readdirSync(casesDir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => JSON.parse(readFileSync(path.join(casesDir, file), 'utf8')))
      .filter((c) => ['GITHUB', 'GITLAB'].includes(c.action?.invocationMethod?.type))
  : [];

describe.skipIf(cases.length === 0)('conformance: the job side of every Port docs example', () => {
  it.each(cases.map((c) => [c.id, c]))('%s', (_id, c) => {
    const action = c.action;
    const method = action.invocationMethod;
    const properties: Record<string, Spec> = action.userInputs?.properties ?? {};
    const typed: Record<string, unknown> = {};
    const secrets = new Set<string>();
    for (const [id, spec] of Object.entries(properties)) {
      const isJq = typeof spec.default === 'object' && spec.default !== null && 'jqQuery' in spec.default;
      if (spec.encryption) secrets.add(id);
      typed[id] = spec.default !== undefined && !isJq ? spec.default : sample(id, spec);
    }
    const sent = Object.fromEntries(
      Object.entries(typed).map(([id, value]) => [id, secrets.has(id) ? encryptSecret(tostring(value), SECRET) : value]),
    );
    const message = {
      action: action.identifier,
      resourceType: 'run',
      status: 'TRIGGERED',
      trigger: { by: { orgId: 'org_1', userId: 'auth0|1', user: { email: 'dev@example.com' } }, origin: 'UI', at: new Date().toISOString() },
      context: { entity: action.trigger === 'CREATE' ? null : 'sample-entity', blueprint: 'service', runId: RUN_ID },
      payload: {
        entity: action.trigger === 'CREATE' ? null : { identifier: 'sample-entity', blueprint: 'service', properties: {}, relations: {} },
        action,
        properties: sent,
        censoredProperties: [],
      },
    };
    const isolated = method.omitUserInputs
      ? {}
      : Object.fromEntries(Object.entries(sent).filter(([id]) => !(method.type === 'GITHUB' && id === 'ref')).map(([id, v]) => [id, tostring(v)]));
    const dir = tempDir('port-ci-conformance-');
    const actionFile = writeJson(dir, 'action.json', action);
    let env: Record<string, string>;
    if (method.type === 'GITHUB') {
      const inputs = method.omitPayload ? isolated : { port_payload: JSON.stringify(message), ...isolated };
      env = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: writeJson(dir, 'event.json', { inputs, workflow: '.github/workflows/x.yml' }) };
    } else {
      const body = { token: 'glptt-secret-token', ref: 'main', variables: isolated, port_payload: method.omitPayload ? {} : message };
      env = { GITLAB_CI: 'true', TRIGGER_PAYLOAD: writeJson(dir, 'trigger.json', body), ...isolated };
    }
    const args = ['context', '--format', 'json', ...(method.omitPayload ? ['--action', actionFile] : [])];
    const result = runCli(args, { env: { ...env, PORT_CLIENT_SECRET: SECRET } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const context = JSON.parse(result.stdout);
    expect(context.runId).toBe(method.omitPayload ? null : RUN_ID);
    if (method.omitPayload && method.omitUserInputs) return;
    for (const [id, value] of Object.entries(typed)) {
      if (secrets.has(id) || (method.omitPayload && method.type === 'GITHUB' && id === 'ref')) continue;
      expect(context.inputs[id], `inputs.${id}`).toEqual(value);
    }
    expect(context.secretInputs.sort()).toEqual([...secrets].sort());

    const decrypted = runCli([...args, '--decrypt'], { env: { ...env, PORT_CLIENT_SECRET: SECRET } });
    for (const id of secrets) {
      if (id in JSON.parse(decrypted.stdout).inputs) expect(JSON.parse(decrypted.stdout).inputs[id]).toEqual(typed[id]);
    }
  });
});

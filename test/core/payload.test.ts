import { describe, expect, it } from 'vitest';
import { parsePayload } from '../../src/core/index.js';
import type { RunContext } from '../../src/core/index.js';
import {
  EXAMPLE_ENTITY,
  EXAMPLE_INPUTS,
  EXAMPLE_TEXT_INPUTS,
  EXAMPLE_TRIGGER,
  RUN_ID,
  classicMessage,
  deployAction,
  deploySchema,
  example,
  exampleText,
  payloadError,
} from './helpers.js';

const NO_TRIGGER = { origin: null, at: null, operation: null, userEmail: null, userId: null, orgId: null };

/** Every RunContext field of the example run as the classic message carries it. */
function expectedClassic(overrides: Partial<RunContext> = {}): RunContext {
  const message = example('classic') as { payload: { action: RunContext['actionDefinition'] } };
  const actionDefinition = message.payload.action!;
  return {
    format: 'classic',
    envelope: 'bare',
    runId: RUN_ID,
    action: 'deploy_service',
    blueprint: 'service',
    entityIdentifier: 'checkout-api',
    entity: EXAMPLE_ENTITY,
    trigger: EXAMPLE_TRIGGER,
    inputs: EXAMPLE_INPUTS,
    // db_password has no value in this run, but the schema marks it secret, so faces know to mask it.
    secretInputs: ['db_password'],
    ref: null,
    inputSchema: actionDefinition.userInputs!,
    actionDefinition,
    warnings: [],
    ...overrides,
  };
}

describe('parsePayload: classic port_payload', () => {
  it('reads every field of the example message given as an object', () => {
    const context = parsePayload(example('classic'));
    expect(context).toStrictEqual(expectedClassic());
  });

  it('reads the same from its JSON text', () => {
    expect(parsePayload(exampleText('classic'))).toStrictEqual(expectedClassic());
  });

  it('reads compact JSON text and JSON text with surrounding whitespace alike', () => {
    const compact = JSON.stringify(example('classic'));
    expect(parsePayload(compact)).toStrictEqual(expectedClassic());
    expect(parsePayload(`\n  ${compact}\n\n`)).toStrictEqual(expectedClassic());
  });

  it('returns the payload entity, action definition and inputs as data (no prototype tricks, no shared state)', () => {
    const raw = example('classic');
    const context = parsePayload(raw);
    expect(context.entity?.identifier).toBe('checkout-api');
    expect(context.actionDefinition?.invocationMethod?.type).toBe('GITHUB');
    expect(Object.getPrototypeOf(context.inputs)).toBe(Object.prototype);
  });

  it('reads a CREATE run: context.entity and payload.entity null', () => {
    const message = classicMessage({ name: 'svc' });
    const context = parsePayload(message);
    expect(context.format).toBe('classic');
    expect(context.envelope).toBe('bare');
    expect(context.runId).toBe('r_test1');
    expect(context.action).toBe('deploy_service');
    expect(context.blueprint).toBe('service');
    expect(context.entityIdentifier).toBeNull();
    expect(context.entity).toBeNull();
    expect(context.trigger).toStrictEqual({ ...NO_TRIGGER, origin: 'UI', at: '2026-01-01T00:00:00.000Z', userEmail: 'a@b.c', userId: 'auth0|1', orgId: 'org_1' });
    expect(context.inputs).toStrictEqual({ name: 'svc' });
    expect(context.secretInputs).toStrictEqual([]);
    expect(context.inputSchema).toBeNull();
    expect(context.actionDefinition).toStrictEqual({ identifier: 'deploy_service', trigger: 'CREATE', invocationMethod: { type: 'GITHUB' } });
    expect(context.warnings).toStrictEqual([]);
  });

  it('takes the entity identifier from payload.entity when context.entity is missing', () => {
    const message = classicMessage();
    delete (message.context as Record<string, unknown>).entity;
    (message.payload as Record<string, unknown>).entity = { identifier: 'billing', blueprint: 'service' };
    const context = parsePayload(message);
    expect(context.entityIdentifier).toBe('billing');
    expect(context.entity).toStrictEqual({ identifier: 'billing', blueprint: 'service' });
  });

  it('prefers context.entity over payload.entity.identifier', () => {
    const message = classicMessage();
    (message.context as Record<string, unknown>).entity = 'from-context';
    (message.payload as Record<string, unknown>).entity = { identifier: 'from-payload' };
    expect(parsePayload(message).entityIdentifier).toBe('from-context');
  });

  it('takes the action identifier from payload.action when the top-level action is missing, and accepts an action object', () => {
    const message = classicMessage();
    delete message.action;
    expect(parsePayload(message).action).toBe('deploy_service');
    message.action = { identifier: 'other_action' };
    expect(parsePayload(message).action).toBe('other_action');
  });

  it('reads a minimal message: context.runId and an empty payload', () => {
    const context = parsePayload({ context: { runId: 'r_min' }, payload: {} });
    expect(context).toStrictEqual({
      format: 'classic',
      envelope: 'bare',
      runId: 'r_min',
      action: null,
      blueprint: null,
      entityIdentifier: null,
      entity: null,
      trigger: NO_TRIGGER,
      inputs: {},
      secretInputs: [],
      ref: null,
      inputSchema: null,
      actionDefinition: null,
      warnings: [],
    });
  });

  it('accepts null payload, properties, trigger, trigger.by and trigger.by.user', () => {
    expect(parsePayload({ resourceType: 'run', context: { runId: 'r_1' }, payload: null, trigger: null }).trigger).toStrictEqual(NO_TRIGGER);
    const context = parsePayload({ context: { runId: 'r_1' }, trigger: { by: null, origin: 'API' }, payload: { properties: null } });
    expect(context.trigger).toStrictEqual({ ...NO_TRIGGER, origin: 'API' });
    expect(context.inputs).toStrictEqual({});
    expect(parsePayload({ context: { runId: 'r_1' }, trigger: { by: { userId: 'u', user: null } } }).trigger.userId).toBe('u');
  });

  it('reads a Kafka message with its top-level headers', () => {
    const message = { ...example('classic'), headers: { 'X-Port-Signature': 'v1,abc', 'X-Port-Timestamp': '1700000000' } };
    expect(parsePayload(message)).toStrictEqual(expectedClassic());
  });

  it('adds censoredProperties to the secret inputs', () => {
    const message = classicMessage({ token: 'ciphertext', name: 'x' });
    (message.payload as Record<string, unknown>).censoredProperties = ['token'];
    const context = parsePayload(message);
    expect(context.secretInputs).toStrictEqual(['token']);
    expect(context.inputs.token).toBe('ciphertext');
  });

  it('prefers the payload schema over the one given in options, and uses the option when the payload has none', () => {
    const own = { properties: { n: { type: 'number' } } };
    const given = { properties: { n: { type: 'string' } } };
    expect(parsePayload(classicMessage({}, own), { userInputs: given }).inputSchema).toStrictEqual(own);
    expect(parsePayload(classicMessage({}), { userInputs: given }).inputSchema).toStrictEqual(given);
  });

  it('takes isolated inputs given in options for a bare message and types them', () => {
    const context = parsePayload(classicMessage({}, deploySchema()), { isolatedInputs: { replica_count: '3', dry_run: 'TRUE' } });
    expect(context.inputs).toStrictEqual({ replica_count: 3, dry_run: true });
  });
});

describe('parsePayload: port_context (v2)', () => {
  const portContextExpected = (overrides: Partial<RunContext> = {}): RunContext => ({
    format: 'port_context',
    envelope: 'bare',
    runId: RUN_ID,
    action: null,
    blueprint: 'service',
    entityIdentifier: 'checkout-api',
    entity: null,
    trigger: { ...EXAMPLE_TRIGGER, operation: 'DAY-2' },
    inputs: {},
    secretInputs: [],
    ref: null,
    inputSchema: null,
    actionDefinition: null,
    warnings: [],
    ...overrides,
  });

  it('reads every field of the example port_context object', () => {
    expect(parsePayload(example('port-context'))).toStrictEqual(portContextExpected());
  });

  it('reads the same from its JSON text', () => {
    expect(parsePayload(exampleText('port-context'))).toStrictEqual(portContextExpected());
  });

  it('reads trigger, entity and inputs given as JSON text (object values of templated inputs arrive as strings)', () => {
    const raw = example('port-context');
    const entity = { identifier: 'checkout-api', blueprint: 'service', properties: { tier: 'critical' } };
    const context = parsePayload({
      ...raw,
      trigger: JSON.stringify(raw.trigger),
      entity: JSON.stringify(entity),
      inputs: JSON.stringify({ environment: 'production', replica_count: 4 }),
      action: 'deploy_service',
    });
    expect(context).toStrictEqual(
      portContextExpected({ entity, action: 'deploy_service', inputs: { environment: 'production', replica_count: 4 } }),
    );
  });

  it('reads trigger, entity and inputs given as objects', () => {
    const raw = example('port-context');
    const entity = { identifier: 'checkout-api', title: 'Checkout' };
    const context = parsePayload({ ...raw, entity, inputs: { dry_run: true } });
    expect(context).toStrictEqual(portContextExpected({ entity, inputs: { dry_run: true } }));
  });

  it('reads an entity object JSON text with leading whitespace', () => {
    const context = parsePayload({ runId: 'r_1', entity: '  \n{"identifier":"x"}' });
    expect(context.entity).toStrictEqual({ identifier: 'x' });
    expect(context.entityIdentifier).toBe('x');
  });

  it('treats empty entity, blueprint, trigger and inputs (unset template values) as absent', () => {
    const context = parsePayload({ runId: 'r_1', entity: '', blueprint: '', trigger: '', inputs: '' });
    expect(context).toStrictEqual(portContextExpected({ runId: 'r_1', blueprint: null, entityIdentifier: null, trigger: NO_TRIGGER }));
  });

  it('accepts an action object with identifier', () => {
    expect(parsePayload({ runId: 'r_1', action: { identifier: 'deploy_service', blueprint: 'service' } }).action).toBe('deploy_service');
  });

  it('uses the schema given in options to type isolated inputs, and reports its secret inputs', () => {
    const context = parsePayload({ runId: 'r_1' }, { userInputs: deploySchema(), isolatedInputs: { replica_count: '2' } });
    expect(context.inputs).toStrictEqual({ replica_count: 2 });
    expect(context.inputSchema).toStrictEqual(deploySchema());
    expect(context.secretInputs).toStrictEqual(['db_password']);
  });
});

describe('parsePayload: GitLab trigger body ($TRIGGER_PAYLOAD)', () => {
  it('reads the example body: payload wins, variables agree, ref from the body', () => {
    const context = parsePayload(example('gitlab-trigger'));
    const body = example('gitlab-trigger') as { port_payload: { payload: { action: RunContext['actionDefinition'] } } };
    const actionDefinition = body.port_payload.payload.action!;
    expect(context).toStrictEqual(
      expectedClassic({ envelope: 'gitlab_trigger', ref: 'main', actionDefinition, inputSchema: actionDefinition.userInputs! }),
    );
  });

  it('reads the same from the file text, with and without the envelope forced', () => {
    const fromObject = parsePayload(example('gitlab-trigger'));
    expect(parsePayload(exampleText('gitlab-trigger'))).toStrictEqual(fromObject);
    expect(parsePayload(exampleText('gitlab-trigger'), { envelope: 'gitlab_trigger' })).toStrictEqual(fromObject);
  });

  it('reads port_payload {} (omitPayload): format none, no run id, inputs typed from the variables', () => {
    const body = { ...example('gitlab-trigger'), port_payload: {} };
    const context = parsePayload(body, { userInputs: deploySchema() });
    expect(context).toStrictEqual({
      format: 'none',
      envelope: 'gitlab_trigger',
      runId: null,
      action: null,
      blueprint: null,
      entityIdentifier: null,
      entity: null,
      trigger: NO_TRIGGER,
      inputs: EXAMPLE_INPUTS,
      secretInputs: ['db_password'],
      ref: 'main',
      inputSchema: deploySchema(),
      actionDefinition: null,
      warnings: [],
    });
  });

  it('keeps every variable as text when port_payload is {} and no schema is known', () => {
    const context = parsePayload({ ...example('gitlab-trigger'), port_payload: {} });
    expect(context.format).toBe('none');
    expect(context.inputs).toStrictEqual(EXAMPLE_TEXT_INPUTS);
    expect(context.inputSchema).toBeNull();
    expect(context.secretInputs).toStrictEqual([]);
  });

  it('reads omitUserInputs (variables {}) from the payload alone', () => {
    const context = parsePayload({ ...example('gitlab-trigger'), variables: {} });
    expect(context.inputs).toStrictEqual(EXAMPLE_INPUTS);
    expect(context.warnings).toStrictEqual([]);
  });

  it('reads a body without token (token is not needed to parse)', () => {
    const { token: _token, ...body } = example('gitlab-trigger');
    expect(parsePayload(body).envelope).toBe('gitlab_trigger');
  });

  it('reads a body whose port_payload is JSON text', () => {
    const body = example('gitlab-trigger');
    const context = parsePayload({ ...body, port_payload: JSON.stringify(body.port_payload) });
    expect(context.runId).toBe(RUN_ID);
    expect(context.envelope).toBe('gitlab_trigger');
  });

  it('keeps a `ref` user input among the inputs and reports the body ref separately', () => {
    const body = { ref: 'release/1.2', token: 't', variables: { ref: 'release/1.2', environment: 'staging' }, port_payload: {} };
    const context = parsePayload(body);
    expect(context.ref).toBe('release/1.2');
    expect(context.inputs).toStrictEqual({ ref: 'release/1.2', environment: 'staging' });
  });

  it('reports a null ref when the body has none', () => {
    expect(parsePayload({ variables: {}, port_payload: {} }).ref).toBeNull();
  });

  it('treats a forced gitlab_trigger body with no port_payload as an omitted payload', () => {
    const context = parsePayload({ ref: 'main', variables: { a: 'b' } }, { envelope: 'gitlab_trigger' });
    expect(context.format).toBe('none');
    expect(context.inputs).toStrictEqual({ a: 'b' });
  });
});

describe('parsePayload: GitHub workflow_dispatch inputs', () => {
  const event = () => example('github-event') as { inputs: Record<string, string>; workflow: string };

  it('reads a whole workflow_dispatch event {inputs, workflow}', () => {
    expect(parsePayload(event())).toStrictEqual(expectedClassic({ envelope: 'github_inputs' }));
  });

  it('reads the event inputs alone: port_payload text beside the isolated inputs', () => {
    expect(parsePayload(event().inputs)).toStrictEqual(expectedClassic({ envelope: 'github_inputs' }));
  });

  it('reads the inputs as JSON text, and with the envelope forced', () => {
    const text = JSON.stringify(event().inputs);
    expect(parsePayload(text)).toStrictEqual(expectedClassic({ envelope: 'github_inputs' }));
    expect(parsePayload(event().inputs, { envelope: 'github_inputs' })).toStrictEqual(expectedClassic({ envelope: 'github_inputs' }));
    expect(parsePayload(event(), { envelope: 'github_inputs' })).toStrictEqual(expectedClassic({ envelope: 'github_inputs' }));
  });

  it('accepts numbers and booleans among the inputs (the `inputs` context types them) and skips nulls', () => {
    const inputs = { ...event().inputs, replica_count: 4, dry_run: false, notify: null };
    const context = parsePayload(inputs);
    expect(context.inputs).toStrictEqual(EXAMPLE_INPUTS);
    expect(context.warnings).toStrictEqual([]);
  });

  it('reads a port_context string beside the isolated inputs, typing them with the given schema', () => {
    const inputs = { port_context: exampleText('port-context'), ...EXAMPLE_TEXT_INPUTS };
    const context = parsePayload(inputs, { userInputs: deploySchema() });
    expect(context).toStrictEqual({
      format: 'port_context',
      envelope: 'github_inputs',
      runId: RUN_ID,
      action: null,
      blueprint: 'service',
      entityIdentifier: 'checkout-api',
      entity: null,
      trigger: { ...EXAMPLE_TRIGGER, operation: 'DAY-2' },
      inputs: EXAMPLE_INPUTS,
      secretInputs: ['db_password'],
      ref: null,
      inputSchema: deploySchema(),
      actionDefinition: null,
      warnings: [],
    });
  });

  it('uses port_context when port_payload is an empty input', () => {
    const context = parsePayload({ port_payload: '', port_context: '{"runId":"r_ctx"}', x: 'y' });
    expect(context.format).toBe('port_context');
    expect(context.runId).toBe('r_ctx');
    expect(context.inputs).toStrictEqual({ x: 'y' });
  });

  it('prefers port_payload when both port_payload and port_context are given', () => {
    const context = parsePayload({ port_payload: exampleText('classic'), port_context: '{"runId":"r_other"}' });
    expect(context.format).toBe('classic');
    expect(context.runId).toBe(RUN_ID);
  });

  it('names port_context.inputs in warnings about a disagreeing isolated copy', () => {
    const context = parsePayload({ port_context: JSON.stringify({ runId: 'r_1', inputs: { environment: 'staging' } }), environment: 'production' });
    expect(context.inputs).toStrictEqual({ environment: 'staging' });
    expect(context.warnings).toHaveLength(1);
    expect(context.warnings[0]).toContain('inputs.environment');
    expect(context.warnings[0]).toContain('port_context.inputs.environment');
  });

  it('reads an omitPayload run (envelope forced): format none, no run id, inputs typed with the action schema', () => {
    const context = parsePayload(EXAMPLE_TEXT_INPUTS, { envelope: 'github_inputs', userInputs: deploySchema() });
    expect(context).toStrictEqual({
      format: 'none',
      envelope: 'github_inputs',
      runId: null,
      action: null,
      blueprint: null,
      entityIdentifier: null,
      entity: null,
      trigger: NO_TRIGGER,
      inputs: EXAMPLE_INPUTS,
      secretInputs: ['db_password'],
      ref: null,
      inputSchema: deploySchema(),
      actionDefinition: null,
      warnings: [],
    });
  });

  it('reads an omitPayload run whose port_payload input is declared but empty', () => {
    const context = parsePayload({ port_payload: '', ...EXAMPLE_TEXT_INPUTS }, { envelope: 'github_inputs', userInputs: deploySchema() });
    expect(context.format).toBe('none');
    expect(context.inputs).toStrictEqual(EXAMPLE_INPUTS);
  });

  it('recognises a whole omitPayload event without forcing the envelope', () => {
    const context = parsePayload({ inputs: EXAMPLE_TEXT_INPUTS, workflow: '.github/workflows/deploy.yml' }, { userInputs: deploySchema() });
    expect(context.format).toBe('none');
    expect(context.envelope).toBe('github_inputs');
    expect(context.inputs).toStrictEqual(EXAMPLE_INPUTS);
  });

  it('refuses bare omitPayload inputs when the envelope is not forced: their shape cannot tell', () => {
    payloadError(() => parsePayload(EXAMPLE_TEXT_INPUTS), 'payload: expected a Port run');
  });

  it('reads an omitPayload + omitUserInputs run (nothing at all) as an empty run', () => {
    const context = parsePayload({}, { envelope: 'github_inputs' });
    expect(context.format).toBe('none');
    expect(context.inputs).toStrictEqual({});
    expect(context.runId).toBeNull();
  });

  it('adds isolated inputs given in options to those of the envelope', () => {
    const context = parsePayload({ port_payload: JSON.stringify(classicMessage({ a: 'x' })) }, { isolatedInputs: { b: 'y' } });
    expect(context.inputs).toStrictEqual({ a: 'x', b: 'y' });
  });

  it('uses the action file schema when the payload action carries no userInputs', () => {
    const action = deployAction();
    const message = classicMessage({});
    const context = parsePayload({ port_payload: JSON.stringify(message), replica_count: '7' }, { userInputs: action.userInputs! });
    expect(context.inputs).toStrictEqual({ replica_count: 7 });
  });

  // A user input may be called `token` or `variables` (any id without spaces, "=" or control characters is
  // allowed). GitHub hands port_payload over as JSON *text*, GitLab's agent as an object; the text form must not
  // be mistaken for a GitLab trigger body, which would drop every isolated input.
  it.each(['token', 'variables'])('reads workflow inputs that include a user input named %j as GitHub inputs', (id) => {
    const context = parsePayload({ port_payload: JSON.stringify(classicMessage({ name: 'svc' })), [id]: 'abc', name: 'svc' });
    expect(context.envelope).toBe('github_inputs');
    expect(context.inputs).toStrictEqual({ name: 'svc', [id]: 'abc' });
  });
});

describe('ids that name Object.prototype members', () => {
  it('does not take "toString" in censoredProperties for a secret input the payload does not have', () => {
    const context = parsePayload({ context: { runId: 'r_1' }, payload: { properties: { name: 'x' }, censoredProperties: ['toString'] } });
    expect(context.secretInputs).toEqual([]);
  });
});

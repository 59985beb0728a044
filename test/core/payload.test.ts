import { describe, expect, it } from 'vitest';
import { parsePayload, peekRunId, userInputsOf } from '../../src/core/index.js';
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
  thrown,
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

  // An action in Port's current format sends no port_payload: its pipelineVariables carry port_context as text.
  it('reads the run from a port_context among the variables when there is no port_payload', () => {
    const port_context = JSON.stringify({ runId: 'r_gitlabv2', action: 'deploy', entity: { identifier: 'checkout-api' }, blueprint: 'service' });
    const body = { token: 't', ref: 'main', variables: { port_context, environment: 'staging' } };
    const context = parsePayload(body);
    expect(context).toMatchObject({ envelope: 'gitlab_trigger', format: 'port_context', runId: 'r_gitlabv2', entityIdentifier: 'checkout-api', inputs: { environment: 'staging' } });
    expect(context.inputs).not.toHaveProperty('port_context');
    expect(peekRunId(body)).toBe('r_gitlabv2');
    expect(() => parsePayload({ variables: { port_context: '{"entity":"x"}' } })).toThrow(/variables\.port_context|port_context\.runId/);
  });

  it('keeps a port_payload first, and a port_context variable beside it an input', () => {
    const classic = example('gitlab-trigger') as { variables: Record<string, string> };
    const body = { ...classic, variables: { ...classic.variables, port_context: '{"runId":"r_other"}' } };
    expect(parsePayload(body).runId).toBe('r_Q8vNw3kTz1LpX0aB');
    expect(peekRunId(body)).toBe('r_Q8vNw3kTz1LpX0aB');
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

/*
 * What Port's current (v2) actions send, as the guides in Port's docs write it (the fixtures follow
 * ../shared/conformance-v2 cases: change-replica-count, add-tags-to-ecr-repository, acknowledge-incident,
 * trigger-gemini-assistant): the author templates the workflow inputs, and non-string values arrive as JSON text.
 */
const V2_TRIGGER = {
  by: { orgId: 'org_conformance01', userId: 'auth0|conformance-maya', user: { email: 'maya@example.org', firstName: 'Maya' } },
  origin: 'UI',
  at: '2026-11-30T12:00:00.000Z',
  operation: 'DAY-2',
};
const V2_ENTITY = {
  identifier: 'ecrrepository-sample-1',
  title: 'Sample ecrRepository 1',
  icon: null,
  blueprint: 'ecrRepository',
  team: ['platform'],
  properties: { region: 'eu-west-1' },
  relations: {},
};

describe('parsePayload: port_context as Port\'s v2 guides send it', () => {
  it('reads "{{ .entity }}" as the run\'s entity: identifier, title, blueprint and properties', () => {
    const portContext = { entity: V2_ENTITY, blueprint: 'ecrRepository', runId: 'r_conformance01', trigger: V2_TRIGGER };
    const context = parsePayload({ port_context: JSON.stringify(portContext), tags: '{"environment":"staging"}' }, { envelope: 'github_inputs' });
    expect(context).toMatchObject({
      format: 'port_context',
      runId: 'r_conformance01',
      blueprint: 'ecrRepository',
      entityIdentifier: 'ecrrepository-sample-1',
      entity: V2_ENTITY,
      trigger: { origin: 'UI', operation: 'DAY-2', userEmail: 'maya@example.org', userId: 'auth0|conformance-maya', orgId: 'org_conformance01' },
      inputs: { tags: '{"environment":"staging"}' },
      warnings: [],
    });
  });

  it('takes the blueprint from the entity when port_context gives none', () => {
    const context = parsePayload({ runId: 'r_1', entity: V2_ENTITY });
    expect(context.blueprint).toBe('ecrRepository');
    expect(parsePayload({ runId: 'r_1', entity: V2_ENTITY, blueprint: 'other' }).blueprint).toBe('other');
  });

  it('reads the entity {} of a CREATE run ("{{ .entity }}") as no entity, as object and as JSON text', () => {
    for (const entity of [{}, '{}', ' {} ']) {
      const context = parsePayload({ runId: 'r_1', entity, blueprint: 'service' });
      expect(context.entity).toBeNull();
      expect(context.entityIdentifier).toBeNull();
      expect(context.blueprint).toBe('service');
    }
  });

  it('reads the run id under run_id, bare, as JSON text and inside workflow inputs', () => {
    const portContext = { blueprint: 'pagerdutyIncident', entity: 'Q1P2', run_id: 'r_conformance01', relations: { service: 'PSVC' } };
    for (const raw of [portContext, JSON.stringify(portContext), { port_context: JSON.stringify(portContext), from: 'maya@example.org' }]) {
      const context = parsePayload(raw);
      expect(context.format).toBe('port_context');
      expect(context.runId).toBe('r_conformance01');
      expect(context.entityIdentifier).toBe('Q1P2');
      expect(context.blueprint).toBe('pagerdutyIncident');
    }
  });

  it('accepts runId and run_id together when they agree', () => {
    expect(parsePayload({ runId: 'r_1', run_id: 'r_1' }).runId).toBe('r_1');
  });

  it('reads a port_context whose workflow input is an object (GitHub\'s inputs context may hand it over parsed)', () => {
    const context = parsePayload({ port_context: { runId: 'r_1', entity: V2_ENTITY } }, { envelope: 'github_inputs' });
    expect(context.runId).toBe('r_1');
    expect(context.entityIdentifier).toBe('ecrrepository-sample-1');
  });

  it('keeps the author\'s other keys out of the run\'s fields (relations, triggered_by)', () => {
    const context = parsePayload({ run_id: 'r_1', triggered_by: 'maya@example.org', relations: null });
    expect(context).toMatchObject({ runId: 'r_1', entity: null, entityIdentifier: null, blueprint: null, inputs: {}, warnings: [] });
  });

  it('warns, and reads no trigger, when trigger is a word rather than {{ .trigger }} (a docs automation sends "automation")', () => {
    const context = parsePayload({ runId: 'r_1', trigger: 'automation' });
    expect(context.trigger).toStrictEqual(NO_TRIGGER);
    expect(context.warnings).toStrictEqual([
      'port_context.trigger is "automation", not the trigger object ({{ .trigger }}); who ran the action is not known',
    ]);
  });

  it('types the isolated inputs of a v2 run with the definition\'s trigger.userInputs', () => {
    const action = {
      identifier: 'service_change_replica_count',
      trigger: {
        type: 'self-service',
        operation: 'DAY-2',
        blueprintIdentifier: 'service',
        userInputs: { properties: { replica_count: { type: 'number' }, auto_merge: { type: 'boolean', default: false } }, required: ['replica_count'] },
      },
      invocationMethod: { type: 'GITHUB', org: 'acme-org', repo: 'service-repo', workflow: 'change-replica-count.yaml' },
    };
    const portContext = { entity: 'service-sample-1', blueprint: 'service', runId: 'r_conformance01', trigger: V2_TRIGGER };
    const inputs = { replica_count: '3', auto_merge: 'false', port_context: JSON.stringify(portContext) };
    expect(parsePayload(inputs, { envelope: 'github_inputs' }).inputs).toStrictEqual({ replica_count: '3', auto_merge: 'false' });
    const typed = parsePayload(inputs, { envelope: 'github_inputs', userInputs: userInputsOf(JSON.stringify(action), '--action') });
    expect(typed.inputs).toStrictEqual({ replica_count: 3, auto_merge: false });
    expect(typed.entityIdentifier).toBe('service-sample-1');
  });
});

describe('parsePayload: a run id given outside the payload (options.runId)', () => {
  const GEMINI_INPUTS = { prompt: 'first line\nsecond line', repo_name: 'service-sample-1', run_id: 'r_conformance01' };
  const fromInput = { input: 'run_id', source: '--run-id-from' };

  it('takes the run id itself: a run with no port_payload or port_context then has one (format none)', () => {
    const context = parsePayload(GEMINI_INPUTS, { envelope: 'github_inputs', runId: { value: 'r_conformance01', source: 'run-id' } });
    expect(context).toMatchObject({ format: 'none', runId: 'r_conformance01', warnings: [] });
    expect(context.inputs).toStrictEqual(GEMINI_INPUTS); // the value alone does not say which input it came from
  });

  it('takes the run id from the named workflow input, which then is not among the inputs', () => {
    const context = parsePayload({ inputs: GEMINI_INPUTS, workflow: '.github/workflows/gemini-backend.yaml' }, { runId: fromInput });
    expect(context).toMatchObject({ format: 'none', envelope: 'github_inputs', runId: 'r_conformance01', warnings: [] });
    expect(context.inputs).toStrictEqual({ prompt: 'first line\nsecond line', repo_name: 'service-sample-1' });
  });

  it('takes the run id from a named GitLab trigger variable', () => {
    const body = { ref: 'develop', variables: { DB_NAME: 'sample-name', PORT_RUN_ID: 'r_conformance01' } };
    const context = parsePayload(body, { envelope: 'gitlab_trigger', runId: { input: 'PORT_RUN_ID', source: '--run-id-from' } });
    expect(context).toMatchObject({ envelope: 'gitlab_trigger', runId: 'r_conformance01', ref: 'develop', inputs: { DB_NAME: 'sample-name' } });
  });

  it('takes the run id from isolated inputs given beside a bare message', () => {
    const context = parsePayload({ runId: 'r_ctx' }, { isolatedInputs: { run_id: 'r_ctx' }, runId: fromInput });
    expect(context.runId).toBe('r_ctx');
    expect(context.inputs).toStrictEqual({});
  });

  it('completes a port_context that carries no run id of its own', () => {
    const inputs = { port_context: JSON.stringify({ entity: 'svc', blueprint: 'service' }), run_id: 'r_sep' };
    const context = parsePayload(inputs, { runId: fromInput });
    expect(context).toMatchObject({ format: 'port_context', runId: 'r_sep', entityIdentifier: 'svc', warnings: [] });
  });

  it('wins over the payload\'s run id, and a different one is a warning naming both', () => {
    const inputs = { port_context: JSON.stringify({ runId: 'r_payload' }), run_id: 'r_input' };
    const named = parsePayload(inputs, { runId: fromInput });
    expect(named.runId).toBe('r_input');
    expect(named.warnings).toStrictEqual([
      'inputs.run_id (--run-id-from) gives run r_input but port_context.runId says r_payload; using r_input, the run id given explicitly',
    ]);
    const given = parsePayload(exampleText('classic'), { runId: { value: 'r_input', source: 'run-id' } });
    expect(given.runId).toBe('r_input');
    expect(given.warnings).toStrictEqual([`run-id gives run r_input but port_payload.context.runId says ${RUN_ID}; using r_input, the run id given explicitly`]);
  });

  it('says nothing when the two agree', () => {
    const context = parsePayload(exampleText('classic'), { runId: { value: RUN_ID, source: 'run-id' } });
    expect(context.runId).toBe(RUN_ID);
    expect(context.warnings).toStrictEqual([]);
  });

  it('treats an empty value or an empty named input (a workflow started by hand) as no run id given', () => {
    expect(parsePayload(exampleText('classic'), { runId: { value: '', source: 'run-id' } }).runId).toBe(RUN_ID);
    const context = parsePayload({ ...GEMINI_INPUTS, run_id: '' }, { envelope: 'github_inputs', runId: fromInput });
    expect(context.runId).toBeNull();
    expect(context.inputs).not.toHaveProperty('run_id');
  });

  it('still demands a run id of a port_context when none is given elsewhere', () => {
    payloadError(() => parsePayload({ port_context: '{"entity":"svc"}', run_id: '' }, { runId: fromInput }), 'port_context.runId: expected a string like');
  });

  it('names the inputs it looked among when the named one is missing, and refuses a value that is not a run id', () => {
    const missing = payloadError(() => parsePayload({ runId: 'r_1' }, { runId: fromInput }), '--run-id-from: expected the name of one of the inputs given beside the payload');
    expect(missing.message).toContain('(there are none)');
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`in${i}`, 'x']));
    expect(thrown(() => parsePayload(many, { envelope: 'github_inputs', runId: fromInput })).message).toContain('"in9", …)');
    payloadError(() => parsePayload({ run_id: 'r 1' }, { envelope: 'github_inputs', runId: fromInput }), 'inputs.run_id (--run-id-from): expected a string like "r_..."');
    payloadError(() => parsePayload({}, { envelope: 'github_inputs', runId: { value: '../r_1', source: 'run-id' } }), 'run-id: expected a string like "r_..."');
  });
});

describe('peekRunId: the run id without judging the rest', () => {
  it('finds runId and run_id of a port_context, bare, as text and inside workflow inputs', () => {
    expect(peekRunId({ run_id: 'r_1' })).toBe('r_1');
    expect(peekRunId(JSON.stringify({ runId: 'r_2', entity: 3 }))).toBe('r_2');
    expect(peekRunId({ port_context: JSON.stringify({ run_id: 'r_3' }), region: 'eu' })).toBe('r_3');
    expect(peekRunId({ inputs: { port_context: '{"runId":"r_4"}' }, workflow: 'x.yml' })).toBe('r_4');
  });

  it('looks in port_context when port_payload is an empty input, and in the carrier before a run_id input beside it', () => {
    expect(peekRunId({ port_payload: '', port_context: '{"runId":"r_ctx"}' })).toBe('r_ctx');
    expect(peekRunId({ port_context: '{"runId":"r_ctx"}', run_id: 'r_other' })).toBe('r_ctx');
    expect(peekRunId({ variables: { a: 'b' }, port_payload: {} })).toBeNull();
    expect(peekRunId({ port_payload: '{"context":{"runId":"bad id"}}' })).toBeNull();
  });
});

describe('userInputsOf: the userInputs of a classic or a current (v2) definition', () => {
  const v2 = (trigger: unknown) => JSON.stringify({ identifier: 'a', trigger, invocationMethod: { type: 'GITHUB' } });
  const SCHEMA = { properties: { replica_count: { type: 'number' } }, required: ['replica_count'], order: ['replica_count'] };

  it('reads a classic definition\'s userInputs beside trigger CREATE, DAY-2 or DELETE', () => {
    expect(userInputsOf(JSON.stringify(deployAction()), '--action')).toStrictEqual(deploySchema());
    for (const trigger of ['CREATE', 'DAY-2', 'DELETE']) {
      expect(userInputsOf(JSON.stringify({ identifier: 'a', trigger, userInputs: SCHEMA }), '--action')).toStrictEqual(SCHEMA);
    }
  });

  it('reads a classic definition without userInputs as no inputs', () => {
    expect(userInputsOf(JSON.stringify({ identifier: 'a', trigger: 'CREATE' }), '--action')).toStrictEqual({});
  });

  it('reads a current definition\'s trigger.userInputs, a required jqQuery included', () => {
    const trigger = { type: 'self-service', operation: 'DAY-2', blueprintIdentifier: 'service', userInputs: SCHEMA };
    expect(userInputsOf(v2(trigger), 'action-definition')).toStrictEqual(SCHEMA);
    const jqRequired = { ...SCHEMA, required: { jqQuery: '["replica_count"]' } };
    expect(userInputsOf(v2({ ...trigger, userInputs: jqRequired }), 'action-definition')).toStrictEqual(jqRequired);
  });

  it('reads a self-service trigger without userInputs as no inputs (Port\'s docs publish one: analyze_service_health)', () => {
    expect(userInputsOf(v2({ type: 'self-service', operation: 'DAY-2', blueprintIdentifier: 'service' }), '--action')).toStrictEqual({});
  });

  it('ignores a top-level userInputs of a current definition: the trigger\'s are the action\'s', () => {
    const text = JSON.stringify({ identifier: 'a', trigger: { type: 'self-service', operation: 'CREATE', userInputs: SCHEMA }, userInputs: { properties: {} } });
    expect(userInputsOf(text, '--action')).toStrictEqual(SCHEMA);
  });

  const accepted = 'expected a Port self-service action definition: classic (trigger "CREATE", "DAY-2" or "DELETE", with userInputs beside it) or current (trigger {"type": "self-service", "operation": ..., "userInputs": {...}})';

  it.each([
    ['not JSON', '{"identifier": ', '--action: expected JSON but found text that is not JSON'],
    ['an array', '[]', `--action: ${accepted} but found an array of 0`],
    ['a JSON string', '"deploy"', `--action: ${accepted} but found "deploy"`],
    ['no trigger', '{"identifier":"a","userInputs":{}}', `--action.trigger: ${accepted} but found nothing`],
    ['a trigger in lower case', '{"identifier":"a","trigger":"day-2"}', `--action.trigger: ${accepted} but found "day-2"`],
    ['a trigger object without type or userInputs', v2({ operation: 'DAY-2' }), `--action.trigger: ${accepted} but found an object without type "self-service" or userInputs`],
    ['a trigger array', v2(['DAY-2']), `--action.trigger: ${accepted} but found an array of 1`],
    ['an automation', v2({ type: 'automation', event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' } }), `--action.trigger.type: ${accepted}; an automation has no userInputs to type inputs with but found "automation"`],
    ['an automation even with userInputs', v2({ type: 'automation', userInputs: SCHEMA }), '--action.trigger.type: expected a Port self-service action definition'],
    ['classic userInputs an array', '{"identifier":"a","trigger":"CREATE","userInputs":[]}', '--action.userInputs: expected an object but found an array of 0'],
    ['current userInputs a string', v2({ type: 'self-service', userInputs: 'x' }), '--action.trigger.userInputs: expected an object but found "x"'],
    ['current userInputs.properties an array', v2({ type: 'self-service', userInputs: { properties: [] } }), '--action.trigger.userInputs.properties: expected an object but found an array of 0'],
  ])('refuses %s, naming the source and what is accepted', (_name, text, message) => {
    const error = payloadError(() => userInputsOf(text, '--action'), message);
    if (message.includes(accepted)) expect(error.message).toBe(message);
  });

  it('names the source it was given', () => {
    payloadError(() => userInputsOf('{"identifier":"a"}', 'action-definition'), 'action-definition.trigger: expected a Port self-service action definition');
  });
});

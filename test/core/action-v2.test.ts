import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateAction } from '../../src/core/action.js';
import { actionFormat, validateActionV2, validateAnyAction } from '../../src/core/action-v2.js';
import { actionFormat as actionFormatFromIndex, UsageError, ValidationError } from '../../src/core/index.js';
import type { JsonObject } from '../../src/core/index.js';
import { deployAction } from './helpers.js';

const repoRoot = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const v2CasesDir = path.resolve(repoRoot, '..', 'shared', 'conformance-v2', 'cases');
const legacyCasesDir = path.resolve(repoRoot, '..', 'shared', 'conformance', 'cases');

/** Case files of a corpus; [] when it is missing, which the corpus's own test then reports. */
function caseFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')).sort() : [];
}
function caseAction(dir: string, name: string): unknown {
  return (JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as { action: unknown }).action;
}
function expectCorpus(dir: string, files: string[]): void {
  expect(existsSync(dir), `the corpus ${dir} is missing: these tests need the shared/ folder beside the repository`).toBe(true);
  expect(files.length, `no *.json case files in ${dir}`).toBeGreaterThan(0);
}

const METHODS: Record<string, JsonObject> = {
  GITHUB: { type: 'GITHUB', org: 'acme', repo: 'deployments', workflow: 'deploy.yml', workflowInputs: { port_context: { runId: '{{ .run.id }}' } } },
  GITLAB: { type: 'GITLAB', projectName: 'service', groupName: 'acme/platform', pipelineVariables: { env: '{{ .inputs.env }}' } },
  WEBHOOK: { type: 'WEBHOOK', url: 'https://hooks.example.com/port', method: 'POST', headers: { 'X-Run': '{{ .run.id }}' }, body: { a: 1 } },
  KAFKA: { type: 'KAFKA', payload: { runId: '{{ .run.id }}' } },
  INTEGRATION_ACTION: {
    type: 'INTEGRATION_ACTION',
    installationId: 'gh-ocean',
    integrationActionType: 'dispatch_workflow',
    integrationActionExecutionProperties: { org: 'acme', repo: 'deployments', workflow: 'deploy.yml', workflowInputs: {}, reportWorkflowStatus: true },
  },
  UPSERT_ENTITY: { type: 'UPSERT_ENTITY', blueprintIdentifier: 'service', mapping: { identifier: '{{ .inputs.name }}' } },
  AZURE_DEVOPS: { type: 'AZURE_DEVOPS', webhook: 'port-hook', org: 'acme', payload: {} },
};

/** A valid self-service action; `trigger` and top-level fields override. */
function selfService(trigger: JsonObject = {}, fields: JsonObject = {}): JsonObject {
  return {
    identifier: 'deploy',
    title: 'Deploy',
    trigger: { type: 'self-service', operation: 'CREATE', userInputs: { properties: {}, required: [] }, ...trigger },
    invocationMethod: structuredClone(METHODS.GITHUB),
    ...fields,
  };
}

function withMethod(method: JsonObject): JsonObject {
  return selfService({}, { invocationMethod: method });
}

function withInputs(userInputs: JsonObject): JsonObject {
  return selfService({ operation: 'DAY-2', blueprintIdentifier: 'service', userInputs });
}

function automation(event: JsonObject, condition?: JsonObject): JsonObject {
  return {
    identifier: 'on_change',
    trigger: { type: 'automation', event, ...(condition ? { condition } : {}) },
    invocationMethod: structuredClone(METHODS.WEBHOOK),
    publish: true,
  };
}

/** The problems validateActionV2 reports, or [] when it accepts. */
function problemsOf(raw: unknown): string[] {
  try {
    validateActionV2(raw);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toBeInstanceOf(UsageError);
    return (error as ValidationError).problems;
  }
}

describe("validateActionV2: Port's documented definitions", () => {
  const files = caseFiles(v2CasesDir);

  it('finds the corpus of real definitions', () => {
    expectCorpus(v2CasesDir, files);
  });

  it.each(files)('accepts %s', (name) => {
    const action = caseAction(v2CasesDir, name);
    expect(actionFormat(action)).toBe('v2');
    expect(problemsOf(action)).toEqual([]);
    expect(validateAnyAction(action, name)).toEqual({ format: 'v2', action });
  });
});

describe('validateActionV2: accepts', () => {
  it.each(Object.keys(METHODS))('a self-service action with a %s backend, and returns the same object', (backend) => {
    const raw = withMethod(structuredClone(METHODS[backend]!));
    expect(validateActionV2(raw)).toBe(raw);
  });

  it.each(['ENTITY_CREATED', 'ENTITY_UPDATED', 'ENTITY_DELETED', 'ANY_ENTITY_CHANGE'])('an automation on %s with its blueprint', (type) => {
    expect(problemsOf(automation({ type, blueprintIdentifier: 'service' }, { type: 'JQ', expressions: ['.diff.after != null'], combinator: 'and' }))).toEqual([]);
  });

  it('an automation on TIMER_PROPERTY_EXPIRED with blueprint and property', () => {
    expect(problemsOf(automation({ type: 'TIMER_PROPERTY_EXPIRED', blueprintIdentifier: 'env', propertyIdentifier: 'ttl' }))).toEqual([]);
  });

  it.each(['RUN_CREATED', 'RUN_UPDATED', 'ANY_RUN_CHANGE'])('an automation on %s with its action', (type) => {
    expect(problemsOf(automation({ type, actionIdentifier: 'deploy' }))).toEqual([]);
  });

  it('a self-service action without userInputs, as Port\'s own docs write one (the schema requires them)', () => {
    const raw = selfService();
    delete (raw.trigger as JsonObject).userInputs;
    expect(problemsOf(raw)).toEqual([]);
  });

  it('the read-only fields Port adds when it returns a definition', () => {
    const fields = { createdBy: 'auth0|1', updatedBy: 'auth0|1', createdAt: '2024-08-15T12:29:45.817Z', updatedAt: '2024-08-15T12:29:45.817Z' };
    expect(problemsOf(selfService({}, fields))).toEqual([]);
    expect(problemsOf(selfService({}, { ...fields, createdAt: 'yesterday' }))).toEqual([
      'createdAt: expected a date-time like 2026-01-02T03:04:05Z but found "yesterday"',
    ]);
  });

  it('inputs with steps, titles placed by order, dependsOn, entity inputs with their blueprint, and a jq required', () => {
    const userInputs = {
      properties: {
        service: { type: 'string', format: 'entity', blueprint: 'service' },
        targets: { type: 'array', items: { type: 'string', format: 'entity', blueprint: 'cluster' } },
        version: { type: 'string', dependsOn: ['service'], pattern: '^v[0-9]+$', default: { jqQuery: '.entity.properties.version' } },
        secret: { type: 'string', encryption: 'aes256-gcm' },
      },
      titles: { section: { title: 'Where' } },
      required: { jqQuery: '["service"]' },
      steps: [{ title: 'One', order: ['section', 'service', 'targets'] }, { title: 'Two', order: ['version', 'secret'] }],
    };
    expect(problemsOf(withInputs(userInputs))).toEqual([]);
  });

  it('templated webhook URL and method, which only a run can judge', () => {
    expect(problemsOf(withMethod({ type: 'WEBHOOK', url: '{{ .inputs.base }}/hook', method: '{{ .inputs.method }}' }))).toEqual([]);
  });

  it('GET among webhook methods, as Port\'s guides use it', () => {
    expect(problemsOf(withMethod({ type: 'WEBHOOK', url: 'https://api.example.com/x', method: 'GET' }))).toEqual([]);
  });

  it('25 workflow inputs besides ref, and templated keys that may render to nothing', () => {
    const inputs: JsonObject = { ref: 'main', '{{ spreadValue() }}': '{{ .inputs }}', '{{ .inputs.key }}': 'x' };
    for (let i = 0; i < 25; i++) inputs[`input_${i}`] = `{{ .inputs.i${i} }}`;
    expect(problemsOf(withMethod({ ...METHODS.GITHUB, workflowInputs: inputs }))).toEqual([]);
  });
});

describe('validateActionV2: reports what the schema says, in our words', () => {
  it('a wrong type, with the kind of value found', () => {
    expect(problemsOf(withMethod({ ...METHODS.GITHUB, workflowInputs: 'port_payload' }))).toEqual([
      'invocationMethod.workflowInputs: expected an object but found a string',
    ]);
  });

  it('a field the backend does not take, listing the ones it does (and not the variants of other backends)', () => {
    expect(problemsOf(withMethod({ ...METHODS.GITHUB, omitPayload: true }))).toEqual([
      "invocationMethod.omitPayload: not a field of GITHUB in Port's current format (accepted: org, repo, workflow, workflowInputs, reportWorkflowStatus)",
    ]);
    expect(problemsOf(withMethod({ ...METHODS.GITLAB, agent: true }))).toEqual([
      "invocationMethod.agent: not a field of GITLAB in Port's current format (accepted: projectName, groupName, defaultRef, pipelineVariables)",
    ]);
    expect(problemsOf(withMethod({ ...METHODS.KAFKA, url: 'https://x.example' }))).toEqual([
      "invocationMethod.url: not a field of KAFKA in Port's current format (accepted: payload)",
    ]);
  });

  it.each<[string, JsonObject, string[]]>([
    ['GITHUB', { type: 'GITHUB' }, ['org', 'repo', 'workflow']],
    ['GITLAB', { type: 'GITLAB' }, ['projectName', 'groupName']],
    ['WEBHOOK', { type: 'WEBHOOK' }, ['url']],
    ['INTEGRATION_ACTION', { type: 'INTEGRATION_ACTION' }, ['installationId', 'integrationActionType', 'integrationActionExecutionProperties']],
    ['UPSERT_ENTITY', { type: 'UPSERT_ENTITY' }, ['blueprintIdentifier', 'mapping']],
  ])('the fields %s requires', (backend, method, fields) => {
    expect(problemsOf(withMethod(method))).toEqual(fields.map((field) => `invocationMethod.${field}: required with ${backend}`));
  });

  it('an unknown backend, naming the backends Port has', () => {
    expect(problemsOf(withMethod({ type: 'GITHB', org: 'a' }))).toEqual([
      'invocationMethod.type: expected one of KAFKA, WEBHOOK, GITHUB, INTEGRATION_ACTION, GITLAB, AZURE_DEVOPS, UPSERT_ENTITY but found "GITHB"',
    ]);
  });

  it('a backend without type, rather than guessing one', () => {
    expect(problemsOf(withMethod({ org: 'a', repo: 'b', workflow: 'c' }))).toEqual([
      'invocationMethod.type: required (one of KAFKA, WEBHOOK, GITHUB, INTEGRATION_ACTION, GITLAB, AZURE_DEVOPS, UPSERT_ENTITY)',
    ]);
  });

  it('an invocationMethod or trigger that is not an object', () => {
    expect(problemsOf(selfService({}, { invocationMethod: 'GITHUB', trigger: 'CREATE' }))).toEqual([
      'trigger: expected an object but found a string',
      'invocationMethod: expected an object but found a string',
    ]);
  });

  it.each<[string, JsonObject, string]>([
    ['ENTITY_CREATED', { type: 'ENTITY_CREATED' }, 'trigger.event.blueprintIdentifier: required with ENTITY_CREATED'],
    ['ENTITY_UPDATED', { type: 'ENTITY_UPDATED', actionIdentifier: 'a' }, 'trigger.event.blueprintIdentifier: required with ENTITY_UPDATED'],
    ['ENTITY_DELETED', { type: 'ENTITY_DELETED' }, 'trigger.event.blueprintIdentifier: required with ENTITY_DELETED'],
    ['ANY_ENTITY_CHANGE', { type: 'ANY_ENTITY_CHANGE' }, 'trigger.event.blueprintIdentifier: required with ANY_ENTITY_CHANGE'],
    ['TIMER_PROPERTY_EXPIRED', { type: 'TIMER_PROPERTY_EXPIRED', blueprintIdentifier: 'env' }, 'trigger.event.propertyIdentifier: required with TIMER_PROPERTY_EXPIRED'],
    ['RUN_CREATED', { type: 'RUN_CREATED' }, 'trigger.event.actionIdentifier: required with RUN_CREATED'],
    ['RUN_UPDATED', { type: 'RUN_UPDATED', blueprintIdentifier: 'service' }, 'trigger.event.actionIdentifier: required with RUN_UPDATED'],
    ['ANY_RUN_CHANGE', { type: 'ANY_RUN_CHANGE' }, 'trigger.event.actionIdentifier: required with ANY_RUN_CHANGE'],
  ])('what an automation on %s needs', (_type, event, problem) => {
    expect(problemsOf(automation(event))).toContain(problem);
  });

  it('the field of the other kind of event, as not a field of this one', () => {
    expect(problemsOf(automation({ type: 'RUN_CREATED', actionIdentifier: 'a', blueprintIdentifier: 'service' }))).toEqual([
      "trigger.event.blueprintIdentifier: not a field of RUN_CREATED in Port's current format (accepted: actionIdentifier)",
    ]);
  });

  it('an event type Port does not have', () => {
    expect(problemsOf(automation({ type: 'ENTITY_RENAMED', blueprintIdentifier: 'service' }))).toEqual([
      'trigger.event.type: expected one of ENTITY_CREATED, ENTITY_UPDATED, ENTITY_DELETED, TIMER_PROPERTY_EXPIRED, ANY_ENTITY_CHANGE, RUN_CREATED, RUN_UPDATED, ANY_RUN_CHANGE but found "ENTITY_RENAMED"',
    ]);
  });

  it('a trigger type, a missing operation and an unknown operation', () => {
    expect(problemsOf(selfService({ type: 'manual' }))).toEqual(['trigger.type: expected one of self-service, automation but found "manual"']);
    const noOperation = selfService();
    delete (noOperation.trigger as JsonObject).operation;
    expect(problemsOf(noOperation)).toEqual(['trigger.operation: required (one of DAY-2, DELETE, CREATE)']);
    expect(problemsOf(selfService({ operation: 'UPDATE' }))).toEqual(['trigger.operation: expected one of DAY-2, DELETE, CREATE but found "UPDATE"']);
  });

  it('a field of DAY-2 triggers on a CREATE trigger', () => {
    expect(problemsOf(selfService({ condition: { type: 'SEARCH', rules: [], combinator: 'and' } }))).toEqual([
      "trigger.condition: not a field of self-service CREATE in Port's current format (accepted: blueprintIdentifier, userInputs, actionCardButtonText, executeActionButtonText)",
    ]);
  });

  it('an automation condition of the wrong shape', () => {
    expect(problemsOf(automation({ type: 'RUN_CREATED', actionIdentifier: 'a' }, { type: 'SQL', expressions: '.x', combinator: 'xor' }))).toEqual([
      'trigger.condition.type: expected JQ but found "SQL"',
      'trigger.condition.expressions: expected an array but found a string',
      'trigger.condition.combinator: expected one of and, or but found "xor"',
    ]);
  });

  it('top-level fields: unknown ones, the classic userInputs place, the identifier pattern, approval', () => {
    expect(problemsOf(selfService({}, { identifier: 'a b', userInputs: {}, requiredApproval: 'yes' }))).toEqual([
      "userInputs: not a field of an action in Port's current format (accepted: identifier, title, icon, description, trigger, invocationMethod, requiredApproval, approvalNotification, publish, allowAnyoneToViewRuns, createdBy, updatedBy, createdAt, updatedAt); in the current format userInputs go in trigger.userInputs",
      'identifier: expected letters, digits and @ _ . + : = - (not "." or "..") but found "a b"',
      'requiredApproval: expected an object or a boolean but found a string',
    ]);
  });

  it('a required identifier, trigger and invocationMethod', () => {
    expect(problemsOf({})).toEqual(['identifier: required', 'trigger: required', 'invocationMethod: required']);
  });

  it('input ids and input types', () => {
    expect(problemsOf(withInputs({ properties: { 'a b': { type: 'string' }, x: { type: 'text' } } }))).toEqual([
      'trigger.userInputs.properties.a b: not a valid key here (keys are letters, digits and @ _ = -)',
      'trigger.userInputs.properties.x.type: expected one of string, number, boolean, object, array but found "text"',
    ]);
  });

  it('button texts too long or padded', () => {
    expect(problemsOf(selfService({ actionCardButtonText: ' Go', executeActionButtonText: 'Deploy it right now' }))).toEqual([
      'trigger.actionCardButtonText: expected text that neither starts nor ends with a space but found " Go"',
      'trigger.executeActionButtonText: expected at most 15 characters but found 19',
    ]);
  });

  it('a wrong rule deep in a nested dataset group, by its path', () => {
    const dataset = { combinator: 'and', rules: [{ combinator: 'or', rules: [{ property: 'tier', operator: '=', value: 'gold' }, { operator: 'isEmpty' }] }] };
    expect(problemsOf(withInputs({ properties: { s: { type: 'string', format: 'entity', blueprint: 'service', dataset } } }))).toEqual([
      'trigger.userInputs.properties.s.dataset.rules[0].rules[1].property: required',
    ]);
  });

  it('every problem at once, across trigger, inputs and backend', () => {
    const raw = {
      identifier: 'deploy',
      trigger: {
        type: 'self-service',
        operation: 'DAY-2',
        userInputs: { properties: { env: { type: 'string', enum: 'prod' } }, required: ['region'], order: ['env'] },
      },
      invocationMethod: { type: 'GITHUB', org: 'acme', workflow: 7, omitUserInputs: true },
      publish: 'yes',
    };
    expect(problemsOf(raw).sort()).toEqual([
      'publish: expected a boolean but found a string',
      'trigger.userInputs.required[0]: expected the id of an input in trigger.userInputs.properties but found "region"',
      'trigger.userInputs.properties.env.enum: expected an array but found a string',
      'invocationMethod.repo: required with GITHUB',
      "invocationMethod.omitUserInputs: not a field of GITHUB in Port's current format (accepted: org, repo, workflow, workflowInputs, reportWorkflowStatus)",
      'invocationMethod.workflow: expected a string but found a number',
    ].sort());
  });
});

describe('validateActionV2: the rules between fields', () => {
  it('userInputs.required names inputs that exist', () => {
    expect(problemsOf(withInputs({ properties: { a: { type: 'string' } }, required: ['a', 'b'] }))).toEqual([
      'trigger.userInputs.required[1]: expected the id of an input in trigger.userInputs.properties but found "b"',
    ]);
  });

  it('userInputs.order names inputs or titles', () => {
    expect(problemsOf(withInputs({ properties: { a: { type: 'string' } }, titles: { t: { title: 'T' } }, order: ['t', 'a', 'c'] }))).toEqual([
      'trigger.userInputs.order[2]: expected the id of an input in trigger.userInputs.properties or of a title in trigger.userInputs.titles but found "c"',
    ]);
  });

  it('each step\'s order names inputs or titles', () => {
    expect(problemsOf(withInputs({ properties: { a: { type: 'string' } }, steps: [{ title: 'One', order: ['a'] }, { title: 'Two', order: ['gone'] }] }))).toEqual([
      'trigger.userInputs.steps[1].order[0]: expected the id of an input in trigger.userInputs.properties or of a title in trigger.userInputs.titles but found "gone"',
    ]);
  });

  it('dependsOn names another input that exists', () => {
    const properties = { a: { type: 'string', dependsOn: ['b', 'a'] }, c: { type: 'string', dependsOn: ['a'] } };
    expect(problemsOf(withInputs({ properties }))).toEqual([
      'trigger.userInputs.properties.a.dependsOn[0]: expected the id of another input in trigger.userInputs.properties but found "b"',
      'trigger.userInputs.properties.a.dependsOn[1]: expected the id of another input in trigger.userInputs.properties but found "a" (the input itself)',
    ]);
  });

  it('an entity input, or array of entities, names its blueprint', () => {
    const properties = { one: { type: 'string', format: 'entity' }, many: { type: 'array', items: { type: 'string', format: 'entity' } } };
    expect(problemsOf(withInputs({ properties }))).toEqual([
      'trigger.userInputs.properties.one.blueprint: required with format entity',
      'trigger.userInputs.properties.many.items.blueprint: required with format entity',
    ]);
  });

  it('the JSON Schema keywords of an input have their types, and a pattern compiles', () => {
    const properties = { a: { type: 'string', title: 3, minLength: '1', pattern: '([a-z' }, b: { type: 'number', maximum: '9' } };
    const problems = problemsOf(withInputs({ properties }));
    expect(problems).toEqual([
      'trigger.userInputs.properties.a.title: expected a string but found a number',
      'trigger.userInputs.properties.a.minLength: expected a number but found a string',
      expect.stringMatching(/^trigger\.userInputs\.properties\.a\.pattern: expected a regular expression but found "\(\[a-z" \(it does not compile: /),
      'trigger.userInputs.properties.b.maximum: expected a number but found a string',
    ]);
  });

  it('encryption is aes256-gcm, on a string or object input without a format', () => {
    const properties = { a: { type: 'string', encryption: 'rot13' }, b: { type: 'number', encryption: 'aes256-gcm' } };
    expect(problemsOf(withInputs({ properties }))).toEqual([
      'trigger.userInputs.properties.a.encryption: expected aes256-gcm but found "rot13"',
      'trigger.userInputs.properties.b.encryption: only allowed on string or object inputs (type is "number")',
    ]);
  });

  it('a jq default says its query as text', () => {
    expect(problemsOf(withInputs({ properties: { a: { type: 'string', default: { jqQuery: 5 } } } }))).toEqual([
      'trigger.userInputs.properties.a.default.jqQuery: expected a string but found a number',
    ]);
  });

  it('a literal webhook URL is an http(s) URL', () => {
    expect(problemsOf(withMethod({ type: 'WEBHOOK', url: 'ftp://files.example.com/x' }))).toEqual([
      'invocationMethod.url: expected an http(s) URL (or a template) but found "ftp://files.example.com/x"',
    ]);
  });

  it('a literal webhook method is one Port offers', () => {
    expect(problemsOf(withMethod({ type: 'WEBHOOK', url: 'https://x.example/', method: 'post' }))).toEqual([
      'invocationMethod.method: expected one of GET, POST, PUT, PATCH, DELETE but found "post"',
    ]);
  });

  it('dispatch_workflow names org, repo and workflow, with their types, and nothing else', () => {
    const method = { ...METHODS.INTEGRATION_ACTION, integrationActionExecutionProperties: { org: 1, workflowInputs: [], reportWorkflowStatus: 3, omitPayload: true } };
    expect(problemsOf(withMethod(method))).toEqual([
      'invocationMethod.integrationActionExecutionProperties.org: expected a string but found a number',
      'invocationMethod.integrationActionExecutionProperties.workflowInputs: expected an object but found an array',
      'invocationMethod.integrationActionExecutionProperties.reportWorkflowStatus: expected a boolean or a string but found a number',
      "invocationMethod.integrationActionExecutionProperties.omitPayload: not a field of dispatch_workflow in Port's current format (accepted: org, repo, workflow, workflowInputs, reportWorkflowStatus)",
      'invocationMethod.integrationActionExecutionProperties.repo: required with dispatch_workflow',
      'invocationMethod.integrationActionExecutionProperties.workflow: required with dispatch_workflow',
    ]);
  });

  it('more than 25 literal workflow inputs besides ref, which GitHub would refuse, for GITHUB and through Ocean', () => {
    const inputs: JsonObject = { ref: 'main' };
    for (let i = 0; i < 26; i++) inputs[`input_${i}`] = 'x';
    expect(problemsOf(withMethod({ ...METHODS.GITHUB, workflowInputs: inputs }))).toEqual([
      "invocationMethod.workflowInputs: expected at most 25 inputs besides ref (GitHub's limit for one workflow dispatch) but found 26",
    ]);
    const ocean = structuredClone(METHODS.INTEGRATION_ACTION!);
    (ocean.integrationActionExecutionProperties as JsonObject).workflowInputs = inputs;
    expect(problemsOf(withMethod(ocean))).toEqual([
      "invocationMethod.integrationActionExecutionProperties.workflowInputs: expected at most 25 inputs besides ref (GitHub's limit for one workflow dispatch) but found 26",
    ]);
  });
});

describe('validateActionV2: hostile input gets named errors, never a crash', () => {
  it('refuses what is not an object', () => {
    for (const raw of [null, 'x', 3, [], undefined]) {
      expect(problemsOf(raw)).toEqual([expect.stringMatching(/^expected an action definition \(a JSON object\) but found /)]);
    }
  });

  it('__proto__ keys are fields like any other, and ids are looked up as own keys', () => {
    const raw = JSON.parse(
      '{"identifier":"x","__proto__":{"polluted":true},"trigger":{"type":"self-service","operation":"CREATE","userInputs":{"properties":{"__proto__":{"type":"string"}},"required":["__proto__","constructor","toString"]}},"invocationMethod":{"type":"KAFKA","__proto__":{}}}',
    ) as unknown;
    expect(problemsOf(raw)).toEqual([
      expect.stringMatching(/^__proto__: not a field of an action in Port's current format/),
      "invocationMethod.__proto__: not a field of KAFKA in Port's current format (accepted: payload)",
      'trigger.userInputs.required[1]: expected the id of an input in trigger.userInputs.properties but found "constructor"',
      'trigger.userInputs.required[2]: expected the id of an input in trigger.userInputs.properties but found "toString"',
    ]);
    expect(({} as JsonObject).polluted).toBeUndefined();
  });

  it('deep nesting, as deep templated values or as rule groups, and a cycle', () => {
    let deep: JsonObject = {};
    const inputs = deep;
    for (let i = 0; i < 10_000; i++) deep = deep.a = {};
    expect(problemsOf(withMethod({ ...METHODS.GITHUB, workflowInputs: inputs }))).toEqual([
      expect.stringMatching(/^invocationMethod\.workflowInputs(\.a)+: nested deeper than 64 levels, which no definition is$/),
    ]);
    let group: JsonObject = { combinator: 'and', rules: [] };
    const dataset = group;
    for (let i = 0; i < 5_000; i++) {
      const inner = { combinator: 'or', rules: [] };
      (group.rules as unknown[]).push(inner);
      group = inner;
    }
    expect(problemsOf(withInputs({ properties: { s: { type: 'string', format: 'entity', blueprint: 'b', dataset } } }))).toEqual([
      expect.stringMatching(/nested deeper than 64 levels/),
    ]);
    const cyclic = selfService();
    (cyclic.invocationMethod as JsonObject).workflowInputs = cyclic;
    expect(problemsOf(cyclic)).toEqual([expect.stringMatching(/nested deeper than 64 levels/)]);
  });

  it('values that are not JSON', () => {
    expect(problemsOf(withMethod({ ...METHODS.KAFKA, payload: { run: () => 1 } }))).toEqual(['invocationMethod.payload.run: expected a JSON value but found a function']);
    expect(problemsOf(selfService({}, { title: 10n }))).toEqual(['title: expected a JSON value but found a bigint']);
  });

  it('huge strings and keys are cut in the message', () => {
    const huge = 'x'.repeat(5_000_000);
    const problems = problemsOf(selfService({}, { identifier: `${huge} y`, [huge]: 1 }));
    expect(problems).toHaveLength(2);
    for (const problem of problems) expect(problem.length).toBeLessThan(400);
    expect(problems).toContain(`identifier: expected letters, digits and @ _ . + : = - (not "." or "..") but found "${'x'.repeat(40)}…"`);
  });

  it('thousands of unknown fields give 50 problems and a count of the rest', () => {
    const method: JsonObject = { ...METHODS.KAFKA };
    for (let i = 0; i < 5_000; i++) method[`field_${i}`] = i;
    const problems = problemsOf(withMethod(method));
    expect(problems).toHaveLength(51);
    expect(problems.at(-1)).toBe('and 4950 more problem(s) not shown');
  });

  it('control characters in keys stay on one line', () => {
    const error = (() => {
      try {
        validateActionV2(selfService({}, { 'bad\nkey': 1 }));
      } catch (caught) {
        return caught as ValidationError;
      }
      throw new Error('expected a throw');
    })();
    expect(error.message).not.toContain('\n');
    expect(error.problems[0]).toContain('bad\\u000akey');
  });
});

describe('actionFormat and validateAnyAction', () => {
  const legacyFiles = caseFiles(legacyCasesDir);
  const exampleDir = path.join(repoRoot, 'examples', 'actions');

  it('finds the corpus of classic definitions', () => {
    expectCorpus(legacyCasesDir, legacyFiles);
  });

  // These keep their docs placeholders (<WEBHOOK_URL>, which the classic runner fills in), so some are refused:
  // what matters is that validateAnyAction answers exactly as validateAction does.
  it.each(legacyFiles)('classifies the classic %s as legacy and judges it as validateAction does', (name) => {
    const action = caseAction(legacyCasesDir, name);
    expect(actionFormat(action)).toBe('legacy');
    const outcome = (validate: () => unknown) => {
      try {
        return { result: validate() };
      } catch (error) {
        return { error: (error as Error).message };
      }
    };
    const classic = outcome(() => validateAction(action, name));
    expect(outcome(() => validateAnyAction(action, name))).toEqual('error' in classic ? classic : { result: { format: 'legacy', action } });
  });

  it.each(readdirSync(exampleDir).filter((name) => name.endsWith('.json')))('classifies examples/actions/%s by its format and accepts it', (name) => {
    const action = JSON.parse(readFileSync(path.join(exampleDir, name), 'utf8')) as unknown;
    const format = name.endsWith('.v2.json') ? 'v2' : 'legacy';
    expect(actionFormat(action)).toBe(format);
    expect(validateAnyAction(action).format).toBe(format);
  });

  it.each<[string, unknown]>([
    ['a trigger string', { identifier: 'a', trigger: 'DAY-2', invocationMethod: { type: 'KAFKA' } }],
    ['an unknown trigger string, which the classic checks then name', { identifier: 'a', trigger: 'NOPE', invocationMethod: { type: 'KAFKA' } }],
    ['no trigger beside a classic invocationMethod', { identifier: 'a', invocationMethod: { type: 'GITHUB', org: 'o', repo: 'r', workflow: 'w', omitPayload: true } }],
    ['no trigger and no invocationMethod beside top-level userInputs', { identifier: 'a', userInputs: { properties: {} } }],
  ])('legacy: %s', (_name, raw) => {
    expect(actionFormat(raw)).toBe('legacy');
  });

  it('hands a legacy definition to the classic checks, problems and all', () => {
    expect(validateAnyAction(deployAction())).toEqual({ format: 'legacy', action: deployAction() });
    expect(() => validateAnyAction({ identifier: 'a', trigger: 'NOPE', invocationMethod: { type: 'KAFKA' } }, 'a.json')).toThrow(
      'a.json: 1 problem(s): trigger: expected one of CREATE, DAY-2, DELETE but found "NOPE"',
    );
  });

  it.each<[string, unknown, string]>([
    ['a string', 'deploy', '"deploy"'],
    ['an array', [], 'an array of 0'],
    ['a null trigger', { identifier: 'a', trigger: null, invocationMethod: { type: 'KAFKA' } }, 'trigger null'],
    ['an array trigger', { identifier: 'a', trigger: ['CREATE'], invocationMethod: { type: 'KAFKA' } }, 'trigger an array of 1'],
    ['nothing of either', { identifier: 'a' }, 'an object with neither trigger nor invocationMethod'],
    ['a current invocationMethod without its trigger', { identifier: 'a', invocationMethod: { type: 'GITHUB', org: 'o', repo: 'r', workflow: 'w', workflowInputs: {} } }, 'no trigger, beside an invocationMethod in the current format (workflowInputs)'],
    ['a current-only backend without a trigger', { identifier: 'a', invocationMethod: { type: 'UPSERT_ENTITY', mapping: {} } }, 'no trigger, beside an invocationMethod in the current format (type UPSERT_ENTITY, mapping)'],
    ['an invocationMethod that is not an object', { identifier: 'a', invocationMethod: 'KAFKA' }, 'no trigger, and invocationMethod "KAFKA"'],
  ])('neither format: %s, saying what was found and what both formats look like', (_name, raw, found) => {
    expect(actionFormat(raw)).toBeNull();
    let problems: string[] = [];
    try {
      validateAnyAction(raw, 'x.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      problems = (error as ValidationError).problems;
    }
    expect(problems).toEqual([
      `expected Port's classic format (trigger "CREATE", "DAY-2" or "DELETE") or its current format (trigger an object with type self-service or automation) but found ${found}`,
    ]);
  });

  it('v2 when trigger is an object, even a broken one', () => {
    expect(actionFormat({ trigger: {} })).toBe('v2');
    expect(() => validateAnyAction({ identifier: 'a', trigger: {}, invocationMethod: { type: 'KAFKA' } })).toThrow(/trigger\.type: required \(one of self-service, automation\)/);
  });

  it('refuses hostile depth before either format\'s checks', () => {
    let deep: JsonObject = {};
    const legacy = { identifier: 'a', trigger: 'CREATE', invocationMethod: { type: 'KAFKA' }, userInputs: { properties: { x: deep } } };
    for (let i = 0; i < 10_000; i++) deep = deep.items = {};
    expect(() => validateAnyAction(legacy)).toThrow(/nested deeper than 64 levels/);
  });

  it('is the same function from the core index, where it costs the action bundles no ajv', () => {
    expect(actionFormatFromIndex).toBe(actionFormat);
  });
});

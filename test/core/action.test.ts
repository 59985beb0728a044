import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateAction } from '../../src/core/action.js';
import { UsageError, ValidationError } from '../../src/core/index.js';
import type { JsonObject } from '../../src/core/index.js';
import { deployAction } from './helpers.js';

type Backend = 'WEBHOOK' | 'KAFKA' | 'GITHUB' | 'GITLAB';
const BACKENDS: Backend[] = ['WEBHOOK', 'KAFKA', 'GITHUB', 'GITLAB'];

/** The least each backend needs. */
const MINIMAL: Record<Backend, JsonObject> = {
  WEBHOOK: { type: 'WEBHOOK', url: 'https://hooks.example.com/port' },
  KAFKA: { type: 'KAFKA' },
  GITHUB: { type: 'GITHUB', org: 'acme', repo: 'deployments', workflow: 'deploy.yml' },
  GITLAB: { type: 'GITLAB', projectName: 'service', groupName: 'acme/platform' },
};

function action(fields: JsonObject = {}, backend: Backend = 'KAFKA'): JsonObject {
  return { identifier: 'deploy', trigger: 'CREATE', invocationMethod: { ...MINIMAL[backend] }, ...fields };
}

function withMethod(backend: Backend, extra: JsonObject): JsonObject {
  return action({ invocationMethod: { ...MINIMAL[backend], ...extra } });
}

function withInput(spec: unknown, userInputs: JsonObject = {}): JsonObject {
  return action({ userInputs: { properties: { x: spec }, ...userInputs } });
}

/** The problems validateAction reports, or [] when it accepts. */
function problemsOf(raw: unknown, source?: string): string[] {
  try {
    validateAction(raw, source);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems;
  }
}

describe('validateAction: accepts', () => {
  it.each(BACKENDS)('the minimal %s action and returns the same object', (backend) => {
    const raw = action({}, backend);
    expect(validateAction(raw)).toBe(raw);
  });

  it('an action without trigger or userInputs, and the keys Port adds for its UI', () => {
    expect(problemsOf({ identifier: 'a', invocationMethod: { type: 'KAFKA' }, icon: 'Git', requiredApproval: false, approvalNotification: { type: 'email' } })).toEqual([]);
  });

  it.each(['CREATE', 'DAY-2', 'DELETE'])('trigger %s', (trigger) => {
    expect(problemsOf(action({ trigger }))).toEqual([]);
  });

  it('the repository example action', () => {
    expect(problemsOf(deployAction())).toEqual([]);
  });

  it('an input spec with every known keyword and presentation keywords Port adds', () => {
    const spec = {
      type: 'string', title: 'T', description: 'D', icon: 'Git', format: 'entity', blueprint: 'service', enum: ['a'], pattern: '^[a-z]+$',
      minLength: 1, maxLength: 9, enumColors: { a: 'red' }, default: 'a', dataset: { combinator: 'and', rules: [] }, visible: true,
    };
    expect(problemsOf(withInput(spec, { required: ['x'], order: ['x'] }))).toEqual([]);
  });

  it.each([
    ['a jq query', { jqQuery: '.user.email' }],
    ['an object without jqQuery', { team: 'a' }],
    ['an array', [1, 2]],
    ['a number', 3],
    ['null', null],
  ])('a default that is %s', (_name, value) => {
    expect(problemsOf(withInput({ type: 'object', default: value }))).toEqual([]);
  });

  it('array items described as inputs, entity items included', () => {
    expect(problemsOf(withInput({ type: 'array', items: { type: 'string', format: 'entity', blueprint: 'svc', dataset: {} } }))).toEqual([]);
  });

  it.each(['string', 'object'])('encryption aes256-gcm on a %s input without a format', (type) => {
    expect(problemsOf(withInput({ type, encryption: 'aes256-gcm' }))).toEqual([]);
  });
});

describe('validateAction: the shape', () => {
  it.each<[string, unknown, string[]]>([
    ['not an object', [], ['expected an action definition (a JSON object) but found an array of 0']],
    ['no identifier', { invocationMethod: { type: 'KAFKA' } }, ['identifier: required']],
    ['a numeric identifier', action({ identifier: 7 }), ['identifier: expected a string but found number 7']],
    ['an unknown trigger', action({ trigger: 'UPDATE' }), ['trigger: expected one of CREATE, DAY-2, DELETE but found "UPDATE"']],
    ['no invocationMethod', { identifier: 'a' }, ['invocationMethod: required']],
    ['an invocationMethod that is text', action({ invocationMethod: 'GITHUB' }), ['invocationMethod: expected an object but found "GITHUB"']],
    ['an invocationMethod without type', action({ invocationMethod: { url: 'https://x.example' } }), ['invocationMethod.type: required']],
    [
      'an unknown backend type',
      action({ invocationMethod: { type: 'AZURE_DEVOPS' } }),
      ['invocationMethod.type: expected one of WEBHOOK, KAFKA, GITHUB, GITLAB but found "AZURE_DEVOPS"'],
    ],
    ['userInputs as a list', action({ userInputs: [] }), ['userInputs: expected an object but found an array of 0']],
    ['userInputs without properties', action({ userInputs: { required: [] } }), ['userInputs.properties: required']],
    ['properties as a list', action({ userInputs: { properties: [] } }), ['userInputs.properties: expected an object but found an array of 0']],
    ['an input spec that is text', withInput('string'), ['userInputs.properties.x: expected an object but found "string"']],
    ['an input without type', withInput({ title: 'X' }), ['userInputs.properties.x.type: required']],
  ])('refuses %s', (_name, raw, expected) => {
    expect(problemsOf(raw)).toEqual(expected);
  });
});

describe('validateAction: input keywords', () => {
  it('names the input and lists the types when one is unknown', () => {
    const raw = action({ userInputs: { properties: { replicas: { type: 'int' } } } });
    expect(problemsOf(raw)).toEqual(['userInputs.properties.replicas.type: expected one of string, number, boolean, object, array but found "int"']);
  });

  it.each<[string, unknown, string]>([
    ['format', 5, 'format: expected a string but found number 5'],
    ['enum', 'a,b', 'enum: expected an array but found "a,b"'],
    ['pattern', /x/, 'pattern: expected a string but found an object'],
    ['minLength', '3', 'minLength: expected a number but found "3"'],
    ['maxLength', true, 'maxLength: expected a number but found boolean true'],
    ['minimum', '1', 'minimum: expected a number but found "1"'],
    ['maximum', null, 'maximum: expected a number but found null'],
    ['items', 'string', 'items: expected an object but found "string"'],
    ['blueprint', 3, 'blueprint: expected a string but found number 3'],
    ['encryption', 'aes128', 'encryption: expected aes256-gcm but found "aes128"'],
    ['default', { jqQuery: 5 }, 'default.jqQuery: expected a string but found number 5'],
  ])('refuses %s = %j', (keyword, value, expected) => {
    expect(problemsOf(withInput({ type: 'string', [keyword]: value }))).toEqual([`userInputs.properties.x.${expected}`]);
  });

  it('refuses a pattern that does not compile, saying why', () => {
    expect(problemsOf(withInput({ type: 'string', pattern: '([a-z' }))).toEqual([
      'userInputs.properties.x.pattern: expected a regular expression but found "([a-z" (it does not compile: Unterminated character class)',
    ]);
  });

  it('checks item specs like inputs', () => {
    expect(problemsOf(withInput({ type: 'array', items: { type: 'list', pattern: '(' } }))).toEqual([
      'userInputs.properties.x.items.type: expected one of string, number, boolean, object, array but found "list"',
      'userInputs.properties.x.items.pattern: expected a regular expression but found "(" (it does not compile: Unterminated group)',
    ]);
  });

  it.each(['number', 'boolean', 'array'])('refuses encryption on a %s input', (type) => {
    expect(problemsOf(withInput({ type, encryption: 'aes256-gcm' }))).toEqual([`userInputs.properties.x.encryption: only allowed on string or object inputs (type is "${type}")`]);
  });

  it('refuses encryption on an input with a format', () => {
    expect(problemsOf(withInput({ type: 'string', format: 'email', encryption: 'aes256-gcm' }))).toEqual([
      'userInputs.properties.x.encryption: not allowed on an input with a format (format is "email")',
    ]);
  });

  it('refuses encryption on array items, which would travel in clear', () => {
    expect(problemsOf(withInput({ type: 'array', items: { type: 'string', encryption: 'aes256-gcm' } }))).toEqual([
      'userInputs.properties.x.items.encryption: only allowed on an input, not on array items',
    ]);
  });

  it.each<[string, JsonObject, string[]]>([
    ['a list of existing ids', { required: ['x'] }, []],
    ['text', { required: 'x' }, ['userInputs.required: expected an array but found "x"']],
    ['a non-string id', { required: [1] }, ['userInputs.required[0]: expected a string but found number 1']],
    ['an id with no input', { required: ['x', 'y'] }, ['userInputs.required[1]: expected the id of an input in userInputs.properties but found "y"']],
    ['an order that is not a list', { order: 'x' }, ['userInputs.order: expected an array but found "x"']],
  ])('userInputs.required / order: %s', (_name, extra, expected) => {
    expect(problemsOf(withInput({ type: 'string' }, extra))).toEqual(expected);
  });
});

describe('validateAction: invocationMethod fields per backend', () => {
  const FIELDS: Array<[field: string, good: unknown, bad: unknown, badType: string, allowedWith: Backend[]]> = [
    ['url', 'https://hooks.example.com/other', 5, 'a string', ['WEBHOOK']],
    ['agent', true, 'yes', 'a boolean', ['WEBHOOK', 'GITLAB']],
    ['method', 'POST', 1, 'a string', ['WEBHOOK']],
    ['synchronized', false, 'no', 'a boolean', ['WEBHOOK']],
    ['org', 'acme', 1, 'a string', ['GITHUB']],
    ['repo', 'service', false, 'a string', ['GITHUB']],
    ['workflow', 'deploy.yml', 42, 'a string', ['GITHUB']],
    ['omitPayload', true, 'true', 'a boolean', ['GITHUB', 'GITLAB']],
    ['omitUserInputs', false, 0, 'a boolean', ['GITHUB', 'GITLAB']],
    ['reportWorkflowStatus', true, 'false', 'a boolean', ['GITHUB']],
    ['defaultRef', 'release', true, 'a string', ['GITLAB']],
    ['projectName', 'service', 1, 'a string', ['GITLAB']],
    ['groupName', 'acme/platform', [], 'a string', ['GITLAB']],
  ];
  const allowed = FIELDS.flatMap(([field, good, bad, badType, backends]) => backends.map((backend) => ({ field, good, bad, badType, backend })));
  const refused = FIELDS.flatMap(([field, good, , , backends]) =>
    BACKENDS.filter((backend) => !backends.includes(backend)).map((backend) => ({ field, good, backend, backends })),
  );

  it.each(allowed)('accepts $field with $backend', ({ field, good, backend }) => {
    expect(problemsOf(withMethod(backend, { [field]: good }))).toEqual([]);
  });

  it.each(allowed)('refuses $field of the wrong type with $backend', ({ field, bad, badType, backend }) => {
    const problems = problemsOf(withMethod(backend, { [field]: bad }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^invocationMethod\\.${field}: expected ${badType} but found `));
  });

  it.each(refused)('refuses $field with $backend', ({ field, good, backend, backends }) => {
    expect(problemsOf(withMethod(backend, { [field]: good }))).toEqual([`invocationMethod.${field}: only allowed with ${backends.join(' or ')} (type is ${backend})`]);
  });

  it.each<[Backend, string]>([
    ['WEBHOOK', 'url'],
    ['GITHUB', 'org'],
    ['GITHUB', 'repo'],
    ['GITHUB', 'workflow'],
    ['GITLAB', 'projectName'],
    ['GITLAB', 'groupName'],
  ])('with %s, %s is required', (backend, field) => {
    const method = { ...MINIMAL[backend] };
    delete method[field];
    expect(problemsOf(action({ invocationMethod: method }))).toEqual([`invocationMethod.${field}: required with ${backend}`]);
  });

  it('example from the brief: a GITHUB action carrying a url and missing org', () => {
    const raw = action({ invocationMethod: { type: 'GITHUB', url: 'https://x.example', repo: 'r', workflow: 'w.yml' } });
    expect(problemsOf(raw)).toEqual(['invocationMethod.url: only allowed with WEBHOOK (type is GITHUB)', 'invocationMethod.org: required with GITHUB']);
  });

  it.each<[Backend, string]>([
    ['GITHUB', 'org, repo, workflow, omitPayload, omitUserInputs, reportWorkflowStatus'],
    ['GITLAB', 'agent, omitPayload, omitUserInputs, defaultRef, projectName, groupName'],
    ['WEBHOOK', 'url, agent, method, synchronized'],
    ['KAFKA', 'no other field'],
  ])('refuses an unknown field with %s, naming it and what the backend takes', (backend, takes) => {
    expect(problemsOf(withMethod(backend, { branch: 'main' }))).toEqual([`invocationMethod.branch: not a field Port knows (${backend} takes ${takes})`]);
  });

  it('refuses a field inherited from Object.prototype as unknown', () => {
    expect(problemsOf(withMethod('KAFKA', { toString: 'x' }))).toEqual(['invocationMethod.toString: not a field Port knows (KAFKA takes no other field)']);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('accepts webhook method %s', (method) => {
    expect(problemsOf(withMethod('WEBHOOK', { method }))).toEqual([]);
  });

  it('refuses a webhook method outside POST, PUT, PATCH, DELETE', () => {
    expect(problemsOf(withMethod('WEBHOOK', { method: 'GET' }))).toEqual(['invocationMethod.method: expected one of POST, PUT, PATCH, DELETE but found "GET"']);
  });

  it.each([
    'http://localhost:3000/hook',
    'https://hooks.example.com/port?key=a&b=c',
    'https://cloudbuild.googleapis.com/v1/projects/{project_id}/triggers/{webhook_name}:webhook?key={google_api_key}',
  ])('accepts the webhook url %s', (url) => {
    expect(problemsOf(withMethod('WEBHOOK', { url }))).toEqual([]);
  });

  it.each(['<WEBHOOK_URL>', 'YOUR SMEE URL', 'https://<JENKINS_HOST>/generic-webhook-trigger/invoke', 'ftp://files.example.com/x', 'hooks.example.com', ''])(
    'refuses the webhook url %j',
    (url) => {
      const problems = problemsOf(withMethod('WEBHOOK', { url }));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^invocationMethod\.url: expected an http\(s\) URL but found ("|an empty string)/);
    },
  );
});

describe('validateAction: reporting', () => {
  it('reports every problem at once, in one line naming the source', () => {
    const raw = {
      trigger: 'LATER',
      userInputs: { properties: { replicas: { type: 'int' }, note: { type: 'string', pattern: '[' } }, required: ['nope'] },
      invocationMethod: { type: 'GITHUB', url: 'https://x.example', omitPayload: 'yes' },
    };
    let error: unknown;
    try {
      validateAction(raw, 'actions/deploy.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toBeInstanceOf(UsageError);
    const { problems, message } = error as ValidationError;
    expect(problems).toEqual([
      'identifier: required',
      'trigger: expected one of CREATE, DAY-2, DELETE but found "LATER"',
      'userInputs.properties.replicas.type: expected one of string, number, boolean, object, array but found "int"',
      'userInputs.properties.note.pattern: expected a regular expression but found "[" (it does not compile: Unterminated character class)',
      'userInputs.required[0]: expected the id of an input in userInputs.properties but found "nope"',
      'invocationMethod.url: only allowed with WEBHOOK (type is GITHUB)',
      'invocationMethod.omitPayload: expected a boolean but found "yes"',
      'invocationMethod.org: required with GITHUB',
      'invocationMethod.repo: required with GITHUB',
      'invocationMethod.workflow: required with GITHUB',
    ]);
    expect(message).toBe(`actions/deploy.json: 10 problem(s): ${problems.join('; ')}`);
  });

  it('keeps the message on one line when an input id holds a line break', () => {
    const error = (() => {
      try {
        validateAction(action({ userInputs: { properties: { 'a\nb': { type: 'int' } } } }));
      } catch (caught) {
        return caught as ValidationError;
      }
      throw new Error('accepted');
    })();
    expect(error.message).not.toMatch(/[\n\r]/);
    expect(error.message).toContain('userInputs.properties.a\\u000ab.type');
    expect(error.problems[0]).not.toMatch(/\n/);
  });

  it('names the subject "action" by default', () => {
    expect(() => validateAction({})).toThrow(/^action: 2 problem\(s\): identifier: required; invocationMethod: required$/);
  });
});

/** Port's own example actions (../shared/conformance/cases, beside the repository), when present. */
const CASES_DIR = new URL('../../../shared/conformance/cases/', import.meta.url);
const cases: Array<{ id: string; action: JsonObject }> = existsSync(CASES_DIR)
  ? readdirSync(CASES_DIR)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => JSON.parse(readFileSync(new URL(name, CASES_DIR), 'utf8')) as { id: string; action: JsonObject })
  : [];

/**
 * The docs leave placeholders such as `<GITHUB-ORG>` and `<WEBHOOK_URL>` for the reader's own names; a user
 * fills them in before use, and the conformance runner does the same. A placeholder URL is not a URL.
 */
function filledIn(raw: JsonObject): JsonObject {
  const copy = structuredClone(raw);
  const method = copy.invocationMethod as JsonObject;
  const mine: JsonObject = { org: 'acme', repo: 'service-repo', workflow: 'workflow.yml', groupName: 'acme/platform', projectName: 'service', url: 'https://hooks.example.com/port' };
  for (const [field, value] of Object.entries(mine)) {
    const current = method[field];
    if (typeof current === 'string' && (/[<>]/.test(current) || (field === 'url' && !/^https?:\/\//.test(current)))) method[field] = value;
  }
  return copy;
}

describe.skipIf(cases.length === 0)("validateAction: Port's example actions (conformance cases)", () => {
  it.each(cases.length > 0 ? cases : [{ id: 'none', action: {} }])('$id validates once its placeholders are filled in', ({ action: raw }) => {
    expect(problemsOf(filledIn(raw))).toEqual([]);
  });

  it('refuses the placeholder webhook URLs as published, and nothing else in them', () => {
    const refusals = cases.flatMap(({ id, action: raw }) => problemsOf(raw, id).map((problem) => `${id}: ${problem}`));
    expect(refusals.length).toBeGreaterThan(0);
    for (const refusal of refusals) expect(refusal).toMatch(/: invocationMethod\.url: expected an http\(s\) URL but found "(<[A-Z_]+>|YOUR SMEE URL|https:\/\/<[A-Z_]+>\/.*)"$/);
  });
});

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateAction } from '../../src/core/action.js';
import { ValidationError } from '../../src/core/index.js';
import type { ActionDefinition, JsonObject, UserInputSpec } from '../../src/core/index.js';
import { resolveUserInputs, type UserInputsContext } from '../../src/core/user-inputs.js';
import { deployAction } from './helpers.js';

function actionWith(properties: Record<string, UserInputSpec>, required: string[] = []): ActionDefinition {
  return validateAction({ identifier: 'deploy', invocationMethod: { type: 'KAFKA' }, userInputs: { properties, required } });
}

const CONTEXT: UserInputsContext = {
  user: { email: 'dana@acme.example', firstName: 'Dana' },
  entity: { identifier: 'payments', title: 'Payments', properties: { region: 'eu-west-1', tier: null } },
  trigger: { by: { user: { email: 'dana@acme.example' } } },
};

/** The problems resolveUserInputs reports, or [] when it accepts. */
function problemsOf(action: ActionDefinition, given: Record<string, unknown>, context: UserInputsContext = CONTEXT): string[] {
  try {
    resolveUserInputs(action, given, context);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems;
  }
}

describe('resolveUserInputs: types and keywords', () => {
  const ENTITY = 'an entity identifier or an entity object with "identifier"';
  // [what, spec, values it accepts, [value it refuses, what the problem says after "inputs.x: "]]
  const TABLE: Array<[string, UserInputSpec, unknown[], Array<[unknown, string]>]> = [
    ['string', { type: 'string' }, ['a', ''], [[5, 'expected a string but found number 5'], [null, 'expected a string but found null']]],
    ['number', { type: 'number' }, [0, -2.5, 1e9], [['3', 'expected a number but found "3"'], [true, 'expected a number but found boolean true']]],
    [
      'number with minimum and maximum',
      { type: 'number', minimum: 1, maximum: 20 },
      [1, 20, 7.5],
      [
        ['lots', 'expected a number from 1 to 20 but found "lots"'],
        [0, 'expected a number from 1 to 20 but found number 0'],
        [21, 'expected a number from 1 to 20 but found number 21'],
      ],
    ],
    ['number with minimum', { type: 'number', minimum: 0 }, [0], [[-1, 'expected a number of at least 0 but found number -1']]],
    ['number with maximum', { type: 'number', maximum: 9 }, [9], [[10, 'expected a number of at most 9 but found number 10']]],
    ['boolean', { type: 'boolean' }, [true, false], [['true', 'expected true or false but found "true"']]],
    ['object', { type: 'object' }, [{}, { a: [1] }], [[[], 'expected an object but found an array of 0'], ['{}', 'expected an object but found "{}"']]],
    ['array', { type: 'array' }, [[], [1, 'a']], [['a,b', 'expected an array but found "a,b"'], [{}, 'expected an array but found an object']]],
    ['enum', { type: 'string', enum: ['staging', 'production'] }, ['staging'], [['prod', 'expected one of staging, production but found "prod"']]],
    ['number enum', { type: 'number', enum: [1, 3] }, [3], [[2, 'expected one of 1, 3 but found number 2']]],
    ['pattern', { type: 'string', pattern: '^[a-z]+$' }, ['abc'], [['AB1', 'expected a string matching /^[a-z]+$/ but found "AB1"']]],
    [
      'minLength and maxLength',
      { type: 'string', minLength: 2, maxLength: 4 },
      ['ab', 'abcd'],
      [
        ['a', 'expected a string of 2 to 4 characters but found "a"'],
        ['abcde', 'expected a string of 2 to 4 characters but found "abcde"'],
      ],
    ],
    ['minLength', { type: 'string', minLength: 3 }, ['abc'], [['ab', 'expected a string of at least 3 characters but found "ab"']]],
    ['maxLength', { type: 'string', maxLength: 1 }, ['a'], [['ab', 'expected a string of at most 1 character but found "ab"']]],
    [
      'date-time',
      { type: 'string', format: 'date-time' },
      ['2026-01-02T03:04:05Z', '2023-11-13T15:20:16.641Z', '2026-01-02T03:04:05+02:00'],
      [['yesterday', 'expected a date-time like 2026-01-02T03:04:05Z but found "yesterday"']],
    ],
    ['email', { type: 'string', format: 'email' }, ['a@b.co'], [['x', 'expected an email address but found "x"']]],
    ['url', { type: 'string', format: 'url' }, ['https://example.com/x?y=1', 'http://localhost:8080'], [['not a url', 'expected a URL but found "not a url"']]],
    ['ipv4', { type: 'string', format: 'ipv4' }, ['10.0.0.1'], [['10.0.0.300', 'expected an IPv4 address but found "10.0.0.300"']]],
    ['ipv6', { type: 'string', format: 'ipv6' }, ['::1', '2001:db8::8a2e:370:7334'], [['10.0.0.1', 'expected an IPv6 address but found "10.0.0.1"']]],
    ...(['yaml', 'markdown', 'multi-line', 'user', 'team', 'some-future-format'].map((format) => [
      `${format} (any string)`,
      { type: 'string', format },
      ['', 'a: [', '# title\n\nline', 'dana@acme.example'],
      [[5, 'expected a string but found number 5']],
    ]) as Array<[string, UserInputSpec, unknown[], Array<[unknown, string]>]>),
    [
      'entity',
      { type: 'string', format: 'entity', blueprint: 'service' },
      ['payments', { identifier: 'payments', title: 'Payments', properties: {} }],
      [
        [{ title: 'Payments' }, `expected ${ENTITY} but found an object`],
        [{ identifier: 7 }, `expected ${ENTITY} but found an object`],
        [7, `expected ${ENTITY} but found number 7`],
      ],
    ],
  ];

  const accepted = TABLE.flatMap(([what, spec, good]) => good.map((value) => ({ what, spec, value })));
  const refused = TABLE.flatMap(([what, spec, , bad]) => bad.map(([value, problem]) => ({ what, spec, value, problem })));

  it.each(accepted)('$what: accepts $value', ({ spec, value }) => {
    expect(resolveUserInputs(actionWith({ x: spec }), { x: value }, CONTEXT).properties).toStrictEqual({ x: value });
  });

  it.each(refused)('$what: refuses $value', ({ spec, value, problem }) => {
    expect(problemsOf(actionWith({ x: spec }), { x: value })).toEqual([`inputs.x: ${problem}`]);
  });

  it('checks array items and names the item at fault', () => {
    const action = actionWith({
      notify: { type: 'array', items: { type: 'string', format: 'email' } },
      tags: { type: 'array', items: { type: 'string', maxLength: 3 } },
      counts: { type: 'array', items: { type: 'number', minimum: 0 } },
    });
    expect(problemsOf(action, { notify: ['a@b.co', 'x'], tags: ['ok', 'too long'], counts: [1, -1, 'two'] })).toEqual([
      'inputs.notify[1]: expected an email address but found "x"',
      'inputs.tags[1]: expected a string of at most 3 characters but found "too long"',
      'inputs.counts[1]: expected a number of at least 0 but found number -1',
      'inputs.counts[2]: expected a number of at least 0 but found "two"',
    ]);
  });

  it('accepts entity items as identifiers or entity objects, and refuses others by index', () => {
    const action = actionWith({ services: { type: 'array', items: { type: 'string', format: 'entity', blueprint: 'service' } } });
    const given = { services: ['payments', { identifier: 'ledger', title: 'Ledger' }] };
    expect(resolveUserInputs(action, given, CONTEXT).properties).toStrictEqual(given);
    expect(problemsOf(action, { services: ['payments', { title: 'x' }, 3] })).toEqual([
      'inputs.services[1]: expected an entity identifier or an entity object with "identifier" but found an object',
      'inputs.services[2]: expected an entity identifier or an entity object with "identifier" but found number 3',
    ]);
  });

  it('rounds fractional lengths inwards, as they mean, instead of handing ajv what it refuses', () => {
    const action = actionWith({ x: { type: 'string', minLength: 1.5, maxLength: 3.5 } });
    expect(problemsOf(action, { x: 'ab' })).toEqual([]);
    expect(problemsOf(action, { x: 'a' })).toEqual(['inputs.x: expected a string of 1.5 to 3.5 characters but found "a"']);
    expect(problemsOf(action, { x: 'abcd' })).toEqual(['inputs.x: expected a string of 1.5 to 3.5 characters but found "abcd"']);
  });

  it('does not crash on an unvalidated action with an unknown type or an odd format name', () => {
    const action = { identifier: 'a', userInputs: { properties: { x: { type: 'int' }, y: { type: 'string', format: 'constructor' } } } } as ActionDefinition;
    expect(problemsOf(action, { x: 'anything', y: 'b' })).toEqual([]);
    expect(problemsOf(action, { y: 1 })).toEqual(['inputs.y: expected a string but found number 1']);
  });

  it('says so, rather than crashing, when an unvalidated action carries a pattern that does not compile', () => {
    const action = { identifier: 'a', userInputs: { properties: { x: { type: 'string', pattern: '(' } } } } as ActionDefinition;
    expect(problemsOf(action, { x: 'a' })).toEqual(['inputs.x: the action\'s pattern "(" is not a valid regular expression']);
  });
});

describe('resolveUserInputs: required and unknown inputs', () => {
  const action = actionWith({ name: { type: 'string' }, replicas: { type: 'number' }, note: { type: 'string' } }, ['name', 'replicas']);

  it('names each missing required input', () => {
    expect(problemsOf(action, { note: 'hi' })).toEqual(['inputs.name: required', 'inputs.replicas: required']);
  });

  it('leaves optional inputs out when not given', () => {
    expect(resolveUserInputs(action, { name: 'a', replicas: 1 }, CONTEXT)).toStrictEqual({ properties: { name: 'a', replicas: 1 }, secretIds: [], applied: [] });
  });

  it('refuses inputs the action does not declare, naming them and the ones it does', () => {
    expect(problemsOf(action, { name: 'a', replicas: 1, replica: 2, envv: 'x' })).toEqual([
      'inputs.replica: not an input of deploy (its inputs: name, replicas, note)',
      'inputs.envv: not an input of deploy (its inputs: name, replicas, note)',
    ]);
  });

  it('refuses any input to an action that takes none', () => {
    const bare = validateAction({ identifier: 'ping', invocationMethod: { type: 'KAFKA' } });
    expect(problemsOf(bare, { x: 1 })).toEqual(['inputs.x: not an input of ping (it takes no inputs)']);
    expect(resolveUserInputs(bare, {}, {})).toStrictEqual({ properties: {}, secretIds: [], applied: [] });
  });

  it('treats "__proto__" as just another unknown input', () => {
    expect(problemsOf(action, JSON.parse('{"name":"a","replicas":1,"__proto__":{"polluted":true}}') as Record<string, unknown>)).toEqual([
      'inputs.__proto__: not an input of deploy (its inputs: name, replicas, note)',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ignores keys whose value is undefined', () => {
    expect(problemsOf(action, { name: 'a', replicas: 1, note: undefined })).toEqual([]);
  });

  it('refuses inputs that are not an object', () => {
    expect(problemsOf(action, [] as unknown as Record<string, unknown>)).toEqual(['expected an object of input values but found an array of 0']);
  });

  it('returns the inputs in the order the action declares them', () => {
    expect(Object.keys(resolveUserInputs(action, { note: 'n', replicas: 2, name: 'a' }, CONTEXT).properties)).toEqual(['name', 'replicas', 'note']);
  });
});

describe('resolveUserInputs: defaults', () => {
  it('applies defaults to missing inputs, records them, and judges required after', () => {
    const action = actionWith(
      {
        environment: { type: 'string', enum: ['staging', 'production'], default: 'staging' },
        dry_run: { type: 'boolean', default: false },
        labels: { type: 'object', default: { team: 'payments' } },
        replicas: { type: 'number' },
      },
      ['environment', 'dry_run'],
    );
    expect(resolveUserInputs(action, { replicas: 2 }, CONTEXT)).toStrictEqual({
      properties: { environment: 'staging', dry_run: false, labels: { team: 'payments' }, replicas: 2 },
      secretIds: [],
      applied: ['environment', 'dry_run', 'labels'],
    });
  });

  it('lets a given value win over the default', () => {
    const action = actionWith({ environment: { type: 'string', default: 'staging' } });
    expect(resolveUserInputs(action, { environment: 'production' }, CONTEXT)).toStrictEqual({ properties: { environment: 'production' }, secretIds: [], applied: [] });
  });

  it('hands out a copy of an object default, so the action is not changed through it', () => {
    const action = actionWith({ labels: { type: 'object', default: { team: 'payments' } } });
    const { properties } = resolveUserInputs(action, {}, CONTEXT);
    (properties.labels as JsonObject).team = 'changed';
    expect(action.userInputs?.properties?.labels?.default).toStrictEqual({ team: 'payments' });
  });

  it('checks a default like a given value, and says the value was the default', () => {
    const action = actionWith({ size: { type: 'string', enum: ['small', 'large'], default: 'medium' } });
    expect(problemsOf(action, {})).toEqual(['inputs.size: expected one of small, large but found "medium" (the action\'s default)']);
  });

  it('says the default was at fault when one of its items is', () => {
    const action = actionWith({ notify: { type: 'array', items: { type: 'string', format: 'email' }, default: ['oncall@acme.example', 'oncall'] } });
    expect(problemsOf(action, {})).toEqual(['inputs.notify[1]: expected an email address but found "oncall" (the action\'s default)']);
  });

  it.each<[string, unknown]>([
    ['.user.email', 'dana@acme.example'],
    ['.entity.identifier', 'payments'],
    ['.entity.properties.region', 'eu-west-1'],
    ['.trigger.by.user.email', 'dana@acme.example'],
    [' .user.firstName ', 'Dana'],
    ['.entity', CONTEXT.entity],
  ])('evaluates the plain jq path %j against the context', (jqQuery, expected) => {
    const action = actionWith({ x: { type: jqQuery.trim() === '.entity' ? 'object' : 'string', default: { jqQuery } } }, ['x']);
    expect(resolveUserInputs(action, {}, CONTEXT)).toStrictEqual({ properties: { x: expected }, secretIds: [], applied: ['x'] });
  });

  it('checks a value taken from a jq path, and says where it came from', () => {
    const action = actionWith({ owner: { type: 'string', format: 'email', default: { jqQuery: '.user.firstName' } } });
    expect(problemsOf(action, {})).toEqual(['inputs.owner: expected an email address but found "Dana" (from its default .user.firstName)']);
  });

  it.each<[string, UserInputsContext]>([
    ['.entity.identifier', { ...CONTEXT, entity: null }],
    ['.entity.properties.tier', CONTEXT],
    ['.entity.properties.missing', CONTEXT],
    ['.user.email', {}],
    ['.user.constructor', CONTEXT],
    ['.user.email.length', CONTEXT],
  ])('finds nothing at %j: a required input is missing, an optional one is left out', (jqQuery, context) => {
    const spec = { type: 'string', default: { jqQuery } };
    expect(problemsOf(actionWith({ x: spec }, ['x']), {}, context)).toEqual([`inputs.x: required (its default ${jqQuery} gave nothing here)`]);
    expect(resolveUserInputs(actionWith({ x: spec }), {}, context)).toStrictEqual({ properties: {}, secretIds: [], applied: [] });
  });

  it.each([
    '.user.email | ascii_downcase',
    '.entity.properties["node-size"]',
    '.entity.properties.node-size',
    'if .entity then .entity.identifier else "none" end',
    '.entity.relations.owners[0]',
    '"constant"',
    '.',
    '..',
    '.user.email // "nobody"',
  ])('does not guess the jq query %j, required or optional, and asks for the input', (jqQuery) => {
    const spec = { type: 'string', default: { jqQuery } };
    const problem = `inputs.x: its default is a jq query port-ci cannot evaluate (${jqQuery}); pass the input`;
    expect(problemsOf(actionWith({ x: spec }, ['x']), {})).toEqual([problem]);
    expect(problemsOf(actionWith({ x: spec }), {})).toEqual([problem]);
    expect(resolveUserInputs(actionWith({ x: spec }, ['x']), { x: 'given' }, CONTEXT).properties).toStrictEqual({ x: 'given' });
  });
});

describe('resolveUserInputs: secret inputs', () => {
  const SECRET = 'hunter2-is-not-a-password';
  const action = actionWith(
    {
      db_password: { type: 'string', encryption: 'aes256-gcm', minLength: 30, pattern: '^[A-Z]' },
      credentials: { type: 'object', encryption: 'aes256-gcm' },
      api_token: { type: 'string', encryption: 'aes256-gcm' },
      note: { type: 'string' },
    },
    ['db_password'],
  );

  it('lists the secret inputs that have a value, so the caller encrypts them', () => {
    const result = resolveUserInputs(action, { db_password: `X${SECRET}-0123456789`, credentials: { user: 'a', password: SECRET }, note: 'n' }, CONTEXT);
    expect(result.secretIds).toEqual(['db_password', 'credentials']);
    expect(result.properties.credentials).toStrictEqual({ user: 'a', password: SECRET });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['too short and off pattern', { db_password: SECRET }, 'inputs.db_password: expected a string of at least 30 characters matching /^[A-Z]/ but found a string (secret, not shown)'],
    ['of the wrong type', { db_password: `X${SECRET}-0123456789`, credentials: SECRET }, 'inputs.credentials: expected an object but found a string (secret, not shown)'],
    ['a number', { db_password: 123456789012345678901234567890123 }, 'inputs.db_password: expected a string of at least 30 characters matching /^[A-Z]/ but found a number (secret, not shown)'],
  ])('never prints the value of a secret input that is %s', (_name, given, problem) => {
    let error: ValidationError | undefined;
    try {
      resolveUserInputs(action, given, CONTEXT);
    } catch (caught) {
      error = caught as ValidationError;
    }
    expect(error?.problems).toContain(problem);
    expect(error?.message).not.toContain(SECRET);
    expect(error?.message).not.toContain('1234567890');
  });
});

describe('resolveUserInputs: reporting', () => {
  it('reports every problem at once in one ValidationError("inputs", ...)', () => {
    const action = deployAction();
    let error: unknown;
    try {
      resolveUserInputs(action, { environment: 'prod', replica_count: 'lots', notify: ['x'], cluster: 3, colour: 'red' }, CONTEXT);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const { problems, message } = error as ValidationError;
    expect(problems).toEqual([
      'inputs.colour: not an input of deploy_service (its inputs: environment, replica_count, dry_run, labels, notify, cluster, db_password)',
      'inputs.environment: expected one of staging, production but found "prod"',
      'inputs.replica_count: expected a number from 1 to 20 but found "lots"',
      'inputs.notify[0]: expected an email address but found "x"',
      'inputs.cluster: expected an entity identifier or an entity object with "identifier" but found number 3',
    ]);
    expect(message).toBe(`inputs: 5 problem(s): ${problems.join('; ')}`);
  });

  it('keeps the message on one line when a value holds line breaks', () => {
    const action = actionWith({ x: { type: 'string', maxLength: 2 } });
    try {
      resolveUserInputs(action, { x: 'a\nb\nc' }, CONTEXT);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toBe('inputs: 1 problem(s): inputs.x: expected a string of at most 2 characters but found "a\\nb\\nc"');
    }
  });

  it('resolves the repository example action with its example inputs', () => {
    const given = { environment: 'production', replica_count: 4, labels: { owner: 'payments' }, notify: ['oncall@acme.example'], cluster: 'eu-prod-1', db_password: 's3cret' };
    expect(resolveUserInputs(deployAction(), given, CONTEXT)).toStrictEqual({
      properties: { environment: 'production', replica_count: 4, dry_run: false, labels: { owner: 'payments' }, notify: ['oncall@acme.example'], cluster: 'eu-prod-1', db_password: 's3cret' },
      secretIds: ['db_password'],
      applied: ['dry_run'],
    });
  });
});

/** Port's own example actions (../shared/conformance/cases, beside the repository), when present. */
const CASES_DIR = new URL('../../../shared/conformance/cases/', import.meta.url);
const cases: Array<{ id: string; action: ActionDefinition }> = existsSync(CASES_DIR)
  ? readdirSync(CASES_DIR)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => JSON.parse(readFileSync(new URL(name, CASES_DIR), 'utf8')) as { id: string; action: ActionDefinition })
  : [];

describe.skipIf(cases.length === 0)("resolveUserInputs: Port's example actions (conformance cases)", () => {
  it.each(cases.length > 0 ? cases : [{ id: 'none', action: { identifier: 'none' } }])('$id: its own defaults pass its own checks', ({ action }) => {
    const required = new Set(action.userInputs?.required ?? []);
    const problems = problemsOf(action, {}).filter((problem) => {
      const id = /^inputs\.([^:[]+): required$/.exec(problem)?.[1];
      return id === undefined || !required.has(id); // inputs the user must give are not the defaults' fault
    });
    expect(problems).toEqual([]);
  });
});

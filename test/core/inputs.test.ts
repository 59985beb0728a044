import { describe, expect, it } from 'vitest';
import { isSecretInput, mergeInputs, parsePayload, secretInputIds, typeInputText } from '../../src/core/index.js';
import type { MergeInputsArgs } from '../../src/core/inputs.js';
import type { UserInputSpec, UserInputsSchema } from '../../src/core/index.js';
import { EXAMPLE_INPUTS, EXAMPLE_TEXT_INPUTS, classicMessage, deploySchema, payloadError } from './helpers.js';

const P = 'inputs.x';
const type = (text: string, spec: UserInputSpec | undefined) => typeInputText(text, spec, P);

describe('typeInputText: number', () => {
  const spec = { type: 'number' };

  it.each([
    ['3', 3],
    ['0', 0],
    ['-2.5', -2.5],
    [' 42 ', 42],
    ['1e3', 1000],
    ['20', 20],
  ])('types %j as %j', (text, expected) => {
    expect(type(text, spec)).toBe(expected);
  });

  it.each(['', '   ', '\n'])('treats %j as not given', (text) => {
    expect(type(text, spec)).toBeUndefined();
  });

  it.each(['abc', '3 replicas', 'Infinity', '-Infinity', 'NaN', '{}', 'true'])('refuses %j, naming the path and the text', (text) => {
    const error = payloadError(() => typeInputText(text, spec, 'inputs.replica_count'), 'inputs.replica_count: expected a number but found ');
    expect(error.path).toBe('inputs.replica_count');
    expect(error.message).toContain(JSON.stringify(text));
  });
});

describe('typeInputText: boolean', () => {
  const spec = { type: 'boolean' };

  it.each([
    ['true', true],
    ['TRUE', true],
    ['True', true],
    [' tRuE\n', true],
    ['false', false],
    ['FALSE', false],
    ['False', false],
  ])('types %j as %j', (text, expected) => {
    expect(type(text, spec)).toBe(expected);
  });

  it.each(['', '  '])('treats %j as not given', (text) => {
    expect(type(text, spec)).toBeUndefined();
  });

  it.each(['yes', '1', '0', 'on', 'truee'])('refuses %j', (text) => {
    payloadError(() => typeInputText(text, spec, 'inputs.dry_run'), `inputs.dry_run: expected true or false but found ${JSON.stringify(text)}`);
  });
});

describe('typeInputText: object and array from compact JSON', () => {
  it('types an object', () => {
    expect(type('{"owner":"payments","cost_center":"cc-42"}', { type: 'object' })).toStrictEqual({ owner: 'payments', cost_center: 'cc-42' });
    expect(type('{"nested":{"a":[1,2,{"b":null}]}}', { type: 'object' })).toStrictEqual({ nested: { a: [1, 2, { b: null }] } });
  });

  it('types an array', () => {
    expect(type('["oncall@acme.example"]', { type: 'array' })).toStrictEqual(['oncall@acme.example']);
    expect(type('[]', { type: 'array' })).toStrictEqual([]);
    expect(type('[1,"a",true,null,{"k":"v"}]', { type: 'array' })).toStrictEqual([1, 'a', true, null, { k: 'v' }]);
  });

  it.each(['object', 'array'])('treats an empty %s text as not given', (kind) => {
    expect(type('', { type: kind })).toBeUndefined();
    expect(type(' \t', { type: kind })).toBeUndefined();
  });

  it('refuses JSON that is not an object, or not JSON at all', () => {
    payloadError(() => typeInputText('[1]', { type: 'object' }, 'inputs.labels'), 'inputs.labels: expected an object as JSON but found an array of 1');
    payloadError(() => typeInputText('"s"', { type: 'object' }, 'inputs.labels'), 'inputs.labels: expected an object as JSON but found "s"');
    payloadError(() => typeInputText('{owner: x}', { type: 'object' }, 'inputs.labels'), 'inputs.labels: expected JSON but found text that is not JSON');
  });

  it('refuses JSON that is not an array', () => {
    payloadError(() => typeInputText('{}', { type: 'array' }, 'inputs.notify'), 'inputs.notify: expected an array as JSON but found an object');
    payloadError(() => typeInputText('a@b.c', { type: 'array' }, 'inputs.notify'), 'inputs.notify: expected JSON but found text that is not JSON');
  });

  it('refuses NUL characters inside object input text', () => {
    payloadError(() => typeInputText('{"a":"x\\u0000y"}', { type: 'object' }, 'inputs.labels'), 'inputs.labels.a: expected text without NUL characters');
  });
});

describe('typeInputText: entity inputs', () => {
  const spec = { type: 'string', format: 'entity', blueprint: 'cluster' };

  it('keeps an identifier string', () => {
    expect(type('eu-prod-1', spec)).toBe('eu-prod-1');
  });

  it('parses an entity object given as JSON, with or without leading whitespace', () => {
    const entity = { identifier: 'eu-prod-1', title: 'EU prod 1', blueprint: 'cluster', properties: { region: 'eu-west-1' } };
    expect(type(JSON.stringify(entity), spec)).toStrictEqual(entity);
    expect(type(`  \n${JSON.stringify(entity)}`, spec)).toStrictEqual(entity);
  });

  it('refuses an entity object without a string identifier', () => {
    payloadError(() => typeInputText('{"title":"x"}', spec, 'inputs.cluster'), 'inputs.cluster: expected an entity identifier or an entity object with "identifier" but found an object');
    payloadError(() => typeInputText('{"identifier":5}', spec, 'inputs.cluster'), 'inputs.cluster: expected an entity identifier or an entity object with "identifier"');
    payloadError(() => typeInputText('{"identifier":', spec, 'inputs.cluster'), 'inputs.cluster: expected JSON');
  });

  it('types an array of entities given as identifiers or as entity objects', () => {
    const arraySpec = { type: 'array', items: { type: 'string', format: 'entity', blueprint: 'service' } };
    expect(type('["a","b"]', arraySpec)).toStrictEqual(['a', 'b']);
    expect(type('[{"identifier":"a","title":"A"},{"identifier":"b"}]', arraySpec)).toStrictEqual([{ identifier: 'a', title: 'A' }, { identifier: 'b' }]);
  });
});

describe('typeInputText: strings, secrets and unknown inputs', () => {
  it('keeps string inputs of every format as text, the empty string included', () => {
    for (const format of [undefined, 'date-time', 'url', 'email', 'ipv4', 'ipv6', 'yaml', 'markdown', 'multi-line', 'user', 'team']) {
      expect(type('line 1\nline=2 {"a":1}', { type: 'string', format })).toBe('line 1\nline=2 {"a":1}');
    }
    expect(type('', { type: 'string' })).toBe('');
  });

  it('keeps secret inputs as their ciphertext text, whatever their type', () => {
    expect(type('c2VjcmV0Y2lwaGVydGV4dA==', { type: 'string', encryption: 'aes256-gcm' })).toBe('c2VjcmV0Y2lwaGVydGV4dA==');
    expect(type('not json at all', { type: 'object', encryption: 'aes256-gcm' })).toBe('not json at all');
    expect(type('', { type: 'object', encryption: 'aes256-gcm' })).toBe('');
  });

  it('keeps every text as it is when no schema entry exists', () => {
    for (const text of ['3', 'true', '{"a":1}', '[1]', '', ' padded ']) expect(type(text, undefined)).toBe(text);
  });

  it('keeps text for a spec of an unknown type', () => {
    expect(type('3', { type: 'integer-ish' })).toBe('3');
    expect(type('3', {})).toBe('3');
  });
});

describe('isSecretInput / secretInputIds', () => {
  it('marks inputs carrying an encryption keyword', () => {
    expect(isSecretInput({ type: 'string', encryption: 'aes256-gcm' })).toBe(true);
    expect(isSecretInput({ type: 'object', encryption: 'aes256-gcm' })).toBe(true);
    expect(isSecretInput({ type: 'string' })).toBe(false);
    expect(isSecretInput({ type: 'string', encryption: '' })).toBe(false);
    expect(isSecretInput(undefined)).toBe(false);
  });

  it('lists the secret ids of a schema', () => {
    expect(secretInputIds(deploySchema())).toStrictEqual(['db_password']);
    expect(secretInputIds(undefined)).toStrictEqual([]);
    expect(secretInputIds({})).toStrictEqual([]);
  });
});

describe('isolated inputs typed through parsePayload', () => {
  it('types every example input from its text with the action schema', () => {
    const context = parsePayload(EXAMPLE_TEXT_INPUTS, { envelope: 'github_inputs', userInputs: deploySchema() });
    expect(context.inputs).toStrictEqual(EXAMPLE_INPUTS);
  });

  it('drops non-string inputs given as "" (GitHub fills undeclared optional inputs with "")', () => {
    const context = parsePayload(
      { environment: 'staging', replica_count: '', dry_run: '', labels: '', notify: '', cluster: '' },
      { envelope: 'github_inputs', userInputs: deploySchema() },
    );
    expect(context.inputs).toStrictEqual({ environment: 'staging', cluster: '' });
  });

  it('keeps strings as strings when no schema is known', () => {
    const context = parsePayload(EXAMPLE_TEXT_INPUTS, { envelope: 'github_inputs' });
    expect(context.inputs).toStrictEqual(EXAMPLE_TEXT_INPUTS);
  });

  it('refuses a bad sole copy, naming its path', () => {
    payloadError(
      () => parsePayload({ replica_count: 'abc' }, { envelope: 'github_inputs', userInputs: deploySchema() }),
      'inputs.replica_count: expected a number but found "abc"',
    );
    payloadError(
      () => parsePayload({ variables: { dry_run: 'maybe' }, port_payload: {} }, { userInputs: deploySchema() }),
      'variables.dry_run: expected true or false but found "maybe"',
    );
  });
});

describe('mergeInputs', () => {
  const args = (overrides: Partial<MergeInputsArgs>): MergeInputsArgs => ({
    fromPayload: undefined,
    isolated: {},
    schema: deploySchema(),
    secretIds: new Set(['db_password']),
    payloadPath: 'port_payload.payload.properties',
    isolatedPath: 'inputs',
    ...overrides,
  });

  it('keeps the payload values when the isolated copies agree (numbers, booleans, objects, arrays, entities)', () => {
    const result = mergeInputs(args({ fromPayload: { ...EXAMPLE_INPUTS }, isolated: { ...EXAMPLE_TEXT_INPUTS } }));
    expect(result).toStrictEqual({ inputs: EXAMPLE_INPUTS, warnings: [] });
  });

  it("keeps the payload's typed value and warns naming both paths when an isolated copy disagrees", () => {
    const result = mergeInputs(args({ fromPayload: { replica_count: 4, environment: 'production' }, isolated: { replica_count: '5', environment: 'staging' } }));
    expect(result.inputs).toStrictEqual({ replica_count: 4, environment: 'production' });
    expect(result.warnings).toHaveLength(2);
    const [count, env] = result.warnings;
    expect(count).toContain('inputs.replica_count');
    expect(count).toContain('port_payload.payload.properties.replica_count');
    expect(count).toContain('number 5');
    expect(count).toContain('number 4');
    expect(env).toContain('inputs.environment');
    expect(env).toContain('port_payload.payload.properties.environment');
    expect(env).toContain('"staging"');
    expect(env).toContain('"production"');
  });

  it('treats an entity identifier and an entity object with that identifier as the same value', () => {
    const result = mergeInputs(args({ fromPayload: { cluster: 'eu-prod-1' }, isolated: { cluster: '{"identifier":"eu-prod-1","title":"EU"}' } }));
    expect(result).toStrictEqual({ inputs: { cluster: 'eu-prod-1' }, warnings: [] });
    const reversed = mergeInputs(args({ fromPayload: { cluster: { identifier: 'eu-prod-1', title: 'EU' } }, isolated: { cluster: 'eu-prod-1' } }));
    expect(reversed).toStrictEqual({ inputs: { cluster: { identifier: 'eu-prod-1', title: 'EU' } }, warnings: [] });
  });

  it('warns when an entity copy names another entity', () => {
    const result = mergeInputs(args({ fromPayload: { cluster: 'eu-prod-1' }, isolated: { cluster: '{"identifier":"us-prod-1"}' } }));
    expect(result.inputs).toStrictEqual({ cluster: 'eu-prod-1' });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain('inputs.cluster');
  });

  it('compares arrays of entities by identifier', () => {
    const schema: UserInputsSchema = { properties: { services: { type: 'array', items: { type: 'string', format: 'entity', blueprint: 'service' } } } };
    const same = mergeInputs(args({ schema, fromPayload: { services: ['a', 'b'] }, isolated: { services: '[{"identifier":"a"},{"identifier":"b"}]' } }));
    expect(same.warnings).toStrictEqual([]);
    const sameReversed = mergeInputs(args({ schema, fromPayload: { services: [{ identifier: 'a' }, { identifier: 'b' }] }, isolated: { services: '["a","b"]' } }));
    expect(sameReversed.warnings).toStrictEqual([]);
    const differ = mergeInputs(args({ schema, fromPayload: { services: ['a', 'b'] }, isolated: { services: '["a","c"]' } }));
    expect(differ.warnings).toHaveLength(1);
  });

  it('warns about a disagreeing secret copy without showing either value', () => {
    const payloadValue = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=payloadcipher';
    const isolatedValue = 'isolated-cipher-ZZZ9876';
    const result = mergeInputs(args({ fromPayload: { db_password: payloadValue }, isolated: { db_password: isolatedValue } }));
    expect(result.inputs).toStrictEqual({ db_password: payloadValue });
    expect(result.warnings).toHaveLength(1);
    const [warning] = result.warnings;
    expect(warning).toContain('inputs.db_password');
    expect(warning).toContain('port_payload.payload.properties.db_password');
    expect(warning).not.toContain(payloadValue);
    expect(warning).not.toContain(isolatedValue);
    expect(warning).not.toContain('payloadcipher');
    expect(warning).not.toContain('ZZZ9876');
  });

  it('hides the values of inputs made secret by censoredProperties too', () => {
    const message = classicMessage({ api_token: 'cipher-from-payload' }, { properties: { api_token: { type: 'string' } } });
    (message.payload as Record<string, unknown>).censoredProperties = ['api_token'];
    const context = parsePayload({ port_payload: JSON.stringify(message), api_token: 'cipher-isolated' });
    expect(context.inputs).toStrictEqual({ api_token: 'cipher-from-payload' });
    expect(context.secretInputs).toStrictEqual(['api_token']);
    expect(context.warnings).toHaveLength(1);
    expect(context.warnings[0]).toContain('inputs.api_token');
    expect(context.warnings[0]).not.toContain('cipher-from-payload');
    expect(context.warnings[0]).not.toContain('cipher-isolated');
  });

  it('turns a bad isolated copy into a warning naming both paths when the payload has the value', () => {
    const result = mergeInputs(args({ fromPayload: { replica_count: 4, labels: { a: 'b' } }, isolated: { replica_count: 'abc', labels: '{broken' } }));
    expect(result.inputs).toStrictEqual({ replica_count: 4, labels: { a: 'b' } });
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toMatch(/^inputs\.replica_count: expected a number but found "abc"/);
    expect(result.warnings[0]).toContain('port_payload.payload.properties.replica_count');
    expect(result.warnings[1]).toMatch(/^inputs\.labels: expected JSON/);
    expect(result.warnings[1]).toContain('port_payload.payload.properties.labels');
  });

  it('throws for a bad isolated value that is the sole copy', () => {
    payloadError(() => mergeInputs(args({ fromPayload: {}, isolated: { replica_count: 'abc' } })), 'inputs.replica_count: expected a number but found "abc"');
    payloadError(() => mergeInputs(args({ fromPayload: undefined, isolated: { replica_count: 'abc' } })), 'inputs.replica_count: expected a number');
  });

  it('does not warn when the isolated copy is empty ("not given")', () => {
    const result = mergeInputs(args({ fromPayload: { replica_count: 4, dry_run: true }, isolated: { replica_count: '', dry_run: '' } }));
    expect(result).toStrictEqual({ inputs: { replica_count: 4, dry_run: true }, warnings: [] });
  });

  it('adds typed isolated inputs the payload lacks', () => {
    const result = mergeInputs(args({ fromPayload: { environment: 'staging' }, isolated: { replica_count: '2', dry_run: 'True' } }));
    expect(result).toStrictEqual({ inputs: { environment: 'staging', replica_count: 2, dry_run: true }, warnings: [] });
  });

  it('keeps payload values of inputs that are not in the schema as they are', () => {
    const result = mergeInputs(args({ fromPayload: { extra: { deep: [1] } }, isolated: {} }));
    expect(result.inputs).toStrictEqual({ extra: { deep: [1] } });
  });

  it('names the envelope paths it was given (GitLab variables)', () => {
    const result = mergeInputs(args({ fromPayload: { environment: 'production' }, isolated: { environment: 'staging' }, isolatedPath: 'variables', payloadPath: 'port_payload.payload.properties' }));
    expect(result.warnings[0]).toMatch(/^variables\.environment disagrees with port_payload\.payload\.properties\.environment/);
  });

  it('refuses "__proto__" and ids with "=", whitespace or control characters on either side', () => {
    payloadError(() => mergeInputs(args({ isolated: JSON.parse('{"__proto__":"x"}') as Record<string, string> })), 'inputs.__proto__: expected an input id');
    payloadError(() => mergeInputs(args({ fromPayload: JSON.parse('{"__proto__":1}') as Record<string, unknown> })), 'port_payload.payload.properties.__proto__: expected an input id');
    payloadError(() => mergeInputs(args({ isolated: { 'a=b': 'x' } })), 'inputs.a=b: expected an input id');
    payloadError(() => mergeInputs(args({ fromPayload: { 'a b': 1 } })), 'port_payload.payload.properties.a b: expected an input id');
    payloadError(() => mergeInputs(args({ isolated: { '': 'x' } })), 'inputs.: expected an input id');
    payloadError(() => mergeInputs(args({ isolated: { ['x'.repeat(201)]: 'x' } })), `inputs.${'x'.repeat(201)}: expected an input id`);
  });

  it('accepts unicode and punctuation in input ids', () => {
    const result = mergeInputs(args({ schema: undefined, isolated: { 'región': 'x', 'a.b-c_d': 'y', '🚀': 'z', ['x'.repeat(200)]: 'long' } }));
    expect(Object.keys(result.inputs)).toStrictEqual(['región', 'a.b-c_d', '🚀', 'x'.repeat(200)]);
  });

  // PORT-FACTS.md §1-3: payload.action is "at least invocationMethod and trigger", so a run may carry no
  // userInputs; GitHub/GitLab still hand each input over as its text (3 -> "3", true -> "true", objects as compact
  // JSON). Those copies say the same thing as the payload and must not be reported as disagreeing.
  it('does not warn when, without a schema, the isolated texts are the tostring form of the payload values', () => {
    const message = classicMessage({ ...EXAMPLE_INPUTS });
    const context = parsePayload({ port_payload: JSON.stringify(message), ...EXAMPLE_TEXT_INPUTS });
    expect(context.inputSchema).toBeNull();
    expect(context.inputs).toStrictEqual(EXAMPLE_INPUTS);
    expect(context.warnings).toStrictEqual([]);
  });

  it('does not warn when an object copy only orders its keys differently', () => {
    const result = mergeInputs(args({ fromPayload: { labels: { owner: 'payments', cost_center: 'cc-42' } }, isolated: { labels: '{"cost_center":"cc-42","owner":"payments"}' } }));
    expect(result.warnings).toStrictEqual([]);
  });
});

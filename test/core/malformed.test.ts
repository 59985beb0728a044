/**
 * A corpus of malformed and hostile payloads. Every refusal must be a PayloadError (or UsageError) whose message
 * starts with the path of the field at fault, so the user can find it; every message is one line (errors.ts:
 * "one clear line, no stack"). A few hostile-but-valid payloads must parse.
 */
import { describe, expect, it } from 'vitest';
import { PayloadError, UsageError, decryptSecret, parsePayload, typeInputText } from '../../src/core/index.js';
import type { ParseOptions } from '../../src/core/index.js';
import { classicMessage, deploySchema, example, exampleText, thrown } from './helpers.js';

const RUN_ID_EXPECTED = 'expected a string like "r_..." (letters, digits, "_" and "-") but found';

interface Case {
  name: string;
  /** The call that must fail; by default parsePayload(raw, options). */
  run: () => unknown;
  /** The message must start with this: the field path, and usually what was expected. */
  prefix: string;
  /** UsageError cases that are not about a payload field. */
  usage?: boolean;
}

/** A classic message with one change applied at `path` (dot-separated); `undefined` deletes the field. */
function classicWith(path: string, value: unknown): Record<string, unknown> {
  const message = classicMessage({ environment: 'production' }, deploySchema()) as Record<string, unknown>;
  const keys = path.split('.');
  let node = message;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return message;
}

const parse = (raw: unknown, options?: ParseOptions) => () => parsePayload(raw, options);
const classicCase = (name: string, path: string, value: unknown, prefix: string): Case => ({ name, run: parse(classicWith(path, value)), prefix });

/** n levels of nested objects {"a":{"a":...}} around a string. */
function nest(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

/** A message whose payload.properties.deep holds n nested objects: root, payload and properties add three levels. */
const deepMessage = (levels: number) => ({ context: { runId: 'r_1' }, payload: { properties: { deep: nest(levels) } } });
const DEEP_PATH = `payload.payload.properties.deep${'.a'.repeat(61)}`;

const githubInputs = (extra: Record<string, unknown>) => ({ port_payload: JSON.stringify(classicMessage({})), ...extra });
const gitlabBody = (extra: Record<string, unknown>) => ({ ref: 'main', token: 't', variables: {}, port_payload: {}, ...extra });

function overLimitText(): string {
  const message = classicMessage({ blob: 'x'.repeat(1024 * 1024) });
  return JSON.stringify(message);
}

const CASES: Case[] = [
  // --- Not JSON, or not an object -------------------------------------------------------------------------
  { name: 'truncated JSON text', run: parse('{"context": {"runId": "r_1"'), prefix: 'payload: expected JSON but found text that is not JSON' },
  { name: 'a pretty-printed file cut off mid-way', run: parse(exampleText('classic').slice(0, 400)), prefix: 'payload: expected JSON but found text that is not JSON' },
  { name: 'pretty-printed JSON with a bad token', run: parse('{\n  "context": {\n    "runId": r_1\n  }\n}'), prefix: 'payload: expected JSON but found text that is not JSON' },
  { name: 'JSON with a trailing comma', run: parse('{"context":{"runId":"r_1"},}'), prefix: 'payload: expected JSON but found text that is not JSON' },
  { name: 'single-quoted pseudo-JSON', run: parse("{'context':{'runId':'r_1'}}"), prefix: 'payload: expected JSON but found text that is not JSON' },
  { name: 'two JSON documents', run: parse('{"context":{"runId":"r_1"}} {"x":1}'), prefix: 'payload: expected JSON but found text that is not JSON' },
  { name: 'an empty string', run: parse(''), prefix: 'payload: expected JSON but found an empty string' },
  { name: 'only whitespace', run: parse(' \n\t\r\n '), prefix: 'payload: expected JSON but found an empty string' },
  { name: 'an empty JSON array text', run: parse('[]'), prefix: 'payload: expected a JSON object but found an array of 0' },
  { name: 'an array holding the message', run: parse([example('classic')]), prefix: 'payload: expected a JSON object but found an array of 1' },
  { name: 'a number', run: parse(42), prefix: 'payload: expected a JSON object but found number 42' },
  { name: 'a number as text', run: parse('42'), prefix: 'payload: expected a JSON object but found number 42' },
  { name: 'null', run: parse(null), prefix: 'payload: expected a JSON object but found null' },
  { name: 'null as text', run: parse('null'), prefix: 'payload: expected a JSON object but found null' },
  { name: 'undefined', run: parse(undefined), prefix: 'payload: expected a JSON object but found nothing' },
  { name: 'a boolean', run: parse(true), prefix: 'payload: expected a JSON object but found boolean true' },
  { name: 'a JSON string holding a run id', run: parse('"r_1"'), prefix: 'payload: expected a JSON object but found "r_1"' },
  { name: 'doubly encoded JSON text', run: parse(JSON.stringify(exampleText('port-context'))), prefix: 'payload: expected a JSON object but found "{' },
  { name: 'forced github_inputs, not JSON', run: parse('{inputs', { envelope: 'github_inputs' }), prefix: 'inputs: expected JSON but found text that is not JSON' },
  { name: 'forced github_inputs, an array', run: parse('[1]', { envelope: 'github_inputs' }), prefix: 'inputs: expected a JSON object but found an array of 1' },
  { name: 'forced gitlab_trigger, empty file', run: parse('', { envelope: 'gitlab_trigger' }), prefix: 'TRIGGER_PAYLOAD: expected JSON but found an empty string' },

  // --- Unknown shapes ----------------------------------------------------------------------------------------
  { name: 'an empty object', run: parse({}), prefix: 'payload: expected a Port run: a classic port_payload (with context.runId)' },
  { name: 'an object of unknown keys', run: parse({ foo: 1, bar: { baz: 2 } }), prefix: 'payload: expected a Port run' },
  { name: 'a context object alone', run: parse({ context: { runId: 'r_1' } }), prefix: 'payload: expected a Port run' },
  { name: 'an action definition instead of a run', run: parse(example('classic').payload), prefix: 'payload: expected a Port run' },
  { name: 'a run id under another name', run: parse({ id: 'r_1', resource: 'run' }), prefix: 'payload: expected a Port run' },
  { name: 'a GitLab body whose port_payload has neither context nor runId', run: parse(gitlabBody({ port_payload: { foo: 1 } })), prefix: `port_payload.context.runId: ${RUN_ID_EXPECTED} nothing` },

  // --- context and runId -------------------------------------------------------------------------------------
  classicCase('context as a string', 'context', 'r_1', 'port_payload.context: expected an object but found "r_1"'),
  classicCase('context as an array', 'context', ['r_1'], 'port_payload.context: expected an object but found an array of 1'),
  classicCase('context null', 'context', null, 'port_payload.context: expected an object but found null'),
  classicCase('runId missing', 'context.runId', undefined, `port_payload.context.runId: ${RUN_ID_EXPECTED} nothing`),
  classicCase('runId null', 'context.runId', null, `port_payload.context.runId: ${RUN_ID_EXPECTED} null`),
  classicCase('runId a number', 'context.runId', 12345, `port_payload.context.runId: ${RUN_ID_EXPECTED} number 12345`),
  classicCase('runId an object', 'context.runId', { id: 'r_1' }, `port_payload.context.runId: ${RUN_ID_EXPECTED} an object`),
  classicCase('runId empty', 'context.runId', '', `port_payload.context.runId: ${RUN_ID_EXPECTED} an empty string`),
  classicCase('runId with spaces', 'context.runId', 'r_abc def', `port_payload.context.runId: ${RUN_ID_EXPECTED} "r_abc def"`),
  classicCase('runId with a newline', 'context.runId', 'r_abc\nexport X=1', `port_payload.context.runId: ${RUN_ID_EXPECTED} "r_abc\\nexport X=1"`),
  classicCase('runId with a path traversal', 'context.runId', '../../etc/passwd', `port_payload.context.runId: ${RUN_ID_EXPECTED} "../../etc/passwd"`),
  classicCase('runId with a URL query', 'context.runId', 'r_1?x=1#y', `port_payload.context.runId: ${RUN_ID_EXPECTED} "r_1?x=1#y"`),
  classicCase('runId with unicode', 'context.runId', 'r_ünïcode', `port_payload.context.runId: ${RUN_ID_EXPECTED} "r_ünïcode"`),
  classicCase('runId too long (129 characters)', 'context.runId', `r_${'x'.repeat(127)}`, `port_payload.context.runId: ${RUN_ID_EXPECTED} "r_xxxx`),
  classicCase('context.blueprint a number', 'context.blueprint', 7, 'port_payload.context.blueprint: expected a string or null but found number 7'),
  classicCase('context.entity an object', 'context.entity', { identifier: 'x' }, 'port_payload.context.entity: expected a string or null but found an object'),

  // --- action ------------------------------------------------------------------------------------------------
  classicCase('action a number', 'action', 5, 'port_payload.action: expected the action identifier (a string, or an object with "identifier") but found number 5'),
  classicCase('action an array', 'action', ['deploy'], 'port_payload.action: expected the action identifier (a string, or an object with "identifier") but found an array of 1'),
  classicCase('action an object without identifier', 'action', { title: 'Deploy' }, 'port_payload.action: expected the action identifier'),
  classicCase('payload.action a string', 'payload.action', 'deploy_service', 'port_payload.payload.action: expected an object but found "deploy_service"'),
  classicCase('payload.action.userInputs a string', 'payload.action.userInputs', 'none', 'port_payload.payload.action.userInputs: expected an object but found "none"'),
  classicCase('payload.action.userInputs.properties an array', 'payload.action.userInputs.properties', [{ type: 'string' }], 'port_payload.payload.action.userInputs.properties: expected an object but found an array of 1'),
  classicCase('payload.action.userInputs.properties a string', 'payload.action.userInputs.properties', 'environment', 'port_payload.payload.action.userInputs.properties: expected an object but found "environment"'),
  classicCase('payload.action.userInputs.properties null', 'payload.action.userInputs.properties', null, 'port_payload.payload.action.userInputs.properties: expected an object but found null'),
  // RunContext.action is `string | null`: an identifier of another type must be refused, not passed on (it crashes contextEnv/formatShellExports).
  { name: 'payload.action.identifier a number (no top-level action)', run: parse({ context: { runId: 'r_1' }, payload: { action: { identifier: 5 } } }), prefix: 'port_payload.payload.action.identifier: expected' },

  // --- trigger -----------------------------------------------------------------------------------------------
  classicCase('trigger a string', 'trigger', 'UI', 'port_payload.trigger: expected an object but found "UI"'),
  classicCase('trigger an array', 'trigger', [], 'port_payload.trigger: expected an object but found an array of 0'),
  classicCase('trigger.by a string', 'trigger.by', 'dana', 'port_payload.trigger.by: expected an object but found "dana"'),
  classicCase('trigger.by.user an array', 'trigger.by.user', ['a@b.c'], 'port_payload.trigger.by.user: expected an object but found an array of 1'),
  classicCase('trigger.by.user.email a number', 'trigger.by.user.email', 5, 'port_payload.trigger.by.user.email: expected a string or null but found number 5'),
  classicCase('trigger.by.user.email an array', 'trigger.by.user.email', ['a@b.c'], 'port_payload.trigger.by.user.email: expected a string or null but found an array of 1'),
  classicCase('trigger.by.userId a boolean', 'trigger.by.userId', false, 'port_payload.trigger.by.userId: expected a string or null but found boolean false'),
  classicCase('trigger.by.orgId a number', 'trigger.by.orgId', 1, 'port_payload.trigger.by.orgId: expected a string or null but found number 1'),
  classicCase('trigger.origin an object', 'trigger.origin', { ui: true }, 'port_payload.trigger.origin: expected a string or null but found an object'),
  classicCase('trigger.at an epoch number', 'trigger.at', 1700000000, 'port_payload.trigger.at: expected a string or null but found number 1700000000'),
  classicCase('trigger.operation a number', 'trigger.operation', 2, 'port_payload.trigger.operation: expected a string or null but found number 2'),

  // --- payload -----------------------------------------------------------------------------------------------
  classicCase('payload a string', 'payload', '{}', 'port_payload.payload: expected an object but found "{}"'),
  classicCase('payload an array', 'payload', [], 'port_payload.payload: expected an object but found an array of 0'),
  classicCase('payload.properties an array', 'payload.properties', ['production', 4], 'port_payload.payload.properties: expected an object but found an array of 2'),
  classicCase('payload.properties a string', 'payload.properties', '{"a":1}', 'port_payload.payload.properties: expected an object but found "{\\"a\\":1}"'),
  classicCase('payload.entity a string', 'payload.entity', 'checkout-api', 'port_payload.payload.entity: expected an object but found "checkout-api"'),
  classicCase('payload.entity an array', 'payload.entity', [{ identifier: 'x' }], 'port_payload.payload.entity: expected an object but found an array of 1'),
  classicCase('payload.entity.identifier a number', 'payload.entity', { identifier: 7 }, 'port_payload.payload.entity.identifier: expected a string but found number 7'),
  classicCase('censoredProperties a string', 'payload.censoredProperties', 'db_password', 'port_payload.payload.censoredProperties: expected a list of input ids but found "db_password"'),
  classicCase('censoredProperties with a number', 'payload.censoredProperties', ['a', 1], 'port_payload.payload.censoredProperties: expected a list of input ids but found an array of 2'),
  classicCase('censoredProperties an object', 'payload.censoredProperties', { db_password: true }, 'port_payload.payload.censoredProperties: expected a list of input ids but found an object'),

  // --- size, nesting, NUL ------------------------------------------------------------------------------------
  { name: 'a payload text over 1 MiB', run: parse(overLimitText()), prefix: 'payload: expected at most 1 MiB (1048576 bytes)' },
  { name: 'a GitHub port_payload input over 1 MiB', run: parse({ port_payload: overLimitText() }), prefix: 'port_payload: expected at most 1 MiB (1048576 bytes)' },
  // parsePayload's doc: "@throws PayloadError ... for a payload over 1 MiB", for the object form as for the text.
  { name: 'a payload object over 1 MiB', run: parse(JSON.parse(overLimitText())), prefix: 'payload: expected at most 1 MiB (1048576 bytes)' },
  { name: 'nesting deeper than 64 levels (text)', run: parse(JSON.stringify(deepMessage(62))), prefix: `${DEEP_PATH}: expected at most 64 levels of nesting but found deeper nesting` },
  { name: 'nesting deeper than 64 levels (object)', run: parse(deepMessage(62)), prefix: `${DEEP_PATH}: expected at most 64 levels of nesting` },
  { name: '100,000 nested arrays', run: parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), prefix: 'payload[0][0][0]' },
  { name: 'deep nesting inside a GitHub port_payload input', run: parse({ port_payload: JSON.stringify(deepMessage(62)) }), prefix: `port_payload.payload.properties.deep${'.a'.repeat(61)}: expected at most 64 levels` },
  { name: 'a NUL in an input value (text)', run: parse('{"context":{"runId":"r_1"},"payload":{"properties":{"name":"a\\u0000b"}}}'), prefix: 'payload.payload.properties.name: expected text without NUL characters but found a string containing \\u0000' },
  { name: 'a NUL in an input value (object)', run: parse({ context: { runId: 'r_1' }, payload: { properties: { name: 'a\u0000b' } } }), prefix: 'payload.payload.properties.name: expected text without NUL characters' },
  { name: 'a NUL in an input id', run: parse('{"context":{"runId":"r_1"},"payload":{"properties":{"na\\u0000me":"x"}}}'), prefix: 'payload.payload.properties: expected keys without NUL characters but found a key containing \\u0000' },
  { name: 'a NUL in the run id', run: parse('{"context":{"runId":"r_1\\u0000"},"payload":{}}'), prefix: 'payload.context.runId: expected text without NUL characters' },
  { name: 'a NUL in a GitHub isolated input', run: parse({ port_payload: JSON.stringify(classicMessage({})), name: 'a\u0000b' }, { envelope: 'github_inputs' }), prefix: 'inputs.name: expected text without NUL characters' },
  { name: 'a NUL inside the GitHub port_payload text', run: parse({ port_payload: '{"context":{"runId":"r_1"},"payload":{"properties":{"x":"\\u0000"}}}' }), prefix: 'port_payload.payload.properties.x: expected text without NUL characters' },
  { name: 'a NUL in a GitLab variable', run: parse(gitlabBody({ variables: { x: 'a\u0000' } }), { envelope: 'gitlab_trigger' }), prefix: 'TRIGGER_PAYLOAD.variables.x: expected text without NUL characters' },

  // --- input ids ---------------------------------------------------------------------------------------------
  { name: '"=" in a GitHub input id', run: parse(githubInputs({ 'a=b': 'x' })), prefix: 'inputs.a=b: expected an input id of 1-200 characters without spaces, "=" or control characters but found "a=b"' },
  { name: '"=" in a payload input id', run: parse(classicMessage({ 'PATH=/tmp': 'x' })), prefix: 'port_payload.payload.properties.PATH=/tmp: expected an input id' },
  { name: 'a newline in a GitHub input id', run: parse(githubInputs({ 'a\nb': 'x' })), prefix: 'inputs.a' },
  { name: 'a newline in a payload input id', run: parse(classicMessage({ 'x\nexport EVIL=1': 'v' })), prefix: 'port_payload.payload.properties.x' },
  { name: 'a space in an input id', run: parse(classicMessage({ 'my input': 'v' })), prefix: 'port_payload.payload.properties.my input: expected an input id' },
  { name: 'a tab in a GitLab variable name', run: parse(gitlabBody({ variables: { 'a\tb': 'v' } })), prefix: 'variables.a' },
  { name: 'U+2028 in an input id', run: parse(classicMessage({ 'a\u2028b': 'v' })), prefix: 'port_payload.payload.properties.a' },
  { name: 'an empty input id', run: parse(classicMessage({ '': 'v' })), prefix: 'port_payload.payload.properties.: expected an input id' },
  { name: 'an input id over 200 characters', run: parse(classicMessage({ ['i'.repeat(201)]: 'v' })), prefix: `port_payload.payload.properties.${'i'.repeat(201)}: expected an input id` },
  { name: '"__proto__" as a payload input id', run: parse('{"context":{"runId":"r_1"},"payload":{"properties":{"__proto__":{"polluted":true}}}}'), prefix: 'port_payload.payload.properties.__proto__: expected an input id' },
  { name: '"__proto__" as a GitHub input id', run: parse(`{"port_payload":${JSON.stringify(JSON.stringify(classicMessage({})))},"__proto__":"x"}`), prefix: 'inputs.__proto__: expected an input id' },
  { name: '"__proto__" as a GitLab variable', run: parse('{"ref":"main","variables":{"__proto__":"x"},"port_payload":{}}'), prefix: 'variables.__proto__: expected an input id' },
  { name: '"__proto__" as an isolated input given in options', run: parse(classicMessage({}), { isolatedInputs: JSON.parse('{"__proto__":"x"}') as Record<string, string> }), prefix: 'inputs.__proto__: expected an input id' },

  // --- envelopes ---------------------------------------------------------------------------------------------
  { name: 'GitLab variables an array', run: parse(gitlabBody({ variables: ['a=b'] })), prefix: 'variables: expected an object but found an array of 1' },
  { name: 'GitLab variables a string', run: parse(gitlabBody({ variables: 'a=b' })), prefix: 'variables: expected an object but found "a=b"' },
  { name: 'a GitLab variable an object', run: parse(gitlabBody({ variables: { labels: { a: 1 } } })), prefix: 'variables.labels: expected text but found an object' },
  { name: 'GitLab ref a number', run: parse(gitlabBody({ ref: 1 })), prefix: 'ref: expected a string or null but found number 1' },
  { name: 'GitLab port_payload a number', run: parse(gitlabBody({ port_payload: 5 })), prefix: 'port_payload: expected a JSON object but found number 5' },
  { name: 'GitLab port_payload an array', run: parse(gitlabBody({ port_payload: [] })), prefix: 'port_payload: expected a JSON object but found an array of 0' },
  { name: 'GitLab port_payload null', run: parse(gitlabBody({ port_payload: null })), prefix: 'port_payload: expected a JSON object but found null' },
  { name: 'GitLab port_payload with a bad runId', run: parse(gitlabBody({ port_payload: { context: { runId: 'r 1' }, payload: {} } })), prefix: `port_payload.context.runId: ${RUN_ID_EXPECTED} "r 1"` },
  { name: 'GitHub port_payload not JSON', run: parse({ port_payload: '{"context":' }), prefix: 'port_payload: expected JSON but found text that is not JSON' },
  { name: 'GitHub port_payload a JSON string', run: parse({ port_payload: '"r_1"' }), prefix: 'port_payload: expected a JSON object but found "r_1"' },
  { name: 'GitHub port_payload whitespace only', run: parse({ port_payload: '   ' }), prefix: 'port_payload: expected JSON but found an empty string' },
  { name: 'GitHub port_payload with a runId of the wrong type', run: parse({ port_payload: '{"context":{"runId":7},"payload":{}}' }), prefix: `port_payload.context.runId: ${RUN_ID_EXPECTED} number 7` },
  { name: 'a GitHub input an object', run: parse(githubInputs({ labels: { a: 1 } })), prefix: 'inputs.labels: expected text but found an object' },
  { name: 'a GitHub input an array', run: parse(githubInputs({ notify: ['a@b.c'] })), prefix: 'inputs.notify: expected text but found an array of 1' },
  { name: 'a whole event whose inputs hold an object', run: parse({ inputs: { labels: {} }, workflow: 'deploy.yml' }), prefix: 'inputs.labels: expected text but found an object' },
  { name: 'port_context without runId', run: parse({ port_context: '{"entity":"x","blueprint":"service"}' }), prefix: `port_context.runId: ${RUN_ID_EXPECTED} nothing` },
  { name: 'port_context runId a number', run: parse({ port_context: '{"runId":42}' }), prefix: `port_context.runId: ${RUN_ID_EXPECTED} number 42` },
  { name: 'port_context not JSON', run: parse({ port_context: 'runId=r_1' }), prefix: 'port_context: expected JSON but found text that is not JSON' },
  { name: 'port_context trigger bad JSON text', run: parse({ port_context: JSON.stringify({ runId: 'r_1', trigger: '{"by":' }) }), prefix: 'port_context.trigger: expected JSON but found text that is not JSON' },
  { name: 'port_context trigger an array', run: parse({ port_context: JSON.stringify({ runId: 'r_1', trigger: '[]' }) }), prefix: 'port_context.trigger: expected a JSON object but found an array of 0' },
  { name: 'port_context trigger.by.user.email a number', run: parse({ port_context: JSON.stringify({ runId: 'r_1', trigger: { by: { user: { email: 1 } } } }) }), prefix: 'port_context.trigger.by.user.email: expected a string or null but found number 1' },
  { name: 'port_context entity a number', run: parse({ port_context: JSON.stringify({ runId: 'r_1', entity: 3 }) }), prefix: 'port_context.entity: expected a string or null but found number 3' },
  { name: 'port_context entity JSON text cut off', run: parse({ port_context: JSON.stringify({ runId: 'r_1', entity: '{"identifier":' }) }), prefix: 'port_context.entity: expected JSON' },
  { name: 'port_context entity identifier a number', run: parse({ port_context: JSON.stringify({ runId: 'r_1', entity: '{"identifier":9}' }) }), prefix: 'port_context.entity.identifier: expected a string but found number 9' },
  { name: 'port_context inputs an array text', run: parse({ port_context: JSON.stringify({ runId: 'r_1', inputs: '[1]' }) }), prefix: 'port_context.inputs: expected a JSON object but found an array of 1' },
  { name: 'port_context action a number', run: parse({ port_context: JSON.stringify({ runId: 'r_1', action: 1 }) }), prefix: 'port_context.action: expected the action identifier' },
  // A bare port_context object has no port_payload anywhere: its fields are port_context.<field>.
  { name: 'a bare port_context with a bad runId', run: parse({ runId: 'r 1', blueprint: 'service' }), prefix: `port_context.runId: ${RUN_ID_EXPECTED} "r 1"` },
  { name: 'a bare port_context with a bad run_id', run: parse({ run_id: 'r 1', blueprint: 'service' }), prefix: `port_context.run_id: ${RUN_ID_EXPECTED} "r 1"` },
  { name: 'port_context run_id a number', run: parse({ port_context: '{"run_id":42}' }), prefix: `port_context.run_id: ${RUN_ID_EXPECTED} number 42` },
  { name: 'port_context runId and run_id that disagree', run: parse({ port_context: '{"runId":"r_1","run_id":"r_2"}' }), prefix: 'port_context.run_id: expected the same run id as port_context.runId (r_1) but found "r_2"' },
  { name: 'port_context run id null from a failed template', run: parse({ port_context: '{"runId":null,"entity":"x"}' }), prefix: `port_context.runId: ${RUN_ID_EXPECTED} nothing` },

  // --- a run id given outside the payload -----------------------------------------------------------------------
  { name: 'a given run id that is not one', run: parse({ runId: 'r_1' }, { runId: { value: 'r 1; id', source: 'run-id' } }), prefix: `run-id: ${RUN_ID_EXPECTED} "r 1; id"` },
  { name: 'a run id input named that is not there', run: parse({ port_context: '{"runId":"r_1"}', region: 'eu' }, { runId: { input: 'run_id', source: '--run-id-from' } }), prefix: '--run-id-from: expected the name of one of the workflow_dispatch inputs (they are "region") but found "run_id"' },
  { name: 'a run id variable named that is not there', run: parse({ variables: {}, port_payload: {} }, { runId: { input: 'PORT_RUN_ID', source: '--run-id-from' } }), prefix: '--run-id-from: expected the name of one of the variables of the GitLab trigger body (there are none) but found "PORT_RUN_ID"' },
  { name: 'a run id input that holds no run id', run: parse({ run_id: '{{ .run.id }}' }, { envelope: 'github_inputs', runId: { input: 'run_id', source: '--run-id-from' } }), prefix: `inputs.run_id (--run-id-from): ${RUN_ID_EXPECTED} "{{ .run.id }}"` },

  // --- typed isolated inputs (sole copies) -------------------------------------------------------------------
  { name: 'a number input "abc"', run: parse({ replica_count: 'abc' }, { envelope: 'github_inputs', userInputs: deploySchema() }), prefix: 'inputs.replica_count: expected a number but found "abc"' },
  { name: 'a number input "Infinity"', run: parse({ variables: { replica_count: 'Infinity' }, port_payload: {} }, { userInputs: deploySchema() }), prefix: 'variables.replica_count: expected a number but found "Infinity"' },
  { name: 'a boolean input "yes"', run: parse({ dry_run: 'yes' }, { envelope: 'github_inputs', userInputs: deploySchema() }), prefix: 'inputs.dry_run: expected true or false but found "yes"' },
  { name: 'an object input that is not JSON', run: parse({ labels: 'owner=payments' }, { envelope: 'github_inputs', userInputs: deploySchema() }), prefix: 'inputs.labels: expected JSON but found text that is not JSON' },
  { name: 'an object input that is an array', run: parse({ labels: '["a"]' }, { envelope: 'github_inputs', userInputs: deploySchema() }), prefix: 'inputs.labels: expected an object as JSON but found an array of 1' },
  { name: 'an array input that is an object', run: parse({ notify: '{"a":1}' }, { envelope: 'github_inputs', userInputs: deploySchema() }), prefix: 'inputs.notify: expected an array as JSON but found an object' },
  { name: 'an entity input object without identifier', run: parse({ cluster: '{"title":"EU"}' }, { envelope: 'github_inputs', userInputs: deploySchema() }), prefix: 'inputs.cluster: expected an entity identifier or an entity object with "identifier" but found an object' },
  { name: 'an object input nested too deep', run: () => typeInputText(JSON.stringify(nest(65)), { type: 'object' }, 'inputs.labels'), prefix: `inputs.labels${'.a'.repeat(64)}: expected at most 64 levels` },

  // --- UsageError --------------------------------------------------------------------------------------------
  { name: 'a client secret shorter than 32 bytes', run: () => decryptSecret('AAAA', 'too-short'), prefix: 'PORT_CLIENT_SECRET: expected at least 32 bytes', usage: true },
];

describe('malformed and hostile payloads are refused with the path of the field at fault', () => {
  it('has a corpus of at least 30 cases with unique names', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const error = thrown(c.run);
    expect(error).toBeInstanceOf(UsageError);
    if (c.usage) {
      expect(error.name).toBe('UsageError');
    } else {
      expect(error).toBeInstanceOf(PayloadError);
      expect(error.name).toBe('PayloadError');
      const { path } = error as PayloadError;
      expect(error.message.startsWith(`${path}: expected `)).toBe(true);
    }
    expect(error.message.startsWith(c.prefix), `message ${JSON.stringify(error.message)} should start with ${JSON.stringify(c.prefix)}`).toBe(true);
  });
});

describe('every refusal is one line', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { message } = thrown(c.run);
    expect(message, JSON.stringify(message)).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(message.length).toBeLessThan(600);
  });
});

describe('the size message', () => {
  it('says how large the payload is, not just the limit again', () => {
    const { message } = thrown(parse(overLimitText()));
    const [expected, found] = message.split(' but found ');
    expect(expected).toBe('payload: expected at most 1 MiB (1048576 bytes)');
    expect(found).toMatch(/^\d+ bytes$/);
    expect(found).toMatch(/1\s?04\d\s?\d{3} bytes|1\.00\d+ MiB/);
  });
});

describe('hostile but valid payloads parse', () => {
  it('keeps unicode values exactly', () => {
    const values = { rtl: 'שלום עולם', emoji: '🚀🔥👩‍💻', cjk: '日本語テキスト', combining: 'e\u0301', astral: '𝕏', ls: 'a\u2028b\u2029c' };
    const context = parsePayload(JSON.stringify(classicMessage(values)));
    expect(context.inputs).toStrictEqual(values);
    const viaGithub = parsePayload({ port_payload: JSON.stringify(classicMessage(values)), ...values });
    expect(viaGithub.inputs).toStrictEqual(values);
    expect(viaGithub.warnings).toStrictEqual([]);
  });

  it('keeps "=" and newlines inside input values (payload, GitHub inputs and GitLab variables)', () => {
    const values = { env: 'A=1\nB=2\n', script: 'echo "$(id)"\r\nexit 0', eq: '==', hash: '# not a comment' };
    expect(parsePayload(classicMessage(values)).inputs).toStrictEqual(values);
    expect(parsePayload(values, { envelope: 'github_inputs' }).inputs).toStrictEqual(values);
    expect(parsePayload({ ref: 'main', variables: values, port_payload: {} }).inputs).toStrictEqual(values);
  });

  it('accepts control characters other than NUL inside values', () => {
    const values = { bell: 'a\u0007b', esc: '\u001b[31mred\u001b[0m', tab: 'a\tb', del: '\u007f' };
    expect(parsePayload(classicMessage(values)).inputs).toStrictEqual(values);
  });

  it('accepts unicode and punctuation in input ids, and ids named like Object members', () => {
    const values = { 'región': 'x', 'naïve-id': 'y', 'a.b:c/d': 'z', constructor: 'c', toString: 't', hasOwnProperty: 'h', prototype: 'p' };
    const context = parsePayload(classicMessage(values));
    expect(context.inputs).toStrictEqual(values);
  });

  it('keeps "__proto__" inside an input value as data without polluting prototypes', () => {
    const text = '{"context":{"runId":"r_1"},"payload":{"properties":{"labels":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}}}';
    const context = parsePayload(text);
    const labels = context.inputs.labels as Record<string, unknown>;
    expect(Object.keys(labels)).toStrictEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  it('accepts a payload just under 1 MiB', () => {
    const base = JSON.stringify(classicMessage({ blob: '' }));
    const room = 1024 * 1024 - Buffer.byteLength(base);
    const text = JSON.stringify(classicMessage({ blob: 'y'.repeat(room) }));
    expect(Buffer.byteLength(text)).toBe(1024 * 1024);
    expect((parsePayload(text).inputs.blob as string).length).toBe(room);
  });

  it('counts the limit in UTF-8 bytes', () => {
    // 400,000 three-byte characters: 1.2 MB of UTF-8 but only 400,000 UTF-16 units.
    const text = JSON.stringify(classicMessage({ blob: '€'.repeat(400_000) }));
    expect(text.length).toBeLessThan(1024 * 1024);
    expect(thrown(parse(text)).message).toMatch(/^payload: expected at most 1 MiB \(1048576 bytes\)/);
  });

  it('accepts 64 levels of nesting', () => {
    expect(parsePayload(JSON.stringify(deepMessage(61))).inputs.deep).toStrictEqual(nest(61));
    expect(parsePayload(deepMessage(61)).runId).toBe('r_1');
  });

  it('accepts a run id of 128 URL-safe characters and extreme numbers', () => {
    const runId = `r_${'A-z_9'.repeat(25)}x`;
    expect(runId).toHaveLength(128);
    const context = parsePayload({ context: { runId }, payload: { properties: { big: 1e308, small: -5e-324, zero: -0 } } });
    expect(context.runId).toBe(runId);
    expect(context.inputs).toStrictEqual({ big: 1e308, small: -5e-324, zero: -0 });
  });

  it('takes the last of duplicate keys, as JSON.parse does', () => {
    expect(parsePayload('{"context":{"runId":"r_a","runId":"r_b"},"payload":{}}').runId).toBe('r_b');
  });
});

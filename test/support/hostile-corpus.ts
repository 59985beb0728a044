/*
 * A generated corpus of malformed and hostile payloads for the faces that take input from outside: `port-ci context`,
 * the root action's main step and the GitLab template (test/e2e/hostile.test.ts runs every case through each).
 *
 * Each case is what Port (or someone pretending to be Port) hands a job, in one of four shapes:
 *   message       a classic port_payload message, as an object or as the text a job receives
 *   port_context  a v2 port_context object, or its text
 *   gitlab        the body Port's agent posts to GitLab's trigger API ($TRIGGER_PAYLOAD)
 *   github        the workflow_dispatch inputs (port_payload / port_context as text beside the isolated inputs)
 *
 * `refused` cases must get one line naming `field` (as `port-ci context` names it; `githubField` when the action's
 * main step, which receives the payload as the port_payload input, names it otherwise). `accepted` cases are hostile
 * VALUES that are legal data: `expected` says exactly what every face must carry, byte for byte.
 *
 * Objects with an own `__proto__` key are built with JSON.parse or defineProperty, never with a literal (a literal
 * would set the prototype instead of adding data).
 */

export type Kind = 'refused' | 'accepted';
export type Shape = 'message' | 'port_context' | 'gitlab' | 'github';

export interface Expected {
  runId: string | null;
  action: string | null;
  blueprint: string | null;
  entityIdentifier: string | null;
  triggeredBy: string | null;
  /** The typed inputs, as JSON shows them (PORT_INPUTS and the `inputs` output must parse back to this). */
  inputs: Record<string, unknown>;
  /**
   * Every variable a job gets, exactly, except PORT_INPUTS (compared through `inputs`): the five run fields and one
   * PORT_INPUT_<ID> per input (an input whose name clashes with an earlier one gets none).
   */
  env: Record<string, string>;
}

export interface HostileCase {
  name: string;
  raw: string | object;
  kind: Kind;
  shape: Shape;
  /** refused: the field the one-line error must name first (`port-ci context` wording). */
  field?: string;
  /** refused: the field as the action's main step names it, when the default mapping (see githubView) is wrong. */
  githubField?: string;
  /** accepted: what must come out of every face. */
  expected?: Expected;
  /** The action's main step sees this case differently (an empty port_payload input means "payload omitted"). */
  github?: { kind: Kind; field?: string; expected?: Expected };
}

// ---------------------------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

/** A deep copy that keeps own `__proto__` keys as data. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Adds `key` as an own, enumerable data property, even when it is `__proto__`. */
export function withKey<T extends object>(target: T, key: string, value: unknown): T {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

export const ACTION = 'deploy_service';
export const BLUEPRINT = 'service';
export const ENTITY = 'checkout-api';
export const EMAIL = 'dana@acme.example';

/** The trigger token inside every GitLab body of the corpus: no face may ever print it. */
export const CORPUS_TRIGGER_TOKEN = 'glptt-hostile-corpus-trigger-token-7f3a9c';

/** A minimal classic message (PORT-FACTS.md §2) with the given inputs; its action definition types nothing. */
export function classicMessage(runId: string, properties: Json = {}): Json {
  return clone({
    action: ACTION,
    resourceType: 'run',
    status: 'TRIGGERED',
    trigger: { by: { orgId: 'org_7yHbQ2', userId: 'auth0|6541f1', user: { email: EMAIL, firstName: 'Dana' } }, origin: 'UI', at: '2026-11-28T09:14:03.511Z' },
    context: { entity: ENTITY, blueprint: BLUEPRINT, runId },
    payload: {
      entity: { identifier: ENTITY, title: 'Checkout API', blueprint: BLUEPRINT, properties: {}, relations: {}, team: [] },
      action: { identifier: ACTION, trigger: 'DAY-2', invocationMethod: { type: 'GITHUB' }, userInputs: { properties: {} } },
      properties,
      censoredProperties: [],
    },
  }) as Json;
}

/** The value at a dotted path of a message, created as objects on the way; `undefined` deletes the field. */
export function setPath(message: Json, path: string, value: unknown): Json {
  const keys = path.split('.');
  let node = message;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Json;
  }
  const last = keys.at(-1)!;
  if (value === undefined) delete node[last];
  else withKey(node, last, value);
  return message;
}

/** How a job reads an input's value as text: strings as they are, everything else as compact JSON. */
function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** What a job must get from a message built by classicMessage, with `names` giving each input's variable. */
function expectedClassic(runId: string, inputs: Json, names: Record<string, string | null>, overrides: Partial<Expected> = {}): Expected {
  const env: Record<string, string> = {
    PORT_RUN_ID: runId,
    PORT_ACTION: overrides.action ?? ACTION,
    PORT_BLUEPRINT: overrides.blueprint ?? BLUEPRINT,
    PORT_ENTITY_IDENTIFIER: overrides.entityIdentifier ?? ENTITY,
    PORT_TRIGGERED_BY: overrides.triggeredBy ?? EMAIL,
  };
  for (const [id, name] of Object.entries(names)) if (name !== null) env[name] = text(inputs[id]);
  return { runId, action: ACTION, blueprint: BLUEPRINT, entityIdentifier: ENTITY, triggeredBy: EMAIL, inputs, ...overrides, env };
}

/** What a job gets from an omitPayload run: no run id, only the isolated inputs (as text: no schema types them). */
export function expectedOmitted(inputs: Record<string, string>, names: Record<string, string | null>): Expected {
  const env: Record<string, string> = { PORT_RUN_ID: '', PORT_ACTION: '', PORT_BLUEPRINT: '', PORT_ENTITY_IDENTIFIER: '', PORT_TRIGGERED_BY: '' };
  for (const [id, name] of Object.entries(names)) if (name !== null) env[name] = inputs[id]!;
  return { runId: null, action: null, blueprint: null, entityIdentifier: null, triggeredBy: null, inputs, env };
}

/** n levels of nested objects {"a":{"a":...}} around a string. */
export function nest(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

/** Run ids: one per accepted case, so each face's reports land on a run of their own in the sandbox. */
let runCounter = 0;
function nextRunId(): string {
  runCounter += 1;
  return `r_hostile${String(runCounter).padStart(3, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile values: legal data that must be carried exactly
// ---------------------------------------------------------------------------------------------------------------

/** A file a `$(touch ...)` payload would create outside the temp cwd; the tests check it never appears. */
export const PWNED_FILE = '/tmp/port-ci-hostile-pwned-4b1d';

/**
 * Every form in which a runner reads a workflow command (test/support/workflow-commands.ts): each command the
 * runner registers, in its V2 (`::name::`) and legacy (`##[name]`) syntax, in other cases, after every kind of
 * blank .NET trims, and a legacy one in the middle of a line. `::stop-commands::` matters most: it would silence
 * every later command of the step, the `::add-mask::` of a secret included.
 */
export const COMMAND_FORMS: readonly string[] = [
  '::set-output name=pwned::1',
  '::set-env name=PWNED::1',
  '::add-path::/tmp/evil',
  '::add-mask::hunter2',
  '::save-state name=pwned::1',
  '::stop-commands::pwned-token',
  '::pwned-token::',
  '::echo::on',
  '::group::a fake group',
  '::endgroup::',
  '::add-matcher::/tmp/evil-matcher.json',
  '::remove-matcher owner=pwned::',
  '::debug::injected',
  '::notice file=a.ts,line=1::injected',
  '::warning title=injected::injected',
  '::error::injected',
  '::Set-Output name=pwned::1',
  '::ADD-MASK::hunter2',
  ...[' ', '\t', '\u000b', '\f', '\u00a0', '\u1680', '\u2003', '\u202f', '\u205f', '\u3000', '\u0085', '\u2028', '\u2029', '\ufeff', ' \t\u00a0 '].map(
    (blank) => `${blank}::set-output name=pwned::1`,
  ),
  '##[set-output name=pwned;]1',
  '##[add-mask]hunter2',
  '##[stop-commands]pwned-token',
  '##[SET-ENV name=PWNED;]1',
  '##[group]a fake group',
  '##[command]a fake command echo',
  '###[debug]injected',
  'text before ##[set-output name=pwned;]1',
  'text##[error]injected',
];

/** Every line break a runner or a log viewer may see: the runner's own (\n, \r, \r\n) and Unicode's. */
export const LINE_BREAKS: readonly string[] = ['\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085'];

/** Every command form, each after a line break of another kind, as one value. */
export const EVERY_COMMAND_FORM = COMMAND_FORMS.map((form, i) => `${LINE_BREAKS[i % LINE_BREAKS.length]}${form}`).join('');

export const HOSTILE_VALUES: ReadonlyArray<readonly [string, string]> = [
  ['a newline then an export line', 'line one\nexport PWNED=1\nPWNED2=1'],
  ['command substitution, backticks, arithmetic', "it's $(touch pwned-a) `touch pwned-b` ${HOME} $((6*7))"],
  ['command substitution with an absolute path', `$(touch ${PWNED_FILE}) \`touch ${PWNED_FILE}\``],
  ['a GitHub heredoc delimiter', 'ghadelimiter_0f3c1e2a-1111-4222-8333-944445555666\nEVIL=1\nghadelimiter_0f3c1e2a-1111-4222-8333-944445555666'],
  ['percent-encoded line breaks', '%0A%0D%25 and %0a%0d and %250A'],
  ['an add-mask command', '::add-mask::hunter2'],
  ['set-output and set-env after a newline', 'x\n::set-output name=pwned::1\n::set-env name=PWNED::1\n  ::add-path::/tmp/evil'],
  ['GitHub expression syntax', '${{ secrets.GITHUB_TOKEN }} ${{ github.event.inputs.port_payload }}'],
  ['carriage returns', 'a\rb\r\n::error::fake error\r'],
  ['ANSI escapes', '\u001b[31mred\u001b[0m \u001b]0;window title\u0007 \u001b[2J\u001b[H'],
  ['right-to-left override and Hebrew', 'invoice\u202Eexe.pdf\u202C שלום עולם \u200F'],
  ['emoji with joiners and flags', '🚀 👩‍👩‍👧‍👦 🏳️‍🌈 🇮🇱'],
  ['combining marks', 'e\u0301 n\u0303 Z\u0351\u0352\u0357a\u0304\u0310l\u0322g\u0335o'],
  ['unicode line and paragraph separators, NEL', 'line\u2028separator\u2029paragraph\u0085next'],
  ['a byte order mark', '\uFEFFstarts with a BOM and \uFEFF holds one'],
  ['equals signs', 'PWNED=1 a==b ='],
  ['quotes and backslashes', `'single' "double" \\back\\slash '\\'' "$(x)" \\"`],
  ['surrounding blanks', '  padded\t '],
  ['only a newline', '\n'],
  ['trailing newlines', 'value\n\n'],
  ['an empty string', ''],
  ['dollar references', '$HOME $PATH ${PATH:-x} $$ $1 $@ $CI_JOB_TOKEN $PORT_CLIENT_SECRET'],
  ['legacy ##[ workflow commands', '##[set-output name=pwned;]1\n##[add-mask]x\n##vso[task.setvariable variable=x]y'],
  ['every workflow command form, after every kind of line break', EVERY_COMMAND_FORM],
  ['a flag', '--help'],
  ['printf and echo options', '-n -e \\c %s %n'],
  ['heredoc terminators', 'EOF\nEOT\n_EOF_\n\'EOF\'\n'],
  ['tab, vertical tab, form feed', '\t\u000b\f'],
  ['other control characters', '\u0001\u0002\u0008\u007f\u009b31m'],
  ['shell operators', 'a; touch pwned-c; b && touch pwned-d | tee pwned-e > pwned-f'],
  ['glob and tilde', '* ? [a-z]* ~ ~root ./*'],
  ['a long line (70,000 characters)', `${'x'.repeat(69_990)}$(id)\nend`],
  ['many lines', Array.from({ length: 400 }, (_, i) => `line ${i}: $(echo ${i}) \`id\``).join('\n')],
];

// ---------------------------------------------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------------------------------------------

function buildCorpus(): HostileCase[] {
  const cases: HostileCase[] = [];
  const refused = (name: string, shape: Shape, raw: string | object, field: string, extra: Partial<HostileCase> = {}) =>
    cases.push({ name, raw, kind: 'refused', shape, field, ...extra });
  const accepted = (name: string, shape: Shape, raw: string | object, expected: Expected, extra: Partial<HostileCase> = {}) =>
    cases.push({ name, raw, kind: 'accepted', shape, expected, ...extra });

  /** A classic message whose one field is wrong: it names that field. */
  const classicWith = (name: string, path: string, value: unknown, field = `port_payload.${path}`) =>
    refused(`classic: ${name}`, 'message', setPath(classicMessage('r_refused1'), path, value), field);

  // --- Not JSON, or not an object ----------------------------------------------------------------------------
  const good = JSON.stringify(classicMessage('r_textcut1', { note: 'x' }));
  refused('text: truncated JSON (cut in half)', 'message', good.slice(0, Math.floor(good.length / 2)), 'payload');
  refused('text: only an opening brace', 'message', '{', 'payload');
  refused('text: a trailing comma', 'message', '{"context":{"runId":"r_1"},"payload":{},}', 'payload');
  refused('text: single-quoted pseudo-JSON', 'message', "{'context':{'runId':'r_1'}}", 'payload');
  refused('text: two JSON documents', 'message', '{"context":{"runId":"r_1"},"payload":{}} {"x":1}', 'payload');
  refused('text: NaN and Infinity', 'message', '{"context":{"runId":"r_1"},"payload":{"properties":{"n":NaN,"i":Infinity}}}', 'payload');
  refused('text: JavaScript comments', 'message', '{"context":{"runId":"r_1"} /* hi */, "payload":{}}', 'payload');
  refused('text: a raw newline inside a string', 'message', '{"context":{"runId":"r_1"},"payload":{"properties":{"a":"x\ny"}}}', 'payload');
  refused('text: a raw NUL byte outside strings', 'message', '{"context":{"runId":"r_1"},\u0000"payload":{}}', 'payload', {
    // The event file holds the input as a JSON string, so the NUL is seen there first.
    githubField: 'GITHUB_EVENT_PATH.inputs.port_payload',
  });
  refused('text: an empty string', 'message', '', 'payload', {
    // An empty port_payload input is a run that omits the payload (GitHub fills undeclared inputs with "").
    github: { kind: 'accepted', expected: expectedOmitted({}, {}) },
  });
  refused('text: only blanks', 'message', ' \n\t\r\n ', 'payload', { githubField: 'port_payload' });
  refused('text: a number', 'message', '42', 'payload');
  refused('text: null', 'message', 'null', 'payload');
  refused('text: true', 'message', 'true', 'payload');
  refused('text: a JSON string holding a run id', 'message', '"r_1"', 'payload');
  refused('text: an array holding the message', 'message', JSON.stringify([classicMessage('r_inarray1')]), 'payload');
  refused('text: doubly encoded JSON', 'message', JSON.stringify(JSON.stringify(classicMessage('r_double1'))), 'payload');

  // --- Unknown shapes ------------------------------------------------------------------------------------------
  refused('object: empty', 'message', {}, 'payload', { githubField: 'port_payload.context.runId' });
  refused('object: unknown keys only', 'message', { foo: 1, bar: { baz: '$(id)' } }, 'payload', { githubField: 'port_payload.context.runId' });
  refused('object: a run id under another name', 'message', { id: 'r_1', resource: 'run' }, 'payload', { githubField: 'port_payload.context.runId' });

  // --- Wrong types at every path of the classic message -------------------------------------------------------
  classicWith('context a string', 'context', 'r_1');
  classicWith('context an array', 'context', ['r_1']);
  classicWith('context null', 'context', null);
  classicWith('runId missing', 'context.runId', undefined);
  classicWith('runId null', 'context.runId', null);
  classicWith('runId a number', 'context.runId', 12345);
  classicWith('runId an object', 'context.runId', { id: 'r_1' });
  classicWith('runId a boolean', 'context.runId', true);
  classicWith('runId empty', 'context.runId', '');
  classicWith('context.blueprint a number', 'context.blueprint', 7);
  classicWith('context.blueprint an object', 'context.blueprint', { identifier: 'service' });
  classicWith('context.entity an object', 'context.entity', { identifier: 'x' });
  classicWith('context.entity a number', 'context.entity', 1);
  classicWith('action a number', 'action', 5);
  classicWith('action an array', 'action', ['deploy']);
  classicWith('action an object without identifier', 'action', { title: 'Deploy' });
  classicWith('action a boolean', 'action', false);
  classicWith('trigger a string', 'trigger', 'UI');
  classicWith('trigger an array', 'trigger', []);
  classicWith('trigger.by a string', 'trigger.by', 'dana');
  classicWith('trigger.by a number', 'trigger.by', 3);
  classicWith('trigger.by.user an array', 'trigger.by.user', ['a@b.c']);
  classicWith('trigger.by.user a string', 'trigger.by.user', 'dana@acme.example');
  classicWith('trigger.by.user.email a number', 'trigger.by.user.email', 5);
  classicWith('trigger.by.user.email an array', 'trigger.by.user.email', ['a@b.c']);
  classicWith('trigger.by.user.email an object', 'trigger.by.user.email', { address: 'a@b.c' });
  classicWith('trigger.by.userId a boolean', 'trigger.by.userId', false);
  classicWith('trigger.by.orgId a number', 'trigger.by.orgId', 1);
  classicWith('trigger.origin an object', 'trigger.origin', { ui: true });
  classicWith('trigger.at an epoch number', 'trigger.at', 1700000000);
  classicWith('trigger.operation a number', 'trigger.operation', 2);
  classicWith('payload a string', 'payload', '{}');
  classicWith('payload an array', 'payload', []);
  classicWith('payload a number', 'payload', 0);
  classicWith('payload.properties an array', 'payload.properties', ['production', 4]);
  classicWith('payload.properties a JSON string', 'payload.properties', '{"a":1}');
  classicWith('payload.properties true', 'payload.properties', true);
  classicWith('payload.entity a string', 'payload.entity', 'checkout-api');
  classicWith('payload.entity an array', 'payload.entity', [{ identifier: 'x' }]);
  classicWith('payload.entity.identifier a number', 'payload.entity.identifier', 7);
  classicWith('payload.entity.identifier an object', 'payload.entity.identifier', { id: 'x' });
  classicWith('payload.action a string', 'payload.action', 'deploy_service');
  classicWith('payload.action an array', 'payload.action', []);
  classicWith('payload.action.identifier a number', 'payload.action.identifier', 5);
  classicWith('payload.action.userInputs a string', 'payload.action.userInputs', 'none');
  classicWith('payload.action.userInputs an array', 'payload.action.userInputs', []);
  classicWith('payload.action.userInputs.properties an array', 'payload.action.userInputs.properties', [{ type: 'string' }]);
  classicWith('payload.action.userInputs.properties a string', 'payload.action.userInputs.properties', 'environment');
  classicWith('payload.censoredProperties a string', 'payload.censoredProperties', 'db_password');
  classicWith('payload.censoredProperties with a number', 'payload.censoredProperties', ['a', 1]);
  classicWith('payload.censoredProperties an object', 'payload.censoredProperties', { db_password: true });

  // --- Run ids with injection characters (classic and port_context) ------------------------------------------
  const badRunIds: Array<[string, string]> = [
    ['a shell command', 'r_1;touch pwned-runid'],
    ['command substitution', 'r_$(touch pwned-runid)'],
    ['backticks', 'r_`id`'],
    ['a newline and an assignment', 'r_1\nPORT_RUN_ID=r_evil'],
    ['a carriage return', 'r_1\r'],
    ['a percent-encoded newline', 'r_1%0Aevil'],
    ['a path traversal', 'r_1/../../etc/passwd'],
    ['a URL query and fragment', 'r_1?x=1#y'],
    ['a space', 'r_abc def'],
    ['a fullwidth digit', 'r_\uFF11'],
    ['a line separator', 'r_1\u2028x'],
    ['a GitHub delimiter', 'r_1\nghadelimiter_x'],
    ['129 characters', `r_${'x'.repeat(127)}`],
    ['workflow commands', 'r_1 ##[set-output name=pwned;]1\n::stop-commands::pwned'],
  ];
  for (const [name, runId] of badRunIds) {
    refused(`classic: run id with ${name}`, 'message', classicMessage(runId), 'port_payload.context.runId');
  }
  for (const [name, runId] of badRunIds.slice(0, 5)) {
    refused(`port_context: run id with ${name}`, 'port_context', { runId, blueprint: BLUEPRINT, entity: ENTITY }, 'port_context.runId');
  }

  // --- Wrong types in port_context -----------------------------------------------------------------------------
  const portContext = (patch: Json) => ({ runId: 'r_ctxrefused1', blueprint: BLUEPRINT, entity: ENTITY, trigger: JSON.stringify({ by: { user: { email: EMAIL } } }), ...patch });
  refused('port_context: runId null', 'port_context', portContext({ runId: null }), 'port_context.runId');
  refused('port_context: runId a number', 'port_context', portContext({ runId: 42 }), 'port_context.runId');
  refused('port_context: blueprint a number', 'port_context', portContext({ blueprint: 3 }), 'port_context.blueprint');
  refused('port_context: entity a number', 'port_context', portContext({ entity: 9 }), 'port_context.entity');
  refused('port_context: entity as truncated JSON text', 'port_context', portContext({ entity: '{"identifier":' }), 'port_context.entity');
  refused('port_context: entity JSON text with a numeric identifier', 'port_context', portContext({ entity: '{"identifier":7}' }), 'port_context.entity.identifier');
  refused('port_context: inputs text that is not JSON', 'port_context', portContext({ inputs: '{note: 1}' }), 'port_context.inputs');
  refused('port_context: inputs an array', 'port_context', portContext({ inputs: ['a'] }), 'port_context.inputs');
  refused('port_context: inputs a number', 'port_context', portContext({ inputs: 4 }), 'port_context.inputs');
  refused('port_context: trigger text that is not JSON', 'port_context', portContext({ trigger: '{by' }), 'port_context.trigger');
  refused('port_context: trigger.by.user.email a number', 'port_context', portContext({ trigger: JSON.stringify({ by: { user: { email: 5 } } }) }), 'port_context.trigger.by.user.email');
  refused('port_context: action a number', 'port_context', portContext({ action: 1 }), 'port_context.action');

  // --- Size and depth -------------------------------------------------------------------------------------------
  refused('size: a message text over 1 MiB', 'message', JSON.stringify(classicMessage('r_big1', { blob: 'x'.repeat(1024 * 1024) })), 'payload');
  refused('size: over 1 MiB of UTF-8 in fewer UTF-16 units', 'message', JSON.stringify(classicMessage('r_big2', { blob: '€'.repeat(400_000) })), 'payload');
  refused('size: over 1 MiB in many small inputs', 'message', classicMessage('r_big3', Object.fromEntries(Array.from({ length: 45_000 }, (_, i) => [`input_${i}`, '$(id)`id`']))), 'payload');
  refused('size: port_context inputs text over 1 MiB', 'port_context', portContext({ inputs: JSON.stringify({ blob: 'y'.repeat(1024 * 1024 + 1) }) }), 'payload', {
    githubField: 'port_context',
  });
  // root, payload and properties add three levels: nest(62) makes the 65th level.
  refused('depth: 65 levels in an input', 'message', classicMessage('r_deep1', { deep: nest(62) }), `payload.payload.properties.deep${'.a'.repeat(61)}`);
  refused('depth: 10,000 levels of arrays', 'message', `{"context":{"runId":"r_deep2"},"payload":{"properties":{"deep":${'['.repeat(10_000)}${']'.repeat(10_000)}}}}`, `payload.payload.properties.deep${'[0]'.repeat(61)}`);
  refused('depth: 100 levels in the trigger', 'message', setPath(classicMessage('r_deep3'), 'trigger.by.user.extra', nest(100)), `payload.trigger.by.user.extra${'.a'.repeat(60)}`);
  refused('depth: 70 levels inside port_context inputs text', 'port_context', portContext({ inputs: JSON.stringify({ deep: nest(70) }) }), `port_context.inputs.deep${'.a'.repeat(63)}`);

  // --- NUL ------------------------------------------------------------------------------------------------------
  refused('NUL: in an input value', 'message', classicMessage('r_nul1', { note: 'before\u0000after' }), 'payload.payload.properties.note');
  refused('NUL: in an input id', 'message', classicMessage('r_nul2', { 'no\u0000te': 'x' }), 'payload.payload.properties');
  refused('NUL: in the run id', 'message', classicMessage('r_nul3\u0000'), 'payload.context.runId');
  refused('NUL: in the email', 'message', setPath(classicMessage('r_nul4'), 'trigger.by.user.email', 'a@b.c\u0000'), 'payload.trigger.by.user.email');
  refused('NUL: in a nested object key', 'message', classicMessage('r_nul5', { labels: { 'k\u0000': 'v' } }), 'payload.payload.properties.labels');
  refused('NUL: inside port_context inputs text', 'port_context', portContext({ inputs: JSON.stringify({ note: 'a\u0000b' }) }), 'port_context.inputs.note');

  // --- Input ids ------------------------------------------------------------------------------------------------
  const idCase = (name: string, id: string, shownId: string) =>
    refused(`input id: ${name}`, 'message', classicMessage('r_idrefused1', { [id]: 'x' }), `port_payload.payload.properties.${shownId}`);
  idCase('a newline', 'a\nPWNED', 'a\\u000aPWNED');
  idCase('an equals sign', 'a=b', 'a=b');
  idCase('a space', 'a b', 'a b');
  idCase('a tab', 'a\tb', 'a\\u0009b');
  idCase('a carriage return', 'a\rb', 'a\\u000db');
  idCase('an ANSI escape', '\u001b[31mred', '\\u001b[31mred');
  idCase('a line separator', 'a\u2028b', 'a\\u2028b');
  idCase('a byte order mark', '\uFEFFnote', '\uFEFFnote');
  idCase('201 characters', 'i'.repeat(201), 'i'.repeat(201));
  idCase('empty', '', '');
  idCase('command substitution with a space', '$(touch pwned-id)', '$(touch pwned-id)');
  refused('input id: __proto__', 'message', classicMessage('r_idrefused1', JSON.parse('{"__proto__":{"polluted":true}}')), 'port_payload.payload.properties.__proto__');

  // --- Hostile values that are legal data (accepted) ------------------------------------------------------------
  for (const [name, value] of HOSTILE_VALUES) {
    const runId = nextRunId();
    accepted(`value: ${name}`, 'message', classicMessage(runId, { note: value }), expectedClassic(runId, { note: value }, { note: 'PORT_INPUT_NOTE' }));
  }
  {
    const runId = nextRunId();
    const inputs = Object.fromEntries(HOSTILE_VALUES.slice(0, 24).map(([, value], i) => [`value_${i}`, value]));
    const names = Object.fromEntries(Object.keys(inputs).map((id) => [id, `PORT_INPUT_${id.toUpperCase()}`]));
    accepted('value: 24 hostile inputs at once', 'message', classicMessage(runId, inputs), expectedClassic(runId, inputs, names));
  }
  {
    const runId = nextRunId();
    const labels = JSON.parse('{"__proto__":{"polluted":"$(id)"},"constructor":{"prototype":{"x":1}},"k\\ney":"v\\nal","ghadelimiter_1":"\\u2028"}');
    const inputs = { labels, list: ['a\nb', 1, null, true, { 'x=y': '`id`' }], big: 1e308, small: 5e-324, sum: 0.1 + 0.2, yes: true, nothing: null };
    const names = { labels: 'PORT_INPUT_LABELS', list: 'PORT_INPUT_LIST', big: 'PORT_INPUT_BIG', small: 'PORT_INPUT_SMALL', sum: 'PORT_INPUT_SUM', yes: 'PORT_INPUT_YES', nothing: 'PORT_INPUT_NOTHING' };
    accepted('value: objects with __proto__ and constructor keys, arrays, extreme numbers, null', 'message', classicMessage(runId, inputs), expectedClassic(runId, inputs, names));
  }
  {
    const runId = nextRunId();
    const inputs = { deep: nest(61) as Json };
    accepted('depth: exactly 64 levels', 'message', classicMessage(runId, inputs), expectedClassic(runId, inputs, { deep: 'PORT_INPUT_DEEP' }));
  }

  // --- Hostile input ids that are legal (accepted) ----------------------------------------------------------------
  const legalIds: Array<[string, string, string]> = [
    ['constructor', 'constructor', 'PORT_INPUT_CONSTRUCTOR'],
    ['toString', 'toString', 'PORT_INPUT_TO_STRING'],
    ['prototype', 'prototype', 'PORT_INPUT_PROTOTYPE'],
    ['command substitution', '$(touch_pwned)', 'PORT_INPUT_TOUCH_PWNED'],
    ['backticks and a semicolon', '`id`;x', 'PORT_INPUT_ID_X'],
    ['a workflow command', '::set-output', 'PORT_INPUT_SET_OUTPUT'],
    ['a heredoc delimiter', 'ghadelimiter_x', 'PORT_INPUT_GHADELIMITER_X'],
    ['percent-encoding', '%0A%0D', 'PORT_INPUT_0_A_0_D'],
    ['an expression', '${{github.token}}', 'PORT_INPUT_GITHUB_TOKEN'],
    ['accents', 'ünïcode', 'PORT_INPUT_N_CODE'],
    ['emoji only', '🚀', 'PORT_INPUT_X'],
  ];
  for (const [name, id, variable] of legalIds) {
    const runId = nextRunId();
    const value = `value of ${id} $(touch pwned-legal-id)\n`;
    accepted(`input id: ${name}`, 'message', classicMessage(runId, { [id]: value }), expectedClassic(runId, { [id]: value }, { [id]: variable }));
  }
  {
    const runId = nextRunId();
    const inputs = { 'שלום': 'first\nhebrew', '🚀': 'second' };
    accepted('input id: two ids with no letters share PORT_INPUT_X, the first keeps it', 'message', classicMessage(runId, inputs), expectedClassic(runId, inputs, { 'שלום': 'PORT_INPUT_X', '🚀': null }));
  }
  {
    const runId = nextRunId();
    const inputs = { note: 'needs\nbase64', note_b64: 'plain' };
    accepted('input id: note and note_b64 (the _B64 variable of note) do not clash in dotenv', 'message', classicMessage(runId, inputs), expectedClassic(runId, inputs, { note: 'PORT_INPUT_NOTE', note_b64: null }));
  }
  {
    const runId = nextRunId();
    const inputs = { replicaCount: 3, replica_count: 'four\n' };
    accepted('input id: replicaCount and replica_count clash, the first keeps the name', 'message', classicMessage(runId, inputs), expectedClassic(runId, inputs, { replicaCount: 'PORT_INPUT_REPLICA_COUNT', replica_count: null }));
  }

  // --- Hostile run fields (accepted) --------------------------------------------------------------------------------
  {
    const runId = nextRunId();
    const action = 'deploy\n::set-output name=pwned::1\r::warning::injected $(touch pwned-action)';
    const message = setPath(classicMessage(runId), 'action', action);
    accepted('run field: an action identifier with workflow commands', 'message', message, expectedClassic(runId, {}, {}, { action }));
  }
  {
    const runId = nextRunId();
    const email = 'dana@acme.example\n::add-mask::x\n::error::injected `id`';
    const message = setPath(classicMessage(runId), 'trigger.by.user.email', email);
    accepted('run field: a user email with workflow commands', 'message', message, expectedClassic(runId, {}, {}, { triggeredBy: email }));
  }
  // The action and the email reach the step log in a line of its own (info), so each form must be harmless there.
  {
    const runId = nextRunId();
    const action = `deploy${EVERY_COMMAND_FORM}`;
    const message = setPath(classicMessage(runId), 'action', action);
    accepted('run field: an action identifier with every workflow command form', 'message', message, expectedClassic(runId, {}, {}, { action }));
  }
  {
    const runId = nextRunId();
    const email = `${COMMAND_FORMS.join(' ')} dana@acme.example`;
    const message = setPath(classicMessage(runId), 'trigger.by.user.email', email);
    accepted('run field: a user email with every workflow command form in one line', 'message', message, expectedClassic(runId, {}, {}, { triggeredBy: email }));
  }
  {
    const runId = nextRunId();
    const action = '  \u00a0::set-output name=pwned::1';
    const email = '\u3000##[add-mask]x ::stop-commands::pwned';
    const message = setPath(setPath(classicMessage(runId), 'action', action), 'trigger.by.user.email', email);
    accepted('run field: an action and an email that start with blanks and a command', 'message', message, expectedClassic(runId, {}, {}, { action, triggeredBy: email }));
  }
  {
    const runId = nextRunId();
    const userId = 'auth0|x\r\n::set-env name=PWNED::1 ${{ secrets.X }}';
    const message = setPath(setPath(classicMessage(runId), 'trigger.by.user.email', null), 'trigger.by.userId', userId);
    accepted('run field: no email, a user id with a CRLF command', 'message', message, expectedClassic(runId, {}, {}, { triggeredBy: userId }));
  }
  {
    const runId = nextRunId();
    const blueprint = 'service\u2028::notice::x\u202E';
    const entity = 'checkout-api $(touch pwned-entity)\n##[set-output name=x;]y';
    const message = setPath(setPath(classicMessage(runId), 'context.blueprint', blueprint), 'context.entity', entity);
    accepted('run field: blueprint and entity identifier with separators and commands', 'message', message, expectedClassic(runId, {}, {}, { blueprint, entityIdentifier: entity }));
  }
  {
    const runId = `r_${'A-z_9'.repeat(25)}x`;
    accepted('run id: 128 URL-safe characters', 'message', classicMessage(runId, { note: 'x' }), expectedClassic(runId, { note: 'x' }, { note: 'PORT_INPUT_NOTE' }));
  }
  {
    const runId = nextRunId();
    const raw = `{"context":{"runId":"r_decoy","runId":"${runId}"},"payload":{"properties":{"note":"first","note":"last\\nwins"}},"action":"${ACTION}"}`;
    const expected: Expected = {
      runId,
      action: ACTION,
      blueprint: null,
      entityIdentifier: null,
      triggeredBy: null,
      inputs: { note: 'last\nwins' },
      env: { PORT_RUN_ID: runId, PORT_ACTION: ACTION, PORT_BLUEPRINT: '', PORT_ENTITY_IDENTIFIER: '', PORT_TRIGGERED_BY: '', PORT_INPUT_NOTE: 'last\nwins' },
    };
    accepted('duplicate keys: the last one wins, as JSON.parse', 'message', raw, expected);
  }

  // --- port_context accepted ------------------------------------------------------------------------------------------
  {
    const runId = nextRunId();
    const inputs = { note: 'ctx $(touch pwned-ctx)\n::set-output name=x::y', count: 3 };
    const raw = {
      runId,
      blueprint: 'service\n`id`',
      entity: JSON.stringify({ identifier: 'svc\r\n$(id)', title: '\u202Etitle' }),
      trigger: JSON.stringify({ by: { user: { email: 'ctx@acme.example\n::add-mask::y' } } }),
      inputs: JSON.stringify(inputs),
    };
    const expected: Expected = {
      runId,
      action: null,
      blueprint: 'service\n`id`',
      entityIdentifier: 'svc\r\n$(id)',
      triggeredBy: 'ctx@acme.example\n::add-mask::y',
      inputs,
      env: {
        PORT_RUN_ID: runId,
        PORT_ACTION: '',
        PORT_BLUEPRINT: 'service\n`id`',
        PORT_ENTITY_IDENTIFIER: 'svc\r\n$(id)',
        PORT_TRIGGERED_BY: 'ctx@acme.example\n::add-mask::y',
        PORT_INPUT_NOTE: inputs.note,
        PORT_INPUT_COUNT: '3',
      },
    };
    accepted('port_context: every object as JSON text with hostile values', 'port_context', raw, expected);
  }

  // --- GitLab trigger bodies -------------------------------------------------------------------------------------------
  const gitlabBody = (port_payload: unknown, variables: unknown, extra: Json = {}) => ({ token: CORPUS_TRIGGER_TOKEN, ref: 'main', variables, port_payload, ...extra });
  refused('gitlab: variables a string', 'gitlab', gitlabBody(classicMessage('r_glref1'), 'note=1'), 'variables', {
    // GitHub has no variables object: the same run reaches it as port_payload alone, which is fine.
    github: { kind: 'accepted', expected: expectedClassic('r_glref1', {}, {}) },
  });
  refused('gitlab: a variable holding an object', 'gitlab', gitlabBody(classicMessage('r_glref2'), { note: { a: 1 } }), 'variables.note', { githubField: 'inputs.note' });
  refused('gitlab: a variable holding an array', 'gitlab', gitlabBody(classicMessage('r_glref3'), { note: ['a'] }), 'variables.note', { githubField: 'inputs.note' });
  refused('gitlab: a variable name with a newline', 'gitlab', gitlabBody(classicMessage('r_glref4'), { 'a\nPWNED': 'x' }), 'variables.a\\u000aPWNED', { githubField: 'inputs.a\\u000aPWNED' });
  refused('gitlab: a variable name with an equals sign', 'gitlab', gitlabBody(classicMessage('r_glref5'), { 'a=b': 'x' }), 'variables.a=b', { githubField: 'inputs.a=b' });
  refused('gitlab: a __proto__ variable', 'gitlab', gitlabBody(classicMessage('r_glref6'), JSON.parse('{"__proto__":"x"}')), 'variables.__proto__', { githubField: 'inputs.__proto__' });
  refused('gitlab: NUL in a variable', 'gitlab', gitlabBody(classicMessage('r_glref7'), { note: 'a\u0000b' }), 'TRIGGER_PAYLOAD.variables.note', {
    githubField: 'GITHUB_EVENT_PATH.inputs.note',
  });
  refused('gitlab: port_payload truncated JSON text', 'gitlab', gitlabBody(JSON.stringify(classicMessage('r_glref8')).slice(0, 80), {}), 'port_payload');
  refused('gitlab: port_payload an array', 'gitlab', gitlabBody([classicMessage('r_glref9')], {}), 'port_payload');
  refused('gitlab: ref a number', 'gitlab', gitlabBody(classicMessage('r_glref10'), {}, { ref: 7 }), 'ref', {
    github: { kind: 'accepted', expected: expectedClassic('r_glref10', {}, {}) },
  });
  refused('gitlab: a variable that is not the number the action declares', 'gitlab', (() => {
    const message = setPath(classicMessage('r_glref11'), 'payload.action.userInputs.properties', { replicas: { type: 'number' } });
    return gitlabBody(message, { replicas: '3; touch pwned-gl' });
  })(), 'variables.replicas', { githubField: 'inputs.replicas' });
  refused('gitlab: a whole body that is not JSON', 'gitlab', '{"token":"' + CORPUS_TRIGGER_TOKEN + '","variables":{', 'TRIGGER_PAYLOAD', { githubField: 'port_payload' });
  refused('gitlab: valid run id, payload.properties an array', 'gitlab', gitlabBody(setPath(classicMessage('r_glref12'), 'payload.properties', ['x']), {}), 'port_payload.payload.properties');
  {
    const variables = { note: 'gl $(touch pwned-gl)\n"quoted" \'single\'', dollar: '$CI_JOB_TOKEN ${HOME} $$', sep: 'a\u2028b\u2029c' };
    const names = { note: 'PORT_INPUT_NOTE', dollar: 'PORT_INPUT_DOLLAR', sep: 'PORT_INPUT_SEP' };
    accepted('gitlab: an omitPayload body with hostile variables', 'gitlab', gitlabBody({}, variables), expectedOmitted(variables, names));
  }
  {
    const runId = nextRunId();
    const inputs = { note: 'both $(id)\nplaces', count: 4 };
    const body = gitlabBody(classicMessage(runId, inputs), { note: inputs.note, count: '4' });
    accepted('gitlab: variables agreeing with the payload', 'gitlab', body, expectedClassic(runId, inputs, { note: 'PORT_INPUT_NOTE', count: 'PORT_INPUT_COUNT' }));
  }

  {
    const runId = nextRunId();
    const inputs = { note: 'payload copy $(id)\n::set-output name=a::b' };
    const body = gitlabBody(classicMessage(runId, inputs), { note: 'variable copy\r\n::warning::x %0A \u2028 `id`' });
    accepted('gitlab: a variable disagreeing with the payload (the payload wins, a one-line warning says so)', 'gitlab', body, expectedClassic(runId, inputs, { note: 'PORT_INPUT_NOTE' }));
  }

  // --- GitHub workflow_dispatch inputs -------------------------------------------------------------------------------
  refused('github: an isolated input holding an object', 'github', { port_payload: JSON.stringify(classicMessage('r_ghref1')), note: { a: 1 } }, 'inputs.note');
  refused('github: an isolated input id with a newline', 'github', { 'a\nPWNED': 'x' }, 'inputs.a\\u000aPWNED');
  refused('github: an isolated __proto__ input', 'github', JSON.parse('{"__proto__":"x","note":"y"}'), 'inputs.__proto__');
  refused('github: an isolated input id with an equals sign', 'github', { 'PWNED=1': 'x' }, 'inputs.PWNED=1');
  refused('github: port_payload a number', 'github', { port_payload: 42 }, 'port_payload');
  // Refusals quote the value; inside GitHub Actions the runner reads port-ci's stderr for commands too.
  refused('github: a run id holding every workflow command form', 'github', { port_payload: JSON.stringify(classicMessage(`r_1${EVERY_COMMAND_FORM}`)) }, 'port_payload.context.runId');
  refused('github: an isolated input id holding legacy workflow commands', 'github', { 'a ##[stop-commands]pwned ##[set-output name=pwned;]1': 'x' }, 'inputs.a ##[stop-commands]pwned ##[set-output name=pwned;]1');
  refused('github: port_context text cut short', 'github', { port_context: '{"runId":"r_1",' }, 'port_context');
  refused('github: NUL in an isolated input', 'github', { note: 'a\u0000b' }, 'GITHUB_EVENT_PATH.inputs.note');
  {
    const inputs = Object.fromEntries(HOSTILE_VALUES.filter(([, v]) => v.length < 1000).slice(0, 20).map(([, value], i) => [`value_${i}`, value]));
    const names = Object.fromEntries(Object.keys(inputs).map((id) => [id, `PORT_INPUT_${id.toUpperCase()}`]));
    accepted('github: an omitPayload run with hostile isolated inputs', 'github', inputs, expectedOmitted(inputs, names));
  }
  {
    const runId = nextRunId();
    const inputs = { note: 'x\n::set-output name=y::z' };
    const raw = { port_payload: JSON.stringify(classicMessage(runId, inputs)), note: inputs.note, port_context: '' };
    accepted('github: an isolated input agreeing with port_payload', 'github', raw, expectedClassic(runId, inputs, { note: 'PORT_INPUT_NOTE' }));
  }

  {
    const runId = nextRunId();
    const inputs = { note: 'payload copy\n::set-output name=a::b' };
    const raw = { port_payload: JSON.stringify(classicMessage(runId, inputs)), note: 'isolated copy\r\n::error::x \u2028 %0A ghadelimiter_1' };
    accepted('github: an isolated input disagreeing with port_payload (the payload wins, a one-line warning says so)', 'github', raw, expectedClassic(runId, inputs, { note: 'PORT_INPUT_NOTE' }));
  }

  return cases;
}

export const HOSTILE_CORPUS: readonly HostileCase[] = buildCorpus();

// ---------------------------------------------------------------------------------------------------------------
// How each face receives a case
// ---------------------------------------------------------------------------------------------------------------

export function asText(raw: string | object): string {
  return typeof raw === 'string' ? raw : JSON.stringify(raw);
}

/** `payload` (the root `port-ci context` names) becomes the input the action read it from. */
function renameRoot(field: string, root: string): string {
  return /^payload(?=$|[.[])/.test(field) ? root + field.slice('payload'.length) : field;
}

/**
 * The workflow_dispatch event the action's main step gets for a case, and what it must do with it: a message as the
 * port_payload input (text), a port_context as the port_context input, a GitLab body as Port would send the same run
 * to GitHub (port_payload beside the variables as inputs), GitHub inputs as they are.
 */
export function githubView(c: HostileCase): { event: { inputs: Json; workflow: string }; kind: Kind; field?: string; expected?: Expected } {
  const workflow = '.github/workflows/deploy.yml';
  let inputs: Json;
  let field = c.field;
  if (c.shape === 'message') {
    inputs = { port_payload: asText(c.raw) };
    if (field) field = renameRoot(field, 'port_payload');
  } else if (c.shape === 'port_context') {
    inputs = { port_context: asText(c.raw) };
    if (field) field = renameRoot(field, 'port_context');
  } else if (c.shape === 'github') {
    inputs = clone(c.raw as Json);
  } else if (typeof c.raw === 'string' || typeof (c.raw as Json).variables !== 'object' || (c.raw as Json).variables === null) {
    inputs = { port_payload: asText(typeof c.raw === 'string' ? c.raw : ((c.raw as Json).port_payload as object)) };
  } else {
    const body = c.raw as Json;
    inputs = clone(body.variables as Json);
    const payload = body.port_payload;
    if (payload !== undefined && !(typeof payload === 'object' && payload !== null && !Array.isArray(payload) && Object.keys(payload).length === 0)) {
      inputs.port_payload = asText(payload as object);
    }
  }
  const override: NonNullable<HostileCase['github']> | Partial<NonNullable<HostileCase['github']>> = c.github ?? {};
  const kind = override.kind ?? c.kind;
  return {
    event: { inputs, workflow },
    kind,
    field: override.field ?? c.githubField ?? (kind === 'refused' ? field : undefined),
    expected: override.expected ?? (kind === 'accepted' ? c.expected : undefined),
  };
}

/** The run id a refused case still names (the faces peek it so the run can end FAILURE), when it is a good one. */
export function readableRunId(c: HostileCase): string | null {
  const find = (value: unknown): string | null => {
    if (typeof value === 'string') {
      try {
        return find(JSON.parse(value));
      } catch {
        return null;
      }
    }
    if (typeof value !== 'object' || value === null) return null;
    const node = value as Json;
    const direct = typeof node.context === 'object' && node.context !== null ? (node.context as Json).runId : node.runId;
    if (typeof direct === 'string' && /^[A-Za-z0-9_-]{1,128}$/.test(direct)) return direct;
    return node.port_payload === undefined ? null : find(node.port_payload);
  };
  return find(c.raw);
}

// ---------------------------------------------------------------------------------------------------------------
// `port-ci dispatch --dry-run --json`: hostile user inputs and action definitions
// ---------------------------------------------------------------------------------------------------------------

export type DispatchBackend = 'GITHUB' | 'GITLAB' | 'WEBHOOK';

export interface DispatchCase {
  name: string;
  backend: DispatchBackend;
  /** The action definition: an object (written as JSON) or raw text. */
  action: object | string;
  /** --inputs @FILE: an object (written as JSON) or raw text. */
  inputs?: object | string;
  /** --entity @FILE, as JSON. */
  entity?: object;
  /** Other flags, as the user typed them. */
  args?: string[];
  /** Variables to drop from the dispatcher's environment (credentials are set by default). */
  unset?: string[];
  kind: Kind;
  /** refused: what the one line must contain, naming the field or flag at fault. */
  error?: string;
  /** accepted: the value each input must reach the backend with (the typed value; the request carries it as text). */
  values?: Record<string, unknown>;
  /** accepted: run-message fields that must be carried exactly. */
  email?: string;
  entityIdentifier?: string;
  ref?: string;
  /** accepted: the raw path segments the request URL must carry, each percent-encoded as one segment. */
  urlSegments?: string[];
}

/** Values short enough for GitHub's 65,535 characters of inputs (the long ones are tested as a refusal). */
export const DISPATCH_VALUES: readonly string[] = HOSTILE_VALUES.map(([, value]) => value).filter((value) => value.length < 1000);

const VALUE_IDS = Array.from({ length: 20 }, (_, i) => `v${i}`);
const typedInputs = {
  count: { type: 'number' },
  flag: { type: 'boolean' },
  obj: { type: 'object' },
  list: { type: 'array', items: { type: 'string' } },
  env: { type: 'string', enum: ['staging', 'production'] },
  secret: { type: 'string', encryption: 'aes256-gcm' },
};
const valueInputs = Object.fromEntries(VALUE_IDS.map((id) => [id, { type: 'string' }]));

export const GITHUB_METHOD = { type: 'GITHUB', org: 'acme', repo: 'deployments', workflow: 'deploy.yml' };
export const GITLAB_METHOD = { type: 'GITLAB', agent: true, groupName: 'acme/sub group', projectName: 'deploy?x=1#frag $(id)' };
export const WEBHOOK_METHOD = { type: 'WEBHOOK', url: 'http://127.0.0.1:9/hook?q=$(id)&x=`id`' };

export function dispatchAction(method: object, properties: object = { ...valueInputs, ...typedInputs }, extra: object = {}): Json {
  return clone({ identifier: 'hostile_dispatch', title: 'Hostile', trigger: 'CREATE', userInputs: { properties, required: [] }, invocationMethod: method, ...extra });
}

function buildDispatchCases(): DispatchCase[] {
  const cases: DispatchCase[] = [];
  const gh = dispatchAction(GITHUB_METHOD);
  const chunks = [DISPATCH_VALUES.slice(0, 20), DISPATCH_VALUES.slice(20)];

  // --- Accepted: the values reach the backend exactly ----------------------------------------------------------------
  for (const [backend, method] of [['GITHUB', GITHUB_METHOD], ['GITLAB', GITLAB_METHOD], ['WEBHOOK', WEBHOOK_METHOD]] as const) {
    chunks.forEach((chunk, n) => {
      const values = Object.fromEntries(chunk.map((value, i) => [VALUE_IDS[i]!, value]));
      cases.push({ name: `${backend}: hostile string values, part ${n + 1}`, backend, action: dispatchAction(method), inputs: values, kind: 'accepted', values });
    });
  }
  {
    const values = { count: 3, flag: true, obj: JSON.parse('{"k\\ney":"$(id)","__proto__":{"p":1},"ghadelimiter_x":"\\u2028"}'), list: ['a\nb', '`id`'], env: 'production' };
    cases.push({ name: 'GITHUB: typed values (number, boolean, object with __proto__, array) as text', backend: 'GITHUB', action: gh, inputs: values, kind: 'accepted', values });
    cases.push({ name: 'GITLAB: typed values through jq tostring', backend: 'GITLAB', action: dispatchAction(GITLAB_METHOD), inputs: values, kind: 'accepted', values });
  }
  cases.push({
    name: 'GITHUB: --input KEY=VALUE typed by the schema, values with "=" and newlines',
    backend: 'GITHUB',
    action: gh,
    args: ['--input', 'count=3', '--input', 'flag=TRUE', '--input', 'obj={"a=b":"c\\nd"}', '--input', 'v0=a=b\nc=$(id)', '--input', 'v1=::set-output name=x::y'],
    kind: 'accepted',
    values: { count: 3, flag: true, obj: { 'a=b': 'c\nd' }, v0: 'a=b\nc=$(id)', v1: '::set-output name=x::y' },
  });
  cases.push({
    name: 'GITHUB: a hostile --user, --ref and DAY-2 --entity are carried exactly',
    backend: 'GITHUB',
    action: dispatchAction(GITHUB_METHOD, valueInputs, { trigger: 'DAY-2' }),
    inputs: { v0: 'x' },
    args: ['--user', 'dana@acme.example\n::add-mask::x $(id)', '--ref', 'main; touch pwned-ref `id`', '--entity', 'svc\n$(touch pwned-entity)'],
    kind: 'accepted',
    values: { v0: 'x' },
    email: 'dana@acme.example\n::add-mask::x $(id)',
    ref: 'main; touch pwned-ref `id`',
    entityIdentifier: 'svc\n$(touch pwned-entity)',
  });
  cases.push({
    name: 'GITHUB: org, repo and workflow with path and query characters are encoded as one segment each',
    backend: 'GITHUB',
    action: dispatchAction({ type: 'GITHUB', org: 'acme/../evil', repo: 'dep loy?x=1#frag', workflow: '../deploy.yml\n' }, valueInputs),
    inputs: { v0: 'x' },
    kind: 'accepted',
    values: { v0: 'x' },
    urlSegments: ['repos', 'acme/../evil', 'dep loy?x=1#frag', 'actions', 'workflows', '../deploy.yml\n', 'dispatches'],
  });
  cases.push({
    name: 'GITLAB: a group with a subgroup and a project with query characters are one encoded id',
    backend: 'GITLAB',
    action: dispatchAction(GITLAB_METHOD, valueInputs),
    inputs: { v0: 'x' },
    kind: 'accepted',
    values: { v0: 'x' },
    urlSegments: ['api', 'v4', 'projects', 'acme/sub group/deploy?x=1#frag $(id)', 'trigger', 'pipeline'],
  });
  cases.push({
    name: 'GITHUB: a secret input is sent encrypted, never as its text',
    backend: 'GITHUB',
    action: gh,
    inputs: { secret: 'dispatch-secret-value\n$(id)' },
    kind: 'accepted',
    values: { secret: 'dispatch-secret-value\n$(id)' },
  });

  // --- Refused: one line naming the field ---------------------------------------------------------------------------
  const refuse = (name: string, error: string, fields: Partial<DispatchCase>) => cases.push({ name, backend: 'GITHUB', action: gh, kind: 'refused', error, ...fields });
  refuse('a number input given as text', 'inputs.count: expected a number', { inputs: { count: '3' } });
  refuse('a number input beyond JSON (1e400)', 'inputs.count: expected a number', { inputs: '{"count":1e400}' });
  refuse('a boolean input given as text', 'inputs.flag: expected true or false', { inputs: { flag: 'true' } });
  refuse('an object input given as an array', 'inputs.obj: expected an object', { inputs: { obj: [] } });
  refuse('an enum value with a trailing newline', 'inputs.env: expected one of staging, production', { inputs: { env: 'production\n' } });
  refuse('an array item of the wrong type', 'inputs.list[1]: expected a string', { inputs: { list: ['a', 1] } });
  refuse('an unknown input named constructor', 'inputs.constructor: not an input of hostile_dispatch', { inputs: { constructor: 'x' } });
  refuse('an unknown input named __proto__ in --inputs', 'inputs.__proto__: not an input of hostile_dispatch', { inputs: '{"__proto__":{"polluted":true}}' });
  refuse('an unknown input named __proto__ in --input', 'inputs.__proto__: not an input of hostile_dispatch', { args: ['--input', '__proto__=x'] });
  refuse('an unknown input id with a newline', 'inputs.a\\u000aPWNED: not an input of hostile_dispatch', { inputs: { 'a\nPWNED': 'x' } });
  refuse('--inputs that is not JSON', '--inputs: expected JSON', { inputs: '{"v0": "x"' });
  refuse('--inputs an array', '--inputs: expected a JSON object', { inputs: '["x"]' });
  refuse('--inputs with NUL in a value', '--inputs.v0: expected text without NUL characters', { inputs: { v0: 'a\u0000b' } });
  refuse('--inputs with NUL in a key', '--inputs: expected keys without NUL characters', { inputs: { 'v\u00000': 'x' } });
  refuse('--inputs nested 70 levels', `--inputs.obj${'.a'.repeat(63)}: expected at most 64 levels`, { inputs: { obj: nest(70) } });
  refuse('--inputs over 1 MiB', '--inputs: expected at most 1 MiB', { inputs: { v0: 'x'.repeat(1024 * 1024 + 10) } });
  refuse('a value over GitHub\'s 65,535 characters of inputs', 'GitHub accepts at most 65535 characters of inputs', { inputs: { v0: '$(id)'.repeat(14_000) } });
  refuse('26 workflow inputs', 'GitHub accepts at most 25 workflow inputs', {
    action: dispatchAction(GITHUB_METHOD, Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`w${i}`, { type: 'string' }]))),
    inputs: Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`w${i}`, `\n${i}`])),
  });
  refuse('--input without "="', '--input: "v0" is not accepted', { args: ['--input', 'v0'] });
  refuse('--input with an empty key', '--input: "=x" is not accepted', { args: ['--input', '=x'] });
  refuse('--input not a number', '--input count: expected a number', { args: ['--input', 'count=3; touch pwned'] });
  refuse('--input not a boolean', '--input flag: expected true or false', { args: ['--input', 'flag=yes'] });
  refuse('--input not an object', '--input obj: expected an object as JSON', { args: ['--input', 'obj=[1]'] });
  refuse('a secret input without PORT_CLIENT_SECRET', 'inputs.secret is a secret input: set PORT_CLIENT_SECRET', { inputs: { secret: 's' }, unset: ['PORT_CLIENT_SECRET'] });
  refuse('a run id with injection characters', '--run-id', { inputs: { v0: 'x' }, args: ['--run-id', 'r_1\n$(touch pwned)/../x'] });
  refuse('a DAY-2 action without --entity', 'pass --entity', { action: dispatchAction(GITHUB_METHOD, valueInputs, { trigger: 'DAY-2' }), inputs: { v0: 'x' } });
  refuse('an --entity file that is not an object', '--entity: expected the entity as a JSON object', { entity: ['svc'] });
  refuse('an --entity file whose identifier is a number', '--entity: expected an entity identifier', { entity: { identifier: 7 } });
  refuse('an action that is not JSON', '--action: expected JSON', { action: '{"identifier": "x", ' });
  refuse('an action with NUL', '--action.identifier: expected text without NUL characters', { action: dispatchAction(GITHUB_METHOD, {}, { identifier: 'x\u0000' }) });
  refuse('an action identifier that is a number', 'identifier: expected a string', { action: dispatchAction(GITHUB_METHOD, {}, { identifier: 7 }) });
  refuse('an invocationMethod field Port does not know', 'invocationMethod.command: not a field Port knows', { action: dispatchAction({ ...GITHUB_METHOD, command: '$(id)' }, {}) });
  refuse('an invocationMethod org that is a number', 'invocationMethod.org: expected a string', { action: dispatchAction({ ...GITHUB_METHOD, org: 1 }, {}) });
  refuse('an input pattern that does not compile', 'userInputs.properties.v0.pattern: expected a regular expression', { action: dispatchAction(GITHUB_METHOD, { v0: { type: 'string', pattern: '(' } }) });
  refuse('a webhook URL with a javascript: scheme', 'invocationMethod.url: expected an http(s) URL', { backend: 'WEBHOOK', action: dispatchAction({ type: 'WEBHOOK', url: 'javascript:alert(1)' }, {}) });
  refuse('a webhook URL with a space and a CRLF header', 'invocationMethod.url: expected an http(s) URL', {
    backend: 'WEBHOOK',
    action: dispatchAction({ type: 'WEBHOOK', url: 'http://127.0.0.1:9/a b\r\nX-Injected: 1' }, {}),
  });
  refuse('a GitLab groupName that is an object', 'invocationMethod.groupName: expected a string', { backend: 'GITLAB', action: dispatchAction({ ...GITLAB_METHOD, groupName: { a: 1 } }, {}) });
  return cases;
}

export const DISPATCH_CASES: readonly DispatchCase[] = buildDispatchCases();

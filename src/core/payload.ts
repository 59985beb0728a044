import { PayloadError, describeValue } from './errors.js';
import { mergeInputs, secretInputIds } from './inputs.js';
import { checkSize, checkTree, isObject, objectOrJsonText, ownValue, parseJsonText } from './json.js';
import type {
  ActionDefinition,
  JsonObject,
  PayloadEnvelope,
  PayloadFormat,
  RunContext,
  RunTrigger,
  UserInputsSchema,
} from './types.js';

/**
 * Port's run ids look like `r_HardNzG6kzc9vWOQ`. They end up in URL paths, file names and env values, so
 * only URL-safe characters are accepted; the `r_` prefix is not demanded in case Port changes its scheme.
 */
const RUN_ID = /^[A-Za-z0-9_-]{1,128}$/;
const RUN_ID_EXPECTED = 'a string like "r_..." (letters, digits, "_" and "-")';
/** Guides send the run id of a port_context under either key (`"runId": "{{ .run.id }}"` or `"run_id": ...`). */
const RUN_ID_KEYS = ['runId', 'run_id'] as const;

/** Whether a text can be a Port run id (see RUN_ID). */
export function isRunId(text: string): boolean {
  return RUN_ID.test(text);
}

/**
 * A run id handed over outside the payload: the run id itself (`value`, such as the root action's `run-id`
 * input), or the name of the isolated input that holds it (`input`, such as `port-ci context --run-id-from`).
 * `source` names it in messages. It wins over a run id in the payload; when the two differ, a warning says so.
 */
export type RunIdSource = { value: string; source: string } | { input: string; source: string };

export interface ParseOptions {
  /** Text inputs delivered beside the payload, in addition to those the envelope holds itself. */
  isolatedInputs?: Record<string, string>;
  /**
   * The action's `userInputs` when known from elsewhere (an action file). The payload's own copy, which is
   * what Port validated the run against, is preferred when both exist.
   */
  userInputs?: UserInputsSchema;
  /**
   * What wrapped the payload, when the caller knows: GitHub event inputs of an omitPayload run hold no
   * `port_payload`, so their shape alone cannot tell.
   */
  envelope?: PayloadEnvelope;
  /** Where else the run id comes from (see RunIdSource). An empty value or input is no run id. */
  runId?: RunIdSource;
}

/** What a Port message (classic or port_context) says, before inputs are merged. */
interface Message {
  format: Exclude<PayloadFormat, 'none'>;
  /** Null only for a port_context without one: the run id may then come from elsewhere (RunIdSource). */
  runId: string | null;
  /** Where the run id was (or would have been) read, for messages. */
  runIdPath: string;
  action: string | null;
  blueprint: string | null;
  entityIdentifier: string | null;
  entity: JsonObject | null;
  trigger: RunTrigger;
  inputs: Record<string, unknown> | undefined;
  actionDefinition: ActionDefinition | null;
  censored: string[];
  warnings: string[];
}

interface Unwrapped {
  envelope: PayloadEnvelope;
  message: Message | null;
  messagePath: string;
  isolated: Record<string, string>;
  isolatedPath: string;
  ref: string | null;
}

const NO_TRIGGER: RunTrigger = { origin: null, at: null, operation: null, userEmail: null, userId: null, orgId: null };

/**
 * Reads whatever Port handed the job and returns the one normalised RunContext.
 *
 * Accepts, as an object or its JSON text: the classic `port_payload` message; a v2 `port_context` object;
 * the body Port's agent sends to GitLab (`{ref, variables, port_payload}`, as in `$TRIGGER_PAYLOAD`); and
 * GitHub workflow_dispatch inputs (`port_payload` / `port_context` as JSON text beside the isolated inputs)
 * or a whole workflow_dispatch event holding them. Isolated inputs are typed with the action's schema.
 * A port_context holds its run id under `runId` or `run_id`; `options.runId` may give it from elsewhere, and
 * then wins (a different run id in the payload is a warning).
 *
 * @throws PayloadError naming the field and what was expected, for text that is not JSON, a payload over
 * 1 MiB, a shape that is none of the above, a field of the wrong type, a port_context with no run id from
 * anywhere, or a run id that is not one.
 */
export function parsePayload(raw: unknown, options: ParseOptions = {}): RunContext {
  const root = rootPath(options.envelope);
  const value = typeof raw === 'string' ? parseJsonText(raw, root) : raw;
  if (typeof raw !== 'string') checkTree(value, root); // before any size measure, which recurses
  if (!isObject(value)) throw new PayloadError(root, 'a JSON object', describeValue(value));

  const unwrapped = unwrap(value, options.envelope);
  const { message } = unwrapped;
  const isolated = { ...unwrapped.isolated, ...options.isolatedInputs };
  const given = options.runId === undefined ? null : givenRunId(options.runId, isolated, unwrapped);
  const runId = chooseRunId(given, message, unwrapped.messagePath);
  const schema = message?.actionDefinition?.userInputs ?? options.userInputs;
  const secretIds = new Set([...secretInputIds(schema), ...(message?.censored ?? [])]);
  const { inputs, warnings } = mergeInputs({
    fromPayload: message?.inputs,
    isolated,
    schema,
    secretIds,
    payloadPath: `${unwrapped.messagePath}.${message?.format === 'port_context' ? 'inputs' : 'payload.properties'}`,
    isolatedPath: unwrapped.isolatedPath,
  });

  return {
    format: message?.format ?? 'none',
    envelope: unwrapped.envelope,
    runId: runId.value,
    action: message?.action ?? null,
    blueprint: message?.blueprint ?? null,
    entityIdentifier: message?.entityIdentifier ?? null,
    entity: message?.entity ?? null,
    trigger: message?.trigger ?? { ...NO_TRIGGER },
    inputs,
    secretInputs: [...secretIds].filter((id) => Object.hasOwn(inputs, id) || ownValue(schema?.properties, id) !== undefined),
    ref: unwrapped.ref,
    inputSchema: schema ?? null,
    actionDefinition: message?.actionDefinition ?? null,
    warnings: [...(message?.warnings ?? []), ...runId.warnings, ...warnings],
  };
}

interface GivenRunId {
  value: string;
  /** What gave it, for messages: `run-id`, or `inputs.run_id (--run-id-from)`. */
  label: string;
}

/**
 * The run id `source` gives, or null when it gives an empty one (a workflow started by hand leaves the input
 * empty). An input named as the carrier is the run's id, not a user input: it leaves `isolated`.
 * @throws PayloadError when the named input is not there, or the value is not a run id.
 */
function givenRunId(source: RunIdSource, isolated: Record<string, string>, unwrapped: Unwrapped): GivenRunId | null {
  if ('value' in source) {
    if (source.value === '') return null;
    return { value: requireRunId(source.value, source.source), label: source.source };
  }
  const path = `${unwrapped.isolatedPath}.${source.input}`;
  const text = ownValue(isolated, source.input);
  if (text === undefined) {
    const names = Object.keys(isolated);
    const listed = names.length === 0 ? 'there are none' : `they are ${names.slice(0, 10).map((name) => JSON.stringify(name)).join(', ')}${names.length > 10 ? ', …' : ''}`;
    throw new PayloadError(source.source, `the name of one of the ${carriersOf(unwrapped.envelope)} (${listed})`, JSON.stringify(source.input));
  }
  delete isolated[source.input];
  if (text === '') return null;
  return { value: requireRunId(text, `${path} (${source.source})`), label: `${path} (${source.source})` };
}

function carriersOf(envelope: PayloadEnvelope): string {
  if (envelope === 'github_inputs') return 'workflow_dispatch inputs';
  if (envelope === 'gitlab_trigger') return 'variables of the GitLab trigger body';
  return 'inputs given beside the payload (a bare message has none of its own)';
}

/** The given run id wins over the payload's, which is then only checked against it. */
function chooseRunId(given: GivenRunId | null, message: Message | null, messagePath: string): { value: string | null; warnings: string[] } {
  const inPayload = message?.runId ?? null;
  if (given === null) {
    if (message !== null && inPayload === null) {
      throw new PayloadError(`${messagePath}.runId`, RUN_ID_EXPECTED, 'nothing (no "runId" or "run_id" in it, and no run id given elsewhere)');
    }
    return { value: inPayload, warnings: [] };
  }
  const warnings =
    inPayload !== null && inPayload !== given.value
      ? [`${given.label} gives run ${given.value} but ${message!.runIdPath} says ${inPayload}; using ${given.value}, the run id given explicitly`]
      : [];
  return { value: given.value, warnings };
}

function rootPath(envelope: PayloadEnvelope | undefined): string {
  if (envelope === 'gitlab_trigger') return 'TRIGGER_PAYLOAD';
  if (envelope === 'github_inputs') return 'inputs';
  return 'payload';
}

function unwrap(value: JsonObject, forced: PayloadEnvelope | undefined): Unwrapped {
  const envelope = forced ?? detectEnvelope(value);
  if (envelope === 'gitlab_trigger') {
    const portPayload = value.port_payload === undefined ? {} : objectOrJsonText(value.port_payload, 'port_payload');
    const { port_context: portContext, ...variables } = textMap(value.variables, 'variables');
    // Port's agent sends `{}` when the action omits the payload (PORT-FACTS.md §3). An action in the current
    // format has no port_payload: its pipelineVariables carry the run as port_context, as workflowInputs do on GitHub.
    if (Object.keys(portPayload).length === 0 && present(portContext)) {
      return {
        envelope,
        message: readMessage(objectOrJsonText(portContext, 'variables.port_context'), 'port_context'),
        messagePath: 'variables.port_context',
        isolated: variables,
        isolatedPath: 'variables',
        ref: optionalText(value, 'ref', 'ref'),
      };
    }
    return {
      envelope,
      message: Object.keys(portPayload).length === 0 ? null : readMessage(portPayload, 'port_payload'),
      messagePath: 'port_payload',
      isolated: textMap(value.variables, 'variables'),
      isolatedPath: 'variables',
      ref: optionalText(value, 'ref', 'ref'),
    };
  }
  if (envelope === 'github_inputs') {
    const inputs = isObject(value.inputs) && typeof value.workflow === 'string' ? value.inputs : value; // a whole event
    const { port_payload: portPayload, port_context: portContext, ...rest } = inputs;
    const carrier = present(portPayload) ? 'port_payload' : present(portContext) ? 'port_context' : null;
    const carried = carrier === 'port_payload' ? portPayload : portContext;
    return {
      envelope,
      message: carrier === null ? null : readMessage(objectOrJsonText(carried, carrier), carrier),
      messagePath: carrier ?? 'port_payload',
      isolated: textMap(rest, 'inputs'),
      isolatedPath: 'inputs',
      ref: null,
    };
  }
  const messagePath = isClassic(value) ? 'port_payload' : 'port_context';
  checkSize(Buffer.byteLength(JSON.stringify(value), 'utf8'), 'payload');
  return { envelope: 'bare', message: readMessage(value, messagePath), messagePath, isolated: {}, isolatedPath: 'inputs', ref: null };
}

/** Workflow inputs left empty arrive as "": that is no payload at all, not a malformed one. */
function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function detectEnvelope(value: JsonObject): PayloadEnvelope {
  if (isClassic(value) || isPortContext(value)) return 'bare';
  // Port's agent posts port_payload and variables as objects; GitHub delivers every input as text.
  if (isObject(value.port_payload) || isObject(value.variables)) return 'gitlab_trigger';
  if ('port_payload' in value || 'port_context' in value) return 'github_inputs';
  if (isObject(value.inputs) && typeof value.workflow === 'string') return 'github_inputs';
  const keys = Object.keys(value).slice(0, 6).map((key) => JSON.stringify(key.slice(0, 30)));
  throw new PayloadError(
    'payload',
    'a Port run: a classic port_payload (with context.runId), a port_context object (with runId or run_id), a GitLab trigger body (with port_payload and variables) or workflow_dispatch inputs (with port_payload or port_context)',
    keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`,
  );
}

function isClassic(value: JsonObject): boolean {
  return value.resourceType === 'run' || ('context' in value && ('payload' in value || 'trigger' in value || 'action' in value));
}

/** `runId` or `run_id` at the top, and no carrier key: workflow inputs hold port_context, they are not one. */
function isPortContext(value: JsonObject): boolean {
  return RUN_ID_KEYS.some((key) => key in value) && !('port_payload' in value) && !('port_context' in value);
}

function readMessage(value: JsonObject, path: string): Message {
  if (isClassic(value) || 'context' in value) return readClassic(value, path);
  if (isPortContext(value) || path === 'port_context') return readPortContext(value, path);
  throw new PayloadError(`${path}.context.runId`, RUN_ID_EXPECTED, 'nothing (neither a classic "context" nor a port_context "runId" or "run_id")');
}

function readClassic(message: JsonObject, path: string): Message {
  const context = requireObject(message.context, `${path}.context`);
  const body = message.payload === undefined || message.payload === null ? {} : requireObject(message.payload, `${path}.payload`);
  const properties =
    body.properties === undefined || body.properties === null ? {} : requireObject(body.properties, `${path}.payload.properties`);
  const entity = optionalEntity(body.entity, `${path}.payload.entity`);
  const actionDefinition = optionalActionDefinition(body.action, `${path}.payload.action`);
  const censored = body.censoredProperties === undefined || body.censoredProperties === null ? [] : body.censoredProperties;
  if (!Array.isArray(censored) || censored.some((id) => typeof id !== 'string')) {
    throw new PayloadError(`${path}.payload.censoredProperties`, 'a list of input ids', describeValue(censored));
  }
  return {
    format: 'classic',
    runId: requireRunId(context.runId, `${path}.context.runId`),
    runIdPath: `${path}.context.runId`,
    action: actionIdentifier(message.action, `${path}.action`) ?? actionDefinition?.identifier ?? null,
    blueprint: optionalText(context, 'blueprint', `${path}.context.blueprint`),
    entityIdentifier: optionalText(context, 'entity', `${path}.context.entity`) ?? (entity?.identifier as string | undefined) ?? null,
    entity,
    trigger: readTrigger(message.trigger, `${path}.trigger`),
    inputs: properties,
    actionDefinition,
    censored: censored as string[],
    warnings: [],
  };
}

/**
 * The v2 convention: `{runId | run_id, entity, blueprint, trigger}`, templated by the action's author, so
 * object values may arrive as JSON text. `entity` is the identifier (`{{ .entity.identifier }}`) or the whole
 * entity (`{{ .entity }}`), which is `{}` for a CREATE run and then means no entity; a blueprint not given is
 * the entity's. Other keys (relations, triggered_by...) are the author's and are left alone.
 */
function readPortContext(context: JsonObject, path: string): Message {
  const warnings: string[] = [];
  let entity: JsonObject | null = null;
  let entityIdentifier: string | null = null;
  const rawEntity = context.entity;
  if (typeof rawEntity === 'string' && rawEntity.trimStart().startsWith('{')) {
    entity = optionalEntity(objectOrJsonText(rawEntity, `${path}.entity`), `${path}.entity`);
  } else if (isObject(rawEntity)) {
    entity = optionalEntity(rawEntity, `${path}.entity`);
  } else {
    entityIdentifier = optionalText(context, 'entity', `${path}.entity`) || null;
  }
  if (entity !== null && Object.keys(entity).length === 0) entity = null;
  const entityBlueprint = typeof entity?.blueprint === 'string' && entity.blueprint !== '' ? entity.blueprint : null;
  const inputs = present(context.inputs) ? objectOrJsonText(context.inputs, `${path}.inputs`) : undefined;
  let trigger: unknown;
  if (typeof context.trigger === 'string' && context.trigger !== '' && !/^\s*[{[]/.test(context.trigger)) {
    // A docs automation sends `"trigger": "automation"`: a word, not the trigger. Nothing to read in it.
    warnings.push(`${path}.trigger is ${describeValue(context.trigger)}, not the trigger object ({{ .trigger }}); who ran the action is not known`);
  } else if (present(context.trigger)) {
    trigger = objectOrJsonText(context.trigger, `${path}.trigger`);
  }
  const { runId, runIdPath } = portContextRunId(context, path);
  return {
    format: 'port_context',
    runId,
    runIdPath,
    action: actionIdentifier(context.action, `${path}.action`),
    blueprint: optionalText(context, 'blueprint', `${path}.blueprint`) || entityBlueprint,
    entityIdentifier: entityIdentifier ?? (entity?.identifier as string | undefined) ?? null,
    entity,
    trigger: readTrigger(trigger, `${path}.trigger`),
    inputs,
    actionDefinition: null,
    censored: [],
    warnings,
  };
}

/** `runId` or `run_id`; both may be given when they agree. Absent (or null) is null: it may come from elsewhere. */
function portContextRunId(context: JsonObject, path: string): { runId: string | null; runIdPath: string } {
  let found: { runId: string | null; runIdPath: string } = { runId: null, runIdPath: `${path}.runId` };
  for (const key of RUN_ID_KEYS) {
    const value = context[key];
    if (value === undefined || value === null) continue; // a template whose jq failed renders null
    const runId = requireRunId(value, `${path}.${key}`);
    if (found.runId !== null && found.runId !== runId) {
      throw new PayloadError(`${path}.${key}`, `the same run id as ${found.runIdPath} (${found.runId})`, describeValue(value));
    }
    if (found.runId === null) found = { runId, runIdPath: `${path}.${key}` };
  }
  return found;
}

function readTrigger(value: unknown, path: string): RunTrigger {
  if (value === undefined || value === null) return { ...NO_TRIGGER };
  const trigger = requireObject(value, path);
  const by = trigger.by === undefined || trigger.by === null ? {} : requireObject(trigger.by, `${path}.by`);
  const user = by.user === undefined || by.user === null ? {} : requireObject(by.user, `${path}.by.user`);
  return {
    origin: optionalText(trigger, 'origin', `${path}.origin`),
    at: optionalText(trigger, 'at', `${path}.at`),
    operation: optionalText(trigger, 'operation', `${path}.operation`),
    userEmail: optionalText(user, 'email', `${path}.by.user.email`),
    userId: optionalText(by, 'userId', `${path}.by.userId`),
    orgId: optionalText(by, 'orgId', `${path}.by.orgId`),
  };
}

function requireRunId(value: unknown, path: string): string {
  if (typeof value !== 'string' || !RUN_ID.test(value)) throw new PayloadError(path, RUN_ID_EXPECTED, describeValue(value));
  return value;
}

function requireObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) throw new PayloadError(path, 'an object', describeValue(value));
  return value;
}

function optionalText(container: JsonObject, key: string, path: string): string | null {
  const value = container[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new PayloadError(path, 'a string or null', describeValue(value));
  return value;
}

function actionIdentifier(value: unknown, path: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.identifier === 'string') return value.identifier;
  throw new PayloadError(path, 'the action identifier (a string, or an object with "identifier")', describeValue(value));
}

function optionalEntity(value: unknown, path: string): JsonObject | null {
  if (value === undefined || value === null) return null;
  const entity = requireObject(value, path);
  if (entity.identifier !== undefined && typeof entity.identifier !== 'string') {
    throw new PayloadError(`${path}.identifier`, 'a string', describeValue(entity.identifier));
  }
  return entity;
}

function optionalActionDefinition(value: unknown, path: string): ActionDefinition | null {
  if (value === undefined || value === null) return null;
  const action = requireObject(value, path);
  if (action.identifier !== undefined && typeof action.identifier !== 'string') {
    throw new PayloadError(`${path}.identifier`, 'a string', describeValue(action.identifier));
  }
  if (action.userInputs !== undefined && action.userInputs !== null) {
    const userInputs = requireObject(action.userInputs, `${path}.userInputs`);
    if (userInputs.properties !== undefined) requireObject(userInputs.properties, `${path}.userInputs.properties`);
  }
  return action as ActionDefinition;
}

/** Isolated inputs are text; GitHub may hand booleans and numbers through as themselves. */
function textMap(value: unknown, path: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  const texts: Array<[string, string]> = [];
  for (const [id, item] of Object.entries(requireObject(value, path))) {
    if (typeof item === 'string') texts.push([id, item]);
    else if (typeof item === 'number' || typeof item === 'boolean') texts.push([id, String(item)]);
    else if (item !== null) throw new PayloadError(`${path}.${id}`, 'text', describeValue(item));
  }
  return Object.fromEntries(texts); // fromEntries defines keys, so an id like "__proto__" stays data
}

/**
 * Finds the run id in whatever Port handed over, without judging the rest: a face that cannot parse a payload
 * still has a run to end FAILURE, rather than leaving it IN_PROGRESS. Never throws.
 */
export function peekRunId(raw: unknown): string | null {
  let value = raw;
  for (let depth = 0; depth < 4; depth++) {
    if (typeof value === 'string') {
      if (value.length > MAX_PEEK_CHARS) return null;
      try {
        value = JSON.parse(value);
      } catch {
        return null;
      }
    }
    if (!isObject(value)) return null;
    if (isObject(value.context)) return asRunId(value.context.runId);
    // A carrier first: beside it, a `run_id` is a workflow input, which only --run-id-from may name.
    // ...and a GitLab trigger body of the current format carries port_context among its variables.
    const variables = isObject(value.variables) ? value.variables : {};
    const carried = [value.port_payload, value.port_context, variables.port_context].find((item) => present(item) && !(isObject(item) && Object.keys(item).length === 0));
    if (carried !== undefined) {
      value = carried;
      continue;
    }
    const message = value;
    const direct = RUN_ID_KEYS.map((key) => asRunId(message[key])).find((id) => id !== null);
    if (direct) return direct;
    value = isObject(message.inputs) ? message.inputs : undefined;
  }
  return null;
}

function asRunId(value: unknown): string | null {
  return typeof value === 'string' && RUN_ID.test(value) ? value : null;
}

const MAX_PEEK_CHARS = 4 * 1024 * 1024;

const TRIGGERS = ['CREATE', 'DAY-2', 'DELETE'];
const DEFINITIONS_ACCEPTED =
  'a Port self-service action definition: classic (trigger "CREATE", "DAY-2" or "DELETE", with userInputs beside it) or current (trigger {"type": "self-service", "operation": ..., "userInputs": {...}})';

/**
 * The `userInputs` of an action definition given as JSON text (an action file, an action input), for typing the
 * isolated inputs of a run that carries no definition (omitPayload, or any v2 run). Both formats: the classic
 * definition keeps them beside `trigger: "CREATE" | "DAY-2" | "DELETE"` (none there means no inputs); the
 * current one under `trigger.userInputs` of a `{type: "self-service"}` trigger (Port's schema requires them,
 * but a docs example leaves them out, so a self-service trigger without them means no inputs too).
 * @throws PayloadError naming `source` when the text is neither format: not an object, no or another trigger,
 * an automation (which has no userInputs), or userInputs that are not an object.
 */
export function userInputsOf(text: string, source: string): UserInputsSchema {
  const action = parseJsonText(text, source);
  if (!isObject(action)) throw new PayloadError(source, DEFINITIONS_ACCEPTED, describeValue(action));
  const { trigger } = action;
  if (typeof trigger === 'string' && TRIGGERS.includes(trigger)) return checkUserInputs(action.userInputs, `${source}.userInputs`);
  if (isObject(trigger)) {
    if (trigger.type === 'automation') {
      throw new PayloadError(`${source}.trigger.type`, `${DEFINITIONS_ACCEPTED}; an automation has no userInputs to type inputs with`, '"automation"');
    }
    if (trigger.userInputs !== undefined || trigger.type === 'self-service') {
      return checkUserInputs(trigger.userInputs, `${source}.trigger.userInputs`);
    }
  }
  throw new PayloadError(`${source}.trigger`, DEFINITIONS_ACCEPTED, isObject(trigger) ? 'an object without type "self-service" or userInputs' : describeValue(trigger));
}

function checkUserInputs(value: unknown, path: string): UserInputsSchema {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new PayloadError(path, 'an object', describeValue(value));
  if (value.properties !== undefined && !isObject(value.properties)) {
    throw new PayloadError(`${path}.properties`, 'an object', describeValue(value.properties));
  }
  // `required` may be {"jqQuery": ...} in the current format; typing isolated inputs reads only `properties`.
  return value as UserInputsSchema;
}

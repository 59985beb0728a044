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

/** Whether a text can be a Port run id (see RUN_ID). */
export function isRunId(text: string): boolean {
  return RUN_ID.test(text);
}

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
}

/** What a Port message (classic or port_context) says, before inputs are merged. */
interface Message {
  format: Exclude<PayloadFormat, 'none'>;
  runId: string;
  action: string | null;
  blueprint: string | null;
  entityIdentifier: string | null;
  entity: JsonObject | null;
  trigger: RunTrigger;
  inputs: Record<string, unknown> | undefined;
  actionDefinition: ActionDefinition | null;
  censored: string[];
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
 *
 * @throws PayloadError naming the field and what was expected, for text that is not JSON, a payload over
 * 1 MiB, a shape that is none of the above, or a field of the wrong type.
 */
export function parsePayload(raw: unknown, options: ParseOptions = {}): RunContext {
  const root = rootPath(options.envelope);
  const value = typeof raw === 'string' ? parseJsonText(raw, root) : raw;
  if (typeof raw !== 'string') checkTree(value, root); // before any size measure, which recurses
  if (!isObject(value)) throw new PayloadError(root, 'a JSON object', describeValue(value));

  const unwrapped = unwrap(value, options.envelope);
  const { message } = unwrapped;
  const schema = message?.actionDefinition?.userInputs ?? options.userInputs;
  const secretIds = new Set([...secretInputIds(schema), ...(message?.censored ?? [])]);
  const { inputs, warnings } = mergeInputs({
    fromPayload: message?.inputs,
    isolated: { ...unwrapped.isolated, ...options.isolatedInputs },
    schema,
    secretIds,
    payloadPath: `${unwrapped.messagePath}.${message?.format === 'port_context' ? 'inputs' : 'payload.properties'}`,
    isolatedPath: unwrapped.isolatedPath,
  });

  return {
    format: message?.format ?? 'none',
    envelope: unwrapped.envelope,
    runId: message?.runId ?? null,
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
    warnings,
  };
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
    return {
      envelope,
      // Port's agent sends `{}` when the action omits the payload (PORT-FACTS.md §3).
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
    'a Port run: a classic port_payload (with context.runId), a port_context object (with runId), a GitLab trigger body (with port_payload and variables) or workflow_dispatch inputs (with port_payload or port_context)',
    keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`,
  );
}

function isClassic(value: JsonObject): boolean {
  return value.resourceType === 'run' || ('context' in value && ('payload' in value || 'trigger' in value || 'action' in value));
}

function isPortContext(value: JsonObject): boolean {
  return 'runId' in value && !('port_payload' in value);
}

function readMessage(value: JsonObject, path: string): Message {
  if (isClassic(value) || 'context' in value) return readClassic(value, path);
  if (isPortContext(value) || path === 'port_context') return readPortContext(value, path);
  throw new PayloadError(`${path}.context.runId`, RUN_ID_EXPECTED, 'nothing (neither a classic "context" nor a port_context "runId")');
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
    action: actionIdentifier(message.action, `${path}.action`) ?? actionDefinition?.identifier ?? null,
    blueprint: optionalText(context, 'blueprint', `${path}.context.blueprint`),
    entityIdentifier: optionalText(context, 'entity', `${path}.context.entity`) ?? (entity?.identifier as string | undefined) ?? null,
    entity,
    trigger: readTrigger(message.trigger, `${path}.trigger`),
    inputs: properties,
    actionDefinition,
    censored: censored as string[],
  };
}

/** The v2 convention: `{entity, blueprint, runId, trigger}`; object values may arrive as JSON text. */
function readPortContext(context: JsonObject, path: string): Message {
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
  const inputs = present(context.inputs) ? objectOrJsonText(context.inputs, `${path}.inputs`) : undefined;
  const trigger = present(context.trigger) ? objectOrJsonText(context.trigger, `${path}.trigger`) : undefined;
  return {
    format: 'port_context',
    runId: requireRunId(context.runId, `${path}.runId`),
    action: actionIdentifier(context.action, `${path}.action`),
    blueprint: optionalText(context, 'blueprint', `${path}.blueprint`) || null,
    entityIdentifier: entityIdentifier ?? (entity?.identifier as string | undefined) ?? null,
    entity,
    trigger: readTrigger(trigger, `${path}.trigger`),
    inputs,
    actionDefinition: null,
    censored: [],
  };
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
    const direct = isObject(value.context) ? value.context.runId : value.runId;
    if (typeof direct === 'string' && RUN_ID.test(direct)) return direct;
    value = value.port_payload ?? value.port_context ?? (isObject(value.inputs) ? value.inputs : undefined);
  }
  return null;
}

const MAX_PEEK_CHARS = 4 * 1024 * 1024;

/**
 * The `userInputs` of an action definition given as JSON text (an action file, an action input), for typing the
 * isolated inputs of a run that carries no definition (omitPayload).
 * @throws PayloadError naming `source` when the text is not such a definition.
 */
export function userInputsOf(text: string, source: string): UserInputsSchema {
  const action = parseJsonText(text, source);
  if (!isObject(action)) throw new PayloadError(source, 'a Port action definition (a JSON object)', describeValue(action));
  const userInputs = action.userInputs ?? {};
  if (!isObject(userInputs)) throw new PayloadError(`${source}.userInputs`, 'an object', describeValue(userInputs));
  if (userInputs.properties !== undefined && !isObject(userInputs.properties)) {
    throw new PayloadError(`${source}.userInputs.properties`, 'an object', describeValue(userInputs.properties));
  }
  return userInputs as UserInputsSchema;
}

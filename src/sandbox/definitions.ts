import { HttpError } from './contract.js';

/*
 * Action definitions as the sandbox holds them, in both of Port's formats (PORT-FACTS.md §1 and §8): classic
 * (`trigger` a string, `userInputs` beside it) and current (`trigger` an object of type self-service or
 * automation). POST /v1/actions takes what Port's published schema for it takes (create-an-action-automation.json,
 * beside the project): the current format only, every object in it `additionalProperties: false`. The checks
 * below are that schema's structure down to the discriminators and their required fields; deeper content (each
 * user input's own schema, search rules) is only checked to be of the right JSON type, and is Port's to judge.
 */

type Json = Record<string, unknown>;

/** One field's test and what Ajv (Port's validator) says when it fails. */
interface Field {
  test: (value: unknown) => boolean;
  says: string;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';

const STRING: Field = { test: isString, says: 'must be string' };
const BOOLEAN: Field = { test: (value) => typeof value === 'boolean', says: 'must be boolean' };
const OBJECT: Field = { test: isObject, says: 'must be object' };
const ARRAY: Field = { test: Array.isArray, says: 'must be array' };
const OBJECT_OR_ARRAY: Field = { test: (value) => isObject(value) || Array.isArray(value), says: 'must be object or array' };
/** agent, synchronized, reportWorkflowStatus: a boolean, or a string (a template Port renders per run). */
const BOOLEAN_OR_STRING: Field = { test: (value) => typeof value === 'boolean' || isString(value), says: 'must be boolean or string' };
const STRINGS: Field = { test: (value) => Array.isArray(value) && value.every(isString), says: 'must be array of strings' };
const STRING_MAP: Field = { test: (value) => isObject(value) && Object.values(value).every(isString), says: 'must be object of strings' };

function oneOf(values: readonly string[]): Field {
  return { test: (value) => values.includes(value as string), says: `must be equal to one of the allowed values (${values.join(', ')})` };
}

/** The action identifier pattern of create-an-action-automation.json. */
const ACTION_ID = /^(?!\.{1,2}$)[\p{L}0-9@_.+:=-]+$/u;
const IDENTIFIER: Field = { test: (value) => isString(value) && ACTION_ID.test(value), says: `must match pattern "${ACTION_ID.source}"` };

/** The classic trigger strings, and the current format's operations: the same three words. */
export const OPERATIONS = ['CREATE', 'DAY-2', 'DELETE'] as const;
export type Operation = (typeof OPERATIONS)[number];
export const TRIGGER_TYPES = ['self-service', 'automation'] as const;
const ENTITY_EVENTS = ['ENTITY_CREATED', 'ENTITY_UPDATED', 'ENTITY_DELETED', 'ANY_ENTITY_CHANGE', 'TIMER_PROPERTY_EXPIRED'];
const RUN_EVENTS = ['RUN_CREATED', 'RUN_UPDATED', 'ANY_RUN_CHANGE'];
export const EVENT_TYPES = [...ENTITY_EVENTS, ...RUN_EVENTS] as const;

/** An `additionalProperties: false` object: its fields and the required ones. */
interface Shape {
  fields: Record<string, Field>;
  required: readonly string[];
}

function invalid(message: string): HttpError {
  return new HttpError(422, 'invalid_request', message);
}

/** Checks one object against a shape, with Ajv's wording and the JSON path from `body`. */
function checkShape(value: unknown, shape: Shape, path: string): Json {
  if (!isObject(value)) throw invalid(`${path} must be object`);
  for (const name of shape.required) if (!Object.hasOwn(value, name)) throw invalid(`${path} must have required property '${name}'`);
  for (const [name, field] of Object.entries(value)) {
    const check = Object.hasOwn(shape.fields, name) ? shape.fields[name] : undefined;
    if (!check) throw invalid(`${path} must NOT have additional property '${name}'`);
    if (!check.test(field)) throw invalid(`${path}/${name} ${check.says}`);
  }
  return value;
}

/** Reads the discriminator `type` of a union, refusing a missing or unknown one the way Ajv would. */
function discriminator(value: unknown, path: string, types: readonly string[]): string {
  if (!isObject(value)) throw invalid(`${path} must be object`);
  if (!Object.hasOwn(value, 'type')) throw invalid(`${path} must have required property 'type'`);
  const type = oneOf(types);
  if (!type.test(value.type)) throw invalid(`${path}/type ${type.says}`);
  return value.type as string;
}

const INVOCATION_METHODS: Record<string, Shape> = {
  KAFKA: { fields: { payload: OBJECT_OR_ARRAY }, required: [] },
  WEBHOOK: {
    fields: { url: STRING, agent: BOOLEAN_OR_STRING, synchronized: BOOLEAN_OR_STRING, method: STRING, headers: STRING_MAP, body: OBJECT_OR_ARRAY },
    required: ['url'],
  },
  GITHUB: {
    fields: { org: STRING, repo: STRING, workflow: STRING, workflowInputs: OBJECT, reportWorkflowStatus: BOOLEAN_OR_STRING },
    required: ['org', 'repo', 'workflow'],
  },
  INTEGRATION_ACTION: {
    fields: { installationId: STRING, integrationActionType: oneOf(['dispatch_workflow']), integrationActionExecutionProperties: OBJECT },
    required: ['installationId', 'integrationActionType', 'integrationActionExecutionProperties'],
  },
  GITLAB: { fields: { projectName: STRING, groupName: STRING, defaultRef: STRING, pipelineVariables: OBJECT }, required: ['projectName', 'groupName'] },
  AZURE_DEVOPS: { fields: { webhook: STRING, org: STRING, payload: OBJECT_OR_ARRAY }, required: ['webhook', 'org'] },
  UPSERT_ENTITY: { fields: { blueprintIdentifier: STRING, mapping: OBJECT }, required: ['blueprintIdentifier', 'mapping'] },
};
const TYPE_FIELD = (types: readonly string[]): Record<string, Field> => ({ type: oneOf(types) });

function checkInvocationMethod(value: unknown): void {
  const path = 'body/invocationMethod';
  const type = discriminator(value, path, Object.keys(INVOCATION_METHODS));
  const shape = INVOCATION_METHODS[type]!;
  checkShape(value, { fields: { ...TYPE_FIELD([type]), ...shape.fields }, required: ['type', ...shape.required] }, path);
}

/** userInputs: one of "default order", "custom order" (order) or "custom steps" (steps); never both. */
function checkUserInputs(value: unknown, path: string): void {
  const fields: Record<string, Field> = {
    properties: OBJECT,
    required: { test: (required) => STRINGS.test(required) || isObject(required), says: 'must be array of strings or object' },
    titles: OBJECT,
  };
  const layout: Record<string, Field> = isObject(value) && Object.hasOwn(value, 'steps') ? { steps: ARRAY } : { order: STRINGS };
  checkShape(value, { fields: { ...fields, ...layout }, required: ['properties'] }, path);
}

const BUTTON_TEXT: Field = {
  test: (value) => isString(value) && value.length >= 1 && value.length <= 15 && /^[^\s].*[^\s]$/.test(value),
  says: 'must be 1 to 15 characters with no space at either end',
};

function checkTrigger(value: unknown): void {
  const path = 'body/trigger';
  const type = discriminator(value, path, TRIGGER_TYPES);
  const trigger = value as Json;
  if (type === 'automation') {
    checkShape(trigger, { fields: { type: STRING, event: OBJECT, condition: OBJECT }, required: ['type', 'event'] }, path);
    const eventType = discriminator(trigger.event, `${path}/event`, EVENT_TYPES);
    const fields: Record<string, Field> = { type: STRING };
    if (ENTITY_EVENTS.includes(eventType)) fields.blueprintIdentifier = STRING;
    else fields.actionIdentifier = STRING;
    if (eventType === 'TIMER_PROPERTY_EXPIRED') fields.propertyIdentifier = STRING;
    checkShape(trigger.event, { fields, required: Object.keys(fields) }, `${path}/event`);
    if (trigger.condition !== undefined) {
      const condition = { type: oneOf(['JQ']), expressions: STRINGS, combinator: oneOf(['and', 'or']) };
      checkShape(trigger.condition, { fields: condition, required: ['type', 'expressions'] }, `${path}/condition`);
    }
    return;
  }
  const fields: Record<string, Field> = {
    type: STRING,
    operation: oneOf(OPERATIONS),
    blueprintIdentifier: STRING,
    userInputs: OBJECT,
    actionCardButtonText: BUTTON_TEXT,
    executeActionButtonText: BUTTON_TEXT,
  };
  // An entity filter only makes sense where there is an entity: the CREATE variant has no `condition`.
  if (trigger.operation !== 'CREATE') fields.condition = OBJECT;
  checkShape(trigger, { fields, required: ['type', 'userInputs', 'operation'] }, path);
  checkUserInputs(trigger.userInputs, `${path}/userInputs`);
}

const REQUIRED_APPROVAL: Field = {
  test: (value) => typeof value === 'boolean' || (isObject(value) && Object.keys(value).length === 1 && (value.type === 'ANY' || value.type === 'ALL')),
  says: 'must be boolean or {"type": "ANY" | "ALL"}',
};

const ACTION_BODY: Shape = {
  fields: {
    identifier: IDENTIFIER,
    title: STRING,
    icon: STRING,
    description: STRING,
    trigger: OBJECT,
    invocationMethod: OBJECT,
    requiredApproval: REQUIRED_APPROVAL,
    approvalNotification: OBJECT,
    publish: BOOLEAN,
    allowAnyoneToViewRuns: BOOLEAN,
  },
  required: ['identifier', 'trigger', 'invocationMethod'],
};

/** The fields Port adds when it shows a definition (GET); a file saved from such an answer carries them. */
export const READ_ONLY_FIELDS = ['createdAt', 'createdBy', 'updatedAt', 'updatedBy'] as const;

/**
 * Checks a POST /v1/actions body as Port's schema does, or throws Port's 422 naming the first problem
 * (`body/trigger must have required property 'operation'`). A classic definition is refused here, as Port
 * refuses it: its trigger is not an object.
 */
export function checkActionBody(body: unknown): Json {
  const action = checkShape(body, ACTION_BODY, 'body');
  checkTrigger(action.trigger);
  checkInvocationMethod(action.invocationMethod);
  return action;
}

/**
 * Checks a definition loaded at start (a file the user saved): the current format as POST /v1/actions takes
 * it, plus the read-only fields of a GET answer; or the classic format, whose shape Port no longer publishes, so
 * only what the sandbox relies on is checked (identifier, trigger word, invocationMethod with a type).
 * Throws a plain Error naming the problem; the caller adds where it came from.
 */
export function checkStoredAction(value: unknown): Json {
  if (!isObject(value)) throw new Error('an action definition must be a JSON object');
  if (isString(value.trigger)) {
    if (!IDENTIFIER.test(value.identifier)) throw new Error(`identifier ${IDENTIFIER.says}`);
    if (!oneOf(OPERATIONS).test(value.trigger)) throw new Error(`trigger ${oneOf(OPERATIONS).says}`);
    if (!isObject(value.invocationMethod) || !isString(value.invocationMethod.type)) throw new Error('invocationMethod must be an object with a string type');
    if (value.userInputs !== undefined && !isObject(value.userInputs)) throw new Error('userInputs must be object');
    return value;
  }
  const body = Object.fromEntries(Object.entries(value).filter(([name]) => !(READ_ONLY_FIELDS as readonly string[]).includes(name)));
  try {
    checkActionBody(body);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    throw new Error(error.message.replace(/^body\//, '').replace(/^body /, 'the definition '));
  }
  return value;
}

/** What the sandbox needs to know of a definition, whichever its format. */
export interface ActionFacts {
  identifier: string;
  title?: string;
  triggerType: 'self-service' | 'automation';
  /** For a self-service action; a classic trigger is its operation. */
  operation?: Operation;
  blueprint?: string;
  eventType?: string;
  eventAction?: string;
  /** Automations only: `publish: false` makes one inactive. */
  published: boolean;
  /** Runs of it wait for approval (true, or {type: ANY | ALL}); absent or false, they start at once. */
  requiredApproval?: boolean | { type: 'ANY' | 'ALL' };
}

/** Reads the facts of a definition that passed checkActionBody or checkStoredAction. */
export function actionFacts(action: Json): ActionFacts {
  const facts: ActionFacts = { identifier: action.identifier as string, triggerType: 'self-service', published: action.publish !== false };
  if (isString(action.title)) facts.title = action.title;
  if (action.requiredApproval === true || isObject(action.requiredApproval)) facts.requiredApproval = action.requiredApproval as ActionFacts['requiredApproval'];
  const trigger = action.trigger;
  if (isString(trigger)) {
    facts.operation = trigger as Operation;
    // Classic definitions lived under a blueprint; an exported one may name it.
    if (isString(action.blueprint)) facts.blueprint = action.blueprint;
    return facts;
  }
  const current = trigger as Json;
  facts.triggerType = current.type as ActionFacts['triggerType'];
  if (facts.triggerType === 'self-service') {
    facts.operation = current.operation as Operation;
    if (isString(current.blueprintIdentifier)) facts.blueprint = current.blueprintIdentifier;
  } else {
    const event = current.event as Json;
    facts.eventType = event.type as string;
    if (isString(event.blueprintIdentifier)) facts.blueprint = event.blueprintIdentifier;
    if (isString(event.actionIdentifier)) facts.eventAction = event.actionIdentifier;
  }
  return facts;
}

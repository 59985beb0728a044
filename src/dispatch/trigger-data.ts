import { UsageError, isObject, type JsonObject } from '../core/index.js';

/**
 * The trigger data Port's templates read (PORT-FACTS.md §8), built from what the dispatcher was told. Port
 * fills the user's profile and the entity from its own records; here they are what the caller knows (and,
 * with credentials, the entity as Port holds it).
 */

export interface Caller {
  email?: string;
  userId?: string;
  orgId?: string;
}

export interface SelfServiceDataArgs {
  actionIdentifier: string;
  blueprint: string | undefined;
  operation: string;
  /** Validated inputs, defaults applied; secret ones already encrypted as Port holds them. */
  inputs: Record<string, unknown>;
  encryptedProperties: string[];
  /** The entity a DAY-2 or DELETE run acts on; absent for CREATE. */
  entity: JsonObject | undefined;
  runId: string | null;
  user: Caller;
  at: string;
  /** Organisation secrets for `.secrets`, from --secret. Never printed. */
  secrets: Record<string, string>;
}

export function selfServiceTriggerData(args: SelfServiceDataArgs): JsonObject {
  return withSecrets(
    {
      inputs: args.inputs,
      entity: args.entity ?? {},
      trigger: { by: by(args.user), origin: 'API', at: args.at, operation: args.operation },
      event: null,
      action: { identifier: args.actionIdentifier, blueprint: args.blueprint ?? null, encryptedProperties: args.encryptedProperties },
      run: { id: args.runId },
    },
    args.secrets,
  );
}

export interface AutomationDataArgs {
  actionIdentifier: string;
  event: JsonObject;
  runId: string | null;
  user: Caller;
  at: string;
  secrets: Record<string, string>;
}

/** An automation's trigger data (PORT-FACTS.md §9): no inputs or entity, the event under `.event`. */
export function automationTriggerData(args: AutomationDataArgs): JsonObject {
  return withSecrets(
    {
      inputs: null,
      entity: null,
      trigger: { by: by(args.user), origin: 'AUTOMATION', at: args.at },
      event: args.event,
      action: { identifier: args.actionIdentifier },
      run: { id: args.runId },
    },
    args.secrets,
  );
}

function by(user: Caller): JsonObject {
  return { orgId: user.orgId ?? null, userId: user.userId ?? null, user: { email: user.email ?? null } };
}

function withSecrets(data: JsonObject, secrets: Record<string, string>): JsonObject {
  // Defined only when given, so a plan printed without --secret shows no `secrets` key at all.
  if (Object.keys(secrets).length > 0) data.secrets = secrets;
  return data;
}

/** The entity events an automation can fire on, by the event's `action`, and the run events likewise. */
const ENTITY_EVENTS: Record<string, string> = {
  CREATE: 'ENTITY_CREATED',
  UPDATE: 'ENTITY_UPDATED',
  DELETE: 'ENTITY_DELETED',
  TIMER_EXPIRED: 'TIMER_PROPERTY_EXPIRED',
};
const RUN_EVENTS: Record<string, string> = { CREATE: 'RUN_CREATED', UPDATE: 'RUN_UPDATED' };
export const EVENT_TYPES = [...Object.values(ENTITY_EVENTS), 'ANY_ENTITY_CHANGE', ...Object.values(RUN_EVENTS), 'ANY_RUN_CHANGE'] as const;

/**
 * The event Port would build (PORT-FACTS.md §9) from `--event-type`, `--before` and `--after`: created has no
 * before, deleted no after, a timer only after; run events carry runs.
 */
export function buildEvent(args: { type: string; before: JsonObject | null; after: JsonObject | null; propertyIdentifier?: string; user: Caller; at: string }): JsonObject {
  const { type, before, after } = args;
  const isRun = type.startsWith('RUN_') || type === 'ANY_RUN_CHANGE';
  if (!(EVENT_TYPES as readonly string[]).includes(type)) {
    throw new UsageError(`--event-type: "${type}" is not accepted; expected one of ${EVENT_TYPES.join(', ')}`);
  }
  const action =
    type === 'ANY_ENTITY_CHANGE' || type === 'ANY_RUN_CHANGE'
      ? before && after
        ? 'UPDATE'
        : before
          ? 'DELETE'
          : 'CREATE'
      : Object.entries(isRun ? RUN_EVENTS : ENTITY_EVENTS).find(([, name]) => name === type)![0];
  const needs = { CREATE: ['--after'], UPDATE: ['--before', '--after'], DELETE: ['--before'], TIMER_EXPIRED: ['--after'] }[action] ?? [];
  for (const flag of needs) if ((flag === '--before' ? before : after) === null) throw new UsageError(`${type}: ${flag} FILE is required (the ${isRun ? 'run' : 'entity'} ${flag === '--before' ? 'before' : 'after'} the change)`);
  if (action === 'CREATE' && before) throw new UsageError(`${type}: a creation has no --before`);
  if (action === 'DELETE' && type !== 'ANY_ENTITY_CHANGE' && after) throw new UsageError(`${type}: a deletion has no --after`);
  const subject = after ?? before ?? {};
  const blueprint = subject.blueprint ?? null;
  return {
    action,
    resourceType: isRun ? 'run' : 'entity',
    trigger: { by: { orgId: args.user.orgId ?? null, userId: args.user.userId ?? null }, origin: 'API', at: args.at },
    context: {
      blueprintIdentifier: typeof blueprint === 'string' ? blueprint : isObject(blueprint) ? (blueprint.identifier ?? null) : null,
      entityIdentifier: isRun ? (isObject(subject.entity) ? (subject.entity.identifier ?? null) : (subject.entity ?? null)) : (subject.identifier ?? null),
      propertyIdentifier: args.propertyIdentifier ?? null,
    },
    diff: { before: action === 'TIMER_EXPIRED' ? null : before, after },
  };
}

/**
 * Whether an event is one the automation listens to: its kind (entity or run, created, updated...) and its
 * blueprint or action. Fields the event lacks are not held against it. Undefined when it matches, else why not.
 */
export function eventMismatch(trigger: JsonObject, event: JsonObject): string | undefined {
  const wanted = isObject(trigger.event) ? trigger.event : {};
  const type = String(wanted.type ?? '');
  const action = typeof event.action === 'string' ? event.action : undefined;
  const isRun = event.resourceType === 'run';
  if (action !== undefined) {
    const happened = (isRun ? RUN_EVENTS : ENTITY_EVENTS)[action];
    const any = isRun ? 'ANY_RUN_CHANGE' : 'ANY_ENTITY_CHANGE';
    const fits = type === happened || (type === any && action !== 'TIMER_EXPIRED');
    if (!fits) return `the event is ${happened ?? `${event.resourceType} ${action}`}; the automation fires on ${type}`;
  }
  const context = isObject(event.context) ? event.context : {};
  if (!isRun && typeof wanted.blueprintIdentifier === 'string' && typeof context.blueprintIdentifier === 'string' && wanted.blueprintIdentifier !== context.blueprintIdentifier) {
    return `the event is about blueprint ${context.blueprintIdentifier}; the automation watches ${wanted.blueprintIdentifier}`;
  }
  if (isRun && typeof wanted.actionIdentifier === 'string') {
    const diff = isObject(event.diff) ? event.diff : {};
    const run = isObject(diff.after) ? diff.after : isObject(diff.before) ? diff.before : {};
    const of = isObject(run.action) ? run.action.identifier : run.action;
    if (typeof of === 'string' && of !== wanted.actionIdentifier) return `the event is about a run of ${of}; the automation watches runs of ${wanted.actionIdentifier}`;
  }
  return undefined;
}

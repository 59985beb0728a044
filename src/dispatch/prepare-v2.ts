import { UsageError, encryptSecret, envText, isObject, isSecretInput, type JsonObject, type UserInputSpec } from '../core/index.js';
import type { JqEngine } from '../jq/engine.js';
import { entityInputs, resolveFormInputs } from './resolve-inputs.js';
import { automationTriggerData, selfServiceTriggerData, type Caller } from './trigger-data.js';
import type { DispatchedAction } from './types.js';

/** Looks an entity up in Port (with credentials); undefined when port-ci cannot ask. */
export type EntityLookup = (blueprint: string, identifier: string) => Promise<JsonObject | undefined>;

export interface SelfServiceRequest {
  action: DispatchedAction;
  inputs: Record<string, unknown>;
  entity: string | JsonObject | undefined;
  lookupEntity: EntityLookup;
  /** The run the templates see as `.run.id`, once the inputs are known (created in Port, given, or local). */
  obtainRunId: (properties: Record<string, unknown>, entity: JsonObject | undefined) => Promise<string | null>;
  user: Caller;
  secrets: Record<string, string>;
  clientSecret: string | undefined;
  engine: JqEngine;
  now: Date;
}

/**
 * The trigger data of a self-service run as Port builds it (PORT-FACTS.md §8): the form's jq evaluated, the
 * inputs validated with defaults applied, entity inputs as entity objects, secret inputs encrypted with the
 * client secret (and named in `action.encryptedProperties`), the run's entity, the caller and the run id.
 */
export async function selfServiceData(request: SelfServiceRequest): Promise<JsonObject> {
  const trigger = request.action.trigger as JsonObject;
  const operation = String(trigger.operation ?? 'CREATE');
  const blueprint = typeof trigger.blueprintIdentifier === 'string' ? trigger.blueprintIdentifier : undefined;
  const entity = await runEntity(request, operation, blueprint);
  const userInputs = isObject(trigger.userInputs) ? trigger.userInputs : undefined;
  const resolved = await resolveFormInputs({
    identifier: request.action.identifier,
    userInputs,
    given: request.inputs,
    user: { email: request.user.email ?? null },
    entity,
    trigger: { operation },
    engine: request.engine,
  });
  const inputs: Record<string, unknown> = { ...resolved.properties };
  for (const [id, { blueprint: inputBlueprint, many }] of entityInputs(userInputs)) {
    if (inputs[id] === undefined || inputs[id] === null) continue;
    inputs[id] = many
      ? await Promise.all((Array.isArray(inputs[id]) ? inputs[id] : [inputs[id]]).map((item) => asEntity(item, inputBlueprint, `inputs.${id}`, request.lookupEntity)))
      : await asEntity(inputs[id], inputBlueprint, `inputs.${id}`, request.lookupEntity);
  }
  const runId = await request.obtainRunId(resolved.properties, entity);
  const specs = (userInputs?.properties ?? {}) as Record<string, UserInputSpec>;
  for (const id of resolved.secretIds) {
    if (!isSecretInput(specs[id]) || inputs[id] === undefined) continue;
    if (!request.clientSecret) throw new UsageError(`inputs.${id} is a secret input: set PORT_CLIENT_SECRET so it is encrypted as Port does`);
    inputs[id] = encryptSecret(envText(inputs[id]), request.clientSecret);
  }
  return selfServiceTriggerData({
    actionIdentifier: request.action.identifier,
    blueprint,
    operation,
    inputs,
    encryptedProperties: resolved.secretIds,
    entity,
    runId,
    user: request.user,
    at: request.now.toISOString(),
    secrets: request.secrets,
  });
}

async function runEntity(request: SelfServiceRequest, operation: string, blueprint: string | undefined): Promise<JsonObject | undefined> {
  if (operation === 'CREATE') {
    if (request.entity !== undefined) throw new UsageError(`--entity: ${request.action.identifier} is a CREATE action, which runs on no entity`);
    return undefined;
  }
  if (request.entity === undefined) throw new UsageError(`${request.action.identifier} is a ${operation} action: pass --entity ID or --entity @entity.json`);
  return asEntity(request.entity, blueprint, '--entity', request.lookupEntity);
}

/** An entity as templates see it: the object given, the one Port holds, or (without credentials) its identifier. */
async function asEntity(value: unknown, blueprint: string | undefined, field: string, lookup: EntityLookup): Promise<JsonObject> {
  if (isObject(value)) {
    if (typeof value.identifier !== 'string') throw new UsageError(`${field}: an entity object needs "identifier"`);
    return value;
  }
  if (typeof value !== 'string' || value === '') throw new UsageError(`${field}: expected an entity identifier or an entity object with "identifier"`);
  const found = blueprint ? await lookup(blueprint, value) : undefined;
  return found ?? { identifier: value, ...(blueprint ? { blueprint } : {}) };
}

export interface AutomationRequest {
  action: DispatchedAction;
  /** The event, given whole (--event FILE) or built by buildEvent from --event-type, --before, --after. */
  event: JsonObject;
  runId: string | null;
  user: Caller;
  secrets: Record<string, string>;
  now: Date;
}

/** An automation's trigger data (PORT-FACTS.md §9) around the event that fired it. */
export function automationData(request: AutomationRequest): JsonObject {
  return automationTriggerData({
    actionIdentifier: request.action.identifier,
    event: request.event,
    runId: request.runId,
    user: request.user,
    at: request.now.toISOString(),
    secrets: request.secrets,
  });
}

import {
  UsageError,
  buildRunMessage,
  encryptSecret,
  envText,
  isObject,
  type ActionDefinition,
  type JsonObject,
} from '../core/index.js';
import { validateAction } from '../core/action.js';
import { resolveUserInputs } from '../core/user-inputs.js';
import { planGitHub } from './github.js';
import { planGitLab } from './gitlab.js';
import { directAgentNote, planKafka, producesForAgent, type KafkaRoute } from './kafka.js';
import type { Backend, DispatchPlan, DispatchedAction } from './types.js';
import { planWebhook } from './webhook.js';

export interface DispatchArgs {
  /** The action definition as read (validated here). */
  action: unknown;
  actionSource: string;
  inputs: Record<string, unknown>;
  /** The entity a DAY-2 or DELETE action runs on: an identifier or the entity object. */
  entity?: string | JsonObject;
  /**
   * Gives the run id once the inputs are known: --run-id or a run created in Port; null when there is none (an
   * omitPayload action needs none; a dry run shows the message without one rather than make one up).
   */
  obtainRunId: (action: ActionDefinition, properties: Record<string, unknown>, entity: JsonObject | null) => Promise<string | null>;
  user?: string;
  ref?: string;
  env: NodeJS.ProcessEnv;
  now: Date;
  /** Where run messages are produced; without brokers in it an agent action is handed on directly. */
  kafka?: KafkaRoute;
}

/**
 * Does what Port does before it hands a run to a backend: validates the action and the inputs, applies
 * defaults, encrypts secret inputs with the client secret, builds the run message and the request for the
 * action's backend, with Port's omitPayload, omitUserInputs and defaultRef semantics. Sends nothing.
 */
export async function planDispatch(args: DispatchArgs): Promise<DispatchPlan> {
  const action = validateAction(args.action, args.actionSource);
  const method = action.invocationMethod as { type: Backend } & Record<string, unknown>;
  const entity = entityObject(args.entity);
  if ((action.trigger === 'DAY-2' || action.trigger === 'DELETE') && !entity) {
    throw new UsageError(`${args.actionSource}: ${action.identifier} is a ${action.trigger} action: pass --entity ID or --entity @entity.json`);
  }
  const { properties: plain, secretIds } = resolveUserInputs(action, args.inputs, {
    user: { email: args.user },
    entity,
    trigger: { by: { user: { email: args.user } } },
  });
  const clientSecret = args.env.PORT_CLIENT_SECRET;
  const properties: Record<string, unknown> = { ...plain };
  for (const id of secretIds) {
    if (properties[id] === undefined) continue;
    if (!clientSecret) throw new UsageError(`inputs.${id} is a secret input: set PORT_CLIENT_SECRET so it is encrypted as Port does`);
    properties[id] = encryptSecret(envText(properties[id]), clientSecret);
  }
  // Port takes plain values when it creates a run: it encrypts secret inputs itself.
  const runId = await args.obtainRunId(action, plain, entity);
  const message = buildRunMessage({ action, properties, runId, user: { email: args.user }, entity, at: args.now.toISOString() });
  const nowSeconds = Math.floor(args.now.getTime() / 1000);
  const base = { backend: method.type, format: 'legacy' as const, action: action as DispatchedAction, runId };
  if (method.type === 'KAFKA' || producesForAgent(method, args.kafka)) {
    const kind = method.type === 'KAFKA' ? { runMessage: true as const } : { runMessage: true as const, forAgent: method.type };
    const planned = planKafka({ message, kind, runId, route: args.kafka, clientSecret, nowSeconds });
    return { ...base, backend: 'KAFKA', payload: planned.message, request: planned.request, notes: planned.notes, kafka: planned.kafka };
  }
  // Port would produce an agent action's run to Kafka; without brokers, dispatch makes the agent's request itself.
  const agentNotes = method.agent === true ? [directAgentNote(args.kafka)] : [];
  switch (method.type) {
    case 'GITHUB': {
      const apiUrl = (args.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
      const planned = planGitHub({ method: method as never, message: method.omitPayload ? null : message, properties, ref: args.ref, apiUrl });
      return { ...base, payload: method.omitPayload ? null : message, request: planned.request, notes: planned.notes };
    }
    case 'GITLAB': {
      const planned = planGitLab({ method: method as never, message: method.omitPayload ? null : message, properties, ref: args.ref, env: args.env });
      return { ...base, payload: method.omitPayload ? null : message, request: planned.request, notes: [...planned.notes, ...agentNotes] };
    }
    default: {
      const planned = planWebhook({ method: method as never, message, clientSecret, nowSeconds });
      return { ...base, payload: message, request: planned.request, notes: [...planned.notes, ...agentNotes] };
    }
  }
}

function entityObject(entity: string | JsonObject | undefined): JsonObject | null {
  if (entity === undefined) return null;
  if (typeof entity === 'string') return { identifier: entity };
  if (!isObject(entity) || typeof entity.identifier !== 'string') throw new UsageError('--entity: expected an entity identifier or a JSON entity object with "identifier"');
  return entity;
}

/** The plan as `--dry-run --json` shows it: tokens redacted (secret inputs are already encrypted). */
export function printablePlan(plan: DispatchPlan): Record<string, unknown> {
  // A record's exact text is its body's compact JSON: shown once, as the body.
  const { rawBody: _sameAsBody, ...request } = plan.request;
  const body = request.body;
  const redactedBody = plan.backend === 'GITLAB' && isObject(body) && body.token ? { ...body, token: '[redacted]' } : body;
  return {
    backend: plan.backend,
    runId: plan.runId,
    request: { ...request, body: redactedBody },
    payload: plan.payload,
    notes: plan.notes,
  };
}

import { UsageError } from '../core/index.js';
import { checkIdentifier, jsonObjectFlag } from '../catalog/fields.js';
import { checkActionIdentifier } from '../catalog/runs.js';
import { booleanInput, readRunId, textInput } from './settings.js';
import { durationInput, operationInput, refuseOthers } from './step-inputs.js';

/* actions/run's settings, read once and checked as every step's are (settings.ts). Their inputs mirror `port-ci run`'s flags. */

export const RUN_OPERATIONS = ['create', 'get'] as const;
export type RunOperation = (typeof RUN_OPERATIONS)[number];

const TAKES: Record<RunOperation, readonly string[]> = {
  create: ['action', 'properties', 'entity', 'run-as', 'wait', 'timeout', 'poll-interval'],
  get: ['run-id', 'wait', 'timeout', 'poll-interval'],
};

export interface RunSettings {
  operation: RunOperation;
  /** create: the action, its inputs, the entity it runs on, and whom it runs as. */
  action: string | undefined;
  properties: Record<string, unknown>;
  entity: string | undefined;
  runAs: string | undefined;
  /** get: the run-id input, else PORT_RUN_ID. */
  runId: string | undefined;
  wait: boolean;
  timeoutMs: number;
  pollMs: number;
}

/** @throws UsageError naming the input at fault and what it accepts. */
export function readRunSettings(): RunSettings {
  const operation = operationInput(RUN_OPERATIONS);
  refuseOthers(operation, TAKES[operation], [...new Set(Object.values(TAKES).flat())], { wait: false });
  const wait = booleanInput('wait', false);
  for (const name of ['timeout', 'poll-interval']) {
    const text = textInput(name);
    if (!wait && text) throw new UsageError(`Invalid ${name} '${text}' without wait: true. It says how long, or how often, the step follows the run.`);
  }
  const action = textInput('action');
  if (operation === 'create' && action === undefined) throw new UsageError("Invalid action: it is empty. create needs the identifier of the action to run (such as 'deploy_service').");
  const runId = operation === 'get' ? readRunId() : undefined;
  if (operation === 'get' && !runId) throw new UsageError('Invalid run-id: it is empty and PORT_RUN_ID is not set. get needs the id of the run to read.');
  const properties = textInput('properties');
  const entity = textInput('entity');
  return {
    operation,
    action: action === undefined ? undefined : checkActionIdentifier(action, 'the action input'),
    properties: properties === undefined ? {} : jsonObjectFlag('the properties input', properties),
    entity: entity === undefined ? undefined : checkIdentifier(entity, 'the entity input'),
    runAs: textInput('run-as'),
    runId,
    wait,
    timeoutMs: durationInput('timeout', '30m', 1_000),
    pollMs: durationInput('poll-interval', '5s', 100),
  };
}

import { readFileSync } from 'node:fs';
import { PayloadError, UsageError, describeValue, isObject, parseJsonText } from '../core/index.js';
import type { JsonObject } from '../core/index.js';

/**
 * The inputs of the workflow_dispatch event the runner saved at GITHUB_EVENT_PATH: `port_payload` or
 * `port_context` as JSON text beside the isolated user inputs.
 * @throws UsageError when the file cannot be read or the event carries no inputs (not a dispatched run).
 */
export function readDispatchInputs(eventPath: string): JsonObject {
  let text: string;
  try {
    text = readFileSync(eventPath, 'utf8');
  } catch (error) {
    throw new UsageError(`GITHUB_EVENT_PATH: cannot read ${eventPath} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  // The event also holds the repository and sender: larger than a payload, but bounded by the runner.
  const event = parseJsonText(text, 'GITHUB_EVENT_PATH', 16 * 1024 * 1024);
  if (!isObject(event)) throw new PayloadError('GITHUB_EVENT_PATH', 'a JSON object', describeValue(event));
  if (!isObject(event.inputs)) {
    throw new UsageError(
      'GITHUB_EVENT_PATH: this event has no workflow_dispatch inputs; Port starts workflows with workflow_dispatch, so declare port_payload (or the action\'s inputs) under on.workflow_dispatch.inputs, or pass the payload explicitly',
    );
  }
  return event.inputs;
}

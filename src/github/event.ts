import { readFileSync } from 'node:fs';
import { PayloadError, UsageError, describeValue, isObject, parseJsonText } from '../core/index.js';
import type { JsonObject } from '../core/index.js';

/**
 * The inputs of the workflow_dispatch event the runner saved at GITHUB_EVENT_PATH: `port_payload` or
 * `port_context` as JSON text beside the isolated user inputs. Undefined for an event without inputs (a push,
 * a schedule, a workflow_dispatch of a workflow that declares none): Port did not start it.
 * @throws UsageError when the file cannot be read.
 */
export function readDispatchInputs(eventPath: string): JsonObject | undefined {
  let text: string;
  try {
    text = readFileSync(eventPath, 'utf8');
  } catch (error) {
    throw new UsageError(`GITHUB_EVENT_PATH: cannot read ${eventPath} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  // The event also holds the repository and sender: larger than a payload, but bounded by the runner.
  const event = parseJsonText(text, 'GITHUB_EVENT_PATH', 16 * 1024 * 1024);
  if (!isObject(event)) throw new PayloadError('GITHUB_EVENT_PATH', 'a JSON object', describeValue(event));
  return isObject(event.inputs) ? event.inputs : undefined;
}

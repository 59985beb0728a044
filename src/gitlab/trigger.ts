import { readFileSync } from 'node:fs';
import { UsageError } from '../core/index.js';

/**
 * The body Port's agent posted to GitLab's trigger API, which GitLab saves in the file named by
 * $TRIGGER_PAYLOAD. It holds the trigger token too: callers must never print it whole.
 */
export function readTriggerPayload(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`TRIGGER_PAYLOAD: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

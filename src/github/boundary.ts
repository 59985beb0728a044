import * as core from './runner.js';
import { UsageError } from '../core/index.js';

/**
 * The one error boundary of an action step: a user error fails the step with its one-line message; anything
 * else also fails it, with the stack sent to the debug log rather than the user's face.
 */
export async function runStep(step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    if (error instanceof Error && !(error instanceof UsageError) && error.stack) core.debug(error.stack);
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

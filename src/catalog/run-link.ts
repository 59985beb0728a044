import { ApiError } from '../port/errors.js';

/*
 * Writes list what they change among the current run's affected entities (Port's run_id), but Port ties entities
 * to a run only while it is in progress. A job that writes after its run has ended (a later job of the workflow, a
 * run ended early by a report step) must not lose the write for the sake of the link: the write is made again
 * without it, and the caller says so.
 */

export interface Linked<T> {
  value: T;
  /** Why the write is not listed on the run, when it was meant to be. */
  unlinked?: string;
}

export function isRunEnded(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'run_exhausted';
}

export function unlinkedReason(runId: string): string {
  return `run ${runId} has ended, and Port lists entities on a run only while it is in progress: written without the link`;
}

/** Calls `write` with the run; when Port answers that the run has ended, once more without it. */
export async function linkedToRun<T>(runId: string | undefined, write: (runId: string | undefined) => Promise<T>): Promise<Linked<T>> {
  if (runId === undefined) return { value: await write(undefined) };
  try {
    return { value: await write(runId) };
  } catch (error) {
    if (!isRunEnded(error)) throw error;
    return { value: await write(undefined), unlinked: unlinkedReason(runId) };
  }
}

import { UsageError } from '../core/index.js';
import { realClock, type RetryClock } from '../http/retry.js';
import type { PortClient, PortRun } from '../port/client.js';

/*
 * Runs of other actions, as a job starts and follows them (`port-ci run`, actions/run): the action named as Port
 * takes it, and a run followed until it ends. A run that waits for approval has not ended: it may still be approved
 * and run, or be declined.
 */

/** Port's action identifier pattern (letters, digits, @ _ = -). */
export function checkActionIdentifier(value: string, name: string): string {
  if (!/^[A-Za-z0-9@_=-]+$/.test(value)) throw new UsageError(`${name}: "${value}" is not an action identifier (letters, digits, @ _ = -)`);
  return value;
}

/** A run that may still change: running, or waiting for someone to approve or decline it. */
export function isRunOpen(run: PortRun): boolean {
  return run.status === 'IN_PROGRESS' || run.status === 'WAITING_FOR_APPROVAL';
}

/** `IN_PROGRESS (Deploying)`: the status with its label, as a progress line shows it. */
export function runLabel(run: PortRun): string {
  return `${run.status}${typeof run.statusLabel === 'string' && run.statusLabel ? ` (${run.statusLabel})` : ''}`;
}

export interface WaitOptions {
  timeoutMs: number;
  /** Between two reads of the run; 5 s unless told. */
  pollMs?: number;
  /** Hears the status (with its label) each time it changes, the first read included. */
  onChange?: (label: string, run: PortRun) => void;
  clock?: RetryClock;
}

/**
 * Reads the run until it has ended (neither IN_PROGRESS nor WAITING_FOR_APPROVAL).
 * @returns the ended run, or `{ run, timedOut: true }` with the last read when the deadline passes first.
 * @throws ApiError as the client does, after its retries.
 */
export async function waitForRunEnd(port: PortClient, runId: string, options: WaitOptions): Promise<{ run: PortRun; timedOut: boolean }> {
  const clock = options.clock ?? realClock;
  const pollMs = options.pollMs ?? 5_000;
  const deadline = clock.now() + options.timeoutMs;
  let last = '';
  for (;;) {
    const run = await port.getRun(runId);
    const label = runLabel(run);
    if (label !== last) options.onChange?.((last = label), run);
    if (!isRunOpen(run)) return { run, timedOut: false };
    if (clock.now() + pollMs > deadline) return { run, timedOut: true };
    await clock.sleep(pollMs);
  }
}

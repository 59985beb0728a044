import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/*
 * A dead Port must not cost every step of a job its whole retry deadline. The first call that gives up on Port
 * (network errors, timeouts or 5xx until the deadline) leaves a mark; for a while after, calls make one quick
 * attempt instead of retrying, and an answer from Port (any status below 500) wipes the mark. Where the mark lives
 * between the steps of a job is the faces' business (a file in the job's temp folder); this is what it holds.
 */

/** How long a mark holds: past it, a step retries in full again, as Port may be back for good. */
export const OUTAGE_WINDOW_MS = 10 * 60_000;

/** What the job knows of Port at one base URL being unreachable. */
export interface OutageMemory {
  /** When (ms since the epoch) a step of this job gave up on Port, if within the window. */
  downSince(): number | undefined;
  /** A call gave up on Port after its retries. */
  markDown(since: number): void;
  /** Port answered: later calls retry in full again. */
  clear(): void;
}

/**
 * The mark as a file, `{"baseUrl", "since"}`, for processes of one job to share. Written whole or not at all; an
 * unreadable or foreign file is no mark. Failing to write only costs later steps their retries' time.
 */
export function outageFile(file: string, baseUrl: string, now: () => number = Date.now): OutageMemory {
  return {
    downSince() {
      try {
        const saved = JSON.parse(readFileSync(file, 'utf8')) as { baseUrl?: unknown; since?: unknown };
        if (saved.baseUrl !== baseUrl || typeof saved.since !== 'number') return undefined;
        const age = now() - saved.since;
        return age >= 0 && age < OUTAGE_WINDOW_MS ? saved.since : undefined;
      } catch {
        return undefined;
      }
    },
    markDown(since) {
      try {
        mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        const partial = `${file}.${process.pid}.tmp`;
        writeFileSync(partial, JSON.stringify({ baseUrl, since }), { mode: 0o600 });
        renameSync(partial, file);
      } catch {
        // not remembered: the next step retries in full
      }
    },
    clear() {
      rmSync(file, { force: true });
    },
  };
}

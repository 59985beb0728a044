/*
 * A log POST whose answer was lost (the connection reset, or no answer in time) may have been stored by Port or
 * not, and Port's log API takes no idempotency key. Sending it again blindly doubles the line when it was stored;
 * not sending it loses the line when it was not. So before sending it again, the client reads the run's logs
 * (GET /v1/actions/runs/{id}/logs) and looks for it.
 *
 * The look must not take an earlier entry with the same text, sent on purpose (a build prints "ok" twice), for the
 * lost one. So it only counts entries NEWER than where the log stood at Port's last answer to this client: every
 * 201 carries the stored entry's `id` and `createdAt`, and the client keeps, per run, the newest `createdAt` it was
 * given and the ids given at that instant (LogMarks). An entry is newer when it was created later, or at that same
 * millisecond under an id this client was not given. A look that finds no copy moves the mark to the newest entry
 * listed, since all of them are older than the copy sent next.
 *
 * Before the client's first answer for a run (the first log of a process) there is no mark. Then newer means
 * created since the request left, by Port's clock: the look's `Date` header less how long ago, by ours, the
 * request was sent. Clocks never meet, only durations are compared; the header counts whole seconds, so an
 * identical entry written less than a second before the lost one is the one case the look can mistake for it
 * (and the line is then not sent again). Without a Date header there is no telling: the log is sent again, a
 * possible double rather than a possible loss.
 *
 * What no look can prevent: a request Port finishes only after the look (a slow Port that goes on after the client
 * gave up) is then doubled by the copy sent again.
 *
 * A log that ends the run (terminationStatus) needs no look first: Port refuses a second end, so the copy sent
 * again either ends the run or gets 422 run_exhausted. After a lost answer that 422 is checked instead: when the
 * run ended with that status and its log holds that text (newer than the mark, when there is one; without one an
 * identical entry tells whoever reads the run the same), the first copy counts as delivered.
 */

/** One entry of a run's log as Port lists it (get-an-actions-run-logs.json) and answers a POST (runLog). */
export interface RunLogEntry {
  id: string;
  message: string;
  createdAt: string;
}

/** The entry in one of Port's answers, or undefined when it lacks what a look needs. */
export function asRunLogEntry(value: unknown): RunLogEntry | undefined {
  const entry = value as Partial<RunLogEntry> | null;
  if (typeof entry !== 'object' || entry === null) return undefined;
  if (typeof entry.id !== 'string' || typeof entry.message !== 'string' || typeof entry.createdAt !== 'string') return undefined;
  return { id: entry.id, message: entry.message, createdAt: entry.createdAt };
}

/** Errors after which the request cannot have reached Port: nothing was done, so it is simply sent again. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL']);

/** Whether Port may have done a request that failed with `error` (a reset, a timeout: anything after sending). */
export function mayHaveArrived(error: unknown): boolean {
  return !NEVER_SENT.has((error as NodeJS.ErrnoException | null)?.code ?? '');
}

/**
 * Answers that may come after the work was done: a server error and a gateway's (bad gateway, timeout). 429 and
 * 503 are refusals before any work.
 */
export function mayHaveBeenDone(status: number): boolean {
  return status === 500 || status === 502 || status === 504;
}

/** Where each run's log stood at Port's last answer to this client (see the top of this file). */
export class LogMarks {
  readonly #marks = new Map<string, { at: number; ids: Set<string> }>();

  /** Notes an entry Port stored for this client (or that a look found): entries after it are newer. */
  acknowledge(runId: string, entry: RunLogEntry): void {
    const at = Date.parse(entry.createdAt);
    if (!Number.isFinite(at)) return;
    const mark = this.#marks.get(runId);
    if (!mark || at > mark.at) this.#marks.set(runId, { at, ids: new Set([entry.id]) });
    else if (at === mark.at) mark.ids.add(entry.id);
  }

  /**
   * Looks among a run's listed entries for the copy of `message` a lost answer left.
   * @param sentAtPortMs Port's time when the first unanswered request left, estimated; used only without a mark.
   * @returns the copy; 'absent' (then every listed entry counts as older from now on); 'unknown' when the
   *   answers lack what it takes to tell.
   */
  findCopy(runId: string, message: string, entries: RunLogEntry[], sentAtPortMs: number | undefined): RunLogEntry | 'absent' | 'unknown' {
    const mark = this.#marks.get(runId);
    if (!mark && sentAtPortMs === undefined) return 'unknown';
    let copy: RunLogEntry | undefined;
    for (const entry of entries) {
      const at = Date.parse(entry.createdAt);
      if (!Number.isFinite(at)) return 'unknown';
      const newer = mark ? at > mark.at || (at === mark.at && !mark.ids.has(entry.id)) : at >= sentAtPortMs!;
      if (newer && entry.message === message) copy ??= entry;
    }
    if (copy) {
      this.acknowledge(runId, copy);
      return copy;
    }
    for (const entry of entries) this.acknowledge(runId, entry);
    return 'absent';
  }
}

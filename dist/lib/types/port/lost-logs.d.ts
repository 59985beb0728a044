/** One entry of a run's log as Port lists it (get-an-actions-run-logs.json) and answers a POST (runLog). */
export interface RunLogEntry {
    id: string;
    message: string;
    createdAt: string;
}
/** The entry in one of Port's answers, or undefined when it lacks what a look needs. */
export declare function asRunLogEntry(value: unknown): RunLogEntry | undefined;
/** Whether Port may have done a request that failed with `error` (a reset, a timeout: anything after sending). */
export declare function mayHaveArrived(error: unknown): boolean;
/**
 * Answers that may come after the work was done: a server error and a gateway's (bad gateway, timeout). 429 and
 * 503 are refusals before any work.
 */
export declare function mayHaveBeenDone(status: number): boolean;
/** Where each run's log stood at Port's last answer to this client (see the top of this file). */
export declare class LogMarks {
    #private;
    /** Notes an entry Port stored for this client (or that a look found): entries after it are newer. */
    acknowledge(runId: string, entry: RunLogEntry): void;
    /**
     * Looks among a run's listed entries for the copy of `message` a lost answer left.
     * @param sentAtPortMs Port's time when the first unanswered request left, estimated; used only without a mark.
     * @returns the copy; 'absent' (then every listed entry counts as older from now on); 'unknown' when the
     *   answers lack what it takes to tell.
     */
    findCopy(runId: string, message: string, entries: RunLogEntry[], sentAtPortMs: number | undefined): RunLogEntry | 'absent' | 'unknown';
}

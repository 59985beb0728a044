/** How long a mark holds: past it, a step retries in full again, as Port may be back for good. */
export declare const OUTAGE_WINDOW_MS: number;
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
export declare function outageFile(file: string, baseUrl: string, now?: () => number): OutageMemory;

import { type TerminalStatus } from './status.js';
/** The fields of Port's run update (PORT-FACTS.md §5: PATCH /v1/actions/runs/{id}); no other field is accepted. */
export interface RunUpdate {
    status?: TerminalStatus;
    statusLabel?: string;
    link?: string | string[];
    summary?: string;
    externalRunId?: string;
}
export interface RunUpdateRequest {
    /** success, failure or cancelled in any case (GitHub's job.status words work). */
    status?: string;
    statusLabel?: string;
    links?: string[];
    summary?: string;
    externalRunId?: string;
}
/**
 * The run update a report asks for, the same from every face: the status word mapped to Port's (cancelled is
 * FAILURE labelled Cancelled, unless a label is given), one link as a string and several as a list, each an
 * http(s) URL. Empty fields are left out, so they leave Port's values alone.
 * @throws UsageError naming the bad status word or link, and what is accepted.
 */
export declare function buildRunUpdate(request: RunUpdateRequest, statusSource?: string, linkSource?: string): RunUpdate;

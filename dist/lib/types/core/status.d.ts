export type TerminalStatus = 'SUCCESS' | 'FAILURE';
/**
 * Reads a final status word in any case, including GitHub's `job.status` values, and maps it to Port's:
 * success -> SUCCESS; failure -> FAILURE; cancelled -> FAILURE with a label saying so, because Port has no
 * cancelled status and a cancelled job did not do its work.
 */
export declare function parseFinalStatus(word: string, source?: string): {
    status: TerminalStatus;
    label?: string;
};

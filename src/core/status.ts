import { UsageError } from './errors.js';
import { closest } from './suggest.js';

export type TerminalStatus = 'SUCCESS' | 'FAILURE';

/**
 * Reads a final status word in any case, including GitHub's `job.status` values, and maps it to Port's:
 * success -> SUCCESS; failure -> FAILURE; cancelled -> FAILURE with a label saying so, because Port has no
 * cancelled status and a cancelled job did not do its work.
 */
export function parseFinalStatus(word: string, source = 'status'): { status: TerminalStatus; label?: string } {
  switch (word.trim().toLowerCase()) {
    case 'success':
    case 'succeeded':
      return { status: 'SUCCESS' };
    case 'failure':
    case 'failed':
      return { status: 'FAILURE' };
    case 'cancelled':
    case 'canceled':
      return { status: 'FAILURE', label: 'Cancelled' };
    default: {
      const meant = closest(word, ['success', 'failure', 'cancelled']);
      throw new UsageError(`Invalid ${source} '${word}'. Expected success, failure or cancelled${meant ? ` (did you mean "${meant}"?)` : ''}.`);
    }
  }
}

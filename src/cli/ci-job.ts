import { peekRunId, type TerminalStatus } from '../core/index.js';
import { noteRunEnded, shareToken, sharedToken } from '../github/job-state.js';
import { readTriggerPayload } from '../gitlab/trigger.js';
import type { TokenGrant } from '../port/token.js';

/**
 * The CI job a `port-ci` command runs in, as far as the command cares: a GitHub Actions job (steps share a token
 * and learn which runs were ended), a GitLab job (the trigger body names the run), or neither. The one place the CLI
 * knows both faces, so the rest of it knows none.
 */
export interface CiJob {
  /** The run id the job holds without being told: in a GitLab pipeline, the one in the trigger body. */
  runIdFallback(): string | undefined;
  /** The token an earlier step of the job got for this Port and client. */
  sharedToken(baseUrl: string, clientId: string | undefined): TokenGrant | undefined;
  /** Leaves a new token (masked first) for the job's later steps. */
  shareToken(baseUrl: string, clientId: string | undefined, grant: TokenGrant): void;
  /** Tells the job's later steps (the root action's post step) that the run has ended. */
  noteRunEnded(runId: string, status: TerminalStatus): void;
}

export function ciJob(env: NodeJS.ProcessEnv, stderr: (text: string) => void): CiJob {
  const inActions = env.GITHUB_ACTIONS === 'true' && Boolean(env.GITHUB_ENV);
  return {
    runIdFallback() {
      if (!env.TRIGGER_PAYLOAD) return undefined;
      try {
        // Peeked, not parsed: a payload the context job refused still names the run, which must end FAILURE.
        return peekRunId(readTriggerPayload(env.TRIGGER_PAYLOAD)) ?? undefined;
      } catch {
        return undefined;
      }
    },
    sharedToken: (baseUrl, clientId) => (inActions ? sharedToken(env, baseUrl, clientId) : undefined),
    shareToken(baseUrl, clientId, grant) {
      if (!inActions) return;
      stderr(`::add-mask::${grant.token}\n`); // stderr: the runner reads commands there too, and stdout may be data
      shareToken(env, baseUrl, clientId, grant);
    },
    noteRunEnded: (runId, status) => noteRunEnded(env, runId, status),
  };
}

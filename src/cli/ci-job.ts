import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { peekRunId, type TerminalStatus } from '../core/index.js';
import { jobOutage, noteRunEnded, shareToken, sharedToken } from '../github/job-state.js';
import { readTriggerPayload } from '../gitlab/trigger.js';
import { outageFile, type OutageMemory } from '../port/outage.js';
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
  /** Whether an earlier command of the job gave up on Port at this URL; undefined outside a CI job. */
  outage(baseUrl: string): OutageMemory | undefined;
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
    outage(baseUrl) {
      if (inActions) return jobOutage(env, baseUrl);
      // A GitLab job runs each `$PORT_CI log` as a new process: the job's id keys a file they all find, in the
      // runner's temp folder when it names one (emptied with the job), else the system's.
      if (!env.CI_JOB_ID) return undefined;
      const key = createHash('sha256').update(`${env.CI_JOB_ID}\n${baseUrl}`).digest('hex').slice(0, 24);
      return outageFile(path.join(env.RUNNER_TEMP || tmpdir(), `port-ci-outage-${key}.json`), baseUrl);
    },
  };
}

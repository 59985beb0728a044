import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TerminalStatus } from '../core/index.js';
import { outageFile, type OutageMemory } from '../port/outage.js';
import type { TokenGrant } from '../port/token.js';
import { appendEnvFile } from './runner.js';

/*
 * Everything that passes between the steps of one GitHub job, in one place. A job is shared ground: steps of other
 * actions run in between, a workflow may use the root action twice, and every later step sees GITHUB_ENV. So:
 * - what sub-actions and the CLI need to find the run goes to GITHUB_ENV, and holds no secret;
 * - the runs a step ended are named by run id, so ending one run never makes another's post step skip;
 * - the Port token stays out of the environment of later steps (third-party actions and every process they start):
 *   it is written to a file only port-ci's own steps look for, in the job's RUNNER_TEMP (emptied by the runner when
 *   the job ends), readable by this user only and keyed by Port URL and client id, so two root actions with other
 *   credentials never take each other's token.
 * - that Port could not be reached goes to a file beside the token (keyed by Port URL), so the job's later steps
 *   make one quick attempt rather than each retry for a minute (port/outage.ts).
 * - what the root action's main step leaves for its own post step goes to GITHUB_STATE, which is per action instance.
 */

/** GITHUB_STATE names, from the root action's main step to its post step. */
export const STATE = {
  isPost: 'isPost',
  runId: 'run-id',
  /** `end`: the post step may end the run; `port`: Port ends it (reportWorkflowStatus); `off`: nobody here does. */
  ending: 'ending',
} as const;

/** Variables the root action exports so later steps (sub-actions, `port-ci` in run steps) need no inputs of their own. */
export const HANDED_ENV = {
  runId: 'PORT_RUN_ID',
  clientId: 'PORT_CLIENT_ID',
  baseUrl: 'PORT_BASE_URL',
  /** Only with export-credentials: the secret itself. */
  clientSecret: 'PORT_CLIENT_SECRET',
  /** `false` when the root action's share-token is false: no step writes the token file. */
  shareToken: 'PORT_CI_SHARE_TOKEN',
} as const;

/** The runs ended by a step of this job: `r_a=SUCCESS,r_b=FAILURE`. */
export const RUN_ENDED_ENV = 'PORT_RUN_ENDED';

/** Writes a variable for the job's later steps, and for this process too. */
export function handOn(env: NodeJS.ProcessEnv, name: string, value: string): void {
  const file = env.GITHUB_ENV;
  if (!file) throw new Error('GITHUB_ENV is not set: this step must run on a GitHub Actions runner');
  appendEnvFile(file, name, value);
  env[name] = value;
}

/** The status a step of this job ended `runId` with, if one did. */
export function endedBy(env: NodeJS.ProcessEnv, runId: string): TerminalStatus | undefined {
  for (const entry of (env[RUN_ENDED_ENV] ?? '').split(',')) {
    const at = entry.lastIndexOf('=');
    if (at > 0 && entry.slice(0, at) === runId) {
      const status = entry.slice(at + 1);
      if (status === 'SUCCESS' || status === 'FAILURE') return status;
    }
  }
  return undefined;
}

/** Tells later steps (the root action's post step above all) that `runId` has ended. */
export function noteRunEnded(env: NodeJS.ProcessEnv, runId: string, status: TerminalStatus): void {
  if (env.GITHUB_ACTIONS !== 'true' || !env.GITHUB_ENV) return;
  const others = (env[RUN_ENDED_ENV] ?? '')
    .split(',')
    .filter((entry) => entry !== '' && !entry.startsWith(`${runId}=`));
  handOn(env, RUN_ENDED_ENV, [...others, `${runId}=${status}`].join(','));
}

/** Where the job's token for this Port and client lives; undefined outside a runner. */
function tokenFile(env: NodeJS.ProcessEnv, baseUrl: string, clientId: string | undefined): string | undefined {
  if (env.GITHUB_ACTIONS !== 'true' || !env.RUNNER_TEMP) return undefined;
  const key = createHash('sha256').update(`${baseUrl}\n${clientId ?? ''}`).digest('hex').slice(0, 24);
  return path.join(env.RUNNER_TEMP, 'port-ci', `token-${key}.json`);
}

/** Whether the job's steps found Port at this URL unreachable; undefined outside a runner. */
export function jobOutage(env: NodeJS.ProcessEnv, baseUrl: string): OutageMemory | undefined {
  if (env.GITHUB_ACTIONS !== 'true' || !env.RUNNER_TEMP) return undefined;
  const key = createHash('sha256').update(baseUrl).digest('hex').slice(0, 24);
  return outageFile(path.join(env.RUNNER_TEMP, 'port-ci', `outage-${key}.json`), baseUrl);
}

/** What this process read from or wrote to each token file: a step asks several times (can it report? its client). */
const known = new Map<string, TokenGrant | undefined>();

/** The token an earlier step of this job got for this Port and client, if any. */
export function sharedToken(env: NodeJS.ProcessEnv, baseUrl: string, clientId: string | undefined): TokenGrant | undefined {
  const file = tokenFile(env, baseUrl, clientId);
  if (!file) return undefined;
  if (!known.has(file)) known.set(file, readToken(file));
  return known.get(file);
}

function readToken(file: string): TokenGrant | undefined {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { token?: unknown; expiresAt?: unknown };
    if (typeof saved.token !== 'string' || saved.token === '') return undefined;
    return { token: saved.token, expiresAt: typeof saved.expiresAt === 'number' ? saved.expiresAt : undefined };
  } catch {
    return undefined; // none yet, or unreadable: this step authenticates itself
  }
}

/**
 * Leaves a new token for the job's later port-ci steps, unless the root action said not to (share-token: false).
 * Written whole or not at all (rename), mode 0600.
 */
export function shareToken(env: NodeJS.ProcessEnv, baseUrl: string, clientId: string | undefined, grant: TokenGrant): void {
  if (env[HANDED_ENV.shareToken] === 'false') return;
  const file = tokenFile(env, baseUrl, clientId);
  if (!file) return;
  known.set(file, grant);
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify({ token: grant.token, expiresAt: grant.expiresAt }), { mode: 0o600 });
    chmodSync(partial, 0o600);
    renameSync(partial, file);
  } catch {
    // Sharing only saves later steps a token request; failing to share must not fail this step.
  }
}

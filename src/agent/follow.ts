import type { SecretMasker } from '../core/index.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../http/retry.js';
import type { PortClient } from '../port/client.js';
import { ApiError } from '../port/errors.js';
import { LET_GO_MARK, describeTarget, duration, openReader, type FollowTarget, type Observation } from './follow-targets.js';

/*
 * `--follow`: after a run is handed on, the agent looks at what the backend started (follow-targets.ts) every
 * poll interval and ends the Port run with its result. Its word is not the last one: when the run in Port has
 * ended meanwhile (the pipeline reported itself, a user cancelled), it stops and writes nothing. After the limit
 * (counted from the follow line, so a follow taken up after a restart does not start its clock again) it says so
 * on the run's log and lets go, leaving the run as it is. When the consumer lets the record go (its signal aborts:
 * the partition was revoked, the agent stops) it stops at once and touches nothing: the record is then not
 * committed, and whoever gets it next takes the follow up from the run's log.
 */

export interface FollowSettings {
  /** How long between two looks; the default of the command is 10 s. */
  pollMs: number;
  /** How long a run is followed at most, counted from its follow line; the default of the command is 6 h. */
  limitMs: number;
  /**
   * Looks per second across every run followed at once (each look reads the backend once and Port once); 20
   * unless told. With more runs than the interval allows, the interval stretches: 400 runs at 20 looks a second
   * are each looked at every 20 s, so a GitLab stays within its API limit however many runs the agent follows.
   */
  looksPerSecond?: number;
  /** A GitLab token that may read pipelines (read_api): trigger tokens cannot. */
  gitlabToken?: string;
  /** Each look's retries; default 30 s in all and 10 s an attempt, so a look that cannot get through waits for the next. */
  policy?: Partial<RetryPolicy>;
}

export interface FollowJob {
  runId: string;
  target: FollowTarget;
  /** When the follow began (ms since the epoch), from which the limit counts. */
  startedAt: number;
  /** The masker of the record's handling: what it hides (the request's credentials) stays hidden here too. */
  masker: SecretMasker;
  signal: AbortSignal;
}

const FOLLOW_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, deadlineMs: 30_000, attemptTimeoutMs: 10_000 };
/** The longest wait between two tries of the run's final write while Port is unreachable. */
const MAX_WRITE_WAIT_MS = 60_000;

/** Resolves when `signal` aborts or after `ms`, whichever comes first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

const ABORTED = Symbol('aborted');

/** The promise's value, or ABORTED as soon as the signal aborts (the promise then goes on unheard). */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  promise.catch(() => undefined);
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Port's answer that the run has ended (or is gone): nothing more is written to it. */
function runIsOver(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 422);
}

/**
 * Returns the function that follows one target to its end. The promise it returns never rejects: whatever goes
 * wrong is said on the run's log (when Port can be reached) and the follow lets go.
 */
export function createFollower(settings: FollowSettings, deps: { port: PortClient; now?: () => number }): (job: FollowJob) => Promise<void> {
  const now = deps.now ?? Date.now;
  const policy: RetryPolicy = { ...FOLLOW_POLICY, ...settings.policy };
  const { port } = deps;
  const looksPerSecond = settings.looksPerSecond ?? 20;
  let following = 0;
  /** The wait between two looks at one run: the interval, stretched when the runs followed would exceed the budget. */
  const interval = () => Math.max(settings.pollMs, (following / looksPerSecond) * 1000);

  return async (job) => {
    following++;
    try {
      await follow(job);
    } catch (error) {
      if (!job.signal.aborted) await letGo(job, `: ${(error as Error).message}`);
    } finally {
      following--;
    }
  };

  async function follow(job: FollowJob): Promise<void> {
    const { runId, target, signal } = job;
    const reader = openReader(target, { gitlabToken: settings.gitlabToken, policy });
    const deadline = job.startedAt + settings.limitMs;
    let shown = '';
    while (!signal.aborted) {
      // Looked at once more even past the limit: a follow taken up late still ends a run whose pipeline has ended.
      const seen = await unlessAborted(reader.read(), signal);
      if (seen === ABORTED) return;
      if (seen.state === 'ended') return finish(job, seen);
      if (seen.state === 'unreadable' && seen.permanent) return letGo(job, `: ${seen.reason}`);
      if (now() >= deadline) return letGo(job, ` after ${duration(settings.limitMs)} (the follow limit, --follow-limit)`);
      const over = await unlessAborted(runHasEnded(runId), signal);
      if (over === ABORTED || over) return;
      // A fault is told once, when it begins, not at every look while it lasts (its wording changes each time).
      const key = seen.state === 'running' ? seen.label : 'unreadable';
      if (key !== shown) {
        shown = key;
        const label = seen.state === 'running' ? seen.label : `${describeTarget(target)} could not be read (${seen.reason}); looking again`;
        const told = await unlessAborted(progress(job, label), signal);
        if (told === ABORTED || told === 'over') return;
      }
      await sleep(Math.min(seen.state === 'running' && seen.waitMs !== undefined ? seen.waitMs : interval(), Math.max(0, deadline - now())), signal);
    }
  }

  /** Whether the run in Port has ended (or is gone); a Port that cannot be asked is not taken for an answer. */
  async function runHasEnded(runId: string): Promise<boolean> {
    try {
      return (await port.getRun(runId)).status !== 'IN_PROGRESS';
    } catch (error) {
      return error instanceof ApiError && error.status === 404;
    }
  }

  /** A line on the run's log when what is followed changes; 'over' when Port says the run has ended. */
  async function progress(job: FollowJob, label: string): Promise<'told' | 'over' | 'not told'> {
    try {
      await port.addLog(job.runId, { message: job.masker.mask(`port-ci agent: ${label}`) });
      return 'told';
    } catch (error) {
      // A progress line is not worth holding the follow up for: the next change is told.
      return runIsOver(error) ? 'over' : 'not told';
    }
  }

  /**
   * The end, in two writes: the line saying how it ended, then the status with the summary in one PATCH, so that a
   * run someone else ended meanwhile keeps their summary (Port refuses both with 422). While Port cannot be reached
   * it is tried again, until the signal aborts: the record stays uncommitted until then, and the follow is taken
   * up again after a restart.
   */
  async function finish(job: FollowJob, seen: Extract<Observation, { state: 'ended' }>): Promise<void> {
    let logged = false;
    for (let attempt = 0; !job.signal.aborted; attempt++) {
      try {
        if (!logged) await port.addLog(job.runId, { message: job.masker.mask(`port-ci agent: ${seen.label}`) });
        logged = true;
        await port.updateRun(job.runId, { status: seen.status, summary: job.masker.mask(seen.summary) });
        return;
      } catch (error) {
        if (runIsOver(error)) return;
        await sleep(Math.min(MAX_WRITE_WAIT_MS, 1_000 * 2 ** attempt), job.signal);
      }
    }
  }

  /** Says on the run's log that the agent lets go and why, leaving the run as it is; a Port that cannot be reached is let be. */
  async function letGo(job: FollowJob, why: string): Promise<void> {
    const line = `${LET_GO_MARK}${describeTarget(job.target)}${why}; the run is left as it is`;
    await port.addLog(job.runId, { message: job.masker.mask(line) }).catch(() => undefined);
  }
}

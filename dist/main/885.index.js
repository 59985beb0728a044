"use strict";
exports.id = 885;
exports.ids = [885];
exports.modules = {

/***/ 885:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runPost: () => (/* binding */ runPost)
});

// EXTERNAL MODULE: ./src/github/runner.ts + 1 modules
var runner = __webpack_require__(68);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(296);
// EXTERNAL MODULE: ./src/port/errors.ts
var port_errors = __webpack_require__(272);
// EXTERNAL MODULE: ./src/http/retry.ts
var retry = __webpack_require__(902);
// EXTERNAL MODULE: ./src/http/request.ts + 4 modules
var request = __webpack_require__(784);
;// CONCATENATED MODULE: ./src/github/api.ts


/** GitHub refused or could not be reached; `status` null when no answer came. */
class GitHubApiError extends Error {
    status;
    name = 'GitHubApiError';
    constructor(message, status) {
        super(message);
        this.status = status;
    }
}
/**
 * GitHub signals its rate limits with 403 as well as 429 (PORT-FACTS.md §6): a spent primary budget
 * (x-ratelimit-remaining 0) or a secondary limit (retry-after) is worth waiting for; other 403s are not.
 */
function isGitHubRetryable(response) {
    if ((0,retry/* isRetryableStatus */.PS)(response.status))
        return true;
    return response.status === 403 && (response.headers['x-ratelimit-remaining'] === '0' || response.headers['retry-after'] !== undefined);
}
/** GETs one GitHub REST resource as JSON, under the shared retry policy. */
async function githubGet(path, options) {
    const headers = {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${options.token}`,
        'user-agent': 'port-ci',
        'x-github-api-version': '2022-11-28',
    };
    let response;
    try {
        response = await (0,retry/* sendWithRetries */.HI)((timeoutMs) => (0,request/* sendRequest */.w)('GET', `${options.apiUrl}${path}`, headers, undefined, timeoutMs), options.policy ?? retry/* DEFAULT_RETRY_POLICY */.cO, options.clock ?? retry/* realClock */.dQ, undefined, isGitHubRetryable);
    }
    catch (error) {
        if (!(error instanceof retry/* RetriesExhausted */.w1))
            throw error;
        const last = error.last.response;
        throw new GitHubApiError(last ? `GitHub answered ${last.status} ${messageOf(last)}; ${error.message}` : `GitHub could not be reached at ${options.apiUrl} (${error.last.error?.message}); ${error.message}`, last?.status ?? null);
    }
    if (response.status >= 400)
        throw new GitHubApiError(`GitHub answered ${response.status} ${messageOf(response)}`, response.status);
    try {
        return JSON.parse(response.text);
    }
    catch {
        throw new GitHubApiError(`GitHub answered ${response.status} with a body that is not JSON`, response.status);
    }
}
function messageOf(response) {
    try {
        const body = JSON.parse(response.text);
        return typeof body.message === 'string' ? `"${body.message}"` : '';
    }
    catch {
        return '';
    }
}

;// CONCATENATED MODULE: ./src/github/job-outcome.ts


const PERMISSIONS_FIX = 'give the job `permissions: { actions: read, contents: read }` (or pass a github-token that can read Actions), or end the run yourself with a last step `uses: port-ci/actions/report` with `status: ${{ job.status }}` and set report-status: false on the root action';
const PAGE_SIZE = 100;
/** The jobs API can lag a step behind; a main step still shown running is read again this many times. */
const LAG_RETRIES = 3;
const FAILED = new Set(['failure', 'cancelled', 'timed_out', 'action_required', 'startup_failure']);
/** Reads the attempt's jobs and judges them; waits briefly for jobs that are finishing alongside this one. */
async function readVerdict(options) {
    const { run, token } = options;
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const pollMs = options.pollMs ?? 1500;
    if (!token)
        return { kind: 'unknown', reason: 'the github-token input is empty', fix: PERMISSIONS_FIX };
    if (!run.repository || !run.runId)
        return { kind: 'unknown', reason: 'GITHUB_REPOSITORY or GITHUB_RUN_ID is not set', fix: 'run the action in a GitHub Actions job' };
    if (!run.runnerName)
        return { kind: 'unknown', reason: 'RUNNER_NAME is not set, so this job cannot be told from the others', fix: PERMISSIONS_FIX };
    const started = Date.now();
    for (let look = 0;; look++) {
        let jobs;
        try {
            jobs = await listAttemptJobs(run, token);
        }
        catch (error) {
            const status = error instanceof GitHubApiError ? error.status : null;
            const fix = status === 403 || status === 404 || status === 401 ? PERMISSIONS_FIX : 'check that the GitHub API is reachable from the runner';
            return { kind: 'unknown', reason: `the GitHub API did not list this workflow run's jobs (${error.message})`, fix };
        }
        const judged = judgeJobs(jobs, run.runnerName);
        if (judged.kind === 'lagging' && look < LAG_RETRIES) {
            await sleep(pollMs);
            continue;
        }
        if (judged.kind === 'finishing') {
            const limit = (options.finishWaitMs ?? 20_000) * (judged.highest ? 2 : 1);
            if (Date.now() - started < limit) {
                await sleep(pollMs);
                continue;
            }
            return judged.verdict;
        }
        return judged.verdict;
    }
}
/** A pure judgement of one read of the jobs API, from the point of view of the job on `runnerName`. */
function judgeJobs(jobs, runnerName) {
    // A self-hosted runner may have run an earlier job of this attempt: only a job still open is this one.
    const mine = jobs.find((job) => job.runner_name === runnerName && job.status !== 'completed');
    if (!mine) {
        return {
            kind: 'done',
            verdict: { kind: 'unknown', reason: `no running job of this workflow run attempt is on runner "${runnerName}"`, fix: PERMISSIONS_FIX },
        };
    }
    const own = judgeOwnSteps(mine);
    if (own.kind === 'lagging') {
        return {
            kind: 'lagging',
            verdict: { kind: 'unknown', reason: `the GitHub API still shows step "${own.step}" of job ${mine.name} as running`, fix: PERMISSIONS_FIX },
        };
    }
    const others = jobs.filter((job) => job !== mine);
    const failures = [
        ...(own.failed ? [{ job: mine.name, step: own.step, what: own.failed, cancelled: own.cancelled }] : []),
        ...others
            .filter((job) => job.conclusion !== null && FAILED.has(job.conclusion))
            .map((job) => ({ job: job.name, ...describeFailedJob(job), cancelled: job.conclusion === 'cancelled' })),
    ];
    // queued, in_progress, waiting, pending, requested: anything not completed may still change the outcome.
    const open = others.filter((job) => job.status !== 'completed');
    // Jobs not started yet may be waiting on this one through `needs`, and a failure here skips them by default:
    // left to them, the run would never end. A failure is final, so end it now; jobs still running are waited for.
    const onlyUnstarted = open.every((job) => job.status !== 'in_progress');
    if (open.length > 0 && !(failures.length > 0 && onlyUnstarted)) {
        const verdict = {
            kind: 'leave',
            message: `GitHub job ${mine.name} ${own.failed ? `failed: ${own.failed}` : 'succeeded'}; the run is left to the last job of this workflow run (still running: ${open.map((job) => job.name).join(', ')})`,
        };
        if (open.every(inPostSteps))
            return { kind: 'finishing', verdict, highest: open.every((job) => job.id < mine.id) };
        return { kind: 'done', verdict };
    }
    const names = jobs.map((job) => job.name);
    if (failures.length === 0) {
        const message = jobs.length === 1 ? `GitHub job ${mine.name} succeeded` : `GitHub jobs succeeded: ${names.join(', ')}`;
        return { kind: 'done', verdict: { kind: 'end', status: 'SUCCESS', message } };
    }
    // The label is what Port shows beside the status: the failed step in a one-job workflow, else the failed jobs.
    const label = failures.every((failure) => failure.cancelled)
        ? 'Cancelled'
        : jobs.length === 1 && failures[0].step
            ? `Failed: ${failures[0].step}`
            : `Failed: ${failures.map((failure) => failure.job).join(', ')}`;
    const message = failures.map((failure) => `GitHub job ${failure.job} failed: ${failure.what}`).join('; ');
    return { kind: 'done', verdict: { kind: 'end', status: 'FAILURE', message, label: label.length > 100 ? `${label.slice(0, 99)}…` : label } };
}
/**
 * This job's steps up to its post steps: the steps before the first one not yet completed, which must be a post
 * step (ours, or one that runs before ours). A step only counts as a post step when it is named "Post X" after a
 * step named "X", so a main step the user called "Post to Slack" is not taken for one.
 */
function judgeOwnSteps(job) {
    const steps = job.steps ?? [];
    const firstOpen = steps.findIndex((step) => step.status !== 'completed');
    if (firstOpen !== -1 && !isPostStep(steps, firstOpen))
        return { kind: 'lagging', step: steps[firstOpen].name };
    const done = firstOpen === -1 ? steps : steps.slice(0, firstOpen);
    const failed = done.find((step) => step.conclusion === 'failure' || step.conclusion === 'cancelled');
    if (!failed)
        return { kind: 'judged', cancelled: false };
    const cancelled = failed.conclusion === 'cancelled';
    return { kind: 'judged', failed: `step "${failed.name}" ${cancelled ? 'was cancelled' : 'failed'}`, step: failed.name, cancelled };
}
function isPostStep(steps, index) {
    const name = steps[index].name;
    if (!name.startsWith('Post '))
        return false;
    const main = name.slice('Post '.length);
    return steps.slice(0, index).some((step) => step.name === main);
}
/** Another job that has run all its main steps and is in its post steps (or completing). */
function inPostSteps(job) {
    if (job.status !== 'in_progress')
        return false;
    const steps = job.steps ?? [];
    if (steps.length === 0)
        return false;
    const firstOpen = steps.findIndex((step) => step.status !== 'completed');
    return firstOpen === -1 || isPostStep(steps, firstOpen) || (firstOpen === steps.length - 1 && steps[firstOpen].name === 'Complete job');
}
function describeFailedJob(job) {
    const step = (job.steps ?? []).find((candidate) => candidate.conclusion === 'failure' || candidate.conclusion === 'cancelled');
    if (step)
        return { what: `step "${step.name}" ${step.conclusion === 'cancelled' ? 'was cancelled' : 'failed'}`, step: step.name };
    return { what: `it ended ${job.conclusion}` };
}
async function listAttemptJobs(run, token) {
    const all = [];
    for (let page = 1;; page++) {
        const path = `/repos/${run.repository}/actions/runs/${encodeURIComponent(run.runId)}/attempts/${encodeURIComponent(run.attempt)}/jobs?per_page=${PAGE_SIZE}&page=${page}`;
        const body = (await githubGet(path, { apiUrl: run.apiUrl, token, policy: (0,retry/* retryPolicyFromEnv */.ed)(process.env) }));
        const jobs = body.jobs ?? [];
        all.push(...jobs);
        if (jobs.length < PAGE_SIZE || page * PAGE_SIZE >= (body.total_count ?? 0))
            return all;
    }
}

// EXTERNAL MODULE: ./src/github/job-state.ts + 2 modules
var job_state = __webpack_require__(246);
// EXTERNAL MODULE: ./src/github/reporting.ts
var reporting = __webpack_require__(369);
// EXTERNAL MODULE: ./src/github/main-settings.ts
var main_settings = __webpack_require__(974);
// EXTERNAL MODULE: ./src/github/workflow-run.ts
var workflow_run = __webpack_require__(442);
;// CONCATENATED MODULE: ./src/github/post.ts








/** How long a job waits for other jobs that are finishing at the same moment (seconds, default 20). */
const FINISH_WAIT_ENV = 'PORT_CI_FINISH_WAIT_SECONDS';
/**
 * The root action's post step. It ends the Port run only when this job is the last of its workflow run to finish,
 * with the outcome of every job; an earlier job adds a line saying so and leaves the run to the last. When Port
 * reports the workflow's status itself, or the outcome cannot be read, the run is not ended here: the log says why
 * and, for the second, how to fix it. Never a guessed status.
 */
async function runPost() {
    const runId = runner/* getState */.Gu(job_state/* STATE */.c4.runId);
    const ending = runner/* getState */.Gu(job_state/* STATE */.c4.ending);
    if (!runId || (ending !== 'end' && ending !== 'port'))
        return; // the main step already said why
    const ended = (0,job_state/* endedBy */.mr)(process.env, runId);
    if (ended) {
        runner/* info */.pq(`Port run ${runId} was already ended (${ended}) by a step of this job; nothing to do.`);
        return;
    }
    const settings = (0,main_settings/* readPostSettings */.mR)();
    const client = (0,reporting/* createClient */.UU)(settings.port);
    const thisRun = (0,workflow_run/* workflowRun */.t)();
    const job = thisRun.job ? `GitHub job ${thisRun.job}` : 'This GitHub job';
    const say = (entry) => (0,reporting/* reportSafely */.tI)(settings.port, () => client.addLog(runId, entry));
    if (ending === 'port') {
        const message = `${job} finished; Port ends the run when the workflow run completes (the action's reportWorkflowStatus)`;
        runner/* info */.pq(message);
        await say({ message });
        return;
    }
    const verdict = await readVerdict({ run: thisRun, token: settings.githubToken, finishWaitMs: finishWaitMs() });
    if (verdict.kind === 'leave') {
        runner/* info */.pq(verdict.message);
        await say({ message: verdict.message });
        return;
    }
    if (verdict.kind === 'unknown') {
        const message = `port-ci could not tell how ${job} ended: ${verdict.reason}. The run is left running rather than given a guessed status. To fix it, ${verdict.fix}.`;
        runner/* warning */.$e(message);
        await say({ message, statusLabel: 'Outcome unknown' });
        return;
    }
    const entry = { message: verdict.message, terminationStatus: verdict.status, ...(verdict.label ? { statusLabel: verdict.label } : {}) };
    await (0,reporting/* reportSafely */.tI)(settings.port, async () => {
        try {
            await client.addLog(runId, entry);
            (0,job_state/* noteRunEnded */.u5)(process.env, runId, verdict.status);
            runner/* info */.pq(`Port run ${runId} ended ${verdict.status}${verdict.label ? ` (${verdict.label})` : ''}.`);
        }
        catch (error) {
            // Ended meanwhile by someone else (a CLI report, Port's UI, Port itself): their word stands.
            if (error instanceof port_errors/* ApiError */.h && error.code === 'run_exhausted')
                runner/* info */.pq(`Port run ${runId} had already ended; nothing to do.`);
            else
                throw error;
        }
    });
}
function finishWaitMs() {
    const text = process.env[FINISH_WAIT_ENV]?.trim();
    if (!text)
        return 20_000;
    const seconds = Number(text);
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > 600) {
        throw new errors/* UsageError */.eb(`${FINISH_WAIT_ENV}: "${text}" is not accepted; expected a number of seconds from 0 to 600 (default 20)`);
    }
    return seconds * 1000;
}


/***/ })

};
;
export const id = 885;
export const ids = [885];
export const modules = {

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
// EXTERNAL MODULE: ./src/port/errors.ts
var errors = __webpack_require__(272);
// EXTERNAL MODULE: ./src/port/retry.ts
var retry = __webpack_require__(301);
// EXTERNAL MODULE: ./src/port/http.ts + 2 modules
var http = __webpack_require__(268);
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
        response = await (0,retry/* sendWithRetries */.HI)((timeoutMs) => (0,http/* sendRequest */.w)('GET', `${options.apiUrl}${path}`, headers, undefined, timeoutMs), options.policy ?? retry/* DEFAULT_RETRY_POLICY */.cO, options.clock ?? retry/* realClock */.dQ, undefined, isGitHubRetryable);
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


const PAGE_SIZE = 100;
/** The jobs API can lag a step behind; a main step still shown running is read again this many times. */
const LAG_RETRIES = 3;
const LAG_WAIT_MS = 1500;
/**
 * Reads this run attempt's jobs, finds the current one by RUNNER_NAME, and judges it by its steps: a failed
 * or cancelled step means FAILURE. Anything that keeps the outcome from being known gives `unknown` with the
 * reason and the fix, never a guess.
 */
async function readJobOutcome(options) {
    const { run, token } = options;
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    if (!token)
        return { kind: 'unknown', reason: 'the github-token input is empty', fix: 'keep its default, ${{ github.token }}, or pass a token that can read Actions' };
    if (!run.repository || !run.runId)
        return { kind: 'unknown', reason: 'GITHUB_REPOSITORY or GITHUB_RUN_ID is not set', fix: 'run the action in a GitHub Actions job' };
    if (!run.runnerName)
        return { kind: 'unknown', reason: 'RUNNER_NAME is not set, so this job cannot be told from the others', fix: 'run the action on a GitHub Actions runner' };
    for (let look = 0;; look++) {
        let job;
        try {
            job = await findCurrentJob(run, token);
        }
        catch (error) {
            const status = error instanceof GitHubApiError ? error.status : null;
            const fix = status === 403 || status === 404 || status === 401
                ? 'give the job `permissions: { actions: read }` (with contents: read) or pass a github-token that can read Actions'
                : 'check that the GitHub API is reachable from the runner';
            return { kind: 'unknown', reason: `the GitHub API did not give this job's steps (${error.message})`, fix };
        }
        if (!job) {
            return { kind: 'unknown', reason: `no running job of this run attempt is on runner "${run.runnerName}"`, fix: 'report the status yourself with actions/report and set report-status: false' };
        }
        // Judge the steps that ran before this post step: those before the first step not yet completed, which
        // is ours (a "Post ..." step) unless the API still lags behind a main step.
        const steps = job.steps ?? [];
        const firstOpen = steps.findIndex((step) => step.status !== 'completed');
        const done = firstOpen === -1 ? steps : steps.slice(0, firstOpen);
        const failed = done.find((step) => step.conclusion === 'failure' || step.conclusion === 'cancelled');
        if (failed) {
            const cancelled = failed.conclusion === 'cancelled';
            return { kind: 'failure', label: cancelled ? 'Cancelled' : `Failed: ${failed.name}`, detail: `step "${failed.name}" ${cancelled ? 'was cancelled' : 'failed'}` };
        }
        const open = steps[firstOpen];
        if (open === undefined || open.name.startsWith('Post '))
            return { kind: 'success' };
        if (look >= LAG_RETRIES) {
            return { kind: 'unknown', reason: `the GitHub API still shows step "${open.name}" as ${open.status}`, fix: 'report the status yourself with actions/report and set report-status: false' };
        }
        await sleep(options.lagWaitMs ?? LAG_WAIT_MS);
    }
}
async function findCurrentJob(run, token) {
    for (let page = 1;; page++) {
        const path = `/repos/${run.repository}/actions/runs/${encodeURIComponent(run.runId)}/attempts/${encodeURIComponent(run.attempt)}/jobs?per_page=${PAGE_SIZE}&page=${page}`;
        const body = (await githubGet(path, { apiUrl: run.apiUrl, token, policy: (0,retry/* retryPolicyFromEnv */.ed)(process.env) }));
        const jobs = body.jobs ?? [];
        // A self-hosted runner may have run an earlier job of this attempt: only a job still running is this one.
        const mine = jobs.find((job) => job.runner_name === run.runnerName && job.status !== 'completed');
        if (mine || jobs.length < PAGE_SIZE || page * PAGE_SIZE >= (body.total_count ?? 0))
            return mine;
    }
}

// EXTERNAL MODULE: ./src/github/state.ts
var state = __webpack_require__(862);
// EXTERNAL MODULE: ./src/github/port-settings.ts + 3 modules
var port_settings = __webpack_require__(245);
// EXTERNAL MODULE: ./src/github/settings.ts
var settings = __webpack_require__(518);
// EXTERNAL MODULE: ./src/github/workflow-run.ts
var workflow_run = __webpack_require__(442);
;// CONCATENATED MODULE: ./src/github/post.ts







/**
 * The root action's post step: end the Port run SUCCESS or FAILURE with this job's real outcome, as Port's
 * reportWorkflowStatus does. When the outcome cannot be read, the run ends FAILURE with a label and a log line
 * saying why and how to fix it: never left running, never called a success without knowing.
 */
async function runPost() {
    const runId = runner/* getState */.Gu(state/* STATE */.c.runId);
    if (runner/* getState */.Gu(state/* STATE */.c.reportStatus) !== 'true' || !runId)
        return; // the main step already said why
    const ended = process.env[port_settings/* RUN_ENDED_ENV */.BW];
    if (ended) {
        runner/* info */.pq(`Port run ${runId} was already ended (${ended}) by a report step; nothing to do.`);
        return;
    }
    const thisRun = (0,workflow_run/* workflowRun */.t)();
    const outcome = await readJobOutcome({ run: thisRun, token: (0,settings/* textInput */._)('github-token') });
    const job = thisRun.job ? `GitHub job ${thisRun.job}` : 'GitHub job';
    let entry;
    if (outcome.kind === 'success') {
        entry = { message: `${job} succeeded`, terminationStatus: 'SUCCESS' };
    }
    else if (outcome.kind === 'failure') {
        entry = { message: `${job} failed: ${outcome.detail}`, terminationStatus: 'FAILURE', statusLabel: outcome.label };
    }
    else {
        const message = `port-ci could not tell how ${job} ended: ${outcome.reason}. To fix it, ${outcome.fix}. The run is marked FAILURE rather than left running or called a success.`;
        runner/* warning */.$e(message);
        entry = { message, terminationStatus: 'FAILURE', statusLabel: 'Outcome unknown' };
    }
    const port = (0,port_settings/* readPortInputs */.lX)();
    const client = (0,port_settings/* createClient */.UU)(port);
    await (0,port_settings/* reportSafely */.tI)(port, async () => {
        try {
            await client.addLog(runId, entry);
            runner/* info */.pq(`Port run ${runId} ended ${entry.terminationStatus}${entry.statusLabel ? ` (${entry.statusLabel})` : ''}.`);
        }
        catch (error) {
            // Ended meanwhile by someone else (a CLI report, Port's UI): their word stands.
            if (error instanceof errors/* ApiError */.h && error.code === 'run_exhausted')
                runner/* info */.pq(`Port run ${runId} had already ended; nothing to do.`);
            else
                throw error;
        }
    });
}


/***/ })

};

export const id = 425;
export const ids = [425];
export const modules = {

/***/ 110:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z$: () => (/* binding */ listPipelineJobs),
/* harmony export */   jg: () => (/* binding */ failureSummary),
/* harmony export */   nl: () => (/* binding */ readPipelineStatus)
/* harmony export */ });
/* harmony import */ var _http_request_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7777);
/* harmony import */ var _http_retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8902);
/* harmony import */ var _port_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6272);



/**
 * A pipeline's status (created, pending, running, success, failed, canceled, skipped, manual, ...): GET
 * /projects/:id/pipelines/:pipeline under the retry policy, through the same HTTP layer (and proxy) as every other call.
 * @throws ApiError with GitLab's status when it refuses, with status null when it cannot be reached.
 */
async function readPipelineStatus(args) {
    const path = `/projects/${encodeURIComponent(args.project)}/pipelines/${encodeURIComponent(args.pipelineId)}`;
    const body = await readJson(args, path, `read pipeline ${args.pipelineId} of ${args.project}`);
    const status = body?.status;
    if (typeof status !== 'string')
        throw new _port_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiError */ .h(`Could not read pipeline ${args.pipelineId} of ${args.project}: GitLab's answer has no status`, 200);
    return status;
}
/**
 * The pipeline's jobs in the given states (GitLab's `scope[]`: failed, running, ...), the first 100: enough to
 * name where a pipeline is or failed.
 * @throws ApiError as readPipelineStatus.
 */
async function listPipelineJobs(args) {
    const query = [...args.scope.map((scope) => `scope[]=${encodeURIComponent(scope)}`), 'per_page=100'].join('&');
    const path = `/projects/${encodeURIComponent(args.project)}/pipelines/${encodeURIComponent(args.pipelineId)}/jobs?${query}`;
    const body = await readJson(args, path, `list the jobs of pipeline ${args.pipelineId} of ${args.project}`);
    if (!Array.isArray(body))
        throw new _port_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiError */ .h(`Could not list the jobs of pipeline ${args.pipelineId} of ${args.project}: GitLab's answer is not a list`, 200);
    return body
        .filter((job) => typeof job.name === 'string' && typeof job.stage === 'string')
        .map((job) => ({ name: job.name, stage: job.stage, status: String(job.status) }));
}
async function readJson(args, path, what) {
    const url = `${args.host}/api/v4${path}`;
    let response;
    try {
        response = await (0,_http_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .sendWithRetries */ .HI)((timeoutMs) => (0,_http_request_js__WEBPACK_IMPORTED_MODULE_2__/* .sendRequest */ .w)('GET', url, { accept: 'application/json', 'private-token': args.token }, undefined, timeoutMs), args.policy ?? (0,_http_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .retryPolicyFromEnv */ .ed)(args.env));
    }
    catch (error) {
        if (!(error instanceof _http_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .RetriesExhausted */ .w1))
            throw error;
        const last = error.last.response;
        throw new _port_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiError */ .h(`Could not ${what}: ${last ? `GitLab answered ${last.status}` : `GitLab could not be reached (${error.last.error?.message})`}; ${error.message}`, last?.status ?? null);
    }
    if (response.status !== 200)
        throw new _port_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiError */ .h(`Could not ${what}: GitLab answered ${response.status} ${response.text.slice(0, 200)}`.trim(), response.status);
    try {
        return JSON.parse(response.text);
    }
    catch {
        throw new _port_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiError */ .h(`Could not ${what}: GitLab's answer is not JSON`, response.status);
    }
}
/**
 * "Pipeline failed in stage test (jobs unit, lint)", or in several stages; `subject` names the pipeline
 * ("GitLab pipeline 123") where "Pipeline" would not say which.
 */
function failureSummary(jobs, subject = 'Pipeline') {
    if (jobs.length === 0)
        return `${subject} failed`;
    const stages = [...new Set(jobs.map((job) => job.stage))];
    const names = jobs.map((job) => job.name).join(', ');
    return `${subject} failed in stage${stages.length > 1 ? 's' : ''} ${stages.join(', ')} (job${jobs.length > 1 ? 's' : ''} ${names})`;
}


/***/ }),

/***/ 5806:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  command: () => (/* binding */ command)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/suggest.ts
var suggest = __webpack_require__(2085);
;// CONCATENATED MODULE: ./src/core/status.ts


/**
 * Reads a final status word in any case, including GitHub's `job.status` values, and maps it to Port's:
 * success -> SUCCESS; failure -> FAILURE; cancelled -> FAILURE with a label saying so, because Port has no
 * cancelled status and a cancelled job did not do its work.
 */
function parseFinalStatus(word, source = 'status') {
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
            const meant = (0,suggest/* closest */.k)(word, ['success', 'failure', 'cancelled']);
            throw new errors/* UsageError */.eb(`Invalid ${source} '${word}'. Expected success, failure or cancelled${meant ? ` (did you mean "${meant}"?)` : ''}.`);
        }
    }
}

;// CONCATENATED MODULE: ./src/core/run-update.ts


/**
 * The run update a report asks for, the same from every face: the status word mapped to Port's (cancelled is
 * FAILURE labelled Cancelled, unless a label is given), one link as a string and several as a list, each an
 * http(s) URL. Empty fields are left out, so they leave Port's values alone.
 * @throws UsageError naming the bad status word or link, and what is accepted.
 */
function buildRunUpdate(request, statusSource = 'status', linkSource = 'link') {
    const update = {};
    const final = request.status ? parseFinalStatus(request.status, statusSource) : undefined;
    if (final)
        update.status = final.status;
    const statusLabel = request.statusLabel || final?.label;
    if (statusLabel)
        update.statusLabel = statusLabel;
    const links = (request.links ?? []).map((link) => link.trim()).filter((link) => link !== '');
    for (const link of links) {
        if (!/^https?:\/\/\S+$/.test(link))
            throw new errors/* UsageError */.eb(`Invalid ${linkSource} '${link}'. Expected an http(s) URL.`);
    }
    if (links.length > 0)
        update.link = links.length === 1 ? links[0] : links;
    if (request.summary)
        update.summary = request.summary;
    if (request.externalRunId)
        update.externalRunId = request.externalRunId;
    return update;
}

// EXTERNAL MODULE: ./src/backends/gitlab.ts
var gitlab = __webpack_require__(110);
// EXTERNAL MODULE: ./src/http/request.ts
var request = __webpack_require__(7777);
// EXTERNAL MODULE: ./src/http/retry.ts
var retry = __webpack_require__(8902);
;// CONCATENATED MODULE: ./src/gitlab/pipeline.ts


// The summary is shared with the dispatcher and the agent (src/backends/gitlab.ts); its old home still offers it.

/**
 * Lists the failed jobs of the running pipeline ($CI_API_V4_URL, $CI_PROJECT_ID, $CI_PIPELINE_ID) to say where
 * it failed. CI_JOB_TOKEN may not read the jobs API (it needs a fine-grained permission), so PORT_GITLAB_TOKEN,
 * a token with read_api, is tried first.
 * @throws Error saying what is missing or what GitLab answered.
 */
async function listFailedJobs(env) {
    const { CI_API_V4_URL: api, CI_PROJECT_ID: project, CI_PIPELINE_ID: pipeline } = env;
    if (!api || !project || !pipeline)
        throw new Error('not in a GitLab pipeline (CI_API_V4_URL, CI_PROJECT_ID, CI_PIPELINE_ID unset)');
    const headers = env.PORT_GITLAB_TOKEN
        ? { 'private-token': env.PORT_GITLAB_TOKEN }
        : env.CI_JOB_TOKEN
            ? { 'job-token': env.CI_JOB_TOKEN }
            : {};
    const url = `${api.replace(/\/+$/, '')}/projects/${encodeURIComponent(project)}/pipelines/${encodeURIComponent(pipeline)}/jobs?scope[]=failed&per_page=100`;
    let response;
    try {
        // A summary is not worth holding the pipeline's end for long: at most 15 s, or the job's own deadline.
        const policy = (0,retry/* retryPolicyFromEnv */.ed)(env);
        response = await (0,retry/* sendWithRetries */.HI)((timeoutMs) => (0,request/* sendRequest */.w)('GET', url, { accept: 'application/json', ...headers }, undefined, timeoutMs), {
            ...policy,
            deadlineMs: Math.min(policy.deadlineMs, 15_000),
        });
    }
    catch (error) {
        if (!(error instanceof retry/* RetriesExhausted */.w1))
            throw error;
        const last = error.last.response ? `last answer ${error.last.response.status}` : error.last.error?.message;
        throw new Error(`GitLab's API did not answer (${last ? `${last}; ` : ''}${error.message})`);
    }
    if (response.status !== 200)
        throw new Error(`GitLab's jobs API answered ${response.status}`);
    const jobs = JSON.parse(response.text);
    return jobs.filter((job) => typeof job.name === 'string' && typeof job.stage === 'string').map((job) => ({ name: job.name, stage: job.stage }));
}

// EXTERNAL MODULE: ./src/cli/args.ts
var cli_args = __webpack_require__(7593);
// EXTERNAL MODULE: ./src/cli/port-config.ts + 4 modules
var port_config = __webpack_require__(6022);
;// CONCATENATED MODULE: ./src/cli/commands/report.ts




const usage = `Usage: port-ci report [--status STATUS] [--summary TEXT] [--link URL]... [--status-label LABEL]
                      [--external-run-id ID] [--message TEXT] [--run-id ID] [--redact NAME]...

Updates the Port run; with --status, ends it.

Options:
  --status STATUS          success, failure or cancelled, in any case (cancelled ends the run FAILURE,
                           labelled Cancelled)
  --summary TEXT           the run's summary
  --link URL               a link shown on the run; repeat for several
  --status-label LABEL     the label shown beside the run's status
  --external-run-id ID     this run's id in your CI system
  --message TEXT           a line added to the run's log first
  --if-in-progress         do nothing (exit 0) when there is no run id or the run has already ended
  --summary-from-pipeline  GitLab: a summary naming the stage and jobs that failed, read from GitLab's jobs API
                           with $PORT_GITLAB_TOKEN (read_api), else $CI_JOB_TOKEN
${port_config/* PORT_FLAGS_HELP */.of}`;
const command = {
    usage,
    async run(args, io) {
        const { values: flags } = (0,cli_args/* parseFlags */.bQ)('report', args, {
            ...port_config/* PORT_FLAGS */.U0,
            status: { type: 'string' },
            summary: { type: 'string' },
            link: { type: 'string', multiple: true },
            'status-label': { type: 'string' },
            'external-run-id': { type: 'string' },
            message: { type: 'string' },
            'if-in-progress': { type: 'boolean', default: false },
            'summary-from-pipeline': { type: 'boolean', default: false },
        });
        const update = buildRunUpdate({ status: flags.status, statusLabel: flags['status-label'], links: flags.link, summary: flags.summary, externalRunId: flags['external-run-id'] }, '--status', '--link');
        if (Object.keys(update).length === 0 && !flags.message) {
            throw new errors/* UsageError */.eb('report: nothing to report; give --status, --summary, --link, --status-label, --external-run-id or --message');
        }
        (0,port_config/* redactNames */.uo)(flags); // a bad name is refused whether or not reporting is on
        const runId = (0,port_config/* findRunId */.MI)(flags, io);
        if (!runId && flags['if-in-progress']) {
            io.stderr('port-ci: report: no run id (the action omits the payload), so there is nothing to report\n');
            return 0;
        }
        if (!(0,port_config/* reportingRun */.MW)(flags, io, 'report'))
            return 0;
        const client = (0,port_config/* portClient */.jb)(flags, io);
        if (flags['if-in-progress']) {
            // When Port cannot be asked, go on: the report itself will retry, then warn.
            const status = await client.getRun(runId).then((run) => run.status, () => undefined);
            if (status !== undefined && status !== 'IN_PROGRESS') {
                io.stderr(`port-ci: report: Port run ${runId} has already ended (${status}); nothing to report\n`);
                return 0;
            }
        }
        if (flags['summary-from-pipeline'] && !update.summary)
            update.summary = await pipelineSummary(update.status, io);
        const message = flags.message;
        if (message)
            await (0,port_config/* reportSafely */.tI)(flags, io, () => client.addLog(runId, { message }), 'the message was not added to the run log');
        if (Object.keys(update).length > 0) {
            const told = await (0,port_config/* reportSafely */.tI)(flags, io, () => client.updateRun(runId, update));
            if (told && update.status)
                (0,port_config/* noteRunEnded */.u5)(io, runId, update.status);
        }
        return 0;
    },
};
/** The summary for the end of a GitLab pipeline: where it failed, when GitLab's API says. */
async function pipelineSummary(status, io) {
    if (status !== 'FAILURE')
        return io.env.CI_PIPELINE_ID ? `Pipeline ${io.env.CI_PIPELINE_ID} succeeded` : 'Pipeline succeeded';
    try {
        return (0,gitlab/* failureSummary */.jg)(await listFailedJobs(io.env));
    }
    catch (error) {
        io.stderr(`port-ci: report: could not name the failed stage: ${error.message}; give PORT_GITLAB_TOKEN (read_api) to name it\n`);
        return 'Pipeline failed';
    }
}


/***/ })

};

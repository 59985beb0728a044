export const id = 303;
export const ids = [303];
export const modules = {

/***/ 4646:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   t: () => (/* binding */ successfulConclusions)
/* harmony export */ });
/*
 * How a GitHub workflow run's conclusion reads as a Port run's end, for everything that follows a run it
 * dispatched (the dispatcher's --wait, the agent's --follow), which may not import one another.
 */
/**
 * The conclusions that end a Port run SUCCESS. Port's current GitHub integration (Ocean) counts skipped and neutral
 * runs as successes too; for the classic format only `success` is known to (PORT-FACTS.md §3, §8).
 */
function successfulConclusions(format) {
    return format === 'v2' ? ['success', 'skipped', 'neutral'] : ['success'];
}


/***/ }),

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

/***/ 3303:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  command: () => (/* binding */ command)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/action-format.ts
var action_format = __webpack_require__(3765);
// EXTERNAL MODULE: ./src/core/json.ts
var json = __webpack_require__(6153);
// EXTERNAL MODULE: ./src/core/payload.ts
var payload = __webpack_require__(9701);
// EXTERNAL MODULE: ./src/core/inputs.ts
var core_inputs = __webpack_require__(9114);
// EXTERNAL MODULE: ./src/core/action-v2.ts + 1 modules
var action_v2 = __webpack_require__(8671);
// EXTERNAL MODULE: ./src/port/errors.ts
var port_errors = __webpack_require__(6272);
// EXTERNAL MODULE: ./src/dispatch/github.ts
var github = __webpack_require__(8887);
;// CONCATENATED MODULE: ./src/dispatch/batch.ts



const LINE_KEYS = new Set(['action', 'inputs', 'entity', 'runId', 'user', 'ref']);
/**
 * Reads the NDJSON batch. A line that is not a batch item becomes an `invalid` outcome naming the line and
 * the problem; it never stops the others.
 */
function parseBatch(text, readAction) {
    const items = [];
    const invalid = [];
    text.split('\n').forEach((raw, index) => {
        const line = index + 1;
        if (raw.trim() === '')
            return;
        try {
            const value = (0,json/* parseJsonText */.lk)(raw, `line ${line}`);
            if (!(0,json/* isObject */.Gv)(value))
                throw new errors/* UsageError */.eb(`line ${line}: expected a JSON object`);
            const unknown = Object.keys(value).filter((key) => !LINE_KEYS.has(key));
            if (unknown.length > 0)
                throw new errors/* UsageError */.eb(`line ${line}: unknown field ${unknown.join(', ')}; accepted: ${[...LINE_KEYS].join(', ')}`);
            if (value.inputs !== undefined && !(0,json/* isObject */.Gv)(value.inputs))
                throw new errors/* UsageError */.eb(`line ${line}: inputs must be an object`);
            for (const key of ['runId', 'user', 'ref']) {
                if (value[key] !== undefined && typeof value[key] !== 'string')
                    throw new errors/* UsageError */.eb(`line ${line}: ${key} must be a string`);
            }
            const action = typeof value.action === 'string' ? readAction(value.action) : value.action;
            items.push({
                line,
                action,
                actionSource: typeof value.action === 'string' ? value.action : `line ${line}`,
                inputs: value.inputs ?? {},
                entity: value.entity,
                runId: value.runId,
                user: value.user,
                ref: value.ref,
            });
        }
        catch (error) {
            invalid.push({ line, state: 'invalid', error: error.message });
        }
    });
    return { items, invalid };
}
/**
 * Dispatches every item with at most `concurrency` at once (GitHub's write spacing is the client's). Each item is
 * sent at most once: a refusal is final, and a call whose answer was lost is reported `uncertain`, never repeated.
 */
async function runBatch(items, options) {
    const outcomes = [];
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const item = items[next++];
            const outcome = await dispatchOne(item, options.dispatch, options.dryRun === true);
            outcomes.push(outcome);
            options.onOutcome?.(outcome);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, items.length)) }, worker));
    return outcomes.sort((a, b) => a.line - b.line);
}
async function dispatchOne(item, dispatch, dryRun) {
    try {
        const { runId, result } = await dispatch(item);
        if (dryRun)
            return { line: item.line, state: 'planned', runId };
        return { line: item.line, state: 'dispatched', runId, externalRunId: result.externalRunId, link: result.link };
    }
    catch (error) {
        const state = error instanceof github/* UncertainDispatchError */.MN ? 'uncertain' : error instanceof port_errors/* ApiError */.h ? 'refused' : error instanceof errors/* UsageError */.eb ? 'invalid' : 'refused';
        return { line: item.line, state, error: error.message };
    }
}
function summarize(outcomes) {
    const counts = { lines: outcomes.length, dispatched: 0, planned: 0, refused: 0, uncertain: 0, invalid: 0 };
    for (const outcome of outcomes)
        counts[outcome.state]++;
    return counts;
}

// EXTERNAL MODULE: ./src/dispatch/gitlab.ts
var gitlab = __webpack_require__(2367);
// EXTERNAL MODULE: ./node_modules/@octokit/core/dist-src/index.js + 11 modules
var dist_src = __webpack_require__(2012);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(9735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(6856);
// EXTERNAL MODULE: ./node_modules/bottleneck/light.js
var light = __webpack_require__(3251);
var light_default = /*#__PURE__*/__webpack_require__.n(light);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
// EXTERNAL MODULE: ./src/http/proxy.ts
var http_proxy = __webpack_require__(7856);
;// CONCATENATED MODULE: ./src/http/proxied-fetch.ts


/*
 * A fetch that takes the route proxy.ts picks for each URL, for Octokit (the dispatcher's GitHub calls), with the
 * same rules as every other call of ours. undici rather than request.ts: Octokit relies on fetch's semantics
 * (redirects, headers, body types); only the CLI's dispatch chunk loads this module. undici's own fetch, not
 * Node's global one: a dispatcher of one undici version is not sure to work with another's fetch (Node 24 has undici 7).
 */
const dispatchers = new Map();
function dispatcherFor(proxy) {
    const key = `${proxy.url} ${proxy.authorization ?? ''}`;
    let dispatcher = dispatchers.get(key);
    if (!dispatcher) {
        // proxyTunnel false: an http:// target is sent to the proxy as an absolute-URI request, as request.ts does;
        // an https:// target always gets a CONNECT tunnel.
        dispatcher = new undici/* ProxyAgent */.kT({ uri: proxy.url, token: proxy.authorization, proxyTunnel: false });
        dispatchers.set(key, dispatcher);
    }
    return dispatcher;
}
/**
 * fetch through the proxy the environment names for the URL (or direct). Failures keep fetch's shape (a
 * TypeError whose cause says why), with the proxy named in the cause.
 * @throws UsageError when a proxy variable does not hold a proxy URL.
 */
const proxiedFetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input.href);
    const proxy = (0,http_proxy/* proxyFor */.iJ)(url);
    if (!proxy)
        return (await (0,undici/* fetch */.hd)(url, init));
    try {
        return (await (0,undici/* fetch */.hd)(url, { ...init, dispatcher: dispatcherFor(proxy) }));
    }
    catch (error) {
        if (error.name === 'AbortError')
            throw error; // the caller's own abort, as fetch reports it
        // undici's own words (a proxy's 407 or refused tunnel among them), with the proxy named.
        const cause = error.cause;
        const reason = cause instanceof Error ? cause.message : error.message;
        throw new TypeError('fetch failed', { cause: new Error(`${reason} (through ${(0,http_proxy/* describeProxy */.GK)(proxy)})`) });
    }
};

;// CONCATENATED MODULE: ./src/dispatch/octokit.ts






/** GitHub's guidance: about 80 content-creating requests a minute (PORT-FACTS.md §6), so one every 750 ms. */
const DEFAULT_WRITE_INTERVAL_MS = 750;
/**
 * Octokit with GitHub's rate limits as policy: writes spaced, a primary limit waited out until its reset, a
 * secondary limit retried after retry-after. These refusals mean the request did nothing, so repeating it
 * is safe; 5xx and lost answers are not retried for writes (the dispatch sets `retries: 0`).
 */
function githubClient(options) {
    // A proxy variable that is no proxy URL is a usage error now, not a "no answer" that Octokit retries later.
    (0,http_proxy/* proxyFor */.iJ)(new URL(options.apiUrl));
    // @octokit/core, not @actions/github's getOctokit: that one builds a proxy agent when it is loaded, for
    // $GITHUB_API_URL rather than the URL given, and fails to load at all when HTTPS_PROXY is not http(s)://.
    const GitHub = dist_src/* Octokit */.E.plugin(plugin_throttling_dist_bundle/* throttling */.A, dist_bundle/* retry */.L);
    const octokit = new GitHub({
        auth: options.token,
        baseUrl: options.apiUrl,
        request: { fetch: proxiedFetch },
        throttle: {
            write: new (light_default()).Group({ maxConcurrent: 1, minTime: options.writeIntervalMs ?? DEFAULT_WRITE_INTERVAL_MS }),
            onRateLimit: (retryAfter, _request, _octokit, retryCount) => {
                options.onWait?.('primary', retryAfter);
                return retryCount < 2;
            },
            onSecondaryRateLimit: (retryAfter, _request, _octokit, retryCount) => {
                options.onWait?.('secondary', retryAfter);
                return retryCount < 5;
            },
        },
        retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
    });
    return octokit.request;
}

// EXTERNAL MODULE: ./src/dispatch/plan.ts + 1 modules
var dispatch_plan = __webpack_require__(1662);
// EXTERNAL MODULE: ./src/dispatch/plan-v2.ts
var plan_v2 = __webpack_require__(6732);
// EXTERNAL MODULE: ./src/dispatch/prepare-v2.ts + 1 modules
var prepare_v2 = __webpack_require__(4911);
// EXTERNAL MODULE: ./src/dispatch/trigger-data.ts
var trigger_data = __webpack_require__(6591);
// EXTERNAL MODULE: ./src/dispatch/types.ts
var types = __webpack_require__(9727);
// EXTERNAL MODULE: ./src/jq/engine.ts
var engine = __webpack_require__(4143);
// EXTERNAL MODULE: ./src/jq/template.ts
var template = __webpack_require__(5743);
// EXTERNAL MODULE: ./src/backends/gitlab.ts
var backends_gitlab = __webpack_require__(110);
// EXTERNAL MODULE: ./src/backends/github.ts
var backends_github = __webpack_require__(4646);
;// CONCATENATED MODULE: ./src/dispatch/wait.ts



/**
 * Follows a dispatched run to its end: the workflow run on GitHub, the pipeline on GitLab, the Port run for a
 * webhook (whose receiver reports to Port). Resolves with the conclusion; `timeout` when it outlives the limit.
 */
async function waitForRun(plan, result, options) {
    const read = stateReader(plan, result, options);
    const deadline = Date.now() + options.timeoutMs;
    let last = '';
    for (;;) {
        const state = await read();
        if (state.label !== last)
            options.onState((last = state.label));
        if (state.done)
            return { conclusion: state.success ? 'success' : 'failure', detail: state.label };
        if (Date.now() + options.pollMs > deadline)
            return { conclusion: 'timeout', detail: `still ${state.label} after ${Math.round(options.timeoutMs / 1000)} s` };
        await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    }
}
function gitlabReadToken(env) {
    return env.PORT_GITLAB_TOKEN ?? env.GITLAB_TOKEN;
}
/**
 * Why --wait could not follow a run of this backend, or undefined when it can. The CLI checks it before
 * dispatching too: a usage error (exit 2) after the dispatch was made reads as "nothing happened" and gets it re-run.
 */
function cannotWait(backend, env, hasPort, hasRunId) {
    if (backend === 'GITHUB' || backend === 'INTEGRATION_ACTION')
        return undefined;
    if (backend === 'GITLAB') {
        return gitlabReadToken(env) ? undefined : '--wait: following a GitLab pipeline needs a token that can read it: set PORT_GITLAB_TOKEN (read_api)';
    }
    if (hasPort && hasRunId)
        return undefined;
    return `--wait: a ${backend} run is followed through Port: set PORT_CLIENT_ID and PORT_CLIENT_SECRET and give a run id`;
}
function stateReader(plan, result, options) {
    const viaPort = options.viaPort === true;
    const missing = cannotWait(viaPort ? 'WEBHOOK' : plan.backend, options.env, Boolean(options.port), Boolean(plan.runId));
    if (missing)
        throw new errors/* UsageError */.eb(missing);
    if ((plan.backend === 'GITHUB' || plan.backend === 'INTEGRATION_ACTION') && !viaPort) {
        if (!result.externalRunId || !options.github)
            throw new errors/* UsageError */.eb('--wait: GitHub did not say which workflow run the dispatch started, so there is nothing to follow');
        const [, owner, repo] = /\/repos\/([^/]+)\/([^/]+)\//.exec(new URL(plan.request.url).pathname) ?? [];
        const github = options.github;
        return async () => {
            const { data } = await github('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { owner, repo, run_id: Number(result.externalRunId) });
            const run = data;
            const done = run.status === 'completed';
            const successes = (0,backends_github/* successfulConclusions */.t)(plan.format === 'v2' ? 'v2' : 'classic');
            return { label: done ? `completed: ${run.conclusion}` : run.status, done, success: successes.includes(String(run.conclusion)) };
        };
    }
    if (plan.backend === 'GITLAB' && !viaPort) {
        const token = gitlabReadToken(options.env);
        if (!result.externalRunId)
            throw new errors/* UsageError */.eb('--wait: GitLab did not return the pipeline id');
        const url = new URL(plan.request.url);
        const host = url.href.slice(0, url.href.indexOf('/api/v4/')); // keeps a path prefix such as https://host/gitlab
        const project = decodeURIComponent(/\/projects\/([^/]+)\//.exec(url.pathname)[1]);
        const pipelineId = result.externalRunId;
        return async () => {
            const status = await (0,backends_gitlab/* readPipelineStatus */.nl)({ host, project, pipelineId, token, env: options.env });
            const done = ['success', 'failed', 'canceled', 'skipped'].includes(status);
            return { label: status, done, success: status === 'success' };
        };
    }
    const port = options.port;
    const runId = plan.runId;
    return async () => {
        const run = await port.getRun(runId);
        return { label: run.status, done: run.status !== 'IN_PROGRESS', success: run.status === 'SUCCESS' };
    };
}

// EXTERNAL MODULE: ./src/dispatch/kafka.ts
var kafka = __webpack_require__(1340);
// EXTERNAL MODULE: ./src/dispatch/webhook.ts
var webhook = __webpack_require__(9019);
// EXTERNAL MODULE: ./src/cli/args.ts
var cli_args = __webpack_require__(7593);
// EXTERNAL MODULE: ./src/core/duration.ts
var duration = __webpack_require__(8571);
// EXTERNAL MODULE: ./src/cli/kafka-options.ts
var kafka_options = __webpack_require__(7503);
// EXTERNAL MODULE: ./src/cli/errors.ts
var cli_errors = __webpack_require__(6675);
// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
// EXTERNAL MODULE: ./src/cli/port-config.ts + 4 modules
var port_config = __webpack_require__(6022);
;// CONCATENATED MODULE: ./src/cli/commands/dispatch.ts























const usage = `Usage: port-ci dispatch --action FILE | --action-id ID [--inputs JSON] [--input KEY=VALUE]...
                        [--entity ID|@entity.json] [--run-id r_... | --create-run] [--user EMAIL] [--ref REF]
                        [--secret NAME=VALUE]... [--strict-templates] [--dry-run] [--wait [--timeout 30m]] [--json]
                        [--kafka-brokers HOST:PORT,... [--kafka-topic NAME]]
       port-ci dispatch --action FILE --trigger-data FILE [--dry-run] [--json]
       port-ci dispatch --action AUTOMATION.json (--event FILE | --event-type TYPE [--before FILE] [--after FILE])
       port-ci dispatch --batch runs.ndjson [--concurrency N] [--json]

Does what Port does when a user runs a self-service action or an automation fires: validates the definition and
the inputs, applies defaults, encrypts secret inputs, builds the payload and triggers the backend. Both of
Port's formats are read:
  classic  (trigger "CREATE" | "DAY-2" | "DELETE"): the run message, with omitPayload, omitUserInputs, defaultRef
  current  (trigger {type: "self-service" | "automation", ...}): workflowInputs, pipelineVariables, url, headers,
           body and payload rendered as {{ jq }} templates over the run's trigger data, by Port's rules
Backends: GITHUB, INTEGRATION_ACTION (dispatch_workflow), GITLAB, WEBHOOK, and KAFKA: the run message produced to
the organisation's topic ({PORT_ORG_ID}.runs), keyed by run id, signed as Port signs it. A WEBHOOK or GITLAB action
with "agent": true is produced there too when --kafka-brokers is given, for an execution agent (port-ci agent,
port-agent) to hand on, as Port does; without brokers port-ci makes the agent's request itself.

Options:
  --action FILE            the action or automation definition (JSON; "-" reads standard input)
  --action-id ID           fetch the definition from Port instead (needs PORT_CLIENT_ID and PORT_CLIENT_SECRET)
  --inputs JSON            the user's inputs as a JSON object
  --input KEY=VALUE        one input; the value is typed by the action's schema (repeatable)
  --entity ID|@FILE        the entity of a DAY-2 or DELETE action: its identifier, or a JSON file with the entity
  --run-id ID              the Port run the backend reports to
  --create-run             ask Port to execute the action (Port creates the run and triggers the backend
                           itself; port-ci then only follows it with --wait); needs PORT_CLIENT_ID and
                           PORT_CLIENT_SECRET
  --user EMAIL             who runs it (default: $PORT_USER_EMAIL)
  --ref REF                the branch or tag to run, for every backend, over any "ref" input (GitHub: else
                           the input "ref", else the default branch; GitLab: else "ref", defaultRef, main)
  --secret NAME=VALUE      an organisation secret for {{ .secrets.NAME }} (repeatable; never printed)
  --trigger-data FILE      current format: the whole trigger data the templates read, as Port's "Test JQ"
                           panel shows it (inputs, entity, trigger, event, action, run); replaces the flags
                           that build it
  --strict-templates       a {{ }} whose jq fails stops the dispatch, naming the field, the expression and jq's
                           message (by default it renders null, as Port does, and is listed in the notes)
  --event FILE             automation: the event that fired it ({action, resourceType, context, diff})
  --event-type TYPE        automation: build the event: ENTITY_CREATED, ENTITY_UPDATED, ENTITY_DELETED,
                           ANY_ENTITY_CHANGE, TIMER_PROPERTY_EXPIRED, RUN_CREATED, RUN_UPDATED, ANY_RUN_CHANGE
  --before FILE            automation: the entity (or run) before the change
  --after FILE             automation: the entity (or run) after the change
  --dry-run                print what would be sent and send nothing (the current format with --json prints
                           the request exactly, with the trigger data used; --secret values show [redacted]);
                           without --run-id the run id shows as null, where Port puts the run it creates
  --wait                   follow the run to its end; exit 0 on success, 4 on failure or timeout
  --timeout DURATION       how long --wait follows (default 30m; e.g. 90s, 10m, 1h)
  --json                   print the result (or the plan) as JSON
  --batch FILE             one dispatch per NDJSON line: {"action": {...} | "file.json", "inputs", "entity",
                           "runId", "user", "ref"}; each line is sent at most once
  --concurrency N          batch: dispatches at once (default 4)
  --write-interval MS      GitHub: least time between two dispatches (default ${DEFAULT_WRITE_INTERVAL_MS}, GitHub's ~80 a minute)
  --kafka-brokers LIST     the Kafka brokers to produce to, HOST:PORT,... ($${kafka_options/* DISPATCH_KAFKA_ENV */._Z.brokers}); a producer's
                           own setting, so an agent's KAFKA_CONSUMER_BOOTSTRAP_SERVERS never switches producing on
  --kafka-topic NAME       the runs topic ($KAFKA_RUNS_TOPIC, else $PORT_ORG_ID.runs, as the agent reads it)
  --kafka-protocol P       the security protocol: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
                           ($${kafka_options/* DISPATCH_KAFKA_ENV */._Z.securityProtocol}; default PLAINTEXT)
  --kafka-sasl M           the SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 ($${kafka_options/* DISPATCH_KAFKA_ENV */._Z.saslMechanism};
                           default SCRAM-SHA-512); the user is $${kafka_options/* DISPATCH_KAFKA_ENV */._Z.username} and $${kafka_options/* DISPATCH_KAFKA_ENV */._Z.password}

Credentials: GITHUB_TOKEN (actions:write); GITLAB_TRIGGER_TOKEN, or the agent's {group}_{project} variable, and
GITLAB_URL; PORT_CLIENT_SECRET to encrypt secret inputs and sign webhooks; PORT_CLIENT_ID and PORT_CLIENT_SECRET
for --create-run and for ending the Port run after --wait (reportWorkflowStatus). Kafka: PORT_CLIENT_SECRET signs
the run message (an agent refuses it unsigned); TLS trusts the system's CAs and NODE_EXTRA_CA_CERTS.
Environment: PORT_CI_JQ_TIMEOUT_MS, how long one jq run may take (default 5000); ${kafka_options/* DISPATCH_KAFKA_ENV */._Z.timeout}, how
long a broker may take to answer one request before it counts as lost (default 15000).
Exit codes: 0 dispatched (and, with --wait, succeeded), or an automation whose condition does not hold (nothing
sent; with --json {"skipped": true, "reason"}); 2 usage, nothing sent; 3 the backend, the brokers or Port refused
or could not be reached, or the answer was lost (uncertain); 4 the run failed or --wait timed out. --batch: 0
when every line was dispatched (with --dry-run: planned), 2 when no line was sent and one was invalid, else 3 (each
line's outcome is printed).
`;
const FLAGS = {
    action: { type: 'string' },
    inputs: { type: 'string' },
    input: { type: 'string', multiple: true },
    entity: { type: 'string' },
    'run-id': { type: 'string' },
    'create-run': { type: 'boolean', default: false },
    user: { type: 'string' },
    ref: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    wait: { type: 'boolean', default: false },
    timeout: { type: 'string' },
    json: { type: 'boolean', default: false },
    batch: { type: 'string' },
    concurrency: { type: 'string' },
    'write-interval': { type: 'string' },
    'base-url': { type: 'string' },
    'action-id': { type: 'string' },
    secret: { type: 'string', multiple: true },
    'trigger-data': { type: 'string' },
    'strict-templates': { type: 'boolean', default: false },
    event: { type: 'string' },
    'event-type': { type: 'string' },
    before: { type: 'string' },
    after: { type: 'string' },
    'kafka-brokers': { type: 'string' },
    'kafka-topic': { type: 'string' },
    'kafka-protocol': { type: 'string' },
    'kafka-sasl': { type: 'string' },
};
/** Flags that only mean something for Port's current format. */
const V2_FLAGS = ['trigger-data', 'strict-templates', 'secret', 'event', 'event-type', 'before', 'after'];
const command = {
    usage,
    async run(args, io) {
        const { values: flags } = (0,cli_args/* parseFlags */.bQ)('dispatch', args, FLAGS);
        if (flags.batch !== undefined)
            return runBatchCommand(flags, io);
        if (flags.action === undefined && flags['action-id'] === undefined) {
            throw new errors/* UsageError */.eb('dispatch: --action FILE or --action-id ID is required (or --batch FILE); see port-ci dispatch --help');
        }
        if (flags.action !== undefined && flags['action-id'] !== undefined)
            throw new errors/* UsageError */.eb('dispatch: give --action FILE or --action-id ID, not both');
        if (flags['run-id'] && flags['create-run'])
            throw new errors/* UsageError */.eb('dispatch: give --run-id or --create-run, not both');
        if (flags['dry-run'] && flags['create-run']) {
            throw new errors/* UsageError */.eb('dispatch: --create-run asks Port to execute the action, which is not a dry run; use --run-id with --dry-run');
        }
        const session = new Session(flags, io);
        try {
            const source = flags.action ?? `action ${flags['action-id']}`;
            const raw = flags['action-id'] !== undefined ? await session.fetchAction(flags['action-id']) : readJsonArg(io, '--action', flags.action);
            const planned = await session.plan(raw, source, {
                inputs: (action) => readInputs(flags, io, action),
                entity: readEntity(io, flags.entity),
                runId: flags['run-id'],
                user: flags.user ?? io.env.PORT_USER_EMAIL,
                ref: flags.ref,
            });
            if ('skipped' in planned) {
                io.stdout(flags.json ? `${JSON.stringify({ skipped: true, reason: planned.reason, conditions: planned.conditions })}\n` : `not dispatched: ${planned.reason}\n`);
                return cli_errors/* EXIT */.d.ok;
            }
            return await finish(planned, session, flags, io);
        }
        finally {
            await session.close();
        }
    },
};
/** After the plan: print it (dry run), or send it, and with --wait follow the run to its end. */
async function finish(plan, session, flags, io) {
    if (flags['dry-run']) {
        const shown = { ...plan, notes: [...plan.notes, ...dryRunNotes(plan)] };
        if (flags.json)
            io.stdout(`${session.hideSecrets(JSON.stringify(plan.format === 'v2' ? exactPlan(shown) : (0,dispatch_plan/* printablePlan */.p)(shown)))}\n`);
        else
            io.stdout(session.hideSecrets(describePlan(shown)));
        return cli_errors/* EXIT */.d.ok;
    }
    // A run created through Port's API is executed by Port: it triggers the backend itself, so port-ci must not.
    if (plan.format === 'v2')
        for (const warning of session.warnings(plan))
            io.stderr(`port-ci: warning: ${warning}\n`);
    let result;
    try {
        result = flags['create-run'] ? { backend: plan.backend, status: 202 } : await session.send(plan);
    }
    catch (error) {
        // Port ends a synchronized webhook's run FAILURE when the call fails, whatever the answer (4xx, 5xx, none).
        if (error instanceof port_errors/* ApiError */.h)
            await session.endSynchronized(plan, 'FAILURE', error.message);
        throw session.hidingSecrets(error);
    }
    await session.endSynchronized(plan, result.status < 300 ? 'SUCCESS' : 'FAILURE', `The webhook answered ${result.status}`);
    if (flags['create-run'] && !flags.json)
        io.stderr(`port-ci: Port created run ${plan.runId} and triggers the ${plan.backend} backend itself\n`);
    if (!flags.wait) {
        io.stdout(flags.json ? `${JSON.stringify({ ...result, runId: plan.runId })}\n` : describeResult(plan, result));
        return cli_errors/* EXIT */.d.ok;
    }
    if (!flags.json)
        io.stderr(describeResult(plan, result));
    const tty = Boolean(io.stderrStream.isTTY);
    // Past this point the dispatch happened: any trouble following it is exit 3 with what was dispatched, never
    // exit 2 ("nothing sent"), which would invite a second dispatch.
    const outcome = await waitForRun(plan, result, {
        timeoutMs: (0,duration/* parseDuration */.E)('--timeout', flags.timeout ?? '30m'),
        pollMs: Number(io.env.PORT_CI_POLL_MS) || 3000,
        env: io.env,
        github: (plan.backend === 'GITHUB' || plan.backend === 'INTEGRATION_ACTION') && !flags['create-run'] ? session.github() : undefined,
        port: session.port(),
        viaPort: flags['create-run'],
        onState: (state) => tty && io.stderr(`  ${new Date().toISOString().slice(11, 19)} ${state}\n`),
    }).catch((error) => {
        const where = result.link ?? result.externalRunId ?? 'its run';
        throw new port_errors/* ApiError */.h(`dispatched (${where}), but could not follow the run: ${error.message}`, null);
    });
    if (!flags['create-run'])
        await session.reportOutcome(plan, result, outcome.conclusion);
    if (flags.json)
        io.stdout(`${JSON.stringify({ ...result, runId: plan.runId, conclusion: outcome.conclusion, detail: outcome.detail })}\n`);
    else
        io.stdout(`${outcome.conclusion === 'success' ? 'succeeded' : outcome.conclusion === 'timeout' ? 'timed out' : 'failed'}: ${outcome.detail}\n`);
    return outcome.conclusion === 'success' ? cli_errors/* EXIT */.d.ok : cli_errors/* EXIT */.d.runFailed;
}
/** What one invocation shares between dispatches: one GitHub client (so writes are spaced), one Port client. */
class Session {
    flags;
    io;
    #github;
    #port;
    constructor(flags, io) {
        this.flags = flags;
        this.io = io;
    }
    github() {
        const token = this.io.env.GITHUB_TOKEN ?? this.io.env.GH_TOKEN;
        if (!token)
            throw new errors/* UsageError */.eb('GITHUB: set GITHUB_TOKEN to a token that can dispatch workflows (actions:write)');
        this.#github ??= githubClient({
            token,
            apiUrl: (this.io.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
            writeIntervalMs: this.flags['write-interval'] === undefined ? undefined : nonNegative('--write-interval', this.flags['write-interval']),
            onWait: (kind, seconds) => this.io.stderr(`port-ci: dispatch: GitHub's ${kind} rate limit: waiting ${seconds} s\n`),
        });
        return this.#github;
    }
    #jq;
    /** One jq worker for the whole invocation (a batch renders every line on it), started on first need. */
    jq() {
        if (!this.#jq) {
            const timeoutMs = this.io.env.PORT_CI_JQ_TIMEOUT_MS === undefined ? undefined : nonNegative('PORT_CI_JQ_TIMEOUT_MS', this.io.env.PORT_CI_JQ_TIMEOUT_MS) || undefined;
            this.#jq = (0,engine/* createJqEngine */.CP)({ timeoutMs });
        }
        return this.#jq;
    }
    #kafka;
    /** Where run messages are produced, read from the flags and environment once. */
    kafka() {
        this.#kafka ??= (0,kafka_options/* dispatchKafkaRoute */.Ap)(this.flags, this.io.env);
        return this.#kafka;
    }
    #producer;
    /** One producer for the invocation, opened (and the Kafka client loaded) on the first produce. */
    producer() {
        this.#producer ??= (0,kafka/* openRunProducer */.Cs)(this.kafka().producer);
        return this.#producer;
    }
    async close() {
        await this.#jq?.close();
        await (await this.#producer?.catch(() => undefined))?.close();
    }
    /** --secret NAME=VALUE, for `.secrets`; their values are hidden from everything port-ci prints. */
    secrets() {
        const secrets = {};
        for (const pair of this.flags.secret ?? []) {
            const at = pair.indexOf('=');
            if (at <= 0)
                throw new errors/* UsageError */.eb('--secret: expected NAME=VALUE (the value is not shown)');
            Object.defineProperty(secrets, pair.slice(0, at), { value: pair.slice(at + 1), enumerable: true, writable: true, configurable: true });
        }
        return secrets;
    }
    /** The error, its message with --secret values hidden (a receiver may echo a header back in its refusal). */
    hidingSecrets(error) {
        if (error instanceof Error && (this.flags.secret ?? []).length > 0)
            error.message = this.hideSecrets(error.message);
        return error;
    }
    hideSecrets(text) {
        let out = text;
        for (const value of Object.values(this.secrets())) {
            if (value === '')
                continue;
            for (const form of new Set([value, JSON.stringify(value).slice(1, -1)]))
                out = out.split(form).join(types/* REDACTED */.X);
        }
        return out;
    }
    async fetchAction(identifier) {
        const port = this.port();
        if (!port)
            throw new errors/* UsageError */.eb('--action-id: set PORT_CLIENT_ID and PORT_CLIENT_SECRET to read the definition from Port');
        try {
            return await port.getAction(identifier);
        }
        catch (error) {
            if (error instanceof port_errors/* ApiError */.h && error.status === 404)
                throw new errors/* UsageError */.eb(`--action-id: Port has no action or automation "${identifier}"`);
            throw error;
        }
    }
    /** The plan for a definition in either of Port's formats, or why an automation does not fire. */
    async plan(raw, source, given) {
        const format = (0,action_format/* actionFormat */.i)(raw);
        // A file in neither format is refused saying what both look like, not judged as a malformed classic one.
        if (format === null)
            (0,action_v2/* validateAnyAction */.Hx)(raw, source);
        if (format !== 'v2') {
            const v2Only = V2_FLAGS.filter((flag) => this.flags[flag] !== undefined && this.flags[flag] !== false);
            if (v2Only.length > 0)
                throw new errors/* UsageError */.eb(`--${v2Only[0]}: applies to Port's current format (trigger an object); ${source} is in the classic format`);
            return (0,dispatch_plan/* planDispatch */.w)({
                action: raw,
                actionSource: source,
                inputs: given.inputs(raw),
                entity: given.entity,
                obtainRunId: (definition, properties, entityObject) => this.runId(definition, properties, entityObject, given.runId),
                user: given.user,
                ref: given.ref,
                env: this.io.env,
                now: new Date(),
                kafka: this.kafka(),
            });
        }
        const action = (0,action_v2/* validateActionV2 */.J2)(raw, source);
        try {
            return await this.planCurrent(raw, action, given);
        }
        catch (error) {
            // A template that cannot render, a failing span under --strict-templates, a filter that never ends, or
            // trigger data jq cannot read: all mean the definition or its data is wrong and nothing was sent (exit 2;
            // a batch counts the line invalid), not a bug in port-ci (exit 1).
            // jq quotes what it failed on, and a refusal may quote a rendered value: --secret values are hidden there too.
            if (error instanceof template/* TemplateError */.$w || error instanceof template/* StrictTemplateError */.aS || error instanceof engine/* JqTimeoutError */.XA)
                throw new errors/* UsageError */.eb(this.hideSecrets(error.message));
            if (error instanceof engine/* JqInputError */._P)
                throw new errors/* UsageError */.eb(`the trigger data cannot be rendered: ${this.hideSecrets(error.message)}`);
            throw this.hidingSecrets(error);
        }
    }
    async planCurrent(raw, action, given) {
        const engine = this.jq();
        engine.warm(); // the worker loads while the inputs are read and checked
        const trigger = action.trigger;
        const automation = trigger.type === 'automation';
        const now = new Date();
        const user = { email: given.user };
        let triggerData;
        if (this.flags['trigger-data'] !== undefined) {
            const clashing = ['inputs', 'input', 'entity', 'run-id', 'create-run', 'user', 'secret', 'event', 'event-type', 'before', 'after'].filter((flag) => this.flags[flag] !== undefined && this.flags[flag] !== false);
            if (clashing.length)
                throw new errors/* UsageError */.eb(`--trigger-data is the whole trigger data; drop --${clashing.join(', --')}`);
            const data = readJsonArg(this.io, '--trigger-data', this.flags['trigger-data']);
            if (!(0,json/* isObject */.Gv)(data))
                throw new errors/* UsageError */.eb('--trigger-data: expected the trigger data as a JSON object ({inputs, entity, trigger, event, action, run})');
            triggerData = data;
            const skipped = automation ? await automationSkipped(trigger, (0,json/* isObject */.Gv)(data.event) ? data.event : {}, engine) : undefined;
            if (skipped)
                return skipped;
            if (!this.flags['dry-run'])
                this.preflight(action, (0,json/* isObject */.Gv)(data.run) && typeof data.run.id === 'string');
        }
        else if (automation) {
            if (this.flags['create-run'])
                throw new errors/* UsageError */.eb('--create-run: Port runs an automation itself when its event happens; use --run-id (or --dry-run)');
            const event = this.event();
            // Whether it fires comes first: an automation that does not fire needs no run and no backend credentials.
            const skipped = await automationSkipped(trigger, event, engine);
            if (skipped)
                return skipped;
            if (!given.runId && !this.flags['dry-run'])
                throw new errors/* UsageError */.eb("dispatch: an automation's backend reports to the run Port created for it: pass --run-id r_...");
            triggerData = (0,prepare_v2/* automationData */.g)({ action, event, runId: await this.runId(action, {}, null, given.runId), user, secrets: this.secrets(), now });
        }
        else {
            triggerData = await (0,prepare_v2/* selfServiceData */.Q)({
                action,
                inputs: given.inputs(raw),
                entity: given.entity,
                lookupEntity: (blueprint, identifier) => this.lookupEntity(blueprint, identifier),
                obtainRunId: (properties, entity) => this.runId(action, properties, entity ?? null, given.runId),
                user,
                secrets: this.secrets(),
                clientSecret: this.io.env.PORT_CLIENT_SECRET,
                engine,
                now,
            });
        }
        return (0,plan_v2/* planV2 */.IA)({ action, triggerData, engine, strict: this.flags['strict-templates'] === true, ref: given.ref, env: this.io.env, now, kafka: this.kafka() });
    }
    /** The automation's event: --event FILE, or built from --event-type with --before and --after. */
    event() {
        const { event, 'event-type': type, before, after } = this.flags;
        if (event !== undefined) {
            if (type !== undefined || before !== undefined || after !== undefined)
                throw new errors/* UsageError */.eb('--event FILE is the whole event; drop --event-type, --before and --after');
            const value = readJsonArg(this.io, '--event', event);
            if (!(0,json/* isObject */.Gv)(value))
                throw new errors/* UsageError */.eb('--event: expected the event as a JSON object ({action, resourceType, context, diff})');
            return value;
        }
        if (type === undefined)
            throw new errors/* UsageError */.eb('an automation needs the event that fires it: --event FILE, or --event-type TYPE with --before/--after FILE');
        const read = (flag, file) => {
            if (file === undefined)
                return null;
            const value = readJsonArg(this.io, flag, file);
            if (!(0,json/* isObject */.Gv)(value))
                throw new errors/* UsageError */.eb(`${flag}: expected a JSON object (the entity or run)`);
            return value;
        };
        return (0,trigger_data/* buildEvent */.Vw)({ type, before: read('--before', before), after: read('--after', after), user: { email: this.flags.user ?? this.io.env.PORT_USER_EMAIL }, at: new Date().toISOString() });
    }
    async lookupEntity(blueprint, identifier) {
        const port = this.port();
        if (!port)
            return undefined;
        try {
            return await port.getEntity(blueprint, identifier);
        }
        catch (error) {
            if (error instanceof port_errors/* ApiError */.h && error.status === 404)
                throw new errors/* UsageError */.eb(`entity ${identifier} of blueprint ${blueprint} is not in Port`);
            throw error;
        }
    }
    /** A synchronized webhook's answer is the run's outcome (as Port does): end the Port run with it. */
    async endSynchronized(plan, status, summary) {
        const port = this.port();
        if (plan.backend !== 'WEBHOOK' || plan.action.invocationMethod.synchronized !== true || !plan.runId || this.flags['create-run'])
            return;
        if (!port) {
            this.io.stderr('port-ci: warning: synchronized webhook: set PORT_CLIENT_ID and PORT_CLIENT_SECRET so port-ci ends the Port run with its answer\n');
            return;
        }
        await port.updateRun(plan.runId, { status, summary: this.hideSecrets(summary).slice(0, 1000) }).catch((error) => {
            this.io.stderr(`port-ci: warning: could not end run ${plan.runId}: ${error.message}\n`);
        });
    }
    /**
     * What a current-format dispatch should not send silently (--dry-run shows every note): warnings, and spans
     * whose jq failed or gave no output, so a surprising null in the backend can be traced.
     */
    warnings(plan) {
        const spans = new Set((plan.templateIssues ?? []).map((issue) => issue.field));
        return plan.notes.filter((note) => note.startsWith('warning: ') || [...spans].some((field) => note.startsWith(`${field}: `))).map((note) => this.hideSecrets(note.replace(/^warning: /, '')));
    }
    port() {
        if ((0,port_config/* missingCredentials */.nm)(this.io))
            return undefined;
        this.#port ??= (0,port_config/* portClient */.jb)({ 'base-url': this.flags['base-url'] }, this.io);
        return this.#port;
    }
    async runId(action, properties, entity, given) {
        if (!this.flags['dry-run'])
            this.preflight(action, Boolean(given) || this.flags['create-run'] === true);
        if (given) {
            if (!(0,payload/* isRunId */.Pk)(given))
                throw new errors/* UsageError */.eb(`--run-id: ${JSON.stringify(given.slice(0, 40))} is not accepted; expected a run id like "r_..." (letters, digits, "_" and "-")`);
            return given;
        }
        if (this.flags['create-run']) {
            const port = this.port();
            if (!port)
                throw new errors/* UsageError */.eb('--create-run: set PORT_CLIENT_ID and PORT_CLIENT_SECRET');
            const run = await port.createRun(action.identifier, { properties, ...(typeof entity?.identifier === 'string' ? { entity: entity.identifier } : {}) });
            return run.id;
        }
        // A dry run shows the run id as null rather than make one up: an id that looks like Port's would be taken for
        // a run that exists. Whoever wants one in the plan passes --run-id.
        const method = action.invocationMethod;
        if (this.flags['dry-run'] || method.omitPayload)
            return null;
        throw new errors/* UsageError */.eb('dispatch: the backend needs a Port run to report to: pass --run-id r_..., or --create-run');
    }
    /**
     * Refuses, before anything is sent or a Port run is created, what would stop the dispatch or --wait later:
     * a run created for a dispatch that then fails is left IN_PROGRESS, and a dispatch made before a usage error
     * (exit 2) is easily made again by whoever fixes the error.
     */
    preflight(action, hasRunId) {
        const method = action.invocationMethod;
        const sends = !this.flags['create-run']; // with --create-run, Port triggers the backend, not port-ci
        const produces = sends && (method.type === 'KAFKA' || (0,kafka/* producesForAgent */.yq)(method, this.kafka()));
        if (sends && (method.type === 'GITHUB' || method.type === 'INTEGRATION_ACTION'))
            this.github();
        if (sends && !produces && method.type === 'GITLAB' && !this.io.env.GITLAB_TRIGGER_TOKEN && !this.io.env[(0,gitlab/* agentTokenVariable */.zM)(method.groupName ?? '', method.projectName ?? '')]) {
            throw new errors/* UsageError */.eb(`GITLAB: no trigger token: set GITLAB_TRIGGER_TOKEN or ${(0,gitlab/* agentTokenVariable */.zM)(method.groupName ?? '', method.projectName ?? '')}`);
        }
        if (produces)
            this.preflightKafka(action);
        const waits = this.flags.wait && this.flags.batch === undefined; // a batch does not wait
        // A run Port executes itself is followed through Port, whatever its backend; so is a run an agent hands on.
        const followed = this.flags['create-run'] ? 'WEBHOOK' : produces ? 'KAFKA' : method.type;
        const missing = waits ? cannotWait(followed, this.io.env, Boolean(this.port()), hasRunId || this.flags['create-run'] === true) : undefined;
        if (missing)
            throw new errors/* UsageError */.eb(missing);
    }
    /** What producing needs, checked before a run is created or anything is sent. */
    preflightKafka(action) {
        const route = this.kafka();
        const what = action.invocationMethod.type === 'KAFKA' ? 'KAFKA' : `${String(action.invocationMethod.type)} with agent: true`;
        if (!route.producer)
            throw new errors/* UsageError */.eb(`${what}: set --kafka-brokers or ${kafka_options/* DISPATCH_KAFKA_ENV */._Z.brokers} to the brokers of the runs topic the consumer reads`);
        if (!route.topic)
            throw new errors/* UsageError */.eb(`${what}: set PORT_ORG_ID (the topic is {PORT_ORG_ID}.runs, as Port names it) or --kafka-topic`);
        // A current-format KAFKA action's payload is produced as its author wrote it; a run message is signed.
        const rawPayload = action.invocationMethod.type === 'KAFKA' && (0,json/* isObject */.Gv)(action.trigger);
        if (!rawPayload && !this.io.env.PORT_CLIENT_SECRET) {
            throw new errors/* UsageError */.eb(`${what}: set PORT_CLIENT_SECRET: Port signs every run message it produces, and an agent refuses one it cannot check`);
        }
    }
    send(plan) {
        switch (plan.backend) {
            case 'GITHUB':
            case 'INTEGRATION_ACTION':
                return (0,github/* sendGitHub */.ob)(plan, this.github());
            case 'GITLAB':
                return (0,gitlab/* sendGitLab */.Uv)(plan);
            case 'WEBHOOK':
                return (0,webhook/* sendWebhook */.a)(plan);
            default:
                return this.producer().then((producer) => (0,kafka/* sendKafka */.hV)(plan, producer));
        }
    }
    /** With reportWorkflowStatus (GITHUB, on by default), end the Port run with the run's outcome and link. */
    async reportOutcome(plan, result, conclusion) {
        const method = plan.action.invocationMethod;
        const port = this.port();
        if ((plan.backend !== 'GITHUB' && plan.backend !== 'INTEGRATION_ACTION') || method.reportWorkflowStatus === false || !port || !plan.runId)
            return;
        try {
            await port.updateRun(plan.runId, {
                status: conclusion === 'success' ? 'SUCCESS' : 'FAILURE',
                ...(conclusion === 'timeout' ? { statusLabel: 'Timed out waiting' } : {}),
                ...(result.link ? { link: result.link } : {}),
            });
        }
        catch (error) {
            // The workflow may have ended the run itself (the port-ci action does): its report stands.
            if (!(error instanceof port_errors/* ApiError */.h && error.code === 'run_exhausted'))
                this.io.stderr(`port-ci: warning: ${error.message}\n`);
        }
    }
}
async function runBatchCommand(flags, io) {
    const file = flags.batch;
    const base = file === '-' ? process.cwd() : external_node_path_default().dirname(external_node_path_default().resolve(file));
    const { items, invalid } = parseBatch((0,cli_io/* readArgFile */.dm)(io, '--batch', file), (name) => readJsonArg(io, `action file`, external_node_path_default().resolve(base, name)));
    const session = new Session(flags, io);
    const concurrency = flags.concurrency === undefined ? 4 : nonNegative('--concurrency', flags.concurrency) || 1;
    const outcomes = await runBatch(items, {
        concurrency,
        dryRun: flags['dry-run'],
        dispatch: async (item) => {
            const plan = await session.plan(item.action, item.actionSource, {
                inputs: () => item.inputs,
                entity: item.entity,
                runId: item.runId,
                user: item.user ?? io.env.PORT_USER_EMAIL,
                ref: item.ref,
            });
            if ('skipped' in plan)
                throw new errors/* UsageError */.eb(`not dispatched: ${plan.reason}`);
            if (flags['dry-run'])
                return { runId: plan.runId, result: { backend: plan.backend, status: 0 } };
            return { runId: plan.runId, result: await session.send(plan) };
        },
    });
    await session.close();
    const all = [...invalid, ...outcomes].sort((a, b) => a.line - b.line);
    const summary = summarize(all);
    if (flags.json)
        io.stdout(`${JSON.stringify({ summary, lines: all })}\n`);
    else {
        for (const outcome of all) {
            const where = outcome.link ?? outcome.externalRunId ?? '';
            io.stdout(`line ${outcome.line}: ${outcome.state}${outcome.runId ? ` ${outcome.runId}` : ''}${where ? ` ${where}` : ''}${outcome.error ? `: ${outcome.error}` : ''}\n`);
        }
        const done = flags['dry-run'] ? `${summary.planned} planned (not sent)` : `${summary.dispatched} dispatched`;
        io.stdout(`${summary.lines} lines: ${done}, ${summary.refused} refused, ${summary.uncertain} uncertain, ${summary.invalid} invalid\n`);
    }
    // Exit 2 says "nothing happened, fix the input and run again": only true when no line was sent.
    if (summary.dispatched + summary.refused + summary.uncertain === 0 && summary.invalid > 0)
        return cli_errors/* EXIT */.d.usage;
    return summary.lines === summary.dispatched + summary.planned ? cli_errors/* EXIT */.d.ok : cli_errors/* EXIT */.d.api;
}
/** Why an automation does not fire for this event (its kind or blueprint, or its condition), or undefined. */
async function automationSkipped(trigger, event, engine) {
    const mismatch = (0,trigger_data/* eventMismatch */.Fd)(trigger, event);
    if (mismatch)
        return { skipped: true, reason: mismatch };
    const condition = await (0,plan_v2/* evaluateCondition */.F9)(trigger, event, engine);
    if (!condition.holds)
        return { skipped: true, reason: (0,plan_v2/* conditionReason */.aT)(condition), conditions: condition.expressions };
    return undefined;
}
function readJsonArg(io, flag, file) {
    return (0,json/* parseJsonText */.lk)((0,cli_io/* readArgFile */.dm)(io, flag, file), flag);
}
/** --inputs JSON, then each --input KEY=VALUE typed by the action's schema (so replica_count=3 is a number). */
function readInputs(flags, io, action) {
    // A Map, not an object: an input named "__proto__" must stay an input (and be refused by name), not a prototype.
    const inputs = new Map();
    if (flags.inputs !== undefined) {
        const given = (0,json/* parseJsonText */.lk)(flags.inputs.startsWith('@') ? (0,cli_io/* readArgFile */.dm)(io, '--inputs', flags.inputs.slice(1)) : flags.inputs, '--inputs');
        if (!(0,json/* isObject */.Gv)(given))
            throw new errors/* UsageError */.eb('--inputs: expected a JSON object of input values');
        for (const [key, value] of Object.entries(given))
            inputs.set(key, value);
    }
    const userInputs = (0,json/* isObject */.Gv)(action) ? ((0,json/* isObject */.Gv)(action.trigger) ? action.trigger.userInputs : action.userInputs) : undefined;
    const specs = (0,json/* isObject */.Gv)(userInputs) && (0,json/* isObject */.Gv)(userInputs.properties) ? userInputs.properties : {};
    for (const pair of flags.input ?? []) {
        const at = pair.indexOf('=');
        if (at <= 0)
            throw new errors/* UsageError */.eb(`--input: "${pair}" is not accepted; expected KEY=VALUE`);
        const key = pair.slice(0, at);
        const spec = (Object.hasOwn(specs, key) ? specs[key] : undefined);
        if (!(0,core_inputs/* isSecretInput */.pX)(spec)) {
            inputs.set(key, (0,core_inputs/* typeInputText */.YN)(pair.slice(at + 1), spec, `--input ${key}`));
            continue;
        }
        // A secret given here is its plain value (port-ci encrypts it), typed like any other; an error never shows it.
        try {
            inputs.set(key, (0,core_inputs/* typeInputText */.YN)(pair.slice(at + 1), { ...spec, encryption: undefined }, `--input ${key}`));
        }
        catch {
            throw new errors/* UsageError */.eb(`--input ${key}: expected ${spec.type === 'object' ? 'an object as JSON' : `a ${String(spec.type)}`} but found a value that is not (secret, not shown)`);
        }
    }
    return Object.fromEntries(inputs); // fromEntries defines keys: "__proto__" stays data, for validation to refuse
}
function readEntity(io, value) {
    if (value === undefined || !value.startsWith('@'))
        return value;
    const entity = (0,json/* parseJsonText */.lk)((0,cli_io/* readArgFile */.dm)(io, '--entity', value.slice(1)), '--entity');
    if (!(0,json/* isObject */.Gv)(entity))
        throw new errors/* UsageError */.eb('--entity: expected the entity as a JSON object');
    return entity;
}
/**
 * A current-format plan as --dry-run --json prints it: the request exactly as it would be sent (a webhook's
 * signature, a GitLab trigger token), beside the trigger data the templates read. GitHub's token is not part
 * of the request here (Octokit adds it) and stays redacted.
 */
function exactPlan(plan) {
    const { rawBody, ...request } = plan.request;
    const sentAsCompactJson = request.body === undefined || rawBody === JSON.stringify(request.body);
    return {
        backend: plan.backend,
        runId: plan.runId,
        request: sentAsCompactJson ? request : { ...request, rawBody },
        triggerData: plan.triggerData,
        notes: plan.notes,
        templateIssues: plan.templateIssues,
    };
}
function nonNegative(flag, text) {
    if (!/^\d+$/.test(text))
        throw new errors/* UsageError */.eb(`${flag}: "${text}" is not accepted; expected a whole number`);
    return Number(text);
}
/** What a dry run adds to the plan's notes: a run id it shows as null is not a bug in the payload. */
function dryRunNotes(plan) {
    if (plan.runId !== null || payloadOmitted(plan))
        return [];
    return ['run id: null, as no run was given; Port puts the id of the run it creates there (pass --run-id r_... to see it)'];
}
function payloadOmitted(plan) {
    return plan.format !== 'v2' && plan.payload === null;
}
function describePlan(plan) {
    const printable = (0,dispatch_plan/* printablePlan */.p)(plan);
    const request = printable.request;
    const run = plan.runId ?? (payloadOmitted(plan) ? 'none: payload omitted' : 'none given');
    return [
        `${plan.backend} dispatch of ${plan.action.identifier} (run ${run}), planned, not sent:`,
        `  ${request.method} ${request.url}`,
        ...Object.entries(request.headers).map(([name, value]) => `  ${name}: ${value}`),
        ...(request.key === undefined ? [] : [`  key: ${request.key}`]),
        `  ${JSON.stringify(request.body, null, 2).replace(/\n/g, '\n  ')}`,
        ...plan.notes.map((note) => `note: ${note}`),
        '',
    ].join('\n');
}
function describeResult(plan, result) {
    if (result.produced) {
        const { topic, partition, offset } = result.produced;
        const handOn = plan.action.invocationMethod.type === 'KAFKA' ? '' : `; an execution agent hands it on to ${String(plan.action.invocationMethod.type)}`;
        return `produced ${plan.action.identifier} to ${topic} (partition ${partition}, offset ${offset})${plan.runId ? ` for Port run ${plan.runId}` : ''}${handOn}\n`;
    }
    const where = result.link ? `: ${result.link}` : result.externalRunId ? ` (${result.externalRunId})` : '';
    return `dispatched ${plan.action.identifier} to ${plan.backend}${plan.runId ? ` for Port run ${plan.runId}` : ''}${where}\n`;
}


/***/ }),

/***/ 7503:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ap: () => (/* binding */ dispatchKafkaRoute),
/* harmony export */   FV: () => (/* binding */ chosen),
/* harmony export */   QN: () => (/* binding */ brokerList),
/* harmony export */   SV: () => (/* binding */ givenSetting),
/* harmony export */   Xj: () => (/* binding */ SASL_MECHANISMS),
/* harmony export */   _Z: () => (/* binding */ DISPATCH_KAFKA_ENV),
/* harmony export */   nP: () => (/* binding */ SECURITY_PROTOCOLS)
/* harmony export */ });
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);

/** A flag's value, else its variable's, with where it came from; blank counts as unset. */
function givenSetting(flag, value, env, variable) {
    if (value !== undefined && value.trim() !== '')
        return { text: value.trim(), source: `--${flag}` };
    const fromEnv = variable === undefined ? undefined : env[variable];
    if (fromEnv !== undefined && fromEnv.trim() !== '')
        return { text: fromEnv.trim(), source: variable };
    return undefined;
}
const SECURITY_PROTOCOLS = { PLAINTEXT: 'PLAINTEXT', SSL: 'SSL', SASL_PLAINTEXT: 'SASL_PLAINTEXT', SASL_SSL: 'SASL_SSL' };
// port-agent passes "none" through to librdkafka for no SASL (its default); here the protocol says whether SASL is used.
const SASL_MECHANISMS = { PLAIN: 'PLAIN', 'SCRAM-SHA-256': 'SCRAM-SHA-256', 'SCRAM-SHA-512': 'SCRAM-SHA-512', NONE: 'NONE' };
/** One of a table's words (any case), or a UsageError naming the setting and listing the words. */
function chosen(given, aliases) {
    if (!given)
        return undefined;
    const value = aliases[given.text.toUpperCase()];
    if (value !== undefined)
        return value;
    throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${given.source}: "${given.text}" is not accepted; expected ${[...new Set(Object.keys(aliases))].join(', ')}`);
}
/** `HOST:PORT,HOST:PORT`, each checked. */
function brokerList(given) {
    const brokers = given.text
        .split(',')
        .map((broker) => broker.trim())
        .filter(Boolean);
    for (const broker of brokers) {
        if (!/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(broker) || Number(broker.slice(broker.lastIndexOf(':') + 1)) > 65535) {
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${given.source}: "${broker}" is not accepted; expected HOST:PORT, several separated by commas`);
        }
    }
    if (brokers.length === 0)
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${given.source}: no broker given; expected HOST:PORT, several separated by commas`);
    return brokers;
}
/** Kafka's own rule for topic names (the broker refuses others, and "." and ".." outright). */
function topicName(given) {
    if (!/^[A-Za-z0-9._-]{1,249}$/.test(given.text) || given.text === '.' || given.text === '..') {
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${given.source}: "${given.text.slice(0, 60)}" is not a Kafka topic name; expected letters, digits, ".", "_" and "-" (at most 249)`);
    }
    return given.text;
}
/** The environment names `port-ci dispatch` reads for its producer. */
const DISPATCH_KAFKA_ENV = {
    brokers: 'PORT_CI_KAFKA_BROKERS',
    securityProtocol: 'PORT_CI_KAFKA_SECURITY_PROTOCOL',
    saslMechanism: 'PORT_CI_KAFKA_SASL_MECHANISM',
    username: 'PORT_CI_KAFKA_USERNAME',
    password: 'PORT_CI_KAFKA_PASSWORD',
    timeout: 'PORT_CI_KAFKA_TIMEOUT_MS',
};
/**
 * Where `port-ci dispatch` produces run messages, read once from its flags and environment.
 *
 * The brokers have names of the dispatcher's own (--kafka-brokers, PORT_CI_KAFKA_BROKERS), not the agent's
 * KAFKA_CONSUMER_BOOTSTRAP_SERVERS: giving brokers is what makes dispatch produce an agent action's run for an
 * agent instead of handing it on itself, so an agent's settings in the same shell or pod must not switch that on
 * behind the user's back, and a producer's settings are not a consumer's. The topic is the agent's: both sides
 * meet on it, so --kafka-topic, else KAFKA_RUNS_TOPIC, else {PORT_ORG_ID}.runs, as the agent finds it.
 * @throws UsageError naming the flag or variable and what it accepts.
 */
function dispatchKafkaRoute(flags, env) {
    const orgId = env.PORT_ORG_ID?.trim() || undefined;
    const topicGiven = givenSetting('kafka-topic', flags['kafka-topic'], env, 'KAFKA_RUNS_TOPIC');
    const topic = topicGiven ? topicName(topicGiven) : orgId ? topicName({ text: `${orgId}.runs`, source: 'PORT_ORG_ID' }) : undefined;
    const topicSource = topicGiven?.source ?? (orgId ? `PORT_ORG_ID ${orgId}` : undefined);
    const route = { ...(topic ? { topic, topicSource: topicSource } : {}), ...(orgId ? { orgId } : {}) };
    const protocolGiven = givenSetting('kafka-protocol', flags['kafka-protocol'], env, DISPATCH_KAFKA_ENV.securityProtocol);
    const mechanismGiven = givenSetting('kafka-sasl', flags['kafka-sasl'], env, DISPATCH_KAFKA_ENV.saslMechanism);
    const brokersGiven = givenSetting('kafka-brokers', flags['kafka-brokers'], env, DISPATCH_KAFKA_ENV.brokers);
    if (!brokersGiven) {
        // Settings for brokers that were not given would be ignored without a word: say so instead.
        const orphan = [protocolGiven, mechanismGiven].find(Boolean);
        if (orphan)
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${orphan.source}: set --kafka-brokers or ${DISPATCH_KAFKA_ENV.brokers} too; it applies to the brokers dispatch produces to`);
        return route;
    }
    const securityProtocol = chosen(protocolGiven, SECURITY_PROTOCOLS) ?? 'PLAINTEXT';
    const usesSasl = securityProtocol.startsWith('SASL_');
    const mechanism = chosen(mechanismGiven, SASL_MECHANISMS);
    if (usesSasl && mechanism === 'NONE')
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${mechanismGiven.source}: "none" is not accepted with ${securityProtocol}; expected PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512`);
    if (!usesSasl && mechanism !== undefined && mechanism !== 'NONE') {
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${mechanismGiven.source}: SASL is not used with ${securityProtocol}; set --kafka-protocol SASL_SSL or SASL_PLAINTEXT, or leave the mechanism out`);
    }
    let sasl;
    if (usesSasl) {
        const username = env[DISPATCH_KAFKA_ENV.username]?.trim();
        const password = env[DISPATCH_KAFKA_ENV.password];
        if (!username || !password)
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`dispatch: ${securityProtocol} needs ${DISPATCH_KAFKA_ENV.username} and ${DISPATCH_KAFKA_ENV.password} (the brokers' SASL user)`);
        sasl = { mechanism: mechanism ?? 'SCRAM-SHA-512', username, password };
    }
    const timeout = givenSetting('', undefined, env, DISPATCH_KAFKA_ENV.timeout);
    const requestTimeoutMs = timeout === undefined ? 15_000 : /^\d+$/.test(timeout.text) && Number(timeout.text) >= 100 && Number(timeout.text) <= 600_000 ? Number(timeout.text) : NaN;
    if (Number.isNaN(requestTimeoutMs))
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${DISPATCH_KAFKA_ENV.timeout}: "${timeout.text}" is not accepted; expected milliseconds from 100 to 600000`);
    return {
        ...route,
        producer: { brokers: brokerList(brokersGiven), brokersSource: brokersGiven.source, securityProtocol, ...(sasl ? { sasl } : {}), requestTimeoutMs },
    };
}


/***/ }),

/***/ 8571:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ parseDuration)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);

/**
 * A duration as a user writes it: 90s, 30m, 1h, 500ms; a bare number is seconds. Answers milliseconds.
 * @param name how the value is named in the error (`--timeout`, `timeout`).
 */
function parseDuration(name, text) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
    if (!match)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${name}: "${text}" is not accepted; expected a duration like 90s, 30m or 1h`);
    return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's')];
}


/***/ })

};

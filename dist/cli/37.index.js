export const id = 37;
export const ids = [37];
export const modules = {

/***/ 7037:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  command: () => (/* binding */ command)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/core/index.ts + 6 modules
var core = __webpack_require__(7318);
// EXTERNAL MODULE: ./src/port/errors.ts
var errors = __webpack_require__(6272);
;// CONCATENATED MODULE: ./src/dispatch/types.ts
const REDACTED = '[redacted]';

;// CONCATENATED MODULE: ./src/dispatch/github.ts



/** GitHub refuses a dispatch over these (PORT-FACTS.md §6); port-ci refuses it first, saying what to drop. */
const MAX_WORKFLOW_INPUTS = 25;
const MAX_INPUTS_CHARACTERS = 65_535;
/** The API version under which github.com always answers a dispatch with the run's details (200). */
const RUN_DETAILS_API_VERSION = '2026-03-10';
/**
 * The workflow_dispatch request Port would make (PORT-FACTS.md §3): `port_payload` as JSON text unless
 * omitPayload, each user input as text unless omitUserInputs (the `ref` input chooses the branch instead).
 * @throws UsageError when GitHub would refuse the inputs (over 25, or over 65,535 characters).
 */
function planGitHub(args) {
    const { method } = args;
    const inputs = {};
    if (!method.omitPayload && args.message)
        inputs.port_payload = JSON.stringify(args.message);
    if (!method.omitUserInputs) {
        for (const [id, value] of Object.entries(args.properties))
            if (id !== 'ref' && value !== undefined)
                inputs[id] = (0,core/* envText */.zi)(value);
    }
    checkGitHubLimits(inputs, method);
    // Port itself dispatches on the default branch (PORT-FACTS.md §3). The dispatcher also lets the caller choose:
    // --ref first, then an input named "ref" (used as the branch, not sent), then the default branch. GitLab's
    // precedence differs on purpose: there the input "ref" comes first, as Port's agent maps it.
    const inputRef = typeof args.properties.ref === 'string' && args.properties.ref !== '' ? args.properties.ref : undefined;
    const ref = args.ref ?? inputRef ?? null;
    const notes = [
        args.ref ? `ref ${args.ref} (from --ref)` : inputRef ? `ref ${inputRef} (from the input "ref")` : "ref: the repository's default branch, looked up when sending",
    ];
    const url = `${args.apiUrl}/repos/${encodeURIComponent(method.org)}/${encodeURIComponent(method.repo)}/actions/workflows/${encodeURIComponent(method.workflow)}/dispatches`;
    return {
        request: {
            method: 'POST',
            url,
            headers: { accept: 'application/vnd.github+json', authorization: `Bearer ${REDACTED}`, 'x-github-api-version': RUN_DETAILS_API_VERSION },
            body: { ref, inputs, return_run_details: true },
        },
        ref,
        notes,
    };
}
function checkGitHubLimits(inputs, method) {
    const names = Object.keys(inputs);
    const characters = JSON.stringify(inputs).length;
    if (names.length <= MAX_WORKFLOW_INPUTS && characters <= MAX_INPUTS_CHARACTERS)
        return;
    const largest = Object.entries(inputs)
        .sort(([, a], [, b]) => b.length - a.length)
        .slice(0, 3)
        .map(([name, value]) => `${name} (${value.length} characters)`)
        .join(', ');
    // With omitUserInputs already set, port_payload alone is too long: omitting the inputs again cannot help.
    const fix = method.omitPayload
        ? 'drop inputs from the action'
        : method.omitUserInputs
            ? 'port_payload carries every input and the action definition: shorten or drop inputs'
            : 'set "omitUserInputs": true so the inputs travel only inside port_payload, or drop inputs';
    if (names.length > MAX_WORKFLOW_INPUTS) {
        throw new core/* UsageError */.eb(`GitHub accepts at most ${MAX_WORKFLOW_INPUTS} workflow inputs but this dispatch has ${names.length} (${names.join(', ')}); ${fix}`);
    }
    throw new core/* UsageError */.eb(`GitHub accepts at most ${MAX_INPUTS_CHARACTERS} characters of inputs but this dispatch has ${characters}; the largest are ${largest}; ${fix}`);
}
/**
 * Sends the dispatch. Asks for the run's details; a GHES that refuses them (400) gets the plain dispatch and
 * the run is then searched for. A refusal for rate limits is retried by the client (the dispatch did not
 * happen); a lost answer is not, because the dispatch may have happened: it is reported as uncertain.
 */
async function sendGitHub(plan, request) {
    const body = plan.request.body;
    const target = new URL(plan.request.url);
    const [, owner = '', repo = '', workflow = ''] = /\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/dispatches$/.exec(target.pathname).map(decodeURIComponent);
    let ref = body.ref;
    if (ref === null) {
        const repository = await call(() => request('GET /repos/{owner}/{repo}', { owner, repo }), 'read the repository');
        ref = repository.data.default_branch;
    }
    const started = new Date();
    const route = 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
    const params = { owner, repo, workflow_id: workflow, ref, inputs: body.inputs, request: { retries: 0 } };
    let response;
    try {
        response = await request(route, { ...params, return_run_details: true, headers: { 'x-github-api-version': RUN_DETAILS_API_VERSION } });
    }
    catch (error) {
        const status = error.status;
        if (status !== 400)
            throw dispatchError(error);
        // GHES up to 3.20 refuses return_run_details (and the new API version): dispatch plainly, then search.
        response = await request(route, params).catch((second) => {
            throw dispatchError(second);
        });
        // The dispatch happened; failing to find its run only means there is no link to show.
        const found = await findDispatchedRun(request, { owner, repo, workflow, started, runId: plan.runId }).catch(() => ({}));
        return { backend: 'GITHUB', status: response.status, ...found, foundBy: found.externalRunId ? 'search' : undefined };
    }
    const details = (response.data ?? {});
    return {
        backend: 'GITHUB',
        status: response.status,
        externalRunId: details.workflow_run_id === undefined ? undefined : String(details.workflow_run_id),
        link: details.html_url,
        foundBy: details.workflow_run_id === undefined ? undefined : 'response',
    };
}
/**
 * The GHES fallback: the newest workflow_dispatch run of this workflow created since the dispatch, preferring
 * one whose title names the Port run (a workflow with `run-name: ${{ fromJson(inputs.port_payload).context.runId }}`).
 */
async function findDispatchedRun(request, args) {
    // created_at has whole seconds: look from the second before the dispatch.
    const since = new Date(Math.floor(args.started.getTime() / 1000) * 1000 - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (let attempt = 0; attempt < 5; attempt++) {
        const { data } = await call(() => request('GET /repos/{owner}/{repo}/actions/runs', {
            owner: args.owner,
            repo: args.repo,
            event: 'workflow_dispatch',
            created: `>=${since}`,
            per_page: 50,
        }), 'search for the dispatched run');
        const ofWorkflow = (run) => run.path?.endsWith(`/${args.workflow}`) || String(run.workflow_id) === args.workflow;
        const runs = (data.workflow_runs ?? []).filter(ofWorkflow);
        const named = args.runId ? runs.find((run) => `${run.display_title ?? ''} ${run.name ?? ''}`.includes(args.runId)) : undefined;
        const run = named ?? (runs.length === 1 ? runs[0] : undefined);
        if (run)
            return { externalRunId: String(run.id), link: run.html_url };
        await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
    }
    return {};
}
async function call(fn, what) {
    try {
        return await fn();
    }
    catch (error) {
        const status = error.status ?? null;
        throw new errors/* ApiError */.h(`Could not ${what}: GitHub answered ${status ?? 'nothing'} ${githubMessage(error)}`.trim(), status);
    }
}
function githubMessage(error) {
    const data = error.response?.data;
    if (typeof data?.message === 'string')
        return `"${data.message}"`;
    return error.message ?? '';
}
/** Explains GitHub's refusal of a dispatch in the user's terms, or marks a lost answer as uncertain. */
function dispatchError(error) {
    const status = error.status;
    const message = githubMessage(error);
    if (status === undefined || status >= 500) {
        return new UncertainDispatchError(`The dispatch may or may not have started a run: ${status ? `GitHub answered ${status}` : `no answer (${message})`}; check the workflow's runs before dispatching again`);
    }
    const hint = status === 422 && /Unexpected inputs/i.test(message)
        ? '; declare these inputs under on.workflow_dispatch.inputs, or set "omitUserInputs": true in the action'
        : status === 422 && /No ref found/i.test(message)
            ? '; pass an existing branch or tag with --ref'
            : status === 404
                ? '; check org, repo and workflow in the action, and that the token can reach the repository'
                : status === 403 || status === 401
                    ? '; the token needs the actions:write permission on the repository'
                    : '';
    return new errors/* ApiError */.h(`GitHub refused the dispatch: ${status} ${message}${hint}`, status);
}
/** A dispatch whose answer was lost: it may have started a run, so it must not be sent again blindly. */
class UncertainDispatchError extends errors/* ApiError */.h {
    name = 'UncertainDispatchError';
    constructor(message) {
        super(message, null);
    }
}

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
            const value = (0,core/* parseJsonText */.lk)(raw, `line ${line}`);
            if (!(0,core/* isObject */.Gv)(value))
                throw new core/* UsageError */.eb(`line ${line}: expected a JSON object`);
            const unknown = Object.keys(value).filter((key) => !LINE_KEYS.has(key));
            if (unknown.length > 0)
                throw new core/* UsageError */.eb(`line ${line}: unknown field ${unknown.join(', ')}; accepted: ${[...LINE_KEYS].join(', ')}`);
            if (value.inputs !== undefined && !(0,core/* isObject */.Gv)(value.inputs))
                throw new core/* UsageError */.eb(`line ${line}: inputs must be an object`);
            for (const key of ['runId', 'user', 'ref']) {
                if (value[key] !== undefined && typeof value[key] !== 'string')
                    throw new core/* UsageError */.eb(`line ${line}: ${key} must be a string`);
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
            const outcome = await dispatchOne(item, options.dispatch);
            outcomes.push(outcome);
            options.onOutcome?.(outcome);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, items.length)) }, worker));
    return outcomes.sort((a, b) => a.line - b.line);
}
async function dispatchOne(item, dispatch) {
    try {
        const { runId, result } = await dispatch(item);
        return { line: item.line, state: 'dispatched', runId, externalRunId: result.externalRunId, link: result.link };
    }
    catch (error) {
        const state = error instanceof UncertainDispatchError ? 'uncertain' : error instanceof errors/* ApiError */.h ? 'refused' : error instanceof core/* UsageError */.eb ? 'invalid' : 'refused';
        return { line: item.line, state, error: error.message };
    }
}
function summarize(outcomes) {
    const counts = { lines: outcomes.length, dispatched: 0, refused: 0, uncertain: 0, invalid: 0 };
    for (const outcome of outcomes)
        counts[outcome.state]++;
    return counts;
}

// EXTERNAL MODULE: ./src/port/http.ts
var http = __webpack_require__(2407);
;// CONCATENATED MODULE: ./src/dispatch/gitlab.ts




/**
 * jq's `tostring`, which port-agent applies to each variable: strings as they are, anything else as jq's compact
 * JSON. That is JSON.stringify's text except that jq escapes DEL and leaves U+2028/U+2029 as they are (envText's
 * compactJson escapes those two for shells). DEL can only occur inside a string literal, so replacing it is safe.
 */
function jqToString(value) {
    return typeof value === 'string' ? value : JSON.stringify(value).replace(/\u007f/g, '\\u007f');
}
/** The agent reads the trigger token from a variable named after the project: `{group with / as _}_{project}`. */
function agentTokenVariable(groupName, projectName) {
    return `${groupName.replace(/\//g, '_')}_${projectName}`;
}
/**
 * The trigger request Port's agent makes (PORT-FACTS.md §3), byte for byte: a JSON body
 * `{token, ref, variables, port_payload}` where ref is the input `ref`, else --ref, else defaultRef, else main;
 * variables are every input through jq's tostring ({} with omitUserInputs; `ref` stays among them); and
 * port_payload is the run message ({} with omitPayload).
 */
function planGitLab(args) {
    const { method, env } = args;
    const base = (env.GITLAB_URL || 'https://gitlab.com/').replace(/\/*$/, '/');
    const project = encodeURIComponent(`${method.groupName}/${method.projectName}`);
    const inputRef = typeof args.properties.ref === 'string' && args.properties.ref !== '' ? args.properties.ref : undefined;
    const ref = inputRef ?? args.ref ?? method.defaultRef ?? 'main';
    const variables = {};
    if (!method.omitUserInputs)
        for (const [id, value] of Object.entries(args.properties))
            if (value !== undefined)
                variables[id] = jqToString(value);
    const agentVariable = agentTokenVariable(method.groupName, method.projectName);
    const tokenSource = env.GITLAB_TRIGGER_TOKEN ? 'GITLAB_TRIGGER_TOKEN' : env[agentVariable] ? agentVariable : null;
    const token = tokenSource ? env[tokenSource] : null;
    const notes = [
        inputRef ? `ref ${ref} (from the input "ref")` : args.ref ? `ref ${ref} (from --ref)` : method.defaultRef ? `ref ${ref} (the action's defaultRef)` : 'ref main (no ref input, --ref or defaultRef)',
        tokenSource ? `trigger token from $${tokenSource}` : `no trigger token: set GITLAB_TRIGGER_TOKEN or ${agentVariable}`,
    ];
    return {
        request: {
            method: 'POST',
            url: `${base}api/v4/projects/${project}/trigger/pipeline`,
            headers: { 'content-type': 'application/json' },
            body: { token, ref, variables, port_payload: method.omitPayload || !args.message ? {} : args.message },
        },
        notes,
        tokenSource,
    };
}
/** Triggers the pipeline; GitLab's refusals are explained, a lost answer is marked uncertain. */
async function sendGitLab(plan) {
    const body = plan.request.body;
    if (!body.token)
        throw new core/* UsageError */.eb(`GITLAB: ${plan.notes.find((note) => note.startsWith('no trigger token')) ?? 'no trigger token'}`);
    let response;
    try {
        response = await (0,http/* sendRequest */.w)('POST', plan.request.url, { ...plan.request.headers, accept: 'application/json' }, JSON.stringify(plan.request.body));
    }
    catch (error) {
        throw new UncertainDispatchError(`The trigger may or may not have started a pipeline: no answer from GitLab (${error.message}); check the project's pipelines before triggering again`);
    }
    if (response.status >= 500)
        throw new UncertainDispatchError(`The trigger may or may not have started a pipeline: GitLab answered ${response.status}`);
    if (response.status !== 201 && response.status !== 200) {
        const text = response.text.slice(0, 300);
        const hint = /Insufficient permissions to set pipeline variables|pipeline variables/i.test(text)
            ? '; the project restricts pipeline variables (ci_pipeline_variables_minimum_override_role): let the trigger\'s owner set them, or set "omitUserInputs": true and read the inputs from port_payload'
            : /Reference not found/i.test(text)
                ? '; the ref does not exist in the project: set the input "ref", --ref or the action\'s defaultRef'
                : response.status === 404
                    ? '; check groupName and projectName, and that the trigger token belongs to that project'
                    : '';
        throw new errors/* ApiError */.h(`GitLab refused the trigger: ${response.status} ${text}${hint}`, response.status);
    }
    const pipeline = JSON.parse(response.text);
    return {
        backend: 'GITLAB',
        status: response.status,
        externalRunId: pipeline.id === undefined ? undefined : String(pipeline.id),
        link: pipeline.web_url,
        foundBy: 'response',
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(1758);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(9735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(6856);
// EXTERNAL MODULE: ./node_modules/bottleneck/light.js
var light = __webpack_require__(3251);
var light_default = /*#__PURE__*/__webpack_require__.n(light);
;// CONCATENATED MODULE: ./src/dispatch/octokit.ts




/** GitHub's guidance: about 80 content-creating requests a minute (PORT-FACTS.md §6), so one every 750 ms. */
const DEFAULT_WRITE_INTERVAL_MS = 750;
/**
 * Octokit with GitHub's rate limits as policy: writes spaced, a primary limit waited out until its reset, a
 * secondary limit retried after retry-after. These refusals mean the request did nothing, so repeating it
 * is safe; 5xx and lost answers are not retried for writes (the dispatch sets `retries: 0`).
 */
function githubClient(options) {
    const octokit = (0,github/* getOctokit */.Q)(options.token, {
        baseUrl: options.apiUrl,
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
    }, plugin_throttling_dist_bundle/* throttling */.A, dist_bundle/* retry */.L);
    return octokit.request;
}

// EXTERNAL MODULE: ./node_modules/ajv/dist/ajv.js
var ajv = __webpack_require__(2463);
var ajv_default = /*#__PURE__*/__webpack_require__.n(ajv);
// EXTERNAL MODULE: ./src/core/errors.ts
var core_errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/json.ts
var json = __webpack_require__(6153);
// EXTERNAL MODULE: ./src/core/secrets.ts
var secrets = __webpack_require__(8198);
;// CONCATENATED MODULE: ./src/core/action.ts




// ajv is CommonJS: Node's default import is module.exports, whose `.default` is the class itself (ajv sets
// module.exports.default = Ajv), so `.default` also holds when a bundler hands over exports.default instead.
const Ajv = (ajv_default())["default"];
const ACTION_TRIGGERS = ['CREATE', 'DAY-2', 'DELETE'];
const INPUT_TYPES = ['string', 'number', 'boolean', 'object', 'array'];
const BACKENDS = ['WEBHOOK', 'KAFKA', 'GITHUB', 'GITLAB'];
/** The invocationMethod fields per backend (PORT-FACTS.md §1). Anything else is refused, by name. */
const INVOCATION_FIELDS = {
    url: { type: 'string', allowedWith: ['WEBHOOK'], requiredWith: ['WEBHOOK'] },
    agent: { type: 'boolean', allowedWith: ['WEBHOOK', 'GITLAB'] },
    // Not in the facts table, but Port's own webhook examples (Jenkins, Terraform Cloud) set them. Port's
    // webhook form offers these four methods; the classic docs only ever show POST.
    method: { type: 'string', allowedWith: ['WEBHOOK'], oneOf: ['POST', 'PUT', 'PATCH', 'DELETE'] },
    synchronized: { type: 'boolean', allowedWith: ['WEBHOOK'] },
    org: { type: 'string', allowedWith: ['GITHUB'], requiredWith: ['GITHUB'] },
    repo: { type: 'string', allowedWith: ['GITHUB'], requiredWith: ['GITHUB'] },
    workflow: { type: 'string', allowedWith: ['GITHUB'], requiredWith: ['GITHUB'] },
    omitPayload: { type: 'boolean', allowedWith: ['GITHUB', 'GITLAB'] },
    omitUserInputs: { type: 'boolean', allowedWith: ['GITHUB', 'GITLAB'] },
    reportWorkflowStatus: { type: 'boolean', allowedWith: ['GITHUB'] },
    defaultRef: { type: 'string', allowedWith: ['GITLAB'] },
    projectName: { type: 'string', allowedWith: ['GITLAB'], requiredWith: ['GITLAB'] },
    groupName: { type: 'string', allowedWith: ['GITLAB'], requiredWith: ['GITLAB'] },
};
/**
 * The shape of a classic action, as far as ajv can say it. Unknown keys pass everywhere except in
 * invocationMethod (checked in code below, because what is allowed there depends on `type`): Port adds
 * presentation keywords (icon, enumColors, dataset, requiredApproval, ...) that port-ci has no reason to refuse.
 */
const ACTION_SCHEMA = {
    type: 'object',
    required: ['identifier', 'invocationMethod'],
    properties: {
        identifier: { type: 'string' },
        trigger: { enum: ACTION_TRIGGERS },
        userInputs: {
            type: 'object',
            required: ['properties'],
            properties: {
                properties: { type: 'object', additionalProperties: { $ref: '#/definitions/inputSpec' } },
                required: { type: 'array', items: { type: 'string' } },
                order: { type: 'array', items: { type: 'string' } },
            },
        },
        invocationMethod: {
            type: 'object',
            required: ['type'],
            properties: { type: { enum: BACKENDS } },
        },
    },
    definitions: {
        inputSpec: {
            type: 'object',
            required: ['type'],
            properties: {
                type: { enum: INPUT_TYPES },
                format: { type: 'string' },
                enum: { type: 'array' },
                pattern: { type: 'string' },
                minLength: { type: 'number' },
                maxLength: { type: 'number' },
                minimum: { type: 'number' },
                maximum: { type: 'number' },
                items: { $ref: '#/definitions/inputSpec' },
                blueprint: { type: 'string' },
                encryption: { enum: [secrets/* SECRET_ENCRYPTION */.zk] },
                // Any value, except that an object holding jqQuery is a query and must say it as text.
                default: {
                    if: { type: 'object', properties: { jqQuery: true }, required: ['jqQuery'] },
                    then: { type: 'object', properties: { jqQuery: { type: 'string' } } },
                },
            },
        },
    },
};
let compiled;
function schemaCheck(raw) {
    compiled ??= new Ajv({ allErrors: true, strict: true }).compile(ACTION_SCHEMA);
    return compiled(raw) ? [] : (compiled.errors ?? []);
}
/**
 * Checks a classic Port action definition (PORT-FACTS.md §1): its shape, each user input's keywords, and
 * which invocationMethod fields its backend allows and requires. Every problem is reported at once.
 * @param source names the definition in the error (a file name, say); defaults to `action`.
 * @returns the same object, typed.
 * @throws ValidationError listing each problem with its path, e.g. `invocationMethod.org: required with GITHUB`.
 */
function validateAction(raw, source = 'action') {
    if (!(0,json/* isObject */.Gv)(raw)) {
        throw new core_errors/* ValidationError */.yI(source, [`expected an action definition (a JSON object) but found ${(0,core_errors/* describeValue */.bp)(raw)}`]);
    }
    const problems = schemaCheck(raw).flatMap((error) => schemaProblem(error, raw));
    if ((0,json/* isObject */.Gv)(raw.userInputs))
        problems.push(...userInputsProblems(raw.userInputs));
    if ((0,json/* isObject */.Gv)(raw.invocationMethod))
        problems.push(...invocationProblems(raw.invocationMethod));
    if (problems.length > 0)
        throw new core_errors/* ValidationError */.yI(source, problems);
    return raw;
}
/** Turns one ajv error into `<path>: expected <what> but found <what>`, in our words rather than ajv's. */
function schemaProblem(error, root) {
    const path = dottedPath(error.instancePath, root);
    const found = () => (0,core_errors/* describeValue */.bp)(valueAt(error.instancePath, root));
    switch (error.keyword) {
        case 'required':
            return [`${join(path, String(error.params.missingProperty))}: required`];
        case 'type':
            return [`${path}: expected ${typePhrase(String(error.params.type))} but found ${found()}`];
        case 'enum':
            return [`${path}: expected ${choicePhrase(error.params.allowedValues)} but found ${found()}`];
        case 'if':
            return []; // the failing `then` keyword reports the actual problem
        default:
            return [`${path}: not valid (${error.keyword})`]; // not reached with ACTION_SCHEMA
    }
}
function userInputsProblems(userInputs) {
    const problems = [];
    const properties = (0,json/* isObject */.Gv)(userInputs.properties) ? userInputs.properties : {};
    for (const [id, spec] of Object.entries(properties)) {
        if ((0,json/* isObject */.Gv)(spec))
            problems.push(...specProblems(spec, `userInputs.properties.${id}`, false));
    }
    if (Array.isArray(userInputs.required) && (0,json/* isObject */.Gv)(userInputs.properties)) {
        userInputs.required.forEach((id, index) => {
            if (typeof id === 'string' && !Object.hasOwn(properties, id)) {
                problems.push(`userInputs.required[${index}]: expected the id of an input in userInputs.properties but found ${(0,core_errors/* describeValue */.bp)(id)}`);
            }
        });
    }
    return problems;
}
/** What ajv cannot say about one input: that its pattern compiles, and where encryption may go. */
function specProblems(spec, path, isItem) {
    const problems = [];
    if (typeof spec.pattern === 'string') {
        // Checked without the `u` flag, as a browser form (Port's UI) compiles it; user-inputs.ts matches this.
        try {
            new RegExp(spec.pattern);
        }
        catch (error) {
            const reason = error instanceof Error ? error.message.split(': ').pop() : String(error);
            problems.push(`${path}.pattern: expected a regular expression but found ${(0,core_errors/* describeValue */.bp)(spec.pattern)} (it does not compile: ${reason})`);
        }
    }
    if (spec.encryption !== undefined) {
        if (isItem) {
            // port-ci encrypts whole inputs; an encrypted item would travel in clear.
            problems.push(`${path}.encryption: only allowed on an input, not on array items`);
        }
        else if (spec.type !== 'string' && spec.type !== 'object') {
            problems.push(`${path}.encryption: only allowed on string or object inputs (type is ${(0,core_errors/* describeValue */.bp)(spec.type)})`);
        }
        else if (spec.format !== undefined) {
            problems.push(`${path}.encryption: not allowed on an input with a format (format is ${(0,core_errors/* describeValue */.bp)(spec.format)})`);
        }
    }
    if ((0,json/* isObject */.Gv)(spec.items))
        problems.push(...specProblems(spec.items, `${path}.items`, true));
    return problems;
}
/** The backend rules: each field allowed only with some types, required with some, of one JSON type. */
function invocationProblems(method) {
    const type = method.type;
    if (!BACKENDS.includes(type))
        return []; // the schema already says type is wrong or missing
    const backend = type;
    const problems = [];
    for (const [field, value] of Object.entries(method)) {
        if (field === 'type')
            continue;
        const path = `invocationMethod.${field}`;
        const rule = Object.hasOwn(INVOCATION_FIELDS, field) ? INVOCATION_FIELDS[field] : undefined;
        if (rule === undefined) {
            problems.push(`${path}: not a field Port knows (${backend} takes ${fieldsFor(backend)})`);
        }
        else if (!rule.allowedWith.includes(backend)) {
            problems.push(`${path}: only allowed with ${rule.allowedWith.join(' or ')} (type is ${backend})`);
        }
        else if (typeof value !== rule.type) {
            problems.push(`${path}: expected ${typePhrase(rule.type)} but found ${(0,core_errors/* describeValue */.bp)(value)}`);
        }
        else if (rule.oneOf !== undefined && !rule.oneOf.includes(value)) {
            problems.push(`${path}: expected ${choicePhrase(rule.oneOf)} but found ${(0,core_errors/* describeValue */.bp)(value)}`);
        }
        else if (field === 'url' && !isHttpUrl(value)) {
            problems.push(`${path}: expected an http(s) URL but found ${(0,core_errors/* describeValue */.bp)(value)}`);
        }
    }
    for (const [field, rule] of Object.entries(INVOCATION_FIELDS)) {
        if (rule.requiredWith?.includes(backend) && method[field] === undefined) {
            problems.push(`invocationMethod.${field}: required with ${backend}`);
        }
    }
    return problems;
}
function fieldsFor(backend) {
    const fields = Object.entries(INVOCATION_FIELDS)
        .filter(([, rule]) => rule.allowedWith.includes(backend))
        .map(([field]) => field);
    return fields.length > 0 ? fields.join(', ') : 'no other field';
}
function isHttpUrl(text) {
    // The URL parser drops line breaks and encodes spaces silently: the URL sent would not be the one shown.
    if (/[\s\p{Cc}]/u.test(text))
        return false;
    try {
        const url = new URL(text);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '';
    }
    catch {
        return false;
    }
}
function typePhrase(type) {
    return type
        .split(',')
        .map((name) => (/^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`))
        .join(' or ');
}
function choicePhrase(values) {
    const shown = values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
    return shown.length === 1 ? String(shown[0]) : `one of ${shown.join(', ')}`;
}
function pointerSegments(pointer) {
    return pointer === '' ? [] : pointer.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}
function valueAt(pointer, root) {
    let value = root;
    for (const segment of pointerSegments(pointer)) {
        value = Array.isArray(value) ? value[Number(segment)] : (0,json/* isObject */.Gv)(value) ? value[segment] : undefined;
    }
    return value;
}
/** `/userInputs/required/1` -> `userInputs.required[1]`: array steps as indexes, the rest as dotted keys. */
function dottedPath(pointer, root) {
    let path = '';
    let value = root;
    for (const segment of pointerSegments(pointer)) {
        path = Array.isArray(value) ? `${path}[${segment}]` : join(path, segment);
        value = Array.isArray(value) ? value[Number(segment)] : (0,json/* isObject */.Gv)(value) ? value[segment] : undefined;
    }
    return path;
}
function join(path, key) {
    return path === '' ? key : `${path}.${key}`;
}

// EXTERNAL MODULE: ./node_modules/ajv-formats/dist/index.js
var dist = __webpack_require__(2815);
var dist_default = /*#__PURE__*/__webpack_require__.n(dist);
// EXTERNAL MODULE: ./src/core/inputs.ts
var inputs = __webpack_require__(9114);
;// CONCATENATED MODULE: ./src/core/user-inputs.ts





// Both are CommonJS whose module.exports.default is module.exports itself: `.default` is right under Node's
// interop (default = module.exports) and under a bundler's (default = exports.default) alike.
const user_inputs_Ajv = (ajv_default())["default"];
const addFormats = (dist_default())["default"];
/** Port's formats that ajv-formats checks, and the ajv name of each (Port's `url` is a URI). */
const CHECKED_FORMATS = { 'date-time': 'date-time', email: 'email', url: 'uri', ipv4: 'ipv4', ipv6: 'ipv6' };
const FORMAT_PHRASES = {
    'date-time': 'a date-time like 2026-01-02T03:04:05Z',
    email: 'an email address',
    url: 'a URL',
    ipv4: 'an IPv4 address',
    ipv6: 'an IPv6 address',
    entity: 'an entity identifier or an entity object with "identifier"',
};
/** Only these reach ajv, which would throw on any other type name. */
const user_inputs_INPUT_TYPES = new Set(['string', 'number', 'boolean', 'object', 'array']);
/** An entity input's value arrives as the identifier or as the entity itself (PORT-FACTS.md §1). */
const ENTITY_SCHEMA = {
    anyOf: [{ type: 'string' }, { type: 'object', required: ['identifier'], properties: { identifier: { type: 'string' } } }],
};
/**
 * One instance for the process. `unicodeRegExp: false` compiles patterns as validateAction checks them (as a
 * browser form does). strictTypes is off because Port's definitions do carry keywords that do not apply
 * to the type (a maxLength on a number), which Port ignores and so do we.
 */
let user_inputs_ajv;
function validator() {
    if (user_inputs_ajv === undefined) {
        user_inputs_ajv = new user_inputs_Ajv({ allErrors: true, strict: true, strictTypes: false, unicodeRegExp: false });
        addFormats(user_inputs_ajv, Object.values(CHECKED_FORMATS));
    }
    return user_inputs_ajv;
}
/**
 * Does what Port does with a user's inputs before a run starts: applies the action's defaults, then checks
 * every value against `userInputs` (required, type, enum, pattern, lengths, bounds, formats). A default that
 * is a jq query is evaluated only when it is a plain path such as `.user.email` or `.entity.identifier`.
 * Expects an action that passed validateAction.
 * @throws ValidationError('inputs', problems) listing every problem at once, each as
 * `inputs.<id>: expected <what> but found <what>`; a secret input's value is never shown.
 */
function resolveUserInputs(action, given, context) {
    const specs = action.userInputs?.properties ?? {};
    const required = new Set(action.userInputs?.required ?? []);
    if (!(0,json/* isObject */.Gv)(given))
        throw new core_errors/* ValidationError */.yI('inputs', [`expected an object of input values but found ${(0,core_errors/* describeValue */.bp)(given)}`]);
    const problems = [];
    const values = new Map();
    const applied = new Map(); // id -> where its value came from, for messages
    for (const [id, value] of Object.entries(given)) {
        if (value === undefined)
            continue;
        if (Object.hasOwn(specs, id))
            values.set(id, value);
        else
            problems.push(`inputs.${id}: not an input of ${action.identifier} (${knownInputs(specs)})`);
    }
    for (const [id, spec] of Object.entries(specs)) {
        if (values.has(id) || spec.default === undefined)
            continue;
        const query = jqQueryOf(spec.default);
        if (query === undefined) {
            values.set(id, structuredClone(spec.default));
            applied.set(id, "the action's default");
            continue;
        }
        const evaluated = evaluatePlainPath(query, context);
        if (evaluated.ok && evaluated.value !== undefined && evaluated.value !== null) {
            values.set(id, structuredClone(evaluated.value));
            applied.set(id, `from its default ${query}`);
        }
        else if (!evaluated.ok) {
            // Optional or not: the user expects the default to be there, and port-ci will not guess it.
            problems.push(`inputs.${id}: its default is a jq query port-ci cannot evaluate (${query}); pass the input`);
            required.delete(id); // already said
        }
        else if (required.has(id)) {
            problems.push(`inputs.${id}: required (its default ${query} gave nothing here)`);
            required.delete(id);
        }
    }
    const schema = {
        type: 'object',
        properties: Object.fromEntries(Object.entries(specs).map(([id, spec]) => [id, jsonSchemaFor(spec, `inputs.${id}`, problems)])),
        required: [...required].filter((id) => Object.hasOwn(specs, id)),
    };
    const data = Object.fromEntries(values);
    const ajvInstance = validator();
    const validate = ajvInstance.compile(schema);
    const valid = validate(data);
    ajvInstance.removeSchema(schema); // compiled per call; do not let a long-lived process collect them
    if (!valid)
        problems.push(...valueProblems(validate.errors ?? [], specs, data, applied));
    if (problems.length > 0)
        throw new core_errors/* ValidationError */.yI('inputs', problems);
    const ordered = Object.keys(specs).filter((id) => values.has(id));
    return {
        properties: Object.fromEntries(ordered.map((id) => [id, values.get(id)])),
        secretIds: ordered.filter((id) => (0,inputs/* isSecretInput */.pX)(specs[id])),
        applied: ordered.filter((id) => applied.has(id)),
    };
}
function knownInputs(specs) {
    const ids = Object.keys(specs);
    return ids.length === 0 ? 'it takes no inputs' : `its inputs: ${ids.join(', ')}`;
}
function jqQueryOf(value) {
    return (0,json/* isObject */.Gv)(value) && typeof value.jqQuery === 'string' ? value.jqQuery : undefined;
}
/** `.user.email`, `.entity.properties.region`: dots and plain names only. jq proper is not emulated. */
const PLAIN_PATH = /^(\.[A-Za-z_][A-Za-z0-9_]*)+$/;
function evaluatePlainPath(query, context) {
    const trimmed = query.trim();
    if (!PLAIN_PATH.test(trimmed))
        return { ok: false };
    let value = context;
    for (const key of trimmed.slice(1).split('.')) {
        // Own keys only, so `.user.constructor` finds nothing rather than a function.
        value = (0,json/* isObject */.Gv)(value) && Object.hasOwn(value, key) ? value[key] : undefined;
    }
    return { ok: true, value };
}
/** The ajv schema for one Port input: only the keywords Port checks, Port-only formats left to the type. */
function jsonSchemaFor(spec, path, problems) {
    if (spec.format === 'entity' && (spec.type === undefined || spec.type === 'string'))
        return ENTITY_SCHEMA;
    const schema = {};
    if (user_inputs_INPUT_TYPES.has(spec.type))
        schema.type = spec.type;
    if (Array.isArray(spec.enum))
        schema.enum = spec.enum;
    if (typeof spec.minimum === 'number')
        schema.minimum = spec.minimum;
    if (typeof spec.maximum === 'number')
        schema.maximum = spec.maximum;
    // ajv wants whole, non-negative lengths; Port's definitions only promise numbers. Same meaning, rounded inwards.
    if (typeof spec.minLength === 'number')
        schema.minLength = Math.max(0, Math.ceil(spec.minLength));
    if (typeof spec.maxLength === 'number')
        schema.maxLength = Math.max(0, Math.floor(spec.maxLength));
    if (typeof spec.pattern === 'string') {
        if (compiles(spec.pattern))
            schema.pattern = spec.pattern;
        else
            problems.push(`${path}: the action's pattern ${(0,core_errors/* describeValue */.bp)(spec.pattern)} is not a valid regular expression`);
    }
    if (typeof spec.format === 'string' && Object.hasOwn(CHECKED_FORMATS, spec.format))
        schema.format = CHECKED_FORMATS[spec.format];
    if (spec.type === 'array' && (0,json/* isObject */.Gv)(spec.items))
        schema.items = jsonSchemaFor(spec.items, `${path}[]`, problems);
    return schema;
}
function compiles(pattern) {
    try {
        new RegExp(pattern);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * One sentence per value at fault, whatever the number of keywords it broke: ajv's errors say which
 * keyword failed, but the user needs what the input accepts, all of it.
 */
function valueProblems(errors, specs, data, applied) {
    const problems = new Map();
    for (const error of errors) {
        if (error.instancePath === '') {
            if (error.keyword === 'required') {
                const id = String(error.params.missingProperty);
                problems.set(`inputs.${id}`, `inputs.${id}: required`);
            }
            continue;
        }
        const [id = '', ...rest] = error.instancePath.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
        let spec = specs[id];
        let value = data[id];
        let path = `inputs.${id}`;
        // Descend through array items only: that is as deep as Port's input keywords reach.
        for (const segment of rest) {
            if (spec?.type !== 'array' || !Array.isArray(value))
                break;
            spec = spec.items;
            value = value[Number(segment)];
            path += `[${segment}]`;
        }
        if (problems.has(path))
            continue;
        const secret = (0,inputs/* isSecretInput */.pX)(specs[id]);
        const origin = applied.has(id) ? ` (${applied.get(id)})` : '';
        problems.set(path, `${path}: expected ${expectation(spec)} but found ${(0,core_errors/* describeValue */.bp)(value, { secret })}${origin}`);
    }
    return [...problems.values()];
}
/** What an input accepts, in words: `a number from 1 to 20`, `one of staging, production`. */
function expectation(spec) {
    if (spec === undefined)
        return 'a value';
    if (Array.isArray(spec.enum) && spec.type !== 'array') {
        return `one of ${spec.enum.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ')}`;
    }
    switch (spec.type) {
        case 'number': {
            const { minimum, maximum } = spec;
            if (typeof minimum === 'number' && typeof maximum === 'number')
                return `a number from ${minimum} to ${maximum}`;
            return `a number${range(minimum, maximum, String)}`;
        }
        case 'boolean':
            return 'true or false';
        case 'object':
            return 'an object';
        case 'array':
            return 'an array';
        case 'string': {
            const base = typeof spec.format === 'string' && Object.hasOwn(FORMAT_PHRASES, spec.format) ? FORMAT_PHRASES[spec.format] : 'a string';
            const length = range(spec.minLength, spec.maxLength, characters);
            const pattern = typeof spec.pattern === 'string' ? ` matching /${spec.pattern}/` : '';
            return `${base}${length}${pattern}`;
        }
        default:
            return 'a value';
    }
}
/** ` of 3 to 10 characters`, ` of at least 1 character`, ` of at most 20`: the bounds a spec sets, in words. */
function range(min, max, unit) {
    const hasMin = typeof min === 'number';
    const hasMax = typeof max === 'number';
    if (hasMin && hasMax)
        return ` of ${min} to ${unit(max)}`;
    if (hasMin)
        return ` of at least ${unit(min)}`;
    if (hasMax)
        return ` of at most ${unit(max)}`;
    return '';
}
function characters(n) {
    return n === 1 ? '1 character' : `${n} characters`;
}

;// CONCATENATED MODULE: ./src/dispatch/webhook.ts




/**
 * The webhook Port sends (PORT-FACTS.md §3): the run message as compact JSON, signed with the client secret
 * over "<timestamp>.<body>". The body is sent exactly as signed.
 */
function planWebhook(args) {
    const headers = { 'content-type': 'application/json' };
    const notes = [];
    if (args.clientSecret)
        Object.assign(headers, (0,core/* signWebhook */.vR)(JSON.stringify(args.message), args.clientSecret, args.nowSeconds));
    else
        notes.push('unsigned: set PORT_CLIENT_SECRET to sign as Port does');
    return { request: { method: (args.method.method ?? 'POST').toUpperCase(), url: args.method.url, headers, body: args.message }, notes };
}
async function sendWebhook(plan) {
    if (!plan.request.headers['X-Port-Signature'])
        throw new core/* UsageError */.eb('WEBHOOK: set PORT_CLIENT_SECRET: Port signs every webhook, and receivers check the signature');
    let response;
    try {
        response = await (0,http/* sendRequest */.w)(plan.request.method, plan.request.url, plan.request.headers, JSON.stringify(plan.request.body));
    }
    catch (error) {
        throw new UncertainDispatchError(`The webhook may or may not have been received: no answer from ${new URL(plan.request.url).host} (${error.message})`);
    }
    if (response.status >= 500)
        throw new UncertainDispatchError(`The webhook may or may not have been acted on: the receiver answered ${response.status}`);
    if (response.status >= 400)
        throw new errors/* ApiError */.h(`The webhook receiver refused the run: ${response.status} ${response.text.slice(0, 200)}`, response.status);
    return { backend: 'WEBHOOK', status: response.status };
}
/** Kafka: what would be produced. Port's Kafka messages carry the signature headers inside the message. */
function planKafka(args) {
    const headers = args.clientSecret ? (0,core/* signWebhook */.vR)(JSON.stringify(args.message), args.clientSecret, args.nowSeconds) : {};
    return {
        request: { method: 'PRODUCE', url: "kafka://<your organization's Port runs topic>", headers: {}, body: { ...args.message, headers } },
        notes: ['KAFKA: shown only; sending needs a Kafka broker, which port-ci does not support yet'],
    };
}
function sendKafka() {
    throw new core/* UsageError */.eb('KAFKA: sending needs a Kafka broker and is not supported yet; use --dry-run to see the message');
}

;// CONCATENATED MODULE: ./src/dispatch/plan.ts






/**
 * Does what Port does before it hands a run to a backend: validates the action and the inputs, applies
 * defaults, encrypts secret inputs with the client secret, builds the run message and the request for the
 * action's backend, with Port's omitPayload, omitUserInputs and defaultRef semantics. Sends nothing.
 */
async function planDispatch(args) {
    const action = validateAction(args.action, args.actionSource);
    const method = action.invocationMethod;
    const entity = entityObject(args.entity);
    if ((action.trigger === 'DAY-2' || action.trigger === 'DELETE') && !entity) {
        throw new core/* UsageError */.eb(`${args.actionSource}: ${action.identifier} is a ${action.trigger} action: pass --entity ID or --entity @entity.json`);
    }
    const { properties: plain, secretIds } = resolveUserInputs(action, args.inputs, {
        user: { email: args.user },
        entity,
        trigger: { by: { user: { email: args.user } } },
    });
    const clientSecret = args.env.PORT_CLIENT_SECRET;
    const properties = { ...plain };
    for (const id of secretIds) {
        if (properties[id] === undefined)
            continue;
        if (!clientSecret)
            throw new core/* UsageError */.eb(`inputs.${id} is a secret input: set PORT_CLIENT_SECRET so it is encrypted as Port does`);
        properties[id] = (0,core/* encryptSecret */.MG)((0,core/* envText */.zi)(properties[id]), clientSecret);
    }
    // Port takes plain values when it creates a run: it encrypts secret inputs itself.
    const runId = await args.obtainRunId(action, plain, entity);
    const message = runId === null ? null : (0,core/* buildRunMessage */.Pq)({ action, properties, runId, user: { email: args.user }, entity, at: args.now.toISOString() });
    const nowSeconds = Math.floor(args.now.getTime() / 1000);
    const base = { backend: method.type, action, runId };
    switch (method.type) {
        case 'GITHUB': {
            const apiUrl = (args.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
            const planned = planGitHub({ method: method, message: method.omitPayload ? null : message, properties, ref: args.ref, apiUrl });
            return { ...base, payload: method.omitPayload ? null : message, request: planned.request, notes: planned.notes };
        }
        case 'GITLAB': {
            const planned = planGitLab({ method: method, message: method.omitPayload ? null : message, properties, ref: args.ref, env: args.env });
            return { ...base, payload: method.omitPayload ? null : message, request: planned.request, notes: planned.notes };
        }
        case 'WEBHOOK': {
            if (!message)
                throw new core/* UsageError */.eb('WEBHOOK: a run id is needed for the run message (--run-id or --create-run)');
            const planned = planWebhook({ method: method, message, clientSecret, nowSeconds });
            return { ...base, payload: message, request: planned.request, notes: planned.notes };
        }
        default: {
            if (!message)
                throw new core/* UsageError */.eb('KAFKA: a run id is needed for the run message (--run-id or --create-run)');
            const planned = planKafka({ message, clientSecret, nowSeconds });
            return { ...base, payload: message, request: planned.request, notes: planned.notes };
        }
    }
}
function entityObject(entity) {
    if (entity === undefined)
        return null;
    if (typeof entity === 'string')
        return { identifier: entity };
    if (!(0,core/* isObject */.Gv)(entity) || typeof entity.identifier !== 'string')
        throw new core/* UsageError */.eb('--entity: expected an entity identifier or a JSON entity object with "identifier"');
    return entity;
}
/** The plan as `--dry-run --json` shows it: tokens redacted (secret inputs are already encrypted). */
function printablePlan(plan) {
    const body = plan.request.body;
    const redactedBody = plan.backend === 'GITLAB' && (0,core/* isObject */.Gv)(body) && body.token ? { ...body, token: '[redacted]' } : body;
    return {
        backend: plan.backend,
        runId: plan.runId,
        request: { ...plan.request, body: redactedBody },
        payload: plan.payload,
        notes: plan.notes,
    };
}

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
    if (backend === 'GITHUB')
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
        throw new core/* UsageError */.eb(missing);
    if (plan.backend === 'GITHUB' && !viaPort) {
        if (!result.externalRunId || !options.github)
            throw new core/* UsageError */.eb('--wait: GitHub did not say which workflow run the dispatch started, so there is nothing to follow');
        const [, owner, repo] = /\/repos\/([^/]+)\/([^/]+)\//.exec(new URL(plan.request.url).pathname) ?? [];
        const github = options.github;
        return async () => {
            const { data } = await github('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { owner, repo, run_id: Number(result.externalRunId) });
            const run = data;
            const done = run.status === 'completed';
            return { label: done ? `completed: ${run.conclusion}` : run.status, done, success: run.conclusion === 'success' };
        };
    }
    if (plan.backend === 'GITLAB' && !viaPort) {
        const token = gitlabReadToken(options.env);
        if (!result.externalRunId)
            throw new core/* UsageError */.eb('--wait: GitLab did not return the pipeline id');
        const url = new URL(plan.request.url);
        const host = url.href.slice(0, url.href.indexOf('/api/v4/')); // keeps a path prefix such as https://host/gitlab
        const project = decodeURIComponent(/\/projects\/([^/]+)\//.exec(url.pathname)[1]);
        return async () => {
            const { Gitlab } = await Promise.all(/* import() */[__webpack_require__.e(342), __webpack_require__.e(407)]).then(__webpack_require__.bind(__webpack_require__, 7961));
            const pipeline = (await new Gitlab({ host, token }).Pipelines.show(project, Number(result.externalRunId)));
            const done = ['success', 'failed', 'canceled', 'skipped'].includes(pipeline.status);
            return { label: pipeline.status, done, success: pipeline.status === 'success' };
        };
    }
    const port = options.port;
    const runId = plan.runId;
    return async () => {
        const run = await port.getRun(runId);
        return { label: run.status, done: run.status !== 'IN_PROGRESS', success: run.status === 'SUCCESS' };
    };
}

// EXTERNAL MODULE: ./src/cli/args.ts
var cli_args = __webpack_require__(7593);
// EXTERNAL MODULE: ./src/cli/errors.ts
var cli_errors = __webpack_require__(6675);
// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
// EXTERNAL MODULE: ./src/cli/port-config.ts + 6 modules
var port_config = __webpack_require__(342);
;// CONCATENATED MODULE: ./src/cli/commands/dispatch.ts















const usage = `Usage: port-ci dispatch --action FILE [--inputs JSON] [--input KEY=VALUE]... [--entity ID|@entity.json]
                        [--run-id r_... | --create-run] [--user EMAIL] [--ref REF]
                        [--dry-run] [--wait [--timeout 30m]] [--json]
       port-ci dispatch --batch runs.ndjson [--concurrency N] [--json]

Does what Port does when a user runs a self-service action: validates the action and the inputs, applies
defaults, encrypts secret inputs, builds the run message and triggers the action's backend (GITHUB, GITLAB,
WEBHOOK; KAFKA is shown with --dry-run only) with Port's omitPayload, omitUserInputs and defaultRef semantics.

Options:
  --action FILE            the action definition (JSON; "-" reads standard input)
  --inputs JSON            the user's inputs as a JSON object
  --input KEY=VALUE        one input; the value is typed by the action's schema (repeatable)
  --entity ID|@FILE        the entity of a DAY-2 or DELETE action: its identifier, or a JSON file with the entity
  --run-id ID              the Port run the backend reports to
  --create-run             ask Port to execute the action (Port creates the run and triggers the backend
                           itself; port-ci then only follows it with --wait); needs PORT_CLIENT_ID and
                           PORT_CLIENT_SECRET
  --user EMAIL             who runs it (default: $PORT_USER_EMAIL)
  --ref REF                GitHub: the branch or tag (else the input "ref", else the default branch);
                           GitLab: used when there is no input "ref" (else defaultRef, else main)
  --dry-run                print what would be sent and send nothing (tokens redacted)
  --wait                   follow the run to its end; exit 0 on success, 4 on failure or timeout
  --timeout DURATION       how long --wait follows (default 30m; e.g. 90s, 10m, 1h)
  --json                   print the result (or the plan) as JSON
  --batch FILE             one dispatch per NDJSON line: {"action": {...} | "file.json", "inputs", "entity",
                           "runId", "user", "ref"}; each line is sent at most once
  --concurrency N          batch: dispatches at once (default 4)
  --write-interval MS      GitHub: least time between two dispatches (default ${DEFAULT_WRITE_INTERVAL_MS}, GitHub's ~80 a minute)

Credentials: GITHUB_TOKEN (actions:write); GITLAB_TRIGGER_TOKEN, or the agent's {group}_{project} variable, and
GITLAB_URL; PORT_CLIENT_SECRET to encrypt secret inputs and sign webhooks; PORT_CLIENT_ID and PORT_CLIENT_SECRET
for --create-run and for ending the Port run after --wait (reportWorkflowStatus).
Exit codes: 0 dispatched (and, with --wait, succeeded); 2 usage, nothing sent; 3 the backend or Port refused, or
the answer was lost (uncertain); 4 the run failed or --wait timed out. --batch: 0 when every line was dispatched,
2 when every line was invalid, else 3 (each line's outcome is printed).
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
};
const command = {
    usage,
    async run(args, io) {
        const { values: flags } = (0,cli_args/* parseFlags */.b)('dispatch', args, FLAGS);
        if (flags.batch !== undefined)
            return runBatchCommand(flags, io);
        if (flags.action === undefined)
            throw new core/* UsageError */.eb('dispatch: --action FILE is required (or --batch FILE); see port-ci dispatch --help');
        if (flags['run-id'] && flags['create-run'])
            throw new core/* UsageError */.eb('dispatch: give --run-id or --create-run, not both');
        if (flags['dry-run'] && flags['create-run']) {
            throw new core/* UsageError */.eb('dispatch: --create-run asks Port to execute the action, which is not a dry run; use --run-id with --dry-run');
        }
        const action = readJsonArg(io, '--action', flags.action);
        const inputs = readInputs(flags, io, action);
        const entity = readEntity(io, flags.entity);
        const session = new Session(flags, io);
        const plan = await planDispatch({
            action,
            actionSource: flags.action,
            inputs,
            entity,
            obtainRunId: (definition, properties, entityObject) => session.runId(definition, properties, entityObject, flags['run-id']),
            user: flags.user ?? io.env.PORT_USER_EMAIL,
            ref: flags.ref,
            env: io.env,
            now: new Date(),
        });
        if (flags['dry-run']) {
            if (flags.json)
                io.stdout(`${JSON.stringify(printablePlan(plan))}\n`);
            else
                io.stdout(describePlan(plan));
            return cli_errors/* EXIT */.d.ok;
        }
        // A run created through Port's API is executed by Port: it triggers the backend itself, so port-ci must not.
        const result = flags['create-run'] ? { backend: plan.backend, status: 202 } : await session.send(plan);
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
            timeoutMs: parseDuration(flags.timeout ?? '30m'),
            pollMs: Number(io.env.PORT_CI_POLL_MS) || 3000,
            env: io.env,
            github: plan.backend === 'GITHUB' && !flags['create-run'] ? session.github() : undefined,
            port: session.port(),
            viaPort: flags['create-run'],
            onState: (state) => tty && io.stderr(`  ${new Date().toISOString().slice(11, 19)} ${state}\n`),
        }).catch((error) => {
            const where = result.link ?? result.externalRunId ?? 'its run';
            throw new errors/* ApiError */.h(`dispatched (${where}), but could not follow the run: ${error.message}`, null);
        });
        if (!flags['create-run'])
            await session.reportOutcome(plan, result, outcome.conclusion);
        if (flags.json)
            io.stdout(`${JSON.stringify({ ...result, runId: plan.runId, conclusion: outcome.conclusion, detail: outcome.detail })}\n`);
        else
            io.stdout(`${outcome.conclusion === 'success' ? 'succeeded' : outcome.conclusion === 'timeout' ? 'timed out' : 'failed'}: ${outcome.detail}\n`);
        return outcome.conclusion === 'success' ? cli_errors/* EXIT */.d.ok : cli_errors/* EXIT */.d.runFailed;
    },
};
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
            throw new core/* UsageError */.eb('GITHUB: set GITHUB_TOKEN to a token that can dispatch workflows (actions:write)');
        this.#github ??= githubClient({
            token,
            apiUrl: (this.io.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
            writeIntervalMs: this.flags['write-interval'] === undefined ? undefined : nonNegative('--write-interval', this.flags['write-interval']),
            onWait: (kind, seconds) => this.io.stderr(`port-ci: dispatch: GitHub's ${kind} rate limit: waiting ${seconds} s\n`),
        });
        return this.#github;
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
            if (!(0,core/* isRunId */.Pk)(given))
                throw new core/* UsageError */.eb(`--run-id: ${JSON.stringify(given.slice(0, 40))} is not accepted; expected a run id like "r_..." (letters, digits, "_" and "-")`);
            return given;
        }
        if (this.flags['create-run']) {
            const port = this.port();
            if (!port)
                throw new core/* UsageError */.eb('--create-run: set PORT_CLIENT_ID and PORT_CLIENT_SECRET');
            const run = await port.createRun(action.identifier, { properties, ...(typeof entity?.identifier === 'string' ? { entity: entity.identifier } : {}) });
            return run.id;
        }
        if (this.flags['dry-run'])
            return `r_local_${(0,external_node_crypto_.randomBytes)(8).toString('hex')}`;
        const method = action.invocationMethod;
        if (method.omitPayload)
            return null;
        throw new core/* UsageError */.eb('dispatch: the backend needs a Port run to report to: pass --run-id r_..., or --create-run');
    }
    /**
     * Refuses, before anything is sent or a Port run is created, what would stop the dispatch or --wait later:
     * a run created for a dispatch that then fails is left IN_PROGRESS, and a dispatch made before a usage error
     * (exit 2) is easily made again by whoever fixes the error.
     */
    preflight(action, hasRunId) {
        const method = action.invocationMethod;
        const sends = !this.flags['create-run']; // with --create-run, Port triggers the backend, not port-ci
        if (sends && method.type === 'GITHUB')
            this.github();
        if (sends && method.type === 'GITLAB' && !this.io.env.GITLAB_TRIGGER_TOKEN && !this.io.env[agentTokenVariable(method.groupName ?? '', method.projectName ?? '')]) {
            throw new core/* UsageError */.eb(`GITLAB: no trigger token: set GITLAB_TRIGGER_TOKEN or ${agentTokenVariable(method.groupName ?? '', method.projectName ?? '')}`);
        }
        if (sends && method.type === 'KAFKA')
            sendKafka();
        const waits = this.flags.wait && this.flags.batch === undefined; // a batch does not wait
        // A run Port executes itself is followed through Port, whatever its backend.
        const followed = this.flags['create-run'] ? 'WEBHOOK' : method.type;
        const missing = waits ? cannotWait(followed, this.io.env, Boolean(this.port()), hasRunId || this.flags['create-run'] === true) : undefined;
        if (missing)
            throw new core/* UsageError */.eb(missing);
    }
    send(plan) {
        switch (plan.backend) {
            case 'GITHUB':
                return sendGitHub(plan, this.github());
            case 'GITLAB':
                return sendGitLab(plan);
            case 'WEBHOOK':
                return sendWebhook(plan);
            default:
                return sendKafka();
        }
    }
    /** With reportWorkflowStatus (GITHUB, on by default), end the Port run with the run's outcome and link. */
    async reportOutcome(plan, result, conclusion) {
        const method = plan.action.invocationMethod;
        const port = this.port();
        if (plan.backend !== 'GITHUB' || method.reportWorkflowStatus === false || !port || !plan.runId)
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
            if (!(error instanceof errors/* ApiError */.h && error.code === 'run_exhausted'))
                this.io.stderr(`port-ci: warning: ${error.message}\n`);
        }
    }
}
async function runBatchCommand(flags, io) {
    const file = flags.batch;
    const base = file === '-' ? process.cwd() : external_node_path_default().dirname(external_node_path_default().resolve(file));
    const { items, invalid } = parseBatch((0,cli_io/* readArgFile */.d)(io, '--batch', file), (name) => readJsonArg(io, `action file`, external_node_path_default().resolve(base, name)));
    const session = new Session(flags, io);
    const concurrency = flags.concurrency === undefined ? 4 : nonNegative('--concurrency', flags.concurrency) || 1;
    const outcomes = await runBatch(items, {
        concurrency,
        dispatch: async (item) => {
            const plan = await planDispatch({
                action: item.action,
                actionSource: item.actionSource,
                inputs: item.inputs,
                entity: item.entity,
                obtainRunId: (definition, properties, entity) => session.runId(definition, properties, entity, item.runId),
                user: item.user ?? io.env.PORT_USER_EMAIL,
                ref: item.ref,
                env: io.env,
                now: new Date(),
            });
            if (flags['dry-run'])
                return { runId: plan.runId, result: { backend: plan.backend, status: 0 } };
            return { runId: plan.runId, result: await session.send(plan) };
        },
    });
    const all = [...invalid, ...outcomes].sort((a, b) => a.line - b.line);
    const summary = summarize(all);
    if (flags.json)
        io.stdout(`${JSON.stringify({ summary, lines: all })}\n`);
    else {
        for (const outcome of all) {
            const where = outcome.link ?? outcome.externalRunId ?? '';
            io.stdout(`line ${outcome.line}: ${outcome.state}${outcome.runId ? ` ${outcome.runId}` : ''}${where ? ` ${where}` : ''}${outcome.error ? `: ${outcome.error}` : ''}\n`);
        }
        io.stdout(`${summary.lines} lines: ${summary.dispatched} dispatched, ${summary.refused} refused, ${summary.uncertain} uncertain, ${summary.invalid} invalid\n`);
    }
    // Exit 2 says "nothing happened, fix the input and run again": only true when no line was sent.
    if (summary.dispatched + summary.refused + summary.uncertain === 0 && summary.invalid > 0)
        return cli_errors/* EXIT */.d.usage;
    return summary.lines === summary.dispatched ? cli_errors/* EXIT */.d.ok : cli_errors/* EXIT */.d.api;
}
function readJsonArg(io, flag, file) {
    return (0,core/* parseJsonText */.lk)((0,cli_io/* readArgFile */.d)(io, flag, file), flag);
}
/** --inputs JSON, then each --input KEY=VALUE typed by the action's schema (so replica_count=3 is a number). */
function readInputs(flags, io, action) {
    // A Map, not an object: an input named "__proto__" must stay an input (and be refused by name), not a prototype.
    const inputs = new Map();
    if (flags.inputs !== undefined) {
        const given = (0,core/* parseJsonText */.lk)(flags.inputs.startsWith('@') ? (0,cli_io/* readArgFile */.d)(io, '--inputs', flags.inputs.slice(1)) : flags.inputs, '--inputs');
        if (!(0,core/* isObject */.Gv)(given))
            throw new core/* UsageError */.eb('--inputs: expected a JSON object of input values');
        for (const [key, value] of Object.entries(given))
            inputs.set(key, value);
    }
    const specs = (0,core/* isObject */.Gv)(action) && (0,core/* isObject */.Gv)(action.userInputs) && (0,core/* isObject */.Gv)(action.userInputs.properties) ? action.userInputs.properties : {};
    for (const pair of flags.input ?? []) {
        const at = pair.indexOf('=');
        if (at <= 0)
            throw new core/* UsageError */.eb(`--input: "${pair}" is not accepted; expected KEY=VALUE`);
        const key = pair.slice(0, at);
        const spec = (Object.hasOwn(specs, key) ? specs[key] : undefined);
        if (!(0,core/* isSecretInput */.pX)(spec)) {
            inputs.set(key, (0,core/* typeInputText */.YN)(pair.slice(at + 1), spec, `--input ${key}`));
            continue;
        }
        // A secret given here is its plain value (port-ci encrypts it), typed like any other; an error never shows it.
        try {
            inputs.set(key, (0,core/* typeInputText */.YN)(pair.slice(at + 1), { ...spec, encryption: undefined }, `--input ${key}`));
        }
        catch {
            throw new core/* UsageError */.eb(`--input ${key}: expected ${spec.type === 'object' ? 'an object as JSON' : `a ${String(spec.type)}`} but found a value that is not (secret, not shown)`);
        }
    }
    return Object.fromEntries(inputs); // fromEntries defines keys: "__proto__" stays data, for validation to refuse
}
function readEntity(io, value) {
    if (value === undefined || !value.startsWith('@'))
        return value;
    const entity = (0,core/* parseJsonText */.lk)((0,cli_io/* readArgFile */.d)(io, '--entity', value.slice(1)), '--entity');
    if (!(0,core/* isObject */.Gv)(entity))
        throw new core/* UsageError */.eb('--entity: expected the entity as a JSON object');
    return entity;
}
function parseDuration(text) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
    if (!match)
        throw new core/* UsageError */.eb(`--timeout: "${text}" is not accepted; expected a duration like 90s, 30m or 1h`);
    return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's')];
}
function nonNegative(flag, text) {
    if (!/^\d+$/.test(text))
        throw new core/* UsageError */.eb(`${flag}: "${text}" is not accepted; expected a whole number`);
    return Number(text);
}
function describePlan(plan) {
    const printable = printablePlan(plan);
    const request = printable.request;
    return [
        `${plan.backend} dispatch of ${plan.action.identifier} (run ${plan.runId ?? 'none: payload omitted'}), not sent:`,
        `  ${request.method} ${request.url}`,
        ...Object.entries(request.headers).map(([name, value]) => `  ${name}: ${value}`),
        `  ${JSON.stringify(request.body, null, 2).replace(/\n/g, '\n  ')}`,
        ...plan.notes.map((note) => `note: ${note}`),
        '',
    ].join('\n');
}
function describeResult(plan, result) {
    const where = result.link ? `: ${result.link}` : result.externalRunId ? ` (${result.externalRunId})` : '';
    return `dispatched ${plan.action.identifier} to ${plan.backend}${plan.runId ? ` for Port run ${plan.runId}` : ''}${where}\n`;
}


/***/ })

};

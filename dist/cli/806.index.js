export const id = 806;
export const ids = [806];
export const modules = {

/***/ 6806:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  makeRunHandler: () => (/* binding */ makeRunHandler)
});

// EXTERNAL MODULE: ./src/jq/engine.ts
var engine = __webpack_require__(4143);
// EXTERNAL MODULE: ./src/port/client.ts
var client = __webpack_require__(2732);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/masking.ts
var masking = __webpack_require__(923);
// EXTERNAL MODULE: ./src/core/json.ts
var core_json = __webpack_require__(6153);
// EXTERNAL MODULE: ./src/core/webhook-signature.ts
var webhook_signature = __webpack_require__(7077);
// EXTERNAL MODULE: ./src/core/secrets.ts
var secrets = __webpack_require__(8198);
// EXTERNAL MODULE: ./src/http/request.ts
var request = __webpack_require__(7777);
// EXTERNAL MODULE: ./src/http/retry.ts
var retry = __webpack_require__(8902);
// EXTERNAL MODULE: ./src/port/errors.ts
var port_errors = __webpack_require__(6272);
// EXTERNAL MODULE: ./src/port/lost-logs.ts
var lost_logs = __webpack_require__(9521);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/agent/mapping.ts



/*
 * The agent's mapping: port-agent's `control_the_payload_config.json` (PORT-FACTS.md §11), read from port-agent's
 * own code and docs (app/core/config.py, app/invokers/webhook_invoker.py, docs "Control the payload"):
 * - a list of entries; the first whose `enabled` is true, or a jq string giving exactly true, applies;
 * - every string in url, method, headers, query, body and report is a jq expression over the message (a literal
 *   is quoted: "\"x\""); objects and arrays are walked, their strings evaluated, other JSON kept as written;
 * - a field left out keeps its default: method = invocationMethod.method or POST, url = invocationMethod.url,
 *   headers and query {}, body = the whole message;
 * - `report` is evaluated over {body: message, request, response: {statusCode, headers, text, json}}; its
 *   fields override the default report: FAILURE with a summary on a non-2xx answer, SUCCESS on a 2xx only
 *   when the invocation method is `synchronized`, else nothing.
 * Where this differs from port-agent it is stricter, and says so: a jq error in a request or report field is an
 * error naming the field (port-agent sends null in its place), an unknown field in an entry is refused (pydantic
 * drops it silently, so a typo went unnoticed), and a fieldsToDecryptPaths path that port-agent would never find
 * (a leading dot, a wildcard) is refused with the form it takes.
 */
/** The fields an entry may have, as port-agent's Mapping model has them. */
const ENTRY_FIELDS = ['enabled', 'url', 'method', 'headers', 'query', 'body', 'report', 'fieldsToDecryptPaths'];
const REPORT_FIELDS = ['status', 'link', 'summary', 'externalRunId'];
const REQUEST_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
/**
 * The built-in mapping, port-agent's default behaviour written in its own terms: GITLAB actions trigger a
 * pipeline (PORT-FACTS.md §3: GITLAB_URL, the `{group with / as _}_{project}` token, variables through
 * tostring, port_payload; link web_url, externalRunId id), and everything else is posted to
 * invocationMethod.url with the whole message as body.
 */
const DEFAULT_MAPPING = {
    source: 'the built-in mapping',
    entries: [
        {
            enabled: '.payload.action.invocationMethod.type == "GITLAB"',
            url: '(env.GITLAB_URL // "https://gitlab.com/" | sub("/*$"; "/")) + "api/v4/projects/" + ((.payload.action.invocationMethod.groupName + "/" + .payload.action.invocationMethod.projectName) | @uri) + "/trigger/pipeline"',
            body: {
                // A current-format action's rendered pipelineVariables.ref first (as Port's direct GitLab dispatch picks it),
                // then the classic user input, then defaultRef.
                ref: '.payload.action.invocationMethod as $m | (if ($m.pipelineVariables | type) == "object" then $m.pipelineVariables.ref else null end) // .payload.properties.ref // $m.defaultRef // "main" | if type == "string" then . else tostring end',
                token: '.payload.action.invocationMethod as $m | env[($m.groupName | gsub("/"; "_")) + "_" + $m.projectName]',
                // A current-format action's pipelineVariables, when the message carries them, else the user's inputs.
                variables: '.payload.action.invocationMethod as $m | if $m.omitUserInputs then {} elif ($m.pipelineVariables | type) == "object" then $m.pipelineVariables | with_entries(.value |= tostring) else .payload.properties // {} | with_entries(.value |= tostring) end',
                port_payload: 'if .payload.action.invocationMethod.omitPayload then {} else . end',
            },
            report: { link: '.response.json.web_url', externalRunId: '.response.json.id | tostring' },
            fieldsToDecryptPaths: [],
        },
        { enabled: true, fieldsToDecryptPaths: [] },
    ],
};
/** The variable port-agent reads the mapping file's path from. */
const MAPPING_PATH_ENV = 'CONTROL_THE_PAYLOAD_CONFIG_PATH';
/**
 * The mapping the agent runs with, as port-agent finds it: the file CONTROL_THE_PAYLOAD_CONFIG_PATH names, else
 * `control_the_payload_config.json` in `dir` when it exists (port-agent's default is that file in its working
 * folder, /app in its image, where its Helm chart mounts the chart's controlThePayloadConfig), else the built-in
 * mapping. A file replaces the built-in mapping whole, as port-agent's does (a file without a GITLAB entry
 * triggers no pipelines).
 * @throws UsageError when the named file cannot be read, or a file is not a valid mapping.
 */
function loadMapping(env, dir = process.cwd()) {
    const named = env[MAPPING_PATH_ENV]?.trim();
    const file = named ? external_node_path_default().resolve(named) : external_node_path_default().join(dir, 'control_the_payload_config.json');
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch (error) {
        const code = error.code;
        if (!named && code === 'ENOENT')
            return DEFAULT_MAPPING;
        throw new errors/* UsageError */.eb(`${MAPPING_PATH_ENV}: cannot read ${file} (${code ?? error.message}); expected a JSON mapping file, or leave ${MAPPING_PATH_ENV} unset for the built-in mapping`);
    }
    return parseMapping(text, file);
}
/**
 * Reads a mapping file's text (JSON: a list of entries).
 * @throws UsageError naming the entry (by position, from 0 as port-agent's list), the field and what is accepted.
 */
function parseMapping(text, source) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new errors/* UsageError */.eb(`${source}: not JSON (${error.message}); expected a list of mapping entries as port-agent's control_the_payload_config.json`);
    }
    if (!Array.isArray(value))
        throw new errors/* UsageError */.eb(`${source}: expected a list of mapping entries ([{"enabled": true, ...}]) but found ${describe(value)}`);
    if (value.length === 0)
        throw new errors/* UsageError */.eb(`${source}: the list is empty, so no message would ever be sent; give at least one entry, e.g. [{"enabled": true}]`);
    return { source, entries: value.map((entry, index) => parseEntry(entry, `${source}: entry ${index}`)) };
}
function parseEntry(value, where) {
    if (!(0,core_json/* isObject */.Gv)(value))
        throw new errors/* UsageError */.eb(`${where}: expected an object such as {"enabled": true, "url": "..."} but found ${describe(value)}`);
    for (const key of Object.keys(value)) {
        if (!ENTRY_FIELDS.includes(key))
            throw new errors/* UsageError */.eb(`${where}: unknown field "${key}"; an entry takes ${ENTRY_FIELDS.join(', ')}`);
    }
    // pydantic's Mapping: a field set to null is as if left out.
    const given = (key) => (value[key] === null ? undefined : value[key]);
    const entry = { enabled: true, fieldsToDecryptPaths: [] };
    const enabled = given('enabled');
    if (enabled !== undefined) {
        if (typeof enabled !== 'boolean' && typeof enabled !== 'string')
            throw new errors/* UsageError */.eb(`${where}: enabled: expected true, false or a jq expression (a string) but found ${describe(enabled)}`);
        entry.enabled = enabled;
    }
    for (const key of ['url', 'method']) {
        const field = given(key);
        if (field === undefined)
            continue;
        if (typeof field !== 'string')
            throw new errors/* UsageError */.eb(`${where}: ${key}: expected a jq expression (a string; quote a literal: "\\"${key === 'url' ? 'https://...' : 'POST'}\\"") but found ${describe(field)}`);
        entry[key] = field;
    }
    for (const key of ['headers', 'query', 'body']) {
        const field = given(key);
        if (field === undefined)
            continue;
        if (typeof field !== 'string' && !(0,core_json/* isObject */.Gv)(field))
            throw new errors/* UsageError */.eb(`${where}: ${key}: expected a jq expression (a string) or an object whose strings are jq, but found ${describe(field)}`);
        entry[key] = field;
    }
    const report = given('report');
    if (report !== undefined) {
        if (!(0,core_json/* isObject */.Gv)(report))
            throw new errors/* UsageError */.eb(`${where}: report: expected an object with any of ${REPORT_FIELDS.join(', ')} but found ${describe(report)}`);
        entry.report = {};
        for (const [key, field] of Object.entries(report)) {
            if (!REPORT_FIELDS.includes(key))
                throw new errors/* UsageError */.eb(`${where}: report: unknown field "${key}"; report takes ${REPORT_FIELDS.join(', ')}`);
            if (field === null)
                continue;
            if (typeof field !== 'string')
                throw new errors/* UsageError */.eb(`${where}: report.${key}: expected a jq expression (a string) but found ${describe(field)}`);
            entry.report[key] = field;
        }
    }
    const paths = given('fieldsToDecryptPaths');
    if (paths !== undefined) {
        if (!Array.isArray(paths))
            throw new errors/* UsageError */.eb(`${where}: fieldsToDecryptPaths: expected a list of dot paths such as ["payload.properties.api_key"] but found ${describe(paths)}`);
        entry.fieldsToDecryptPaths = paths.map((path, index) => checkPath(path, `${where}: fieldsToDecryptPaths[${index}]`));
    }
    return entry;
}
/** A dot path as port-agent's glom reads it: names and array indexes, no leading dot, no wildcards. */
function checkPath(path, where) {
    if (typeof path !== 'string' || path === '')
        throw new errors/* UsageError */.eb(`${where}: expected a dot path such as "payload.properties.api_key" but found ${describe(path)}`);
    if (path.startsWith('.'))
        throw new errors/* UsageError */.eb(`${where}: "${path}" starts with a dot; write the path from the message's root without it: "${path.replace(/^\.+/, '')}"`);
    if (/[[\]*]/.test(path))
        throw new errors/* UsageError */.eb(`${where}: "${path}" uses brackets or a wildcard; name each array item by its index, as in "secrets.0.value"`);
    if (path.split('.').some((part) => part === ''))
        throw new errors/* UsageError */.eb(`${where}: "${path}" has an empty part; expected names and indexes separated by single dots`);
    return path;
}
function describe(value) {
    if (value === undefined)
        return 'nothing';
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'an object';
    const text = JSON.stringify(value);
    return `the ${typeof value} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}
/** A jq expression of the mapping failed: the field it sits in and jq's message. Such a message is poison. */
class MappingRunError extends Error {
    field;
    jqMessage;
    name = 'MappingRunError';
    constructor(field, jqMessage) {
        super(`${field}: ${jqMessage}`);
        this.field = field;
        this.jqMessage = jqMessage;
    }
}
/**
 * The position of the first entry that applies to the message, or undefined when none does. An `enabled`
 * expression that fails does not apply, as in port-agent: with several agents splitting a topic by their
 * filters, a filter written for one team's messages must not stop another team's.
 */
async function selectEntry(mapping, message, jq) {
    const filters = mapping.entries.flatMap((entry) => (typeof entry.enabled === 'string' ? [entry.enabled] : []));
    const outcomes = await jq.engine.evaluate(filters, message, { env: jq.env });
    let next = 0;
    for (const [index, entry] of mapping.entries.entries()) {
        if (typeof entry.enabled === 'boolean') {
            if (entry.enabled)
                return index;
            continue;
        }
        const outcome = outcomes[next++];
        if (outcome.kind === 'value' && outcome.value === true)
            return index;
    }
    return undefined;
}
/**
 * Evaluates every jq string in `templates` (each under its field name) in one jq run and returns them rebuilt:
 * strings replaced by their first output (null for none), everything else as written.
 * @throws MappingRunError naming the first field whose expression failed.
 */
async function evaluateFields(templates, input, jq, prefix) {
    const found = [];
    const collect = (value, field) => {
        if (typeof value === 'string')
            found.push({ field, filter: value });
        else if (Array.isArray(value))
            value.forEach((item, index) => collect(item, `${field}[${index}]`));
        else if ((0,core_json/* isObject */.Gv)(value))
            for (const [key, item] of Object.entries(value))
                collect(item, `${field}.${key}`);
    };
    for (const [key, value] of Object.entries(templates))
        collect(value, `${prefix}${key}`);
    const outcomes = await jq.engine.evaluate(found.map((each) => each.filter), input, { env: jq.env });
    const failed = outcomes.findIndex((outcome) => outcome.kind === 'error');
    if (failed >= 0)
        throw new MappingRunError(found[failed].field, outcomes[failed].message);
    let next = 0;
    const rebuild = (value) => {
        if (typeof value === 'string') {
            const outcome = outcomes[next++];
            return outcome.kind === 'value' ? outcome.value : null;
        }
        if (Array.isArray(value))
            return value.map(rebuild);
        if ((0,core_json/* isObject */.Gv)(value)) {
            const out = {};
            for (const [key, item] of Object.entries(value))
                Object.defineProperty(out, key, { value: rebuild(item), enumerable: true, writable: true, configurable: true });
            return out;
        }
        return value;
    };
    const result = {};
    for (const [key, value] of Object.entries(templates))
        result[key] = rebuild(value);
    return result;
}
/**
 * Builds the request an entry makes for a message (its fields over the defaults).
 * @throws MappingRunError for a failed expression or a result that cannot be sent (naming the field).
 */
async function buildRequest(entry, entryName, message, jq) {
    const method = invocationMethodOf(message);
    const templates = {};
    for (const key of ['url', 'method', 'headers', 'query', 'body'])
        if (entry[key] !== undefined)
            templates[key] = entry[key];
    const mapped = await evaluateFields(templates, message, jq, `${entryName}: `);
    const pick = (key, fallback) => (Object.hasOwn(mapped, key) ? mapped[key] : fallback);
    const url = pick('url', method.url ?? '');
    const verb = pick('method', method.method ?? 'POST');
    const headers = pick('headers', {});
    const query = pick('query', {});
    const body = pick('body', message);
    const field = (key) => `${entryName}: ${key}`;
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
        throw new MappingRunError(field('url'), `gave ${describe(url)}; expected an http:// or https:// URL${entry.url === undefined ? ' (the default is the action\'s invocationMethod.url)' : ''}`);
    }
    try {
        new URL(url);
    }
    catch {
        throw new MappingRunError(field('url'), `gave "${url.slice(0, 120)}", which is not a URL`);
    }
    const upper = typeof verb === 'string' ? verb.toUpperCase() : verb;
    if (typeof upper !== 'string' || !REQUEST_METHODS.includes(upper)) {
        throw new MappingRunError(field('method'), `gave ${describe(verb)}; expected one of ${REQUEST_METHODS.join(', ')}`);
    }
    return { method: upper, url, headers: headerTexts(headers, field('headers')), query: queryTexts(query, field('query')), body };
}
/** Header values as text, as requests sends them; a null value leaves the header out (requests drops it too). */
function headerTexts(value, field) {
    if (!(0,core_json/* isObject */.Gv)(value))
        throw new MappingRunError(field, `gave ${describe(value)}; expected an object of header names and values`);
    const out = {};
    for (const [name, item] of Object.entries(value)) {
        if (item === null || item === undefined)
            continue;
        if (typeof item === 'object')
            throw new MappingRunError(`${field}.${name}`, `gave ${describe(item)}; a header value is text, a number or a boolean`);
        const text = String(item);
        if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
            throw new MappingRunError(`${field}.${name}`, 'is not a header name (letters, digits and !#$%&\'*+.^_`|~-)');
        if (/[\r\n\0]/.test(text))
            throw new MappingRunError(`${field}.${name}`, 'a header value cannot hold a line break or NUL');
        Object.defineProperty(out, name, { value: text, enumerable: true, writable: true, configurable: true });
    }
    return out;
}
function queryTexts(value, field) {
    if (!(0,core_json/* isObject */.Gv)(value))
        throw new MappingRunError(field, `gave ${describe(value)}; expected an object of parameter names and values`);
    const out = {};
    const text = (item, name) => {
        if (item !== null && typeof item === 'object')
            throw new MappingRunError(`${field}.${name}`, `gave ${describe(item)}; a parameter value is text, a number or a boolean (a list repeats it)`);
        return String(item);
    };
    for (const [name, item] of Object.entries(value)) {
        if (item === null || item === undefined)
            continue;
        const texts = Array.isArray(item) ? item.filter((each) => each !== null).map((each) => text(each, name)) : text(item, name);
        Object.defineProperty(out, name, { value: texts, enumerable: true, writable: true, configurable: true });
    }
    return out;
}
/** The URL with the query parameters appended (after any the URL already has). */
function requestUrl(request) {
    const url = new URL(request.url);
    for (const [name, value] of Object.entries(request.query))
        for (const each of Array.isArray(value) ? value : [value])
            url.searchParams.append(name, each);
    return url.href;
}
/**
 * What the run is told after the backend answered: port-agent's defaults (FAILURE and a summary on a non-2xx
 * answer; SUCCESS on a 2xx only when synchronized), then the entry's report fields over them.
 * @throws MappingRunError for a failed expression or a value Port would refuse (naming the field).
 */
async function buildReport(entry, entryName, context, jq) {
    const ok = context.response.statusCode >= 200 && context.response.statusCode < 300;
    const report = {};
    if (!ok) {
        report.status = 'FAILURE';
        report.summary = `Failed to invoke the webhook with status code: ${context.response.statusCode}.`;
    }
    else if (invocationMethodOf(context.body).synchronized === true)
        report.status = 'SUCCESS';
    if (!entry.report)
        return report;
    const mapped = await evaluateFields(entry.report, context, jq, `${entryName}: report.`);
    for (const [key, value] of Object.entries(mapped)) {
        const field = `${entryName}: report.${key}`;
        // pydantic's exclude_none: a field that gives null leaves the default as it was.
        if (value === null)
            continue;
        if (key === 'status') {
            const text = String(value).toUpperCase();
            if (text !== 'SUCCESS' && text !== 'FAILURE')
                throw new MappingRunError(field, `gave ${describe(value)}; Port takes SUCCESS or FAILURE`);
            report.status = text;
        }
        else if (key === 'link') {
            if (typeof value === 'string')
                report.link = value;
            else if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
                report.link = value;
            else
                throw new MappingRunError(field, `gave ${describe(value)}; Port takes a URL or a list of URLs`);
        }
        else {
            // summary and externalRunId are text in Port; a number (a pipeline id) is written as its digits.
            if (typeof value === 'object')
                throw new MappingRunError(field, `gave ${describe(value)}; expected text (use tostring)`);
            report[key] = String(value);
        }
    }
    return report;
}
/** `payload.action.invocationMethod`, or {} when the message has none. */
function invocationMethodOf(message) {
    const payload = (0,core_json/* isObject */.Gv)(message) ? message.payload : undefined;
    const action = (0,core_json/* isObject */.Gv)(payload) ? payload.action : undefined;
    const method = (0,core_json/* isObject */.Gv)(action) ? action.invocationMethod : undefined;
    return (0,core_json/* isObject */.Gv)(method) ? method : {};
}

// EXTERNAL MODULE: ./src/backends/gitlab.ts
var gitlab = __webpack_require__(110);
// EXTERNAL MODULE: ./src/backends/github.ts
var github = __webpack_require__(4646);
;// CONCATENATED MODULE: ./src/agent/follow-targets.ts






/*
 * What `--follow` follows, found in a backend's answer, written to the run's log, found again there after a restart,
 * and read until it ends:
 * - a GitLab pipeline: a trigger's 201 answer ({id, web_url}), read with a token that may read pipelines;
 * - a GitHub workflow run: a workflow dispatch's 200 answer with `return_run_details` ({workflow_run_id, html_url}),
 *   read with the dispatch's own Authorization header;
 * - a webhook's status URL: a 202 Accepted answer with a Location header (the asynchronous request-reply pattern),
 *   read until it answers something other than 202.
 * What carries a credential is never written: after a restart the target is rebuilt from the log line (ids, a URL)
 * and from the request the redelivered record maps to again (its URL, its headers), so a line in Port's log can name
 * only a pipeline or run of the same project or repository, on the same host, as the request the mapping makes.
 */
/** The first words of the line that says what is followed, by which a later delivery finds it. */
const FOLLOW_MARK = 'port-ci agent: following ';
/** The first words of the line that says the agent let go of it (the limit, or it cannot be read). */
const LET_GO_MARK = 'port-ci agent: stopped following ';
/** Query parameters that carry a credential in status URLs (Azure Functions' `code`, signed URLs' `sig`). */
const SECRET_PARAMETER = /token|secret|password|passwd|authorization|api[-_]?key|signature|^sig$|^code$|^key$/i;
/** Headers of the request that are about its body or its signature, not about who asks. */
const BODY_HEADER = /^(content-type|content-length|x-port-signature|x-port-timestamp)$/i;
/** The GitLab trigger a request makes: where GitLab is and which project, or undefined. */
function gitlabTrigger(request) {
    const url = new URL(request.url);
    const match = /^(.*?)\/api\/v4\/projects\/([^/]+)\/trigger\/pipeline\/?$/.exec(url.pathname);
    if (!match)
        return undefined;
    let project;
    try {
        project = decodeURIComponent(match[2]);
    }
    catch {
        return undefined;
    }
    return { host: `${url.origin}${match[1]}`, project };
}
/** The GitHub workflow dispatch a request makes: the API's prefix (GHES has /api/v3) and the repository. */
function githubDispatch(request) {
    const url = new URL(request.url);
    const match = /^(.*?)\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/[^/]+\/dispatches\/?$/.exec(url.pathname);
    if (!match)
        return undefined;
    try {
        return { api: `${url.origin}${match[1]}`, repo: `${decodeURIComponent(match[2])}/${decodeURIComponent(match[3])}` };
    }
    catch {
        return undefined;
    }
}
/** What a read of GitHub's run sends: the dispatch's own credentials and API version, nothing about its body. */
function githubHeaders(request) {
    const headers = { accept: 'application/vnd.github+json', 'user-agent': 'port-ci-agent' };
    for (const [name, value] of Object.entries(request.headers))
        if (/^(authorization|x-github-api-version|user-agent)$/i.test(name))
            headers[name.toLowerCase()] = value;
    return headers;
}
/**
 * A status URL is read with the request's headers (its credentials) only on the request's own origin, as a
 * browser drops Authorization on a redirect to another origin: a Location elsewhere is read without them.
 */
function statusHeaders(request, url) {
    const headers = { accept: 'application/json' };
    if (url.origin !== new URL(request.url).origin)
        return headers;
    for (const [name, value] of Object.entries(request.headers))
        if (!BODY_HEADER.test(name))
            headers[name.toLowerCase()] = value;
    return headers;
}
function idOf(value) {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0)
        return String(value);
    if (typeof value === 'string' && /^\d{1,19}$/.test(value))
        return value;
    return undefined;
}
/**
 * What the backend's answer started that can be followed, or why there is nothing (for the run's log), or
 * undefined when the answer is not of a kind that is followed. Secrets in a status URL's query are given to the
 * masker, so the line that names it shows none.
 */
function targetFromAnswer(request, response, masker) {
    const json = (0,core_json/* isObject */.Gv)(response.json) ? response.json : {};
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    const gitlab = gitlabTrigger(request);
    if (gitlab) {
        const pipelineId = idOf(json.id);
        if (!ok)
            return undefined;
        if (!pipelineId)
            return { nothing: 'GitLab\'s answer names no pipeline id' };
        return { kind: 'gitlab', ...gitlab, pipelineId, ...(typeof json.web_url === 'string' ? { webUrl: json.web_url } : {}) };
    }
    const github = githubDispatch(request);
    if (github) {
        if (!ok)
            return undefined;
        const runId = idOf(json.workflow_run_id);
        if (!runId)
            return { nothing: `GitHub answered ${response.statusCode} without the run's details: send "return_run_details": true in the dispatch's body` };
        return {
            kind: 'github',
            runUrl: `${github.api}/repos/${github.repo}/actions/runs/${runId}`,
            repo: github.repo,
            runId,
            ...(typeof json.html_url === 'string' ? { htmlUrl: json.html_url } : {}),
            headers: githubHeaders(request),
        };
    }
    const location = response.headers.location;
    if (response.statusCode !== 202 || !location)
        return undefined;
    let url;
    try {
        url = new URL(location, request.url);
    }
    catch {
        return { nothing: 'the 202 answer\'s Location is not a URL' };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return { nothing: `the 202 answer's Location is a ${url.protocol} URL, not http(s)` };
    for (const [name, value] of url.searchParams)
        if (SECRET_PARAMETER.test(name) && value !== '')
            masker.add(value);
    return { kind: 'status-url', url: url.href, headers: statusHeaders(request, url) };
}
/** The target in words, as every line about it names it. */
function describeTarget(target) {
    if (target.kind === 'gitlab')
        return `GitLab pipeline ${target.pipelineId} of ${target.project}`;
    if (target.kind === 'github')
        return `GitHub workflow run ${target.runId} of ${target.repo}`;
    return `the status URL ${target.url}`;
}
/** "30 ms", "10 s", "6 min", "2.5 h": for lines people read. */
function duration(ms) {
    if (ms < 1_000)
        return `${Math.round(ms)} ms`;
    if (ms < 60_000)
        return `${Math.round(ms / 100) / 10} s`;
    if (ms < 7_200_000)
        return `${Math.round(ms / 6_000) / 10} min`;
    return `${Math.round(ms / 360_000) / 10} h`;
}
/** The line that begins a follow: what is followed (never a credential), and how. */
function followLine(target, pollMs, limitMs) {
    const where = target.kind === 'gitlab' ? target.webUrl : target.kind === 'github' ? target.htmlUrl : undefined;
    const until = target.kind === 'status-url' ? 'until it answers other than 202 Accepted' : 'until it ends';
    return `${FOLLOW_MARK}${describeTarget(target)}${where ? ` (${where})` : ''} ${until}, looking every ${duration(pollMs)} for at most ${duration(limitMs)}`;
}
/**
 * The follow an earlier delivery began, from the run's log and the request the record maps to again: its target
 * and when it began (Port's time of the line, from which the limit counts); `{ cannot }` when the log shows one that
 * cannot be taken up (let go of, or its line no longer matches the request); undefined when the log shows none.
 */
function findFollow(logs, request) {
    let index = logs.length - 1;
    while (index >= 0 && !logs[index].message.startsWith(FOLLOW_MARK))
        index--;
    if (index < 0)
        return undefined;
    const line = logs[index];
    const letGo = logs.slice(index + 1).find((log) => log.message.startsWith(LET_GO_MARK));
    if (letGo)
        return { cannot: 'an earlier delivery let go of it (see the run\'s log)' };
    const startedAt = Date.parse(line.createdAt);
    const target = parseFollowLine(line.message, request);
    if (typeof target === 'string')
        return { cannot: target };
    return { target, startedAt: Number.isFinite(startedAt) ? startedAt : Date.now() };
}
/** The target a follow line names, checked against the request; or why it cannot be followed. */
function parseFollowLine(message, request) {
    const rest = message.slice(FOLLOW_MARK.length);
    let match;
    if ((match = /^GitLab pipeline (\d+) of (\S+)(?: \((\S+)\))? /.exec(rest))) {
        const trigger = gitlabTrigger(request);
        if (!trigger || trigger.project !== match[2])
            return `the log's GitLab pipeline is of ${match[2]}, which is not the project this record triggers`;
        return { kind: 'gitlab', ...trigger, pipelineId: match[1], ...(match[3] ? { webUrl: match[3] } : {}) };
    }
    if ((match = /^GitHub workflow run (\d+) of (\S+)(?: \((\S+)\))? /.exec(rest))) {
        const dispatch = githubDispatch(request);
        if (!dispatch || dispatch.repo !== match[2])
            return `the log's GitHub workflow run is of ${match[2]}, which is not the repository this record dispatches to`;
        const runId = match[1];
        return { kind: 'github', runUrl: `${dispatch.api}/repos/${dispatch.repo}/actions/runs/${runId}`, repo: dispatch.repo, runId, ...(match[3] ? { htmlUrl: match[3] } : {}), headers: githubHeaders(request) };
    }
    if ((match = /^the status URL (\S+) /.exec(rest))) {
        // A credential in its query was masked when the line was written: that URL cannot be read again.
        if (match[1].includes('***'))
            return 'the status URL carries a credential in its query, which the log does not keep';
        let url;
        try {
            url = new URL(match[1]);
        }
        catch {
            return `the log's status URL "${match[1]}" is not a URL`;
        }
        return { kind: 'status-url', url: url.href, headers: statusHeaders(request, url) };
    }
    return 'the log\'s follow line is not one this agent writes';
}
/** Whether a mapping may trigger GitLab pipelines, which only a read token lets the agent follow. */
function mappingTriggersGitLab(mapping) {
    return mapping.entries.some((entry) => (typeof entry.url === 'string' && entry.url.includes('trigger/pipeline')) || (typeof entry.enabled === 'string' && entry.enabled.includes('"GITLAB"')));
}
/** A reader for the target; it remembers what it saw, to look up a pipeline's stage only when its status changes. */
function openReader(target, context) {
    if (target.kind === 'gitlab')
        return gitlabReader(target, context);
    if (target.kind === 'github')
        return githubReader(target, context);
    return statusUrlReader(target, context);
}
/** A refusal that the same look would meet again: no use trying until the limit. */
function unreadable(error) {
    const reason = error instanceof Error ? error.message : String(error);
    const status = error instanceof port_errors/* ApiError */.h ? error.status : null;
    return { state: 'unreadable', reason, permanent: status !== null && status >= 400 && status < 500 && status !== 429 };
}
function gitlabReader(target, context) {
    const name = `GitLab pipeline ${target.pipelineId}`;
    let lastStatus = '';
    let label = '';
    return {
        async read() {
            if (!context.gitlabToken)
                return { state: 'unreadable', permanent: true, reason: 'no token that can read GitLab pipelines: set PORT_GITLAB_TOKEN (read_api)' };
            const ref = { host: target.host, project: target.project, pipelineId: target.pipelineId, token: context.gitlabToken, env: {}, policy: context.policy };
            let status;
            try {
                status = await (0,gitlab/* readPipelineStatus */.nl)(ref);
            }
            catch (error) {
                return unreadable(error);
            }
            if (status === 'success')
                return { state: 'ended', status: 'SUCCESS', summary: `${name} succeeded`, label: `${name} ended: success` };
            if (status === 'canceled')
                return { state: 'ended', status: 'FAILURE', summary: `${name} was canceled`, label: `${name} ended: canceled` };
            if (status === 'skipped')
                return { state: 'ended', status: 'FAILURE', summary: `${name} was skipped`, label: `${name} ended: skipped` };
            if (status === 'failed') {
                const summary = await (0,gitlab/* listPipelineJobs */.Z$)({ ...ref, scope: ['failed'] }).then((jobs) => (0,gitlab/* failureSummary */.jg)(jobs, name), (error) => `${name} failed (its failed jobs could not be listed: ${error.message})`);
                return { state: 'ended', status: 'FAILURE', summary, label: `${name} ended: failed` };
            }
            if (status !== lastStatus) {
                lastStatus = status;
                label = `${name} is ${status.replace(/_/g, ' ')}`;
                // One more read only when the status changes, to say where a running pipeline is.
                if (status === 'running') {
                    const jobs = await (0,gitlab/* listPipelineJobs */.Z$)({ ...ref, scope: ['running'] }).catch(() => []);
                    const stages = [...new Set(jobs.map((job) => job.stage))];
                    if (stages.length > 0)
                        label += ` (stage${stages.length > 1 ? 's' : ''} ${stages.join(', ')}: ${jobs.map((job) => job.name).join(', ')})`;
                }
            }
            return { state: 'running', label };
        },
    };
}
/** GitHub's limits answer 403 too, with the budget spent or a retry-after: those are waited out, not given up on. */
function githubRetryable(response) {
    if ((0,retry/* isRetryableStatus */.PS)(response.status))
        return true;
    return response.status === 403 && (response.headers['x-ratelimit-remaining'] === '0' || response.headers['retry-after'] !== undefined);
}
async function getJson(url, headers, policy, what, retryable) {
    try {
        return await (0,retry/* sendWithRetries */.HI)((timeoutMs) => (0,request/* sendRequest */.w)('GET', url, headers, undefined, timeoutMs), policy, undefined, undefined, retryable);
    }
    catch (error) {
        if (!(error instanceof retry/* RetriesExhausted */.w1))
            throw error;
        const last = error.last.response;
        throw new port_errors/* ApiError */.h(`Could not ${what}: ${last ? `it answered ${last.status}` : `it could not be reached (${error.last.error?.message})`}; ${error.message}`, null);
    }
}
function githubReader(target, context) {
    const name = `GitHub workflow run ${target.runId}`;
    return {
        async read() {
            let run;
            try {
                const response = await getJson(target.runUrl, target.headers, context.policy, `read ${name}`, githubRetryable);
                if (response.status !== 200)
                    throw new port_errors/* ApiError */.h(`Could not read ${name}: GitHub answered ${response.status} ${response.text.slice(0, 200)}`.trim(), response.status);
                run = JSON.parse(response.text);
            }
            catch (error) {
                return unreadable(error);
            }
            const status = String(run.status);
            if (status !== 'completed')
                return { state: 'running', label: `${name} is ${status.replace(/_/g, ' ')}` };
            const conclusion = String(run.conclusion);
            const successes = (0,github/* successfulConclusions */.t)('v2');
            if (successes.includes(conclusion))
                return { state: 'ended', status: 'SUCCESS', summary: conclusion === 'success' ? `${name} succeeded` : `${name} concluded ${conclusion}`, label: `${name} ended: ${conclusion}` };
            const attempt = idOf(run.run_attempt) ?? '1';
            const failed = await getJson(`${target.runUrl}/attempts/${attempt}/jobs?per_page=100`, target.headers, context.policy, `list the jobs of ${name}`, githubRetryable).then((response) => {
                if (response.status !== 200)
                    return undefined;
                const jobs = JSON.parse(response.text).jobs ?? [];
                return jobs.filter((job) => typeof job.conclusion === 'string' && !successes.includes(job.conclusion)).map((job) => String(job.name));
            }, () => undefined);
            const jobs = failed && failed.length > 0 ? ` (failed job${failed.length > 1 ? 's' : ''}: ${failed.join(', ')})` : '';
            return { state: 'ended', status: 'FAILURE', summary: `${name} concluded ${conclusion}${jobs}`, label: `${name} ended: ${conclusion}` };
        },
    };
}
/** The answer in one line for a summary: its `summary` or `message` when it is JSON that has one, else its text. */
function answerText(response) {
    let text = response.text;
    try {
        const json = JSON.parse(text);
        if ((0,core_json/* isObject */.Gv)(json))
            text = typeof json.summary === 'string' ? json.summary : typeof json.message === 'string' ? json.message : text;
    }
    catch {
        // not JSON: its text as it is
    }
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length > 500 ? `${line.slice(0, 497)}...` : line;
}
function statusUrlReader(target, context) {
    const shown = `${new URL(target.url).origin}${new URL(target.url).pathname}`;
    return {
        async read() {
            let response;
            try {
                response = await getJson(target.url, target.headers, context.policy, `read the status URL ${shown}`);
            }
            catch (error) {
                return unreadable(error);
            }
            const status = response.status;
            const said = answerText(response);
            const answered = `The status URL answered HTTP ${status}${said ? `: ${said}` : ''}`;
            if (status === 202) {
                // The pattern's server may say when to come back; between 1 s and 10 min of it is heeded.
                const asked = (0,retry/* serverRequestedWait */.VV)(status, response.headers, Date.now());
                return { state: 'running', label: `the status URL still answers 202 Accepted${said ? ` (${said})` : ''}`, ...(asked === undefined ? {} : { waitMs: Math.min(600_000, Math.max(1_000, asked)) }) };
            }
            if (status >= 200 && status < 300)
                return { state: 'ended', status: 'SUCCESS', summary: answered, label: `the status URL answered ${status}` };
            // In the pattern a redirect from the status URL says the work is done and where its result is.
            if (status >= 300 && status < 400 && response.headers.location) {
                return { state: 'ended', status: 'SUCCESS', summary: `The status URL answered HTTP ${status}: done, the result is at ${new URL(response.headers.location, target.url).href}`, label: `the status URL answered ${status}` };
            }
            return { state: 'ended', status: 'FAILURE', summary: answered, label: `the status URL answered ${status}` };
        },
    };
}

;// CONCATENATED MODULE: ./src/agent/follow.ts



const FOLLOW_POLICY = { ...retry/* DEFAULT_RETRY_POLICY */.cO, deadlineMs: 30_000, attemptTimeoutMs: 10_000 };
/** The longest wait between two tries of the run's final write while Port is unreachable. */
const MAX_WRITE_WAIT_MS = 60_000;
/** Resolves when `signal` aborts or after `ms`, whichever comes first. */
function sleep(ms, signal) {
    return new Promise((resolve) => {
        if (signal.aborted)
            return resolve();
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
function unlessAborted(promise, signal) {
    promise.catch(() => undefined);
    if (signal.aborted)
        return Promise.resolve(ABORTED);
    return new Promise((resolve, reject) => {
        const onAbort = () => resolve(ABORTED);
        signal.addEventListener('abort', onAbort, { once: true });
        promise.then((value) => {
            signal.removeEventListener('abort', onAbort);
            resolve(value);
        }, (error) => {
            signal.removeEventListener('abort', onAbort);
            reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
}
/** Port's answer that the run has ended (or is gone): nothing more is written to it. */
function runIsOver(error) {
    return error instanceof port_errors/* ApiError */.h && (error.status === 404 || error.status === 422);
}
/**
 * Returns the function that follows one target to its end. The promise it returns never rejects: whatever goes
 * wrong is said on the run's log (when Port can be reached) and the follow lets go.
 */
function createFollower(settings, deps) {
    const now = deps.now ?? Date.now;
    const policy = { ...FOLLOW_POLICY, ...settings.policy };
    const { port } = deps;
    const looksPerSecond = settings.looksPerSecond ?? 20;
    let following = 0;
    /** The wait between two looks at one run: the interval, stretched when the runs followed would exceed the budget. */
    const interval = () => Math.max(settings.pollMs, (following / looksPerSecond) * 1000);
    return async (job) => {
        following++;
        try {
            await follow(job);
        }
        catch (error) {
            if (!job.signal.aborted)
                await letGo(job, `: ${error.message}`);
        }
        finally {
            following--;
        }
    };
    async function follow(job) {
        const { runId, target, signal } = job;
        const reader = openReader(target, { gitlabToken: settings.gitlabToken, policy });
        const deadline = job.startedAt + settings.limitMs;
        let shown = '';
        while (!signal.aborted) {
            // Looked at once more even past the limit: a follow taken up late still ends a run whose pipeline has ended.
            const seen = await unlessAborted(reader.read(), signal);
            if (seen === ABORTED)
                return;
            if (seen.state === 'ended')
                return finish(job, seen);
            if (seen.state === 'unreadable' && seen.permanent)
                return letGo(job, `: ${seen.reason}`);
            if (now() >= deadline)
                return letGo(job, ` after ${duration(settings.limitMs)} (the follow limit, --follow-limit)`);
            const over = await unlessAborted(runHasEnded(runId), signal);
            if (over === ABORTED || over)
                return;
            // A fault is told once, when it begins, not at every look while it lasts (its wording changes each time).
            const key = seen.state === 'running' ? seen.label : 'unreadable';
            if (key !== shown) {
                shown = key;
                const label = seen.state === 'running' ? seen.label : `${describeTarget(target)} could not be read (${seen.reason}); looking again`;
                const told = await unlessAborted(progress(job, label), signal);
                if (told === ABORTED || told === 'over')
                    return;
            }
            await sleep(Math.min(seen.state === 'running' && seen.waitMs !== undefined ? seen.waitMs : interval(), Math.max(0, deadline - now())), signal);
        }
    }
    /** Whether the run in Port has ended (or is gone); a Port that cannot be asked is not taken for an answer. */
    async function runHasEnded(runId) {
        try {
            return (await port.getRun(runId)).status !== 'IN_PROGRESS';
        }
        catch (error) {
            return error instanceof port_errors/* ApiError */.h && error.status === 404;
        }
    }
    /** A line on the run's log when what is followed changes; 'over' when Port says the run has ended. */
    async function progress(job, label) {
        try {
            await port.addLog(job.runId, { message: job.masker.mask(`port-ci agent: ${label}`) });
            return 'told';
        }
        catch (error) {
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
    async function finish(job, seen) {
        let logged = false;
        for (let attempt = 0; !job.signal.aborted; attempt++) {
            try {
                if (!logged)
                    await port.addLog(job.runId, { message: job.masker.mask(`port-ci agent: ${seen.label}`) });
                logged = true;
                await port.updateRun(job.runId, { status: seen.status, summary: job.masker.mask(seen.summary) });
                return;
            }
            catch (error) {
                if (runIsOver(error))
                    return;
                await sleep(Math.min(MAX_WRITE_WAIT_MS, 1_000 * 2 ** attempt), job.signal);
            }
        }
    }
    /** Says on the run's log that the agent lets go and why, leaving the run as it is; a Port that cannot be reached is let be. */
    async function letGo(job, why) {
        const line = `${LET_GO_MARK}${describeTarget(job.target)}${why}; the run is left as it is`;
        await port.addLog(job.runId, { message: job.masker.mask(line) }).catch(() => undefined);
    }
}

;// CONCATENATED MODULE: ./src/agent/handler.ts










/*
 * The run handler: one Kafka record in, one run handed on (or refused) out, with no Kafka in it.
 *
 * Delivery. The consumer commits a record only once handle() has resolved, so a record is seen again after a
 * crash, a rebalance or a throw. What makes that safe is what the run in Port shows, written in this order:
 *   1. the intent: a log line "port-ci agent: an action message has been received (delivery t/p/o); sending it
 *      to ..." before anything is sent;
 *   2. the request to the backend;
 *   3. the report's link, externalRunId and summary (a PATCH), when it has any;
 *   4. the hand-on: a log line "port-ci agent: sent to ...: HTTP n", carrying the report's status as its
 *      terminationStatus, so that the mark and the end of the run are one write.
 * A record seen again reads the run first: ended, or the hand-on in its log, or the intent and a link,
 * externalRunId or summary (for an agent's run only step 3 sets those, from the backend's answer) -> 'duplicate',
 * nothing sent. The intent alone -> nobody can know whether step 2 reached the backend, so the run ends FAILURE
 * saying so and where to look -> 'uncertain'. Steps 3-4 failing because Port is unreachable is the common case, not
 * a crash: the handler remembers what it sent (in this process) and throws, and the consumer's retry records it,
 * not sends it.
 * Limits: a crash after the intent and before the send also ends the run as uncertain (nothing tells the two
 * apart); a crash between steps 3 and 4 of a report that has both fields and a status leaves the run IN_PROGRESS
 * with its link (the status came from an answer no longer known). GitLab cannot be asked instead: the trigger
 * carries the run id only in port_payload, which its API does not show, and the agent holds only trigger tokens.
 *
 * Following (--follow). When the backend's answer started something that can be followed (follow-targets.ts: a
 * GitLab pipeline, a GitHub workflow run, a webhook's status URL) and the report did not end the run, step 3 begins
 * with the follow line "port-ci agent: following <what> ..." (before the report's PATCH, so that a crash after it
 * leaves a run that is followed again, at worst without its link), and the result carries
 * `following` (follow.ts), whose end the consumer waits for before it commits. A record seen again whose run is
 * still IN_PROGRESS and shows a follow line (with or without the hand-on after it: the line itself says the backend
 * answered) is a 'duplicate' that takes the follow up again, from the log line and the request the record maps to.
 */
/** The first words of the intent line, by which a later delivery finds it. */
const INTENT_MARK = 'port-ci agent: an action message has been received';
/** The first words of the hand-on line. */
const SENT_MARK = 'port-ci agent: sent to ';
const MAX_UNRECORDED = 10_000;
/** Header and body field names whose values are kept out of every text (a trigger token, an API key). */
const SECRET_NAME = /token|secret|password|passwd|authorization|api[-_]?key|cookie|signature/i;
/**
 * A RunHandler for Port's agent messages (PORT-FACTS.md §2, §11): checks the signature, skips what is not for an
 * agent, applies the mapping, decrypts fieldsToDecryptPaths, sends the request and reports to Port as the mapping
 * says. Never throws for a bad message (it answers 'poison' and tells the run); throws when Port cannot be reached,
 * so the consumer does not commit the record.
 */
function createRunHandler(config, deps) {
    const mapping = config.mapping ?? DEFAULT_MAPPING;
    checkClientSecret(config.clientSecret, mapping);
    if (config.follow && !config.follow.gitlabToken && mappingTriggersGitLab(mapping)) {
        throw new errors/* UsageError */.eb(`--follow: ${mapping.source} triggers GitLab pipelines, and following one needs a token that can read it (trigger tokens cannot): set PORT_GITLAB_TOKEN or GITLAB_TOKEN to a token with read_api on those projects, or leave --follow out`);
    }
    const followOne = config.follow ? createFollower(config.follow, { port: deps.port, now: () => clock.now() }) : undefined;
    /** The follows this process runs, by run: a record seen again while its run is followed here shares the follow. */
    const followingNow = new Map();
    const jq = { engine: deps.engine, env: config.env };
    const clock = deps.clock ?? retry/* realClock */.dQ;
    const requestTimeoutMs = config.requestTimeoutMs ?? 30_000;
    const unreachableDeadlineMs = config.unreachableDeadlineMs ?? 60_000;
    const unrecorded = new Map();
    const baseSecrets = [config.clientSecret, ...(config.secrets ?? []), ...(config.follow?.gitlabToken ? [config.follow.gitlabToken] : [])];
    return {
        async handle(value, origin, signal = new AbortController().signal) {
            const masker = new masking/* SecretMasker */.M2();
            for (const secret of baseSecrets)
                masker.add(secret);
            const masked = (result) => (result.detail === undefined ? result : { ...result, detail: masker.mask(result.detail) });
            const prepared = await prepare(value, origin, masker);
            return masked('outcome' in prepared ? prepared : await deliver(prepared, origin, masker, signal));
        },
    };
    /** From the record to the request it makes: parsed, checked, mapped and decrypted; or why not (a result). */
    async function prepare(value, origin, masker) {
        const keyRun = origin.key !== undefined && /^r_[A-Za-z0-9_-]+$/.test(origin.key) ? origin.key : undefined;
        let message;
        try {
            message = JSON.parse(value.toString('utf8'));
        }
        catch (error) {
            // V8's message may quote the text around the fault: kept short, it says where without repeating the record.
            return poison(keyRun, `the message is not JSON (${shorten(error.message, 160)})`, masker);
        }
        if (!(0,core_json/* isObject */.Gv)(message))
            return poison(keyRun, `the message is ${Array.isArray(message) ? 'a list' : `a ${message === null ? 'null' : typeof message}`}, not a run message object`, masker);
        // The change-log topic's messages (port-agent's second topic) are not runs.
        if ('changelogDestination' in message)
            return { outcome: 'skipped', detail: 'a catalog change-log message: this agent hands on action runs' };
        const method = invocationMethodOf(message);
        // Only the message names its run: the record's key is not signed, so it is used only to tell a run of poison.
        const runId = runIdOf(message);
        if (method.agent !== true)
            return { outcome: 'skipped', runId, detail: `not for an agent: payload.action.invocationMethod.agent is ${JSON.stringify(method.agent) ?? 'absent'}` };
        // Workflow node runs have their own API (/v1/workflows/nodes/runs), which this agent does not speak yet.
        if (runId?.startsWith('wfnr_'))
            return { outcome: 'skipped', runId, detail: 'a workflow node run: not handled by this agent yet' };
        const signed = checkSignature(message, config.clientSecret);
        if (typeof signed === 'string')
            return poison(runId ?? keyRun, signed, masker);
        if (!runId)
            return poison(keyRun, 'the message names no run (context.runId)', masker);
        let request;
        let entryIndex;
        const body = signed.message;
        try {
            entryIndex = await selectEntry(mapping, body, jq);
            if (entryIndex === undefined)
                return { outcome: 'skipped', runId, detail: `no entry of ${mapping.source} is enabled for it (another agent's filter?)` };
            const entry = mapping.entries[entryIndex];
            decryptFields(body, entry.fieldsToDecryptPaths, config.clientSecret, masker);
            request = await buildRequest(entry, entryName(entryIndex), body, jq);
            if (mapping === DEFAULT_MAPPING && entryIndex === 0 && (0,core_json/* isObject */.Gv)(request.body) && (request.body.token === null || request.body.token === '')) {
                throw new MappingRunError(`${entryName(0)}: body.token`, `no trigger token: set the environment variable ${gitlabTokenVariable(method)} to the project's pipeline trigger token`);
            }
        }
        catch (error) {
            // A filter that never ends or a message jq cannot read fails the same way on every delivery: poison, not a retry.
            if (error instanceof MappingRunError || error instanceof errors/* PayloadError */.tG || error instanceof engine/* JqTimeoutError */.XA || error instanceof engine/* JqInputError */._P) {
                return poison(runId, `the mapping could not be applied: ${error.message}`, masker);
            }
            throw error;
        }
        for (const [name, text] of Object.entries(request.headers))
            if (SECRET_NAME.test(name))
                masker.add(text);
        if ((0,core_json/* isObject */.Gv)(request.body))
            for (const [name, item] of Object.entries(request.body))
                if (SECRET_NAME.test(name) && typeof item === 'string')
                    masker.add(item);
        return { runId, body, entryIndex, request, backend: String(method.type ?? 'WEBHOOK'), where: shownUrl(request.url) };
    }
    /** The delivery steps (see the top of this file) for a prepared request. */
    async function deliver(prepared, origin, masker, signal) {
        const { runId, body, entryIndex, request, backend, where } = prepared;
        const left = unrecorded.get(runId);
        if (left) {
            await record(runId, left, masker);
            return withFollow({ outcome: 'handed-on', runId, detail: `${left.sentLine} (recorded on a retry)` }, left.follow, clock.now(), masker, signal);
        }
        // Both reads at once: every first delivery pays for them, so they cost one round trip, not two.
        const [run, logs] = await Promise.all([readRun(runId), deps.port.listLogs(runId).catch((error) => error)]);
        if (!run)
            return poison(undefined, `run ${runId} does not exist in Port`, masker);
        if (run.status !== 'IN_PROGRESS')
            return { outcome: 'duplicate', runId, detail: `the run has ended (${run.status}): not sent` };
        if (logs instanceof Error)
            throw logs;
        const handedOn = logs.some((log) => log.message.startsWith(SENT_MARK));
        // A follow line comes only from the backend's answer: with or without the hand-on after it, nothing is sent again.
        if (handedOn || logs.some((log) => log.message.startsWith(FOLLOW_MARK))) {
            const detail = handedOn ? 'the run shows it was handed on already: not sent again' : 'the run shows what the backend started: not sent again';
            const earlier = findFollow(logs, request);
            if (!earlier)
                return { outcome: 'duplicate', runId, detail };
            if (!followOne)
                return { outcome: 'duplicate', runId, detail: `${detail}; its follow line is left alone (this agent runs without --follow)` };
            if ('cannot' in earlier)
                return { outcome: 'duplicate', runId, detail: `${detail}; not followed again: ${earlier.cannot}` };
            return withFollow({ outcome: 'duplicate', runId, detail }, earlier.target, earlier.startedAt, masker, signal);
        }
        const intent = logs.find((log) => log.message.startsWith(INTENT_MARK));
        if (intent) {
            if (hasText(run.link) || hasText(run.externalRunId) || hasText(run.summary)) {
                return { outcome: 'duplicate', runId, detail: 'the run shows the backend\'s answer (its link, externalRunId or summary): not sent again' };
            }
            return uncertain(runId, backend, where, request, intent, masker);
        }
        const delivery = `${origin.topic}/${origin.partition}/${origin.offset}`;
        await deps.port.addLog(runId, { message: masker.mask(`${INTENT_MARK} (delivery ${delivery}); sending it to ${backend} at ${where}`) });
        // Port signs what it sends with PORT_CLIENT_SECRET, and so does the agent: what the backend gets is signed over
        // its exact bytes (port-agent signs a re-serialisation with Python's separators, which a receiver must redo).
        const rawBody = JSON.stringify(request.body) ?? 'null';
        const signature = (0,webhook_signature/* signWebhook */.v)(rawBody, config.clientSecret, clock.now() / 1000);
        masker.add(signature['X-Port-Signature']);
        const headers = { ...request.headers };
        if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
            headers['content-type'] = 'application/json';
        for (const name of Object.keys(headers))
            if (/^x-port-(signature|timestamp)$/i.test(name))
                delete headers[name];
        Object.assign(headers, signature);
        const sent = await sendToBackend(request.method, requestUrl(request), headers, rawBody);
        if ('notSent' in sent) {
            const reason = `${backend} at ${where} could not be reached (${sent.notSent.message}); nothing was sent`;
            await endRun(runId, { status: 'FAILURE', summary: masker.mask(`port-ci agent: ${reason}`) });
            return { outcome: 'poison', runId, detail: reason };
        }
        if ('lost' in sent) {
            const summary = `port-ci agent: the request to ${backend} at ${where} got no answer (${sent.lost.message}), so it cannot be known whether it arrived. ${lookHint(backend, request)}`;
            await endRun(runId, { status: 'FAILURE', summary: masker.mask(summary) });
            return { outcome: 'uncertain', runId, detail: `no answer from ${backend} at ${where}: the run was ended FAILURE as uncertain` };
        }
        const response = responseView(sent.response);
        const entry = mapping.entries[entryIndex];
        let report;
        let reportProblem;
        try {
            report = await buildReport(entry, entryName(entryIndex), { body, request: { ...request, headers }, response }, jq);
        }
        catch (error) {
            if (!(error instanceof MappingRunError || error instanceof engine/* JqTimeoutError */.XA || error instanceof engine/* JqInputError */._P))
                throw error;
            // Sent already: the run is not failed for the report's sake, only told.
            reportProblem = `the report mapping failed (${error.message}); the run is left as the backend reports it`;
            report = {};
        }
        const { status, ...fields } = report;
        const update = Object.keys(fields).length > 0 ? { ...fields } : undefined;
        // A run the report ends (a synchronized webhook, a report's status) has nothing left to follow.
        const found = followOne && !status ? targetFromAnswer({ ...request, headers }, response, masker) : undefined;
        const follow = found && !('nothing' in found) ? found : undefined;
        const nothing = found && 'nothing' in found ? `; nothing to follow: ${found.nothing}` : '';
        const sentLine = `${SENT_MARK}${backend} at ${where}: HTTP ${response.statusCode}${reportProblem ? `; ${reportProblem}` : ''}${nothing}`;
        const done = { update, sentLine, status, ...(follow ? { follow } : {}) };
        remember(runId, done);
        await record(runId, done, masker);
        return withFollow({ outcome: 'handed-on', runId, detail: sentLine }, follow, clock.now(), masker, signal);
    }
    /** The result with its follow, when there is one to run (shared with a follow of the same run this process runs). */
    function withFollow(result, target, startedAt, masker, signal) {
        if (!target || !followOne || !result.runId)
            return result;
        const runId = result.runId;
        const detail = `${result.detail}; following ${describeTarget(target)}`;
        const running = followingNow.get(runId);
        if (running && !running.signal.aborted)
            return { ...result, detail, following: running.done };
        const done = followOne({ runId, target, startedAt, masker, signal }).finally(() => {
            if (followingNow.get(runId)?.done === done)
                followingNow.delete(runId);
        });
        followingNow.set(runId, { done, signal });
        return { ...result, detail, following: done };
    }
    /** Steps 3 and 4 of the delivery; forgotten once both are in Port. */
    async function record(runId, done, masker) {
        // The follow line first: once it is in Port, a crash anywhere after it leaves a run that is followed again.
        if (done.follow && !done.followLogged) {
            try {
                await deps.port.addLog(runId, { message: masker.mask(followLine(done.follow, config.follow.pollMs, config.follow.limitMs)) });
            }
            catch (error) {
                // Ended meanwhile: the follow finds that out at its first look and lets the run be.
                if (!(error instanceof port_errors/* ApiError */.h && error.code === 'run_exhausted'))
                    throw error;
            }
            done.followLogged = true;
        }
        if (done.update) {
            const update = { ...done.update };
            if (update.summary !== undefined)
                update.summary = masker.mask(update.summary);
            await deps.port.updateRun(runId, update);
        }
        try {
            await deps.port.addLog(runId, { message: masker.mask(done.sentLine), ...(done.status ? { terminationStatus: done.status } : {}) });
        }
        catch (error) {
            // Someone ended the run meanwhile (the pipeline reported, a user cancelled): their word stands.
            if (!(error instanceof port_errors/* ApiError */.h && error.code === 'run_exhausted'))
                throw error;
        }
        unrecorded.delete(runId);
    }
    function remember(runId, done) {
        if (unrecorded.size >= MAX_UNRECORDED)
            unrecorded.delete(unrecorded.keys().next().value);
        unrecorded.set(runId, done);
    }
    async function readRun(runId) {
        try {
            return await deps.port.getRun(runId);
        }
        catch (error) {
            if (error instanceof port_errors/* ApiError */.h && error.status === 404)
                return undefined;
            throw error;
        }
    }
    /** Ends the run FAILURE (or as given); an ended or unknown run is left as it is. Port unreachable throws. */
    async function endRun(runId, update) {
        try {
            await deps.port.updateRun(runId, update);
            return true;
        }
        catch (error) {
            if (error instanceof port_errors/* ApiError */.h && (error.status === 404 || error.status === 422))
                return false;
            throw error;
        }
    }
    async function poison(runId, reason, masker) {
        if (!runId)
            return { outcome: 'poison', detail: reason };
        const told = await endRun(runId, { status: 'FAILURE', summary: masker.mask(`port-ci agent: ${reason}; the message was not sent`) });
        return { outcome: 'poison', runId, detail: told ? `${reason} (the run was ended FAILURE)` : `${reason} (the run had ended or does not exist: not told)` };
    }
    async function uncertain(runId, backend, where, request, intent, masker) {
        const summary = `port-ci agent: this run's message was delivered again after an interruption (the earlier delivery began sending it at ${intent.createdAt}), ` +
            `and it cannot be known whether it reached ${backend} at ${where}. It was not sent again. ${lookHint(backend, request)}`;
        await endRun(runId, { status: 'FAILURE', summary: masker.mask(summary) });
        return { outcome: 'uncertain', runId, detail: `an earlier delivery began sending it to ${backend} at ${where} and recorded no answer: the run was ended FAILURE as uncertain` };
    }
    /**
     * One request, tried again only while it cannot have arrived (connection refused, unknown host) or the
     * backend refuses with 429, until the deadline. A lost answer, a timeout or a 5xx are not retried: the backend
     * may have acted, and sending again could start the run twice.
     */
    async function sendToBackend(method, url, headers, body) {
        const started = clock.now();
        for (let attempt = 0;; attempt++) {
            let wait;
            let failure;
            try {
                const response = await (0,request/* sendRequest */.w)(method, url, headers, body, requestTimeoutMs);
                if (response.status !== 429)
                    return { response };
                failure = { response };
                wait = Math.max((0,retry/* serverRequestedWait */.VV)(429, response.headers, clock.now()) ?? 0, (0,retry/* backoff */.JN)(attempt, { deadlineMs: unreachableDeadlineMs, baseDelayMs: 200, maxDelayMs: 10_000, attemptTimeoutMs: requestTimeoutMs }, clock.random));
            }
            catch (error) {
                const problem = error instanceof Error ? error : new Error(String(error));
                if (error instanceof errors/* UsageError */.eb)
                    return { notSent: problem };
                if ((0,lost_logs/* mayHaveArrived */.BW)(error))
                    return { lost: problem };
                failure = { notSent: problem };
                wait = (0,retry/* backoff */.JN)(attempt, { deadlineMs: unreachableDeadlineMs, baseDelayMs: 200, maxDelayMs: 10_000, attemptTimeoutMs: requestTimeoutMs }, clock.random);
            }
            if (clock.now() + wait > started + unreachableDeadlineMs)
                return failure;
            await clock.sleep(wait);
        }
    }
}
/**
 * A secret that cannot do its work fails every message the same way, so it is refused before the first one:
 * without it nothing can be checked as coming from Port, and decryption needs 32 bytes of it (PORT-FACTS.md §4).
 */
function checkClientSecret(secret, mapping) {
    if (secret === '')
        throw new errors/* UsageError */.eb('PORT_CLIENT_SECRET: required; the agent checks every message\'s signature with it');
    const decrypts = mapping.entries.findIndex((entry) => entry.fieldsToDecryptPaths.length > 0);
    const bytes = Buffer.byteLength(secret, 'utf8');
    if (decrypts >= 0 && bytes < 32) {
        throw new errors/* UsageError */.eb(`PORT_CLIENT_SECRET: ${bytes} bytes, but entry ${decrypts} of ${mapping.source} decrypts fieldsToDecryptPaths, which needs at least 32 (the AES-256 key is its first 32 bytes)`);
    }
}
/** The run a message is about: context.runId (Port's run message), else run.id (the current format's trigger data). */
function runIdOf(message) {
    const context = message.context;
    if ((0,core_json/* isObject */.Gv)(context) && typeof context.runId === 'string' && context.runId !== '')
        return context.runId;
    const run = message.run;
    if ((0,core_json/* isObject */.Gv)(run) && typeof run.id === 'string' && run.id !== '')
        return run.id;
    return undefined;
}
/**
 * Port signs the message with the signature headers taken out (PORT-FACTS.md §11): HMAC-SHA256 with the client
 * secret over "<timestamp>.<compact JSON>". Which JSON is not documented; port-agent checks WEBHOOK messages with
 * `headers` left in place, emptied of the two (its test data holds such a signature from Port), and GITLAB ones
 * with `headers` removed. Either form is accepted: both need the secret. The timestamp is not held to a window:
 * a message may wait in Kafka for hours while no agent runs, and Kafka, not the network, is what delivered it.
 * Returns the message as the mapping sees it (the two headers out, `headers` dropped when nothing is left), or
 * why it is refused.
 */
function checkSignature(message, clientSecret) {
    const headers = message.headers;
    if (!(0,core_json/* isObject */.Gv)(headers))
        return 'the message carries no headers with X-Port-Signature and X-Port-Timestamp, so it cannot be checked as coming from Port';
    const signature = headers['X-Port-Signature'];
    const timestamp = headers['X-Port-Timestamp'];
    if (typeof signature !== 'string' || signature === '')
        return 'the message has no X-Port-Signature header, so it cannot be checked as coming from Port';
    const stamp = typeof timestamp === 'number' ? String(timestamp) : timestamp;
    if (typeof stamp !== 'string' || !/^\d{1,12}$/.test(stamp))
        return 'the message\'s X-Port-Timestamp is missing or not unix seconds';
    const { 'X-Port-Signature': _signature, 'X-Port-Timestamp': _timestamp, ...rest } = headers;
    const kept = { ...message, headers: rest };
    const { headers: _headers, ...without } = message;
    const given = signature.split(' ').map((part) => Buffer.from(part.trim()));
    const matches = (candidate) => {
        const expected = Buffer.from((0,webhook_signature/* signWebhook */.v)(JSON.stringify(candidate), clientSecret, Number(stamp))['X-Port-Signature']);
        return given.some((part) => part.length === expected.length && (0,external_node_crypto_.timingSafeEqual)(part, expected));
    };
    if (!matches(kept) && !matches(without))
        return 'the message\'s X-Port-Signature does not match it for this agent\'s PORT_CLIENT_SECRET (not from Port, altered, or another organisation\'s secret)';
    return { message: Object.keys(rest).length > 0 ? kept : without };
}
/**
 * Replaces each encrypted value at the paths (dot paths, array items by index) with its text, in place, and
 * registers it with the masker. A path that leads nowhere is passed over, as port-agent does.
 * @throws PayloadError naming the path when the value there is not a ciphertext this secret opens.
 */
function decryptFields(message, paths, clientSecret, masker) {
    for (const path of paths) {
        const parts = path.split('.');
        let holder = message;
        for (const part of parts.slice(0, -1))
            holder = step(holder, part);
        const last = parts.at(-1);
        const value = step(holder, last);
        if (value === undefined || value === null)
            continue;
        if (typeof value !== 'string')
            throw new errors/* PayloadError */.tG(path, 'an encrypted string (aes256-gcm) to decrypt', `a ${Array.isArray(value) ? 'list' : typeof value}`);
        const plain = (0,secrets/* decryptSecret */.wu)(value, clientSecret, path);
        masker.add(plain);
        if (Array.isArray(holder))
            holder[Number(last)] = plain;
        else
            holder[last] = plain;
    }
}
function step(holder, part) {
    if (Array.isArray(holder))
        return /^\d+$/.test(part) ? holder[Number(part)] : undefined;
    if ((0,core_json/* isObject */.Gv)(holder) && Object.hasOwn(holder, part))
        return holder[part];
    return undefined;
}
function shorten(text, length) {
    return text.length > length ? `${text.slice(0, length - 3)}...` : text;
}
function entryName(index) {
    return `mapping entry ${index}`;
}
function hasText(value) {
    return (typeof value === 'string' && value !== '') || (Array.isArray(value) && value.length > 0);
}
/** Origin and path only: a query may carry a token, and the log is for people. */
function shownUrl(url) {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
}
function gitlabTokenVariable(method) {
    return `${String(method.groupName ?? '').replace(/\//g, '_')}_${String(method.projectName ?? '')}`;
}
/** Where a person can see whether the request arrived. */
function lookHint(backend, request) {
    const gitlab = /^(.*?\/)api\/v4\/projects\/([^/]+)\/trigger\/pipeline$/.exec(shownUrl(request.url));
    if (gitlab) {
        let project = gitlab[2];
        try {
            project = decodeURIComponent(project);
        }
        catch {
            // leave it encoded
        }
        return `Look for a pipeline triggered then at ${gitlab[1]}${project}/-/pipelines?source=trigger before running the action again.`;
    }
    return `Check ${backend === 'WEBHOOK' ? 'the service behind that URL' : backend} for this run (${request.method} ${shownUrl(request.url)}) before running the action again.`;
}
function responseView(response) {
    const headers = {};
    for (const [name, value] of Object.entries(response.headers))
        if (value !== undefined)
            headers[name] = Array.isArray(value) ? value.join(', ') : value;
    let json = null;
    try {
        json = response.text === '' ? null : JSON.parse(response.text);
    }
    catch {
        json = null;
    }
    return { statusCode: response.status, headers, text: response.text, json };
}

;// CONCATENATED MODULE: ./src/agent/run-handler-factory.ts




/**
 * The agent's own handler: the mapping file (or the built-in one), the toolkit's jq engine, and a Port client with
 * the agent's credentials. The mapping's jq sees the process's environment, as port-agent's does (trigger tokens),
 * with GITLAB_URL as the settings resolved it.
 */
const makeRunHandler = async (settings) => {
    const mapping = loadMapping(settings.mappingPath === undefined ? {} : { [MAPPING_PATH_ENV]: settings.mappingPath });
    const port = new client/* PortClient */.F({ baseUrl: settings.port.baseUrl, clientId: settings.port.clientId, clientSecret: settings.port.clientSecret });
    const env = { ...process.env, GITLAB_URL: settings.gitlabUrl };
    // Values of the environment that are secrets stay out of Port and the logs: those named so, and GitLab trigger
    // tokens, whose variables are named after their project ({group}_{project}). The handler also hides any request
    // field named like a token.
    const secrets = Object.entries(env)
        .filter(([name, value]) => value !== undefined && value !== '' && (/token|secret|password/i.test(name) || value.startsWith('glptt-')))
        .map(([, value]) => value);
    return createRunHandler({ clientSecret: settings.port.clientSecret, mapping, env, secrets, ...(settings.follow ? { follow: settings.follow } : {}) }, { port, engine: (0,engine/* createJqEngine */.CP)() });
};


/***/ }),

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

/***/ 6153:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C1: () => (/* binding */ checkSize),
/* harmony export */   Gv: () => (/* binding */ isObject),
/* harmony export */   RX: () => (/* binding */ checkTree),
/* harmony export */   eC: () => (/* binding */ ownValue),
/* harmony export */   eH: () => (/* binding */ objectOrJsonText),
/* harmony export */   lk: () => (/* binding */ parseJsonText),
/* harmony export */   lr: () => (/* binding */ MAX_DEPTH)
/* harmony export */ });
/* unused harmony export MAX_PAYLOAD_BYTES */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);

/** Port refuses request bodies over 1 MiB (413); nothing larger can be a real run message. */
const MAX_PAYLOAD_BYTES = 1024 * 1024;
/** Deeper nesting than this is not something Port builds, and would overflow recursive consumers. */
const MAX_DEPTH = 64;
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function formatLimit(bytes) {
    return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB (${bytes} bytes)` : `${bytes} bytes`;
}
/** @throws PayloadError when `bytes` is over `maxBytes`, giving both exactly. */
function checkSize(bytes, path, maxBytes = MAX_PAYLOAD_BYTES) {
    if (bytes > maxBytes)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PayloadError */ .tG(path, `at most ${formatLimit(maxBytes)}`, `${bytes} bytes`);
}
/**
 * Parses JSON text that came from outside (a payload, an input, a file) with the checks every face needs:
 * a size cap, a nesting cap, and no NUL characters, which no environment variable or output file can carry.
 * @throws PayloadError naming `path`.
 */
function parseJsonText(text, path, maxBytes = MAX_PAYLOAD_BYTES) {
    checkSize(Buffer.byteLength(text, 'utf8'), path, maxBytes);
    if (text.trim() === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PayloadError */ .tG(path, 'JSON', 'an empty string');
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        // Newer V8 quotes a piece of the text in its message; the text may hold a secret, so only the position stays.
        const reason = (error instanceof Error ? error.message : String(error)).replace(/,?\s*".*" is not valid JSON$/s, ' (not valid JSON)');
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PayloadError */ .tG(path, 'JSON', `text that is not JSON (${reason})`);
    }
    checkTree(value, path);
    return value;
}
/**
 * Walks a parsed value without recursion (so a hostile depth cannot blow the stack) and refuses
 * nesting deeper than MAX_DEPTH and strings holding NUL.
 */
function checkTree(root, rootPath) {
    const stack = [{ value: root, path: rootPath, depth: 0 }];
    while (stack.length > 0) {
        const { value, path, depth } = stack.pop();
        if (typeof value === 'string') {
            if (value.includes('\u0000'))
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PayloadError */ .tG(path, 'text without NUL characters', 'a string containing \\u0000');
            continue;
        }
        if (typeof value !== 'object' || value === null)
            continue;
        if (depth >= MAX_DEPTH)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PayloadError */ .tG(path, `at most ${MAX_DEPTH} levels of nesting`, 'deeper nesting');
        if (Array.isArray(value)) {
            value.forEach((item, index) => stack.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }));
        }
        else {
            for (const [key, item] of Object.entries(value)) {
                if (key.includes('\u0000'))
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PayloadError */ .tG(path, 'keys without NUL characters', 'a key containing \\u0000');
                stack.push({ value: item, path: `${path}.${key}`, depth: depth + 1 });
            }
        }
    }
}
/** A value that may arrive either as an object or as that object's JSON text (workflow inputs are strings). */
function objectOrJsonText(value, path) {
    const parsed = typeof value === 'string' ? parseJsonText(value, path) : value;
    if (typeof value !== 'string')
        checkSize(Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8'), path);
    if (!isObject(parsed))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PayloadError */ .tG(path, 'a JSON object', (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeValue */ .bp)(parsed));
    return parsed;
}
/** A key's own value: an id like "toString" or "constructor" must not find the object prototype's. */
function ownValue(container, key) {
    return container && Object.hasOwn(container, key) ? container[key] : undefined;
}


/***/ }),

/***/ 8198:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MG: () => (/* binding */ encryptSecret),
/* harmony export */   ae: () => (/* binding */ decryptRunSecrets),
/* harmony export */   q3: () => (/* binding */ maskTextsFor),
/* harmony export */   wu: () => (/* binding */ decryptSecret),
/* harmony export */   zk: () => (/* binding */ SECRET_ENCRYPTION)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6153);



/** The only encryption Port uses for secret inputs (PORT-FACTS.md §4). */
const SECRET_ENCRYPTION = 'aes256-gcm';
const IV_BYTES = 16;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** AES-256 needs 32 key bytes; Port takes the first 32 bytes of the client secret's UTF-8 text. */
function keyFrom(clientSecret) {
    const bytes = Buffer.from(clientSecret, 'utf8');
    if (bytes.length < KEY_BYTES) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`PORT_CLIENT_SECRET: expected at least ${KEY_BYTES} bytes to form the AES-256 key but found ${bytes.length}`);
    }
    return bytes.subarray(0, KEY_BYTES);
}
/**
 * Encrypts a secret input's text as Port does: base64(IV[16] | ciphertext | GCM tag[16]).
 * The IV is random unless given (tests give one to get a stable result).
 */
function encryptSecret(plain, clientSecret, iv = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(IV_BYTES)) {
    const cipher = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createCipheriv)('aes-256-gcm', keyFrom(clientSecret), iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
}
/**
 * Decrypts a value Port encrypted with `encryption: aes256-gcm`.
 * @throws PayloadError naming `path` when the value is not such a ciphertext or the secret does not open it.
 * The message never holds the value.
 */
function decryptSecret(value, clientSecret, path = 'secret') {
    const key = keyFrom(clientSecret);
    const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, 'base64') : Buffer.alloc(0);
    if (bytes.length < IV_BYTES + TAG_BYTES) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(path, 'base64 of IV, ciphertext and tag (aes256-gcm)', 'a value that is not such a ciphertext');
    }
    try {
        const decipher = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createDecipheriv)('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
        decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
        return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(path, 'a value encrypted with this PORT_CLIENT_SECRET', 'one it does not open (another secret, or a damaged value)');
    }
}
/**
 * The texts a face must mask for one secret value: the value, each of its lines (runners mask line by line)
 * and, for object secrets, every string inside.
 */
function maskTextsFor(value) {
    const texts = new Set();
    const add = (text) => {
        if (text.trim().length < 2)
            return; // masking one character would blank half the log
        texts.add(text);
        const escaped = JSON.stringify(text).slice(1, -1); // as it reads inside PORT_INPUTS and other JSON
        if (escaped !== text)
            texts.add(escaped);
        for (const line of text.split(/\r?\n/))
            if (line.trim().length >= 2)
                texts.add(line);
    };
    const pending = [value];
    while (pending.length > 0) {
        const item = pending.pop();
        if (typeof item === 'string')
            add(item);
        else if (typeof item === 'number' || typeof item === 'boolean')
            add(String(item));
        else if (Array.isArray(item))
            pending.push(...item);
        else if ((0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isObject */ .Gv)(item))
            pending.push(...Object.values(item));
    }
    if (typeof value !== 'string' && value !== undefined)
        add(JSON.stringify(value));
    return [...texts];
}
/** Like parseJsonText, but an error never quotes the text: JSON.parse's own message would show part of it. */
function parseSecretObject(plain, path) {
    let value;
    try {
        value = (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .parseJsonText */ .lk)(plain, path);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(path, 'an object secret that decrypts to JSON', 'text that is not JSON (not shown)');
    }
    if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isObject */ .Gv)(value))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(path, 'an object secret that decrypts to a JSON object', 'another JSON value (not shown)');
    return value;
}
/**
 * Returns the context with every secret input decrypted (object secrets parsed from their JSON text), and
 * the texts to mask. Secret ids with no value are skipped.
 */
function decryptRunSecrets(context, clientSecret) {
    const inputs = { ...context.inputs };
    const masks = [];
    for (const id of context.secretInputs) {
        const value = inputs[id];
        if (value === undefined || value === null || value === '')
            continue;
        const path = `inputs.${id}`;
        if (typeof value !== 'string')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(path, 'an encrypted string', 'a value of another type');
        const spec = (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .ownValue */ .eC)(context.inputSchema?.properties, id);
        const plain = decryptSecret(value, clientSecret, path);
        const typed = spec?.type === 'object' ? parseSecretObject(plain, path) : plain;
        inputs[id] = typed;
        masks.push(...maskTextsFor(typed));
    }
    return { context: { ...context, inputs }, masks };
}


/***/ }),

/***/ 7077:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ verifyWebhook),
/* harmony export */   v: () => (/* binding */ signWebhook)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);


/*
 * Port signs webhook bodies (PORT-FACTS.md §3): X-Port-Timestamp is the unix time in seconds and
 * X-Port-Signature is "v1," + base64(HMAC-SHA256(key = client secret, data = "<timestamp>.<raw body>")).
 */
function signWebhook(rawBody, clientSecret, timestampSeconds) {
    const timestamp = String(Math.floor(timestampSeconds));
    const signature = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha256', clientSecret).update(`${timestamp}.${rawBody}`).digest('base64');
    return { 'X-Port-Timestamp': timestamp, 'X-Port-Signature': `v1,${signature}` };
}
/**
 * Checks a webhook a receiver got: the signature must match the raw body (as received, not re-serialised)
 * and the timestamp must be within the window.
 * @throws UsageError saying which check failed; never the expected signature.
 */
function verifyWebhook(rawBody, headers, clientSecret, options) {
    const tolerance = options.toleranceSeconds ?? 300;
    if (!headers.timestamp)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('X-Port-Timestamp: missing');
    if (!headers.signature)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('X-Port-Signature: missing');
    if (!/^\d{1,12}$/.test(headers.timestamp))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`X-Port-Timestamp: expected unix seconds but found "${headers.timestamp.slice(0, 20)}"`);
    const skew = Math.abs(options.nowSeconds - Number(headers.timestamp));
    if (skew > tolerance)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`X-Port-Timestamp: ${skew} s from now, outside the ${tolerance} s window (a replay, or a clock off)`);
    const expected = Buffer.from(signWebhook(rawBody, clientSecret, Number(headers.timestamp))['X-Port-Signature']);
    // A header may carry several signatures ("v1,a v1,b") while a secret is being rotated.
    const candidates = headers.signature.split(' ').map((part) => Buffer.from(part.trim()));
    if (!candidates.some((candidate) => candidate.length === expected.length && (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.timingSafeEqual)(candidate, expected))) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('X-Port-Signature: does not match the body and timestamp for this client secret');
    }
}


/***/ }),

/***/ 4143:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CP: () => (/* binding */ createJqEngine),
/* harmony export */   XA: () => (/* binding */ JqTimeoutError),
/* harmony export */   _P: () => (/* binding */ JqInputError)
/* harmony export */ });
/* unused harmony exports DEFAULT_JQ_TIMEOUT_MS, MAX_INPUT_BYTES, balanceProblem */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5919);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_worker_threads__WEBPACK_IMPORTED_MODULE_3__);




/** How long one jq run may take before its thread is stopped (a filter like `last(repeat(1))` never ends). */
const DEFAULT_JQ_TIMEOUT_MS = 5_000;
/** A filter that did not end within the time limit. Always a failure: a render cannot guess what it meant. */
class JqTimeoutError extends Error {
    filter;
    timeoutMs;
    name = 'JqTimeoutError';
    constructor(filter, timeoutMs) {
        super(`jq did not finish ${JSON.stringify(shorten(filter))} within ${timeoutMs} ms (a filter that never ends, such as repeat without limit?)`);
        this.filter = filter;
        this.timeoutMs = timeoutMs;
    }
}
/** The input itself could not be read by jq (nested too deep, say): no filter can run on it. */
class JqInputError extends Error {
    name = 'JqInputError';
}
// Port's renderer runs every filter under these definitions (PORT-FACTS.md §8): no environment reaches jq.
// The input arrives as $__port_ci_input (see jq-worker.cjs) and becomes `.` for the filter.
const PRELUDE = 'def env: {}; {} as $ENV | $__port_ci_input | ';
/** With an environment given, it arrives as $__port_ci_env (see jq-worker.cjs). */
const ENV_PRELUDE = 'def env: $__port_ci_env; $__port_ci_env as $ENV | $__port_ci_input | ';
/**
 * jq-wasm copies its arguments onto a fixed WebAssembly stack: past about 1.5 MB it fails and the instance is
 * lost. Port refuses request bodies over 1 MiB, so a larger trigger data could not have come from Port.
 */
const MAX_INPUT_BYTES = 1024 * 1024;
const MAX_PROGRAM_CHARS = 128 * 1024;
// The worker file sits beside this module both in src/jq/ and, bundled, in dist/cli/. The name is built at
// run time so ncc does not copy the unbundled source as an asset.
const WORKER_FILE = ['jq-worker', 'cjs'].join('.');
/**
 * The toolkit's one jq: real jq 1.7.1 (jq-wasm) in a worker thread, loaded on first use and stopped after any
 * run that exceeds `timeoutMs` (a fresh one is started for the next run).
 */
function createJqEngine(options = {}) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_JQ_TIMEOUT_MS;
    let worker;
    let nextId = 0;
    const pending = new Map();
    function start() {
        if (worker)
            return worker;
        const started = new node_worker_threads__WEBPACK_IMPORTED_MODULE_3__.Worker(workerPath());
        started.on('message', (reply) => {
            const waiting = pending.get(reply.id);
            pending.delete(reply.id);
            if (pending.size === 0)
                started.unref(); // an idle engine never keeps the process alive
            waiting?.resolve(reply);
        });
        started.on('error', (error) => failAll(started, error));
        started.on('exit', (code) => failAll(started, new Error(`the jq worker stopped (exit code ${code})`)));
        started.unref();
        worker = started;
        return started;
    }
    function failAll(which, error) {
        if (worker !== which)
            return;
        worker = undefined;
        for (const waiting of pending.values())
            waiting.reject(error);
        pending.clear();
    }
    async function run(program, inputText, filter, envText) {
        const thread = start();
        const id = nextId++;
        thread.ref();
        let timer;
        try {
            return await new Promise((resolve, reject) => {
                pending.set(id, { resolve, reject });
                timer = setTimeout(() => {
                    pending.delete(id);
                    worker = undefined; // the thread is stuck in wasm: only terminating it stops the filter
                    void thread.terminate();
                    reject(new JqTimeoutError(filter, timeoutMs));
                }, timeoutMs);
                thread.postMessage({ id, program, input: inputText, env: envText });
            });
        }
        finally {
            clearTimeout(timer);
        }
    }
    /** A failure inside jq-wasm may leave its memory broken: the next run gets a fresh worker. */
    function engineFailure(message) {
        const broken = worker;
        worker = undefined;
        void broken?.terminate();
        return new Error(`the jq engine failed: ${message}`);
    }
    async function evaluateOne(filter, inputText, envText) {
        const problem = unrunnable(filter) ?? (filter.length > MAX_PROGRAM_CHARS ? `the expression is ${filter.length} characters long; at most ${MAX_PROGRAM_CHARS} are accepted` : undefined);
        if (problem)
            return { kind: 'error', message: problem };
        const reply = await run(`${envText === undefined ? PRELUDE : ENV_PRELUDE}first(\n${filter}\n)`, inputText, filter, envText);
        if ('failure' in reply)
            throw engineFailure(reply.failure);
        if (reply.exitCode === 2)
            throw inputError(reply.stderr);
        const line = reply.stdout.split('\n').find((text) => text !== '');
        if (line !== undefined)
            return { kind: 'value', value: JSON.parse(line) };
        if (reply.exitCode === 0)
            return { kind: 'none' };
        if (/^jq: error \(at [^)]*\) \(not a string\):/m.test(reply.stderr))
            return { kind: 'none' };
        return { kind: 'error', message: jqMessage(reply.stderr) };
    }
    return {
        warm() {
            start();
        },
        async evaluate(filters, input, options = {}) {
            if (filters.length === 0)
                return [];
            const inputText = inputJson(input);
            const envText = options.env === undefined ? undefined : envJson(options.env);
            const outcomes = [];
            for (const group of groups(filters)) {
                const combined = group.length > 1 && group.every((filter) => !unrunnable(filter))
                    ? await runCombined(group, inputText, envText).catch((error) => {
                        if (error instanceof JqTimeoutError)
                            return undefined; // find the filter that does not end, alone
                        throw error;
                    })
                    : undefined;
                if (combined)
                    outcomes.push(...combined);
                else
                    for (const filter of group)
                        outcomes.push(await evaluateOne(filter, inputText, envText));
            }
            return outcomes;
        },
        async close() {
            const thread = worker;
            worker = undefined;
            if (thread)
                await thread.terminate();
        },
    };
    /**
     * All filters in one jq run: each inside `try`, tagged so that a value, no output and an error stay apart.
     * Undefined when the program does not compile (one bad filter), so that each filter then runs alone.
     */
    async function runCombined(filters, inputText, envText) {
        const parts = filters.map((filter) => `(try ([first(\n${filter}\n)] | if length == 0 then {n: true} else {v: .[0]} end) catch (if type == "string" then {e: .} else {n: true} end))`);
        const prelude = envText === undefined ? PRELUDE : ENV_PRELUDE;
        const reply = await run(`${prelude}[${parts.join(',\n')}]`, inputText, filters.length === 1 ? filters[0] : `${filters.length} filters run together`, envText);
        if ('failure' in reply)
            throw engineFailure(reply.failure);
        if (reply.exitCode === 2)
            throw inputError(reply.stderr);
        if (reply.exitCode !== 0)
            return undefined; // a compile error, or halt_error: let each filter speak for itself
        let tagged;
        try {
            tagged = JSON.parse(reply.stdout.trim());
        }
        catch {
            return undefined;
        }
        if (!Array.isArray(tagged) || tagged.length !== filters.length)
            return undefined;
        return tagged.map((tag) => 'v' in tag ? { kind: 'value', value: tag.v } : 'e' in tag ? { kind: 'error', message: String(tag.e) } : { kind: 'none' });
    }
}
function workerPath() {
    const here = node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname((0,node_url__WEBPACK_IMPORTED_MODULE_2__.fileURLToPath)(import.meta.url));
    const beside = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(here, WORKER_FILE);
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(beside))
        return beside;
    throw new Error(`the jq worker ${WORKER_FILE} is missing beside ${here}: reinstall port-ci (dist/cli must be complete)`);
}
/**
 * Reasons a filter cannot be handed to jq as written, as jq's own compile errors would be: a NUL would cut the
 * program short (C strings), and an unbalanced `)` or `]` would close the wrapper around it and so change
 * what runs, where Port's renderer would simply fail to compile it.
 */
function unrunnable(filter) {
    if (filter.includes('\u0000'))
        return 'syntax error: the expression contains a NUL character';
    return balanceProblem(filter);
}
/** Walks the filter as jq's lexer would (strings with `\(...)` interpolation, `#` comments) to check brackets. */
function balanceProblem(filter) {
    const closers = [];
    // Each open interpolation remembers the bracket depth at which its string resumes.
    const interpolations = [];
    let inString = false;
    for (let i = 0; i < filter.length; i++) {
        const ch = filter[i];
        if (inString) {
            if (ch === '\\') {
                if (filter[i + 1] === '(') {
                    interpolations.push(closers.length);
                    closers.push(')');
                    inString = false;
                }
                i++;
            }
            else if (ch === '"')
                inString = false;
            continue;
        }
        if (ch === '"')
            inString = true;
        else if (ch === '#') {
            while (i < filter.length && filter[i] !== '\n')
                i++;
        }
        else if (ch === '(' || ch === '[' || ch === '{')
            closers.push(ch === '(' ? ')' : ch === '[' ? ']' : '}');
        else if (ch === ')' || ch === ']' || ch === '}') {
            if (closers.pop() !== ch)
                return `syntax error: unexpected '${ch}'`;
            if (interpolations.length && interpolations[interpolations.length - 1] === closers.length) {
                interpolations.pop();
                inString = true;
            }
        }
    }
    return undefined;
}
function inputJson(input) {
    let text;
    try {
        text = JSON.stringify(input) ?? 'null';
    }
    catch (error) {
        throw new JqInputError(`the input cannot be given to jq: ${error.message}`);
    }
    const bytes = Buffer.byteLength(text);
    if (bytes > MAX_INPUT_BYTES)
        throw new JqInputError(`the input is ${bytes} bytes of JSON; jq here reads at most ${MAX_INPUT_BYTES} (1 MiB, Port's own request limit)`);
    return text;
}
/** The environment as jq sees it: names with no value are left out, as they are not set. */
function envJson(env) {
    const set = {};
    for (const [name, value] of Object.entries(env))
        if (typeof value === 'string')
            set[name] = value;
    return JSON.stringify(set);
}
/** Filters in runs of at most MAX_PROGRAM_CHARS characters of program, in order. */
function groups(filters) {
    const out = [];
    let size = Infinity;
    for (const filter of filters) {
        if (size + filter.length > MAX_PROGRAM_CHARS) {
            out.push([]);
            size = 0;
        }
        out[out.length - 1].push(filter);
        size += filter.length + 120; // the tagging around each filter
    }
    return out;
}
function inputError(stderr) {
    return new JqInputError(`jq cannot read the input: ${jqMessage(stderr)}`);
}
/** jq's message without its "jq: error (at ...):" prefix, on one line. */
function jqMessage(stderr) {
    const text = stderr
        .split('\n')
        .filter((line) => line !== '' && !/^jq: \d+ compile errors?$/.test(line))
        .join(' ')
        .replace(/^jq: error(?: \(at [^)]*\))?: ?/, '')
        .replace(/ \(Unix shell quoting issues\?\)/g, '')
        .replace(/ at <top-level>, line \d+:.*$/, '')
        .replace(/\s+/g, ' ')
        .trim();
    return text || 'jq failed without a message';
}
function shorten(text) {
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}


/***/ })

};

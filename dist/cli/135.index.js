export const id = 135;
export const ids = [135];
export const modules = {

/***/ 1135:
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
// EXTERNAL MODULE: ./src/core/masking.ts
var masking = __webpack_require__(923);
// EXTERNAL MODULE: ./src/core/json.ts
var json = __webpack_require__(6153);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
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
                ref: '.payload.properties.ref // .payload.action.invocationMethod.defaultRef // "main"',
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
    if (!(0,json/* isObject */.Gv)(value))
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
        if (typeof field !== 'string' && !(0,json/* isObject */.Gv)(field))
            throw new errors/* UsageError */.eb(`${where}: ${key}: expected a jq expression (a string) or an object whose strings are jq, but found ${describe(field)}`);
        entry[key] = field;
    }
    const report = given('report');
    if (report !== undefined) {
        if (!(0,json/* isObject */.Gv)(report))
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
        else if ((0,json/* isObject */.Gv)(value))
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
        if ((0,json/* isObject */.Gv)(value)) {
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
    if (!(0,json/* isObject */.Gv)(value))
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
    if (!(0,json/* isObject */.Gv)(value))
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
    const payload = (0,json/* isObject */.Gv)(message) ? message.payload : undefined;
    const action = (0,json/* isObject */.Gv)(payload) ? payload.action : undefined;
    const method = (0,json/* isObject */.Gv)(action) ? action.invocationMethod : undefined;
    return (0,json/* isObject */.Gv)(method) ? method : {};
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
    const jq = { engine: deps.engine, env: config.env };
    const clock = deps.clock ?? retry/* realClock */.dQ;
    const requestTimeoutMs = config.requestTimeoutMs ?? 30_000;
    const unreachableDeadlineMs = config.unreachableDeadlineMs ?? 60_000;
    const unrecorded = new Map();
    const baseSecrets = [config.clientSecret, ...(config.secrets ?? [])];
    return {
        async handle(value, origin) {
            const masker = new masking/* SecretMasker */.M2();
            for (const secret of baseSecrets)
                masker.add(secret);
            const masked = (result) => (result.detail === undefined ? result : { ...result, detail: masker.mask(result.detail) });
            const prepared = await prepare(value, origin, masker);
            return masked('outcome' in prepared ? prepared : await deliver(prepared, origin, masker));
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
        if (!(0,json/* isObject */.Gv)(message))
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
            if (mapping === DEFAULT_MAPPING && entryIndex === 0 && (0,json/* isObject */.Gv)(request.body) && (request.body.token === null || request.body.token === '')) {
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
        if ((0,json/* isObject */.Gv)(request.body))
            for (const [name, item] of Object.entries(request.body))
                if (SECRET_NAME.test(name) && typeof item === 'string')
                    masker.add(item);
        return { runId, body, entryIndex, request, backend: String(method.type ?? 'WEBHOOK'), where: shownUrl(request.url) };
    }
    /** The delivery steps (see the top of this file) for a prepared request. */
    async function deliver(prepared, origin, masker) {
        const { runId, body, entryIndex, request, backend, where } = prepared;
        const left = unrecorded.get(runId);
        if (left) {
            await record(runId, left, masker);
            return { outcome: 'handed-on', runId, detail: `${left.sentLine} (recorded on a retry)` };
        }
        // Both reads at once: every first delivery pays for them, so they cost one round trip, not two.
        const [run, logs] = await Promise.all([readRun(runId), deps.port.listLogs(runId).catch((error) => error)]);
        if (!run)
            return poison(undefined, `run ${runId} does not exist in Port`, masker);
        if (run.status !== 'IN_PROGRESS')
            return { outcome: 'duplicate', runId, detail: `the run has ended (${run.status}): not sent` };
        if (logs instanceof Error)
            throw logs;
        if (logs.some((log) => log.message.startsWith(SENT_MARK)))
            return { outcome: 'duplicate', runId, detail: 'the run shows it was handed on already: not sent again' };
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
        const sentLine = `${SENT_MARK}${backend} at ${where}: HTTP ${response.statusCode}${reportProblem ? `; ${reportProblem}` : ''}`;
        const done = { update, sentLine, status };
        remember(runId, done);
        await record(runId, done, masker);
        return { outcome: 'handed-on', runId, detail: sentLine };
    }
    /** Steps 3 and 4 of the delivery; forgotten once both are in Port. */
    async function record(runId, done, masker) {
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
    if ((0,json/* isObject */.Gv)(context) && typeof context.runId === 'string' && context.runId !== '')
        return context.runId;
    const run = message.run;
    if ((0,json/* isObject */.Gv)(run) && typeof run.id === 'string' && run.id !== '')
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
    if (!(0,json/* isObject */.Gv)(headers))
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
    if ((0,json/* isObject */.Gv)(holder) && Object.hasOwn(holder, part))
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
    return createRunHandler({ clientSecret: settings.port.clientSecret, mapping, env, secrets }, { port, engine: (0,engine/* createJqEngine */.CP)() });
};


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

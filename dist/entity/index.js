/******/ (() => { // webpackBootstrap
/******/ 	"use strict";
/******/ 	var __webpack_modules__ = ({

/***/ 181:
/***/ ((module) => {

module.exports = require("buffer");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = require("process");

/***/ })

/******/ 	});
/************************************************************************/
/******/ 	// The module cache
/******/ 	var __webpack_module_cache__ = {};
/******/ 	
/******/ 	// The require function
/******/ 	function __nccwpck_require__(moduleId) {
/******/ 		// Check if module is in cache
/******/ 		var cachedModule = __webpack_module_cache__[moduleId];
/******/ 		if (cachedModule !== undefined) {
/******/ 			return cachedModule.exports;
/******/ 		}
/******/ 		// Create a new module (and put it into the cache)
/******/ 		var module = __webpack_module_cache__[moduleId] = {
/******/ 			// no module.id needed
/******/ 			// no module.loaded needed
/******/ 			exports: {}
/******/ 		};
/******/ 	
/******/ 		// Execute the module function
/******/ 		var threw = true;
/******/ 		try {
/******/ 			__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 			threw = false;
/******/ 		} finally {
/******/ 			if(threw) delete __webpack_module_cache__[moduleId];
/******/ 		}
/******/ 	
/******/ 		// Return the exports of the module
/******/ 		return module.exports;
/******/ 	}
/******/ 	
/******/ 	// expose the modules object (__webpack_modules__)
/******/ 	__nccwpck_require__.m = __webpack_modules__;
/******/ 	
/************************************************************************/
/******/ 	/* webpack/runtime/asset-relocator-loader */
/******/ 	if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = __dirname + "/";
/******/ 	
/******/ 	/* webpack/runtime/compat get default export */
/******/ 	(() => {
/******/ 		// getDefaultExport function for compatibility with non-harmony modules
/******/ 		__nccwpck_require__.n = (module) => {
/******/ 			var getter = module && module.__esModule ?
/******/ 				() => (module['default']) :
/******/ 				() => (module);
/******/ 			__nccwpck_require__.d(getter, { a: getter });
/******/ 			return getter;
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/create fake namespace object */
/******/ 	(() => {
/******/ 		var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 		var leafPrototypes;
/******/ 		// create a fake namespace object
/******/ 		// mode & 1: value is a module id, require it
/******/ 		// mode & 2: merge all properties of value into the ns
/******/ 		// mode & 4: return value when already ns object
/******/ 		// mode & 16: return value when it's Promise-like
/******/ 		// mode & 8|1: behave like require
/******/ 		__nccwpck_require__.t = function(value, mode) {
/******/ 			if(mode & 1) value = this(value);
/******/ 			if(mode & 8) return value;
/******/ 			if(typeof value === 'object' && value) {
/******/ 				if((mode & 4) && value.__esModule) return value;
/******/ 				if((mode & 16) && typeof value.then === 'function') return value;
/******/ 			}
/******/ 			var ns = Object.create(null);
/******/ 			__nccwpck_require__.r(ns);
/******/ 			var def = {};
/******/ 			leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 			for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 				Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 			}
/******/ 			def['default'] = () => (value);
/******/ 			__nccwpck_require__.d(ns, def);
/******/ 			return ns;
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/define property getters */
/******/ 	(() => {
/******/ 		// define getter functions for harmony exports
/******/ 		__nccwpck_require__.d = (exports, definition) => {
/******/ 			for(var key in definition) {
/******/ 				if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 					Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 				}
/******/ 			}
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/ensure chunk */
/******/ 	(() => {
/******/ 		__nccwpck_require__.f = {};
/******/ 		// This file contains only the entry chunk.
/******/ 		// The chunk loading function for additional chunks
/******/ 		__nccwpck_require__.e = (chunkId) => {
/******/ 			return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 				__nccwpck_require__.f[key](chunkId, promises);
/******/ 				return promises;
/******/ 			}, []));
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/get javascript chunk filename */
/******/ 	(() => {
/******/ 		// This function allow to reference async chunks
/******/ 		__nccwpck_require__.u = (chunkId) => {
/******/ 			// return url for filenames based on template
/******/ 			return "" + chunkId + ".index.js";
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/hasOwnProperty shorthand */
/******/ 	(() => {
/******/ 		__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/make namespace object */
/******/ 	(() => {
/******/ 		// define __esModule on exports
/******/ 		__nccwpck_require__.r = (exports) => {
/******/ 			if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 				Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 			}
/******/ 			Object.defineProperty(exports, '__esModule', { value: true });
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/require chunk loading */
/******/ 	(() => {
/******/ 		// no baseURI
/******/ 		
/******/ 		// object to store loaded chunks
/******/ 		// "1" means "loaded", otherwise not loaded yet
/******/ 		var installedChunks = {
/******/ 			792: 1
/******/ 		};
/******/ 		
/******/ 		// no on chunks loaded
/******/ 		
/******/ 		var installChunk = (chunk) => {
/******/ 			var moreModules = chunk.modules, chunkIds = chunk.ids, runtime = chunk.runtime;
/******/ 			for(var moduleId in moreModules) {
/******/ 				if(__nccwpck_require__.o(moreModules, moduleId)) {
/******/ 					__nccwpck_require__.m[moduleId] = moreModules[moduleId];
/******/ 				}
/******/ 			}
/******/ 			if(runtime) runtime(__nccwpck_require__);
/******/ 			for(var i = 0; i < chunkIds.length; i++)
/******/ 				installedChunks[chunkIds[i]] = 1;
/******/ 		
/******/ 		};
/******/ 		
/******/ 		// require() chunk loading for javascript
/******/ 		__nccwpck_require__.f.require = (chunkId, promises) => {
/******/ 			// "1" is the signal for "already loaded"
/******/ 			if(!installedChunks[chunkId]) {
/******/ 				if(true) { // all chunks have JS
/******/ 					installChunk(require("./" + __nccwpck_require__.u(chunkId)));
/******/ 				} else installedChunks[chunkId] = 1;
/******/ 			}
/******/ 		};
/******/ 		
/******/ 		// no external install chunk
/******/ 		
/******/ 		// no HMR
/******/ 		
/******/ 		// no HMR manifest
/******/ 	})();
/******/ 	
/************************************************************************/
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = require("node:crypto");
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = require("node:fs");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = require("node:os");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = require("node:path");
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_namespaceObject);
;// CONCATENATED MODULE: ./src/github/runner.ts



/*
 * The runner's protocol, written here rather than taken from @actions/core: that package pulls in its HTTP
 * client and undici (measured: +40 ms and +15 MB on every step), while these few file and stdout commands
 * are all a port-ci step needs. The formats are GitHub's (PORT-FACTS.md §6).
 */
/** `name` as the runner passes it: INPUT_<NAME>, spaces as underscores. Trimmed, like the toolkit does. */
function getInput(name, env = process.env) {
    return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
/** One entry per non-empty line. */
function getMultilineInput(name, env = process.env) {
    return getInput(name, env)
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
}
/*
 * What the runner takes for a workflow command (actions/runner, ActionCommand.TryParseV2 and TryParse, tried on
 * every line of a step's stdout and stderr; a line ends at \n, \r or \r\n):
 *   - a line that starts with `::NAME` after its leading white space is trimmed (.NET's Char.IsWhiteSpace: blanks,
 *     tabs, U+0085, U+00A0, U+2000-U+200A, U+2028, U+3000...), NAME one of its commands (any case) up to the next `::`;
 *   - failing that, the legacy `##[NAME ...]data` form at the first `##[` ANYWHERE in the line;
 *   - `::stop-commands::TOKEN` turns every command off until a `::TOKEN::` line.
 * nektos/act (pkg/runner/command.go) is narrower: both forms only at the very start of a line, no trimming.
 * Browsers and terminals that show the log also break lines at U+2028, U+2029 and U+0085.
 *
 * How user data is kept from being read as a command, and why not `::stop-commands::`: wrapping a line in
 * `::stop-commands::TOKEN` ... `::TOKEN::` keeps it byte for byte, but both runners echo the two control lines into
 * the log (GitHub's shows them as written; act prints them with a gear), it fails when the block does not start
 * a fresh line (a command's partial last line before it), it silences the user's own commands written meanwhile
 * (exec passes their output through), and GitHub's log viewer still formats a `##[group]` or `##[error]` line it
 * shows. So the data is escaped instead, stateless and per line:
 *   - line breaks of every kind are shown as text (`\n`, `\u2028`), so one message is one line;
 *   - a line whose first non-blank characters are `::` gets a WORD JOINER (U+2060) in front: no runner trims it
 *     (it is no white space in .NET, JavaScript or Go), so the line no longer starts with `::`;
 *   - every `##[` becomes `#\u2060#[`. The joiner sits inside the sequence, so even a culture-aware search that
 *     skips ignorable characters finds no command name after it (the name would start with `#` or `[`).
 * The joiner is invisible, so both runners show the text as it was written. The cost: a masked value holding
 * `##[` would no longer match its mask; port-ci passes no secret to these functions, only ids, emails and its own
 * messages.
 */
const WORD_JOINER = '\u2060';
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029\u0085]/g;
/** White space any runner might trim before looking for `::`: .NET's and JavaScript's (which adds U+FEFF). */
const LEADING_BLANKS = /^[\s\u0085\u180e\ufeff]*/;
/** A line break as visible text, so it cannot start a line of its own. */
function showBreak(lineBreak) {
    return [...lineBreak].map((ch) => (ch === '\r' ? '\\r' : ch === '\n' ? '\\n' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('');
}
/**
 * Text for one line of the step log that no runner reads as a workflow command, shown as written (see above).
 * Exported for port-ci's other faces that write to a step's log.
 */
function neutralizeCommands(text) {
    const oneLine = text.replace(LINE_BREAK, showBreak).replace(/##\[/g, `#${WORD_JOINER}#[`);
    return oneLine.slice(LEADING_BLANKS.exec(oneLine)[0].length).startsWith('::') ? `${WORD_JOINER}${oneLine}` : oneLine;
}
/**
 * Escapes data for a `::command::` line so no value can end the line and start another command: the runner
 * unescapes %25, %0D and %0A back. The rest of the line is the command's data whatever it holds (the line already
 * is a command, so the runner looks no further: no `##[` inside it counts).
 */
function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/**
 * A message command (debug, notice, warning, error): also U+2028, U+2029 and U+0085 shown as text, which the
 * runner keeps in the data but a browser would show as a new line (an `::add-mask::` value stays exact).
 */
function escapeMessage(text) {
    return escapeData(text.replace(/[\u2028\u2029\u0085]/g, showBreak));
}
function command(name, data) {
    process.stdout.write(`::${name}::${data}${external_node_os_namespaceObject.EOL}`);
}
/**
 * Writes `name<<DELIMITER / value / DELIMITER` to a file command (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE).
 * The delimiter is random per write, and refused if the name or value holds it, so a value can never close
 * the block early and add a variable of its own.
 */
function fileCommand(variable, name, value) {
    const file = process.env[variable];
    if (!file)
        throw new Error(`${variable} is not set: this step must run on a GitHub Actions runner`);
    runner_appendEnvFile(file, name, value);
}
/** Appends one `name<<DELIMITER` block to a runner file (GITHUB_ENV, GITHUB_OUTPUT, GITHUB_STATE). */
function runner_appendEnvFile(file, name, value) {
    const delimiter = `ghadelimiter_${(0,external_node_crypto_namespaceObject.randomUUID)()}`;
    if (name.includes(delimiter) || value.includes(delimiter))
        throw new Error(`the value of ${name} holds the file-command delimiter`);
    if (/[\r\n]/.test(name))
        throw new Error(`the name ${JSON.stringify(name)} holds a line break`);
    (0,external_node_fs_namespaceObject.appendFileSync)(file, `${name}<<${delimiter}${external_node_os_namespaceObject.EOL}${value}${external_node_os_namespaceObject.EOL}${delimiter}${external_node_os_namespaceObject.EOL}`, 'utf8');
}
function setOutput(name, value) {
    fileCommand('GITHUB_OUTPUT', name, value);
}
function exportVariable(name, value) {
    process.env[name] = value;
    fileCommand('GITHUB_ENV', name, value);
}
/** Saved for this action's post step, which reads it back as STATE_<name>. */
function saveState(name, value) {
    fileCommand('GITHUB_STATE', name, value);
}
function getState(name) {
    return process.env[`STATE_${name}`] ?? '';
}
/** Asks the runner to mask a value in every later log line. */
function setSecret(value) {
    // Exact, for the mask to match. nektos/act reads a value holding `::` as another (unknown) command and prints it.
    if (value !== '')
        command('add-mask', escapeData(value));
}
/** A plain log line. Its text may carry user data (an action id, an email): see neutralizeCommands. */
function info(message) {
    process.stdout.write(`${neutralizeCommands(message)}${external_node_os_namespaceObject.EOL}`);
}
function debug(message) {
    command('debug', escapeMessage(message));
}
function notice(message) {
    command('notice', escapeMessage(message));
}
function warning(message) {
    command('warning', escapeMessage(message));
}
function error(message) {
    command('error', escapeMessage(message));
}
function setFailed(message) {
    process.exitCode = 1;
    error(message);
}
/** Appends markdown to the job summary, when the runner offers one. */
function appendSummary(markdown) {
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (file)
        (0,external_node_fs_namespaceObject.appendFileSync)(file, markdown, 'utf8');
}

;// CONCATENATED MODULE: ./src/core/errors.ts
/**
 * Errors the user can fix. Every face maps them the same way: one clear line, no stack, exit code 2.
 * Kept in core because the core is where bad input is first recognised.
 */
class errors_UsageError extends Error {
    name = 'UsageError';
}
/**
 * Something in a payload, an input or an action definition is not what Port sends.
 * The message always reads `<path>: expected <what> but found <what>` so the user can find the field.
 */
class errors_PayloadError extends errors_UsageError {
    expected;
    found;
    name = 'PayloadError';
    /** The field at fault, with line breaks escaped (input ids are user data). */
    path;
    constructor(path, expected, found) {
        super(oneLine(`${path}: expected ${expected} but found ${found}`));
        this.expected = expected;
        this.found = found;
        this.path = oneLine(path);
    }
}
/**
 * Everything wrong with one subject (an action definition, a set of inputs), reported at once so the user
 * fixes it in one pass. Each problem names its path: `invocationMethod.org: required with GITHUB`.
 * The message is one line: `<subject>: <n> problem(s): <problem>; <problem>`.
 */
class ValidationError extends errors_UsageError {
    problems;
    name = 'ValidationError';
    constructor(subject, problems) {
        super(oneLine(`${subject}: ${problems.length} problem(s): ${problems.join('; ')}`));
        this.problems = problems;
        // Problems quote user data (input ids, values); keep each one line for callers that list them.
        this.problems = problems.map(oneLine);
    }
}
/** Escapes line breaks and control characters so a message built from user data stays one line. */
function oneLine(text) {
    return text.replace(/[\p{Cc}\u2028\u2029\u0085]/gu, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
const SHOWN_CHARS = 40;
/**
 * Describes a value for an error message without printing much of it: short strings are quoted,
 * long ones cut, containers named by kind. Callers pass `{ secret: true }` for values that must never show.
 */
function errors_describeValue(value, options = {}) {
    if (value === undefined)
        return 'nothing';
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return `an array of ${value.length}`;
    if (typeof value === 'object')
        return 'an object';
    if (options.secret)
        return `a ${typeof value} (secret, not shown)`;
    if (typeof value === 'string') {
        if (value === '')
            return 'an empty string';
        const shown = value.length > SHOWN_CHARS ? `${value.slice(0, SHOWN_CHARS)}…` : value;
        return JSON.stringify(shown);
    }
    return `${typeof value} ${String(value)}`;
}

;// CONCATENATED MODULE: ./src/port/errors.ts
/** Port answered with an error, or could not be reached. The CLI exits 3; reporting steps warn by default. */
class errors_ApiError extends Error {
    status;
    code;
    traceId;
    name = 'ApiError';
    exitCode = 3;
    constructor(message, 
    /** The HTTP status, or null when no answer came. */
    status, 
    /** Port's `error` code, such as `run_exhausted`. */
    code = null, traceId = null) {
        super(message);
        this.status = status;
        this.code = code;
        this.traceId = traceId;
    }
}

;// CONCATENATED MODULE: ./src/catalog/port-api.ts

/** Creates or (with upsert) replaces or merges one entity; answers the entity as Port stored it. */
async function writeEntity(port, blueprint, entity, options = {}) {
    const path = `/v1/blueprints/${encodeURIComponent(blueprint)}/entities${entityQuery(options)}`;
    const body = await port.request('POST', path, entity, `${options.upsert ? 'upsert' : 'create'} entity ${String(entity.identifier)} of blueprint ${blueprint}`);
    return body.entity ?? {};
}
/**
 * Writes 1 to 20 entities of one blueprint in one call. Port answers 200 when all were written and 207 when
 * some were refused; either way the answer says which, entity by entity.
 * @throws ApiError when the whole call is refused (a 4xx or 5xx), as every call does.
 */
async function bulkWriteEntities(port, blueprint, entities, options = {}) {
    const path = `/v1/blueprints/${encodeURIComponent(blueprint)}/entities/bulk${entityQuery({ upsert: false, ...options }, true)}`;
    const body = await port.request('POST', path, { entities }, `write ${entities.length} entities of blueprint ${blueprint}`);
    if (!Array.isArray(body.entities) || !Array.isArray(body.errors))
        throw new errors_ApiError(`Could not read the bulk answer for blueprint ${blueprint}: it has no entities and errors lists`, 200);
    return { entities: body.entities, errors: body.errors };
}
/** Deletes an entity; Port refuses one that others depend on unless deleteDependents is set. */
async function deleteEntity(port, blueprint, identifier, options = {}) {
    const query = new URLSearchParams();
    if (options.deleteDependents)
        query.set('delete_dependents', 'true');
    if (options.runId)
        query.set('run_id', options.runId);
    const path = `/v1/blueprints/${encodeURIComponent(blueprint)}/entities/${encodeURIComponent(identifier)}${query.size > 0 ? `?${query}` : ''}`;
    await port.request('DELETE', path, undefined, `delete entity ${identifier} of blueprint ${blueprint}`);
}
/** One page of a blueprint's entities matching a query (search-a-blueprints-entities.json). */
async function searchBlueprintEntities(port, blueprint, request) {
    const body = await port.request('POST', `/v1/blueprints/${encodeURIComponent(blueprint)}/entities/search`, request, `search the entities of blueprint ${blueprint}`);
    if (!Array.isArray(body.entities))
        throw new errors_ApiError(`Could not read the search answer for blueprint ${blueprint}: it has no list of entities`, 200);
    return { entities: body.entities, ...(typeof body.next === 'string' && body.next !== '' ? { next: body.next } : {}) };
}
/** Every entity of any blueprint matching the query (search-entities.json: one answer, no pages). */
async function searchEntities(port, query, include) {
    const params = new URLSearchParams();
    for (const field of include ?? [])
        params.append('include', field);
    const body = await port.request('POST', `/v1/entities/search${params.size > 0 ? `?${params}` : ''}`, query, 'search entities');
    if (!Array.isArray(body.entities))
        throw new errors_ApiError('Could not read the search answer: it has no list of entities', 200);
    return body.entities;
}
/** Runs as GET /v1/actions/runs lists them (by external run id, action, entity, active). */
async function listRuns(port, query) {
    const params = new URLSearchParams(query);
    const body = await port.request('GET', `/v1/actions/runs${params.size > 0 ? `?${params}` : ''}`, undefined, 'list runs');
    if (!Array.isArray(body.runs))
        throw new ApiError('Could not read the runs: Port\'s answer has no list of runs', 200);
    return body.runs;
}
/** Approves or declines a run waiting for approval. */
async function approveRun(port, runId, status, description) {
    await port.request('PATCH', `/v1/actions/runs/${encodeURIComponent(runId)}/approval`, { status, ...(description ? { description } : {}) }, `${status === 'APPROVE' ? 'approve' : 'decline'} run ${runId}`);
}
/** The query of an entity write: only the flags that are set, as Port names them. */
function entityQuery(options, alwaysUpsert = false) {
    const query = new URLSearchParams();
    if (options.upsert || alwaysUpsert)
        query.set('upsert', String(Boolean(options.upsert)));
    if (options.merge)
        query.set('merge', 'true');
    if (options.createMissingRelatedEntities)
        query.set('create_missing_related_entities', 'true');
    if (options.validationOnly)
        query.set('validation_only', 'true');
    if (options.runId)
        query.set('run_id', options.runId);
    return query.size > 0 ? `?${query}` : '';
}

;// CONCATENATED MODULE: ./src/http/retry.ts

const DEFAULT_RETRY_POLICY = {
    deadlineMs: 60_000,
    baseDelayMs: 200,
    maxDelayMs: 10_000,
    attemptTimeoutMs: 15_000,
};
const DEADLINE_ENV = 'PORT_RETRY_DEADLINE_SECONDS';
const ATTEMPT_TIMEOUT_ENV = 'PORT_ATTEMPT_TIMEOUT_SECONDS';
/**
 * The policy with what a job set: PORT_RETRY_DEADLINE_SECONDS (the total, default 60) and
 * PORT_ATTEMPT_TIMEOUT_SECONDS (how long one attempt may wait for an answer, default 15).
 */
function retryPolicyFromEnv(env) {
    const deadline = seconds(env, DEADLINE_ENV, DEFAULT_RETRY_POLICY.deadlineMs);
    const attempt = seconds(env, ATTEMPT_TIMEOUT_ENV, DEFAULT_RETRY_POLICY.attemptTimeoutMs);
    return { ...DEFAULT_RETRY_POLICY, deadlineMs: deadline, attemptTimeoutMs: attempt };
}
function seconds(env, name, fallbackMs) {
    const text = env[name]?.trim();
    if (!text)
        return fallbackMs;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0 || value > 3600) {
        throw new errors_UsageError(`${name}: "${text}" is not accepted; expected a number of seconds from 0.1 to 3600 (default ${fallbackMs / 1000})`);
    }
    return value * 1000;
}
const realClock = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
};
function isRetryableStatus(status) {
    return status === 429 || status >= 500;
}
/**
 * How long the server asked us to wait, in ms: `retry-after` (seconds or an HTTP date), else `x-ratelimit-reset`
 * when the rate budget is spent or the answer is 429. GitHub sends that as epoch seconds; Port as the seconds left
 * in its window (docs.port.io/api-reference/rate-limits): a value below a billion (2001 as an epoch) is the latter.
 */
function serverRequestedWait(status, headers, nowMs) {
    const retryAfter = headers['retry-after'];
    if (typeof retryAfter === 'string' && retryAfter.trim() !== '') {
        const seconds = Number(retryAfter);
        if (Number.isFinite(seconds))
            return Math.max(0, seconds * 1000);
        const date = Date.parse(retryAfter);
        if (Number.isFinite(date))
            return Math.max(0, date - nowMs);
    }
    const reset = Number(headers['x-ratelimit-reset']);
    const spent = headers['x-ratelimit-remaining'] === '0' || status === 429;
    if (spent && Number.isFinite(reset) && reset > 0)
        return reset < 1e9 ? reset * 1000 : Math.max(0, reset * 1000 - nowMs);
    return undefined;
}
/** Exponential backoff with full jitter: a random wait up to base * 2^attempt, capped. */
function backoff(attempt, policy, random) {
    return Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
}
class RetriesExhausted extends Error {
    attempts;
    elapsedMs;
    last;
    constructor(attempts, elapsedMs, last) {
        super(`gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} in ${(elapsedMs / 1000).toFixed(1)} s`);
        this.attempts = attempts;
        this.elapsedMs = elapsedMs;
        this.last = last;
    }
}
/**
 * No attempt is started with less time than this: it would fail for want of time, and its timeout would hide
 * the last real answer (Port's 503 and message) from the error.
 */
const MIN_ATTEMPT_MS = 50;
/**
 * Calls `send` until it gets an answer that is not worth retrying, and returns it.
 * @param send makes one attempt; it gets the time left for that attempt.
 * @param onRetry hears of each retry before its wait (for a debug log).
 * @throws RetriesExhausted when the deadline would pass before the next attempt could have 50 ms.
 */
async function sendWithRetries(send, policy = DEFAULT_RETRY_POLICY, clock = realClock, onRetry, retryable = (response) => isRetryableStatus(response.status)) {
    const started = clock.now();
    for (let attempt = 0;; attempt++) {
        const left = started + policy.deadlineMs - clock.now();
        const last = {};
        try {
            last.response = await send(Math.max(1, Math.min(policy.attemptTimeoutMs, left)));
            if (!retryable(last.response))
                return last.response;
        }
        catch (error) {
            // A setting that cannot work (a proxy variable that is not a proxy URL) fails the same way every time.
            if (error instanceof errors_UsageError)
                throw error;
            last.error = error instanceof Error ? error : new Error(String(error));
        }
        const asked = last.response ? serverRequestedWait(last.response.status, last.response.headers, clock.now()) : undefined;
        const wait = Math.max(asked ?? 0, backoff(attempt, policy, clock.random));
        if (attempt + 1 >= (policy.maxAttempts ?? Infinity) || clock.now() + wait + MIN_ATTEMPT_MS > started + policy.deadlineMs) {
            throw new RetriesExhausted(attempt + 1, clock.now() - started, last);
        }
        onRetry?.(attempt + 1, wait, last);
        await clock.sleep(wait);
    }
}

;// CONCATENATED MODULE: ./src/catalog/run-link.ts

function isRunEnded(error) {
    return error instanceof errors_ApiError && error.code === 'run_exhausted';
}
function unlinkedReason(runId) {
    return `run ${runId} has ended, and Port lists entities on a run only while it is in progress: written without the link`;
}
/** Calls `write` with the run; when Port answers that the run has ended, once more without it. */
async function linkedToRun(runId, write) {
    if (runId === undefined)
        return { value: await write(undefined) };
    try {
        return { value: await write(runId) };
    }
    catch (error) {
        if (!isRunEnded(error))
            throw error;
        return { value: await write(undefined), unlinked: unlinkedReason(runId) };
    }
}

;// CONCATENATED MODULE: ./src/core/json.ts

/** Port refuses request bodies over 1 MiB (413); nothing larger can be a real run message. */
const MAX_PAYLOAD_BYTES = (/* unused pure expression or super */ null && (1024 * 1024));
/** Deeper nesting than this is not something Port builds, and would overflow recursive consumers. */
const MAX_DEPTH = 64;
function json_isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function formatLimit(bytes) {
    return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB (${bytes} bytes)` : `${bytes} bytes`;
}
/** @throws PayloadError when `bytes` is over `maxBytes`, giving both exactly. */
function checkSize(bytes, path, maxBytes = MAX_PAYLOAD_BYTES) {
    if (bytes > maxBytes)
        throw new PayloadError(path, `at most ${formatLimit(maxBytes)}`, `${bytes} bytes`);
}
/**
 * Parses JSON text that came from outside (a payload, an input, a file) with the checks every face needs:
 * a size cap, a nesting cap, and no NUL characters, which no environment variable or output file can carry.
 * @throws PayloadError naming `path`.
 */
function json_parseJsonText(text, path, maxBytes = MAX_PAYLOAD_BYTES) {
    checkSize(Buffer.byteLength(text, 'utf8'), path, maxBytes);
    if (text.trim() === '')
        throw new PayloadError(path, 'JSON', 'an empty string');
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        // Newer V8 quotes a piece of the text in its message; the text may hold a secret, so only the position stays.
        const reason = (error instanceof Error ? error.message : String(error)).replace(/,?\s*".*" is not valid JSON$/s, ' (not valid JSON)');
        throw new PayloadError(path, 'JSON', `text that is not JSON (${reason})`);
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
                throw new PayloadError(path, 'text without NUL characters', 'a string containing \\u0000');
            continue;
        }
        if (typeof value !== 'object' || value === null)
            continue;
        if (depth >= MAX_DEPTH)
            throw new PayloadError(path, `at most ${MAX_DEPTH} levels of nesting`, 'deeper nesting');
        if (Array.isArray(value)) {
            value.forEach((item, index) => stack.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }));
        }
        else {
            for (const [key, item] of Object.entries(value)) {
                if (key.includes('\u0000'))
                    throw new PayloadError(path, 'keys without NUL characters', 'a key containing \\u0000');
                stack.push({ value: item, path: `${path}.${key}`, depth: depth + 1 });
            }
        }
    }
}
/** A value that may arrive either as an object or as that object's JSON text (workflow inputs are strings). */
function objectOrJsonText(value, path) {
    const parsed = typeof value === 'string' ? json_parseJsonText(value, path) : value;
    if (typeof value !== 'string')
        checkSize(Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8'), path);
    if (!json_isObject(parsed))
        throw new PayloadError(path, 'a JSON object', describeValue(parsed));
    return parsed;
}
/** A key's own value: an id like "toString" or "constructor" must not find the object prototype's. */
function json_ownValue(container, key) {
    return container && Object.hasOwn(container, key) ? container[key] : undefined;
}

;// CONCATENATED MODULE: ./src/catalog/unchanged.ts



/*
 * Telling an unchanged entity from an updated one. Port's write answers say only "created" or not, so the only way
 * to know a write would change nothing is to read the entity first and compare. That costs a read, so it is
 * opt-in (--skip-unchanged): the entities found identical are not written at all (no updatedAt moved, no
 * automation on "entity updated" fired, not listed on the run, which they did not affect) and are counted
 * unchanged.
 *
 * The comparison errs one way only. "Unchanged" is said only when the write could not change what Port holds;
 * anything in doubt (a date written in another form, a property the blueprint defaults, a team in another order)
 * counts as changed and is written, which is what would have happened without the option.
 */
/** Identifiers per read: one search answers up to 1,000 entities, and 100 keeps each rule's list short. */
const READ_CHUNK = 100;
/** Whether upserting `given` (replacing, or merging with `merge`) would leave `stored` as it is. */
function sameAsStored(given, stored, merge) {
    const fields = [
        { given: given.title, stored: stored.title, present: given.title !== undefined },
        { given: given.icon, stored: stored.icon, present: given.icon !== undefined },
        { given: teams(given.team), stored: teams(stored.team), present: given.team !== undefined },
    ];
    for (const field of fields) {
        if ((merge ? field.present : true) && !sameValue(field.given, field.stored))
            return false;
    }
    return sameMap(given.properties, stored.properties, merge) && sameMap(given.relations, stored.relations, merge);
}
/** Properties or relations: with merge only the keys given count; replacing, every key on either side does. */
function sameMap(given, stored, merge) {
    const held = json_isObject(stored) ? stored : {};
    const mine = given ?? {};
    const keys = merge ? Object.keys(mine) : [...new Set([...Object.keys(mine), ...Object.keys(held)])];
    return keys.every((key) => sameValue(mine[key], held[key]));
}
/** Port holds a team as a list; a name given alone is a list of one. */
function teams(team) {
    if (team === undefined || team === null)
        return [];
    return typeof team === 'string' ? [team] : team;
}
/** JSON equality: absent and null alike (Port answers null for a property not set), key order free, list order kept. */
function sameValue(a, b) {
    if (a === undefined || a === null)
        return b === undefined || b === null;
    if (b === undefined || b === null)
        return false;
    if (Array.isArray(a))
        return Array.isArray(b) && a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
    if (json_isObject(a)) {
        if (!json_isObject(b) || Array.isArray(b))
            return false;
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].every((key) => sameValue(a[key], b[key]));
    }
    return a === b;
}
/** The entities of one blueprint that Port holds, by identifier, read with one search per READ_CHUNK identifiers. */
async function readStored(port, blueprint, identifiers) {
    const stored = new Map();
    let from;
    do {
        const page = await searchBlueprintEntities(port, blueprint, {
            query: { combinator: 'and', rules: [{ property: '$identifier', operator: 'in', value: identifiers }] },
            limit: 1000,
            ...(from === undefined ? {} : { from }),
        });
        for (const entity of page.entities)
            if (typeof entity.identifier === 'string')
                stored.set(entity.identifier, entity);
        from = page.next;
    } while (from !== undefined);
    return stored;
}
/** One entity as Port holds it, or undefined when it does not exist (upsert's read, by the entity's own route). */
async function readOne(port, placed) {
    try {
        return await port.getEntity(placed.blueprint, placed.entity.identifier);
    }
    catch (error) {
        if (error instanceof errors_ApiError && error.status === 404)
            return undefined;
        throw error;
    }
}
/** Why the comparison was not made, when the read failed (`what`: `the entities of blueprint service`): written all the same. */
function unreadReason(what, error) {
    return `could not read ${what} to compare (${error.message}): written without the comparison`;
}

;// CONCATENATED MODULE: ./src/catalog/bulk.ts





/*
 * Writing any number of entities: grouped by blueprint, cut into calls of at most 20 (Port's bulk limit), up to
 * `concurrency` calls at once, paced by Port's rate-limit headers so that the calls are spent on writes rather than
 * on 429s. Port's answer is read entity by entity (200: all written; 207 Multi-Status: some refused), and nothing is
 * counted written that Port did not say it wrote: a call refused whole, or whose answer never came after the
 * client's retries, fails each of its entities with that reason. With `skipUnchanged` each blueprint's entities are
 * read first (unchanged.ts) and only those a write would change are sent, still in full calls of 20.
 */
/** Port's limit of entities in one bulk call (create-multiple-entities.json). */
const BULK_LIMIT = 20;
/** Paces calls by what Port's last answer said of the rate-limit window (RateLimitState). */
class RatePacer {
    clock;
    #remaining;
    #limit = 0;
    #resetAt = 0;
    #periodMs;
    /** Calls sent since the state was last read from an answer (the server may not have counted them yet). */
    #sentSince = 0;
    #inFlight = 0;
    /** Until the first answer says where the window stands, one call at a time: a burst could spend it on 429s. */
    #observed = false;
    #wake = [];
    constructor(clock = realClock) {
        this.clock = clock;
    }
    /** For PortClientOptions.onRateLimit. */
    observe(state) {
        this.#remaining = state.remaining;
        this.#limit = state.limit;
        this.#resetAt = state.at + state.resetSeconds * 1000;
        this.#periodMs = state.periodSeconds === undefined ? undefined : state.periodSeconds * 1000;
        // The calls in flight may or may not be in that count (the answer may even be the token's, before any of them
        // went out): assume none is, and leave a call of the window unused rather than spend one on a 429.
        this.#sentSince = this.#inFlight;
        this.#observed = true;
        this.#wakeAll();
    }
    #wakeAll() {
        for (const wake of this.#wake.splice(0))
            wake();
    }
    /** Waits until a call fits in the window, then counts it as sent. */
    async acquire() {
        for (;;) {
            if (!this.#observed && this.#inFlight > 0) {
                await new Promise((resolve) => this.#wake.push(resolve));
                continue;
            }
            const now = this.clock.now();
            if (this.#remaining !== undefined && now >= this.#resetAt) {
                // A new window: full again, for as long as the period says (unknown: until the next answer says).
                this.#remaining = this.#limit;
                this.#sentSince = 0;
                this.#resetAt = this.#periodMs === undefined ? Number.POSITIVE_INFINITY : now + this.#periodMs;
                if (this.#periodMs === undefined)
                    this.#remaining = undefined;
            }
            if (this.#remaining === undefined || this.#remaining - this.#sentSince > 0) {
                this.#sentSince++;
                this.#inFlight++;
                return;
            }
            await this.clock.sleep(Math.max(1, this.#resetAt - now));
        }
    }
    release() {
        this.#inFlight = Math.max(0, this.#inFlight - 1);
        this.#wakeAll();
    }
}
/**
 * Upserts every entity (merge and the other options as given), batch by batch.
 * @param port a client whose onRateLimit feeds `pacer` (the command wires both).
 */
async function bulkUpsert(port, entities, options = {}, pacer = new RatePacer()) {
    const byBlueprint = new Map();
    for (const placed of entities) {
        const list = byBlueprint.get(placed.blueprint) ?? [];
        list.push(placed);
        byBlueprint.set(placed.blueprint, list);
    }
    const result = { created: [], updated: [], unchanged: [], failed: [], calls: 0, reads: 0 };
    const { concurrency = 4, onBatch, onRead, skipUnchanged = false, runId, ...write } = options;
    let link = runId;
    let done = 0;
    /** One paced call to Port; its ApiError (a refusal, or silence after the client's retries) is its answer. */
    const paced = async (send) => {
        await pacer.acquire();
        result.calls++;
        try {
            return await send();
        }
        catch (error) {
            if (!(error instanceof errors_ApiError))
                throw error;
            return error;
        }
        finally {
            pacer.release();
        }
    };
    const writeCall = (blueprint, items, linked) => paced(() => bulkWriteEntities(port, blueprint, items.map(({ entity }) => ({ ...entity })), { ...write, ...(linked ? { runId: linked } : {}), upsert: true }));
    const writeBatch = async (blueprint, items) => {
        const linked = link;
        let answer = await writeCall(blueprint, items, linked);
        if (answer instanceof errors_ApiError && isRunEnded(answer) && linked !== undefined) {
            // The run ended: this call and the rest go without the link (see run-link.ts); calls already on their way
            // with it come back refused too, and go again the same way.
            result.unlinked = unlinkedReason(linked);
            link = undefined;
            answer = await writeCall(blueprint, items, undefined);
        }
        const before = { created: result.created.length, updated: result.updated.length, failed: result.failed.length };
        read(blueprint, items, answer, result);
        done += items.length;
        onBatch?.({
            blueprint,
            size: items.length,
            written: result.created.length - before.created + result.updated.length - before.updated,
            failed: result.failed.length - before.failed,
            done,
            total: entities.length,
        });
    };
    /** The entities of one blueprint that a write would change, in file order; the others are counted unchanged. */
    const changed = async (blueprint, list) => {
        const times = new Map();
        for (const { entity } of list)
            times.set(entity.identifier, (times.get(entity.identifier) ?? 0) + 1);
        const identifiers = [...times.keys()];
        const chunks = [];
        for (let at = 0; at < identifiers.length; at += READ_CHUNK)
            chunks.push(identifiers.slice(at, at + READ_CHUNK));
        const same = new Set();
        await inParallel(chunks, concurrency, async (chunk) => {
            result.reads++;
            const stored = await paced(() => readStored(port, blueprint, chunk));
            if (stored instanceof errors_ApiError) {
                // Not read, so not compared: these are written as they would be without the option.
                result.unread ??= unreadReason(`the entities of blueprint ${blueprint}`, stored);
                return;
            }
            let found = 0;
            for (const placed of list) {
                const held = stored.get(placed.entity.identifier);
                // An entity the file gives twice is written each time, as it would be without the comparison: the last
                // write is what Port keeps, and skipping an earlier one could leave the wrong one last.
                if (held && times.get(placed.entity.identifier) === 1 && sameAsStored(placed.entity, held, write.merge ?? false)) {
                    same.add(placed);
                    found++;
                }
            }
            done += found;
            onRead?.({ blueprint, size: chunk.length, unchanged: found, done, total: entities.length });
        });
        result.unchanged.push(...list.filter((placed) => same.has(placed)));
        return list.filter((placed) => !same.has(placed));
    };
    // Blueprint by blueprint, in the order the file first names them: a file that lists clusters before the services
    // that relate to them gets the clusters written first. Within a blueprint, calls go concurrently.
    for (const [blueprint, all] of byBlueprint) {
        const list = skipUnchanged ? await changed(blueprint, all) : all;
        const batches = [];
        for (let at = 0; at < list.length; at += BULK_LIMIT)
            batches.push(list.slice(at, at + BULK_LIMIT));
        await inParallel(batches, concurrency, (batch) => writeBatch(blueprint, batch));
    }
    return result;
}
/** Runs `work` over the items, at most `limit` at once, in order of start. */
async function inParallel(items, limit, work) {
    let next = 0;
    const worker = async () => {
        while (next < items.length)
            await work(items[next++]);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
/** One call's answer, entity by entity; an entity the answer does not mention is not counted written. */
function read(blueprint, items, answer, result) {
    if (answer instanceof errors_ApiError) {
        for (const placed of items) {
            result.failed.push({
                blueprint,
                identifier: placed.entity.identifier,
                source: placed.source,
                statusCode: answer.status,
                error: answer.code ?? (answer.status === null ? 'unreachable' : 'refused'),
                message: answer.message,
            });
        }
        return;
    }
    const written = new Map(answer.entities.map((entry) => [entry.index, entry]));
    const refused = new Map(answer.errors.map((entry) => [entry.index, entry]));
    for (const [index, placed] of items.entries()) {
        const ok = written.get(index);
        const error = refused.get(index);
        if (ok && !error)
            (ok.created ? result.created : result.updated).push(placed);
        else {
            result.failed.push({
                blueprint,
                identifier: placed.entity.identifier,
                source: placed.source,
                statusCode: error?.statusCode ?? null,
                error: error?.error ?? 'not_in_answer',
                message: error?.message ?? 'Port\'s answer did not say this entity was written',
            });
        }
    }
}
/** A bulk result as the faces hand it on (the CLI's --json, actions/entity's outputs): who was written, who failed. */
function bulkSummary(result) {
    const named = ({ blueprint, entity }) => ({ blueprint, identifier: entity.identifier });
    return {
        created: result.created.map(named),
        updated: result.updated.map(named),
        unchanged: result.unchanged.map(named),
        failed: result.failed,
        calls: result.calls,
        reads: result.reads,
    };
}
/**
 * The counts in one line, as every face prints them: `3 written (1 created, 2 updated), 0 failed, in 1 call`, with
 * the unchanged and the reads when they were looked for.
 */
function countsLine(result, validationOnly, skipUnchanged) {
    const written = result.created.length + result.updated.length;
    const calls = `${result.calls} call${result.calls === 1 ? '' : 's'}${skipUnchanged ? ` (${result.reads} to read)` : ''}`;
    return `${written} ${validationOnly ? 'valid' : 'written'} (${result.created.length} created, ${result.updated.length} updated)${skipUnchanged ? `, ${result.unchanged.length} unchanged` : ''}, ${result.failed.length} failed, in ${calls}`;
}
/** One failed entity in a line: `service/svc-a (services.ndjson line 4) failed: 422 invalid: ...`, Port's reason kept. */
function describeFailure(failure) {
    return `${failure.blueprint}/${failure.identifier} (${failure.source}) failed: ${failure.statusCode ?? 'no answer'} ${failure.error}: ${failure.message}`;
}

;// CONCATENATED MODULE: ./src/catalog/fields.ts

/*
 * The single values of an entity request, checked as Port checks them: identifiers, blueprint identifiers and
 * JSON objects of properties or relations. Apart from entities.ts so that a step that only names an entity (actions/run)
 * does not carry the entity file reader.
 */
/** Port's identifier pattern (create-an-entity.json): no `.` or `..` alone; letters, digits and @_.+:\/=- only. */
const IDENTIFIER = /^(?!\.{1,2}$)[\p{L}0-9@_.+:\\/=-]+$/u;
const IDENTIFIER_MAX = 1000;
function checkIdentifier(value, where) {
    if (typeof value !== 'string' || value === '')
        throw new errors_UsageError(`${where}: identifier: expected a string such as "svc-a" but found ${describe(value)}`);
    if (value.length > IDENTIFIER_MAX)
        throw new errors_UsageError(`${where}: identifier: ${value.length} characters; Port accepts at most ${IDENTIFIER_MAX}`);
    if (!IDENTIFIER.test(value)) {
        throw new errors_UsageError(`${where}: identifier "${value}" is not accepted; Port takes letters, digits and @ _ . + : \\ / = - (not "." or ".." alone)`);
    }
    return value;
}
function checkBlueprint(value, where) {
    if (typeof value !== 'string' || !/^[A-Za-z0-9@_=-]+$/.test(value)) {
        throw new errors_UsageError(`${where}: blueprint: expected a blueprint identifier such as "service" (letters, digits, @ _ = -) but found ${describe(value)}`);
    }
    return value;
}
/** A --properties or --relations flag's value: a JSON object. */
function jsonObjectFlag(flag, text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new errors_UsageError(`${flag}: not JSON (${error.message}); expected an object such as '{"tier": "gold"}'`);
    }
    if (!json_isObject(value))
        throw new errors_UsageError(`${flag}: expected a JSON object such as '{"tier": "gold"}' but found ${describe(value)}`);
    return value;
}
function describe(value) {
    if (value === undefined)
        return 'nothing';
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'string')
        return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
    return `a ${typeof value}`;
}

;// CONCATENATED MODULE: ./src/catalog/entities.ts



const FIELDS = ['identifier', 'title', 'icon', 'team', 'properties', 'relations', 'blueprint'];
/**
 * One entity as a file or a flag gave it, checked field by field.
 * @param blueprint the command's --blueprint, used when the entity has none of its own.
 * @param blueprintName how the face names that blueprint, for the error when there is none.
 */
function checkEntity(value, where, blueprint, blueprintName = '--blueprint') {
    if (!json_isObject(value))
        throw new errors_UsageError(`${where}: expected an entity object such as {"identifier": "svc-a", "properties": {...}} but found ${describe(value)}`);
    for (const key of Object.keys(value)) {
        if (!FIELDS.includes(key))
            throw new errors_UsageError(`${where}: unknown field "${key}"; an entity takes ${FIELDS.join(', ')}`);
    }
    const entity = { identifier: checkIdentifier(value.identifier, where) };
    for (const key of ['title', 'icon']) {
        const field = value[key];
        if (field === undefined || field === null)
            continue;
        if (typeof field !== 'string')
            throw new errors_UsageError(`${where}: ${key}: expected a string but found ${describe(field)}`);
        entity[key] = field;
    }
    const team = value.team;
    if (team !== undefined && team !== null) {
        if (typeof team !== 'string' && !(Array.isArray(team) && team.every((item) => typeof item === 'string'))) {
            throw new errors_UsageError(`${where}: team: expected a team name or a list of them but found ${describe(team)}`);
        }
        entity.team = team;
    }
    for (const key of ['properties', 'relations']) {
        const field = value[key];
        if (field === undefined || field === null)
            continue;
        if (!json_isObject(field))
            throw new errors_UsageError(`${where}: ${key}: expected an object of ${key === 'properties' ? 'property' : 'relation'} values but found ${describe(field)}`);
        entity[key] = field;
    }
    const own = value.blueprint;
    const chosen = own === undefined || own === null ? blueprint : checkBlueprint(own, where);
    if (chosen === undefined)
        throw new errors_UsageError(`${where}: no blueprint: give ${blueprintName}, or a "blueprint" field on the entity`);
    return { blueprint: chosen, entity, source: where };
}
/** The format a file's name says, else JSON (a JSON text is also YAML, but not the other way round). */
function formatOf(file) {
    if (/\.ndjson$|\.jsonl$/i.test(file))
        return 'ndjson';
    if (/\.ya?ml$/i.test(file))
        return 'yaml';
    return 'json';
}
/**
 * The entities of a file's text: one entity, a list of them, `{"entities": [...]}` (Port's bulk body), or for
 * NDJSON one per line (blank lines skipped).
 * @throws UsageError naming the file and the line or item at fault.
 */
function readEntities(text, format, source, blueprint, parseYaml, blueprintName = '--blueprint') {
    if (format === 'ndjson') {
        const placed = [];
        for (const [index, line] of text.split('\n').entries()) {
            if (line.trim() === '')
                continue;
            const where = `${source} line ${index + 1}`;
            let value;
            try {
                value = JSON.parse(line);
            }
            catch (error) {
                throw new errors_UsageError(`${where}: not JSON (${error.message}); NDJSON takes one entity object per line`);
            }
            placed.push(checkEntity(value, where, blueprint, blueprintName));
        }
        if (placed.length === 0)
            throw new errors_UsageError(`${source}: no entities in it; NDJSON takes one entity object per line`);
        return placed;
    }
    if (format === 'yaml' && !parseYaml) {
        throw new errors_UsageError(`${source}: YAML is read by the npm package's port-ci (npx port-ci); this one-file build reads JSON and NDJSON`);
    }
    let value;
    try {
        value = format === 'yaml' ? parseYaml(text) : JSON.parse(text);
    }
    catch (error) {
        throw new errors_UsageError(`${source}: not ${format === 'yaml' ? 'YAML' : 'JSON'} (${error.message.split('\n')[0]}); expected an entity, a list of entities, or {"entities": [...]}`);
    }
    if (json_isObject(value) && Array.isArray(value.entities) && Object.keys(value).length === 1)
        value = value.entities;
    const items = Array.isArray(value) ? value : [value];
    if (items.length === 0)
        throw new errors_UsageError(`${source}: the list is empty; give at least one entity`);
    return items.map((item, index) => checkEntity(item, Array.isArray(value) ? `${source} item ${index + 1}` : source, blueprint, blueprintName));
}
const FIELD_SOURCES = ['identifier', 'title', 'icon', 'team', 'properties', 'relations'];
/**
 * The entities to write, from a file or from the fields of one (never both): `one` for upsert, which writes a
 * single entity, `many` for bulk, which takes a file. YAML is parsed by what `loadYaml` gives, when given.
 * @throws UsageError naming the field, file, line or item at fault and what is accepted.
 */
async function gatherEntities(source, mode, names, loadYaml) {
    const blueprintName = names.field('blueprint');
    const blueprint = source.blueprint === undefined ? undefined : checkBlueprint(source.blueprint, blueprintName);
    const given = FIELD_SOURCES.filter((name) => source[name] !== undefined);
    const operation = mode === 'one' ? names.upsert : names.bulk;
    if (source.file !== undefined) {
        const { file } = source;
        if (given.length > 0) {
            throw new errors_UsageError(`${operation}: ${names.field('file')} and ${names.field(given[0])} contradict each other; give the entity in the file or in ${names.fields.replace(/^the /, '')}`);
        }
        const format = formatOf(file.name);
        const yaml = format === 'yaml' && loadYaml ? await loadYaml() : undefined;
        const placed = readEntities(file.read(), format, file.source, blueprint, yaml, blueprintName);
        if (mode === 'one' && placed.length > 1)
            throw new errors_UsageError(`${operation}: ${file.source} holds ${placed.length} entities; upsert writes one (use ${names.bulk} for several)`);
        return placed;
    }
    if (mode === 'many')
        throw new errors_UsageError(`${operation}: ${names.field('file')} is required (${names.fileHint})`);
    if (source.identifier === undefined)
        throw new errors_UsageError(`${operation}: ${names.field('identifier')} is required (or ${names.field('file')})`);
    const value = { identifier: source.identifier };
    if (source.title !== undefined)
        value.title = source.title;
    if (source.icon !== undefined)
        value.icon = source.icon;
    if (source.team !== undefined)
        value.team = source.team.length === 1 ? source.team[0] : source.team;
    if (source.properties !== undefined)
        value.properties = jsonObjectFlag(names.field('properties'), source.properties);
    if (source.relations !== undefined)
        value.relations = jsonObjectFlag(names.field('relations'), source.relations);
    return [checkEntity(value, names.fields, blueprint, blueprintName)];
}

;// CONCATENATED MODULE: ./src/catalog/rules.ts

/** Operators by how they are written, longest first so `>=` is not read as `>`. */
const INFIX = [
    ['!=', '!='],
    ['>=', '>='],
    ['<=', '<='],
    ['!~', 'doesNotContains'],
    ['^=', 'beginsWith'],
    ['$=', 'endsWith'],
    ['=', '='],
    ['>', '>'],
    ['<', '<'],
    ['~', 'contains'],
];
const PROPERTY = /^[$A-Za-z0-9_.-]+$/;
function parseRule(text, flag = '--rule') {
    const where = `${flag} '${text}'`;
    const rule = text.trim();
    if (rule === '')
        throw new errors_UsageError(`${flag}: empty; expected a rule such as 'tier=gold' (see --help for the forms)`);
    const related = /^relatedTo:([A-Za-z0-9@_=-]+)=(.+)$/.exec(rule);
    if (related)
        return { operator: 'relatedTo', blueprint: related[1], value: related[2].trim() };
    const empty = /^(!?)([$A-Za-z0-9_.-]+)\?$/.exec(rule);
    if (empty)
        return { property: empty[2], operator: empty[1] ? 'isEmpty' : 'isNotEmpty' };
    const list = /^([$A-Za-z0-9_.-]+)\s+(in|not-in)\s+(.+)$/.exec(rule);
    if (list) {
        const values = list[3].split(',').map((item) => unquote(item.trim())).filter((item) => item !== '');
        if (values.length === 0)
            throw new errors_UsageError(`${where}: no values after "${list[2]}"; expected a comma-separated list such as 'tier in gold,silver'`);
        return { property: list[1], operator: list[2] === 'in' ? 'in' : 'notIn', value: values };
    }
    // The first operator in the text splits it: a value may itself hold `=` (a URL's query, say).
    let split;
    for (const [written, operator] of INFIX) {
        const at = rule.indexOf(written);
        if (at > 0 && (split === undefined || at < split.at || (at === split.at && written.length > split.written.length)))
            split = { at, written, operator };
    }
    if (!split) {
        throw new errors_UsageError(`${where}: no operator; expected property=value, !=, >, >=, <, <=, ~ (contains), !~, ^= (begins with), $= (ends with), 'property in a,b', 'property?' (not empty) or '!property?' (empty)`);
    }
    const property = rule.slice(0, split.at).trim();
    const raw = rule.slice(split.at + split.written.length).trim();
    if (!PROPERTY.test(property))
        throw new errors_UsageError(`${where}: "${property}" is not a property name; expected letters, digits, _ . - and a leading $ for meta-properties ($identifier)`);
    if (['>', '>=', '<', '<='].includes(split.operator)) {
        const number = Number(raw);
        const value = raw !== '' && Number.isFinite(number) ? number : isDateTime(raw) ? raw : undefined;
        if (value === undefined)
            throw new errors_UsageError(`${where}: "${raw}" is not a number or a date-time (2026-01-31T00:00:00Z), which ${split.written} compares`);
        return { property, operator: split.operator, value };
    }
    if (split.operator === '=' || split.operator === '!=')
        return { property, operator: split.operator, value: scalar(raw) };
    return { property, operator: split.operator, value: unquote(raw) };
}
/** --rule-json: Port's rule object as it is, checked only for being one. */
function parseRuleJson(text, name = '--rule-json') {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new UsageError(`${name}: not JSON (${error.message}); expected a rule object such as '{"property":"tier","operator":"=","value":"gold"}'`);
    }
    return checkRuleObject(value, name);
}
/** The rule-json input: one of Port's rule objects, or a JSON list of them. */
function parseRuleJsonList(text, name) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new errors_UsageError(`${name}: not JSON (${error.message}); expected a rule object such as {"property":"tier","operator":"=","value":"gold"}, or a list of them`);
    }
    return Array.isArray(value) ? value.map((item, index) => checkRuleObject(item, `${name} item ${index + 1}`)) : [checkRuleObject(value, name)];
}
function checkRuleObject(value, name) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof value.operator !== 'string' && !('combinator' in value)) {
        throw new errors_UsageError(`${name}: expected a rule object with an "operator" (or a nested {"combinator", "rules"})`);
    }
    return value;
}
function parseCombinator(text, name = '--combinator') {
    if (text === undefined)
        return 'and';
    const value = text.trim().toLowerCase();
    if (value === 'and' || value === 'or')
        return value;
    throw new errors_UsageError(`${name}: "${text}" is not accepted; expected and or or`);
}
/** A value to compare for equality: quoted text as written, else a number, true, false or null, else the text. */
function scalar(raw) {
    if (/^".*"$/s.test(raw))
        return raw.slice(1, -1);
    if (raw === 'true')
        return true;
    if (raw === 'false')
        return false;
    if (raw === 'null')
        return null;
    if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(raw))
        return Number(raw);
    return raw;
}
function unquote(raw) {
    return /^".*"$/s.test(raw) ? raw.slice(1, -1) : raw;
}
function isDateTime(text) {
    return /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) && !Number.isNaN(Date.parse(text));
}

;// CONCATENATED MODULE: ./src/catalog/search.ts




/**
 * The search to make: the blueprint and combinator checked, and at least a rule or a blueprint, since Port has no
 * "every entity" search.
 * @param names `blueprint`, `combinator`: how the face names them; `missing`: the error when neither is given.
 */
function searchRequest(source, names) {
    const blueprint = source.blueprint === undefined ? undefined : checkBlueprint(source.blueprint, names.blueprint);
    if (source.rules.length === 0 && blueprint === undefined)
        throw new errors_UsageError(names.missing);
    return {
        ...(blueprint ? { blueprint } : {}),
        combinator: parseCombinator(source.combinator, names.combinator),
        rules: source.rules,
        ...(source.include && source.include.length > 0 ? { include: source.include } : {}),
        ...(source.max === undefined ? {} : { max: source.max }),
    };
}
/** Port's largest page (search-a-blueprints-entities.json). */
const PAGE = 1000;
async function searchAll(port, request) {
    const query = { combinator: request.combinator, rules: request.rules };
    const max = request.max ?? Number.POSITIVE_INFINITY;
    if (request.blueprint === undefined) {
        const entities = await searchEntities(port, query, request.include?.map(forEntityRoute));
        request.onPage?.(entities.length, entities.length);
        return entities.slice(0, max);
    }
    const found = [];
    let from;
    do {
        const limit = Math.max(1, Math.min(PAGE, max - found.length));
        const page = await searchBlueprintEntities(port, request.blueprint, {
            query,
            limit,
            ...(request.include ? { include: request.include.map(forBlueprintRoute) } : {}),
            ...(from ? { from } : {}),
        });
        found.push(...page.entities);
        request.onPage?.(page.entities.length, found.length);
        from = page.next;
    } while (from !== undefined && found.length < max);
    return found.slice(0, max);
}
/*
 * The two routes name the fields to include differently: the organisation-wide one by their path in the entity's
 * JSON (`identifier`, `properties.tier`), a blueprint's by identifier with `$` before meta-properties
 * (`$identifier`, `tier`; search-a-blueprints-entities.json). A user writes either, for either route: a bare name
 * that is no meta-property is a property or relation identifier, kept as Port's blueprint route takes it.
 */
const META_FIELDS = ['identifier', 'title', 'icon', 'team', 'blueprint', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy'];
function forBlueprintRoute(field) {
    if (META_FIELDS.includes(field))
        return `$${field}`;
    return /^(?:properties|relations)\.(.+)$/.exec(field)?.[1] ?? field;
}
function forEntityRoute(field) {
    return field.startsWith('$') && META_FIELDS.includes(field.slice(1)) ? field.slice(1) : field;
}

;// CONCATENATED MODULE: ./src/catalog/write.ts




/**
 * Upserts one entity (replacing it, or merging with `merge`); with `skipUnchanged`, reads it first and writes it
 * only when the write would change it (unchanged.ts).
 */
async function upsertOne(port, placed, options) {
    const { runId, skipUnchanged = false, ...rest } = options;
    let unread;
    if (skipUnchanged) {
        try {
            const held = await readOne(port, placed);
            if (held && sameAsStored(placed.entity, held, rest.merge ?? false))
                return { entity: held, unchanged: true };
        }
        catch (error) {
            if (!(error instanceof errors_ApiError))
                throw error;
            unread = unreadReason(`entity ${placed.blueprint}/${placed.entity.identifier}`, error);
        }
    }
    const { value, unlinked } = await linkedToRun(runId, (id) => writeEntity(port, placed.blueprint, { ...placed.entity }, { ...rest, upsert: true, ...(id ? { runId: id } : {}) }));
    return { entity: value, ...(unread ? { unread } : {}), ...(unlinked ? { unlinked } : runId && !options.validationOnly ? { runId } : {}) };
}
/** Deletes one entity (and, with `deleteDependents`, those that depend on it). */
async function deleteOne(port, blueprint, identifier, options) {
    const { runId, deleteDependents = false } = options;
    const { unlinked } = await linkedToRun(runId, (id) => deleteEntity(port, blueprint, identifier, { deleteDependents, ...(id ? { runId: id } : {}) }));
    return unlinked ? { unlinked } : runId ? { runId } : {};
}

;// CONCATENATED MODULE: ./src/github/boundary.ts


/**
 * The one error boundary of an action step: a user error fails the step with its one-line message; anything
 * else also fails it, with the stack sent to the debug log rather than the user's face.
 */
async function runStep(step) {
    try {
        await step();
    }
    catch (error) {
        if (error instanceof Error && !(error instanceof errors_UsageError) && error.stack)
            debug(error.stack);
        setFailed(error instanceof Error ? error.message : String(error));
    }
}

;// CONCATENATED MODULE: ./src/core/masking.ts

/*
 * Masking as the GitHub runner does it, for what port-ci sends to Port, where no runner masks anything.
 * Read from actions/runner: ActionCommand.TryParseV2 and TryParse (how a line becomes a command and how its data
 * is unescaped), ActionCommandManager (command names are case-insensitive; add-mask with blank data registers
 * nothing), SecretMasker (every occurrence of every registered text, overlapping or touching ones merged into one
 * "***", no minimum length) and ValueEncoders (the encoded forms registered beside each value). Where port-ci
 * differs it is stricter, and the comment says so.
 */
/** What replaces a secret, as in the runner's log. */
const MASK = '***';
/**
 * Leading blanks the runner trims before looking for `::`: .NET's TrimStart (char.IsWhiteSpace, which counts
 * U+0085) and JavaScript's \s (which counts U+FEFF) differ; trimming both is stricter than either.
 */
const V2_COMMAND = /^[\s\u0085]*::([^]*?)::/;
/** The legacy form: `##[add-mask]VALUE` or `##[add-mask prop=x]VALUE`, anywhere in the line. */
const LEGACY_ADD_MASK = /##\[add-mask(?:\]| [^\]]*\])/i;
/**
 * The value a line registers when the runner would read it as an add-mask command, else undefined. The value
 * may be blank: the runner then registers nothing but still takes the line as a command (it is not shown).
 *
 * `::add-mask::VALUE` counts after leading blanks, with properties (`::add-mask x=y::`) and in any case, as
 * the runner reads it; VALUE is unescaped as the runner does (%0D, %0A, then %25, case-sensitive).
 * `##[add-mask]VALUE` counts anywhere in the line; the runner reads only the first `##[` of a line, and not at
 * all when the line is another `::command::`, so port-ci takes a few lines for mask commands that the runner
 * shows: stricter, never looser. For the same reason `::stop-commands::` is not honoured: the runner ignores
 * add-mask until the stop token comes back, port-ci masks the value anyway.
 */
function maskCommandValue(line) {
    const v2 = V2_COMMAND.exec(line);
    if (v2) {
        const info = v2[1];
        const space = info.indexOf(' ');
        const name = space < 0 ? info : info.slice(0, space);
        if (name.toLowerCase() === 'add-mask')
            return unescapeV2Data(line.slice(v2[0].length));
    }
    if (!line.includes('##['))
        return undefined;
    const legacy = LEGACY_ADD_MASK.exec(line);
    return legacy ? unescapeLegacyData(line.slice(legacy.index + legacy[0].length)) : undefined;
}
/** The runner's UnescapeData for `::command::data`: plain replacements, in this order. */
function unescapeV2Data(data) {
    return data.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%25', '%');
}
/** The runner's Unescape for the legacy `##[command]data` form. */
function unescapeLegacyData(data) {
    return data.replaceAll('%3B', ';').replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%5D', ']').replaceAll('%25', '%');
}
/** The shortest stable base64 part registered: a shorter one would turn up in unrelated base64 text. */
const BASE64_STABLE_MIN = 6;
/**
 * The texts masked for one value: the value and the forms the runner's ValueEncoders give it, plus, stricter
 * than the runner, the part of each base64 alignment that does not depend on the bytes after the value (so a
 * secret inside a longer base64 text is caught, not only at its end), the JSON escape of Python's
 * `json.dumps` (non-ASCII as \uXXXX) and encodeURIComponent's escape beside .NET's stricter one.
 */
function maskForms(value) {
    const forms = new Set([value]);
    const bytes = Buffer.from(value, 'utf8');
    // Base64 turns 3 bytes into 4 characters, so text before the secret shifts its encoding by 0, 1 or 2 bytes:
    // the runner registers the encoding of the value and of the value without its first 1 and 2 bytes.
    for (const shift of [0, 1, 2]) {
        const shifted = bytes.length > shift ? bytes.subarray(shift) : bytes;
        const encoded = shifted.toString('base64');
        forms.add(encoded);
        const stable = encoded.slice(0, Math.floor((shifted.length * 4) / 3));
        if (stable.length >= BASE64_STABLE_MIN)
            forms.add(stable);
    }
    const json = JSON.stringify(value).slice(1, -1);
    forms.add(json);
    forms.add(json.replace(/[\u0085\u2028\u2029]/g, unicodeEscape)); // Newtonsoft (the runner) escapes these too
    forms.add(json.replace(/[^\x00-\x7f]/g, unicodeEscape)); // Python's json.dumps, ensure_ascii
    try {
        const component = encodeURIComponent(value);
        forms.add(component);
        // .NET's Uri.EscapeDataString (the runner's) also escapes the characters encodeURIComponent leaves.
        forms.add(component.replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`));
    }
    catch {
        // a lone surrogate has no URI form
    }
    forms.add(value.replace(/[&<>"']/g, (ch) => XML_ENTITIES[ch])); // XmlDataEscape
    forms.add(value.replaceAll('"', '\\"')); // CommandLineArgumentEscape
    forms.add(value.replaceAll("'", "''")); // ExpressionStringEscape
    if (value.length > 8 && value.startsWith('"') && value.endsWith('"'))
        forms.add(value.slice(1, -1)); // TrimDoubleQuotes
    for (const part of powerShellParts(value))
        forms.add(part);
    forms.delete('');
    return [...forms];
}
const XML_ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
function unicodeEscape(ch) {
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
/**
 * PowerShell may print a secret holding `&` in two coloured sections; the runner masks each one of 6 or more
 * characters (PowerShellPreAmpersandEscape, PowerShellPostAmpersandEscape).
 */
function powerShellParts(value) {
    if (!value.includes('&'))
        return [];
    const plus = value.indexOf('&+');
    const before = plus >= 0 ? value.slice(0, plus + 2) : value.slice(0, value.lastIndexOf('&') + 1);
    // After "&+" PowerShell colours the next character on its own, so the section starts one later.
    const after = plus >= 0 ? value.slice(plus + 3) : value.slice(value.lastIndexOf('&') + 1);
    return [before, after].filter((part) => part.length >= 6);
}
/**
 * The values registered for one secret, before encoding: the value as given, trimmed, and each of its lines
 * trimmed (the runner registers a job secret's lines, and it masks output line by line). Port-ci does this for
 * every secret, add-mask values included, which the runner does not split: stricter. A blank value gives none.
 */
function secretValues(value) {
    if (value.trim() === '')
        return [];
    const values = new Set([value, value.trim()]);
    for (const line of value.split(/\r\n|\r|\n/))
        if (line.trim() !== '')
            values.add(line.trim());
    return [...values];
}
/**
 * Every registered text, found anywhere in a text and replaced by "***" as the runner does: all occurrences
 * of all texts, overlapping or touching ones merged into one mask. No minimum length: a one-character secret
 * is masked wherever it appears, as in the runner's log.
 *
 * Texts are indexed by their first two UTF-16 units, so masking costs one map lookup per character however
 * many secrets there are, and a text can be added at any time (an add-mask line in the middle of a stream).
 */
class SecretMasker {
    #texts = new Set();
    /** Texts of two or more units by their first two, longest first. */
    #byPair = new Map();
    /** Texts of one unit. */
    #single = new Set();
    /** 1 for each UTF-16 unit that starts a text: most positions of a line are passed over on this alone. */
    #starts = new Uint8Array(0x10000);
    /** How many texts (values and their forms) are masked. */
    get size() {
        return this.#texts.size;
    }
    /**
     * Registers a secret: its values (secretValues) and their encoded forms (maskForms).
     * @returns false when the value is blank, so nothing was registered.
     */
    add(value) {
        const values = secretValues(value);
        for (const each of values)
            for (const form of maskForms(each))
                this.#addText(form);
        return values.length > 0;
    }
    #addText(text) {
        if (this.#texts.has(text))
            return;
        this.#texts.add(text);
        this.#starts[text.charCodeAt(0)] = 1;
        if (text.length === 1) {
            this.#single.add(text.charCodeAt(0));
            return;
        }
        const key = pairKey(text, 0);
        const list = this.#byPair.get(key) ?? [];
        this.#byPair.set(key, list);
        const shorter = list.findIndex((other) => other.length < text.length);
        list.splice(shorter < 0 ? list.length : shorter, 0, text);
    }
    /** The text with every registered secret replaced by "***". */
    mask(text) {
        if (this.#texts.size === 0 || text === '')
            return text;
        const single = this.#single;
        const byPair = this.#byPair;
        const starts = this.#starts;
        let result = '';
        let copied = 0;
        let start = -1;
        let end = -1;
        const last = text.length - 1;
        for (let i = 0; i <= last; i++) {
            const unit = text.charCodeAt(i);
            if (starts[unit] === 0)
                continue;
            let matchEnd = single.size > 0 && single.has(unit) ? i + 1 : -1;
            const candidates = i < last ? byPair.get(pairKey(text, i)) : undefined;
            if (candidates) {
                for (const candidate of candidates) {
                    if (text.startsWith(candidate, i)) {
                        matchEnd = Math.max(matchEnd, i + candidate.length);
                        break; // longest first
                    }
                }
            }
            if (matchEnd < 0)
                continue;
            if (start >= 0 && i <= end) {
                end = Math.max(end, matchEnd); // overlapping or touching: one mask
                continue;
            }
            if (start >= 0) {
                result += text.slice(copied, start) + MASK;
                copied = end;
            }
            start = i;
            end = matchEnd;
        }
        if (start < 0)
            return text;
        return result + text.slice(copied, start) + MASK + text.slice(end);
    }
    /**
     * One line of a command's output on its way to Port: undefined when it is an add-mask command (never sent;
     * its value is masked from then on), else the line masked.
     */
    maskLine(line) {
        const value = maskCommandValue(line);
        if (value === undefined)
            return this.mask(line);
        this.add(value);
        return undefined;
    }
}
function pairKey(text, at) {
    return text.charCodeAt(at) * 0x10000 + text.charCodeAt(at + 1);
}
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * Environment variable names given as a list, separated by commas or line breaks (blanks around names and
 * empty entries ignored), as the `redact` input and `--redact` take them.
 * @throws UsageError naming `where` and the first name that is not a variable name.
 */
function parseVariableNames(text, where) {
    const names = text
        .split(/[,\r\n]/)
        .map((name) => name.trim())
        .filter((name) => name !== '');
    const bad = names.find((name) => !VARIABLE_NAME.test(name));
    if (bad !== undefined) {
        const shown = bad.length > 40 ? `${bad.slice(0, 40)}…` : bad;
        throw new errors_UsageError(`Invalid ${where} name '${shown}'. Expected names of environment variables (letters, digits and _, not starting with a digit), separated by commas or new lines.`);
    }
    return [...new Set(names)];
}

;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = require("node:http");
var external_node_http_default = /*#__PURE__*/__nccwpck_require__.n(external_node_http_namespaceObject);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = require("node:https");
var external_node_https_default = /*#__PURE__*/__nccwpck_require__.n(external_node_https_namespaceObject);
;// CONCATENATED MODULE: external "node:tls"
const external_node_tls_namespaceObject = require("node:tls");
var external_node_tls_default = /*#__PURE__*/__nccwpck_require__.n(external_node_tls_namespaceObject);
;// CONCATENATED MODULE: ./src/http/proxy.ts




/** The proxy refused, failed or could not be reached; the message names it (never its credentials). */
class ProxyError extends Error {
    name = 'ProxyError';
}
/**
 * The proxy a request to `target` goes through, or undefined to go direct.
 * @throws UsageError when the variable that applies does not hold an http:// proxy URL.
 */
function proxyFor(target, env = process.env) {
    if (isLoopback(target.hostname))
        return undefined;
    const noProxy = firstSet(env, 'no_proxy', 'NO_PROXY');
    if (noProxy && bypassesProxy(target, noProxy.value))
        return undefined;
    const setting = target.protocol === 'https:' ? firstSet(env, 'https_proxy', 'HTTPS_PROXY') : firstSet(env, 'http_proxy', 'HTTP_PROXY');
    return setting ? parseProxy(setting.value, setting.name) : undefined;
}
/** localhost, an IPv4 address in 127.0.0.0/8 or [::1], as a URL's hostname writes them (what http-client checks). */
function isLoopback(hostname) {
    const host = hostname.toLowerCase();
    return host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
}
/** Whether a NO_PROXY list names `target` (rules in the comment at the top). */
function bypassesProxy(target, noProxy) {
    const host = target.hostname.toLowerCase();
    const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
    for (const raw of noProxy.split(',')) {
        const entry = raw.trim().toLowerCase();
        if (entry === '')
            continue;
        if (entry === '*')
            return true;
        const { name, port: entryPort } = splitPort(entry);
        if (entryPort !== undefined && entryPort !== port)
            continue;
        const suffix = name.startsWith('*.') ? name.slice(1) : name;
        if (suffix.startsWith('.') ? host.endsWith(suffix) : host === suffix || host.endsWith(`.${suffix}`))
            return true;
    }
    return false;
}
/** `host`, `host:port`, `[v6]`, `[v6]:port`, or a bare IPv6 address (several colons: no port). */
function splitPort(entry) {
    const bracketed = /^(\[[^\]]+\])(?::(\d+))?$/.exec(entry);
    if (bracketed)
        return { name: bracketed[1], port: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
    const colons = entry.split(':').length - 1;
    if (colons > 1)
        return { name: `[${entry}]` };
    const withPort = /^(.*):(\d+)$/.exec(entry);
    return withPort ? { name: withPort[1], port: Number(withPort[2]) } : { name: entry };
}
function firstSet(env, ...names) {
    for (const name of names) {
        const value = env[name]?.trim();
        if (value)
            return { name, value };
    }
    return undefined;
}
/** `http://user:pass@host:port` or `host:port` (http assumed, as curl and http-client do). */
function parseProxy(text, variable) {
    const shown = withoutCredentials(text);
    const expected = 'expected http://host:port, with user:password@ before the host if the proxy asks for them';
    let url;
    try {
        url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
    }
    catch {
        throw new errors_UsageError(`${variable}: "${shown}" is not a proxy URL; ${expected}`);
    }
    if (url.protocol !== 'http:') {
        throw new errors_UsageError(`${variable}: "${shown}" is not accepted: port-ci talks to a proxy in plain HTTP; ${expected}`);
    }
    if (url.hostname === '')
        throw new errors_UsageError(`${variable}: "${shown}" names no host; ${expected}`);
    const port = Number(url.port) || 80;
    const credentials = url.username || url.password ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined;
    return {
        url: `http://${url.hostname}:${port}`,
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port,
        authorization: credentials === undefined ? undefined : `Basic ${Buffer.from(credentials).toString('base64')}`,
        variable,
    };
}
/** The text of a proxy variable with any `user:password@` replaced, so a message can quote it. */
function withoutCredentials(text) {
    return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@]*@/i, '$1***@');
}
/** `the proxy http://proxy.example:3128 (HTTPS_PROXY)`. */
function describeProxy(proxy) {
    return `the proxy ${proxy.url} (${proxy.variable})`;
}
const refusalHints = {
    407: '; check the user and password in the proxy URL',
    403: '; the proxy does not allow this destination (or this port)',
};
/** The proxy's own refusal of a request (407 to a forwarded request, any non-2xx to a CONNECT). */
function proxyRefusal(proxy, what, status, statusText) {
    return new ProxyError(`${describeProxy(proxy)} refused ${what}: ${status} ${statusText ?? ''}`.trimEnd() + (refusalHints[status] ?? ''));
}
/**
 * An https agent whose connections are CONNECT tunnels through one proxy, with TLS to the target inside. Tunnels
 * are kept alive and reused per target, as direct connections are.
 */
class TunnelAgent extends (external_node_https_default()).Agent {
    #proxy;
    constructor(proxy) {
        super({ keepAlive: true });
        this.#proxy = proxy;
    }
    createConnection(options, callback) {
        const host = options.host ?? 'localhost';
        const authority = `${host.includes(':') ? `[${host}]` : host}:${options.port ?? 443}`;
        openTunnel(this.#proxy, authority, options.timeout).then((tunnel) => {
            // An idle pooled connection is unref'd by the agent, as a direct one is: it does not hold the process open.
            callback?.(null, external_node_tls_default().connect({ ...options, socket: tunnel }));
        }, (error) => callback?.(error, undefined));
        return undefined;
    }
}
/** Asks the proxy for a tunnel to `authority` (host:port) and resolves with the raw socket once it is open. */
function openTunnel(proxy, authority, timeoutMs) {
    return new Promise((resolve, reject) => {
        const headers = { host: authority };
        if (proxy.authorization)
            headers['proxy-authorization'] = proxy.authorization;
        // agent: false: the socket becomes the tunnel, so it must neither come from nor go back to a pool.
        const request = external_node_http_default().request({ host: proxy.host, port: proxy.port, method: 'CONNECT', path: authority, headers, agent: false, timeout: timeoutMs });
        request.once('connect', (response, socket, head) => {
            if (response.statusCode === undefined || response.statusCode < 200 || response.statusCode > 299) {
                socket.destroy();
                reject(proxyRefusal(proxy, `a tunnel to ${authority}`, response.statusCode ?? 0, response.statusMessage));
                return;
            }
            socket.setTimeout(0); // the CONNECT's deadline is over; the request on top keeps its own
            if (head.length > 0)
                socket.unshift(head);
            resolve(socket);
        });
        request.once('timeout', () => request.destroy(new ProxyError(`${describeProxy(proxy)} did not answer the CONNECT to ${authority} within ${timeoutMs} ms`)));
        request.once('error', (error) => reject(error instanceof ProxyError ? error : new ProxyError(`could not reach ${describeProxy(proxy)}: ${error.message}`)));
        request.end();
    });
}

;// CONCATENATED MODULE: ./src/http/request.ts



const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
const directAgents = {
    'http:': new (external_node_http_default()).Agent({ keepAlive: true }),
    'https:': new (external_node_https_default()).Agent({ keepAlive: true }),
};
/**
 * Connections to each proxy, by proxy and credentials. Tunnels are kept alive (they are ours end to end). Forwarded
 * plain-HTTP requests are not: a proxy may close the connection after each answer without saying so (tinyproxy
 * does), and a request sent on such a socket fails as if its answer were lost, which makes a log look lost every time.
 */
const proxyAgents = new Map();
function agentsFor(proxy) {
    const key = `${proxy.url} ${proxy.authorization ?? ''}`;
    let agents = proxyAgents.get(key);
    if (!agents) {
        agents = { forward: new (external_node_http_default()).Agent({ keepAlive: false }), tunnel: new TunnelAgent(proxy) };
        proxyAgents.set(key, agents);
    }
    return agents;
}
/**
 * Sends one request and reads the whole answer as text, through the proxy the environment names for the URL
 * (proxy.ts). Network failures reject with the system's error; a proxy that cannot be reached or refuses
 * rejects with a ProxyError naming it; a proxy variable that holds no proxy URL rejects with a UsageError.
 */
function sendRequest(method, url, headers, body, timeoutMs = 30_000) {
    const target = new URL(url);
    let proxy;
    try {
        proxy = proxyFor(target);
    }
    catch (error) {
        return Promise.reject(error);
    }
    const sized = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
    return new Promise((resolve, reject) => {
        const onResponse = (res) => {
            if (proxy && target.protocol === 'http:' && res.statusCode === 407) {
                res.resume();
                reject(proxyRefusal(proxy, `to forward ${method} ${target.origin}`, 407, res.statusMessage));
                return;
            }
            const chunks = [];
            let size = 0;
            res.on('data', (chunk) => {
                size += chunk.length;
                // Port's answers are small; a peer that streams without end must not take the memory with it.
                if (size > MAX_ANSWER_BYTES)
                    req.destroy(new Error(`the answer exceeded ${MAX_ANSWER_BYTES} bytes`));
                else
                    chunks.push(chunk);
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', reject);
        };
        const options = { method, headers: sized, timeout: timeoutMs };
        let req;
        if (!proxy) {
            const transport = target.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default());
            req = transport.request(target, { ...options, agent: directAgents[target.protocol] }, onResponse);
        }
        else if (target.protocol === 'https:') {
            req = external_node_https_default().request(target, { ...options, agent: agentsFor(proxy).tunnel }, onResponse);
        }
        else {
            // A plain-HTTP target: the proxy gets the whole URL on the request line and fetches it.
            const forwarded = { ...options.headers, host: target.host };
            if (proxy.authorization)
                forwarded['proxy-authorization'] = proxy.authorization;
            const path = `${target.origin}${target.pathname}${target.search}`;
            req = external_node_http_default().request({ ...options, host: proxy.host, port: proxy.port, path, headers: forwarded, agent: agentsFor(proxy).forward }, onResponse);
        }
        // `timeout` only notices a silent socket; this also stops a peer that trickles bytes past the deadline.
        const deadline = setTimeout(() => req.destroy(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
        req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on('close', () => clearTimeout(deadline));
        let reachedProxy = false;
        req.on('error', proxy ? (error) => reject(throughProxy(error, proxy, reachedProxy)) : reject);
        if (proxy) {
            req.on('socket', (socket) => {
                if (!socket.connecting)
                    reachedProxy = true;
                else
                    socket.once('connect', () => (reachedProxy = true));
            });
        }
        req.end(body);
    });
}
/** Names the proxy in an error of a proxied request: whose failure it was matters to whoever reads it. */
function throughProxy(error, proxy, reachedProxy) {
    if (error instanceof ProxyError)
        return error;
    // No connection to the proxy yet (refused, unknown host, or the deadline passed while connecting): the proxy is
    // the one at fault. A tunnel's failures are ProxyErrors already (the agent connects before handing it over).
    if (!reachedProxy)
        return new ProxyError(`could not reach ${describeProxy(proxy)}: ${error.message}`);
    return new Error(`${error.message} (through ${describeProxy(proxy)})`);
}

;// CONCATENATED MODULE: ./src/port/lost-logs.ts
/*
 * A log POST whose answer was lost (the connection reset, or no answer in time) may have been stored by Port or
 * not, and Port's log API takes no idempotency key. Sending it again blindly doubles the line when it was stored;
 * not sending it loses the line when it was not. So before sending it again, the client reads the run's logs
 * (GET /v1/actions/runs/{id}/logs) and looks for it.
 *
 * The look must not take an earlier entry with the same text, sent on purpose (a build prints "ok" twice), for the
 * lost one. So it only counts entries NEWER than where the log stood at Port's last answer to this client: every
 * 201 carries the stored entry's `id` and `createdAt`, and the client keeps, per run, the newest `createdAt` it was
 * given and the ids given at that instant (LogMarks). An entry is newer when it was created later, or at that same
 * millisecond under an id this client was not given. A look that finds no copy moves the mark to the newest entry
 * listed, since all of them are older than the copy sent next.
 *
 * Before the client's first answer for a run (the first log of a process) there is no mark. Then newer means
 * created since the request left, by Port's clock: the look's `Date` header less how long ago, by ours, the
 * request was sent. Clocks never meet, only durations are compared; the header counts whole seconds, so an
 * identical entry written less than a second before the lost one is the one case the look can mistake for it
 * (and the line is then not sent again). Without a Date header there is no telling: the log is sent again, a
 * possible double rather than a possible loss.
 *
 * What no look can prevent: a request Port finishes only after the look (a slow Port that goes on after the client
 * gave up) is then doubled by the copy sent again.
 *
 * A log that ends the run (terminationStatus) needs no look first: Port refuses a second end, so the copy sent
 * again either ends the run or gets 422 run_exhausted. After a lost answer that 422 is checked instead: when the
 * run ended with that status and its log holds that text (newer than the mark, when there is one; without one an
 * identical entry tells whoever reads the run the same), the first copy counts as delivered.
 */
/** The entry in one of Port's answers, or undefined when it lacks what a look needs. */
function asRunLogEntry(value) {
    const entry = value;
    if (typeof entry !== 'object' || entry === null)
        return undefined;
    if (typeof entry.id !== 'string' || typeof entry.message !== 'string' || typeof entry.createdAt !== 'string')
        return undefined;
    return { id: entry.id, message: entry.message, createdAt: entry.createdAt };
}
/** Errors after which the request cannot have reached Port: nothing was done, so it is simply sent again. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL']);
/** Whether Port may have done a request that failed with `error` (a reset, a timeout: anything after sending). */
function mayHaveArrived(error) {
    return !NEVER_SENT.has(error?.code ?? '');
}
/**
 * Answers that may come after the work was done: a server error and a gateway's (bad gateway, timeout). 429 and
 * 503 are refusals before any work.
 */
function mayHaveBeenDone(status) {
    return status === 500 || status === 502 || status === 504;
}
/** Where each run's log stood at Port's last answer to this client (see the top of this file). */
class LogMarks {
    #marks = new Map();
    /** Notes an entry Port stored for this client (or that a look found): entries after it are newer. */
    acknowledge(runId, entry) {
        const at = Date.parse(entry.createdAt);
        if (!Number.isFinite(at))
            return;
        const mark = this.#marks.get(runId);
        if (!mark || at > mark.at)
            this.#marks.set(runId, { at, ids: new Set([entry.id]) });
        else if (at === mark.at)
            mark.ids.add(entry.id);
    }
    /**
     * Looks among a run's listed entries for the copy of `message` a lost answer left.
     * @param sentAtPortMs Port's time when the first unanswered request left, estimated; used only without a mark.
     * @returns the copy; 'absent' (then every listed entry counts as older from now on); 'unknown' when the
     *   answers lack what it takes to tell.
     */
    findCopy(runId, message, entries, sentAtPortMs) {
        const mark = this.#marks.get(runId);
        if (!mark && sentAtPortMs === undefined)
            return 'unknown';
        let copy;
        for (const entry of entries) {
            const at = Date.parse(entry.createdAt);
            if (!Number.isFinite(at))
                return 'unknown';
            const newer = mark ? at > mark.at || (at === mark.at && !mark.ids.has(entry.id)) : at >= sentAtPortMs;
            if (newer && entry.message === message)
                copy ??= entry;
        }
        if (copy) {
            this.acknowledge(runId, copy);
            return copy;
        }
        for (const entry of entries)
            this.acknowledge(runId, entry);
        return 'absent';
    }
}

;// CONCATENATED MODULE: ./src/port/token.ts
/*
 * One token per process: it reuses its token for every call. A token may also be given in PORT_ACCESS_TOKEN
 * (with PORT_ACCESS_TOKEN_EXPIRES_AT, epoch seconds); a face may share tokens between the steps of a job its own
 * way (src/github/job-state.ts). Port's tokens live three hours (PORT-FACTS.md §5).
 */
const TOKEN_ENV = 'PORT_ACCESS_TOKEN';
const TOKEN_EXPIRY_ENV = 'PORT_ACCESS_TOKEN_EXPIRES_AT';
/** A token this close to its end is renewed rather than sent: a step may run for minutes after the check. */
const RENEW_MARGIN_MS = 5 * 60_000;
function tokenFromEnv(env) {
    const token = env[TOKEN_ENV]?.trim();
    if (!token)
        return undefined;
    const seconds = Number(env[TOKEN_EXPIRY_ENV]);
    return { token, expiresAt: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined };
}
function isFresh(grant, nowMs) {
    return grant !== undefined && (grant.expiresAt === undefined || grant.expiresAt - nowMs > RENEW_MARGIN_MS);
}

;// CONCATENATED MODULE: ./src/port/client.ts






const REGIONS = {
    eu: 'https://api.getport.io',
    us: 'https://api.us.port.io',
};
const DEFAULT_BASE_URL = REGIONS.eu;
/** PORT_BASE_URL may be a URL or a region shortcut (`eu`, `us`). */
function resolveBaseUrl(value) {
    const text = (value ?? '').trim();
    if (text === '')
        return DEFAULT_BASE_URL;
    const region = REGIONS[text.toLowerCase()];
    if (region)
        return region;
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new errors_UsageError(`PORT_BASE_URL: "${text}" is not a URL; expected https://... or a region (eu, us)`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new errors_UsageError(`PORT_BASE_URL: "${text}" is not an http(s) URL; expected https://... or a region (eu, us)`);
    }
    return url.href.replace(/\/+$/, '');
}
/**
 * How long the one attempt may wait while Port is marked unreachable: long enough for a Port that is back to
 * answer, short enough that a dead one (or an address that never answers) costs a step seconds, not a minute.
 */
const QUICK_ATTEMPT_MS = 5_000;
/**
 * Port's REST API for action runs (PORT-FACTS.md §5). One token per client, renewed once when Port answers
 * 401; every call under the retry policy; failures as ApiError with Port's status, error code and trace id.
 * The token and the client secret never appear in an error.
 */
class PortClient {
    options;
    baseUrl;
    #grant;
    /** The token request under way, so calls made meanwhile wait for it rather than authenticating again. */
    #pendingAuth;
    #auths = 0;
    #policy;
    #clock;
    /** What this client keeps out of Port (see PortClientOptions.masker). */
    masker;
    /** Where each run's log stood at Port's last answer, to find a log whose answer was lost (lost-logs.ts). */
    #logMarks = new LogMarks();
    /** Since when Port is known unreachable (this process or an earlier step gave up on it); null: not read yet. */
    #downSince = null;
    constructor(options) {
        this.options = options;
        this.baseUrl = options.baseUrl;
        this.masker = options.masker ?? new SecretMasker();
        this.#grant = options.token;
        this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
        this.#clock = options.clock ?? realClock;
    }
    /** How many times this client asked Port for a token. */
    get authCount() {
        return this.#auths;
    }
    get canAuthenticate() {
        return Boolean(this.options.clientId && this.options.clientSecret);
    }
    /** A token that is not near its end: the one held, else a new one. */
    async accessToken() {
        if (isFresh(this.#grant, this.#clock.now()))
            return this.#grant.token;
        return this.#authenticate();
    }
    #authenticate() {
        this.#pendingAuth ??= this.#requestToken().then((token) => {
            this.#pendingAuth = undefined;
            return token;
        }, (error) => {
            // Every call needs the token: once Port is found unreachable, this failure answers them all, rather than
            // each making an attempt of its own (exec's early token request, then its first batch of lines).
            if (this.#downSince === undefined || this.#downSince === null)
                this.#pendingAuth = undefined;
            throw error;
        });
        return this.#pendingAuth;
    }
    async #requestToken() {
        const { clientId, clientSecret } = this.options;
        if (!clientId || !clientSecret) {
            throw new errors_UsageError('Port credentials missing: set PORT_CLIENT_ID and PORT_CLIENT_SECRET (or pass a PORT_ACCESS_TOKEN)');
        }
        this.#auths++;
        const body = await this.#json('POST', '/v1/auth/access_token', { clientId, clientSecret }, 'get an access token');
        if (typeof body.accessToken !== 'string' || body.accessToken === '') {
            throw new errors_ApiError('Port answered the token request without an accessToken', 200);
        }
        const seconds = typeof body.expiresIn === 'number' ? body.expiresIn : undefined;
        this.#grant = { token: body.accessToken, expiresAt: seconds === undefined ? undefined : this.#clock.now() + seconds * 1000 };
        this.masker.add(body.accessToken); // kept out of Port as the tokens in the environment are, though in none yet
        this.options.onToken?.(this.#grant);
        return body.accessToken;
    }
    /**
     * Adds an entry to the run's log, once, its message and label masked: when an answer is lost, the log is looked
     * for before it is sent again, and a run-ending entry refused as a second end is checked to be the one that
     * ended the run (lost-logs.ts). `masked`: the message is lines a LogStream over this client already masked one
     * by one (before cutting long ones), so they are not scanned twice.
     */
    async addLog(runId, entry, options = {}) {
        const message = options.masked ? entry.message : this.masker.mask(entry.message);
        const body = { ...entry, message };
        if (entry.statusLabel !== undefined)
            body.statusLabel = this.masker.mask(entry.statusLabel);
        const path = `/v1/actions/runs/${encodeURIComponent(runId)}/logs`;
        /** When (our clock) the first attempt left whose answer never came: from then on Port may hold the entry. */
        const lost = {};
        const ends = entry.terminationStatus !== undefined;
        let answer;
        try {
            answer = await this.#authorized('POST', path, body, `add a log to run ${runId}`, true, (send, token) => async (timeoutMs) => {
                if (lost.since !== undefined && !ends) {
                    const look = await this.#lookForLog(runId, message, lost.since, token, timeoutMs);
                    if (look)
                        return look; // the copy found, as Port would have answered; or Port's refusal of the look
                }
                const sentAt = this.#clock.now();
                try {
                    const response = await send(timeoutMs);
                    if (mayHaveBeenDone(response.status))
                        lost.since ??= sentAt;
                    return response;
                }
                catch (error) {
                    if (mayHaveArrived(error))
                        lost.since ??= sentAt;
                    throw error;
                }
            });
        }
        catch (error) {
            if (!(ends && lost.since !== undefined && error instanceof errors_ApiError && error.code === 'run_exhausted'))
                throw error;
            // Not ended with this entry (someone else ended it: their word stands), or no telling: the 422 stands.
            const copy = await this.#endedWith(runId, message, entry.terminationStatus).catch(() => undefined);
            if (!copy)
                throw error;
            return { ok: true, runLog: copy };
        }
        const stored = asRunLogEntry(answer.runLog);
        if (stored)
            this.#logMarks.acknowledge(runId, stored);
        return answer;
    }
    /**
     * Reads the run's log for the copy of a log whose answer was lost. Returns the answer to give in place of the
     * lost one: a 201 holding the copy, or Port's own refusal of the read (401 renews the token, 429 and 5xx are
     * retried); undefined when the log must be sent again (no copy, or no telling). A network error is thrown:
     * the attempt failed, and the next one looks again.
     */
    async #lookForLog(runId, message, lostSince, token, timeoutMs) {
        const listed = await this.#listLogs(runId, token, timeoutMs);
        if (!('entries' in listed))
            return listed.refused;
        const copy = this.#logMarks.findCopy(runId, message, listed.entries, listed.portNow === undefined ? undefined : listed.portNow - (this.#clock.now() - lostSince));
        if (typeof copy === 'string')
            return undefined;
        return { status: 201, headers: {}, text: JSON.stringify({ ok: true, runLog: copy }) };
    }
    /**
     * Every entry of the run's log, page by page (Port lists at most 50 a call), and Port's time at the last page
     * (its Date header, to the second). A page refused with 401, 429 or 5xx is handed back; another refusal (the
     * token may not read logs) leaves no way to look, so it gives no entries and no time.
     */
    async #listLogs(runId, token, timeoutMs) {
        const entries = [];
        const headers = { accept: 'application/json', 'user-agent': 'port-ci', ...(token ? { authorization: `Bearer ${token}` } : {}) };
        for (let offset = 0;; offset += LOGS_PAGE) {
            const url = `${this.baseUrl}/v1/actions/runs/${encodeURIComponent(runId)}/logs?limit=${LOGS_PAGE}&offset=${offset}`;
            const response = await sendRequest('GET', url, headers, undefined, timeoutMs);
            if (response.status === 401 || response.status === 429 || response.status >= 500)
                return { refused: response };
            const page = response.status === 200 ? logPage(parseBody(response)) : undefined;
            if (!page)
                return { entries: [] };
            entries.push(...page);
            if (page.length < LOGS_PAGE) {
                const date = Date.parse(String(response.headers.date ?? ''));
                return { entries, ...(Number.isFinite(date) ? { portNow: date } : {}) };
            }
        }
    }
    /**
     * After a lost answer and a 422 run_exhausted: the copy of the run-ending log, if the run ended with its status
     * and its log holds its text (newer than the mark, when there is one). Without a mark any entry with that text
     * will do: whether it is this copy or an identical one, the run's log and status are what this log meant.
     */
    async #endedWith(runId, message, status) {
        const run = await this.getRun(runId);
        if (run.status !== status)
            return undefined;
        const entries = await this.listLogs(runId).catch((error) => {
            if (error instanceof errors_ApiError && error.status === 200)
                return undefined;
            throw error;
        });
        if (!entries)
            return undefined;
        const copy = this.#logMarks.findCopy(runId, message, entries, Number.NEGATIVE_INFINITY);
        return typeof copy === 'string' ? undefined : copy;
    }
    /**
     * Every entry of the run's log, oldest first, page by page (Port lists at most 50 a call).
     * @throws ApiError as every call does; with status 200 when Port's answer lacks the entries.
     */
    async listLogs(runId) {
        const entries = [];
        for (let offset = 0;; offset += LOGS_PAGE) {
            const path = `/v1/actions/runs/${encodeURIComponent(runId)}/logs?limit=${LOGS_PAGE}&offset=${offset}`;
            const page = logPage(await this.#authorized('GET', path, undefined, `read the logs of run ${runId}`));
            if (!page)
                throw new errors_ApiError(`Could not read the logs of run ${runId}: Port's answer has no list of runLogs`, 200);
            entries.push(...page);
            if (page.length < LOGS_PAGE)
                return entries;
        }
    }
    /** Updates the run, every text in it (summary, label, links, external id) masked. */
    updateRun(runId, update) {
        const mask = (text) => this.masker.mask(text);
        const body = { ...update };
        if (update.summary !== undefined)
            body.summary = mask(update.summary);
        if (update.statusLabel !== undefined)
            body.statusLabel = mask(update.statusLabel);
        if (update.externalRunId !== undefined)
            body.externalRunId = mask(update.externalRunId);
        if (typeof update.link === 'string')
            body.link = mask(update.link);
        else if (Array.isArray(update.link))
            body.link = update.link.map(mask);
        return this.#authorized('PATCH', `/v1/actions/runs/${encodeURIComponent(runId)}`, body, `update run ${runId}`);
    }
    async getRun(runId) {
        const body = await this.#authorized('GET', `/v1/actions/runs/${encodeURIComponent(runId)}`, undefined, `read run ${runId}`);
        return body.run;
    }
    /**
     * Executes an action as Port's UI would: Port creates the run and triggers the backend itself. Not idempotent:
     * only a 429 (a refusal) is retried, never a lost answer, which may have started a run.
     */
    async createRun(action, request, runAs) {
        const query = runAs ? `?run_as=${encodeURIComponent(runAs)}` : '';
        const body = await this.#authorized('POST', `/v1/actions/${encodeURIComponent(action)}/runs${query}`, request, `create a run of ${action}`, false);
        return body.run;
    }
    /** An action or automation definition as Port holds it (either format), for dispatching it by identifier. */
    async getAction(identifier) {
        const body = await this.#authorized('GET', `/v1/actions/${encodeURIComponent(identifier)}`, undefined, `read action ${identifier}`);
        return body.action;
    }
    /** An entity of the catalog, as templates see it in `.entity`. */
    async getEntity(blueprint, identifier) {
        const path = `/v1/blueprints/${encodeURIComponent(blueprint)}/entities/${encodeURIComponent(identifier)}`;
        const body = await this.#authorized('GET', path, undefined, `read entity ${identifier} of blueprint ${blueprint}`);
        return body.entity;
    }
    /**
     * Any call of Port's API with the client's token, retries and errors: for the API's other rooms (the catalog's
     * calls are in src/catalog/port-api.ts, so an action step that only logs does not carry them).
     * @param idempotent false for a call that must not be repeated after a lost answer (only a 429 is waited out).
     */
    request(method, path, body, what, idempotent = true) {
        return this.#authorized(method, path, body, what, idempotent);
    }
    /**
     * The Kafka brokers and SASL credentials Port hands an organisation's execution agent (GET /v1/kafka-credentials,
     * as port-agent asks). The password is added to the masker. Throws ApiError when Port refuses or answers
     * without them.
     */
    async getKafkaCredentials() {
        const body = await this.#authorized('GET', '/v1/kafka-credentials', undefined, 'get the Kafka credentials');
        const credentials = body.credentials;
        const brokers = credentials?.brokers;
        if (!Array.isArray(brokers) ||
            brokers.length === 0 ||
            !brokers.every((broker) => typeof broker === 'string' && broker !== '') ||
            typeof credentials?.username !== 'string' ||
            typeof credentials.password !== 'string') {
            throw new errors_ApiError('Port answered /v1/kafka-credentials without credentials.brokers, username and password', 200);
        }
        this.masker.add(credentials.password);
        return { brokers: brokers, username: credentials.username, password: credentials.password };
    }
    /**
     * A call with the token; on 401 the token is renewed once (if credentials allow) and the call repeated.
     * @param attempt wraps each attempt's send (addLog looks for a lost log first), given the token in use.
     */
    async #authorized(method, path, body, what, idempotent = true, attempt) {
        const token = await this.accessToken();
        try {
            return await this.#json(method, path, body, what, token, idempotent, attempt);
        }
        catch (error) {
            if (!(error instanceof errors_ApiError) || error.status !== 401 || !this.canAuthenticate)
                throw error;
            this.#grant = undefined;
            return this.#json(method, path, body, what, await this.#authenticate(), idempotent, attempt);
        }
    }
    /** A call that must not be repeated: a 429 (nothing was done) is waited out; a lost answer is not retried. */
    async #sendOnce(send, what) {
        for (let attempt = 0;; attempt++) {
            let answer;
            try {
                answer = await send(this.#policy.attemptTimeoutMs);
            }
            catch (error) {
                throw new errors_ApiError(`Could not ${what}: no answer from Port (${error.message}); it may have been done, so check before trying again`, null);
            }
            if (answer.status !== 429 || attempt >= 3)
                return answer;
            await this.#clock.sleep(serverRequestedWait(429, answer.headers, this.#clock.now()) ?? backoff(attempt, this.#policy, this.#clock.random));
        }
    }
    /** The policy for the next call: in full, or one quick attempt while Port is marked unreachable. */
    #policyNow() {
        if (this.#downSince === null)
            this.#downSince = this.options.outage?.downSince();
        if (this.#downSince === undefined)
            return this.#policy;
        const quick = Math.min(QUICK_ATTEMPT_MS, this.#policy.attemptTimeoutMs, this.#policy.deadlineMs);
        return { ...this.#policy, maxAttempts: 1, attemptTimeoutMs: quick, deadlineMs: quick };
    }
    /** Port answered (below 500): whatever the answer, it is reachable again. */
    #reached() {
        if (this.#downSince === undefined || this.#downSince === null)
            return;
        this.#downSince = undefined;
        this.options.outage?.clear();
    }
    /** A call gave up on Port: later calls of this process, and the job's later steps, make one quick attempt. */
    #gaveUp() {
        if (this.#downSince !== undefined && this.#downSince !== null)
            return; // keep when it started
        this.#downSince = this.#clock.now();
        this.options.outage?.markDown(this.#downSince);
    }
    async #json(method, path, body, what, token, idempotent = true, attempt) {
        const headers = { accept: 'application/json', 'user-agent': 'port-ci' };
        if (body !== undefined)
            headers['content-type'] = 'application/json';
        if (token)
            headers.authorization = `Bearer ${token}`;
        const text = body === undefined ? undefined : JSON.stringify(body);
        let response;
        const plain = (timeoutMs) => sendRequest(method, `${this.baseUrl}${path}`, headers, text, timeoutMs);
        const tried = attempt ? attempt(plain, token) : plain;
        const send = async (timeoutMs) => {
            const answer = await tried(timeoutMs);
            if (answer.status < 500)
                this.#reached();
            if (this.options.onRateLimit) {
                const state = rateLimitOf(answer, this.#clock.now());
                if (state)
                    this.options.onRateLimit(state);
            }
            return answer;
        };
        const policy = this.#policyNow();
        const downSince = this.#downSince ?? undefined; // set: this call makes one quick attempt
        if (!idempotent) {
            response = await this.#sendOnce((timeoutMs) => send(Math.min(timeoutMs, policy.attemptTimeoutMs)), what);
            if (response.status >= 400) {
                throw new errors_ApiError(`Could not ${what}: ${describeAnswer(response)}`, response.status, portError(response)?.error ?? null, traceId(response));
            }
            return parseBody(response) ?? {};
        }
        try {
            response = await sendWithRetries(send, policy, this.#clock, (attempt, waitMs, last) => this.options.onRetry?.(what, attempt, waitMs, last.response ? `Port answered ${last.response.status}` : (last.error?.message ?? 'no answer')));
        }
        catch (error) {
            if (!(error instanceof RetriesExhausted))
                throw error;
            const { response: lastResponse, error: lastError } = error.last;
            const reason = lastResponse ? describeAnswer(lastResponse) : `Port could not be reached at ${this.baseUrl} (${lastError?.message ?? 'no answer'})`;
            const unreachable = lastResponse === undefined || lastResponse.status >= 500; // a 429 is Port answering
            if (unreachable)
                this.#gaveUp();
            const tries = downSince === undefined ? error.message : `one attempt only: Port at ${this.baseUrl} has been unreachable since ${clockTime(downSince)} (this job gave up on it then)`;
            throw new errors_ApiError(`Could not ${what}: ${reason}; ${tries}`, lastResponse?.status ?? null, portError(lastResponse)?.error ?? null, traceId(lastResponse));
        }
        if (response.status >= 400) {
            throw new errors_ApiError(`Could not ${what}: ${describeAnswer(response)}`, response.status, portError(response)?.error ?? null, traceId(response));
        }
        return parseBody(response) ?? {};
    }
}
function rateLimitOf(answer, at) {
    const number = (name) => {
        const value = answer.headers[name];
        const text = Array.isArray(value) ? value[0] : value;
        const parsed = text === undefined ? NaN : Number(text);
        return Number.isFinite(parsed) ? parsed : undefined;
    };
    const limit = number('x-ratelimit-limit');
    const remaining = number('x-ratelimit-remaining');
    const resetSeconds = number('x-ratelimit-reset');
    if (limit === undefined || remaining === undefined || resetSeconds === undefined)
        return undefined;
    const periodSeconds = number('x-ratelimit-period');
    return { limit, remaining, resetSeconds, ...(periodSeconds === undefined ? {} : { periodSeconds }), at };
}
/** `01:02:03 UTC`: when, in the words of a job log, whose lines carry the time already. */
function clockTime(ms) {
    return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}
/** Port lists a run's logs at most 50 a call (get-an-actions-run-logs.json). */
const LOGS_PAGE = 50;
/** The entries of one page of a run's log, or undefined when the answer lacks what a look needs. */
function logPage(body) {
    const items = body?.runLogs;
    if (!Array.isArray(items))
        return undefined;
    const entries = items.map(asRunLogEntry);
    return entries.every((entry) => entry !== undefined) ? entries : undefined;
}
function parseBody(response) {
    try {
        const value = response.text ? JSON.parse(response.text) : undefined;
        return typeof value === 'object' && value !== null ? value : undefined;
    }
    catch {
        return undefined;
    }
}
function portError(response) {
    if (!response)
        return undefined;
    const body = parseBody(response);
    return {
        error: typeof body?.error === 'string' ? body.error : undefined,
        message: typeof body?.message === 'string' ? body.message : undefined,
    };
}
function traceId(response) {
    const value = response?.headers['x-trace-id'];
    return typeof value === 'string' ? value : null;
}
/** `Port answered 422 run_exhausted: The run has already ended (trace id abc)`. */
function describeAnswer(response) {
    const { error, message } = portError(response) ?? {};
    const detail = [error, message].filter(Boolean).join(': ');
    const trace = traceId(response);
    return `Port answered ${response.status}${detail ? ` ${detail}` : ''}${trace ? ` (trace id ${trace})` : ''}`;
}

;// CONCATENATED MODULE: ./src/core/env.ts
/**
 * Compact JSON that is also safe on one line of any env or output file: JSON.stringify escapes control
 * characters but leaves U+2028/U+2029, which some readers take as line breaks.
 */
function compactJson(value) {
    return JSON.stringify(value ?? null).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
/** How an input value reads as environment text: strings as they are, everything else as compact JSON. */
function env_envText(value) {
    if (value === undefined || value === null)
        return '';
    return typeof value === 'string' ? value : compactJson(value);
}
/**
 * `replicaCount`, `replica-count` and `replica_count` all become `REPLICA_COUNT`: split camelCase words,
 * turn anything that is not a letter or digit into `_`.
 */
function upperSnake(identifier) {
    return identifier
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
        .replace(/[^A-Za-z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '')
        .toUpperCase();
}
/** The variable naming the variables that hold secret inputs (comma-separated). */
const SECRET_ENV = 'PORT_SECRET_ENV';
/**
 * The variable naming the variables whose values port-ci keeps out of Port (comma-separated names, never
 * values): the root action's `redact` input hands its list to the job's later steps through it.
 */
const REDACT_ENV = 'PORT_REDACT_ENV';
function env_triggeredBy(context) {
    return context.trigger.userEmail ?? context.trigger.userId;
}
/**
 * The variables a job gets for a run: PORT_RUN_ID, PORT_ACTION, PORT_BLUEPRINT, PORT_ENTITY_IDENTIFIER,
 * PORT_TRIGGERED_BY, PORT_INPUTS (compact JSON) and PORT_INPUT_<ID> for each input.
 * Two inputs whose names collide after upper-snake-casing keep the first and warn about the second.
 */
function contextEnv(context) {
    const secrets = new Set(context.secretInputs);
    const entries = [
        { name: 'PORT_RUN_ID', value: context.runId ?? '', secret: false },
        { name: 'PORT_ACTION', value: context.action ?? '', secret: false },
        { name: 'PORT_BLUEPRINT', value: context.blueprint ?? '', secret: false },
        { name: 'PORT_ENTITY_IDENTIFIER', value: context.entityIdentifier ?? '', secret: false },
        { name: 'PORT_TRIGGERED_BY', value: env_triggeredBy(context) ?? '', secret: false },
    ];
    const warnings = [];
    const owner = new Map();
    for (const [id, value] of Object.entries(context.inputs)) {
        const suffix = upperSnake(id);
        const name = `PORT_INPUT_${suffix || 'X'}`;
        // PORT_INPUT_X_B64 is what dotenv writes for a PORT_INPUT_X that cannot live on one line.
        const first = owner.get(name) ?? owner.get(`${name}_B64`) ?? owner.get(name.replace(/_B64$/, ''));
        if (first !== undefined) {
            warnings.push(`inputs "${first}" and "${id}" both map to ${name}; ${name} holds "${first}" (read "${id}" from PORT_INPUTS)`);
            continue;
        }
        owner.set(name, id);
        entries.push({ name, value: env_envText(value), secret: secrets.has(id) });
    }
    // Last: a dotenv report that must leave something out leaves out the one variable that repeats the others.
    const holdsSecret = [...secrets].some((id) => Object.hasOwn(context.inputs, id));
    entries.push({ name: 'PORT_INPUTS', value: compactJson(context.inputs), secret: holdsSecret });
    // Names only: which variables hold secrets, so a later step can keep their values out of Port's run log.
    const secretNames = entries.filter((entry) => entry.secret).map((entry) => entry.name);
    if (secretNames.length > 0)
        entries.splice(5, 0, { name: SECRET_ENV, value: secretNames.join(','), secret: false });
    return { entries, warnings };
}
/**
 * Linux refuses to start a process whose environment holds one variable over 128 KiB, or too much in all
 * (E2BIG: every later step of the job would fail to start). Values are kept within these bounds.
 */
const ENV_LIMITS = { maxValueBytes: 96 * 1024, maxTotalBytes: 512 * 1024 };
/**
 * The entries that fit ENV_LIMITS, in order, and the names of those left out: a value too large for the
 * environment stays readable from PORT_INPUTS (when that fits), the step's outputs, or `port-ci context`.
 */
function withinEnvLimits(entries, limits = ENV_LIMITS) {
    const kept = [];
    const omitted = [];
    let total = 0;
    for (const entry of entries) {
        const size = Buffer.byteLength(entry.name) + 1 + Buffer.byteLength(entry.value);
        if (size > limits.maxValueBytes || total + size > limits.maxTotalBytes) {
            omitted.push(entry.name);
            continue;
        }
        kept.push(entry);
        total += size;
    }
    return { kept, omitted };
}
/** POSIX shell single quotes: nothing inside is expanded; a quote is closed, escaped and reopened. */
function shellQuote(value) {
    return `'${value.replace(/'/g, `'\\''`)}'`;
}
/** For `eval "$(port-ci context --format env)"`: every value single-quoted, so none can run or add a line of code. */
function formatShellExports(entries) {
    return entries.map(({ name, value }) => `export ${name}=${shellQuote(value)}\n`).join('');
}
/**
 * One dotenv line. GitLab's dotenv reports keep a value verbatim up to the line end, strip surrounding blanks,
 * cannot hold a line break, and expand `$NAME` references (PORT-FACTS.md §7). A value that would not survive
 * that is written as NAME_B64 instead (base64 of its UTF-8).
 */
function dotenvLine({ name, value }) {
    return fitsOneDotenvLine(value) ? `${name}=${value}\n` : `${name}_B64=${Buffer.from(value, 'utf8').toString('base64')}\n`;
}
function fitsOneDotenvLine(value) {
    return !/[\p{Cc}\u2028\u2029\u0085$]/u.test(value) && value === value.trim();
}
/**
 * The dotenv report for a run, kept within GitLab's limits on variables and bytes: entries are taken in the
 * order given (the run's fields, then each input, then PORT_INPUTS), and those that do not fit are left out
 * and named, so the caller can say where else to read them.
 */
function formatDotenv(entries, limits = { maxVariables: Infinity, maxBytes: Infinity }) {
    let text = '';
    let count = 0;
    const omitted = [];
    for (const entry of entries) {
        const line = dotenvLine(entry);
        if (count + 1 > limits.maxVariables || Buffer.byteLength(text + line) > limits.maxBytes) {
            omitted.push(entry.name);
            continue;
        }
        text += line;
        count++;
    }
    return { text, omitted };
}

;// CONCATENATED MODULE: ./src/core/secrets.ts



/** The only encryption Port uses for secret inputs (PORT-FACTS.md §4). */
const SECRET_ENCRYPTION = 'aes256-gcm';
const IV_BYTES = 16;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** AES-256 needs 32 key bytes; Port takes the first 32 bytes of the client secret's UTF-8 text. */
function keyFrom(clientSecret) {
    const bytes = Buffer.from(clientSecret, 'utf8');
    if (bytes.length < KEY_BYTES) {
        throw new UsageError(`PORT_CLIENT_SECRET: expected at least ${KEY_BYTES} bytes to form the AES-256 key but found ${bytes.length}`);
    }
    return bytes.subarray(0, KEY_BYTES);
}
/**
 * Encrypts a secret input's text as Port does: base64(IV[16] | ciphertext | GCM tag[16]).
 * The IV is random unless given (tests give one to get a stable result).
 */
function encryptSecret(plain, clientSecret, iv = randomBytes(IV_BYTES)) {
    const cipher = createCipheriv('aes-256-gcm', keyFrom(clientSecret), iv);
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
        throw new PayloadError(path, 'base64 of IV, ciphertext and tag (aes256-gcm)', 'a value that is not such a ciphertext');
    }
    try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
        decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
        return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    }
    catch {
        throw new PayloadError(path, 'a value encrypted with this PORT_CLIENT_SECRET', 'one it does not open (another secret, or a damaged value)');
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
        else if (json_isObject(item))
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
        value = parseJsonText(plain, path);
    }
    catch {
        throw new PayloadError(path, 'an object secret that decrypts to JSON', 'text that is not JSON (not shown)');
    }
    if (!isObject(value))
        throw new PayloadError(path, 'an object secret that decrypts to a JSON object', 'another JSON value (not shown)');
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
            throw new PayloadError(path, 'an encrypted string', 'a value of another type');
        const spec = ownValue(context.inputSchema?.properties, id);
        const plain = decryptSecret(value, clientSecret, path);
        const typed = spec?.type === 'object' ? parseSecretObject(plain, path) : plain;
        inputs[id] = typed;
        masks.push(...maskTextsFor(typed));
    }
    return { context: { ...context, inputs }, masks };
}

;// CONCATENATED MODULE: ./src/port/redaction.ts

/** Variables whose values are credentials wherever port-ci runs. */
const CREDENTIAL_ENV = ['PORT_CLIENT_SECRET', 'PORT_ACCESS_TOKEN', 'GITHUB_TOKEN', 'GH_TOKEN', 'GITLAB_TRIGGER_TOKEN', 'PORT_GITLAB_TOKEN', 'CI_JOB_TOKEN'];
/**
 * What must never reach Port's run log, which no runner masks: the credentials in the environment, the secret
 * inputs a context step decrypted into it (named in PORT_SECRET_ENV), the variables named in PORT_REDACT_ENV
 * (by the root action's `redact` input) and those `requested` here. A name in PORT_REDACT_ENV that this
 * process does not have is silent: a later step may set the variable only for itself.
 * @throws UsageError for a name in PORT_REDACT_ENV that is not a variable name.
 */
function maskerFromEnv(env, requested = []) {
    const masker = new SecretMasker();
    for (const name of CREDENTIAL_ENV)
        if (env[name])
            masker.add(env[name]);
    for (const name of (env[SECRET_ENV] ?? '').split(',').filter(Boolean)) {
        const value = env[name];
        if (value)
            for (const text of secretInputTexts(value))
                masker.add(text);
    }
    for (const name of parseVariableNames(env[REDACT_ENV] ?? '', REDACT_ENV))
        if (env[name])
            masker.add(env[name]);
    for (const name of requested)
        if (env[name])
            masker.add(env[name]);
    return masker;
}
/**
 * A decrypted secret input as its variable holds it: an object secret is compact JSON, and a script may print
 * one of its fields, so each string inside is masked too (the same texts the root action masks in the job log).
 */
function secretInputTexts(value) {
    if (!/^\s*[[{]/.test(value))
        return [value];
    try {
        return [value, ...maskTextsFor(JSON.parse(value))];
    }
    catch {
        return [value];
    }
}
/**
 * A warning for each name asked for (`--redact`, the `redact` input) whose variable holds nothing here, which
 * is likely a typo; not an error, so a job whose secret is optional still runs.
 */
function unsetRedactWarnings(env, names, where) {
    return names.filter((name) => !env[name]?.trim()).map((name) => `${where} ${name}: the variable is not set or is empty, so there is nothing to redact`);
}

;// CONCATENATED MODULE: ./src/github/settings.ts




/*
 * The GitHub face's settings: every input is read into a typed object, once, and checked with an error that names
 * the input and what it accepts; steps get the object and never read an input themselves. The sub-actions' settings
 * are here; the root action's, which need more of core, are in main-settings.ts so the sub-action bundles do not
 * carry them.
 */
const TRUE_WORDS = ['true', 'yes', 'on', '1'];
const FALSE_WORDS = ['false', 'no', 'off', '0'];
/** A boolean input that accepts true/false, yes/no, on/off, 1/0 in any case, and names the input when it refuses. */
function booleanInput(name, fallback) {
    const text = getInput(name).toLowerCase();
    if (text === '')
        return fallback;
    if (TRUE_WORDS.includes(text))
        return true;
    if (FALSE_WORDS.includes(text))
        return false;
    throw new errors_UsageError(`Invalid ${name} '${getInput(name)}'. Expected true or false.`);
}
/** A text input, or undefined when empty. */
function settings_textInput(name) {
    const text = getInput(name);
    return text === '' ? undefined : text;
}
/**
 * The inputs every reporting step shares. `warn`: say which redact names have no value here (the post step,
 * which reads the same inputs as its main step, says nothing twice).
 * @throws UsageError for a redact name that is not a variable name.
 */
function readPortSettings({ warn = true } = {}) {
    const clientSecret = settings_textInput('port-client-secret') ?? process.env.PORT_CLIENT_SECRET;
    if (clientSecret)
        setSecret(clientSecret); // before anything else can print it
    const redact = parseVariableNames(getInput('redact'), 'redact');
    if (warn)
        unsetRedactWarnings(process.env, redact, 'redact:').forEach((text) => warning(text));
    return {
        baseUrl: resolveBaseUrl(settings_textInput('port-base-url') ?? process.env.PORT_BASE_URL),
        clientId: settings_textInput('port-client-id') ?? process.env.PORT_CLIENT_ID,
        clientSecret,
        failOnReportError: booleanInput('fail-on-report-error', false),
        redact,
    };
}
/** The run a sub-action reports to: its run-id input, else the PORT_RUN_ID the root action exported. */
function settings_readRunId() {
    return settings_textInput('run-id') ?? process.env.PORT_RUN_ID;
}
function readLogSettings() {
    const message = core.getInput('message');
    if (message.trim() === '')
        throw new UsageError('Invalid message: it is empty. Expected the text to add to the run log.');
    return { message, statusLabel: settings_textInput('status-label') };
}
function readReportSettings() {
    return {
        update: buildRunUpdate({
            status: settings_textInput('status'),
            statusLabel: settings_textInput('status-label'),
            links: core.getMultilineInput('link'),
            summary: settings_textInput('summary'),
            externalRunId: settings_textInput('external-run-id'),
        }),
        message: settings_textInput('message'),
    };
}
function readExecSettings() {
    const command = core.getInput('run');
    if (command === '')
        throw new UsageError('Invalid run: it is empty. Expected a command for bash.');
    return { command, reportStatus: booleanInput('report-status', false) };
}

;// CONCATENATED MODULE: ./src/github/step-inputs.ts



/*
 * Input readers of the steps that take an operation (actions/entity, actions/run), which mirror a CLI command
 * and its flags: like the CLI, an operation refuses the inputs of another, so `merge: true` on a search is a
 * mistake named rather than a setting silently ignored.
 */
/** The operation input: one of `accepted`, in any case. */
function operationInput(accepted) {
    const text = getInput('operation');
    if (text === '')
        throw new errors_UsageError(`Invalid operation: it is empty. Expected ${listed(accepted)}.`);
    const value = text.toLowerCase();
    if (!accepted.includes(value))
        throw new errors_UsageError(`Invalid operation '${text}'. Expected ${listed(accepted)}.`);
    return value;
}
/** `a, b or c`. */
function listed(words) {
    return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
/**
 * Refuses any input of `all` that the operation does not take, naming the ones it does. A boolean input counts
 * as given when set otherwise than its default (an input left out reaches the step as its default).
 * @param booleans the boolean inputs, with their defaults.
 */
function refuseOthers(operation, takes, all, booleans) {
    for (const name of all) {
        if (takes.includes(name) || getInput(name) === '')
            continue;
        const fallback = booleans[name];
        if (fallback !== undefined && booleanInput(name, fallback) === fallback)
            continue;
        throw new errors_UsageError(`Invalid ${name} for operation ${operation}: ${operation} does not take it. It takes ${listed(takes)}.`);
    }
}
/** A whole number input, or undefined when empty. */
function wholeNumberInput(name, min, max) {
    const text = settings_textInput(name);
    if (text === undefined)
        return undefined;
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max)
        throw new errors_UsageError(`Invalid ${name} '${text}'. Expected a whole number from ${min} to ${max}.`);
    return value;
}
/** A duration input (90s, 30m, 1h), at least `minMs`: a zero interval would read a run as fast as Port answers. */
function durationInput(name, fallback, minMs) {
    const text = textInput(name) ?? fallback;
    const ms = parseDuration(`Invalid ${name}`, text);
    if (ms < minMs)
        throw new UsageError(`Invalid ${name} '${text}'. Expected ${minMs >= 1000 ? `${minMs / 1000}s` : `${minMs}ms`} or more.`);
    return ms;
}

;// CONCATENATED MODULE: ./src/github/entity-settings.ts







/* actions/entity's settings, read once and checked as every step's are (settings.ts). Their inputs mirror `port-ci entity`'s flags. */
const ENTITY_OPERATIONS = ['upsert', 'bulk', 'get', 'search', 'delete'];
/** The inputs each operation takes beyond the credentials. */
const TAKES = {
    upsert: ['blueprint', 'identifier', 'title', 'icon', 'team', 'properties', 'relations', 'file', 'merge', 'create-missing-related-entities', 'validation-only', 'skip-unchanged', 'link-run', 'run-id'],
    bulk: ['blueprint', 'file', 'merge', 'create-missing-related-entities', 'validation-only', 'skip-unchanged', 'concurrency', 'link-run', 'run-id'],
    get: ['blueprint', 'identifier'],
    search: ['blueprint', 'rule', 'rule-json', 'combinator', 'include', 'limit'],
    delete: ['blueprint', 'identifier', 'delete-dependents', 'link-run', 'run-id'],
};
const BOOLEANS = { merge: false, 'create-missing-related-entities': false, 'validation-only': false, 'skip-unchanged': false, 'delete-dependents': false, 'link-run': true };
/** How the shared entity reader (src/catalog) names these inputs in its errors. */
const INPUT_NAMES = {
    field: (name) => `the ${name} input`,
    fields: 'the inputs',
    upsert: 'upsert',
    bulk: 'bulk',
    fileHint: 'a path to a JSON, YAML or NDJSON file of entities',
};
/** The file input: a path from the workspace (the step's working directory), read when the operation needs it. */
function fileInput() {
    const name = settings_textInput('file');
    if (name === undefined)
        return undefined;
    const full = external_node_path_default().resolve(name);
    return {
        name,
        source: name,
        read: () => {
            try {
                return (0,external_node_fs_namespaceObject.readFileSync)(full, 'utf8');
            }
            catch (error) {
                const code = error.code;
                const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : code === 'EACCES' ? 'not readable' : error.message;
                throw new errors_UsageError(`Invalid file '${name}': ${why} (${full}). Expected a path, from the workspace, to a JSON, YAML or NDJSON file of entities.`);
            }
        },
    };
}
/** The run to list writes on, unless link-run is false. */
function linkedRun() {
    const linkRun = booleanInput('link-run', true);
    if (linkRun)
        return { linkRun, runId: settings_readRunId() };
    if (settings_textInput('run-id'))
        throw new errors_UsageError(`Invalid run-id '${getInput('run-id')}' with link-run: false. Give one: run-id lists the writes on that run, link-run: false on none.`);
    return { linkRun, runId: undefined };
}
/** @throws UsageError naming the input at fault and what it accepts. */
function readEntitySettings() {
    const operation = operationInput(ENTITY_OPERATIONS);
    refuseOthers(operation, TAKES[operation], [...new Set(Object.values(TAKES).flat())], BOOLEANS);
    const source = {};
    for (const name of ['blueprint', 'identifier', 'title', 'icon', 'properties', 'relations']) {
        const value = settings_textInput(name);
        if (value !== undefined)
            source[name] = value;
    }
    const team = getMultilineInput('team');
    if (team.length > 0)
        source.team = team;
    const file = fileInput();
    if (file)
        source.file = file;
    const { linkRun, runId } = TAKES[operation].includes('link-run') ? linkedRun() : { linkRun: false, runId: undefined };
    const ruleJson = settings_textInput('rule-json');
    return {
        operation,
        source,
        blueprint: settings_textInput('blueprint'),
        identifier: settings_textInput('identifier'),
        merge: booleanInput('merge', false),
        createMissingRelatedEntities: booleanInput('create-missing-related-entities', false),
        validationOnly: booleanInput('validation-only', false),
        skipUnchanged: booleanInput('skip-unchanged', false),
        deleteDependents: booleanInput('delete-dependents', false),
        linkRun,
        runId,
        rules: [...getMultilineInput('rule').map((line) => parseRule(line, 'rule')), ...(ruleJson === undefined ? [] : parseRuleJsonList(ruleJson, 'rule-json'))],
        combinator: settings_textInput('combinator'),
        include: getMultilineInput('include'),
        limit: wholeNumberInput('limit', 1, 1_000_000),
        concurrency: wholeNumberInput('concurrency', 1, 50) ?? 4,
    };
}
/** get and delete: the blueprint and identifier, both required. */
function requireEntityKey(settings) {
    const { operation } = settings;
    if (settings.blueprint === undefined)
        throw new errors_UsageError(`Invalid blueprint: it is empty. ${operation} needs the entity's blueprint.`);
    if (settings.identifier === undefined)
        throw new errors_UsageError(`Invalid identifier: it is empty. ${operation} needs the entity's identifier.`);
    return { blueprint: settings.blueprint, identifier: settings.identifier };
}

;// CONCATENATED MODULE: ./src/port/outage.ts


/*
 * A dead Port must not cost every step of a job its whole retry deadline. The first call that gives up on Port
 * (network errors, timeouts or 5xx until the deadline) leaves a mark; for a while after, calls make one quick
 * attempt instead of retrying, and an answer from Port (any status below 500) wipes the mark. Where the mark lives
 * between the steps of a job is the faces' business (a file in the job's temp folder); this is what it holds.
 */
/** How long a mark holds: past it, a step retries in full again, as Port may be back for good. */
const OUTAGE_WINDOW_MS = 10 * 60_000;
/**
 * The mark as a file, `{"baseUrl", "since"}`, for processes of one job to share. Written whole or not at all; an
 * unreadable or foreign file is no mark. Failing to write only costs later steps their retries' time.
 */
function outageFile(file, baseUrl, now = Date.now) {
    return {
        downSince() {
            try {
                const saved = JSON.parse((0,external_node_fs_namespaceObject.readFileSync)(file, 'utf8'));
                if (saved.baseUrl !== baseUrl || typeof saved.since !== 'number')
                    return undefined;
                const age = now() - saved.since;
                return age >= 0 && age < OUTAGE_WINDOW_MS ? saved.since : undefined;
            }
            catch {
                return undefined;
            }
        },
        markDown(since) {
            try {
                (0,external_node_fs_namespaceObject.mkdirSync)(external_node_path_default().dirname(file), { recursive: true, mode: 0o700 });
                const partial = `${file}.${process.pid}.tmp`;
                (0,external_node_fs_namespaceObject.writeFileSync)(partial, JSON.stringify({ baseUrl, since }), { mode: 0o600 });
                (0,external_node_fs_namespaceObject.renameSync)(partial, file);
            }
            catch {
                // not remembered: the next step retries in full
            }
        },
        clear() {
            (0,external_node_fs_namespaceObject.rmSync)(file, { force: true });
        },
    };
}

;// CONCATENATED MODULE: ./src/github/job-state.ts





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
const STATE = {
    isPost: 'isPost',
    runId: 'run-id',
    /** `end`: the post step may end the run; `port`: Port ends it (reportWorkflowStatus); `off`: nobody here does. */
    ending: 'ending',
};
/** Variables the root action exports so later steps (sub-actions, `port-ci` in run steps) need no inputs of their own. */
const HANDED_ENV = {
    runId: 'PORT_RUN_ID',
    clientId: 'PORT_CLIENT_ID',
    baseUrl: 'PORT_BASE_URL',
    /** Only with export-credentials: the secret itself. */
    clientSecret: 'PORT_CLIENT_SECRET',
    /** `false` when the root action's share-token is false: no step writes the token file. */
    shareToken: 'PORT_CI_SHARE_TOKEN',
};
/** The runs ended by a step of this job: `r_a=SUCCESS,r_b=FAILURE`. */
const RUN_ENDED_ENV = 'PORT_RUN_ENDED';
/** Writes a variable for the job's later steps, and for this process too. */
function handOn(env, name, value) {
    const file = env.GITHUB_ENV;
    if (!file)
        throw new Error('GITHUB_ENV is not set: this step must run on a GitHub Actions runner');
    appendEnvFile(file, name, value);
    env[name] = value;
}
/** The status a step of this job ended `runId` with, if one did. */
function endedBy(env, runId) {
    for (const entry of (env[RUN_ENDED_ENV] ?? '').split(',')) {
        const at = entry.lastIndexOf('=');
        if (at > 0 && entry.slice(0, at) === runId) {
            const status = entry.slice(at + 1);
            if (status === 'SUCCESS' || status === 'FAILURE')
                return status;
        }
    }
    return undefined;
}
/** Tells later steps (the root action's post step above all) that `runId` has ended. */
function noteRunEnded(env, runId, status) {
    if (env.GITHUB_ACTIONS !== 'true' || !env.GITHUB_ENV)
        return;
    const others = (env[RUN_ENDED_ENV] ?? '')
        .split(',')
        .filter((entry) => entry !== '' && !entry.startsWith(`${runId}=`));
    handOn(env, RUN_ENDED_ENV, [...others, `${runId}=${status}`].join(','));
}
/** Where the job's token for this Port and client lives; undefined outside a runner. */
function tokenFile(env, baseUrl, clientId) {
    if (env.GITHUB_ACTIONS !== 'true' || !env.RUNNER_TEMP)
        return undefined;
    const key = (0,external_node_crypto_namespaceObject.createHash)('sha256').update(`${baseUrl}\n${clientId ?? ''}`).digest('hex').slice(0, 24);
    return external_node_path_default().join(env.RUNNER_TEMP, 'port-ci', `token-${key}.json`);
}
/** Whether the job's steps found Port at this URL unreachable; undefined outside a runner. */
function jobOutage(env, baseUrl) {
    if (env.GITHUB_ACTIONS !== 'true' || !env.RUNNER_TEMP)
        return undefined;
    const key = (0,external_node_crypto_namespaceObject.createHash)('sha256').update(baseUrl).digest('hex').slice(0, 24);
    return outageFile(external_node_path_default().join(env.RUNNER_TEMP, 'port-ci', `outage-${key}.json`), baseUrl);
}
/** What this process read from or wrote to each token file: a step asks several times (can it report? its client). */
const known = new Map();
/** The token an earlier step of this job got for this Port and client, if any. */
function sharedToken(env, baseUrl, clientId) {
    const file = tokenFile(env, baseUrl, clientId);
    if (!file)
        return undefined;
    if (!known.has(file))
        known.set(file, readToken(file));
    return known.get(file);
}
function readToken(file) {
    try {
        const saved = JSON.parse((0,external_node_fs_namespaceObject.readFileSync)(file, 'utf8'));
        if (typeof saved.token !== 'string' || saved.token === '')
            return undefined;
        return { token: saved.token, expiresAt: typeof saved.expiresAt === 'number' ? saved.expiresAt : undefined };
    }
    catch {
        return undefined; // none yet, or unreadable: this step authenticates itself
    }
}
/**
 * Leaves a new token for the job's later port-ci steps, unless the root action said not to (share-token: false).
 * Written whole or not at all (rename), mode 0600.
 */
function shareToken(env, baseUrl, clientId, grant) {
    if (env[HANDED_ENV.shareToken] === 'false')
        return;
    const file = tokenFile(env, baseUrl, clientId);
    if (!file)
        return;
    known.set(file, grant);
    try {
        (0,external_node_fs_namespaceObject.mkdirSync)(external_node_path_default().dirname(file), { recursive: true, mode: 0o700 });
        const partial = `${file}.${process.pid}.tmp`;
        (0,external_node_fs_namespaceObject.writeFileSync)(partial, JSON.stringify({ token: grant.token, expiresAt: grant.expiresAt }), { mode: 0o600 });
        (0,external_node_fs_namespaceObject.chmodSync)(partial, 0o600);
        (0,external_node_fs_namespaceObject.renameSync)(partial, file);
    }
    catch {
        // Sharing only saves later steps a token request; failing to share must not fail this step.
    }
}

;// CONCATENATED MODULE: ./src/github/reporting.ts









/** A token this step can start with: one an earlier step shared for this Port and client, else PORT_ACCESS_TOKEN. */
function startingToken(port) {
    return sharedToken(process.env, port.baseUrl, port.clientId) ?? tokenFromEnv(process.env);
}
/** Why this step cannot reach Port, or undefined when it can (credentials, or a token from an earlier step). */
function missingCredentials(port) {
    if ((port.clientId && port.clientSecret) || startingToken(port))
        return undefined;
    return 'no Port credentials: set port-client-id and port-client-secret (or PORT_CLIENT_ID and PORT_CLIENT_SECRET)';
}
/**
 * A client that reuses the job's token and shares a new one, masked, with the job's later port-ci steps.
 * @param extra what a step adds: actions/entity's bulk hears Port's rate-limit headers to pace itself.
 */
function createClient(port, extra = {}) {
    return new PortClient({
        baseUrl: port.baseUrl,
        clientId: port.clientId,
        clientSecret: port.clientSecret,
        token: startingToken(port),
        policy: retryPolicyFromEnv(process.env),
        masker: maskerFromEnv({ ...process.env, PORT_CLIENT_SECRET: port.clientSecret }, port.redact),
        outage: jobOutage(process.env, port.baseUrl),
        onToken: (grant) => {
            setSecret(grant.token);
            shareToken(process.env, port.baseUrl, port.clientId, grant);
        },
        ...extra,
    });
}
/**
 * The run and a client for a sub-action, or undefined when reporting is off (no run id, as in an omitPayload
 * run, or no credentials): then the step says so once and goes on, as the root action does, unless
 * fail-on-report-error asks for a failure.
 */
function reportingTarget(port) {
    const runId = readRunId();
    const off = !runId ? 'no run id (set the run-id input, or run the root port-ci action earlier in this job)' : missingCredentials(port);
    if (off || !runId) {
        if (port.failOnReportError)
            throw new UsageError(`Reporting to Port is off: ${off}`);
        core.notice(`Not reported to Port: ${off}.`);
        return undefined;
    }
    return { ...port, runId, client: createClient(port) };
}
/**
 * Reporting must not break the user's pipeline by default: Port's refusal, after the client's retries,
 * becomes a warning, unless the workflow asked (fail-on-report-error) for it to fail the step.
 * @returns whether Port was told.
 */
async function reportSafely(settings, call) {
    try {
        await call();
        return true;
    }
    catch (error) {
        if (!(error instanceof ApiError) || settings.failOnReportError)
            throw error;
        core.warning(`${error.message}. The job goes on; set fail-on-report-error: true to fail it instead.`);
        return false;
    }
}

;// CONCATENATED MODULE: ./src/github/summary.ts

/** Escapes user data for markdown (a table cell, a list item): no HTML, no cell break, no line break, no code span, no link. */
function escapeMarkdown(text) {
    const escaped = text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\|/g, '&#124;')
        .replace(/`/g, '&#96;')
        .replace(/\[/g, '&#91;')
        .replace(/\r?\n|\r|\u2028|\u2029/g, '<br>');
    return escaped.length > 500 ? `${escaped.slice(0, 500)}…` : escaped;
}
/**
 * The job summary: which action, on which entity, who ran it, the inputs (secret ones hidden) and the link
 * to this workflow run. Every value is user data and is escaped.
 */
function jobSummary(context, workflowRunUrl) {
    const secrets = new Set(context.secretInputs);
    const rows = [
        ['Action', context.action ?? '(not in the payload)'],
        ['Entity', context.entityIdentifier ? `${context.entityIdentifier}${context.blueprint ? ` (${context.blueprint})` : ''}` : '(none)'],
        ['Triggered by', triggeredBy(context) ?? '(not in the payload)'],
        ['Port run', context.runId ?? '(none: the action omits the payload)'],
    ];
    const lines = ['### Port run', '', '| | |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${escapeMarkdown(value)} |`)];
    if (workflowRunUrl)
        lines.push(`| Workflow run | [${escapeMarkdown(workflowRunUrl)}](${encodeURI(workflowRunUrl)}) |`);
    const inputs = Object.entries(context.inputs);
    if (inputs.length > 0) {
        lines.push('', '| Input | Value |', '|---|---|');
        for (const [id, value] of inputs)
            lines.push(`| ${escapeMarkdown(id)} | ${secrets.has(id) ? '*(secret)*' : escapeMarkdown(envText(value))} |`);
    }
    return `${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/github/entity.ts















/*
 * actions/entity: the catalog operations of `port-ci entity` as a step. The work is src/catalog's, as the CLI's
 * is; this file reads the inputs and writes the results the runner's way: typed outputs, a job-summary line per
 * entity changed, an ::error:: line per entity Port refused. Unlike the reporting steps these fail on Port's
 * refusal (after the client's retries): the write is the user's own work, not a side report.
 */
/** Lines of the job summary for one step at most; the rest are counted. */
const SUMMARY_LINES = 50;
/** GitHub keeps at most 1 MB in one output (PORT-FACTS.md §6). */
const OUTPUT_LIMIT = 1_000_000;
/** The YAML parser, in a chunk of its own: only a step given a .yaml file loads it. */
const loadYaml = async () => (await __nccwpck_require__.e(/* import() */ 815).then(__nccwpck_require__.t.bind(__nccwpck_require__, 8815, 19))).parse;
function run() {
    return runStep(async () => {
        const settings = readEntitySettings();
        const port = readPortSettings();
        const missing = missingCredentials(port);
        if (missing)
            throw new errors_UsageError(`Cannot reach Port: ${missing}.`);
        switch (settings.operation) {
            case 'upsert':
                return upsert(settings, port);
            case 'bulk':
                return bulk(settings, port);
            case 'get':
                return get(settings, port);
            case 'search':
                return search(settings, port);
            case 'delete':
                return remove(settings, port);
        }
    });
}
function writeOptions(settings) {
    return {
        merge: settings.merge,
        createMissingRelatedEntities: settings.createMissingRelatedEntities,
        validationOnly: settings.validationOnly,
        ...(settings.runId ? { runId: settings.runId } : {}),
    };
}
/** A line saying the writes go on no run, when link-run wanted one and there is none (a workflow Port did not start). */
function sayWhenUnlinked(settings) {
    if (settings.linkRun && !settings.runId && !settings.validationOnly) {
        info('Not listed on a Port run: no run id (set run-id, or run the root port-ci action earlier in this job).');
    }
}
async function upsert(settings, port) {
    const [placed] = (await gatherEntities(settings.source, 'one', INPUT_NAMES, loadYaml));
    sayWhenUnlinked(settings);
    const written = await upsertOne(createClient(port), placed, { ...writeOptions(settings), skipUnchanged: settings.skipUnchanged });
    if (written.unread)
        warning(written.unread);
    if (written.unlinked)
        warning(written.unlinked);
    const key = `${placed.blueprint}/${placed.entity.identifier}`;
    const verb = written.unchanged ? 'Unchanged (Port holds it as given, nothing written)' : settings.validationOnly ? 'Valid (validation only, nothing written)' : 'Upserted';
    info(`${verb}: ${key}${written.runId ? `, listed on run ${written.runId}` : ''}`);
    setJsonOutput('entity', written.entity);
    setOutput('identifier', placed.entity.identifier);
    setJsonOutput('identifiers', [placed.entity.identifier]);
    if (settings.skipUnchanged)
        setOutput('unchanged', String(written.unchanged === true));
    const line = written.unchanged ? 'unchanged' : settings.validationOnly ? 'valid' : 'upserted';
    summarize(`upsert${settings.validationOnly ? ', validation only' : ''}`, written.runId, [entityLine(line, placed)]);
}
async function bulk(settings, port) {
    const entities = await gatherEntities(settings.source, 'many', INPUT_NAMES, loadYaml);
    sayWhenUnlinked(settings);
    const pacer = new RatePacer();
    const client = createClient(port, { onRateLimit: (state) => pacer.observe(state) });
    const result = await bulkUpsert(client, entities, {
        ...writeOptions(settings),
        concurrency: settings.concurrency,
        skipUnchanged: settings.skipUnchanged,
        onBatch: ({ done, total, failed }) => info(`${done}/${total} sent${failed > 0 ? ` (${failed} refused in this call)` : ''}`),
        onRead: ({ done, total, size, unchanged }) => info(`${done}/${total} done (read ${size}, ${unchanged} unchanged)`),
    }, pacer);
    if (result.unread)
        warning(result.unread);
    if (result.unlinked)
        warning(result.unlinked);
    const summary = bulkSummary(result);
    const verb = settings.validationOnly ? 'valid' : 'written';
    const counts = countsLine(result, settings.validationOnly, settings.skipUnchanged);
    info(counts);
    setOutput('created', String(result.created.length));
    setOutput('updated', String(result.updated.length));
    if (settings.skipUnchanged)
        setOutput('unchanged', String(result.unchanged.length));
    setOutput('failed', String(result.failed.length));
    setJsonOutput('identifiers', [...summary.created, ...summary.updated].map(({ identifier }) => identifier));
    setJsonOutput('failures', summary.failed);
    const listed = settings.runId && !result.unlinked && !settings.validationOnly ? settings.runId : undefined;
    summarize(`bulk${settings.validationOnly ? ', validation only' : ''}: ${counts}`, listed, bulkLines(result, settings.validationOnly));
    for (const failure of result.failed)
        error(describeFailure(failure));
    if (result.failed.length > 0) {
        setFailed(`${result.failed.length} of ${entities.length} entities were not ${verb}; each is named above with Port's reason (the failures output lists them).`);
    }
}
async function get(settings, port) {
    const { blueprint, identifier } = requireEntityKey(settings);
    const entity = await createClient(port).getEntity(blueprint, identifier);
    info(`Read ${blueprint}/${identifier}`);
    setJsonOutput('entity', entity);
    setOutput('identifier', identifier);
    setJsonOutput('identifiers', [identifier]);
}
async function search(settings, port) {
    const request = searchRequest({
        ...(settings.blueprint === undefined ? {} : { blueprint: settings.blueprint }),
        rules: settings.rules,
        ...(settings.combinator === undefined ? {} : { combinator: settings.combinator }),
        include: settings.include,
        ...(settings.limit === undefined ? {} : { max: settings.limit }),
    }, { blueprint: 'the blueprint input', combinator: 'the combinator input', missing: 'Invalid search: no rule and no blueprint. Give rule (one per line), rule-json, blueprint, or a blueprint with rules.' });
    const entities = await searchAll(createClient(port), { ...request, onPage: (count, total) => info(`${count} found on this page, ${total} in all`) });
    info(`${entities.length} found`);
    // The whole result is also a file, for a search too large for an output and for tools that read files.
    const file = external_node_path_default().join(process.env.RUNNER_TEMP || (0,external_node_os_namespaceObject.tmpdir)(), `port-ci-search-${(0,external_node_crypto_namespaceObject.randomUUID)()}.json`);
    (0,external_node_fs_namespaceObject.writeFileSync)(file, JSON.stringify(entities));
    setOutput('entities-file', file);
    setOutput('count', String(entities.length));
    setJsonOutput('entities', entities, 'read the entities-file output, or narrow the search (include, limit)');
    setJsonOutput('identifiers', entities.map((entity) => entity.identifier));
}
async function remove(settings, port) {
    const { blueprint, identifier } = requireEntityKey(settings);
    sayWhenUnlinked(settings);
    const deleted = await deleteOne(createClient(port), blueprint, identifier, { deleteDependents: settings.deleteDependents, ...(settings.runId ? { runId: settings.runId } : {}) });
    if (deleted.unlinked)
        warning(deleted.unlinked);
    info(`Deleted ${blueprint}/${identifier}${settings.deleteDependents ? ' and the entities that depend on it' : ''}${deleted.runId ? `, listed on run ${deleted.runId}` : ''}`);
    setOutput('identifier', identifier);
    setJsonOutput('identifiers', [identifier]);
    summarize('delete', deleted.runId, [`deleted ${escapeMarkdown(`${blueprint}/${identifier}`)}${settings.deleteDependents ? ' with its dependents' : ''}`]);
}
/** A JSON output, left empty with a warning when it is over GitHub's limit for one output. */
function setJsonOutput(name, value, instead = 'narrow the operation') {
    const text = JSON.stringify(value);
    if (Buffer.byteLength(text) > OUTPUT_LIMIT) {
        warning(`The ${name} output is left empty: its ${Buffer.byteLength(text)} bytes of JSON are over GitHub's limit of 1 MB for one output; ${instead}.`);
        return;
    }
    setOutput(name, text);
}
function entityLine(verb, placed) {
    const { title } = placed.entity;
    return `${verb} ${escapeMarkdown(`${placed.blueprint}/${placed.entity.identifier}`)}${title ? ` (${escapeMarkdown(title)})` : ''}`;
}
/** The refused first (they need the reader), then the created and the updated. */
function bulkLines(result, validationOnly) {
    return [
        ...result.failed.map((failure) => `**failed** ${escapeMarkdown(`${failure.blueprint}/${failure.identifier}`)} (${escapeMarkdown(failure.source)}): ${escapeMarkdown(`${failure.statusCode ?? 'no answer'} ${failure.error}: ${failure.message}`)}`),
        ...result.created.map((placed) => entityLine(validationOnly ? 'valid, new' : 'created', placed)),
        ...result.updated.map((placed) => entityLine(validationOnly ? 'valid, existing' : 'updated', placed)),
    ];
}
/** The step's part of the job summary: what it did, on which run, one line per entity up to SUMMARY_LINES. */
function summarize(what, runId, lines) {
    const shown = lines.slice(0, SUMMARY_LINES).map((line) => `- ${line}`);
    if (lines.length > SUMMARY_LINES)
        shown.push(`- and ${lines.length - SUMMARY_LINES} more`);
    const head = `### Port entities: ${escapeMarkdown(what)}${runId ? `, listed on run ${escapeMarkdown(runId)}` : ''}`;
    appendSummary(`${[head, '', ...shown].join('\n')}\n\n`);
}

;// CONCATENATED MODULE: ./src/entrypoints/entity.ts

void run();

module.exports = __webpack_exports__;
/******/ })()
;
export const id = 270;
export const ids = [270];
export const modules = {

/***/ 3038:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CZ: () => (/* binding */ jsonObjectFlag),
/* harmony export */   EK: () => (/* binding */ checkBlueprint),
/* harmony export */   Ki: () => (/* binding */ checkIdentifier),
/* harmony export */   q0: () => (/* binding */ describe)
/* harmony export */ });
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6153);

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
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${where}: identifier: expected a string such as "svc-a" but found ${describe(value)}`);
    if (value.length > IDENTIFIER_MAX)
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${where}: identifier: ${value.length} characters; Port accepts at most ${IDENTIFIER_MAX}`);
    if (!IDENTIFIER.test(value)) {
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${where}: identifier "${value}" is not accepted; Port takes letters, digits and @ _ . + : \\ / = - (not "." or ".." alone)`);
    }
    return value;
}
function checkBlueprint(value, where) {
    if (typeof value !== 'string' || !/^[A-Za-z0-9@_=-]+$/.test(value)) {
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${where}: blueprint: expected a blueprint identifier such as "service" (letters, digits, @ _ = -) but found ${describe(value)}`);
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
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${flag}: not JSON (${error.message}); expected an object such as '{"tier": "gold"}'`);
    }
    if (!(0,_core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(value))
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${flag}: expected a JSON object such as '{"tier": "gold"}' but found ${describe(value)}`);
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


/***/ }),

/***/ 2137:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $b: () => (/* binding */ deleteEntity),
/* harmony export */   DC: () => (/* binding */ bulkWriteEntities),
/* harmony export */   P6: () => (/* binding */ searchBlueprintEntities),
/* harmony export */   eT: () => (/* binding */ searchEntities),
/* harmony export */   j8: () => (/* binding */ approveRun),
/* harmony export */   tJ: () => (/* binding */ writeEntity),
/* harmony export */   v: () => (/* binding */ listRuns)
/* harmony export */ });
/* harmony import */ var _port_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6272);

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
        throw new _port_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiError */ .h(`Could not read the bulk answer for blueprint ${blueprint}: it has no entities and errors lists`, 200);
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
        throw new _port_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiError */ .h(`Could not read the search answer for blueprint ${blueprint}: it has no list of entities`, 200);
    return { entities: body.entities, ...(typeof body.next === 'string' && body.next !== '' ? { next: body.next } : {}) };
}
/** Every entity of any blueprint matching the query (search-entities.json: one answer, no pages). */
async function searchEntities(port, query, include) {
    const params = new URLSearchParams();
    for (const field of include ?? [])
        params.append('include', field);
    const body = await port.request('POST', `/v1/entities/search${params.size > 0 ? `?${params}` : ''}`, query, 'search entities');
    if (!Array.isArray(body.entities))
        throw new _port_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiError */ .h('Could not read the search answer: it has no list of entities', 200);
    return body.entities;
}
/** Runs as GET /v1/actions/runs lists them (by external run id, action, entity, active). */
async function listRuns(port, query) {
    const params = new URLSearchParams(query);
    const body = await port.request('GET', `/v1/actions/runs${params.size > 0 ? `?${params}` : ''}`, undefined, 'list runs');
    if (!Array.isArray(body.runs))
        throw new _port_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiError */ .h('Could not read the runs: Port\'s answer has no list of runs', 200);
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


/***/ }),

/***/ 4270:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  command: () => (/* binding */ command)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/catalog/fields.ts
var fields = __webpack_require__(3038);
// EXTERNAL MODULE: ./src/catalog/port-api.ts
var port_api = __webpack_require__(2137);
// EXTERNAL MODULE: ./src/http/retry.ts
var retry = __webpack_require__(8902);
;// CONCATENATED MODULE: ./src/catalog/runs.ts


/*
 * Runs of other actions, as a job starts and follows them (`port-ci run`, actions/run): the action named as Port
 * takes it, and a run followed until it ends. A run that waits for approval has not ended: it may still be approved
 * and run, or be declined.
 */
/** Port's action identifier pattern (letters, digits, @ _ = -). */
function checkActionIdentifier(value, name) {
    if (!/^[A-Za-z0-9@_=-]+$/.test(value))
        throw new errors/* UsageError */.eb(`${name}: "${value}" is not an action identifier (letters, digits, @ _ = -)`);
    return value;
}
/** A run that may still change: running, or waiting for someone to approve or decline it. */
function isRunOpen(run) {
    return run.status === 'IN_PROGRESS' || run.status === 'WAITING_FOR_APPROVAL';
}
/** `IN_PROGRESS (Deploying)`: the status with its label, as a progress line shows it. */
function runLabel(run) {
    return `${run.status}${typeof run.statusLabel === 'string' && run.statusLabel ? ` (${run.statusLabel})` : ''}`;
}
/**
 * Reads the run until it has ended (neither IN_PROGRESS nor WAITING_FOR_APPROVAL).
 * @returns the ended run, or `{ run, timedOut: true }` with the last read when the deadline passes first.
 * @throws ApiError as the client does, after its retries.
 */
async function waitForRunEnd(port, runId, options) {
    const clock = options.clock ?? retry/* realClock */.dQ;
    const pollMs = options.pollMs ?? 5_000;
    const deadline = clock.now() + options.timeoutMs;
    let last = '';
    for (;;) {
        const run = await port.getRun(runId);
        const label = runLabel(run);
        if (label !== last)
            options.onChange?.((last = label), run);
        if (!isRunOpen(run))
            return { run, timedOut: false };
        if (clock.now() + pollMs > deadline)
            return { run, timedOut: true };
        await clock.sleep(pollMs);
    }
}

// EXTERNAL MODULE: ./src/cli/args.ts
var cli_args = __webpack_require__(7593);
// EXTERNAL MODULE: ./src/core/duration.ts
var duration = __webpack_require__(8571);
// EXTERNAL MODULE: ./src/cli/errors.ts
var cli_errors = __webpack_require__(6675);
// EXTERNAL MODULE: ./src/cli/port-config.ts + 4 modules
var port_config = __webpack_require__(6022);
;// CONCATENATED MODULE: ./src/cli/commands/run.ts







const usage = `Usage: port-ci run create --action ACTION [--properties JSON] [--entity ID] [--wait [--timeout 30m]]
       port-ci run get [--run-id ID]
       port-ci run list [--action ACTION] [--external-run-id ID] [--entity ID] [--active] [--limit N]
       port-ci run approve --run-id ID [--decline] [--description TEXT]

Port's action runs from a job: start a run of another action (Port triggers its backend), read one, find runs,
approve or decline one that waits for approval.

Options:
  --action ACTION          the action's identifier
  --properties JSON        create: the user inputs, a JSON object: '{"env": "prod"}'
  --entity ID              create: the entity the action runs on; list: runs on that entity
  --run-as EMAIL           create: run as this user (Port's run_as; needs an admin's credentials)
  --wait                   create: follow the run to its end; exit 0 on SUCCESS, 4 on FAILURE or timeout
  --timeout DURATION       how long --wait follows (default 30m; e.g. 90s, 10m, 1h)
  --run-id ID              get, approve: the run (get: default $PORT_RUN_ID)
  --external-run-id ID     list: runs with this external id (a CI run's id)
  --active                 list: only runs still in progress
  --limit N                list: at most N runs
  --decline                approve: decline instead
  --description TEXT       approve: the reason shown with the decision
  --json                   the run (create, get, approve) or the runs (list) as JSON on standard output
  --base-url URL           Port's API, or a region: eu, us (default: $PORT_BASE_URL, else https://api.getport.io)

Credentials: $PORT_CLIENT_ID and $PORT_CLIENT_SECRET, or a token in $PORT_ACCESS_TOKEN. Exit codes: 0 done (with
--wait: the run ended SUCCESS); 2 bad input; 3 Port refused or could not be reached; 4 the run failed or --wait
timed out.
`;
const FLAGS = {
    ...port_config/* PORT_FLAGS */.U0,
    action: { type: 'string' },
    properties: { type: 'string' },
    entity: { type: 'string' },
    'run-as': { type: 'string' },
    wait: { type: 'boolean', default: false },
    timeout: { type: 'string' },
    'external-run-id': { type: 'string' },
    active: { type: 'boolean', default: false },
    limit: { type: 'string' },
    decline: { type: 'boolean', default: false },
    description: { type: 'string' },
    json: { type: 'boolean', default: false },
    'poll-interval': { type: 'string' },
};
const OPERATIONS = ['create', 'get', 'list', 'approve'];
const TAKES = {
    create: ['action', 'properties', 'entity', 'run-as', 'wait', 'timeout', 'poll-interval', 'json'],
    get: ['run-id', 'json'],
    list: ['action', 'external-run-id', 'entity', 'active', 'limit', 'json'],
    approve: ['run-id', 'decline', 'description', 'json'],
};
const SHARED = ['base-url', 'fail-on-report-error', 'redact'];
const command = {
    usage,
    async run(args, io) {
        const { op, flags } = (0,cli_args/* parseOperation */.$$)('run', args, FLAGS, { operations: OPERATIONS, takes: TAKES, shared: SHARED, example: '--run-id ID' });
        (0,port_config/* redactNames */.uo)(flags);
        const missing = (0,port_config/* missingCredentials */.nm)(io, flags);
        if (missing)
            throw new errors/* UsageError */.eb(`run ${op}: ${missing}`);
        switch (op) {
            case 'create':
                return create(flags, io);
            case 'get':
                return get(flags, io);
            case 'list':
                return list(flags, io);
            case 'approve':
                return approve(flags, io);
        }
    },
};
function requireAction(flags, op) {
    if (flags.action === undefined)
        throw new errors/* UsageError */.eb(`run ${op}: --action is required`);
    return checkActionIdentifier(flags.action, '--action');
}
function printRun(run, flags, io) {
    if (flags.json)
        io.stdout(`${JSON.stringify(run)}\n`);
    else
        io.stdout(`${run.id}\t${runLabel(run)}${typeof run.summary === 'string' && run.summary ? `\t${run.summary}` : ''}\n`);
}
async function create(flags, io) {
    const action = requireAction(flags, 'create');
    const properties = flags.properties === undefined ? {} : (0,fields/* jsonObjectFlag */.CZ)('--properties', flags.properties);
    const entity = flags.entity === undefined ? undefined : (0,fields/* checkIdentifier */.Ki)(flags.entity, '--entity');
    const timeoutMs = flags.wait ? (0,duration/* parseDuration */.E)('--timeout', flags.timeout ?? '30m') : 0;
    const pollMs = flags['poll-interval'] === undefined ? 5_000 : (0,duration/* parseDuration */.E)('--poll-interval', flags['poll-interval']);
    if (!flags.wait && flags.timeout !== undefined)
        throw new errors/* UsageError */.eb('run create: --timeout is for --wait');
    const port = (0,port_config/* portClient */.jb)(flags, io);
    const run = await port.createRun(action, { properties, ...(entity ? { entity } : {}) }, flags['run-as']);
    io.stderr(`port-ci: run create: started ${run.id} of ${action}\n`);
    if (!flags.wait) {
        printRun(run, flags, io);
        return cli_errors/* EXIT */.d.ok;
    }
    const ended = await waitForRunEnd(port, run.id, { timeoutMs, pollMs, onChange: (status) => io.stderr(`port-ci: run create: ${run.id} is ${status}\n`) });
    printRun(ended.run, flags, io);
    if (ended.timedOut) {
        io.stderr(`port-ci: run create: ${run.id} was still ${ended.run.status} after ${Math.round(timeoutMs / 1000)} s\n`);
        return cli_errors/* EXIT */.d.runFailed;
    }
    return ended.run.status === 'SUCCESS' ? cli_errors/* EXIT */.d.ok : cli_errors/* EXIT */.d.runFailed;
}
async function get(flags, io) {
    const runId = (0,port_config/* findRunId */.MI)(flags, io);
    if (!runId)
        throw new errors/* UsageError */.eb('run get: no run: give --run-id or set PORT_RUN_ID');
    printRun(await (0,port_config/* portClient */.jb)(flags, io).getRun(runId), flags, io);
    return cli_errors/* EXIT */.d.ok;
}
async function list(flags, io) {
    const query = {};
    if (flags.action !== undefined)
        query.action = requireAction(flags, 'list');
    if (flags['external-run-id'] !== undefined)
        query.external_run_id = flags['external-run-id'];
    if (flags.entity !== undefined)
        query.entity = (0,fields/* checkIdentifier */.Ki)(flags.entity, '--entity');
    if (flags.active)
        query.active = 'true';
    if (flags.limit !== undefined) {
        query.limit = String((0,cli_args/* wholeNumber */.rD)('--limit', flags.limit, 1));
    }
    const runs = await (0,port_api/* listRuns */.v)((0,port_config/* portClient */.jb)(flags, io), query);
    if (flags.json)
        io.stdout(`${JSON.stringify(runs)}\n`);
    else
        for (const run of runs)
            printRun(run, { ...flags, json: false }, io);
    return cli_errors/* EXIT */.d.ok;
}
async function approve(flags, io) {
    const runId = flags['run-id'];
    if (!runId)
        throw new errors/* UsageError */.eb('run approve: --run-id is required (a run is approved on purpose, never the current one by default)');
    const port = (0,port_config/* portClient */.jb)(flags, io);
    await (0,port_api/* approveRun */.j8)(port, runId, flags.decline ? 'DECLINE' : 'APPROVE', flags.description);
    const run = await port.getRun(runId);
    printRun(run, flags, io);
    return cli_errors/* EXIT */.d.ok;
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

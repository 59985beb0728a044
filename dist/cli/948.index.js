export const id = 948;
export const ids = [948];
export const modules = {

/***/ 108:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CZ: () => (/* binding */ jsonObjectFlag),
/* harmony export */   EK: () => (/* binding */ checkBlueprint),
/* harmony export */   Ki: () => (/* binding */ checkIdentifier),
/* harmony export */   be: () => (/* binding */ formatOf),
/* harmony export */   gS: () => (/* binding */ readEntities),
/* harmony export */   gp: () => (/* binding */ checkEntity)
/* harmony export */ });
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6153);

/** Port's identifier pattern (create-an-entity.json): no `.` or `..` alone; letters, digits and @_.+:\/=- only. */
const IDENTIFIER = /^(?!\.{1,2}$)[\p{L}0-9@_.+:\\/=-]+$/u;
const IDENTIFIER_MAX = 1000;
const FIELDS = ['identifier', 'title', 'icon', 'team', 'properties', 'relations', 'blueprint'];
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
/**
 * One entity as a file or a flag gave it, checked field by field.
 * @param blueprint the command's --blueprint, used when the entity has none of its own.
 */
function checkEntity(value, where, blueprint) {
    if (!(0,_core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(value))
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${where}: expected an entity object such as {"identifier": "svc-a", "properties": {...}} but found ${describe(value)}`);
    for (const key of Object.keys(value)) {
        if (!FIELDS.includes(key))
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${where}: unknown field "${key}"; an entity takes ${FIELDS.join(', ')}`);
    }
    const entity = { identifier: checkIdentifier(value.identifier, where) };
    for (const key of ['title', 'icon']) {
        const field = value[key];
        if (field === undefined || field === null)
            continue;
        if (typeof field !== 'string')
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${where}: ${key}: expected a string but found ${describe(field)}`);
        entity[key] = field;
    }
    const team = value.team;
    if (team !== undefined && team !== null) {
        if (typeof team !== 'string' && !(Array.isArray(team) && team.every((item) => typeof item === 'string'))) {
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${where}: team: expected a team name or a list of them but found ${describe(team)}`);
        }
        entity.team = team;
    }
    for (const key of ['properties', 'relations']) {
        const field = value[key];
        if (field === undefined || field === null)
            continue;
        if (!(0,_core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(field))
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${where}: ${key}: expected an object of ${key === 'properties' ? 'property' : 'relation'} values but found ${describe(field)}`);
        entity[key] = field;
    }
    const own = value.blueprint;
    const chosen = own === undefined || own === null ? blueprint : checkBlueprint(own, where);
    if (chosen === undefined)
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${where}: no blueprint: give --blueprint, or a "blueprint" field on the entity`);
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
function readEntities(text, format, source, blueprint, parseYaml) {
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
                throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${where}: not JSON (${error.message}); NDJSON takes one entity object per line`);
            }
            placed.push(checkEntity(value, where, blueprint));
        }
        if (placed.length === 0)
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${source}: no entities in it; NDJSON takes one entity object per line`);
        return placed;
    }
    if (format === 'yaml' && !parseYaml) {
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${source}: YAML is read by the npm package's port-ci (npx port-ci); this one-file build reads JSON and NDJSON`);
    }
    let value;
    try {
        value = format === 'yaml' ? parseYaml(text) : JSON.parse(text);
    }
    catch (error) {
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${source}: not ${format === 'yaml' ? 'YAML' : 'JSON'} (${error.message.split('\n')[0]}); expected an entity, a list of entities, or {"entities": [...]}`);
    }
    if ((0,_core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(value) && Array.isArray(value.entities) && Object.keys(value).length === 1)
        value = value.entities;
    const items = Array.isArray(value) ? value : [value];
    if (items.length === 0)
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${source}: the list is empty; give at least one entity`);
    return items.map((item, index) => checkEntity(item, Array.isArray(value) ? `${source} item ${index + 1}` : source, blueprint));
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

/***/ 7948:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   command: () => (/* binding */ command)
/* harmony export */ });
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4296);
/* harmony import */ var _catalog_entities_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(108);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7593);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6675);
/* harmony import */ var _port_config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6022);





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
    ..._port_config_js__WEBPACK_IMPORTED_MODULE_0__/* .PORT_FLAGS */ .U0,
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
        const { values: flags, positionals } = (0,_args_js__WEBPACK_IMPORTED_MODULE_1__/* .parseFlags */ .bQ)('run', args, FLAGS, true);
        const operation = positionals[0];
        if (operation === undefined)
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`run: which operation? expected one of ${OPERATIONS.join(', ')} (port-ci run --help)`);
        if (!OPERATIONS.includes(operation))
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`run: "${operation}" is not an operation; expected one of ${OPERATIONS.join(', ')}`);
        if (positionals.length > 1)
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`run ${operation}: unexpected argument "${positionals[1]}"; values go after their flags (--run-id ID)`);
        const op = operation;
        for (const [name, value] of Object.entries(flags)) {
            if (value === undefined || value === false || SHARED.includes(name))
                continue;
            if (!TAKES[op].includes(name))
                throw new _core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`run ${op}: --${name} is not taken here; it takes ${TAKES[op].map((flag) => `--${flag}`).join(', ')}`);
        }
        (0,_port_config_js__WEBPACK_IMPORTED_MODULE_0__/* .redactNames */ .uo)(flags);
        const missing = (0,_port_config_js__WEBPACK_IMPORTED_MODULE_0__/* .missingCredentials */ .nm)(io, flags);
        if (missing)
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`run ${op}: ${missing}`);
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
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`run ${op}: --action is required`);
    if (!/^[A-Za-z0-9@_=-]+$/.test(flags.action))
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`--action: "${flags.action}" is not an action identifier (letters, digits, @ _ = -)`);
    return flags.action;
}
function printRun(run, flags, io) {
    if (flags.json)
        io.stdout(`${JSON.stringify(run)}\n`);
    else
        io.stdout(`${run.id}\t${run.status}${typeof run.statusLabel === 'string' && run.statusLabel ? ` (${run.statusLabel})` : ''}${typeof run.summary === 'string' && run.summary ? `\t${run.summary}` : ''}\n`);
}
async function create(flags, io) {
    const action = requireAction(flags, 'create');
    const properties = flags.properties === undefined ? {} : (0,_catalog_entities_js__WEBPACK_IMPORTED_MODULE_3__/* .jsonObjectFlag */ .CZ)('--properties', flags.properties);
    const entity = flags.entity === undefined ? undefined : (0,_catalog_entities_js__WEBPACK_IMPORTED_MODULE_3__/* .checkIdentifier */ .Ki)(flags.entity, '--entity');
    const timeoutMs = flags.wait ? (0,_args_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDuration */ .E9)('--timeout', flags.timeout ?? '30m') : 0;
    const pollMs = flags['poll-interval'] === undefined ? 5_000 : (0,_args_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDuration */ .E9)('--poll-interval', flags['poll-interval']);
    if (!flags.wait && flags.timeout !== undefined)
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb('run create: --timeout is for --wait');
    const port = (0,_port_config_js__WEBPACK_IMPORTED_MODULE_0__/* .portClient */ .jb)(flags, io);
    const run = await port.createRun(action, { properties, ...(entity ? { entity } : {}) }, flags['run-as']);
    io.stderr(`port-ci: run create: started ${run.id} of ${action}\n`);
    if (!flags.wait) {
        printRun(run, flags, io);
        return _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .d.ok;
    }
    const ended = await waitForEnd(port, run.id, timeoutMs, pollMs, (status) => io.stderr(`port-ci: run create: ${run.id} is ${status}\n`));
    printRun(ended ?? run, flags, io);
    if (!ended) {
        io.stderr(`port-ci: run create: ${run.id} was still in progress after ${Math.round(timeoutMs / 1000)} s\n`);
        return _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .d.runFailed;
    }
    return ended.status === 'SUCCESS' ? _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .d.ok : _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .d.runFailed;
}
/** Polls the run until it leaves IN_PROGRESS; undefined when the deadline passes first. */
async function waitForEnd(port, runId, timeoutMs, pollMs, onChange) {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
        const run = await port.getRun(runId);
        const label = `${run.status}${typeof run.statusLabel === 'string' && run.statusLabel ? ` (${run.statusLabel})` : ''}`;
        if (label !== last)
            onChange((last = label));
        if (run.status !== 'IN_PROGRESS')
            return run;
        if (Date.now() + pollMs > deadline)
            return undefined;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
}
async function get(flags, io) {
    const runId = (0,_port_config_js__WEBPACK_IMPORTED_MODULE_0__/* .findRunId */ .MI)(flags, io);
    if (!runId)
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb('run get: no run: give --run-id or set PORT_RUN_ID');
    printRun(await (0,_port_config_js__WEBPACK_IMPORTED_MODULE_0__/* .portClient */ .jb)(flags, io).getRun(runId), flags, io);
    return _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .d.ok;
}
async function list(flags, io) {
    const query = {};
    if (flags.action !== undefined)
        query.action = requireAction(flags, 'list');
    if (flags['external-run-id'] !== undefined)
        query.external_run_id = flags['external-run-id'];
    if (flags.entity !== undefined)
        query.entity = (0,_catalog_entities_js__WEBPACK_IMPORTED_MODULE_3__/* .checkIdentifier */ .Ki)(flags.entity, '--entity');
    if (flags.active)
        query.active = 'true';
    if (flags.limit !== undefined) {
        if (!/^\d+$/.test(flags.limit) || Number(flags.limit) < 1)
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`--limit: "${flags.limit}" is not accepted; expected a whole number from 1`);
        query.limit = flags.limit;
    }
    const runs = await (0,_port_config_js__WEBPACK_IMPORTED_MODULE_0__/* .portClient */ .jb)(flags, io).listRuns(query);
    if (flags.json)
        io.stdout(`${JSON.stringify(runs)}\n`);
    else
        for (const run of runs)
            printRun(run, { ...flags, json: false }, io);
    return _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .d.ok;
}
async function approve(flags, io) {
    const runId = flags['run-id'];
    if (!runId)
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb('run approve: --run-id is required (a run is approved on purpose, never the current one by default)');
    const port = (0,_port_config_js__WEBPACK_IMPORTED_MODULE_0__/* .portClient */ .jb)(flags, io);
    await port.approveRun(runId, flags.decline ? 'DECLINE' : 'APPROVE', flags.description);
    const run = await port.getRun(runId);
    printRun(run, flags, io);
    return _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .d.ok;
}


/***/ })

};

export const id = 444;
export const ids = [444];
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

/***/ 1444:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  entityCommand: () => (/* binding */ entityCommand)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/port/errors.ts
var port_errors = __webpack_require__(6272);
// EXTERNAL MODULE: ./src/catalog/port-api.ts
var port_api = __webpack_require__(2137);
// EXTERNAL MODULE: ./src/http/retry.ts
var retry = __webpack_require__(8902);
;// CONCATENATED MODULE: ./src/catalog/run-link.ts

function isRunEnded(error) {
    return error instanceof port_errors/* ApiError */.h && error.code === 'run_exhausted';
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

// EXTERNAL MODULE: ./src/core/json.ts
var json = __webpack_require__(6153);
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
    const held = (0,json/* isObject */.Gv)(stored) ? stored : {};
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
    if ((0,json/* isObject */.Gv)(a)) {
        if (!(0,json/* isObject */.Gv)(b) || Array.isArray(b))
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
        const page = await (0,port_api/* searchBlueprintEntities */.P6)(port, blueprint, {
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
        if (error instanceof port_errors/* ApiError */.h && error.status === 404)
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
    constructor(clock = retry/* realClock */.dQ) {
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
            if (!(error instanceof port_errors/* ApiError */.h))
                throw error;
            return error;
        }
        finally {
            pacer.release();
        }
    };
    const writeCall = (blueprint, items, linked) => paced(() => (0,port_api/* bulkWriteEntities */.DC)(port, blueprint, items.map(({ entity }) => ({ ...entity })), { ...write, ...(linked ? { runId: linked } : {}), upsert: true }));
    const writeBatch = async (blueprint, items) => {
        const linked = link;
        let answer = await writeCall(blueprint, items, linked);
        if (answer instanceof port_errors/* ApiError */.h && isRunEnded(answer) && linked !== undefined) {
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
            if (stored instanceof port_errors/* ApiError */.h) {
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
    if (answer instanceof port_errors/* ApiError */.h) {
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

// EXTERNAL MODULE: ./src/catalog/fields.ts
var fields = __webpack_require__(3038);
;// CONCATENATED MODULE: ./src/catalog/entities.ts



const FIELDS = ['identifier', 'title', 'icon', 'team', 'properties', 'relations', 'blueprint'];
/**
 * One entity as a file or a flag gave it, checked field by field.
 * @param blueprint the command's --blueprint, used when the entity has none of its own.
 * @param blueprintName how the face names that blueprint, for the error when there is none.
 */
function checkEntity(value, where, blueprint, blueprintName = '--blueprint') {
    if (!(0,json/* isObject */.Gv)(value))
        throw new errors/* UsageError */.eb(`${where}: expected an entity object such as {"identifier": "svc-a", "properties": {...}} but found ${(0,fields/* describe */.q0)(value)}`);
    for (const key of Object.keys(value)) {
        if (!FIELDS.includes(key))
            throw new errors/* UsageError */.eb(`${where}: unknown field "${key}"; an entity takes ${FIELDS.join(', ')}`);
    }
    const entity = { identifier: (0,fields/* checkIdentifier */.Ki)(value.identifier, where) };
    for (const key of ['title', 'icon']) {
        const field = value[key];
        if (field === undefined || field === null)
            continue;
        if (typeof field !== 'string')
            throw new errors/* UsageError */.eb(`${where}: ${key}: expected a string but found ${(0,fields/* describe */.q0)(field)}`);
        entity[key] = field;
    }
    const team = value.team;
    if (team !== undefined && team !== null) {
        if (typeof team !== 'string' && !(Array.isArray(team) && team.every((item) => typeof item === 'string'))) {
            throw new errors/* UsageError */.eb(`${where}: team: expected a team name or a list of them but found ${(0,fields/* describe */.q0)(team)}`);
        }
        entity.team = team;
    }
    for (const key of ['properties', 'relations']) {
        const field = value[key];
        if (field === undefined || field === null)
            continue;
        if (!(0,json/* isObject */.Gv)(field))
            throw new errors/* UsageError */.eb(`${where}: ${key}: expected an object of ${key === 'properties' ? 'property' : 'relation'} values but found ${(0,fields/* describe */.q0)(field)}`);
        entity[key] = field;
    }
    const own = value.blueprint;
    const chosen = own === undefined || own === null ? blueprint : (0,fields/* checkBlueprint */.EK)(own, where);
    if (chosen === undefined)
        throw new errors/* UsageError */.eb(`${where}: no blueprint: give ${blueprintName}, or a "blueprint" field on the entity`);
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
                throw new errors/* UsageError */.eb(`${where}: not JSON (${error.message}); NDJSON takes one entity object per line`);
            }
            placed.push(checkEntity(value, where, blueprint, blueprintName));
        }
        if (placed.length === 0)
            throw new errors/* UsageError */.eb(`${source}: no entities in it; NDJSON takes one entity object per line`);
        return placed;
    }
    if (format === 'yaml' && !parseYaml) {
        throw new errors/* UsageError */.eb(`${source}: YAML is read by the npm package's port-ci (npx port-ci); this one-file build reads JSON and NDJSON`);
    }
    let value;
    try {
        value = format === 'yaml' ? parseYaml(text) : JSON.parse(text);
    }
    catch (error) {
        throw new errors/* UsageError */.eb(`${source}: not ${format === 'yaml' ? 'YAML' : 'JSON'} (${error.message.split('\n')[0]}); expected an entity, a list of entities, or {"entities": [...]}`);
    }
    if ((0,json/* isObject */.Gv)(value) && Array.isArray(value.entities) && Object.keys(value).length === 1)
        value = value.entities;
    const items = Array.isArray(value) ? value : [value];
    if (items.length === 0)
        throw new errors/* UsageError */.eb(`${source}: the list is empty; give at least one entity`);
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
    const blueprint = source.blueprint === undefined ? undefined : (0,fields/* checkBlueprint */.EK)(source.blueprint, blueprintName);
    const given = FIELD_SOURCES.filter((name) => source[name] !== undefined);
    const operation = mode === 'one' ? names.upsert : names.bulk;
    if (source.file !== undefined) {
        const { file } = source;
        if (given.length > 0) {
            throw new errors/* UsageError */.eb(`${operation}: ${names.field('file')} and ${names.field(given[0])} contradict each other; give the entity in the file or in ${names.fields.replace(/^the /, '')}`);
        }
        const format = formatOf(file.name);
        const yaml = format === 'yaml' && loadYaml ? await loadYaml() : undefined;
        const placed = readEntities(file.read(), format, file.source, blueprint, yaml, blueprintName);
        if (mode === 'one' && placed.length > 1)
            throw new errors/* UsageError */.eb(`${operation}: ${file.source} holds ${placed.length} entities; upsert writes one (use ${names.bulk} for several)`);
        return placed;
    }
    if (mode === 'many')
        throw new errors/* UsageError */.eb(`${operation}: ${names.field('file')} is required (${names.fileHint})`);
    if (source.identifier === undefined)
        throw new errors/* UsageError */.eb(`${operation}: ${names.field('identifier')} is required (or ${names.field('file')})`);
    const value = { identifier: source.identifier };
    if (source.title !== undefined)
        value.title = source.title;
    if (source.icon !== undefined)
        value.icon = source.icon;
    if (source.team !== undefined)
        value.team = source.team.length === 1 ? source.team[0] : source.team;
    if (source.properties !== undefined)
        value.properties = (0,fields/* jsonObjectFlag */.CZ)(names.field('properties'), source.properties);
    if (source.relations !== undefined)
        value.relations = (0,fields/* jsonObjectFlag */.CZ)(names.field('relations'), source.relations);
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
        throw new errors/* UsageError */.eb(`${flag}: empty; expected a rule such as 'tier=gold' (see --help for the forms)`);
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
            throw new errors/* UsageError */.eb(`${where}: no values after "${list[2]}"; expected a comma-separated list such as 'tier in gold,silver'`);
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
        throw new errors/* UsageError */.eb(`${where}: no operator; expected property=value, !=, >, >=, <, <=, ~ (contains), !~, ^= (begins with), $= (ends with), 'property in a,b', 'property?' (not empty) or '!property?' (empty)`);
    }
    const property = rule.slice(0, split.at).trim();
    const raw = rule.slice(split.at + split.written.length).trim();
    if (!PROPERTY.test(property))
        throw new errors/* UsageError */.eb(`${where}: "${property}" is not a property name; expected letters, digits, _ . - and a leading $ for meta-properties ($identifier)`);
    if (['>', '>=', '<', '<='].includes(split.operator)) {
        const number = Number(raw);
        const value = raw !== '' && Number.isFinite(number) ? number : isDateTime(raw) ? raw : undefined;
        if (value === undefined)
            throw new errors/* UsageError */.eb(`${where}: "${raw}" is not a number or a date-time (2026-01-31T00:00:00Z), which ${split.written} compares`);
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
        throw new errors/* UsageError */.eb(`${name}: not JSON (${error.message}); expected a rule object such as '{"property":"tier","operator":"=","value":"gold"}'`);
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
        throw new UsageError(`${name}: not JSON (${error.message}); expected a rule object such as {"property":"tier","operator":"=","value":"gold"}, or a list of them`);
    }
    return Array.isArray(value) ? value.map((item, index) => checkRuleObject(item, `${name} item ${index + 1}`)) : [checkRuleObject(value, name)];
}
function checkRuleObject(value, name) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof value.operator !== 'string' && !('combinator' in value)) {
        throw new errors/* UsageError */.eb(`${name}: expected a rule object with an "operator" (or a nested {"combinator", "rules"})`);
    }
    return value;
}
function parseCombinator(text, name = '--combinator') {
    if (text === undefined)
        return 'and';
    const value = text.trim().toLowerCase();
    if (value === 'and' || value === 'or')
        return value;
    throw new errors/* UsageError */.eb(`${name}: "${text}" is not accepted; expected and or or`);
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
    const blueprint = source.blueprint === undefined ? undefined : (0,fields/* checkBlueprint */.EK)(source.blueprint, names.blueprint);
    if (source.rules.length === 0 && blueprint === undefined)
        throw new errors/* UsageError */.eb(names.missing);
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
        const entities = await (0,port_api/* searchEntities */.eT)(port, query, request.include?.map(forEntityRoute));
        request.onPage?.(entities.length, entities.length);
        return entities.slice(0, max);
    }
    const found = [];
    let from;
    do {
        const limit = Math.max(1, Math.min(PAGE, max - found.length));
        const page = await (0,port_api/* searchBlueprintEntities */.P6)(port, request.blueprint, {
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
            if (!(error instanceof port_errors/* ApiError */.h))
                throw error;
            unread = unreadReason(`entity ${placed.blueprint}/${placed.entity.identifier}`, error);
        }
    }
    const { value, unlinked } = await linkedToRun(runId, (id) => (0,port_api/* writeEntity */.tJ)(port, placed.blueprint, { ...placed.entity }, { ...rest, upsert: true, ...(id ? { runId: id } : {}) }));
    return { entity: value, ...(unread ? { unread } : {}), ...(unlinked ? { unlinked } : runId && !options.validationOnly ? { runId } : {}) };
}
/** Deletes one entity (and, with `deleteDependents`, those that depend on it). */
async function deleteOne(port, blueprint, identifier, options) {
    const { runId, deleteDependents = false } = options;
    const { unlinked } = await linkedToRun(runId, (id) => (0,port_api/* deleteEntity */.$b)(port, blueprint, identifier, { deleteDependents, ...(id ? { runId: id } : {}) }));
    return unlinked ? { unlinked } : runId ? { runId } : {};
}

// EXTERNAL MODULE: ./src/cli/args.ts
var cli_args = __webpack_require__(7593);
// EXTERNAL MODULE: ./src/cli/errors.ts
var cli_errors = __webpack_require__(6675);
// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
// EXTERNAL MODULE: ./src/cli/port-config.ts + 4 modules
var port_config = __webpack_require__(6022);
;// CONCATENATED MODULE: ./src/cli/commands/entity.ts










const usage = `Usage: port-ci entity upsert --blueprint BP --identifier ID [--title T] [--properties JSON] ... | --file FILE
       port-ci entity bulk --blueprint BP --file FILE [--merge] [--skip-unchanged] [--concurrency N]
       port-ci entity get --blueprint BP --identifier ID
       port-ci entity search [--blueprint BP] --rule RULE... [--combinator and|or] [--include FIELD]...
       port-ci entity delete --blueprint BP --identifier ID [--delete-dependents]

Reads and writes the catalog with the same credentials, retries and token reuse as report. Writes list the
entity among the current run's affected entities ($PORT_RUN_ID, or --run-id) unless --no-run.

Options:
  --blueprint BP      the blueprint (a file's entities may name their own with "blueprint")
  --identifier ID     the entity's identifier
  --title T           its title
  --icon I            its icon
  --team NAME         a team it belongs to; repeat for several
  --properties JSON   its properties, a JSON object: '{"tier": "gold"}'
  --relations JSON    its relations, a JSON object: '{"owner": "team-a"}'
  --file FILE         entities from a file (- for standard input): JSON or YAML (one entity, a list, or
                      {"entities": [...]}), or NDJSON (one per line; .ndjson, .jsonl)
  --json              the result as JSON on standard output: the entity (upsert, get), the list (search),
                      or {created, updated, unchanged, failed, calls, reads} (bulk)

Write options:
  --merge                             update only the fields given, keeping the others (default: replace)
  --create-missing-related-entities   create the entities its relations name when they do not exist
  --validation-only                   check with Port, write nothing
  --skip-unchanged                    upsert, bulk: read the entities first and write only those that would
                                      change; the others are counted unchanged, and not listed on the run
                                      (costs one read per entity for upsert, per 100 entities for bulk)
  --concurrency N                     bulk: calls in flight at once (default 4); a call carries up to 20
                                      entities, Port's limit
  --delete-dependents                 delete: also delete the entities that depend on it
  --no-run                            do not list the entity among the run's affected entities
  --run-id ID                         the run to list it on (default: $PORT_RUN_ID)

Search options:
  --rule RULE           property=value, !=, >, >=, <, <=, ~ (contains), !~, ^= (begins with), $= (ends
                        with), 'property in a,b', 'property not-in a,b', 'property?' (not empty),
                        '!property?' (empty), relatedTo:BLUEPRINT=ID; $identifier, $title, $blueprint...
                        are properties too; a "quoted" value stays text; repeat for several
  --rule-json JSON      one of Port's rule objects as it is; repeat for several
  --combinator and|or   how the rules combine (default and)
  --include FIELD       only this field of each entity (identifier, title, properties.tier...); repeat
  --limit N             at most N entities (default: every page)

Port options:
  --base-url URL   Port's API, or a region: eu, us (default: $PORT_BASE_URL, else https://api.getport.io)
  --redact NAME    keep the value of variable NAME out of everything sent to Port (repeat, or NAME,NAME)

Credentials: $PORT_CLIENT_ID and $PORT_CLIENT_SECRET, or a token in $PORT_ACCESS_TOKEN. In a GitHub job, a
token an earlier port-ci step of the job got is reused. Exit codes: 0 done; 2 bad input; 3 Port refused (with
bulk: some entities or all, each named on standard error) or could not be reached.
`;
const FLAGS = {
    ...port_config/* PORT_FLAGS */.U0,
    blueprint: { type: 'string' },
    identifier: { type: 'string' },
    title: { type: 'string' },
    icon: { type: 'string' },
    team: { type: 'string', multiple: true },
    properties: { type: 'string' },
    relations: { type: 'string' },
    file: { type: 'string' },
    merge: { type: 'boolean', default: false },
    'create-missing-related-entities': { type: 'boolean', default: false },
    'validation-only': { type: 'boolean', default: false },
    'skip-unchanged': { type: 'boolean', default: false },
    concurrency: { type: 'string' },
    'delete-dependents': { type: 'boolean', default: false },
    'no-run': { type: 'boolean', default: false },
    rule: { type: 'string', multiple: true },
    'rule-json': { type: 'string', multiple: true },
    combinator: { type: 'string' },
    include: { type: 'string', multiple: true },
    limit: { type: 'string' },
    json: { type: 'boolean', default: false },
};
const OPERATIONS = ['upsert', 'bulk', 'get', 'search', 'delete'];
/** Which flags each operation takes beyond the shared ones: any other is a mistake worth naming. */
const TAKES = {
    upsert: ['blueprint', 'identifier', 'title', 'icon', 'team', 'properties', 'relations', 'file', 'merge', 'create-missing-related-entities', 'validation-only', 'skip-unchanged', 'no-run', 'json'],
    bulk: ['blueprint', 'file', 'merge', 'create-missing-related-entities', 'validation-only', 'skip-unchanged', 'concurrency', 'no-run', 'json'],
    get: ['blueprint', 'identifier', 'json'],
    search: ['blueprint', 'rule', 'rule-json', 'combinator', 'include', 'limit', 'json'],
    delete: ['blueprint', 'identifier', 'delete-dependents', 'no-run', 'json'],
};
const SHARED = ['run-id', 'base-url', 'fail-on-report-error', 'redact'];
/**
 * The entity command. `loadYaml` gives the YAML parser for --file x.yaml: the npm package's CLI passes one (a
 * chunk of its own), the one-file build for CI jobs none, so it stays small and says YAML needs the package.
 */
function entityCommand(loadYaml) {
    return {
        usage,
        async run(args, io) {
            const { op, flags } = (0,cli_args/* parseOperation */.$$)('entity', args, FLAGS, { operations: OPERATIONS, takes: TAKES, shared: SHARED, example: '--identifier ID' });
            (0,port_config/* redactNames */.uo)(flags);
            const missing = (0,port_config/* missingCredentials */.nm)(io, flags);
            if (missing)
                throw new errors/* UsageError */.eb(`entity ${op}: ${missing}`);
            switch (op) {
                case 'upsert':
                    return upsert(flags, io, loadYaml);
                case 'bulk':
                    return bulk(flags, io, loadYaml);
                case 'get':
                    return get(flags, io);
                case 'search':
                    return search(flags, io);
                case 'delete':
                    return remove(flags, io);
            }
        },
    };
}
/** The run written entities are listed on, unless --no-run. */
function linkedRun(flags, io) {
    if (flags['no-run']) {
        if (flags['run-id'])
            throw new errors/* UsageError */.eb('entity: --no-run and --run-id contradict each other; give one');
        return undefined;
    }
    return (0,port_config/* findRunId */.MI)(flags, io);
}
function writeOptions(flags, io) {
    const runId = linkedRun(flags, io);
    return {
        merge: flags.merge,
        createMissingRelatedEntities: flags['create-missing-related-entities'],
        validationOnly: flags['validation-only'],
        ...(runId ? { runId } : {}),
    };
}
/** How the shared entity reader names the flags in its errors. */
const FLAG_NAMES = {
    field: (name) => `--${name}`,
    fields: 'the flags',
    upsert: 'entity upsert',
    bulk: 'entity bulk',
    fileHint: 'JSON, YAML or NDJSON; - for standard input',
};
function entitiesOf(flags, io, mode, loadYaml) {
    const { file } = flags;
    return gatherEntities({
        ...(flags.blueprint === undefined ? {} : { blueprint: flags.blueprint }),
        ...(flags.identifier === undefined ? {} : { identifier: flags.identifier }),
        ...(flags.title === undefined ? {} : { title: flags.title }),
        ...(flags.icon === undefined ? {} : { icon: flags.icon }),
        ...(flags.team === undefined ? {} : { team: flags.team }),
        ...(flags.properties === undefined ? {} : { properties: flags.properties }),
        ...(flags.relations === undefined ? {} : { relations: flags.relations }),
        ...(file === undefined ? {} : { file: { name: file, source: file === '-' ? 'standard input' : file, read: () => (0,cli_io/* readArgFile */.dm)(io, '--file', file) } }),
    }, mode, FLAG_NAMES, loadYaml);
}
function requireBlueprintAndIdentifier(flags, op) {
    if (flags.blueprint === undefined)
        throw new errors/* UsageError */.eb(`entity ${op}: --blueprint is required`);
    if (flags.identifier === undefined)
        throw new errors/* UsageError */.eb(`entity ${op}: --identifier is required`);
    return { blueprint: (0,fields/* checkBlueprint */.EK)(flags.blueprint, '--blueprint'), identifier: (0,fields/* checkIdentifier */.Ki)(flags.identifier, '--identifier') };
}
async function upsert(flags, io, loadYaml) {
    const [placed] = (await entitiesOf(flags, io, 'one', loadYaml));
    const options = writeOptions(flags, io);
    const written = await upsertOne((0,port_config/* portClient */.jb)(flags, io), placed, { ...options, skipUnchanged: flags['skip-unchanged'] });
    if (written.unread)
        io.stderr(`port-ci: warning: entity upsert: ${written.unread}\n`);
    if (written.unlinked)
        io.stderr(`port-ci: warning: entity upsert: ${written.unlinked}\n`);
    const verb = written.unchanged ? 'unchanged' : options.validationOnly ? 'valid' : 'upserted';
    if (flags.json)
        io.stdout(`${JSON.stringify(written.entity)}\n`);
    else
        io.stdout(`${verb} ${placed.blueprint}/${placed.entity.identifier}${written.runId ? ` (listed on run ${written.runId})` : ''}\n`);
    return 0;
}
async function bulk(flags, io, loadYaml) {
    const concurrency = flags.concurrency === undefined ? 4 : (0,cli_args/* wholeNumber */.rD)('--concurrency', flags.concurrency, 1, 50);
    const entities = await entitiesOf(flags, io, 'many', loadYaml);
    const pacer = new RatePacer();
    const port = (0,port_config/* portClient */.jb)(flags, io, { onRateLimit: (state) => pacer.observe(state) });
    const result = await bulkUpsert(port, entities, {
        ...writeOptions(flags, io),
        concurrency,
        skipUnchanged: flags['skip-unchanged'],
        onBatch: ({ done, total, failed }) => io.stderr(`port-ci: entity bulk: ${done}/${total}${failed > 0 ? ` (${failed} failed in this call)` : ''}\n`),
        onRead: ({ done, total, size, unchanged }) => io.stderr(`port-ci: entity bulk: ${done}/${total} (read ${size}, ${unchanged} unchanged)\n`),
    }, pacer);
    if (result.unread)
        io.stderr(`port-ci: warning: entity bulk: ${result.unread}\n`);
    if (result.unlinked)
        io.stderr(`port-ci: warning: entity bulk: ${result.unlinked}\n`);
    printBulk(result, flags, io);
    return result.failed.length > 0 ? cli_errors/* EXIT */.d.api : cli_errors/* EXIT */.d.ok;
}
function printBulk(result, flags, io) {
    if (flags.json)
        io.stdout(`${JSON.stringify(bulkSummary(result))}\n`);
    else
        io.stdout(`${countsLine(result, flags['validation-only'], flags['skip-unchanged'])}\n`);
    for (const failure of result.failed)
        io.stderr(`port-ci: entity bulk: ${describeFailure(failure)}\n`);
}
async function get(flags, io) {
    const { blueprint, identifier } = requireBlueprintAndIdentifier(flags, 'get');
    const entity = await (0,port_config/* portClient */.jb)(flags, io).getEntity(blueprint, identifier);
    io.stdout(flags.json ? `${JSON.stringify(entity)}\n` : `${JSON.stringify(entity, null, 2)}\n`);
    return 0;
}
async function search(flags, io) {
    const rules = [...(flags.rule ?? []).map((text) => parseRule(text)), ...(flags['rule-json'] ?? []).map((text) => parseRuleJson(text))];
    const max = flags.limit === undefined ? undefined : (0,cli_args/* wholeNumber */.rD)('--limit', flags.limit, 1, 1_000_000);
    const request = searchRequest({
        ...(flags.blueprint === undefined ? {} : { blueprint: flags.blueprint }),
        rules,
        ...(flags.combinator === undefined ? {} : { combinator: flags.combinator }),
        ...(flags.include ? { include: flags.include } : {}),
        ...(max === undefined ? {} : { max }),
    }, { blueprint: '--blueprint', combinator: '--combinator', missing: 'entity search: give --rule (or --rule-json), --blueprint, or both' });
    const { blueprint } = request;
    const entities = await searchAll((0,port_config/* portClient */.jb)(flags, io), request);
    if (flags.json)
        io.stdout(`${JSON.stringify(entities)}\n`);
    else {
        for (const entity of entities)
            io.stdout(`${String(entity.blueprint ?? blueprint ?? '')}/${String(entity.identifier ?? '')}${typeof entity.title === 'string' ? `\t${entity.title}` : ''}\n`);
        io.stderr(`port-ci: entity search: ${entities.length} found\n`);
    }
    return 0;
}
async function remove(flags, io) {
    const { blueprint, identifier } = requireBlueprintAndIdentifier(flags, 'delete');
    const runId = linkedRun(flags, io);
    const { unlinked } = await deleteOne((0,port_config/* portClient */.jb)(flags, io), blueprint, identifier, { deleteDependents: flags['delete-dependents'], ...(runId ? { runId } : {}) });
    if (unlinked)
        io.stderr(`port-ci: warning: entity delete: ${unlinked}\n`);
    if (flags.json)
        io.stdout(`${JSON.stringify({ deleted: { blueprint, identifier } })}\n`);
    else
        io.stdout(`deleted ${blueprint}/${identifier}\n`);
    return 0;
}


/***/ })

};

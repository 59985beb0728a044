export const id = 9;
export const ids = [9];
export const modules = {

/***/ 7009:
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
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/payload.ts
var payload = __webpack_require__(9701);
// EXTERNAL MODULE: ./src/core/env.ts
var env = __webpack_require__(8792);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/sandbox/contract.ts
/*
 * Port's request rules for the operations the sandbox serves. They come from Port's published OpenAPI operations
 * (port-api/*.json beside this project, not in the repository, so copied here): every body is an
 * `additionalProperties: false` object with typed fields and required ones. The sandbox refuses what Port
 * refuses, so a client that works against it sends nothing the real API would reject.
 */
/** An answer other than success, in Port's error shape `{ok: false, error, message}`. */
class HttpError extends Error {
    status;
    error;
    headers;
    constructor(status, error, message, headers = {}) {
        super(message);
        this.status = status;
        this.error = error;
        this.headers = headers;
    }
}
const isString = { test: (value) => typeof value === 'string', says: 'must be string' };
const isObject = {
    test: (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    says: 'must be object',
};
const TERMINAL = {
    test: (value) => value === 'SUCCESS' || value === 'FAILURE',
    says: 'must be equal to one of the allowed values (SUCCESS, FAILURE)',
};
const STRING_OR_STRINGS = {
    test: (value) => isString.test(value) || (Array.isArray(value) && value.every(isString.test)),
    says: 'must be string or array of strings',
};
/** create-an-access-token.json */
const TOKEN_BODY = { fields: { clientId: isString, clientSecret: isString }, required: ['clientId', 'clientSecret'] };
/** add-a-log-to-an-action-run.json */
const LOG_BODY = {
    fields: { message: isString, terminationStatus: TERMINAL, statusLabel: isString },
    required: ['message'],
};
/**
 * update-an-action-run.json, less its deprecated `message` (an object). Port still accepts that field; the
 * sandbox refuses it so the toolkit cannot come to depend on something Port is removing.
 */
const PATCH_BODY = {
    fields: { status: TERMINAL, statusLabel: isString, link: STRING_OR_STRINGS, summary: isString, externalRunId: isString },
    required: [],
};
/** execute-a-self-service-action.json */
const EXECUTE_BODY = { fields: { properties: isObject, entity: isString }, required: ['properties'] };
/** Port's body limit; larger bodies get 413. */
const MAX_BODY_BYTES = 1024 * 1024;
/** The query limits of get-an-actions-run-logs.json. */
const LOGS_LIMIT = { min: 1, max: 50 };
function invalid(message) {
    return new HttpError(422, 'invalid_request', message);
}
/** Checks a parsed JSON body against a rule and returns it as an object, or throws Port's 422. */
function checkBody(body, rule) {
    if (!isObject.test(body))
        throw invalid('body must be object');
    const fields = body;
    for (const name of rule.required) {
        if (!Object.hasOwn(fields, name))
            throw invalid(`body must have required property '${name}'`);
    }
    for (const [name, value] of Object.entries(fields)) {
        const check = Object.hasOwn(rule.fields, name) ? rule.fields[name] : undefined;
        if (!check)
            throw invalid(`body must NOT have additional property '${name}'`);
        if (!check.test(value))
            throw invalid(`body/${name} ${check.says}`);
    }
    return fields;
}
/** Reads an optional whole-number query parameter within bounds, or throws Port's 422. */
function queryNumber(query, name, bounds) {
    const text = query.get(name);
    if (text === null)
        return undefined;
    const value = Number(text);
    if (text.trim() === '' || !Number.isInteger(value) || value < bounds.min || (bounds.max !== undefined && value > bounds.max)) {
        throw invalid(`querystring/${name} must be a number from ${bounds.min}${bounds.max === undefined ? '' : ` to ${bounds.max}`}`);
    }
    return value;
}

;// CONCATENATED MODULE: ./src/sandbox/definitions.ts

const definitions_isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const definitions_isString = (value) => typeof value === 'string';
const STRING = { test: definitions_isString, says: 'must be string' };
const BOOLEAN = { test: (value) => typeof value === 'boolean', says: 'must be boolean' };
const OBJECT = { test: definitions_isObject, says: 'must be object' };
const ARRAY = { test: Array.isArray, says: 'must be array' };
const OBJECT_OR_ARRAY = { test: (value) => definitions_isObject(value) || Array.isArray(value), says: 'must be object or array' };
/** agent, synchronized, reportWorkflowStatus: a boolean, or a string (a template Port renders per run). */
const BOOLEAN_OR_STRING = { test: (value) => typeof value === 'boolean' || definitions_isString(value), says: 'must be boolean or string' };
const STRINGS = { test: (value) => Array.isArray(value) && value.every(definitions_isString), says: 'must be array of strings' };
const STRING_MAP = { test: (value) => definitions_isObject(value) && Object.values(value).every(definitions_isString), says: 'must be object of strings' };
function oneOf(values) {
    return { test: (value) => values.includes(value), says: `must be equal to one of the allowed values (${values.join(', ')})` };
}
/** The action identifier pattern of create-an-action-automation.json. */
const ACTION_ID = /^(?!\.{1,2}$)[\p{L}0-9@_.+:=-]+$/u;
const IDENTIFIER = { test: (value) => definitions_isString(value) && ACTION_ID.test(value), says: `must match pattern "${ACTION_ID.source}"` };
/** The classic trigger strings, and the current format's operations: the same three words. */
const OPERATIONS = ['CREATE', 'DAY-2', 'DELETE'];
const TRIGGER_TYPES = ['self-service', 'automation'];
const ENTITY_EVENTS = ['ENTITY_CREATED', 'ENTITY_UPDATED', 'ENTITY_DELETED', 'ANY_ENTITY_CHANGE', 'TIMER_PROPERTY_EXPIRED'];
const RUN_EVENTS = ['RUN_CREATED', 'RUN_UPDATED', 'ANY_RUN_CHANGE'];
const EVENT_TYPES = [...ENTITY_EVENTS, ...RUN_EVENTS];
function definitions_invalid(message) {
    return new HttpError(422, 'invalid_request', message);
}
/** Checks one object against a shape, with Ajv's wording and the JSON path from `body`. */
function checkShape(value, shape, path) {
    if (!definitions_isObject(value))
        throw definitions_invalid(`${path} must be object`);
    for (const name of shape.required)
        if (!Object.hasOwn(value, name))
            throw definitions_invalid(`${path} must have required property '${name}'`);
    for (const [name, field] of Object.entries(value)) {
        const check = Object.hasOwn(shape.fields, name) ? shape.fields[name] : undefined;
        if (!check)
            throw definitions_invalid(`${path} must NOT have additional property '${name}'`);
        if (!check.test(field))
            throw definitions_invalid(`${path}/${name} ${check.says}`);
    }
    return value;
}
/** Reads the discriminator `type` of a union, refusing a missing or unknown one the way Ajv would. */
function discriminator(value, path, types) {
    if (!definitions_isObject(value))
        throw definitions_invalid(`${path} must be object`);
    if (!Object.hasOwn(value, 'type'))
        throw definitions_invalid(`${path} must have required property 'type'`);
    const type = oneOf(types);
    if (!type.test(value.type))
        throw definitions_invalid(`${path}/type ${type.says}`);
    return value.type;
}
const INVOCATION_METHODS = {
    KAFKA: { fields: { payload: OBJECT_OR_ARRAY }, required: [] },
    WEBHOOK: {
        fields: { url: STRING, agent: BOOLEAN_OR_STRING, synchronized: BOOLEAN_OR_STRING, method: STRING, headers: STRING_MAP, body: OBJECT_OR_ARRAY },
        required: ['url'],
    },
    GITHUB: {
        fields: { org: STRING, repo: STRING, workflow: STRING, workflowInputs: OBJECT, reportWorkflowStatus: BOOLEAN_OR_STRING },
        required: ['org', 'repo', 'workflow'],
    },
    INTEGRATION_ACTION: {
        fields: { installationId: STRING, integrationActionType: oneOf(['dispatch_workflow']), integrationActionExecutionProperties: OBJECT },
        required: ['installationId', 'integrationActionType', 'integrationActionExecutionProperties'],
    },
    GITLAB: { fields: { projectName: STRING, groupName: STRING, defaultRef: STRING, pipelineVariables: OBJECT }, required: ['projectName', 'groupName'] },
    AZURE_DEVOPS: { fields: { webhook: STRING, org: STRING, payload: OBJECT_OR_ARRAY }, required: ['webhook', 'org'] },
    UPSERT_ENTITY: { fields: { blueprintIdentifier: STRING, mapping: OBJECT }, required: ['blueprintIdentifier', 'mapping'] },
};
const TYPE_FIELD = (types) => ({ type: oneOf(types) });
function checkInvocationMethod(value) {
    const path = 'body/invocationMethod';
    const type = discriminator(value, path, Object.keys(INVOCATION_METHODS));
    const shape = INVOCATION_METHODS[type];
    checkShape(value, { fields: { ...TYPE_FIELD([type]), ...shape.fields }, required: ['type', ...shape.required] }, path);
}
/** userInputs: one of "default order", "custom order" (order) or "custom steps" (steps); never both. */
function checkUserInputs(value, path) {
    const fields = {
        properties: OBJECT,
        required: { test: (required) => STRINGS.test(required) || definitions_isObject(required), says: 'must be array of strings or object' },
        titles: OBJECT,
    };
    const layout = definitions_isObject(value) && Object.hasOwn(value, 'steps') ? { steps: ARRAY } : { order: STRINGS };
    checkShape(value, { fields: { ...fields, ...layout }, required: ['properties'] }, path);
}
const BUTTON_TEXT = {
    test: (value) => definitions_isString(value) && value.length >= 1 && value.length <= 15 && /^[^\s].*[^\s]$/.test(value),
    says: 'must be 1 to 15 characters with no space at either end',
};
function checkTrigger(value) {
    const path = 'body/trigger';
    const type = discriminator(value, path, TRIGGER_TYPES);
    const trigger = value;
    if (type === 'automation') {
        checkShape(trigger, { fields: { type: STRING, event: OBJECT, condition: OBJECT }, required: ['type', 'event'] }, path);
        const eventType = discriminator(trigger.event, `${path}/event`, EVENT_TYPES);
        const fields = { type: STRING };
        if (ENTITY_EVENTS.includes(eventType))
            fields.blueprintIdentifier = STRING;
        else
            fields.actionIdentifier = STRING;
        if (eventType === 'TIMER_PROPERTY_EXPIRED')
            fields.propertyIdentifier = STRING;
        checkShape(trigger.event, { fields, required: Object.keys(fields) }, `${path}/event`);
        if (trigger.condition !== undefined) {
            const condition = { type: oneOf(['JQ']), expressions: STRINGS, combinator: oneOf(['and', 'or']) };
            checkShape(trigger.condition, { fields: condition, required: ['type', 'expressions'] }, `${path}/condition`);
        }
        return;
    }
    const fields = {
        type: STRING,
        operation: oneOf(OPERATIONS),
        blueprintIdentifier: STRING,
        userInputs: OBJECT,
        actionCardButtonText: BUTTON_TEXT,
        executeActionButtonText: BUTTON_TEXT,
    };
    // An entity filter only makes sense where there is an entity: the CREATE variant has no `condition`.
    if (trigger.operation !== 'CREATE')
        fields.condition = OBJECT;
    checkShape(trigger, { fields, required: ['type', 'userInputs', 'operation'] }, path);
    checkUserInputs(trigger.userInputs, `${path}/userInputs`);
}
const REQUIRED_APPROVAL = {
    test: (value) => typeof value === 'boolean' || (definitions_isObject(value) && Object.keys(value).length === 1 && (value.type === 'ANY' || value.type === 'ALL')),
    says: 'must be boolean or {"type": "ANY" | "ALL"}',
};
const ACTION_BODY = {
    fields: {
        identifier: IDENTIFIER,
        title: STRING,
        icon: STRING,
        description: STRING,
        trigger: OBJECT,
        invocationMethod: OBJECT,
        requiredApproval: REQUIRED_APPROVAL,
        approvalNotification: OBJECT,
        publish: BOOLEAN,
        allowAnyoneToViewRuns: BOOLEAN,
    },
    required: ['identifier', 'trigger', 'invocationMethod'],
};
/** The fields Port adds when it shows a definition (GET); a file saved from such an answer carries them. */
const READ_ONLY_FIELDS = ['createdAt', 'createdBy', 'updatedAt', 'updatedBy'];
/**
 * Checks a POST /v1/actions body as Port's schema does, or throws Port's 422 naming the first problem
 * (`body/trigger must have required property 'operation'`). A classic definition is refused here, as Port
 * refuses it: its trigger is not an object.
 */
function checkActionBody(body) {
    const action = checkShape(body, ACTION_BODY, 'body');
    checkTrigger(action.trigger);
    checkInvocationMethod(action.invocationMethod);
    return action;
}
/**
 * Checks a definition loaded at start (a file the user saved): the current format as POST /v1/actions takes
 * it, plus the read-only fields of a GET answer; or the classic format, whose shape Port no longer publishes, so
 * only what the sandbox relies on is checked (identifier, trigger word, invocationMethod with a type).
 * Throws a plain Error naming the problem; the caller adds where it came from.
 */
function checkStoredAction(value) {
    if (!definitions_isObject(value))
        throw new Error('an action definition must be a JSON object');
    if (definitions_isString(value.trigger)) {
        if (!IDENTIFIER.test(value.identifier))
            throw new Error(`identifier ${IDENTIFIER.says}`);
        if (!oneOf(OPERATIONS).test(value.trigger))
            throw new Error(`trigger ${oneOf(OPERATIONS).says}`);
        if (!definitions_isObject(value.invocationMethod) || !definitions_isString(value.invocationMethod.type))
            throw new Error('invocationMethod must be an object with a string type');
        if (value.userInputs !== undefined && !definitions_isObject(value.userInputs))
            throw new Error('userInputs must be object');
        return value;
    }
    const body = Object.fromEntries(Object.entries(value).filter(([name]) => !READ_ONLY_FIELDS.includes(name)));
    try {
        checkActionBody(body);
    }
    catch (error) {
        if (!(error instanceof HttpError))
            throw error;
        throw new Error(error.message.replace(/^body\//, '').replace(/^body /, 'the definition '));
    }
    return value;
}
/** Reads the facts of a definition that passed checkActionBody or checkStoredAction. */
function actionFacts(action) {
    const facts = { identifier: action.identifier, triggerType: 'self-service', published: action.publish !== false };
    if (definitions_isString(action.title))
        facts.title = action.title;
    const trigger = action.trigger;
    if (definitions_isString(trigger)) {
        facts.operation = trigger;
        // Classic definitions lived under a blueprint; an exported one may name it.
        if (definitions_isString(action.blueprint))
            facts.blueprint = action.blueprint;
        return facts;
    }
    const current = trigger;
    facts.triggerType = current.type;
    if (facts.triggerType === 'self-service') {
        facts.operation = current.operation;
        if (definitions_isString(current.blueprintIdentifier))
            facts.blueprint = current.blueprintIdentifier;
    }
    else {
        const event = current.event;
        facts.eventType = event.type;
        if (definitions_isString(event.blueprintIdentifier))
            facts.blueprint = event.blueprintIdentifier;
        if (definitions_isString(event.actionIdentifier))
            facts.eventAction = event.actionIdentifier;
    }
    return facts;
}

;// CONCATENATED MODULE: ./src/sandbox/catalog.ts






const catalog_isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** The entity identifier pattern of create-an-entity.json (it also allows `\` and `/`). */
const ENTITY_ID = /^(?!\.{1,2}$)[\p{L}0-9@_.+:\\/=-]+$/u;
const isEntityId = (value) => typeof value === 'string' && value.length <= 1000 && ENTITY_ID.test(value);
function catalog_invalid(message) {
    return new HttpError(422, 'invalid_request', message);
}
/** The key of an entity in Catalog.entities; a blueprint identifier has no `/`, so the first one splits it. */
function entityKey(blueprint, identifier) {
    return `${blueprint}/${identifier}`;
}
/**
 * Checks an entity body (create-an-entity.json). The schema allows fields beyond its own; they are ignored, as
 * Port keeps only its entity fields. Search-query identifiers, teams and relations are Port's to resolve
 * against a catalogue the sandbox does not have, so it says so rather than storing something Port would not.
 */
function checkEntityBody(body, where = 'body') {
    if (!catalog_isObject(body))
        throw catalog_invalid(`${where} must be object`);
    if (body.identifier !== undefined && !isEntityId(body.identifier)) {
        if (catalog_isObject(body.identifier))
            throw catalog_invalid(`${where}/identifier: a search-query identifier is not supported by the port-ci sandbox`);
        throw catalog_invalid(`${where}/identifier must match pattern "${ENTITY_ID.source}" (at most 1000 characters)`);
    }
    for (const name of ['title', 'icon']) {
        if (body[name] !== undefined && typeof body[name] !== 'string')
            throw catalog_invalid(`${where}/${name} must be string`);
    }
    const team = body.team;
    if (team !== undefined && typeof team !== 'string' && !(Array.isArray(team) && team.every((each) => typeof each === 'string'))) {
        throw catalog_invalid(`${where}/team must be string or array of strings${catalog_isObject(team) ? ' (a search-query team is not supported by the port-ci sandbox)' : ''}`);
    }
    if (body.properties !== undefined && !catalog_isObject(body.properties))
        throw catalog_invalid(`${where}/properties must be object`);
    if (body.relations !== undefined) {
        if (!catalog_isObject(body.relations))
            throw catalog_invalid(`${where}/relations must be object`);
        for (const [name, target] of Object.entries(body.relations)) {
            const ok = target === null || isEntityId(target) || (Array.isArray(target) && target.every(isEntityId));
            if (!ok)
                throw catalog_invalid(`${where}/relations/${name} must be an entity identifier, an array of them, or null${catalog_isObject(target) ? ' (a search-query relation is not supported by the port-ci sandbox)' : ''}`);
        }
    }
    return body;
}
/** Reads an optional boolean query parameter, or throws Port's 422. */
function queryBoolean(query, name) {
    const text = query.get(name);
    if (text === null)
        return undefined;
    if (text === 'true' || text === 'false')
        return text === 'true';
    throw catalog_invalid(`querystring/${name} must be boolean`);
}
/** Reads a repeatable query parameter whose values must come from a list, or throws Port's 422. */
function queryList(query, name, allowed) {
    const values = query.getAll(name);
    if (values.length === 0)
        return undefined;
    values.forEach((value, index) => {
        if (allowed && !allowed.includes(value))
            throw catalog_invalid(`querystring/${name}/${index} must be equal to one of the allowed values (${allowed.join(', ')})`);
    });
    return values;
}
/** The query of create-an-entity.json: upsert is required. */
function upsertMode(query) {
    const upsert = queryBoolean(query, 'upsert');
    if (upsert === undefined)
        throw catalog_invalid("querystring must have required property 'upsert'");
    queryBoolean(query, 'create_missing_related_entities'); // checked; the sandbox does not check relations' targets
    return { upsert, merge: queryBoolean(query, 'merge') ?? false, validationOnly: queryBoolean(query, 'validation_only') ?? false };
}
/** The action definitions and entities of one sandbox. */
class Catalog {
    by;
    /** Definitions by identifier, as GET /v1/actions/{identifier} shows them. */
    actions = new Map();
    /** Entities by entityKey(blueprint, identifier). */
    entities = new Map();
    /** `by`: the client id shown as createdBy/updatedBy. */
    constructor(by) {
        this.by = by;
    }
    /** A definition loaded at start or from code, in either format; throws an Error naming the problem. */
    addAction(definition) {
        return this.#store(checkStoredAction(definition));
    }
    /** POST /v1/actions: the current format only, as Port; 409 when the identifier is taken. */
    createAction(body) {
        const definition = checkActionBody(body);
        if (this.actions.has(definition.identifier)) {
            throw new HttpError(409, 'identifier_taken', `An action with identifier "${String(definition.identifier)}" already exists`);
        }
        return this.#store(definition);
    }
    #store(definition) {
        const now = new Date().toISOString();
        // A definition saved from a GET answer keeps its own timestamps.
        const stored = { ...definition };
        for (const field of READ_ONLY_FIELDS)
            stored[field] ??= field.endsWith('By') ? this.by : now;
        this.actions.set(definition.identifier, stored);
        return stored;
    }
    /** GET /v1/actions/{identifier}, or 404. */
    action(identifier) {
        const action = this.actions.get(identifier);
        if (!action)
            throw new HttpError(404, 'not_found', `Action with identifier "${identifier}" was not found`);
        return action;
    }
    facts(identifier) {
        const action = this.actions.get(identifier);
        return action && actionFacts(action);
    }
    /**
     * GET /v1/actions with the filters of get-actions-automations.json, ANDed. A classic definition counts as
     * self-service. `version` is checked but changes nothing: each definition is shown in the format it was given.
     */
    listActions(query) {
        const identifiers = queryList(query, 'action_identifier');
        const blueprints = queryList(query, 'blueprint_identifier');
        const operations = queryList(query, 'operation', OPERATIONS);
        const triggerType = queryList(query, 'trigger_type', TRIGGER_TYPES)?.at(-1);
        const published = queryBoolean(query, 'published');
        const events = queryList(query, 'trigger_event', EVENT_TYPES);
        const eventActions = queryList(query, 'trigger_event_action_identifier');
        queryList(query, 'version', ['v1', 'v2']);
        return [...this.actions.values()].filter((action) => {
            const facts = actionFacts(action);
            return ((!identifiers || identifiers.includes(facts.identifier)) &&
                (!blueprints || (facts.blueprint !== undefined && blueprints.includes(facts.blueprint))) &&
                (!operations || (facts.operation !== undefined && operations.includes(facts.operation))) &&
                (!triggerType || facts.triggerType === triggerType) &&
                // "If true, only published automations": it says nothing of self-service actions, which stay.
                (published !== true || facts.triggerType !== 'automation' || facts.published) &&
                (!events || (facts.eventType !== undefined && events.includes(facts.eventType))) &&
                (!eventActions || (facts.eventAction !== undefined && eventActions.includes(facts.eventAction))));
        });
    }
    /** GET /v1/blueprints/{bp}/entities/{id}, or 404. */
    entity(blueprint, identifier) {
        const entity = this.entities.get(entityKey(blueprint, identifier));
        if (!entity)
            throw new HttpError(404, 'not_found', `Entity with identifier "${identifier}" of blueprint "${blueprint}" was not found`);
        return entity;
    }
    /**
     * POST /v1/blueprints/{bp}/entities: creates the entity, or, with upsert, replaces it (merge: properties and
     * relations key by key, other fields given replace theirs). Without upsert an existing entity is a 409.
     * validation_only answers what would be stored and stores nothing.
     */
    upsertEntity(blueprint, body, mode) {
        const given = checkEntityBody(body);
        const identifier = given.identifier ?? `e_${(0,external_node_crypto_.randomBytes)(12).toString('base64url')}`;
        const key = entityKey(blueprint, identifier);
        const existing = this.entities.get(key);
        if (existing && !mode.upsert) {
            throw new HttpError(409, 'identifier_taken', `Entity with identifier "${identifier}" of blueprint "${blueprint}" already exists`);
        }
        const now = new Date().toISOString();
        const base = existing && mode.merge ? existing : {};
        const entity = {
            identifier,
            blueprint,
            team: given.team ?? base.team ?? [],
            properties: { ...(mode.merge ? existing?.properties : undefined), ...given.properties },
            relations: { ...(mode.merge ? existing?.relations : undefined), ...given.relations },
            createdAt: existing?.createdAt ?? now,
            createdBy: existing?.createdBy ?? this.by,
            updatedAt: now,
            updatedBy: this.by,
        };
        const title = given.title ?? base.title;
        const icon = given.icon ?? base.icon;
        if (title !== undefined)
            entity.title = title;
        if (icon !== undefined)
            entity.icon = icon;
        if (!mode.validationOnly)
            this.entities.set(key, entity);
        return entity;
    }
    /** An entity loaded at start or from code: an entity body with its `blueprint`; throws an Error naming the problem. */
    addEntity(value) {
        if (!catalog_isObject(value))
            throw new Error('an entity must be a JSON object');
        const { blueprint, ...body } = value;
        if (typeof blueprint !== 'string' || !/^[A-Za-z0-9@_=-]+$/.test(blueprint))
            throw new Error('blueprint must be a blueprint identifier (letters, digits, @ _ = -)');
        if (!isEntityId(body.identifier))
            throw new Error('identifier must be an entity identifier');
        try {
            return this.upsertEntity(blueprint, body, { upsert: true, merge: false, validationOnly: false });
        }
        catch (error) {
            throw error instanceof HttpError ? new Error(error.message.replace(/^body\//, '')) : error;
        }
    }
}
function readJson(flag, file) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch (error) {
        throw new errors/* UsageError */.eb(`${flag}: cannot read ${file} (${error.code ?? String(error)})`);
    }
    try {
        return JSON.parse(text);
    }
    catch (error) {
        throw new errors/* UsageError */.eb(`${file}: not JSON (${error.message})`);
    }
}
/** One item or an array of them; `where` names each for an error message. */
function items(value, file) {
    return Array.isArray(value) ? value.map((each, index) => ({ value: each, where: `${file}[${index}]` })) : [{ value, where: file }];
}
/** The JSON files a --actions argument names: the file itself, or a directory's *.json files in name order. */
function actionFiles(target) {
    let directory;
    try {
        directory = (0,external_node_fs_.statSync)(target).isDirectory();
    }
    catch (error) {
        throw new errors/* UsageError */.eb(`--actions: cannot read ${target} (${error.code ?? String(error)})`);
    }
    if (!directory)
        return [target];
    const files = (0,external_node_fs_.readdirSync)(target).filter((name) => name.endsWith('.json')).sort().map((name) => external_node_path_default().join(target, name));
    if (files.length === 0)
        throw new errors/* UsageError */.eb(`--actions: ${target} holds no .json files`);
    return files;
}
/**
 * Reads action definitions for `--actions FILE_OR_DIR` (repeatable): each file holds one definition or an
 * array, in either format. Throws a UsageError naming the file, the item and the problem, or an identifier
 * defined twice.
 */
function loadActionFiles(targets) {
    const seen = new Map();
    const definitions = [];
    for (const file of targets.flatMap(actionFiles)) {
        for (const { value, where } of items(readJson('--actions', file), file)) {
            let definition;
            try {
                definition = checkStoredAction(value);
            }
            catch (error) {
                throw new errors/* UsageError */.eb(`${where}: not an action definition: ${error.message}`);
            }
            const identifier = definition.identifier;
            const earlier = seen.get(identifier);
            if (earlier !== undefined)
                throw new errors/* UsageError */.eb(`${where}: action "${identifier}" is already defined in ${earlier}`);
            seen.set(identifier, where);
            definitions.push(definition);
        }
    }
    return definitions;
}
/**
 * Reads entities for `--entities FILE` (repeatable): one entity or an array, each with its `blueprint`, as
 * `port-ci dispatch --entity @FILE` takes them. The check is the one Catalog.addEntity makes; a later entity
 * with the same blueprint and identifier replaces an earlier one, as an upsert does.
 */
function loadEntityFiles(files) {
    const check = new Catalog('check');
    const entities = [];
    for (const file of files) {
        for (const { value, where } of items(readJson('--entities', file), file)) {
            try {
                check.addEntity(value);
            }
            catch (error) {
                throw new errors/* UsageError */.eb(`${where}: not an entity: ${error.message}`);
            }
            entities.push(value);
        }
    }
    return entities;
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
;// CONCATENATED MODULE: ./src/sandbox/faults.ts


/*
 * Injected faults, so a client's retry and back-off policy can be tested against the failures Port really
 * produces: rate limiting (429 with retry-after), server errors (5xx) and dropped connections. The schedule
 * is counted over API requests only and is exact (every n-th), so a test can predict which call fails.
 */
/** The statuses a fault may answer with: Port's rate limit or a server error. Anything else would not be a fault. */
function isFaultStatus(status) {
    return Number.isInteger(status) && (status === 429 || (status >= 500 && status <= 599));
}
function assertEvery(name, n) {
    if (!Number.isInteger(n) || n < 1)
        throw new RangeError(`${name}: expected a whole number from 1, got ${n}`);
}
/** The fault schedule of one sandbox. */
class FaultPlan {
    options;
    #count = 0;
    #next = { count: 0, status: 503 };
    #answersToLose = 0;
    /** Throws a RangeError for a schedule that cannot be followed (n below 1, a status that is not 429 or 5xx). */
    constructor(options) {
        this.options = options;
        if (options.failEvery) {
            assertEvery('failEvery.n', options.failEvery.n);
            if (!isFaultStatus(options.failEvery.status)) {
                throw new RangeError(`failEvery.status: expected 429 or 500-599, got ${options.failEvery.status}`);
            }
        }
        if (options.dropEvery !== undefined)
            assertEvery('dropEvery', options.dropEvery);
        if (options.loseAnswerEvery !== undefined)
            assertEvery('loseAnswerEvery', options.loseAnswerEvery);
        if (options.stallEvery) {
            assertEvery('stallEvery.n', options.stallEvery.n);
            if (!Number.isFinite(options.stallEvery.ms) || options.stallEvery.ms < 0)
                throw new RangeError(`stallEvery.ms: expected milliseconds from 0, got ${options.stallEvery.ms}`);
        }
    }
    /** Answers the next `count` API requests with `status`, touching nothing; the periodic schedule keeps counting. */
    failNext(count, status) {
        if (!Number.isInteger(count) || count < 0)
            throw new RangeError(`failNext: expected a count from 0, got ${count}`);
        if (!isFaultStatus(status))
            throw new RangeError(`failNext: expected status 429 or 500-599, got ${status}`);
        this.#next = { count, status };
    }
    /** Serves the next `count` API requests and loses their answers (see loseAnswerEvery); the schedule keeps counting. */
    loseNextAnswers(count) {
        if (!Number.isInteger(count) || count < 0)
            throw new RangeError(`loseNextAnswers: expected a count from 0, got ${count}`);
        this.#answersToLose = count;
    }
    /** Decides the fate of the next API request. A drop wins over a failure: a reset connection has no answer. */
    next() {
        this.#count += 1;
        const { dropEvery, failEvery } = this.options;
        if (dropEvery !== undefined && this.#count % dropEvery === 0)
            return { kind: 'drop' };
        if (this.#next.count > 0) {
            this.#next.count -= 1;
            return { kind: 'fail', status: this.#next.status };
        }
        if (failEvery && this.#count % failEvery.n === 0)
            return { kind: 'fail', status: failEvery.status };
        const { stallEvery, loseAnswerEvery } = this.options;
        const stallMs = stallEvery && this.#count % stallEvery.n === 0 ? stallEvery.ms : undefined;
        let loseAnswer = loseAnswerEvery !== undefined && this.#count % loseAnswerEvery === 0;
        if (this.#answersToLose > 0) {
            this.#answersToLose -= 1;
            loseAnswer = true;
        }
        return { kind: 'serve', ...(stallMs === undefined ? {} : { stallMs }), ...(loseAnswer ? { loseAnswer } : {}) };
    }
}
/**
 * The answer to a failed request, in Port's error shape. A 429 carries `retry-after: 1` and an exhausted rate
 * limit, as Port's does, so a client's back-off reads real headers.
 */
function faultError(status, resetEpochSeconds) {
    const error = (external_node_http_.STATUS_CODES[status] ?? `status ${status}`).toLowerCase().replace(/[^a-z0-9]+/g, '_');
    const message = `Injected by port-ci sandbox: ${status} ${external_node_http_.STATUS_CODES[status] ?? ''}`.trim();
    const headers = status === 429 ? { 'retry-after': '1', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetEpochSeconds) } : {};
    return new HttpError(status, error, message, headers);
}

;// CONCATENATED MODULE: ./src/sandbox/page.ts
/*
 * What the sandbox's pages share: what Port's run pages would show, so a developer sees what a job reported.
 * Every string on them came from a client and is hostile: each is escaped, only http(s) links become anchors
 * (a `javascript:` link stays text), and the server sends a Content-Security-Policy that allows only the
 * sandbox's own style sheet and script (ui-script.ts), nothing inline, so even a missed escape could not run.
 * The pages work without that script; it only keeps them current without reloading.
 */
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escapes text for HTML element content and quoted attribute values. */
function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}
/** Newest first; runs created in the same millisecond keep their reverse creation order. */
function newestFirst(runs) {
    return [...runs].reverse().sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}
/** The CSS class of a status badge (the script uses the same three). */
function statusClass(status) {
    return status === 'SUCCESS' ? 'success' : status === 'FAILURE' ? 'failure' : 'running';
}
function renderStatus(status) {
    return `<span class="status ${statusClass(status)}">${escapeHtml(status)}</span>`;
}
function renderAction(action, title) {
    return title === undefined ? escapeHtml(action) : `${escapeHtml(title)} <code>${escapeHtml(action)}</code>`;
}
/** A log line's time of day (UTC, to the millisecond); the whole time is in its datetime attribute. */
function renderLogTime(at) {
    const time = /T(\d\d:\d\d:\d\d(?:\.\d+)?)/.exec(at)?.[1] ?? at;
    return `<time datetime="${escapeHtml(at)}" title="${escapeHtml(at)}">${escapeHtml(time)}</time>`;
}
/** Only http(s) URLs become anchors: any other scheme (javascript:, data:) is shown as text. */
function renderLink(link) {
    const text = escapeHtml(link);
    return /^https?:\/\//i.test(link) ? `<a href="${text}" rel="noopener noreferrer">${text}</a>` : text;
}
/** The path of a run's page; the id is a client's string, so it is encoded (and then escaped where it lands in HTML). */
function runPath(id) {
    return `/runs/${encodeURIComponent(id)}`;
}
/** The sandbox's style sheet, served as /ui/sandbox.css (the CSP allows no inline style). */
const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;overflow-wrap:anywhere}
[hidden]{display:none!important}
a{color:#0969da}code,pre{font:13px/1.35 ui-monospace,monospace}h1 code{font-size:.8em}
.status{font:bold 12px monospace;padding:2px 6px;border-radius:4px;color:#fff;white-space:nowrap}
.success{background:#1a7f37}.failure{background:#cf222e}.running{background:#9a6700}
.label{font-style:italic}.none,.hint,.muted{color:#666}
.wide{overflow-x:auto}table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #ddd}
th{color:#666;font-weight:normal;white-space:nowrap}td.n{white-space:nowrap}td:first-child{min-width:12em}
dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 1em}dl>div{display:contents}dt{color:#666}dd{margin:0;min-width:0}
dd ul{margin:0;padding-left:1em}pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0}
.logs{background:#f6f8fa;border:1px solid #ddd;border-radius:6px;padding:.5em 1em .5em 5em;margin:0}
.logs li::marker{color:#999;font-size:12px}.logs time{color:#666;font-size:12px}.logs pre{display:inline}
nav.pager{margin:1em 0;display:flex;gap:1.5em;flex-wrap:wrap}`;
/**
 * A whole page around `body`. `data` become data-* attributes of <body>: how the script learns what to poll
 * (its keys are fixed names; their values are escaped like every other string).
 */
function renderDocument(title, body, data = {}) {
    const attributes = Object.entries(data)
        .map(([key, value]) => ` data-${key}="${escapeHtml(value)}"`)
        .join('');
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/ui/sandbox.css"><script src="/ui/sandbox.js" defer></script></head>
<body${attributes}>
${body}
</body></html>
`;
}
/** A page that says what is wrong, as the 404 for an unknown run or the 400 for a bad page number. */
function renderProblem(heading, message) {
    return renderDocument(`${heading} - port-ci sandbox`, `<p><a href="/">All runs</a></p><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(message)}</p>`);
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/sandbox/store.ts



const STATUSES = ['IN_PROGRESS', 'SUCCESS', 'FAILURE'];
function looksLikeRun(value) {
    const run = value;
    return (typeof run === 'object' &&
        run !== null &&
        typeof run.id === 'string' &&
        STATUSES.includes(run.status) &&
        Array.isArray(run.logs) &&
        run.logs.every((log) => typeof log === 'object' && log !== null && typeof log.message === 'string') &&
        (run.entities === undefined ||
            (Array.isArray(run.entities) && run.entities.every((entity) => typeof entity?.blueprint === 'string' && typeof entity.identifier === 'string'))));
}
/**
 * Reads the runs a previous sandbox saved. A missing file is an empty start; a file that is not a sandbox data
 * file is a UsageError naming it, rather than being overwritten and lost.
 */
function loadRuns(file) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return [];
        throw new errors/* UsageError */.eb(`${file}: cannot read the sandbox data file (${error.code ?? String(error)})`);
    }
    let data;
    try {
        data = JSON.parse(text);
    }
    catch {
        throw new errors/* UsageError */.eb(`${file}: not a port-ci sandbox data file (not JSON); move it away or name another file`);
    }
    if (data?.version !== 1 || !Array.isArray(data.runs) || !data.runs.every(looksLikeRun)) {
        throw new errors/* UsageError */.eb(`${file}: not a port-ci sandbox data file (expected {"version": 1, "runs": [...]}); move it away or name another file`);
    }
    return data.runs;
}
/**
 * Saves the runs to a file after changes. Writes are debounced (a burst of log lines is one write) and atomic
 * (a temp file renamed over the old one), so a sandbox killed mid-write leaves the previous file whole.
 */
class RunStore {
    file;
    snapshot;
    delayMs;
    #timer;
    #writing = Promise.resolve();
    #error;
    constructor(file, snapshot, delayMs = 100) {
        this.file = file;
        this.snapshot = snapshot;
        this.delayMs = delayMs;
    }
    /** Notes a change; the file is written once the changes pause. */
    changed() {
        if (this.#timer)
            return;
        this.#timer = setTimeout(() => void this.#save(), this.delayMs);
        // A pending save must not keep a process alive; close() flushes it.
        this.#timer.unref();
    }
    /** Writes now and waits for every write; throws a UsageError naming the file when any write failed. */
    async flush() {
        await this.#save();
        if (this.#error !== undefined)
            throw this.#error;
    }
    #save() {
        clearTimeout(this.#timer);
        this.#timer = undefined;
        // Serialised: two renames racing could put an older snapshot last.
        const text = `${JSON.stringify({ version: 1, runs: this.snapshot() }, null, 2)}\n`;
        this.#writing = this.#writing.then(async () => {
            const temp = `${this.file}.${process.pid}.tmp`;
            try {
                await (0,promises_.writeFile)(temp, text);
                await (0,promises_.rename)(temp, this.file);
            }
            catch (error) {
                const code = error.code ?? String(error);
                this.#error ??= new errors/* UsageError */.eb(`${this.file}: cannot write the sandbox data file (${code})`);
                await (0,promises_.rm)(temp, { force: true }).catch(() => undefined);
            }
        });
        return this.#writing;
    }
}

;// CONCATENATED MODULE: ./src/sandbox/list-page.ts

/*
 * The runs list at `/`: one row per run, newest first, RUNS_PER_PAGE to a page, so a sandbox that has seen
 * thousands of runs still answers a small page. Logs are only counted here; they are on each run's page.
 */
const RUNS_PER_PAGE = 50;
function runRow(run, stamp, titleOf) {
    return {
        id: run.id,
        stamp,
        action: run.action,
        title: run.action === null ? undefined : titleOf(run.action),
        entity: run.entity,
        status: run.status,
        statusLabel: run.statusLabel,
        createdAt: run.createdAt,
        endedAt: run.endedAt,
        links: run.link === undefined ? 0 : [run.link].flat().length,
        logs: run.logs.length,
    };
}
/** How many pages `total` runs fill; an empty sandbox still has its one (empty) page. */
function pageCount(total) {
    return Math.max(1, Math.ceil(total / RUNS_PER_PAGE));
}
/** The runs of page `page` (from 1) of a newest-first list. */
function pageOf(ordered, page) {
    return ordered.slice((page - 1) * RUNS_PER_PAGE, page * RUNS_PER_PAGE);
}
const NONE = '<span class="none">-</span>';
function renderRow(row) {
    const cells = [
        `<a href="${escapeHtml(runPath(row.id))}"><code>${escapeHtml(row.id)}</code></a>`,
        row.action === null ? NONE : renderAction(row.action, row.title),
        row.entity === undefined ? NONE : escapeHtml(row.entity),
        renderStatus(row.status),
        row.statusLabel === undefined ? '' : `<span class="label">${escapeHtml(row.statusLabel)}</span>`,
        `<time>${escapeHtml(row.createdAt)}</time>`,
        row.endedAt === undefined ? NONE : `<time>${escapeHtml(row.endedAt)}</time>`,
        String(row.links),
        String(row.logs),
    ];
    // Status, times and counts never wrap (the "n" cells); the client's strings wrap anywhere rather than widen the page.
    const td = (cell, index) => (index >= 3 && index !== 4 ? `<td class="n">${cell}</td>` : `<td>${cell}</td>`);
    return `<tr data-id="${escapeHtml(row.id)}" data-stamp="${row.stamp}">${cells.map(td).join('')}</tr>`;
}
function countText(total) {
    return `${total} run${total === 1 ? '' : 's'}, newest first`;
}
/** The list page for `rows`, page `page` of `pages`; `version` is the change counter the rows were read at. */
function renderRunsPage(rows, { page, pages, total, version }) {
    const pager = [
        page > 1 ? `<a href="/?page=${page - 1}">Newer runs</a>` : '',
        pages > 1 ? `<span class="muted">page ${page} of ${pages}</span>` : '',
        page < pages ? `<a href="/?page=${page + 1}">Older runs</a>` : '',
    ].join('');
    const body = `<h1>port-ci sandbox</h1>
<p><span id="count">${countText(total)}</span>. <span id="live" class="hint">This page does not update by itself: reload it to see changes.</span></p>
<p id="empty" class="none"${total === 0 ? '' : ' hidden'}>No runs yet. Create one with POST /v1/actions/{action}/runs or start the sandbox with --run ID.</p>
<div class="wide"><table id="runs"${total === 0 ? ' hidden' : ''}><thead><tr><th>Run</th><th>Action</th><th>Entity</th><th>Status</th><th>Label</th><th>Created</th><th>Ended</th><th>Links</th><th>Logs</th></tr></thead>
<tbody>
${rows.map(renderRow).join('\n')}
</tbody></table></div>
<nav class="pager">${pager}</nav>`;
    return renderDocument('port-ci sandbox', body, { page: 'list', 'list-page': String(page), version: String(version) });
}

;// CONCATENATED MODULE: ./src/sandbox/run-page.ts

/*
 * A run's page at /runs/{id}: its fields, then its logs a page at a time. The first load shows the newest lines;
 * `?before=N` shows the page that ends just before line N (counted from 0), so a run of 100,000 lines is read
 * backwards a page at a time, with or without script.
 */
/** A page of logs holds at most this many lines... */
const LOG_PAGE_LINES = 500;
/** ...and at most this many characters of messages (but always one line), so long lines cannot bloat a page. */
const LOG_PAGE_CHARS = 200_000;
/** Where the page that ends before line `end` starts: the newest lines before it, within both limits. */
function pageStart(logs, end) {
    let start = end;
    let chars = 0;
    while (start > 0 && end - start < LOG_PAGE_LINES) {
        chars += logs[start - 1].message.length;
        if (chars > LOG_PAGE_CHARS && start < end)
            break;
        start -= 1;
    }
    return start;
}
/** Where the page that starts at line `start` ends: the oldest lines from it, within both limits. */
function pageEnd(logs, start) {
    let end = start;
    let chars = 0;
    while (end < logs.length && end - start < LOG_PAGE_LINES) {
        chars += logs[end].message.length;
        if (chars > LOG_PAGE_CHARS && end > start)
            break;
        end += 1;
    }
    return end;
}
function runState(run) {
    const { status, statusLabel, link, summary, externalRunId, endedAt, entities } = run;
    return { status, statusLabel, link, summary, externalRunId, endedAt, entities, logCount: run.logs.length };
}
function renderLog(log) {
    const status = log.terminationStatus ? ` ${renderStatus(log.terminationStatus)}` : '';
    const label = log.statusLabel === undefined ? '' : ` <span class="label">${escapeHtml(log.statusLabel)}</span>`;
    return `<li>${renderLogTime(log.at)}${status}${label} <pre>${escapeHtml(log.message)}</pre></li>`;
}
/** "Lines 99501-100000 of 100000": the script writes the same words as lines arrive. */
function rangeText(start, end, total) {
    return total === 0 ? 'No log lines yet.' : end === start ? `No lines here; the run has ${total}.` : `Lines ${start + 1}-${end} of ${total}.`;
}
/** A field row; one that is empty is still there, hidden, so the script can fill it when the job sends it. */
function field(id, name, html) {
    return `<div id="f-${id}"${html === undefined ? ' hidden' : ''}><dt>${name}</dt><dd>${html ?? ''}</dd></div>`;
}
const list = (items) => `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
/** The page of one run. */
function renderRunPage(run, { before, titleOf, entityTitle }) {
    const total = run.logs.length;
    const end = before ?? total;
    const start = pageStart(run.logs, end);
    const links = run.link === undefined ? undefined : [run.link].flat();
    const fields = [
        field('action', 'action', run.action === null ? undefined : renderAction(run.action, titleOf(run.action))),
        field('entity', 'entity', run.entity === undefined ? undefined : entityTitle === undefined ? escapeHtml(run.entity) : `${escapeHtml(entityTitle)} <code>${escapeHtml(run.entity)}</code>`),
        field('inputs', 'inputs', run.properties === undefined ? undefined : `<code>${escapeHtml(JSON.stringify(run.properties))}</code>`),
        field('links', 'links', links === undefined ? undefined : list(links.map(renderLink))),
        field('summary', 'summary', run.summary === undefined ? undefined : `<pre>${escapeHtml(run.summary)}</pre>`),
        field('external', 'external run id', run.externalRunId === undefined ? undefined : escapeHtml(run.externalRunId)),
        field('entities', 'affected entities', run.entities?.length ? list(run.entities.map(renderEntity)) : undefined),
        field('created', 'created', `<time>${escapeHtml(run.createdAt)}</time>`),
        field('ended', 'ended', run.endedAt === undefined ? undefined : `<time>${escapeHtml(run.endedAt)}</time>`),
    ];
    const newest = before === undefined;
    const later = newest ? total : pageEnd(run.logs, end);
    const pager = [
        `<a id="earlier" href="?before=${start}"${start > 0 ? '' : ' hidden'}>Earlier lines</a>`,
        // The lines after this page are the newest ones when they reach the end: that is the run's own page.
        newest ? '' : later < total ? `<a href="?before=${later}">Later lines</a><a href="?">Newest lines</a>` : '<a href="?">Newest lines</a>',
    ].join('');
    const live = newest && run.status === 'IN_PROGRESS';
    const hint = live
        ? 'This page does not update by itself: reload it to see new lines.'
        : newest
            ? 'The run has ended.'
            : 'Earlier lines; the newest are on the run page.';
    const label = `<span id="label" class="label"${run.statusLabel === undefined ? ' hidden' : ''}>${escapeHtml(run.statusLabel ?? '')}</span>`;
    const body = `<p><a href="/">All runs</a></p>
<h1>Run <code>${escapeHtml(run.id)}</code> <span id="status">${renderStatus(run.status)}</span> ${label}</h1>
<dl>${fields.join('')}</dl>
<h2>Logs</h2>
<p><span id="log-range">${rangeText(start, end, total)}</span> <span id="live" class="hint">${hint}</span></p>
<nav class="pager">${pager}</nav>
<ol id="logs" class="logs" start="${start + 1}">${run.logs.slice(start, end).map(renderLog).join('')}</ol>`;
    const data = { page: 'run', run: run.id, after: String(end) };
    if (live)
        data.live = 'true';
    return renderDocument(`${run.id} - port-ci sandbox`, body, data);
}
function renderEntity(entity) {
    return `<code>${escapeHtml(entity.identifier)}</code> <span class="muted">(${escapeHtml(entity.blueprint)})</span>`;
}

;// CONCATENATED MODULE: ./src/sandbox/ui-script.ts
/*
 * The one script of the sandbox's pages, served as /ui/sandbox.js (the CSP allows script from the sandbox itself
 * and nothing inline). It keeps a page current without reloading it: the list page asks /ui/runs for the rows that
 * changed since the counter it has; a run's page asks /ui/runs/{id}/logs for the lines after the ones it shows,
 * with the run's changing fields, and stops once the run has ended. Every string it gets is a client's and
 * hostile: it only ever becomes textContent (or an href checked to be http(s)), never markup.
 * It is kept here as a string so the CLI bundle carries it without a file beside it.
 */
/** How often a page asks for changes, in ms. */
const POLL_MS = 1000;
/** A run's page keeps at most this many lines; older ones leave the page and stay a click away ("Earlier lines"). */
const MAX_PAGE_LINES = 2000;
const SCRIPT = `'use strict';
(function () {
  var body = document.body;
  var POLL_MS = ${POLL_MS};
  var MAX_LINES = ${MAX_PAGE_LINES};

  function get(path) {
    return fetch(path, { cache: 'no-store', headers: { accept: 'application/json' } }).then(function (response) {
      if (!response.ok) throw { status: response.status };
      return response.json();
    });
  }
  function node(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined && text !== null) element.textContent = String(text);
    return element;
  }
  function statusClass(status) {
    return status === 'SUCCESS' ? 'success' : status === 'FAILURE' ? 'failure' : 'running';
  }
  function badge(status) {
    return node('span', 'status ' + statusClass(status), status);
  }
  function say(text) {
    var hint = document.getElementById('live');
    if (hint) hint.textContent = text;
  }
  function linkOrText(link) {
    if (!/^https?:\\/\\//i.test(link)) return document.createTextNode(link);
    var anchor = node('a', '', link);
    anchor.href = link;
    anchor.rel = 'noopener noreferrer';
    return anchor;
  }
  function list(items, render) {
    var ul = node('ul');
    items.forEach(function (item) {
      var li = node('li');
      render(item).forEach(function (part) { li.appendChild(part); });
      ul.appendChild(li);
    });
    return ul;
  }
  /** Sets a field's content (or hides it when the value is absent). */
  function field(id, content) {
    var row = document.getElementById('f-' + id);
    if (!row) return;
    row.hidden = content === undefined;
    if (content !== undefined) row.querySelector('dd').replaceChildren(content);
  }
  /** Polls at POLL_MS while the tab is visible; a failed request says so and tries again. */
  function every(poll) {
    function tick() {
      if (document.hidden) return setTimeout(tick, POLL_MS);
      poll().then(function (again) {
        if (again === 'now') tick();
        else if (again) setTimeout(tick, POLL_MS);
      }, function (error) {
        // A refusal (the run is gone, or the sandbox restarted with fewer changes or lines than this page has
        // seen) will not change by asking again; a failed connection may.
        if (error && error.status >= 400 && error.status < 500) return say('This page is out of date: reload it.');
        say('The sandbox does not answer; trying again.');
        setTimeout(tick, POLL_MS);
      });
    }
    setTimeout(tick, POLL_MS);
  }

  function runPage() {
    if (body.dataset.live !== 'true') return;
    var id = body.dataset.run;
    var after = Number(body.dataset.after);
    var logs = document.getElementById('logs');
    var LIVE = 'Updating live: new lines appear as the job sends them.';
    say(LIVE);

    function logItem(log) {
      var li = node('li');
      var time = node('time', '', (/T(\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?)/.exec(log.at) || [])[1] || log.at);
      time.dateTime = log.at;
      time.title = log.at;
      li.appendChild(time);
      if (log.terminationStatus) { li.appendChild(document.createTextNode(' ')); li.appendChild(badge(log.terminationStatus)); }
      if (log.statusLabel !== undefined) { li.appendChild(document.createTextNode(' ')); li.appendChild(node('span', 'label', log.statusLabel)); }
      li.appendChild(document.createTextNode(' '));
      li.appendChild(node('pre', '', log.message));
      return li;
    }
    function showRun(run) {
      var status = document.getElementById('status');
      status.replaceChildren(badge(run.status));
      var label = document.getElementById('label');
      label.hidden = run.statusLabel === undefined;
      label.textContent = run.statusLabel === undefined ? '' : run.statusLabel;
      var links = run.link === undefined ? undefined : [].concat(run.link);
      field('links', links && list(links, function (link) { return [linkOrText(link)]; }));
      field('summary', run.summary === undefined ? undefined : node('pre', '', run.summary));
      field('external', run.externalRunId === undefined ? undefined : document.createTextNode(run.externalRunId));
      field('entities', run.entities && run.entities.length ? list(run.entities, function (entity) {
        return [node('code', '', entity.identifier), document.createTextNode(' '), node('span', 'muted', '(' + entity.blueprint + ')')];
      }) : undefined);
      field('ended', run.endedAt === undefined ? undefined : node('time', '', run.endedAt));
      var start = logs.start - 1;
      var end = start + logs.children.length;
      document.getElementById('log-range').textContent =
        run.logCount === 0 ? 'No log lines yet.' : 'Lines ' + (start + 1) + '-' + end + ' of ' + run.logCount + '.';
    }
    /** Lines past MAX_LINES leave the top of the page; "Earlier lines" then starts where the page does. */
    function trim() {
      var extra = logs.children.length - MAX_LINES;
      if (extra <= 0) return;
      for (var i = 0; i < extra; i++) logs.removeChild(logs.firstElementChild);
      logs.start += extra;
      var earlier = document.getElementById('earlier');
      earlier.href = '?before=' + (logs.start - 1);
      earlier.hidden = false;
    }
    every(function () {
      return get('/ui/runs/' + encodeURIComponent(id) + '/logs?after=' + after).then(function (answer) {
        var fragment = document.createDocumentFragment();
        answer.logs.forEach(function (log) { fragment.appendChild(logItem(log)); });
        logs.appendChild(fragment);
        after += answer.logs.length;
        trim();
        showRun(answer.run);
        if (after < answer.run.logCount) return 'now';
        if (answer.run.status !== 'IN_PROGRESS') {
          say('The run has ended.');
          return false;
        }
        say(LIVE);
        return true;
      });
    });
  }

  function listPage() {
    var table = document.getElementById('runs');
    var rows = table.tBodies[0];
    var page = body.dataset.listPage;
    var version = Number(body.dataset.version);
    var LIVE = 'Updating live.';
    say(LIVE);

    function cell(tr, content, nowrap) {
      var td = node('td', nowrap ? 'n' : '');
      [].concat(content).forEach(function (part) { td.appendChild(typeof part === 'string' ? document.createTextNode(part) : part); });
      tr.appendChild(td);
    }
    function none() { return node('span', 'none', '-'); }
    function runRow(row) {
      var tr = node('tr');
      tr.dataset.id = row.id;
      tr.dataset.stamp = String(row.stamp);
      var link = node('a');
      link.href = '/runs/' + encodeURIComponent(row.id);
      link.appendChild(node('code', '', row.id));
      cell(tr, link);
      cell(tr, row.action === null ? none() : row.title === undefined ? row.action : [row.title, ' ', node('code', '', row.action)]);
      cell(tr, row.entity === undefined ? none() : row.entity);
      cell(tr, badge(row.status), true);
      cell(tr, row.statusLabel === undefined ? [] : node('span', 'label', row.statusLabel));
      cell(tr, node('time', '', row.createdAt), true);
      cell(tr, row.endedAt === undefined ? none() : node('time', '', row.endedAt), true);
      cell(tr, String(row.links), true);
      cell(tr, String(row.logs), true);
      return tr;
    }
    every(function () {
      var since = version === null ? '' : '&since=' + version;
      return get('/ui/runs?page=' + encodeURIComponent(page) + since).then(function (answer) {
        if (answer.version === version) return true;
        var shown = {};
        Array.prototype.forEach.call(rows.rows, function (tr) { shown[tr.dataset.id] = tr; });
        var fresh = {};
        answer.rows.forEach(function (row) { fresh[row.id] = row; });
        // A run that moved onto this page unchanged is not among the changed rows: ask for the whole page.
        var missing = answer.ids.some(function (id) { return !fresh[id] && !shown[id]; });
        if (missing) {
          version = null;
          return 'now';
        }
        rows.replaceChildren.apply(rows, answer.ids.map(function (id) { return fresh[id] ? runRow(fresh[id]) : shown[id]; }));
        document.getElementById('count').textContent = answer.count;
        table.hidden = answer.total === 0;
        document.getElementById('empty').hidden = answer.total !== 0;
        version = answer.version;
        say(LIVE);
        return true;
      });
    });
  }

  if (body.dataset.page === 'run') runPage();
  else if (body.dataset.page === 'list') listPage();
})();
`;

;// CONCATENATED MODULE: ./src/sandbox/ui.ts




/** Only the sandbox's own style sheet and script; no inline script or style, no frames, forms or other origins. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
class BadQuery extends Error {
}
function whole(query, name, min, max, fallback) {
    const text = query.get(name);
    if (text === null)
        return fallback;
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
        throw new BadQuery(`${name}: "${text}" is not accepted; expected a whole number from ${min} to ${max}`);
    }
    return Number(text);
}
function decoded(encoded) {
    try {
        return decodeURIComponent(encoded);
    }
    catch {
        return undefined;
    }
}
function serveUi(req, res, url, state) {
    req.resume();
    const send = (status, type, text, headers = {}) => {
        res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', ...headers }).end(text);
    };
    const html = (status, text) => send(status, 'text/html', text, { 'content-security-policy': CSP });
    const json = (status, answer) => send(status, 'application/json', JSON.stringify(answer));
    const path = url.pathname;
    const runPath = /^\/runs\/([^/]+)$/.exec(path);
    const logsPath = /^\/ui\/runs\/([^/]+)\/logs$/.exec(path);
    if (req.method !== 'GET')
        return json(404, { ok: false, error: 'not_found', message: `Route ${req.method ?? ''} ${path} not found` });
    try {
        if (path === '/') {
            const ordered = state.ordered();
            const pages = pageCount(ordered.length);
            const page = whole(url.searchParams, 'page', 1, pages, 1);
            const rows = pageOf(ordered, page).map((run) => runRow(run, state.stamp(run), state.titleOf));
            return html(200, renderRunsPage(rows, { page, pages, total: ordered.length, version: state.version() }));
        }
        if (path === '/ui/runs') {
            const ordered = state.ordered();
            const pages = pageCount(ordered.length);
            const page = whole(url.searchParams, 'page', 1, pages, 1);
            const version = state.version();
            const since = whole(url.searchParams, 'since', 0, version);
            // Nothing changed: the common answer, a few bytes.
            if (since === version)
                return json(200, { ok: true, version });
            const runs = pageOf(ordered, page);
            const rows = runs.filter((run) => since === undefined || state.stamp(run) > since).map((run) => runRow(run, state.stamp(run), state.titleOf));
            return json(200, { ok: true, version, total: ordered.length, count: countText(ordered.length), ids: runs.map((run) => run.id), rows });
        }
        const match = runPath ?? logsPath;
        if (match) {
            const id = decoded(match[1]);
            const run = id === undefined ? undefined : state.runs.get(id);
            const missing = `No run with id "${id ?? match[1]}" is in this sandbox.`;
            if (runPath) {
                if (!run)
                    return html(404, renderProblem('Run not found', missing));
                const before = whole(url.searchParams, 'before', 0, run.logs.length);
                return html(200, renderRunPage(run, { before, titleOf: state.titleOf, entityTitle: state.entityTitleOf(run) }));
            }
            if (!run)
                return json(404, { ok: false, error: 'not_found', message: missing });
            const after = whole(url.searchParams, 'after', 0, run.logs.length, 0);
            const logs = run.logs.slice(after, pageEnd(run.logs, after));
            return json(200, { ok: true, run: runState(run), logs });
        }
        if (path === '/ui/sandbox.js')
            return send(200, 'text/javascript', SCRIPT);
        if (path === '/ui/sandbox.css')
            return send(200, 'text/css', STYLE);
        if (path === '/api/state')
            return json(200, { ok: true, runs: state.ordered() });
    }
    catch (error) {
        if (!(error instanceof BadQuery))
            throw error;
        if (path.startsWith('/ui/'))
            return json(400, { ok: false, error: 'invalid_request', message: error.message });
        return html(400, renderProblem('Bad address', error.message));
    }
    json(404, { ok: false, error: 'not_found', message: `Route ${req.method} ${path} not found` });
}

;// CONCATENATED MODULE: ./src/sandbox/server.ts











/** The client id the sandbox accepts when none is given. */
const SANDBOX_CLIENT_ID = 'sandbox-client-id';
/** The client secret the sandbox accepts when none is given: 32 bytes or more, as secret-input decryption needs. */
const SANDBOX_CLIENT_SECRET = 'sandbox-client-secret-0123456789abcdef';
const DEFAULT_TOKEN_TTL_SECONDS = 10_800; // Port's tokens live 3 h
const TOKEN_PATH = '/v1/auth/access_token';
/** Rate-limit headers are reported, not enforced: an arbitrary limit would fail tests at random; failEvery makes 429s. */
const RATE_LIMIT = 1000;
const RATE_WINDOW_MS = 60_000;
function newRunId() {
    return `r_${(0,external_node_crypto_.randomBytes)(12).toString('base64url')}`;
}
/** Reads the whole body; over 1 MiB is refused after the upload ends, so the client sees the 413 rather than a reset. */
async function readBody(req) {
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES)
            chunks.push(chunk);
    }
    return { text: size > MAX_BODY_BYTES ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_BODY_BYTES };
}
function pathId(encoded, what = 'Action run') {
    try {
        return decodeURIComponent(encoded);
    }
    catch {
        throw new HttpError(404, 'not_found', `${what} with identifier "${encoded}" was not found`);
    }
}
function assertNumber(name, value, min, inclusive) {
    if (value === undefined)
        return;
    if (!Number.isFinite(value) || value < min || (!inclusive && value === min)) {
        throw new RangeError(`${name}: expected a number ${inclusive ? 'from' : 'above'} ${min}, got ${value}`);
    }
}
/**
 * Starts a sandbox and resolves once it listens. Throws a RangeError for impossible options, a UsageError when
 * the data file is not a sandbox's or cannot be written or a preloaded definition or entity is not one, and
 * the listen error (EADDRINUSE) when the port is taken.
 */
async function startSandbox(options = {}) {
    const clientId = options.clientId ?? SANDBOX_CLIENT_ID;
    const clientSecret = options.clientSecret ?? SANDBOX_CLIENT_SECRET;
    const ttlMs = (options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS) * 1000;
    const latencyMs = options.latencyMs ?? 0;
    assertNumber('latencyMs', options.latencyMs, 0, true);
    assertNumber('tokenTtlSeconds', options.tokenTtlSeconds, 0, false);
    const faults = new FaultPlan(options);
    const kafkaCredentials = options.kafkaCredentials;
    if (kafkaCredentials && (kafkaCredentials.brokers.length === 0 || !kafkaCredentials.username || !kafkaCredentials.password)) {
        throw new RangeError('kafkaCredentials: expected brokers (one or more host:port), a username and a password');
    }
    const runs = new Map();
    const requests = [];
    /** token -> when it expires (ms since the epoch) */
    const tokens = new Map();
    let rateWindow = { start: 0, count: 0 };
    const catalog = new Catalog(clientId);
    const preload = (kind, add) => (options[kind] ?? []).forEach((value, index) => {
        try {
            add(value);
        }
        catch (error) {
            throw new errors/* UsageError */.eb(`${kind}[${index}]: ${error.message}`);
        }
    });
    preload('actions', (value) => catalog.addAction(value));
    preload('entities', (value) => catalog.addEntity(value));
    const store = options.dataFile === undefined ? undefined : new RunStore(options.dataFile, () => [...runs.values()]);
    for (const run of options.dataFile === undefined ? [] : loadRuns(options.dataFile))
        runs.set(run.id, run);
    /*
     * What the pages need to stay cheap with many runs and long logs: the runs sorted newest first once per new run
     * (not per request), and a change counter with each run's value of it at its last change, so a page polling for
     * changes is answered with only the rows that changed.
     */
    let version = 0;
    const stamps = new WeakMap();
    let ordered;
    /** Notes a change to a run: for the pages' polling and the data file. */
    function touch(run) {
        version += 1;
        stamps.set(run, version);
        store?.changed();
    }
    function addRun(id, fields) {
        const now = new Date().toISOString();
        const run = { id, action: fields.action ?? null, status: 'IN_PROGRESS', createdAt: now, updatedAt: now, logs: [] };
        if (fields.properties !== undefined)
            run.properties = fields.properties;
        if (fields.entity !== undefined)
            run.entity = fields.entity;
        runs.set(id, run);
        ordered = undefined;
        touch(run);
        return run;
    }
    function issueToken() {
        const token = `sbx_${(0,external_node_crypto_.randomBytes)(24).toString('base64url')}`;
        tokens.set(token, Date.now() + ttlMs);
        return token;
    }
    for (const id of options.runs ?? [])
        if (!runs.has(id))
            addRun(id, {});
    // Written once before listening, so a data file that cannot be written fails the start, not a later save.
    await store?.flush();
    function authorize(headers) {
        const token = /^Bearer (\S+)$/.exec(headers.authorization ?? '')?.[1];
        const expires = token === undefined ? undefined : tokens.get(token);
        if (expires === undefined)
            throw new HttpError(401, 'unauthorized', 'Missing or unknown bearer token; get one from POST /v1/auth/access_token');
        if (Date.now() >= expires) {
            tokens.delete(token);
            throw new HttpError(401, 'unauthorized', 'The access token has expired; get a new one from POST /v1/auth/access_token');
        }
    }
    function findRun(id) {
        const run = runs.get(id);
        if (!run)
            throw new HttpError(404, 'not_found', `Action run with identifier "${id}" was not found`);
        return run;
    }
    /** A run ends once: by a log's terminationStatus or a PATCHed status. */
    function end(run, status, now) {
        if (run.status !== 'IN_PROGRESS')
            throw new HttpError(422, 'run_exhausted', `The run has already ended with status ${run.status}`);
        run.status = status;
        run.endedAt = now;
    }
    /** A run as Port's API shows it: the action, blueprint and entity as objects (titled when known), without the logs. */
    function runView(run) {
        const facts = run.action === null ? undefined : catalog.facts(run.action);
        const entity = run.entity === undefined || facts?.blueprint === undefined ? undefined : catalog.entities.get(entityKey(facts.blueprint, run.entity));
        return {
            id: run.id,
            // Port always names the action; a run seeded by id alone has none to name.
            action: { identifier: run.action ?? 'unknown', title: facts?.title },
            blueprint: facts?.blueprint === undefined ? undefined : { identifier: facts.blueprint },
            entity: run.entity === undefined ? undefined : { identifier: run.entity, title: entity?.title },
            properties: run.properties ?? {},
            requiredApproval: false,
            source: 'API',
            status: run.status,
            statusLabel: run.statusLabel,
            link: run.link,
            summary: run.summary,
            externalRunId: run.externalRunId,
            createdBy: clientId,
            createdAt: run.createdAt,
            updatedAt: run.updatedAt,
            endedAt: run.endedAt,
        };
    }
    function logView(run, log, index) {
        return { id: `${run.id}-log-${index + 1}`, runId: run.id, message: log.message, createdBy: clientId, createdAt: log.at };
    }
    /**
     * Refuses a run Port would not create. A known definition must be a self-service action, and a DAY-2 or
     * DELETE one needs the entity it acts on (*unverified*: Port's wording and status for these two refusals are
     * not published; 422 is what its schema errors use). An unknown action is a 404 once any definition is held.
     */
    function checkRunnable(action, entity) {
        const definition = catalog.actions.get(action);
        if (!definition) {
            if (catalog.actions.size > 0)
                throw new HttpError(404, 'not_found', `Action with identifier "${action}" was not found`);
            return;
        }
        const facts = actionFacts(definition);
        if (facts.triggerType === 'automation') {
            throw new HttpError(422, 'invalid_request', `Action "${action}" is an automation: it runs on its trigger event, not through this route`);
        }
        if ((facts.operation === 'DAY-2' || facts.operation === 'DELETE') && entity === undefined) {
            throw new HttpError(422, 'invalid_request', `body must have required property 'entity': action "${action}" is a ${facts.operation} action`);
        }
    }
    /** Serves one API request whose body is parsed; returns [status, answer] or throws an HttpError. */
    function route(method, url, headers, body) {
        const path = url.pathname;
        if (path === TOKEN_PATH && method === 'POST') {
            const given = checkBody(body, TOKEN_BODY);
            if (given.clientId !== clientId || given.clientSecret !== clientSecret)
                throw new HttpError(401, 'unauthorized', 'Invalid client credentials');
            return [200, { ok: true, accessToken: issueToken(), expiresIn: ttlMs / 1000, tokenType: 'Bearer' }];
        }
        const now = new Date().toISOString();
        const logs = /^\/v1\/actions\/runs\/([^/]+)\/logs$/.exec(path);
        if (logs && method === 'POST') {
            authorize(headers);
            const entry = checkBody(body, LOG_BODY);
            const run = findRun(pathId(logs[1]));
            // port-api/README.md: "422 run_exhausted when the run has ended", for a plain log as for a second end.
            if (run.status !== 'IN_PROGRESS')
                throw new HttpError(422, 'run_exhausted', `The run has already ended with status ${run.status}`);
            if (entry.terminationStatus)
                end(run, entry.terminationStatus, now);
            if (entry.statusLabel !== undefined)
                run.statusLabel = entry.statusLabel;
            run.logs.push({ ...entry, at: now });
            run.updatedAt = now;
            touch(run);
            return [201, { ok: true, runLog: logView(run, run.logs.at(-1), run.logs.length - 1) }];
        }
        if (logs && method === 'GET') {
            authorize(headers);
            const run = findRun(pathId(logs[1]));
            // Port's default page size is not published; without a limit every log is returned.
            const limit = queryNumber(url.searchParams, 'limit', LOGS_LIMIT);
            const offset = queryNumber(url.searchParams, 'offset', { min: 0 }) ?? 0;
            const page = run.logs.map((log, index) => logView(run, log, index)).slice(offset, limit === undefined ? undefined : offset + limit);
            return [200, { ok: true, runLogs: page }];
        }
        const runPath = /^\/v1\/actions\/runs\/([^/]+)$/.exec(path);
        if (runPath && (method === 'GET' || method === 'PATCH')) {
            authorize(headers);
            const run = findRun(pathId(runPath[1]));
            if (method === 'PATCH') {
                // The PATCH body is optional in the schema: no body is an empty update.
                const update = checkBody(body ?? {}, PATCH_BODY);
                if (update.status !== undefined)
                    end(run, update.status, now);
                for (const key of ['statusLabel', 'link', 'summary', 'externalRunId']) {
                    if (update[key] !== undefined)
                        Object.assign(run, { [key]: update[key] });
                }
                run.updatedAt = now;
                touch(run);
            }
            return [200, { ok: true, run: runView(run) }];
        }
        const execute = /^\/v1\/actions\/([^/]+)\/runs$/.exec(path);
        if (execute && method === 'POST') {
            authorize(headers);
            const request = checkBody(body, EXECUTE_BODY);
            const action = pathId(execute[1], 'Action');
            checkRunnable(action, request.entity);
            const run = addRun(newRunId(), {
                action,
                properties: request.properties,
                entity: request.entity,
            });
            // 202, not 201: execute-a-self-service-action.json documents 202 Accepted (the run starts later, in the backend).
            return [202, { ok: true, run: runView(run) }];
        }
        if (path === '/v1/actions' && (method === 'GET' || method === 'POST')) {
            authorize(headers);
            if (method === 'GET')
                return [200, { ok: true, actions: catalog.listActions(url.searchParams) }];
            return [201, { ok: true, action: catalog.createAction(body) }];
        }
        const actionPath = /^\/v1\/actions\/([^/]+)$/.exec(path);
        // GET /v1/actions/runs is Port's list of runs, which the sandbox does not serve: not an action named "runs".
        if (actionPath && actionPath[1] !== 'runs' && method === 'GET') {
            authorize(headers);
            // get-an-action-automation.json publishes no 200 body; Port answers {ok, action}, as {ok, run} and {ok, entity}.
            return [200, { ok: true, action: catalog.action(pathId(actionPath[1], 'Action')) }];
        }
        const entities = /^\/v1\/blueprints\/([^/]+)\/entities$/.exec(path);
        if (entities && method === 'POST') {
            authorize(headers);
            const mode = upsertMode(url.searchParams);
            return [201, { ok: true, entity: catalog.upsertEntity(pathId(entities[1], 'Blueprint'), body, mode) }];
        }
        const entityPath = /^\/v1\/blueprints\/([^/]+)\/entities\/([^/]+)$/.exec(path);
        if (entityPath && method === 'GET') {
            authorize(headers);
            return [200, { ok: true, entity: catalog.entity(pathId(entityPath[1], 'Blueprint'), pathId(entityPath[2], 'Entity')) }];
        }
        if (path === '/v1/kafka-credentials' && method === 'GET') {
            authorize(headers);
            if (!kafkaCredentials)
                throw new HttpError(404, 'not_found', 'This organization has no Kafka credentials: start the sandbox with kafkaCredentials');
            return [200, { ok: true, credentials: { brokers: [...kafkaCredentials.brokers], username: kafkaCredentials.username, password: kafkaCredentials.password } }];
        }
        throw new HttpError(404, 'not_found', `Route ${method} ${path} not found`);
    }
    function rateHeaders() {
        const start = Math.floor(Date.now() / RATE_WINDOW_MS) * RATE_WINDOW_MS;
        if (rateWindow.start !== start)
            rateWindow = { start, count: 0 };
        rateWindow.count += 1;
        return {
            'x-ratelimit-limit': String(RATE_LIMIT),
            'x-ratelimit-remaining': String(Math.max(0, RATE_LIMIT - rateWindow.count)),
            'x-ratelimit-reset': String((start + RATE_WINDOW_MS) / 1000),
        };
    }
    function send(res, status, answer, headers = {}) {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(answer));
    }
    function asHttpError(error) {
        return error instanceof HttpError ? error : new HttpError(500, 'internal_error', `Sandbox error: ${String(error)}`);
    }
    async function handle(req, res) {
        res.setHeader('x-trace-id', (0,external_node_crypto_.randomUUID)());
        const url = new URL(req.url ?? '/', 'http://sandbox');
        const method = req.method ?? '';
        if (!url.pathname.startsWith('/v1/'))
            return serveUi(req, res, url, ui);
        const { text, tooLarge } = await readBody(req);
        let body;
        let malformed = false;
        try {
            body = text === '' ? undefined : JSON.parse(text);
        }
        catch {
            [body, malformed] = [text, true]; // recorded as sent, refused below
        }
        const record = { method, path: url.pathname, status: 0, body };
        requests.push(record);
        const fault = faults.next();
        const rate = rateHeaders();
        const delay = latencyMs + (fault.kind === 'serve' ? (fault.stallMs ?? 0) : 0);
        if (delay > 0)
            await new Promise((resolve) => setTimeout(resolve, delay));
        // A client that gave up on a stalled request has gone: answering it would only raise an error here.
        if (req.socket.destroyed) {
            record.status = 0;
            return;
        }
        if (fault.kind === 'drop') {
            req.socket.resetAndDestroy(); // an RST: the client sees ECONNRESET, as when a proxy or Port's edge drops it
            return;
        }
        let status;
        let answer;
        let headers = rate;
        try {
            if (fault.kind === 'fail')
                throw faultError(fault.status, Number(rate['x-ratelimit-reset']));
            if (tooLarge)
                throw new HttpError(413, 'payload_too_large', 'Request body is too large (limit is 1MiB)');
            if (text !== '') {
                if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
                    throw new HttpError(415, 'unsupported_media_type', `Unsupported Media Type: ${req.headers['content-type'] ?? '(none)'}`);
                }
                if (malformed)
                    throw new HttpError(400, 'invalid_json', 'Body is not valid JSON');
            }
            [status, answer] = route(method, url, req.headers, body);
        }
        catch (thrown) {
            const error = asHttpError(thrown);
            [status, answer, headers] = [error.status, { ok: false, error: error.error, message: error.message }, { ...rate, ...error.headers }];
        }
        record.status = status;
        if (fault.kind === 'serve' && fault.loseAnswer) {
            record.answerLost = true;
            req.socket.resetAndDestroy(); // done, but the client sees ECONNRESET and cannot tell
            return;
        }
        send(res, status, answer, headers);
    }
    const ui = {
        runs,
        // A run added to the map from code is sorted in too: the size tells.
        ordered: () => (ordered?.length === runs.size ? ordered : (ordered = newestFirst(runs.values()))),
        version: () => version,
        stamp: (run) => stamps.get(run) ?? 0,
        titleOf: (action) => catalog.facts(action)?.title,
        entityTitleOf: (run) => {
            const blueprint = run.action === null ? undefined : catalog.facts(run.action)?.blueprint;
            return run.entity === undefined || blueprint === undefined ? undefined : catalog.entities.get(entityKey(blueprint, run.entity))?.title;
        },
    };
    const server = (0,external_node_http_.createServer)((req, res) => {
        handle(req, res).catch((error) => {
            if (res.headersSent || res.destroyed)
                return;
            const { status, error: code, message } = asHttpError(error);
            send(res, status, { ok: false, error: code, message });
        });
    });
    // Malformed HTTP gets Port's error shape and a trace id too, instead of Node's bare 400.
    server.on('clientError', (_error, socket) => {
        if (!socket.writable)
            return;
        const answer = JSON.stringify({ ok: false, error: 'bad_request', message: 'Malformed HTTP request' });
        socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nx-trace-id: ${(0,external_node_crypto_.randomUUID)()}\r\nconnection: close\r\n\r\n${answer}`);
    });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
            server.off('error', reject);
            resolve();
        });
    });
    const { port } = server.address();
    let closing;
    return {
        url: `http://127.0.0.1:${port}`,
        runs,
        actions: catalog.actions,
        entities: catalog.entities,
        addAction: (definition) => void catalog.addAction(definition),
        addEntity: (entity) => void catalog.addEntity(entity),
        requests,
        authCount: () => requests.filter((request) => request.method === 'POST' && request.path === TOKEN_PATH).length,
        createRun: (id = newRunId(), { action, properties, entity } = {}) => addRun(id, { action: action ?? null, properties, entity }),
        issueToken,
        failNext: (count, status = 503) => faults.failNext(count, status),
        loseNextAnswers: (count) => faults.loseNextAnswers(count),
        close: () => (closing ??= (async () => {
            await new Promise((resolve, reject) => {
                server.close((error) => (error ? reject(error) : resolve()));
                server.closeAllConnections();
            });
            await store?.flush();
        })()),
    };
}

// EXTERNAL MODULE: ./src/cli/args.ts
var cli_args = __webpack_require__(7593);
;// CONCATENATED MODULE: ./src/cli/commands/sandbox.ts






const usage = `Usage: port-ci sandbox [--port N] [--data FILE] [--latency MS] [--fail-every N[:CODE]] [--drop-every N]
                       [--lose-answer-every N] [--stall-every N:MS] [--token-ttl S] [--run ID]... [--client-id ID]
                       [--actions FILE_OR_DIR]... [--entities FILE]... [--gitlab-trigger DIR]

Runs a local Port API on 127.0.0.1 for trying jobs and the port-ci steps without a Port account. It serves the
token, run, run-log and execute-action operations, action definitions (GET and POST /v1/actions, GET
/v1/actions/{identifier}) and entities (GET /v1/blueprints/{bp}/entities/{id}, POST /v1/blueprints/{bp}/entities),
refuses every request Port would refuse (with Port's error body and an X-Trace-Id header), and shows the runs at
its URL in a browser: a list of runs, and a page for each with its logs, kept current while open.
Stop it with Ctrl-C (SIGINT) or SIGTERM; it saves the data file and exits 0.

Options:
  --port N               TCP port (default 0: any free port; the URL is printed)
  --data FILE            load runs from FILE if it exists, and save runs and logs to it after changes
  --latency MS           wait MS milliseconds before every API answer
  --fail-every N[:CODE]  answer every N-th API request with CODE: 429 (with retry-after: 1) or 500-599
                         (default 503)
  --drop-every N         reset the connection of every N-th API request without answering
  --lose-answer-every N  serve every N-th API request (store the log, end the run), then reset its connection
                         instead of answering: the answer lost after the work was done
  --stall-every N:MS     hold every N-th API request for MS milliseconds before serving it (a stall)
  --token-ttl S          tokens expire after S seconds (default 10800, as Port's)
  --run ID               a run that exists, IN_PROGRESS, at start (repeatable)
  --client-id ID         the client id to accept (default ${SANDBOX_CLIENT_ID})
  --actions FILE_OR_DIR  action definitions that exist at start (repeatable): a JSON file holding one
                         definition or an array, or a directory of such *.json files; Port's classic or current
                         format. Once any definition is loaded, a run of an action not among them is refused
                         (404), as in Port
  --entities FILE        entities that exist at start (repeatable): a JSON file holding one entity or an array,
                         each with its "blueprint", as port-ci dispatch --entity @FILE takes them
  --gitlab-trigger DIR   GitLab, locally: make a run of the one GITLAB action among --actions (its default
                         inputs, on the first entity of its blueprint among --entities), and write into DIR, the
                         project gitlab-ci-local runs, what GitLab gives the pipeline Port triggers:
                         trigger-payload.json (the body Port's agent posts to GitLab's trigger API, which GitLab
                         names in $TRIGGER_PAYLOAD) and .gitlab-ci-local-variables.yml (TRIGGER_PAYLOAD, the
                         credentials and the trigger's variables), then print them as --variable flags too

Definitions and entities, loaded or posted, last until the sandbox stops: --data keeps runs only.

The client secret to accept is $PORT_CLIENT_SECRET, or the built-in ${SANDBOX_CLIENT_SECRET}.
`;
/** A whole number within bounds, or a UsageError that names the flag and the accepted range. */
function wholeNumber(flag, text, min, max = Number.MAX_SAFE_INTEGER) {
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (Number.isSafeInteger(value) && value >= min && value <= max)
        return value;
    const range = max === Number.MAX_SAFE_INTEGER ? `from ${min}` : `from ${min} to ${max}`;
    throw new errors/* UsageError */.eb(`${flag}: "${text}" is not accepted; expected a whole number ${range}`);
}
/** `N` or `N:CODE`: every N-th request fails with CODE (429 or 5xx; 503 when not given). */
function failEvery(text) {
    const match = /^(\d+)(?::(\d+))?$/.exec(text);
    const n = match ? Number(match[1]) : NaN;
    const status = match?.[2] === undefined ? 503 : Number(match[2]);
    if (!match || !Number.isSafeInteger(n) || n < 1 || !isFaultStatus(status)) {
        throw new errors/* UsageError */.eb(`--fail-every: "${text}" is not accepted; expected N or N:CODE, N a whole number from 1 and CODE 429 or 500-599 (default 503)`);
    }
    return { n, status };
}
/** Reads the flags once into the sandbox's options (the one typed settings object of this face). */
function readOptions(args, env) {
    const { values: flags } = (0,cli_args/* parseFlags */.bQ)('sandbox', args, {
        port: { type: 'string' },
        data: { type: 'string' },
        latency: { type: 'string' },
        'fail-every': { type: 'string' },
        'drop-every': { type: 'string' },
        'lose-answer-every': { type: 'string' },
        'stall-every': { type: 'string' },
        'token-ttl': { type: 'string' },
        run: { type: 'string', multiple: true },
        'client-id': { type: 'string' },
        actions: { type: 'string', multiple: true },
        entities: { type: 'string', multiple: true },
        'gitlab-trigger': { type: 'string' },
    });
    const options = {
        port: flags.port === undefined ? 0 : wholeNumber('--port', flags.port, 0, 65_535),
        clientId: flags['client-id'] ?? SANDBOX_CLIENT_ID,
        clientSecret: env.PORT_CLIENT_SECRET || SANDBOX_CLIENT_SECRET,
        runs: flags.run ?? [],
    };
    if (options.clientId === '')
        throw new errors/* UsageError */.eb('--client-id: an empty id is not accepted');
    if (flags.data !== undefined) {
        if (flags.data === '')
            throw new errors/* UsageError */.eb('--data: expected a file name');
        options.dataFile = flags.data;
    }
    if (flags.latency !== undefined)
        options.latencyMs = wholeNumber('--latency', flags.latency, 0, 600_000);
    if (flags['fail-every'] !== undefined)
        options.failEvery = failEvery(flags['fail-every']);
    if (flags['drop-every'] !== undefined)
        options.dropEvery = wholeNumber('--drop-every', flags['drop-every'], 1);
    if (flags['lose-answer-every'] !== undefined)
        options.loseAnswerEvery = wholeNumber('--lose-answer-every', flags['lose-answer-every'], 1);
    if (flags['stall-every'] !== undefined)
        options.stallEvery = stallEvery(flags['stall-every']);
    if (flags['token-ttl'] !== undefined)
        options.tokenTtlSeconds = wholeNumber('--token-ttl', flags['token-ttl'], 1);
    for (const [flag, files] of [['--actions', flags.actions], ['--entities', flags.entities]]) {
        if (files?.includes(''))
            throw new errors/* UsageError */.eb(`${flag}: expected a file name`);
    }
    if (flags.actions !== undefined)
        options.actions = loadActionFiles(flags.actions);
    if (flags.entities !== undefined)
        options.entities = loadEntityFiles(flags.entities);
    if (flags['gitlab-trigger'] === '')
        throw new errors/* UsageError */.eb('--gitlab-trigger: expected the directory of the project gitlab-ci-local runs');
    for (const id of options.runs) {
        if (!(0,payload/* isRunId */.Pk)(id))
            throw new errors/* UsageError */.eb(`--run: "${id}" is not accepted; expected a run id like "r_..." (letters, digits, "_" and "-")`);
    }
    return { ...options, gitlabTrigger: flags['gitlab-trigger'] };
}
function stallEvery(text) {
    const match = /^(\d+):(\d+)$/.exec(text);
    if (!match || Number(match[1]) < 1)
        throw new errors/* UsageError */.eb(`--stall-every: "${text}" is not accepted; expected N:MS, N a whole number from 1 and MS milliseconds`);
    return { n: Number(match[1]), ms: Number(match[2]) };
}
/** Starts the sandbox, turning a taken port into a UsageError that says what to do. */
async function start(options) {
    try {
        return await startSandbox(options);
    }
    catch (error) {
        const code = error.code;
        if (code === 'EADDRINUSE' || code === 'EACCES') {
            throw new errors/* UsageError */.eb(`--port: cannot listen on 127.0.0.1:${options.port} (${code}); pick another port, or --port 0 for any free one`);
        }
        throw error;
    }
}
/** Resolves on the first SIGINT or SIGTERM. A second one gets Node's default (exit at once) if closing hangs. */
function stopSignal() {
    return new Promise((resolve) => {
        const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
    });
}
/** The run and the files of --gitlab-trigger; the planning (and jq, for the current format) loads only then. */
async function prepareGitLab(dir, options) {
    const { writeGitLabTrigger } = await Promise.all(/* import() */[__webpack_require__.e(457), __webpack_require__.e(196), __webpack_require__.e(539), __webpack_require__.e(285)]).then(__webpack_require__.bind(__webpack_require__, 1861));
    const runId = `r_${(0,external_node_crypto_.randomBytes)(12).toString('base64url')}`;
    const trigger = await writeGitLabTrigger({
        dir, actions: options.actions ?? [], entities: options.entities ?? [], runId, clientId: options.clientId, clientSecret: options.clientSecret,
        printSecret: options.clientSecret === SANDBOX_CLIENT_SECRET,
    });
    return { runId, trigger, properties: trigger.properties };
}
function describeGitLab(gitlab, url) {
    const { trigger, runId } = gitlab;
    const flags = Object.entries(trigger.variables).map(([name, value]) => `--variable ${(0,env/* shellQuote */.ZL)(`${name}=${value}`)}`).join(' ');
    const secret = trigger.variables.PORT_CLIENT_SECRET === undefined ? ' --variable PORT_CLIENT_SECRET=...' : '';
    return [
        `port-ci sandbox: run ${runId} of ${trigger.action}${trigger.entity ? ` on ${trigger.entity}` : ''} is IN_PROGRESS, as Port's agent leaves it once it has triggered GitLab.`,
        `  ${trigger.triggerFile}: the trigger body GitLab names in $TRIGGER_PAYLOAD`,
        `  ${trigger.variablesFile}: TRIGGER_PAYLOAD, the credentials and the trigger's variables, which gitlab-ci-local reads there`,
        `Run the pipeline (its port-ci include needs port-base-url: ${url}):`,
        `  cd ${(0,env/* shellQuote */.ZL)(external_node_path_default().dirname(trigger.variablesFile))} && gitlab-ci-local --force-shell-executor`,
        `or elsewhere, with the variables as flags: ${flags}${secret}`,
        '',
    ].join('\n');
}
const command = {
    usage,
    async run(args, io) {
        const { gitlabTrigger: gitlabDir, ...options } = readOptions(args, io.env);
        // The files come first and the run right after listening, before any request is served: once the sandbox
        // answers, the pipeline can start.
        const gitlab = gitlabDir === undefined ? undefined : await prepareGitLab(gitlabDir, options);
        const sandbox = await start(options);
        if (gitlab)
            sandbox.createRun(gitlab.runId, { action: gitlab.trigger.action, properties: gitlab.properties, ...(gitlab.trigger.entity ? { entity: gitlab.trigger.entity } : {}) });
        const stopped = stopSignal();
        // The secret is printed only when it is the public built-in one; a real secret stays where the user put it.
        const secret = options.clientSecret === SANDBOX_CLIENT_SECRET
            ? ` PORT_CLIENT_SECRET=${(0,env/* shellQuote */.ZL)(SANDBOX_CLIENT_SECRET)}  # the built-in default secret`
            : '  # PORT_CLIENT_SECRET: the one already in your environment';
        io.stdout(`port-ci sandbox: Port API and runs page at ${sandbox.url}; for a job, set: export PORT_BASE_URL=${(0,env/* shellQuote */.ZL)(sandbox.url)} PORT_CLIENT_ID=${(0,env/* shellQuote */.ZL)(options.clientId)}${secret}\n`);
        if (gitlab)
            io.stdout(describeGitLab(gitlab, sandbox.url));
        await stopped;
        await sandbox.close();
        return 0;
    },
};


/***/ })

};

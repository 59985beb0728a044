export const id = 329;
export const ids = [329];
export const modules = {

/***/ 7329:
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
/** approve-an-action-run.json */
const APPROVAL_BODY = {
    fields: {
        status: { test: (value) => value === 'APPROVE' || value === 'DECLINE', says: 'must be equal to one of the allowed values (DECLINE, APPROVE)' },
        description: isString,
    },
    required: ['status'],
};
/** Port's body limit; larger bodies get 413. */
const MAX_BODY_BYTES = 1024 * 1024;
/** The query limits of get-an-actions-run-logs.json. */
const LOGS_LIMIT = { min: 1, max: 50 };
/** Port's answer to a request its route schema refuses. */
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
function queryBoolean(query, name, fallback) {
    const text = query.get(name);
    if (text === null)
        return fallback;
    if (text === 'true' || text === 'false')
        return text === 'true';
    throw invalid(`querystring/${name} must be boolean`);
}
/** Reads a repeatable query parameter whose values must come from a list, or throws Port's 422. */
function queryList(query, name, allowed) {
    const values = query.getAll(name);
    if (values.length === 0)
        return undefined;
    values.forEach((value, index) => {
        if (allowed && !allowed.includes(value))
            throw invalid(`querystring/${name}/${index} must be equal to one of the allowed values (${allowed.join(', ')})`);
    });
    return values;
}

;// CONCATENATED MODULE: ./src/sandbox/search-rules.ts

const search_rules_isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const search_rules_isString = (value) => typeof value === 'string';
const STRING_OPERATORS = ['=', '!=', 'containsAny', 'contains', 'doesNotContains', 'beginsWith', 'doesNotBeginsWith', 'endsWith', 'doesNotEndsWith', 'in', 'notIn'];
const NUMBER_OPERATORS = ['>', '>=', '<', '<='];
const DATE_OPERATORS = ['between', 'notBetween'];
const EMPTY_OPERATORS = ['isEmpty', 'isNotEmpty'];
const EXPIRED_OPERATORS = ['isExpired', 'isNotExpired'];
/** Every operator of the schema's rule kinds, in the order Port's schema lists them. */
const OPERATORS = [...new Set([...DATE_OPERATORS, '=', ...EMPTY_OPERATORS, ...NUMBER_OPERATORS, ...EXPIRED_OPERATORS, ...STRING_OPERATORS, 'relatedTo', 'matchAny'])];
const unsupported = (where, what) => invalid(`${where}: ${what} is not supported by the port-ci sandbox (it has no users, teams or timers to resolve it against)`);
function allowKeys(rule, where, allowed, required) {
    for (const name of required)
        if (!Object.hasOwn(rule, name))
            throw invalid(`${where} must have required property '${name}'`);
    for (const name of Object.keys(rule))
        if (!allowed.includes(name))
            throw invalid(`${where} must NOT have additional property '${name}'`);
}
/** A `{context: "user" | "userTeams", property}` value: it resolves against the user making the search. */
const isContextual = (value) => search_rules_isObject(value) && 'context' in value;
function checkProperty(rule, where) {
    if (isContextual(rule.property))
        throw unsupported(`${where}/property`, 'a contextual property');
    if (!search_rules_isString(rule.property))
        throw invalid(`${where}/property must be string`);
}
const isDateTime = (value) => search_rules_isString(value) && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
const isScalar = (value) => value === null || ['string', 'number', 'boolean'].includes(typeof value);
const isArrayOf = (value, type) => Array.isArray(value) && value.every((item) => typeof item === type);
function checkRule(value, where) {
    if (!search_rules_isObject(value))
        throw invalid(`${where} must be object`);
    if (!('operator' in value) && ('combinator' in value || 'rules' in value))
        return checkQuery(value, where);
    if ('propertySchema' in value)
        throw unsupported(where, 'a propertySchema rule');
    const operator = value.operator;
    if (!OPERATORS.includes(operator)) {
        throw invalid(`${where}/operator must be equal to one of the allowed values (${OPERATORS.join(', ')})${search_rules_isString(operator) ? `; "${operator}" is not one` : ''}`);
    }
    if (operator === 'relatedTo') {
        allowKeys(value, where, ['operator', 'blueprint', 'value', 'direction', 'required'], ['operator', 'value', 'blueprint']);
        if (!search_rules_isString(value.blueprint))
            throw invalid(`${where}/blueprint must be string`);
        if (!search_rules_isString(value.value) && !isArrayOf(value.value, 'string'))
            throw invalid(`${where}/value must be string or array of strings`);
        if (value.direction !== undefined && value.direction !== 'upstream' && value.direction !== 'downstream') {
            throw invalid(`${where}/direction must be equal to one of the allowed values (upstream, downstream)`);
        }
        if (value.required !== undefined && typeof value.required !== 'boolean')
            throw invalid(`${where}/required must be boolean`);
        return value;
    }
    if (operator === 'matchAny')
        throw unsupported(where, 'matchAny (relation paths)');
    if (EMPTY_OPERATORS.includes(operator) || EXPIRED_OPERATORS.includes(operator)) {
        allowKeys(value, where, ['operator', 'property'], ['operator', 'property']);
        if (!search_rules_isString(value.property))
            throw invalid(`${where}/property must be string`);
        if (EXPIRED_OPERATORS.includes(operator))
            throw unsupported(where, `${operator} (timer properties)`);
        return value;
    }
    allowKeys(value, where, ['property', 'operator', 'value'], ['property', 'operator', 'value']);
    checkProperty(value, where);
    const given = value.value;
    if (isContextual(given))
        throw unsupported(`${where}/value`, 'a contextual value');
    const dateRule = DATE_OPERATORS.includes(operator) || (operator === '=' && search_rules_isObject(given));
    if (dateRule) {
        if (!search_rules_isObject(given))
            throw invalid(`${where}/value must be object ({"from": date-time, "to": date-time} or {"preset": ...})`);
        if ('preset' in given)
            throw unsupported(`${where}/value`, 'a date preset (use {"from", "to"})');
        if (!isDateTime(given.from) || !isDateTime(given.to))
            throw invalid(`${where}/value must have "from" and "to" as date-time strings (2026-01-31T00:00:00Z)`);
        return value;
    }
    if (NUMBER_OPERATORS.includes(operator)) {
        if (typeof given !== 'number' && !isDateTime(given))
            throw invalid(`${where}/value must be number or a date-time string`);
        return value;
    }
    const ok = isScalar(given) || isArrayOf(given, 'string') || isArrayOf(given, 'number') || isArrayOf(given, 'boolean');
    if (!ok)
        throw invalid(`${where}/value must be null, string, number, boolean, or an array of strings, numbers or booleans`);
    return value;
}
/**
 * Checks a query as Port's route schema does and returns it typed. `where` is the path Port's errors name
 * (`body` for POST /v1/entities/search, `body/query` inside a blueprint search).
 * @throws HttpError 422 naming the first problem and what is accepted.
 */
function checkQuery(value, where = 'body') {
    if (!search_rules_isObject(value))
        throw invalid(`${where} must be object`);
    allowKeys(value, where, ['combinator', 'rules'], ['combinator', 'rules']);
    if (value.combinator !== 'and' && value.combinator !== 'or')
        throw invalid(`${where}/combinator must be equal to one of the allowed values (and, or)`);
    if (!Array.isArray(value.rules))
        throw invalid(`${where}/rules must be array`);
    return { combinator: value.combinator, rules: value.rules.map((rule, index) => checkRule(rule, `${where}/rules/${index}`)) };
}
/** A property as rules name it: `$identifier` and the other meta-properties, else one of the entity's properties. */
function read(entity, property) {
    switch (property) {
        case '$identifier':
            return entity.identifier;
        case '$title':
            return entity.title;
        case '$icon':
            return entity.icon;
        case '$blueprint':
            return entity.blueprint;
        case '$team':
            return entity.team;
        case '$createdAt':
            return entity.createdAt;
        case '$updatedAt':
            return entity.updatedAt;
        case '$createdBy':
            return entity.createdBy;
        case '$updatedBy':
            return entity.updatedBy;
        default:
            return Object.hasOwn(entity.properties, property) ? entity.properties[property] : undefined;
    }
}
const sameJson = (a, b) => a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));
/** Empty as Port's isEmpty means it: no value (missing or null), and, for text, team and array properties, nothing in it. */
const isEmpty = (value) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
/** Numbers with numbers; a date-time with a date-time, by time; anything else does not compare. */
function compare(actual, expected) {
    if (typeof actual === 'number' && typeof expected === 'number')
        return actual - expected;
    if (isDateTime(expected) && search_rules_isString(actual) && !Number.isNaN(Date.parse(actual)))
        return Date.parse(actual) - Date.parse(expected);
    return undefined;
}
/** contains: text within text, or an element of an array (every one, when the value is an array itself). */
function contains(actual, expected) {
    const wanted = Array.isArray(expected) ? expected : [expected];
    if (search_rules_isString(actual))
        return wanted.every((each) => search_rules_isString(each) && actual.includes(each));
    if (Array.isArray(actual))
        return wanted.every((each) => actual.some((item) => sameJson(item, each)));
    return false;
}
function compareRule(entity, rule) {
    const actual = read(entity, rule.property);
    const expected = rule.value;
    const values = Array.isArray(expected) ? expected : [expected];
    switch (rule.operator) {
        case '=':
            if (search_rules_isObject(expected))
                return inRange(actual, expected);
            // null asks for no value: a property never set is null too.
            return expected === null ? actual === undefined || actual === null : sameJson(actual, expected);
        case '!=':
            return !compareRule(entity, { ...rule, operator: '=' });
        case 'in':
            return Array.isArray(actual) ? actual.some((item) => values.some((each) => sameJson(item, each))) : values.some((each) => sameJson(actual, each));
        case 'notIn':
            return !compareRule(entity, { ...rule, operator: 'in' });
        case 'contains':
            return contains(actual, expected);
        case 'doesNotContains':
            return !contains(actual, expected);
        case 'containsAny':
            return values.some((each) => contains(actual, each));
        case 'beginsWith':
            return search_rules_isString(actual) && search_rules_isString(expected) && actual.startsWith(expected);
        case 'doesNotBeginsWith':
            return !(search_rules_isString(actual) && search_rules_isString(expected) && actual.startsWith(expected));
        case 'endsWith':
            return search_rules_isString(actual) && search_rules_isString(expected) && actual.endsWith(expected);
        case 'doesNotEndsWith':
            return !(search_rules_isString(actual) && search_rules_isString(expected) && actual.endsWith(expected));
        case 'isEmpty':
            return isEmpty(actual);
        case 'isNotEmpty':
            return !isEmpty(actual);
        case 'between':
            return inRange(actual, expected);
        case 'notBetween':
            return !inRange(actual, expected);
        default: {
            const difference = compare(actual, expected);
            if (difference === undefined)
                return false;
            return rule.operator === '>' ? difference > 0 : rule.operator === '>=' ? difference >= 0 : rule.operator === '<' ? difference < 0 : difference <= 0;
        }
    }
}
function inRange(actual, range) {
    if (!search_rules_isString(actual) || Number.isNaN(Date.parse(actual)))
        return false;
    const at = Date.parse(actual);
    return at >= Date.parse(range.from) && at <= Date.parse(range.to);
}
/** The identifiers a relation value names: one, several, or none (null). */
function relationTargets(value) {
    return search_rules_isString(value) ? [value] : Array.isArray(value) ? value.filter(search_rules_isString) : [];
}
/**
 * relatedTo, one hop: downstream are the entities whose relations point at a named entity of `blueprint`,
 * upstream the entities a named one points at; with no direction, either.
 */
function relatedTo(entity, rule, graph) {
    const named = relationTargets(rule.value);
    const counts = (blueprint, relation) => rule.required === undefined || graph.relationRequired(blueprint, relation) === rule.required;
    const downstream = () => Object.entries(entity.relations).some(([relation, value]) => graph.relationTarget(entity.blueprint, relation) === rule.blueprint && counts(entity.blueprint, relation) && relationTargets(value).some((id) => named.includes(id)));
    const upstream = () => named.some((id) => {
        const source = graph.entity(rule.blueprint, id);
        return (source !== undefined &&
            Object.entries(source.relations).some(([relation, value]) => graph.relationTarget(source.blueprint, relation) === entity.blueprint && counts(source.blueprint, relation) && relationTargets(value).includes(entity.identifier)));
    });
    if (rule.direction === 'downstream')
        return downstream();
    if (rule.direction === 'upstream')
        return upstream();
    return downstream() || upstream();
}
/** Whether an entity answers a query checked by checkQuery. */
function matches(entity, query, graph) {
    const test = (rule) => 'combinator' in rule ? matches(entity, rule, graph) : rule.operator === 'relatedTo' ? relatedTo(entity, rule, graph) : compareRule(entity, rule);
    return query.combinator === 'and' ? query.rules.every(test) : query.rules.some(test);
}

;// CONCATENATED MODULE: ./src/sandbox/entities.ts



const entities_isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const entities_isString = (value) => typeof value === 'string';
/** The entity identifier pattern of create-an-entity.json (it also allows `\` and `/`). */
const ENTITY_ID = /^(?!\.{1,2}$)[\p{L}0-9@_.+:\\/=-]+$/u;
const isEntityId = (value) => typeof value === 'string' && value.length <= 1000 && ENTITY_ID.test(value);
/** Port's blueprint identifier pattern. */
const BLUEPRINT_ID = /^[A-Za-z0-9@_=-]+$/;
const PROPERTY_TYPES = ['string', 'number', 'boolean', 'object', 'array'];
function typeOk(type, value) {
    switch (type) {
        case 'string':
            return entities_isString(value);
        case 'number':
            return typeof value === 'number';
        case 'boolean':
            return typeof value === 'boolean';
        case 'object':
            return entities_isObject(value);
        case 'array':
            return Array.isArray(value);
        default:
            return true;
    }
}
/** Reads a blueprint definition (a --blueprints file's item); throws an Error naming the problem. */
function checkBlueprintDefinition(value) {
    if (!entities_isObject(value))
        throw new Error('a blueprint must be a JSON object');
    if (!entities_isString(value.identifier) || !BLUEPRINT_ID.test(value.identifier))
        throw new Error('identifier must be a blueprint identifier (letters, digits, @ _ = -)');
    const blueprint = { identifier: value.identifier };
    if (entities_isString(value.title))
        blueprint.title = value.title;
    if (value.schema !== undefined) {
        if (!entities_isObject(value.schema))
            throw new Error('schema must be an object {"properties": {...}, "required": [...]}');
        const properties = value.schema.properties ?? {};
        if (!entities_isObject(properties))
            throw new Error('schema.properties must be an object');
        for (const [name, property] of Object.entries(properties)) {
            if (!entities_isObject(property))
                throw new Error(`schema.properties.${name} must be an object`);
            if (property.type !== undefined && !PROPERTY_TYPES.includes(property.type)) {
                throw new Error(`schema.properties.${name}.type must be one of ${PROPERTY_TYPES.join(', ')}`);
            }
            if (property.enum !== undefined && !Array.isArray(property.enum))
                throw new Error(`schema.properties.${name}.enum must be an array`);
        }
        const required = value.schema.required ?? [];
        if (!Array.isArray(required) || !required.every(entities_isString))
            throw new Error('schema.required must be an array of property identifiers');
        blueprint.schema = { properties: properties, required };
    }
    if (value.relations !== undefined) {
        if (!entities_isObject(value.relations))
            throw new Error('relations must be an object');
        for (const [name, relation] of Object.entries(value.relations)) {
            if (!entities_isObject(relation) || !entities_isString(relation.target) || !BLUEPRINT_ID.test(relation.target))
                throw new Error(`relations.${name}.target must be a blueprint identifier`);
            for (const flag of ['many', 'required']) {
                if (relation[flag] !== undefined && typeof relation[flag] !== 'boolean')
                    throw new Error(`relations.${name}.${flag} must be boolean`);
            }
        }
        blueprint.relations = value.relations;
    }
    return blueprint;
}
/**
 * Checks an entity body as the route schemas do. A search-query identifier, team or relation is Port's to
 * resolve against its catalogue and users, so the sandbox says it does not take one rather than store it.
 * `patch` (update-an-entity.json): title, icon and team may be null, and no other field is allowed.
 */
function checkEntityBody(body, where = 'body', patch = false) {
    if (!entities_isObject(body))
        throw invalid(`${where} must be object`);
    if (patch) {
        for (const name of Object.keys(body)) {
            if (!['identifier', 'title', 'icon', 'team', 'properties', 'relations'].includes(name))
                throw invalid(`${where} must NOT have additional property '${name}'`);
        }
    }
    if (body.identifier !== undefined && !isEntityId(body.identifier)) {
        if (entities_isObject(body.identifier))
            throw invalid(`${where}/identifier: a search-query identifier is not supported by the port-ci sandbox`);
        if (entities_isString(body.identifier) && body.identifier.length > 1000)
            throw invalid(`${where}/identifier must NOT have more than 1000 characters`);
        throw invalid(`${where}/identifier must match pattern "${ENTITY_ID.source}"`);
    }
    for (const name of ['title', 'icon']) {
        if (body[name] !== undefined && typeof body[name] !== 'string' && !(patch && body[name] === null))
            throw invalid(`${where}/${name} must be string${patch ? ' or null' : ''}`);
    }
    const team = body.team;
    if (team !== undefined && typeof team !== 'string' && !(Array.isArray(team) && team.every(entities_isString)) && !(patch && team === null)) {
        throw invalid(`${where}/team must be string or array of strings${entities_isObject(team) ? ' (a search-query team is not supported by the port-ci sandbox)' : ''}`);
    }
    if (body.properties !== undefined && !entities_isObject(body.properties))
        throw invalid(`${where}/properties must be object`);
    if (body.relations !== undefined) {
        if (!entities_isObject(body.relations))
            throw invalid(`${where}/relations must be object`);
        for (const [name, target] of Object.entries(body.relations)) {
            const ok = target === null || isEntityId(target) || (Array.isArray(target) && target.every(isEntityId));
            if (!ok)
                throw invalid(`${where}/relations/${name} must be an entity identifier, an array of them, or null${entities_isObject(target) ? ' (a search-query relation is not supported by the port-ci sandbox)' : ''}`);
        }
    }
    return body;
}
/** Port's bulk limits (create-multiple-entities.json). */
const BULK_MIN = 1;
const BULK_MAX = 20;
/** The page size limits and default of search-a-blueprints-entities.json. */
const SEARCH_LIMIT = { min: 1, max: 1000, default: 200 };
const META_FIELDS = {
    $identifier: 'identifier',
    $title: 'title',
    $icon: 'icon',
    $blueprint: 'blueprint',
    $team: 'team',
    $createdAt: 'createdAt',
    $createdBy: 'createdBy',
    $updatedAt: 'updatedAt',
    $updatedBy: 'updatedBy',
};
/**
 * An entity with only the `include` paths (`identifier`, `properties.tier`), then without the `exclude` ones:
 * the include/exclude of GET and POST /v1/entities/search.
 */
function project(entity, include, exclude) {
    let shown = structuredClone(entity);
    if (include) {
        const kept = {};
        for (const path of include) {
            const parts = path.split('.');
            let value = shown;
            for (const part of parts)
                value = entities_isObject(value) && Object.hasOwn(value, part) ? value[part] : undefined;
            if (value === undefined)
                continue;
            let into = kept;
            for (const part of parts.slice(0, -1))
                into = (into[part] = entities_isObject(into[part]) ? into[part] : {});
            into[parts.at(-1)] = value;
        }
        shown = kept;
    }
    for (const path of exclude ?? []) {
        const parts = path.split('.');
        let from = shown;
        for (const part of parts.slice(0, -1))
            from = entities_isObject(from) ? from[part] : undefined;
        if (entities_isObject(from))
            delete from[parts.at(-1)];
    }
    return shown;
}
/** A blueprint search's include/exclude name properties, relations and `$meta` fields; as paths of the entity. */
function searchPaths(names) {
    return names?.flatMap((name) => (META_FIELDS[name] !== undefined ? [META_FIELDS[name]] : [`properties.${name}`, `relations.${name}`]));
}
/** The opaque `next` of a blueprint search: where the page ended, in the search's order (by identifier). */
function cursor(after) {
    return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');
}
function readCursor(from) {
    try {
        const value = JSON.parse(Buffer.from(from, 'base64url').toString('utf8'));
        if (entities_isObject(value) && entities_isString(value.after) && cursor(value.after) === from)
            return value.after;
    }
    catch {
        // refused below
    }
    throw invalid(`body/from is not a cursor this sandbox gave: pass the "next" of the previous page as it was`);
}
const byIdentifier = (a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0);
/** The entities and blueprints of one sandbox. */
class EntityStore {
    by;
    #entities = new Map();
    #declared = new Map();
    /** `by`: the client id shown as createdBy/updatedBy. */
    constructor(by) {
        this.by = by;
    }
    /** How many entities there are, in all blueprints. */
    get size() {
        let size = 0;
        for (const entities of this.#entities.values())
            size += entities.size;
        return size;
    }
    get(blueprint, identifier) {
        return this.#entities.get(blueprint)?.get(identifier);
    }
    /** Every entity, blueprint by blueprint in the order they came to exist (declared ones first), each in identifier order. */
    *all() {
        for (const blueprint of this.blueprints())
            yield* [...(this.#entities.get(blueprint)?.values() ?? [])].sort(byIdentifier);
    }
    /** Blueprints that exist: declared, or holding (or having held) an entity. */
    blueprints() {
        return [...new Set([...this.#declared.keys(), ...this.#entities.keys()])];
    }
    /** Declares (or replaces) a blueprint; throws an Error naming what is wrong with it. */
    declare(definition) {
        const blueprint = checkBlueprintDefinition(definition);
        this.#declared.set(blueprint.identifier, blueprint);
        return blueprint;
    }
    entity(blueprint, identifier) {
        this.#requireBlueprint(blueprint, false);
        const entity = this.get(blueprint, identifier);
        if (!entity)
            throw new HttpError(404, 'not_found', `Entity with identifier "${identifier}" of blueprint "${blueprint}" was not found`);
        return entity;
    }
    relationTarget(blueprint, relation) {
        return this.#declared.get(blueprint)?.relations?.[relation]?.target ?? relation;
    }
    relationRequired(blueprint, relation) {
        return this.#declared.get(blueprint)?.relations?.[relation]?.required ?? false;
    }
    /** A 404 for a blueprint that does not exist; a write may create one while none is declared. */
    #requireBlueprint(blueprint, writing) {
        if (this.#declared.has(blueprint) || this.#entities.has(blueprint))
            return;
        if (writing && this.#declared.size === 0)
            return;
        throw new HttpError(404, 'not_found', `Blueprint with identifier "${blueprint}" was not found`);
    }
    /** Port's checks of an entity against its declared blueprint (a blueprint not declared checks nothing). */
    #checkBlueprint(entity, where) {
        const definition = this.#declared.get(entity.blueprint);
        const bp = `blueprint "${entity.blueprint}"`;
        if (definition?.schema) {
            const { properties, required } = definition.schema;
            for (const [name, value] of Object.entries(entity.properties)) {
                const property = properties[name];
                if (!property)
                    throw invalid(`${where}/properties must NOT have additional property '${name}' (${bp} does not declare it)`);
                if (value === null)
                    continue;
                if (!typeOk(property.type, value))
                    throw invalid(`${where}/properties/${name} must be ${property.type} (as ${bp} declares it)`);
                if (property.enum && !property.enum.some((each) => each === value)) {
                    throw invalid(`${where}/properties/${name} must be equal to one of the allowed values (${property.enum.map(String).join(', ')})`);
                }
            }
            for (const name of required) {
                if (entity.properties[name] === undefined || entity.properties[name] === null)
                    throw invalid(`${where}/properties must have required property '${name}' (${bp} requires it)`);
            }
        }
        if (definition?.relations) {
            for (const [name, value] of Object.entries(entity.relations)) {
                const relation = definition.relations[name];
                if (!relation)
                    throw invalid(`${where}/relations must NOT have additional property '${name}' (${bp} does not declare that relation)`);
                if (value === null)
                    continue;
                if (relation.many && !Array.isArray(value))
                    throw invalid(`${where}/relations/${name} must be array (relation "${name}" of ${bp} is many)`);
                if (!relation.many && !entities_isString(value))
                    throw invalid(`${where}/relations/${name} must be string or null (relation "${name}" of ${bp} is not many)`);
            }
            for (const [name, relation] of Object.entries(definition.relations)) {
                if (relation.required && relationTargets(entity.relations[name]).length === 0)
                    throw invalid(`${where}/relations must have required property '${name}' (${bp} requires it)`);
            }
        }
    }
    /**
     * The related entities named by the relations a write gives that do not exist, each with the blueprint its
     * relation points at. Relations a merge keeps were checked when they were written (or came with the catalogue
     * loaded at start, which may name entities it does not hold).
     */
    #missingRelated(entity, given) {
        const missing = [];
        for (const [relation, value] of Object.entries(given)) {
            const blueprint = this.relationTarget(entity.blueprint, relation);
            for (const identifier of relationTargets(value)) {
                const self = blueprint === entity.blueprint && identifier === entity.identifier;
                if (!self && !this.get(blueprint, identifier) && !missing.some((each) => each.blueprint === blueprint && each.identifier === identifier)) {
                    missing.push({ blueprint, identifier, relation });
                }
            }
        }
        return missing;
    }
    #record(blueprint, fields, existing) {
        const now = new Date().toISOString();
        const entity = {
            identifier: fields.identifier,
            blueprint,
            team: fields.team ?? [],
            properties: fields.properties ?? {},
            relations: fields.relations ?? {},
            createdAt: existing?.createdAt ?? now,
            createdBy: existing?.createdBy ?? this.by,
            updatedAt: now,
            updatedBy: this.by,
        };
        if (entities_isString(fields.title))
            entity.title = fields.title;
        if (entities_isString(fields.icon))
            entity.icon = fields.icon;
        return entity;
    }
    /**
     * Checks `entity` against its blueprint, and the relations `given` against the catalogue, then (unless
     * validationOnly) stores it and the bare entities those relations need. `trusted`: a catalogue loaded at start, whose relations may point at entities it
     * does not hold, as an export of one blueprint would.
     */
    #commit(entity, given, created, options, where, trusted = false) {
        this.#checkBlueprint(entity, where);
        const missing = trusted ? [] : this.#missingRelated(entity, given.relations ?? {});
        if (options.createMissingRelated)
            for (const { blueprint } of missing)
                this.#requireBlueprint(blueprint, true);
        else if (missing.length > 0) {
            const { blueprint, identifier, relation } = missing[0];
            throw new HttpError(404, 'not_found', `Related entity with identifier "${identifier}" of blueprint "${blueprint}" (relation "${relation}" of entity "${entity.identifier}") was not found; create it first, or write with create_missing_related_entities=true`);
        }
        const related = missing.map(({ blueprint, identifier }) => this.#record(blueprint, { identifier }, undefined));
        if (!options.validationOnly)
            for (const each of [entity, ...related])
                this.#store(each);
        return { entity, created, related };
    }
    #store(entity) {
        let entities = this.#entities.get(entity.blueprint);
        if (!entities)
            this.#entities.set(entity.blueprint, (entities = new Map()));
        entities.set(entity.identifier, entity);
    }
    /**
     * POST /v1/blueprints/{bp}/entities: creates the entity, or with upsert replaces it (merge: properties and
     * relations key by key, other fields given replace theirs). Without upsert an existing entity is a 409.
     * An entity given no identifier is named `e_...`, as Port names one.
     */
    write(blueprint, body, options, where = 'body', trusted = false) {
        // A catalogue loaded at start brings its blueprints with it.
        if (!trusted)
            this.#requireBlueprint(blueprint, true);
        const given = checkEntityBody(body, where);
        const identifier = given.identifier ?? `e_${(0,external_node_crypto_.randomBytes)(12).toString('base64url')}`;
        const existing = this.get(blueprint, identifier);
        if (existing && !options.upsert) {
            throw new HttpError(409, 'identifier_taken', `Entity with identifier "${identifier}" of blueprint "${blueprint}" already exists; write with upsert=true to replace it`);
        }
        const base = existing && options.merge ? existing : undefined;
        const fields = {
            identifier,
            title: given.title ?? base?.title,
            icon: given.icon ?? base?.icon,
            team: given.team ?? base?.team,
            properties: { ...base?.properties, ...given.properties },
            relations: { ...base?.relations, ...given.relations },
        };
        return this.#commit(this.#record(blueprint, fields, existing), given, existing === undefined, options, where, trusted);
    }
    /** PUT (change-an-entity.json, `patch` false: the entity replaced) and PATCH (update-an-entity.json: merged). */
    change(blueprint, identifier, body, patch, options) {
        const existing = this.entity(blueprint, identifier);
        const given = checkEntityBody(body, 'body', patch);
        if (given.identifier !== undefined && given.identifier !== identifier) {
            throw invalid(`body/identifier "${String(given.identifier)}" differs from the path's "${identifier}": renaming an entity is not supported by the port-ci sandbox`);
        }
        const base = patch ? existing : {};
        // PATCH: a null title, icon or team clears it; an absent one keeps it.
        const pick = (name) => (given[name] === null ? undefined : (given[name] ?? base[name]));
        const fields = {
            identifier,
            title: pick('title'),
            icon: pick('icon'),
            team: pick('team'),
            properties: { ...base.properties, ...given.properties },
            relations: { ...base.relations, ...given.relations },
        };
        return this.#commit(this.#record(blueprint, fields, existing), given, false, { validationOnly: false, ...options }, 'body');
    }
    /** The entities whose relations point at this one. */
    #dependents(entity) {
        return [...this.all()].filter((other) => other !== entity &&
            Object.entries(other.relations).some(([relation, value]) => this.relationTarget(other.blueprint, relation) === entity.blueprint && relationTargets(value).includes(entity.identifier)));
    }
    /**
     * DELETE: an entity others relate to is kept unless `deleteDependents`, which deletes them too (and theirs).
     * Returns every entity deleted, the one asked for first. (*unverified*: Port's status for the refusal is not
     * published; 422 is what its other refusals of a valid request use.)
     */
    delete(blueprint, identifier, deleteDependents) {
        const entity = this.entity(blueprint, identifier);
        const dependents = this.#dependents(entity);
        if (dependents.length > 0 && !deleteDependents) {
            const named = dependents.slice(0, 5).map((each) => `"${each.identifier}" of blueprint "${each.blueprint}"`);
            throw invalid(`Entity "${identifier}" of blueprint "${blueprint}" has ${dependents.length} dependent entit${dependents.length === 1 ? 'y' : 'ies'} (${named.join(', ')}${dependents.length > 5 ? ', ...' : ''}); delete with delete_dependents=true to delete them too`);
        }
        const deleted = [];
        const queue = [entity];
        while (queue.length > 0) {
            const next = queue.shift();
            if (deleted.includes(next))
                continue;
            deleted.push(next);
            queue.push(...this.#dependents(next));
        }
        for (const each of deleted)
            this.#entities.get(each.blueprint)?.delete(each.identifier);
        return deleted;
    }
    /**
     * POST .../entities/bulk: the body is checked whole, as the route schema does (1 to 20 entities, each of the
     * right shape, else a 422 and nothing written); then each entity is written on its own, in order, and one
     * refused (taken without upsert, a missing related entity, its blueprint's rules) is listed among the errors
     * with Port's status, nothing of it written. 200 when every entity was written, 207 Multi-Status otherwise.
     */
    bulk(blueprint, body, options) {
        if (!entities_isObject(body))
            throw invalid('body must be object');
        if (!Object.hasOwn(body, 'entities'))
            throw invalid("body must have required property 'entities'");
        for (const name of Object.keys(body))
            if (name !== 'entities')
                throw invalid(`body must NOT have additional property '${name}'`);
        const list = body.entities;
        if (!Array.isArray(list))
            throw invalid('body/entities must be array');
        if (list.length < BULK_MIN)
            throw invalid(`body/entities must NOT have fewer than ${BULK_MIN} items`);
        if (list.length > BULK_MAX)
            throw invalid(`body/entities must NOT have more than ${BULK_MAX} items (${list.length} given: send them in calls of ${BULK_MAX})`);
        list.forEach((entity, index) => checkEntityBody(entity, `body/entities/${index}`));
        this.#requireBlueprint(blueprint, true);
        const result = { status: 200, answer: { ok: true, entities: [], errors: [] }, written: [] };
        list.forEach((entity, index) => {
            try {
                const written = this.write(blueprint, entity, options, `body/entities/${index}`);
                result.written.push(written);
                result.answer.entities.push({ created: written.created, identifier: written.entity.identifier, index });
            }
            catch (error) {
                if (!(error instanceof HttpError))
                    throw error;
                // An entity given no identifier has none to name; Port's answer says "unknown" then.
                result.answer.errors.push({ identifier: entity.identifier ?? 'unknown', index, statusCode: error.status, error: error.error, message: error.message });
            }
        });
        if (result.answer.errors.length > 0) {
            // *unverified*: the 207's `ok` is typed boolean only; false says "not everything was written".
            result.status = 207;
            result.answer.ok = false;
        }
        return result;
    }
    /** POST /v1/entities/search: every entity of any blueprint that answers the query (one answer, no pages). */
    search(body, include, exclude) {
        const query = checkQuery(body, 'body');
        const found = [...this.all()].filter((entity) => matches(entity, query, this));
        return { entities: found.map((entity) => project(entity, include, exclude)), matchingBlueprints: [...new Set(found.map((entity) => entity.blueprint))] };
    }
    /**
     * POST /v1/blueprints/{bp}/entities/search: one page of the blueprint's entities that answer the query, in
     * identifier order, `limit` to a page (1 to 1000, default 200), and `next` while more remain: pass it back as
     * `from` for the next page. Entities written meanwhile appear on a later page when they sort after it.
     */
    searchBlueprint(blueprint, body) {
        this.#requireBlueprint(blueprint, false);
        const request = body ?? {};
        if (!entities_isObject(request))
            throw invalid('body must be object');
        for (const name of Object.keys(request)) {
            if (!['query', 'include', 'exclude', 'limit', 'from'].includes(name))
                throw invalid(`body must NOT have additional property '${name}'`);
        }
        const query = request.query === undefined ? undefined : checkQuery(request.query, 'body/query');
        for (const name of ['include', 'exclude']) {
            if (request[name] !== undefined && !(Array.isArray(request[name]) && request[name].every(entities_isString)))
                throw invalid(`body/${name} must be array of strings`);
        }
        const limit = request.limit ?? SEARCH_LIMIT.default;
        if (typeof limit !== 'number' || limit < SEARCH_LIMIT.min || limit > SEARCH_LIMIT.max) {
            throw invalid(`body/limit must be a number from ${SEARCH_LIMIT.min} to ${SEARCH_LIMIT.max} (default ${SEARCH_LIMIT.default})`);
        }
        if (request.from !== undefined && !entities_isString(request.from))
            throw invalid('body/from must be string');
        const after = request.from === undefined ? undefined : readCursor(request.from);
        const page = [];
        let more = false;
        for (const entity of [...(this.#entities.get(blueprint)?.values() ?? [])].sort(byIdentifier)) {
            if (after !== undefined && entity.identifier <= after)
                continue;
            if (query && !matches(entity, query, this))
                continue;
            if (page.length === Math.floor(limit)) {
                more = true;
                break;
            }
            page.push(entity);
        }
        const include = searchPaths(request.include);
        const exclude = searchPaths(request.exclude);
        return { entities: page.map((entity) => project(entity, include, exclude)), ...(more ? { next: cursor(page.at(-1).identifier) } : {}) };
    }
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
    if (action.requiredApproval === true || definitions_isObject(action.requiredApproval))
        facts.requiredApproval = action.requiredApproval;
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
/** The action definitions of one sandbox. */
class Catalog {
    by;
    /** Definitions by identifier, as GET /v1/actions/{identifier} shows them. */
    actions = new Map();
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
/** An entity of a --entities file: an entity body with its `blueprint`, written into `store` (the check at start). */
function addEntity(store, value) {
    if (!catalog_isObject(value))
        throw new Error('an entity must be a JSON object');
    const { blueprint, ...body } = value;
    if (typeof blueprint !== 'string' || !BLUEPRINT_ID.test(blueprint))
        throw new Error('blueprint must be a blueprint identifier (letters, digits, @ _ = -)');
    if (typeof body.identifier !== 'string')
        throw new Error('identifier must be an entity identifier');
    try {
        // Loaded as a catalogue is: relations may name entities the file does not hold.
        store.write(blueprint, body, { upsert: true, merge: false, validationOnly: false, createMissingRelated: false }, 'entity', true);
    }
    catch (error) {
        throw error instanceof HttpError ? new Error(error.message.replace(/^entity\//, '')) : error;
    }
}
/**
 * Reads blueprints for `--blueprints FILE` (repeatable): one of Port's blueprint definitions or an array. What
 * the sandbox reads of one is entities.ts's to say; a UsageError names the file, the item and the problem.
 */
function loadBlueprintFiles(files) {
    const check = new EntityStore('check');
    const blueprints = [];
    for (const file of files) {
        for (const { value, where } of items(readJson('--blueprints', file), file)) {
            try {
                check.declare(value);
            }
            catch (error) {
                throw new errors/* UsageError */.eb(`${where}: not a blueprint: ${error.message}`);
            }
            blueprints.push(value);
        }
    }
    return blueprints;
}
/**
 * Reads entities for `--entities FILE` (repeatable): one entity or an array, each with its `blueprint`, as
 * `port-ci dispatch --entity @FILE` takes them. The check is the one a sandbox makes of them at start (against
 * `blueprints` when given); a later entity with the same blueprint and identifier replaces an earlier one, as an
 * upsert does.
 */
function loadEntityFiles(files, blueprints = []) {
    const check = new EntityStore('check');
    for (const blueprint of blueprints)
        check.declare(blueprint);
    const entities = [];
    for (const file of files) {
        for (const { value, where } of items(readJson('--entities', file), file)) {
            try {
                addEntity(check, value);
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
;// CONCATENATED MODULE: ./src/sandbox/entity-routes.ts


const decode = (encoded, what) => {
    try {
        return decodeURIComponent(encoded);
    }
    catch {
        throw new HttpError(404, 'not_found', `${what} with identifier "${encoded}" was not found`);
    }
};
/** The query of the write routes (create-an-entity.json and siblings); each absent flag is its schema default, false. */
function writeOptions(query) {
    return {
        upsert: queryBoolean(query, 'upsert', false),
        merge: queryBoolean(query, 'merge', false),
        validationOnly: queryBoolean(query, 'validation_only', false),
        createMissingRelated: queryBoolean(query, 'create_missing_related_entities', false),
    };
}
/** include/exclude and the flags of GET and POST /v1/entities/search; a flag whose answer the sandbox cannot give is refused. */
function readOptions(query, flags) {
    for (const flag of flags)
        queryBoolean(query, flag);
    // The sandbox has no calculated or mirror properties and no failing blueprints: those flags change nothing here.
    if (queryBoolean(query, 'attach_title_to_relation') === true) {
        throw invalid('querystring/attach_title_to_relation: true is not supported by the port-ci sandbox; read the related entities instead');
    }
    return { include: queryList(query, 'include'), exclude: queryList(query, 'exclude') };
}
const READ_FLAGS = ['exclude_calculated_properties', 'attach_title_to_relation', 'attach_identifier_to_title_mirror_properties'];
/**
 * The run a write names with `run_id`, checked before anything is written: it must exist and be IN_PROGRESS.
 * (*unverified*: Port's docs say tying is possible only then, not how it refuses; this refuses the write, so a
 * job never believes it recorded what Port would not list.)
 */
function runOf(query, context) {
    const id = query.get('run_id');
    if (id === null)
        return undefined;
    const run = context.findRun(id);
    if (run.status === 'WAITING_FOR_APPROVAL')
        throw invalid(`querystring/run_id: run "${id}" is waiting for approval; entities can be tied to a run only while it is IN_PROGRESS`);
    if (run.status !== 'IN_PROGRESS') {
        throw new HttpError(422, 'run_exhausted', `querystring/run_id: run "${id}" has ended with status ${run.status}; entities can be tied to a run only while it is IN_PROGRESS`);
    }
    return run;
}
/** Lists what a write did among the run's affected entities; an entity met again keeps its place and first change. */
function affect(run, changes, context) {
    if (!run || changes.length === 0)
        return;
    const list = (run.entities ??= []);
    for (const { entity, change } of changes) {
        const known = list.find((each) => each.blueprint === entity.blueprint && each.identifier === entity.identifier);
        const shown = { blueprint: entity.blueprint, identifier: entity.identifier, change };
        if (entity.title !== undefined)
            shown.title = entity.title;
        if (!known)
            list.push(shown);
        else {
            if (entity.title !== undefined)
                known.title = entity.title;
            if (change === 'deleted' || known.change === 'deleted')
                known.change = change === 'deleted' ? 'deleted' : 'updated';
        }
    }
    run.updatedAt = new Date().toISOString();
    context.touch(run);
}
const changesOf = (written) => written.flatMap(({ entity, created, related }) => [
    ...related.map((each) => ({ entity: each, change: 'created' })),
    { entity, change: created ? 'created' : 'updated' },
]);
/** Serves an entity route, or returns undefined when the request is not one. */
function routeEntities(method, path, query, body, context) {
    const { store } = context;
    if (path === '/v1/entities/search' && method === 'POST') {
        context.authorize();
        const { include, exclude } = readOptions(query, [...READ_FLAGS, 'allow_partial_results']);
        return [200, { ok: true, ...store.search(body, include, exclude) }];
    }
    const collection = /^\/v1\/blueprints\/([^/]+)\/entities(?:\/(bulk|search))?$/.exec(path);
    if (collection && method === 'POST') {
        context.authorize();
        const blueprint = decode(collection[1], 'Blueprint');
        if (collection[2] === 'search')
            return [200, { ok: true, ...store.searchBlueprint(blueprint, body) }];
        const options = writeOptions(query);
        const run = runOf(query, context);
        if (collection[2] === 'bulk') {
            const { status, answer, written } = store.bulk(blueprint, body, options);
            if (!options.validationOnly)
                affect(run, changesOf(written), context);
            return [status, answer];
        }
        const written = store.write(blueprint, body, options);
        if (!options.validationOnly)
            affect(run, changesOf([written]), context);
        return [201, { ok: true, entity: written.entity }];
    }
    const one = /^\/v1\/blueprints\/([^/]+)\/entities\/([^/]+)$/.exec(path);
    if (one && ['GET', 'PUT', 'PATCH', 'DELETE'].includes(method)) {
        context.authorize();
        const blueprint = decode(one[1], 'Blueprint');
        const identifier = decode(one[2], 'Entity');
        if (method === 'GET') {
            const { include, exclude } = readOptions(query, READ_FLAGS);
            return [200, { ok: true, entity: project(store.entity(blueprint, identifier), include, exclude) }];
        }
        if (method === 'DELETE') {
            const deleteDependents = queryBoolean(query, 'delete_dependents', false);
            const run = runOf(query, context);
            const deleted = store.delete(blueprint, identifier, deleteDependents);
            affect(run, deleted.map((entity) => ({ entity, change: 'deleted' })), context);
            return [200, { ok: true }];
        }
        const createMissingRelated = queryBoolean(query, 'create_missing_related_entities', false);
        const run = runOf(query, context);
        const written = store.change(blueprint, identifier, body, method === 'PATCH', { createMissingRelated });
        affect(run, changesOf([written]), context);
        return [200, { ok: true, entity: written.entity }];
    }
    return undefined;
}

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
 * limit, as Port's does, so a client's back-off reads real headers; `rate` are the rate-limit headers the
 * request would have had.
 */
function faultError(status, rate) {
    const error = (external_node_http_.STATUS_CODES[status] ?? `status ${status}`).toLowerCase().replace(/[^a-z0-9]+/g, '_');
    const message = `Injected by port-ci sandbox: ${status} ${external_node_http_.STATUS_CODES[status] ?? ''}`.trim();
    const headers = status === 429 ? { ...rate, 'retry-after': '1', 'x-ratelimit-remaining': '0' } : {};
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
/** The CSS class of a status badge (the script uses the same three): a declined run ended as a failure does. */
function statusClass(status) {
    return status === 'SUCCESS' ? 'success' : status === 'FAILURE' || status === 'DECLINED' ? 'failure' : 'running';
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

;// CONCATENATED MODULE: ./src/sandbox/rate-limit.ts

const REPORTED = { limit: 1000, periodSeconds: 60 };
class RateLimiter {
    #options;
    #enforced;
    #start;
    #window = 0;
    #count = 0;
    /** Throws a RangeError for a limit or period below 1 or not whole. */
    constructor(options, now = Date.now()) {
        if (options) {
            for (const [name, value] of Object.entries(options)) {
                if (!Number.isSafeInteger(value) || value < 1)
                    throw new RangeError(`rateLimit.${name}: expected a whole number from 1, got ${value}`);
            }
        }
        this.#options = options ?? REPORTED;
        this.#enforced = options !== undefined;
        this.#start = now;
    }
    /**
     * Counts one request and answers the headers for it, and whether it is over the limit (only when one is set).
     */
    take(now = Date.now()) {
        const periodMs = this.#options.periodSeconds * 1000;
        const window = Math.floor((now - this.#start) / periodMs);
        if (window !== this.#window)
            [this.#window, this.#count] = [window, 0];
        this.#count += 1;
        const resetSeconds = Math.max(1, Math.ceil((this.#start + (window + 1) * periodMs - now) / 1000));
        return {
            headers: {
                'x-ratelimit-limit': String(this.#options.limit),
                'x-ratelimit-remaining': String(Math.max(0, this.#options.limit - this.#count)),
                'x-ratelimit-reset': String(resetSeconds),
                'x-ratelimit-period': String(this.#options.periodSeconds),
            },
            limited: this.#enforced && this.#count > this.#options.limit,
        };
    }
}
/** Port's answer past the limit; `headers` are the ones take() gave for this request. */
function rateLimited(headers) {
    const limit = headers['x-ratelimit-limit'];
    const period = headers['x-ratelimit-period'];
    const reset = headers['x-ratelimit-reset'];
    return new HttpError(429, 'too_many_requests', `Rate limit exceeded: ${limit} requests every ${period} s; retry in ${reset} s`, { 'retry-after': reset });
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/sandbox/store.ts



/** A run that can still change: its page keeps polling, and a job may still report to it. */
function isActive(status) {
    return status === 'IN_PROGRESS' || status === 'WAITING_FOR_APPROVAL';
}
const STATUSES = ['IN_PROGRESS', 'SUCCESS', 'FAILURE', 'WAITING_FOR_APPROVAL', 'DECLINED'];
const CHANGES = [undefined, 'created', 'updated', 'deleted'];
function looksLikeRun(value) {
    const run = value;
    return (typeof run === 'object' &&
        run !== null &&
        typeof run.id === 'string' &&
        STATUSES.includes(run.status) &&
        Array.isArray(run.logs) &&
        run.logs.every((log) => typeof log === 'object' && log !== null && typeof log.message === 'string') &&
        (run.entities === undefined ||
            (Array.isArray(run.entities) &&
                run.entities.every((entity) => typeof entity?.blueprint === 'string' &&
                    typeof entity.identifier === 'string' &&
                    (entity.title === undefined || typeof entity.title === 'string') &&
                    CHANGES.includes(entity.change)))));
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
    const live = newest && isActive(run.status);
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
/** An affected entity: its title when it has one, its identifier, its blueprint and what the run did to it. */
function renderEntity(entity) {
    const title = entity.title === undefined ? '' : `${escapeHtml(entity.title)} `;
    const about = entity.change === undefined ? entity.blueprint : `${entity.blueprint}, ${entity.change}`;
    return `${title}<code>${escapeHtml(entity.identifier)}</code> <span class="muted">(${escapeHtml(about)})</span>`;
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
    return status === 'SUCCESS' ? 'success' : status === 'FAILURE' || status === 'DECLINED' ? 'failure' : 'running';
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
        var parts = entity.title === undefined ? [] : [document.createTextNode(entity.title + ' ')];
        var about = entity.change === undefined ? entity.blueprint : entity.blueprint + ', ' + entity.change;
        return parts.concat([node('code', '', entity.identifier), document.createTextNode(' '), node('span', 'muted', '(' + about + ')')]);
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
        if (answer.run.status !== 'IN_PROGRESS' && answer.run.status !== 'WAITING_FOR_APPROVAL') {
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
/** The query limits of get-all-action-runs.json. */
const RUNS_LIMIT = { min: 1, max: 1000 };
/** The `format: email` of run_as, as Ajv's formats check it (one @, no spaces). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
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
    const limiter = new RateLimiter(options.rateLimit);
    const catalog = new Catalog(clientId);
    const entities = new EntityStore(clientId);
    const preload = (kind, add) => (options[kind] ?? []).forEach((value, index) => {
        try {
            add(value);
        }
        catch (error) {
            throw new errors/* UsageError */.eb(`${kind}[${index}]: ${error.message}`);
        }
    });
    preload('actions', (value) => catalog.addAction(value));
    preload('blueprints', (value) => entities.declare(value));
    preload('entities', (value) => addEntity(entities, value));
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
        const requiredApproval = fields.action ? catalog.facts(fields.action)?.requiredApproval : undefined;
        const status = requiredApproval ? 'WAITING_FOR_APPROVAL' : 'IN_PROGRESS';
        const run = { id, action: fields.action ?? null, status, createdAt: now, updatedAt: now, logs: [] };
        if (requiredApproval)
            run.requiredApproval = requiredApproval;
        if (fields.properties !== undefined)
            run.properties = fields.properties;
        if (fields.entity !== undefined)
            run.entity = fields.entity;
        if (fields.runAs !== undefined)
            run.runAs = fields.runAs;
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
    /**
     * A run ends once: by a log's terminationStatus or a PATCHed status. One waiting for approval may be ended
     * too (reflect-action-progress: setting FAILURE withdraws the request).
     */
    function end(run, status, now) {
        if (!isActive(run.status))
            throw new HttpError(422, 'run_exhausted', `The run has already ended with status ${run.status}`);
        run.status = status;
        run.endedAt = now;
    }
    /**
     * A run as Port's API shows it: the action, blueprint and entity as objects (titled when known), without the
     * logs. Its affected entities are not among its fields, as in Port's schemas: the run's page lists them.
     */
    function runView(run) {
        const facts = run.action === null ? undefined : catalog.facts(run.action);
        const entity = run.entity === undefined || facts?.blueprint === undefined ? undefined : entities.get(facts.blueprint, run.entity);
        return {
            id: run.id,
            // Port always names the action; a run seeded by id alone has none to name.
            action: { identifier: run.action ?? 'unknown', title: facts?.title },
            blueprint: facts?.blueprint === undefined ? undefined : { identifier: facts.blueprint },
            entity: run.entity === undefined ? undefined : { identifier: run.entity, title: entity?.title },
            properties: run.properties ?? {},
            requiredApproval: run.requiredApproval ?? false,
            approval: run.approval,
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
     * GET /v1/actions/runs: the runs that match every filter given (get-all-action-runs.json), newest first, at
     * most `limit` (without one, all: Port's default is not published). `active`: true keeps the runs that can
     * still change (IN_PROGRESS or WAITING_FOR_APPROVAL), false the ended ones. `user_email` matches a run created
     * with run_as, `user_id` the client that created it; every run here came through the API (`source`).
     */
    function listRuns(query) {
        const text = (name) => query.get(name) ?? undefined;
        const [externalRunId, action, entity, blueprint, userEmail, userId] = ['external_run_id', 'action', 'entity', 'blueprint', 'user_email', 'user_id'].map(text);
        const active = queryBoolean(query, 'active');
        const limit = queryNumber(query, 'limit', RUNS_LIMIT);
        const exclude = queryList(query, 'exclude') ?? [];
        const sources = queryList(query, 'source', ['UI', 'API', 'AUTOMATION']);
        queryList(query, 'version', ['v1', 'v2']);
        const found = ui.ordered().filter((run) => (externalRunId === undefined || run.externalRunId === externalRunId) &&
            (action === undefined || run.action === action) &&
            (entity === undefined || run.entity === entity) &&
            (blueprint === undefined || (run.action !== null && catalog.facts(run.action)?.blueprint === blueprint)) &&
            (userEmail === undefined || run.runAs === userEmail) &&
            (userId === undefined || userId === clientId) &&
            (active === undefined || isActive(run.status) === active) &&
            (sources === undefined || sources.includes('API')));
        return found.slice(0, limit).map((run) => {
            const view = runView(run);
            for (const field of exclude)
                delete view[field];
            return view;
        });
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
            if (!isActive(run.status))
                throw new HttpError(422, 'run_exhausted', `The run has already ended with status ${run.status}`);
            // Nothing runs before the approval, so nothing has anything to log (*unverified*: Port's answer is not published).
            if (run.status === 'WAITING_FOR_APPROVAL')
                throw invalid(`Run "${run.id}" is waiting for approval; it takes logs once approved (PATCH /v1/actions/runs/${run.id}/approval)`);
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
        if (path === '/v1/actions/runs' && method === 'GET') {
            authorize(headers);
            return [200, { ok: true, runs: listRuns(url.searchParams) }];
        }
        const approval = /^\/v1\/actions\/runs\/([^/]+)\/approval$/.exec(path);
        if (approval && method === 'PATCH') {
            authorize(headers);
            queryList(url.searchParams, 'version', ['v1', 'v2']);
            const decision = checkBody(body, APPROVAL_BODY);
            const run = findRun(pathId(approval[1]));
            // *unverified*: Port's wording and status for a run that is not waiting are not published; 422 is what its other refusals use.
            if (run.status !== 'WAITING_FOR_APPROVAL')
                throw invalid(`Run "${run.id}" is not waiting for approval (its status is ${run.status}); only a run of an action with requiredApproval waits for one`);
            const approved = decision.status === 'APPROVE';
            run.approval = { state: approved ? 'APPROVED' : 'DECLINED', userId: clientId, ...(decision.description === undefined ? {} : { description: decision.description }) };
            run.status = approved ? 'IN_PROGRESS' : 'DECLINED';
            if (!approved)
                run.endedAt = now;
            run.updatedAt = now;
            touch(run);
            // 201, as approve-an-action-run.json documents.
            return [201, { ok: true, run: runView(run) }];
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
            const runAs = url.searchParams.get('run_as') ?? undefined;
            if (runAs !== undefined && !EMAIL.test(runAs))
                throw invalid('querystring/run_as must match format "email"');
            const action = pathId(execute[1], 'Action');
            checkRunnable(action, request.entity);
            const run = addRun(newRunId(), {
                action,
                properties: request.properties,
                entity: request.entity,
                runAs,
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
        // GET /v1/actions/runs is Port's list of runs (served above), not an action named "runs".
        if (actionPath && actionPath[1] !== 'runs' && method === 'GET') {
            authorize(headers);
            // get-an-action-automation.json publishes no 200 body; Port answers {ok, action}, as {ok, run} and {ok, entity}.
            return [200, { ok: true, action: catalog.action(pathId(actionPath[1], 'Action')) }];
        }
        const entityAnswer = routeEntities(method, path, url.searchParams, body, { store: entities, authorize: () => authorize(headers), findRun: (id) => findRun(id), touch });
        if (entityAnswer)
            return entityAnswer;
        if (path === '/v1/kafka-credentials' && method === 'GET') {
            authorize(headers);
            if (!kafkaCredentials)
                throw new HttpError(404, 'not_found', 'This organization has no Kafka credentials: start the sandbox with kafkaCredentials');
            return [200, { ok: true, credentials: { brokers: [...kafkaCredentials.brokers], username: kafkaCredentials.username, password: kafkaCredentials.password } }];
        }
        throw new HttpError(404, 'not_found', `Route ${method} ${path} not found`);
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
        const { headers: rate, limited } = limiter.take();
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
                throw faultError(fault.status, rate);
            if (limited)
                throw rateLimited(rate);
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
            return run.entity === undefined || blueprint === undefined ? undefined : entities.get(blueprint, run.entity)?.title;
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
        entities,
        addAction: (definition) => void catalog.addAction(definition),
        addEntity: (entity) => addEntity(entities, entity),
        addBlueprint: (blueprint) => void entities.declare(blueprint),
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






const usage = `Usage: port-ci sandbox [--port N] [--data FILE] [--latency MS] [--rate-limit N/S] [--fail-every N[:CODE]]
                       [--drop-every N] [--lose-answer-every N] [--stall-every N:MS] [--token-ttl S] [--run ID]...
                       [--client-id ID] [--actions FILE_OR_DIR]... [--blueprints FILE]... [--entities FILE]...
                       [--gitlab-trigger DIR]

Runs a local Port API on 127.0.0.1 for trying jobs and the port-ci steps without a Port account. It serves the
token, run and run-log operations, runs of actions (execute, GET /v1/actions/runs with its filters, approval),
action definitions (GET and POST /v1/actions, GET /v1/actions/{identifier}) and the catalogue: entities per
blueprint (create, upsert, merge, bulk, get, PUT, PATCH, delete, with run_id tying them to a run) and both
searches (POST /v1/entities/search, and POST /v1/blueprints/{bp}/entities/search a page at a time). It refuses
every request Port would refuse (with Port's error body and an X-Trace-Id header), and shows the runs at its URL
in a browser: a list of runs, and a page for each with its logs and affected entities, kept current while open.
Stop it with Ctrl-C (SIGINT) or SIGTERM; it saves the data file and exits 0.

Options:
  --port N               TCP port (default 0: any free port; the URL is printed)
  --data FILE            load runs from FILE if it exists, and save runs and logs to it after changes
  --latency MS           wait MS milliseconds before every API answer
  --rate-limit N/S       Port's rate limit: past N API requests in a period of S seconds, answer 429 with
                         retry-after until the period ends (without it the x-ratelimit-* headers report 1000 a
                         minute and nothing is refused)
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
  --blueprints FILE      blueprints that exist at start (repeatable): a JSON file holding one of Port's blueprint
                         definitions or an array; their schema (property types, enum, required) and relations
                         (target, many, required) are enforced. Once any is declared, writing to a blueprint
                         not among them (and holding no entity) is refused (404), as in Port; without any, a
                         blueprint comes to exist with its first entity
  --entities FILE        entities that exist at start (repeatable): a JSON file holding one entity or an array,
                         each with its "blueprint", as port-ci dispatch --entity @FILE takes them
  --gitlab-trigger DIR   GitLab, locally: make a run of the one GITLAB action among --actions (its default
                         inputs, on the first entity of its blueprint among --entities), and write into DIR, the
                         project gitlab-ci-local runs, what GitLab gives the pipeline Port triggers:
                         trigger-payload.json (the body Port's agent posts to GitLab's trigger API, which GitLab
                         names in $TRIGGER_PAYLOAD) and .gitlab-ci-local-variables.yml (TRIGGER_PAYLOAD, the
                         credentials and the trigger's variables), then print them as --variable flags too

Definitions, blueprints and entities, loaded or posted, last until the sandbox stops: --data keeps runs only.

The client secret to accept is $PORT_CLIENT_SECRET, or the built-in ${SANDBOX_CLIENT_SECRET}.
`;
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
/** `N/S`: at most N requests every S seconds. */
function rateLimit(text) {
    const match = /^(\d+)\/(\d+)$/.exec(text);
    const [limit, periodSeconds] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
    if (!match || !Number.isSafeInteger(limit) || limit < 1 || !Number.isSafeInteger(periodSeconds) || periodSeconds < 1 || periodSeconds > 86_400) {
        throw new errors/* UsageError */.eb(`--rate-limit: "${text}" is not accepted; expected N/S, at most N requests (a whole number from 1) every S seconds (1 to 86400), such as 100/10`);
    }
    return { limit, periodSeconds };
}
/** Reads the flags once into the sandbox's options (the one typed settings object of this face). */
function sandbox_readOptions(args, env) {
    const { values: flags } = (0,cli_args/* parseFlags */.bQ)('sandbox', args, {
        port: { type: 'string' },
        data: { type: 'string' },
        latency: { type: 'string' },
        'rate-limit': { type: 'string' },
        'fail-every': { type: 'string' },
        'drop-every': { type: 'string' },
        'lose-answer-every': { type: 'string' },
        'stall-every': { type: 'string' },
        'token-ttl': { type: 'string' },
        run: { type: 'string', multiple: true },
        'client-id': { type: 'string' },
        actions: { type: 'string', multiple: true },
        blueprints: { type: 'string', multiple: true },
        entities: { type: 'string', multiple: true },
        'gitlab-trigger': { type: 'string' },
    });
    const options = {
        port: flags.port === undefined ? 0 : (0,cli_args/* wholeNumber */.rD)('--port', flags.port, 0, 65_535),
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
        options.latencyMs = (0,cli_args/* wholeNumber */.rD)('--latency', flags.latency, 0, 600_000);
    if (flags['rate-limit'] !== undefined)
        options.rateLimit = rateLimit(flags['rate-limit']);
    if (flags['fail-every'] !== undefined)
        options.failEvery = failEvery(flags['fail-every']);
    if (flags['drop-every'] !== undefined)
        options.dropEvery = (0,cli_args/* wholeNumber */.rD)('--drop-every', flags['drop-every'], 1);
    if (flags['lose-answer-every'] !== undefined)
        options.loseAnswerEvery = (0,cli_args/* wholeNumber */.rD)('--lose-answer-every', flags['lose-answer-every'], 1);
    if (flags['stall-every'] !== undefined)
        options.stallEvery = stallEvery(flags['stall-every']);
    if (flags['token-ttl'] !== undefined)
        options.tokenTtlSeconds = (0,cli_args/* wholeNumber */.rD)('--token-ttl', flags['token-ttl'], 1);
    for (const [flag, files] of [['--actions', flags.actions], ['--blueprints', flags.blueprints], ['--entities', flags.entities]]) {
        if (files?.includes(''))
            throw new errors/* UsageError */.eb(`${flag}: expected a file name`);
    }
    if (flags.actions !== undefined)
        options.actions = loadActionFiles(flags.actions);
    if (flags.blueprints !== undefined)
        options.blueprints = loadBlueprintFiles(flags.blueprints);
    if (flags.entities !== undefined)
        options.entities = loadEntityFiles(flags.entities, options.blueprints);
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
        const { gitlabTrigger: gitlabDir, ...options } = sandbox_readOptions(args, io.env);
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

#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 6675:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ ExitError),
/* harmony export */   d: () => (/* binding */ EXIT)
/* harmony export */ });
/** Exit codes every command shares; `port-ci --help` lists them. */
const EXIT = {
    ok: 0,
    /** A bug in port-ci: the one case that prints a stack hint. */
    unexpected: 1,
    /** The user's input is wrong: a flag, a payload, an action definition. */
    usage: 2,
    /** Port, GitHub or GitLab refused or could not be reached. */
    api: 3,
    /** dispatch --wait: the dispatched run failed, or did not end in time. */
    runFailed: 4,
};
/** A command that wants a specific exit code without an error message (exec passes its child's code). */
class ExitError extends Error {
    code;
    name = 'ExitError';
    constructor(code) {
        super(`exit ${code}`);
        this.code = code;
    }
}


/***/ }),

/***/ 1604:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ processIo),
/* harmony export */   d: () => (/* binding */ readArgFile)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7318);


const processIo = {
    env: process.env,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: () => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(0, 'utf8'),
    stdinStream: () => process.stdin,
    stdoutStream: process.stdout,
    stderrStream: process.stderr,
};
/** Reads a file named on the command line; `-` is standard input. Errors name the flag. */
function readArgFile(io, flag, file) {
    if (file === '-')
        return io.readStdin();
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8');
    }
    catch (error) {
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${flag}: cannot read ${file} (${error.code ?? String(error)})`);
    }
}


/***/ }),

/***/ 3765:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   i: () => (/* binding */ actionFormat)
/* harmony export */ });
/* unused harmony export currentFormatFields */
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6153);

// Apart from action-v2.ts because it needs neither ajv nor Port's schema: the action bundles may import it from
// the core index without paying for either.
/** invocationMethod fields that exist only in the current format: with no trigger beside them, it is neither. */
const V2_ONLY_FIELDS = [
    'workflowInputs',
    'pipelineVariables',
    'body',
    'headers',
    'payload',
    'installationId',
    'integrationActionType',
    'integrationActionExecutionProperties',
    'webhook',
    'mapping',
    'blueprintIdentifier',
];
const V2_ONLY_BACKENDS = ['INTEGRATION_ACTION', 'UPSERT_ENTITY', 'AZURE_DEVOPS'];
/**
 * Says which of Port's formats a definition is written in, without validating it:
 * - `v2` when `trigger` is an object (the current format always has one);
 * - `legacy` when `trigger` is a string, or absent beside a classic `invocationMethod` object or a top-level
 *   `userInputs` (the classic format makes trigger optional);
 * - null otherwise: not an object; a trigger that is neither string nor object; no trigger and nothing classic;
 *   or no trigger beside an invocationMethod written in the current format (its trigger is missing, and the
 *   classic checks would only call its fields unknown).
 */
function actionFormat(raw) {
    if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(raw))
        return null;
    const { trigger, invocationMethod, userInputs } = raw;
    if ((0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(trigger))
        return 'v2';
    if (typeof trigger === 'string')
        return 'legacy';
    if (trigger !== undefined)
        return null;
    if ((0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(invocationMethod))
        return currentFormatFields(invocationMethod).length > 0 ? null : 'legacy';
    return invocationMethod === undefined && (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(userInputs) ? 'legacy' : null;
}
/** The current-format fields (and backend) an invocationMethod has, by name. */
function currentFormatFields(method) {
    const fields = V2_ONLY_FIELDS.filter((field) => Object.hasOwn(method, field));
    return V2_ONLY_BACKENDS.includes(method.type) ? [`type ${String(method.type)}`, ...fields] : fields;
}


/***/ }),

/***/ 4296:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   bp: () => (/* binding */ describeValue),
/* harmony export */   eb: () => (/* binding */ UsageError),
/* harmony export */   tG: () => (/* binding */ PayloadError),
/* harmony export */   yI: () => (/* binding */ ValidationError)
/* harmony export */ });
/* unused harmony export oneLine */
/**
 * Errors the user can fix. Every face maps them the same way: one clear line, no stack, exit code 2.
 * Kept in core because the core is where bad input is first recognised.
 */
class UsageError extends Error {
    name = 'UsageError';
}
/**
 * Something in a payload, an input or an action definition is not what Port sends.
 * The message always reads `<path>: expected <what> but found <what>` so the user can find the field.
 */
class PayloadError extends UsageError {
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
class ValidationError extends UsageError {
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
function describeValue(value, options = {}) {
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


/***/ }),

/***/ 7318:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  tG: () => (/* reexport */ errors/* PayloadError */.tG),
  $7: () => (/* reexport */ SECRET_ENV),
  eb: () => (/* reexport */ errors/* UsageError */.eb),
  yI: () => (/* reexport */ errors/* ValidationError */.yI),
  iG: () => (/* reexport */ action_format/* actionFormat */.i),
  Pq: () => (/* reexport */ buildRunMessage),
  BE: () => (/* reexport */ buildRunUpdate),
  Ar: () => (/* reexport */ compactJson),
  DU: () => (/* reexport */ contextEnv),
  ae: () => (/* reexport */ secrets/* decryptRunSecrets */.ae),
  bp: () => (/* reexport */ errors/* describeValue */.bp),
  MG: () => (/* reexport */ secrets/* encryptSecret */.MG),
  zi: () => (/* reexport */ envText),
  gt: () => (/* reexport */ formatDotenv),
  tj: () => (/* reexport */ formatShellExports),
  Gv: () => (/* reexport */ json/* isObject */.Gv),
  Pk: () => (/* reexport */ isRunId),
  pX: () => (/* reexport */ core_inputs/* isSecretInput */.pX),
  q3: () => (/* reexport */ secrets/* maskTextsFor */.q3),
  lk: () => (/* reexport */ json/* parseJsonText */.lk),
  ex: () => (/* reexport */ parsePayload),
  _F: () => (/* reexport */ peekRunId),
  E$: () => (/* reexport */ secrets/* redact */.E$),
  ZL: () => (/* reexport */ shellQuote),
  vR: () => (/* reexport */ signWebhook),
  HO: () => (/* reexport */ triggeredBy),
  YN: () => (/* reexport */ core_inputs/* typeInputText */.YN),
  cE: () => (/* reexport */ userInputsOf),
  Oc: () => (/* reexport */ verifyWebhook),
  J2: () => (/* reexport */ withinEnvLimits)
});

// UNUSED EXPORTS: MAX_PAYLOAD_BYTES, SECRET_ENCRYPTION, decryptSecret, mergeInputs, parseFinalStatus, secretInputIds, upperSnake

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(4296);
// EXTERNAL MODULE: ./src/core/inputs.ts
var core_inputs = __nccwpck_require__(9114);
// EXTERNAL MODULE: ./src/core/json.ts
var json = __nccwpck_require__(6153);
;// CONCATENATED MODULE: ./src/core/payload.ts



/**
 * Port's run ids look like `r_HardNzG6kzc9vWOQ`. They end up in URL paths, file names and env values, so
 * only URL-safe characters are accepted; the `r_` prefix is not demanded in case Port changes its scheme.
 */
const RUN_ID = /^[A-Za-z0-9_-]{1,128}$/;
const RUN_ID_EXPECTED = 'a string like "r_..." (letters, digits, "_" and "-")';
/** Guides send the run id of a port_context under either key (`"runId": "{{ .run.id }}"` or `"run_id": ...`). */
const RUN_ID_KEYS = ['runId', 'run_id'];
/** Whether a text can be a Port run id (see RUN_ID). */
function isRunId(text) {
    return RUN_ID.test(text);
}
const NO_TRIGGER = { origin: null, at: null, operation: null, userEmail: null, userId: null, orgId: null };
/**
 * Reads whatever Port handed the job and returns the one normalised RunContext.
 *
 * Accepts, as an object or its JSON text: the classic `port_payload` message; a v2 `port_context` object;
 * the body Port's agent sends to GitLab (`{ref, variables, port_payload}`, as in `$TRIGGER_PAYLOAD`); and
 * GitHub workflow_dispatch inputs (`port_payload` / `port_context` as JSON text beside the isolated inputs)
 * or a whole workflow_dispatch event holding them. Isolated inputs are typed with the action's schema.
 * A port_context holds its run id under `runId` or `run_id`; `options.runId` may give it from elsewhere, and
 * then wins (a different run id in the payload is a warning).
 *
 * @throws PayloadError naming the field and what was expected, for text that is not JSON, a payload over
 * 1 MiB, a shape that is none of the above, a field of the wrong type, a port_context with no run id from
 * anywhere, or a run id that is not one.
 */
function parsePayload(raw, options = {}) {
    const root = rootPath(options.envelope);
    const value = typeof raw === 'string' ? (0,json/* parseJsonText */.lk)(raw, root) : raw;
    if (typeof raw !== 'string')
        (0,json/* checkTree */.RX)(value, root); // before any size measure, which recurses
    if (!(0,json/* isObject */.Gv)(value))
        throw new errors/* PayloadError */.tG(root, 'a JSON object', (0,errors/* describeValue */.bp)(value));
    const unwrapped = unwrap(value, options.envelope);
    const { message } = unwrapped;
    const isolated = { ...unwrapped.isolated, ...options.isolatedInputs };
    const given = options.runId === undefined ? null : givenRunId(options.runId, isolated, unwrapped);
    const runId = chooseRunId(given, message, unwrapped.messagePath);
    const schema = message?.actionDefinition?.userInputs ?? options.userInputs;
    const secretIds = new Set([...(0,core_inputs/* secretInputIds */.fc)(schema), ...(message?.censored ?? [])]);
    const { inputs, warnings } = (0,core_inputs/* mergeInputs */.sg)({
        fromPayload: message?.inputs,
        isolated,
        schema,
        secretIds,
        payloadPath: `${unwrapped.messagePath}.${message?.format === 'port_context' ? 'inputs' : 'payload.properties'}`,
        isolatedPath: unwrapped.isolatedPath,
    });
    return {
        format: message?.format ?? 'none',
        envelope: unwrapped.envelope,
        runId: runId.value,
        action: message?.action ?? null,
        blueprint: message?.blueprint ?? null,
        entityIdentifier: message?.entityIdentifier ?? null,
        entity: message?.entity ?? null,
        trigger: message?.trigger ?? { ...NO_TRIGGER },
        inputs,
        secretInputs: [...secretIds].filter((id) => Object.hasOwn(inputs, id) || (0,json/* ownValue */.eC)(schema?.properties, id) !== undefined),
        ref: unwrapped.ref,
        inputSchema: schema ?? null,
        actionDefinition: message?.actionDefinition ?? null,
        warnings: [...(message?.warnings ?? []), ...runId.warnings, ...warnings],
    };
}
/**
 * The run id `source` gives, or null when it gives an empty one (a workflow started by hand leaves the input
 * empty). An input named as the carrier is the run's id, not a user input: it leaves `isolated`.
 * @throws PayloadError when the named input is not there, or the value is not a run id.
 */
function givenRunId(source, isolated, unwrapped) {
    if ('value' in source) {
        if (source.value === '')
            return null;
        return { value: requireRunId(source.value, source.source), label: source.source };
    }
    const path = `${unwrapped.isolatedPath}.${source.input}`;
    const text = (0,json/* ownValue */.eC)(isolated, source.input);
    if (text === undefined) {
        const names = Object.keys(isolated);
        const listed = names.length === 0 ? 'there are none' : `they are ${names.slice(0, 10).map((name) => JSON.stringify(name)).join(', ')}${names.length > 10 ? ', …' : ''}`;
        throw new errors/* PayloadError */.tG(source.source, `the name of one of the ${carriersOf(unwrapped.envelope)} (${listed})`, JSON.stringify(source.input));
    }
    delete isolated[source.input];
    if (text === '')
        return null;
    return { value: requireRunId(text, `${path} (${source.source})`), label: `${path} (${source.source})` };
}
function carriersOf(envelope) {
    if (envelope === 'github_inputs')
        return 'workflow_dispatch inputs';
    if (envelope === 'gitlab_trigger')
        return 'variables of the GitLab trigger body';
    return 'inputs given beside the payload (a bare message has none of its own)';
}
/** The given run id wins over the payload's, which is then only checked against it. */
function chooseRunId(given, message, messagePath) {
    const inPayload = message?.runId ?? null;
    if (given === null) {
        if (message !== null && inPayload === null) {
            throw new errors/* PayloadError */.tG(`${messagePath}.runId`, RUN_ID_EXPECTED, 'nothing (no "runId" or "run_id" in it, and no run id given elsewhere)');
        }
        return { value: inPayload, warnings: [] };
    }
    const warnings = inPayload !== null && inPayload !== given.value
        ? [`${given.label} gives run ${given.value} but ${message.runIdPath} says ${inPayload}; using ${given.value}, the run id given explicitly`]
        : [];
    return { value: given.value, warnings };
}
function rootPath(envelope) {
    if (envelope === 'gitlab_trigger')
        return 'TRIGGER_PAYLOAD';
    if (envelope === 'github_inputs')
        return 'inputs';
    return 'payload';
}
function unwrap(value, forced) {
    const envelope = forced ?? detectEnvelope(value);
    if (envelope === 'gitlab_trigger') {
        const portPayload = value.port_payload === undefined ? {} : (0,json/* objectOrJsonText */.eH)(value.port_payload, 'port_payload');
        return {
            envelope,
            // Port's agent sends `{}` when the action omits the payload (PORT-FACTS.md §3).
            message: Object.keys(portPayload).length === 0 ? null : readMessage(portPayload, 'port_payload'),
            messagePath: 'port_payload',
            isolated: textMap(value.variables, 'variables'),
            isolatedPath: 'variables',
            ref: optionalText(value, 'ref', 'ref'),
        };
    }
    if (envelope === 'github_inputs') {
        const inputs = (0,json/* isObject */.Gv)(value.inputs) && typeof value.workflow === 'string' ? value.inputs : value; // a whole event
        const { port_payload: portPayload, port_context: portContext, ...rest } = inputs;
        const carrier = present(portPayload) ? 'port_payload' : present(portContext) ? 'port_context' : null;
        const carried = carrier === 'port_payload' ? portPayload : portContext;
        return {
            envelope,
            message: carrier === null ? null : readMessage((0,json/* objectOrJsonText */.eH)(carried, carrier), carrier),
            messagePath: carrier ?? 'port_payload',
            isolated: textMap(rest, 'inputs'),
            isolatedPath: 'inputs',
            ref: null,
        };
    }
    const messagePath = isClassic(value) ? 'port_payload' : 'port_context';
    (0,json/* checkSize */.C1)(Buffer.byteLength(JSON.stringify(value), 'utf8'), 'payload');
    return { envelope: 'bare', message: readMessage(value, messagePath), messagePath, isolated: {}, isolatedPath: 'inputs', ref: null };
}
/** Workflow inputs left empty arrive as "": that is no payload at all, not a malformed one. */
function present(value) {
    return value !== undefined && value !== null && value !== '';
}
function detectEnvelope(value) {
    if (isClassic(value) || isPortContext(value))
        return 'bare';
    // Port's agent posts port_payload and variables as objects; GitHub delivers every input as text.
    if ((0,json/* isObject */.Gv)(value.port_payload) || (0,json/* isObject */.Gv)(value.variables))
        return 'gitlab_trigger';
    if ('port_payload' in value || 'port_context' in value)
        return 'github_inputs';
    if ((0,json/* isObject */.Gv)(value.inputs) && typeof value.workflow === 'string')
        return 'github_inputs';
    const keys = Object.keys(value).slice(0, 6).map((key) => JSON.stringify(key.slice(0, 30)));
    throw new errors/* PayloadError */.tG('payload', 'a Port run: a classic port_payload (with context.runId), a port_context object (with runId or run_id), a GitLab trigger body (with port_payload and variables) or workflow_dispatch inputs (with port_payload or port_context)', keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`);
}
function isClassic(value) {
    return value.resourceType === 'run' || ('context' in value && ('payload' in value || 'trigger' in value || 'action' in value));
}
/** `runId` or `run_id` at the top, and no carrier key: workflow inputs hold port_context, they are not one. */
function isPortContext(value) {
    return RUN_ID_KEYS.some((key) => key in value) && !('port_payload' in value) && !('port_context' in value);
}
function readMessage(value, path) {
    if (isClassic(value) || 'context' in value)
        return readClassic(value, path);
    if (isPortContext(value) || path === 'port_context')
        return readPortContext(value, path);
    throw new errors/* PayloadError */.tG(`${path}.context.runId`, RUN_ID_EXPECTED, 'nothing (neither a classic "context" nor a port_context "runId" or "run_id")');
}
function readClassic(message, path) {
    const context = requireObject(message.context, `${path}.context`);
    const body = message.payload === undefined || message.payload === null ? {} : requireObject(message.payload, `${path}.payload`);
    const properties = body.properties === undefined || body.properties === null ? {} : requireObject(body.properties, `${path}.payload.properties`);
    const entity = optionalEntity(body.entity, `${path}.payload.entity`);
    const actionDefinition = optionalActionDefinition(body.action, `${path}.payload.action`);
    const censored = body.censoredProperties === undefined || body.censoredProperties === null ? [] : body.censoredProperties;
    if (!Array.isArray(censored) || censored.some((id) => typeof id !== 'string')) {
        throw new errors/* PayloadError */.tG(`${path}.payload.censoredProperties`, 'a list of input ids', (0,errors/* describeValue */.bp)(censored));
    }
    return {
        format: 'classic',
        runId: requireRunId(context.runId, `${path}.context.runId`),
        runIdPath: `${path}.context.runId`,
        action: actionIdentifier(message.action, `${path}.action`) ?? actionDefinition?.identifier ?? null,
        blueprint: optionalText(context, 'blueprint', `${path}.context.blueprint`),
        entityIdentifier: optionalText(context, 'entity', `${path}.context.entity`) ?? entity?.identifier ?? null,
        entity,
        trigger: readTrigger(message.trigger, `${path}.trigger`),
        inputs: properties,
        actionDefinition,
        censored: censored,
        warnings: [],
    };
}
/**
 * The v2 convention: `{runId | run_id, entity, blueprint, trigger}`, templated by the action's author, so
 * object values may arrive as JSON text. `entity` is the identifier (`{{ .entity.identifier }}`) or the whole
 * entity (`{{ .entity }}`), which is `{}` for a CREATE run and then means no entity; a blueprint not given is
 * the entity's. Other keys (relations, triggered_by...) are the author's and are left alone.
 */
function readPortContext(context, path) {
    const warnings = [];
    let entity = null;
    let entityIdentifier = null;
    const rawEntity = context.entity;
    if (typeof rawEntity === 'string' && rawEntity.trimStart().startsWith('{')) {
        entity = optionalEntity((0,json/* objectOrJsonText */.eH)(rawEntity, `${path}.entity`), `${path}.entity`);
    }
    else if ((0,json/* isObject */.Gv)(rawEntity)) {
        entity = optionalEntity(rawEntity, `${path}.entity`);
    }
    else {
        entityIdentifier = optionalText(context, 'entity', `${path}.entity`) || null;
    }
    if (entity !== null && Object.keys(entity).length === 0)
        entity = null;
    const entityBlueprint = typeof entity?.blueprint === 'string' && entity.blueprint !== '' ? entity.blueprint : null;
    const inputs = present(context.inputs) ? (0,json/* objectOrJsonText */.eH)(context.inputs, `${path}.inputs`) : undefined;
    let trigger;
    if (typeof context.trigger === 'string' && context.trigger !== '' && !/^\s*[{[]/.test(context.trigger)) {
        // A docs automation sends `"trigger": "automation"`: a word, not the trigger. Nothing to read in it.
        warnings.push(`${path}.trigger is ${(0,errors/* describeValue */.bp)(context.trigger)}, not the trigger object ({{ .trigger }}); who ran the action is not known`);
    }
    else if (present(context.trigger)) {
        trigger = (0,json/* objectOrJsonText */.eH)(context.trigger, `${path}.trigger`);
    }
    const { runId, runIdPath } = portContextRunId(context, path);
    return {
        format: 'port_context',
        runId,
        runIdPath,
        action: actionIdentifier(context.action, `${path}.action`),
        blueprint: optionalText(context, 'blueprint', `${path}.blueprint`) || entityBlueprint,
        entityIdentifier: entityIdentifier ?? entity?.identifier ?? null,
        entity,
        trigger: readTrigger(trigger, `${path}.trigger`),
        inputs,
        actionDefinition: null,
        censored: [],
        warnings,
    };
}
/** `runId` or `run_id`; both may be given when they agree. Absent (or null) is null: it may come from elsewhere. */
function portContextRunId(context, path) {
    let found = { runId: null, runIdPath: `${path}.runId` };
    for (const key of RUN_ID_KEYS) {
        const value = context[key];
        if (value === undefined || value === null)
            continue; // a template whose jq failed renders null
        const runId = requireRunId(value, `${path}.${key}`);
        if (found.runId !== null && found.runId !== runId) {
            throw new errors/* PayloadError */.tG(`${path}.${key}`, `the same run id as ${found.runIdPath} (${found.runId})`, (0,errors/* describeValue */.bp)(value));
        }
        if (found.runId === null)
            found = { runId, runIdPath: `${path}.${key}` };
    }
    return found;
}
function readTrigger(value, path) {
    if (value === undefined || value === null)
        return { ...NO_TRIGGER };
    const trigger = requireObject(value, path);
    const by = trigger.by === undefined || trigger.by === null ? {} : requireObject(trigger.by, `${path}.by`);
    const user = by.user === undefined || by.user === null ? {} : requireObject(by.user, `${path}.by.user`);
    return {
        origin: optionalText(trigger, 'origin', `${path}.origin`),
        at: optionalText(trigger, 'at', `${path}.at`),
        operation: optionalText(trigger, 'operation', `${path}.operation`),
        userEmail: optionalText(user, 'email', `${path}.by.user.email`),
        userId: optionalText(by, 'userId', `${path}.by.userId`),
        orgId: optionalText(by, 'orgId', `${path}.by.orgId`),
    };
}
function requireRunId(value, path) {
    if (typeof value !== 'string' || !RUN_ID.test(value))
        throw new errors/* PayloadError */.tG(path, RUN_ID_EXPECTED, (0,errors/* describeValue */.bp)(value));
    return value;
}
function requireObject(value, path) {
    if (!(0,json/* isObject */.Gv)(value))
        throw new errors/* PayloadError */.tG(path, 'an object', (0,errors/* describeValue */.bp)(value));
    return value;
}
function optionalText(container, key, path) {
    const value = container[key];
    if (value === undefined || value === null)
        return null;
    if (typeof value !== 'string')
        throw new errors/* PayloadError */.tG(path, 'a string or null', (0,errors/* describeValue */.bp)(value));
    return value;
}
function actionIdentifier(value, path) {
    if (value === undefined || value === null)
        return null;
    if (typeof value === 'string')
        return value;
    if ((0,json/* isObject */.Gv)(value) && typeof value.identifier === 'string')
        return value.identifier;
    throw new errors/* PayloadError */.tG(path, 'the action identifier (a string, or an object with "identifier")', (0,errors/* describeValue */.bp)(value));
}
function optionalEntity(value, path) {
    if (value === undefined || value === null)
        return null;
    const entity = requireObject(value, path);
    if (entity.identifier !== undefined && typeof entity.identifier !== 'string') {
        throw new errors/* PayloadError */.tG(`${path}.identifier`, 'a string', (0,errors/* describeValue */.bp)(entity.identifier));
    }
    return entity;
}
function optionalActionDefinition(value, path) {
    if (value === undefined || value === null)
        return null;
    const action = requireObject(value, path);
    if (action.identifier !== undefined && typeof action.identifier !== 'string') {
        throw new errors/* PayloadError */.tG(`${path}.identifier`, 'a string', (0,errors/* describeValue */.bp)(action.identifier));
    }
    if (action.userInputs !== undefined && action.userInputs !== null) {
        const userInputs = requireObject(action.userInputs, `${path}.userInputs`);
        if (userInputs.properties !== undefined)
            requireObject(userInputs.properties, `${path}.userInputs.properties`);
    }
    return action;
}
/** Isolated inputs are text; GitHub may hand booleans and numbers through as themselves. */
function textMap(value, path) {
    if (value === undefined || value === null)
        return {};
    const texts = [];
    for (const [id, item] of Object.entries(requireObject(value, path))) {
        if (typeof item === 'string')
            texts.push([id, item]);
        else if (typeof item === 'number' || typeof item === 'boolean')
            texts.push([id, String(item)]);
        else if (item !== null)
            throw new errors/* PayloadError */.tG(`${path}.${id}`, 'text', (0,errors/* describeValue */.bp)(item));
    }
    return Object.fromEntries(texts); // fromEntries defines keys, so an id like "__proto__" stays data
}
/**
 * Finds the run id in whatever Port handed over, without judging the rest: a face that cannot parse a payload
 * still has a run to end FAILURE, rather than leaving it IN_PROGRESS. Never throws.
 */
function peekRunId(raw) {
    let value = raw;
    for (let depth = 0; depth < 4; depth++) {
        if (typeof value === 'string') {
            if (value.length > MAX_PEEK_CHARS)
                return null;
            try {
                value = JSON.parse(value);
            }
            catch {
                return null;
            }
        }
        if (!(0,json/* isObject */.Gv)(value))
            return null;
        if ((0,json/* isObject */.Gv)(value.context))
            return asRunId(value.context.runId);
        // A carrier first: beside it, a `run_id` is a workflow input, which only --run-id-from may name.
        const carried = [value.port_payload, value.port_context].find((item) => present(item) && !((0,json/* isObject */.Gv)(item) && Object.keys(item).length === 0));
        if (carried !== undefined) {
            value = carried;
            continue;
        }
        const message = value;
        const direct = RUN_ID_KEYS.map((key) => asRunId(message[key])).find((id) => id !== null);
        if (direct)
            return direct;
        value = (0,json/* isObject */.Gv)(message.inputs) ? message.inputs : undefined;
    }
    return null;
}
function asRunId(value) {
    return typeof value === 'string' && RUN_ID.test(value) ? value : null;
}
const MAX_PEEK_CHARS = 4 * 1024 * 1024;
const TRIGGERS = ['CREATE', 'DAY-2', 'DELETE'];
const DEFINITIONS_ACCEPTED = 'a Port self-service action definition: classic (trigger "CREATE", "DAY-2" or "DELETE", with userInputs beside it) or current (trigger {"type": "self-service", "operation": ..., "userInputs": {...}})';
/**
 * The `userInputs` of an action definition given as JSON text (an action file, an action input), for typing the
 * isolated inputs of a run that carries no definition (omitPayload, or any v2 run). Both formats: the classic
 * definition keeps them beside `trigger: "CREATE" | "DAY-2" | "DELETE"` (none there means no inputs); the
 * current one under `trigger.userInputs` of a `{type: "self-service"}` trigger (Port's schema requires them,
 * but a docs example leaves them out, so a self-service trigger without them means no inputs too).
 * @throws PayloadError naming `source` when the text is neither format: not an object, no or another trigger,
 * an automation (which has no userInputs), or userInputs that are not an object.
 */
function userInputsOf(text, source) {
    const action = (0,json/* parseJsonText */.lk)(text, source);
    if (!(0,json/* isObject */.Gv)(action))
        throw new errors/* PayloadError */.tG(source, DEFINITIONS_ACCEPTED, (0,errors/* describeValue */.bp)(action));
    const { trigger } = action;
    if (typeof trigger === 'string' && TRIGGERS.includes(trigger))
        return checkUserInputs(action.userInputs, `${source}.userInputs`);
    if ((0,json/* isObject */.Gv)(trigger)) {
        if (trigger.type === 'automation') {
            throw new errors/* PayloadError */.tG(`${source}.trigger.type`, `${DEFINITIONS_ACCEPTED}; an automation has no userInputs to type inputs with`, '"automation"');
        }
        if (trigger.userInputs !== undefined || trigger.type === 'self-service') {
            return checkUserInputs(trigger.userInputs, `${source}.trigger.userInputs`);
        }
    }
    throw new errors/* PayloadError */.tG(`${source}.trigger`, DEFINITIONS_ACCEPTED, (0,json/* isObject */.Gv)(trigger) ? 'an object without type "self-service" or userInputs' : (0,errors/* describeValue */.bp)(trigger));
}
function checkUserInputs(value, path) {
    if (value === undefined || value === null)
        return {};
    if (!(0,json/* isObject */.Gv)(value))
        throw new errors/* PayloadError */.tG(path, 'an object', (0,errors/* describeValue */.bp)(value));
    if (value.properties !== undefined && !(0,json/* isObject */.Gv)(value.properties)) {
        throw new errors/* PayloadError */.tG(`${path}.properties`, 'an object', (0,errors/* describeValue */.bp)(value.properties));
    }
    // `required` may be {"jqQuery": ...} in the current format; typing isolated inputs reads only `properties`.
    return value;
}

// EXTERNAL MODULE: ./src/core/secrets.ts
var secrets = __nccwpck_require__(8198);
;// CONCATENATED MODULE: ./src/core/env.ts
/**
 * Compact JSON that is also safe on one line of any env or output file: JSON.stringify escapes control
 * characters but leaves U+2028/U+2029, which some readers take as line breaks.
 */
function compactJson(value) {
    return JSON.stringify(value ?? null).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
/** How an input value reads as environment text: strings as they are, everything else as compact JSON. */
function envText(value) {
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
function triggeredBy(context) {
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
        { name: 'PORT_TRIGGERED_BY', value: triggeredBy(context) ?? '', secret: false },
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
        entries.push({ name, value: envText(value), secret: secrets.has(id) });
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

;// CONCATENATED MODULE: ./src/core/status.ts

/**
 * Reads a final status word in any case, including GitHub's `job.status` values, and maps it to Port's:
 * success -> SUCCESS; failure -> FAILURE; cancelled -> FAILURE with a label saying so, because Port has no
 * cancelled status and a cancelled job did not do its work.
 */
function parseFinalStatus(word, source = 'status') {
    switch (word.trim().toLowerCase()) {
        case 'success':
        case 'succeeded':
            return { status: 'SUCCESS' };
        case 'failure':
        case 'failed':
            return { status: 'FAILURE' };
        case 'cancelled':
        case 'canceled':
            return { status: 'FAILURE', label: 'Cancelled' };
        default:
            throw new errors/* UsageError */.eb(`Invalid ${source} '${word}'. Expected success, failure or cancelled.`);
    }
}

;// CONCATENATED MODULE: ./src/core/run-message.ts
/**
 * The classic run message Port hands a backend (PORT-FACTS.md §2): the same shape a workflow reads with
 * `fromJson(inputs.port_payload).context.runId` or `.payload.properties.<id>`.
 */
function buildRunMessage(args) {
    const { action, entity, user } = args;
    const blueprint = (typeof action.blueprint === 'string' ? action.blueprint : undefined) ?? (typeof entity?.blueprint === 'string' ? entity.blueprint : null);
    const by = { orgId: user.orgId ?? null, userId: user.userId ?? null, user: { email: user.email ?? null } };
    if (user.firstName !== undefined)
        by.user.firstName = user.firstName;
    if (user.lastName !== undefined)
        by.user.lastName = user.lastName;
    return {
        action: action.identifier,
        resourceType: 'run',
        status: 'TRIGGERED',
        trigger: { by, origin: args.origin ?? 'API', at: args.at },
        context: { entity: typeof entity?.identifier === 'string' ? entity.identifier : null, blueprint, runId: args.runId },
        payload: { entity, action, properties: args.properties, censoredProperties: [] },
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ./src/core/webhook-signature.ts


/*
 * Port signs webhook bodies (PORT-FACTS.md §3): X-Port-Timestamp is the unix time in seconds and
 * X-Port-Signature is "v1," + base64(HMAC-SHA256(key = client secret, data = "<timestamp>.<raw body>")).
 */
function signWebhook(rawBody, clientSecret, timestampSeconds) {
    const timestamp = String(Math.floor(timestampSeconds));
    const signature = (0,external_node_crypto_.createHmac)('sha256', clientSecret).update(`${timestamp}.${rawBody}`).digest('base64');
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
        throw new errors/* UsageError */.eb('X-Port-Timestamp: missing');
    if (!headers.signature)
        throw new errors/* UsageError */.eb('X-Port-Signature: missing');
    if (!/^\d{1,12}$/.test(headers.timestamp))
        throw new errors/* UsageError */.eb(`X-Port-Timestamp: expected unix seconds but found "${headers.timestamp.slice(0, 20)}"`);
    const skew = Math.abs(options.nowSeconds - Number(headers.timestamp));
    if (skew > tolerance)
        throw new errors/* UsageError */.eb(`X-Port-Timestamp: ${skew} s from now, outside the ${tolerance} s window (a replay, or a clock off)`);
    const expected = Buffer.from(signWebhook(rawBody, clientSecret, Number(headers.timestamp))['X-Port-Signature']);
    // A header may carry several signatures ("v1,a v1,b") while a secret is being rotated.
    const candidates = headers.signature.split(' ').map((part) => Buffer.from(part.trim()));
    if (!candidates.some((candidate) => candidate.length === expected.length && (0,external_node_crypto_.timingSafeEqual)(candidate, expected))) {
        throw new errors/* UsageError */.eb('X-Port-Signature: does not match the body and timestamp for this client secret');
    }
}

// EXTERNAL MODULE: ./src/core/action-format.ts
var action_format = __nccwpck_require__(3765);
;// CONCATENATED MODULE: ./src/core/run-update.ts


/**
 * The run update a report asks for, the same from every face: the status word mapped to Port's (cancelled is
 * FAILURE labelled Cancelled, unless a label is given), one link as a string and several as a list, each an
 * http(s) URL. Empty fields are left out, so they leave Port's values alone.
 * @throws UsageError naming the bad status word or link, and what is accepted.
 */
function buildRunUpdate(request, statusSource = 'status', linkSource = 'link') {
    const update = {};
    const final = request.status ? parseFinalStatus(request.status, statusSource) : undefined;
    if (final)
        update.status = final.status;
    const statusLabel = request.statusLabel || final?.label;
    if (statusLabel)
        update.statusLabel = statusLabel;
    const links = (request.links ?? []).map((link) => link.trim()).filter((link) => link !== '');
    for (const link of links) {
        if (!/^https?:\/\/\S+$/.test(link))
            throw new errors/* UsageError */.eb(`Invalid ${linkSource} '${link}'. Expected an http(s) URL.`);
    }
    if (links.length > 0)
        update.link = links.length === 1 ? links[0] : links;
    if (request.summary)
        update.summary = request.summary;
    if (request.externalRunId)
        update.externalRunId = request.externalRunId;
    return update;
}

;// CONCATENATED MODULE: ./src/core/index.ts
/** The pure core: what every face (GitHub Action, GitLab templates, CLI) shares. No I/O, no environment. */










// validateAction (core/action.ts), validateActionV2 and validateAnyAction (core/action-v2.ts) and resolveUserInputs
// (core/user-inputs.ts) are imported from their own modules: they load ajv (and action-v2 Port's 93 KB schema), which
// the action steps must not pay for. Re-exported here, they grow every action bundle from ~75-97 KB to ~415 KB.




/***/ }),

/***/ 9114:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   YN: () => (/* binding */ typeInputText),
/* harmony export */   fc: () => (/* binding */ secretInputIds),
/* harmony export */   pX: () => (/* binding */ isSecretInput),
/* harmony export */   sg: () => (/* binding */ mergeInputs)
/* harmony export */ });
/* unused harmony export checkInputId */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6153);


/**
 * Input ids become object keys, environment variable names and workflow input names. Refuse the few that
 * could corrupt an object (`__proto__`) or an env file (whitespace, `=`, control characters).
 */
const INPUT_ID = /^[^\s=\p{Cc}\u2028\u2029]{1,200}$/u;
function checkInputId(id, path) {
    if (!INPUT_ID.test(id) || id === '__proto__') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PayloadError */ .tG(path, 'an input id of 1-200 characters without spaces, "=" or control characters', (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeValue */ .bp)(id));
    }
}
function isSecretInput(spec) {
    return typeof spec?.encryption === 'string' && spec.encryption !== '';
}
/** The ids of the inputs a schema marks secret. */
function secretInputIds(schema) {
    return Object.entries(schema?.properties ?? {})
        .filter(([, spec]) => isSecretInput(spec))
        .map(([id]) => id);
}
/**
 * Types back one isolated input. GitHub workflow inputs and GitLab variables carry every value as text
 * (PORT-FACTS.md §3: numbers and booleans as their text, objects and arrays as compact JSON); the action's
 * schema says what it was. Without a schema the text is kept as it is.
 * An empty text for a non-string input means "not given" (GitHub fills undeclared optional inputs with "").
 * @returns the typed value, or undefined when the input was not given.
 * @throws PayloadError naming `path` when the text cannot be the declared type.
 */
function typeInputText(text, spec, path) {
    if (spec === undefined || isSecretInput(spec))
        return text; // secrets stay ciphertext until decrypted
    // In Port's current format an optional input nobody filled renders `{{ .inputs.x }}` as null, sent as the text
    // "null": for a type that cannot hold that text, it means the input was not given.
    if (spec.type !== 'string' && spec.type !== undefined && text.trim() === 'null')
        return undefined;
    if (spec.format === 'entity' && text.trim() === 'null')
        return undefined;
    switch (spec.type) {
        case 'number': {
            if (text.trim() === '')
                return undefined;
            const value = Number(text);
            if (!Number.isFinite(value))
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PayloadError */ .tG(path, 'a number', (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeValue */ .bp)(text));
            return value;
        }
        case 'boolean': {
            const word = text.trim().toLowerCase();
            if (word === '')
                return undefined;
            if (word === 'true')
                return true;
            if (word === 'false')
                return false;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PayloadError */ .tG(path, 'true or false', (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeValue */ .bp)(text));
        }
        case 'object': {
            if (text.trim() === '')
                return undefined;
            const value = (0,_json_js__WEBPACK_IMPORTED_MODULE_1__/* .parseJsonText */ .lk)(text, path);
            if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(value))
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PayloadError */ .tG(path, 'an object as JSON', (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeValue */ .bp)(value));
            return value;
        }
        case 'array': {
            if (text.trim() === '')
                return undefined;
            const value = (0,_json_js__WEBPACK_IMPORTED_MODULE_1__/* .parseJsonText */ .lk)(text, path);
            if (!Array.isArray(value))
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PayloadError */ .tG(path, 'an array as JSON', (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeValue */ .bp)(value));
            return value;
        }
        default: {
            // An entity input arrives as the entity's identifier or as the whole entity (PORT-FACTS.md §1).
            if (spec.format === 'entity' && text.trimStart().startsWith('{')) {
                const value = (0,_json_js__WEBPACK_IMPORTED_MODULE_1__/* .parseJsonText */ .lk)(text, path);
                if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(value) || typeof value.identifier !== 'string') {
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PayloadError */ .tG(path, 'an entity identifier or an entity object with "identifier"', (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeValue */ .bp)(value));
                }
                return value;
            }
            return text;
        }
    }
}
/** JSON with object keys sorted, so two copies that differ only in key order compare equal. */
function canonical(value) {
    if (Array.isArray(value))
        return `[${value.map(canonical).join(',')}]`;
    if ((0,_json_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(value)) {
        const keys = Object.keys(value).sort();
        return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
    }
    return JSON.stringify(value) ?? 'null';
}
/** An entity input may come as its identifier or as the entity object; both name the same entity. */
function entityIds(value) {
    const id = (item) => ((0,_json_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(item) && typeof item.identifier === 'string' ? item.identifier : item);
    return Array.isArray(value) ? value.map(id) : id(value);
}
function isEntityInput(spec) {
    return spec?.format === 'entity' || spec?.items?.format === 'entity';
}
/**
 * Whether the isolated copy says the same as the payload's. Without a schema the isolated copy is text, and
 * Port made it with jq's tostring (PORT-FACTS.md §3): `4` arrives as "4", objects as compact JSON.
 */
function sameValue(isolated, fromPayload, spec) {
    const [a, b] = isEntityInput(spec) ? [entityIds(isolated), entityIds(fromPayload)] : [isolated, fromPayload];
    if (canonical(a) === canonical(b))
        return true;
    if (typeof a !== 'string' || typeof b === 'string')
        return false;
    try {
        return canonical(JSON.parse(a)) === canonical(b);
    }
    catch {
        return false;
    }
}
/**
 * Joins the payload's inputs and the isolated ones. The payload's typed value wins; when the isolated copy
 * says something else, a warning says so rather than dropping the difference silently. A bad isolated value
 * is an error only when it is the sole copy.
 */
function mergeInputs(args) {
    const warnings = [];
    const entries = new Map();
    for (const [id, value] of Object.entries(args.fromPayload ?? {})) {
        checkInputId(id, `${args.payloadPath}.${id}`);
        entries.set(id, value);
    }
    for (const [id, text] of Object.entries(args.isolated)) {
        const path = `${args.isolatedPath}.${id}`;
        checkInputId(id, path);
        const spec = (0,_json_js__WEBPACK_IMPORTED_MODULE_1__/* .ownValue */ .eC)(args.schema?.properties, id);
        const secret = args.secretIds.has(id);
        if (!entries.has(id)) {
            const typed = typeInputText(text, spec, path);
            if (typed !== undefined)
                entries.set(id, typed);
            continue;
        }
        let typed;
        try {
            typed = typeInputText(text, spec, path);
        }
        catch (error) {
            warnings.push(`${error instanceof Error ? error.message : String(error)}; using the value from ${args.payloadPath}.${id}`);
            continue;
        }
        if (typed !== undefined && !sameValue(typed, entries.get(id), spec)) {
            const detail = secret ? 'the two secret values differ' : `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeValue */ .bp)(typed)} there, ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeValue */ .bp)(entries.get(id))} in the payload`;
            warnings.push(`${path} disagrees with ${args.payloadPath}.${id} (${detail}); using the payload's value`);
        }
    }
    return { inputs: Object.fromEntries(entries), warnings };
}


/***/ }),

/***/ 6153:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   C1: () => (/* binding */ checkSize),
/* harmony export */   Gv: () => (/* binding */ isObject),
/* harmony export */   RX: () => (/* binding */ checkTree),
/* harmony export */   eC: () => (/* binding */ ownValue),
/* harmony export */   eH: () => (/* binding */ objectOrJsonText),
/* harmony export */   lk: () => (/* binding */ parseJsonText),
/* harmony export */   lr: () => (/* binding */ MAX_DEPTH)
/* harmony export */ });
/* unused harmony export MAX_PAYLOAD_BYTES */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);

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
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   MG: () => (/* binding */ encryptSecret),
/* harmony export */   ae: () => (/* binding */ decryptRunSecrets),
/* harmony export */   q3: () => (/* binding */ maskTextsFor),
/* harmony export */   zk: () => (/* binding */ SECRET_ENCRYPTION)
/* harmony export */ });
/* unused harmony export decryptSecret */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4296);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6153);



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
/**
 * Replaces every occurrence of the given secret texts with "***", longest first so a secret that contains
 * another is hidden whole. For what leaves the job for Port, where no runner masks anything.
 */
function redact(text, secrets) {
    let result = text;
    for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
        if (secret.length >= 4 && result.includes(secret))
            result = result.split(secret).join('***');
    }
    return result;
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 9907:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("cluster");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 481:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:readline");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 6193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXTERNAL MODULE: ./src/core/index.ts + 6 modules
var core = __nccwpck_require__(7318);
// EXTERNAL MODULE: ./src/cli/errors.ts
var errors = __nccwpck_require__(6675);
// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __nccwpck_require__(1604);
;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"0.1.0"};
;// CONCATENATED MODULE: ./src/cli/main.ts




/** The lazy registry: a command pays only for its own modules. */
const commands = {
    context: { summary: "print the run's context (who asked for what) from Port's payload", load: async () => (await __nccwpck_require__.e(/* import() */ 659).then(__nccwpck_require__.bind(__nccwpck_require__, 3659))).command },
    sandbox: { summary: 'run a local Port API (runs page, faults on demand) to try jobs without a Port account', load: async () => (await __nccwpck_require__.e(/* import() */ 731).then(__nccwpck_require__.bind(__nccwpck_require__, 7731))).command },
    log: { summary: "add a message, or standard input's lines, to the run's log", load: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(590), __nccwpck_require__.e(859)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2859))).command },
    report: { summary: 'update the run: status, summary, links, label', load: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(590), __nccwpck_require__.e(773)]).then(__nccwpck_require__.bind(__nccwpck_require__, 4773))).command },
    dispatch: { summary: "do Port's side of the hand-off: validate, build the payload, trigger the backend", load: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(201), __nccwpck_require__.e(590), __nccwpck_require__.e(984)]).then(__nccwpck_require__.bind(__nccwpck_require__, 1984))).command },
    'verify-signature': { summary: "check a webhook's X-Port-Signature and timestamp (for receivers)", load: async () => (await __nccwpck_require__.e(/* import() */ 251).then(__nccwpck_require__.bind(__nccwpck_require__, 1251))).command },
    exec: { summary: "run a command and stream its output to the run's log", load: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(590), __nccwpck_require__.e(585)]).then(__nccwpck_require__.bind(__nccwpck_require__, 9585))).command },
};
const HELP = `port-ci ${package_namespaceObject.rE}: run Port self-service actions in GitHub Actions and GitLab CI

Usage: port-ci <command> [options]

Commands:
${Object.entries(commands)
    .map(([name, { summary }]) => `  ${name.padEnd(12)}${summary}`)
    .join('\n')}

Global options:
  -h, --help     help for port-ci or a command
  -V, --version  print the version
  --debug        show stack traces for errors

Exit codes:
  0  success
  1  unexpected error (a bug in port-ci: please report it with --debug output)
  2  usage error: a flag, payload or action definition is wrong; the message names it
  3  API error: Port, GitHub or GitLab refused or could not be reached
  4  dispatch --wait: the dispatched run failed or did not end in time
`;
/**
 * Runs one command line and returns the exit code. This is the CLI's one error boundary: user errors print
 * one line, API errors their status, and only --debug shows a stack.
 */
async function main(argv, io = cli_io/* processIo */.W) {
    // Flags after "--" belong to a wrapped command (exec), not to port-ci.
    const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
    const debug = argv.slice(0, end).includes('--debug');
    const args = [...argv.slice(0, end).filter((arg) => arg !== '--debug'), ...argv.slice(end)];
    const [name, ...rest] = args;
    try {
        if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
            io.stdout(HELP);
            return name === undefined ? errors/* EXIT */.d.usage : errors/* EXIT */.d.ok;
        }
        if (name === '-V' || name === '--version') {
            io.stdout(`${package_namespaceObject.rE}\n`);
            return errors/* EXIT */.d.ok;
        }
        const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
        if (entry === undefined) {
            throw new core/* UsageError */.eb(`unknown command "${name}"; commands: ${Object.keys(commands).join(', ')} (see port-ci --help)`);
        }
        const command = await entry.load();
        const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
        if (own.includes('-h') || own.includes('--help')) {
            io.stdout(command.usage);
            return errors/* EXIT */.d.ok;
        }
        return await command.run(rest, io);
    }
    catch (error) {
        return report(error, io, debug);
    }
}
function report(error, io, debug) {
    if (error instanceof errors/* ExitError */.R)
        return error.code;
    const code = exitCodeFor(error);
    const message = error instanceof Error ? error.message : String(error);
    if (code === errors/* EXIT */.d.unexpected)
        io.stderr(`port-ci: unexpected error: ${message}${debug ? '' : ' (run again with --debug for the stack)'}\n`);
    else
        io.stderr(`port-ci: ${message}\n`);
    if (debug && error instanceof Error && error.stack)
        io.stderr(`${error.stack}\n`);
    return code;
}
function exitCodeFor(error) {
    if (error instanceof core/* UsageError */.eb)
        return errors/* EXIT */.d.usage;
    const carried = error?.exitCode; // API errors carry their own (3)
    return typeof carried === 'number' ? carried : errors/* EXIT */.d.unexpected;
}
/** Entry point: run argv and set the exit code without cutting off buffered output. */
function run() {
    main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    }, (error) => {
        process.stderr.write(`port-ci: ${String(error)}\n`);
        process.exitCode = errors/* EXIT */.d.unexpected;
    });
}

;// CONCATENATED MODULE: ./src/entrypoints/cli.ts

run();


export const id = 942;
export const ids = [942];
export const modules = {

/***/ 7593:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $$: () => (/* binding */ parseOperation),
/* harmony export */   bQ: () => (/* binding */ parseFlags),
/* harmony export */   rD: () => (/* binding */ wholeNumber),
/* harmony export */   yL: () => (/* binding */ oneOf)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);


/**
 * Strict flag parsing for one command: an unknown flag or a missing value is a UsageError that names the
 * flag and lists the ones the command takes.
 */
function parseFlags(command, args, options, allowPositionals = false) {
    try {
        return (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({ args, options, allowPositionals, strict: true });
    }
    catch (error) {
        const known = Object.keys(options)
            .map((name) => `--${name}`)
            .join(', ');
        const reason = error instanceof Error ? error.message.replace(/\s*To specify a positional argument.*$/s, '') : String(error);
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${command}: ${reason} (accepted: ${known}; see port-ci ${command} --help)`);
    }
}
/** One of a fixed set of words, or a UsageError that lists them. */
function oneOf(flag, value, accepted) {
    if (accepted.includes(value))
        return value;
    throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${flag}: "${value}" is not accepted; expected ${accepted.join(', ')}`);
}
// Durations are read the same way by every face (the actions' timeout input too).

/** A whole number within bounds, or a UsageError that names the flag and the accepted range. */
function wholeNumber(flag, text, min, max = Number.MAX_SAFE_INTEGER) {
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (Number.isSafeInteger(value) && value >= min && value <= max)
        return value;
    const range = max === Number.MAX_SAFE_INTEGER ? `from ${min}` : `from ${min} to ${max}`;
    throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${flag}: "${text}" is not accepted; expected a whole number ${range}`);
}
/**
 * A command of operations (`port-ci entity upsert ...`): the flags, the operation named first, and no flag the
 * operation does not take (`takes`; `shared` go with every one). `example` shows how a value is given, for the
 * error about a stray argument.
 */
function parseOperation(command, args, options, spec) {
    const { values, positionals } = parseFlags(command, args, options, true);
    const operation = positionals[0];
    const list = spec.operations.join(', ');
    if (operation === undefined)
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${command}: which operation? expected one of ${list} (port-ci ${command} --help)`);
    if (!spec.operations.includes(operation))
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${command}: "${operation}" is not an operation; expected one of ${list}`);
    if (positionals.length > 1)
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${command} ${operation}: unexpected argument "${positionals[1]}"; values go after their flags (${spec.example})`);
    const op = operation;
    for (const [name, value] of Object.entries(values)) {
        if (value === undefined || value === false || spec.shared.includes(name))
            continue;
        if (!spec.takes[op].includes(name))
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${command} ${op}: --${name} is not taken here; it takes ${spec.takes[op].map((flag) => `--${flag}`).join(', ')}`);
    }
    return { op, flags: values };
}


/***/ }),

/***/ 8792:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $7: () => (/* binding */ SECRET_ENV),
/* harmony export */   Ar: () => (/* binding */ compactJson),
/* harmony export */   DU: () => (/* binding */ contextEnv),
/* harmony export */   HO: () => (/* binding */ triggeredBy),
/* harmony export */   J2: () => (/* binding */ withinEnvLimits),
/* harmony export */   ZL: () => (/* binding */ shellQuote),
/* harmony export */   gt: () => (/* binding */ formatDotenv),
/* harmony export */   tj: () => (/* binding */ formatShellExports),
/* harmony export */   um: () => (/* binding */ REDACT_ENV),
/* harmony export */   zi: () => (/* binding */ envText)
/* harmony export */ });
/* unused harmony exports upperSnake, ENV_LIMITS, dotenvLine, fitsOneDotenvLine */
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
/**
 * The variable naming the variables whose values port-ci keeps out of Port (comma-separated names, never
 * values): the root action's `redact` input hands its list to the job's later steps through it.
 */
const REDACT_ENV = 'PORT_REDACT_ENV';
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


/***/ }),

/***/ 9114:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   YN: () => (/* binding */ typeInputText),
/* harmony export */   fc: () => (/* binding */ secretInputIds),
/* harmony export */   pX: () => (/* binding */ isSecretInput),
/* harmony export */   sg: () => (/* binding */ mergeInputs)
/* harmony export */ });
/* unused harmony export checkInputId */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6153);


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

/***/ 9701:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pk: () => (/* binding */ isRunId),
/* harmony export */   _F: () => (/* binding */ peekRunId),
/* harmony export */   cE: () => (/* binding */ userInputsOf),
/* harmony export */   ex: () => (/* binding */ parsePayload)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9114);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6153);



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
    const value = typeof raw === 'string' ? (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJsonText */ .lk)(raw, root) : raw;
    if (typeof raw !== 'string')
        (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .checkTree */ .RX)(value, root); // before any size measure, which recurses
    if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(value))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(root, 'a JSON object', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeValue */ .bp)(value));
    const unwrapped = unwrap(value, options.envelope);
    const { message } = unwrapped;
    const isolated = { ...unwrapped.isolated, ...options.isolatedInputs };
    const given = options.runId === undefined ? null : givenRunId(options.runId, isolated, unwrapped);
    const runId = chooseRunId(given, message, unwrapped.messagePath);
    const schema = message?.actionDefinition?.userInputs ?? options.userInputs;
    const secretIds = new Set([...(0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .secretInputIds */ .fc)(schema), ...(message?.censored ?? [])]);
    const { inputs, warnings } = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .mergeInputs */ .sg)({
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
        secretInputs: [...secretIds].filter((id) => Object.hasOwn(inputs, id) || (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .ownValue */ .eC)(schema?.properties, id) !== undefined),
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
    const text = (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .ownValue */ .eC)(isolated, source.input);
    if (text === undefined) {
        const names = Object.keys(isolated);
        const listed = names.length === 0 ? 'there are none' : `they are ${names.slice(0, 10).map((name) => JSON.stringify(name)).join(', ')}${names.length > 10 ? ', …' : ''}`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(source.source, `the name of one of the ${carriersOf(unwrapped.envelope)} (${listed})`, JSON.stringify(source.input));
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
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(`${messagePath}.runId`, RUN_ID_EXPECTED, 'nothing (no "runId" or "run_id" in it, and no run id given elsewhere)');
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
        const portPayload = value.port_payload === undefined ? {} : (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .objectOrJsonText */ .eH)(value.port_payload, 'port_payload');
        const { port_context: portContext, ...variables } = textMap(value.variables, 'variables');
        // Port's agent sends `{}` when the action omits the payload (PORT-FACTS.md §3). An action in the current
        // format has no port_payload: its pipelineVariables carry the run as port_context, as workflowInputs do on GitHub.
        if (Object.keys(portPayload).length === 0 && present(portContext)) {
            return {
                envelope,
                message: readMessage((0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .objectOrJsonText */ .eH)(portContext, 'variables.port_context'), 'port_context'),
                messagePath: 'variables.port_context',
                isolated: variables,
                isolatedPath: 'variables',
                ref: optionalText(value, 'ref', 'ref'),
            };
        }
        return {
            envelope,
            message: Object.keys(portPayload).length === 0 ? null : readMessage(portPayload, 'port_payload'),
            messagePath: 'port_payload',
            isolated: textMap(value.variables, 'variables'),
            isolatedPath: 'variables',
            ref: optionalText(value, 'ref', 'ref'),
        };
    }
    if (envelope === 'github_inputs') {
        const inputs = (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(value.inputs) && typeof value.workflow === 'string' ? value.inputs : value; // a whole event
        const { port_payload: portPayload, port_context: portContext, ...rest } = inputs;
        const carrier = present(portPayload) ? 'port_payload' : present(portContext) ? 'port_context' : null;
        const carried = carrier === 'port_payload' ? portPayload : portContext;
        return {
            envelope,
            message: carrier === null ? null : readMessage((0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .objectOrJsonText */ .eH)(carried, carrier), carrier),
            messagePath: carrier ?? 'port_payload',
            isolated: textMap(rest, 'inputs'),
            isolatedPath: 'inputs',
            ref: null,
        };
    }
    const messagePath = isClassic(value) ? 'port_payload' : 'port_context';
    (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .checkSize */ .C1)(Buffer.byteLength(JSON.stringify(value), 'utf8'), 'payload');
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
    if ((0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(value.port_payload) || (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(value.variables))
        return 'gitlab_trigger';
    if ('port_payload' in value || 'port_context' in value)
        return 'github_inputs';
    if ((0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(value.inputs) && typeof value.workflow === 'string')
        return 'github_inputs';
    const keys = Object.keys(value).slice(0, 6).map((key) => JSON.stringify(key.slice(0, 30)));
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG('payload', 'a Port run: a classic port_payload (with context.runId), a port_context object (with runId or run_id), a GitLab trigger body (with port_payload and variables) or workflow_dispatch inputs (with port_payload or port_context)', keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`);
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
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(`${path}.context.runId`, RUN_ID_EXPECTED, 'nothing (neither a classic "context" nor a port_context "runId" or "run_id")');
}
function readClassic(message, path) {
    const context = requireObject(message.context, `${path}.context`);
    const body = message.payload === undefined || message.payload === null ? {} : requireObject(message.payload, `${path}.payload`);
    const properties = body.properties === undefined || body.properties === null ? {} : requireObject(body.properties, `${path}.payload.properties`);
    const entity = optionalEntity(body.entity, `${path}.payload.entity`);
    const actionDefinition = optionalActionDefinition(body.action, `${path}.payload.action`);
    const censored = body.censoredProperties === undefined || body.censoredProperties === null ? [] : body.censoredProperties;
    if (!Array.isArray(censored) || censored.some((id) => typeof id !== 'string')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(`${path}.payload.censoredProperties`, 'a list of input ids', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeValue */ .bp)(censored));
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
        entity = optionalEntity((0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .objectOrJsonText */ .eH)(rawEntity, `${path}.entity`), `${path}.entity`);
    }
    else if ((0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(rawEntity)) {
        entity = optionalEntity(rawEntity, `${path}.entity`);
    }
    else {
        entityIdentifier = optionalText(context, 'entity', `${path}.entity`) || null;
    }
    if (entity !== null && Object.keys(entity).length === 0)
        entity = null;
    const entityBlueprint = typeof entity?.blueprint === 'string' && entity.blueprint !== '' ? entity.blueprint : null;
    const inputs = present(context.inputs) ? (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .objectOrJsonText */ .eH)(context.inputs, `${path}.inputs`) : undefined;
    let trigger;
    if (typeof context.trigger === 'string' && context.trigger !== '' && !/^\s*[{[]/.test(context.trigger)) {
        // A docs automation sends `"trigger": "automation"`: a word, not the trigger. Nothing to read in it.
        warnings.push(`${path}.trigger is ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeValue */ .bp)(context.trigger)}, not the trigger object ({{ .trigger }}); who ran the action is not known`);
    }
    else if (present(context.trigger)) {
        trigger = (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .objectOrJsonText */ .eH)(context.trigger, `${path}.trigger`);
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
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(`${path}.${key}`, `the same run id as ${found.runIdPath} (${found.runId})`, (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeValue */ .bp)(value));
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(path, RUN_ID_EXPECTED, (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeValue */ .bp)(value));
    return value;
}
function requireObject(value, path) {
    if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(value))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(path, 'an object', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeValue */ .bp)(value));
    return value;
}
function optionalText(container, key, path) {
    const value = container[key];
    if (value === undefined || value === null)
        return null;
    if (typeof value !== 'string')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(path, 'a string or null', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeValue */ .bp)(value));
    return value;
}
function actionIdentifier(value, path) {
    if (value === undefined || value === null)
        return null;
    if (typeof value === 'string')
        return value;
    if ((0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(value) && typeof value.identifier === 'string')
        return value.identifier;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(path, 'the action identifier (a string, or an object with "identifier")', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeValue */ .bp)(value));
}
function optionalEntity(value, path) {
    if (value === undefined || value === null)
        return null;
    const entity = requireObject(value, path);
    if (entity.identifier !== undefined && typeof entity.identifier !== 'string') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(`${path}.identifier`, 'a string', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeValue */ .bp)(entity.identifier));
    }
    return entity;
}
function optionalActionDefinition(value, path) {
    if (value === undefined || value === null)
        return null;
    const action = requireObject(value, path);
    if (action.identifier !== undefined && typeof action.identifier !== 'string') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(`${path}.identifier`, 'a string', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeValue */ .bp)(action.identifier));
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
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(`${path}.${id}`, 'text', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeValue */ .bp)(item));
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
        if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(value))
            return null;
        if ((0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(value.context))
            return asRunId(value.context.runId);
        // A carrier first: beside it, a `run_id` is a workflow input, which only --run-id-from may name.
        // ...and a GitLab trigger body of the current format carries port_context among its variables.
        const variables = (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(value.variables) ? value.variables : {};
        const carried = [value.port_payload, value.port_context, variables.port_context].find((item) => present(item) && !((0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(item) && Object.keys(item).length === 0));
        if (carried !== undefined) {
            value = carried;
            continue;
        }
        const message = value;
        const direct = RUN_ID_KEYS.map((key) => asRunId(message[key])).find((id) => id !== null);
        if (direct)
            return direct;
        value = (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(message.inputs) ? message.inputs : undefined;
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
    const action = (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJsonText */ .lk)(text, source);
    if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(action))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(source, DEFINITIONS_ACCEPTED, (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeValue */ .bp)(action));
    const { trigger } = action;
    if (typeof trigger === 'string' && TRIGGERS.includes(trigger))
        return checkUserInputs(action.userInputs, `${source}.userInputs`);
    if ((0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(trigger)) {
        if (trigger.type === 'automation') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(`${source}.trigger.type`, `${DEFINITIONS_ACCEPTED}; an automation has no userInputs to type inputs with`, '"automation"');
        }
        if (trigger.userInputs !== undefined || trigger.type === 'self-service') {
            return checkUserInputs(trigger.userInputs, `${source}.trigger.userInputs`);
        }
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(`${source}.trigger`, DEFINITIONS_ACCEPTED, (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(trigger) ? 'an object without type "self-service" or userInputs' : (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeValue */ .bp)(trigger));
}
function checkUserInputs(value, path) {
    if (value === undefined || value === null)
        return {};
    if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(value))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(path, 'an object', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeValue */ .bp)(value));
    if (value.properties !== undefined && !(0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(value.properties)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PayloadError */ .tG(`${path}.properties`, 'an object', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeValue */ .bp)(value.properties));
    }
    // `required` may be {"jqQuery": ...} in the current format; typing isolated inputs reads only `properties`.
    return value;
}


/***/ })

};

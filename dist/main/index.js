/******/ (() => { // webpackBootstrap
/******/ 	"use strict";
/******/ 	var __webpack_modules__ = ({

/***/ 792:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $7: () => (/* binding */ SECRET_ENV),
/* harmony export */   Ar: () => (/* binding */ compactJson),
/* harmony export */   DU: () => (/* binding */ contextEnv),
/* harmony export */   HO: () => (/* binding */ triggeredBy),
/* harmony export */   J2: () => (/* binding */ withinEnvLimits),
/* harmony export */   um: () => (/* binding */ REDACT_ENV),
/* harmony export */   zi: () => (/* binding */ envText)
/* harmony export */ });
/* unused harmony exports upperSnake, ENV_LIMITS, shellQuote, formatShellExports, dotenvLine, fitsOneDotenvLine, formatDotenv */
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

/***/ 296:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   bp: () => (/* binding */ describeValue),
/* harmony export */   eb: () => (/* binding */ UsageError),
/* harmony export */   tG: () => (/* binding */ PayloadError)
/* harmony export */ });
/* unused harmony exports ValidationError, oneLine */
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

/***/ 153:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   C1: () => (/* binding */ checkSize),
/* harmony export */   Gv: () => (/* binding */ isObject),
/* harmony export */   RX: () => (/* binding */ checkTree),
/* harmony export */   eC: () => (/* binding */ ownValue),
/* harmony export */   eH: () => (/* binding */ objectOrJsonText),
/* harmony export */   lk: () => (/* binding */ parseJsonText)
/* harmony export */ });
/* unused harmony exports MAX_PAYLOAD_BYTES, MAX_DEPTH */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(296);

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

/***/ 923:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   M2: () => (/* binding */ SecretMasker),
/* harmony export */   OE: () => (/* binding */ parseVariableNames)
/* harmony export */ });
/* unused harmony exports MASK, maskCommandValue, maskForms, secretValues */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(296);

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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`Invalid ${where} name '${shown}'. Expected names of environment variables (letters, digits and _, not starting with a digit), separated by commas or new lines.`);
    }
    return [...new Set(names)];
}


/***/ }),

/***/ 412:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Pk: () => (/* binding */ isRunId),
  ex: () => (/* binding */ parsePayload),
  _F: () => (/* binding */ peekRunId),
  cE: () => (/* binding */ userInputsOf)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(296);
// EXTERNAL MODULE: ./src/core/json.ts
var json = __nccwpck_require__(153);
;// CONCATENATED MODULE: ./src/core/inputs.ts


/**
 * Input ids become object keys, environment variable names and workflow input names. Refuse the few that
 * could corrupt an object (`__proto__`) or an env file (whitespace, `=`, control characters).
 */
const INPUT_ID = /^[^\s=\p{Cc}\u2028\u2029]{1,200}$/u;
function checkInputId(id, path) {
    if (!INPUT_ID.test(id) || id === '__proto__') {
        throw new errors/* PayloadError */.tG(path, 'an input id of 1-200 characters without spaces, "=" or control characters', (0,errors/* describeValue */.bp)(id));
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
                throw new errors/* PayloadError */.tG(path, 'a number', (0,errors/* describeValue */.bp)(text));
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
            throw new errors/* PayloadError */.tG(path, 'true or false', (0,errors/* describeValue */.bp)(text));
        }
        case 'object': {
            if (text.trim() === '')
                return undefined;
            const value = (0,json/* parseJsonText */.lk)(text, path);
            if (!(0,json/* isObject */.Gv)(value))
                throw new errors/* PayloadError */.tG(path, 'an object as JSON', (0,errors/* describeValue */.bp)(value));
            return value;
        }
        case 'array': {
            if (text.trim() === '')
                return undefined;
            const value = (0,json/* parseJsonText */.lk)(text, path);
            if (!Array.isArray(value))
                throw new errors/* PayloadError */.tG(path, 'an array as JSON', (0,errors/* describeValue */.bp)(value));
            return value;
        }
        default: {
            // An entity input arrives as the entity's identifier or as the whole entity (PORT-FACTS.md §1).
            if (spec.format === 'entity' && text.trimStart().startsWith('{')) {
                const value = (0,json/* parseJsonText */.lk)(text, path);
                if (!(0,json/* isObject */.Gv)(value) || typeof value.identifier !== 'string') {
                    throw new errors/* PayloadError */.tG(path, 'an entity identifier or an entity object with "identifier"', (0,errors/* describeValue */.bp)(value));
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
    if ((0,json/* isObject */.Gv)(value)) {
        const keys = Object.keys(value).sort();
        return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
    }
    return JSON.stringify(value) ?? 'null';
}
/** An entity input may come as its identifier or as the entity object; both name the same entity. */
function entityIds(value) {
    const id = (item) => ((0,json/* isObject */.Gv)(item) && typeof item.identifier === 'string' ? item.identifier : item);
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
        const spec = (0,json/* ownValue */.eC)(args.schema?.properties, id);
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
            const detail = secret ? 'the two secret values differ' : `${(0,errors/* describeValue */.bp)(typed)} there, ${(0,errors/* describeValue */.bp)(entries.get(id))} in the payload`;
            warnings.push(`${path} disagrees with ${args.payloadPath}.${id} (${detail}); using the payload's value`);
        }
    }
    return { inputs: Object.fromEntries(entries), warnings };
}

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
    const secretIds = new Set([...secretInputIds(schema), ...(message?.censored ?? [])]);
    const { inputs, warnings } = mergeInputs({
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
        const { port_context: portContext, ...variables } = textMap(value.variables, 'variables');
        // Port's agent sends `{}` when the action omits the payload (PORT-FACTS.md §3). An action in the current
        // format has no port_payload: its pipelineVariables carry the run as port_context, as workflowInputs do on GitHub.
        if (Object.keys(portPayload).length === 0 && present(portContext)) {
            return {
                envelope,
                message: readMessage((0,json/* objectOrJsonText */.eH)(portContext, 'variables.port_context'), 'port_context'),
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
        // ...and a GitLab trigger body of the current format carries port_context among its variables.
        const variables = (0,json/* isObject */.Gv)(value.variables) ? value.variables : {};
        const carried = [value.port_payload, value.port_context, variables.port_context].find((item) => present(item) && !((0,json/* isObject */.Gv)(item) && Object.keys(item).length === 0));
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


/***/ }),

/***/ 198:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   ae: () => (/* binding */ decryptRunSecrets),
/* harmony export */   q3: () => (/* binding */ maskTextsFor)
/* harmony export */ });
/* unused harmony exports SECRET_ENCRYPTION, encryptSecret, decryptSecret */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(296);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(153);



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

/***/ 246:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  j1: () => (/* binding */ HANDED_ENV),
  c4: () => (/* binding */ STATE),
  mr: () => (/* binding */ endedBy),
  xg: () => (/* binding */ handOn),
  zu: () => (/* binding */ jobOutage),
  u5: () => (/* binding */ noteRunEnded),
  XH: () => (/* binding */ shareToken),
  Ji: () => (/* binding */ sharedToken)
});

// UNUSED EXPORTS: RUN_ENDED_ENV

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = require("node:path");
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_namespaceObject);
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
                const saved = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
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
                (0,external_node_fs_.mkdirSync)(external_node_path_default().dirname(file), { recursive: true, mode: 0o700 });
                const partial = `${file}.${process.pid}.tmp`;
                (0,external_node_fs_.writeFileSync)(partial, JSON.stringify({ baseUrl, since }), { mode: 0o600 });
                (0,external_node_fs_.renameSync)(partial, file);
            }
            catch {
                // not remembered: the next step retries in full
            }
        },
        clear() {
            (0,external_node_fs_.rmSync)(file, { force: true });
        },
    };
}

// EXTERNAL MODULE: ./src/github/runner.ts + 1 modules
var runner = __nccwpck_require__(68);
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
    (0,runner/* appendEnvFile */.I)(file, name, value);
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
    const key = (0,external_node_crypto_.createHash)('sha256').update(`${baseUrl}\n${clientId ?? ''}`).digest('hex').slice(0, 24);
    return external_node_path_default().join(env.RUNNER_TEMP, 'port-ci', `token-${key}.json`);
}
/** Whether the job's steps found Port at this URL unreachable; undefined outside a runner. */
function jobOutage(env, baseUrl) {
    if (env.GITHUB_ACTIONS !== 'true' || !env.RUNNER_TEMP)
        return undefined;
    const key = (0,external_node_crypto_.createHash)('sha256').update(baseUrl).digest('hex').slice(0, 24);
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
        const saved = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
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
        (0,external_node_fs_.mkdirSync)(external_node_path_default().dirname(file), { recursive: true, mode: 0o700 });
        const partial = `${file}.${process.pid}.tmp`;
        (0,external_node_fs_.writeFileSync)(partial, JSON.stringify({ token: grant.token, expiresAt: grant.expiresAt }), { mode: 0o600 });
        (0,external_node_fs_.chmodSync)(partial, 0o600);
        (0,external_node_fs_.renameSync)(partial, file);
    }
    catch {
        // Sharing only saves later steps a token request; failing to share must not fail this step.
    }
}


/***/ }),

/***/ 974:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ne: () => (/* binding */ readMainSettings),
/* harmony export */   jP: () => (/* binding */ readRunIdInput),
/* harmony export */   mR: () => (/* binding */ readPostSettings),
/* harmony export */   ux: () => (/* binding */ readReportStatusMode)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(24);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(68);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(296);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(412);
/* harmony import */ var _settings_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(518);




function readReportStatusMode() {
    const text = _runner_js__WEBPACK_IMPORTED_MODULE_1__/* .getInput */ .V4('report-status').toLowerCase();
    if (text === '' || text === 'auto')
        return 'auto';
    if (_settings_js__WEBPACK_IMPORTED_MODULE_2__/* .TRUE_WORDS */ .VJ.includes(text))
        return 'true';
    if (_settings_js__WEBPACK_IMPORTED_MODULE_2__/* .FALSE_WORDS */ .WD.includes(text))
        return 'false';
    throw new _core_index_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`Invalid report-status '${_runner_js__WEBPACK_IMPORTED_MODULE_1__/* .getInput */ .V4('report-status')}'. Expected auto, true or false.`);
}
function readMainSettings(port) {
    return {
        userInputs: readActionDefinition((0,_settings_js__WEBPACK_IMPORTED_MODULE_2__/* .textInput */ ._Z)('action-definition')),
        runId: readRunIdInput(),
        exportEnv: (0,_settings_js__WEBPACK_IMPORTED_MODULE_2__/* .booleanInput */ .tE)('export-env', true),
        decryptSecrets: (0,_settings_js__WEBPACK_IMPORTED_MODULE_2__/* .booleanInput */ .tE)('decrypt-secrets', false),
        jobSummary: (0,_settings_js__WEBPACK_IMPORTED_MODULE_2__/* .booleanInput */ .tE)('job-summary', true),
        reportStatus: readReportStatusMode(),
        exportCredentials: (0,_settings_js__WEBPACK_IMPORTED_MODULE_2__/* .booleanInput */ .tE)('export-credentials', false),
        shareToken: (0,_settings_js__WEBPACK_IMPORTED_MODULE_2__/* .booleanInput */ .tE)('share-token', true),
        port,
    };
}
/** The action-definition input: JSON text, or the path of a JSON file in the workspace. */
function readActionDefinition(value) {
    if (value === undefined)
        return undefined;
    if (value.trimStart().startsWith('{'))
        return (0,_core_index_js__WEBPACK_IMPORTED_MODULE_4__/* .userInputsOf */ .cE)(value, 'action-definition');
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(value))
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`Invalid action-definition '${value}'. Expected JSON text or the path of a JSON file.`);
    return (0,_core_index_js__WEBPACK_IMPORTED_MODULE_4__/* .userInputsOf */ .cE)((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(value, 'utf8'), 'action-definition');
}
/** The root action's run-id input: the run id itself (`${{ inputs.run_id }}`), for actions that send it on its own. */
function readRunIdInput() {
    const value = (0,_settings_js__WEBPACK_IMPORTED_MODULE_2__/* .textInput */ ._Z)('run-id')?.trim();
    if (!value)
        return undefined; // a workflow started by hand leaves the input empty
    if (!(0,_core_index_js__WEBPACK_IMPORTED_MODULE_4__/* .isRunId */ .Pk)(value)) {
        const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`Invalid run-id '${shown}'. Expected a Port run id like r_HardNzG6kzc9vWOQ (letters, digits, "_" and "-"), such as \${{ inputs.run_id }} when the action sends "run_id": "{{ .run.id }}".`);
    }
    return value;
}
function readPostSettings() {
    return { githubToken: (0,_settings_js__WEBPACK_IMPORTED_MODULE_2__/* .textInput */ ._Z)('github-token'), port: (0,_settings_js__WEBPACK_IMPORTED_MODULE_2__/* .readPortSettings */ .Pi)({ warn: false }) };
}


/***/ }),

/***/ 369:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   UU: () => (/* binding */ createClient),
/* harmony export */   nm: () => (/* binding */ missingCredentials),
/* harmony export */   tI: () => (/* binding */ reportSafely)
/* harmony export */ });
/* unused harmony export reportingTarget */
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(68);
/* harmony import */ var _port_client_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(526);
/* harmony import */ var _port_errors_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(272);
/* harmony import */ var _port_redaction_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(790);
/* harmony import */ var _http_retry_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(902);
/* harmony import */ var _port_token_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(618);
/* harmony import */ var _job_state_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(246);









/** A token this step can start with: one an earlier step shared for this Port and client, else PORT_ACCESS_TOKEN. */
function startingToken(port) {
    return (0,_job_state_js__WEBPACK_IMPORTED_MODULE_0__/* .sharedToken */ .Ji)(process.env, port.baseUrl, port.clientId) ?? (0,_port_token_js__WEBPACK_IMPORTED_MODULE_1__/* .tokenFromEnv */ .B)(process.env);
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
    return new _port_client_js__WEBPACK_IMPORTED_MODULE_2__/* .PortClient */ .F({
        baseUrl: port.baseUrl,
        clientId: port.clientId,
        clientSecret: port.clientSecret,
        token: startingToken(port),
        policy: (0,_http_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .retryPolicyFromEnv */ .ed)(process.env),
        masker: (0,_port_redaction_js__WEBPACK_IMPORTED_MODULE_4__/* .maskerFromEnv */ .$)({ ...process.env, PORT_CLIENT_SECRET: port.clientSecret }, port.redact),
        outage: (0,_job_state_js__WEBPACK_IMPORTED_MODULE_0__/* .jobOutage */ .zu)(process.env, port.baseUrl),
        onToken: (grant) => {
            _runner_js__WEBPACK_IMPORTED_MODULE_5__/* .setSecret */ .Pq(grant.token);
            (0,_job_state_js__WEBPACK_IMPORTED_MODULE_0__/* .shareToken */ .XH)(process.env, port.baseUrl, port.clientId, grant);
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
        if (!(error instanceof _port_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .ApiError */ .h) || settings.failOnReportError)
            throw error;
        _runner_js__WEBPACK_IMPORTED_MODULE_5__/* .warning */ .$e(`${error.message}. The job goes on; set fail-on-report-error: true to fail it instead.`);
        return false;
    }
}


/***/ }),

/***/ 68:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  I: () => (/* binding */ appendEnvFile),
  fe: () => (/* binding */ appendSummary),
  Yz: () => (/* binding */ debug),
  dN: () => (/* binding */ exportVariable),
  V4: () => (/* binding */ getInput),
  Gu: () => (/* binding */ getState),
  pq: () => (/* binding */ info),
  lm: () => (/* binding */ notice),
  LZ: () => (/* binding */ saveState),
  C1: () => (/* binding */ setFailed),
  uH: () => (/* binding */ setOutput),
  Pq: () => (/* binding */ setSecret),
  $e: () => (/* binding */ warning)
});

// UNUSED EXPORTS: error, getMultilineInput, neutralizeCommands

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = require("node:os");
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
    appendEnvFile(file, name, value);
}
/** Appends one `name<<DELIMITER` block to a runner file (GITHUB_ENV, GITHUB_OUTPUT, GITHUB_STATE). */
function appendEnvFile(file, name, value) {
    const delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`;
    if (name.includes(delimiter) || value.includes(delimiter))
        throw new Error(`the value of ${name} holds the file-command delimiter`);
    if (/[\r\n]/.test(name))
        throw new Error(`the name ${JSON.stringify(name)} holds a line break`);
    (0,external_node_fs_.appendFileSync)(file, `${name}<<${delimiter}${external_node_os_namespaceObject.EOL}${value}${external_node_os_namespaceObject.EOL}${delimiter}${external_node_os_namespaceObject.EOL}`, 'utf8');
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
        (0,external_node_fs_.appendFileSync)(file, markdown, 'utf8');
}


/***/ }),

/***/ 518:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Pi: () => (/* binding */ readPortSettings),
/* harmony export */   VJ: () => (/* binding */ TRUE_WORDS),
/* harmony export */   WD: () => (/* binding */ FALSE_WORDS),
/* harmony export */   _Z: () => (/* binding */ textInput),
/* harmony export */   tE: () => (/* binding */ booleanInput)
/* harmony export */ });
/* unused harmony exports readRunId, readLogSettings, readReportSettings, readExecSettings */
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(68);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(296);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(923);
/* harmony import */ var _port_client_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(526);
/* harmony import */ var _port_redaction_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(790);




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
    const text = _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name).toLowerCase();
    if (text === '')
        return fallback;
    if (TRUE_WORDS.includes(text))
        return true;
    if (FALSE_WORDS.includes(text))
        return false;
    throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`Invalid ${name} '${_runner_js__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name)}'. Expected true or false.`);
}
/** A text input, or undefined when empty. */
function textInput(name) {
    const text = _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name);
    return text === '' ? undefined : text;
}
/**
 * The inputs every reporting step shares. `warn`: say which redact names have no value here (the post step,
 * which reads the same inputs as its main step, says nothing twice).
 * @throws UsageError for a redact name that is not a variable name.
 */
function readPortSettings({ warn = true } = {}) {
    const clientSecret = textInput('port-client-secret') ?? process.env.PORT_CLIENT_SECRET;
    if (clientSecret)
        _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(clientSecret); // before anything else can print it
    const redact = (0,_core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .parseVariableNames */ .OE)(_runner_js__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('redact'), 'redact');
    if (warn)
        (0,_port_redaction_js__WEBPACK_IMPORTED_MODULE_3__/* .unsetRedactWarnings */ .c)(process.env, redact, 'redact:').forEach((text) => _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(text));
    return {
        baseUrl: (0,_port_client_js__WEBPACK_IMPORTED_MODULE_4__/* .resolveBaseUrl */ .xj)(textInput('port-base-url') ?? process.env.PORT_BASE_URL),
        clientId: textInput('port-client-id') ?? process.env.PORT_CLIENT_ID,
        clientSecret,
        failOnReportError: booleanInput('fail-on-report-error', false),
        redact,
    };
}
/** The run a sub-action reports to: its run-id input, else the PORT_RUN_ID the root action exported. */
function readRunId() {
    return textInput('run-id') ?? process.env.PORT_RUN_ID;
}
function readLogSettings() {
    const message = core.getInput('message');
    if (message.trim() === '')
        throw new UsageError('Invalid message: it is empty. Expected the text to add to the run log.');
    return { message, statusLabel: textInput('status-label') };
}
function readReportSettings() {
    return {
        update: buildRunUpdate({
            status: textInput('status'),
            statusLabel: textInput('status-label'),
            links: core.getMultilineInput('link'),
            summary: textInput('summary'),
            externalRunId: textInput('external-run-id'),
        }),
        message: textInput('message'),
    };
}
function readExecSettings() {
    const command = core.getInput('run');
    if (command === '')
        throw new UsageError('Invalid run: it is empty. Expected a command for bash.');
    return { command, reportStatus: booleanInput('report-status', false) };
}


/***/ }),

/***/ 442:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   t: () => (/* binding */ workflowRun)
/* harmony export */ });
function workflowRun(env = process.env) {
    const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    const repository = env.GITHUB_REPOSITORY ?? '';
    const runId = env.GITHUB_RUN_ID ?? '';
    const attempt = env.GITHUB_RUN_ATTEMPT || '1';
    return {
        serverUrl,
        apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
        repository,
        runId,
        attempt,
        runnerName: env.RUNNER_NAME ?? '',
        job: env.GITHUB_JOB ?? '',
        url: repository && runId ? `${serverUrl}/${repository}/actions/runs/${runId}${attempt !== '1' ? `/attempts/${attempt}` : ''}` : undefined,
    };
}


/***/ }),

/***/ 784:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  w: () => (/* binding */ sendRequest)
});

;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = require("node:http");
var external_node_http_default = /*#__PURE__*/__nccwpck_require__.n(external_node_http_namespaceObject);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = require("node:https");
var external_node_https_default = /*#__PURE__*/__nccwpck_require__.n(external_node_https_namespaceObject);
;// CONCATENATED MODULE: external "node:tls"
const external_node_tls_namespaceObject = require("node:tls");
var external_node_tls_default = /*#__PURE__*/__nccwpck_require__.n(external_node_tls_namespaceObject);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(296);
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
        throw new errors/* UsageError */.eb(`${variable}: "${shown}" is not a proxy URL; ${expected}`);
    }
    if (url.protocol !== 'http:') {
        throw new errors/* UsageError */.eb(`${variable}: "${shown}" is not accepted: port-ci talks to a proxy in plain HTTP; ${expected}`);
    }
    if (url.hostname === '')
        throw new errors/* UsageError */.eb(`${variable}: "${shown}" names no host; ${expected}`);
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


/***/ }),

/***/ 902:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   HI: () => (/* binding */ sendWithRetries),
/* harmony export */   JN: () => (/* binding */ backoff),
/* harmony export */   PS: () => (/* binding */ isRetryableStatus),
/* harmony export */   VV: () => (/* binding */ serverRequestedWait),
/* harmony export */   cO: () => (/* binding */ DEFAULT_RETRY_POLICY),
/* harmony export */   dQ: () => (/* binding */ realClock),
/* harmony export */   ed: () => (/* binding */ retryPolicyFromEnv),
/* harmony export */   w1: () => (/* binding */ RetriesExhausted)
/* harmony export */ });
/* unused harmony exports DEADLINE_ENV, ATTEMPT_TIMEOUT_ENV */
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(296);

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
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${name}: "${text}" is not accepted; expected a number of seconds from 0.1 to 3600 (default ${fallbackMs / 1000})`);
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
            if (error instanceof _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb)
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


/***/ }),

/***/ 526:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  F: () => (/* binding */ PortClient),
  xj: () => (/* binding */ resolveBaseUrl)
});

// UNUSED EXPORTS: DEFAULT_BASE_URL

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(296);
// EXTERNAL MODULE: ./src/core/masking.ts
var masking = __nccwpck_require__(923);
// EXTERNAL MODULE: ./src/port/errors.ts
var port_errors = __nccwpck_require__(272);
// EXTERNAL MODULE: ./src/http/request.ts + 4 modules
var request = __nccwpck_require__(784);
// EXTERNAL MODULE: ./src/http/retry.ts
var retry = __nccwpck_require__(902);
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

// EXTERNAL MODULE: ./src/port/token.ts
var token = __nccwpck_require__(618);
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
        throw new errors/* UsageError */.eb(`PORT_BASE_URL: "${text}" is not a URL; expected https://... or a region (eu, us)`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new errors/* UsageError */.eb(`PORT_BASE_URL: "${text}" is not an http(s) URL; expected https://... or a region (eu, us)`);
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
        this.masker = options.masker ?? new masking/* SecretMasker */.M2();
        this.#grant = options.token;
        this.#policy = { ...retry/* DEFAULT_RETRY_POLICY */.cO, ...options.policy };
        this.#clock = options.clock ?? retry/* realClock */.dQ;
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
        if ((0,token/* isFresh */.pL)(this.#grant, this.#clock.now()))
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
            throw new errors/* UsageError */.eb('Port credentials missing: set PORT_CLIENT_ID and PORT_CLIENT_SECRET (or pass a PORT_ACCESS_TOKEN)');
        }
        this.#auths++;
        const body = await this.#json('POST', '/v1/auth/access_token', { clientId, clientSecret }, 'get an access token');
        if (typeof body.accessToken !== 'string' || body.accessToken === '') {
            throw new port_errors/* ApiError */.h('Port answered the token request without an accessToken', 200);
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
            if (!(ends && lost.since !== undefined && error instanceof port_errors/* ApiError */.h && error.code === 'run_exhausted'))
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
            const response = await (0,request/* sendRequest */.w)('GET', url, headers, undefined, timeoutMs);
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
            if (error instanceof port_errors/* ApiError */.h && error.status === 200)
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
                throw new port_errors/* ApiError */.h(`Could not read the logs of run ${runId}: Port's answer has no list of runLogs`, 200);
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
            throw new port_errors/* ApiError */.h('Port answered /v1/kafka-credentials without credentials.brokers, username and password', 200);
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
            if (!(error instanceof port_errors/* ApiError */.h) || error.status !== 401 || !this.canAuthenticate)
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
                throw new port_errors/* ApiError */.h(`Could not ${what}: no answer from Port (${error.message}); it may have been done, so check before trying again`, null);
            }
            if (answer.status !== 429 || attempt >= 3)
                return answer;
            await this.#clock.sleep((0,retry/* serverRequestedWait */.VV)(429, answer.headers, this.#clock.now()) ?? (0,retry/* backoff */.JN)(attempt, this.#policy, this.#clock.random));
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
        const plain = (timeoutMs) => (0,request/* sendRequest */.w)(method, `${this.baseUrl}${path}`, headers, text, timeoutMs);
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
                throw new port_errors/* ApiError */.h(`Could not ${what}: ${describeAnswer(response)}`, response.status, portError(response)?.error ?? null, traceId(response));
            }
            return parseBody(response) ?? {};
        }
        try {
            response = await (0,retry/* sendWithRetries */.HI)(send, policy, this.#clock, (attempt, waitMs, last) => this.options.onRetry?.(what, attempt, waitMs, last.response ? `Port answered ${last.response.status}` : (last.error?.message ?? 'no answer')));
        }
        catch (error) {
            if (!(error instanceof retry/* RetriesExhausted */.w1))
                throw error;
            const { response: lastResponse, error: lastError } = error.last;
            const reason = lastResponse ? describeAnswer(lastResponse) : `Port could not be reached at ${this.baseUrl} (${lastError?.message ?? 'no answer'})`;
            const unreachable = lastResponse === undefined || lastResponse.status >= 500; // a 429 is Port answering
            if (unreachable)
                this.#gaveUp();
            const tries = downSince === undefined ? error.message : `one attempt only: Port at ${this.baseUrl} has been unreachable since ${clockTime(downSince)} (this job gave up on it then)`;
            throw new port_errors/* ApiError */.h(`Could not ${what}: ${reason}; ${tries}`, lastResponse?.status ?? null, portError(lastResponse)?.error ?? null, traceId(lastResponse));
        }
        if (response.status >= 400) {
            throw new port_errors/* ApiError */.h(`Could not ${what}: ${describeAnswer(response)}`, response.status, portError(response)?.error ?? null, traceId(response));
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


/***/ }),

/***/ 272:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ ApiError)
/* harmony export */ });
/** Port answered with an error, or could not be reached. The CLI exits 3; reporting steps warn by default. */
class ApiError extends Error {
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


/***/ }),

/***/ 790:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ maskerFromEnv),
/* harmony export */   c: () => (/* binding */ unsetRedactWarnings)
/* harmony export */ });
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(923);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(792);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(198);

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
    const masker = new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .SecretMasker */ .M2();
    for (const name of CREDENTIAL_ENV)
        if (env[name])
            masker.add(env[name]);
    for (const name of (env[_core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .SECRET_ENV */ .$7] ?? '').split(',').filter(Boolean)) {
        const value = env[name];
        if (value)
            for (const text of secretInputTexts(value))
                masker.add(text);
    }
    for (const name of (0,_core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .parseVariableNames */ .OE)(env[_core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .REDACT_ENV */ .um] ?? '', _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .REDACT_ENV */ .um))
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
        return [value, ...(0,_core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .maskTextsFor */ .q3)(JSON.parse(value))];
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


/***/ }),

/***/ 618:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ tokenFromEnv),
/* harmony export */   pL: () => (/* binding */ isFresh)
/* harmony export */ });
/* unused harmony exports TOKEN_ENV, TOKEN_EXPIRY_ENV, RENEW_MARGIN_MS */
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


/***/ }),

/***/ 598:
/***/ ((module) => {

module.exports = require("node:crypto");

/***/ }),

/***/ 24:
/***/ ((module) => {

module.exports = require("node:fs");

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

// EXTERNAL MODULE: ./src/github/runner.ts + 1 modules
var runner = __nccwpck_require__(68);
// EXTERNAL MODULE: ./src/core/masking.ts
var masking = __nccwpck_require__(923);
// EXTERNAL MODULE: ./src/core/env.ts
var core_env = __nccwpck_require__(792);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(296);
// EXTERNAL MODULE: ./src/core/payload.ts + 1 modules
var payload = __nccwpck_require__(412);
// EXTERNAL MODULE: ./src/core/secrets.ts
var secrets = __nccwpck_require__(198);
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
        if (error instanceof Error && !(error instanceof errors/* UsageError */.eb) && error.stack)
            runner/* debug */.Yz(error.stack);
        runner/* setFailed */.C1(error instanceof Error ? error.message : String(error));
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
// EXTERNAL MODULE: ./src/core/json.ts
var json = __nccwpck_require__(153);
;// CONCATENATED MODULE: ./src/github/event.ts


/**
 * The inputs of the workflow_dispatch event the runner saved at GITHUB_EVENT_PATH: `port_payload` or
 * `port_context` as JSON text beside the isolated user inputs. Undefined for an event without inputs (a push,
 * a schedule, a workflow_dispatch of a workflow that declares none): Port did not start it.
 * @throws UsageError when the file cannot be read.
 */
function readDispatchInputs(eventPath) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(eventPath, 'utf8');
    }
    catch (error) {
        throw new errors/* UsageError */.eb(`GITHUB_EVENT_PATH: cannot read ${eventPath} (${error.code ?? String(error)})`);
    }
    // The event also holds the repository and sender: larger than a payload, but bounded by the runner.
    const event = (0,json/* parseJsonText */.lk)(text, 'GITHUB_EVENT_PATH', 16 * 1024 * 1024);
    if (!(0,json/* isObject */.Gv)(event))
        throw new errors/* PayloadError */.tG('GITHUB_EVENT_PATH', 'a JSON object', (0,errors/* describeValue */.bp)(event));
    return (0,json/* isObject */.Gv)(event.inputs) ? event.inputs : undefined;
}

// EXTERNAL MODULE: ./src/github/job-state.ts + 2 modules
var job_state = __nccwpck_require__(246);
// EXTERNAL MODULE: ./src/github/reporting.ts
var reporting = __nccwpck_require__(369);
// EXTERNAL MODULE: ./src/github/main-settings.ts
var main_settings = __nccwpck_require__(974);
// EXTERNAL MODULE: ./src/github/settings.ts
var settings = __nccwpck_require__(518);
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
        ['Triggered by', (0,core_env/* triggeredBy */.HO)(context) ?? '(not in the payload)'],
        ['Port run', context.runId ?? '(none: the action omits the payload)'],
    ];
    const lines = ['### Port run', '', '| | |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${escapeMarkdown(value)} |`)];
    if (workflowRunUrl)
        lines.push(`| Workflow run | [${escapeMarkdown(workflowRunUrl)}](${encodeURI(workflowRunUrl)}) |`);
    const inputs = Object.entries(context.inputs);
    if (inputs.length > 0) {
        lines.push('', '| Input | Value |', '|---|---|');
        for (const [id, value] of inputs)
            lines.push(`| ${escapeMarkdown(id)} | ${secrets.has(id) ? '*(secret)*' : escapeMarkdown((0,core_env/* envText */.zi)(value))} |`);
    }
    return `${lines.join('\n')}\n`;
}

// EXTERNAL MODULE: ./src/github/workflow-run.ts
var workflow_run = __nccwpck_require__(442);
;// CONCATENATED MODULE: ./src/github/main.ts










/**
 * The redact input reaches the job's later steps (sub-actions, the CLI, this action's post step) as names only,
 * in PORT_REDACT_ENV: each step reads the values from its own environment, so a secret set only for one step
 * is still kept out of Port by that step, and no value is written to GITHUB_ENV.
 */
function handRedactNamesOn(names) {
    if (names.length === 0)
        return;
    const earlier = (0,masking/* parseVariableNames */.OE)(process.env[core_env/* REDACT_ENV */.um] ?? '', core_env/* REDACT_ENV */.um);
    (0,job_state/* handOn */.xg)(process.env, core_env/* REDACT_ENV */.um, [...new Set([...earlier, ...names])].join(','));
}
function readHanded(payloadInput) {
    if (payloadInput !== undefined)
        return { raw: payloadInput };
    const eventPath = process.env.GITHUB_EVENT_PATH;
    if (!eventPath)
        throw new errors/* UsageError */.eb('No payload: set the payload input, or run in a workflow started by workflow_dispatch');
    const inputs = readDispatchInputs(eventPath);
    return inputs ? { raw: inputs, envelope: 'github_inputs' } : undefined;
}
/** Runs `read`, keeping its error for later: the post step must be armed before any problem is raised. */
function attempt(read) {
    try {
        return read();
    }
    catch (error) {
        return error instanceof Error ? error : new Error(String(error));
    }
}
/**
 * The root action. Its bundle runs twice: as the main step, which parses the run and exposes it, and as the
 * post step (post-if: always()), which ends the run with the job's outcome.
 */
function run() {
    return runStep(async () => {
        if (runner/* getState */.Gu(job_state/* STATE */.c4.isPost) === 'true') {
            await (await __nccwpck_require__.e(/* import() */ 885).then(__nccwpck_require__.bind(__nccwpck_require__, 885))).runPost();
            return;
        }
        runner/* saveState */.LZ(job_state/* STATE */.c4.isPost, 'true'); // first: the post step must know it is one even if main fails
        // Read once, errors kept: the post step is armed before any of them is raised.
        const handed = attempt(() => readHanded((0,settings/* textInput */._Z)('payload')));
        const port = attempt(settings/* readPortSettings */.Pi);
        armPostStep(handed, port);
        await runMain(handed, port);
    });
}
/**
 * When the run id can be seen and Port can be reached, leave the post step what it needs to end the run, so a
 * payload or setting this step refuses still ends the run FAILURE, never left running.
 */
function armPostStep(handed, port) {
    const mode = attempt(main_settings/* readReportStatusMode */.ux);
    if (!handed || handed instanceof Error || port instanceof Error || mode === 'false' || (0,reporting/* missingCredentials */.nm)(port))
        return;
    const given = attempt(main_settings/* readRunIdInput */.jP);
    const runId = (typeof given === 'string' ? given : undefined) ?? (0,payload/* peekRunId */._F)(handed.raw);
    if (!runId)
        return;
    runner/* saveState */.LZ(job_state/* STATE */.c4.runId, runId);
    runner/* saveState */.LZ(job_state/* STATE */.c4.ending, 'end');
}
/**
 * Who ends the run at the end of the job. `auto` leaves it to Port when the payload says Port reports the
 * workflow's status itself (reportWorkflowStatus, on by default for GITHUB actions): two reporters would race,
 * and Port's word covers every job, ours or not. A payload that does not say (port_context) is ended here, so a
 * run whose action has reporting off is never left running.
 */
function endingFor(mode, context) {
    if (mode === 'false')
        return 'off';
    if (mode === 'true')
        return 'end';
    const method = context.actionDefinition?.invocationMethod;
    if (method?.type !== 'GITHUB')
        return 'end';
    return method.reportWorkflowStatus === false || method.reportWorkflowStatus === 'false' ? 'end' : 'port';
}
async function runMain(handed, port) {
    if (port instanceof Error)
        throw port;
    handRedactNamesOn(port.redact);
    const settings = (0,main_settings/* readMainSettings */.Ne)(port);
    if (handed instanceof Error)
        throw handed;
    if (!handed) {
        const event = process.env.GITHUB_EVENT_NAME || 'an event other than workflow_dispatch';
        runner/* notice */.lm(`This workflow was started by ${event}, not by Port: there is no Port run here, so the outputs are empty and nothing is reported.`);
        runner/* setOutput */.uH('format', 'none');
        return;
    }
    const parsed = (0,payload/* parsePayload */.ex)(handed.raw, {
        envelope: handed.envelope,
        userInputs: settings.userInputs,
        ...(settings.runId ? { runId: { value: settings.runId, source: 'run-id' } } : {}),
    });
    let context = parsed;
    if (settings.decryptSecrets) {
        if (!settings.port.clientSecret)
            throw new errors/* UsageError */.eb('decrypt-secrets is true but port-client-secret is empty');
        const decrypted = (0,secrets/* decryptRunSecrets */.ae)(parsed, settings.port.clientSecret);
        decrypted.masks.forEach((text) => runner/* setSecret */.Pq(text)); // before any value can be written
        context = decrypted.context;
    }
    for (const warning of context.warnings)
        runner/* warning */.$e(warning);
    runner/* setOutput */.uH('run-id', context.runId ?? '');
    runner/* setOutput */.uH('action', context.action ?? '');
    runner/* setOutput */.uH('blueprint', context.blueprint ?? '');
    runner/* setOutput */.uH('entity-identifier', context.entityIdentifier ?? '');
    runner/* setOutput */.uH('entity', (0,core_env/* compactJson */.Ar)(context.entity));
    runner/* setOutput */.uH('triggered-by', (0,core_env/* triggeredBy */.HO)(context) ?? '');
    runner/* setOutput */.uH('inputs', (0,core_env/* compactJson */.Ar)(parsed.inputs)); // outputs outlive the job: secrets stay encrypted here
    runner/* setOutput */.uH('format', context.format);
    if (settings.exportEnv) {
        const { entries, warnings } = (0,core_env/* contextEnv */.DU)(context);
        warnings.forEach((warning) => runner/* warning */.$e(warning));
        const { kept, omitted } = (0,core_env/* withinEnvLimits */.J2)(entries);
        if (omitted.length > 0) {
            runner/* warning */.$e(`Too large for the environment, not exported: ${omitted.join(', ')}. Read them from this step's inputs output.`);
        }
        for (const { name, value } of kept)
            runner/* exportVariable */.dN(name, value);
    }
    const thisRun = (0,workflow_run/* workflowRun */.t)();
    if (settings.jobSummary)
        runner/* appendSummary */.fe(jobSummary(context, thisRun.url));
    const off = !context.runId
        ? 'there is no Port run id to report to (no port_payload or port_context input carries one, and run-id is empty)'
        : (0,reporting/* missingCredentials */.nm)(settings.port);
    if (off || !context.runId) {
        runner/* notice */.lm(`Reporting to Port is off: ${off}. The run's context is still in this step's outputs and the environment.`);
        runner/* saveState */.LZ(job_state/* STATE */.c4.ending, 'off');
        return;
    }
    const ending = endingFor(settings.reportStatus, context);
    runner/* saveState */.LZ(job_state/* STATE */.c4.runId, context.runId);
    runner/* saveState */.LZ(job_state/* STATE */.c4.ending, ending);
    // Sub-actions and the CLI find Port through these, so they need no inputs of their own. The secret (masked
    // since readPortSettings) only on request: every later step, third-party actions too, would see it; without it
    // a job that outlives the token (3 h) cannot renew it.
    const env = process.env;
    if (!settings.shareToken)
        (0,job_state/* handOn */.xg)(env, job_state/* HANDED_ENV */.j1.shareToken, 'false'); // before the first token is got
    if (settings.port.clientId)
        (0,job_state/* handOn */.xg)(env, job_state/* HANDED_ENV */.j1.clientId, settings.port.clientId);
    if (settings.exportCredentials && settings.port.clientSecret)
        (0,job_state/* handOn */.xg)(env, job_state/* HANDED_ENV */.j1.clientSecret, settings.port.clientSecret);
    (0,job_state/* handOn */.xg)(env, job_state/* HANDED_ENV */.j1.baseUrl, settings.port.baseUrl);
    (0,job_state/* handOn */.xg)(env, job_state/* HANDED_ENV */.j1.runId, context.runId);
    runner/* info */.pq(`Port run ${context.runId}: action ${context.action ?? '(unknown)'} by ${(0,core_env/* triggeredBy */.HO)(context) ?? '(unknown)'}`);
    const client = (0,reporting/* createClient */.UU)(settings.port);
    const runId = context.runId;
    const job = thisRun.job ? ` (job ${thisRun.job})` : '';
    await (0,reporting/* reportSafely */.tI)(settings.port, async () => {
        await client.updateRun(runId, { ...(thisRun.url ? { link: thisRun.url } : {}), ...(thisRun.runId ? { externalRunId: thisRun.runId } : {}) });
        await client.addLog(runId, { message: `GitHub workflow run started${thisRun.url ? `: ${thisRun.url}` : ''}${job}` });
    });
}

;// CONCATENATED MODULE: ./src/entrypoints/main.ts

void run();

module.exports = __webpack_exports__;
/******/ })()
;
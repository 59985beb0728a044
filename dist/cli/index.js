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
/* harmony export */   Wr: () => (/* binding */ processIo),
/* harmony export */   dm: () => (/* binding */ readArgFile),
/* harmony export */   f: () => (/* binding */ survivePipeClose)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(4296);
/* harmony import */ var _github_runner_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(9373);



/**
 * Keeps a closed standard output or error from crashing the process. When the reader goes away
 * (`port-ci exec -- build | head -2`), a shell's command would die of SIGPIPE; port-ci must instead keep streaming
 * every line to Port and still end the run, so Node's EPIPE error is taken as "nobody reads here any more": the
 * stream is destroyed by it, and every later write there is dropped. Other errors stay fatal.
 */
function survivePipeClose(stream) {
    stream.on('error', (error) => {
        if (error.code !== 'EPIPE')
            throw error;
    });
}
/** Writes unless the reader has gone (see survivePipeClose): a destroyed stream would only raise another error. */
function writeIfRead(stream, text) {
    if (!stream.destroyed)
        stream.write(text);
}
/**
 * port-ci's own messages on stderr quote what they refuse (a payload's field, a flag's value). Inside GitHub
 * Actions the runner reads stderr for workflow commands too, so there each line is written so that none can be
 * taken for one (github/runner.ts). Stdout is left alone: it is data (`context --format env`) or a command's own
 * output passed through.
 */
function ownMessages(text) {
    if (process.env.GITHUB_ACTIONS !== 'true')
        return text;
    return text
        .split('\n')
        .map((line, i, lines) => (i === lines.length - 1 && line === '' ? line : (0,_github_runner_js__WEBPACK_IMPORTED_MODULE_1__/* .neutralizeCommands */ .Kw)(line)))
        .join('\n');
}
const processIo = {
    env: process.env,
    stdout: (text) => writeIfRead(process.stdout, text),
    stderr: (text) => writeIfRead(process.stderr, ownMessages(text)),
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
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`${flag}: cannot read ${file} (${error.code ?? String(error)})`);
    }
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

/***/ 2085:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ didYouMean),
/* harmony export */   k: () => (/* binding */ closest)
/* harmony export */ });
/**
 * The choice a mistyped word most likely meant, or undefined when none is close: at most two edits (an insertion,
 * deletion, substitution or swap of neighbours), and fewer than a third of the word's letters, so "stat" does not
 * suggest "status" for "start" nor any word for a word of two letters.
 */
function closest(word, choices) {
    const typed = word.trim().toLowerCase();
    let best;
    for (const choice of choices) {
        const distance = editDistance(typed, choice.toLowerCase());
        if (distance === 0)
            return choice;
        if (distance <= 2 && distance * 3 < Math.max(typed.length, choice.length) && (!best || distance < best.distance))
            best = { choice, distance };
    }
    return best?.choice;
}
/** `; did you mean "x"?` for an error message, or nothing. */
function didYouMean(word, choices) {
    const choice = closest(word, choices);
    return choice === undefined ? '' : `; did you mean "${choice}"?`;
}
/** Optimal string alignment distance: Levenshtein with swaps of neighbouring letters counted as one edit. */
function editDistance(a, b) {
    const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let value = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                value = Math.min(value, rows[i - 2][j - 2] + 1);
            rows[i][j] = value;
        }
    }
    return rows[a.length][b.length];
}


/***/ }),

/***/ 9373:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ appendEnvFile),
/* harmony export */   Kw: () => (/* binding */ neutralizeCommands)
/* harmony export */ });
/* unused harmony exports getInput, getMultilineInput, setOutput, exportVariable, saveState, getState, setSecret, info, debug, notice, warning, error, setFailed, appendSummary */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);



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
    process.stdout.write(`::${name}::${data}${EOL}`);
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
    const delimiter = `ghadelimiter_${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`;
    if (name.includes(delimiter) || value.includes(delimiter))
        throw new Error(`the value of ${name} holds the file-command delimiter`);
    if (/[\r\n]/.test(name))
        throw new Error(`the name ${JSON.stringify(name)} holds a line break`);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.appendFileSync)(file, `${name}<<${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}${value}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`, 'utf8');
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
    process.stdout.write(`${neutralizeCommands(message)}${EOL}`);
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
        appendFileSync(file, markdown, 'utf8');
}


/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

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

/***/ 8995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

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

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

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

/***/ 8500:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 7066:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tty");

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

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 2018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 3106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

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

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(4296);
// EXTERNAL MODULE: ./src/core/suggest.ts
var suggest = __nccwpck_require__(2085);
// EXTERNAL MODULE: ./src/cli/errors.ts
var cli_errors = __nccwpck_require__(6675);
// EXTERNAL MODULE: ./src/cli/io.ts
var io = __nccwpck_require__(1604);
;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"0.1.0"};
;// CONCATENATED MODULE: ./src/cli/main.ts




function helpText({ commands, note }) {
    // Summaries start two columns past the longest name, so a longer name cannot run into its summary.
    const width = Math.max(...Object.keys(commands).map((name) => name.length)) + 2;
    return `port-ci ${package_namespaceObject.rE}: run Port self-service actions in GitHub Actions and GitLab CI

Usage: port-ci <command> [options]

Commands:
${Object.entries(commands)
        .map(([name, { summary }]) => `  ${name.padEnd(width)}${summary}`)
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
${note === undefined ? '' : `\n${note}\n`}`;
}
/**
 * Runs one command line and returns the exit code. This is the CLI's one error boundary: user errors print
 * one line, API errors their status, and only --debug shows a stack.
 */
async function main(argv, io, table) {
    const { commands } = table;
    // Flags after "--" belong to a wrapped command (exec), not to port-ci.
    const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
    const debug = argv.slice(0, end).includes('--debug');
    const args = [...argv.slice(0, end).filter((arg) => arg !== '--debug'), ...argv.slice(end)];
    const [name, ...rest] = args;
    try {
        if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
            io.stdout(helpText(table));
            return name === undefined ? cli_errors/* EXIT */.d.usage : cli_errors/* EXIT */.d.ok;
        }
        if (name === '-V' || name === '--version') {
            io.stdout(`${package_namespaceObject.rE}\n`);
            return cli_errors/* EXIT */.d.ok;
        }
        const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
        if (entry === undefined) {
            const absent = table.absent !== undefined && Object.hasOwn(table.absent, name) ? table.absent[name] : undefined;
            if (absent !== undefined)
                throw new errors/* UsageError */.eb(`${name}: ${absent}`);
            throw new errors/* UsageError */.eb(`unknown command "${name}"${(0,suggest/* didYouMean */.a)(name, Object.keys(commands))}; commands: ${Object.keys(commands).join(', ')} (see port-ci --help)`);
        }
        const command = await entry.load();
        const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
        if (own.includes('-h') || own.includes('--help')) {
            io.stdout(command.usage);
            return cli_errors/* EXIT */.d.ok;
        }
        return await command.run(rest, io);
    }
    catch (error) {
        return report(error, io, debug);
    }
}
function report(error, io, debug) {
    if (error instanceof cli_errors/* ExitError */.R)
        return error.code;
    const code = exitCodeFor(error);
    const message = error instanceof Error ? error.message : String(error);
    if (code === cli_errors/* EXIT */.d.unexpected)
        io.stderr(`port-ci: unexpected error: ${message}${debug ? '' : ' (run again with --debug for the stack)'}\n`);
    else
        io.stderr(`port-ci: ${message}\n`);
    if (debug && error instanceof Error && error.stack)
        io.stderr(`${error.stack}\n`);
    return code;
}
function exitCodeFor(error) {
    if (error instanceof errors/* UsageError */.eb)
        return cli_errors/* EXIT */.d.usage;
    const carried = error?.exitCode; // API errors carry their own (3)
    return typeof carried === 'number' ? carried : cli_errors/* EXIT */.d.unexpected;
}
/** Entry point: run argv and set the exit code without cutting off buffered output. */
function run(table) {
    (0,io/* survivePipeClose */.f)(process.stdout);
    (0,io/* survivePipeClose */.f)(process.stderr);
    main(process.argv.slice(2), io/* processIo */.Wr, table).then((code) => {
        process.exitCode = code;
    }, (error) => {
        process.stderr.write(`port-ci: ${String(error)}\n`);
        process.exitCode = cli_errors/* EXIT */.d.unexpected;
    });
}

;// CONCATENATED MODULE: ./src/cli/summaries.ts
/** What each command does, in one line of --help; every build of the CLI lists its commands with these. */
const SUMMARIES = {
    context: "print the run's context (who asked for what) from Port's payload",
    sandbox: 'run a local Port API (runs page, faults on demand) to try jobs without a Port account',
    log: "add a message, or standard input's lines, to the run's log",
    report: 'update the run: status, summary, links, label',
    dispatch: "do Port's side of the hand-off: validate, build the payload, trigger the backend",
    'verify-signature': "check a webhook's X-Port-Signature and timestamp (for receivers)",
    exec: "run a command and stream its output to the run's log",
    agent: "Port's execution agent: hand runs from the organisation's Kafka topic on to webhooks and GitLab",
    entity: 'write and read the catalog: upsert, bulk, get, search, delete entities',
    run: "start, read, list and approve Port's action runs",
};

;// CONCATENATED MODULE: ./src/cli/registry.ts

/** The full CLI (the npm package's port-ci): a lazy registry, so a command pays only for its own modules. */
const FULL_CLI = {
    commands: {
        context: { summary: SUMMARIES.context, load: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(942), __nccwpck_require__.e(659)]).then(__nccwpck_require__.bind(__nccwpck_require__, 3659))).command },
        sandbox: { summary: SUMMARIES.sandbox, load: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(942), __nccwpck_require__.e(329)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7329))).command },
        log: { summary: SUMMARIES.log, load: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(732), __nccwpck_require__.e(942), __nccwpck_require__.e(22), __nccwpck_require__.e(859)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2859))).command },
        report: { summary: SUMMARIES.report, load: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(732), __nccwpck_require__.e(942), __nccwpck_require__.e(22), __nccwpck_require__.e(425)]).then(__nccwpck_require__.bind(__nccwpck_require__, 5806))).command },
        dispatch: { summary: SUMMARIES.dispatch, load: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(457), __nccwpck_require__.e(196), __nccwpck_require__.e(86), __nccwpck_require__.e(732), __nccwpck_require__.e(942), __nccwpck_require__.e(22), __nccwpck_require__.e(539), __nccwpck_require__.e(303)]).then(__nccwpck_require__.bind(__nccwpck_require__, 3303))).command },
        'verify-signature': { summary: SUMMARIES['verify-signature'], load: async () => (await __nccwpck_require__.e(/* import() */ 251).then(__nccwpck_require__.bind(__nccwpck_require__, 1251))).command },
        exec: { summary: SUMMARIES.exec, load: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(732), __nccwpck_require__.e(942), __nccwpck_require__.e(22), __nccwpck_require__.e(983)]).then(__nccwpck_require__.bind(__nccwpck_require__, 9983))).command },
        entity: {
            summary: SUMMARIES.entity,
            load: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(732), __nccwpck_require__.e(942), __nccwpck_require__.e(22), __nccwpck_require__.e(444)]).then(__nccwpck_require__.bind(__nccwpck_require__, 1444))).entityCommand(async () => (await __nccwpck_require__.e(/* import() */ 815).then(__nccwpck_require__.t.bind(__nccwpck_require__, 8815, 19))).parse),
        },
        run: { summary: SUMMARIES.run, load: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(732), __nccwpck_require__.e(942), __nccwpck_require__.e(22), __nccwpck_require__.e(270)]).then(__nccwpck_require__.bind(__nccwpck_require__, 4270))).command },
        agent: {
            summary: SUMMARIES.agent,
            load: async () => {
                // The consumer half (the command) and the run handler half meet here; only this command loads Kafka.
                const [{ agentCommand }, { makeRunHandler }] = await Promise.all([Promise.all(/* import() */[__nccwpck_require__.e(457), __nccwpck_require__.e(253), __nccwpck_require__.e(732), __nccwpck_require__.e(470)]).then(__nccwpck_require__.bind(__nccwpck_require__, 3470)), Promise.all(/* import() */[__nccwpck_require__.e(732), __nccwpck_require__.e(806)]).then(__nccwpck_require__.bind(__nccwpck_require__, 6806))]);
                return agentCommand(makeRunHandler);
            },
        },
    },
};

;// CONCATENATED MODULE: ./src/entrypoints/cli.ts


run(FULL_CLI);


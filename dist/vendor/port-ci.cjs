#!/usr/bin/env node
/******/ (() => { // webpackBootstrap
/******/ 	"use strict";
/******/ 	// The require scope
/******/ 	var __nccwpck_require__ = {};
/******/ 	
/************************************************************************/
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
/******/ 	/* webpack/runtime/hasOwnProperty shorthand */
/******/ 	(() => {
/******/ 		__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ 	})();
/******/ 	
/************************************************************************/
var __webpack_exports__ = {};

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
class PayloadError extends errors_UsageError {
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

;// CONCATENATED MODULE: ./src/core/suggest.ts
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

;// CONCATENATED MODULE: ./src/cli/errors.ts
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

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = require("node:fs");
;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = require("node:crypto");
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

;// CONCATENATED MODULE: ./src/cli/io.ts



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
        .map((line, i, lines) => (i === lines.length - 1 && line === '' ? line : neutralizeCommands(line)))
        .join('\n');
}
const processIo = {
    env: process.env,
    stdout: (text) => writeIfRead(process.stdout, text),
    stderr: (text) => writeIfRead(process.stderr, ownMessages(text)),
    readStdin: () => (0,external_node_fs_namespaceObject.readFileSync)(0, 'utf8'),
    stdinStream: () => process.stdin,
    stdoutStream: process.stdout,
    stderrStream: process.stderr,
};
/** Reads a file named on the command line; `-` is standard input. Errors name the flag. */
function readArgFile(io, flag, file) {
    if (file === '-')
        return io.readStdin();
    try {
        return (0,external_node_fs_namespaceObject.readFileSync)(file, 'utf8');
    }
    catch (error) {
        throw new errors_UsageError(`${flag}: cannot read ${file} (${error.code ?? String(error)})`);
    }
}

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
            return name === undefined ? EXIT.usage : EXIT.ok;
        }
        if (name === '-V' || name === '--version') {
            io.stdout(`${package_namespaceObject.rE}\n`);
            return EXIT.ok;
        }
        const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
        if (entry === undefined) {
            const absent = table.absent !== undefined && Object.hasOwn(table.absent, name) ? table.absent[name] : undefined;
            if (absent !== undefined)
                throw new errors_UsageError(`${name}: ${absent}`);
            throw new errors_UsageError(`unknown command "${name}"${didYouMean(name, Object.keys(commands))}; commands: ${Object.keys(commands).join(', ')} (see port-ci --help)`);
        }
        const command = await entry.load();
        const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
        if (own.includes('-h') || own.includes('--help')) {
            io.stdout(command.usage);
            return EXIT.ok;
        }
        return await command.run(rest, io);
    }
    catch (error) {
        return report(error, io, debug);
    }
}
function report(error, io, debug) {
    if (error instanceof ExitError)
        return error.code;
    const code = exitCodeFor(error);
    const message = error instanceof Error ? error.message : String(error);
    if (code === EXIT.unexpected)
        io.stderr(`port-ci: unexpected error: ${message}${debug ? '' : ' (run again with --debug for the stack)'}\n`);
    else
        io.stderr(`port-ci: ${message}\n`);
    if (debug && error instanceof Error && error.stack)
        io.stderr(`${error.stack}\n`);
    return code;
}
function exitCodeFor(error) {
    if (error instanceof errors_UsageError)
        return EXIT.usage;
    const carried = error?.exitCode; // API errors carry their own (3)
    return typeof carried === 'number' ? carried : EXIT.unexpected;
}
/** Entry point: run argv and set the exit code without cutting off buffered output. */
function run(table) {
    survivePipeClose(process.stdout);
    survivePipeClose(process.stderr);
    main(process.argv.slice(2), processIo, table).then((code) => {
        process.exitCode = code;
    }, (error) => {
        process.stderr.write(`port-ci: ${String(error)}\n`);
        process.exitCode = EXIT.unexpected;
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

;// CONCATENATED MODULE: ./src/core/json.ts

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
        throw new PayloadError(path, `at most ${formatLimit(maxBytes)}`, `${bytes} bytes`);
}
/**
 * Parses JSON text that came from outside (a payload, an input, a file) with the checks every face needs:
 * a size cap, a nesting cap, and no NUL characters, which no environment variable or output file can carry.
 * @throws PayloadError naming `path`.
 */
function parseJsonText(text, path, maxBytes = MAX_PAYLOAD_BYTES) {
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
    const parsed = typeof value === 'string' ? parseJsonText(value, path) : value;
    if (typeof value !== 'string')
        checkSize(Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8'), path);
    if (!isObject(parsed))
        throw new PayloadError(path, 'a JSON object', describeValue(parsed));
    return parsed;
}
/** A key's own value: an id like "toString" or "constructor" must not find the object prototype's. */
function ownValue(container, key) {
    return container && Object.hasOwn(container, key) ? container[key] : undefined;
}

;// CONCATENATED MODULE: ./src/core/inputs.ts


/**
 * Input ids become object keys, environment variable names and workflow input names. Refuse the few that
 * could corrupt an object (`__proto__`) or an env file (whitespace, `=`, control characters).
 */
const INPUT_ID = /^[^\s=\p{Cc}\u2028\u2029]{1,200}$/u;
function checkInputId(id, path) {
    if (!INPUT_ID.test(id) || id === '__proto__') {
        throw new PayloadError(path, 'an input id of 1-200 characters without spaces, "=" or control characters', describeValue(id));
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
                throw new PayloadError(path, 'a number', describeValue(text));
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
            throw new PayloadError(path, 'true or false', describeValue(text));
        }
        case 'object': {
            if (text.trim() === '')
                return undefined;
            const value = parseJsonText(text, path);
            if (!isObject(value))
                throw new PayloadError(path, 'an object as JSON', describeValue(value));
            return value;
        }
        case 'array': {
            if (text.trim() === '')
                return undefined;
            const value = parseJsonText(text, path);
            if (!Array.isArray(value))
                throw new PayloadError(path, 'an array as JSON', describeValue(value));
            return value;
        }
        default: {
            // An entity input arrives as the entity's identifier or as the whole entity (PORT-FACTS.md §1).
            if (spec.format === 'entity' && text.trimStart().startsWith('{')) {
                const value = parseJsonText(text, path);
                if (!isObject(value) || typeof value.identifier !== 'string') {
                    throw new PayloadError(path, 'an entity identifier or an entity object with "identifier"', describeValue(value));
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
    if (isObject(value)) {
        const keys = Object.keys(value).sort();
        return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
    }
    return JSON.stringify(value) ?? 'null';
}
/** An entity input may come as its identifier or as the entity object; both name the same entity. */
function entityIds(value) {
    const id = (item) => (isObject(item) && typeof item.identifier === 'string' ? item.identifier : item);
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
        const spec = ownValue(args.schema?.properties, id);
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
            const detail = secret ? 'the two secret values differ' : `${describeValue(typed)} there, ${describeValue(entries.get(id))} in the payload`;
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
    const value = typeof raw === 'string' ? parseJsonText(raw, root) : raw;
    if (typeof raw !== 'string')
        checkTree(value, root); // before any size measure, which recurses
    if (!isObject(value))
        throw new PayloadError(root, 'a JSON object', describeValue(value));
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
        secretInputs: [...secretIds].filter((id) => Object.hasOwn(inputs, id) || ownValue(schema?.properties, id) !== undefined),
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
    const text = ownValue(isolated, source.input);
    if (text === undefined) {
        const names = Object.keys(isolated);
        const listed = names.length === 0 ? 'there are none' : `they are ${names.slice(0, 10).map((name) => JSON.stringify(name)).join(', ')}${names.length > 10 ? ', …' : ''}`;
        throw new PayloadError(source.source, `the name of one of the ${carriersOf(unwrapped.envelope)} (${listed})`, JSON.stringify(source.input));
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
            throw new PayloadError(`${messagePath}.runId`, RUN_ID_EXPECTED, 'nothing (no "runId" or "run_id" in it, and no run id given elsewhere)');
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
        const portPayload = value.port_payload === undefined ? {} : objectOrJsonText(value.port_payload, 'port_payload');
        const { port_context: portContext, ...variables } = textMap(value.variables, 'variables');
        // Port's agent sends `{}` when the action omits the payload (PORT-FACTS.md §3). An action in the current
        // format has no port_payload: its pipelineVariables carry the run as port_context, as workflowInputs do on GitHub.
        if (Object.keys(portPayload).length === 0 && present(portContext)) {
            return {
                envelope,
                message: readMessage(objectOrJsonText(portContext, 'variables.port_context'), 'port_context'),
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
        const inputs = isObject(value.inputs) && typeof value.workflow === 'string' ? value.inputs : value; // a whole event
        const { port_payload: portPayload, port_context: portContext, ...rest } = inputs;
        const carrier = present(portPayload) ? 'port_payload' : present(portContext) ? 'port_context' : null;
        const carried = carrier === 'port_payload' ? portPayload : portContext;
        return {
            envelope,
            message: carrier === null ? null : readMessage(objectOrJsonText(carried, carrier), carrier),
            messagePath: carrier ?? 'port_payload',
            isolated: textMap(rest, 'inputs'),
            isolatedPath: 'inputs',
            ref: null,
        };
    }
    const messagePath = isClassic(value) ? 'port_payload' : 'port_context';
    checkSize(Buffer.byteLength(JSON.stringify(value), 'utf8'), 'payload');
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
    if (isObject(value.port_payload) || isObject(value.variables))
        return 'gitlab_trigger';
    if ('port_payload' in value || 'port_context' in value)
        return 'github_inputs';
    if (isObject(value.inputs) && typeof value.workflow === 'string')
        return 'github_inputs';
    const keys = Object.keys(value).slice(0, 6).map((key) => JSON.stringify(key.slice(0, 30)));
    throw new PayloadError('payload', 'a Port run: a classic port_payload (with context.runId), a port_context object (with runId or run_id), a GitLab trigger body (with port_payload and variables) or workflow_dispatch inputs (with port_payload or port_context)', keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`);
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
    throw new PayloadError(`${path}.context.runId`, RUN_ID_EXPECTED, 'nothing (neither a classic "context" nor a port_context "runId" or "run_id")');
}
function readClassic(message, path) {
    const context = requireObject(message.context, `${path}.context`);
    const body = message.payload === undefined || message.payload === null ? {} : requireObject(message.payload, `${path}.payload`);
    const properties = body.properties === undefined || body.properties === null ? {} : requireObject(body.properties, `${path}.payload.properties`);
    const entity = optionalEntity(body.entity, `${path}.payload.entity`);
    const actionDefinition = optionalActionDefinition(body.action, `${path}.payload.action`);
    const censored = body.censoredProperties === undefined || body.censoredProperties === null ? [] : body.censoredProperties;
    if (!Array.isArray(censored) || censored.some((id) => typeof id !== 'string')) {
        throw new PayloadError(`${path}.payload.censoredProperties`, 'a list of input ids', describeValue(censored));
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
        entity = optionalEntity(objectOrJsonText(rawEntity, `${path}.entity`), `${path}.entity`);
    }
    else if (isObject(rawEntity)) {
        entity = optionalEntity(rawEntity, `${path}.entity`);
    }
    else {
        entityIdentifier = optionalText(context, 'entity', `${path}.entity`) || null;
    }
    if (entity !== null && Object.keys(entity).length === 0)
        entity = null;
    const entityBlueprint = typeof entity?.blueprint === 'string' && entity.blueprint !== '' ? entity.blueprint : null;
    const inputs = present(context.inputs) ? objectOrJsonText(context.inputs, `${path}.inputs`) : undefined;
    let trigger;
    if (typeof context.trigger === 'string' && context.trigger !== '' && !/^\s*[{[]/.test(context.trigger)) {
        // A docs automation sends `"trigger": "automation"`: a word, not the trigger. Nothing to read in it.
        warnings.push(`${path}.trigger is ${describeValue(context.trigger)}, not the trigger object ({{ .trigger }}); who ran the action is not known`);
    }
    else if (present(context.trigger)) {
        trigger = objectOrJsonText(context.trigger, `${path}.trigger`);
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
            throw new PayloadError(`${path}.${key}`, `the same run id as ${found.runIdPath} (${found.runId})`, describeValue(value));
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
        throw new PayloadError(path, RUN_ID_EXPECTED, describeValue(value));
    return value;
}
function requireObject(value, path) {
    if (!isObject(value))
        throw new PayloadError(path, 'an object', describeValue(value));
    return value;
}
function optionalText(container, key, path) {
    const value = container[key];
    if (value === undefined || value === null)
        return null;
    if (typeof value !== 'string')
        throw new PayloadError(path, 'a string or null', describeValue(value));
    return value;
}
function actionIdentifier(value, path) {
    if (value === undefined || value === null)
        return null;
    if (typeof value === 'string')
        return value;
    if (isObject(value) && typeof value.identifier === 'string')
        return value.identifier;
    throw new PayloadError(path, 'the action identifier (a string, or an object with "identifier")', describeValue(value));
}
function optionalEntity(value, path) {
    if (value === undefined || value === null)
        return null;
    const entity = requireObject(value, path);
    if (entity.identifier !== undefined && typeof entity.identifier !== 'string') {
        throw new PayloadError(`${path}.identifier`, 'a string', describeValue(entity.identifier));
    }
    return entity;
}
function optionalActionDefinition(value, path) {
    if (value === undefined || value === null)
        return null;
    const action = requireObject(value, path);
    if (action.identifier !== undefined && typeof action.identifier !== 'string') {
        throw new PayloadError(`${path}.identifier`, 'a string', describeValue(action.identifier));
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
            throw new PayloadError(`${path}.${id}`, 'text', describeValue(item));
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
        if (!isObject(value))
            return null;
        if (isObject(value.context))
            return asRunId(value.context.runId);
        // A carrier first: beside it, a `run_id` is a workflow input, which only --run-id-from may name.
        // ...and a GitLab trigger body of the current format carries port_context among its variables.
        const variables = isObject(value.variables) ? value.variables : {};
        const carried = [value.port_payload, value.port_context, variables.port_context].find((item) => present(item) && !(isObject(item) && Object.keys(item).length === 0));
        if (carried !== undefined) {
            value = carried;
            continue;
        }
        const message = value;
        const direct = RUN_ID_KEYS.map((key) => asRunId(message[key])).find((id) => id !== null);
        if (direct)
            return direct;
        value = isObject(message.inputs) ? message.inputs : undefined;
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
    const action = parseJsonText(text, source);
    if (!isObject(action))
        throw new PayloadError(source, DEFINITIONS_ACCEPTED, describeValue(action));
    const { trigger } = action;
    if (typeof trigger === 'string' && TRIGGERS.includes(trigger))
        return checkUserInputs(action.userInputs, `${source}.userInputs`);
    if (isObject(trigger)) {
        if (trigger.type === 'automation') {
            throw new PayloadError(`${source}.trigger.type`, `${DEFINITIONS_ACCEPTED}; an automation has no userInputs to type inputs with`, '"automation"');
        }
        if (trigger.userInputs !== undefined || trigger.type === 'self-service') {
            return checkUserInputs(trigger.userInputs, `${source}.trigger.userInputs`);
        }
    }
    throw new PayloadError(`${source}.trigger`, DEFINITIONS_ACCEPTED, isObject(trigger) ? 'an object without type "self-service" or userInputs' : describeValue(trigger));
}
function checkUserInputs(value, path) {
    if (value === undefined || value === null)
        return {};
    if (!isObject(value))
        throw new PayloadError(path, 'an object', describeValue(value));
    if (value.properties !== undefined && !isObject(value.properties)) {
        throw new PayloadError(`${path}.properties`, 'an object', describeValue(value.properties));
    }
    // `required` may be {"jqQuery": ...} in the current format; typing isolated inputs reads only `properties`.
    return value;
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
        throw new errors_UsageError(`PORT_CLIENT_SECRET: expected at least ${KEY_BYTES} bytes to form the AES-256 key but found ${bytes.length}`);
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
        const decipher = (0,external_node_crypto_namespaceObject.createDecipheriv)('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
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
        else if (isObject(item))
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
        text = (0,external_node_fs_namespaceObject.readFileSync)(eventPath, 'utf8');
    }
    catch (error) {
        throw new errors_UsageError(`GITHUB_EVENT_PATH: cannot read ${eventPath} (${error.code ?? String(error)})`);
    }
    // The event also holds the repository and sender: larger than a payload, but bounded by the runner.
    const event = parseJsonText(text, 'GITHUB_EVENT_PATH', 16 * 1024 * 1024);
    if (!isObject(event))
        throw new PayloadError('GITHUB_EVENT_PATH', 'a JSON object', describeValue(event));
    return isObject(event.inputs) ? event.inputs : undefined;
}

;// CONCATENATED MODULE: ./src/gitlab/trigger.ts


/**
 * The body Port's agent posted to GitLab's trigger API, which GitLab saves in the file named by
 * $TRIGGER_PAYLOAD. It holds the trigger token too: callers must never print it whole.
 */
function readTriggerPayload(path) {
    try {
        return (0,external_node_fs_namespaceObject.readFileSync)(path, 'utf8');
    }
    catch (error) {
        throw new errors_UsageError(`TRIGGER_PAYLOAD: cannot read ${path} (${error.code ?? String(error)})`);
    }
}

;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = require("node:util");
;// CONCATENATED MODULE: ./src/cli/args.ts


/**
 * Strict flag parsing for one command: an unknown flag or a missing value is a UsageError that names the
 * flag and lists the ones the command takes.
 */
function parseFlags(command, args, options, allowPositionals = false) {
    try {
        return (0,external_node_util_namespaceObject.parseArgs)({ args, options, allowPositionals, strict: true });
    }
    catch (error) {
        const known = Object.keys(options)
            .map((name) => `--${name}`)
            .join(', ');
        const reason = error instanceof Error ? error.message.replace(/\s*To specify a positional argument.*$/s, '') : String(error);
        throw new errors_UsageError(`${command}: ${reason} (accepted: ${known}; see port-ci ${command} --help)`);
    }
}
/** One of a fixed set of words, or a UsageError that lists them. */
function oneOf(flag, value, accepted) {
    if (accepted.includes(value))
        return value;
    throw new errors_UsageError(`${flag}: "${value}" is not accepted; expected ${accepted.join(', ')}`);
}
// Durations are read the same way by every face (the actions' timeout input too).

/** A whole number within bounds, or a UsageError that names the flag and the accepted range. */
function wholeNumber(flag, text, min, max = Number.MAX_SAFE_INTEGER) {
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (Number.isSafeInteger(value) && value >= min && value <= max)
        return value;
    const range = max === Number.MAX_SAFE_INTEGER ? `from ${min}` : `from ${min} to ${max}`;
    throw new errors_UsageError(`${flag}: "${text}" is not accepted; expected a whole number ${range}`);
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
        throw new errors_UsageError(`${command}: which operation? expected one of ${list} (port-ci ${command} --help)`);
    if (!spec.operations.includes(operation))
        throw new errors_UsageError(`${command}: "${operation}" is not an operation; expected one of ${list}`);
    if (positionals.length > 1)
        throw new errors_UsageError(`${command} ${operation}: unexpected argument "${positionals[1]}"; values go after their flags (${spec.example})`);
    const op = operation;
    for (const [name, value] of Object.entries(values)) {
        if (value === undefined || value === false || spec.shared.includes(name))
            continue;
        if (!spec.takes[op].includes(name))
            throw new errors_UsageError(`${command} ${op}: --${name} is not taken here; it takes ${spec.takes[op].map((flag) => `--${flag}`).join(', ')}`);
    }
    return { op, flags: values };
}

;// CONCATENATED MODULE: ./src/cli/commands/context.ts





const FORMATS = ['json', 'dotenv', 'env'];
/** PORT_RUN_ID, PORT_ACTION, PORT_BLUEPRINT, PORT_ENTITY_IDENTIFIER, PORT_TRIGGERED_BY: always kept. */
const RUN_FIELDS = 5;
/** `--set NAME=VALUE`: an extra variable for env and dotenv output (the GitLab template adds PORT_CI with it). */
function parseAssignment(text) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(text);
    if (!match)
        throw new errors_UsageError(`--set: "${text}" is not accepted; expected NAME=VALUE with NAME made of letters, digits and "_"`);
    return { name: match[1], value: match[2], secret: false };
}
function positiveInteger(flag, text) {
    if (text === undefined)
        return undefined;
    if (!/^[1-9][0-9]*$/.test(text))
        throw new errors_UsageError(`${flag}: "${text}" is not accepted; expected a whole number above 0`);
    return Number(text);
}
const usage = `Usage: port-ci context [--payload JSON | --payload-file FILE] [--action FILE] [--run-id-from NAME] [--format json|dotenv|env] [--decrypt]

Prints the run's context: run id, action, blueprint, entity, who triggered it and the typed inputs.

Where the payload comes from (the first one found):
  --payload JSON        the payload itself: a classic port_payload, a port_context object or a GitLab trigger body
  --payload-file FILE   a file holding it ("-" reads standard input)
  $PORT_PAYLOAD         the payload as JSON text
  $TRIGGER_PAYLOAD      GitLab: the file holding the body Port's agent sent to the trigger API
  $GITHUB_EVENT_PATH    GitHub: the workflow_dispatch event (port_payload / port_context and the isolated inputs)

Options:
  --action FILE         the action definition (JSON), classic (userInputs beside trigger "CREATE", "DAY-2" or
                        "DELETE") or current (trigger.userInputs of a self-service trigger): its userInputs type
                        the isolated inputs when the payload carries no definition (omitPayload and v2 runs)
  --run-id-from NAME    the workflow_dispatch input (GitHub) or trigger variable (GitLab) that holds the run id,
                        for actions that send it on its own ("run_id": "{{ .run.id }}"); it wins over a run id
                        in the payload (a different one is a warning) and is not listed among the inputs
  --format FORMAT       json (default): one object with runId, action, blueprint, entityIdentifier, entity,
                          triggeredBy, trigger, inputs, secretInputs, format, envelope
                        env: "export NAME='value'" lines for eval in a POSIX shell
                        dotenv: NAME=value lines for GitLab's dotenv reports; a value that cannot live on one
                          line (line breaks, "$", surrounding blanks) is written as NAME_B64 (base64)
  --decrypt             decrypt secret inputs (aes256-gcm) with $PORT_CLIENT_SECRET (not with dotenv, whose
                        reports are kept as artifacts)
  --set NAME=VALUE      add a variable to env and dotenv output (repeatable)
  --max-variables N     dotenv: write at most N variables (GitLab.com allows 20)
  --max-bytes N         dotenv: write at most N bytes (GitLab allows 5120); what does not fit is named on stderr
  --optional            when no payload was handed over at all, write only the --set variables and exit 0

Variables printed by env and dotenv: PORT_RUN_ID, PORT_ACTION, PORT_BLUEPRINT, PORT_ENTITY_IDENTIFIER,
PORT_TRIGGERED_BY, PORT_INPUTS (compact JSON) and PORT_INPUT_<ID> (the input id upper-snake-cased).
Warnings (such as an input whose two copies disagree) go to standard error.
`;
function payloadGiven(flags, env) {
    return flags.payload !== undefined || flags['payload-file'] !== undefined || Boolean(env.PORT_PAYLOAD || env.TRIGGER_PAYLOAD || env.GITHUB_EVENT_PATH);
}
/** Finds the payload: flags first, then what the CI system left in the environment. */
function locatePayload(flags, io) {
    if (flags.payload !== undefined && flags['payload-file'] !== undefined) {
        throw new errors_UsageError('context: give either --payload or --payload-file, not both');
    }
    if (flags.payload !== undefined)
        return { raw: flags.payload };
    if (flags['payload-file'] !== undefined)
        return { raw: readArgFile(io, '--payload-file', flags['payload-file']) };
    const { PORT_PAYLOAD, TRIGGER_PAYLOAD, GITHUB_EVENT_PATH } = io.env;
    if (PORT_PAYLOAD)
        return { raw: PORT_PAYLOAD };
    if (TRIGGER_PAYLOAD)
        return { raw: readTriggerPayload(TRIGGER_PAYLOAD), envelope: 'gitlab_trigger' };
    if (GITHUB_EVENT_PATH) {
        const inputs = readDispatchInputs(GITHUB_EVENT_PATH);
        if (!inputs) {
            throw new errors_UsageError('GITHUB_EVENT_PATH: this event has no workflow_dispatch inputs; Port starts workflows with workflow_dispatch, so declare port_payload (or the action\'s inputs) under on.workflow_dispatch.inputs, or pass the payload explicitly');
        }
        return { raw: inputs, envelope: 'github_inputs' };
    }
    throw new errors_UsageError('context: no Port payload found; pass --payload or --payload-file, or run inside a job where $TRIGGER_PAYLOAD (GitLab) or $GITHUB_EVENT_PATH (GitHub) is set');
}
function readActionSchema(io, file) {
    return userInputsOf(readArgFile(io, '--action', file), '--action');
}
/** The JSON view of a context: the fields a script reads, without the internals. */
function contextJson(context) {
    return {
        runId: context.runId,
        action: context.action,
        blueprint: context.blueprint,
        entityIdentifier: context.entityIdentifier,
        entity: context.entity,
        triggeredBy: triggeredBy(context),
        trigger: context.trigger,
        inputs: context.inputs,
        secretInputs: context.secretInputs,
        ref: context.ref,
        format: context.format,
        envelope: context.envelope,
    };
}
const context_command = {
    usage,
    async run(args, io) {
        const { values: flags } = parseFlags('context', args, {
            payload: { type: 'string' },
            'payload-file': { type: 'string' },
            action: { type: 'string' },
            'run-id-from': { type: 'string' },
            format: { type: 'string', default: 'json' },
            decrypt: { type: 'boolean', default: false },
            set: { type: 'string', multiple: true },
            'max-variables': { type: 'string' },
            'max-bytes': { type: 'string' },
            optional: { type: 'boolean', default: false },
        });
        const format = oneOf('--format', flags.format ?? 'json', FORMATS);
        const runIdFrom = flags['run-id-from'];
        if (runIdFrom !== undefined && runIdFrom.trim() === '') {
            throw new errors_UsageError('--run-id-from: an empty name is not accepted; expected the name of the input or variable that holds the run id, such as run_id');
        }
        if (flags.decrypt && format === 'dotenv') {
            throw new errors_UsageError('context: --decrypt cannot go with --format dotenv: dotenv reports are kept as artifacts; decrypt in the job that needs the secrets, with --format env');
        }
        const extra = (flags.set ?? []).map(parseAssignment);
        const limits = {
            maxVariables: positiveInteger('--max-variables', flags['max-variables']) ?? Infinity,
            maxBytes: positiveInteger('--max-bytes', flags['max-bytes']) ?? Infinity,
        };
        if (flags.optional && !payloadGiven(flags, io.env)) {
            // A pipeline Port did not start (a push, a schedule): nothing to parse, and nothing wrong.
            io.stderr('port-ci: context: no Port payload here (the pipeline was not started by Port); only the --set variables are written\n');
            const extraOnly = format === 'json' ? `${compactJson({ runId: null, inputs: {} })}\n` : format === 'env' ? formatShellExports(extra) : formatDotenv(extra, limits).text;
            io.stdout(extraOnly);
            return 0;
        }
        const located = locatePayload(flags, io);
        const userInputs = flags.action === undefined ? undefined : readActionSchema(io, flags.action);
        const runId = runIdFrom === undefined ? undefined : { input: runIdFrom, source: '--run-id-from' };
        let context = parsePayload(located.raw, { envelope: located.envelope, userInputs, runId });
        if (flags.decrypt) {
            const secret = io.env.PORT_CLIENT_SECRET;
            if (!secret)
                throw new errors_UsageError('context: --decrypt needs the client secret in $PORT_CLIENT_SECRET');
            context = decryptRunSecrets(context, secret).context;
        }
        const env = contextEnv(context);
        // The run's own fields first, then --set, then the inputs: what a report must drop comes last.
        const entries = [...env.entries.slice(0, RUN_FIELDS), ...extra, ...env.entries.slice(RUN_FIELDS)];
        for (const warning of [...context.warnings, ...env.warnings])
            io.stderr(`port-ci: warning: ${warning}\n`);
        if (format === 'json')
            io.stdout(`${compactJson(contextJson(context))}\n`);
        else if (format === 'env') {
            const { kept, omitted } = withinEnvLimits(entries);
            if (omitted.length > 0)
                io.stderr(`port-ci: warning: too large for the environment, left out: ${omitted.join(', ')}; read them with --format json\n`);
            io.stdout(formatShellExports(kept));
        }
        else {
            const { text, omitted } = formatDotenv(entries, limits);
            if (omitted.length > 0) {
                io.stderr(`port-ci: warning: the dotenv report leaves out ${omitted.join(', ')} to stay within ${limits.maxVariables} variables and ${limits.maxBytes} bytes; a job reads every value with: eval "$(port-ci context --format env)"\n`);
            }
            io.stdout(text);
        }
        return 0;
    },
};

;// CONCATENATED MODULE: external "node:readline"
const external_node_readline_namespaceObject = require("node:readline");
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

;// CONCATENATED MODULE: ./src/port/log-stream.ts

const DEFAULTS = {
    flushIntervalMs: 250,
    maxLines: 5000,
    maxMessageBytes: 768 * 1024,
    highWaterBytes: 4 * 1024 * 1024,
};
/**
 * Delivers lines to a run's log in order, masked (see write). Lines that arrive close together are batched into one message
 * (bounded by time, line count and bytes); one request is in flight at a time, so order holds even across
 * retries. Memory is bounded: write() returns false above the high-water mark and the producer waits for
 * drained(). When Port refuses a batch or the retry deadline passes, the stream stops sending and counts
 * every line it could not deliver, so none is lost without being counted.
 */
class LogStream {
    client;
    runId;
    #options;
    #waiting = [];
    #waitingBytes = 0;
    #timer;
    #inFlight;
    #closing = false;
    #failure;
    #drainWaiters = [];
    #result = { delivered: 0, undelivered: 0, messages: 0 };
    constructor(client, runId, options = {}) {
        this.client = client;
        this.runId = runId;
        this.#options = { ...DEFAULTS, ...options };
    }
    /**
     * Queues one line (without its line break), masked with the client's masker. A line that is an add-mask
     * command is never sent: its value is masked from every later line and message. The whole line is masked
     * before one longer than a message allows is cut into pieces, so no piece boundary splits a secret.
     * @returns false when the producer should wait for drained() before writing more.
     */
    write(line) {
        if (this.#closing)
            throw new Error('write after close');
        const masked = this.client.masker.maskLine(line);
        if (masked === undefined)
            return this.#waitingBytes < this.#options.highWaterBytes;
        if (this.#failure !== undefined) {
            this.#result.undelivered++;
            return true;
        }
        for (const piece of splitLong(masked, this.#options.maxMessageBytes)) {
            this.#waiting.push(piece);
            this.#waitingBytes += jsonBytes(piece);
        }
        if (this.#waiting.length >= this.#options.maxLines || this.#waitingBytes >= this.#options.maxMessageBytes)
            this.#pump();
        else
            this.#timer ??= setTimeout(() => this.#pump(), this.#options.flushIntervalMs);
        return this.#waitingBytes < this.#options.highWaterBytes;
    }
    /** Resolves once the waiting lines are below half the high-water mark (or the stream stopped sending). */
    drained() {
        if (this.#waitingBytes < this.#options.highWaterBytes / 2 || this.#failure !== undefined)
            return Promise.resolve();
        return new Promise((resolve) => this.#drainWaiters.push(resolve));
    }
    /** Sends everything still waiting, then says what was delivered and what was not. */
    async close() {
        this.#closing = true;
        clearTimeout(this.#timer);
        this.#timer = undefined;
        while (this.#inFlight || this.#waiting.length > 0) {
            if (!this.#inFlight)
                this.#pump();
            await this.#inFlight;
        }
        return { ...this.#result, ...(this.#failure === undefined ? {} : { failure: this.#failure }) };
    }
    #pump() {
        clearTimeout(this.#timer);
        this.#timer = undefined;
        if (this.#inFlight || this.#waiting.length === 0)
            return;
        const batch = this.#takeBatch();
        this.#inFlight = this.#send(batch).finally(() => {
            this.#inFlight = undefined;
            this.#wakeProducers();
            if (this.#waiting.length === 0)
                return;
            const full = this.#waiting.length >= this.#options.maxLines || this.#waitingBytes >= this.#options.maxMessageBytes;
            if (full || this.#closing)
                this.#pump();
            else
                this.#timer ??= setTimeout(() => this.#pump(), this.#options.flushIntervalMs);
        });
    }
    #takeBatch() {
        let bytes = 0;
        let count = 0;
        for (const line of this.#waiting) {
            const size = jsonBytes(line);
            if (count > 0 && (count >= this.#options.maxLines || bytes + size > this.#options.maxMessageBytes))
                break;
            bytes += size;
            count++;
        }
        this.#waitingBytes -= bytes;
        return this.#waiting.splice(0, count);
    }
    async #send(batch) {
        if (this.#failure !== undefined) {
            this.#result.undelivered += batch.length;
            return;
        }
        try {
            await this.client.addLog(this.runId, { message: batch.join('\n') }, { masked: true });
            this.#result.delivered += batch.length;
            this.#result.messages++;
        }
        catch (error) {
            // Once a batch fails after the whole retry deadline, later ones would too: stop sending, keep counting.
            this.#failure = error instanceof errors_ApiError || error instanceof Error ? error.message : String(error);
            this.#result.undelivered += batch.length + this.#waiting.length;
            this.#waiting = [];
            this.#waitingBytes = 0;
        }
    }
    #wakeProducers() {
        if (this.#waitingBytes >= this.#options.highWaterBytes / 2 && this.#failure === undefined)
            return;
        const waiters = this.#drainWaiters;
        this.#drainWaiters = [];
        waiters.forEach((wake) => wake());
    }
}
/**
 * What a line adds to the JSON body: its escaped UTF-8 bytes plus the escaped line break that joins it
 * (a control character escapes to six bytes, so raw length alone could overshoot Port's limit).
 */
function jsonBytes(line) {
    return Buffer.byteLength(JSON.stringify(line)) - 2 + 2;
}
/** What to tell the user when lines did not reach Port, or undefined when they all did. */
function undeliveredMessage(result) {
    if (result.undelivered === 0)
        return undefined;
    return `${result.undelivered} of ${result.delivered + result.undelivered} lines could not be delivered to Port's run log: ${result.failure ?? 'unknown reason'}`;
}
/** Cuts a line into pieces of at most `maxBytes` bytes of JSON, never inside a character. */
function splitLong(line, maxBytes) {
    if (jsonBytes(line) <= maxBytes)
        return [line];
    const pieces = [];
    let piece = '';
    let bytes = 2;
    for (const char of line) {
        const size = jsonBytes(char) - 2;
        if (bytes + size > maxBytes) {
            pieces.push(piece);
            piece = '';
            bytes = 2;
        }
        piece += char;
        bytes += size;
    }
    pieces.push(piece);
    return pieces;
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
function request_sendRequest(method, url, headers, body, timeoutMs = 30_000) {
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
function retry_retryPolicyFromEnv(env) {
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
class retry_RetriesExhausted extends Error {
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
async function retry_sendWithRetries(send, policy = DEFAULT_RETRY_POLICY, clock = realClock, onRetry, retryable = (response) => isRetryableStatus(response.status)) {
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
            throw new retry_RetriesExhausted(attempt + 1, clock.now() - started, last);
        }
        onRetry?.(attempt + 1, wait, last);
        await clock.sleep(wait);
    }
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
            const response = await request_sendRequest('GET', url, headers, undefined, timeoutMs);
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
        const plain = (timeoutMs) => request_sendRequest(method, `${this.baseUrl}${path}`, headers, text, timeoutMs);
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
            response = await retry_sendWithRetries(send, policy, this.#clock, (attempt, waitMs, last) => this.options.onRetry?.(what, attempt, waitMs, last.response ? `Port answered ${last.response.status}` : (last.error?.message ?? 'no answer')));
        }
        catch (error) {
            if (!(error instanceof retry_RetriesExhausted))
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

;// CONCATENATED MODULE: ./src/cli/ci-job.ts







function ciJob(env, stderr) {
    const inActions = env.GITHUB_ACTIONS === 'true' && Boolean(env.GITHUB_ENV);
    return {
        runIdFallback() {
            if (!env.TRIGGER_PAYLOAD)
                return undefined;
            try {
                // Peeked, not parsed: a payload the context job refused still names the run, which must end FAILURE.
                return peekRunId(readTriggerPayload(env.TRIGGER_PAYLOAD)) ?? undefined;
            }
            catch {
                return undefined;
            }
        },
        sharedToken: (baseUrl, clientId) => (inActions ? sharedToken(env, baseUrl, clientId) : undefined),
        shareToken(baseUrl, clientId, grant) {
            if (!inActions)
                return;
            stderr(`::add-mask::${grant.token}\n`); // stderr: the runner reads commands there too, and stdout may be data
            shareToken(env, baseUrl, clientId, grant);
        },
        noteRunEnded: (runId, status) => noteRunEnded(env, runId, status),
        outage(baseUrl) {
            if (inActions)
                return jobOutage(env, baseUrl);
            // A GitLab job runs each `$PORT_CI log` as a new process: the job's id keys a file they all find, in the
            // runner's temp folder when it names one (emptied with the job), else the system's.
            if (!env.CI_JOB_ID)
                return undefined;
            const key = (0,external_node_crypto_namespaceObject.createHash)('sha256').update(`${env.CI_JOB_ID}\n${baseUrl}`).digest('hex').slice(0, 24);
            return outageFile(external_node_path_default().join(env.RUNNER_TEMP || (0,external_node_os_namespaceObject.tmpdir)(), `port-ci-outage-${key}.json`), baseUrl);
        },
    };
}

;// CONCATENATED MODULE: ./src/cli/port-config.ts








/** Flags every command that talks to Port accepts. */
const PORT_FLAGS = {
    'run-id': { type: 'string' },
    'base-url': { type: 'string' },
    'fail-on-report-error': { type: 'boolean', default: false },
    redact: { type: 'string', multiple: true },
};
/** The help of --redact, shared with exec's own usage. */
const REDACT_HELP = `  --redact NAME            keep the value of variable NAME out of everything sent to Port (repeat, or
                           NAME,NAME); also the variables named in $PORT_REDACT_ENV. Credentials, secret
                           inputs ($PORT_SECRET_ENV) and the ::add-mask:: values of streamed output are
                           kept out always`;
/** The help text of PORT_FLAGS, shared by the commands that report to a run. */
const PORT_FLAGS_HELP = `  --run-id ID              the run (default: $PORT_RUN_ID)
  --base-url URL           Port's API, or a region: eu, us (default: $PORT_BASE_URL, else https://api.getport.io)
  --fail-on-report-error   exit 3 when Port cannot be told (default: warn and exit 0)
${REDACT_HELP}

Credentials: $PORT_CLIENT_ID and $PORT_CLIENT_SECRET, or a token in $PORT_ACCESS_TOKEN. In a GitHub job, a
token an earlier port-ci step of the job got is reused.
`;
/**
 * Writes to stderr as is: for port-ci's own workflow commands (the token's add-mask), which io.stderr would
 * neutralise. On stderr, because the runner reads commands there too, and stdout may be data.
 */
function rawStderr(io) {
    return (text) => void io.stderrStream.write(text);
}
/** A token this process can start with: $PORT_ACCESS_TOKEN, else one an earlier step of the job shared. */
function startingToken(flags, io) {
    return tokenFromEnv(io.env) ?? ciJob(io.env, rawStderr(io)).sharedToken(resolveBaseUrl(flags['base-url'] ?? io.env.PORT_BASE_URL), io.env.PORT_CLIENT_ID);
}
/**
 * A Port client configured from flags and the environment (PORT_CLIENT_ID, PORT_CLIENT_SECRET,
 * PORT_BASE_URL, PORT_ACCESS_TOKEN). Inside a GitHub job a new token is masked and shared with the job's later
 * port-ci steps, so the job authenticates once.
 */
function portClient(flags, io, extra = {}) {
    const { env } = io;
    const baseUrl = resolveBaseUrl(flags['base-url'] ?? env.PORT_BASE_URL);
    const job = ciJob(env, rawStderr(io));
    const redact = redactNames(flags);
    unsetRedactWarnings(env, redact, '--redact').forEach((text) => io.stderr(`port-ci: warning: ${text}\n`));
    return new PortClient({
        baseUrl,
        clientId: env.PORT_CLIENT_ID,
        clientSecret: env.PORT_CLIENT_SECRET,
        token: startingToken(flags, io),
        policy: retry_retryPolicyFromEnv(env),
        masker: maskerFromEnv(env, redact),
        outage: job.outage(baseUrl),
        onToken: (grant) => job.shareToken(baseUrl, env.PORT_CLIENT_ID, grant),
        onRetry: (what, attempt, waitMs, reason) => {
            if (env.PORT_CI_DEBUG)
                io.stderr(`port-ci: retrying to ${what} (attempt ${attempt + 1} in ${waitMs} ms): ${reason}\n`);
        },
        ...extra,
    });
}
/**
 * The --redact names, each flag a name or a list (NAME,NAME).
 * @throws UsageError naming one that is not a variable name, before anything runs.
 */
function redactNames(flags) {
    return [...new Set((flags.redact ?? []).flatMap((value) => parseVariableNames(value, '--redact')))];
}
/**
 * The run to report to: --run-id, else $PORT_RUN_ID, else (in a GitLab pipeline) the run id in the trigger
 * body at $TRIGGER_PAYLOAD, so a job can report even when the job that exports PORT_RUN_ID failed.
 */
function findRunId(flags, io) {
    return flags['run-id'] ?? io.env.PORT_RUN_ID ?? ciJob(io.env, rawStderr(io)).runIdFallback();
}
/** Why this process cannot reach Port, or undefined when it can (credentials, or a token from an earlier step). */
function missingCredentials(io, flags = {}) {
    if ((io.env.PORT_CLIENT_ID && io.env.PORT_CLIENT_SECRET) || startingToken(flags, io))
        return undefined;
    return 'no Port credentials (set PORT_CLIENT_ID and PORT_CLIENT_SECRET)';
}
/**
 * The run to report to, or undefined when reporting is off (no run id, as in an omitPayload run, or no
 * credentials): then the command says so on stderr and the job goes on (exit 0), unless --fail-on-report-error
 * makes it a usage error.
 */
function reportingRun(flags, io, command) {
    const runId = findRunId(flags, io);
    const off = !runId ? 'no run id (pass --run-id or set PORT_RUN_ID)' : missingCredentials(io, flags);
    if (!off)
        return runId;
    if (flags['fail-on-report-error'])
        throw new errors_UsageError(`${command}: ${off}`);
    io.stderr(`port-ci: ${command}: reporting to Port is off: ${off}\n`);
    return undefined;
}
/**
 * Reporting must not break the user's pipeline: when Port cannot be told, warn and go on (exit 0), unless
 * --fail-on-report-error asks for the API error (exit 3).
 * @param lost what the warning adds, when the error alone does not say it (a token that could not be had does
 *   not say that the log line waiting for it was not sent)
 */
async function reportSafely(flags, io, call, lost) {
    try {
        await call();
        return true;
    }
    catch (error) {
        if (!(error instanceof errors_ApiError) || flags['fail-on-report-error'])
            throw error;
        io.stderr(`port-ci: warning: ${error.message}${lost ? `; ${lost}` : ''} (the job goes on; pass --fail-on-report-error to fail instead)\n`);
        return false;
    }
}
/** Inside a GitHub job, tells the root action's post step that this run has ended, so it does not end it again. */
function port_config_noteRunEnded(io, runId, status) {
    ciJob(io.env, rawStderr(io)).noteRunEnded(runId, status);
}
/** Says how many streamed lines did not reach Port: a warning, or an API error with --fail-on-report-error. */
function checkDelivery(result, flags, io) {
    const text = undeliveredMessage(result);
    if (!text)
        return;
    if (flags['fail-on-report-error'])
        throw new errors_ApiError(text, null);
    io.stderr(`port-ci: warning: ${text}\n`);
}

;// CONCATENATED MODULE: ./src/cli/commands/log.ts





const log_usage = `Usage: port-ci log MESSAGE [--status-label LABEL] [--run-id ID]
       COMMAND | port-ci log - [--run-id ID]

Adds MESSAGE to the Port run's log. With "-", every line of standard input goes to the log, in order,
batched into few requests, and on to standard output; an ::add-mask::VALUE line (or one holding
##[add-mask]VALUE) goes only to standard output, and VALUE is masked (***) in every later line sent to Port.
Without a run id or credentials, reporting is off: it says so and exits 0.

Options:
  --status-label LABEL     also set the label shown beside the run's status
${PORT_FLAGS_HELP}`;
const log_command = {
    usage: log_usage,
    async run(args, io) {
        const { values: flags, positionals } = parseFlags('log', args, { ...PORT_FLAGS, 'status-label': { type: 'string' } }, true);
        if (positionals.length !== 1)
            throw new errors_UsageError('log: expected one MESSAGE, or "-" to read lines from standard input (see port-ci log --help)');
        const message = positionals[0];
        if (message.trim() === '')
            throw new errors_UsageError('log: MESSAGE is empty; expected the text to add to the run log');
        redactNames(flags); // a bad name is refused whether or not reporting is on
        const runId = reportingRun(flags, io, 'log');
        const client = runId ? portClient(flags, io) : undefined;
        const statusLabel = flags['status-label'];
        if (message !== '-') {
            if (client && runId)
                await reportSafely(flags, io, () => client.addLog(runId, { message, ...(statusLabel ? { statusLabel } : {}) }), 'the message was not added to the run log');
            return 0;
        }
        // Standard input is always read to its end and shown, so `build | port-ci log -` keeps the build's output
        // in the job log and never breaks the pipe, whether or not Port is told.
        const stream = client && runId ? new LogStream(client, runId) : undefined;
        for await (const line of (0,external_node_readline_namespaceObject.createInterface)({ input: io.stdinStream(), crlfDelay: Infinity })) {
            io.stdout(`${line}\n`);
            if (stream && !stream.write(line))
                await stream.drained();
        }
        if (stream)
            checkDelivery(await stream.close(), flags, io);
        if (client && runId && statusLabel)
            await reportSafely(flags, io, () => client.updateRun(runId, { statusLabel }));
        return 0;
    },
};

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
        default: {
            const meant = closest(word, ['success', 'failure', 'cancelled']);
            throw new errors_UsageError(`Invalid ${source} '${word}'. Expected success, failure or cancelled${meant ? ` (did you mean "${meant}"?)` : ''}.`);
        }
    }
}

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
            throw new errors_UsageError(`Invalid ${linkSource} '${link}'. Expected an http(s) URL.`);
    }
    if (links.length > 0)
        update.link = links.length === 1 ? links[0] : links;
    if (request.summary)
        update.summary = request.summary;
    if (request.externalRunId)
        update.externalRunId = request.externalRunId;
    return update;
}

;// CONCATENATED MODULE: ./src/backends/gitlab.ts



/**
 * A pipeline's status (created, pending, running, success, failed, canceled, skipped, manual, ...): GET
 * /projects/:id/pipelines/:pipeline under the retry policy, through the same HTTP layer (and proxy) as every other call.
 * @throws ApiError with GitLab's status when it refuses, with status null when it cannot be reached.
 */
async function readPipelineStatus(args) {
    const path = `/projects/${encodeURIComponent(args.project)}/pipelines/${encodeURIComponent(args.pipelineId)}`;
    const body = await readJson(args, path, `read pipeline ${args.pipelineId} of ${args.project}`);
    const status = body?.status;
    if (typeof status !== 'string')
        throw new ApiError(`Could not read pipeline ${args.pipelineId} of ${args.project}: GitLab's answer has no status`, 200);
    return status;
}
/**
 * The pipeline's jobs in the given states (GitLab's `scope[]`: failed, running, ...), the first 100: enough to
 * name where a pipeline is or failed.
 * @throws ApiError as readPipelineStatus.
 */
async function listPipelineJobs(args) {
    const query = [...args.scope.map((scope) => `scope[]=${encodeURIComponent(scope)}`), 'per_page=100'].join('&');
    const path = `/projects/${encodeURIComponent(args.project)}/pipelines/${encodeURIComponent(args.pipelineId)}/jobs?${query}`;
    const body = await readJson(args, path, `list the jobs of pipeline ${args.pipelineId} of ${args.project}`);
    if (!Array.isArray(body))
        throw new ApiError(`Could not list the jobs of pipeline ${args.pipelineId} of ${args.project}: GitLab's answer is not a list`, 200);
    return body
        .filter((job) => typeof job.name === 'string' && typeof job.stage === 'string')
        .map((job) => ({ name: job.name, stage: job.stage, status: String(job.status) }));
}
async function readJson(args, path, what) {
    const url = `${args.host}/api/v4${path}`;
    let response;
    try {
        response = await sendWithRetries((timeoutMs) => sendRequest('GET', url, { accept: 'application/json', 'private-token': args.token }, undefined, timeoutMs), args.policy ?? retryPolicyFromEnv(args.env));
    }
    catch (error) {
        if (!(error instanceof RetriesExhausted))
            throw error;
        const last = error.last.response;
        throw new ApiError(`Could not ${what}: ${last ? `GitLab answered ${last.status}` : `GitLab could not be reached (${error.last.error?.message})`}; ${error.message}`, last?.status ?? null);
    }
    if (response.status !== 200)
        throw new ApiError(`Could not ${what}: GitLab answered ${response.status} ${response.text.slice(0, 200)}`.trim(), response.status);
    try {
        return JSON.parse(response.text);
    }
    catch {
        throw new ApiError(`Could not ${what}: GitLab's answer is not JSON`, response.status);
    }
}
/**
 * "Pipeline failed in stage test (jobs unit, lint)", or in several stages; `subject` names the pipeline
 * ("GitLab pipeline 123") where "Pipeline" would not say which.
 */
function failureSummary(jobs, subject = 'Pipeline') {
    if (jobs.length === 0)
        return `${subject} failed`;
    const stages = [...new Set(jobs.map((job) => job.stage))];
    const names = jobs.map((job) => job.name).join(', ');
    return `${subject} failed in stage${stages.length > 1 ? 's' : ''} ${stages.join(', ')} (job${jobs.length > 1 ? 's' : ''} ${names})`;
}

;// CONCATENATED MODULE: ./src/gitlab/pipeline.ts


// The summary is shared with the dispatcher and the agent (src/backends/gitlab.ts); its old home still offers it.

/**
 * Lists the failed jobs of the running pipeline ($CI_API_V4_URL, $CI_PROJECT_ID, $CI_PIPELINE_ID) to say where
 * it failed. CI_JOB_TOKEN may not read the jobs API (it needs a fine-grained permission), so PORT_GITLAB_TOKEN,
 * a token with read_api, is tried first.
 * @throws Error saying what is missing or what GitLab answered.
 */
async function listFailedJobs(env) {
    const { CI_API_V4_URL: api, CI_PROJECT_ID: project, CI_PIPELINE_ID: pipeline } = env;
    if (!api || !project || !pipeline)
        throw new Error('not in a GitLab pipeline (CI_API_V4_URL, CI_PROJECT_ID, CI_PIPELINE_ID unset)');
    const headers = env.PORT_GITLAB_TOKEN
        ? { 'private-token': env.PORT_GITLAB_TOKEN }
        : env.CI_JOB_TOKEN
            ? { 'job-token': env.CI_JOB_TOKEN }
            : {};
    const url = `${api.replace(/\/+$/, '')}/projects/${encodeURIComponent(project)}/pipelines/${encodeURIComponent(pipeline)}/jobs?scope[]=failed&per_page=100`;
    let response;
    try {
        // A summary is not worth holding the pipeline's end for long: at most 15 s, or the job's own deadline.
        const policy = retry_retryPolicyFromEnv(env);
        response = await retry_sendWithRetries((timeoutMs) => request_sendRequest('GET', url, { accept: 'application/json', ...headers }, undefined, timeoutMs), {
            ...policy,
            deadlineMs: Math.min(policy.deadlineMs, 15_000),
        });
    }
    catch (error) {
        if (!(error instanceof retry_RetriesExhausted))
            throw error;
        const last = error.last.response ? `last answer ${error.last.response.status}` : error.last.error?.message;
        throw new Error(`GitLab's API did not answer (${last ? `${last}; ` : ''}${error.message})`);
    }
    if (response.status !== 200)
        throw new Error(`GitLab's jobs API answered ${response.status}`);
    const jobs = JSON.parse(response.text);
    return jobs.filter((job) => typeof job.name === 'string' && typeof job.stage === 'string').map((job) => ({ name: job.name, stage: job.stage }));
}

;// CONCATENATED MODULE: ./src/cli/commands/report.ts




const report_usage = `Usage: port-ci report [--status STATUS] [--summary TEXT] [--link URL]... [--status-label LABEL]
                      [--external-run-id ID] [--message TEXT] [--run-id ID] [--redact NAME]...

Updates the Port run; with --status, ends it.

Options:
  --status STATUS          success, failure or cancelled, in any case (cancelled ends the run FAILURE,
                           labelled Cancelled)
  --summary TEXT           the run's summary
  --link URL               a link shown on the run; repeat for several
  --status-label LABEL     the label shown beside the run's status
  --external-run-id ID     this run's id in your CI system
  --message TEXT           a line added to the run's log first
  --if-in-progress         do nothing (exit 0) when there is no run id or the run has already ended
  --summary-from-pipeline  GitLab: a summary naming the stage and jobs that failed, read from GitLab's jobs API
                           with $PORT_GITLAB_TOKEN (read_api), else $CI_JOB_TOKEN
${PORT_FLAGS_HELP}`;
const report_command = {
    usage: report_usage,
    async run(args, io) {
        const { values: flags } = parseFlags('report', args, {
            ...PORT_FLAGS,
            status: { type: 'string' },
            summary: { type: 'string' },
            link: { type: 'string', multiple: true },
            'status-label': { type: 'string' },
            'external-run-id': { type: 'string' },
            message: { type: 'string' },
            'if-in-progress': { type: 'boolean', default: false },
            'summary-from-pipeline': { type: 'boolean', default: false },
        });
        const update = buildRunUpdate({ status: flags.status, statusLabel: flags['status-label'], links: flags.link, summary: flags.summary, externalRunId: flags['external-run-id'] }, '--status', '--link');
        if (Object.keys(update).length === 0 && !flags.message) {
            throw new errors_UsageError('report: nothing to report; give --status, --summary, --link, --status-label, --external-run-id or --message');
        }
        redactNames(flags); // a bad name is refused whether or not reporting is on
        const runId = findRunId(flags, io);
        if (!runId && flags['if-in-progress']) {
            io.stderr('port-ci: report: no run id (the action omits the payload), so there is nothing to report\n');
            return 0;
        }
        if (!reportingRun(flags, io, 'report'))
            return 0;
        const client = portClient(flags, io);
        if (flags['if-in-progress']) {
            // When Port cannot be asked, go on: the report itself will retry, then warn.
            const status = await client.getRun(runId).then((run) => run.status, () => undefined);
            if (status !== undefined && status !== 'IN_PROGRESS') {
                io.stderr(`port-ci: report: Port run ${runId} has already ended (${status}); nothing to report\n`);
                return 0;
            }
        }
        if (flags['summary-from-pipeline'] && !update.summary)
            update.summary = await pipelineSummary(update.status, io);
        const message = flags.message;
        if (message)
            await reportSafely(flags, io, () => client.addLog(runId, { message }), 'the message was not added to the run log');
        if (Object.keys(update).length > 0) {
            const told = await reportSafely(flags, io, () => client.updateRun(runId, update));
            if (told && update.status)
                port_config_noteRunEnded(io, runId, update.status);
        }
        return 0;
    },
};
/** The summary for the end of a GitLab pipeline: where it failed, when GitLab's API says. */
async function pipelineSummary(status, io) {
    if (status !== 'FAILURE')
        return io.env.CI_PIPELINE_ID ? `Pipeline ${io.env.CI_PIPELINE_ID} succeeded` : 'Pipeline succeeded';
    try {
        return failureSummary(await listFailedJobs(io.env));
    }
    catch (error) {
        io.stderr(`port-ci: report: could not name the failed stage: ${error.message}; give PORT_GITLAB_TOKEN (read_api) to name it\n`);
        return 'Pipeline failed';
    }
}

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = require("node:child_process");
;// CONCATENATED MODULE: external "node:string_decoder"
const external_node_string_decoder_namespaceObject = require("node:string_decoder");
;// CONCATENATED MODULE: ./src/port/start-failure.ts


/** Where the system would look for `command`: the path itself when it holds a slash, else each PATH entry. */
function existingFile(command, env) {
    if (command.includes('/'))
        return (0,external_node_fs_namespaceObject.existsSync)(command) ? command : undefined;
    for (const dir of (env.PATH ?? '').split((external_node_path_default()).delimiter)) {
        const candidate = external_node_path_default().join(dir || '.', command);
        if ((0,external_node_fs_namespaceObject.existsSync)(candidate))
            return candidate;
    }
    return undefined;
}
/**
 * Says why spawning `command` failed, as a shell would: 127 when it is not found, 126 when it was found but cannot
 * be run (not executable, a directory, a missing #! interpreter) or failed to start for another reason.
 */
function describeStartFailure(command, error, env = process.env) {
    const found = existingFile(command, env);
    if (error.code === 'ENOENT') {
        // The file is there, so what is missing is what runs it: the interpreter its #! line names (or its loader).
        if (found)
            return { code: 126, reason: `the interpreter on its #! line was not found${found === command ? '' : ` (${found})`}` };
        return { code: 127, reason: 'command not found' };
    }
    if (error.code === 'EACCES') {
        if (found && (0,external_node_fs_namespaceObject.statSync)(found).isDirectory())
            return { code: 126, reason: 'is a directory' };
        return { code: 126, reason: 'permission denied (not executable)' };
    }
    return { code: 126, reason: `could not be started (${error.code ?? error.message})` };
}

;// CONCATENATED MODULE: ./src/port/run-streamed.ts




/**
 * Runs a command, passing its stdout and stderr through byte for byte while cutting them into lines for the
 * log stream. When the stream asks to slow down, the command's pipes are paused until it drains, which keeps
 * memory bounded without losing a line. SIGINT and SIGTERM sent to this process are passed on to the command.
 */
async function runStreamed(options) {
    const child = (0,external_node_child_process_namespaceObject.spawn)(options.command, options.args, { stdio: ['inherit', 'pipe', 'pipe'], env: options.env ?? process.env });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    const sources = [child.stdout, child.stderr];
    const pause = () => {
        sources.forEach((source) => source.pause());
        void options.stream?.drained().then(() => sources.forEach((source) => source.resume()));
    };
    const piped = [pipeLines(child.stdout, options.stdout, options.stream, pause), pipeLines(child.stderr, options.stderr, options.stream, pause)];
    try {
        let notStarted;
        const [code, signal] = await new Promise((resolve, reject) => {
            // Without a pid the command never ran: its pipes still close, and 'close' follows.
            child.on('error', (error) => (child.pid === undefined ? (notStarted = error) : reject(error)));
            child.on('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
        });
        await Promise.all(piped);
        if (notStarted) {
            const startFailure = describeStartFailure(options.command, notStarted, options.env ?? process.env);
            return { code: startFailure.code, signal: null, startFailure };
        }
        return { code: code ?? 128 + (signal ? external_node_os_namespaceObject.constants.signals[signal] : 0), signal };
    }
    finally {
        process.off('SIGINT', forward).off('SIGTERM', forward);
    }
}
/**
 * Copies one output of the command and feeds its complete lines to the stream; the last partial line at the end.
 * Lines end at LF, CRLF or a lone CR, as the runner reads them (.NET's ReadLine): a mask command after a CR
 * (`progress\r::add-mask::x`) is a line of its own for the runner, so it must be one here too. A CR at the end
 * of a read waits for the next, which may bring its LF.
 */
function pipeLines(source, sink, stream, pause) {
    const decoder = new external_node_string_decoder_namespaceObject.StringDecoder('utf8');
    let partial = '';
    const feed = (text, atEnd = false) => {
        if (!stream)
            return;
        let buffered = partial + text;
        const heldCr = !atEnd && buffered.endsWith('\r');
        if (heldCr)
            buffered = buffered.slice(0, -1);
        const lines = buffered.split(run_streamed_LINE_BREAK);
        partial = (lines.pop() ?? '') + (heldCr ? '\r' : '');
        let keepGoing = true;
        for (const line of lines)
            keepGoing = stream.write(line) && keepGoing;
        if (!keepGoing)
            pause();
    };
    return new Promise((resolve, reject) => {
        // A sink whose reader has gone (`| head -2`) is destroyed (cli/io.ts): its bytes are dropped, never waited for,
        // while every line still goes to the stream.
        const open = () => sink.destroyed !== true;
        source.on('data', (chunk) => {
            if (open() && !sink.write(chunk) && open()) {
                source.pause(); // our own output is slower than the command: let it catch up
                const resume = () => {
                    sink.off('drain', resume).off('close', resume);
                    source.resume();
                };
                sink.on('drain', resume).on('close', resume);
            }
            feed(decoder.write(chunk));
        });
        source.on('end', () => {
            feed(decoder.end(), true);
            if (stream && partial !== '')
                stream.write(partial);
            resolve();
        });
        source.on('error', reject);
    });
}
const run_streamed_LINE_BREAK = /\r\n|\r|\n/;

;// CONCATENATED MODULE: ./src/port/run-and-report.ts


/**
 * The exec step of every face: runs the command with its output passed through and streamed to the run's log,
 * then, asked to, ends the run by the exit code. The run is ended before the face raises any reporting error,
 * so `fail-on-report-error` never leaves it IN_PROGRESS.
 */
async function runAndReport(args) {
    const { target } = args;
    const stream = target ? new LogStream(target.client, target.runId) : undefined;
    // Authenticate while the command starts, not when its first lines wait; a failure shows at the first send.
    void target?.client.accessToken().catch(() => undefined);
    const outcome = await runStreamed({ command: args.command, args: args.args, stdout: args.stdout, stderr: args.stderr, stream, env: args.env });
    const undelivered = stream ? undeliveredMessage(await stream.close()) : undefined;
    let ended;
    if (target && outcome.startFailure) {
        // Named by the program that failed to start (bash for actions/exec), and said even without reportStatus:
        // nothing else in the run's log would tell why no output came.
        const message = `${args.command} could not start: ${outcome.startFailure.reason}`;
        const entry = args.reportStatus ? { message, terminationStatus: 'FAILURE' } : { message };
        if ((await args.reportSafely(() => target.client.addLog(target.runId, entry))) && args.reportStatus)
            ended = 'FAILURE';
    }
    else if (target && args.reportStatus) {
        const status = outcome.code === 0 ? 'SUCCESS' : 'FAILURE';
        const how = outcome.signal ? `was stopped by ${outcome.signal}` : `exited with code ${outcome.code}`;
        if (await args.reportSafely(() => target.client.addLog(target.runId, { message: `${args.label} ${how}`, terminationStatus: status })))
            ended = status;
    }
    return { outcome, undelivered, ended };
}

;// CONCATENATED MODULE: ./src/cli/commands/exec.ts





const exec_usage = `Usage: port-ci exec [--run-id ID] [--report-status] [--redact NAME]... -- COMMAND [ARGS...]

Runs COMMAND, passes its output through unchanged, and streams every line of it to the Port run's log.
Exits with the command's exit code (128 + the signal number when a signal ended it); SIGINT and SIGTERM are
passed on to the command. A line that is an ::add-mask::VALUE command (or holds ##[add-mask]VALUE) is not
sent to Port, and VALUE is masked (***) in every later line, as the GitHub runner masks it in the job log.
A COMMAND that cannot start exits 127 when it is not found and 126 when it cannot be run (not executable, a
directory, another reason), as a shell does, with one line saying why; that line also goes to the run's log,
and with --report-status ends the run FAILURE. When standard output or error is closed early (COMMAND's
output piped to head), port-ci stops writing there and still streams every line to Port.

Options:
  --report-status          end the run when the command ends: SUCCESS on exit 0, else FAILURE
  --run-id ID              the run (default: $PORT_RUN_ID); without one the command still runs, unstreamed
  --base-url URL           Port's API, or a region: eu, us (default: $PORT_BASE_URL, else https://api.getport.io)
  --fail-on-report-error   exit 3 when Port cannot be told (default: warn and exit with the command's code)
${REDACT_HELP}

Credentials: $PORT_CLIENT_ID and $PORT_CLIENT_SECRET, or a $PORT_ACCESS_TOKEN from an earlier step.
`;
const exec_command = {
    usage: exec_usage,
    async run(args, io) {
        const split = args.indexOf('--');
        if (split === -1 || split === args.length - 1)
            throw new errors_UsageError('exec: expected -- COMMAND [ARGS...] (see port-ci exec --help)');
        const { values: flags } = parseFlags('exec', args.slice(0, split), { ...PORT_FLAGS, 'report-status': { type: 'boolean', default: false } });
        redactNames(flags); // a bad name is refused before the command runs, with or without a run
        const [commandName, ...commandArgs] = args.slice(split + 1);
        const found = findRunId(flags, io);
        const off = !found ? 'no run id (--run-id or PORT_RUN_ID)' : missingCredentials(io, flags);
        if (off)
            io.stderr(`port-ci: exec: ${off}, so the output is not streamed to Port\n`);
        const runId = off ? undefined : found;
        const { outcome, undelivered, ended } = await runAndReport({
            command: commandName,
            args: commandArgs,
            label: commandName,
            stdout: io.stdoutStream,
            stderr: io.stderrStream,
            env: io.env,
            target: runId ? { client: portClient(flags, io), runId } : undefined,
            reportStatus: flags['report-status'] === true,
            reportSafely: (call) => reportSafely(flags, io, call),
        });
        if (outcome.startFailure)
            io.stderr(`port-ci: exec: ${commandName}: ${outcome.startFailure.reason}\n`);
        if (ended && runId)
            port_config_noteRunEnded(io, runId, ended);
        if (undelivered) {
            if (flags['fail-on-report-error'])
                throw new errors_ApiError(undelivered, null);
            io.stderr(`port-ci: warning: ${undelivered}\n`);
        }
        return outcome.code;
    },
};

;// CONCATENATED MODULE: ./src/core/webhook-signature.ts


/*
 * Port signs webhook bodies (PORT-FACTS.md §3): X-Port-Timestamp is the unix time in seconds and
 * X-Port-Signature is "v1," + base64(HMAC-SHA256(key = client secret, data = "<timestamp>.<raw body>")).
 */
function signWebhook(rawBody, clientSecret, timestampSeconds) {
    const timestamp = String(Math.floor(timestampSeconds));
    const signature = (0,external_node_crypto_namespaceObject.createHmac)('sha256', clientSecret).update(`${timestamp}.${rawBody}`).digest('base64');
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
        throw new errors_UsageError('X-Port-Timestamp: missing');
    if (!headers.signature)
        throw new errors_UsageError('X-Port-Signature: missing');
    if (!/^\d{1,12}$/.test(headers.timestamp))
        throw new errors_UsageError(`X-Port-Timestamp: expected unix seconds but found "${headers.timestamp.slice(0, 20)}"`);
    const skew = Math.abs(options.nowSeconds - Number(headers.timestamp));
    if (skew > tolerance)
        throw new errors_UsageError(`X-Port-Timestamp: ${skew} s from now, outside the ${tolerance} s window (a replay, or a clock off)`);
    const expected = Buffer.from(signWebhook(rawBody, clientSecret, Number(headers.timestamp))['X-Port-Signature']);
    // A header may carry several signatures ("v1,a v1,b") while a secret is being rotated.
    const candidates = headers.signature.split(' ').map((part) => Buffer.from(part.trim()));
    if (!candidates.some((candidate) => candidate.length === expected.length && (0,external_node_crypto_namespaceObject.timingSafeEqual)(candidate, expected))) {
        throw new errors_UsageError('X-Port-Signature: does not match the body and timestamp for this client secret');
    }
}

;// CONCATENATED MODULE: ./src/cli/commands/verify-signature.ts



const verify_signature_usage = `Usage: port-ci verify-signature --timestamp T --signature S [--body-file FILE|-] [--tolerance SECONDS]

Checks a webhook Port sent, for receivers: the X-Port-Signature must match the raw body and X-Port-Timestamp for
the client secret in $PORT_CLIENT_SECRET, and the timestamp must be within --tolerance of now (default 300 s).
Exit 0 when it verifies; 2, with the reason, when it does not.

Options:
  --timestamp T        the X-Port-Timestamp header
  --signature S        the X-Port-Signature header ("v1,...")
  --body-file FILE     the raw body exactly as received (default: standard input)
  --tolerance SECONDS  how far the timestamp may be from now (default 300)

In code: import { verifyWebhook } from 'port-ci' (the package exports it, with its types).
`;
const verify_signature_command = {
    usage: verify_signature_usage,
    async run(args, io) {
        const { values: flags } = parseFlags('verify-signature', args, {
            timestamp: { type: 'string' },
            signature: { type: 'string' },
            'body-file': { type: 'string', default: '-' },
            tolerance: { type: 'string', default: '300' },
        });
        const secret = io.env.PORT_CLIENT_SECRET;
        if (!secret)
            throw new errors_UsageError('verify-signature: set PORT_CLIENT_SECRET to the client secret Port signs with');
        if (!/^\d+$/.test(flags.tolerance ?? ''))
            throw new errors_UsageError(`--tolerance: "${flags.tolerance}" is not accepted; expected whole seconds`);
        const body = readArgFile(io, '--body-file', flags['body-file'] ?? '-');
        verifyWebhook(body, { timestamp: flags.timestamp, signature: flags.signature }, secret, {
            nowSeconds: Math.floor(Date.now() / 1000),
            toleranceSeconds: Number(flags.tolerance),
        });
        io.stdout('signature verified\n');
        return 0;
    },
};

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
        throw new errors_ApiError('Could not read the runs: Port\'s answer has no list of runs', 200);
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
        if ((merge ? field.present : true) && !unchanged_sameValue(field.given, field.stored))
            return false;
    }
    return sameMap(given.properties, stored.properties, merge) && sameMap(given.relations, stored.relations, merge);
}
/** Properties or relations: with merge only the keys given count; replacing, every key on either side does. */
function sameMap(given, stored, merge) {
    const held = isObject(stored) ? stored : {};
    const mine = given ?? {};
    const keys = merge ? Object.keys(mine) : [...new Set([...Object.keys(mine), ...Object.keys(held)])];
    return keys.every((key) => unchanged_sameValue(mine[key], held[key]));
}
/** Port holds a team as a list; a name given alone is a list of one. */
function teams(team) {
    if (team === undefined || team === null)
        return [];
    return typeof team === 'string' ? [team] : team;
}
/** JSON equality: absent and null alike (Port answers null for a property not set), key order free, list order kept. */
function unchanged_sameValue(a, b) {
    if (a === undefined || a === null)
        return b === undefined || b === null;
    if (b === undefined || b === null)
        return false;
    if (Array.isArray(a))
        return Array.isArray(b) && a.length === b.length && a.every((item, index) => unchanged_sameValue(item, b[index]));
    if (isObject(a)) {
        if (!isObject(b) || Array.isArray(b))
            return false;
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].every((key) => unchanged_sameValue(a[key], b[key]));
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
    if (!isObject(value))
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
    if (!isObject(value))
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
        if (!isObject(field))
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
    if (isObject(value) && Array.isArray(value.entities) && Object.keys(value).length === 1)
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
        throw new errors_UsageError(`${name}: not JSON (${error.message}); expected a rule object such as '{"property":"tier","operator":"=","value":"gold"}'`);
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

;// CONCATENATED MODULE: ./src/cli/commands/entity.ts










const entity_usage = `Usage: port-ci entity upsert --blueprint BP --identifier ID [--title T] [--properties JSON] ... | --file FILE
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
    ...PORT_FLAGS,
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
        usage: entity_usage,
        async run(args, io) {
            const { op, flags } = parseOperation('entity', args, FLAGS, { operations: OPERATIONS, takes: TAKES, shared: SHARED, example: '--identifier ID' });
            redactNames(flags);
            const missing = missingCredentials(io, flags);
            if (missing)
                throw new errors_UsageError(`entity ${op}: ${missing}`);
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
            throw new errors_UsageError('entity: --no-run and --run-id contradict each other; give one');
        return undefined;
    }
    return findRunId(flags, io);
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
        ...(file === undefined ? {} : { file: { name: file, source: file === '-' ? 'standard input' : file, read: () => readArgFile(io, '--file', file) } }),
    }, mode, FLAG_NAMES, loadYaml);
}
function requireBlueprintAndIdentifier(flags, op) {
    if (flags.blueprint === undefined)
        throw new errors_UsageError(`entity ${op}: --blueprint is required`);
    if (flags.identifier === undefined)
        throw new errors_UsageError(`entity ${op}: --identifier is required`);
    return { blueprint: checkBlueprint(flags.blueprint, '--blueprint'), identifier: checkIdentifier(flags.identifier, '--identifier') };
}
async function upsert(flags, io, loadYaml) {
    const [placed] = (await entitiesOf(flags, io, 'one', loadYaml));
    const options = writeOptions(flags, io);
    const written = await upsertOne(portClient(flags, io), placed, { ...options, skipUnchanged: flags['skip-unchanged'] });
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
    const concurrency = flags.concurrency === undefined ? 4 : wholeNumber('--concurrency', flags.concurrency, 1, 50);
    const entities = await entitiesOf(flags, io, 'many', loadYaml);
    const pacer = new RatePacer();
    const port = portClient(flags, io, { onRateLimit: (state) => pacer.observe(state) });
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
    return result.failed.length > 0 ? EXIT.api : EXIT.ok;
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
    const entity = await portClient(flags, io).getEntity(blueprint, identifier);
    io.stdout(flags.json ? `${JSON.stringify(entity)}\n` : `${JSON.stringify(entity, null, 2)}\n`);
    return 0;
}
async function search(flags, io) {
    const rules = [...(flags.rule ?? []).map((text) => parseRule(text)), ...(flags['rule-json'] ?? []).map((text) => parseRuleJson(text))];
    const max = flags.limit === undefined ? undefined : wholeNumber('--limit', flags.limit, 1, 1_000_000);
    const request = searchRequest({
        ...(flags.blueprint === undefined ? {} : { blueprint: flags.blueprint }),
        rules,
        ...(flags.combinator === undefined ? {} : { combinator: flags.combinator }),
        ...(flags.include ? { include: flags.include } : {}),
        ...(max === undefined ? {} : { max }),
    }, { blueprint: '--blueprint', combinator: '--combinator', missing: 'entity search: give --rule (or --rule-json), --blueprint, or both' });
    const { blueprint } = request;
    const entities = await searchAll(portClient(flags, io), request);
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
    const { unlinked } = await deleteOne(portClient(flags, io), blueprint, identifier, { deleteDependents: flags['delete-dependents'], ...(runId ? { runId } : {}) });
    if (unlinked)
        io.stderr(`port-ci: warning: entity delete: ${unlinked}\n`);
    if (flags.json)
        io.stdout(`${JSON.stringify({ deleted: { blueprint, identifier } })}\n`);
    else
        io.stdout(`deleted ${blueprint}/${identifier}\n`);
    return 0;
}

;// CONCATENATED MODULE: ./src/catalog/runs.ts


/*
 * Runs of other actions, as a job starts and follows them (`port-ci run`, actions/run): the action named as Port
 * takes it, and a run followed until it ends. A run that waits for approval has not ended: it may still be approved
 * and run, or be declined.
 */
/** Port's action identifier pattern (letters, digits, @ _ = -). */
function checkActionIdentifier(value, name) {
    if (!/^[A-Za-z0-9@_=-]+$/.test(value))
        throw new errors_UsageError(`${name}: "${value}" is not an action identifier (letters, digits, @ _ = -)`);
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
    const clock = options.clock ?? realClock;
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

;// CONCATENATED MODULE: ./src/core/duration.ts

/**
 * A duration as a user writes it: 90s, 30m, 1h, 500ms; a bare number is seconds. Answers milliseconds.
 * @param name how the value is named in the error (`--timeout`, `timeout`).
 */
function parseDuration(name, text) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
    if (!match)
        throw new errors_UsageError(`${name}: "${text}" is not accepted; expected a duration like 90s, 30m or 1h`);
    return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's')];
}

;// CONCATENATED MODULE: ./src/cli/commands/run.ts







const run_usage = `Usage: port-ci run create --action ACTION [--properties JSON] [--entity ID] [--wait [--timeout 30m]]
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
const run_FLAGS = {
    ...PORT_FLAGS,
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
const run_OPERATIONS = ['create', 'get', 'list', 'approve'];
const run_TAKES = {
    create: ['action', 'properties', 'entity', 'run-as', 'wait', 'timeout', 'poll-interval', 'json'],
    get: ['run-id', 'json'],
    list: ['action', 'external-run-id', 'entity', 'active', 'limit', 'json'],
    approve: ['run-id', 'decline', 'description', 'json'],
};
const run_SHARED = ['base-url', 'fail-on-report-error', 'redact'];
const run_command = {
    usage: run_usage,
    async run(args, io) {
        const { op, flags } = parseOperation('run', args, run_FLAGS, { operations: run_OPERATIONS, takes: run_TAKES, shared: run_SHARED, example: '--run-id ID' });
        redactNames(flags);
        const missing = missingCredentials(io, flags);
        if (missing)
            throw new errors_UsageError(`run ${op}: ${missing}`);
        switch (op) {
            case 'create':
                return create(flags, io);
            case 'get':
                return run_get(flags, io);
            case 'list':
                return list(flags, io);
            case 'approve':
                return approve(flags, io);
        }
    },
};
function requireAction(flags, op) {
    if (flags.action === undefined)
        throw new errors_UsageError(`run ${op}: --action is required`);
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
    const properties = flags.properties === undefined ? {} : jsonObjectFlag('--properties', flags.properties);
    const entity = flags.entity === undefined ? undefined : checkIdentifier(flags.entity, '--entity');
    const timeoutMs = flags.wait ? parseDuration('--timeout', flags.timeout ?? '30m') : 0;
    const pollMs = flags['poll-interval'] === undefined ? 5_000 : parseDuration('--poll-interval', flags['poll-interval']);
    if (!flags.wait && flags.timeout !== undefined)
        throw new errors_UsageError('run create: --timeout is for --wait');
    const port = portClient(flags, io);
    const run = await port.createRun(action, { properties, ...(entity ? { entity } : {}) }, flags['run-as']);
    io.stderr(`port-ci: run create: started ${run.id} of ${action}\n`);
    if (!flags.wait) {
        printRun(run, flags, io);
        return EXIT.ok;
    }
    const ended = await waitForRunEnd(port, run.id, { timeoutMs, pollMs, onChange: (status) => io.stderr(`port-ci: run create: ${run.id} is ${status}\n`) });
    printRun(ended.run, flags, io);
    if (ended.timedOut) {
        io.stderr(`port-ci: run create: ${run.id} was still ${ended.run.status} after ${Math.round(timeoutMs / 1000)} s\n`);
        return EXIT.runFailed;
    }
    return ended.run.status === 'SUCCESS' ? EXIT.ok : EXIT.runFailed;
}
async function run_get(flags, io) {
    const runId = findRunId(flags, io);
    if (!runId)
        throw new errors_UsageError('run get: no run: give --run-id or set PORT_RUN_ID');
    printRun(await portClient(flags, io).getRun(runId), flags, io);
    return EXIT.ok;
}
async function list(flags, io) {
    const query = {};
    if (flags.action !== undefined)
        query.action = requireAction(flags, 'list');
    if (flags['external-run-id'] !== undefined)
        query.external_run_id = flags['external-run-id'];
    if (flags.entity !== undefined)
        query.entity = checkIdentifier(flags.entity, '--entity');
    if (flags.active)
        query.active = 'true';
    if (flags.limit !== undefined) {
        query.limit = String(wholeNumber('--limit', flags.limit, 1));
    }
    const runs = await listRuns(portClient(flags, io), query);
    if (flags.json)
        io.stdout(`${JSON.stringify(runs)}\n`);
    else
        for (const run of runs)
            printRun(run, { ...flags, json: false }, io);
    return EXIT.ok;
}
async function approve(flags, io) {
    const runId = flags['run-id'];
    if (!runId)
        throw new errors_UsageError('run approve: --run-id is required (a run is approved on purpose, never the current one by default)');
    const port = portClient(flags, io);
    await approveRun(port, runId, flags.decline ? 'DECLINE' : 'APPROVE', flags.description);
    const run = await port.getRun(runId);
    printRun(run, flags, io);
    return EXIT.ok;
}

;// CONCATENATED MODULE: ./src/entrypoints/vendor.ts
/*
 * The one-file CLI a CI job vendors (dist/vendor/port-ci.cjs): the commands a job runs, imported statically so the
 * bundle has no chunks and no worker file beside it. Port's side of the hand-off (dispatch, with jq, Octokit and
 * ajv) and the sandbox stay in the npm package, which keeps this file small enough to commit into a project.
 */









// entity and run are here because a GitLab job records what it made (the template's documented way is this file).
const inThisFile = { context: context_command, log: log_command, report: report_command, exec: exec_command, 'verify-signature': verify_signature_command, entity: entityCommand(), run: run_command };
const elsewhere = 'not in the one-file build for CI jobs; it is in the npm package (npm install port-ci, then npx port-ci)';
const VENDORED = {
    commands: Object.fromEntries(Object.entries(inThisFile).map(([name, command]) => [name, { summary: SUMMARIES[name], load: async () => command }])),
    absent: Object.fromEntries(Object.keys(SUMMARIES).filter((name) => !(name in inThisFile)).map((name) => [name, elsewhere])),
    note: 'This is the one-file build for CI jobs. dispatch, sandbox and agent are in the npm package: npm install port-ci.',
};
run(VENDORED);

module.exports = __webpack_exports__;
/******/ })()
;
export const id = 983;
export const ids = [983];
export const modules = {

/***/ 9983:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  command: () => (/* binding */ command)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/port/errors.ts
var port_errors = __webpack_require__(6272);
// EXTERNAL MODULE: ./src/port/log-stream.ts
var log_stream = __webpack_require__(7314);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(6193);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/port/start-failure.ts


/** Where the system would look for `command`: the path itself when it holds a slash, else each PATH entry. */
function existingFile(command, env) {
    if (command.includes('/'))
        return (0,external_node_fs_.existsSync)(command) ? command : undefined;
    for (const dir of (env.PATH ?? '').split((external_node_path_default()).delimiter)) {
        const candidate = external_node_path_default().join(dir || '.', command);
        if ((0,external_node_fs_.existsSync)(candidate))
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
        if (found && (0,external_node_fs_.statSync)(found).isDirectory())
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
    const child = (0,external_node_child_process_.spawn)(options.command, options.args, { stdio: ['inherit', 'pipe', 'pipe'], env: options.env ?? process.env });
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
        return { code: code ?? 128 + (signal ? external_node_os_.constants.signals[signal] : 0), signal };
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
    const decoder = new external_node_string_decoder_.StringDecoder('utf8');
    let partial = '';
    const feed = (text, atEnd = false) => {
        if (!stream)
            return;
        let buffered = partial + text;
        const heldCr = !atEnd && buffered.endsWith('\r');
        if (heldCr)
            buffered = buffered.slice(0, -1);
        const lines = buffered.split(LINE_BREAK);
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
const LINE_BREAK = /\r\n|\r|\n/;

;// CONCATENATED MODULE: ./src/port/run-and-report.ts


/**
 * The exec step of every face: runs the command with its output passed through and streamed to the run's log,
 * then, asked to, ends the run by the exit code. The run is ended before the face raises any reporting error,
 * so `fail-on-report-error` never leaves it IN_PROGRESS.
 */
async function runAndReport(args) {
    const { target } = args;
    const stream = target ? new log_stream/* LogStream */.B(target.client, target.runId) : undefined;
    // Authenticate while the command starts, not when its first lines wait; a failure shows at the first send.
    void target?.client.accessToken().catch(() => undefined);
    const outcome = await runStreamed({ command: args.command, args: args.args, stdout: args.stdout, stderr: args.stderr, stream, env: args.env });
    const undelivered = stream ? (0,log_stream/* undeliveredMessage */.z)(await stream.close()) : undefined;
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

// EXTERNAL MODULE: ./src/cli/args.ts
var cli_args = __webpack_require__(7593);
// EXTERNAL MODULE: ./src/cli/port-config.ts + 4 modules
var port_config = __webpack_require__(6022);
;// CONCATENATED MODULE: ./src/cli/commands/exec.ts





const usage = `Usage: port-ci exec [--run-id ID] [--report-status] [--redact NAME]... -- COMMAND [ARGS...]

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
${port_config/* REDACT_HELP */.o}

Credentials: $PORT_CLIENT_ID and $PORT_CLIENT_SECRET, or a $PORT_ACCESS_TOKEN from an earlier step.
`;
const command = {
    usage,
    async run(args, io) {
        const split = args.indexOf('--');
        if (split === -1 || split === args.length - 1)
            throw new errors/* UsageError */.eb('exec: expected -- COMMAND [ARGS...] (see port-ci exec --help)');
        const { values: flags } = (0,cli_args/* parseFlags */.bQ)('exec', args.slice(0, split), { ...port_config/* PORT_FLAGS */.U0, 'report-status': { type: 'boolean', default: false } });
        (0,port_config/* redactNames */.uo)(flags); // a bad name is refused before the command runs, with or without a run
        const [commandName, ...commandArgs] = args.slice(split + 1);
        const found = (0,port_config/* findRunId */.MI)(flags, io);
        const off = !found ? 'no run id (--run-id or PORT_RUN_ID)' : (0,port_config/* missingCredentials */.nm)(io, flags);
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
            target: runId ? { client: (0,port_config/* portClient */.jb)(flags, io), runId } : undefined,
            reportStatus: flags['report-status'] === true,
            reportSafely: (call) => (0,port_config/* reportSafely */.tI)(flags, io, call),
        });
        if (outcome.startFailure)
            io.stderr(`port-ci: exec: ${commandName}: ${outcome.startFailure.reason}\n`);
        if (ended && runId)
            (0,port_config/* noteRunEnded */.u5)(io, runId, ended);
        if (undelivered) {
            if (flags['fail-on-report-error'])
                throw new port_errors/* ApiError */.h(undelivered, null);
            io.stderr(`port-ci: warning: ${undelivered}\n`);
        }
        return outcome.code;
    },
};


/***/ })

};

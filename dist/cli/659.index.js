export const id = 659;
export const ids = [659];
export const modules = {

/***/ 7593:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ parseFlags),
/* harmony export */   y: () => (/* binding */ oneOf)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7318);


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


/***/ }),

/***/ 3659:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  command: () => (/* binding */ command)
});

// EXTERNAL MODULE: ./src/core/index.ts + 6 modules
var core = __webpack_require__(7318);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/github/event.ts


/**
 * The inputs of the workflow_dispatch event the runner saved at GITHUB_EVENT_PATH: `port_payload` or
 * `port_context` as JSON text beside the isolated user inputs.
 * @throws UsageError when the file cannot be read or the event carries no inputs (not a dispatched run).
 */
function readDispatchInputs(eventPath) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(eventPath, 'utf8');
    }
    catch (error) {
        throw new core/* UsageError */.eb(`GITHUB_EVENT_PATH: cannot read ${eventPath} (${error.code ?? String(error)})`);
    }
    // The event also holds the repository and sender: larger than a payload, but bounded by the runner.
    const event = (0,core/* parseJsonText */.lk)(text, 'GITHUB_EVENT_PATH', 16 * 1024 * 1024);
    if (!(0,core/* isObject */.Gv)(event))
        throw new core/* PayloadError */.tG('GITHUB_EVENT_PATH', 'a JSON object', (0,core/* describeValue */.bp)(event));
    if (!(0,core/* isObject */.Gv)(event.inputs)) {
        throw new core/* UsageError */.eb('GITHUB_EVENT_PATH: this event has no workflow_dispatch inputs; Port starts workflows with workflow_dispatch, so declare port_payload (or the action\'s inputs) under on.workflow_dispatch.inputs, or pass the payload explicitly');
    }
    return event.inputs;
}

// EXTERNAL MODULE: ./src/gitlab/trigger.ts
var trigger = __webpack_require__(6827);
// EXTERNAL MODULE: ./src/cli/args.ts
var cli_args = __webpack_require__(7593);
// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
;// CONCATENATED MODULE: ./src/cli/commands/context.ts





const FORMATS = ['json', 'dotenv', 'env'];
/** PORT_RUN_ID, PORT_ACTION, PORT_BLUEPRINT, PORT_ENTITY_IDENTIFIER, PORT_TRIGGERED_BY: always kept. */
const RUN_FIELDS = 5;
/** `--set NAME=VALUE`: an extra variable for env and dotenv output (the GitLab template adds PORT_CI with it). */
function parseAssignment(text) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(text);
    if (!match)
        throw new core/* UsageError */.eb(`--set: "${text}" is not accepted; expected NAME=VALUE with NAME made of letters, digits and "_"`);
    return { name: match[1], value: match[2], secret: false };
}
function positiveInteger(flag, text) {
    if (text === undefined)
        return undefined;
    if (!/^[1-9][0-9]*$/.test(text))
        throw new core/* UsageError */.eb(`${flag}: "${text}" is not accepted; expected a whole number above 0`);
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
        throw new core/* UsageError */.eb('context: give either --payload or --payload-file, not both');
    }
    if (flags.payload !== undefined)
        return { raw: flags.payload };
    if (flags['payload-file'] !== undefined)
        return { raw: (0,cli_io/* readArgFile */.d)(io, '--payload-file', flags['payload-file']) };
    const { PORT_PAYLOAD, TRIGGER_PAYLOAD, GITHUB_EVENT_PATH } = io.env;
    if (PORT_PAYLOAD)
        return { raw: PORT_PAYLOAD };
    if (TRIGGER_PAYLOAD)
        return { raw: (0,trigger/* readTriggerPayload */.X)(TRIGGER_PAYLOAD), envelope: 'gitlab_trigger' };
    if (GITHUB_EVENT_PATH)
        return { raw: readDispatchInputs(GITHUB_EVENT_PATH), envelope: 'github_inputs' };
    throw new core/* UsageError */.eb('context: no Port payload found; pass --payload or --payload-file, or run inside a job where $TRIGGER_PAYLOAD (GitLab) or $GITHUB_EVENT_PATH (GitHub) is set');
}
function readActionSchema(io, file) {
    return (0,core/* userInputsOf */.cE)((0,cli_io/* readArgFile */.d)(io, '--action', file), '--action');
}
/** The JSON view of a context: the fields a script reads, without the internals. */
function contextJson(context) {
    return {
        runId: context.runId,
        action: context.action,
        blueprint: context.blueprint,
        entityIdentifier: context.entityIdentifier,
        entity: context.entity,
        triggeredBy: (0,core/* triggeredBy */.HO)(context),
        trigger: context.trigger,
        inputs: context.inputs,
        secretInputs: context.secretInputs,
        ref: context.ref,
        format: context.format,
        envelope: context.envelope,
    };
}
const command = {
    usage,
    async run(args, io) {
        const { values: flags } = (0,cli_args/* parseFlags */.b)('context', args, {
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
        const format = (0,cli_args/* oneOf */.y)('--format', flags.format ?? 'json', FORMATS);
        const runIdFrom = flags['run-id-from'];
        if (runIdFrom !== undefined && runIdFrom.trim() === '') {
            throw new core/* UsageError */.eb('--run-id-from: an empty name is not accepted; expected the name of the input or variable that holds the run id, such as run_id');
        }
        if (flags.decrypt && format === 'dotenv') {
            throw new core/* UsageError */.eb('context: --decrypt cannot go with --format dotenv: dotenv reports are kept as artifacts; decrypt in the job that needs the secrets, with --format env');
        }
        const extra = (flags.set ?? []).map(parseAssignment);
        const limits = {
            maxVariables: positiveInteger('--max-variables', flags['max-variables']) ?? Infinity,
            maxBytes: positiveInteger('--max-bytes', flags['max-bytes']) ?? Infinity,
        };
        if (flags.optional && !payloadGiven(flags, io.env)) {
            // A pipeline Port did not start (a push, a schedule): nothing to parse, and nothing wrong.
            io.stderr('port-ci: context: no Port payload here (the pipeline was not started by Port); only the --set variables are written\n');
            const extraOnly = format === 'json' ? `${(0,core/* compactJson */.Ar)({ runId: null, inputs: {} })}\n` : format === 'env' ? (0,core/* formatShellExports */.tj)(extra) : (0,core/* formatDotenv */.gt)(extra, limits).text;
            io.stdout(extraOnly);
            return 0;
        }
        const located = locatePayload(flags, io);
        const userInputs = flags.action === undefined ? undefined : readActionSchema(io, flags.action);
        const runId = runIdFrom === undefined ? undefined : { input: runIdFrom, source: '--run-id-from' };
        let context = (0,core/* parsePayload */.ex)(located.raw, { envelope: located.envelope, userInputs, runId });
        if (flags.decrypt) {
            const secret = io.env.PORT_CLIENT_SECRET;
            if (!secret)
                throw new core/* UsageError */.eb('context: --decrypt needs the client secret in $PORT_CLIENT_SECRET');
            context = (0,core/* decryptRunSecrets */.ae)(context, secret).context;
        }
        const env = (0,core/* contextEnv */.DU)(context);
        // The run's own fields first, then --set, then the inputs: what a report must drop comes last.
        const entries = [...env.entries.slice(0, RUN_FIELDS), ...extra, ...env.entries.slice(RUN_FIELDS)];
        for (const warning of [...context.warnings, ...env.warnings])
            io.stderr(`port-ci: warning: ${warning}\n`);
        if (format === 'json')
            io.stdout(`${(0,core/* compactJson */.Ar)(contextJson(context))}\n`);
        else if (format === 'env') {
            const { kept, omitted } = (0,core/* withinEnvLimits */.J2)(entries);
            if (omitted.length > 0)
                io.stderr(`port-ci: warning: too large for the environment, left out: ${omitted.join(', ')}; read them with --format json\n`);
            io.stdout((0,core/* formatShellExports */.tj)(kept));
        }
        else {
            const { text, omitted } = (0,core/* formatDotenv */.gt)(entries, limits);
            if (omitted.length > 0) {
                io.stderr(`port-ci: warning: the dotenv report leaves out ${omitted.join(', ')} to stay within ${limits.maxVariables} variables and ${limits.maxBytes} bytes; a job reads every value with: eval "$(port-ci context --format env)"\n`);
            }
            io.stdout(text);
        }
        return 0;
    },
};


/***/ }),

/***/ 6827:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ readTriggerPayload)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7318);


/**
 * The body Port's agent posted to GitLab's trigger API, which GitLab saves in the file named by
 * $TRIGGER_PAYLOAD. It holds the trigger token too: callers must never print it whole.
 */
function readTriggerPayload(path) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8');
    }
    catch (error) {
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`TRIGGER_PAYLOAD: cannot read ${path} (${error.code ?? String(error)})`);
    }
}


/***/ })

};

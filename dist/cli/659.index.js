export const id = 659;
export const ids = [659];
export const modules = {

/***/ 3659:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  command: () => (/* binding */ command)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/payload.ts
var payload = __webpack_require__(9701);
// EXTERNAL MODULE: ./src/core/env.ts
var core_env = __webpack_require__(8792);
// EXTERNAL MODULE: ./src/core/secrets.ts
var secrets = __webpack_require__(8198);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/core/json.ts
var json = __webpack_require__(6153);
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
        throw new errors/* UsageError */.eb(`--set: "${text}" is not accepted; expected NAME=VALUE with NAME made of letters, digits and "_"`);
    return { name: match[1], value: match[2], secret: false };
}
function positiveInteger(flag, text) {
    if (text === undefined)
        return undefined;
    if (!/^[1-9][0-9]*$/.test(text))
        throw new errors/* UsageError */.eb(`${flag}: "${text}" is not accepted; expected a whole number above 0`);
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
        throw new errors/* UsageError */.eb('context: give either --payload or --payload-file, not both');
    }
    if (flags.payload !== undefined)
        return { raw: flags.payload };
    if (flags['payload-file'] !== undefined)
        return { raw: (0,cli_io/* readArgFile */.dm)(io, '--payload-file', flags['payload-file']) };
    const { PORT_PAYLOAD, TRIGGER_PAYLOAD, GITHUB_EVENT_PATH } = io.env;
    if (PORT_PAYLOAD)
        return { raw: PORT_PAYLOAD };
    if (TRIGGER_PAYLOAD)
        return { raw: (0,trigger/* readTriggerPayload */.X)(TRIGGER_PAYLOAD), envelope: 'gitlab_trigger' };
    if (GITHUB_EVENT_PATH) {
        const inputs = readDispatchInputs(GITHUB_EVENT_PATH);
        if (!inputs) {
            throw new errors/* UsageError */.eb('GITHUB_EVENT_PATH: this event has no workflow_dispatch inputs; Port starts workflows with workflow_dispatch, so declare port_payload (or the action\'s inputs) under on.workflow_dispatch.inputs, or pass the payload explicitly');
        }
        return { raw: inputs, envelope: 'github_inputs' };
    }
    throw new errors/* UsageError */.eb('context: no Port payload found; pass --payload or --payload-file, or run inside a job where $TRIGGER_PAYLOAD (GitLab) or $GITHUB_EVENT_PATH (GitHub) is set');
}
function readActionSchema(io, file) {
    return (0,payload/* userInputsOf */.cE)((0,cli_io/* readArgFile */.dm)(io, '--action', file), '--action');
}
/** The JSON view of a context: the fields a script reads, without the internals. */
function contextJson(context) {
    return {
        runId: context.runId,
        action: context.action,
        blueprint: context.blueprint,
        entityIdentifier: context.entityIdentifier,
        entity: context.entity,
        triggeredBy: (0,core_env/* triggeredBy */.HO)(context),
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
        const { values: flags } = (0,cli_args/* parseFlags */.bQ)('context', args, {
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
        const format = (0,cli_args/* oneOf */.yL)('--format', flags.format ?? 'json', FORMATS);
        const runIdFrom = flags['run-id-from'];
        if (runIdFrom !== undefined && runIdFrom.trim() === '') {
            throw new errors/* UsageError */.eb('--run-id-from: an empty name is not accepted; expected the name of the input or variable that holds the run id, such as run_id');
        }
        if (flags.decrypt && format === 'dotenv') {
            throw new errors/* UsageError */.eb('context: --decrypt cannot go with --format dotenv: dotenv reports are kept as artifacts; decrypt in the job that needs the secrets, with --format env');
        }
        const extra = (flags.set ?? []).map(parseAssignment);
        const limits = {
            maxVariables: positiveInteger('--max-variables', flags['max-variables']) ?? Infinity,
            maxBytes: positiveInteger('--max-bytes', flags['max-bytes']) ?? Infinity,
        };
        if (flags.optional && !payloadGiven(flags, io.env)) {
            // A pipeline Port did not start (a push, a schedule): nothing to parse, and nothing wrong.
            io.stderr('port-ci: context: no Port payload here (the pipeline was not started by Port); only the --set variables are written\n');
            const extraOnly = format === 'json' ? `${(0,core_env/* compactJson */.Ar)({ runId: null, inputs: {} })}\n` : format === 'env' ? (0,core_env/* formatShellExports */.tj)(extra) : (0,core_env/* formatDotenv */.gt)(extra, limits).text;
            io.stdout(extraOnly);
            return 0;
        }
        const located = locatePayload(flags, io);
        const userInputs = flags.action === undefined ? undefined : readActionSchema(io, flags.action);
        const runId = runIdFrom === undefined ? undefined : { input: runIdFrom, source: '--run-id-from' };
        let context = (0,payload/* parsePayload */.ex)(located.raw, { envelope: located.envelope, userInputs, runId });
        if (flags.decrypt) {
            const secret = io.env.PORT_CLIENT_SECRET;
            if (!secret)
                throw new errors/* UsageError */.eb('context: --decrypt needs the client secret in $PORT_CLIENT_SECRET');
            context = (0,secrets/* decryptRunSecrets */.ae)(context, secret).context;
        }
        const env = (0,core_env/* contextEnv */.DU)(context);
        // The run's own fields first, then --set, then the inputs: what a report must drop comes last.
        const entries = [...env.entries.slice(0, RUN_FIELDS), ...extra, ...env.entries.slice(RUN_FIELDS)];
        for (const warning of [...context.warnings, ...env.warnings])
            io.stderr(`port-ci: warning: ${warning}\n`);
        if (format === 'json')
            io.stdout(`${(0,core_env/* compactJson */.Ar)(contextJson(context))}\n`);
        else if (format === 'env') {
            const { kept, omitted } = (0,core_env/* withinEnvLimits */.J2)(entries);
            if (omitted.length > 0)
                io.stderr(`port-ci: warning: too large for the environment, left out: ${omitted.join(', ')}; read them with --format json\n`);
            io.stdout((0,core_env/* formatShellExports */.tj)(kept));
        }
        else {
            const { text, omitted } = (0,core_env/* formatDotenv */.gt)(entries, limits);
            if (omitted.length > 0) {
                io.stderr(`port-ci: warning: the dotenv report leaves out ${omitted.join(', ')} to stay within ${limits.maxVariables} variables and ${limits.maxBytes} bytes; a job reads every value with: eval "$(port-ci context --format env)"\n`);
            }
            io.stdout(text);
        }
        return 0;
    },
};


/***/ }),

/***/ 8198:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MG: () => (/* binding */ encryptSecret),
/* harmony export */   ae: () => (/* binding */ decryptRunSecrets),
/* harmony export */   q3: () => (/* binding */ maskTextsFor),
/* harmony export */   wu: () => (/* binding */ decryptSecret),
/* harmony export */   zk: () => (/* binding */ SECRET_ENCRYPTION)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6153);



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


/***/ }),

/***/ 6827:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ readTriggerPayload)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);


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

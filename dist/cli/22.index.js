export const id = 22;
export const ids = [22];
export const modules = {

/***/ 6022:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  U0: () => (/* binding */ PORT_FLAGS),
  of: () => (/* binding */ PORT_FLAGS_HELP),
  o: () => (/* binding */ REDACT_HELP),
  BF: () => (/* binding */ checkDelivery),
  MI: () => (/* binding */ findRunId),
  nm: () => (/* binding */ missingCredentials),
  u5: () => (/* binding */ port_config_noteRunEnded),
  jb: () => (/* binding */ portClient),
  uo: () => (/* binding */ redactNames),
  tI: () => (/* binding */ reportSafely),
  MW: () => (/* binding */ reportingRun)
});

// EXTERNAL MODULE: ./src/core/masking.ts
var masking = __webpack_require__(923);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/port/client.ts
var client = __webpack_require__(2732);
// EXTERNAL MODULE: ./src/port/errors.ts
var port_errors = __webpack_require__(6272);
// EXTERNAL MODULE: ./src/port/log-stream.ts
var log_stream = __webpack_require__(7314);
// EXTERNAL MODULE: ./src/core/env.ts
var core_env = __webpack_require__(8792);
// EXTERNAL MODULE: ./src/core/secrets.ts
var secrets = __webpack_require__(8198);
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
    const masker = new masking/* SecretMasker */.M2();
    for (const name of CREDENTIAL_ENV)
        if (env[name])
            masker.add(env[name]);
    for (const name of (env[core_env/* SECRET_ENV */.$7] ?? '').split(',').filter(Boolean)) {
        const value = env[name];
        if (value)
            for (const text of secretInputTexts(value))
                masker.add(text);
    }
    for (const name of (0,masking/* parseVariableNames */.OE)(env[core_env/* REDACT_ENV */.um] ?? '', core_env/* REDACT_ENV */.um))
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
        return [value, ...(0,secrets/* maskTextsFor */.q3)(JSON.parse(value))];
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

// EXTERNAL MODULE: ./src/http/retry.ts
var retry = __webpack_require__(8902);
// EXTERNAL MODULE: ./src/port/token.ts
var token = __webpack_require__(618);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/core/payload.ts
var payload = __webpack_require__(9701);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
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

// EXTERNAL MODULE: ./src/github/runner.ts
var runner = __webpack_require__(9373);
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

// EXTERNAL MODULE: ./src/gitlab/trigger.ts
var trigger = __webpack_require__(6827);
;// CONCATENATED MODULE: ./src/cli/ci-job.ts







function ciJob(env, stderr) {
    const inActions = env.GITHUB_ACTIONS === 'true' && Boolean(env.GITHUB_ENV);
    return {
        runIdFallback() {
            if (!env.TRIGGER_PAYLOAD)
                return undefined;
            try {
                // Peeked, not parsed: a payload the context job refused still names the run, which must end FAILURE.
                return (0,payload/* peekRunId */._F)((0,trigger/* readTriggerPayload */.X)(env.TRIGGER_PAYLOAD)) ?? undefined;
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
            const key = (0,external_node_crypto_.createHash)('sha256').update(`${env.CI_JOB_ID}\n${baseUrl}`).digest('hex').slice(0, 24);
            return outageFile(external_node_path_default().join(env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), `port-ci-outage-${key}.json`), baseUrl);
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
    return (0,token/* tokenFromEnv */.B)(io.env) ?? ciJob(io.env, rawStderr(io)).sharedToken((0,client/* resolveBaseUrl */.xj)(flags['base-url'] ?? io.env.PORT_BASE_URL), io.env.PORT_CLIENT_ID);
}
/**
 * A Port client configured from flags and the environment (PORT_CLIENT_ID, PORT_CLIENT_SECRET,
 * PORT_BASE_URL, PORT_ACCESS_TOKEN). Inside a GitHub job a new token is masked and shared with the job's later
 * port-ci steps, so the job authenticates once.
 */
function portClient(flags, io, extra = {}) {
    const { env } = io;
    const baseUrl = (0,client/* resolveBaseUrl */.xj)(flags['base-url'] ?? env.PORT_BASE_URL);
    const job = ciJob(env, rawStderr(io));
    const redact = redactNames(flags);
    unsetRedactWarnings(env, redact, '--redact').forEach((text) => io.stderr(`port-ci: warning: ${text}\n`));
    return new client/* PortClient */.F({
        baseUrl,
        clientId: env.PORT_CLIENT_ID,
        clientSecret: env.PORT_CLIENT_SECRET,
        token: startingToken(flags, io),
        policy: (0,retry/* retryPolicyFromEnv */.ed)(env),
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
    return [...new Set((flags.redact ?? []).flatMap((value) => (0,masking/* parseVariableNames */.OE)(value, '--redact')))];
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
        throw new errors/* UsageError */.eb(`${command}: ${off}`);
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
        if (!(error instanceof port_errors/* ApiError */.h) || flags['fail-on-report-error'])
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
    const text = (0,log_stream/* undeliveredMessage */.z)(result);
    if (!text)
        return;
    if (flags['fail-on-report-error'])
        throw new port_errors/* ApiError */.h(text, null);
    io.stderr(`port-ci: warning: ${text}\n`);
}


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


/***/ }),

/***/ 7314:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ LogStream),
/* harmony export */   z: () => (/* binding */ undeliveredMessage)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6272);

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
            this.#failure = error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiError */ .h || error instanceof Error ? error.message : String(error);
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


/***/ })

};

export const id = 285;
export const ids = [285];
export const modules = {

/***/ 1861:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   writeGitLabTrigger: () => (/* binding */ writeGitLabTrigger)
/* harmony export */ });
/* unused harmony exports TRIGGER_FILE, VARIABLES_FILE */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4296);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6153);
/* harmony import */ var _core_action_v2_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8671);
/* harmony import */ var _dispatch_plan_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1662);
/* harmony import */ var _dispatch_plan_v2_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6732);
/* harmony import */ var _dispatch_prepare_v2_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4911);
/* harmony import */ var _jq_engine_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4143);








/*
 * `port-ci sandbox --gitlab-trigger DIR`: the sandbox plays Port and its agent up to GitLab's door. It makes the run
 * Port would make for the GITLAB action it holds, builds the trigger body Port's agent posts to GitLab (the same
 * planning as `port-ci dispatch`), and writes what GitLab then gives the pipeline, for gitlab-ci-local to run it.
 */
const TRIGGER_FILE = 'trigger-payload.json';
/** The file gitlab-ci-local reads from the project it runs (its --variables-file default). */
const VARIABLES_FILE = '.gitlab-ci-local-variables.yml';
const MARK = '# Written by port-ci sandbox --gitlab-trigger';
/** Stands for the trigger token Port's agent holds; GitLab keeps it in the trigger body, so the body has one. */
const TRIGGER_TOKEN = 'sandbox-trigger-token';
const USER = 'you@example.com';
/**
 * Builds the trigger body for a run of the GITLAB action among `actions` (its default inputs, on the first entity
 * of its blueprint among `entities` when it is a DAY-2 or DELETE action) and writes it to DIR/trigger-payload.json,
 * with DIR/.gitlab-ci-local-variables.yml naming it as TRIGGER_PAYLOAD beside the credentials and the trigger's
 * variables, as GitLab gives them to every job.
 * @throws UsageError when DIR is not a directory, there is not exactly one GITLAB action, a DAY-2 action has no
 * entity, a required input has no default, or DIR holds a variables file the sandbox did not write.
 */
async function writeGitLabTrigger(args) {
    const dir = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(args.dir);
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(dir))
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`--gitlab-trigger: ${args.dir} does not exist; give the directory of the project gitlab-ci-local runs`);
    const gitlab = args.actions.filter((action) => (0,_core_index_js__WEBPACK_IMPORTED_MODULE_3__/* .isObject */ .Gv)(action.invocationMethod) && action.invocationMethod.type === 'GITLAB');
    if (gitlab.length !== 1) {
        const found = gitlab.length === 0 ? 'none' : gitlab.map((action) => String(action.identifier)).join(', ');
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`--gitlab-trigger: load exactly one action whose invocationMethod.type is GITLAB with --actions (found ${found})`);
    }
    const raw = gitlab[0];
    const { format, action } = (0,_core_action_v2_js__WEBPACK_IMPORTED_MODULE_4__/* .validateAnyAction */ .Hx)(raw, String(raw.identifier));
    // The classic format names no blueprint: any entity given will do.
    const operation = String((0,_core_index_js__WEBPACK_IMPORTED_MODULE_3__/* .isObject */ .Gv)(raw.trigger) ? raw.trigger.operation : raw.trigger);
    const blueprint = (0,_core_index_js__WEBPACK_IMPORTED_MODULE_3__/* .isObject */ .Gv)(raw.trigger) ? raw.trigger.blueprintIdentifier : undefined;
    const entity = operation === 'CREATE' ? undefined : args.entities.find((candidate) => blueprint === undefined || candidate.blueprint === blueprint);
    if (operation !== 'CREATE' && entity === undefined) {
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`--gitlab-trigger: ${action.identifier} is a ${operation} action: load the entity it runs on with --entities${blueprint ? ` (an entity of blueprint ${String(blueprint)})` : ''}`);
    }
    const env = { GITLAB_TRIGGER_TOKEN: TRIGGER_TOKEN, PORT_CLIENT_SECRET: args.clientSecret };
    const now = new Date();
    const obtainRunId = async () => args.runId;
    let body;
    let properties;
    if (format === 'v2') {
        const engine = (0,_jq_engine_js__WEBPACK_IMPORTED_MODULE_5__/* .createJqEngine */ .CP)();
        try {
            const dispatched = action;
            const triggerData = await (0,_dispatch_prepare_v2_js__WEBPACK_IMPORTED_MODULE_6__/* .selfServiceData */ .Q)({
                action: dispatched, inputs: {}, entity: entity, lookupEntity: async () => undefined, obtainRunId,
                user: { email: USER }, secrets: {}, clientSecret: args.clientSecret, engine, now,
            });
            body = (await (0,_dispatch_plan_v2_js__WEBPACK_IMPORTED_MODULE_7__/* .planV2 */ .IA)({ action: dispatched, triggerData, engine, strict: true, ref: undefined, env, now })).request.body;
            properties = triggerData.inputs;
        }
        finally {
            await engine.close();
        }
    }
    else {
        const plan = await (0,_dispatch_plan_js__WEBPACK_IMPORTED_MODULE_8__/* .planDispatch */ .w)({ action: raw, actionSource: String(raw.identifier), inputs: {}, entity: entity, obtainRunId, user: USER, env, now });
        body = plan.request.body;
        properties = (plan.payload?.payload).properties;
    }
    const triggerFile = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, TRIGGER_FILE);
    const variablesFile = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, VARIABLES_FILE);
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(variablesFile) && !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(variablesFile, 'utf8').startsWith(MARK)) {
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`--gitlab-trigger: ${variablesFile} exists and was not written by the sandbox; move it away or give another directory`);
    }
    const triggerVariables = body.variables;
    const variables = {
        TRIGGER_PAYLOAD: triggerFile,
        PORT_CLIENT_ID: args.clientId,
        ...(args.printSecret ? { PORT_CLIENT_SECRET: args.clientSecret } : {}),
        ...triggerVariables,
    };
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(triggerFile, `${JSON.stringify(body, null, 2)}\n`);
    // YAML whose values are JSON strings: newlines, quotes and `$` arrive exactly.
    const lines = Object.entries(variables).map(([name, value]) => `${JSON.stringify(name)}: ${JSON.stringify(value)}`);
    const note = args.printSecret ? '' : '# PORT_CLIENT_SECRET: add the one the sandbox was started with\n';
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(variablesFile, `${MARK}: the variables GitLab gives a pipeline Port triggers.\n${note}${lines.join('\n')}\n`);
    return { action: action.identifier, entity: entity === undefined ? null : String(entity.identifier), triggerFile, variablesFile, variables, properties };
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

/***/ 7856:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GK: () => (/* binding */ describeProxy),
/* harmony export */   T6: () => (/* binding */ ProxyError),
/* harmony export */   ag: () => (/* binding */ TunnelAgent),
/* harmony export */   iJ: () => (/* binding */ proxyFor),
/* harmony export */   vd: () => (/* binding */ proxyRefusal)
/* harmony export */ });
/* unused harmony exports isLoopback, bypassesProxy, parseProxy */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4296);




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
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`${variable}: "${shown}" is not a proxy URL; ${expected}`);
    }
    if (url.protocol !== 'http:') {
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`${variable}: "${shown}" is not accepted: port-ci talks to a proxy in plain HTTP; ${expected}`);
    }
    if (url.hostname === '')
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`${variable}: "${shown}" names no host; ${expected}`);
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
class TunnelAgent extends (node_https__WEBPACK_IMPORTED_MODULE_1___default().Agent) {
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
            callback?.(null, node_tls__WEBPACK_IMPORTED_MODULE_2___default().connect({ ...options, socket: tunnel }));
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
        const request = node_http__WEBPACK_IMPORTED_MODULE_0___default().request({ host: proxy.host, port: proxy.port, method: 'CONNECT', path: authority, headers, agent: false, timeout: timeoutMs });
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


/***/ }),

/***/ 7777:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ sendRequest)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _proxy_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7856);



const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
const directAgents = {
    'http:': new (node_http__WEBPACK_IMPORTED_MODULE_0___default().Agent)({ keepAlive: true }),
    'https:': new (node_https__WEBPACK_IMPORTED_MODULE_1___default().Agent)({ keepAlive: true }),
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
        agents = { forward: new (node_http__WEBPACK_IMPORTED_MODULE_0___default().Agent)({ keepAlive: false }), tunnel: new _proxy_js__WEBPACK_IMPORTED_MODULE_2__/* .TunnelAgent */ .ag(proxy) };
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
        proxy = (0,_proxy_js__WEBPACK_IMPORTED_MODULE_2__/* .proxyFor */ .iJ)(target);
    }
    catch (error) {
        return Promise.reject(error);
    }
    const sized = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
    return new Promise((resolve, reject) => {
        const onResponse = (res) => {
            if (proxy && target.protocol === 'http:' && res.statusCode === 407) {
                res.resume();
                reject((0,_proxy_js__WEBPACK_IMPORTED_MODULE_2__/* .proxyRefusal */ .vd)(proxy, `to forward ${method} ${target.origin}`, 407, res.statusMessage));
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
            const transport = target.protocol === 'https:' ? (node_https__WEBPACK_IMPORTED_MODULE_1___default()) : (node_http__WEBPACK_IMPORTED_MODULE_0___default());
            req = transport.request(target, { ...options, agent: directAgents[target.protocol] }, onResponse);
        }
        else if (target.protocol === 'https:') {
            req = node_https__WEBPACK_IMPORTED_MODULE_1___default().request(target, { ...options, agent: agentsFor(proxy).tunnel }, onResponse);
        }
        else {
            // A plain-HTTP target: the proxy gets the whole URL on the request line and fetches it.
            const forwarded = { ...options.headers, host: target.host };
            if (proxy.authorization)
                forwarded['proxy-authorization'] = proxy.authorization;
            const path = `${target.origin}${target.pathname}${target.search}`;
            req = node_http__WEBPACK_IMPORTED_MODULE_0___default().request({ ...options, host: proxy.host, port: proxy.port, path, headers: forwarded, agent: agentsFor(proxy).forward }, onResponse);
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
    if (error instanceof _proxy_js__WEBPACK_IMPORTED_MODULE_2__/* .ProxyError */ .T6)
        return error;
    // No connection to the proxy yet (refused, unknown host, or the deadline passed while connecting): the proxy is
    // the one at fault. A tunnel's failures are ProxyErrors already (the agent connects before handing it over).
    if (!reachedProxy)
        return new _proxy_js__WEBPACK_IMPORTED_MODULE_2__/* .ProxyError */ .T6(`could not reach ${(0,_proxy_js__WEBPACK_IMPORTED_MODULE_2__/* .describeProxy */ .GK)(proxy)}: ${error.message}`);
    return new Error(`${error.message} (through ${(0,_proxy_js__WEBPACK_IMPORTED_MODULE_2__/* .describeProxy */ .GK)(proxy)})`);
}


/***/ }),

/***/ 6272:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
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


/***/ })

};

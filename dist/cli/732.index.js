export const id = 732;
export const ids = [732];
export const modules = {

/***/ 923:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M2: () => (/* binding */ SecretMasker),
/* harmony export */   OE: () => (/* binding */ parseVariableNames)
/* harmony export */ });
/* unused harmony exports MASK, maskCommandValue, maskForms, secretValues */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);

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

/***/ 8902:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
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
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);

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

/***/ 2732:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ PortClient),
/* harmony export */   xj: () => (/* binding */ resolveBaseUrl)
/* harmony export */ });
/* unused harmony export DEFAULT_BASE_URL */
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(923);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6272);
/* harmony import */ var _http_request_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7777);
/* harmony import */ var _http_retry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8902);
/* harmony import */ var _lost_logs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9521);
/* harmony import */ var _token_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(618);






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
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`PORT_BASE_URL: "${text}" is not a URL; expected https://... or a region (eu, us)`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`PORT_BASE_URL: "${text}" is not an http(s) URL; expected https://... or a region (eu, us)`);
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
    #logMarks = new _lost_logs_js__WEBPACK_IMPORTED_MODULE_1__/* .LogMarks */ .FW();
    /** Since when Port is known unreachable (this process or an earlier step gave up on it); null: not read yet. */
    #downSince = null;
    constructor(options) {
        this.options = options;
        this.baseUrl = options.baseUrl;
        this.masker = options.masker ?? new _core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .SecretMasker */ .M2();
        this.#grant = options.token;
        this.#policy = { ..._http_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .DEFAULT_RETRY_POLICY */ .cO, ...options.policy };
        this.#clock = options.clock ?? _http_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .realClock */ .dQ;
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
        if ((0,_token_js__WEBPACK_IMPORTED_MODULE_4__/* .isFresh */ .pL)(this.#grant, this.#clock.now()))
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
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb('Port credentials missing: set PORT_CLIENT_ID and PORT_CLIENT_SECRET (or pass a PORT_ACCESS_TOKEN)');
        }
        this.#auths++;
        const body = await this.#json('POST', '/v1/auth/access_token', { clientId, clientSecret }, 'get an access token');
        if (typeof body.accessToken !== 'string' || body.accessToken === '') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ApiError */ .h('Port answered the token request without an accessToken', 200);
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
                    if ((0,_lost_logs_js__WEBPACK_IMPORTED_MODULE_1__/* .mayHaveBeenDone */ .U2)(response.status))
                        lost.since ??= sentAt;
                    return response;
                }
                catch (error) {
                    if ((0,_lost_logs_js__WEBPACK_IMPORTED_MODULE_1__/* .mayHaveArrived */ .BW)(error))
                        lost.since ??= sentAt;
                    throw error;
                }
            });
        }
        catch (error) {
            if (!(ends && lost.since !== undefined && error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ApiError */ .h && error.code === 'run_exhausted'))
                throw error;
            // Not ended with this entry (someone else ended it: their word stands), or no telling: the 422 stands.
            const copy = await this.#endedWith(runId, message, entry.terminationStatus).catch(() => undefined);
            if (!copy)
                throw error;
            return { ok: true, runLog: copy };
        }
        const stored = (0,_lost_logs_js__WEBPACK_IMPORTED_MODULE_1__/* .asRunLogEntry */ .IZ)(answer.runLog);
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
            const response = await (0,_http_request_js__WEBPACK_IMPORTED_MODULE_6__/* .sendRequest */ .w)('GET', url, headers, undefined, timeoutMs);
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
            if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ApiError */ .h && error.status === 200)
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
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ApiError */ .h(`Could not read the logs of run ${runId}: Port's answer has no list of runLogs`, 200);
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
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ApiError */ .h('Port answered /v1/kafka-credentials without credentials.brokers, username and password', 200);
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
            if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ApiError */ .h) || error.status !== 401 || !this.canAuthenticate)
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
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ApiError */ .h(`Could not ${what}: no answer from Port (${error.message}); it may have been done, so check before trying again`, null);
            }
            if (answer.status !== 429 || attempt >= 3)
                return answer;
            await this.#clock.sleep((0,_http_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .serverRequestedWait */ .VV)(429, answer.headers, this.#clock.now()) ?? (0,_http_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .backoff */ .JN)(attempt, this.#policy, this.#clock.random));
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
        const plain = (timeoutMs) => (0,_http_request_js__WEBPACK_IMPORTED_MODULE_6__/* .sendRequest */ .w)(method, `${this.baseUrl}${path}`, headers, text, timeoutMs);
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
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ApiError */ .h(`Could not ${what}: ${describeAnswer(response)}`, response.status, portError(response)?.error ?? null, traceId(response));
            }
            return parseBody(response) ?? {};
        }
        try {
            response = await (0,_http_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .sendWithRetries */ .HI)(send, policy, this.#clock, (attempt, waitMs, last) => this.options.onRetry?.(what, attempt, waitMs, last.response ? `Port answered ${last.response.status}` : (last.error?.message ?? 'no answer')));
        }
        catch (error) {
            if (!(error instanceof _http_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .RetriesExhausted */ .w1))
                throw error;
            const { response: lastResponse, error: lastError } = error.last;
            const reason = lastResponse ? describeAnswer(lastResponse) : `Port could not be reached at ${this.baseUrl} (${lastError?.message ?? 'no answer'})`;
            const unreachable = lastResponse === undefined || lastResponse.status >= 500; // a 429 is Port answering
            if (unreachable)
                this.#gaveUp();
            const tries = downSince === undefined ? error.message : `one attempt only: Port at ${this.baseUrl} has been unreachable since ${clockTime(downSince)} (this job gave up on it then)`;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ApiError */ .h(`Could not ${what}: ${reason}; ${tries}`, lastResponse?.status ?? null, portError(lastResponse)?.error ?? null, traceId(lastResponse));
        }
        if (response.status >= 400) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ApiError */ .h(`Could not ${what}: ${describeAnswer(response)}`, response.status, portError(response)?.error ?? null, traceId(response));
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
    const entries = items.map(_lost_logs_js__WEBPACK_IMPORTED_MODULE_1__/* .asRunLogEntry */ .IZ);
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


/***/ }),

/***/ 9521:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BW: () => (/* binding */ mayHaveArrived),
/* harmony export */   FW: () => (/* binding */ LogMarks),
/* harmony export */   IZ: () => (/* binding */ asRunLogEntry),
/* harmony export */   U2: () => (/* binding */ mayHaveBeenDone)
/* harmony export */ });
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


/***/ }),

/***/ 618:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
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


/***/ })

};

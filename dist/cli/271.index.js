export const id = 271;
export const ids = [271];
export const modules = {

/***/ 3271:
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

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
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
        throw new errors/* UsageError */.eb(`Invalid ${where} name '${shown}'. Expected names of environment variables (letters, digits and _, not starting with a digit), separated by commas or new lines.`);
    }
    return [...new Set(names)];
}

// EXTERNAL MODULE: ./src/port/errors.ts
var port_errors = __webpack_require__(6272);
// EXTERNAL MODULE: ./src/http/request.ts
var request = __webpack_require__(7777);
// EXTERNAL MODULE: ./src/http/retry.ts
var retry = __webpack_require__(8902);
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
        this.masker = options.masker ?? new SecretMasker();
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
    async createRun(action, request) {
        const body = await this.#authorized('POST', `/v1/actions/${encodeURIComponent(action)}/runs`, request, `create a run of ${action}`, false);
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
    const masker = new SecretMasker();
    for (const name of CREDENTIAL_ENV)
        if (env[name])
            masker.add(env[name]);
    for (const name of (env[core_env/* SECRET_ENV */.$7] ?? '').split(',').filter(Boolean)) {
        const value = env[name];
        if (value)
            for (const text of secretInputTexts(value))
                masker.add(text);
    }
    for (const name of parseVariableNames(env[core_env/* REDACT_ENV */.um] ?? '', core_env/* REDACT_ENV */.um))
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
    return tokenFromEnv(io.env) ?? ciJob(io.env, rawStderr(io)).sharedToken(resolveBaseUrl(flags['base-url'] ?? io.env.PORT_BASE_URL), io.env.PORT_CLIENT_ID);
}
/**
 * A Port client configured from flags and the environment (PORT_CLIENT_ID, PORT_CLIENT_SECRET,
 * PORT_BASE_URL, PORT_ACCESS_TOKEN). Inside a GitHub job a new token is masked and shared with the job's later
 * port-ci steps, so the job authenticates once.
 */
function portClient(flags, io) {
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
        policy: (0,retry/* retryPolicyFromEnv */.ed)(env),
        masker: maskerFromEnv(env, redact),
        outage: job.outage(baseUrl),
        onToken: (grant) => job.shareToken(baseUrl, env.PORT_CLIENT_ID, grant),
        onRetry: (what, attempt, waitMs, reason) => {
            if (env.PORT_CI_DEBUG)
                io.stderr(`port-ci: retrying to ${what} (attempt ${attempt + 1} in ${waitMs} ms): ${reason}\n`);
        },
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

export const id = 251;
export const ids = [251];
export const modules = {

/***/ 7593:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $$: () => (/* binding */ parseOperation),
/* harmony export */   bQ: () => (/* binding */ parseFlags),
/* harmony export */   rD: () => (/* binding */ wholeNumber),
/* harmony export */   yL: () => (/* binding */ oneOf)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);


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
// Durations are read the same way by every face (the actions' timeout input too).

/** A whole number within bounds, or a UsageError that names the flag and the accepted range. */
function wholeNumber(flag, text, min, max = Number.MAX_SAFE_INTEGER) {
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (Number.isSafeInteger(value) && value >= min && value <= max)
        return value;
    const range = max === Number.MAX_SAFE_INTEGER ? `from ${min}` : `from ${min} to ${max}`;
    throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${flag}: "${text}" is not accepted; expected a whole number ${range}`);
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
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${command}: which operation? expected one of ${list} (port-ci ${command} --help)`);
    if (!spec.operations.includes(operation))
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${command}: "${operation}" is not an operation; expected one of ${list}`);
    if (positionals.length > 1)
        throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${command} ${operation}: unexpected argument "${positionals[1]}"; values go after their flags (${spec.example})`);
    const op = operation;
    for (const [name, value] of Object.entries(values)) {
        if (value === undefined || value === false || spec.shared.includes(name))
            continue;
        if (!spec.takes[op].includes(name))
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${command} ${op}: --${name} is not taken here; it takes ${spec.takes[op].map((flag) => `--${flag}`).join(', ')}`);
    }
    return { op, flags: values };
}


/***/ }),

/***/ 1251:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   command: () => (/* binding */ command)
/* harmony export */ });
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7077);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7593);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1604);



const usage = `Usage: port-ci verify-signature --timestamp T --signature S [--body-file FILE|-] [--tolerance SECONDS]

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
const command = {
    usage,
    async run(args, io) {
        const { values: flags } = (0,_args_js__WEBPACK_IMPORTED_MODULE_0__/* .parseFlags */ .bQ)('verify-signature', args, {
            timestamp: { type: 'string' },
            signature: { type: 'string' },
            'body-file': { type: 'string', default: '-' },
            tolerance: { type: 'string', default: '300' },
        });
        const secret = io.env.PORT_CLIENT_SECRET;
        if (!secret)
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('verify-signature: set PORT_CLIENT_SECRET to the client secret Port signs with');
        if (!/^\d+$/.test(flags.tolerance ?? ''))
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`--tolerance: "${flags.tolerance}" is not accepted; expected whole seconds`);
        const body = (0,_io_js__WEBPACK_IMPORTED_MODULE_2__/* .readArgFile */ .dm)(io, '--body-file', flags['body-file'] ?? '-');
        (0,_core_index_js__WEBPACK_IMPORTED_MODULE_3__/* .verifyWebhook */ .O)(body, { timestamp: flags.timestamp, signature: flags.signature }, secret, {
            nowSeconds: Math.floor(Date.now() / 1000),
            toleranceSeconds: Number(flags.tolerance),
        });
        io.stdout('signature verified\n');
        return 0;
    },
};


/***/ }),

/***/ 7077:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ verifyWebhook),
/* harmony export */   v: () => (/* binding */ signWebhook)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);


/*
 * Port signs webhook bodies (PORT-FACTS.md §3): X-Port-Timestamp is the unix time in seconds and
 * X-Port-Signature is "v1," + base64(HMAC-SHA256(key = client secret, data = "<timestamp>.<raw body>")).
 */
function signWebhook(rawBody, clientSecret, timestampSeconds) {
    const timestamp = String(Math.floor(timestampSeconds));
    const signature = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha256', clientSecret).update(`${timestamp}.${rawBody}`).digest('base64');
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('X-Port-Timestamp: missing');
    if (!headers.signature)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('X-Port-Signature: missing');
    if (!/^\d{1,12}$/.test(headers.timestamp))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`X-Port-Timestamp: expected unix seconds but found "${headers.timestamp.slice(0, 20)}"`);
    const skew = Math.abs(options.nowSeconds - Number(headers.timestamp));
    if (skew > tolerance)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`X-Port-Timestamp: ${skew} s from now, outside the ${tolerance} s window (a replay, or a clock off)`);
    const expected = Buffer.from(signWebhook(rawBody, clientSecret, Number(headers.timestamp))['X-Port-Signature']);
    // A header may carry several signatures ("v1,a v1,b") while a secret is being rotated.
    const candidates = headers.signature.split(' ').map((part) => Buffer.from(part.trim()));
    if (!candidates.some((candidate) => candidate.length === expected.length && (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.timingSafeEqual)(candidate, expected))) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('X-Port-Signature: does not match the body and timestamp for this client secret');
    }
}


/***/ })

};

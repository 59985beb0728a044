export const id = 859;
export const ids = [859];
export const modules = {

/***/ 2859:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   command: () => (/* binding */ command)
/* harmony export */ });
/* harmony import */ var node_readline__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(481);
/* harmony import */ var node_readline__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_readline__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5387);
/* harmony import */ var _port_log_stream_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7314);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7593);
/* harmony import */ var _port_config_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(462);





const usage = `Usage: port-ci log MESSAGE [--status-label LABEL] [--run-id ID]
       COMMAND | port-ci log - [--run-id ID]

Adds MESSAGE to the Port run's log. With "-", every line of standard input goes to the log, in order,
batched into few requests.

Options:
  --status-label LABEL     also set the label shown beside the run's status
${_port_config_js__WEBPACK_IMPORTED_MODULE_4__/* .PORT_FLAGS_HELP */ .of}`;
const command = {
    usage,
    async run(args, io) {
        const { values: flags, positionals } = (0,_args_js__WEBPACK_IMPORTED_MODULE_3__/* .parseFlags */ .b)('log', args, { ..._port_config_js__WEBPACK_IMPORTED_MODULE_4__/* .PORT_FLAGS */ .U0, 'status-label': { type: 'string' } }, true);
        if (positionals.length !== 1)
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('log: expected one MESSAGE, or "-" to read lines from standard input (see port-ci log --help)');
        const message = positionals[0];
        if (message.trim() === '')
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('log: MESSAGE is empty; expected the text to add to the run log');
        const runId = (0,_port_config_js__WEBPACK_IMPORTED_MODULE_4__/* .requireRunId */ .yU)(flags, io, 'log');
        if (!(0,_port_config_js__WEBPACK_IMPORTED_MODULE_4__/* .reportingOn */ .i4)(flags, io, 'log'))
            return 0;
        const client = (0,_port_config_js__WEBPACK_IMPORTED_MODULE_4__/* .portClient */ .jb)(flags, io);
        const statusLabel = flags['status-label'];
        if (message !== '-') {
            await (0,_port_config_js__WEBPACK_IMPORTED_MODULE_4__/* .reportSafely */ .tI)(flags, io, () => client.addLog(runId, { message, ...(statusLabel ? { statusLabel } : {}) }));
            return 0;
        }
        const stream = new _port_log_stream_js__WEBPACK_IMPORTED_MODULE_2__/* .LogStream */ .B(client, runId);
        for await (const line of (0,node_readline__WEBPACK_IMPORTED_MODULE_0__.createInterface)({ input: io.stdinStream(), crlfDelay: Infinity })) {
            if (!stream.write(line))
                await stream.drained();
        }
        (0,_port_config_js__WEBPACK_IMPORTED_MODULE_4__/* .checkDelivery */ .BF)(await stream.close(), flags, io);
        if (statusLabel)
            await (0,_port_config_js__WEBPACK_IMPORTED_MODULE_4__/* .reportSafely */ .tI)(flags, io, () => client.updateRun(runId, { statusLabel }));
        return 0;
    },
};


/***/ }),

/***/ 7314:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ LogStream)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6272);

const DEFAULTS = {
    flushIntervalMs: 250,
    maxLines: 5000,
    maxMessageBytes: 768 * 1024,
    highWaterBytes: 4 * 1024 * 1024,
};
/**
 * Delivers lines to a run's log in order. Lines that arrive close together are batched into one message
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
     * Queues one line (without its line break). A line longer than a message allows is cut into pieces.
     * @returns false when the producer should wait for drained() before writing more.
     */
    write(line) {
        if (this.#closing)
            throw new Error('write after close');
        if (this.#failure !== undefined) {
            this.#result.undelivered++;
            return true;
        }
        for (const piece of splitLong(line, this.#options.maxMessageBytes)) {
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
            await this.client.addLog(this.runId, { message: batch.join('\n') });
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

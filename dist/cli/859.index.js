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
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4296);
/* harmony import */ var _port_log_stream_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7314);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7593);
/* harmony import */ var _port_config_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6022);





const usage = `Usage: port-ci log MESSAGE [--status-label LABEL] [--run-id ID]
       COMMAND | port-ci log - [--run-id ID]

Adds MESSAGE to the Port run's log. With "-", every line of standard input goes to the log, in order,
batched into few requests, and on to standard output; an ::add-mask::VALUE line (or one holding
##[add-mask]VALUE) goes only to standard output, and VALUE is masked (***) in every later line sent to Port.
Without a run id or credentials, reporting is off: it says so and exits 0.

Options:
  --status-label LABEL     also set the label shown beside the run's status
${_port_config_js__WEBPACK_IMPORTED_MODULE_1__/* .PORT_FLAGS_HELP */ .of}`;
const command = {
    usage,
    async run(args, io) {
        const { values: flags, positionals } = (0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .parseFlags */ .bQ)('log', args, { ..._port_config_js__WEBPACK_IMPORTED_MODULE_1__/* .PORT_FLAGS */ .U0, 'status-label': { type: 'string' } }, true);
        if (positionals.length !== 1)
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb('log: expected one MESSAGE, or "-" to read lines from standard input (see port-ci log --help)');
        const message = positionals[0];
        if (message.trim() === '')
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb('log: MESSAGE is empty; expected the text to add to the run log');
        (0,_port_config_js__WEBPACK_IMPORTED_MODULE_1__/* .redactNames */ .uo)(flags); // a bad name is refused whether or not reporting is on
        const runId = (0,_port_config_js__WEBPACK_IMPORTED_MODULE_1__/* .reportingRun */ .MW)(flags, io, 'log');
        const client = runId ? (0,_port_config_js__WEBPACK_IMPORTED_MODULE_1__/* .portClient */ .jb)(flags, io) : undefined;
        const statusLabel = flags['status-label'];
        if (message !== '-') {
            if (client && runId)
                await (0,_port_config_js__WEBPACK_IMPORTED_MODULE_1__/* .reportSafely */ .tI)(flags, io, () => client.addLog(runId, { message, ...(statusLabel ? { statusLabel } : {}) }), 'the message was not added to the run log');
            return 0;
        }
        // Standard input is always read to its end and shown, so `build | port-ci log -` keeps the build's output
        // in the job log and never breaks the pipe, whether or not Port is told.
        const stream = client && runId ? new _port_log_stream_js__WEBPACK_IMPORTED_MODULE_4__/* .LogStream */ .B(client, runId) : undefined;
        for await (const line of (0,node_readline__WEBPACK_IMPORTED_MODULE_0__.createInterface)({ input: io.stdinStream(), crlfDelay: Infinity })) {
            io.stdout(`${line}\n`);
            if (stream && !stream.write(line))
                await stream.drained();
        }
        if (stream)
            (0,_port_config_js__WEBPACK_IMPORTED_MODULE_1__/* .checkDelivery */ .BF)(await stream.close(), flags, io);
        if (client && runId && statusLabel)
            await (0,_port_config_js__WEBPACK_IMPORTED_MODULE_1__/* .reportSafely */ .tI)(flags, io, () => client.updateRun(runId, { statusLabel }));
        return 0;
    },
};


/***/ })

};

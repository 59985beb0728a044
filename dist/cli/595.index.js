export const id = 595;
export const ids = [595];
export const modules = {

/***/ 595:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   command: () => (/* binding */ command)
/* harmony export */ });
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(326);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(593);
/* harmony import */ var _port_config_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(852);



const usage = `Usage: port-ci report [--status STATUS] [--summary TEXT] [--link URL]... [--status-label LABEL]
                      [--external-run-id ID] [--message TEXT] [--run-id ID]

Updates the Port run; with --status, ends it.

Options:
  --status STATUS          success, failure or cancelled, in any case (cancelled ends the run FAILURE,
                           labelled Cancelled)
  --summary TEXT           the run's summary
  --link URL               a link shown on the run; repeat for several
  --status-label LABEL     the label shown beside the run's status
  --external-run-id ID     this run's id in your CI system
  --message TEXT           a line added to the run's log first
  --run-id ID              the run (default: $PORT_RUN_ID)
  --base-url URL           Port's API, or a region: eu, us (default: $PORT_BASE_URL, else https://api.getport.io)
  --fail-on-report-error   exit 3 when Port cannot be told (default: warn and exit 0)

Credentials: $PORT_CLIENT_ID and $PORT_CLIENT_SECRET, or a $PORT_ACCESS_TOKEN from an earlier step.
`;
const command = {
    usage,
    async run(args, io) {
        const { values: flags } = (0,_args_js__WEBPACK_IMPORTED_MODULE_1__/* .parseFlags */ .b)('report', args, {
            ..._port_config_js__WEBPACK_IMPORTED_MODULE_2__/* .PORT_FLAGS */ .U0,
            status: { type: 'string' },
            summary: { type: 'string' },
            link: { type: 'string', multiple: true },
            'status-label': { type: 'string' },
            'external-run-id': { type: 'string' },
            message: { type: 'string' },
        });
        const final = flags.status === undefined ? undefined : (0,_core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .parseFinalStatus */ .uP)(flags.status, '--status');
        const update = {};
        if (final)
            update.status = final.status;
        const statusLabel = flags['status-label'] ?? final?.label;
        if (statusLabel)
            update.statusLabel = statusLabel;
        const links = (flags.link ?? []).filter((link) => link.trim() !== '');
        for (const link of links) {
            if (!/^https?:\/\/\S+$/.test(link))
                throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`--link: "${link}" is not a URL; expected http(s)://...`);
        }
        if (links.length > 0)
            update.link = links.length === 1 ? links[0] : links;
        if (flags.summary)
            update.summary = flags.summary;
        if (flags['external-run-id'])
            update.externalRunId = flags['external-run-id'];
        if (Object.keys(update).length === 0 && !flags.message) {
            throw new _core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb('report: nothing to report; give --status, --summary, --link, --status-label, --external-run-id or --message');
        }
        const runId = (0,_port_config_js__WEBPACK_IMPORTED_MODULE_2__/* .requireRunId */ .yU)(flags, io, 'report');
        const client = (0,_port_config_js__WEBPACK_IMPORTED_MODULE_2__/* .portClient */ .jb)(flags, io);
        const message = flags.message;
        if (message)
            await (0,_port_config_js__WEBPACK_IMPORTED_MODULE_2__/* .reportSafely */ .tI)(flags, io, () => client.addLog(runId, { message }));
        if (Object.keys(update).length > 0) {
            const told = await (0,_port_config_js__WEBPACK_IMPORTED_MODULE_2__/* .reportSafely */ .tI)(flags, io, () => client.updateRun(runId, update));
            if (told && update.status)
                (0,_port_config_js__WEBPACK_IMPORTED_MODULE_2__/* .noteRunEnded */ .u5)(io, update.status);
        }
        return 0;
    },
};


/***/ })

};

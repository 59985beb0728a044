export const id = 861;
export const ids = [861];
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


/***/ })

};

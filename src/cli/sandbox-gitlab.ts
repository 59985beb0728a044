import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError, isObject, type JsonObject } from '../core/index.js';
import { validateAnyAction } from '../core/action-v2.js';
import { planDispatch } from '../dispatch/plan.js';
import { planV2 } from '../dispatch/plan-v2.js';
import { selfServiceData } from '../dispatch/prepare-v2.js';
import type { DispatchedAction } from '../dispatch/types.js';
import { createJqEngine } from '../jq/engine.js';

/*
 * `port-ci sandbox --gitlab-trigger DIR`: the sandbox plays Port and its agent up to GitLab's door. It makes the run
 * Port would make for the GITLAB action it holds, builds the trigger body Port's agent posts to GitLab (the same
 * planning as `port-ci dispatch`), and writes what GitLab then gives the pipeline, for gitlab-ci-local to run it.
 */

export const TRIGGER_FILE = 'trigger-payload.json';
/** The file gitlab-ci-local reads from the project it runs (its --variables-file default). */
export const VARIABLES_FILE = '.gitlab-ci-local-variables.yml';
const MARK = '# Written by port-ci sandbox --gitlab-trigger';
/** Stands for the trigger token Port's agent holds; GitLab keeps it in the trigger body, so the body has one. */
const TRIGGER_TOKEN = 'sandbox-trigger-token';
const USER = 'you@example.com';

export interface GitLabTriggerArgs {
  dir: string;
  /** The definitions the sandbox holds; exactly one must be a GITLAB action. */
  actions: Record<string, unknown>[];
  entities: Record<string, unknown>[];
  runId: string;
  clientId: string;
  /** Written to the variables file only when it is the public built-in one (`printSecret`). */
  clientSecret: string;
  printSecret: boolean;
}

export interface GitLabTrigger {
  action: string;
  entity: string | null;
  triggerFile: string;
  variablesFile: string;
  /** Every variable the pipeline gets, as gitlab-ci-local takes them (the secret only when printable). */
  variables: Record<string, string>;
  /** The run's inputs, typed, defaults applied: what Port records as the run's properties. */
  properties: Record<string, unknown>;
}

/**
 * Builds the trigger body for a run of the GITLAB action among `actions` (its default inputs, on the first entity
 * of its blueprint among `entities` when it is a DAY-2 or DELETE action) and writes it to DIR/trigger-payload.json,
 * with DIR/.gitlab-ci-local-variables.yml naming it as TRIGGER_PAYLOAD beside the credentials and the trigger's
 * variables, as GitLab gives them to every job.
 * @throws UsageError when DIR is not a directory, there is not exactly one GITLAB action, a DAY-2 action has no
 * entity, a required input has no default, or DIR holds a variables file the sandbox did not write.
 */
export async function writeGitLabTrigger(args: GitLabTriggerArgs): Promise<GitLabTrigger> {
  const dir = path.resolve(args.dir);
  if (!existsSync(dir)) throw new UsageError(`--gitlab-trigger: ${args.dir} does not exist; give the directory of the project gitlab-ci-local runs`);
  const gitlab = args.actions.filter((action) => isObject(action.invocationMethod) && action.invocationMethod.type === 'GITLAB');
  if (gitlab.length !== 1) {
    const found = gitlab.length === 0 ? 'none' : gitlab.map((action) => String(action.identifier)).join(', ');
    throw new UsageError(`--gitlab-trigger: load exactly one action whose invocationMethod.type is GITLAB with --actions (found ${found})`);
  }
  const raw = gitlab[0]!;
  const { format, action } = validateAnyAction(raw, String(raw.identifier));
  // The classic format names no blueprint: any entity given will do.
  const operation = String(isObject(raw.trigger) ? raw.trigger.operation : raw.trigger);
  const blueprint = isObject(raw.trigger) ? raw.trigger.blueprintIdentifier : undefined;
  const entity = operation === 'CREATE' ? undefined : args.entities.find((candidate) => blueprint === undefined || candidate.blueprint === blueprint);
  if (operation !== 'CREATE' && entity === undefined) {
    throw new UsageError(`--gitlab-trigger: ${action.identifier} is a ${operation} action: load the entity it runs on with --entities${blueprint ? ` (an entity of blueprint ${String(blueprint)})` : ''}`);
  }
  const env = { GITLAB_TRIGGER_TOKEN: TRIGGER_TOKEN, PORT_CLIENT_SECRET: args.clientSecret };
  const now = new Date();
  const obtainRunId = async () => args.runId;
  let body: unknown;
  let properties: Record<string, unknown>;
  if (format === 'v2') {
    const engine = createJqEngine();
    try {
      const dispatched = action as unknown as DispatchedAction;
      const triggerData = await selfServiceData({
        action: dispatched, inputs: {}, entity: entity as JsonObject | undefined, lookupEntity: async () => undefined, obtainRunId,
        user: { email: USER }, secrets: {}, clientSecret: args.clientSecret, engine, now,
      });
      body = (await planV2({ action: dispatched, triggerData, engine, strict: true, ref: undefined, env, now })).request.body;
      properties = triggerData.inputs as Record<string, unknown>;
    } finally {
      await engine.close();
    }
  } else {
    const plan = await planDispatch({ action: raw, actionSource: String(raw.identifier), inputs: {}, entity: entity as JsonObject | undefined, obtainRunId, user: USER, env, now });
    body = plan.request.body;
    properties = (plan.payload?.payload as { properties: Record<string, unknown> }).properties;
  }

  const triggerFile = path.join(dir, TRIGGER_FILE);
  const variablesFile = path.join(dir, VARIABLES_FILE);
  if (existsSync(variablesFile) && !readFileSync(variablesFile, 'utf8').startsWith(MARK)) {
    throw new UsageError(`--gitlab-trigger: ${variablesFile} exists and was not written by the sandbox; move it away or give another directory`);
  }
  const triggerVariables = (body as { variables: Record<string, string> }).variables;
  const variables: Record<string, string> = {
    TRIGGER_PAYLOAD: triggerFile,
    PORT_CLIENT_ID: args.clientId,
    ...(args.printSecret ? { PORT_CLIENT_SECRET: args.clientSecret } : {}),
    ...triggerVariables,
  };
  writeFileSync(triggerFile, `${JSON.stringify(body, null, 2)}\n`);
  // YAML whose values are JSON strings: newlines, quotes and `$` arrive exactly.
  const lines = Object.entries(variables).map(([name, value]) => `${JSON.stringify(name)}: ${JSON.stringify(value)}`);
  const note = args.printSecret ? '' : '# PORT_CLIENT_SECRET: add the one the sandbox was started with\n';
  writeFileSync(variablesFile, `${MARK}: the variables GitLab gives a pipeline Port triggers.\n${note}${lines.join('\n')}\n`);
  return { action: action.identifier, entity: entity === undefined ? null : String(entity.identifier), triggerFile, variablesFile, variables, properties };
}

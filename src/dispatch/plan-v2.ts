import { UsageError, isObject, signWebhook, type JsonObject } from '../core/index.js';
import type { JqEngine } from '../jq/engine.js';
import { convertQuotes, renderTemplate, type TemplateIssue } from '../jq/template.js';
import { MAX_INPUTS_CHARACTERS, MAX_WORKFLOW_INPUTS, workflowDispatchRequest } from './github.js';
import { jqToString, pipelineTrigger } from './gitlab.js';
import { agentRunMessage, directAgentNote, planKafka, producesForAgent, type KafkaDelivery, type KafkaRoute } from './kafka.js';
import type { DispatchPlan, DispatchedAction, PlannedRequest } from './types.js';

/** Port's docs still say a dispatch takes 10 inputs; GitHub takes 25. Above 10 works but deserves a word. */
export const DOCUMENTED_WORKFLOW_INPUTS = 10;

export interface V2PlanArgs {
  /** A definition in Port's current format, validated. */
  action: DispatchedAction;
  /** What the templates read: `.inputs`, `.entity`, `.trigger`, `.event`, `.action`, `.run`, `.secrets`. */
  triggerData: JsonObject;
  engine: JqEngine;
  /** A template whose jq fails stops the dispatch, naming it, instead of rendering null. */
  strict: boolean;
  /** --ref: the branch or tag for GITHUB, INTEGRATION_ACTION and GITLAB alike, over any rendered `ref`. */
  ref: string | undefined;
  env: NodeJS.ProcessEnv;
  now: Date;
  /** Where run messages are produced; without brokers in it an agent action is handed on directly. */
  kafka?: KafkaRoute;
}

/**
 * Renders a current-format definition's payload templates over the trigger data and builds the one request
 * Port would send to its backend (conformance-v2 README, "Backend semantics"). Sends nothing.
 * @throws UsageError for what the backend would refuse; TemplateError / StrictTemplateError for templates.
 */
export async function planV2(args: V2PlanArgs): Promise<DispatchPlan> {
  const method = args.action.invocationMethod;
  const type = String(method.type);
  const issues: TemplateIssue[] = [];
  const render = async (template: unknown, field: string): Promise<unknown> => {
    const rendered = await renderTemplate(template, args.triggerData, args.engine, { field, strict: args.strict });
    issues.push(...rendered.issues);
    return rendered.value;
  };
  const runId = isObject(args.triggerData.run) && typeof args.triggerData.run.id === 'string' ? args.triggerData.run.id : null;
  const base = { format: 'v2' as const, action: args.action, runId, payload: null, triggerData: args.triggerData };
  const nowSeconds = Math.floor(args.now.getTime() / 1000);
  let planned: { request: PlannedRequest; notes: string[]; kafka?: KafkaDelivery };
  // Port hands an agent action's run to the agent over Kafka, the invocation method rendered inside the run message.
  const forAgent = producesForAgent(method, args.kafka);
  const toAgent = (invocationMethod: JsonObject) =>
    planKafka({
      message: agentRunMessage({ action: args.action, invocationMethod, triggerData: args.triggerData }),
      kind: { runMessage: true, forAgent: type },
      runId,
      route: args.kafka,
      clientSecret: args.env.PORT_CLIENT_SECRET,
      nowSeconds,
    });
  switch (type) {
    case 'GITHUB':
      planned = planWorkflow(method, await render(method.workflowInputs ?? {}, 'invocationMethod.workflowInputs'), args, 'invocationMethod');
      break;
    case 'INTEGRATION_ACTION': {
      if (method.integrationActionType !== 'dispatch_workflow') {
        throw new UsageError(`INTEGRATION_ACTION: integrationActionType ${JSON.stringify(method.integrationActionType)} is run by Port's integration itself; port-ci dispatches only "dispatch_workflow" (a GitHub workflow)`);
      }
      const properties = isObject(method.integrationActionExecutionProperties) ? method.integrationActionExecutionProperties : {};
      const field = 'invocationMethod.integrationActionExecutionProperties';
      planned = planWorkflow(properties, await render(properties.workflowInputs ?? {}, `${field}.workflowInputs`), args, field);
      break;
    }
    case 'GITLAB': {
      const variables = await render(method.pipelineVariables ?? {}, 'invocationMethod.pipelineVariables');
      // The request the agent will make is checked all the same: a plan Port would refuse is not produced either.
      const direct = planPipeline(method, variables, args);
      planned = forAgent ? toAgent({ ...method, pipelineVariables: variables as JsonObject }) : { ...direct, notes: [...direct.notes, ...agentNote(method, args)] };
      break;
    }
    case 'WEBHOOK': {
      // url, headers and body in one render, so their spans share one jq run.
      const parts = { url: method.url, headers: method.headers ?? {}, ...(method.body === undefined ? {} : { body: method.body }) };
      const rendered = (await render(parts, 'invocationMethod')) as { url?: unknown; headers?: unknown; body?: unknown };
      const direct = planHook(method, rendered.url, rendered.headers ?? {}, rendered.body, args);
      planned = forAgent
        ? toAgent({ ...method, url: rendered.url as string, headers: (rendered.headers ?? {}) as JsonObject, ...(rendered.body === undefined ? {} : { body: rendered.body as JsonObject }) })
        : { ...direct, notes: [...direct.notes, ...agentNote(method, args)] };
      break;
    }
    case 'KAFKA': {
      const payload = await render(method.payload ?? {}, 'invocationMethod.payload');
      // The action's author writes the whole message: it is produced exactly as rendered, without headers added.
      planned = planKafka({ message: payload as JsonObject, kind: { runMessage: false }, runId, route: args.kafka, clientSecret: undefined, nowSeconds });
      break;
    }
    default:
      throw new UsageError(`${type}: Port runs this backend itself; port-ci dispatches GITHUB, INTEGRATION_ACTION (dispatch_workflow), GITLAB, WEBHOOK and KAFKA`);
  }
  const notes = [...planned.notes, ...issues.map(describeIssue)];
  const backend = (planned.kafka ? 'KAFKA' : type) as DispatchPlan['backend'];
  return { ...base, backend, request: planned.request, notes, templateIssues: issues, ...(planned.kafka ? { kafka: planned.kafka } : {}) };
}

function agentNote(method: JsonObject, args: V2PlanArgs): string[] {
  return method.agent === true ? [directAgentNote(args.kafka)] : [];
}

function describeIssue(issue: TemplateIssue): string {
  return issue.message === undefined
    ? `${issue.field}: {{ ${issue.expression.trim()} }} gave no output (left out)`
    : `${issue.field}: {{ ${issue.expression.trim()} }} failed, rendered as null: ${issue.message}`;
}

/**
 * GitHub's workflow_dispatch as Port's Ocean integration makes it: every rendered value as text (JSON for
 * non-strings), then `ref` taken out as the branch. Encoding first is Ocean's order: a `ref` that renders to
 * null becomes the branch "null".
 */
function planWorkflow(method: JsonObject, rendered: unknown, args: V2PlanArgs, field: string): { request: PlannedRequest; notes: string[] } {
  if (!isObject(rendered)) throw new UsageError(`${field}.workflowInputs: must render to an object of inputs but rendered to ${kind(rendered)}`);
  const inputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(rendered)) {
    Object.defineProperty(inputs, name, { value: typeof value === 'string' ? value : JSON.stringify(value), enumerable: true, writable: true, configurable: true });
  }
  const renderedRef = Object.hasOwn(inputs, 'ref') ? inputs.ref : undefined;
  delete inputs.ref;
  const ref = args.ref ?? (renderedRef ? renderedRef : null);
  const names = Object.keys(inputs);
  const characters = JSON.stringify(inputs).length;
  if (names.length > MAX_WORKFLOW_INPUTS) {
    throw new UsageError(`GitHub accepts at most ${MAX_WORKFLOW_INPUTS} workflow inputs but ${field}.workflowInputs renders ${names.length} (${names.join(', ')}); group some into one object input`);
  }
  if (characters > MAX_INPUTS_CHARACTERS) {
    throw new UsageError(`GitHub accepts at most ${MAX_INPUTS_CHARACTERS} characters of inputs but ${field}.workflowInputs renders ${characters}; send less (an identifier rather than a whole entity)`);
  }
  const notes = [
    args.ref ? `ref ${args.ref} (from --ref)` : ref ? `ref ${ref} (the rendered "ref" input)` : "ref: the repository's default branch, looked up when sending",
  ];
  if (!args.ref && rendered.ref === null) {
    notes.push('warning: "ref" rendered to null, so the branch is "null", as Port\'s GitHub integration does; write {{ .inputs.ref // "" }} to fall back to the default branch');
  }
  if (names.length > DOCUMENTED_WORKFLOW_INPUTS) {
    notes.push(`warning: ${names.length} workflow inputs: Port's docs allow ${DOCUMENTED_WORKFLOW_INPUTS}; GitHub takes up to ${MAX_WORKFLOW_INPUTS}, so this works on GitHub`);
  }
  for (const key of ['org', 'repo', 'workflow']) {
    if (typeof method[key] !== 'string' || method[key] === '') throw new UsageError(`${field}.${key}: required, the ${key} of the workflow to dispatch`);
  }
  const apiUrl = (args.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const target = { org: String(method.org), repo: String(method.repo), workflow: String(method.workflow) };
  return { request: workflowDispatchRequest({ apiUrl, ...target, ref, inputs }), notes };
}

/**
 * A GitLab trigger: every rendered variable as text; the branch is --ref, else the rendered `ref` (jq's `//`:
 * null, false and absent fall through), else defaultRef, else main. `ref` stays among the variables.
 */
function planPipeline(method: JsonObject, rendered: unknown, args: V2PlanArgs): { request: PlannedRequest; notes: string[] } {
  if (!isObject(rendered)) throw new UsageError(`invocationMethod.pipelineVariables: must render to an object of variables but rendered to ${kind(rendered)}`);
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(rendered)) {
    Object.defineProperty(variables, name, { value: jqToString(value), enumerable: true, writable: true, configurable: true });
  }
  const falls = (value: unknown) => value === undefined || value === null || value === false;
  const chosen = args.ref ?? (!falls(rendered.ref) ? rendered.ref : !falls(method.defaultRef) ? method.defaultRef : 'main');
  const ref = jqToString(chosen);
  const trigger = pipelineTrigger(String(method.groupName ?? ''), String(method.projectName ?? ''), args.env);
  const notes = [
    args.ref ? `ref ${ref} (from --ref)` : !falls(rendered.ref) ? `ref ${ref} (the rendered "ref" variable)` : !falls(method.defaultRef) ? `ref ${ref} (the action's defaultRef)` : 'ref main (no ref variable, --ref or defaultRef)',
    trigger.note,
  ];
  return {
    request: {
      method: 'POST',
      url: trigger.url,
      headers: { 'content-type': 'application/json' },
      body: { token: trigger.token, ref, variables },
    },
    notes,
  };
}

const WEBHOOK_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE', 'GET'];

/** A webhook: rendered url, headers (values as text) and body, signed over the exact body sent. */
function planHook(method: JsonObject, url: unknown, headers: unknown, body: unknown, args: V2PlanArgs): { request: PlannedRequest; notes: string[] } {
  if (typeof url !== 'string' || url === '') throw new UsageError(`invocationMethod.url: must render to a URL but rendered to ${kind(url)}`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`invocationMethod.url: rendered to ${JSON.stringify(url.slice(0, 200))}, which is not a URL (expected http:// or https://)`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new UsageError(`invocationMethod.url: ${parsed.protocol} is not accepted; expected an http:// or https:// URL`);
  if (!isObject(headers)) throw new UsageError(`invocationMethod.headers: must render to an object but rendered to ${kind(headers)}`);
  const verb = String(method.method ?? 'POST').toUpperCase();
  if (!WEBHOOK_METHODS.includes(verb)) throw new UsageError(`invocationMethod.method: "${verb}" is not accepted; expected one of ${WEBHOOK_METHODS.join(', ')}`);
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
    if (/[\r\n]/.test(name) || /[\r\n]/.test(text)) throw new UsageError(`invocationMethod.headers.${name}: a header cannot hold a line break`);
    Object.defineProperty(sent, name, { value: text, enumerable: true, writable: true, configurable: true });
  }
  const raw = body === undefined ? '' : JSON.stringify(body);
  if (body !== undefined && !Object.keys(sent).some((name) => name.toLowerCase() === 'content-type')) sent['content-type'] = 'application/json';
  const notes: string[] = [];
  const clientSecret = args.env.PORT_CLIENT_SECRET;
  if (clientSecret) Object.assign(sent, signWebhook(raw, clientSecret, Math.floor(args.now.getTime() / 1000)));
  else notes.push('unsigned: set PORT_CLIENT_SECRET to sign as Port does');
  if (method.synchronized === true) notes.push('synchronized: the Port run ends with the webhook\'s answer (2xx SUCCESS, else FAILURE)');
  return { request: { method: verb, url, headers: sent, body, rawBody: raw }, notes };
}

function kind(value: unknown): string {
  if (value === undefined) return 'nothing (no output)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `the ${typeof value} ${JSON.stringify(value).slice(0, 80)}`;
}

/** The outcome of an automation's condition (PORT-FACTS.md §9), with each expression's value for the record. */
export interface ConditionOutcome {
  holds: boolean;
  combinator: 'and' | 'or';
  expressions: { expression: string; value?: unknown; error?: string }[];
}

/**
 * Evaluates `trigger.condition` with the event as jq's input: an expression holds when it gives neither
 * false nor null (an error or no output does not hold); `and` needs all, `or` one; none means no condition.
 */
export async function evaluateCondition(trigger: JsonObject, event: unknown, engine: JqEngine): Promise<ConditionOutcome> {
  const condition = isObject(trigger.condition) ? trigger.condition : undefined;
  const expressions = Array.isArray(condition?.expressions) ? condition.expressions.map(String) : [];
  const combinator = condition?.combinator === 'or' ? 'or' : 'and';
  if (expressions.length === 0) return { holds: true, combinator, expressions: [] };
  const outcomes = await engine.evaluate(expressions.map(convertQuotes), event);
  const results = expressions.map((expression, index) => {
    const outcome = outcomes[index]!;
    return outcome.kind === 'value' ? { expression, value: outcome.value } : outcome.kind === 'error' ? { expression, error: outcome.message } : { expression };
  });
  const held = results.map((result) => 'value' in result && result.value !== false && result.value !== null);
  return { holds: combinator === 'and' ? held.every(Boolean) : held.some(Boolean), combinator, expressions: results };
}

/** Why a condition did not hold, in one line: the expressions that failed it. */
export function conditionReason(outcome: ConditionOutcome): string {
  const failing = outcome.expressions.filter((result) => !('value' in result) || result.value === false || result.value === null);
  const shown = failing.map((result) => `${result.expression} gave ${'error' in result ? `an error (${result.error})` : 'value' in result ? JSON.stringify(result.value) : 'no output'}`);
  return `the condition does not hold (${outcome.combinator}): ${shown.join('; ')}`;
}

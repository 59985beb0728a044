import path from 'node:path';
import { UsageError, actionFormat, isObject, isRunId, isSecretInput, parseJsonText, typeInputText, type JsonObject, type UserInputSpec } from '../../core/index.js';
import { validateActionV2, validateAnyAction } from '../../core/action-v2.js';
import { runBatch, parseBatch, summarize, type BatchItem } from '../../dispatch/batch.js';
import { sendGitHub, type GitHubRequest } from '../../dispatch/github.js';
import { agentTokenVariable, sendGitLab } from '../../dispatch/gitlab.js';
import { DEFAULT_WRITE_INTERVAL_MS, githubClient } from '../../dispatch/octokit.js';
import { planDispatch, printablePlan } from '../../dispatch/plan.js';
import { conditionReason, evaluateCondition, planV2 } from '../../dispatch/plan-v2.js';
import { automationData, selfServiceData } from '../../dispatch/prepare-v2.js';
import { buildEvent, eventMismatch } from '../../dispatch/trigger-data.js';
import { REDACTED, type Backend, type DispatchPlan, type DispatchResult, type DispatchedAction } from '../../dispatch/types.js';
import { JqInputError, JqTimeoutError, createJqEngine, type JqEngine } from '../../jq/engine.js';
import { StrictTemplateError, TemplateError } from '../../jq/template.js';
import { cannotWait, waitForRun } from '../../dispatch/wait.js';
import { openRunProducer, producesForAgent, sendKafka, type KafkaRoute, type RunProducer } from '../../dispatch/kafka.js';
import { sendWebhook } from '../../dispatch/webhook.js';
import { ApiError } from '../../port/errors.js';
import type { PortClient } from '../../port/client.js';
import { parseDuration, parseFlags } from '../args.js';
import { DISPATCH_KAFKA_ENV, dispatchKafkaRoute } from '../kafka-options.js';
import { EXIT } from '../errors.js';
import { readArgFile, type CliIo } from '../io.js';
import type { Command } from '../main.js';
import { missingCredentials, portClient } from '../port-config.js';

const usage = `Usage: port-ci dispatch --action FILE | --action-id ID [--inputs JSON] [--input KEY=VALUE]...
                        [--entity ID|@entity.json] [--run-id r_... | --create-run] [--user EMAIL] [--ref REF]
                        [--secret NAME=VALUE]... [--strict-templates] [--dry-run] [--wait [--timeout 30m]] [--json]
                        [--kafka-brokers HOST:PORT,... [--kafka-topic NAME]]
       port-ci dispatch --action FILE --trigger-data FILE [--dry-run] [--json]
       port-ci dispatch --action AUTOMATION.json (--event FILE | --event-type TYPE [--before FILE] [--after FILE])
       port-ci dispatch --batch runs.ndjson [--concurrency N] [--json]

Does what Port does when a user runs a self-service action or an automation fires: validates the definition and
the inputs, applies defaults, encrypts secret inputs, builds the payload and triggers the backend. Both of
Port's formats are read:
  classic  (trigger "CREATE" | "DAY-2" | "DELETE"): the run message, with omitPayload, omitUserInputs, defaultRef
  current  (trigger {type: "self-service" | "automation", ...}): workflowInputs, pipelineVariables, url, headers,
           body and payload rendered as {{ jq }} templates over the run's trigger data, by Port's rules
Backends: GITHUB, INTEGRATION_ACTION (dispatch_workflow), GITLAB, WEBHOOK, and KAFKA: the run message produced to
the organisation's topic ({PORT_ORG_ID}.runs), keyed by run id, signed as Port signs it. A WEBHOOK or GITLAB action
with "agent": true is produced there too when --kafka-brokers is given, for an execution agent (port-ci agent,
port-agent) to hand on, as Port does; without brokers port-ci makes the agent's request itself.

Options:
  --action FILE            the action or automation definition (JSON; "-" reads standard input)
  --action-id ID           fetch the definition from Port instead (needs PORT_CLIENT_ID and PORT_CLIENT_SECRET)
  --inputs JSON            the user's inputs as a JSON object
  --input KEY=VALUE        one input; the value is typed by the action's schema (repeatable)
  --entity ID|@FILE        the entity of a DAY-2 or DELETE action: its identifier, or a JSON file with the entity
  --run-id ID              the Port run the backend reports to
  --create-run             ask Port to execute the action (Port creates the run and triggers the backend
                           itself; port-ci then only follows it with --wait); needs PORT_CLIENT_ID and
                           PORT_CLIENT_SECRET
  --user EMAIL             who runs it (default: $PORT_USER_EMAIL)
  --ref REF                the branch or tag to run, for every backend, over any "ref" input (GitHub: else
                           the input "ref", else the default branch; GitLab: else "ref", defaultRef, main)
  --secret NAME=VALUE      an organisation secret for {{ .secrets.NAME }} (repeatable; never printed)
  --trigger-data FILE      current format: the whole trigger data the templates read, as Port's "Test JQ"
                           panel shows it (inputs, entity, trigger, event, action, run); replaces the flags
                           that build it
  --strict-templates       a {{ }} whose jq fails stops the dispatch, naming the field, the expression and jq's
                           message (by default it renders null, as Port does, and is listed in the notes)
  --event FILE             automation: the event that fired it ({action, resourceType, context, diff})
  --event-type TYPE        automation: build the event: ENTITY_CREATED, ENTITY_UPDATED, ENTITY_DELETED,
                           ANY_ENTITY_CHANGE, TIMER_PROPERTY_EXPIRED, RUN_CREATED, RUN_UPDATED, ANY_RUN_CHANGE
  --before FILE            automation: the entity (or run) before the change
  --after FILE             automation: the entity (or run) after the change
  --dry-run                print what would be sent and send nothing (the current format with --json prints
                           the request exactly, with the trigger data used; --secret values show [redacted]);
                           without --run-id the run id shows as null, where Port puts the run it creates
  --wait                   follow the run to its end; exit 0 on success, 4 on failure or timeout
  --timeout DURATION       how long --wait follows (default 30m; e.g. 90s, 10m, 1h)
  --json                   print the result (or the plan) as JSON
  --batch FILE             one dispatch per NDJSON line: {"action": {...} | "file.json", "inputs", "entity",
                           "runId", "user", "ref"}; each line is sent at most once
  --concurrency N          batch: dispatches at once (default 4)
  --write-interval MS      GitHub: least time between two dispatches (default ${DEFAULT_WRITE_INTERVAL_MS}, GitHub's ~80 a minute)
  --kafka-brokers LIST     the Kafka brokers to produce to, HOST:PORT,... ($${DISPATCH_KAFKA_ENV.brokers}); a producer's
                           own setting, so an agent's KAFKA_CONSUMER_BOOTSTRAP_SERVERS never switches producing on
  --kafka-topic NAME       the runs topic ($KAFKA_RUNS_TOPIC, else $PORT_ORG_ID.runs, as the agent reads it)
  --kafka-protocol P       the security protocol: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
                           ($${DISPATCH_KAFKA_ENV.securityProtocol}; default PLAINTEXT)
  --kafka-sasl M           the SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 ($${DISPATCH_KAFKA_ENV.saslMechanism};
                           default SCRAM-SHA-512); the user is $${DISPATCH_KAFKA_ENV.username} and $${DISPATCH_KAFKA_ENV.password}

Credentials: GITHUB_TOKEN (actions:write); GITLAB_TRIGGER_TOKEN, or the agent's {group}_{project} variable, and
GITLAB_URL; PORT_CLIENT_SECRET to encrypt secret inputs and sign webhooks; PORT_CLIENT_ID and PORT_CLIENT_SECRET
for --create-run and for ending the Port run after --wait (reportWorkflowStatus). Kafka: PORT_CLIENT_SECRET signs
the run message (an agent refuses it unsigned); TLS trusts the system's CAs and NODE_EXTRA_CA_CERTS.
Environment: PORT_CI_JQ_TIMEOUT_MS, how long one jq run may take (default 5000); ${DISPATCH_KAFKA_ENV.timeout}, how
long a broker may take to answer one request before it counts as lost (default 15000).
Exit codes: 0 dispatched (and, with --wait, succeeded), or an automation whose condition does not hold (nothing
sent; with --json {"skipped": true, "reason"}); 2 usage, nothing sent; 3 the backend, the brokers or Port refused
or could not be reached, or the answer was lost (uncertain); 4 the run failed or --wait timed out. --batch: 0
when every line was dispatched (with --dry-run: planned), 2 when no line was sent and one was invalid, else 3 (each
line's outcome is printed).
`;

const FLAGS = {
  action: { type: 'string' },
  inputs: { type: 'string' },
  input: { type: 'string', multiple: true },
  entity: { type: 'string' },
  'run-id': { type: 'string' },
  'create-run': { type: 'boolean', default: false },
  user: { type: 'string' },
  ref: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  wait: { type: 'boolean', default: false },
  timeout: { type: 'string' },
  json: { type: 'boolean', default: false },
  batch: { type: 'string' },
  concurrency: { type: 'string' },
  'write-interval': { type: 'string' },
  'base-url': { type: 'string' },
  'action-id': { type: 'string' },
  secret: { type: 'string', multiple: true },
  'trigger-data': { type: 'string' },
  'strict-templates': { type: 'boolean', default: false },
  event: { type: 'string' },
  'event-type': { type: 'string' },
  before: { type: 'string' },
  after: { type: 'string' },
  'kafka-brokers': { type: 'string' },
  'kafka-topic': { type: 'string' },
  'kafka-protocol': { type: 'string' },
  'kafka-sasl': { type: 'string' },
} as const;

/** Flags that only mean something for Port's current format. */
const V2_FLAGS = ['trigger-data', 'strict-templates', 'secret', 'event', 'event-type', 'before', 'after'] as const;

type Flags = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

export const command: Command = {
  usage,
  async run(args, io) {
    const { values: flags } = parseFlags('dispatch', args, FLAGS);
    if (flags.batch !== undefined) return runBatchCommand(flags, io);
    if (flags.action === undefined && flags['action-id'] === undefined) {
      throw new UsageError('dispatch: --action FILE or --action-id ID is required (or --batch FILE); see port-ci dispatch --help');
    }
    if (flags.action !== undefined && flags['action-id'] !== undefined) throw new UsageError('dispatch: give --action FILE or --action-id ID, not both');
    if (flags['run-id'] && flags['create-run']) throw new UsageError('dispatch: give --run-id or --create-run, not both');
    if (flags['dry-run'] && flags['create-run']) {
      throw new UsageError('dispatch: --create-run asks Port to execute the action, which is not a dry run; use --run-id with --dry-run');
    }
    const session = new Session(flags, io);
    try {
      const source = flags.action ?? `action ${flags['action-id']}`;
      const raw = flags['action-id'] !== undefined ? await session.fetchAction(flags['action-id']) : readJsonArg(io, '--action', flags.action!);
      const planned = await session.plan(raw, source, {
        inputs: (action) => readInputs(flags, io, action),
        entity: readEntity(io, flags.entity),
        runId: flags['run-id'],
        user: flags.user ?? io.env.PORT_USER_EMAIL,
        ref: flags.ref,
      });
      if ('skipped' in planned) {
        io.stdout(flags.json ? `${JSON.stringify({ skipped: true, reason: planned.reason, conditions: planned.conditions })}\n` : `not dispatched: ${planned.reason}\n`);
        return EXIT.ok;
      }
      return await finish(planned, session, flags, io);
    } finally {
      await session.close();
    }
  },
};

/** After the plan: print it (dry run), or send it, and with --wait follow the run to its end. */
async function finish(plan: DispatchPlan, session: Session, flags: Flags, io: CliIo): Promise<number> {
    if (flags['dry-run']) {
      const shown = { ...plan, notes: [...plan.notes, ...dryRunNotes(plan)] };
      if (flags.json) io.stdout(`${session.hideSecrets(JSON.stringify(plan.format === 'v2' ? exactPlan(shown) : printablePlan(shown)))}\n`);
      else io.stdout(session.hideSecrets(describePlan(shown)));
      return EXIT.ok;
    }
    // A run created through Port's API is executed by Port: it triggers the backend itself, so port-ci must not.
    if (plan.format === 'v2') for (const warning of session.warnings(plan)) io.stderr(`port-ci: warning: ${warning}\n`);
    let result: DispatchResult;
    try {
      result = flags['create-run'] ? ({ backend: plan.backend, status: 202 } as DispatchResult) : await session.send(plan);
    } catch (error) {
      // Port ends a synchronized webhook's run FAILURE when the call fails, whatever the answer (4xx, 5xx, none).
      if (error instanceof ApiError) await session.endSynchronized(plan, 'FAILURE', error.message);
      throw session.hidingSecrets(error);
    }
    await session.endSynchronized(plan, result.status < 300 ? 'SUCCESS' : 'FAILURE', `The webhook answered ${result.status}`);
    if (flags['create-run'] && !flags.json) io.stderr(`port-ci: Port created run ${plan.runId} and triggers the ${plan.backend} backend itself\n`);
    if (!flags.wait) {
      io.stdout(flags.json ? `${JSON.stringify({ ...result, runId: plan.runId })}\n` : describeResult(plan, result));
      return EXIT.ok;
    }
    if (!flags.json) io.stderr(describeResult(plan, result));
    const tty = Boolean((io.stderrStream as { isTTY?: boolean }).isTTY);
    // Past this point the dispatch happened: any trouble following it is exit 3 with what was dispatched, never
    // exit 2 ("nothing sent"), which would invite a second dispatch.
    const outcome = await waitForRun(plan, result, {
      timeoutMs: parseDuration('--timeout', flags.timeout ?? '30m'),
      pollMs: Number(io.env.PORT_CI_POLL_MS) || 3000,
      env: io.env,
      github: (plan.backend === 'GITHUB' || plan.backend === 'INTEGRATION_ACTION') && !flags['create-run'] ? session.github() : undefined,
      port: session.port(),
      viaPort: flags['create-run'],
      onState: (state) => tty && io.stderr(`  ${new Date().toISOString().slice(11, 19)} ${state}\n`),
    }).catch((error: unknown) => {
      const where = result.link ?? result.externalRunId ?? 'its run';
      throw new ApiError(`dispatched (${where}), but could not follow the run: ${(error as Error).message}`, null);
    });
    if (!flags['create-run']) await session.reportOutcome(plan, result, outcome.conclusion);
    if (flags.json) io.stdout(`${JSON.stringify({ ...result, runId: plan.runId, conclusion: outcome.conclusion, detail: outcome.detail })}\n`);
    else io.stdout(`${outcome.conclusion === 'success' ? 'succeeded' : outcome.conclusion === 'timeout' ? 'timed out' : 'failed'}: ${outcome.detail}\n`);
    return outcome.conclusion === 'success' ? EXIT.ok : EXIT.runFailed;
}

/** What one invocation shares between dispatches: one GitHub client (so writes are spaced), one Port client. */
class Session {
  #github: GitHubRequest | undefined;
  #port: PortClient | undefined;
  constructor(
    private readonly flags: Flags,
    private readonly io: CliIo,
  ) {}

  github(): GitHubRequest {
    const token = this.io.env.GITHUB_TOKEN ?? this.io.env.GH_TOKEN;
    if (!token) throw new UsageError('GITHUB: set GITHUB_TOKEN to a token that can dispatch workflows (actions:write)');
    this.#github ??= githubClient({
      token,
      apiUrl: (this.io.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
      writeIntervalMs: this.flags['write-interval'] === undefined ? undefined : nonNegative('--write-interval', this.flags['write-interval']),
      onWait: (kind, seconds) => this.io.stderr(`port-ci: dispatch: GitHub's ${kind} rate limit: waiting ${seconds} s\n`),
    });
    return this.#github;
  }

  #jq: JqEngine | undefined;
  /** One jq worker for the whole invocation (a batch renders every line on it), started on first need. */
  jq(): JqEngine {
    if (!this.#jq) {
      const timeoutMs = this.io.env.PORT_CI_JQ_TIMEOUT_MS === undefined ? undefined : nonNegative('PORT_CI_JQ_TIMEOUT_MS', this.io.env.PORT_CI_JQ_TIMEOUT_MS) || undefined;
      this.#jq = createJqEngine({ timeoutMs });
    }
    return this.#jq;
  }

  #kafka: KafkaRoute | undefined;
  /** Where run messages are produced, read from the flags and environment once. */
  kafka(): KafkaRoute {
    this.#kafka ??= dispatchKafkaRoute(this.flags, this.io.env);
    return this.#kafka;
  }

  #producer: Promise<RunProducer> | undefined;
  /** One producer for the invocation, opened (and the Kafka client loaded) on the first produce. */
  producer(): Promise<RunProducer> {
    this.#producer ??= openRunProducer(this.kafka().producer!);
    return this.#producer;
  }

  async close(): Promise<void> {
    await this.#jq?.close();
    await (await this.#producer?.catch(() => undefined))?.close();
  }

  /** --secret NAME=VALUE, for `.secrets`; their values are hidden from everything port-ci prints. */
  secrets(): Record<string, string> {
    const secrets: Record<string, string> = {};
    for (const pair of this.flags.secret ?? []) {
      const at = pair.indexOf('=');
      if (at <= 0) throw new UsageError('--secret: expected NAME=VALUE (the value is not shown)');
      Object.defineProperty(secrets, pair.slice(0, at), { value: pair.slice(at + 1), enumerable: true, writable: true, configurable: true });
    }
    return secrets;
  }

  /** The error, its message with --secret values hidden (a receiver may echo a header back in its refusal). */
  hidingSecrets(error: unknown): unknown {
    if (error instanceof Error && (this.flags.secret ?? []).length > 0) error.message = this.hideSecrets(error.message);
    return error;
  }

  hideSecrets(text: string): string {
    let out = text;
    for (const value of Object.values(this.secrets())) {
      if (value === '') continue;
      for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) out = out.split(form).join(REDACTED);
    }
    return out;
  }

  async fetchAction(identifier: string): Promise<unknown> {
    const port = this.port();
    if (!port) throw new UsageError('--action-id: set PORT_CLIENT_ID and PORT_CLIENT_SECRET to read the definition from Port');
    try {
      return await port.getAction(identifier);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) throw new UsageError(`--action-id: Port has no action or automation "${identifier}"`);
      throw error;
    }
  }

  /** The plan for a definition in either of Port's formats, or why an automation does not fire. */
  async plan(raw: unknown, source: string, given: PlanInputs): Promise<DispatchPlan | Skipped> {
    const format = actionFormat(raw);
    // A file in neither format is refused saying what both look like, not judged as a malformed classic one.
    if (format === null) validateAnyAction(raw, source);
    if (format !== 'v2') {
      const v2Only = V2_FLAGS.filter((flag) => this.flags[flag] !== undefined && this.flags[flag] !== false);
      if (v2Only.length > 0) throw new UsageError(`--${v2Only[0]}: applies to Port's current format (trigger an object); ${source} is in the classic format`);
      return planDispatch({
        action: raw,
        actionSource: source,
        inputs: given.inputs(raw),
        entity: given.entity,
        obtainRunId: (definition, properties, entityObject) => this.runId(definition as DispatchedAction, properties, entityObject, given.runId),
        user: given.user,
        ref: given.ref,
        env: this.io.env,
        now: new Date(),
        kafka: this.kafka(),
      });
    }
    const action = validateActionV2(raw, source) as unknown as DispatchedAction;
    try {
      return await this.planCurrent(raw, action, given);
    } catch (error) {
      // A template that cannot render, a failing span under --strict-templates, a filter that never ends, or
      // trigger data jq cannot read: all mean the definition or its data is wrong and nothing was sent (exit 2;
      // a batch counts the line invalid), not a bug in port-ci (exit 1).
      // jq quotes what it failed on, and a refusal may quote a rendered value: --secret values are hidden there too.
      if (error instanceof TemplateError || error instanceof StrictTemplateError || error instanceof JqTimeoutError) throw new UsageError(this.hideSecrets(error.message));
      if (error instanceof JqInputError) throw new UsageError(`the trigger data cannot be rendered: ${this.hideSecrets(error.message)}`);
      throw this.hidingSecrets(error);
    }
  }

  private async planCurrent(raw: unknown, action: DispatchedAction, given: PlanInputs): Promise<DispatchPlan | Skipped> {
    const engine = this.jq();
    engine.warm(); // the worker loads while the inputs are read and checked
    const trigger = action.trigger as JsonObject;
    const automation = trigger.type === 'automation';
    const now = new Date();
    const user = { email: given.user };
    let triggerData: JsonObject;
    if (this.flags['trigger-data'] !== undefined) {
      const clashing = (['inputs', 'input', 'entity', 'run-id', 'create-run', 'user', 'secret', 'event', 'event-type', 'before', 'after'] as const).filter(
        (flag) => this.flags[flag] !== undefined && this.flags[flag] !== false,
      );
      if (clashing.length) throw new UsageError(`--trigger-data is the whole trigger data; drop --${clashing.join(', --')}`);
      const data = readJsonArg(this.io, '--trigger-data', this.flags['trigger-data']);
      if (!isObject(data)) throw new UsageError('--trigger-data: expected the trigger data as a JSON object ({inputs, entity, trigger, event, action, run})');
      triggerData = data;
      const skipped = automation ? await automationSkipped(trigger, isObject(data.event) ? data.event : {}, engine) : undefined;
      if (skipped) return skipped;
      if (!this.flags['dry-run']) this.preflight(action, isObject(data.run) && typeof data.run.id === 'string');
    } else if (automation) {
      if (this.flags['create-run']) throw new UsageError('--create-run: Port runs an automation itself when its event happens; use --run-id (or --dry-run)');
      const event = this.event();
      // Whether it fires comes first: an automation that does not fire needs no run and no backend credentials.
      const skipped = await automationSkipped(trigger, event, engine);
      if (skipped) return skipped;
      if (!given.runId && !this.flags['dry-run']) throw new UsageError("dispatch: an automation's backend reports to the run Port created for it: pass --run-id r_...");
      triggerData = automationData({ action, event, runId: await this.runId(action, {}, null, given.runId), user, secrets: this.secrets(), now });
    } else {
      triggerData = await selfServiceData({
        action,
        inputs: given.inputs(raw),
        entity: given.entity,
        lookupEntity: (blueprint, identifier) => this.lookupEntity(blueprint, identifier),
        obtainRunId: (properties, entity) => this.runId(action, properties, entity ?? null, given.runId),
        user,
        secrets: this.secrets(),
        clientSecret: this.io.env.PORT_CLIENT_SECRET,
        engine,
        now,
      });
    }
    return planV2({ action, triggerData, engine, strict: this.flags['strict-templates'] === true, ref: given.ref, env: this.io.env, now, kafka: this.kafka() });
  }

  /** The automation's event: --event FILE, or built from --event-type with --before and --after. */
  private event(): JsonObject {
    const { event, 'event-type': type, before, after } = this.flags;
    if (event !== undefined) {
      if (type !== undefined || before !== undefined || after !== undefined) throw new UsageError('--event FILE is the whole event; drop --event-type, --before and --after');
      const value = readJsonArg(this.io, '--event', event);
      if (!isObject(value)) throw new UsageError('--event: expected the event as a JSON object ({action, resourceType, context, diff})');
      return value;
    }
    if (type === undefined) throw new UsageError('an automation needs the event that fires it: --event FILE, or --event-type TYPE with --before/--after FILE');
    const read = (flag: string, file: string | undefined): JsonObject | null => {
      if (file === undefined) return null;
      const value = readJsonArg(this.io, flag, file);
      if (!isObject(value)) throw new UsageError(`${flag}: expected a JSON object (the entity or run)`);
      return value;
    };
    return buildEvent({ type, before: read('--before', before), after: read('--after', after), user: { email: this.flags.user ?? this.io.env.PORT_USER_EMAIL }, at: new Date().toISOString() });
  }

  private async lookupEntity(blueprint: string, identifier: string): Promise<JsonObject | undefined> {
    const port = this.port();
    if (!port) return undefined;
    try {
      return await port.getEntity(blueprint, identifier);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) throw new UsageError(`entity ${identifier} of blueprint ${blueprint} is not in Port`);
      throw error;
    }
  }

  /** A synchronized webhook's answer is the run's outcome (as Port does): end the Port run with it. */
  async endSynchronized(plan: DispatchPlan, status: 'SUCCESS' | 'FAILURE', summary: string): Promise<void> {
    const port = this.port();
    if (plan.backend !== 'WEBHOOK' || plan.action.invocationMethod.synchronized !== true || !plan.runId || this.flags['create-run']) return;
    if (!port) {
      this.io.stderr('port-ci: warning: synchronized webhook: set PORT_CLIENT_ID and PORT_CLIENT_SECRET so port-ci ends the Port run with its answer\n');
      return;
    }
    await port.updateRun(plan.runId, { status, summary: this.hideSecrets(summary).slice(0, 1000) }).catch((error: unknown) => {
      this.io.stderr(`port-ci: warning: could not end run ${plan.runId}: ${(error as Error).message}\n`);
    });
  }

  /**
   * What a current-format dispatch should not send silently (--dry-run shows every note): warnings, and spans
   * whose jq failed or gave no output, so a surprising null in the backend can be traced.
   */
  warnings(plan: DispatchPlan): string[] {
    const spans = new Set((plan.templateIssues ?? []).map((issue) => issue.field));
    return plan.notes.filter((note) => note.startsWith('warning: ') || [...spans].some((field) => note.startsWith(`${field}: `))).map((note) => this.hideSecrets(note.replace(/^warning: /, '')));
  }

  port(): PortClient | undefined {
    if (missingCredentials(this.io)) return undefined;
    this.#port ??= portClient({ 'base-url': this.flags['base-url'] }, this.io);
    return this.#port;
  }

  async runId(action: DispatchedAction, properties: Record<string, unknown>, entity: JsonObject | null, given: string | undefined): Promise<string | null> {
    if (!this.flags['dry-run']) this.preflight(action, Boolean(given) || this.flags['create-run'] === true);
    if (given) {
      if (!isRunId(given)) throw new UsageError(`--run-id: ${JSON.stringify(given.slice(0, 40))} is not accepted; expected a run id like "r_..." (letters, digits, "_" and "-")`);
      return given;
    }
    if (this.flags['create-run']) {
      const port = this.port();
      if (!port) throw new UsageError('--create-run: set PORT_CLIENT_ID and PORT_CLIENT_SECRET');
      const run = await port.createRun(action.identifier, { properties, ...(typeof entity?.identifier === 'string' ? { entity: entity.identifier } : {}) });
      return run.id;
    }
    // A dry run shows the run id as null rather than make one up: an id that looks like Port's would be taken for
    // a run that exists. Whoever wants one in the plan passes --run-id.
    const method = action.invocationMethod as { omitPayload?: boolean; type: string };
    if (this.flags['dry-run'] || method.omitPayload) return null;
    throw new UsageError('dispatch: the backend needs a Port run to report to: pass --run-id r_..., or --create-run');
  }

  /**
   * Refuses, before anything is sent or a Port run is created, what would stop the dispatch or --wait later:
   * a run created for a dispatch that then fails is left IN_PROGRESS, and a dispatch made before a usage error
   * (exit 2) is easily made again by whoever fixes the error.
   */
  private preflight(action: DispatchedAction, hasRunId: boolean): void {
    const method = action.invocationMethod as { type: Backend; groupName?: string; projectName?: string; agent?: boolean };
    const sends = !this.flags['create-run']; // with --create-run, Port triggers the backend, not port-ci
    const produces = sends && (method.type === 'KAFKA' || producesForAgent(method, this.kafka()));
    if (sends && (method.type === 'GITHUB' || method.type === 'INTEGRATION_ACTION')) this.github();
    if (sends && !produces && method.type === 'GITLAB' && !this.io.env.GITLAB_TRIGGER_TOKEN && !this.io.env[agentTokenVariable(method.groupName ?? '', method.projectName ?? '')]) {
      throw new UsageError(`GITLAB: no trigger token: set GITLAB_TRIGGER_TOKEN or ${agentTokenVariable(method.groupName ?? '', method.projectName ?? '')}`);
    }
    if (produces) this.preflightKafka(action);
    const waits = this.flags.wait && this.flags.batch === undefined; // a batch does not wait
    // A run Port executes itself is followed through Port, whatever its backend; so is a run an agent hands on.
    const followed = this.flags['create-run'] ? 'WEBHOOK' : produces ? 'KAFKA' : method.type;
    const missing = waits ? cannotWait(followed, this.io.env, Boolean(this.port()), hasRunId || this.flags['create-run'] === true) : undefined;
    if (missing) throw new UsageError(missing);
  }

  /** What producing needs, checked before a run is created or anything is sent. */
  private preflightKafka(action: DispatchedAction): void {
    const route = this.kafka();
    const what = action.invocationMethod.type === 'KAFKA' ? 'KAFKA' : `${String(action.invocationMethod.type)} with agent: true`;
    if (!route.producer) throw new UsageError(`${what}: set --kafka-brokers or ${DISPATCH_KAFKA_ENV.brokers} to the brokers of the runs topic the consumer reads`);
    if (!route.topic) throw new UsageError(`${what}: set PORT_ORG_ID (the topic is {PORT_ORG_ID}.runs, as Port names it) or --kafka-topic`);
    // A current-format KAFKA action's payload is produced as its author wrote it; a run message is signed.
    const rawPayload = action.invocationMethod.type === 'KAFKA' && isObject(action.trigger);
    if (!rawPayload && !this.io.env.PORT_CLIENT_SECRET) {
      throw new UsageError(`${what}: set PORT_CLIENT_SECRET: Port signs every run message it produces, and an agent refuses one it cannot check`);
    }
  }

  send(plan: DispatchPlan): Promise<DispatchResult> {
    switch (plan.backend) {
      case 'GITHUB':
      case 'INTEGRATION_ACTION':
        return sendGitHub(plan, this.github());
      case 'GITLAB':
        return sendGitLab(plan);
      case 'WEBHOOK':
        return sendWebhook(plan);
      default:
        return this.producer().then((producer) => sendKafka(plan, producer));
    }
  }

  /** With reportWorkflowStatus (GITHUB, on by default), end the Port run with the run's outcome and link. */
  async reportOutcome(plan: DispatchPlan, result: DispatchResult, conclusion: string): Promise<void> {
    const method = plan.action.invocationMethod as { type: string; reportWorkflowStatus?: boolean };
    const port = this.port();
    if ((plan.backend !== 'GITHUB' && plan.backend !== 'INTEGRATION_ACTION') || method.reportWorkflowStatus === false || !port || !plan.runId) return;
    try {
      await port.updateRun(plan.runId, {
        status: conclusion === 'success' ? 'SUCCESS' : 'FAILURE',
        ...(conclusion === 'timeout' ? { statusLabel: 'Timed out waiting' } : {}),
        ...(result.link ? { link: result.link } : {}),
      });
    } catch (error) {
      // The workflow may have ended the run itself (the port-ci action does): its report stands.
      if (!(error instanceof ApiError && error.code === 'run_exhausted')) this.io.stderr(`port-ci: warning: ${(error as Error).message}\n`);
    }
  }
}

async function runBatchCommand(flags: Flags, io: CliIo): Promise<number> {
  const file = flags.batch!;
  const base = file === '-' ? process.cwd() : path.dirname(path.resolve(file));
  const { items, invalid } = parseBatch(readArgFile(io, '--batch', file), (name) => readJsonArg(io, `action file`, path.resolve(base, name)));
  const session = new Session(flags, io);
  const concurrency = flags.concurrency === undefined ? 4 : nonNegative('--concurrency', flags.concurrency) || 1;
  const outcomes = await runBatch(items, {
    concurrency,
    dryRun: flags['dry-run'],
    dispatch: async (item: BatchItem) => {
      const plan = await session.plan(item.action, item.actionSource, {
        inputs: () => item.inputs,
        entity: item.entity,
        runId: item.runId,
        user: item.user ?? io.env.PORT_USER_EMAIL,
        ref: item.ref,
      });
      if ('skipped' in plan) throw new UsageError(`not dispatched: ${plan.reason}`);
      if (flags['dry-run']) return { runId: plan.runId, result: { backend: plan.backend, status: 0 } };
      return { runId: plan.runId, result: await session.send(plan) };
    },
  });
  await session.close();
  const all = [...invalid, ...outcomes].sort((a, b) => a.line - b.line);
  const summary = summarize(all);
  if (flags.json) io.stdout(`${JSON.stringify({ summary, lines: all })}\n`);
  else {
    for (const outcome of all) {
      const where = outcome.link ?? outcome.externalRunId ?? '';
      io.stdout(`line ${outcome.line}: ${outcome.state}${outcome.runId ? ` ${outcome.runId}` : ''}${where ? ` ${where}` : ''}${outcome.error ? `: ${outcome.error}` : ''}\n`);
    }
    const done = flags['dry-run'] ? `${summary.planned} planned (not sent)` : `${summary.dispatched} dispatched`;
    io.stdout(`${summary.lines} lines: ${done}, ${summary.refused} refused, ${summary.uncertain} uncertain, ${summary.invalid} invalid\n`);
  }
  // Exit 2 says "nothing happened, fix the input and run again": only true when no line was sent.
  if (summary.dispatched + summary.refused + summary.uncertain === 0 && summary.invalid > 0) return EXIT.usage;
  return summary.lines === summary.dispatched + summary.planned ? EXIT.ok : EXIT.api;
}

/** Why an automation does not fire for this event (its kind or blueprint, or its condition), or undefined. */
async function automationSkipped(trigger: JsonObject, event: JsonObject, engine: JqEngine): Promise<Skipped | undefined> {
  const mismatch = eventMismatch(trigger, event);
  if (mismatch) return { skipped: true, reason: mismatch };
  const condition = await evaluateCondition(trigger, event, engine);
  if (!condition.holds) return { skipped: true, reason: conditionReason(condition), conditions: condition.expressions };
  return undefined;
}

function readJsonArg(io: CliIo, flag: string, file: string): unknown {
  return parseJsonText(readArgFile(io, flag, file), flag);
}

/** --inputs JSON, then each --input KEY=VALUE typed by the action's schema (so replica_count=3 is a number). */
function readInputs(flags: Flags, io: CliIo, action: unknown): Record<string, unknown> {
  // A Map, not an object: an input named "__proto__" must stay an input (and be refused by name), not a prototype.
  const inputs = new Map<string, unknown>();
  if (flags.inputs !== undefined) {
    const given = parseJsonText(flags.inputs.startsWith('@') ? readArgFile(io, '--inputs', flags.inputs.slice(1)) : flags.inputs, '--inputs');
    if (!isObject(given)) throw new UsageError('--inputs: expected a JSON object of input values');
    for (const [key, value] of Object.entries(given)) inputs.set(key, value);
  }
  const userInputs = isObject(action) ? (isObject(action.trigger) ? action.trigger.userInputs : action.userInputs) : undefined;
  const specs = isObject(userInputs) && isObject(userInputs.properties) ? userInputs.properties : {};
  for (const pair of flags.input ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--input: "${pair}" is not accepted; expected KEY=VALUE`);
    const key = pair.slice(0, at);
    const spec = (Object.hasOwn(specs, key) ? specs[key] : undefined) as UserInputSpec | undefined;
    if (!isSecretInput(spec)) {
      inputs.set(key, typeInputText(pair.slice(at + 1), spec, `--input ${key}`));
      continue;
    }
    // A secret given here is its plain value (port-ci encrypts it), typed like any other; an error never shows it.
    try {
      inputs.set(key, typeInputText(pair.slice(at + 1), { ...spec, encryption: undefined }, `--input ${key}`));
    } catch {
      throw new UsageError(`--input ${key}: expected ${spec!.type === 'object' ? 'an object as JSON' : `a ${String(spec!.type)}`} but found a value that is not (secret, not shown)`);
    }
  }
  return Object.fromEntries(inputs); // fromEntries defines keys: "__proto__" stays data, for validation to refuse
}

function readEntity(io: CliIo, value: string | undefined): string | JsonObject | undefined {
  if (value === undefined || !value.startsWith('@')) return value;
  const entity = parseJsonText(readArgFile(io, '--entity', value.slice(1)), '--entity');
  if (!isObject(entity)) throw new UsageError('--entity: expected the entity as a JSON object');
  return entity;
}

/** What one dispatch is told, whichever format its definition is in. */
interface PlanInputs {
  inputs: (action: unknown) => Record<string, unknown>;
  entity: string | JsonObject | undefined;
  runId: string | undefined;
  user: string | undefined;
  ref: string | undefined;
}

interface Skipped {
  skipped: true;
  reason: string;
  conditions?: unknown;
}

/**
 * A current-format plan as --dry-run --json prints it: the request exactly as it would be sent (a webhook's
 * signature, a GitLab trigger token), beside the trigger data the templates read. GitHub's token is not part
 * of the request here (Octokit adds it) and stays redacted.
 */
function exactPlan(plan: DispatchPlan): Record<string, unknown> {
  const { rawBody, ...request } = plan.request;
  const sentAsCompactJson = request.body === undefined || rawBody === JSON.stringify(request.body);
  return {
    backend: plan.backend,
    runId: plan.runId,
    request: sentAsCompactJson ? request : { ...request, rawBody },
    triggerData: plan.triggerData,
    notes: plan.notes,
    templateIssues: plan.templateIssues,
  };
}

function nonNegative(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag}: "${text}" is not accepted; expected a whole number`);
  return Number(text);
}

/** What a dry run adds to the plan's notes: a run id it shows as null is not a bug in the payload. */
function dryRunNotes(plan: DispatchPlan): string[] {
  if (plan.runId !== null || payloadOmitted(plan)) return [];
  return ['run id: null, as no run was given; Port puts the id of the run it creates there (pass --run-id r_... to see it)'];
}

function payloadOmitted(plan: DispatchPlan): boolean {
  return plan.format !== 'v2' && plan.payload === null;
}

function describePlan(plan: DispatchPlan): string {
  const printable = printablePlan(plan);
  const request = printable.request as { method: string; url: string; headers: Record<string, string>; key?: string | null; body: unknown };
  const run = plan.runId ?? (payloadOmitted(plan) ? 'none: payload omitted' : 'none given');
  return [
    `${plan.backend} dispatch of ${plan.action.identifier} (run ${run}), planned, not sent:`,
    `  ${request.method} ${request.url}`,
    ...Object.entries(request.headers).map(([name, value]) => `  ${name}: ${value}`),
    ...(request.key === undefined ? [] : [`  key: ${request.key}`]),
    `  ${JSON.stringify(request.body, null, 2).replace(/\n/g, '\n  ')}`,
    ...plan.notes.map((note) => `note: ${note}`),
    '',
  ].join('\n');
}

function describeResult(plan: DispatchPlan, result: DispatchResult): string {
  if (result.produced) {
    const { topic, partition, offset } = result.produced;
    const handOn = plan.action.invocationMethod.type === 'KAFKA' ? '' : `; an execution agent hands it on to ${String(plan.action.invocationMethod.type)}`;
    return `produced ${plan.action.identifier} to ${topic} (partition ${partition}, offset ${offset})${plan.runId ? ` for Port run ${plan.runId}` : ''}${handOn}\n`;
  }
  const where = result.link ? `: ${result.link}` : result.externalRunId ? ` (${result.externalRunId})` : '';
  return `dispatched ${plan.action.identifier} to ${plan.backend}${plan.runId ? ` for Port run ${plan.runId}` : ''}${where}\n`;
}

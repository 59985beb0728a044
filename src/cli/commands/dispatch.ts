import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { UsageError, isObject, isRunId, isSecretInput, parseJsonText, typeInputText, type ActionDefinition, type JsonObject, type UserInputSpec } from '../../core/index.js';
import { runBatch, parseBatch, summarize, type BatchItem } from '../../dispatch/batch.js';
import { sendGitHub, type GitHubRequest } from '../../dispatch/github.js';
import { agentTokenVariable, sendGitLab } from '../../dispatch/gitlab.js';
import { DEFAULT_WRITE_INTERVAL_MS, githubClient } from '../../dispatch/octokit.js';
import { planDispatch, printablePlan } from '../../dispatch/plan.js';
import type { Backend, DispatchPlan, DispatchResult } from '../../dispatch/types.js';
import { cannotWait, waitForRun } from '../../dispatch/wait.js';
import { sendKafka, sendWebhook } from '../../dispatch/webhook.js';
import { ApiError } from '../../port/errors.js';
import type { PortClient } from '../../port/client.js';
import { parseFlags } from '../args.js';
import { EXIT } from '../errors.js';
import { readArgFile, type CliIo } from '../io.js';
import type { Command } from '../main.js';
import { missingCredentials, portClient } from '../port-config.js';

const usage = `Usage: port-ci dispatch --action FILE [--inputs JSON] [--input KEY=VALUE]... [--entity ID|@entity.json]
                        [--run-id r_... | --create-run] [--user EMAIL] [--ref REF]
                        [--dry-run] [--wait [--timeout 30m]] [--json]
       port-ci dispatch --batch runs.ndjson [--concurrency N] [--json]

Does what Port does when a user runs a self-service action: validates the action and the inputs, applies
defaults, encrypts secret inputs, builds the run message and triggers the action's backend (GITHUB, GITLAB,
WEBHOOK; KAFKA is shown with --dry-run only) with Port's omitPayload, omitUserInputs and defaultRef semantics.

Options:
  --action FILE            the action definition (JSON; "-" reads standard input)
  --inputs JSON            the user's inputs as a JSON object
  --input KEY=VALUE        one input; the value is typed by the action's schema (repeatable)
  --entity ID|@FILE        the entity of a DAY-2 or DELETE action: its identifier, or a JSON file with the entity
  --run-id ID              the Port run the backend reports to
  --create-run             ask Port to execute the action (Port creates the run and triggers the backend
                           itself; port-ci then only follows it with --wait); needs PORT_CLIENT_ID and
                           PORT_CLIENT_SECRET
  --user EMAIL             who runs it (default: $PORT_USER_EMAIL)
  --ref REF                GitHub: the branch or tag (else the input "ref", else the default branch);
                           GitLab: used when there is no input "ref" (else defaultRef, else main)
  --dry-run                print what would be sent and send nothing (tokens redacted)
  --wait                   follow the run to its end; exit 0 on success, 4 on failure or timeout
  --timeout DURATION       how long --wait follows (default 30m; e.g. 90s, 10m, 1h)
  --json                   print the result (or the plan) as JSON
  --batch FILE             one dispatch per NDJSON line: {"action": {...} | "file.json", "inputs", "entity",
                           "runId", "user", "ref"}; each line is sent at most once
  --concurrency N          batch: dispatches at once (default 4)
  --write-interval MS      GitHub: least time between two dispatches (default ${DEFAULT_WRITE_INTERVAL_MS}, GitHub's ~80 a minute)

Credentials: GITHUB_TOKEN (actions:write); GITLAB_TRIGGER_TOKEN, or the agent's {group}_{project} variable, and
GITLAB_URL; PORT_CLIENT_SECRET to encrypt secret inputs and sign webhooks; PORT_CLIENT_ID and PORT_CLIENT_SECRET
for --create-run and for ending the Port run after --wait (reportWorkflowStatus).
Exit codes: 0 dispatched (and, with --wait, succeeded); 2 usage, nothing sent; 3 the backend or Port refused, or
the answer was lost (uncertain); 4 the run failed or --wait timed out. --batch: 0 when every line was dispatched,
2 when every line was invalid, else 3 (each line's outcome is printed).
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
} as const;

type Flags = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

export const command: Command = {
  usage,
  async run(args, io) {
    const { values: flags } = parseFlags('dispatch', args, FLAGS);
    if (flags.batch !== undefined) return runBatchCommand(flags, io);
    if (flags.action === undefined) throw new UsageError('dispatch: --action FILE is required (or --batch FILE); see port-ci dispatch --help');
    if (flags['run-id'] && flags['create-run']) throw new UsageError('dispatch: give --run-id or --create-run, not both');
    if (flags['dry-run'] && flags['create-run']) {
      throw new UsageError('dispatch: --create-run asks Port to execute the action, which is not a dry run; use --run-id with --dry-run');
    }
    const action = readJsonArg(io, '--action', flags.action);
    const inputs = readInputs(flags, io, action);
    const entity = readEntity(io, flags.entity);
    const session = new Session(flags, io);
    const plan = await planDispatch({
      action,
      actionSource: flags.action,
      inputs,
      entity,
      obtainRunId: (definition, properties, entityObject) => session.runId(definition, properties, entityObject, flags['run-id']),
      user: flags.user ?? io.env.PORT_USER_EMAIL,
      ref: flags.ref,
      env: io.env,
      now: new Date(),
    });
    if (flags['dry-run']) {
      if (flags.json) io.stdout(`${JSON.stringify(printablePlan(plan))}\n`);
      else io.stdout(describePlan(plan));
      return EXIT.ok;
    }
    // A run created through Port's API is executed by Port: it triggers the backend itself, so port-ci must not.
    const result = flags['create-run'] ? ({ backend: plan.backend, status: 202 } as DispatchResult) : await session.send(plan);
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
      timeoutMs: parseDuration(flags.timeout ?? '30m'),
      pollMs: Number(io.env.PORT_CI_POLL_MS) || 3000,
      env: io.env,
      github: plan.backend === 'GITHUB' && !flags['create-run'] ? session.github() : undefined,
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
  },
};

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

  port(): PortClient | undefined {
    if (missingCredentials(this.io)) return undefined;
    this.#port ??= portClient({ 'base-url': this.flags['base-url'] }, this.io);
    return this.#port;
  }

  async runId(action: ActionDefinition, properties: Record<string, unknown>, entity: JsonObject | null, given: string | undefined): Promise<string | null> {
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
    if (this.flags['dry-run']) return `r_local_${randomBytes(8).toString('hex')}`;
    const method = action.invocationMethod as { omitPayload?: boolean; type: string };
    if (method.omitPayload) return null;
    throw new UsageError('dispatch: the backend needs a Port run to report to: pass --run-id r_..., or --create-run');
  }

  /**
   * Refuses, before anything is sent or a Port run is created, what would stop the dispatch or --wait later:
   * a run created for a dispatch that then fails is left IN_PROGRESS, and a dispatch made before a usage error
   * (exit 2) is easily made again by whoever fixes the error.
   */
  private preflight(action: ActionDefinition, hasRunId: boolean): void {
    const method = action.invocationMethod as { type: Backend; groupName?: string; projectName?: string };
    const sends = !this.flags['create-run']; // with --create-run, Port triggers the backend, not port-ci
    if (sends && method.type === 'GITHUB') this.github();
    if (sends && method.type === 'GITLAB' && !this.io.env.GITLAB_TRIGGER_TOKEN && !this.io.env[agentTokenVariable(method.groupName ?? '', method.projectName ?? '')]) {
      throw new UsageError(`GITLAB: no trigger token: set GITLAB_TRIGGER_TOKEN or ${agentTokenVariable(method.groupName ?? '', method.projectName ?? '')}`);
    }
    if (sends && method.type === 'KAFKA') sendKafka();
    const waits = this.flags.wait && this.flags.batch === undefined; // a batch does not wait
    // A run Port executes itself is followed through Port, whatever its backend.
    const followed = this.flags['create-run'] ? 'WEBHOOK' : method.type;
    const missing = waits ? cannotWait(followed, this.io.env, Boolean(this.port()), hasRunId || this.flags['create-run'] === true) : undefined;
    if (missing) throw new UsageError(missing);
  }

  send(plan: DispatchPlan): Promise<DispatchResult> {
    switch (plan.backend) {
      case 'GITHUB':
        return sendGitHub(plan, this.github());
      case 'GITLAB':
        return sendGitLab(plan);
      case 'WEBHOOK':
        return sendWebhook(plan);
      default:
        return sendKafka();
    }
  }

  /** With reportWorkflowStatus (GITHUB, on by default), end the Port run with the run's outcome and link. */
  async reportOutcome(plan: DispatchPlan, result: DispatchResult, conclusion: string): Promise<void> {
    const method = plan.action.invocationMethod as { type: string; reportWorkflowStatus?: boolean };
    const port = this.port();
    if (plan.backend !== 'GITHUB' || method.reportWorkflowStatus === false || !port || !plan.runId) return;
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
    dispatch: async (item: BatchItem) => {
      const plan = await planDispatch({
        action: item.action,
        actionSource: item.actionSource,
        inputs: item.inputs,
        entity: item.entity,
        obtainRunId: (definition, properties, entity) => session.runId(definition, properties, entity, item.runId),
        user: item.user ?? io.env.PORT_USER_EMAIL,
        ref: item.ref,
        env: io.env,
        now: new Date(),
      });
      if (flags['dry-run']) return { runId: plan.runId, result: { backend: plan.backend, status: 0 } };
      return { runId: plan.runId, result: await session.send(plan) };
    },
  });
  const all = [...invalid, ...outcomes].sort((a, b) => a.line - b.line);
  const summary = summarize(all);
  if (flags.json) io.stdout(`${JSON.stringify({ summary, lines: all })}\n`);
  else {
    for (const outcome of all) {
      const where = outcome.link ?? outcome.externalRunId ?? '';
      io.stdout(`line ${outcome.line}: ${outcome.state}${outcome.runId ? ` ${outcome.runId}` : ''}${where ? ` ${where}` : ''}${outcome.error ? `: ${outcome.error}` : ''}\n`);
    }
    io.stdout(`${summary.lines} lines: ${summary.dispatched} dispatched, ${summary.refused} refused, ${summary.uncertain} uncertain, ${summary.invalid} invalid\n`);
  }
  // Exit 2 says "nothing happened, fix the input and run again": only true when no line was sent.
  if (summary.dispatched + summary.refused + summary.uncertain === 0 && summary.invalid > 0) return EXIT.usage;
  return summary.lines === summary.dispatched ? EXIT.ok : EXIT.api;
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
  const specs = isObject(action) && isObject(action.userInputs) && isObject(action.userInputs.properties) ? action.userInputs.properties : {};
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

function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`--timeout: "${text}" is not accepted; expected a duration like 90s, 30m or 1h`);
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}

function nonNegative(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag}: "${text}" is not accepted; expected a whole number`);
  return Number(text);
}

function describePlan(plan: DispatchPlan): string {
  const printable = printablePlan(plan);
  const request = printable.request as { method: string; url: string; headers: Record<string, string>; body: unknown };
  return [
    `${plan.backend} dispatch of ${plan.action.identifier} (run ${plan.runId ?? 'none: payload omitted'}), not sent:`,
    `  ${request.method} ${request.url}`,
    ...Object.entries(request.headers).map(([name, value]) => `  ${name}: ${value}`),
    `  ${JSON.stringify(request.body, null, 2).replace(/\n/g, '\n  ')}`,
    ...plan.notes.map((note) => `note: ${note}`),
    '',
  ].join('\n');
}

function describeResult(plan: DispatchPlan, result: DispatchResult): string {
  const where = result.link ? `: ${result.link}` : result.externalRunId ? ` (${result.externalRunId})` : '';
  return `dispatched ${plan.action.identifier} to ${plan.backend}${plan.runId ? ` for Port run ${plan.runId}` : ''}${where}\n`;
}

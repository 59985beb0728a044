import { timingSafeEqual } from 'node:crypto';
import { PayloadError, SecretMasker, UsageError, decryptSecret, isObject, signWebhook } from '../core/index.js';
import { sendRequest, type HttpResponse } from '../http/request.js';
import { backoff, realClock, serverRequestedWait, type RetryClock } from '../http/retry.js';
import { JqInputError, JqTimeoutError, type JqEngine } from '../jq/engine.js';
import type { PortClient, PortRun, RunLogEntry, RunUpdate } from '../port/client.js';
import { ApiError } from '../port/errors.js';
import { mayHaveArrived } from '../port/lost-logs.js';
import {
  DEFAULT_MAPPING,
  MappingRunError,
  buildReport,
  buildRequest,
  invocationMethodOf,
  requestUrl,
  selectEntry,
  type JqContext,
  type MappedRequest,
  type Mapping,
  type Report,
  type ResponseView,
} from './mapping.js';
import { createFollower, type FollowSettings } from './follow.js';
import { FOLLOW_MARK, describeTarget, findFollow, followLine, mappingTriggersGitLab, targetFromAnswer, type FollowTarget } from './follow-targets.js';
import type { HandleResult, RecordOrigin, RunHandler } from './types.js';

/*
 * The run handler: one Kafka record in, one run handed on (or refused) out, with no Kafka in it.
 *
 * Delivery. The consumer commits a record only once handle() has resolved, so a record is seen again after a
 * crash, a rebalance or a throw. What makes that safe is what the run in Port shows, written in this order:
 *   1. the intent: a log line "port-ci agent: an action message has been received (delivery t/p/o); sending it
 *      to ..." before anything is sent;
 *   2. the request to the backend;
 *   3. the report's link, externalRunId and summary (a PATCH), when it has any;
 *   4. the hand-on: a log line "port-ci agent: sent to ...: HTTP n", carrying the report's status as its
 *      terminationStatus, so that the mark and the end of the run are one write.
 * A record seen again reads the run first: ended, or the hand-on in its log, or the intent and a link,
 * externalRunId or summary (for an agent's run only step 3 sets those, from the backend's answer) -> 'duplicate',
 * nothing sent. The intent alone -> nobody can know whether step 2 reached the backend, so the run ends FAILURE
 * saying so and where to look -> 'uncertain'. Steps 3-4 failing because Port is unreachable is the common case, not
 * a crash: the handler remembers what it sent (in this process) and throws, and the consumer's retry records it,
 * not sends it.
 * Limits: a crash after the intent and before the send also ends the run as uncertain (nothing tells the two
 * apart); a crash between steps 3 and 4 of a report that has both fields and a status leaves the run IN_PROGRESS
 * with its link (the status came from an answer no longer known). GitLab cannot be asked instead: the trigger
 * carries the run id only in port_payload, which its API does not show, and the agent holds only trigger tokens.
 *
 * Following (--follow). When the backend's answer started something that can be followed (follow-targets.ts: a
 * GitLab pipeline, a GitHub workflow run, a webhook's status URL) and the report did not end the run, step 3 begins
 * with the follow line "port-ci agent: following <what> ..." (before the report's PATCH, so that a crash after it
 * leaves a run that is followed again, at worst without its link), and the result carries
 * `following` (follow.ts), whose end the consumer waits for before it commits. A record seen again whose run is
 * still IN_PROGRESS and shows a follow line (with or without the hand-on after it: the line itself says the backend
 * answered) is a 'duplicate' that takes the follow up again, from the log line and the request the record maps to.
 */

/** The first words of the intent line, by which a later delivery finds it. */
export const INTENT_MARK = 'port-ci agent: an action message has been received';
/** The first words of the hand-on line. */
export const SENT_MARK = 'port-ci agent: sent to ';

export interface RunHandlerConfig {
  /** PORT_CLIENT_SECRET: checks Port's signature, decrypts fieldsToDecryptPaths and signs what is sent. */
  clientSecret: string;
  /** The mapping file's entries; default the built-in mapping (GITLAB, then every other agent message). */
  mapping?: Mapping;
  /** What the mapping's jq sees as `env` (port-agent's sees the process's: GITLAB_URL, trigger tokens). */
  env: Readonly<Record<string, string | undefined>>;
  /** How long one request to a backend may wait for its answer; default 30 s (port-agent's WEBHOOK_INVOKER_TIMEOUT). */
  requestTimeoutMs?: number;
  /** How long a backend that cannot be reached (nothing sent) is tried again; default 60 s. */
  unreachableDeadlineMs?: number;
  /** Values never to show anywhere, beyond the client secret (tokens of the environment, say). */
  secrets?: readonly string[];
  /** --follow: follow what a run started to its end; undefined: hand runs on and be done. */
  follow?: FollowSettings;
}

export interface RunHandlerDeps {
  port: PortClient;
  engine: JqEngine;
  clock?: RetryClock;
}

/** A record made ready to send. */
interface Prepared {
  runId: string;
  /** The message as the mapping saw it: signature headers out, fields decrypted. */
  body: Record<string, unknown>;
  entryIndex: number;
  request: MappedRequest;
  /** The invocation method's type, for people: WEBHOOK, GITLAB. */
  backend: string;
  /** The request's URL without its query, for people. */
  where: string;
}

/** What this process sent but could not yet record in Port: the retry records it instead of sending again. */
interface Unrecorded {
  update: RunUpdate | undefined;
  sentLine: string;
  status: Report['status'];
  /** What to follow, when --follow found something in the answer; `followLogged` once its line is in Port. */
  follow?: FollowTarget;
  followLogged?: boolean;
}

const MAX_UNRECORDED = 10_000;
/** Header and body field names whose values are kept out of every text (a trigger token, an API key). */
const SECRET_NAME = /token|secret|password|passwd|authorization|api[-_]?key|cookie|signature/i;

/**
 * A RunHandler for Port's agent messages (PORT-FACTS.md §2, §11): checks the signature, skips what is not for an
 * agent, applies the mapping, decrypts fieldsToDecryptPaths, sends the request and reports to Port as the mapping
 * says. Never throws for a bad message (it answers 'poison' and tells the run); throws when Port cannot be reached,
 * so the consumer does not commit the record.
 */
export function createRunHandler(config: RunHandlerConfig, deps: RunHandlerDeps): RunHandler {
  const mapping = config.mapping ?? DEFAULT_MAPPING;
  checkClientSecret(config.clientSecret, mapping);
  if (config.follow && !config.follow.gitlabToken && mappingTriggersGitLab(mapping)) {
    throw new UsageError(
      `--follow: ${mapping.source} triggers GitLab pipelines, and following one needs a token that can read it (trigger tokens cannot): set PORT_GITLAB_TOKEN or GITLAB_TOKEN to a token with read_api on those projects, or leave --follow out`,
    );
  }
  const followOne = config.follow ? createFollower(config.follow, { port: deps.port, now: () => clock.now() }) : undefined;
  /** The follows this process runs, by run: a record seen again while its run is followed here shares the follow. */
  const followingNow = new Map<string, { done: Promise<void>; signal: AbortSignal }>();
  const jq: JqContext = { engine: deps.engine, env: config.env };
  const clock = deps.clock ?? realClock;
  const requestTimeoutMs = config.requestTimeoutMs ?? 30_000;
  const unreachableDeadlineMs = config.unreachableDeadlineMs ?? 60_000;
  const unrecorded = new Map<string, Unrecorded>();
  const baseSecrets = [config.clientSecret, ...(config.secrets ?? []), ...(config.follow?.gitlabToken ? [config.follow.gitlabToken] : [])];

  return {
    async handle(value: Buffer, origin: RecordOrigin, signal: AbortSignal = new AbortController().signal): Promise<HandleResult> {
      const masker = new SecretMasker();
      for (const secret of baseSecrets) masker.add(secret);
      const masked = (result: HandleResult): HandleResult => (result.detail === undefined ? result : { ...result, detail: masker.mask(result.detail) });
      const prepared = await prepare(value, origin, masker);
      return masked('outcome' in prepared ? prepared : await deliver(prepared, origin, masker, signal));
    },
  };

  /** From the record to the request it makes: parsed, checked, mapped and decrypted; or why not (a result). */
  async function prepare(value: Buffer, origin: RecordOrigin, masker: SecretMasker): Promise<Prepared | HandleResult> {
    const keyRun = origin.key !== undefined && /^r_[A-Za-z0-9_-]+$/.test(origin.key) ? origin.key : undefined;
    let message: unknown;
    try {
      message = JSON.parse(value.toString('utf8'));
    } catch (error) {
      // V8's message may quote the text around the fault: kept short, it says where without repeating the record.
      return poison(keyRun, `the message is not JSON (${shorten((error as Error).message, 160)})`, masker);
    }
    if (!isObject(message)) return poison(keyRun, `the message is ${Array.isArray(message) ? 'a list' : `a ${message === null ? 'null' : typeof message}`}, not a run message object`, masker);
    // The change-log topic's messages (port-agent's second topic) are not runs.
    if ('changelogDestination' in message) return { outcome: 'skipped', detail: 'a catalog change-log message: this agent hands on action runs' };
    const method = invocationMethodOf(message);
    // Only the message names its run: the record's key is not signed, so it is used only to tell a run of poison.
    const runId = runIdOf(message);
    if (method.agent !== true) return { outcome: 'skipped', runId, detail: `not for an agent: payload.action.invocationMethod.agent is ${JSON.stringify(method.agent) ?? 'absent'}` };
    // Workflow node runs have their own API (/v1/workflows/nodes/runs), which this agent does not speak yet.
    if (runId?.startsWith('wfnr_')) return { outcome: 'skipped', runId, detail: 'a workflow node run: not handled by this agent yet' };
    const signed = checkSignature(message, config.clientSecret);
    if (typeof signed === 'string') return poison(runId ?? keyRun, signed, masker);
    if (!runId) return poison(keyRun, 'the message names no run (context.runId)', masker);

    let request: MappedRequest;
    let entryIndex: number | undefined;
    const body = signed.message;
    try {
      entryIndex = await selectEntry(mapping, body, jq);
      if (entryIndex === undefined) return { outcome: 'skipped', runId, detail: `no entry of ${mapping.source} is enabled for it (another agent's filter?)` };
      const entry = mapping.entries[entryIndex]!;
      decryptFields(body, entry.fieldsToDecryptPaths, config.clientSecret, masker);
      request = await buildRequest(entry, entryName(entryIndex), body, jq);
      if (mapping === DEFAULT_MAPPING && entryIndex === 0 && isObject(request.body) && (request.body.token === null || request.body.token === '')) {
        throw new MappingRunError(`${entryName(0)}: body.token`, `no trigger token: set the environment variable ${gitlabTokenVariable(method)} to the project's pipeline trigger token`);
      }
    } catch (error) {
      // A filter that never ends or a message jq cannot read fails the same way on every delivery: poison, not a retry.
      if (error instanceof MappingRunError || error instanceof PayloadError || error instanceof JqTimeoutError || error instanceof JqInputError) {
        return poison(runId, `the mapping could not be applied: ${error.message}`, masker);
      }
      throw error;
    }
    for (const [name, text] of Object.entries(request.headers)) if (SECRET_NAME.test(name)) masker.add(text);
    if (isObject(request.body)) for (const [name, item] of Object.entries(request.body)) if (SECRET_NAME.test(name) && typeof item === 'string') masker.add(item);
    return { runId, body, entryIndex, request, backend: String(method.type ?? 'WEBHOOK'), where: shownUrl(request.url) };
  }

  /** The delivery steps (see the top of this file) for a prepared request. */
  async function deliver(prepared: Prepared, origin: RecordOrigin, masker: SecretMasker, signal: AbortSignal): Promise<HandleResult> {
    const { runId, body, entryIndex, request, backend, where } = prepared;
    const left = unrecorded.get(runId);
    if (left) {
      await record(runId, left, masker);
      return withFollow({ outcome: 'handed-on', runId, detail: `${left.sentLine} (recorded on a retry)` }, left.follow, clock.now(), masker, signal);
    }

    // Both reads at once: every first delivery pays for them, so they cost one round trip, not two.
    const [run, logs] = await Promise.all([readRun(runId), deps.port.listLogs(runId).catch((error: unknown) => error as Error)]);
    if (!run) return poison(undefined, `run ${runId} does not exist in Port`, masker);
    if (run.status !== 'IN_PROGRESS') return { outcome: 'duplicate', runId, detail: `the run has ended (${run.status}): not sent` };
    if (logs instanceof Error) throw logs;
    const handedOn = logs.some((log) => log.message.startsWith(SENT_MARK));
    // A follow line comes only from the backend's answer: with or without the hand-on after it, nothing is sent again.
    if (handedOn || logs.some((log) => log.message.startsWith(FOLLOW_MARK))) {
      const detail = handedOn ? 'the run shows it was handed on already: not sent again' : 'the run shows what the backend started: not sent again';
      const earlier = findFollow(logs, request);
      if (!earlier) return { outcome: 'duplicate', runId, detail };
      if (!followOne) return { outcome: 'duplicate', runId, detail: `${detail}; its follow line is left alone (this agent runs without --follow)` };
      if ('cannot' in earlier) return { outcome: 'duplicate', runId, detail: `${detail}; not followed again: ${earlier.cannot}` };
      return withFollow({ outcome: 'duplicate', runId, detail }, earlier.target, earlier.startedAt, masker, signal);
    }
    const intent = logs.find((log) => log.message.startsWith(INTENT_MARK));
    if (intent) {
      if (hasText(run.link) || hasText(run.externalRunId) || hasText(run.summary)) {
        return { outcome: 'duplicate', runId, detail: 'the run shows the backend\'s answer (its link, externalRunId or summary): not sent again' };
      }
      return uncertain(runId, backend, where, request, intent, masker);
    }

    const delivery = `${origin.topic}/${origin.partition}/${origin.offset}`;
    await deps.port.addLog(runId, { message: masker.mask(`${INTENT_MARK} (delivery ${delivery}); sending it to ${backend} at ${where}`) });

    // Port signs what it sends with PORT_CLIENT_SECRET, and so does the agent: what the backend gets is signed over
    // its exact bytes (port-agent signs a re-serialisation with Python's separators, which a receiver must redo).
    const rawBody = JSON.stringify(request.body) ?? 'null';
    const signature = signWebhook(rawBody, config.clientSecret, clock.now() / 1000);
    masker.add(signature['X-Port-Signature']);
    const headers: Record<string, string> = { ...request.headers };
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    for (const name of Object.keys(headers)) if (/^x-port-(signature|timestamp)$/i.test(name)) delete headers[name];
    Object.assign(headers, signature);
    const sent = await sendToBackend(request.method, requestUrl(request), headers, rawBody);
    if ('notSent' in sent) {
      const reason = `${backend} at ${where} could not be reached (${sent.notSent.message}); nothing was sent`;
      await endRun(runId, { status: 'FAILURE', summary: masker.mask(`port-ci agent: ${reason}`) });
      return { outcome: 'poison', runId, detail: reason };
    }
    if ('lost' in sent) {
      const summary = `port-ci agent: the request to ${backend} at ${where} got no answer (${sent.lost.message}), so it cannot be known whether it arrived. ${lookHint(backend, request)}`;
      await endRun(runId, { status: 'FAILURE', summary: masker.mask(summary) });
      return { outcome: 'uncertain', runId, detail: `no answer from ${backend} at ${where}: the run was ended FAILURE as uncertain` };
    }

    const response = responseView(sent.response);
    const entry = mapping.entries[entryIndex]!;
    let report: Report;
    let reportProblem: string | undefined;
    try {
      report = await buildReport(entry, entryName(entryIndex), { body, request: { ...request, headers }, response }, jq);
    } catch (error) {
      if (!(error instanceof MappingRunError || error instanceof JqTimeoutError || error instanceof JqInputError)) throw error;
      // Sent already: the run is not failed for the report's sake, only told.
      reportProblem = `the report mapping failed (${error.message}); the run is left as the backend reports it`;
      report = {};
    }
    const { status, ...fields } = report;
    const update: RunUpdate | undefined = Object.keys(fields).length > 0 ? { ...fields } : undefined;
    // A run the report ends (a synchronized webhook, a report's status) has nothing left to follow.
    const found = followOne && !status ? targetFromAnswer({ ...request, headers }, response, masker) : undefined;
    const follow = found && !('nothing' in found) ? found : undefined;
    const nothing = found && 'nothing' in found ? `; nothing to follow: ${found.nothing}` : '';
    const sentLine = `${SENT_MARK}${backend} at ${where}: HTTP ${response.statusCode}${reportProblem ? `; ${reportProblem}` : ''}${nothing}`;
    const done: Unrecorded = { update, sentLine, status, ...(follow ? { follow } : {}) };
    remember(runId, done);
    await record(runId, done, masker);
    return withFollow({ outcome: 'handed-on', runId, detail: sentLine }, follow, clock.now(), masker, signal);
  }

  /** The result with its follow, when there is one to run (shared with a follow of the same run this process runs). */
  function withFollow(result: HandleResult, target: FollowTarget | undefined, startedAt: number, masker: SecretMasker, signal: AbortSignal): HandleResult {
    if (!target || !followOne || !result.runId) return result;
    const runId = result.runId;
    const detail = `${result.detail}; following ${describeTarget(target)}`;
    const running = followingNow.get(runId);
    if (running && !running.signal.aborted) return { ...result, detail, following: running.done };
    const done = followOne({ runId, target, startedAt, masker, signal }).finally(() => {
      if (followingNow.get(runId)?.done === done) followingNow.delete(runId);
    });
    followingNow.set(runId, { done, signal });
    return { ...result, detail, following: done };
  }

  /** Steps 3 and 4 of the delivery; forgotten once both are in Port. */
  async function record(runId: string, done: Unrecorded, masker: SecretMasker): Promise<void> {
    // The follow line first: once it is in Port, a crash anywhere after it leaves a run that is followed again.
    if (done.follow && !done.followLogged) {
      try {
        await deps.port.addLog(runId, { message: masker.mask(followLine(done.follow, config.follow!.pollMs, config.follow!.limitMs)) });
      } catch (error) {
        // Ended meanwhile: the follow finds that out at its first look and lets the run be.
        if (!(error instanceof ApiError && error.code === 'run_exhausted')) throw error;
      }
      done.followLogged = true;
    }
    if (done.update) {
      const update = { ...done.update };
      if (update.summary !== undefined) update.summary = masker.mask(update.summary);
      await deps.port.updateRun(runId, update);
    }
    try {
      await deps.port.addLog(runId, { message: masker.mask(done.sentLine), ...(done.status ? { terminationStatus: done.status } : {}) });
    } catch (error) {
      // Someone ended the run meanwhile (the pipeline reported, a user cancelled): their word stands.
      if (!(error instanceof ApiError && error.code === 'run_exhausted')) throw error;
    }
    unrecorded.delete(runId);
  }

  function remember(runId: string, done: Unrecorded): void {
    if (unrecorded.size >= MAX_UNRECORDED) unrecorded.delete(unrecorded.keys().next().value!);
    unrecorded.set(runId, done);
  }

  async function readRun(runId: string): Promise<PortRun | undefined> {
    try {
      return await deps.port.getRun(runId);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Ends the run FAILURE (or as given); an ended or unknown run is left as it is. Port unreachable throws. */
  async function endRun(runId: string, update: RunUpdate): Promise<boolean> {
    try {
      await deps.port.updateRun(runId, update);
      return true;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 422)) return false;
      throw error;
    }
  }

  async function poison(runId: string | undefined, reason: string, masker: SecretMasker): Promise<HandleResult> {
    if (!runId) return { outcome: 'poison', detail: reason };
    const told = await endRun(runId, { status: 'FAILURE', summary: masker.mask(`port-ci agent: ${reason}; the message was not sent`) });
    return { outcome: 'poison', runId, detail: told ? `${reason} (the run was ended FAILURE)` : `${reason} (the run had ended or does not exist: not told)` };
  }

  async function uncertain(runId: string, backend: string, where: string, request: MappedRequest, intent: RunLogEntry, masker: SecretMasker): Promise<HandleResult> {
    const summary =
      `port-ci agent: this run's message was delivered again after an interruption (the earlier delivery began sending it at ${intent.createdAt}), ` +
      `and it cannot be known whether it reached ${backend} at ${where}. It was not sent again. ${lookHint(backend, request)}`;
    await endRun(runId, { status: 'FAILURE', summary: masker.mask(summary) });
    return { outcome: 'uncertain', runId, detail: `an earlier delivery began sending it to ${backend} at ${where} and recorded no answer: the run was ended FAILURE as uncertain` };
  }

  /**
   * One request, tried again only while it cannot have arrived (connection refused, unknown host) or the
   * backend refuses with 429, until the deadline. A lost answer, a timeout or a 5xx are not retried: the backend
   * may have acted, and sending again could start the run twice.
   */
  async function sendToBackend(method: string, url: string, headers: Record<string, string>, body: string): Promise<{ response: HttpResponse } | { notSent: Error } | { lost: Error }> {
    const started = clock.now();
    for (let attempt = 0; ; attempt++) {
      let wait: number;
      let failure: { notSent: Error } | { response: HttpResponse };
      try {
        const response = await sendRequest(method, url, headers, body, requestTimeoutMs);
        if (response.status !== 429) return { response };
        failure = { response };
        wait = Math.max(serverRequestedWait(429, response.headers, clock.now()) ?? 0, backoff(attempt, { deadlineMs: unreachableDeadlineMs, baseDelayMs: 200, maxDelayMs: 10_000, attemptTimeoutMs: requestTimeoutMs }, clock.random));
      } catch (error) {
        const problem = error instanceof Error ? error : new Error(String(error));
        if (error instanceof UsageError) return { notSent: problem };
        if (mayHaveArrived(error)) return { lost: problem };
        failure = { notSent: problem };
        wait = backoff(attempt, { deadlineMs: unreachableDeadlineMs, baseDelayMs: 200, maxDelayMs: 10_000, attemptTimeoutMs: requestTimeoutMs }, clock.random);
      }
      if (clock.now() + wait > started + unreachableDeadlineMs) return failure;
      await clock.sleep(wait);
    }
  }
}

/**
 * A secret that cannot do its work fails every message the same way, so it is refused before the first one:
 * without it nothing can be checked as coming from Port, and decryption needs 32 bytes of it (PORT-FACTS.md §4).
 */
function checkClientSecret(secret: string, mapping: Mapping): void {
  if (secret === '') throw new UsageError('PORT_CLIENT_SECRET: required; the agent checks every message\'s signature with it');
  const decrypts = mapping.entries.findIndex((entry) => entry.fieldsToDecryptPaths.length > 0);
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (decrypts >= 0 && bytes < 32) {
    throw new UsageError(`PORT_CLIENT_SECRET: ${bytes} bytes, but entry ${decrypts} of ${mapping.source} decrypts fieldsToDecryptPaths, which needs at least 32 (the AES-256 key is its first 32 bytes)`);
  }
}

/** The run a message is about: context.runId (Port's run message), else run.id (the current format's trigger data). */
function runIdOf(message: Record<string, unknown>): string | undefined {
  const context = message.context;
  if (isObject(context) && typeof context.runId === 'string' && context.runId !== '') return context.runId;
  const run = message.run;
  if (isObject(run) && typeof run.id === 'string' && run.id !== '') return run.id;
  return undefined;
}

/**
 * Port signs the message with the signature headers taken out (PORT-FACTS.md §11): HMAC-SHA256 with the client
 * secret over "<timestamp>.<compact JSON>". Which JSON is not documented; port-agent checks WEBHOOK messages with
 * `headers` left in place, emptied of the two (its test data holds such a signature from Port), and GITLAB ones
 * with `headers` removed. Either form is accepted: both need the secret. The timestamp is not held to a window:
 * a message may wait in Kafka for hours while no agent runs, and Kafka, not the network, is what delivered it.
 * Returns the message as the mapping sees it (the two headers out, `headers` dropped when nothing is left), or
 * why it is refused.
 */
export function checkSignature(message: Record<string, unknown>, clientSecret: string): { message: Record<string, unknown> } | string {
  const headers = message.headers;
  if (!isObject(headers)) return 'the message carries no headers with X-Port-Signature and X-Port-Timestamp, so it cannot be checked as coming from Port';
  const signature = headers['X-Port-Signature'];
  const timestamp = headers['X-Port-Timestamp'];
  if (typeof signature !== 'string' || signature === '') return 'the message has no X-Port-Signature header, so it cannot be checked as coming from Port';
  const stamp = typeof timestamp === 'number' ? String(timestamp) : timestamp;
  if (typeof stamp !== 'string' || !/^\d{1,12}$/.test(stamp)) return 'the message\'s X-Port-Timestamp is missing or not unix seconds';
  const { 'X-Port-Signature': _signature, 'X-Port-Timestamp': _timestamp, ...rest } = headers;
  const kept = { ...message, headers: rest };
  const { headers: _headers, ...without } = message;
  const given = signature.split(' ').map((part) => Buffer.from(part.trim()));
  const matches = (candidate: Record<string, unknown>) => {
    const expected = Buffer.from(signWebhook(JSON.stringify(candidate), clientSecret, Number(stamp))['X-Port-Signature']);
    return given.some((part) => part.length === expected.length && timingSafeEqual(part, expected));
  };
  if (!matches(kept) && !matches(without)) return 'the message\'s X-Port-Signature does not match it for this agent\'s PORT_CLIENT_SECRET (not from Port, altered, or another organisation\'s secret)';
  return { message: Object.keys(rest).length > 0 ? kept : without };
}

/**
 * Replaces each encrypted value at the paths (dot paths, array items by index) with its text, in place, and
 * registers it with the masker. A path that leads nowhere is passed over, as port-agent does.
 * @throws PayloadError naming the path when the value there is not a ciphertext this secret opens.
 */
export function decryptFields(message: Record<string, unknown>, paths: readonly string[], clientSecret: string, masker: SecretMasker): void {
  for (const path of paths) {
    const parts = path.split('.');
    let holder: unknown = message;
    for (const part of parts.slice(0, -1)) holder = step(holder, part);
    const last = parts.at(-1)!;
    const value = step(holder, last);
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw new PayloadError(path, 'an encrypted string (aes256-gcm) to decrypt', `a ${Array.isArray(value) ? 'list' : typeof value}`);
    const plain = decryptSecret(value, clientSecret, path);
    masker.add(plain);
    if (Array.isArray(holder)) holder[Number(last)] = plain;
    else (holder as Record<string, unknown>)[last] = plain;
  }
}

function step(holder: unknown, part: string): unknown {
  if (Array.isArray(holder)) return /^\d+$/.test(part) ? holder[Number(part)] : undefined;
  if (isObject(holder) && Object.hasOwn(holder, part)) return holder[part];
  return undefined;
}

function shorten(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 3)}...` : text;
}

function entryName(index: number): string {
  return `mapping entry ${index}`;
}

function hasText(value: unknown): boolean {
  return (typeof value === 'string' && value !== '') || (Array.isArray(value) && value.length > 0);
}

/** Origin and path only: a query may carry a token, and the log is for people. */
function shownUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

function gitlabTokenVariable(method: Record<string, unknown>): string {
  return `${String(method.groupName ?? '').replace(/\//g, '_')}_${String(method.projectName ?? '')}`;
}

/** Where a person can see whether the request arrived. */
function lookHint(backend: string, request: MappedRequest): string {
  const gitlab = /^(.*?\/)api\/v4\/projects\/([^/]+)\/trigger\/pipeline$/.exec(shownUrl(request.url));
  if (gitlab) {
    let project = gitlab[2]!;
    try {
      project = decodeURIComponent(project);
    } catch {
      // leave it encoded
    }
    return `Look for a pipeline triggered then at ${gitlab[1]}${project}/-/pipelines?source=trigger before running the action again.`;
  }
  return `Check ${backend === 'WEBHOOK' ? 'the service behind that URL' : backend} for this run (${request.method} ${shownUrl(request.url)}) before running the action again.`;
}

function responseView(response: HttpResponse): ResponseView {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  let json: unknown = null;
  try {
    json = response.text === '' ? null : JSON.parse(response.text);
  } catch {
    json = null;
  }
  return { statusCode: response.status, headers, text: response.text, json };
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError, isObject } from '../core/index.js';
import type { JqEngine } from '../jq/engine.js';

/*
 * The agent's mapping: port-agent's `control_the_payload_config.json` (PORT-FACTS.md §11), read from port-agent's
 * own code and docs (app/core/config.py, app/invokers/webhook_invoker.py, docs "Control the payload"):
 * - a list of entries; the first whose `enabled` is true, or a jq string giving exactly true, applies;
 * - every string in url, method, headers, query, body and report is a jq expression over the message (a literal
 *   is quoted: "\"x\""); objects and arrays are walked, their strings evaluated, other JSON kept as written;
 * - a field left out keeps its default: method = invocationMethod.method or POST, url = invocationMethod.url,
 *   headers and query {}, body = the whole message;
 * - `report` is evaluated over {body: message, request, response: {statusCode, headers, text, json}}; its
 *   fields override the default report: FAILURE with a summary on a non-2xx answer, SUCCESS on a 2xx only
 *   when the invocation method is `synchronized`, else nothing.
 * Where this differs from port-agent it is stricter, and says so: a jq error in a request or report field is an
 * error naming the field (port-agent sends null in its place), an unknown field in an entry is refused (pydantic
 * drops it silently, so a typo went unnoticed), and a fieldsToDecryptPaths path that port-agent would never find
 * (a leading dot, a wildcard) is refused with the form it takes.
 */

/** The fields an entry may have, as port-agent's Mapping model has them. */
const ENTRY_FIELDS = ['enabled', 'url', 'method', 'headers', 'query', 'body', 'report', 'fieldsToDecryptPaths'] as const;
const REPORT_FIELDS = ['status', 'link', 'summary', 'externalRunId'] as const;
export const REQUEST_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export type ReportField = (typeof REPORT_FIELDS)[number];

export interface MappingEntry {
  /** true, false, or a jq expression that must give true. */
  enabled: boolean | string;
  url?: string;
  method?: string;
  /** A jq expression giving the whole object, or an object whose strings are jq. */
  headers?: string | Record<string, unknown>;
  query?: string | Record<string, unknown>;
  body?: string | Record<string, unknown>;
  report?: Partial<Record<ReportField, string>>;
  /** Dot paths from the message's root (`payload.properties.token`, `secrets.0.value`). */
  fieldsToDecryptPaths: string[];
}

export interface Mapping {
  entries: MappingEntry[];
  /** Where it came from, for messages: a file path, or "the built-in mapping". */
  source: string;
}

/**
 * The built-in mapping, port-agent's default behaviour written in its own terms: GITLAB actions trigger a
 * pipeline (PORT-FACTS.md §3: GITLAB_URL, the `{group with / as _}_{project}` token, variables through
 * tostring, port_payload; link web_url, externalRunId id), and everything else is posted to
 * invocationMethod.url with the whole message as body.
 */
export const DEFAULT_MAPPING: Mapping = {
  source: 'the built-in mapping',
  entries: [
    {
      enabled: '.payload.action.invocationMethod.type == "GITLAB"',
      url: '(env.GITLAB_URL // "https://gitlab.com/" | sub("/*$"; "/")) + "api/v4/projects/" + ((.payload.action.invocationMethod.groupName + "/" + .payload.action.invocationMethod.projectName) | @uri) + "/trigger/pipeline"',
      body: {
        // A current-format action's rendered pipelineVariables.ref first (as Port's direct GitLab dispatch picks it),
        // then the classic user input, then defaultRef.
        ref: '.payload.action.invocationMethod as $m | (if ($m.pipelineVariables | type) == "object" then $m.pipelineVariables.ref else null end) // .payload.properties.ref // $m.defaultRef // "main" | if type == "string" then . else tostring end',
        token: '.payload.action.invocationMethod as $m | env[($m.groupName | gsub("/"; "_")) + "_" + $m.projectName]',
        // A current-format action's pipelineVariables, when the message carries them, else the user's inputs.
        variables:
          '.payload.action.invocationMethod as $m | if $m.omitUserInputs then {} elif ($m.pipelineVariables | type) == "object" then $m.pipelineVariables | with_entries(.value |= tostring) else .payload.properties // {} | with_entries(.value |= tostring) end',
        port_payload: 'if .payload.action.invocationMethod.omitPayload then {} else . end',
      },
      report: { link: '.response.json.web_url', externalRunId: '.response.json.id | tostring' },
      fieldsToDecryptPaths: [],
    },
    { enabled: true, fieldsToDecryptPaths: [] },
  ],
};

/** The variable port-agent reads the mapping file's path from. */
export const MAPPING_PATH_ENV = 'CONTROL_THE_PAYLOAD_CONFIG_PATH';

/**
 * The mapping the agent runs with, as port-agent finds it: the file CONTROL_THE_PAYLOAD_CONFIG_PATH names, else
 * `control_the_payload_config.json` in `dir` when it exists (port-agent's default is that file in its working
 * folder, /app in its image, where its Helm chart mounts the chart's controlThePayloadConfig), else the built-in
 * mapping. A file replaces the built-in mapping whole, as port-agent's does (a file without a GITLAB entry
 * triggers no pipelines).
 * @throws UsageError when the named file cannot be read, or a file is not a valid mapping.
 */
export function loadMapping(env: Readonly<Record<string, string | undefined>>, dir: string = process.cwd()): Mapping {
  const named = env[MAPPING_PATH_ENV]?.trim();
  const file = named ? path.resolve(named) : path.join(dir, 'control_the_payload_config.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!named && code === 'ENOENT') return DEFAULT_MAPPING;
    throw new UsageError(`${MAPPING_PATH_ENV}: cannot read ${file} (${code ?? (error as Error).message}); expected a JSON mapping file, or leave ${MAPPING_PATH_ENV} unset for the built-in mapping`);
  }
  return parseMapping(text, file);
}

/**
 * Reads a mapping file's text (JSON: a list of entries).
 * @throws UsageError naming the entry (by position, from 0 as port-agent's list), the field and what is accepted.
 */
export function parseMapping(text: string, source: string): Mapping {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source}: not JSON (${(error as Error).message}); expected a list of mapping entries as port-agent's control_the_payload_config.json`);
  }
  if (!Array.isArray(value)) throw new UsageError(`${source}: expected a list of mapping entries ([{"enabled": true, ...}]) but found ${describe(value)}`);
  if (value.length === 0) throw new UsageError(`${source}: the list is empty, so no message would ever be sent; give at least one entry, e.g. [{"enabled": true}]`);
  return { source, entries: value.map((entry, index) => parseEntry(entry, `${source}: entry ${index}`)) };
}

function parseEntry(value: unknown, where: string): MappingEntry {
  if (!isObject(value)) throw new UsageError(`${where}: expected an object such as {"enabled": true, "url": "..."} but found ${describe(value)}`);
  for (const key of Object.keys(value)) {
    if (!(ENTRY_FIELDS as readonly string[]).includes(key)) throw new UsageError(`${where}: unknown field "${key}"; an entry takes ${ENTRY_FIELDS.join(', ')}`);
  }
  // pydantic's Mapping: a field set to null is as if left out.
  const given = (key: string) => (value[key] === null ? undefined : value[key]);
  const entry: MappingEntry = { enabled: true, fieldsToDecryptPaths: [] };
  const enabled = given('enabled');
  if (enabled !== undefined) {
    if (typeof enabled !== 'boolean' && typeof enabled !== 'string') throw new UsageError(`${where}: enabled: expected true, false or a jq expression (a string) but found ${describe(enabled)}`);
    entry.enabled = enabled;
  }
  for (const key of ['url', 'method'] as const) {
    const field = given(key);
    if (field === undefined) continue;
    if (typeof field !== 'string') throw new UsageError(`${where}: ${key}: expected a jq expression (a string; quote a literal: "\\"${key === 'url' ? 'https://...' : 'POST'}\\"") but found ${describe(field)}`);
    entry[key] = field;
  }
  for (const key of ['headers', 'query', 'body'] as const) {
    const field = given(key);
    if (field === undefined) continue;
    if (typeof field !== 'string' && !isObject(field)) throw new UsageError(`${where}: ${key}: expected a jq expression (a string) or an object whose strings are jq, but found ${describe(field)}`);
    entry[key] = field;
  }
  const report = given('report');
  if (report !== undefined) {
    if (!isObject(report)) throw new UsageError(`${where}: report: expected an object with any of ${REPORT_FIELDS.join(', ')} but found ${describe(report)}`);
    entry.report = {};
    for (const [key, field] of Object.entries(report)) {
      if (!(REPORT_FIELDS as readonly string[]).includes(key)) throw new UsageError(`${where}: report: unknown field "${key}"; report takes ${REPORT_FIELDS.join(', ')}`);
      if (field === null) continue;
      if (typeof field !== 'string') throw new UsageError(`${where}: report.${key}: expected a jq expression (a string) but found ${describe(field)}`);
      entry.report[key as ReportField] = field;
    }
  }
  const paths = given('fieldsToDecryptPaths');
  if (paths !== undefined) {
    if (!Array.isArray(paths)) throw new UsageError(`${where}: fieldsToDecryptPaths: expected a list of dot paths such as ["payload.properties.api_key"] but found ${describe(paths)}`);
    entry.fieldsToDecryptPaths = paths.map((path, index) => checkPath(path, `${where}: fieldsToDecryptPaths[${index}]`));
  }
  return entry;
}

/** A dot path as port-agent's glom reads it: names and array indexes, no leading dot, no wildcards. */
function checkPath(path: unknown, where: string): string {
  if (typeof path !== 'string' || path === '') throw new UsageError(`${where}: expected a dot path such as "payload.properties.api_key" but found ${describe(path)}`);
  if (path.startsWith('.')) throw new UsageError(`${where}: "${path}" starts with a dot; write the path from the message's root without it: "${path.replace(/^\.+/, '')}"`);
  if (/[[\]*]/.test(path)) throw new UsageError(`${where}: "${path}" uses brackets or a wildcard; name each array item by its index, as in "secrets.0.value"`);
  if (path.split('.').some((part) => part === '')) throw new UsageError(`${where}: "${path}" has an empty part; expected names and indexes separated by single dots`);
  return path;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `the ${typeof value} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}

/** A jq expression of the mapping failed: the field it sits in and jq's message. Such a message is poison. */
export class MappingRunError extends Error {
  override name = 'MappingRunError';
  constructor(
    readonly field: string,
    readonly jqMessage: string,
  ) {
    super(`${field}: ${jqMessage}`);
  }
}

export interface JqContext {
  engine: JqEngine;
  /** What `env` is in the mapping's jq (port-agent's jq sees the process's environment). */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The position of the first entry that applies to the message, or undefined when none does. An `enabled`
 * expression that fails does not apply, as in port-agent: with several agents splitting a topic by their
 * filters, a filter written for one team's messages must not stop another team's.
 */
export async function selectEntry(mapping: Mapping, message: unknown, jq: JqContext): Promise<number | undefined> {
  const filters = mapping.entries.flatMap((entry) => (typeof entry.enabled === 'string' ? [entry.enabled] : []));
  const outcomes = await jq.engine.evaluate(filters, message, { env: jq.env });
  let next = 0;
  for (const [index, entry] of mapping.entries.entries()) {
    if (typeof entry.enabled === 'boolean') {
      if (entry.enabled) return index;
      continue;
    }
    const outcome = outcomes[next++]!;
    if (outcome.kind === 'value' && outcome.value === true) return index;
  }
  return undefined;
}

/**
 * Evaluates every jq string in `templates` (each under its field name) in one jq run and returns them rebuilt:
 * strings replaced by their first output (null for none), everything else as written.
 * @throws MappingRunError naming the first field whose expression failed.
 */
export async function evaluateFields(templates: Record<string, unknown>, input: unknown, jq: JqContext, prefix: string): Promise<Record<string, unknown>> {
  const found: { field: string; filter: string }[] = [];
  const collect = (value: unknown, field: string): void => {
    if (typeof value === 'string') found.push({ field, filter: value });
    else if (Array.isArray(value)) value.forEach((item, index) => collect(item, `${field}[${index}]`));
    else if (isObject(value)) for (const [key, item] of Object.entries(value)) collect(item, `${field}.${key}`);
  };
  for (const [key, value] of Object.entries(templates)) collect(value, `${prefix}${key}`);
  const outcomes = await jq.engine.evaluate(
    found.map((each) => each.filter),
    input,
    { env: jq.env },
  );
  const failed = outcomes.findIndex((outcome) => outcome.kind === 'error');
  if (failed >= 0) throw new MappingRunError(found[failed]!.field, (outcomes[failed] as { message: string }).message);
  let next = 0;
  const rebuild = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const outcome = outcomes[next++]!;
      return outcome.kind === 'value' ? outcome.value : null;
    }
    if (Array.isArray(value)) return value.map(rebuild);
    if (isObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) Object.defineProperty(out, key, { value: rebuild(item), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return value;
  };
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(templates)) result[key] = rebuild(value);
  return result;
}

/** The request an entry builds, checked: what is sent, before signing. */
export interface MappedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Query parameters; a list repeats the parameter. */
  query: Record<string, string | string[]>;
  body: unknown;
}

/**
 * Builds the request an entry makes for a message (its fields over the defaults).
 * @throws MappingRunError for a failed expression or a result that cannot be sent (naming the field).
 */
export async function buildRequest(entry: MappingEntry, entryName: string, message: Record<string, unknown>, jq: JqContext): Promise<MappedRequest> {
  const method = invocationMethodOf(message);
  const templates: Record<string, unknown> = {};
  for (const key of ['url', 'method', 'headers', 'query', 'body'] as const) if (entry[key] !== undefined) templates[key] = entry[key];
  const mapped = await evaluateFields(templates, message, jq, `${entryName}: `);
  const pick = (key: string, fallback: unknown) => (Object.hasOwn(mapped, key) ? mapped[key] : fallback);
  const url = pick('url', method.url ?? '');
  const verb = pick('method', method.method ?? 'POST');
  const headers = pick('headers', {});
  const query = pick('query', {});
  const body = pick('body', message);
  const field = (key: string) => `${entryName}: ${key}`;
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
    throw new MappingRunError(field('url'), `gave ${describe(url)}; expected an http:// or https:// URL${entry.url === undefined ? ' (the default is the action\'s invocationMethod.url)' : ''}`);
  }
  try {
    new URL(url);
  } catch {
    throw new MappingRunError(field('url'), `gave "${url.slice(0, 120)}", which is not a URL`);
  }
  const upper = typeof verb === 'string' ? verb.toUpperCase() : verb;
  if (typeof upper !== 'string' || !(REQUEST_METHODS as readonly string[]).includes(upper)) {
    throw new MappingRunError(field('method'), `gave ${describe(verb)}; expected one of ${REQUEST_METHODS.join(', ')}`);
  }
  return { method: upper, url, headers: headerTexts(headers, field('headers')), query: queryTexts(query, field('query')), body };
}

/** Header values as text, as requests sends them; a null value leaves the header out (requests drops it too). */
function headerTexts(value: unknown, field: string): Record<string, string> {
  if (!isObject(value)) throw new MappingRunError(field, `gave ${describe(value)}; expected an object of header names and values`);
  const out: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (item === null || item === undefined) continue;
    if (typeof item === 'object') throw new MappingRunError(`${field}.${name}`, `gave ${describe(item)}; a header value is text, a number or a boolean`);
    const text = String(item);
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new MappingRunError(`${field}.${name}`, 'is not a header name (letters, digits and !#$%&\'*+.^_`|~-)');
    if (/[\r\n\0]/.test(text)) throw new MappingRunError(`${field}.${name}`, 'a header value cannot hold a line break or NUL');
    Object.defineProperty(out, name, { value: text, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function queryTexts(value: unknown, field: string): Record<string, string | string[]> {
  if (!isObject(value)) throw new MappingRunError(field, `gave ${describe(value)}; expected an object of parameter names and values`);
  const out: Record<string, string | string[]> = {};
  const text = (item: unknown, name: string): string => {
    if (item !== null && typeof item === 'object') throw new MappingRunError(`${field}.${name}`, `gave ${describe(item)}; a parameter value is text, a number or a boolean (a list repeats it)`);
    return String(item);
  };
  for (const [name, item] of Object.entries(value)) {
    if (item === null || item === undefined) continue;
    const texts = Array.isArray(item) ? item.filter((each) => each !== null).map((each) => text(each, name)) : text(item, name);
    Object.defineProperty(out, name, { value: texts, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The URL with the query parameters appended (after any the URL already has). */
export function requestUrl(request: MappedRequest): string {
  const url = new URL(request.url);
  for (const [name, value] of Object.entries(request.query)) for (const each of Array.isArray(value) ? value : [value]) url.searchParams.append(name, each);
  return url.href;
}

/** The backend's answer as the report mapping sees it (port-agent's response_to_dict). */
export interface ResponseView {
  statusCode: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

export interface Report {
  status?: 'SUCCESS' | 'FAILURE';
  link?: string | string[];
  summary?: string;
  externalRunId?: string;
}

/**
 * What the run is told after the backend answered: port-agent's defaults (FAILURE and a summary on a non-2xx
 * answer; SUCCESS on a 2xx only when synchronized), then the entry's report fields over them.
 * @throws MappingRunError for a failed expression or a value Port would refuse (naming the field).
 */
export async function buildReport(
  entry: MappingEntry,
  entryName: string,
  context: { body: Record<string, unknown>; request: MappedRequest; response: ResponseView },
  jq: JqContext,
): Promise<Report> {
  const ok = context.response.statusCode >= 200 && context.response.statusCode < 300;
  const report: Report = {};
  if (!ok) {
    report.status = 'FAILURE';
    report.summary = `Failed to invoke the webhook with status code: ${context.response.statusCode}.`;
  } else if (invocationMethodOf(context.body).synchronized === true) report.status = 'SUCCESS';
  if (!entry.report) return report;
  const mapped = await evaluateFields(entry.report, context, jq, `${entryName}: report.`);
  for (const [key, value] of Object.entries(mapped)) {
    const field = `${entryName}: report.${key}`;
    // pydantic's exclude_none: a field that gives null leaves the default as it was.
    if (value === null) continue;
    if (key === 'status') {
      const text = String(value).toUpperCase();
      if (text !== 'SUCCESS' && text !== 'FAILURE') throw new MappingRunError(field, `gave ${describe(value)}; Port takes SUCCESS or FAILURE`);
      report.status = text;
    } else if (key === 'link') {
      if (typeof value === 'string') report.link = value;
      else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) report.link = value as string[];
      else throw new MappingRunError(field, `gave ${describe(value)}; Port takes a URL or a list of URLs`);
    } else {
      // summary and externalRunId are text in Port; a number (a pipeline id) is written as its digits.
      if (typeof value === 'object') throw new MappingRunError(field, `gave ${describe(value)}; expected text (use tostring)`);
      report[key as 'summary' | 'externalRunId'] = String(value);
    }
  }
  return report;
}

/** `payload.action.invocationMethod`, or {} when the message has none. */
export function invocationMethodOf(message: unknown): Record<string, unknown> {
  const payload = isObject(message) ? message.payload : undefined;
  const action = isObject(payload) ? payload.action : undefined;
  const method = isObject(action) ? action.invocationMethod : undefined;
  return isObject(method) ? method : {};
}

/*
 * Port's request rules for the operations the sandbox serves. They come from Port's published OpenAPI operations
 * (port-api/*.json beside this project, not in the repository, so copied here): every body is an
 * `additionalProperties: false` object with typed fields and required ones. The sandbox refuses what Port
 * refuses, so a client that works against it sends nothing the real API would reject.
 */

/** An answer other than success, in Port's error shape `{ok: false, error, message}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** One field's schema: a test and what Ajv (Port's validator) would say when it fails. */
interface Check {
  test: (value: unknown) => boolean;
  says: string;
}

const isString: Check = { test: (value) => typeof value === 'string', says: 'must be string' };
const isObject: Check = {
  test: (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  says: 'must be object',
};
const TERMINAL: Check = {
  test: (value) => value === 'SUCCESS' || value === 'FAILURE',
  says: 'must be equal to one of the allowed values (SUCCESS, FAILURE)',
};
const STRING_OR_STRINGS: Check = {
  test: (value) => isString.test(value) || (Array.isArray(value) && value.every(isString.test)),
  says: 'must be string or array of strings',
};

/** An `additionalProperties: false` object schema: the allowed fields, each with its check, and the required ones. */
export interface BodyRule {
  fields: Record<string, Check>;
  required: string[];
}

/** create-an-access-token.json */
export const TOKEN_BODY: BodyRule = { fields: { clientId: isString, clientSecret: isString }, required: ['clientId', 'clientSecret'] };

/** add-a-log-to-an-action-run.json */
export const LOG_BODY: BodyRule = {
  fields: { message: isString, terminationStatus: TERMINAL, statusLabel: isString },
  required: ['message'],
};

/**
 * update-an-action-run.json, less its deprecated `message` (an object). Port still accepts that field; the
 * sandbox refuses it so the toolkit cannot come to depend on something Port is removing.
 */
export const PATCH_BODY: BodyRule = {
  fields: { status: TERMINAL, statusLabel: isString, link: STRING_OR_STRINGS, summary: isString, externalRunId: isString },
  required: [],
};

/** execute-a-self-service-action.json */
export const EXECUTE_BODY: BodyRule = { fields: { properties: isObject, entity: isString }, required: ['properties'] };

/** approve-an-action-run.json */
export const APPROVAL_BODY: BodyRule = {
  fields: {
    status: { test: (value) => value === 'APPROVE' || value === 'DECLINE', says: 'must be equal to one of the allowed values (DECLINE, APPROVE)' },
    description: isString,
  },
  required: ['status'],
};

/** Port's body limit; larger bodies get 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The query limits of get-an-actions-run-logs.json. */
export const LOGS_LIMIT = { min: 1, max: 50 };

/** Port's answer to a request its route schema refuses. */
export function invalid(message: string): HttpError {
  return new HttpError(422, 'invalid_request', message);
}

/** Checks a parsed JSON body against a rule and returns it as an object, or throws Port's 422. */
export function checkBody(body: unknown, rule: BodyRule): Record<string, unknown> {
  if (!isObject.test(body)) throw invalid('body must be object');
  const fields = body as Record<string, unknown>;
  for (const name of rule.required) {
    if (!Object.hasOwn(fields, name)) throw invalid(`body must have required property '${name}'`);
  }
  for (const [name, value] of Object.entries(fields)) {
    const check = Object.hasOwn(rule.fields, name) ? rule.fields[name] : undefined;
    if (!check) throw invalid(`body must NOT have additional property '${name}'`);
    if (!check.test(value)) throw invalid(`body/${name} ${check.says}`);
  }
  return fields;
}

/** Reads an optional whole-number query parameter within bounds, or throws Port's 422. */
export function queryNumber(query: URLSearchParams, name: string, bounds: { min: number; max?: number }): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < bounds.min || (bounds.max !== undefined && value > bounds.max)) {
    throw invalid(`querystring/${name} must be a number from ${bounds.min}${bounds.max === undefined ? '' : ` to ${bounds.max}`}`);
  }
  return value;
}

/**
 * Reads an optional boolean query parameter, or throws Port's 422. Absent, it is `fallback`: Port's routes fill
 * a missing parameter from its schema default (Ajv's useDefaults, as Fastify runs it), which is how a parameter
 * such as upsert or delete_dependents can be both required and left out.
 */
export function queryBoolean(query: URLSearchParams, name: string): boolean | undefined;
export function queryBoolean(query: URLSearchParams, name: string, fallback: boolean): boolean;
export function queryBoolean(query: URLSearchParams, name: string, fallback?: boolean): boolean | undefined {
  const text = query.get(name);
  if (text === null) return fallback;
  if (text === 'true' || text === 'false') return text === 'true';
  throw invalid(`querystring/${name} must be boolean`);
}

/** Reads a repeatable query parameter whose values must come from a list, or throws Port's 422. */
export function queryList(query: URLSearchParams, name: string, allowed?: readonly string[]): string[] | undefined {
  const values = query.getAll(name);
  if (values.length === 0) return undefined;
  values.forEach((value, index) => {
    if (allowed && !allowed.includes(value)) throw invalid(`querystring/${name}/${index} must be equal to one of the allowed values (${allowed.join(', ')})`);
  });
  return values;
}


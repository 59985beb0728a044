import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { root } from './cli.js';

/*
 * Port's published response schemas (../shared/port-api, beside the repository) as Ajv validators, for tests
 * that check the sandbox answers what Port documents. Two adjustments, both stated here:
 *   - the "circular()" placeholders the publication leaves deep inside search-rule schemas become {};
 *   - an entity object may also carry blueprint, createdAt, createdBy, updatedAt and updatedBy, which Port's
 *     answers do carry (its own GitHub action reads `entity.blueprint` from GET; its search docs show the
 *     timestamps) though the published entity schema lists six fields with additionalProperties false.
 *     Nothing else is let through.
 */

export const PORT_API_DIR = path.resolve(root, '..', 'shared', 'port-api');
export const haveSchemas = existsSync(PORT_API_DIR);

const META = { blueprint: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' }, createdBy: { type: 'string' }, updatedAt: { type: 'string', format: 'date-time' }, updatedBy: { type: 'string' } };

function widenEntities(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(widenEntities);
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, any>;
  const properties = schema.properties;
  if (properties && typeof properties === 'object' && 'identifier' in properties && 'relations' in properties && 'properties' in properties && schema.additionalProperties === false) {
    Object.assign(properties, META);
  }
  Object.values(schema).forEach(widenEntities);
}

const cache = new Map<string, ValidateFunction>();

/** The validator of operation `file`'s answer with `status`; throws when the operation documents no such answer. */
export function responseSchema(file: string, status: number): ValidateFunction {
  const key = `${file} ${status}`;
  const known = cache.get(key);
  if (known) return known;
  const operation = JSON.parse(readFileSync(path.join(PORT_API_DIR, `${file}.json`), 'utf8')) as { responses: Record<string, any> };
  const documented = operation.responses[String(status)]?.content?.['application/json']?.schema;
  if (!documented) throw new Error(`${file} documents no ${status} answer (it documents ${Object.keys(operation.responses).join(', ')})`);
  const schema = JSON.parse(JSON.stringify(documented).replaceAll('"circular()"', '{}'));
  widenEntities(schema);
  const require = createRequire(import.meta.url);
  const Ajv = require('ajv').default as typeof import('ajv').default;
  const addFormats = require('ajv-formats').default as (ajv: InstanceType<typeof Ajv>) => void;
  const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  cache.set(key, validate);
  return validate;
}

/** Ajv's complaints about an answer, one per line; empty when it matches operation `file`'s schema for its status. */
export function schemaErrors(file: string, status: number, body: unknown): string {
  const validate = responseSchema(file, status);
  return validate(body) ? '' : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`).join('\n');
}

import { isObject } from './json.js';
import type { ActionFormat, JsonObject } from './types.js';

// Apart from action-v2.ts because it needs neither ajv nor Port's schema: the action bundles may import it from
// the core index without paying for either.

/** invocationMethod fields that exist only in the current format: with no trigger beside them, it is neither. */
const V2_ONLY_FIELDS = [
  'workflowInputs',
  'pipelineVariables',
  'body',
  'headers',
  'payload',
  'installationId',
  'integrationActionType',
  'integrationActionExecutionProperties',
  'webhook',
  'mapping',
  'blueprintIdentifier',
];
const V2_ONLY_BACKENDS = ['INTEGRATION_ACTION', 'UPSERT_ENTITY', 'AZURE_DEVOPS'];

/**
 * Says which of Port's formats a definition is written in, without validating it:
 * - `v2` when `trigger` is an object (the current format always has one);
 * - `legacy` when `trigger` is a string, or absent beside a classic `invocationMethod` object or a top-level
 *   `userInputs` (the classic format makes trigger optional);
 * - null otherwise: not an object; a trigger that is neither string nor object; no trigger and nothing classic;
 *   or no trigger beside an invocationMethod written in the current format (its trigger is missing, and the
 *   classic checks would only call its fields unknown).
 */
export function actionFormat(raw: unknown): ActionFormat | null {
  if (!isObject(raw)) return null;
  const { trigger, invocationMethod, userInputs } = raw;
  if (isObject(trigger)) return 'v2';
  if (typeof trigger === 'string') return 'legacy';
  if (trigger !== undefined) return null;
  if (isObject(invocationMethod)) return currentFormatFields(invocationMethod).length > 0 ? null : 'legacy';
  return invocationMethod === undefined && isObject(userInputs) ? 'legacy' : null;
}

/** The current-format fields (and backend) an invocationMethod has, by name. */
export function currentFormatFields(method: JsonObject): string[] {
  const fields = V2_ONLY_FIELDS.filter((field) => Object.hasOwn(method, field));
  return V2_ONLY_BACKENDS.includes(method.type as string) ? [`type ${String(method.type)}`, ...fields] : fields;
}

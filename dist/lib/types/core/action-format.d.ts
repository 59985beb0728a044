import type { ActionFormat, JsonObject } from './types.js';
/**
 * Says which of Port's formats a definition is written in, without validating it:
 * - `v2` when `trigger` is an object (the current format always has one);
 * - `legacy` when `trigger` is a string, or absent beside a classic `invocationMethod` object or a top-level
 *   `userInputs` (the classic format makes trigger optional);
 * - null otherwise: not an object; a trigger that is neither string nor object; no trigger and nothing classic;
 *   or no trigger beside an invocationMethod written in the current format (its trigger is missing, and the
 *   classic checks would only call its fields unknown).
 */
export declare function actionFormat(raw: unknown): ActionFormat | null;
/** The current-format fields (and backend) an invocationMethod has, by name. */
export declare function currentFormatFields(method: JsonObject): string[];

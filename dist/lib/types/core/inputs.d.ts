import type { UserInputSpec, UserInputsSchema } from './types.js';
export declare function checkInputId(id: string, path: string): void;
export declare function isSecretInput(spec: UserInputSpec | undefined): boolean;
/** The ids of the inputs a schema marks secret. */
export declare function secretInputIds(schema: UserInputsSchema | undefined): string[];
/**
 * Types back one isolated input. GitHub workflow inputs and GitLab variables carry every value as text
 * (PORT-FACTS.md §3: numbers and booleans as their text, objects and arrays as compact JSON); the action's
 * schema says what it was. Without a schema the text is kept as it is.
 * An empty text for a non-string input means "not given" (GitHub fills undeclared optional inputs with "").
 * @returns the typed value, or undefined when the input was not given.
 * @throws PayloadError naming `path` when the text cannot be the declared type.
 */
export declare function typeInputText(text: string, spec: UserInputSpec | undefined, path: string): unknown;
export interface MergeInputsArgs {
    /** Typed values from the payload (`payload.properties`), or undefined when the payload was omitted. */
    fromPayload: Record<string, unknown> | undefined;
    /** Text values delivered one by one (workflow inputs, pipeline variables). */
    isolated: Record<string, string>;
    schema: UserInputsSchema | undefined;
    secretIds: ReadonlySet<string>;
    payloadPath: string;
    isolatedPath: string;
}
/**
 * Joins the payload's inputs and the isolated ones. The payload's typed value wins; when the isolated copy
 * says something else, a warning says so rather than dropping the difference silently. A bad isolated value
 * is an error only when it is the sole copy.
 */
export declare function mergeInputs(args: MergeInputsArgs): {
    inputs: Record<string, unknown>;
    warnings: string[];
};

import type { PayloadEnvelope, RunContext, UserInputsSchema } from './types.js';
/** Whether a text can be a Port run id (see RUN_ID). */
export declare function isRunId(text: string): boolean;
/**
 * A run id handed over outside the payload: the run id itself (`value`, such as the root action's `run-id`
 * input), or the name of the isolated input that holds it (`input`, such as `port-ci context --run-id-from`).
 * `source` names it in messages. It wins over a run id in the payload; when the two differ, a warning says so.
 */
export type RunIdSource = {
    value: string;
    source: string;
} | {
    input: string;
    source: string;
};
export interface ParseOptions {
    /** Text inputs delivered beside the payload, in addition to those the envelope holds itself. */
    isolatedInputs?: Record<string, string>;
    /**
     * The action's `userInputs` when known from elsewhere (an action file). The payload's own copy, which is
     * what Port validated the run against, is preferred when both exist.
     */
    userInputs?: UserInputsSchema;
    /**
     * What wrapped the payload, when the caller knows: GitHub event inputs of an omitPayload run hold no
     * `port_payload`, so their shape alone cannot tell.
     */
    envelope?: PayloadEnvelope;
    /** Where else the run id comes from (see RunIdSource). An empty value or input is no run id. */
    runId?: RunIdSource;
}
/**
 * Reads whatever Port handed the job and returns the one normalised RunContext.
 *
 * Accepts, as an object or its JSON text: the classic `port_payload` message; a v2 `port_context` object;
 * the body Port's agent sends to GitLab (`{ref, variables, port_payload}`, as in `$TRIGGER_PAYLOAD`); and
 * GitHub workflow_dispatch inputs (`port_payload` / `port_context` as JSON text beside the isolated inputs)
 * or a whole workflow_dispatch event holding them. Isolated inputs are typed with the action's schema.
 * A port_context holds its run id under `runId` or `run_id`; `options.runId` may give it from elsewhere, and
 * then wins (a different run id in the payload is a warning).
 *
 * @throws PayloadError naming the field and what was expected, for text that is not JSON, a payload over
 * 1 MiB, a shape that is none of the above, a field of the wrong type, a port_context with no run id from
 * anywhere, or a run id that is not one.
 */
export declare function parsePayload(raw: unknown, options?: ParseOptions): RunContext;
/**
 * Finds the run id in whatever Port handed over, without judging the rest: a face that cannot parse a payload
 * still has a run to end FAILURE, rather than leaving it IN_PROGRESS. Never throws.
 */
export declare function peekRunId(raw: unknown): string | null;
/**
 * The `userInputs` of an action definition given as JSON text (an action file, an action input), for typing the
 * isolated inputs of a run that carries no definition (omitPayload, or any v2 run). Both formats: the classic
 * definition keeps them beside `trigger: "CREATE" | "DAY-2" | "DELETE"` (none there means no inputs); the
 * current one under `trigger.userInputs` of a `{type: "self-service"}` trigger (Port's schema requires them,
 * but a docs example leaves them out, so a self-service trigger without them means no inputs too).
 * @throws PayloadError naming `source` when the text is neither format: not an object, no or another trigger,
 * an automation (which has no userInputs), or userInputs that are not an object.
 */
export declare function userInputsOf(text: string, source: string): UserInputsSchema;

import type { ActionDefinition, JsonObject } from './types.js';
export interface RunMessageArgs {
    action: ActionDefinition;
    /** The user's inputs, validated, defaults applied, secret ones already encrypted. */
    properties: Record<string, unknown>;
    /** Null only in a plan shown before any run exists (a dry run without --run-id): Port fills in the run it creates. */
    runId: string | null;
    /** Who ran it. Port fills names and ids from the user's profile; here they are what the caller knows. */
    user: {
        email?: string;
        userId?: string;
        orgId?: string;
        firstName?: string;
        lastName?: string;
    };
    /** The entity a DAY-2 or DELETE action runs on; null for CREATE. */
    entity: JsonObject | null;
    /** When, as ISO 8601; given so that a plan is reproducible. */
    at: string;
    origin?: 'UI' | 'API';
}
/**
 * The classic run message Port hands a backend (PORT-FACTS.md §2): the same shape a workflow reads with
 * `fromJson(inputs.port_payload).context.runId` or `.payload.properties.<id>`.
 */
export declare function buildRunMessage(args: RunMessageArgs): JsonObject;

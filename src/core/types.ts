/** Shapes of Port's action definitions and run messages (PORT-FACTS.md §1–2), as far as port-ci reads them. */

export type JsonObject = { [key: string]: unknown };

/** One entry of `userInputs.properties`. Only the keywords port-ci acts on are typed; the rest pass through. */
export interface UserInputSpec {
  type?: string;
  format?: string;
  blueprint?: string;
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: UserInputSpec;
  /** Present on secret inputs: Port encrypts their value before it leaves Port. */
  encryption?: string;
  [keyword: string]: unknown;
}

export interface UserInputsSchema {
  properties?: Record<string, UserInputSpec>;
  required?: string[];
  order?: string[];
  [keyword: string]: unknown;
}

export interface InvocationMethod {
  type: string;
  [field: string]: unknown;
}

export interface ActionDefinition {
  identifier: string;
  title?: string;
  trigger?: string;
  description?: string;
  userInputs?: UserInputsSchema;
  invocationMethod?: InvocationMethod;
  [field: string]: unknown;
}

/** Which Port convention carried the run. `none` is a run sent with omitPayload: only isolated inputs arrived. */
export type PayloadFormat = 'classic' | 'port_context' | 'none';

/**
 * What wrapped the payload: the message itself (`bare`), GitHub workflow_dispatch inputs (`github_inputs`:
 * `port_payload` or `port_context` as JSON strings beside the isolated inputs) or the body Port's agent sends
 * to GitLab's trigger API (`gitlab_trigger`: `{ref, variables, port_payload}`).
 */
export type PayloadEnvelope = 'bare' | 'github_inputs' | 'gitlab_trigger';

export interface RunTrigger {
  origin: string | null;
  at: string | null;
  operation: string | null;
  userEmail: string | null;
  userId: string | null;
  orgId: string | null;
}

/** The one normalised view of a run that every face (action, templates, CLI) works from. */
export interface RunContext {
  format: PayloadFormat;
  envelope: PayloadEnvelope;
  /** Port's run id; null when the payload was omitted, and then nothing can be reported. */
  runId: string | null;
  action: string | null;
  blueprint: string | null;
  entityIdentifier: string | null;
  entity: JsonObject | null;
  trigger: RunTrigger;
  /** The user's inputs, typed. Secret inputs hold ciphertext until decrypted. */
  inputs: Record<string, unknown>;
  /** Ids of inputs whose values are secret: mask them wherever they could be shown. */
  secretInputs: string[];
  /** The git ref GitLab was asked to run, when the envelope says it. */
  ref: string | null;
  /** The `userInputs` schema the inputs were typed with: the payload's own, else the one given separately. */
  inputSchema: UserInputsSchema | null;
  /** The action definition when the payload carried one (classic payloads usually do). */
  actionDefinition: ActionDefinition | null;
  /** Things the user should know that did not stop parsing, such as an input whose two copies disagree. */
  warnings: string[];
}

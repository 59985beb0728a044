/** Shapes of Port's action definitions and run messages (PORT-FACTS.md §1–2), as far as port-ci reads them. */
export type JsonObject = {
    [key: string]: unknown;
};
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
export interface V2UserInputs {
    properties?: Record<string, UserInputSpec>;
    /** Input ids, or a jq query over the form's inputs that yields them. */
    required?: string[] | {
        jqQuery: string;
    };
    order?: string[];
    steps?: Array<{
        title: string;
        order?: string[];
        visible?: unknown;
    }>;
    /** Section titles, keyed by the id `order` places them with. */
    titles?: Record<string, JsonObject>;
}
export interface V2SelfServiceTrigger {
    type: 'self-service';
    operation: 'CREATE' | 'DAY-2' | 'DELETE';
    blueprintIdentifier?: string;
    userInputs?: V2UserInputs;
    /** DAY-2 and DELETE only: which entities the action is offered on. */
    condition?: JsonObject;
    actionCardButtonText?: string;
    executeActionButtonText?: string;
}
export type V2EntityEventType = 'ENTITY_CREATED' | 'ENTITY_UPDATED' | 'ENTITY_DELETED' | 'ANY_ENTITY_CHANGE' | 'TIMER_PROPERTY_EXPIRED';
export type V2RunEventType = 'RUN_CREATED' | 'RUN_UPDATED' | 'ANY_RUN_CHANGE';
export interface V2AutomationTrigger {
    type: 'automation';
    event: {
        type: V2EntityEventType;
        blueprintIdentifier: string;
        propertyIdentifier?: string;
    } | {
        type: V2RunEventType;
        actionIdentifier: string;
    };
    /** jq expressions over the event; `combinator` says whether all or one must hold. */
    condition?: {
        type: 'JQ';
        expressions: string[];
        combinator?: 'and' | 'or';
    };
}
export type V2Trigger = V2SelfServiceTrigger | V2AutomationTrigger;
export interface V2GitHubMethod {
    type: 'GITHUB';
    org: string;
    repo: string;
    workflow: string;
    workflowInputs?: JsonObject;
    /** A boolean, or a template that renders to one. */
    reportWorkflowStatus?: boolean | string;
}
export interface V2GitLabMethod {
    type: 'GITLAB';
    projectName: string;
    groupName: string;
    defaultRef?: string;
    pipelineVariables?: JsonObject;
}
export interface V2WebhookMethod {
    type: 'WEBHOOK';
    url: string;
    agent?: boolean | string;
    synchronized?: boolean | string;
    method?: string;
    headers?: Record<string, string>;
    body?: unknown;
}
export interface V2KafkaMethod {
    type: 'KAFKA';
    payload?: unknown;
}
/** GitHub through Port's Ocean integration (`dispatch_workflow`): the GitHub fields move one level down. */
export interface V2IntegrationActionMethod {
    type: 'INTEGRATION_ACTION';
    installationId: string;
    integrationActionType: 'dispatch_workflow';
    integrationActionExecutionProperties: {
        org: string;
        repo: string;
        workflow: string;
        workflowInputs?: JsonObject;
        reportWorkflowStatus?: boolean | string;
    };
}
export interface V2UpsertEntityMethod {
    type: 'UPSERT_ENTITY';
    blueprintIdentifier: string;
    mapping: JsonObject;
}
export interface V2AzureDevOpsMethod {
    type: 'AZURE_DEVOPS';
    webhook: string;
    org: string;
    payload?: unknown;
}
export type V2InvocationMethod = V2GitHubMethod | V2GitLabMethod | V2WebhookMethod | V2KafkaMethod | V2IntegrationActionMethod | V2UpsertEntityMethod | V2AzureDevOpsMethod;
export interface V2Action {
    identifier: string;
    title?: string;
    icon?: string;
    description?: string;
    trigger: V2Trigger;
    invocationMethod: V2InvocationMethod;
    requiredApproval?: boolean | {
        type: 'ANY' | 'ALL';
    };
    approvalNotification?: JsonObject;
    publish?: boolean;
    allowAnyoneToViewRuns?: boolean;
    /** Read-only fields Port adds when it returns a definition (GET /v1/actions, the UI's JSON view). */
    createdBy?: string;
    updatedBy?: string;
    createdAt?: string;
    updatedAt?: string;
}
/** Which of Port's two definition formats an object is written in. */
export type ActionFormat = 'legacy' | 'v2';
/** A definition validated in whichever format it is written in. */
export type AnyAction = {
    format: 'legacy';
    action: ActionDefinition;
} | {
    format: 'v2';
    action: V2Action;
};

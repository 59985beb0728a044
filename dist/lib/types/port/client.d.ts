import { SecretMasker, type RunUpdate, type TerminalStatus } from '../core/index.js';
export type { RunUpdate, RunLogEntry };
import { type RetryClock, type RetryPolicy } from '../http/retry.js';
import { type RunLogEntry } from './lost-logs.js';
import type { OutageMemory } from './outage.js';
import { type TokenGrant } from './token.js';
export declare const DEFAULT_BASE_URL: string;
/** PORT_BASE_URL may be a URL or a region shortcut (`eu`, `us`). */
export declare function resolveBaseUrl(value: string | undefined): string;
export interface PortClientOptions {
    baseUrl: string;
    clientId?: string;
    clientSecret?: string;
    /** A token an earlier step or process already got, so this one does not authenticate again. */
    token?: TokenGrant;
    /** Hears of every new token, so a face can hand it on (GITHUB_ENV) to later steps. */
    onToken?: (grant: TokenGrant) => void;
    /** Hears of each retry, for a debug line. */
    onRetry?: (what: string, attempt: number, waitMs: number, reason: string) => void;
    policy?: Partial<RetryPolicy>;
    clock?: RetryClock;
    /**
     * Applied to every text of a log or run update before it leaves, to keep secrets out of Port, where no runner
     * masks anything. A log stream over this client also masks its lines with it, and learns add-mask values.
     */
    masker?: SecretMasker;
    /** What the job knows of Port being unreachable (outage.ts): while it is marked, each call makes one quick attempt. */
    outage?: OutageMemory;
    /** Hears Port's rate-limit headers on every answer that has them, so a bulk operation can pace itself. */
    onRateLimit?: (state: RateLimitState) => void;
}
/** Port's rate-limit headers (x-ratelimit-limit, -remaining, -reset, -period), as of one answer. */
export interface RateLimitState {
    limit: number;
    remaining: number;
    /** Seconds until the window resets. */
    resetSeconds: number;
    periodSeconds?: number;
    /** When the answer arrived (the client's clock), which resetSeconds counts from. */
    at: number;
}
/** Options of Port's entity write routes (create-an-entity.json, create-multiple-entities.json). */
export interface EntityWriteOptions {
    /** Replace an entity that exists (upsert=true); without it an existing identifier is a 409. */
    upsert?: boolean;
    /** With upsert: update only the fields given, keeping the rest (merge=true). */
    merge?: boolean;
    createMissingRelatedEntities?: boolean;
    validationOnly?: boolean;
    /** Lists the entity among this run's affected entities (only while the run is in progress). */
    runId?: string;
}
/** One call of the bulk route: what was written and what was refused, entity by entity (200 or 207). */
export interface BulkAnswer {
    entities: Array<{
        identifier: string;
        index: number;
        created: boolean;
    }>;
    errors: Array<{
        identifier: string;
        index: number;
        statusCode: number;
        error: string;
        message: string;
    }>;
}
export interface SearchPage {
    entities: Record<string, unknown>[];
    /** The cursor of the next page; undefined on the last. */
    next?: string;
}
export interface LogEntry {
    message: string;
    terminationStatus?: TerminalStatus;
    statusLabel?: string;
}
export interface PortRun {
    id: string;
    status: string;
    [field: string]: unknown;
}
/**
 * Port's REST API for action runs (PORT-FACTS.md §5). One token per client, renewed once when Port answers
 * 401; every call under the retry policy; failures as ApiError with Port's status, error code and trace id.
 * The token and the client secret never appear in an error.
 */
export declare class PortClient {
    #private;
    private readonly options;
    readonly baseUrl: string;
    /** What this client keeps out of Port (see PortClientOptions.masker). */
    readonly masker: SecretMasker;
    constructor(options: PortClientOptions);
    /** How many times this client asked Port for a token. */
    get authCount(): number;
    get canAuthenticate(): boolean;
    /** A token that is not near its end: the one held, else a new one. */
    accessToken(): Promise<string>;
    /**
     * Adds an entry to the run's log, once, its message and label masked: when an answer is lost, the log is looked
     * for before it is sent again, and a run-ending entry refused as a second end is checked to be the one that
     * ended the run (lost-logs.ts). `masked`: the message is lines a LogStream over this client already masked one
     * by one (before cutting long ones), so they are not scanned twice.
     */
    addLog(runId: string, entry: LogEntry, options?: {
        masked?: boolean;
    }): Promise<Record<string, unknown>>;
    /**
     * Every entry of the run's log, oldest first, page by page (Port lists at most 50 a call).
     * @throws ApiError as every call does; with status 200 when Port's answer lacks the entries.
     */
    listLogs(runId: string): Promise<RunLogEntry[]>;
    /** Updates the run, every text in it (summary, label, links, external id) masked. */
    updateRun(runId: string, update: RunUpdate): Promise<Record<string, unknown>>;
    getRun(runId: string): Promise<PortRun>;
    /**
     * Executes an action as Port's UI would: Port creates the run and triggers the backend itself. Not idempotent:
     * only a 429 (a refusal) is retried, never a lost answer, which may have started a run.
     */
    createRun(action: string, request: {
        properties: Record<string, unknown>;
        entity?: string;
    }, runAs?: string): Promise<PortRun>;
    /** An action or automation definition as Port holds it (either format), for dispatching it by identifier. */
    getAction(identifier: string): Promise<Record<string, unknown>>;
    /** An entity of the catalog, as templates see it in `.entity`. */
    getEntity(blueprint: string, identifier: string): Promise<Record<string, unknown>>;
    /** Creates or (with upsert) replaces or merges one entity; answers the entity as Port stored it. */
    writeEntity(blueprint: string, entity: Record<string, unknown>, options?: EntityWriteOptions): Promise<Record<string, unknown>>;
    /**
     * Writes 1 to 20 entities of one blueprint in one call. Port answers 200 when all were written and 207 when
     * some were refused; either way the answer says which, entity by entity.
     * @throws ApiError when the whole call is refused (a 4xx or 5xx), as every call does.
     */
    bulkWriteEntities(blueprint: string, entities: Record<string, unknown>[], options?: EntityWriteOptions): Promise<BulkAnswer>;
    /** Deletes an entity; Port refuses one that others depend on unless deleteDependents is set. */
    deleteEntity(blueprint: string, identifier: string, options?: {
        deleteDependents?: boolean;
        runId?: string;
    }): Promise<void>;
    /** One page of a blueprint's entities matching a query (search-a-blueprints-entities.json). */
    searchBlueprintEntities(blueprint: string, request: {
        query?: Record<string, unknown>;
        include?: string[];
        limit?: number;
        from?: string;
    }): Promise<SearchPage>;
    /** Every entity of any blueprint matching the query (search-entities.json: one answer, no pages). */
    searchEntities(query: Record<string, unknown>, include?: string[]): Promise<Record<string, unknown>[]>;
    /** Runs as GET /v1/actions/runs lists them (by external run id, action, entity, active). */
    listRuns(query: Record<string, string>): Promise<PortRun[]>;
    /** Approves or declines a run waiting for approval. */
    approveRun(runId: string, status: 'APPROVE' | 'DECLINE', description?: string): Promise<void>;
    /**
     * The Kafka brokers and SASL credentials Port hands an organisation's execution agent (GET /v1/kafka-credentials,
     * as port-agent asks). The password is added to the masker. Throws ApiError when Port refuses or answers
     * without them.
     */
    getKafkaCredentials(): Promise<{
        brokers: string[];
        username: string;
        password: string;
    }>;
}

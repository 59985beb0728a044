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
    /**
     * Any call of Port's API with the client's token, retries and errors: for the API's other rooms (the catalog's
     * calls are in src/catalog/port-api.ts, so an action step that only logs does not carry them).
     * @param idempotent false for a call that must not be repeated after a lost answer (only a 429 is waited out).
     */
    request(method: string, path: string, body: unknown, what: string, idempotent?: boolean): Promise<Record<string, unknown>>;
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

import { UsageError, type TerminalStatus } from '../core/index.js';
import { ApiError } from './errors.js';
import { sendRequest } from './http.js';

const REGIONS: Record<string, string> = {
  eu: 'https://api.getport.io',
  us: 'https://api.us.port.io',
};
export const DEFAULT_BASE_URL = REGIONS.eu!;

/** PORT_BASE_URL may be a URL or a region shortcut (`eu`, `us`). */
export function resolveBaseUrl(value: string | undefined): string {
  const text = (value ?? '').trim();
  if (text === '') return DEFAULT_BASE_URL;
  const region = REGIONS[text.toLowerCase()];
  if (region) return region;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`PORT_BASE_URL: "${text}" is not a URL; expected https://... or a region (eu, us)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`PORT_BASE_URL: "${text}" is not an http(s) URL; expected https://... or a region (eu, us)`);
  }
  return url.href.replace(/\/+$/, '');
}

export interface PortClientOptions {
  baseUrl: string;
  clientId?: string;
  clientSecret?: string;
  /** A token an earlier step already got, so this one does not authenticate again. */
  accessToken?: string;
}

export interface LogEntry {
  message: string;
  terminationStatus?: TerminalStatus;
  statusLabel?: string;
}

export interface RunUpdate {
  status?: TerminalStatus;
  statusLabel?: string;
  link?: string | string[];
  summary?: string;
  externalRunId?: string;
}

/** Port's REST API for runs (PORT-FACTS.md §5): one token per client, reused for every call. */
export class PortClient {
  #token: string | undefined;

  constructor(private readonly options: PortClientOptions) {
    this.#token = options.accessToken;
  }

  async accessToken(): Promise<string> {
    if (this.#token) return this.#token;
    const { clientId, clientSecret } = this.options;
    if (!clientId || !clientSecret) throw new UsageError('Port credentials missing: set PORT_CLIENT_ID and PORT_CLIENT_SECRET');
    const body = await this.#call('POST', '/v1/auth/access_token', { clientId, clientSecret }, false);
    if (typeof body.accessToken !== 'string') throw new ApiError('Port answered the token request without accessToken', 200);
    this.#token = body.accessToken;
    return body.accessToken;
  }

  addLog(runId: string, entry: LogEntry): Promise<Record<string, unknown>> {
    return this.#call('POST', `/v1/actions/runs/${encodeURIComponent(runId)}/logs`, entry);
  }

  updateRun(runId: string, update: RunUpdate): Promise<Record<string, unknown>> {
    return this.#call('PATCH', `/v1/actions/runs/${encodeURIComponent(runId)}`, update);
  }

  getRun(runId: string): Promise<Record<string, unknown>> {
    return this.#call('GET', `/v1/actions/runs/${encodeURIComponent(runId)}`);
  }

  async #call(method: string, path: string, body?: unknown, authorized = true): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (authorized) headers.authorization = `Bearer ${await this.accessToken()}`;
    let response;
    try {
      response = await sendRequest(method, `${this.options.baseUrl}${path}`, headers, body === undefined ? undefined : JSON.stringify(body));
    } catch (error) {
      throw new ApiError(`Port could not be reached at ${this.options.baseUrl} (${(error as Error).message})`, null);
    }
    const traceId = (response.headers['x-trace-id'] as string | undefined) ?? null;
    let parsed: Record<string, unknown> = {};
    try {
      parsed = response.text ? (JSON.parse(response.text) as Record<string, unknown>) : {};
    } catch {
      parsed = {};
    }
    if (response.status >= 400) {
      const detail = [parsed.error, parsed.message].filter((part) => typeof part === 'string').join(': ');
      throw new ApiError(
        `Port answered ${response.status} to ${method} ${path}${detail ? `: ${detail}` : ''}${traceId ? ` (trace id ${traceId})` : ''}`,
        response.status,
        traceId,
      );
    }
    return parsed;
  }
}

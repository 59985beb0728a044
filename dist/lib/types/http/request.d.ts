import http from 'node:http';
export interface HttpResponse {
    status: number;
    headers: http.IncomingHttpHeaders;
    text: string;
}
/**
 * Sends one request and reads the whole answer as text, through the proxy the environment names for the URL
 * (proxy.ts). Network failures reject with the system's error; a proxy that cannot be reached or refuses
 * rejects with a ProxyError naming it; a proxy variable that holds no proxy URL rejects with a UsageError.
 */
export declare function sendRequest(method: string, url: string, headers: Record<string, string>, body: string | undefined, timeoutMs?: number): Promise<HttpResponse>;

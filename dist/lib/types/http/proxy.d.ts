import https from 'node:https';
import type { Duplex } from 'node:stream';
/** A proxy to send a request through, as read from the environment. */
export interface HttpProxy {
    /** The proxy without credentials, as every message names it: `http://proxy.example:3128`. */
    readonly url: string;
    /** Host to connect to (an IPv6 address without brackets). */
    readonly host: string;
    readonly port: number;
    /** `Basic ...` when the proxy URL carries a user and password; never shown. */
    readonly authorization: string | undefined;
    /** The variable that named the proxy, for messages: `HTTPS_PROXY`, `https_proxy`... */
    readonly variable: string;
}
/** The proxy refused, failed or could not be reached; the message names it (never its credentials). */
export declare class ProxyError extends Error {
    name: string;
}
/**
 * The proxy a request to `target` goes through, or undefined to go direct.
 * @throws UsageError when the variable that applies does not hold an http:// proxy URL.
 */
export declare function proxyFor(target: URL, env?: NodeJS.ProcessEnv): HttpProxy | undefined;
/** localhost, an IPv4 address in 127.0.0.0/8 or [::1], as a URL's hostname writes them (what http-client checks). */
export declare function isLoopback(hostname: string): boolean;
/** Whether a NO_PROXY list names `target` (rules in the comment at the top). */
export declare function bypassesProxy(target: URL, noProxy: string): boolean;
/** `http://user:pass@host:port` or `host:port` (http assumed, as curl and http-client do). */
export declare function parseProxy(text: string, variable: string): HttpProxy;
/** `the proxy http://proxy.example:3128 (HTTPS_PROXY)`. */
export declare function describeProxy(proxy: HttpProxy): string;
/** The proxy's own refusal of a request (407 to a forwarded request, any non-2xx to a CONNECT). */
export declare function proxyRefusal(proxy: HttpProxy, what: string, status: number, statusText: string | undefined): ProxyError;
/**
 * An https agent whose connections are CONNECT tunnels through one proxy, with TLS to the target inside. Tunnels
 * are kept alive and reused per target, as direct connections are.
 */
export declare class TunnelAgent extends https.Agent {
    #private;
    constructor(proxy: HttpProxy);
    createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined;
}

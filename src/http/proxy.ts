import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { UsageError } from '../core/index.js';

/*
 * Proxies as runners behind one set them (PORT-FACTS.md §12), with @actions/http-client's rules so a step of ours
 * takes the same route as the toolkit's own calls:
 * - https:// targets use https_proxy, else HTTPS_PROXY; http:// targets use http_proxy, else HTTP_PROXY (the
 *   lower-case name wins when both are set; there is no fallback from one scheme's variable to the other's).
 * - no_proxy, else NO_PROXY: comma-separated entries, `*` for everything, `example.com` for that host and its
 *   subdomains, `.example.com` (or `*.example.com`) for subdomains only, `:port` to match only that port.
 * - A loopback target (localhost, 127.x.x.x, [::1]) is never proxied: a proxy cannot reach this machine's
 *   loopback, and the sandbox and local test servers live there.
 * The transport stays node:http(s) (see request.ts): http:// targets are sent to the proxy as absolute-URI
 * requests; https:// targets get a CONNECT tunnel and TLS to the target over it, verified as a direct call is.
 */

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
export class ProxyError extends Error {
  override name = 'ProxyError';
}

/**
 * The proxy a request to `target` goes through, or undefined to go direct.
 * @throws UsageError when the variable that applies does not hold an http:// proxy URL.
 */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv = process.env): HttpProxy | undefined {
  if (isLoopback(target.hostname)) return undefined;
  const noProxy = firstSet(env, 'no_proxy', 'NO_PROXY');
  if (noProxy && bypassesProxy(target, noProxy.value)) return undefined;
  const setting = target.protocol === 'https:' ? firstSet(env, 'https_proxy', 'HTTPS_PROXY') : firstSet(env, 'http_proxy', 'HTTP_PROXY');
  return setting ? parseProxy(setting.value, setting.name) : undefined;
}

/** localhost, an IPv4 address in 127.0.0.0/8 or [::1], as a URL's hostname writes them (what http-client checks). */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
}

/** Whether a NO_PROXY list names `target` (rules in the comment at the top). */
export function bypassesProxy(target: URL, noProxy: string): boolean {
  const host = target.hostname.toLowerCase();
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const { name, port: entryPort } = splitPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    const suffix = name.startsWith('*.') ? name.slice(1) : name;
    if (suffix.startsWith('.') ? host.endsWith(suffix) : host === suffix || host.endsWith(`.${suffix}`)) return true;
  }
  return false;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port`, or a bare IPv6 address (several colons: no port). */
function splitPort(entry: string): { name: string; port?: number } {
  const bracketed = /^(\[[^\]]+\])(?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1]!, port: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  const colons = entry.split(':').length - 1;
  if (colons > 1) return { name: `[${entry}]` };
  const withPort = /^(.*):(\d+)$/.exec(entry);
  return withPort ? { name: withPort[1]!, port: Number(withPort[2]) } : { name: entry };
}

function firstSet(env: NodeJS.ProcessEnv, ...names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/** `http://user:pass@host:port` or `host:port` (http assumed, as curl and http-client do). */
export function parseProxy(text: string, variable: string): HttpProxy {
  const shown = withoutCredentials(text);
  const expected = 'expected http://host:port, with user:password@ before the host if the proxy asks for them';
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new UsageError(`${variable}: "${shown}" is not a proxy URL; ${expected}`);
  }
  if (url.protocol !== 'http:') {
    throw new UsageError(`${variable}: "${shown}" is not accepted: port-ci talks to a proxy in plain HTTP; ${expected}`);
  }
  if (url.hostname === '') throw new UsageError(`${variable}: "${shown}" names no host; ${expected}`);
  const port = Number(url.port) || 80;
  const credentials = url.username || url.password ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined;
  return {
    url: `http://${url.hostname}:${port}`,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    authorization: credentials === undefined ? undefined : `Basic ${Buffer.from(credentials).toString('base64')}`,
    variable,
  };
}

/** The text of a proxy variable with any `user:password@` replaced, so a message can quote it. */
function withoutCredentials(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@]*@/i, '$1***@');
}

/** `the proxy http://proxy.example:3128 (HTTPS_PROXY)`. */
export function describeProxy(proxy: HttpProxy): string {
  return `the proxy ${proxy.url} (${proxy.variable})`;
}

const refusalHints: Record<number, string> = {
  407: '; check the user and password in the proxy URL',
  403: '; the proxy does not allow this destination (or this port)',
};

/** The proxy's own refusal of a request (407 to a forwarded request, any non-2xx to a CONNECT). */
export function proxyRefusal(proxy: HttpProxy, what: string, status: number, statusText: string | undefined): ProxyError {
  return new ProxyError(`${describeProxy(proxy)} refused ${what}: ${status} ${statusText ?? ''}`.trimEnd() + (refusalHints[status] ?? ''));
}

/**
 * An https agent whose connections are CONNECT tunnels through one proxy, with TLS to the target inside. Tunnels
 * are kept alive and reused per target, as direct connections are.
 */
export class TunnelAgent extends https.Agent {
  readonly #proxy: HttpProxy;

  constructor(proxy: HttpProxy) {
    super({ keepAlive: true });
    this.#proxy = proxy;
  }

  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const host = options.host ?? 'localhost';
    const authority = `${host.includes(':') ? `[${host}]` : host}:${options.port ?? 443}`;
    openTunnel(this.#proxy, authority, options.timeout).then(
      (tunnel) => {
        // An idle pooled connection is unref'd by the agent, as a direct one is: it does not hold the process open.
        callback?.(null, tls.connect({ ...options, socket: tunnel } as tls.ConnectionOptions));
      },
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

/** Asks the proxy for a tunnel to `authority` (host:port) and resolves with the raw socket once it is open. */
function openTunnel(proxy: HttpProxy, authority: string, timeoutMs: number | undefined): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: authority };
    if (proxy.authorization) headers['proxy-authorization'] = proxy.authorization;
    // agent: false: the socket becomes the tunnel, so it must neither come from nor go back to a pool.
    const request = http.request({ host: proxy.host, port: proxy.port, method: 'CONNECT', path: authority, headers, agent: false, timeout: timeoutMs });
    request.once('connect', (response: http.IncomingMessage, socket: Socket, head: Buffer) => {
      if (response.statusCode === undefined || response.statusCode < 200 || response.statusCode > 299) {
        socket.destroy();
        reject(proxyRefusal(proxy, `a tunnel to ${authority}`, response.statusCode ?? 0, response.statusMessage));
        return;
      }
      socket.setTimeout(0); // the CONNECT's deadline is over; the request on top keeps its own
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    request.once('timeout', () =>
      request.destroy(new ProxyError(`${describeProxy(proxy)} did not answer the CONNECT to ${authority} within ${timeoutMs} ms`)),
    );
    request.once('error', (error) =>
      reject(error instanceof ProxyError ? error : new ProxyError(`could not reach ${describeProxy(proxy)}: ${error.message}`)),
    );
    request.end();
  });
}

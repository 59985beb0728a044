import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { ProxyError, TunnelAgent, describeProxy, proxyFor, proxyRefusal, type HttpProxy } from './proxy.js';

/*
 * The transport is node:http(s), not undici: an action step pays for every module it loads, and importing
 * undici costs ~36 ms per process (global fetch ~10 ms, node:https ~4 ms, measured on Node 20). A report
 * step makes two or three small calls, where load time is most of the cost.
 */

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

const directAgents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

/**
 * Connections to each proxy, by proxy and credentials. Tunnels are kept alive (they are ours end to end). Forwarded
 * plain-HTTP requests are not: a proxy may close the connection after each answer without saying so (tinyproxy
 * does), and a request sent on such a socket fails as if its answer were lost, which makes a log look lost every time.
 */
const proxyAgents = new Map<string, { forward: http.Agent; tunnel: TunnelAgent }>();

function agentsFor(proxy: HttpProxy): { forward: http.Agent; tunnel: TunnelAgent } {
  const key = `${proxy.url} ${proxy.authorization ?? ''}`;
  let agents = proxyAgents.get(key);
  if (!agents) {
    agents = { forward: new http.Agent({ keepAlive: false }), tunnel: new TunnelAgent(proxy) };
    proxyAgents.set(key, agents);
  }
  return agents;
}

/**
 * Sends one request and reads the whole answer as text, through the proxy the environment names for the URL
 * (proxy.ts). Network failures reject with the system's error; a proxy that cannot be reached or refuses
 * rejects with a ProxyError naming it; a proxy variable that holds no proxy URL rejects with a UsageError.
 */
export function sendRequest(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs = 30_000,
): Promise<HttpResponse> {
  const target = new URL(url);
  let proxy: HttpProxy | undefined;
  try {
    proxy = proxyFor(target);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  const sized = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage) => {
      if (proxy && target.protocol === 'http:' && res.statusCode === 407) {
        res.resume();
        reject(proxyRefusal(proxy, `to forward ${method} ${target.origin}`, 407, res.statusMessage));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // Port's answers are small; a peer that streams without end must not take the memory with it.
        if (size > MAX_ANSWER_BYTES) req.destroy(new Error(`the answer exceeded ${MAX_ANSWER_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    };
    const options = { method, headers: sized, timeout: timeoutMs };
    let req: http.ClientRequest;
    if (!proxy) {
      const transport = target.protocol === 'https:' ? https : http;
      req = transport.request(target, { ...options, agent: directAgents[target.protocol as keyof typeof directAgents] }, onResponse);
    } else if (target.protocol === 'https:') {
      req = https.request(target, { ...options, agent: agentsFor(proxy).tunnel }, onResponse);
    } else {
      // A plain-HTTP target: the proxy gets the whole URL on the request line and fetches it.
      const forwarded: Record<string, string> = { ...options.headers, host: target.host };
      if (proxy.authorization) forwarded['proxy-authorization'] = proxy.authorization;
      const path = `${target.origin}${target.pathname}${target.search}`;
      req = http.request({ ...options, host: proxy.host, port: proxy.port, path, headers: forwarded, agent: agentsFor(proxy).forward }, onResponse);
    }
    // `timeout` only notices a silent socket; this also stops a peer that trickles bytes past the deadline.
    const deadline = setTimeout(() => req.destroy(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('close', () => clearTimeout(deadline));
    let reachedProxy = false;
    req.on('error', proxy ? (error) => reject(throughProxy(error, proxy, reachedProxy)) : reject);
    if (proxy) {
      req.on('socket', (socket: Socket) => {
        if (!socket.connecting) reachedProxy = true;
        else socket.once('connect', () => (reachedProxy = true));
      });
    }
    req.end(body);
  });
}

/** Names the proxy in an error of a proxied request: whose failure it was matters to whoever reads it. */
function throughProxy(error: Error, proxy: HttpProxy, reachedProxy: boolean): Error {
  if (error instanceof ProxyError) return error;
  // No connection to the proxy yet (refused, unknown host, or the deadline passed while connecting): the proxy is
  // the one at fault. A tunnel's failures are ProxyErrors already (the agent connects before handing it over).
  if (!reachedProxy) return new ProxyError(`could not reach ${describeProxy(proxy)}: ${error.message}`);
  return new Error(`${error.message} (through ${describeProxy(proxy)})`);
}

import { ProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { describeProxy, proxyFor, type HttpProxy } from './proxy.js';

/*
 * A fetch that takes the route proxy.ts picks for each URL, for Octokit (the dispatcher's GitHub calls), with the
 * same rules as every other call of ours. undici rather than request.ts: Octokit relies on fetch's semantics
 * (redirects, headers, body types); only the CLI's dispatch chunk loads this module. undici's own fetch, not
 * Node's global one: a dispatcher of one undici version is not sure to work with another's fetch (Node 24 has undici 7).
 */

const dispatchers = new Map<string, Dispatcher>();

function dispatcherFor(proxy: HttpProxy): Dispatcher {
  const key = `${proxy.url} ${proxy.authorization ?? ''}`;
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    // proxyTunnel false: an http:// target is sent to the proxy as an absolute-URI request, as request.ts does;
    // an https:// target always gets a CONNECT tunnel.
    dispatcher = new ProxyAgent({ uri: proxy.url, token: proxy.authorization, proxyTunnel: false });
    dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}

/**
 * fetch through the proxy the environment names for the URL (or direct). Failures keep fetch's shape (a
 * TypeError whose cause says why), with the proxy named in the cause.
 * @throws UsageError when a proxy variable does not hold a proxy URL.
 */
export const proxiedFetch = async (input: string | URL, init?: RequestInit): Promise<Response> => {
  const url = new URL(typeof input === 'string' ? input : input.href);
  const proxy = proxyFor(url);
  if (!proxy) return (await undiciFetch(url, init as Parameters<typeof undiciFetch>[1])) as unknown as Response;
  try {
    return (await undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: dispatcherFor(proxy) })) as unknown as Response;
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error; // the caller's own abort, as fetch reports it
    // undici's own words (a proxy's 407 or refused tunnel among them), with the proxy named.
    const cause = (error as { cause?: unknown }).cause;
    const reason = cause instanceof Error ? cause.message : (error as Error).message;
    throw new TypeError('fetch failed', { cause: new Error(`${reason} (through ${describeProxy(proxy)})`) });
  }
};

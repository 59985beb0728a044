import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/core/index.js';
import { ProxyError } from '../../src/http/proxy.js';
import { sendRequest } from '../../src/http/request.js';
import { RetriesExhausted, sendWithRetries } from '../../src/http/retry.js';
import { VIA_NAME, freePort, loopbackAlias, requireTinyproxy, startTinyproxy, tinyproxyMissing, type Tinyproxy } from '../support/tinyproxy.js';

/*
 * sendRequest through a real proxy (tinyproxy) to a local target. The target is addressed by a name for
 * 127.0.0.1 that is not written as loopback (loopback targets are never proxied); tinyproxy's log and the Via
 * header it adds show which requests went through it.
 */

interface Seen { method: string; url: string; headers: IncomingHttpHeaders; body: string }
let target: Server;
let targetPort: number;
const seen: Seen[] = [];
let alias: string;
let proxy: Tinyproxy;
let guarded: Tinyproxy;

const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];
function proxyEnv(values: Record<string, string>) {
  for (const name of PROXY_VARIABLES) vi.stubEnv(name, values[name] ?? '');
}

beforeAll(async () => {
  if (tinyproxyMissing()) return; // every test then fails in beforeEach, saying how to install it
  alias = await loopbackAlias();
  [proxy, guarded] = await Promise.all([startTinyproxy(), startTinyproxy({ basicAuth: { user: 'ci-bot', password: 'pr0xy-secret' } })]);
  target = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (text: string) => (body += text));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetPort = (target.address() as AddressInfo).port;
});
beforeEach(requireTinyproxy);
afterAll(async () => {
  await Promise.all([proxy?.stop(), guarded?.stop(), new Promise((resolve) => target?.close(resolve))]);
});
afterEach(() => {
  vi.unstubAllEnvs();
  seen.length = 0;
});

describe('sendRequest through HTTP_PROXY', () => {
  it('sends an http:// target to the proxy as an absolute-URI request, body and headers intact', async () => {
    proxyEnv({ HTTP_PROXY: proxy.url });
    const url = `http://${alias}:${targetPort}/v1/actions/runs/r_1/logs?x=1`;
    const answer = await sendRequest('POST', url, { 'content-type': 'application/json', authorization: 'Bearer t0ken' }, '{"message":"hi"}');
    expect(answer).toMatchObject({ status: 201, text: '{"ok":true}' });
    expect(proxy.requests()).toContain(`POST ${url} HTTP/1.1`);
    expect(seen).toEqual([expect.objectContaining({ method: 'POST', url: '/v1/actions/runs/r_1/logs?x=1', body: '{"message":"hi"}' })]);
    expect(seen[0]!.headers).toMatchObject({ host: `${alias}:${targetPort}`, authorization: 'Bearer t0ken', via: expect.stringContaining(VIA_NAME) });
  });

  it('sends Proxy-Authorization from the URL credentials; without them the proxy\'s 407 is a ProxyError naming it', async () => {
    proxyEnv({ HTTP_PROXY: guarded.url.replace('//', '//ci-bot:pr0xy-secret@') });
    const url = `http://${alias}:${targetPort}/ok`;
    expect(await sendRequest('GET', url, {}, undefined)).toMatchObject({ status: 201 });
    expect(seen[0]!.headers['proxy-authorization']).toBeUndefined(); // the proxy keeps it to itself

    proxyEnv({ http_proxy: guarded.url });
    const refused = await sendRequest('GET', url, {}, undefined).catch((error: Error) => error);
    expect(refused).toBeInstanceOf(ProxyError);
    expect((refused as Error).message).toBe(
      `the proxy ${guarded.url} (http_proxy) refused to forward GET http://${alias}:${targetPort}: 407 Proxy Authentication Required; check the user and password in the proxy URL`,
    );
  });

  it('goes direct to a loopback target and to one NO_PROXY names', async () => {
    proxyEnv({ HTTP_PROXY: proxy.url, NO_PROXY: `.example.com,${alias.toUpperCase()}:${targetPort}` });
    const before = proxy.requests().length;
    await sendRequest('GET', `http://127.0.0.1:${targetPort}/direct`, {}, undefined);
    await sendRequest('GET', `http://${alias}:${targetPort}/bypassed`, {}, undefined);
    expect(seen.map((request) => [request.url, request.headers.via])).toEqual([
      ['/direct', undefined],
      ['/bypassed', undefined],
    ]);
    expect(proxy.requests().length).toBe(before);
  });
});

describe('sendRequest through HTTPS_PROXY (CONNECT)', () => {
  it('asks the proxy for a tunnel; a refusal names the proxy and the tunnel, never the credentials', async () => {
    proxyEnv({ HTTPS_PROXY: guarded.url.replace('//', '//ci-bot:wrong-secret@') });
    const refused = await sendRequest('GET', `https://${alias}:${targetPort}/x`, {}, undefined).catch((error: Error) => error);
    expect(refused).toBeInstanceOf(ProxyError);
    // tinyproxy answers 401 (not 407) to wrong credentials; any answer but 2xx to a CONNECT is a refusal.
    expect((refused as Error).message).toBe(`the proxy ${guarded.url} (HTTPS_PROXY) refused a tunnel to ${alias}:${targetPort}: 401 Unauthorized`);
    expect(guarded.requests()).toContain(`CONNECT ${alias}:${targetPort} HTTP/1.1`);
  });
});

describe('a proxy that cannot be reached', () => {
  it('fails fast with a ProxyError naming it, and the retry policy retries it as a network error', async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    proxyEnv({ HTTP_PROXY: down.replace('//', '//ci-bot:pr0xy-secret@'), HTTPS_PROXY: down });
    for (const scheme of ['http', 'https']) {
      const started = Date.now();
      const error = await sendRequest('GET', `${scheme}://${alias}:${targetPort}/x`, {}, undefined).catch((caught: Error) => caught);
      expect(error).toBeInstanceOf(ProxyError);
      expect((error as Error).message).toMatch(new RegExp(`^could not reach the proxy ${down} \\(HTTPS?_PROXY\\): connect ECONNREFUSED`));
      expect((error as Error).message).not.toContain('pr0xy-secret');
      expect(Date.now() - started).toBeLessThan(2000);
    }
    const policy = { deadlineMs: 600, baseDelayMs: 20, maxDelayMs: 50, attemptTimeoutMs: 500 };
    const exhausted = await sendWithRetries((ms) => sendRequest('GET', `http://${alias}:${targetPort}/x`, {}, undefined, ms), policy).catch((caught: unknown) => caught);
    expect(exhausted).toBeInstanceOf(RetriesExhausted);
    expect((exhausted as RetriesExhausted).attempts).toBeGreaterThan(1);
    expect((exhausted as RetriesExhausted).last.error).toBeInstanceOf(ProxyError);
  });

  it('refuses a proxy variable that is not an http:// URL at once, without retrying it', async () => {
    proxyEnv({ HTTPS_PROXY: 'socks5://ci-bot:pr0xy-secret@127.0.0.1:1080' });
    let attempts = 0;
    const policy = { deadlineMs: 5000, baseDelayMs: 20, maxDelayMs: 50, attemptTimeoutMs: 500 };
    const error = await sendWithRetries((ms) => (attempts++, sendRequest('GET', `https://${alias}/x`, {}, undefined, ms)), policy).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect(attempts).toBe(1);
    expect((error as Error).message).toMatch(/^HTTPS_PROXY: "socks5:\/\/\*\*\*@127\.0\.0\.1:1080" is not accepted/);
  });
});

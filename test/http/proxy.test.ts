import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/index.js';
import { bypassesProxy, isLoopback, parseProxy, proxyFor } from '../../src/http/proxy.js';

const at = (url: string, env: Record<string, string>) => proxyFor(new URL(url), env)?.url;
const bypassed = (url: string, noProxy: string) => bypassesProxy(new URL(url), noProxy);

describe('which proxy a request takes', () => {
  it('uses HTTPS_PROXY for https:// targets and HTTP_PROXY for http:// targets, never one for the other', () => {
    const env = { HTTPS_PROXY: 'http://secure.proxy:3128', HTTP_PROXY: 'http://plain.proxy:8080' };
    expect(at('https://api.getport.io/v1/x', env)).toBe('http://secure.proxy:3128');
    expect(at('http://gitlab.internal/api/v4', env)).toBe('http://plain.proxy:8080');
    expect(at('https://api.getport.io', { HTTP_PROXY: 'http://plain.proxy:8080' })).toBeUndefined();
    expect(at('http://gitlab.internal', { HTTPS_PROXY: 'http://secure.proxy:3128' })).toBeUndefined();
    expect(at('https://api.getport.io', {})).toBeUndefined();
  });

  it('lets the lower-case variable win when both are set, as @actions/http-client does; an empty one counts as unset', () => {
    expect(proxyFor(new URL('https://a.example'), { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' })).toMatchObject({ url: 'http://lower:1', variable: 'https_proxy' });
    expect(proxyFor(new URL('http://a.example'), { http_proxy: 'http://lower:1', HTTP_PROXY: 'http://upper:2' })).toMatchObject({ url: 'http://lower:1', variable: 'http_proxy' });
    expect(proxyFor(new URL('https://a.example'), { https_proxy: ' ', HTTPS_PROXY: 'http://upper:2' })).toMatchObject({ url: 'http://upper:2', variable: 'HTTPS_PROXY' });
    const noProxy = { HTTPS_PROXY: 'http://p:1', no_proxy: 'other.example', NO_PROXY: 'a.example' };
    expect(at('https://a.example', noProxy)).toBe('http://p:1'); // no_proxy wins, and it does not name a.example
  });

  it('never proxies a loopback target (localhost, 127.x, [::1]), whatever NO_PROXY says', () => {
    const env = { HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://p:1' };
    for (const url of ['http://localhost:8080', 'https://LOCALHOST', 'http://127.0.0.1:1234', 'http://127.9.8.7', 'http://[::1]:80', 'http://[0:0:0:0:0:0:0:1]/']) {
      expect(at(url, env), url).toBeUndefined();
    }
    // Only what is written as loopback: a name that resolves there, or 127 as a label, goes through the proxy.
    for (const url of ['http://my-laptop:8080', 'http://127.example.com', 'http://localhost.example.com', 'http://[::2]/']) {
      expect(at(url, env), url).toBe('http://p:1');
    }
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
  });
});

describe('NO_PROXY', () => {
  it('takes * for every host', () => {
    expect(bypassed('https://anything.example', '*')).toBe(true);
    expect(bypassed('https://anything.example', 'a.example, *')).toBe(true);
  });

  it('takes a bare domain for itself and its subdomains, and nothing that merely ends the same', () => {
    expect(bypassed('https://example.com', 'example.com')).toBe(true);
    expect(bypassed('https://api.example.com', 'example.com')).toBe(true);
    expect(bypassed('https://a.b.example.com', 'example.com')).toBe(true);
    expect(bypassed('https://badexample.com', 'example.com')).toBe(false);
    expect(bypassed('https://example.com.evil', 'example.com')).toBe(false);
  });

  it('takes .domain (or *.domain) for subdomains only', () => {
    expect(bypassed('https://api.example.com', '.example.com')).toBe(true);
    expect(bypassed('https://example.com', '.example.com')).toBe(false);
    expect(bypassed('https://api.example.com', '*.example.com')).toBe(true);
    expect(bypassed('https://example.com', '*.example.com')).toBe(false);
  });

  it('matches a :port only on that port, the scheme giving the default port', () => {
    expect(bypassed('https://git.example:8443/x', 'git.example:8443')).toBe(true);
    expect(bypassed('https://git.example/x', 'git.example:8443')).toBe(false);
    expect(bypassed('https://git.example/x', 'git.example:443')).toBe(true);
    expect(bypassed('http://git.example/x', 'git.example:80')).toBe(true);
    expect(bypassed('http://git.example/x', 'git.example:443')).toBe(false);
  });

  it('is case-insensitive, trims blanks, skips empty entries, and matches IP addresses as written', () => {
    expect(bypassed('https://API.Example.COM', ' , EXAMPLE.com ,')).toBe(true);
    expect(bypassed('http://10.1.2.3:8080', '10.1.2.3')).toBe(true);
    expect(bypassed('http://10.1.2.30', '10.1.2.3')).toBe(false);
    expect(bypassed('http://[fd00::2]:8080', 'fd00::2')).toBe(true);
    expect(bypassed('http://[fd00::2]:8080', '[fd00::2]:8080')).toBe(true);
    expect(bypassed('http://[fd00::2]:8080', '[fd00::2]:9090')).toBe(false);
    expect(bypassed('https://example.com', '')).toBe(false);
  });

  it('applies before the proxy URL is read, so a bypassed target never trips on a bad proxy value', () => {
    expect(at('https://internal.example', { HTTPS_PROXY: 'socks5://x:1', NO_PROXY: 'internal.example' })).toBeUndefined();
  });
});

describe('the proxy URL', () => {
  it('turns credentials into Proxy-Authorization: Basic (percent-decoded) and keeps them out of the URL it shows', () => {
    const proxy = parseProxy('http://ci%40acme:p%3Ass%2Fword@proxy.acme.internal:3128', 'HTTPS_PROXY');
    expect(proxy).toEqual({
      url: 'http://proxy.acme.internal:3128',
      host: 'proxy.acme.internal',
      port: 3128,
      authorization: `Basic ${Buffer.from('ci@acme:p:ss/word').toString('base64')}`,
      variable: 'HTTPS_PROXY',
    });
    expect(parseProxy('http://proxy:3128', 'HTTP_PROXY').authorization).toBeUndefined();
  });

  it('reads host:port without a scheme as http://, and port 80 when none is given', () => {
    expect(parseProxy('proxy.acme.internal:3128', 'HTTPS_PROXY')).toMatchObject({ url: 'http://proxy.acme.internal:3128', port: 3128 });
    expect(parseProxy('http://proxy.acme.internal', 'HTTPS_PROXY')).toMatchObject({ url: 'http://proxy.acme.internal:80', port: 80 });
    expect(parseProxy('http://[fd00::1]:3128', 'HTTPS_PROXY')).toMatchObject({ url: 'http://[fd00::1]:3128', host: 'fd00::1' });
  });

  it('refuses what is not an http:// proxy, naming the variable and what it accepts, never the password', () => {
    const refusal = (text: string) => {
      try {
        parseProxy(text, 'HTTPS_PROXY');
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error(`accepted ${text}`);
    };
    expect(refusal('socks5://ci:hunter2@proxy:1080')).toBe(
      'HTTPS_PROXY: "socks5://***@proxy:1080" is not accepted: port-ci talks to a proxy in plain HTTP; expected http://host:port, with user:password@ before the host if the proxy asks for them',
    );
    expect(refusal('https://ci:hunter2@proxy:443')).toMatch(/^HTTPS_PROXY: "https:\/\/\*\*\*@proxy:443" is not accepted/);
    expect(refusal('http://ci:hunter2@pro xy:1')).toMatch(/^HTTPS_PROXY: "http:\/\/\*\*\*@pro xy:1" is not a proxy URL; expected http:\/\/host:port/);
    expect(refusal('ci:hunter2@:99999')).not.toContain('hunter2');
  });
});

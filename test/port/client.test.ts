import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PortClient, resolveBaseUrl } from '../../src/port/client.js';
import { ApiError } from '../../src/port/errors.js';
import { tokenFromEnv } from '../../src/port/token.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';

let sandbox: Sandbox;
const FAST = { baseDelayMs: 5, maxDelayMs: 50 };

async function start(options: SandboxOptions = {}) {
  sandbox = await startSandbox({ runs: ['r_client1'], ...options });
  return new PortClient({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, policy: FAST });
}

afterEach(async () => sandbox?.close());

describe('resolveBaseUrl', () => {
  it('takes regions, URLs, and refuses the rest naming what is accepted', () => {
    expect(resolveBaseUrl(undefined)).toBe('https://api.getport.io');
    expect(resolveBaseUrl('US')).toBe('https://api.us.port.io');
    expect(resolveBaseUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
    expect(() => resolveBaseUrl('ftp://x')).toThrow(/expected https:\/\/\.\.\. or a region \(eu, us\)/);
    expect(() => resolveBaseUrl('not a url')).toThrow(/is not a URL/);
  });
});

describe('PortClient against the sandbox', () => {
  it('keeps the token it got out of what it sends, as it keeps the tokens of the environment', async () => {
    const client = await start();
    const token = await client.accessToken();
    await client.addLog('r_client1', { message: `token ${token}`, statusLabel: token });
    await client.updateRun('r_client1', { summary: `summary ${Buffer.from(token).toString('base64')}` });
    expect(sandbox.runs.get('r_client1')).toMatchObject({ logs: [expect.objectContaining({ message: 'token ***', statusLabel: '***' })], summary: 'summary ***' });
  });

  it('authenticates once for many calls', async () => {
    const client = await start();
    for (let i = 0; i < 5; i++) await client.addLog('r_client1', { message: `line ${i}` });
    await client.updateRun('r_client1', { summary: 'done', link: ['https://ci.example/1', 'https://ci.example/2'] });
    expect(sandbox.authCount()).toBe(1);
    expect(client.authCount).toBe(1);
    expect(sandbox.runs.get('r_client1')?.logs.map((log) => log.message)).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
    expect((await client.getRun('r_client1')).status).toBe('IN_PROGRESS');
  });

  it('reuses a token handed over through the environment', async () => {
    await start();
    const env = { PORT_ACCESS_TOKEN: sandbox.issueToken(), PORT_ACCESS_TOKEN_EXPIRES_AT: String(Math.floor(Date.now() / 1000) + 3 * 3600) };
    const seen: string[] = [];
    const client = new PortClient({ baseUrl: sandbox.url, token: tokenFromEnv(env), onToken: (grant) => seen.push(grant.token) });
    await client.addLog('r_client1', { message: 'no auth needed' });
    expect(sandbox.authCount()).toBe(0);
    expect(seen).toEqual([]);
  });

  it('renews a token that is near its end instead of sending it', async () => {
    await start();
    const seen: string[] = [];
    const client = new PortClient({
      baseUrl: sandbox.url,
      clientId: SANDBOX_CLIENT_ID,
      clientSecret: SANDBOX_CLIENT_SECRET,
      token: { token: sandbox.issueToken(), expiresAt: Date.now() + 60_000 },
      onToken: (grant) => seen.push(grant.token),
    });
    await client.addLog('r_client1', { message: 'x' });
    expect(sandbox.authCount()).toBe(1);
    expect(seen).toHaveLength(1);
  });

  it('renews once when Port answers 401 to a stale token', async () => {
    await start();
    const client = new PortClient({
      baseUrl: sandbox.url,
      clientId: SANDBOX_CLIENT_ID,
      clientSecret: SANDBOX_CLIENT_SECRET,
      token: { token: 'expired-or-revoked-token' },
    });
    await client.addLog('r_client1', { message: 'after renewal' });
    expect(sandbox.authCount()).toBe(1);
    expect(sandbox.runs.get('r_client1')?.logs).toHaveLength(1);
  });

  it('says 401 clearly when the credentials are wrong, without printing the secret', async () => {
    await start();
    const secret = 'wrong-secret-0123456789abcdef0123456789';
    const client = new PortClient({ baseUrl: sandbox.url, clientId: 'someone', clientSecret: secret, policy: FAST });
    const error = await client.addLog('r_client1', { message: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect((error as ApiError).message).toMatch(/^Could not get an access token: Port answered 401 .*\(trace id [^)]+\)$/);
    expect((error as ApiError).traceId).toBeTruthy();
    expect(JSON.stringify(error) + (error as Error).message).not.toContain(secret);
  });

  it('fails at once on 404 with the status, Port error and trace id', async () => {
    const client = await start();
    const error = (await client.addLog('r_missing', { message: 'x' }).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(404);
    expect(error.message).toMatch(/^Could not add a log to run r_missing: Port answered 404 /);
    expect(sandbox.requests.filter((r) => r.path.includes('r_missing'))).toHaveLength(1);
  });

  it('fails at once on 422 when the run has already ended', async () => {
    const client = await start();
    await client.updateRun('r_client1', { status: 'SUCCESS' });
    const error = (await client.updateRun('r_client1', { status: 'FAILURE' }).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(422);
    expect(error.code).toBe('run_exhausted');
    expect(sandbox.runs.get('r_client1')?.status).toBe('SUCCESS');
  });

  it('retries 503s and keeps going', async () => {
    const client = await start({ failEvery: { n: 2, status: 503 } });
    for (let i = 0; i < 6; i++) await client.addLog('r_client1', { message: `line ${i}` });
    expect(sandbox.runs.get('r_client1')?.logs.map((log) => log.message)).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
    expect(sandbox.requests.filter((r) => r.status === 503).length).toBeGreaterThan(0);
  });

  it('waits as long as retry-after asks on 429', async () => {
    const client = await start({ failEvery: { n: 2, status: 429 } });
    await client.accessToken(); // request 1
    const started = Date.now();
    await client.addLog('r_client1', { message: 'x' }); // request 2 is refused with retry-after: 1
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(sandbox.runs.get('r_client1')?.logs).toHaveLength(1);
  });

  it('retries connection resets', async () => {
    const client = await start({ dropEvery: 2 });
    for (let i = 0; i < 4; i++) await client.addLog('r_client1', { message: `line ${i}` });
    expect(sandbox.runs.get('r_client1')?.logs.map((log) => log.message)).toEqual(['line 0', 'line 1', 'line 2', 'line 3']);
  });

  it('gives up at the deadline with the last answer', async () => {
    await start({ failEvery: { n: 1, status: 503 } });
    const client = new PortClient({
      baseUrl: sandbox.url,
      token: { token: sandbox.issueToken() },
      policy: { ...FAST, deadlineMs: 300 },
    });
    const error = (await client.addLog('r_client1', { message: 'x' }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/Port answered 503.*; gave up after \d+ attempts in 0\.\d s/);
  });

  it('says when Port cannot be reached at all', async () => {
    await start();
    const url = sandbox.url;
    await sandbox.close();
    const client = new PortClient({ baseUrl: url, token: { token: 't' }, policy: { ...FAST, deadlineMs: 200 } });
    const error = (await client.addLog('r_client1', { message: 'x' }).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBeNull();
    expect(error.message).toMatch(/Port could not be reached at http:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED/);
  });
});

beforeEach(() => {
  delete process.env.PORT_ACCESS_TOKEN;
});

describe('PortClient token requests', () => {
  it('asks for one token when several calls start at once', async () => {
    const client = await start();
    await Promise.all([client.accessToken(), client.addLog('r_client1', { message: 'a' }), client.addLog('r_client1', { message: 'b' })]);
    expect(sandbox.authCount()).toBe(1);
  });
});

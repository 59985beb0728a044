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

  it('lists every entry of a run log, oldest first, page by page (Port lists 50 a call)', async () => {
    const client = await start();
    for (let i = 0; i < 53; i++) sandbox.runs.get('r_client1')!.logs.push({ message: `line ${i}`, at: new Date().toISOString() });
    const entries = await client.listLogs('r_client1');
    expect(entries.map((entry) => entry.message)).toEqual(Array.from({ length: 53 }, (_, i) => `line ${i}`));
    expect(sandbox.requests.filter((request) => request.method === 'GET' && request.path === '/v1/actions/runs/r_client1/logs')).toHaveLength(2);
    await expect(client.listLogs('r_nope')).rejects.toMatchObject({ status: 404 });
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
    // Every 3rd, not every 2nd: a reset log is looked for (one more request) before it is sent again, so a strict
    // every-2nd schedule would reset each copy sent again.
    const client = await start({ dropEvery: 3 });
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

describe('a log whose answer was lost', () => {
  const messages = () => sandbox.runs.get('r_client1')!.logs.map((log) => log.message);
  /** The requests after the token's, as `METHOD path status`, with `lost` for an answer that never came. */
  const calls = () =>
    sandbox.requests
      .filter((request) => request.path !== '/v1/auth/access_token')
      .map((request) => `${request.method} ${request.path.replace('/v1/actions/runs/r_client1', '')} ${request.answerLost ? 'lost' : request.status}`);

  it('is looked for in the run log and not sent again when Port stored it', async () => {
    const client = await start();
    await client.accessToken();
    sandbox.loseNextAnswers(1);
    const answer = await client.addLog('r_client1', { message: 'deployed' });
    expect(answer).toMatchObject({ ok: true, runLog: { message: 'deployed' } });
    expect(messages()).toEqual(['deployed']);
    expect(calls()).toEqual(['POST /logs lost', 'GET /logs 200']);
  });

  it('is sent again when the connection reset before Port stored it', async () => {
    const client = await start({ dropEvery: 3 }); // 1: token, 2: first, 3: second (reset), 4: the look, 5: second again
    await client.addLog('r_client1', { message: 'first' });
    await client.addLog('r_client1', { message: 'second' });
    expect(messages()).toEqual(['first', 'second']);
    expect(calls()).toEqual(['POST /logs 201', 'POST /logs 0', 'GET /logs 200', 'POST /logs 201']);
  });

  it('is looked for after a 502, which a gateway may give after Port did the work, and sent again when absent', async () => {
    const client = await start();
    await client.accessToken();
    sandbox.failNext(1, 502);
    await client.addLog('r_client1', { message: 'deployed' });
    expect(messages()).toEqual(['deployed']);
    expect(calls()).toEqual(['POST /logs 502', 'GET /logs 200', 'POST /logs 201']);
  });

  it('never takes an earlier identical entry for the lost one: messages sent twice on purpose all arrive, once each', async () => {
    // 1: token, 2: "same" (answered), 3: "same" (stored, answer lost), 4: the look finds it,
    // 5: "same" (reset before it was stored), 6: the look finds only the two older ones, 7: "same" again.
    const client = await start({ dropEvery: 5 });
    await client.addLog('r_client1', { message: 'same' });
    sandbox.loseNextAnswers(1);
    await client.addLog('r_client1', { message: 'same' });
    await client.addLog('r_client1', { message: 'same' });
    expect(messages()).toEqual(['same', 'same', 'same']);
    expect(calls()).toEqual(['POST /logs 201', 'POST /logs lost', 'GET /logs 200', 'POST /logs 0', 'GET /logs 200', 'POST /logs 201']);
  });

  it("tells a first log of its process from another process's identical one by Port's clock", async () => {
    await start({ dropEvery: 3 }); // 1: the other's token, 2: its log, 3: ours (reset before it was stored)
    const other = new PortClient({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, policy: FAST });
    await other.addLog('r_client1', { message: 'Deploying' });
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the Date header counts whole seconds
    const ours = new PortClient({ baseUrl: sandbox.url, token: { token: sandbox.issueToken() }, policy: FAST });
    await ours.addLog('r_client1', { message: 'Deploying' });
    expect(messages()).toEqual(['Deploying', 'Deploying']);
    expect(calls()).toEqual(['POST /logs 201', 'POST /logs 0', 'GET /logs 200', 'POST /logs 201']);
  });

  it('finds the first log of its process when Port stored it, by the same clock', async () => {
    await start();
    const client = new PortClient({ baseUrl: sandbox.url, token: { token: sandbox.issueToken() }, policy: FAST });
    sandbox.loseNextAnswers(1);
    await client.addLog('r_client1', { message: 'Deploying' });
    expect(messages()).toEqual(['Deploying']);
    expect(calls()).toEqual(['POST /logs lost', 'GET /logs 200']);
  });

  it('looks through every page of a long run log', async () => {
    const client = await start();
    for (let i = 0; i < 120; i++) await client.addLog('r_client1', { message: `line ${i}` });
    sandbox.loseNextAnswers(1);
    await client.addLog('r_client1', { message: 'line 0' });
    expect(messages()).toHaveLength(121);
    expect(calls().slice(-4)).toEqual(['POST /logs lost', 'GET /logs 200', 'GET /logs 200', 'GET /logs 200']);
  });

  it('that ends the run counts as delivered when the copy sent again meets 422 run_exhausted and the run ended with it', async () => {
    const client = await start();
    await client.addLog('r_client1', { message: 'started' });
    sandbox.loseNextAnswers(1);
    const answer = await client.addLog('r_client1', { message: 'The command exited with code 0', terminationStatus: 'SUCCESS' });
    expect(answer).toMatchObject({ ok: true, runLog: { message: 'The command exited with code 0' } });
    expect(sandbox.runs.get('r_client1')!.status).toBe('SUCCESS');
    expect(messages()).toEqual(['started', 'The command exited with code 0']);
    expect(calls()).toEqual(['POST /logs 201', 'POST /logs lost', 'POST /logs 422', 'GET  200', 'GET /logs 200']);
  });

  it('that ends the run still fails with run_exhausted when someone else ended it', async () => {
    const client = await start({ dropEvery: 4 }); // 1: token, 2: our first log, 3: the other's end, 4: our end (reset)
    await client.addLog('r_client1', { message: 'started' });
    await client.addLog('r_client1', { message: 'Cancelled from the UI', terminationStatus: 'SUCCESS' });
    const error = (await client.addLog('r_client1', { message: 'done', terminationStatus: 'SUCCESS' }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('run_exhausted');
    expect(messages()).toEqual(['started', 'Cancelled from the UI']);
  });
});

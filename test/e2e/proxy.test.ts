import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { runCliAsync, tempDir, writeJson, type CliResult } from '../support/cli.js';
import { startGitHubApi } from '../support/github-api.js';
import { startGitLabApi } from '../support/gitlab-api.js';
import { runStep, type StepResult } from '../support/runner.js';
import { VIA_NAME, freePort, loopbackAlias, requireTinyproxy, startTinyproxy, tinyproxyMissing, type Tinyproxy } from '../support/tinyproxy.js';
import { selfSignedCertificate, startTlsFront, type Certificate } from '../support/tls.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

/*
 * Every face of port-ci through a real proxy (tinyproxy): the CLI's Port calls, an action step, the dispatcher's
 * GitHub, GitLab and webhook calls, over http:// (absolute-URI requests) and https:// (CONNECT, then TLS to a
 * self-signed target the child trusts through NODE_EXTRA_CA_CERTS). Local servers are addressed by a name for
 * 127.0.0.1 that is not written as loopback, since loopback targets are never proxied; the proxy's log shows
 * what went through it. Run `npm run build` first: these tests run the bundles.
 */

const PROXY_PASSWORD = 'pr0xy-S3cret-value';
const USER = 'ci-bot';
/** What a child must not inherit from the developer's shell, so only the variables a test gives count. */
const NO_PROXY_ENV = { HTTP_PROXY: undefined, http_proxy: undefined, HTTPS_PROXY: undefined, https_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined };

let alias: string;
let open: Tinyproxy;
let guarded: Tinyproxy;
let certificate: Certificate;
const withCredentials = (proxy: Tinyproxy, password = PROXY_PASSWORD) => proxy.url.replace('//', `//${USER}:${password}@`);

beforeAll(async () => {
  if (tinyproxyMissing()) return; // every test then fails in beforeEach, saying how to install it
  alias = await loopbackAlias();
  certificate = selfSignedCertificate(alias);
  [open, guarded] = await Promise.all([startTinyproxy(), startTinyproxy({ basicAuth: { user: USER, password: PROXY_PASSWORD } })]);
});
beforeEach(requireTinyproxy);
afterAll(async () => {
  await Promise.all([open?.stop(), guarded?.stop()]);
});

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A sandbox Port holding run r_proxy, by the alias over http, and behind TLS (https) on another port. */
async function port(): Promise<{ sandbox: Sandbox; http: string; https: string }> {
  const sandbox = await startSandbox({ runs: ['r_proxy'] });
  closers.push(() => sandbox.close());
  const sandboxPort = Number(new URL(sandbox.url).port);
  const front = await startTlsFront(sandboxPort, certificate);
  closers.push(() => front.close());
  return { sandbox, http: `http://${alias}:${sandboxPort}`, https: `https://${alias}:${front.port}` };
}

const portEnv = (baseUrl: string) => ({ PORT_BASE_URL: baseUrl, PORT_CLIENT_ID: SANDBOX_CLIENT_ID, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, PORT_RUN_ID: 'r_proxy' });
const sinceNow = (proxy: Tinyproxy) => {
  const from = proxy.requests().length;
  return () => proxy.requests().slice(from);
};
const everything = (result: CliResult | StepResult) => JSON.stringify(result);

describe('port-ci log and report through a proxy', () => {
  it('sends every Port call of log and report through HTTP_PROXY as absolute-URI requests', async () => {
    const { sandbox, http } = await port();
    const seen = sinceNow(open);
    const env = { ...portEnv(http), HTTP_PROXY: open.url };
    expect(await runCliAsync(['log', 'Deploying through the proxy'], { env })).toMatchObject({ code: 0, stderr: '' });
    expect(await runCliAsync(['report', '--status', 'success', '--summary', 'done'], { env })).toMatchObject({ code: 0, stderr: '' });
    expect(sandbox.runs.get('r_proxy')).toMatchObject({ status: 'SUCCESS', summary: 'done', logs: [expect.objectContaining({ message: 'Deploying through the proxy' })] });
    expect(seen()).toEqual([
      `POST ${http}/v1/auth/access_token HTTP/1.1`,
      `POST ${http}/v1/actions/runs/r_proxy/logs HTTP/1.1`,
      `POST ${http}/v1/auth/access_token HTTP/1.1`,
      `PATCH ${http}/v1/actions/runs/r_proxy HTTP/1.1`,
    ]);
  });

  it('reaches an https Port through an HTTPS_PROXY tunnel with credentials, verifies its certificate, never prints the password', async () => {
    const { sandbox, https } = await port();
    const seen = sinceNow(guarded);
    const env = { ...portEnv(https), HTTPS_PROXY: withCredentials(guarded), NODE_EXTRA_CA_CERTS: certificate.certFile, PORT_CI_DEBUG: '1' };
    const result = await runCliAsync(['report', '--status', 'success', '--message', 'via CONNECT'], { env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(sandbox.runs.get('r_proxy')).toMatchObject({ status: 'SUCCESS' });
    const authority = new URL(https).host;
    expect(seen().length).toBeGreaterThan(0);
    expect(seen().every((line) => line === `CONNECT ${authority} HTTP/1.1`)).toBe(true);

    // Without the certificate trusted, TLS through the tunnel fails as it would directly.
    const untrusted = await runCliAsync(['report', '--status', 'success', '--fail-on-report-error'], { env: { ...env, NODE_EXTRA_CA_CERTS: '', PORT_RETRY_DEADLINE_SECONDS: '1' } });
    expect(untrusted.code).toBe(3);
    expect(untrusted.stderr).toMatch(new RegExp(`self-signed certificate \\(through the proxy ${guarded.url} \\(HTTPS_PROXY\\)\\)`));
    expect(everything(result) + everything(untrusted)).not.toContain(PROXY_PASSWORD);
  });

  it('names the proxy that refuses the tunnel (wrong password), warns, goes on, and never prints the password', async () => {
    const { sandbox, https } = await port();
    const wrong = 'not-the-Password-9';
    const env = { ...portEnv(https), HTTPS_PROXY: withCredentials(guarded, wrong), NODE_EXTRA_CA_CERTS: certificate.certFile, PORT_RETRY_DEADLINE_SECONDS: '1', PORT_CI_DEBUG: '1' };
    const result = await runCliAsync(['log', 'hello'], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`the proxy ${guarded.url} (HTTPS_PROXY) refused a tunnel to ${new URL(https).host}: 401 Unauthorized`);
    expect(result.stderr).toMatch(/^port-ci: warning: Could not get an access token: Port could not be reached at https:\/\/.*gave up after \d+ attempts/m);
    expect(result.stderr).toMatch(/retrying to get an access token/); // retried like any network failure
    expect(sandbox.runs.get('r_proxy')!.logs).toEqual([]);
    expect(everything(result)).not.toContain(wrong);
  });

  it('fails fast with a warning naming a proxy that is down, and exit 3 with --fail-on-report-error', async () => {
    const { http } = await port();
    const down = `http://127.0.0.1:${await freePort()}`;
    const env = { ...portEnv(http), HTTP_PROXY: down.replace('//', `//${USER}:${PROXY_PASSWORD}@`), PORT_RETRY_DEADLINE_SECONDS: '2' };
    const started = Date.now();
    const soft = await runCliAsync(['log', 'hello'], { env });
    const strict = await runCliAsync(['report', '--status', 'failure', '--fail-on-report-error'], { env });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(soft.code).toBe(0);
    expect(soft.stderr).toContain(`port-ci: warning: Could not get an access token: Port could not be reached at ${http} (could not reach the proxy ${down} (HTTP_PROXY): connect ECONNREFUSED`);
    expect(strict.code).toBe(3);
    expect(strict.stderr).toContain(`could not reach the proxy ${down} (HTTP_PROXY)`);
    expect(everything(soft) + everything(strict)).not.toContain(PROXY_PASSWORD);
  });

  it('goes direct to what NO_PROXY names and to loopback, even with the proxy up', async () => {
    const { sandbox, http } = await port();
    const seen = sinceNow(open);
    const bypassed = await runCliAsync(['log', 'bypassed'], { env: { ...portEnv(http), HTTP_PROXY: open.url, NO_PROXY: `example.com,${alias}` } });
    const loopback = await runCliAsync(['log', 'loopback'], { env: { ...portEnv(sandbox.url), HTTP_PROXY: open.url } });
    expect([bypassed.code, loopback.code]).toEqual([0, 0]);
    expect(sandbox.runs.get('r_proxy')!.logs.map((log) => log.message)).toEqual(['bypassed', 'loopback']);
    expect(seen()).toEqual([]);
  });

  it('refuses a proxy variable that is not an http:// URL (exit 2), quoting it without the password', async () => {
    const { https } = await port();
    const result = await runCliAsync(['log', 'hello'], { env: { ...portEnv(https), https_proxy: `socks5://${USER}:${PROXY_PASSWORD}@127.0.0.1:1080` } });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'port-ci: https_proxy: "socks5://***@127.0.0.1:1080" is not accepted: port-ci talks to a proxy in plain HTTP; expected http://host:port, with user:password@ before the host if the proxy asks for them\n',
    });
  });
});

describe('an action step through a proxy', () => {
  const reportInputs = (baseUrl: string) => ({
    'run-id': 'r_proxy',
    'port-base-url': baseUrl,
    'port-client-id': SANDBOX_CLIENT_ID,
    'port-client-secret': SANDBOX_CLIENT_SECRET,
    status: 'success',
    message: 'Step done',
  });

  it('the report step reaches an https Port through HTTPS_PROXY (CONNECT) and exits at once, keep-alive tunnels and all', async () => {
    const { sandbox, https } = await port();
    const seen = sinceNow(guarded);
    const started = Date.now();
    const result = await runStep('report', {
      inputs: reportInputs(https),
      env: { ...NO_PROXY_ENV, HTTPS_PROXY: withCredentials(guarded), NODE_EXTRA_CA_CERTS: certificate.certFile },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('::warning::');
    expect(Date.now() - started).toBeLessThan(5000); // an idle kept-alive tunnel would hold it until the far end closes (5 s)
    expect(sandbox.runs.get('r_proxy')).toMatchObject({ status: 'SUCCESS', logs: [expect.objectContaining({ message: 'Step done' })] });
    expect(seen().length).toBeGreaterThan(0);
    expect(seen().every((line) => line === `CONNECT ${new URL(https).host} HTTP/1.1`)).toBe(true);
    expect(everything(result)).not.toContain(PROXY_PASSWORD);
  });

  it('the report step through HTTP_PROXY with credentials; a proxy that is down is a warning, the step goes on', async () => {
    const { sandbox, http } = await port();
    const seen = sinceNow(guarded);
    const ok = await runStep('report', { inputs: reportInputs(http), env: { ...NO_PROXY_ENV, HTTP_PROXY: withCredentials(guarded) } });
    expect(ok.code).toBe(0);
    expect(sandbox.runs.get('r_proxy')).toMatchObject({ status: 'SUCCESS' });
    expect(seen()).toContain(`PATCH ${http}/v1/actions/runs/r_proxy HTTP/1.1`);

    const down = `http://127.0.0.1:${await freePort()}`;
    const failed = await runStep('report', {
      inputs: { ...reportInputs(http), status: 'failure' },
      env: { ...NO_PROXY_ENV, HTTP_PROXY: down.replace('//', `//${USER}:${PROXY_PASSWORD}@`), PORT_RETRY_DEADLINE_SECONDS: '1' },
    });
    expect(failed.code).toBe(0);
    expect(failed.stdout).toMatch(new RegExp(`::warning::.*could not reach the proxy ${down} \\(HTTP_PROXY\\)`));
    expect(everything(ok) + everything(failed)).not.toContain(PROXY_PASSWORD);
  });
});

describe('port-ci dispatch through a proxy', () => {
  const dispatchAction = (invocationMethod: Record<string, unknown>) =>
    writeJson(tempDir('port-ci-proxy-'), 'action.json', { identifier: 'deploy', trigger: 'CREATE', userInputs: { properties: { service: { type: 'string' } } }, invocationMethod });
  const GH_TOKEN = 'ghs_proxyTestToken0123456789';

  it("sends the GitHub dispatch through HTTP_PROXY (Octokit's fetch), and through an HTTPS_PROXY tunnel to an https API", async () => {
    const api = await startGitHubApi({ token: GH_TOKEN, repos: { 'acme/deployments': { defaultBranch: 'main', workflows: { 'deploy.yml': { inputs: { port_payload: {}, service: {} } } } } } });
    closers.push(() => api.close());
    const apiPort = Number(new URL(api.url).port);
    const action = dispatchAction({ type: 'GITHUB', org: 'acme', repo: 'deployments', workflow: 'deploy.yml' });
    const args = ['dispatch', '--action', action, '--input', 'service=checkout', '--run-id', 'r_gh', '--write-interval', '0'];
    const githubEnv = { GITHUB_TOKEN: GH_TOKEN, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET };

    const seen = sinceNow(open);
    const plain = await runCliAsync(args, { env: { ...githubEnv, GITHUB_API_URL: `http://${alias}:${apiPort}`, HTTP_PROXY: open.url } });
    expect(plain).toMatchObject({ code: 0, stderr: '' });
    expect(seen()).toEqual([
      `GET http://${alias}:${apiPort}/repos/acme/deployments HTTP/1.1`, // the default branch, as no ref was given
      `POST http://${alias}:${apiPort}/repos/acme/deployments/actions/workflows/deploy.yml/dispatches HTTP/1.1`,
    ]);

    const front = await startTlsFront(apiPort, certificate);
    closers.push(() => front.close());
    const tunnelled = sinceNow(guarded);
    const secure = await runCliAsync(args, {
      env: { ...githubEnv, GITHUB_API_URL: `https://${alias}:${front.port}`, HTTPS_PROXY: withCredentials(guarded), NODE_EXTRA_CA_CERTS: certificate.certFile },
    });
    expect(secure).toMatchObject({ code: 0, stderr: '' });
    expect(tunnelled().length).toBeGreaterThan(0);
    expect(tunnelled().every((line) => line === `CONNECT ${alias}:${front.port} HTTP/1.1`)).toBe(true);
    expect(api.dispatches).toHaveLength(2);
    expect(everything(secure)).not.toContain(PROXY_PASSWORD);

    const down = `http://127.0.0.1:${await freePort()}`;
    // --ref: no read of the default branch first, which Octokit would retry for seconds.
    const failed = await runCliAsync([...args, '--ref', 'main'], {
      env: { ...githubEnv, GITHUB_API_URL: `http://${alias}:${apiPort}`, HTTP_PROXY: down.replace('//', `//${USER}:${PROXY_PASSWORD}@`) },
    });
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(
      new RegExp(`^port-ci: The dispatch may or may not have started a run: no answer \\(connect ECONNREFUSED .*\\(through the proxy ${down} \\(HTTP_PROXY\\)\\)\\); check the workflow's runs`),
    );
    expect(everything(failed)).not.toContain(PROXY_PASSWORD);
    expect(api.dispatches).toHaveLength(2);

    const unauthenticated = await runCliAsync([...args, '--ref', 'main'], { env: { ...githubEnv, GITHUB_API_URL: `http://${alias}:${apiPort}`, HTTP_PROXY: guarded.url } });
    expect(unauthenticated.code).toBe(3);
    expect(unauthenticated.stderr).toContain(`no answer (Proxy Authentication Required (407) (through the proxy ${guarded.url} (HTTP_PROXY)))`);

    const refused = await runCliAsync(args, { env: { ...githubEnv, GITHUB_API_URL: `https://${alias}:${front.port}`, HTTPS_PROXY: 'socks5://127.0.0.1:1080' } });
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringMatching(/^port-ci: HTTPS_PROXY: "socks5:\/\/127\.0\.0\.1:1080" is not accepted/) });
  });

  it('sends the GitLab trigger and the --wait pipeline reads through HTTP_PROXY', async () => {
    const project = { id: 42, triggerToken: 'glptt-proxyTrigger0123456789', refs: ['main'], defaultBranch: 'main' };
    const api = await startGitLabApi({ projects: { 'platform/deployer': project }, readToken: 'glpat-proxyRead0123', lifecycle: { createdMs: 10, pendingMs: 20, runningMs: 40 } });
    closers.push(() => api.close());
    const gitlab = `http://${alias}:${new URL(api.url).port}`;
    const action = dispatchAction({ type: 'GITLAB', agent: true, groupName: 'platform', projectName: 'deployer' });
    const seen = sinceNow(open);
    const result = await runCliAsync(['dispatch', '--action', action, '--input', 'service=checkout', '--run-id', 'r_gl', '--wait', '--timeout', '20s'], {
      env: { GITLAB_URL: gitlab, GITLAB_TRIGGER_TOKEN: project.triggerToken, PORT_GITLAB_TOKEN: 'glpat-proxyRead0123', PORT_CI_POLL_MS: '50', HTTP_PROXY: open.url },
    });
    expect(result).toMatchObject({ code: 0, stdout: 'succeeded: success\n' });
    const pipeline = api.triggers[0]!.pipeline.id;
    const lines = seen();
    expect(lines[0]).toBe(`POST ${gitlab}/api/v4/projects/platform%2Fdeployer/trigger/pipeline HTTP/1.1`);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((line) => line === `GET ${gitlab}/api/v4/projects/platform%2Fdeployer/pipelines/${pipeline} HTTP/1.1`)).toBe(true);
  });

  it('sends a webhook through HTTP_PROXY: the receiver sees the proxy in Via', async () => {
    const hook = await startWebhookReceiver();
    closers.push(() => hook.close());
    const url = `http://${alias}:${new URL(hook.url).port}/port/hooks`;
    const action = dispatchAction({ type: 'WEBHOOK', url, agent: false });
    const result = await runCliAsync(['dispatch', '--action', action, '--input', 'service=checkout', '--run-id', 'r_hook'], {
      env: { PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, HTTP_PROXY: open.url },
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]!.headers.via).toContain(VIA_NAME);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox } from '../../src/sandbox/server.js';
import { root, runCli, tempDir } from '../support/cli.js';
import { killSandboxClis, startSandboxCli } from '../support/sandbox-cli.js';

/* `port-ci sandbox` as a developer runs it: the bundled CLI (run `npm run build` first) in its own process. */

afterEach(killSandboxClis);

async function token(url: string, clientId: string, clientSecret: string): Promise<{ status: number; accessToken?: string; expiresIn?: number }> {
  const response = await fetch(`${url}/v1/auth/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId, clientSecret }),
  });
  return { status: response.status, ...((await response.json()) as { accessToken?: string; expiresIn?: number }) };
}

describe('port-ci sandbox', () => {
  it('serves the API and the runs page, then on SIGTERM saves the data file and exits 0', async () => {
    const dataFile = path.join(tempDir(), 'runs.json');
    const sandbox = await startSandboxCli(['--port', '0', '--data', dataFile, '--run', 'r_cli1']);

    expect(sandbox.line).toBe(
      `port-ci sandbox: Port API and runs page at ${sandbox.url}; for a job, set: export PORT_BASE_URL='${sandbox.url}' ` +
        `PORT_CLIENT_ID='${SANDBOX_CLIENT_ID}' PORT_CLIENT_SECRET='${SANDBOX_CLIENT_SECRET}'  # the built-in default secret`,
    );
    const { accessToken } = await token(sandbox.url, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET);
    const log = await fetch(`${sandbox.url}/v1/actions/runs/r_cli1/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'hello from the job', terminationStatus: 'SUCCESS' }),
    });
    expect(log.status).toBe(201);
    expect(await (await fetch(`${sandbox.url}/runs/r_cli1`)).text()).toContain('hello from the job');

    expect(await sandbox.stop('SIGTERM')).toBe(0);
    expect(sandbox.stderr()).toBe('');
    const saved = JSON.parse(readFileSync(dataFile, 'utf8'));
    expect(saved).toMatchObject({ version: 1, runs: [{ id: 'r_cli1', status: 'SUCCESS', logs: [{ message: 'hello from the job', terminationStatus: 'SUCCESS' }] }] });

    // A second start picks the runs up again.
    const again = await startSandboxCli(['--data', dataFile]);
    const state = (await (await fetch(`${again.url}/api/state`)).json()) as { runs: { id: string; status: string }[] };
    expect(state.runs).toMatchObject([{ id: 'r_cli1', status: 'SUCCESS' }]);
    expect(await again.stop('SIGINT')).toBe(0);
  });

  it('accepts the secret from $PORT_CLIENT_SECRET and never prints it', async () => {
    const secret = 'my-own-secret-0123456789abcdefghijklmnop';
    const sandbox = await startSandboxCli(['--client-id', 'my-id'], { PORT_CLIENT_SECRET: secret });

    expect(sandbox.line).toContain("PORT_CLIENT_ID='my-id'");
    expect(sandbox.line).toContain('# PORT_CLIENT_SECRET: the one already in your environment');
    expect((await token(sandbox.url, 'my-id', secret)).status).toBe(200);
    expect((await token(sandbox.url, 'my-id', SANDBOX_CLIENT_SECRET)).status).toBe(401);
    expect(await sandbox.stop('SIGINT')).toBe(0);
    expect(`${sandbox.line}${sandbox.stderr()}`).not.toContain(secret);
  });

  it('passes the fault and token flags to the sandbox', async () => {
    const sandbox = await startSandboxCli(['--fail-every', '2:429', '--token-ttl', '60']);

    const first = await token(sandbox.url, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET);
    expect(first).toMatchObject({ status: 200, expiresIn: 60 });
    expect((await token(sandbox.url, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET)).status).toBe(429);
    expect(await sandbox.stop('SIGTERM')).toBe(0);
  });

  it('loads definitions in both formats with --actions and entities with --entities, and serves them', async () => {
    const dir = tempDir();
    const classic = JSON.parse(readFileSync(path.join(root, 'examples', 'actions', 'deploy-service.json'), 'utf8'));
    writeFileSync(path.join(dir, 'classic.json'), JSON.stringify([{ ...classic, identifier: 'deploy_service_classic' }]));
    const sandbox = await startSandboxCli([
      '--actions', 'examples/actions/deploy-service.v2.json', '--actions', dir, '--entities', 'examples/entities/checkout-api.json',
    ]);
    const { accessToken } = await token(sandbox.url, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET);
    const call = async (method: string, route: string, body?: unknown) => {
      const response = await fetch(`${sandbox.url}${route}`, {
        method,
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as Record<string, any> };
    };

    const listed = await call('GET', '/v1/actions');
    expect(listed.json.actions.map((action: { identifier: string; trigger: unknown }) => [action.identifier, typeof action.trigger])).toEqual([
      ['deploy_service', 'object'],
      ['deploy_service_classic', 'string'],
    ]);
    expect((await call('GET', '/v1/blueprints/service/entities/checkout-api')).json.entity).toMatchObject({ identifier: 'checkout-api', title: 'Checkout API' });
    const run = await call('POST', '/v1/actions/deploy_service/runs', { properties: { environment: 'staging', replica_count: 1 }, entity: 'checkout-api' });
    expect(run).toMatchObject({ status: 202, json: { run: { action: { identifier: 'deploy_service', title: 'Deploy service' }, entity: { title: 'Checkout API' } } } });
    expect((await call('POST', '/v1/actions/deploy_service_classic/runs', { properties: {} })).status).toBe(422);
    expect((await call('POST', '/v1/actions/restart_service/runs', { properties: {} })).status).toBe(404);
    expect(await (await fetch(`${sandbox.url}/`)).text()).toContain('Deploy service <code>deploy_service</code>');
    expect(await sandbox.stop('SIGTERM')).toBe(0);
  });

  it("enforces --rate-limit and --blueprints: a 429 past the limit, Port's 404 for a blueprint not declared", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'blueprints.json'), JSON.stringify([{ identifier: 'service', schema: { properties: { language: { type: 'string' }, tier: { type: 'string' } } } }, { identifier: 'cluster' }]));
    const sandbox = await startSandboxCli(['--rate-limit', '4/60', '--blueprints', path.join(dir, 'blueprints.json'), '--entities', 'examples/entities/checkout-api.json']);
    const { accessToken } = await token(sandbox.url, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET);
    const call = (method: string, route: string, body?: unknown) =>
      fetch(`${sandbox.url}${route}`, { method, headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

    const read = await call('GET', '/v1/blueprints/service/entities/checkout-api');
    expect([read.status, read.headers.get('x-ratelimit-limit'), read.headers.get('x-ratelimit-remaining'), read.headers.get('x-ratelimit-period')]).toEqual([200, '4', '2', '60']);
    const refused = await call('POST', '/v1/blueprints/deployment/entities', { identifier: 'd1' });
    expect([refused.status, ((await refused.json()) as { message: string }).message]).toEqual([404, 'Blueprint with identifier "deployment" was not found']);
    expect((await call('POST', '/v1/blueprints/service/entities?upsert=true&merge=true', { identifier: 'checkout-api', properties: { tier: 1 } })).status).toBe(422);
    const limited = await call('GET', '/v1/blueprints/service/entities/checkout-api');
    expect([limited.status, limited.headers.get('x-ratelimit-remaining')]).toEqual([429, '0']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await sandbox.stop('SIGTERM')).toBe(0);
  });

  it('refuses entities at start that break a declared blueprint, naming the file, the entity and the rule (exit 2)', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'blueprints.json'), JSON.stringify({ identifier: 'service', schema: { properties: { tier: { type: 'number' } } } }));
    const result = runCli(['sandbox', '--blueprints', path.join(dir, 'blueprints.json'), '--entities', 'examples/entities/checkout-api.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "port-ci: examples/entities/checkout-api.json: not an entity: properties must NOT have additional property 'language' (blueprint \"service\" does not declare it)\n",
    );
  });

  it.each([
    [['--actions', 'missing.json'], /^port-ci: --actions: cannot read missing\.json \(ENOENT\)$/],
    [['--actions='], /^port-ci: --actions: expected a file name$/],
    [['--actions', 'examples/actions'], /^port-ci: examples\/actions\/deploy-secrets\.v2\.json: action "deploy_secrets" is already defined in examples\/actions\/deploy-secrets\.json$/],
    [['--actions', 'examples/entities/checkout-api.json'], /^port-ci: examples\/entities\/checkout-api\.json: not an action definition: /],
    [['--entities', 'examples/actions/deploy-service.json'], /^port-ci: examples\/actions\/deploy-service\.json: not an entity: blueprint must be a blueprint identifier/],
    [['--gitlab-trigger='], /^port-ci: --gitlab-trigger: expected the directory of the project gitlab-ci-local runs$/],
    [['--gitlab-trigger', 'no-such-dir', '--actions', 'examples/actions/deploy-service-gitlab.json'], /^port-ci: --gitlab-trigger: no-such-dir does not exist; give the directory of the project gitlab-ci-local runs$/],
    [['--gitlab-trigger', '.', '--actions', 'examples/actions/deploy-service.json'], /^port-ci: --gitlab-trigger: load exactly one action whose invocationMethod\.type is GITLAB with --actions \(found none\)$/],
    [['--gitlab-trigger', '.', '--actions', 'examples/actions/deploy-service-gitlab.v2.json'], /^port-ci: --gitlab-trigger: deploy_service_gitlab is a DAY-2 action: load the entity it runs on with --entities \(an entity of blueprint service\)$/],
    [['--fail-every', '0'], /^port-ci: --fail-every: "0" is not accepted; expected N or N:CODE, .*429 or 500-599/],
    [['--fail-every', '3:200'], /^port-ci: --fail-every: "3:200" is not accepted; expected N or N:CODE/],
    [['--fail-every', 'often'], /^port-ci: --fail-every: "often" is not accepted/],
    [['--port', 'abc'], /^port-ci: --port: "abc" is not accepted; expected a whole number from 0 to 65535$/],
    [['--port', '70000'], /^port-ci: --port: "70000" is not accepted; expected a whole number from 0 to 65535$/],
    [['--drop-every', '0'], /^port-ci: --drop-every: "0" is not accepted; expected a whole number from 1$/],
    [['--lose-answer-every', 'x'], /^port-ci: --lose-answer-every: "x" is not accepted; expected a whole number from 1$/],
    [['--latency=-5'], /^port-ci: --latency: "-5" is not accepted; expected a whole number from 0 to 600000$/],
    [['--token-ttl', '0'], /^port-ci: --token-ttl: "0" is not accepted; expected a whole number from 1$/],
    [['--run', 'r 1'], /^port-ci: --run: "r 1" is not accepted; expected a run id/],
    [['--rate-limit', '10'], /^port-ci: --rate-limit: "10" is not accepted; expected N\/S, at most N requests \(a whole number from 1\) every S seconds \(1 to 86400\), such as 100\/10$/],
    [['--rate-limit', '0/5'], /^port-ci: --rate-limit: "0\/5" is not accepted; expected N\/S/],
    [['--rate-limit', '5/0'], /^port-ci: --rate-limit: "5\/0" is not accepted; expected N\/S/],
    [['--blueprints', 'missing.json'], /^port-ci: --blueprints: cannot read missing\.json \(ENOENT\)$/],
    [['--blueprints='], /^port-ci: --blueprints: expected a file name$/],
    [['--blueprints', 'examples/entities/checkout-api.json'], /^port-ci: examples\/entities\/checkout-api\.json: not a blueprint: relations\.cluster\.target must be a blueprint identifier$/],
    [['--verbose'], /^port-ci: sandbox: Unknown option '--verbose'.*accepted: --port, --data/],
  ])('refuses %j with one line naming the flag (exit 2)', (args, message) => {
    const result = runCli(['sandbox', ...args]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr.trimEnd()).toMatch(message);
  });

  it('refuses to overwrite a gitlab-ci-local variables file it did not write (exit 2)', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '.gitlab-ci-local-variables.yml'), 'MINE: "keep"\n');
    const result = runCli(['sandbox', '--gitlab-trigger', dir, '--actions', 'examples/actions/deploy-service-gitlab.json', '--entities', 'examples/entities/checkout-api.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`port-ci: --gitlab-trigger: ${path.join(dir, '.gitlab-ci-local-variables.yml')} exists and was not written by the sandbox; move it away or give another directory\n`);
    expect(readFileSync(path.join(dir, '.gitlab-ci-local-variables.yml'), 'utf8')).toBe('MINE: "keep"\n');
  });

  it('says so when the port is taken (exit 2)', async () => {
    const other = await startSandbox();
    try {
      const port = new URL(other.url).port;
      const result = runCli(['sandbox', '--port', port]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`port-ci: --port: cannot listen on 127.0.0.1:${port} (EADDRINUSE); pick another port, or --port 0 for any free one\n`);
    } finally {
      await other.close();
    }
  });

  it('refuses a data file that is not its own, naming it (exit 2)', () => {
    const dataFile = path.join(tempDir(), 'notes.json');
    writeFileSync(dataFile, 'not json');
    const result = runCli(['sandbox', '--data', dataFile]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`port-ci: ${dataFile}: not a port-ci sandbox data file (not JSON); move it away or name another file\n`);
    expect(readFileSync(dataFile, 'utf8')).toBe('not json');
  });

  it('is listed in the help and has its own', () => {
    expect(runCli(['--help']).stdout).toMatch(/^ {2}sandbox {11}run a local Port API/m);
    const help = runCli(['sandbox', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: port-ci sandbox \[--port N\]/);
    expect(help.stdout).toContain('--fail-every N[:CODE]');
    expect(help.stdout).toMatch(/^ {2}--actions FILE_OR_DIR {2}action definitions that exist at start \(repeatable\)/m);
    expect(help.stdout).toMatch(/^ {2}--entities FILE {8}entities that exist at start \(repeatable\)/m);
    expect(help.stdout).toMatch(/^ {2}--blueprints FILE {6}blueprints that exist at start \(repeatable\)/m);
    expect(help.stdout).toMatch(/^ {2}--rate-limit N\/S {7}Port's rate limit: past N API requests/m);
  });
});

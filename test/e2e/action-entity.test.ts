import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { tempDir } from '../support/cli.js';
import { runStep, type StepResult } from '../support/runner.js';

/*
 * actions/entity's bundle (dist/entity) run as the GitHub runner runs it, with INPUT_* variables and real
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, against the sandbox, which answers the entity routes with Port's
 * schemas and refuses what Port refuses. Run `npm run build` first: these tests exercise the built bundle.
 */

const CLIENT_ID = 'ci-client-id';
const CLIENT_SECRET = `port-secret-${randomUUID()}`;
const RUN_ID = 'r_entityStep0001';
/** Retries give up after a second, so a test of Port being down does not wait the default minute. */
const FAST_DEADLINE = { PORT_RETRY_DEADLINE_SECONDS: '1' };

let api: Sandbox;
afterEach(async () => {
  await api?.close();
});

async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  api = await startSandbox({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, runs: [RUN_ID], ...options });
  return api;
}

/** A step of the job the root action started: PORT_RUN_ID and the credentials as the root action exports them. */
function step(inputs: Record<string, string>, options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<StepResult> {
  return runStep('entity', {
    inputs,
    env: { PORT_RUN_ID: RUN_ID, PORT_BASE_URL: api.url, PORT_CLIENT_ID: CLIENT_ID, PORT_CLIENT_SECRET: CLIENT_SECRET, ...options.env },
  });
}

/** The workflow commands a step printed: `::error::...` lines, by name. */
function commands(result: StepResult, name: string): string[] {
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith(`::${name}::`))
    .map((line) => line.slice(name.length + 4));
}

const affected = () => api.runs.get(RUN_ID)!.entities ?? [];
const portCalls = () => api.requests.filter((request) => request.path !== '/v1/auth/access_token');

/** A file in a folder of its own; its path is absolute, as a workspace path resolves to. */
function file(name: string, text: string): string {
  const full = path.join(tempDir('port-ci-entity-step-'), name);
  writeFileSync(full, text);
  return full;
}

const SERVICE = {
  identifier: 'service',
  schema: { properties: { tier: { type: 'string', enum: ['gold', 'silver'] }, replicas: { type: 'number' } }, required: [] },
  relations: { cluster: { target: 'cluster', required: false } },
};
const CLUSTER = { identifier: 'cluster' };

describe('actions/entity upsert', () => {
  it('writes the entity from the inputs, lists it on the run, and gives it back as outputs and a summary line', async () => {
    await sandbox({ blueprints: [SERVICE, CLUSTER], entities: [{ blueprint: 'cluster', identifier: 'eu-1' }] });
    const result = await step({
      operation: 'upsert',
      blueprint: 'service',
      identifier: 'checkout-api',
      title: 'Checkout API',
      icon: 'Service',
      team: 'payments\n  platform  \n',
      properties: '{"tier": "gold", "replicas": 3}',
      relations: '{"cluster": "eu-1"}',
      'link-run': 'true',
      merge: 'false',
    });

    expect(result.code, result.stdout).toBe(0);
    const stored = api.entities.get('service', 'checkout-api')!;
    expect(stored).toMatchObject({ title: 'Checkout API', icon: 'Service', team: ['payments', 'platform'], properties: { tier: 'gold', replicas: 3 }, relations: { cluster: 'eu-1' } });
    expect(JSON.parse(result.outputs.entity!)).toMatchObject({ identifier: 'checkout-api', blueprint: 'service', title: 'Checkout API', properties: { tier: 'gold', replicas: 3 } });
    expect(result.outputs).toMatchObject({ identifier: 'checkout-api', identifiers: '["checkout-api"]' });
    expect(result.outputs.created).toBeUndefined(); // Port's single write does not say whether it created
    expect(affected()).toEqual([{ blueprint: 'service', identifier: 'checkout-api', title: 'Checkout API', change: 'created' }]);
    expect(result.stdout).toContain('Upserted: service/checkout-api, listed on run r_entityStep0001\n');
    expect(result.summary).toBe('### Port entities: upsert, listed on run r_entityStep0001\n\n- upserted service/checkout-api (Checkout API)\n\n');
    expect(api.authCount()).toBe(1);
  });

  it('escapes the title in the job summary: no HTML, link or line of its own', async () => {
    await sandbox();
    const title = '<img src=x onerror=alert(1)> [x](https://evil.example)\n## Injected | cell';
    const result = await step({ operation: 'upsert', blueprint: 'service', identifier: 'cart', title });
    expect(result.code, result.stdout).toBe(0);
    expect(api.entities.get('service', 'cart')!.title).toBe(title);
    expect(result.summary).toContain('- upserted service/cart (&lt;img src=x onerror=alert(1)&gt; &#91;x](https://evil.example)<br>## Injected &#124; cell)\n');
    expect(result.summary).not.toMatch(/<img|^## Injected/m);
  });

  it('replaces an entity by default and keeps the fields not given with merge: true', async () => {
    await sandbox({ entities: [{ blueprint: 'service', identifier: 'cart', title: 'Cart', properties: { tier: 'gold', owner: 'dana' } }] });
    expect((await step({ operation: 'upsert', blueprint: 'service', identifier: 'cart', properties: '{"tier": "silver"}', merge: 'true' })).code).toBe(0);
    expect(api.entities.get('service', 'cart')).toMatchObject({ title: 'Cart', properties: { tier: 'silver', owner: 'dana' } });

    expect((await step({ operation: 'upsert', blueprint: 'service', identifier: 'cart', properties: '{"tier": "gold"}' })).code).toBe(0);
    const replaced = api.entities.get('service', 'cart')!;
    expect(replaced.properties).toEqual({ tier: 'gold' });
    expect(replaced.title).toBeUndefined();
    expect(affected()).toEqual([{ blueprint: 'service', identifier: 'cart', title: 'Cart', change: 'updated' }]);
  });

  it('fails on a relation to an entity that does not exist, with Port\'s reason, and creates it with create-missing-related-entities', async () => {
    await sandbox({ blueprints: [SERVICE, CLUSTER] });
    const inputs = { operation: 'upsert', blueprint: 'service', identifier: 'cart', relations: '{"cluster": "eu-9"}' };
    const refused = await step(inputs);
    expect(refused.code).toBe(1);
    expect(commands(refused, 'error')).toEqual([expect.stringMatching(/^Could not upsert entity cart of blueprint service: Port answered 404 not_found: Related entity with identifier "eu-9" of blueprint "cluster" .*\(trace id [0-9a-f-]{36}\)$/)]);
    expect(api.entities.size).toBe(0);
    expect(refused.outputs).toEqual({});

    const created = await step({ ...inputs, 'create-missing-related-entities': 'true' });
    expect(created.code, created.stdout).toBe(0);
    expect(api.entities.get('cluster', 'eu-9')).toMatchObject({ identifier: 'eu-9' });
    expect(affected().map(({ blueprint, identifier, change }) => `${change} ${blueprint}/${identifier}`)).toEqual(['created cluster/eu-9', 'created service/cart']);
  });

  it('checks with Port and writes nothing with validation-only, and lists nothing on the run', async () => {
    await sandbox({ blueprints: [SERVICE] });
    const valid = await step({ operation: 'upsert', blueprint: 'service', identifier: 'cart', properties: '{"tier": "gold"}', 'validation-only': 'true' });
    expect(valid.code, valid.stdout).toBe(0);
    expect(api.entities.size).toBe(0);
    expect(affected()).toEqual([]);
    expect(valid.stdout).toContain('Valid (validation only, nothing written): service/cart\n');
    expect(valid.summary).toBe('### Port entities: upsert, validation only\n\n- valid service/cart\n\n');

    const invalid = await step({ operation: 'upsert', blueprint: 'service', identifier: 'cart', properties: '{"tier": "bronze"}', 'validation-only': 'true' });
    expect(invalid.code).toBe(1);
    expect(commands(invalid, 'error')[0]).toMatch(/Port answered 422 .*tier/);
  });

  it('lists nothing with link-run: false, and refuses a run-id beside it', async () => {
    await sandbox();
    const unlinked = await step({ operation: 'upsert', blueprint: 'service', identifier: 'cart', 'link-run': 'false' });
    expect(unlinked.code).toBe(0);
    expect(api.entities.get('service', 'cart')).toBeDefined();
    expect(affected()).toEqual([]);
    expect(unlinked.summary).toBe('### Port entities: upsert\n\n- upserted service/cart\n\n');

    const both = await step({ operation: 'upsert', blueprint: 'service', identifier: 'other', 'link-run': 'no', 'run-id': RUN_ID });
    expect(both.code).toBe(1);
    expect(commands(both, 'error')).toEqual([`Invalid run-id '${RUN_ID}' with link-run: false. Give one: run-id lists the writes on that run, link-run: false on none.`]);
    expect(portCalls()).toHaveLength(1);
  });

  it('lists the write on the run named by run-id rather than PORT_RUN_ID', async () => {
    await sandbox({ runs: [RUN_ID, 'r_otherRun0001'] });
    const result = await step({ operation: 'upsert', blueprint: 'service', identifier: 'cart', 'run-id': 'r_otherRun0001' });
    expect(result.code).toBe(0);
    expect(affected()).toEqual([]);
    expect(api.runs.get('r_otherRun0001')!.entities).toEqual([{ blueprint: 'service', identifier: 'cart', change: 'created' }]);
  });

  it('writes without the link, warning, when the run has already ended', async () => {
    await sandbox();
    api.runs.get(RUN_ID)!.status = 'SUCCESS';
    const result = await step({ operation: 'upsert', blueprint: 'service', identifier: 'cart' });
    expect(result.code, result.stdout).toBe(0);
    expect(api.entities.get('service', 'cart')).toBeDefined();
    expect(commands(result, 'warning')).toEqual(['run r_entityStep0001 has ended, and Port lists entities on a run only while it is in progress: written without the link']);
    expect(result.summary).toBe('### Port entities: upsert\n\n- upserted service/cart\n\n');
  });

  it('says in the log that nothing is listed when no run is known (a workflow Port did not start)', async () => {
    await sandbox();
    const result = await step({ operation: 'upsert', blueprint: 'service', identifier: 'cart' }, { env: { PORT_RUN_ID: undefined } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Not listed on a Port run: no run id (set run-id, or run the root port-ci action earlier in this job).\n');
    expect(commands(result, 'warning')).toEqual([]);
  });

  it('reads the entity from a JSON or YAML file (a path from the workspace), its own blueprint field included', async () => {
    await sandbox();
    const json = file('cart.json', JSON.stringify({ identifier: 'cart', blueprint: 'service', title: 'Cart', properties: { tier: 'gold' } }));
    const fromJson = await step({ operation: 'upsert', file: json });
    expect(fromJson.code, fromJson.stdout).toBe(0);
    expect(api.entities.get('service', 'cart')).toMatchObject({ title: 'Cart', properties: { tier: 'gold' } });

    const yaml = file('auth.yaml', 'identifier: auth\ntitle: Auth\nteam: [payments]\nproperties:\n  tier: silver\n  replicas: 2\n');
    const fromYaml = await step({ operation: 'upsert', blueprint: 'service', file: yaml });
    expect(fromYaml.code, fromYaml.stdout).toBe(0);
    expect(api.entities.get('service', 'auth')).toMatchObject({ title: 'Auth', team: ['payments'], properties: { tier: 'silver', replicas: 2 } });
  });

  it.each([
    ['no operation', {}, 'Invalid operation: it is empty. Expected upsert, bulk, get, search or delete.'],
    ['an unknown operation', { operation: 'patch' }, "Invalid operation 'patch'. Expected upsert, bulk, get, search or delete."],
    ['no identifier and no file', { operation: 'upsert', blueprint: 'service' }, 'upsert: the identifier input is required (or the file input)'],
    ['no blueprint', { operation: 'upsert', identifier: 'cart' }, 'the inputs: no blueprint: give the blueprint input, or a "blueprint" field on the entity'],
    ['an identifier Port refuses', { operation: 'upsert', blueprint: 'service', identifier: 'a b' }, 'the inputs: identifier "a b" is not accepted; Port takes letters, digits and @ _ . + : \\ / = - (not "." or ".." alone)'],
    ['a blueprint Port refuses', { operation: 'upsert', blueprint: 'ser vice', identifier: 'cart' }, 'the blueprint input: blueprint: expected a blueprint identifier such as "service" (letters, digits, @ _ = -) but found the string "ser vice"'],
    ['properties that are not JSON', { operation: 'upsert', blueprint: 'service', identifier: 'cart', properties: '{tier: gold}' }, /^the properties input: not JSON \(.*\); expected an object such as '\{"tier": "gold"\}'$/],
    ['relations that are a list', { operation: 'upsert', blueprint: 'service', identifier: 'cart', relations: '["eu-1"]' }, 'the relations input: expected a JSON object such as \'{"tier": "gold"}\' but found a list'],
    ['a boolean that is not one', { operation: 'upsert', blueprint: 'service', identifier: 'cart', merge: 'sometimes' }, "Invalid merge 'sometimes'. Expected true or false."],
    ['an input of another operation', { operation: 'upsert', blueprint: 'service', identifier: 'cart', rule: 'tier=gold' }, 'Invalid rule for operation upsert: upsert does not take it. It takes blueprint, identifier, title, icon, team, properties, relations, file, merge, create-missing-related-entities, validation-only, skip-unchanged, link-run or run-id.'],
    ['a file and fields', { operation: 'upsert', blueprint: 'service', identifier: 'cart', file: 'cart.json' }, 'upsert: the file input and the identifier input contradict each other; give the entity in the file or in inputs'],
    ['a file that is not there', { operation: 'upsert', blueprint: 'service', file: 'no/such.json' }, /^Invalid file 'no\/such\.json': no such file \(\/.*\/no\/such\.json\)\. Expected a path, from the workspace, to a JSON, YAML or NDJSON file of entities\.$/],
  ] as [string, Record<string, string>, string | RegExp][])('fails before calling Port on %s, naming the input', async (_case, inputs, message) => {
    await sandbox();
    const result = await step(inputs);
    expect(result.code).toBe(1);
    const errors = commands(result, 'error');
    expect(errors).toHaveLength(1);
    if (typeof message === 'string') expect(errors[0]).toBe(message);
    else expect(errors[0]).toMatch(message);
    expect(api.requests).toEqual([]);
  });

  it('refuses a file of two entities, which is bulk\'s work', async () => {
    await sandbox();
    const two = file('two.json', JSON.stringify([{ identifier: 'a' }, { identifier: 'b' }]));
    const result = await step({ operation: 'upsert', blueprint: 'service', file: two });
    expect(result.code).toBe(1);
    expect(commands(result, 'error')).toEqual([`upsert: ${two} holds 2 entities; upsert writes one (use bulk for several)`]);
  });

  it('fails, after the retries, when Port is down, and when it refuses the credentials', async () => {
    await sandbox();
    api.failNext(1000, 503);
    const down = await step({ operation: 'upsert', blueprint: 'service', identifier: 'cart' }, { env: FAST_DEADLINE });
    expect(down.code).toBe(1);
    expect(commands(down, 'error')).toEqual([expect.stringMatching(/^Could not get an access token: Port answered 503 .*; gave up after \d+ attempts in \d+\.\d s/)]);

    await api.close();
    await sandbox();
    const refused = await step({ operation: 'upsert', blueprint: 'service', identifier: 'cart' }, { env: { PORT_CLIENT_SECRET: 'not-the-secret' } });
    expect(refused.code).toBe(1);
    expect(commands(refused, 'error')[0]).toMatch(/^Could not get an access token: Port answered 401 unauthorized/);
  });

  it('fails when there are no credentials, saying where they come from', async () => {
    await sandbox();
    const result = await step({ operation: 'get', blueprint: 'service', identifier: 'cart' }, { env: { PORT_CLIENT_ID: undefined, PORT_CLIENT_SECRET: undefined } });
    expect(result.code).toBe(1);
    expect(commands(result, 'error')).toEqual(['Cannot reach Port: no Port credentials: set port-client-id and port-client-secret (or PORT_CLIENT_ID and PORT_CLIENT_SECRET).']);
  });

  it('uses the token an earlier step of the job shared, and keeps the client secret out of everything', async () => {
    await sandbox();
    const runnerTemp = tempDir('port-ci-runner-temp-');
    const env = { RUNNER_TEMP: runnerTemp };
    // The first step has its credentials and Port's URL as inputs, as a job without the root action gives them.
    const first = await step(
      { operation: 'upsert', blueprint: 'service', identifier: 'cart', 'port-client-id': CLIENT_ID, 'port-client-secret': CLIENT_SECRET, 'port-base-url': api.url },
      { env: { ...env, PORT_CLIENT_ID: undefined, PORT_CLIENT_SECRET: undefined, PORT_BASE_URL: undefined } },
    );
    const second = await step({ operation: 'get', blueprint: 'service', identifier: 'cart' }, { env: { ...env, PORT_CLIENT_SECRET: undefined } });
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(api.authCount()).toBe(1);
    for (const result of [first, second]) {
      const shown = { ...result, stdout: result.stdout.replace(`::add-mask::${CLIENT_SECRET}\n`, '') };
      expect(JSON.stringify(shown)).not.toContain(CLIENT_SECRET);
    }
  });
});

describe('actions/entity bulk', () => {
  const ndjson = (entities: object[]) => `${entities.map((entity) => JSON.stringify(entity)).join('\n')}\n`;

  it('writes every entity of an NDJSON file, 20 a call, counts created and updated, and lists them on the run', async () => {
    const existing = Array.from({ length: 5 }, (_, i) => ({ blueprint: 'service', identifier: `svc-${i}`, title: `Old ${i}` }));
    await sandbox({ entities: existing });
    const entities = Array.from({ length: 60 }, (_, i) => ({ identifier: `svc-${i}`, title: `Service ${i}`, properties: { index: i } }));
    const result = await step({ operation: 'bulk', blueprint: 'service', file: file('services.ndjson', ndjson(entities)) });

    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ created: '55', updated: '5', failed: '0', failures: '[]' });
    expect(JSON.parse(result.outputs.identifiers!).sort()).toEqual(entities.map((entity) => entity.identifier).sort());
    expect(portCalls().map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual(Array(3).fill('POST /v1/blueprints/service/entities/bulk 200'));
    expect(api.entities.get('service', 'svc-59')).toMatchObject({ title: 'Service 59', properties: { index: 59 } });
    expect(affected()).toHaveLength(60);
    expect(result.stdout).toContain('60 written (55 created, 5 updated), 0 failed, in 3 calls\n');

    const lines = result.summary.split('\n');
    expect(lines[0]).toBe('### Port entities: bulk: 60 written (55 created, 5 updated), 0 failed, in 3 calls, listed on run r_entityStep0001');
    const items = lines.filter((line) => line.startsWith('- '));
    expect(items).toHaveLength(51);
    expect(items.at(-1)).toBe('- and 10 more');
    expect(items.filter((line) => line.startsWith('- updated '))).toEqual([]); // the cap reached: created come first
    expect(items[0]).toMatch(/^- created service\/svc-\d+ \(Service \d+\)$/);
  });

  it('fails the step on a partial failure, naming each refused entity with its line and Port\'s reason; the rest are written', async () => {
    await sandbox({ blueprints: [SERVICE] });
    const entities = [
      { identifier: 'ok-1', properties: { tier: 'gold' } },
      { identifier: 'bad-1', properties: { tier: 'bronze' } },
      { identifier: 'ok-2' },
      { identifier: 'bad-2', properties: { replicas: 'three' } },
    ];
    const services = file('services.ndjson', ndjson(entities));
    const result = await step({ operation: 'bulk', blueprint: 'service', file: services });

    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({ created: '2', updated: '0', failed: '2', identifiers: '["ok-1","ok-2"]' });
    const failures = JSON.parse(result.outputs.failures!) as Record<string, unknown>[];
    expect(failures.map(({ identifier, source, statusCode }) => [identifier, source, statusCode])).toEqual([
      ['bad-1', `${services} line 2`, 422],
      ['bad-2', `${services} line 4`, 422],
    ]);
    const errors = commands(result, 'error');
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(new RegExp(`^service/bad-1 \\(${services.replace(/[.]/g, '\\.')} line 2\\) failed: 422 \\S+: .*tier`));
    expect(errors[1]).toMatch(/^service\/bad-2 \(.* line 4\) failed: 422 \S+: .*replicas/);
    expect(errors[2]).toBe("2 of 4 entities were not written; each is named above with Port's reason (the failures output lists them).");
    expect([...api.entities.all()].map((entity) => entity.identifier).sort()).toEqual(['ok-1', 'ok-2']);
    const items = result.summary.split('\n').filter((line) => line.startsWith('- '));
    expect(items.slice(0, 2)).toEqual([expect.stringMatching(/^- \*\*failed\*\* service\/bad-1 \(.* line 2\): 422 /), expect.stringMatching(/^- \*\*failed\*\* service\/bad-2 /)]);
    expect(items.slice(2)).toEqual(['- created service/ok-1', '- created service/ok-2']);
  });

  it('with skip-unchanged, reads first, writes only what changed, and counts the unchanged in its outputs and summary', async () => {
    const held = Array.from({ length: 40 }, (_, i) => ({ blueprint: 'service', identifier: `svc-${i}`, title: `Service ${i}` }));
    await sandbox({ entities: held });
    const given = held.map(({ identifier, title }, i) => ({ identifier, title: i === 3 ? 'Renamed' : title }));
    const result = await step({ operation: 'bulk', blueprint: 'service', file: file('services.ndjson', ndjson([...given, { identifier: 'svc-new' }])), 'skip-unchanged': 'true' });

    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ created: '1', updated: '1', unchanged: '39', failed: '0', identifiers: '["svc-new","svc-3"]' });
    expect(portCalls().map((call) => `${call.method} ${call.path}`)).toEqual(['POST /v1/blueprints/service/entities/search', 'POST /v1/blueprints/service/entities/bulk']);
    expect(affected().map(({ identifier }) => identifier).sort()).toEqual(['svc-3', 'svc-new']);
    const lines = result.summary.split('\n');
    expect(lines[0]).toBe('### Port entities: bulk: 2 written (1 created, 1 updated), 39 unchanged, 0 failed, in 2 calls (1 to read), listed on run r_entityStep0001');
    expect(lines.filter((line) => line.startsWith('- '))).toEqual(['- created service/svc-new', '- updated service/svc-3 (Renamed)']);

    const plain = await step({ operation: 'bulk', blueprint: 'service', file: file('again.ndjson', ndjson(given)) });
    expect(plain.outputs.unchanged).toBeUndefined();
  });

  it('upsert with skip-unchanged writes nothing when Port holds the entity as given, and says so', async () => {
    await sandbox({ entities: [{ blueprint: 'service', identifier: 'svc-a', title: 'Svc A' }] });
    const same = await step({ operation: 'upsert', blueprint: 'service', identifier: 'svc-a', title: 'Svc A', 'skip-unchanged': 'true' });
    expect(same.code, same.stdout).toBe(0);
    expect(same.outputs).toMatchObject({ unchanged: 'true', identifier: 'svc-a' });
    expect(JSON.parse(same.outputs.entity!)).toMatchObject({ identifier: 'svc-a', title: 'Svc A' });
    expect(portCalls().map((call) => `${call.method} ${call.path}`)).toEqual(['GET /v1/blueprints/service/entities/svc-a']);
    expect(same.stdout).toContain('Unchanged (Port holds it as given, nothing written): service/svc-a\n');
    expect(same.summary.split('\n')).toContain('- unchanged service/svc-a (Svc A)');
    expect(affected()).toEqual([]);

    const changed = await step({ operation: 'upsert', blueprint: 'service', identifier: 'svc-a', title: 'Svc B', 'skip-unchanged': 'true' });
    expect(changed.outputs).toMatchObject({ unchanged: 'false' });
    expect(api.entities.get('service', 'svc-a')!.title).toBe('Svc B');
  });

  it('refuses skip-unchanged where it means nothing', async () => {
    await sandbox();
    const result = await step({ operation: 'delete', blueprint: 'service', identifier: 'svc-a', 'skip-unchanged': 'true' });
    expect(result.code).toBe(1);
    expect(commands(result, 'error')[0]).toContain('skip-unchanged');
    expect(portCalls()).toEqual([]);
  });

  it('paces its calls by Port\'s rate-limit headers: no call is answered 429', async () => {
    await sandbox({ rateLimit: { limit: 4, periodSeconds: 1 } });
    const entities = Array.from({ length: 120 }, (_, i) => ({ identifier: `svc-${i}` }));
    const result = await step({ operation: 'bulk', blueprint: 'service', file: file('many.json', JSON.stringify(entities)), concurrency: '3' });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ created: '120', failed: '0' });
    expect(api.requests.filter((request) => request.status === 429)).toEqual([]);
    expect(portCalls()).toHaveLength(6);
  });

  it('takes a YAML list and Port\'s {"entities": [...]} body, entities of several blueprints, and writes nothing with validation-only', async () => {
    await sandbox();
    const yaml = file('catalog.yml', '- identifier: eu-1\n  blueprint: cluster\n- identifier: cart\n  properties:\n    tier: gold\n');
    const checked = await step({ operation: 'bulk', blueprint: 'service', file: yaml, 'validation-only': 'true' });
    expect(checked.code, checked.stdout).toBe(0);
    expect(api.entities.size).toBe(0);
    expect(affected()).toEqual([]);
    expect(checked.summary.split('\n')[0]).toBe('### Port entities: bulk, validation only: 2 valid (2 created, 0 updated), 0 failed, in 2 calls');

    const body = file('bulk.json', JSON.stringify({ entities: [{ identifier: 'eu-1', blueprint: 'cluster' }, { identifier: 'cart' }] }));
    const written = await step({ operation: 'bulk', blueprint: 'service', file: body });
    expect(written.code, written.stdout).toBe(0);
    expect([...api.entities.all()].map((entity) => `${entity.blueprint}/${entity.identifier}`).sort()).toEqual(['cluster/eu-1', 'service/cart']);
  });

  it('merges with merge: true and creates the entities relations name with create-missing-related-entities', async () => {
    await sandbox({ entities: [{ blueprint: 'service', identifier: 'cart', title: 'Cart', properties: { tier: 'gold', owner: 'dana' } }] });
    const entities = [{ identifier: 'cart', properties: { tier: 'silver' }, relations: { cluster: 'eu-1' } }, { identifier: 'auth', relations: { cluster: 'eu-1' } }];
    const services = file('services.json', JSON.stringify(entities));
    const refused = await step({ operation: 'bulk', blueprint: 'service', file: services, merge: 'true' });
    expect(refused.code).toBe(1);
    expect(refused.outputs).toMatchObject({ created: '0', updated: '0', failed: '2' });
    expect(commands(refused, 'error')[0]).toMatch(/^service\/cart \(.* item 1\) failed: 404 not_found: Related entity with identifier "eu-1"/);

    const written = await step({ operation: 'bulk', blueprint: 'service', file: services, merge: 'true', 'create-missing-related-entities': 'true' });
    expect(written.code, written.stdout).toBe(0);
    expect(written.outputs).toMatchObject({ created: '1', updated: '1', failed: '0' });
    expect(api.entities.get('service', 'cart')).toMatchObject({ title: 'Cart', properties: { tier: 'silver', owner: 'dana' }, relations: { cluster: 'eu-1' } });
    expect(api.entities.get('cluster', 'eu-1')).toBeDefined();
  });

  it.each([
    ['no file', { operation: 'bulk', blueprint: 'service' }, 'bulk: the file input is required (a path to a JSON, YAML or NDJSON file of entities)'],
    ['an identifier beside the file', { operation: 'bulk', blueprint: 'service', identifier: 'x', file: 'x.json' }, 'Invalid identifier for operation bulk: bulk does not take it. It takes blueprint, file, merge, create-missing-related-entities, validation-only, skip-unchanged, concurrency, link-run or run-id.'],
    ['a concurrency out of range', { operation: 'bulk', blueprint: 'service', file: 'x.json', concurrency: '0' }, "Invalid concurrency '0'. Expected a whole number from 1 to 50."],
  ])('fails before calling Port on %s', async (_case, inputs, message) => {
    await sandbox();
    const result = await step(inputs);
    expect(result.code).toBe(1);
    expect(commands(result, 'error')).toEqual([message]);
    expect(api.requests).toEqual([]);
  });

  it('names the line of an NDJSON file that is not an entity, sending nothing', async () => {
    await sandbox();
    const broken = file('broken.ndjson', '{"identifier": "a"}\n{"identifier": "b", "propertys": {}}\n');
    const result = await step({ operation: 'bulk', blueprint: 'service', file: broken });
    expect(result.code).toBe(1);
    expect(commands(result, 'error')).toEqual([`${broken} line 2: unknown field "propertys"; an entity takes identifier, title, icon, team, properties, relations, blueprint`]);
    expect(api.requests).toEqual([]);
  });
});

describe('actions/entity get, search and delete', () => {
  const CATALOG = [
    { blueprint: 'service', identifier: 'cart', title: 'Cart', properties: { tier: 'gold', replicas: 3 } },
    { blueprint: 'service', identifier: 'auth', title: 'Auth', properties: { tier: 'silver', replicas: 1 } },
    { blueprint: 'service', identifier: 'search', title: 'Search', properties: { tier: 'gold', replicas: 1 } },
    { blueprint: 'cluster', identifier: 'eu-1', title: 'EU 1', properties: { tier: 'gold' } },
  ];

  it('gets an entity as JSON, and fails naming it when Port has none', async () => {
    await sandbox({ entities: CATALOG });
    const result = await step({ operation: 'get', blueprint: 'service', identifier: 'cart' });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.outputs.entity!)).toMatchObject({ identifier: 'cart', title: 'Cart', properties: { tier: 'gold', replicas: 3 } });
    expect(result.outputs).toMatchObject({ identifier: 'cart', identifiers: '["cart"]' });
    expect(result.summary).toBe(''); // nothing changed

    const missing = await step({ operation: 'get', blueprint: 'service', identifier: 'nope' });
    expect(missing.code).toBe(1);
    expect(commands(missing, 'error')[0]).toMatch(/^Could not read entity nope of blueprint service: Port answered 404 not_found/);
    const noKey = await step({ operation: 'get', identifier: 'cart' });
    expect(commands(noKey, 'error')).toEqual(["Invalid blueprint: it is empty. get needs the entity's blueprint."]);
  });

  it('searches a blueprint by rules, one per line, with include and limit, and gives the entities as JSON and as a file', async () => {
    await sandbox({ entities: CATALOG });
    const runnerTemp = tempDir('port-ci-runner-temp-'); // the harness removes its own at the step's end
    const result = await step({ operation: 'search', blueprint: 'service', rule: 'tier=gold\nreplicas>=1\n', include: 'identifier\nproperties.tier' }, { env: { RUNNER_TEMP: runnerTemp } });
    expect(result.code, result.stdout).toBe(0);
    const found = JSON.parse(result.outputs.entities!) as Record<string, unknown>[];
    expect(found.map((entity) => entity.identifier).sort()).toEqual(['cart', 'search']);
    expect(found.every((entity) => entity.title === undefined)).toBe(true);
    expect(result.outputs.count).toBe('2');
    expect(JSON.parse(result.outputs.identifiers!).sort()).toEqual(['cart', 'search']);
    expect(path.dirname(result.outputs['entities-file']!)).toBe(runnerTemp);
    expect(JSON.parse(readFileSync(result.outputs['entities-file']!, 'utf8'))).toEqual(found);
    expect(result.summary).toBe('');

    // Port's blueprint search names them its own way; that works too, and the organisation-wide search takes paths.
    const portNames = await step({ operation: 'search', blueprint: 'service', rule: 'tier=gold', include: '$identifier\ntier' });
    expect(JSON.parse(portNames.outputs.entities!)).toEqual(found);
    const everywhere = await step({ operation: 'search', rule: 'tier=gold', include: '$identifier\nproperties.tier' });
    expect(JSON.parse(everywhere.outputs.entities!)).toEqual(expect.arrayContaining(found));
    expect(everywhere.outputs.count).toBe('3');

    const limited = await step({ operation: 'search', blueprint: 'service', limit: '1' });
    expect(JSON.parse(limited.outputs.entities!)).toHaveLength(1);
  });

  it('pages through a large result; over 1 MB of JSON it leaves the entities output empty, warning, and the file holds them all', async () => {
    const notes = 'n'.repeat(1000);
    await sandbox({ entities: Array.from({ length: 1100 }, (_, i) => ({ blueprint: 'service', identifier: `svc-${String(i).padStart(4, '0')}`, properties: { notes } })) });
    const runnerTemp = tempDir('port-ci-runner-temp-');
    const result = await step({ operation: 'search', blueprint: 'service' }, { env: { RUNNER_TEMP: runnerTemp } });
    expect(result.code, result.stdout).toBe(0);
    expect(portCalls().map((call) => call.path)).toEqual(Array(2).fill('/v1/blueprints/service/entities/search'));
    expect(result.outputs.count).toBe('1100');
    expect(result.outputs.entities).toBeUndefined();
    expect(commands(result, 'warning')).toEqual([
      expect.stringMatching(/^The entities output is left empty: its \d+ bytes of JSON are over GitHub's limit of 1 MB for one output; read the entities-file output, or narrow the search \(include, limit\)\.$/),
    ]);
    expect(JSON.parse(readFileSync(result.outputs['entities-file']!, 'utf8'))).toHaveLength(1100);
    expect(JSON.parse(result.outputs.identifiers!)).toHaveLength(1100);
  });

  it('searches every blueprint with the or combinator and Port\'s own rule objects', async () => {
    await sandbox({ entities: CATALOG });
    const result = await step({
      operation: 'search',
      rule: '$identifier=auth',
      'rule-json': JSON.stringify([{ property: '$blueprint', operator: '=', value: 'cluster' }]),
      combinator: 'or',
    });
    expect(result.code, result.stdout).toBe(0);
    expect((JSON.parse(result.outputs.entities!) as { identifier: string }[]).map((entity) => entity.identifier).sort()).toEqual(['auth', 'eu-1']);
    expect(portCalls().map((call) => call.path)).toEqual(['/v1/entities/search']);
  });

  it.each([
    ['no rule and no blueprint', { operation: 'search' }, 'Invalid search: no rule and no blueprint. Give rule (one per line), rule-json, blueprint, or a blueprint with rules.'],
    ['a rule without an operator', { operation: 'search', rule: 'tier gold' }, /^rule 'tier gold': no operator; expected property=value/],
    ['a combinator Port has not', { operation: 'search', blueprint: 'service', combinator: 'xor' }, 'the combinator input: "xor" is not accepted; expected and or or'],
    ['rule-json that is not a rule', { operation: 'search', 'rule-json': '[{"property": "tier"}]' }, 'rule-json item 1: expected a rule object with an "operator" (or a nested {"combinator", "rules"})'],
    ['a limit that is not a number', { operation: 'search', blueprint: 'service', limit: 'all' }, "Invalid limit 'all'. Expected a whole number from 1 to 1000000."],
    ['a write input', { operation: 'search', blueprint: 'service', merge: 'true' }, 'Invalid merge for operation search: search does not take it. It takes blueprint, rule, rule-json, combinator, include or limit.'],
  ] as [string, Record<string, string>, string | RegExp][])('refuses a search with %s, before calling Port', async (_case, inputs, message) => {
    await sandbox();
    const result = await step(inputs);
    expect(result.code).toBe(1);
    const [error] = commands(result, 'error');
    if (typeof message === 'string') expect(error).toBe(message);
    else expect(error).toMatch(message);
    expect(api.requests).toEqual([]);
  });

  it('deletes an entity, listed on the run; one that others depend on only with delete-dependents', async () => {
    await sandbox({
      blueprints: [SERVICE, CLUSTER],
      entities: [
        { blueprint: 'cluster', identifier: 'eu-1', title: 'EU 1' },
        { blueprint: 'service', identifier: 'cart', relations: { cluster: 'eu-1' } },
        { blueprint: 'service', identifier: 'auth' },
      ],
    });
    const plain = await step({ operation: 'delete', blueprint: 'service', identifier: 'auth' });
    expect(plain.code, plain.stdout).toBe(0);
    expect(plain.outputs).toMatchObject({ identifier: 'auth', identifiers: '["auth"]' });
    expect(plain.summary).toBe('### Port entities: delete, listed on run r_entityStep0001\n\n- deleted service/auth\n\n');

    const refused = await step({ operation: 'delete', blueprint: 'cluster', identifier: 'eu-1' });
    expect(refused.code).toBe(1);
    expect(commands(refused, 'error')[0]).toMatch(/^Could not delete entity eu-1 of blueprint cluster: Port answered 422 .*delete_dependents=true/);
    expect(api.entities.get('cluster', 'eu-1')).toBeDefined();

    const cascade = await step({ operation: 'delete', blueprint: 'cluster', identifier: 'eu-1', 'delete-dependents': 'true' });
    expect(cascade.code, cascade.stdout).toBe(0);
    expect(api.entities.size).toBe(0);
    expect(affected().map(({ blueprint, identifier, change }) => `${change} ${blueprint}/${identifier}`)).toEqual(['deleted service/auth', 'deleted cluster/eu-1', 'deleted service/cart']);
  });
});

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { root, runCliAsync, tempDir, writeJson } from '../support/cli.js';

/*
 * `port-ci entity` and `port-ci run` over the pieces they share with actions/entity and actions/run (src/catalog),
 * as processes against the sandbox: the npm package's CLI and the one-file build a GitLab job vendors.
 */

const VENDORED = path.join(root, 'dist', 'vendor', 'port-ci.cjs');
const RUN_ID = 'r_cliCatalog0001';

let sandbox: Sandbox;
afterEach(async () => sandbox?.close());

async function start(options: SandboxOptions = {}) {
  sandbox = await startSandbox({ runs: [RUN_ID], ...options });
  return { PORT_BASE_URL: sandbox.url, PORT_CLIENT_ID: SANDBOX_CLIENT_ID, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, PORT_RUN_ID: RUN_ID };
}

describe.each([
  ['the npm package', undefined],
  ['the one-file build', VENDORED],
])('port-ci entity (%s)', (_name, bundle) => {
  it('upserts from flags listed on the run, and a bulk file with a refused entity exits 3 naming it', async () => {
    const env = await start({ blueprints: [{ identifier: 'service', schema: { properties: { tier: { type: 'string', enum: ['gold', 'silver'] } } } }] });
    const upsert = await runCliAsync(['entity', 'upsert', '--blueprint', 'service', '--identifier', 'cart', '--team', 'a', '--team', 'b', '--properties', '{"tier":"gold"}'], { env, bundle });
    expect(upsert.stderr).toBe('');
    expect(upsert).toMatchObject({ code: 0, stdout: `upserted service/cart (listed on run ${RUN_ID})\n` });
    expect(sandbox.entities.get('service', 'cart')).toMatchObject({ team: ['a', 'b'], properties: { tier: 'gold' } });

    const file = path.join(tempDir('port-ci-cli-catalog-'), 'services.ndjson');
    writeFileSync(file, '{"identifier": "auth", "properties": {"tier": "silver"}}\n{"identifier": "search", "properties": {"tier": "bronze"}}\n');
    const bulk = await runCliAsync(['entity', 'bulk', '--blueprint', 'service', '--file', file, '--json'], { env, bundle });
    expect(bulk.code).toBe(3);
    expect(JSON.parse(bulk.stdout)).toMatchObject({ created: [{ blueprint: 'service', identifier: 'auth' }], updated: [], failed: [{ identifier: 'search', source: `${file} line 2`, statusCode: 422 }], calls: 1 });
    expect(bulk.stderr).toMatch(new RegExp(`^port-ci: entity bulk: service/search \\(${file.replace(/[.]/g, '\\.')} line 2\\) failed: 422 \\S+: .*tier`, 'm'));
    expect(sandbox.runs.get(RUN_ID)!.entities!.map((entity) => entity.identifier)).toEqual(['cart', 'auth']);
  });

  it('searches a blueprint with --include named either way, and refuses --file beside --identifier', async () => {
    const env = await start({ entities: [{ blueprint: 'service', identifier: 'cart', title: 'Cart', properties: { tier: 'gold' } }] });
    for (const include of [['identifier', 'properties.tier'], ['$identifier', 'tier']]) {
      const found = await runCliAsync(['entity', 'search', '--blueprint', 'service', '--rule', 'tier=gold', ...include.flatMap((field) => ['--include', field]), '--json'], { env, bundle });
      expect(found.code, found.stderr).toBe(0);
      expect(JSON.parse(found.stdout)).toEqual([{ identifier: 'cart', properties: { tier: 'gold' } }]);
    }
    const both = await runCliAsync(['entity', 'upsert', '--blueprint', 'service', '--identifier', 'x', '--file', writeJson(tempDir(), 'x.json', { identifier: 'x' })], { env, bundle });
    expect(both).toMatchObject({ code: 2, stderr: 'port-ci: entity upsert: --file and --identifier contradict each other; give the entity in the file or in flags\n' });
  });
});

describe('port-ci run create --wait', () => {
  it('waits while the run waits for approval, then to its end', async () => {
    const env = await start({
      actions: [{
        identifier: 'drop_db',
        trigger: { type: 'self-service', operation: 'CREATE', userInputs: { properties: {} } },
        invocationMethod: { type: 'WEBHOOK', url: 'https://hooks.example/x' },
        requiredApproval: { type: 'ANY' },
      }],
    });
    const waiting = runCliAsync(['run', 'create', '--action', 'drop_db', '--wait', '--poll-interval', '100ms', '--json'], { env });
    let run: { id: string; status: string } | undefined;
    while (!(run = [...sandbox.runs.values()].find((each) => each.action === 'drop_db'))) await new Promise((resolve) => setTimeout(resolve, 20));
    const token = sandbox.issueToken();
    const patch = (suffix: string, body: unknown) =>
      fetch(`${sandbox.url}/v1/actions/runs/${run!.id}${suffix}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    /** Until the command has read the run `count` times in all. */
    const reads = async (count: number) => {
      while (sandbox.requests.filter((request) => request.method === 'GET' && request.path === `/v1/actions/runs/${run!.id}`).length < count) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    await reads(2); // it read the run waiting for approval, and went on waiting
    expect((await patch('/approval', { status: 'APPROVE' })).status).toBe(201);
    await reads(4);
    expect((await patch('', { status: 'SUCCESS' })).status).toBe(200);
    const result = await waiting;

    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: run.id, status: 'SUCCESS' });
    expect(result.stderr.split('\n').filter((line) => line.includes(' is '))).toEqual([
      `port-ci: run create: ${run.id} is WAITING_FOR_APPROVAL`,
      `port-ci: run create: ${run.id} is IN_PROGRESS`,
      `port-ci: run create: ${run.id} is SUCCESS`,
    ]);
  });
});

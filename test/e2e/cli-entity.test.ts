/*
 * `port-ci entity` and `port-ci run` as a user runs them: the bundled CLI as a process, the sandbox as Port over
 * real HTTP (entity and run routes checked against Port's schemas there), the current run in PORT_RUN_ID.
 */
import { writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { runCliAsync, tempDir } from '../support/cli.js';

let sandbox: Sandbox;
afterEach(async () => sandbox?.close());

async function start(options: SandboxOptions = {}): Promise<Record<string, string>> {
  sandbox = await startSandbox({ runs: ['r_job'], ...options });
  return { PORT_BASE_URL: sandbox.url, PORT_CLIENT_ID: SANDBOX_CLIENT_ID, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, PORT_RUN_ID: 'r_job' };
}

const cli = (args: string[], env: Record<string, string>, input?: string) => runCliAsync(args, { env, ...(input === undefined ? {} : { input }), timeoutMs: 60_000 });
const affected = () => (sandbox.runs.get('r_job')!.entities ?? []).map(({ blueprint, identifier, change }) => `${blueprint}/${identifier} ${change}`);
const apiCalls = (pattern: RegExp) => sandbox.requests.filter((request) => pattern.test(request.path)).length;

function file(name: string, text: string): string {
  const target = path.join(tempDir('port-ci-entity-'), name);
  writeFileSync(target, text);
  return target;
}

describe('port-ci entity upsert', () => {
  it('writes the entity from flags, lists it on the current run, and prints it with --json', async () => {
    const env = await start();
    const result = await cli(['entity', 'upsert', '--blueprint', 'service', '--identifier', 'svc-a', '--title', 'Svc A', '--team', 'platform', '--properties', '{"tier":"gold"}', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ identifier: 'svc-a', title: 'Svc A', team: 'platform', properties: { tier: 'gold' } });
    expect(sandbox.entities.get('service', 'svc-a')).toMatchObject({ title: 'Svc A', properties: { tier: 'gold' } });
    expect(affected()).toEqual(['service/svc-a created']);
  });

  it('replaces by default and keeps the other fields with --merge; --no-run leaves the run alone', async () => {
    const env = await start();
    await cli(['entity', 'upsert', '--blueprint', 'service', '--identifier', 'svc-a', '--title', 'Svc A', '--properties', '{"tier":"gold","lang":"go"}', '--no-run'], env);
    const merged = await cli(['entity', 'upsert', '--blueprint', 'service', '--identifier', 'svc-a', '--properties', '{"tier":"silver"}', '--merge', '--no-run'], env);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toBe('upserted service/svc-a\n');
    expect(sandbox.entities.get('service', 'svc-a')).toMatchObject({ title: 'Svc A', properties: { tier: 'silver', lang: 'go' } });
    const replaced = await cli(['entity', 'upsert', '--blueprint', 'service', '--identifier', 'svc-a', '--properties', '{"tier":"bronze"}', '--no-run'], env);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(sandbox.entities.get('service', 'svc-a')!.title).toBeUndefined();
    expect(sandbox.entities.get('service', 'svc-a')!.properties).toEqual({ tier: 'bronze' });
    expect(affected()).toEqual([]);
  });

  it('--validation-only writes nothing; --create-missing-related-entities creates what its relations name', async () => {
    const env = await start();
    const checked = await cli(['entity', 'upsert', '--blueprint', 'service', '--identifier', 'svc-v', '--validation-only'], env);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toBe('valid service/svc-v\n');
    expect(sandbox.entities.get('service', 'svc-v')).toBeUndefined();
    const refused = await cli(['entity', 'upsert', '--blueprint', 'service', '--identifier', 'svc-r', '--relations', '{"team":"payments"}'], env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^port-ci: Could not upsert entity svc-r of blueprint service: Port answered 4\d\d /m);
    const created = await cli(['entity', 'upsert', '--blueprint', 'service', '--identifier', 'svc-r', '--relations', '{"team":"payments"}', '--create-missing-related-entities'], env);
    expect(created.code, created.stderr).toBe(0);
    expect(sandbox.entities.get('team', 'payments')).toBeDefined();
  });

  it('reads the entity from a JSON or YAML file, or standard input', async () => {
    const env = await start();
    const yaml = await cli(['entity', 'upsert', '--blueprint', 'service', '--file', file('svc.yaml', 'identifier: svc-y\ntitle: From YAML\nproperties:\n  tier: gold\n'), '--no-run'], env);
    expect(yaml.code, yaml.stderr).toBe(0);
    expect(sandbox.entities.get('service', 'svc-y')).toMatchObject({ title: 'From YAML', properties: { tier: 'gold' } });
    const stdin = await cli(['entity', 'upsert', '--file', '-', '--no-run'], env, '{"identifier":"svc-s","blueprint":"service","title":"From stdin"}');
    expect(stdin.code, stdin.stderr).toBe(0);
    expect(sandbox.entities.get('service', 'svc-s')!.title).toBe('From stdin');
  });

  it('when the run has ended, writes without the link and warns, rather than failing the job', async () => {
    const env = await start();
    sandbox.runs.get('r_job')!.status = 'SUCCESS';
    const result = await cli(['entity', 'upsert', '--blueprint', 'service', '--identifier', 'svc-late'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('port-ci: warning: entity upsert: run r_job has ended, and Port lists entities on a run only while it is in progress: written without the link');
    expect(sandbox.entities.get('service', 'svc-late')).toBeDefined();
  });

  it.each([
    [['entity'], 'entity: which operation? expected one of upsert, bulk, get, search, delete'],
    [['entity', 'put'], 'entity: "put" is not an operation; expected one of upsert, bulk, get, search, delete'],
    [['entity', 'upsert', '--blueprint', 'service'], 'entity upsert: --identifier is required (or --file)'],
    [['entity', 'upsert', '--blueprint', 'service', '--identifier', '..'], 'the flags: identifier ".." is not accepted'],
    [['entity', 'upsert', '--identifier', 'a'], 'the flags: no blueprint: give --blueprint, or a "blueprint" field on the entity'],
    [['entity', 'upsert', '--blueprint', 'service', '--identifier', 'a', '--properties', '[1]'], "--properties: expected a JSON object such as '{\"tier\": \"gold\"}' but found a list"],
    [['entity', 'upsert', '--blueprint', 'service', '--identifier', 'a', '--file', 'x.json'], 'entity upsert: --file and --identifier contradict each other'], // the shared reader (src/catalog) names the operation
    [['entity', 'upsert', '--blueprint', 'service', '--identifier', 'a', '--rule', 'x=1'], 'entity upsert: --rule is not taken here'],
    [['entity', 'upsert', '--blueprint', 'service', '--identifier', 'a', '--no-run', '--run-id', 'r_1'], 'entity: --no-run and --run-id contradict each other; give one'],
    [['entity', 'get', '--blueprint', 'service'], 'entity get: --identifier is required'],
    [['entity', 'search'], 'entity search: give --rule (or --rule-json), --blueprint, or both'],
    [['entity', 'search', '--rule', 'tier'], "--rule 'tier': no operator"],
    [['entity', 'bulk', '--blueprint', 'service'], 'entity bulk: --file is required'],
    [['entity', 'bulk', '--blueprint', 'service', '--file', 'none.ndjson', '--concurrency', '0'], '--concurrency: "0" is not accepted; expected a whole number from 1 to 50'],
  ])('refuses %j with exit 2 and one line: %s', async (args, message) => {
    const env = await start();
    const result = await cli(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(sandbox.requests.filter((request) => request.path.includes('/entities'))).toEqual([]);
  });

  it('refuses to run without credentials, before anything is sent', async () => {
    const env = await start();
    const result = await cli(['entity', 'get', '--blueprint', 'service', '--identifier', 'a'], { PORT_BASE_URL: env.PORT_BASE_URL! });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('entity get: no Port credentials (set PORT_CLIENT_ID and PORT_CLIENT_SECRET)');
  });
});

describe('port-ci entity bulk', () => {
  const ndjson = (count: number, extra: (index: number) => Record<string, unknown> = () => ({})) =>
    `${Array.from({ length: count }, (_, index) => JSON.stringify({ identifier: `svc-${index}`, title: `Service ${index}`, properties: { n: index }, ...extra(index) })).join('\n')}\n`;

  it('writes 45 entities in 3 calls of at most 20, lists them on the run, and says what it made; again, all are updated', async () => {
    const env = await start();
    const services = file('services.ndjson', ndjson(45));
    const first = await cli(['entity', 'bulk', '--blueprint', 'service', '--file', services], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe('45 written (45 created, 0 updated), 0 failed, in 3 calls\n');
    expect(apiCalls(/\/entities\/bulk$/)).toBe(3);
    expect(sandbox.requests.filter((request) => request.path.endsWith('/entities/bulk')).map((request) => (request.body as { entities: unknown[] }).entities.length).sort()).toEqual([20, 20, 5]);
    expect(affected()).toHaveLength(45);
    const again = await cli(['entity', 'bulk', '--blueprint', 'service', '--file', services, '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    const summary = JSON.parse(again.stdout) as { created: unknown[]; updated: unknown[]; failed: unknown[]; calls: number };
    expect([summary.created.length, summary.updated.length, summary.failed.length, summary.calls]).toEqual([0, 45, 0, 3]);
  });

  it('a partial failure (207) exits 3, names each failed entity with its line and Port\'s reason, and counts none of them written', async () => {
    const env = await start();
    // Lines 3 and 7 relate to a team that does not exist: Port refuses those two and writes the rest.
    const services = file('mixed.ndjson', ndjson(10, (index) => (index === 2 || index === 6 ? { relations: { team: 'ghost' } } : {})));
    const result = await cli(['entity', 'bulk', '--blueprint', 'service', '--file', services], env);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('8 written (8 created, 0 updated), 2 failed, in 1 call\n');
    const failures = result.stderr.split('\n').filter((line) => line.includes('failed:'));
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(new RegExp(`^port-ci: entity bulk: service/svc-2 \\(${services.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} line 3\\) failed: 4\\d\\d \\S+: .+`));
    expect(failures[1]).toContain('service/svc-6');
    expect(sandbox.entities.get('service', 'svc-2')).toBeUndefined();
    expect(sandbox.entities.get('service', 'svc-3')).toBeDefined();
  });

  it('paces itself by Port\'s rate-limit headers: 100 entities under a limit of 3 calls a second (the token request among them) take no 429', async () => {
    const env = await start({ rateLimit: { limit: 3, periodSeconds: 1 } });
    const result = await cli(['entity', 'bulk', '--blueprint', 'service', '--file', file('many.ndjson', ndjson(100))], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('100 written (100 created, 0 updated), 0 failed, in 5 calls\n');
    expect(sandbox.requests.filter((request) => request.status === 429)).toEqual([]);
  });

  it('when the run has ended, writes every entity without the link and warns once', async () => {
    const env = await start();
    sandbox.runs.get('r_job')!.status = 'FAILURE';
    const result = await cli(['entity', 'bulk', '--blueprint', 'service', '--file', file('late.ndjson', ndjson(25))], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^25 written \(25 created, 0 updated\), 0 failed, in \d calls\n$/);
    expect(result.stderr.split('\n').filter((line) => line.includes('written without the link'))).toHaveLength(1);
    expect(sandbox.entities.size).toBe(25);
  });

  it('writes blueprint by blueprint in the order the file names them, so services can relate to the clusters before them', async () => {
    const env = await start({ latencyMs: 20 });
    const lines = [
      JSON.stringify({ identifier: 'eu-1', blueprint: 'cluster' }),
      ...Array.from({ length: 60 }, (_, index) => JSON.stringify({ identifier: `svc-${index}`, blueprint: 'service', relations: { cluster: 'eu-1' } })),
    ];
    const result = await cli(['entity', 'bulk', '--file', file('ordered.ndjson', `${lines.join('\n')}\n`), '--no-run'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('61 written (61 created, 0 updated), 0 failed, in 4 calls\n');
    const order = sandbox.requests.filter((request) => request.path.endsWith('/entities/bulk')).map((request) => request.path.split('/')[3]);
    expect(order).toEqual(['cluster', 'service', 'service', 'service']);
  });

  it('reads a YAML list with entities of several blueprints, each written to its own', async () => {
    const env = await start();
    const list = file('mixed.yaml', '- identifier: svc-1\n  blueprint: service\n- identifier: team-1\n  blueprint: team\n- identifier: svc-2\n');
    const result = await cli(['entity', 'bulk', '--blueprint', 'service', '--file', list, '--no-run'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(sandbox.entities.get('team', 'team-1')).toBeDefined();
    expect(sandbox.entities.get('service', 'svc-2')).toBeDefined();
    expect(apiCalls(/\/entities\/bulk$/)).toBe(2);
  });
});

describe('port-ci entity --skip-unchanged', () => {
  const services = (count: number, change: (index: number) => Record<string, unknown> = () => ({})) =>
    Array.from({ length: count }, (_, index) => ({ identifier: `svc-${index}`, title: `Service ${index}`, team: ['platform'], properties: { n: index, tier: 'gold' }, ...change(index) }));
  const ndjson = (entities: Record<string, unknown>[]) => `${entities.map((entity) => JSON.stringify(entity)).join('\n')}\n`;
  const bulkBodies = () => sandbox.requests.filter((request) => request.path.endsWith('/entities/bulk')).map((request) => (request.body as { entities: { identifier: string }[] }).entities.map(({ identifier }) => identifier));

  it('bulk reads first, writes only what changed in full calls, counts the rest unchanged, and lists only the written on the run', async () => {
    // README's nightly sync: 1,000 services, of which 3 changed and 2 are new (and one names its team alone, as
    // Port's list of one: unchanged), make 10 reads and 1 write.
    const env = await start({ entities: services(998).map((entity) => ({ ...entity, blueprint: 'service' })) });
    const given = services(1000, (index) => (index % 400 === 7 ? { title: `Renamed ${index}` } : index === 9 ? { team: 'platform' } : {}));
    const result = await cli(['entity', 'bulk', '--blueprint', 'service', '--file', file('services.ndjson', ndjson(given)), '--skip-unchanged'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('5 written (2 created, 3 updated), 995 unchanged, 0 failed, in 11 calls (10 to read)\n');
    expect(bulkBodies()).toEqual([['svc-7', 'svc-407', 'svc-807', 'svc-998', 'svc-999']]);
    const reads = sandbox.requests.filter((request) => request.path.endsWith('/entities/search'));
    expect(reads.map((request) => ((request.body as { query: { rules: { value: string[] }[] } }).query.rules[0]!.value.length))).toEqual(Array(10).fill(100));
    expect(sandbox.entities.get('service', 'svc-407')!.title).toBe('Renamed 407');
    expect(affected().sort()).toEqual(['service/svc-407 updated', 'service/svc-7 updated', 'service/svc-807 updated', 'service/svc-998 created', 'service/svc-999 created']);
  });

  it('--json names the unchanged; a second pass over the same file writes nothing', async () => {
    const env = await start();
    const list = file('same.ndjson', ndjson(services(30)));
    const first = await cli(['entity', 'bulk', '--blueprint', 'service', '--file', list, '--skip-unchanged', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ unchanged: [], calls: 3, reads: 1 });
    expect((JSON.parse(first.stdout) as { created: unknown[] }).created).toHaveLength(30);
    const again = await cli(['entity', 'bulk', '--blueprint', 'service', '--file', list, '--skip-unchanged', '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    const summary = JSON.parse(again.stdout) as { created: unknown[]; updated: unknown[]; unchanged: { blueprint: string; identifier: string }[]; calls: number; reads: number };
    expect([summary.created.length, summary.updated.length, summary.unchanged.length, summary.calls, summary.reads]).toEqual([0, 0, 30, 1, 1]);
    expect(summary.unchanged[0]).toEqual({ blueprint: 'service', identifier: 'svc-0' });
    expect(bulkBodies()).toHaveLength(2);
  });

  it('replacing, a property Port holds that the file leaves out is a change; with --merge it is not', async () => {
    const env = await start({ entities: [{ blueprint: 'service', identifier: 'svc-a', title: 'A', properties: { tier: 'gold', lang: 'go' } }] });
    const one = file('a.json', JSON.stringify({ identifier: 'svc-a', title: 'A', properties: { tier: 'gold' } }));
    const merged = await cli(['entity', 'bulk', '--blueprint', 'service', '--file', one, '--skip-unchanged', '--merge', '--no-run'], env);
    expect(merged.stdout).toBe('0 written (0 created, 0 updated), 1 unchanged, 0 failed, in 1 call (1 to read)\n');
    expect(bulkBodies()).toEqual([]);
    const replaced = await cli(['entity', 'bulk', '--blueprint', 'service', '--file', one, '--skip-unchanged', '--no-run'], env);
    expect(replaced.stdout).toBe('1 written (0 created, 1 updated), 0 unchanged, 0 failed, in 2 calls (1 to read)\n');
    expect(sandbox.entities.get('service', 'svc-a')!.properties).toEqual({ tier: 'gold' });
  });

  it('an entity the file gives twice is written both times, so the last one wins as without the option', async () => {
    const env = await start({ entities: [{ blueprint: 'service', identifier: 'svc-a', title: 'Old' }] });
    const twice = file('twice.ndjson', ndjson([{ identifier: 'svc-a', title: 'New' }, { identifier: 'svc-a', title: 'Old' }]));
    const result = await cli(['entity', 'bulk', '--blueprint', 'service', '--file', twice, '--skip-unchanged', '--no-run'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('2 written (0 created, 2 updated), 0 unchanged');
    expect(sandbox.entities.get('service', 'svc-a')!.title).toBe('Old');
  });

  it('when the read is refused, writes every entity all the same and warns once', async () => {
    const env = await start();
    // A token that may write entities but not read them: Port answers the search 403.
    const proxy = await refusingSearches(sandbox.url);
    try {
      const result = await cli(['entity', 'bulk', '--blueprint', 'service', '--file', file('blind.ndjson', ndjson(services(3))), '--skip-unchanged'], { ...env, PORT_BASE_URL: proxy.url });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe('3 written (3 created, 0 updated), 0 unchanged, 0 failed, in 2 calls (1 to read)\n');
      const warnings = result.stderr.split('\n').filter((line) => line.includes('warning'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^port-ci: warning: entity bulk: could not read the entities of blueprint service to compare \(.*403.*\): written without the comparison$/);
      expect(sandbox.entities.size).toBe(3);
    } finally {
      await proxy.close();
    }
  });

  it('upsert: an entity Port holds as given is not written, not listed on the run, and --json prints what Port holds', async () => {
    const env = await start({ entities: [{ blueprint: 'service', identifier: 'svc-a', title: 'Svc A', team: ['platform'], properties: { tier: 'gold' } }] });
    const same = ['entity', 'upsert', '--blueprint', 'service', '--identifier', 'svc-a', '--title', 'Svc A', '--team', 'platform', '--properties', '{"tier":"gold"}', '--skip-unchanged'];
    const result = await cli(same, env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('unchanged service/svc-a\n');
    const json = await cli([...same, '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ identifier: 'svc-a', blueprint: 'service', createdAt: expect.any(String) });
    expect(sandbox.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/entities'))).toEqual([]);
    expect(affected()).toEqual([]);
    const changed = await cli(['entity', 'upsert', '--blueprint', 'service', '--identifier', 'svc-a', '--title', 'Svc A', '--properties', '{"tier":"silver"}', '--skip-unchanged', '--merge'], env);
    expect(changed.stdout).toBe('upserted service/svc-a (listed on run r_job)\n');
    const fresh = await cli(['entity', 'upsert', '--blueprint', 'service', '--identifier', 'svc-new', '--skip-unchanged'], env);
    expect(fresh.stdout).toBe('upserted service/svc-new (listed on run r_job)\n');
    expect(affected()).toEqual(['service/svc-a updated', 'service/svc-new created']);
  });
});

/** A proxy to the sandbox that refuses every entity search with Port's 403, as for a token without read:entities. */
async function refusingSearches(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    if (request.method === 'POST' && request.url?.endsWith('/entities/search')) {
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: false, error: 'forbidden', message: 'The token lacks the read:entities permission' }));
      return;
    }
    const upstream = httpRequest(`${target}${request.url}`, { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('port-ci entity get, search, delete', () => {
  it('gets one entity, as JSON or readable', async () => {
    const env = await start({ entities: [{ blueprint: 'service', identifier: 'svc-a', title: 'Svc A', properties: { tier: 'gold' } }] });
    const json = await cli(['entity', 'get', '--blueprint', 'service', '--identifier', 'svc-a', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ identifier: 'svc-a', title: 'Svc A', properties: { tier: 'gold' } });
    const missing = await cli(['entity', 'get', '--blueprint', 'service', '--identifier', 'nope'], env);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('Could not read entity nope of blueprint service: Port answered 404');
  });

  it('searches with rules as a user writes them, paging through every result of a blueprint', async () => {
    const entities = Array.from({ length: 1_050 }, (_, index) => ({ blueprint: 'service', identifier: `svc-${String(index).padStart(4, '0')}`, properties: { tier: index % 3 === 0 ? 'gold' : 'silver', n: index } }));
    const env = await start({ entities });
    const all = await cli(['entity', 'search', '--blueprint', 'service', '--json'], env);
    expect(all.code, all.stderr).toBe(0);
    expect((JSON.parse(all.stdout) as unknown[]).length).toBe(1_050);
    expect(apiCalls(/\/blueprints\/service\/entities\/search$/)).toBe(2);
    const gold = await cli(['entity', 'search', '--blueprint', 'service', '--rule', 'tier=gold', '--rule', 'n>=900', '--include', 'identifier', '--json'], env);
    expect(gold.code, gold.stderr).toBe(0);
    const found = JSON.parse(gold.stdout) as { identifier: string; properties?: unknown }[];
    expect(found.map(({ identifier }) => identifier)).toEqual(entities.filter((entity) => entity.properties.tier === 'gold' && entity.properties.n >= 900).map(({ identifier }) => identifier));
    expect(found[0]!.properties).toBeUndefined();
    const either = await cli(['entity', 'search', '--rule', '$identifier in svc-0001,svc-0002', '--rule', 'n=3', '--combinator', 'or'], env);
    expect(either.code, either.stderr).toBe(0);
    expect(either.stdout).toBe('service/svc-0001\nservice/svc-0002\nservice/svc-0003\n');
    const limited = await cli(['entity', 'search', '--blueprint', 'service', '--limit', '5', '--json'], env);
    expect((JSON.parse(limited.stdout) as unknown[]).length).toBe(5);
  });

  it('deletes an entity, listed on the run; one others depend on only with --delete-dependents', async () => {
    const env = await start({
      entities: [
        { blueprint: 'team', identifier: 'payments' },
        { blueprint: 'service', identifier: 'svc-p', relations: { team: 'payments' } },
        { blueprint: 'service', identifier: 'svc-x' },
      ],
    });
    const plain = await cli(['entity', 'delete', '--blueprint', 'service', '--identifier', 'svc-x'], env);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toBe('deleted service/svc-x\n');
    expect(affected()).toEqual(['service/svc-x deleted']);
    const refused = await cli(['entity', 'delete', '--blueprint', 'team', '--identifier', 'payments'], env);
    expect(refused.code).toBe(3);
    expect(sandbox.entities.get('team', 'payments')).toBeDefined();
    const cascade = await cli(['entity', 'delete', '--blueprint', 'team', '--identifier', 'payments', '--delete-dependents', '--json'], env);
    expect(cascade.code, cascade.stderr).toBe(0);
    expect(JSON.parse(cascade.stdout)).toEqual({ deleted: { blueprint: 'team', identifier: 'payments' } });
    expect(sandbox.entities.get('service', 'svc-p')).toBeUndefined();
  });
});

describe('port-ci run', () => {
  it('creates a run of an action and, with --wait, follows it to its end: exit 0 on SUCCESS, 4 on FAILURE', async () => {
    const env = await start();
    const started = cli(['run', 'create', '--action', 'deploy', '--properties', '{"env":"prod"}', '--wait', '--poll-interval', '100ms', '--json'], env);
    const runId = await (async () => {
      for (let waited = 0; waited < 20_000; waited += 50) {
        const run = [...sandbox.runs.values()].find((each) => each.id !== 'r_job');
        if (run) return run.id;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('no run was created');
    })();
    expect(sandbox.runs.get(runId)!.properties).toEqual({ env: 'prod' });
    sandbox.runs.get(runId)!.status = 'SUCCESS';
    const result = await started;
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: runId, status: 'SUCCESS' });
    expect(result.stderr).toContain(`port-ci: run create: started ${runId} of deploy`);

    const failing = cli(['run', 'create', '--action', 'deploy', '--wait', '--poll-interval', '100ms'], env);
    for (let waited = 0; sandbox.runs.size < 3 && waited < 20_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    const second = [...sandbox.runs.values()].find((each) => each.id !== 'r_job' && each.id !== runId)!;
    second.status = 'FAILURE';
    expect((await failing).code).toBe(4);
    const timedOut = await cli(['run', 'create', '--action', 'deploy', '--wait', '--poll-interval', '100ms', '--timeout', '300ms'], env);
    expect(timedOut.code).toBe(4);
    expect(timedOut.stderr).toMatch(/was still IN_PROGRESS after 0 s/); // the status it had: a run may also be waiting for approval
  });

  it('gets the current run, lists runs by external id, and approves or declines one waiting for approval', async () => {
    const env = await start({ actions: [{ identifier: 'deploy', title: 'Deploy', trigger: { type: 'self-service', operation: 'DAY-2', userInputs: { properties: {} } }, invocationMethod: { type: 'WEBHOOK', url: 'https://example.com' }, requiredApproval: true }] });
    const got = await cli(['run', 'get', '--json'], env);
    expect(got.code, got.stderr).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ id: 'r_job', status: 'IN_PROGRESS' });
    sandbox.runs.get('r_job')!.externalRunId = 'ci-42';
    const listed = await cli(['run', 'list', '--external-run-id', 'ci-42', '--json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map(({ id }) => id)).toEqual(['r_job']);
    const waiting = sandbox.createRun('r_wait', { action: 'deploy' });
    expect(waiting.status).toBe('WAITING_FOR_APPROVAL');
    const approved = await cli(['run', 'approve', '--run-id', 'r_wait', '--description', 'looks good'], env);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toMatch(/^r_wait\tIN_PROGRESS/);
    sandbox.createRun('r_no', { action: 'deploy' });
    const declined = await cli(['run', 'approve', '--run-id', 'r_no', '--decline', '--json'], env);
    expect(declined.code, declined.stderr).toBe(0);
    expect(JSON.parse(declined.stdout)).toMatchObject({ id: 'r_no', status: 'DECLINED' });
    const again = await cli(['run', 'approve', '--run-id', 'r_no'], env);
    expect(again.code).toBe(3);
  });

  it.each([
    [['run'], 'run: which operation? expected one of create, get, list, approve'],
    [['run', 'create'], 'run create: --action is required'],
    [['run', 'create', '--action', 'deploy', '--timeout', '5m'], 'run create: --timeout is for --wait'],
    [['run', 'approve'], 'run approve: --run-id is required'],
    [['run', 'list', '--limit', '0'], '--limit: "0" is not accepted; expected a whole number from 1'],
    [['run', 'get', '--action', 'x'], 'run get: --action is not taken here'],
  ])('refuses %j with exit 2: %s', async (args, message) => {
    const env = await start();
    const result = await cli(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

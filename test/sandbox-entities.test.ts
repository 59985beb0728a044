import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../src/sandbox/server.js';
import { haveSchemas, schemaErrors } from './support/port-schemas.js';

/* The sandbox's catalogue over real HTTP: entity writes and their flags, bulk, delete, run_id, both searches. */

const open: Sandbox[] = [];
let api: Sandbox;
let token: string;

async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  api = await startSandbox({ clientId: 'id', clientSecret: 'secret', ...options });
  open.push(api);
  token = api.issueToken();
  return api;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((each) => each.close()));
});

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

const post = (path: string, body?: unknown) => call('POST', path, body);
const ids = (entities: { identifier: string }[]) => entities.map((entity) => entity.identifier);
const keys = () => [...api.entities.all()].map((entity) => `${entity.blueprint}/${entity.identifier}`);

const SERVICE = {
  identifier: 'service',
  schema: {
    properties: { tier: { type: 'string', enum: ['gold', 'silver'] }, replicas: { type: 'number' }, public: { type: 'boolean' } },
    required: ['tier'],
  },
  relations: { cluster: { target: 'cluster', required: true }, dependsOn: { target: 'service', many: true } },
};
const CLUSTER = { identifier: 'cluster' };

describe('sandbox: writing an entity', () => {
  it('takes a missing upsert as its default, false: the first write creates, a second is a 409 and changes nothing', async () => {
    await sandbox();
    expect(await post('/v1/blueprints/service/entities', { identifier: 'cart', title: 'Cart' })).toMatchObject({ status: 201, json: { ok: true, entity: { identifier: 'cart', title: 'Cart' } } });
    expect(await post('/v1/blueprints/service/entities', { identifier: 'cart', title: 'Other' })).toMatchObject({
      status: 409,
      json: { ok: false, error: 'identifier_taken', message: expect.stringContaining('upsert=true') },
    });
    expect(api.entities.get('service', 'cart')!.title).toBe('Cart');
  });

  it('refuses a relation to an entity that does not exist (404 not_found, as Port answers an unmet dependency), writing nothing', async () => {
    await sandbox();
    const answer = await post('/v1/blueprints/service/entities?upsert=true', { identifier: 'cart', relations: { cluster: 'eu-1' } });
    expect(answer).toEqual({
      status: 404,
      json: {
        ok: false,
        error: 'not_found',
        message: 'Related entity with identifier "eu-1" of blueprint "cluster" (relation "cluster" of entity "cart") was not found; create it first, or write with create_missing_related_entities=true',
      },
    });
    expect(api.entities.size).toBe(0);
  });

  it('creates the missing related entities bare with create_missing_related_entities, and links to ones that exist', async () => {
    await sandbox();
    await post('/v1/blueprints/service/entities', { identifier: 'auth' });
    const answer = await post('/v1/blueprints/service/entities?upsert=true&create_missing_related_entities=true', {
      identifier: 'cart',
      relations: { cluster: 'eu-1', service: ['auth', 'search'] },
    });
    expect(answer.status).toBe(201);
    expect(keys()).toEqual(['service/auth', 'service/cart', 'service/search', 'cluster/eu-1']);
    expect((await call('GET', '/v1/blueprints/cluster/entities/eu-1')).json.entity).toEqual({
      identifier: 'eu-1',
      blueprint: 'cluster',
      team: [],
      properties: {},
      relations: {},
      createdAt: expect.any(String),
      createdBy: 'id',
      updatedAt: expect.any(String),
      updatedBy: 'id',
    });
  });

  it('writes nothing with validation_only, not even the related entities it would create, and answers what it would store', async () => {
    await sandbox();
    const answer = await post('/v1/blueprints/service/entities?upsert=true&validation_only=true&create_missing_related_entities=true', { identifier: 'cart', relations: { cluster: 'eu-1' } });
    expect(answer).toMatchObject({ status: 201, json: { ok: true, entity: { identifier: 'cart', relations: { cluster: 'eu-1' } } } });
    expect(api.entities.size).toBe(0);
    // And it still refuses what the write would refuse.
    expect((await post('/v1/blueprints/service/entities?validation_only=true', { identifier: 'cart', relations: { cluster: 'eu-1' } })).status).toBe(404);
  });

  it('merges only with upsert: merge keeps the fields not given, upsert alone replaces them', async () => {
    await sandbox();
    await post('/v1/blueprints/service/entities', { identifier: 'cart', title: 'Cart', icon: 'Cart', team: ['a'], properties: { a: 1, b: 2 } });
    const merged = await post('/v1/blueprints/service/entities?upsert=true&merge=true', { identifier: 'cart', properties: { b: 3 } });
    expect(merged.json.entity).toMatchObject({ title: 'Cart', icon: 'Cart', team: ['a'], properties: { a: 1, b: 3 } });
    const replaced = await post('/v1/blueprints/service/entities?upsert=true', { identifier: 'cart', properties: { c: 4 } });
    expect(replaced.json.entity).toMatchObject({ team: [], properties: { c: 4 } });
    expect(replaced.json.entity.title).toBeUndefined();
    expect(await post('/v1/blueprints/service/entities?merge=true', { identifier: 'cart' })).toMatchObject({ status: 409 });
  });

  it('checks the relations a write gives, not the ones a merge keeps: a loaded entity naming one it does not hold can be merged', async () => {
    await sandbox({ entities: [{ blueprint: 'service', identifier: 'cart', relations: { cluster: 'eu-prod-1' } }] });
    const merged = await post('/v1/blueprints/service/entities?upsert=true&merge=true', { identifier: 'cart', properties: { version: '2' } });
    expect(merged).toMatchObject({ status: 201, json: { entity: { properties: { version: '2' }, relations: { cluster: 'eu-prod-1' } } } });
    expect((await post('/v1/blueprints/service/entities?upsert=true&merge=true', { identifier: 'cart', relations: { cluster: 'eu-prod-1' } })).status).toBe(404);
  });

  it.each([
    ['merge=yes', 'querystring/merge must be boolean'],
    ['validation_only=1', 'querystring/validation_only must be boolean'],
    ['create_missing_related_entities=on', 'querystring/create_missing_related_entities must be boolean'],
  ])('refuses %s (422 naming the parameter)', async (query, message) => {
    await sandbox();
    expect(await post(`/v1/blueprints/service/entities?${query}`, { identifier: 'x' })).toMatchObject({ status: 422, json: { ok: false, error: 'invalid_request', message } });
    expect(api.entities.size).toBe(0);
  });
});

describe('sandbox: what every entity route refuses', () => {
  it.each([
    ['POST', '/v1/blueprints/service/entities', { identifier: 'x' }],
    ['POST', '/v1/blueprints/service/entities/bulk', { entities: [{ identifier: 'x' }] }],
    ['GET', '/v1/blueprints/service/entities/cart', undefined],
    ['PUT', '/v1/blueprints/service/entities/cart', { title: 'x' }],
    ['PATCH', '/v1/blueprints/service/entities/cart', { title: 'x' }],
    ['DELETE', '/v1/blueprints/service/entities/cart', undefined],
    ['POST', '/v1/entities/search', { combinator: 'and', rules: [] }],
    ['POST', '/v1/blueprints/service/entities/search', {}],
  ])('%s %s without a valid bearer token (401), touching nothing', async (method, path, body) => {
    await sandbox({ entities: [{ blueprint: 'service', identifier: 'cart', title: 'Cart' }] });
    token = 'nope';
    expect(await call(method, path, body)).toMatchObject({ status: 401, json: { ok: false, error: 'unauthorized' } });
    expect(keys()).toEqual(['service/cart']);
    expect(api.entities.get('service', 'cart')!.title).toBe('Cart');
  });

  it.each([
    ['an identifier of 1,001 characters', { identifier: 'a'.repeat(1001) }, 'body/identifier must NOT have more than 1000 characters'],
    ['a relation to an identifier with a space', { identifier: 'x', relations: { service: ['ok', 'not ok'] } }, 'body/relations/service must be an entity identifier, an array of them, or null'],
    ['a team that is a number', { identifier: 'x', team: 7 }, 'body/team must be string or array of strings'],
  ])('refuses %s (422)', async (_case, body, message) => {
    await sandbox();
    const answer = await post('/v1/blueprints/service/entities', body);
    expect(answer).toMatchObject({ status: 422, json: { ok: false, error: 'invalid_request' } });
    expect(answer.json.message).toContain(message);
    expect(api.entities.size).toBe(0);
  });

  it('takes an identifier of exactly 1,000 characters', async () => {
    await sandbox();
    expect((await post('/v1/blueprints/service/entities', { identifier: 'a'.repeat(1000) })).status).toBe(201);
  });

  it.each([
    ['GET', '/v1/blueprints/service/entities/cart?exclude_calculated_properties=no', 'querystring/exclude_calculated_properties must be boolean'],
    ['GET', '/v1/blueprints/service/entities/cart?attach_identifier_to_title_mirror_properties=1', 'querystring/attach_identifier_to_title_mirror_properties must be boolean'],
    ['POST', '/v1/entities/search?allow_partial_results=yes', 'querystring/allow_partial_results must be boolean'],
    ['PATCH', '/v1/blueprints/service/entities/cart?create_missing_related_entities=2', 'querystring/create_missing_related_entities must be boolean'],
  ])('refuses %s %s (422 naming the parameter)', async (method, path, message) => {
    await sandbox({ entities: [{ blueprint: 'service', identifier: 'cart' }] });
    const body = method === 'POST' ? { combinator: 'and', rules: [] } : method === 'PATCH' ? {} : undefined;
    expect(await call(method, path, body)).toMatchObject({ status: 422, json: { ok: false, error: 'invalid_request', message } });
  });

  it('creates related entities on PUT and PATCH only with create_missing_related_entities', async () => {
    await sandbox({ entities: [{ blueprint: 'service', identifier: 'cart' }] });
    expect((await call('PATCH', '/v1/blueprints/service/entities/cart', { relations: { cluster: 'eu-1' } })).status).toBe(404);
    expect((await call('PUT', '/v1/blueprints/service/entities/cart?create_missing_related_entities=true', { relations: { cluster: 'eu-1' } })).status).toBe(200);
    expect(keys()).toEqual(['service/cart', 'cluster/eu-1']);
  });
});

describe('sandbox: blueprints', () => {
  it('with none declared, takes a write to any blueprint, which then exists; reads and searches of one that does not are a 404', async () => {
    await sandbox();
    expect((await post('/v1/blueprints/newone/entities', { identifier: 'a' })).status).toBe(201);
    expect((await post('/v1/blueprints/newone/entities/search', {})).json.entities).toHaveLength(1);
    for (const [method, path] of [
      ['GET', '/v1/blueprints/nothing/entities/a'],
      ['POST', '/v1/blueprints/nothing/entities/search'],
      ['DELETE', '/v1/blueprints/nothing/entities/a'],
    ] as const) {
      expect(await call(method, path, method === 'POST' ? {} : undefined), `${method} ${path}`).toMatchObject({
        status: 404,
        json: { ok: false, error: 'not_found', message: 'Blueprint with identifier "nothing" was not found' },
      });
    }
  });

  it('once any is declared, refuses a write to one that is not declared and holds no entity (404), and takes the ones that are', async () => {
    await sandbox({ blueprints: [CLUSTER], entities: [{ blueprint: 'legacy', identifier: 'old' }] });
    expect(await post('/v1/blueprints/newone/entities', { identifier: 'a' })).toMatchObject({ status: 404, json: { message: 'Blueprint with identifier "newone" was not found' } });
    expect(await post('/v1/blueprints/newone/entities/bulk', { entities: [{ identifier: 'a' }] })).toMatchObject({ status: 404 });
    expect((await post('/v1/blueprints/cluster/entities', { identifier: 'eu-1' })).status).toBe(201);
    expect((await post('/v1/blueprints/legacy/entities', { identifier: 'new' })).status).toBe(201);
    // A relation may not create its target in a blueprint that does not exist either.
    expect(await post('/v1/blueprints/cluster/entities?create_missing_related_entities=true', { identifier: 'eu-2', relations: { region: 'eu' } })).toMatchObject({
      status: 404,
      json: { message: 'Blueprint with identifier "region" was not found' },
    });
    expect(keys()).toEqual(['cluster/eu-1', 'legacy/new', 'legacy/old']);
  });

  it.each([
    ['a property it does not declare', { properties: { tier: 'gold', colour: 'red' } }, "body/properties must NOT have additional property 'colour' (blueprint \"service\" does not declare it)"],
    ['a property of the wrong type', { properties: { tier: 'gold', replicas: '3' } }, 'body/properties/replicas must be number (as blueprint "service" declares it)'],
    ['a value outside the enum', { properties: { tier: 'bronze' } }, 'body/properties/tier must be equal to one of the allowed values (gold, silver)'],
    ['no required property', { properties: {} }, "body/properties must have required property 'tier' (blueprint \"service\" requires it)"],
    ['no required relation', { properties: { tier: 'gold' }, relations: {} }, "body/relations must have required property 'cluster' (blueprint \"service\" requires it)"],
    ['a relation it does not declare', { properties: { tier: 'gold' }, relations: { cluster: 'eu-1', owner: 'x' } }, "body/relations must NOT have additional property 'owner' (blueprint \"service\" does not declare that relation)"],
    ['one target for a many relation', { properties: { tier: 'gold' }, relations: { cluster: 'eu-1', dependsOn: 'auth' } }, 'body/relations/dependsOn must be array (relation "dependsOn" of blueprint "service" is many)'],
    ['many targets for a single relation', { properties: { tier: 'gold' }, relations: { cluster: ['eu-1'] } }, 'body/relations/cluster must be string or null (relation "cluster" of blueprint "service" is not many)'],
  ])('enforces a declared blueprint: refuses %s (422)', async (_case, fields, message) => {
    await sandbox({ blueprints: [SERVICE, CLUSTER], entities: [{ blueprint: 'cluster', identifier: 'eu-1' }] });
    const answer = await post('/v1/blueprints/service/entities', { identifier: 'cart', ...fields });
    expect(answer).toEqual({ status: 422, json: { ok: false, error: 'invalid_request', message } });
    expect(api.entities.get('service', 'cart')).toBeUndefined();
  });

  it('follows a declared relation to its target blueprint, and a merge is checked whole', async () => {
    await sandbox({ blueprints: [SERVICE, CLUSTER], entities: [{ blueprint: 'cluster', identifier: 'eu-1' }] });
    const cart = { identifier: 'cart', properties: { tier: 'gold', public: true }, relations: { cluster: 'eu-1', dependsOn: [] } };
    expect((await post('/v1/blueprints/service/entities', cart)).status).toBe(201);
    // dependsOn points at blueprint service: "auth" must exist there.
    expect((await post('/v1/blueprints/service/entities?upsert=true&merge=true', { identifier: 'cart', relations: { dependsOn: ['auth'] } })).status).toBe(404);
    expect((await post('/v1/blueprints/service/entities?upsert=true&merge=true', { identifier: 'cart', properties: { replicas: 3 } })).json.entity.properties).toEqual({ tier: 'gold', public: true, replicas: 3 });
  });
});

describe('sandbox: PUT, PATCH and DELETE of an entity', () => {
  it('replaces with PUT and merges with PATCH, where null clears a title; both 404 for an entity that does not exist', async () => {
    await sandbox({ entities: [{ blueprint: 'service', identifier: 'cart', title: 'Cart', team: ['a'], properties: { a: 1, b: 2 } }] });
    const patched = await call('PATCH', '/v1/blueprints/service/entities/cart', { title: null, properties: { b: 3 } });
    expect(patched).toMatchObject({ status: 200, json: { ok: true, entity: { identifier: 'cart', team: ['a'], properties: { a: 1, b: 3 } } } });
    expect(patched.json.entity.title).toBeUndefined();
    const put = await call('PUT', '/v1/blueprints/service/entities/cart', { title: 'New', properties: { z: 0 } });
    expect(put.json.entity).toMatchObject({ title: 'New', team: [], properties: { z: 0 }, relations: {} });
    expect(api.entities.get('service', 'cart')).toEqual(put.json.entity);
    for (const method of ['PUT', 'PATCH']) {
      expect(await call(method, '/v1/blueprints/service/entities/nope', {})).toMatchObject({ status: 404, json: { error: 'not_found' } });
    }
  });

  it.each([
    ['PATCH', { owner: 'me' }, "body must NOT have additional property 'owner'"],
    ['PATCH', { title: 3 }, 'body/title must be string or null'],
    ['PUT', { title: null }, 'body/title must be string'],
    ['PUT', { identifier: 'other' }, 'renaming an entity is not supported by the port-ci sandbox'],
  ])('refuses %s with %j (422)', async (method, body, message) => {
    await sandbox({ entities: [{ blueprint: 'service', identifier: 'cart', title: 'Cart' }] });
    const answer = await call(method, '/v1/blueprints/service/entities/cart', body);
    expect(answer).toMatchObject({ status: 422, json: { ok: false, error: 'invalid_request' } });
    expect(answer.json.message).toContain(message);
    expect(api.entities.get('service', 'cart')!.title).toBe('Cart');
  });

  it('deletes an entity (200 {ok: true}); one that others relate to only with delete_dependents, which deletes them too', async () => {
    await sandbox({
      entities: [
        { blueprint: 'cluster', identifier: 'eu-1' },
        { blueprint: 'service', identifier: 'cart', relations: { cluster: 'eu-1' } },
        { blueprint: 'deployment', identifier: 'cart-1', relations: { service: 'cart' } },
        { blueprint: 'service', identifier: 'alone' },
      ],
    });
    expect(await call('DELETE', '/v1/blueprints/service/entities/alone')).toEqual({ status: 200, json: { ok: true } });
    const refused = await call('DELETE', '/v1/blueprints/cluster/entities/eu-1');
    expect(refused).toEqual({
      status: 422,
      json: {
        ok: false,
        error: 'invalid_request',
        message: 'Entity "eu-1" of blueprint "cluster" has 1 dependent entity ("cart" of blueprint "service"); delete with delete_dependents=true to delete them too',
      },
    });
    expect(await call('DELETE', '/v1/blueprints/cluster/entities/eu-1?delete_dependents=false')).toMatchObject({ status: 422 });
    expect(keys()).toEqual(['cluster/eu-1', 'service/cart', 'deployment/cart-1']);
    expect(await call('DELETE', '/v1/blueprints/cluster/entities/eu-1?delete_dependents=true')).toEqual({ status: 200, json: { ok: true } });
    expect(keys()).toEqual([]);
    expect(await call('DELETE', '/v1/blueprints/cluster/entities/eu-1')).toMatchObject({ status: 404, json: { error: 'not_found' } });
    expect(await call('DELETE', '/v1/blueprints/service/entities/x?delete_dependents=maybe')).toMatchObject({ status: 422, json: { message: 'querystring/delete_dependents must be boolean' } });
  });
});

describe('sandbox: GET of an entity', () => {
  it('shows only the include paths, and leaves out the exclude ones', async () => {
    await sandbox({ entities: [{ blueprint: 'service', identifier: 'cart', title: 'Cart', properties: { tier: 'gold', lang: 'go' }, relations: { cluster: 'eu-1' } }] });
    expect((await call('GET', '/v1/blueprints/service/entities/cart?include=identifier&include=properties.tier')).json.entity).toEqual({ identifier: 'cart', properties: { tier: 'gold' } });
    const without = (await call('GET', '/v1/blueprints/service/entities/cart?exclude=relations&exclude=properties.lang&exclude_calculated_properties=true')).json.entity;
    expect(without).toMatchObject({ identifier: 'cart', title: 'Cart', properties: { tier: 'gold' } });
    expect(Object.keys(without)).not.toContain('relations');
    expect(await call('GET', '/v1/blueprints/service/entities/cart?attach_title_to_relation=true')).toMatchObject({
      status: 422,
      json: { message: expect.stringContaining('not supported by the port-ci sandbox') },
    });
  });
});

describe('sandbox: bulk writes', () => {
  const many = (count: number, from = 0) => Array.from({ length: count }, (_, index) => ({ identifier: `svc-${String(from + index).padStart(2, '0')}`, properties: { n: from + index } }));

  it('writes 20 entities in one call (200, each created: true), then upserts them (created: false)', async () => {
    await sandbox();
    const first = await post('/v1/blueprints/service/entities/bulk', { entities: many(20) });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ ok: true, entities: many(20).map((entity, index) => ({ created: true, identifier: entity.identifier, index })), errors: [] });
    const again = await post('/v1/blueprints/service/entities/bulk?upsert=true&merge=true', { entities: many(20) });
    expect(again.json.entities.every((entry: { created: boolean }) => entry.created === false)).toBe(true);
    expect(api.entities.size).toBe(20);
  });

  it.each([
    ['21 entities', { entities: many(21) }, 'body/entities must NOT have more than 20 items (21 given: send them in calls of 20)'],
    ['none', { entities: [] }, 'body/entities must NOT have fewer than 1 items'],
    ['no entities field', {}, "body must have required property 'entities'"],
    ['another field beside them', { entities: many(1), upsert: true }, "body must NOT have additional property 'upsert'"],
    ['one entity of the wrong shape', { entities: [...many(3), { identifier: 'bad id' }] }, 'body/entities/3/identifier must match pattern'],
  ])('refuses %s whole (422), writing nothing', async (_case, body, message) => {
    await sandbox();
    const answer = await post('/v1/blueprints/service/entities/bulk', body);
    expect(answer).toMatchObject({ status: 422, json: { ok: false, error: 'invalid_request' } });
    expect(answer.json.message).toContain(message);
    expect(api.entities.size).toBe(0);
  });

  it('answers 207 Multi-Status when some entities are refused: each error names it, its index, status and reason, and nothing of it is written', async () => {
    await sandbox({ entities: [{ blueprint: 'service', identifier: 'taken' }, { blueprint: 'cluster', identifier: 'eu-1' }] });
    const answer = await post('/v1/blueprints/service/entities/bulk', {
      entities: [
        { identifier: 'new-1', relations: { cluster: 'eu-1' } },
        { identifier: 'taken', title: 'Changed' },
        { identifier: 'new-2', relations: { cluster: 'nowhere' } },
        { identifier: 'new-3' },
      ],
    });
    expect(answer.status).toBe(207);
    expect(answer.json).toEqual({
      ok: false,
      entities: [
        { created: true, identifier: 'new-1', index: 0 },
        { created: true, identifier: 'new-3', index: 3 },
      ],
      errors: [
        { identifier: 'taken', index: 1, statusCode: 409, error: 'identifier_taken', message: expect.stringContaining('"taken" of blueprint "service" already exists') },
        { identifier: 'new-2', index: 2, statusCode: 404, error: 'not_found', message: expect.stringContaining('"nowhere" of blueprint "cluster"') },
      ],
    });
    expect(keys()).toEqual(['service/new-1', 'service/new-3', 'service/taken', 'cluster/eu-1']);
    expect(api.entities.get('service', 'taken')!.title).toBeUndefined();
  });

  it('checks every entity and writes none with validation_only', async () => {
    await sandbox();
    const answer = await post('/v1/blueprints/service/entities/bulk?validation_only=true', { entities: [...many(2), { identifier: 'x', relations: { cluster: 'none' } }] });
    expect(answer).toMatchObject({ status: 207, json: { entities: [{ index: 0 }, { index: 1 }], errors: [{ index: 2, statusCode: 404 }] } });
    expect(api.entities.size).toBe(0);
  });
});

describe('sandbox: run_id', () => {
  it("lists what a write, a bulk write, a PATCH and a DELETE did among the run's affected entities, and its page shows them", async () => {
    await sandbox({ runs: ['r_job'] });
    await post('/v1/blueprints/service/entities?run_id=r_job&create_missing_related_entities=true', { identifier: 'cart', title: 'Cart', relations: { cluster: 'eu-1' } });
    await post('/v1/blueprints/service/entities/bulk?run_id=r_job&upsert=true', { entities: [{ identifier: 'cart', title: 'Cart API' }, { identifier: 'auth' }] });
    await post('/v1/blueprints/service/entities?run_id=r_job', { identifier: 'search', title: 'Search' });
    await call('PATCH', '/v1/blueprints/cluster/entities/eu-1?run_id=r_job', { title: 'EU 1' });
    await call('DELETE', '/v1/blueprints/service/entities/search?run_id=r_job');
    // Not tied: no run_id, and a validation only.
    await post('/v1/blueprints/service/entities', { identifier: 'other' });
    await post('/v1/blueprints/service/entities?run_id=r_job&validation_only=true', { identifier: 'dry' });

    expect(api.runs.get('r_job')!.entities).toEqual([
      { blueprint: 'cluster', identifier: 'eu-1', change: 'created', title: 'EU 1' },
      { blueprint: 'service', identifier: 'cart', change: 'created', title: 'Cart API' },
      { blueprint: 'service', identifier: 'auth', change: 'created' },
      { blueprint: 'service', identifier: 'search', change: 'deleted', title: 'Search' },
    ]);
    const page = await (await fetch(`${api.url}/runs/r_job`)).text();
    expect(page).toContain(
      '<dt>affected entities</dt><dd><ul><li>EU 1 <code>eu-1</code> <span class="muted">(cluster, created)</span></li>' +
        '<li>Cart API <code>cart</code> <span class="muted">(service, created)</span></li>' +
        '<li><code>auth</code> <span class="muted">(service, created)</span></li>' +
        '<li>Search <code>search</code> <span class="muted">(service, deleted)</span></li></ul></dd>',
    );
    // The run's own answer has no such field, as in Port's schemas.
    expect((await call('GET', '/v1/actions/runs/r_job')).json.run.entities).toBeUndefined();
  });

  it('ties entities only to a run IN_PROGRESS: an ended run is a 422 run_exhausted, an unknown one a 404, and nothing is written', async () => {
    await sandbox({ runs: ['r_done'] });
    await post('/v1/actions/runs/r_done/logs', { message: 'done', terminationStatus: 'SUCCESS' });
    expect(await post('/v1/blueprints/service/entities?run_id=r_done', { identifier: 'late' })).toEqual({
      status: 422,
      json: { ok: false, error: 'run_exhausted', message: 'querystring/run_id: run "r_done" has ended with status SUCCESS; entities can be tied to a run only while it is IN_PROGRESS' },
    });
    expect(await post('/v1/blueprints/service/entities/bulk?run_id=r_nope', { entities: [{ identifier: 'late' }] })).toMatchObject({
      status: 404,
      json: { error: 'not_found', message: 'Action run with identifier "r_nope" was not found' },
    });
    expect(api.entities.size).toBe(0);
    expect(api.runs.get('r_done')!.entities).toBeUndefined();
  });
});

describe('sandbox: POST /v1/entities/search', () => {
  const CATALOG = [
    { blueprint: 'service', identifier: 'cart', title: 'Cart', team: ['payments'], properties: { tier: 'gold', replicas: 3, public: true, tags: ['go', 'grpc'], url: 'https://cart.example' }, relations: { cluster: 'eu-1' } },
    { blueprint: 'service', identifier: 'auth', title: 'Auth', team: [], properties: { tier: 'silver', replicas: 1, public: false, tags: ['java'] }, relations: { cluster: 'us-1', service: ['cart'] } },
    { blueprint: 'service', identifier: 'search', title: 'Search API', team: ['discovery'], properties: { tier: 'gold', replicas: 5, tags: [] }, relations: { cluster: 'eu-1' } },
    { blueprint: 'cluster', identifier: 'eu-1', title: 'EU 1', properties: { region: 'eu' } },
    { blueprint: 'cluster', identifier: 'us-1', title: 'US 1', properties: { region: 'us' } },
  ];
  const search = async (rules: unknown[], combinator = 'and', query = '') => {
    const answer = await post(`/v1/entities/search${query}`, { combinator, rules });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    return ids(answer.json.entities);
  };
  const rule = (property: string, operator: string, value?: unknown) => ({ property, operator, ...(value === undefined ? {} : { value }) });

  it.each([
    [[rule('tier', '=', 'gold')], ['cart', 'search']],
    [[rule('tier', '!=', 'gold')], ['auth', 'eu-1', 'us-1']],
    [[rule('public', '=', false)], ['auth']],
    [[rule('public', '=', null)], ['search', 'eu-1', 'us-1']],
    [[rule('tier', 'in', ['silver', 'bronze'])], ['auth']],
    [[rule('tier', 'notIn', ['gold']), rule('$blueprint', '=', 'service')], ['auth']],
    [[rule('$title', 'contains', 'API')], ['search']],
    [[rule('tags', 'contains', 'go')], ['cart']],
    [[rule('$identifier', 'doesNotContains', 'a'), rule('$blueprint', '=', 'cluster')], ['eu-1', 'us-1']],
    [[rule('tags', 'containsAny', ['java', 'grpc'])], ['auth', 'cart']],
    [[rule('$identifier', 'beginsWith', 'se')], ['search']],
    [[rule('url', 'endsWith', '.example')], ['cart']],
    [[rule('replicas', '>', 1)], ['cart', 'search']],
    [[rule('replicas', '>=', 3)], ['cart', 'search']],
    [[rule('replicas', '<', 3)], ['auth']],
    [[rule('replicas', '<=', 3)], ['auth', 'cart']],
    [[rule('tags', 'isEmpty')], ['search', 'eu-1', 'us-1']],
    [[rule('$team', 'isNotEmpty')], ['cart', 'search']],
    [[rule('$team', 'in', ['payments', 'discovery'])], ['cart', 'search']],
    [[rule('$blueprint', '=', 'cluster'), rule('region', '=', 'eu')], ['eu-1']],
    [[{ operator: 'relatedTo', blueprint: 'cluster', value: 'eu-1' }], ['cart', 'search']],
    [[{ operator: 'relatedTo', blueprint: 'service', value: 'auth', direction: 'upstream' }], ['cart', 'us-1']],
    [[{ operator: 'relatedTo', blueprint: 'service', value: ['cart'], direction: 'downstream' }], ['auth']],
    [[rule('$createdAt', 'between', { from: '2000-01-01T00:00:00Z', to: '2999-01-01T00:00:00Z' }), rule('$blueprint', '=', 'cluster')], ['eu-1', 'us-1']],
    [[rule('$createdAt', '<', '2000-01-01T00:00:00Z')], []],
    [[rule('$createdAt', 'notBetween', { from: '2000-01-01T00:00:00Z', to: '2001-01-01T00:00:00Z' }), rule('region', '=', 'us')], ['us-1']],
    [[rule('$identifier', 'doesNotBeginsWith', 'a'), rule('$blueprint', '=', 'service')], ['cart', 'search']],
    [[rule('$title', 'doesNotEndsWith', 'API'), rule('$blueprint', '=', 'service')], ['auth', 'cart']],
  ])('answers %j with %j', async (rules, expected) => {
    await sandbox({ entities: CATALOG });
    expect(await search(rules)).toEqual(expected);
  });

  it('nests queries, with "or" as the combinator, and says which blueprints matched', async () => {
    await sandbox({ entities: CATALOG });
    const rules = [rule('$blueprint', '=', 'service'), { combinator: 'or', rules: [rule('tier', '=', 'silver'), rule('replicas', '>', 4)] }];
    const answer = await post('/v1/entities/search', { combinator: 'and', rules });
    expect(answer.json).toMatchObject({ ok: true, matchingBlueprints: ['service'] });
    expect(ids(answer.json.entities)).toEqual(['auth', 'search']);
    expect(await search([rule('region', '=', 'us'), rule('$identifier', '=', 'cart')], 'or')).toEqual(['cart', 'us-1']);
  });

  it("relatedTo follows declared relations to their targets, and `required` keeps the relations declared so", async () => {
    const deployment = { identifier: 'deployment', relations: { service: { target: 'service', required: true }, canary: { target: 'service' } } };
    await sandbox({
      blueprints: [deployment],
      entities: [...CATALOG, { blueprint: 'deployment', identifier: 'd1', relations: { service: 'cart', canary: 'auth' } }, { blueprint: 'deployment', identifier: 'd2', relations: { service: 'auth' } }],
    });
    const related = (extra: Record<string, unknown>) => search([{ operator: 'relatedTo', blueprint: 'service', value: 'auth', direction: 'downstream', ...extra }]);
    expect(await related({})).toEqual(['d1', 'd2']);
    expect(await related({ required: true })).toEqual(['d2']);
    expect(await related({ required: false })).toEqual(['d1']);
  });

  it('shows the include paths of the query string, and leaves out the exclude ones', async () => {
    await sandbox({ entities: CATALOG });
    const answer = await post('/v1/entities/search?include=identifier&include=blueprint&include=properties.tier', { combinator: 'and', rules: [rule('tier', '=', 'gold')] });
    expect(answer.json.entities).toEqual([
      { identifier: 'cart', blueprint: 'service', properties: { tier: 'gold' } },
      { identifier: 'search', blueprint: 'service', properties: { tier: 'gold' } },
    ]);
    const excluded = await post('/v1/entities/search?exclude=properties&exclude=relations', { combinator: 'and', rules: [rule('$identifier', '=', 'eu-1')] });
    expect(Object.keys(excluded.json.entities[0]).sort()).toEqual(['blueprint', 'createdAt', 'createdBy', 'identifier', 'team', 'title', 'updatedAt', 'updatedBy']);
  });

  it.each([
    ['an unknown operator', { combinator: 'and', rules: [rule('tier', 'like', 'g')] }, 'body/rules/0/operator must be equal to one of the allowed values (between, notBetween, =, isEmpty, isNotEmpty, >, >=, <, <=, isExpired, isNotExpired, !=, containsAny, contains, doesNotContains, beginsWith, doesNotBeginsWith, endsWith, doesNotEndsWith, in, notIn, relatedTo, matchAny); "like" is not one'],
    ['an unknown operator, nested', { combinator: 'and', rules: [{ combinator: 'or', rules: [rule('tier', '~', 'g')] }] }, 'body/rules/0/rules/0/operator must be equal to one of the allowed values'],
    ['no combinator', { rules: [] }, "body must have required property 'combinator'"],
    ['a combinator that is not and/or', { combinator: 'xor', rules: [] }, 'body/combinator must be equal to one of the allowed values (and, or)'],
    ['another field', { combinator: 'and', rules: [], limit: 5 }, "body must NOT have additional property 'limit'"],
    ['a rule without a value', { combinator: 'and', rules: [{ property: 'tier', operator: '=' }] }, "body/rules/0 must have required property 'value'"],
    ['a rule with an extra field', { combinator: 'and', rules: [{ ...rule('tier', '=', 'gold'), blueprint: 'x' }] }, "body/rules/0 must NOT have additional property 'blueprint'"],
    ['a number rule on text', { combinator: 'and', rules: [rule('replicas', '>', 'three')] }, 'body/rules/0/value must be number or a date-time string'],
    ['isEmpty with a value', { combinator: 'and', rules: [rule('tier', 'isEmpty', 'x')] }, "body/rules/0 must NOT have additional property 'value'"],
    ['relatedTo without a blueprint', { combinator: 'and', rules: [{ operator: 'relatedTo', value: 'x' }] }, "body/rules/0 must have required property 'blueprint'"],
    ['a date preset', { combinator: 'and', rules: [rule('$createdAt', 'between', { preset: 'lastWeek' })] }, 'a date preset (use {"from", "to"}) is not supported by the port-ci sandbox'],
    ['a contextual value', { combinator: 'and', rules: [rule('$team', 'containsAny', { context: 'userTeams', property: '$identifier' })] }, 'a contextual value is not supported by the port-ci sandbox'],
    ['isExpired', { combinator: 'and', rules: [rule('ttl', 'isExpired')] }, 'isExpired (timer properties) is not supported by the port-ci sandbox'],
  ])('refuses %s (422 naming it)', async (_case, body, message) => {
    await sandbox({ entities: CATALOG });
    const answer = await post('/v1/entities/search', body);
    expect(answer).toMatchObject({ status: 422, json: { ok: false, error: 'invalid_request' } });
    expect(answer.json.message).toContain(message);
  });
});

describe("sandbox: POST /v1/blueprints/{bp}/entities/search, a page at a time", () => {
  const services = (count: number) => Array.from({ length: count }, (_, index) => ({ blueprint: 'service', identifier: `svc-${String(index).padStart(4, '0')}`, properties: { n: index, even: index % 2 === 0 } }));

  async function pages(body: Record<string, unknown>) {
    const seen: string[] = [];
    const sizes: number[] = [];
    let from: string | undefined;
    for (;;) {
      const answer = await post('/v1/blueprints/service/entities/search', { ...body, ...(from === undefined ? {} : { from }) });
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
      seen.push(...ids(answer.json.entities));
      sizes.push(answer.json.entities.length);
      if (answer.json.next === undefined) return { seen, sizes };
      expect(answer.json.next).toEqual(expect.any(String));
      from = answer.json.next;
    }
  }

  it('pages through 1,050 entities 200 at a time by default, each once, in identifier order', async () => {
    await sandbox({ entities: services(1050) });
    const { seen, sizes } = await pages({});
    expect(sizes).toEqual([200, 200, 200, 200, 200, 50]);
    expect(seen).toEqual(services(1050).map((entity) => entity.identifier));
    expect((await pages({ limit: 1000 })).sizes).toEqual([1000, 50]);
    expect((await pages({ limit: 525 })).sizes).toEqual([525, 525]);
  });

  it('pages through the entities that answer the query, showing what include names', async () => {
    await sandbox({ entities: services(1050) });
    const { seen, sizes } = await pages({ query: { combinator: 'and', rules: [{ property: 'even', operator: '=', value: true }] }, limit: 100 });
    expect(sizes).toEqual([100, 100, 100, 100, 100, 25]);
    expect(seen).toEqual(services(1050).filter((_, index) => index % 2 === 0).map((entity) => entity.identifier));
    const shown = await post('/v1/blueprints/service/entities/search', { include: ['$identifier', 'n'], limit: 1 });
    expect(shown.json).toEqual({ ok: true, entities: [{ identifier: 'svc-0000', properties: { n: 0 } }], next: expect.any(String) });
  });

  it('keeps its place when entities are written between pages: a new one after the cursor appears, none twice', async () => {
    await sandbox({ entities: services(10) });
    const first = await post('/v1/blueprints/service/entities/search', { limit: 5 });
    await post('/v1/blueprints/service/entities', { identifier: 'svc-0001a' });
    await post('/v1/blueprints/service/entities', { identifier: 'svc-9999' });
    const second = await post('/v1/blueprints/service/entities/search', { limit: 100, from: first.json.next });
    expect(ids(second.json.entities)).toEqual(['svc-0005', 'svc-0006', 'svc-0007', 'svc-0008', 'svc-0009', 'svc-9999']);
    expect(second.json.next).toBeUndefined();
  });

  it.each([
    [{ limit: 0 }, 'body/limit must be a number from 1 to 1000 (default 200)'],
    [{ limit: 1001 }, 'body/limit must be a number from 1 to 1000 (default 200)'],
    [{ limit: '10' }, 'body/limit must be a number from 1 to 1000'],
    [{ from: 'not-a-cursor' }, 'body/from is not a cursor this sandbox gave'],
    [{ page: 2 }, "body must NOT have additional property 'page'"],
    [{ include: 'identifier' }, 'body/include must be array of strings'],
    [{ query: { combinator: 'and', rules: [{ property: 'n', operator: 'near', value: 1 }] } }, 'body/query/rules/0/operator must be equal to one of the allowed values'],
  ])('refuses %j (422 naming it)', async (body, message) => {
    await sandbox({ entities: services(3) });
    const answer = await post('/v1/blueprints/service/entities/search', body);
    expect(answer).toMatchObject({ status: 422, json: { ok: false, error: 'invalid_request' } });
    expect(answer.json.message).toContain(message);
  });
});

describe.skipIf(!haveSchemas)("sandbox: entity answers match Port's published response schemas", () => {
  it('answers every entity route, its refusals included, in the shape its schema documents', async () => {
    await sandbox({ runs: ['r_job'], entities: [{ blueprint: 'cluster', identifier: 'eu-1', title: 'EU 1' }] });
    const checks: [string, { status: number; json: unknown }][] = [
      ['create-an-entity', await post('/v1/blueprints/service/entities?run_id=r_job', { identifier: 'cart', title: 'Cart', team: 'payments', properties: { tier: 'gold' }, relations: { cluster: 'eu-1' } })],
      ['create-an-entity', await post('/v1/blueprints/service/entities?upsert=true&merge=true', { identifier: 'cart', icon: 'Cart' })],
      ['create-an-entity', await post('/v1/blueprints/service/entities', { identifier: 'x', relations: { cluster: 'nowhere' } })],
      ['create-an-entity', await post('/v1/blueprints/service/entities', { identifier: '..' })],
      ['create-multiple-entities', await post('/v1/blueprints/service/entities/bulk', { entities: [{ identifier: 'a' }, { identifier: 'b' }] })],
      ['create-multiple-entities', await post('/v1/blueprints/service/entities/bulk', { entities: [{ identifier: 'c' }, { identifier: 'a' }] })],
      ['create-multiple-entities', await post('/v1/blueprints/service/entities/bulk', { entities: [] })],
      ['get-an-entity', await call('GET', '/v1/blueprints/service/entities/cart')],
      ['get-an-entity', await call('GET', '/v1/blueprints/service/entities/cart?include=identifier')],
      ['get-an-entity', await call('GET', '/v1/blueprints/service/entities/nope')],
      ['update-an-entity', await call('PATCH', '/v1/blueprints/service/entities/cart', { title: null, properties: { replicas: 2 } })],
      ['update-an-entity', await call('PATCH', '/v1/blueprints/service/entities/cart', { owner: 'me' })],
      ['change-an-entity', await call('PUT', '/v1/blueprints/service/entities/a', { title: 'A', relations: { cluster: 'eu-1' } })],
      ['search-entities', await post('/v1/entities/search', { combinator: 'and', rules: [{ property: '$blueprint', operator: '=', value: 'service' }] })],
      ['search-entities', await post('/v1/entities/search?include=identifier', { combinator: 'or', rules: [] })],
      ['search-entities', await post('/v1/entities/search', { combinator: 'and', rules: [{ operator: 'like' }] })],
      ['search-a-blueprints-entities', await post('/v1/blueprints/service/entities/search', { limit: 2 })],
      ['search-a-blueprints-entities', await post('/v1/blueprints/service/entities/search', { limit: 2, include: ['$identifier', '$title'] })],
      ['search-a-blueprints-entities', await post('/v1/blueprints/nothing/entities/search', {})],
      ['delete-an-entity', await call('DELETE', '/v1/blueprints/cluster/entities/eu-1')],
      ['delete-an-entity', await call('DELETE', '/v1/blueprints/service/entities/b?run_id=r_job')],
      ['delete-an-entity', await call('DELETE', '/v1/blueprints/service/entities/b')],
    ];
    const statuses = checks.map(([, answer]) => answer.status);
    expect(statuses).toEqual([201, 201, 404, 422, 200, 207, 422, 200, 200, 404, 200, 422, 200, 200, 200, 422, 200, 200, 404, 422, 200, 404]);
    for (const [file, answer] of checks) expect(schemaErrors(file, answer.status, answer.json), `${file} ${answer.status}: ${JSON.stringify(answer.json)}`).toBe('');
  });

  it('would catch an answer that is not of the documented shape', () => {
    expect(schemaErrors('get-an-entity', 200, { ok: true, entity: { identifier: 'x', extra: 1 } })).toContain('must NOT have additional properties');
    expect(schemaErrors('create-multiple-entities', 207, { ok: false, entities: [{ identifier: 'x', index: 0 }], errors: [] })).toContain("must have required property 'created'");
    expect(schemaErrors('delete-an-entity', 422, { ok: false, error: 'x' })).toContain("must have required property 'message'");
  });
});

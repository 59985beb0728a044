import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { formatOf, gatherEntities, jsonObjectFlag, readEntities, type SourceNames } from '../../src/catalog/entities.js';
import { searchRequest } from '../../src/catalog/search.js';
import { parseCombinator, parseRule, parseRuleJson } from '../../src/catalog/rules.js';

describe('entity files', () => {
  it('reads one entity, a list, Port\'s bulk body, YAML and NDJSON, each entity placed in its blueprint', () => {
    expect(readEntities('{"identifier":"a","properties":{"tier":"gold"}}', 'json', 'one.json', 'service')).toEqual([
      { blueprint: 'service', entity: { identifier: 'a', properties: { tier: 'gold' } }, source: 'one.json' },
    ]);
    const list = readEntities('[{"identifier":"a"},{"identifier":"b","blueprint":"team","title":"B"}]', 'json', 'list.json', 'service');
    expect(list.map(({ blueprint, entity, source }) => [blueprint, entity.identifier, source])).toEqual([
      ['service', 'a', 'list.json item 1'],
      ['team', 'b', 'list.json item 2'],
    ]);
    expect(readEntities('{"entities":[{"identifier":"a"}]}', 'json', 'bulk.json', 'service')).toHaveLength(1);
    expect(readEntities('- identifier: a\n  team: [x, y]\n- identifier: b\n', 'yaml', 'x.yaml', 'service', parseYaml).map(({ entity }) => entity)).toEqual([
      { identifier: 'a', team: ['x', 'y'] },
      { identifier: 'b' },
    ]);
    expect(readEntities('{"identifier":"a"}\n\n{"identifier":"b"}\n', 'ndjson', 'x.ndjson', 'service').map(({ source }) => source)).toEqual(['x.ndjson line 1', 'x.ndjson line 3']);
    expect([formatOf('a.ndjson'), formatOf('a.jsonl'), formatOf('a.yml'), formatOf('a.YAML'), formatOf('a.json'), formatOf('a')]).toEqual(['ndjson', 'ndjson', 'yaml', 'yaml', 'json', 'json']);
  });

  it('names the file, the line or item and the field at fault, and what is accepted', () => {
    expect(() => readEntities('{"identifier":"a"}\n{"identifier":', 'ndjson', 's.ndjson', 'service')).toThrow(/^s\.ndjson line 2: not JSON .*one entity object per line/);
    expect(() => readEntities('[{"identifier":"a"},{"identifier":".."}]', 'json', 'l.json', 'service')).toThrow('l.json item 2: identifier ".." is not accepted; Port takes letters, digits and @ _ . + : \\ / = - (not "." or ".." alone)');
    expect(() => readEntities('{"identifier":"a","propertys":{}}', 'json', 'o.json', 'service')).toThrow('o.json: unknown field "propertys"; an entity takes identifier, title, icon, team, properties, relations, blueprint');
    expect(() => readEntities('{"identifier":"a","properties":[1]}', 'json', 'o.json', 'service')).toThrow('o.json: properties: expected an object of property values but found a list');
    expect(() => readEntities('{"identifier":"a"}', 'json', 'o.json', undefined)).toThrow('o.json: no blueprint: give --blueprint, or a "blueprint" field on the entity');
    expect(() => readEntities('[]', 'json', 'e.json', 'service')).toThrow('e.json: the list is empty; give at least one entity');
    expect(() => readEntities('a: [', 'yaml', 'b.yaml', 'service', parseYaml)).toThrow(/^b\.yaml: not YAML/);
    expect(() => readEntities('identifier: a', 'yaml', 'b.yaml', 'service')).toThrow("b.yaml: YAML is read by the npm package's port-ci (npx port-ci); this one-file build reads JSON and NDJSON");
    expect(() => readEntities(`{"identifier":"${'x'.repeat(1001)}"}`, 'json', 'o.json', 'service')).toThrow('o.json: identifier: 1001 characters; Port accepts at most 1000');
    expect(() => jsonObjectFlag('--properties', '[1]')).toThrow('--properties: expected a JSON object such as \'{"tier": "gold"}\' but found a list');
    expect(() => jsonObjectFlag('--properties', '{tier')).toThrow(/^--properties: not JSON/);
  });
});

describe('search rules as a user writes them', () => {
  it.each([
    ['tier=gold', { property: 'tier', operator: '=', value: 'gold' }],
    ['replicas=3', { property: 'replicas', operator: '=', value: 3 }],
    ['version="1.10"', { property: 'version', operator: '=', value: '1.10' }],
    ['on=true', { property: 'on', operator: '=', value: true }],
    ['owner=null', { property: 'owner', operator: '=', value: null }],
    ['tier!=gold', { property: 'tier', operator: '!=', value: 'gold' }],
    ['replicas>=2', { property: 'replicas', operator: '>=', value: 2 }],
    ['replicas<10', { property: 'replicas', operator: '<', value: 10 }],
    ['$updatedAt>2026-01-01T00:00:00Z', { property: '$updatedAt', operator: '>', value: '2026-01-01T00:00:00Z' }],
    ['name~api', { property: 'name', operator: 'contains', value: 'api' }],
    ['name!~api', { property: 'name', operator: 'doesNotContains', value: 'api' }],
    ['name^=svc-', { property: 'name', operator: 'beginsWith', value: 'svc-' }],
    ['$title$=prod', { property: '$title', operator: 'endsWith', value: 'prod' }],
    ['url=https://x?a=b', { property: 'url', operator: '=', value: 'https://x?a=b' }],
    ['tier in gold,silver', { property: 'tier', operator: 'in', value: ['gold', 'silver'] }],
    ['tier not-in bronze', { property: 'tier', operator: 'notIn', value: ['bronze'] }],
    ['owner?', { property: 'owner', operator: 'isNotEmpty' }],
    ['!owner?', { property: 'owner', operator: 'isEmpty' }],
    ['relatedTo:team=platform', { operator: 'relatedTo', blueprint: 'team', value: 'platform' }],
    ['$identifier=svc-a', { property: '$identifier', operator: '=', value: 'svc-a' }],
  ])('%s', (text, rule) => {
    expect(parseRule(text)).toEqual(rule);
  });

  it('refuses what it cannot read, saying which forms it takes', () => {
    expect(() => parseRule('tier')).toThrow(/^--rule 'tier': no operator; expected property=value, !=, >/);
    expect(() => parseRule('replicas>many')).toThrow("--rule 'replicas>many': \"many\" is not a number or a date-time (2026-01-31T00:00:00Z), which > compares");
    expect(() => parseRule('ti er=x')).toThrow(/"ti er" is not a property name/);
    expect(() => parseRule('tier in ,')).toThrow(/no values after "in"/);
    expect(() => parseRule('')).toThrow(/^--rule: empty/);
    expect(() => parseCombinator('xor')).toThrow('--combinator: "xor" is not accepted; expected and or or');
    expect(parseCombinator(undefined)).toBe('and');
    expect(parseRuleJson('{"property":"a","operator":"=","value":1}')).toEqual({ property: 'a', operator: '=', value: 1 });
    expect(() => parseRuleJson('[1]')).toThrow(/--rule-json: expected a rule object/);
  });
});

describe('entities from fields or a file, named as each face names them', () => {
  const CLI: SourceNames = { field: (name) => `--${name}`, fields: 'the flags', upsert: 'entity upsert', bulk: 'entity bulk', fileHint: 'JSON, YAML or NDJSON; - for standard input' };
  const fileOf = (text: string, name = 'x.json') => ({ name, source: name, read: () => text });

  it('builds one entity from its fields: one team as a string, several as a list, JSON objects parsed', async () => {
    const [one] = await gatherEntities({ blueprint: 'service', identifier: 'a', title: 'A', team: ['t1'], properties: '{"tier":"gold"}' }, 'one', CLI);
    expect(one).toEqual({ blueprint: 'service', entity: { identifier: 'a', title: 'A', team: 't1', properties: { tier: 'gold' } }, source: 'the flags' });
    const [two] = await gatherEntities({ blueprint: 'service', identifier: 'a', team: ['t1', 't2'], relations: '{"owner":"x"}' }, 'one', CLI);
    expect(two!.entity).toEqual({ identifier: 'a', team: ['t1', 't2'], relations: { owner: 'x' } });
  });

  it('reads a file only when it is the whole request, loading YAML only for a YAML file', async () => {
    let loads = 0;
    const loadYaml = async () => {
      loads++;
      return parseYaml;
    };
    expect(await gatherEntities({ blueprint: 'service', file: fileOf('[{"identifier":"a"},{"identifier":"b"}]') }, 'many', CLI, loadYaml)).toHaveLength(2);
    expect(loads).toBe(0);
    expect(await gatherEntities({ blueprint: 'service', file: fileOf('identifier: a\n', 'a.yaml') }, 'one', CLI, loadYaml)).toHaveLength(1);
    expect(loads).toBe(1);
  });

  it.each([
    [{ blueprint: 'service', identifier: 'a', file: fileOf('{}') }, 'one', 'entity upsert: --file and --identifier contradict each other; give the entity in the file or in flags'],
    [{ blueprint: 'service', file: fileOf('[{"identifier":"a"},{"identifier":"b"}]') }, 'one', 'entity upsert: x.json holds 2 entities; upsert writes one (use entity bulk for several)'],
    [{ blueprint: 'service' }, 'many', 'entity bulk: --file is required (JSON, YAML or NDJSON; - for standard input)'],
    [{ blueprint: 'service' }, 'one', 'entity upsert: --identifier is required (or --file)'],
    [{ identifier: 'a' }, 'one', 'the flags: no blueprint: give --blueprint, or a "blueprint" field on the entity'],
    [{ blueprint: 'service', identifier: 'a', properties: '[]' }, 'one', '--properties: expected a JSON object such as \'{"tier": "gold"}\' but found a list'],
  ] as const)('refuses %j (%s) naming the flags', async (source, mode, message) => {
    await expect(gatherEntities(source, mode, CLI)).rejects.toThrow(message);
  });
});

describe('a search request', () => {
  const names = { blueprint: '--blueprint', combinator: '--combinator', missing: 'give a rule or a blueprint' };

  it('needs a rule or a blueprint, and checks both and the combinator', () => {
    expect(searchRequest({ blueprint: 'service', rules: [] }, names)).toEqual({ blueprint: 'service', combinator: 'and', rules: [] });
    expect(searchRequest({ rules: [parseRule('tier=gold')], combinator: 'OR', include: [], max: 5 }, names)).toEqual({ combinator: 'or', rules: [{ property: 'tier', operator: '=', value: 'gold' }], max: 5 });
    expect(() => searchRequest({ rules: [] }, names)).toThrow('give a rule or a blueprint');
    expect(() => searchRequest({ blueprint: 'a b', rules: [] }, names)).toThrow(/^--blueprint: blueprint: expected a blueprint identifier/);
    expect(() => searchRequest({ blueprint: 'service', rules: [], combinator: 'nand' }, names)).toThrow('--combinator: "nand" is not accepted; expected and or or');
  });
});

/*
 * The comparison behind --skip-unchanged: "unchanged" only when the write could not change what Port holds.
 */
import { describe, expect, it } from 'vitest';
import { sameAsStored } from '../../src/catalog/unchanged.js';

const stored = {
  identifier: 'svc-a',
  blueprint: 'service',
  title: 'Svc A',
  icon: 'Service',
  team: ['platform'],
  properties: { tier: 'gold', replicas: 3, tags: ['a', 'b'], config: { region: 'eu', zone: 1 }, notes: null },
  relations: { owner: 'team-a', deps: ['svc-b', 'svc-c'] },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
};
const same = { identifier: 'svc-a', title: 'Svc A', icon: 'Service', team: 'platform', properties: { config: { zone: 1, region: 'eu' }, tags: ['a', 'b'], replicas: 3, tier: 'gold' }, relations: { deps: ['svc-b', 'svc-c'], owner: 'team-a' } };

describe('sameAsStored', () => {
  it('holds for the same fields in any key order, a team named alone, and a property Port holds as null left out', () => {
    expect(sameAsStored(same, stored, false)).toBe(true);
    expect(sameAsStored({ ...same, properties: { ...same.properties, notes: null } }, stored, false)).toBe(true);
  });

  it.each([
    ['another title', { ...same, title: 'Svc B' }],
    ['no title, replacing one', { ...same, title: undefined }],
    ['another team', { ...same, team: ['platform', 'payments'] }],
    ['teams in another order', { ...same, team: ['payments', 'platform'] }, false, { team: ['platform', 'payments'] }],
    ['a list in another order', { ...same, relations: { ...same.relations, deps: ['svc-c', 'svc-b'] } }],
    ['a number as text', { ...same, properties: { ...same.properties, replicas: '3' } }],
    ['a nested value changed', { ...same, properties: { ...same.properties, config: { region: 'us', zone: 1 } } }],
    ['a nested key added', { ...same, properties: { ...same.properties, config: { region: 'eu', zone: 1, rack: 2 } } }],
    ['a property left out, as one the blueprint defaulted (replacing, Port sets it again)', { ...same, properties: { replicas: 3, tags: ['a', 'b'], config: { region: 'eu', zone: 1 } } }, true],
    ['a relation left out', { ...same, relations: { owner: 'team-a' } }],
    ['a date in another form', { ...same, properties: { ...same.properties, at: '2026-01-01T00:00:00Z' } }],
  ])('is a change: %s', (_, given, mergeKeepsIt = false, held: Record<string, unknown> = {}) => {
    expect(sameAsStored(given as typeof same, { ...stored, ...held }, false)).toBe(false);
    if (mergeKeepsIt) expect(sameAsStored(given as typeof same, stored, true)).toBe(true);
  });

  it('with merge, compares only what is given', () => {
    expect(sameAsStored({ identifier: 'svc-a', properties: { tier: 'gold' } }, stored, true)).toBe(true);
    expect(sameAsStored({ identifier: 'svc-a', relations: { owner: 'team-a' } }, stored, true)).toBe(true);
    expect(sameAsStored({ identifier: 'svc-a', properties: { tier: 'silver' } }, stored, true)).toBe(false);
    expect(sameAsStored({ identifier: 'svc-a', team: [] }, stored, true)).toBe(false);
    // Left out, the property stays; set to null, it is cleared.
    expect(sameAsStored({ identifier: 'svc-a', properties: { tier: null } }, stored, true)).toBe(false);
  });

  it('replacing, an entity with no fields matches only a bare one', () => {
    expect(sameAsStored({ identifier: 'svc-a' }, { identifier: 'svc-a', team: [], properties: {}, relations: {} }, false)).toBe(true);
    expect(sameAsStored({ identifier: 'svc-a' }, stored, false)).toBe(false);
  });
});

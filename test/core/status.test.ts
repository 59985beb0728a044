import { describe, expect, it } from 'vitest';
import { UsageError, closest, parseFinalStatus } from '../../src/core/index.js';

describe('parseFinalStatus', () => {
  it.each([
    ['success', { status: 'SUCCESS' }],
    ['SUCCESS', { status: 'SUCCESS' }],
    [' Succeeded\n', { status: 'SUCCESS' }],
    ['failure', { status: 'FAILURE' }],
    ['FAILED', { status: 'FAILURE' }],
    ['cancelled', { status: 'FAILURE', label: 'Cancelled' }],
    ['Canceled', { status: 'FAILURE', label: 'Cancelled' }],
  ])('maps %j to %j', (word, expected) => {
    expect(parseFinalStatus(word)).toStrictEqual(expected);
  });

  it.each(['', 'skipped', 'in_progress', 'ok'])('refuses %j with a UsageError naming the source', (word) => {
    expect(() => parseFinalStatus(word, 'job-status')).toThrow(UsageError);
    expect(() => parseFinalStatus(word, 'job-status')).toThrow(`Invalid job-status '${word}'. Expected success, failure or cancelled.`);
  });

  it.each([
    ['sucess', 'success'],
    ['failur', 'failure'],
    ['cancleled', 'cancelled'],
  ])('suggests the status %j most likely meant', (word, meant) => {
    expect(() => parseFinalStatus(word)).toThrow(`Invalid status '${word}'. Expected success, failure or cancelled (did you mean "${meant}"?).`);
  });
});

describe('closest', () => {
  it('finds a word within two edits and a third of its letters, swaps counting as one', () => {
    expect(closest('exce', ['context', 'exec', 'log'])).toBe('exec');
    expect(closest('dispach', ['dispatch', 'report'])).toBe('dispatch');
    expect(closest('deploy', ['context', 'exec', 'log', 'report'])).toBeUndefined();
    expect(closest('lg', ['log'])).toBeUndefined();
  });
});

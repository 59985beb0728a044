import { describe, expect, it } from 'vitest';
import { UsageError, parseFinalStatus } from '../../src/core/index.js';

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
});

import { describe, expect, it } from 'vitest';
import { UsageError, buildRunUpdate } from '../../src/core/index.js';

describe('buildRunUpdate', () => {
  it("maps job.status words to Port's, cancelled to FAILURE labelled Cancelled", () => {
    expect(buildRunUpdate({ status: 'Success' })).toEqual({ status: 'SUCCESS' });
    expect(buildRunUpdate({ status: 'cancelled' })).toEqual({ status: 'FAILURE', statusLabel: 'Cancelled' });
    expect(buildRunUpdate({ status: 'cancelled', statusLabel: 'Stopped by Dana' })).toEqual({ status: 'FAILURE', statusLabel: 'Stopped by Dana' });
  });

  it('sends one link as a string and several as a list, trimmed, blanks dropped', () => {
    expect(buildRunUpdate({ links: [' https://a.example/1 ', ''] })).toEqual({ link: 'https://a.example/1' });
    expect(buildRunUpdate({ links: ['https://a.example/1', 'http://b.example/2'] })).toEqual({ link: ['https://a.example/1', 'http://b.example/2'] });
  });

  it('leaves out empty fields so they keep their values in Port', () => {
    expect(buildRunUpdate({ summary: '', externalRunId: '', statusLabel: '' })).toEqual({});
    expect(buildRunUpdate({ summary: 'Deployed', externalRunId: '991' })).toEqual({ summary: 'Deployed', externalRunId: '991' });
  });

  it('refuses a link that is not an http(s) URL and a status word it does not know, naming them', () => {
    expect(() => buildRunUpdate({ links: ['javascript:alert(1)'] }, 'status', '--link')).toThrow(new UsageError("Invalid --link 'javascript:alert(1)'. Expected an http(s) URL."));
    expect(() => buildRunUpdate({ status: 'done' })).toThrow("Invalid status 'done'. Expected success, failure or cancelled.");
  });
});

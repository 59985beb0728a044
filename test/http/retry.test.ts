import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../src/http/request.js';
import { RetriesExhausted, backoff, sendWithRetries, serverRequestedWait, type RetryClock } from '../../src/http/retry.js';

const POLICY = { deadlineMs: 60_000, baseDelayMs: 200, maxDelayMs: 10_000, attemptTimeoutMs: 15_000 };

/** A clock that only moves when the policy sleeps, recording every wait. */
function fakeClock(start = 1_700_000_000_000): RetryClock & { waits: number[] } {
  let now = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
    random: () => 1,
  };
}

const answer = (status: number, headers: Record<string, string> = {}): HttpResponse => ({ status, headers, text: '' });

function scripted(...steps: Array<HttpResponse | Error>) {
  let call = 0;
  const send = async () => {
    const step = steps[Math.min(call++, steps.length - 1)]!;
    if (step instanceof Error) throw step;
    return step;
  };
  return { send, calls: () => call };
}

describe('serverRequestedWait', () => {
  it('reads retry-after in seconds and as an HTTP date', () => {
    expect(serverRequestedWait(429, { 'retry-after': '3' }, 0)).toBe(3000);
    const now = Date.parse('2026-11-28T10:00:00Z');
    expect(serverRequestedWait(503, { 'retry-after': 'Sat, 28 Nov 2026 10:00:05 GMT' }, now)).toBe(5000);
  });

  it('reads x-ratelimit-reset when the budget is spent or the answer is 429', () => {
    const now = 1_700_000_000_000;
    expect(serverRequestedWait(200, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 7) }, now)).toBe(7000);
    expect(serverRequestedWait(429, { 'x-ratelimit-reset': String(now / 1000 + 2) }, now)).toBe(2000);
    expect(serverRequestedWait(503, { 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': String(now / 1000 + 9) }, now)).toBeUndefined();
  });

  it("reads Port's x-ratelimit-reset as the seconds left in its window, GitHub's as epoch seconds", () => {
    const now = 1_700_000_000_000;
    expect(serverRequestedWait(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '4' }, now)).toBe(4000);
    expect(serverRequestedWait(200, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0.5' }, now)).toBe(500);
    expect(serverRequestedWait(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 30) }, now)).toBe(30_000);
  });
});

describe('backoff', () => {
  it('doubles up to the cap, scaled by jitter', () => {
    expect([0, 1, 2, 3].map((attempt) => backoff(attempt, POLICY, () => 1))).toEqual([200, 400, 800, 1600]);
    expect(backoff(20, POLICY, () => 1)).toBe(10_000);
    expect(backoff(3, POLICY, () => 0.5)).toBe(800);
  });
});

describe('sendWithRetries', () => {
  it('returns the first answer that is not worth retrying, 4xx included', async () => {
    const clock = fakeClock();
    const { send, calls } = scripted(answer(503), answer(502), answer(422));
    expect((await sendWithRetries(send, POLICY, clock)).status).toBe(422);
    expect(calls()).toBe(3);
    expect(clock.waits).toEqual([200, 400]);
  });

  it('retries network errors', async () => {
    const clock = fakeClock();
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const { send } = scripted(reset, reset, answer(201));
    expect((await sendWithRetries(send, POLICY, clock)).status).toBe(201);
  });

  it('waits at least as long as retry-after asks', async () => {
    const clock = fakeClock();
    const { send } = scripted(answer(429, { 'retry-after': '4' }), answer(201));
    await sendWithRetries(send, POLICY, clock);
    expect(clock.waits).toEqual([4000]);
  });

  it('gives up when the next wait would pass the deadline, saying how many attempts it made', async () => {
    const clock = fakeClock();
    const { send, calls } = scripted(answer(503));
    const error = await sendWithRetries(send, { ...POLICY, deadlineMs: 5_000 }, clock).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhausted);
    expect((error as RetriesExhausted).attempts).toBe(calls());
    expect((error as RetriesExhausted).last.response?.status).toBe(503);
    expect(clock.waits.reduce((a, b) => a + b, 0)).toBeLessThan(5_000);
  });

  it('makes at most maxAttempts attempts, without waiting after the last', async () => {
    const clock = fakeClock();
    const { send, calls } = scripted(answer(503));
    const error = await sendWithRetries(send, { ...POLICY, maxAttempts: 1 }, clock).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhausted);
    expect([calls(), clock.waits]).toEqual([1, []]);
  });

  it('starts no attempt with less than 50 ms left, so the last failure is a real answer, not a timeout', async () => {
    const clock = fakeClock();
    const timeouts: number[] = [];
    const error = await sendWithRetries(
      async (timeoutMs) => {
        timeouts.push(timeoutMs);
        return answer(503);
      },
      { ...POLICY, deadlineMs: 640 },
      clock,
    ).catch((e: unknown) => e);
    // Waits of 200 then 400 would leave 40 ms for a third attempt: it is not made.
    expect(timeouts).toEqual([640, 440]);
    expect((error as RetriesExhausted).last.response?.status).toBe(503);
  });

  it('gives up at once when Port asks to wait past the deadline', async () => {
    const clock = fakeClock();
    const { send, calls } = scripted(answer(429, { 'retry-after': '120' }));
    await expect(sendWithRetries(send, POLICY, clock)).rejects.toBeInstanceOf(RetriesExhausted);
    expect(calls()).toBe(1);
    expect(clock.waits).toEqual([]);
  });

  it('gives each attempt no more time than is left', async () => {
    const clock = fakeClock();
    const timeouts: number[] = [];
    await sendWithRetries(
      async (timeoutMs) => {
        timeouts.push(timeoutMs);
        return answer(timeouts.length < 2 ? 503 : 200);
      },
      { ...POLICY, deadlineMs: 10_000 },
      clock,
    );
    expect(timeouts[0]).toBe(10_000);
    expect(timeouts[1]).toBe(10_000 - 200);
  });
});

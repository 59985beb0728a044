import { afterEach, describe, expect, it } from 'vitest';
import { PortClient } from '../../src/port/client.js';
import { SecretMasker } from '../../src/core/masking.js';
import { LogStream } from '../../src/port/log-stream.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';

let sandbox: Sandbox;
afterEach(async () => sandbox?.close());

async function streamTo(options: SandboxOptions = {}, policy = {}) {
  sandbox = await startSandbox({ runs: ['r_stream'], ...options });
  const client = new PortClient({ baseUrl: sandbox.url, token: { token: sandbox.issueToken() }, policy: { baseDelayMs: 5, maxDelayMs: 40, ...policy } });
  return { client, stream: (streamOptions = {}) => new LogStream(client, 'r_stream', streamOptions) };
}

const lines = (count: number, prefix = 'line') => Array.from({ length: count }, (_, i) => `${prefix} ${i} ${'x'.repeat(i % 50)}`);
const received = () => sandbox.runs.get('r_stream')!.logs.flatMap((log) => log.message.split('\n'));

describe('LogStream', () => {
  it('batches lines that arrive together into few messages, in order', async () => {
    const { stream } = await streamTo();
    const log = stream();
    const sent = lines(5000);
    sent.forEach((line) => log.write(line));
    const result = await log.close();
    expect(received()).toEqual(sent);
    expect(result).toMatchObject({ delivered: 5000, undelivered: 0 });
    expect(result.messages).toBeLessThanOrEqual(5);
  });

  it('keeps order and loses nothing when Port answers 503 to every 2nd call', async () => {
    const { stream } = await streamTo({ failEvery: { n: 2, status: 503 } });
    const log = stream({ maxLines: 100 });
    const sent = lines(2000);
    for (const [i, line] of sent.entries()) {
      log.write(line);
      if (i % 250 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const result = await log.close();
    expect(received()).toEqual(sent);
    expect(result.undelivered).toBe(0);
    expect(sandbox.requests.filter((r) => r.status === 503).length).toBeGreaterThanOrEqual(10);
  });

  it('keeps order and loses nothing through connection resets', async () => {
    const { stream } = await streamTo({ dropEvery: 3 });
    const log = stream({ maxLines: 50 });
    const sent = lines(1000);
    sent.forEach((line) => log.write(line));
    const result = await log.close();
    expect(result.undelivered).toBe(0);
    expect(received()).toEqual(sent);
  });

  it('flushes a lone line after the interval, not only on close', async () => {
    const { stream } = await streamTo();
    const log = stream({ flushIntervalMs: 20 });
    log.write('early line');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received()).toEqual(['early line']);
    await log.close();
  });

  it('keeps each message under the byte bound, cutting an over-long line into pieces', async () => {
    const { stream } = await streamTo();
    const log = stream({ maxMessageBytes: 1000 });
    const long = 'é'.repeat(1700); // 3400 bytes
    log.write('before');
    log.write(long);
    log.write('after');
    await log.close();
    const messages = sandbox.runs.get('r_stream')!.logs.map((entry) => entry.message);
    expect(messages.every((message) => Buffer.byteLength(message) <= 1000)).toBe(true);
    expect(messages.join('\n').replace(/\n/g, '')).toBe(`before${long}after`);
  });

  it('asks the producer to pause above the high-water mark and lets it go on once drained', async () => {
    const { stream } = await streamTo({ latencyMs: 50 });
    const log = stream({ highWaterBytes: 2000, maxMessageBytes: 500 });
    let paused = 0;
    for (const line of lines(300)) {
      if (!log.write(line)) {
        paused++;
        await log.drained();
      }
    }
    const result = await log.close();
    expect(paused).toBeGreaterThan(0);
    expect(result.delivered).toBe(300);
  });

  it('counts the lines it could not deliver when the deadline passes, and stops sending', async () => {
    const { stream } = await streamTo({ failEvery: { n: 1, status: 503 } }, { deadlineMs: 200 });
    const log = stream({ flushIntervalMs: 10 });
    lines(30).forEach((line) => log.write(line));
    await new Promise((resolve) => setTimeout(resolve, 400));
    lines(20).forEach((line) => log.write(line));
    const result = await log.close();
    expect(result).toMatchObject({ delivered: 0, undelivered: 50 });
    expect(result.failure).toMatch(/Port answered 503/);
  });

  it('stops and counts when the run has ended (422)', async () => {
    const { client, stream } = await streamTo();
    await client.updateRun('r_stream', { status: 'SUCCESS' });
    const log = stream();
    log.write('too late');
    const result = await log.close();
    expect(result.undelivered).toBe(1);
  });

  it('masks a whole line before cutting it, so a secret on a piece boundary is still masked', async () => {
    sandbox = await startSandbox({ runs: ['r_stream'] });
    const masker = new SecretMasker();
    const secret = 'piece-boundary-secret-0123456789';
    masker.add(secret);
    const client = new PortClient({ baseUrl: sandbox.url, token: { token: sandbox.issueToken() }, masker });
    const log = new LogStream(client, 'r_stream', { maxMessageBytes: 200 });
    // Without masking first, the cut at ~198 bytes would fall inside the secret.
    const long = `${'a'.repeat(180)}${secret}${'b'.repeat(180)}`;
    log.write(long);
    await log.close();
    const messages = sandbox.runs.get('r_stream')!.logs.map((entry) => entry.message);
    expect(messages.join('')).toBe(`${'a'.repeat(180)}***${'b'.repeat(180)}`);
    expect(messages.length).toBeGreaterThan(1);
  });

  it('never sends an add-mask line, and masks its value in later lines and messages', async () => {
    const { client, stream } = await streamTo();
    const log = stream();
    log.write('start');
    log.write('  ::add-mask::learned%25value');
    log.write('using learned%value');
    const result = await log.close();
    await client.updateRun('r_stream', { summary: 'done with learned%value' });
    expect(received()).toEqual(['start', 'using ***']);
    expect(result).toMatchObject({ delivered: 2, undelivered: 0 });
    expect(sandbox.runs.get('r_stream')!.summary).toBe('done with ***');
  });
});

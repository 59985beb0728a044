import { afterEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(receiver!.url + path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

describe('webhook receiver', () => {
  it('records method, path, headers and the exact raw body, and answers 200 {ok: true}', async () => {
    receiver = await startWebhookReceiver();
    const body = '{"b": 1,  "a":"é\\n"}'; // spacing and order kept: a signature is over these bytes
    const res = await post('/hooks/deploy?x=1', body, { 'X-Port-Signature': 'v1,abc', 'X-Port-Timestamp': '1700000000' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ ok: true });
    expect(receiver.received).toMatchObject([{ method: 'POST', path: '/hooks/deploy?x=1', body }]);
    expect(receiver.received[0]!.headers).toMatchObject({ 'x-port-signature': 'v1,abc', 'x-port-timestamp': '1700000000' });
  });

  it('answers the configured status and body, and failNext statuses first', async () => {
    receiver = await startWebhookReceiver({ status: 202, body: { queued: true } });
    receiver.failNext(2, 500);
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await post('/', '{}')).status);
    expect(statuses).toEqual([500, 500, 202]);
    expect(await (await post('/', '{}')).json()).toEqual({ queued: true });
    expect(receiver.received).toHaveLength(4);
    expect(() => receiver!.failNext(1, 204)).toThrow(RangeError);
  });

  it('delays answers by latencyMs and closes with an answer still pending', async () => {
    receiver = await startWebhookReceiver({ latencyMs: 150 });
    const began = Date.now();
    await post('/', '{}');
    expect(Date.now() - began).toBeGreaterThanOrEqual(140);
    const hanging = post('/', '{}').catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await receiver.close();
    receiver = undefined;
    expect(await hanging).toBeInstanceOf(Error);
  });
});

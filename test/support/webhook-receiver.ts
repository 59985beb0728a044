import { STATUS_CODES, createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * The far end of a WEBHOOK action (PORT-FACTS.md §3): it keeps every request exactly as sent, raw body text included,
 * because the X-Port-Signature is an HMAC over those very bytes and a test must be able to recompute it.
 */

export interface ReceivedRequest { method: string; path: string; headers: IncomingHttpHeaders; body: string; at: string }
export interface WebhookReceiverOptions {
  /** Status of every answer not taken by failNext; default 200. */
  status?: number;
  /** JSON answered with that status; default {ok: true}. */
  body?: unknown;
  /** Delay before every answer, to try a client's timeout. */
  latencyMs?: number;
}
export interface WebhookReceiver {
  /** http://127.0.0.1:<port>; any path is accepted, so tests can give each action its own. */
  url: string;
  close(): Promise<void>;
  /** Every request in arrival order, whatever its method, so a wrong method shows up rather than vanishing. */
  received: ReceivedRequest[];
  /** Answers the next `count` requests with `status` (default 503) and {ok: false, error}. */
  failNext(count: number, status?: number): void;
}

/** Starts the receiver on 127.0.0.1 and a free port. */
export async function startWebhookReceiver(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  let pending = { count: 0, status: 503 };
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      received.push({ method: req.method ?? '', path: url.pathname + url.search, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: new Date().toISOString() });
      let [status, body] = [options.status ?? 200, options.body ?? { ok: true }];
      if (pending.count > 0) {
        pending.count -= 1;
        [status, body] = [pending.status, { ok: false, error: STATUS_CODES[pending.status] }];
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      }, options.latencyMs ?? 0);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    failNext(count, status = 503) {
      if (!Number.isInteger(count) || count < 0 || !STATUS_CODES[status] || status < 400) throw new RangeError(`failNext(${count}, ${status}): expected a count from 0 and an error status`);
      pending = { count, status };
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

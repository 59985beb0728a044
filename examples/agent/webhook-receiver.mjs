#!/usr/bin/env node
// A backend inside your network, for the execution agent's quick start (README, "The execution agent"): it takes
// each POST the agent sends, checks the X-Port-Signature the agent puts on it (made with PORT_CLIENT_SECRET over
// the exact body, as Port signs webhooks), prints the run it is about, and answers 200. A request whose signature
// does not check is refused with 401 and not acted on.
//
//   PORT_CLIENT_SECRET=... node examples/agent/webhook-receiver.mjs [PORT]     (default 5157, on 127.0.0.1)
import { createServer } from 'node:http';
import { verifyWebhook } from 'port-ci';

const port = Number(process.argv[2] ?? 5157);
const secret = process.env.PORT_CLIENT_SECRET;
if (!secret) {
  console.error('webhook-receiver: set PORT_CLIENT_SECRET, the secret the agent signs with');
  process.exit(2);
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    try {
      const headers = { timestamp: request.headers['x-port-timestamp'], signature: request.headers['x-port-signature'] };
      verifyWebhook(body, headers, secret, { nowSeconds: Date.now() / 1000 });
    } catch (error) {
      console.log(`webhook-receiver: refused ${request.method} ${request.url}: ${error.message}`);
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"ok":false}');
      return;
    }
    const run = JSON.parse(body);
    const inputs = JSON.stringify(run.payload?.properties ?? {});
    console.log(`webhook-receiver: ${request.method} ${request.url}: run ${run.context?.runId} of ${run.action} on ${run.context?.entity}, inputs ${inputs}`);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
server.listen(port, '127.0.0.1', () => console.log(`webhook-receiver: listening on http://127.0.0.1:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

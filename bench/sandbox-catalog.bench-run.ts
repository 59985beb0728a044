// The sandbox's catalogue under load, as the entity commands will use it: 1,000 entities written through the
// toolkit's bulk writer (src/catalog/bulk.ts: calls of 20, paced by Port's rate-limit headers) with 20 ms of
// latency, with and without a rate limit; a blueprint search paged through 1,050 entities; single upserts with
// no latency (what the sandbox itself costs). Figures only: nothing here asserts a time.
import { it } from 'vitest';
import { RatePacer, bulkUpsert } from '../src/catalog/bulk.js';
import type { PlacedEntity } from '../src/catalog/entities.js';
import { searchBlueprintEntities, searchEntities, writeEntity } from '../src/catalog/port-api.js';
import { PortClient } from '../src/port/client.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type SandboxOptions } from '../src/sandbox/server.js';

const entities = (count: number): PlacedEntity[] =>
  Array.from({ length: count }, (_, index) => ({
    blueprint: 'service',
    source: `entity ${index}`,
    entity: { identifier: `svc-${String(index).padStart(4, '0')}`, title: `Service ${index}`, properties: { n: index, tier: index % 3 === 0 ? 'gold' : 'silver' } },
  }));

async function bulkRound(options: SandboxOptions, count: number) {
  const sandbox = await startSandbox(options);
  const pacer = new RatePacer();
  const port = new PortClient({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, onRateLimit: (state) => pacer.observe(state) });
  const started = performance.now();
  const result = await bulkUpsert(port, entities(count), {}, pacer);
  const ms = performance.now() - started;
  const statuses = sandbox.requests.map((request) => request.status);
  const written = sandbox.entities.size;
  await sandbox.close();
  return { ms, requests: statuses.length, refused429: statuses.filter((status) => status === 429).length, calls: result.calls, written, failed: result.failed.length };
}

it('prints the catalogue figures', async () => {
  const rows: [string, string][] = [];
  const latencyMs = 20;

  const free = await bulkRound({ latencyMs }, 1000);
  rows.push(['1,000 entities, 20 ms latency, no limit', `${free.requests} requests (${free.calls} bulk calls), ${free.written} written, ${free.failed} failed, ${free.ms.toFixed(0)} ms`]);

  const limit = { limit: 10, periodSeconds: 1 };
  const paced = await bulkRound({ latencyMs, rateLimit: limit }, 1000);
  // The floor: request k (from 1) can be served no sooner than period floor((k - 1) / limit), plus one latency.
  const floorMs = Math.floor((paced.requests - paced.refused429 - 1) / limit.limit) * limit.periodSeconds * 1000 + latencyMs;
  rows.push([
    '1,000 entities, 20 ms latency, 10 requests/s',
    `${paced.requests} requests (${paced.calls} bulk calls, ${paced.refused429} answered 429), ${paced.written} written, ${paced.ms.toFixed(0)} ms against a floor of ${floorMs} ms (x${(paced.ms / floorMs).toFixed(2)})`,
  ]);

  const sandbox = await startSandbox({ latencyMs, entities: entities(1050).map(({ blueprint, entity }) => ({ blueprint, ...entity })) });
  const port = new PortClient({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET });
  let started = performance.now();
  let pages = 0;
  let seen = 0;
  let from: string | undefined;
  do {
    const page = await searchBlueprintEntities(port, 'service', { ...(from === undefined ? {} : { from }) });
    pages += 1;
    seen += page.entities.length;
    from = page.next;
  } while (from !== undefined);
  rows.push(['blueprint search through 1,050 entities, 20 ms latency', `${pages} pages, ${seen} entities, ${(performance.now() - started).toFixed(0)} ms`]);
  started = performance.now();
  const gold = await searchEntities(port, { combinator: 'and', rules: [{ property: 'tier', operator: '=', value: 'gold' }] });
  rows.push(['POST /v1/entities/search over 1,050 entities (tier=gold)', `${gold.length} entities, ${(performance.now() - started).toFixed(0)} ms`]);
  await sandbox.close();

  const bare = await startSandbox();
  const client = new PortClient({ baseUrl: bare.url, clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET });
  started = performance.now();
  for (const { entity } of entities(1000)) await writeEntity(client, 'service', entity as unknown as Record<string, unknown>, { upsert: true });
  const single = performance.now() - started;
  rows.push(['1,000 single upserts one after another, no latency', `${(single / 1000).toFixed(2)} ms each, ${(1000 / (single / 1000)).toFixed(0)} requests/s`]);
  await bare.close();

  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`\n${rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n')}\n`);
});

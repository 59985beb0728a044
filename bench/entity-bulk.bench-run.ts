// Issue 14's figure: 1,000 entities upserted by `port-ci entity bulk` (the bundled CLI as a process, as a job runs
// it) against the sandbox with 20 ms of latency and a rate limit of 10 requests a second, the token request
// counted as Port counts it. Printed: requests made, 429s, wall time against the limit's floor; and what the same
// work costs with port-labs/port-github-action's documented pattern (one step per entity: a token request and an
// UPSERT call each, no pacing), counted, not run. Then the resync a nightly job makes: the same 1,000 with 5
// changed, once with --skip-unchanged (read first, write what changed) and once without. Figures only; nothing
// here asserts a time.
// Reproduce: npm run build && npx vitest run --config bench/vitest.config.ts bench/entity-bulk.bench-run.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox } from '../src/sandbox/server.js';
import { runCliAsync, tempDir } from '../test/support/cli.js';

const COUNT = 1000;
const LATENCY_MS = 20;
const LIMIT = { limit: 10, periodSeconds: 1 };
const ROUNDS = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

it('prints the entity bulk figures', async () => {
  const file = path.join(tempDir('port-ci-bench-entities-'), 'services.ndjson');
  writeFileSync(
    file,
    `${Array.from({ length: COUNT }, (_, index) => JSON.stringify({ identifier: `svc-${String(index).padStart(4, '0')}`, title: `Service ${index}`, properties: { n: index, tier: index % 3 === 0 ? 'gold' : 'silver' } })).join('\n')}\n`,
  );
  // The resync's file: the same entities, five of them changed.
  const resync = path.join(path.dirname(file), 'resync.ndjson');
  writeFileSync(
    resync,
    `${Array.from({ length: COUNT }, (_, index) => JSON.stringify({ identifier: `svc-${String(index).padStart(4, '0')}`, title: index % 200 === 3 ? `Renamed ${index}` : `Service ${index}`, properties: { n: index, tier: index % 3 === 0 ? 'gold' : 'silver' } })).join('\n')}\n`,
  );
  const rounds: { ms: number; requests: number; refused: number; written: number; floorMs: number }[] = [];
  const resyncs: { skip: boolean; ms: number; requests: number; reads: number; writes: number; refused: number; line: string }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const sandbox = await startSandbox({ latencyMs: LATENCY_MS, rateLimit: LIMIT });
    const started = performance.now();
    const result = await runCliAsync(['entity', 'bulk', '--blueprint', 'service', '--file', file, '--json'], {
      env: { PORT_BASE_URL: sandbox.url, PORT_CLIENT_ID: SANDBOX_CLIENT_ID, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET },
      timeoutMs: 600_000,
    });
    const ms = performance.now() - started;
    if (result.code !== 0) throw new Error(`entity bulk exited ${result.code}: ${result.stderr}`);
    const requests = sandbox.requests.length;
    const refused = sandbox.requests.filter((request) => request.status === 429).length;
    // The floor: the k-th request (from 1) is served no sooner than window floor((k - 1) / limit), plus a latency.
    const floorMs = Math.floor((requests - refused - 1) / LIMIT.limit) * LIMIT.periodSeconds * 1000 + LATENCY_MS;
    rounds.push({ ms, requests, refused, written: sandbox.entities.size, floorMs });
    for (const skip of [true, false]) {
      const before = sandbox.requests.length;
      const begun = performance.now();
      const again = await runCliAsync(['entity', 'bulk', '--blueprint', 'service', '--file', resync, ...(skip ? ['--skip-unchanged'] : [])], {
        env: { PORT_BASE_URL: sandbox.url, PORT_CLIENT_ID: SANDBOX_CLIENT_ID, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET },
        timeoutMs: 600_000,
      });
      const spent = performance.now() - begun;
      if (again.code !== 0) throw new Error(`entity bulk (resync) exited ${again.code}: ${again.stderr}`);
      const made = sandbox.requests.slice(before);
      resyncs.push({
        skip,
        ms: spent,
        requests: made.length,
        reads: made.filter((request) => request.path.endsWith('/entities/search')).length,
        writes: made.filter((request) => request.path.endsWith('/entities/bulk')).length,
        refused: made.filter((request) => request.status === 429).length,
        line: again.stdout.trim(),
      });
      // Undo the renames, so the next resync starts from the same catalogue.
      if (skip) for (const entity of sandbox.entities.all()) if (typeof entity.title === 'string' && entity.title.startsWith('Renamed')) entity.title = `Service ${entity.properties.n}`;
    }
    await sandbox.close();
  }
  const ms = median(rounds.map((round) => round.ms));
  const floorMs = rounds[0]!.floorMs;
  const rows: [string, string][] = [
    ['entities', String(COUNT)],
    ['requests (token + bulk calls)', rounds.map((round) => round.requests).join(' / ')],
    ['answered 429', rounds.map((round) => round.refused).join(' / ')],
    ['written', rounds.map((round) => round.written).join(' / ')],
    ['wall time, process start to exit', `${rounds.map((round) => round.ms.toFixed(0)).join(' / ')} ms (median ${ms.toFixed(0)})`],
    ["the limit's floor", `${floorMs} ms: x${(ms / floorMs).toFixed(2)} (median)`],
    ["port-github-action, one step per entity", `${2 * COUNT} requests (a token and an UPSERT per step): at 10 a second at least ${((2 * COUNT - 1) / LIMIT.limit).toFixed(0)} s, and no retry when Port answers 429`],
  ];
  for (const skip of [true, false]) {
    const mine = resyncs.filter((each) => each.skip === skip);
    rows.push([
      `resync, 5 of 1,000 changed, ${skip ? 'with' : 'without'} --skip-unchanged`,
      `${mine.map((each) => each.requests).join(' / ')} requests (${mine[0]!.reads} reads, ${mine[0]!.writes} writes, the token), ${mine.map((each) => each.refused).join(' / ')} answered 429, ${mine.map((each) => each.ms.toFixed(0)).join(' / ')} ms (median ${median(mine.map((each) => each.ms)).toFixed(0)}): "${mine[0]!.line}"`,
    ]);
  }
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`\n${rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n')}\n`);
}, 1_800_000);

// actions/entity and actions/run as the runner runs them (dist/, whole processes, test/support/runner.ts), against
// the in-process sandbox: 1,000 entities through the bulk step with 20 ms latency, with and without a 10/s rate
// limit (requests, 429s, wall time against the limit's floor); and one upsert step, one run get step and the report
// step, interleaved, against node -e 0 started the same way. Figures only: nothing here asserts a time.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';
import { startSandbox, type SandboxOptions } from '../src/sandbox/server.js';
import { tempDir } from '../test/support/cli.js';
import { runStep } from '../test/support/runner.js';

const RUN_ID = 'r_benchCatalog01';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function bulkRound(options: SandboxOptions) {
  const sandbox = await startSandbox({ runs: [RUN_ID], ...options });
  const file = path.join(tempDir('port-ci-bench-bulk-'), 'services.ndjson');
  writeFileSync(file, Array.from({ length: 1000 }, (_, i) => JSON.stringify({ identifier: `svc-${String(i).padStart(4, '0')}`, title: `Service ${i}`, properties: { n: i } })).join('\n'));
  const env = { PORT_BASE_URL: sandbox.url, PORT_ACCESS_TOKEN: sandbox.issueToken(), PORT_RUN_ID: RUN_ID };
  const started = performance.now();
  const result = await runStep('entity', { inputs: { operation: 'bulk', blueprint: 'service', file }, env, timeoutMs: 120_000 });
  const ms = performance.now() - started;
  const statuses = sandbox.requests.map((request) => request.status);
  const listed = sandbox.runs.get(RUN_ID)!.entities?.length ?? 0;
  const written = sandbox.entities.size;
  await sandbox.close();
  if (result.code !== 0) throw new Error(`bulk step exited ${result.code}: ${result.stdout}`);
  return { ms, requests: statuses.length, refused429: statuses.filter((status) => status === 429).length, written, listed, created: result.outputs.created };
}

/** Wall time of one process started as the runner starts a step (spawn, wait for exit). */
function bare(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', () => resolve(performance.now() - started));
  });
}

it('prints the catalog step figures', async () => {
  const rows: [string, string][] = [];
  const latencyMs = 20;

  const free = await bulkRound({ latencyMs });
  rows.push(['bulk step, 1,000 entities, 20 ms latency, no limit', `${free.requests} requests (${free.refused429} answered 429), ${free.created} created, ${free.listed} listed on the run, ${free.ms.toFixed(0)} ms`]);

  const limit = { limit: 10, periodSeconds: 1 };
  const paced = await bulkRound({ latencyMs, rateLimit: limit });
  // Request k (from 1) can be served no sooner than period floor((k - 1) / limit), plus one latency.
  const floorMs = Math.floor((paced.requests - paced.refused429 - 1) / limit.limit) * limit.periodSeconds * 1000 + latencyMs;
  rows.push([
    'bulk step, 1,000 entities, 20 ms latency, 10 requests/s',
    `${paced.requests} requests (${paced.refused429} answered 429), ${paced.written} written, ${paced.ms.toFixed(0)} ms against a floor of ${floorMs} ms (x${(paced.ms / floorMs).toFixed(2)})`,
  ]);
  rows.push(['the same with port-github-action, one step per entity (its UPSERT)', '1,000 steps, each its own token: 2,000 requests']);

  const runs = 15;
  const sandbox = await startSandbox({ runs: Array.from({ length: runs }, (_, i) => `r_benchReport${String(i).padStart(3, '0')}`).concat(RUN_ID) });
  const env = { PORT_BASE_URL: sandbox.url, PORT_ACCESS_TOKEN: sandbox.issueToken(), PORT_RUN_ID: RUN_ID };
  const times: Record<'bare' | 'upsert' | 'get' | 'report', number[]> = { bare: [], upsert: [], get: [], report: [] };
  const timed = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  await bare(); // warm the file cache
  for (let i = 0; i < runs; i++) {
    times.bare.push(await bare());
    times.upsert.push(await timed(() => runStep('entity', { inputs: { operation: 'upsert', blueprint: 'service', identifier: `svc-${i}`, properties: '{"n": 1}' }, env })));
    times.get.push(await timed(() => runStep('run', { inputs: { operation: 'get' }, env })));
    const reportRun = `r_benchReport${String(i).padStart(3, '0')}`;
    times.report.push(await timed(() => runStep('report', { inputs: { status: 'success', summary: 'Deployed' }, env: { ...env, PORT_RUN_ID: reportRun } })));
  }
  await sandbox.close();
  const bareMs = median(times.bare);
  for (const [name, label] of [['upsert', 'entity upsert step'], ['get', 'run get step'], ['report', 'report step (for comparison)']] as const) {
    const ms = median(times[name]);
    rows.push([`${label}, median of ${runs}, with the runner harness's files`, `${ms.toFixed(1)} ms, x${(ms / bareMs).toFixed(2)} node -e 0 (${bareMs.toFixed(1)} ms)`]);
  }

  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`\n${rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n')}\n`);
});

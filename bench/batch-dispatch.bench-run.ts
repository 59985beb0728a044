// 200 dispatches in one `port-ci dispatch --batch`, against the local GitHub API with 50 ms latency and a
// secondary limit of 20 writes a second: wall time against the floor that limit imposes, and how many lines
// were lost or dispatched twice (both must be 0).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import { startGitHubApi } from '../test/support/github-api.js';

const LINES = Number(process.env.BENCH_LINES ?? 200);
const LIMIT = { maxWrites: 20, windowMs: 1000 };
const root = path.resolve(import.meta.dirname, '..');

it(`prints the figures for ${LINES} batch dispatches`, async () => {
  const github = await startGitHubApi({
    token: 'ghs_bench',
    latencyMs: 50,
    secondaryLimit: { ...LIMIT, retryAfterSeconds: 1 },
    repos: { 'acme/deployments': { defaultBranch: 'main', refs: ['main'], workflows: { 'deploy.yml': { inputs: { port_payload: { required: true }, replicas: {} } } } } },
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'port-ci-bench-batch-'));
  const action = {
    identifier: 'deploy',
    trigger: 'CREATE',
    userInputs: { properties: { replicas: { type: 'number' } } },
    invocationMethod: { type: 'GITHUB', org: 'acme', repo: 'deployments', workflow: 'deploy.yml' },
  };
  writeFileSync(path.join(dir, 'deploy.json'), JSON.stringify(action));
  const lines = Array.from({ length: LINES }, (_, i) => JSON.stringify({ action: 'deploy.json', inputs: { replicas: (i % 9) + 1 }, runId: `r_bench_${i}`, ref: 'main' }));
  writeFileSync(path.join(dir, 'runs.ndjson'), `${lines.join('\n')}\n`);

  const started = performance.now();
  const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'dist', 'cli', 'index.js'), 'dispatch', '--batch', path.join(dir, 'runs.ndjson'), '--concurrency', '4', '--write-interval', String(LIMIT.windowMs / LIMIT.maxWrites), '--json'],
      { env: { PATH: process.env.PATH, GITHUB_TOKEN: 'ghs_bench', GITHUB_API_URL: github.url }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  const wallMs = performance.now() - started;
  await github.close();

  const perRun = new Map<string, number>();
  for (const dispatch of github.dispatches) {
    const runId = JSON.parse(dispatch.inputs.port_payload!).context.runId as string;
    perRun.set(runId, (perRun.get(runId) ?? 0) + 1);
  }
  const lost = lines.length - perRun.size;
  const duplicated = [...perRun.values()].filter((count) => count > 1).length;
  const refusedByLimit = github.requests.filter((request) => request.status === 403).length;
  // Within a window the first maxWrites go through at once; each further window lets maxWrites more.
  const floorMs = Math.ceil(LINES / LIMIT.maxWrites - 1) * LIMIT.windowMs;
  const summary = JSON.parse(result.stdout || '{}').summary;
  const rows = [
    ['dispatches', String(LINES)],
    ['secondary limit', `${LIMIT.maxWrites} writes per ${LIMIT.windowMs} ms, 50 ms latency`],
    ['wall', `${(wallMs / 1000).toFixed(1)} s`],
    ['floor the limit imposes', `${(floorMs / 1000).toFixed(1)} s`],
    ['wall / floor', `x${(wallMs / floorMs).toFixed(2)}`],
    ['refused by the limit (403), then retried', String(refusedByLimit)],
    ['lost', String(lost)],
    ['duplicated', String(duplicated)],
    ['exit code / summary', `${result.code} ${JSON.stringify(summary)}`],
  ];
  const width = Math.max(...rows.map(([name]) => name!.length));
  console.log(`\n${rows.map(([name, value]) => `${name!.padEnd(width)}  ${value}`).join('\n')}\n`);
  if (result.code !== 0) console.log(result.stderr.slice(-2000));
  if (lost || duplicated) process.exitCode = 1;
});

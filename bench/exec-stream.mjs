#!/usr/bin/env node
// `port-ci exec` of a command printing 10,000 lines, against the sandbox with 20 ms latency per request:
// wall time over the bare command, requests made, peak memory, and whether every line arrived in order.
// With --secrets N, N secret variables (named in PORT_SECRET_ENV) are redacted and every 10th line prints one.
// Usage: node bench/exec-stream.mjs [--runs N] [--lines N] [--latency MS] [--secrets N]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli, hasGnuTime, measure, median, startSandboxProcess, table } from './lib.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const runs = arg('--runs', 7);
const lines = arg('--lines', 10_000);
const latency = arg('--latency', 20);
const secretCount = arg('--secrets', 0);

const text = (i) => `line ${i} of the build output, long enough to look like a real log line`;
const secrets = Array.from({ length: secretCount }, () => randomBytes(18).toString('base64url'));
const secretOf = (i) => (secretCount > 0 && i % 10 === 0 ? secrets[(i / 10) % secretCount] : undefined);
// With secrets the output is a file the command prints, so the bare command costs the same in both columns.
const dir = mkdtempSync(path.join(tmpdir(), 'port-ci-bench-exec-'));
const outputFile = path.join(dir, 'output.txt');
writeFileSync(outputFile, Array.from({ length: lines }, (_, n) => `${text(n + 1)}${secretOf(n + 1) ? ` token=${secretOf(n + 1)}` : ''}\n`).join(''));
const script = secretCount > 0 ? `cat ${outputFile}` : `for i in $(seq 1 ${lines}); do echo "${text('$i')}"; done`;
const bare = ['bash', '-c', script];
const secretEnv = Object.fromEntries(secrets.map((value, i) => [`BENCH_SECRET_${i}`, value]));
if (secretCount > 0) secretEnv.PORT_SECRET_ENV = Object.keys(secretEnv).join(',');
const runIds = Array.from({ length: runs }, (_, i) => `r_bench_exec_${i}`);
const sandbox = await startSandboxProcess(['--latency', String(latency), ...runIds.flatMap((id) => ['--run', id])]);
const env = { PORT_BASE_URL: sandbox.url, PORT_CLIENT_ID: 'sandbox-client-id', PORT_CLIENT_SECRET: 'sandbox-client-secret-0123456789abcdef', ...secretEnv };

const bareRuns = [];
const execRuns = [];
const nodeRuns = [];
try {
  for (const runId of runIds) {
    bareRuns.push(measure(bare));
    nodeRuns.push(measure([process.execPath, '-e', '0']));
    execRuns.push(measure([process.execPath, cli, 'exec', '--run-id', runId, '--', ...bare], env));
  }
  const state = await sandbox.state();
  const byId = new Map(state.runs.map((run) => [run.id, run]));
  const expected = Array.from({ length: lines }, (_, n) => `${text(n + 1)}${secretOf(n + 1) ? ' token=***' : ''}`).join('\n');
  const requests = runIds.map((id) => byId.get(id).logs.length);
  const inOrder = runIds.every((id) => byId.get(id).logs.map((log) => log.message).join('\n') === expected);

  const bareMs = median(bareRuns.map((r) => r.wallMs));
  const execMs = median(execRuns.map((r) => r.wallMs));
  const rows = [
    ['measure', 'value'],
    ['lines per run', lines],
    ['secrets redacted (one on every 10th line)', secretCount],
    ['Port latency per request', `${latency} ms`],
    ['runs (medians over)', runs],
    ['bare command wall (median)', `${bareMs.toFixed(0)} ms`],
    ['port-ci exec wall (median)', `${execMs.toFixed(0)} ms`],
    ['overhead (median)', `${(execMs - bareMs).toFixed(0)} ms (x${(execMs / bareMs).toFixed(2)})`],
    ['  of which starting node (node -e 0, median)', `${median(nodeRuns.map((r) => r.wallMs)).toFixed(0)} ms`],
    ['Port requests per run (median)', `${median(requests)} log + 1 token`],
    [secretCount > 0 ? 'every line delivered, in order, secrets as ***' : 'every line delivered, in order', inOrder ? 'yes' : 'NO'],
  ];
  if (hasGnuTime()) {
    rows.push(['bare command peak RSS (median)', `${(median(bareRuns.map((r) => r.peakKiB)) / 1024).toFixed(1)} MiB`]);
    rows.push(['port-ci exec peak RSS (median)', `${(median(execRuns.map((r) => r.peakKiB)) / 1024).toFixed(1)} MiB`]);
  }
  console.log(table(rows));
  if (!inOrder) process.exitCode = 1;
} finally {
  await sandbox.stop();
  rmSync(dir, { recursive: true, force: true });
}

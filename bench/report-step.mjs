#!/usr/bin/env node
// The actions/report step as the runner runs it (log message + SUCCESS + summary, with the job's token from an
// earlier step), whole process, against the sandbox: wall time and peak memory versus `node -e 0`, interleaved
// in the same run so machine noise hits both alike.
// Usage: node bench/report-step.mjs [--runs N]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hasGnuTime, measure, median, root, startSandboxProcess, table } from './lib.mjs';

const i = process.argv.indexOf('--runs');
const runs = i >= 0 ? Number(process.argv[i + 1]) : 15;
const runIds = Array.from({ length: runs }, (_, n) => `r_bench_report_${n}`);
const sandbox = await startSandboxProcess(runIds.flatMap((id) => ['--run', id]));
try {
  const token = await fetch(`${sandbox.url}/v1/auth/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: 'sandbox-client-id', clientSecret: 'sandbox-client-secret-0123456789abcdef' }),
  }).then((response) => response.json());
  const dir = mkdtempSync(path.join(tmpdir(), 'port-ci-bench-'));
  const files = Object.fromEntries(['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'].map((name) => [name, path.join(dir, name)]));
  Object.values(files).forEach((file) => writeFileSync(file, ''));
  const stepEnv = (runId) => ({
    ...files,
    GITHUB_ACTIONS: 'true',
    PORT_BASE_URL: sandbox.url,
    PORT_ACCESS_TOKEN: token.accessToken,
    PORT_RUN_ID: runId,
    INPUT_STATUS: 'success',
    INPUT_SUMMARY: 'Deployed 4 replicas of checkout-api',
    INPUT_MESSAGE: 'Deployment finished',
  });
  const step = [process.execPath, path.join(root, 'dist', 'report', 'index.js')];
  const bare = [process.execPath, '-e', '0'];
  measure(bare); // warm the file cache for both
  const stepRuns = [];
  const bareRuns = [];
  for (const runId of runIds) {
    bareRuns.push(measure(bare));
    stepRuns.push(measure(step, stepEnv(runId)));
  }
  const state = await sandbox.state();
  const ended = state.runs.filter((run) => runIds.includes(run.id) && run.status === 'SUCCESS').length;
  const stepMs = median(stepRuns.map((r) => r.wallMs));
  const bareMs = median(bareRuns.map((r) => r.wallMs));
  const rows = [
    ['measure', 'value'],
    ['runs (medians over)', runs],
    ['node -e 0 wall (median)', `${bareMs.toFixed(1)} ms`],
    ['report step wall (median)', `${stepMs.toFixed(1)} ms`],
    ['ratio (target <= 1.5)', `x${(stepMs / bareMs).toFixed(2)}`],
    ['Port calls per step', '2 (log, update); the token came from an earlier step'],
    ['runs ended SUCCESS', `${ended} of ${runs}`],
  ];
  if (hasGnuTime()) {
    const stepKiB = median(stepRuns.map((r) => r.peakKiB));
    const bareKiB = median(bareRuns.map((r) => r.peakKiB));
    rows.push(['node -e 0 peak RSS (median)', `${(bareKiB / 1024).toFixed(1)} MiB`]);
    rows.push(['report step peak RSS (median)', `${(stepKiB / 1024).toFixed(1)} MiB (x${(stepKiB / bareKiB).toFixed(2)})`]);
  }
  console.log(table(rows));
  if (ended !== runs) process.exitCode = 1;
} finally {
  await sandbox.stop();
}

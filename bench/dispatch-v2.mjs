#!/usr/bin/env node
// The dispatcher on Port's current format against its classic one, whole process: a dry run of one action with
// ten {{ jq }} templates against the classic dry run of the same action, and a 200-line --batch of each
// (dry runs, so nothing is sent and the figure is planning alone: reading, validation, jq, signing).
// Interleaved in one run so machine noise hits both alike; medians.
// Usage: node bench/dispatch-v2.mjs [--runs N]
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli, measure, median, root, table } from './lib.mjs';

const at = process.argv.indexOf('--runs');
const runs = at >= 0 ? Number(process.argv[at + 1]) : 9;
const dir = mkdtempSync(path.join(tmpdir(), 'port-ci-bench-v2-'));

const classicFile = path.join(root, 'examples', 'actions', 'deploy-service.json');
const classic = JSON.parse(readFileSync(classicFile, 'utf8'));
// The same action in the current format, its workflowInputs ten templates over the trigger data.
const current = JSON.parse(readFileSync(path.join(root, 'examples', 'actions', 'deploy-service.v2.json'), 'utf8'));
current.invocationMethod.workflowInputs = {
  port_context: { runId: '{{ .run.id }}', entity: '{{ .entity.identifier }}', by: '{{ .trigger.by.user.email }}' },
  environment: '{{ .inputs.environment }}',
  replica_count: '{{ .inputs.replica_count }}',
  dry_run: '{{ .inputs.dry_run }}',
  labels: '{{ .inputs.labels // {} }}',
  tier: '{{ .entity.properties.tier | ascii_upcase }}',
  cluster: "{{ .entity.relations.cluster // 'none' }}",
  summary: 'deploy {{ .entity.identifier }}',
};
const currentFile = path.join(dir, 'deploy-service.v2.json');
writeFileSync(currentFile, JSON.stringify(current));
const spans = JSON.stringify(current.invocationMethod.workflowInputs).match(/\{\{/g).length;
const entityFile = path.join(root, 'examples', 'entities', 'checkout-api.json');
const entity = JSON.parse(readFileSync(entityFile, 'utf8'));

const inputs = ['--input', 'environment=production', '--input', 'replica_count=3'];
const single = (file) => [process.execPath, cli, 'dispatch', '--action', file, '--entity', `@${entityFile}`, ...inputs, '--run-id', 'r_bench_v2', '--dry-run', '--json'];
const batchFile = (name, actionFile) => {
  const file = path.join(dir, name);
  const lines = Array.from({ length: 200 }, (_, n) =>
    JSON.stringify({ action: actionFile, inputs: { environment: n % 2 ? 'staging' : 'production', replica_count: 1 + (n % 5) }, entity, runId: `r_bench_${n}` }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
};
const batch = (file) => [process.execPath, cli, 'dispatch', '--batch', file, '--dry-run', '--json'];
const classicBatch = batchFile('classic.ndjson', classicFile);
const currentBatch = batchFile('current.ndjson', currentFile);
const env = { PORT_CLIENT_SECRET: 'bench-client-secret-0123456789abcdef', PORT_CLIENT_ID: '', GITHUB_TOKEN: 'ghs_bench' };

const results = { classic: [], current: [], classicBatch: [], currentBatch: [] };
measure(single(classicFile), env); // warm the file cache
for (let n = 0; n < runs; n++) {
  results.classic.push(measure(single(classicFile), env).wallMs);
  results.current.push(measure(single(currentFile), env).wallMs);
  results.classicBatch.push(measure(batch(classicBatch), env).wallMs);
  results.currentBatch.push(measure(batch(currentBatch), env).wallMs);
}
const m = Object.fromEntries(Object.entries(results).map(([name, values]) => [name, median(values)]));
console.log(
  table([
    ['dispatch --dry-run (medians of ' + runs + ')', 'wall', 'against classic'],
    ['classic format, one action', `${m.classic.toFixed(0)} ms`, 'x1.00'],
    [`current format, one action (${spans} templates)`, `${m.current.toFixed(0)} ms`, `x${(m.current / m.classic).toFixed(2)}`],
    ['classic format, --batch of 200', `${m.classicBatch.toFixed(0)} ms`, 'x1.00'],
    [`current format, --batch of 200 (${spans * 200} templates)`, `${m.currentBatch.toFixed(0)} ms`, `x${(m.currentBatch / m.classicBatch).toFixed(2)}`],
    ['current format, per batch line', `${((m.currentBatch - m.current) / 199).toFixed(2)} ms`, ''],
  ]),
);

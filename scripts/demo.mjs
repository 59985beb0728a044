#!/usr/bin/env node
// The whole hand-off on one machine, with no Port account and no GitHub token: a local Port (the sandbox),
// Port's dispatch of the example action (a dry run for GitHub: the workflow_dispatch event is handed to the
// steps below instead), the root action and sub-actions run as a GitHub runner runs them, a command's output
// streamed to the run's log, and the run ended with the job's outcome. Then it says where to look.
// Usage: npm start            (keeps the sandbox up so you can open its page; Ctrl-C to stop)
//        npm start -- --exit  (stops when the run has ended)
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(root, 'dist', 'cli', 'index.js');
const exitWhenDone = process.argv.includes('--exit');
const work = mkdtempSync(path.join(tmpdir(), 'port-ci-demo-'));
const say = (text) => process.stdout.write(`${text}\n`);
const bold = (text) => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[0m` : text);

// 1. A local Port.
// It holds the example action in Port's current format and the entity it runs on, as a Port account would.
const sandbox = spawn(process.execPath, [cli, 'sandbox', '--port', process.env.PORT_CI_DEMO_PORT ?? '0', '--data', path.join(work, 'runs.json'),
  '--actions', 'examples/actions/deploy-service.v2.json', '--entities', 'examples/entities/checkout-api.json'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const portUrl = await new Promise((resolve, reject) => {
  let text = '';
  sandbox.stdout.on('data', (chunk) => {
    text += chunk;
    const match = text.match(/http:\/\/127\.0\.0\.1:\d+/);
    if (match) resolve(match[0]);
  });
  sandbox.on('exit', (code) => reject(new Error(`the sandbox exited ${code}`)));
});
const port = { PORT_BASE_URL: portUrl, PORT_CLIENT_ID: 'sandbox-client-id', PORT_CLIENT_SECRET: 'sandbox-client-secret-0123456789abcdef' };
say(`${bold('1. A local Port')} is listening at ${portUrl}`);

// 2. Port's side: a user runs deploy_service on checkout-api. The run is created in the local Port, as Port's UI
// would, and port-ci plans the hand-off Port makes to GitHub (a dry run: there is no GitHub here): it reads the
// definition and the entity from the local Port and renders the action's {{ jq }} workflowInputs.
const { accessToken } = await fetch(`${portUrl}/v1/auth/access_token`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ clientId: port.PORT_CLIENT_ID, clientSecret: port.PORT_CLIENT_SECRET }),
}).then((response) => response.json());
const created = await fetch(`${portUrl}/v1/actions/deploy_service/runs`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
  body: JSON.stringify({ properties: { environment: 'production', replica_count: 3 }, entity: 'checkout-api' }),
}).then((response) => response.json());
const dispatch = spawnSync(
  process.execPath,
  [cli, 'dispatch', '--action-id', 'deploy_service', '--entity', 'checkout-api', '--base-url', portUrl,
    '--input', 'environment=production', '--input', 'replica_count=3', '--input', 'db_password=demo-s3cret-value',
    '--user', 'dana@acme.example', '--ref', 'main', '--run-id', created.run.id, '--dry-run', '--json'],
  { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, ...port } },
);
if (dispatch.status !== 0) throw new Error(`dispatch failed: ${dispatch.stderr}`);
const plan = JSON.parse(dispatch.stdout);
say(`${bold('2. Port dispatches')} ${plan.triggerData.action.identifier} for ${plan.triggerData.trigger.by.user.email}: run ${plan.runId}, ${plan.request.method} ${plan.request.url} (dry run)`);

// 3. GitHub's side, played locally: the workflow_dispatch event, and an API that says how the job is going.
const event = { inputs: plan.request.body.inputs, ref: 'refs/heads/main', workflow: '.github/workflows/deploy.yml', repository: { full_name: 'acme/deployments' } };
writeFileSync(path.join(work, 'event.json'), JSON.stringify(event));
const steps = [];
const github = createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  const job = { id: 1, name: 'deploy', status: 'in_progress', conclusion: null, runner_name: 'demo-runner', steps: [...steps, { name: 'Post Port run', status: 'in_progress', conclusion: null }] };
  res.end(JSON.stringify({ total_count: 1, jobs: [job] }));
});
await new Promise((resolve) => github.listen(0, '127.0.0.1', resolve));
const githubEnv = {
  GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.com', GITHUB_API_URL: `http://127.0.0.1:${github.address().port}`,
  GITHUB_REPOSITORY: 'acme/deployments', GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'deploy', RUNNER_NAME: 'demo-runner',
  GITHUB_EVENT_PATH: path.join(work, 'event.json'), RUNNER_TEMP: work,
};
say(`${bold('3. GitHub runs the workflow')} (played here as the runner would):`);

// The runner's side of the file commands: what steps export, later steps see; what main saves, post reads.
const jobEnv = {};
const state = {};
function readCommands(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const values = {};
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (!match) continue;
    const end = lines.indexOf(match[2], i + 1);
    values[match[1]] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return values;
}
/** Runs a step without blocking this process, which also serves the GitHub API the post step reads. */
function spawnStep(entry, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'dist', entry, 'index.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (status) => resolve({ status, output }));
  });
}

async function runStep(name, entry, inputs, { post = false } = {}) {
  const files = Object.fromEntries(['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'].map((file) => [file, path.join(work, `${entry}-${file}`)]));
  Object.values(files).forEach((file) => writeFileSync(file, ''));
  const env = { PATH: process.env.PATH, ...githubEnv, ...jobEnv, ...files };
  for (const [key, value] of Object.entries(inputs)) env[`INPUT_${key.toUpperCase()}`] = value;
  if (post) for (const [key, value] of Object.entries(state)) env[`STATE_${key}`] = value;
  const result = await spawnStep(entry, env);
  say(`   ${bold(name)}`);
  for (const line of result.output.split('\n')) {
    if (line === '' || line.startsWith('::add-mask::') || line.startsWith('::debug::')) continue; // the runner hides these
    say(`     ${line.replace(/^::(\w+)::/, '$1: ')}`);
  }
  Object.assign(jobEnv, readCommands(files.GITHUB_ENV));
  if (!post) Object.assign(state, readCommands(files.GITHUB_STATE));
  const summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
  if (summary) appendFileSync(path.join(work, 'summary.md'), summary);
  // GitHub names a post step "Post <its main step's name>": the root action's step is named "Port run" here.
  steps.push({ name: entry === 'main' && !post ? 'Port run' : name, status: 'completed', conclusion: result.status === 0 ? 'success' : 'failure' });
  return result;
}

// The workflow's inputs are text; the action's definition types them again and names the secret one.
const credentials = {
  'port-client-id': port.PORT_CLIENT_ID, 'port-client-secret': port.PORT_CLIENT_SECRET, 'port-base-url': portUrl, 'github-token': 'demo-token',
  'decrypt-secrets': 'true', 'action-definition': 'examples/actions/deploy-service.v2.json',
};
await runStep('uses: port-ci@v1 (root action)', 'main', credentials);
await runStep('uses: port-ci/actions/exec@v1', 'exec', {
  run: 'echo "Deploying $PORT_ENTITY_IDENTIFIER to $PORT_INPUT_ENVIRONMENT"; for i in $(seq 1 "$PORT_INPUT_REPLICA_COUNT"); do echo "replica $i of $PORT_INPUT_REPLICA_COUNT is up"; sleep 0.2; done; echo "password received: ${#PORT_INPUT_DB_PASSWORD} characters"',
});
await runStep('uses: port-ci/actions/log@v1', 'log', { message: `Deployed ${jobEnv.PORT_ENTITY_IDENTIFIER} (${jobEnv.PORT_INPUT_REPLICA_COUNT} replicas)` });
await runStep('Post port-ci@v1 (ends the run)', 'main', credentials, { post: true });
github.close();

// 4. What Port now shows.
const { runs } = await fetch(`${portUrl}/api/state`).then((response) => response.json());
const run = runs.find((candidate) => candidate.id === plan.runId);
say(`${bold('4. Port shows')} run ${run.id}: ${bold(run.status)}, link ${run.link}`);
for (const log of run.logs) say(`     | ${log.message.replace(/\n/g, '\n     | ')}`);
say(`   The job summary is in ${path.join(work, 'summary.md')}`);
if (exitWhenDone) {
  sandbox.kill('SIGTERM');
  process.exitCode = run.status === 'SUCCESS' ? 0 : 1;
} else {
  say(`\nOpen ${bold(`${portUrl}/runs/${encodeURIComponent(run.id)}`)} to see the run as Port would (all runs: ${portUrl}/). Ctrl-C to stop.`);
  process.on('SIGINT', () => sandbox.kill('SIGTERM'));
}

// Port calls and authentications for a five-step job (the root action, the user's deploy step, actions/log,
// actions/exec, the post step), as the runner plays it against the sandbox; and the time each step takes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox } from '../src/sandbox/server.js';
import { startGitHubApi } from '../test/support/github-api.js';
import { Job } from '../test/support/job.js';

const root = path.resolve(import.meta.dirname, '..');
const classic = JSON.parse(readFileSync(path.join(root, 'examples', 'payloads', 'classic.json'), 'utf8'));
const RUN_ID = classic.context.runId as string;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);

it('prints Port calls and auths for a five-step job', async () => {
  const calls: number[] = [];
  const auths: number[] = [];
  const wall: Record<string, number[]> = { main: [], log: [], exec: [], post: [] };
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    const sandbox = await startSandbox({ runs: [RUN_ID] });
    const github = await startGitHubApi({ token: 'ghs', repos: { 'acme/app': { defaultBranch: 'main' } } });
    github.setJobs(1, 1, [{ name: 'deploy', status: 'in_progress', conclusion: null, runner_name: 'r', steps: [
      { name: 'Run port-ci', status: 'completed', conclusion: 'success' },
      { name: 'Post Run port-ci', status: 'in_progress', conclusion: null },
    ] }] as never);
    const job = new Job({ GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '1', GITHUB_JOB: 'deploy', RUNNER_NAME: 'r' }, { inputs: { port_payload: JSON.stringify(classic) }, workflow: 'x.yml' });
    const inputs = { 'port-client-id': SANDBOX_CLIENT_ID, 'port-client-secret': SANDBOX_CLIENT_SECRET, 'port-base-url': sandbox.url, 'github-token': 'ghs' };
    const timed = async (name: string, run: () => Promise<unknown>) => {
      const started = performance.now();
      await run();
      wall[name]!.push(performance.now() - started);
    };
    await timed('main', () => job.step('main', { id: 'port', inputs }));
    await timed('log', () => job.step('log', { inputs: { message: 'Deployed' } }));
    await timed('exec', () => job.step('exec', { inputs: { run: 'echo rolling out; echo done' } }));
    await timed('post', () => job.step('main', { id: 'port', post: true, inputs }));
    calls.push(sandbox.requests.length);
    auths.push(sandbox.authCount());
    if (sandbox.runs.get(RUN_ID)!.status !== 'SUCCESS') process.exitCode = 1;
    await sandbox.close();
    await github.close();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const rows = [
    ['five-step jobs played', String(REPEATS)],
    ['Port calls per job (median)', `${median(calls)} (target at most 6)`],
    ['authentications per job (median)', String(median(auths))],
    ...Object.entries(wall).map(([name, values]) => [`${name} step, whole process (median)`, `${median(values).toFixed(0)} ms`]),
  ];
  const width = Math.max(...rows.map(([name]) => name!.length));
  console.log(`\n${rows.map(([name, value]) => `${name!.padEnd(width)}  ${value}`).join('\n')}\n`);
});

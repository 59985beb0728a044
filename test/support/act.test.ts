import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { assertActInstalled, runAct } from './act.js';
import { startGitHubApi, type GitHubApi } from './github-api.js';

/*
 * The act harness itself, without port-ci's logic: a step asks the local GitHub API for its run's jobs, as the root
 * action's post step does, and prints what it got, so the test sees the live view act's events gave it.
 */

const TOKEN = 'ghs_harness_token_0123456789';
const REPO = 'acme/deployments';
let sandbox: Sandbox | undefined;
let github: GitHubApi | undefined;
beforeAll(() => assertActInstalled());
afterEach(async () => {
  await sandbox?.close();
  await github?.close();
  sandbox = github = undefined;
});

// Prints one line per job: name | status | runner | steps, then the step's own RUNNER_NAME.
const LOOK = `
      - name: Look
        env:
          GH_TOKEN: \${{ github.token }}
        run: |
          node --input-type=module <<'EOF'
          const env = process.env;
          const url = \`\${env.GITHUB_API_URL}/repos/\${env.GITHUB_REPOSITORY}/actions/runs/\${env.GITHUB_RUN_ID}/attempts/\${env.GITHUB_RUN_ATTEMPT}/jobs\`;
          const response = await fetch(url, { headers: { authorization: \`Bearer \${env.GH_TOKEN}\` } });
          const { jobs } = await response.json();
          for (const job of jobs) console.log([job.name, job.status, job.runner_name, job.steps.map((s) => \`\${s.name}=\${s.status}\`).join(', ')].join(' | '));
          console.log(\`runner: \${env.RUNNER_NAME}\`);
          EOF`;

async function servers() {
  sandbox = await startSandbox();
  github = await startGitHubApi({ token: TOKEN, repos: { [REPO]: { defaultBranch: 'main' } } });
}

describe('the act harness', () => {
  it('gives each leg its own RUNNER_NAME and shows a step its job and the others as they are at that moment', async () => {
    await servers();
    const run = await runAct({
      github: github!, githubToken: TOKEN, portUrl: sandbox!.url, inputs: { port_context: '{"runId":"r_harness1"}' },
      workflow: `
name: Harness
on: workflow_dispatch
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        leg: [1, 2]
    steps:
      - uses: actions/checkout@v4
      - uses: ./${LOOK}
  after:
    needs: build
    runs-on: ubuntu-latest
    steps:${LOOK}
`,
    });
    expect(run.surprises).toEqual([]);
    expect(run.code, run.log).toBe(0);
    const leg1 = run.output('build (1)', 'Look').split('\n');
    expect(leg1).toContain('build (1) | in_progress | act build (1) | Set up job=completed, Run actions/checkout@v4=completed, Run ./=completed, Look=in_progress, Post Run ./=queued, Complete job=queued');
    expect(leg1.find((line) => line.startsWith('build (2) | '))).toMatch(/^build \(2\) \| (queued|in_progress) \|/);
    expect(leg1.some((line) => line.startsWith('after'))).toBe(false); // not listed until build has completed
    expect(leg1).toContain('runner: act build (1)');
    expect(run.output('build (2)', 'Look')).toContain('runner: act build (2)');

    const after = run.output('after', 'Look').split('\n');
    expect(after).toContain('build (1) | completed | act build (1) | Set up job=completed, Run actions/checkout@v4=completed, Run ./=completed, Look=completed, Post Run ./=completed, Complete job=completed');
    expect(after).toContain('after | in_progress | act after | Set up job=completed, Look=in_progress, Complete job=queued');
    expect(github!.runs.get(run.runId)).toMatchObject({ status: 'completed', conclusion: 'success' });
  });

  it('refuses a workflow that sets RUNNER_NAME itself, which would hide the jobs from each other', async () => {
    await servers();
    const workflow = `
on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      RUNNER_NAME: mine
    steps:
      - run: "true"
`;
    await expect(runAct({ github: github!, githubToken: TOKEN, portUrl: sandbox!.url, workflow })).rejects.toThrow(/job a: the harness sets RUNNER_NAME/);
    await expect(
      runAct({ github: github!, githubToken: TOKEN, portUrl: sandbox!.url, workflow: workflow.replace(/ {4}env:\n.*\n/, ''), env: { RUNNER_NAME: 'x' } }),
    ).rejects.toThrow(/env RUNNER_NAME would override every job's own/);
  });
});

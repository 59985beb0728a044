/*
 * Workflows of several jobs serving one Port run, in nektos/act (test/support/act.ts): a matrix, a `needs` chain, and
 * legs that end at the same moment. Every job runs the root action; the run must be ended once, by the last job,
 * with the whole workflow's outcome (/work/briefs/final-status.md, issue 11). The local GitHub API's jobs API shows
 * act's real jobs and steps as they happen, so each post step sees which other jobs are still running.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { assertActInstalled, runAct, type ActOptions } from '../support/act.js';
import { startGitHubApi, type GitHubApi } from '../support/github-api.js';

const TOKEN = 'ghs_act_multi_token_0123456789';
const REPO = 'acme/deployments';
const RUN_ID = 'r_actMultiJob01';

let sandbox: Sandbox | undefined;
let github: GitHubApi | undefined;
const dirs: string[] = [];
beforeAll(() => assertActInstalled());
afterEach(async () => {
  await sandbox?.close();
  await github?.close();
  sandbox = github = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function play(workflow: string, options: Partial<ActOptions> = {}) {
  sandbox = await startSandbox({ runs: [RUN_ID] });
  github = await startGitHubApi({ token: TOKEN, repos: { [REPO]: { defaultBranch: 'main' } } });
  // A v2 port_context says nothing of reportWorkflowStatus: report-status auto lets the jobs end the run.
  const inputs = { port_context: JSON.stringify({ runId: RUN_ID, entity: 'checkout-api', blueprint: 'service' }) };
  return runAct({ workflow, inputs, github, githubToken: TOKEN, portUrl: sandbox.url, ...options });
}

const HEADER = `
name: Deploy
on:
  workflow_dispatch:
    inputs:
      port_context:
        required: true
jobs:`;

const ROOT_ACTION = `
      - uses: actions/checkout@v4
      - name: Port run
        uses: ./
        with:
          port-client-id: \${{ secrets.PORT_CLIENT_ID }}
          port-client-secret: \${{ secrets.PORT_CLIENT_SECRET }}`;

const run = () => sandbox!.runs.get(RUN_ID)!;
const terminating = () => run().logs.filter((log) => log.terminationStatus);
const messages = () => run().logs.map((log) => log.message);
const deferred = () => messages().filter((message) => /left to the last job/.test(message));

describe('a workflow of several jobs in act', () => {
  it('ends the run once, FAILURE, after the last leg of a matrix of three where one failed', async () => {
    // Legs end 1.5 s apart (leg 1 first), so each post step sees the later legs still running.
    const actRun = await play(`${HEADER}
  build:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        leg: [1, 2, 3]
    steps:${ROOT_ACTION}
      - name: Build
        run: |
          delays=(0 0 1.5 3)
          sleep "\${delays[\${{ matrix.leg }}]}"
          test "\${{ matrix.leg }}" != 2
`);
    expect(actRun.surprises).toEqual([]);
    expect(actRun.jobs.map((job) => [job.name, job.conclusion, job.runnerName])).toEqual([
      ['build (1)', 'success', 'act build (1)'],
      ['build (2)', 'failure', 'act build (2)'],
      ['build (3)', 'success', 'act build (3)'],
    ]);
    expect(run().status).toBe('FAILURE');
    expect(terminating()).toHaveLength(1);
    expect(terminating()[0]!.statusLabel).toMatch(/build \(2\)/);
    // The first two legs each left the run to the last one, in one non-terminating line.
    expect(deferred()).toHaveLength(2);
    expect(deferred()[0]).toMatch(/build \(1\) succeeded/);
    expect(deferred()[1]).toMatch(/build \(2\) failed/);
  });

  // Whether GitHub lists a job that waits on `needs` before it is queued is not settled (act-jobs.ts says why). Listed
  // from the start, the chain is judged as it stands; listed only once queued, the first job cannot see the second,
  // and README says to give the root action report-status: false in the jobs others need.
  it('ends the run once, by the last job of a needs chain, FAILURE when that job fails (jobs listed from the start)', async () => {
    const actRun = await play(
      `${HEADER}
  build:
    runs-on: ubuntu-latest
    steps:${ROOT_ACTION}
      - name: Build
        run: echo "building"
  deploy:
    needs: build
    runs-on: ubuntu-latest
    steps:${ROOT_ACTION}
      - name: Deploy
        run: |
          echo "deploying"
          exit 1
`,
      { dependentJobs: 'from-start' },
    );
    expect(actRun.surprises).toEqual([]);
    expect(actRun.jobs.map((job) => [job.name, job.conclusion])).toEqual([['build', 'success'], ['deploy', 'failure']]);
    expect(run().status).toBe('FAILURE');
    expect(terminating()).toHaveLength(1);
    expect(terminating()[0]!.statusLabel).toMatch(/Deploy|deploy/);
    expect(deferred()).toHaveLength(1);
    expect(deferred()[0]).toMatch(/build succeeded.*deploy/);
  });

  it('ends a needs chain right when the jobs others need say report-status: false (jobs listed once queued)', async () => {
    const actRun = await play(
      `${HEADER}
  build:
    runs-on: ubuntu-latest
    steps:${ROOT_ACTION}
          report-status: false
      - name: Build
        run: echo "building"
  deploy:
    needs: build
    runs-on: ubuntu-latest
    steps:${ROOT_ACTION}
      - name: Deploy
        run: |
          echo "deploying"
          exit 1
`,
      { dependentJobs: 'when-ready' },
    );
    expect(actRun.surprises).toEqual([]);
    expect(run().status).toBe('FAILURE');
    expect(terminating()).toHaveLength(1);
    expect(terminating()[0]!.message).toMatch(/deploy failed: step "Deploy" failed/);
    expect(deferred()).toEqual([]); // build said nothing of the end: report-status false
  });

  describe.each(['when-ready', 'from-start'] as const)('with jobs waiting on needs listed %s', (dependentJobs) => {
    it('ends the run FAILURE from the failed first job of a chain, whose dependents are skipped', async () => {
      const actRun = await play(
        `${HEADER}
  build:
    runs-on: ubuntu-latest
    steps:${ROOT_ACTION}
      - name: Build
        run: exit 1
  deploy:
    needs: build
    runs-on: ubuntu-latest
    steps:${ROOT_ACTION}
      - name: Deploy
        run: echo "deploying"
`,
        { dependentJobs },
      );
      expect(actRun.surprises).toEqual([]);
      expect(run().status).toBe('FAILURE');
      expect(terminating()).toHaveLength(1);
      expect(terminating()[0]!.statusLabel).toMatch(/Build|build/);
      expect(deferred()).toEqual([]);
    });
  });

  // Beyond the written spec: two legs whose post steps run at the same moment each see the other still running.
  // The run must still be ended, once.
  it('ends the run once when two legs reach their post steps at the same moment', async () => {
    const barrier = mkdtempSync(path.join(tmpdir(), 'port-ci-act-barrier-'));
    dirs.push(barrier);
    const actRun = await play(
      `${HEADER}
  build:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        leg: [1, 2]
    steps:${ROOT_ACTION}
      - name: Build
        run: |
          touch "$BARRIER_DIR/\${{ matrix.leg }}"
          for _ in $(seq 200); do [ "$(ls "$BARRIER_DIR" | wc -l)" -ge 2 ] && exit 0; sleep 0.05; done
          exit 1
`,
      // They wait for each other at most 3 s (PORT_CI_FINISH_WAIT_SECONDS; the higher job id twice that).
      { env: { BARRIER_DIR: barrier, PORT_CI_FINISH_WAIT_SECONDS: '3' } },
    );
    expect(actRun.jobs.map((job) => [job.name, job.conclusion])).toEqual([['build (1)', 'success'], ['build (2)', 'success']]);
    expect(run().status).toBe('SUCCESS');
    expect(terminating()).toHaveLength(1);
  });
});

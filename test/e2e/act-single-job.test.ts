/*
 * One-job workflows in nektos/act, an independent runner (test/support/act.ts): the root action, the user's steps and
 * the sub-actions run as act runs them on a workflow_dispatch event, against the sandbox for Port and the local
 * GitHub API, whose jobs API shows act's real job and steps as they happen. The assertions are on what Port was told.
 * Expected behaviour: /work/briefs/final-status.md (issue 11).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { assertActInstalled, runAct, type ActOptions } from '../support/act.js';
import { startGitHubApi, type GitHubApi, type GitHubApiOptions } from '../support/github-api.js';

const TOKEN = 'ghs_act_job_token_0123456789';
const REPO = 'acme/deployments';
const RUN_ID = 'r_actSingleJob01';

let sandbox: Sandbox | undefined;
let github: GitHubApi | undefined;
beforeAll(() => assertActInstalled());
afterEach(async () => {
  await sandbox?.close();
  await github?.close();
  sandbox = github = undefined;
});

async function servers(runs: string[], options: Partial<GitHubApiOptions> = {}) {
  sandbox = await startSandbox({ runs });
  github = await startGitHubApi({ token: TOKEN, repos: { [REPO]: { defaultBranch: 'main' } }, ...options });
  return { sandbox, github };
}

/** A v2 port_context: it says nothing of reportWorkflowStatus, so report-status auto lets the job end the run. */
const portContext = (runId: string) => ({ port_context: JSON.stringify({ runId, entity: 'checkout-api', blueprint: 'service' }) });

function play(workflow: string, options: Partial<ActOptions> = {}) {
  return runAct({ workflow, inputs: portContext(RUN_ID), github: github!, githubToken: TOKEN, portUrl: sandbox!.url, ...options });
}

const HEADER = `
name: Deploy
on:
  workflow_dispatch:
    inputs:
      port_context:
        required: true
`;

/** A deploy job: the root action first, then `steps`. */
const deployJob = (steps: string) => `${HEADER}
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Port run
        uses: ./
        with:
          port-client-id: \${{ secrets.PORT_CLIENT_ID }}
          port-client-secret: \${{ secrets.PORT_CLIENT_SECRET }}
${steps}`;

const terminating = (runId: string) => sandbox!.runs.get(runId)!.logs.filter((log) => log.terminationStatus);
const messages = (runId: string) => sandbox!.runs.get(runId)!.logs.map((log) => log.message);

describe('a one-job workflow in act', () => {
  it('ends the run SUCCESS with the link when the job passes, and the jobs API showed act\'s job', async () => {
    await servers([RUN_ID]);
    const run = await play(
      deployJob(`
      - name: Deploy
        run: echo "deploying checkout-api"
      - uses: ./actions/log
        with:
          message: Deployed checkout-api
`),
    );
    expect(run.surprises).toEqual([]);
    expect(run.code, run.log).toBe(0);
    const link = `https://github.com/${REPO}/actions/runs/${run.runId}`;
    expect(sandbox!.runs.get(RUN_ID)).toMatchObject({ status: 'SUCCESS', link });
    expect(messages(RUN_ID)[0]).toBe(`GitHub workflow run started: ${link} (job deploy)`);
    expect(messages(RUN_ID)).toContain('Deployed checkout-api');
    expect(terminating(RUN_ID)).toEqual([expect.objectContaining({ message: 'GitHub job deploy succeeded', terminationStatus: 'SUCCESS' })]);
    expect(run.output('deploy', 'Deploy')).toBe('deploying checkout-api\n');

    // The post step read the live jobs API and found this job by its runner.
    expect(github!.requests.filter((r) => r.path.endsWith(`/runs/${run.runId}/attempts/1/jobs`)).map((r) => r.status)).toContain(200);
    expect(run.jobs).toMatchObject([{ name: 'deploy', status: 'completed', conclusion: 'success', runnerName: 'act deploy' }]);
    expect(run.jobs[0]!.steps.map((step) => [step.name, step.conclusion])).toEqual([
      ['Set up job', 'success'],
      ['Run actions/checkout@v4', 'success'],
      ['Port run', 'success'],
      ['Deploy', 'success'],
      ['Run ./actions/log', 'success'],
      ['Post Port run', 'success'],
      ['Complete job', 'success'],
    ]);
  });

  it('ends the run FAILURE naming the failed step when the job fails', async () => {
    await servers([RUN_ID]);
    const run = await play(
      deployJob(`
      - name: Deploy
        run: |
          echo "rolling out"
          exit 3
      - name: Never runs
        run: echo unreachable
`),
    );
    expect(run.surprises).toEqual([]);
    expect(run.code).not.toBe(0);
    expect(sandbox!.runs.get(RUN_ID)!.status).toBe('FAILURE');
    const [end] = terminating(RUN_ID);
    expect(terminating(RUN_ID)).toHaveLength(1);
    expect(end).toMatchObject({ terminationStatus: 'FAILURE', statusLabel: expect.stringContaining('Deploy') });
    expect(end!.message).toMatch(/deploy/);
    expect(run.jobs[0]!.steps.map((step) => [step.name, step.conclusion])).toEqual([
      ['Set up job', 'success'],
      ['Run actions/checkout@v4', 'success'],
      ['Port run', 'success'],
      ['Deploy', 'failure'],
      ['Never runs', 'skipped'],
      ['Post Port run', 'success'],
      ['Complete job', 'success'],
    ]);
  });

  it('leaves the run to Port, and says why with the fix, when the token cannot read actions', async () => {
    await servers([RUN_ID], { tokenPermissions: { actions: 'none' } });
    const run = await play(
      deployJob(`
      - name: Deploy
        run: echo "deploying checkout-api"
`),
    );
    expect(run.code, run.log).toBe(0); // reporting trouble never fails the job
    const jobReads = github!.requests.filter((r) => r.path.endsWith(`/runs/${run.runId}/attempts/1/jobs`));
    expect(jobReads.length).toBeGreaterThan(0);
    expect(jobReads.every((r) => r.status === 403)).toBe(true);

    // Not ended FAILURE by a guess: the run stays open, with one line that says why and how to fix it.
    expect(sandbox!.runs.get(RUN_ID)!.status).toBe('IN_PROGRESS');
    expect(terminating(RUN_ID)).toEqual([]);
    const explained = messages(RUN_ID).filter((message) => /actions: read/.test(message));
    expect(explained).toHaveLength(1);
    expect(explained[0]).toMatch(/actions\/report/);
    expect(explained[0]).toMatch(/job\.status/);
    // And the step log warns.
    expect(run.commands('warning').some((warning) => /actions: read/.test(warning))).toBe(true);
  });

  it('keeps values registered with ::add-mask:: out of Port\'s log, and the add-mask lines too', async () => {
    await servers([RUN_ID]);
    const password = 'hunter2-Secret-Value-0042';
    const run = await play(
      deployJob(`
      - name: Migrate
        uses: ./actions/exec
        env:
          DB_PASSWORD: \${{ secrets.DB_PASSWORD }}
        with:
          run: |
            echo "::add-mask::$DB_PASSWORD"
            echo "connecting with $DB_PASSWORD"
            session="sess-$RANDOM$RANDOM-$(date +%s%N)"
            echo "::add-mask::$session"
            echo "session $session opened"
            echo "migration done"
`),
      { secrets: { DB_PASSWORD: password } },
    );
    expect(run.code, run.log).toBe(0);
    const masked = run.commands('add-mask');
    const session = masked.find((value) => value.startsWith('sess-'));
    expect(masked).toContain(password);
    expect(session).toBeDefined();
    // The runner itself masked them in the job log.
    expect(run.output('deploy', 'Migrate')).toContain('connecting with ***');
    expect(run.output('deploy', 'Migrate')).not.toContain(session);

    const portLog = messages(RUN_ID).join('\n');
    expect(portLog).toContain('migration done');
    expect(portLog).toMatch(/connecting with/);
    expect(portLog).not.toContain(password);
    expect(portLog).not.toContain(session);
    expect(portLog).not.toContain('::add-mask::');
    expect(sandbox!.runs.get(RUN_ID)!.status).toBe('SUCCESS');
  });

  it('runs two root actions in one job as two runs, each ended once and neither skipped', async () => {
    const second = 'r_actSingleJob02';
    await servers([RUN_ID, second]);
    const run = await play(
      deployJob(`
      - name: Port run B
        uses: ./
        with:
          run-id: ${second}
          port-client-id: \${{ secrets.PORT_CLIENT_ID }}
          port-client-secret: \${{ secrets.PORT_CLIENT_SECRET }}
      - name: Finish A
        uses: ./actions/report
        with:
          run-id: ${RUN_ID}
          status: success
          summary: A is done
      - name: Deploy
        run: echo "deploying for B"
`),
    );
    expect(run.surprises).toEqual([]);
    expect(run.code, run.log).toBe(0);
    const link = `https://github.com/${REPO}/actions/runs/${run.runId}`;

    // A: started by the first root action, ended by the report step, and left alone by its post step.
    expect(sandbox!.runs.get(RUN_ID)).toMatchObject({ status: 'SUCCESS', summary: 'A is done', link });
    expect(messages(RUN_ID)).toEqual([`GitHub workflow run started: ${link} (job deploy)`]);
    // B: started by the second, ended by its own post step with the job's outcome, not skipped because A ended.
    expect(sandbox!.runs.get(second)).toMatchObject({ status: 'SUCCESS', link });
    expect(messages(second)[0]).toBe(`GitHub workflow run started: ${link} (job deploy)`);
    expect(terminating(second)).toEqual([expect.objectContaining({ message: 'GitHub job deploy succeeded', terminationStatus: 'SUCCESS' })]);
    // Post steps run in reverse order: B's first.
    expect(run.jobs[0]!.steps.map((step) => step.name).slice(-3)).toEqual(['Post Port run B', 'Post Port run', 'Complete job']);
  });
});

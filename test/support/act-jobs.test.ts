import { afterEach, describe, expect, it } from 'vitest';
import { expandMatrix, jobDisplayName, JobsFeed, readWorkflow, runnerName, runnerNameTemplate, type ActEvent } from './act-jobs.js';
import { startGitHubApi, type GitHubApi } from './github-api.js';

/* The model of GitHub's jobs API that the act harness feeds: matrix expansion, names, and act's events as jobs. */

const REPO = 'acme/deployments';
const TOKEN = 'ghs_feed_token';
let api: GitHubApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('matrix expansion as GitHub does it', () => {
  it('takes the product with the first key outermost, drops excludes, extends or appends includes', () => {
    expect(expandMatrix('b', { os: ['linux', 'mac'], node: [20, 24] })).toEqual([
      { os: 'linux', node: 20 }, { os: 'linux', node: 24 }, { os: 'mac', node: 20 }, { os: 'mac', node: 24 },
    ]);
    expect(expandMatrix('b', { os: ['linux', 'mac'], node: [20, 24], exclude: [{ os: 'mac', node: 20 }] })).toHaveLength(3);
    expect(
      expandMatrix('b', {
        os: ['linux', 'mac'],
        node: [20],
        include: [{ os: 'mac', arm: true }, { experimental: true }, { os: 'windows', node: 22 }],
      }),
    ).toEqual([
      { os: 'linux', node: 20, experimental: true },
      { os: 'mac', node: 20, arm: true, experimental: true },
      { os: 'windows', node: 22 },
    ]);
    expect(expandMatrix('b', { include: [{ leg: 1 }, { leg: 2 }] })).toEqual([{ leg: 1 }, { leg: 2 }]);
  });

  it('refuses what cannot be expanded before the run, naming the field', () => {
    expect(() => expandMatrix('b', '${{ fromJSON(needs.plan.outputs.legs) }}')).toThrow(/job b: strategy.matrix: expected a mapping of lists/);
    expect(() => expandMatrix('b', { os: [{ name: 'linux' }] })).toThrow(/strategy.matrix.os: expected a non-empty list of strings, numbers or booleans/);
    expect(() => expandMatrix('b', { os: [] })).toThrow(/strategy.matrix.os/);
    expect(() => expandMatrix('b', { include: [{ leg: null }] })).toThrow(/strategy.matrix.include.leg: expected a string, number or boolean/);
  });
});

describe('names', () => {
  it('names jobs and runners as GitHub shows a job and a leg', () => {
    const matrix = [{ leg: 2, os: 'linux' }];
    expect(jobDisplayName({ id: 'build', matrix: null }, {})).toBe('build');
    expect(jobDisplayName({ id: 'build', matrix }, matrix[0]!)).toBe('build (2, linux)');
    expect(jobDisplayName({ id: 'build', name: 'Build', matrix }, matrix[0]!)).toBe('Build (2, linux)');
    expect(jobDisplayName({ id: 'build', name: 'Build on ${{ matrix.os }}', matrix }, matrix[0]!)).toBe('Build on linux');
    expect(runnerNameTemplate({ id: 'build', matrix })).toBe('act build (${{ matrix.leg }}, ${{ matrix.os }})');
    expect(runnerName({ id: 'build', matrix }, matrix[0]!)).toBe('act build (2, linux)');
  });

  it('names steps: name:, else Run and the action or the first line of the command', () => {
    const [job] = readWorkflow(
      { jobs: { deploy: { 'runs-on': 'ubuntu-latest', steps: [{ uses: './' }, { run: '  echo one\n  echo two' }, { name: 'Ship it', id: 'ship', uses: './actions/exec' }] } } },
      (uses) => uses === './',
    );
    expect(job!.steps).toEqual([
      { key: '0', name: 'Run ./', hasPost: true },
      { key: '1', name: 'Run echo one', hasPost: false },
      { key: 'ship', name: 'Ship it', hasPost: false },
    ]);
  });

  it('refuses a workflow the model cannot follow, saying what is accepted', () => {
    const read = (jobs: Record<string, unknown>) => () => readWorkflow({ jobs }, () => false);
    const steps = [{ run: 'true' }];
    expect(read({ b: { strategy: { matrix: { leg: [1] } }, steps } })).toThrow(/job b: strategy: set fail-fast: false/);
    expect(read({ b: { if: "github.ref == 'refs/heads/main'", steps } })).toThrow(/job b: if: cannot tell before the run.*use none, success\(\), always\(\)/);
    expect(read({ b: { needs: 'a', steps } })).toThrow(/job b: needs: no job a in this workflow \(jobs: b\)/);
    expect(read({ b: { uses: './.github/workflows/other.yml' } })).toThrow(/reusable workflows/);
    expect(read({ b: { steps: [{ name: 'nothing' }] } })).toThrow(/job b: steps\[0\]: expected uses: or run:/);
  });
});

/** act's lines for a job, as act prints them (only the fields the feed reads). */
function actLines(jobID: string, matrix: Record<string, unknown> = {}) {
  const base = { jobID, matrix, level: 'info' };
  return {
    setup: [{ ...base, msg: '\u2B50 Run Set up job', step: 'Set up job', stepid: ['--setup-job'] }, { ...base, msg: '  \u2705  Success - Set up job', step: 'Set up job', stepid: ['--setup-job'], stepResult: 'success' }],
    step: (stage: 'Main' | 'Post', key: string, result?: 'success' | 'failure'): ActEvent[] => [
      { ...base, msg: `\u2B50 Run ${stage} x`, stage, step: 'x', stepID: [key] },
      ...(result ? [{ ...base, msg: `done ${stage} x`, stage, step: 'x', stepID: [key], stepResult: result }] : []),
    ],
    complete: [{ ...base, msg: '\u2B50 Run Complete job', step: 'Complete job', stepid: ['--complete-job'] }, { ...base, msg: '  \u2705  Success - Complete job', step: 'Complete job', stepid: ['--complete-job'], stepResult: 'success' }],
    result: (jobResult: 'success' | 'failure'): ActEvent => ({ ...base, msg: 'Job done', jobResult }),
  };
}

async function jobsShown(runId: number) {
  const response = await fetch(`${api!.url}/repos/${REPO}/actions/runs/${runId}/attempts/1/jobs`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const body = (await response.json()) as { jobs: { name: string; status: string; conclusion: string | null; runner_name: string | null; steps: { name: string; status: string; conclusion: string | null }[] }[] };
  return body.jobs.map((job) => ({ ...job, steps: job.steps.map((step) => `${step.name}: ${step.status}${step.conclusion ? `/${step.conclusion}` : ''}`) }));
}

async function feedFor(workflow: Record<string, unknown>, dependentJobs?: 'when-ready' | 'from-start') {
  api = await startGitHubApi({ token: TOKEN, repos: { [REPO]: { defaultBranch: 'main' } } });
  const run = api.createRun({ repo: REPO, workflow: 'deploy.yml' });
  const feed = new JobsFeed(readWorkflow({ jobs: workflow }, (uses) => uses === './'), { api, runId: run.id, dependentJobs });
  feed.start();
  return { feed, runId: run.id };
}

const STEPS = [{ name: 'Port run', uses: './' }, { name: 'Deploy', run: './deploy.sh' }, { name: 'Notify', run: 'true' }];

describe('act events as GitHub jobs', () => {
  it('moves a job from queued through its steps to completed, registering the post step when its main step runs', async () => {
    const { feed, runId } = await feedFor({ deploy: { 'runs-on': 'ubuntu-latest', steps: STEPS } });
    expect(await jobsShown(runId)).toMatchObject([{ name: 'deploy', status: 'queued', runner_name: null, steps: [] }]);
    const lines = actLines('deploy');
    for (const event of [...lines.setup, ...lines.step('Main', '0', 'success'), ...lines.step('Main', '1')]) feed.handle(event);
    expect(await jobsShown(runId)).toMatchObject([
      {
        status: 'in_progress', runner_name: 'act deploy',
        steps: ['Set up job: completed/success', 'Port run: completed/success', 'Deploy: in_progress', 'Notify: queued', 'Post Port run: queued', 'Complete job: queued'],
      },
    ]);
    // Deploy fails; Notify is never started (act says nothing of a skipped step), the post step runs.
    for (const event of [...lines.step('Main', '1', 'failure').slice(1), ...lines.step('Post', '0')]) feed.handle(event);
    expect((await jobsShown(runId))[0]!.steps).toEqual([
      'Set up job: completed/success', 'Port run: completed/success', 'Deploy: completed/failure', 'Notify: completed/skipped', 'Post Port run: in_progress', 'Complete job: queued',
    ]);
    for (const event of [...lines.step('Post', '0', 'success').slice(1), ...lines.complete, lines.result('failure')]) feed.handle(event);
    expect(await jobsShown(runId)).toMatchObject([{ status: 'completed', conclusion: 'failure', runner_name: 'act deploy' }]);
    feed.finish();
    expect(api!.runs.get(runId)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(feed.surprises).toEqual([]);
  });

  it('lists every leg of a matrix at the start, and judges each leg by its own steps', async () => {
    const { feed, runId } = await feedFor({ build: { 'runs-on': 'ubuntu-latest', strategy: { 'fail-fast': false, matrix: { leg: [1, 2] } }, steps: STEPS.slice(1, 2) } });
    expect((await jobsShown(runId)).map((job) => [job.name, job.status])).toEqual([['build (1)', 'queued'], ['build (2)', 'queued']]);
    const [one, two] = [actLines('build', { leg: 1 }), actLines('build', { leg: 2 })];
    for (const event of [...two.setup, ...two.step('Main', '0', 'failure'), ...two.complete, two.result('failure')]) feed.handle(event);
    // act reports one result for a whole matrix: leg 1 passing after leg 2 failed is still "failure" there.
    for (const event of [...one.setup, ...one.step('Main', '0', 'success'), ...one.complete, one.result('failure')]) feed.handle(event);
    expect((await jobsShown(runId)).map((job) => [job.name, job.conclusion, job.runner_name])).toEqual([
      ['build (1)', 'success', 'act build (1)'],
      ['build (2)', 'failure', 'act build (2)'],
    ]);
  });

  it('lists a job waiting on needs once they complete (when-ready) or from the start (from-start)', async () => {
    const workflow = { build: { steps: STEPS.slice(1, 2) }, deploy: { needs: 'build', steps: STEPS.slice(1, 2) } };
    const build = actLines('build');
    const ready = await feedFor(workflow, 'when-ready');
    expect((await jobsShown(ready.runId)).map((job) => job.name)).toEqual(['build']);
    for (const event of [...build.setup, ...build.step('Main', '0', 'success'), ...build.complete]) ready.feed.handle(event);
    expect((await jobsShown(ready.runId)).map((job) => job.name)).toEqual(['build']);
    ready.feed.handle(build.result('success'));
    expect((await jobsShown(ready.runId)).map((job) => [job.name, job.status])).toEqual([['build', 'completed'], ['deploy', 'queued']]);
    await api!.close();

    const fromStart = await feedFor(workflow, 'from-start');
    expect((await jobsShown(fromStart.runId)).map((job) => [job.name, job.status])).toEqual([['build', 'queued'], ['deploy', 'queued']]);
  });

  it('shows a job skipped when a job it needs failed, unless its if: says always()', async () => {
    const { feed, runId } = await feedFor(
      { build: { steps: STEPS.slice(1, 2) }, deploy: { needs: 'build', steps: STEPS.slice(1, 2) }, cleanup: { needs: 'deploy', if: '${{ always() }}', steps: STEPS.slice(1, 2) } },
      'from-start',
    );
    const build = actLines('build');
    for (const event of [...build.setup, ...build.step('Main', '0', 'failure'), ...build.complete, build.result('failure')]) feed.handle(event);
    expect((await jobsShown(runId)).map((job) => [job.name, job.status, job.conclusion])).toEqual([
      ['build', 'completed', 'failure'],
      ['deploy', 'completed', 'skipped'],
      ['cleanup', 'queued', null],
    ]);
  });

  it('cancels what act left open when it exits, and notes a leg it did not expect', async () => {
    const { feed, runId } = await feedFor({ deploy: { steps: STEPS.slice(1, 2) } });
    feed.handle(actLines('deploy', { leg: 9 }).setup[0]!);
    feed.finish();
    expect(feed.surprises).toEqual(['act ran deploy {"leg":9}, which the model did not list']);
    expect((await jobsShown(runId)).map((job) => [job.name, job.conclusion])).toEqual([['deploy', 'cancelled'], ['deploy', 'cancelled']]);
    expect(api!.runs.get(runId)).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubApi, type GitHubApi, type GitHubApiOptions } from './github-api.js';

/* Every rule of the local GitHub API, proven over real HTTP with fetch, as a whole-process test's client would meet it. */

const TOKEN = 'ghs_test_token';
const REPO = 'Octo-Org/deploy-repo';
const DISPATCHES = `/repos/${REPO}/actions/workflows/deploy.yml/dispatches`;
const BASE_OPTIONS: GitHubApiOptions = {
  token: TOKEN,
  repos: {
    [REPO]: {
      defaultBranch: 'main',
      refs: ['release', 'v1.2.0'],
      workflows: {
        'deploy.yml': {
          name: 'Deploy',
          inputs: { port_payload: { required: true }, service: {}, port_run_id: {} },
          runName: (inputs) => `Deploy ${inputs.port_run_id ?? ''}`.trim(),
        },
      },
    },
  },
};

let api: GitHubApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function start(options: Partial<GitHubApiOptions> = {}): Promise<GitHubApi> {
  api = await startGitHubApi({ ...BASE_OPTIONS, ...options });
  return api;
}

async function call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; token?: string | null } = {}) {
  const headers: Record<string, string> = { accept: 'application/vnd.github+json', ...init.headers };
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? TOKEN}`;
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  const res = await fetch(api!.url + path, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text === '' ? undefined : JSON.parse(text)) as any };
}

const dispatch = (body: unknown, headers?: Record<string, string>) => call(DISPATCHES, { body, headers });
const validDispatch = { ref: 'main', inputs: { port_payload: '{"context":{"runId":"r_1"}}', port_run_id: 'r_1' } };

async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('authentication and errors', () => {
  it('accepts the token as Bearer or token, refuses a wrong or missing one with 401, and shapes errors as GitHub does', async () => {
    await start();
    expect((await call(`/repos/${REPO}`)).status).toBe(200);
    expect((await call(`/repos/${REPO}`, { headers: { authorization: `token ${TOKEN}` }, token: null })).status).toBe(200);
    const wrong = await call(`/repos/${REPO}`, { token: 'nope' });
    expect(wrong).toMatchObject({ status: 401, body: { message: 'Bad credentials', status: '401' } });
    expect(wrong.body.documentation_url).toMatch(/^https:\/\/docs\.github\.com\//);
    expect(await call(`/repos/${REPO}`, { token: null })).toMatchObject({ status: 401, body: { message: 'Requires authentication' } });
  });

  it('answers 404 Not Found for unknown routes, repositories, workflows and methods', async () => {
    await start();
    for (const path of ['/nothing', '/repos/octo-org/other', `/repos/${REPO}/actions/secrets`, `/repos/${REPO}/actions/workflows/nope.yml/dispatches`]) {
      const answer = await call(path, path.endsWith('dispatches') ? { body: validDispatch } : {});
      expect(answer, path).toMatchObject({ status: 404, body: { message: 'Not Found', status: '404' } });
    }
    expect((await call(`/repos/${REPO}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('serves the repository with its default branch, matching owner and name case-insensitively', async () => {
    await start();
    const answer = await call('/repos/octo-org/DEPLOY-repo');
    expect(answer).toMatchObject({ status: 200, body: { default_branch: 'main', full_name: REPO } });
  });
});

describe('rate limits', () => {
  it('carries the x-ratelimit headers on every answer and counts requests down', async () => {
    await start({ primaryLimit: { limit: 100, remaining: 10 } });
    const first = await call(`/repos/${REPO}`);
    const refused = await call('/nothing', { token: 'nope' });
    for (const res of [first, refused]) {
      for (const name of ['limit', 'remaining', 'reset', 'used', 'resource']) expect(res.headers.get(`x-ratelimit-${name}`), name).not.toBeNull();
    }
    expect(first.headers.get('x-ratelimit-remaining')).toBe('9');
    expect(first.headers.get('x-ratelimit-used')).toBe('91');
    expect(first.headers.get('x-ratelimit-resource')).toBe('core');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 + 3000);
  });

  it('refuses with 403 and remaining 0 once the primary limit is spent, and refills after the reset', async () => {
    await start({ primaryLimit: { limit: 2, remaining: 1, resetInSeconds: 1 } });
    expect((await call(`/repos/${REPO}`)).status).toBe(200);
    const refused = await call(`/repos/${REPO}`);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/^API rate limit exceeded/);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('x-ratelimit-reset')) * 1000).toBeGreaterThan(Date.now());
    await new Promise((resolve) => setTimeout(resolve, Number(refused.headers.get('x-ratelimit-reset')) * 1000 - Date.now() + 50));
    const after = await call(`/repos/${REPO}`);
    expect(after.status).toBe(200);
    expect(after.headers.get('x-ratelimit-remaining')).toBe('1');
  });

  it('refuses content-creating requests past the secondary limit with retry-after, leaving reads and the primary limit alone', async () => {
    await start({ secondaryLimit: { maxWrites: 2, windowMs: 60_000, retryAfterSeconds: 7 } });
    expect((await dispatch(validDispatch)).status).toBe(204);
    expect((await dispatch(validDispatch)).status).toBe(204);
    const refused = await dispatch(validDispatch);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/^You have exceeded a secondary rate limit/);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(Number(refused.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
    expect((await call(`/repos/${REPO}`)).status).toBe(200);
    expect(api!.dispatches).toHaveLength(2);
  });

  it('lets a write through again once the window has moved on, computing retry-after when none is configured', async () => {
    await start({ secondaryLimit: { maxWrites: 1, windowMs: 300 } });
    expect((await dispatch(validDispatch)).status).toBe(204);
    const refused = await dispatch(validDispatch);
    expect(refused.headers.get('retry-after')).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await dispatch(validDispatch)).status).toBe(204);
  });
});

describe('faults, latency and the request log', () => {
  it('answers the next requests with the failNext status, then serves again', async () => {
    await start();
    api!.failNext(2, 502);
    expect((await call(`/repos/${REPO}`)).status).toBe(502);
    expect(await dispatch(validDispatch)).toMatchObject({ status: 502, body: { message: 'Bad Gateway', status: '502' } });
    expect((await call(`/repos/${REPO}`)).status).toBe(200);
    expect(api!.dispatches).toHaveLength(0);
    expect(() => api!.failNext(1, 200)).toThrow(RangeError);
  });

  it('delays every answer by latencyMs', async () => {
    await start({ latencyMs: 150 });
    const began = Date.now();
    await call(`/repos/${REPO}`);
    expect(Date.now() - began).toBeGreaterThanOrEqual(140);
  });

  it('records method, path, query, headers, body and the status answered', async () => {
    await start();
    await call(`/repos/${REPO}/actions/runs?event=workflow_dispatch&per_page=5`);
    await call(DISPATCHES, { body: '{not json' });
    expect(api!.requests).toMatchObject([
      { method: 'GET', path: `/repos/${REPO}/actions/runs`, query: { event: 'workflow_dispatch', per_page: '5' }, body: undefined, status: 200 },
      { method: 'POST', path: DISPATCHES, body: '{not json', status: 400 },
    ]);
    expect(api!.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe('workflow dispatch', () => {
  it('answers 204, records the dispatch and creates a run that goes queued -> in_progress -> completed', async () => {
    await start({ runLifecycle: { queuedMs: 300, runningMs: 300, conclusion: 'failure' } });
    const answer = await dispatch(validDispatch);
    expect(answer).toMatchObject({ status: 204, body: undefined });
    expect(api!.dispatches).toMatchObject([{ repo: REPO, workflow: 'deploy.yml', ref: 'main', inputs: validDispatch.inputs }]);
    const runId = api!.dispatches[0]!.runId;
    expect(runId).toBeGreaterThan(2 ** 32);
    const read = async () => (await call(`/repos/${REPO}/actions/runs/${runId}`)).body;
    expect(await read()).toMatchObject({ id: runId, status: 'queued', conclusion: null, event: 'workflow_dispatch', run_attempt: 1 });
    expect(await until(read, (run) => run.status === 'in_progress')).toMatchObject({ status: 'in_progress', conclusion: null });
    const done = await until(read, (run) => run.status === 'completed');
    expect(done).toMatchObject({ status: 'completed', conclusion: 'failure', name: 'Deploy', display_title: 'Deploy r_1' });
    expect(done.html_url).toBe(`https://github.com/${REPO}/actions/runs/${runId}`);
  });

  it('answers 200 with the run when return_run_details is true, or always under API version 2026-03-10', async () => {
    await start();
    const asked = await dispatch({ ...validDispatch, return_run_details: true });
    expect(asked.status).toBe(200);
    expect(Object.keys(asked.body).sort()).toEqual(['html_url', 'run_url', 'workflow_run_id']);
    expect(asked.body.run_url).toBe(`${api!.url}/repos/${REPO}/actions/runs/${asked.body.workflow_run_id}`);
    expect((await call(new URL(asked.body.run_url).pathname)).body.id).toBe(asked.body.workflow_run_id);
    expect((await dispatch({ ...validDispatch, return_run_details: false })).status).toBe(204);
    const versioned = await dispatch(validDispatch, { 'X-GitHub-Api-Version': '2026-03-10' });
    expect(versioned.status).toBe(200);
    expect(versioned.body.workflow_run_id).toBe(asked.body.workflow_run_id + 2);
    expect((await dispatch(validDispatch, { 'X-GitHub-Api-Version': '2022-11-28' })).status).toBe(204);
    expect((await dispatch(validDispatch, { 'X-GitHub-Api-Version': '2020-01-01' })).status).toBe(400);
  });

  it.each([
    ['an undeclared input', { inputs: { port_payload: '{}', extra: 'x', other: 'y' } }, 'Unexpected inputs provided: ["extra", "other"]'],
    ['a missing required input', { inputs: { service: 'api' } }, "Required input 'port_payload' not provided"],
    ['an unknown branch', { ref: 'nope' }, 'No ref found for: nope'],
    ['an unknown full ref', { ref: 'refs/heads/nope' }, 'No ref found for: refs/heads/nope'],
    ['a missing ref', { ref: undefined }, /"ref" wasn't supplied/],
    ['a ref that is not a string', { ref: 1 }, /properties\/ref/],
    ['inputs that are not an object', { inputs: ['x'] }, /properties\/inputs/],
    ['an input value that is not a string', { inputs: { port_payload: { a: 1 } } }, /properties\/port_payload/],
    ['a return_run_details that is not a boolean', { return_run_details: 'yes' }, /return_run_details/],
    ['an unknown body field', { input: {} }, /"input" is not a permitted key/],
    ['more than 25 inputs', { inputs: Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`i${i}`, 'x'])) }, /at most 25/],
    ['more than 65,535 characters of inputs', { inputs: { port_payload: 'x'.repeat(65_535) } }, 'inputs are too large.'],
  ])('refuses %s with 422', async (_case, change, message) => {
    await start();
    const answer = await dispatch({ ...validDispatch, ...change });
    expect(answer.status).toBe(422);
    expect(answer.body.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
    expect(answer.body.documentation_url).toMatch(/create-a-workflow-dispatch-event$/);
    expect(api!.dispatches).toHaveLength(0);
    expect(api!.runs.size).toBe(0);
  });

  it('accepts the default branch, a listed branch or tag, as a name or a full ref, and just under the size limits', async () => {
    await start();
    for (const ref of ['main', 'refs/heads/main', 'release', 'refs/tags/v1.2.0']) expect((await dispatch({ ...validDispatch, ref })).status, ref).toBe(204);
    const payload = 'x'.repeat(65_535 - JSON.stringify({ port_payload: '' }).length);
    expect((await dispatch({ ref: 'main', inputs: { port_payload: payload } })).status).toBe(204);
    expect(api!.dispatches.map((d) => api!.runs.get(d.runId)!.head_branch)).toEqual(['main', 'main', 'release', 'v1.2.0', 'main']);
  });

  it('refuses a body that is not JSON with 400 Problems parsing JSON', async () => {
    await start();
    expect(await call(DISPATCHES, { body: 'ref=main' })).toMatchObject({ status: 400, body: { message: 'Problems parsing JSON' } });
  });

  it('in ghes mode refuses return_run_details and API version 2026-03-10 with 400, and dispatches without them', async () => {
    await start({ ghes: true });
    for (const value of [true, false]) expect((await dispatch({ ...validDispatch, return_run_details: value })).status).toBe(400);
    expect((await dispatch(validDispatch, { 'X-GitHub-Api-Version': '2026-03-10' })).status).toBe(400);
    expect((await dispatch(validDispatch, { 'X-GitHub-Api-Version': '2022-11-28' })).status).toBe(204);
    expect(api!.dispatches).toHaveLength(1);
  });
});

describe('workflow runs list (the GHES fallback)', () => {
  it('finds the dispatched run by event and created>=, newest first, with its run-name as display_title', async () => {
    await start({ ghes: true });
    await dispatch({ ...validDispatch, inputs: { ...validDispatch.inputs, port_run_id: 'r_old' } });
    await new Promise((resolve) => setTimeout(resolve, 1100)); // created_at has whole seconds
    const since = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    await dispatch(validDispatch);
    await dispatch({ ...validDispatch, inputs: { ...validDispatch.inputs, port_run_id: 'r_2' } });
    const list = await call(`/repos/${REPO}/actions/runs?event=workflow_dispatch&created=${encodeURIComponent(`>=${since}`)}&per_page=10`);
    expect(list.status).toBe(200);
    expect(list.body.total_count).toBe(2);
    expect(list.body.workflow_runs.map((run: { display_title: string }) => run.display_title)).toEqual(['Deploy r_2', 'Deploy r_1']);
    expect(list.body.workflow_runs[0]).toMatchObject({ event: 'workflow_dispatch', created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
    expect((await call(`/repos/${REPO}/actions/runs?event=push`)).body.total_count).toBe(0);
    expect((await call(`/repos/${REPO}/actions/runs?created=${encodeURIComponent('<2000-01-01T00:00:00Z')}`)).body.total_count).toBe(0);
    const day = since.slice(0, 10);
    const sameDay = [...api!.runs.values()].filter((run) => run.created_at.startsWith(day)).length; // 3 unless midnight passed
    expect((await call(`/repos/${REPO}/actions/runs?created=${day}`)).body.total_count).toBe(sameDay);
    expect((await call(`/repos/${REPO}/actions/runs?created=${encodeURIComponent(`${since}..${day}T23:59:59Z`)}`)).body.total_count).toBe(2);
    expect((await call(`/repos/${REPO}/actions/runs?created=junk`)).status).toBe(422);
  });

  it('compares created at whole seconds, so a filter with milliseconds can miss a run created in the same second', async () => {
    await start();
    await dispatch(validDispatch);
    const run = [...api!.runs.values()][0]!;
    const later = new Date(Date.parse(run.created_at) + 1).toISOString();
    expect((await call(`/repos/${REPO}/actions/runs?created=${encodeURIComponent(`>=${later}`)}`)).body.total_count).toBe(0);
    expect((await call(`/repos/${REPO}/actions/runs?created=${encodeURIComponent(`>=${run.created_at}`)}`)).body.total_count).toBe(1);
  });

  it('answers 404 for a run that does not exist or belongs to another repository', async () => {
    await start({ repos: { ...BASE_OPTIONS.repos, 'octo-org/other': { defaultBranch: 'main' } } });
    const { body } = await dispatch({ ...validDispatch, return_run_details: true });
    expect((await call(`/repos/${REPO}/actions/runs/1`)).status).toBe(404);
    expect((await call(`/repos/octo-org/other/actions/runs/${body.workflow_run_id}`)).status).toBe(404);
  });
});

describe('jobs of a run attempt', () => {
  const jobsPath = (runId: number, attempt = 1, query = '') => `/repos/${REPO}/actions/runs/${runId}/attempts/${attempt}/jobs${query}`;

  it('serves jobs in GitHub shape with coherent defaults', async () => {
    await start();
    api!.setJobs(4242, 1, [
      { name: 'build', steps: [{ name: 'Set up job' }, { name: 'Run port-ci', conclusion: 'failure' }], conclusion: 'failure' },
      { name: 'deploy', status: 'in_progress', steps: [{ name: 'Set up job', status: 'completed' }, { name: 'Deploy' }] },
      { name: 'notify', status: 'queued' },
    ]);
    const { status, body } = await call(jobsPath(4242));
    expect(status).toBe(200);
    expect(body.total_count).toBe(3);
    const [build, deploy, notify] = body.jobs;
    expect(build).toMatchObject({ run_id: 4242, run_attempt: 1, name: 'build', status: 'completed', conclusion: 'failure', runner_name: 'GitHub Actions 1' });
    expect(build.html_url).toBe(`https://github.com/${REPO}/actions/runs/4242/job/${build.id}`);
    expect(build.steps).toMatchObject([
      { name: 'Set up job', status: 'completed', conclusion: 'success', number: 1 },
      { name: 'Run port-ci', status: 'completed', conclusion: 'failure', number: 2 },
    ]);
    expect(deploy).toMatchObject({ status: 'in_progress', conclusion: null, completed_at: null });
    expect(deploy.steps[1]).toMatchObject({ name: 'Deploy', status: 'in_progress', conclusion: null, completed_at: null });
    expect(notify).toMatchObject({ status: 'queued', conclusion: null, runner_name: null });
    expect(build.id).toBeGreaterThan(2 ** 32);
  });

  it('upserts one job in place, keeping the others and their order, and creates runs played from outside', async () => {
    await start();
    const run = api!.createRun({ repo: REPO.toLowerCase(), workflow: 'deploy.yml', inputs: { service: 'checkout' } });
    expect(run).toMatchObject({ repo: REPO, name: 'Deploy', status: 'in_progress', conclusion: null, event: 'workflow_dispatch', head_branch: 'main' });
    expect((await call(`/repos/${REPO}/actions/runs/${run.id}`)).body).toMatchObject({ id: run.id, status: 'in_progress' });
    const build = api!.upsertJob(run.id, 1, { name: 'build', status: 'queued', conclusion: null });
    const deploy = api!.upsertJob(run.id, 1, { name: 'deploy', status: 'queued', conclusion: null });
    expect(api!.upsertJob(run.id, 1, { id: build, name: 'build', status: 'in_progress', conclusion: null, runner_name: 'act build', steps: [{ name: 'Set up job', status: 'in_progress', conclusion: null }] })).toBe(build);
    const { body } = await call(jobsPath(run.id));
    expect(body.jobs).toMatchObject([
      { id: build, name: 'build', status: 'in_progress', runner_name: 'act build', steps: [{ name: 'Set up job', status: 'in_progress', number: 1 }] },
      { id: deploy, name: 'deploy', status: 'queued', runner_name: null },
    ]);
    expect(() => api!.upsertJob(run.id, 1, { name: 'x', status: 'queued', conclusion: 'success' })).toThrow(RangeError);
    expect(() => api!.createRun({ repo: 'acme/other', workflow: 'deploy.yml' })).toThrow(/acme\/other is not configured; configured: Octo-Org\/deploy-repo/);
  });

  it('refuses a status that contradicts its conclusion', async () => {
    await start();
    expect(() => api!.setJobs(1, 1, [{ name: 'a', status: 'completed', conclusion: null }])).toThrow(RangeError);
    expect(() => api!.setJobs(1, 1, [{ name: 'a', status: 'in_progress', conclusion: 'success' }])).toThrow(RangeError);
    expect(() => api!.setJobs(1, 1, [{ name: 'a', steps: [{ name: 's', status: 'queued', conclusion: 'skipped' }] }])).toThrow(RangeError);
  });

  it('pages 30 by default, at most 100, with Link rel next/last/prev/first', async () => {
    await start();
    api!.setJobs(7, 2, Array.from({ length: 65 }, (_, i) => ({ name: `job ${i + 1}` })));
    const first = await call(jobsPath(7, 2));
    expect(first.body.jobs).toHaveLength(30);
    expect(first.body.total_count).toBe(65);
    const link = first.headers.get('link')!;
    expect(link).toBe(`<${api!.url}${jobsPath(7, 2)}?page=2>; rel="next", <${api!.url}${jobsPath(7, 2)}?page=3>; rel="last"`);
    const next = await call(new URL(/<([^>]+)>; rel="next"/.exec(link)![1]!).pathname + '?page=2');
    expect(next.headers.get('link')).toMatch(/rel="prev".*rel="next".*rel="last".*rel="first"/);
    const last = await call(jobsPath(7, 2, '?page=3'));
    expect(last.body.jobs.map((job: { name: string }) => job.name)).toEqual(['job 61', 'job 62', 'job 63', 'job 64', 'job 65']);
    expect(last.headers.get('link')).not.toMatch(/rel="next"/);
    const small = await call(jobsPath(7, 2, '?per_page=20&page=2'));
    expect(small.body.jobs[0].name).toBe('job 21');
    expect(small.headers.get('link')).toContain('per_page=20&page=3>; rel="next"');
    const capped = await call(jobsPath(7, 2, '?per_page=500'));
    expect(capped.body.jobs).toHaveLength(65);
    expect(capped.headers.get('link')).toBeNull();
  });

  it('serves an empty list for a dispatched run, and 404 for an attempt it has not had or a run unknown', async () => {
    await start();
    const { body } = await dispatch({ ...validDispatch, return_run_details: true });
    expect((await call(jobsPath(body.workflow_run_id))).body).toEqual({ total_count: 0, jobs: [] });
    expect((await call(jobsPath(body.workflow_run_id, 2))).status).toBe(404);
    expect((await call(jobsPath(99))).status).toBe(404);
  });
});

describe('token permissions', () => {
  it('refuses runs and jobs with 403 to a token without actions permission, but serves the repository', async () => {
    await start({ tokenPermissions: { actions: 'none' } });
    api!.setJobs(5, 1, [{ name: 'a' }]);
    for (const path of [`/repos/${REPO}/actions/runs/5/attempts/1/jobs`, `/repos/${REPO}/actions/runs`, `/repos/${REPO}/actions/runs/5`]) {
      expect(await call(path), path).toMatchObject({ status: 403, body: { message: 'Resource not accessible by integration' } });
    }
    expect((await dispatch(validDispatch)).status).toBe(403);
    expect((await call(`/repos/${REPO}`)).status).toBe(200);
  });

  it('lets a read-only token read jobs but not dispatch', async () => {
    await start({ tokenPermissions: { actions: 'read' } });
    api!.setJobs(5, 1, [{ name: 'a' }]);
    expect((await call(`/repos/${REPO}/actions/runs/5/attempts/1/jobs`)).status).toBe(200);
    expect(await dispatch(validDispatch)).toMatchObject({ status: 403, body: { message: 'Resource not accessible by integration' } });
  });
});

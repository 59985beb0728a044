import { afterEach, describe, expect, it } from 'vitest';
import { startGitLabApi, type GitLabApi, type GitLabApiOptions } from './gitlab-api.js';

/* Every rule of the local GitLab API, proven over real HTTP with fetch, as port-ci (or Port's agent) would meet it. */

const PATH = 'platform/deploy/service-a';
const ENCODED = encodeURIComponent(PATH);
const TRIGGER = `/api/v4/projects/${ENCODED}/trigger/pipeline`;
const [TRIGGER_TOKEN, READ_TOKEN, JOB_TOKEN] = ['glptt-trigger', 'glpat-read', 'glcbt-job'];
const BASE_OPTIONS: GitLabApiOptions = {
  projects: {
    [PATH]: { id: 42, triggerToken: TRIGGER_TOKEN, refs: ['main', 'release'] },
    'platform/locked': { id: 43, triggerToken: 'glptt-locked', refs: ['main'], restrictVariables: true },
  },
  readToken: READ_TOKEN,
  jobToken: JOB_TOKEN,
  lifecycle: { createdMs: 150, pendingMs: 150, runningMs: 150, status: 'failed' },
};
const valid = { token: TRIGGER_TOKEN, ref: 'main', variables: { service: 'api', replicas: '3' }, port_payload: { context: { runId: 'r_1' } } };

let api: GitLabApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function start(options: Partial<GitLabApiOptions> = {}): Promise<GitLabApi> {
  api = await startGitLabApi({ ...BASE_OPTIONS, ...options });
  return api;
}

async function call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const json = init.body !== undefined && typeof init.body !== 'string';
  const headers = { ...(json ? { 'content-type': 'application/json' } : {}), ...init.headers };
  const body = json ? JSON.stringify(init.body) : (init.body as string | undefined);
  const res = await fetch(api!.url + path, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  return { status: res.status, headers: res.headers, body: JSON.parse(await res.text()) as any };
}

const trigger = (body: unknown, path = TRIGGER) => call(path, { body });
const form = (text: string) => call(TRIGGER, { body: text, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
const read = (path: string, headers: Record<string, string> = { 'PRIVATE-TOKEN': READ_TOKEN }) => call(`/api/v4/projects/42${path}`, { headers });

async function until<T>(get: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (done(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('trigger pipeline', () => {
  it('answers 201 with a created pipeline and records the raw body, the parsed body, the content type and the pipeline', async () => {
    await start();
    const answer = await trigger(valid);
    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.body).toMatchObject({ iid: 1, project_id: 42, ref: 'main', status: 'created', source: 'trigger', tag: false });
    expect(answer.body.id).toBeGreaterThan(2 ** 31);
    expect(answer.body.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(answer.body.web_url).toBe(`${api!.url}/${PATH}/-/pipelines/${answer.body.id}`);
    for (const field of ['created_at', 'updated_at']) expect(Number.isNaN(Date.parse(answer.body[field]))).toBe(false);
    const [recorded] = api!.triggers;
    expect(recorded).toMatchObject({ project: PATH, rawBody: JSON.stringify(valid), contentType: 'application/json', body: valid, pipeline: answer.body });
    // GitLab's $TRIGGER_PAYLOAD: every parameter but the token, port_payload included, and the project id as given.
    expect(JSON.parse(recorded!.triggerPayload)).toEqual({ ref: 'main', variables: valid.variables, port_payload: valid.port_payload, id: PATH });
    expect((await trigger({ ...valid, ref: 'release' })).body.iid).toBe(2);
  });

  it('finds the project by numeric id or by encoded full path in any case, and answers an unencoded slash as an unknown route', async () => {
    await start();
    expect((await trigger(valid, '/api/v4/projects/42/trigger/pipeline')).status).toBe(201);
    expect((await trigger(valid, `/api/v4/projects/${encodeURIComponent('Platform/Deploy/Service-A')}/trigger/pipeline`)).status).toBe(201);
    expect(await trigger(valid, `/api/v4/projects/${PATH}/trigger/pipeline`)).toMatchObject({ status: 404, body: { error: '404 Not Found' } });
    expect(await trigger(valid, '/api/v4/projects/99/trigger/pipeline')).toMatchObject({ status: 404, body: { message: '404 Not Found' } });
  });

  it('reads form bodies with variables[KEY]=value as GitLab does, and a token in the query string', async () => {
    await start();
    const text = 'token=glptt-trigger&ref=main&variables[service]=api&variables%5Bnote%5D=a+b%26c';
    expect((await form(text)).status).toBe(201);
    expect(api!.triggers[0]).toMatchObject({ rawBody: text, contentType: 'application/x-www-form-urlencoded', body: { ref: 'main', variables: { service: 'api', note: 'a b&c' } } });
    expect((await call(`${TRIGGER}?token=${TRIGGER_TOKEN}`, { body: { ref: 'main' } })).status).toBe(201);
    // A JSON text sent as text/plain (fetch's default for a string) is not read at all.
    expect(await call(TRIGGER, { body: JSON.stringify(valid) })).toMatchObject({ status: 400, body: { error: 'ref is missing, token is missing' } });
  });

  it('accepts the configured CI job token as a multi-project trigger (source pipeline)', async () => {
    await start();
    expect(await trigger({ ...valid, token: JOB_TOKEN })).toMatchObject({ status: 201, body: { source: 'pipeline' } });
  });

  it.each([
    ['no token', { ref: 'main' }, 400, { error: 'token is missing' }],
    ['no ref', { token: TRIGGER_TOKEN }, 400, { error: 'ref is missing' }],
    ['neither', {}, 400, { error: 'ref is missing, token is missing' }],
    ['an empty ref', { token: TRIGGER_TOKEN, ref: '' }, 400, { error: 'ref is empty' }],
    ['variables that are not a map', { ...valid, variables: ['a'] }, 400, { error: 'variables is invalid' }],
    ['a number as a variable value', { ...valid, variables: { replicas: 3 } }, 400, { message: 'variables needs to be a map of key-valued strings' }],
    ['an object as a variable value', { ...valid, variables: { config: { a: 1 } } }, 400, { message: 'variables needs to be a map of key-valued strings' }],
    ['a wrong token', { ...valid, token: 'nope' }, 404, { message: '404 Not Found' }],
    ["another project's token", { ...valid, token: 'glptt-locked' }, 404, { message: '404 Not Found' }],
    ['an unknown ref', { ...valid, ref: 'nope' }, 400, { message: { base: ['Reference not found'] } }],
  ])('refuses %s', async (_case, body, status, answer) => {
    await start();
    expect(await trigger(body)).toEqual(expect.objectContaining({ status, body: answer }));
    expect(api!.triggers).toHaveLength(0);
    expect(api!.pipelines.size).toBe(0);
  });

  it('checks variable values before the token, as GitLab does', async () => {
    await start();
    expect((await trigger({ ...valid, token: 'nope', variables: { n: 1 } })).status).toBe(400);
  });

  it('refuses variables on a project that restricts them, but not an empty map, inputs or port_payload', async () => {
    await start();
    const locked = '/api/v4/projects/43/trigger/pipeline';
    const refused = await trigger({ token: 'glptt-locked', ref: 'main', variables: { a: 'b' } }, locked);
    expect(refused).toMatchObject({ status: 400, body: { message: { base: ['Insufficient permissions to set pipeline variables'] } } });
    const ok = await trigger({ token: 'glptt-locked', ref: 'main', variables: {}, inputs: { env: 'prod', replicas: 3 }, port_payload: {} }, locked);
    expect(ok.status).toBe(201);
    expect(api!.triggers[0]!.body).toMatchObject({ inputs: { env: 'prod', replicas: 3 } });
  });

  it('takes refs/heads/ and refs/tags/ prefixes off, and refuses a pipeline-hook request with 403', async () => {
    await start();
    expect(await trigger({ ...valid, ref: 'refs/heads/release' })).toMatchObject({ status: 201, body: { ref: 'release' } });
    expect((await call(TRIGGER, { body: valid, headers: { 'X-Gitlab-Event': 'Pipeline Hook' } })).status).toBe(403);
  });
});

describe('reading pipelines', () => {
  it('moves a pipeline created -> pending -> running -> its configured end, with timings', async () => {
    await start();
    const { id } = (await trigger(valid)).body;
    const get = async () => (await read(`/pipelines/${id}`)).body;
    expect(await get()).toMatchObject({ id, status: 'created', started_at: null, detailed_status: { group: 'created' } });
    expect((await until(get, (p) => p.status !== 'created')).status).toBe('pending');
    expect(await until(get, (p) => p.status === 'running')).toMatchObject({ finished_at: null });
    const done = await until(get, (p) => p.status === 'failed');
    expect(done).toMatchObject({ status: 'failed', detailed_status: { label: 'failed', text: 'Failed' } });
    expect(done.started_at).not.toBeNull();
    expect(done.finished_at).not.toBeNull();
    expect(api!.pipelines.get(id)!.status).toBe('failed');
  });

  it('authenticates with PRIVATE-TOKEN, Authorization: Bearer or JOB-TOKEN; a wrong token is 401 and none is 404 on a private project', async () => {
    await start();
    const { id } = (await trigger(valid)).body;
    for (const headers of [{ 'PRIVATE-TOKEN': READ_TOKEN }, { authorization: `Bearer ${READ_TOKEN}` }, { 'JOB-TOKEN': JOB_TOKEN }] as Record<string, string>[]) {
      expect((await read(`/pipelines/${id}`, headers)).status).toBe(200);
    }
    for (const headers of [{ 'PRIVATE-TOKEN': 'nope' }, { 'JOB-TOKEN': 'nope' }] as Record<string, string>[]) {
      expect(await read(`/pipelines/${id}`, headers)).toMatchObject({ status: 401, body: { message: '401 Unauthorized' } });
    }
    expect(await read(`/pipelines/${id}`, {})).toMatchObject({ status: 404, body: { message: '404 Project Not Found' } });
  });

  it("answers 404 for an unknown pipeline or another project's, and 400 for a pipeline id that is not a number", async () => {
    await start();
    const { id } = (await trigger(valid)).body;
    expect(await read('/pipelines/1')).toMatchObject({ status: 404, body: { message: '404 Not found' } });
    expect((await call(`/api/v4/projects/43/pipelines/${id}`, { headers: { 'PRIVATE-TOKEN': READ_TOKEN } })).status).toBe(404);
    expect(await read('/pipelines/abc')).toMatchObject({ status: 400, body: { error: 'pipeline_id is invalid' } });
  });
});

describe('listing pipeline jobs', () => {
  it('lists the jobs set for a pipeline, filtered by scope[] and paginated with GitLab headers', async () => {
    await start();
    const { id } = (await trigger(valid)).body;
    api!.setJobs(id, [{ name: 'build', stage: 'build' }, { name: 'unit', stage: 'test', status: 'failed' }, { name: 'lint', stage: 'test', status: 'failed' }, { name: 'deploy', stage: 'deploy', status: 'skipped' }]);
    const failed = await read(`/pipelines/${id}/jobs?scope[]=failed&per_page=100`);
    expect(failed.status).toBe(200);
    expect(failed.body.map((job: any) => [job.name, job.stage, job.status])).toEqual([['unit', 'test', 'failed'], ['lint', 'test', 'failed']]);
    expect(failed.body[0]).toMatchObject({ failure_reason: 'script_failure', pipeline: { id, project_id: 42 } });
    expect(failed.body[0].id).toBeGreaterThan(2 ** 31);
    expect(failed.headers.get('x-total')).toBe('2');
    const two = await read(`/pipelines/${id}/jobs?scope%5B%5D=failed&scope[]=skipped&per_page=2`);
    expect(two.body).toHaveLength(2);
    expect(two.headers.get('x-next-page')).toBe('2');
    expect(two.headers.get('link')).toContain('rel="next"');
    expect((await read(`/pipelines/${id}/jobs`)).body).toHaveLength(4);
    expect(await read(`/pipelines/${id}/jobs?scope=broken`)).toMatchObject({ status: 400, body: { error: 'scope does not have a valid value' } });
  });

  it('refuses a job token with 403 unless it has the fine-grained permission', async () => {
    await start();
    const { id } = (await trigger(valid)).body;
    expect(await read(`/pipelines/${id}/jobs`, { 'JOB-TOKEN': JOB_TOKEN })).toMatchObject({ status: 403, body: { message: '403 Forbidden' } });
    await api!.close();
    await start({ jobTokenCanReadJobs: true });
    const again = (await trigger(valid)).body;
    expect((await read(`/pipelines/${again.id}/jobs`, { 'JOB-TOKEN': JOB_TOKEN })).status).toBe(200);
  });

  it('serves jobs of a pipeline it did not create (a gitlab-ci-local pipeline) under any project', async () => {
    await start();
    api!.setJobs(7, [{ name: 'unit', stage: 'test', status: 'failed' }]);
    expect((await read('/pipelines/7/jobs?scope[]=failed')).body).toMatchObject([{ name: 'unit', stage: 'test' }]);
    expect((await read('/pipelines/7')).status).toBe(404);
  });
});

describe('routes, faults, latency and the request log', () => {
  it('answers unknown routes 404 and wrong methods 405, always as JSON', async () => {
    await start();
    for (const path of ['/', '/api/v4/projects', '/api/v4/projects/42/pipelines']) {
      const answer = await call(path);
      expect(answer, path).toMatchObject({ status: 404, body: { error: '404 Not Found' } });
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    }
    expect(await call(TRIGGER)).toMatchObject({ status: 405, body: { error: '405 Not Allowed' } });
  });

  it('answers the next requests with the failNext status, then serves again', async () => {
    await start();
    api!.failNext(2, 502);
    expect(await trigger(valid)).toMatchObject({ status: 502, body: { message: '502 Bad Gateway' } });
    expect((await trigger(valid)).status).toBe(502);
    expect((await trigger(valid)).status).toBe(201);
    expect(api!.triggers).toHaveLength(1);
    expect(() => api!.failNext(1, 200)).toThrow(RangeError);
  });

  it('delays every answer by latencyMs', async () => {
    await start({ latencyMs: 150 });
    const began = Date.now();
    await trigger(valid);
    expect(Date.now() - began).toBeGreaterThanOrEqual(140);
  });

  it('records every request with its raw body and the status answered, refused triggers included', async () => {
    await start();
    await call(TRIGGER, { body: '{not json', headers: { 'content-type': 'application/json' } });
    await read('/pipelines/1?x=1');
    expect(api!.requests).toMatchObject([
      { method: 'POST', path: TRIGGER, body: '{not json', status: 400 },
      { method: 'GET', path: '/api/v4/projects/42/pipelines/1', query: { x: '1' }, body: '', status: 404 },
    ]);
    expect(api!.requests[1]!.headers['private-token']).toBe(READ_TOKEN);
    expect(api!.apiUrl).toBe(`${api!.url}/api/v4`);
  });
});

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INTENT_MARK, SENT_MARK, createRunHandler, type RunHandlerConfig } from '../../src/agent/handler.js';
import { FOLLOW_MARK, LET_GO_MARK } from '../../src/agent/follow-targets.js';
import { parseMapping } from '../../src/agent/mapping.js';
import type { RecordOrigin } from '../../src/agent/types.js';
import { UsageError, signWebhook } from '../../src/core/index.js';
import { createJqEngine } from '../../src/jq/engine.js';
import { PortClient } from '../../src/port/client.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { startGitHubApi, type GitHubApi } from '../support/github-api.js';
import { startGitLabApi, type GitLabApi } from '../support/gitlab-api.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

/*
 * The run handler with --follow, over real HTTP: the sandbox as Port, the local GitLab and GitHub APIs, and webhook
 * servers that answer 202 with a Location. Pipelines and workflow runs are given lifecycles longer than any test,
 * and each test ends them itself by editing the server's record, so what is followed ends when the test says.
 */

const SECRET = SANDBOX_CLIENT_SECRET;
const TRIGGER_TOKEN = 'glptt-trigger-0123456789';
const READ_TOKEN = 'glpat-read-api-0123456789abcdef';
const GITHUB_TOKEN = 'ghp_dispatch0123456789abcdefABCDEF';
/** The local GitLab's first pipeline id (test/support/gitlab-api.ts): each test has a server of its own. */
const PIPELINE = 3_000_000_001;
const FOREVER = 3_600_000;
const FAST = { deadlineMs: 1_000, baseDelayMs: 20, maxDelayMs: 100, attemptTimeoutMs: 500 };

const engine = createJqEngine();
afterAll(() => engine.close());

let sandbox: Sandbox;
let gitlab: GitLabApi;
const closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  sandbox = await startSandbox();
  gitlab = await startGitLabApi({
    readToken: READ_TOKEN,
    lifecycle: { createdMs: 10, pendingMs: 10, runningMs: FOREVER, status: 'success' },
    projects: { 'org/sub/svc': { id: 42, triggerToken: TRIGGER_TOKEN, refs: ['main'] } },
  });
  closers.push(() => sandbox.close(), () => gitlab.close());
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function portClient(): PortClient {
  return new PortClient({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: SECRET, policy: { deadlineMs: 1_000, baseDelayMs: 20, maxDelayMs: 100, attemptTimeoutMs: 500 } });
}

/** A handler as `port-ci agent --follow` makes it, looking every 30 ms; a new one is a new agent process. */
function handler(config: Partial<RunHandlerConfig> = {}, follow: Partial<NonNullable<RunHandlerConfig['follow']>> = {}) {
  const env = { GITLAB_URL: `${gitlab.url}/`, org_sub_svc: TRIGGER_TOKEN, GITHUB_TOKEN };
  return createRunHandler(
    { clientSecret: SECRET, env, secrets: [TRIGGER_TOKEN, GITHUB_TOKEN], follow: { pollMs: 30, limitMs: 60_000, gitlabToken: READ_TOKEN, policy: FAST, ...follow }, ...config },
    { port: portClient(), engine },
  );
}

function runMessage(runId: string, invocationMethod: Record<string, unknown>): Record<string, unknown> {
  return {
    action: 'deploy',
    resourceType: 'run',
    status: 'TRIGGERED',
    trigger: { by: { orgId: 'org_1', userId: 'auth0|1', user: { email: 'a@b.c' } }, origin: 'UI', at: '2026-01-01T00:00:00.000Z' },
    context: { entity: null, blueprint: 'service', runId },
    payload: { entity: null, action: { identifier: 'deploy', trigger: 'CREATE', invocationMethod }, properties: { service: 'web' }, censoredProperties: [] },
  };
}

function signed(message: Record<string, unknown>): Buffer {
  const headers = signWebhook(JSON.stringify({ ...message, headers: {} }), SECRET, 1_767_225_600);
  return Buffer.from(JSON.stringify({ ...message, headers }));
}

const GITLAB_METHOD = { type: 'GITLAB', agent: true, groupName: 'org/sub', projectName: 'svc' };
let offset = 0;
const origin = (): RecordOrigin => ({ topic: 'org_1.runs', partition: 0, offset: String(offset++) });
const logsOf = (runId: string) => sandbox.runs.get(runId)!.logs.map((log) => log.message);
const sentToPort = () => JSON.stringify(sandbox.requests.map((request) => request.body));

async function until(what: string, condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 10_000) throw new Error(`waited 10 s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Hands a GitLab run on and waits until the follow has seen its pipeline running. */
async function gitlabRunFollowed(agent = handler(), signal = new AbortController().signal) {
  const run = sandbox.createRun();
  const record = signed(runMessage(run.id, GITLAB_METHOD));
  const at = origin();
  const result = await agent.handle(record, at, signal);
  await until('the pipeline to be seen running', () => logsOf(run.id).some((line) => line.includes(`GitLab pipeline ${PIPELINE} is running`)));
  return { run, record, at, result };
}

function endPipeline(status: 'success' | 'failed' | 'canceled'): void {
  Object.assign(gitlab.pipelines.get(PIPELINE)!, { status, finished_at: new Date().toISOString() });
}

describe('following a GitLab pipeline', () => {
  it('ends the run SUCCESS when the pipeline succeeds, telling the log what runs; no token reaches Port', async () => {
    gitlab.setJobs(PIPELINE, [
      { name: 'compile', stage: 'build', status: 'running' },
      { name: 'image', stage: 'build', status: 'running' },
    ]);
    const { run, result } = await gitlabRunFollowed();
    expect(result).toMatchObject({ outcome: 'handed-on', runId: run.id, detail: expect.stringMatching(new RegExp(`HTTP 201; following GitLab pipeline ${PIPELINE} of org/sub/svc$`)) });
    expect(result.following).toBeInstanceOf(Promise);
    endPipeline('success');
    await result.following;
    expect(sandbox.runs.get(run.id)).toMatchObject({ status: 'SUCCESS', summary: `GitLab pipeline ${PIPELINE} succeeded`, link: gitlab.triggers[0]!.pipeline.web_url });
    const logs = logsOf(run.id);
    expect(logs[0]).toMatch(new RegExp(`^${INTENT_MARK}`));
    expect(logs[1]).toBe(`${FOLLOW_MARK}GitLab pipeline ${PIPELINE} of org/sub/svc (${gitlab.url}/org/sub/svc/-/pipelines/${PIPELINE}) until it ends, looking every 30 ms for at most 1 min`);
    expect(logs[2]).toMatch(new RegExp(`^${SENT_MARK}GITLAB at .*: HTTP 201$`));
    expect(logs).toContain(`port-ci agent: GitLab pipeline ${PIPELINE} is running (stage build: compile, image)`);
    expect(logs.at(-1)).toBe(`port-ci agent: GitLab pipeline ${PIPELINE} ended: success`);
    // The pipeline was read with the read token; the trigger token only triggered.
    const reads = gitlab.requests.filter((request) => request.method === 'GET');
    expect(reads.length).toBeGreaterThan(1);
    for (const read of reads) expect(read.headers['private-token']).toBe(READ_TOKEN);
    expect(gitlab.triggers).toHaveLength(1);
    expect(sentToPort()).not.toContain(READ_TOKEN);
    expect(sentToPort()).not.toContain(TRIGGER_TOKEN);
  });

  it('ends the run FAILURE naming the failed stage and jobs', async () => {
    gitlab.setJobs(PIPELINE, [
      { name: 'compile', stage: 'build', status: 'success' },
      { name: 'unit', stage: 'test', status: 'failed' },
      { name: 'lint', stage: 'test', status: 'failed' },
    ]);
    const { run, result } = await gitlabRunFollowed();
    endPipeline('failed');
    await result.following;
    expect(sandbox.runs.get(run.id)).toMatchObject({ status: 'FAILURE', summary: `GitLab pipeline ${PIPELINE} failed in stage test (jobs unit, lint)` });
    expect(logsOf(run.id).at(-1)).toBe(`port-ci agent: GitLab pipeline ${PIPELINE} ended: failed`);
  });

  it('ends the run FAILURE saying the pipeline was canceled', async () => {
    const { run, result } = await gitlabRunFollowed();
    endPipeline('canceled');
    await result.following;
    expect(sandbox.runs.get(run.id)).toMatchObject({ status: 'FAILURE', summary: `GitLab pipeline ${PIPELINE} was canceled` });
  });

  it('stops when the run in Port has ended meanwhile, and writes nothing over it', async () => {
    const { run, result } = await gitlabRunFollowed();
    // The pipeline reported itself, as a port-ci report step in it does.
    await portClient().updateRun(run.id, { status: 'SUCCESS', summary: 'reported by the pipeline' });
    const writes = () => sandbox.requests.filter((request) => request.method !== 'GET' && request.path.includes(run.id)).length;
    const before = writes();
    await result.following;
    expect(gitlab.pipelines.get(PIPELINE)!.status).toBe('running');
    expect(sandbox.runs.get(run.id)).toMatchObject({ status: 'SUCCESS', summary: 'reported by the pipeline' });
    expect(writes()).toBe(before);
  });

  it('lets go when aborted, touching nothing; a new agent given the record again follows from the run\'s log, sending nothing', async () => {
    const first = new AbortController();
    const { run, record, at, result } = await gitlabRunFollowed(handler(), first.signal);
    first.abort();
    await result.following;
    const logsAtAbort = logsOf(run.id);
    expect(sandbox.runs.get(run.id)!.status).toBe('IN_PROGRESS');
    expect(logsAtAbort.some((line) => line.startsWith(LET_GO_MARK))).toBe(false);

    // The process that took it over knows only what Port shows.
    const again = await handler().handle(record, at, new AbortController().signal);
    expect(again).toMatchObject({ outcome: 'duplicate', detail: `the run shows it was handed on already: not sent again; following GitLab pipeline ${PIPELINE} of org/sub/svc` });
    gitlab.setJobs(PIPELINE, [{ name: 'deploy', stage: 'deploy', status: 'failed' }]);
    endPipeline('failed');
    await again.following;
    expect(sandbox.runs.get(run.id)).toMatchObject({ status: 'FAILURE', summary: `GitLab pipeline ${PIPELINE} failed in stage deploy (job deploy)` });
    expect(gitlab.triggers).toHaveLength(1);
    const logs = logsOf(run.id);
    expect(logs.filter((line) => line.startsWith(FOLLOW_MARK))).toHaveLength(1);
    expect(logs.filter((line) => line.includes('ended:'))).toHaveLength(1);
    // Delivered once more after it ended: nothing sent, nothing followed.
    const late = await handler().handle(record, at, new AbortController().signal);
    expect(late).toMatchObject({ outcome: 'duplicate', detail: 'the run has ended (FAILURE): not sent' });
    expect(late.following).toBeUndefined();
  });

  it('takes the follow up from a follow line without the hand-on after it (an agent that died between the two)', async () => {
    const first = new AbortController();
    const { run, record, at, result } = await gitlabRunFollowed(handler(), first.signal);
    first.abort();
    await result.following;
    const stored = sandbox.runs.get(run.id)!;
    stored.logs = stored.logs.filter((log) => !log.message.startsWith(SENT_MARK) && !log.message.includes('is running'));
    const again = await handler().handle(record, at, new AbortController().signal);
    expect(again).toMatchObject({ outcome: 'duplicate', detail: expect.stringMatching(/^the run shows what the backend started: not sent again; following GitLab pipeline/) });
    endPipeline('success');
    await again.following;
    expect(sandbox.runs.get(run.id)!.status).toBe('SUCCESS');
    expect(gitlab.triggers).toHaveLength(1);
  });

  it('a record seen again while this process follows its run shares that follow', async () => {
    const agent = handler();
    const { run, record, at, result } = await gitlabRunFollowed(agent);
    const again = await agent.handle(record, at, new AbortController().signal);
    expect(again.outcome).toBe('duplicate');
    expect(again.following).toBe(result.following);
    endPipeline('success');
    await again.following;
    expect(logsOf(run.id).filter((line) => line.includes('ended:'))).toHaveLength(1);
  });

  it('many runs followed at once share the looks-a-second budget: the interval stretches instead of GitLab taking more reads', async () => {
    // Five runs looked at every 10 ms would be 500 reads a second; a budget of 10 looks a second stretches each
    // run's interval to 500 ms.
    const agent = handler({}, { pollMs: 10, looksPerSecond: 10 });
    const results = [];
    for (let index = 0; index < 5; index++) {
      const run = sandbox.createRun();
      results.push(await agent.handle(signed(runMessage(run.id, GITLAB_METHOD)), origin(), new AbortController().signal));
    }
    const reads = () => gitlab.requests.filter((request) => request.method === 'GET' && /\/pipelines\/\d+$/.test(request.path)).length;
    const before = reads();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const taken = reads() - before;
    // About 15 at the budget, against about 750 at the interval alone; the bound leaves room for a slow machine.
    expect(taken).toBeGreaterThan(0);
    expect(taken).toBeLessThan(60);
    for (const id of gitlab.pipelines.keys()) Object.assign(gitlab.pipelines.get(id)!, { status: 'success', finished_at: new Date().toISOString() });
    await Promise.all(results.map((result) => result.following));
  });

  it('after the limit says so on the log and leaves the run as it is; a later delivery does not take it up', async () => {
    const agent = handler({}, { limitMs: 300 });
    const run = sandbox.createRun();
    const record = signed(runMessage(run.id, GITLAB_METHOD));
    const at = origin();
    const result = await agent.handle(record, at, new AbortController().signal);
    await result.following;
    expect(gitlab.pipelines.get(PIPELINE)!.status).toBe('running');
    expect(sandbox.runs.get(run.id)!.status).toBe('IN_PROGRESS');
    expect(logsOf(run.id).at(-1)).toBe(`${LET_GO_MARK}GitLab pipeline ${PIPELINE} of org/sub/svc after 300 ms (the follow limit, --follow-limit); the run is left as it is`);
    const again = await handler().handle(record, at, new AbortController().signal);
    expect(again).toMatchObject({ outcome: 'duplicate', detail: expect.stringContaining("not followed again: an earlier delivery let go of it (see the run's log)") });
    expect(again.following).toBeUndefined();
  });

  it('a GitLab that cannot be read for a while is told once on the log, and the follow goes on', async () => {
    // Each look gives up within 200 ms, so that many looks fail while GitLab is away.
    const { run, result } = await gitlabRunFollowed(handler({}, { policy: { ...FAST, deadlineMs: 200 } }));
    const failedReads = () => gitlab.requests.filter((request) => request.status === 503).length;
    gitlab.failNext(100_000, 503);
    await until('several looks to fail', () => failedReads() >= 40);
    gitlab.failNext(0);
    endPipeline('success');
    await result.following;
    expect(sandbox.runs.get(run.id)!.status).toBe('SUCCESS');
    const told = logsOf(run.id).filter((line) => line.includes('could not be read'));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(new RegExp(`^port-ci agent: GitLab pipeline ${PIPELINE} of org/sub/svc could not be read \\(Could not read pipeline ${PIPELINE} of org/sub/svc: GitLab answered 503; gave up after .*\\); looking again$`));
  });

  it('taken up after its limit has passed, a pipeline that has ended meanwhile still ends the run', async () => {
    const first = new AbortController();
    const { run, record, at, result } = await gitlabRunFollowed(handler(), first.signal);
    first.abort();
    await result.following;
    endPipeline('canceled');
    const again = await handler({}, { limitMs: 1 }).handle(record, at, new AbortController().signal);
    await again.following;
    expect(sandbox.runs.get(run.id)).toMatchObject({ status: 'FAILURE', summary: `GitLab pipeline ${PIPELINE} was canceled` });
  });

  it('a read token GitLab refuses: lets go saying so, leaving the run, and the token reaches Port nowhere', async () => {
    const wrong = 'glpat-not-a-valid-token-987654';
    const run = sandbox.createRun();
    const result = await handler({}, { gitlabToken: wrong }).handle(signed(runMessage(run.id, GITLAB_METHOD)), origin(), new AbortController().signal);
    await result.following;
    expect(sandbox.runs.get(run.id)!.status).toBe('IN_PROGRESS');
    expect(logsOf(run.id).at(-1)).toMatch(new RegExp(`^${LET_GO_MARK}GitLab pipeline ${PIPELINE} of org/sub/svc: Could not read pipeline ${PIPELINE} of org/sub/svc: GitLab answered 401 .*; the run is left as it is$`));
    expect(sentToPort()).not.toContain(wrong);
  });

  it('a Port that cannot be reached when the pipeline ends: the end is written once Port is back', async () => {
    const { run, result } = await gitlabRunFollowed();
    const refused = () => sandbox.requests.filter((request) => request.status === 503 && request.method === 'POST').length;
    sandbox.failNext(100_000, 503);
    endPipeline('success');
    // Port refuses the end's writes for longer than one call's retries; then it is back.
    await until('the end to be refused', () => refused() >= 3);
    sandbox.failNext(0);
    await result.following;
    expect(sandbox.runs.get(run.id)).toMatchObject({ status: 'SUCCESS', summary: `GitLab pipeline ${PIPELINE} succeeded` });
  });

  it('without a read token, --follow is refused at start when the mapping triggers GitLab pipelines', () => {
    const agent = () => createRunHandler({ clientSecret: SECRET, env: {}, follow: { pollMs: 1_000, limitMs: 60_000 } }, { port: portClient(), engine });
    expect(agent).toThrow(UsageError);
    expect(agent).toThrow(
      '--follow: the built-in mapping triggers GitLab pipelines, and following one needs a token that can read it (trigger tokens cannot): set PORT_GITLAB_TOKEN or GITLAB_TOKEN to a token with read_api on those projects, or leave --follow out',
    );
    const webhooksOnly = parseMapping('[{"enabled": true}]', 'mapping.json');
    expect(() => createRunHandler({ clientSecret: SECRET, env: {}, mapping: webhooksOnly, follow: { pollMs: 1_000, limitMs: 60_000 } }, { port: portClient(), engine })).not.toThrow();
  });
});

describe('following a GitHub workflow run', () => {
  let github: GitHubApi;
  beforeEach(async () => {
    github = await startGitHubApi({
      token: GITHUB_TOKEN,
      repos: { 'acme/app': { defaultBranch: 'main', workflows: { 'deploy.yml': { inputs: { port_payload: { required: true } }, runLifecycle: { queuedMs: 10, runningMs: FOREVER, conclusion: 'success' } } } } },
    });
    closers.push(() => github.close());
  });

  /** A mapping entry that dispatches the workflow itself, as a WEBHOOK action through the agent. */
  function dispatchMapping(returnRunDetails: boolean) {
    return parseMapping(
      JSON.stringify([
        {
          enabled: true,
          url: `"${github.url}/repos/acme/app/actions/workflows/deploy.yml/dispatches"`,
          headers: { Authorization: '"Bearer " + env.GITHUB_TOKEN', Accept: '"application/vnd.github+json"' },
          body: { ref: '"main"', inputs: { port_payload: 'tojson' }, ...(returnRunDetails ? { return_run_details: true } : {}) },
        },
      ]),
      'mapping.json',
    );
  }

  async function followed(conclusion: 'success' | 'failure') {
    const run = sandbox.createRun();
    const result = await handler({ mapping: dispatchMapping(true) }).handle(signed(runMessage(run.id, { type: 'WEBHOOK', agent: true })), origin(), new AbortController().signal);
    expect(github.dispatches).toHaveLength(1);
    const runId = github.dispatches[0]!.runId;
    expect(result).toMatchObject({ outcome: 'handed-on', detail: expect.stringMatching(new RegExp(`HTTP 200; following GitHub workflow run ${runId} of acme/app$`)) });
    await until('the workflow run to be seen in progress', () => logsOf(run.id).includes(`port-ci agent: GitHub workflow run ${runId} is in progress`));
    github.setJobs(runId, 1, [
      { name: 'build', conclusion },
      { name: 'lint', conclusion: 'success' },
    ]);
    Object.assign(github.runs.get(runId)!, { status: 'completed', conclusion });
    await result.following;
    return { run: sandbox.runs.get(run.id)!, runId };
  }

  it('ends the run SUCCESS when the workflow run succeeds, read with the dispatch\'s own Authorization', async () => {
    const { run, runId } = await followed('success');
    expect(run).toMatchObject({ status: 'SUCCESS', summary: `GitHub workflow run ${runId} succeeded` });
    expect(run.logs[1]!.message).toBe(`${FOLLOW_MARK}GitHub workflow run ${runId} of acme/app (https://github.com/acme/app/actions/runs/${runId}) until it ends, looking every 30 ms for at most 1 min`);
    const reads = github.requests.filter((request) => request.method === 'GET' && request.path === `/repos/acme/app/actions/runs/${runId}`);
    expect(reads.length).toBeGreaterThan(1);
    for (const read of reads) expect(read.headers.authorization).toBe(`Bearer ${GITHUB_TOKEN}`);
    expect(sentToPort()).not.toContain(GITHUB_TOKEN);
  });

  it('ends the run FAILURE naming the failed jobs', async () => {
    const { run, runId } = await followed('failure');
    expect(run).toMatchObject({ status: 'FAILURE', summary: `GitHub workflow run ${runId} concluded failure (failed job: build)` });
  });

  it('a dispatch without return_run_details has nothing to follow, and the hand-on says what to add', async () => {
    const run = sandbox.createRun();
    const result = await handler({ mapping: dispatchMapping(false) }).handle(signed(runMessage(run.id, { type: 'WEBHOOK', agent: true })), origin(), new AbortController().signal);
    expect(result.following).toBeUndefined();
    expect(logsOf(run.id).at(-1)).toMatch(/: HTTP 204; nothing to follow: GitHub answered 204 without the run's details: send "return_run_details": true in the dispatch's body$/);
  });
});

describe('following a webhook', () => {
  it('a synchronized webhook\'s answer ends the run at once: nothing is followed', async () => {
    const receiver = await startWebhookReceiver();
    closers.push(() => receiver.close());
    const run = sandbox.createRun();
    const result = await handler().handle(signed(runMessage(run.id, { type: 'WEBHOOK', agent: true, synchronized: true, url: receiver.url })), origin(), new AbortController().signal);
    expect(result).toEqual({ outcome: 'handed-on', runId: run.id, detail: `${SENT_MARK}WEBHOOK at ${receiver.url}/: HTTP 200` });
    expect(sandbox.runs.get(run.id)!.status).toBe('SUCCESS');
    expect(logsOf(run.id).some((line) => line.startsWith(FOLLOW_MARK))).toBe(false);
  });

  /** A service in the asynchronous request-reply pattern: 202 and a Location to ask, until `finish` says how it ended. */
  async function startAsyncService(query = '') {
    const seen: IncomingHttpHeaders[] = [];
    let final: { status: number; body: unknown } | undefined;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.method === 'POST') return res.writeHead(202, { location: `/deploy/7/status${query}` }).end();
        seen.push(req.headers);
        const answer = final ?? { status: 202, body: { message: 'rolling out' } };
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, seen, finish: (status: number, body: unknown) => void (final = { status, body }) };
  }

  const withKey = parseMapping(JSON.stringify([{ enabled: true, headers: { Authorization: '"Bearer hook-key-0123456789"' } }]), 'mapping.json');

  it('202 with a Location: asks it, with the request\'s credentials, until it answers; 2xx ends the run SUCCESS with its summary', async () => {
    const service = await startAsyncService();
    const run = sandbox.createRun();
    const result = await handler({ mapping: withKey, secrets: ['hook-key-0123456789'] }).handle(signed(runMessage(run.id, { type: 'WEBHOOK', agent: true, url: `${service.url}/deploy` })), origin(), new AbortController().signal);
    expect(result.detail).toMatch(new RegExp(`HTTP 202; following the status URL ${service.url}/deploy/7/status$`));
    await until('the status URL to be asked', () => logsOf(run.id).includes('port-ci agent: the status URL still answers 202 Accepted (rolling out)'));
    service.finish(200, { summary: 'web rolled out to staging' });
    await result.following;
    expect(sandbox.runs.get(run.id)).toMatchObject({ status: 'SUCCESS', summary: 'The status URL answered HTTP 200: web rolled out to staging' });
    for (const headers of service.seen) expect(headers.authorization).toBe('Bearer hook-key-0123456789');
    expect(sentToPort()).not.toContain('hook-key-0123456789');
  });

  it('an answer other than 2xx ends the run FAILURE with what it said', async () => {
    const service = await startAsyncService();
    const run = sandbox.createRun();
    const result = await handler().handle(signed(runMessage(run.id, { type: 'WEBHOOK', agent: true, url: `${service.url}/deploy` })), origin(), new AbortController().signal);
    service.finish(409, { message: 'replica quota exceeded' });
    await result.following;
    expect(sandbox.runs.get(run.id)).toMatchObject({ status: 'FAILURE', summary: 'The status URL answered HTTP 409: replica quota exceeded' });
  });

  it('a credential in the Location\'s query never reaches Port, so after a restart that follow cannot be taken up, and says so', async () => {
    const service = await startAsyncService('?code=fn-key-0123456789abcdef');
    const run = sandbox.createRun();
    const record = signed(runMessage(run.id, { type: 'WEBHOOK', agent: true, url: `${service.url}/deploy` }));
    const at = origin();
    const first = new AbortController();
    const result = await handler().handle(record, at, first.signal);
    await until('the status URL to be asked', () => service.seen.length > 0);
    first.abort();
    await result.following;
    expect(logsOf(run.id)[1]).toBe(`${FOLLOW_MARK}the status URL ${service.url}/deploy/7/status?code=*** until it answers other than 202 Accepted, looking every 30 ms for at most 1 min`);
    const again = await handler().handle(record, at, new AbortController().signal);
    expect(again).toMatchObject({ outcome: 'duplicate', detail: expect.stringContaining('not followed again: the status URL carries a credential in its query, which the log does not keep') });
    expect(again.following).toBeUndefined();
    expect(sentToPort()).not.toContain('fn-key-0123456789abcdef');
  });
});

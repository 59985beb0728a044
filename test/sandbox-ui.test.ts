import { readFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { RUNS_PER_PAGE } from '../src/sandbox/list-page.js';
import { LOG_PAGE_CHARS, LOG_PAGE_LINES } from '../src/sandbox/run-page.js';
import { startSandbox, type RunLog, type Sandbox, type SandboxOptions } from '../src/sandbox/server.js';

/*
 * The sandbox's pages over real HTTP: the runs list, a run's page, and the JSON the pages' script polls.
 * test/e2e/sandbox-browser.test.ts drives the same pages in Chromium.
 */

const open: Sandbox[] = [];
let api: Sandbox;
let token: string;

async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  api = await startSandbox({ runs: [], ...options });
  open.push(api);
  token = api.issueToken();
  return api;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((each) => each.close()));
});

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

async function get(path: string) {
  const response = await fetch(`${api.url}${path}`);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, bytes: Buffer.byteLength(text) };
}

async function getJson(path: string) {
  const answer = await get(path);
  return { ...answer, json: JSON.parse(answer.text) as Record<string, any> };
}

/** A run made as a job makes one: created through the API, then logs posted. */
async function apiRun(action = 'deploy_service', body: Record<string, unknown> = { properties: {} }): Promise<string> {
  return (await call('POST', `/v1/actions/${action}/runs`, body)).json.run.id as string;
}

const example = (file: string) => JSON.parse(readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;
/** The example deploy_service (a DAY-2 action on a service) and the entity it acts on. */
const EXAMPLES = { actions: [example('actions/deploy-service.v2.json')], entities: [example('entities/checkout-api.json')] };
const log = (message: string): RunLog => ({ message, at: '2026-01-01T00:00:00.000Z' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const HOSTILE = '<script>alert(1)</script>';

describe('sandbox pages: escaping', () => {
  it('escapes every string a client sent, on the list and on the run page, and links only http(s) URLs', async () => {
    await sandbox({ runs: ['r1'] });
    await call('PATCH', '/v1/actions/runs/r1', {
      link: ['javascript:alert(1)', `https://ok.example/?a=1&b="${HOSTILE}"`, `"><script>alert(2)</script>`],
      summary: HOSTILE,
      statusLabel: HOSTILE,
      externalRunId: HOSTILE,
    });
    await call('POST', '/v1/actions/runs/r1/logs', { message: `<img src=x onerror=alert(4)>${HOSTILE}`, statusLabel: `'"><img src=x onerror=alert(3)>` });
    api.createRun('r_<b>bold</b>', { action: HOSTILE });

    const list = await get('/');
    const page = await get('/runs/r1');
    const other = await get(`/runs/${encodeURIComponent('r_<b>bold</b>')}`);
    for (const { headers, text } of [list, page, other]) {
      expect(headers.get('content-type')).toMatch(/^text\/html/);
      // No inline script or style at all: only the sandbox's own files.
      expect(headers.get('content-security-policy')).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      );
      expect(text.replace('<script src="/ui/sandbox.js" defer></script>', '')).not.toMatch(/<script|<img|<b>|<style| style=/i);
      expect(text).not.toMatch(/href="javascript:/i);
    }
    expect(list.text).toContain('r_&lt;b&gt;bold&lt;/b&gt;');
    expect(list.text).toContain(`href="/runs/r_%3Cb%3Ebold%3C%2Fb%3E"`);
    expect(list.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;'); // the action and the label
    expect(list.text).toContain('&#39;&quot;&gt;&lt;img src=x onerror=alert(3)&gt;'); // the log's label became the run's
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).toContain('<li>javascript:alert(1)</li>'); // shown, as text
    expect(page.text).toContain('<a href="https://ok.example/?a=1&amp;b=&quot;&lt;script&gt;');
    expect(page.text).toContain('&lt;img src=x onerror=alert(4)&gt;&lt;script&gt;');
    expect(other.text).toContain('<h1>Run <code>r_&lt;b&gt;bold&lt;/b&gt;</code>');
    expect(other.text).toContain('data-run="r_&lt;b&gt;bold&lt;/b&gt;"');
  });

  it('answers an unknown run with a 404 page that names it, escaped', async () => {
    await sandbox();
    const missing = await get(`/runs/${encodeURIComponent(HOSTILE)}`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/html/);
    expect(missing.text).toContain('<h1>Run not found</h1><p>No run with id &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; is in this sandbox.</p>');
    expect((await get('/runs/%E0%A4%A')).status).toBe(404); // not even UTF-8
    expect((await getJson('/ui/runs/nope/logs')).json).toEqual({ ok: false, error: 'not_found', message: 'No run with id "nope" is in this sandbox.' });
  });

  it('serves one script that builds the page from text, never markup, and parses as JavaScript', async () => {
    await sandbox();
    const script = await get('/ui/sandbox.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(() => new Script(script.text)).not.toThrow();
    expect(script.text).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    expect(script.text).toContain('textContent');
    expect((await get('/ui/sandbox.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });
});

describe('sandbox pages: the runs list', () => {
  it('shows one row per run, newest first, with its action, entity, status, label, times and counts, and no logs', async () => {
    await sandbox(EXAMPLES);
    const older = await apiRun('deploy_service', { properties: {}, entity: 'checkout-api' });
    await sleep(5);
    const newer = await apiRun('deploy_service', { properties: {}, entity: 'other-api' });
    await call('POST', `/v1/actions/runs/${older}/logs`, { message: 'a log line of the older run', statusLabel: 'Deploying' });
    await call('PATCH', `/v1/actions/runs/${older}`, { status: 'SUCCESS', link: ['https://a.example', 'https://b.example'] });

    const { text } = await get('/');
    expect(text.indexOf(newer)).toBeLessThan(text.indexOf(older));
    expect(text).toContain('<span id="count">2 runs, newest first</span>');
    const row = text.split('\n').find((line) => line.startsWith(`<tr data-id="${older}"`))!;
    expect(row).toContain(`<a href="/runs/${older}"><code>${older}</code></a>`);
    expect(row).toContain('Deploy service <code>deploy_service</code>');
    expect(row).toContain('<td>checkout-api</td>');
    expect(row).toContain('<span class="status success">SUCCESS</span>');
    expect(row).toContain('<span class="label">Deploying</span>');
    expect(row).toMatch(/<td class="n"><time>[\d-]+T[\d:.]+Z<\/time><\/td><td class="n"><time>[\d-]+T[\d:.]+Z<\/time><\/td><td class="n">2<\/td><td class="n">1<\/td><\/tr>$/);
    expect(text).not.toContain('a log line of the older run');
    expect(text).not.toContain('http-equiv="refresh"');
  });

  it(`pages the list ${RUNS_PER_PAGE} runs at a time and refuses a page that is not there`, async () => {
    await sandbox();
    const total = RUNS_PER_PAGE * 2 + 3;
    for (let i = 0; i < total; i++) api.createRun(`r_${String(i).padStart(4, '0')}`);
    const rows = (text: string) => [...text.matchAll(/<tr data-id="([^"]+)"/g)].map((match) => match[1]);

    const first = await get('/');
    expect(rows(first.text)).toHaveLength(RUNS_PER_PAGE);
    expect(first.text).toContain('<span class="muted">page 1 of 3</span><a href="/?page=2">Older runs</a>');
    const last = await get('/?page=3');
    expect(rows(last.text)).toHaveLength(3);
    expect(last.text).toContain('<a href="/?page=2">Newer runs</a><span class="muted">page 3 of 3</span></nav>');
    const all = [...rows(first.text), ...rows((await get('/?page=2')).text), ...rows(last.text)];
    expect(new Set(all).size).toBe(total);

    for (const page of ['4', '0', 'x']) {
      const refused = await get(`/?page=${page}`);
      expect(refused.status).toBe(400);
      expect(refused.text).toContain(`page: &quot;${page}&quot; is not accepted; expected a whole number from 1 to 3`);
    }
  });

  it('answers the script with nothing when nothing changed, and with only the changed rows when something did', async () => {
    await sandbox();
    const [a, b] = [await apiRun(), await apiRun()];
    const page = await get('/');
    const version = Number(/data-version="(\d+)"/.exec(page.text)![1]);

    const quiet = await getJson(`/ui/runs?page=1&since=${version}`);
    expect(quiet.json).toEqual({ ok: true, version });
    await call('POST', `/v1/actions/runs/${a}/logs`, { message: 'one more' });
    const changed = await getJson(`/ui/runs?page=1&since=${version}`);
    expect(changed.json).toMatchObject({ ok: true, version: version + 1, total: 2, count: '2 runs, newest first', ids: [b, a] });
    expect(changed.json.rows).toEqual([expect.objectContaining({ id: a, logs: 1, status: 'IN_PROGRESS', stamp: version + 1 })]);
    expect((await getJson('/ui/runs?page=1')).json.rows.map((row: { id: string }) => row.id)).toEqual([b, a]);
    expect((await getJson(`/ui/runs?since=${version + 5}`)).json).toMatchObject({ ok: false, error: 'invalid_request', message: `since: "${version + 5}" is not accepted; expected a whole number from 0 to ${version + 1}` });
  });

  it('stays small with many runs', async () => {
    await sandbox();
    for (let i = 0; i < 5000; i++) api.createRun();
    const first = await get('/');
    expect(first.bytes).toBeLessThan(30_000);
    expect((await getJson('/ui/runs?page=100')).json.rows).toHaveLength(RUNS_PER_PAGE);
  });
});

describe('sandbox pages: a run', () => {
  it('shows the run: status, label, action, entity, inputs, links, summary, external run id, times', async () => {
    await sandbox(EXAMPLES);
    const id = await apiRun('deploy_service', { properties: { environment: 'staging' }, entity: 'checkout-api' });
    await call('PATCH', `/v1/actions/runs/${id}`, { status: 'FAILURE', statusLabel: 'Rolled back', link: 'https://ci.example/1', summary: 'two\nlines', externalRunId: '42' });

    const { text } = await get(`/runs/${id}`);
    expect(text).toContain(`<h1>Run <code>${id}</code> <span id="status"><span class="status failure">FAILURE</span></span> <span id="label" class="label">Rolled back</span></h1>`);
    expect(text).toContain('<dt>action</dt><dd>Deploy service <code>deploy_service</code></dd>');
    expect(text).toContain('<dt>entity</dt><dd>Checkout API <code>checkout-api</code></dd>');
    expect(text).toContain('<dt>inputs</dt><dd><code>{&quot;environment&quot;:&quot;staging&quot;}</code></dd>');
    expect(text).toContain('<dt>links</dt><dd><ul><li><a href="https://ci.example/1" rel="noopener noreferrer">https://ci.example/1</a></li></ul></dd>');
    expect(text).toContain('<dt>summary</dt><dd><pre>two\nlines</pre></dd>');
    expect(text).toContain('<dt>external run id</dt><dd>42</dd>');
    expect(text).toMatch(/<div id="f-ended"><dt>ended<\/dt><dd><time>[\d-]+T[\d:.]+Z<\/time><\/dd><\/div>/);
    // Ended: nothing left to poll for.
    expect(text).not.toContain('data-live');
    expect(text).toContain('The run has ended.');
  });

  it('keeps the empty fields hidden for the script to fill, and lists affected entities only when the run records some', async () => {
    await sandbox({ runs: ['r1'] });
    const bare = await get('/runs/r1');
    for (const field of ['action', 'entity', 'inputs', 'links', 'summary', 'external', 'entities', 'ended']) {
      expect(bare.text).toContain(`<div id="f-${field}" hidden>`);
    }
    expect(bare.text).toContain('data-live="true"');
    expect(bare.text).toContain('No log lines yet.');

    api.runs.get('r1')!.entities = [{ blueprint: 'service', identifier: 'checkout-api' }, { blueprint: '<b>bp</b>', identifier: HOSTILE }];
    const { text } = await get('/runs/r1');
    expect(text).toContain(
      '<div id="f-entities"><dt>affected entities</dt><dd><ul><li><code>checkout-api</code> <span class="muted">(service)</span></li>' +
        '<li><code>&lt;script&gt;alert(1)&lt;/script&gt;</code> <span class="muted">(&lt;b&gt;bp&lt;/b&gt;)</span></li></ul></dd></div>',
    );
  });

  it(`shows the newest ${LOG_PAGE_LINES} lines, and earlier ones a page at a time with ?before=`, async () => {
    await sandbox({ runs: ['r1'] });
    api.runs.get('r1')!.logs.push(...Array.from({ length: 1200 }, (_, i) => log(`line ${i + 1}`)));
    const lines = (text: string) => [...text.matchAll(/<pre>(line \d+)<\/pre>/g)].map((match) => match[1]);

    const newest = await get('/runs/r1');
    expect(lines(newest.text)).toEqual(Array.from({ length: 500 }, (_, i) => `line ${701 + i}`));
    expect(newest.text).toContain('<ol id="logs" class="logs" start="701">');
    expect(newest.text).toContain('Lines 701-1200 of 1200.');
    expect(newest.text).toContain('<a id="earlier" href="?before=700">Earlier lines</a>');
    expect(newest.text).toContain('data-after="1200"');

    const middle = await get('/runs/r1?before=700');
    expect(lines(middle.text)).toEqual(Array.from({ length: 500 }, (_, i) => `line ${201 + i}`));
    expect(middle.text).toContain('<a id="earlier" href="?before=200">Earlier lines</a><a href="?">Newest lines</a></nav>');
    expect(middle.text).not.toContain('data-live');
    const oldest = await get('/runs/r1?before=200');
    expect(lines(oldest.text)).toEqual(Array.from({ length: 200 }, (_, i) => `line ${1 + i}`));
    expect(oldest.text).toContain('<a id="earlier" href="?before=0" hidden>');
    expect(oldest.text).toContain('<a href="?before=700">Later lines</a>');

    const refused = await get('/runs/r1?before=1201');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('before: &quot;1201&quot; is not accepted; expected a whole number from 0 to 1200');
  });

  it(`holds at most ${LOG_PAGE_CHARS} characters of messages on a page (but always one line)`, async () => {
    await sandbox({ runs: ['r1'] });
    const long = 'y'.repeat(150_000);
    api.runs.get('r1')!.logs.push(log('x'.repeat(LOG_PAGE_CHARS + 10)), log(long), log(long), log('short'));
    const newest = await get('/runs/r1');
    expect(newest.text).toContain('Lines 3-4 of 4.');
    expect((await get('/runs/r1?before=1')).text).toContain('Lines 1-1 of 4.');
    expect((await getJson('/ui/runs/r1/logs?after=1')).json.logs).toHaveLength(1);
  });

  it('answers the script with only the lines after the ones it has, and the run fields that change', async () => {
    await sandbox({ runs: ['r1'] });
    for (const message of ['one', 'two']) await call('POST', '/v1/actions/runs/r1/logs', { message });
    expect((await getJson('/ui/runs/r1/logs?after=2')).json).toEqual({ ok: true, run: { status: 'IN_PROGRESS', logCount: 2 }, logs: [] });
    await call('POST', '/v1/actions/runs/r1/logs', { message: 'three', terminationStatus: 'SUCCESS', statusLabel: 'Done' });
    const answer = (await getJson('/ui/runs/r1/logs?after=2')).json;
    expect(answer).toMatchObject({ ok: true, run: { status: 'SUCCESS', statusLabel: 'Done', logCount: 3, endedAt: expect.any(String) } });
    expect(answer.logs).toEqual([{ message: 'three', terminationStatus: 'SUCCESS', statusLabel: 'Done', at: expect.any(String) }]);
    expect((await getJson('/ui/runs/r1/logs?after=4')).json.message).toBe('after: "4" is not accepted; expected a whole number from 0 to 3');
  });
});

describe('sandbox pages: a run of 100,000 log lines', () => {
  it('keeps both pages under 300 KB, and a poll sends only the new lines', async () => {
    await sandbox();
    const id = await apiRun();
    const logs = api.runs.get(id)!.logs;
    for (let i = 0; i < 100_000; i++) logs.push({ message: `[${i}] replica checkout-api-7f9c4 is up after ${i % 997} ms`, at: new Date(1_700_000_000_000 + i).toISOString() });

    const list = await get('/');
    const page = await get(`/runs/${id}`);
    expect(list.bytes).toBeLessThan(300_000);
    expect(page.bytes).toBeLessThan(300_000);
    expect(page.text).toContain('Lines 99501-100000 of 100000.');

    const quiet = await getJson(`/ui/runs/${id}/logs?after=100000`);
    expect(quiet.json.logs).toEqual([]);
    for (const message of ['new 1', 'new 2', 'new 3']) await call('POST', `/v1/actions/runs/${id}/logs`, { message });
    const poll = await getJson(`/ui/runs/${id}/logs?after=100000`);
    expect(poll.json.logs.map((line: { message: string }) => line.message)).toEqual(['new 1', 'new 2', 'new 3']);
    expect(poll.bytes).toBeLessThan(1_000);
  });
});

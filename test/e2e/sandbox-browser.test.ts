/// <reference lib="dom" />
// The functions passed to page.evaluate run in the browser, on its DOM.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../../src/sandbox/server.js';
import { POLL_MS } from '../../src/sandbox/ui-script.js';
import { root } from '../support/cli.js';
import { countColour, decodePng, type Picture } from '../support/png.js';
import { killSandboxClis, startSandboxCli, type RunningSandbox } from '../support/sandbox-cli.js';

/*
 * The sandbox's pages as a person uses them: Debian's Chromium (npm test installs it: scripts/test-tools.mjs),
 * driven by playwright-core, on the bundled CLI's sandbox (run `npm run build` first), with runs made over
 * HTTP as a job makes them. PORT_CI_UPDATE_SCREENSHOT=1 writes the run page's picture to the README's file.
 */

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = path.join(root, 'docs', 'sandbox-run-page.png');
const VIEWPORT = { width: 1000, height: 720 };
const SUCCESS_GREEN: [number, number, number] = [0x1a, 0x7f, 0x37];

let browser: Browser;
let sandbox: RunningSandbox;
let token: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: npm test installs it (scripts/test-tools.mjs), or run apt-get install chromium as root`);
  // Playwright's own browser download cannot work here; Debian's build is the browser, with a fresh profile.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
});

afterEach(killSandboxClis);

async function startSandbox(): Promise<void> {
  sandbox = await startSandboxCli(['--actions', 'examples/actions/deploy-service.v2.json', '--entities', 'examples/entities/checkout-api.json']);
  const answer = await fetch(`${sandbox.url}/v1/auth/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET }),
  });
  token = ((await answer.json()) as { accessToken: string }).accessToken;
}

/** A Port API call as a job's step makes it. */
async function call(method: string, route: string, body?: unknown): Promise<Record<string, any>> {
  const response = await fetch(`${sandbox.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, any>;
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function createRun(entity = 'checkout-api'): Promise<string> {
  return (await call('POST', '/v1/actions/deploy_service/runs', { properties: { environment: 'staging', replica_count: 3 }, entity })).run.id as string;
}

const postLog = (id: string, body: Record<string, unknown>) => call('POST', `/v1/actions/runs/${id}/logs`, body);

/** Waits until the page shows `text` (visible, not just in the markup). */
async function sees(page: Page, text: string): Promise<void> {
  await page.getByText(text, { exact: false }).first().waitFor({ state: 'visible' });
}

const visibleText = (page: Page, selector: string) => page.locator(selector).innerText();

/** A page never wider than its window: long strings wrap instead of widening it. */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

/** A screenshot that shows something: the window's size, mostly page background, some text and the green badge. */
function expectPicture(picture: Picture): void {
  expect({ width: picture.width, height: picture.height }).toEqual(VIEWPORT);
  const all = picture.width * picture.height;
  const white = countColour(picture, [255, 255, 255], 8);
  expect(white / all).toBeGreaterThan(0.3);
  expect(white / all).toBeLessThan(0.97);
  expect(countColour(picture, SUCCESS_GREEN, 20)).toBeGreaterThan(100);
}

describe('sandbox pages in a browser', () => {
  it('goes from the list to a run, shows new lines live without reloading, wraps long lines, pages back, and stops at the end', async () => {
    await startSandbox();
    const other = await createRun('billing-api');
    await postLog(other, { message: 'nothing to do', terminationStatus: 'SUCCESS' });
    const id = await createRun();
    const steps = ['pulling image checkout-api:1.42.0', 'applying manifests', 'waiting for rollout', 'health check passed'];
    for (let i = 1; i <= 600; i++) await postLog(id, { message: `[${String(i).padStart(3, '0')}] ${steps[i % steps.length]}` });

    const page = await browser.newPage({ viewport: VIEWPORT });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    await page.goto(`${sandbox.url}/`);
    await sees(page, '2 runs, newest first');
    await sees(page, 'Updating live.');
    const row = page.locator(`tr[data-id="${id}"]`);
    expect(await row.innerText()).toMatch(new RegExp(`^${id}\\s+Deploy service deploy_service\\s+checkout-api\\s+IN_PROGRESS\\s+.*\\s0\\s+600$`, 's'));

    await page.getByRole('link', { name: id }).click();
    await page.waitForURL(`${sandbox.url}/runs/${id}`);
    await sees(page, 'Lines 101-600 of 600.');
    await sees(page, 'Updating live: new lines appear as the job sends them.');
    expect(await visibleText(page, 'h1')).toBe(`Run ${id} IN_PROGRESS`);
    expect(await visibleText(page, 'dl')).toContain('Checkout API checkout-api');
    expect(await page.locator('#logs > li').count()).toBe(500);
    expect(await fitsWidth(page)).toBe(true);

    // The job goes on: hostile text, a line far wider than the window, a label and a link.
    await page.evaluate(() => Object.assign(window, { loadedOnce: 'still here' }));
    await postLog(id, { message: '<img src=x onerror="window.hacked=1"> is only text' });
    await postLog(id, { message: `digest sha256:${'0123456789abcdef'.repeat(40)}`, statusLabel: 'Rolling out' });
    await call('PATCH', `/v1/actions/runs/${id}`, { link: ['https://ci.example/runs/42', 'javascript:window.hacked=2'] });
    await sees(page, 'Lines 101-602 of 602.');
    await sees(page, '<img src=x onerror="window.hacked=1"> is only text');
    await sees(page, 'Rolling out');
    await sees(page, 'https://ci.example/runs/42');
    // The job records what it changed: the entity joins the run's affected entities, live.
    await call('POST', `/v1/blueprints/service/entities?upsert=true&merge=true&run_id=${id}`, { identifier: 'checkout-api', properties: { version: '1.42.0' } });
    await sees(page, '(service, updated)');
    expect(await visibleText(page, '#f-entities')).toBe('affected entities\nCheckout API checkout-api (service, updated)');
    expect(await page.evaluate(() => (window as unknown as { loadedOnce?: string }).loadedOnce)).toBe('still here');
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    expect(await page.locator('#logs img').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.locator('#logs > li').count()).toBe(502);
    expect(await fitsWidth(page)).toBe(true);
    await page.setViewportSize({ width: 420, height: 700 });
    expect(await fitsWidth(page)).toBe(true);
    await page.setViewportSize(VIEWPORT);

    // The job ends it: the page says so, shows the summary, and asks for nothing more.
    // (Its links replace the hostile one, so the README's picture shows a run as a job leaves it.)
    await call('PATCH', `/v1/actions/runs/${id}`, {
      status: 'SUCCESS', statusLabel: 'Deployed', summary: 'checkout-api 1.42.0 is live on staging (3 replicas)',
      link: ['https://ci.example/runs/42', 'https://ci.example/releases/checkout-api/1.42.0'],
    });
    await sees(page, 'The run has ended.');
    expect(await visibleText(page, 'h1')).toBe(`Run ${id} SUCCESS Deployed`);
    await sees(page, 'checkout-api 1.42.0 is live on staging (3 replicas)');
    const polls: string[] = [];
    page.on('request', (request) => polls.push(request.url()));
    await page.waitForTimeout(POLL_MS * 3);
    expect(polls).toEqual([]);
    expect(problems).toEqual([]);

    const shot = await page.screenshot();
    expectPicture(decodePng(shot));
    if (process.env.PORT_CI_UPDATE_SCREENSHOT === '1') writeFileSync(SCREENSHOT, shot);
    // The README's picture is one such screenshot.
    expectPicture(decodePng(readFileSync(SCREENSHOT)));

    // Earlier lines, a page back, without script's help.
    await page.getByRole('link', { name: 'Earlier lines' }).click();
    await page.waitForURL(`${sandbox.url}/runs/${id}?before=100`);
    await sees(page, 'Lines 1-100 of 602.');
    await sees(page, '[001] applying manifests');
    await sees(page, 'Earlier lines; the newest are on the run page.');
    await page.getByRole('link', { name: 'Later lines' }).click();
    await sees(page, 'Lines 101-600 of 602.');
    await page.close();
  });

  it('adds and changes rows of the list without reloading it', async () => {
    await startSandbox();
    const first = await createRun();
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(`${sandbox.url}/`);
    await sees(page, '1 run, newest first');
    await page.evaluate(() => Object.assign(window, { loadedOnce: 'still here' }));

    const second = await createRun('billing-api');
    await sees(page, '2 runs, newest first');
    expect(await page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.id))).toEqual([second, first]);
    await postLog(first, { message: 'done', terminationStatus: 'FAILURE', statusLabel: 'Rollout timed out' });
    await page.locator(`tr[data-id="${first}"]`).getByText('FAILURE').waitFor();
    expect(await page.locator(`tr[data-id="${first}"]`).innerText()).toMatch(/FAILURE\s+Rollout timed out/);
    expect(await page.evaluate(() => (window as unknown as { loadedOnce?: string }).loadedOnce)).toBe('still here');
    // A narrow window scrolls the table, not the page.
    await page.setViewportSize({ width: 420, height: 700 });
    expect(await fitsWidth(page)).toBe(true);
    await page.close();
  });

  it('says when the sandbox stops answering, and when it came back without the run', async () => {
    await startSandbox();
    const id = await createRun();
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(`${sandbox.url}/runs/${id}`);
    await sees(page, 'Updating live');
    expect(await sandbox.stop('SIGTERM')).toBe(0);
    await sees(page, 'The sandbox does not answer; trying again.');
    // A new sandbox on the same port, without the run: asking again would not help.
    sandbox = await startSandboxCli(['--port', new URL(sandbox.url).port]);
    await sees(page, 'This page is out of date: reload it.');
    await page.close();
  });

  it('shows both pages with script off, and says to reload', async () => {
    await startSandbox();
    const id = await createRun();
    await postLog(id, { message: 'first line' });
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORT });
    const page = await context.newPage();
    await page.goto(`${sandbox.url}/`);
    await sees(page, 'This page does not update by itself: reload it to see changes.');
    await page.getByRole('link', { name: id }).click();
    await sees(page, 'first line');
    await sees(page, 'reload it to see new lines');
    await postLog(id, { message: 'second line' });
    await page.reload();
    await sees(page, 'second line');
    await context.close();
  });
});

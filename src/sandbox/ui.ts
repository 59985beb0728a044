import type { IncomingMessage, ServerResponse } from 'node:http';
import { countText, pageCount, pageOf, renderRunsPage, runRow } from './list-page.js';
import { STYLE, renderProblem, type TitleOf } from './page.js';
import { pageEnd, renderRunPage, runState } from './run-page.js';
import type { RunRecord } from './store.js';
import { SCRIPT } from './ui-script.js';

/*
 * What a browser asks of the sandbox: the runs list (/), a run's page (/runs/{id}), their style sheet and script
 * (/ui/sandbox.css, /ui/sandbox.js), the small JSON answers the script polls (/ui/runs, /ui/runs/{id}/logs), and
 * /api/state, every run with every log, for scripts and benchmarks. None of it is Port's API: never faulted,
 * delayed or recorded, so a browser left open does not shift a test's fault count.
 */

/** What the pages read from the sandbox. */
export interface UiState {
  /** Every run, newest first (kept sorted by the server, so a page costs a slice, not a sort). */
  ordered(): readonly RunRecord[];
  runs: ReadonlyMap<string, RunRecord>;
  /** The change counter: it grows with every change to any run. */
  version(): number;
  /** The counter when this run last changed (0 for a run changed only from code). */
  stamp(run: RunRecord): number;
  titleOf: TitleOf;
  entityTitleOf(run: RunRecord): string | undefined;
}

/** Only the sandbox's own style sheet and script; no inline script or style, no frames, forms or other origins. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

class BadQuery extends Error {}

/** A whole number from `min` to `max` in the query, or `fallback` when absent; a BadQuery naming it otherwise. */
function whole(query: URLSearchParams, name: string, min: number, max: number, fallback: number): number;
function whole(query: URLSearchParams, name: string, min: number, max: number): number | undefined;
function whole(query: URLSearchParams, name: string, min: number, max: number, fallback?: number): number | undefined {
  const text = query.get(name);
  if (text === null) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new BadQuery(`${name}: "${text}" is not accepted; expected a whole number from ${min} to ${max}`);
  }
  return Number(text);
}

function decoded(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

export function serveUi(req: IncomingMessage, res: ServerResponse, url: URL, state: UiState): void {
  req.resume();
  const send = (status: number, type: string, text: string, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', ...headers }).end(text);
  };
  const html = (status: number, text: string) => send(status, 'text/html', text, { 'content-security-policy': CSP });
  const json = (status: number, answer: unknown) => send(status, 'application/json', JSON.stringify(answer));
  const path = url.pathname;
  const runPath = /^\/runs\/([^/]+)$/.exec(path);
  const logsPath = /^\/ui\/runs\/([^/]+)\/logs$/.exec(path);
  if (req.method !== 'GET') return json(404, { ok: false, error: 'not_found', message: `Route ${req.method ?? ''} ${path} not found` });

  try {
    if (path === '/') {
      const ordered = state.ordered();
      const pages = pageCount(ordered.length);
      const page = whole(url.searchParams, 'page', 1, pages, 1);
      const rows = pageOf(ordered, page).map((run) => runRow(run, state.stamp(run), state.titleOf));
      return html(200, renderRunsPage(rows, { page, pages, total: ordered.length, version: state.version() }));
    }
    if (path === '/ui/runs') {
      const ordered = state.ordered();
      const pages = pageCount(ordered.length);
      const page = whole(url.searchParams, 'page', 1, pages, 1);
      const version = state.version();
      const since = whole(url.searchParams, 'since', 0, version);
      // Nothing changed: the common answer, a few bytes.
      if (since === version) return json(200, { ok: true, version });
      const runs = pageOf(ordered, page);
      const rows = runs.filter((run) => since === undefined || state.stamp(run) > since).map((run) => runRow(run, state.stamp(run), state.titleOf));
      return json(200, { ok: true, version, total: ordered.length, count: countText(ordered.length), ids: runs.map((run) => run.id), rows });
    }
    const match = runPath ?? logsPath;
    if (match) {
      const id = decoded(match[1]!);
      const run = id === undefined ? undefined : state.runs.get(id);
      const missing = `No run with id "${id ?? match[1]}" is in this sandbox.`;
      if (runPath) {
        if (!run) return html(404, renderProblem('Run not found', missing));
        const before = whole(url.searchParams, 'before', 0, run.logs.length);
        return html(200, renderRunPage(run, { before, titleOf: state.titleOf, entityTitle: state.entityTitleOf(run) }));
      }
      if (!run) return json(404, { ok: false, error: 'not_found', message: missing });
      const after = whole(url.searchParams, 'after', 0, run.logs.length, 0);
      const logs = run.logs.slice(after, pageEnd(run.logs, after));
      return json(200, { ok: true, run: runState(run), logs });
    }
    if (path === '/ui/sandbox.js') return send(200, 'text/javascript', SCRIPT);
    if (path === '/ui/sandbox.css') return send(200, 'text/css', STYLE);
    if (path === '/api/state') return json(200, { ok: true, runs: state.ordered() });
  } catch (error) {
    if (!(error instanceof BadQuery)) throw error;
    if (path.startsWith('/ui/')) return json(400, { ok: false, error: 'invalid_request', message: error.message });
    return html(400, renderProblem('Bad address', error.message));
  }
  json(404, { ok: false, error: 'not_found', message: `Route ${req.method} ${path} not found` });
}

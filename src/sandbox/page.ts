import type { RunLog, RunRecord } from './store.js';

/*
 * The sandbox's runs page: what Port's run page would show, so a developer sees what a job reported.
 * Every string on it came from a client and is hostile: each is escaped, only http(s) links become anchors
 * (a `javascript:` link stays text), and the server sends a Content-Security-Policy that allows no script
 * at all, so even a missed escape could not run. It refreshes itself with a meta tag, which needs no script.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** Newest first; runs created in the same millisecond keep their reverse creation order. */
export function newestFirst(runs: Iterable<RunRecord>): RunRecord[] {
  return [...runs].reverse().sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

function renderLink(link: string): string {
  const text = escapeHtml(link);
  return /^https?:\/\//i.test(link) ? `<a href="${text}" rel="noopener noreferrer">${text}</a>` : text;
}

function renderLog(log: RunLog): string {
  const status = log.terminationStatus ? ` <span class="status ${statusClass(log.terminationStatus)}">${escapeHtml(log.terminationStatus)}</span>` : '';
  const label = log.statusLabel === undefined ? '' : ` <span class="label">${escapeHtml(log.statusLabel)}</span>`;
  return `<li><time>${escapeHtml(log.at)}</time>${status}${label}<pre>${escapeHtml(log.message)}</pre></li>`;
}

function statusClass(status: string): string {
  return status === 'SUCCESS' ? 'success' : status === 'FAILURE' ? 'failure' : 'running';
}

/** An action's title, when the sandbox holds its definition. */
export type TitleOf = (action: string) => string | undefined;

function renderAction(action: string, title: string | undefined): string {
  return title === undefined ? escapeHtml(action) : `${escapeHtml(title)} <code>${escapeHtml(action)}</code>`;
}

function renderRun(run: RunRecord, titleOf: TitleOf): string {
  const fields: [string, string | undefined][] = [
    ['action', run.action === null ? undefined : renderAction(run.action, titleOf(run.action))],
    ['entity', run.entity === undefined ? undefined : escapeHtml(run.entity)],
    ['inputs', run.properties === undefined ? undefined : `<code>${escapeHtml(JSON.stringify(run.properties))}</code>`],
    ['links', run.link === undefined ? undefined : `<ul>${[run.link].flat().map((link) => `<li>${renderLink(link)}</li>`).join('')}</ul>`],
    ['summary', run.summary === undefined ? undefined : `<pre>${escapeHtml(run.summary)}</pre>`],
    ['external run id', run.externalRunId === undefined ? undefined : escapeHtml(run.externalRunId)],
    ['created', escapeHtml(run.createdAt)],
    ['ended', run.endedAt === undefined ? undefined : escapeHtml(run.endedAt)],
  ];
  const rows = fields.filter(([, html]) => html !== undefined).map(([name, html]) => `<dt>${name}</dt><dd>${html}</dd>`);
  const label = run.statusLabel === undefined ? '' : ` <span class="label">${escapeHtml(run.statusLabel)}</span>`;
  const logs = run.logs.length === 0 ? '<p class="none">no logs</p>' : `<ol class="logs">${run.logs.map(renderLog).join('')}</ol>`;
  return `<section class="run"><h2><code>${escapeHtml(run.id)}</code> <span class="status ${statusClass(run.status)}">${escapeHtml(run.status)}</span>${label}</h2><dl>${rows.join('')}</dl>${logs}</section>`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
.run{border:1px solid #ccc;border-radius:6px;padding:0 1em 1em;margin:1em 0}
.status{font:bold 12px monospace;padding:2px 6px;border-radius:4px;color:#fff}
.success{background:#1a7f37}.failure{background:#cf222e}.running{background:#9a6700}
.label{font-style:italic}dl{display:grid;grid-template-columns:max-content auto;gap:2px 1em}dt{color:#666}dd{margin:0;min-width:0;overflow-wrap:anywhere}
dd ul{margin:0;padding-left:1em}pre{white-space:pre-wrap;margin:2px 0}.logs time{color:#666;font-size:12px}.none{color:#666}`;

/** The whole page for the current runs, newest first; each run's action is shown by its title when known. */
export function renderPage(runs: Iterable<RunRecord>, titleOf: TitleOf = () => undefined): string {
  const list = newestFirst(runs);
  const empty = '<p class="none">No runs yet. Create one with POST /v1/actions/{action}/runs or start the sandbox with --run ID.</p>';
  const body = list.length === 0 ? empty : list.map((run) => renderRun(run, titleOf)).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2"><title>port-ci sandbox</title>
<style>${STYLE}</style></head>
<body><h1>port-ci sandbox</h1><p>${list.length} run${list.length === 1 ? '' : 's'}, newest first; this page refreshes every 2 s.</p>
${body}
</body></html>
`;
}

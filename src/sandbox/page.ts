import type { RunRecord } from './store.js';

/*
 * What the sandbox's pages share: what Port's run pages would show, so a developer sees what a job reported.
 * Every string on them came from a client and is hostile: each is escaped, only http(s) links become anchors
 * (a `javascript:` link stays text), and the server sends a Content-Security-Policy that allows only the
 * sandbox's own style sheet and script (ui-script.ts), nothing inline, so even a missed escape could not run.
 * The pages work without that script; it only keeps them current without reloading.
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

/** An action's title, when the sandbox holds its definition. */
export type TitleOf = (action: string) => string | undefined;

/** The CSS class of a status badge (the script uses the same three): a declined run ended as a failure does. */
export function statusClass(status: string): string {
  return status === 'SUCCESS' ? 'success' : status === 'FAILURE' || status === 'DECLINED' ? 'failure' : 'running';
}

export function renderStatus(status: string): string {
  return `<span class="status ${statusClass(status)}">${escapeHtml(status)}</span>`;
}

export function renderAction(action: string, title: string | undefined): string {
  return title === undefined ? escapeHtml(action) : `${escapeHtml(title)} <code>${escapeHtml(action)}</code>`;
}

/** A log line's time of day (UTC, to the millisecond); the whole time is in its datetime attribute. */
export function renderLogTime(at: string): string {
  const time = /T(\d\d:\d\d:\d\d(?:\.\d+)?)/.exec(at)?.[1] ?? at;
  return `<time datetime="${escapeHtml(at)}" title="${escapeHtml(at)}">${escapeHtml(time)}</time>`;
}

/** Only http(s) URLs become anchors: any other scheme (javascript:, data:) is shown as text. */
export function renderLink(link: string): string {
  const text = escapeHtml(link);
  return /^https?:\/\//i.test(link) ? `<a href="${text}" rel="noopener noreferrer">${text}</a>` : text;
}

/** The path of a run's page; the id is a client's string, so it is encoded (and then escaped where it lands in HTML). */
export function runPath(id: string): string {
  return `/runs/${encodeURIComponent(id)}`;
}

/** The sandbox's style sheet, served as /ui/sandbox.css (the CSP allows no inline style). */
export const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;overflow-wrap:anywhere}
[hidden]{display:none!important}
a{color:#0969da}code,pre{font:13px/1.35 ui-monospace,monospace}h1 code{font-size:.8em}
.status{font:bold 12px monospace;padding:2px 6px;border-radius:4px;color:#fff;white-space:nowrap}
.success{background:#1a7f37}.failure{background:#cf222e}.running{background:#9a6700}
.label{font-style:italic}.none,.hint,.muted{color:#666}
.wide{overflow-x:auto}table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #ddd}
th{color:#666;font-weight:normal;white-space:nowrap}td.n{white-space:nowrap}td:first-child{min-width:12em}
dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 1em}dl>div{display:contents}dt{color:#666}dd{margin:0;min-width:0}
dd ul{margin:0;padding-left:1em}pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0}
.logs{background:#f6f8fa;border:1px solid #ddd;border-radius:6px;padding:.5em 1em .5em 5em;margin:0}
.logs li::marker{color:#999;font-size:12px}.logs time{color:#666;font-size:12px}.logs pre{display:inline}
nav.pager{margin:1em 0;display:flex;gap:1.5em;flex-wrap:wrap}`;

/**
 * A whole page around `body`. `data` become data-* attributes of <body>: how the script learns what to poll
 * (its keys are fixed names; their values are escaped like every other string).
 */
export function renderDocument(title: string, body: string, data: Record<string, string> = {}): string {
  const attributes = Object.entries(data)
    .map(([key, value]) => ` data-${key}="${escapeHtml(value)}"`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/ui/sandbox.css"><script src="/ui/sandbox.js" defer></script></head>
<body${attributes}>
${body}
</body></html>
`;
}

/** A page that says what is wrong, as the 404 for an unknown run or the 400 for a bad page number. */
export function renderProblem(heading: string, message: string): string {
  return renderDocument(`${heading} - port-ci sandbox`, `<p><a href="/">All runs</a></p><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(message)}</p>`);
}

import { escapeHtml, renderAction, renderDocument, renderLink, renderLogTime, renderStatus, type TitleOf } from './page.js';
import { isActive, type AffectedEntity, type RunLog, type RunRecord } from './store.js';

/*
 * A run's page at /runs/{id}: its fields, then its logs a page at a time. The first load shows the newest lines;
 * `?before=N` shows the page that ends just before line N (counted from 0), so a run of 100,000 lines is read
 * backwards a page at a time, with or without script.
 */

/** A page of logs holds at most this many lines... */
export const LOG_PAGE_LINES = 500;
/** ...and at most this many characters of messages (but always one line), so long lines cannot bloat a page. */
export const LOG_PAGE_CHARS = 200_000;

/** Where the page that ends before line `end` starts: the newest lines before it, within both limits. */
export function pageStart(logs: readonly RunLog[], end: number): number {
  let start = end;
  let chars = 0;
  while (start > 0 && end - start < LOG_PAGE_LINES) {
    chars += logs[start - 1]!.message.length;
    if (chars > LOG_PAGE_CHARS && start < end) break;
    start -= 1;
  }
  return start;
}

/** Where the page that starts at line `start` ends: the oldest lines from it, within both limits. */
export function pageEnd(logs: readonly RunLog[], start: number): number {
  let end = start;
  let chars = 0;
  while (end < logs.length && end - start < LOG_PAGE_LINES) {
    chars += logs[end]!.message.length;
    if (chars > LOG_PAGE_CHARS && end > start) break;
    end += 1;
  }
  return end;
}

/** What changes on a run while it goes: what /ui/runs/{id}/logs sends beside the new lines. */
export interface RunState {
  status: RunRecord['status'];
  statusLabel?: string;
  link?: string | string[];
  summary?: string;
  externalRunId?: string;
  endedAt?: string;
  entities?: AffectedEntity[];
  logCount: number;
}

export function runState(run: RunRecord): RunState {
  const { status, statusLabel, link, summary, externalRunId, endedAt, entities } = run;
  return { status, statusLabel, link, summary, externalRunId, endedAt, entities, logCount: run.logs.length };
}

function renderLog(log: RunLog): string {
  const status = log.terminationStatus ? ` ${renderStatus(log.terminationStatus)}` : '';
  const label = log.statusLabel === undefined ? '' : ` <span class="label">${escapeHtml(log.statusLabel)}</span>`;
  return `<li>${renderLogTime(log.at)}${status}${label} <pre>${escapeHtml(log.message)}</pre></li>`;
}

/** "Lines 99501-100000 of 100000": the script writes the same words as lines arrive. */
export function rangeText(start: number, end: number, total: number): string {
  return total === 0 ? 'No log lines yet.' : end === start ? `No lines here; the run has ${total}.` : `Lines ${start + 1}-${end} of ${total}.`;
}

/** A field row; one that is empty is still there, hidden, so the script can fill it when the job sends it. */
function field(id: string, name: string, html: string | undefined): string {
  return `<div id="f-${id}"${html === undefined ? ' hidden' : ''}><dt>${name}</dt><dd>${html ?? ''}</dd></div>`;
}

const list = (items: string[]) => `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;

export interface RunPageOptions {
  /** Show the page that ends before this line; undefined: the newest lines, kept current by the script. */
  before?: number;
  titleOf: TitleOf;
  /** The title of the entity the run acts on, when the sandbox holds it. */
  entityTitle?: string;
}

/** The page of one run. */
export function renderRunPage(run: RunRecord, { before, titleOf, entityTitle }: RunPageOptions): string {
  const total = run.logs.length;
  const end = before ?? total;
  const start = pageStart(run.logs, end);
  const links = run.link === undefined ? undefined : [run.link].flat();
  const fields = [
    field('action', 'action', run.action === null ? undefined : renderAction(run.action, titleOf(run.action))),
    field('entity', 'entity', run.entity === undefined ? undefined : entityTitle === undefined ? escapeHtml(run.entity) : `${escapeHtml(entityTitle)} <code>${escapeHtml(run.entity)}</code>`),
    field('inputs', 'inputs', run.properties === undefined ? undefined : `<code>${escapeHtml(JSON.stringify(run.properties))}</code>`),
    field('links', 'links', links === undefined ? undefined : list(links.map(renderLink))),
    field('summary', 'summary', run.summary === undefined ? undefined : `<pre>${escapeHtml(run.summary)}</pre>`),
    field('external', 'external run id', run.externalRunId === undefined ? undefined : escapeHtml(run.externalRunId)),
    field('entities', 'affected entities', run.entities?.length ? list(run.entities.map(renderEntity)) : undefined),
    field('created', 'created', `<time>${escapeHtml(run.createdAt)}</time>`),
    field('ended', 'ended', run.endedAt === undefined ? undefined : `<time>${escapeHtml(run.endedAt)}</time>`),
  ];
  const newest = before === undefined;
  const later = newest ? total : pageEnd(run.logs, end);
  const pager = [
    `<a id="earlier" href="?before=${start}"${start > 0 ? '' : ' hidden'}>Earlier lines</a>`,
    // The lines after this page are the newest ones when they reach the end: that is the run's own page.
    newest ? '' : later < total ? `<a href="?before=${later}">Later lines</a><a href="?">Newest lines</a>` : '<a href="?">Newest lines</a>',
  ].join('');
  const live = newest && isActive(run.status);
  const hint = live
    ? 'This page does not update by itself: reload it to see new lines.'
    : newest
      ? 'The run has ended.'
      : 'Earlier lines; the newest are on the run page.';
  const label = `<span id="label" class="label"${run.statusLabel === undefined ? ' hidden' : ''}>${escapeHtml(run.statusLabel ?? '')}</span>`;
  const body = `<p><a href="/">All runs</a></p>
<h1>Run <code>${escapeHtml(run.id)}</code> <span id="status">${renderStatus(run.status)}</span> ${label}</h1>
<dl>${fields.join('')}</dl>
<h2>Logs</h2>
<p><span id="log-range">${rangeText(start, end, total)}</span> <span id="live" class="hint">${hint}</span></p>
<nav class="pager">${pager}</nav>
<ol id="logs" class="logs" start="${start + 1}">${run.logs.slice(start, end).map(renderLog).join('')}</ol>`;
  const data: Record<string, string> = { page: 'run', run: run.id, after: String(end) };
  if (live) data.live = 'true';
  return renderDocument(`${run.id} - port-ci sandbox`, body, data);
}

/** An affected entity: its title when it has one, its identifier, its blueprint and what the run did to it. */
function renderEntity(entity: AffectedEntity): string {
  const title = entity.title === undefined ? '' : `${escapeHtml(entity.title)} `;
  const about = entity.change === undefined ? entity.blueprint : `${entity.blueprint}, ${entity.change}`;
  return `${title}<code>${escapeHtml(entity.identifier)}</code> <span class="muted">(${escapeHtml(about)})</span>`;
}

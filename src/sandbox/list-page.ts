import { escapeHtml, renderAction, renderDocument, renderStatus, runPath, type TitleOf } from './page.js';
import type { RunRecord, RunStatus } from './store.js';

/*
 * The runs list at `/`: one row per run, newest first, RUNS_PER_PAGE to a page, so a sandbox that has seen
 * thousands of runs still answers a small page. Logs are only counted here; they are on each run's page.
 */

export const RUNS_PER_PAGE = 50;

/** One row of the list, as the page renders it and as /ui/runs sends it to the script. */
export interface RunRow {
  id: string;
  /** The sandbox's change counter when this run last changed: the script replaces a row only when it grew. */
  stamp: number;
  action: string | null;
  title?: string;
  entity?: string;
  status: RunStatus;
  statusLabel?: string;
  createdAt: string;
  endedAt?: string;
  links: number;
  logs: number;
}

export function runRow(run: RunRecord, stamp: number, titleOf: TitleOf): RunRow {
  return {
    id: run.id,
    stamp,
    action: run.action,
    title: run.action === null ? undefined : titleOf(run.action),
    entity: run.entity,
    status: run.status,
    statusLabel: run.statusLabel,
    createdAt: run.createdAt,
    endedAt: run.endedAt,
    links: run.link === undefined ? 0 : [run.link].flat().length,
    logs: run.logs.length,
  };
}

/** How many pages `total` runs fill; an empty sandbox still has its one (empty) page. */
export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / RUNS_PER_PAGE));
}

/** The runs of page `page` (from 1) of a newest-first list. */
export function pageOf<T>(ordered: readonly T[], page: number): T[] {
  return ordered.slice((page - 1) * RUNS_PER_PAGE, page * RUNS_PER_PAGE);
}

const NONE = '<span class="none">-</span>';

function renderRow(row: RunRow): string {
  const cells = [
    `<a href="${escapeHtml(runPath(row.id))}"><code>${escapeHtml(row.id)}</code></a>`,
    row.action === null ? NONE : renderAction(row.action, row.title),
    row.entity === undefined ? NONE : escapeHtml(row.entity),
    renderStatus(row.status),
    row.statusLabel === undefined ? '' : `<span class="label">${escapeHtml(row.statusLabel)}</span>`,
    `<time>${escapeHtml(row.createdAt)}</time>`,
    row.endedAt === undefined ? NONE : `<time>${escapeHtml(row.endedAt)}</time>`,
    String(row.links),
    String(row.logs),
  ];
  // Status, times and counts never wrap (the "n" cells); the client's strings wrap anywhere rather than widen the page.
  const td = (cell: string, index: number) => (index >= 3 && index !== 4 ? `<td class="n">${cell}</td>` : `<td>${cell}</td>`);
  return `<tr data-id="${escapeHtml(row.id)}" data-stamp="${row.stamp}">${cells.map(td).join('')}</tr>`;
}

export function countText(total: number): string {
  return `${total} run${total === 1 ? '' : 's'}, newest first`;
}

/** The list page for `rows`, page `page` of `pages`; `version` is the change counter the rows were read at. */
export function renderRunsPage(rows: RunRow[], { page, pages, total, version }: { page: number; pages: number; total: number; version: number }): string {
  const pager = [
    page > 1 ? `<a href="/?page=${page - 1}">Newer runs</a>` : '',
    pages > 1 ? `<span class="muted">page ${page} of ${pages}</span>` : '',
    page < pages ? `<a href="/?page=${page + 1}">Older runs</a>` : '',
  ].join('');
  const body = `<h1>port-ci sandbox</h1>
<p><span id="count">${countText(total)}</span>. <span id="live" class="hint">This page does not update by itself: reload it to see changes.</span></p>
<p id="empty" class="none"${total === 0 ? '' : ' hidden'}>No runs yet. Create one with POST /v1/actions/{action}/runs or start the sandbox with --run ID.</p>
<div class="wide"><table id="runs"${total === 0 ? ' hidden' : ''}><thead><tr><th>Run</th><th>Action</th><th>Entity</th><th>Status</th><th>Label</th><th>Created</th><th>Ended</th><th>Links</th><th>Logs</th></tr></thead>
<tbody>
${rows.map(renderRow).join('\n')}
</tbody></table></div>
<nav class="pager">${pager}</nav>`;
  return renderDocument('port-ci sandbox', body, { page: 'list', 'list-page': String(page), version: String(version) });
}

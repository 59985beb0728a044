import { envText, triggeredBy, type RunContext } from '../core/index.js';

/** Escapes user data for markdown (a table cell, a list item): no HTML, no cell break, no line break, no code span, no link. */
export function escapeMarkdown(text: string): string {
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/`/g, '&#96;')
    .replace(/\[/g, '&#91;')
    .replace(/\r?\n|\r|\u2028|\u2029/g, '<br>');
  return escaped.length > 500 ? `${escaped.slice(0, 500)}…` : escaped;
}

/**
 * The job summary: which action, on which entity, who ran it, the inputs (secret ones hidden) and the link
 * to this workflow run. Every value is user data and is escaped.
 */
export function jobSummary(context: RunContext, workflowRunUrl: string | undefined): string {
  const secrets = new Set(context.secretInputs);
  const rows: Array<[string, string]> = [
    ['Action', context.action ?? '(not in the payload)'],
    ['Entity', context.entityIdentifier ? `${context.entityIdentifier}${context.blueprint ? ` (${context.blueprint})` : ''}` : '(none)'],
    ['Triggered by', triggeredBy(context) ?? '(not in the payload)'],
    ['Port run', context.runId ?? '(none: the action omits the payload)'],
  ];
  const lines = ['### Port run', '', '| | |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${escapeMarkdown(value)} |`)];
  if (workflowRunUrl) lines.push(`| Workflow run | [${escapeMarkdown(workflowRunUrl)}](${encodeURI(workflowRunUrl)}) |`);
  const inputs = Object.entries(context.inputs);
  if (inputs.length > 0) {
    lines.push('', '| Input | Value |', '|---|---|');
    for (const [id, value] of inputs) lines.push(`| ${escapeMarkdown(id)} | ${secrets.has(id) ? '*(secret)*' : escapeMarkdown(envText(value))} |`);
  }
  return `${lines.join('\n')}\n`;
}

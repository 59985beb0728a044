import type { JqEngine, JqOutcome } from './engine.js';

/**
 * Port's template rules (PORT-FACTS.md §8, as @port-labs/jq-node-bindings renders): strings hold `{{ jq }}`
 * spans evaluated over the trigger data; a string that is one span keeps the result's JSON type; keys are
 * templates too; `{{ spreadValue() }}` merges an object into its parent; errors render as null.
 */

/** A template that cannot be rendered at all: braces that do not pair, or a key that renders to a non-string. */
export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** A span whose jq failed (rendered as null) or gave no output: kept so a surprising null can be traced. */
export interface TemplateIssue {
  field: string;
  expression: string;
  /** jq's message; absent when the filter simply gave no output. */
  message?: string;
}

/** With --strict-templates: every span whose jq failed, named by field, expression and jq's message. */
export class StrictTemplateError extends Error {
  override name = 'StrictTemplateError';
  constructor(readonly issues: TemplateIssue[]) {
    super(
      `${issues.length === 1 ? 'a template failed' : `${issues.length} templates failed`} (--strict-templates):\n${issues
        .map((issue) => `  ${issue.field}: {{ ${issue.expression.trim()} }}: ${issue.message}`)
        .join('\n')}`,
    );
  }
}

export interface RenderOptions {
  /** Names the rendered value in errors and issues, e.g. `invocationMethod.workflowInputs`. */
  field: string;
  /** A jq error fails the render (StrictTemplateError) instead of rendering null. */
  strict?: boolean;
}

export interface Rendered {
  /** The rendered value; `undefined` when the whole value was one span with no output. */
  value: unknown;
  issues: TemplateIssue[];
}

/** Beyond these a template is refused by name rather than left to exhaust the stack or the clock. */
export const MAX_TEMPLATE_DEPTH = 200;
export const MAX_SPANS = 20_000;

type Segment = { text: string } | { filter: string; expression: string };
interface ParsedString {
  segments: Segment[];
  whole: boolean;
}

const SPREAD = /^\s*spreadValue\(\)\s*$/;
const NONE = Symbol('no output');

/**
 * Renders `template` over `data` with Port's rules. All spans are collected first and evaluated in one jq run.
 * @throws TemplateError for braces that do not pair or a key that is not text; StrictTemplateError with
 * `strict`; the engine's JqTimeoutError or JqInputError.
 */
export async function renderTemplate(template: unknown, data: unknown, engine: JqEngine, options: RenderOptions): Promise<Rendered> {
  const parsed = new Map<string, ParsedString>();
  const filters: string[] = [];
  const filterIndex = new Map<string, number>();
  collect(template, options.field, 0);

  const outcomes = await engine.evaluate(filters, data);
  const issues: TemplateIssue[] = [];
  const value = render(template, options.field);
  if (options.strict) {
    const failed = issues.filter((issue) => issue.message !== undefined);
    if (failed.length) throw new StrictTemplateError(failed);
  }
  return { value: value === NONE ? undefined : value, issues };

  function collect(node: unknown, field: string, depth: number): void {
    if (depth > MAX_TEMPLATE_DEPTH) throw new TemplateError(field, `nested deeper than ${MAX_TEMPLATE_DEPTH} levels`);
    if (typeof node === 'string') return collectString(node, field);
    if (Array.isArray(node)) return node.forEach((item, index) => collect(item, `${field}[${index}]`, depth + 1));
    if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        collectString(key, `${field} key ${JSON.stringify(key)}`);
        collect(item, childField(field, key), depth + 1);
      }
    }
  }

  function collectString(text: string, field: string): void {
    if (parsed.has(text) || !text.includes('{{') && !text.includes('}}')) return;
    const result = parseSpans(text, field);
    parsed.set(text, result);
    for (const segment of result.segments) {
      if (!('filter' in segment) || filterIndex.has(segment.filter)) continue;
      if (filters.length >= MAX_SPANS) throw new TemplateError(field, `more than ${MAX_SPANS} distinct {{ }} expressions in one template`);
      filterIndex.set(segment.filter, filters.length);
      filters.push(segment.filter);
    }
  }

  function outcomeOf(segment: { filter: string; expression: string }, field: string): JqOutcome {
    const outcome = outcomes[filterIndex.get(segment.filter)!]!;
    if (outcome.kind === 'error') issues.push({ field, expression: segment.expression, message: outcome.message });
    else if (outcome.kind === 'none') issues.push({ field, expression: segment.expression });
    return outcome;
  }

  /** A string's rendering: a typed value for a whole span, else text; NONE for a whole span with no output. */
  function renderString(text: string, field: string): unknown {
    const spans = parsed.get(text);
    if (!spans) return text;
    if (spans.whole) {
      const outcome = outcomeOf(spans.segments.find((segment) => 'filter' in segment) as { filter: string; expression: string }, field);
      return outcome.kind === 'value' ? outcome.value : outcome.kind === 'error' ? null : NONE;
    }
    let out = '';
    for (const segment of spans.segments) {
      if ('text' in segment) {
        out += segment.text;
        continue;
      }
      const outcome = outcomeOf(segment, field);
      const value = outcome.kind === 'value' ? outcome.value : outcome.kind === 'error' ? null : undefined;
      out += typeof value === 'string' ? value : value === undefined ? 'undefined' : JSON.stringify(value);
    }
    return out;
  }

  function render(node: unknown, field: string): unknown {
    if (typeof node === 'string') return renderString(node, field);
    if (Array.isArray(node)) {
      return node.map((item, index) => {
        const value = render(item, `${field}[${index}]`);
        return value === NONE ? null : value;
      });
    }
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(node)) {
      const keyField = `${field} key ${JSON.stringify(key)}`;
      const spans = parsed.get(key);
      if (spans?.whole && spans.segments.some((segment) => 'filter' in segment && SPREAD.test(segment.filter))) {
        const spread = render(item, childField(field, key));
        if (spread !== null && typeof spread === 'object' && !Array.isArray(spread)) for (const [name, value] of Object.entries(spread)) define(out, name, value);
        continue;
      }
      const name = renderString(key, keyField);
      if (name === NONE || name === null || name === '') continue;
      if (typeof name !== 'string') throw new TemplateError(keyField, `a key must render to text but rendered to ${describe(name)}`);
      const value = render(item, childField(field, name));
      if (value !== NONE) define(out, name, value);
    }
    return out;
  }
}

/** Sets an own property even for `__proto__`, which plain assignment would take as the prototype. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function childField(field: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${field}.${key}` : `${field}[${JSON.stringify(key)}]`;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `the ${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Splits a string into text and spans (rule 1): inside a span a backslash skips the next character and quoted
 * runs hide braces; `{{` inside a span, a stray `}}` or an unclosed span is an error.
 */
export function parseSpans(text: string, field = 'template'): ParsedString {
  const segments: Segment[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('}}', i)) throw new TemplateError(field, `"}}" at character ${i + 1} closes no "{{"`);
    if (!text.startsWith('{{', i)) {
      literal += text[i++];
      continue;
    }
    const start = i + 2;
    let j = start;
    let quote: string | undefined;
    for (;;) {
      if (j >= text.length) throw new TemplateError(field, `the "{{" at character ${i + 1} is never closed with "}}"`);
      const ch = text[j]!;
      if (ch === '\\') j += 2;
      else if (quote) {
        if (ch === quote) quote = undefined;
        j++;
      } else if (ch === '"' || ch === "'") {
        quote = ch;
        j++;
      } else if (text.startsWith('{{', j)) throw new TemplateError(field, `"{{" at character ${j + 1} opens a span inside the span opened at character ${i + 1}`);
      else if (text.startsWith('}}', j)) break;
      else j++;
    }
    if (literal) segments.push({ text: literal });
    literal = '';
    const expression = text.slice(start, j);
    segments.push({ filter: convertQuotes(expression), expression });
    i = j + 2;
  }
  if (literal) segments.push({ text: literal });
  const spans = segments.filter((segment) => 'filter' in segment).length;
  const trimmed = text.trim();
  return { segments, whole: spans === 1 && trimmed.startsWith('{{') && trimmed.endsWith('}}') };
}

/**
 * Rule 6: single-quoted literals become double-quoted. A `'` opens a literal at the start or after whitespace
 * (not before whitespace or `"`), and closes one when not after whitespace or `"` and before whitespace or the
 * end; an apostrophe inside a word is left alone.
 */
export function convertQuotes(expression: string): string {
  return expression.replace(/(^|\s)'(?![\s"])/g, '$1"').replace(/(?<![\s"])'(?=\s|$)/g, '"');
}

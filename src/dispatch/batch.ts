import { UsageError, isObject, parseJsonText, type JsonObject } from '../core/index.js';
import { ApiError } from '../port/errors.js';
import { UncertainDispatchError } from './github.js';
import type { DispatchResult } from './types.js';

/** One NDJSON line: `{"action": {...} | "file.json", "inputs", "entity", "runId", "user", "ref"}`. */
export interface BatchItem {
  line: number;
  action: unknown;
  actionSource: string;
  inputs: Record<string, unknown>;
  entity?: string | JsonObject;
  runId?: string;
  user?: string;
  ref?: string;
}

/** `planned`: a dry run's line, checked and built but not sent. */
export type BatchState = 'dispatched' | 'planned' | 'refused' | 'uncertain' | 'invalid';

export interface BatchOutcome {
  line: number;
  state: BatchState;
  runId?: string | null;
  externalRunId?: string;
  link?: string;
  error?: string;
}

const LINE_KEYS = new Set(['action', 'inputs', 'entity', 'runId', 'user', 'ref']);

/**
 * Reads the NDJSON batch. A line that is not a batch item becomes an `invalid` outcome naming the line and
 * the problem; it never stops the others.
 */
export function parseBatch(text: string, readAction: (file: string) => unknown): { items: BatchItem[]; invalid: BatchOutcome[] } {
  const items: BatchItem[] = [];
  const invalid: BatchOutcome[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    try {
      const value = parseJsonText(raw, `line ${line}`);
      if (!isObject(value)) throw new UsageError(`line ${line}: expected a JSON object`);
      const unknown = Object.keys(value).filter((key) => !LINE_KEYS.has(key));
      if (unknown.length > 0) throw new UsageError(`line ${line}: unknown field ${unknown.join(', ')}; accepted: ${[...LINE_KEYS].join(', ')}`);
      if (value.inputs !== undefined && !isObject(value.inputs)) throw new UsageError(`line ${line}: inputs must be an object`);
      for (const key of ['runId', 'user', 'ref'] as const) {
        if (value[key] !== undefined && typeof value[key] !== 'string') throw new UsageError(`line ${line}: ${key} must be a string`);
      }
      const action = typeof value.action === 'string' ? readAction(value.action) : value.action;
      items.push({
        line,
        action,
        actionSource: typeof value.action === 'string' ? value.action : `line ${line}`,
        inputs: (value.inputs as Record<string, unknown>) ?? {},
        entity: value.entity as string | JsonObject | undefined,
        runId: value.runId as string | undefined,
        user: value.user as string | undefined,
        ref: value.ref as string | undefined,
      });
    } catch (error) {
      invalid.push({ line, state: 'invalid', error: (error as Error).message });
    }
  });
  return { items, invalid };
}

/**
 * Dispatches every item with at most `concurrency` at once (GitHub's write spacing is the client's). Each item is
 * sent at most once: a refusal is final, and a call whose answer was lost is reported `uncertain`, never repeated.
 */
export async function runBatch(
  items: BatchItem[],
  options: {
    concurrency: number;
    /** A dry run: `dispatch` only plans, and a line that went through is `planned`, never `dispatched`. */
    dryRun?: boolean;
    dispatch: (item: BatchItem) => Promise<{ runId: string | null; result: DispatchResult }>;
    onOutcome?: (outcome: BatchOutcome) => void;
  },
): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      const outcome = await dispatchOne(item, options.dispatch, options.dryRun === true);
      outcomes.push(outcome);
      options.onOutcome?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, items.length)) }, worker));
  return outcomes.sort((a, b) => a.line - b.line);
}

async function dispatchOne(item: BatchItem, dispatch: (item: BatchItem) => Promise<{ runId: string | null; result: DispatchResult }>, dryRun: boolean): Promise<BatchOutcome> {
  try {
    const { runId, result } = await dispatch(item);
    if (dryRun) return { line: item.line, state: 'planned', runId };
    return { line: item.line, state: 'dispatched', runId, externalRunId: result.externalRunId, link: result.link };
  } catch (error) {
    const state: BatchState = error instanceof UncertainDispatchError ? 'uncertain' : error instanceof ApiError ? 'refused' : error instanceof UsageError ? 'invalid' : 'refused';
    return { line: item.line, state, error: (error as Error).message };
  }
}

export function summarize(outcomes: BatchOutcome[]): Record<BatchState, number> & { lines: number } {
  const counts = { lines: outcomes.length, dispatched: 0, planned: 0, refused: 0, uncertain: 0, invalid: 0 };
  for (const outcome of outcomes) counts[outcome.state]++;
  return counts;
}

import * as core from './runner.js';
import { UsageError, parseDuration } from '../core/index.js';
import { booleanInput, textInput } from './settings.js';

/*
 * Input readers of the steps that take an operation (actions/entity, actions/run), which mirror a CLI command
 * and its flags: like the CLI, an operation refuses the inputs of another, so `merge: true` on a search is a
 * mistake named rather than a setting silently ignored.
 */

/** The operation input: one of `accepted`, in any case. */
export function operationInput<T extends string>(accepted: readonly T[]): T {
  const text = core.getInput('operation');
  if (text === '') throw new UsageError(`Invalid operation: it is empty. Expected ${listed(accepted)}.`);
  const value = text.toLowerCase();
  if (!(accepted as readonly string[]).includes(value)) throw new UsageError(`Invalid operation '${text}'. Expected ${listed(accepted)}.`);
  return value as T;
}

/** `a, b or c`. */
export function listed(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/**
 * Refuses any input of `all` that the operation does not take, naming the ones it does. A boolean input counts
 * as given when set otherwise than its default (an input left out reaches the step as its default).
 * @param booleans the boolean inputs, with their defaults.
 */
export function refuseOthers(operation: string, takes: readonly string[], all: readonly string[], booleans: Record<string, boolean>): void {
  for (const name of all) {
    if (takes.includes(name) || core.getInput(name) === '') continue;
    const fallback = booleans[name];
    if (fallback !== undefined && booleanInput(name, fallback) === fallback) continue;
    throw new UsageError(`Invalid ${name} for operation ${operation}: ${operation} does not take it. It takes ${listed(takes)}.`);
  }
}

/** A whole number input, or undefined when empty. */
export function wholeNumberInput(name: string, min: number, max: number): number | undefined {
  const text = textInput(name);
  if (text === undefined) return undefined;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new UsageError(`Invalid ${name} '${text}'. Expected a whole number from ${min} to ${max}.`);
  return value;
}

/** A duration input (90s, 30m, 1h), at least `minMs`: a zero interval would read a run as fast as Port answers. */
export function durationInput(name: string, fallback: string, minMs: number): number {
  const text = textInput(name) ?? fallback;
  const ms = parseDuration(`Invalid ${name}`, text);
  if (ms < minMs) throw new UsageError(`Invalid ${name} '${text}'. Expected ${minMs >= 1000 ? `${minMs / 1000}s` : `${minMs}ms`} or more.`);
  return ms;
}

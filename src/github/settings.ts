import * as core from './runner.js';
import { UsageError } from '../core/index.js';

const TRUE_WORDS = ['true', 'yes', 'on', '1'];
const FALSE_WORDS = ['false', 'no', 'off', '0'];

/** A boolean input that accepts true/false, yes/no, on/off, 1/0 in any case, and names the input when it refuses. */
export function booleanInput(name: string, fallback: boolean): boolean {
  const text = core.getInput(name).toLowerCase();
  if (text === '') return fallback;
  if (TRUE_WORDS.includes(text)) return true;
  if (FALSE_WORDS.includes(text)) return false;
  throw new UsageError(`Invalid ${name} '${core.getInput(name)}'. Expected true or false.`);
}

/** A text input, or undefined when empty. */
export function textInput(name: string): string | undefined {
  const text = core.getInput(name);
  return text === '' ? undefined : text;
}

import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/*
 * The runner's protocol, written here rather than taken from @actions/core: that package pulls in its HTTP
 * client and undici (measured: +40 ms and +15 MB on every step), while these few file and stdout commands
 * are all a port-ci step needs. The formats are GitHub's (PORT-FACTS.md §6).
 */

/** `name` as the runner passes it: INPUT_<NAME>, spaces as underscores. Trimmed, like the toolkit does. */
export function getInput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** One entry per non-empty line. */
export function getMultilineInput(name: string, env: NodeJS.ProcessEnv = process.env): string[] {
  return getInput(name, env)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Escapes data for a `::command::` line so no value can end the line and start another command. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function command(name: string, message: string): void {
  process.stdout.write(`::${name}::${escapeData(message)}${EOL}`);
}

/**
 * Writes `name<<DELIMITER / value / DELIMITER` to a file command (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE).
 * The delimiter is random per write, and refused if the name or value holds it, so a value can never close
 * the block early and add a variable of its own.
 */
function fileCommand(variable: string, name: string, value: string): void {
  const file = process.env[variable];
  if (!file) throw new Error(`${variable} is not set: this step must run on a GitHub Actions runner`);
  appendEnvFile(file, name, value);
}

/** Appends one `name<<DELIMITER` block to a runner file (GITHUB_ENV, GITHUB_OUTPUT, GITHUB_STATE). */
export function appendEnvFile(file: string, name: string, value: string): void {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`the value of ${name} holds the file-command delimiter`);
  if (/[\r\n]/.test(name)) throw new Error(`the name ${JSON.stringify(name)} holds a line break`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}

export function setOutput(name: string, value: string): void {
  fileCommand('GITHUB_OUTPUT', name, value);
}

export function exportVariable(name: string, value: string): void {
  process.env[name] = value;
  fileCommand('GITHUB_ENV', name, value);
}

/** Saved for this action's post step, which reads it back as STATE_<name>. */
export function saveState(name: string, value: string): void {
  fileCommand('GITHUB_STATE', name, value);
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? '';
}

/** Asks the runner to mask a value in every later log line. */
export function setSecret(value: string): void {
  if (value !== '') command('add-mask', value);
}

/**
 * A plain log line. Its text may carry user data (an action id, an email), and the runner takes any line that
 * starts with "::" as a command: line breaks are shown escaped and a leading "::" is indented, so no value can
 * add a line or a command.
 */
export function info(message: string): void {
  const oneLine = message.replace(/[\r\n\u2028\u2029\u0085]/g, (ch) => JSON.stringify(ch).slice(1, -1));
  process.stdout.write(`${oneLine.startsWith('::') ? ` ${oneLine}` : oneLine}${EOL}`);
}

export function debug(message: string): void {
  command('debug', message);
}

export function notice(message: string): void {
  command('notice', message);
}

export function warning(message: string): void {
  command('warning', message);
}

export function error(message: string): void {
  command('error', message);
}

export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

/** Appends markdown to the job summary, when the runner offers one. */
export function appendSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, markdown, 'utf8');
}

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

/*
 * What the runner takes for a workflow command (actions/runner, ActionCommand.TryParseV2 and TryParse, tried on
 * every line of a step's stdout and stderr; a line ends at \n, \r or \r\n):
 *   - a line that starts with `::NAME` after its leading white space is trimmed (.NET's Char.IsWhiteSpace: blanks,
 *     tabs, U+0085, U+00A0, U+2000-U+200A, U+2028, U+3000...), NAME one of its commands (any case) up to the next `::`;
 *   - failing that, the legacy `##[NAME ...]data` form at the first `##[` ANYWHERE in the line;
 *   - `::stop-commands::TOKEN` turns every command off until a `::TOKEN::` line.
 * nektos/act (pkg/runner/command.go) is narrower: both forms only at the very start of a line, no trimming.
 * Browsers and terminals that show the log also break lines at U+2028, U+2029 and U+0085.
 *
 * How user data is kept from being read as a command, and why not `::stop-commands::`: wrapping a line in
 * `::stop-commands::TOKEN` ... `::TOKEN::` keeps it byte for byte, but both runners echo the two control lines into
 * the log (GitHub's shows them as written; act prints them with a gear), it fails when the block does not start
 * a fresh line (a command's partial last line before it), it silences the user's own commands written meanwhile
 * (exec passes their output through), and GitHub's log viewer still formats a `##[group]` or `##[error]` line it
 * shows. So the data is escaped instead, stateless and per line:
 *   - line breaks of every kind are shown as text (`\n`, `\u2028`), so one message is one line;
 *   - a line whose first non-blank characters are `::` gets a WORD JOINER (U+2060) in front: no runner trims it
 *     (it is no white space in .NET, JavaScript or Go), so the line no longer starts with `::`;
 *   - every `##[` becomes `#\u2060#[`. The joiner sits inside the sequence, so even a culture-aware search that
 *     skips ignorable characters finds no command name after it (the name would start with `#` or `[`).
 * The joiner is invisible, so both runners show the text as it was written. The cost: a masked value holding
 * `##[` would no longer match its mask; port-ci passes no secret to these functions, only ids, emails and its own
 * messages.
 */
const WORD_JOINER = '\u2060';
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029\u0085]/g;
/** White space any runner might trim before looking for `::`: .NET's and JavaScript's (which adds U+FEFF). */
const LEADING_BLANKS = /^[\s\u0085\u180e\ufeff]*/;

/** A line break as visible text, so it cannot start a line of its own. */
function showBreak(lineBreak: string): string {
  return [...lineBreak].map((ch) => (ch === '\r' ? '\\r' : ch === '\n' ? '\\n' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('');
}

/**
 * Text for one line of the step log that no runner reads as a workflow command, shown as written (see above).
 * Exported for port-ci's other faces that write to a step's log.
 */
export function neutralizeCommands(text: string): string {
  const oneLine = text.replace(LINE_BREAK, showBreak).replace(/##\[/g, `#${WORD_JOINER}#[`);
  return oneLine.slice(LEADING_BLANKS.exec(oneLine)![0].length).startsWith('::') ? `${WORD_JOINER}${oneLine}` : oneLine;
}

/**
 * Escapes data for a `::command::` line so no value can end the line and start another command: the runner
 * unescapes %25, %0D and %0A back. The rest of the line is the command's data whatever it holds (the line already
 * is a command, so the runner looks no further: no `##[` inside it counts).
 */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * A message command (debug, notice, warning, error): also U+2028, U+2029 and U+0085 shown as text, which the
 * runner keeps in the data but a browser would show as a new line (an `::add-mask::` value stays exact).
 */
function escapeMessage(text: string): string {
  return escapeData(text.replace(/[\u2028\u2029\u0085]/g, showBreak));
}

function command(name: string, data: string): void {
  process.stdout.write(`::${name}::${data}${EOL}`);
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
  // Exact, for the mask to match. nektos/act reads a value holding `::` as another (unknown) command and prints it.
  if (value !== '') command('add-mask', escapeData(value));
}

/** A plain log line. Its text may carry user data (an action id, an email): see neutralizeCommands. */
export function info(message: string): void {
  process.stdout.write(`${neutralizeCommands(message)}${EOL}`);
}

export function debug(message: string): void {
  command('debug', escapeMessage(message));
}

export function notice(message: string): void {
  command('notice', escapeMessage(message));
}

export function warning(message: string): void {
  command('warning', escapeMessage(message));
}

export function error(message: string): void {
  command('error', escapeMessage(message));
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

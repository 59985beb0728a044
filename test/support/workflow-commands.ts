/*
 * Reads a step's output as GitHub's runner does (actions/runner: ActionCommandManager.TryProcessCommand with
 * ActionCommand.TryParseV2, then ActionCommand.TryParse), so tests can say exactly which commands a step gave the
 * runner. Written from the runner's rules, not its code:
 *   - the output is cut into lines at \n, \r and \r\n (.NET's StreamReader.ReadLine); stdout and stderr alike;
 *   - V2: the line, its leading white space trimmed (.NET's Char.IsWhiteSpace), starts with `::`; the command
 *     info runs to the next `::`; its name (to the first space) must be a registered command, in any case;
 *     properties are `k=v` pairs split at `,`; the data is the rest, %0D %0A %25 unescaped;
 *   - else the legacy form: the FIRST `##[` anywhere in the line, the command info up to the next `]`, properties
 *     split at `;`, the data after the `]` (%3B %0D %0A %5D %25 unescaped);
 *   - `stop-commands` ignores every command until one named by its data (the token, registered meanwhile).
 * A command that parses but has no handler is still taken by the runner (it warns), so it counts here too.
 * parseActCommands reads the same output as nektos/act does (pkg/runner/command.go).
 */

/** The commands a runner registers for actions (the internal-set-repo-path plugin command is not among them). */
export const RUNNER_COMMANDS = [
  'add-mask',
  'add-matcher',
  'add-path',
  'debug',
  'echo',
  'endgroup',
  'error',
  'group',
  'notice',
  'remove-matcher',
  'save-state',
  'set-env',
  'set-output',
  'stop-commands',
  'warning',
] as const;

export interface WorkflowCommand {
  /** The name as written (the runner compares names without regard to case). */
  name: string;
  properties: Record<string, string>;
  data: string;
  form: 'v2' | 'legacy';
  /** The line as read, and its 1-based number in the output. */
  line: string;
  lineNumber: number;
}

/** .NET's Char.IsWhiteSpace (Unicode Zs, Zl, Zp and the controls U+0009-U+000D, U+0085). */
const DOTNET_WHITE_SPACE = /^[\u0009-\u000d\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/;

function unescapeWith(text: string, mappings: Array<[string, string]>): string {
  let result = text;
  for (const [token, replacement] of mappings) result = result.split(replacement).join(token);
  return result;
}

const DATA_V2: Array<[string, string]> = [['\r', '%0D'], ['\n', '%0A'], ['%', '%25']];
const PROPERTY_V2: Array<[string, string]> = [['\r', '%0D'], ['\n', '%0A'], [':', '%3A'], [',', '%2C'], ['%', '%25']];
const LEGACY: Array<[string, string]> = [[';', '%3B'], ['\r', '%0D'], ['\n', '%0A'], [']', '%5D'], ['%', '%25']];

/** `String.Split(separator, StringSplitOptions.RemoveEmptyEntries)` and then `k=v` with `Split('=', 2, RemoveEmptyEntries)`. */
function properties(text: string, separator: string, unescape: (value: string) => string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of text.split(separator).filter((part) => part !== '')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const value = pair.slice(at + 1);
    if (value !== '') result[pair.slice(0, at)] = unescape(value);
  }
  return result;
}

function parseV2(line: string, registered: Set<string>): Omit<WorkflowCommand, 'line' | 'lineNumber'> | undefined {
  const message = line.slice(DOTNET_WHITE_SPACE.exec(line)![0].length);
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!registered.has(name.toLowerCase())) return undefined;
  return {
    name,
    properties: space > 0 ? properties(info.slice(space + 1).trim(), ',', (value) => unescapeWith(value, PROPERTY_V2)) : {},
    data: unescapeWith(message.slice(end + 2), DATA_V2),
    form: 'v2',
  };
}

function parseLegacy(line: string, registered: Set<string>): Omit<WorkflowCommand, 'line' | 'lineNumber'> | undefined {
  const prefix = line.indexOf('##[');
  if (prefix < 0) return undefined;
  const bracket = line.indexOf(']', prefix);
  if (bracket < 0) return undefined;
  const info = line.slice(prefix + 3, bracket);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!registered.has(name.toLowerCase())) return undefined;
  return {
    name,
    properties: space > 0 ? properties(info.slice(space + 1), ';', (value) => unescapeWith(value, LEGACY)) : {},
    data: unescapeWith(line.slice(bracket + 1), LEGACY),
    form: 'legacy',
  };
}

/** Lines as the runner reads them: cut at \r\n, \r or \n. */
export function runnerLines(output: string): string[] {
  return output.split(/\r\n|\r|\n/);
}

/**
 * Every command the runner would act on in `output` (one stream: stdout or stderr), in order, including
 * stop-commands and the token line that resumes them; lines ignored while commands are stopped are not listed.
 */
export function parseWorkflowCommands(output: string): WorkflowCommand[] {
  const registered = new Set<string>(RUNNER_COMMANDS);
  const found: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  runnerLines(output).forEach((line, index) => {
    if (line === '') return;
    const parsed = parseV2(line, registered) ?? parseLegacy(line, registered);
    if (!parsed) return;
    const name = parsed.name.toLowerCase();
    if (stopToken !== undefined) {
      // An empty token can never resume: the runner checks for one before comparing.
      if (stopToken === '' || name !== stopToken.toLowerCase()) return;
      registered.delete(stopToken.toLowerCase());
      stopToken = undefined;
    } else if (name === 'stop-commands') {
      stopToken = parsed.data;
      registered.add(stopToken.toLowerCase());
    }
    found.push({ ...parsed, line, lineNumber: index + 1 });
  });
  return found;
}

/**
 * The commands nektos/act would act on: lines cut at \n only; `::NAME[ PROPS]::DATA` or `##[NAME[ PROPS]]DATA`
 * at the very start of a line (no trimming), NAME without spaces, any NAME (unknown ones are printed, not run).
 */
export function parseActCommands(output: string): Array<{ name: string; data: string; line: string }> {
  const found: Array<{ name: string; data: string; line: string }> = [];
  for (const raw of output.split('\n')) {
    const line = raw.replace(/\r+$/, '');
    const match = /^::([^ ]+)(?: .+)?::([^\r\n]*)$/.exec(line) ?? /^##\[([^ ]+)(?: .+)?\]([^\r\n]*)$/.exec(line);
    if (match) found.push({ name: match[1]!, data: match[2]!, line });
  }
  return found;
}

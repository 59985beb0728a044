import { UsageError, didYouMean } from '../core/index.js';
import { EXIT, ExitError } from './errors.js';
import { processIo, survivePipeClose, type CliIo } from './io.js';
import packageJson from '../../package.json' with { type: 'json' };

/** A command module: its help text and what it does. Loaded only when that command runs. */
export interface Command {
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** A command as the CLI lists it: one line of help, and how to get the module that runs it. */
export interface CommandEntry {
  summary: string;
  load: () => Promise<Command>;
}

/** The commands one build of the CLI carries, and what it says about those it leaves out. */
export interface CommandTable {
  commands: Record<string, CommandEntry>;
  /** Commands this build leaves out, each with the sentence that says where to find it. */
  absent?: Record<string, string>;
  /** A closing paragraph for --help (the one-file build says what it is). */
  note?: string;
}

function helpText({ commands, note }: CommandTable): string {
  // Summaries start two columns past the longest name, so a longer name cannot run into its summary.
  const width = Math.max(...Object.keys(commands).map((name) => name.length)) + 2;
  return `port-ci ${packageJson.version}: run Port self-service actions in GitHub Actions and GitLab CI

Usage: port-ci <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, { summary }]) => `  ${name.padEnd(width)}${summary}`)
  .join('\n')}

Global options:
  -h, --help     help for port-ci or a command
  -V, --version  print the version
  --debug        show stack traces for errors

Exit codes:
  0  success
  1  unexpected error (a bug in port-ci: please report it with --debug output)
  2  usage error: a flag, payload or action definition is wrong; the message names it
  3  API error: Port, GitHub or GitLab refused or could not be reached
  4  dispatch --wait: the dispatched run failed or did not end in time
${note === undefined ? '' : `\n${note}\n`}`;
}

/**
 * Runs one command line and returns the exit code. This is the CLI's one error boundary: user errors print
 * one line, API errors their status, and only --debug shows a stack.
 */
export async function main(argv: string[], io: CliIo, table: CommandTable): Promise<number> {
  const { commands } = table;
  // Flags after "--" belong to a wrapped command (exec), not to port-ci.
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
  const debug = argv.slice(0, end).includes('--debug');
  const args = [...argv.slice(0, end).filter((arg) => arg !== '--debug'), ...argv.slice(end)];
  const [name, ...rest] = args;
  try {
    if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
      io.stdout(helpText(table));
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '-V' || name === '--version') {
      io.stdout(`${packageJson.version}\n`);
      return EXIT.ok;
    }
    const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (entry === undefined) {
      const absent = table.absent !== undefined && Object.hasOwn(table.absent, name) ? table.absent[name] : undefined;
      if (absent !== undefined) throw new UsageError(`${name}: ${absent}`);
      throw new UsageError(`unknown command "${name}"${didYouMean(name, Object.keys(commands))}; commands: ${Object.keys(commands).join(', ')} (see port-ci --help)`);
    }
    const command = await entry.load();
    const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    if (own.includes('-h') || own.includes('--help')) {
      io.stdout(command.usage);
      return EXIT.ok;
    }
    return await command.run(rest, io);
  } catch (error) {
    return report(error, io, debug);
  }
}

function report(error: unknown, io: CliIo, debug: boolean): number {
  if (error instanceof ExitError) return error.code;
  const code = exitCodeFor(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === EXIT.unexpected) io.stderr(`port-ci: unexpected error: ${message}${debug ? '' : ' (run again with --debug for the stack)'}\n`);
  else io.stderr(`port-ci: ${message}\n`);
  if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return code;
}

function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  const carried = (error as { exitCode?: unknown } | null)?.exitCode; // API errors carry their own (3)
  return typeof carried === 'number' ? carried : EXIT.unexpected;
}

/** Entry point: run argv and set the exit code without cutting off buffered output. */
export function run(table: CommandTable): void {
  survivePipeClose(process.stdout);
  survivePipeClose(process.stderr);
  main(process.argv.slice(2), processIo, table).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`port-ci: ${String(error)}\n`);
      process.exitCode = EXIT.unexpected;
    },
  );
}

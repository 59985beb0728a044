import { UsageError, didYouMean } from '../core/index.js';
import { EXIT, ExitError } from './errors.js';
import { processIo, survivePipeClose, type CliIo } from './io.js';
import packageJson from '../../package.json' with { type: 'json' };

/** A command module: its help text and what it does. Loaded only when that command runs. */
export interface Command {
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** The lazy registry: a command pays only for its own modules. */
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  context: { summary: "print the run's context (who asked for what) from Port's payload", load: async () => (await import('./commands/context.js')).command },
  sandbox: { summary: 'run a local Port API (runs page, faults on demand) to try jobs without a Port account', load: async () => (await import('./commands/sandbox.js')).command },
  log: { summary: "add a message, or standard input's lines, to the run's log", load: async () => (await import('./commands/log.js')).command },
  report: { summary: 'update the run: status, summary, links, label', load: async () => (await import('./commands/report.js')).command },
  dispatch: { summary: "do Port's side of the hand-off: validate, build the payload, trigger the backend", load: async () => (await import('./commands/dispatch.js')).command },
  'verify-signature': { summary: "check a webhook's X-Port-Signature and timestamp (for receivers)", load: async () => (await import('./commands/verify-signature.js')).command },
  exec: { summary: "run a command and stream its output to the run's log", load: async () => (await import('./commands/exec.js')).command },
};

// The summaries start two columns past the longest command name, so a new, longer name cannot run into its summary.
const nameWidth = Math.max(...Object.keys(commands).map((name) => name.length)) + 2;

const HELP = `port-ci ${packageJson.version}: run Port self-service actions in GitHub Actions and GitLab CI

Usage: port-ci <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, { summary }]) => `  ${name.padEnd(nameWidth)}${summary}`)
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
`;

/**
 * Runs one command line and returns the exit code. This is the CLI's one error boundary: user errors print
 * one line, API errors their status, and only --debug shows a stack.
 */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  // Flags after "--" belong to a wrapped command (exec), not to port-ci.
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
  const debug = argv.slice(0, end).includes('--debug');
  const args = [...argv.slice(0, end).filter((arg) => arg !== '--debug'), ...argv.slice(end)];
  const [name, ...rest] = args;
  try {
    if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
      io.stdout(HELP);
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '-V' || name === '--version') {
      io.stdout(`${packageJson.version}\n`);
      return EXIT.ok;
    }
    const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (entry === undefined) {
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
export function run(): void {
  survivePipeClose(process.stdout);
  survivePipeClose(process.stderr);
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`port-ci: ${String(error)}\n`);
      process.exitCode = EXIT.unexpected;
    },
  );
}

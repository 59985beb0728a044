import { readFileSync } from 'node:fs';
import { UsageError } from '../core/index.js';
import { neutralizeCommands } from '../github/runner.js';

/** What a command may touch of the process. Passing it in keeps commands testable and the boundary in one place. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  /** port-ci's own messages: inside GitHub Actions, no line of them can be a workflow command. */
  stderr: (text: string) => void;
  /** Reads all of standard input (for `-` file arguments). */
  readStdin: () => string;
  /** Standard input as a stream, for commands that read it line by line. */
  stdinStream: () => NodeJS.ReadableStream;
  /** Standard output and error as streams, for passing a command's bytes through unchanged. */
  stdoutStream: NodeJS.WritableStream;
  stderrStream: NodeJS.WritableStream;
}

/**
 * Keeps a closed standard output or error from crashing the process. When the reader goes away
 * (`port-ci exec -- build | head -2`), a shell's command would die of SIGPIPE; port-ci must instead keep streaming
 * every line to Port and still end the run, so Node's EPIPE error is taken as "nobody reads here any more": the
 * stream is destroyed by it, and every later write there is dropped. Other errors stay fatal.
 */
export function survivePipeClose(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

/** Writes unless the reader has gone (see survivePipeClose): a destroyed stream would only raise another error. */
function writeIfRead(stream: NodeJS.WriteStream, text: string): void {
  if (!stream.destroyed) stream.write(text);
}

/**
 * port-ci's own messages on stderr quote what they refuse (a payload's field, a flag's value). Inside GitHub
 * Actions the runner reads stderr for workflow commands too, so there each line is written so that none can be
 * taken for one (github/runner.ts). Stdout is left alone: it is data (`context --format env`) or a command's own
 * output passed through.
 */
function ownMessages(text: string): string {
  if (process.env.GITHUB_ACTIONS !== 'true') return text;
  return text
    .split('\n')
    .map((line, i, lines) => (i === lines.length - 1 && line === '' ? line : neutralizeCommands(line)))
    .join('\n');
}

export const processIo: CliIo = {
  env: process.env,
  stdout: (text) => writeIfRead(process.stdout, text),
  stderr: (text) => writeIfRead(process.stderr, ownMessages(text)),
  readStdin: () => readFileSync(0, 'utf8'),
  stdinStream: () => process.stdin,
  stdoutStream: process.stdout,
  stderrStream: process.stderr,
};

/** Reads a file named on the command line; `-` is standard input. Errors name the flag. */
export function readArgFile(io: CliIo, flag: string, file: string): string {
  if (file === '-') return io.readStdin();
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

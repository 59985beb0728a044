import { readFileSync } from 'node:fs';
import { UsageError } from '../core/index.js';

/** What a command may touch of the process. Passing it in keeps commands testable and the boundary in one place. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for `-` file arguments). */
  readStdin: () => string;
  /** Standard input as a stream, for commands that read it line by line. */
  stdinStream: () => NodeJS.ReadableStream;
  /** Standard output and error as streams, for passing a command's bytes through unchanged. */
  stdoutStream: NodeJS.WritableStream;
  stderrStream: NodeJS.WritableStream;
}

export const processIo: CliIo = {
  env: process.env,
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
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

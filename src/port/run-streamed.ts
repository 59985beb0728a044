import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { LogStream } from './log-stream.js';
import { describeStartFailure, type StartFailure } from './start-failure.js';

export interface StreamedCommand {
  command: string;
  args: string[];
  /** Where the command's own output goes, unchanged (the step log, the terminal). */
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Where its lines go as well; none when there is no run to stream to. */
  stream?: LogStream;
  env?: NodeJS.ProcessEnv;
}

export interface CommandOutcome {
  /** The exit code, or 128 + the signal's number when a signal ended it, as a shell reports it (127/126: see startFailure). */
  code: number;
  signal: NodeJS.Signals | null;
  /** Set when the command never started: not found (code 127) or not runnable (126). */
  startFailure?: StartFailure;
}

/**
 * Runs a command, passing its stdout and stderr through byte for byte while cutting them into lines for the
 * log stream. When the stream asks to slow down, the command's pipes are paused until it drains, which keeps
 * memory bounded without losing a line. SIGINT and SIGTERM sent to this process are passed on to the command.
 */
export async function runStreamed(options: StreamedCommand): Promise<CommandOutcome> {
  const child = spawn(options.command, options.args, { stdio: ['inherit', 'pipe', 'pipe'], env: options.env ?? process.env });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward).on('SIGTERM', forward);
  const sources = [child.stdout, child.stderr];
  const pause = () => {
    sources.forEach((source) => source.pause());
    void options.stream?.drained().then(() => sources.forEach((source) => source.resume()));
  };
  const piped = [pipeLines(child.stdout, options.stdout, options.stream, pause), pipeLines(child.stderr, options.stderr, options.stream, pause)];
  try {
    let notStarted: NodeJS.ErrnoException | undefined;
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      // Without a pid the command never ran: its pipes still close, and 'close' follows.
      child.on('error', (error) => (child.pid === undefined ? (notStarted = error) : reject(error)));
      child.on('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
    });
    await Promise.all(piped);
    if (notStarted) {
      const startFailure = describeStartFailure(options.command, notStarted, options.env ?? process.env);
      return { code: startFailure.code, signal: null, startFailure };
    }
    return { code: code ?? 128 + (signal ? constants.signals[signal] : 0), signal };
  } finally {
    process.off('SIGINT', forward).off('SIGTERM', forward);
  }
}

/**
 * Copies one output of the command and feeds its complete lines to the stream; the last partial line at the end.
 * Lines end at LF, CRLF or a lone CR, as the runner reads them (.NET's ReadLine): a mask command after a CR
 * (`progress\r::add-mask::x`) is a line of its own for the runner, so it must be one here too. A CR at the end
 * of a read waits for the next, which may bring its LF.
 */
function pipeLines(source: Readable, sink: NodeJS.WritableStream, stream: LogStream | undefined, pause: () => void): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  const feed = (text: string, atEnd = false) => {
    if (!stream) return;
    let buffered = partial + text;
    const heldCr = !atEnd && buffered.endsWith('\r');
    if (heldCr) buffered = buffered.slice(0, -1);
    const lines = buffered.split(LINE_BREAK);
    partial = (lines.pop() ?? '') + (heldCr ? '\r' : '');
    let keepGoing = true;
    for (const line of lines) keepGoing = stream.write(line) && keepGoing;
    if (!keepGoing) pause();
  };
  return new Promise((resolve, reject) => {
    // A sink whose reader has gone (`| head -2`) is destroyed (cli/io.ts): its bytes are dropped, never waited for,
    // while every line still goes to the stream.
    const open = () => (sink as { destroyed?: boolean }).destroyed !== true;
    source.on('data', (chunk: Buffer) => {
      if (open() && !sink.write(chunk) && open()) {
        source.pause(); // our own output is slower than the command: let it catch up
        const resume = () => {
          sink.off('drain', resume).off('close', resume);
          source.resume();
        };
        sink.on('drain', resume).on('close', resume);
      }
      feed(decoder.write(chunk));
    });
    source.on('end', () => {
      feed(decoder.end(), true);
      if (stream && partial !== '') stream.write(partial);
      resolve();
    });
    source.on('error', reject);
  });
}

const LINE_BREAK = /\r\n|\r|\n/;

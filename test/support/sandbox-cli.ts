import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { cliBundle, root } from './cli.js';

/*
 * `port-ci sandbox` as a developer runs it: the bundled CLI (run `npm run build` first) in its own process,
 * its URL read from the line it prints, stopped by a signal.
 */

export interface RunningSandbox {
  child: ChildProcessByStdio<null, Readable, Readable>;
  line: string;
  url: string;
  stderr: () => string;
  /** Sends the signal and resolves with the exit code. */
  stop: (signal: NodeJS.Signals) => Promise<number | null>;
}

const children: RunningSandbox['child'][] = [];

/** Kills every sandbox started here that is still running (for an afterEach). */
export function killSandboxClis(): void {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Starts the sandbox command and waits for its first line. */
export function startSandboxCli(args: string[], env: Record<string, string> = {}): Promise<RunningSandbox> {
  const child = spawn(process.execPath, [cliBundle, 'sandbox', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL line within 10 s; stderr: ${stderr}`)), 10_000);
    child.on('exit', (code) => reject(new Error(`exited ${code} before printing its URL; stderr: ${stderr}`)));
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      if (!stdout.includes('\n')) return;
      clearTimeout(timer);
      const line = stdout.slice(0, stdout.indexOf('\n'));
      const url = /at (http:\/\/127\.0\.0\.1:\d+);/.exec(line)?.[1];
      if (!url) return reject(new Error(`no URL in ${JSON.stringify(line)}`));
      resolve({ child, line, url, stderr: () => stderr, stop: (signal) => (child.kill(signal), exited) });
    });
  });
}

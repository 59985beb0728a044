// Shared helpers for the benchmarks: run a command many times, take medians, start the sandbox.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const cli = path.join(root, 'dist', 'cli', 'index.js');
const GNU_TIME = '/usr/bin/time';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Runs argv once and returns wall ms and, where GNU time is installed, peak RSS in KiB.
 * Output is discarded (to /dev/null) so the terminal is not what we measure.
 */
export function measure(argv, env = {}) {
  const useTime = existsSync(GNU_TIME);
  const command = useTime ? [GNU_TIME, '-f', '%M', ...argv] : argv;
  const started = process.hrtime.bigint();
  const result = spawnSync(command[0], command.slice(1), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr.slice(-500)}`);
  const peakKiB = useTime ? Number(result.stderr.trim().split('\n').at(-1)) : undefined;
  return { wallMs, peakKiB };
}

/** Starts `port-ci sandbox` as its own process (so it does not share our event loop) and returns its URL. */
export async function startSandboxProcess(args = []) {
  const child = spawn(process.execPath, [cli, 'sandbox', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const match = text.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (match) resolve(match[0]);
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
  });
  return {
    url,
    async state() {
      const response = await fetch(`${url}/api/state`);
      return response.json();
    },
    stop: () => new Promise((resolve) => {
      child.on('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}

export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  return rows.map((row) => row.map((cell, i) => String(cell).padEnd(widths[i])).join('  ')).join('\n');
}

export function hasGnuTime() {
  return existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true']).status === 0;
}

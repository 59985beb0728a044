import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/*
 * The agent consumer in a child process (test/agent/consumer-runner.ts), for tests that SIGKILL or SIGTERM it.
 * Node 20 runs no TypeScript, so the runner, src/agent and src/kafka are transpiled (types dropped, nothing bundled) into a
 * folder under node_modules/.cache, where the compiled files still resolve @platformatic/kafka from node_modules.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const OUT = path.join(ROOT, 'node_modules', '.cache', 'port-ci-agent-runner');

function transpile(relative: string): void {
  const source = readFileSync(path.join(ROOT, relative), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false } });
  const target = path.join(OUT, relative.replace(/\.ts$/, '.js'));
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, outputText);
}

let compiled: string | undefined;
function runnerScript(): string {
  if (compiled) return compiled;
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, 'package.json'), '{"type":"module"}\n');
  // The consumer and what it imports: src/agent and src/kafka (the client's options and failures).
  for (const room of ['agent', 'kafka']) {
    for (const name of readdirSync(path.join(ROOT, 'src', room)).filter((file) => file.endsWith('.ts'))) transpile(path.join('src', room, name));
  }
  transpile(path.join('test', 'agent', 'consumer-runner.ts'));
  compiled = path.join(OUT, 'test', 'agent', 'consumer-runner.js');
  return compiled;
}

export interface RunnerProcess {
  child: ChildProcess;
  /** Resolves with the health server's port (0 when none) once the consumer has joined its group. */
  ready: Promise<number>;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
  stderr(): string;
}

export function startRunner(config: Record<string, unknown>): RunnerProcess {
  const child = spawn(process.execPath, [runnerScript(), JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-500_000);
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const ready = new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /ready (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    void exited.then((code) => reject(new Error(`the agent runner exited ${code} before it was ready:\n${stderr.slice(-5000)}`)));
  });
  ready.catch(() => undefined);
  return { child, ready, exited, stderr: () => stderr };
}

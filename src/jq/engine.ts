import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** What one filter gave, by Port's single-filter rules: its first output, nothing, or an error. */
export type JqOutcome = { kind: 'value'; value: unknown } | { kind: 'none' } | { kind: 'error'; message: string };

/** How long one jq run may take before its thread is stopped (a filter like `last(repeat(1))` never ends). */
export const DEFAULT_JQ_TIMEOUT_MS = 5_000;

/** A filter that did not end within the time limit. Always a failure: a render cannot guess what it meant. */
export class JqTimeoutError extends Error {
  override name = 'JqTimeoutError';
  constructor(
    readonly filter: string,
    readonly timeoutMs: number,
  ) {
    super(`jq did not finish ${JSON.stringify(shorten(filter))} within ${timeoutMs} ms (a filter that never ends, such as repeat without limit?)`);
  }
}

/** The input itself could not be read by jq (nested too deep, say): no filter can run on it. */
export class JqInputError extends Error {
  override name = 'JqInputError';
}

export interface EvaluateOptions {
  /** What `env` and `$ENV` are; default {} (Port's rules). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface JqEngine {
  /**
   * Runs each filter over `input` with Port's rules: the first output only, `env` and `$ENV` empty, an error
   * whose message is not a string counts as no output. One jq run covers every filter when they all compile;
   * otherwise each runs alone so an error is charged to its own filter.
   * `options.env` gives the filters an environment instead (`env` and `$ENV` are that object): the execution
   * agent's mapping reads trigger tokens and GITLAB_URL from it, as port-agent's jq reads the process's.
   * @throws JqTimeoutError naming the filter that did not end; JqInputError when jq cannot read the input.
   */
  evaluate(filters: readonly string[], input: unknown, options?: EvaluateOptions): Promise<JqOutcome[]>;
  /** Starts the worker now, so its ~75 ms load overlaps other work. */
  warm(): void;
  close(): Promise<void>;
}

// Port's renderer runs every filter under these definitions (PORT-FACTS.md §8): no environment reaches jq.
// The input arrives as $__port_ci_input (see jq-worker.cjs) and becomes `.` for the filter.
const PRELUDE = 'def env: {}; {} as $ENV | $__port_ci_input | ';
/** With an environment given, it arrives as $__port_ci_env (see jq-worker.cjs). */
const ENV_PRELUDE = 'def env: $__port_ci_env; $__port_ci_env as $ENV | $__port_ci_input | ';
/**
 * jq-wasm copies its arguments onto a fixed WebAssembly stack: past about 1.5 MB it fails and the instance is
 * lost. Port refuses request bodies over 1 MiB, so a larger trigger data could not have come from Port.
 */
export const MAX_INPUT_BYTES = 1024 * 1024;
const MAX_PROGRAM_CHARS = 128 * 1024;
// The worker file sits beside this module both in src/jq/ and, bundled, in dist/cli/. The name is built at
// run time so ncc does not copy the unbundled source as an asset.
const WORKER_FILE = ['jq-worker', 'cjs'].join('.');

/**
 * The toolkit's one jq: real jq 1.7.1 (jq-wasm) in a worker thread, loaded on first use and stopped after any
 * run that exceeds `timeoutMs` (a fresh one is started for the next run).
 */
export function createJqEngine(options: { timeoutMs?: number } = {}): JqEngine {
  const timeoutMs = options.timeoutMs ?? DEFAULT_JQ_TIMEOUT_MS;
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>();

  function start(): Worker {
    if (worker) return worker;
    const started = new Worker(workerPath());
    started.on('message', (reply: WorkerReply & { id: number }) => {
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (pending.size === 0) started.unref(); // an idle engine never keeps the process alive
      waiting?.resolve(reply);
    });
    started.on('error', (error) => failAll(started, error));
    started.on('exit', (code) => failAll(started, new Error(`the jq worker stopped (exit code ${code})`)));
    started.unref();
    worker = started;
    return started;
  }

  function failAll(which: Worker, error: Error): void {
    if (worker !== which) return;
    worker = undefined;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  }

  async function run(program: string, inputText: string, filter: string, envText: string | undefined): Promise<WorkerReply> {
    const thread = start();
    const id = nextId++;
    thread.ref();
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<WorkerReply>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        timer = setTimeout(() => {
          pending.delete(id);
          worker = undefined; // the thread is stuck in wasm: only terminating it stops the filter
          void thread.terminate();
          reject(new JqTimeoutError(filter, timeoutMs));
        }, timeoutMs);
        thread.postMessage({ id, program, input: inputText, env: envText });
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** A failure inside jq-wasm may leave its memory broken: the next run gets a fresh worker. */
  function engineFailure(message: string): Error {
    const broken = worker;
    worker = undefined;
    void broken?.terminate();
    return new Error(`the jq engine failed: ${message}`);
  }

  async function evaluateOne(filter: string, inputText: string, envText: string | undefined): Promise<JqOutcome> {
    const problem = unrunnable(filter) ?? (filter.length > MAX_PROGRAM_CHARS ? `the expression is ${filter.length} characters long; at most ${MAX_PROGRAM_CHARS} are accepted` : undefined);
    if (problem) return { kind: 'error', message: problem };
    const reply = await run(`${envText === undefined ? PRELUDE : ENV_PRELUDE}first(\n${filter}\n)`, inputText, filter, envText);
    if ('failure' in reply) throw engineFailure(reply.failure);
    if (reply.exitCode === 2) throw inputError(reply.stderr);
    const line = reply.stdout.split('\n').find((text) => text !== '');
    if (line !== undefined) return { kind: 'value', value: JSON.parse(line) };
    if (reply.exitCode === 0) return { kind: 'none' };
    if (/^jq: error \(at [^)]*\) \(not a string\):/m.test(reply.stderr)) return { kind: 'none' };
    return { kind: 'error', message: jqMessage(reply.stderr) };
  }

  return {
    warm() {
      start();
    },
    async evaluate(filters, input, options = {}) {
      if (filters.length === 0) return [];
      const inputText = inputJson(input);
      const envText = options.env === undefined ? undefined : envJson(options.env);
      const outcomes: JqOutcome[] = [];
      for (const group of groups(filters)) {
        const combined =
          group.length > 1 && group.every((filter) => !unrunnable(filter))
            ? await runCombined(group, inputText, envText).catch((error: unknown) => {
                if (error instanceof JqTimeoutError) return undefined; // find the filter that does not end, alone
                throw error;
              })
            : undefined;
        if (combined) outcomes.push(...combined);
        else for (const filter of group) outcomes.push(await evaluateOne(filter, inputText, envText));
      }
      return outcomes;
    },
    async close() {
      const thread = worker;
      worker = undefined;
      if (thread) await thread.terminate();
    },
  };

  /**
   * All filters in one jq run: each inside `try`, tagged so that a value, no output and an error stay apart.
   * Undefined when the program does not compile (one bad filter), so that each filter then runs alone.
   */
  async function runCombined(filters: readonly string[], inputText: string, envText: string | undefined): Promise<JqOutcome[] | undefined> {
    const parts = filters.map(
      (filter) => `(try ([first(\n${filter}\n)] | if length == 0 then {n: true} else {v: .[0]} end) catch (if type == "string" then {e: .} else {n: true} end))`,
    );
    const prelude = envText === undefined ? PRELUDE : ENV_PRELUDE;
    const reply = await run(`${prelude}[${parts.join(',\n')}]`, inputText, filters.length === 1 ? filters[0]! : `${filters.length} filters run together`, envText);
    if ('failure' in reply) throw engineFailure(reply.failure);
    if (reply.exitCode === 2) throw inputError(reply.stderr);
    if (reply.exitCode !== 0) return undefined; // a compile error, or halt_error: let each filter speak for itself
    let tagged: unknown;
    try {
      tagged = JSON.parse(reply.stdout.trim());
    } catch {
      return undefined;
    }
    if (!Array.isArray(tagged) || tagged.length !== filters.length) return undefined;
    return tagged.map((tag: { v?: unknown; n?: true; e?: string }) =>
      'v' in tag ? { kind: 'value', value: tag.v } : 'e' in tag ? { kind: 'error', message: String(tag.e) } : { kind: 'none' },
    );
  }
}

type WorkerReply = { stdout: string; stderr: string; exitCode: number } | { failure: string };

function workerPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(here, WORKER_FILE);
  if (existsSync(beside)) return beside;
  throw new Error(`the jq worker ${WORKER_FILE} is missing beside ${here}: reinstall port-ci (dist/cli must be complete)`);
}

/**
 * Reasons a filter cannot be handed to jq as written, as jq's own compile errors would be: a NUL would cut the
 * program short (C strings), and an unbalanced `)` or `]` would close the wrapper around it and so change
 * what runs, where Port's renderer would simply fail to compile it.
 */
function unrunnable(filter: string): string | undefined {
  if (filter.includes('\u0000')) return 'syntax error: the expression contains a NUL character';
  return balanceProblem(filter);
}

/** Walks the filter as jq's lexer would (strings with `\(...)` interpolation, `#` comments) to check brackets. */
export function balanceProblem(filter: string): string | undefined {
  const closers: string[] = [];
  // Each open interpolation remembers the bracket depth at which its string resumes.
  const interpolations: number[] = [];
  let inString = false;
  for (let i = 0; i < filter.length; i++) {
    const ch = filter[i]!;
    if (inString) {
      if (ch === '\\') {
        if (filter[i + 1] === '(') {
          interpolations.push(closers.length);
          closers.push(')');
          inString = false;
        }
        i++;
      } else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '#') {
      while (i < filter.length && filter[i] !== '\n') i++;
    } else if (ch === '(' || ch === '[' || ch === '{') closers.push(ch === '(' ? ')' : ch === '[' ? ']' : '}');
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (closers.pop() !== ch) return `syntax error: unexpected '${ch}'`;
      if (interpolations.length && interpolations[interpolations.length - 1] === closers.length) {
        interpolations.pop();
        inString = true;
      }
    }
  }
  return undefined;
}

function inputJson(input: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(input) ?? 'null';
  } catch (error) {
    throw new JqInputError(`the input cannot be given to jq: ${(error as Error).message}`);
  }
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_INPUT_BYTES) throw new JqInputError(`the input is ${bytes} bytes of JSON; jq here reads at most ${MAX_INPUT_BYTES} (1 MiB, Port's own request limit)`);
  return text;
}

/** The environment as jq sees it: names with no value are left out, as they are not set. */
function envJson(env: Readonly<Record<string, string | undefined>>): string {
  const set: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === 'string') set[name] = value;
  return JSON.stringify(set);
}

/** Filters in runs of at most MAX_PROGRAM_CHARS characters of program, in order. */
function groups(filters: readonly string[]): string[][] {
  const out: string[][] = [];
  let size = Infinity;
  for (const filter of filters) {
    if (size + filter.length > MAX_PROGRAM_CHARS) {
      out.push([]);
      size = 0;
    }
    out[out.length - 1]!.push(filter);
    size += filter.length + 120; // the tagging around each filter
  }
  return out;
}

function inputError(stderr: string): JqInputError {
  return new JqInputError(`jq cannot read the input: ${jqMessage(stderr)}`);
}

/** jq's message without its "jq: error (at ...):" prefix, on one line. */
function jqMessage(stderr: string): string {
  const text = stderr
    .split('\n')
    .filter((line) => line !== '' && !/^jq: \d+ compile errors?$/.test(line))
    .join(' ')
    .replace(/^jq: error(?: \(at [^)]*\))?: ?/, '')
    .replace(/ \(Unix shell quoting issues\?\)/g, '')
    .replace(/ at <top-level>, line \d+:.*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text || 'jq failed without a message';
}

function shorten(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

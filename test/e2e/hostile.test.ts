/*
 * Hostile input, through every face that takes it from outside: `port-ci context` (json, env, dotenv), the root
 * action's main step (as a runner runs it, against the sandbox), the GitLab template (pipelines run by
 * gitlab-ci-local, against a sandbox) and `port-ci dispatch --dry-run --json`. The corpus is
 * test/support/hostile-corpus.ts: refused cases must get one line naming the field; accepted cases are hostile
 * values that are legal data and must be carried byte for byte, injecting nothing. Last, nothing any of these
 * processes wrote may hold a credential or a decrypted secret.
 *
 * Processes run with async spawn through one pool of 4, so the in-process sandbox can answer them.
 */
import { spawn } from 'node:child_process';
import { createDecipheriv, createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptSecret } from '../../src/core/index.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { cliBundle } from '../support/cli.js';
import { runPipeline } from '../support/gitlab-pipeline.js';
import {
  CORPUS_TRIGGER_TOKEN,
  DISPATCH_CASES,
  HOSTILE_CORPUS,
  HOSTILE_VALUES,
  PWNED_FILE,
  asText,
  classicMessage,
  expectedOmitted,
  githubView,
  readableRunId,
  setPath,
  type DispatchCase,
  type Expected,
  type HostileCase,
} from '../support/hostile-corpus.js';
import { runStep, type StepResult } from '../support/runner.js';
import { parseActCommands, parseWorkflowCommands, runnerLines } from '../support/workflow-commands.js';

const GITHUB_TOKEN = 'ghs_hostile_github_token_5b2e8d1c0a';
const DISPATCH_TRIGGER_TOKEN = 'glptt-hostile-dispatch-trigger-token-91c4';
const SECRET_VALUE = 'hunter2-hostile-decrypted-secret 7Qz!';
const PATH_ONLY = { PATH: process.env.PATH ?? '' };
const GITHUB_RUN = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/deployments', GITHUB_RUN_ID: '7001', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'deploy' };
const RUN_FIELDS = ['PORT_RUN_ID', 'PORT_ACTION', 'PORT_BLUEPRINT', 'PORT_ENTITY_IDENTIFIER', 'PORT_TRIGGERED_BY'];
const OUTPUT_NAMES = ['run-id', 'action', 'blueprint', 'entity-identifier', 'entity', 'triggered-by', 'inputs', 'format'];
/** What the main step hands later steps besides the run (README: one token per job). */
const REPORTING_ENV = ['PORT_CLIENT_ID', 'PORT_CLIENT_SECRET', 'PORT_BASE_URL', 'PORT_RUN_ID', 'PORT_ACCESS_TOKEN', 'PORT_ACCESS_TOKEN_EXPIRES_AT'];
/** GITHUB_ENV entries that carry a credential by design: the job's token and client secret for later port-ci steps. */
const CREDENTIAL_HANDOFF = new Set(['PORT_ACCESS_TOKEN', 'PORT_CLIENT_SECRET']);

// ---------------------------------------------------------------------------------------------------------------
// Processes, scratch space and everything produced (for the secrets check at the end)
// ---------------------------------------------------------------------------------------------------------------

function pool(size: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
const processes = pool(4);
const pipelines = pool(2);

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function spawnRaw(command: string, args: string[], options: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

const run = (command: string, args: string[], options: { cwd: string; env: Record<string, string>; timeoutMs?: number }) => processes(() => spawnRaw(command, args, options));
const cli = (args: string[], options: { cwd: string; env: Record<string, string> }) => run(process.execPath, [cliBundle, ...args], options);

const scratch = mkdtempSync(path.join(tmpdir(), 'port-ci-hostile-'));
let scratchCount = 0;
function scratchDir(prefix: string): string {
  const dir = path.join(scratch, `${prefix}-${++scratchCount}`);
  mkdirSync(dir);
  return dir;
}

/** Everything a face wrote, by where it was written, for the secrets check. */
const produced: Array<{ where: string; text: string }> = [];
const record = (where: string, text: string | undefined) => void (text && produced.push({ where, text }));
/** Port access tokens the main steps got, and the one handed to the GitLab pipelines. */
const portTokens = new Set<string>();

const short = (text: string, max = 300) => JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
const hasStack = (text: string) => /\n\s+at |%0A\s+at /.test(text);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------------------------
// Reading outputs back
// ---------------------------------------------------------------------------------------------------------------

/** Non-string input values are compact JSON: equal when they parse to the same value. */
function sameText(got: string | undefined, want: string): boolean {
  if (got === want) return true;
  if (got === undefined || !/^[[{]/.test(want)) return false;
  try {
    return JSON.stringify(JSON.parse(got)) === JSON.stringify(JSON.parse(want)) && !/[\n\r\u2028\u2029]/.test(got);
  } catch {
    return false;
  }
}

/** Compares the variables a job got with what it must get: the same names, every value byte for byte. */
function envProblems(got: Map<string, string>, expected: Expected, where: string, extra: string[] = []): string[] {
  const problems: string[] = [];
  const wanted = new Set([...Object.keys(expected.env), 'PORT_INPUTS', ...extra]);
  for (const name of got.keys()) if (!wanted.has(name)) problems.push(`${where}: unexpected variable ${name}=${short(got.get(name)!, 80)}`);
  for (const [name, value] of Object.entries(expected.env)) {
    if (!got.has(name)) problems.push(`${where}: ${name} is missing`);
    else if (!sameText(got.get(name), value)) problems.push(`${where}: ${name} is ${short(got.get(name)!)}, expected ${short(value)}`);
  }
  const inputs = got.get('PORT_INPUTS');
  try {
    if (inputs === undefined) problems.push(`${where}: PORT_INPUTS is missing`);
    else if (JSON.stringify(JSON.parse(inputs)) !== JSON.stringify(expected.inputs)) problems.push(`${where}: PORT_INPUTS is ${short(inputs)}`);
  } catch {
    problems.push(`${where}: PORT_INPUTS is not JSON: ${short(inputs!)}`);
  }
  return problems;
}

/** Parses dash's `set` output: NAME='value' with quotes written as '"'"', values spanning lines. */
function parseShellSet(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    const name = text.slice(i, eq);
    if (eq < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`set printed a line that is no variable: ${short(text.slice(i, i + 80))}`);
    i = eq + 1;
    let value = '';
    while (i < text.length && text[i] !== '\n') {
      const quote = text[i];
      if (quote === "'" || quote === '"') {
        const end = text.indexOf(quote, i + 1);
        value += text.slice(i + 1, end);
        i = end + 1;
      } else {
        value += text[i];
        i += 1;
      }
    }
    vars.set(name, value);
    i += 1;
  }
  return vars;
}

/** A dotenv report as GitLab reads it: NAME=value lines; NAME_B64 decoded back to NAME. */
function dotenvProblems(text: string, expected: Expected, where: string): { problems: string[]; values: Map<string, string> } {
  const problems: string[] = [];
  const values = new Map<string, string>();
  const known = new Set([...Object.keys(expected.env), 'PORT_INPUTS']);
  if (text !== '' && !text.endsWith('\n')) problems.push(`${where}: does not end with a newline`);
  for (const line of text.split('\n').slice(0, -1)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match || /[\r\u2028\u2029\u0085]/.test(line)) {
      problems.push(`${where}: a line GitLab cannot read as one variable: ${short(line, 120)}`);
      continue;
    }
    const [, name, value] = match as unknown as [string, string, string];
    if (known.has(name)) {
      // GitLab keeps a value up to the line end, trims blanks and expands $NAME: a plain value must survive that.
      if (value !== value.trim() || value.includes('$') || /\p{Cc}/u.test(value)) problems.push(`${where}: ${name} cannot survive a dotenv report as written: ${short(value)}`);
      values.set(name, value);
    } else if (name.endsWith('_B64') && known.has(name.slice(0, -4))) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) problems.push(`${where}: ${name} is not base64: ${short(value)}`);
      values.set(name.slice(0, -4), Buffer.from(value, 'base64').toString('utf8'));
    } else {
      problems.push(`${where}: unexpected variable ${name}`);
      continue;
    }
    if (values.size !== new Set(values.keys()).size) problems.push(`${where}: ${name} twice`);
  }
  return { problems, values };
}

const escapeCommand = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** The commands nektos/act acts on (any other name it only prints). */
const ACT_COMMANDS = new Set(['set-env', 'set-output', 'add-path', 'debug', 'warning', 'error', 'add-mask', 'stop-commands', 'save-state', 'add-matcher']);

/**
 * Reads a step's output as the runners do (test/support/workflow-commands.ts: GitHub's rules, then act's): only
 * the step's own commands may appear, each a whole `::name::data` line as runner.ts writes it, so no value became
 * a command or the properties of one. And nothing else may look like one in the log: GitHub's log viewer formats
 * a `##[group]` or `##[error]` line even when no command ran, and breaks lines at U+2028, U+2029 and U+0085.
 */
function commandProblems(text: string, where: string, options: { masks: (value: string) => boolean; refused: boolean }): string[] {
  const problems: string[] = [];
  const ours = new Set<string>();
  for (const command of parseWorkflowCommands(text)) {
    const { name, data, line } = command;
    if (command.form !== 'v2' || line !== `::${name}::${escapeCommand(data)}`) {
      problems.push(`${where}: a workflow command the step did not write: ${short(line, 160)}`);
      continue;
    }
    ours.add(line);
    if (name === 'add-mask') {
      if (!options.masks(data)) problems.push(`${where}: masks something that is no secret: ${short(line, 120)}`);
    } else if (name === 'notice' && data.startsWith('Reporting to Port is off: ')) {
      // the step's own notice
    } else if (name === 'warning' && /^(inputs "|inputs\.|variables\.|port_payload\.|port_context\.|Could not )/.test(data)) {
      // the step's own warnings about the payload or Port
    } else if (!(options.refused && name === 'error')) {
      problems.push(`${where}: a workflow command the step did not mean: ${short(line, 160)}`);
    }
  }
  for (const command of parseActCommands(text)) {
    if (ACT_COMMANDS.has(command.name) && !ours.has(command.line)) problems.push(`${where}: a command for nektos/act: ${short(command.line, 160)}`);
  }
  for (const line of runnerLines(text)) {
    // In the data of the step's own command a `##[` is data: the runner takes the line for that command only.
    if (line.includes('##[') && !ours.has(line)) problems.push(`${where}: a legacy workflow command in the log: ${short(line, 120)}`);
    if (line.startsWith('::add-mask::')) continue;
    for (const shown of line.split(/[\u2028\u2029\u0085]/).slice(1)) {
      if (shown.trimStart().startsWith('::')) problems.push(`${where}: a line break shown before a command: ${short(line, 120)}`);
    }
  }
  return problems;
}

/** A secret input's ciphertext as PORT-FACTS.md §4 describes it, opened independently of port-ci's code. */
function decrypt(ciphertext: string, clientSecret: string): string {
  const data = Buffer.from(ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(clientSecret, 'utf8').subarray(0, 32), data.subarray(0, 16));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(16, data.length - 16)), decipher.final()]).toString('utf8');
}

// ---------------------------------------------------------------------------------------------------------------
// The shared sandbox and the shell's own variables
// ---------------------------------------------------------------------------------------------------------------

let sandbox: Sandbox;
let shellBaseline: Set<string>;
let credentials: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox();
  for (const c of HOSTILE_CORPUS) {
    for (const expected of [c.expected, githubView(c).expected]) if (expected?.runId) sandbox.createRun(expected.runId);
  }
  credentials = { 'port-client-id': SANDBOX_CLIENT_ID, 'port-client-secret': SANDBOX_CLIENT_SECRET, 'port-base-url': sandbox.url, 'github-token': GITHUB_TOKEN };
  const dir = scratchDir('baseline');
  writeFileSync(path.join(dir, 'empty.sh'), '');
  const shell = await spawnRaw('sh', ['-c', '. "$1" && set', 'sh', path.join(dir, 'empty.sh')], { cwd: dir, env: PATH_ONLY });
  shellBaseline = new Set(parseShellSet(shell.stdout).keys());
});
afterAll(async () => sandbox?.close());

it('the corpus is large enough and covers both kinds and every shape', () => {
  expect(HOSTILE_CORPUS.length).toBeGreaterThanOrEqual(110);
  const count = (kind: string) => HOSTILE_CORPUS.filter((c) => c.kind === kind).length;
  expect(count('accepted')).toBeGreaterThanOrEqual(40);
  expect(count('refused')).toBeGreaterThanOrEqual(70);
  expect(new Set(HOSTILE_CORPUS.map((c) => c.shape))).toEqual(new Set(['message', 'port_context', 'gitlab', 'github']));
  expect(new Set(HOSTILE_CORPUS.map((c) => c.name)).size).toBe(HOSTILE_CORPUS.length);
  for (const c of HOSTILE_CORPUS) expect(c.kind === 'refused' ? c.field !== undefined : c.expected !== undefined, c.name).toBe(true);
});

// ---------------------------------------------------------------------------------------------------------------
// port-ci context
// ---------------------------------------------------------------------------------------------------------------

/** Where `port-ci context` finds a case: the flag for a message, the CI system's variable for an envelope. */
function contextSource(c: HostileCase, dir: string): { args: string[]; env: Record<string, string> } {
  const file = path.join(dir, 'payload.json');
  if (c.shape === 'github') {
    writeFileSync(file, JSON.stringify({ inputs: c.raw, ref: 'refs/heads/main', workflow: '.github/workflows/deploy.yml' }));
    return { args: [], env: { GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: file } };
  }
  writeFileSync(file, asText(c.raw));
  if (c.shape === 'gitlab') return { args: [], env: { GITLAB_CI: 'true', TRIGGER_PAYLOAD: file } };
  return { args: ['--payload-file', file], env: {} };
}

function refusalProblems(result: Ran, field: string, where: string): string[] {
  const problems: string[] = [];
  if (result.code !== 2) problems.push(`${where}: exit ${result.code}${result.signal ? ` (${result.signal})` : ''}, expected 2`);
  if (result.stdout !== '') problems.push(`${where}: printed ${short(result.stdout, 120)} on stdout`);
  if (hasStack(result.stderr)) problems.push(`${where}: printed a stack trace`);
  if (!/^[^\n]*\n$/.test(result.stderr)) problems.push(`${where}: stderr is not exactly one line: ${short(result.stderr)}`);
  // As a reader sees it: inside GitHub Actions, invisible word joiners keep a quoted `##[` from being a command.
  const shown = result.stderr.replace(/\u2060/g, '');
  if (!shown.startsWith(`port-ci: ${field}: expected `)) problems.push(`${where}: stderr ${short(result.stderr)} does not start with ${short(`port-ci: ${field}: expected `)}`);
  return problems;
}

describe('port-ci context', () => {
  for (const c of HOSTILE_CORPUS) {
    it.concurrent(`${c.kind}: ${c.name}`, async ({ expect }) => {
      const dir = scratchDir('context-in');
      const cwd = mkdtempSync(path.join(tmpdir(), 'port-ci-hostile-cwd-'));
      try {
        const source = contextSource(c, dir);
        const env = { ...PATH_ONLY, ...source.env, PORT_CLIENT_ID: SANDBOX_CLIENT_ID, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET };
        const results = Object.fromEntries(
          await Promise.all((['json', 'env', 'dotenv'] as const).map(async (format) => [format, await cli(['context', ...source.args, '--format', format], { cwd, env })] as const)),
        ) as Record<'json' | 'env' | 'dotenv', Ran>;
        for (const [format, result] of Object.entries(results)) {
          record(`context ${format} stdout (${c.name})`, result.stdout);
          record(`context ${format} stderr (${c.name})`, result.stderr);
        }
        const problems: string[] = [];
        if (source.env.GITHUB_ACTIONS) {
          // In a GitHub job the runner reads stderr for commands: port-ci's messages may quote values, never run them.
          for (const [format, result] of Object.entries(results)) {
            for (const command of [...parseWorkflowCommands(result.stderr), ...parseActCommands(result.stderr)]) problems.push(`--format ${format}: a workflow command on stderr: ${short(command.line, 160)}`);
          }
        }
        if (c.kind === 'refused') {
          for (const [format, result] of Object.entries(results)) problems.push(...refusalProblems(result, c.field!, `--format ${format}`));
        } else {
          const expected = c.expected!;
          for (const [format, result] of Object.entries(results)) {
            if (result.code !== 0) problems.push(`--format ${format}: exit ${result.code}: ${short(result.stderr)}`);
            if (hasStack(result.stderr)) problems.push(`--format ${format}: printed a stack trace`);
            for (const line of result.stderr.split('\n').slice(0, -1)) if (!line.startsWith('port-ci: warning: ')) problems.push(`--format ${format}: stderr ${short(line)}`);
          }
          if (results.json.code === 0) {
            const json = JSON.parse(results.json.stdout) as Record<string, unknown>;
            const want = { runId: expected.runId, action: expected.action, blueprint: expected.blueprint, entityIdentifier: expected.entityIdentifier, triggeredBy: expected.triggeredBy };
            const got = { runId: json.runId, action: json.action, blueprint: json.blueprint, entityIdentifier: json.entityIdentifier, triggeredBy: json.triggeredBy };
            if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`--format json: ${short(JSON.stringify(got))}, expected ${short(JSON.stringify(want))}`);
            if (JSON.stringify(json.inputs) !== JSON.stringify(expected.inputs)) problems.push(`--format json: inputs ${short(JSON.stringify(json.inputs))}`);
            if (results.json.stdout.split('\n').length !== 2) problems.push('--format json: not one line');
          }
          if (results.env.code === 0) {
            const script = path.join(dir, 'env.sh');
            writeFileSync(script, results.env.stdout);
            // `set` lists every shell variable, exported or not; `env -0` gives the exported values byte for byte.
            const setFile = path.join(dir, 'set.txt');
            const shell = await run('sh', ['-c', '. "$1" && set > "$2" && exec env -0', 'sh', script, setFile], { cwd, env: PATH_ONLY });
            if (shell.code !== 0) problems.push(`sh: exit ${shell.code}: ${short(shell.stderr)}`);
            const exported = new Map(
              shell.stdout
                .split('\0')
                .slice(0, -1)
                .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as [string, string]),
            );
            const shellVars = parseShellSet(readFileSync(setFile, 'utf8'));
            for (const name of shellBaseline) {
              exported.delete(name);
              shellVars.delete(name);
            }
            problems.push(...envProblems(exported, expected, 'env (exported)'));
            problems.push(...envProblems(shellVars, expected, 'env (sh set)'));
          }
          if (results.dotenv.code === 0) {
            const dotenv = dotenvProblems(results.dotenv.stdout, expected, 'dotenv');
            problems.push(...dotenv.problems, ...envProblems(dotenv.values, expected, 'dotenv (decoded)'));
          }
        }
        const left = readdirSync(cwd);
        if (left.length > 0) problems.push(`files appeared in the working directory: ${left.join(', ')}`);
        expect(problems).toEqual([]);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    }, 60_000);
  }
});

// ---------------------------------------------------------------------------------------------------------------
// The root action's main step
// ---------------------------------------------------------------------------------------------------------------

function recordStep(where: string, step: StepResult, secretEnv: string[] = []): void {
  record(`${where}: stdout`, step.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n'));
  record(`${where}: stderr`, step.stderr);
  record(`${where}: GITHUB_OUTPUT`, JSON.stringify(step.outputs));
  const env = Object.fromEntries(Object.entries(step.env).filter(([name]) => !CREDENTIAL_HANDOFF.has(name) && !secretEnv.includes(name)));
  record(`${where}: GITHUB_ENV`, JSON.stringify(env));
  record(`${where}: GITHUB_STATE`, JSON.stringify(step.state));
  record(`${where}: step summary`, step.summary);
  for (const token of tokensMasked(step)) portTokens.add(token);
}

/** The Port tokens a step got: it masks each one (sandbox tokens start sbx_) before anything could print it. */
function tokensMasked(step: StepResult): string[] {
  return [...(step.stdout + step.stderr).matchAll(/^::add-mask::(sbx_[A-Za-z0-9_-]+)$/gm)].map((match) => match[1]!);
}

/** Every check on one main step: exit code, stack, workflow commands, and what it wrote. */
function mainStepProblems(step: StepResult, view: { kind: 'refused' | 'accepted'; field?: string; expected?: Expected }, extraMasks: (value: string) => boolean = () => false): string[] {
  const problems: string[] = [];
  const masks = (value: string) => value === SANDBOX_CLIENT_SECRET || tokensMasked(step).includes(value) || extraMasks(value);
  const refused = view.kind === 'refused';
  if (step.code !== 0 && step.code !== 1) problems.push(`exit ${step.code}`);
  if (hasStack(step.stdout + step.stderr)) problems.push('a stack trace');
  if (/^::debug::/m.test(step.stdout)) problems.push(`a debug line (an unexpected error): ${short(step.stdout)}`);
  problems.push(...commandProblems(step.stdout, 'stdout', { masks, refused }), ...commandProblems(step.stderr, 'stderr', { masks, refused }));
  for (const name of Object.keys(step.state)) if (!['isPost', 'run-id', 'ending'].includes(name)) problems.push(`state ${name}`);
  if (refused) {
    if (step.code !== 1) problems.push(`exit ${step.code}, expected 1`);
    const errors = step.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    if (errors.length !== 1) problems.push(`${errors.length} ::error:: lines: ${short(errors.join(' | '))}`);
    else if (!errors[0]!.startsWith(`::error::${escapeCommand(view.field!)}: expected `)) problems.push(`${short(errors[0]!)} does not name ${short(view.field!)}`);
    if (Object.keys(step.outputs).length > 0) problems.push(`outputs ${short(JSON.stringify(step.outputs))}`);
    if (Object.keys(step.env).length > 0) problems.push(`env ${short(JSON.stringify(step.env))}`);
    return problems;
  }
  const expected = view.expected!;
  if (step.code !== 0) problems.push(`exit ${step.code}: ${short(step.stdout)}`);
  const names = Object.keys(step.outputs).sort();
  if (JSON.stringify(names) !== JSON.stringify([...OUTPUT_NAMES].sort())) problems.push(`outputs ${names.join(', ')}`);
  const want: Record<string, string> = {
    'run-id': expected.runId ?? '',
    action: expected.action ?? '',
    blueprint: expected.blueprint ?? '',
    'entity-identifier': expected.entityIdentifier ?? '',
    'triggered-by': expected.triggeredBy ?? '',
  };
  for (const [name, value] of Object.entries(want)) if (step.outputs[name] !== value) problems.push(`output ${name} is ${short(step.outputs[name] ?? '(none)')}, expected ${short(value)}`);
  if (step.outputs.inputs === undefined || JSON.stringify(JSON.parse(step.outputs.inputs)) !== JSON.stringify(expected.inputs)) problems.push(`output inputs is ${short(step.outputs.inputs ?? '(none)')}`);
  const env = new Map(Object.entries(step.env));
  if (expected.runId) {
    if (!env.has('PORT_BASE_URL')) problems.push('PORT_BASE_URL not handed to later steps');
    if (env.has('PORT_ACCESS_TOKEN')) problems.push('the Port token put in the environment of later steps');
    if (!sandbox.runs.get(expected.runId)?.logs.some((log) => log.message.startsWith('GitHub workflow run started'))) problems.push(`run ${expected.runId} was not told the workflow started`);
  }
  problems.push(...envProblems(env, expected, 'GITHUB_ENV', expected.runId ? REPORTING_ENV.filter((name) => !RUN_FIELDS.includes(name)) : []));
  return problems;
}

describe('the root action main step', () => {
  for (const c of HOSTILE_CORPUS) {
    const view = githubView(c);
    it.concurrent(`${view.kind}: ${c.name}`, async ({ expect }) => {
      const step = await processes(() => runStep('main', { inputs: credentials, event: view.event, env: GITHUB_RUN, timeoutMs: 30_000 }));
      recordStep(`main step (${c.name})`, step);
      expect(mainStepProblems(step, view)).toEqual([]);
    }, 60_000);
  }

  /** The same hostile values as isolated workflow inputs: alone (an omitPayload run), and beside port_payload. */
  for (const [name, value] of HOSTILE_VALUES) {
    it.concurrent(`accepted: isolated input alone: ${name}`, async ({ expect }) => {
      const view = { kind: 'accepted' as const, expected: expectedOmitted({ note: value }, { note: 'PORT_INPUT_NOTE' }) };
      const step = await processes(() => runStep('main', { inputs: credentials, event: { inputs: { note: value }, workflow: 'deploy.yml' }, env: GITHUB_RUN }));
      recordStep(`main step, isolated (${name})`, step);
      expect(mainStepProblems(step, view)).toEqual([]);
    }, 60_000);
    it.concurrent(`accepted: isolated input beside port_payload: ${name}`, async ({ expect }) => {
      const c = HOSTILE_CORPUS.find((entry) => entry.name === `value: ${name}`)!;
      const step = await processes(() => runStep('main', { inputs: credentials, event: { inputs: { port_payload: asText(c.raw), note: value }, workflow: 'deploy.yml' }, env: GITHUB_RUN }));
      recordStep(`main step, isolated beside the payload (${name})`, step);
      expect(mainStepProblems(step, { kind: 'accepted', expected: c.expected! })).toEqual([]);
      expect(step.stdout).not.toContain('::warning::');
    }, 60_000);
  }

  it('decrypts a hostile secret input only into its own variable, masked before anything is written', async () => {
    const runId = 'r_hostilesecret1';
    sandbox.createRun(runId);
    const secret = `${SECRET_VALUE}\n::set-output name=leak::$(id)`;
    const message = setPath(classicMessage(runId, { db_password: encryptSecret(secret, SANDBOX_CLIENT_SECRET), note: 'plain' }), 'payload.action.userInputs.properties', {
      db_password: { type: 'string', encryption: 'aes256-gcm' },
      note: { type: 'string' },
    });
    const step = await processes(() =>
      runStep('main', { inputs: { ...credentials, 'decrypt-secrets': 'true' }, event: { inputs: { port_payload: JSON.stringify(message) }, workflow: 'deploy.yml' }, env: GITHUB_RUN }),
    );
    // The decrypted value goes to the environment only: its own variable, and PORT_INPUTS, which holds every input.
    recordStep('main step, decrypted secret', step, ['PORT_INPUT_DB_PASSWORD', 'PORT_INPUTS']);
    const inputs = { db_password: secret, note: 'plain' };
    const expected: Expected = {
      runId,
      action: 'deploy_service',
      blueprint: 'service',
      entityIdentifier: 'checkout-api',
      triggeredBy: 'dana@acme.example',
      inputs,
      env: {
        PORT_RUN_ID: runId,
        PORT_ACTION: 'deploy_service',
        PORT_BLUEPRINT: 'service',
        PORT_ENTITY_IDENTIFIER: 'checkout-api',
        PORT_TRIGGERED_BY: 'dana@acme.example',
        PORT_SECRET_ENV: 'PORT_INPUT_DB_PASSWORD,PORT_INPUTS',
        PORT_INPUT_DB_PASSWORD: secret,
        PORT_INPUT_NOTE: 'plain',
      },
    };
    const isSecretPiece = (value: string) => value !== '' && (secret.includes(value) || JSON.stringify(secret).includes(value));
    // Outputs outlive the job: there the secret stays encrypted (checked below), unlike in the environment.
    expect(mainStepProblems(step, { kind: 'accepted', expected }, isSecretPiece).filter((problem) => !problem.startsWith('output inputs is'))).toEqual([]);
    expect(decrypt(JSON.parse(step.outputs.inputs!).db_password, SANDBOX_CLIENT_SECRET)).toBe(secret);
    expect(step.stdout).toContain(`::add-mask::${escapeCommand(secret)}`);
    expect(step.stdout.indexOf('::add-mask::hunter2')).toBeLessThan(step.stdout.indexOf('Port run '));
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------------------
// The GitLab template
// ---------------------------------------------------------------------------------------------------------------

const GITLAB_SUBSET = [
  'value: a newline then an export line',
  'value: command substitution, backticks, arithmetic',
  'value: dollar references',
  'value: quotes and backslashes',
  'value: unicode line and paragraph separators, NEL',
  'value: right-to-left override and Hebrew',
  'value: surrounding blanks',
  'gitlab: NUL in a variable',
  'gitlab: valid run id, payload.properties an array',
  'classic: trigger.by.user.email a number',
  'classic: run id with a shell command',
];

/** A corpus case as Port's agent sends it to GitLab: the message as port_payload, the inputs as variables (jq tostring). */
function asTriggerBody(c: HostileCase): Record<string, unknown> {
  if (c.shape === 'gitlab') return JSON.parse(asText(c.raw)) as Record<string, unknown>;
  const inputs = c.expected?.inputs ?? {};
  const variables = Object.fromEntries(Object.entries(inputs).map(([id, value]) => [id, typeof value === 'string' ? value : JSON.stringify(value)]));
  return { token: CORPUS_TRIGGER_TOKEN, ref: 'main', variables, port_payload: JSON.parse(asText(c.raw)) };
}

/** A later job that logs each input variable exactly, reading NAME_B64 when the dotenv report had to use it. */
function carryJob(names: string[]): string {
  const lines = names.map((name) =>
    JSON.stringify(
      `if [ -n "\${${name}_B64+set}" ]; then v=$(printf %s "$${name}_B64" | base64 -d; printf .); else v="\${${name}-}."; fi; $PORT_CI log -- "\${v%.}"`,
    ),
  );
  return `stages: [build]\ncarry:\n  stage: build\n  script:\n${lines.map((line) => `    - ${line}`).join('\n')}\n`;
}

function filesNamed(dir: string, pattern: RegExp): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) if (pattern.test(entry.name)) found.push(path.join(entry.parentPath ?? '', entry.name));
  return found;
}

describe('the GitLab template', () => {
  let gitlabSandbox: Sandbox;
  let token: string;
  beforeAll(async () => {
    gitlabSandbox = await startSandbox();
    token = gitlabSandbox.issueToken();
    portTokens.add(token);
  });
  afterAll(async () => gitlabSandbox?.close());

  for (const name of GITLAB_SUBSET) {
    const c = HOSTILE_CORPUS.find((entry) => entry.name === name);
    it.concurrent(`${c?.kind}: ${name}`, async ({ expect }) => {
      expect(c, name).toBeDefined();
      const body = asTriggerBody(c!);
      const runId = c!.kind === 'accepted' ? c!.expected!.runId : readableRunId(c!);
      if (runId) gitlabSandbox.createRun(runId);
      // GitLab gives the trigger's variables to every job too; an environment cannot hold a NUL, so that one is not.
      const variables = Object.fromEntries(Object.entries((body.variables ?? {}) as Record<string, unknown>).filter(([, value]) => typeof value === 'string' && !value.includes('\u0000'))) as Record<string, string>;
      const inputNames = c!.kind === 'accepted' ? Object.keys(c!.expected!.env).filter((variable) => !RUN_FIELDS.includes(variable)) : [];
      const result = await pipelines(() =>
        runPipeline({
          portBaseUrl: gitlabSandbox.url,
          trigger: body,
          variables: {
            ...variables,
            PORT_CLIENT_ID: SANDBOX_CLIENT_ID,
            PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
            PORT_ACCESS_TOKEN: token,
            PORT_RETRY_DEADLINE_SECONDS: '1',
            CI_API_V4_URL: 'http://127.0.0.1:9/api/v4',
            GCL_IGNORE_PREDEFINED_VARS: 'CI_API_V4_URL',
          },
          jobs: c!.kind === 'accepted' ? carryJob(inputNames) : 'stages: [build]\n',
        }),
      );
      try {
        record(`gitlab pipeline output (${name})`, result.output);
        record(`gitlab dotenv report (${name})`, result.dotenv());
        expect(result.output).not.toMatch(/\n\s+at .*\.js:\d+/);
        expect(filesNamed(result.dir, /pwned/)).toEqual([]);
        const dotenv = result.dotenv();
        if (dotenv !== undefined) for (const line of dotenv.split('\n').slice(0, -1)) expect(line).toMatch(/^[A-Z0-9_]+=[^\r\u2028\u2029]*$/);
        if (c!.kind === 'accepted') {
          expect(result.output).toMatch(/PASS\s+carry/);
          expect(result.code).toBe(0);
          const logged = gitlabSandbox.runs.get(runId!)!.logs.map((log) => log.message);
          expect(logged[0]).toMatch(/^GitLab pipeline started: /);
          expect(logged.slice(1)).toEqual(inputNames.map((variable) => c!.expected!.env[variable]));
          expect(gitlabSandbox.runs.get(runId!)!.status).toBe('SUCCESS');
        } else {
          expect(result.output).toContain(`port-ci: ${c!.field}: expected `);
          expect(result.output).toMatch(/FAIL\s+port-context/);
          if (runId) {
            // Never left IN_PROGRESS: the report job peeks the run id in TRIGGER_PAYLOAD.
            expect(gitlabSandbox.runs.get(runId)!.status).toBe('FAILURE');
          } else {
            expect(gitlabSandbox.requests.filter((request) => /touch|pwned|%3B|;/.test(request.path))).toEqual([]);
          }
        }
      } finally {
        rmSync(result.dir, { recursive: true, force: true });
      }
    }, 90_000);
  }
});

// ---------------------------------------------------------------------------------------------------------------
// port-ci dispatch --dry-run --json
// ---------------------------------------------------------------------------------------------------------------

interface Plan {
  backend: string;
  runId: string | null;
  request: { method: string; url: string; headers: Record<string, string>; body: Record<string, unknown> };
  payload: Record<string, unknown> | null;
}

function inputText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function planProblems(d: DispatchCase, plan: Plan): string[] {
  const problems: string[] = [];
  const body = plan.request.body;
  const message = (d.backend === 'GITHUB' ? JSON.parse(String((body.inputs as Record<string, string>).port_payload)) : d.backend === 'GITLAB' ? body.port_payload : body) as Record<string, any>;
  const properties = message.payload.properties as Record<string, unknown>;
  for (const [id, value] of Object.entries(d.values ?? {})) {
    const secret = id === 'secret';
    const carried = secret ? decrypt(String(properties[id]), SANDBOX_CLIENT_SECRET) : properties[id];
    if (JSON.stringify(carried) !== JSON.stringify(value)) problems.push(`run message: ${id} is ${short(JSON.stringify(properties[id]))}`);
    if (secret && String(properties[id]).includes(String(value))) problems.push(`run message: ${id} is not encrypted`);
    const text = d.backend === 'GITHUB' ? (body.inputs as Record<string, string>)[id] : d.backend === 'GITLAB' ? (body.variables as Record<string, string>)[id] : undefined;
    if (d.backend !== 'WEBHOOK') {
      const want = secret ? String(properties[id]) : inputText(value);
      // Strings as they are; numbers, booleans, objects and arrays as compact JSON of the same value (jq's tostring).
      if (!(text === want || (typeof value !== 'string' && !secret && sameText(text, want)))) problems.push(`${d.backend} ${d.backend === 'GITHUB' ? 'input' : 'variable'} ${id} is ${short(String(text))}, expected ${short(want)}`);
    }
  }
  if (d.backend === 'GITLAB' && body.token !== '[redacted]') problems.push(`GitLab token is ${short(String(body.token))}`);
  if (d.backend === 'GITHUB' && plan.request.headers.authorization !== 'Bearer [redacted]') problems.push(`authorization is ${plan.request.headers.authorization}`);
  if (d.backend === 'WEBHOOK') {
    const timestamp = plan.request.headers['X-Port-Timestamp'];
    const signature = `v1,${createHmac('sha256', SANDBOX_CLIENT_SECRET).update(`${timestamp}.${JSON.stringify(body)}`).digest('base64')}`;
    if (plan.request.headers['X-Port-Signature'] !== signature) problems.push('the webhook signature is not over the exact body');
  }
  if (d.email !== undefined && message.trigger.by.user.email !== d.email) problems.push(`email is ${short(message.trigger.by.user.email)}`);
  if (d.entityIdentifier !== undefined && message.context.entity !== d.entityIdentifier) problems.push(`entity is ${short(message.context.entity)}`);
  if (d.ref !== undefined && body.ref !== d.ref) problems.push(`ref is ${short(String(body.ref))}`);
  if (d.urlSegments) {
    const url = new URL(plan.request.url);
    const segments = url.pathname.split('/').slice(1).map(decodeURIComponent);
    if (JSON.stringify(segments) !== JSON.stringify(d.urlSegments) || url.search !== '' || url.hash !== '') problems.push(`url ${short(plan.request.url)} does not keep each name in one segment`);
  }
  if (/[\s]/.test(plan.request.url)) problems.push(`url ${short(plan.request.url)} holds blanks or line breaks`);
  return problems;
}

describe('port-ci dispatch --dry-run --json', () => {
  for (const d of DISPATCH_CASES) {
    it.concurrent(`${d.kind}: ${d.name}`, async ({ expect }) => {
      const dir = scratchDir('dispatch');
      const cwd = mkdtempSync(path.join(tmpdir(), 'port-ci-hostile-cwd-'));
      try {
        const write = (name: string, value: object | string) => {
          const file = path.join(dir, name);
          writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
          return file;
        };
        const args = ['dispatch', '--action', write('action.json', d.action), '--dry-run', '--json'];
        if (d.inputs !== undefined) args.push('--inputs', `@${write('inputs.json', d.inputs)}`);
        if (d.entity !== undefined) args.push('--entity', `@${write('entity.json', d.entity)}`);
        args.push(...(d.args ?? []));
        const env: Record<string, string> = {
          ...PATH_ONLY,
          GITHUB_TOKEN,
          GITLAB_TRIGGER_TOKEN: DISPATCH_TRIGGER_TOKEN,
          PORT_CLIENT_ID: SANDBOX_CLIENT_ID,
          PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
          PORT_USER_EMAIL: 'dana@acme.example',
        };
        for (const name of d.unset ?? []) delete env[name];
        const result = await cli(args, { cwd, env });
        record(`dispatch stdout (${d.name})`, result.stdout);
        record(`dispatch stderr (${d.name})`, result.stderr);
        const problems: string[] = [];
        if (d.kind === 'refused') {
          if (result.code !== 2) problems.push(`exit ${result.code}, expected 2: ${short(result.stdout, 200)}`);
          if (result.stdout !== '') problems.push(`printed a plan: ${short(result.stdout, 200)}`);
          if (hasStack(result.stderr)) problems.push('a stack trace');
          if (!/^port-ci: [^\n]*\n$/.test(result.stderr)) problems.push(`stderr is not one line: ${short(result.stderr)}`);
          if (!result.stderr.includes(d.error!)) problems.push(`stderr ${short(result.stderr)} does not say ${short(d.error!)}`);
        } else {
          if (result.code !== 0) problems.push(`exit ${result.code}: ${short(result.stderr)}`);
          else {
            if (result.stderr !== '') problems.push(`stderr ${short(result.stderr)}`);
            problems.push(...planProblems(d, JSON.parse(result.stdout) as Plan));
          }
        }
        if (readdirSync(cwd).length > 0) problems.push(`files appeared in the working directory: ${readdirSync(cwd).join(', ')}`);
        expect(problems).toEqual([]);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    }, 60_000);
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Secrets: nothing written above may hold one
// ---------------------------------------------------------------------------------------------------------------

describe('secrets', () => {
  it('no output of this file holds the client secret, a Port token, the GitHub token, a trigger token or a decrypted secret', () => {
    expect(portTokens.size).toBeGreaterThan(1);
    expect(produced.length, 'run the whole file: this test checks what the others wrote').toBeGreaterThan(HOSTILE_CORPUS.length * 6);
    const secrets: Record<string, string> = {
      'the client secret': SANDBOX_CLIENT_SECRET,
      'the GitHub token': GITHUB_TOKEN,
      'the corpus trigger token': CORPUS_TRIGGER_TOKEN,
      'the dispatch trigger token': DISPATCH_TRIGGER_TOKEN,
      'the decrypted secret': SECRET_VALUE,
      'the dispatched secret': 'dispatch-secret-value',
      ...Object.fromEntries([...portTokens].map((token, i) => [`Port access token ${i + 1}`, token])),
    };
    const leaks: string[] = [];
    for (const { where, text } of produced) {
      for (const [what, secret] of Object.entries(secrets)) if (text.includes(secret)) leaks.push(`${what} in ${where}`);
    }
    expect(leaks).toEqual([]);
  });

  it('no $(touch ...) payload ran anywhere', () => {
    expect(existsSync(PWNED_FILE)).toBe(false);
  });
});

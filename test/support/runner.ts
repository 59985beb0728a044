import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Runs a bundled action step as the GitHub runner does: a fresh node process with INPUT_* variables and
 * empty file-command files, then reads back what the step wrote. Tests see the step exactly as a workflow would.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Variables the step must not inherit from the developer's shell or from a CI job running the tests. */
const HOST_ONLY = /^(PORT_|INPUT_|STATE_|GITHUB_|RUNNER_|ACTIONS_)/;

export interface StepOptions {
  /** Action inputs by their action.yml name; passed as INPUT_<NAME>. */
  inputs?: Record<string, string>;
  /** Extra environment, set after the runner's own (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  /** The workflow event, written to the file GITHUB_EVENT_PATH names. */
  event?: unknown;
  /** Arguments after the bundle, for `cli` steps (a `run: port-ci ...` step). */
  args?: string[];
  timeoutMs?: number;
}

export interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  env: Record<string, string>;
  state: Record<string, string>;
  summary: string;
}

/** The runner's name for an input's variable: upper case, spaces to underscores, dashes kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Parses a GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE file in the `name<<DELIMITER`, value lines, `DELIMITER`
 * form. Anything else (a `name=value` line, a missing delimiter line or final newline, an empty name) throws,
 * so a step that writes a file the runner might read differently fails its test.
 */
export function parseFileCommands(text: string, file = 'file'): Record<string, string> {
  const result: Record<string, string> = {};
  if (text === '') return result;
  if (!text.endsWith('\n')) throw new Error(`${file}: does not end with a newline`);
  const lines = text.slice(0, -1).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i]!;
    const at = header.indexOf('<<');
    const name = header.slice(0, Math.max(at, 0));
    const delimiter = header.slice(at + 2);
    if (at <= 0 || /[=\r]/.test(name) || name.trim() !== name || delimiter === '' || /[\s<]/.test(delimiter)) {
      throw new Error(`${file}: line ${i + 1} is not "name<<DELIMITER": ${JSON.stringify(header)}`);
    }
    const end = lines.indexOf(delimiter, i + 1);
    if (end < 0) throw new Error(`${file}: the value of ${name} is never closed by ${delimiter}`);
    result[name] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return result;
}

/** Runs `node dist/<entry>/index.js` as a step and returns its exit code, output and file commands. */
export async function runStep(entry: string, options: StepOptions = {}): Promise<StepResult> {
  const dir = await mkdtemp(path.join(tmpdir(), `port-ci-${entry}-`));
  try {
    const files = {
      GITHUB_OUTPUT: path.join(dir, 'output'),
      GITHUB_ENV: path.join(dir, 'env'),
      GITHUB_STATE: path.join(dir, 'state'),
      GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    };
    await Promise.all(Object.values(files).map((file) => writeFile(file, '')));
    const env: Record<string, string | undefined> = Object.fromEntries(Object.entries(process.env).filter(([name]) => !HOST_ONLY.test(name)));
    Object.assign(env, files, { GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_WORKSPACE: dir, RUNNER_TEMP: dir });
    if (options.event !== undefined) {
      env.GITHUB_EVENT_PATH = path.join(dir, 'event.json');
      await writeFile(env.GITHUB_EVENT_PATH, JSON.stringify(options.event));
    }
    for (const [name, value] of Object.entries(options.inputs ?? {})) env[inputVariable(name)] = value;
    Object.assign(env, options.env);

    const child = spawn(process.execPath, [path.join(ROOT, 'dist', entry, 'index.js'), ...(options.args ?? [])], {
      cwd: dir,
      env: Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined)),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 20_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    const read = (file: string) => readFile(file, 'utf8');
    return {
      code,
      stdout,
      stderr,
      outputs: parseFileCommands(await read(files.GITHUB_OUTPUT), 'GITHUB_OUTPUT'),
      env: parseFileCommands(await read(files.GITHUB_ENV), 'GITHUB_ENV'),
      state: parseFileCommands(await read(files.GITHUB_STATE), 'GITHUB_STATE'),
      summary: await read(files.GITHUB_STEP_SUMMARY),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

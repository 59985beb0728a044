import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './cli.js';

const gitlabCiLocal = path.join(root, 'node_modules', '.bin', 'gitlab-ci-local');

export interface PipelineResult {
  code: number | null;
  /** Everything gitlab-ci-local printed: job scripts, their output, the verdicts. */
  output: string;
  dir: string;
  /** The dotenv report the context job left, as written. */
  dotenv(): string | undefined;
}

export interface PipelineOptions {
  /** The jobs after the include (YAML text). */
  jobs: string;
  /** Inputs for the template, besides cli and port-base-url. */
  inputs?: Record<string, string | boolean | number>;
  /**
   * How jobs get port-ci: vendored (the default), as a project does it, dist/vendor/port-ci.cjs copied to
   * tools/port-ci.cjs with `cli: node tools/port-ci.cjs`; or the template's own default cli (the pinned release).
   */
  cli?: 'vendored' | 'template-default';
  /** Folders put first on the jobs' PATH, as an image's installed tools would be. */
  path?: string[];
  portBaseUrl: string;
  /** The trigger body Port's agent sends: {token, ref, variables, port_payload}. */
  trigger?: unknown;
  /** CI/CD variables: the credentials, and the trigger's variables (GitLab gives both to every job). */
  variables?: Record<string, string>;
}

/**
 * Runs a pipeline that includes gitlab-templates/port.yml with `include: local`, in a fresh git repository
 * (gitlab-ci-local needs the files tracked), with the shell executor (no Docker here) and port-ci's local bundle.
 */
export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'port-ci-gitlab-'));
  mkdirSync(path.join(dir, 'gitlab-templates'));
  copyFileSync(path.join(root, 'gitlab-templates', 'port.yml'), path.join(dir, 'gitlab-templates', 'port.yml'));
  const vendored = (options.cli ?? 'vendored') === 'vendored';
  if (vendored) {
    mkdirSync(path.join(dir, 'tools'));
    copyFileSync(path.join(root, 'dist', 'vendor', 'port-ci.cjs'), path.join(dir, 'tools', 'port-ci.cjs'));
  }
  const inputs = { ...(vendored ? { cli: 'node tools/port-ci.cjs' } : {}), 'port-base-url': options.portBaseUrl, ...options.inputs };
  const inputLines = Object.entries(inputs).map(([name, value]) => `      ${name}: ${JSON.stringify(value)}`);
  writeFileSync(path.join(dir, '.gitlab-ci.yml'), ['include:', '  - local: gitlab-templates/port.yml', '    inputs:', ...inputLines, options.jobs].join('\n'));
  const variables: Record<string, string> = { ...options.variables };
  if (options.trigger !== undefined) {
    writeFileSync(path.join(dir, 'trigger.json'), JSON.stringify(options.trigger));
    variables.TRIGGER_PAYLOAD = path.join(dir, 'trigger.json');
  }
  // JSON is YAML: every value, newlines and quotes included, arrives exactly.
  writeFileSync(path.join(dir, '.gitlab-ci-local-variables.yml'), JSON.stringify(variables));
  await run('git', ['init', '-q'], dir);
  await run('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '-A'], dir);
  await run('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'pipeline'], dir);
  const { code, output } = await run(gitlabCiLocal, ['--force-shell-executor', '--no-color'], dir, options.path);
  return {
    code,
    output,
    dir,
    dotenv() {
      const file = path.join(dir, '.gitlab-ci-local', 'artifacts', 'port-context', '.gitlab-ci-reports', 'dotenv', 'port.env');
      return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    },
  };
}

function run(command: string, args: string[], cwd: string, pathFirst: string[] = []): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // Only what a runner would have: no PORT_* or CI_* of the machine running the tests.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(PORT_|CI_|GITLAB_|TRIGGER_)/.test(name)));
    const PATH = [...pathFirst, env.PATH ?? ''].join(path.delimiter);
    const child = spawn(command, args, { cwd, env: { ...env, PATH, HOME: cwd }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

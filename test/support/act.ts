import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { isMap, parse, parseDocument } from 'yaml';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../../src/sandbox/server.js';
import { JobsFeed, legKey, readWorkflow, runnerNameTemplate, type ActEvent, type FeedJob, type JobsFeedOptions } from './act-jobs.js';
import { root } from './cli.js';
import type { GitHubApi } from './github-api.js';

/*
 * Runs a workflow in nektos/act, an independent runner, with every step on this host (no Docker): the repository's
 * action files (action.yml, actions/, the actions' bundles in dist/) in a fresh git repository with the test's
 * workflow, started by a workflow_dispatch event, against the test's local Port (the sandbox) and local GitHub API.
 * While act runs, its --json lines move the GitHub API's jobs of the run on (test/support/act-jobs.ts), so a post
 * step reading GET .../attempts/1/jobs sees the jobs and steps as GitHub would show them at that moment.
 *
 * act is pinned and installed by scripts/test-tools.mjs (npm test runs it first) into .tools/bin.
 */

export const ACT_VERSION = '0.2.89';
export const actBinary = path.join(root, '.tools', 'bin', 'act');
/** The bundles the actions run; the CLI's is not needed in a job. */
const ACTION_BUNDLES = ['main', 'log', 'report', 'exec', 'entity', 'run'];

export interface ActOptions {
  /** The workflow file's text. Each job gets a RUNNER_NAME of its own (act sets none); the workflow must not set one. */
  workflow: string;
  /** Its file name under .github/workflows; default workflow.yml. */
  file?: string;
  /** The workflow_dispatch inputs. */
  inputs?: Record<string, string>;
  /** The local GitHub API; the run is created there, and the token's permissions are its own. */
  github: GitHubApi;
  /** `secrets.GITHUB_TOKEN`, which act also gives as `github.token`. */
  githubToken: string;
  /** The sandbox's URL, given to every job as PORT_BASE_URL. */
  portUrl: string;
  /** owner/name; it must be configured in `github`. Default acme/deployments. */
  repository?: string;
  /** More secrets, beside PORT_CLIENT_ID and PORT_CLIENT_SECRET (the sandbox's, unless given here) and GITHUB_TOKEN. */
  secrets?: Record<string, string>;
  /** Environment every job's steps see, as a runner's own; PORT_RETRY_DEADLINE_SECONDS is 5 unless given. */
  env?: Record<string, string>;
  dependentJobs?: JobsFeedOptions['dependentJobs'];
  /** act is killed after this long; default 60 s. */
  timeoutMs?: number;
}

export interface ActRun {
  /** act's exit code: 0 when every job succeeded. */
  code: number | null;
  /** The workflow run's id in the local GitHub API (GITHUB_RUN_ID in the jobs). */
  runId: number;
  durationMs: number;
  /** act's --json lines, parsed, in order. */
  events: ActEvent[];
  /** act's stdout as it printed it (secrets act knows are masked there; add-mask arguments are not). */
  log: string;
  stderr: string;
  /** The jobs as the GitHub API showed them at the end. */
  jobs: FeedJob[];
  /** Where act and the model disagreed; a test should expect none. */
  surprises: string[];
  /** What a step printed: `job` and `step` as GitHub names them ("build (2)", "Run ./", "Post Run ./"). */
  output(job: string, step: string): string;
  /** The arguments of a workflow command the steps gave (add-mask, warning, error...), in order. */
  commands(name: string): string[];
}

/** The error a test shows when act is not installed. */
export function assertActInstalled(): void {
  if (!existsSync(actBinary)) {
    throw new Error(`act ${ACT_VERSION} is not at ${path.relative(root, actBinary)}: run \`node scripts/test-tools.mjs\` (npm test runs it first)`);
  }
}

/** The dotenv form act reads secrets and env from; single quotes keep a value literal (no $ expansion). */
function dotenv(values: Record<string, string>, what: string): string {
  return Object.entries(values)
    .map(([name, value]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new RangeError(`act harness: ${what} name ${JSON.stringify(name)}: expected letters, digits and _`);
      if (/['\n\r]/.test(value)) throw new RangeError(`act harness: ${what} ${name}: a value with a single quote or line break cannot be passed to act literally`);
      return `${name}='${value}'\n`;
    })
    .join('');
}

function hasPost(uses: string): boolean {
  if (!uses.startsWith('./')) return false; // act runs no post step for the checkout it emulates
  const dir = path.join(root, uses);
  const file = ['action.yml', 'action.yaml'].map((name) => path.join(dir, name)).find((candidate) => existsSync(candidate));
  if (!file) throw new Error(`act harness: uses: ${uses}: no action.yml in ${dir}`);
  const action = parse(readFileSync(file, 'utf8')) as { runs?: { post?: unknown } };
  return typeof action.runs?.post === 'string';
}

/** The workflow as the test wrote it, with each job's RUNNER_NAME added to its env. */
function withRunnerNames(text: string, jobs: ReturnType<typeof readWorkflow>): string {
  const doc = parseDocument(text);
  for (const job of jobs) {
    const env = doc.getIn(['jobs', job.id, 'env']);
    if (env !== undefined && !isMap(env)) throw new Error(`act harness: job ${job.id}: env must be a mapping to add RUNNER_NAME to`);
    if (isMap(env) && env.has('RUNNER_NAME')) throw new Error(`act harness: job ${job.id}: the harness sets RUNNER_NAME; leave it out of the workflow`);
    doc.setIn(['jobs', job.id, 'env', 'RUNNER_NAME'], runnerNameTemplate(job));
  }
  return String(doc);
}

function git(cwd: string, args: string[]): void {
  const result = spawnSync('git', ['-c', 'user.name=port-ci tests', '-c', 'user.email=tests@port-ci.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' },
  });
  if (result.status !== 0) throw new Error(`act harness: git ${args.join(' ')} failed: ${result.stderr || result.error?.message}`);
}

/** Runs the workflow in act and resolves when act exits; throws only when act cannot be started or the model breaks. */
export async function runAct(options: ActOptions): Promise<ActRun> {
  assertActInstalled();
  const file = options.file ?? 'workflow.yml';
  const repository = options.repository ?? 'acme/deployments';
  if (options.env && 'RUNNER_NAME' in options.env) throw new Error('act harness: env RUNNER_NAME would override every job\'s own; leave it out');
  const jobs = readWorkflow(parse(options.workflow), hasPost);

  const dir = mkdtempSync(path.join(tmpdir(), 'port-ci-act-'));
  try {
    const repo = path.join(dir, 'repo');
    const home = path.join(dir, 'home');
    mkdirSync(path.join(repo, '.github', 'workflows'), { recursive: true });
    mkdirSync(home);
    cpSync(path.join(root, 'action.yml'), path.join(repo, 'action.yml'));
    cpSync(path.join(root, 'actions'), path.join(repo, 'actions'), { recursive: true });
    for (const entry of ACTION_BUNDLES) {
      const bundle = path.join(root, 'dist', entry);
      if (!existsSync(path.join(bundle, 'index.js'))) throw new Error(`act harness: ${path.relative(root, bundle)}/index.js is missing: run npm run build`);
      cpSync(bundle, path.join(repo, 'dist', entry), { recursive: true });
    }
    writeFileSync(path.join(repo, '.github', 'workflows', file), withRunnerNames(options.workflow, jobs));
    git(repo, ['init', '-q', '-b', 'main']);
    git(repo, ['add', '.']);
    git(repo, ['commit', '-q', '-m', 'workflow under test']);
    // act reads owner/name from the origin remote, as GITHUB_REPOSITORY.
    git(repo, ['remote', 'add', 'origin', `https://github.com/${repository}.git`]);

    const run = options.github.createRun({ repo: repository, workflow: file, inputs: options.inputs ?? {} });
    const event = { inputs: options.inputs ?? {}, ref: 'refs/heads/main', repository: { full_name: repository }, workflow: `.github/workflows/${file}`, sender: { login: 'dana' } };
    writeFileSync(path.join(dir, 'event.json'), JSON.stringify(event));
    const secrets = { PORT_CLIENT_ID: SANDBOX_CLIENT_ID, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, ...options.secrets, GITHUB_TOKEN: options.githubToken };
    writeFileSync(path.join(dir, 'secrets.env'), dotenv(secrets, 'secret'));
    const env = {
      PORT_RETRY_DEADLINE_SECONDS: '5', ...options.env,
      PORT_BASE_URL: options.portUrl, GITHUB_API_URL: options.github.url, GITHUB_RUN_ID: String(run.id), GITHUB_RUN_ATTEMPT: '1',
    };
    writeFileSync(path.join(dir, 'job.env'), dotenv(env, 'env'));
    writeFileSync(path.join(dir, 'vars.env'), '');

    const feed = new JobsFeed(jobs, { api: options.github, runId: run.id, dependentJobs: options.dependentJobs });
    feed.start();
    const args = [
      'workflow_dispatch', '-W', `.github/workflows/${file}`, '-e', path.join(dir, 'event.json'),
      '-P', 'ubuntu-latest=-self-hosted', '--json', '--no-cache-server', '--concurrent-jobs', '4',
      '--secret-file', path.join(dir, 'secrets.env'), '--env-file', path.join(dir, 'job.env'), '--var-file', path.join(dir, 'vars.env'),
    ];
    const started = Date.now();
    // act passes its own environment on to every step (host mode), so it gets only what a runner host would have.
    const child = spawn(actBinary, args, {
      cwd: repo,
      detached: true, // its own process group, so a timeout ends the steps it started too
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), XDG_CONFIG_HOME: path.join(home, '.config'), ACT_DISABLE_VERSION_CHECK: '1', LANG: 'C.UTF-8' },
    });
    const events: ActEvent[] = [];
    const modelErrors: unknown[] = [];
    let log = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    createInterface({ input: child.stdout }).on('line', (line) => {
      log += `${line}\n`;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        return; // not one of act's JSON lines: kept in the log only
      }
      const event = parsed as ActEvent;
      events.push(event);
      try {
        feed.handle(event);
      } catch (error) {
        modelErrors.push(error);
      }
    });
    const timer = setTimeout(() => {
      stderr += `\nact harness: act killed after ${options.timeoutMs ?? 60_000} ms\n`;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, options.timeoutMs ?? 60_000);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (exitCode) => resolve(exitCode));
    }).finally(() => clearTimeout(timer));
    feed.finish();
    if (modelErrors.length > 0) throw modelErrors[0];

    const legName = (event: ActEvent) => feed.jobs.find((leg) => legKey(leg.jobId, leg.leg) === legKey(event.jobID ?? '', event.matrix ?? {}))?.name;
    const stepName = (event: ActEvent) => {
      const leg = feed.jobs.find((candidate) => legKey(candidate.jobId, candidate.leg) === legKey(event.jobID ?? '', event.matrix ?? {}));
      const kind = event.stage === 'Post' ? 'post' : 'main';
      return leg?.steps.find((step) => step.kind === kind && step.key === event.stepID?.[0])?.name;
    };
    return {
      code, runId: run.id, durationMs: Date.now() - started, events, log, stderr, jobs: feed.jobs, surprises: feed.surprises,
      output: (job, step) =>
        events
          .filter((event) => event.raw_output === true && legName(event) === job && stepName(event) === step)
          .map((event) => event.msg)
          .join(''),
      commands: (name) => events.filter((event) => event.command === name).map((event) => String(event.arg ?? '')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

#!/usr/bin/env node
// The release's steps that are not GitHub's (RELEASING.md): a maintainer runs `prepare` on a branch, the release
// workflow (.github/workflows/release.yml) runs `check`, `pack` and `smoke` before it tags and publishes. The tests
// run the same commands (test/release.test.ts), so what the workflow does up to the upload is what CI proves.
//
//   node scripts/release.mjs prepare X.Y.Z   version in package.json and the lock, CHANGELOG section, dist/ rebuilt
//   node scripts/release.mjs check X.Y.Z     the tree is releasable as X.Y.Z (exit 1 naming each problem)
//   node scripts/release.mjs notes X.Y.Z     the CHANGELOG section of X.Y.Z, for the GitHub release
//   node scripts/release.mjs pack DIR        npm pack into DIR; prints the tarball's path
//   node scripts/release.mjs smoke TARBALL   installs the tarball into an empty folder and runs it as a user would
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinnedDefault } from './template-pins.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/;
const UNRELEASED = '## Unreleased';

class ReleaseError extends Error {}

const read = (file) => readFileSync(path.join(ROOT, file), 'utf8');
const packageVersion = () => JSON.parse(read('package.json')).version;

function requireVersion(version) {
  if (version === undefined) throw new ReleaseError('give the version, for example 1.2.3');
  if (!SEMVER.test(version)) throw new ReleaseError(`"${version}" is not a version; expected MAJOR.MINOR.PATCH, optionally with a -prerelease`);
  return version;
}

/** Orders two versions by their numbers (a prerelease sorts before its release; prereleases compare as text). */
function compareVersions(a, b) {
  const [, ...pa] = SEMVER.exec(a);
  const [, ...pb] = SEMVER.exec(b);
  for (let i = 0; i < 3; i++) if (Number(pa[i]) !== Number(pb[i])) return Number(pa[i]) - Number(pb[i]);
  if (pa[3] === pb[3]) return 0;
  if (pa[3] === undefined) return 1;
  if (pb[3] === undefined) return -1;
  return pa[3] < pb[3] ? -1 : 1;
}

/** The body of one `## ` section of the changelog, or undefined. */
function changelogSection(text, heading) {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line === heading || line.startsWith(`${heading} `));
  if (start === -1) return undefined;
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return lines.slice(start + 1, end === -1 ? undefined : end).join('\n').trim();
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', ...options });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`.trim().split('\n').slice(-15).join('\n  ');
    throw new ReleaseError(`${command} ${args.join(' ')} failed (exit ${result.status}):\n  ${output}`);
  }
  return result.stdout;
}

function prepare(version) {
  const current = packageVersion();
  const changelog = read('CHANGELOG.md');
  // The version in package.json may be the one being prepared (the first release), until the changelog has it.
  const currentReleased = changelogSection(changelog, `## ${current}`) !== undefined;
  if (compareVersions(version, current) < 0 || (version === current && currentReleased)) {
    throw new ReleaseError(`${version} is not after ${current}, the version in package.json${currentReleased ? ' and CHANGELOG.md' : ''}`);
  }
  const notes = changelogSection(changelog, UNRELEASED);
  if (notes === undefined) throw new ReleaseError(`CHANGELOG.md has no "${UNRELEASED}" section to release`);
  if (notes === '') throw new ReleaseError(`CHANGELOG.md: "${UNRELEASED}" is empty; say what ${version} changes`);
  const date = new Date().toISOString().slice(0, 10);
  writeFileSync(path.join(ROOT, 'CHANGELOG.md'), changelog.replace(`${UNRELEASED}\n`, `${UNRELEASED}\n\n## ${version} - ${date}\n`));
  if (version !== current) run('npm', ['version', version, '--no-git-tag-version', '--allow-same-version']);
  // The version is inside the bundles (--version) and the GitLab template pins the one-file CLI's hash.
  run('npm', ['run', 'build']);
  run('npm', ['run', 'docs']);
  process.stdout.write(`prepared ${version}: commit, open a pull request, and once it is on main run the Release workflow with version ${version}\n`);
}

function check(version) {
  const problems = [];
  const current = packageVersion();
  if (current !== version) problems.push(`package.json says ${current}, not ${version}`);
  const lock = JSON.parse(read('package-lock.json'));
  if (lock.version !== version || lock.packages?.['']?.version !== version) problems.push(`package-lock.json does not say ${version} (run npm install)`);
  const section = changelogSection(read('CHANGELOG.md'), `## ${version}`);
  if (section === undefined) problems.push(`CHANGELOG.md has no "## ${version}" section (run node scripts/release.mjs prepare ${version})`);
  else if (section === '') problems.push(`CHANGELOG.md: the ${version} section is empty`);
  const template = read('gitlab-templates/port.yml');
  const pinned = (input) => pinnedDefault(template, input);
  const sha256 = createHash('sha256').update(readFileSync(path.join(ROOT, 'dist', 'vendor', 'port-ci.cjs'))).digest('hex');
  if (pinned('cli-version') !== version) problems.push(`gitlab-templates/port.yml pins cli-version ${pinned('cli-version')}, not ${version} (run npm run build)`);
  if (pinned('cli-sha256') !== sha256) problems.push(`gitlab-templates/port.yml pins cli-sha256 ${pinned('cli-sha256')}, not the ${sha256} of dist/vendor/port-ci.cjs (run npm run build)`);
  // The slow check (a whole build) waits until the quick ones pass.
  if (problems.length > 0) problems.push('dist/ was not checked yet (it takes a build): fix the above first');
  const distCheck = problems.length > 0 ? { status: 0 } : spawnSync(process.execPath, ['scripts/build.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
  if (distCheck.status !== 0) problems.push(`dist/ is not what src/ builds:\n    ${distCheck.stderr.trim().split('\n').join('\n    ')}`);
  if (problems.length > 0) throw new ReleaseError(`not releasable as ${version}:\n  ${problems.join('\n  ')}`);
  process.stdout.write(`releasable as ${version}\n`);
}

function notes(version) {
  const section = changelogSection(read('CHANGELOG.md'), `## ${version}`);
  if (!section) throw new ReleaseError(`CHANGELOG.md has no notes for ${version}`);
  process.stdout.write(`${section}\n`);
}

function pack(dir) {
  if (dir === undefined) throw new ReleaseError('give the folder to pack into');
  const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', path.resolve(dir)]));
  process.stdout.write(`${path.join(path.resolve(dir), filename)}\n`);
}

/**
 * What a user does first with the package, from an empty folder: install the tarball (no network: the package
 * has no dependencies), read the help, dry-run a dispatch, import the library with its types, run the one-file CLI.
 */
function smoke(tarball) {
  if (tarball === undefined) throw new ReleaseError('give the tarball to try');
  const dir = mkdtempSync(path.join(tmpdir(), 'port-ci-smoke-'));
  const say = (line) => process.stdout.write(`smoke: ${line}\n`);
  const inDir = { cwd: dir };
  try {
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'smoke', private: true, type: 'module' })}\n`);
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', path.resolve(tarball)], inDir);
    say(`installed ${path.basename(tarball)} into an empty folder`);
    const help = run('npx', ['--no-install', 'port-ci', '--help'], inDir);
    if (!help.includes('Usage: port-ci <command>')) throw new ReleaseError(`npx port-ci --help printed no usage:\n${help}`);
    say('npx port-ci --help prints the usage');
    const action = path.join(dir, 'action.json');
    writeFileSync(action, JSON.stringify({
      identifier: 'smoke_test',
      title: 'Smoke test',
      trigger: { type: 'self-service', operation: 'CREATE', userInputs: { properties: { name: { type: 'string' } }, required: ['name'] } },
      invocationMethod: { type: 'GITHUB', org: 'acme', repo: 'smoke', workflow: 'smoke.yml', workflowInputs: { name: '{{ .inputs.name }}', port_context: { runId: '{{ .run.id }}' } } },
    }));
    const plan = JSON.parse(run('npx', ['--no-install', 'port-ci', 'dispatch', '--action', action, '--inputs', '{"name":"smoke"}', '--run-id', 'r_smoke', '--dry-run', '--json'], {
      ...inDir,
      env: { ...process.env, GITHUB_TOKEN: '' },
    }));
    if (plan.request?.method !== 'POST') throw new ReleaseError(`the dry run planned no request: ${JSON.stringify(plan).slice(0, 300)}`);
    say(`npx port-ci dispatch --dry-run plans ${plan.request.method} ${plan.request.url}`);
    writeFileSync(
      path.join(dir, 'use.ts'),
      [
        "import { signWebhook, verifyWebhook, parsePayload, decryptSecret, PortClient, type VerifyOptions } from 'port-ci';",
        "const headers = signWebhook('{}', 'secret', 1700000000);",
        "const options: VerifyOptions = { nowSeconds: 1700000000 };",
        "verifyWebhook('{}', { timestamp: headers['X-Port-Timestamp'], signature: headers['X-Port-Signature'] }, 'secret', options);",
        "const client = new PortClient({ baseUrl: 'http://127.0.0.1:1' });",
        "if (typeof parsePayload !== 'function' || typeof decryptSecret !== 'function' || client.baseUrl !== 'http://127.0.0.1:1') throw new Error('exports');",
        "console.log('verified');",
        '',
      ].join('\n'),
    );
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    run(process.execPath, [tsc, '--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules', '@types'), 'use.ts'], inDir);
    say("import { verifyWebhook } from 'port-ci' type-checks");
    writeFileSync(path.join(dir, 'use.mjs'), readFileSync(path.join(dir, 'use.ts'), 'utf8').replace(', type VerifyOptions', '').replace(': VerifyOptions', ''));
    if (run(process.execPath, ['use.mjs'], inDir).trim() !== 'verified') throw new ReleaseError('the library did not verify its own signature');
    say('and runs');
    const vendored = path.join(dir, 'node_modules', 'port-ci', 'dist', 'vendor', 'port-ci.cjs');
    const version = run(process.execPath, [vendored, '--version'], inDir).trim();
    say(`dist/vendor/port-ci.cjs --version: ${version}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [step, arg] = process.argv.slice(2);
const steps = { prepare: () => prepare(requireVersion(arg)), check: () => check(requireVersion(arg)), notes: () => notes(requireVersion(arg)), pack: () => pack(arg), smoke: () => smoke(arg) };
try {
  if (!Object.hasOwn(steps, step ?? '')) throw new ReleaseError(`unknown step "${step ?? ''}"; steps: ${Object.keys(steps).join(', ')}`);
  steps[step]();
} catch (error) {
  if (!(error instanceof ReleaseError)) throw error;
  process.stderr.write(`release: ${error.message}\n`);
  process.exitCode = 1;
}

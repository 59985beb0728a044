/*
 * The release path up to the upload (RELEASING.md): the workflow passes actionlint, the tarball it packs installs
 * into an empty folder and runs, and `prepare` leaves a tree that `check` accepts.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { root, tempDir } from './support/cli.js';
import { lintWorkflow } from './support/actionlint.js';
import { packedTarball, release } from './support/package.js';

describe('.github/workflows/release.yml', () => {
  const text = readFileSync(path.join(root, '.github', 'workflows', 'release.yml'), 'utf8');

  it('passes actionlint', async () => {
    const findings = await lintWorkflow('release.yml', text);
    expect(findings.map((f) => `${f.line}:${f.column}: ${f.message}`)).toEqual([]);
  });

  it('runs by hand only, checks and tries the package before it publishes, then tags vX.Y.Z and moves vX', () => {
    const workflow = parse(text) as { on: Record<string, unknown>; jobs: { release: { steps: { name?: string; run?: string; uses?: string }[]; permissions: Record<string, string> } } };
    expect(Object.keys(workflow.on)).toEqual(['workflow_dispatch']);
    expect(workflow.jobs.release.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
    const runs = workflow.jobs.release.steps.map((step) => step.run ?? '');
    const at = (pattern: RegExp) => runs.findIndex((run) => pattern.test(run));
    const order = [/release\.mjs check "\$VERSION"/, /release\.mjs pack/, /release\.mjs smoke/, /npm publish "\$TARBALL" --provenance/, /git tag -a "v\$\{VERSION\}"/, /git tag -f "\$major"/, /gh release create/];
    const positions = order.map(at);
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});

describe('the packed tarball', () => {
  it('holds the CLI, the one-file CLI, the library with its types, and no sources or action bundles', () => {
    const result = spawnSync('tar', ['-tzf', packedTarball()], { encoding: 'utf8' });
    const files = result.stdout.trim().split('\n');
    expect(files).toEqual(expect.arrayContaining([
      'package/package.json', 'package/README.md', 'package/LICENSE', 'package/CHANGELOG.md',
      'package/dist/cli/index.js', 'package/dist/cli/jq-worker.cjs', 'package/dist/vendor/port-ci.cjs',
      'package/dist/lib/index.js', 'package/dist/lib/types/entrypoints/lib.d.ts',
    ]));
    expect(files.filter((file) => /^package\/(src|test|scripts|dist\/(main|log|report|exec))\//.test(file))).toEqual([]);
  });

  it('installs into an empty folder and runs: --help, a dispatch dry run, the typed library, the one-file CLI', () => {
    const result = release(['smoke', packedTarball()]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toEqual([
      `smoke: installed ${path.basename(packedTarball())} into an empty folder`,
      'smoke: npx port-ci --help prints the usage',
      'smoke: npx port-ci dispatch --dry-run plans POST https://api.github.com/repos/acme/smoke/actions/workflows/smoke.yml/dispatches',
      "smoke: import { verifyWebhook } from 'port-ci' type-checks",
      'smoke: and runs',
      `smoke: dist/vendor/port-ci.cjs --version: ${JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version}`,
    ]);
    expect(result.code).toBe(0);
    // Packing the tarball and an offline npm install: a minute on a loaded 2-core machine.
  }, 180_000);

  it('smoke fails, naming the step, for a tarball that is not a working package', () => {
    const dir = tempDir('port-ci-badpack-');
    mkdirSync(path.join(dir, 'package'));
    writeFileSync(path.join(dir, 'package', 'package.json'), JSON.stringify({ name: 'port-ci', version: '0.0.0', bin: { 'port-ci': 'missing.js' } }));
    spawnSync('tar', ['-czf', path.join(dir, 'bad.tgz'), '-C', dir, 'package']);
    const result = release(['smoke', path.join(dir, 'bad.tgz')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^release: npx --no-install port-ci --help failed/);
  });
});

describe('scripts/release.mjs prepare and check', () => {
  // A copy of the repository's files (tracked, or new and not ignored) (node_modules linked), so prepare can change versions and rebuild.
  const copy = tempDir('port-ci-release-');
  afterAll(() => rmSync(copy, { recursive: true, force: true }));
  const tracked = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .stdout.split('\0')
    .filter((file) => file !== '' && existsSync(path.join(root, file)));
  for (const file of tracked) {
    mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(copy, file));
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
  const read = (file: string) => readFileSync(path.join(copy, file), 'utf8');
  const version = JSON.parse(read('package.json')).version as string;
  const [major, minor] = version.split('.').map(Number);
  const next = `${major}.${minor! + 1}.0`;

  it('refuses a bad version, one that goes back, and an unknown step, each with a reason', () => {
    expect(release(['prepare', '1.2'], copy)).toMatchObject({ code: 1, stderr: 'release: "1.2" is not a version; expected MAJOR.MINOR.PATCH, optionally with a -prerelease\n' });
    expect(release(['prepare', '0.0.1'], copy).stderr).toMatch(/^release: 0\.0\.1 is not after /);
    expect(release(['publish'], copy).stderr).toBe('release: unknown step "publish"; steps: prepare, check, notes, pack, smoke\n');
  });

  it('check names what is not releasable', () => {
    const result = release(['check', next], copy);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`package.json says ${version}, not ${next}`);
    expect(result.stderr).toContain(`CHANGELOG.md has no "## ${next}" section`);
    expect(result.stderr).toContain(`gitlab-templates/port.yml pins cli-version ${version}, not ${next}`);
    expect(result.stderr).toMatch(/dist\/ was not checked yet \(it takes a build\): fix the above first\n$/);
  });

  it('prepare sets the version, dates the changelog section, rebuilds and re-pins; check then passes and notes print it', () => {
    const unreleased = read('CHANGELOG.md').split('## Unreleased\n')[1]!.split('\n## ')[0]!.trim();
    const prepared = release(['prepare', next], copy);
    expect(prepared.stderr).toBe('');
    expect(prepared.code).toBe(0);
    expect(JSON.parse(read('package.json')).version).toBe(next);
    expect(JSON.parse(read('package-lock.json')).packages[''].version).toBe(next);
    expect(read('CHANGELOG.md')).toContain(`## Unreleased\n\n## ${next} - ${new Date().toISOString().slice(0, 10)}\n`);
    const sha256 = createHash('sha256').update(readFileSync(path.join(copy, 'dist', 'vendor', 'port-ci.cjs'))).digest('hex');
    expect(read('gitlab-templates/port.yml')).toMatch(new RegExp(`cli-version:\\n(?:      (?!default:).*\\n)*      default: ${next.replace(/\./g, '\\.')}\\n`));
    expect(read('gitlab-templates/port.yml')).toContain(`default: ${sha256}\n`);
    expect(spawnSync(process.execPath, [path.join(copy, 'dist', 'vendor', 'port-ci.cjs'), '--version'], { encoding: 'utf8' }).stdout).toBe(`${next}\n`);
    expect(release(['check', next], copy)).toMatchObject({ code: 0, stdout: `releasable as ${next}\n` });
    expect(release(['notes', next], copy).stdout.trim()).toBe(unreleased);
  }, 600_000);
});

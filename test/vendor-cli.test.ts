/*
 * dist/vendor/port-ci.cjs, the one-file CLI a GitLab project vendors: it runs copied alone into an empty folder,
 * carries the commands a job runs, and says where the others are.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, tempDir } from './support/cli.js';

const dir = tempDir('port-ci-vendored-');
const file = path.join(dir, 'port-ci.cjs');
copyFileSync(path.join(root, 'dist', 'vendor', 'port-ci.cjs'), file);
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [file, ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });

describe('dist/vendor/port-ci.cjs', () => {
  it('is one file of about 260 KiB that needs nothing beside it', () => {
    expect(statSync(file).size).toBeLessThan(272 * 1024);
    expect(readFileSync(file, 'utf8')).not.toMatch(/require\(["']\.\/\d+\.index\.js["']\)|jq-worker/);
  });

  it('lists exactly the commands a job runs', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    const commands = [...help.stdout.split('Commands:\n')[1]!.split('\n\n')[0]!.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]);
    expect(commands).toEqual(['context', 'log', 'report', 'exec', 'verify-signature', 'entity', 'run']);
    expect(help.stdout).toContain('This is the one-file build for CI jobs. dispatch, sandbox and agent are in the npm package: npm install port-ci.');
  });

  it('says where dispatch and sandbox are', () => {
    for (const name of ['dispatch', 'sandbox', 'agent']) {
      const result = run([name, '--help']);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(`port-ci: ${name}: not in the one-file build for CI jobs; it is in the npm package (npm install port-ci, then npx port-ci)\n`);
    }
  });

  it('reads a GitLab trigger payload as the full CLI does', () => {
    const payload = path.join(root, 'examples', 'payloads', 'gitlab-trigger.json');
    const vendored = run(['context', '--payload-file', payload, '--format', 'json']);
    const full = spawnSync(process.execPath, [path.join(root, 'dist', 'cli', 'index.js'), 'context', '--payload-file', payload, '--format', 'json'], { encoding: 'utf8' });
    expect(vendored.stderr).toBe('');
    expect(vendored.stdout).toBe(full.stdout);
    expect(JSON.parse(vendored.stdout)).toMatchObject({ runId: expect.stringMatching(/^r_/) });
  });
});

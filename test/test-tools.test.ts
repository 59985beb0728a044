import { spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, tempDir } from './support/cli.js';

/*
 * scripts/test-tools.mjs (npm's pretest) as a process, on a PATH made for each case. It runs from a copy of the
 * project's scripts/ folder whose .tools links the act and the Kafka brokers the real pretest installed, so only the Debian tools
 * the case leaves out are missing.
 */

function which(tool: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat('/usr/sbin', '/sbin')) {
    try {
      accessSync(path.join(dir, tool), constants.X_OK);
      return path.join(dir, tool);
    } catch {
      // not in this folder
    }
  }
  throw new Error(`${tool} is not installed: run node scripts/test-tools.mjs first`);
}

function testTools(tools: string[], env: Record<string, string> = {}) {
  const project = tempDir('port-ci-test-tools-');
  mkdirSync(path.join(project, 'scripts'));
  for (const script of ['test-tools.mjs', 'kafka.mjs']) copyFileSync(path.join(root, 'scripts', script), path.join(project, 'scripts', script));
  mkdirSync(path.join(project, '.tools', 'bin'), { recursive: true });
  symlinkSync(path.join(root, '.tools', 'bin', 'act'), path.join(project, '.tools', 'bin', 'act'));
  symlinkSync(path.join(root, '.tools', 'kafka'), path.join(project, '.tools', 'kafka'));
  const bin = path.join(project, 'path');
  mkdirSync(bin);
  for (const tool of tools) symlinkSync(which(tool), path.join(bin, tool));
  const result = spawnSync(process.execPath, [path.join(project, 'scripts', 'test-tools.mjs')], { encoding: 'utf8', env: { PATH: bin, HOME: project, ...env }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// The script looks in /usr/sbin and /sbin too (apt-get and tinyproxy may live there): a tool found there cannot be
// left out by PATH, so a case only leaves out what is not there.
const outsidePath = (tool: string) => ['/usr/sbin', '/sbin'].some((dir) => {
  try {
    accessSync(path.join(dir, tool), constants.X_OK);
    return true;
  } catch {
    return false;
  }
});
const sudo = process.getuid?.() === 0 ? '' : 'sudo ';

describe('scripts/test-tools.mjs', () => {
  it('prints nothing and exits 0 when every tool is there', () => {
    expect(testTools(['git', 'rsync', 'tinyproxy', 'openssl', 'chromium'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it.skipIf(outsidePath('rsync'))('without rsync, and told to install nothing, stops with one line and the command that installs it', () => {
    const result = testTools(['git', 'tinyproxy', 'openssl', 'chromium', 'apt-get'], { PORT_CI_TEST_TOOLS_NO_INSTALL: '1' });
    expect(result).toEqual({ code: 1, stdout: '', stderr: `test-tools: missing rsync, which the tests need; install it with: ${sudo}apt-get install rsync\n` });
  });

  it.skipIf(['rsync', 'tinyproxy', 'apt-get'].some(outsidePath))('without apt-get, names every missing tool in one line, with the Debian command', () => {
    const result = testTools(['git', 'openssl', 'chromium']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `test-tools: missing rsync, tinyproxy, which the tests need; install them with: the system's package manager (Debian: ${sudo}apt-get install rsync tinyproxy-bin)\n`,
    });
  });
});

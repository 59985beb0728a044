import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { root } from '../support/cli.js';

// README's first command: the whole hand-off on one machine, no account, no token.
it('npm start plays a whole run and ends it SUCCESS in Port', async () => {
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'demo.mjs'), '--exit'], { cwd: root, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.stderr.on('data', (chunk) => (text += chunk));
    child.on('close', (exitCode) => resolve({ code: exitCode, output: text }));
  });
  expect(output).toMatch(/4\. Port shows run r_\S+: SUCCESS, link https:\/\/github\.com\/acme\/deployments\/actions\/runs\/4242/);
  expect(output).toContain('| replica 3 of 3 is up');
  expect(output).toContain('| GitHub job deploy succeeded');
  expect(output).not.toContain('demo-s3cret-value');
  expect(output).not.toContain('sandbox-client-secret');
  expect(code).toBe(0);
}, 60_000);

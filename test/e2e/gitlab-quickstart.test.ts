/*
 * gitlab-templates/README.md's quick start, run as written: the shell block is taken from the README, not copied
 * here, so a change to it that does not work fails this test. It runs the sandbox on the fixed port the example
 * pipeline names; where unprivileged namespaces are allowed it runs in its own network namespace, so two runs
 * (or anything else on the machine using that port) cannot meet.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, tempDir } from '../support/cli.js';

const README = path.join(root, 'gitlab-templates', 'README.md');

/** The one ```sh block under "## Quick start"; throws when the section or its block is gone. */
export function quickStartBlock(markdown: string): string {
  const section = /^## Quick start[^\n]*\n([\s\S]*?)(?=^## )/m.exec(markdown)?.[1];
  const blocks = [...(section ?? '').matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
  if (blocks.length !== 1) throw new Error(`gitlab-templates/README.md: expected one sh block under "## Quick start", found ${blocks.length}`);
  return blocks[0]!;
}

const isolated = spawnSync('unshare', ['-rn', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' }).status === 0;

/** Runs the block with bash -e from the clone's root, as the README says, in a process group of its own. */
function runBlock(block: string): Promise<{ code: number | null; output: string }> {
  const dir = tempDir('port-ci-quickstart-');
  const script = path.join(dir, 'quickstart.sh');
  writeFileSync(script, block);
  // A user's shell, without this machine's Port, GitLab or CI settings; HOME holds gitlab-ci-local's own files.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(PORT_|CI_|GITLAB_|TRIGGER_|GCL_)/.test(name)));
  const [command, args] = isolated ? ['unshare', ['-rn', 'sh', '-c', 'ip link set lo up && exec bash -e "$0"', script]] : ['bash', ['-e', script]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args as string[], { cwd: root, env: { ...env, HOME: dir }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    // A block that stopped half-way leaves its background sandbox holding the output open: when bash exits, end
    // the process group this test started, then take the output once it closes.
    child.on('exit', () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // the group has already gone
      }
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('gitlab-templates/README.md quick start', () => {
  it('runs as written, from a clone to a run that ended SUCCESS with the pipeline linked and its log lines', { timeout: 60_000 }, async () => {
    const { code, output } = await runBlock(quickStartBlock(readFileSync(README, 'utf8')));
    expect(output).toMatch(/PASS\s+port-context/);
    expect(output).toMatch(/PASS\s+port-report-success/);
    expect(code).toBe(0);
    // The block's last word on the run: the sandbox's state, as its page shows it.
    const state = output.split('\n').reverse().find((line) => line.startsWith('{"ok":true,"runs":'));
    expect(state).toBeDefined();
    const runs = JSON.parse(state!).runs as Array<Record<string, any>>;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      action: 'deploy_service_gitlab',
      entity: 'checkout-api',
      properties: { environment: 'staging', replica_count: 2 },
      status: 'SUCCESS',
      link: expect.stringMatching(/^https:\/\/gitlab\.example\.com\/acme\/deployments\/pipelines\/\d+$/),
      summary: expect.stringMatching(/^Pipeline \d+ succeeded$/),
    });
    expect(runs[0]!.logs.map((log: { message: string }) => log.message)).toEqual([
      expect.stringMatching(/^GitLab pipeline started: https:\/\/gitlab\.example\.com\/acme\/deployments\/pipelines\/\d+$/),
      'Building checkout-api for staging',
      'Rolling out 2 replicas of checkout-api to staging',
    ]);
  });

  it('runs the same with the action in Port\'s current format, whose pipelineVariables carry port_context', { timeout: 60_000 }, async () => {
    const block = quickStartBlock(readFileSync(README, 'utf8')).replace('examples/actions/deploy-service-gitlab.json', 'examples/actions/deploy-service-gitlab.v2.json');
    expect(block).toContain('deploy-service-gitlab.v2.json');
    const { code, output } = await runBlock(block);
    expect(code).toBe(0);
    const state = output.split('\n').reverse().find((line) => line.startsWith('{"ok":true,"runs":'));
    const [run] = JSON.parse(state!).runs as Array<Record<string, any>>;
    expect(run).toMatchObject({ action: 'deploy_service_gitlab', status: 'SUCCESS', link: expect.stringMatching(/\/acme\/deployments\/pipelines\/\d+$/) });
    expect(run!.logs.map((log: { message: string }) => log.message).slice(1)).toEqual(['Building checkout-api for staging', 'Rolling out 2 replicas of checkout-api to staging']);
  });

  it('fails when a step of the block does not work (the cli input left at its default, which fetches from npm)', { timeout: 60_000 }, async () => {
    const block = quickStartBlock(readFileSync(README, 'utf8')).replace(
      'cp examples/gitlab/.gitlab-ci.yml "$project/"',
      `sed '/cli: node tools\\/port-ci.cjs/d' examples/gitlab/.gitlab-ci.yml > "$project/.gitlab-ci.yml"`,
    );
    expect(block).toContain('sed ');
    const { code, output } = await runBlock(block);
    expect(code).not.toBe(0);
    expect(output).toMatch(/FAIL\s+port-context/);
  });

  it('finds the block, or says it is gone', () => {
    expect(quickStartBlock(readFileSync(README, 'utf8'))).toContain('--gitlab-trigger "$project"');
    expect(() => quickStartBlock('# GitLab CI templates\n\n## port.yml\n')).toThrow('expected one sh block under "## Quick start", found 0');
  });
});

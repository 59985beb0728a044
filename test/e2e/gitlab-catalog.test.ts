/*
 * gitlab-templates/README.md's job that records what a pipeline made ("Entities and runs from a job"), taken from
 * the README rather than copied here, run by gitlab-ci-local after the template's context job against the sandbox,
 * with the trigger body Port's agent sends. Assertions are on what Port (the sandbox) holds.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { root } from '../support/cli.js';
import { runPipeline } from '../support/gitlab-pipeline.js';

const README = path.join(root, 'gitlab-templates', 'README.md');
const example = JSON.parse(readFileSync(path.join(root, 'examples', 'payloads', 'gitlab-trigger.json'), 'utf8'));
const RUN_ID = example.port_payload.context.runId as string;
const CREDENTIALS = { PORT_CLIENT_ID: SANDBOX_CLIENT_ID, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET };

/** The one ```yaml block of the README's section on entities and runs; throws when the section or its block is gone. */
function recordingJob(markdown: string): string {
  const section = /^### Entities and runs from a job[^\n]*\n([\s\S]*?)(?=^##)/m.exec(markdown)?.[1];
  const blocks = [...(section ?? '').matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
  if (blocks.length !== 1) throw new Error(`gitlab-templates/README.md: expected one yaml block under "### Entities and runs from a job", found ${blocks.length}`);
  return blocks[0]!;
}

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe("gitlab-templates/README.md's job recording a deployment", () => {
  it('upserts the deployment listed on the run, reads it back as an artifact, and the run ends SUCCESS listing it', { timeout: 60_000 }, async () => {
    sandbox = await startSandbox({ runs: [RUN_ID], entities: [{ blueprint: 'service', identifier: 'checkout-api', title: 'Checkout API' }] });
    const result = await runPipeline({
      portBaseUrl: sandbox.url,
      trigger: example,
      variables: { ...CREDENTIALS, ...example.variables },
      jobs: recordingJob(readFileSync(README, 'utf8')),
    });
    expect(result.output).toMatch(/PASS\s+record-deployment/);
    expect(result.code, result.output).toBe(0);

    const [deployment, ...others] = [...sandbox.entities.all()].filter((entity) => entity.blueprint === 'deployment');
    expect(others).toEqual([]);
    expect(deployment!.identifier).toMatch(/^checkout-api-\d+$/);
    expect(deployment).toMatchObject({ title: 'checkout-api in production', properties: { environment: 'production', commit: expect.stringMatching(/^[0-9a-f]{8}$/) }, relations: { service: 'checkout-api' } });
    const run = sandbox.runs.get(RUN_ID)!;
    expect(run.status).toBe('SUCCESS');
    expect(run.entities).toEqual([{ blueprint: 'deployment', identifier: deployment!.identifier, title: 'checkout-api in production', change: 'created' }]);

    const artifact = path.join(result.dir, '.gitlab-ci-local', 'artifacts', 'record-deployment', 'deployment.json');
    expect(existsSync(artifact), result.output).toBe(true);
    expect(JSON.parse(readFileSync(artifact, 'utf8'))).toMatchObject({ identifier: deployment!.identifier, properties: { environment: 'production' } });
    expect(result.output).not.toContain(SANDBOX_CLIENT_SECRET);
  });
});

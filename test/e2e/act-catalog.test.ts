/*
 * actions/entity in nektos/act, an independent runner (test/support/act.ts): a deploy job records the entity it made,
 * listed on the Port run the root action started, reads it back through the step's outputs, and a bulk step with
 * entities Port refuses fails the job naming each one. Assertions are on what Port (the sandbox) holds.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { assertActInstalled, runAct } from '../support/act.js';
import { startGitHubApi, type GitHubApi } from '../support/github-api.js';

const TOKEN = 'ghs_act_catalog_token_0123456789';
const REPO = 'acme/deployments';
const RUN_ID = 'r_actCatalog0001';

let sandbox: Sandbox | undefined;
let github: GitHubApi | undefined;
beforeAll(() => assertActInstalled());
afterEach(async () => {
  await sandbox?.close();
  await github?.close();
  sandbox = github = undefined;
});

async function play(workflow: string, options: SandboxOptions) {
  sandbox = await startSandbox({ runs: [RUN_ID], ...options });
  github = await startGitHubApi({ token: TOKEN, repos: { [REPO]: { defaultBranch: 'main' } } });
  const portContext = JSON.stringify({ runId: RUN_ID, entity: 'checkout-api', blueprint: 'service' });
  return runAct({ workflow, inputs: { port_context: portContext }, github, githubToken: TOKEN, portUrl: sandbox.url, timeoutMs: 90_000 });
}

/** A deploy job: the root action first, then `steps`; ENVIRONMENT holds a quote, as a user's input may. */
const deployJob = (steps: string) => `
name: Deploy
on:
  workflow_dispatch:
    inputs:
      port_context:
        required: true
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      ENVIRONMENT: staging "blue"
    steps:
      - uses: actions/checkout@v4
      - name: Port run
        id: port
        uses: ./
        with:
          port-client-id: \${{ secrets.PORT_CLIENT_ID }}
          port-client-secret: \${{ secrets.PORT_CLIENT_SECRET }}
${steps}`;

describe('actions/entity in act', () => {
  it('upserts the deployment linked to the run, reads it back through its outputs, and the run ends SUCCESS listing it', async () => {
    const run = await play(
      deployJob(`
      - name: Record the deployment
        id: record
        uses: ./actions/entity
        with:
          operation: upsert
          blueprint: deployment
          identifier: checkout-api-\${{ github.run_id }}
          title: checkout-api to staging
          properties: '{"environment": \${{ toJSON(env.ENVIRONMENT) }}, "version": "1.4.2"}'
          relations: '{"service": "checkout-api"}'
      - name: Read it back
        id: read
        uses: ./actions/entity
        with:
          operation: get
          blueprint: deployment
          identifier: \${{ steps.record.outputs.identifier }}
      - name: Check
        env:
          ENVIRONMENT: \${{ fromJSON(steps.read.outputs.entity).properties.environment }}
          SERVICE: \${{ fromJSON(steps.read.outputs.entity).relations.service }}
          IDENTIFIERS: \${{ steps.record.outputs.identifiers }}
        run: |
          test "$ENVIRONMENT" = 'staging "blue"'
          test "$SERVICE" = checkout-api
          echo "read back $ENVIRONMENT for $SERVICE: $IDENTIFIERS"
`),
      { entities: [{ blueprint: 'service', identifier: 'checkout-api', title: 'Checkout API' }] },
    );
    expect(run.surprises).toEqual([]);
    expect(run.code, run.log).toBe(0);
    const identifier = `checkout-api-${run.runId}`;
    expect(sandbox!.entities.get('deployment', identifier)).toMatchObject({ title: 'checkout-api to staging', properties: { environment: 'staging "blue"', version: '1.4.2' }, relations: { service: 'checkout-api' } });
    expect(run.output('deploy', 'Check')).toBe(`read back staging "blue" for checkout-api: ["${identifier}"]\n`);
    const portRun = sandbox!.runs.get(RUN_ID)!;
    expect(portRun.status).toBe('SUCCESS');
    expect(portRun.entities).toEqual([{ blueprint: 'deployment', identifier, title: 'checkout-api to staging', change: 'created' }]);
    // The root action's token served both steps: one authentication in the whole job.
    expect(sandbox!.authCount()).toBe(1);
    expect(run.jobs[0]!.steps.map((step) => [step.name, step.conclusion])).toEqual([
      ['Set up job', 'success'],
      ['Run actions/checkout@v4', 'success'],
      ['Port run', 'success'],
      ['Record the deployment', 'success'],
      ['Read it back', 'success'],
      ['Check', 'success'],
      ['Post Port run', 'success'],
      ['Complete job', 'success'],
    ]);
  });

  it('fails the bulk step naming each entity Port refused, writes the rest, and the run ends FAILURE naming the step', async () => {
    const run = await play(
      deployJob(`
      - name: Describe the services
        run: |
          printf '%s\\n' '{"identifier": "cart", "properties": {"tier": "gold"}}' '{"identifier": "auth", "properties": {"tier": "bronze"}}' '{"identifier": "search"}' > services.ndjson
      - name: Register the services
        id: bulk
        uses: ./actions/entity
        with:
          operation: bulk
          blueprint: service
          file: services.ndjson
      - name: Never runs
        run: echo unreachable
`),
      { blueprints: [{ identifier: 'service', schema: { properties: { tier: { type: 'string', enum: ['gold', 'silver'] } } } }] },
    );
    expect(run.surprises).toEqual([]);
    expect(run.code).not.toBe(0);
    expect([...sandbox!.entities.all()].map((entity) => entity.identifier).sort()).toEqual(['cart', 'search']);
    const errors = run.commands('error');
    expect(errors.filter((error) => error.startsWith('service/'))).toEqual([expect.stringMatching(/^service\/auth \(services\.ndjson line 2\) failed: 422 \S+: .*tier/)]);
    expect(errors).toContain("1 of 3 entities were not written; each is named above with Port's reason (the failures output lists them).");
    const portRun = sandbox!.runs.get(RUN_ID)!;
    expect(portRun.status).toBe('FAILURE');
    expect(portRun.statusLabel).toContain('Register the services');
    expect(portRun.entities?.map((entity) => entity.identifier)).toEqual(['cart', 'search']);
    expect(run.jobs[0]!.steps.map((step) => [step.name, step.conclusion])).toEqual([
      ['Set up job', 'success'],
      ['Run actions/checkout@v4', 'success'],
      ['Port run', 'success'],
      ['Describe the services', 'success'],
      ['Register the services', 'failure'],
      ['Never runs', 'skipped'],
      ['Post Port run', 'success'],
      ['Complete job', 'success'],
    ]);
  });
});

/*
 * Real pipelines run by gitlab-ci-local that include gitlab-templates/port.yml, against the sandbox, with a
 * TRIGGER_PAYLOAD shaped as Port's agent sends it (PORT-FACTS.md §3). Assertions are on what Port recorded.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encryptSecret } from '../../src/core/index.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { root } from '../support/cli.js';
import { runPipeline } from '../support/gitlab-pipeline.js';

const example = JSON.parse(readFileSync(path.join(root, 'examples', 'payloads', 'gitlab-trigger.json'), 'utf8'));
const RUN_ID = example.port_payload.context.runId as string;
const CREDENTIALS = { PORT_CLIENT_ID: SANDBOX_CLIENT_ID, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET };

let sandbox: Sandbox;
let gitlabApi: Server | undefined;
afterEach(async () => {
  await sandbox?.close();
  await new Promise((resolve) => (gitlabApi ? gitlabApi.close(resolve) : resolve(undefined)));
  gitlabApi = undefined;
});

/** The trigger body with these inputs, both in the payload (typed) and as variables (jq tostring), as Port sends. */
function trigger(properties: Record<string, unknown>, options: { omitPayload?: boolean; omitUserInputs?: boolean } = {}) {
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  const variables = options.omitUserInputs ? {} : Object.fromEntries(Object.entries(properties).map(([id, value]) => [id, text(value)]));
  const payload = { ...example.port_payload, payload: { ...example.port_payload.payload, properties } };
  return { body: { token: 'glptt-not-printed', ref: 'main', variables, port_payload: options.omitPayload ? {} : payload }, variables };
}

const run = () => sandbox.runs.get(RUN_ID)!;
const messages = () => run().logs.map((log) => log.message);

const STAGES = 'stages: [build, deploy]\n';

describe('gitlab-templates/port.yml', () => {
  it('hands the run to later jobs, links the pipeline, streams a command and ends the run SUCCESS', async () => {
    sandbox = await startSandbox({ runs: [RUN_ID] });
    const { body, variables } = trigger({ environment: 'production', replica_count: 4, dry_run: false, labels: { team: 'payments' } });
    const result = await runPipeline({
      portBaseUrl: sandbox.url,
      trigger: body,
      variables: { ...CREDENTIALS, ...variables },
      jobs: `${STAGES}
build:
  stage: build
  script:
    - test "$PORT_RUN_ID" = "${RUN_ID}" && test "$PORT_INPUT_REPLICA_COUNT" = 4 && test "$PORT_INPUT_LABELS" = '{"team":"payments"}'
    - $PORT_CI log "Built $PORT_ENTITY_IDENTIFIER for $PORT_INPUT_ENVIRONMENT"
deploy:
  stage: deploy
  extends: .port-exec
  variables:
    PORT_EXEC:
      value: 'echo "rolling out $PORT_INPUT_REPLICA_COUNT replicas"; echo done'
      expand: false
`,
    });
    expect(result.output).toMatch(/PASS\s+port-context/);
    expect(result.code).toBe(0);
    expect(run()).toMatchObject({ status: 'SUCCESS', externalRunId: expect.any(String), summary: expect.stringMatching(/^Pipeline \d+ succeeded$/) });
    expect(run().link).toMatch(/^https?:\/\/.+\/pipelines\/\d+$/);
    expect(messages()).toEqual([expect.stringMatching(/^GitLab pipeline started: /), 'Built checkout-api for production', 'rolling out 4 replicas\ndone']);
    expect(result.dotenv()).toMatch(/^PORT_RUN_ID=r_Q8vNw3kTz1LpX0aB$/m);
    expect(result.dotenv()).toMatch(/^PORT_CI=node tools\/port-ci\.cjs$/m);
    expect(result.output + (result.dotenv() ?? '')).not.toContain('glptt-not-printed');
    expect(result.output).not.toContain(SANDBOX_CLIENT_SECRET);
  });

  it('ends the run FAILURE naming the failed stage and job when GitLab can list them', async () => {
    sandbox = await startSandbox({ runs: [RUN_ID] });
    const seen: string[] = [];
    gitlabApi = createServer((req, res) => {
      seen.push(`${req.url} ${req.headers['private-token'] ?? ''}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify([{ id: 1, name: 'unit-tests', stage: 'build', status: 'failed' }]));
    });
    await new Promise<void>((resolve) => gitlabApi!.listen(0, '127.0.0.1', resolve));
    const apiUrl = `http://127.0.0.1:${(gitlabApi.address() as { port: number }).port}/api/v4`;
    const { body, variables } = trigger({ environment: 'staging' });
    const result = await runPipeline({
      portBaseUrl: sandbox.url,
      trigger: body,
      variables: { ...CREDENTIALS, ...variables, CI_API_V4_URL: apiUrl, PORT_GITLAB_TOKEN: 'glpat-read-api', GCL_IGNORE_PREDEFINED_VARS: 'CI_API_V4_URL' },
      jobs: `${STAGES}
unit-tests:
  stage: build
  script: [echo testing, exit 1]
`,
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/PASS\s+port-report-failure/);
    expect(run()).toMatchObject({ status: 'FAILURE', summary: 'Pipeline failed in stage build (job unit-tests)' });
    expect(seen[0]).toMatch(/^\/api\/v4\/projects\/[^/]+\/pipelines\/\d+\/jobs\?scope\[\]=failed&per_page=100 glpat-read-api$/);
  });

  it('ends the run FAILURE with a plain summary when GitLab cannot list the failed jobs', async () => {
    sandbox = await startSandbox({ runs: [RUN_ID] });
    const { body, variables } = trigger({ environment: 'staging' });
    const result = await runPipeline({
      portBaseUrl: sandbox.url,
      trigger: body,
      variables: { ...CREDENTIALS, ...variables, CI_API_V4_URL: 'http://127.0.0.1:9/api/v4', GCL_IGNORE_PREDEFINED_VARS: 'CI_API_V4_URL', PORT_RETRY_DEADLINE_SECONDS: '1' },
      jobs: `${STAGES}
unit-tests:
  stage: build
  script: [exit 3]
`,
    });
    expect(result.code).not.toBe(0);
    expect(run()).toMatchObject({ status: 'FAILURE', summary: 'Pipeline failed' });
    expect(result.output).toMatch(/could not name the failed stage: .*give PORT_GITLAB_TOKEN \(read_api\)/);
  });

  it('gives jobs the inputs of an omitPayload run and skips reporting with a clear line', async () => {
    sandbox = await startSandbox({ runs: [RUN_ID] });
    const { body, variables } = trigger({ environment: 'staging', replica_count: 2 }, { omitPayload: true });
    const result = await runPipeline({
      portBaseUrl: sandbox.url,
      trigger: body,
      variables: { ...CREDENTIALS, ...variables },
      jobs: `${STAGES}
build:
  stage: build
  script:
    - test -z "$PORT_RUN_ID" && test "$PORT_INPUT_ENVIRONMENT" = staging && test "$PORT_INPUT_REPLICA_COUNT" = 2
`,
    });
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/PASS\s+build/);
    expect(result.output).toContain('no run id (the action omits the payload), so there is nothing to report');
    expect(sandbox.requests).toEqual([]);
  });

  it('ends the run FAILURE when the context job refuses the payload, rather than leaving it running', async () => {
    sandbox = await startSandbox({ runs: [RUN_ID] });
    const { body, variables } = trigger({ environment: 'staging' });
    (body.port_payload as { trigger: unknown }).trigger = 'not an object';
    const result = await runPipeline({
      portBaseUrl: sandbox.url,
      trigger: body,
      variables: { ...CREDENTIALS, ...variables, PORT_RETRY_DEADLINE_SECONDS: '1', CI_API_V4_URL: 'http://127.0.0.1:9/api/v4', GCL_IGNORE_PREDEFINED_VARS: 'CI_API_V4_URL' },
      jobs: STAGES,
    });
    expect(result.output).toMatch(/port-ci: port_payload\.trigger: expected an object but found "not an object"/);
    expect(result.output).toMatch(/PASS\s+port-report-failure/);
    expect(run().status).toBe('FAILURE');
  });

  it('lets a pipeline Port did not start (a push) pass, with $PORT_CI still usable', async () => {
    sandbox = await startSandbox({ runs: [RUN_ID] });
    const result = await runPipeline({
      portBaseUrl: sandbox.url,
      variables: CREDENTIALS,
      jobs: `${STAGES}
build:
  stage: build
  script:
    - test -z "$PORT_RUN_ID"
    - $PORT_CI log "built"
deploy:
  stage: deploy
  extends: .port-exec
  variables:
    PORT_EXEC: echo deploying
`,
    });
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/PASS\s+port-context/);
    expect(result.output).toMatch(/PASS\s+build/);
    expect(result.output).toMatch(/PASS\s+port-report-success/);
    expect(result.output).toContain('no Port payload here (the pipeline was not started by Port)');
    expect(sandbox.requests).toEqual([]);
  });

  it('takes the inputs from the payload of an omitUserInputs run', async () => {
    sandbox = await startSandbox({ runs: [RUN_ID] });
    const { body } = trigger({ environment: 'production', replica_count: 6 }, { omitUserInputs: true });
    const result = await runPipeline({
      portBaseUrl: sandbox.url,
      trigger: body,
      variables: CREDENTIALS,
      jobs: `${STAGES}
build:
  stage: build
  script:
    - test "$PORT_INPUT_ENVIRONMENT" = production && test "$PORT_INPUT_REPLICA_COUNT" = 6
`,
    });
    expect(result.code).toBe(0);
    expect(run().status).toBe('SUCCESS');
  });

  it('carries a value with a newline, quotes and shell text to a later job exactly, running none of it', async () => {
    sandbox = await startSandbox({ runs: [RUN_ID] });
    const notes = `first line "double" 'single'\nsecond $HOME $(touch pwned) \`touch pwned2\` ; rm -rf /nothing`;
    const { body, variables } = trigger({ notes });
    const result = await runPipeline({
      portBaseUrl: sandbox.url,
      trigger: body,
      variables: { ...CREDENTIALS, ...variables },
      jobs: `${STAGES}
build:
  stage: build
  script:
    - $PORT_CI log "$(printf %s "$PORT_INPUT_NOTES_B64" | base64 -d)"
    - test ! -e pwned && test ! -e pwned2
deploy:
  stage: deploy
  extends: .port-exec
  variables:
    PORT_EXEC:
      value: 'printf "%s" "$PORT_INPUT_NOTES_B64" | base64 -d; echo; test ! -e pwned'
      expand: false
`,
    });
    expect(result.code).toBe(0);
    expect(result.dotenv()!.split('\n').filter(Boolean).every((line) => /^[A-Z0-9_]+=[^\n]*$/.test(line))).toBe(true);
    expect(result.dotenv()).toMatch(/^PORT_INPUT_NOTES_B64=/m);
    expect(messages()[1]).toBe(notes);
    expect(messages()[2]).toBe(notes);
  });

  it('decrypts a secret input only inside the job that extends .port-exec, never into the dotenv report', async () => {
    sandbox = await startSandbox({ runs: [RUN_ID] });
    const secret = 'hunter2-gitlab-secret';
    const { body, variables } = trigger({ environment: 'production', db_password: encryptSecret(secret, SANDBOX_CLIENT_SECRET) });
    (body.port_payload as { payload: { action: { userInputs: { properties: Record<string, unknown> } } } }).payload.action.userInputs.properties.db_password = {
      type: 'string',
      encryption: 'aes256-gcm',
    };
    const result = await runPipeline({
      portBaseUrl: sandbox.url,
      trigger: body,
      inputs: { 'decrypt-secrets': true },
      variables: { ...CREDENTIALS, ...variables },
      jobs: `${STAGES}
deploy:
  stage: deploy
  extends: .port-exec
  variables:
    PORT_EXEC:
      value: 'test "$PORT_INPUT_DB_PASSWORD" = "${secret}" && echo "secret received, $(printf %s "$PORT_INPUT_DB_PASSWORD" | wc -c) characters"'
      expand: false
`,
    });
    expect(result.code).toBe(0);
    expect(messages()).toContain(`secret received, ${secret.length} characters`);
    expect(result.dotenv()).not.toContain(secret);
    expect(result.output.replace(`"${secret}"`, '')).not.toContain(secret);
    expect(JSON.stringify(run().logs)).not.toContain(secret);
  });
});

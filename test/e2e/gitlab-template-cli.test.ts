/*
 * The GitLab template's default cli: the pinned release, fetched from an npm registry and run only when its
 * dist/vendor/port-ci.cjs has the SHA-256 the template pins. The registry here serves the tarball `npm pack` makes
 * of this tree (whose one-file CLI is what the build pinned), or a tampered copy of it.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { root, tempDir } from '../support/cli.js';
import { runPipeline } from '../support/gitlab-pipeline.js';
import { packedTarball } from '../support/package.js';

const VERSION = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version as string;
const example = JSON.parse(readFileSync(path.join(root, 'examples', 'payloads', 'gitlab-trigger.json'), 'utf8'));
const RUN_ID = example.port_payload.context.runId as string;
const CREDENTIALS = { PORT_CLIENT_ID: SANDBOX_CLIENT_ID, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET };

let sandbox: Sandbox | undefined;
let registry: Server | undefined;
afterEach(async () => {
  await sandbox?.close();
  await new Promise((resolve) => (registry ? registry.close(resolve) : resolve(undefined)));
  sandbox = registry = undefined;
});

/** An npm registry that has only port-ci's tarball, at the path npm gives unscoped packages; it counts requests. */
async function startRegistry(tarball: Buffer | undefined): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  registry = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (tarball !== undefined && req.url === `/port-ci/-/port-ci-${VERSION}.tgz`) res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarball);
    else res.writeHead(404).end('{"error":"Not found"}');
  });
  await new Promise<void>((resolve) => registry!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(registry!.address() as AddressInfo).port}`, requests };
}

/** The packed tarball with one line added to its one-file CLI: a release anyone could publish under the name. */
function tamperedTarball(marker: string): Buffer {
  const dir = tempDir('port-ci-tampered-');
  spawnSync('tar', ['-xzf', packedTarball(), '-C', dir]);
  appendFileSync(path.join(dir, 'package', 'dist', 'vendor', 'port-ci.cjs'), `\nrequire('fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n`);
  spawnSync('tar', ['-czf', path.join(dir, 'tampered.tgz'), '-C', dir, 'package']);
  return readFileSync(path.join(dir, 'tampered.tgz'));
}

const JOBS = `stages: [build]
build:
  stage: build
  script:
    - $PORT_CI log "Built $PORT_ENTITY_IDENTIFIER"
`;

describe("gitlab-templates/port.yml's default cli", () => {
  it('fetches the pinned release once, checks it, hands it to later jobs, and the run ends SUCCESS', async () => {
    sandbox = await startSandbox({ runs: [RUN_ID] });
    const { url, requests } = await startRegistry(readFileSync(packedTarball()));
    const result = await runPipeline({
      cli: 'template-default',
      portBaseUrl: sandbox.url,
      inputs: { 'npm-registry': url },
      trigger: example,
      variables: { ...CREDENTIALS, ...example.variables },
      jobs: JOBS,
    });
    expect(result.output).toMatch(/PASS\s+port-context/);
    expect(result.code).toBe(0);
    expect(result.output.match(/port-ci: fetching port-ci \S+ from \S+ \(it must have sha256 [0-9a-f]{64}\)/g)).toHaveLength(1);
    expect(requests).toEqual([`/port-ci/-/port-ci-${VERSION}.tgz`]);
    expect(result.dotenv()).toMatch(/^PORT_CI=node \.port-ci\/port-ci\.cjs$/m);
    const run = sandbox.runs.get(RUN_ID)!;
    expect(run.status).toBe('SUCCESS');
    expect(run.logs.map((log) => log.message)).toContain('Built checkout-api');
  });

  it('refuses a release whose one-file CLI is not the one it pins, running none of it', async () => {
    sandbox = await startSandbox({ runs: [RUN_ID] });
    const marker = path.join(tempDir('port-ci-marker-'), 'ran');
    const { url } = await startRegistry(tamperedTarball(marker));
    const result = await runPipeline({ cli: 'template-default', portBaseUrl: sandbox.url, inputs: { 'npm-registry': url }, trigger: example, variables: { ...CREDENTIALS, ...example.variables }, jobs: JOBS });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/FAIL\s+port-context/);
    expect(result.output).toMatch(
      new RegExp(`port-ci: ${url.replace(/\./g, '\\.')}/port-ci/-/port-ci-${VERSION.replace(/\./g, '\\.')}\\.tgz gives dist/vendor/port-ci\\.cjs with sha256 [0-9a-f]{64}, but this template pins [0-9a-f]{64}: refusing to run it\\.`),
    );
    expect(existsSync(marker)).toBe(false);
    expect(sandbox.runs.get(RUN_ID)!.logs).toEqual([]);
  });

  it('runs a port-ci the image has when cli is `port-ci`, fetching nothing', async () => {
    sandbox = await startSandbox({ runs: [RUN_ID] });
    const bin = tempDir('port-ci-image-bin-');
    writeFileSync(path.join(bin, 'port-ci'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(root, 'dist', 'vendor', 'port-ci.cjs')}" "$@"\n`, { mode: 0o755 });
    const { requests } = await startRegistry(readFileSync(packedTarball()));
    const result = await runPipeline({ cli: 'template-default', path: [bin], portBaseUrl: sandbox.url, inputs: { cli: 'port-ci' }, trigger: example, variables: { ...CREDENTIALS, ...example.variables }, jobs: JOBS });
    expect(result.code).toBe(0);
    expect(result.output).not.toContain('port-ci: fetching');
    expect(requests).toEqual([]);
    expect(sandbox.runs.get(RUN_ID)!.status).toBe('SUCCESS');
  });

  it('says which URL it could not download and how to point it elsewhere', async () => {
    sandbox = await startSandbox({ runs: [RUN_ID] });
    const { url } = await startRegistry(undefined);
    const result = await runPipeline({ cli: 'template-default', portBaseUrl: sandbox.url, inputs: { 'npm-registry': url }, trigger: example, variables: { ...CREDENTIALS, ...example.variables }, jobs: JOBS });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`port-ci: could not download ${url}/port-ci/-/port-ci-${VERSION}.tgz (set npm-registry to a registry that has port-ci ${VERSION})`);
  });
});

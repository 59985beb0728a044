/*
 * deploy/agent: the Dockerfile and the values for port-labs' port-agent Helm chart. No Docker daemon runs here, so
 * what the image would run is run on the host: its COPY laid out in a folder, its ENTRYPOINT started in its WORKDIR.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { root, tempDir } from '../support/cli.js';

const dockerfile = readFileSync(path.join(root, 'deploy', 'agent', 'Dockerfile'), 'utf8');
const instruction = (name: string) => [...dockerfile.matchAll(new RegExp(`^${name} (.+)$`, 'gm'))].map((m) => m[1]!.trim());

/** The image's file system as far as port-ci is concerned: each COPY of the repository under a folder. */
function imageRoot(): string {
  const dir = tempDir('port-ci-image-');
  for (const copy of instruction('COPY')) {
    const [from, to] = copy.split(/\s+/) as [string, string];
    cpSync(path.join(root, from), path.join(dir, to), { recursive: true });
  }
  mkdirSync(path.join(dir, instruction('WORKDIR')[0]!), { recursive: true });
  return dir;
}

/** Runs the ENTRYPOINT with these arguments, its absolute paths inside the image folder, in the WORKDIR. */
function entrypoint(image: string, args: string[], env: Record<string, string> = {}) {
  const [command, ...rest] = JSON.parse(instruction('ENTRYPOINT')[0]!) as string[];
  expect(command).toBe('node');
  const inImage = rest.map((arg) => (arg.startsWith('/') ? path.join(image, arg) : arg));
  return spawnSync(process.execPath, [...inImage, ...args], { cwd: path.join(image, instruction('WORKDIR')[0]!), encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 });
}

describe('deploy/agent/Dockerfile', () => {
  it('runs port-ci agent from the committed CLI bundle', () => {
    const result = entrypoint(imageRoot(), ['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: port-ci agent \[options\]/);
  });

  it('reads the mapping where the port-agent chart mounts it: control_the_payload_config.json in /app, its WORKDIR', () => {
    expect(instruction('WORKDIR')).toEqual(['/app']);
    const image = imageRoot();
    writeFileSync(path.join(image, 'app', 'control_the_payload_config.json'), '[{"enabled": true, "colour": "blue"}]');
    const result = entrypoint(image, [], {
      PORT_ORG_ID: 'org_1', KAFKA_CONSUMER_GROUP_ID: 'org_1-agents', KAFKA_CONSUMER_BOOTSTRAP_SERVERS: '127.0.0.1:9',
      KAFKA_CONSUMER_SECURITY_PROTOCOL: 'PLAINTEXT', PORT_CLIENT_ID: 'id', PORT_CLIENT_SECRET: 'a-client-secret-of-32-characters!',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${path.join(image, 'app', 'control_the_payload_config.json')}: entry 0`);
  });
});

describe('deploy/agent/values.yaml', () => {
  const values = parse(readFileSync(path.join(root, 'deploy', 'agent', 'values.yaml'), 'utf8')) as { env: { normal: Record<string, unknown>; secret: Record<string, unknown> }; controlThePayloadConfig: unknown };
  const help = spawnSync(process.execPath, [path.join(root, 'dist', 'cli', 'index.js'), 'agent', '--help'], { encoding: 'utf8' }).stdout;

  it('sets only environment names port-ci agent reads, which are port-agent chart names', () => {
    const names = [...Object.keys(values.env.normal), ...Object.keys(values.env.secret)];
    expect(names).toEqual(expect.arrayContaining(['PORT_ORG_ID', 'KAFKA_CONSUMER_GROUP_ID', 'PORT_CLIENT_ID', 'PORT_CLIENT_SECRET']));
    for (const name of names) expect(help, `agent --help names $${name}`).toContain(`$${name}`);
  });

  it('keeps the credentials in the chart secret', () => {
    expect(Object.keys(values.env.secret).sort()).toEqual(['PORT_CLIENT_ID', 'PORT_CLIENT_SECRET']);
    expect(values.controlThePayloadConfig).toBe('');
  });
});

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { root } from './support/cli.js';

// The rules GitLab's CI/CD component guidance sets for a template others include (STYLE.md "GitLab templates").
const [header, body] = parseAllDocuments(readFileSync(path.join(root, 'gitlab-templates', 'port.yml'), 'utf8')).map((doc) => doc.toJS());
const inputs: Record<string, { description?: string; type?: string; default?: unknown; regex?: string; options?: unknown[] }> = header.spec.inputs;

describe('gitlab-templates/port.yml', () => {
  it('has the inputs the template promises', () => {
    expect(Object.keys(inputs)).toEqual(expect.arrayContaining(['stage', 'job-prefix', 'image', 'cli', 'port-base-url', 'report-status', 'decrypt-secrets']));
    expect(inputs['job-prefix']!.default).toBe('port-');
    expect(inputs['report-status']).toMatchObject({ type: 'boolean', default: true });
    expect(inputs['decrypt-secrets']).toMatchObject({ type: 'boolean', default: false });
  });

  it('pins the version and the SHA-256 of the one-file CLI this commit builds', () => {
    const vendored = readFileSync(path.join(root, 'dist', 'vendor', 'port-ci.cjs'));
    expect(inputs['cli-sha256']!.default).toBe(createHash('sha256').update(vendored).digest('hex'));
    expect(inputs['cli-version']!.default).toBe(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version);
    expect(inputs.cli!.default).toBe('node .port-ci/port-ci.cjs');
  });

  it('README.md lists every input with its default', () => {
    const readme = readFileSync(path.join(root, 'gitlab-templates', 'README.md'), 'utf8');
    const rows = new Map([...readme.matchAll(/^\| `([a-z0-9-]+)` \| ([^|]+) \|/gm)].map((m) => [m[1], m[2]!.trim()]));
    for (const [name, input] of Object.entries(inputs)) {
      expect(rows.has(name), `README row for ${name}`).toBe(true);
      if (name !== 'cli-sha256') expect(rows.get(name)).toBe(`\`${String(input.default)}\``);
    }
  });

  it.each(Object.entries(inputs))('describes input %s, and bounds it with a regex or options when it is a string', (_name, input) => {
    expect(input.description?.trim()).toBeTruthy();
    if ((input.type ?? 'string') === 'string') expect(input.regex ?? input.options).toBeTruthy();
    if (input.regex !== undefined && input.default !== undefined) expect(String(input.default)).toMatch(new RegExp(input.regex));
  });

  it('refuses shell text in the inputs that reach a script', () => {
    for (const hostile of ['x; rm -rf /', '$(id)', '`id`', 'a && b', 'node "x"', 'a|b', "it's"]) {
      expect(hostile).not.toMatch(new RegExp(inputs.cli!.regex!));
      expect(hostile).not.toMatch(new RegExp(inputs['port-base-url']!.regex!));
    }
    expect('node /opt/port-ci/dist/cli/index.js').toMatch(new RegExp(inputs.cli!.regex!));
    expect('http://127.0.0.1:8787').toMatch(new RegExp(inputs['port-base-url']!.regex!));
  });

  it('has no global keywords: every top-level key is a job or a hidden job', () => {
    for (const [name, job] of Object.entries(body as Record<string, { script?: unknown }>)) {
      expect(name.startsWith('.') || Array.isArray(job.script), name).toBe(true);
      expect(['default', 'stages', 'variables', 'workflow', 'include', 'image', 'services', 'before_script', 'after_script', 'cache']).not.toContain(name);
    }
  });

  it('puts inputs into scripts only where their type or regex makes them inert', () => {
    const scripts = JSON.stringify(Object.values(body as Record<string, { script?: string[] }>).map((job) => job.script ?? []));
    for (const used of scripts.matchAll(/\$\[\[ inputs\.([a-z-]+) \]\]/g)) {
      const input = inputs[used[1]!]!;
      expect(['boolean', 'number'].includes(input.type ?? 'string') || input.regex !== undefined, used[1]).toBe(true);
    }
  });
});

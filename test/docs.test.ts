import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { root, tempDir } from './support/cli.js';

interface ActionYml {
  inputs?: Record<string, { description?: unknown; required?: unknown; default?: unknown }>;
  outputs?: Record<string, { description?: unknown }>;
  runs?: { using?: unknown; main?: unknown; post?: unknown };
  branding?: { icon?: unknown; color?: unknown };
}

function checkDocs(cwd: string) {
  return spawnSync(process.execPath, [path.join(cwd, 'scripts', 'generate-docs.mjs'), '--check'], { cwd, encoding: 'utf8', timeout: 20_000 });
}

/** A copy of what the docs are made from, so a test can break it without touching the real files. */
function copyDocsInputs(): string {
  const dir = tempDir('port-ci-docs-');
  for (const name of ['scripts/generate-docs.mjs', 'action.yml', 'actions', 'README.md']) cpSync(path.join(root, name), path.join(dir, name), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules')); // the script imports yaml
  return dir;
}

const actionFiles = [
  'action.yml',
  ...readdirSync(path.join(root, 'actions'))
    .map((task) => `actions/${task}/action.yml`)
    .filter((file) => existsSync(path.join(root, file))),
];

describe('generated docs', () => {
  it('the README usage blocks match the action.yml files (npm run docs rewrites them)', () => {
    const result = checkDocs(root);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('--check exits 1 and names each README whose block drifted from its action.yml', () => {
    const dir = copyDocsInputs();
    try {
      expect(checkDocs(dir).status).toBe(0);

      const logAction = path.join(dir, 'actions', 'log', 'action.yml');
      const changed = parseDocument(readFileSync(logAction, 'utf8'));
      changed.setIn(['inputs', 'added-input'], { description: 'An input the READMEs do not list yet.', required: false, default: '' });
      writeFileSync(logAction, changed.toString());
      const result = checkDocs(dir);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('actions/log/README.md: usage blocks differ');
      expect(result.stderr).toMatch(/^README\.md: usage blocks differ/m);
      expect(result.stderr).not.toContain('actions/exec/README.md');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--check names a README that lost its markers', () => {
    const dir = copyDocsInputs();
    try {
      writeFileSync(path.join(dir, 'actions', 'exec', 'README.md'), '# actions/exec\n');
      const result = checkDocs(dir);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('actions/exec/README.md: no <!-- usage:start:exec --> ... <!-- usage:end:exec --> markers');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(actionFiles)('%s', (file) => {
  const action = parse(readFileSync(path.join(root, file), 'utf8')) as ActionYml;
  const inputs = Object.entries(action.inputs ?? {});
  const outputs = Object.entries(action.outputs ?? {});
  const nonEmpty = (value: unknown) => typeof value === 'string' && value.trim() !== '';

  it('describes every input and output', () => {
    const undescribed = [...inputs.map(([name, input]) => ['input', name, input] as const), ...outputs.map(([name, output]) => ['output', name, output] as const)]
      .filter(([, , entry]) => !nonEmpty(entry?.description))
      .map(([kind, name]) => `${kind} ${name}`);
    expect(undescribed).toEqual([]);
  });

  // An optional input without a stated default leaves the user guessing what leaving it out does.
  it('states the default of every optional input', () => {
    const silent = inputs
      .filter(([, input]) => input.required !== true && input.required !== 'true')
      .filter(([, input]) => !('default' in input) && !/default/i.test(String(input.description)))
      .map(([name]) => name);
    expect(silent).toEqual([]);
  });

  it('runs on node24 from a committed bundle under dist/', () => {
    expect(action.runs?.using).toBe('node24');
    // The root action's post step ends the Port run; a sub-action has none.
    const entries = file === 'action.yml' ? [action.runs?.main, action.runs?.post] : [action.runs?.main];
    for (const entry of entries) {
      expect(entry, 'runs.main / runs.post').toEqual(expect.any(String));
      const target = path.resolve(root, path.dirname(file), entry as string);
      expect(path.relative(path.join(root, 'dist'), target)).not.toMatch(/^\.\.|^$/);
      expect(existsSync(target), `${entry as string} exists`).toBe(true);
    }
  });

  it('sets branding for the Marketplace', () => {
    expect(action.branding?.icon).toSatisfy(nonEmpty);
    // The colours GitHub accepts for branding.color.
    expect(['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']).toContain(action.branding?.color);
  });
});

// Keeps the test honest when a sub-action is added: it must be found like the others.
it('checks the root action and every sub-action', () => {
  expect(actionFiles).toEqual(expect.arrayContaining(['action.yml', 'actions/log/action.yml', 'actions/report/action.yml', 'actions/exec/action.yml']));
});

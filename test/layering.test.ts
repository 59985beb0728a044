import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// README's "Dependencies point one way", read off the import lines of src/.
const src = path.resolve(import.meta.dirname, '..', 'src');
const files = (dir: string) => readdirSync(path.join(src, dir), { recursive: true }).map(String).filter((name) => name.endsWith('.ts')).map((name) => path.join(dir, name));
/** The folders of src/ a file imports from. */
function importedRooms(file: string): string[] {
  const text = readFileSync(path.join(src, file), 'utf8');
  const rooms = [...text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)].map((match) => path.relative(src, path.resolve(path.dirname(path.join(src, file)), match[1]!)).split(path.sep)[0]!);
  return [...new Set(rooms)].filter((room) => room !== file.split(path.sep)[0]);
}

describe('dependencies point one way', () => {
  it.each([
    ['core', []],
    ['http', ['core']],
    ['port', ['core', 'http']],
    // The catalog operations every face offers (entity files, search rules, bulk writes, runs followed).
    ['catalog', ['core', 'http', 'port']],
    ['github', ['core', 'http', 'port', 'catalog']],
    ['gitlab', ['core', 'http', 'port', 'backends']],
    // What is read of GitLab pipelines and GitHub runs, shared by the faces that follow them.
    ['backends', ['core', 'http', 'port']],
    // The execution agent is a face of its own: it shares the Port client, HTTP, jq and the backends' reads, never another face.
    ['agent', ['core', 'http', 'port', 'jq', 'backends', 'kafka']],
    ['kafka', []],
  ])('src/%s imports only from %j', (room, allowed) => {
    for (const file of files(room)) for (const imported of importedRooms(file)) expect(allowed, `${file} imports from src/${imported}`).toContain(imported);
  });

  it('reads the imports it checks (the GitHub face does use the Port client, the agent jq)', () => {
    expect(files('github').flatMap(importedRooms)).toContain('port');
    expect(files('agent').flatMap(importedRooms)).toContain('jq');
  });

  it('nothing outside the agent and the CLI imports the agent', () => {
    for (const room of ['core', 'http', 'port', 'jq', 'backends', 'catalog', 'dispatch', 'github', 'gitlab', 'sandbox']) {
      for (const file of files(room)) expect(importedRooms(file), `${file} imports from src/agent`).not.toContain('agent');
    }
  });

  it("cli/port-config.ts, which every reporting command uses, imports no face; cli/ci-job.ts is where the CLI meets them", () => {
    const text = readFileSync(path.join(src, 'cli', 'port-config.ts'), 'utf8');
    expect(text).not.toMatch(/from '\.\.\/(github|gitlab)\//);
    expect(readFileSync(path.join(src, 'cli', 'ci-job.ts'), 'utf8')).toMatch(/from '\.\.\/github\//);
  });
});

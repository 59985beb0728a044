import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root, tempDir } from './cli.js';

let packed: string | undefined;

/** The package as `npm pack` makes it from this tree, through the release script the release workflow runs. */
export function packedTarball(): string {
  if (packed !== undefined) return packed;
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'release.mjs'), 'pack', tempDir('port-ci-pack-')], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`release.mjs pack failed: ${result.stderr}`);
  packed = result.stdout.trim();
  return packed;
}

/** Runs scripts/release.mjs as the release workflow does, in `cwd` (a copy of the repository, or the repository). */
export function release(args: string[], cwd = root): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(cwd, 'scripts', 'release.mjs'), ...args], { cwd, encoding: 'utf8', timeout: 300_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

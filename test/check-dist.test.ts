import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { root } from './support/cli.js';

// GitHub runs the committed bundles, so dist/ must be exactly what src/ builds to.
it('dist/ matches a fresh build of src/', () => {
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--check'], { cwd: root, encoding: 'utf8', timeout: 400_000 });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
}, 400_000);

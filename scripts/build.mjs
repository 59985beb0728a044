#!/usr/bin/env node
// Builds one ncc bundle per entry into dist/<entry>/, or with --check verifies that dist/ is exactly what a
// fresh build makes (GitHub runs the committed bundle, so a stale dist/ ships old code).
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { pinTemplate } from './template-pins.mjs';

const require = createRequire(import.meta.url);
const ncc = require('@vercel/ncc');
const ts = require('typescript');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const ENTRIES = ['main', 'log', 'report', 'exec', 'entity', 'run', 'cli', 'vendor', 'lib'];
const check = process.argv.includes('--check');

// The schema validator is generated source the bundles include: regenerate it first, or with --check prove it current.
{
  const { compileSchema, VALIDATOR } = await import('./compile-schema.mjs');
  const source = await compileSchema();
  if (!check) writeFileSync(VALIDATOR, source);
  else if (!existsSync(VALIDATOR) || readFileSync(VALIDATOR, 'utf8') !== source) {
    console.error(`${path.relative(root, VALIDATOR)} is not what port-action.json compiles to (run npm run build and commit it)`);
    process.exit(1);
  }
}

/** Entries that render templates carry the jq worker beside their index.js (see src/jq/engine.ts). */
const JQ_ENTRIES = new Set(['cli']);
const JQ_WORKER = 'jq-worker.cjs';

/*
 * Action steps are bundled as CommonJS, with a package.json saying so beside them: Node starts a CommonJS file
 * faster than an ES module (measured on the report step: 160 vs 231 ms wall, bare node 124 ms, on a busy machine),
 * and a step is mostly start-up. The CLI stays an ES module (its jq worker is found through import.meta.url).
 */
const STEP_ENTRIES = new Set(['main', 'log', 'report', 'exec', 'entity', 'run']);

/*
 * The one-file CLI for CI jobs to vendor: CommonJS for the same start-up reason, in a .cjs file so it runs as
 * CommonJS wherever it is copied, with nothing beside it (a build that made a chunk or an asset fails).
 */
const ONE_FILE_ENTRIES = new Map([['vendor', 'port-ci.cjs']]);

/** The package's import entry (`import { verifyWebhook } from 'port-ci'`) carries its types beside it. */
const TYPED_ENTRIES = new Set(['lib']);

/** Declarations for everything the entry reaches, as tsc emits them, keyed by their path under dist/<entry>/types. */
function declarations(entry) {
  const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const outDir = path.join(root, 'dist', entry, 'types');
  const program = ts.createProgram([path.join(root, 'src', 'entrypoints', `${entry}.ts`)], {
    ...options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: path.join(root, 'src'),
    outDir,
  });
  const files = new Map();
  const { diagnostics } = program.emit(undefined, (file, text) => files.set(`types/${path.relative(outDir, file)}`, { source: Buffer.from(text) }));
  if (diagnostics.length > 0) throw new Error(`declarations for ${entry}: ${ts.formatDiagnostics(diagnostics, ts.createCompilerHost(options))}`);
  return files;
}
const COMMONJS_MARKER = `${JSON.stringify({ type: 'commonjs' })}\n`;

async function bundle(entry) {
  const step = STEP_ENTRIES.has(entry);
  const oneFile = ONE_FILE_ENTRIES.get(entry);
  const { code, assets } = await ncc(path.join(root, 'src', 'entrypoints', `${entry}.ts`), {
    quiet: true,
    minify: false,
    sourceMap: false,
    ...(oneFile ? {} : { license: 'licenses.txt' }),
    target: 'es2022',
    ...(step || oneFile ? { esm: false } : {}),
  });
  if (oneFile) {
    const extra = Object.keys(assets).filter((name) => name !== 'package.json');
    if (extra.length > 0) throw new Error(`dist/${entry}/${oneFile} must be one file, but the build made ${extra.join(', ')}`);
    return new Map([[oneFile, { source: Buffer.from(code), mode: 0o755 }]]);
  }
  const files = new Map([['index.js', { source: Buffer.from(code), mode: entry === 'cli' ? 0o755 : undefined }]]);
  for (const [name, asset] of Object.entries(assets)) files.set(name, { source: Buffer.from(asset.source), mode: asset.permissions });
  if (step) files.set('package.json', { source: Buffer.from(COMMONJS_MARKER) });
  if (TYPED_ENTRIES.has(entry)) for (const [name, file] of declarations(entry)) files.set(name, file);
  if (JQ_ENTRIES.has(entry)) {
    // The worker is its own bundle (jq-wasm inside): only a command that runs jq ever loads it.
    const worker = await ncc(path.join(root, 'src', 'jq', JQ_WORKER), { quiet: true, minify: false, sourceMap: false, target: 'es2022' });
    if (Object.keys(worker.assets).some((name) => name !== 'package.json')) throw new Error(`${JQ_WORKER}: unexpected assets ${Object.keys(worker.assets)}`);
    files.set(JQ_WORKER, { source: Buffer.from(worker.code) });
  }
  return files;
}

function listFiles(dir, prefix = '') {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? listFiles(path.join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`],
  );
}

/*
 * The GitLab template's default cli runs only the one-file CLI whose hash it pins (gitlab-templates/README.md): the
 * build writes the version and the hash of the file this commit makes, so a release tag's template pins exactly
 * what that release publishes.
 */
const TEMPLATE = path.join(root, 'gitlab-templates', 'port.yml');

const problems = [];
for (const entry of ENTRIES) {
  const files = await bundle(entry);
  if (entry === 'vendor') {
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const sha256 = createHash('sha256').update(files.get('port-ci.cjs').source).digest('hex');
    const current = readFileSync(TEMPLATE, 'utf8');
    const pinned = pinTemplate(current, version, sha256);
    if (check && pinned !== current) problems.push(`gitlab-templates/port.yml does not pin dist/vendor/port-ci.cjs (${version}, sha256 ${sha256})`);
    if (!check && pinned !== current) writeFileSync(TEMPLATE, pinned);
  }
  const dir = path.join(root, 'dist', entry);
  if (check) {
    const onDisk = new Set(listFiles(dir));
    for (const [name, { source }] of files) {
      if (!onDisk.has(name)) problems.push(`dist/${entry}/${name} is missing`);
      else if (!readFileSync(path.join(dir, name)).equals(source)) problems.push(`dist/${entry}/${name} differs from a fresh build`);
      onDisk.delete(name);
    }
    for (const name of onDisk) problems.push(`dist/${entry}/${name} is not made by the build`);
  } else {
    rmSync(dir, { recursive: true, force: true });
    for (const [name, { source, mode }] of files) {
      const file = path.join(dir, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, source);
      if (mode) chmodSync(file, mode);
    }
    const size = [...files.values()].reduce((sum, { source }) => sum + source.length, 0);
    console.log(`dist/${entry}: ${files.size} files, ${(size / 1024).toFixed(0)} KiB`);
  }
}
const stray = (existsSync(path.join(root, 'dist')) ? readdirSync(path.join(root, 'dist'), { withFileTypes: true }) : []).filter((d) => !ENTRIES.includes(d.name));
for (const d of stray) problems.push(`dist/${d.name} is not made by the build`);
if (check) {
  if (problems.length) {
    console.error(`dist/ does not match src/ (run npm run build and commit dist/):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('dist/ matches a fresh build');
}

#!/usr/bin/env node
// Bundle size of every dist/ entry: what a step loads at start (its index.js) and what it may load later.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { root, table } from './lib.mjs';

const rows = [['entry', 'index.js', 'gzip', 'lazy chunks', 'all files']];
for (const entry of readdirSync(path.join(root, 'dist')).sort()) {
  const dir = path.join(root, 'dist', entry);
  // The one-file CLI (dist/vendor/port-ci.cjs) is its own entry file; every other entry starts at index.js.
  const files = readdirSync(dir).filter((name) => /\.c?js$/.test(name));
  const start = files.includes('index.js') ? 'index.js' : files[0];
  const size = (name) => statSync(path.join(dir, name)).size;
  const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
  const chunks = files.filter((name) => name !== start);
  rows.push([
    `dist/${entry}${start === 'index.js' ? '' : `/${start}`}`,
    kib(size(start)),
    kib(gzipSync(readFileSync(path.join(dir, start))).length),
    `${chunks.length} (${kib(chunks.reduce((sum, name) => sum + size(name), 0))})`,
    kib(files.reduce((sum, name) => sum + size(name), 0)),
  ]);
}
console.log(table(rows));

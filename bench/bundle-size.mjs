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
  const files = readdirSync(dir).filter((name) => name.endsWith('.js'));
  const size = (name) => statSync(path.join(dir, name)).size;
  const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
  const chunks = files.filter((name) => name !== 'index.js');
  rows.push([
    `dist/${entry}`,
    kib(size('index.js')),
    kib(gzipSync(readFileSync(path.join(dir, 'index.js'))).length),
    `${chunks.length} (${kib(chunks.reduce((sum, name) => sum + size(name), 0))})`,
    kib(files.reduce((sum, name) => sum + size(name), 0)),
  ]);
}
console.log(table(rows));

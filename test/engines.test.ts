import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { root } from './support/cli.js';

/** The lowest Node major a range such as "^20.19.0 || >=22.12.0" or ">= 14.6" admits, per alternative. */
function lowestMajors(range: string): number[] {
  return range.split('||').map((alternative) => {
    const bound = /(?:>=|\^|~|=)?\s*v?(\d+)/.exec(alternative.trim());
    return bound ? Number(bound[1]) : 0; // "*" or "x": any
  });
}

// package.json promises Node 20, and `npm ci` warns (EBADENGINE) for every locked package that asks for more:
// content-type 3 (through @octokit/request, bundled into dist/cli) asks for Node 22; 2.1.0 has the same parse().
//
// Two are let through, named here: helpers of the Kafka client (@platformatic/kafka 1.35.0, whose own engines
// admit Node 20.19) that declare Node 22.19. Every version of them does, 1.x of the client needs them, 2.x fails on
// Node 20, and the one without them (1.22.0) loses committed messages in test/agent/kafka-harness.test.ts. They
// run in the Kafka tests on this machine's Node 20, and only the agent's Kafka code reaches them.
const DECLARED_ONLY = new Set(['node_modules/@platformatic/dynamic-buffer', 'node_modules/@platformatic/wasm-utils']);
it('every locked package runs on the Node package.json promises (no EBADENGINE from npm ci)', () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
  const promised = Math.min(...lowestMajors(pkg.engines.node));
  expect(promised).toBe(20);
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };
  const refusing = Object.entries(lock.packages)
    .filter(([where, entry]) => !DECLARED_ONLY.has(where) && !Array.isArray(entry.engines) && typeof entry.engines?.node === 'string')
    .filter(([, entry]) => Math.min(...lowestMajors((entry.engines as { node: string }).node)) > promised)
    .map(([where, entry]) => `${where}@${entry.version}: node ${(entry.engines as { node: string }).node}`);
  expect(refusing).toEqual([]);
});

it('lets through only helpers of the Kafka client, which nothing else depends on', () => {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dependencies?: Record<string, string> }> };
  for (const where of DECLARED_ONLY) {
    const name = where.replace('node_modules/', '');
    const dependents = Object.entries(lock.packages).filter(([, entry]) => entry.dependencies?.[name] !== undefined).map(([at]) => at);
    expect(dependents.every((at) => at === 'node_modules/@platformatic/kafka' || DECLARED_ONLY.has(at))).toBe(true);
  }
});

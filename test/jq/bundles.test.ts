import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// An action step pays for every byte it loads: jq (1.3 MB of WebAssembly) belongs to the commands that render
// templates, nowhere else. These read the committed bundles, which is what GitHub and npx run.
const dist = path.resolve(import.meta.dirname, '..', '..', 'dist');
const chunks = (entry: string) => readdirSync(path.join(dist, entry)).filter((name) => name.endsWith('.js')).map((name) => ({ name, text: readFileSync(path.join(dist, entry, name), 'utf8') }));

describe('the jq engine in the bundles', () => {
  it.each(['main', 'log', 'report', 'exec', 'entity', 'run'])('is not in the %s step', (entry) => {
    for (const { name, text } of chunks(entry)) {
      expect(text.includes('jq-worker'), `dist/${entry}/${name}`).toBe(false);
      expect(text.includes('jq-wasm'), `dist/${entry}/${name}`).toBe(false);
    }
    expect(readdirSync(path.join(dist, entry))).not.toContain('jq-worker.cjs');
  });

  // dispatch and sandbox --gitlab-trigger render templates; the sandbox loads that part only with the flag.
  it('is loaded by dispatch and sandbox --gitlab-trigger only, never by context, log, report, exec or a plain sandbox', () => {
    const withJq = chunks('cli').filter(({ text }) => text.includes('jq-worker'));
    expect(withJq.length).toBeGreaterThan(0);
    for (const { name, text } of withJq) {
      for (const other of ['context', 'log', 'report', 'exec', 'sandbox']) expect(text.includes(`Usage: port-ci ${other} `), `${name} holds ${other}`).toBe(false);
    }
    expect(chunks('cli').some(({ text }) => text.includes('Usage: port-ci dispatch'))).toBe(true);
    expect(chunks('cli').find(({ name }) => name === 'index.js')!.text.includes('jq-worker')).toBe(false);
  });

  it('ships the worker, with jq inside, beside the CLI', () => {
    const worker = readFileSync(path.join(dist, 'cli', 'jq-worker.cjs'), 'utf8');
    expect(worker).toContain('__port_ci_input');
    expect(worker.length).toBeGreaterThan(1_000_000);
  });
});

// The Kafka client (@platformatic/kafka; its consumer's MessagesStream class marks it: code of port-ci's own may name
// the client's error codes) belongs to `port-ci agent` and dispatch's producer.
const KAFKA_CLIENT = 'class MessagesStream';
describe('the Kafka client in the bundles', () => {
  it.each(['main', 'log', 'report', 'exec', 'entity', 'run', 'vendor'])('is not in the %s bundle', (entry) => {
    for (const { name, text } of chunks(entry)) expect(text.includes(KAFKA_CLIENT), `dist/${entry}/${name}`).toBe(false);
  });

  // ncc puts a package in a chunk of its own, loaded with the chunks of each import() that needs it: every
  // import() that loads a chunk holding the client must be the agent command's, or dispatch's producer (which
  // imports the client itself, only when it produces to Kafka).
  it("is loaded by the agent command's import() and dispatch's producer only", () => {
    const cli = chunks('cli');
    const kafka = new Set(cli.filter(({ text }) => text.includes(KAFKA_CLIENT)).map(({ name }) => name.replace(/\.index\.js$/, '')));
    expect(kafka.has('index.js')).toBe(false);
    const importer = /(?:Promise\.all\(\/\* import\(\) \*\/\[([^\]]*)\]\)|__nccwpck_require__\.e\((\d+)\))\.then\(__nccwpck_require__\.bind\(__nccwpck_require__, (\d+)\)\)/g;
    let loaders = 0;
    for (const { name, text } of cli) {
      for (const [, group, single, target] of text.matchAll(importer)) {
        const loaded = group ? [...group.matchAll(/\.e\((\d+)\)/g)].map(([, id]) => id!) : [single!];
        if (!loaded.some((id) => kafka.has(id))) continue;
        loaders++;
        // The chunk that defines the imported module (webpack's `/***/ ID:` header), whatever the chunk is named.
        const module = cli.find((chunk) => chunk.text.includes(`\n/***/ ${target}:`));
        const agents = module?.text.includes('Usage: port-ci agent ') === true;
        const producer = text.includes("clientId: 'port-ci-dispatch'") && text.includes('async function openRunProducer(');
        expect(agents || producer, `dist/cli/${name} loads the Kafka client for chunk ${target}, which is neither the agent's nor dispatch's producer`).toBe(true);
      }
    }
    // A client in the bundle is loaded by something: were none found, this check would read the bundle wrongly.
    if (kafka.size > 0) expect(loaders).toBeGreaterThan(0);
  });
});

// Octokit (its user agent names octokit-core.js) belongs to dispatch; the steps talk to GitHub with src/github/api.ts.
describe('Octokit in the bundles', () => {
  it.each(['main', 'log', 'report', 'exec', 'entity', 'run', 'vendor'])('is not in the %s bundle', (entry) => {
    for (const { name, text } of chunks(entry)) expect(text.includes('octokit-core.js'), `dist/${entry}/${name}`).toBe(false);
  });

  it("is in the dispatch command's chunks, which this check reads", () => {
    expect(chunks('cli').some(({ text }) => text.includes('octokit-core.js'))).toBe(true);
  });
});

// The jq worker: runs jq programs for src/jq/engine.ts off the main thread, so a filter that never ends can be
// stopped by terminating this thread. Plain CommonJS on purpose: the same file runs from src/ under the tests
// and, bundled with jq-wasm by scripts/build.mjs, from dist/cli/ (jq-wasm's Emscripten loader expects
// CommonJS globals such as __dirname).
'use strict';
const { parentPort } = require('node:worker_threads');
const { raw } = require('jq-wasm');

if (!parentPort) throw new Error('jq-worker.cjs runs only as a worker thread of the jq engine');

/** Messages: {id, program, input (JSON text), env? (JSON text)} -> {id, stdout, stderr, exitCode} or {id, failure}. */
parentPort.on('message', async ({ id, program, input, env }) => {
  try {
    // The input goes in as an argument, not on stdin: jq-wasm feeds stdin one byte at a time by copying the
    // rest of the buffer, which makes a 100 KB input take most of a second (an argument is parsed at once).
    // stdin stays empty, so `input` and `inputs` find nothing more, as for Port's single-input filters.
    const args = ['-c', '-n', '--argjson', '__port_ci_input', input];
    if (env !== undefined) args.push('--argjson', '__port_ci_env', env);
    const { stdout, stderr, exitCode } = await raw('', program, args);
    parentPort.postMessage({ id, stdout, stderr, exitCode });
  } catch (error) {
    parentPort.postMessage({ id, failure: error instanceof Error ? error.message : String(error) });
  }
});

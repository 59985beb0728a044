/*
 * Secrets kept out of Port's run log, as the GitHub runner keeps them out of the job log: the CLI as a process
 * (`port-ci exec`, `log -`, `log`, `report`) and the bundled actions/exec step and a whole job (root action,
 * exec, log, post) against the sandbox, asserting on what the sandbox recorded. Run `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { runCliAsync } from '../support/cli.js';
import { Job } from '../support/job.js';
import { runStep } from '../support/runner.js';

const RUN_ID = 'r_redact01';
let sandbox: Sandbox;
afterEach(async () => sandbox?.close());

async function start() {
  sandbox = await startSandbox({ runs: [RUN_ID] });
  return { PORT_BASE_URL: sandbox.url, PORT_CLIENT_ID: SANDBOX_CLIENT_ID, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, PORT_RUN_ID: RUN_ID };
}

const run = () => sandbox.runs.get(RUN_ID)!;
/** Every line the run's log holds, in the order Port received them. */
const portLines = () => run().logs.flatMap((log) => log.message.split('\n'));
/** Everything the sandbox recorded for the run: logs, labels, summary, links. */
const portText = () => JSON.stringify(run());

// Secrets registered by the command itself with add-mask (the runner's way), in every form the runner parses.
const DB_PASSWORD = 'db-Pa55word-7f3a';
const TOKEN_A = 'blank-led-token-91c2';
const TOKEN_B = 'legacy-form-token-5d0e';
const PERCENT_SECRET = '100%-sure\nsecond-line-8b1f'; // sent as ::add-mask::100%25-sure%0Asecond-line-8b1f
const CRLF_SECRET = 'crlf-secret-42c7';
const CR_SECRET = 'after-cr-secret-e5d1';
// Secrets named with --redact / the redact input.
const API_KEY = 'k3y"with\\back/slash&q=1 ü-6a';
const CERT = '-----BEGIN TEST KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4\n-----END TEST KEY-----';
const SPLIT_SECRET = 'abcd-split-secret-77';

const SECRET_ENV = { DB_PASSWORD, TOKEN_A, TOKEN_B, API_KEY, CERT, SPLIT_SECRET, NODE: process.execPath };

/** Each command of the hostile script and the lines Port must show for it (none: the line is withheld). */
const SCRIPT: Array<[string, ...Array<string | RegExp>]> = [
  ['echo "start of the job"', 'start of the job'],
  ['echo "::add-mask::$DB_PASSWORD"'],
  ['echo "using $DB_PASSWORD"', 'using ***'],
  [String.raw`printf ' \t::add-mask::%s\n' "$TOKEN_A"`], // the runner trims leading blanks before looking for ::
  ['echo "token a: $TOKEN_A"', 'token a: ***'],
  ['echo "step 3 of 5 ##[add-mask]$TOKEN_B"'], // the legacy form, anywhere in the line
  ['echo "token b: $TOKEN_B"', 'token b: ***'],
  [String.raw`printf '::add-mask::100%%25-sure%%0Asecond-line-8b1f\n'`], // escaped as @actions/core escapes it
  [String.raw`printf 'sure: 100%%-sure\nsecond-line-8b1f\n'`, 'sure: ***', '***'],
  [String.raw`printf '::add-mask::${CRLF_SECRET}\r\n'`],
  [String.raw`printf 'crlf line ${CRLF_SECRET}\r\n'`, 'crlf line ***'],
  [String.raw`printf 'progress 50%%\r::add-mask::${CR_SECRET}\n'`, 'progress 50%'], // a lone CR ends a line for the runner
  [`echo "cr: ${CR_SECRET}"`, 'cr: ***'],
  ['echo "key: $API_KEY"', 'key: ***'],
  // base64 of user:KEY: the runner's shifted encodings; what is left is the part that encodes "user:"
  [`echo "basic: $(printf 'user:%s' "$API_KEY" | base64 -w0)"`, /^basic: [A-Za-z0-9+/]{0,8}\*\*\*$/],
  [`"$NODE" -e 'console.log(JSON.stringify({ key: process.env.API_KEY }))'`, '{"key":"***"}'],
  [`"$NODE" -e 'console.log("https://x.example/?k=" + encodeURIComponent(process.env.API_KEY))'`, 'https://x.example/?k=***'],
  [`echo "db64: $(printf '%s' "$DB_PASSWORD" | base64 -w0)"`, 'db64: ***'], // encoded forms of add-mask values too
  [`echo "client64: $(printf '%s' "$PORT_CLIENT_SECRET" | base64 -w0)"`, 'client64: ***'], // and of credentials
  ['echo "$CERT"', '***', '***', '***'], // each line of a multi-line secret
  [`echo "middle: $(printf '%s\\n' "$CERT" | sed -n 2p)"`, 'middle: ***'],
  [`"$NODE" -e 'console.log(JSON.stringify(process.env.CERT))'`, '"***"'],
  ['printf "split: abcd-"; sleep 0.3; printf "split-secret-77 end\\n"', 'split: *** end'], // two writes, one line
  ['echo "end of the job"', 'end of the job'],
];
const script = SCRIPT.map(([command]) => command).join('\n');
const expectedLines = SCRIPT.flatMap(([, ...lines]) => lines.map((line) => (typeof line === 'string' ? line : expect.stringMatching(line))));

/** The secrets, their lines and the encoded forms a script could print them in. */
function secretForms(): string[] {
  const values = [DB_PASSWORD, TOKEN_A, TOKEN_B, PERCENT_SECRET, CRLF_SECRET, CR_SECRET, API_KEY, CERT, SPLIT_SECRET, SANDBOX_CLIENT_SECRET];
  const texts = values.flatMap((value) => [value, ...value.split('\n')]);
  return texts.flatMap((text) => [
    text,
    Buffer.from(text).toString('base64').replace(/=+$/, ''),
    JSON.stringify(text).slice(1, -1),
    encodeURIComponent(text),
  ]);
}

function expectNoSecretSent(): void {
  const sent = portText();
  for (const form of secretForms()) expect(sent, form).not.toContain(form);
  expect(sent).not.toMatch(/add-mask/i);
}

describe('port-ci exec: what reaches Port', () => {
  it('withholds every add-mask line, masks its value, the --redact variables and their encoded forms, and keeps every other line once, in order', async () => {
    const env = { ...(await start()), ...SECRET_ENV };
    const result = await runCliAsync(['exec', '--redact', 'API_KEY', '--redact', 'CERT,SPLIT_SECRET', '--', 'bash', '-c', script], { env });

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(portLines()).toEqual(expectedLines);
    expectNoSecretSent();
    // The job's own log gets the output unchanged: the runner masks it there, and must see the add-mask lines.
    expect(result.stdout).toContain(`::add-mask::${DB_PASSWORD}\nusing ${DB_PASSWORD}\n`);
    expect(result.stdout).toContain(`step 3 of 5 ##[add-mask]${TOKEN_B}\n`);
    expect(result.stdout).toContain(`progress 50%\r::add-mask::${CR_SECRET}\n`);
  });

  it('streams the example of the issue without the password (it went to Port verbatim before)', async () => {
    const env = { ...(await start()), DB_PASSWORD };
    const result = await runCliAsync(['exec', '--', 'sh', '-c', 'echo "::add-mask::$DB_PASSWORD"; echo "using $DB_PASSWORD"'], { env });
    expect(result.code).toBe(0);
    expect(portLines()).toEqual(['using ***']);
  });

  it('masks a secret that sits on the boundary where a long line is cut into pieces', async () => {
    // Named in PORT_SECRET_ENV (a decrypted secret input), which port-ci masked before as well: masked after
    // the cut, the two halves of the secret each went through.
    const env = { ...(await start()), LONG_SECRET: 'long-line-secret-3e9c1d', PORT_SECRET_ENV: 'LONG_SECRET' };
    // A message holds at most 768 KiB of JSON: the cut falls inside the secret, 786,420 characters in.
    const before = 786_420;
    const command = `head -c ${before} /dev/zero | tr '\\0' a; printf '%s' "$LONG_SECRET"; head -c 1000 /dev/zero | tr '\\0' b; echo`;
    const result = await runCliAsync(['exec', '--', 'bash', '-c', command], { env });
    expect(result.code).toBe(0);
    const lines = portLines();
    expect(lines.length).toBeGreaterThan(1); // it was cut
    expect(lines.join('')).toBe(`${'a'.repeat(before)}***${'b'.repeat(1000)}`);
  });

  it('refuses a --redact name that is not a variable name, before running anything', async () => {
    const env = await start();
    const result = await runCliAsync(['exec', '--redact', 'DB_PASSWORD,api-key', '--', 'bash', '-c', 'echo ran'], { env });
    expect(result).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        "port-ci: Invalid --redact name 'api-key'. Expected names of environment variables (letters, digits and _, not starting with a digit), separated by commas or new lines.\n",
    });
    expect(sandbox.requests).toHaveLength(0);
  });

  it('warns about a --redact variable that is unset or empty, and runs', async () => {
    const env = { ...(await start()), EMPTY_ONE: '' };
    const result = await runCliAsync(['exec', '--redact', 'NOT_SET_ANYWHERE', '--redact', 'EMPTY_ONE', '--', 'bash', '-c', 'echo ran'], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'port-ci: warning: --redact NOT_SET_ANYWHERE: the variable is not set or is empty, so there is nothing to redact\n' +
        'port-ci: warning: --redact EMPTY_ONE: the variable is not set or is empty, so there is nothing to redact\n',
    );
    expect(portLines()).toEqual(['ran']);
  });

  it('masks each field of a decrypted object secret named in PORT_SECRET_ENV', async () => {
    const creds = { user: 'svc-deployer-4d', token: 'tok_9f8e7d6c5b' };
    const env = { ...(await start()), PORT_SECRET_ENV: 'PORT_INPUT_CREDS', PORT_INPUT_CREDS: JSON.stringify(creds) };
    const script = `echo "$PORT_INPUT_CREDS"; "$NODE" -e 'const c = JSON.parse(process.env.PORT_INPUT_CREDS); console.log(c.user + " " + c.token)'`;
    const result = await runCliAsync(['exec', '--', 'bash', '-c', script], { env: { ...env, NODE: process.execPath } });
    expect(result.code).toBe(0);
    expect(portLines()).toEqual(['***', '*** ***']);
  });

  it('takes the names the root action hands on in PORT_REDACT_ENV', async () => {
    const env = { ...(await start()), PORT_REDACT_ENV: 'API_KEY,NOT_IN_THIS_STEP', API_KEY };
    const result = await runCliAsync(['exec', '--', 'bash', '-c', 'echo "key: $API_KEY"'], { env });
    expect(result).toMatchObject({ code: 0, stderr: '' }); // a name this step does not have is silent
    expect(portLines()).toEqual(['key: ***']);
  });
});

describe('port-ci log and report: what reaches Port', () => {
  it('log - withholds add-mask lines and masks like exec, passing its input through unchanged', async () => {
    const env = { ...(await start()), ...SECRET_ENV };
    const output = spawnSync('bash', ['-c', script], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
    expect(output.status).toBe(0);
    const result = await runCliAsync(['log', '-', '--redact', 'API_KEY', '--redact', 'CERT', '--redact', 'SPLIT_SECRET'], { env, input: output.stdout });
    expect(result.code).toBe(0);
    expect(portLines()).toEqual(expectedLines);
    expectNoSecretSent();
    expect(result.stdout).toContain(`::add-mask::${DB_PASSWORD}\n`);
  });

  it('log and report keep --redact variables out of the message, label, summary, link and external id', async () => {
    const env = { ...(await start()), API_KEY };
    const encoded = encodeURIComponent(API_KEY);
    expect((await runCliAsync(['log', `calling with ${API_KEY}`, '--status-label', `key ${API_KEY}`, '--redact', 'API_KEY'], { env })).code).toBe(0);
    const report = await runCliAsync(
      ['report', '--summary', `done: ${JSON.stringify(API_KEY)}`, '--link', `https://x.example/?k=${encoded}`, '--external-run-id', `id-${API_KEY}`, '--redact', 'API_KEY'],
      { env },
    );
    expect(report.code).toBe(0);
    expect(run().logs.map(({ message, statusLabel }) => ({ message, statusLabel }))).toEqual([{ message: 'calling with ***', statusLabel: 'key ***' }]);
    expect(run()).toMatchObject({ statusLabel: 'key ***', summary: 'done: "***"', link: 'https://x.example/?k=***', externalRunId: 'id-***' });
  });

  it('refuses a bad --redact name in log and report too', async () => {
    const env = await start();
    for (const args of [['log', 'hi', '--redact', '1ST'], ['report', '--summary', 's', '--redact', '1ST']]) {
      const result = await runCliAsync(args, { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^port-ci: Invalid --redact name '1ST'\./);
    }
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe('actions/exec: what reaches Port', () => {
  function execInputs(inputs: Record<string, string>) {
    return { 'run-id': RUN_ID, 'port-base-url': sandbox.url, 'port-client-id': SANDBOX_CLIENT_ID, ...inputs };
  }

  it('withholds every add-mask line and masks as the runner does, every other line once, in order', async () => {
    await start();
    const result = await runStep('exec', {
      inputs: execInputs({ run: script, redact: 'API_KEY\nCERT, SPLIT_SECRET' }),
      env: { ...SECRET_ENV, PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('::warning::');
    expect(portLines()).toEqual(expectedLines);
    expectNoSecretSent();
    expect(result.stdout).toContain(`::add-mask::${DB_PASSWORD}\nusing ${DB_PASSWORD}\n`);
  });

  it('fails the step on a redact name that is not a variable name, and warns on an empty one', async () => {
    await start();
    const bad = await runStep('exec', { inputs: execInputs({ run: 'echo ran', redact: 'GOOD_ONE, not-a-name' }), env: { PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET } });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("::error::Invalid redact name 'not-a-name'. Expected names of environment variables");
    expect(bad.stdout).not.toContain('ran');
    const empty = await runStep('exec', { inputs: execInputs({ run: 'echo ran', redact: 'UNSET_HERE' }), env: { PORT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET } });
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('::warning::redact: UNSET_HERE: the variable is not set or is empty, so there is nothing to redact');
    expect(portLines()).toEqual(['ran']);
  });
});

describe('the root action hands its redact list to the job', () => {
  it('exports the names only, and later steps keep the values out of Port', async () => {
    await start();
    const job = new Job({ PORT_RETRY_DEADLINE_SECONDS: '1', GITHUB_REPOSITORY: 'acme/deployments', GITHUB_RUN_ID: '7001', GITHUB_JOB: 'deploy' });
    const payload = JSON.stringify({ action: 'deploy', context: { runId: RUN_ID }, payload: { properties: {} } });
    const portInputs = { 'port-client-id': SANDBOX_CLIENT_ID, 'port-client-secret': SANDBOX_CLIENT_SECRET, 'port-base-url': sandbox.url };
    // API_KEY is set only on the later steps, as `env:` on a step sets it: the root action sees just the name.
    const main = await job.step('main', { id: 'port', inputs: { ...portInputs, payload, redact: 'API_KEY', 'report-status': 'false' } });
    expect(main.code).toBe(0);
    expect(main.env.PORT_REDACT_ENV).toBe('API_KEY');
    expect(main.stdout).toContain('::warning::redact: API_KEY: the variable is not set or is empty');
    const exec = await job.step('exec', { inputs: { run: 'echo "deploying with $API_KEY"' }, env: { API_KEY } });
    const log = await job.step('log', { inputs: { message: `key was ${API_KEY}` }, env: { API_KEY } });
    expect([exec.code, log.code]).toEqual([0, 0]);
    expect(run().logs.map((entry) => entry.message).slice(1)).toEqual(['deploying with ***', 'key was ***']);
    for (const step of job.results) expect(JSON.stringify([step.env, step.state, step.outputs])).not.toContain('k3y'); // no value handed on
  });
});

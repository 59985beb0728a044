import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compactJson,
  contextEnv,
  envText,
  formatDotenv,
  withinEnvLimits,
  formatShellExports,
  parsePayload,
  shellQuote,
  triggeredBy,
  upperSnake,
} from '../../src/core/index.js';
import type { EnvEntry, RunContext } from '../../src/core/index.js';
import { EXAMPLE_INPUTS, RUN_ID, example } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'port-ci-env-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let fileCount = 0;
function writeTemp(text: string): string {
  const file = join(work, `exports-${fileCount++}.sh`);
  writeFileSync(file, text, 'utf8');
  return file;
}

/** Evaluates the exports file in a POSIX shell and prints one variable's value byte-for-byte. */
function shellValue(exportsText: string, name: string): Buffer {
  const file = writeTemp(exportsText);
  return execFileSync('sh', ['-c', `eval "$(cat "$1")"; printf %s "$${name}"`, 'sh', file], { cwd: work, encoding: 'buffer' });
}

const HOSTILE_VALUES: Array<[string, string]> = [
  ['plain', 'production'],
  ['empty', ''],
  ['newlines', 'line one\nline two\n\nline four\n'],
  ['CRLF', 'a\r\nb\r\n'],
  ['single quotes', "it's 'quoted' ''"],
  ['quote-escape attempt', "'; touch pwned-quote; echo '"],
  ['command substitution', '$(touch pwned-subst)'],
  ['backticks', '`touch pwned-backtick`'],
  ['variable expansion', '$HOME ${PATH} $0 $1 $$'],
  ['GitHub heredoc delimiter', 'before\nghadelimiter_x\nafter\nghadelimiter_x'],
  ['percent-encoded newline', 'a%0Ab%0D%25'],
  ['line separators', 'a\u2028b\u2029c\u0085d'],
  ['backslashes', 'C:\\path\\to\\n \\\' \\'],
  ['double quotes', '"$(touch pwned-dq)"'],
  ['leading/trailing spaces', '  padded  '],
  ['equals and hash', 'a=b # not a comment; x=y'],
  ['unicode', 'héllo ✓ 🚀 日本語'],
  ['control characters', 'bell\u0007 esc\u001b[31m tab\t vt\u000b del\u007f'],
  ['glob', '* ? [a-z] ~'],
  ['long', 'x'.repeat(100_000)],
];

describe('upperSnake', () => {
  it.each([
    ['replica_count', 'REPLICA_COUNT'],
    ['replicaCount', 'REPLICA_COUNT'],
    ['replica-count', 'REPLICA_COUNT'],
    ['ReplicaCount', 'REPLICA_COUNT'],
    ['REPLICA_COUNT', 'REPLICA_COUNT'],
    ['pipelineVariable1', 'PIPELINE_VARIABLE1'],
    ['URLPath', 'URL_PATH'],
    ['ec2Instance', 'EC2_INSTANCE'],
    ['myURLPath', 'MY_URL_PATH'],
    ['dry_run', 'DRY_RUN'],
    ['a.b c', 'A_B_C'],
    ['__leading__trailing__', 'LEADING_TRAILING'],
    ['x--y', 'X_Y'],
    ['env', 'ENV'],
    ['1st', '1ST'],
    ['---', ''],
  ])('%j -> %j', (id, expected) => {
    expect(upperSnake(id)).toBe(expected);
  });

  it('always yields a portable variable-name suffix', () => {
    for (const id of ['región', '🚀rocket', 'a\u2028b', 'a$(id)b', "o'neil", 'ключ', 'a\tb']) {
      expect(upperSnake(id)).toMatch(/^[A-Z0-9_]*$/);
      expect(upperSnake(id)).not.toMatch(/^_|_$/);
    }
  });
});

describe('compactJson / envText', () => {
  it('escapes U+2028 and U+2029 so the JSON stays on one line, and parses back exactly', () => {
    const value = { text: 'a\u2028b\u2029c', list: ['\u2028'], nl: 'x\ny' };
    const json = compactJson(value);
    expect(json).not.toMatch(/[\u2028\u2029\n\r]/);
    expect(json).toContain('\\u2028');
    expect(json).toContain('\\u2029');
    expect(JSON.parse(json)).toStrictEqual(value);
  });

  it('is compact JSON, and null for undefined', () => {
    expect(compactJson({ a: [1, { b: true }], c: null })).toBe('{"a":[1,{"b":true}],"c":null}');
    expect(compactJson(undefined)).toBe('null');
    expect(compactJson('s')).toBe('"s"');
  });

  it('gives strings as they are and everything else as compact JSON', () => {
    expect(envText('a\u2028b')).toBe('a\u2028b');
    expect(envText(3)).toBe('3');
    expect(envText(false)).toBe('false');
    expect(envText({ a: '\u2028' })).toBe('{"a":"\\u2028"}');
    expect(envText(['x'])).toBe('["x"]');
    expect(envText(null)).toBe('');
    expect(envText(undefined)).toBe('');
  });
});

describe('contextEnv', () => {
  it('gives the run variables and one PORT_INPUT_<ID> per input for the example run', () => {
    const context = parsePayload(example('classic'));
    const { entries, warnings } = contextEnv(context);
    expect(warnings).toStrictEqual([]);
    expect(entries.map(({ name, value }) => [name, value])).toStrictEqual([
      ['PORT_RUN_ID', RUN_ID],
      ['PORT_ACTION', 'deploy_service'],
      ['PORT_BLUEPRINT', 'service'],
      ['PORT_ENTITY_IDENTIFIER', 'checkout-api'],
      ['PORT_TRIGGERED_BY', 'dana@acme.example'],
      ['PORT_INPUT_ENVIRONMENT', 'production'],
      ['PORT_INPUT_REPLICA_COUNT', '4'],
      ['PORT_INPUT_DRY_RUN', 'false'],
      ['PORT_INPUT_LABELS', '{"owner":"payments","cost_center":"cc-42"}'],
      ['PORT_INPUT_NOTIFY', '["oncall@acme.example"]'],
      ['PORT_INPUT_CLUSTER', 'eu-prod-1'],
      ['PORT_INPUTS', compactJson(EXAMPLE_INPUTS)],
    ]);
    expect(JSON.parse(entries.find((entry) => entry.name === 'PORT_INPUTS')!.value)).toStrictEqual(EXAMPLE_INPUTS);
  });

  it('marks secret inputs, and PORT_INPUTS when it holds one', () => {
    const context = parsePayload({
      context: { runId: 'r_1' },
      payload: {
        action: { identifier: 'a', userInputs: { properties: { pw: { type: 'string', encryption: 'aes256-gcm' }, name: { type: 'string' } } } },
        properties: { pw: 'decrypted-pw', name: 'n' },
      },
    });
    const secret = Object.fromEntries(contextEnv(context).entries.map(({ name, secret }) => [name, secret]));
    expect(secret).toStrictEqual({
      PORT_RUN_ID: false,
      PORT_ACTION: false,
      PORT_BLUEPRINT: false,
      PORT_ENTITY_IDENTIFIER: false,
      PORT_TRIGGERED_BY: false,
      PORT_SECRET_ENV: false,
      PORT_INPUTS: true,
      PORT_INPUT_PW: true,
      PORT_INPUT_NAME: false,
    });
    // Which variables hold secrets, by name, for later steps to keep their values out of Port's run log.
    expect(contextEnv(context).entries.find((entry) => entry.name === 'PORT_SECRET_ENV')!.value).toBe('PORT_INPUT_PW,PORT_INPUTS');
    const plain = contextEnv(parsePayload({ context: { runId: 'r_1' }, payload: { properties: { name: 'n' } } }));
    expect(plain.entries.every((entry) => !entry.secret)).toBe(true);
  });

  it('gives empty values for an omitted payload', () => {
    const context = parsePayload({ port_payload: {}, variables: { a: 'b' } });
    expect(contextEnv(context).entries.map(({ name, value }) => [name, value])).toStrictEqual([
      ['PORT_RUN_ID', ''],
      ['PORT_ACTION', ''],
      ['PORT_BLUEPRINT', ''],
      ['PORT_ENTITY_IDENTIFIER', ''],
      ['PORT_TRIGGERED_BY', ''],
      ['PORT_INPUT_A', 'b'],
      ['PORT_INPUTS', '{"a":"b"}'],
    ]);
  });

  it('keeps the first of colliding inputs and warns about each later one', () => {
    const context = parsePayload({ context: { runId: 'r_1' }, payload: { properties: { replicaCount: 1, replica_count: 2, 'replica-count': 3 } } });
    const { entries, warnings } = contextEnv(context);
    expect(entries.filter((entry) => entry.name === 'PORT_INPUT_REPLICA_COUNT')).toStrictEqual([
      { name: 'PORT_INPUT_REPLICA_COUNT', value: '1', secret: false },
    ]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('"replicaCount"');
    expect(warnings[0]).toContain('"replica_count"');
    expect(warnings[0]).toContain('PORT_INPUT_REPLICA_COUNT');
    expect(warnings[0]).toContain('PORT_INPUTS');
    expect(warnings[1]).toContain('"replica-count"');
    // PORT_INPUTS still carries all three.
    expect(JSON.parse(entries.find((entry) => entry.name === 'PORT_INPUTS')!.value)).toStrictEqual({ replicaCount: 1, replica_count: 2, 'replica-count': 3 });
  });

  it('names an input with no letters or digits PORT_INPUT_X', () => {
    const context = parsePayload({ context: { runId: 'r_1' }, payload: { properties: { '---': 'v' } } });
    expect(contextEnv(context).entries.at(-2)).toStrictEqual({ name: 'PORT_INPUT_X', value: 'v', secret: false });
  });

  it('gives every entry a valid POSIX variable name', () => {
    const context = parsePayload({ context: { runId: 'r_1' }, payload: { properties: { 'región': 1, '🚀': 2, 'a.b': 3, '$(id)': 4, "o'neil": 5 } } });
    for (const { name } of contextEnv(context).entries) expect(name).toMatch(/^[A-Z_][A-Z0-9_]*$/);
  });
});

describe('triggeredBy', () => {
  const base = parsePayload({ context: { runId: 'r_1' }, payload: {} });
  const withTrigger = (trigger: Partial<RunContext['trigger']>): RunContext => ({ ...base, trigger: { ...base.trigger, ...trigger } });

  it('prefers the email, then the user id, else null', () => {
    expect(triggeredBy(withTrigger({ userEmail: 'a@b.c', userId: 'auth0|1' }))).toBe('a@b.c');
    expect(triggeredBy(withTrigger({ userId: 'auth0|1' }))).toBe('auth0|1');
    expect(triggeredBy(base)).toBeNull();
  });
});

describe('shellQuote / formatShellExports', () => {
  it('single-quotes values and escapes quotes', () => {
    expect(shellQuote('abc')).toBe("'abc'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
  });

  it('writes one export line per entry', () => {
    const text = formatShellExports([
      { name: 'A', value: 'x', secret: false },
      { name: 'B', value: "y'z", secret: true },
    ]);
    expect(text).toBe("export A='x'\nexport B='y'\\''z'\n");
  });

  it.each(HOSTILE_VALUES)('a value with %s comes back byte-for-byte from sh, and nothing runs', (_label, value) => {
    const exportsText = formatShellExports([
      { name: 'BEFORE', value: 'before', secret: false },
      { name: 'PORT_INPUT_VALUE', value, secret: false },
      { name: 'AFTER', value: 'after', secret: false },
    ]);
    const out = shellValue(exportsText, 'PORT_INPUT_VALUE');
    expect(out.equals(Buffer.from(value, 'utf8'))).toBe(true);
    expect(shellValue(exportsText, 'AFTER').toString('utf8')).toBe('after');
    for (const marker of ['pwned-quote', 'pwned-subst', 'pwned-backtick', 'pwned-dq']) expect(existsSync(join(work, marker))).toBe(false);
  });

  it('exports the values to child processes, for a whole hostile run', () => {
    const inputs = Object.fromEntries(HOSTILE_VALUES.map(([label, value], index) => [`in_${index}`, `${label}:${value}`]));
    const context = parsePayload({ context: { runId: 'r_1' }, payload: { properties: inputs } });
    const { entries } = contextEnv(context);
    const file = writeTemp(formatShellExports(entries));
    const script = `eval "$(cat "$1")"; exec "$2" -e 'process.stdout.write(JSON.stringify(process.env))'`;
    const env = JSON.parse(execFileSync('sh', ['-c', script, 'sh', file, process.execPath], { cwd: work, encoding: 'utf8', maxBuffer: 64 << 20 })) as Record<string, string>;
    for (const entry of entries) expect(env[entry.name], entry.name).toBe(entry.value);
    expect(JSON.parse(env.PORT_INPUTS!)).toStrictEqual(inputs);
    for (const marker of ['pwned-quote', 'pwned-subst', 'pwned-backtick', 'pwned-dq']) expect(existsSync(join(work, marker))).toBe(false);
  });
});

describe('formatDotenv', () => {
  function parseDotenv(text: string): Map<string, string> {
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    const values = new Map<string, string>();
    for (const line of lines) {
      expect(line).not.toMatch(/[\p{Cc}\u2028\u2029\u0085]/u);
      const at = line.indexOf('=');
      expect(at).toBeGreaterThan(0);
      values.set(line.slice(0, at), line.slice(at + 1));
    }
    expect(values.size).toBe(lines.length);
    return values;
  }

  it('writes one NAME=value line per entry for values that fit on a line, verbatim', () => {
    const entries: EnvEntry[] = [
      { name: 'A', value: 'production', secret: false },
      { name: 'B', value: 'a=b # c "d" \'e\' (f) `g`', secret: false },
      { name: 'C', value: 'héllo ✓ 🚀', secret: false },
      { name: 'D', value: '', secret: false },
      { name: 'E', value: '{"k":"\\u2028"}', secret: false },
    ];
    const { text } = formatDotenv(entries);
    expect(text).toBe('A=production\nB=a=b # c "d" \'e\' (f) `g`\nC=héllo ✓ 🚀\nD=\nE={"k":"\\u2028"}\n');
    expect(parseDotenv(text)).toStrictEqual(new Map(entries.map(({ name, value }) => [name, value])));
  });

  it.each([
    ['a newline', 'line one\nline two'],
    ['a trailing newline', 'value\n'],
    ['CRLF', 'a\r\nb'],
    ['a lone CR', 'a\rb'],
    ['U+2028', 'a\u2028b'],
    ['U+2029', 'a\u2029b'],
    ['U+0085', 'a\u0085b'],
    ['a tab', 'a\tb'],
    ['an escape sequence', '\u001b[31mred'],
    ['DEL', 'a\u007fb'],
    ['a leading space', ' padded'],
    ['a trailing space', 'padded '],
    ['surrounding blanks', '\t padded \t'],
    ['only spaces', '   '],
    ['the GitHub heredoc delimiter', 'x\nghadelimiter_x\ny'],
    ['a variable reference GitLab would expand', 'cost $HOME or ${CI_JOB_TOKEN}'],
  ])('writes a value with %s as NAME_B64 that decodes back exactly', (_label, value) => {
    const { text } = formatDotenv([
      { name: 'PORT_RUN_ID', value: 'r_1', secret: false },
      { name: 'PORT_INPUT_NOTES', value, secret: false },
    ]);
    const values = parseDotenv(text);
    expect([...values.keys()]).toStrictEqual(['PORT_RUN_ID', 'PORT_INPUT_NOTES_B64']);
    expect(values.get('PORT_INPUT_NOTES_B64')).toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
    expect(Buffer.from(values.get('PORT_INPUT_NOTES_B64')!, 'base64').toString('utf8')).toBe(value);
  });

  it('writes a whole hostile run as one line per entry, every value recoverable', () => {
    const inputs = Object.fromEntries(HOSTILE_VALUES.map(([, value], index) => [`in_${index}`, value]));
    const { entries } = contextEnv(parsePayload({ context: { runId: 'r_1' }, payload: { properties: inputs } }));
    const values = parseDotenv(formatDotenv(entries).text);
    expect(values.size).toBe(entries.length);
    for (const { name, value } of entries) {
      const recovered = values.has(name) ? values.get(name) : Buffer.from(values.get(`${name}_B64`)!, 'base64').toString('utf8');
      expect(recovered, name).toBe(value);
    }
  });
});

describe('formatDotenv within limits', () => {
  const entries: EnvEntry[] = ['A', 'B', 'C', 'D'].map((name) => ({ name, value: `value of ${name}`, secret: false }));

  it('keeps the first entries that fit the variable count and names the rest', () => {
    expect(formatDotenv(entries, { maxVariables: 2, maxBytes: Infinity })).toStrictEqual({ text: 'A=value of A\nB=value of B\n', omitted: ['C', 'D'] });
  });

  it('skips an entry too large for the byte budget but keeps smaller ones after it', () => {
    const big = [entries[0]!, { name: 'BIG', value: 'x'.repeat(100), secret: false }, entries[1]!];
    expect(formatDotenv(big, { maxVariables: 20, maxBytes: 40 })).toStrictEqual({ text: 'A=value of A\nB=value of B\n', omitted: ['BIG'] });
  });
});

describe('withinEnvLimits', () => {
  it('leaves out a value too large for one variable, and stops at the total, naming what it leaves out', () => {
    const entries: EnvEntry[] = [
      { name: 'A', value: 'a', secret: false },
      { name: 'HUGE', value: 'x'.repeat(200 * 1024), secret: false },
      { name: 'B', value: 'y'.repeat(60 * 1024), secret: false },
      { name: 'C', value: 'z'.repeat(60 * 1024), secret: false },
    ];
    expect(withinEnvLimits(entries, { maxValueBytes: 96 * 1024, maxTotalBytes: 100 * 1024 })).toStrictEqual({
      kept: [entries[0], entries[2]],
      omitted: ['HUGE', 'C'],
    });
  });
});

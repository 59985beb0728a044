import { afterEach, describe, expect, it, vi } from 'vitest';
import * as core from '../../src/github/runner.js';
import { COMMAND_FORMS, EVERY_COMMAND_FORM, LINE_BREAKS } from '../support/hostile-corpus.js';
import { parseActCommands, parseWorkflowCommands } from '../support/workflow-commands.js';

/** What the functions write to stdout, as the runner would read it. */
function captured(write: () => void): string {
  let text = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  try {
    write();
  } finally {
    spy.mockRestore();
  }
  return text;
}

afterEach(() => vi.restoreAllMocks());

/** Each form alone, after each line break, after other text, and all of them in one value. */
const PLACED = [
  ...COMMAND_FORMS,
  ...COMMAND_FORMS.flatMap((form) => LINE_BREAKS.map((lineBreak) => `deploying${lineBreak}${form}`)),
  ...COMMAND_FORMS.map((form) => `user data ${form}`),
  EVERY_COMMAND_FORM,
  COMMAND_FORMS.join(''),
];

const shownBreak: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\u2028': '\\u2028', '\u2029': '\\u2029', '\u0085': '\\u0085' };

describe('the runner-rules parser (test/support/workflow-commands.ts)', () => {
  it('reads the corpus forms, written raw, as the commands GitHub and act take them for', () => {
    // Not commands on their own: a resume token without a stop, a name the runner does not register, and a
    // byte order mark, which .NET does not trim (it is no white space there).
    const inert = new Set(['::pwned-token::', '##[command]a fake command echo', '\ufeff::set-output name=pwned::1']);
    for (const form of COMMAND_FORMS) expect(parseWorkflowCommands(`${form}\n`).length, JSON.stringify(form)).toBe(inert.has(form) ? 0 : 1);
    expect(parseWorkflowCommands('::set-output name=a,x=%3A::b%0Ac\n')).toMatchObject([{ name: 'set-output', properties: { name: 'a', x: ':' }, data: 'b\nc' }]);
    expect(parseWorkflowCommands('before ##[set-env name=A;]1 ##[add-mask]x\n')).toMatchObject([{ name: 'set-env', form: 'legacy', data: '1 ##[add-mask]x' }]);
    // After a stop, commands are ignored until the token comes back.
    const stopped = parseWorkflowCommands('::stop-commands::tok\n::add-mask::lost\n::tok::\n::add-mask::kept\n');
    expect(stopped.map((command) => `${command.name}:${command.data}`)).toEqual(['stop-commands:tok', 'tok:', 'add-mask:kept']);
    expect(parseActCommands('::set-output name=x::1\n  ::set-output name=x::1\n##[error]x\na ##[error]x\n').map((command) => command.name)).toEqual(['set-output', 'error']);
  });
});

describe('info', () => {
  it('writes every command form, wherever it stands in the text, as one line no runner reads as a command', () => {
    for (const text of PLACED) {
      const out = captured(() => core.info(text));
      expect(parseWorkflowCommands(out), JSON.stringify(text)).toEqual([]);
      expect(parseActCommands(out), JSON.stringify(text)).toEqual([]);
      expect(out.endsWith('\n') && !/[\r\n\u2028\u2029\u0085]/.test(out.slice(0, -1)), JSON.stringify(out)).toBe(true);
      // Shown as written: only invisible word joiners added, line breaks as text.
      expect(out.slice(0, -1).replace(/\u2060/g, '')).toBe(text.replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, (lineBreak) => [...lineBreak].map((ch) => shownBreak[ch]).join('')));
    }
  });

  it('leaves plain text alone', () => {
    expect(captured(() => core.info('Port run r_1: action deploy by dana@acme.example (50% done) :: # [x]'))).toBe('Port run r_1: action deploy by dana@acme.example (50% done) :: # [x]\n');
  });

  it('keeps a stop-commands value from silencing the add-mask that follows', () => {
    const out = captured(() => {
      core.info('  ::stop-commands::pwned');
      core.info('##[stop-commands]pwned');
      core.setSecret('s3cret');
    });
    expect(parseWorkflowCommands(out).map((command) => `${command.name}:${command.data}`)).toEqual(['add-mask:s3cret']);
  });
});

describe('message commands and add-mask', () => {
  it('keep every value as the data of their own command, line breaks shown, nothing else taken for a command', () => {
    for (const [name, write] of [
      ['notice', core.notice],
      ['warning', core.warning],
      ['error', core.error],
      ['debug', core.debug],
    ] as const) {
      for (const text of PLACED) {
        const out = captured(() => write(text));
        const shown = text.replace(/[\u2028\u2029\u0085]/g, (ch) => shownBreak[ch]!);
        expect(parseWorkflowCommands(out), JSON.stringify(text)).toEqual([expect.objectContaining({ name, data: shown, properties: {} })]);
        expect(out.split('\n')).toHaveLength(2);
      }
    }
  });

  it('masks a value exactly as given, whatever it holds', () => {
    for (const value of [...PLACED, 'p%0Ass\r\nw\u2028rd']) {
      const out = captured(() => core.setSecret(value));
      expect(parseWorkflowCommands(out), JSON.stringify(value)).toEqual([expect.objectContaining({ name: 'add-mask', data: value })]);
    }
  });
});

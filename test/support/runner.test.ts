import { describe, expect, it } from 'vitest';
import { inputVariable, parseFileCommands } from './runner.js';

describe('parseFileCommands', () => {
  it('reads name<<DELIMITER blocks, multi-line values and empty values', () => {
    const text = 'a<<EOF_1\none\ntwo\nEOF_1\nempty<<D2\nD2\n';
    expect(parseFileCommands(text)).toEqual({ a: 'one\ntwo', empty: '' });
    expect(parseFileCommands('')).toEqual({});
  });

  it.each([
    ['a name=value line', 'a=1\n'],
    ['a block never closed', 'a<<EOF\nvalue\n'],
    ['no final newline', 'a<<EOF\nvalue\nEOF'],
    ['an empty name', '<<EOF\nvalue\nEOF\n'],
    ['CRLF line ends', 'a<<EOF\r\nvalue\r\nEOF\r\n'],
    ['text after a block', 'a<<EOF\nvalue\nEOF\nstray\n'],
  ])('refuses %s', (_case, text) => {
    expect(() => parseFileCommands(text)).toThrow();
  });
});

describe('inputVariable', () => {
  it('upper-cases, turns spaces into underscores and keeps dashes, as the runner does', () => {
    expect(inputVariable('fail-on-report-error')).toBe('INPUT_FAIL-ON-REPORT-ERROR');
    expect(inputVariable('my input')).toBe('INPUT_MY_INPUT');
  });
});

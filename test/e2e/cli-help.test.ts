import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const COMMANDS = ['context', 'sandbox', 'log', 'report', 'dispatch', 'verify-signature', 'exec', 'agent', 'entity', 'run'];

interface Table {
  header: string;
  /** The column each entry's summary starts in, by entry. */
  columns: Map<string, number>;
  problems: string[];
}

/**
 * The two-column lists of a help text: the indented lines under a line ending in ":". An entry line is a name (a
 * flag, a command, an exit code) at column 2, at least two blanks, then its summary; a line indented further
 * continues the entry above and must not start left of that entry's summary.
 */
function tables(help: string): Table[] {
  const found: Table[] = [];
  let table: Table | undefined;
  let column = 0;
  for (const line of help.split('\n')) {
    if (!line.startsWith('  ')) {
      // Prose right under a flag list reads as one more flag's summary: a blank line ends the list.
      if (table?.header.endsWith('options:') || table?.header === 'Options:') {
        if (line !== '') table.problems.push(`no blank line after the list: ${line}`);
      }
      table = line.endsWith(':') ? { header: line, columns: new Map(), problems: [] } : undefined;
      if (table) found.push(table);
      continue;
    }
    if (!table) continue;
    const entry = /^ {2}(\S+(?: \S+)*?)( {2,})\S/.exec(line);
    if (line[2] !== ' ' && entry) {
      column = 2 + entry[1]!.length + entry[2]!.length;
      table.columns.set(entry[1]!, column);
    } else if (line[2] !== ' ') {
      table.problems.push(`no two blanks between name and summary: ${line.trim()}`);
    } else if (line.search(/\S/) < column) {
      table.problems.push(`continuation left of the summary column ${column}: ${line.trim()}`);
    }
  }
  return found.filter((t) => t.columns.size > 1 || t.problems.length > 0);
}

function expectAligned(help: string) {
  const lists = tables(help);
  expect(lists.length).toBeGreaterThan(0);
  for (const table of lists) {
    expect({ header: table.header, problems: table.problems }).toEqual({ header: table.header, problems: [] });
    const columns = new Set(table.columns.values());
    expect({ header: table.header, columns: [...columns] }).toEqual({ header: table.header, columns: [Math.max(...columns)] });
  }
}

describe('port-ci --help', () => {
  it('lists every command with its summary, all summaries in one column past the longest name', () => {
    const { code, stdout } = runCli(['--help']);
    expect(code).toBe(0);
    const commands = tables(stdout).find((table) => table.header === 'Commands:')!;
    expect([...commands.columns.keys()].sort()).toEqual([...COMMANDS].sort());
    expect(new Set(commands.columns.values())).toEqual(new Set([2 + 'verify-signature'.length + 2]));
    expectAligned(stdout);
  });

  it.each(COMMANDS)('%s --help: every flag summary starts in the same column, two blanks at least after the flag', (name) => {
    const { code, stdout } = runCli([name, '--help']);
    expect(code).toBe(0);
    expect(tables(stdout).find((table) => table.header === 'Options:')).toBeDefined();
    expectAligned(stdout);
  });
});

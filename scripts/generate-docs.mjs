#!/usr/bin/env node
// Writes each action's usage block (a `with:` snippet and an outputs table, generated from its action.yml) between
// <!-- usage:start:NAME --> and <!-- usage:end:NAME --> in the READMEs, so the docs cannot say other than what the
// action accepts. Only the text between the markers is ours: the rest of each README is written by hand.
// With --check nothing is written; it exits 1 naming every file whose blocks differ from what it would write.
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const WRAP = 100; // comment width in the snippet: past it GitHub scrolls code blocks sideways

// Every sub-action is found on disk, so a new one cannot go undocumented: its README must exist with markers.
const tasks = readdirSync(path.join(root, 'actions'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(root, 'actions', entry.name, 'action.yml')))
  .map((entry) => entry.name)
  .sort();
// OWNER stands for whoever publishes the repository; the docs cannot know it.
const actions = [
  { name: 'port-ci', file: 'action.yml', uses: 'OWNER/port-ci@v1' },
  ...tasks.map((task) => ({ name: task, file: `actions/${task}/action.yml`, uses: `OWNER/port-ci/actions/${task}@v1` })),
];
/** Which blocks each README holds: the root README all of them, each sub-action's README its own. */
const targets = new Map([['README.md', actions.map((action) => action.name)], ...tasks.map((task) => [`actions/${task}/README.md`, [task]])]);

const blocks = new Map(actions.map((action) => [action.name, renderBlock(action)]));
const problems = [];
for (const [file, names] of targets) {
  const full = path.join(root, file);
  if (!existsSync(full)) {
    problems.push(`${file}: missing (it must hold the usage block for ${names.join(', ')})`);
    continue;
  }
  const before = readFileSync(full, 'utf8');
  let after = before;
  for (const name of names) {
    const pattern = new RegExp(`(<!-- usage:start:${name} -->\\n)[\\s\\S]*?(<!-- usage:end:${name} -->)`);
    if (!pattern.test(after)) problems.push(`${file}: no <!-- usage:start:${name} --> ... <!-- usage:end:${name} --> markers`);
    // A function replacement, so a `$` in a description is not read as a group reference.
    // Blank lines around the block keep markdown from joining it to the markers.
    else after = after.replace(pattern, (_, start, end) => `${start}\n${blocks.get(name)}\n\n${end}`);
  }
  // A block for an action that no longer exists would document inputs nobody accepts.
  for (const [, name] of before.matchAll(/<!-- usage:start:([^\s>]+) -->/g)) {
    if (!names.includes(name)) problems.push(`${file}: usage block "${name}" matches no action (expected ${names.join(', ')})`);
  }
  if (after === before) continue;
  if (check) problems.push(`${file}: usage blocks differ from the action.yml files; run npm run docs`);
  else {
    writeFileSync(full, after);
    console.log(`wrote ${file}`);
  }
}
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}

/** The markdown between the markers: a copy-paste step listing every input, then the outputs. */
function renderBlock({ file, uses }) {
  const action = parse(readFileSync(path.join(root, file), 'utf8'));
  const lines = ['```yaml', `- uses: ${uses}`];
  const inputs = Object.entries(action.inputs ?? {});
  if (inputs.length > 0) lines.push('  with:');
  inputs.forEach(([name, input], index) => {
    if (index > 0) lines.push('');
    for (const line of wrap(input.description ?? '')) lines.push(`    # ${line}`.trimEnd());
    if (input.required === true || input.required === 'true') lines.push('    # Required.');
    // The value shown is the literal default, so copying the snippet as it is changes nothing.
    lines.push(`    ${name}: ${quote(input.default ?? '')}`);
  });
  lines.push('```', '');
  const outputs = Object.entries(action.outputs ?? {});
  if (outputs.length === 0) lines.push('This action sets no outputs.');
  else {
    lines.push('| output | description |', '|---|---|');
    for (const [name, output] of outputs) lines.push(`| \`${name}\` | ${cell(output.description ?? '')} |`);
  }
  return lines.join('\n');
}

/** Folds text into lines of at most WRAP characters (a longer word stays whole). */
function wrap(text) {
  const lines = [];
  let line = '';
  for (const word of String(text).split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > WRAP) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines.length > 0 ? lines : [''];
}

/** Single quotes keep 'true', '' and '3' strings, as action inputs always are. */
function quote(value) {
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** A table cell holds one line, and a `|` would end the cell. */
function cell(text) {
  return String(text).replace(/\s+/g, ' ').trim().replaceAll('|', '\\|');
}

#!/usr/bin/env node
/*
 * The one-file CLI a CI job vendors (dist/vendor/port-ci.cjs): the commands a job runs, imported statically so the
 * bundle has no chunks and no worker file beside it. Port's side of the hand-off (dispatch, with jq, Octokit and
 * ajv) and the sandbox stay in the npm package, which keeps this file small enough to commit into a project.
 */
import { run, type Command, type CommandTable } from '../cli/main.js';
import { SUMMARIES, type CommandName } from '../cli/summaries.js';
import { command as context } from '../cli/commands/context.js';
import { command as log } from '../cli/commands/log.js';
import { command as report } from '../cli/commands/report.js';
import { command as exec } from '../cli/commands/exec.js';
import { command as verifySignature } from '../cli/commands/verify-signature.js';
import { entityCommand } from '../cli/commands/entity.js';
import { command as runCommand } from '../cli/commands/run.js';

// entity and run are here because a GitLab job records what it made (the template's documented way is this file).
const inThisFile: Partial<Record<CommandName, Command>> = { context, log, report, exec, 'verify-signature': verifySignature, entity: entityCommand(), run: runCommand };
const elsewhere = 'not in the one-file build for CI jobs; it is in the npm package (npm install port-ci, then npx port-ci)';

const VENDORED: CommandTable = {
  commands: Object.fromEntries(
    Object.entries(inThisFile).map(([name, command]) => [name, { summary: SUMMARIES[name as CommandName], load: async () => command }]),
  ),
  absent: Object.fromEntries(Object.keys(SUMMARIES).filter((name) => !(name in inThisFile)).map((name) => [name, elsewhere])),
  note: 'This is the one-file build for CI jobs. dispatch, sandbox and agent are in the npm package: npm install port-ci.',
};

run(VENDORED);

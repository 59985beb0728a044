import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import * as core from './runner.js';
import { UsageError } from '../core/index.js';
import { runStep } from './boundary.js';

/**
 * actions/exec: run a command with bash, passing its output straight to the step log, and fail the step
 * with the command's exit code. Signals that stop the step are forwarded to the command.
 */
export function run(): Promise<void> {
  return runStep(async () => {
    const command = core.getInput('run');
    if (command.trim() === '') throw new UsageError('Invalid run: it is empty. Expected a command for bash.');
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command], { stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt).on('SIGTERM', onTerm);
    const code = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      // A command killed by a signal ends as a shell reports it: 128 + the signal's number.
      child.on('close', (exitCode, signal) => resolve(exitCode ?? 128 + (signal ? constants.signals[signal] : 0)));
    });
    process.off('SIGINT', onInt).off('SIGTERM', onTerm);
    core.setOutput('exit-code', String(code));
    if (code !== 0) core.setFailed(`The command exited with code ${code}`);
  });
}

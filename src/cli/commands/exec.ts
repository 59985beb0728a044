import { UsageError } from '../../core/index.js';
import { ApiError } from '../../port/errors.js';
import { runAndReport } from '../../port/run-and-report.js';
import { parseFlags } from '../args.js';
import type { Command } from '../main.js';
import { PORT_FLAGS, REDACT_HELP, findRunId, missingCredentials, noteRunEnded, portClient, redactNames, reportSafely } from '../port-config.js';

const usage = `Usage: port-ci exec [--run-id ID] [--report-status] [--redact NAME]... -- COMMAND [ARGS...]

Runs COMMAND, passes its output through unchanged, and streams every line of it to the Port run's log.
Exits with the command's exit code (128 + the signal number when a signal ended it); SIGINT and SIGTERM are
passed on to the command. A line that is an ::add-mask::VALUE command (or holds ##[add-mask]VALUE) is not
sent to Port, and VALUE is masked (***) in every later line, as the GitHub runner masks it in the job log.
A COMMAND that cannot start exits 127 when it is not found and 126 when it cannot be run (not executable, a
directory, another reason), as a shell does, with one line saying why; that line also goes to the run's log,
and with --report-status ends the run FAILURE. When standard output or error is closed early (COMMAND's
output piped to head), port-ci stops writing there and still streams every line to Port.

Options:
  --report-status          end the run when the command ends: SUCCESS on exit 0, else FAILURE
  --run-id ID              the run (default: $PORT_RUN_ID); without one the command still runs, unstreamed
  --base-url URL           Port's API, or a region: eu, us (default: $PORT_BASE_URL, else https://api.getport.io)
  --fail-on-report-error   exit 3 when Port cannot be told (default: warn and exit with the command's code)
${REDACT_HELP}

Credentials: $PORT_CLIENT_ID and $PORT_CLIENT_SECRET, or a $PORT_ACCESS_TOKEN from an earlier step.
`;

export const command: Command = {
  usage,
  async run(args, io) {
    const split = args.indexOf('--');
    if (split === -1 || split === args.length - 1) throw new UsageError('exec: expected -- COMMAND [ARGS...] (see port-ci exec --help)');
    const { values: flags } = parseFlags('exec', args.slice(0, split), { ...PORT_FLAGS, 'report-status': { type: 'boolean', default: false } });
    redactNames(flags); // a bad name is refused before the command runs, with or without a run
    const [commandName, ...commandArgs] = args.slice(split + 1);
    const found = findRunId(flags, io);
    const off = !found ? 'no run id (--run-id or PORT_RUN_ID)' : missingCredentials(io, flags);
    if (off) io.stderr(`port-ci: exec: ${off}, so the output is not streamed to Port\n`);
    const runId = off ? undefined : found;
    const { outcome, undelivered, ended } = await runAndReport({
      command: commandName!,
      args: commandArgs,
      label: commandName!,
      stdout: io.stdoutStream,
      stderr: io.stderrStream,
      env: io.env,
      target: runId ? { client: portClient(flags, io), runId } : undefined,
      reportStatus: flags['report-status'] === true,
      reportSafely: (call) => reportSafely(flags, io, call),
    });
    if (outcome.startFailure) io.stderr(`port-ci: exec: ${commandName}: ${outcome.startFailure.reason}\n`);
    if (ended && runId) noteRunEnded(io, runId, ended);
    if (undelivered) {
      if (flags['fail-on-report-error']) throw new ApiError(undelivered, null);
      io.stderr(`port-ci: warning: ${undelivered}\n`);
    }
    return outcome.code;
  },
};

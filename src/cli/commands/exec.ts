import { UsageError } from '../../core/index.js';
import { LogStream } from '../../port/log-stream.js';
import { runStreamed } from '../../port/run-streamed.js';
import { parseFlags } from '../args.js';
import type { Command } from '../main.js';
import { PORT_FLAGS, checkDelivery, findRunId, missingCredentials, noteRunEnded, portClient, reportSafely } from '../port-config.js';

const usage = `Usage: port-ci exec [--run-id ID] [--report-status] -- COMMAND [ARGS...]

Runs COMMAND, passes its output through unchanged, and streams every line of it to the Port run's log.
Exits with the command's exit code (128 + the signal number when a signal ended it); SIGINT and SIGTERM are
passed on to the command.

Options:
  --report-status          end the run when the command ends: SUCCESS on exit 0, else FAILURE
  --run-id ID              the run (default: $PORT_RUN_ID); without one the command still runs, unstreamed
  --base-url URL           Port's API, or a region: eu, us (default: $PORT_BASE_URL, else https://api.getport.io)
  --fail-on-report-error   exit 3 when Port cannot be told (default: warn and exit with the command's code)

Credentials: $PORT_CLIENT_ID and $PORT_CLIENT_SECRET, or a $PORT_ACCESS_TOKEN from an earlier step.
`;

export const command: Command = {
  usage,
  async run(args, io) {
    const split = args.indexOf('--');
    if (split === -1 || split === args.length - 1) throw new UsageError('exec: expected -- COMMAND [ARGS...] (see port-ci exec --help)');
    const { values: flags } = parseFlags('exec', args.slice(0, split), { ...PORT_FLAGS, 'report-status': { type: 'boolean', default: false } });
    const [commandName, ...commandArgs] = args.slice(split + 1);
    const found = findRunId(flags, io);
    const off = !found ? 'no run id (--run-id or PORT_RUN_ID)' : missingCredentials(io);
    if (off) io.stderr(`port-ci: exec: ${off}, so the output is not streamed to Port\n`);
    const runId = off ? undefined : found;
    const client = runId ? portClient(flags, io) : undefined;
    const stream = client && runId ? new LogStream(client, runId) : undefined;
    // Authenticate while the command starts rather than when its first lines are ready; a failure here is
    // met again, and reported, by the stream's first send.
    client?.accessToken().catch(() => undefined);

    const outcome = await runStreamed({ command: commandName!, args: commandArgs, stdout: io.stdoutStream, stderr: io.stderrStream, stream, env: io.env }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') throw new UsageError(`exec: command not found: ${commandName}`);
        throw error;
      },
    );
    if (stream) checkDelivery(await stream.close(), flags, io);
    if (client && runId && flags['report-status']) {
      const succeeded = outcome.code === 0;
      const how = outcome.signal ? `was stopped by ${outcome.signal}` : `exited with code ${outcome.code}`;
      const status = succeeded ? 'SUCCESS' : 'FAILURE';
      const told = await reportSafely(flags, io, () => client.addLog(runId, { message: `${commandName} ${how}`, terminationStatus: status }));
      if (told) noteRunEnded(io, status);
    }
    return outcome.code;
  },
};

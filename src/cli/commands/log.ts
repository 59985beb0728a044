import { createInterface } from 'node:readline';
import { UsageError } from '../../core/index.js';
import { LogStream } from '../../port/log-stream.js';
import { parseFlags } from '../args.js';
import type { Command } from '../main.js';
import { PORT_FLAGS, PORT_FLAGS_HELP, checkDelivery, portClient, redactNames, reportSafely, reportingRun } from '../port-config.js';

const usage = `Usage: port-ci log MESSAGE [--status-label LABEL] [--run-id ID]
       COMMAND | port-ci log - [--run-id ID]

Adds MESSAGE to the Port run's log. With "-", every line of standard input goes to the log, in order,
batched into few requests, and on to standard output; an ::add-mask::VALUE line (or one holding
##[add-mask]VALUE) goes only to standard output, and VALUE is masked (***) in every later line sent to Port.
Without a run id or credentials, reporting is off: it says so and exits 0.

Options:
  --status-label LABEL     also set the label shown beside the run's status
${PORT_FLAGS_HELP}`;

export const command: Command = {
  usage,
  async run(args, io) {
    const { values: flags, positionals } = parseFlags('log', args, { ...PORT_FLAGS, 'status-label': { type: 'string' } }, true);
    if (positionals.length !== 1) throw new UsageError('log: expected one MESSAGE, or "-" to read lines from standard input (see port-ci log --help)');
    const message = positionals[0]!;
    if (message.trim() === '') throw new UsageError('log: MESSAGE is empty; expected the text to add to the run log');
    redactNames(flags); // a bad name is refused whether or not reporting is on
    const runId = reportingRun(flags, io, 'log');
    const client = runId ? portClient(flags, io) : undefined;
    const statusLabel = flags['status-label'];
    if (message !== '-') {
      if (client && runId) await reportSafely(flags, io, () => client.addLog(runId, { message, ...(statusLabel ? { statusLabel } : {}) }), 'the message was not added to the run log');
      return 0;
    }
    // Standard input is always read to its end and shown, so `build | port-ci log -` keeps the build's output
    // in the job log and never breaks the pipe, whether or not Port is told.
    const stream = client && runId ? new LogStream(client, runId) : undefined;
    for await (const line of createInterface({ input: io.stdinStream(), crlfDelay: Infinity })) {
      io.stdout(`${line}\n`);
      if (stream && !stream.write(line)) await stream.drained();
    }
    if (stream) checkDelivery(await stream.close(), flags, io);
    if (client && runId && statusLabel) await reportSafely(flags, io, () => client.updateRun(runId, { statusLabel }));
    return 0;
  },
};

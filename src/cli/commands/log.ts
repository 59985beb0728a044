import { createInterface } from 'node:readline';
import { UsageError } from '../../core/index.js';
import { LogStream } from '../../port/log-stream.js';
import { parseFlags } from '../args.js';
import type { Command } from '../main.js';
import { PORT_FLAGS, PORT_FLAGS_HELP, checkDelivery, portClient, reportSafely, reportingOn, requireRunId } from '../port-config.js';

const usage = `Usage: port-ci log MESSAGE [--status-label LABEL] [--run-id ID]
       COMMAND | port-ci log - [--run-id ID]

Adds MESSAGE to the Port run's log. With "-", every line of standard input goes to the log, in order,
batched into few requests.

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
    const runId = requireRunId(flags, io, 'log');
    if (!reportingOn(flags, io, 'log')) return 0;
    const client = portClient(flags, io);
    const statusLabel = flags['status-label'];
    if (message !== '-') {
      await reportSafely(flags, io, () => client.addLog(runId, { message, ...(statusLabel ? { statusLabel } : {}) }));
      return 0;
    }
    const stream = new LogStream(client, runId);
    for await (const line of createInterface({ input: io.stdinStream(), crlfDelay: Infinity })) {
      if (!stream.write(line)) await stream.drained();
    }
    checkDelivery(await stream.close(), flags, io);
    if (statusLabel) await reportSafely(flags, io, () => client.updateRun(runId, { statusLabel }));
    return 0;
  },
};

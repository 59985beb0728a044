import { UsageError, verifyWebhook } from '../../core/index.js';
import { parseFlags } from '../args.js';
import { readArgFile } from '../io.js';
import type { Command } from '../main.js';

const usage = `Usage: port-ci verify-signature --timestamp T --signature S [--body-file FILE|-] [--tolerance SECONDS]

Checks a webhook Port sent, for receivers: the X-Port-Signature must match the raw body and X-Port-Timestamp for
the client secret in $PORT_CLIENT_SECRET, and the timestamp must be within --tolerance of now (default 300 s).
Exit 0 when it verifies; 2, with the reason, when it does not.

Options:
  --timestamp T        the X-Port-Timestamp header
  --signature S        the X-Port-Signature header ("v1,...")
  --body-file FILE     the raw body exactly as received (default: standard input)
  --tolerance SECONDS  how far the timestamp may be from now (default 300)

In code: import { verifyWebhook } from 'port-ci' (the package exports it, with its types).
`;

export const command: Command = {
  usage,
  async run(args, io) {
    const { values: flags } = parseFlags('verify-signature', args, {
      timestamp: { type: 'string' },
      signature: { type: 'string' },
      'body-file': { type: 'string', default: '-' },
      tolerance: { type: 'string', default: '300' },
    });
    const secret = io.env.PORT_CLIENT_SECRET;
    if (!secret) throw new UsageError('verify-signature: set PORT_CLIENT_SECRET to the client secret Port signs with');
    if (!/^\d+$/.test(flags.tolerance ?? '')) throw new UsageError(`--tolerance: "${flags.tolerance}" is not accepted; expected whole seconds`);
    const body = readArgFile(io, '--body-file', flags['body-file'] ?? '-');
    verifyWebhook(body, { timestamp: flags.timestamp, signature: flags.signature }, secret, {
      nowSeconds: Math.floor(Date.now() / 1000),
      toleranceSeconds: Number(flags.tolerance),
    });
    io.stdout('signature verified\n');
    return 0;
  },
};

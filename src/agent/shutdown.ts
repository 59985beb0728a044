import type { AgentConsumer } from './consumer.js';
import type { AgentLogger } from './log.js';

/**
 * Stops the agent gracefully on the first SIGTERM or SIGINT (stop fetching, let in-flight records settle for up to
 * `drainTimeoutMs`, commit, leave the group) and exits at once on the second, as an operator pressing Ctrl-C twice
 * means. Returns a function that removes the handlers.
 */
export function stopOnSignals(agent: AgentConsumer, options: { drainTimeoutMs: number; logger: AgentLogger; exit?: (code: number) => void }): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      options.logger.log('warn', `second ${signal}: exiting now; records in the handler are left uncommitted`);
      // 128 + the signal's number, as a shell reports a process a signal ended.
      exit(signal === 'SIGINT' ? 130 : 143);
      return;
    }
    signalled = true;
    options.logger.log('info', `${signal}: stopping (a second signal exits at once)`, { drainTimeoutMs: options.drainTimeoutMs });
    void agent.stop({ drainTimeoutMs: options.drainTimeoutMs });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}

import type { CommandTable } from './main.js';
import { SUMMARIES } from './summaries.js';

/** The full CLI (the npm package's port-ci): a lazy registry, so a command pays only for its own modules. */
export const FULL_CLI: CommandTable = {
  commands: {
    context: { summary: SUMMARIES.context, load: async () => (await import('./commands/context.js')).command },
    sandbox: { summary: SUMMARIES.sandbox, load: async () => (await import('./commands/sandbox.js')).command },
    log: { summary: SUMMARIES.log, load: async () => (await import('./commands/log.js')).command },
    report: { summary: SUMMARIES.report, load: async () => (await import('./commands/report.js')).command },
    dispatch: { summary: SUMMARIES.dispatch, load: async () => (await import('./commands/dispatch.js')).command },
    'verify-signature': { summary: SUMMARIES['verify-signature'], load: async () => (await import('./commands/verify-signature.js')).command },
    exec: { summary: SUMMARIES.exec, load: async () => (await import('./commands/exec.js')).command },
    entity: {
      summary: SUMMARIES.entity,
      load: async () => (await import('./commands/entity.js')).entityCommand(async () => (await import('yaml')).parse),
    },
    run: { summary: SUMMARIES.run, load: async () => (await import('./commands/run.js')).command },
    agent: {
      summary: SUMMARIES.agent,
      load: async () => {
        // The consumer half (the command) and the run handler half meet here; only this command loads Kafka.
        const [{ agentCommand }, { makeRunHandler }] = await Promise.all([import('./commands/agent.js'), import('../agent/run-handler-factory.js')]);
        return agentCommand(makeRunHandler);
      },
    },
  },
};

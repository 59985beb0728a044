import type { AgentSettings } from './settings.js';
import type { RunHandler } from './types.js';

/**
 * How `port-ci agent` gets its RunHandler: the command parses and checks its settings, asks the factory for a
 * handler (the signature check, the mapping file, the request, Port), and hands it to the consumer. The command
 * takes the factory as a parameter (agentCommand in src/cli/commands/agent.ts), so the consumer half and the
 * handler half meet in the registry, and tests can drive the command with a handler of their own.
 */
export type RunHandlerFactory = (settings: AgentSettings) => Promise<RunHandler>;
